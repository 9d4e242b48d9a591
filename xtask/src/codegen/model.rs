//! Resolving a spec into rows: attribute values and C names, kinds as Rust
//! expressions, message values. The rules are those of the kernel's ynl library
//! (`tools/net/ynl/lib/nlspec.py`, `ynl_gen_c.py`):
//!
//! - attributes are numbered from 1 in order, an explicit `value` restarts the count;
//!   `unused` rows count but are not emitted;
//! - an attribute's C name is the set's `name-prefix` (default `<family>-a-` for the
//!   set named like the family, else `<family>-a-<set>-`) or the row's own
//!   `name-prefix`, plus its name, upper-cased with `-` → `_`; a `subset-of` set uses
//!   its full set's prefix and values, with the subset row's keys on top;
//! - enum entries are numbered from `value-start` (default 0); a `flags` entry's value
//!   is a bit number and its mask `1 << value` (also for an `enum` used with
//!   `enum-as-flags`);
//! - operations (`unified`) are numbered from 1, an explicit `value` restarts the
//!   count; `directional` numbering keeps separate request and reply counters;
//!   a message's C name is the `name-prefix` (default `<family>-cmd-`) plus its name.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{anyhow, bail, Context, Result};

use super::overrides;
use super::spec::{AttrSpec, Definition, IntOrName, OpSpec, OpValues, Spec};

/// A spec resolved into rows.
#[derive(Debug)]
pub struct Family {
    /// The spec's name (`rt-link`).
    pub name: String,
    /// The Rust module name (`rt_link`).
    pub module: String,
    pub raw: bool,
    pub protonum: Option<u16>,
    pub doc: Option<String>,
    pub enums: Vec<EnumIr>,
    pub structs: Vec<StructIr>,
    pub sets: Vec<SetIr>,
    pub submsgs: Vec<SubMsgIr>,
    /// Message types (raw) or commands (genetlink), sorted by value.
    pub msgs: Vec<MsgIr>,
    /// Kernel-to-user commands numbered apart (see `overrides::SEPARATE_KERNEL_ENUM`).
    pub kernel_msgs: Option<Vec<MsgIr>>,
    /// Genetlink: the family-wide fixed header's static.
    pub genl_header: Option<String>,
    /// Genetlink: the default attribute set's static.
    pub default_attrs: Option<String>,
    pub mcast_groups: Vec<String>,
}

#[derive(Debug)]
pub struct EnumIr {
    pub name: String,
    pub ident: String,
    pub flags: bool,
    pub entries: Vec<(u64, String)>,
    pub doc: Option<String>,
}

#[derive(Debug)]
pub struct StructIr {
    pub name: String,
    pub ident: String,
    pub size: usize,
    /// `(name, offset, FieldKind expression)`.
    pub fields: Vec<(String, usize, String)>,
    pub doc: Option<String>,
}

#[derive(Debug)]
pub struct SetIr {
    pub name: String,
    pub ident: String,
    pub doc: Option<String>,
    pub subset_of: Option<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug)]
pub struct Row {
    pub code: u16,
    pub cname: String,
    pub kind: String,
}

#[derive(Debug)]
pub struct SubMsgIr {
    pub name: String,
    pub ident: String,
    /// `(selector value, header static, attrs static)`.
    pub formats: Vec<(String, Option<String>, Option<String>)>,
}

#[derive(Debug, Clone)]
pub struct MsgIr {
    pub value: u16,
    pub cname: String,
    pub header: Option<String>,
    pub attrs: Option<String>,
}

/// `rt-link` → `RT_LINK`.
pub fn c_upper(name: &str) -> String {
    name.to_uppercase().replace('-', "_")
}

/// A Rust identifier in SCREAMING_SNAKE_CASE for a spec name.
fn screaming(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    s
}

/// Static name of an attribute set: `link-attrs` → `LINK_ATTRS`, `ctrl` → `CTRL_ATTRS`.
pub fn set_ident(name: &str) -> String {
    let s = screaming(name);
    if s.ends_with("_ATTRS") {
        s
    } else {
        format!("{s}_ATTRS")
    }
}

/// Static name of a struct: `ifinfomsg` → `IFINFOMSG_STRUCT`.
pub fn struct_ident(name: &str) -> String {
    format!("{}_STRUCT", screaming(name))
}

/// Static name of an enum or flags definition: `rt-scope` → `RT_SCOPE_ENUM`.
pub fn enum_ident(name: &str) -> String {
    format!("{}_ENUM", screaming(name))
}

/// Static name of an enum read as flags (`enum-as-flags`).
pub fn enum_flags_ident(name: &str) -> String {
    format!("{}_ENUM_AS_FLAGS", screaming(name))
}

/// Static name of a sub-message: `linkinfo-data-msg` → `LINKINFO_DATA_MSG_SUBMSG`.
pub fn submsg_ident(name: &str) -> String {
    format!("{}_SUBMSG", screaming(name))
}

fn scalar(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "u8" => "Scalar::U8",
        "u16" => "Scalar::U16",
        "u32" => "Scalar::U32",
        "u64" => "Scalar::U64",
        "s8" => "Scalar::S8",
        "s16" => "Scalar::S16",
        "s32" => "Scalar::S32",
        "s64" => "Scalar::S64",
        "uint" => "Scalar::Uint",
        "sint" => "Scalar::Sint",
        _ => return None,
    })
}

fn scalar_size(kind: &str) -> Option<usize> {
    Some(match kind {
        "u8" | "s8" => 1,
        "u16" | "s16" => 2,
        "u32" | "s32" => 4,
        "u64" | "s64" => 8,
        _ => return None,
    })
}

fn byte_order(order: Option<&str>) -> Result<&'static str> {
    match order {
        None | Some("host-endian") | Some("little-endian") => Ok("ByteOrder::Host"),
        Some("big-endian") => Ok("ByteOrder::Big"),
        Some(other) => bail!("unknown byte-order {other}"),
    }
}

fn display_hint(hint: Option<&str>) -> Result<&'static str> {
    Ok(match hint {
        None => "Hint::None",
        Some("hex") => "Hint::Hex",
        Some("mac") => "Hint::Mac",
        Some("ipv4") => "Hint::Ipv4",
        Some("ipv6") => "Hint::Ipv6",
        Some("ipv4-or-v6") => "Hint::Ip",
        Some("uuid") => "Hint::Uuid",
        Some(other) => bail!("unknown display-hint {other}"),
    })
}

/// A full (not `subset-of`) set: its C name prefix and its rows with their values.
type FullSet = (String, Vec<(u16, AttrSpec)>);

struct Resolver<'a> {
    spec: &'a Spec,
    consts: BTreeMap<&'a str, u64>,
    defs: BTreeMap<&'a str, &'a Definition>,
    /// Enums referenced with `enum-as-flags` (need a mask view).
    as_flags: BTreeSet<String>,
    /// Full sets: name → (prefix, rows with values).
    full: BTreeMap<&'a str, FullSet>,
}

impl<'a> Resolver<'a> {
    fn int(&self, v: &IntOrName) -> Result<u64> {
        match v {
            IntOrName::Int(i) => Ok(*i),
            IntOrName::Name(n) => self
                .consts
                .get(n.as_str())
                .copied()
                .ok_or_else(|| anyhow!("unknown constant {n}")),
        }
    }

    fn enum_hint(&mut self, name: &str, as_flags: bool) -> Result<String> {
        let def = self
            .defs
            .get(name)
            .ok_or_else(|| anyhow!("unknown enum {name}"))?;
        match def.kind.as_str() {
            "flags" => Ok(format!("&{}", enum_ident(name))),
            "enum" if as_flags => {
                self.as_flags.insert(name.to_string());
                Ok(format!("&{}", enum_flags_ident(name)))
            }
            "enum" => Ok(format!("&{}", enum_ident(name))),
            other => bail!("{name} is a {other}, not an enum"),
        }
    }

    /// `Kind::Scalar(..)` for a scalar type with the row's order, hint and enum.
    fn scalar_kind(
        &mut self,
        ty: &str,
        order: Option<&str>,
        hint: Option<&str>,
        en: Option<&str>,
        as_flags: bool,
    ) -> Result<Option<String>> {
        let Some(s) = scalar(ty) else {
            return Ok(None);
        };
        let hint = match en {
            Some(e) => format!("Hint::Enum({})", self.enum_hint(e, as_flags)?),
            None => display_hint(hint)?.to_string(),
        };
        Ok(Some(format!(
            "Kind::Scalar({s}, {}, {hint})",
            byte_order(order)?
        )))
    }

    fn nest(&self, a: &AttrSpec) -> Result<String> {
        let n = a
            .nested_attributes
            .as_deref()
            .ok_or_else(|| anyhow!("{}: nest without nested-attributes", a.name))?;
        if !self.spec.attribute_sets.iter().any(|s| s.name == n) {
            bail!("{}: unknown attribute set {n}", a.name);
        }
        Ok(format!("Kind::Nest(&{})", set_ident(n)))
    }

    fn binary(&self, a: &AttrSpec) -> Result<String> {
        if let Some(st) = &a.struct_name {
            if self
                .defs
                .get(st.as_str())
                .is_none_or(|d| d.kind != "struct")
            {
                bail!("{}: unknown struct {st}", a.name);
            }
            return Ok(format!("Kind::Struct(&{})", struct_ident(st)));
        }
        // `sub-type` on a binary: a packed array of scalars of one fixed width. Byte
        // arrays (`u8`/`s8`) stay bytes (hex is their compact form); `uint`/`sint`
        // have no fixed width, so they cannot be packed.
        let hint = display_hint(a.display_hint.as_deref())?;
        // (In an `indexed-array`, `sub-type` names the element type instead.)
        let packed = a
            .sub_type
            .as_deref()
            .filter(|_| a.kind.as_deref() == Some("binary"));
        if let Some(sub) = packed {
            match sub {
                "u8" | "s8" => {}
                "u16" | "u32" | "u64" | "s16" | "s32" | "s64" => {
                    let s = scalar(sub).ok_or_else(|| anyhow!("{}: sub-type {sub}", a.name))?;
                    let order = byte_order(a.byte_order.as_deref())?;
                    return Ok(format!("Kind::Packed({s}, {order}, {hint})"));
                }
                other => bail!("{}: binary with sub-type {other}", a.name),
            }
        }
        Ok(format!("Kind::Binary({hint})"))
    }

    /// The `Kind` expression of one attribute in set `set` (selector lookups use `rows`).
    fn attr_kind(&mut self, set: &str, a: &AttrSpec, rows: &[(u16, AttrSpec)]) -> Result<String> {
        if let Some(e) = overrides::attr_kind(&self.spec.name, set, &a.name) {
            return Ok(e.to_string());
        }
        let ty = a
            .kind
            .as_deref()
            .ok_or_else(|| anyhow!("{}: no type", a.name))?;
        let as_flags = a.enum_as_flags.unwrap_or(false);
        let base = match ty {
            "string" => "Kind::String".to_string(),
            "flag" => "Kind::Flag".to_string(),
            "pad" => "Kind::Binary(Hint::None)".to_string(),
            "binary" => self.binary(a)?,
            "bitfield32" => match &a.enum_name {
                Some(e) => format!("Kind::Bitfield32(Some({}))", self.enum_hint(e, true)?),
                None => "Kind::Bitfield32(None)".to_string(),
            },
            "nest" | "nest-type-value" => self.nest(a)?,
            "indexed-array" => {
                let sub = a
                    .sub_type
                    .as_deref()
                    .ok_or_else(|| anyhow!("{}: indexed-array without sub-type", a.name))?;
                let elem = match sub {
                    "nest" => self.nest(a)?,
                    "binary" => self.binary(a)?,
                    _ => self
                        .scalar_kind(
                            sub,
                            a.byte_order.as_deref(),
                            a.display_hint.as_deref(),
                            a.enum_name.as_deref(),
                            as_flags,
                        )?
                        .ok_or_else(|| anyhow!("{}: unknown sub-type {sub}", a.name))?,
                };
                format!("Kind::Array(&{elem})")
            }
            "sub-message" => {
                let table = a
                    .sub_message
                    .as_deref()
                    .ok_or_else(|| anyhow!("{}: sub-message without sub-message", a.name))?;
                let sel = a
                    .selector
                    .as_deref()
                    .ok_or_else(|| anyhow!("{}: sub-message without selector", a.name))?;
                let code = rows
                    .iter()
                    .find(|(_, r)| r.name == sel)
                    .map(|(v, _)| *v)
                    .ok_or_else(|| {
                        anyhow!(
                            "{set}.{}: selector {sel} is not in the set; add an override",
                            a.name
                        )
                    })?;
                if !self.spec.sub_messages.iter().any(|s| s.name == table) {
                    bail!("{}: unknown sub-message {table}", a.name);
                }
                format!(
                    "Kind::SubMessage {{ selector: {code}, table: &{} }}",
                    submsg_ident(table)
                )
            }
            _ => self
                .scalar_kind(
                    ty,
                    a.byte_order.as_deref(),
                    a.display_hint.as_deref(),
                    a.enum_name.as_deref(),
                    as_flags,
                )?
                .ok_or_else(|| anyhow!("{}: unknown type {ty}", a.name))?,
        };
        let base = match overrides::attr_value_names(&self.spec.name, set, &a.name) {
            Some(hint) => overrides::with_hint(&base, hint)?,
            None => base,
        };
        // `type-value`: each listed level is a nest whose attribute types are the
        // values of that key (ids, indices), i.e. one array level per entry.
        let levels = a.type_value.as_ref().map_or(0, Vec::len);
        let mut kind = base;
        for _ in 0..levels {
            kind = format!("Kind::Array(&{kind})");
        }
        Ok(kind)
    }

    /// The members of `def` at `base` into `out`; returns the offset after the last.
    /// A member with `struct:` is one `FieldKind::Struct` member when `embed` (what
    /// the tables get), or its struct's members named `{member}.{inner}` at their
    /// offsets when not (what `check_alignment` looks at: C aligns the inner members
    /// where they land).
    fn struct_fields(
        &mut self,
        def: &Definition,
        prefix: &str,
        base: usize,
        depth: usize,
        embed: bool,
        out: &mut Vec<(String, usize, String)>,
    ) -> Result<usize> {
        if depth > 8 {
            bail!("struct {} nests too deep", def.name);
        }
        let mut off = base;
        for m in &def.members {
            let name = format!("{prefix}{}", m.name.replace('-', "_"));
            let len = m.len.as_ref().map(|l| self.int(l)).transpose()?;
            let (kind, size) = match m.kind.as_str() {
                "pad" => {
                    let n = usize::try_from(len.ok_or_else(|| anyhow!("pad without len"))?)?;
                    (format!("FieldKind::Pad({n})"), n)
                }
                // A flexible array member (overrides::StructFix::Rest).
                "rest" => ("FieldKind::Rest(Hint::Hex)".to_string(), 0),
                "binary" | "string" => {
                    if let Some(st) = &m.struct_name {
                        let inner = *self
                            .defs
                            .get(st.as_str())
                            .ok_or_else(|| anyhow!("unknown struct {st}"))?;
                        if embed {
                            let size = self.struct_fields(
                                inner,
                                "",
                                0,
                                depth + 1,
                                false,
                                &mut Vec::new(),
                            )?;
                            (format!("FieldKind::Struct(&{})", struct_ident(st)), size)
                        } else {
                            let end = self.struct_fields(
                                inner,
                                &format!("{name}."),
                                off,
                                depth + 1,
                                false,
                                out,
                            )?;
                            off = end;
                            continue;
                        }
                    } else {
                        let n =
                            usize::try_from(len.ok_or_else(|| {
                                anyhow!("{}: binary member without len", m.name)
                            })?)?;
                        let hint = display_hint(m.display_hint.as_deref())?;
                        (format!("FieldKind::Bytes({n}, {hint})"), n)
                    }
                }
                ty => {
                    let size = scalar_size(ty)
                        .ok_or_else(|| anyhow!("{}: unknown member type {ty}", m.name))?;
                    let k = self
                        .scalar_kind(
                            ty,
                            m.byte_order.as_deref(),
                            m.display_hint.as_deref(),
                            m.enum_name.as_deref(),
                            m.enum_as_flags,
                        )?
                        .ok_or_else(|| anyhow!("{}: unknown member type {ty}", m.name))?;
                    let k = k.replacen("Kind::", "FieldKind::", 1);
                    let k = match overrides::member_names(&self.spec.name, &def.name, &name) {
                        Some(hint) => overrides::with_hint(&k, hint)?,
                        None => k,
                    };
                    (k, size)
                }
            };
            out.push((name, off, kind));
            off += size;
        }
        Ok(off)
    }
}

/// The width of a scalar member from its `FieldKind` expression.
fn scalar_width(kind: &str) -> Option<usize> {
    let s = kind.strip_prefix("FieldKind::Scalar(Scalar::")?;
    scalar_size(&s.get(..3)?.to_ascii_lowercase().replace(',', ""))
}

/// The C compiler aligns every member to its size and a struct's size to its
/// widest member; a spec that leaves out the padding describes another layout than
/// the kernel's. Fail, so that each such struct gets a fix in
/// `overrides::STRUCT_FIXES` with the kernel as the authority.
pub fn check_alignment(name: &str, size: usize, fields: &[(String, usize, String)]) -> Result<()> {
    let mut widest = 1;
    for (n, off, kind) in fields {
        if let Some(w) = scalar_width(kind) {
            widest = widest.max(w);
            if !off.is_multiple_of(w) {
                bail!(
                    "struct {name}: {n} ({w} bytes) at offset {off} is not aligned as C \
                     aligns it; add the kernel's layout to overrides::STRUCT_FIXES"
                );
            }
        }
    }
    if !size.is_multiple_of(widest) {
        bail!(
            "struct {name}: {size} bytes is not a multiple of its widest member ({widest}); \
             add the kernel's tail padding to overrides::STRUCT_FIXES"
        );
    }
    Ok(())
}

fn enum_entries(def: &Definition, flags: bool) -> Vec<(u64, String)> {
    def.numbered_entries(flags)
}

/// Message values of the operations, as ynl numbers them: `(op, request, reply)`
/// (the rule lives with the reader, `src/families/spec/yaml.rs`).
fn op_values(spec: &Spec) -> Result<Vec<OpValues<'_>>> {
    Ok(spec.op_values()?)
}

/// Resolve one spec.
pub fn resolve(spec: &Spec) -> Result<Family> {
    let name = spec.name.clone();
    let protocol = spec.protocol.as_deref().unwrap_or("genetlink");
    let raw = protocol == "netlink-raw";
    let mut r = Resolver {
        spec,
        consts: BTreeMap::new(),
        defs: BTreeMap::new(),
        as_flags: BTreeSet::new(),
        full: BTreeMap::new(),
    };
    for d in &spec.definitions {
        if d.kind == "const" {
            if let Some(IntOrName::Int(v)) = &d.value {
                r.consts.insert(d.name.as_str(), *v);
            }
        }
        r.defs.insert(d.name.as_str(), d);
    }

    // Full sets first: values and prefixes; subsets borrow them.
    for s in &spec.attribute_sets {
        if s.subset_of.is_some() {
            continue;
        }
        let prefix = match (overrides::set_prefix(&spec.name, &s.name), &s.name_prefix) {
            (Some(p), _) => p.to_string(),
            (None, Some(p)) => p.clone(),
            (None, None) if s.name == spec.name => format!("{}-a-", spec.name),
            (None, None) => format!("{}-a-{}-", spec.name, s.name),
        };
        let mut val: u16 = 1;
        let mut rows = Vec::new();
        for a in &s.attributes {
            if let Some(v) = a.value {
                val = v;
            }
            let fixed = overrides::attr_value(&spec.name, &s.name, &a.name);
            rows.push((fixed.unwrap_or(val), a.clone()));
            val = val.wrapping_add(1);
        }
        r.full.insert(s.name.as_str(), (prefix, rows));
    }

    let mut sets = Vec::new();
    for s in &spec.attribute_sets {
        let (prefix, rows): FullSet = match &s.subset_of {
            None => r
                .full
                .get(s.name.as_str())
                .cloned()
                .ok_or_else(|| anyhow!("set {} lost", s.name))?,
            Some(of) => {
                let (prefix, full_rows) = r
                    .full
                    .get(of.as_str())
                    .cloned()
                    .ok_or_else(|| anyhow!("{}: subset of unknown set {of}", s.name))?;
                let mut rows: Vec<(u16, AttrSpec)> = Vec::new();
                for a in &s.attributes {
                    // A name listed twice (devlink's dl-dpipe-table) is one attribute,
                    // as in ynl, which keys attributes by name.
                    if rows.iter().any(|(_, x)| x.name == a.name) {
                        continue;
                    }
                    let (v, real) = full_rows
                        .iter()
                        .find(|(_, x)| x.name == a.name)
                        .ok_or_else(|| anyhow!("{}: {} not in {of}", s.name, a.name))?;
                    rows.push((*v, a.merged_over(real)));
                }
                (prefix, rows)
            }
        };
        let mut out: Vec<Row> = Vec::new();
        for (code, a) in &rows {
            if a.kind.as_deref() == Some("unused") {
                continue;
            }
            let real_set = s.subset_of.as_deref().unwrap_or(&s.name);
            let cname = match overrides::attr_name(&spec.name, real_set, &a.name) {
                Some(n) => n.to_string(),
                None => c_upper(&format!(
                    "{}{}",
                    a.name_prefix.as_deref().unwrap_or(&prefix),
                    a.name
                )),
            };
            let kind = r
                .attr_kind(&s.name, a, &rows)
                .with_context(|| format!("attribute set {}", s.name))?;
            out.push(Row {
                code: *code,
                cname,
                kind,
            });
        }
        out.sort_by_key(|row| row.code);
        if let Some(w) = out
            .windows(2)
            .find(|w| matches!(w, [a, b] if a.code == b.code))
        {
            bail!(
                "set {}: duplicate code in {:?}",
                s.name,
                w.first().map(|x| x.code)
            );
        }
        sets.push(SetIr {
            name: s.name.clone(),
            ident: set_ident(&s.name),
            doc: s.doc.clone(),
            subset_of: s.subset_of.clone(),
            rows: out,
        });
    }

    let mut structs = Vec::new();
    for d in &spec.definitions {
        if d.kind != "struct" {
            continue;
        }
        let mut flat = Vec::new();
        let size = r
            .struct_fields(d, "", 0, 0, false, &mut flat)
            .with_context(|| format!("struct {}", d.name))?;
        check_alignment(&d.name, size, &flat)?;
        let mut fields = Vec::new();
        r.struct_fields(d, "", 0, 0, true, &mut fields)
            .with_context(|| format!("struct {}", d.name))?;
        structs.push(StructIr {
            name: d.name.clone(),
            ident: struct_ident(&d.name),
            size,
            fields,
            doc: d.doc.clone(),
        });
    }

    let mut submsgs = Vec::new();
    for sm in &spec.sub_messages {
        let mut formats = Vec::new();
        for f in &sm.formats {
            let value = match &f.value {
                IntOrName::Int(i) => i.to_string(),
                IntOrName::Name(n) => n.clone(),
            };
            if let Some(h) = &f.fixed_header {
                if !r.defs.contains_key(h.as_str()) {
                    bail!("sub-message {}: unknown struct {h}", sm.name);
                }
            }
            if let Some(a) = &f.attribute_set {
                if !spec.attribute_sets.iter().any(|s| &s.name == a) {
                    bail!("sub-message {}: unknown set {a}", sm.name);
                }
            }
            formats.push((
                value,
                f.fixed_header.as_deref().map(struct_ident),
                f.attribute_set.as_deref().map(set_ident),
            ));
        }
        submsgs.push(SubMsgIr {
            name: sm.name.clone(),
            ident: submsg_ident(&sm.name),
            formats,
        });
    }

    // Messages.
    let ops = spec.operations.as_ref();
    let op_prefix = overrides::op_prefix(&name).map_or_else(
        || {
            c_upper(
                ops.and_then(|o| o.name_prefix.as_deref())
                    .unwrap_or(&format!("{}-cmd-", spec.name)),
            )
        },
        str::to_string,
    );
    let async_prefix = ops
        .and_then(|o| o.async_prefix.as_deref())
        .map_or_else(|| op_prefix.clone(), c_upper);
    let default_header = ops.and_then(|o| o.fixed_header.clone());
    let values = op_values(spec).with_context(|| format!("{name}: operations"))?;
    // A `notify: OP` operation has no attribute set of its own: it sends OP's
    // reply (ynl does the same), e.g. ethtool's features-ntf is features-get's.
    let notified = |op: &OpSpec| -> Option<&OpSpec> {
        let target = op.notify.as_ref()?.as_str()?;
        ops?.list.iter().find(|o| o.name == target)
    };
    let msg = |op: &OpSpec, value: u16, cname: String| -> Result<MsgIr> {
        let source = match notified(op) {
            Some(t) if op.attribute_set.is_none() => t,
            _ => op,
        };
        let header = op
            .fixed_header
            .clone()
            .or_else(|| source.fixed_header.clone())
            .or_else(|| default_header.clone());
        if let Some(h) = &header {
            if !r.defs.contains_key(h.as_str()) {
                bail!("{}: unknown fixed-header {h}", op.name);
            }
        }
        Ok(MsgIr {
            value,
            cname,
            header: header.as_deref().map(struct_ident),
            attrs: source.attribute_set.as_deref().map(set_ident),
        })
    };
    let op_cname = |op: &OpSpec| -> String {
        overrides::op_name(&name, &op.name).map_or_else(
            || {
                let is_async = op.notify.is_some() || op.event.is_some();
                let p = if is_async { &async_prefix } else { &op_prefix };
                format!("{p}{}", c_upper(&op.name))
            },
            str::to_string,
        )
    };
    let mut msgs: Vec<MsgIr> = Vec::new();
    let mut kernel_msgs = None;
    if overrides::SEPARATE_KERNEL_ENUM.contains(&name.as_str()) {
        let mut k: Vec<MsgIr> = Vec::new();
        for (op, req, rsp) in &values {
            if let Some(v) = req {
                msgs.push(msg(op, *v, op_cname(op))?);
            }
            if let Some(v) = rsp {
                let is_async = op.notify.is_some() || op.event.is_some();
                let cname = if is_async {
                    op_cname(op)
                } else {
                    format!("{}_REPLY", op_cname(op))
                };
                k.push(msg(op, *v, cname)?);
            }
        }
        kernel_msgs = Some(dedup_sorted(&name, k)?);
    } else {
        for (op, req, _) in &values {
            if let Some(v) = req {
                msgs.push(msg(op, *v, op_cname(op))?);
            }
        }
        let have: BTreeSet<u16> = msgs.iter().map(|m| m.value).collect();
        for (op, _, rsp) in &values {
            let Some(v) = rsp else { continue };
            if have.contains(v) || msgs.iter().any(|m| m.value == *v) {
                continue;
            }
            let is_async = op.notify.is_some() || op.event.is_some();
            let cname = match overrides::reply_name(&name, *v) {
                Some(n) => n.to_string(),
                None if is_async => op_cname(op),
                None => bail!(
                    "{name}: reply value {v} of {} has no name; add one to overrides::REPLY_NAMES",
                    op.name
                ),
            };
            msgs.push(msg(op, *v, cname)?);
        }
    }
    let msgs = dedup_sorted(&name, msgs)?;

    let genl_header = if raw {
        None
    } else {
        default_header.as_deref().map(struct_ident)
    };
    let default_attrs = if raw {
        None
    } else {
        spec.default_attribute_set().map(set_ident)
    };

    let mut enums = Vec::new();
    for d in &spec.definitions {
        match d.kind.as_str() {
            "enum" | "flags" => {
                let flags = d.kind == "flags";
                enums.push(EnumIr {
                    name: d.name.clone(),
                    ident: enum_ident(&d.name),
                    flags,
                    entries: enum_entries(d, flags),
                    doc: d.doc.clone(),
                });
                if !flags && r.as_flags.contains(&d.name) {
                    enums.push(EnumIr {
                        name: d.name.clone(),
                        ident: enum_flags_ident(&d.name),
                        flags: true,
                        entries: enum_entries(d, true),
                        doc: Some(format!(
                            "The entries of enum `{}` as bit masks (`enum-as-flags`).",
                            d.name
                        )),
                    });
                }
            }
            "const" | "struct" => {}
            other => bail!("definition {}: unknown type {other}", d.name),
        }
    }

    let fam = Family {
        module: name.replace('-', "_"),
        name,
        raw,
        protonum: spec.protonum,
        doc: spec.doc.clone(),
        enums,
        structs,
        sets,
        submsgs,
        msgs,
        kernel_msgs,
        genl_header,
        default_attrs,
        mcast_groups: spec
            .mcast_groups
            .as_ref()
            .map(|g| g.list.iter().map(|m| m.name.clone()).collect())
            .unwrap_or_default(),
    };
    check_idents(&fam)?;
    Ok(fam)
}

/// Sort by value; a value given twice keeps its first row (request before reply).
fn dedup_sorted(spec: &str, mut msgs: Vec<MsgIr>) -> Result<Vec<MsgIr>> {
    msgs.sort_by_key(|m| m.value); // stable: first row of a value stays first
    let mut out: Vec<MsgIr> = Vec::new();
    for m in msgs {
        match out.last() {
            Some(prev) if prev.value == m.value => {
                if prev.cname != m.cname {
                    eprintln!(
                        "codegen: {spec}: value {:#x} is {} and {}; keeping {}",
                        m.value, prev.cname, m.cname, prev.cname
                    );
                }
            }
            _ => out.push(m),
        }
    }
    Ok(out)
}

/// Two items must not get the same static name.
fn check_idents(f: &Family) -> Result<()> {
    let mut seen = BTreeSet::new();
    let idents = f
        .enums
        .iter()
        .map(|e| &e.ident)
        .chain(f.structs.iter().map(|s| &s.ident))
        .chain(f.sets.iter().map(|s| &s.ident))
        .chain(f.submsgs.iter().map(|s| &s.ident));
    for i in idents {
        if !seen.insert(i.clone()) {
            bail!("{}: two items are named {i}", f.name);
        }
    }
    for reserved in ["MESSAGES", "FAMILY", "KERNEL_CMDS", "ATTR_SETS"] {
        if seen.contains(reserved) {
            bail!("{}: an item is named {reserved}", f.name);
        }
    }
    Ok(())
}
