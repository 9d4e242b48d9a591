//! Data-center bridging: `RTM_GETDCB`/`RTM_SETDCB` (78/79), `struct dcbmsg` +
//! `DCB_ATTR_*` (include/uapi/linux/dcbnl.h). The top-level space is shared by all
//! `DCB_CMD_*` commands (the command is in `dcbmsg.cmd`). Arrays of eight traffic
//! classes or priorities are kept as bytes; the APP trust and rewrite tables too.

use crate::families::schema::{AttrSet, EnumDef, StructDef};
use crate::families::table::*;

/// `DCB_CMD_*`: `dcbmsg.cmd`.
pub static DCB_CMD: EnumDef = EnumDef {
    name: "dcb-cmd",
    flags: false,
    entries: &[
        (1, "DCB_CMD_GSTATE"),
        (2, "DCB_CMD_SSTATE"),
        (3, "DCB_CMD_PGTX_GCFG"),
        (4, "DCB_CMD_PGTX_SCFG"),
        (5, "DCB_CMD_PGRX_GCFG"),
        (6, "DCB_CMD_PGRX_SCFG"),
        (7, "DCB_CMD_PFC_GCFG"),
        (8, "DCB_CMD_PFC_SCFG"),
        (9, "DCB_CMD_SET_ALL"),
        (10, "DCB_CMD_GPERM_HWADDR"),
        (11, "DCB_CMD_GCAP"),
        (12, "DCB_CMD_GNUMTCS"),
        (13, "DCB_CMD_SNUMTCS"),
        (14, "DCB_CMD_PFC_GSTATE"),
        (15, "DCB_CMD_PFC_SSTATE"),
        (16, "DCB_CMD_BCN_GCFG"),
        (17, "DCB_CMD_BCN_SCFG"),
        (18, "DCB_CMD_GAPP"),
        (19, "DCB_CMD_SAPP"),
        (20, "DCB_CMD_IEEE_SET"),
        (21, "DCB_CMD_IEEE_GET"),
        (22, "DCB_CMD_GDCBX"),
        (23, "DCB_CMD_SDCBX"),
        (24, "DCB_CMD_GFEATCFG"),
        (25, "DCB_CMD_SFEATCFG"),
        (26, "DCB_CMD_CEE_GET"),
        (27, "DCB_CMD_IEEE_DEL"),
    ],
};

/// `struct dcbmsg` (4 bytes).
pub static DCBMSG: StructDef = StructDef {
    name: "dcbmsg",
    size: 4,
    fields: &[
        field("dcb_family", 0, F_U8),
        field("cmd", 1, f_u8_enum(&DCB_CMD)),
        field("dcb_pad", 2, f_pad(2)),
    ],
};

/// `struct ieee_ets` (59 bytes).
pub static IEEE_ETS: StructDef = StructDef {
    name: "ieee_ets",
    size: 59,
    fields: &[
        field("willing", 0, F_U8),
        field("ets_cap", 1, F_U8),
        field("cbs", 2, F_U8),
        field("tc_tx_bw", 3, f_hex(8)),
        field("tc_rx_bw", 11, f_hex(8)),
        field("tc_tsa", 19, f_hex(8)),
        field("prio_tc", 27, f_hex(8)),
        field("tc_reco_bw", 35, f_hex(8)),
        field("tc_reco_tsa", 43, f_hex(8)),
        field("reco_prio_tc", 51, f_hex(8)),
    ],
};

/// `struct ieee_pfc` (136 bytes): `requests`/`indications` are `u64 [8]`.
pub static IEEE_PFC: StructDef = StructDef {
    name: "ieee_pfc",
    size: 136,
    fields: &[
        field("pfc_cap", 0, F_U8),
        field("pfc_en", 1, F_X8),
        field("mbc", 2, F_U8),
        field("__pad@3", 3, f_pad(1)),
        field("delay", 4, F_U16),
        field("__pad@6", 6, f_pad(2)),
        field("requests", 8, f_hex(64)),
        field("indications", 72, f_hex(64)),
    ],
};

/// `struct ieee_maxrate` (64 bytes): `u64 tc_maxrate[8]`.
pub static IEEE_MAXRATE: StructDef = StructDef {
    name: "ieee_maxrate",
    size: 64,
    fields: &[field("tc_maxrate", 0, f_hex(64))],
};

/// `struct ieee_qcn` (360 bytes): per-priority QCN parameters, kept as byte arrays.
pub static IEEE_QCN: StructDef = StructDef {
    name: "ieee_qcn",
    size: 360,
    fields: &[
        field("rpg_enable", 0, f_hex(8)),
        field("rppp_max_rps", 8, f_hex(32)),
        field("rpg_time_reset", 40, f_hex(32)),
        field("rpg_byte_reset", 72, f_hex(32)),
        field("rpg_threshold", 104, f_hex(32)),
        field("rpg_max_rate", 136, f_hex(32)),
        field("rpg_ai_rate", 168, f_hex(32)),
        field("rpg_hai_rate", 200, f_hex(32)),
        field("rpg_gd", 232, f_hex(32)),
        field("rpg_min_dec_fac", 264, f_hex(32)),
        field("rpg_min_rate", 296, f_hex(32)),
        field("cndd_state_machine", 328, f_hex(32)),
    ],
};

/// `struct ieee_qcn_stats` (96 bytes).
pub static IEEE_QCN_STATS: StructDef = StructDef {
    name: "ieee_qcn_stats",
    size: 96,
    fields: &[
        field("rppp_rp_centiseconds", 0, f_hex(64)),
        field("rppp_created_rps", 64, f_hex(32)),
    ],
};

/// `struct dcbnl_buffer` (44 bytes).
pub static DCBNL_BUFFER: StructDef = StructDef {
    name: "dcbnl_buffer",
    size: 44,
    fields: &[
        field("prio2buffer", 0, f_hex(8)),
        field("buffer_size", 8, f_hex(32)),
        field("total_size", 40, F_U32),
    ],
};

/// `IEEE_8021QAZ_APP_SEL_*`: `dcb_app.selector`.
pub static DCB_APP_SEL: EnumDef = EnumDef {
    name: "dcb-app-sel",
    flags: false,
    entries: &[
        (1, "IEEE_8021QAZ_APP_SEL_ETHERTYPE"),
        (2, "IEEE_8021QAZ_APP_SEL_STREAM"),
        (3, "IEEE_8021QAZ_APP_SEL_DGRAM"),
        (4, "IEEE_8021QAZ_APP_SEL_ANY"),
        (5, "IEEE_8021QAZ_APP_SEL_DSCP"),
        (255, "DCB_APP_SEL_PCP"),
    ],
};

/// `struct dcb_app` (4 bytes).
pub static DCB_APP: StructDef = StructDef {
    name: "dcb_app",
    size: 4,
    fields: &[
        field("selector", 0, f_u8_enum(&DCB_APP_SEL)),
        field("priority", 1, F_U8),
        field("protocol", 2, F_U16),
    ],
};

/// `struct dcb_peer_app_info` (2 bytes).
pub static DCB_PEER_APP_INFO: StructDef = StructDef {
    name: "dcb_peer_app_info",
    size: 2,
    fields: &[field("willing", 0, F_U8), field("error", 1, F_U8)],
};

/// `struct cee_pg` (20 bytes).
pub static CEE_PG: StructDef = StructDef {
    name: "cee_pg",
    size: 20,
    fields: &[
        field("willing", 0, F_U8),
        field("error", 1, F_U8),
        field("pg_en", 2, F_U8),
        field("tcs_supported", 3, F_U8),
        field("pg_bw", 4, f_hex(8)),
        field("prio_pg", 12, f_hex(8)),
    ],
};

/// `struct cee_pfc` (4 bytes).
pub static CEE_PFC: StructDef = StructDef {
    name: "cee_pfc",
    size: 4,
    fields: &[
        field("willing", 0, F_U8),
        field("error", 1, F_U8),
        field("pfc_en", 2, F_X8),
        field("tcs_supported", 3, F_U8),
    ],
};

/// `DCB_ATTR_IEEE_APP_*` (`enum ieee_attrs_app`): application priority tables. In a
/// peer table, type 0 carries `struct dcb_peer_app_info`.
pub static DCB_ATTR_IEEE_APP_ATTRS: AttrSet = AttrSet {
    name: "dcb-attr-ieee-app-attrs",
    attrs: &[
        attr(0, "DCB_ATTR_IEEE_APP_UNSPEC", st(&DCB_PEER_APP_INFO)),
        attr(1, "DCB_ATTR_IEEE_APP", st(&DCB_APP)),
        attr(2, "DCB_ATTR_DCB_APP", st(&DCB_APP)),
    ],
};

/// `DCB_ATTR_IEEE_*` (`enum ieee_attrs`): `DCB_ATTR_IEEE`.
pub static DCB_ATTR_IEEE_ATTRS: AttrSet = AttrSet {
    name: "dcb-attr-ieee-attrs",
    attrs: &[
        attr(1, "DCB_ATTR_IEEE_ETS", st(&IEEE_ETS)),
        attr(2, "DCB_ATTR_IEEE_PFC", st(&IEEE_PFC)),
        attr(3, "DCB_ATTR_IEEE_APP_TABLE", nest(&DCB_ATTR_IEEE_APP_ATTRS)),
        attr(4, "DCB_ATTR_IEEE_PEER_ETS", st(&IEEE_ETS)),
        attr(5, "DCB_ATTR_IEEE_PEER_PFC", st(&IEEE_PFC)),
        attr(6, "DCB_ATTR_IEEE_PEER_APP", nest(&DCB_ATTR_IEEE_APP_ATTRS)),
        attr(7, "DCB_ATTR_IEEE_MAXRATE", st(&IEEE_MAXRATE)),
        attr(8, "DCB_ATTR_IEEE_QCN", st(&IEEE_QCN)),
        attr(9, "DCB_ATTR_IEEE_QCN_STATS", st(&IEEE_QCN_STATS)),
        attr(10, "DCB_ATTR_DCB_BUFFER", st(&DCBNL_BUFFER)),
        attr(11, "DCB_ATTR_DCB_APP_TRUST_TABLE", HEX),
        attr(12, "DCB_ATTR_DCB_REWR_TABLE", HEX),
    ],
};

/// `DCB_ATTR_CEE_PEER_APP_*`.
pub static DCB_ATTR_CEE_PEER_APP_ATTRS: AttrSet = AttrSet {
    name: "dcb-attr-cee-peer-app-attrs",
    attrs: &[
        attr(1, "DCB_ATTR_CEE_PEER_APP_INFO", st(&DCB_PEER_APP_INFO)),
        attr(2, "DCB_ATTR_CEE_PEER_APP", st(&DCB_APP)),
    ],
};

/// `DCB_APP_ATTR_*`: one CEE application entry (`DCB_ATTR_APP`, `DCB_ATTR_CEE_APP`).
pub static DCB_APP_ATTRS: AttrSet = AttrSet {
    name: "dcb-app-attrs",
    attrs: &[
        attr(1, "DCB_APP_ATTR_IDTYPE", U8),
        attr(2, "DCB_APP_ATTR_ID", U16),
        attr(3, "DCB_APP_ATTR_PRIORITY", U8),
    ],
};

/// `DCB_ATTR_CEE_APP_*`.
pub static DCB_ATTR_CEE_APP_ATTRS: AttrSet = AttrSet {
    name: "dcb-attr-cee-app-attrs",
    attrs: &[attr(1, "DCB_ATTR_CEE_APP", nest(&DCB_APP_ATTRS))],
};

/// `DCB_FEATCFG_ATTR_*`.
pub static DCB_FEATCFG_ATTRS: AttrSet = AttrSet {
    name: "dcb-featcfg-attrs",
    attrs: &[
        attr(1, "DCB_FEATCFG_ATTR_ALL", FLAG),
        attr(2, "DCB_FEATCFG_ATTR_PG", U8),
        attr(3, "DCB_FEATCFG_ATTR_PFC", U8),
        attr(4, "DCB_FEATCFG_ATTR_APP", U8),
    ],
};

/// `DCB_ATTR_CEE_*` (`enum cee_attrs`): `DCB_ATTR_CEE`.
pub static DCB_ATTR_CEE_ATTRS: AttrSet = AttrSet {
    name: "dcb-attr-cee-attrs",
    attrs: &[
        attr(1, "DCB_ATTR_CEE_PEER_PG", st(&CEE_PG)),
        attr(2, "DCB_ATTR_CEE_PEER_PFC", st(&CEE_PFC)),
        attr(
            3,
            "DCB_ATTR_CEE_PEER_APP_TABLE",
            nest(&DCB_ATTR_CEE_PEER_APP_ATTRS),
        ),
        attr(4, "DCB_ATTR_CEE_TX_PG", nest(&DCB_PG_ATTRS)),
        attr(5, "DCB_ATTR_CEE_RX_PG", nest(&DCB_PG_ATTRS)),
        attr(6, "DCB_ATTR_CEE_PFC", nest(&DCB_PFC_UP_ATTRS)),
        attr(7, "DCB_ATTR_CEE_APP_TABLE", nest(&DCB_ATTR_CEE_APP_ATTRS)),
        attr(8, "DCB_ATTR_CEE_FEAT", nest(&DCB_FEATCFG_ATTRS)),
    ],
};

/// `DCB_PFC_UP_ATTR_*`: PFC per user priority.
pub static DCB_PFC_UP_ATTRS: AttrSet = AttrSet {
    name: "dcb-pfc-up-attrs",
    attrs: &[
        attr(1, "DCB_PFC_UP_ATTR_0", U8),
        attr(2, "DCB_PFC_UP_ATTR_1", U8),
        attr(3, "DCB_PFC_UP_ATTR_2", U8),
        attr(4, "DCB_PFC_UP_ATTR_3", U8),
        attr(5, "DCB_PFC_UP_ATTR_4", U8),
        attr(6, "DCB_PFC_UP_ATTR_5", U8),
        attr(7, "DCB_PFC_UP_ATTR_6", U8),
        attr(8, "DCB_PFC_UP_ATTR_7", U8),
        attr(9, "DCB_PFC_UP_ATTR_ALL", FLAG),
    ],
};

/// `DCB_TC_ATTR_PARAM_*`: one traffic class of a priority-group configuration.
pub static DCB_TC_ATTR_PARAM_ATTRS: AttrSet = AttrSet {
    name: "dcb-tc-attr-param-attrs",
    attrs: &[
        attr(1, "DCB_TC_ATTR_PARAM_PGID", U8),
        attr(2, "DCB_TC_ATTR_PARAM_UP_MAPPING", U8),
        attr(3, "DCB_TC_ATTR_PARAM_STRICT_PRIO", U8),
        attr(4, "DCB_TC_ATTR_PARAM_BW_PCT", U8),
        attr(5, "DCB_TC_ATTR_PARAM_ALL", FLAG),
    ],
};

/// `DCB_PG_ATTR_*`: priority-group configuration.
pub static DCB_PG_ATTRS: AttrSet = AttrSet {
    name: "dcb-pg-attrs",
    attrs: &[
        attr(1, "DCB_PG_ATTR_TC_0", nest(&DCB_TC_ATTR_PARAM_ATTRS)),
        attr(2, "DCB_PG_ATTR_TC_1", nest(&DCB_TC_ATTR_PARAM_ATTRS)),
        attr(3, "DCB_PG_ATTR_TC_2", nest(&DCB_TC_ATTR_PARAM_ATTRS)),
        attr(4, "DCB_PG_ATTR_TC_3", nest(&DCB_TC_ATTR_PARAM_ATTRS)),
        attr(5, "DCB_PG_ATTR_TC_4", nest(&DCB_TC_ATTR_PARAM_ATTRS)),
        attr(6, "DCB_PG_ATTR_TC_5", nest(&DCB_TC_ATTR_PARAM_ATTRS)),
        attr(7, "DCB_PG_ATTR_TC_6", nest(&DCB_TC_ATTR_PARAM_ATTRS)),
        attr(8, "DCB_PG_ATTR_TC_7", nest(&DCB_TC_ATTR_PARAM_ATTRS)),
        // A nest, not a flag: dcbnl_pg_nest has NLA_NESTED, and __dcbnl_pg_getcfg parses
        // it as the DCB_TC_ATTR_PARAM_* of every class (an empty nest asks for all).
        attr(10, "DCB_PG_ATTR_TC_ALL", nest(&DCB_TC_ATTR_PARAM_ATTRS)),
        attr(11, "DCB_PG_ATTR_BW_ID_0", U8),
        attr(12, "DCB_PG_ATTR_BW_ID_1", U8),
        attr(13, "DCB_PG_ATTR_BW_ID_2", U8),
        attr(14, "DCB_PG_ATTR_BW_ID_3", U8),
        attr(15, "DCB_PG_ATTR_BW_ID_4", U8),
        attr(16, "DCB_PG_ATTR_BW_ID_5", U8),
        attr(17, "DCB_PG_ATTR_BW_ID_6", U8),
        attr(18, "DCB_PG_ATTR_BW_ID_7", U8),
        attr(20, "DCB_PG_ATTR_BW_ID_ALL", FLAG),
    ],
};

/// `DCB_CAP_ATTR_*`: capabilities.
pub static DCB_CAP_ATTRS: AttrSet = AttrSet {
    name: "dcb-cap-attrs",
    attrs: &[
        attr(1, "DCB_CAP_ATTR_ALL", FLAG),
        attr(2, "DCB_CAP_ATTR_PG", U8),
        attr(3, "DCB_CAP_ATTR_PFC", U8),
        attr(4, "DCB_CAP_ATTR_UP2TC", U8),
        attr(5, "DCB_CAP_ATTR_PG_TCS", U8),
        attr(6, "DCB_CAP_ATTR_PFC_TCS", U8),
        attr(7, "DCB_CAP_ATTR_GSP", U8),
        attr(8, "DCB_CAP_ATTR_BCN", U8),
        attr(9, "DCB_CAP_ATTR_DCBX", U8),
    ],
};

/// `DCB_NUMTCS_ATTR_*`.
pub static DCB_NUMTCS_ATTRS: AttrSet = AttrSet {
    name: "dcb-numtcs-attrs",
    attrs: &[
        attr(1, "DCB_NUMTCS_ATTR_ALL", FLAG),
        attr(2, "DCB_NUMTCS_ATTR_PG", U8),
        attr(3, "DCB_NUMTCS_ATTR_PFC", U8),
    ],
};

/// `DCB_BCN_ATTR_*`: backward congestion notification.
pub static DCB_BCN_ATTRS: AttrSet = AttrSet {
    name: "dcb-bcn-attrs",
    attrs: &[
        attr(1, "DCB_BCN_ATTR_RP_0", U8),
        attr(2, "DCB_BCN_ATTR_RP_1", U8),
        attr(3, "DCB_BCN_ATTR_RP_2", U8),
        attr(4, "DCB_BCN_ATTR_RP_3", U8),
        attr(5, "DCB_BCN_ATTR_RP_4", U8),
        attr(6, "DCB_BCN_ATTR_RP_5", U8),
        attr(7, "DCB_BCN_ATTR_RP_6", U8),
        attr(8, "DCB_BCN_ATTR_RP_7", U8),
        attr(9, "DCB_BCN_ATTR_RP_ALL", FLAG),
        attr(10, "DCB_BCN_ATTR_BCNA_0", U32),
        attr(11, "DCB_BCN_ATTR_BCNA_1", U32),
        attr(12, "DCB_BCN_ATTR_ALPHA", U32),
        attr(13, "DCB_BCN_ATTR_BETA", U32),
        attr(14, "DCB_BCN_ATTR_GD", U32),
        attr(15, "DCB_BCN_ATTR_GI", U32),
        attr(16, "DCB_BCN_ATTR_TMAX", U32),
        attr(17, "DCB_BCN_ATTR_TD", U32),
        attr(18, "DCB_BCN_ATTR_RMIN", U32),
        attr(19, "DCB_BCN_ATTR_W", U32),
        attr(20, "DCB_BCN_ATTR_RD", U32),
        attr(21, "DCB_BCN_ATTR_RU", U32),
        attr(22, "DCB_BCN_ATTR_WRTT", U32),
        attr(23, "DCB_BCN_ATTR_RI", U32),
        attr(24, "DCB_BCN_ATTR_C", U32),
        attr(25, "DCB_BCN_ATTR_ALL", FLAG),
    ],
};

/// `DCB_ATTR_*` (`enum dcbnl_attrs`).
pub static DCB_ATTRS: AttrSet = AttrSet {
    name: "dcb-attrs",
    attrs: &[
        attr(1, "DCB_ATTR_IFNAME", STR),
        attr(2, "DCB_ATTR_STATE", U8),
        attr(3, "DCB_ATTR_PFC_STATE", U8),
        attr(4, "DCB_ATTR_PFC_CFG", nest(&DCB_PFC_UP_ATTRS)),
        attr(5, "DCB_ATTR_NUM_TC", U8),
        attr(6, "DCB_ATTR_PG_CFG", nest(&DCB_PG_ATTRS)),
        attr(7, "DCB_ATTR_SET_ALL", U8),
        attr(8, "DCB_ATTR_PERM_HWADDR", HEX),
        attr(9, "DCB_ATTR_CAP", nest(&DCB_CAP_ATTRS)),
        attr(10, "DCB_ATTR_NUMTCS", nest(&DCB_NUMTCS_ATTRS)),
        attr(11, "DCB_ATTR_BCN", nest(&DCB_BCN_ATTRS)),
        attr(12, "DCB_ATTR_APP", nest(&DCB_APP_ATTRS)),
        attr(13, "DCB_ATTR_IEEE", nest(&DCB_ATTR_IEEE_ATTRS)),
        attr(14, "DCB_ATTR_DCBX", U8),
        attr(15, "DCB_ATTR_FEATCFG", nest(&DCB_FEATCFG_ATTRS)),
        attr(16, "DCB_ATTR_CEE", nest(&DCB_ATTR_CEE_ATTRS)),
    ],
};
