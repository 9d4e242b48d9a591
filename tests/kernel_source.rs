//! Oracle 2 (`ORACLES.md` §2): every attribute's width and byte order against the
//! kernel's own source.
//!
//! For each attribute constant of every table (generated and hand-written), the
//! kernel's uses are found in the source of the kernel the corpus VM runs (Debian's
//! `linux-source-6.1`, unpacked by `cargo xtask kernel-src` under
//! `target/kernel-src/`, or the tree named by `$NLSCOPE_KERNEL_SRC`): the calls that
//! write it (`nla_put_u32`, `nla_put_be32`, `nla_put(skb, X, sizeof(…))`,
//! `nla_put_u32(skb, X, htonl(…))`, `nla_nest_start`, …), the calls that read it
//! (`nla_get_be16(tb[X])`, and `case X: … nla_get_u8(attr)`) and its policy
//! (`[X] = { .type = NLA_U32 }`, `NLA_POLICY_MAX(NLA_BE32, …)`,
//! `NLA_POLICY_EXACT_LEN(…)`). Each use gives a wire form; the table's row must agree
//! with every form in width and byte order, or be listed in [`EXPLAINED`] with the
//! reason. The kernel source is read here at test time and never committed.
//!
//! Without the unpacked source the test prints why and returns.

// Test code: a failed lookup is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use nlscope::families::hand;
use nlscope::families::schema::gen::{ALL_ATTR_SETS, GENL_FAMILIES, RAW_SPECS};
use nlscope::families::schema::{AttrDef, AttrSet, ByteOrder, Hint, Kind, MsgDef, Scalar};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The source directories the scan reads (netlink code lives in these).
const DIRS: &[&str] = &["net", "drivers/net", "include", "kernel", "lib"];

/// Attributes whose table row departs from a kernel use on purpose, or that the
/// kernel uses with several layouts the tables cannot choose between:
/// `(attribute set, C name, why)`. The test fails on a disagreement not listed here,
/// and on an entry here that no longer disagrees.
const EXPLAINED: &[(&str, &str, &str)] = &[
    // A kernel bug, the table follows the writer.
    (
        "devlink",
        "DEVLINK_ATTR_PORT_CONTROLLER_NUMBER",
        "devlink_nl_cmd_port_new_doit reads it with nla_get_u16, but the policy is NLA_U32 \
         and devlink_nl_port_function_attrs_put writes nla_put_u32: u32 (on a little-endian \
         host the u16 read sees the low half of the u32 user space sends)",
    ),
    // One constant, several spaces or messages: each layout belongs to a context that
    // the table's set does not share.
    (
        "wiphy-bands",
        "NL80211_BAND_2GHZ",
        "enum nl80211_band values are attribute types in several nests: a nest of band \
         attributes in NL80211_ATTR_WIPHY_BANDS (this set), an s32 RSSI in \
         nl80211_match_band_rssi_policy (NL80211_SCHED_SCAN_MATCH_PER_BAND_RSSI)",
    ),
    (
        "wiphy-bands",
        "NL80211_BAND_5GHZ",
        "as NL80211_BAND_2GHZ: s32 only in the per-band RSSI nest",
    ),
    (
        "wiphy-bands",
        "NL80211_BAND_60GHZ",
        "as NL80211_BAND_2GHZ: s32 only in the per-band RSSI nest",
    ),
    (
        "wiphy-bands",
        "NL80211_BAND_6GHZ",
        "as NL80211_BAND_2GHZ: s32 only in the per-band RSSI nest",
    ),
    (
        "wiphy-bands",
        "NL80211_BAND_LC",
        "as NL80211_BAND_2GHZ: s32 only in the per-band RSSI nest",
    ),
    (
        "nl80211-attrs",
        "NL80211_ATTR_CONTROL_PORT_ETHERTYPE",
        "by command: a flag in wiphy dumps (nl80211_send_wiphy: nla_put_flag), a u16 \
         ethertype in requests (nla_get_u16) and in NL80211_CMD_CONTROL_PORT_FRAME \
         (__nl80211_rx_control_port: nla_put_u16); one set serves all commands, so the \
         table cannot choose by command (not expressible; the u16 shows as invalid)",
    ),
    (
        "nl80211-attrs",
        "NL80211_ATTR_COLOR_CHANGE_COUNT",
        "by command: u8 in requests (policy NLA_U8, nla_get_u8), u32 in \
         NL80211_CMD_COLOR_CHANGE_STARTED (cfg80211_bss_color_notify: nla_put_u32); not \
         expressible per command (the u32 shows as invalid, never as a wrong number)",
    ),
    (
        "wowlan-triggers-attrs",
        "NL80211_WOWLAN_TRIG_NET_DETECT",
        "u32 in the supported triggers (nl80211_send_wowlan), the only use of this set; a \
         nest in the configured triggers (nl80211_send_wowlan_nd), which the spec keeps \
         binary",
    ),
    (
        "vxlan-ext-attrs",
        "OVS_VXLAN_EXT_GBP",
        "u32 in a flow key's tunnel options (this set; vxlan_opt_to_nlattr: nla_put_u32), a \
         flag in a vport's OVS_TUNNEL_ATTR_EXTENSION (vxlan_get_options: nla_put_flag), \
         which the table keeps binary",
    ),
    (
        "linkinfo-iptun-attrs",
        "IFLA_IPTUN_FLAGS",
        "by link kind: be16 for ipip and sit (ip_tunnel_netlink_parms: nla_get_be16; \
         ipip6_fill_info: nla_put_be16), this set; u32 for ip6tnl (ip6_tnl_fill_info), \
         linkinfo-ip6tnl-attrs",
    ),
    (
        "linkinfo-ip6tnl-attrs",
        "IFLA_IPTUN_FLAGS",
        "by link kind: u32 for ip6tnl (ip6_tnl_fill_info: nla_put_u32), this set; be16 for \
         ipip and sit, linkinfo-iptun-attrs",
    ),
    (
        "stats-attrs",
        "IFLA_STATS_LINK_OFFLOAD_XSTATS",
        "a nest in RTM_NEWSTATS (rtnl_offload_xstats_fill: nla_nest_start_noflag); a u32 \
         mask only inside a request's IFLA_STATS_GET_FILTERS (rtnl_stats_get_policy_filters)",
    ),
    (
        "route-attrs",
        "RTA_EXPIRES",
        "by rtm_family: u32 for IPv6 routes (rt6_fill_node: nla_put_u32 of clock_t), u64 for \
         multicast routes of RTNL_FAMILY_IPMR/IP6MR (mr_fill_mroute: nla_put_u64_64bit); one \
         set for all families, not expressible (the u64 shows as invalid)",
    ),
    (
        "mpls-route-attrs",
        "RTA_EXPIRES",
        "rt-route's row copied for AF_MPLS routes: as route-attrs (by rtm_family; mpls \
         routes do not carry it)",
    ),
    (
        "mpls-route-attrs",
        "RTA_DST",
        "by rtm_family: for AF_MPLS a stack of be32 struct mpls_label (af_mpls.c: \
         nla_put_labels / nla_get_labels, policy NLA_U32 for one label), this set; an IP \
         address for the other families, route-attrs (the scan merges the families' uses)",
    ),
    // dcbnl answers a SET command with a u8 status under the attribute type that a GET
    // reply uses for a nest: one set for both, not expressible per command.
    (
        "dcb-attrs",
        "DCB_ATTR_PFC_CFG",
        "nest in GET replies; u8 status in SET replies (dcbnl_setpfccfg: nla_put_u8)",
    ),
    (
        "dcb-attrs",
        "DCB_ATTR_PG_CFG",
        "nest in GET replies; u8 status in SET replies (__dcbnl_pg_setcfg: nla_put_u8)",
    ),
    (
        "dcb-attrs",
        "DCB_ATTR_NUMTCS",
        "nest in GET replies; u8 status in SET replies (dcbnl_setnumtcs: nla_put_u8)",
    ),
    (
        "dcb-attrs",
        "DCB_ATTR_BCN",
        "nest in GET replies; u8 status in SET replies (dcbnl_bcn_setcfg: nla_put_u8)",
    ),
    (
        "dcb-attrs",
        "DCB_ATTR_APP",
        "nest in GET replies; u8 status in SET replies (dcbnl_setapp: nla_put_u8)",
    ),
    (
        "dcb-attrs",
        "DCB_ATTR_IEEE",
        "nest in GET replies; u8 status in SET/DEL replies (dcbnl_ieee_set: nla_put_u8)",
    ),
    (
        "dcb-attrs",
        "DCB_ATTR_FEATCFG",
        "nest in GET replies; u8 status in SET replies (dcbnl_setfeatcfg: nla_put_u8)",
    ),
    // The kernel writes one form and validates another.
    (
        "linkinfo-vxlan-attrs",
        "IFLA_VXLAN_TTL_INHERIT",
        "vxlan_fill_info writes nla_put_u8 (0 or 1) but vxlan_policy says NLA_FLAG, so \
         requests carry a flag: the table follows the dumps",
    ),
    (
        "linkinfo-bareudp-attrs",
        "IFLA_BAREUDP_PORT",
        "bareudp2info stores nla_get_u16 into a __be16 without swapping, and \
         bareudp_fill_info writes nla_put_be16: network order both ways",
    ),
    (
        "linkinfo-bareudp-attrs",
        "IFLA_BAREUDP_ETHERTYPE",
        "bareudp2info stores nla_get_u16 into a __be16 without swapping, and \
         bareudp_fill_info writes nla_put_be16: network order both ways",
    ),
    (
        "l2tp-attrs",
        "L2TP_ATTR_DATA_SEQ",
        "unused: l2tp_nl_policy says NLA_U8, the uapi header says u16, and the kernel \
         neither reads nor writes it; nothing proves a width, the table keeps the header's",
    ),
];

/// A wire form a kernel use implies.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Form {
    /// An integer: width in bytes, signed, big-endian.
    Int(u8, bool, bool),
    /// A width only (`NLA_POLICY_EXACT_LEN(4)`, `sizeof(u32)`).
    Len(u8),
    /// `struct in_addr` / `__be32` address (`nla_put_in_addr`).
    InAddr,
    /// `struct in6_addr` (`nla_put_in6_addr`).
    In6Addr,
    /// A string.
    Str,
    /// A flag.
    Flag,
    /// Nested attributes.
    Nest,
    /// `struct nla_bitfield32`.
    Bitfield32,
    /// A struct by name (`sizeof(struct x)`).
    Struct(String),
    /// Bytes of a length the scan cannot evaluate.
    Bin,
}

impl std::fmt::Display for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Form::Int(n, s, be) => write!(
                f,
                "{}{}",
                if *be {
                    "be"
                } else if *s {
                    "s"
                } else {
                    "u"
                },
                u32::from(*n) * 8
            ),
            Form::Len(n) => write!(f, "{n} bytes"),
            Form::InAddr => f.write_str("in_addr"),
            Form::In6Addr => f.write_str("in6_addr"),
            Form::Str => f.write_str("string"),
            Form::Flag => f.write_str("flag"),
            Form::Nest => f.write_str("nest"),
            Form::Bitfield32 => f.write_str("bitfield32"),
            Form::Struct(s) => write!(f, "struct {s}"),
            Form::Bin => f.write_str("binary"),
        }
    }
}

/// One kernel use of an attribute constant.
#[derive(Clone, Debug)]
struct Use {
    file: String,
    line: usize,
    call: String,
    form: Form,
}

// ---------------------------------------------------------------------------
// The scan.

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A C constant name as the tables carry them: upper case, digits and `_`.
fn is_const(s: &str) -> bool {
    s.len() > 2
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// The arguments of the call whose `(` is at `open`, split at top-level commas,
/// whitespace collapsed; and the index after the `)`.
fn call_args(text: &[u8], open: usize) -> Option<(Vec<String>, usize)> {
    let mut depth = 0usize;
    let mut args = Vec::new();
    let mut cur = String::new();
    let mut i = open;
    while i < text.len() && i < open + 2000 {
        let b = text[i];
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > 1 {
                    cur.push(b as char);
                }
            }
            b')' | b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    args.push(squash(&cur));
                    return Some((args, i + 1));
                }
                cur.push(b as char);
            }
            b',' if depth == 1 => args.push(squash(&std::mem::take(&mut cur))),
            _ => cur.push(b as char),
        }
        i += 1;
    }
    None
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The identifier that ends just before `end` (skipping spaces), if any.
fn ident_at(text: &[u8], start: usize) -> &str {
    let mut e = start;
    while e < text.len() && is_ident_byte(text[e]) {
        e += 1;
    }
    std::str::from_utf8(&text[start..e]).unwrap_or("")
}

/// The form of a C scalar type name (`u32`, `__be16`, `int`, …).
fn type_form(t: &str) -> Option<Form> {
    let t = t.trim().trim_start_matches("const ").trim();
    Some(match t {
        "u8" | "__u8" | "uint8_t" | "unsigned char" => Form::Int(1, false, false),
        "s8" | "__s8" | "char" => Form::Int(1, true, false),
        "u16" | "__u16" | "uint16_t" => Form::Int(2, false, false),
        "s16" | "__s16" => Form::Int(2, true, false),
        "u32" | "__u32" | "uint32_t" | "unsigned int" | "unsigned" => Form::Int(4, false, false),
        "s32" | "__s32" | "int" | "int32_t" => Form::Int(4, true, false),
        "u64" | "__u64" | "uint64_t" => Form::Int(8, false, false),
        "s64" | "__s64" => Form::Int(8, true, false),
        "__be16" => Form::Int(2, false, true),
        "__be32" => Form::Int(4, false, true),
        "__be64" => Form::Int(8, false, true),
        "struct in_addr" => Form::InAddr,
        "struct in6_addr" => Form::In6Addr,
        _ => {
            let s = t.strip_prefix("struct ")?;
            if s.bytes().all(is_ident_byte) {
                Form::Struct(s.to_owned())
            } else {
                return None;
            }
        }
    })
}

/// The form of a length expression: `sizeof(T)` for a known type, or a number.
fn len_form(e: &str) -> Form {
    let e = e.trim();
    if let Some(inner) = e
        .strip_prefix("sizeof(")
        .or_else(|| e.strip_prefix("sizeof ("))
        .and_then(|r| r.strip_suffix(')'))
    {
        if let Some(f) = type_form(inner) {
            return f;
        }
    }
    match e.parse::<u8>() {
        Ok(n @ (1 | 2 | 4 | 8)) => Form::Len(n),
        _ => Form::Bin,
    }
}

/// The form of an `NLA_*` policy type.
///
/// `NLA_U16`/`NLA_U32` say only the width: the kernel's policies give them to
/// attributes it reads with `nla_get_be16`/`nla_get_be32` too (a policy checks the
/// length, and the range only with `NLA_POLICY_MAX` and the like); `NLA_BE16` and
/// `NLA_BE32` say the order as well.
fn policy_type(t: &str) -> Option<Form> {
    Some(match t.trim() {
        "NLA_U8" | "NLA_S8" => Form::Len(1),
        "NLA_U16" | "NLA_S16" => Form::Len(2),
        "NLA_U32" | "NLA_S32" => Form::Len(4),
        "NLA_U64" | "NLA_S64" | "NLA_MSECS" => Form::Len(8),
        "NLA_BE16" => Form::Int(2, false, true),
        "NLA_BE32" => Form::Int(4, false, true),
        "NLA_STRING" | "NLA_NUL_STRING" => Form::Str,
        "NLA_FLAG" => Form::Flag,
        "NLA_NESTED" | "NLA_NESTED_ARRAY" => Form::Nest,
        "NLA_BITFIELD32" => Form::Bitfield32,
        "NLA_BINARY" => Form::Bin,
        _ => return None,
    })
}

/// The form of a policy entry's right-hand side, if it says one.
fn policy_form(rhs: &str) -> Option<Form> {
    let rhs = rhs.trim();
    if let Some(rest) = rhs.strip_prefix("NLA_POLICY_") {
        let (name, args) = rest.split_once('(').unwrap_or((rest, ""));
        let first = args.split(',').next().unwrap_or("").trim_end_matches(')');
        return match name.trim() {
            "NESTED" | "NESTED_ARRAY" => Some(Form::Nest),
            "ETH_ADDR" | "ETH_ADDR_COMPAT" => Some(Form::Bin),
            "BITFIELD32" => Some(Form::Bitfield32),
            "EXACT_LEN" | "EXACT_LEN_WARN" => {
                let e = args.strip_suffix(')').unwrap_or(args);
                Some(len_form(e))
            }
            "MIN_LEN" => None,
            _ => policy_type(first),
        };
    }
    let body = rhs.strip_prefix('{')?.strip_suffix('}')?;
    let mut ty = None;
    for part in body.split(',') {
        if let Some((k, v)) = part.split_once('=') {
            if k.trim() == ".type" {
                ty = policy_type(v);
                if ty.is_none() && v.contains("NLA_POLICY_") {
                    ty = policy_form(v);
                }
            }
        }
    }
    ty
}

/// The form a `nla_put_*` / `nla_get_*` suffix says.
fn call_form(suffix: &str) -> Option<Form> {
    Some(match suffix {
        "u8" => Form::Int(1, false, false),
        "u16" => Form::Int(2, false, false),
        "u32" => Form::Int(4, false, false),
        "u64" | "u64_64bit" | "msecs" => Form::Int(8, false, false),
        "s8" => Form::Int(1, true, false),
        "s16" => Form::Int(2, true, false),
        "s32" => Form::Int(4, true, false),
        "s64" => Form::Int(8, true, false),
        "be16" | "net16" => Form::Int(2, false, true),
        "be32" | "net32" => Form::Int(4, false, true),
        "be64" | "net64" => Form::Int(8, false, true),
        "in_addr" => Form::InAddr,
        "in6_addr" => Form::In6Addr,
        "string" => Form::Str,
        "flag" => Form::Flag,
        "bitfield32" => Form::Bitfield32,
        _ => return None,
    })
}

/// The form a `nla_get_*` suffix says: as [`call_form`], but `nla_get_flag` only
/// tests presence, whatever the payload.
fn get_form(suffix: &str) -> Option<Form> {
    match suffix {
        "flag" => None,
        s => call_form(s),
    }
}

/// Kernel helpers that read or write one attribute in a fixed form: `(function, index
/// of the attribute argument, form)`; the argument is the constant (writers) or
/// `tb[X]` (readers). Each body was read in net/netfilter/nf_tables_api.c (6.1):
/// `nft_dump_register` is `nla_put_be32(skb, attr, htonl(reg))`,
/// `nft_parse_register` (behind `_load`/`_store`) and `nft_parse_u32_check` are
/// `ntohl(nla_get_be32(attr))`, `nf_msecs_to_jiffies64` is
/// `be64_to_cpu(nla_get_be64(nla))`.
const HELPERS: &[(&str, usize, Form)] = &[
    ("nft_dump_register", 1, Form::Int(4, false, true)),
    ("nft_parse_register_load", 1, Form::Int(4, false, true)),
    ("nft_parse_register_store", 1, Form::Int(4, false, true)),
    ("nft_parse_u32_check", 0, Form::Int(4, false, true)),
    ("nf_msecs_to_jiffies64", 0, Form::Int(8, false, true)),
];

/// A value written big-endian by a host-order call: `nla_put_u32(skb, X, htonl(v))`.
fn swapped(value: &str) -> bool {
    [
        "htonl(",
        "htons(",
        "cpu_to_be16(",
        "cpu_to_be32(",
        "cpu_to_be64(",
    ]
    .iter()
    .any(|p| value.starts_with(p))
}

/// The constant in `tb[X]`, `info->attrs[X]`, `nla[X]`.
fn index_const(arg: &str) -> Option<&str> {
    let inner = arg.strip_suffix(']')?;
    let (_, c) = inner.rsplit_once('[')?;
    let c = c.trim();
    is_const(c).then_some(c)
}

/// The `case X:` labels of the statement that contains `at` (text since the last
/// `;`, `{` or `}`).
fn case_labels(text: &[u8], at: usize) -> Vec<String> {
    let mut s = at;
    while s > 0 && !matches!(text[s - 1], b';' | b'{' | b'}') && at - s < 400 {
        s -= 1;
    }
    let stmt = String::from_utf8_lossy(&text[s..at]);
    let mut out = Vec::new();
    let mut rest: &str = &stmt;
    while let Some(i) = rest.find("case ") {
        rest = &rest[i + 5..];
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if is_const(&name) {
            out.push(name);
        }
    }
    out
}

/// The 1-based line of byte `at`, given the offsets of every `\n`.
fn line_of(newlines: &[usize], at: usize) -> usize {
    newlines.partition_point(|&n| n < at) + 1
}

/// Every use in one file: `(constant, use)`.
fn scan_file(rel: &str, text: &[u8], wanted: &HashSet<&str>, out: &mut Vec<(String, Use)>) {
    let newlines: Vec<usize> = text
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let mut push = |name: &str, at: usize, call: String, form: Form| {
        if wanted.contains(name) {
            let mut call = call;
            if call.len() > 160 {
                let mut cut = 157;
                while !call.is_char_boundary(cut) {
                    cut -= 1;
                }
                call.truncate(cut);
                call.push_str("...");
            }
            out.push((
                name.to_owned(),
                Use {
                    file: rel.to_owned(),
                    line: line_of(&newlines, at),
                    call,
                    form,
                },
            ));
        }
    };
    let mut i = 0;
    while i + 4 < text.len() {
        let b = text[i];
        // Calls: nla_put*, nla_get_*, nla_nest_start*.
        if b == b'n' && (i == 0 || !is_ident_byte(text[i - 1])) && text[i..].starts_with(b"nf") {
            let name = ident_at(text, i);
            if let Some((_, at, form)) = HELPERS.iter().find(|(h, _, _)| *h == name) {
                let mut j = i + name.len();
                while j < text.len() && text[j].is_ascii_whitespace() {
                    j += 1;
                }
                if let Some((args, _)) = call_args(text, j).filter(|_| text.get(j) == Some(&b'(')) {
                    let arg = args.get(*at).map(String::as_str).unwrap_or("");
                    let c = if is_const(arg) {
                        Some(arg)
                    } else {
                        index_const(arg)
                    };
                    if let Some(c) = c {
                        push(c, i, format!("{name}({})", args.join(", ")), form.clone());
                    }
                }
                i += name.len();
                continue;
            }
        }
        if b == b'n' && (i == 0 || !is_ident_byte(text[i - 1])) && text[i..].starts_with(b"nla_") {
            let name = ident_at(text, i);
            let mut j = i + name.len();
            while j < text.len() && text[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < text.len() && text[j] == b'(' {
                if let Some((args, end)) = call_args(text, j) {
                    let call = format!("{name}({})", args.join(", "));
                    let attr = args.get(1).map(String::as_str).unwrap_or("");
                    if let Some(sfx) = name.strip_prefix("nla_put_") {
                        if is_const(attr) {
                            let value = args.get(2).map(String::as_str).unwrap_or("");
                            let form = match (sfx, call_form(sfx)) {
                                (_, Some(Form::Int(n, _, false))) if swapped(value) => {
                                    Some(Form::Int(n, false, true))
                                }
                                (_, Some(f)) => Some(f),
                                ("64bit", None) => args.get(2).map(|l| len_form(l)),
                                _ => None,
                            };
                            if let Some(f) = form {
                                push(attr, i, call.clone(), f);
                            }
                        }
                    } else if name == "nla_put" || name == "nla_put_64bit" {
                        if is_const(attr) {
                            let f = args.get(2).map_or(Form::Bin, |l| len_form(l));
                            push(attr, i, call.clone(), f);
                        }
                    } else if name == "nla_nest_start" || name == "nla_nest_start_noflag" {
                        if is_const(attr) {
                            push(attr, i, call.clone(), Form::Nest);
                        }
                    } else if let Some(sfx) = name.strip_prefix("nla_get_") {
                        if let Some(f) = get_form(sfx) {
                            let arg = args.first().map(String::as_str).unwrap_or("");
                            if let Some(c) = index_const(arg) {
                                push(c, i, call.clone(), f);
                            } else if arg
                                .bytes()
                                .all(|b| is_ident_byte(b) || b == b'-' || b == b'>')
                            {
                                for c in case_labels(text, i) {
                                    push(&c, i, format!("case {c}: … {call}"), f.clone());
                                }
                            }
                        }
                    }
                    i = end.min(text.len());
                    continue;
                }
            }
            i += name.len().max(1);
            continue;
        }
        // Policy rows: `[X] = …` whose value names an NLA_ type.
        if b == b'[' {
            let name = ident_at(text, i + 1);
            let mut j = i + 1 + name.len();
            if is_const(name) && j < text.len() && text[j] == b']' {
                j += 1;
                while j < text.len() && text[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < text.len() && text[j] == b'=' && text.get(j + 1) != Some(&b'=') {
                    j += 1;
                    while j < text.len() && text[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    let rhs = if text.get(j) == Some(&b'{') {
                        call_args(text, j).map(|(a, _)| format!("{{ {} }}", a.join(", ")))
                    } else {
                        let mut k = j;
                        let mut depth = 0usize;
                        while k < text.len() && k < j + 400 {
                            match text[k] {
                                b'(' => depth += 1,
                                b')' => depth = depth.saturating_sub(1),
                                b',' | b'}' | b';' if depth == 0 => break,
                                _ => {}
                            }
                            k += 1;
                        }
                        Some(squash(&String::from_utf8_lossy(&text[j..k])))
                    };
                    if let Some(rhs) = rhs {
                        if let Some(f) = policy_form(&rhs) {
                            push(name, i, format!("[{name}] = {rhs}"), f);
                        }
                    }
                }
            }
        }
        i += 1;
    }
}

fn walk(dir: &Path, root: &Path, files: &mut Vec<(String, PathBuf)>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            walk(&p, root, files);
        } else if p.extension().is_some_and(|x| x == "c" || x == "h") {
            let rel = p
                .strip_prefix(root)
                .unwrap_or(&p)
                .to_string_lossy()
                .into_owned();
            files.push((rel, p));
        }
    }
}

/// Every use of every wanted constant in the source tree at `src`.
fn scan(src: &Path, wanted: &HashSet<&str>) -> BTreeMap<String, Vec<Use>> {
    let mut files = Vec::new();
    for d in DIRS {
        walk(&src.join(d), src, &mut files);
    }
    files.sort();
    let mut found = Vec::new();
    for (rel, p) in &files {
        let Ok(text) = std::fs::read(p) else { continue };
        let lossy = String::from_utf8_lossy(&text);
        if !lossy.contains("nla_") && !lossy.contains("NLA_") {
            continue;
        }
        scan_file(rel, &text, wanted, &mut found);
    }
    let mut by: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    for (n, u) in found {
        by.entry(n).or_default().push(u);
    }
    by
}

// ---------------------------------------------------------------------------
// The tables.

/// One table row and where it was reached from.
struct Row {
    family: String,
    set: &'static str,
    def: &'static AttrDef,
}

#[derive(Default)]
struct Rows {
    seen: HashSet<usize>,
    rows: Vec<Row>,
}

impl Rows {
    fn set(&mut self, family: &str, s: &'static AttrSet) {
        if !self.seen.insert(s as *const AttrSet as usize) {
            return;
        }
        for a in s.attrs {
            self.rows.push(Row {
                family: family.to_owned(),
                set: s.name,
                def: a,
            });
            self.kind(family, &a.kind);
        }
    }

    fn kind(&mut self, family: &str, k: &'static Kind) {
        match k {
            Kind::Nest(s) => self.set(family, s),
            Kind::Array(e) => self.kind(family, e),
            Kind::Headed(f) => {
                if let Some(a) = f.attrs {
                    self.set(family, a);
                }
            }
            Kind::SubMessage { table, .. } => {
                for f in table.formats {
                    if let Some(a) = f.attrs {
                        self.set(family, a);
                    }
                }
            }
            _ => {}
        }
    }

    fn msgs<'a>(&mut self, family: &str, msgs: impl IntoIterator<Item = &'a MsgDef>)
    where
        'a: 'static,
    {
        for m in msgs {
            if let Some(a) = m.attrs {
                self.set(family, a);
            }
        }
    }
}

/// Every row of every table, generated first (labelled by spec), then hand-written
/// (labelled `hand:<module>`).
fn rows() -> Vec<Row> {
    let mut r = Rows::default();
    for (spec, sets) in ALL_ATTR_SETS {
        for s in *sets {
            r.set(spec, s);
        }
    }
    for spec in RAW_SPECS {
        r.msgs(spec.name, spec.msgs);
    }
    for f in GENL_FAMILIES {
        r.msgs(f.name, f.cmds);
    }
    r.set(
        "hand:route",
        &nlscope::families::route::bridge::IFLA_BRIDGE_ATTRS,
    );
    r.set(
        "hand:route",
        &nlscope::families::route::bridge::BRIDGE_LINK_ATTRS,
    );
    r.set(
        "hand:route",
        &nlscope::families::route::inet6::INET6_LINK_ATTRS,
    );
    for (proto, table) in hand::message_tables() {
        let label = match proto {
            0 => "hand:route",
            4 => "hand:sock_diag",
            6 => "hand:xfrm",
            9 => "hand:audit",
            12 => "hand:netfilter",
            _ => "hand:other",
        };
        r.msgs(label, table);
    }
    for f in hand::genl_families() {
        let label = format!("hand:genl:{}", f.name);
        r.msgs(&label, f.cmds);
        if let Some(a) = f.default_attrs {
            r.set(&label, a);
        }
    }
    for (name, t) in hand::extra_genl_cmds() {
        r.msgs(&format!("hand:genl:{name}"), *t);
    }
    for f in hand::sub_formats() {
        if let Some(a) = f.attrs {
            r.set("hand:link_kinds", a);
        }
    }
    r.rows
}

// ---------------------------------------------------------------------------
// The comparison.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    /// Width and order agree.
    Agree,
    /// The table keeps the bytes (hex) where the kernel has a type: not a wrong number.
    Untyped,
    /// Signedness only.
    Sign,
    /// Width or byte order or kind differ.
    Disagree,
    /// Nothing to compare (an unevaluated length, an unspecified policy).
    Unknown,
}

fn scalar_width(s: Scalar) -> Option<u8> {
    s.size().and_then(|n| u8::try_from(n).ok())
}

fn verdict(kind: &Kind, form: &Form) -> Verdict {
    use Verdict::*;
    match kind {
        Kind::Scalar(s, o, h) => {
            let big = *o == ByteOrder::Big;
            let width_ok = |n: u8| match scalar_width(*s) {
                Some(w) => w == n,
                None => n == 4 || n == 8,
            };
            match form {
                Form::Int(n, signed, be) => {
                    if !width_ok(*n) || *be != big {
                        Disagree
                    } else if *signed != s.signed() && *n > 1 {
                        Sign
                    } else {
                        Agree
                    }
                }
                Form::Len(n) => {
                    if width_ok(*n) {
                        Agree
                    } else {
                        Disagree
                    }
                }
                Form::InAddr => {
                    if width_ok(4) && big && matches!(h, Hint::Ipv4 | Hint::Ip | Hint::None) {
                        Agree
                    } else {
                        Disagree
                    }
                }
                Form::Bin => Unknown,
                _ => Disagree,
            }
        }
        Kind::Binary(h) => match form {
            Form::InAddr if matches!(h, Hint::Ipv4 | Hint::Ip) => Agree,
            Form::In6Addr if matches!(h, Hint::Ipv6 | Hint::Ip) => Agree,
            Form::Bin | Form::Struct(_) => Agree,
            Form::Len(_) => Unknown,
            _ => Untyped,
        },
        Kind::String => match form {
            Form::Str => Agree,
            Form::Bin => Unknown,
            _ => Disagree,
        },
        Kind::Flag => match form {
            Form::Flag => Agree,
            _ => Disagree,
        },
        Kind::Bitfield32(_) => match form {
            Form::Bitfield32 => Agree,
            Form::Bin => Unknown,
            _ => Disagree,
        },
        // `nla_nest_start_noflag` + `nla_put_nohdr` is how the kernel writes a struct
        // followed by attributes (`MDBA_MDB_ENTRY_INFO`) or a packed array of structs
        // (`PACKET_DIAG_MCLIST`).
        Kind::StructArray(_) | Kind::Headed(_) if *form == Form::Nest => Agree,
        Kind::Struct(_) | Kind::StructArray(_) | Kind::Headed(_) => match form {
            Form::Struct(_) | Form::Bin => Agree,
            Form::Len(_) => Unknown,
            _ => Disagree,
        },
        // A packed array of one element is one scalar (`OVS_VPORT_ATTR_UPCALL_PID`).
        Kind::Packed(s, o, _) => match form {
            Form::Bin | Form::Nest => Agree,
            Form::Int(n, _, be)
                if scalar_width(*s) == Some(*n) && *be == (*o == ByteOrder::Big) =>
            {
                Agree
            }
            Form::Len(n) if scalar_width(*s) == Some(*n) => Agree,
            _ => Disagree,
        },
        Kind::Nest(_) | Kind::Array(_) | Kind::SubMessage { .. } => match form {
            Form::Nest => Agree,
            Form::Bin => Unknown,
            _ => Disagree,
        },
        Kind::Special(_) => Unknown,
    }
}

fn kind_text(k: &Kind) -> String {
    match k {
        Kind::Scalar(s, o, _) => {
            format!("{}{:?}", if *o == ByteOrder::Big { "be " } else { "" }, s).to_lowercase()
        }
        Kind::Binary(h) => format!("binary({h:?})"),
        Kind::String => "string".into(),
        Kind::Flag => "flag".into(),
        Kind::Bitfield32(_) => "bitfield32".into(),
        Kind::Struct(d) => format!("struct {}", d.name),
        Kind::StructArray(d) => format!("struct {} []", d.name),
        Kind::Packed(s, o, _) => format!("{:?} {:?} []", o, s).to_lowercase(),
        Kind::Nest(s) => format!("nest {}", s.name),
        Kind::Headed(_) => "headed".into(),
        Kind::Array(_) => "indexed array".into(),
        Kind::SubMessage { .. } => "sub-message".into(),
        Kind::Special(s) => format!("{s:?}"),
    }
}

/// The source tree, or why there is none.
fn source() -> Result<PathBuf, String> {
    let dir = match std::env::var_os("NLSCOPE_KERNEL_SRC") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target")
            .join("kernel-src")
            .join("linux-source-6.1"),
    };
    if dir.join("net").join("core").join("rtnetlink.c").is_file() {
        Ok(dir)
    } else {
        Err(format!(
            "no kernel source at {} (run `cargo xtask kernel-src`, or set NLSCOPE_KERNEL_SRC)",
            dir.display()
        ))
    }
}

/// Write past the test harness's capture, so the figures show in `cargo test`.
fn say(s: &str) {
    let _ = std::io::stderr().write_all(s.as_bytes());
}

#[test]
fn attribute_widths_and_byte_orders_match_the_kernel_source() {
    let src = match source() {
        Ok(s) => s,
        Err(why) => {
            // CI (.ci/run) unpacks the source first and sets this, so that a failed
            // download fails the run instead of skipping the oracle.
            if std::env::var_os("NLSCOPE_REQUIRE_KERNEL_SRC").is_some() {
                panic!("NLSCOPE_REQUIRE_KERNEL_SRC is set but {why}");
            }
            say(&format!("kernel_source: skipped: {why}\n"));
            return;
        }
    };
    let rows = rows();
    assert!(rows.len() > 3000, "only {} rows reached", rows.len());
    let wanted: HashSet<&str> = rows.iter().map(|r| r.def.name).collect();
    let uses = scan(&src, &wanted);

    // Per family: distinct constants in tables, with a use, agreeing, disagreeing.
    #[derive(Default)]
    struct Fig {
        names: BTreeSet<&'static str>,
        found: BTreeSet<&'static str>,
        agree: BTreeSet<&'static str>,
        unknown: BTreeSet<&'static str>,
        untyped: BTreeSet<&'static str>,
        sign: BTreeSet<&'static str>,
        disagree: BTreeSet<&'static str>,
        explained: BTreeSet<&'static str>,
    }
    let mut figs: BTreeMap<String, Fig> = BTreeMap::new();
    let mut report = String::new();
    let mut unexplained = Vec::new();
    let mut still: BTreeSet<(&str, &str)> = BTreeSet::new();
    for row in &rows {
        let fig = figs.entry(row.family.clone()).or_default();
        let name = row.def.name;
        fig.names.insert(name);
        let Some(us) = uses.get(name) else { continue };
        fig.found.insert(name);
        let verdicts: Vec<(Verdict, &Use)> = us
            .iter()
            .map(|u| (verdict(&row.def.kind, &u.form), u))
            .collect();
        let worst = if verdicts.iter().any(|(v, _)| *v == Verdict::Disagree) {
            Verdict::Disagree
        } else if verdicts.iter().any(|(v, _)| *v == Verdict::Sign) {
            Verdict::Sign
        } else if verdicts.iter().any(|(v, _)| *v == Verdict::Untyped) {
            Verdict::Untyped
        } else if verdicts.iter().any(|(v, _)| *v == Verdict::Agree) {
            Verdict::Agree
        } else {
            Verdict::Unknown
        };
        let forms: BTreeSet<String> = us.iter().map(|u| u.form.to_string()).collect();
        let explained = EXPLAINED
            .iter()
            .find(|(set, n, _)| *n == name && *set == row.set);
        match worst {
            Verdict::Agree => {
                fig.agree.insert(name);
            }
            Verdict::Unknown => {
                fig.unknown.insert(name);
            }
            Verdict::Untyped => {
                fig.untyped.insert(name);
            }
            Verdict::Sign => {
                fig.sign.insert(name);
            }
            Verdict::Disagree => {
                if let Some((_, _, why)) = explained {
                    fig.explained.insert(name);
                    still.insert((row.set, name));
                    let _ = writeln!(report, "  explained {name}: {why}");
                } else {
                    fig.disagree.insert(name);
                }
            }
        }
        if matches!(worst, Verdict::Disagree | Verdict::Sign | Verdict::Untyped) {
            let mut text = format!(
                "{} {} {} {}: table {}, kernel {}\n",
                match worst {
                    Verdict::Disagree if explained.is_some() => "EXPLAINED",
                    Verdict::Disagree => "DISAGREE",
                    Verdict::Sign => "SIGN",
                    _ => "UNTYPED",
                },
                row.family,
                row.set,
                name,
                kind_text(&row.def.kind),
                forms.into_iter().collect::<Vec<_>>().join(" / ")
            );
            for (v, u) in &verdicts {
                if *v != Verdict::Unknown {
                    let _ = writeln!(text, "    {:?}: {}:{}: {}", v, u.file, u.line, u.call);
                }
            }
            if worst == Verdict::Disagree && explained.is_none() {
                unexplained.push(text.clone());
            }
            report.push_str(&text);
        }
    }
    let mut summary = String::from(
        "kernel_source: family: in tables / kernel use found / agreeing / disagreeing \
         (explained) / sign only / table untyped / uses not comparable\n",
    );
    let mut tot = [0usize; 8];
    for (fam, f) in &figs {
        let n = [
            f.names.len(),
            f.found.len(),
            f.agree.len(),
            f.disagree.len(),
            f.explained.len(),
            f.sign.len(),
            f.untyped.len(),
            f.unknown.len(),
        ];
        for (t, v) in tot.iter_mut().zip(n) {
            *t += v;
        }
        let _ = writeln!(
            summary,
            "  {fam}: {} / {} / {} / {} ({}) / {} / {} / {}",
            n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]
        );
    }
    let _ = writeln!(
        summary,
        "  total: {} / {} / {} / {} ({}) / {} / {} / {}",
        tot[0], tot[1], tot[2], tot[3], tot[4], tot[5], tot[6], tot[7]
    );
    say(&summary);
    let out = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("kernel-oracle-report.txt");
    if std::fs::write(&out, format!("{summary}\n{report}")).is_ok() {
        say(&format!("kernel_source: details in {}\n", out.display()));
    }
    let stale: Vec<(&str, &str)> = EXPLAINED
        .iter()
        .map(|(set, n, _)| (*set, *n))
        .filter(|k| !still.contains(k))
        .collect();
    assert!(
        stale.is_empty(),
        "EXPLAINED lists attributes that no longer disagree: {stale:?}"
    );
    assert!(
        unexplained.is_empty(),
        "{} attributes disagree with the kernel source:\n{}",
        unexplained.len(),
        unexplained.join("")
    );
}

/// The scanner itself, on made-up C text: each kind of use gives its form.
#[test]
fn scanner_reads_each_kind_of_use() {
    let c = br#"
static const struct nla_policy p[X_MAX + 1] = {
	[X_A]		= { .type = NLA_U32 },
	[X_B]		= NLA_POLICY_MAX(NLA_BE32, 255),
	[X_C]		= { .type = NLA_NUL_STRING, .len = 16 },
	[X_D]		= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[X_E]		= { .len = sizeof(struct foo) },
};
static const char *const names[] = { [X_A] = "a" };
int f(struct sk_buff *skb, struct nlattr **tb) {
	if (nla_put_be16(skb, X_F, htons(1)) ||
	    nla_put_u32(skb, X_G, htonl(v)) ||
	    nla_put(skb, X_H, sizeof(struct bar), &b) ||
	    nla_put_u64_64bit(skb, X_I, v, X_PAD))
		return -1;
	x = nla_get_u8(tb[X_J]);
	err = nft_parse_register_load(ctx, tb[X_L], &priv->sreg, len);
	switch (nla_type(a)) {
	case X_K:
		y = nla_get_be64(a);
		break;
	}
}
"#;
    let wanted: HashSet<&str> = [
        "X_A", "X_B", "X_C", "X_D", "X_E", "X_F", "X_G", "X_H", "X_I", "X_J", "X_K", "X_L",
    ]
    .into_iter()
    .collect();
    let mut out = Vec::new();
    scan_file("t.c", c, &wanted, &mut out);
    let got: BTreeMap<String, String> = out
        .iter()
        .map(|(n, u)| (n.clone(), u.form.to_string()))
        .collect();
    let want: BTreeMap<String, String> = [
        ("X_A", "4 bytes"),
        ("X_B", "be32"),
        ("X_C", "string"),
        ("X_D", "in6_addr"),
        ("X_F", "be16"),
        ("X_G", "be32"),
        ("X_H", "struct bar"),
        ("X_I", "u64"),
        ("X_J", "u8"),
        ("X_K", "be64"),
        ("X_L", "be32"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_owned(), b.to_owned()))
    .collect();
    assert_eq!(got, want);
    // One use per constant: the string table's `[X_A] = "a"` is not a policy.
    assert_eq!(out.iter().filter(|(n, _)| n == "X_A").count(), 1);
    assert_eq!(out.iter().find(|(n, _)| n == "X_H").unwrap().1.line, 13);
}
