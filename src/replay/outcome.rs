//! What the kernel answered a request, in the capture and in the replay, and the
//! deterministic part of each reply that the two are compared by.

use super::*;
use crate::families::decode::{decode_message, Body, Context};
use crate::wire::endian::Endian;
use crate::wire::nlmsg::Messages;
use crate::wire::protocol::{GENL_ID_CTRL, NETLINK_GENERIC, NETLINK_ROUTE};

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
/// | tc, nftables, conntrack, xfrm replies | by name, `KEPT` | by name, `KEPT` |
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
        _ => return by_fields(protocol, msg, e).unwrap_or_else(|| format!("type {ty}")),
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

/// The replies [`reply_contents`] compares by their decoded values, by message name:
/// the members and attributes kept (by kernel name; a name keeps everything nested
/// under it). Left out, as for the rtnetlink rows: handles the kernel numbers (nft
/// handles, conntrack ids), counters, timers and timeouts, use counts.
const KEPT: &[(&str, &[&str])] = &[
    ("RTM_NEWQDISC", &["tcm_parent", "tcm_handle", "TCA_KIND"]),
    ("RTM_NEWTCLASS", &["tcm_parent", "tcm_handle", "TCA_KIND"]),
    (
        "RTM_NEWTFILTER",
        &[
            "tcm_parent",
            "tcm_handle",
            "tcm_info",
            "TCA_KIND",
            "TCA_CHAIN",
        ],
    ),
    ("RTM_NEWCHAIN", &["tcm_parent", "TCA_CHAIN", "TCA_KIND"]),
    (
        "NFT_MSG_NEWTABLE",
        &["nfgen_family", "NFTA_TABLE_NAME", "NFTA_TABLE_FLAGS"],
    ),
    (
        "NFT_MSG_NEWCHAIN",
        &[
            "nfgen_family",
            "NFTA_CHAIN_TABLE",
            "NFTA_CHAIN_NAME",
            "NFTA_CHAIN_TYPE",
            "NFTA_CHAIN_HOOK",
            "NFTA_CHAIN_POLICY",
        ],
    ),
    (
        "NFT_MSG_NEWSET",
        &[
            "nfgen_family",
            "NFTA_SET_TABLE",
            "NFTA_SET_NAME",
            "NFTA_SET_FLAGS",
            "NFTA_SET_KEY_TYPE",
            "NFTA_SET_KEY_LEN",
            "NFTA_SET_DATA_TYPE",
            "NFTA_SET_DATA_LEN",
        ],
    ),
    (
        "NFT_MSG_NEWSETELEM",
        &[
            "nfgen_family",
            "NFTA_SET_ELEM_LIST_TABLE",
            "NFTA_SET_ELEM_LIST_SET",
            "NFTA_SET_ELEM_KEY",
            "NFTA_SET_ELEM_KEY_END",
            "NFTA_SET_ELEM_DATA",
        ],
    ),
    (
        "NFT_MSG_NEWRULE",
        &[
            "nfgen_family",
            "NFTA_RULE_TABLE",
            "NFTA_RULE_CHAIN",
            "NFTA_EXPR_NAME",
        ],
    ),
    (
        "NFT_MSG_NEWOBJ",
        &[
            "nfgen_family",
            "NFTA_OBJ_TABLE",
            "NFTA_OBJ_NAME",
            "NFTA_OBJ_TYPE",
        ],
    ),
    (
        "NFT_MSG_NEWFLOWTABLE",
        &[
            "nfgen_family",
            "NFTA_FLOWTABLE_TABLE",
            "NFTA_FLOWTABLE_NAME",
        ],
    ),
    (
        "IPCTNL_MSG_CT_NEW",
        &[
            "nfgen_family",
            "CTA_TUPLE_ORIG",
            "CTA_TUPLE_REPLY",
            "CTA_MARK",
            "CTA_ZONE",
        ],
    ),
    (
        "XFRM_MSG_NEWSA",
        &[
            "id.daddr", "id.spi", "id.proto", "saddr", "family", "mode", "reqid", "alg_name",
        ],
    ),
    (
        "XFRM_MSG_NEWPOLICY",
        &[
            "sel.daddr",
            "sel.saddr",
            "sel.prefixlen_d",
            "sel.prefixlen_s",
            "sel.proto",
            "dir",
            "action",
            "priority",
        ],
    ),
];

/// [`reply_contents`] of a reply [`KEPT`] lists: its name, then each kept value as
/// `path=value`, in path order (values of one path in the kernel's order).
fn by_fields(protocol: u16, msg: &[u8], e: Endian) -> Option<String> {
    let m = Messages::new(msg, e).next()?.ok()?;
    let d = decode_message(m, protocol, &Context::new());
    let name = d.type_name()?;
    let (_, keep) = KEPT.iter().find(|(n, _)| *n == name)?;
    let mut kept: Vec<(String, String)> = super::objects::fields(&d)
        .into_iter()
        .filter(|(p, _)| p.split('/').any(|c| keep.contains(&c)))
        .collect();
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = name.to_owned();
    for (p, v) in kept {
        out.push_str(&format!(" {p}={v}"));
    }
    Some(out)
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
pub(super) fn dump_reason(r: &Request, o: &Outcome, replayed: &Outcome) -> String {
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
pub(super) fn contents_differ(a: &Outcome, b: &Outcome, dump: bool) -> Option<String> {
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
    /// `ok` or the errno's name, with the extended-ACK message: what a request got,
    /// in a cause chain (no answer counts as ok: an error is always answered).
    pub fn describe_short(&self) -> String {
        let mut s = if !self.answered || self.error == 0 {
            "ok".to_owned()
        } else {
            let n = self.error.saturating_neg();
            crate::families::errno::errno(n)
                .map_or_else(|| format!("errno {n}"), |(name, _)| name.to_owned())
        };
        if let Some(m) = &self.extack {
            s.push_str(&format!(" {m:?}"));
        }
        s
    }

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

pub(super) fn extack_msg(x: &crate::families::decode::AttrsView<'_>, e: Endian) -> Option<String> {
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
