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
        "tc",
        "tca-stats-attrs",
        "app",
        "Kind::Binary(Hint::None)",
        "a sub-message whose selector (kind) lives in the parent nest; the tables \
         express only sibling selectors",
    ),
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

/// Spec files in the package that are not upstream kernel specs.
pub const SKIP_SPECS: &[&str] = &["builtin"];

/// The `Kind` expression for an attribute given by hand, if any.
pub fn attr_kind(spec: &str, set: &str, attr: &str) -> Option<&'static str> {
    ATTR_KINDS
        .iter()
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
