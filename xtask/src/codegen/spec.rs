//! The parts of the kernel's YAML netlink spec schema that the generator reads.
//!
//! Field names follow `Documentation/netlink/genetlink-legacy.yaml` and
//! `netlink-raw.yaml`; keys the tables do not need (`checks`, `doc` of rows,
//! `do`/`dump` attribute lists, C rendering hints) are ignored.

use serde::Deserialize;

/// One spec file.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Spec {
    pub name: String,
    /// `genetlink` (default), `genetlink-c`, `genetlink-legacy` or `netlink-raw`.
    pub protocol: Option<String>,
    /// Netlink protocol number of a `netlink-raw` family.
    pub protonum: Option<u16>,
    pub doc: Option<String>,
    #[serde(default)]
    pub definitions: Vec<Definition>,
    #[serde(default)]
    pub attribute_sets: Vec<AttrSetSpec>,
    #[serde(default)]
    pub sub_messages: Vec<SubMessageSpec>,
    pub operations: Option<Operations>,
    pub mcast_groups: Option<McastGroups>,
}

/// A number, or the name of a `const` definition.
#[derive(Debug, Deserialize, Clone)]
#[serde(untagged)]
pub enum IntOrName {
    Int(u64),
    Name(String),
}

/// An entry of `definitions`: `const`, `enum`, `flags` or `struct`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Definition {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub doc: Option<String>,
    pub value: Option<IntOrName>,
    pub value_start: Option<u64>,
    #[serde(default)]
    pub entries: Vec<EnumEntry>,
    #[serde(default)]
    pub members: Vec<Member>,
}

/// An enum or flags entry: a bare name or a map.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum EnumEntry {
    Name(String),
    Full { name: String, value: Option<u64> },
}

/// A member of a `struct` definition.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Member {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub len: Option<IntOrName>,
    pub byte_order: Option<String>,
    pub display_hint: Option<String>,
    #[serde(rename = "enum")]
    pub enum_name: Option<String>,
    #[serde(default)]
    pub enum_as_flags: bool,
    #[serde(rename = "struct")]
    pub struct_name: Option<String>,
}

/// An entry of `attribute-sets`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct AttrSetSpec {
    pub name: String,
    pub doc: Option<String>,
    pub name_prefix: Option<String>,
    pub subset_of: Option<String>,
    #[serde(default)]
    pub attributes: Vec<AttrSpec>,
}

/// One attribute of a set. In a `subset-of` set only `name` is required; the other
/// keys, when present, override the full set's.
#[derive(Debug, Deserialize, Clone, Default)]
#[serde(rename_all = "kebab-case")]
pub struct AttrSpec {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub value: Option<u16>,
    pub name_prefix: Option<String>,
    pub byte_order: Option<String>,
    pub display_hint: Option<String>,
    #[serde(rename = "enum")]
    pub enum_name: Option<String>,
    pub enum_as_flags: Option<bool>,
    #[serde(rename = "struct")]
    pub struct_name: Option<String>,
    pub nested_attributes: Option<String>,
    pub sub_type: Option<String>,
    pub type_value: Option<Vec<String>>,
    pub sub_message: Option<String>,
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
    pub name: String,
    #[serde(default)]
    pub formats: Vec<FormatSpec>,
}

/// One format of a sub-message.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct FormatSpec {
    pub value: IntOrName,
    pub fixed_header: Option<String>,
    pub attribute_set: Option<String>,
}

/// The `operations` section.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Operations {
    pub enum_model: Option<String>,
    pub name_prefix: Option<String>,
    pub async_prefix: Option<String>,
    pub fixed_header: Option<String>,
    #[serde(default)]
    pub list: Vec<OpSpec>,
}

/// One operation.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct OpSpec {
    pub name: String,
    pub value: Option<u16>,
    pub attribute_set: Option<String>,
    pub fixed_header: Option<String>,
    #[serde(rename = "do")]
    pub do_: Option<Mode>,
    pub dump: Option<Mode>,
    pub notify: Option<serde_norway::Value>,
    pub event: Option<serde_norway::Value>,
}

/// The `do` or `dump` part of an operation.
#[derive(Debug, Deserialize)]
pub struct Mode {
    pub request: Option<Direction>,
    pub reply: Option<Direction>,
}

/// A request or reply of a `do`/`dump`.
#[derive(Debug, Deserialize)]
pub struct Direction {
    pub value: Option<u16>,
}

/// The `mcast-groups` section.
#[derive(Debug, Deserialize)]
pub struct McastGroups {
    #[serde(default)]
    pub list: Vec<McastGroup>,
}

/// One multicast group.
#[derive(Debug, Deserialize)]
pub struct McastGroup {
    pub name: String,
}
