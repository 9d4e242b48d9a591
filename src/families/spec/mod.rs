//! The user's own netlink specs, read at run time (`nlscope decode --spec FILE`).
//!
//! A spec is a YAML file in the kernel's netlink spec format
//! (`Documentation/netlink/specs/*.yaml`; protocols `genetlink`, `genetlink-c`,
//! `genetlink-legacy`, and `netlink-raw` with its `protonum`). [`load`] parses one
//! with the same reader `cargo xtask codegen` uses ([`yaml`]) and builds the same
//! kinds of tables the generator writes as Rust source: attribute names, scalar
//! types and byte order, enums and flags, nests, indexed arrays, fixed headers and
//! structs, sub-messages, multicast groups. [`tables`] gathers the loaded specs into
//! the [`UserTables`] a [`Context`](crate::families::decode::Context) decodes with.
//!
//! The built tables are `&'static`, as the decoder's tables are: every load leaks
//! them (`String::leak`, `Vec::leak`, `Box::leak`). That is a few hundred kilobytes
//! for the largest kernel spec, once per run of the CLI; a long-running program
//! should load a spec once, not per capture.
//!
//! Attribute sets may name each other in cycles (a nest holding its own set), which
//! `&'static` data built at run time cannot express without `unsafe`. The builder
//! unrolls them instead: one copy of each set per nesting level, up to
//! [`MAX_ATTR_DEPTH`](crate::wire::limits::MAX_ATTR_DEPTH), below which the decoder
//! reads nothing anyway (it shows deeper attributes as `TooDeep`), so the decode is
//! the one a cyclic table would give.
//!
//! Pure: text in, tables out. Reading files and directories is the caller's (the
//! CLI's `--spec`, `NLSCOPE_SPEC_PATH`).
//!
//! What the generator does and this does not: the fixes of `xtask/src/codegen/
//! overrides.rs` (the kernel's specs have mistakes the oracles found) apply only to
//! the built-in tables; a user spec is read as written.

mod build;
pub mod yaml;

use crate::families::schema::{GenlFamilyDef, RawSpec};
use crate::families::user::UserTables;

/// What kind of mistake a spec has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpecErrorKind {
    /// Not YAML, or not the shape of a netlink spec (a missing `name`, a number where
    /// a list belongs, …).
    Syntax,
    /// A `type` (of an attribute, member, definition), `byte-order`,
    /// `display-hint`, `protocol` or `enum-model` that the format does not have.
    UnknownType,
    /// A value or name given twice: two attributes of one set with one number, two
    /// definitions or sets of one name, two specs of one family.
    Duplicate,
    /// A reference to something the spec does not define: an attribute set, struct,
    /// enum, sub-message, constant or selector attribute.
    UnknownReference,
    /// Something required is missing (a `netlink-raw` spec without `protonum`, a
    /// nest without `nested-attributes`, a binary member without `len`).
    Missing,
}

impl SpecErrorKind {
    /// A short description.
    pub fn as_str(self) -> &'static str {
        match self {
            SpecErrorKind::Syntax => "syntax error",
            SpecErrorKind::UnknownType => "unknown type",
            SpecErrorKind::Duplicate => "duplicate",
            SpecErrorKind::UnknownReference => "reference to nothing",
            SpecErrorKind::Missing => "missing",
        }
    }
}

/// A spec that cannot be used: which file, which line (when it can be found), what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecError {
    /// The file (or other origin) the text came from, as the caller named it.
    pub origin: String,
    /// 1-based line of the offending entry, when it can be found.
    pub line: Option<usize>,
    /// The class of mistake.
    pub kind: SpecErrorKind,
    /// What exactly, naming the entry (`attribute set foo-attrs: bar: unknown type u12`).
    pub detail: String,
}

impl std::fmt::Display for SpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: ", self.origin)?,
            None => write!(f, "{}: ", self.origin)?,
        }
        write!(f, "{}: {}", self.kind.as_str(), self.detail)
    }
}

impl std::error::Error for SpecError {}

/// The tables of one loaded spec.
#[derive(Clone, Copy, Debug)]
pub enum Loaded {
    /// A `netlink-raw` spec: message types of one netlink protocol.
    Raw(&'static RawSpec),
    /// A generic-netlink family.
    Genl(&'static GenlFamilyDef),
}

impl Loaded {
    /// The spec's family name (`rt-link`, `nlctrl`, …).
    pub fn name(&self) -> &'static str {
        match self {
            Loaded::Raw(r) => r.name,
            Loaded::Genl(g) => g.name,
        }
    }

    /// Whether a built-in table of the same family exists (the user's then
    /// overrides it).
    pub fn overrides_builtin(&self) -> bool {
        match self {
            Loaded::Raw(r) => crate::families::schema::gen::RAW_SPECS
                .iter()
                .any(|b| b.name == r.name),
            Loaded::Genl(g) => crate::families::genl_family_by_name(g.name.as_bytes()).is_some(),
        }
    }
}

/// Parse the text of one spec file.
///
/// # Errors
/// [`SpecErrorKind::Syntax`] with the line where the YAML reader stopped.
pub fn parse(text: &str, origin: &str) -> Result<yaml::Spec, SpecError> {
    serde_norway::from_str(text).map_err(|e| SpecError {
        origin: origin.to_string(),
        line: e.location().map(|l| l.line()),
        kind: SpecErrorKind::Syntax,
        detail: e.to_string(),
    })
}

/// Parse one spec and build its tables (leaked, see the module doc).
///
/// # Errors
/// The first mistake found, with its line in `text` when the entry can be found.
/// Nothing is built from a spec with a mistake.
pub fn load(text: &str, origin: &str) -> Result<Loaded, SpecError> {
    let spec = parse(text, origin)?;
    build::build(&spec, text, origin)
}

/// Build the tables of a spec already parsed from `text`.
///
/// # Errors
/// As [`load`].
pub fn build(spec: &yaml::Spec, text: &str, origin: &str) -> Result<Loaded, SpecError> {
    build::build(spec, text, origin)
}

/// Gather loaded specs into the tables a context decodes with (leaked).
///
/// # Errors
/// [`SpecErrorKind::Duplicate`] when two of them are the same family (`origins`
/// names where each came from, in the same order).
pub fn tables(loaded: &[(Loaded, String)]) -> Result<&'static UserTables, SpecError> {
    let mut t = UserTables::default();
    for (i, (l, origin)) in loaded.iter().enumerate() {
        if let Some((_, first)) = loaded.iter().take(i).find(|(o, _)| {
            o.name() == l.name()
                && matches!(
                    (o, l),
                    (Loaded::Raw(_), Loaded::Raw(_)) | (Loaded::Genl(_), Loaded::Genl(_))
                )
        }) {
            return Err(SpecError {
                origin: origin.clone(),
                line: None,
                kind: SpecErrorKind::Duplicate,
                detail: format!("family {} is also loaded from {first}", l.name()),
            });
        }
        match l {
            Loaded::Raw(r) => t.raw.push(r),
            Loaded::Genl(g) => t.genl.push(g),
        }
    }
    Ok(Box::leak(Box::new(t)))
}
