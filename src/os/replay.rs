//! The kernel side of `nlscope replay`: a network namespace for the replay, one
//! netlink socket per protocol, sending a request and collecting its answer, and the
//! two lookups the rewriting needs (genl family id by name, interface index by name).
//!
//! The namespace: [`in_namespace`] runs the replay on a thread of its own that first
//! `unshare(CLONE_NEWNET)`s (a fresh, anonymous namespace: it disappears with the
//! thread's last socket, so nothing is left behind even if the replay fails) or
//! `setns` into a named one. A fresh namespace gets its `lo` up, as the capturing
//! machine had it. The thread nlscope started on never changes namespace.

use super::nlparse::{self, NLMSG_DONE, NLMSG_ERROR};
use super::nlsock::{NlSocket, RecvOutcome, RECV_BUF};
use crate::families::consts::{CTRL_CMD_GETFAMILY, LOOPBACK_IFINDEX, RTM_GETLINK, RTM_NEWLINK};
use crate::families::requests::link_set_up;
use crate::wire::build::MsgBuilder;
use crate::wire::endian::Endian;
use crate::wire::protocol::{GENL_ID_CTRL, NETLINK_ROUTE};
use nix::sched::{unshare, CloneFlags};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Where a replay runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Where {
    /// A new network namespace, removed afterwards.
    Fresh,
    /// The existing namespace `/var/run/netns/NAME`.
    Named(String),
    /// The namespace nlscope runs in (only when asked in so many words).
    Current,
    /// The namespace nlscope runs in, made fresh for it by the replay sandbox
    /// ([`super::sandbox`]): set up as [`Where::Fresh`] is.
    Sandbox,
}

/// Runs `f` on a thread placed in the namespace `place`.
///
/// # Errors
/// The namespace cannot be made or entered (needs CAP_SYS_ADMIN), or `f`'s error.
pub fn in_namespace<R: Send>(
    place: &Where,
    f: impl FnOnce() -> anyhow::Result<R> + Send,
) -> anyhow::Result<R> {
    std::thread::scope(|s| {
        s.spawn(|| {
            match place {
                Where::Fresh => {
                    unshare(CloneFlags::CLONE_NEWNET).map_err(|e| {
                        super::explain_errno(e, "create a network namespace", "CAP_SYS_ADMIN")
                    })?;
                    loopback_up()?;
                }
                Where::Named(name) => super::netns::enter(name)?,
                Where::Sandbox => loopback_up()?,
                Where::Current => {}
            }
            f()
        })
        .join()
        .unwrap_or_else(|_| Err(anyhow::anyhow!("the replay thread panicked")))
    })
}

/// Sets the fresh namespace's `lo` up. A new namespace's loopback is down; the
/// capturing machine's was up, as every running system's is, and requests need it
/// (a blackhole nexthop or route gets ENETDOWN without it). Only the replay's own
/// namespace changes.
fn loopback_up() -> anyhow::Result<()> {
    let mut sock = NlSocket::open(NETLINK_ROUTE)?;
    let seq = sock.next_seq();
    let req = link_set_up(LOOPBACK_IFINDEX, seq, Endian::NATIVE);
    let mut buf = vec![0u8; RECV_BUF];
    let (code, _) = sock.transact(&req, seq, &mut buf, |_, _| Ok(()))?;
    if code != 0 {
        anyhow::bail!("cannot set lo up in the replay namespace: error {code}");
    }
    Ok(())
}

/// Netlink sockets of the replay namespace.
#[derive(Debug)]
pub struct Kernel {
    socks: HashMap<u16, NlSocket>,
    buf: Vec<u8>,
    seq: u32,
    genl: HashMap<String, Option<u16>>,
    /// How long to wait for an answer.
    pub timeout: Duration,
}

impl Kernel {
    /// No socket yet: they are opened per protocol on first use.
    pub fn new(timeout: Duration) -> Self {
        Kernel {
            socks: HashMap::new(),
            buf: vec![0; RECV_BUF],
            seq: 0x4e4c_0000,
            genl: HashMap::new(),
            timeout,
        }
    }

    /// The next sequence number.
    pub fn next_seq(&mut self) -> u32 {
        self.seq = self.seq.wrapping_add(1);
        self.seq
    }

    fn sock(&mut self, protocol: u16) -> std::io::Result<&mut NlSocket> {
        match self.socks.entry(protocol) {
            std::collections::hash_map::Entry::Occupied(e) => Ok(e.into_mut()),
            std::collections::hash_map::Entry::Vacant(e) => {
                let s = NlSocket::open(protocol)?;
                let _ = s.set_ext_ack(true);
                s.set_nonblocking(true)?;
                Ok(e.insert(s))
            }
        }
    }

    /// Sends `msg` (sequence number `seq`) on a `protocol` socket and returns every
    /// datagram received until the `NLMSG_ERROR`/`NLMSG_DONE` of `seq`, the first reply
    /// when `single` (a lookup without ack), or the timeout (`short`: a request that
    /// asks for no answer gets a tenth of it).
    ///
    /// # Errors
    /// The socket cannot be opened (the kernel lacks the protocol) or send/receive fail.
    pub fn request(
        &mut self,
        protocol: u16,
        msg: &[u8],
        seq: u32,
        single: bool,
        short: bool,
    ) -> std::io::Result<Vec<Vec<u8>>> {
        let timeout = if short {
            self.timeout / 10
        } else {
            self.timeout
        };
        let mut buf = std::mem::take(&mut self.buf);
        let r = self.exchange(protocol, msg, seq, single, timeout, &mut buf);
        self.buf = buf;
        r
    }

    fn exchange(
        &mut self,
        protocol: u16,
        msg: &[u8],
        seq: u32,
        single: bool,
        timeout: Duration,
        buf: &mut [u8],
    ) -> std::io::Result<Vec<Vec<u8>>> {
        let sock = self.sock(protocol)?;
        // Drop anything left over from an earlier request.
        while let Ok(RecvOutcome::Data(_)) = sock.recv(buf) {}
        sock.send(msg)?;
        let start = Instant::now();
        let mut out = Vec::new();
        loop {
            match sock.recv(buf)? {
                RecvOutcome::Data(r) => {
                    let data = buf.get(..r.len).unwrap_or_default();
                    out.push(data.to_vec());
                    let end = nlparse::messages(data).any(|m| {
                        m.seq == seq && (m.ty == NLMSG_ERROR || m.ty == NLMSG_DONE || single)
                    });
                    if end {
                        return Ok(out);
                    }
                }
                RecvOutcome::Overrun => {}
                RecvOutcome::Empty => {
                    let left = timeout.saturating_sub(start.elapsed());
                    if left.is_zero() {
                        return Ok(out);
                    }
                    let ms = u16::try_from(left.as_millis().clamp(1, 100)).unwrap_or(100);
                    sock.wait_readable(ms)?;
                }
            }
        }
    }

    /// The replay kernel's id of generic-netlink family `name` (`CTRL_CMD_GETFAMILY`),
    /// `None` when it has no such family.
    pub fn genl_id(&mut self, name: &str) -> Option<u16> {
        if let Some(id) = self.genl.get(name) {
            return *id;
        }
        let seq = self.next_seq();
        let mut b = MsgBuilder::new(Endian::NATIVE, GENL_ID_CTRL, 0x1 | 0x4, seq, 0);
        b.u8(CTRL_CMD_GETFAMILY).u8(1).u16(0).attr_str(2, name);
        let msg = b.finish();
        let id = self
            .request(16, &msg, seq, false, false)
            .ok()
            .and_then(|dgs| {
                dgs.iter().find_map(|dg| {
                    nlparse::messages(dg)
                        .filter(|m| m.seq == seq && m.ty == GENL_ID_CTRL)
                        .find_map(|m| {
                            nlparse::attrs(m.payload.get(4..)?)
                                .find(|(t, _)| *t == 1)
                                .and_then(|(_, v)| Endian::NATIVE.u16_at(v, 0))
                        })
                })
            });
        self.genl.insert(name.to_owned(), id);
        id
    }

    /// The index of interface `name` in the replay namespace (`RTM_GETLINK` by
    /// `IFLA_IFNAME`), `None` when there is none.
    pub fn ifindex(&mut self, name: &str) -> Option<i32> {
        let seq = self.next_seq();
        let mut b = MsgBuilder::new(Endian::NATIVE, RTM_GETLINK, 0x1, seq, 0);
        b.zeros(16).attr_str(3, name);
        let msg = b.finish();
        let dgs = self.request(0, &msg, seq, true, false).ok()?;
        dgs.iter().find_map(|dg| {
            nlparse::messages(dg)
                .filter(|m| m.seq == seq && m.ty == RTM_NEWLINK)
                .find_map(|m| nlparse::i32_at(m.payload, 4))
        })
    }
}
