//! Tables generated from the kernel's YAML netlink specs by `cargo xtask codegen`.
//! (Placeholder until the generator lands.)
use super::{GenlFamilyDef, RawSpec};

/// Every generic-netlink family with a spec, sorted by name.
pub static GENL_FAMILIES: &[&GenlFamilyDef] = &[];
/// Every netlink-raw spec's message table.
pub static RAW_SPECS: &[RawSpec] = &[];
