//! The requests nlscope itself sends: dumps for `capture --dump`, the nlmon device
//! for `capture --via nlmon`, nlctrl's family list. Built with
//! [`MsgBuilder`] from the constants of [`super::consts`].

use super::consts::*;
use crate::wire::build::{
    MsgBuilder, NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REQUEST,
};
use crate::wire::endian::Endian;
use crate::wire::protocol::GENL_ID_CTRL;

/// One rtnetlink object kind that `--dump` can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DumpKind {
    /// Name on the command line (`link`, `addr`, ...).
    pub name: &'static str,
    /// `RTM_GET*` message type.
    pub nlmsg_type: u16,
    /// Address family put in the fixed header's first byte.
    pub family: u8,
    /// Length of the fixed header (`sizeof(struct ifinfomsg)`, ...), zeroed
    /// apart from the family byte.
    pub header_len: usize,
}

/// The dump kinds `--dump` knows, with their kernel structs.
#[rustfmt::skip]
pub const DUMP_KINDS: &[DumpKind] = &[
    // struct ifinfomsg
    DumpKind { name: "link", nlmsg_type: RTM_GETLINK, family: AF_UNSPEC, header_len: 16 },
    // struct ifaddrmsg
    DumpKind { name: "addr", nlmsg_type: RTM_GETADDR, family: AF_UNSPEC, header_len: 8 },
    // struct rtmsg
    DumpKind { name: "route", nlmsg_type: RTM_GETROUTE, family: AF_UNSPEC, header_len: 12 },
    // struct ndmsg
    DumpKind { name: "neigh", nlmsg_type: RTM_GETNEIGH, family: AF_UNSPEC, header_len: 12 },
    // struct fib_rule_hdr
    DumpKind { name: "rule", nlmsg_type: RTM_GETRULE, family: AF_UNSPEC, header_len: 12 },
    // struct tcmsg
    DumpKind { name: "qdisc", nlmsg_type: RTM_GETQDISC, family: AF_UNSPEC, header_len: 20 },
    DumpKind { name: "class", nlmsg_type: RTM_GETTCLASS, family: AF_UNSPEC, header_len: 20 },
    DumpKind { name: "filter", nlmsg_type: RTM_GETTFILTER, family: AF_UNSPEC, header_len: 20 },
    // struct ndtmsg
    DumpKind { name: "neightbl", nlmsg_type: RTM_GETNEIGHTBL, family: AF_UNSPEC, header_len: 4 },
    // struct ifaddrlblmsg (IPv6 only)
    DumpKind { name: "addrlabel", nlmsg_type: RTM_GETADDRLABEL, family: AF_INET6, header_len: 8 },
    // struct netconfmsg
    DumpKind { name: "netconf", nlmsg_type: RTM_GETNETCONF, family: AF_UNSPEC, header_len: 4 },
    // struct br_port_msg (bridge only)
    DumpKind { name: "mdb", nlmsg_type: RTM_GETMDB, family: AF_BRIDGE, header_len: 8 },
    // struct rtgenmsg
    DumpKind { name: "nsid", nlmsg_type: RTM_GETNSID, family: AF_UNSPEC, header_len: 4 },
    // struct nhmsg
    DumpKind { name: "nexthop", nlmsg_type: RTM_GETNEXTHOP, family: AF_UNSPEC, header_len: 8 },
];

impl DumpKind {
    /// Looks a kind up by its command-line name.
    pub fn by_name(name: &str) -> Option<DumpKind> {
        DUMP_KINDS.iter().copied().find(|k| k.name == name)
    }

    /// The dump request (`NLM_F_REQUEST | NLM_F_DUMP`).
    pub fn request(&self, seq: u32, order: Endian) -> Vec<u8> {
        let mut b = MsgBuilder::new(order, self.nlmsg_type, NLM_F_REQUEST | NLM_F_DUMP, seq, 0);
        b.u8(self.family).zeros(self.header_len.saturating_sub(1));
        b.finish()
    }
}

/// `CTRL_CMD_GETFAMILY` dump: lists every generic netlink family with its
/// id and multicast groups.
pub fn ctrl_getfamily_dump(seq: u32, order: Endian) -> Vec<u8> {
    let mut b = MsgBuilder::new(order, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_DUMP, seq, 0);
    // struct genlmsghdr { u8 cmd; u8 version; u16 reserved; }
    b.u8(CTRL_CMD_GETFAMILY).u8(1).u16(0);
    b.finish()
}

/// `RTM_NEWLINK` creating an nlmon device named `name` (down), with
/// `NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK`.
pub fn nlmon_newlink(name: &str, seq: u32, order: Endian) -> Vec<u8> {
    let flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
    let mut b = MsgBuilder::new(order, RTM_NEWLINK, flags, seq, 0);
    ifinfomsg(&mut b, 0, 0, 0);
    b.attr_str(IFLA_IFNAME, name);
    let info = b.nest_start(IFLA_LINKINFO);
    b.attr_str(IFLA_INFO_KIND, "nlmon");
    b.nest_end(info);
    b.finish()
}

/// `RTM_NEWLINK` setting interface `ifindex` up, with `NLM_F_ACK`.
pub fn link_set_up(ifindex: i32, seq: u32, order: Endian) -> Vec<u8> {
    let mut b = MsgBuilder::new(order, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, seq, 0);
    ifinfomsg(&mut b, ifindex, IFF_UP, IFF_UP);
    b.finish()
}

/// `RTM_DELLINK` deleting interface `ifindex`, with `NLM_F_ACK`.
pub fn link_delete(ifindex: i32, seq: u32, order: Endian) -> Vec<u8> {
    let mut b = MsgBuilder::new(order, RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, seq, 0);
    ifinfomsg(&mut b, ifindex, 0, 0);
    b.finish()
}

/// `struct ifinfomsg { u8 family; u8 pad; u16 type; i32 index; u32 flags; u32 change; }`
fn ifinfomsg(b: &mut MsgBuilder, index: i32, flags: u32, change: u32) {
    b.u8(AF_UNSPEC)
        .u8(0)
        .u16(0)
        .i32(index)
        .u32(flags)
        .u32(change);
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDERS: [Endian; 2] = [Endian::Little, Endian::Big];
    fn w16(o: Endian, v: u16) -> Vec<u8> {
        o.u16_bytes(v).to_vec()
    }
    fn w32(o: Endian, v: u32) -> Vec<u8> {
        o.u32_bytes(v).to_vec()
    }
    fn hdr(o: Endian, len: u32, ty: u16, flags: u16, seq: u32, pid: u32) -> Vec<u8> {
        [
            w32(o, len),
            w16(o, ty),
            w16(o, flags),
            w32(o, seq),
            w32(o, pid),
        ]
        .concat()
    }

    #[test]
    fn dump_requests() {
        for o in ORDERS {
            let link = DumpKind::by_name("link").unwrap().request(3, o);
            assert_eq!(link, [hdr(o, 32, 18, 0x301, 3, 0), vec![0; 16]].concat());
            let mdb = DumpKind::by_name("mdb").unwrap().request(4, o);
            assert_eq!(
                mdb,
                [hdr(o, 24, 86, 0x301, 4, 0), vec![7, 0, 0, 0, 0, 0, 0, 0]].concat()
            );
        }
        assert!(DumpKind::by_name("bogus").is_none());
        for k in DUMP_KINDS {
            assert_eq!(k.nlmsg_type & 3, 2, "{} is a GET", k.name);
        }
    }

    #[test]
    fn ctrl_getfamily() {
        for o in ORDERS {
            let m = ctrl_getfamily_dump(9, o);
            assert_eq!(
                m,
                [hdr(o, 20, 0x10, 0x301, 9, 0), vec![3, 1, 0, 0]].concat()
            );
        }
    }

    #[test]
    fn nlmon_newlink_bytes() {
        for o in ORDERS {
            let m = nlmon_newlink("nlmon0", 1, o);
            let expect = [
                hdr(o, 16 + 16 + 12 + 16, 16, 0x605, 1, 0),
                vec![0; 16],
                w16(o, 11),
                w16(o, 3),
                b"nlmon0\0".to_vec(),
                vec![0],
                w16(o, 16),
                w16(o, 18),
                w16(o, 10),
                w16(o, 1),
                b"nlmon\0".to_vec(),
                vec![0, 0],
            ]
            .concat();
            assert_eq!(m, expect, "{o:?}");
        }
    }

    #[test]
    fn link_up_and_delete() {
        for o in ORDERS {
            let up = link_set_up(5, 2, o);
            let ifi = [vec![0, 0], w16(o, 0), w32(o, 5), w32(o, 1), w32(o, 1)].concat();
            assert_eq!(up, [hdr(o, 32, 16, 5, 2, 0), ifi].concat());
            let del = link_delete(5, 3, o);
            let ifi = [vec![0, 0], w16(o, 0), w32(o, 5), w32(o, 0), w32(o, 0)].concat();
            assert_eq!(del, [hdr(o, 32, 17, 5, 3, 0), ifi].concat());
        }
    }

    #[test]
    fn stale_nest_handle_does_not_panic() {
        let mut a = MsgBuilder::new(Endian::Little, 16, 0, 0, 0);
        let n = a.nest_start(1);
        let b = MsgBuilder::new(Endian::Little, 16, 0, 0, 0);
        let mut b2 = b.clone();
        b2.nest_end(n); // handle from another builder: start 16 == len, harmless
        assert_eq!(b2.finish().len(), 16);
        assert_eq!(a.len(), 20);
    }
}
