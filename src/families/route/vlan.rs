//! Bridge VLAN database: `RTM_NEWVLAN`/`RTM_DELVLAN`/`RTM_GETVLAN` (112–114),
//! `struct br_vlan_msg` + `BRIDGE_VLANDB_*` (include/uapi/linux/if_bridge.h).

use crate::families::schema::{AttrSet, EnumDef, StructDef};
use crate::families::table::*;

/// `struct br_vlan_msg` (8 bytes).
pub static BR_VLAN_MSG: StructDef = StructDef {
    name: "br_vlan_msg",
    size: 8,
    fields: &[
        field("family", 0, f_u8_enum(&crate::families::names::AF)),
        field("reserved1", 1, f_pad(1)),
        field("reserved2", 2, f_pad(2)),
        field("ifindex", 4, F_IFINDEX),
    ],
};

/// `BRIDGE_VLAN_INFO_*`: `bridge_vlan_info.flags`.
pub static BRIDGE_VLAN_INFO_FLAGS: EnumDef = EnumDef {
    name: "bridge-vlan-info-flags",
    flags: true,
    entries: &[
        (0x1, "BRIDGE_VLAN_INFO_MASTER"),
        (0x2, "BRIDGE_VLAN_INFO_PVID"),
        (0x4, "BRIDGE_VLAN_INFO_UNTAGGED"),
        (0x8, "BRIDGE_VLAN_INFO_RANGE_BEGIN"),
        (0x10, "BRIDGE_VLAN_INFO_RANGE_END"),
        (0x20, "BRIDGE_VLAN_INFO_BRENTRY"),
        (0x40, "BRIDGE_VLAN_INFO_ONLY_OPTS"),
    ],
};

/// `BR_STATE_*`: STP port state.
pub static BR_STATE: EnumDef = EnumDef {
    name: "br-state",
    flags: false,
    entries: &[
        (0, "BR_STATE_DISABLED"),
        (1, "BR_STATE_LISTENING"),
        (2, "BR_STATE_LEARNING"),
        (3, "BR_STATE_FORWARDING"),
        (4, "BR_STATE_BLOCKING"),
    ],
};

/// `struct bridge_vlan_info` (4 bytes).
pub static BRIDGE_VLAN_INFO: StructDef = StructDef {
    name: "bridge_vlan_info",
    size: 4,
    fields: &[
        field("flags", 0, f_u16_enum(&BRIDGE_VLAN_INFO_FLAGS)),
        field("vid", 2, F_U16),
    ],
};

/// `BRIDGE_VLANDB_DUMPF_*`: `BRIDGE_VLANDB_DUMP_FLAGS`.
pub static BRIDGE_VLANDB_DUMPF: EnumDef = EnumDef {
    name: "bridge-vlandb-dumpf",
    flags: true,
    entries: &[
        (0x1, "BRIDGE_VLANDB_DUMPF_STATS"),
        (0x2, "BRIDGE_VLANDB_DUMPF_GLOBAL"),
    ],
};

/// `BRIDGE_VLANDB_TINFO_*`: tunnel mapping of a VLAN.
pub static BRIDGE_VLANDB_TINFO_ATTRS: AttrSet = AttrSet {
    name: "bridge-vlandb-tinfo-attrs",
    attrs: &[
        attr(1, "BRIDGE_VLANDB_TINFO_ID", U32),
        attr(2, "BRIDGE_VLANDB_TINFO_CMD", U32),
    ],
};

/// `BRIDGE_VLANDB_STATS_*`.
pub static BRIDGE_VLANDB_STATS_ATTRS: AttrSet = AttrSet {
    name: "bridge-vlandb-stats-attrs",
    attrs: &[
        attr(1, "BRIDGE_VLANDB_STATS_RX_BYTES", U64),
        attr(2, "BRIDGE_VLANDB_STATS_RX_PACKETS", U64),
        attr(3, "BRIDGE_VLANDB_STATS_TX_BYTES", U64),
        attr(4, "BRIDGE_VLANDB_STATS_TX_PACKETS", U64),
        attr(5, "BRIDGE_VLANDB_STATS_PAD", BIN),
    ],
};

/// `BRIDGE_VLANDB_ENTRY_*`: one VLAN (or range) of a port.
#[rustfmt::skip]
pub static BRIDGE_VLANDB_ENTRY_ATTRS: AttrSet = AttrSet {
    name: "bridge-vlandb-entry-attrs",
    attrs: &[
        attr(1, "BRIDGE_VLANDB_ENTRY_INFO", st(&BRIDGE_VLAN_INFO)),
        attr(2, "BRIDGE_VLANDB_ENTRY_RANGE", U16),
        attr(3, "BRIDGE_VLANDB_ENTRY_STATE", u8_enum(&BR_STATE)),
        attr(4, "BRIDGE_VLANDB_ENTRY_TUNNEL_INFO", nest(&BRIDGE_VLANDB_TINFO_ATTRS)),
        attr(5, "BRIDGE_VLANDB_ENTRY_STATS", nest(&BRIDGE_VLANDB_STATS_ATTRS)),
        attr(6, "BRIDGE_VLANDB_ENTRY_MCAST_ROUTER", U8),
        attr(7, "BRIDGE_VLANDB_ENTRY_MCAST_N_GROUPS", U32),
        attr(8, "BRIDGE_VLANDB_ENTRY_MCAST_MAX_GROUPS", U32),
        attr(9, "BRIDGE_VLANDB_ENTRY_NEIGH_SUPPRESS", U8),
    ],
};

/// `BRIDGE_VLANDB_GOPTS_*`: global (per-bridge) VLAN options.
pub static BRIDGE_VLANDB_GOPTS_ATTRS: AttrSet = AttrSet {
    name: "bridge-vlandb-gopts-attrs",
    attrs: &[
        attr(1, "BRIDGE_VLANDB_GOPTS_ID", U16),
        attr(2, "BRIDGE_VLANDB_GOPTS_RANGE", U16),
        attr(3, "BRIDGE_VLANDB_GOPTS_MCAST_SNOOPING", U8),
        attr(4, "BRIDGE_VLANDB_GOPTS_MCAST_IGMP_VERSION", U8),
        attr(5, "BRIDGE_VLANDB_GOPTS_MCAST_MLD_VERSION", U8),
        attr(6, "BRIDGE_VLANDB_GOPTS_MCAST_LAST_MEMBER_CNT", U32),
        attr(7, "BRIDGE_VLANDB_GOPTS_MCAST_STARTUP_QUERY_CNT", U32),
        attr(8, "BRIDGE_VLANDB_GOPTS_MCAST_LAST_MEMBER_INTVL", U64),
        attr(9, "BRIDGE_VLANDB_GOPTS_PAD", BIN),
        attr(10, "BRIDGE_VLANDB_GOPTS_MCAST_MEMBERSHIP_INTVL", U64),
        attr(11, "BRIDGE_VLANDB_GOPTS_MCAST_QUERIER_INTVL", U64),
        attr(12, "BRIDGE_VLANDB_GOPTS_MCAST_QUERY_INTVL", U64),
        attr(13, "BRIDGE_VLANDB_GOPTS_MCAST_QUERY_RESPONSE_INTVL", U64),
        attr(14, "BRIDGE_VLANDB_GOPTS_MCAST_STARTUP_QUERY_INTVL", U64),
        attr(15, "BRIDGE_VLANDB_GOPTS_MCAST_QUERIER", U8),
        attr(16, "BRIDGE_VLANDB_GOPTS_MCAST_ROUTER_PORTS", BIN),
        attr(17, "BRIDGE_VLANDB_GOPTS_MCAST_QUERIER_STATE", BIN),
        attr(18, "BRIDGE_VLANDB_GOPTS_MSTI", U16),
    ],
};

/// `BRIDGE_VLANDB_*`: the attributes of VLAN messages. A `RTM_GETVLAN` dump request
/// carries `BRIDGE_VLANDB_DUMP_FLAGS` (1) instead; see [`BRIDGE_VLANDB_DUMP_ATTRS`].
#[rustfmt::skip]
pub static BRIDGE_VLANDB_ATTRS: AttrSet = AttrSet {
    name: "bridge-vlandb-attrs",
    attrs: &[
        attr(1, "BRIDGE_VLANDB_ENTRY", nest(&BRIDGE_VLANDB_ENTRY_ATTRS)),
        attr(2, "BRIDGE_VLANDB_GLOBAL_OPTIONS", nest(&BRIDGE_VLANDB_GOPTS_ATTRS)),
    ],
};

/// `BRIDGE_VLANDB_DUMP_*`: a `RTM_GETVLAN` dump request.
pub static BRIDGE_VLANDB_DUMP_ATTRS: AttrSet = AttrSet {
    name: "bridge-vlandb-dump-attrs",
    attrs: &[attr(
        1,
        "BRIDGE_VLANDB_DUMP_FLAGS",
        u32_enum(&BRIDGE_VLANDB_DUMPF),
    )],
};
