//! Link kinds that rt-link's `linkinfo-data-msg` does not list: the attributes in
//! `IFLA_INFO_DATA` for `IFLA_INFO_KIND` veth, vxlan, macvlan/macvtap, ipvlan/ipvtap,
//! macsec, bareudp, gtp, xfrm, ipoib, ppp and rmnet (include/uapi/linux/if_link.h,
//! veth.h), and the `IFLA_INFO_SLAVE_DATA` of a vrf port. Kinds without data (dummy, ifb, nlmon,
//! wireguard, …) need no row.

use crate::families::schema::{AttrSet, EnumDef, Kind, StructDef, SubFormat};
use crate::families::table::*;

/// The peer of a veth or vxcan pair: `struct ifinfomsg` followed by rt-link's link
/// attributes.
pub static PEER_INFO: SubFormat = headed(
    &crate::families::schema::gen::rt_link::IFINFOMSG_STRUCT,
    Some(&crate::families::schema::gen::rt_link::LINK_ATTRS),
);

/// `VETH_INFO_*` (include/uapi/linux/veth.h).
pub static VETH_ATTRS: AttrSet = AttrSet {
    name: "linkinfo-veth-attrs",
    attrs: &[attr(1, "VETH_INFO_PEER", Kind::Headed(&PEER_INFO))],
};

/// `VXCAN_INFO_*` (include/uapi/linux/can/vxcan.h).
pub static VXCAN_ATTRS: AttrSet = AttrSet {
    name: "linkinfo-vxcan-attrs",
    attrs: &[attr(1, "VXCAN_INFO_PEER", Kind::Headed(&PEER_INFO))],
};

/// `VXLAN_DF_*`: `IFLA_VXLAN_DF`.
pub static VXLAN_DF: EnumDef = EnumDef {
    name: "vxlan-df",
    flags: false,
    entries: &[
        (0, "VXLAN_DF_UNSET"),
        (1, "VXLAN_DF_SET"),
        (2, "VXLAN_DF_INHERIT"),
    ],
};

/// `VXLAN_LABEL_*`: `IFLA_VXLAN_LABEL_POLICY`.
pub static VXLAN_LABEL_POLICY: EnumDef = EnumDef {
    name: "vxlan-label-policy",
    flags: false,
    entries: &[(0, "VXLAN_LABEL_FIXED"), (1, "VXLAN_LABEL_INHERIT")],
};

/// `struct ifla_vxlan_port_range`: two `be16`.
pub static IFLA_VXLAN_PORT_RANGE: StructDef = StructDef {
    name: "ifla_vxlan_port_range",
    size: 4,
    fields: &[field("low", 0, F_BE16), field("high", 2, F_BE16)],
};

/// `struct vxlanhdr` (include/net/vxlan.h, 8 bytes, network order):
/// `IFLA_VXLAN_RESERVED_BITS`, the header bits a received packet may have set
/// (the kernel's policy is `NLA_POLICY_EXACT_LEN(sizeof(struct vxlanhdr))`).
pub static VXLANHDR: StructDef = StructDef {
    name: "vxlanhdr",
    size: 8,
    fields: &[
        field("vx_flags", 0, F_BE32_HEX),
        field("vx_vni", 4, F_BE32_HEX),
    ],
};

/// `IFLA_VXLAN_*`.
pub static VXLAN_ATTRS: AttrSet = AttrSet {
    name: "linkinfo-vxlan-attrs",
    attrs: &[
        attr(1, "IFLA_VXLAN_ID", U32),
        attr(2, "IFLA_VXLAN_GROUP", IPV4),
        attr(3, "IFLA_VXLAN_LINK", IFINDEX),
        attr(4, "IFLA_VXLAN_LOCAL", IPV4),
        attr(5, "IFLA_VXLAN_TTL", U8),
        attr(6, "IFLA_VXLAN_TOS", U8),
        attr(7, "IFLA_VXLAN_LEARNING", U8),
        attr(8, "IFLA_VXLAN_AGEING", U32),
        attr(9, "IFLA_VXLAN_LIMIT", U32),
        attr(10, "IFLA_VXLAN_PORT_RANGE", st(&IFLA_VXLAN_PORT_RANGE)),
        attr(11, "IFLA_VXLAN_PROXY", U8),
        attr(12, "IFLA_VXLAN_RSC", U8),
        attr(13, "IFLA_VXLAN_L2MISS", U8),
        attr(14, "IFLA_VXLAN_L3MISS", U8),
        attr(15, "IFLA_VXLAN_PORT", BE16),
        attr(16, "IFLA_VXLAN_GROUP6", IPV6),
        attr(17, "IFLA_VXLAN_LOCAL6", IPV6),
        attr(18, "IFLA_VXLAN_UDP_CSUM", U8),
        attr(19, "IFLA_VXLAN_UDP_ZERO_CSUM6_TX", U8),
        attr(20, "IFLA_VXLAN_UDP_ZERO_CSUM6_RX", U8),
        attr(21, "IFLA_VXLAN_REMCSUM_TX", U8),
        attr(22, "IFLA_VXLAN_REMCSUM_RX", U8),
        attr(23, "IFLA_VXLAN_GBP", FLAG),
        attr(24, "IFLA_VXLAN_REMCSUM_NOPARTIAL", FLAG),
        attr(25, "IFLA_VXLAN_COLLECT_METADATA", U8),
        attr(26, "IFLA_VXLAN_LABEL", BE32),
        attr(27, "IFLA_VXLAN_GPE", FLAG),
        // A flag in requests, but the kernel reports it as a u8 (vxlan_fill_info);
        // dumps and notifications outnumber requests, so u8 it is.
        attr(28, "IFLA_VXLAN_TTL_INHERIT", U8),
        attr(29, "IFLA_VXLAN_DF", u8_enum(&VXLAN_DF)),
        attr(30, "IFLA_VXLAN_VNIFILTER", U8),
        attr(31, "IFLA_VXLAN_LOCALBYPASS", U8),
        attr(32, "IFLA_VXLAN_LABEL_POLICY", u32_enum(&VXLAN_LABEL_POLICY)),
        // Linux 6.14+: the VXLAN header bits allowed to be set.
        attr(33, "IFLA_VXLAN_RESERVED_BITS", st(&VXLANHDR)),
        // Linux 6.16+.
        attr(34, "IFLA_VXLAN_MC_ROUTE", U8),
    ],
};

/// `MACVLAN_MODE_*`: `IFLA_MACVLAN_MODE`.
pub static MACVLAN_MODE: EnumDef = EnumDef {
    name: "macvlan-mode",
    flags: true,
    entries: &[
        (1, "MACVLAN_MODE_PRIVATE"),
        (2, "MACVLAN_MODE_VEPA"),
        (4, "MACVLAN_MODE_BRIDGE"),
        (8, "MACVLAN_MODE_PASSTHRU"),
        (16, "MACVLAN_MODE_SOURCE"),
    ],
};

/// `MACVLAN_FLAG_*`: `IFLA_MACVLAN_FLAGS`.
pub static MACVLAN_FLAG: EnumDef = EnumDef {
    name: "macvlan-flags",
    flags: true,
    entries: &[(1, "MACVLAN_FLAG_NOPROMISC"), (2, "MACVLAN_FLAG_NODST")],
};

/// `MACVLAN_MACADDR_*`: `IFLA_MACVLAN_MACADDR_MODE`.
pub static MACVLAN_MACADDR_MODE: EnumDef = EnumDef {
    name: "macvlan-macaddr-mode",
    flags: false,
    entries: &[
        (0, "MACVLAN_MACADDR_ADD"),
        (1, "MACVLAN_MACADDR_DEL"),
        (2, "MACVLAN_MACADDR_FLUSH"),
        (3, "MACVLAN_MACADDR_SET"),
    ],
};

/// The list inside `IFLA_MACVLAN_MACADDR_DATA`: `IFLA_MACVLAN_MACADDR` entries.
pub static MACVLAN_MACADDR_DATA_ATTRS: AttrSet = AttrSet {
    name: "macvlan-macaddr-data-attrs",
    attrs: &[attr(4, "IFLA_MACVLAN_MACADDR", MAC)],
};

/// `IFLA_MACVLAN_*` (kinds `macvlan` and `macvtap`).
#[rustfmt::skip]
pub static MACVLAN_ATTRS: AttrSet = AttrSet {
    name: "linkinfo-macvlan-attrs",
    attrs: &[
        attr(1, "IFLA_MACVLAN_MODE", u32_enum(&MACVLAN_MODE)),
        attr(2, "IFLA_MACVLAN_FLAGS", u16_enum(&MACVLAN_FLAG)),
        attr(3, "IFLA_MACVLAN_MACADDR_MODE", u32_enum(&MACVLAN_MACADDR_MODE)),
        attr(4, "IFLA_MACVLAN_MACADDR", MAC),
        attr(5, "IFLA_MACVLAN_MACADDR_DATA", nest(&MACVLAN_MACADDR_DATA_ATTRS)),
        attr(6, "IFLA_MACVLAN_MACADDR_COUNT", U32),
        attr(7, "IFLA_MACVLAN_BC_QUEUE_LEN", U32),
        attr(8, "IFLA_MACVLAN_BC_QUEUE_LEN_USED", U32),
        attr(9, "IFLA_MACVLAN_BC_CUTOFF", S32),
    ],
};

/// `IPVLAN_MODE_*`: `IFLA_IPVLAN_MODE`.
pub static IPVLAN_MODE: EnumDef = EnumDef {
    name: "ipvlan-mode",
    flags: false,
    entries: &[
        (0, "IPVLAN_MODE_L2"),
        (1, "IPVLAN_MODE_L3"),
        (2, "IPVLAN_MODE_L3S"),
    ],
};

/// `IPVLAN_F_*`: `IFLA_IPVLAN_FLAGS`.
pub static IPVLAN_F: EnumDef = EnumDef {
    name: "ipvlan-flags",
    flags: true,
    entries: &[(1, "IPVLAN_F_PRIVATE"), (2, "IPVLAN_F_VEPA")],
};

/// `IFLA_IPVLAN_*` (kinds `ipvlan` and `ipvtap`).
pub static IPVLAN_ATTRS: AttrSet = AttrSet {
    name: "linkinfo-ipvlan-attrs",
    attrs: &[
        attr(1, "IFLA_IPVLAN_MODE", u16_enum(&IPVLAN_MODE)),
        attr(2, "IFLA_IPVLAN_FLAGS", u16_enum(&IPVLAN_F)),
    ],
};

/// `MACSEC_VALIDATE_*`: `IFLA_MACSEC_VALIDATION`.
pub static MACSEC_VALIDATE: EnumDef = EnumDef {
    name: "macsec-validate",
    flags: false,
    entries: &[
        (0, "MACSEC_VALIDATE_DISABLED"),
        (1, "MACSEC_VALIDATE_CHECK"),
        (2, "MACSEC_VALIDATE_STRICT"),
    ],
};

/// `MACSEC_OFFLOAD_*`: `IFLA_MACSEC_OFFLOAD`.
pub static MACSEC_OFFLOAD: EnumDef = EnumDef {
    name: "macsec-offload",
    flags: false,
    entries: &[
        (0, "MACSEC_OFFLOAD_OFF"),
        (1, "MACSEC_OFFLOAD_PHY"),
        (2, "MACSEC_OFFLOAD_MAC"),
    ],
};

/// `MACSEC_CIPHER_ID_*` (include/uapi/linux/if_macsec.h): `IFLA_MACSEC_CIPHER_SUITE`.
pub static MACSEC_CIPHER_ID: EnumDef = EnumDef {
    name: "macsec-cipher-id",
    flags: false,
    entries: &[
        (0x0080_0200_0100_0001, "MACSEC_DEFAULT_CIPHER_ID"),
        (0x0080_C200_0100_0001, "MACSEC_CIPHER_ID_GCM_AES_128"),
        (0x0080_C200_0100_0002, "MACSEC_CIPHER_ID_GCM_AES_256"),
        (0x0080_C200_0100_0003, "MACSEC_CIPHER_ID_GCM_AES_XPN_128"),
        (0x0080_C200_0100_0004, "MACSEC_CIPHER_ID_GCM_AES_XPN_256"),
    ],
};

/// `IFLA_MACSEC_*`. The SCI is a `sci_t` kept in network order.
pub static MACSEC_ATTRS: AttrSet = AttrSet {
    name: "linkinfo-macsec-attrs",
    attrs: &[
        attr(1, "IFLA_MACSEC_SCI", BE64_HEX),
        attr(2, "IFLA_MACSEC_PORT", BE16),
        attr(3, "IFLA_MACSEC_ICV_LEN", U8),
        attr(4, "IFLA_MACSEC_CIPHER_SUITE", u64_enum(&MACSEC_CIPHER_ID)),
        attr(5, "IFLA_MACSEC_WINDOW", U32),
        attr(6, "IFLA_MACSEC_ENCODING_SA", U8),
        attr(7, "IFLA_MACSEC_ENCRYPT", U8),
        attr(8, "IFLA_MACSEC_PROTECT", U8),
        attr(9, "IFLA_MACSEC_INC_SCI", U8),
        attr(10, "IFLA_MACSEC_ES", U8),
        attr(11, "IFLA_MACSEC_SCB", U8),
        attr(12, "IFLA_MACSEC_REPLAY_PROTECT", U8),
        attr(13, "IFLA_MACSEC_VALIDATION", u8_enum(&MACSEC_VALIDATE)),
        attr(14, "IFLA_MACSEC_PAD", BIN),
        attr(15, "IFLA_MACSEC_OFFLOAD", u8_enum(&MACSEC_OFFLOAD)),
    ],
};

/// `IFLA_BAREUDP_*`.
pub static BAREUDP_ATTRS: AttrSet = AttrSet {
    name: "linkinfo-bareudp-attrs",
    attrs: &[
        attr(1, "IFLA_BAREUDP_PORT", BE16),
        attr(2, "IFLA_BAREUDP_ETHERTYPE", BE16),
        attr(3, "IFLA_BAREUDP_SRCPORT_MIN", U16),
        attr(4, "IFLA_BAREUDP_MULTIPROTO_MODE", FLAG),
    ],
};

/// `GTP_ROLE_*`: `IFLA_GTP_ROLE`.
pub static GTP_ROLE: EnumDef = EnumDef {
    name: "gtp-role",
    flags: false,
    entries: &[(0, "GTP_ROLE_GGSN"), (1, "GTP_ROLE_SGSN")],
};

/// `IFLA_GTP_*`.
pub static GTP_ATTRS: AttrSet = AttrSet {
    name: "linkinfo-gtp-attrs",
    attrs: &[
        attr(1, "IFLA_GTP_FD0", U32),
        attr(2, "IFLA_GTP_FD1", U32),
        attr(3, "IFLA_GTP_PDP_HASHSIZE", U32),
        attr(4, "IFLA_GTP_ROLE", u32_enum(&GTP_ROLE)),
        attr(5, "IFLA_GTP_CREATE_SOCKETS", U8),
        attr(6, "IFLA_GTP_RESTART_COUNT", U8),
        attr(7, "IFLA_GTP_LOCAL", IPV4),
        attr(8, "IFLA_GTP_LOCAL6", IPV6),
    ],
};

/// `IFLA_XFRM_*` (kind `xfrm`).
pub static XFRM_ATTRS: AttrSet = AttrSet {
    name: "linkinfo-xfrm-attrs",
    attrs: &[
        attr(1, "IFLA_XFRM_LINK", IFINDEX),
        attr(2, "IFLA_XFRM_IF_ID", U32),
        attr(3, "IFLA_XFRM_COLLECT_METADATA", FLAG),
    ],
};

/// `IPOIB_MODE_*`: `IFLA_IPOIB_MODE`.
pub static IPOIB_MODE: EnumDef = EnumDef {
    name: "ipoib-mode",
    flags: false,
    entries: &[(0, "IPOIB_MODE_DATAGRAM"), (1, "IPOIB_MODE_CONNECTED")],
};

/// `IFLA_IPOIB_*` (kind `ipoib`).
pub static IPOIB_ATTRS: AttrSet = AttrSet {
    name: "linkinfo-ipoib-attrs",
    attrs: &[
        attr(1, "IFLA_IPOIB_PKEY", U16),
        attr(2, "IFLA_IPOIB_MODE", u16_enum(&IPOIB_MODE)),
        attr(3, "IFLA_IPOIB_UMCAST", U16),
    ],
};

/// `IFLA_PPP_*` (kind `ppp`).
pub static PPP_ATTRS: AttrSet = AttrSet {
    name: "linkinfo-ppp-attrs",
    attrs: &[attr(1, "IFLA_PPP_DEV_FD", S32)],
};

/// `RMNET_FLAGS_*`: `ifla_rmnet_flags`.
pub static RMNET_FLAGS: EnumDef = EnumDef {
    name: "rmnet-flags",
    flags: true,
    entries: &[
        (0x1, "RMNET_FLAGS_INGRESS_DEAGGREGATION"),
        (0x2, "RMNET_FLAGS_INGRESS_MAP_COMMANDS"),
        (0x4, "RMNET_FLAGS_INGRESS_MAP_CKSUMV4"),
        (0x8, "RMNET_FLAGS_EGRESS_MAP_CKSUMV4"),
        (0x10, "RMNET_FLAGS_INGRESS_MAP_CKSUMV5"),
        (0x20, "RMNET_FLAGS_EGRESS_MAP_CKSUMV5"),
    ],
};

/// `struct ifla_rmnet_flags` (8 bytes).
pub static IFLA_RMNET_FLAGS: StructDef = StructDef {
    name: "ifla_rmnet_flags",
    size: 8,
    fields: &[
        field("flags", 0, f_u32_enum(&RMNET_FLAGS)),
        field("mask", 4, f_u32_enum(&RMNET_FLAGS)),
    ],
};

/// `IFLA_RMNET_*` (kind `rmnet`).
pub static RMNET_ATTRS: AttrSet = AttrSet {
    name: "linkinfo-rmnet-attrs",
    attrs: &[
        attr(1, "IFLA_RMNET_MUX_ID", U16),
        attr(2, "IFLA_RMNET_FLAGS", st(&IFLA_RMNET_FLAGS)),
    ],
};

/// `IFLA_VRF_PORT_*`: `IFLA_INFO_SLAVE_DATA` of a vrf port.
pub static VRF_PORT_ATTRS: AttrSet = AttrSet {
    name: "linkinfo-vrf-port-attrs",
    attrs: &[attr(1, "IFLA_VRF_PORT_TABLE", U32)],
};

/// Link kinds for `linkinfo-data-msg` that the spec does not list, by
/// `IFLA_INFO_KIND`.
pub static LINK_KINDS: &[SubFormat] = &[
    sub("bareudp", Some(&BAREUDP_ATTRS)),
    sub("gtp", Some(&GTP_ATTRS)),
    sub("ipoib", Some(&IPOIB_ATTRS)),
    sub("ipvlan", Some(&IPVLAN_ATTRS)),
    sub("ipvtap", Some(&IPVLAN_ATTRS)),
    sub("macsec", Some(&MACSEC_ATTRS)),
    sub("macvlan", Some(&MACVLAN_ATTRS)),
    sub("macvtap", Some(&MACVLAN_ATTRS)),
    sub("ppp", Some(&PPP_ATTRS)),
    sub("rmnet", Some(&RMNET_ATTRS)),
    sub("veth", Some(&VETH_ATTRS)),
    sub("vxcan", Some(&VXCAN_ATTRS)),
    sub("vxlan", Some(&VXLAN_ATTRS)),
    sub("xfrm", Some(&XFRM_ATTRS)),
];

/// Port kinds for `linkinfo-member-data-msg` that the spec does not list, by
/// `IFLA_INFO_SLAVE_KIND`.
pub static PORT_KINDS: &[SubFormat] = &[sub("vrf", Some(&VRF_PORT_ATTRS))];
