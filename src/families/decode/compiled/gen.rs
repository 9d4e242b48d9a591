//! The generator of `route.rs`, run as a test (it needs the tables as the crate
//! compiles them): `NLSCOPE_REGEN=1 cargo test --lib compiled` rewrites the file,
//! and without the variable the test fails if the file is not what the tables give.
//!
//! The file's second line records a hash of the generated text before `rustfmt`, so
//! the check needs no `rustfmt`; regenerating does.
//!
//! The crate must compile for the generator to run: after a change to the signatures
//! the generator emits, first replace `route.rs` by a stub with the new `set`,
//! `strukt` and `form` signatures that return `false` and `FINGERPRINT = 0`, then
//! regenerate.
//!
//! The generated functions take slices and offsets, not `Attrs` or `StructView`
//! values: those are passed through memory, and reading one right after the caller
//! wrote it field by field stalls on store forwarding (perf: ~10 % of the walk).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::Shapes;
use crate::families::schema::{
    AttrSet, ByteOrder, Field, FieldKind, Kind, Scalar, StructDef, MAX_EMBED_DEPTH,
};
use std::fmt::Write as _;

/// Whether a struct's members can all be read after one length check: fixed-size
/// members only (no flexible array member), all inside `size`.
/// Embedded structs count with their members, to the depth walks follow.
fn compilable(s: &StructDef) -> bool {
    compilable_at(s, 0)
}

fn compilable_at(s: &StructDef, depth: usize) -> bool {
    s.fields.iter().all(|f| match f.kind {
        FieldKind::Rest(_) => false,
        FieldKind::Struct(d) => depth < MAX_EMBED_DEPTH && compilable_at(d, depth + 1),
        _ => true,
    }) && s.fields.iter().all(|f| f.offset + f.kind.size() <= s.size)
}

const PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/families/decode/compiled/route.rs"
);

/// The text of `route.rs` before formatting.
fn generate(s: &Shapes) -> String {
    let mut o = String::new();
    let w = &mut o;
    writeln!(w, "//! Compiled walkers of the rtnetlink tables: {} attribute spaces and {} structs (see the parent module).", s.sets.len(), s.structs.len()).unwrap();
    writeln!(w).unwrap();
    writeln!(w, "use super::*;").unwrap();
    writeln!(w).unwrap();
    writeln!(
        w,
        "/// The shape of the tables this file was generated from."
    )
    .unwrap();
    writeln!(
        w,
        "pub(super) const FINGERPRINT: u64 = {:#018x};",
        s.fingerprint
    )
    .unwrap();
    writeln!(w).unwrap();
    let dispatch = |w: &mut String,
                    what: &str,
                    name: &str,
                    params: &str,
                    args: &str,
                    prefix: &str,
                    n: usize| {
        writeln!(
            w,
            "/// Visit {what} of number `id`; `false` if there is none."
        )
        .unwrap();
        writeln!(w, "pub(super) fn {name}<'a, V: Visit<'a>>(id: u16, {params}, e: Endian, v: &mut V) -> bool {{").unwrap();
        writeln!(w, "match e {{ Endian::Little => {name}_in::<V, false>(id, {args}, v), Endian::Big => {name}_in::<V, true>(id, {args}, v) }}\n}}\n").unwrap();
        writeln!(w, "/// [`{name}`] in one byte order.").unwrap();
        writeln!(w, "fn {name}_in<'a, V: Visit<'a>, const BIG: bool>(id: u16, {params}, v: &mut V) -> bool {{").unwrap();
        writeln!(w, "match id {{").unwrap();
        for i in 0..n {
            writeln!(w, "{i} => {prefix}{i}::<V, BIG>({args}, v),").unwrap();
        }
        writeln!(w, "_ => return false,\n}}\ntrue\n}}\n").unwrap();
    };
    dispatch(
        w,
        "a list of the attribute space",
        "set",
        "set: &'static AttrSet, bytes: &'a [u8], base: usize, depth: u8",
        "set, bytes, base, depth",
        "s",
        s.sets.len(),
    );
    dispatch(
        w,
        "a struct",
        "strukt",
        "def: &'static StructDef, bytes: &'a [u8], offset: usize",
        "def, bytes, offset",
        "t",
        s.structs.len(),
    );
    dispatch(
        w,
        "a message of the form",
        "form",
        "def: &'static MsgDef, body: &'a [u8]",
        "def, body",
        "f",
        s.forms.len(),
    );
    for (i, (st, set)) in s.forms.iter().enumerate() {
        form_fn(w, s, i, *st, *set);
    }
    for (i, set) in s.sets.iter().enumerate() {
        set_fn(w, s, i, set);
    }
    for (i, st) in s.structs.iter().enumerate() {
        struct_fn(w, i, st);
    }
    o
}

/// A message form: the header (as `message::split_header` cuts it), then the
/// attributes at the next 4-byte boundary, offsets from the start of the message.
fn form_fn(w: &mut String, s: &Shapes, i: usize, st: Option<&StructDef>, set: Option<&AttrSet>) {
    writeln!(
        w,
        "/// `{}` + `{}`.",
        st.map_or("no header", |x| x.name),
        set.map_or("no attributes", |x| x.name)
    )
    .unwrap();
    writeln!(w, "fn f{i}<'a, V: Visit<'a>, const BIG: bool>(def: &'static MsgDef, body: &'a [u8], v: &mut V) {{").unwrap();
    writeln!(
        w,
        "let e = if BIG {{ Endian::Big }} else {{ Endian::Little }};"
    )
    .unwrap();
    match st {
        Some(st) => {
            if st.ends_with_rest() {
                writeln!(w, "let n = body.len();").unwrap();
            } else {
                writeln!(w, "let n = body.len().min({});", st.size).unwrap();
            }
            writeln!(w, "let (hb, rest) = body.split_at(n);").unwrap();
            writeln!(
                w,
                "if let Some(h) = def.header {{ t{}::<V, BIG>(h, hb, NLMSG_HDRLEN, v); }}",
                s.struct_id(st).unwrap()
            )
            .unwrap();
            writeln!(w, "let pad = (align4(n) - n).min(rest.len());").unwrap();
            writeln!(
                w,
                "let (attrs, at) = (rest.get(pad..).unwrap_or(&[]), NLMSG_HDRLEN + n + pad);"
            )
            .unwrap();
        }
        None => writeln!(w, "let (attrs, at) = (body, NLMSG_HDRLEN);").unwrap(),
    }
    match set {
        Some(set) => writeln!(
            w,
            "match def.attrs {{ Some(set) => s{}::<V, BIG>(set, attrs, at, 0, v), None => untyped(attrs, at, e, v) }}",
            s.set_id(set).unwrap()
        )
        .unwrap(),
        None => writeln!(w, "untyped(attrs, at, e, v);").unwrap(),
    }
    writeln!(w, "}}\n").unwrap();
}

fn set_fn(w: &mut String, s: &Shapes, i: usize, set: &AttrSet) {
    let rows: Vec<String> = (0..set.attrs.len()).map(|j| format!("r{j}")).collect();
    writeln!(w, "/// `{}`.", set.name).unwrap();
    writeln!(w, "fn s{i}<'a, V: Visit<'a>, const BIG: bool>(set: &'static AttrSet, bytes: &'a [u8], base: usize, depth: u8, v: &mut V) {{").unwrap();
    writeln!(
        w,
        "let e = if BIG {{ Endian::Big }} else {{ Endian::Little }}; let list = Attrs::new(bytes, base, e);"
    )
    .unwrap();
    writeln!(
        w,
        "let [{}] = set.attrs else {{ return list_tables(set, &list, depth, v); }};",
        rows.join(", ")
    )
    .unwrap();
    // The siblings (for the table walk's rows, which may look at them), unless every
    // row is a string or bytes.
    if set
        .attrs
        .iter()
        .any(|r| !matches!(r.kind, Kind::String | Kind::Binary(_)))
    {
        writeln!(w, "let sib = &list;").unwrap();
    }
    writeln!(w, "for next in list.clone().restate_endian(e) {{").unwrap();
    writeln!(
        w,
        "let attr = match next {{ Ok(a) => a, Err(err) => {{ v.framing(&err); break; }} }};"
    )
    .unwrap();
    if set.attrs.is_empty() {
        writeln!(w, "unknown(set, &attr, v);\n}}\n}}\n").unwrap();
        return;
    }
    writeln!(w, "match attr.ty {{").unwrap();
    for (j, r) in set.attrs.iter().enumerate() {
        let r_ = format!("r{j}");
        let tables = format!("tables(set, {r_}, &attr, sib, depth, v)");
        let arm = match &r.kind {
            Kind::Scalar(sc, bo, _) => {
                let big = *bo == ByteOrder::Big;
                match sc {
                    Scalar::Uint | Scalar::Sint => format!(
                        "var(set, {r_}, &attr, {}, {big}, e, sib, depth, v)",
                        *sc == Scalar::Sint
                    ),
                    _ => format!(
                        "{}_(set, {r_}, &attr, {big}, e, sib, depth, v)",
                        format!("{sc:?}").to_lowercase()
                    ),
                }
            }
            Kind::String => format!("string(set, {r_}, &attr, v)"),
            Kind::Binary(_) => format!("binary(set, {r_}, &attr, v)"),
            Kind::Struct(st) => format!(
                "match &{r_}.kind {{ Kind::Struct(d) => {{ v.begin(&attr, row(set, {r_})); t{}::<V, BIG>(d, attr.value, attr.value_offset(), v); v.end(); }} _ => {tables}, }}",
                s.struct_id(st).unwrap()
            ),
            Kind::Nest(n) => format!(
                "match &{r_}.kind {{ Kind::Nest(n) if depth < MAX_DEPTH => {{ v.begin(&attr, row(set, {r_})); s{}::<V, BIG>(n, attr.value, attr.value_offset(), depth + 1, v); v.end(); }} _ => {tables}, }}",
                s.set_id(n).unwrap()
            ),
            Kind::Packed(..) => format!("packed_row(set, {r_}, &attr, e, sib, depth, v)"),
            _ => tables,
        };
        writeln!(w, "{} => {arm},", r.code).unwrap();
    }
    writeln!(w, "_ => unknown(set, &attr, v),").unwrap();
    writeln!(w, "}}\n}}\n}}\n").unwrap();
}

fn struct_fn(w: &mut String, i: usize, st: &StructDef) {
    writeln!(w, "/// `struct {}`.", st.name).unwrap();
    writeln!(w, "fn t{i}<'a, V: Visit<'a>, const BIG: bool>(def: &'static StructDef, bytes: &'a [u8], offset: usize, v: &mut V) {{").unwrap();
    writeln!(
        w,
        "let e = if BIG {{ Endian::Big }} else {{ Endian::Little }};"
    )
    .unwrap();
    writeln!(
        w,
        "let s = StructView::new(def, bytes, offset, e); if v.whole_struct(&s) {{ return; }}"
    )
    .unwrap();
    if !compilable(st) {
        writeln!(w, "struct_tables(def, bytes, offset, e, v);\n}}\n").unwrap();
        return;
    }
    let size = st.size;
    let fields: Vec<String> = (0..st.fields.len()).map(|j| format!("f{j}")).collect();
    writeln!(
        w,
        "let (Some(b), [{}]) = (bytes.first_chunk::<{size}>(), def.fields) else {{ return struct_tables(def, bytes, offset, e, v); }};",
        fields.join(", ")
    )
    .unwrap();
    let mut body = String::new();
    members(w, &mut body, "f", st.fields, 0, size);
    writeln!(w, "v.begin_struct(&s);").unwrap();
    w.push_str(&body);
    writeln!(w, "}}\n").unwrap();
}

/// The members `fields` (bound to `{prefix}0`, `{prefix}1`, … by the caller) at
/// `base` in the `size`-byte chunk `b`: their `v.member` calls into `body`; an
/// embedded struct's rows are bound in `w` (before `begin_struct`, so that a table
/// of another shape falls back whole) and its members walked between
/// `begin_embedded` and `end_embedded`.
fn members(
    w: &mut String,
    body: &mut String,
    prefix: &str,
    fields: &[Field],
    base: usize,
    size: usize,
) {
    for (j, f) in fields.iter().enumerate() {
        let name = format!("{prefix}{j}");
        let o = base + f.offset;
        let value = match f.kind {
            FieldKind::Scalar(sc, bo, _) => {
                let e = if bo == ByteOrder::Big {
                    "Endian::Big"
                } else {
                    "e"
                };
                match sc {
                    Scalar::U8 => format!("mu(u64::from(b[{o}]))"),
                    Scalar::S8 => format!("ms(i64::from(b[{o}] as i8))"),
                    Scalar::U16 => format!("mu(u64::from({e}.u16_from(at::<2, {size}>(b, {o}))))"),
                    Scalar::S16 => {
                        format!("ms(i64::from({e}.u16_from(at::<2, {size}>(b, {o})) as i16))")
                    }
                    Scalar::U32 | Scalar::Uint => {
                        format!("mu(u64::from({e}.u32_from(at::<4, {size}>(b, {o}))))")
                    }
                    Scalar::S32 | Scalar::Sint => {
                        format!("ms(i64::from({e}.u32_from(at::<4, {size}>(b, {o})) as i32))")
                    }
                    Scalar::U64 => format!("mu({e}.u64_from(at::<8, {size}>(b, {o})))"),
                    Scalar::S64 => format!("ms({e}.u64_from(at::<8, {size}>(b, {o})) as i64)"),
                }
            }
            FieldKind::Bytes(n, _) | FieldKind::Pad(n) => {
                format!("FieldValue::Bytes(&b[{o}..{}])", o + n)
            }
            FieldKind::Struct(d) => {
                let inner: Vec<String> =
                    (0..d.fields.len()).map(|k| format!("{name}_{k}")).collect();
                writeln!(
                    w,
                    "let FieldKind::Struct(d_{name}) = {name}.kind else {{ return struct_tables(def, bytes, offset, e, v); }};"
                )
                .unwrap();
                writeln!(
                    w,
                    "let [{}] = d_{name}.fields else {{ return struct_tables(def, bytes, offset, e, v); }};",
                    inner.join(", ")
                )
                .unwrap();
                writeln!(body, "v.begin_embedded({name});").unwrap();
                members(w, body, &format!("{name}_"), d.fields, o, size);
                writeln!(body, "v.end_embedded();").unwrap();
                continue;
            }
            FieldKind::Rest(_) => unreachable!("not compilable"),
        };
        writeln!(body, "v.member({name}, {value});").unwrap();
    }
}

/// FNV-1a, for the hash line.
fn hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn header(text: &str) -> String {
    format!(
        "// @generated by `NLSCOPE_REGEN=1 cargo test --lib compiled` from nlscope's rtnetlink tables. Do not edit.\n\
         // generator output hash {:#018x}\n",
        hash(text)
    )
}

#[test]
fn route_rs_is_what_the_tables_give() {
    let shapes = Shapes::walk();
    let text = generate(&shapes);
    let head = header(&text);
    if std::env::var_os("NLSCOPE_REGEN").is_some() {
        let mut child = std::process::Command::new("rustfmt")
            .args(["--edition", "2021", "--emit", "stdout"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("rustfmt (rustup component add rustfmt)");
        use std::io::Write as _;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{head}\n{text}").as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "rustfmt failed on the generated code");
        std::fs::write(PATH, out.stdout).unwrap();
        eprintln!("wrote {PATH}");
        return;
    }
    let now = std::fs::read_to_string(PATH).unwrap();
    assert!(
        now.starts_with(&head),
        "{PATH} is not what the tables give (they changed since it was generated): \
         run `NLSCOPE_REGEN=1 cargo test --lib compiled` or `cargo xtask codegen`"
    );
}

#[test]
fn the_fingerprint_is_the_tables_shape() {
    if std::env::var_os("NLSCOPE_REGEN").is_some() {
        eprintln!("NLSCOPE_REGEN is set: route.rs is being rewritten, its fingerprint is checked by the next run");
        return;
    }
    // What `index()` checks on first use; equal whenever the file is current.
    assert_eq!(Shapes::walk().fingerprint, super::route::FINGERPRINT);
    assert!(super::index().is_some());
}
