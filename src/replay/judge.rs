//! [`judge`]: how an original and a replayed outcome compare, and why they differ.

use super::*;
use crate::families::consts::{is_link_message, RTM_NEWLINK};
use crate::families::errno::codes::*;
use crate::families::names::AF;
use crate::wire::protocol::{GENL_ID_CTRL, NETLINK_GENERIC, NETLINK_ROUTE};
use crate::wire::protocol::{NETLINK_SOCK_DIAG, NETLINK_XFRM};
use std::collections::HashMap;

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
    /// Links (`RTM_*LINK`).
    Link,
    /// Addresses (`RTM_*ADDR`).
    Addr,
    /// Routes (`RTM_*ROUTE`).
    Route,
    /// Neighbours (`RTM_*NEIGH`).
    Neigh,
    /// Qdiscs, classes, filters, chains.
    Tc,
    /// Nexthops (`RTM_*NEXTHOP`).
    Nexthop,
}

impl Obj {
    /// The kind of object an rtnetlink request is about, by the name the tables give
    /// its type (`RTM_NEWADDR` → addresses).
    fn of(r: &Request) -> Option<Obj> {
        if r.protocol != NETLINK_ROUTE {
            return None;
        }
        let object = ["RTM_NEW", "RTM_DEL", "RTM_GET", "RTM_SET"]
            .iter()
            .find_map(|p| r.name.strip_prefix(p))?;
        Some(match object {
            "LINK" => Obj::Link,
            "ADDR" => Obj::Addr,
            "ROUTE" => Obj::Route,
            "NEIGH" => Obj::Neigh,
            "QDISC" | "TCLASS" | "TFILTER" | "CHAIN" => Obj::Tc,
            "NEXTHOP" => Obj::Nexthop,
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
            if r.msg_type() == RTM_NEWLINK && worked_there && !worked_here {
                self.failed_names.push(name);
            } else if r.msg_type() == RTM_NEWLINK && worked_here {
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
const MISSING: &[i32] = &[
    ENOENT,
    ESRCH,
    ENODEV,
    EINVAL,
    EOPNOTSUPP,
    EADDRNOTAVAIL,
    ENETDOWN,
    ENETUNREACH,
    EHOSTUNREACH,
];

/// One request's comparison, as the rules see it.
struct Case<'a> {
    r: &'a Request,
    /// The capture's outcome.
    o: &'a Outcome,
    replayed: &'a Outcome,
    h: &'a History,
    /// The errors, negative as the kernel sends them (0: ack).
    oe: i32,
    re: i32,
}

impl Case<'_> {
    fn show(e: i32) -> String {
        if e == 0 {
            "ok".to_owned()
        } else {
            errname(e)
        }
    }

    /// "X instead of Y": the replayed error, then the captured one.
    fn instead(&self) -> String {
        format!("{} instead of {}", Case::show(self.re), Case::show(self.oe))
    }

    /// The first earlier change of an object kind this request depends on that
    /// worked in the capture and not in the replay.
    fn diverged_dependency(&self) -> Option<&(u64, String)> {
        let obj = Obj::of(self.r)?;
        obj.depends_on()
            .iter()
            .filter_map(|d| self.h.diverged.get(d))
            .min()
    }
}

/// A rule of [`judge`]: a verdict when it applies to the case.
type Rule = fn(&Case<'_>) -> Option<Verdict>;

/// [`judge`]'s rules, in order: the first that applies gives the verdict. A new
/// explanation is a new function here, with its place in the order.
const RULES: &[Rule] = &[
    no_answer_captured,
    same_answer,
    dump_of_other_state,
    link_kind_missing,
    sandbox_withholds_capability,
    missing_dependency,
    device_from_before_the_capture,
    mpls_platform_labels,
    genl_family_missing,
    genl_device_missing,
    mptcp_endpoint_errno_by_version,
    xfrm_module_missing,
    sock_diag,
    genl_state_diverged,
];

/// Compares the original and replayed outcomes of `r`, given what went differently
/// before it in the replay: the first of its rules (`RULES` in `replay/judge.rs`) that applies, else unexplained.
pub fn judge(r: &Request, replayed: &Outcome, h: &History) -> Verdict {
    let c = Case {
        r,
        o: &r.original,
        replayed,
        h,
        oe: r.original.error,
        re: replayed.error,
    };
    RULES
        .iter()
        .find_map(|rule| rule(&c))
        .unwrap_or_else(|| unexplained(&c))
}

fn unexplained(c: &Case<'_>) -> Verdict {
    if c.oe == c.re {
        return Verdict::Unexplained(format!(
            "{} replies in the capture, {} replayed",
            c.o.replies, c.replayed.replies
        ));
    }
    Verdict::Unexplained(format!(
        "{} in the capture, {} replayed",
        Case::show(c.oe),
        Case::show(c.re)
    ))
}

/// The capture holds no final answer (no `NLM_F_ACK`, or not captured).
fn no_answer_captured(c: &Case<'_>) -> Option<Verdict> {
    if c.o.answered {
        return None;
    }
    Some(if c.replayed.answered {
        Verdict::Explained(
            "the capture holds no answer to compare with (request without NLM_F_ACK, or the answer was not captured)"
                .into(),
        )
    } else {
        Verdict::Match
    })
}

/// Same errno and reply count: the extended-ACK messages and the deterministic part
/// of the replies must agree too.
fn same_answer(c: &Case<'_>) -> Option<Verdict> {
    let (o, replayed, r) = (c.o, c.replayed, c.r);
    if c.oe != c.re || o.replies != replayed.replies {
        return None;
    }
    let show = || Case::show(c.oe);
    match (&o.extack, &replayed.extack) {
        (Some(a), Some(b)) if a != b => {
            return Some(Verdict::Unexplained(format!(
                "same answer ({}), different extended-ACK message: {a:?} in the capture, {b:?} replayed",
                show()
            )))
        }
        (None, Some(b)) => {
            return Some(Verdict::Explained(format!(
                "same answer ({}); only the replay carries an extended-ACK message ({b:?}): the capturing program did not ask for one (NETLINK_EXT_ACK) or its kernel had none here",
                show()
            )))
        }
        (Some(a), None) => {
            return Some(Verdict::Explained(format!(
                "same answer ({}); the replay kernel gives no extended-ACK message where the capturing one said {a:?}",
                show()
            )))
        }
        _ => {}
    }
    let d = match contents_differ(o, replayed, r.is_dump()) {
        None => return Some(Verdict::Match),
        Some(_) if r.is_dump() => return Some(Verdict::Explained(dump_reason(r, o, replayed))),
        Some(d) => d,
    };
    Some(match c.diverged_dependency() {
        Some((frame, name)) => Verdict::Explained(format!(
            "reply describes state the replay could not build (first: {name} at frame {frame}): {d}"
        )),
        None => Verdict::Unexplained(format!("same answer, reply contents differ: {d}")),
    })
}

/// A dump with the same answer and another number of entries: other state.
fn dump_of_other_state(c: &Case<'_>) -> Option<Verdict> {
    (c.oe == c.re && c.o.replies != c.replayed.replies && c.r.is_dump())
        .then(|| Verdict::Explained(dump_reason(c.r, c.o, c.replayed)))
}

/// A link of a kind this kernel does not have.
fn link_kind_missing(c: &Case<'_>) -> Option<Verdict> {
    let kind = c.r.link_kind.as_ref()?;
    (c.re == -EOPNOTSUPP && is_link_message(c.r.msg_type())).then(|| {
        Verdict::Explained(format!(
            "link kind {kind:?} is not available in this kernel (EOPNOTSUPP: module missing)"
        ))
    })
}

/// `capable(CAP_NET_ADMIN)` (generic-netlink families with GENL_ADMIN_PERM,
/// kernel-wide settings) asks for the capability in the initial user namespace,
/// which the sandbox withholds on purpose.
fn sandbox_withholds_capability(c: &Case<'_>) -> Option<Verdict> {
    (c.h.sandboxed && c.re == -EPERM && c.oe != -EPERM).then(|| {
        Verdict::Explained(format!(
            "EPERM instead of {}: this operation needs a capability in the initial user namespace, which the replay sandbox withholds so that nothing reaches the host",
            Case::show(c.oe)
        ))
    })
}

/// An error of something missing, and what it names was not made in the replay.
fn missing_dependency(c: &Case<'_>) -> Option<Verdict> {
    if !MISSING.contains(&c.re.saturating_neg()) {
        return None;
    }
    let r = c.r;
    let refs_failed = r
        .ifrefs
        .iter()
        .filter_map(|f| f.name.as_ref())
        .chain(r.link_name().as_ref())
        .find(|n| c.h.failed_names.contains(n))
        .cloned();
    if let Some(n) = refs_failed {
        return Some(Verdict::Explained(format!(
            "device {n:?} was not created in the replay; {}",
            c.instead()
        )));
    }
    let (frame, name) = c.diverged_dependency()?;
    Some(Verdict::Explained(format!(
        "depends on state the replay could not build (first: {name} at frame {frame}); {}",
        c.instead()
    )))
}

/// A link request by name (`ip link show wlan0`) for a device no replayed request
/// made: it existed on the capturing machine before the capture (hardware, a module
/// such as mac80211_hwsim, another program), not in the replay namespace.
fn device_from_before_the_capture(c: &Case<'_>) -> Option<Verdict> {
    let r = c.r;
    if r.protocol != NETLINK_ROUTE || !is_link_message(r.msg_type()) || c.re != -ENODEV || c.oe != 0
    {
        return None;
    }
    let n = r.link_name()?;
    (r.ifrefs.is_empty() && !c.h.made_names.contains(&n) && !c.h.failed_names.contains(&n))
        .then(|| {
            Verdict::Explained(format!(
                "no replayed request made device {n:?}: it existed on the capturing machine without a request in the capture making it, and the replay namespace has none (ENODEV)"
            ))
        })
}

/// An MPLS route whose label is at or above the namespace's
/// `net.mpls.platform_labels`: a sysctl, set outside netlink (0 in a new namespace),
/// that the capturing machine had raised. The kernel says so in its extended ACK
/// (`mpls_label_ok()`, net/mpls/af_mpls.c).
fn mpls_platform_labels(c: &Case<'_>) -> Option<Verdict> {
    let m = c.replayed.extack.as_deref()?;
    (c.r.protocol == NETLINK_ROUTE
        && c.re == -EINVAL
        && c.oe == 0
        && m.starts_with("Label >= configured maximum in platform_labels"))
    .then(|| {
        Verdict::Explained(format!(
            "MPLS: the replay namespace's net.mpls.platform_labels (a sysctl, not netlink state: 0 in a new namespace) is below this label, which the capturing machine allowed ({m:?}); EINVAL instead of ok"
        ))
    })
}

/// nlctrl answers ENOENT for a generic-netlink family this kernel lacks.
fn genl_family_missing(c: &Case<'_>) -> Option<Verdict> {
    let r = c.r;
    if r.protocol != NETLINK_GENERIC || r.msg_type() != GENL_ID_CTRL || c.re != -ENOENT {
        return None;
    }
    let name = r
        .bytes
        .get(20..)
        .and_then(|a| {
            crate::wire::attr::Attrs::new(a, 20, r.endian)
                .map_while(Result::ok)
                .find(|a| a.ty == CTRL_ATTR_FAMILY_NAME)
        })
        .map(|a| cstr(a.value))
        .or_else(|| r.family_ids.iter().find_map(|f| f.name.clone()))
        .unwrap_or_default();
    Some(Verdict::Explained(format!(
        "generic netlink family {name:?} is not in this kernel (ENOENT from nlctrl)"
    )))
}

/// `CTRL_ATTR_FAMILY_NAME` (linux/genetlink.h).
const CTRL_ATTR_FAMILY_NAME: u16 = 2;

fn genl_device_missing(c: &Case<'_>) -> Option<Verdict> {
    (c.r.protocol == NETLINK_GENERIC && c.re == -ENODEV).then(|| {
        Verdict::Explained(
            "names a device of the capturing machine (inside its attributes) that the replay namespace does not have (ENODEV)".into(),
        )
    })
}

/// mptcp_pm_nl_append_new_local_addr(): newer kernels (6.18 here) refuse an endpoint
/// with EBUSY (its id is taken), EEXIST (its address is) or ERANGE (8 endpoints
/// already) and append the errno to the message; older ones (6.1, the corpus's VM)
/// return EINVAL for all three with the same text.
fn mptcp_endpoint_errno_by_version(c: &Case<'_>) -> Option<Verdict> {
    let applies = c.r.protocol == NETLINK_GENERIC
        && c.r.genl_family.as_deref() == Some("mptcp_pm")
        && c.oe == -EINVAL
        && [-EBUSY, -EEXIST, -ERANGE].contains(&c.re)
        && c.replayed
            .extack
            .as_deref()
            .is_some_and(|m| m.starts_with("too many addresses or duplicate one"));
    applies.then(|| {
        Verdict::Explained(format!(
            "kernel version: mptcp_pm refuses this endpoint with {} here; the capturing kernel said EINVAL for every refused endpoint (same \"too many addresses or duplicate one\" message)",
            Case::show(c.re)
        ))
    })
}

/// NETLINK_XFRM: the kernel names what it lacks in the extended ACK ("Requested type
/// not found": no esp4/ah4/… module; "Requested … algorithm not found": no such
/// crypto algorithm).
fn xfrm_module_missing(c: &Case<'_>) -> Option<Verdict> {
    if c.r.protocol != NETLINK_XFRM || ![-EPROTONOSUPPORT, -ENOSYS, -ENOENT].contains(&c.re) {
        return None;
    }
    let m = c
        .replayed
        .extack
        .as_deref()
        .filter(|m| m.starts_with("Requested") && m.ends_with("not found"))?;
    Some(Verdict::Explained(format!(
        "IPsec: this kernel lacks what the SA needs ({m:?}: its xfrm type module or crypto algorithm is missing); {}",
        c.instead()
    )))
}

/// `DCCPDIAG_GETSOCK` (linux/inet_diag.h): sock_diag's request type for DCCP.
const DCCPDIAG_GETSOCK: u16 = 19;

fn sock_diag(c: &Case<'_>) -> Option<Verdict> {
    let r = c.r;
    if r.protocol != NETLINK_SOCK_DIAG {
        return None;
    }
    if r.msg_type() == DCCPDIAG_GETSOCK {
        return Some(Verdict::Explained(
            "DCCP: its diag module was missing on the capturing kernel, and DCCP is gone from Linux since 6.16".into(),
        ));
    }
    if c.re != -ENOENT {
        return None;
    }
    if !r.is_dump() {
        return Some(Verdict::Explained(
            "looks up one socket of the capturing machine (by address, inode or cookie)".into(),
        ));
    }
    // The request's first bytes: sdiag_family, sdiag_protocol.
    let af = r.bytes.get(16).copied().unwrap_or(0);
    let name = AF
        .entries
        .iter()
        .find(|(v, _)| *v == u64::from(af))
        .map_or_else(
            || "?".to_owned(),
            |(_, n)| format!("AF_{}", n.to_uppercase()),
        );
    let proto = r.bytes.get(17).copied().unwrap_or(0);
    Some(Verdict::Explained(format!(
        "no sock_diag handler for address family {af} ({name}), protocol {proto}, in this kernel (module missing)"
    )))
}

/// A family whose earlier change the replay could not make (not replayable, or
/// refused) holds other state from then on: mptcp_pm endpoints, wireguard peers.
fn genl_state_diverged(c: &Case<'_>) -> Option<Verdict> {
    let r = c.r;
    let f = r
        .genl_family
        .as_ref()
        .filter(|f| r.protocol == NETLINK_GENERIC && f.as_str() != "nlctrl")?;
    let (frame, name) = c.h.genl_diverged.get(f)?;
    Some(Verdict::Explained(format!(
        "depends on {f} state the replay could not build (first: {name} at frame {frame}); {}",
        c.instead()
    )))
}
