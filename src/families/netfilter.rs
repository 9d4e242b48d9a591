//! nfnetlink subsystems besides nftables and conntrack (which the kernel specs cover):
//! `nfnetlink_queue` (subsystem 3), `nfnetlink_log` (4), `nfnetlink_acct` (7),
//! `nfnetlink_cttimeout` (8), `nfnetlink_hook` (12), conntrack expectations (2),
//! and the conntrack message types the conntrack spec leaves out
//! (include/uapi/linux/netfilter/). Conntrack attributes and tuples are
//! conntrack.yaml's generated tables. Message
//! values carry the subsystem in the high byte, as `nlmsg_type` does. Almost every
//! integer is big-endian.

use crate::families::schema::gen::conntrack;
use crate::families::schema::{
    AttrSet, ByteOrder, EnumDef, FieldKind, Hint, Kind, MsgDef, Scalar, StructDef, SubFormat,
};
use crate::families::table::*;

/// `struct nfgenmsg` (include/uapi/linux/netfilter/nfnetlink.h, 4 bytes): `res_id`
/// is big-endian (the queue or log group number, or the subsystem of a batch).
pub static NFGENMSG: StructDef = StructDef {
    name: "nfgenmsg",
    size: 4,
    fields: &[
        field("nfgen_family", 0, F_U8),
        field("version", 1, F_U8),
        field("res_id", 2, F_BE16),
    ],
};

/// `NF_INET_*` hooks (include/uapi/linux/netfilter.h).
pub static NF_HOOK: EnumDef = EnumDef {
    name: "nf-inet-hooks",
    flags: false,
    entries: &[
        (0, "NF_INET_PRE_ROUTING"),
        (1, "NF_INET_LOCAL_IN"),
        (2, "NF_INET_FORWARD"),
        (3, "NF_INET_LOCAL_OUT"),
        (4, "NF_INET_POST_ROUTING"),
        (5, "NF_INET_INGRESS"),
    ],
};

/// `struct nfulnl_msg_packet_hdr` (4 bytes): `NFULA_PACKET_HDR`.
pub static NFULNL_MSG_PACKET_HDR: StructDef = StructDef {
    name: "nfulnl_msg_packet_hdr",
    size: 4,
    fields: &[
        field("hw_protocol", 0, F_BE16),
        field("hook", 2, f_u8_enum(&NF_HOOK)),
        field("_pad", 3, f_pad(1)),
    ],
};

/// `struct nfulnl_msg_packet_hw` (12 bytes): `NFULA_HWADDR`.
pub static NFULNL_MSG_PACKET_HW: StructDef = StructDef {
    name: "nfulnl_msg_packet_hw",
    size: 12,
    fields: &[
        field("hw_addrlen", 0, F_BE16),
        field("_pad", 2, f_pad(2)),
        field("hw_addr", 4, FieldKind::Bytes(8, Hint::Mac)),
    ],
};

/// `struct nfulnl_msg_packet_timestamp` (16 bytes, two `be64`): `NFULA_TIMESTAMP`,
/// `NFQA_TIMESTAMP`.
pub static NFULNL_MSG_PACKET_TIMESTAMP: StructDef = StructDef {
    name: "nfulnl_msg_packet_timestamp",
    size: 16,
    fields: &[field("sec", 0, F_BE64), field("usec", 8, F_BE64)],
};

/// `NFULNL_CFG_CMD_*`.
pub static NFULNL_CFG_CMD: EnumDef = EnumDef {
    name: "nfulnl-cfg-cmd",
    flags: false,
    entries: &[
        (0, "NFULNL_CFG_CMD_NONE"),
        (1, "NFULNL_CFG_CMD_BIND"),
        (2, "NFULNL_CFG_CMD_UNBIND"),
        (3, "NFULNL_CFG_CMD_PF_BIND"),
        (4, "NFULNL_CFG_CMD_PF_UNBIND"),
    ],
};

/// `struct nfulnl_msg_config_cmd` (1 byte, packed): `NFULA_CFG_CMD`.
pub static NFULNL_MSG_CONFIG_CMD: StructDef = StructDef {
    name: "nfulnl_msg_config_cmd",
    size: 1,
    fields: &[field("command", 0, f_u8_enum(&NFULNL_CFG_CMD))],
};

/// `struct nfulnl_msg_config_mode` (6 bytes, packed): `NFULA_CFG_MODE`.
pub static NFULNL_MSG_CONFIG_MODE: StructDef = StructDef {
    name: "nfulnl_msg_config_mode",
    size: 6,
    fields: &[
        field("copy_range", 0, F_BE32),
        field("copy_mode", 4, F_U8),
        field("_pad", 5, f_pad(1)),
    ],
};

/// `NFULA_VLAN_*` / `NFQA_VLAN_*` (same numbering).
pub static NFULA_VLAN_ATTRS: AttrSet = AttrSet {
    name: "nfula-vlan-attrs",
    attrs: &[
        attr(1, "NFULA_VLAN_PROTO", BE16),
        attr(2, "NFULA_VLAN_TCI", BE16),
    ],
};

/// `NFULA_*`: a logged packet (`NFULNL_MSG_PACKET`).
pub static NFULA_ATTRS: AttrSet = AttrSet {
    name: "nfula-attrs",
    attrs: &[
        attr(1, "NFULA_PACKET_HDR", st(&NFULNL_MSG_PACKET_HDR)),
        attr(2, "NFULA_MARK", BE32),
        attr(3, "NFULA_TIMESTAMP", st(&NFULNL_MSG_PACKET_TIMESTAMP)),
        attr(4, "NFULA_IFINDEX_INDEV", BE32),
        attr(5, "NFULA_IFINDEX_OUTDEV", BE32),
        attr(6, "NFULA_IFINDEX_PHYSINDEV", BE32),
        attr(7, "NFULA_IFINDEX_PHYSOUTDEV", BE32),
        attr(8, "NFULA_HWADDR", st(&NFULNL_MSG_PACKET_HW)),
        attr(9, "NFULA_PAYLOAD", HEX),
        attr(10, "NFULA_PREFIX", STR),
        attr(11, "NFULA_UID", BE32),
        attr(12, "NFULA_SEQ", BE32),
        attr(13, "NFULA_SEQ_GLOBAL", BE32),
        attr(14, "NFULA_GID", BE32),
        attr(15, "NFULA_HWTYPE", BE16),
        attr(16, "NFULA_HWHEADER", MAC),
        attr(17, "NFULA_HWLEN", BE16),
        attr(18, "NFULA_CT", nest(&conntrack::CONNTRACK_ATTRS)),
        attr(19, "NFULA_CT_INFO", BE32),
        attr(20, "NFULA_VLAN", nest(&NFULA_VLAN_ATTRS)),
        attr(21, "NFULA_L2HDR", HEX),
    ],
};

/// `NFULNL_CFG_F_*`: `NFULA_CFG_FLAGS`.
pub static NFULNL_CFG_F: EnumDef = EnumDef {
    name: "nfulnl-cfg-flags",
    flags: true,
    entries: &[
        (1, "NFULNL_CFG_F_SEQ"),
        (2, "NFULNL_CFG_F_SEQ_GLOBAL"),
        (4, "NFULNL_CFG_F_CONNTRACK"),
    ],
};

/// `NFULA_CFG_*`: `NFULNL_MSG_CONFIG`.
#[rustfmt::skip]
pub static NFULA_CFG_ATTRS: AttrSet = AttrSet {
    name: "nfula-cfg-attrs",
    attrs: &[
        attr(1, "NFULA_CFG_CMD", st(&NFULNL_MSG_CONFIG_CMD)),
        attr(2, "NFULA_CFG_MODE", st(&NFULNL_MSG_CONFIG_MODE)),
        attr(3, "NFULA_CFG_NLBUFSIZ", BE32),
        attr(4, "NFULA_CFG_TIMEOUT", BE32),
        attr(5, "NFULA_CFG_QTHRESH", BE32),
        attr(6, "NFULA_CFG_FLAGS", Kind::Scalar(Scalar::U16, ByteOrder::Big, Hint::Enum(&NFULNL_CFG_F))),
    ],
};

/// `struct nfqnl_msg_packet_hdr` (7 bytes, packed): `NFQA_PACKET_HDR`.
pub static NFQNL_MSG_PACKET_HDR: StructDef = StructDef {
    name: "nfqnl_msg_packet_hdr",
    size: 7,
    fields: &[
        field("packet_id", 0, F_BE32),
        field("hw_protocol", 4, F_BE16),
        field("hook", 6, f_u8_enum(&NF_HOOK)),
    ],
};

/// `NF_DROP`, `NF_ACCEPT`, … (include/uapi/linux/netfilter.h): a verdict's low bits.
pub static NF_VERDICT: EnumDef = EnumDef {
    name: "nf-verdict",
    flags: false,
    entries: &[
        (0, "NF_DROP"),
        (1, "NF_ACCEPT"),
        (2, "NF_STOLEN"),
        (3, "NF_QUEUE"),
        (4, "NF_REPEAT"),
        (5, "NF_STOP"),
    ],
};

/// `struct nfqnl_msg_verdict_hdr` (8 bytes): `NFQA_VERDICT_HDR`.
pub static NFQNL_MSG_VERDICT_HDR: StructDef = StructDef {
    name: "nfqnl_msg_verdict_hdr",
    size: 8,
    fields: &[
        field(
            "verdict",
            0,
            FieldKind::Scalar(Scalar::U32, ByteOrder::Big, Hint::Enum(&NF_VERDICT)),
        ),
        field("id", 4, F_BE32),
    ],
};

/// `NFQNL_CFG_CMD_*`.
pub static NFQNL_CFG_CMD: EnumDef = EnumDef {
    name: "nfqnl-cfg-cmd",
    flags: false,
    entries: &[
        (0, "NFQNL_CFG_CMD_NONE"),
        (1, "NFQNL_CFG_CMD_BIND"),
        (2, "NFQNL_CFG_CMD_UNBIND"),
        (3, "NFQNL_CFG_CMD_PF_BIND"),
        (4, "NFQNL_CFG_CMD_PF_UNBIND"),
    ],
};

/// `struct nfqnl_msg_config_cmd` (4 bytes): `NFQA_CFG_CMD`.
pub static NFQNL_MSG_CONFIG_CMD: StructDef = StructDef {
    name: "nfqnl_msg_config_cmd",
    size: 4,
    fields: &[
        field("command", 0, f_u8_enum(&NFQNL_CFG_CMD)),
        field("_pad", 1, f_pad(1)),
        field("pf", 2, F_BE16),
    ],
};

/// `NFQNL_COPY_*`.
pub static NFQNL_COPY: EnumDef = EnumDef {
    name: "nfqnl-copy",
    flags: false,
    entries: &[
        (0, "NFQNL_COPY_NONE"),
        (1, "NFQNL_COPY_META"),
        (2, "NFQNL_COPY_PACKET"),
    ],
};

/// `struct nfqnl_msg_config_params` (5 bytes, packed): `NFQA_CFG_PARAMS`.
pub static NFQNL_MSG_CONFIG_PARAMS: StructDef = StructDef {
    name: "nfqnl_msg_config_params",
    size: 5,
    fields: &[
        field("copy_range", 0, F_BE32),
        field("copy_mode", 4, f_u8_enum(&NFQNL_COPY)),
    ],
};

/// `NFQA_CFG_F_*`: `NFQA_CFG_FLAGS`/`NFQA_CFG_MASK`.
pub static NFQA_CFG_F: EnumDef = EnumDef {
    name: "nfqa-cfg-flags",
    flags: true,
    entries: &[
        (1, "NFQA_CFG_F_FAIL_OPEN"),
        (2, "NFQA_CFG_F_CONNTRACK"),
        (4, "NFQA_CFG_F_GSO"),
        (8, "NFQA_CFG_F_UID_GID"),
        (16, "NFQA_CFG_F_SECCTX"),
    ],
};

/// `NFQA_SKB_*`: `NFQA_SKB_INFO`.
pub static NFQA_SKB: EnumDef = EnumDef {
    name: "nfqa-skb-info",
    flags: true,
    entries: &[
        (1, "NFQA_SKB_CSUMNOTREADY"),
        (2, "NFQA_SKB_GSO"),
        (4, "NFQA_SKB_CSUM_NOTVERIFIED"),
    ],
};

const BE32_FLAGS_CFG: Kind = Kind::Scalar(Scalar::U32, ByteOrder::Big, Hint::Enum(&NFQA_CFG_F));

/// `NFQA_*`: a queued packet, a verdict.
#[rustfmt::skip]
pub static NFQA_ATTRS: AttrSet = AttrSet {
    name: "nfqa-attrs",
    attrs: &[
        attr(1, "NFQA_PACKET_HDR", st(&NFQNL_MSG_PACKET_HDR)),
        attr(2, "NFQA_VERDICT_HDR", st(&NFQNL_MSG_VERDICT_HDR)),
        attr(3, "NFQA_MARK", BE32),
        attr(4, "NFQA_TIMESTAMP", st(&NFULNL_MSG_PACKET_TIMESTAMP)),
        attr(5, "NFQA_IFINDEX_INDEV", BE32),
        attr(6, "NFQA_IFINDEX_OUTDEV", BE32),
        attr(7, "NFQA_IFINDEX_PHYSINDEV", BE32),
        attr(8, "NFQA_IFINDEX_PHYSOUTDEV", BE32),
        attr(9, "NFQA_HWADDR", st(&NFULNL_MSG_PACKET_HW)),
        attr(10, "NFQA_PAYLOAD", HEX),
        attr(11, "NFQA_CT", nest(&conntrack::CONNTRACK_ATTRS)),
        attr(12, "NFQA_CT_INFO", BE32),
        attr(13, "NFQA_CAP_LEN", BE32),
        attr(14, "NFQA_SKB_INFO", Kind::Scalar(Scalar::U32, ByteOrder::Big, Hint::Enum(&NFQA_SKB))),
        attr(15, "NFQA_EXP", nest(&CTA_EXPECT_ATTRS)),
        attr(16, "NFQA_UID", BE32),
        attr(17, "NFQA_GID", BE32),
        attr(18, "NFQA_SECCTX", STR),
        attr(19, "NFQA_VLAN", nest(&NFULA_VLAN_ATTRS)),
        attr(20, "NFQA_L2HDR", HEX),
        attr(21, "NFQA_PRIORITY", BE32),
        attr(22, "NFQA_CGROUP_CLASSID", BE32),
    ],
};

/// `NFQA_CFG_*`: `NFQNL_MSG_CONFIG`.
pub static NFQA_CFG_ATTRS: AttrSet = AttrSet {
    name: "nfqa-cfg-attrs",
    attrs: &[
        attr(1, "NFQA_CFG_CMD", st(&NFQNL_MSG_CONFIG_CMD)),
        attr(2, "NFQA_CFG_PARAMS", st(&NFQNL_MSG_CONFIG_PARAMS)),
        attr(3, "NFQA_CFG_QUEUE_MAXLEN", BE32),
        attr(4, "NFQA_CFG_MASK", BE32_FLAGS_CFG),
        attr(5, "NFQA_CFG_FLAGS", BE32_FLAGS_CFG),
    ],
};

/// `CTA_STATS_GLOBAL_*`: the reply to `IPCTNL_MSG_CT_GET_STATS`.
pub static CTA_STATS_GLOBAL_ATTRS: AttrSet = AttrSet {
    name: "cta-stats-global-attrs",
    attrs: &[
        attr(1, "CTA_STATS_GLOBAL_ENTRIES", BE32),
        attr(2, "CTA_STATS_GLOBAL_MAX_ENTRIES", BE32),
    ],
};

/// `NFACCT_F_*`: `NFACCT_FLAGS`.
pub static NFACCT_F: EnumDef = EnumDef {
    name: "nfacct-flags",
    flags: true,
    entries: &[
        (1, "NFACCT_F_QUOTA_PKTS"),
        (2, "NFACCT_F_QUOTA_BYTES"),
        (4, "NFACCT_F_OVERQUOTA"),
    ],
};

/// `NFACCT_FILTER_*`: a dump filter on the flags.
pub static NFACCT_FILTER_ATTRS: AttrSet = AttrSet {
    name: "nfacct-filter-attrs",
    attrs: &[
        attr(1, "NFACCT_FILTER_MASK", BE32),
        attr(2, "NFACCT_FILTER_VALUE", BE32),
    ],
};

/// `NFACCT_*`: an accounting object (include/uapi/linux/netfilter/nfnetlink_acct.h).
#[rustfmt::skip]
pub static NFACCT_ATTRS: AttrSet = AttrSet {
    name: "nfacct-attrs",
    attrs: &[
        attr(1, "NFACCT_NAME", STR),
        attr(2, "NFACCT_PKTS", BE64),
        attr(3, "NFACCT_BYTES", BE64),
        attr(4, "NFACCT_USE", BE32),
        attr(5, "NFACCT_FLAGS", Kind::Scalar(Scalar::U32, ByteOrder::Big, Hint::Enum(&NFACCT_F))),
        attr(6, "NFACCT_QUOTA", BE64),
        attr(7, "NFACCT_FILTER", nest(&NFACCT_FILTER_ATTRS)),
        attr(8, "NFACCT_PAD", BIN),
    ],
};

/// `CTA_TIMEOUT_*`: a conntrack timeout policy
/// (include/uapi/linux/netfilter/nfnetlink_cttimeout.h). `CTA_TIMEOUT_DATA` holds
/// `CTA_TIMEOUT_<L4PROTO>_*` attributes chosen by `CTA_TIMEOUT_L4PROTO`, a number
/// selector: kept as bytes.
pub static CTA_TIMEOUT_ATTRS: AttrSet = AttrSet {
    name: "cta-timeout-attrs",
    attrs: &[
        attr(1, "CTA_TIMEOUT_NAME", STR),
        attr(2, "CTA_TIMEOUT_L3PROTO", BE16),
        attr(3, "CTA_TIMEOUT_L4PROTO", U8),
        attr(4, "CTA_TIMEOUT_DATA", BIN),
        attr(5, "CTA_TIMEOUT_USE", BE32),
    ],
};

/// `NFNL_HOOK_TYPE_*`: `NFNLA_HOOK_INFO_TYPE`.
pub static NFNL_HOOK_TYPE: EnumDef = EnumDef {
    name: "nfnl-hook-type",
    flags: false,
    entries: &[(1, "NFNL_HOOK_TYPE_NFTABLES"), (2, "NFNL_HOOK_TYPE_BPF")],
};

/// `NFNLA_CHAIN_*`: the nf_tables base chain behind a hook.
pub static NFNLA_CHAIN_ATTRS: AttrSet = AttrSet {
    name: "nfnla-chain-attrs",
    attrs: &[
        attr(1, "NFNLA_CHAIN_TABLE", STR),
        attr(2, "NFNLA_CHAIN_FAMILY", U8),
        attr(3, "NFNLA_CHAIN_NAME", STR),
    ],
};

/// `NFNLA_HOOK_INFO_*`. `NFNLA_HOOK_INFO_DESC` holds `NFNLA_CHAIN_*` for
/// `NFNL_HOOK_TYPE_NFTABLES`; for `NFNL_HOOK_TYPE_BPF` its one attribute
/// (`NFNLA_HOOK_BPF_ID`, 1) shows under the name `NFNLA_CHAIN_TABLE`.
#[rustfmt::skip]
pub static NFNLA_HOOK_INFO_ATTRS: AttrSet = AttrSet {
    name: "nfnla-hook-info-attrs",
    attrs: &[
        attr(1, "NFNLA_HOOK_INFO_DESC", nest(&NFNLA_CHAIN_ATTRS)),
        attr(2, "NFNLA_HOOK_INFO_TYPE", Kind::Scalar(Scalar::U32, ByteOrder::Big, Hint::Enum(&NFNL_HOOK_TYPE))),
    ],
};

/// `NFNLA_HOOK_*`: one netfilter hook (include/uapi/linux/netfilter/nfnetlink_hook.h).
pub static NFNLA_HOOK_ATTRS: AttrSet = AttrSet {
    name: "nfnla-hook-attrs",
    attrs: &[
        attr(1, "NFNLA_HOOK_HOOKNUM", BE32),
        attr(2, "NFNLA_HOOK_PRIORITY", BE32),
        attr(3, "NFNLA_HOOK_DEV", STR),
        attr(4, "NFNLA_HOOK_FUNCTION_NAME", STR),
        attr(5, "NFNLA_HOOK_MODULE_NAME", STR),
        attr(6, "NFNLA_HOOK_CHAIN_INFO", nest(&NFNLA_HOOK_INFO_ATTRS)),
    ],
};

/// `NF_CT_EXPECT_*`: `CTA_EXPECT_FLAGS`.
pub static NF_CT_EXPECT_F: EnumDef = EnumDef {
    name: "nf-ct-expect-flags",
    flags: true,
    entries: &[
        (1, "NF_CT_EXPECT_PERMANENT"),
        (2, "NF_CT_EXPECT_INACTIVE"),
        (4, "NF_CT_EXPECT_USERSPACE"),
    ],
};

/// `CTA_EXPECT_NAT_*`.
pub static CTA_EXPECT_NAT_ATTRS: AttrSet = AttrSet {
    name: "cta-expect-nat-attrs",
    attrs: &[
        attr(1, "CTA_EXPECT_NAT_DIR", BE32),
        attr(2, "CTA_EXPECT_NAT_TUPLE", nest(&conntrack::TUPLE_ATTRS)),
    ],
};

/// `CTA_EXPECT_*`: a conntrack expectation (subsystem 2,
/// include/uapi/linux/netfilter/nfnetlink_conntrack.h); tuples use conntrack.yaml's
/// tuple attributes.
#[rustfmt::skip]
pub static CTA_EXPECT_ATTRS: AttrSet = AttrSet {
    name: "cta-expect-attrs",
    attrs: &[
        attr(1, "CTA_EXPECT_MASTER", nest(&conntrack::TUPLE_ATTRS)),
        attr(2, "CTA_EXPECT_TUPLE", nest(&conntrack::TUPLE_ATTRS)),
        attr(3, "CTA_EXPECT_MASK", nest(&conntrack::TUPLE_ATTRS)),
        attr(4, "CTA_EXPECT_TIMEOUT", BE32),
        attr(5, "CTA_EXPECT_ID", BE32),
        attr(6, "CTA_EXPECT_HELP_NAME", STR),
        attr(7, "CTA_EXPECT_ZONE", BE16),
        attr(8, "CTA_EXPECT_FLAGS", Kind::Scalar(Scalar::U32, ByteOrder::Big, Hint::Enum(&NF_CT_EXPECT_F))),
        attr(9, "CTA_EXPECT_CLASS", BE32),
        attr(10, "CTA_EXPECT_NAT", nest(&CTA_EXPECT_NAT_ATTRS)),
        attr(11, "CTA_EXPECT_FN", STR),
    ],
};

/// `CTA_STATS_EXP_*`: per-CPU expectation counters (`IPCTNL_MSG_EXP_GET_STATS_CPU`).
pub static CTA_STATS_EXP_ATTRS: AttrSet = AttrSet {
    name: "cta-stats-exp-attrs",
    attrs: &[
        attr(1, "CTA_STATS_EXP_NEW", BE32),
        attr(2, "CTA_STATS_EXP_CREATE", BE32),
        attr(3, "CTA_STATS_EXP_DELETE", BE32),
    ],
};

const fn nf(value: u16, name: &'static str, attrs: &'static AttrSet) -> MsgDef {
    msg(value, name, Some(&NFGENMSG), Some(attrs))
}

/// Message types, sorted by `nlmsg_type` (subsystem << 8 | message).
#[rustfmt::skip]
pub static MESSAGES: &[MsgDef] = &[
    nf(0x102, "IPCTNL_MSG_CT_DELETE", &conntrack::CONNTRACK_ATTRS),
    nf(0x103, "IPCTNL_MSG_CT_GET_CTRZERO", &conntrack::CONNTRACK_ATTRS),
    nf(0x105, "IPCTNL_MSG_CT_GET_STATS", &CTA_STATS_GLOBAL_ATTRS),
    nf(0x106, "IPCTNL_MSG_CT_GET_DYING", &conntrack::CONNTRACK_ATTRS),
    nf(0x107, "IPCTNL_MSG_CT_GET_UNCONFIRMED", &conntrack::CONNTRACK_ATTRS),
    nf(0x200, "IPCTNL_MSG_EXP_NEW", &CTA_EXPECT_ATTRS),
    nf(0x201, "IPCTNL_MSG_EXP_GET", &CTA_EXPECT_ATTRS),
    nf(0x202, "IPCTNL_MSG_EXP_DELETE", &CTA_EXPECT_ATTRS),
    nf(0x203, "IPCTNL_MSG_EXP_GET_STATS_CPU", &CTA_STATS_EXP_ATTRS),
    nf(0x300, "NFQNL_MSG_PACKET", &NFQA_ATTRS),
    nf(0x301, "NFQNL_MSG_VERDICT", &NFQA_ATTRS),
    nf(0x302, "NFQNL_MSG_CONFIG", &NFQA_CFG_ATTRS),
    nf(0x303, "NFQNL_MSG_VERDICT_BATCH", &NFQA_ATTRS),
    nf(0x400, "NFULNL_MSG_PACKET", &NFULA_ATTRS),
    nf(0x401, "NFULNL_MSG_CONFIG", &NFULA_CFG_ATTRS),
    nf(0x700, "NFNL_MSG_ACCT_NEW", &NFACCT_ATTRS),
    nf(0x701, "NFNL_MSG_ACCT_GET", &NFACCT_ATTRS),
    nf(0x702, "NFNL_MSG_ACCT_GET_CTRZERO", &NFACCT_ATTRS),
    nf(0x703, "NFNL_MSG_ACCT_DEL", &NFACCT_ATTRS),
    nf(0x704, "NFNL_MSG_ACCT_OVERQUOTA", &NFACCT_ATTRS),
    nf(0x800, "IPCTNL_MSG_TIMEOUT_NEW", &CTA_TIMEOUT_ATTRS),
    nf(0x801, "IPCTNL_MSG_TIMEOUT_GET", &CTA_TIMEOUT_ATTRS),
    nf(0x802, "IPCTNL_MSG_TIMEOUT_DELETE", &CTA_TIMEOUT_ATTRS),
    nf(0x803, "IPCTNL_MSG_TIMEOUT_DEFAULT_SET", &CTA_TIMEOUT_ATTRS),
    nf(0x804, "IPCTNL_MSG_TIMEOUT_DEFAULT_GET", &CTA_TIMEOUT_ATTRS),
    nf(0xc00, "NFNL_MSG_HOOK_GET", &NFNLA_HOOK_ATTRS),
];

/// `NFTA_MASQ_*` (include/uapi/linux/netfilter/nf_tables.h).
pub static NFTA_MASQ_ATTRS: AttrSet = AttrSet {
    name: "nfta-masq-attrs",
    attrs: &[
        attr(1, "NFTA_MASQ_FLAGS", BE32),
        attr(2, "NFTA_MASQ_REG_PROTO_MIN", BE32),
        attr(3, "NFTA_MASQ_REG_PROTO_MAX", BE32),
    ],
};

/// `NFTA_REDIR_*`.
pub static NFTA_REDIR_ATTRS: AttrSet = AttrSet {
    name: "nfta-redir-attrs",
    attrs: &[
        attr(1, "NFTA_REDIR_REG_PROTO_MIN", BE32),
        attr(2, "NFTA_REDIR_REG_PROTO_MAX", BE32),
        attr(3, "NFTA_REDIR_FLAGS", BE32),
    ],
};

/// `NFTA_LIMIT_*`.
pub static NFTA_LIMIT_ATTRS: AttrSet = AttrSet {
    name: "nfta-limit-attrs",
    attrs: &[
        attr(1, "NFTA_LIMIT_RATE", BE64),
        attr(2, "NFTA_LIMIT_UNIT", BE64),
        attr(3, "NFTA_LIMIT_BURST", BE32),
        attr(4, "NFTA_LIMIT_TYPE", BE32),
        attr(5, "NFTA_LIMIT_FLAGS", BE32),
        attr(6, "NFTA_LIMIT_PAD", BIN),
    ],
};

/// `NFTA_QUEUE_*`.
pub static NFTA_QUEUE_ATTRS: AttrSet = AttrSet {
    name: "nfta-queue-attrs",
    attrs: &[
        attr(1, "NFTA_QUEUE_NUM", BE16),
        attr(2, "NFTA_QUEUE_TOTAL", BE16),
        attr(3, "NFTA_QUEUE_FLAGS", BE16),
        attr(4, "NFTA_QUEUE_SREG_QNUM", BE32),
    ],
};

/// `NFTA_DUP_*`.
pub static NFTA_DUP_ATTRS: AttrSet = AttrSet {
    name: "nfta-dup-attrs",
    attrs: &[
        attr(1, "NFTA_DUP_SREG_ADDR", BE32),
        attr(2, "NFTA_DUP_SREG_DEV", BE32),
    ],
};

/// `NFTA_FWD_*`.
pub static NFTA_FWD_ATTRS: AttrSet = AttrSet {
    name: "nfta-fwd-attrs",
    attrs: &[
        attr(1, "NFTA_FWD_SREG_DEV", BE32),
        attr(2, "NFTA_FWD_SREG_ADDR", BE32),
        attr(3, "NFTA_FWD_NFPROTO", BE32),
    ],
};

/// `NFTA_RT_*`.
pub static NFTA_RT_ATTRS: AttrSet = AttrSet {
    name: "nfta-rt-attrs",
    attrs: &[attr(1, "NFTA_RT_DREG", BE32), attr(2, "NFTA_RT_KEY", BE32)],
};

/// `NFTA_SOCKET_*`.
pub static NFTA_SOCKET_ATTRS: AttrSet = AttrSet {
    name: "nfta-socket-attrs",
    attrs: &[
        attr(1, "NFTA_SOCKET_KEY", BE32),
        attr(2, "NFTA_SOCKET_DREG", BE32),
        attr(3, "NFTA_SOCKET_LEVEL", BE32),
    ],
};

/// `NFTA_HASH_*`.
pub static NFTA_HASH_ATTRS: AttrSet = AttrSet {
    name: "nfta-hash-attrs",
    attrs: &[
        attr(1, "NFTA_HASH_SREG", BE32),
        attr(2, "NFTA_HASH_DREG", BE32),
        attr(3, "NFTA_HASH_LEN", BE32),
        attr(4, "NFTA_HASH_MODULUS", BE32),
        attr(5, "NFTA_HASH_SEED", BE32),
        attr(6, "NFTA_HASH_OFFSET", BE32),
        attr(7, "NFTA_HASH_TYPE", BE32),
        attr(8, "NFTA_HASH_SET_NAME", STR),
        attr(9, "NFTA_HASH_SET_ID", BE32),
    ],
};

/// `NFTA_EXTHDR_*`.
pub static NFTA_EXTHDR_ATTRS: AttrSet = AttrSet {
    name: "nfta-exthdr-attrs",
    attrs: &[
        attr(1, "NFTA_EXTHDR_DREG", BE32),
        attr(2, "NFTA_EXTHDR_TYPE", U8),
        attr(3, "NFTA_EXTHDR_OFFSET", BE32),
        attr(4, "NFTA_EXTHDR_LEN", BE32),
        attr(5, "NFTA_EXTHDR_FLAGS", BE32),
        attr(6, "NFTA_EXTHDR_OP", BE32),
        attr(7, "NFTA_EXTHDR_SREG", BE32),
    ],
};

/// `NFTA_CONNLIMIT_*`.
pub static NFTA_CONNLIMIT_ATTRS: AttrSet = AttrSet {
    name: "nfta-connlimit-attrs",
    attrs: &[
        attr(1, "NFTA_CONNLIMIT_COUNT", BE32),
        attr(2, "NFTA_CONNLIMIT_FLAGS", BE32),
    ],
};

/// `NFTA_LAST_*`.
pub static NFTA_LAST_ATTRS: AttrSet = AttrSet {
    name: "nfta-last-attrs",
    attrs: &[
        attr(1, "NFTA_LAST_SET", BE32),
        attr(2, "NFTA_LAST_MSECS", BE64),
        attr(3, "NFTA_LAST_PAD", BIN),
    ],
};

/// `NFTA_SECMARK_*`.
pub static NFTA_SECMARK_ATTRS: AttrSet = AttrSet {
    name: "nfta-secmark-attrs",
    attrs: &[attr(1, "NFTA_SECMARK_CTX", STR)],
};

/// `NFTA_SYNPROXY_*`.
pub static NFTA_SYNPROXY_ATTRS: AttrSet = AttrSet {
    name: "nfta-synproxy-attrs",
    attrs: &[
        attr(1, "NFTA_SYNPROXY_MSS", BE16),
        attr(2, "NFTA_SYNPROXY_WSCALE", U8),
        attr(3, "NFTA_SYNPROXY_FLAGS", BE32),
    ],
};

/// nf_tables expression kinds (`NFTA_EXPR_NAME`) that nftables.yaml's `expr-ops`
/// sub-message does not list, with the attributes of their `NFTA_EXPR_DATA`.
/// `notrack` has none.
pub static NFT_EXPRS: &[SubFormat] = &[
    sub("connlimit", Some(&NFTA_CONNLIMIT_ATTRS)),
    sub("dup", Some(&NFTA_DUP_ATTRS)),
    sub("exthdr", Some(&NFTA_EXTHDR_ATTRS)),
    sub("fwd", Some(&NFTA_FWD_ATTRS)),
    sub("hash", Some(&NFTA_HASH_ATTRS)),
    sub("last", Some(&NFTA_LAST_ATTRS)),
    sub("limit", Some(&NFTA_LIMIT_ATTRS)),
    sub("masq", Some(&NFTA_MASQ_ATTRS)),
    sub("notrack", None),
    sub("queue", Some(&NFTA_QUEUE_ATTRS)),
    sub("redir", Some(&NFTA_REDIR_ATTRS)),
    sub("rt", Some(&NFTA_RT_ATTRS)),
    sub("secmark", Some(&NFTA_SECMARK_ATTRS)),
    sub("socket", Some(&NFTA_SOCKET_ATTRS)),
    sub("synproxy", Some(&NFTA_SYNPROXY_ATTRS)),
];
