//! Differential test: nlscope's library decode against tshark (Wireshark's
//! dissectors) on every corpus capture.
//!
//! tshark runs once per capture (`tshark -r FILE -T pdml`); its PDML is read line by
//! line (tshark writes one element per line) and compared frame by frame with what
//! `common::walk_capture` found:
//!
//! * messages: every `netlink.hdr_len` at `pos` P must be a message nlscope found at
//!   P (top level or echoed in an `NLMSG_ERROR`), with equal len, type, flags, seq
//!   and pid; every nlscope message must be one tshark found;
//! * attributes: every `netlink.attr_len` at P must be an nlscope attribute at P with
//!   equal `nla_len` and `nla_type` (flag bits included), and every attribute-type
//!   field tshark adds (`netlink-route.ifla_attr_type`, …) must equal the type number;
//! * values: each tshark value field in [`VALUES`] is compared, in a normalised text
//!   form, with the nlscope value of the same position and a name from its row.
//!
//! What tshark gets wrong (NETLINK-FACTS §10) is in [`EXCEPTIONS`]; each suppression
//! is counted and printed with the totals
//! (`cargo test --test tshark_diff -- --nocapture`). tshark is required: the test
//! fails when it is not installed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{walk_capture, Walked, NLMON_HDR};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// How a value is normalised before comparing.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Norm {
    /// A number: tshark's `0x…` or decimal `show`, compared in decimal.
    Num,
    /// Text as tshark shows it.
    Text,
    /// A link-layer address, lower-case colon form.
    Mac,
    /// An IPv4/IPv6 address in text.
    Ip,
    /// A number tshark reads from bytes nlscope splits or keeps as bytes (the
    /// 8-byte sock_diag cookie is two u32 members in nlscope): tshark's number is
    /// compared with the record's bytes at that position in the capture's order.
    HostBytes,
    /// Raw bytes in hex (tshark shows `aa:bb` or `aabb`), compared with the bytes
    /// at that position of the record; nlscope must have a value there.
    RawHex,
}

/// One tshark value field and the nlscope names it may be compared with (an
/// attribute name, or `struct.member` for fixed headers; `*.member`: that member
/// of any struct, for tshark fields shared by several kernel structs; `*`: any
/// value nlscope decoded at that position, for tshark's generic nl80211 value
/// fields).
struct Row {
    tshark: &'static str,
    nlscope: &'static [&'static str],
    norm: Norm,
}

const fn row(tshark: &'static str, nlscope: &'static [&'static str], norm: Norm) -> Row {
    Row {
        tshark,
        nlscope,
        norm,
    }
}

use Norm::*;

/// tshark value field → nlscope name, one row per field.
static VALUES: &[Row] = &[
    // control messages and the generic-netlink header
    row("netlink.error", &["nlmsgerr.error"], Num),
    row("genl.cmd", &["genlmsghdr.cmd"], Num),
    row("genl.ctrl.cmd", &["genlmsghdr.cmd"], Num),
    row("nl80211.cmd", &["genlmsghdr.cmd"], Num),
    row("genl.version", &["genlmsghdr.version"], Num),
    // rtnetlink link: ifinfomsg
    row("netlink-route.ifi_family", &["ifinfomsg.ifi_family"], Num),
    row("netlink-route.ifi_type", &["ifinfomsg.ifi_type"], Num),
    row("netlink-route.ifi_index", &["ifinfomsg.ifi_index"], Num),
    row("netlink-route.ifi_flags", &["ifinfomsg.ifi_flags"], Num),
    row("netlink-route.ifi_change", &["ifinfomsg.ifi_change"], Num),
    // rtnetlink link attributes
    row("netlink-route.ifla_ifname", &["IFLA_IFNAME"], Text),
    row("netlink-route.ifla_txqlen", &["IFLA_TXQLEN"], Num),
    row("netlink-route.ifla_operstate", &["IFLA_OPERSTATE"], Num),
    row("netlink-route.ifla_mtu", &["IFLA_MTU"], Num),
    row("netlink-route.ifla_min_mtu", &["IFLA_MIN_MTU"], Num),
    row("netlink-route.ifla_max_mtu", &["IFLA_MAX_MTU"], Num),
    row("netlink-route.ifla_group", &["IFLA_GROUP"], Num),
    row("netlink-route.ifla_promiscuity", &["IFLA_PROMISCUITY"], Num),
    row("netlink-route.ifla_txqnum", &["IFLA_NUM_TX_QUEUES"], Num),
    row("netlink-route.ifla_rxqnum", &["IFLA_NUM_RX_QUEUES"], Num),
    row(
        "netlink-route.ifla_gso_maxsegs",
        &["IFLA_GSO_MAX_SEGS"],
        Num,
    ),
    row(
        "netlink-route.ifla_gso_maxsize",
        &["IFLA_GSO_MAX_SIZE"],
        Num,
    ),
    row("netlink-route.ifla_carrier", &["IFLA_CARRIER"], Num),
    row(
        "netlink-route.ifla_carrier_changes",
        &["IFLA_CARRIER_CHANGES"],
        Num,
    ),
    row(
        "netlink-route.ifla_carrier_up_count",
        &["IFLA_CARRIER_UP_COUNT"],
        Num,
    ),
    row(
        "netlink-route.ifla_carrier_down_count",
        &["IFLA_CARRIER_DOWN_COUNT"],
        Num,
    ),
    row("netlink-route.ifla_hwaddr", &["IFLA_ADDRESS"], Mac),
    row("netlink-route.ifla_broadcast", &["IFLA_BROADCAST"], Mac),
    row("netlink-route.ifla_qdisc", &["IFLA_QDISC"], Text),
    // IFLA_MAP: struct rtnl_link_ifmap
    row(
        "netlink-route.ifla_map.mem_start",
        &["rtnl-link-ifmap.mem_start"],
        Num,
    ),
    row(
        "netlink-route.ifla_map.mem_end",
        &["rtnl-link-ifmap.mem_end"],
        Num,
    ),
    row(
        "netlink-route.ifla_map.base_addr",
        &["rtnl-link-ifmap.base_addr"],
        Num,
    ),
    row("netlink-route.ifla_map.irq", &["rtnl-link-ifmap.irq"], Num),
    row("netlink-route.ifla_map.dma", &["rtnl-link-ifmap.dma"], Num),
    row(
        "netlink-route.ifla_map.port",
        &["rtnl-link-ifmap.port"],
        Num,
    ),
    // IFLA_STATS / IFLA_STATS64: struct rtnl_link_stats(64), one tshark field for both
    row(
        "netlink-route.ifla_linkstats.rxpackets",
        &["rtnl-link-stats.rx_packets", "rtnl-link-stats64.rx_packets"],
        Num,
    ),
    row(
        "netlink-route.ifla_linkstats.txpackets",
        &["rtnl-link-stats.tx_packets", "rtnl-link-stats64.tx_packets"],
        Num,
    ),
    row(
        "netlink-route.ifla_linkstats.rxbytes",
        &["rtnl-link-stats.rx_bytes", "rtnl-link-stats64.rx_bytes"],
        Num,
    ),
    row(
        "netlink-route.ifla_linkstats.txbytes",
        &["rtnl-link-stats.tx_bytes", "rtnl-link-stats64.tx_bytes"],
        Num,
    ),
    row(
        "netlink-route.ifla_linkstats.rxerrors",
        &["rtnl-link-stats.rx_errors", "rtnl-link-stats64.rx_errors"],
        Num,
    ),
    row(
        "netlink-route.ifla_linkstats.txerrors",
        &["rtnl-link-stats.tx_errors", "rtnl-link-stats64.tx_errors"],
        Num,
    ),
    row(
        "netlink-route.ifla_linkstats.rxdropped",
        &["rtnl-link-stats.rx_dropped", "rtnl-link-stats64.rx_dropped"],
        Num,
    ),
    row(
        "netlink-route.ifla_linkstats.txdropped",
        &["rtnl-link-stats.tx_dropped", "rtnl-link-stats64.tx_dropped"],
        Num,
    ),
    row(
        "netlink-route.ifla_linkstats.multicast",
        &["rtnl-link-stats.multicast", "rtnl-link-stats64.multicast"],
        Num,
    ),
    row(
        "netlink-route.ifla_linkstats.collisions",
        &["rtnl-link-stats.collisions", "rtnl-link-stats64.collisions"],
        Num,
    ),
    row(
        "netlink-route.ifla_linkstats.rx_errors.length_errs",
        &[
            "rtnl-link-stats.rx_length_errors",
            "rtnl-link-stats64.rx_length_errors",
        ],
        Num,
    ),
    row(
        "netlink-route.ifla_linkstats.rx_errors.over_errs",
        &[
            "rtnl-link-stats.rx_over_errors",
            "rtnl-link-stats64.rx_over_errors",
        ],
        Num,
    ),
    row(
        "netlink-route.ifla_linkstats.rx_errors.crc_errs",
        &[
            "rtnl-link-stats.rx_crc_errors",
            "rtnl-link-stats64.rx_crc_errors",
        ],
        Num,
    ),
    row(
        "netlink-route.ifla_linkstats.rx_errors.frame_errs",
        &[
            "rtnl-link-stats.rx_frame_errors",
            "rtnl-link-stats64.rx_frame_errors",
        ],
        Num,
    ),
    // tshark uses this one field for both rx_fifo_errors and tx_fifo_errors
    row(
        "netlink-route.ifla_linkstats.rx_errors.fifo_errs",
        &[
            "rtnl-link-stats.rx_fifo_errors",
            "rtnl-link-stats64.rx_fifo_errors",
            "rtnl-link-stats.tx_fifo_errors",
            "rtnl-link-stats64.tx_fifo_errors",
        ],
        Num,
    ),
    row(
        "netlink-route.ifla_linkstats.rx_errors.miss_errs",
        &[
            "rtnl-link-stats.rx_missed_errors",
            "rtnl-link-stats64.rx_missed_errors",
        ],
        Num,
    ),
    row(
        "netlink-route.ifla_linkstats.rx_errors.abort_errs",
        &[
            "rtnl-link-stats.tx_aborted_errors",
            "rtnl-link-stats64.tx_aborted_errors",
        ],
        Num,
    ),
    row(
        "netlink-route.ifla_linkstats.rx_errors.carrier_errs",
        &[
            "rtnl-link-stats.tx_carrier_errors",
            "rtnl-link-stats64.tx_carrier_errors",
        ],
        Num,
    ),
    row(
        "netlink-route.ifla_linkstats.rx_errors.heartbeat_errs",
        &[
            "rtnl-link-stats.tx_heartbeat_errors",
            "rtnl-link-stats64.tx_heartbeat_errors",
        ],
        Num,
    ),
    row(
        "netlink-route.ifla_linkstats.rx_errors.window_errs",
        &[
            "rtnl-link-stats.tx_window_errors",
            "rtnl-link-stats64.tx_window_errors",
        ],
        Num,
    ),
    // rtnetlink addresses: ifaddrmsg and attributes. tshark's one `ifa_address`
    // field holds IFA_ADDRESS and IFA_LOCAL (and IFA_BROADCAST: see EXCEPTIONS).
    row("netlink-route.ifa_family", &["ifaddrmsg.ifa_family"], Num),
    row(
        "netlink-route.ifa_prefixlen",
        &["ifaddrmsg.ifa_prefixlen"],
        Num,
    ),
    row("netlink-route.ifa_flags", &["ifaddrmsg.ifa_flags"], Num),
    row("netlink-route.ifa_scope", &["ifaddrmsg.ifa_scope"], Num),
    row("netlink-route.ifa_index", &["ifaddrmsg.ifa_index"], Num),
    row(
        "netlink-route.ifa_address.ipv4",
        &["IFA_ADDRESS", "IFA_LOCAL"],
        Ip,
    ),
    row(
        "netlink-route.ifa_address.ipv6",
        &["IFA_ADDRESS", "IFA_LOCAL"],
        Ip,
    ),
    row("netlink-route.ifa_label", &["IFA_LABEL"], Text),
    row("netlink-route.ifa_flags32", &["IFA_FLAGS"], Num),
    // rtnetlink routes: rtmsg and attributes
    row("netlink-route.rt_family", &["rtmsg.rtm_family"], Num),
    row("netlink-route.rt_dst_len", &["rtmsg.rtm_dst_len"], Num),
    row("netlink-route.rt_src_len", &["rtmsg.rtm_src_len"], Num),
    row("netlink-route.rt_tos", &["rtmsg.rtm_tos"], Num),
    row("netlink-route.rt_table", &["rtmsg.rtm_table"], Num),
    row("netlink-route.rt_protocol", &["rtmsg.rtm_protocol"], Num),
    row("netlink-route.rt_scope", &["rtmsg.rtm_scope"], Num),
    row("netlink-route.rt_type", &["rtmsg.rtm_type"], Num),
    row("netlink-route.rt_flags", &["rtmsg.rtm_flags"], Num),
    row("netlink-route.rta_oif", &["RTA_OIF"], Num),
    // rtnetlink neighbours: ndmsg
    row("netlink-route.nd_family", &["ndmsg.ndm_family"], Num),
    row("netlink-route.nd_index", &["ndmsg.ndm_ifindex"], Num),
    row("netlink-route.nd_state", &["ndmsg.ndm_state"], Num),
    row("netlink-route.nd_flags", &["ndmsg.ndm_flags"], Num),
    row("netlink-route.nd_type", &["ndmsg.ndm_type"], Num),
    // nlctrl
    row("genl.ctrl.family_name", &["CTRL_ATTR_FAMILY_NAME"], Text),
    row("genl.ctrl.family_id", &["CTRL_ATTR_FAMILY_ID"], Num),
    row("genl.ctrl.version", &["CTRL_ATTR_VERSION"], Num),
    row("genl.ctrl.hdrsize", &["CTRL_ATTR_HDRSIZE"], Num),
    row("genl.ctrl.maxattr", &["CTRL_ATTR_MAXATTR"], Num),
    row("genl.ctrl.op_id", &["CTRL_ATTR_OP_ID"], Num),
    row("genl.ctrl.op_flags", &["CTRL_ATTR_OP_FLAGS"], Num),
    row("genl.ctrl.group_id", &["CTRL_ATTR_MCAST_GRP_ID"], Num),
    row("genl.ctrl.group_name", &["CTRL_ATTR_MCAST_GRP_NAME"], Text),
    // nl80211: named fields, then tshark's generic values (any nlscope value there)
    row("nl80211.wiphy_name", &["NL80211_ATTR_WIPHY_NAME"], Text),
    row("nl80211.ifname", &["NL80211_ATTR_IFNAME"], Text),
    row("nl80211.mac", &["NL80211_ATTR_MAC"], Mac),
    row("nl80211.alpha2", &["NL80211_ATTR_REG_ALPHA2"], Text),
    row("nl80211.chan_width", &["NL80211_ATTR_CHANNEL_WIDTH"], Num),
    row(
        "nl80211.channel_type",
        &["NL80211_ATTR_WIPHY_CHANNEL_TYPE"],
        Num,
    ),
    row("nl80211.attr_value16", &["*"], Num),
    row("nl80211.attr_value32", &["*"], Num),
    row("nl80211.attr_value64", &["*"], Num),
    row("nl80211.attr_value", &["*"], RawHex),
    // sock_diag: request and reply headers of inet, unix, netlink and packet
    // sockets (one tshark field per member, whichever struct holds it)
    row(
        "netlink-sock_diag.family",
        &[
            "*.sdiag_family",
            "*.idiag_family",
            "*.ndiag_family",
            "*.udiag_family",
            "*.pdiag_family",
        ],
        Num,
    ),
    row(
        "netlink-sock_diag.inet_protocol",
        &["*.sdiag_protocol"],
        Num,
    ),
    row(
        "netlink-sock_diag.netlink_protocol",
        &["*.sdiag_protocol", "*.ndiag_protocol"],
        Num,
    ),
    row(
        "netlink-sock_diag.packet_protocol",
        &["*.sdiag_protocol", "*.pdiag_num"],
        Num,
    ),
    row(
        "netlink-sock_diag.inode",
        &["*.ndiag_ino", "*.udiag_ino", "*.pdiag_ino", "*.idiag_inode"],
        Num,
    ),
    row(
        "netlink-sock_diag.cookie",
        &[
            "*.ndiag_cookie[0]",
            "*.udiag_cookie[0]",
            "*.pdiag_cookie[0]",
            "*.id.idiag_cookie[0]",
        ],
        HostBytes,
    ),
    row("netlink-sock_diag.netlink_show", &["*.ndiag_show"], Num),
    row("netlink-sock_diag.packet_show", &["*.pdiag_show"], Num),
    row("netlink-sock_diag.unix_show", &["*.udiag_show"], Num),
    row(
        "netlink-sock_diag.type",
        &["*.ndiag_type", "*.udiag_type", "*.pdiag_type"],
        Num,
    ),
    row(
        "netlink-sock_diag.state",
        &["*.ndiag_state", "*.udiag_state", "*.idiag_state"],
        Num,
    ),
    row("netlink-sock_diag.netlink_portid", &["*.ndiag_portid"], Num),
    row(
        "netlink-sock_diag.netlink_dst_portid",
        &["*.ndiag_dst_portid"],
        Num,
    ),
    row(
        "netlink-sock_diag.rmem_alloc",
        &[
            "sk_meminfo.SK_MEMINFO_RMEM_ALLOC",
            "inet_diag_meminfo.idiag_rmem",
        ],
        Num,
    ),
    row(
        "netlink-sock_diag.rcvbuf",
        &["sk_meminfo.SK_MEMINFO_RCVBUF"],
        Num,
    ),
    row(
        "netlink-sock_diag.wmem_alloc",
        &[
            "sk_meminfo.SK_MEMINFO_WMEM_ALLOC",
            "inet_diag_meminfo.idiag_tmem",
        ],
        Num,
    ),
    row(
        "netlink-sock_diag.sndbuf",
        &["sk_meminfo.SK_MEMINFO_SNDBUF"],
        Num,
    ),
    row(
        "netlink-sock_diag.fwd_alloc",
        &[
            "sk_meminfo.SK_MEMINFO_FWD_ALLOC",
            "inet_diag_meminfo.idiag_fmem",
        ],
        Num,
    ),
    row(
        "netlink-sock_diag.wmem_queued",
        &[
            "sk_meminfo.SK_MEMINFO_WMEM_QUEUED",
            "inet_diag_meminfo.idiag_wmem",
        ],
        Num,
    ),
    row(
        "netlink-sock_diag.recv_queue",
        &["unix_diag_rqlen.udiag_rqueue", "*.idiag_rqueue"],
        Num,
    ),
    row(
        "netlink-sock_diag.send_queue",
        &["unix_diag_rqlen.udiag_wqueue", "*.idiag_wqueue"],
        Num,
    ),
    row(
        "netlink-sock_diag.shutdown",
        &["UNIX_DIAG_SHUTDOWN", "INET_DIAG_SHUTDOWN"],
        Num,
    ),
    row("netlink-sock_diag.unix_name", &["UNIX_DIAG_NAME"], Text),
    row("netlink-sock_diag.inet_extended", &["*.idiag_ext"], Num),
    row(
        "netlink-sock_diag.inet_padding",
        &["inet_diag_req_v2.pad"],
        HostBytes,
    ),
    row("netlink-sock_diag.inet_states", &["*.idiag_states"], Num),
    row("netlink-sock_diag.inet_sport", &["*.id.idiag_sport"], Num),
    row("netlink-sock_diag.inet_dport", &["*.id.idiag_dport"], Num),
    row("netlink-sock_diag.inet_src_ip4", &["*.id.idiag_src"], Ip),
    row("netlink-sock_diag.inet_src_ip6", &["*.id.idiag_src"], Ip),
    row("netlink-sock_diag.inet_dest_ip4", &["*.id.idiag_dst"], Ip),
    row("netlink-sock_diag.inet_dest_ip6", &["*.id.idiag_dst"], Ip),
    row("netlink-sock_diag.inet_interface", &["*.id.idiag_if"], Num),
    // netfilter: nfgenmsg and conntrack
    row("netlink-netfilter.family", &["nfgenmsg.nfgen_family"], Num),
    row("netlink-netfilter.version", &["nfgenmsg.version"], Num),
    row("netlink-netfilter.res_id", &["nfgenmsg.res_id"], Num),
    row(
        "netlink-netfilter.nfct_tuple.ip.ip_addr",
        &[
            "CTA_IP_V4_SRC",
            "CTA_IP_V4_DST",
            "CTA_IP_V6_SRC",
            "CTA_IP_V6_DST",
        ],
        Ip,
    ),
    row(
        "netlink-netfilter.nfct_tuple.proto.num",
        &["CTA_PROTO_NUM"],
        Num,
    ),
    row(
        "netlink-netfilter.nfct_tuple.proto.src_port",
        &["CTA_PROTO_SRC_PORT"],
        Num,
    ),
    row(
        "netlink-netfilter.nfct_tuple.proto.dst_port",
        &["CTA_PROTO_DST_PORT"],
        Num,
    ),
    row("netlink-netfilter.ct_attr.status", &["CTA_STATUS"], Num),
    row("netlink-netfilter.ct_attr.timeout", &["CTA_TIMEOUT"], Num),
    row("netlink-netfilter.ct_attr.id", &["CTA_ID"], Num),
];

/// Message-type fields: tshark names the `nlmsg_type` field by family.
static TYPE_FIELDS: &[&str] = &[
    "netlink.hdr_type",
    "netlink-route.nltype",
    "genl.family_id",
    "netlink-sock_diag.nltype",
];

/// Fields holding an attribute's type number (without flag bits), per family and
/// nest: compared with the type of the attribute whose header is 2 bytes before.
static ATTR_TYPE_FIELDS: &[&str] = &[
    "netlink.attr_index",
    "netlink-route.ifla_attr_type",
    "netlink-route.ifa_attr_type",
    "netlink-route.rta_attr_type",
    "genl.ctrl_attr",
    "genl.ctrl.ops_attr",
    "genl.ctrl.groups_attr",
    "nl80211.attr_type",
    "nl80211.band_attr",
    "nl80211.band_iftype_attr",
    "nl80211.bitrate_attr",
    "nl80211.frequency_attr",
    "nl80211.if_combination_attrs",
    "nl80211.reg_rule_attr",
    "nl80211.iftype",
    "netlink-sock_diag.netlink_attr",
    "netlink-sock_diag.inet_attr",
    "netlink-sock_diag.unix_attr",
    "netlink-netfilter.ct.attr",
    "netlink-netfilter.nfct_tuple",
    "netlink-netfilter.nfct_tuple.ip",
    "netlink-netfilter.nfct_tuple.proto",
];

/// tshark fields deliberately not compared, with why.
static NOT_COMPARED: &[(&str, &str)] = &[
    (
        "netlink.hatype",
        "nlmon header (ARPHRD), checked by tests/capture_reader.rs",
    ),
    (
        "netlink.family",
        "nlmon header (protocol), checked by tests/capture_reader.rs",
    ),
    (
        "netlink.attr_data",
        "raw bytes of an attribute tshark does not decode: no value",
    ),
    ("data", "raw bytes tshark does not dissect: no value"),
    ("data.data", "raw bytes tshark does not dissect: no value"),
    ("data.len", "length of bytes tshark does not dissect"),
    (
        "genl.reserved",
        "genlmsghdr.reserved: tshark shows no value (empty `show`)",
    ),
    (
        "netlink-netfilter.subsys",
        "high byte of nlmsg_type: compared with the type",
    ),
    (
        "_ws.malformed",
        "tshark's own verdict; its cases are in EXCEPTIONS",
    ),
    (
        "_ws.expert",
        "tshark's own verdict; its cases are in EXCEPTIONS",
    ),
    ("_ws.expert.message", "tshark's own verdict"),
    ("_ws.expert.severity", "tshark's own verdict"),
    ("_ws.expert.group", "tshark's own verdict"),
];

/// One kind of tshark fault: comparisons it explains are suppressed and counted.
struct Exception {
    key: Exc,
    fault: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Exc {
    NoAlign,
    FlaggedRoute,
    Legacy17,
    UnknownGenl,
    IdiagStates,
    AttrCut,
    TxPackets,
    Tfilter,
    IfaBroadcast,
    Rtm5657,
    CtStats,
    UnixWqueue,
}

/// tshark 4.0 faults (NETLINK-FACTS §10), each with the condition that keys it.
static EXCEPTIONS: &[Exception] = &[
    Exception {
        key: Exc::NoAlign,
        fault: "no 4-byte alignment between messages: a message after one whose \
                nlmsg_len is not a multiple of 4 is looked for at the unaligned \
                offset; everything tshark shows from that offset on in the frame",
    },
    Exception {
        key: Exc::FlaggedRoute,
        fault: "route attributes with NESTED/NET_BYTEORDER set are not decoded: \
                tshark's type-number field for such an attribute is missing",
    },
    Exception {
        key: Exc::Legacy17,
        fault: "the legacy 17-byte RTM_GETLINK (1-byte rtgenmsg) is read as a \
                16-byte ifinfomsg: its fields past the message end",
    },
    Exception {
        key: Exc::UnknownGenl,
        fault: "generic-netlink families tshark has no dissector for are dumped as \
                attributes from the genlmsghdr on: attributes at positions where no \
                attribute starts, in messages of those families",
    },
    Exception {
        key: Exc::IdiagStates,
        fault: "sock_diag idiag_states read big-endian: \
                netlink-sock_diag.inet_states equal to nlscope's value byte-swapped",
    },
    Exception {
        key: Exc::AttrCut,
        fault: "an attribute longer than what remains is silently cut: tshark's \
                attribute at a position where nlscope reports the framing error",
    },
    Exception {
        key: Exc::TxPackets,
        fault: "\"Tx packets\" shown for STATS txbytes: only the label is wrong, the \
                field name and value are right, so nothing is suppressed",
    },
    Exception {
        key: Exc::Tfilter,
        fault: "TFILTER messages named as traffic classes: only the label is wrong \
                (the type number is compared), so nothing is suppressed",
    },
    Exception {
        key: Exc::IfaBroadcast,
        fault: "IFA_BROADCAST reported under ifa_address: \
                netlink-route.ifa_address.* where nlscope has IFA_BROADCAST",
    },
    Exception {
        key: Exc::Rtm5657,
        fault: "RTM types 56/57 (RTM_NEWMULTICAST/RTM_DELMULTICAST) unknown: tshark \
                shows their attributes untyped; nothing of theirs it shows differs",
    },
    Exception {
        key: Exc::CtStats,
        fault: "(not in NETLINK-FACTS) conntrack statistics replies \
                (IPCTNL_MSG_CT_GET_STATS_CPU, 0x104) read with the connection \
                attribute set: netlink-netfilter.ct_attr.* where nlscope has a \
                CTA_STATS_* attribute",
    },
    Exception {
        key: Exc::UnixWqueue,
        fault: "(not in NETLINK-FACTS) UNIX_DIAG_RQLEN's send queue read at the \
                receive queue's offset: netlink-sock_diag.send_queue where nlscope \
                has unix_diag_rqlen.udiag_rqueue",
    },
];

/// tshark's generic-netlink dissectors in 4.0 (others are dumped raw).
static TSHARK_GENL: &[&str] = &["nlctrl", "nl80211"];

/// One PDML `<field>`.
#[derive(Debug)]
struct TField {
    name: String,
    pos: usize,
    size: usize,
    show: String,
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let Some(j) = tail.find(';') else {
            out.push_str(tail);
            return out;
        };
        let ent = &tail[1..j];
        match ent {
            "quot" => out.push('"'),
            "amp" => out.push('&'),
            "lt" => out.push('<'),
            "gt" => out.push('>'),
            "apos" => out.push('\''),
            _ => {
                let n = ent
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()));
                match n.and_then(char::from_u32) {
                    Some(c) => out.push(c),
                    None => out.push_str(&tail[..=j]),
                }
            }
        }
        rest = &tail[j + 1..];
    }
    out.push_str(rest);
    out
}

/// The value of attribute `key` in one PDML element line.
fn attr<'a>(line: &'a str, pat: &str) -> Option<&'a str> {
    let i = line.find(pat)? + pat.len();
    let j = line[i..].find('"')?;
    Some(&line[i..i + j])
}

fn parse_field(line: &str) -> Option<TField> {
    let t = line.trim_start();
    if !t.starts_with("<field ") {
        return None;
    }
    let name = attr(t, " name=\"")?;
    if name.is_empty() {
        return None;
    }
    Some(TField {
        name: name.to_owned(),
        pos: attr(t, " pos=\"")?.parse().ok()?,
        size: attr(t, " size=\"")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        show: unescape(attr(t, " show=\"").unwrap_or("")),
    })
}

fn tshark_num(show: &str) -> Option<i128> {
    let s = show.trim();
    if let Some(h) = s.strip_prefix("0x") {
        return i128::from_str_radix(h, 16).ok();
    }
    s.parse().ok()
}

/// Totals for one capture.
#[derive(Default)]
struct Tally {
    frames: usize,
    msgs: usize,
    header_fields: usize,
    attrs: usize,
    attr_types: usize,
    values: usize,
    /// Attributes nlscope decodes (nests) that tshark only dumps raw.
    raw_only: usize,
    /// Positions where both stop the message walk (`nlmsg_len` < 16).
    ends: usize,
    suppressed: BTreeMap<Exc, usize>,
    /// tshark fields inside messages nlscope has no table for yet.
    gaps: BTreeMap<String, usize>,
    /// tshark fields inside a value nlscope's table keeps as bytes, per attribute.
    inside_bytes: BTreeMap<String, usize>,
    /// tshark value fields without a row (neither compared nor listed), with what
    /// nlscope has at the first one's position.
    unmapped: BTreeMap<String, (usize, String)>,
    /// Fields skipped as bits of a compared field, or listed in NOT_COMPARED.
    skipped: usize,
    mismatches: Vec<String>,
}

struct Frame<'a> {
    w: &'a Walked,
    record: &'a [u8],
    little: bool,
    /// Attribute index by position.
    attrs: HashMap<usize, usize>,
    /// Leaf indexes by position.
    leaves: HashMap<usize, Vec<usize>>,
}

impl<'a> Frame<'a> {
    fn msg_at(&self, pos: usize) -> Option<&common::WMsg> {
        self.w.msgs.iter().find(|m| m.pos == pos)
    }

    /// The message a position lies in (the innermost: an echoed request wins).
    fn msg_of(&self, pos: usize) -> Option<&common::WMsg> {
        self.w
            .msgs
            .iter()
            .filter(|m| m.pos <= pos && pos < m.pos + (m.len as usize).max(16))
            .max_by_key(|m| m.pos)
    }

    fn new(w: &'a Walked, record: &'a [u8], little: bool) -> Self {
        let attrs = w
            .attrs
            .iter()
            .enumerate()
            .map(|(i, a)| (a.pos, i))
            .collect();
        let mut leaves: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, l) in w.leaves.iter().enumerate() {
            leaves.entry(l.pos).or_default().push(i);
        }
        Frame {
            w,
            record,
            little,
            attrs,
            leaves,
        }
    }

    fn attr_at(&self, pos: usize) -> Option<&common::WAttr> {
        self.attrs.get(&pos).and_then(|i| self.w.attrs.get(*i))
    }

    fn leaves_at(&self, pos: usize) -> Vec<&common::Leaf> {
        self.leaves
            .get(&pos)
            .map(|v| v.iter().filter_map(|i| self.w.leaves.get(*i)).collect())
            .unwrap_or_default()
    }

    /// A value nlscope's table keeps as bytes that covers `pos` (tshark decodes
    /// inside it).
    fn bytes_covering(&self, pos: usize) -> Option<&common::Leaf> {
        self.w
            .leaves
            .iter()
            .find(|l| l.is_bytes && l.pos <= pos && pos < l.pos + l.size)
    }

    fn framing_error_at(&self, pos: usize) -> bool {
        self.w
            .problems
            .iter()
            .any(|p| p.pos == pos && p.what.starts_with("framing"))
    }
}

fn compare_frame(t: &mut Tally, f: &Frame<'_>, fields: &[TField]) {
    t.frames += 1;
    let frame = f.w.frame;
    let by_pos_name: HashMap<(&str, usize), &TField> = fields
        .iter()
        .map(|x| ((x.name.as_str(), x.pos), x))
        .collect();
    let mut mismatch = |t: &mut Tally, pos: usize, field: &str, ours: String, theirs: &str| {
        t.mismatches.push(format!(
            "frame {frame} pos {pos} {field}: nlscope {ours} / tshark {theirs}"
        ));
    };

    // NoAlign: the first tshark message at an offset nlscope has none and that
    // follows an unaligned message end.
    let mut unaligned_from: Option<usize> = None;
    for x in fields.iter().filter(|x| x.name == "netlink.hdr_len") {
        if f.msg_at(x.pos).is_none() && (x.pos - NLMON_HDR) % 4 != 0 {
            unaligned_from = Some(unaligned_from.map_or(x.pos, |u: usize| u.min(x.pos)));
        }
    }
    let suppressed_noalign = |pos: usize| unaligned_from.is_some_and(|u| pos >= u);

    // Messages.
    let mut tshark_msgs = Vec::new();
    for x in fields.iter().filter(|x| x.name == "netlink.hdr_len") {
        if tshark_msgs.contains(&x.pos) {
            continue;
        }
        tshark_msgs.push(x.pos);
        if suppressed_noalign(x.pos) {
            *t.suppressed.entry(Exc::NoAlign).or_default() += 1;
            continue;
        }
        let Some(m) = f.msg_at(x.pos) else {
            // Bytes after the last message (iproute2 sends its whole request
            // buffer): both stop there, nlscope with a framing error.
            if tshark_num(&x.show).is_some_and(|n| n < 16) && f.framing_error_at(x.pos) {
                t.ends += 1;
                continue;
            }
            mismatch(t, x.pos, "netlink.hdr_len", "no message".into(), &x.show);
            continue;
        };
        t.msgs += 1;
        let ty_field = TYPE_FIELDS
            .iter()
            .find_map(|n| by_pos_name.get(&(*n, x.pos + 4)));
        let checks: [(&str, Option<&&TField>, u64); 5] = [
            ("netlink.hdr_len", Some(&x), u64::from(m.len)),
            (
                ty_field.map_or("type", |y| y.name.as_str()),
                ty_field,
                u64::from(m.ty),
            ),
            (
                "netlink.hdr_flags",
                by_pos_name.get(&("netlink.hdr_flags", x.pos + 6)),
                u64::from(m.flags),
            ),
            (
                "netlink.hdr_seq",
                by_pos_name.get(&("netlink.hdr_seq", x.pos + 8)),
                u64::from(m.seq),
            ),
            (
                "netlink.hdr_pid",
                by_pos_name.get(&("netlink.hdr_pid", x.pos + 12)),
                u64::from(m.pid),
            ),
        ];
        for (name, field, ours) in checks {
            t.header_fields += 1;
            match field {
                Some(y) if tshark_num(&y.show) == Some(i128::from(ours)) => {}
                Some(y) => mismatch(t, x.pos, name, ours.to_string(), &y.show),
                None => mismatch(t, x.pos, name, ours.to_string(), "(no field)"),
            }
        }
    }
    for m in &f.w.msgs {
        if !tshark_msgs.contains(&m.pos) {
            if suppressed_noalign(m.pos) {
                *t.suppressed.entry(Exc::NoAlign).or_default() += 1;
            } else {
                mismatch(
                    t,
                    m.pos,
                    "message",
                    format!("{} len {}", m.what, m.len),
                    "none",
                );
            }
        }
    }

    // Attributes and values.
    for x in fields {
        let name = x.name.as_str();
        if matches!(
            name,
            "netlink.hdr_len" | "netlink.hdr_seq" | "netlink.hdr_pid" | "netlink.hdr_flags"
        ) || TYPE_FIELDS.contains(&name)
        {
            continue;
        }
        if suppressed_noalign(x.pos) {
            *t.suppressed.entry(Exc::NoAlign).or_default() += 1;
            continue;
        }
        let owner = f.msg_of(x.pos);
        let in_unknown = owner.is_some_and(|m| !m.known);
        let genl_undissected = owner.is_some_and(|m| {
            m.genl_family
                .as_deref()
                .is_some_and(|n| !TSHARK_GENL.contains(&n))
                || (m.protocol == 16 && m.genl_family.is_none() && m.ty != 2 && m.ty != 3)
        });
        if name == "netlink.attr_len" {
            let Some(a) = f.attr_at(x.pos) else {
                if f.framing_error_at(x.pos) {
                    *t.suppressed.entry(Exc::AttrCut).or_default() += 1;
                } else if genl_undissected {
                    *t.suppressed.entry(Exc::UnknownGenl).or_default() += 1;
                } else if in_unknown {
                    *t.gaps
                        .entry("(attributes of messages nlscope has no table for)".into())
                        .or_default() += 1;
                } else if let Some(l) = f.bytes_covering(x.pos) {
                    *t.inside_bytes.entry(l.name.clone()).or_default() += 1;
                } else {
                    mismatch(t, x.pos, name, "no attribute".into(), &x.show);
                }
                continue;
            };
            t.attrs += 1;
            if tshark_num(&x.show) != Some(a.len as i128) {
                mismatch(t, x.pos, name, a.len.to_string(), &x.show);
            }
            let ty = by_pos_name
                .get(&("netlink.attr_type", x.pos + 2))
                .or_else(|| by_pos_name.get(&("netlink.attr_index", x.pos + 2)));
            match ty {
                Some(y) if tshark_num(&y.show) == Some(i128::from(a.raw_type)) => {}
                Some(y) => mismatch(t, x.pos, &y.name, format!("0x{:04x}", a.raw_type), &y.show),
                None => mismatch(
                    t,
                    x.pos,
                    "netlink.attr_type",
                    format!("0x{:04x}", a.raw_type),
                    "(no field)",
                ),
            }
            continue;
        }
        if name == "netlink.attr_type" || name.starts_with("netlink.attr_type.") {
            continue;
        }
        if ATTR_TYPE_FIELDS.contains(&name) {
            let Some(a) = f.attr_at(x.pos - 2) else {
                // Reported with its netlink.attr_len.
                continue;
            };
            t.attr_types += 1;
            if name == "netlink.attr_index" {
                continue; // compared with netlink.attr_len above
            }
            if tshark_num(&x.show) != Some(i128::from(a.raw_type & 0x3fff)) {
                mismatch(t, x.pos, name, (a.raw_type & 0x3fff).to_string(), &x.show);
            }
            continue;
        }
        if NOT_COMPARED.iter().any(|(n, _)| *n == name) || is_bit_of_compared(name) {
            t.skipped += 1;
            continue;
        }
        let Some(row) = value_rows().get(name).copied() else {
            if in_unknown {
                *t.gaps.entry(name.to_owned()).or_default() += 1;
            } else {
                let e = t.unmapped.entry(name.to_owned()).or_default();
                if e.0 == 0 {
                    e.1 = f
                        .leaves_at(x.pos)
                        .iter()
                        .map(|l| format!("{}={} vs {}", l.name, l.text, x.show))
                        .collect::<Vec<_>>()
                        .join(", ");
                }
                e.0 += 1;
            }
            continue;
        };
        compare_value(t, f, x, row, in_unknown, &mut mismatch);
    }
}

fn compare_value(
    t: &mut Tally,
    f: &Frame<'_>,
    x: &TField,
    row: &Row,
    in_unknown: bool,
    mismatch: &mut impl FnMut(&mut Tally, usize, &str, String, &str),
) {
    let name = x.name.as_str();
    let here = f.leaves_at(x.pos);
    let leaf = here
        .iter()
        .find(|l| row.nlscope.iter().any(|n| name_matches(n, &l.name)));
    let Some(leaf) = leaf else {
        if name.starts_with("netlink-route.ifa_address")
            && here.iter().any(|l| l.name == "IFA_BROADCAST")
        {
            *t.suppressed.entry(Exc::IfaBroadcast).or_default() += 1;
            return;
        }
        if name == "netlink-sock_diag.send_queue"
            && here
                .iter()
                .any(|l| l.name == "unix_diag_rqlen.udiag_rqueue")
        {
            *t.suppressed.entry(Exc::UnixWqueue).or_default() += 1;
            return;
        }
        if name.starts_with("netlink-netfilter.ct_attr.")
            && here.iter().any(|l| l.name.starts_with("CTA_STATS_"))
        {
            *t.suppressed.entry(Exc::CtStats).or_default() += 1;
            return;
        }
        if row.nlscope == ["*"] && f.attr_at(x.pos.wrapping_sub(4)).is_some() {
            // A nest nlscope decodes and tshark dumps raw: compare the bytes.
            t.raw_only += 1;
            return;
        }
        if let Some(m) = f.msg_of(x.pos) {
            if m.ty == 18 && m.len < 32 && m.protocol == 0 && x.pos >= m.pos + m.len as usize {
                *t.suppressed.entry(Exc::Legacy17).or_default() += 1;
                return;
            }
        }
        if in_unknown {
            *t.gaps.entry(name.to_owned()).or_default() += 1;
            return;
        }
        if let Some(l) = f.bytes_covering(x.pos) {
            *t.inside_bytes.entry(l.name.clone()).or_default() += 1;
            return;
        }
        let there: Vec<String> = here
            .iter()
            .map(|l| format!("{}={}", l.name, l.text))
            .collect();
        mismatch(
            t,
            x.pos,
            name,
            format!("no {:?} here (has: {})", row.nlscope, there.join(", ")),
            &x.show,
        );
        return;
    };
    t.values += 1;
    let ok = match row.norm {
        // tshark's generic nl80211 numbers for what nlscope's table calls binary:
        // the same bytes read in the capture's host order.
        HostBytes => tshark_num(&x.show) == Some(host_number(f, x)),
        Num if row.nlscope == ["*"] && leaf.is_bytes => {
            tshark_num(&x.show) == Some(host_number(f, x))
        }
        Num => match (tshark_num(&x.show), leaf.text.parse::<i128>()) {
            (Some(a), Ok(b)) => {
                if a == b {
                    true
                } else if name == "netlink-sock_diag.inet_states"
                    && u32::try_from(b).map(u32::swap_bytes).map(i128::from) == Ok(a)
                {
                    t.values -= 1;
                    *t.suppressed.entry(Exc::IdiagStates).or_default() += 1;
                    true
                } else {
                    false
                }
            }
            _ => false,
        },
        // A table that calls a string binary (NL80211_ATTR_REG_ALPHA2) still
        // holds the same text: compare the bytes up to the NUL.
        Text if leaf.is_bytes => {
            let b = f.record.get(x.pos..x.pos + leaf.size).unwrap_or(&[]);
            let text = b.split(|c| *c == 0).next().unwrap_or(b);
            x.show.as_bytes() == text
        }
        Text => x.show == leaf.text,
        Mac => x.show.to_ascii_lowercase() == leaf.text,
        Ip => x.show == leaf.text,
        RawHex => {
            let theirs: String = x.show.chars().filter(|c| *c != ':').collect();
            let ours = f
                .record
                .get(x.pos..x.pos + x.size)
                .map(common::hex)
                .unwrap_or_default();
            theirs.eq_ignore_ascii_case(&ours)
        }
    };
    if !ok {
        mismatch(
            t,
            x.pos,
            name,
            format!("{}={}", leaf.name, leaf.text),
            &x.show,
        );
    }
}

/// The record's bytes under tshark field `x`, read as a number in the capture's
/// byte order.
fn host_number(f: &Frame<'_>, x: &TField) -> i128 {
    let b = f.record.get(x.pos..x.pos + x.size).unwrap_or(&[]);
    let mut n: i128 = 0;
    for (i, byte) in b.iter().enumerate() {
        if f.little {
            n |= i128::from(*byte) << (8 * i);
        } else {
            n = (n << 8) | i128::from(*byte);
        }
    }
    n
}

fn value_rows() -> &'static HashMap<&'static str, &'static Row> {
    static ROWS: OnceLock<HashMap<&'static str, &'static Row>> = OnceLock::new();
    ROWS.get_or_init(|| VALUES.iter().map(|r| (r.tshark, r)).collect())
}

/// A sub-field of a field that is compared (a flag bit of `ifi_flags`,
/// `netlink.attr_type.nested`, …): its parent's comparison covers it.
fn is_bit_of_compared(name: &str) -> bool {
    static PARENTS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let parents = PARENTS.get_or_init(|| {
        VALUES
            .iter()
            .map(|r| r.tshark)
            .chain(TYPE_FIELDS.iter().copied())
            .chain(ATTR_TYPE_FIELDS.iter().copied())
            .chain(["netlink.hdr_flags", "netlink.attr_type"])
            .collect()
    });
    name.match_indices('.')
        .any(|(i, _)| parents.contains(&name[..i]))
}

/// Does nlscope name `name` match row pattern `pattern` (see [`Row`])?
fn name_matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_prefix('*') {
        Some("") => true,
        Some(suffix) => name.ends_with(suffix),
        None => pattern == name,
    }
}

fn tshark_available() -> bool {
    Command::new("tshark")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Run tshark once over `capture` and compare every frame.
fn diff_capture(capture: &str) -> Tally {
    assert!(
        tshark_available(),
        "tshark is not on PATH: it is the oracle this test needs. Install it \
         (`apt-get install tshark`; `.ci/run` does)."
    );
    let walked = walk_capture(capture);
    let bytes = std::fs::read(common::corpus_path(capture)).unwrap();
    let mut endian = nlscope::wire::endian::Endian::Little;
    let records: Vec<(Vec<u8>, bool)> = nlscope::record::read_all(&bytes)
        .unwrap()
        .map(|r| {
            let r = r.unwrap();
            endian = nlscope::wire::endian::Endian::detect(
                r.payload,
                r.orig_len as usize - NLMON_HDR,
                endian,
            );
            let mut v = vec![0u8; NLMON_HDR];
            v.extend_from_slice(r.payload);
            (v, endian == nlscope::wire::endian::Endian::Little)
        })
        .collect();
    let mut child = Command::new("tshark")
        .arg("-r")
        .arg(common::corpus_path(capture))
        .args(["-T", "pdml"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::with_capacity(1 << 20, child.stdout.take().unwrap());
    let mut t = Tally::default();
    let mut fields = Vec::new();
    let mut frame = 0usize;
    let mut line = String::new();
    while out.read_line(&mut line).unwrap() > 0 {
        let l = line.trim_start();
        if l.starts_with("<packet") {
            fields.clear();
        } else if l.starts_with("</packet>") {
            let w = walked
                .get(frame)
                .expect("tshark shows more frames than nlscope");
            assert_eq!(w.frame as usize, frame + 1);
            let (record, little) = &records[frame];
            let f = Frame::new(w, record, *little);
            compare_frame(&mut t, &f, &fields);
            frame += 1;
        } else if l.starts_with("<field name=\"netlink.attr_type.")
            || l.starts_with("<field name=\"netlink.hdr_flags.")
        {
            // Flag bits of compared fields, the most common lines: skipped before
            // any allocation.
            t.skipped += 1;
        } else if let Some(f) = parse_field(l) {
            if !f.name.starts_with("frame")
                && !matches!(f.name.as_str(), "num" | "len" | "caplen" | "timestamp")
            {
                fields.push(f);
            }
        }
        line.clear();
    }
    assert!(
        child.wait().unwrap().success(),
        "tshark failed on {capture}"
    );
    assert_eq!(frame, walked.len(), "{capture}: frame count");
    t
}

fn report(capture: &str, t: &Tally) {
    println!(
        "{capture}: {} frames, {} messages ({} header fields), {} attributes ({} type fields), {} values compared; {} stream ends agreed; {} nests tshark only dumps; {} bit/listed fields skipped",
        t.frames, t.msgs, t.header_fields, t.attrs, t.attr_types, t.values, t.ends, t.raw_only, t.skipped
    );
    let mut unused = Vec::new();
    for e in EXCEPTIONS {
        match t.suppressed.get(&e.key).copied().unwrap_or(0) {
            0 => unused.push(format!("{:?}", e.key)),
            n => println!("  exception {:?}: {n} suppressed ({})", e.key, e.fault),
        }
    }
    println!("  exceptions with 0 suppressed: {}", unused.join(" "));
    if !t.gaps.is_empty() {
        let n: usize = t.gaps.values().sum();
        let names: Vec<&str> = t.gaps.keys().map(String::as_str).collect();
        println!(
            "  not compared, {n} fields in messages nlscope has no table for yet: {}",
            names.join(" ")
        );
    }
    for (name, n) in &t.inside_bytes {
        println!("  not compared, tshark decodes inside what nlscope keeps as bytes: {name} ({n} fields)");
    }
    for (name, (n, there)) in &t.unmapped {
        println!("  not compared, no row: {name} ×{n} (nlscope there: {there})");
    }
    for m in t.mismatches.iter().take(60) {
        println!("  MISMATCH {m}");
    }
    if t.mismatches.len() > 60 {
        println!("  … {} mismatches in all", t.mismatches.len());
    }
}

fn check(capture: &str) {
    let t = diff_capture(capture);
    report(capture, &t);
    assert!(t.msgs > 0, "{capture}: nothing compared");
    assert!(
        t.mismatches.is_empty(),
        "{capture}: {} mismatches with tshark (run with --nocapture for the list)",
        t.mismatches.len()
    );
}

#[test]
fn rtnl_basic_pcap() {
    check("rtnl-basic.pcap");
}

#[test]
fn rtnl_basic_pcapng() {
    check("rtnl-basic.pcapng");
}

#[test]
fn rtnl_churn_pcap() {
    check("rtnl-churn.pcap");
}

#[test]
fn genl_diag_pcap() {
    check("genl-diag.pcap");
}

#[test]
fn nf_xfrm_pcap() {
    check("nf-xfrm.pcap");
}

#[test]
fn listener_k6_18_pcap() {
    check("listener-k6.18.pcap");
}

#[test]
fn dumps_k6_18_pcap() {
    check("dumps-k6.18.pcap");
}

#[test]
fn errors_k6_18_pcap() {
    check("errors-k6.18.pcap");
}
