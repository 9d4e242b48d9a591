//! Family decoding: which table describes a message of a given protocol and type.
//!
//! The generated tables ([`crate::families::schema::gen`]) come first; the hand-written modules
//! here add what no kernel spec covers.

pub mod audit;
pub mod connector;
pub mod consts;
pub mod decode;
pub mod emit;
pub mod errno;
pub mod extack;
pub mod genl;
pub mod groups;
pub mod names;
pub mod netfilter;
pub mod requests;
pub mod route;
pub mod schema;
pub mod secrets;
pub mod selinux;
pub mod sock_diag;
#[cfg(feature = "spec")]
pub mod spec;
pub(crate) mod table;
pub mod uevent;
pub mod user;
pub mod xfrm;

pub use decode::{decode_message, visit, Context, Decoded, Direction};

use crate::families::schema::{find_msg, gen, GenlFamilyDef, MsgDef, SubFormat, SubMessage};
use crate::wire::nlmsg::{types::NLMSG_MIN_TYPE, Header, OpKind};
use crate::wire::protocol::*;

/// The definition of a message of a netlink-raw protocol (everything but generic
/// netlink). Most protocols choose by `nlmsg_type` alone; some (sock_diag) also look
/// at the first payload bytes and the direction, so the whole header and payload are
/// passed.
pub fn raw_message(protocol: u16, header: &Header, payload: &[u8]) -> Option<&'static MsgDef> {
    raw_message_kind(protocol, header, payload).0
}

/// [`raw_message`], and with it `op_kind(protocol, header.ty, def)` when the type
/// table has it at hand (None: not computed, ask [`op_kind`]).
pub(crate) fn raw_message_kind(
    protocol: u16,
    header: &Header,
    payload: &[u8],
) -> (Option<&'static MsgDef>, Option<OpKind>) {
    if protocol == NETLINK_ROUTE {
        if let Some(d) = route::override_message(header, payload) {
            return (Some(d), None);
        }
    }
    match dense::built(protocol).and_then(|t| t.get(usize::from(header.ty))) {
        Some(row) => dense::entry(row, header.flags),
        None => raw_message_slow(protocol, header, payload),
    }
}

/// [`raw_message_kind`] when the type's table row is not at hand: the table is not
/// built yet, the protocol has none, or the type is above it. Out of line, so the
/// common path saves no registers.
#[inline(never)]
fn raw_message_slow(
    protocol: u16,
    header: &Header,
    payload: &[u8],
) -> (Option<&'static MsgDef>, Option<OpKind>) {
    match dense::table(protocol).and_then(|t| t.get(usize::from(header.ty))) {
        Some(row) => dense::entry(row, header.flags),
        None => (lookup(protocol, header, payload), None),
    }
}

/// [`raw_message`] without the payload-dependent override: the generated tables
/// first, then the hand-written ones.
fn lookup(protocol: u16, header: &Header, payload: &[u8]) -> Option<&'static MsgDef> {
    gen::RAW_SPECS
        .iter()
        .filter(|s| s.protonum == protocol)
        .find_map(|s| find_msg(s.msgs, header.ty))
        .or_else(|| match protocol {
            NETLINK_ROUTE => route::message(header),
            NETLINK_SOCK_DIAG => sock_diag::message(header, payload),
            NETLINK_XFRM => xfrm::message(header),
            NETLINK_AUDIT => audit::message(header.ty),
            NETLINK_SELINUX => find_msg(selinux::MESSAGES, header.ty),
            NETLINK_NETFILTER => find_msg(netfilter::MESSAGES, header.ty),
            _ => None,
        })
}

/// [`lookup`] as a table indexed by `nlmsg_type`, one per protocol whose lookup
/// depends on the type and on nothing but the `NLM_F_REQUEST` and `NLM_F_DUMP` flag
/// tests (route, xfrm, audit, netfilter; not sock_diag, which reads the payload).
/// Each table is built once, on first use, by calling [`lookup`] for every type up
/// to the largest one any of the protocol's tables lists and each flag variant, so
/// it cannot disagree with it; larger types take [`lookup`] itself. The binary
/// searches per generated spec cost ~85 instructions a message; a row read, a few.
mod dense {
    use super::*;
    use crate::wire::nlmsg::flags::{NLM_F_DUMP, NLM_F_REQUEST};
    use std::sync::OnceLock;

    /// One row per `nlmsg_type`: the definition for each [`variant`], and its
    /// [`op_kind`].
    type Table = Vec<[(Option<&'static MsgDef>, OpKind); 4]>;

    /// Types above this take the plain lookup (bounds the table's size).
    const MAX_TYPE: u16 = 4096;

    /// The flag tests the lookups make: `NLM_F_REQUEST` (route's requests, xfrm's
    /// dumps) and all of `NLM_F_DUMP` (xfrm's dump requests).
    pub(super) fn variant(flags: u16) -> usize {
        usize::from(flags & NLM_F_REQUEST != 0) | usize::from(flags & NLM_F_DUMP == NLM_F_DUMP) << 1
    }

    /// The flags that stand for `variant`.
    fn flags_of(variant: usize) -> u16 {
        let mut f = 0;
        if variant & 1 != 0 {
            f |= NLM_F_REQUEST;
        }
        if variant & 2 != 0 {
            f |= NLM_F_DUMP;
        }
        f
    }

    /// The definition and kind in `row` for a message with `flags`.
    #[inline]
    pub(super) fn entry(
        row: &[(Option<&'static MsgDef>, OpKind); 4],
        flags: u16,
    ) -> (Option<&'static MsgDef>, Option<OpKind>) {
        match row.get(variant(flags)) {
            Some(&(def, kind)) => (def, Some(kind)),
            None => (None, None),
        }
    }

    /// The cell of `protocol`'s table, if it has one.
    #[inline]
    fn cell(protocol: u16) -> Option<&'static OnceLock<Table>> {
        static ROUTE: OnceLock<Table> = OnceLock::new();
        static XFRM: OnceLock<Table> = OnceLock::new();
        static AUDIT: OnceLock<Table> = OnceLock::new();
        static NETFILTER: OnceLock<Table> = OnceLock::new();
        match protocol {
            NETLINK_ROUTE => Some(&ROUTE),
            NETLINK_XFRM => Some(&XFRM),
            NETLINK_AUDIT => Some(&AUDIT),
            NETLINK_NETFILTER => Some(&NETFILTER),
            _ => None,
        }
    }

    /// The table of `protocol`, if it has one and it is built.
    #[inline]
    pub(super) fn built(protocol: u16) -> Option<&'static Table> {
        cell(protocol).and_then(OnceLock::get)
    }

    /// The table of `protocol`, if it has one (built now if need be).
    pub(super) fn table(protocol: u16) -> Option<&'static Table> {
        cell(protocol).map(|c| c.get_or_init(|| build(protocol)))
    }

    fn build(protocol: u16) -> Table {
        let hand = hand::message_tables();
        let max = gen::RAW_SPECS
            .iter()
            .filter(|s| s.protonum == protocol)
            .flat_map(|s| s.msgs.iter())
            .chain(
                hand.iter()
                    .filter(|(p, _)| *p == protocol)
                    .flat_map(|(_, t)| t.iter().copied()),
            )
            .map(|m| m.value)
            .filter(|&v| v <= MAX_TYPE)
            .max()
            .unwrap_or(0);
        (0..=max)
            .map(|ty| {
                let mut row = [(None, OpKind::Other); 4];
                for (v, slot) in row.iter_mut().enumerate() {
                    let header = Header {
                        len: 0,
                        ty,
                        flags: flags_of(v),
                        seq: 0,
                        pid: 0,
                    };
                    let def = lookup(protocol, &header, &[]);
                    *slot = (def, op_kind(protocol, ty, def));
                }
                row
            })
            .collect()
    }
}

/// Whether `NLMSG_DONE` on `protocol` is the dump-done message (`int error`, then
/// extended ACK): true for the protocols whose kernel side answers dumps through
/// `netlink_dump()` (rtnetlink, sock_diag, xfrm, audit's rule list, netfilter,
/// generic netlink, crypto_user, RDMA, SMC). Elsewhere `NLMSG_DONE` is just a type
/// number: the connector sends every message as one, custom protocols use it as
/// they like; its payload is that protocol's data, never an errno.
pub fn done_is_errno(protocol: u16) -> bool {
    matches!(
        protocol,
        NETLINK_ROUTE
            | NETLINK_SOCK_DIAG
            | NETLINK_NFLOG
            | NETLINK_XFRM
            | NETLINK_AUDIT
            | NETLINK_NETFILTER
            | NETLINK_GENERIC
            | NETLINK_RDMA
            | NETLINK_CRYPTO
            | NETLINK_SMC
    )
}

/// The spec of a generic-netlink family by its registered name.
pub fn genl_family_by_name(name: &[u8]) -> Option<&'static GenlFamilyDef> {
    gen::GENL_FAMILIES
        .binary_search_by(|f| f.name.as_bytes().cmp(name))
        .ok()
        .and_then(|i| gen::GENL_FAMILIES.get(i))
        .copied()
        .or_else(|| {
            genl::FAMILIES
                .iter()
                .find(|f| f.name.as_bytes() == name)
                .copied()
        })
}

/// The definition of command `cmd` of generic-netlink family `family`. Families
/// whose kernel-to-user messages are numbered apart (ethtool) are looked up in
/// their kernel table when the message is not a request.
pub fn genl_cmd(family: &'static GenlFamilyDef, cmd: u8, request: bool) -> Option<&'static MsgDef> {
    if !request {
        // Only the built-in family of that name has the kernel table (a user's
        // spec of the same name is read with its own commands).
        let builtin = |f: &&'static GenlFamilyDef| std::ptr::eq(*f, family);
        if let Some((_, table)) = gen::GENL_KERNEL_CMDS
            .iter()
            .find(|(n, _)| *n == family.name && gen::GENL_FAMILIES.iter().any(builtin))
        {
            return find_msg(table, u16::from(cmd));
        }
    }
    find_msg(family.cmds, u16::from(cmd)).or_else(|| {
        genl::EXTRA_CMDS
            .iter()
            .find(|(n, _)| *n == family.name)
            .and_then(|(_, table)| find_msg(table, u16::from(cmd)))
    })
}

/// Formats for sub-message selector values that the specs do not list (link kinds
/// such as `veth` or `vxlan`), written by hand.
pub fn sub_format_fallback(
    table: &'static SubMessage,
    selector: &[u8],
) -> Option<&'static SubFormat> {
    let kinds = match table.name {
        "linkinfo-data-msg" => route::link_kinds::LINK_KINDS,
        "linkinfo-member-data-msg" => route::link_kinds::PORT_KINDS,
        "expr-ops" => netfilter::NFT_EXPRS,
        _ => return None,
    };
    kinds.iter().find(|f| f.value.as_bytes() == selector)
}

/// What kind of request a message type is, which decides the meaning of flag bits
/// 0x100–0x800 (NETLINK-FACTS §2).
pub fn op_kind(protocol: u16, ty: u16, def: Option<&'static MsgDef>) -> OpKind {
    // sock_diag requests are dumps or lookups whatever their names say.
    if protocol == NETLINK_SOCK_DIAG
        && matches!(
            ty,
            sock_diag::TCPDIAG_GETSOCK
                | sock_diag::DCCPDIAG_GETSOCK
                | sock_diag::SOCK_DIAG_BY_FAMILY
        )
    {
        return OpKind::Get;
    }
    if let Some(d) = def {
        // One pass over the name's 3-byte windows: "GET" anywhere wins, then "NEW",
        // "_ADD" or "_SET", then "DEL". (`str::contains` spends ~900 instructions
        // per call setting up its searcher, a pass per word ~240 in all; this runs
        // per message on the decode and render paths.)
        let name = d.name.as_bytes();
        let (mut new, mut del) = (false, false);
        for (i, w) in name.windows(3).enumerate() {
            match w {
                b"GET" => return OpKind::Get,
                b"NEW" => new = true,
                b"DEL" => del = true,
                b"ADD" | b"SET" => {
                    new |= i.checked_sub(1).and_then(|j| name.get(j)) == Some(&b'_');
                }
                _ => {}
            }
        }
        return if new {
            OpKind::New
        } else if del {
            OpKind::Del
        } else {
            OpKind::Other
        };
    }
    if protocol == NETLINK_ROUTE && ty >= NLMSG_MIN_TYPE {
        return match ty & 3 {
            0 => OpKind::New,
            1 => OpKind::Del,
            2 => OpKind::Get,
            _ => OpKind::Other,
        };
    }
    OpKind::Other
}

/// The roots of the hand-written tables, for tests and tools that check them
/// against the kernel headers: message tables (with the netlink protocol they
/// belong to), generic-netlink families, sub-message formats and structs not
/// reachable from a message.
pub mod hand {
    use super::*;
    use crate::families::schema::{GenlFamilyDef, MsgDef, StructDef, SubFormat};

    /// `(protocol, table)` for every hand-written message table.
    pub fn message_tables() -> Vec<(u16, Vec<&'static MsgDef>)> {
        vec![
            (NETLINK_ROUTE, route::all_messages().collect()),
            (NETLINK_SOCK_DIAG, sock_diag::all_messages().collect()),
            (NETLINK_XFRM, xfrm::all_messages().collect()),
            (NETLINK_NETFILTER, netfilter::MESSAGES.iter().collect()),
            (NETLINK_AUDIT, audit::MESSAGES.iter().collect()),
            (NETLINK_SELINUX, selinux::MESSAGES.iter().collect()),
        ]
    }

    /// The hand-written generic-netlink families.
    pub fn genl_families() -> &'static [&'static GenlFamilyDef] {
        genl::FAMILIES
    }

    /// Commands added to generated families: `(family name, table)`.
    pub fn extra_genl_cmds() -> &'static [(&'static str, &'static [MsgDef])] {
        genl::EXTRA_CMDS
    }

    /// The hand-written link and port kinds.
    pub fn sub_formats() -> impl Iterator<Item = &'static SubFormat> {
        route::link_kinds::LINK_KINDS
            .iter()
            .chain(route::link_kinds::PORT_KINDS.iter())
            .chain(netfilter::NFT_EXPRS.iter())
    }

    /// Structs listed by their modules (every header variant).
    pub fn structs() -> impl Iterator<Item = &'static StructDef> {
        sock_diag::STRUCTS.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::nlmsg::flags::{
        NLM_F_ACK, NLM_F_DUMP, NLM_F_MATCH, NLM_F_REQUEST, NLM_F_ROOT,
    };

    /// The table path of `raw_message` against the plain lookup (and the kind it
    /// carries against `op_kind`), for every type and flag combination that the
    /// lookups test (and some they do not).
    #[test]
    fn dense_tables_agree_with_lookup() {
        let flag_sets = [
            0,
            NLM_F_REQUEST,
            NLM_F_ROOT,
            NLM_F_MATCH,
            NLM_F_DUMP,
            NLM_F_REQUEST | NLM_F_ROOT,
            NLM_F_REQUEST | NLM_F_DUMP,
            NLM_F_REQUEST | NLM_F_ACK,
        ];
        for protocol in [
            NETLINK_ROUTE,
            NETLINK_XFRM,
            NETLINK_AUDIT,
            NETLINK_NETFILTER,
        ] {
            for ty in 0..=u16::MAX {
                for flags in flag_sets {
                    let header = Header {
                        len: 0,
                        ty,
                        flags,
                        seq: 0,
                        pid: 0,
                    };
                    // An empty payload: route's override does not apply.
                    let (def, kind) = raw_message_kind(protocol, &header, &[]);
                    let want = lookup(protocol, &header, &[]);
                    let ptr = |d: Option<&'static MsgDef>| d.map(|d| d as *const MsgDef);
                    assert_eq!(
                        ptr(def),
                        ptr(want),
                        "protocol {protocol} type {ty} flags {flags:#x}"
                    );
                    if let Some(k) = kind {
                        assert_eq!(k, op_kind(protocol, ty, want), "type {ty} flags {flags:#x}");
                    }
                }
            }
        }
    }

    /// `op_kind`'s one-pass scan against the plain word search it replaced, for
    /// every message name of every table.
    #[test]
    fn op_kind_matches_word_search() {
        fn reference(d: &MsgDef) -> OpKind {
            let has = |pat: &[u8]| d.name.as_bytes().windows(pat.len()).any(|w| w == pat);
            if has(b"GET") {
                OpKind::Get
            } else if has(b"NEW") || has(b"_ADD") || has(b"_SET") {
                OpKind::New
            } else if has(b"DEL") {
                OpKind::Del
            } else {
                OpKind::Other
            }
        }
        let raw = gen::RAW_SPECS.iter().flat_map(|s| s.msgs.iter());
        let hand = hand::message_tables()
            .into_iter()
            .flat_map(|(_, t)| t.into_iter());
        let genl = gen::GENL_FAMILIES
            .iter()
            .chain(genl::FAMILIES.iter())
            .flat_map(|f| f.cmds.iter());
        let mut n = 0;
        for d in raw.chain(hand).chain(genl) {
            let d: &'static MsgDef = d;
            assert_eq!(
                op_kind(NETLINK_ROUTE, 0, Some(d)),
                reference(d),
                "{}",
                d.name
            );
            n += 1;
        }
        assert!(n > 100, "{n} names");
    }
}
