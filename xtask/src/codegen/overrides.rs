//! Every place where the generated tables depart from what the specs alone say.
//!
//! Kept in one table each so that a reader sees all hand-made decisions at once.
//! The generator fails when a spec needs a decision that is not here (a reply value
//! with no name, a selector outside its set), so new specs cannot slip through.

/// Attributes whose table row is given by hand: `(spec, attribute set, attribute,
/// Rust expression of the row's `Kind`, why)`.
pub const ATTR_KINDS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "rt-route",
        "route-attrs",
        "multipath",
        "Kind::Special(Special::RtaMultipath)",
        "a sequence of struct rtnexthop, each followed by route attributes; \
         the spec calls it binary",
    ),
    (
        "nftables",
        "setelem-list-attrs",
        "elements",
        "Kind::Array(&Kind::Nest(&SETELEM_ATTRS))",
        "the kernel walks NFTA_SET_ELEM_LIST_ELEMENTS with nla_for_each_nested and \
         ignores the element type, and libnftnl numbers the elements 1, 2, 3, …; the \
         spec's one-row nest (NFTA_LIST_ELEM = 1) leaves elements 2.. unknown \
         (seen: nf-xfrm.pcap frame 108)",
    ),
    (
        "rt-link",
        "ifla6-attrs",
        "conf",
        "Kind::Packed(Scalar::S32, ByteOrder::Host, Hint::None)",
        "the kernel fills IFLA_INET6_CONF as __s32 [DEVCONF_MAX] indexed by DEVCONF_* \
         (ipv6_store_devconf), not u32 as the spec says: use_tempaddr and others are -1",
    ),
    (
        "rt-link",
        "ifla6-attrs",
        "token",
        "Kind::Binary(Hint::Ipv6)",
        "an IPv6 address (struct in6_addr, inet6_fill_ifla6_attrs); the spec says only \
         binary",
    ),
    (
        "tc",
        "tca-stats-attrs",
        "app",
        "Kind::Binary(Hint::None)",
        "a sub-message whose selector (kind) lives in the parent nest; the tables \
         express only sibling selectors",
    ),
];

/// Attributes whose width, byte order or kind the kernel's source contradicts in the
/// spec (oracle 2, `tests/kernel_source.rs`): `(spec, attribute set, attribute, Rust
/// expression of the row's `Kind`, why: the kernel function and call that prove it)`.
/// Read from Debian's linux-source-6.1, the kernel the corpus VM runs.
pub const KERNEL_KINDS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "nftables",
        "rule-attrs",
        "id",
        "Kind::Scalar(Scalar::U32, ByteOrder::Big, Hint::None)",
        "nft_trans_rule_add: ntohl(nla_get_be32(ctx->nla[NFTA_RULE_ID])); the spec has no \
         byte-order",
    ),
    (
        "nftables",
        "set-attrs",
        "id",
        "Kind::Scalar(Scalar::U32, ByteOrder::Big, Hint::None)",
        "__nft_trans_set_add: ntohl(nla_get_be32(ctx->nla[NFTA_SET_ID])); the spec has no \
         byte-order",
    ),
    (
        "nftables",
        "set-attrs",
        "timeout",
        "Kind::Scalar(Scalar::U64, ByteOrder::Big, Hint::None)",
        "nf_tables_fill_set: nla_put_be64(skb, NFTA_SET_TIMEOUT, nf_jiffies64_to_msecs(..)) \
         (milliseconds, big-endian); the spec has no byte-order",
    ),
    (
        "nftables",
        "set-attrs",
        "gc-interval",
        "Kind::Scalar(Scalar::U32, ByteOrder::Big, Hint::None)",
        "nf_tables_fill_set: nla_put_be32(skb, NFTA_SET_GC_INTERVAL, htonl(gc_int)); \
         nf_tables_newset: ntohl(nla_get_be32(..)); the spec has no byte-order",
    ),
    (
        "nftables",
        "setelem-attrs",
        "timeout",
        "Kind::Scalar(Scalar::U64, ByteOrder::Big, Hint::None)",
        "nf_tables_fill_setelem: nla_put_be64(skb, NFTA_SET_ELEM_TIMEOUT, \
         nf_jiffies64_to_msecs(..)); the spec has no byte-order",
    ),
    (
        "nftables",
        "setelem-attrs",
        "expiration",
        "Kind::Scalar(Scalar::U64, ByteOrder::Big, Hint::None)",
        "nf_tables_fill_setelem: nla_put_be64(skb, NFTA_SET_ELEM_EXPIRATION, \
         nf_jiffies64_to_msecs(expires)); the spec has no byte-order",
    ),
    (
        "nftables",
        "numgen-attrs",
        "dreg",
        "Kind::Scalar(Scalar::U32, ByteOrder::Big, Hint::Enum(&REGISTERS_ENUM))",
        "nft_ng_dump: nft_dump_register(skb, NFTA_NG_DREG, dreg), which is \
         nla_put_be32(skb, attr, htonl(reg)), and nft_parse_register_store reads \
         ntohl(nla_get_be32(attr)); the spec has no byte-order (the other registers have it)",
    ),
    (
        "fou",
        "fou",
        "local-v4",
        "Kind::Scalar(Scalar::U32, ByteOrder::Big, Hint::Ipv4)",
        "fou_fill_info: nla_put_in_addr(msg, FOU_ATTR_LOCAL_V4, sk->sk_rcv_saddr), an IPv4 \
         address in network order; the spec says u32",
    ),
    (
        "fou",
        "fou",
        "peer-v4",
        "Kind::Scalar(Scalar::U32, ByteOrder::Big, Hint::Ipv4)",
        "fou_fill_info: nla_put_in_addr(msg, FOU_ATTR_PEER_V4, sk->sk_daddr), an IPv4 \
         address in network order; the spec says u32",
    ),
    (
        "ovs_vport",
        "vport-options",
        "dst-port",
        "Kind::Scalar(Scalar::U16, ByteOrder::Host, Hint::None)",
        "vxlan_get_options: nla_put_u16(skb, OVS_TUNNEL_ATTR_DST_PORT, ntohs(dst_port)), \
         geneve_get_options: nla_put_u16; the spec says u32",
    ),
    (
        "ovs_vport",
        "vport-options",
        "extension",
        "Kind::Binary(Hint::None)",
        "vxlan_get_options: nla_nest_start_noflag(skb, OVS_TUNNEL_ATTR_EXTENSION) holding \
         OVS_VXLAN_EXT_GBP as a flag (not the u32 of ovs_flow's vxlan-ext-attrs), a nest \
         no spec set describes; the spec says u32",
    ),
    (
        "rt-link",
        "linkinfo-bridge-attrs",
        "vlan-protocol",
        "Kind::Scalar(Scalar::U16, ByteOrder::Big, Hint::Enum(&VLAN_PROTOCOLS_ENUM))",
        "br_fill_info: nla_put_be16(skb, IFLA_BR_VLAN_PROTOCOL, br->vlan_proto), an \
         ethertype in network order (802.1Q or 802.1ad, the spec's vlan-protocols, as \
         IFLA_VLAN_PROTOCOL); the spec has no byte-order",
    ),
    (
        "rt-link",
        "linkinfo-ip6tnl-attrs",
        "flags",
        "Kind::Scalar(Scalar::U32, ByteOrder::Host, Hint::None)",
        "ip6_tnl_fill_info: nla_put_u32(skb, IFLA_IPTUN_FLAGS, parm->flags) and \
         ip6_tnl_netlink_parms: nla_get_u32, host order; the spec says big-endian \
         (that is ipip/sit's be16 IFLA_IPTUN_FLAGS)",
    ),
    (
        "rt-link",
        "link-attrs",
        "proto-down-reason",
        "Kind::Binary(Hint::None)",
        "rtnl_fill_proto_down: nla_nest_start(skb, IFLA_PROTO_DOWN_REASON) holding \
         IFLA_PROTO_DOWN_REASON_VALUE (u32), a nest no spec set describes; the spec says \
         string",
    ),
    (
        "rt-neigh",
        "neighbour-attrs",
        "port",
        "Kind::Scalar(Scalar::U16, ByteOrder::Big, Hint::None)",
        "vxlan_fdb_info: nla_put_be16(skb, NDA_PORT, rdst->remote_port) and \
         vxlan_fdb_parse: nla_get_be16(tb[NDA_PORT]); the spec has no byte-order",
    ),
    (
        "rt-route",
        "route-attrs",
        "sport",
        "Kind::Scalar(Scalar::U16, ByteOrder::Big, Hint::None)",
        "inet_rtm_getroute, inet6_rtm_getroute: nla_get_be16(tb[RTA_SPORT]) into fl4_sport; \
         the spec has no byte-order",
    ),
    (
        "rt-route",
        "route-attrs",
        "dport",
        "Kind::Scalar(Scalar::U16, ByteOrder::Big, Hint::None)",
        "inet_rtm_getroute, inet6_rtm_getroute: nla_get_be16(tb[RTA_DPORT]) into fl4_dport; \
         the spec has no byte-order",
    ),
    (
        "rt-rule",
        "fib-rule-attrs",
        "tun-id",
        "Kind::Scalar(Scalar::U64, ByteOrder::Big, Hint::None)",
        "fib_nl_fill_rule: nla_put_be64(skb, FRA_TUN_ID, rule->tun_id, FRA_PAD) and \
         fib_nl2rule: nla_get_be64; the spec has no byte-order",
    ),
    (
        "tc",
        "act-tunnel-key-attrs",
        "enc-key-id",
        "Kind::Scalar(Scalar::U32, ByteOrder::Big, Hint::None)",
        "tunnel_key_dump: nla_put_be32(skb, TCA_TUNNEL_KEY_ENC_KEY_ID, key_id) and \
         tunnel_key_init: nla_get_be32; the spec says u64",
    ),
    (
        "tc",
        "act-vlan-attrs",
        "push-vlan-protocol",
        "Kind::Scalar(Scalar::U16, ByteOrder::Big, Hint::None)",
        "tcf_vlan_dump: nla_put_be16(skb, TCA_VLAN_PUSH_VLAN_PROTOCOL, p->tcfv_push_proto) \
         and tcf_vlan_init: nla_get_be16, an ethertype; the spec has no byte-order",
    ),
    (
        "tc",
        "flower-attrs",
        "key-vlan-id",
        "Kind::Scalar(Scalar::U16, ByteOrder::Host, Hint::None)",
        "fl_dump_key_vlan: nla_put_u16(skb, vlan_id_key, vlan_id->vlan_id) and \
         fl_set_key_vlan: nla_get_u16(tb[vlan_id_key]) & VLAN_VID_MASK, host order (the \
         attribute is a parameter there, so the source scan missed it); the spec says \
         big-endian. Found by the tools oracle: `tc -j filter show` printed vlan_id 100 \
         where nlscope printed 25600 (corpus/tools-k6.1.pcap)",
    ),
    (
        "tc",
        "flower-attrs",
        "key-cvlan-id",
        "Kind::Scalar(Scalar::U16, ByteOrder::Host, Hint::None)",
        "the same fl_dump_key_vlan / fl_set_key_vlan with TCA_FLOWER_KEY_CVLAN_ID: \
         nla_put_u16 / nla_get_u16, host order; the spec says big-endian",
    ),
    (
        "tc",
        "flower-attrs",
        "key-mpls-label",
        "Kind::Scalar(Scalar::U32, ByteOrder::Host, Hint::None)",
        "fl_dump_key_mpls: nla_put_u32(skb, TCA_FLOWER_KEY_MPLS_LABEL, \
         lse_key->mpls_label) and fl_set_key_mpls: nla_get_u32, host order; the spec says \
         big-endian",
    ),
    (
        "tc",
        "flower-key-enc-opt-geneve-attrs",
        "class",
        "Kind::Scalar(Scalar::U16, ByteOrder::Big, Hint::None)",
        "fl_dump_key_geneve_opt: nla_put_be16(skb, TCA_FLOWER_KEY_ENC_OPT_GENEVE_CLASS, \
         opt->opt_class); the spec has no byte-order",
    ),
    (
        "tc",
        "flower-key-enc-opt-erspan-attrs",
        "index",
        "Kind::Scalar(Scalar::U32, ByteOrder::Big, Hint::None)",
        "fl_dump_key_erspan_opt: nla_put_be32(skb, TCA_FLOWER_KEY_ENC_OPT_ERSPAN_INDEX, \
         md->u.index); the spec has no byte-order",
    ),
    (
        "conntrack",
        "conntrack-attrs",
        "timestamp",
        "Kind::Binary(Hint::None)",
        "ctnetlink_dump_timestamp: nla_nest_start(skb, CTA_TIMESTAMP) holding \
         CTA_TIMESTAMP_START/STOP (be64), a nest no spec set describes; the spec says be64",
    ),
    (
        "nl80211",
        "wowlan-triggers-attrs",
        "pkt-pattern",
        "Kind::Binary(Hint::None)",
        "nl80211_send_wowlan: nla_put(msg, NL80211_WOWLAN_TRIG_PKT_PATTERN, sizeof(pat), \
         &pat), a struct nl80211_pattern_support; the spec says flag",
    ),
    (
        "nl80211",
        "wowlan-triggers-attrs",
        "tcp-connection",
        "Kind::Binary(Hint::None)",
        "nl80211_send_wowlan_tcp_caps: nla_nest_start_noflag(msg, \
         NL80211_WOWLAN_TRIG_TCP_CONNECTION) holding NL80211_WOWLAN_TCP_* limits, a nest no \
         spec set describes; the spec says flag",
    ),
    (
        "nl80211",
        "wowlan-triggers-attrs",
        "net-detect",
        "Kind::Scalar(Scalar::U32, ByteOrder::Host, Hint::None)",
        "nl80211_send_wowlan: nla_put_u32(msg, NL80211_WOWLAN_TRIG_NET_DETECT, \
         max_nd_match_sets) in the supported triggers (the set's only use); the spec says flag",
    ),
    (
        "nl80211",
        "wowlan-triggers-attrs",
        "net-detect-results",
        "Kind::Binary(Hint::None)",
        "cfg80211_net_detect_results: nla_nest_start_noflag(msg, \
         NL80211_WOWLAN_TRIG_NET_DETECT_RESULTS), the only put, a nest; the spec says flag",
    ),
    (
        "rt-link",
        "bond-slave-attrs",
        "prio",
        "Kind::Scalar(Scalar::S32, ByteOrder::Host, Hint::None)",
        "bond_fill_slave_info: nla_put_s32(skb, IFLA_BOND_SLAVE_PRIO, slave->prio) (an int, \
         may be negative), policy NLA_S32; the spec says u32",
    ),
    (
        "ovs_vport",
        "vport",
        "netnsid",
        "Kind::Scalar(Scalar::S32, ByteOrder::Host, Hint::None)",
        "ovs_vport_cmd_fill_info: nla_put_s32(skb, OVS_VPORT_ATTR_NETNSID, id) where id is \
         peernet2id_alloc's int (-1 when none is assigned); the spec says u32",
    ),
    (
        "tc",
        "cake-attrs",
        "overhead",
        "Kind::Scalar(Scalar::S32, ByteOrder::Host, Hint::None)",
        "cake_change: nla_get_s32(tb[TCA_CAKE_OVERHEAD]) (policy NLA_S32, may be negative); \
         cake_dump writes the s16 rate_overhead sign-extended with nla_put_u32; the spec \
         says u32",
    ),
];

/// C name prefixes of attribute sets that have no `name-prefix` in specs whose
/// C headers are not generated by ynl, so that the ynl default (`<family>-a-<set>-`)
/// is not the kernel's: `(spec, set, prefix)`. Checked against the uapi headers by
/// the generator's tests.
pub const SET_PREFIXES: &[(&str, &str, &str)] = &[
    // linux/netfilter/nfnetlink_conntrack.h
    ("conntrack", "conntrack-attrs", "CTA_"),
    ("conntrack", "conntrack-stats-attrs", "CTA_STATS_"),
    ("conntrack", "counter-attrs", "CTA_COUNTERS_"),
    ("conntrack", "filter-attrs", "CTA_FILTER_"),
    ("conntrack", "help-attrs", "CTA_"),
    ("conntrack", "nat-attrs", "CTA_"),
    ("conntrack", "nat-proto-attrs", "CTA_PROTO"),
    ("conntrack", "protoinfo-attrs", "CTA_"),
    ("conntrack", "protoinfo-dccp-attrs", "CTA_PROTOINFO_"),
    ("conntrack", "protoinfo-sctp-attrs", "CTA_PROTOINFO_SCTP_"),
    ("conntrack", "protoinfo-tcp-attrs", "CTA_PROTOINFO_"),
    ("conntrack", "secctx-attrs", "CTA_"),
    ("conntrack", "seqadj-attrs", "CTA_SEQADJ_"),
    ("conntrack", "synproxy-attrs", "CTA_SYNPROXY_"),
    ("conntrack", "tuple-attrs", "CTA_"),
    ("conntrack", "tuple-ip-attrs", "CTA_"),
    ("conntrack", "tuple-proto-attrs", "CTA_"),
    // linux/netfilter/nf_tables.h, nfnetlink.h, nfnetlink_compat.h
    ("nftables", "batch-attrs", "NFNL_BATCH_"),
    ("nftables", "chain-attrs", "NFTA_CHAIN_"),
    ("nftables", "compat-attrs", "NFTA_COMPAT_"),
    ("nftables", "compat-match-attrs", "NFTA_MATCH_"),
    ("nftables", "compat-target-attrs", "NFTA_TARGET_"),
    ("nftables", "counter-attrs", "NFTA_COUNTER_"),
    ("nftables", "data-attrs", "NFTA_DATA_"),
    ("nftables", "expr-attrs", "NFTA_EXPR_"),
    ("nftables", "expr-bitwise-attrs", "NFTA_BITWISE_"),
    ("nftables", "expr-cmp-attrs", "NFTA_CMP_"),
    ("nftables", "expr-counter-attrs", "NFTA_COUNTER_"),
    ("nftables", "expr-ct-attrs", "NFTA_CT_"),
    ("nftables", "expr-fib-attrs", "NFTA_FIB_"),
    ("nftables", "expr-flow-offload-attrs", "NFTA_FLOW_TABLE_"),
    ("nftables", "expr-immediate-attrs", "NFTA_IMMEDIATE_"),
    ("nftables", "expr-list-attrs", "NFTA_LIST_"),
    ("nftables", "expr-lookup-attrs", "NFTA_LOOKUP_"),
    ("nftables", "expr-masq-attrs", "NFTA_MASQ_"),
    ("nftables", "expr-meta-attrs", "NFTA_META_"),
    ("nftables", "expr-nat-attrs", "NFTA_NAT_"),
    ("nftables", "expr-objref-attrs", "NFTA_OBJREF_"),
    ("nftables", "expr-payload-attrs", "NFTA_PAYLOAD_"),
    ("nftables", "expr-reject-attrs", "NFTA_REJECT_"),
    ("nftables", "expr-target-attrs", "NFTA_TARGET_"),
    ("nftables", "expr-tproxy-attrs", "NFTA_TPROXY_"),
    ("nftables", "flowtable-attrs", "NFTA_FLOWTABLE_"),
    ("nftables", "flowtable-hook-attrs", "NFTA_FLOWTABLE_HOOK_"),
    ("nftables", "gen-attrs", "NFTA_GEN_"),
    ("nftables", "hook-dev-attrs", "NFTA_DEVICE_"),
    ("nftables", "log-attrs", "NFTA_LOG_"),
    ("nftables", "nft-counter-attrs", "NFTA_COUNTER_"),
    ("nftables", "nft-hook-attrs", "NFTA_HOOK_"),
    ("nftables", "numgen-attrs", "NFTA_NG_"),
    ("nftables", "obj-attrs", "NFTA_OBJ_"),
    ("nftables", "quota-attrs", "NFTA_QUOTA_"),
    ("nftables", "range-attrs", "NFTA_RANGE_"),
    ("nftables", "rule-attrs", "NFTA_RULE_"),
    ("nftables", "rule-compat-attrs", "NFTA_RULE_COMPAT_"),
    ("nftables", "set-attrs", "NFTA_SET_"),
    ("nftables", "set-desc-attrs", "NFTA_SET_DESC_"),
    ("nftables", "set-desc-concat-attrs", "NFTA_LIST_"),
    ("nftables", "set-field-attrs", "NFTA_SET_FIELD_"),
    ("nftables", "set-list-attrs", "NFTA_LIST_"),
    ("nftables", "setelem-attrs", "NFTA_SET_ELEM_"),
    ("nftables", "setelem-list-attrs", "NFTA_SET_ELEM_LIST_"),
    ("nftables", "setelem-list-elem-attrs", "NFTA_LIST_"),
    ("nftables", "table-attrs", "NFTA_TABLE_"),
    ("nftables", "verdict-attrs", "NFTA_VERDICT_"),
    // linux/pkt_sched.h
    ("tc", "hfsc-attrs", "TCA_HFSC_"),
];

/// Attribute C names that no prefix gives: `(spec, set, attribute, name)`.
pub const ATTR_NAMES: &[(&str, &str, &str, &str)] = &[
    (
        "conntrack",
        "counter-attrs",
        "packets-old",
        "CTA_COUNTERS32_PACKETS",
    ),
    (
        "conntrack",
        "counter-attrs",
        "bytes-old",
        "CTA_COUNTERS32_BYTES",
    ),
    (
        "conntrack",
        "protoinfo-sctp-attrs",
        "sctp-state",
        "CTA_PROTOINFO_SCTP_STATE",
    ),
    ("nftables", "nft-hook-attrs", "num", "NFTA_HOOK_HOOKNUM"),
];

/// Prefixes of message constant names where the spec has no `name-prefix` and the
/// ynl default (`<family>-cmd-`) is not the kernel's: `(spec, prefix)`.
pub const OP_PREFIXES: &[(&str, &str)] = &[
    // enum nf_tables_msg_types in linux/netfilter/nf_tables.h
    ("nftables", "NFT_MSG_"),
    // enum cntl_msg_types in linux/netfilter/nfnetlink_conntrack.h
    ("conntrack", "IPCTNL_MSG_CT_"),
];

/// Whole message constant names the prefix rule gets wrong: `(spec, operation, name)`.
pub const OP_NAMES: &[(&str, &str, &str)] = &[
    // linux/netfilter/nfnetlink.h: batch messages belong to nfnetlink itself.
    ("nftables", "batch-begin", "NFNL_MSG_BATCH_BEGIN"),
    ("nftables", "batch-end", "NFNL_MSG_BATCH_END"),
    // The spec's get-stats (0x104, per-CPU statistics) is IPCTNL_MSG_CT_GET_STATS_CPU.
    ("conntrack", "get-stats", "IPCTNL_MSG_CT_GET_STATS_CPU"),
];

/// Names of reply message values that no operation's request carries (the spec
/// gives only the number): `(spec, value, name)`.
pub const REPLY_NAMES: &[(&str, u16, &str)] = &[
    ("devlink", 3, "DEVLINK_CMD_NEW"),
    ("devlink", 13, "DEVLINK_CMD_SB_NEW"),
    ("devlink", 17, "DEVLINK_CMD_SB_POOL_NEW"),
    ("devlink", 21, "DEVLINK_CMD_SB_PORT_POOL_NEW"),
    ("devlink", 25, "DEVLINK_CMD_SB_TC_POOL_BIND_NEW"),
    ("devlink", 63, "DEVLINK_CMD_TRAP_NEW"),
    ("devlink", 67, "DEVLINK_CMD_TRAP_GROUP_NEW"),
    ("devlink", 71, "DEVLINK_CMD_TRAP_POLICER_NEW"),
    ("devlink", 80, "DEVLINK_CMD_LINECARD_NEW"),
    ("nlctrl", 1, "CTRL_CMD_NEWFAMILY"),
    ("nl80211", 3, "NL80211_CMD_NEW_WIPHY"),
    ("nl80211", 7, "NL80211_CMD_NEW_INTERFACE"),
    ("conntrack", 0x100, "IPCTNL_MSG_CT_NEW"),
    ("nftables", 0xa0f, "NFT_MSG_NEWGEN"),
    ("rt-link", 92, "RTM_NEWSTATS"),
    ("rt-neigh", 64, "RTM_NEWNEIGHTBL"),
];

/// Directional genetlink families whose kernel-to-user messages are numbered in an
/// enum of their own (`ETHTOOL_MSG_*_REPLY`, `*_NTF`), so that replies cannot share
/// the command table: they go to a separate `KERNEL_CMDS` table.
pub const SEPARATE_KERNEL_ENUM: &[&str] = &["ethtool"];

/// Attribute values where a spec disagrees with the kernel's uapi header (the
/// header is what the kernel sends): `(spec, set, attribute, value)`.
pub const ATTR_VALUES: &[(&str, &str, &str, u16)] = &[
    // linux/netlink.h: NL_POLICY_TYPE_ATTR_PAD = 11, NL_POLICY_TYPE_ATTR_MASK = 12;
    // nlctrl.yaml lists mask before pad.
    ("nlctrl", "policy-attrs", "pad", 11),
    ("nlctrl", "policy-attrs", "mask", 12),
    // linux/netfilter/nf_tables.h: the spec leaves out NFTA_CHAIN_PAD = 9,
    // NFTA_RULE_PAD = 8 and NFTA_SET_ELEM_PAD = 8, and lists the lookup attributes
    // out of order.
    ("nftables", "chain-attrs", "flags", 10),
    ("nftables", "chain-attrs", "id", 11),
    ("nftables", "chain-attrs", "userdata", 12),
    ("nftables", "rule-attrs", "id", 9),
    ("nftables", "rule-attrs", "position-id", 10),
    ("nftables", "rule-attrs", "chain-id", 11),
    ("nftables", "setelem-attrs", "objref", 9),
    ("nftables", "setelem-attrs", "key-end", 10),
    ("nftables", "setelem-attrs", "expressions", 11),
    ("nftables", "expr-lookup-attrs", "sreg", 2),
    ("nftables", "expr-lookup-attrs", "dreg", 3),
    ("nftables", "expr-lookup-attrs", "set-id", 4),
    // linux/netfilter/nfnetlink_conntrack.h: enum ctattr_nat has PROTO before V6.
    ("conntrack", "nat-attrs", "nat-proto", 3),
    ("conntrack", "nat-attrs", "nat-v6-minip", 4),
    ("conntrack", "nat-attrs", "nat-v6-maxip", 5),
];

/// Spec files in the package that are not upstream kernel specs.
pub const SKIP_SPECS: &[&str] = &["builtin"];

/// How to show numbers the specs leave plain: struct members `(spec, struct, member,
/// the `Hint` expression, why)`. Names come from `src/families/names.rs` (and
/// `src/families/route/`), checked against the uapi headers by `tests/hand_tables.rs`.
pub const MEMBER_NAMES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "rt-link",
        "ifinfomsg",
        "ifi_index",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "rt-link",
        "if-stats-msg",
        "ifindex",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "rt-addr",
        "ifaddrmsg",
        "ifa_index",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "rt-neigh",
        "ndmsg",
        "ndm_ifindex",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "tc",
        "tcmsg",
        "ifindex",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "rt-link",
        "ifinfomsg",
        "ifi_family",
        "Hint::Enum(&crate::families::names::AF)",
        "AF_*",
    ),
    (
        "rt-link",
        "ifinfomsg",
        "ifi_type",
        "Hint::Enum(&crate::families::names::ARPHRD)",
        "ARPHRD_* (dev->type)",
    ),
    (
        "rt-link",
        "rtgenmsg",
        "family",
        "Hint::Enum(&crate::families::names::AF)",
        "AF_*",
    ),
    (
        "rt-link",
        "if-stats-msg",
        "family",
        "Hint::Enum(&crate::families::names::AF)",
        "AF_*",
    ),
    (
        "rt-addr",
        "ifaddrmsg",
        "ifa_family",
        "Hint::Enum(&crate::families::names::AF)",
        "AF_*",
    ),
    (
        "rt-addr",
        "ifaddrmsg",
        "ifa_scope",
        "Hint::Enum(&crate::families::names::RT_SCOPE)",
        "RT_SCOPE_*",
    ),
    (
        "rt-route",
        "rtmsg",
        "rtm_family",
        "Hint::Enum(&crate::families::names::AF)",
        "AF_* and RTNL_FAMILY_IP(6)MR",
    ),
    (
        "rt-route",
        "rtmsg",
        "rtm_table",
        "Hint::Enum(&crate::families::names::RT_TABLE)",
        "RT_TABLE_*",
    ),
    (
        "rt-route",
        "rtmsg",
        "rtm_protocol",
        "Hint::Enum(&crate::families::names::RTPROT)",
        "RTPROT_*",
    ),
    (
        "rt-route",
        "rtmsg",
        "rtm_scope",
        "Hint::Enum(&crate::families::names::RT_SCOPE)",
        "RT_SCOPE_*",
    ),
    (
        "rt-route",
        "rtmsg",
        "rtm_flags",
        "Hint::Enum(&crate::families::names::RTM_FLAGS)",
        "RTNH_F_* | RTM_F_*",
    ),
    (
        "rt-neigh",
        "ndmsg",
        "ndm_family",
        "Hint::Enum(&crate::families::names::AF)",
        "AF_*",
    ),
    (
        "rt-neigh",
        "ndtmsg",
        "family",
        "Hint::Enum(&crate::families::names::AF)",
        "AF_*",
    ),
    (
        "rt-rule",
        "rtgenmsg",
        "family",
        "Hint::Enum(&crate::families::names::AF)",
        "AF_*",
    ),
    (
        "rt-rule",
        "fib-rule-hdr",
        "family",
        "Hint::Enum(&crate::families::names::AF)",
        "AF_*",
    ),
    (
        "rt-rule",
        "fib-rule-hdr",
        "table",
        "Hint::Enum(&crate::families::names::RT_TABLE)",
        "RT_TABLE_*",
    ),
    (
        "tc",
        "tcmsg",
        "family",
        "Hint::Enum(&crate::families::names::AF)",
        "AF_* (AF_UNSPEC in practice)",
    ),
    (
        "nftables",
        "nfgenmsg",
        "nfgen_family",
        "Hint::Enum(&crate::families::names::NFPROTO)",
        "NFPROTO_*",
    ),
    (
        "conntrack",
        "nfgenmsg",
        "nfgen_family",
        "Hint::Enum(&crate::families::names::NFPROTO)",
        "NFPROTO_*",
    ),
    (
        "tc",
        "tcmsg",
        "handle",
        "Hint::TcHandle",
        "TC_H_MAJ:TC_H_MIN",
    ),
    (
        "tc",
        "tcmsg",
        "parent",
        "Hint::TcHandle",
        "TC_H_MAJ:TC_H_MIN, or TC_H_ROOT",
    ),
];

/// The same for attributes: `(spec, attribute set, attribute, `Hint` expression, why)`.
pub const ATTR_NAMES_OF_VALUES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "rt-link",
        "link-attrs",
        "link",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "rt-link",
        "link-attrs",
        "master",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "rt-link",
        "linkinfo-gre-attrs",
        "link",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "rt-link",
        "linkinfo-gre6-attrs",
        "link",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "rt-link",
        "linkinfo-iptun-attrs",
        "link",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "rt-link",
        "linkinfo-ip6tnl-attrs",
        "link",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "rt-link",
        "linkinfo-vti-attrs",
        "link",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "rt-link",
        "linkinfo-vti6-attrs",
        "link",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "rt-link",
        "linkinfo-bond-attrs",
        "active-slave",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "rt-link",
        "linkinfo-bond-attrs",
        "primary",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "rt-route",
        "route-attrs",
        "oif",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "rt-route",
        "route-attrs",
        "iif",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "rt-neigh",
        "neighbour-attrs",
        "ifindex",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "rt-neigh",
        "neighbour-attrs",
        "master",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "ethtool",
        "header",
        "dev-index",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "mptcp_pm",
        "address",
        "if-idx",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "nl80211",
        "nl80211-attrs",
        "ifindex",
        "Hint::Ifindex",
        "an interface index: named by the session, rewritten by replay",
    ),
    (
        "rt-link",
        "link-attrs",
        "operstate",
        "Hint::Enum(&crate::families::names::IF_OPER)",
        "IF_OPER_*",
    ),
    (
        "rt-link",
        "link-attrs",
        "linkmode",
        "Hint::Enum(&crate::families::names::IF_LINK_MODE)",
        "IF_LINK_MODE_*",
    ),
    (
        "rt-link",
        "linkinfo-bond-attrs",
        "mode",
        "Hint::Enum(&crate::families::names::BOND_MODE)",
        "BOND_MODE_*",
    ),
    (
        "rt-route",
        "route-attrs",
        "table",
        "Hint::Enum(&crate::families::names::RT_TABLE)",
        "RT_TABLE_*",
    ),
    (
        "rt-route",
        "route-attrs",
        "encap-type",
        "Hint::Enum(&crate::families::names::LWTUNNEL_ENCAP)",
        "LWTUNNEL_ENCAP_*, as NHA_ENCAP_TYPE",
    ),
    (
        "rt-rule",
        "fib-rule-attrs",
        "table",
        "Hint::Enum(&crate::families::names::RT_TABLE)",
        "RT_TABLE_*",
    ),
    (
        "tc",
        "basic-attrs",
        "classid",
        "Hint::TcHandle",
        "a class id, TC_H_MAJ:TC_H_MIN",
    ),
    (
        "tc",
        "bpf-attrs",
        "classid",
        "Hint::TcHandle",
        "a class id, TC_H_MAJ:TC_H_MIN",
    ),
    (
        "tc",
        "flower-attrs",
        "classid",
        "Hint::TcHandle",
        "a class id, TC_H_MAJ:TC_H_MIN",
    ),
    (
        "tc",
        "fw-attrs",
        "classid",
        "Hint::TcHandle",
        "a class id, TC_H_MAJ:TC_H_MIN",
    ),
    (
        "tc",
        "matchall-attrs",
        "classid",
        "Hint::TcHandle",
        "a class id, TC_H_MAJ:TC_H_MIN",
    ),
    (
        "tc",
        "route-attrs",
        "classid",
        "Hint::TcHandle",
        "a class id, TC_H_MAJ:TC_H_MIN",
    ),
    (
        "tc",
        "u32-attrs",
        "classid",
        "Hint::TcHandle",
        "a class id, TC_H_MAJ:TC_H_MIN",
    ),
];

/// The `Hint` expression for a struct member, if any.
pub fn member_names(spec: &str, st: &str, member: &str) -> Option<&'static str> {
    MEMBER_NAMES
        .iter()
        .find(|(s, t, m, _, _)| *s == spec && *t == st && *m == member)
        .map(|(_, _, _, e, _)| *e)
}

/// The `Hint` expression for an attribute, if any.
pub fn attr_value_names(spec: &str, set: &str, attr: &str) -> Option<&'static str> {
    ATTR_NAMES_OF_VALUES
        .iter()
        .find(|(s, t, a, _, _)| *s == spec && *t == set && *a == attr)
        .map(|(_, _, _, e, _)| *e)
}

/// A `Kind::Scalar(..)` / `FieldKind::Scalar(..)` expression with `Hint::None`
/// replaced by `hint`.
pub fn with_hint(kind: &str, hint: &str) -> anyhow::Result<String> {
    let plain = ", Hint::None)";
    if !kind.starts_with("Kind::Scalar(") && !kind.starts_with("FieldKind::Scalar(")
        || !kind.ends_with(plain)
    {
        anyhow::bail!("{hint} given for {kind}, which is not a plain scalar: check the override");
    }
    Ok(format!("{}, {hint})", kind.trim_end_matches(plain)))
}

/// The `Kind` expression for an attribute given by hand, if any.
pub fn attr_kind(spec: &str, set: &str, attr: &str) -> Option<&'static str> {
    ATTR_KINDS
        .iter()
        .chain(KERNEL_KINDS)
        .find(|(s, t, a, _, _)| *s == spec && *t == set && *a == attr)
        .map(|(_, _, _, e, _)| *e)
}

/// The message name prefix for a spec, if overridden.
pub fn op_prefix(spec: &str) -> Option<&'static str> {
    OP_PREFIXES
        .iter()
        .find(|(s, _)| *s == spec)
        .map(|(_, p)| *p)
}

/// The message name of one operation, if overridden.
pub fn op_name(spec: &str, op: &str) -> Option<&'static str> {
    OP_NAMES
        .iter()
        .find(|(s, o, _)| *s == spec && *o == op)
        .map(|(_, _, n)| *n)
}

/// The name of a reply-only message value, if given.
pub fn reply_name(spec: &str, value: u16) -> Option<&'static str> {
    REPLY_NAMES
        .iter()
        .find(|(s, v, _)| *s == spec && *v == value)
        .map(|(_, _, n)| *n)
}

/// The C name prefix of a set, if overridden.
pub fn set_prefix(spec: &str, set: &str) -> Option<&'static str> {
    SET_PREFIXES
        .iter()
        .find(|(s, t, _)| *s == spec && *t == set)
        .map(|(_, _, p)| *p)
}

/// The C name of one attribute, if overridden.
pub fn attr_name(spec: &str, set: &str, attr: &str) -> Option<&'static str> {
    ATTR_NAMES
        .iter()
        .find(|(s, t, a, _)| *s == spec && *t == set && *a == attr)
        .map(|(_, _, _, n)| *n)
}

/// The value of one attribute, if overridden.
pub fn attr_value(spec: &str, set: &str, attr: &str) -> Option<u16> {
    ATTR_VALUES
        .iter()
        .find(|(s, t, a, _)| *s == spec && *t == set && *a == attr)
        .map(|(_, _, _, v)| *v)
}

/// One change to a spec's struct where its layout is not the kernel's.
#[derive(Clone, Copy, Debug)]
pub enum StructFix {
    /// The member has this type: a spec scalar type (`u16`, `s16`, `s32`, `s64`), or
    /// `be16`/`be32` for a big-endian one.
    Type(&'static str),
    /// `n` bytes of padding before the member (the C compiler's alignment).
    PadBefore(usize),
    /// `n` bytes of padding after the member (a struct's tail alignment when the
    /// member is the last).
    PadAfter(usize),
    /// A member the spec leaves out, appended after the last one, of this type.
    Append(&'static str),
    /// The member is a flexible array (`keys[]`): everything after the fixed part,
    /// kept as hex; it does not count in the struct's size.
    Rest,
}

/// Struct layouts where a spec disagrees with the kernel: `(spec, struct, member,
/// change, why)`, applied in order. The authority is the kernel's BTF
/// (`/sys/kernel/btf/vmlinux`, 6.18; `tests/btf_oracle.rs` checks every struct table
/// against it) and the uapi header it comes from.
pub const STRUCT_FIXES: &[(&str, &str, &str, StructFix, &str)] = &[
    (
        "rt-link",
        "ifla-cacheinfo",
        "reachable-time",
        StructFix::Type("u32"),
        "__u32 reachable_time (if_link.h); the spec says s32",
    ),
    (
        "rt-link",
        "rtnl-link-ifmap",
        "port",
        StructFix::PadAfter(4),
        "struct rtnl_link_ifmap is 32 bytes: three __u64 make it 8-aligned, so 4 bytes \
         of tail padding follow port",
    ),
    (
        "rt-link",
        "ifla-vf-guid",
        "guid",
        StructFix::PadBefore(4),
        "__u64 guid is 8-aligned: it is at offset 8 after __u32 vf, not 4 (struct 16 bytes)",
    ),
    (
        "rt-link",
        "ifla-vf-vlan-info",
        "vlan-proto",
        StructFix::Type("be16"),
        "__be16 vlan_proto (if_link.h: ETH_P_8021Q in network order); the spec says u32",
    ),
    (
        "rt-link",
        "ifla-vf-vlan-info",
        "vlan-proto",
        StructFix::PadAfter(2),
        "struct ifla_vf_vlan_info is 16 bytes: 2 bytes of tail padding after vlan_proto",
    ),
    (
        "rt-route",
        "rta-cacheinfo",
        "rta-expires",
        StructFix::Type("s32"),
        "__s32 rta_expires (rtnetlink.h): negative once expired",
    ),
    (
        "rt-route",
        "rta-cacheinfo",
        "rta-id",
        StructFix::Append("u32"),
        "struct rta_cacheinfo has rta_id, rta_ts, rta_tsage after rta_used (32 bytes); \
         the spec stops at rta_used (20 bytes)",
    ),
    (
        "rt-route",
        "rta-cacheinfo",
        "rta-ts",
        StructFix::Append("u32"),
        "see rta-id",
    ),
    (
        "rt-route",
        "rta-cacheinfo",
        "rta-tsage",
        StructFix::Append("u32"),
        "see rta-id",
    ),
    (
        "tc",
        "tc-stats",
        "backlog",
        StructFix::PadAfter(4),
        "struct tc_stats is 40 bytes: __u64 bytes makes it 8-aligned, 4 bytes of tail \
         padding follow backlog",
    ),
    (
        "tc",
        "tc-ratespec",
        "overhead",
        StructFix::Type("u16"),
        "unsigned short overhead (pkt_sched.h); the spec says u8, which put rate at \
         offset 5 instead of 8 and made every htb/tbf/police rate garbage",
    ),
    (
        "tc",
        "tc-ratespec",
        "cell-align",
        StructFix::Type("s16"),
        "short cell_align (pkt_sched.h; iproute2 sets -1); the spec says u8",
    ),
    (
        "tc",
        "tc-ratespec",
        "mpu",
        StructFix::Type("u16"),
        "unsigned short mpu (pkt_sched.h); the spec says u8",
    ),
    (
        "tc",
        "tc-prio-qopt",
        "bands",
        StructFix::Type("s32"),
        "int bands (pkt_sched.h); the spec says u32",
    ),
    (
        "tc",
        "gnet-stats-basic",
        "packets",
        StructFix::PadAfter(4),
        "struct gnet_stats_basic is 16 bytes: __u64 bytes makes it 8-aligned",
    ),
    (
        "tc",
        "tc-u32-sel",
        "offmask",
        StructFix::PadBefore(1),
        "__be16 offmask is 2-aligned: offset 4 after three unsigned chars, not 3",
    ),
    (
        "tc",
        "tc-u32-sel",
        "keys",
        StructFix::Rest,
        "struct tc_u32_key keys[] is a flexible array of nkeys keys after the 16-byte \
         header, not one key inside it",
    ),
    (
        "ovs_flow",
        "ovs-key-arp",
        "arp-tha",
        StructFix::PadAfter(2),
        "struct ovs_key_arp is 24 bytes: __be32 arp_sip makes it 4-aligned, 2 bytes of \
         tail padding follow arp_tha (openvswitch.h; not in this kernel's BTF, which has \
         no openvswitch: the C rule and the uapi header are the authority)",
    ),
    (
        "ovs_flow",
        "ovs-key-ct-tuple-ipv4",
        "ipv4-proto",
        StructFix::PadAfter(3),
        "struct ovs_key_ct_tuple_ipv4 is 16 bytes: 3 bytes of tail padding follow \
         ipv4_proto (openvswitch.h; the C rule, as for ovs-key-arp)",
    ),
    (
        "ovs_flow",
        "ovs-action-push-mpls",
        "mpls-ethertype",
        StructFix::Type("be16"),
        "__be16 mpls_ethertype (openvswitch.h); the spec says be32, which read the \
         ethertype and the padding after it as one number",
    ),
    (
        "ovs_flow",
        "ovs-action-push-mpls",
        "mpls-ethertype",
        StructFix::PadAfter(2),
        "struct ovs_action_push_mpls is 8 bytes: 2 bytes of tail padding follow \
         mpls_ethertype",
    ),
    (
        "ovs_flow",
        "ovs-action-add-mpls",
        "mpls-ethertype",
        StructFix::Type("be16"),
        "__be16 mpls_ethertype, then __u16 tun_flags at offset 6 (openvswitch.h; \
         struct 8 bytes); the spec says be32",
    ),
    (
        "tc",
        "tc-pedit-sel",
        "flags",
        StructFix::PadAfter(2),
        "struct tc_pedit_sel is 24 bytes: keys[] starts 4-aligned after nkeys and flags \
         (tc_act/tc_pedit.h; act_pedit is not in this kernel's BTF)",
    ),
    (
        "tc",
        "tc-pedit-sel",
        "keys",
        StructFix::Rest,
        "struct tc_pedit_key keys[] is a flexible array of nkeys keys (the spec's own \
         TODO: array), not one key inside the header",
    ),
    (
        "ovs_datapath",
        "ovs-header",
        "dp-ifindex",
        StructFix::Type("s32"),
        "int dp_ifindex (openvswitch.h); the spec says u32",
    ),
    (
        "ovs_flow",
        "ovs-header",
        "dp-ifindex",
        StructFix::Type("s32"),
        "int dp_ifindex (openvswitch.h); the spec says u32",
    ),
    (
        "ovs_packet",
        "ovs-header",
        "dp-ifindex",
        StructFix::Type("s32"),
        "int dp_ifindex (openvswitch.h); the spec says u32",
    ),
    (
        "ovs_vport",
        "ovs-header",
        "dp-ifindex",
        StructFix::Type("s32"),
        "int dp_ifindex (openvswitch.h); the spec says u32",
    ),
    (
        "tc",
        "tc-etf-qopt",
        "flags",
        StructFix::Type("u32"),
        "__u32 flags (pkt_sched.h: TC_ETF_* bits); the spec says s32",
    ),
    (
        "tc",
        "tc-u32-pcnt",
        "kcnts",
        StructFix::Rest,
        "__u64 kcnts[] is a flexible array, one counter per key: struct tc_u32_pcnt \
         is 16 bytes (pkt_cls.h), not 24",
    ),
    (
        "rt-link",
        "ifla-bridge-id",
        "prio",
        StructFix::Type("be16"),
        "__u8 prio[2] holds the priority most significant byte first (the bridge's \
         struct bridge_id, set in br_stp_set_bridge_priority); the spec says host u16",
    ),
    (
        "wireguard",
        "--kernel-timespec",
        "sec",
        StructFix::Type("s64"),
        "__kernel_time64_t tv_sec is signed (long long)",
    ),
    (
        "wireguard",
        "--kernel-timespec",
        "nsec",
        StructFix::Type("s64"),
        "long long tv_nsec is signed",
    ),
];

/// Sub-message formats whose layout in the kernel differs from the spec's: `(spec,
/// sub-message, format value, attribute set to give it, its name prefix, its
/// attributes as (name, value, struct), reason)`. The format loses its fixed header
/// and gets the new attribute set.
#[allow(clippy::type_complexity)]
pub const SUB_MESSAGE_FIXES: &[(&str, &str, &str, &str, &str, &[(&str, u16, &str)], &str)] = &[(
    "tc",
    "options-msg",
    "sfb",
    "sfb-attrs",
    "tca-sfb-",
    &[("parms", 1, "tc-sfb-qopt")],
    "sch_sfb.c sfb_dump() opens TCA_OPTIONS as a nest and puts TCA_SFB_PARMS (1, \
     uapi pkt_sched.h) holding struct tc_sfb_qopt; the spec's fixed header read the \
     nlattr header as rehash_interval (65576 = len 40, type 1) in corpus/wide-k6.1.pcap, \
     where tc printed the values 4 bytes further on",
)];

/// Applies [`SUB_MESSAGE_FIXES`] to a spec.
pub fn fix_sub_messages(spec: &mut crate::codegen::spec::Spec) -> anyhow::Result<()> {
    use crate::codegen::spec::{AttrSetSpec, AttrSpec, IntOrName};
    for &(sp, sub, value, set, prefix, attrs, _) in
        SUB_MESSAGE_FIXES.iter().filter(|r| r.0 == spec.name)
    {
        let format = spec
            .sub_messages
            .iter_mut()
            .filter(|m| m.name == sub)
            .flat_map(|m| m.formats.iter_mut())
            .find(|f| matches!(&f.value, IntOrName::Name(v) if v == value))
            .ok_or_else(|| anyhow::anyhow!("SUB_MESSAGE_FIXES: {sp} has no {sub} {value}"))?;
        format.fixed_header = None;
        format.attribute_set = Some(set.to_string());
        spec.attribute_sets.push(AttrSetSpec {
            name: set.to_string(),
            doc: None,
            name_prefix: Some(prefix.to_string()),
            subset_of: None,
            attributes: attrs
                .iter()
                .map(|&(name, v, st)| AttrSpec {
                    name: name.to_string(),
                    kind: Some("binary".to_string()),
                    value: Some(v),
                    struct_name: Some(st.to_string()),
                    ..AttrSpec::default()
                })
                .collect(),
        });
    }
    Ok(())
}

/// Apply [`STRUCT_FIXES`] to a spec's definitions. Fails when a row names a struct
/// or member the spec does not have, so that a fix cannot outlive its cause
/// unnoticed.
pub fn fix_structs(spec: &mut crate::codegen::spec::Spec) -> anyhow::Result<()> {
    use crate::codegen::spec::Member;
    for &(s, st, member, fix, _) in STRUCT_FIXES.iter().filter(|r| r.0 == spec.name) {
        let def = spec
            .definitions
            .iter_mut()
            .find(|d| d.name == st && d.kind == "struct")
            .ok_or_else(|| anyhow::anyhow!("STRUCT_FIXES: {s} has no struct {st}"))?;
        let scalar = |name: &str, ty: &str| -> Member {
            let (kind, order) = match ty.strip_prefix("be") {
                Some(bits) => (format!("u{bits}"), Some("big-endian".to_string())),
                None => (ty.to_string(), None),
            };
            Member {
                name: name.to_string(),
                kind,
                len: None,
                byte_order: order,
                display_hint: None,
                enum_name: None,
                enum_as_flags: false,
                struct_name: None,
            }
        };
        let pad = |n: usize| Member {
            name: "pad".to_string(),
            kind: "pad".to_string(),
            len: Some(crate::codegen::spec::IntOrName::Int(n as u64)),
            byte_order: None,
            display_hint: None,
            enum_name: None,
            enum_as_flags: false,
            struct_name: None,
        };
        if let StructFix::Append(ty) = fix {
            if def.members.iter().any(|m| m.name == member) {
                anyhow::bail!("STRUCT_FIXES: {s} {st} already has {member}");
            }
            def.members.push(scalar(member, ty));
            continue;
        }
        let i = def
            .members
            .iter()
            .position(|m| m.name == member)
            .ok_or_else(|| anyhow::anyhow!("STRUCT_FIXES: {s} {st} has no member {member}"))?;
        let last = i + 1 == def.members.len();
        match fix {
            StructFix::PadBefore(n) => def.members.insert(i, pad(n)),
            StructFix::PadAfter(n) => def.members.insert(i + 1, pad(n)),
            StructFix::Type(ty) => {
                if let Some(old) = def.members.get_mut(i) {
                    let mut m = scalar(member, ty);
                    m.display_hint = old.display_hint.take();
                    m.enum_name = old.enum_name.take();
                    m.enum_as_flags = old.enum_as_flags;
                    *old = m;
                }
            }
            StructFix::Rest => {
                if !last {
                    anyhow::bail!("STRUCT_FIXES: {s} {st}: {member} is not the last member");
                }
                if let Some(m) = def.members.get_mut(i) {
                    m.kind = "rest".to_string();
                    m.struct_name = None;
                }
            }
            StructFix::Append(_) => {}
        }
    }
    Ok(())
}
