//! One netlink socket: open, join groups, size the receive buffer, send
//! requests, receive datagrams with their namespace id.

use super::nlparse::{self, NLMSG_DONE, NLMSG_ERROR};
use netlink_sys::{Socket, SocketAddr};
use nix::errno::Errno;
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nix::sys::socket::{recvmsg, setsockopt, sockopt, ControlMessageOwned, MsgFlags, NetlinkAddr};
use std::io::{self, IoSliceMut};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd};

/// `SOL_NETLINK`.
const SOL_NETLINK: i32 = 270;
/// `NETLINK_LISTEN_ALL_NSID`: socket option and control message type.
const NETLINK_LISTEN_ALL_NSID: i32 = 8;

/// Drop counters (`sk_drops`) of netlink sockets by inode, from the
/// `Drops` and `Inode` columns of `/proc/self/net/netlink` (the table of the
/// calling process's network namespace). `netlink_overrun()` counts there
/// every message that did not fit the receive queue, so unlike the ENOBUFS
/// errors it is an exact count of lost messages.
pub fn netlink_drops_by_inode() -> std::collections::HashMap<u64, u64> {
    let text = std::fs::read_to_string("/proc/self/net/netlink").unwrap_or_default();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split_whitespace().collect();
    let col = |name: &str| header.iter().position(|h| *h == name);
    let (Some(dc), Some(ic)) = (col("Drops"), col("Inode")) else {
        return Default::default();
    };
    lines
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            Some((f.get(ic)?.parse().ok()?, f.get(dc)?.parse().ok()?))
        })
        .collect()
}

/// Largest datagram expected: dump replies are at most a few pages; the
/// buffer is generous so that `MSG_TRUNC` never happens in practice.
pub const RECV_BUF: usize = 1 << 20;

/// What one successful receive gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Received {
    /// Bytes placed in the buffer.
    pub len: usize,
    /// Namespace id from the `NETLINK_LISTEN_ALL_NSID` control message: set
    /// for messages from a namespace other than the socket's.
    pub nsid: Option<i32>,
    /// The datagram was longer than the buffer and was cut.
    pub truncated: bool,
}

/// Outcome of [`NlSocket::recv`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecvOutcome {
    /// A datagram.
    Data(Received),
    /// Nothing queued (non-blocking).
    Empty,
    /// `ENOBUFS`: the receive queue overflowed and messages were lost.
    Overrun,
}

/// A netlink socket of one family.
#[derive(Debug)]
pub struct NlSocket {
    sock: Socket,
    family: u16,
    seq: u32,
    cmsg: Vec<u8>,
}

impl NlSocket {
    /// Opens and binds (kernel-assigned port id) a socket of `family`.
    ///
    /// # Errors
    /// Socket creation or bind failure (e.g. the family is not built in).
    pub fn open(family: u16) -> io::Result<Self> {
        let mut sock = Socket::new(family as isize)?;
        sock.bind_auto()?;
        Ok(NlSocket {
            sock,
            family,
            seq: 0,
            cmsg: nix::cmsg_space!(i32, i32),
        })
    }

    /// The `NETLINK_*` family number.
    pub fn family(&self) -> u16 {
        self.family
    }

    /// Joins multicast group `group` (1-based).
    ///
    /// # Errors
    /// `EINVAL` for a group the family does not have, `EPERM` when the group
    /// needs a capability.
    pub fn join(&self, group: u32) -> io::Result<()> {
        self.sock.add_membership(group)
    }

    /// Joins groups 1, 2, ... until the kernel says there are no more
    /// (`EINVAL`), up to `max`. Returns the groups joined and those refused
    /// for another reason. The kernel checks the family-wide permission
    /// before the group number, so when the first two groups are refused and
    /// none joined, the whole family is refused and probing stops.
    pub fn join_all_numbered(&self, max: u32) -> (Vec<u32>, Vec<(u32, io::Error)>) {
        let mut joined = Vec::new();
        let mut refused = Vec::new();
        for g in 1..=max {
            match self.join(g) {
                Ok(()) => joined.push(g),
                Err(e) if e.raw_os_error() == Some(Errno::EINVAL as i32) => break,
                Err(e) => {
                    refused.push((g, e));
                    if joined.is_empty() && refused.len() >= 2 {
                        break;
                    }
                }
            }
        }
        (joined, refused)
    }

    /// Turns on `NETLINK_LISTEN_ALL_NSID`: notifications from every namespace
    /// with an nsid here, each tagged with that nsid.
    ///
    /// # Errors
    /// From `setsockopt`.
    pub fn listen_all_nsid(&self) -> io::Result<()> {
        self.sock.set_listen_all_namespaces(true)
    }

    /// Sets the receive buffer to `bytes`: `SO_RCVBUFFORCE` (beyond
    /// `rmem_max`, needs CAP_NET_ADMIN) first, else `SO_RCVBUF`. Returns the
    /// size the kernel reports and whether the forced size was accepted.
    pub fn size_rcvbuf(&self, bytes: usize) -> (usize, bool) {
        let forced = setsockopt(&self.sock, sockopt::RcvBufForce, &bytes).is_ok();
        if !forced {
            let _ = self.sock.set_rx_buf_sz(bytes);
        }
        (self.sock.get_rx_buf_sz().unwrap_or(0), forced)
    }

    /// Makes receives non-blocking (or blocking).
    ///
    /// # Errors
    /// From `fcntl`.
    pub fn set_nonblocking(&self, on: bool) -> io::Result<()> {
        self.sock.set_non_blocking(on)
    }

    /// Asks for extended ACKs (`NETLINK_EXT_ACK`: error messages and offsets), as
    /// iproute2 does.
    ///
    /// # Errors
    /// From `setsockopt`.
    pub fn set_ext_ack(&self, on: bool) -> io::Result<()> {
        self.sock.set_ext_ack(on)
    }

    /// Next sequence number for a request.
    pub fn next_seq(&mut self) -> u32 {
        self.seq = self.seq.wrapping_add(1);
        self.seq
    }

    /// Sends `msg` to the kernel.
    ///
    /// # Errors
    /// From `sendto`.
    pub fn send(&self, msg: &[u8]) -> io::Result<()> {
        let n = self.sock.send_to(msg, &SocketAddr::new(0, 0), 0)?;
        if n != msg.len() {
            return Err(io::Error::new(
                io::ErrorKind::WriteZero,
                "short netlink send",
            ));
        }
        Ok(())
    }

    /// Receives one datagram into `buf` without blocking.
    ///
    /// # Errors
    /// Any receive error except `EAGAIN` and `ENOBUFS`, which are outcomes.
    pub fn recv(&mut self, buf: &mut [u8]) -> io::Result<RecvOutcome> {
        let fd = self.sock.as_raw_fd();
        let mut iov = [IoSliceMut::new(buf)];
        let flags = MsgFlags::MSG_DONTWAIT;
        let r = match recvmsg::<NetlinkAddr>(fd, &mut iov, Some(&mut self.cmsg), flags) {
            Ok(r) => r,
            Err(Errno::EAGAIN) => return Ok(RecvOutcome::Empty),
            Err(Errno::ENOBUFS) => return Ok(RecvOutcome::Overrun),
            Err(Errno::EINTR) => return Ok(RecvOutcome::Empty),
            Err(e) => return Err(e.into()),
        };
        let mut nsid = None;
        if let Ok(cmsgs) = r.cmsgs() {
            for c in cmsgs {
                if let ControlMessageOwned::Unknown(u) = c {
                    if u.cmsg_header.cmsg_level == SOL_NETLINK
                        && u.cmsg_header.cmsg_type == NETLINK_LISTEN_ALL_NSID
                    {
                        nsid = nlparse::i32_at(&u.data_bytes, 0);
                    }
                }
            }
        }
        Ok(RecvOutcome::Data(Received {
            len: r.bytes,
            nsid,
            truncated: r.flags.contains(MsgFlags::MSG_TRUNC),
        }))
    }

    /// Waits up to `ms` milliseconds for something to read.
    ///
    /// # Errors
    /// From `poll`.
    pub fn wait_readable(&self, ms: u16) -> io::Result<bool> {
        let mut fds = [PollFd::new(self.sock.as_fd(), PollFlags::POLLIN)];
        match poll(&mut fds, PollTimeout::from(ms)) {
            Ok(n) => Ok(n > 0),
            Err(Errno::EINTR) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Sends a request with sequence number `seq` (already in `msg`) and
    /// hands every datagram received until its `NLMSG_DONE` or `NLMSG_ERROR`
    /// to `on_datagram` (notifications arriving meanwhile included).
    /// Returns the error code of the final `NLMSG_ERROR`/`NLMSG_DONE`
    /// (0 for success) and how many overruns were seen.
    ///
    /// # Errors
    /// Send/receive failures, a callback error, or no answer in 10 s.
    pub fn transact(
        &mut self,
        msg: &[u8],
        seq: u32,
        buf: &mut [u8],
        mut on_datagram: impl FnMut(&[u8], Received) -> anyhow::Result<()>,
    ) -> anyhow::Result<(i32, u64)> {
        self.send(msg)?;
        let mut overruns = 0u64;
        let mut idle_ms = 0u32;
        loop {
            match self.recv(buf)? {
                RecvOutcome::Data(r) => {
                    idle_ms = 0;
                    let data = buf.get(..r.len).unwrap_or(&[]);
                    on_datagram(data, r)?;
                    for m in nlparse::messages(data) {
                        if m.seq != seq {
                            continue;
                        }
                        if m.ty == NLMSG_ERROR || m.ty == NLMSG_DONE {
                            let code = nlparse::error_code(m.payload).unwrap_or(0);
                            return Ok((code, overruns));
                        }
                    }
                }
                RecvOutcome::Overrun => overruns = overruns.saturating_add(1),
                RecvOutcome::Empty => {
                    if idle_ms >= 10_000 {
                        anyhow::bail!("no answer from the kernel to request seq {seq} in 10 s");
                    }
                    self.wait_readable(100)?;
                    idle_ms = idle_ms.saturating_add(100);
                }
            }
        }
    }

    /// Inode of the socket, the key of `/proc/net/netlink` and sock_diag.
    pub fn inode(&self) -> Option<u64> {
        nix::sys::stat::fstat(&self.sock).ok().map(|s| s.st_ino)
    }

    /// Borrowed descriptor, for `poll`.
    pub fn fd(&self) -> BorrowedFd<'_> {
        self.sock.as_fd()
    }
}
