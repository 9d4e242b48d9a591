//! Family decoding: messages and attributes read through the schema tables.
//!
//! [`decode_message`] turns one [`Message`](crate::wire::nlmsg::Message) into a [`Decoded`]
//! view; [`value`] holds the typed attribute values. A [`Context`] carries what a
//! capture teaches along the way (generic-netlink family ids) and is the only state.
//! [`visit`] pushes every value of a message or attribute tree to a visitor instead;
//! for rtnetlink it runs code generated from the tables (module `compiled`), which
//! gives exactly what the table walk would.

mod compiled;
pub mod message;
pub mod value;
pub mod visit;
use crate::wire::protocol::GENL_ID_CTRL;

pub use message::{decode_message, Body, Decoded, Direction, Done, ErrorMsg, FamilyMsg, Genl};
pub use value::{
    AttrsView, DecodedAttr, Element, Elements, FieldValue, Fields, Packed, StructArray, StructView,
    Value,
};
pub use visit::{
    visit_attrs, visit_elements, visit_family, visit_struct, visit_value, Leaf, Row, Visit, Within,
};

use crate::families::schema::GenlFamilyDef;
use crate::families::user::UserTables;
use crate::wire::attr::Attrs;
use std::collections::HashMap;

use crate::families::consts::CTRL_CMD_NEWFAMILY;
const CTRL_CMD_DELFAMILY: u8 = 2;
const CTRL_ATTR_FAMILY_ID: u16 = 1;
const CTRL_ATTR_FAMILY_NAME: u16 = 2;

#[derive(Clone, Debug)]
struct GenlEntry {
    name: String,
    def: Option<&'static GenlFamilyDef>,
}

/// What decoding has learned from a capture so far: generic-netlink family ids.
///
/// Bounded whatever the capture holds: ids are `u16` (at most 65,536 entries) and a
/// name is learned only when it fits `GENL_NAMSIZ` ([`crate::wire::limits::GENL_NAMSIZ`],
/// 15 bytes and the NUL), as every name the kernel registers does. A longer
/// `CTRL_ATTR_FAMILY_NAME` is shown in its own message but not kept.
#[derive(Clone, Debug)]
pub struct Context {
    genl: HashMap<u16, GenlEntry>,
    pinned: HashMap<u16, GenlEntry>,
    user: Option<&'static UserTables>,
}

impl Default for Context {
    fn default() -> Self {
        Self::new()
    }
}

impl Context {
    /// A context that knows only nlctrl (id 16).
    pub fn new() -> Self {
        Self::build(None)
    }

    /// A context that reads with the user's tables (`--spec`) before the built-in
    /// ones: a generic-netlink family by its name, a raw protocol's message by its
    /// type (see [`crate::families::user`]).
    pub fn with_user(user: &'static UserTables) -> Self {
        Self::build(Some(user))
    }

    fn build(user: Option<&'static UserTables>) -> Self {
        let mut c = Context {
            genl: HashMap::new(),
            pinned: HashMap::new(),
            user,
        };
        c.learn_genl(GENL_ID_CTRL, b"nlctrl");
        c
    }

    /// The user's tables this context reads with, if any.
    pub fn user(&self) -> Option<&'static UserTables> {
        self.user
    }

    /// The spec of the generic-netlink family called `name`: the user's, then the
    /// built-in one.
    pub fn genl_family_by_name(&self, name: &[u8]) -> Option<&'static GenlFamilyDef> {
        self.user
            .and_then(|u| u.genl_family(name))
            .or_else(|| crate::families::genl_family_by_name(name))
    }

    /// Fix family id `id` to `name` whatever the capture says (`--genl-family ID=NAME`).
    pub fn pin_genl(&mut self, id: u16, name: &str) {
        let entry = GenlEntry {
            name: name.to_owned(),
            def: self.genl_family_by_name(name.as_bytes()),
        };
        self.pinned.insert(id, entry);
    }

    /// The family names fixed with [`Context::pin_genl`].
    pub fn pinned_genl_names(&self) -> impl Iterator<Item = &str> {
        self.pinned.values().map(|e| e.name.as_str())
    }

    /// Record that generic-netlink family `id` is called `name` (up to its first
    /// NUL). A name longer than `GENL_NAMSIZ - 1` bytes is no kernel family name
    /// and is not learned: the call is then ignored.
    pub fn learn_genl(&mut self, id: u16, name: &[u8]) {
        let name = name.split(|b| *b == 0).next().unwrap_or(name);
        if name.len() >= crate::wire::limits::GENL_NAMSIZ {
            return;
        }
        if self
            .genl
            .get(&id)
            .is_some_and(|e| e.name.as_bytes() == name)
        {
            return;
        }
        self.genl.insert(
            id,
            GenlEntry {
                name: String::from_utf8_lossy(name).into_owned(),
                def: self.genl_family_by_name(name),
            },
        );
    }

    fn entry(&self, id: u16) -> Option<&GenlEntry> {
        self.pinned.get(&id).or_else(|| self.genl.get(&id))
    }

    /// The spec of generic-netlink family `id`, if its name is known and has a spec.
    pub fn genl_family(&self, id: u16) -> Option<&'static GenlFamilyDef> {
        self.entry(id).and_then(|e| e.def)
    }

    /// The name of generic-netlink family `id`, if known.
    pub fn genl_name(&self, id: u16) -> Option<&str> {
        self.entry(id).map(|e| e.name.as_str())
    }

    /// Learn from one decoded message (nlctrl `CTRL_CMD_NEWFAMILY` replies and
    /// notifications teach family ids). Call it for every message, in capture order.
    pub fn observe(&mut self, d: &Decoded<'_>) {
        let Body::Family(f) = &d.body else { return };
        let Some(g) = f.genl else { return };
        if g.family_id != GENL_ID_CTRL
            || d.msg.header.flags & crate::wire::nlmsg::flags::NLM_F_REQUEST != 0
            || (g.cmd != CTRL_CMD_NEWFAMILY && g.cmd != CTRL_CMD_DELFAMILY)
        {
            return;
        }
        let raw = f.attrs.raw();
        let attrs = Attrs::new(raw.buffer(), raw.base(), raw.endian());
        let id = attrs
            .get(CTRL_ATTR_FAMILY_ID)
            .and_then(|a| raw.endian().u16_at(a.value, 0));
        let name = attrs.get(CTRL_ATTR_FAMILY_NAME).map(|a| a.value);
        if let (Some(id), Some(name)) = (id, name) {
            if g.cmd == CTRL_CMD_NEWFAMILY {
                self.learn_genl(id, name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::build::MsgBuilder;
    use crate::wire::endian::Endian;
    use crate::wire::limits::GENL_NAMSIZ;
    use crate::wire::nlmsg::Messages;
    use proptest::prelude::*;

    /// nlctrl `CTRL_CMD_NEWFAMILY` (a kernel notification) naming family `id` `name`
    /// (the attribute holds `name` as given: no NUL is added).
    fn newfamily(e: Endian, id: u16, name: &[u8]) -> Vec<u8> {
        let mut b = MsgBuilder::new(e, GENL_ID_CTRL, 0, 1, 0);
        b.u8(CTRL_CMD_NEWFAMILY).u8(2).u16(0);
        b.attr_u16(CTRL_ATTR_FAMILY_ID, id)
            .attr(CTRL_ATTR_FAMILY_NAME, name);
        b.finish()
    }

    fn learn_from_message(e: Endian, id: u16, name: &[u8]) -> Context {
        let bytes = newfamily(e, id, name);
        let mut ctx = Context::new();
        let Some(Ok(m)) = Messages::new(&bytes, e).next() else {
            panic!("the built message frames");
        };
        let d = decode_message(m, crate::wire::protocol::NETLINK_GENERIC, &ctx);
        ctx.observe(&d);
        ctx
    }

    #[test]
    fn family_names_longer_than_genl_namsiz_are_not_learned() {
        for e in [Endian::Little, Endian::Big] {
            let ctx = learn_from_message(e, 0x20, b"nl80211\0");
            assert_eq!(ctx.genl_name(0x20), Some("nl80211"));
            assert!(ctx.genl_family(0x20).is_some());
            let fifteen = b"abcdefghijklmno\0";
            let ctx = learn_from_message(e, 0x21, fifteen);
            assert_eq!(ctx.genl_name(0x21), Some("abcdefghijklmno"));
            let sixteen = b"abcdefghijklmnop\0";
            let ctx = learn_from_message(e, 0x22, sixteen);
            assert_eq!(ctx.genl_name(0x22), None);
            // The 60,000-byte names of genl_bignames_stream.py.
            let big = [b'x'; 60_000];
            let ctx = learn_from_message(e, 0x23, &big);
            assert_eq!(ctx.genl_name(0x23), None);
        }
    }

    proptest! {
        /// Whatever the name, it is learned exactly when it fits GENL_NAMSIZ with its
        /// NUL, and what is kept is at most GENL_NAMSIZ - 1 bytes of it (as text).
        #[test]
        fn learned_names_fit_genl_namsiz(
            name in proptest::collection::vec(any::<u8>(), 0..80),
            id in 17u16..,
            big in any::<bool>(),
        ) {
            let e = if big { Endian::Big } else { Endian::Little };
            let ctx = learn_from_message(e, id, &name);
            let before_nul = name.split(|b| *b == 0).next().unwrap_or(&name);
            let learned = ctx.genl_name(id);
            prop_assert_eq!(learned.is_some(), before_nul.len() < GENL_NAMSIZ, "{:?}", learned);
            if let Some(n) = learned {
                prop_assert_eq!(n, String::from_utf8_lossy(before_nul));
            }
        }
    }
}
