//! Names the kernel gives to values that its YAML specs leave as plain numbers.
//!
//! Each table lists a uapi header's constants, named as the specs name their enums
//! (lower case, without the C prefix). `tests/hand_tables.rs` compiles every entry
//! against the uapi headers, so a wrong value fails a test.

use crate::families::schema::EnumDef;
use crate::wire::protocol::*;

/// `ifi_type`: the link-layer type (linux/if_arp.h). 0 (`ARPHRD_NETROM`) stays a
/// number: user space puts 0 in requests for "any", and NET/ROM devices are rare.
pub static ARPHRD: EnumDef = EnumDef {
    name: "arphrd",
    flags: false,
    entries: &[
        (1, "ether"),
        (2, "eether"),
        (3, "ax25"),
        (4, "pronet"),
        (5, "chaos"),
        (6, "ieee802"),
        (7, "arcnet"),
        (8, "appletlk"),
        (15, "dlci"),
        (19, "atm"),
        (23, "metricom"),
        (24, "ieee1394"),
        (27, "eui64"),
        (32, "infiniband"),
        (256, "slip"),
        (257, "cslip"),
        (258, "slip6"),
        (259, "cslip6"),
        (260, "rsrvd"),
        (264, "adapt"),
        (270, "rose"),
        (271, "x25"),
        (272, "hwx25"),
        (280, "can"),
        (290, "mctp"),
        (512, "ppp"),
        (513, "cisco"),
        (516, "lapb"),
        (517, "ddcmp"),
        (518, "rawhdlc"),
        (519, "rawip"),
        (768, "tunnel"),
        (769, "tunnel6"),
        (770, "frad"),
        (771, "skip"),
        (772, "loopback"),
        (773, "localtlk"),
        (774, "fddi"),
        (775, "bif"),
        (776, "sit"),
        (777, "ipddp"),
        (778, "ipgre"),
        (779, "pimreg"),
        (780, "hippi"),
        (781, "ash"),
        (782, "econet"),
        (783, "irda"),
        (784, "fcpp"),
        (785, "fcal"),
        (786, "fcpl"),
        (787, "fcfabric"),
        (800, "ieee802-tr"),
        (801, "ieee80211"),
        (802, "ieee80211-prism"),
        (803, "ieee80211-radiotap"),
        (804, "ieee802154"),
        (805, "ieee802154-monitor"),
        (820, "phonet"),
        (821, "phonet-pipe"),
        (822, "caif"),
        (823, "ip6gre"),
        (824, "netlink"),
        (825, "6lowpan"),
        (826, "vsockmon"),
        (65535, "void"),
        (65534, "none"),
    ],
};

/// `rtm_scope`, `ifa_scope`, `rtnh` scopes (linux/rtnetlink.h).
pub static RT_SCOPE: EnumDef = EnumDef {
    name: "rt-scope",
    flags: false,
    entries: &[
        (0, "universe"),
        (200, "site"),
        (253, "link"),
        (254, "host"),
        (255, "nowhere"),
    ],
};

/// `rtm_protocol`: who installed a route (linux/rtnetlink.h).
pub static RTPROT: EnumDef = EnumDef {
    name: "rtprot",
    flags: false,
    entries: &[
        (0, "unspec"),
        (1, "redirect"),
        (2, "kernel"),
        (3, "boot"),
        (4, "static"),
        (8, "gated"),
        (9, "ra"),
        (10, "mrt"),
        (11, "zebra"),
        (12, "bird"),
        (13, "dnrouted"),
        (14, "xorp"),
        (15, "ntk"),
        (16, "dhcp"),
        (17, "mrouted"),
        (18, "keepalived"),
        (42, "babel"),
        (99, "openr"),
        (186, "bgp"),
        (187, "isis"),
        (188, "ospf"),
        (189, "rip"),
        (192, "eigrp"),
    ],
};

/// `rtm_table`, `RTA_TABLE`, `FRA_TABLE`: the reserved table ids (linux/rtnetlink.h); others are plain numbers.
pub static RT_TABLE: EnumDef = EnumDef {
    name: "rt-table",
    flags: false,
    entries: &[
        (0, "unspec"),
        (252, "compat"),
        (253, "default"),
        (254, "main"),
        (255, "local"),
    ],
};

/// `rtm_flags`: `RTNH_F_*` in the low byte, `RTM_F_*` above (linux/rtnetlink.h); the
/// `RTM_F_` bits that share a name with an `RTNH_F_` one are `rt-…`, as iproute2 says.
pub static RTM_FLAGS: EnumDef = EnumDef {
    name: "rtm-flags",
    flags: true,
    entries: &[
        (0x1, "dead"),
        (0x2, "pervasive"),
        (0x4, "onlink"),
        (0x8, "offload"),
        (0x10, "linkdown"),
        (0x20, "unresolved"),
        (0x40, "trap"),
        (0x100, "notify"),
        (0x200, "cloned"),
        (0x400, "equalize"),
        (0x800, "prefix"),
        (0x1000, "lookup-table"),
        (0x2000, "fib-match"),
        (0x4000, "rt-offload"),
        (0x8000, "rt-trap"),
        (0x20000000, "rt-offload-failed"),
    ],
};

/// `IFLA_OPERSTATE` (RFC 2863 states, linux/if.h).
pub static IF_OPER: EnumDef = EnumDef {
    name: "if-oper",
    flags: false,
    entries: &[
        (0, "unknown"),
        (1, "notpresent"),
        (2, "down"),
        (3, "lowerlayerdown"),
        (4, "testing"),
        (5, "dormant"),
        (6, "up"),
    ],
};

/// `IFLA_LINKMODE` (linux/if.h).
pub static IF_LINK_MODE: EnumDef = EnumDef {
    name: "if-link-mode",
    flags: false,
    entries: &[(0, "default"), (1, "dormant"), (2, "testing")],
};

/// address families (sys/socket.h), and the two rtnetlink adds for multicast routing (`RTNL_FAMILY_IPMR` 128, `RTNL_FAMILY_IP6MR` 129, linux/rtnetlink.h): `ifi_family`, `rtm_family`, `ifa_family`, `ndm_family`, `tcm_family`, ….
pub static AF: EnumDef = EnumDef {
    name: "address-family",
    flags: false,
    entries: &[
        (0, "unspec"),
        (1, "unix"),
        (2, "inet"),
        (3, "ax25"),
        (4, "ipx"),
        (5, "appletalk"),
        (6, "netrom"),
        (7, "bridge"),
        (8, "atmpvc"),
        (9, "x25"),
        (10, "inet6"),
        (11, "rose"),
        (13, "netbeui"),
        (14, "security"),
        (15, "key"),
        (16, "netlink"),
        (17, "packet"),
        (18, "ash"),
        (19, "econet"),
        (20, "atmsvc"),
        (21, "rds"),
        (22, "sna"),
        (23, "irda"),
        (24, "pppox"),
        (25, "wanpipe"),
        (26, "llc"),
        (27, "ib"),
        (28, "mpls"),
        (29, "can"),
        (30, "tipc"),
        (31, "bluetooth"),
        (32, "iucv"),
        (33, "rxrpc"),
        (34, "isdn"),
        (35, "phonet"),
        (36, "ieee802154"),
        (37, "caif"),
        (38, "alg"),
        (39, "nfc"),
        (40, "vsock"),
        (41, "kcm"),
        (42, "qipcrtr"),
        (43, "smc"),
        (44, "xdp"),
        (45, "mctp"),
        (128, "ipmr"),
        (129, "ip6mr"),
    ],
};

/// `nfgen_family` (linux/netfilter.h).
pub static NFPROTO: EnumDef = EnumDef {
    name: "nfproto",
    flags: false,
    entries: &[
        (0, "unspec"),
        (1, "inet"),
        (2, "ipv4"),
        (3, "arp"),
        (5, "netdev"),
        (7, "bridge"),
        (10, "ipv6"),
        (12, "decnet"),
    ],
};

/// `IFLA_BOND_MODE` (linux/if_bonding.h).
pub static BOND_MODE: EnumDef = EnumDef {
    name: "bond-mode",
    flags: false,
    entries: &[
        (0, "roundrobin"),
        (1, "activebackup"),
        (2, "xor"),
        (3, "broadcast"),
        (4, "8023ad"),
        (5, "tlb"),
        (6, "alb"),
    ],
};
/// `LWTUNNEL_ENCAP_*` (linux/lwtunnel.h): `NHA_ENCAP_TYPE`, `RTA_ENCAP_TYPE`. Its
/// entries keep the C names they were first printed with.
pub static LWTUNNEL_ENCAP: EnumDef = EnumDef {
    name: "lwtunnel-encap-types",
    flags: false,
    entries: &[
        (0, "LWTUNNEL_ENCAP_NONE"),
        (1, "LWTUNNEL_ENCAP_MPLS"),
        (2, "LWTUNNEL_ENCAP_IP"),
        (3, "LWTUNNEL_ENCAP_ILA"),
        (4, "LWTUNNEL_ENCAP_IP6"),
        (5, "LWTUNNEL_ENCAP_SEG6"),
        (6, "LWTUNNEL_ENCAP_BPF"),
        (7, "LWTUNNEL_ENCAP_SEG6_LOCAL"),
        (8, "LWTUNNEL_ENCAP_RPL"),
        (9, "LWTUNNEL_ENCAP_IOAM6"),
        (10, "LWTUNNEL_ENCAP_XFRM"),
    ],
};

/// A netlink protocol number as a value (`ndiag_protocol` of `struct
/// netlink_diag_msg`, `sdiag_protocol` of a `NETLINK_DIAG` request): the
/// `NETLINK_*` protocols of linux/netlink.h, numbered by [`crate::wire::protocol`].
pub static NETLINK_PROTOCOL: EnumDef = EnumDef {
    name: "netlink-protocol",
    flags: false,
    entries: &[
        (NETLINK_ROUTE as u64, "route"),
        (NETLINK_UNUSED as u64, "unused"),
        (NETLINK_USERSOCK as u64, "usersock"),
        (NETLINK_FIREWALL as u64, "firewall"),
        (NETLINK_SOCK_DIAG as u64, "sock_diag"),
        (NETLINK_NFLOG as u64, "nflog"),
        (NETLINK_XFRM as u64, "xfrm"),
        (NETLINK_SELINUX as u64, "selinux"),
        (NETLINK_ISCSI as u64, "iscsi"),
        (NETLINK_AUDIT as u64, "audit"),
        (NETLINK_FIB_LOOKUP as u64, "fib_lookup"),
        (NETLINK_CONNECTOR as u64, "connector"),
        (NETLINK_NETFILTER as u64, "netfilter"),
        (NETLINK_IP6_FW as u64, "ip6_fw"),
        (NETLINK_DNRTMSG as u64, "dnrtmsg"),
        (NETLINK_KOBJECT_UEVENT as u64, "kobject_uevent"),
        (NETLINK_GENERIC as u64, "generic"),
        (NETLINK_SCSITRANSPORT as u64, "scsitransport"),
        (NETLINK_ECRYPTFS as u64, "ecryptfs"),
        (NETLINK_RDMA as u64, "rdma"),
        (NETLINK_CRYPTO as u64, "crypto"),
        (NETLINK_SMC as u64, "smc"),
    ],
};

/// Every table here with the C prefix of its constants (`tests/hand_tables.rs` checks
/// each entry against the uapi headers; `rtm-flags` mixes `RTNH_F_` and `RTM_F_`, and
/// `address-family` ends with two `RTNL_FAMILY_` values).
pub static ALL: &[(&EnumDef, &str)] = &[
    (&ARPHRD, "ARPHRD_"),
    (&RT_SCOPE, "RT_SCOPE_"),
    (&RTPROT, "RTPROT_"),
    (&RT_TABLE, "RT_TABLE_"),
    (&RTM_FLAGS, "RTNH_F_"),
    (&IF_OPER, "IF_OPER_"),
    (&IF_LINK_MODE, "IF_LINK_MODE_"),
    (&AF, "AF_"),
    (&NFPROTO, "NFPROTO_"),
    (&BOND_MODE, "BOND_MODE_"),
    (&NETLINK_PROTOCOL, "NETLINK_"),
];
