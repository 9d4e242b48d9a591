//! Generic-netlink families without a kernel spec: `SEG6` (include/uapi/linux/
//! seg6_genl.h), `macsec` (if_macsec.h) and `l2tp` (l2tp.h). Their family ids are
//! learned from nlctrl like any other; [`FAMILIES`] is consulted after the generated
//! specs.

use crate::family::table::*;
use crate::schema::{AttrSet, GenlFamilyDef, Kind, MsgDef};

/// `SEG6_ATTR_*`. `SEG6_ATTR_HMACINFO` nests the same space (one HMAC key each).
pub static SEG6_ATTRS: AttrSet = AttrSet {
    name: "seg6-attrs",
    attrs: &[
        attr(1, "SEG6_ATTR_DST", IPV6),
        attr(2, "SEG6_ATTR_DSTLEN", S32),
        attr(3, "SEG6_ATTR_HMACKEYID", U32),
        // The HMAC secret.
        attr(4, "SEG6_ATTR_SECRET", HEX),
        attr(5, "SEG6_ATTR_SECRETLEN", U8),
        attr(6, "SEG6_ATTR_ALGID", U8),
        attr(7, "SEG6_ATTR_HMACINFO", nest(&SEG6_ATTRS)),
    ],
};

/// The `SEG6` family (IPv6 segment routing HMAC keys and tunnel source).
pub static SEG6: GenlFamilyDef = GenlFamilyDef {
    name: "SEG6",
    header: None,
    cmds: &[
        msg(1, "SEG6_CMD_SETHMAC", None, Some(&SEG6_ATTRS)),
        msg(2, "SEG6_CMD_DUMPHMAC", None, Some(&SEG6_ATTRS)),
        msg(3, "SEG6_CMD_SET_TUNSRC", None, Some(&SEG6_ATTRS)),
        msg(4, "SEG6_CMD_GET_TUNSRC", None, Some(&SEG6_ATTRS)),
    ],
    default_attrs: Some(&SEG6_ATTRS),
    mcast_groups: &[],
};

/// `MACSEC_SA_STATS_ATTR_*`.
pub static MACSEC_SA_STATS_ATTRS: AttrSet = AttrSet {
    name: "macsec-sa-stats-attrs",
    attrs: &[
        attr(1, "MACSEC_SA_STATS_ATTR_IN_PKTS_OK", U32),
        attr(2, "MACSEC_SA_STATS_ATTR_IN_PKTS_INVALID", U32),
        attr(3, "MACSEC_SA_STATS_ATTR_IN_PKTS_NOT_VALID", U32),
        attr(4, "MACSEC_SA_STATS_ATTR_IN_PKTS_NOT_USING_SA", U32),
        attr(5, "MACSEC_SA_STATS_ATTR_IN_PKTS_UNUSED_SA", U32),
        attr(6, "MACSEC_SA_STATS_ATTR_OUT_PKTS_PROTECTED", U32),
        attr(7, "MACSEC_SA_STATS_ATTR_OUT_PKTS_ENCRYPTED", U32),
    ],
};

/// `MACSEC_SA_ATTR_*`: one secure association. `MACSEC_SA_ATTR_KEY` is secret.
pub static MACSEC_SA_ATTRS: AttrSet = AttrSet {
    name: "macsec-sa-attrs",
    attrs: &[
        attr(1, "MACSEC_SA_ATTR_AN", U8),
        attr(2, "MACSEC_SA_ATTR_ACTIVE", U8),
        // u32, or u64 with an extended packet number cipher.
        attr(3, "MACSEC_SA_ATTR_PN", UINT),
        attr(4, "MACSEC_SA_ATTR_KEY", HEX),
        attr(5, "MACSEC_SA_ATTR_KEYID", HEX),
        attr(6, "MACSEC_SA_ATTR_STATS", nest(&MACSEC_SA_STATS_ATTRS)),
        attr(7, "MACSEC_SA_ATTR_PAD", BIN),
        attr(8, "MACSEC_SA_ATTR_SSCI", BE32),
        attr(9, "MACSEC_SA_ATTR_SALT", HEX),
    ],
};

/// `MACSEC_RXSC_STATS_ATTR_*`.
pub static MACSEC_RXSC_STATS_ATTRS: AttrSet = AttrSet {
    name: "macsec-rxsc-stats-attrs",
    attrs: &[
        attr(1, "MACSEC_RXSC_STATS_ATTR_IN_OCTETS_VALIDATED", U64),
        attr(2, "MACSEC_RXSC_STATS_ATTR_IN_OCTETS_DECRYPTED", U64),
        attr(3, "MACSEC_RXSC_STATS_ATTR_IN_PKTS_UNCHECKED", U64),
        attr(4, "MACSEC_RXSC_STATS_ATTR_IN_PKTS_DELAYED", U64),
        attr(5, "MACSEC_RXSC_STATS_ATTR_IN_PKTS_OK", U64),
        attr(6, "MACSEC_RXSC_STATS_ATTR_IN_PKTS_INVALID", U64),
        attr(7, "MACSEC_RXSC_STATS_ATTR_IN_PKTS_LATE", U64),
        attr(8, "MACSEC_RXSC_STATS_ATTR_IN_PKTS_NOT_VALID", U64),
        attr(9, "MACSEC_RXSC_STATS_ATTR_IN_PKTS_NOT_USING_SA", U64),
        attr(10, "MACSEC_RXSC_STATS_ATTR_IN_PKTS_UNUSED_SA", U64),
        attr(11, "MACSEC_RXSC_STATS_ATTR_PAD", BIN),
    ],
};

/// An SA list: nests numbered from 1, each `MACSEC_SA_ATTR_*`.
const SA_LIST: Kind = Kind::Array(&Kind::Nest(&MACSEC_SA_ATTRS));

/// `MACSEC_RXSC_ATTR_*`: one receive secure channel.
pub static MACSEC_RXSC_ATTRS: AttrSet = AttrSet {
    name: "macsec-rxsc-attrs",
    attrs: &[
        attr(1, "MACSEC_RXSC_ATTR_SCI", BE64_HEX),
        attr(2, "MACSEC_RXSC_ATTR_ACTIVE", U8),
        attr(3, "MACSEC_RXSC_ATTR_SA_LIST", SA_LIST),
        attr(4, "MACSEC_RXSC_ATTR_STATS", nest(&MACSEC_RXSC_STATS_ATTRS)),
        attr(5, "MACSEC_RXSC_ATTR_PAD", BIN),
    ],
};

/// `MACSEC_SECY_ATTR_*`: the SecY of a macsec device.
#[rustfmt::skip]
pub static MACSEC_SECY_ATTRS: AttrSet = AttrSet {
    name: "macsec-secy-attrs",
    attrs: &[
        attr(1, "MACSEC_SECY_ATTR_SCI", BE64_HEX),
        attr(2, "MACSEC_SECY_ATTR_ENCODING_SA", U8),
        attr(3, "MACSEC_SECY_ATTR_WINDOW", U32),
        attr(4, "MACSEC_SECY_ATTR_CIPHER_SUITE", u64_enum(&super::route::link_kinds::MACSEC_CIPHER_ID)),
        attr(5, "MACSEC_SECY_ATTR_ICV_LEN", U8),
        attr(6, "MACSEC_SECY_ATTR_PROTECT", U8),
        attr(7, "MACSEC_SECY_ATTR_REPLAY", U8),
        attr(8, "MACSEC_SECY_ATTR_OPER", U8),
        attr(9, "MACSEC_SECY_ATTR_VALIDATE", u8_enum(&super::route::link_kinds::MACSEC_VALIDATE)),
        attr(10, "MACSEC_SECY_ATTR_ENCRYPT", U8),
        attr(11, "MACSEC_SECY_ATTR_INC_SCI", U8),
        attr(12, "MACSEC_SECY_ATTR_ES", U8),
        attr(13, "MACSEC_SECY_ATTR_SCB", U8),
        attr(14, "MACSEC_SECY_ATTR_PAD", BIN),
    ],
};

/// `MACSEC_TXSC_STATS_ATTR_*`.
pub static MACSEC_TXSC_STATS_ATTRS: AttrSet = AttrSet {
    name: "macsec-txsc-stats-attrs",
    attrs: &[
        attr(1, "MACSEC_TXSC_STATS_ATTR_OUT_PKTS_PROTECTED", U64),
        attr(2, "MACSEC_TXSC_STATS_ATTR_OUT_PKTS_ENCRYPTED", U64),
        attr(3, "MACSEC_TXSC_STATS_ATTR_OUT_OCTETS_PROTECTED", U64),
        attr(4, "MACSEC_TXSC_STATS_ATTR_OUT_OCTETS_ENCRYPTED", U64),
        attr(5, "MACSEC_TXSC_STATS_ATTR_PAD", BIN),
    ],
};

/// `MACSEC_SECY_STATS_ATTR_*`.
pub static MACSEC_SECY_STATS_ATTRS: AttrSet = AttrSet {
    name: "macsec-secy-stats-attrs",
    attrs: &[
        attr(1, "MACSEC_SECY_STATS_ATTR_OUT_PKTS_UNTAGGED", U64),
        attr(2, "MACSEC_SECY_STATS_ATTR_IN_PKTS_UNTAGGED", U64),
        attr(3, "MACSEC_SECY_STATS_ATTR_OUT_PKTS_TOO_LONG", U64),
        attr(4, "MACSEC_SECY_STATS_ATTR_IN_PKTS_NO_TAG", U64),
        attr(5, "MACSEC_SECY_STATS_ATTR_IN_PKTS_BAD_TAG", U64),
        attr(6, "MACSEC_SECY_STATS_ATTR_IN_PKTS_UNKNOWN_SCI", U64),
        attr(7, "MACSEC_SECY_STATS_ATTR_IN_PKTS_NO_SCI", U64),
        attr(8, "MACSEC_SECY_STATS_ATTR_IN_PKTS_OVERRUN", U64),
        attr(9, "MACSEC_SECY_STATS_ATTR_PAD", BIN),
    ],
};

/// `MACSEC_OFFLOAD_ATTR_*`.
#[rustfmt::skip]
pub static MACSEC_OFFLOAD_ATTRS: AttrSet = AttrSet {
    name: "macsec-offload-attrs",
    attrs: &[
        attr(1, "MACSEC_OFFLOAD_ATTR_TYPE", u8_enum(&super::route::link_kinds::MACSEC_OFFLOAD)),
        attr(2, "MACSEC_OFFLOAD_ATTR_PAD", BIN),
    ],
};

/// `MACSEC_ATTR_*`: the top level of macsec commands.
#[rustfmt::skip]
pub static MACSEC_ATTRS: AttrSet = AttrSet {
    name: "macsec-attrs",
    attrs: &[
        attr(1, "MACSEC_ATTR_IFINDEX", U32),
        attr(2, "MACSEC_ATTR_RXSC_CONFIG", nest(&MACSEC_RXSC_ATTRS)),
        attr(3, "MACSEC_ATTR_SA_CONFIG", nest(&MACSEC_SA_ATTRS)),
        attr(4, "MACSEC_ATTR_SECY", nest(&MACSEC_SECY_ATTRS)),
        attr(5, "MACSEC_ATTR_TXSA_LIST", SA_LIST),
        attr(6, "MACSEC_ATTR_RXSC_LIST", Kind::Array(&Kind::Nest(&MACSEC_RXSC_ATTRS))),
        attr(7, "MACSEC_ATTR_TXSC_STATS", nest(&MACSEC_TXSC_STATS_ATTRS)),
        attr(8, "MACSEC_ATTR_SECY_STATS", nest(&MACSEC_SECY_STATS_ATTRS)),
        attr(9, "MACSEC_ATTR_OFFLOAD", nest(&MACSEC_OFFLOAD_ATTRS)),
    ],
};

const fn mc(v: u16, n: &'static str) -> MsgDef {
    msg(v, n, None, Some(&MACSEC_ATTRS))
}

/// The `macsec` family (secure channels and associations of macsec links).
pub static MACSEC: GenlFamilyDef = GenlFamilyDef {
    name: "macsec",
    header: None,
    cmds: &[
        mc(0, "MACSEC_CMD_GET_TXSC"),
        mc(1, "MACSEC_CMD_ADD_RXSC"),
        mc(2, "MACSEC_CMD_DEL_RXSC"),
        mc(3, "MACSEC_CMD_UPD_RXSC"),
        mc(4, "MACSEC_CMD_ADD_TXSA"),
        mc(5, "MACSEC_CMD_DEL_TXSA"),
        mc(6, "MACSEC_CMD_UPD_TXSA"),
        mc(7, "MACSEC_CMD_ADD_RXSA"),
        mc(8, "MACSEC_CMD_DEL_RXSA"),
        mc(9, "MACSEC_CMD_UPD_RXSA"),
        mc(10, "MACSEC_CMD_UPD_OFFLOAD"),
    ],
    default_attrs: Some(&MACSEC_ATTRS),
    mcast_groups: &[],
};

/// `L2TP_ATTR_TX_PACKETS`…: the counters inside `L2TP_ATTR_STATS` (a second enum
/// whose names share the `L2TP_ATTR_` prefix).
pub static L2TP_STATS_ATTRS: AttrSet = AttrSet {
    name: "l2tp-stats-attrs",
    attrs: &[
        attr(1, "L2TP_ATTR_TX_PACKETS", U64),
        attr(2, "L2TP_ATTR_TX_BYTES", U64),
        attr(3, "L2TP_ATTR_TX_ERRORS", U64),
        attr(4, "L2TP_ATTR_RX_PACKETS", U64),
        attr(5, "L2TP_ATTR_RX_BYTES", U64),
        attr(6, "L2TP_ATTR_RX_SEQ_DISCARDS", U64),
        attr(7, "L2TP_ATTR_RX_OOS_PACKETS", U64),
        attr(8, "L2TP_ATTR_RX_ERRORS", U64),
        attr(9, "L2TP_ATTR_STATS_PAD", BIN),
        attr(10, "L2TP_ATTR_RX_COOKIE_DISCARDS", U64),
        attr(11, "L2TP_ATTR_RX_INVALID", U64),
    ],
};

/// `L2TP_ATTR_*`. UDP ports are host order here (the kernel converts them).
pub static L2TP_ATTRS: AttrSet = AttrSet {
    name: "l2tp-attrs",
    attrs: &[
        attr(1, "L2TP_ATTR_PW_TYPE", U16),
        attr(2, "L2TP_ATTR_ENCAP_TYPE", U16),
        attr(3, "L2TP_ATTR_OFFSET", U16),
        attr(4, "L2TP_ATTR_DATA_SEQ", U16),
        attr(5, "L2TP_ATTR_L2SPEC_TYPE", U8),
        attr(6, "L2TP_ATTR_L2SPEC_LEN", U8),
        attr(7, "L2TP_ATTR_PROTO_VERSION", U8),
        attr(8, "L2TP_ATTR_IFNAME", STR),
        attr(9, "L2TP_ATTR_CONN_ID", U32),
        attr(10, "L2TP_ATTR_PEER_CONN_ID", U32),
        attr(11, "L2TP_ATTR_SESSION_ID", U32),
        attr(12, "L2TP_ATTR_PEER_SESSION_ID", U32),
        attr(13, "L2TP_ATTR_UDP_CSUM", U8),
        attr(14, "L2TP_ATTR_VLAN_ID", U16),
        attr(15, "L2TP_ATTR_COOKIE", HEX),
        attr(16, "L2TP_ATTR_PEER_COOKIE", HEX),
        attr(17, "L2TP_ATTR_DEBUG", X32),
        attr(18, "L2TP_ATTR_RECV_SEQ", U8),
        attr(19, "L2TP_ATTR_SEND_SEQ", U8),
        attr(20, "L2TP_ATTR_LNS_MODE", U8),
        attr(21, "L2TP_ATTR_USING_IPSEC", U8),
        attr(22, "L2TP_ATTR_RECV_TIMEOUT", U64),
        attr(23, "L2TP_ATTR_FD", U32),
        attr(24, "L2TP_ATTR_IP_SADDR", IPV4),
        attr(25, "L2TP_ATTR_IP_DADDR", IPV4),
        attr(26, "L2TP_ATTR_UDP_SPORT", U16),
        attr(27, "L2TP_ATTR_UDP_DPORT", U16),
        attr(28, "L2TP_ATTR_MTU", U16),
        attr(29, "L2TP_ATTR_MRU", U16),
        attr(30, "L2TP_ATTR_STATS", nest(&L2TP_STATS_ATTRS)),
        attr(31, "L2TP_ATTR_IP6_SADDR", IPV6),
        attr(32, "L2TP_ATTR_IP6_DADDR", IPV6),
        attr(33, "L2TP_ATTR_UDP_ZERO_CSUM6_TX", FLAG),
        attr(34, "L2TP_ATTR_UDP_ZERO_CSUM6_RX", FLAG),
        attr(35, "L2TP_ATTR_PAD", BIN),
    ],
};

const fn l2(v: u16, n: &'static str) -> MsgDef {
    msg(v, n, None, Some(&L2TP_ATTRS))
}

/// The `l2tp` family (L2TPv2/v3 tunnels and sessions).
pub static L2TP: GenlFamilyDef = GenlFamilyDef {
    name: "l2tp",
    header: None,
    cmds: &[
        l2(0, "L2TP_CMD_NOOP"),
        l2(1, "L2TP_CMD_TUNNEL_CREATE"),
        l2(2, "L2TP_CMD_TUNNEL_DELETE"),
        l2(3, "L2TP_CMD_TUNNEL_MODIFY"),
        l2(4, "L2TP_CMD_TUNNEL_GET"),
        l2(5, "L2TP_CMD_SESSION_CREATE"),
        l2(6, "L2TP_CMD_SESSION_DELETE"),
        l2(7, "L2TP_CMD_SESSION_MODIFY"),
        l2(8, "L2TP_CMD_SESSION_GET"),
    ],
    default_attrs: Some(&L2TP_ATTRS),
    mcast_groups: &["l2tp"],
};

/// The hand-written generic-netlink families, by registered name.
pub static FAMILIES: &[&GenlFamilyDef] = &[&SEG6, &L2TP, &MACSEC];
