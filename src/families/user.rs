//! Tables loaded at run time from the user's own specs (`nlscope --spec`).
//!
//! A [`UserTables`] holds the message tables of netlink-raw specs and the
//! generic-netlink families that [`crate::families::spec`] built from YAML files.
//! Decoding consults it through the [`Context`](crate::families::decode::Context)
//! it is given to ([`Context::with_user`](crate::families::decode::Context::with_user)),
//! before the built-in tables: a raw protocol's message type that a user spec names
//! is read with the user's table, a generic-netlink family whose name a user spec
//! carries is read with the user's family. There is no global state: one process
//! can decode one capture with user specs and the next without.
//!
//! The tables are `&'static` like the generated ones; the loader leaks them once
//! per load (a CLI loads once per run).

use crate::families::schema::{find_msg, GenlFamilyDef, MsgDef, RawSpec};

/// The tables of the user's specs.
#[derive(Default)]
pub struct UserTables {
    /// netlink-raw specs, in the order given (the first that names a type wins).
    pub raw: Vec<&'static RawSpec>,
    /// Generic-netlink families (names are unique).
    pub genl: Vec<&'static GenlFamilyDef>,
}

impl std::fmt::Debug for UserTables {
    // The tables are large and deep: name them only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserTables")
            .field("raw", &self.raw.iter().map(|s| s.name).collect::<Vec<_>>())
            .field(
                "genl",
                &self.genl.iter().map(|g| g.name).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl UserTables {
    /// Whether no spec is loaded.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty() && self.genl.is_empty()
    }

    /// Whether some user spec describes netlink protocol `protocol` (not generic).
    pub fn has_protocol(&self, protocol: u16) -> bool {
        self.raw.iter().any(|s| s.protonum == protocol)
    }

    /// The user's definition of message type `ty` of raw protocol `protocol`.
    pub fn raw_message(&self, protocol: u16, ty: u16) -> Option<&'static MsgDef> {
        self.raw
            .iter()
            .filter(|s| s.protonum == protocol)
            .find_map(|s| find_msg(s.msgs, ty))
    }

    /// The user's generic-netlink family called `name`.
    pub fn genl_family(&self, name: &[u8]) -> Option<&'static GenlFamilyDef> {
        self.genl
            .iter()
            .find(|f| f.name.as_bytes() == name)
            .copied()
    }

    /// Whether `family` is one of the user's families (not a built-in table).
    pub fn owns_genl(&self, family: &GenlFamilyDef) -> bool {
        self.genl.iter().any(|f| std::ptr::eq(*f, family))
    }
}
