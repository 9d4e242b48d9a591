//! Bridge multicast database: `RTM_NEWMDB`/`RTM_DELMDB`/`RTM_GETMDB` (84–86),
//! `struct br_port_msg` + `MDBA_*` (include/uapi/linux/if_bridge.h).
//!
//! The same type numbers mean different things by direction: the kernel's dumps and
//! notifications carry `MDBA_MDB`/`MDBA_ROUTER`; a `RTM_NEWMDB`/`RTM_DELMDB` request
//! carries `MDBA_SET_ENTRY`/`MDBA_SET_ENTRY_ATTRS`, a `RTM_GETMDB` request
//! `MDBA_GET_ENTRY`/`MDBA_GET_ENTRY_ATTRS`.

use crate::families::schema::{AttrSet, EnumDef, Kind, StructDef, SubFormat};
use crate::families::table::*;

/// `struct br_port_msg`: `u8 family`, 3 bytes of padding, `u32 ifindex`.
pub static BR_PORT_MSG: StructDef = StructDef {
    name: "br_port_msg",
    size: 8,
    fields: &[
        field("family", 0, f_u8_enum(&crate::families::names::AF)),
        field("__pad", 1, f_pad(3)),
        field("ifindex", 4, F_IFINDEX),
    ],
};

/// `MDB_FLAGS_*`: `br_mdb_entry.flags`.
pub static MDB_FLAGS: EnumDef = EnumDef {
    name: "mdb-flags",
    flags: true,
    entries: &[
        (0x1, "MDB_FLAGS_OFFLOAD"),
        (0x2, "MDB_FLAGS_FAST_LEAVE"),
        (0x4, "MDB_FLAGS_STAR_EXCL"),
        (0x8, "MDB_FLAGS_BLOCKED"),
        (0x10, "MDB_FLAGS_OFFLOAD_FAILED"),
    ],
};

/// `MDB_TEMPORARY`/`MDB_PERMANENT`: `br_mdb_entry.state`.
pub static MDB_STATE: EnumDef = EnumDef {
    name: "mdb-state",
    flags: false,
    entries: &[(0, "MDB_TEMPORARY"), (1, "MDB_PERMANENT")],
};

/// `MDB_RTR_TYPE_*`: multicast router port type.
pub static MDB_RTR_TYPE: EnumDef = EnumDef {
    name: "mdb-rtr-type",
    flags: false,
    entries: &[
        (0, "MDB_RTR_TYPE_DISABLED"),
        (1, "MDB_RTR_TYPE_TEMP_QUERY"),
        (2, "MDB_RTR_TYPE_PERM"),
        (3, "MDB_RTR_TYPE_TEMP"),
    ],
};

/// `struct br_mdb_entry` (28 bytes). `addr.u` is a union of `__be32 ip4`,
/// `struct in6_addr ip6` and a MAC address, chosen by `addr.proto` (be16 ethertype;
/// 0 for a MAC entry): all 16 bytes are kept.
pub static BR_MDB_ENTRY: StructDef = StructDef {
    name: "br_mdb_entry",
    size: 28,
    fields: &[
        field("ifindex", 0, F_IFINDEX),
        field("state", 4, f_u8_enum(&MDB_STATE)),
        field("flags", 5, f_u8_enum(&MDB_FLAGS)),
        field("vid", 6, F_U16),
        field("addr.u", 8, f_hex(16)),
        field("addr.proto", 24, F_BE16),
        field("__pad", 26, f_pad(2)),
    ],
};

/// `MDBA_MDB_SRCATTR_*`: one source of an entry's source list.
pub static MDBA_MDB_SRCATTR_ATTRS: AttrSet = AttrSet {
    name: "mdba-mdb-srcattr-attrs",
    attrs: &[
        attr(1, "MDBA_MDB_SRCATTR_ADDRESS", IP),
        attr(2, "MDBA_MDB_SRCATTR_TIMER", U32),
    ],
};

/// `MDBA_MDB_SRCLIST_*`.
pub static MDBA_MDB_SRCLIST_ATTRS: AttrSet = AttrSet {
    name: "mdba-mdb-srclist-attrs",
    attrs: &[attr(
        1,
        "MDBA_MDB_SRCLIST_ENTRY",
        nest(&MDBA_MDB_SRCATTR_ATTRS),
    )],
};

/// `MDBA_MDB_ENTRY_INFO`: `struct br_mdb_entry` followed by `MDBA_MDB_EATTR_*`.
pub static MDBA_MDB_ENTRY_INFO: SubFormat = headed(&BR_MDB_ENTRY, Some(&MDBA_MDB_EATTR_ATTRS));

/// `MDBA_MDB_ENTRY_*`: one entry.
pub static MDBA_MDB_ENTRY_ATTRS: AttrSet = AttrSet {
    name: "mdba-mdb-entry-attrs",
    attrs: &[attr(
        1,
        "MDBA_MDB_ENTRY_INFO",
        Kind::Headed(&MDBA_MDB_ENTRY_INFO),
    )],
};

/// `MDBA_MDB_EATTR_*`: attributes of one entry (after `struct br_mdb_entry`).
pub static MDBA_MDB_EATTR_ATTRS: AttrSet = AttrSet {
    name: "mdba-mdb-eattr-attrs",
    attrs: &[
        attr(1, "MDBA_MDB_EATTR_TIMER", U32),
        attr(2, "MDBA_MDB_EATTR_SRC_LIST", nest(&MDBA_MDB_SRCLIST_ATTRS)),
        attr(3, "MDBA_MDB_EATTR_GROUP_MODE", U8),
        attr(4, "MDBA_MDB_EATTR_SOURCE", IP),
        attr(5, "MDBA_MDB_EATTR_RTPROT", U8),
        attr(6, "MDBA_MDB_EATTR_DST", IP),
        attr(7, "MDBA_MDB_EATTR_DST_PORT", U16),
        attr(8, "MDBA_MDB_EATTR_VNI", U32),
        attr(9, "MDBA_MDB_EATTR_IFINDEX", U32),
        attr(10, "MDBA_MDB_EATTR_SRC_VNI", U32),
    ],
};

/// `MDBA_MDB_*`.
pub static MDBA_MDB_ATTRS: AttrSet = AttrSet {
    name: "mdba-mdb-attrs",
    attrs: &[attr(1, "MDBA_MDB_ENTRY", nest(&MDBA_MDB_ENTRY_ATTRS))],
};

/// `MDBA_ROUTER_PATTR_*`: one multicast router port.
pub static MDBA_ROUTER_PATTR_ATTRS: AttrSet = AttrSet {
    name: "mdba-router-pattr-attrs",
    attrs: &[
        attr(1, "MDBA_ROUTER_PATTR_TIMER", U32),
        attr(2, "MDBA_ROUTER_PATTR_TYPE", u8_enum(&MDB_RTR_TYPE)),
        attr(3, "MDBA_ROUTER_PATTR_INET_TIMER", U32),
        attr(4, "MDBA_ROUTER_PATTR_INET6_TIMER", U32),
        attr(5, "MDBA_ROUTER_PATTR_VID", U16),
    ],
};

/// `MDBA_ROUTER_PORT`: a `u32` ifindex followed by `MDBA_ROUTER_PATTR_*`.
pub static MDBA_ROUTER_PORT_FORMAT: SubFormat =
    headed(&MDBA_ROUTER_PORT, Some(&MDBA_ROUTER_PATTR_ATTRS));

/// `MDBA_ROUTER_*`.
pub static MDBA_ROUTER_ATTRS: AttrSet = AttrSet {
    name: "mdba-router-attrs",
    attrs: &[attr(
        1,
        "MDBA_ROUTER_PORT",
        Kind::Headed(&MDBA_ROUTER_PORT_FORMAT),
    )],
};

/// The `u32` ifindex at the start of `MDBA_ROUTER_PORT`.
pub static MDBA_ROUTER_PORT: StructDef = StructDef {
    name: "mdba_router_port",
    size: 4,
    fields: &[field("ifindex", 0, F_IFINDEX)],
};

/// `MDBA_*` in the kernel's dumps and notifications.
pub static MDBA_ATTRS: AttrSet = AttrSet {
    name: "mdba-attrs",
    attrs: &[
        attr(1, "MDBA_MDB", nest(&MDBA_MDB_ATTRS)),
        attr(2, "MDBA_ROUTER", nest(&MDBA_ROUTER_ATTRS)),
    ],
};

/// `MDBE_SRCATTR_*`.
pub static MDBE_SRCATTR_ATTRS: AttrSet = AttrSet {
    name: "mdbe-srcattr-attrs",
    attrs: &[attr(1, "MDBE_SRCATTR_ADDRESS", IP)],
};

/// `MDBE_SRC_LIST_*`.
pub static MDBE_SRC_LIST_ATTRS: AttrSet = AttrSet {
    name: "mdbe-src-list-attrs",
    attrs: &[attr(1, "MDBE_SRC_LIST_ENTRY", nest(&MDBE_SRCATTR_ATTRS))],
};

/// `MDBE_ATTR_*`: the attributes of an entry in a request.
pub static MDBE_ATTRS: AttrSet = AttrSet {
    name: "mdbe-attrs",
    attrs: &[
        attr(1, "MDBE_ATTR_SOURCE", IP),
        attr(2, "MDBE_ATTR_SRC_LIST", nest(&MDBE_SRC_LIST_ATTRS)),
        attr(3, "MDBE_ATTR_GROUP_MODE", U8),
        attr(4, "MDBE_ATTR_RTPROT", U8),
        attr(5, "MDBE_ATTR_DST", IP),
        attr(6, "MDBE_ATTR_DST_PORT", U16),
        attr(7, "MDBE_ATTR_VNI", U32),
        attr(8, "MDBE_ATTR_IFINDEX", U32),
        attr(9, "MDBE_ATTR_SRC_VNI", U32),
        attr(10, "MDBE_ATTR_STATE_MASK", U8),
    ],
};

/// `MDBA_SET_ENTRY_*`: a `RTM_NEWMDB`/`RTM_DELMDB` request.
pub static MDBA_SET_ENTRY_ATTRS: AttrSet = AttrSet {
    name: "mdba-set-entry-attrs",
    attrs: &[
        attr(1, "MDBA_SET_ENTRY", st(&BR_MDB_ENTRY)),
        attr(2, "MDBA_SET_ENTRY_ATTRS", nest(&MDBE_ATTRS)),
    ],
};

/// `MDBA_GET_ENTRY_*`: a `RTM_GETMDB` request for one entry.
pub static MDBA_GET_ENTRY_ATTRS: AttrSet = AttrSet {
    name: "mdba-get-entry-attrs",
    attrs: &[
        attr(1, "MDBA_GET_ENTRY", st(&BR_MDB_ENTRY)),
        attr(2, "MDBA_GET_ENTRY_ATTRS", nest(&MDBE_ATTRS)),
    ],
};
