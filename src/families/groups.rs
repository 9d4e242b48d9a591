//! Multicast group names per netlink protocol, for `nlscope capture --group NAME`.
//!
//! Sources: `enum rtnetlink_groups` (linux/rtnetlink.h), `enum xfrm_nlgroups`
//! (linux/xfrm.h), `enum nfnetlink_groups` (linux/netfilter/nfnetlink.h),
//! `enum selinux_nlgroups` (linux/selinux_netlink.h), `AUDIT_NLGRP_READLOG`
//! (linux/audit.h), the connector's `cb_id.idx` values, which are its group numbers
//! (linux/connector.h), and the two uevent groups (the kernel's, 1, and udev's
//! re-broadcast, 2: systemd's `MONITOR_GROUP_KERNEL`/`MONITOR_GROUP_UDEV`). Generic
//! netlink groups have dynamic ids: they are named `family/group` and resolved from
//! nlctrl at capture time, not here.

use crate::wire::protocol::*;

/// `(protocol, group number, kernel name)`; names are matched without case and
/// without the protocol's prefix (`link` for `RTNLGRP_LINK`).
pub static GROUPS: &[(u16, u32, &str)] = &[
    (NETLINK_ROUTE, 1, "RTNLGRP_LINK"),
    (NETLINK_ROUTE, 2, "RTNLGRP_NOTIFY"),
    (NETLINK_ROUTE, 3, "RTNLGRP_NEIGH"),
    (NETLINK_ROUTE, 4, "RTNLGRP_TC"),
    (NETLINK_ROUTE, 5, "RTNLGRP_IPV4_IFADDR"),
    (NETLINK_ROUTE, 6, "RTNLGRP_IPV4_MROUTE"),
    (NETLINK_ROUTE, 7, "RTNLGRP_IPV4_ROUTE"),
    (NETLINK_ROUTE, 8, "RTNLGRP_IPV4_RULE"),
    (NETLINK_ROUTE, 9, "RTNLGRP_IPV6_IFADDR"),
    (NETLINK_ROUTE, 10, "RTNLGRP_IPV6_MROUTE"),
    (NETLINK_ROUTE, 11, "RTNLGRP_IPV6_ROUTE"),
    (NETLINK_ROUTE, 12, "RTNLGRP_IPV6_IFINFO"),
    (NETLINK_ROUTE, 13, "RTNLGRP_DECnet_IFADDR"),
    (NETLINK_ROUTE, 14, "RTNLGRP_NOP2"),
    (NETLINK_ROUTE, 15, "RTNLGRP_DECnet_ROUTE"),
    (NETLINK_ROUTE, 16, "RTNLGRP_DECnet_RULE"),
    (NETLINK_ROUTE, 17, "RTNLGRP_NOP4"),
    (NETLINK_ROUTE, 18, "RTNLGRP_IPV6_PREFIX"),
    (NETLINK_ROUTE, 19, "RTNLGRP_IPV6_RULE"),
    (NETLINK_ROUTE, 20, "RTNLGRP_ND_USEROPT"),
    (NETLINK_ROUTE, 21, "RTNLGRP_PHONET_IFADDR"),
    (NETLINK_ROUTE, 22, "RTNLGRP_PHONET_ROUTE"),
    (NETLINK_ROUTE, 23, "RTNLGRP_DCB"),
    (NETLINK_ROUTE, 24, "RTNLGRP_IPV4_NETCONF"),
    (NETLINK_ROUTE, 25, "RTNLGRP_IPV6_NETCONF"),
    (NETLINK_ROUTE, 26, "RTNLGRP_MDB"),
    (NETLINK_ROUTE, 27, "RTNLGRP_MPLS_ROUTE"),
    (NETLINK_ROUTE, 28, "RTNLGRP_NSID"),
    (NETLINK_ROUTE, 29, "RTNLGRP_MPLS_NETCONF"),
    (NETLINK_ROUTE, 30, "RTNLGRP_IPV4_MROUTE_R"),
    (NETLINK_ROUTE, 31, "RTNLGRP_IPV6_MROUTE_R"),
    (NETLINK_ROUTE, 32, "RTNLGRP_NEXTHOP"),
    (NETLINK_ROUTE, 33, "RTNLGRP_BRVLAN"),
    (NETLINK_ROUTE, 34, "RTNLGRP_MCTP_IFADDR"),
    (NETLINK_ROUTE, 35, "RTNLGRP_TUNNEL"),
    (NETLINK_ROUTE, 36, "RTNLGRP_STATS"),
    (NETLINK_XFRM, 1, "XFRMNLGRP_ACQUIRE"),
    (NETLINK_XFRM, 2, "XFRMNLGRP_EXPIRE"),
    (NETLINK_XFRM, 3, "XFRMNLGRP_SA"),
    (NETLINK_XFRM, 4, "XFRMNLGRP_POLICY"),
    (NETLINK_XFRM, 5, "XFRMNLGRP_AEVENTS"),
    (NETLINK_XFRM, 6, "XFRMNLGRP_REPORT"),
    (NETLINK_XFRM, 7, "XFRMNLGRP_MIGRATE"),
    (NETLINK_XFRM, 8, "XFRMNLGRP_MAPPING"),
    (NETLINK_NETFILTER, 1, "NFNLGRP_CONNTRACK_NEW"),
    (NETLINK_NETFILTER, 2, "NFNLGRP_CONNTRACK_UPDATE"),
    (NETLINK_NETFILTER, 3, "NFNLGRP_CONNTRACK_DESTROY"),
    (NETLINK_NETFILTER, 4, "NFNLGRP_CONNTRACK_EXP_NEW"),
    (NETLINK_NETFILTER, 5, "NFNLGRP_CONNTRACK_EXP_UPDATE"),
    (NETLINK_NETFILTER, 6, "NFNLGRP_CONNTRACK_EXP_DESTROY"),
    (NETLINK_NETFILTER, 7, "NFNLGRP_NFTABLES"),
    (NETLINK_NETFILTER, 8, "NFNLGRP_ACCT_QUOTA"),
    (NETLINK_NETFILTER, 9, "NFNLGRP_NFTRACE"),
    (NETLINK_SELINUX, 1, "SELNLGRP_AVC"),
    (NETLINK_AUDIT, 1, "AUDIT_NLGRP_READLOG"),
    (NETLINK_CONNECTOR, 1, "CN_IDX_PROC"),
    (NETLINK_CONNECTOR, 2, "CN_IDX_CIFS"),
    (NETLINK_CONNECTOR, 3, "CN_W1_IDX"),
    (NETLINK_CONNECTOR, 4, "CN_IDX_V86D"),
    (NETLINK_CONNECTOR, 5, "CN_IDX_BB"),
    (NETLINK_CONNECTOR, 6, "CN_DST_IDX"),
    (NETLINK_CONNECTOR, 7, "CN_IDX_DM"),
    (NETLINK_CONNECTOR, 8, "CN_IDX_DRBD"),
    (NETLINK_CONNECTOR, 9, "CN_KVP_IDX"),
    (NETLINK_CONNECTOR, 10, "CN_VSS_IDX"),
    (NETLINK_KOBJECT_UEVENT, 1, "KERNEL"),
    (NETLINK_KOBJECT_UEVENT, 2, "UDEV"),
];

/// The prefix a group name may be given without.
fn prefix(protocol: u16) -> &'static str {
    match protocol {
        NETLINK_ROUTE => "RTNLGRP_",
        NETLINK_XFRM => "XFRMNLGRP_",
        NETLINK_NETFILTER => "NFNLGRP_",
        NETLINK_SELINUX => "SELNLGRP_",
        NETLINK_AUDIT => "AUDIT_NLGRP_",
        _ => "",
    }
}

/// The group of `protocol` a user named: a number, or a name of [`GROUPS`] in any
/// case, with or without its prefix (`link`, `RTNLGRP_LINK`; `proc`, `CN_IDX_PROC`).
pub fn by_name(protocol: u16, name: &str) -> Option<u32> {
    if let Ok(n) = name.parse::<u32>() {
        return Some(n);
    }
    let up = name.to_ascii_uppercase();
    GROUPS
        .iter()
        .filter(|(p, _, _)| *p == protocol)
        .find(|(_, _, n)| {
            let n = n.to_ascii_uppercase();
            n == up
                || n.strip_prefix(prefix(protocol)) == Some(up.as_str())
                || (protocol == NETLINK_CONNECTOR
                    && n.replace("_IDX", "").strip_prefix("CN_") == Some(up.as_str()))
        })
        .map(|(_, g, _)| *g)
}

/// The kernel name of group `group` of `protocol`, if tabled.
pub fn name(protocol: u16, group: u32) -> Option<&'static str> {
    GROUPS
        .iter()
        .find(|(p, g, _)| *p == protocol && *g == group)
        .map(|(_, _, n)| *n)
}

/// The names of `protocol`'s groups (for an error message).
pub fn names(protocol: u16) -> Vec<&'static str> {
    GROUPS
        .iter()
        .filter(|(p, _, _)| *p == protocol)
        .map(|(_, _, n)| *n)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_in_every_spelling() {
        assert_eq!(by_name(NETLINK_ROUTE, "link"), Some(1));
        assert_eq!(by_name(NETLINK_ROUTE, "RTNLGRP_STATS"), Some(36));
        assert_eq!(by_name(NETLINK_ROUTE, "7"), Some(7));
        assert_eq!(by_name(NETLINK_CONNECTOR, "proc"), Some(1));
        assert_eq!(by_name(NETLINK_CONNECTOR, "CN_IDX_PROC"), Some(1));
        assert_eq!(by_name(NETLINK_KOBJECT_UEVENT, "udev"), Some(2));
        assert_eq!(by_name(NETLINK_AUDIT, "readlog"), Some(1));
        assert_eq!(by_name(NETLINK_XFRM, "link"), None);
        assert_eq!(name(NETLINK_ROUTE, 32), Some("RTNLGRP_NEXTHOP"));
    }

    #[test]
    fn numbers_are_unique_per_protocol() {
        for (i, a) in GROUPS.iter().enumerate() {
            for b in GROUPS.iter().skip(i + 1) {
                assert!(a.0 != b.0 || a.1 != b.1, "{a:?} {b:?}");
            }
        }
    }
}
