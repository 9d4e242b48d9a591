//! Replay planning, rewriting and judging: the pure half of `nlscope replay` (the
//! sockets and namespaces are in [`crate::os::replay`]).
//!
//! [`plan`] walks a capture in order and takes every user-to-kernel request
//! (`NLM_F_REQUEST`), with what the capture says the kernel answered (paired by
//! protocol, port id and sequence number: ack, errno and extended-ACK message, number
//! of replies), the generic-netlink family name of its id (learned from the capture's
//! nlctrl messages by [`crate::families::decode::Context`]), and the interface names of the
//! interface indexes it carries (learned from `RTM_NEWLINK`/`RTM_DELLINK` messages seen
//! before it: `ifi_index` + `IFLA_IFNAME`).
//!
//! [`rewrite`] makes the bytes to send: sequence number and port id replaced, the genl
//! family id replaced by the replay kernel's id for the same name (in the header, and
//! `CTRL_ATTR_FAMILY_ID` inside nlctrl requests: [`FamilyRef`]; a family the replay
//! kernel lacks gets [`ABSENT_FAMILY_ID`], so nlctrl answers ENOENT), and these
//! interface index fields replaced by the replay namespace's index of the same name (0
//! and negative values are never touched):
//!
//! | message types | field | where |
//! |---|---|---|
//! | RTM_{NEW,DEL,GET,SET}LINK 16–19 | `ifi_index`, `IFLA_LINK` (5), `IFLA_MASTER` (10) | ifinfomsg +4; attributes |
//! | the same, inside `IFLA_LINKINFO` › `IFLA_INFO_DATA`, by kind | veth/vxcan/netkit peer (attribute 1): its `ifi_index` and its own `IFLA_LINK`/`IFLA_MASTER`; vxlan `IFLA_VXLAN_LINK` (3); gre/gretap/ip6gre/ip6gretap/erspan/ip6erspan `IFLA_GRE_LINK` (1); ipip/sit/ip6tnl `IFLA_IPTUN_LINK` (1); vti/vti6 `IFLA_VTI_LINK` (1); xfrm `IFLA_XFRM_LINK` (1); bond `IFLA_BOND_ACTIVE_SLAVE` (2), `IFLA_BOND_PRIMARY` (11) | nested attributes |
//! | RTM_{NEW,DEL,GET}ADDR 20–22, RTM_GETMULTICAST 58, RTM_GETANYCAST 62 | `ifa_index` | ifaddrmsg +4 |
//! | RTM_{NEW,DEL,GET}ROUTE 24–26 | `RTA_IIF` (3), `RTA_OIF` (4), each `rtnh_ifindex` of `RTA_MULTIPATH` (9) | attributes after rtmsg (12 bytes); rtnexthop +4 |
//! | RTM_{NEW,DEL,GET}NEIGH 28–30 | `ndm_ifindex`, `NDA_IFINDEX` (8), `NDA_MASTER` (9) | ndmsg +4; attributes |
//! | RTM_*QDISC/TCLASS/TFILTER/CHAIN 36–47, 100–102 | `tcm_ifindex` | tcmsg +4 |
//! | RTM_{NEW,GET}NETCONF 80, 82 | `NETCONFA_IFINDEX` (1) | attributes after netconfmsg (4 bytes) |
//! | RTM_{NEW,GET}STATS 92, 94 | `ifindex` | if_stats_msg +4 |
//! | RTM_{NEW,DEL,GET}NEXTHOP 104–106 | `NHA_OIF` (5) | attributes after nhmsg (8 bytes) |
//! | RTM_{NEW,DEL,GET}MDB 84–86, RTM_*VLAN 112–114 | `ifindex` | br_port_msg / br_vlan_msg +4 |
//!
//! | generic netlink by family name | ethtool `ETHTOOL_A_HEADER_DEV_INDEX` (header nest 1 › 1); mptcp_pm `MPTCP_PM_ADDR_ATTR_IF_IDX` (1 › 7); nl80211 `NL80211_ATTR_IFINDEX` (3) | attributes after genlmsghdr (4 bytes) |
//!
//! Not remapped (the request goes as captured): indexes inside tc actions (mirred)
//! and other generic-netlink families' attributes.
//!
//! What is not sent at all ([`scope`]): requests of protocols, generic-netlink families
//! and nfnetlink subsystems whose state is not per network namespace, and link requests
//! naming another namespace (`IFLA_NET_NS_PID`/`_FD`, `IFLA_LINK_NETNSID`,
//! `IFLA_TARGET_NETNSID`, also inside a peer; every duplicate is looked at). These are
//! the second wall; the first is the sandbox the replay runs in
//! ([`crate::os::sandbox`]).
//!
//! [`judge`] compares the original outcome with the replayed one and says whether they
//! match, differ for a known reason, or differ unexplained. They match when the errno,
//! the extended-ACK message, the number of replies and the deterministic part of each
//! reply ([`reply_contents`]) agree; a dump's entries are compared as a multiset, and a
//! dump that differs is explained as other state, naming the entries only on one side.

use crate::families::consts::{
    is_link_message, AF_BRIDGE, IFLA_LINKINFO, RTM_DELLINK, RTM_NEWLINK, RTM_SETLINK,
};
use crate::families::decode::{decode_message, Body, Context};
use crate::record::{read_all, CaptureError, Timestamp};
use crate::wire::endian::Endian;
use crate::wire::nlmsg::{flags, Header, Messages, OpKind};
use crate::wire::protocol::{GENL_ID_CTRL, NETLINK_GENERIC, NETLINK_NETFILTER, NETLINK_ROUTE};
use std::collections::HashMap;

pub mod scope;

/// What the kernel answered one request.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Outcome {
    /// An `NLMSG_ERROR` or `NLMSG_DONE` was seen.
    pub answered: bool,
    /// The error of the final `NLMSG_ERROR`/`NLMSG_DONE` (0: ack / clean end).
    pub error: i32,
    /// The extended-ACK message, if any.
    pub extack: Option<String>,
    /// Messages answered besides the final ack/done (dump parts, GET replies, echoes).
    pub replies: u32,
    /// The deterministic part of each reply ([`reply_contents`]), in order.
    #[serde(skip)]
    pub contents: Vec<String>,
}

/// The part of a reply that does not depend on when or where it was made, as text:
/// the message type, the fixed-header fields and the top-level attributes listed
/// below (values in hex, attributes sorted by type so a kernel that emits them in
/// another order still compares equal). Everything else is left out: interface
/// indexes (they differ per namespace), statistics, timers and cache ages, link
/// addresses a kernel draws at random (dummy, veth, bridge MACs), carrier and
/// neighbour states (they change with timing), and attributes newer kernels add.
///
/// | reply | header fields kept | attributes kept |
/// |---|---|---|
/// | RTM_NEWLINK 16 | `ifi_type` | `IFLA_IFNAME` 3, `IFLA_MTU` 4, `IFLA_TXQLEN` 13, `IFLA_GROUP` 27 |
/// | RTM_NEWADDR 20 | `ifa_family`, `ifa_prefixlen`, `ifa_scope` | `IFA_ADDRESS` 1, `IFA_LOCAL` 2, `IFA_LABEL` 3, `IFA_BROADCAST` 4 |
/// | RTM_NEWROUTE 24 | `rtm_family` … `rtm_type` (8 bytes) | `RTA_DST` 1, `RTA_SRC` 2, `RTA_GATEWAY` 5, `RTA_PRIORITY` 6, `RTA_PREFSRC` 7, `RTA_TABLE` 15 |
/// | RTM_NEWNEIGH 28 | `ndm_family`, `ndm_type` | `NDA_DST` 1, `NDA_LLADDR` 2 |
/// | RTM_NEWRULE 32 | all 12 bytes of `fib_rule_hdr` | `FRA_DST` 1, `FRA_SRC` 2, `FRA_PRIORITY` 6, `FRA_TABLE` 15 |
/// | nlctrl `CTRL_CMD_NEWFAMILY` | `cmd` | `CTRL_ATTR_FAMILY_NAME` 2 |
/// | anything else | — (the message type only) | — |
pub fn reply_contents(protocol: u16, msg: &[u8], e: Endian) -> String {
    use Shown::{Hex, Ip, Num, Str};
    let ty = e.u16_at(msg, 4).unwrap_or(0);
    let body = msg.get(16..).unwrap_or_default();
    let (name, hlen, keep_hdr, keep): (String, usize, KeepHeader, KeepAttrs) = match (protocol, ty)
    {
        (NETLINK_ROUTE, 16) => (
            "RTM_NEWLINK".into(),
            16,
            &[("ifi_type", 2..4)],
            &[
                (3, "IFLA_IFNAME", Str),
                (4, "IFLA_MTU", Num),
                (13, "IFLA_TXQLEN", Num),
                (27, "IFLA_GROUP", Num),
            ],
        ),
        (NETLINK_ROUTE, 20) => (
            "RTM_NEWADDR".into(),
            8,
            &[
                ("ifa_family", 0..1),
                ("ifa_prefixlen", 1..2),
                ("ifa_scope", 3..4),
            ],
            &[
                (1, "IFA_ADDRESS", Ip),
                (2, "IFA_LOCAL", Ip),
                (3, "IFA_LABEL", Str),
                (4, "IFA_BROADCAST", Ip),
            ],
        ),
        (NETLINK_ROUTE, 24) => (
            "RTM_NEWROUTE".into(),
            12,
            &[("rtmsg", 0..8)],
            &[
                (1, "RTA_DST", Ip),
                (2, "RTA_SRC", Ip),
                (5, "RTA_GATEWAY", Ip),
                (6, "RTA_PRIORITY", Num),
                (7, "RTA_PREFSRC", Ip),
                (15, "RTA_TABLE", Num),
            ],
        ),
        (NETLINK_ROUTE, 28) => (
            "RTM_NEWNEIGH".into(),
            12,
            &[("ndm_family", 0..1), ("ndm_type", 11..12)],
            &[(1, "NDA_DST", Ip), (2, "NDA_LLADDR", Hex)],
        ),
        (NETLINK_ROUTE, 32) => (
            "RTM_NEWRULE".into(),
            12,
            &[("fib_rule_hdr", 0..12)],
            &[
                (1, "FRA_DST", Ip),
                (2, "FRA_SRC", Ip),
                (6, "FRA_PRIORITY", Num),
                (15, "FRA_TABLE", Num),
            ],
        ),
        (NETLINK_GENERIC, GENL_ID_CTRL) => (
            "nlctrl".into(),
            4,
            &[("cmd", 0..1)],
            &[(2, "CTRL_ATTR_FAMILY_NAME", Str)],
        ),
        // Another family's id is the kernel's choice: keep only the command.
        (NETLINK_GENERIC, _) => ("genl".into(), 4, &[("cmd", 0..1)], &[]),
        _ => (format!("type {ty}"), 0, &[], &[]),
    };
    let mut out = name;
    for (n, r) in keep_hdr {
        if let Some(b) = body.get(r.clone()) {
            out.push_str(&format!(" {n}={}", Shown::Num.show(b, e)));
        }
    }
    if keep.is_empty() {
        return out;
    }
    let start = 16 + crate::wire::nlmsg::align4(hlen);
    let mut attrs: Vec<(u16, String)> = msg
        .get(start..)
        .map(|rest| {
            crate::wire::attr::Attrs::new(rest, start, e)
                .map_while(Result::ok)
                .filter_map(|a| {
                    let (_, n, how) = keep.iter().find(|(t, _, _)| *t == a.ty)?;
                    Some((a.ty, format!("{n}={}", how.show(a.value, e))))
                })
                .collect()
        })
        .unwrap_or_default();
    attrs.sort();
    for (_, a) in attrs {
        out.push(' ');
        out.push_str(&a);
    }
    out
}

/// Fixed-header fields [`reply_contents`] keeps: (name, byte range after nlmsghdr).
type KeepHeader = &'static [(&'static str, std::ops::Range<usize>)];
/// Attributes [`reply_contents`] keeps: (type, name, how shown).
type KeepAttrs = &'static [(u16, &'static str, Shown)];

/// How [`reply_contents`] shows a kept attribute.
#[derive(Clone, Copy, Debug)]
enum Shown {
    Hex,
    Num,
    Str,
    Ip,
}

impl Shown {
    fn show(self, v: &[u8], e: Endian) -> String {
        match (self, v.len()) {
            (Shown::Str, _) => format!("{:?}", cstr(v)),
            (Shown::Ip, 4 | 16) => match (<[u8; 4]>::try_from(v), <[u8; 16]>::try_from(v)) {
                (Ok(a), _) => std::net::Ipv4Addr::from(a).to_string(),
                (_, Ok(a)) => std::net::Ipv6Addr::from(a).to_string(),
                _ => hex(v),
            },
            (Shown::Num, 1) => v.first().map_or_else(String::new, u8::to_string),
            (Shown::Num, 2) => e.u16_at(v, 0).map_or_else(String::new, |n| n.to_string()),
            (Shown::Num, 4) => e.u32_at(v, 0).map_or_else(String::new, |n| n.to_string()),
            _ => hex(v),
        }
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// For a dump: the entries only in the capture and only in the replay (multisets of
/// [`reply_contents`]).
fn dump_only(a: &Outcome, b: &Outcome) -> (Vec<String>, Vec<String>) {
    let mut left: Vec<String> = Vec::new();
    let mut right = b.contents.clone();
    for x in &a.contents {
        if let Some(i) = right.iter().position(|y| y == x) {
            right.swap_remove(i);
        } else {
            left.push(x.clone());
        }
    }
    right.sort();
    (left, right)
}

fn list(v: &[String]) -> String {
    let shown: Vec<&str> = v.iter().take(4).map(String::as_str).collect();
    let more = v.len().saturating_sub(shown.len());
    let mut s = shown.join("; ");
    if more > 0 {
        s.push_str(&format!("; … {more} more"));
    }
    s
}

/// Why a dump lists different entries: which entries, and the family-specific cause
/// where one is known.
fn dump_reason(r: &Request, o: &Outcome, replayed: &Outcome) -> String {
    let (only_cap, only_rep) = dump_only(o, replayed);
    let mut s = format!(
        "dump of different state: {} entries in the capture, {} in the replay namespace",
        o.replies, replayed.replies
    );
    if r.protocol == NETLINK_GENERIC && r.msg_type() == GENL_ID_CTRL && only_rep.is_empty() {
        s.push_str("; nlctrl lists the families not marked netnsok in the initial namespace only");
    } else if r.protocol == 4 {
        s.push_str("; the sockets of the capturing namespace's programs are not in the replay namespace, which holds the replay's own and the kernel's");
    }
    let cmp = o.contents.len() == o.replies as usize;
    if cmp && !only_cap.is_empty() {
        s.push_str(&format!("; only in the capture: {}", list(&only_cap)));
    }
    if cmp && !only_rep.is_empty() {
        s.push_str(&format!("; only in the replay: {}", list(&only_rep)));
    }
    s
}

/// The first difference between two outcomes' reply contents, if any: in order for a
/// lookup, as multisets for a dump (a dump's order follows hash tables and creation
/// order, not the request).
fn contents_differ(a: &Outcome, b: &Outcome, dump: bool) -> Option<String> {
    let (mut x, mut y) = (a.contents.clone(), b.contents.clone());
    if dump {
        x.sort();
        y.sort();
    }
    x.iter()
        .zip(&y)
        .enumerate()
        .find(|(_, (p, q))| p != q)
        .map(|(i, (p, q))| format!("reply {}: capture `{p}`, replay `{q}`", i + 1))
        .or_else(|| {
            (x.len() != y.len())
                .then(|| format!("{} replies compared, {} replayed", x.len(), y.len()))
        })
}

impl Outcome {
    /// `ack`, `done`, `EINVAL "msg"`, `no answer`, with `+N replies`.
    pub fn describe(&self) -> String {
        let mut s = if !self.answered {
            "no answer".to_owned()
        } else if self.error == 0 {
            "ok".to_owned()
        } else {
            let n = self.error.saturating_neg();
            crate::families::errno::errno(n)
                .map_or_else(|| format!("errno {n}"), |(name, _)| name.to_owned())
        };
        if let Some(m) = &self.extack {
            s.push_str(&format!(" {:?}", m));
        }
        if self.replies > 0 {
            s.push_str(&format!(" +{} replies", self.replies));
        }
        s
    }
}

/// A reference to an interface index inside a request.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct IfRef {
    /// Byte offset of the 4-byte index in the message.
    pub offset: usize,
    /// Field name (`ifi_index`, `RTA_OIF`, …).
    pub field: &'static str,
    /// The index in the capture.
    pub index: i32,
    /// Its interface name in the capture at the time of the request, if known.
    pub name: Option<String>,
    /// The index named a device that had been deleted (or moved away) by then: the
    /// rewrite puts an index no device has ([`GONE_IFINDEX`]), so the kernel answers as
    /// it did.
    pub gone: bool,
}

/// A `CTRL_ATTR_FAMILY_ID` inside an nlctrl request: a generic-netlink family id of
/// the capturing kernel, rewritten to the replay kernel's id of the same name.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FamilyRef {
    /// Byte offset of the 2-byte id in the message.
    pub offset: usize,
    /// The id in the capture.
    pub id: u16,
    /// Its family name, learned from the capture's nlctrl messages.
    pub name: Option<String>,
}

/// The family id a `CTRL_ATTR_FAMILY_ID` of a family this kernel lacks is sent with:
/// no family has it (ids are allocated from 0x11 up), so nlctrl answers ENOENT as for
/// any absent family.
pub const ABSENT_FAMILY_ID: u16 = 0xfff0;

/// The index a request about a device gone in the capture is sent with.
pub const GONE_IFINDEX: i32 = 0x7fff_fff0;

/// One request of the capture.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Request {
    /// Capture frame number.
    pub frame: u64,
    /// Capture time (seconds, nanoseconds).
    pub ts: (i64, u32),
    /// Netlink protocol.
    pub protocol: u16,
    /// Message type name, when known.
    pub name: String,
    /// `nlmsg_flags`.
    pub flags: u16,
    /// GET-like (a lookup or a dump): changes nothing.
    pub is_get: bool,
    /// The message bytes as captured.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// Byte order of the capture.
    #[serde(skip)]
    pub endian: Endian,
    /// The genl family name, for generic netlink.
    pub genl_family: Option<String>,
    /// Interface index fields.
    pub ifrefs: Vec<IfRef>,
    /// `CTRL_ATTR_FAMILY_ID` of an nlctrl request.
    pub family_ids: Vec<FamilyRef>,
    /// `IFLA_INFO_KIND` of a link request.
    pub link_kind: Option<String>,
    /// The capture frame of the nfnetlink batch (`NFNL_MSG_BATCH_BEGIN` … `_END` in
    /// one datagram) this message belongs to: the replay sends the batch whole.
    pub batch: Option<u64>,
    /// An attribute that points at another namespace (`IFLA_NET_NS_PID`, …).
    pub other_netns: Option<&'static str>,
    /// The original outcome, from the capture.
    pub original: Outcome,
    #[serde(skip)]
    key: (u16, u32, u32),
}

/// A capture's requests, in order.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// The requests.
    pub requests: Vec<Request>,
    /// Why reading stopped early, if it did (the requests before are kept).
    pub read_error: Option<CaptureError>,
    /// Records skipped because they could not be read as records (shorter than their
    /// link-layer header, [`CaptureError::is_record_error`]): how many, and the first.
    pub malformed: (u64, Option<CaptureError>),
}

fn i32_at(e: Endian, b: &[u8], at: usize) -> Option<i32> {
    e.u32_at(b, at).map(|v| i32::from_ne_bytes(v.to_ne_bytes()))
}

/// (header length, attributes that hold an ifindex) of rtnetlink type `ty`, and whether
/// the fixed header has an index at +4 (payload offsets).
/// Attributes (type, name) that hold an interface index.
type IfAttrs = &'static [(u16, &'static str)];

fn route_layout(ty: u16) -> Option<(usize, bool, IfAttrs)> {
    Some(match ty {
        RTM_NEWLINK..=RTM_SETLINK => (16, true, &[]),
        20..=22 | 58 | 62 => (8, true, &[]),
        24..=26 => (12, false, &[(3, "RTA_IIF"), (4, "RTA_OIF")]),
        28..=30 => (12, true, &[(8, "NDA_IFINDEX"), (9, "NDA_MASTER")]),
        36..=47 | 100..=102 => (20, true, &[]),
        80 | 82 => (4, false, &[(1, "NETCONFA_IFINDEX")]),
        92 | 94 => (12, true, &[]),
        104..=106 => (8, false, &[(5, "NHA_OIF")]),
        84..=86 | 112..=114 => (8, true, &[]),
        _ => return None,
    })
}

fn header_field(ty: u16) -> &'static str {
    match ty {
        RTM_NEWLINK..=RTM_SETLINK => "ifi_index",
        20..=22 | 58 | 62 => "ifa_index",
        28..=30 => "ndm_ifindex",
        36..=47 | 100..=102 => "tcm_ifindex",
        _ => "ifindex",
    }
}

/// Interface-index attributes inside `IFLA_INFO_DATA` (by `IFLA_INFO_KIND`), from the
/// kernel's `if_link.h`: the lower device of tunnels and vxlan, a bond's active and
/// primary port, an xfrm interface's link.
fn link_kind_ifattrs(kind: &str) -> IfAttrs {
    match kind {
        "vxlan" => &[(3, "IFLA_VXLAN_LINK")],
        "gre" | "gretap" | "ip6gre" | "ip6gretap" | "erspan" | "ip6erspan" => {
            &[(1, "IFLA_GRE_LINK")]
        }
        "ipip" | "sit" | "ip6tnl" => &[(1, "IFLA_IPTUN_LINK")],
        "vti" | "vti6" => &[(1, "IFLA_VTI_LINK")],
        "bond" => &[(2, "IFLA_BOND_ACTIVE_SLAVE"), (11, "IFLA_BOND_PRIMARY")],
        "xfrm" => &[(1, "IFLA_XFRM_LINK")],
        _ => &[],
    }
}

/// Kinds whose `IFLA_INFO_DATA` attribute 1 is a peer: `struct ifinfomsg` followed
/// by link attributes (`VETH_INFO_PEER`, `VXCAN_INFO_PEER`, `NETKIT_PEER_INFO`).
fn kind_has_peer(kind: &str) -> bool {
    matches!(kind, "veth" | "vxcan" | "netkit")
}

fn push_index(
    out: &mut Vec<(usize, &'static str, i32)>,
    e: Endian,
    a: &crate::wire::attr::Attr<'_>,
    name: &'static str,
) {
    if let Some(v) = i32_at(e, a.value, 0).filter(|&v| v > 0) {
        out.push((a.value_offset(), name, v));
    }
}

/// Link attributes starting at `start` of `msg`: `IFLA_LINK`, `IFLA_MASTER`, and inside
/// `IFLA_LINKINFO` the kind's index attributes and a peer's `ifi_index` and own link
/// attributes (one level: a peer has no peer).
fn link_ifindexes(
    msg: &[u8],
    start: usize,
    e: Endian,
    peer: bool,
    out: &mut Vec<(usize, &'static str, i32)>,
) {
    let Some(rest) = msg.get(start..) else {
        return;
    };
    for a in crate::wire::attr::Attrs::new(rest, start, e).map_while(Result::ok) {
        match a.ty {
            5 => push_index(
                out,
                e,
                &a,
                if peer { "peer IFLA_LINK" } else { "IFLA_LINK" },
            ),
            10 => push_index(
                out,
                e,
                &a,
                if peer {
                    "peer IFLA_MASTER"
                } else {
                    "IFLA_MASTER"
                },
            ),
            18 if !peer => {
                let info = crate::wire::attr::Attrs::new(a.value, a.value_offset(), e);
                let kind = info.get(1).map(|k| cstr(k.value)).unwrap_or_default();
                let Some(data) = info.get(2) else { continue };
                let data = crate::wire::attr::Attrs::new(data.value, data.value_offset(), e);
                for d in data.map_while(Result::ok) {
                    if d.ty == 1 && kind_has_peer(&kind) {
                        if let Some(v) = i32_at(e, d.value, 4).filter(|&v| v > 0) {
                            out.push((d.value_offset() + 4, "peer ifi_index", v));
                        }
                        link_ifindexes(msg, d.value_offset() + 16, e, true, out);
                    } else if let Some((_, name)) =
                        link_kind_ifattrs(&kind).iter().find(|(t, _)| *t == d.ty)
                    {
                        push_index(out, e, &d, name);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Interface-index attributes of generic-netlink requests, by family: (path of
/// attribute types from the top level, name). The families' own headers say so:
/// every ethtool request carries its header nest as attribute 1 with
/// `ETHTOOL_A_HEADER_DEV_INDEX` 1 inside; mptcp_pm's `MPTCP_PM_ATTR_ADDR` 1 holds
/// `MPTCP_PM_ADDR_ATTR_IF_IDX` 7; nl80211's `NL80211_ATTR_IFINDEX` is 3.
fn genl_ifattrs(family: &str) -> &'static [(&'static [u16], &'static str)] {
    match family {
        "ethtool" => &[(&[1, 1], "ETHTOOL_A_HEADER_DEV_INDEX")],
        "mptcp_pm" => &[(&[1, 7], "MPTCP_PM_ADDR_ATTR_IF_IDX")],
        "nl80211" => &[(&[3], "NL80211_ATTR_IFINDEX")],
        _ => &[],
    }
}

/// Interface-index fields of a generic-netlink request of `family` (after the 4-byte
/// genlmsghdr): (offset in the message, field, index).
fn genl_ifindex_fields(family: &str, msg: &[u8], e: Endian) -> Vec<(usize, &'static str, i32)> {
    let mut out = Vec::new();
    for (path, name) in genl_ifattrs(family) {
        let Some((last, outer)) = path.split_last() else {
            continue;
        };
        let mut scope = Some((msg.get(20..).unwrap_or_default(), 20usize));
        for ty in outer {
            scope = scope.and_then(|(b, at)| {
                crate::wire::attr::Attrs::new(b, at, e)
                    .get(*ty)
                    .map(|a| (a.value, a.value_offset()))
            });
        }
        if let Some((b, at)) = scope {
            for a in crate::wire::attr::Attrs::new(b, at, e).map_while(Result::ok) {
                if a.ty == *last {
                    push_index(&mut out, e, &a, name);
                }
            }
        }
    }
    out
}

/// Interface-index fields of a route message: (offset in the message, field, index).
fn ifindex_fields(msg: &[u8], e: Endian) -> Vec<(usize, &'static str, i32)> {
    let mut out = Vec::new();
    let Some(ty) = e.u16_at(msg, 4) else {
        return out;
    };
    let Some((hlen, at4, attrs)) = route_layout(ty) else {
        return out;
    };
    if at4 {
        if let Some(v) = i32_at(e, msg, 20).filter(|&v| v > 0) {
            out.push((20, header_field(ty), v));
        }
    }
    let start = 16 + crate::wire::nlmsg::align4(hlen);
    if is_link_message(ty) {
        link_ifindexes(msg, start, e, false, &mut out);
        return out;
    }
    let Some(rest) = msg.get(start..) else {
        return out;
    };
    for a in crate::wire::attr::Attrs::new(rest, start, e).map_while(Result::ok) {
        if let Some((_, name)) = attrs.iter().find(|(t, _)| *t == a.ty) {
            push_index(&mut out, e, &a, name);
        }
        // RTA_MULTIPATH: struct rtnexthop { u16 len; u8 flags; u8 hops; i32 ifindex }
        // records, each followed by its own attributes.
        if (24..=26).contains(&ty) && a.ty == 9 {
            let mut at = 0usize;
            while let Some(len) = e.u16_at(a.value, at).map(usize::from) {
                if len < 8 {
                    break;
                }
                if let Some(v) = i32_at(e, a.value, at + 4).filter(|&v| v > 0) {
                    out.push((a.value_offset() + at + 4, "rtnh_ifindex", v));
                }
                at += crate::wire::nlmsg::align4(len);
            }
        }
    }
    out
}

/// Link attributes: (`IFLA_IFNAME`, `IFLA_INFO_KIND`, namespace attribute).
///
/// The name and kind are the ones the kernel uses: the last of duplicates, inside the
/// last `IFLA_LINKINFO`. The namespace attribute is looked for in every copy (at the
/// top level, and in each peer of each `IFLA_INFO_DATA` of each `IFLA_LINKINFO` when
/// any of its kinds has a peer), so no arrangement of duplicates hides one. This is
/// the second line of defence: the sandbox ([`crate::os::sandbox`]) is the first.
fn link_attrs(msg: &[u8], e: Endian) -> (Option<String>, Option<String>, Option<&'static str>) {
    let start = 32;
    let Some(rest) = msg.get(start..) else {
        return (None, None, None);
    };
    let top = crate::wire::attr::Attrs::new(rest, start, e);
    let name = top.get(3).map(|a| cstr(a.value));
    let kind = top
        .get(IFLA_LINKINFO)
        .and_then(|info| crate::wire::attr::Attrs::new(info.value, 0, e).get(1))
        .map(|k| cstr(k.value));
    let mut netns = other_netns_attr(rest, e, false);
    for info in top
        .clone()
        .map_while(Result::ok)
        .filter(|a| a.ty == IFLA_LINKINFO)
    {
        let info = crate::wire::attr::Attrs::new(info.value, 0, e);
        let peers = info
            .clone()
            .map_while(Result::ok)
            .any(|k| k.ty == 1 && kind_has_peer(&cstr(k.value)));
        if !peers {
            continue;
        }
        for data in info.map_while(Result::ok).filter(|a| a.ty == 2) {
            for peer in crate::wire::attr::Attrs::new(data.value, 0, e)
                .map_while(Result::ok)
                .filter(|a| a.ty == 1)
            {
                let attrs = peer.value.get(16..).unwrap_or_default();
                netns = netns.or(other_netns_attr(attrs, e, true));
            }
        }
    }
    (name, kind, netns)
}

/// The first link attribute that names another network namespace.
fn other_netns_attr(attrs: &[u8], e: Endian, peer: bool) -> Option<&'static str> {
    crate::wire::attr::Attrs::new(attrs, 0, e)
        .map_while(Result::ok)
        .find_map(|a| match (a.ty, peer) {
            (19, false) => Some("IFLA_NET_NS_PID"),
            (28, false) => Some("IFLA_NET_NS_FD"),
            (37, false) => Some("IFLA_LINK_NETNSID"),
            (46, false) => Some("IFLA_TARGET_NETNSID"),
            (19, true) => Some("peer IFLA_NET_NS_PID"),
            (28, true) => Some("peer IFLA_NET_NS_FD"),
            (37, true) => Some("peer IFLA_LINK_NETNSID"),
            (46, true) => Some("peer IFLA_TARGET_NETNSID"),
            _ => None,
        })
}

fn cstr(b: &[u8]) -> String {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(b.get(..end).unwrap_or_default()).into_owned()
}

/// Reads a capture and returns its requests with their original outcomes.
pub fn plan(capture: &[u8]) -> Result<Plan, CaptureError> {
    let reader = read_all(capture)?;
    let mut ctx = Context::new();
    let mut out = Plan::default();
    let mut names: HashMap<i32, String> = HashMap::new();
    // First name of each index anywhere in the capture: a request that names a device
    // created just before it (its notification not seen yet) still gets a name.
    let mut ever: HashMap<i32, String> = HashMap::new();
    let mut gone: std::collections::HashSet<i32> = std::collections::HashSet::new();
    // (protocol, seq) -> requests, latest last. iproute2 sends port id 0 in its
    // requests; the kernel answers with the socket's port id, which then binds it.
    let mut pending: HashMap<(u16, u32), Vec<usize>> = HashMap::new();
    let mut endian = Endian::NATIVE;
    for rec in reader {
        let rec = match rec {
            Ok(r) => r,
            Err(e) if e.is_record_error() => {
                out.malformed.0 += 1;
                out.malformed.1.get_or_insert(e);
                continue;
            }
            Err(e) => {
                out.read_error = Some(e);
                break;
            }
        };
        let proto = rec.link.protocol;
        endian = Endian::detect(rec.payload, rec.orig_len as usize, endian);
        // NFNL_MSG_BATCH_BEGIN (16) as a request of a netfilter record: the record's
        // requests are one batch.
        let batch = (proto == NETLINK_NETFILTER
            && Messages::new(rec.payload, endian)
                .map_while(Result::ok)
                .any(|m| m.header.ty == RTM_NEWLINK && m.header.flags & flags::NLM_F_REQUEST != 0))
        .then_some(rec.frame);
        for m in Messages::new(rec.payload, endian)
            .snap_cut(rec.truncated)
            .map_while(Result::ok)
        {
            let d = decode_message(m, proto, &ctx);
            ctx.observe(&d);
            let h = m.header;
            let is_request = h.flags & flags::NLM_F_REQUEST != 0;
            // Interface names, from any link message that has both.
            if proto == NETLINK_ROUTE && is_link_message(h.ty) {
                let idx = i32_at(endian, m.bytes, 20).unwrap_or(0);
                let (name, _, _) = link_attrs(m.bytes, endian);
                // The bridge also sends RTM_DELLINK, with ifi_family AF_BRIDGE,
                // for a port that leaves it (del_nbp): the device stays.
                let bridge_port = m.bytes.get(16) == Some(&AF_BRIDGE);
                if !is_request && h.ty == RTM_DELLINK && idx > 0 && !bridge_port {
                    names.remove(&idx);
                    gone.insert(idx);
                } else if let (true, Some(n)) = (idx > 0, name) {
                    gone.remove(&idx);
                    ever.entry(idx).or_insert_with(|| n.clone());
                    names.insert(idx, n);
                }
            }
            if is_request {
                let mut r = Request {
                    frame: rec.frame,
                    ts: (rec.ts.sec, rec.ts.nsec),
                    protocol: proto,
                    name: d
                        .type_name()
                        .map_or_else(|| format!("type {}", h.ty), str::to_owned),
                    flags: h.flags,
                    is_get: d.op_kind() == OpKind::Get
                        || h.flags & flags::NLM_F_DUMP == flags::NLM_F_DUMP,
                    bytes: m.bytes.to_vec(),
                    endian,
                    genl_family: None,
                    ifrefs: Vec::new(),
                    family_ids: Vec::new(),
                    batch,
                    link_kind: None,
                    other_netns: None,
                    original: Outcome::default(),
                    key: (proto, h.pid, h.seq),
                };
                if proto == NETLINK_GENERIC && h.ty == GENL_ID_CTRL {
                    let attrs = crate::wire::attr::Attrs::new(
                        m.bytes.get(20..).unwrap_or_default(),
                        20,
                        endian,
                    );
                    let by_name = attrs.get(2).map(|a| cstr(a.value));
                    if let Some(a) = attrs.get(1) {
                        if let Some(id) = endian.u16_at(a.value, 0) {
                            r.family_ids.push(FamilyRef {
                                offset: a.value_offset(),
                                id,
                                name: ctx.genl_name(id).map(str::to_owned).or(by_name),
                            });
                        }
                    }
                }
                if proto == NETLINK_GENERIC {
                    r.genl_family = ctx.genl_name(h.ty).map(str::to_owned);
                    if let Body::Family(f) = &d.body {
                        if let Some(name) = f.genl.and_then(|g| g.family).map(|f| f.name) {
                            r.genl_family.get_or_insert_with(|| name.to_owned());
                        }
                    }
                }
                let fields = match (proto, r.genl_family.as_deref()) {
                    (NETLINK_ROUTE, _) => ifindex_fields(m.bytes, endian),
                    (NETLINK_GENERIC, Some(family)) => genl_ifindex_fields(family, m.bytes, endian),
                    _ => Vec::new(),
                };
                r.ifrefs = fields
                    .into_iter()
                    .map(|(offset, field, index)| IfRef {
                        offset,
                        field,
                        index,
                        name: names.get(&index).cloned(),
                        gone: index == GONE_IFINDEX
                            || (!names.contains_key(&index) && gone.contains(&index)),
                    })
                    .collect();
                if proto == NETLINK_ROUTE {
                    if is_link_message(h.ty) {
                        let (_, kind, netns) = link_attrs(m.bytes, endian);
                        r.link_kind = kind;
                        r.other_netns = netns;
                    }
                    if matches!(h.ty, 88..=90) {
                        r.other_netns = Some("RTM_*NSID (namespace ids)");
                    }
                }
                pending
                    .entry((proto, h.seq))
                    .or_default()
                    .push(out.requests.len());
                out.requests.push(r);
                continue;
            }
            let Some(list) = pending.get(&(proto, h.seq)) else {
                continue;
            };
            // The echoed header of an NLMSG_ERROR names the request's type; a reply
            // must be of the request's kind. Several sockets (ip and `ip monitor`
            // started in the same second) can use the same seq with port id 0.
            let echoed = match &d.body {
                Body::Error(e) => e.request.map(|m| m.header.ty),
                _ => None,
            };
            // Two iproute2 processes started in the same second (a load loop beside
            // the scenario) send the same seq: first look for the request whose
            // dumpness the reply's NLM_F_MULTI matches, then take any that fits
            // (the kernel forgets NLM_F_MULTI on a few dump replies).
            let is_dump = |r: &Request| r.flags & flags::NLM_F_DUMP == flags::NLM_F_DUMP;
            let multi = h.flags & flags::NLM_F_MULTI != 0;
            let find = |strict: bool| {
                list.iter().rev().find_map(|&i| {
                    let r = out.requests.get(i)?;
                    let fits = match &d.body {
                        Body::Error(_) => echoed.is_none_or(|t| t == r.msg_type()),
                        Body::Done(_) => is_dump(r),
                        _ => {
                            (r.is_get || r.flags & flags::NLM_F_ECHO != 0)
                                && (h.ty == r.msg_type()
                                    // rtnetlink: a GET is answered by the NEW of its
                                    // kind (never a DEL notification of the same seq).
                                    || (proto == NETLINK_ROUTE
                                        && h.ty & !3 == r.msg_type() & !3
                                        && (!r.is_get || h.ty & 3 == 0))
                                    // nfnetlink: a GET is answered by the NEW of its
                                    // subsystem (the high byte).
                                    || (proto == NETLINK_NETFILTER
                                        && h.ty >> 8 == r.msg_type() >> 8))
                                && (!strict || !r.is_get || multi == is_dump(r))
                        }
                    };
                    (fits && !r.original.answered && (r.key.1 == 0 || r.key.1 == h.pid))
                        .then_some(i)
                })
            };
            let Some(r) = find(true).or_else(|| find(false)) else {
                continue;
            };
            let Some(r) = out.requests.get_mut(r) else {
                continue;
            };
            r.key.1 = h.pid;
            match &d.body {
                Body::Error(e) => {
                    r.original.answered = true;
                    r.original.error = e.error.unwrap_or(0);
                    r.original.extack = e.extack.as_ref().and_then(|x| extack_msg(x, endian));
                }
                Body::Done(dn) => {
                    r.original.answered = true;
                    r.original.error = dn.error.unwrap_or(0);
                    r.original.extack = dn.extack.as_ref().and_then(|x| extack_msg(x, endian));
                }
                _ => {
                    r.original.replies += 1;
                    r.original
                        .contents
                        .push(reply_contents(proto, m.bytes, endian));
                    // A lookup without NLM_F_ACK is answered by its one reply.
                    if r.single_reply() {
                        r.original.answered = true;
                    }
                }
            }
        }
    }
    for r in &mut out.requests {
        for f in &mut r.ifrefs {
            if f.name.is_none() && !f.gone {
                f.name = ever.get(&f.index).cloned();
            }
        }
    }
    Ok(out)
}

fn extack_msg(x: &crate::families::decode::AttrsView<'_>, e: Endian) -> Option<String> {
    let raw = x.raw();
    crate::wire::attr::Attrs::new(raw.buffer(), raw.base(), e)
        .map_while(Result::ok)
        .find(|a| a.ty == 1)
        .map(|a| cstr(a.value))
}

/// The outcome of a replayed request, from the datagrams the kernel answered with.
pub fn outcome(
    protocol: u16,
    datagrams: &[Vec<u8>],
    seq: u32,
    is_get: bool,
    echo: bool,
    single: bool,
) -> Outcome {
    let mut o = Outcome::default();
    let ctx = Context::new();
    for dg in datagrams {
        for m in Messages::new(dg, Endian::NATIVE).map_while(Result::ok) {
            if m.header.seq != seq {
                continue;
            }
            let d = decode_message(m, NETLINK_ROUTE, &ctx);
            match &d.body {
                Body::Error(e) => {
                    o.answered = true;
                    o.error = e.error.unwrap_or(0);
                    o.extack = e
                        .extack
                        .as_ref()
                        .and_then(|x| extack_msg(x, Endian::NATIVE));
                }
                Body::Done(dn) => {
                    o.answered = true;
                    o.error = dn.error.unwrap_or(0);
                    o.extack = dn
                        .extack
                        .as_ref()
                        .and_then(|x| extack_msg(x, Endian::NATIVE));
                }
                _ if is_get || echo => {
                    o.replies += 1;
                    o.contents
                        .push(reply_contents(protocol, m.bytes, Endian::NATIVE));
                    if single {
                        o.answered = true;
                    }
                }
                _ => {}
            }
        }
    }
    o
}

/// Why a request was not sent.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct NotReplayed(pub String);

/// The bytes to send for `r`: sequence number `seq`, port id 0 (the kernel's choice),
/// genl id `genl_id` when given, `CTRL_ATTR_FAMILY_ID`s through `family_id` (name →
/// id in the replay kernel; [`ABSENT_FAMILY_ID`] when it has none), and interface
/// indexes through `ifindex` (name → index in the replay namespace). Host byte order.
///
/// # Errors
/// A byte order other than this host's, an interface name the replay namespace does
/// not have, or a family id the capture never names.
pub fn rewrite(
    r: &Request,
    seq: u32,
    genl_id: Option<u16>,
    mut family_id: impl FnMut(&str) -> Option<u16>,
    mut ifindex: impl FnMut(&str) -> Option<i32>,
) -> Result<Vec<u8>, NotReplayed> {
    if r.endian != Endian::NATIVE {
        return Err(NotReplayed(
            "captured on a machine of the other byte order".into(),
        ));
    }
    let mut b = r.bytes.clone();
    let Ok(mut h) = Header::parse(&b, r.endian) else {
        return Err(NotReplayed("message shorter than its header".into()));
    };
    h.seq = seq;
    h.pid = 0;
    if let Some(id) = genl_id {
        h.ty = id;
    }
    for (dst, src) in b.iter_mut().zip(h.to_bytes(r.endian)) {
        *dst = src;
    }
    for f in &r.family_ids {
        let Some(name) = &f.name else {
            return Err(NotReplayed(format!(
                "CTRL_ATTR_FAMILY_ID {}: no nlctrl message of the capture names this family",
                f.id
            )));
        };
        let id = family_id(name).unwrap_or(ABSENT_FAMILY_ID);
        if let Some(slot) = b.get_mut(f.offset..f.offset + 2) {
            slot.copy_from_slice(&r.endian.u16_bytes(id));
        }
    }
    for f in &r.ifrefs {
        let put = |b: &mut Vec<u8>, v: i32| {
            if let Some(slot) = b.get_mut(f.offset..f.offset + 4) {
                slot.copy_from_slice(&r.endian.u32_bytes(u32::from_ne_bytes(v.to_ne_bytes())));
            }
        };
        if f.gone {
            put(&mut b, GONE_IFINDEX);
            continue;
        }
        let Some(name) = &f.name else {
            // Index 1 is `lo` in every namespace.
            if f.index == 1 {
                continue;
            }
            return Err(NotReplayed(format!(
                "{} {}: the capture never names this device",
                f.field, f.index
            )));
        };
        let Some(new) = ifindex(name) else {
            return Err(NotReplayed(format!(
                "device {name:?} ({} {} in the capture) does not exist in the replay namespace",
                f.field, f.index
            )));
        };
        put(&mut b, new);
    }
    Ok(b)
}

/// How an original and a replayed outcome compare.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "verdict", content = "reason", rename_all = "lowercase")]
pub enum Verdict {
    /// Same answer (and the same number of replies for a non-dump request).
    Match,
    /// Different, for the reason given.
    Explained(String),
    /// Different, and nlscope cannot say why.
    Unexplained(String),
}

fn errname(e: i32) -> String {
    crate::families::errno::errno(e.saturating_neg())
        .map_or_else(|| format!("errno {}", -e), |(n, _)| n.to_owned())
}

/// The kind of object a route request changes, for dependencies between requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Obj {
    /// Links (16–19).
    Link,
    /// Addresses (20–22).
    Addr,
    /// Routes (24–26).
    Route,
    /// Neighbours (28–30).
    Neigh,
    /// Qdiscs, classes, filters, chains.
    Tc,
    /// Nexthops (104–106).
    Nexthop,
}

impl Obj {
    fn of(r: &Request) -> Option<Obj> {
        if r.protocol != NETLINK_ROUTE {
            return None;
        }
        Some(match r.msg_type() {
            RTM_NEWLINK..=RTM_SETLINK => Obj::Link,
            20..=22 => Obj::Addr,
            24..=26 => Obj::Route,
            28..=30 => Obj::Neigh,
            36..=47 | 100..=102 => Obj::Tc,
            104..=106 => Obj::Nexthop,
            _ => return None,
        })
    }

    fn depends_on(self) -> &'static [Obj] {
        match self {
            Obj::Link => &[Obj::Link],
            Obj::Addr => &[Obj::Link, Obj::Addr],
            Obj::Route => &[Obj::Link, Obj::Addr, Obj::Route, Obj::Nexthop],
            Obj::Neigh => &[Obj::Link, Obj::Addr, Obj::Neigh],
            Obj::Tc => &[Obj::Link, Obj::Tc],
            Obj::Nexthop => &[Obj::Link, Obj::Addr, Obj::Nexthop],
        }
    }
}

/// What went differently so far in a replay: later differences may follow from it.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// Devices created in the capture but not in the replay.
    pub failed_names: Vec<String>,
    /// Devices a replayed `RTM_NEWLINK` created (or changed) without error.
    pub made_names: Vec<String>,
    /// First change request per object kind that worked in the capture but not in the
    /// replay (frame, message name).
    pub diverged: HashMap<Obj, (u64, String)>,
    /// The same for generic-netlink families, by name.
    pub genl_diverged: HashMap<String, (u64, String)>,
    /// The replay runs in the sandbox ([`crate::os::sandbox`]): root there has no
    /// capability in the initial user namespace.
    pub sandboxed: bool,
}

impl History {
    /// Takes note of one request's replay (`None`: not replayed).
    pub fn note(&mut self, r: &Request, replayed: Option<&Outcome>) {
        let worked_there = r.original.answered && r.original.error == 0;
        let worked_here = replayed.is_some_and(|o| o.answered && o.error == 0);
        if let Some(name) = r.link_name() {
            if r.msg_type() == 16 && worked_there && !worked_here {
                self.failed_names.push(name);
            } else if r.msg_type() == 16 && worked_here {
                self.failed_names.retain(|n| *n != name);
                self.made_names.push(name);
            }
        }
        if !r.is_get && worked_there && !worked_here {
            if let Some(obj) = Obj::of(r) {
                self.diverged
                    .entry(obj)
                    .or_insert_with(|| (r.frame, r.name.clone()));
            }
            if let (NETLINK_GENERIC, Some(f)) = (r.protocol, &r.genl_family) {
                self.genl_diverged
                    .entry(f.clone())
                    .or_insert_with(|| (r.frame, r.name.clone()));
            }
        }
    }
}

/// Errors a request gets when something it refers to is missing.
const MISSING: &[i32] = &[2, 3, 19, 22, 95, 99, 100, 101, 113];

/// Compares the original and replayed outcomes of `r`, given what went differently
/// before it in the replay.
pub fn judge(r: &Request, replayed: &Outcome, h: &History) -> Verdict {
    let o = &r.original;
    if !o.answered {
        return if replayed.answered {
            Verdict::Explained(
                "the capture holds no answer to compare with (request without NLM_F_ACK, or the answer was not captured)"
                    .into(),
            )
        } else {
            Verdict::Match
        };
    }
    let (oe, re) = (o.error, replayed.error);
    let show = |e: i32| if e == 0 { "ok".to_owned() } else { errname(e) };
    // Same errno and reply count: the extended-ACK messages and the deterministic
    // part of the replies must agree too.
    let mut same_count_diff = None;
    if oe == re && o.replies == replayed.replies {
        match (&o.extack, &replayed.extack) {
            (Some(a), Some(b)) if a != b => {
                return Verdict::Unexplained(format!(
                    "same answer ({}), different extended-ACK message: {a:?} in the capture, {b:?} replayed",
                    show(oe)
                ))
            }
            (None, Some(b)) => {
                return Verdict::Explained(format!(
                    "same answer ({}); only the replay carries an extended-ACK message ({b:?}): the capturing program did not ask for one (NETLINK_EXT_ACK) or its kernel had none here",
                    show(oe)
                ))
            }
            (Some(a), None) => {
                return Verdict::Explained(format!(
                    "same answer ({}); the replay kernel gives no extended-ACK message where the capturing one said {a:?}",
                    show(oe)
                ))
            }
            _ => {}
        }
        match contents_differ(o, replayed, r.is_dump()) {
            None => return Verdict::Match,
            Some(_) if r.is_dump() => return Verdict::Explained(dump_reason(r, o, replayed)),
            Some(d) => same_count_diff = Some(d),
        }
    }
    if oe == re && o.replies != replayed.replies && r.is_dump() {
        return Verdict::Explained(dump_reason(r, o, replayed));
    }
    if let Some(d) = &same_count_diff {
        if let Some(obj) = Obj::of(r) {
            if let Some((frame, name)) = obj
                .depends_on()
                .iter()
                .filter_map(|d| h.diverged.get(d))
                .min()
            {
                return Verdict::Explained(format!(
                    "reply describes state the replay could not build (first: {name} at frame {frame}): {d}"
                ));
            }
        }
        return Verdict::Unexplained(format!("same answer, reply contents differ: {d}"));
    }
    if let Some(kind) = &r.link_kind {
        if re == -95 && is_link_message(r.msg_type()) {
            return Verdict::Explained(format!(
                "link kind {kind:?} is not available in this kernel (EOPNOTSUPP: module missing)"
            ));
        }
    }
    // `capable(CAP_NET_ADMIN)` (generic-netlink families with GENL_ADMIN_PERM,
    // kernel-wide settings) asks for the capability in the initial user namespace,
    // which the sandbox withholds on purpose.
    if h.sandboxed && re == -1 && oe != -1 {
        return Verdict::Explained(format!(
            "EPERM instead of {}: this operation needs a capability in the initial user namespace, which the replay sandbox withholds so that nothing reaches the host",
            show(oe)
        ));
    }
    let missing = MISSING.contains(&re.saturating_neg());
    if missing {
        let refs_failed = r
            .ifrefs
            .iter()
            .filter_map(|f| f.name.as_ref())
            .chain(r.link_name().as_ref())
            .find(|n| h.failed_names.contains(n))
            .cloned();
        if let Some(n) = refs_failed {
            return Verdict::Explained(format!(
                "device {n:?} was not created in the replay; {} instead of {}",
                show(re),
                show(oe)
            ));
        }
        if let Some(obj) = Obj::of(r) {
            if let Some((frame, name)) = obj
                .depends_on()
                .iter()
                .filter_map(|d| h.diverged.get(d))
                .min()
            {
                return Verdict::Explained(format!(
                    "depends on state the replay could not build (first: {name} at frame {frame}); {} instead of {}",
                    show(re),
                    show(oe)
                ));
            }
        }
    }
    // A link request by name (`ip link show wlan0`) for a device no replayed request
    // made: it existed on the capturing machine before the capture (hardware, a
    // module such as mac80211_hwsim, another program), not in the replay namespace.
    if r.protocol == NETLINK_ROUTE && is_link_message(r.msg_type()) && re == -19 && oe == 0 {
        if let Some(n) = r.link_name() {
            if r.ifrefs.is_empty() && !h.made_names.contains(&n) && !h.failed_names.contains(&n) {
                return Verdict::Explained(format!(
                    "no replayed request made device {n:?}: it existed on the capturing machine without a request in the capture making it, and the replay namespace has none (ENODEV)"
                ));
            }
        }
    }
    if r.protocol == NETLINK_GENERIC {
        if r.msg_type() == GENL_ID_CTRL && re == -2 {
            let name = r
                .bytes
                .get(20..)
                .and_then(|a| {
                    crate::wire::attr::Attrs::new(a, 20, r.endian)
                        .map_while(Result::ok)
                        .find(|a| a.ty == 2)
                })
                .map(|a| cstr(a.value))
                .or_else(|| r.family_ids.iter().find_map(|f| f.name.clone()))
                .unwrap_or_default();
            return Verdict::Explained(format!(
                "generic netlink family {name:?} is not in this kernel (ENOENT from nlctrl)"
            ));
        }
        if re == -19 {
            return Verdict::Explained(
                "names a device of the capturing machine (inside its attributes) that the replay namespace does not have (ENODEV)".into(),
            );
        }
        // mptcp_pm_nl_append_new_local_addr(): newer kernels (6.18 here) refuse an
        // endpoint with EBUSY (its id is taken), EEXIST (its address is) or ERANGE
        // (8 endpoints already) and append the errno to the message; older ones
        // (6.1, the corpus's VM) return EINVAL for all three with the same text.
        if r.genl_family.as_deref() == Some("mptcp_pm")
            && oe == -22
            && matches!(re, -16 | -17 | -34)
            && replayed
                .extack
                .as_deref()
                .is_some_and(|m| m.starts_with("too many addresses or duplicate one"))
        {
            return Verdict::Explained(format!(
                "kernel version: mptcp_pm refuses this endpoint with {} here; the capturing kernel said EINVAL for every refused endpoint (same \"too many addresses or duplicate one\" message)",
                show(re)
            ));
        }
    }
    // NETLINK_XFRM: the kernel names what it lacks in the extended ACK
    // ("Requested type not found": no esp4/ah4/… module; "Requested … algorithm not
    // found": no such crypto algorithm).
    if r.protocol == 6 && matches!(re, -93 | -38 | -2) {
        if let Some(m) = replayed
            .extack
            .as_deref()
            .filter(|m| m.starts_with("Requested") && m.ends_with("not found"))
        {
            return Verdict::Explained(format!(
                "IPsec: this kernel lacks what the SA needs ({m:?}: its xfrm type module or crypto algorithm is missing); {} instead of {}",
                show(re),
                show(oe)
            ));
        }
    }
    if r.protocol == 4 {
        if r.msg_type() == 19 {
            return Verdict::Explained(
                "DCCP: its diag module was missing on the capturing kernel, and DCCP is gone from Linux since 6.16".into(),
            );
        }
        if r.is_dump() && re == -2 {
            let af = r.bytes.get(16).copied().unwrap_or(0);
            let name = match af {
                1 => "AF_UNIX",
                2 => "AF_INET",
                10 => "AF_INET6",
                16 => "AF_NETLINK",
                17 => "AF_PACKET",
                40 => "AF_VSOCK",
                43 => "AF_SMC",
                44 => "AF_XDP",
                45 => "AF_MCTP",
                _ => "?",
            };
            let proto = r.bytes.get(17).copied().unwrap_or(0);
            return Verdict::Explained(format!(
                "no sock_diag handler for address family {af} ({name}), protocol {proto}, in this kernel (module missing)"
            ));
        }
        if !r.is_dump() && re == -2 {
            return Verdict::Explained(
                "looks up one socket of the capturing machine (by address, inode or cookie)".into(),
            );
        }
    }
    // A family whose earlier change the replay could not make (not replayable, or
    // refused) holds other state from then on: mptcp_pm endpoints, wireguard peers.
    if let Some((frame, name)) = r
        .genl_family
        .as_ref()
        .filter(|f| r.protocol == NETLINK_GENERIC && f.as_str() != "nlctrl")
        .and_then(|f| h.genl_diverged.get(f))
    {
        return Verdict::Explained(format!(
            "depends on {} state the replay could not build (first: {name} at frame {frame}); {} instead of {}",
            r.genl_family.as_deref().unwrap_or_default(),
            show(re),
            show(oe)
        ));
    }
    if oe == re {
        return Verdict::Unexplained(format!(
            "{} replies in the capture, {} replayed",
            o.replies, replayed.replies
        ));
    }
    Verdict::Unexplained(format!(
        "{} in the capture, {} replayed",
        show(oe),
        show(re)
    ))
}

impl Request {
    /// A dump request (`NLM_F_DUMP`).
    pub fn is_dump(&self) -> bool {
        self.flags & flags::NLM_F_DUMP == flags::NLM_F_DUMP
    }

    /// A lookup (GET, not a dump) without `NLM_F_ACK`: one reply answers it.
    pub fn single_reply(&self) -> bool {
        self.is_get
            && self.flags & flags::NLM_F_DUMP != flags::NLM_F_DUMP
            && self.flags & flags::NLM_F_ACK == 0
    }

    /// `nlmsg_type`.
    pub fn msg_type(&self) -> u16 {
        self.endian.u16_at(&self.bytes, 4).unwrap_or(0)
    }

    /// `IFLA_IFNAME` of a link request.
    pub fn link_name(&self) -> Option<String> {
        if self.protocol == NETLINK_ROUTE && is_link_message(self.msg_type()) {
            link_attrs(&self.bytes, self.endian).0
        } else {
            None
        }
    }

    /// The time as a [`Timestamp`].
    pub fn time(&self) -> Timestamp {
        Timestamp {
            sec: self.ts.0,
            nsec: self.ts.1,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::record::pcapwrite::{nlmon_header, CaptureWriter, Format, Record, PACKET_OUTGOING};
    use crate::wire::build::MsgBuilder;
    use std::time::Duration;

    /// `corpus/rtnl-basic.pcap`: genuine nlmon capture of `rtnl-basic.sh` on the 6.1 VM.
    const RTNL_BASIC: &[u8] = include_bytes!("../../corpus/rtnl-basic.pcap");

    fn request(plan: &Plan, frame: u64) -> &Request {
        plan.requests.iter().find(|r| r.frame == frame).unwrap()
    }

    fn refs(r: &Request) -> Vec<(usize, &'static str, i32, Option<&str>)> {
        r.ifrefs
            .iter()
            .map(|f| (f.offset, f.field, f.index, f.name.as_deref()))
            .collect()
    }

    /// Every interface index of a real request, top level and inside link-kind data,
    /// as nlscope decodes the same frames (`corpus/rtnl-basic.pcap.txt`).
    #[test]
    fn finds_ifindexes_of_real_requests() {
        let p = plan(RTNL_BASIC).unwrap();
        // ip link add vx0 type vxlan id 42 dev dummy0 local 10.1.2.3 dstport 4789
        assert_eq!(
            refs(request(&p, 199)),
            [(64, "IFLA_VXLAN_LINK", 6, Some("dummy0"))]
        );
        // ip link set veth0 master br0
        assert_eq!(
            refs(request(&p, 145)),
            [
                (20, "ifi_index", 8, Some("veth0")),
                (36, "IFLA_MASTER", 9, Some("br0"))
            ]
        );
        // ip link add link dummy0 name dummy0.10 type vlan id 10
        assert_eq!(
            refs(request(&p, 175)),
            [(36, "IFLA_LINK", 6, Some("dummy0"))]
        );
        // ip nexthop add id 1 via 10.1.2.254 dev dummy0
        assert_eq!(refs(request(&p, 277)), [(44, "NHA_OIF", 6, Some("dummy0"))]);
        // ip link add veth0 type veth peer name veth1: the peer's ifi_index is 0
        // (the kernel's choice), so nothing to remap, and no other namespace.
        let veth = request(&p, 116);
        assert_eq!(veth.link_kind.as_deref(), Some("veth"));
        assert!(veth.ifrefs.is_empty());
        assert_eq!(veth.other_netns, None);
    }

    /// The rewrite puts the replay namespace's index at exactly the found offset and
    /// leaves every other byte but seq and port id as captured.
    #[test]
    fn rewrites_the_vxlan_link_in_place() {
        let p = plan(RTNL_BASIC).unwrap();
        let r = request(&p, 199);
        let out = rewrite(r, 7, None, |_| None, |n| (n == "dummy0").then_some(2)).unwrap();
        assert_eq!(out.len(), r.bytes.len());
        assert_eq!(&out[64..68], &2i32.to_ne_bytes());
        assert_eq!(&out[8..12], &7u32.to_ne_bytes());
        assert_eq!(&out[12..16], &0u32.to_ne_bytes());
        for (i, (a, b)) in out.iter().zip(&r.bytes).enumerate() {
            if !(8..16).contains(&i) && !(64..68).contains(&i) {
                assert_eq!(a, b, "byte {i}");
            }
        }
        // Without that device in the replay namespace: not replayable, with the reason.
        let why = rewrite(r, 7, None, |_| None, |_| None).unwrap_err();
        assert!(why.0.contains("IFLA_VXLAN_LINK 6"), "{}", why.0);
    }

    fn capture(msgs: &[Vec<u8>], protocol: u16) -> Vec<u8> {
        let mut w = CaptureWriter::new(Vec::new(), Format::Pcap, 262_144).unwrap();
        for (i, m) in msgs.iter().enumerate() {
            let mut data = nlmon_header(PACKET_OUTGOING, protocol).to_vec();
            data.extend_from_slice(m);
            w.write(&Record {
                ts: Duration::new(1_700_000_000, i as u32),
                data: &data,
                nsid: None,
            })
            .unwrap();
        }
        w.into_inner()
    }

    fn ifinfomsg(b: &mut MsgBuilder, index: i32) {
        b.u8(0).u8(0).u16(0).i32(index).u32(0).u32(0);
    }

    fn newlink(index: i32, name: &str) -> Vec<u8> {
        let mut b = MsgBuilder::new(Endian::NATIVE, 16, 0, 0, 0);
        ifinfomsg(&mut b, index);
        b.attr_str(3, name);
        b.finish()
    }

    /// A bridge port leaving its bridge (`ip link del br0` with dummy1 a port) makes
    /// the kernel send RTM_DELLINK with ifi_family AF_BRIDGE for the port: the
    /// device stays, so a later request about it keeps its name (seen in the
    /// vm-test: `ip monitor` asking for index 8 right after br0 went).
    #[test]
    fn a_bridge_port_leaving_is_not_a_device_gone() {
        let e = Endian::NATIVE;
        let dellink = |family: u8| {
            let mut b = MsgBuilder::new(e, 17, 0, 0, 0);
            b.u8(family).u8(0).u16(1).i32(8).u32(0).u32(0);
            b.attr_str(3, "dummy1");
            b.finish()
        };
        let getlink = |seq: u32| {
            let mut b = MsgBuilder::new(e, 18, 1, seq, 0);
            ifinfomsg(&mut b, 8);
            b.finish()
        };
        let msgs = [
            newlink(8, "dummy1"),
            dellink(AF_BRIDGE),
            getlink(1),
            dellink(0),
            getlink(2),
        ];
        let p = plan(&capture(&msgs, 0)).unwrap();
        let after_port_left = &request(&p, 3).ifrefs[0];
        assert_eq!(after_port_left.name.as_deref(), Some("dummy1"));
        assert!(!after_port_left.gone);
        // A real RTM_DELLINK (ifi_family AF_UNSPEC) still marks it gone.
        let after_deleted = &request(&p, 5).ifrefs[0];
        assert_eq!(after_deleted.name, None);
        assert!(after_deleted.gone);
    }

    /// `ip route get` and `ip -br addr show` of a load loop started in the same
    /// second send the same seq with port id 0: the single RTM_GETLINK's reply
    /// (no NLM_F_MULTI) arrives before the dump's, and each goes to its own
    /// request; a DEL notification with that seq answers neither.
    #[test]
    fn same_seq_replies_go_to_the_request_of_their_kind() {
        let e = Endian::NATIVE;
        let get = |flags: u16, index: i32| {
            let mut b = MsgBuilder::new(e, 18, flags, 77, 0);
            ifinfomsg(&mut b, index);
            b.finish()
        };
        let reply = |ty: u16, flags: u16, pid: u32, index: i32, name: &str| {
            let mut b = MsgBuilder::new(e, ty, flags, 77, pid);
            ifinfomsg(&mut b, index);
            b.attr_str(3, name);
            b.finish()
        };
        let msgs = [
            newlink(3, "dummy0"),
            get(flags::NLM_F_REQUEST, 3),
            get(flags::NLM_F_REQUEST | flags::NLM_F_DUMP, 0),
            // a DEL notification of another process's request with that seq
            reply(17, 0, 0, 3, "dummy0"),
            reply(16, 0, 501, 3, "dummy0"),
            reply(16, flags::NLM_F_MULTI, 502, 1, "lo"),
        ];
        let p = plan(&capture(&msgs, 0)).unwrap();
        let single = request(&p, 2);
        assert_eq!(single.original.replies, 1);
        assert!(
            single.original.contents[0].contains("dummy0"),
            "{:?}",
            single.original.contents
        );
        let dump = request(&p, 3);
        assert_eq!(dump.original.replies, 1);
        assert!(
            dump.original.contents[0].contains("\"lo\""),
            "{:?}",
            dump.original.contents
        );
    }

    /// Kinds no corpus capture has (the builder writes them as iproute2 does):
    /// a veth peer given an explicit index and a master, a peer put in another
    /// namespace, a bond's primary port, and multipath hops with devices.
    #[test]
    fn finds_ifindexes_in_peers_kinds_and_multipath_hops() {
        let e = Endian::NATIVE;
        // ip link add v0 index 40 type veth peer name v1 index 41 master br0
        let mut b = MsgBuilder::new(e, 16, 0x605, 1, 0);
        ifinfomsg(&mut b, 40);
        b.attr_str(3, "v0");
        let li = b.nest_start(18);
        b.attr_str(1, "veth");
        let data = b.nest_start(2);
        let peer = b.nest_start(1);
        ifinfomsg(&mut b, 41);
        b.attr_str(3, "v1").attr_u32(10, 9);
        b.nest_end(peer);
        b.nest_end(data);
        b.nest_end(li);
        let veth = b.finish();
        let f = ifindex_fields(&veth, e);
        let names: Vec<_> = f.iter().map(|(_, n, v)| (*n, *v)).collect();
        assert_eq!(
            names,
            [
                ("ifi_index", 40),
                ("peer ifi_index", 41),
                ("peer IFLA_MASTER", 9)
            ]
        );
        for (at, _, v) in &f {
            assert_eq!(&veth[*at..*at + 4], &v.to_ne_bytes());
        }
        // … peer name v1 netns 5 (an fd of another namespace)
        let mut b = MsgBuilder::new(e, 16, 0x605, 1, 0);
        ifinfomsg(&mut b, 0);
        let li = b.nest_start(18);
        b.attr_str(1, "veth");
        let data = b.nest_start(2);
        let peer = b.nest_start(1);
        ifinfomsg(&mut b, 0);
        b.attr_u32(28, 5);
        b.nest_end(peer);
        b.nest_end(data);
        b.nest_end(li);
        assert_eq!(link_attrs(&b.finish(), e).2, Some("peer IFLA_NET_NS_FD"));
        // ip link set bond0 type bond primary eth1 active_slave eth2
        let mut b = MsgBuilder::new(e, 16, 0x5, 1, 0);
        ifinfomsg(&mut b, 3);
        let li = b.nest_start(18);
        b.attr_str(1, "bond");
        let data = b.nest_start(2);
        b.attr_u32(11, 4).attr_u32(2, 5);
        b.nest_end(data);
        b.nest_end(li);
        let names: Vec<_> = ifindex_fields(&b.finish(), e)
            .into_iter()
            .map(|(_, n, v)| (n, v))
            .collect();
        assert_eq!(
            names,
            [
                ("ifi_index", 3),
                ("IFLA_BOND_PRIMARY", 4),
                ("IFLA_BOND_ACTIVE_SLAVE", 5)
            ]
        );
        // ip route add 10.7.0.0/16 nexthop via 10.1.2.253 dev d0 nexthop via 10.1.2.254 dev d1
        let mut b = MsgBuilder::new(e, 24, 0x605, 1, 0);
        b.u8(2).u8(16).u8(0).u8(0).u8(254).u8(3).u8(0).u8(1).u32(0);
        b.attr(1, &[10, 7, 0, 0]);
        let mut hops = Vec::new();
        for (dev, gw) in [(6i32, 253u8), (7, 254)] {
            hops.extend_from_slice(&16u16.to_ne_bytes());
            hops.extend_from_slice(&[0, 0]);
            hops.extend_from_slice(&dev.to_ne_bytes());
            hops.extend_from_slice(&8u16.to_ne_bytes());
            hops.extend_from_slice(&5u16.to_ne_bytes());
            hops.extend_from_slice(&[10, 1, 2, gw]);
        }
        b.attr(9, &hops);
        let route = b.finish();
        let f = ifindex_fields(&route, e);
        assert_eq!(
            f.iter().map(|(_, n, v)| (*n, *v)).collect::<Vec<_>>(),
            [("rtnh_ifindex", 6), ("rtnh_ifindex", 7)]
        );
        for (at, _, v) in &f {
            assert_eq!(&route[*at..*at + 4], &v.to_ne_bytes());
        }
    }

    /// `genl ctrl get id 20` after a capture in which nlctrl named family 20: the id
    /// is rewritten to the replay kernel's id of that name, or to an id no family has.
    #[test]
    fn rewrites_ctrl_attr_family_id_by_name() {
        let e = Endian::NATIVE;
        let mut b = MsgBuilder::new(e, GENL_ID_CTRL, 0, 0, 0);
        b.u8(1).u8(2).u16(0).attr_u16(1, 20).attr_str(2, "ethtool");
        let newfamily = b.finish();
        let mut b = MsgBuilder::new(e, GENL_ID_CTRL, 0x5, 3, 0);
        b.u8(3).u8(1).u16(0).attr_u16(1, 20);
        let get = b.finish();
        let p = plan(&capture(&[newfamily, get], NETLINK_GENERIC)).unwrap();
        let r = &p.requests[0];
        assert_eq!(
            r.family_ids,
            [FamilyRef {
                offset: 24,
                id: 20,
                name: Some("ethtool".into())
            }]
        );
        let out = rewrite(r, 9, None, |n| (n == "ethtool").then_some(33), |_| None).unwrap();
        assert_eq!(e.u16_at(&out, 24), Some(33));
        let out = rewrite(r, 9, None, |_| None, |_| None).unwrap();
        assert_eq!(e.u16_at(&out, 24), Some(ABSENT_FAMILY_ID));
    }

    /// The deterministic part of a reply leaves out what differs between namespaces
    /// and runs, and keeps what does not.
    #[test]
    fn reply_contents_keep_names_and_addresses_not_indexes() {
        let a = newlink(5, "d0");
        let b = newlink(9, "d0");
        assert_eq!(
            reply_contents(NETLINK_ROUTE, &a, Endian::NATIVE),
            reply_contents(NETLINK_ROUTE, &b, Endian::NATIVE)
        );
        assert_eq!(
            reply_contents(NETLINK_ROUTE, &a, Endian::NATIVE),
            "RTM_NEWLINK ifi_type=0 IFLA_IFNAME=\"d0\""
        );
        assert_ne!(
            reply_contents(NETLINK_ROUTE, &a, Endian::NATIVE),
            reply_contents(NETLINK_ROUTE, &newlink(5, "d1"), Endian::NATIVE)
        );
    }

    fn answered(error: i32, extack: Option<&str>, contents: &[&str]) -> Outcome {
        Outcome {
            answered: true,
            error,
            extack: extack.map(str::to_owned),
            replies: contents.len() as u32,
            contents: contents.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Same errno and count is not enough: a different extended-ACK message or reply
    /// is a difference; a dump names the entries only on one side.
    #[test]
    fn judge_compares_messages_and_contents() {
        let p = plan(RTNL_BASIC).unwrap();
        let h = History::default();
        let lookup = p
            .requests
            .iter()
            .find(|r| r.single_reply() && r.original.replies == 1 && r.protocol == 0)
            .unwrap();
        let mut same = lookup.original.clone();
        assert_eq!(judge(lookup, &same, &h), Verdict::Match);
        same.contents = vec!["RTM_NEWLINK ifi_type=1 IFLA_IFNAME=\"other\"".into()];
        let Verdict::Unexplained(why) = judge(lookup, &same, &h) else {
            panic!("a different reply must not match")
        };
        assert!(why.contains("other"), "{why}");

        let mut r = lookup.clone();
        r.original = answered(-22, Some("bad thing"), &[]);
        assert!(matches!(
            judge(&r, &answered(-22, Some("other thing"), &[]), &h),
            Verdict::Unexplained(_)
        ));

        let dump = p
            .requests
            .iter()
            .find(|r| r.is_dump() && r.original.replies > 1)
            .unwrap();
        let mut fewer = dump.original.clone();
        let gone = fewer.contents.pop().unwrap();
        fewer.replies -= 1;
        let Verdict::Explained(why) = judge(dump, &fewer, &h) else {
            panic!("a dump of other state is explained")
        };
        assert!(
            why.contains(&format!("only in the capture: {gone}")),
            "{why}"
        );
    }

    /// The genl-diag capture's one unexplained difference on newer kernels: a
    /// refused mptcp endpoint is EINVAL on 6.1 and EBUSY (id in use) here.
    #[test]
    fn mptcp_errno_change_is_a_kernel_version_difference() {
        let p = plan(include_bytes!("../../corpus/genl-diag.pcap")).unwrap();
        let r = request(&p, 363);
        assert_eq!(r.genl_family.as_deref(), Some("mptcp_pm"));
        assert_eq!(r.original.error, -22);
        let here = answered(-16, Some("too many addresses or duplicate one: -16"), &[]);
        let Verdict::Explained(why) = judge(r, &here, &History::default()) else {
            panic!()
        };
        assert!(why.starts_with("kernel version"), "{why}");
        // Another errno is not covered by that reason.
        assert!(matches!(
            judge(r, &answered(-12, None, &[]), &History::default()),
            Verdict::Unexplained(_)
        ));
        // Where frame 318's endpoint could not be added (its device is missing), the
        // id is free and the add succeeds: explained by that earlier request.
        let mut h = History::default();
        h.note(request(&p, 318), None);
        let Verdict::Explained(why) = judge(r, &answered(0, None, &[]), &h) else {
            panic!()
        };
        assert!(why.contains("frame 318"), "{why}");
    }

    /// `corpus/nf-xfrm.pcap` frame 289 (`ip xfrm state add … proto esp`): a kernel
    /// without the esp4 module says so in the extended ACK; without that message the
    /// same errno stays unexplained.
    #[test]
    fn xfrm_missing_type_is_explained_by_its_extack() {
        let p = plan(include_bytes!("../../corpus/nf-xfrm.pcap")).unwrap();
        let r = request(&p, 289);
        assert_eq!(r.name, "XFRM_MSG_NEWSA");
        let h = History::default();
        let lacking = answered(-93, Some("Requested type not found"), &[]);
        assert!(matches!(judge(r, &lacking, &h), Verdict::Explained(w) if w.starts_with("IPsec")));
        assert!(matches!(
            judge(r, &answered(-93, None, &[]), &h),
            Verdict::Unexplained(_)
        ));
    }

    /// `corpus/genl-diag.pcap` frame 189 (`ip link show wlan0`, by name): wlan0 came
    /// from mac80211_hwsim on the capturing machine, no request made it; once a
    /// replayed request has made a device of that name, ENODEV is not explained so.
    #[test]
    fn lookup_of_a_device_no_request_made_is_explained() {
        let p = plan(include_bytes!("../../corpus/genl-diag.pcap")).unwrap();
        let r = request(&p, 189);
        assert_eq!(r.link_name().as_deref(), Some("wlan0"));
        let enodev = answered(-19, None, &[]);
        let mut h = History::default();
        assert!(matches!(judge(r, &enodev, &h), Verdict::Explained(w) if w.contains("\"wlan0\"")));
        h.made_names.push("wlan0".into());
        assert!(matches!(judge(r, &enodev, &h), Verdict::Unexplained(_)));
    }

    /// Generic-netlink index attributes of real requests (`corpus/genl-diag.pcap`):
    /// `ip mptcp endpoint add 10.1.2.3 dev dummy0 id 1 signal` (frame 318) and
    /// `iw dev wlan0 scan trigger` (frame 196).
    #[test]
    fn finds_ifindexes_in_genl_requests() {
        let p = plan(include_bytes!("../../corpus/genl-diag.pcap")).unwrap();
        assert_eq!(
            refs(request(&p, 318)),
            [(44, "MPTCP_PM_ADDR_ATTR_IF_IDX", 6, Some("dummy0"))]
        );
        assert_eq!(
            refs(request(&p, 196)),
            [(24, "NL80211_ATTR_IFINDEX", 2, Some("wlan0"))]
        );
        let r = request(&p, 318);
        let out = rewrite(r, 1, Some(30), |_| None, |n| (n == "dummy0").then_some(3)).unwrap();
        assert_eq!(&out[44..48], &3i32.to_ne_bytes());
        assert_eq!(Endian::NATIVE.u16_at(&out, 4), Some(30));
    }
}
