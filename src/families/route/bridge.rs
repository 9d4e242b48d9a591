//! Link messages of the bridge family (`ifi_family` = `AF_BRIDGE`, 7): the kernel's
//! bridge port notifications and `bridge vlan`/`bridge link` requests put
//! `IFLA_BRIDGE_*` attributes straight into `IFLA_AF_SPEC` (not one nest per
//! address family) and `IFLA_BRPORT_*` into `IFLA_PROTINFO`
//! (include/uapi/linux/if_bridge.h, net/bridge/br_netlink.c). The rt-link spec
//! cannot say that a space depends on the header, so these messages get rt-link's
//! link attributes with those two rows replaced, derived at compile time.

use crate::families::schema::gen::rt_link;
use crate::families::schema::{AttrDef, AttrSet, EnumDef, Kind, MsgDef};
use crate::families::table::*;

use super::vlan::BRIDGE_VLAN_INFO;

/// `AF_BRIDGE`
pub const AF_BRIDGE: u8 = 7;

/// `BRIDGE_FLAGS_*`: `IFLA_BRIDGE_FLAGS`.
pub static BRIDGE_FLAGS: EnumDef = EnumDef {
    name: "bridge-flags",
    flags: true,
    entries: &[(1, "BRIDGE_FLAGS_MASTER"), (2, "BRIDGE_FLAGS_SELF")],
};

/// `BRIDGE_MODE_*`: `IFLA_BRIDGE_MODE`.
pub static BRIDGE_MODE: EnumDef = EnumDef {
    name: "bridge-mode",
    flags: false,
    entries: &[
        (0, "BRIDGE_MODE_VEB"),
        (1, "BRIDGE_MODE_VEPA"),
        (0xffff, "BRIDGE_MODE_UNDEF"),
    ],
};

/// `IFLA_BRIDGE_VLAN_TUNNEL_*`.
pub static IFLA_BRIDGE_VLAN_TUNNEL_ATTRS: AttrSet = AttrSet {
    name: "ifla-bridge-vlan-tunnel-attrs",
    attrs: &[
        attr(1, "IFLA_BRIDGE_VLAN_TUNNEL_ID", U32),
        attr(2, "IFLA_BRIDGE_VLAN_TUNNEL_VID", U16),
        attr(3, "IFLA_BRIDGE_VLAN_TUNNEL_FLAGS", U16),
    ],
};

/// `IFLA_BRIDGE_MST_ENTRY_*`.
pub static IFLA_BRIDGE_MST_ENTRY_ATTRS: AttrSet = AttrSet {
    name: "ifla-bridge-mst-entry-attrs",
    attrs: &[
        attr(1, "IFLA_BRIDGE_MST_ENTRY_MSTI", U16),
        attr(
            2,
            "IFLA_BRIDGE_MST_ENTRY_STATE",
            u8_enum(&super::vlan::BR_STATE),
        ),
    ],
};

/// `IFLA_BRIDGE_MST_*`.
pub static IFLA_BRIDGE_MST_ATTRS: AttrSet = AttrSet {
    name: "ifla-bridge-mst-attrs",
    attrs: &[attr(
        1,
        "IFLA_BRIDGE_MST_ENTRY",
        nest(&IFLA_BRIDGE_MST_ENTRY_ATTRS),
    )],
};

/// `IFLA_BRIDGE_*`: `IFLA_AF_SPEC` of an `AF_BRIDGE` link message (numbered from 0).
/// MRP and CFM configuration are kept as bytes.
pub static IFLA_BRIDGE_ATTRS: AttrSet = AttrSet {
    name: "ifla-bridge-attrs",
    attrs: &[
        attr(0, "IFLA_BRIDGE_FLAGS", u16_enum(&BRIDGE_FLAGS)),
        attr(1, "IFLA_BRIDGE_MODE", u16_enum(&BRIDGE_MODE)),
        attr(2, "IFLA_BRIDGE_VLAN_INFO", st(&BRIDGE_VLAN_INFO)),
        attr(
            3,
            "IFLA_BRIDGE_VLAN_TUNNEL_INFO",
            nest(&IFLA_BRIDGE_VLAN_TUNNEL_ATTRS),
        ),
        attr(4, "IFLA_BRIDGE_MRP", BIN),
        attr(5, "IFLA_BRIDGE_CFM", BIN),
        attr(6, "IFLA_BRIDGE_MST", nest(&IFLA_BRIDGE_MST_ATTRS)),
    ],
};

const IFLA_PROTINFO: u16 = 12;
const IFLA_AF_SPEC: u16 = 26;
const N: usize = rt_link::LINK_ATTRS.attrs.len();

/// rt-link's rows with `IFLA_PROTINFO` and `IFLA_AF_SPEC` replaced. Evaluated by
/// the compiler: the indexing below cannot fail at run time.
#[allow(clippy::indexing_slicing)]
const fn bridge_rows(src: &'static [AttrDef]) -> [AttrDef; N] {
    const EMPTY: AttrDef = attr(0, "", BIN);
    let mut out = [EMPTY; N];
    let mut i = 0;
    while i < N {
        let row = &src[i];
        let kind = match row.code {
            IFLA_PROTINFO => Kind::Nest(&rt_link::LINKINFO_BRPORT_ATTRS),
            IFLA_AF_SPEC => Kind::Nest(&IFLA_BRIDGE_ATTRS),
            _ => row.kind,
        };
        out[i] = attr(row.code, row.name, kind);
        i += 1;
    }
    out
}

static BRIDGE_LINK_ROWS: [AttrDef; N] = bridge_rows(rt_link::LINK_ATTRS.attrs);

/// rt-link's `link-attrs` as an `AF_BRIDGE` link message uses them.
pub static BRIDGE_LINK_ATTRS: AttrSet = AttrSet {
    name: "bridge-link-attrs",
    attrs: &BRIDGE_LINK_ROWS,
};

/// `RTM_NEWLINK`…`RTM_SETLINK` of the bridge family.
#[rustfmt::skip]
pub static MESSAGES: &[MsgDef] = &[
    msg(16, "RTM_NEWLINK", Some(&rt_link::IFINFOMSG_STRUCT), Some(&BRIDGE_LINK_ATTRS)),
    msg(17, "RTM_DELLINK", Some(&rt_link::IFINFOMSG_STRUCT), Some(&BRIDGE_LINK_ATTRS)),
    msg(18, "RTM_GETLINK", Some(&rt_link::IFINFOMSG_STRUCT), Some(&BRIDGE_LINK_ATTRS)),
    msg(19, "RTM_SETLINK", Some(&rt_link::IFINFOMSG_STRUCT), Some(&BRIDGE_LINK_ATTRS)),
];
