//! rtnetlink link messages whose attributes depend on `ifinfomsg.ifi_family`.
//!
//! The link tables (`rt-link`'s `link-attrs`) describe the `AF_UNSPEC` messages of
//! `rtnl_fill_ifinfo`. Two other senders reuse `RTM_NEWLINK`/`RTM_DELLINK`/
//! `RTM_SETLINK` with another family and give two attributes another layout:
//!
//! * `AF_BRIDGE` (the bridge module's `br_fill_ifinfo`, and `bridge vlan` requests):
//!   `IFLA_PROTINFO` is a nest of `IFLA_BRPORT_*` and `IFLA_AF_SPEC` a nest of
//!   `IFLA_BRIDGE_*` (include/uapi/linux/if_bridge.h), not the per-family nests;
//! * `AF_INET6` (addrconf's `inet6_fill_ifinfo`): `IFLA_PROTINFO` is a nest of
//!   `IFLA_INET6_*`.
//!
//! [`link_overlay`] gives the rows that replace the table's for those families.

use crate::schema::gen::rt_link::{IFLA6_ATTRS, LINKINFO_BRPORT_ATTRS};
use crate::schema::{AttrDef, AttrSet, ByteOrder, Field, FieldKind, Hint, Kind, Scalar, StructDef};

/// `AF_BRIDGE`.
pub const AF_BRIDGE: u64 = 7;
/// `AF_INET6`.
pub const AF_INET6: u64 = 10;

const IFLA_PROTINFO: u16 = 12;
const IFLA_AF_SPEC: u16 = 26;

/// `struct bridge_vlan_info { __u16 flags; __u16 vid; }` (host order).
pub static BRIDGE_VLAN_INFO: StructDef = StructDef {
    name: "bridge_vlan_info",
    size: 4,
    fields: &[
        Field {
            name: "flags",
            offset: 0,
            kind: FieldKind::Scalar(Scalar::U16, ByteOrder::Host, Hint::Hex),
        },
        Field {
            name: "vid",
            offset: 2,
            kind: FieldKind::Scalar(Scalar::U16, ByteOrder::Host, Hint::None),
        },
    ],
};

/// `IFLA_BRIDGE_VLAN_TUNNEL_*`.
pub static BRIDGE_VLAN_TUNNEL_ATTRS: AttrSet = AttrSet {
    name: "bridge-vlan-tunnel-attrs",
    attrs: &[
        AttrDef {
            code: 1,
            name: "IFLA_BRIDGE_VLAN_TUNNEL_ID",
            kind: Kind::Scalar(Scalar::U32, ByteOrder::Host, Hint::None),
        },
        AttrDef {
            code: 2,
            name: "IFLA_BRIDGE_VLAN_TUNNEL_VID",
            kind: Kind::Scalar(Scalar::U16, ByteOrder::Host, Hint::None),
        },
        AttrDef {
            code: 3,
            name: "IFLA_BRIDGE_VLAN_TUNNEL_FLAGS",
            kind: Kind::Scalar(Scalar::U16, ByteOrder::Host, Hint::Hex),
        },
    ],
};

/// `IFLA_BRIDGE_*`: the `IFLA_AF_SPEC` of an `AF_BRIDGE` link message. MRP, CFM and
/// MST are nests whose inner spaces are not written yet; they are kept as bytes.
pub static BRIDGE_AF_SPEC_ATTRS: AttrSet = AttrSet {
    name: "bridge-af-spec-attrs",
    attrs: &[
        AttrDef {
            code: 0,
            name: "IFLA_BRIDGE_FLAGS",
            kind: Kind::Scalar(Scalar::U16, ByteOrder::Host, Hint::Hex),
        },
        AttrDef {
            code: 1,
            name: "IFLA_BRIDGE_MODE",
            kind: Kind::Scalar(Scalar::U16, ByteOrder::Host, Hint::None),
        },
        AttrDef {
            code: 2,
            name: "IFLA_BRIDGE_VLAN_INFO",
            kind: Kind::Struct(&BRIDGE_VLAN_INFO),
        },
        AttrDef {
            code: 3,
            name: "IFLA_BRIDGE_VLAN_TUNNEL_INFO",
            kind: Kind::Nest(&BRIDGE_VLAN_TUNNEL_ATTRS),
        },
        AttrDef {
            code: 4,
            name: "IFLA_BRIDGE_MRP",
            kind: Kind::Binary(Hint::None),
        },
        AttrDef {
            code: 5,
            name: "IFLA_BRIDGE_CFM",
            kind: Kind::Binary(Hint::None),
        },
        AttrDef {
            code: 6,
            name: "IFLA_BRIDGE_MST",
            kind: Kind::Binary(Hint::None),
        },
    ],
};

/// The rows an `AF_BRIDGE` link message replaces.
pub static BRIDGE_LINK_OVERLAY: AttrSet = AttrSet {
    name: "link-attrs (AF_BRIDGE)",
    attrs: &[
        AttrDef {
            code: IFLA_PROTINFO,
            name: "IFLA_PROTINFO",
            kind: Kind::Nest(&LINKINFO_BRPORT_ATTRS),
        },
        AttrDef {
            code: IFLA_AF_SPEC,
            name: "IFLA_AF_SPEC",
            kind: Kind::Nest(&BRIDGE_AF_SPEC_ATTRS),
        },
    ],
};

/// The rows an `AF_INET6` link message replaces.
pub static INET6_LINK_OVERLAY: AttrSet = AttrSet {
    name: "link-attrs (AF_INET6)",
    attrs: &[AttrDef {
        code: IFLA_PROTINFO,
        name: "IFLA_PROTINFO",
        kind: Kind::Nest(&IFLA6_ATTRS),
    }],
};

/// The overlay rows for a link message of family `ifi_family`, if it has any.
pub fn link_overlay(ifi_family: u64) -> Option<&'static AttrSet> {
    match ifi_family {
        AF_BRIDGE => Some(&BRIDGE_LINK_OVERLAY),
        AF_INET6 => Some(&INET6_LINK_OVERLAY),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::decode::{decode_message, Body, Context, FieldValue, Value};
    use crate::endian::Endian;
    use crate::nlmsg::Messages;

    /// `bridge vlan add dev veth0 vid 100` (rtnl-basic.pcap frame 418, x86): an
    /// RTM_SETLINK request of family AF_BRIDGE whose IFLA_AF_SPEC holds
    /// IFLA_BRIDGE_VLAN_INFO { flags 0, vid 100 }. Read with the per-family
    /// af-spec table it was a nest AF_INET with a broken inner attribute.
    const BRIDGE_VLAN_ADD: [u8; 44] = [
        0x2c, 0x00, 0x00, 0x00, 0x13, 0x00, 0x05, 0x00, 0x8a, 0xd1, 0x06, 0x6b, 0x00, 0x00, 0x00,
        0x00, // nlmsghdr
        0x07, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, // ifinfomsg: AF_BRIDGE, index 8
        0x0c, 0x00, 0x1a, 0x00, // IFLA_AF_SPEC
        0x08, 0x00, 0x02, 0x00, 0x00, 0x00, 0x64, 0x00, // IFLA_BRIDGE_VLAN_INFO
    ];

    #[test]
    fn bridge_af_spec_holds_bridge_attributes() {
        let msg = Messages::new(&BRIDGE_VLAN_ADD, Endian::Little)
            .next()
            .unwrap()
            .unwrap();
        let d = decode_message(msg, 0, &Context::new());
        let Body::Family(f) = d.body else {
            panic!("not a family message")
        };
        let attrs: Vec<_> = f.attrs.map(Result::unwrap).collect();
        assert_eq!(attrs.len(), 1);
        assert_eq!(attrs[0].name, Some("IFLA_AF_SPEC"));
        let Value::Nest(inner) = &attrs[0].value else {
            panic!("IFLA_AF_SPEC is not a nest")
        };
        let inner: Vec<_> = inner.clone().map(Result::unwrap).collect();
        assert_eq!(inner.len(), 1);
        assert_eq!(inner[0].name, Some("IFLA_BRIDGE_VLAN_INFO"));
        let Value::Struct(v) = &inner[0].value else {
            panic!("IFLA_BRIDGE_VLAN_INFO is not a struct")
        };
        assert!(matches!(v.field("vid"), Some(FieldValue::Unsigned(100))));
        assert!(matches!(v.field("flags"), Some(FieldValue::Unsigned(0))));
    }

    #[test]
    fn other_families_keep_the_table() {
        let mut bytes = BRIDGE_VLAN_ADD;
        bytes[16] = 0; // AF_UNSPEC
        let msg = Messages::new(&bytes, Endian::Little)
            .next()
            .unwrap()
            .unwrap();
        let d = decode_message(msg, 0, &Context::new());
        let Body::Family(f) = d.body else {
            panic!("not a family message")
        };
        assert!(f.attrs.overlay().is_none());
        assert_eq!(
            super::link_overlay(7).unwrap().name,
            "link-attrs (AF_BRIDGE)"
        );
        assert_eq!(
            super::link_overlay(10).unwrap().name,
            "link-attrs (AF_INET6)"
        );
        assert!(super::link_overlay(2).is_none());
    }
}
