//! The parts of the kernel's YAML netlink spec schema that nlscope reads.
//!
//! Field names follow `Documentation/netlink/genetlink-legacy.yaml` and
//! `netlink-raw.yaml`; keys the tables do not need (`checks`, `doc` of rows,
//! `do`/`dump` attribute lists, C rendering hints) are ignored.
//!
//! This one file is the reader of both `cargo xtask codegen` (which includes it with
//! `#[path]`, so that the generator does not depend on the crate it generates) and
//! `nlscope --spec` (`nlscope::families::spec`): it names nothing outside itself
//! but `serde` and `serde_norway`. The numbering rules that both need (enum entries,
//! operation values) are here too, so the two cannot number differently.

use serde::Deserialize;

/// One spec file.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Spec {
    /// The name.
    pub name: String,
    /// `genetlink` (default), `genetlink-c`, `genetlink-legacy` or `netlink-raw`.
    pub protocol: Option<String>,
    /// Netlink protocol number of a `netlink-raw` family.
    pub protonum: Option<u16>,
    /// Documentation text.
    pub doc: Option<String>,
    #[serde(default)]
    /// `definitions`: constants, enums, flags, structs.
    pub definitions: Vec<Definition>,
    #[serde(default)]
    /// `attribute-sets`.
    pub attribute_sets: Vec<AttrSetSpec>,
    #[serde(default)]
    /// `sub-messages`.
    pub sub_messages: Vec<SubMessageSpec>,
    /// `operations`.
    pub operations: Option<Operations>,
    /// `mcast-groups`.
    pub mcast_groups: Option<McastGroups>,
}

/// A number, or the name of a `const` definition.
#[derive(Debug, Deserialize, Clone)]
#[serde(untagged)]
pub enum IntOrName {
    /// A number.
    Int(u64),
    /// The name of a `const` definition.
    Name(String),
}

/// An entry of `definitions`: `const`, `enum`, `flags` or `struct`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Definition {
    /// The name.
    pub name: String,
    /// `type`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Documentation text.
    pub doc: Option<String>,
    /// `value` (of a `const`).
    pub value: Option<IntOrName>,
    /// `value-start`: the first entry's value (default 0).
    pub value_start: Option<u64>,
    #[serde(default)]
    /// `entries` of an enum or flags.
    pub entries: Vec<EnumEntry>,
    #[serde(default)]
    /// `members` of a struct.
    pub members: Vec<Member>,
}

/// An enum or flags entry: a bare name or a map.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum EnumEntry {
    /// A bare name: the value follows the previous entry's.
    Name(String),
    /// `{ name, value }`.
    Full {
        /// The entry's name.
        name: String,
        /// Its value (a bit number for flags); default: the previous entry's plus one.
        value: Option<u64>,
    },
}

/// A member of a `struct` definition.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Member {
    /// The name.
    pub name: String,
    /// `type`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `len` of a binary member or pad.
    pub len: Option<IntOrName>,
    /// `byte-order`: `big-endian`, `little-endian` or `host-endian` (default).
    pub byte_order: Option<String>,
    /// `display-hint`: `hex`, `mac`, `ipv4`, `ipv6`, `ipv4-or-v6`, `uuid`.
    pub display_hint: Option<String>,
    /// `enum`: the enum or flags definition naming the values.
    #[serde(rename = "enum")]
    pub enum_name: Option<String>,
    #[serde(default)]
    /// `enum-as-flags`: the enum's entries are bit numbers.
    pub enum_as_flags: bool,
    /// `struct`: the struct definition of a binary value.
    #[serde(rename = "struct")]
    pub struct_name: Option<String>,
}

/// An entry of `attribute-sets`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct AttrSetSpec {
    /// The name.
    pub name: String,
    /// Documentation text.
    pub doc: Option<String>,
    /// `name-prefix` of the C names.
    pub name_prefix: Option<String>,
    /// `subset-of`: the full set this set takes rows from.
    pub subset_of: Option<String>,
    #[serde(default)]
    /// `attributes`.
    pub attributes: Vec<AttrSpec>,
}

/// One attribute of a set. In a `subset-of` set only `name` is required; the other
/// keys, when present, override the full set's.
#[derive(Debug, Deserialize, Clone, Default)]
#[serde(rename_all = "kebab-case")]
pub struct AttrSpec {
    /// The name.
    pub name: String,
    /// `type`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// `value`: an explicit number.
    pub value: Option<u16>,
    /// `name-prefix` of the C names.
    pub name_prefix: Option<String>,
    /// `byte-order`: `big-endian`, `little-endian` or `host-endian` (default).
    pub byte_order: Option<String>,
    /// `display-hint`: `hex`, `mac`, `ipv4`, `ipv6`, `ipv4-or-v6`, `uuid`.
    pub display_hint: Option<String>,
    /// `enum`: the enum or flags definition naming the values.
    #[serde(rename = "enum")]
    pub enum_name: Option<String>,
    /// `enum-as-flags`.
    pub enum_as_flags: Option<bool>,
    /// `struct`: the struct definition of a binary value.
    #[serde(rename = "struct")]
    pub struct_name: Option<String>,
    /// `nested-attributes`: the set of a nest.
    pub nested_attributes: Option<String>,
    /// `sub-type` of an indexed array or packed binary.
    pub sub_type: Option<String>,
    /// `type-value` of a `nest-type-value`.
    pub type_value: Option<Vec<String>>,
    /// `sub-message`: the sub-message table.
    pub sub_message: Option<String>,
    /// `selector`: the sibling attribute that selects the format.
    pub selector: Option<String>,
}

impl AttrSpec {
    /// The attribute of a `subset-of` set: the full set's row with this row's keys on top.
    pub fn merged_over(&self, real: &AttrSpec) -> AttrSpec {
        AttrSpec {
            name: self.name.clone(),
            kind: self.kind.clone().or_else(|| real.kind.clone()),
            value: real.value,
            name_prefix: self
                .name_prefix
                .clone()
                .or_else(|| real.name_prefix.clone()),
            byte_order: self.byte_order.clone().or_else(|| real.byte_order.clone()),
            display_hint: self
                .display_hint
                .clone()
                .or_else(|| real.display_hint.clone()),
            enum_name: self.enum_name.clone().or_else(|| real.enum_name.clone()),
            enum_as_flags: self.enum_as_flags.or(real.enum_as_flags),
            struct_name: self
                .struct_name
                .clone()
                .or_else(|| real.struct_name.clone()),
            nested_attributes: self
                .nested_attributes
                .clone()
                .or_else(|| real.nested_attributes.clone()),
            sub_type: self.sub_type.clone().or_else(|| real.sub_type.clone()),
            type_value: self.type_value.clone().or_else(|| real.type_value.clone()),
            sub_message: self
                .sub_message
                .clone()
                .or_else(|| real.sub_message.clone()),
            selector: self.selector.clone().or_else(|| real.selector.clone()),
        }
    }
}

/// An entry of `sub-messages`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct SubMessageSpec {
    /// The name.
    pub name: String,
    #[serde(default)]
    /// `formats`.
    pub formats: Vec<FormatSpec>,
}

/// One format of a sub-message.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct FormatSpec {
    /// `value`: the selector value.
    pub value: IntOrName,
    /// `fixed-header`: a struct before the attributes.
    pub fixed_header: Option<String>,
    /// `attribute-set`.
    pub attribute_set: Option<String>,
}

/// The `operations` section.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Operations {
    /// `enum-model`: `unified` (default) or `directional`.
    pub enum_model: Option<String>,
    /// `name-prefix` of the C names.
    pub name_prefix: Option<String>,
    /// `async-prefix` of notification names.
    pub async_prefix: Option<String>,
    /// `fixed-header`: a struct before the attributes.
    pub fixed_header: Option<String>,
    #[serde(default)]
    /// `list`.
    pub list: Vec<OpSpec>,
}

/// One operation.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct OpSpec {
    /// The name.
    pub name: String,
    /// `value`: an explicit number.
    pub value: Option<u16>,
    /// `attribute-set`.
    pub attribute_set: Option<String>,
    /// `fixed-header`: a struct before the attributes.
    pub fixed_header: Option<String>,
    /// `do`.
    #[serde(rename = "do")]
    pub do_: Option<Mode>,
    /// `dump`.
    pub dump: Option<Mode>,
    /// `notify`: the operation whose reply this notification sends.
    pub notify: Option<serde_norway::Value>,
    /// `event`.
    pub event: Option<serde_norway::Value>,
}

/// The `do` or `dump` part of an operation.
#[derive(Debug, Deserialize)]
pub struct Mode {
    /// `request`.
    pub request: Option<Direction>,
    /// `reply`.
    pub reply: Option<Direction>,
}

/// A request or reply of a `do`/`dump`.
#[derive(Debug, Deserialize)]
pub struct Direction {
    /// `value`: an explicit number.
    pub value: Option<u16>,
}

/// The `mcast-groups` section.
#[derive(Debug, Deserialize)]
pub struct McastGroups {
    #[serde(default)]
    /// `list`.
    pub list: Vec<McastGroup>,
}

/// One multicast group.
#[derive(Debug, Deserialize)]
pub struct McastGroup {
    /// The name.
    pub name: String,
}

impl Definition {
    /// The entries of an enum or flags definition with their values, numbered as
    /// ynl numbers them: from `value-start` (default 0), an explicit `value`
    /// restarting the count. With `flags` a value is the bit mask `1 << n` (a bit
    /// number of 64 or more gives mask 0, which names nothing).
    pub fn numbered_entries(&self, flags: bool) -> Vec<(u64, String)> {
        let mut next = self.value_start.unwrap_or(0);
        let mut out = Vec::new();
        for e in &self.entries {
            let (name, value) = match e {
                EnumEntry::Name(n) => (n.clone(), next),
                EnumEntry::Full { name, value } => (name.clone(), value.unwrap_or(next)),
            };
            next = value.saturating_add(1);
            let v = if flags {
                1u64.checked_shl(u32::try_from(value).unwrap_or(u32::MAX))
                    .unwrap_or(0)
            } else {
                value
            };
            out.push((v, name));
        }
        out
    }
}

/// An operation with its request and reply message values.
pub type OpValues<'s> = (&'s OpSpec, Option<u16>, Option<u16>);

/// Why [`Spec::op_values`] failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpError {
    /// `enum-model` is neither `unified` nor `directional`.
    UnknownEnumModel(String),
    /// A `directional` operation has none of `do`, `dump`, `notify`, `event`.
    NoMode(String),
}

impl std::fmt::Display for OpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpError::UnknownEnumModel(m) => write!(f, "unknown enum-model {m}"),
            OpError::NoMode(op) => write!(f, "{op}: no do, dump, notify or event"),
        }
    }
}

impl std::error::Error for OpError {}

impl Spec {
    /// The attribute set a generic-netlink family's commands use when an operation
    /// names none: the set named like the family, else the one the operations use
    /// most (the first on a tie). Both the code generator and the run-time builder
    /// ask here, so the two cannot choose differently.
    pub fn default_attribute_set(&self) -> Option<&str> {
        if self.attribute_sets.iter().any(|s| s.name == self.name) {
            return Some(self.name.as_str());
        }
        let mut count: Vec<(&str, usize)> = Vec::new();
        let list = self.operations.as_ref().map(|o| o.list.as_slice());
        for op in list.unwrap_or_default() {
            if let Some(a) = &op.attribute_set {
                match count.iter_mut().find(|(n, _)| n == a) {
                    Some((_, c)) => *c += 1,
                    None => count.push((a.as_str(), 1)),
                }
            }
        }
        let best = count.iter().map(|(_, c)| *c).max().unwrap_or(0);
        count.iter().find(|(_, c)| *c == best).map(|(n, _)| *n)
    }

    /// Message values of the operations, as ynl numbers them: `(op, request, reply)`.
    /// `unified` (default): numbered from 1, an explicit `value` restarts the count,
    /// request and reply share the value. `directional`: separate request and reply
    /// counters; a notification or event has only a reply value.
    ///
    /// # Errors
    /// An unknown `enum-model`, or a directional operation without a mode.
    pub fn op_values(&self) -> Result<Vec<OpValues<'_>>, OpError> {
        let Some(ops) = &self.operations else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        match ops.enum_model.as_deref().unwrap_or("unified") {
            "unified" => {
                let mut val: u16 = 1;
                for op in &ops.list {
                    if let Some(v) = op.value {
                        val = v;
                    }
                    out.push((op, Some(val), Some(val)));
                    val = val.wrapping_add(1);
                }
            }
            "directional" => {
                let mut req: Option<u16> = Some(1);
                let mut rsp: Option<u16> = Some(1);
                for op in &ops.list {
                    let (req_next, rsp_next);
                    if op.notify.is_some() || op.event.is_some() {
                        if let Some(v) = op.value {
                            rsp = Some(v);
                        }
                        req_next = req;
                        rsp_next = rsp.map(|r| r.wrapping_add(1));
                        req = None;
                    } else {
                        let mode = op
                            .do_
                            .as_ref()
                            .or(op.dump.as_ref())
                            .ok_or_else(|| OpError::NoMode(op.name.clone()))?;
                        if let Some(v) = mode.request.as_ref().and_then(|r| r.value) {
                            req = Some(v);
                        }
                        if let Some(v) = mode.reply.as_ref().and_then(|r| r.value) {
                            rsp = Some(v);
                        }
                        let inc = u16::from(mode.reply.is_some());
                        req_next = req.map(|r| r.wrapping_add(1));
                        rsp_next = rsp.map(|r| r.wrapping_add(inc));
                    }
                    let r = if req == req_next { None } else { req };
                    let p = if rsp == rsp_next { None } else { rsp };
                    out.push((op, r, p));
                    req = req_next;
                    rsp = rsp_next;
                }
            }
            other => return Err(OpError::UnknownEnumModel(other.to_string())),
        }
        Ok(out)
    }
}
