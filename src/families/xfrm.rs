//! IPsec configuration (`NETLINK_XFRM`): `XFRM_MSG_*` (16–40) with their fixed
//! structs and the `XFRMA_*` attributes (include/uapi/linux/xfrm.h). No kernel spec
//! covers xfrm.
//!
//! A struct nested in another (`xfrm_selector`, `xfrm_id`, `xfrm_lifetime_cfg`, …)
//! is defined once and embedded by value ([`FieldKind::Struct`]); its members are
//! shown with dotted names (`sel.daddr`, `id.spi`). Offsets are the ones gcc gives
//! for the 6.12 uapi header. An
//! `xfrm_address_t` is 16 bytes whatever the family (IPv4 uses the first 4; the
//! family is in a sibling `family` member), so addresses are kept as hex bytes. SPIs
//! and ports are big-endian. Algorithm keys are in members named `alg_key` so that a
//! renderer can redact them.

use crate::families::schema::{
    find_msg, AttrSet, EnumDef, FieldKind, Hint, Kind, MsgDef, StructDef,
};
use crate::families::table::*;
use crate::wire::nlmsg::{flags, Header};

/// `IPPROTO_*` values an xfrm `proto` member holds (include/uapi/linux/in.h, in6.h).
pub static XFRM_PROTO: EnumDef = EnumDef {
    name: "xfrm-proto",
    flags: false,
    entries: &[
        (0, "IPPROTO_IP"),
        (4, "IPPROTO_IPIP"),
        (43, "IPPROTO_ROUTING"),
        (50, "IPPROTO_ESP"),
        (51, "IPPROTO_AH"),
        (60, "IPPROTO_DSTOPTS"),
        (108, "IPPROTO_COMP"),
        (255, "IPSEC_PROTO_ANY"),
    ],
};

/// `IPPROTO_*` in a selector (`sel.proto`).
pub static IPPROTO: EnumDef = EnumDef {
    name: "ipproto",
    flags: false,
    entries: &[
        (0, "IPPROTO_IP"),
        (1, "IPPROTO_ICMP"),
        (6, "IPPROTO_TCP"),
        (17, "IPPROTO_UDP"),
        (58, "IPPROTO_ICMPV6"),
        (132, "IPPROTO_SCTP"),
    ],
};

/// `XFRM_MODE_*`.
pub static XFRM_MODE: EnumDef = EnumDef {
    name: "xfrm-mode",
    flags: false,
    entries: &[
        (0, "XFRM_MODE_TRANSPORT"),
        (1, "XFRM_MODE_TUNNEL"),
        (2, "XFRM_MODE_ROUTEOPTIMIZATION"),
        (3, "XFRM_MODE_IN_TRIGGER"),
        (4, "XFRM_MODE_BEET"),
        (5, "XFRM_MODE_IPTFS"),
    ],
};

/// `XFRM_STATE_*`: `xfrm_usersa_info.flags`.
pub static XFRM_STATE_FLAGS: EnumDef = EnumDef {
    name: "xfrm-state-flags",
    flags: true,
    entries: &[
        (1, "XFRM_STATE_NOECN"),
        (2, "XFRM_STATE_DECAP_DSCP"),
        (4, "XFRM_STATE_NOPMTUDISC"),
        (8, "XFRM_STATE_WILDRECV"),
        (16, "XFRM_STATE_ICMP"),
        (32, "XFRM_STATE_AF_UNSPEC"),
        (64, "XFRM_STATE_ALIGN4"),
        (128, "XFRM_STATE_ESN"),
    ],
};

/// `XFRM_SA_XFLAG_*`: `XFRMA_SA_EXTRA_FLAGS`.
pub static XFRM_SA_XFLAG: EnumDef = EnumDef {
    name: "xfrm-sa-xflags",
    flags: true,
    entries: &[
        (1, "XFRM_SA_XFLAG_DONT_ENCAP_DSCP"),
        (2, "XFRM_SA_XFLAG_OSEQ_MAY_WRAP"),
    ],
};

/// `XFRM_POLICY_IN`…: policy direction.
pub static XFRM_POLICY_DIR: EnumDef = EnumDef {
    name: "xfrm-policy-dir",
    flags: false,
    entries: &[
        (0, "XFRM_POLICY_IN"),
        (1, "XFRM_POLICY_OUT"),
        (2, "XFRM_POLICY_FWD"),
    ],
};

/// `XFRM_POLICY_ALLOW`/`XFRM_POLICY_BLOCK`: policy action.
pub static XFRM_POLICY_ACTION: EnumDef = EnumDef {
    name: "xfrm-policy-action",
    flags: false,
    entries: &[(0, "XFRM_POLICY_ALLOW"), (1, "XFRM_POLICY_BLOCK")],
};

/// `XFRM_POLICY_LOCALOK`/`XFRM_POLICY_ICMP`: policy flags.
pub static XFRM_POLICY_FLAGS: EnumDef = EnumDef {
    name: "xfrm-policy-flags",
    flags: true,
    entries: &[(1, "XFRM_POLICY_LOCALOK"), (2, "XFRM_POLICY_ICMP")],
};

/// `XFRM_POLICY_TYPE_*`.
pub static XFRM_POLICY_TYPE: EnumDef = EnumDef {
    name: "xfrm-policy-type",
    flags: false,
    entries: &[
        (0, "XFRM_POLICY_TYPE_MAIN"),
        (1, "XFRM_POLICY_TYPE_SUB"),
        (255, "XFRM_POLICY_TYPE_ANY"),
    ],
};

/// `XFRM_SHARE_*`.
pub static XFRM_SHARE: EnumDef = EnumDef {
    name: "xfrm-share",
    flags: false,
    entries: &[
        (0, "XFRM_SHARE_ANY"),
        (1, "XFRM_SHARE_SESSION"),
        (2, "XFRM_SHARE_USER"),
        (3, "XFRM_SHARE_UNIQUE"),
    ],
};

/// `XFRM_AE_*`: `xfrm_aevent_id.flags`.
pub static XFRM_AE_FLAGS: EnumDef = EnumDef {
    name: "xfrm-ae-flags",
    flags: true,
    entries: &[
        (1, "XFRM_AE_RTHR"),
        (2, "XFRM_AE_RVAL"),
        (4, "XFRM_AE_LVAL"),
        (8, "XFRM_AE_ETHR"),
        (16, "XFRM_AE_CR"),
        (32, "XFRM_AE_CE"),
        (64, "XFRM_AE_CU"),
    ],
};

/// `XFRM_USERPOLICY_*`: default policy per direction.
pub static XFRM_USERPOLICY: EnumDef = EnumDef {
    name: "xfrm-userpolicy",
    flags: false,
    entries: &[
        (0, "XFRM_USERPOLICY_UNSPEC"),
        (1, "XFRM_USERPOLICY_BLOCK"),
        (2, "XFRM_USERPOLICY_ACCEPT"),
    ],
};

/// `XFRM_OFFLOAD_*`: `xfrm_user_offload.flags`.
pub static XFRM_OFFLOAD_FLAGS: EnumDef = EnumDef {
    name: "xfrm-offload-flags",
    flags: true,
    entries: &[
        (1, "XFRM_OFFLOAD_IPV6"),
        (2, "XFRM_OFFLOAD_INBOUND"),
        (4, "XFRM_OFFLOAD_PACKET"),
    ],
};

/// `XFRM_SA_DIR_*`: `XFRMA_SA_DIR`.
pub static XFRM_SA_DIR: EnumDef = EnumDef {
    name: "xfrm-sa-dir",
    flags: false,
    entries: &[(1, "XFRM_SA_DIR_IN"), (2, "XFRM_SA_DIR_OUT")],
};

/// `UDP_ENCAP_*` (include/uapi/linux/udp.h): `xfrm_encap_tmpl.encap_type`.
pub static UDP_ENCAP: EnumDef = EnumDef {
    name: "udp-encap",
    flags: false,
    entries: &[
        (1, "UDP_ENCAP_ESPINUDP_NON_IKE"),
        (2, "UDP_ENCAP_ESPINUDP"),
        (3, "UDP_ENCAP_L2TPINUDP"),
        (4, "UDP_ENCAP_GTP0"),
        (5, "UDP_ENCAP_GTP1U"),
        (6, "UDP_ENCAP_RXRPC"),
        (7, "TCP_ENCAP_ESPINTCP"),
    ],
};

/// `u32` flags header of `XFRM_MSG_NEWSADINFO`/`GETSADINFO`/`NEWSPDINFO`/`GETSPDINFO`.
pub static XFRM_INFO_FLAGS: StructDef = StructDef {
    name: "u32",
    size: 4,
    fields: &[field("flags", 0, F_X32)],
};

/// `struct xfrm_selector`: which traffic an SA or policy applies to. (56 bytes)
pub static XFRM_SELECTOR: StructDef = StructDef {
    name: "xfrm_selector",
    size: 56,
    fields: &[
        field("daddr", 0, F_ADDR16X),
        field("saddr", 16, F_ADDR16X),
        field("dport", 32, F_BE16),
        field("dport_mask", 34, F_BE16),
        field("sport", 36, F_BE16),
        field("sport_mask", 38, F_BE16),
        field("family", 40, F_U16),
        field("prefixlen_d", 42, F_U8),
        field("prefixlen_s", 43, F_U8),
        field("proto", 44, f_u8_enum(&IPPROTO)),
        field("__pad@45", 45, f_pad(3)),
        field("ifindex", 48, F_S32),
        field("user", 52, F_U32),
    ],
};

/// `struct xfrm_id`: an SA's destination, SPI and protocol. (24 bytes)
pub static XFRM_ID: StructDef = StructDef {
    name: "xfrm_id",
    size: 24,
    fields: &[
        field("daddr", 0, F_ADDR16X),
        field("spi", 16, F_BE32_HEX),
        field("proto", 20, f_u8_enum(&XFRM_PROTO)),
        field("__pad@21", 21, f_pad(3)),
    ],
};

/// `struct xfrm_lifetime_cfg`: an SA's or policy's soft and hard limits. (64 bytes)
pub static XFRM_LIFETIME_CFG: StructDef = StructDef {
    name: "xfrm_lifetime_cfg",
    size: 64,
    fields: &[
        field("soft_byte_limit", 0, F_U64),
        field("hard_byte_limit", 8, F_U64),
        field("soft_packet_limit", 16, F_U64),
        field("hard_packet_limit", 24, F_U64),
        field("soft_add_expires_seconds", 32, F_U64),
        field("hard_add_expires_seconds", 40, F_U64),
        field("soft_use_expires_seconds", 48, F_U64),
        field("hard_use_expires_seconds", 56, F_U64),
    ],
};

/// `struct xfrm_stats`: an SA's replay and integrity counters. (12 bytes)
pub static XFRM_STATS: StructDef = StructDef {
    name: "xfrm_stats",
    size: 12,
    fields: &[
        field("replay_window", 0, F_U32),
        field("replay", 4, F_U32),
        field("integrity_failed", 8, F_U32),
    ],
};

/// `struct xfrm_usersa_info`: an SA (`XFRM_MSG_NEWSA`, `XFRM_MSG_UPDSA`, dumps). (224 bytes)
pub static XFRM_USERSA_INFO: StructDef = StructDef {
    name: "xfrm_usersa_info",
    size: 224,
    fields: &[
        field("sel", 0, FieldKind::Struct(&XFRM_SELECTOR)),
        field("id", 56, FieldKind::Struct(&XFRM_ID)),
        field("saddr", 80, F_ADDR16X),
        field("lft", 96, FieldKind::Struct(&XFRM_LIFETIME_CFG)),
        field("curlft", 160, FieldKind::Struct(&XFRM_LIFETIME_CUR)),
        field("stats", 192, FieldKind::Struct(&XFRM_STATS)),
        field("seq", 204, F_U32),
        field("reqid", 208, F_U32),
        field("family", 212, F_U16),
        field("mode", 214, f_u8_enum(&XFRM_MODE)),
        field("replay_window", 215, F_U8),
        field("flags", 216, f_u8_enum(&XFRM_STATE_FLAGS)),
        field("__pad@217", 217, f_pad(7)),
    ],
};

/// `struct xfrm_usersa_id`: names an SA (`XFRM_MSG_GETSA`, `XFRM_MSG_DELSA`). (24 bytes)
pub static XFRM_USERSA_ID: StructDef = StructDef {
    name: "xfrm_usersa_id",
    size: 24,
    fields: &[
        field("daddr", 0, F_ADDR16X),
        field("spi", 16, F_BE32_HEX),
        field("family", 20, F_U16),
        field("proto", 22, f_u8_enum(&XFRM_PROTO)),
        field("__pad@23", 23, f_pad(1)),
    ],
};

/// `struct xfrm_userpolicy_info`: a policy. (168 bytes)
pub static XFRM_USERPOLICY_INFO: StructDef = StructDef {
    name: "xfrm_userpolicy_info",
    size: 168,
    fields: &[
        field("sel", 0, FieldKind::Struct(&XFRM_SELECTOR)),
        field("lft", 56, FieldKind::Struct(&XFRM_LIFETIME_CFG)),
        field("curlft", 120, FieldKind::Struct(&XFRM_LIFETIME_CUR)),
        field("priority", 152, F_U32),
        field("index", 156, F_U32),
        field("dir", 160, f_u8_enum(&XFRM_POLICY_DIR)),
        field("action", 161, f_u8_enum(&XFRM_POLICY_ACTION)),
        field("flags", 162, f_u8_enum(&XFRM_POLICY_FLAGS)),
        field("share", 163, f_u8_enum(&XFRM_SHARE)),
        field("__pad@164", 164, f_pad(4)),
    ],
};

/// `struct xfrm_userpolicy_id`: names a policy by selector or index. (64 bytes)
pub static XFRM_USERPOLICY_ID: StructDef = StructDef {
    name: "xfrm_userpolicy_id",
    size: 64,
    fields: &[
        field("sel", 0, FieldKind::Struct(&XFRM_SELECTOR)),
        field("index", 56, F_U32),
        field("dir", 60, f_u8_enum(&XFRM_POLICY_DIR)),
        field("__pad@61", 61, f_pad(3)),
    ],
};

/// `struct xfrm_user_expire`: `XFRM_MSG_EXPIRE`. (232 bytes)
pub static XFRM_USER_EXPIRE: StructDef = StructDef {
    name: "xfrm_user_expire",
    size: 232,
    fields: &[
        field("state", 0, FieldKind::Struct(&XFRM_USERSA_INFO)),
        field("hard", 224, F_U8),
        field("__pad@225", 225, f_pad(7)),
    ],
};

/// `struct xfrm_user_polexpire`: `XFRM_MSG_POLEXPIRE`. (176 bytes)
pub static XFRM_USER_POLEXPIRE: StructDef = StructDef {
    name: "xfrm_user_polexpire",
    size: 176,
    fields: &[
        field("pol", 0, FieldKind::Struct(&XFRM_USERPOLICY_INFO)),
        field("hard", 168, F_U8),
        field("__pad@169", 169, f_pad(7)),
    ],
};

/// `struct xfrm_usersa_flush`: `XFRM_MSG_FLUSHSA` (1 byte; the kernel reads and
/// writes `nlmsg_len` 17 with no attributes after it).
pub static XFRM_USERSA_FLUSH: StructDef = StructDef {
    name: "xfrm_usersa_flush",
    size: 1,
    fields: &[field("proto", 0, f_u8_enum(&XFRM_PROTO))],
};

/// `struct xfrm_userspi_info`: `XFRM_MSG_ALLOCSPI`. (232 bytes)
pub static XFRM_USERSPI_INFO: StructDef = StructDef {
    name: "xfrm_userspi_info",
    size: 232,
    fields: &[
        field("info", 0, FieldKind::Struct(&XFRM_USERSA_INFO)),
        field("min", 224, F_U32),
        field("max", 228, F_U32),
    ],
};

/// `struct xfrm_user_acquire`: `XFRM_MSG_ACQUIRE`. (280 bytes)
pub static XFRM_USER_ACQUIRE: StructDef = StructDef {
    name: "xfrm_user_acquire",
    size: 280,
    fields: &[
        field("id", 0, FieldKind::Struct(&XFRM_ID)),
        field("saddr", 24, F_ADDR16X),
        field("sel", 40, FieldKind::Struct(&XFRM_SELECTOR)),
        field("policy", 96, FieldKind::Struct(&XFRM_USERPOLICY_INFO)),
        field("aalgos", 264, F_X32),
        field("ealgos", 268, F_X32),
        field("calgos", 272, F_X32),
        field("seq", 276, F_U32),
    ],
};

/// `struct xfrm_aevent_id`: `XFRM_MSG_NEWAE`/`XFRM_MSG_GETAE`. (48 bytes)
pub static XFRM_AEVENT_ID: StructDef = StructDef {
    name: "xfrm_aevent_id",
    size: 48,
    fields: &[
        field("sa_id", 0, FieldKind::Struct(&XFRM_USERSA_ID)),
        field("saddr", 24, F_ADDR16X),
        field("flags", 40, f_u32_enum(&XFRM_AE_FLAGS)),
        field("reqid", 44, F_U32),
    ],
};

/// `struct xfrm_user_report`: `XFRM_MSG_REPORT`. (60 bytes)
pub static XFRM_USER_REPORT: StructDef = StructDef {
    name: "xfrm_user_report",
    size: 60,
    fields: &[
        field("proto", 0, f_u8_enum(&XFRM_PROTO)),
        field("__pad@1", 1, f_pad(3)),
        field("sel", 4, FieldKind::Struct(&XFRM_SELECTOR)),
    ],
};

/// `struct xfrm_user_mapping`: `XFRM_MSG_MAPPING` (NAT-T port change). (64 bytes)
pub static XFRM_USER_MAPPING: StructDef = StructDef {
    name: "xfrm_user_mapping",
    size: 64,
    fields: &[
        field("id", 0, FieldKind::Struct(&XFRM_USERSA_ID)),
        field("reqid", 24, F_U32),
        field("old_saddr", 28, F_ADDR16X),
        field("new_saddr", 44, F_ADDR16X),
        field("old_sport", 60, F_BE16),
        field("new_sport", 62, F_BE16),
    ],
};

/// `struct xfrm_userpolicy_default`: `XFRM_MSG_SETDEFAULT`/`XFRM_MSG_GETDEFAULT`
/// (3 bytes, no attributes after it).
pub static XFRM_USERPOLICY_DEFAULT: StructDef = StructDef {
    name: "xfrm_userpolicy_default",
    size: 3,
    fields: &[
        field("in", 0, f_u8_enum(&XFRM_USERPOLICY)),
        field("fwd", 1, f_u8_enum(&XFRM_USERPOLICY)),
        field("out", 2, f_u8_enum(&XFRM_USERPOLICY)),
    ],
};

/// `struct xfrm_user_tmpl`: one template of `XFRMA_TMPL`. (64 bytes)
pub static XFRM_USER_TMPL: StructDef = StructDef {
    name: "xfrm_user_tmpl",
    size: 64,
    fields: &[
        field("id", 0, FieldKind::Struct(&XFRM_ID)),
        field("family", 24, F_U16),
        field("__pad@26", 26, f_pad(2)),
        field("saddr", 28, F_ADDR16X),
        field("reqid", 44, F_U32),
        field("mode", 48, f_u8_enum(&XFRM_MODE)),
        field("share", 49, f_u8_enum(&XFRM_SHARE)),
        field("optional", 50, F_U8),
        field("__pad@51", 51, f_pad(1)),
        field("aalgos", 52, F_X32),
        field("ealgos", 56, F_X32),
        field("calgos", 60, F_X32),
    ],
};

/// `struct xfrm_encap_tmpl`: `XFRMA_ENCAP` (UDP encapsulation). (24 bytes)
pub static XFRM_ENCAP_TMPL: StructDef = StructDef {
    name: "xfrm_encap_tmpl",
    size: 24,
    fields: &[
        field("encap_type", 0, f_u16_enum(&UDP_ENCAP)),
        field("encap_sport", 2, F_BE16),
        field("encap_dport", 4, F_BE16),
        field("__pad@6", 6, f_pad(2)),
        field("encap_oa", 8, F_ADDR16X),
    ],
};

/// `struct xfrm_lifetime_cur`: `XFRMA_LTIME_VAL`. (32 bytes)
pub static XFRM_LIFETIME_CUR: StructDef = StructDef {
    name: "xfrm_lifetime_cur",
    size: 32,
    fields: &[
        field("bytes", 0, F_U64),
        field("packets", 8, F_U64),
        field("add_time", 16, F_U64),
        field("use_time", 24, F_U64),
    ],
};

/// `struct xfrm_replay_state`: `XFRMA_REPLAY_VAL`. (12 bytes)
pub static XFRM_REPLAY_STATE: StructDef = StructDef {
    name: "xfrm_replay_state",
    size: 12,
    fields: &[
        field("oseq", 0, F_U32),
        field("seq", 4, F_U32),
        field("bitmap", 8, F_X32),
    ],
};

/// `struct xfrm_userpolicy_type`: `XFRMA_POLICY_TYPE`. (6 bytes)
pub static XFRM_USERPOLICY_TYPE: StructDef = StructDef {
    name: "xfrm_userpolicy_type",
    size: 6,
    fields: &[
        field("type", 0, f_u8_enum(&XFRM_POLICY_TYPE)),
        field("__pad@1", 1, f_pad(1)),
        field("reserved1", 2, F_U16),
        field("reserved2", 4, F_U8),
        field("__pad@5", 5, f_pad(1)),
    ],
};

/// `struct xfrm_user_migrate`: one entry of `XFRMA_MIGRATE`. (76 bytes)
pub static XFRM_USER_MIGRATE: StructDef = StructDef {
    name: "xfrm_user_migrate",
    size: 76,
    fields: &[
        field("old_daddr", 0, F_ADDR16X),
        field("old_saddr", 16, F_ADDR16X),
        field("new_daddr", 32, F_ADDR16X),
        field("new_saddr", 48, F_ADDR16X),
        field("proto", 64, f_u8_enum(&XFRM_PROTO)),
        field("mode", 65, f_u8_enum(&XFRM_MODE)),
        field("reserved", 66, F_U16),
        field("reqid", 68, F_U32),
        field("old_family", 72, F_U16),
        field("new_family", 74, F_U16),
    ],
};

/// `struct xfrm_user_kmaddress`: `XFRMA_KMADDRESS`. (40 bytes)
pub static XFRM_USER_KMADDRESS: StructDef = StructDef {
    name: "xfrm_user_kmaddress",
    size: 40,
    fields: &[
        field("local", 0, F_ADDR16X),
        field("remote", 16, F_ADDR16X),
        field("reserved", 32, F_U32),
        field("family", 36, F_U16),
        field("__pad@38", 38, f_pad(2)),
    ],
};

/// `struct xfrm_mark`: `XFRMA_MARK`. (8 bytes)
pub static XFRM_MARK: StructDef = StructDef {
    name: "xfrm_mark",
    size: 8,
    fields: &[field("v", 0, F_X32), field("m", 4, F_X32)],
};

/// `struct xfrm_address_filter`: `XFRMA_ADDRESS_FILTER` (dump filter). (36 bytes)
pub static XFRM_ADDRESS_FILTER: StructDef = StructDef {
    name: "xfrm_address_filter",
    size: 36,
    fields: &[
        field("saddr", 0, F_ADDR16X),
        field("daddr", 16, F_ADDR16X),
        field("family", 32, F_U16),
        field("splen", 34, F_U8),
        field("dplen", 35, F_U8),
    ],
};

/// `struct xfrm_user_offload`: `XFRMA_OFFLOAD_DEV`. (8 bytes)
pub static XFRM_USER_OFFLOAD: StructDef = StructDef {
    name: "xfrm_user_offload",
    size: 8,
    fields: &[
        field("ifindex", 0, F_S32),
        field("flags", 4, f_u8_enum(&XFRM_OFFLOAD_FLAGS)),
        field("__pad@5", 5, f_pad(3)),
    ],
};

/// `struct xfrm_user_sec_ctx` + the context string: `XFRMA_SEC_CTX`. (8 bytes)
pub static XFRM_USER_SEC_CTX: StructDef = StructDef {
    name: "xfrm_user_sec_ctx",
    size: 8,
    fields: &[
        field("len", 0, F_U16),
        field("exttype", 2, F_U16),
        field("ctx_alg", 4, F_U8),
        field("ctx_doi", 5, F_U8),
        field("ctx_len", 6, F_U16),
        field("ctx:ctx_len", 8, FieldKind::Rest(Hint::None)),
    ],
};

/// `struct xfrmu_sadhinfo`: `XFRMA_SAD_HINFO`. (8 bytes)
pub static XFRMU_SADHINFO: StructDef = StructDef {
    name: "xfrmu_sadhinfo",
    size: 8,
    fields: &[field("sadhcnt", 0, F_U32), field("sadhmcnt", 4, F_U32)],
};

/// `struct xfrmu_spdinfo`: `XFRMA_SPD_INFO`. (24 bytes)
pub static XFRMU_SPDINFO: StructDef = StructDef {
    name: "xfrmu_spdinfo",
    size: 24,
    fields: &[
        field("incnt", 0, F_U32),
        field("outcnt", 4, F_U32),
        field("fwdcnt", 8, F_U32),
        field("inscnt", 12, F_U32),
        field("outscnt", 16, F_U32),
        field("fwdscnt", 20, F_U32),
    ],
};

/// `struct xfrmu_spdhinfo`: `XFRMA_SPD_HINFO`. (8 bytes)
pub static XFRMU_SPDHINFO: StructDef = StructDef {
    name: "xfrmu_spdhinfo",
    size: 8,
    fields: &[field("spdhcnt", 0, F_U32), field("spdhmcnt", 4, F_U32)],
};

/// `struct xfrmu_spdhthresh`: `XFRMA_SPD_IPV4_HTHRESH`/`XFRMA_SPD_IPV6_HTHRESH`. (2 bytes)
pub static XFRMU_SPDHTHRESH: StructDef = StructDef {
    name: "xfrmu_spdhthresh",
    size: 2,
    fields: &[field("lbits", 0, F_U8), field("rbits", 1, F_U8)],
};

/// `struct xfrm_replay_state_esn` + `bmp[bmp_len]`: `XFRMA_REPLAY_ESN_VAL`. (24 bytes)
pub static XFRM_REPLAY_STATE_ESN: StructDef = StructDef {
    name: "xfrm_replay_state_esn",
    size: 24,
    fields: &[
        field("bmp_len", 0, F_U32),
        field("oseq", 4, F_U32),
        field("seq", 8, F_U32),
        field("oseq_hi", 12, F_U32),
        field("seq_hi", 16, F_U32),
        field("replay_window", 20, F_U32),
        field("bmp", 24, FieldKind::Rest(Hint::Hex)),
    ],
};

/// `struct xfrm_algo`: `XFRMA_ALG_CRYPT`, `XFRMA_ALG_AUTH`, `XFRMA_ALG_COMP`. `alg_key_len` counts bits; `alg_key` is secret. (68 bytes)
pub static XFRM_ALGO: StructDef = StructDef {
    name: "xfrm_algo",
    size: 68,
    fields: &[
        field("alg_name", 0, f_text(64)),
        field("alg_key_len", 64, F_U32),
        field("alg_key", 68, FieldKind::Rest(Hint::Hex)),
    ],
};

/// `struct xfrm_algo_auth`: `XFRMA_ALG_AUTH_TRUNC`. `alg_key` is secret. (72 bytes)
pub static XFRM_ALGO_AUTH: StructDef = StructDef {
    name: "xfrm_algo_auth",
    size: 72,
    fields: &[
        field("alg_name", 0, f_text(64)),
        field("alg_key_len", 64, F_U32),
        field("alg_trunc_len", 68, F_U32),
        field("alg_key", 72, FieldKind::Rest(Hint::Hex)),
    ],
};

/// `struct xfrm_algo_aead`: `XFRMA_ALG_AEAD`. `alg_key` is secret. (72 bytes)
pub static XFRM_ALGO_AEAD: StructDef = StructDef {
    name: "xfrm_algo_aead",
    size: 72,
    fields: &[
        field("alg_name", 0, f_text(64)),
        field("alg_key_len", 64, F_U32),
        field("alg_icv_len", 68, F_U32),
        field("alg_key", 72, FieldKind::Rest(Hint::Hex)),
    ],
};

/// An `xfrm_address_t` attribute: 16 bytes, IPv4 in the first 4.
const ADDR: Kind = HEX;

/// `XFRMA_*`: the attributes of xfrm messages.
pub static XFRMA_ATTRS: AttrSet = AttrSet {
    name: "xfrma-attrs",
    attrs: &[
        attr(1, "XFRMA_ALG_AUTH", st(&XFRM_ALGO)),
        attr(2, "XFRMA_ALG_CRYPT", st(&XFRM_ALGO)),
        attr(3, "XFRMA_ALG_COMP", st(&XFRM_ALGO)),
        attr(4, "XFRMA_ENCAP", st(&XFRM_ENCAP_TMPL)),
        attr(5, "XFRMA_TMPL", Kind::StructArray(&XFRM_USER_TMPL)),
        attr(6, "XFRMA_SA", st(&XFRM_USERSA_INFO)),
        attr(7, "XFRMA_POLICY", st(&XFRM_USERPOLICY_INFO)),
        attr(8, "XFRMA_SEC_CTX", st(&XFRM_USER_SEC_CTX)),
        attr(9, "XFRMA_LTIME_VAL", st(&XFRM_LIFETIME_CUR)),
        attr(10, "XFRMA_REPLAY_VAL", st(&XFRM_REPLAY_STATE)),
        attr(11, "XFRMA_REPLAY_THRESH", U32),
        attr(12, "XFRMA_ETIMER_THRESH", U32),
        attr(13, "XFRMA_SRCADDR", ADDR),
        attr(14, "XFRMA_COADDR", ADDR),
        attr(15, "XFRMA_LASTUSED", U64),
        attr(16, "XFRMA_POLICY_TYPE", st(&XFRM_USERPOLICY_TYPE)),
        attr(17, "XFRMA_MIGRATE", Kind::StructArray(&XFRM_USER_MIGRATE)),
        attr(18, "XFRMA_ALG_AEAD", st(&XFRM_ALGO_AEAD)),
        attr(19, "XFRMA_KMADDRESS", st(&XFRM_USER_KMADDRESS)),
        attr(20, "XFRMA_ALG_AUTH_TRUNC", st(&XFRM_ALGO_AUTH)),
        attr(21, "XFRMA_MARK", st(&XFRM_MARK)),
        attr(22, "XFRMA_TFCPAD", U32),
        attr(23, "XFRMA_REPLAY_ESN_VAL", st(&XFRM_REPLAY_STATE_ESN)),
        attr(24, "XFRMA_SA_EXTRA_FLAGS", u32_enum(&XFRM_SA_XFLAG)),
        attr(25, "XFRMA_PROTO", u8_enum(&XFRM_PROTO)),
        attr(26, "XFRMA_ADDRESS_FILTER", st(&XFRM_ADDRESS_FILTER)),
        attr(27, "XFRMA_PAD", BIN),
        attr(28, "XFRMA_OFFLOAD_DEV", st(&XFRM_USER_OFFLOAD)),
        attr(29, "XFRMA_SET_MARK", X32),
        attr(30, "XFRMA_SET_MARK_MASK", X32),
        attr(31, "XFRMA_IF_ID", U32),
        attr(32, "XFRMA_MTIMER_THRESH", U32),
        attr(33, "XFRMA_SA_DIR", u8_enum(&XFRM_SA_DIR)),
        attr(34, "XFRMA_NAT_KEEPALIVE_INTERVAL", U32),
        attr(35, "XFRMA_SA_PCPU", U32),
        // IP-TFS (Linux 6.14+).
        attr(36, "XFRMA_IPTFS_DROP_TIME", U32),
        attr(37, "XFRMA_IPTFS_REORDER_WINDOW", U16),
        attr(38, "XFRMA_IPTFS_DONT_FRAG", FLAG),
        attr(39, "XFRMA_IPTFS_INIT_DELAY", U32),
        attr(40, "XFRMA_IPTFS_MAX_QSIZE", U32),
        attr(41, "XFRMA_IPTFS_PKT_SIZE", U32),
    ],
};

/// `XFRMA_SAD_*`: `XFRM_MSG_NEWSADINFO` attributes.
pub static XFRMA_SAD_ATTRS: AttrSet = AttrSet {
    name: "xfrma-sad-attrs",
    attrs: &[
        attr(1, "XFRMA_SAD_CNT", U32),
        attr(2, "XFRMA_SAD_HINFO", st(&XFRMU_SADHINFO)),
    ],
};

/// `XFRMA_SPD_*`: `XFRM_MSG_NEWSPDINFO` attributes.
pub static XFRMA_SPD_ATTRS: AttrSet = AttrSet {
    name: "xfrma-spd-attrs",
    attrs: &[
        attr(1, "XFRMA_SPD_INFO", st(&XFRMU_SPDINFO)),
        attr(2, "XFRMA_SPD_HINFO", st(&XFRMU_SPDHINFO)),
        attr(3, "XFRMA_SPD_IPV4_HTHRESH", st(&XFRMU_SPDHTHRESH)),
        attr(4, "XFRMA_SPD_IPV6_HTHRESH", st(&XFRMU_SPDHTHRESH)),
    ],
};

const fn m(v: u16, n: &'static str, h: Option<&'static StructDef>, a: &'static AttrSet) -> MsgDef {
    msg(v, n, h, Some(a))
}

/// `XFRM_MSG_*`, sorted by value. The kernel answers `XFRM_MSG_GETSA` with
/// `XFRM_MSG_NEWSA` and `XFRM_MSG_GETPOLICY` with `XFRM_MSG_NEWPOLICY`; an
/// `XFRM_MSG_DELSA` notification carries the deleted SA in `XFRMA_SA`.
#[rustfmt::skip]
pub static MESSAGES: &[MsgDef] = &[
    m(16, "XFRM_MSG_NEWSA", Some(&XFRM_USERSA_INFO), &XFRMA_ATTRS),
    m(17, "XFRM_MSG_DELSA", Some(&XFRM_USERSA_ID), &XFRMA_ATTRS),
    m(18, "XFRM_MSG_GETSA", Some(&XFRM_USERSA_ID), &XFRMA_ATTRS),
    m(19, "XFRM_MSG_NEWPOLICY", Some(&XFRM_USERPOLICY_INFO), &XFRMA_ATTRS),
    m(20, "XFRM_MSG_DELPOLICY", Some(&XFRM_USERPOLICY_ID), &XFRMA_ATTRS),
    m(21, "XFRM_MSG_GETPOLICY", Some(&XFRM_USERPOLICY_ID), &XFRMA_ATTRS),
    m(22, "XFRM_MSG_ALLOCSPI", Some(&XFRM_USERSPI_INFO), &XFRMA_ATTRS),
    m(23, "XFRM_MSG_ACQUIRE", Some(&XFRM_USER_ACQUIRE), &XFRMA_ATTRS),
    m(24, "XFRM_MSG_EXPIRE", Some(&XFRM_USER_EXPIRE), &XFRMA_ATTRS),
    m(25, "XFRM_MSG_UPDPOLICY", Some(&XFRM_USERPOLICY_INFO), &XFRMA_ATTRS),
    m(26, "XFRM_MSG_UPDSA", Some(&XFRM_USERSA_INFO), &XFRMA_ATTRS),
    m(27, "XFRM_MSG_POLEXPIRE", Some(&XFRM_USER_POLEXPIRE), &XFRMA_ATTRS),
    m(28, "XFRM_MSG_FLUSHSA", Some(&XFRM_USERSA_FLUSH), &XFRMA_ATTRS),
    m(29, "XFRM_MSG_FLUSHPOLICY", None, &XFRMA_ATTRS),
    m(30, "XFRM_MSG_NEWAE", Some(&XFRM_AEVENT_ID), &XFRMA_ATTRS),
    m(31, "XFRM_MSG_GETAE", Some(&XFRM_AEVENT_ID), &XFRMA_ATTRS),
    m(32, "XFRM_MSG_REPORT", Some(&XFRM_USER_REPORT), &XFRMA_ATTRS),
    m(33, "XFRM_MSG_MIGRATE", Some(&XFRM_USERPOLICY_ID), &XFRMA_ATTRS),
    m(34, "XFRM_MSG_NEWSADINFO", Some(&XFRM_INFO_FLAGS), &XFRMA_SAD_ATTRS),
    m(35, "XFRM_MSG_GETSADINFO", Some(&XFRM_INFO_FLAGS), &XFRMA_SAD_ATTRS),
    m(36, "XFRM_MSG_NEWSPDINFO", Some(&XFRM_INFO_FLAGS), &XFRMA_SPD_ATTRS),
    m(37, "XFRM_MSG_GETSPDINFO", Some(&XFRM_INFO_FLAGS), &XFRMA_SPD_ATTRS),
    m(38, "XFRM_MSG_MAPPING", Some(&XFRM_USER_MAPPING), &XFRMA_ATTRS),
    m(39, "XFRM_MSG_SETDEFAULT", Some(&XFRM_USERPOLICY_DEFAULT), &XFRMA_ATTRS),
    m(40, "XFRM_MSG_GETDEFAULT", Some(&XFRM_USERPOLICY_DEFAULT), &XFRMA_ATTRS),
];

/// Dump requests: the kernel parses `XFRM_MSG_GETSA` and `XFRM_MSG_GETPOLICY` dumps
/// with no fixed header, attributes (`XFRMA_ADDRESS_FILTER`, …) right after
/// `nlmsghdr`.
static DUMP_REQUESTS: &[MsgDef] = &[
    m(18, "XFRM_MSG_GETSA", None, &XFRMA_ATTRS),
    m(21, "XFRM_MSG_GETPOLICY", None, &XFRMA_ATTRS),
];

/// The definition of an xfrm message by type and, for dump requests
/// (`NLM_F_REQUEST` with `NLM_F_DUMP`), by direction.
pub fn message(header: &Header) -> Option<&'static MsgDef> {
    let dump = flags::NLM_F_REQUEST | flags::NLM_F_DUMP;
    if header.flags & dump == dump {
        if let Some(d) = find_msg(DUMP_REQUESTS, header.ty) {
            return Some(d);
        }
    }
    find_msg(MESSAGES, header.ty)
}

/// Every xfrm message definition (both directions).
pub fn all_messages() -> impl Iterator<Item = &'static MsgDef> {
    MESSAGES.iter().chain(DUMP_REQUESTS.iter())
}
