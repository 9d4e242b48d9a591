//! rtnetlink (`NETLINK_ROUTE`): what the generated `rt-*` tables do not cover.
//!
//! One submodule per space: nexthop objects, netconf, nsid, the bridge MDB and VLAN
//! databases, address labels, prefixes, tunnels and tc actions ([`MESSAGES`]), plus
//! the link kinds the rt-link spec does not list ([`link_kinds`]). Message types that
//! reuse a generated space (multicast/anycast address notifications with rt-addr's
//! attributes, link properties with rt-link's) point at the generated tables. Headers and codes
//! follow include/uapi/linux/rtnetlink.h and the headers each submodule names.

pub mod bridge;
pub mod dcb;
pub mod inet6;
pub mod link_kinds;
pub mod lwtunnel;
pub mod mdb;
pub mod misc;
pub mod mpls;
pub mod netconf;
pub mod nexthop;
pub mod nsid;
pub mod vlan;

use crate::families::schema::gen::{rt_addr, rt_link};
use crate::families::schema::{find_msg, AttrSet, MsgDef, StructDef};
use crate::families::table::msg;
use crate::wire::nlmsg::{flags::NLM_F_REQUEST, Header};

/// A message row: value, name, fixed header, attributes.
const fn m(v: u16, n: &'static str, h: &'static StructDef, a: &'static AttrSet) -> MsgDef {
    msg(v, n, Some(h), Some(a))
}

use mdb::BR_PORT_MSG as BRP;
use misc::{IFADDRLBLMSG as LBL, PREFIXMSG, TCAMSG, TUNNEL_MSG as TUN};
use netconf::NETCONFMSG as NCM;
use nexthop::{NHA_ATTRS as NHA, NHMSG};
use nsid::RTGENMSG;
use rt_addr::{ADDR_ATTRS as IFA, IFADDRMSG_STRUCT as IFADDRMSG};
use rt_link::{IFINFOMSG_STRUCT as IFINFOMSG, LINK_ATTRS as IFLA};
use vlan::BR_VLAN_MSG as BRV;

/// rtnetlink message types no spec covers, sorted by value (`RTM_*`). Multicast
/// and anycast address notifications reuse rt-addr's header and attributes, link
/// properties rt-link's.
#[rustfmt::skip]
pub static MESSAGES: &[MsgDef] = &[
    m(48, "RTM_NEWACTION", &TCAMSG, &misc::TCA_ROOT_ATTRS),
    m(49, "RTM_DELACTION", &TCAMSG, &misc::TCA_ROOT_ATTRS),
    m(50, "RTM_GETACTION", &TCAMSG, &misc::TCA_ROOT_ATTRS),
    m(52, "RTM_NEWPREFIX", &PREFIXMSG, &misc::PREFIX_ATTRS),
    m(56, "RTM_NEWMULTICAST", &IFADDRMSG, &IFA),
    m(57, "RTM_DELMULTICAST", &IFADDRMSG, &IFA),
    m(60, "RTM_NEWANYCAST", &IFADDRMSG, &IFA),
    m(61, "RTM_DELANYCAST", &IFADDRMSG, &IFA),
    m(62, "RTM_GETANYCAST", &IFADDRMSG, &IFA),
    m(72, "RTM_NEWADDRLABEL", &LBL, &misc::IFAL_ATTRS),
    m(73, "RTM_DELADDRLABEL", &LBL, &misc::IFAL_ATTRS),
    m(74, "RTM_GETADDRLABEL", &LBL, &misc::IFAL_ATTRS),
    m(78, "RTM_GETDCB", &dcb::DCBMSG, &dcb::DCB_ATTRS),
    m(79, "RTM_SETDCB", &dcb::DCBMSG, &dcb::DCB_ATTRS),
    m(80, "RTM_NEWNETCONF", &NCM, &netconf::NETCONFA_ATTRS),
    m(81, "RTM_DELNETCONF", &NCM, &netconf::NETCONFA_ATTRS),
    m(82, "RTM_GETNETCONF", &NCM, &netconf::NETCONFA_ATTRS),
    m(84, "RTM_NEWMDB", &BRP, &mdb::MDBA_ATTRS),
    m(85, "RTM_DELMDB", &BRP, &mdb::MDBA_ATTRS),
    m(86, "RTM_GETMDB", &BRP, &mdb::MDBA_ATTRS),
    m(88, "RTM_NEWNSID", &RTGENMSG, &nsid::NETNSA_ATTRS),
    m(89, "RTM_DELNSID", &RTGENMSG, &nsid::NETNSA_ATTRS),
    m(90, "RTM_GETNSID", &RTGENMSG, &nsid::NETNSA_ATTRS),
    m(95, "RTM_SETSTATS", &rt_link::IF_STATS_MSG_STRUCT, &misc::IFLA_STATS_GETSET_ATTRS),
    m(96, "RTM_NEWCACHEREPORT", &RTGENMSG, &misc::IPMRA_CREPORT_ATTRS),
    m(104, "RTM_NEWNEXTHOP", &NHMSG, &NHA),
    m(105, "RTM_DELNEXTHOP", &NHMSG, &NHA),
    m(106, "RTM_GETNEXTHOP", &NHMSG, &NHA),
    m(108, "RTM_NEWLINKPROP", &IFINFOMSG, &IFLA),
    m(109, "RTM_DELLINKPROP", &IFINFOMSG, &IFLA),
    m(110, "RTM_GETLINKPROP", &IFINFOMSG, &IFLA),
    m(112, "RTM_NEWVLAN", &BRV, &vlan::BRIDGE_VLANDB_ATTRS),
    m(113, "RTM_DELVLAN", &BRV, &vlan::BRIDGE_VLANDB_ATTRS),
    m(114, "RTM_GETVLAN", &BRV, &vlan::BRIDGE_VLANDB_ATTRS),
    m(116, "RTM_NEWNEXTHOPBUCKET", &NHMSG, &NHA),
    m(117, "RTM_DELNEXTHOPBUCKET", &NHMSG, &NHA),
    m(118, "RTM_GETNEXTHOPBUCKET", &NHMSG, &NHA),
    m(120, "RTM_NEWTUNNEL", &TUN, &misc::VXLAN_VNIFILTER_ATTRS),
    m(121, "RTM_DELTUNNEL", &TUN, &misc::VXLAN_VNIFILTER_ATTRS),
    m(122, "RTM_GETTUNNEL", &TUN, &misc::VXLAN_VNIFILTER_ATTRS),
];

/// Requests whose attributes differ from the kernel's messages of the same type.
#[rustfmt::skip]
static REQUESTS: &[MsgDef] = &[
    m(84, "RTM_NEWMDB", &BRP, &mdb::MDBA_SET_ENTRY_ATTRS),
    m(85, "RTM_DELMDB", &BRP, &mdb::MDBA_SET_ENTRY_ATTRS),
    m(86, "RTM_GETMDB", &BRP, &mdb::MDBA_GET_ENTRY_ATTRS),
    m(114, "RTM_GETVLAN", &BRV, &vlan::BRIDGE_VLANDB_DUMP_ATTRS),
];

/// The hand-written definition of an rtnetlink message, if it has one: requests
/// (`NLM_F_REQUEST`) of MDB and VLAN types get their request attribute spaces.
pub fn message(header: &Header) -> Option<&'static MsgDef> {
    if header.flags & NLM_F_REQUEST != 0 {
        if let Some(d) = find_msg(REQUESTS, header.ty) {
            return Some(d);
        }
    }
    find_msg(MESSAGES, header.ty)
}

/// Every hand-written rtnetlink message definition (both directions).
pub fn all_messages() -> impl Iterator<Item = &'static MsgDef> {
    MESSAGES
        .iter()
        .chain(REQUESTS.iter())
        .chain(bridge::MESSAGES.iter())
        .chain(inet6::MESSAGES.iter())
        .chain(mpls::MESSAGES.iter())
}

/// A definition that must win over the generated one because the layout depends
/// on the fixed header: link messages of `AF_BRIDGE` ([`bridge`]) and `AF_INET6`
/// ([`inet6`]), route messages of `AF_MPLS` ([`mpls`]).
pub fn override_message(header: &Header, payload: &[u8]) -> Option<&'static MsgDef> {
    if (24..=26).contains(&header.ty) && payload.first() == Some(&mpls::AF_MPLS) {
        return find_msg(mpls::MESSAGES, header.ty);
    }
    if !(16..=19).contains(&header.ty) {
        return None;
    }
    match payload.first() {
        Some(&bridge::AF_BRIDGE) => find_msg(bridge::MESSAGES, header.ty),
        Some(&inet6::AF_INET6) => find_msg(inet6::MESSAGES, header.ty),
        _ => None,
    }
}

/// The attribute space of the route attributes inside each `RTA_MULTIPATH` hop.
pub fn multipath_attrs() -> Option<&'static AttrSet> {
    Some(&crate::families::schema::gen::rt_route::ROUTE_ATTRS)
}
