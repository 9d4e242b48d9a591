//! Generic-netlink families without a kernel spec: `SEG6` (include/uapi/linux/
//! seg6_genl.h), `macsec` (if_macsec.h) and `l2tp` (l2tp.h). Their family ids are
//! learned from nlctrl like any other; [`FAMILIES`] is consulted after the generated
//! specs. [`EXTRA_CMDS`] names the commands a generated family's spec leaves out
//! (most of nl80211's).

use crate::families::schema::{AttrSet, GenlFamilyDef, Kind, MsgDef};
use crate::families::table::*;

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

/// A `nl80211` command row: every command carries the family's one attribute space.
const fn c(v: u16, n: &'static str) -> MsgDef {
    msg(
        v,
        n,
        None,
        Some(&crate::families::schema::gen::nl80211::NL80211_ATTRS),
    )
}

/// `NL80211_CMD_*` (include/uapi/linux/nl80211.h, Linux 6.12) that the nl80211
/// spec's operation list leaves out; where the header has aliases (`NEW_BEACON` for
/// `START_AP`, `ACTION` for `FRAME`) the first name is kept.
#[rustfmt::skip]
pub static NL80211_CMDS: &[MsgDef] = &[
    c(2, "NL80211_CMD_SET_WIPHY"),
    c(4, "NL80211_CMD_DEL_WIPHY"),
    c(6, "NL80211_CMD_SET_INTERFACE"),
    c(8, "NL80211_CMD_DEL_INTERFACE"),
    c(9, "NL80211_CMD_GET_KEY"),
    c(10, "NL80211_CMD_SET_KEY"),
    c(11, "NL80211_CMD_NEW_KEY"),
    c(12, "NL80211_CMD_DEL_KEY"),
    c(13, "NL80211_CMD_GET_BEACON"),
    c(14, "NL80211_CMD_SET_BEACON"),
    c(15, "NL80211_CMD_START_AP"),
    c(16, "NL80211_CMD_STOP_AP"),
    c(17, "NL80211_CMD_GET_STATION"),
    c(18, "NL80211_CMD_SET_STATION"),
    c(19, "NL80211_CMD_NEW_STATION"),
    c(20, "NL80211_CMD_DEL_STATION"),
    c(21, "NL80211_CMD_GET_MPATH"),
    c(22, "NL80211_CMD_SET_MPATH"),
    c(23, "NL80211_CMD_NEW_MPATH"),
    c(24, "NL80211_CMD_DEL_MPATH"),
    c(25, "NL80211_CMD_SET_BSS"),
    c(26, "NL80211_CMD_SET_REG"),
    c(27, "NL80211_CMD_REQ_SET_REG"),
    c(28, "NL80211_CMD_GET_MESH_CONFIG"),
    c(29, "NL80211_CMD_SET_MESH_CONFIG"),
    c(30, "NL80211_CMD_SET_MGMT_EXTRA_IE"),
    c(31, "NL80211_CMD_GET_REG"),
    c(32, "NL80211_CMD_GET_SCAN"),
    c(33, "NL80211_CMD_TRIGGER_SCAN"),
    c(34, "NL80211_CMD_NEW_SCAN_RESULTS"),
    c(35, "NL80211_CMD_SCAN_ABORTED"),
    c(36, "NL80211_CMD_REG_CHANGE"),
    c(37, "NL80211_CMD_AUTHENTICATE"),
    c(38, "NL80211_CMD_ASSOCIATE"),
    c(39, "NL80211_CMD_DEAUTHENTICATE"),
    c(40, "NL80211_CMD_DISASSOCIATE"),
    c(41, "NL80211_CMD_MICHAEL_MIC_FAILURE"),
    c(42, "NL80211_CMD_REG_BEACON_HINT"),
    c(43, "NL80211_CMD_JOIN_IBSS"),
    c(44, "NL80211_CMD_LEAVE_IBSS"),
    c(45, "NL80211_CMD_TESTMODE"),
    c(46, "NL80211_CMD_CONNECT"),
    c(47, "NL80211_CMD_ROAM"),
    c(48, "NL80211_CMD_DISCONNECT"),
    c(49, "NL80211_CMD_SET_WIPHY_NETNS"),
    c(50, "NL80211_CMD_GET_SURVEY"),
    c(51, "NL80211_CMD_NEW_SURVEY_RESULTS"),
    c(52, "NL80211_CMD_SET_PMKSA"),
    c(53, "NL80211_CMD_DEL_PMKSA"),
    c(54, "NL80211_CMD_FLUSH_PMKSA"),
    c(55, "NL80211_CMD_REMAIN_ON_CHANNEL"),
    c(56, "NL80211_CMD_CANCEL_REMAIN_ON_CHANNEL"),
    c(57, "NL80211_CMD_SET_TX_BITRATE_MASK"),
    c(58, "NL80211_CMD_REGISTER_FRAME"),
    c(59, "NL80211_CMD_FRAME"),
    c(60, "NL80211_CMD_FRAME_TX_STATUS"),
    c(61, "NL80211_CMD_SET_POWER_SAVE"),
    c(62, "NL80211_CMD_GET_POWER_SAVE"),
    c(63, "NL80211_CMD_SET_CQM"),
    c(64, "NL80211_CMD_NOTIFY_CQM"),
    c(65, "NL80211_CMD_SET_CHANNEL"),
    c(66, "NL80211_CMD_SET_WDS_PEER"),
    c(67, "NL80211_CMD_FRAME_WAIT_CANCEL"),
    c(68, "NL80211_CMD_JOIN_MESH"),
    c(69, "NL80211_CMD_LEAVE_MESH"),
    c(70, "NL80211_CMD_UNPROT_DEAUTHENTICATE"),
    c(71, "NL80211_CMD_UNPROT_DISASSOCIATE"),
    c(72, "NL80211_CMD_NEW_PEER_CANDIDATE"),
    c(73, "NL80211_CMD_GET_WOWLAN"),
    c(74, "NL80211_CMD_SET_WOWLAN"),
    c(75, "NL80211_CMD_START_SCHED_SCAN"),
    c(76, "NL80211_CMD_STOP_SCHED_SCAN"),
    c(77, "NL80211_CMD_SCHED_SCAN_RESULTS"),
    c(78, "NL80211_CMD_SCHED_SCAN_STOPPED"),
    c(79, "NL80211_CMD_SET_REKEY_OFFLOAD"),
    c(80, "NL80211_CMD_PMKSA_CANDIDATE"),
    c(81, "NL80211_CMD_TDLS_OPER"),
    c(82, "NL80211_CMD_TDLS_MGMT"),
    c(83, "NL80211_CMD_UNEXPECTED_FRAME"),
    c(84, "NL80211_CMD_PROBE_CLIENT"),
    c(85, "NL80211_CMD_REGISTER_BEACONS"),
    c(86, "NL80211_CMD_UNEXPECTED_4ADDR_FRAME"),
    c(87, "NL80211_CMD_SET_NOACK_MAP"),
    c(88, "NL80211_CMD_CH_SWITCH_NOTIFY"),
    c(89, "NL80211_CMD_START_P2P_DEVICE"),
    c(90, "NL80211_CMD_STOP_P2P_DEVICE"),
    c(91, "NL80211_CMD_CONN_FAILED"),
    c(92, "NL80211_CMD_SET_MCAST_RATE"),
    c(93, "NL80211_CMD_SET_MAC_ACL"),
    c(94, "NL80211_CMD_RADAR_DETECT"),
    c(96, "NL80211_CMD_UPDATE_FT_IES"),
    c(97, "NL80211_CMD_FT_EVENT"),
    c(98, "NL80211_CMD_CRIT_PROTOCOL_START"),
    c(99, "NL80211_CMD_CRIT_PROTOCOL_STOP"),
    c(100, "NL80211_CMD_GET_COALESCE"),
    c(101, "NL80211_CMD_SET_COALESCE"),
    c(102, "NL80211_CMD_CHANNEL_SWITCH"),
    c(103, "NL80211_CMD_VENDOR"),
    c(104, "NL80211_CMD_SET_QOS_MAP"),
    c(105, "NL80211_CMD_ADD_TX_TS"),
    c(106, "NL80211_CMD_DEL_TX_TS"),
    c(107, "NL80211_CMD_GET_MPP"),
    c(108, "NL80211_CMD_JOIN_OCB"),
    c(109, "NL80211_CMD_LEAVE_OCB"),
    c(110, "NL80211_CMD_CH_SWITCH_STARTED_NOTIFY"),
    c(111, "NL80211_CMD_TDLS_CHANNEL_SWITCH"),
    c(112, "NL80211_CMD_TDLS_CANCEL_CHANNEL_SWITCH"),
    c(113, "NL80211_CMD_WIPHY_REG_CHANGE"),
    c(114, "NL80211_CMD_ABORT_SCAN"),
    c(115, "NL80211_CMD_START_NAN"),
    c(116, "NL80211_CMD_STOP_NAN"),
    c(117, "NL80211_CMD_ADD_NAN_FUNCTION"),
    c(118, "NL80211_CMD_DEL_NAN_FUNCTION"),
    c(119, "NL80211_CMD_CHANGE_NAN_CONFIG"),
    c(120, "NL80211_CMD_NAN_MATCH"),
    c(121, "NL80211_CMD_SET_MULTICAST_TO_UNICAST"),
    c(122, "NL80211_CMD_UPDATE_CONNECT_PARAMS"),
    c(123, "NL80211_CMD_SET_PMK"),
    c(124, "NL80211_CMD_DEL_PMK"),
    c(125, "NL80211_CMD_PORT_AUTHORIZED"),
    c(126, "NL80211_CMD_RELOAD_REGDB"),
    c(127, "NL80211_CMD_EXTERNAL_AUTH"),
    c(128, "NL80211_CMD_STA_OPMODE_CHANGED"),
    c(129, "NL80211_CMD_CONTROL_PORT_FRAME"),
    c(130, "NL80211_CMD_GET_FTM_RESPONDER_STATS"),
    c(131, "NL80211_CMD_PEER_MEASUREMENT_START"),
    c(132, "NL80211_CMD_PEER_MEASUREMENT_RESULT"),
    c(133, "NL80211_CMD_PEER_MEASUREMENT_COMPLETE"),
    c(134, "NL80211_CMD_NOTIFY_RADAR"),
    c(135, "NL80211_CMD_UPDATE_OWE_INFO"),
    c(136, "NL80211_CMD_PROBE_MESH_LINK"),
    c(137, "NL80211_CMD_SET_TID_CONFIG"),
    c(138, "NL80211_CMD_UNPROT_BEACON"),
    c(139, "NL80211_CMD_CONTROL_PORT_FRAME_TX_STATUS"),
    c(140, "NL80211_CMD_SET_SAR_SPECS"),
    c(141, "NL80211_CMD_OBSS_COLOR_COLLISION"),
    c(142, "NL80211_CMD_COLOR_CHANGE_REQUEST"),
    c(143, "NL80211_CMD_COLOR_CHANGE_STARTED"),
    c(144, "NL80211_CMD_COLOR_CHANGE_ABORTED"),
    c(145, "NL80211_CMD_COLOR_CHANGE_COMPLETED"),
    c(146, "NL80211_CMD_SET_FILS_AAD"),
    c(147, "NL80211_CMD_ASSOC_COMEBACK"),
    c(148, "NL80211_CMD_ADD_LINK"),
    c(149, "NL80211_CMD_REMOVE_LINK"),
    c(150, "NL80211_CMD_ADD_LINK_STA"),
    c(151, "NL80211_CMD_MODIFY_LINK_STA"),
    c(152, "NL80211_CMD_REMOVE_LINK_STA"),
    c(153, "NL80211_CMD_SET_HW_TIMESTAMP"),
    c(154, "NL80211_CMD_LINKS_REMOVED"),
    c(155, "NL80211_CMD_SET_TID_TO_LINK_MAPPING"),
];

/// Commands the generated families lack, by family name: consulted after the
/// generated command table.
pub static EXTRA_CMDS: &[(&str, &[MsgDef])] = &[("nl80211", NL80211_CMDS)];
