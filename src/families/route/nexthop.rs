//! Nexthop objects: `RTM_NEWNEXTHOP`/`RTM_DELNEXTHOP`/`RTM_GETNEXTHOP` (104–106) and
//! `RTM_NEWNEXTHOPBUCKET`/`RTM_DELNEXTHOPBUCKET`/`RTM_GETNEXTHOPBUCKET` (116–118),
//! `struct nhmsg` + `NHA_*` (include/uapi/linux/nexthop.h). No kernel spec covers them.

use crate::families::schema::{AttrSet, EnumDef, Kind, StructDef};
use crate::families::table::*;

/// `enum { NEXTHOP_GRP_TYPE_* }`: what `NHA_GROUP_TYPE` holds.
pub static NEXTHOP_GRP_TYPE: EnumDef = EnumDef {
    name: "nexthop-grp-type",
    flags: false,
    entries: &[(0, "NEXTHOP_GRP_TYPE_MPATH"), (1, "NEXTHOP_GRP_TYPE_RES")],
};

/// `RTNH_F_*`: next-hop flags in `nh_flags` (include/uapi/linux/rtnetlink.h).
pub static RTNH_F: EnumDef = EnumDef {
    name: "rtnh-flags",
    flags: true,
    entries: &[
        (0x1, "RTNH_F_DEAD"),
        (0x2, "RTNH_F_PERVASIVE"),
        (0x4, "RTNH_F_ONLINK"),
        (0x8, "RTNH_F_OFFLOAD"),
        (0x10, "RTNH_F_LINKDOWN"),
        (0x20, "RTNH_F_UNRESOLVED"),
        (0x40, "RTNH_F_TRAP"),
    ],
};

/// `NHA_OP_FLAG_*`: what `NHA_OP_FLAGS` asks for (Linux 6.10+).
pub static NHA_OP_FLAG: EnumDef = EnumDef {
    name: "nha-op-flags",
    flags: true,
    entries: &[
        (0x1, "NHA_OP_FLAG_DUMP_STATS"),
        (0x2, "NHA_OP_FLAG_DUMP_HW_STATS"),
        (0x8000_0000, "NHA_OP_FLAG_RESP_GRP_RESVD_0"),
    ],
};

/// `struct nhmsg`: the fixed header of nexthop messages (8 bytes, host order).
pub static NHMSG: StructDef = StructDef {
    name: "nhmsg",
    size: 8,
    fields: &[
        field("nh_family", 0, f_u8_enum(&crate::families::names::AF)),
        field("nh_scope", 1, f_u8_enum(&crate::families::names::RT_SCOPE)),
        field("nh_protocol", 2, f_u8_enum(&crate::families::names::RTPROT)),
        field("resvd", 3, f_pad(1)),
        field("nh_flags", 4, f_u32_enum(&RTNH_F)),
    ],
};

/// `struct nexthop_grp`: one member of `NHA_GROUP` (8 bytes; `weight_high` was
/// `resvd1` before Linux 6.12).
pub static NEXTHOP_GRP: StructDef = StructDef {
    name: "nexthop_grp",
    size: 8,
    fields: &[
        field("id", 0, F_U32),
        field("weight", 4, F_U8),
        field("weight_high", 5, F_U8),
        field("resvd2", 6, f_pad(2)),
    ],
};

/// `NHA_RES_GROUP_*`: resilient group parameters inside `NHA_RES_GROUP`.
pub static NHA_RES_GROUP_ATTRS: AttrSet = AttrSet {
    name: "nha-res-group-attrs",
    attrs: &[
        attr(0, "NHA_RES_GROUP_PAD", BIN),
        attr(1, "NHA_RES_GROUP_BUCKETS", U16),
        attr(2, "NHA_RES_GROUP_IDLE_TIMER", U32),
        attr(3, "NHA_RES_GROUP_UNBALANCED_TIMER", U32),
        attr(4, "NHA_RES_GROUP_UNBALANCED_TIME", U64),
    ],
};

/// `NHA_RES_BUCKET_*`: one bucket of a resilient group inside `NHA_RES_BUCKET`.
pub static NHA_RES_BUCKET_ATTRS: AttrSet = AttrSet {
    name: "nha-res-bucket-attrs",
    attrs: &[
        attr(0, "NHA_RES_BUCKET_PAD", BIN),
        attr(1, "NHA_RES_BUCKET_INDEX", U16),
        attr(2, "NHA_RES_BUCKET_IDLE_TIME", U64),
        attr(3, "NHA_RES_BUCKET_NH_ID", U32),
    ],
};

/// `NHA_GROUP_STATS_ENTRY_*`: one member's counters (Linux 6.10+).
pub static NHA_GROUP_STATS_ENTRY_ATTRS: AttrSet = AttrSet {
    name: "nha-group-stats-entry-attrs",
    attrs: &[
        attr(1, "NHA_GROUP_STATS_ENTRY_ID", U32),
        attr(2, "NHA_GROUP_STATS_ENTRY_PACKETS", UINT),
        attr(3, "NHA_GROUP_STATS_ENTRY_PACKETS_HW", UINT),
    ],
};

/// `NHA_GROUP_STATS_*`: the per-member counters of a group (Linux 6.10+).
pub static NHA_GROUP_STATS_ATTRS: AttrSet = AttrSet {
    name: "nha-group-stats-attrs",
    attrs: &[attr(
        1,
        "NHA_GROUP_STATS_ENTRY",
        nest(&NHA_GROUP_STATS_ENTRY_ATTRS),
    )],
};

/// `NHA_*`: the attributes of nexthop and nexthop-bucket messages.
#[rustfmt::skip]
pub static NHA_ATTRS: AttrSet = AttrSet {
    name: "nha-attrs",
    attrs: &[
        attr(1, "NHA_ID", U32),
        attr(2, "NHA_GROUP", Kind::StructArray(&NEXTHOP_GRP)),
        attr(3, "NHA_GROUP_TYPE", u16_enum(&NEXTHOP_GRP_TYPE)),
        attr(4, "NHA_BLACKHOLE", FLAG),
        attr(5, "NHA_OIF", IFINDEX),
        attr(6, "NHA_GATEWAY", IP),
        attr(7, "NHA_ENCAP_TYPE", u16_enum(&crate::families::names::LWTUNNEL_ENCAP)),
        attr(8, "NHA_ENCAP", Kind::SubMessage { selector: 7, table: &super::lwtunnel::LWTUNNEL_ENCAP_MSG }),
        attr(9, "NHA_GROUPS", FLAG),
        attr(10, "NHA_MASTER", U32),
        attr(11, "NHA_FDB", FLAG),
        attr(12, "NHA_RES_GROUP", nest(&NHA_RES_GROUP_ATTRS)),
        attr(13, "NHA_RES_BUCKET", nest(&NHA_RES_BUCKET_ATTRS)),
        attr(14, "NHA_OP_FLAGS", u32_enum(&NHA_OP_FLAG)),
        attr(15, "NHA_GROUP_STATS", nest(&NHA_GROUP_STATS_ATTRS)),
        attr(16, "NHA_HW_STATS_ENABLE", U32),
        attr(17, "NHA_HW_STATS_USED", U32),
    ],
};
