//! [`judge`]: how an original and a replayed outcome compare, and why they differ.

use super::*;
use crate::families::consts::{is_link_message, RTM_NEWLINK, RTM_SETLINK};
use crate::wire::protocol::{GENL_ID_CTRL, NETLINK_GENERIC, NETLINK_ROUTE};
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
