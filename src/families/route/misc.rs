//! Smaller rtnetlink spaces no spec covers: address labels (72–74), IPv6 prefix
//! notifications (52), multicast cache reports (96), VXLAN VNI filters
//! (`RTM_NEWTUNNEL`, 120–122) and tc actions (48–50).

use crate::families::schema::{AttrSet, Kind, StructDef};
use crate::families::table::*;

/// `struct ifaddrlblmsg` (include/uapi/linux/if_addrlabel.h, 12 bytes).
pub static IFADDRLBLMSG: StructDef = StructDef {
    name: "ifaddrlblmsg",
    size: 12,
    fields: &[
        field("ifal_family", 0, f_u8_enum(&crate::families::names::AF)),
        field("__ifal_reserved", 1, f_pad(1)),
        field("ifal_prefixlen", 2, F_U8),
        field("ifal_flags", 3, F_U8),
        field("ifal_index", 4, F_U32),
        field("ifal_seq", 8, F_U32),
    ],
};

/// `IFAL_*`: address label attributes.
pub static IFAL_ATTRS: AttrSet = AttrSet {
    name: "ifal-attrs",
    attrs: &[attr(1, "IFAL_ADDRESS", IP), attr(2, "IFAL_LABEL", U32)],
};

/// `struct prefixmsg` (include/uapi/linux/rtnetlink.h, 12 bytes).
pub static PREFIXMSG: StructDef = StructDef {
    name: "prefixmsg",
    size: 12,
    fields: &[
        field("prefix_family", 0, F_U8),
        field("prefix_pad1", 1, f_pad(1)),
        field("prefix_pad2", 2, f_pad(2)),
        field("prefix_ifindex", 4, F_S32),
        field("prefix_type", 8, F_U8),
        field("prefix_len", 9, F_U8),
        field("prefix_flags", 10, F_U8),
        field("prefix_pad3", 11, f_pad(1)),
    ],
};

/// `struct prefix_cacheinfo` (8 bytes).
pub static PREFIX_CACHEINFO: StructDef = StructDef {
    name: "prefix_cacheinfo",
    size: 8,
    fields: &[
        field("preferred_time", 0, F_U32),
        field("valid_time", 4, F_U32),
    ],
};

/// `PREFIX_*`: `RTM_NEWPREFIX` attributes.
pub static PREFIX_ATTRS: AttrSet = AttrSet {
    name: "prefix-attrs",
    attrs: &[
        attr(1, "PREFIX_ADDRESS", IPV6),
        attr(2, "PREFIX_CACHEINFO", st(&PREFIX_CACHEINFO)),
    ],
};

/// `struct tunnel_msg` (include/uapi/linux/if_link.h, 8 bytes).
pub static TUNNEL_MSG: StructDef = StructDef {
    name: "tunnel_msg",
    size: 8,
    fields: &[
        field("family", 0, f_u8_enum(&crate::families::names::AF)),
        field("flags", 1, F_U8),
        field("reserved2", 2, f_pad(2)),
        field("ifindex", 4, F_IFINDEX),
    ],
};

/// `VNIFILTER_ENTRY_STATS_*`: counters of one VNI.
pub static VNIFILTER_ENTRY_STATS_ATTRS: AttrSet = AttrSet {
    name: "vnifilter-entry-stats-attrs",
    attrs: &[
        attr(1, "VNIFILTER_ENTRY_STATS_RX_BYTES", U64),
        attr(2, "VNIFILTER_ENTRY_STATS_RX_PKTS", U64),
        attr(3, "VNIFILTER_ENTRY_STATS_RX_DROPS", U64),
        attr(4, "VNIFILTER_ENTRY_STATS_RX_ERRORS", U64),
        attr(5, "VNIFILTER_ENTRY_STATS_TX_BYTES", U64),
        attr(6, "VNIFILTER_ENTRY_STATS_TX_PKTS", U64),
        attr(7, "VNIFILTER_ENTRY_STATS_TX_DROPS", U64),
        attr(8, "VNIFILTER_ENTRY_STATS_TX_ERRORS", U64),
        attr(9, "VNIFILTER_ENTRY_STATS_PAD", BIN),
    ],
};

/// `VXLAN_VNIFILTER_ENTRY_*`: one VNI or VNI range.
#[rustfmt::skip]
pub static VXLAN_VNIFILTER_ENTRY_ATTRS: AttrSet = AttrSet {
    name: "vxlan-vnifilter-entry-attrs",
    attrs: &[
        attr(1, "VXLAN_VNIFILTER_ENTRY_START", U32),
        attr(2, "VXLAN_VNIFILTER_ENTRY_END", U32),
        attr(3, "VXLAN_VNIFILTER_ENTRY_GROUP", IPV4),
        attr(4, "VXLAN_VNIFILTER_ENTRY_GROUP6", IPV6),
        attr(5, "VXLAN_VNIFILTER_ENTRY_STATS", nest(&VNIFILTER_ENTRY_STATS_ATTRS)),
    ],
};

/// `VXLAN_VNIFILTER_*`: `RTM_NEWTUNNEL` attributes.
pub static VXLAN_VNIFILTER_ATTRS: AttrSet = AttrSet {
    name: "vxlan-vnifilter-attrs",
    attrs: &[attr(
        1,
        "VXLAN_VNIFILTER_ENTRY",
        nest(&VXLAN_VNIFILTER_ENTRY_ATTRS),
    )],
};

/// `struct tcamsg` (include/uapi/linux/rtnetlink.h, 4 bytes).
pub static TCAMSG: StructDef = StructDef {
    name: "tcamsg",
    size: 4,
    fields: &[
        field("tca_family", 0, f_u8_enum(&crate::families::names::AF)),
        field("tca__pad1", 1, f_pad(1)),
        field("tca__pad2", 2, f_pad(2)),
    ],
};

/// `TCA_ROOT_*`: `RTM_NEWACTION`/`RTM_DELACTION`/`RTM_GETACTION` attributes.
#[rustfmt::skip]
pub static TCA_ROOT_ATTRS: AttrSet = AttrSet {
    name: "tca-root-attrs",
    attrs: &[
        // An indexed array of actions (tc.yaml's act-attrs), numbered from 1.
        attr(1, "TCA_ROOT_TAB", Kind::Array(&Kind::Nest(&crate::families::schema::gen::tc::ACT_ATTRS))),
        attr(2, "TCA_ROOT_FLAGS", Kind::Bitfield32(None)),
        attr(3, "TCA_ROOT_COUNT", U32),
        attr(4, "TCA_ROOT_TIME_DELTA", U32),
        attr(5, "TCA_ROOT_EXT_WARN_MSG", STR),
    ],
};

/// `IPMRA_CREPORT_*` (include/uapi/linux/mroute.h): `RTM_NEWCACHEREPORT` for
/// `RTNL_FAMILY_IPMR` (128). The IPv6 variant (`IP6MRA_CREPORT_*`, family 129)
/// numbers its attributes the same way (`MIF_ID` for `VIF_ID`, no `TABLE`).
pub static IPMRA_CREPORT_ATTRS: AttrSet = AttrSet {
    name: "ipmra-creport-attrs",
    attrs: &[
        attr(1, "IPMRA_CREPORT_MSGTYPE", U8),
        attr(2, "IPMRA_CREPORT_VIF_ID", U32),
        attr(3, "IPMRA_CREPORT_SRC_ADDR", IP),
        attr(4, "IPMRA_CREPORT_DST_ADDR", IP),
        attr(5, "IPMRA_CREPORT_PKT", HEX),
        attr(6, "IPMRA_CREPORT_TABLE", U32),
    ],
};

/// `IFLA_STATS_GETSET_*`: `RTM_SETSTATS` (and the filters of a `RTM_GETSTATS`
/// request), include/uapi/linux/if_link.h. `IFLA_STATS_GET_FILTERS` holds one `u32`
/// filter mask per `IFLA_STATS_*` type, numbered by that type.
pub static IFLA_STATS_GETSET_ATTRS: AttrSet = AttrSet {
    name: "ifla-stats-getset-attrs",
    attrs: &[
        attr(1, "IFLA_STATS_GET_FILTERS", Kind::Array(&U32)),
        attr(2, "IFLA_STATS_SET_OFFLOAD_XSTATS_L3_STATS", U8),
    ],
};
