//! Socket diagnostics (`NETLINK_SOCK_DIAG`): `SOCK_DIAG_BY_FAMILY` (20),
//! `SOCK_DESTROY` (21) and the legacy `TCPDIAG_GETSOCK`/`DCCPDIAG_GETSOCK` (18/19).
//!
//! No kernel spec covers sock_diag. The fixed header depends on the socket family
//! (the first payload byte, `sdiag_family`) and on the direction: a request
//! (`NLM_F_REQUEST`) carries `inet_diag_req_v2`, `unix_diag_req`, … and the
//! kernel's replies `inet_diag_msg`, `unix_diag_msg`, …; [`message`] picks the
//! definition from both. Layouts follow include/uapi/linux/inet_diag.h,
//! unix_diag.h, netlink_diag.h, packet_diag.h, vm_sockets_diag.h, xdp_diag.h, smc_diag.h,
//! sock_diag.h and tcp.h. Ports in `inet_diag_sockid` are big-endian;
//! `idiag_states` is a host-order bit mask of `1 << TCP_*` states.

use crate::families::names;
use crate::families::schema::{AttrSet, EnumDef, FieldKind, Hint, Kind, MsgDef, StructDef};
use crate::families::table::*;
use crate::wire::nlmsg::{flags::NLM_F_REQUEST, Header};

/// `AF_UNIX`
pub const AF_UNIX: u8 = 1;
/// `AF_INET`
pub const AF_INET: u8 = 2;
/// `AF_INET6`
pub const AF_INET6: u8 = 10;
/// `AF_NETLINK`
pub const AF_NETLINK: u8 = 16;
/// `AF_PACKET`
pub const AF_PACKET: u8 = 17;
/// `AF_VSOCK`
pub const AF_VSOCK: u8 = 40;
/// `AF_SMC`
pub const AF_SMC: u8 = 43;
/// `AF_XDP`
pub const AF_XDP: u8 = 44;

/// `TCP_ESTABLISHED`… (include/net/tcp_states.h): `idiag_state`.
pub static TCP_STATE: EnumDef = EnumDef {
    name: "tcp-state",
    flags: false,
    entries: &[
        (1, "TCP_ESTABLISHED"),
        (2, "TCP_SYN_SENT"),
        (3, "TCP_SYN_RECV"),
        (4, "TCP_FIN_WAIT1"),
        (5, "TCP_FIN_WAIT2"),
        (6, "TCP_TIME_WAIT"),
        (7, "TCP_CLOSE"),
        (8, "TCP_CLOSE_WAIT"),
        (9, "TCP_LAST_ACK"),
        (10, "TCP_LISTEN"),
        (11, "TCP_CLOSING"),
        (12, "TCP_NEW_SYN_RECV"),
        (13, "TCP_BOUND_INACTIVE"),
    ],
};

/// `1 << TCP_*`: the states a request asks for (`idiag_states`, `udiag_states`,
/// `vdiag_states`), a host-order bit mask.
pub static TCP_STATE_BITS: EnumDef = EnumDef {
    name: "tcp-state-bits",
    flags: true,
    entries: &[
        (1 << 1, "TCP_ESTABLISHED"),
        (1 << 2, "TCP_SYN_SENT"),
        (1 << 3, "TCP_SYN_RECV"),
        (1 << 4, "TCP_FIN_WAIT1"),
        (1 << 5, "TCP_FIN_WAIT2"),
        (1 << 6, "TCP_TIME_WAIT"),
        (1 << 7, "TCP_CLOSE"),
        (1 << 8, "TCP_CLOSE_WAIT"),
        (1 << 9, "TCP_LAST_ACK"),
        (1 << 10, "TCP_LISTEN"),
        (1 << 11, "TCP_CLOSING"),
        (1 << 12, "TCP_NEW_SYN_RECV"),
        (1 << 13, "TCP_BOUND_INACTIVE"),
    ],
};

/// `IPPROTO_*` (include/uapi/linux/in.h) as used in `sdiag_protocol`.
pub static IPPROTO: EnumDef = EnumDef {
    name: "ipproto",
    flags: false,
    entries: &[
        (0, "IPPROTO_IP"),
        (1, "IPPROTO_ICMP"),
        (6, "IPPROTO_TCP"),
        (17, "IPPROTO_UDP"),
        (33, "IPPROTO_DCCP"),
        (58, "IPPROTO_ICMPV6"),
        (132, "IPPROTO_SCTP"),
        (136, "IPPROTO_UDPLITE"),
        (255, "IPPROTO_RAW"),
        (262, "IPPROTO_MPTCP"),
    ],
};

/// `1 << (INET_DIAG_* - 1)`: the extensions a request asks for (`idiag_ext`).
pub static INET_DIAG_EXT: EnumDef = EnumDef {
    name: "inet-diag-ext",
    flags: true,
    entries: &[
        (1 << 0, "INET_DIAG_MEMINFO"),
        (1 << 1, "INET_DIAG_INFO"),
        (1 << 2, "INET_DIAG_VEGASINFO"),
        (1 << 3, "INET_DIAG_CONG"),
        (1 << 4, "INET_DIAG_TOS"),
        (1 << 5, "INET_DIAG_TCLASS"),
        (1 << 6, "INET_DIAG_SKMEMINFO"),
        (1 << 7, "INET_DIAG_SHUTDOWN"),
    ],
};

/// `UDIAG_SHOW_*`, `NDIAG_SHOW_*`, `PACKET_SHOW_*`, `XDP_SHOW_*`: what a request
/// asks the reply to include. The bits mean different things per family, so only
/// the value is shown.
const SHOW: FieldKind = F_X32;

/// `struct inet_diag_sockid` of an AF_INET socket (48 bytes): the addresses are
/// `__be32 [4]` of which IPv4 uses the first.
pub static INET_DIAG_SOCKID_4: StructDef = StructDef {
    name: "inet_diag_sockid",
    size: 48,
    fields: &[
        field("idiag_sport", 0, F_BE16),
        field("idiag_dport", 2, F_BE16),
        field("idiag_src", 4, FieldKind::Bytes(4, Hint::Ipv4)),
        field("idiag_src[1..4]", 8, f_pad(12)),
        field("idiag_dst", 20, FieldKind::Bytes(4, Hint::Ipv4)),
        field("idiag_dst[1..4]", 24, f_pad(12)),
        field("idiag_if", 36, F_U32),
        field("idiag_cookie[0]", 40, F_X32),
        field("idiag_cookie[1]", 44, F_X32),
    ],
};

/// `struct inet_diag_sockid` of an AF_INET6 socket (48 bytes).
pub static INET_DIAG_SOCKID_6: StructDef = StructDef {
    name: "inet_diag_sockid",
    size: 48,
    fields: &[
        field("idiag_sport", 0, F_BE16),
        field("idiag_dport", 2, F_BE16),
        field("idiag_src", 4, FieldKind::Bytes(16, Hint::Ipv6)),
        field("idiag_dst", 20, FieldKind::Bytes(16, Hint::Ipv6)),
        field("idiag_if", 36, F_U32),
        field("idiag_cookie[0]", 40, F_X32),
        field("idiag_cookie[1]", 44, F_X32),
    ],
};

/// `struct inet_diag_sockid` where the address family is not known (48 bytes):
/// the addresses as hex bytes.
pub static INET_DIAG_SOCKID_ANY: StructDef = StructDef {
    name: "inet_diag_sockid",
    size: 48,
    fields: &[
        field("idiag_sport", 0, F_BE16),
        field("idiag_dport", 2, F_BE16),
        field("idiag_src", 4, F_ADDR16X),
        field("idiag_dst", 20, F_ADDR16X),
        field("idiag_if", 36, F_U32),
        field("idiag_cookie[0]", 40, F_X32),
        field("idiag_cookie[1]", 44, F_X32),
    ],
};

/// `struct inet_diag_req_v2` for AF_INET (56 bytes): a `SOCK_DIAG_BY_FAMILY` request.
pub static INET_DIAG_REQ_V2_4: StructDef = StructDef {
    name: "inet_diag_req_v2",
    size: 56,
    fields: &[
        field("sdiag_family", 0, F_U8),
        field("sdiag_protocol", 1, f_u8_enum(&IPPROTO)),
        field("idiag_ext", 2, f_u8_enum(&INET_DIAG_EXT)),
        field("pad", 3, f_pad(1)),
        field("idiag_states", 4, f_u32_enum(&TCP_STATE_BITS)),
        field("id", 8, FieldKind::Struct(&INET_DIAG_SOCKID_4)),
    ],
};

/// `struct inet_diag_req` for AF_INET (60 bytes): a legacy `TCPDIAG_GETSOCK` /
/// `DCCPDIAG_GETSOCK` request.
pub static INET_DIAG_REQ_4: StructDef = StructDef {
    name: "inet_diag_req",
    size: 60,
    fields: &[
        field("idiag_family", 0, F_U8),
        field("idiag_src_len", 1, F_U8),
        field("idiag_dst_len", 2, F_U8),
        field("idiag_ext", 3, f_u8_enum(&INET_DIAG_EXT)),
        field("id", 4, FieldKind::Struct(&INET_DIAG_SOCKID_4)),
        field("idiag_states", 52, f_u32_enum(&TCP_STATE_BITS)),
        field("idiag_dbs", 56, F_U32),
    ],
};

/// `struct inet_diag_msg` for AF_INET (72 bytes): a reply.
pub static INET_DIAG_MSG_4: StructDef = StructDef {
    name: "inet_diag_msg",
    size: 72,
    fields: &[
        field("idiag_family", 0, F_U8),
        field("idiag_state", 1, f_u8_enum(&TCP_STATE)),
        field("idiag_timer", 2, F_U8),
        field("idiag_retrans", 3, F_U8),
        field("id", 4, FieldKind::Struct(&INET_DIAG_SOCKID_4)),
        field("idiag_expires", 52, F_U32),
        field("idiag_rqueue", 56, F_U32),
        field("idiag_wqueue", 60, F_U32),
        field("idiag_uid", 64, F_U32),
        field("idiag_inode", 68, F_U32),
    ],
};

/// `struct inet_diag_req_v2` for AF_INET6 (56 bytes): a `SOCK_DIAG_BY_FAMILY` request.
pub static INET_DIAG_REQ_V2_6: StructDef = StructDef {
    name: "inet_diag_req_v2",
    size: 56,
    fields: &[
        field("sdiag_family", 0, F_U8),
        field("sdiag_protocol", 1, f_u8_enum(&IPPROTO)),
        field("idiag_ext", 2, f_u8_enum(&INET_DIAG_EXT)),
        field("pad", 3, f_pad(1)),
        field("idiag_states", 4, f_u32_enum(&TCP_STATE_BITS)),
        field("id", 8, FieldKind::Struct(&INET_DIAG_SOCKID_6)),
    ],
};

/// `struct inet_diag_req` for AF_INET6 (60 bytes): a legacy `TCPDIAG_GETSOCK` /
/// `DCCPDIAG_GETSOCK` request.
pub static INET_DIAG_REQ_6: StructDef = StructDef {
    name: "inet_diag_req",
    size: 60,
    fields: &[
        field("idiag_family", 0, F_U8),
        field("idiag_src_len", 1, F_U8),
        field("idiag_dst_len", 2, F_U8),
        field("idiag_ext", 3, f_u8_enum(&INET_DIAG_EXT)),
        field("id", 4, FieldKind::Struct(&INET_DIAG_SOCKID_6)),
        field("idiag_states", 52, f_u32_enum(&TCP_STATE_BITS)),
        field("idiag_dbs", 56, F_U32),
    ],
};

/// `struct inet_diag_msg` for AF_INET6 (72 bytes): a reply.
pub static INET_DIAG_MSG_6: StructDef = StructDef {
    name: "inet_diag_msg",
    size: 72,
    fields: &[
        field("idiag_family", 0, F_U8),
        field("idiag_state", 1, f_u8_enum(&TCP_STATE)),
        field("idiag_timer", 2, F_U8),
        field("idiag_retrans", 3, F_U8),
        field("id", 4, FieldKind::Struct(&INET_DIAG_SOCKID_6)),
        field("idiag_expires", 52, F_U32),
        field("idiag_rqueue", 56, F_U32),
        field("idiag_wqueue", 60, F_U32),
        field("idiag_uid", 64, F_U32),
        field("idiag_inode", 68, F_U32),
    ],
};

/// `struct inet_diag_meminfo` (16 bytes): `INET_DIAG_MEMINFO`.
pub static INET_DIAG_MEMINFO: StructDef = StructDef {
    name: "inet_diag_meminfo",
    size: 16,
    fields: &[
        field("idiag_rmem", 0, F_U32),
        field("idiag_wmem", 4, F_U32),
        field("idiag_fmem", 8, F_U32),
        field("idiag_tmem", 12, F_U32),
    ],
};

/// `u32 [SK_MEMINFO_VARS]` indexed by `SK_MEMINFO_*` (include/uapi/linux/sock_diag.h):
/// `INET_DIAG_SKMEMINFO`, `UNIX_DIAG_MEMINFO`, `NETLINK_DIAG_MEMINFO`, …
pub static SK_MEMINFO: StructDef = StructDef {
    name: "sk_meminfo",
    size: 36,
    fields: &[
        field("SK_MEMINFO_RMEM_ALLOC", 0, F_U32),
        field("SK_MEMINFO_RCVBUF", 4, F_U32),
        field("SK_MEMINFO_WMEM_ALLOC", 8, F_U32),
        field("SK_MEMINFO_SNDBUF", 12, F_U32),
        field("SK_MEMINFO_FWD_ALLOC", 16, F_U32),
        field("SK_MEMINFO_WMEM_QUEUED", 20, F_U32),
        field("SK_MEMINFO_OPTMEM", 24, F_U32),
        field("SK_MEMINFO_BACKLOG", 28, F_U32),
        field("SK_MEMINFO_DROPS", 32, F_U32),
    ],
};

/// `struct tcp_info` (include/uapi/linux/tcp.h; 280 bytes as of Linux 6.18, checked
/// against its BTF; older kernels send less, decoded member by member, and newer
/// ones append members that are kept as the struct's tail): `INET_DIAG_INFO` of a
/// TCP socket. Other protocols with an info struct (SCTP, MPTCP) are shown
/// through the same layout; the protocol is in `INET_DIAG_PROTOCOL`.
pub static TCP_INFO: StructDef = StructDef {
    name: "tcp_info",
    size: 280,
    fields: &[
        field("tcpi_state", 0, F_U8),
        field("tcpi_ca_state", 1, F_U8),
        field("tcpi_retransmits", 2, F_U8),
        field("tcpi_probes", 3, F_U8),
        field("tcpi_backoff", 4, F_U8),
        field("tcpi_options", 5, F_U8),
        // Bit fields: tcpi_snd_wscale:4, tcpi_rcv_wscale:4 (low bits first on
        // little-endian hosts).
        field("tcpi_snd_wscale:4,tcpi_rcv_wscale:4", 6, F_U8),
        // Bit fields: tcpi_delivery_rate_app_limited:1, tcpi_fastopen_client_fail:2.
        field(
            "tcpi_delivery_rate_app_limited:1,tcpi_fastopen_client_fail:2",
            7,
            F_U8,
        ),
        field("tcpi_rto", 8, F_U32),
        field("tcpi_ato", 12, F_U32),
        field("tcpi_snd_mss", 16, F_U32),
        field("tcpi_rcv_mss", 20, F_U32),
        field("tcpi_unacked", 24, F_U32),
        field("tcpi_sacked", 28, F_U32),
        field("tcpi_lost", 32, F_U32),
        field("tcpi_retrans", 36, F_U32),
        field("tcpi_fackets", 40, F_U32),
        field("tcpi_last_data_sent", 44, F_U32),
        field("tcpi_last_ack_sent", 48, F_U32),
        field("tcpi_last_data_recv", 52, F_U32),
        field("tcpi_last_ack_recv", 56, F_U32),
        field("tcpi_pmtu", 60, F_U32),
        field("tcpi_rcv_ssthresh", 64, F_U32),
        field("tcpi_rtt", 68, F_U32),
        field("tcpi_rttvar", 72, F_U32),
        field("tcpi_snd_ssthresh", 76, F_U32),
        field("tcpi_snd_cwnd", 80, F_U32),
        field("tcpi_advmss", 84, F_U32),
        field("tcpi_reordering", 88, F_U32),
        field("tcpi_rcv_rtt", 92, F_U32),
        field("tcpi_rcv_space", 96, F_U32),
        field("tcpi_total_retrans", 100, F_U32),
        field("tcpi_pacing_rate", 104, F_U64),
        field("tcpi_max_pacing_rate", 112, F_U64),
        field("tcpi_bytes_acked", 120, F_U64),
        field("tcpi_bytes_received", 128, F_U64),
        field("tcpi_segs_out", 136, F_U32),
        field("tcpi_segs_in", 140, F_U32),
        field("tcpi_notsent_bytes", 144, F_U32),
        field("tcpi_min_rtt", 148, F_U32),
        field("tcpi_data_segs_in", 152, F_U32),
        field("tcpi_data_segs_out", 156, F_U32),
        field("tcpi_delivery_rate", 160, F_U64),
        field("tcpi_busy_time", 168, F_U64),
        field("tcpi_rwnd_limited", 176, F_U64),
        field("tcpi_sndbuf_limited", 184, F_U64),
        field("tcpi_delivered", 192, F_U32),
        field("tcpi_delivered_ce", 196, F_U32),
        field("tcpi_bytes_sent", 200, F_U64),
        field("tcpi_bytes_retrans", 208, F_U64),
        field("tcpi_dsack_dups", 216, F_U32),
        field("tcpi_reord_seen", 220, F_U32),
        field("tcpi_rcv_ooopack", 224, F_U32),
        field("tcpi_snd_wnd", 228, F_U32),
        field("tcpi_rcv_wnd", 232, F_U32),
        field("tcpi_rehash", 236, F_U32),
        field("tcpi_total_rto", 240, F_U16),
        field("tcpi_total_rto_recoveries", 242, F_U16),
        field("tcpi_total_rto_time", 244, F_U32),
        // Linux 6.18 (AccECN).
        field("tcpi_received_ce", 248, F_U32),
        field("tcpi_delivered_e1_bytes", 252, F_U32),
        field("tcpi_delivered_e0_bytes", 256, F_U32),
        field("tcpi_delivered_ce_bytes", 260, F_U32),
        field("tcpi_received_e1_bytes", 264, F_U32),
        field("tcpi_received_e0_bytes", 268, F_U32),
        field("tcpi_received_ce_bytes", 272, F_U32),
        field("tcpi_accecn_fail_mode", 276, F_U16),
        field("tcpi_accecn_opt_seen", 278, F_U16),
    ],
};

/// `struct tcpvegas_info` (16 bytes): `INET_DIAG_VEGASINFO`.
pub static TCPVEGAS_INFO: StructDef = StructDef {
    name: "tcpvegas_info",
    size: 16,
    fields: &[
        field("tcpv_enabled", 0, F_U32),
        field("tcpv_rttcnt", 4, F_U32),
        field("tcpv_rtt", 8, F_U32),
        field("tcpv_minrtt", 12, F_U32),
    ],
};

/// `struct tcp_dctcp_info` (16 bytes): `INET_DIAG_DCTCPINFO`.
pub static TCP_DCTCP_INFO: StructDef = StructDef {
    name: "tcp_dctcp_info",
    size: 16,
    fields: &[
        field("dctcp_enabled", 0, F_U16),
        field("dctcp_ce_state", 2, F_U16),
        field("dctcp_alpha", 4, F_U32),
        field("dctcp_ab_ecn", 8, F_U32),
        field("dctcp_ab_tot", 12, F_U32),
    ],
};

/// `struct tcp_bbr_info` (20 bytes): `INET_DIAG_BBRINFO`.
pub static TCP_BBR_INFO: StructDef = StructDef {
    name: "tcp_bbr_info",
    size: 20,
    fields: &[
        field("bbr_bw_lo", 0, F_U32),
        field("bbr_bw_hi", 4, F_U32),
        field("bbr_min_rtt", 8, F_U32),
        field("bbr_pacing_gain", 12, F_U32),
        field("bbr_cwnd_gain", 16, F_U32),
    ],
};

/// `struct inet_diag_sockopt` (2 bytes of bit fields): `INET_DIAG_SOCKOPT`. Bit 0 of
/// the first byte is `recverr`, then `is_icsk`, `freebind`, `hdrincl`, `mc_loop`,
/// `transparent`, `mc_all`, `nodefrag`; the second byte holds
/// `bind_address_no_port`, `recverr_rfc4884`, `defer_connect`.
pub static INET_DIAG_SOCKOPT: StructDef = StructDef {
    name: "inet_diag_sockopt",
    size: 2,
    fields: &[
        field("recverr:1..nodefrag:1", 0, F_X8),
        field("bind_address_no_port:1..unused:5", 1, F_X8),
    ],
};

/// `INET_ULP_INFO_*`: `INET_DIAG_ULP_INFO`.
pub static INET_ULP_INFO_ATTRS: AttrSet = AttrSet {
    name: "inet-ulp-info-attrs",
    attrs: &[
        attr(1, "INET_ULP_INFO_NAME", STR),
        attr(2, "INET_ULP_INFO_TLS", BIN),
        attr(3, "INET_ULP_INFO_MPTCP", BIN),
    ],
};

/// `SK_DIAG_BPF_STORAGE_*`: one BPF socket-storage map value.
pub static SK_DIAG_BPF_STORAGE_ATTRS: AttrSet = AttrSet {
    name: "sk-diag-bpf-storage-attrs",
    attrs: &[
        attr(1, "SK_DIAG_BPF_STORAGE_PAD", BIN),
        attr(2, "SK_DIAG_BPF_STORAGE_MAP_ID", U32),
        attr(3, "SK_DIAG_BPF_STORAGE_MAP_VALUE", HEX),
    ],
};

/// `SK_DIAG_BPF_STORAGE_REP_*`: `INET_DIAG_SK_BPF_STORAGES` in a reply.
pub static SK_DIAG_BPF_STORAGE_REP_ATTRS: AttrSet = AttrSet {
    name: "sk-diag-bpf-storage-rep-attrs",
    attrs: &[attr(
        1,
        "SK_DIAG_BPF_STORAGE",
        nest(&SK_DIAG_BPF_STORAGE_ATTRS),
    )],
};

/// `SK_DIAG_BPF_STORAGE_REQ_*`: `INET_DIAG_REQ_SK_BPF_STORAGES` in a request.
pub static SK_DIAG_BPF_STORAGE_REQ_ATTRS: AttrSet = AttrSet {
    name: "sk-diag-bpf-storage-req-attrs",
    attrs: &[attr(1, "SK_DIAG_BPF_STORAGE_REQ_MAP_FD", U32)],
};

/// `INET_DIAG_*`: the attributes of an AF_INET/AF_INET6 reply.
#[rustfmt::skip]
pub static INET_DIAG_ATTRS: AttrSet = AttrSet {
    name: "inet-diag-attrs",
    attrs: &[
        attr(1, "INET_DIAG_MEMINFO", st(&INET_DIAG_MEMINFO)),
        attr(2, "INET_DIAG_INFO", st(&TCP_INFO)),
        attr(3, "INET_DIAG_VEGASINFO", st(&TCPVEGAS_INFO)),
        attr(4, "INET_DIAG_CONG", STR),
        attr(5, "INET_DIAG_TOS", U8),
        attr(6, "INET_DIAG_TCLASS", U8),
        attr(7, "INET_DIAG_SKMEMINFO", st(&SK_MEMINFO)),
        attr(8, "INET_DIAG_SHUTDOWN", U8),
        attr(9, "INET_DIAG_DCTCPINFO", st(&TCP_DCTCP_INFO)),
        attr(10, "INET_DIAG_PROTOCOL", u8_enum(&IPPROTO)),
        attr(11, "INET_DIAG_SKV6ONLY", U8),
        // SCTP: arrays of struct sockaddr_storage.
        attr(12, "INET_DIAG_LOCALS", BIN),
        attr(13, "INET_DIAG_PEERS", BIN),
        attr(14, "INET_DIAG_PAD", BIN),
        attr(15, "INET_DIAG_MARK", X32),
        attr(16, "INET_DIAG_BBRINFO", st(&TCP_BBR_INFO)),
        attr(17, "INET_DIAG_CLASS_ID", U32),
        // An array of struct tcp_diag_md5sig (keys: not decoded).
        attr(18, "INET_DIAG_MD5SIG", BIN),
        attr(19, "INET_DIAG_ULP_INFO", nest(&INET_ULP_INFO_ATTRS)),
        attr(20, "INET_DIAG_SK_BPF_STORAGES", nest(&SK_DIAG_BPF_STORAGE_REP_ATTRS)),
        attr(21, "INET_DIAG_CGROUP_ID", U64),
        attr(22, "INET_DIAG_SOCKOPT", st(&INET_DIAG_SOCKOPT)),
    ],
};

/// `INET_DIAG_REQ_*`: the attributes of an AF_INET/AF_INET6 request.
#[rustfmt::skip]
pub static INET_DIAG_REQ_ATTRS: AttrSet = AttrSet {
    name: "inet-diag-req-attrs",
    attrs: &[
        // A filter program of struct inet_diag_bc_op and operands.
        attr(1, "INET_DIAG_REQ_BYTECODE", HEX),
        attr(2, "INET_DIAG_REQ_SK_BPF_STORAGES", nest(&SK_DIAG_BPF_STORAGE_REQ_ATTRS)),
        attr(3, "INET_DIAG_REQ_PROTOCOL", u32_enum(&IPPROTO)),
    ],
};

/// `struct unix_diag_req` (24 bytes).
pub static UNIX_DIAG_REQ: StructDef = StructDef {
    name: "unix_diag_req",
    size: 24,
    fields: &[
        field("sdiag_family", 0, F_U8),
        field("sdiag_protocol", 1, F_U8),
        field("pad", 2, f_pad(2)),
        field("udiag_states", 4, f_u32_enum(&TCP_STATE_BITS)),
        field("udiag_ino", 8, F_U32),
        field("udiag_show", 12, SHOW),
        field("udiag_cookie[0]", 16, F_X32),
        field("udiag_cookie[1]", 20, F_X32),
    ],
};

/// `struct unix_diag_msg` (16 bytes).
pub static UNIX_DIAG_MSG: StructDef = StructDef {
    name: "unix_diag_msg",
    size: 16,
    fields: &[
        field("udiag_family", 0, F_U8),
        field("udiag_type", 1, F_U8),
        field("udiag_state", 2, f_u8_enum(&TCP_STATE)),
        field("pad", 3, f_pad(1)),
        field("udiag_ino", 4, F_U32),
        field("udiag_cookie[0]", 8, F_X32),
        field("udiag_cookie[1]", 12, F_X32),
    ],
};

/// `struct unix_diag_vfs` (8 bytes).
pub static UNIX_DIAG_VFS: StructDef = StructDef {
    name: "unix_diag_vfs",
    size: 8,
    fields: &[
        field("udiag_vfs_ino", 0, F_U32),
        field("udiag_vfs_dev", 4, F_U32),
    ],
};

/// `struct unix_diag_rqlen` (8 bytes).
pub static UNIX_DIAG_RQLEN: StructDef = StructDef {
    name: "unix_diag_rqlen",
    size: 8,
    fields: &[
        field("udiag_rqueue", 0, F_U32),
        field("udiag_wqueue", 4, F_U32),
    ],
};

/// `UNIX_DIAG_*` (numbered from 0). `UNIX_DIAG_NAME` is `sun_path` without a NUL;
/// an abstract name starts with a zero byte, so it is kept as bytes.
pub static UNIX_DIAG_ATTRS: AttrSet = AttrSet {
    name: "unix-diag-attrs",
    attrs: &[
        attr(0, "UNIX_DIAG_NAME", BIN),
        attr(1, "UNIX_DIAG_VFS", st(&UNIX_DIAG_VFS)),
        attr(2, "UNIX_DIAG_PEER", U32),
        // u32 inode numbers of the sockets waiting in accept().
        attr(3, "UNIX_DIAG_ICONS", BIN),
        attr(4, "UNIX_DIAG_RQLEN", st(&UNIX_DIAG_RQLEN)),
        attr(5, "UNIX_DIAG_MEMINFO", st(&SK_MEMINFO)),
        attr(6, "UNIX_DIAG_SHUTDOWN", U8),
        attr(7, "UNIX_DIAG_UID", U32),
    ],
};

/// `struct netlink_diag_req` (20 bytes).
pub static NETLINK_DIAG_REQ: StructDef = StructDef {
    name: "netlink_diag_req",
    size: 20,
    fields: &[
        field("sdiag_family", 0, F_U8),
        field("sdiag_protocol", 1, f_u8_enum(&names::NETLINK_PROTOCOL)),
        field("pad", 2, f_pad(2)),
        field("ndiag_ino", 4, F_U32),
        field("ndiag_show", 8, SHOW),
        field("ndiag_cookie[0]", 12, F_X32),
        field("ndiag_cookie[1]", 16, F_X32),
    ],
};

/// `struct netlink_diag_msg` (28 bytes).
pub static NETLINK_DIAG_MSG: StructDef = StructDef {
    name: "netlink_diag_msg",
    size: 28,
    fields: &[
        field("ndiag_family", 0, F_U8),
        field("ndiag_type", 1, F_U8),
        field("ndiag_protocol", 2, f_u8_enum(&names::NETLINK_PROTOCOL)),
        field("ndiag_state", 3, F_U8),
        field("ndiag_portid", 4, F_U32),
        field("ndiag_dst_portid", 8, F_U32),
        field("ndiag_dst_group", 12, F_U32),
        field("ndiag_ino", 16, F_U32),
        field("ndiag_cookie[0]", 20, F_X32),
        field("ndiag_cookie[1]", 24, F_X32),
    ],
};

/// `struct netlink_diag_ring` (16 bytes).
pub static NETLINK_DIAG_RING: StructDef = StructDef {
    name: "netlink_diag_ring",
    size: 16,
    fields: &[
        field("ndr_block_size", 0, F_U32),
        field("ndr_block_nr", 4, F_U32),
        field("ndr_frame_size", 8, F_U32),
        field("ndr_frame_nr", 12, F_U32),
    ],
};

/// `NDIAG_FLAG_*`: `NETLINK_DIAG_FLAGS`.
pub static NDIAG_FLAG: EnumDef = EnumDef {
    name: "ndiag-flags",
    flags: true,
    entries: &[
        (0x1, "NDIAG_FLAG_CB_RUNNING"),
        (0x2, "NDIAG_FLAG_PKTINFO"),
        (0x4, "NDIAG_FLAG_BROADCAST_ERROR"),
        (0x8, "NDIAG_FLAG_NO_ENOBUFS"),
        (0x10, "NDIAG_FLAG_LISTEN_ALL_NSID"),
        (0x20, "NDIAG_FLAG_CAP_ACK"),
    ],
};

/// `NETLINK_DIAG_*` (numbered from 0).
pub static NETLINK_DIAG_ATTRS: AttrSet = AttrSet {
    name: "netlink-diag-attrs",
    attrs: &[
        attr(0, "NETLINK_DIAG_MEMINFO", st(&SK_MEMINFO)),
        // The multicast group bitmap (unsigned longs).
        attr(1, "NETLINK_DIAG_GROUPS", HEX),
        attr(2, "NETLINK_DIAG_RX_RING", st(&NETLINK_DIAG_RING)),
        attr(3, "NETLINK_DIAG_TX_RING", st(&NETLINK_DIAG_RING)),
        attr(4, "NETLINK_DIAG_FLAGS", u32_enum(&NDIAG_FLAG)),
    ],
};

/// `struct packet_diag_req` (20 bytes).
pub static PACKET_DIAG_REQ: StructDef = StructDef {
    name: "packet_diag_req",
    size: 20,
    fields: &[
        field("sdiag_family", 0, F_U8),
        field("sdiag_protocol", 1, F_U8),
        field("pad", 2, f_pad(2)),
        field("pdiag_ino", 4, F_U32),
        field("pdiag_show", 8, SHOW),
        field("pdiag_cookie[0]", 12, F_X32),
        field("pdiag_cookie[1]", 16, F_X32),
    ],
};

/// `struct packet_diag_msg` (16 bytes). `pdiag_num` is the protocol number
/// (an ethertype) as the socket holds it: big-endian.
pub static PACKET_DIAG_MSG: StructDef = StructDef {
    name: "packet_diag_msg",
    size: 16,
    fields: &[
        field("pdiag_family", 0, F_U8),
        field("pdiag_type", 1, F_U8),
        field("pdiag_num", 2, F_U16),
        field("pdiag_ino", 4, F_U32),
        field("pdiag_cookie[0]", 8, F_X32),
        field("pdiag_cookie[1]", 12, F_X32),
    ],
};

/// `struct packet_diag_info` (24 bytes).
pub static PACKET_DIAG_INFO: StructDef = StructDef {
    name: "packet_diag_info",
    size: 24,
    fields: &[
        field("pdi_index", 0, F_U32),
        field("pdi_version", 4, F_U32),
        field("pdi_reserve", 8, F_U32),
        field("pdi_copy_thresh", 12, F_U32),
        field("pdi_tstamp", 16, F_U32),
        field("pdi_flags", 20, F_X32),
    ],
};

/// `struct packet_diag_mclist` (44 bytes).
pub static PACKET_DIAG_MCLIST: StructDef = StructDef {
    name: "packet_diag_mclist",
    size: 44,
    fields: &[
        field("pdmc_index", 0, F_U32),
        field("pdmc_count", 4, F_U32),
        field("pdmc_type", 8, F_U16),
        field("pdmc_alen", 10, F_U16),
        field("pdmc_addr", 12, FieldKind::Bytes(32, Hint::Mac)),
    ],
};

/// `struct packet_diag_ring` (28 bytes).
pub static PACKET_DIAG_RING: StructDef = StructDef {
    name: "packet_diag_ring",
    size: 28,
    fields: &[
        field("pdr_block_size", 0, F_U32),
        field("pdr_block_nr", 4, F_U32),
        field("pdr_frame_size", 8, F_U32),
        field("pdr_frame_nr", 12, F_U32),
        field("pdr_retire_tmo", 16, F_U32),
        field("pdr_sizeof_priv", 20, F_U32),
        field("pdr_features", 24, F_X32),
    ],
};

/// `PACKET_DIAG_*` (numbered from 0).
#[rustfmt::skip]
pub static PACKET_DIAG_ATTRS: AttrSet = AttrSet {
    name: "packet-diag-attrs",
    attrs: &[
        attr(0, "PACKET_DIAG_INFO", st(&PACKET_DIAG_INFO)),
        attr(1, "PACKET_DIAG_MCLIST", Kind::StructArray(&PACKET_DIAG_MCLIST)),
        attr(2, "PACKET_DIAG_RX_RING", st(&PACKET_DIAG_RING)),
        attr(3, "PACKET_DIAG_TX_RING", st(&PACKET_DIAG_RING)),
        attr(4, "PACKET_DIAG_FANOUT", X32),
        attr(5, "PACKET_DIAG_UID", U32),
        attr(6, "PACKET_DIAG_MEMINFO", st(&SK_MEMINFO)),
        // Classic BPF: an array of struct sock_filter.
        attr(7, "PACKET_DIAG_FILTER", HEX),
    ],
};

/// `struct vsock_diag_req` (24 bytes).
pub static VSOCK_DIAG_REQ: StructDef = StructDef {
    name: "vsock_diag_req",
    size: 24,
    fields: &[
        field("sdiag_family", 0, F_U8),
        field("sdiag_protocol", 1, F_U8),
        field("pad", 2, f_pad(2)),
        field("vdiag_states", 4, f_u32_enum(&TCP_STATE_BITS)),
        field("vdiag_ino", 8, F_U32),
        field("vdiag_show", 12, SHOW),
        field("vdiag_cookie[0]", 16, F_X32),
        field("vdiag_cookie[1]", 20, F_X32),
    ],
};

/// `struct vsock_diag_msg` (32 bytes). vsock replies carry no attributes.
pub static VSOCK_DIAG_MSG: StructDef = StructDef {
    name: "vsock_diag_msg",
    size: 32,
    fields: &[
        field("vdiag_family", 0, F_U8),
        field("vdiag_type", 1, F_U8),
        field("vdiag_state", 2, f_u8_enum(&TCP_STATE)),
        field("vdiag_shutdown", 3, F_U8),
        field("vdiag_src_cid", 4, F_U32),
        field("vdiag_src_port", 8, F_U32),
        field("vdiag_dst_cid", 12, F_U32),
        field("vdiag_dst_port", 16, F_U32),
        field("vdiag_ino", 20, F_U32),
        field("vdiag_cookie[0]", 24, F_X32),
        field("vdiag_cookie[1]", 28, F_X32),
    ],
};

/// `struct xdp_diag_req` (20 bytes).
pub static XDP_DIAG_REQ: StructDef = StructDef {
    name: "xdp_diag_req",
    size: 20,
    fields: &[
        field("sdiag_family", 0, F_U8),
        field("sdiag_protocol", 1, F_U8),
        field("pad", 2, f_pad(2)),
        field("xdiag_ino", 4, F_U32),
        field("xdiag_show", 8, SHOW),
        field("xdiag_cookie[0]", 12, F_X32),
        field("xdiag_cookie[1]", 16, F_X32),
    ],
};

/// `struct xdp_diag_msg` (16 bytes).
pub static XDP_DIAG_MSG: StructDef = StructDef {
    name: "xdp_diag_msg",
    size: 16,
    fields: &[
        field("xdiag_family", 0, F_U8),
        field("xdiag_type", 1, F_U8),
        field("pad", 2, f_pad(2)),
        field("xdiag_ino", 4, F_U32),
        field("xdiag_cookie[0]", 8, F_X32),
        field("xdiag_cookie[1]", 12, F_X32),
    ],
};

/// `struct xdp_diag_info` (8 bytes).
pub static XDP_DIAG_INFO: StructDef = StructDef {
    name: "xdp_diag_info",
    size: 8,
    fields: &[field("ifindex", 0, F_U32), field("queue_id", 4, F_U32)],
};

/// `struct xdp_diag_ring` (4 bytes).
pub static XDP_DIAG_RING: StructDef = StructDef {
    name: "xdp_diag_ring",
    size: 4,
    fields: &[field("entries", 0, F_U32)],
};

/// `struct xdp_diag_umem` (40 bytes).
pub static XDP_DIAG_UMEM: StructDef = StructDef {
    name: "xdp_diag_umem",
    size: 40,
    fields: &[
        field("size", 0, F_U64),
        field("id", 8, F_U32),
        field("num_pages", 12, F_U32),
        field("chunk_size", 16, F_U32),
        field("headroom", 20, F_U32),
        field("ifindex", 24, F_U32),
        field("queue_id", 28, F_U32),
        field("flags", 32, F_X32),
        field("refs", 36, F_U32),
    ],
};

/// `struct xdp_diag_stats` (48 bytes).
pub static XDP_DIAG_STATS: StructDef = StructDef {
    name: "xdp_diag_stats",
    size: 48,
    fields: &[
        field("n_rx_dropped", 0, F_U64),
        field("n_rx_invalid", 8, F_U64),
        field("n_rx_full", 16, F_U64),
        field("n_fill_ring_empty", 24, F_U64),
        field("n_tx_invalid", 32, F_U64),
        field("n_tx_ring_empty", 40, F_U64),
    ],
};

/// `XDP_DIAG_*`.
#[rustfmt::skip]
pub static XDP_DIAG_ATTRS: AttrSet = AttrSet {
    name: "xdp-diag-attrs",
    attrs: &[
        attr(1, "XDP_DIAG_INFO", st(&XDP_DIAG_INFO)),
        attr(2, "XDP_DIAG_UID", U32),
        attr(3, "XDP_DIAG_RX_RING", st(&XDP_DIAG_RING)),
        attr(4, "XDP_DIAG_TX_RING", st(&XDP_DIAG_RING)),
        attr(5, "XDP_DIAG_UMEM", st(&XDP_DIAG_UMEM)),
        attr(6, "XDP_DIAG_UMEM_FILL_RING", st(&XDP_DIAG_RING)),
        attr(7, "XDP_DIAG_UMEM_COMPLETION_RING", st(&XDP_DIAG_RING)),
        attr(8, "XDP_DIAG_MEMINFO", st(&SK_MEMINFO)),
        attr(9, "XDP_DIAG_STATS", st(&XDP_DIAG_STATS)),
    ],
};

/// `SMC_DIAG_MODE_*`: `smc_diag_msg.diag_mode`.
pub static SMC_DIAG_MODE: EnumDef = EnumDef {
    name: "smc-diag-mode",
    flags: false,
    entries: &[
        (0, "SMC_DIAG_MODE_SMCR"),
        (1, "SMC_DIAG_MODE_FALLBACK_TCP"),
        (2, "SMC_DIAG_MODE_SMCD"),
    ],
};

/// `struct smc_diag_req` (52 bytes, include/uapi/linux/smc_diag.h).
pub static SMC_DIAG_REQ: StructDef = StructDef {
    name: "smc_diag_req",
    size: 52,
    fields: &[
        field("diag_family", 0, F_U8),
        field("pad", 1, f_pad(2)),
        field("diag_ext", 3, F_X8),
        // The family of the underlying TCP socket is not in the message: hex bytes.
        field("id", 4, FieldKind::Struct(&INET_DIAG_SOCKID_ANY)),
    ],
};

/// `struct smc_diag_msg` (64 bytes).
pub static SMC_DIAG_MSG: StructDef = StructDef {
    name: "smc_diag_msg",
    size: 64,
    fields: &[
        field("diag_family", 0, F_U8),
        field("diag_state", 1, f_u8_enum(&TCP_STATE)),
        field("diag_mode", 2, f_u8_enum(&SMC_DIAG_MODE)),
        field("diag_shutdown", 3, F_U8),
        // The family of the underlying TCP socket is not in the message: hex bytes.
        field("id", 4, FieldKind::Struct(&INET_DIAG_SOCKID_ANY)),
        field("diag_uid", 52, F_U32),
        field("diag_inode", 56, F_U64),
    ],
};

/// `struct smc_diag_fallback` (8 bytes).
pub static SMC_DIAG_FALLBACK: StructDef = StructDef {
    name: "smc_diag_fallback",
    size: 8,
    fields: &[field("reason", 0, F_X32), field("peer_diagnosis", 4, F_X32)],
};

/// `SMC_DIAG_*`. Connection, link-group and DMB details (`struct
/// smc_diag_conninfo`, `smc_diag_lgrinfo`, `smcd_diag_dmbinfo`) are kept as bytes.
pub static SMC_DIAG_ATTRS: AttrSet = AttrSet {
    name: "smc-diag-attrs",
    attrs: &[
        attr(1, "SMC_DIAG_CONNINFO", HEX),
        attr(2, "SMC_DIAG_LGRINFO", HEX),
        attr(3, "SMC_DIAG_SHUTDOWN", U8),
        attr(4, "SMC_DIAG_DMBINFO", HEX),
        attr(5, "SMC_DIAG_FALLBACK", st(&SMC_DIAG_FALLBACK)),
    ],
};

/// `TCPDIAG_GETSOCK`
pub const TCPDIAG_GETSOCK: u16 = 18;
/// `DCCPDIAG_GETSOCK`
pub const DCCPDIAG_GETSOCK: u16 = 19;
/// `SOCK_DIAG_BY_FAMILY`
pub const SOCK_DIAG_BY_FAMILY: u16 = 20;
/// `SOCK_DESTROY`
pub const SOCK_DESTROY: u16 = 21;

/// One `(family, request, reply)` row per socket family; each with both types.
struct ByFamily {
    family: u8,
    request: [MsgDef; 2],
    reply: [MsgDef; 2],
}

const fn by_family(
    family: u8,
    req: &'static StructDef,
    req_attrs: Option<&'static AttrSet>,
    rep: &'static StructDef,
    rep_attrs: Option<&'static AttrSet>,
) -> ByFamily {
    ByFamily {
        family,
        request: [
            msg(
                SOCK_DIAG_BY_FAMILY,
                "SOCK_DIAG_BY_FAMILY",
                Some(req),
                req_attrs,
            ),
            msg(SOCK_DESTROY, "SOCK_DESTROY", Some(req), req_attrs),
        ],
        reply: [
            msg(
                SOCK_DIAG_BY_FAMILY,
                "SOCK_DIAG_BY_FAMILY",
                Some(rep),
                rep_attrs,
            ),
            msg(SOCK_DESTROY, "SOCK_DESTROY", Some(rep), rep_attrs),
        ],
    }
}

#[rustfmt::skip]
static FAMILIES: &[ByFamily] = &[
    by_family(AF_UNIX, &UNIX_DIAG_REQ, None, &UNIX_DIAG_MSG, Some(&UNIX_DIAG_ATTRS)),
    by_family(AF_INET, &INET_DIAG_REQ_V2_4, Some(&INET_DIAG_REQ_ATTRS), &INET_DIAG_MSG_4, Some(&INET_DIAG_ATTRS)),
    by_family(AF_INET6, &INET_DIAG_REQ_V2_6, Some(&INET_DIAG_REQ_ATTRS), &INET_DIAG_MSG_6, Some(&INET_DIAG_ATTRS)),
    by_family(AF_NETLINK, &NETLINK_DIAG_REQ, None, &NETLINK_DIAG_MSG, Some(&NETLINK_DIAG_ATTRS)),
    by_family(AF_PACKET, &PACKET_DIAG_REQ, None, &PACKET_DIAG_MSG, Some(&PACKET_DIAG_ATTRS)),
    by_family(AF_VSOCK, &VSOCK_DIAG_REQ, None, &VSOCK_DIAG_MSG, None),
    by_family(AF_SMC, &SMC_DIAG_REQ, None, &SMC_DIAG_MSG, Some(&SMC_DIAG_ATTRS)),
    by_family(AF_XDP, &XDP_DIAG_REQ, None, &XDP_DIAG_MSG, Some(&XDP_DIAG_ATTRS)),
];

/// The legacy inet requests and replies, by type and address family.
#[rustfmt::skip]
static LEGACY: &[(u16, u8, MsgDef, MsgDef)] = &[
    (
        TCPDIAG_GETSOCK,
        AF_INET,
        msg(TCPDIAG_GETSOCK, "TCPDIAG_GETSOCK", Some(&INET_DIAG_REQ_4), Some(&INET_DIAG_REQ_ATTRS)),
        msg(TCPDIAG_GETSOCK, "TCPDIAG_GETSOCK", Some(&INET_DIAG_MSG_4), Some(&INET_DIAG_ATTRS)),
    ),
    (
        TCPDIAG_GETSOCK,
        AF_INET6,
        msg(TCPDIAG_GETSOCK, "TCPDIAG_GETSOCK", Some(&INET_DIAG_REQ_6), Some(&INET_DIAG_REQ_ATTRS)),
        msg(TCPDIAG_GETSOCK, "TCPDIAG_GETSOCK", Some(&INET_DIAG_MSG_6), Some(&INET_DIAG_ATTRS)),
    ),
    (
        DCCPDIAG_GETSOCK,
        AF_INET,
        msg(DCCPDIAG_GETSOCK, "DCCPDIAG_GETSOCK", Some(&INET_DIAG_REQ_4), Some(&INET_DIAG_REQ_ATTRS)),
        msg(DCCPDIAG_GETSOCK, "DCCPDIAG_GETSOCK", Some(&INET_DIAG_MSG_4), Some(&INET_DIAG_ATTRS)),
    ),
    (
        DCCPDIAG_GETSOCK,
        AF_INET6,
        msg(DCCPDIAG_GETSOCK, "DCCPDIAG_GETSOCK", Some(&INET_DIAG_REQ_6), Some(&INET_DIAG_REQ_ATTRS)),
        msg(DCCPDIAG_GETSOCK, "DCCPDIAG_GETSOCK", Some(&INET_DIAG_MSG_6), Some(&INET_DIAG_ATTRS)),
    ),
];

/// The definition of a sock_diag message: chosen by `nlmsg_type`, the socket family
/// in the first payload byte, and the direction (`NLM_F_REQUEST` set: a request
/// header such as `inet_diag_req_v2`; clear: a reply header such as `inet_diag_msg`).
/// `None` for an empty payload or a family without a table (its bytes stay raw).
pub fn message(header: &Header, payload: &[u8]) -> Option<&'static MsgDef> {
    let family = *payload.first()?;
    let request = header.flags & NLM_F_REQUEST != 0;
    match header.ty {
        SOCK_DIAG_BY_FAMILY | SOCK_DESTROY => {
            let row = FAMILIES.iter().find(|f| f.family == family)?;
            let pair = if request { &row.request } else { &row.reply };
            pair.iter().find(|m| m.value == header.ty)
        }
        TCPDIAG_GETSOCK | DCCPDIAG_GETSOCK => LEGACY
            .iter()
            .find(|(ty, fam, _, _)| *ty == header.ty && *fam == family)
            .map(|(_, _, req, rep)| if request { req } else { rep }),
        _ => None,
    }
}

/// Every fixed struct of this module (for table tests).
pub static STRUCTS: &[&StructDef] = &[
    &INET_DIAG_REQ_V2_4,
    &INET_DIAG_REQ_V2_6,
    &INET_DIAG_REQ_4,
    &INET_DIAG_REQ_6,
    &INET_DIAG_MSG_4,
    &INET_DIAG_MSG_6,
    &INET_DIAG_MEMINFO,
    &SK_MEMINFO,
    &TCP_INFO,
    &TCPVEGAS_INFO,
    &TCP_DCTCP_INFO,
    &TCP_BBR_INFO,
    &INET_DIAG_SOCKOPT,
    &UNIX_DIAG_REQ,
    &UNIX_DIAG_MSG,
    &UNIX_DIAG_VFS,
    &UNIX_DIAG_RQLEN,
    &NETLINK_DIAG_REQ,
    &NETLINK_DIAG_MSG,
    &NETLINK_DIAG_RING,
    &PACKET_DIAG_REQ,
    &PACKET_DIAG_MSG,
    &PACKET_DIAG_INFO,
    &PACKET_DIAG_MCLIST,
    &PACKET_DIAG_RING,
    &VSOCK_DIAG_REQ,
    &VSOCK_DIAG_MSG,
    &SMC_DIAG_REQ,
    &SMC_DIAG_MSG,
    &SMC_DIAG_FALLBACK,
    &XDP_DIAG_REQ,
    &XDP_DIAG_MSG,
    &XDP_DIAG_INFO,
    &XDP_DIAG_RING,
    &XDP_DIAG_UMEM,
    &XDP_DIAG_STATS,
];

/// Every message definition of this module (for table tests).
pub fn all_messages() -> impl Iterator<Item = &'static MsgDef> {
    FAMILIES
        .iter()
        .flat_map(|f| f.request.iter().chain(f.reply.iter()))
        .chain(LEGACY.iter().flat_map(|(_, _, a, b)| [a, b]))
}
