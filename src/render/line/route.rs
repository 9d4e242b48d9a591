//! rtnetlink facts for the line view, in `ip monitor`'s words.
//!
//! Attribute type numbers and header offsets are read from the tables at compile time
//! ([`code`], [`off`]: a name the tables lack resolves to nothing and the fact is not
//! printed; a test checks every name resolves), and values are named by the tables'
//! enums ([`word`]), with iproute2's spelling where it differs ([`IPROUTE2`]). What
//! each message states follows iproute2's `ip monitor` (`ip/ipaddress.c`,
//! `ip/iproute.c`, `ip/ipneigh.c`, `ip/iprule.c`, `ip/ipnexthop.c`,
//! `ip/ipnetconf.c`), checked token by token by `tests/line_vs_ip_monitor.rs`.

use super::{addr, dev, string, Raw};
use crate::families::decode::Decoded;
use crate::families::names::{ARPHRD, IF_OPER, RTM_FLAGS, RTPROT, RT_SCOPE, RT_TABLE};
use crate::families::route::{netconf, nexthop, nsid};
use crate::families::schema::gen::{rt_addr, rt_link, rt_neigh, rt_route, rt_rule};
use crate::families::schema::Hint;
use crate::families::schema::{AttrSet, EnumDef, StructDef};
use crate::render::{
    write_address, write_escaped, write_hex, write_hex_u64, write_i64, write_u64, Item,
};
use crate::wire::attr::Attrs;
use std::io::{self, Write};

/// Not in the table: indexes nothing.
const NONE: usize = usize::MAX;

const fn same(a: &str, b: &str) -> bool {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    while let (Some((x, ra)), Some((y, rb))) = (a.split_first(), b.split_first()) {
        if *x != *y {
            return false;
        }
        a = ra;
        b = rb;
    }
    true
}

/// The type number of attribute `name` in `set` ([`NONE`] if the table lacks it).
const fn code(set: &AttrSet, name: &str) -> usize {
    let mut rows = set.attrs;
    while let Some((r, rest)) = rows.split_first() {
        if same(r.name, name) {
            return r.code as usize;
        }
        rows = rest;
    }
    NONE
}

/// The byte offset of member `name` of `def` ([`NONE`] if the table lacks it).
const fn off(def: &StructDef, name: &str) -> usize {
    let mut fields = def.fields;
    while let Some((f, rest)) = fields.split_first() {
        if same(f.name, name) {
            return f.offset;
        }
        fields = rest;
    }
    NONE
}

/// The value named `name` in `def` (`u64::MAX` if the table lacks it).
const fn value(def: &EnumDef, name: &str) -> u64 {
    let mut rows = def.entries;
    while let Some((r, rest)) = rows.split_first() {
        if same(r.1, name) {
            return r.0;
        }
        rows = rest;
    }
    u64::MAX
}

const IFF_UP: u64 = value(&rt_link::IFINFO_FLAGS_ENUM, "up");
const IFF_RUNNING: u64 = value(&rt_link::IFINFO_FLAGS_ENUM, "running");
const IFF_POINTOPOINT: u64 = value(&rt_link::IFINFO_FLAGS_ENUM, "point-to-point");
const IFA_F_PERMANENT: u64 = value(&rt_addr::IFA_FLAGS_ENUM, "permanent");
const IFA_F_SECONDARY: u64 = value(&rt_addr::IFA_FLAGS_ENUM, "secondary");
const AF_INET6: u64 = value(&crate::families::names::AF, "inet6");
const RT_TABLE_MAIN: u64 = value(&RT_TABLE, "main");
const RTPROT_BOOT: u64 = value(&RTPROT, "boot");
const RT_SCOPE_UNIVERSE: u64 = value(&RT_SCOPE, "universe");
const RTN_UNICAST: u64 = value(&rt_route::RTM_TYPE_ENUM, "unicast");

macro_rules! codes {
    ($set:expr; $($c:ident = $n:literal),* $(,)?) => {
        $(pub(super) const $c: usize = code(&$set, $n);)*
    };
}
macro_rules! offs {
    ($def:expr; $($c:ident = $n:literal),* $(,)?) => {
        $(pub(super) const $c: usize = off(&$def, $n);)*
    };
}

codes!(rt_link::LINK_ATTRS;
    IFLA_ADDRESS = "IFLA_ADDRESS", IFLA_BROADCAST = "IFLA_BROADCAST", IFLA_IFNAME = "IFLA_IFNAME",
    IFLA_MTU = "IFLA_MTU", IFLA_LINK = "IFLA_LINK", IFLA_QDISC = "IFLA_QDISC",
    IFLA_MASTER = "IFLA_MASTER", IFLA_OPERSTATE = "IFLA_OPERSTATE", IFLA_LINKINFO = "IFLA_LINKINFO",
    IFLA_GROUP = "IFLA_GROUP", IFLA_LINK_NETNSID = "IFLA_LINK_NETNSID",
    IFLA_PROP_LIST = "IFLA_PROP_LIST", IFLA_EVENT = "IFLA_EVENT",
    IFLA_NEW_NETNSID = "IFLA_NEW_NETNSID", IFLA_NEW_IFINDEX = "IFLA_NEW_IFINDEX",
    IFLA_PERM_ADDRESS = "IFLA_PERM_ADDRESS");
codes!(rt_link::LINKINFO_ATTRS; IFLA_INFO_KIND = "IFLA_INFO_KIND");
codes!(rt_link::PROP_LIST_LINK_ATTRS; IFLA_ALT_IFNAME = "IFLA_ALT_IFNAME");
offs!(rt_link::IFINFOMSG_STRUCT; IFI_TYPE = "ifi_type", IFI_INDEX = "ifi_index", IFI_FLAGS = "ifi_flags");

codes!(rt_addr::ADDR_ATTRS;
    IFA_ADDRESS = "IFA_ADDRESS", IFA_LOCAL = "IFA_LOCAL", IFA_LABEL = "IFA_LABEL",
    IFA_BROADCAST = "IFA_BROADCAST", IFA_ANYCAST = "IFA_ANYCAST", IFA_CACHEINFO = "IFA_CACHEINFO",
    IFA_FLAGS = "IFA_FLAGS", IFA_RT_PRIORITY = "IFA_RT_PRIORITY", IFA_PROTO = "IFA_PROTO");
offs!(rt_addr::IFADDRMSG_STRUCT;
    IFA_FAMILY = "ifa_family", IFA_PREFIXLEN = "ifa_prefixlen", IFA_FLAGS_U8 = "ifa_flags",
    IFA_SCOPE = "ifa_scope", IFA_INDEX = "ifa_index");
offs!(rt_addr::IFA_CACHEINFO_STRUCT; IFA_PREFERED = "ifa_prefered", IFA_VALID = "ifa_valid");

codes!(rt_route::ROUTE_ATTRS;
    RTA_DST = "RTA_DST", RTA_SRC = "RTA_SRC", RTA_IIF = "RTA_IIF", RTA_OIF = "RTA_OIF",
    RTA_GATEWAY = "RTA_GATEWAY", RTA_PRIORITY = "RTA_PRIORITY", RTA_PREFSRC = "RTA_PREFSRC",
    RTA_METRICS = "RTA_METRICS", RTA_MULTIPATH = "RTA_MULTIPATH", RTA_TABLE = "RTA_TABLE",
    RTA_PREF = "RTA_PREF", RTA_NH_ID = "RTA_NH_ID", RTA_VIA = "RTA_VIA", RTA_FLOW = "RTA_FLOW");
codes!(rt_route::METRICS_ATTRS; RTAX_LOCK = "RTAX_LOCK", RTAX_RTT = "RTAX_RTT",
    RTAX_RTTVAR = "RTAX_RTTVAR", RTAX_RTO_MIN = "RTAX_RTO_MIN", RTAX_CC_ALGO = "RTAX_CC_ALGO");
codes!(rt_route::ROUTE_ATTRS; RTA_NEWDST = "RTA_NEWDST", RTA_CACHEINFO = "RTA_CACHEINFO");
offs!(rt_route::RTA_CACHEINFO_STRUCT; RTA_EXPIRES_OFF = "rta_expires");

/// `USER_HZ`: the kernel reports route expiry and next-hop group timers in clock
/// ticks of 1/100 s (`jiffies_to_clock_t`), which iproute2 prints in seconds.
const USER_HZ: u64 = 100;
offs!(rt_route::RTMSG_STRUCT;
    RTM_DST_LEN = "rtm_dst_len", RTM_SRC_LEN = "rtm_src_len",
    RTM_TABLE = "rtm_table", RTM_PROTOCOL = "rtm_protocol", RTM_SCOPE = "rtm_scope",
    RTM_TYPE = "rtm_type", RTM_FLAGS_OFF = "rtm_flags");

codes!(rt_neigh::NEIGHBOUR_ATTRS; NDA_DST = "NDA_DST", NDA_LLADDR = "NDA_LLADDR", NDA_VLAN = "NDA_VLAN",
    NDA_MASTER = "NDA_MASTER");
offs!(rt_neigh::NDMSG_STRUCT; NDM_IFINDEX = "ndm_ifindex",
    NDM_STATE = "ndm_state", NDM_FLAGS = "ndm_flags");

codes!(rt_rule::FIB_RULE_ATTRS;
    FRA_DST = "FRA_DST", FRA_SRC = "FRA_SRC", FRA_IIFNAME = "FRA_IIFNAME", FRA_GOTO = "FRA_GOTO",
    FRA_PRIORITY = "FRA_PRIORITY", FRA_FWMARK = "FRA_FWMARK", FRA_FWMASK = "FRA_FWMASK",
    FRA_TABLE = "FRA_TABLE", FRA_OIFNAME = "FRA_OIFNAME", FRA_L3MDEV = "FRA_L3MDEV",
    FRA_IP_PROTO = "FRA_IP_PROTO", FRA_SPORT_RANGE = "FRA_SPORT_RANGE",
    FRA_DPORT_RANGE = "FRA_DPORT_RANGE", FRA_SUPPRESS_PREFIXLEN = "FRA_SUPPRESS_PREFIXLEN");
offs!(rt_rule::FIB_RULE_HDR_STRUCT; FR_DST_LEN = "dst_len", FR_SRC_LEN = "src_len",
    FR_TABLE = "table", FR_ACTION = "action", FR_FLAGS = "flags", FR_TOS = "tos");
offs!(rt_rule::FIB_RULE_PORT_RANGE_STRUCT; FR_PORT_START = "start", FR_PORT_END = "end");

codes!(nexthop::NHA_ATTRS; NHA_ID = "NHA_ID", NHA_GROUP = "NHA_GROUP", NHA_BLACKHOLE = "NHA_BLACKHOLE",
    NHA_OIF = "NHA_OIF", NHA_GATEWAY = "NHA_GATEWAY", NHA_FDB = "NHA_FDB",
    NHA_GROUP_TYPE = "NHA_GROUP_TYPE", NHA_RES_GROUP = "NHA_RES_GROUP");
codes!(nexthop::NHA_RES_GROUP_ATTRS; NHA_RES_GROUP_BUCKETS = "NHA_RES_GROUP_BUCKETS",
    NHA_RES_GROUP_IDLE_TIMER = "NHA_RES_GROUP_IDLE_TIMER",
    NHA_RES_GROUP_UNBALANCED_TIMER = "NHA_RES_GROUP_UNBALANCED_TIMER",
    NHA_RES_GROUP_UNBALANCED_TIME = "NHA_RES_GROUP_UNBALANCED_TIME");
offs!(nexthop::NHMSG; NH_SCOPE = "nh_scope", NH_PROTOCOL = "nh_protocol", NH_FLAGS = "nh_flags");
offs!(nexthop::NEXTHOP_GRP; NHG_ID = "id", NHG_WEIGHT = "weight");

codes!(netconf::NETCONFA_ATTRS;
    NETCONFA_IFINDEX = "NETCONFA_IFINDEX", NETCONFA_FORWARDING = "NETCONFA_FORWARDING",
    NETCONFA_RP_FILTER = "NETCONFA_RP_FILTER", NETCONFA_MC_FORWARDING = "NETCONFA_MC_FORWARDING",
    NETCONFA_PROXY_NEIGH = "NETCONFA_PROXY_NEIGH",
    NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN = "NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN",
    NETCONFA_INPUT = "NETCONFA_INPUT");
offs!(netconf::NETCONFMSG; NCM_FAMILY = "ncm_family");
codes!(nsid::NETNSA_ATTRS; NETNSA_NSID = "NETNSA_NSID");

/// Every name above, for the test that they all resolve.
#[cfg(test)]
pub(super) const ALL: &[usize] = &[
    IFLA_ADDRESS,
    IFLA_BROADCAST,
    IFLA_IFNAME,
    IFLA_MTU,
    IFLA_LINK,
    IFLA_QDISC,
    IFLA_MASTER,
    IFLA_OPERSTATE,
    IFLA_LINKINFO,
    IFLA_GROUP,
    IFLA_LINK_NETNSID,
    IFLA_PROP_LIST,
    IFLA_INFO_KIND,
    IFLA_ALT_IFNAME,
    IFLA_EVENT,
    IFLA_NEW_NETNSID,
    IFLA_NEW_IFINDEX,
    IFLA_PERM_ADDRESS,
    IFI_TYPE,
    IFI_INDEX,
    IFI_FLAGS,
    IFA_ADDRESS,
    IFA_LOCAL,
    IFA_LABEL,
    IFA_BROADCAST,
    IFA_ANYCAST,
    IFA_CACHEINFO,
    IFA_FLAGS,
    IFA_RT_PRIORITY,
    IFA_PROTO,
    IFA_FAMILY,
    IFA_PREFIXLEN,
    IFA_FLAGS_U8,
    IFA_SCOPE,
    IFA_INDEX,
    IFA_PREFERED,
    IFA_VALID,
    RTA_DST,
    RTA_SRC,
    RTA_IIF,
    RTA_OIF,
    RTA_GATEWAY,
    RTA_PRIORITY,
    RTA_PREFSRC,
    RTA_METRICS,
    RTA_MULTIPATH,
    RTA_TABLE,
    RTA_PREF,
    RTA_NH_ID,
    RTA_VIA,
    RTA_FLOW,
    RTAX_LOCK,
    RTAX_RTT,
    RTAX_RTTVAR,
    RTAX_RTO_MIN,
    RTAX_CC_ALGO,
    RTA_NEWDST,
    RTA_CACHEINFO,
    RTA_EXPIRES_OFF,
    RTM_DST_LEN,
    RTM_SRC_LEN,
    RTM_TABLE,
    RTM_PROTOCOL,
    RTM_SCOPE,
    RTM_TYPE,
    RTM_FLAGS_OFF,
    NDA_DST,
    NDA_LLADDR,
    NDA_VLAN,
    NDA_MASTER,
    NDM_IFINDEX,
    NDM_STATE,
    NDM_FLAGS,
    FRA_DST,
    FRA_SRC,
    FRA_IIFNAME,
    FRA_GOTO,
    FRA_PRIORITY,
    FRA_FWMARK,
    FRA_FWMASK,
    FRA_TABLE,
    FRA_OIFNAME,
    FRA_L3MDEV,
    FRA_IP_PROTO,
    FRA_SPORT_RANGE,
    FRA_DPORT_RANGE,
    FRA_SUPPRESS_PREFIXLEN,
    FR_DST_LEN,
    FR_SRC_LEN,
    FR_TABLE,
    FR_ACTION,
    FR_FLAGS,
    FR_PORT_START,
    FR_PORT_END,
    NHA_ID,
    NHA_GROUP,
    NHA_BLACKHOLE,
    NHA_OIF,
    NHA_GATEWAY,
    NHA_FDB,
    NHA_GROUP_TYPE,
    NHA_RES_GROUP,
    NHA_RES_GROUP_BUCKETS,
    NHA_RES_GROUP_IDLE_TIMER,
    NHA_RES_GROUP_UNBALANCED_TIMER,
    NHA_RES_GROUP_UNBALANCED_TIME,
    FR_TOS,
    NH_SCOPE,
    NH_PROTOCOL,
    NH_FLAGS,
    NHG_ID,
    NHG_WEIGHT,
    NETCONFA_IFINDEX,
    NETCONFA_FORWARDING,
    NETCONFA_RP_FILTER,
    NETCONFA_MC_FORWARDING,
    NETCONFA_PROXY_NEIGH,
    NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN,
    NETCONFA_INPUT,
    NCM_FAMILY,
    NETNSA_NSID,
];

/// Every enum value above, for the same test.
#[cfg(test)]
pub(super) const VALUES: &[u64] = &[
    IFF_UP,
    IFF_RUNNING,
    IFF_POINTOPOINT,
    IFA_F_PERMANENT,
    IFA_F_SECONDARY,
    AF_INET6,
    RT_TABLE_MAIN,
    RTPROT_BOOT,
    RT_SCOPE_UNIVERSE,
    RTN_UNICAST,
];

/// How iproute2 spells a value differently from the tables: (enum, value, word).
/// Sources: iproute2 `lib/ll_types.c` (link types), `ip/ipaddress.c`
/// (`ifa_flag_names`, `print_link_flags`), `ip/ipneigh.c`, `lib/rt_names.c`
/// (`rtnl_rtscope_n2a`: scope 0 is `global`).
static IPROUTE2: &[(&EnumDef, u64, &str)] = &[
    (&RT_SCOPE, 0, "global"),
    (&ARPHRD, 768, "ipip"),
    (&ARPHRD, 776, "sit"),
    (&ARPHRD, 778, "gre"),
    (&ARPHRD, 801, "ieee802.11"),
    (&ARPHRD, 802, "ieee802.11/prism"),
    (&ARPHRD, 803, "ieee802.11/radiotap"),
    (&ARPHRD, 804, "ieee802.15.4"),
    (&ARPHRD, 805, "ieee802.15.4/monitor"),
    (&ARPHRD, 823, "gre6"),
    (&rt_link::IFINFO_FLAGS_ENUM, 0x10, "POINTOPOINT"),
    (&rt_link::IFINFO_FLAGS_ENUM, 0x10000, "LOWER_UP"),
    (&rt_addr::IFA_FLAGS_ENUM, 0x10, "home"),
    (&rt_addr::IFA_FLAGS_ENUM, 0x100, "mngtmpaddr"),
    (&rt_addr::IFA_FLAGS_ENUM, 0x400, "autojoin"),
    (&rt_addr::IFA_FLAGS_ENUM, 0x800, "stable-privacy"),
    (&rt_neigh::NTF_FLAGS_ENUM, 0x10, "extern_learn"),
    (&rt_neigh::NTF_FLAGS_ENUM, 0x20, "offload"),
    (&nexthop::NEXTHOP_GRP_TYPE, 0, "mpath"),
    (&nexthop::NEXTHOP_GRP_TYPE, 1, "resilient"),
];

/// `IFLA_EVENT` values (`IFLA_EVENT_*`, linux/if_link.h) in iproute2's words
/// (`link_events[]` in `ip/ipaddress.c`); no spec names them.
const LINK_EVENTS: &[&str] = &[
    "NONE",
    "REBOOT",
    "FEATURE CHANGE",
    "BONDING FAILOVER",
    "NOTIFY PEERS",
    "RESEND IGMP",
    "BONDING OPTION",
];

/// IP protocol numbers as `/etc/protocols` names them (iproute2 prints a rule's
/// `ipproto` by `getprotobynumber`); others print as numbers.
const IP_PROTOCOLS: &[(u8, &str)] = &[
    (1, "icmp"),
    (2, "igmp"),
    (6, "tcp"),
    (17, "udp"),
    (33, "dccp"),
    (47, "gre"),
    (50, "esp"),
    (51, "ah"),
    (58, "ipv6-icmp"),
    (132, "sctp"),
    (136, "udplite"),
];

/// How a table's word is cased in iproute2's output.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Case {
    /// As the table has it, `-` as `_` (`rt-offload` -> `rt_offload`).
    Lower,
    /// Upper case without `-` (`no-arp` -> `NOARP`, `lowerlayerdown` -> `LOWERLAYERDOWN`).
    Upper,
}

pub(super) fn write_word<W: Write + ?Sized>(
    w: &mut W,
    def: &EnumDef,
    v: u64,
    case: Case,
) -> io::Result<bool> {
    if let Some((_, _, s)) = IPROUTE2
        .iter()
        .find(|(d, x, _)| core::ptr::eq(*d, def) && *x == v)
    {
        w.write_all(s.as_bytes())?;
        return Ok(true);
    }
    let Some(name) = def.name_of(v) else {
        return Ok(false);
    };
    let mut buf = [0u8; 48];
    let mut n = 0;
    for &b in name.as_bytes() {
        let c = match (case, b) {
            (Case::Lower, b'-') => b'_',
            (Case::Upper, b'-') => continue,
            (Case::Lower, c) => c,
            (Case::Upper, c) => c.to_ascii_uppercase(),
        };
        match buf.get_mut(n) {
            Some(slot) => *slot = c,
            // Longer than any table word: written as the table has it.
            None => {
                w.write_all(name.as_bytes())?;
                return Ok(true);
            }
        }
        n += 1;
    }
    w.write_all(buf.get(..n).unwrap_or(&[]))?;
    Ok(true)
}

/// ` KEY word` (or the number when the table has no name for it).
fn word<W: Write + ?Sized>(
    w: &mut W,
    key: &[u8],
    def: &EnumDef,
    v: u64,
    case: Case,
) -> io::Result<()> {
    w.write_all(key)?;
    if !write_word(w, def, v, case)? {
        write_u64(w, v)?;
    }
    Ok(())
}

/// The bits of `v` by the flag table `def`, each as ` word` or, with `sep`, joined by
/// it; bits without a name as one hex number.
pub(super) fn flag_words<W: Write + ?Sized>(
    w: &mut W,
    def: &EnumDef,
    v: u64,
    case: Case,
    sep: Option<&[u8]>,
    skip: u64,
) -> io::Result<()> {
    let mut left = v & !skip;
    let mut first = true;
    for &(bit, _) in def.entries {
        if bit == 0 || left & bit != bit {
            continue;
        }
        match (sep, first) {
            (Some(s), false) => w.write_all(s)?,
            (None, _) => w.write_all(b" ")?,
            (Some(_), true) => {}
        }
        first = false;
        write_word(w, def, bit, case)?;
        left &= !bit;
    }
    if left != 0 {
        match (sep, first) {
            (Some(s), false) => w.write_all(s)?,
            (None, _) => w.write_all(b" ")?,
            (Some(_), true) => {}
        }
        write_hex_u64(w, left)?;
    }
    Ok(())
}

/// An interface index by its learned name, `ifN` when the capture has not named it.
fn ifname<W: Write + ?Sized>(w: &mut W, index: i64, it: &Item<'_, '_>) -> io::Result<()> {
    match i32::try_from(index).ok().and_then(|i| it.session.ifname(i)) {
        Some(n) => write_escaped(w, n),
        None => {
            w.write_all(b"if")?;
            write_i64(w, index)
        }
    }
}

/// An address with `/len` when `len` is shorter than the address (as iproute2 prints
/// a host route or address without it).
fn prefix<W: Write + ?Sized>(w: &mut W, a: &[u8], len: Option<u8>) -> io::Result<()> {
    addr(w, a)?;
    if let Some(l) = len.filter(|l| usize::from(*l) != a.len() * 8) {
        w.write_all(b"/")?;
        write_u64(w, u64::from(l))?;
    }
    Ok(())
}

/// The facts of one rtnetlink message, by its kind; `true` when it is one this module
/// knows.
pub(super) fn facts<W: Write + ?Sized>(
    w: &mut W,
    d: &Decoded<'_>,
    it: &Item<'_, '_>,
) -> io::Result<bool> {
    use crate::families::consts::is_link_message;
    let ty = d.msg.header.ty;
    let name = d.type_name().unwrap_or("");
    let kind = name
        .strip_prefix("RTM_")
        .and_then(|r| r.get(3..))
        .unwrap_or("");
    if is_link_message(ty) {
        link(w, d, it)?;
        return Ok(true);
    }
    match kind {
        "ADDR" => addr_facts(w, d, it)?,
        "ROUTE" => route(w, d, it)?,
        "NEIGH" => neigh(w, d, it)?,
        "RULE" => rule(w, d, it)?,
        "NEXTHOP" => nexthop_facts(w, d, it)?,
        "NETCONF" => netconf_facts(w, d, it)?,
        "NSID" => {
            let r = Raw::new(d, nsid::RTGENMSG.size.max(4));
            if let Some(n) = r.attr_u32(NETNSA_NSID) {
                w.write_all(b" nsid ")?;
                write_i64(w, i64::from(n as i32))?;
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn link<W: Write + ?Sized>(w: &mut W, d: &Decoded<'_>, it: &Item<'_, '_>) -> io::Result<()> {
    let r = Raw::new(d, rt_link::IFINFOMSG_STRUCT.size);
    let index = r.u32(IFI_INDEX).map(|v| v as i32).filter(|i| *i != 0);
    if let Some(i) = index {
        w.write_all(b" ")?;
        write_i64(w, i64::from(i))?;
        w.write_all(b":")?;
    }
    if let Some(n) = r.attr(IFLA_IFNAME) {
        w.write_all(b" ")?;
        string(w, n)?;
    } else if let Some(n) = index.and_then(|i| it.session.ifname(i)) {
        w.write_all(b" ")?;
        write_escaped(w, n)?;
    }
    // `name@peer`: the lower device, `NONE` for index 0, `ifN` in another namespace.
    if let Some(l) = r.attr_u32(IFLA_LINK) {
        w.write_all(b"@")?;
        if l == 0 {
            w.write_all(b"NONE")?;
        } else if r.attr(IFLA_LINK_NETNSID).is_some() {
            w.write_all(b"if")?;
            write_u64(w, u64::from(l))?;
        } else {
            ifname(w, i64::from(l as i32), it)?;
        }
    }
    let flags = r.u32(IFI_FLAGS);
    if let Some(f) = flags.filter(|f| *f != 0) {
        w.write_all(b" <")?;
        // iproute2 says NO-CARRIER for an interface up but not running.
        let up = IFF_UP;
        let running = IFF_RUNNING;
        let f = u64::from(f);
        let request = it.info.direction == crate::families::decode::Direction::Request;
        if !request && f & up != 0 && f & running == 0 {
            w.write_all(b"NO-CARRIER,")?;
        }
        flag_words(
            w,
            &rt_link::IFINFO_FLAGS_ENUM,
            f,
            Case::Upper,
            Some(b","),
            0,
        )?;
        w.write_all(b">")?;
    }
    if let Some(m) = r.attr_u32(IFLA_MTU) {
        w.write_all(b" mtu ")?;
        write_u64(w, u64::from(m))?;
    }
    if let Some(q) = r.attr(IFLA_QDISC) {
        w.write_all(b" qdisc ")?;
        string(w, q)?;
    }
    if let Some(m) = r.attr_u32(IFLA_MASTER).filter(|m| *m != 0) {
        w.write_all(b" master ")?;
        ifname(w, i64::from(m as i32), it)?;
    }
    if let Some(s) = r.attr(IFLA_OPERSTATE).and_then(|v| v.first().copied()) {
        word(w, b" state ", &IF_OPER, u64::from(s), Case::Upper)?;
    }
    if let Some(g) = r.attr_u32(IFLA_GROUP) {
        // iproute2's `/etc/iproute2/group` names group 0 `default`.
        w.write_all(b" group ")?;
        if g == 0 {
            w.write_all(b"default")?;
        } else {
            write_u64(w, u64::from(g))?;
        }
    }
    if let Some(kind) = r.attr(IFLA_LINKINFO).and_then(|li| {
        Attrs::new(li, 0, r.e)
            .map_while(Result::ok)
            .find(|a| usize::from(a.ty) == IFLA_INFO_KIND)
    }) {
        w.write_all(b" kind ")?;
        string(w, kind.value)?;
    }
    let ty = r.e.u16_at(r.hdr, IFI_TYPE.min(usize::MAX - 2));
    // A request leaves `ifi_type` 0 (which no link has): no `link/` then.
    if let Some(t) = ty.filter(|t| *t != 0 || r.attr(IFLA_ADDRESS).is_some()) {
        word(w, b" link/", &ARPHRD, u64::from(t), Case::Lower)?;
        let tunnel = matches!(
            ARPHRD.name_of(u64::from(t)),
            Some("tunnel" | "tunnel6" | "sit" | "ipgre" | "ip6gre")
        );
        let hw = |w: &mut W, a: &[u8]| -> io::Result<()> {
            if tunnel && write_address(w, Hint::Ip, a)? {
                return Ok(());
            }
            write_hex(w, a, Some(b':'))
        };
        if let Some(a) = r.attr(IFLA_ADDRESS).filter(|a| !a.is_empty()) {
            w.write_all(b" ")?;
            hw(w, a)?;
        }
        if let Some(b) = r.attr(IFLA_BROADCAST).filter(|a| !a.is_empty()) {
            let p2p = IFF_POINTOPOINT;
            w.write_all(if flags.is_some_and(|f| u64::from(f) & p2p != 0) {
                b" peer "
            } else {
                b" brd "
            })?;
            hw(w, b)?;
        }
        // The permanent address, where it differs from the current one (as iproute2
        // prints it).
        if let Some(p) = r.attr(IFLA_PERM_ADDRESS).filter(|p| !p.is_empty()) {
            if r.attr(IFLA_ADDRESS) != Some(p) {
                w.write_all(b" permaddr ")?;
                hw(w, p)?;
            }
        }
    }
    if let Some(n) = r.attr_u32(IFLA_LINK_NETNSID) {
        w.write_all(b" link-netnsid ")?;
        write_i64(w, i64::from(n as i32))?;
    }
    if let Some(p) = r.attr(IFLA_PROP_LIST) {
        for a in Attrs::new(p, 0, r.e).map_while(Result::ok) {
            if usize::from(a.ty) == IFLA_ALT_IFNAME {
                w.write_all(b" altname ")?;
                string(w, a.value)?;
            }
        }
    }
    if let Some(ev) = r.attr_u32(IFLA_EVENT).filter(|e| *e != 0) {
        w.write_all(b" event ")?;
        match LINK_EVENTS.get(ev as usize) {
            Some(n) => w.write_all(n.as_bytes())?,
            None => write_u64(w, u64::from(ev))?,
        }
    }
    if let Some(n) = r.attr_u32(IFLA_NEW_NETNSID) {
        w.write_all(b" new-netnsid ")?;
        write_i64(w, i64::from(n as i32))?;
    }
    if let Some(n) = r.attr_u32(IFLA_NEW_IFINDEX) {
        w.write_all(b" new-ifindex ")?;
        write_i64(w, i64::from(n as i32))?;
    }
    Ok(())
}

fn addr_facts<W: Write + ?Sized>(w: &mut W, d: &Decoded<'_>, it: &Item<'_, '_>) -> io::Result<()> {
    let r = Raw::new(d, rt_addr::IFADDRMSG_STRUCT.size);
    if let Some(i) = r.u32(IFA_INDEX).filter(|i| *i != 0) {
        w.write_all(b" ")?;
        write_i64(w, i64::from(i as i32))?;
        w.write_all(b":")?;
        dev(w, i64::from(i as i32), it)?;
    }
    let fam = r.u8(IFA_FAMILY).unwrap_or(0);
    let len = r.u8(IFA_PREFIXLEN);
    let local = r.attr(IFA_LOCAL);
    let address = r.attr(IFA_ADDRESS);
    if let Some(a) = local.or(address) {
        word(
            w,
            b" ",
            &crate::families::names::AF,
            u64::from(fam),
            Case::Lower,
        )?;
        w.write_all(b" ")?;
        match (local, address) {
            (Some(l), Some(p)) if l != p => {
                addr(w, l)?;
                w.write_all(b" peer ")?;
                addr(w, p)?;
                w.write_all(b"/")?;
                write_u64(w, u64::from(len.unwrap_or(0)))?;
            }
            _ => {
                addr(w, a)?;
                w.write_all(b"/")?;
                write_u64(w, u64::from(len.unwrap_or(0)))?;
            }
        }
    }
    if let Some(b) = r.attr(IFA_BROADCAST) {
        w.write_all(b" brd ")?;
        addr(w, b)?;
    }
    if let Some(b) = r.attr(IFA_ANYCAST) {
        w.write_all(b" any ")?;
        addr(w, b)?;
    }
    if let Some(s) = r.u8(IFA_SCOPE) {
        word(w, b" scope ", &RT_SCOPE, u64::from(s), Case::Lower)?;
    }
    let flags = r
        .attr_u32(IFA_FLAGS)
        .map(u64::from)
        .or_else(|| r.u8(IFA_FLAGS_U8).map(u64::from));
    if let Some(f) = flags {
        let permanent = IFA_F_PERMANENT;
        let secondary = IFA_F_SECONDARY;
        // iproute2 calls a secondary IPv6 address `temporary` (the same bit) and says
        // `dynamic` for an address without IFA_F_PERMANENT.
        let inet6 = u64::from(fam) == AF_INET6;
        let mut skip = permanent;
        if inet6 && f & secondary != 0 {
            w.write_all(b" temporary")?;
            skip |= secondary;
        }
        flag_words(w, &rt_addr::IFA_FLAGS_ENUM, f, Case::Lower, None, skip)?;
        // A request's flags are what it asks for, not the address's state.
        let request = it.info.direction == crate::families::decode::Direction::Request;
        if f & permanent == 0 && !request {
            w.write_all(b" dynamic")?;
        }
    }
    if let Some(l) = r.attr(IFA_LABEL) {
        w.write_all(b" label ")?;
        string(w, l)?;
    }
    if let Some(m) = r.attr_u32(IFA_RT_PRIORITY) {
        w.write_all(b" metric ")?;
        write_u64(w, u64::from(m))?;
    }
    if let Some(p) = r.attr(IFA_PROTO).and_then(|v| v.first().copied()) {
        w.write_all(b" proto ")?;
        write_u64(w, u64::from(p))?;
    }
    if let Some(c) = r.attr(IFA_CACHEINFO) {
        let lft = |w: &mut W, key: &[u8], off: usize| -> io::Result<()> {
            if let Some(v) = r.e.u32_at(c, off) {
                w.write_all(key)?;
                if v == u32::MAX {
                    w.write_all(b"forever")?;
                } else {
                    write_u64(w, u64::from(v))?;
                    w.write_all(b"sec")?;
                }
            }
            Ok(())
        };
        lft(w, b" valid_lft ", IFA_VALID)?;
        lft(w, b" preferred_lft ", IFA_PREFERED)?;
    }
    Ok(())
}

fn table_name<W: Write + ?Sized>(w: &mut W, key: &[u8], t: u32) -> io::Result<()> {
    word(w, key, &RT_TABLE, u64::from(t), Case::Lower)
}

fn route<W: Write + ?Sized>(w: &mut W, d: &Decoded<'_>, it: &Item<'_, '_>) -> io::Result<()> {
    let r = Raw::new(d, rt_route::RTMSG_STRUCT.size);
    if r.hdr.len() < rt_route::RTMSG_STRUCT.size {
        return Ok(());
    }
    if let Some(t) = r.u8(RTM_TYPE).filter(|t| u64::from(*t) != RTN_UNICAST) {
        word(w, b" ", &rt_route::RTM_TYPE_ENUM, u64::from(t), Case::Lower)?;
    }
    w.write_all(b" ")?;
    let dst_len = r.u8(RTM_DST_LEN).unwrap_or(0);
    match r.attr(RTA_DST) {
        Some(dst) => prefix(w, dst, Some(dst_len))?,
        None if dst_len == 0 => w.write_all(b"default")?,
        None => {
            w.write_all(b"0/")?;
            write_u64(w, u64::from(dst_len))?;
        }
    }
    if let Some(src) = r.attr(RTA_SRC) {
        w.write_all(b" from ")?;
        prefix(w, src, r.u8(RTM_SRC_LEN))?;
    }
    if let Some(gw) = r.attr(RTA_GATEWAY) {
        w.write_all(b" via ")?;
        addr(w, gw)?;
    }
    if let Some(v) = r.attr(RTA_VIA) {
        // struct rtvia: a 2-byte family, then the address.
        if let Some(f) = r.e.u16_at(v, 0) {
            word(
                w,
                b" via ",
                &crate::families::names::AF,
                u64::from(f),
                Case::Lower,
            )?;
        }
        w.write_all(b" ")?;
        addr(w, v.get(2..).unwrap_or(&[]))?;
    }
    if let Some(i) = r.attr_u32(RTA_IIF) {
        w.write_all(b" iif ")?;
        ifname(w, i64::from(i as i32), it)?;
    }
    if let Some(o) = r.attr_u32(RTA_OIF) {
        dev(w, i64::from(o as i32), it)?;
    }
    let t = r
        .attr_u32(RTA_TABLE)
        .or_else(|| r.u8(RTM_TABLE).map(u32::from));
    if let Some(t) = t.filter(|t| u64::from(*t) != RT_TABLE_MAIN) {
        table_name(w, b" table ", t)?;
    }
    if let Some(p) = r.u8(RTM_PROTOCOL).filter(|p| u64::from(*p) != RTPROT_BOOT) {
        word(w, b" proto ", &RTPROT, u64::from(p), Case::Lower)?;
    }
    if let Some(s) = r
        .u8(RTM_SCOPE)
        .filter(|s| u64::from(*s) != RT_SCOPE_UNIVERSE)
    {
        word(w, b" scope ", &RT_SCOPE, u64::from(s), Case::Lower)?;
    }
    if let Some(s) = r.attr(RTA_PREFSRC) {
        w.write_all(b" src ")?;
        addr(w, s)?;
    }
    if let Some(p) = r.attr_u32(RTA_PRIORITY) {
        w.write_all(b" metric ")?;
        write_u64(w, u64::from(p))?;
    }
    if let Some(f) = r.u32(RTM_FLAGS_OFF).filter(|f| *f != 0) {
        flag_words(w, &RTM_FLAGS, u64::from(f), Case::Lower, None, 0)?;
    }
    if let Some(f) = r.attr_u32(RTA_FLOW) {
        // The realms: `from` in the high 16 bits, `to` in the low (iproute2's `realms`).
        let (from, to) = (f >> 16, f & 0xffff);
        if from != 0 {
            w.write_all(b" realms ")?;
            write_u64(w, u64::from(from))?;
            w.write_all(b"/")?;
        } else {
            w.write_all(b" realm ")?;
        }
        write_u64(w, u64::from(to))?;
    }
    if let Some(nh) = r.attr_u32(RTA_NH_ID) {
        w.write_all(b" nhid ")?;
        write_u64(w, u64::from(nh))?;
    }
    if let Some(p) = r.attr(RTA_PREF).and_then(|v| v.first().copied()) {
        // ICMPV6_ROUTER_PREF_* (linux/icmpv6.h), as iproute2 names them.
        w.write_all(b" pref ")?;
        match p {
            0 => w.write_all(b"medium")?,
            1 => w.write_all(b"high")?,
            3 => w.write_all(b"low")?,
            n => write_u64(w, u64::from(n))?,
        }
    }
    if let Some(m) = r.attr(RTA_METRICS) {
        metrics(w, m, r.e)?;
    }
    if let Some(v) = r
        .attr(RTA_CACHEINFO)
        .and_then(|c| r.e.u32_at(c, RTA_EXPIRES_OFF))
    {
        if v != 0 {
            w.write_all(b" expires ")?;
            write_i64(w, i64::from(v as i32) / USER_HZ as i64)?;
            w.write_all(b"sec")?;
        }
    }
    if let Some(labels) = r.attr(RTA_NEWDST) {
        // MPLS label stack entries: big-endian, the label in the top 20 bits.
        w.write_all(b" as to ")?;
        for (i, l) in labels.chunks_exact(4).enumerate() {
            if i > 0 {
                w.write_all(b"/")?;
            }
            let e = crate::wire::endian::Endian::Big;
            write_u64(w, u64::from(e.u32_at(l, 0).unwrap_or(0) >> 12))?;
        }
    }
    if let Some(mp) = r.attr(RTA_MULTIPATH) {
        multipath(w, mp, r.e, it)?;
    }
    Ok(())
}

/// `RTA_METRICS`: each metric by its table name without `RTAX_`, in lower case
/// (`mtu 1300 advmss 1200`), as iproute2 prints the plain ones; the lock mask, the
/// times (iproute2 converts units) and the congestion algorithm are left to the
/// text view.
fn metrics<W: Write + ?Sized>(
    w: &mut W,
    m: &[u8],
    e: crate::wire::endian::Endian,
) -> io::Result<()> {
    for a in Attrs::new(m, 0, e).map_while(Result::ok) {
        let ty = usize::from(a.ty);
        if [RTAX_LOCK, RTAX_RTT, RTAX_RTTVAR, RTAX_RTO_MIN, RTAX_CC_ALGO].contains(&ty) {
            continue;
        }
        let Some(name) = rt_route::METRICS_ATTRS
            .attrs
            .iter()
            .find(|d| usize::from(d.code) == ty)
            .and_then(|d| d.name.strip_prefix("RTAX_"))
        else {
            continue;
        };
        let Some(v) = e.u32_at(a.value, 0) else {
            continue;
        };
        w.write_all(b" ")?;
        for b in name.bytes() {
            w.write_all(&[b.to_ascii_lowercase()])?;
        }
        w.write_all(b" ")?;
        write_u64(w, u64::from(v))?;
    }
    Ok(())
}

/// `RTA_MULTIPATH`: ` nexthop via GW dev X weight N` per `struct rtnexthop`
/// (`rtnh_len` u16, `rtnh_flags` u8, `rtnh_hops` u8 = weight - 1, `rtnh_ifindex` s32;
/// linux/rtnetlink.h), each followed by its route attributes.
fn multipath<W: Write + ?Sized>(
    w: &mut W,
    mut mp: &[u8],
    e: crate::wire::endian::Endian,
    it: &Item<'_, '_>,
) -> io::Result<()> {
    const RTNH_LEN: usize = 8;
    while let Some(len) = e.u16_at(mp, 0).map(usize::from).filter(|l| *l >= RTNH_LEN) {
        let Some(hop) = mp.get(..len) else { break };
        w.write_all(b" nexthop")?;
        let attrs = hop.get(RTNH_LEN..).unwrap_or(&[]);
        for a in Attrs::new(attrs, 0, e).map_while(Result::ok) {
            if usize::from(a.ty) == RTA_GATEWAY {
                w.write_all(b" via ")?;
                addr(w, a.value)?;
            }
        }
        if let Some(i) = e.u32_at(hop, 4) {
            dev(w, i64::from(i as i32), it)?;
        }
        if let Some(h) = hop.get(3) {
            w.write_all(b" weight ")?;
            write_u64(w, u64::from(*h) + 1)?;
        }
        mp = mp.get((len + 3) & !3..).unwrap_or(&[]);
    }
    Ok(())
}

fn neigh<W: Write + ?Sized>(w: &mut W, d: &Decoded<'_>, it: &Item<'_, '_>) -> io::Result<()> {
    let r = Raw::new(d, rt_neigh::NDMSG_STRUCT.size);
    if let Some(dst) = r.attr(NDA_DST) {
        w.write_all(b" ")?;
        addr(w, dst)?;
    }
    if let Some(i) = r.u32(NDM_IFINDEX).filter(|i| *i != 0) {
        dev(w, i64::from(i as i32), it)?;
    }
    if let Some(ll) = r.attr(NDA_LLADDR) {
        w.write_all(b" lladdr ")?;
        write_hex(w, ll, Some(b':'))?;
    }
    if let Some(m) = r.attr_u32(NDA_MASTER) {
        w.write_all(b" master ")?;
        ifname(w, i64::from(m as i32), it)?;
    }
    if let Some(v) = r.attr(NDA_VLAN).and_then(|v| r.e.u16_at(v, 0)) {
        w.write_all(b" vlan ")?;
        write_u64(w, u64::from(v))?;
    }
    if let Some(f) = r.u8(NDM_FLAGS).filter(|f| *f != 0) {
        flag_words(
            w,
            &rt_neigh::NTF_FLAGS_ENUM,
            u64::from(f),
            Case::Lower,
            None,
            0,
        )?;
    }
    if let Some(s) =
        r.e.u16_at(r.hdr, NDM_STATE.min(usize::MAX - 2))
            .filter(|s| *s != 0)
    {
        w.write_all(b" ")?;
        flag_words(
            w,
            &rt_neigh::NUD_STATE_ENUM,
            u64::from(s),
            Case::Upper,
            Some(b","),
            0,
        )?;
    }
    Ok(())
}

fn rule<W: Write + ?Sized>(w: &mut W, d: &Decoded<'_>, it: &Item<'_, '_>) -> io::Result<()> {
    let r = Raw::new(d, rt_rule::FIB_RULE_HDR_STRUCT.size);
    let _ = it;
    w.write_all(b" pref ")?;
    write_u64(w, u64::from(r.attr_u32(FRA_PRIORITY).unwrap_or(0)))?;
    // FIB_RULE_INVERT (linux/fib_rules.h).
    if r.u32(FR_FLAGS).is_some_and(|f| f & 2 != 0) {
        w.write_all(b" not")?;
    }
    w.write_all(b" from ")?;
    match r.attr(FRA_SRC) {
        Some(src) => prefix(w, src, r.u8(FR_SRC_LEN))?,
        None => w.write_all(b"all")?,
    }
    if let Some(dst) = r.attr(FRA_DST) {
        w.write_all(b" to ")?;
        prefix(w, dst, r.u8(FR_DST_LEN))?;
    }
    if let Some(t) = r.u8(FR_TOS).filter(|t| *t != 0) {
        w.write_all(b" tos ")?;
        write_hex_u64(w, u64::from(t))?;
    }
    if let Some(m) = r.attr_u32(FRA_FWMARK) {
        w.write_all(b" fwmark ")?;
        write_hex_u64(w, u64::from(m))?;
        if let Some(k) = r.attr_u32(FRA_FWMASK).filter(|k| *k != u32::MAX) {
            w.write_all(b"/")?;
            write_hex_u64(w, u64::from(k))?;
        }
    }
    if let Some(i) = r.attr(FRA_IIFNAME) {
        w.write_all(b" iif ")?;
        string(w, i)?;
    }
    if let Some(o) = r.attr(FRA_OIFNAME) {
        w.write_all(b" oif ")?;
        string(w, o)?;
    }
    if let Some(p) = r.attr(FRA_IP_PROTO).and_then(|v| v.first().copied()) {
        w.write_all(b" ipproto ")?;
        match IP_PROTOCOLS.iter().find(|(n, _)| *n == p) {
            Some((_, name)) => w.write_all(name.as_bytes())?,
            None => write_u64(w, u64::from(p))?,
        }
    }
    for (key, ty) in [
        (&b" sport "[..], FRA_SPORT_RANGE),
        (&b" dport "[..], FRA_DPORT_RANGE),
    ] {
        if let Some(v) = r.attr(ty) {
            let (s, e) = (r.e.u16_at(v, FR_PORT_START), r.e.u16_at(v, FR_PORT_END));
            if let (Some(s), Some(e)) = (s, e) {
                w.write_all(key)?;
                write_u64(w, u64::from(s))?;
                if e != s {
                    w.write_all(b"-")?;
                    write_u64(w, u64::from(e))?;
                }
            }
        }
    }
    let action = r.u8(FR_ACTION).unwrap_or(0);
    let act = rt_rule::FR_ACT_ENUM.name_of(u64::from(action));
    let t = r
        .attr_u32(FRA_TABLE)
        .or_else(|| r.u8(FR_TABLE).map(u32::from));
    if r.attr(FRA_L3MDEV)
        .and_then(|v| v.first().copied())
        .is_some_and(|v| v != 0)
    {
        w.write_all(b" lookup [l3mdev-table]")?;
    } else if let Some(t) = t.filter(|t| *t != 0) {
        table_name(w, b" lookup ", t)?;
    }
    if let Some(p) = r
        .attr_u32(FRA_SUPPRESS_PREFIXLEN)
        .filter(|p| *p != u32::MAX)
    {
        w.write_all(b" suppress_prefixlength ")?;
        write_u64(w, u64::from(p))?;
    }
    match act {
        Some("to-tbl") | None => {}
        Some("goto") => {
            w.write_all(b" goto ")?;
            write_u64(w, u64::from(r.attr_u32(FRA_GOTO).unwrap_or(0)))?;
        }
        Some(a) => {
            w.write_all(b" ")?;
            w.write_all(a.as_bytes())?;
        }
    }
    Ok(())
}

fn nexthop_facts<W: Write + ?Sized>(
    w: &mut W,
    d: &Decoded<'_>,
    it: &Item<'_, '_>,
) -> io::Result<()> {
    let r = Raw::new(d, nexthop::NHMSG.size);
    if let Some(id) = r.attr_u32(NHA_ID) {
        w.write_all(b" id ")?;
        write_u64(w, u64::from(id))?;
    }
    if let Some(g) = r.attr(NHA_GROUP) {
        w.write_all(b" group ")?;
        let size = nexthop::NEXTHOP_GRP.size.max(1);
        for (i, m) in g.chunks(size).enumerate() {
            if i > 0 {
                w.write_all(b"/")?;
            }
            write_u64(w, u64::from(r.e.u32_at(m, NHG_ID).unwrap_or(0)))?;
            if let Some(wt) = m.get(NHG_WEIGHT).filter(|w| **w != 0) {
                w.write_all(b",")?;
                write_u64(w, u64::from(*wt) + 1)?;
            }
        }
    }
    if let Some(t) = r
        .attr(NHA_GROUP_TYPE)
        .and_then(|v| r.e.u16_at(v, 0))
        .filter(|t| *t != 0)
    {
        word(
            w,
            b" type ",
            &nexthop::NEXTHOP_GRP_TYPE,
            u64::from(t),
            Case::Lower,
        )?;
    }
    if let Some(res) = r.attr(NHA_RES_GROUP) {
        for a in Attrs::new(res, 0, r.e).map_while(Result::ok) {
            let key: &[u8] = match usize::from(a.ty) {
                NHA_RES_GROUP_BUCKETS => b" buckets ",
                NHA_RES_GROUP_IDLE_TIMER => b" idle_timer ",
                NHA_RES_GROUP_UNBALANCED_TIMER => b" unbalanced_timer ",
                NHA_RES_GROUP_UNBALANCED_TIME => b" unbalanced_time ",
                _ => continue,
            };
            let v = match a.value.len() {
                2 => r.e.u16_at(a.value, 0).map(u64::from),
                4 => r.e.u32_at(a.value, 0).map(u64::from),
                _ => r.e.u64_at(a.value, 0),
            };
            if let Some(v) = v {
                w.write_all(key)?;
                // The timers are clock ticks, shown in seconds as iproute2 does.
                let ticks = usize::from(a.ty) != NHA_RES_GROUP_BUCKETS;
                write_u64(w, if ticks { v / USER_HZ } else { v })?;
            }
        }
    }
    if r.attr(NHA_BLACKHOLE).is_some() {
        w.write_all(b" blackhole")?;
    }
    if let Some(gw) = r.attr(NHA_GATEWAY) {
        w.write_all(b" via ")?;
        addr(w, gw)?;
    }
    if let Some(o) = r.attr_u32(NHA_OIF) {
        dev(w, i64::from(o as i32), it)?;
    }
    if let Some(s) = r
        .u8(NH_SCOPE)
        .filter(|s| u64::from(*s) != RT_SCOPE_UNIVERSE)
    {
        word(w, b" scope ", &RT_SCOPE, u64::from(s), Case::Lower)?;
    }
    if let Some(p) = r.u8(NH_PROTOCOL).filter(|p| *p != 0) {
        word(w, b" proto ", &RTPROT, u64::from(p), Case::Lower)?;
    }
    if let Some(f) = r.u32(NH_FLAGS).filter(|f| *f != 0) {
        flag_words(w, &RTM_FLAGS, u64::from(f), Case::Lower, None, 0)?;
    }
    if r.attr(NHA_FDB).is_some() {
        w.write_all(b" fdb")?;
    }
    Ok(())
}

fn netconf_facts<W: Write + ?Sized>(
    w: &mut W,
    d: &Decoded<'_>,
    it: &Item<'_, '_>,
) -> io::Result<()> {
    let r = Raw::new(d, netconf::NETCONFMSG.size);
    if let Some(f) = r.u8(NCM_FAMILY) {
        word(
            w,
            b" ",
            &crate::families::names::AF,
            u64::from(f),
            Case::Lower,
        )?;
    }
    if let Some(i) = r.attr_u32(NETCONFA_IFINDEX) {
        // NETCONFA_IFINDEX_ALL -1, NETCONFA_IFINDEX_DEFAULT -2 (linux/netconf.h).
        w.write_all(b" ")?;
        match i as i32 {
            -1 => w.write_all(b"all")?,
            -2 => w.write_all(b"default")?,
            i => ifname(w, i64::from(i), it)?,
        }
    }
    let onoff = |w: &mut W, key: &[u8], ty: usize| -> io::Result<()> {
        if let Some(v) = r.attr_u32(ty) {
            w.write_all(key)?;
            w.write_all(if v != 0 { b"on" } else { b"off" })?;
        }
        Ok(())
    };
    onoff(w, b" forwarding ", NETCONFA_FORWARDING)?;
    if let Some(v) = r.attr_u32(NETCONFA_RP_FILTER) {
        w.write_all(b" rp_filter ")?;
        match v {
            0 => w.write_all(b"off")?,
            1 => w.write_all(b"strict")?,
            2 => w.write_all(b"loose")?,
            n => write_u64(w, u64::from(n))?,
        }
    }
    onoff(w, b" mc_forwarding ", NETCONFA_MC_FORWARDING)?;
    onoff(w, b" proxy_neigh ", NETCONFA_PROXY_NEIGH)?;
    onoff(
        w,
        b" ignore_routes_with_linkdown ",
        NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN,
    )?;
    onoff(w, b" input ", NETCONFA_INPUT)?;
    Ok(())
}
