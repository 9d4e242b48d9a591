//! `--via nlmon`: capture every netlink message of the eight families the
//! kernel taps (requests, replies, notifications) through an nlmon device.
//!
//! Which device ([`plan`]):
//! * `-i DEV`: that device, which must exist and be of kind nlmon
//!   (`IFLA_INFO_KIND`); otherwise a clear error. It is left at exit.
//! * otherwise, a device an earlier nlscope created and could not delete
//!   (killed by SIGKILL): nlscope names the devices it creates `nlscope<PID>`
//!   ([`own_device_name`]), so a device of that name whose process is gone
//!   (no `/proc/PID` running `nlscope`) is adopted: used, and deleted at exit
//!   like one created now, with a note on stderr. Further such leftovers are
//!   deleted at once. Devices of nlscope processes still running are left to
//!   them.
//! * otherwise, any other nlmon device (the user's, e.g. `nlmon0`), left at
//!   exit;
//! * otherwise a new one, created with `RTM_NEWLINK` (`IFLA_IFNAME`,
//!   `IFLA_LINKINFO { IFLA_INFO_KIND "nlmon" }`), set up, and deleted again
//!   when the capture ends ([`Nlmon`] deletes it on drop, so an error path or
//!   Ctrl-C cleans up too).
//!
//! How packets are read from the device ([`ReadPath`]):
//! * built with the cargo feature `libpcap`: through libpcap (the `pcap` crate
//!   over the system's libpcap, the library tcpdump and dumpcap use), in
//!   immediate mode with nanosecond timestamps. Its `PACKET_MMAP` ring copies
//!   each skb into the ring when the nlmon device hands it to packet sockets,
//!   so a record holds the bytes as they were sent, the very bytes tcpdump
//!   writes. Drops are libpcap's `pcap_stats` `ps_drop` (`tp_drops`).
//! * otherwise: an `AF_PACKET`/`SOCK_DGRAM` socket bound to the device; the
//!   16-byte nlmon header libpcap writes is rebuilt from the `sockaddr_ll` of
//!   each packet (packet type, ARPHRD, protocol = netlink family), exactly as
//!   libpcap does in cooked mode. The kernel queues the skb itself (a clone
//!   sharing the sender's data) and copies it at `recvmsg` time, so a request
//!   the kernel changes in place after handling it shows the changed bytes:
//!   `rtnl_fdb_add` clears `NTF_SELF` in the request of `bridge fdb add …
//!   self` (issue 11). Drops are read at the end from the packet socket's
//!   `SK_MEMINFO_DROPS` through sock_diag (`PACKET_DIAG_MEMINFO`), the counter
//!   that `PACKET_STATISTICS` `tp_drops` mirrors.

use super::nlparse;
use super::nlsock::NlSocket;
use crate::families::{consts, requests};
use crate::record::pcapwrite::{nlmon_header, NLMON_HDRLEN};
use crate::wire::build::{self, Endian, MsgBuilder};
use nix::errno::Errno;
use nix::sys::socket::{
    bind, recvfrom, recvmsg, setsockopt, socket, sockopt, AddressFamily, ControlMessageOwned,
    LinkAddr, MsgFlags, SockFlag, SockProtocol, SockType,
};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::time::Duration;

/// `ARPHRD_NETLINK`.
const ARPHRD_NETLINK: u16 = 824;

/// Why nlmon cannot be used.
#[derive(Debug)]
pub enum NlmonError {
    /// The kernel has no nlmon link kind (CONFIG_NLMON off, module missing).
    NotSupported,
    /// Anything else (privileges, sockets).
    Other(anyhow::Error),
}

impl std::fmt::Display for NlmonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NlmonError::NotSupported => f.write_str(
                "this kernel has no nlmon device (CONFIG_NLMON is off or the nlmon module is missing); use --via listen",
            ),
            NlmonError::Other(e) => write!(f, "{e:#}"),
        }
    }
}

impl std::error::Error for NlmonError {}

impl From<anyhow::Error> for NlmonError {
    fn from(e: anyhow::Error) -> Self {
        NlmonError::Other(e)
    }
}
impl From<std::io::Error> for NlmonError {
    fn from(e: std::io::Error) -> Self {
        NlmonError::Other(e.into())
    }
}

/// How [`Nlmon`] reads packets from the device (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadPath {
    /// libpcap (cargo feature `libpcap`): bytes copied when the device taps them.
    Libpcap,
    /// A packet socket: bytes copied when nlscope reads them.
    Socket,
}

impl ReadPath {
    /// The path this build uses: [`ReadPath::Libpcap`] with the `libpcap` feature.
    pub const BUILT: ReadPath = if cfg!(feature = "libpcap") {
        ReadPath::Libpcap
    } else {
        ReadPath::Socket
    };
}

/// One packet read by [`Nlmon::recv`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Packet {
    /// Bytes of the record in the buffer (nlmon header included).
    pub len: usize,
    /// The record's length before any snap length cut it (at least `len`).
    pub orig_len: usize,
    /// Netlink family (the nlmon header's protocol field).
    pub family: u16,
    /// The kernel's timestamp, if it gave one.
    pub ts: Option<Duration>,
}

/// What reads the device.
enum Reader {
    /// A bound `AF_PACKET` socket and its inode (for the sock_diag drop count).
    Socket { pkt: OwnedFd, ino: u64 },
    /// A libpcap capture handle (non-blocking, immediate mode).
    #[cfg(feature = "libpcap")]
    Pcap(Box<pcap::Capture<pcap::Active>>),
}

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reader::Socket { pkt, ino } => f
                .debug_struct("Socket")
                .field("pkt", pkt)
                .field("ino", ino)
                .finish(),
            #[cfg(feature = "libpcap")]
            Reader::Pcap(_) => f.write_str("Pcap"),
        }
    }
}

/// An nlmon device being read.
#[derive(Debug)]
pub struct Nlmon {
    route: NlSocket,
    /// Device name.
    pub name: String,
    ifindex: i32,
    /// True if this nlscope owns the device (created it, or adopted one left
    /// by a killed nlscope) and deletes it on drop.
    pub created: bool,
    /// True if the device was left by a killed nlscope and adopted.
    pub adopted: bool,
    reader: Reader,
    deleted: bool,
}

/// A network device as an `RTM_GETLINK` dump shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkInfo {
    /// `ifi_index`.
    pub ifindex: i32,
    /// `IFLA_IFNAME`.
    pub name: String,
    /// `ifi_type` (ARPHRD_*).
    pub arphrd: u16,
    /// `IFLA_LINKINFO` / `IFLA_INFO_KIND`, if the device has a link kind.
    pub kind: Option<String>,
}

impl LinkInfo {
    /// An nlmon device: kind `nlmon` (or, without a kind, ARPHRD_NETLINK).
    pub fn is_nlmon(&self) -> bool {
        match &self.kind {
            Some(k) => k == "nlmon",
            None => self.arphrd == ARPHRD_NETLINK,
        }
    }
}

/// The devices of the current network namespace, from an `RTM_GETLINK` dump.
fn list_links(route: &mut NlSocket, buf: &mut [u8]) -> anyhow::Result<Vec<LinkInfo>> {
    let seq = route.next_seq();
    let req = requests::DumpKind::by_name("link")
        .map(|k| k.request(seq, Endian::NATIVE))
        .unwrap_or_default();
    let mut links = Vec::new();
    route.transact(&req, seq, buf, |d, _| {
        for m in nlparse::messages(d) {
            if m.ty != consts::RTM_NEWLINK {
                continue;
            }
            // struct ifinfomsg: family u8, pad u8, type u16, index i32, ...
            let arphrd = m
                .payload
                .get(2..4)
                .and_then(|b| b.try_into().ok())
                .map_or(0, u16::from_ne_bytes);
            let ifindex = nlparse::i32_at(m.payload, 4).unwrap_or(0);
            let attrs = m.payload.get(16..).unwrap_or(&[]);
            let name = nlparse::attrs(attrs)
                .find(|(t, _)| *t == consts::IFLA_IFNAME)
                .and_then(|(_, v)| nlparse::attr_str(v))
                .unwrap_or("")
                .to_string();
            let kind = nlparse::attrs(attrs)
                .find(|(t, _)| *t == consts::IFLA_LINKINFO)
                .and_then(|(_, info)| {
                    nlparse::attrs(info).find(|(t, _)| *t == consts::IFLA_INFO_KIND)
                })
                .and_then(|(_, v)| nlparse::attr_str(v))
                .map(str::to_string);
            links.push(LinkInfo {
                ifindex,
                name,
                arphrd,
                kind,
            });
        }
        Ok(())
    })?;
    Ok(links)
}

/// Prefix of the nlmon devices nlscope creates.
pub const OWN_PREFIX: &str = "nlscope";

/// The name nlscope gives the nlmon device it creates: `nlscope<PID>`. PIDs
/// are at most 4194304 (`PID_MAX_LIMIT`), so the name fits IFNAMSIZ (15).
pub fn own_device_name(pid: u32) -> String {
    format!("{OWN_PREFIX}{pid}")
}

/// The PID in a name made by [`own_device_name`], or None for other names.
pub fn creator_pid(name: &str) -> Option<u32> {
    let digits = name.strip_prefix(OWN_PREFIX)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Whether process `pid` is a running nlscope other than this one (its
/// `/proc/PID/comm`; PIDs of the current PID namespace).
pub fn nlscope_alive(pid: u32) -> bool {
    pid != std::process::id()
        && std::fs::read_to_string(format!("/proc/{pid}/comm"))
            .is_ok_and(|c| c.trim_end() == OWN_PREFIX)
}

/// Which device to capture on; see the module documentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Plan {
    /// Use this device and leave it at exit.
    Use(LinkInfo),
    /// Use a device left by an nlscope that was killed, and delete it at exit.
    Adopt(LinkInfo),
    /// Create a device.
    Create,
}

/// Chooses the device from the `links` of the namespace: `device` is `-i`,
/// `alive` tells whether an nlscope PID still runs. Returns the plan and the
/// other leftover devices of dead nlscope processes (to delete).
///
/// # Errors
/// `-i DEV` names no device, or one that is not an nlmon device.
pub fn plan(
    links: &[LinkInfo],
    device: Option<&str>,
    alive: impl Fn(u32) -> bool,
) -> anyhow::Result<(Plan, Vec<LinkInfo>)> {
    let leftover = |l: &LinkInfo| l.is_nlmon() && creator_pid(&l.name).is_some_and(|p| !alive(p));
    if let Some(dev) = device {
        let Some(l) = links.iter().find(|l| l.name == dev) else {
            anyhow::bail!(
                "-i {}: no such network device in this network namespace",
                dev.escape_debug()
            );
        };
        if !l.is_nlmon() {
            let what = match &l.kind {
                Some(k) => format!("a {} device", k.escape_debug()),
                None => format!("a device without a link kind (ARPHRD {})", l.arphrd),
            };
            anyhow::bail!(
                "-i {}: not an nlmon device but {what}; create one with `ip link add NAME type nlmon`, or leave out -i",
                dev.escape_debug()
            );
        }
        let plan = if leftover(l) {
            Plan::Adopt(l.clone())
        } else {
            Plan::Use(l.clone())
        };
        return Ok((plan, Vec::new()));
    }
    let mut dead: Vec<LinkInfo> = links.iter().filter(|l| leftover(l)).cloned().collect();
    if !dead.is_empty() {
        let first = dead.remove(0);
        return Ok((Plan::Adopt(first), dead));
    }
    let users = links
        .iter()
        .find(|l| l.is_nlmon() && creator_pid(&l.name).is_none());
    Ok((
        users.map_or(Plan::Create, |l| Plan::Use(l.clone())),
        Vec::new(),
    ))
}

/// What the ack code of the nlmon `RTM_NEWLINK` means: None for success;
/// [`NlmonError::NotSupported`] when the kernel has no nlmon link kind
/// (`EOPNOTSUPP` after the failed `rtnl-link-nlmon` module request; `ENOENT`
/// / `ENODEV` on some kernels); a capability message for `EPERM`/`EACCES`.
pub fn newlink_error(code: i32, name: &str) -> Option<NlmonError> {
    if code == 0 {
        return None;
    }
    Some(match Errno::from_raw(code.saturating_neg()) {
        Errno::EOPNOTSUPP | Errno::ENOENT | Errno::ENODEV => NlmonError::NotSupported,
        Errno::EPERM | Errno::EACCES => NlmonError::Other(anyhow::anyhow!(
            "cannot create an nlmon device: permission denied (needs CAP_NET_ADMIN)"
        )),
        e => NlmonError::Other(anyhow::anyhow!("cannot create nlmon device {name}: {e}")),
    })
}

/// Sends a request that asks for an ack; returns the (negative) error code.
fn request_ack(route: &mut NlSocket, msg: &[u8], seq: u32, buf: &mut [u8]) -> anyhow::Result<i32> {
    Ok(route.transact(msg, seq, buf, |_, _| Ok(()))?.0)
}

impl Nlmon {
    /// Uses the nlmon device `device` (`-i`), a leftover or existing one, or
    /// creates one (see [`plan`]), sets it up and opens the reader of
    /// [`ReadPath::BUILT`] on it with a kernel buffer of `rcvbuf` bytes.
    /// `snaplen` (0: libpcap's default, 262144) is handed to libpcap, which
    /// cuts longer records and keeps their length; the socket path reads
    /// whole packets (the writer cuts them).
    ///
    /// # Errors
    /// [`NlmonError::NotSupported`] when the kernel has no nlmon kind;
    /// `-i DEV` missing or not nlmon; otherwise a message naming the missing
    /// capability (CAP_NET_ADMIN to create the device, CAP_NET_RAW for the
    /// packet socket).
    pub fn open(
        rcvbuf: usize,
        snaplen: u32,
        device: Option<&str>,
        buf: &mut [u8],
    ) -> Result<Nlmon, NlmonError> {
        let mut route = NlSocket::open(0)?;
        route.set_nonblocking(true)?;
        let links = list_links(&mut route, buf)?;
        let (plan, stale) = plan(&links, device, nlscope_alive)?;
        for l in stale {
            let seq = route.next_seq();
            let code = request_ack(
                &mut route,
                &requests::link_delete(l.ifindex, seq, Endian::NATIVE),
                seq,
                buf,
            )?;
            if code == 0 {
                eprintln!(
                    "nlscope: note: deleted nlmon device {} left by an nlscope that was killed",
                    l.name.escape_debug()
                );
            }
        }
        let adopted = matches!(plan, Plan::Adopt(_));
        let (ifindex, name, created) = match plan {
            Plan::Use(l) => (l.ifindex, l.name, false),
            Plan::Adopt(l) => {
                eprintln!(
                    "nlscope: note: using nlmon device {} left by an nlscope that was killed (process {} is gone); it is deleted at exit",
                    l.name.escape_debug(),
                    creator_pid(&l.name).unwrap_or(0)
                );
                (l.ifindex, l.name, true)
            }
            Plan::Create => {
                let name = own_device_name(std::process::id());
                let seq = route.next_seq();
                let code = request_ack(
                    &mut route,
                    &requests::nlmon_newlink(&name, seq, Endian::NATIVE),
                    seq,
                    buf,
                )?;
                if let Some(e) = newlink_error(code, &name) {
                    return Err(e);
                }
                let idx = nix::net::if_::if_nametoindex(name.as_str())
                    .map_err(|e| anyhow::anyhow!("created {name} but cannot find it: {e}"))?;
                (i32::try_from(idx).unwrap_or(0), name, true)
            }
        };
        // From here on, `guard` deletes a device we created if anything fails.
        let mut guard = Nlmon {
            route,
            name,
            ifindex,
            created,
            adopted,
            reader: Reader::Socket {
                pkt: placeholder_fd()?,
                ino: 0,
            },
            deleted: false,
        };
        let seq = guard.route.next_seq();
        let code = request_ack(
            &mut guard.route,
            &requests::link_set_up(ifindex, seq, Endian::NATIVE),
            seq,
            buf,
        )?;
        if code != 0 {
            return Err(NlmonError::Other(super::explain_errno(
                Errno::from_raw(code.saturating_neg()),
                &format!("set {} up", guard.name),
                "CAP_NET_ADMIN",
            )));
        }
        #[cfg(feature = "libpcap")]
        {
            guard.reader = Reader::Pcap(Box::new(open_pcap(&guard.name, rcvbuf, snaplen)?));
            Ok(guard)
        }
        #[cfg(not(feature = "libpcap"))]
        {
            let _ = snaplen;
            guard.open_socket(rcvbuf, buf)?;
            Ok(guard)
        }
    }

    /// Opens and binds the packet socket of [`ReadPath::Socket`].
    #[cfg_attr(feature = "libpcap", allow(dead_code))]
    fn open_socket(&mut self, rcvbuf: usize, buf: &mut [u8]) -> Result<(), NlmonError> {
        let guard = self;
        let ifindex = guard.ifindex;
        let pkt = socket(
            AddressFamily::Packet,
            SockType::Datagram,
            SockFlag::SOCK_NONBLOCK | SockFlag::SOCK_CLOEXEC,
            SockProtocol::EthAll,
        )
        .map_err(|e| super::explain_errno(e, "open a packet socket", "CAP_NET_RAW"))?;
        // Kernel timestamps, as tcpdump writes them; without them, records
        // were stamped when nlscope read them (up to 140 ms later in the VM).
        let _ = setsockopt(&pkt, sockopt::ReceiveTimestampns, &true);
        let _ = setsockopt(&pkt, sockopt::RcvBufForce, &rcvbuf)
            .or_else(|_| setsockopt(&pkt, sockopt::RcvBuf, &rcvbuf));
        let addr = match nix::ifaddrs::getifaddrs()
            .map_err(|e| anyhow::anyhow!("cannot list interfaces: {e}"))?
            .filter(|a| a.interface_name == guard.name)
            .find_map(|a| a.address.and_then(|s| s.as_link_addr().copied()))
        {
            Some(a) => a,
            None => probe_link_addr(&mut guard.route, &pkt, ifindex, buf)
                .map_err(|e| anyhow::anyhow!("no link address for {}: {e:#}", guard.name))?,
        };
        bind(pkt.as_raw_fd(), &addr)
            .map_err(|e| anyhow::anyhow!("cannot bind packet socket to {}: {e}", guard.name))?;
        let ino = nix::sys::stat::fstat(&pkt).map(|s| s.st_ino).unwrap_or(0);
        guard.reader = Reader::Socket { pkt, ino };
        Ok(())
    }

    /// How this device is read.
    pub fn read_path(&self) -> ReadPath {
        match self.reader {
            Reader::Socket { .. } => ReadPath::Socket,
            #[cfg(feature = "libpcap")]
            Reader::Pcap(_) => ReadPath::Libpcap,
        }
    }

    /// Reads one packet into `buf` as a full record (nlmon header + bytes),
    /// or None if nothing is queued. The timestamp is the kernel's (the time
    /// the nlmon device handed the packet to the packet sockets, the one
    /// tcpdump writes): libpcap's at nanosecond precision, or the socket's
    /// `SO_TIMESTAMPNS`. A record longer than `buf` is cut to it.
    ///
    /// # Errors
    /// Receive errors other than "nothing queued".
    pub fn recv(&mut self, buf: &mut [u8]) -> anyhow::Result<Option<Packet>> {
        match &mut self.reader {
            Reader::Socket { pkt, .. } => socket_recv(pkt, self.ifindex, buf),
            #[cfg(feature = "libpcap")]
            Reader::Pcap(cap) => pcap_recv(cap, buf),
        }
    }

    /// Descriptor for `poll`.
    pub fn fd(&self) -> BorrowedFd<'_> {
        match &self.reader {
            Reader::Socket { pkt, .. } => pkt.as_fd(),
            #[cfg(feature = "libpcap")]
            Reader::Pcap(cap) => cap.as_fd(),
        }
    }

    /// Packets the kernel dropped for this reader, if it can be read:
    /// libpcap's `ps_drop`, or the socket's `SK_MEMINFO_DROPS` via sock_diag.
    pub fn drops(&mut self, buf: &mut [u8]) -> Option<u64> {
        match &mut self.reader {
            Reader::Socket { ino, .. } => packet_drops(*ino, buf).ok().flatten(),
            #[cfg(feature = "libpcap")]
            Reader::Pcap(cap) => {
                let _ = buf;
                cap.stats().ok().map(|s| u64::from(s.dropped))
            }
        }
    }

    /// Deletes the device if nlscope created it (idempotent).
    ///
    /// # Errors
    /// The kernel refused the deletion.
    pub fn close(&mut self, buf: &mut [u8]) -> anyhow::Result<()> {
        if !self.created || self.deleted {
            return Ok(());
        }
        self.deleted = true;
        let seq = self.route.next_seq();
        let code = request_ack(
            &mut self.route,
            &requests::link_delete(self.ifindex, seq, Endian::NATIVE),
            seq,
            buf,
        )?;
        if code != 0 {
            anyhow::bail!(
                "cannot delete {}: {}",
                self.name,
                Errno::from_raw(code.saturating_neg())
            );
        }
        Ok(())
    }
}

impl Drop for Nlmon {
    fn drop(&mut self) {
        let mut buf = vec![0u8; 65_536];
        if let Err(e) = self.close(&mut buf) {
            eprintln!("nlscope: {e:#}");
        }
    }
}

/// [`ReadPath::Socket`]: one packet of `pkt` (bound to `ifindex`) into `buf`.
/// Packets of other interfaces (queued between `socket` and `bind`) are
/// skipped.
fn socket_recv(pkt: &OwnedFd, ifindex: i32, buf: &mut [u8]) -> anyhow::Result<Option<Packet>> {
    let mut cmsg = nix::cmsg_space!(nix::sys::time::TimeSpec);
    loop {
        let body = buf.get_mut(NLMON_HDRLEN..).unwrap_or(&mut []);
        let mut iov = [std::io::IoSliceMut::new(body)];
        let (n, addr, ts) = match recvmsg::<LinkAddr>(
            pkt.as_raw_fd(),
            &mut iov,
            Some(&mut cmsg),
            MsgFlags::empty(),
        ) {
            Ok(r) => {
                let ts = r.cmsgs().ok().and_then(|mut c| {
                    c.find_map(|m| match m {
                        ControlMessageOwned::ScmTimestampns(t) => {
                            let (s, ns) = (
                                u64::try_from(t.tv_sec()).ok()?,
                                u32::try_from(t.tv_nsec()).ok()?,
                            );
                            // 0: the kernel did not stamp it; use the read time
                            Some(Duration::new(s, ns)).filter(|d| !d.is_zero())
                        }
                        _ => None,
                    })
                });
                (r.bytes, r.address, ts)
            }
            Err(Errno::EAGAIN) | Err(Errno::EINTR) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let Some(addr) = addr else { continue };
        if i32::try_from(addr.ifindex()).ok() != Some(ifindex) {
            continue;
        }
        let (pkttype, family) = (u16::from(addr.pkttype()), u16::from_be(addr.protocol()));
        if let Some(h) = buf.get_mut(..NLMON_HDRLEN) {
            h.copy_from_slice(&nlmon_header(pkttype, family));
        }
        let len = n.saturating_add(NLMON_HDRLEN).min(buf.len());
        return Ok(Some(Packet {
            len,
            orig_len: len,
            family,
            ts,
        }));
    }
}

/// `LINKTYPE_NETLINK`, the link type libpcap reports for an nlmon device.
#[cfg(feature = "libpcap")]
const DLT_NETLINK: i32 = 253;

/// [`ReadPath::Libpcap`]: opens `device` as tcpdump does (`-s snaplen -B
/// rcvbuf/1024 --immediate-mode`, not promiscuous), with nanosecond
/// timestamps, non-blocking so that `poll` decides when to read.
#[cfg(feature = "libpcap")]
fn open_pcap(
    device: &str,
    rcvbuf: usize,
    snaplen: u32,
) -> anyhow::Result<pcap::Capture<pcap::Active>> {
    let what = || format!("libpcap cannot capture on {}", device.escape_debug());
    let cap = pcap::Capture::from_device(device)
        .map_err(|e| anyhow::anyhow!("{}: {e}", what()))?
        .snaplen(i32::try_from(snaplen).unwrap_or(0))
        .buffer_size(i32::try_from(rcvbuf).unwrap_or(i32::MAX))
        .promisc(false)
        // Each packet is handed over as it is tapped, as the socket path
        // does (and tcpdump -U --immediate-mode): records are flushed one by
        // one, and none wait in a ring block when the capture stops.
        .immediate_mode(true)
        .precision(pcap::Precision::Nano)
        .open()
        .map_err(|e| anyhow::anyhow!("{}: {e} (needs CAP_NET_RAW)", what()))?
        .setnonblock()
        .map_err(|e| anyhow::anyhow!("{}: {e}", what()))?;
    let link = cap.get_datalink();
    if link.0 != DLT_NETLINK {
        anyhow::bail!(
            "{}: libpcap reports link type {} instead of {DLT_NETLINK} (LINKTYPE_NETLINK)",
            what(),
            link.0
        );
    }
    Ok(cap)
}

/// [`ReadPath::Libpcap`]: one packet into `buf`. libpcap writes the same
/// 16-byte nlmon header as [`nlmon_header`] (cooked mode on an
/// ARPHRD_NETLINK device); its protocol field is the netlink family.
#[cfg(feature = "libpcap")]
fn pcap_recv(
    cap: &mut pcap::Capture<pcap::Active>,
    buf: &mut [u8],
) -> anyhow::Result<Option<Packet>> {
    let p = match cap.next_packet() {
        Ok(p) => p,
        // non-blocking: nothing queued
        Err(pcap::Error::TimeoutExpired) => return Ok(None),
        Err(e) => return Err(anyhow::anyhow!("libpcap: {e}")),
    };
    let data: &[u8] = &p;
    let len = data.len().min(buf.len());
    let (dst, src) = (buf.get_mut(..len), data.get(..len));
    if let (Some(dst), Some(src)) = (dst, src) {
        dst.copy_from_slice(src);
    }
    let family = crate::wire::endian::Endian::Big
        .u16_at(data, 14)
        .unwrap_or(0);
    // With nanosecond precision libpcap puts nanoseconds in `tv_usec`.
    let ts = match (
        u64::try_from(p.header.ts.tv_sec),
        u32::try_from(p.header.ts.tv_usec),
    ) {
        (Ok(s), Ok(ns)) if ns < 1_000_000_000 => Some(Duration::new(s, ns)),
        _ => None,
    };
    let orig_len = usize::try_from(p.header.len).unwrap_or(usize::MAX).max(len);
    Ok(Some(Packet {
        len,
        orig_len,
        family,
        ts,
    }))
}

/// The `sockaddr_ll` that binds a packet socket to nlmon device `ifindex`.
///
/// glibc's `getifaddrs` lists an `AF_PACKET` address only for devices with a
/// hardware address (`IFLA_ADDRESS`), and an nlmon device has none
/// (`addr_len` 0), while nix has no safe constructor for [`LinkAddr`]. So the
/// address is taken from a packet the device itself delivers to the still
/// unbound `ETH_P_ALL` socket: our own `RTM_GETLINK` for the device passes
/// through it as `NETLINK_ROUTE`, i.e. with `sll_ifindex` = the device and
/// `sll_protocol` = 0, and `bind` keeps the socket's protocol (all) when
/// `sll_protocol` is 0. Packets read here (before the bind) are not recorded.
fn probe_link_addr(
    route: &mut NlSocket,
    pkt: &OwnedFd,
    ifindex: i32,
    buf: &mut [u8],
) -> anyhow::Result<LinkAddr> {
    let mut pbuf = vec![0u8; 65_536];
    for _ in 0..20 {
        let seq = route.next_seq();
        let mut b = MsgBuilder::new(
            Endian::NATIVE,
            consts::RTM_GETLINK,
            build::NLM_F_REQUEST | build::NLM_F_ACK,
            seq,
            0,
        );
        // struct ifinfomsg
        b.u8(0).u8(0).u16(0).i32(ifindex).u32(0).u32(0);
        request_ack(route, &b.finish(), seq, buf)?;
        loop {
            match recvfrom::<LinkAddr>(pkt.as_raw_fd(), &mut pbuf) {
                Ok((_, Some(a)))
                    if i32::try_from(a.ifindex()).ok() == Some(ifindex) && a.protocol() == 0 =>
                {
                    return Ok(a);
                }
                Ok(_) | Err(Errno::EINTR) => continue,
                Err(Errno::EAGAIN) => break,
                Err(e) => return Err(e.into()),
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    anyhow::bail!("the device delivered none of our NETLINK_ROUTE requests (is it up?)")
}

/// A descriptor to hold until the packet socket exists.
fn placeholder_fd() -> anyhow::Result<OwnedFd> {
    Ok(std::fs::File::open("/dev/null")?.into())
}

/// `SOCK_DIAG_BY_FAMILY`.
const SOCK_DIAG_BY_FAMILY: u16 = 20;
/// `PACKET_SHOW_MEMINFO` (linux/packet_diag.h; 0x4 is `PACKET_SHOW_RING_CFG`).
const PACKET_SHOW_MEMINFO: u32 = 0x10;
/// `PACKET_DIAG_MEMINFO` (linux/packet_diag.h: INFO 0, MCLIST, RX_RING,
/// TX_RING, FANOUT, UID, MEMINFO 6; 4 is `PACKET_DIAG_FANOUT`).
const PACKET_DIAG_MEMINFO: u16 = 6;
/// `SK_MEMINFO_DROPS` index in the meminfo array.
const SK_MEMINFO_DROPS: usize = 8;
/// `AF_PACKET`.
const AF_PACKET: u8 = 17;

/// Drop counter of the packet socket with inode `ino`, through a
/// `packet_diag` dump.
fn packet_drops(ino: u64, buf: &mut [u8]) -> anyhow::Result<Option<u64>> {
    let mut diag = NlSocket::open(4)?;
    diag.set_nonblocking(true)?;
    let seq = diag.next_seq();
    let mut b = MsgBuilder::new(
        Endian::NATIVE,
        SOCK_DIAG_BY_FAMILY,
        build::NLM_F_REQUEST | build::NLM_F_DUMP,
        seq,
        0,
    );
    // struct packet_diag_req { u8 family; u8 protocol; u16 pad; u32 ino; u32 show; u32 cookie[2]; }
    b.u8(AF_PACKET)
        .u8(0)
        .u16(0)
        .u32(0)
        .u32(PACKET_SHOW_MEMINFO)
        .u32(0)
        .u32(0);
    let req = b.finish();
    let mut drops = None;
    diag.transact(&req, seq, buf, |d, _| {
        for m in nlparse::messages(d) {
            // struct packet_diag_msg { u8 family, type; u16 num; u32 ino; u32 cookie[2]; }
            if nlparse::u32_at(m.payload, 4).map(u64::from) != Some(ino) {
                continue;
            }
            for (t, v) in nlparse::attrs(m.payload.get(16..).unwrap_or(&[])) {
                if t == PACKET_DIAG_MEMINFO {
                    drops = nlparse::u32_at(v, SK_MEMINFO_DROPS * 4).map(u64::from);
                }
            }
        }
        Ok(())
    })?;
    Ok(drops)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(ifindex: i32, name: &str, kind: Option<&str>) -> LinkInfo {
        LinkInfo {
            ifindex,
            name: name.into(),
            arphrd: if kind == Some("nlmon") { 824 } else { 1 },
            kind: kind.map(Into::into),
        }
    }

    #[test]
    fn own_names_round_trip_and_fit_ifnamsiz() {
        // PID_MAX_LIMIT: the longest name must fit IFNAMSIZ - 1 = 15 bytes.
        assert!(own_device_name(4_194_304).len() <= 15);
        assert_eq!(creator_pid(&own_device_name(1234)), Some(1234));
        for other in ["nlmon0", "nlscope", "nlscope12a", "nlscope-1", "xnlscope1"] {
            assert_eq!(creator_pid(other), None, "{other}");
        }
    }

    #[test]
    fn plan_adopts_leftovers_of_dead_processes_only() {
        let alive = |p: u32| p == 200;
        let lo = LinkInfo {
            ifindex: 1,
            name: "lo".into(),
            arphrd: 772,
            kind: None,
        };
        let user = link(2, "nlmon0", Some("nlmon"));
        let dead1 = link(3, "nlscope100", Some("nlmon"));
        let live = link(4, "nlscope200", Some("nlmon"));
        let dead2 = link(5, "nlscope300", Some("nlmon"));
        let fake = link(6, "nlscope400", Some("veth"));
        // Nothing: create.
        assert_eq!(
            plan(std::slice::from_ref(&lo), None, alive).unwrap().0,
            Plan::Create
        );
        // A running nlscope's device is left to it (and its deletion at its exit).
        let (p, stale) = plan(&[lo.clone(), live.clone()], None, alive).unwrap();
        assert_eq!((p, stale), (Plan::Create, vec![]));
        // The user's device is used and left.
        let (p, _) = plan(&[live.clone(), user.clone()], None, alive).unwrap();
        assert_eq!(p, Plan::Use(user.clone()));
        // Leftovers of killed runs: the first adopted, the others deleted; a
        // veth that happens to have such a name is not touched.
        let all = [
            lo.clone(),
            user.clone(),
            dead1.clone(),
            live.clone(),
            dead2.clone(),
            fake.clone(),
        ];
        let (p, stale) = plan(&all, None, alive).unwrap();
        assert_eq!(p, Plan::Adopt(dead1.clone()));
        assert_eq!(stale, vec![dead2.clone()]);
        // -i chooses, whatever else exists; a named leftover is still owned.
        assert_eq!(
            plan(&all, Some("nlmon0"), alive).unwrap(),
            (Plan::Use(user), vec![])
        );
        assert_eq!(
            plan(&all, Some("nlscope200"), alive).unwrap().0,
            Plan::Use(live)
        );
        assert_eq!(
            plan(&all, Some("nlscope300"), alive).unwrap().0,
            Plan::Adopt(dead2)
        );
    }

    #[test]
    fn plan_rejects_missing_and_non_nlmon_devices_by_name() {
        let links = [
            LinkInfo {
                ifindex: 1,
                name: "lo".into(),
                arphrd: 772,
                kind: None,
            },
            link(2, "v0", Some("veth")),
        ];
        let err = |d: &str| plan(&links, Some(d), |_| false).unwrap_err().to_string();
        let e = err("nope0");
        assert!(
            e.contains("nope0") && e.contains("no such network device"),
            "{e}"
        );
        let e = err("v0");
        assert!(
            e.contains("not an nlmon device") && e.contains("a veth device"),
            "{e}"
        );
        let e = err("lo");
        assert!(e.contains("without a link kind (ARPHRD 772)"), "{e}");
    }

    #[test]
    fn newlink_errors_are_classified() {
        assert!(newlink_error(0, "x").is_none());
        for e in [Errno::EOPNOTSUPP, Errno::ENOENT, Errno::ENODEV] {
            assert!(matches!(
                newlink_error(-(e as i32), "x"),
                Some(NlmonError::NotSupported)
            ));
        }
        let msg = newlink_error(-(Errno::EPERM as i32), "x")
            .unwrap()
            .to_string();
        assert!(msg.contains("CAP_NET_ADMIN"), "{msg}");
        let msg = newlink_error(-(Errno::EEXIST as i32), "nls0")
            .unwrap()
            .to_string();
        assert!(msg.contains("nls0"), "{msg}");
        assert!(NlmonError::NotSupported
            .to_string()
            .contains("CONFIG_NLMON"));
        assert!(NlmonError::NotSupported
            .to_string()
            .contains("--via listen"));
        // i32::MIN must not overflow
        assert!(newlink_error(i32::MIN, "x").is_some());
    }
}
