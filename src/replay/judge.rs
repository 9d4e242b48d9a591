//! [`judge`]: how an original and a replayed outcome compare, and why they differ.

use super::objects::{Event, Kind, Named, ObjKey, Role, World};
use super::*;
use crate::families::consts::{is_link_message, RTM_NEWLINK};
use crate::families::errno::codes::*;
use crate::families::names::AF;
use crate::wire::protocol::{GENL_ID_CTRL, NETLINK_GENERIC, NETLINK_ROUTE};
use crate::wire::protocol::{NETLINK_SOCK_DIAG, NETLINK_XFRM};
use std::cell::RefCell;
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

/// Why an explained difference happened, for a machine to read (`--report json`).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Cause {
    /// The rule of [`judge`] that explained it (its function name in `judge.rs`).
    pub rule: &'static str,
    /// The object whose state differs between the capture and the replay, when that
    /// is the explanation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<ObjKey>,
    /// The earlier requests it follows from, nearest first: each one's outcome on the
    /// side where it made the difference, and that request's own explanation.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chain: Vec<Step>,
    /// What this kernel lacks, when that is the cause (`link kind "dummy"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lacks: Option<String>,
}

/// One earlier request in a [`Cause`] chain.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Step {
    /// `capture` or `replay`: the side whose state it made.
    pub side: &'static str,
    /// The request and what it got on that side.
    #[serde(flatten)]
    pub event: Event,
    /// Why it got that (its own verdict's reason), when it differed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// An nfnetlink batch being noted: its effects stand only if no message of it failed.
#[derive(Clone, Debug)]
struct Batch {
    frame: u64,
    capture: World,
    replay: World,
    named: Vec<Named>,
    /// The first message that failed, per side.
    failed_capture: Option<Event>,
    failed_replay: Option<Event>,
}

/// What went differently so far in a replay: later differences may follow from it.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// The objects of the capturing machine, as the capture shows them.
    pub capture: World,
    /// The objects of the replay namespace.
    pub replay: World,
    /// Each differing request's reason and cause (by frame and `label`), to
    /// continue a chain through it.
    pub causes: HashMap<(u64, String), (String, Cause)>,
    /// What this kernel lacks, found out once: (what, e.g. `link kind "dummy"`, the
    /// frame that found it out).
    pub lacks: Vec<(String, u64)>,
    batch: Option<Batch>,
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
        self.note_objects(r, replayed);
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

impl History {
    /// An empty history; `sandboxed`: the replay runs in [`crate::os::sandbox`].
    pub fn new(sandboxed: bool) -> Self {
        History {
            sandboxed,
            ..History::default()
        }
    }

    /// Remembers a request's verdict, so that a later difference that follows from
    /// it carries its reason in its chain.
    pub fn remember(&mut self, r: &Request, v: &Verdict, cause: Option<&Cause>) {
        if let Some(what) = cause.and_then(|c| c.lacks.as_ref()) {
            if !self.lacks.iter().any(|(w, _)| w == what) {
                self.lacks.push((what.clone(), r.frame));
            }
        }
        if let Verdict::Explained(why) | Verdict::Unexplained(why) = v {
            self.causes.insert(
                (r.frame, label(r)),
                (why.clone(), cause.cloned().unwrap_or_default()),
            );
        }
    }

    /// For a request that could not be sent: the device it names that the replay
    /// namespace lacks, traced to the earlier request that left it missing.
    pub fn not_replayed_cause(&self, r: &Request) -> Option<Cause> {
        r.objects
            .iter()
            .filter(|n| n.key.kind == Kind::Device && n.role.needs_it())
            .find_map(|n| {
                let f = self.replay.fact(&n.key).filter(|f| !f.exists)?;
                let ev = f.by?;
                Some(Cause {
                    rule: "not_replayed",
                    object: Some(n.key.clone()),
                    chain: self.step("replay", &ev),
                    lacks: None,
                })
            })
    }

    fn note_objects(&mut self, r: &Request, replayed: Option<&Outcome>) {
        if self
            .batch
            .as_ref()
            .is_some_and(|b| Some(b.frame) != r.batch)
        {
            self.end_batch();
        }
        if let (None, Some(frame)) = (&self.batch, r.batch) {
            self.batch = Some(Batch {
                frame,
                capture: self.capture.clone(),
                replay: self.replay.clone(),
                named: Vec::new(),
                failed_capture: None,
                failed_replay: None,
            });
        }
        let request = label(r);
        let there = if r.original.answered {
            r.original.error
        } else {
            0
        };
        let here = replayed.map(|o| if o.answered { o.error } else { 0 });
        let ev = |outcome: String| Event {
            frame: r.frame,
            request: request.clone(),
            outcome,
        };
        let ev_there = ev(r.original.describe_short());
        let ev_here =
            ev(replayed.map_or_else(|| "not replayed".to_owned(), Outcome::describe_short));
        self.capture.apply(&r.objects, Some(there), &ev_there);
        self.replay.apply(&r.objects, here, &ev_here);
        if let Some(b) = &mut self.batch {
            b.named.extend(r.objects.iter().cloned());
            if there != 0 {
                b.failed_capture.get_or_insert(ev_there);
            }
            if here != Some(0) {
                b.failed_replay.get_or_insert(ev_here);
            }
        }
    }

    /// Ends the nfnetlink batch being noted: the kernel applies a batch whole or not
    /// at all, so on a side where one of its messages failed none of its objects were
    /// made (or removed).
    pub fn end_batch(&mut self) {
        let Some(b) = self.batch.take() else {
            return;
        };
        let aborted = |e: &Event| Event {
            frame: e.frame,
            request: e.request.clone(),
            outcome: format!(
                "its nfnetlink batch was rejected whole: #{} {} got {}",
                e.frame, e.request, e.outcome
            ),
        };
        if let Some(e) = &b.failed_capture {
            self.capture.abort(&b.capture, &b.named, &aborted(e));
        }
        if let Some(e) = &b.failed_replay {
            self.replay.abort(&b.replay, &b.named, &aborted(e));
        }
    }

    /// The first message of the current batch that failed in the replay and not in
    /// the capture.
    fn batch_failure(&self, r: &Request) -> Option<&Event> {
        let b = self.batch.as_ref().filter(|b| Some(b.frame) == r.batch)?;
        b.failed_replay
            .as_ref()
            .filter(|_| b.failed_capture.is_none())
    }

    /// A step of a chain: `ev` on `side`, with that request's own explanation.
    fn step(&self, side: &'static str, ev: &Event) -> Vec<Step> {
        let earlier = self.causes.get(&(ev.frame, ev.request.clone()));
        let mut v = vec![Step {
            side,
            event: ev.clone(),
            why: earlier.map(|(w, _)| w.clone()),
        }];
        if let Some((_, c)) = earlier {
            v.extend(c.chain.iter().take(MAX_CHAIN).cloned());
        }
        v
    }
}

/// How a chain names a request: its message name, with its link kind.
fn label(r: &Request) -> String {
    match &r.link_kind {
        Some(k) => format!("{} kind {k}", r.name),
        None => r.name.clone(),
    }
}

/// Steps a chain keeps (each explained request's chain includes its causes' chains).
const MAX_CHAIN: usize = 8;

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
    /// What a rule found, for [`Cause`].
    found: RefCell<Found>,
}

/// What a rule found besides its verdict.
#[derive(Default)]
struct Found {
    object: Option<ObjKey>,
    chain: Vec<Step>,
    lacks: Option<String>,
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

    /// Notes that this kernel lacks `what`, and says since which request that is
    /// known when an earlier one found it out.
    fn lacks(&self, what: String) -> String {
        let earlier = self
            .h
            .lacks
            .iter()
            .find(|(w, f)| *w == what && *f != self.r.frame)
            .map(|(_, f)| format!(" (found out at #{f})"))
            .unwrap_or_default();
        self.found.borrow_mut().lacks = Some(what);
        earlier
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

/// Names a rule by its function's name, for [`Cause::rule`].
macro_rules! rules {
    ($($f:ident),* $(,)?) => { &[$((stringify!($f), $f as Rule)),*] };
}

/// [`judge`]'s rules, in order: the first that applies gives the verdict. A new
/// explanation is a new function here, with its place in the order.
const RULES: &[(&str, Rule)] = rules![
    no_answer_captured,
    same_answer,
    dump_of_other_state,
    link_kind_missing,
    tc_kind_missing,
    object_state_differs,
    batch_rejected,
    sandbox_withholds_capability,
    rtnl_handler_missing,
    missing_dependency,
    device_from_before_the_capture,
    mpls_platform_labels,
    genl_family_missing,
    genl_device_missing,
    answer_changed_by_kernel_version,
    xfrm_module_missing,
    sock_diag,
    genl_state_diverged,
];

/// Compares the original and replayed outcomes of `r`, given what went differently
/// before it in the replay: the first of its rules (`RULES` in `replay/judge.rs`)
/// that applies, else unexplained.
pub fn judge(r: &Request, replayed: &Outcome, h: &History) -> Verdict {
    judge_cause(r, replayed, h).0
}

/// [`judge`], with the [`Cause`] of an explained difference: the rule, and where a
/// rule follows an object back, the object and the chain of earlier requests.
pub fn judge_cause(r: &Request, replayed: &Outcome, h: &History) -> (Verdict, Option<Cause>) {
    let c = Case {
        r,
        o: &r.original,
        replayed,
        h,
        oe: r.original.error,
        re: replayed.error,
        found: RefCell::default(),
    };
    for (name, rule) in RULES {
        if let Some(v) = rule(&c) {
            let cause = matches!(v, Verdict::Explained(_)).then(|| {
                let f = c.found.take();
                Cause {
                    rule: name,
                    object: f.object,
                    chain: f.chain,
                    lacks: f.lacks,
                }
            });
            return (v, cause);
        }
    }
    (unexplained(&c), None)
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

/// The extended-ACK message of rtnl_newlink() for a kind it has no `rtnl_link_ops`
/// for (net/core/rtnetlink.c).
const UNKNOWN_DEVICE_TYPE: &str = "Unknown device type";

/// A link of a kind this kernel does not have: rtnl_newlink() finds no
/// `rtnl_link_ops` of that kind (and no module to load for it), says EOPNOTSUPP and
/// "Unknown device type". EOPNOTSUPP without that message comes from the kind's own
/// code: the kind exists, and an option the request gives is not built in (a bridge
/// with `IFLA_BR_VLAN_FILTERING` on a kernel without CONFIG_BRIDGE_VLAN_FILTERING).
fn link_kind_missing(c: &Case<'_>) -> Option<Verdict> {
    let kind = c.r.link_kind.as_ref()?;
    if c.re != -EOPNOTSUPP || c.oe == -EOPNOTSUPP || !is_link_message(c.r.msg_type()) {
        return None;
    }
    if c.replayed.extack.as_deref() == Some(UNKNOWN_DEVICE_TYPE) {
        return Some(Verdict::Explained(format!(
            "this kernel has no {kind:?} link type (EOPNOTSUPP \"{UNKNOWN_DEVICE_TYPE}\": no rtnl_link_ops of that kind, nor a module for it){}",
            c.lacks(format!("link kind {kind:?}"))
        )));
    }
    let options: Vec<&str> =
        c.r.fields
            .iter()
            .filter(|(p, _)| p.starts_with("IFLA_LINKINFO/IFLA_INFO_DATA/"))
            .filter_map(|(p, _)| p.rsplit('/').next())
            .collect();
    Some(Verdict::Explained(format!(
        "this kernel does not support an option of link kind {kind:?} this request sets ({}): EOPNOTSUPP from the kind's own code (not \"{UNKNOWN_DEVICE_TYPE}\"), a feature not built into this kernel{}",
        if options.is_empty() { "none in IFLA_INFO_DATA".to_owned() } else { options.join(", ") },
        c.lacks(format!("a feature of link kind {kind:?} ({})", options.join(", ")))
    )))
}

/// A tc qdisc, classifier or action kind (`TCA_KIND`, `TCA_ACT_KIND`) this kernel
/// lacks: the kernel's extended ACK says the kind is unknown or its module did not
/// load (sch_api.c, cls_api.c, act_api.c).
fn tc_kind_missing(c: &Case<'_>) -> Option<Verdict> {
    let r = c.r;
    if r.protocol != NETLINK_ROUTE || c.re == c.oe || c.re == 0 {
        return None;
    }
    let m = c.replayed.extack.as_deref()?;
    let lower = m.to_lowercase();
    let says = ["unknown", "not found", "failed to load", "module"]
        .iter()
        .any(|w| lower.contains(w));
    let what = match r.name.as_str() {
        "RTM_NEWQDISC" => "qdisc",
        "RTM_NEWTCLASS" => "qdisc (of the class)",
        "RTM_NEWTFILTER" | "RTM_NEWCHAIN" => "classifier",
        "RTM_NEWACTION" => "action",
        _ => return None,
    };
    let kind = r
        .fields_named("TCA_KIND")
        .or_else(|| r.fields_named("TCA_ACT_KIND"))?;
    says.then(|| {
        Verdict::Explained(format!(
            "this kernel lacks tc {what} kind {kind:?} ({m:?}); {}{}",
            c.instead(),
            c.lacks(format!("tc {what} kind {kind:?}"))
        ))
    })
}

/// An object the request names exists on one side and not on the other: the
/// earlier request that made the difference is the cause (a failed create, a
/// rejected nftables batch, an object from before the capture).
fn object_state_differs(c: &Case<'_>) -> Option<Verdict> {
    if c.oe == c.re {
        return None;
    }
    let missing = |e: i32| MISSING.contains(&e.saturating_neg());
    // Objects it needs first (they decide whether it can work at all), then its own.
    let order =
        c.r.objects
            .iter()
            .filter(|n| n.role == Role::Names)
            .chain(c.r.objects.iter().filter(|n| n.role != Role::Names));
    for n in order {
        let here = c.h.replay.fact(&n.key);
        let here_exists = here.as_ref().is_some_and(|f| f.exists);
        let there = c.h.capture.fact(&n.key);
        if n.key.kind == Kind::Gateway && there.is_none() {
            // No address of the capture covers it: it was reached some other way.
            continue;
        }
        let there_exists = match (&there, n.role) {
            (Some(f), _) => f.exists,
            (None, role) if role.needs_it() && c.oe == 0 => true,
            (None, role) if role.needs_it() && missing(c.oe) => false,
            (None, Role::Creates) if c.oe == -EEXIST => true,
            (None, Role::Creates) if c.oe == 0 => false,
            _ => continue,
        };
        if there_exists == here_exists {
            continue;
        }
        let fits = match n.role {
            Role::Creates => {
                (here_exists && c.re == -EEXIST) || (!here_exists && c.re == 0 && c.oe == -EEXIST)
            }
            Role::Ensures => false,
            _ => (!here_exists && missing(c.re)) || (here_exists && c.re == 0 && missing(c.oe)),
        };
        if !fits {
            continue;
        }
        let side = |exists: bool| if exists { "exists" } else { "is missing" };
        let (mut chain, mut parts) = (Vec::new(), Vec::new());
        match here.as_ref().and_then(|f| f.by.as_ref()) {
            Some(ev) => {
                parts.push(format!("in the replay because of {ev}"));
                chain.extend(c.h.step("replay", ev));
            }
            None if !here_exists => parts.push("in the replay: no replayed request made it".into()),
            None => parts.push("in the replay".into()),
        }
        match there.as_ref().and_then(|f| f.by.as_ref()) {
            Some(ev) => {
                parts.push(format!("in the capture because of {ev}"));
                chain.push(Step {
                    side: "capture",
                    event: ev.clone(),
                    why: None,
                });
            }
            None if there_exists => parts.push(
                "in the capture it was there before the capture began (no request of the capture made it)".into(),
            ),
            None => parts.push("in the capture it was not there".into()),
        }
        let why = chain
            .first()
            .and_then(|s| s.why.as_deref())
            .map(|w| format!(" [#{}: {w}]", chain.first().map_or(0, |s| s.event.frame)))
            .unwrap_or_default();
        *c.found.borrow_mut() = Found {
            object: Some(n.key.clone()),
            chain,
            lacks: None,
        };
        return Some(Verdict::Explained(format!(
            "{} {} {}; {}{why}; {}",
            n.key,
            side(here_exists),
            parts.first().map_or("", String::as_str),
            parts.get(1).map_or("", String::as_str),
            c.instead()
        )));
    }
    None
}

/// A message of an nfnetlink batch in which an earlier message failed in the replay
/// (and none in the capture): the kernel rejects a batch whole.
fn batch_rejected(c: &Case<'_>) -> Option<Verdict> {
    let ev = c.h.batch_failure(c.r)?;
    if c.oe == c.re {
        return None;
    }
    c.found.borrow_mut().chain = c.h.step("replay", ev);
    Some(Verdict::Explained(format!(
        "its nfnetlink batch was rejected whole in the replay: {ev} failed first; {}",
        c.instead()
    )))
}

/// An rtnetlink request of a (family, type) no handler is registered for in this
/// kernel: rtnetlink_rcv_msg() answers EOPNOTSUPP without a message (the code that
/// registers it is not built in or its module not loaded: the bridge registers
/// `RTM_GETVLAN` only with CONFIG_BRIDGE_VLAN_FILTERING).
fn rtnl_handler_missing(c: &Case<'_>) -> Option<Verdict> {
    let r = c.r;
    (r.protocol == NETLINK_ROUTE
        && c.re == -EOPNOTSUPP
        && c.oe == 0
        && c.replayed.extack.is_none()
        && r.link_kind.is_none())
    .then(|| {
        let family = r.bytes.get(16).copied().unwrap_or(0);
        let fam = AF
            .entries
            .iter()
            .find(|(v, _)| *v == u64::from(family))
            .map_or_else(|| family.to_string(), |(_, n)| format!("AF_{}", n.to_uppercase()));
        Verdict::Explained(format!(
            "this kernel has no rtnetlink handler for {} with family {fam} (EOPNOTSUPP: what registers it is not built into this kernel, or its module is not loaded){}",
            r.name,
            c.lacks(format!("rtnetlink handler {} {fam}", r.name))
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

/// A known change of an answer between kernel versions.
#[derive(Clone, Copy, Debug)]
pub struct AnswerChange {
    /// Netlink protocol.
    pub protocol: u16,
    /// Generic-netlink family, for generic netlink.
    pub genl_family: Option<&'static str>,
    /// Message name, when the change is about one request type.
    pub request: Option<&'static str>,
    /// The errno older kernels answer (positive).
    pub before: i32,
    /// The errnos newer kernels answer instead (positive).
    pub after: &'static [i32],
    /// The start of the extended-ACK message the newer kernel gives, if it is part of
    /// the recognition.
    pub extack: Option<&'static str>,
    /// The first kernel version known to answer so (as far as known: a version it was
    /// seen on).
    pub since: &'static str,
    /// The kernel commit's subject, where known.
    pub commit: Option<&'static str>,
    /// What changed, in words.
    pub what: &'static str,
}

/// Known answer changes between kernel versions, each checked by a test on a real
/// capture where one exists.
pub const ANSWER_CHANGES: &[AnswerChange] = &[AnswerChange {
    // mptcp_pm_nl_append_new_local_addr(): 6.1 (the corpus's VM) returns EINVAL for
    // every refused endpoint; 6.18 (this machine) says why, and appends the errno to
    // the message. The commit is not identified here.
    protocol: NETLINK_GENERIC,
    genl_family: Some("mptcp_pm"),
    request: None,
    before: EINVAL,
    after: &[EBUSY, EEXIST, ERANGE],
    extack: Some("too many addresses or duplicate one"),
    since: "after 6.1 (seen on 6.18)",
    commit: None,
    what: "mptcp_pm refuses an endpoint with EBUSY (id taken), EEXIST (address taken) or ERANGE (too many) instead of EINVAL for all three",
}];

/// An answer that [`ANSWER_CHANGES`] lists as changed between the capturing kernel's
/// version and this one.
fn answer_changed_by_kernel_version(c: &Case<'_>) -> Option<Verdict> {
    let r = c.r;
    let ch = ANSWER_CHANGES.iter().find(|ch| {
        ch.protocol == r.protocol
            && (ch.genl_family.is_none() || ch.genl_family == r.genl_family.as_deref())
            && ch.request.is_none_or(|n| n == r.name)
            && c.oe == -ch.before
            && ch.after.iter().any(|a| c.re == -a)
            && ch.extack.is_none_or(|m| {
                c.replayed
                    .extack
                    .as_deref()
                    .is_some_and(|x| x.starts_with(m))
            })
    })?;
    Some(Verdict::Explained(format!(
        "kernel version: {}: {} here where the capturing kernel said {} (changed {}{})",
        ch.what,
        Case::show(c.re),
        Case::show(c.oe),
        ch.since,
        ch.commit
            .map(|s| format!(", commit \"{s}\""))
            .unwrap_or_default()
    )))
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
