//! A parsed spec into leaked `&'static` tables.
//!
//! The rules are the generator's (`xtask/src/codegen/model.rs`, after the kernel's
//! ynl): attributes numbered from 1 in order, an explicit `value` restarting the
//! count, `unused` rows counted but not kept; C names from the set's `name-prefix`
//! (default `<family>-a-` for the set named like the family, else
//! `<family>-a-<set>-`) or the row's own, upper-cased with `-` → `_`; a `subset-of`
//! set takes its full set's values and prefix with the subset row's keys on top;
//! enum entries and operation values as [`yaml`](super::yaml) numbers them; a
//! message's name is the operations' `name-prefix` (default `<family>-cmd-`) plus
//! its name; a `notify` operation without its own attribute set sends the notified
//! operation's; a generic-netlink family's default attribute set is the one named
//! like the family, else the one the operations use most.

use std::collections::{BTreeMap, HashMap};

use super::yaml::{AttrSpec, Definition, IntOrName, OpError, OpSpec, Spec};
use super::{Loaded, SpecError, SpecErrorKind};
use crate::families::schema::{
    AttrDef, AttrSet, ByteOrder, EnumDef, Field, FieldKind, GenlFamilyDef, Hint, Kind, MsgDef,
    RawSpec, Scalar, StructDef, SubFormat, SubMessage,
};
use crate::wire::limits::MAX_ATTR_DEPTH;

/// Levels of a set that get its rows: 0 (a message's own attributes) to
/// `MAX_ATTR_DEPTH`; the level after is read by nobody (too deep) and gets none.
const LAST_LEVEL: u8 = MAX_ATTR_DEPTH;

/// The largest struct or member: what one attribute (`nla_len` is a `u16`) can hold.
const MAX_PAYLOAD: usize = u16::MAX as usize;

/// How deep struct members may embed structs.
const MAX_STRUCT_DEPTH: usize = 8;

fn leak(s: String) -> &'static str {
    s.leak()
}

/// `rt-link` → `RT_LINK`.
fn c_upper(name: &str) -> String {
    name.to_uppercase().replace('-', "_")
}

fn scalar(kind: &str) -> Option<Scalar> {
    Some(match kind {
        "u8" => Scalar::U8,
        "u16" => Scalar::U16,
        "u32" => Scalar::U32,
        "u64" => Scalar::U64,
        "s8" => Scalar::S8,
        "s16" => Scalar::S16,
        "s32" => Scalar::S32,
        "s64" => Scalar::S64,
        "uint" => Scalar::Uint,
        "sint" => Scalar::Sint,
        _ => return None,
    })
}

/// Where an entry is: the path of names from a top-level key, for finding its line.
#[derive(Clone)]
struct At {
    section: &'static str,
    names: Vec<String>,
}

impl At {
    fn new(section: &'static str, name: &str) -> At {
        At {
            section,
            names: vec![name.to_string()],
        }
    }

    fn and(&self, name: &str) -> At {
        let mut a = self.clone();
        a.names.push(name.to_string());
        a
    }
}

/// Whether `line` is the entry `name: <name>` (list item or key, quoted or not).
fn is_name_line(line: &str, name: &str) -> bool {
    let t = line.trim_start();
    let t = t.strip_prefix("- ").unwrap_or(t).trim();
    let Some(v) = t.strip_prefix("name:") else {
        return false;
    };
    let v = v.trim();
    let v = v
        .strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .or_else(|| v.strip_prefix('"').and_then(|v| v.strip_suffix('"')))
        .unwrap_or(v);
    v == name
}

/// The 1-based line of `at` in `text`: the section's key, then each name in turn
/// after the previous one.
fn line_of(text: &str, at: &At) -> Option<usize> {
    let mut lines = text.lines().enumerate();
    let key = format!("{}:", at.section);
    lines.find(|(_, l)| l.trim_end() == key)?;
    let mut found = None;
    for name in &at.names {
        let (i, _) = lines.find(|(_, l)| is_name_line(l, name))?;
        found = Some(i + 1);
    }
    found
}

struct Builder<'s> {
    spec: &'s Spec,
    text: &'s str,
    origin: &'s str,
    consts: BTreeMap<&'s str, u64>,
    defs: BTreeMap<&'s str, &'s Definition>,
    /// Full sets and subsets alike: name → (prefix, rows with their values).
    rows: BTreeMap<&'s str, Vec<(u16, AttrSpec, String)>>,
    enums: HashMap<(String, bool), &'static EnumDef>,
    structs: HashMap<String, &'static StructDef>,
    sets: HashMap<(String, u8), &'static AttrSet>,
    submsgs: HashMap<(String, u8), &'static SubMessage>,
}

type R<T> = Result<T, SpecError>;

/// A full (not `subset-of`) set: its C name prefix and its rows with their values.
type FullSet = (String, Vec<(u16, AttrSpec)>);

impl<'s> Builder<'s> {
    fn err(&self, at: Option<&At>, kind: SpecErrorKind, detail: String) -> SpecError {
        SpecError {
            origin: self.origin.to_string(),
            line: at.and_then(|a| line_of(self.text, a)),
            kind,
            detail,
        }
    }

    fn int(&self, v: &IntOrName, at: &At) -> R<u64> {
        match v {
            IntOrName::Int(i) => Ok(*i),
            IntOrName::Name(n) => self.consts.get(n.as_str()).copied().ok_or_else(|| {
                self.err(
                    Some(at),
                    SpecErrorKind::UnknownReference,
                    format!("unknown constant {n}"),
                )
            }),
        }
    }

    fn byte_order(&self, order: Option<&str>, at: &At) -> R<ByteOrder> {
        match order {
            None | Some("host-endian") | Some("little-endian") => Ok(ByteOrder::Host),
            Some("big-endian") => Ok(ByteOrder::Big),
            Some(other) => Err(self.err(
                Some(at),
                SpecErrorKind::UnknownType,
                format!("{}: unknown byte-order {other}", at.names.join(": ")),
            )),
        }
    }

    fn display_hint(&self, hint: Option<&str>, at: &At) -> R<Hint> {
        Ok(match hint {
            None => Hint::None,
            Some("hex") => Hint::Hex,
            Some("mac") => Hint::Mac,
            Some("ipv4") => Hint::Ipv4,
            Some("ipv6") => Hint::Ipv6,
            Some("ipv4-or-v6") => Hint::Ip,
            Some("uuid") => Hint::Uuid,
            Some(other) => {
                return Err(self.err(
                    Some(at),
                    SpecErrorKind::UnknownType,
                    format!("{}: unknown display-hint {other}", at.names.join(": ")),
                ))
            }
        })
    }

    fn enum_def(&mut self, name: &str, as_flags: bool, at: &At) -> R<&'static EnumDef> {
        let def = *self.defs.get(name).ok_or_else(|| {
            self.err(
                Some(at),
                SpecErrorKind::UnknownReference,
                format!("{}: unknown enum {name}", at.names.join(": ")),
            )
        })?;
        let flags = match def.kind.as_str() {
            "flags" => true,
            "enum" => as_flags,
            other => {
                return Err(self.err(
                    Some(at),
                    SpecErrorKind::UnknownReference,
                    format!("{}: {name} is a {other}, not an enum", at.names.join(": ")),
                ))
            }
        };
        let key = (name.to_string(), flags);
        if let Some(e) = self.enums.get(&key) {
            return Ok(e);
        }
        let entries: Vec<(u64, &'static str)> = def
            .numbered_entries(flags)
            .into_iter()
            .map(|(v, n)| (v, leak(n)))
            .collect();
        let e: &'static EnumDef = Box::leak(Box::new(EnumDef {
            name: leak(name.to_string()),
            flags,
            entries: entries.leak(),
        }));
        self.enums.insert(key, e);
        Ok(e)
    }

    fn scalar_parts(
        &mut self,
        s: Scalar,
        order: Option<&str>,
        hint: Option<&str>,
        en: Option<&str>,
        as_flags: bool,
        at: &At,
    ) -> R<(Scalar, ByteOrder, Hint)> {
        let hint = match en {
            Some(e) => Hint::Enum(self.enum_def(e, as_flags, at)?),
            None => self.display_hint(hint, at)?,
        };
        Ok((s, self.byte_order(order, at)?, hint))
    }

    fn struct_def(&mut self, name: &str, at: &At) -> R<&'static StructDef> {
        if let Some(s) = self.structs.get(name) {
            return Ok(s);
        }
        let def = self
            .defs
            .get(name)
            .copied()
            .filter(|d| d.kind == "struct")
            .ok_or_else(|| {
                self.err(
                    Some(at),
                    SpecErrorKind::UnknownReference,
                    format!("{}: unknown struct {name}", at.names.join(": ")),
                )
            })?;
        let mut fields = Vec::new();
        let size = self.struct_fields(def, "", 0, 0, &mut fields)?;
        let s: &'static StructDef = Box::leak(Box::new(StructDef {
            name: leak(name.to_string()),
            size,
            fields: fields.leak(),
        }));
        self.structs.insert(name.to_string(), s);
        Ok(s)
    }

    fn struct_fields(
        &mut self,
        def: &'s Definition,
        prefix: &str,
        base: usize,
        depth: usize,
        out: &mut Vec<Field>,
    ) -> R<usize> {
        let at = At::new("definitions", &def.name);
        if depth > MAX_STRUCT_DEPTH {
            return Err(self.err(
                Some(&at),
                SpecErrorKind::Syntax,
                format!(
                    "struct {} embeds structs more than {MAX_STRUCT_DEPTH} deep",
                    def.name
                ),
            ));
        }
        let mut off = base;
        for m in &def.members {
            let mat = at.and(&m.name);
            let name = format!("{prefix}{}", m.name.replace('-', "_"));
            let len = m
                .len
                .as_ref()
                .map(|l| self.int(l, &mat))
                .transpose()?
                .map(|l| usize::try_from(l).unwrap_or(usize::MAX));
            if let Some(n) = len.filter(|n| *n > MAX_PAYLOAD) {
                return Err(self.err(
                    Some(&mat),
                    SpecErrorKind::Syntax,
                    format!(
                        "struct {}: member {} is {n} bytes, longer than any netlink payload",
                        def.name, m.name
                    ),
                ));
            }
            let need_len = |b: &Self| {
                b.err(
                    Some(&mat),
                    SpecErrorKind::Missing,
                    format!("struct {}: member {} has no len", def.name, m.name),
                )
            };
            let (kind, size) = match m.kind.as_str() {
                "pad" => {
                    let n = len.ok_or_else(|| need_len(self))?;
                    (FieldKind::Pad(n), n)
                }
                "binary" | "string" => {
                    if let Some(st) = &m.struct_name {
                        let inner = self
                            .defs
                            .get(st.as_str())
                            .copied()
                            .filter(|d| d.kind == "struct")
                            .ok_or_else(|| {
                                self.err(
                                    Some(&mat),
                                    SpecErrorKind::UnknownReference,
                                    format!("struct {}: {}: unknown struct {st}", def.name, m.name),
                                )
                            })?;
                        off =
                            self.struct_fields(inner, &format!("{name}."), off, depth + 1, out)?;
                        continue;
                    }
                    let n = len.ok_or_else(|| need_len(self))?;
                    let hint = self.display_hint(m.display_hint.as_deref(), &mat)?;
                    (FieldKind::Bytes(n, hint), n)
                }
                ty => {
                    let s = scalar(ty).filter(|s| s.size().is_some()).ok_or_else(|| {
                        self.err(
                            Some(&mat),
                            SpecErrorKind::UnknownType,
                            format!("struct {}: member {}: unknown type {ty}", def.name, m.name),
                        )
                    })?;
                    let (s, o, h) = self.scalar_parts(
                        s,
                        m.byte_order.as_deref(),
                        m.display_hint.as_deref(),
                        m.enum_name.as_deref(),
                        m.enum_as_flags,
                        &mat,
                    )?;
                    (FieldKind::Scalar(s, o, h), s.size().unwrap_or(0))
                }
            };
            out.push(Field {
                name: leak(name),
                offset: off,
                kind,
            });
            off = off.saturating_add(size);
        }
        if off > MAX_PAYLOAD {
            return Err(self.err(
                Some(&at),
                SpecErrorKind::Syntax,
                format!(
                    "struct {} is {off} bytes, longer than any netlink payload",
                    def.name
                ),
            ));
        }
        Ok(off)
    }

    /// Number the rows of every set (full sets first; subsets borrow from them).
    fn number_sets(&mut self) -> R<()> {
        let spec = self.spec;
        let mut full: BTreeMap<&'s str, FullSet> = BTreeMap::new();
        for s in &spec.attribute_sets {
            let at = At::new("attribute-sets", &s.name);
            if full.contains_key(s.name.as_str())
                || spec
                    .attribute_sets
                    .iter()
                    .filter(|x| x.name == s.name)
                    .count()
                    > 1
            {
                return Err(self.err(
                    Some(&at),
                    SpecErrorKind::Duplicate,
                    format!("attribute set {} is defined twice", s.name),
                ));
            }
            if s.subset_of.is_some() {
                continue;
            }
            let prefix = match &s.name_prefix {
                Some(p) => p.clone(),
                None if s.name == spec.name => format!("{}-a-", spec.name),
                None => format!("{}-a-{}-", spec.name, s.name),
            };
            let mut val: u16 = 1;
            let mut rows = Vec::new();
            for a in &s.attributes {
                if let Some(v) = a.value {
                    val = v;
                }
                rows.push((val, a.clone()));
                val = val.wrapping_add(1);
            }
            full.insert(s.name.as_str(), (prefix, rows));
        }
        for s in &spec.attribute_sets {
            let at = At::new("attribute-sets", &s.name);
            let (prefix, rows) = match &s.subset_of {
                None => full.get(s.name.as_str()).cloned().unwrap_or_default(),
                Some(of) => {
                    let (prefix, full_rows) = full.get(of.as_str()).cloned().ok_or_else(|| {
                        self.err(
                            Some(&at),
                            SpecErrorKind::UnknownReference,
                            format!("attribute set {}: subset-of unknown set {of}", s.name),
                        )
                    })?;
                    let mut rows: Vec<(u16, AttrSpec)> = Vec::new();
                    for a in &s.attributes {
                        if rows.iter().any(|(_, x)| x.name == a.name) {
                            continue;
                        }
                        let (v, real) = full_rows
                            .iter()
                            .find(|(_, x)| x.name == a.name)
                            .ok_or_else(|| {
                                self.err(
                                    Some(&at.and(&a.name)),
                                    SpecErrorKind::UnknownReference,
                                    format!("attribute set {}: {} is not in {of}", s.name, a.name),
                                )
                            })?;
                        rows.push((*v, a.merged_over(real)));
                    }
                    (prefix, rows)
                }
            };
            let mut named = Vec::new();
            for (code, a) in rows {
                if a.kind.as_deref() == Some("unused") {
                    continue;
                }
                let cname = c_upper(&format!(
                    "{}{}",
                    a.name_prefix.as_deref().unwrap_or(&prefix),
                    a.name
                ));
                if let Some((_, first, _)) = named.iter().find(|(c, _, _)| *c == code) {
                    let first: &AttrSpec = first;
                    return Err(self.err(
                        Some(&at.and(&a.name)),
                        SpecErrorKind::Duplicate,
                        format!(
                            "attribute set {}: {} and {} both have value {code}",
                            s.name, first.name, a.name
                        ),
                    ));
                }
                named.push((code, a, cname));
            }
            named.sort_by_key(|(c, _, _)| *c);
            self.rows.insert(s.name.as_str(), named);
        }
        Ok(())
    }

    /// Set `name` at nesting level `level` (see the module doc on cycles).
    fn set(&mut self, name: &str, level: u8, at: &At) -> R<&'static AttrSet> {
        let key = (name.to_string(), level);
        if let Some(s) = self.sets.get(&key) {
            return Ok(s);
        }
        let rows = self.rows.get(name).cloned().ok_or_else(|| {
            self.err(
                Some(at),
                SpecErrorKind::UnknownReference,
                format!("{}: unknown attribute set {name}", at.names.join(": ")),
            )
        })?;
        let mut attrs = Vec::new();
        if level <= LAST_LEVEL {
            for (code, a, cname) in &rows {
                let aat = At::new("attribute-sets", name).and(&a.name);
                let kind = self.attr_kind(name, a, &rows, level, &aat)?;
                attrs.push(AttrDef {
                    code: *code,
                    name: leak(cname.clone()),
                    kind,
                });
            }
        }
        let set: &'static AttrSet = Box::leak(Box::new(AttrSet {
            name: leak(name.to_string()),
            attrs: attrs.leak(),
        }));
        self.sets.insert(key, set);
        Ok(set)
    }

    fn nest(&mut self, a: &AttrSpec, level: u8, at: &At) -> R<Kind> {
        let n = a.nested_attributes.as_deref().ok_or_else(|| {
            self.err(
                Some(at),
                SpecErrorKind::Missing,
                format!("{}: nest without nested-attributes", at.names.join(": ")),
            )
        })?;
        Ok(Kind::Nest(self.set(n, level.saturating_add(1), at)?))
    }

    fn binary(&mut self, a: &AttrSpec, at: &At) -> R<Kind> {
        if let Some(st) = &a.struct_name {
            return Ok(Kind::Struct(self.struct_def(st, at)?));
        }
        let hint = self.display_hint(a.display_hint.as_deref(), at)?;
        let packed = a
            .sub_type
            .as_deref()
            .filter(|_| a.kind.as_deref() == Some("binary"));
        if let Some(sub) = packed {
            match sub {
                "u8" | "s8" => {}
                "u16" | "u32" | "u64" | "s16" | "s32" | "s64" => {
                    let s = scalar(sub).unwrap_or(Scalar::U8);
                    let order = self.byte_order(a.byte_order.as_deref(), at)?;
                    return Ok(Kind::Packed(s, order, hint));
                }
                other => {
                    return Err(self.err(
                        Some(at),
                        SpecErrorKind::UnknownType,
                        format!("{}: binary with sub-type {other}", at.names.join(": ")),
                    ))
                }
            }
        }
        Ok(Kind::Binary(hint))
    }

    fn scalar_kind(&mut self, ty: &str, a: &AttrSpec, at: &At) -> R<Option<Kind>> {
        let Some(s) = scalar(ty) else {
            return Ok(None);
        };
        let (s, o, h) = self.scalar_parts(
            s,
            a.byte_order.as_deref(),
            a.display_hint.as_deref(),
            a.enum_name.as_deref(),
            a.enum_as_flags.unwrap_or(false),
            at,
        )?;
        Ok(Some(Kind::Scalar(s, o, h)))
    }

    fn attr_kind(
        &mut self,
        set: &str,
        a: &AttrSpec,
        rows: &[(u16, AttrSpec, String)],
        level: u8,
        at: &At,
    ) -> R<Kind> {
        let ty = a.kind.as_deref().ok_or_else(|| {
            self.err(
                Some(at),
                SpecErrorKind::Missing,
                format!("attribute set {set}: {} has no type", a.name),
            )
        })?;
        let unknown = |b: &Self, what: &str| {
            b.err(
                Some(at),
                SpecErrorKind::UnknownType,
                format!("attribute set {set}: {}: unknown {what}", a.name),
            )
        };
        let base = match ty {
            "string" => Kind::String,
            "flag" => Kind::Flag,
            "pad" => Kind::Binary(Hint::None),
            "binary" => self.binary(a, at)?,
            "bitfield32" => match &a.enum_name {
                Some(e) => Kind::Bitfield32(Some(self.enum_def(e, true, at)?)),
                None => Kind::Bitfield32(None),
            },
            "nest" | "nest-type-value" => self.nest(a, level, at)?,
            "indexed-array" => {
                let sub = a.sub_type.as_deref().ok_or_else(|| {
                    self.err(
                        Some(at),
                        SpecErrorKind::Missing,
                        format!(
                            "attribute set {set}: {}: indexed-array without sub-type",
                            a.name
                        ),
                    )
                })?;
                let elem = match sub {
                    "nest" => self.nest(a, level.saturating_add(1), at)?,
                    "binary" => self.binary(a, at)?,
                    _ => self
                        .scalar_kind(sub, a, at)?
                        .ok_or_else(|| unknown(self, &format!("sub-type {sub}")))?,
                };
                Kind::Array(Box::leak(Box::new(elem)))
            }
            "sub-message" => {
                let table = a.sub_message.as_deref().ok_or_else(|| {
                    self.err(
                        Some(at),
                        SpecErrorKind::Missing,
                        format!(
                            "attribute set {set}: {}: sub-message without sub-message",
                            a.name
                        ),
                    )
                })?;
                let sel = a.selector.as_deref().ok_or_else(|| {
                    self.err(
                        Some(at),
                        SpecErrorKind::Missing,
                        format!(
                            "attribute set {set}: {}: sub-message without selector",
                            a.name
                        ),
                    )
                })?;
                let Some(selector) = rows
                    .iter()
                    .find(|(_, r, _)| r.name == sel)
                    .map(|(v, _, _)| *v)
                else {
                    // ynl looks a selector up in the enclosing nests too (tc's
                    // `tca-stats-attrs.app` by the parent's `kind`); the tables choose
                    // by a sibling only, so such a payload is shown as bytes, as the
                    // codegen's override for tc does. A name no set has is a mistake.
                    let anywhere = self
                        .spec
                        .attribute_sets
                        .iter()
                        .any(|s| s.attributes.iter().any(|x| x.name == sel));
                    if !anywhere {
                        return Err(self.err(
                            Some(at),
                            SpecErrorKind::UnknownReference,
                            format!(
                                "attribute set {set}: {}: selector {sel} is no attribute",
                                a.name
                            ),
                        ));
                    }
                    return Ok(Kind::Binary(Hint::None));
                };
                let table = self.submsg(table, level.saturating_add(1), at)?;
                Kind::SubMessage { selector, table }
            }
            _ => self
                .scalar_kind(ty, a, at)?
                .ok_or_else(|| unknown(self, &format!("type {ty}")))?,
        };
        let levels = a.type_value.as_ref().map_or(0, Vec::len);
        let mut kind = base;
        for _ in 0..levels {
            kind = Kind::Array(Box::leak(Box::new(kind)));
        }
        Ok(kind)
    }

    fn submsg(&mut self, name: &str, level: u8, at: &At) -> R<&'static SubMessage> {
        let key = (name.to_string(), level);
        if let Some(s) = self.submsgs.get(&key) {
            return Ok(s);
        }
        let spec = self.spec;
        let sm = spec
            .sub_messages
            .iter()
            .find(|s| s.name == name)
            .ok_or_else(|| {
                self.err(
                    Some(at),
                    SpecErrorKind::UnknownReference,
                    format!("{}: unknown sub-message {name}", at.names.join(": ")),
                )
            })?;
        let mut formats = Vec::new();
        for f in &sm.formats {
            let value = match &f.value {
                IntOrName::Int(i) => i.to_string(),
                IntOrName::Name(n) => n.clone(),
            };
            let fat = At::new("sub-messages", name).and(&value);
            let header = f
                .fixed_header
                .as_deref()
                .map(|h| self.struct_def(h, &fat))
                .transpose()?;
            let attrs = f
                .attribute_set
                .as_deref()
                .map(|s| self.set(s, level, &fat))
                .transpose()?;
            formats.push(SubFormat {
                value: leak(value),
                header,
                attrs,
            });
        }
        let t: &'static SubMessage = Box::leak(Box::new(SubMessage {
            name: leak(name.to_string()),
            formats: formats.leak(),
        }));
        self.submsgs.insert(key, t);
        Ok(t)
    }
}

/// Build the tables of `spec` (parsed from `text`, which came from `origin`).
pub(super) fn build(spec: &Spec, text: &str, origin: &str) -> Result<Loaded, SpecError> {
    let mut b = Builder {
        spec,
        text,
        origin,
        consts: BTreeMap::new(),
        defs: BTreeMap::new(),
        rows: BTreeMap::new(),
        enums: HashMap::new(),
        structs: HashMap::new(),
        sets: HashMap::new(),
        submsgs: HashMap::new(),
    };
    let protocol = spec.protocol.as_deref().unwrap_or("genetlink");
    let raw = match protocol {
        "netlink-raw" => true,
        "genetlink" | "genetlink-c" | "genetlink-legacy" => false,
        other => {
            return Err(b.err(
                None,
                SpecErrorKind::UnknownType,
                format!("unknown protocol {other}"),
            ))
        }
    };
    for d in &spec.definitions {
        let at = At::new("definitions", &d.name);
        if b.defs.insert(d.name.as_str(), d).is_some() {
            return Err(b.err(
                Some(&at),
                SpecErrorKind::Duplicate,
                format!("definition {} is defined twice", d.name),
            ));
        }
        match d.kind.as_str() {
            "const" => {
                if let Some(IntOrName::Int(v)) = &d.value {
                    b.consts.insert(d.name.as_str(), *v);
                }
            }
            "enum" | "flags" | "struct" => {}
            other => {
                return Err(b.err(
                    Some(&at),
                    SpecErrorKind::UnknownType,
                    format!("definition {}: unknown type {other}", d.name),
                ))
            }
        }
    }
    b.number_sets()?;
    // Every definition and set, whether a message reaches it or not, so that a
    // mistake anywhere is found now.
    for d in &spec.definitions {
        let at = At::new("definitions", &d.name);
        match d.kind.as_str() {
            "struct" => {
                b.struct_def(&d.name, &at)?;
            }
            "enum" | "flags" => {
                b.enum_def(&d.name, false, &at)?;
            }
            _ => {}
        }
    }
    for s in &spec.attribute_sets {
        b.set(&s.name, 0, &At::new("attribute-sets", &s.name))?;
    }
    for sm in &spec.sub_messages {
        b.submsg(&sm.name, 1, &At::new("sub-messages", &sm.name))?;
    }

    let msgs = messages(&mut b)?;
    let ops = spec.operations.as_ref();
    if raw {
        let protonum = spec.protonum.ok_or_else(|| {
            b.err(
                None,
                SpecErrorKind::Missing,
                "a netlink-raw spec needs protonum".to_string(),
            )
        })?;
        return Ok(Loaded::Raw(Box::leak(Box::new(RawSpec {
            name: leak(spec.name.clone()),
            protonum,
            msgs: msgs.leak(),
        }))));
    }
    let header = ops
        .and_then(|o| o.fixed_header.as_deref())
        .map(|h| b.struct_def(h, &At::new("operations", "fixed-header")))
        .transpose()?;
    let default_set = spec.default_attribute_set();
    let default_attrs = default_set
        .map(|s| b.set(s, 0, &At::new("attribute-sets", s)))
        .transpose()?;
    let groups: Vec<&'static str> = spec
        .mcast_groups
        .as_ref()
        .map(|g| g.list.iter().map(|m| leak(m.name.clone())).collect())
        .unwrap_or_default();
    Ok(Loaded::Genl(Box::leak(Box::new(GenlFamilyDef {
        name: leak(spec.name.clone()),
        header,
        cmds: msgs.leak(),
        default_attrs,
        mcast_groups: groups.leak(),
    }))))
}

/// The message table: requests first, then the replies and notifications whose
/// values no request has; sorted, a value given twice keeping its first row.
fn messages(b: &mut Builder<'_>) -> Result<Vec<MsgDef>, SpecError> {
    let spec = b.spec;
    let Some(ops) = spec.operations.as_ref() else {
        return Ok(Vec::new());
    };
    let values = spec.op_values().map_err(|e| {
        let (at, kind) = match &e {
            OpError::UnknownEnumModel(_) => (None, SpecErrorKind::UnknownType),
            OpError::NoMode(op) => (Some(At::new("operations", op)), SpecErrorKind::Missing),
        };
        b.err(at.as_ref(), kind, format!("operations: {e}"))
    })?;
    let op_prefix = c_upper(
        ops.name_prefix
            .as_deref()
            .unwrap_or(&format!("{}-cmd-", spec.name)),
    );
    let async_prefix = ops
        .async_prefix
        .as_deref()
        .map_or_else(|| op_prefix.clone(), c_upper);
    let notified = |op: &OpSpec| -> Option<&OpSpec> {
        let target = op.notify.as_ref()?.as_str()?;
        ops.list.iter().find(|o| o.name == target)
    };
    let op_cname = |op: &OpSpec| -> String {
        let is_async = op.notify.is_some() || op.event.is_some();
        let p = if is_async { &async_prefix } else { &op_prefix };
        format!("{p}{}", c_upper(&op.name))
    };
    let msg = |b: &mut Builder<'_>, op: &OpSpec, value: u16| -> Result<MsgDef, SpecError> {
        let at = At::new("operations", &op.name);
        let source = match notified(op) {
            Some(t) if op.attribute_set.is_none() => t,
            _ => op,
        };
        let header = op
            .fixed_header
            .as_deref()
            .or(source.fixed_header.as_deref())
            .or(ops.fixed_header.as_deref())
            .map(|h| b.struct_def(h, &at))
            .transpose()?;
        let attrs = source
            .attribute_set
            .as_deref()
            .map(|s| b.set(s, 0, &at))
            .transpose()?;
        Ok(MsgDef {
            value,
            name: leak(op_cname(op)),
            header,
            attrs,
        })
    };
    let mut out: Vec<MsgDef> = Vec::new();
    for (op, req, _) in &values {
        if let Some(v) = req {
            out.push(msg(b, op, *v)?);
        }
    }
    for (op, _, rsp) in &values {
        let Some(v) = rsp else { continue };
        if out.iter().any(|m| m.value == *v) {
            continue;
        }
        out.push(msg(b, op, *v)?);
    }
    out.sort_by_key(|m| m.value); // stable: the first row of a value stays first
    out.dedup_by_key(|m| m.value);
    Ok(out)
}
