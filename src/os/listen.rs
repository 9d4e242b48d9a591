//! `--via listen`: one netlink socket per family, joined to every multicast
//! group the kernel has for it, listening in all namespaces with an nsid.
//!
//! This sees notifications only (what the kernel multicasts), plus the
//! requests nlscope itself sends and their replies (`--dump`, and the nlctrl
//! family dump that resolves generic netlink groups). Requests and replies of
//! other programs are invisible: that needs nlmon.
//!
//! The audit family joins the audit log group `AUDIT_NLGRP_READLOG` (1):
//! every record the kernel logs (from the kernel, or user-space messages such
//! as `AUDIT_USER_AVC` sent by auditing programs) is multicast to it, in the
//! initial network namespace only (`kauditd_send_multicast_skb()` sends on
//! `init_net`'s audit socket). Joining needs CAP_AUDIT_READ in the initial user
//! namespace; without it the family is skipped with a note saying so.

use super::nlparse;
use super::nlsock::{NlSocket, Received, RecvOutcome};
use crate::families::connector;
use crate::families::consts::{CTRL_CMD_NEWFAMILY, CTRL_CMD_NEWMCAST_GRP};
use crate::families::requests::{self, DumpKind};
use crate::wire::build::Endian;
use crate::wire::protocol::{NETLINK_AUDIT, NETLINK_CONNECTOR, NETLINK_GENERIC, NETLINK_ROUTE};
use std::io;

/// Highest group number probed for families with numbered groups (rtnetlink
/// has about 40 in 6.x kernels; the kernel answers EINVAL past its last).
const MAX_NUMBERED_GROUPS: u32 = 256;

/// Default receive buffer asked for each socket: big enough for a burst of
/// tens of thousands of notifications.
pub const RCVBUF_BYTES: usize = 64 << 20;

/// `AUDIT_NLGRP_READLOG`: the audit log's read-only multicast group.
pub const AUDIT_NLGRP_READLOG: u32 = 1;

/// What a family's multicast groups need: the capability named when the
/// kernel refuses a join. The audit log group (`AUDIT_NLGRP_READLOG`) is
/// checked by `audit_multicast_bind()` with `capable(CAP_AUDIT_READ)`, i.e. in
/// the initial user namespace; the others by `netlink_bind()` with
/// `NL_CFG_F_NONROOT_RECV` or CAP_NET_ADMIN.
pub fn group_capability(family: u16) -> &'static str {
    if family == NETLINK_AUDIT {
        "CAP_AUDIT_READ in the initial user namespace"
    } else {
        "CAP_NET_ADMIN"
    }
}

/// A generic netlink multicast group learnt from nlctrl.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenlGroup {
    /// Family name (`nl80211`, `ethtool`, ...).
    pub family: String,
    /// Group name.
    pub name: String,
    /// Group id to join.
    pub id: u32,
}

/// `CTRL_ATTR_FAMILY_NAME`.
const CTRL_ATTR_FAMILY_NAME: u16 = 2;
/// `CTRL_ATTR_MCAST_GROUPS`.
const CTRL_ATTR_MCAST_GROUPS: u16 = 7;
/// `CTRL_ATTR_MCAST_GRP_NAME`.
const CTRL_ATTR_MCAST_GRP_NAME: u16 = 1;
/// `CTRL_ATTR_MCAST_GRP_ID`.
const CTRL_ATTR_MCAST_GRP_ID: u16 = 2;

/// Multicast groups in the `CTRL_CMD_NEWFAMILY` (dump replies, and
/// notifications when a family registers) and `CTRL_CMD_NEWMCAST_GRP`
/// messages of a datagram.
pub fn genl_groups(datagram: &[u8]) -> Vec<GenlGroup> {
    let mut out = Vec::new();
    for m in nlparse::messages(datagram) {
        let cmd = m.payload.first().copied();
        if m.ty != crate::wire::protocol::GENL_ID_CTRL
            || !(cmd == Some(CTRL_CMD_NEWFAMILY) || cmd == Some(CTRL_CMD_NEWMCAST_GRP))
        {
            continue;
        }
        let attrs = m.payload.get(4..).unwrap_or(&[]);
        let family = nlparse::attrs(attrs)
            .find(|(t, _)| *t == CTRL_ATTR_FAMILY_NAME)
            .and_then(|(_, v)| nlparse::attr_str(v))
            .unwrap_or("?")
            .to_string();
        for (_, groups) in nlparse::attrs(attrs).filter(|(t, _)| *t == CTRL_ATTR_MCAST_GROUPS) {
            for (_, grp) in nlparse::attrs(groups) {
                let mut name = String::new();
                let mut id = None;
                for (t, v) in nlparse::attrs(grp) {
                    match t {
                        CTRL_ATTR_MCAST_GRP_NAME => {
                            name = nlparse::attr_str(v).unwrap_or("?").to_string()
                        }
                        CTRL_ATTR_MCAST_GRP_ID => id = nlparse::u32_at(v, 0),
                        _ => {}
                    }
                }
                if let Some(id) = id {
                    out.push(GenlGroup {
                        family: family.clone(),
                        name,
                        id,
                    });
                }
            }
        }
    }
    out
}

/// The groups `--group` asks for; empty: every group of each protocol (the
/// default).
#[derive(Clone, Debug, Default)]
pub struct GroupChoice {
    /// Group numbers per protocol.
    pub numbers: Vec<(u16, u32)>,
    /// Generic-netlink groups by name: `family/group`, or `family` for all its
    /// groups.
    pub genl: Vec<String>,
}

impl GroupChoice {
    /// Whether the user named any group.
    pub fn is_empty(&self) -> bool {
        self.numbers.is_empty() && self.genl.is_empty()
    }

    /// The numbered groups named for `family`.
    pub fn of(&self, family: u16) -> Vec<u32> {
        self.numbers
            .iter()
            .filter(|(p, _)| *p == family)
            .map(|(_, g)| *g)
            .collect()
    }

    /// Whether generic-netlink group `g` is chosen (every group when nothing is).
    fn wants_genl(&self, g: &GenlGroup) -> bool {
        self.is_empty()
            || self.of(NETLINK_GENERIC).contains(&g.id)
            || self.genl.iter().any(|n| {
                n == &g.family
                    || n.split_once('/')
                        .is_some_and(|(f, name)| f == g.family && name == g.name)
            })
    }
}

/// One listening socket and what happened to it.
#[derive(Debug)]
pub struct FamilySocket {
    /// The socket.
    pub sock: NlSocket,
    /// Groups joined.
    pub groups: Vec<u32>,
    /// `ENOBUFS` seen on this socket: each is at least one lost message.
    pub overruns: u64,
    /// Datagrams cut because they were larger than the receive buffer.
    pub truncated: u64,
}

/// Everything captured through listening sockets.
#[derive(Debug, Default)]
pub struct Listener {
    /// One socket per family.
    pub sockets: Vec<FamilySocket>,
    /// Things the user should know (groups refused, families missing).
    pub notes: Vec<String>,
    /// The groups asked for (generic-netlink families registered later are
    /// joined only when chosen).
    pub choice: GroupChoice,
}

/// Receives handed to the capture loop: `(family, datagram, info)`.
pub type Sink<'a> = dyn FnMut(u16, &[u8], Received) -> anyhow::Result<()> + 'a;

impl Listener {
    /// Opens one socket per family in `families` with a receive buffer of
    /// `rcvbuf` bytes, joins their groups, and
    /// sends the `dumps` on the route socket. Requests and every datagram
    /// received meanwhile go to `sink` in order, so a capture starts with
    /// the full state. For the generic family the nlctrl family dump is sent
    /// and recorded too: it is how a reader learns the dynamic family ids.
    ///
    /// # Errors
    /// A family's socket cannot be opened for a reason other than the
    /// family missing from the kernel, the sink fails, or a request is not
    /// answered.
    pub fn open(
        families: &[u16],
        choice: &GroupChoice,
        rcvbuf: usize,
        dumps: &[DumpKind],
        buf: &mut [u8],
        sink: &mut Sink<'_>,
    ) -> anyhow::Result<Listener> {
        let mut l = Listener {
            choice: choice.clone(),
            ..Listener::default()
        };
        let mut small_buf = Vec::new();
        let mut no_nsid = None;
        for &family in families {
            let name = super::family_name(family);
            let sock = match NlSocket::open(family) {
                Ok(s) => s,
                Err(e) if e.raw_os_error() == Some(libc_eprotonosupport()) => {
                    l.notes
                        .push(format!("family {name}: not in this kernel, skipped"));
                    continue;
                }
                Err(e) => {
                    return Err(super::explain(
                        e,
                        &format!("open a {name} netlink socket"),
                        "CAP_NET_ADMIN",
                    ))
                }
            };
            let (size, forced) = sock.size_rcvbuf(rcvbuf);
            if !forced {
                small_buf.push(format!("{name} {size}"));
            }
            if let Err(e) = sock.listen_all_nsid() {
                no_nsid = Some(refusal(&e, "CAP_NET_BROADCAST"));
            }
            sock.set_nonblocking(true)?;
            let mut fs = FamilySocket {
                sock,
                groups: Vec::new(),
                overruns: 0,
                truncated: 0,
            };
            let named = choice.of(family);
            if family == NETLINK_GENERIC {
                l.join_genl(&mut fs, choice, buf, sink)?;
            } else if !named.is_empty() || family == NETLINK_CONNECTOR {
                // The groups named, or the connector's process events (its other
                // indexes are drivers' that rarely exist).
                let want = if named.is_empty() {
                    vec![connector::CN_IDX_PROC]
                } else {
                    named
                };
                let mut refused = Vec::new();
                for g in want {
                    match fs.sock.join(g) {
                        Ok(()) => fs.groups.push(g),
                        Err(e) => refused.push((g, e)),
                    }
                }
                if let Some((_, first)) = refused.first() {
                    let why = refusal(first, group_capability(family));
                    let list: Vec<String> = refused.iter().map(|(g, _)| g.to_string()).collect();
                    l.notes.push(format!(
                        "family {name}: groups {} not joined: {why}",
                        list.join(",")
                    ));
                }
                if fs.groups.is_empty() {
                    l.notes
                        .push(format!("family {name}: not captured: no group joined"));
                    continue;
                }
                if family == NETLINK_CONNECTOR && fs.groups.contains(&connector::CN_IDX_PROC) {
                    l.proc_listen(&mut fs, sink)?;
                }
            } else if family == NETLINK_AUDIT {
                // The kernel gives every family at least 32 group numbers and
                // audit accepts them all, but only AUDIT_NLGRP_READLOG carries
                // records.
                match fs.sock.join(AUDIT_NLGRP_READLOG) {
                    Ok(()) => fs.groups.push(AUDIT_NLGRP_READLOG),
                    Err(e) => {
                        let why = refusal(&e, group_capability(family));
                        l.notes.push(format!("family {name}: not captured: {why}"));
                        continue;
                    }
                }
            } else {
                let (joined, refused) = fs.sock.join_all_numbered(MAX_NUMBERED_GROUPS);
                if let Some((_, first)) = refused.first() {
                    let why = refusal(first, group_capability(family));
                    if joined.is_empty() {
                        l.notes.push(format!("family {name}: not captured: {why}"));
                        continue;
                    }
                    let list: Vec<String> = refused.iter().map(|(g, _)| g.to_string()).collect();
                    l.notes.push(format!(
                        "family {name}: groups {} not joined: {why}",
                        list.join(",")
                    ));
                }
                fs.groups = joined;
            }
            if family == NETLINK_ROUTE {
                for kind in dumps {
                    l.dump(&mut fs, kind, buf, sink)?;
                }
            }
            l.sockets.push(fs);
        }
        if !small_buf.is_empty() {
            l.notes.push(format!(
                "receive buffers not enlarged (SO_RCVBUFFORCE needs CAP_NET_ADMIN), bursts may overrun: {} bytes",
                small_buf.join(", ")
            ));
        }
        if let Some(why) = no_nsid {
            l.notes.push(format!(
                "other namespaces not seen: NETLINK_LISTEN_ALL_NSID {why}"
            ));
        }
        if !dumps.is_empty() && !families.contains(&NETLINK_ROUTE) {
            l.notes
                .push("--dump needs the route family, which is filtered out: no dumps sent".into());
        }
        Ok(l)
    }

    fn dump(
        &mut self,
        fs: &mut FamilySocket,
        kind: &DumpKind,
        buf: &mut [u8],
        sink: &mut Sink<'_>,
    ) -> anyhow::Result<()> {
        let seq = fs.sock.next_seq();
        let req = kind.request(seq, Endian::NATIVE);
        let family = fs.sock.family();
        sink(
            family,
            &req,
            Received {
                len: req.len(),
                nsid: None,
                truncated: false,
            },
        )?;
        let (code, overruns) = fs
            .sock
            .transact(&req, seq, buf, |d, r| sink(family, d, r))?;
        fs.overruns = fs.overruns.saturating_add(overruns);
        if code < 0 {
            self.notes.push(format!(
                "dump {}: kernel answered {}",
                kind.name,
                io::Error::from_raw_os_error(code.saturating_neg())
            ));
        }
        Ok(())
    }

    /// Ask the kernel for process events (`PROC_CN_MCAST_LISTEN`, sent after
    /// joining `CN_IDX_PROC`: without it the kernel sends none). The request is
    /// recorded; the kernel's answer (a `PROC_EVENT_NONE` carrying the error, sent to
    /// the group) arrives with the events.
    fn proc_listen(&mut self, fs: &mut FamilySocket, sink: &mut Sink<'_>) -> anyhow::Result<()> {
        let seq = fs.sock.next_seq();
        let req = connector::mcast_request(connector::PROC_CN_MCAST_LISTEN, seq, Endian::NATIVE);
        sink(
            NETLINK_CONNECTOR,
            &req,
            Received {
                len: req.len(),
                nsid: None,
                truncated: false,
            },
        )?;
        if let Err(e) = fs.sock.send(&req) {
            self.notes.push(format!(
                "family connector: PROC_CN_MCAST_LISTEN not sent: {}",
                refusal(&e, "CAP_NET_ADMIN in the initial user namespace")
            ));
        }
        Ok(())
    }

    fn join_genl(
        &mut self,
        fs: &mut FamilySocket,
        choice: &GroupChoice,
        buf: &mut [u8],
        sink: &mut Sink<'_>,
    ) -> anyhow::Result<()> {
        let seq = fs.sock.next_seq();
        let req = requests::ctrl_getfamily_dump(seq, Endian::NATIVE);
        sink(
            NETLINK_GENERIC,
            &req,
            Received {
                len: req.len(),
                nsid: None,
                truncated: false,
            },
        )?;
        let mut groups = Vec::new();
        let (code, overruns) = fs.sock.transact(&req, seq, buf, |d, r| {
            groups.extend(genl_groups(d));
            sink(NETLINK_GENERIC, d, r)
        })?;
        fs.overruns = fs.overruns.saturating_add(overruns);
        if code < 0 {
            self.notes
                .push(format!("nlctrl family dump failed: error {code}"));
        }
        let mut refused = Vec::new();
        let mut why = None;
        for g in groups.into_iter().filter(|g| choice.wants_genl(g)) {
            match fs.sock.join(g.id) {
                Ok(()) => fs.groups.push(g.id),
                Err(e) => {
                    refused.push(format!(
                        "{}/{}",
                        g.family.escape_debug(),
                        g.name.escape_debug()
                    ));
                    why.get_or_insert(e);
                }
            }
        }
        if let Some(e) = why {
            self.notes.push(format!(
                "generic groups {} not joined: {}",
                refused.join(", "),
                refusal(&e, "CAP_NET_ADMIN or CAP_SYS_ADMIN")
            ));
        }
        Ok(())
    }

    /// Reads everything queued on socket `idx` and hands it to `sink`;
    /// `ENOBUFS` is counted, never silent.
    ///
    /// # Errors
    /// A receive error other than `EAGAIN`/`ENOBUFS`, or a sink error.
    pub fn drain(
        &mut self,
        idx: usize,
        buf: &mut [u8],
        max: usize,
        sink: &mut Sink<'_>,
    ) -> anyhow::Result<usize> {
        let Some(fs) = self.sockets.get_mut(idx) else {
            return Ok(0);
        };
        let mut n = 0;
        while n < max {
            match fs.sock.recv(buf)? {
                RecvOutcome::Data(r) => {
                    if r.truncated {
                        fs.truncated = fs.truncated.saturating_add(1);
                    }
                    let data = buf.get(..r.len).unwrap_or(&[]);
                    sink(fs.sock.family(), data, r)?;
                    n += 1;
                    if fs.sock.family() == NETLINK_GENERIC {
                        // A family registered after start (module loaded):
                        // join its groups too.
                        for g in genl_groups(data) {
                            if self.choice.wants_genl(&g)
                                && !fs.groups.contains(&g.id)
                                && fs.sock.join(g.id).is_ok()
                            {
                                fs.groups.push(g.id);
                            }
                        }
                    }
                }
                RecvOutcome::Overrun => fs.overruns = fs.overruns.saturating_add(1),
                RecvOutcome::Empty => break,
            }
        }
        Ok(n)
    }

    /// Messages the kernel dropped on these sockets (their `sk_drops`, see
    /// [`super::nlsock::netlink_drops_by_inode`]), if readable.
    pub fn kernel_drops(&self) -> Option<u64> {
        let table = super::nlsock::netlink_drops_by_inode();
        self.sockets
            .iter()
            .map(|s| s.sock.inode().and_then(|i| table.get(&i).copied()))
            .sum()
    }

    /// Total `ENOBUFS` overruns over all sockets.
    pub fn overruns(&self) -> u64 {
        self.sockets.iter().map(|s| s.overruns).sum()
    }

    /// Total truncated datagrams over all sockets.
    pub fn truncated(&self) -> u64 {
        self.sockets.iter().map(|s| s.truncated).sum()
    }
}

/// Why a group was refused, naming the capability for EPERM.
fn refusal(e: &io::Error, capability: &str) -> String {
    if e.raw_os_error() == Some(nix::errno::Errno::EPERM as i32) {
        format!("permission denied (needs {capability})")
    } else {
        e.to_string()
    }
}

fn libc_eprotonosupport() -> i32 {
    nix::errno::Errno::EPROTONOSUPPORT as i32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::build::MsgBuilder;

    #[test]
    fn genl_groups_from_newfamily() {
        let mut b = MsgBuilder::new(Endian::NATIVE, 0x10, 2, 1, 0);
        b.u8(CTRL_CMD_NEWFAMILY).u8(2).u16(0);
        b.attr_u16(1, 0x15).attr_str(2, "ethtool");
        let groups = b.nest_start(7);
        let g1 = b.nest_start(1);
        b.attr_u32(2, 9).attr_str(1, "monitor");
        b.nest_end(g1);
        b.nest_end(groups);
        let m = b.finish();
        let g = genl_groups(&m);
        assert_eq!(
            g,
            vec![GenlGroup {
                family: "ethtool".into(),
                name: "monitor".into(),
                id: 9
            }]
        );
        for cut in 0..m.len() {
            let _ = genl_groups(&m[..cut]);
        }
    }
}
