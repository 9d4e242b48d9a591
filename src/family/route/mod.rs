//! rtnetlink (`NETLINK_ROUTE`): what the generated `rt-*` tables do not cover.
//!
//! One submodule per space: nexthop objects, netconf, nsid, the bridge MDB and VLAN
//! databases, address labels, prefixes, tunnels and tc actions ([`MESSAGES`]), plus
//! the link kinds the rt-link spec does not list ([`link_kinds`]). Headers and codes
//! follow include/uapi/linux/rtnetlink.h and the headers each submodule names.

pub mod link_kinds;
pub mod mdb;
pub mod misc;
pub mod netconf;
pub mod nexthop;
pub mod nsid;
pub mod vlan;

use crate::family::table::msg;
use crate::nlmsg::{flags::NLM_F_REQUEST, Header};
use crate::schema::{find_msg, AttrSet, MsgDef};

/// rtnetlink message types no spec covers, sorted by value (`RTM_*`).
pub static MESSAGES: &[MsgDef] = &[
    msg(
        48,
        "RTM_NEWACTION",
        Some(&misc::TCAMSG),
        Some(&misc::TCA_ROOT_ATTRS),
    ),
    msg(
        49,
        "RTM_DELACTION",
        Some(&misc::TCAMSG),
        Some(&misc::TCA_ROOT_ATTRS),
    ),
    msg(
        50,
        "RTM_GETACTION",
        Some(&misc::TCAMSG),
        Some(&misc::TCA_ROOT_ATTRS),
    ),
    msg(
        52,
        "RTM_NEWPREFIX",
        Some(&misc::PREFIXMSG),
        Some(&misc::PREFIX_ATTRS),
    ),
    msg(
        72,
        "RTM_NEWADDRLABEL",
        Some(&misc::IFADDRLBLMSG),
        Some(&misc::IFAL_ATTRS),
    ),
    msg(
        73,
        "RTM_DELADDRLABEL",
        Some(&misc::IFADDRLBLMSG),
        Some(&misc::IFAL_ATTRS),
    ),
    msg(
        74,
        "RTM_GETADDRLABEL",
        Some(&misc::IFADDRLBLMSG),
        Some(&misc::IFAL_ATTRS),
    ),
    msg(
        80,
        "RTM_NEWNETCONF",
        Some(&netconf::NETCONFMSG),
        Some(&netconf::NETCONFA_ATTRS),
    ),
    msg(
        81,
        "RTM_DELNETCONF",
        Some(&netconf::NETCONFMSG),
        Some(&netconf::NETCONFA_ATTRS),
    ),
    msg(
        82,
        "RTM_GETNETCONF",
        Some(&netconf::NETCONFMSG),
        Some(&netconf::NETCONFA_ATTRS),
    ),
    msg(
        84,
        "RTM_NEWMDB",
        Some(&mdb::BR_PORT_MSG),
        Some(&mdb::MDBA_ATTRS),
    ),
    msg(
        85,
        "RTM_DELMDB",
        Some(&mdb::BR_PORT_MSG),
        Some(&mdb::MDBA_ATTRS),
    ),
    msg(
        86,
        "RTM_GETMDB",
        Some(&mdb::BR_PORT_MSG),
        Some(&mdb::MDBA_ATTRS),
    ),
    msg(
        88,
        "RTM_NEWNSID",
        Some(&nsid::RTGENMSG),
        Some(&nsid::NETNSA_ATTRS),
    ),
    msg(
        89,
        "RTM_DELNSID",
        Some(&nsid::RTGENMSG),
        Some(&nsid::NETNSA_ATTRS),
    ),
    msg(
        90,
        "RTM_GETNSID",
        Some(&nsid::RTGENMSG),
        Some(&nsid::NETNSA_ATTRS),
    ),
    msg(
        104,
        "RTM_NEWNEXTHOP",
        Some(&nexthop::NHMSG),
        Some(&nexthop::NHA_ATTRS),
    ),
    msg(
        105,
        "RTM_DELNEXTHOP",
        Some(&nexthop::NHMSG),
        Some(&nexthop::NHA_ATTRS),
    ),
    msg(
        106,
        "RTM_GETNEXTHOP",
        Some(&nexthop::NHMSG),
        Some(&nexthop::NHA_ATTRS),
    ),
    msg(
        112,
        "RTM_NEWVLAN",
        Some(&vlan::BR_VLAN_MSG),
        Some(&vlan::BRIDGE_VLANDB_ATTRS),
    ),
    msg(
        113,
        "RTM_DELVLAN",
        Some(&vlan::BR_VLAN_MSG),
        Some(&vlan::BRIDGE_VLANDB_ATTRS),
    ),
    msg(
        114,
        "RTM_GETVLAN",
        Some(&vlan::BR_VLAN_MSG),
        Some(&vlan::BRIDGE_VLANDB_ATTRS),
    ),
    msg(
        116,
        "RTM_NEWNEXTHOPBUCKET",
        Some(&nexthop::NHMSG),
        Some(&nexthop::NHA_ATTRS),
    ),
    msg(
        117,
        "RTM_DELNEXTHOPBUCKET",
        Some(&nexthop::NHMSG),
        Some(&nexthop::NHA_ATTRS),
    ),
    msg(
        118,
        "RTM_GETNEXTHOPBUCKET",
        Some(&nexthop::NHMSG),
        Some(&nexthop::NHA_ATTRS),
    ),
    msg(
        120,
        "RTM_NEWTUNNEL",
        Some(&misc::TUNNEL_MSG),
        Some(&misc::VXLAN_VNIFILTER_ATTRS),
    ),
    msg(
        121,
        "RTM_DELTUNNEL",
        Some(&misc::TUNNEL_MSG),
        Some(&misc::VXLAN_VNIFILTER_ATTRS),
    ),
    msg(
        122,
        "RTM_GETTUNNEL",
        Some(&misc::TUNNEL_MSG),
        Some(&misc::VXLAN_VNIFILTER_ATTRS),
    ),
];

/// Requests whose attributes differ from the kernel's messages of the same type.
static REQUESTS: &[MsgDef] = &[
    msg(
        84,
        "RTM_NEWMDB",
        Some(&mdb::BR_PORT_MSG),
        Some(&mdb::MDBA_SET_ENTRY_ATTRS),
    ),
    msg(
        85,
        "RTM_DELMDB",
        Some(&mdb::BR_PORT_MSG),
        Some(&mdb::MDBA_SET_ENTRY_ATTRS),
    ),
    msg(
        86,
        "RTM_GETMDB",
        Some(&mdb::BR_PORT_MSG),
        Some(&mdb::MDBA_GET_ENTRY_ATTRS),
    ),
    msg(
        114,
        "RTM_GETVLAN",
        Some(&vlan::BR_VLAN_MSG),
        Some(&vlan::BRIDGE_VLANDB_DUMP_ATTRS),
    ),
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
    MESSAGES.iter().chain(REQUESTS.iter())
}

/// The attribute space of the route attributes inside each `RTA_MULTIPATH` hop.
pub fn multipath_attrs() -> Option<&'static AttrSet> {
    Some(&crate::schema::gen::rt_route::ROUTE_ATTRS)
}
