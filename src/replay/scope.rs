//! Which requests `nlscope replay` sends: only those whose effect the kernel keeps
//! per network namespace.
//!
//! A replay runs in a scratch network namespace inside a sandbox
//! ([`crate::os::sandbox`]), and that protects the host only for state the kernel
//! keeps per network namespace. Audit, the regulatory domain, kernel-wide tunables,
//! loaded modules and the like are shared by every namespace: a replayed `AUDIT_SET`
//! changes the host's audit configuration whatever namespace it comes from. So the
//! replay sends a request only when its protocol — for generic netlink its family,
//! for nfnetlink its subsystem — is on the allowlists below, each row with the reason
//! its state is per namespace; every other request is reported as not replayed,
//! host-global, with its family. An unknown family is never assumed safe.

use super::Request;
use crate::wire::protocol::Protocol;
use crate::wire::protocol::{
    NETLINK_FIB_LOOKUP, NETLINK_GENERIC, NETLINK_NETFILTER, NETLINK_ROUTE, NETLINK_SOCK_DIAG,
    NETLINK_XFRM,
};

/// Netlink protocols whose every message acts on the sender's network namespace.
/// Generic netlink and nfnetlink are decided per family ([`GENL_FAMILIES`]) and per
/// subsystem ([`NFNL_SUBSYSTEMS`]).
pub const PROTOCOLS: &[(u16, &str)] = &[
    (
        NETLINK_ROUTE,
        "links, addresses, routes, rules, nexthops, neighbours, tc, netconf and nsids \
         live in the namespace's struct net",
    ),
    (
        NETLINK_SOCK_DIAG,
        "dumps and destroys only sockets of the requester's namespace",
    ),
    (
        NETLINK_XFRM,
        "states, policies and their thresholds live in net->xfrm",
    ),
    (
        NETLINK_FIB_LOOKUP,
        "a read-only route lookup in the socket's namespace",
    ),
];

/// Generic-netlink families (by name) whose objects are per network namespace.
pub const GENL_FAMILIES: &[(&str, &str)] = &[
    ("nlctrl", "read-only: the family registry"),
    (
        "ethtool",
        "acts on the devices of the requester's namespace",
    ),
    (
        "wireguard",
        "acts on wireguard devices of the requester's namespace",
    ),
    (
        "mptcp_pm",
        "endpoints and limits are per namespace (pm_nl_pernet)",
    ),
    ("tcp_metrics", "the metrics cache is per namespace"),
    ("fou", "receive ports are per namespace (fou_net)"),
    ("l2tp", "tunnels and sessions are per namespace (l2tp_net)"),
    (
        "macsec",
        "acts on macsec devices of the requester's namespace",
    ),
    (
        "SEG6",
        "HMAC keys and the tunnel source are per namespace (seg6_pernet)",
    ),
    (
        "IOAM6",
        "namespaces and schemas are per namespace (ioam6_pernet)",
    ),
    ("netdev", "acts on the devices of the requester's namespace"),
    ("team", "acts on team devices of the requester's namespace"),
    ("gtp", "acts on gtp devices of the requester's namespace"),
    ("ila", "mappings are per namespace (ila_net)"),
    ("ovs_datapath", "datapaths are per namespace (ovs_net)"),
    ("ovs_vport", "ports of the namespace's datapaths"),
    ("ovs_flow", "flows of the namespace's datapaths"),
    ("ovs_packet", "packets into the namespace's datapaths"),
    ("ovs_meter", "meters of the namespace's datapaths"),
    (
        "ovs_ct_limit",
        "conntrack limits of the namespace's datapaths",
    ),
];

/// nfnetlink subsystems (the high byte of the message type, or `res_id` of a batch)
/// whose state is per network namespace.
pub const NFNL_SUBSYSTEMS: &[(u8, &str, &str)] = &[
    (1, "ctnetlink", "the conntrack table is per namespace"),
    (2, "ctnetlink_exp", "expectations are per namespace"),
    (
        3,
        "queue",
        "queue instances are per namespace (nfnl_queue_net)",
    ),
    (4, "ulog", "log instances are per namespace (nfnl_log_net)"),
    (6, "ipset", "sets are per namespace (ip_set_net)"),
    (7, "acct", "accounting objects are per namespace"),
    (8, "cttimeout", "timeout policies are per namespace"),
    (
        10,
        "nftables",
        "tables and everything in them are per namespace",
    ),
    (
        11,
        "nft_compat",
        "read-only: the revision of an xtables extension",
    ),
    (
        12,
        "hook",
        "read-only: the hooks of the requester's namespace",
    ),
];

/// `NFNL_MSG_BATCH_BEGIN` / `_END`: subsystem 0, types 16 and 17; `res_id` names
/// the batch's subsystem.
const NFNL_BATCH: std::ops::RangeInclusive<u16> = 16..=17;

/// Why `r` may be replayed (`Ok`, the reason its state is per namespace) or why not
/// (`Err`, the sentence for "not replayed").
///
/// # Errors
/// The request acts on state the kernel shares between namespaces, or on a family
/// this table does not know to be per namespace.
pub fn check(r: &Request) -> Result<&'static str, String> {
    let protocol = Protocol(r.protocol)
        .name()
        .map_or_else(|| format!("protocol {}", r.protocol), str::to_owned);
    match r.protocol {
        NETLINK_GENERIC => {
            let Some(name) = r.genl_family.as_deref() else {
                return Err(format!(
                    "host-global: generic netlink family id {} unknown, so not known to be \
                     per network namespace",
                    r.msg_type()
                ));
            };
            GENL_FAMILIES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, why)| *why)
                .ok_or_else(|| {
                    format!(
                        "host-global: generic netlink family {name:?} is not known to keep \
                         its state per network namespace"
                    )
                })
        }
        NETLINK_NETFILTER => {
            let ty = r.msg_type();
            let subsys = if NFNL_BATCH.contains(&ty) {
                // nfgenmsg after the header: family, version, res_id (big-endian).
                r.bytes
                    .get(18..20)
                    .and_then(|b| <[u8; 2]>::try_from(b).ok())
                    .map(u16::from_be_bytes)
                    .and_then(|id| u8::try_from(id).ok())
            } else {
                u8::try_from(ty >> 8).ok()
            };
            NFNL_SUBSYSTEMS
                .iter()
                .find(|(id, _, _)| Some(*id) == subsys)
                .map(|(_, _, why)| *why)
                .ok_or_else(|| match subsys {
                    Some(5) => "host-global: nfnetlink_osf fingerprints are shared by every \
                                namespace"
                        .to_owned(),
                    Some(s) => format!(
                        "host-global: nfnetlink subsystem {s} is not known to keep its state \
                         per network namespace"
                    ),
                    None => "host-global: nfnetlink batch without a subsystem".to_owned(),
                })
        }
        p => PROTOCOLS
            .iter()
            .find(|(n, _)| *n == p)
            .map(|(_, why)| *why)
            .ok_or_else(|| {
                format!(
                    "host-global: {protocol} state is not kept per network namespace (or not \
                     known to be)"
                )
            }),
    }
}
