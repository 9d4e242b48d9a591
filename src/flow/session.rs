//! Per-capture state beyond [`decode::Context`](crate::families::decode::Context): which
//! request each reply answers, who sent each message, and interface names.
//!
//! A capture carries no direction (NETLINK-FACTS §1), so [`Session::observe`] infers
//! it message by message, in capture order:
//!
//! - **Pairing.** A request (`NLM_F_REQUEST`) opens an entry: its protocol, its whole
//!   header, and the requesting socket's port id: the request's `nlmsg_pid` when it is
//!   not 0, else learned from the first kernel message that answers it (the kernel
//!   addresses replies to the requester's port: `nlmsg_pid` of a kernel message is the
//!   destination, NETLINK-FACTS §1).
//!   - An `NLMSG_ERROR` (ACKs included) pairs **by its echo**: the echoed header (type,
//!     flags, seq, len, pid; capped ACKs echo only the header) must equal the open
//!     request's, and the error's `nlmsg_pid` must be the request's port when that is
//!     known. An error whose echo no open request has stays unpaired: an echo is never
//!     overruled by a sequence number.
//!   - Other kernel messages (dump parts, `NLMSG_DONE`, the reply to a GET, the
//!     notifications a change causes, an `NLMSG_ERROR` too short to echo) pair by
//!     protocol + seq + port: a request whose port is known must have exactly the
//!     message's `nlmsg_pid`; one whose port is not yet known takes any non-zero pid
//!     (and learns it). Kernel messages with pid 0 are multicast events and never pair.
//!   - Among several candidates (sockets reuse sequence numbers: iproute2 sends seq N
//!     from two sockets), a known port beats a guessed one, a GET beats a change request
//!     for what must be a reply, and the newest beats older ones (an unanswered request
//!     with the same header is stale).
//!   - A request may get several answers (a dump); `NLMSG_DONE` and `NLMSG_ERROR`
//!     close it, and so does the single reply to a plain GET that asked for no ACK.
//! - **Direction**, from several signals. A kernel message is a reply when it is an
//!   ERROR or DONE, a dump part, or answers a GET; one that answers a change request
//!   (NEW/DEL/SET) is a notification that the change caused (it carries the request's
//!   pid and seq). Some kernel notifications copy the request's flags, `NLM_F_REQUEST`
//!   included (nexthop: `RTM_NEWNEXTHOP` flags 0x605): a message with `NLM_F_REQUEST`
//!   is taken for such a copy, not a request, when one of the last
//!   [`ECHO_RECENT`] requests is still open with the same protocol, type, flags and
//!   seq, it was sent with pid 0 or with this very pid, its port (when known) is this
//!   pid, and this pid is not 0 (the kernel stamps the requester's port). A message
//!   whose header repeats the last notification's exactly is a notification too (nlmon
//!   records a multicast notification once per receiving socket). Unmatched messages
//!   keep [`Direction::guess`].
//! - **Interface names** from `RTM_NEWLINK` (`ifi_index` + `IFLA_IFNAME`), so a line
//!   can say `dev veth0` like `ip monitor` does, for the namespace that was captured.
//!
//! Memory is bounded: at most [`Session::with_limit`] open requests (64 Ki by
//! default; the oldest is forgotten first), at most [`SAME_SEQ_MAX`] of them with the
//! same protocol and seq (the oldest of those is forgotten first), of which at most
//! [`KEEP_REQUEST_BUDGET`] bytes are kept, and as many interface names as open
//! requests, each at most [`IFNAMSIZ`] - 1 bytes (a longer name is not learned; all
//! bounds: `crate::wire::limits`). Per message the work is one hash lookup (two when a
//! request opens or closes) and a scan of at most [`SAME_SEQ_MAX`] candidates held in
//! reusable slots; nothing is allocated except a copy of a small request (for
//! [`Session::request_message`]).
//!
//! ```
//! use nlscope::families::decode::{decode_message, Context, Direction};
//! use nlscope::flow::session::{Session, Timestamp};
//! use nlscope::wire::{endian::Endian, nlmsg::{Header, Message}};
//! let e = Endian::Little;
//! let req = Header { len: 20, ty: 18, flags: 0x301, seq: 7, pid: 0 }.to_bytes(e);
//! let rep = Header { len: 20, ty: 3, flags: 0x2, seq: 7, pid: 4242 }.to_bytes(e);
//! let (mut req, mut rep) = (req.to_vec(), rep.to_vec());
//! req.extend([0; 4]);
//! rep.extend([0; 4]);
//! let ctx = Context::new();
//! let mut s = Session::new();
//! fn m(b: &[u8]) -> nlscope::wire::nlmsg::Message<'_> {
//!     nlscope::wire::nlmsg::Messages::new(b, Endian::Little).next().unwrap().unwrap()
//! }
//! let d = decode_message(m(&req), 0, &ctx);
//! assert_eq!(s.observe(&d, 1, Timestamp { sec: 10, nsec: 0 }).direction, Direction::Request);
//! let d = decode_message(m(&rep), 0, &ctx);
//! let info = s.observe(&d, 2, Timestamp { sec: 10, nsec: 500 });
//! assert_eq!(info.direction, Direction::Reply);
//! let pair = info.pair.unwrap();
//! assert_eq!((pair.request_frame, pair.delay_ns, pair.last), (1, 500, true));
//! ```

use crate::families::decode::{Body, Decoded, Direction};
use crate::wire::attr::Attrs;
use crate::wire::endian::Endian;
use crate::wire::nlmsg::{flags, types, Header, Message, Messages, OpKind, NLMSG_HDRLEN};
use crate::wire::protocol;
use std::collections::hash_map::Entry;
use std::collections::VecDeque;

type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Default bound on open requests and on learned interface names.
pub const DEFAULT_LIMIT: usize = 64 * 1024;
/// Requests up to this size are kept until answered (for [`Session::request_message`]).
pub const KEEP_REQUEST_MAX: usize = 4096;
/// At most this many bytes of requests are kept at a time.
pub const KEEP_REQUEST_BUDGET: usize = 8 << 20;

use crate::families::consts::{IFLA_IFNAME, RTM_BASE, RTM_NEWLINK};
/// `sizeof(struct ifinfomsg)`.
const IFINFOMSG_LEN: usize = 16;
/// `IFNAMSIZ`: an interface name with its NUL ([`crate::wire::limits::IFNAMSIZ`]).
pub use crate::wire::limits::IFNAMSIZ;

/// A capture timestamp (the capture reader's).
pub use crate::record::Timestamp;

fn nanos(t: Timestamp) -> i128 {
    i128::from(t.sec) * 1_000_000_000 + i128::from(t.nsec)
}

/// The request a kernel message answers (or, for a notification, was caused by).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pairing {
    /// Frame (record) number of the request.
    pub request_frame: u64,
    /// Index of the request among the messages of its record (0-based).
    pub request_index: u32,
    /// `nlmsg_type` of the request.
    pub request_type: u16,
    /// `nlmsg_seq` shared by both.
    pub seq: u32,
    /// Time from the request to this message, in nanoseconds (0 if the clock went
    /// backwards).
    pub delay_ns: u64,
    /// 1 for the first message answering the request, 2 for the second, …
    pub nth: u32,
    /// This message closed the request (`NLMSG_DONE`, `NLMSG_ERROR`, or the one reply
    /// to a plain GET).
    pub last: bool,
}

/// What the session says about one message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MsgInfo {
    /// Request, reply or notification, refined by pairing.
    pub direction: Direction,
    /// The request this message answers, if it was seen.
    pub pair: Option<Pairing>,
}

/// At most this many open requests share one protocol and seq (sockets reuse sequence
/// numbers); the oldest of them is forgotten first.
pub const SAME_SEQ_MAX: usize = 8;
/// A message with `NLM_F_REQUEST` is taken for a kernel copy of a request's header
/// only when that request is one of the last this many requests (the kernel sends
/// the copy while it handles the request, before it answers).
pub const ECHO_RECENT: u64 = 8;

/// Whether a kernel message of type `ty` fits an rtnetlink request of type `req`:
/// the reply to a GET is the NEW of its group (`RTM_GETLINK` 18 -> `RTM_NEWLINK` 16),
/// the notification a change causes has the change's type (`RTM_DELLINK` ->
/// `RTM_DELLINK`). Always true for control messages and other protocols.
fn rtnl_affinity(protocol: u16, req: u16, kind: OpKind, ty: u16) -> bool {
    if protocol != protocol::NETLINK_ROUTE || ty < RTM_BASE || req < RTM_BASE {
        return true;
    }
    if kind == OpKind::Get {
        ty.wrapping_add(2) == req
    } else {
        ty == req
    }
}

/// Open requests are found by protocol and seq.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct SeqKey {
    protocol: u16,
    seq: u32,
}

/// The slots of the open requests with one protocol and seq, oldest first.
#[derive(Clone, Copy, Debug, Default)]
struct Ids {
    len: u8,
    ids: [u32; SAME_SEQ_MAX],
}

impl Ids {
    fn as_slice(&self) -> &[u32] {
        self.ids.get(..usize::from(self.len)).unwrap_or(&[])
    }
    /// Append; when full, the oldest is dropped and returned.
    fn push(&mut self, id: u32) -> Option<u32> {
        let mut dropped = None;
        if usize::from(self.len) >= SAME_SEQ_MAX {
            dropped = self.ids.first().copied();
            self.ids.rotate_left(1);
            self.len -= 1;
        }
        if let Some(slot) = self.ids.get_mut(usize::from(self.len)) {
            *slot = id;
            self.len += 1;
        }
        dropped
    }
    fn remove(&mut self, id: u32) {
        let n = usize::from(self.len);
        if let Some(i) = self.as_slice().iter().position(|x| *x == id) {
            if let Some(s) = self.ids.get_mut(i..n) {
                s.rotate_left(1);
            }
            self.len -= 1;
        }
    }
}

/// Open requests in reusable slots: looked up by index, not hashed again.
#[derive(Clone, Debug, Default)]
struct Slab {
    slots: Vec<Option<Open>>,
    free: Vec<u32>,
    live: usize,
}

impl Slab {
    fn get(&self, slot: u32) -> Option<&Open> {
        self.slots.get(slot as usize)?.as_ref()
    }
    fn get_mut(&mut self, slot: u32) -> Option<&mut Open> {
        self.slots.get_mut(slot as usize)?.as_mut()
    }
    fn take(&mut self, slot: u32) -> Option<Open> {
        let o = self.slots.get_mut(slot as usize)?.take()?;
        self.free.push(slot);
        self.live = self.live.saturating_sub(1);
        Some(o)
    }
    fn insert(&mut self, o: Open) -> u32 {
        self.live += 1;
        if let Some(slot) = self.free.pop() {
            if let Some(s) = self.slots.get_mut(slot as usize) {
                *s = Some(o);
                return slot;
            }
        }
        self.slots.push(Some(o));
        u32::try_from(self.slots.len().saturating_sub(1)).unwrap_or(u32::MAX)
    }
}

#[derive(Clone, Debug)]
struct Open {
    /// Grows with every request (tells a reused slot from the request it held).
    id: u64,
    protocol: u16,
    /// The request's header as sent.
    header: Header,
    /// The requesting socket's port id: `nlmsg_pid` if not 0, else learned from the
    /// first answer; 0 while unknown.
    port: u32,
    /// The request's bytes (when small enough and within the budget), for resolving
    /// extended-ACK offsets that the kernel did not echo (capped errors, DONE).
    bytes: Option<Box<[u8]>>,
    endian: Endian,
    frame: u64,
    index: u32,
    kind: OpKind,
    dump: bool,
    ack: bool,
    ts: Timestamp,
    answers: u32,
}

/// An interface name, at most `IFNAMSIZ` bytes, kept inline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct IfName {
    len: u8,
    bytes: [u8; IFNAMSIZ],
}

/// Per-capture state: open requests and interface names. See the module doc.
#[derive(Clone, Debug)]
pub struct Session {
    /// Open requests.
    open: Slab,
    /// Slots of open requests by protocol and seq.
    by_seq: HashMap<SeqKey, Ids>,
    /// (slot, id) in the order the requests came (closed ones are skipped and
    /// compacted).
    order: VecDeque<(u32, u64)>,
    next_id: u64,
    limit: usize,
    ifnames: HashMap<i32, IfName>,
    index_in_record: u32,
    last_frame: Option<u64>,
    kept_bytes: usize,
    /// The request closed by the message observed last: (frame, index, bytes).
    closed: Option<(u64, u32, Endian, Box<[u8]>)>,
    /// Protocol and header of the last notification (to know its copies).
    last_notification: Option<(u16, Header)>,
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

/// How a kernel message is matched to an open request.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Match {
    /// By the header an `NLMSG_ERROR` echoes (and the port, when known).
    Echo(Header),
    /// By seq and port; `prefer_get`: what must be a reply answers a GET first.
    Port { prefer_get: bool },
    /// A kernel copy of the request's header (`NLM_F_REQUEST` set).
    Copy,
}

impl Session {
    /// A session with the default bounds.
    pub fn new() -> Self {
        Self::with_limit(DEFAULT_LIMIT)
    }

    /// A session keeping at most `limit` open requests and `limit` interface names.
    pub fn with_limit(limit: usize) -> Self {
        Session {
            open: Slab::default(),
            by_seq: HashMap::default(),
            order: VecDeque::new(),
            next_id: 0,
            limit: limit.clamp(1, u32::MAX as usize),
            ifnames: HashMap::default(),
            index_in_record: 0,
            last_frame: None,
            kept_bytes: 0,
            closed: None,
            last_notification: None,
        }
    }

    /// The request that the message observed last answered, as a message, when its
    /// bytes were kept (requests up to [`KEEP_REQUEST_MAX`] bytes, while they are
    /// open, within [`KEEP_REQUEST_BUDGET`]) and that message closed it (`NLMSG_ERROR`,
    /// `NLMSG_DONE`). Lets an extended-ACK offset be resolved when the kernel did not
    /// echo the request (capped errors, strict dump errors in `NLMSG_DONE`).
    pub fn request_message(&self, pair: &Pairing) -> Option<Message<'_>> {
        let (frame, index, endian, bytes) = self.closed.as_ref()?;
        if (*frame, *index) != (pair.request_frame, pair.request_index) {
            return None;
        }
        Messages::new(bytes, *endian).next()?.ok()
    }

    fn forget(&mut self, id: u32) -> Option<Open> {
        let o = self.open.take(id)?;
        if let Some(b) = &o.bytes {
            self.kept_bytes = self.kept_bytes.saturating_sub(b.len());
        }
        let key = SeqKey {
            protocol: o.protocol,
            seq: o.header.seq,
        };
        if let Entry::Occupied(mut e) = self.by_seq.entry(key) {
            e.get_mut().remove(id);
            if e.get().len == 0 {
                e.remove();
            }
        }
        Some(o)
    }

    /// Number of requests still waiting for an answer.
    pub fn open_requests(&self) -> usize {
        self.open.live
    }

    /// The name learned for interface `index`, if any (raw bytes from the capture:
    /// escape before printing).
    pub fn ifname(&self, index: i32) -> Option<&[u8]> {
        self.ifnames
            .get(&index)
            .and_then(|n| n.bytes.get(..usize::from(n.len)))
    }

    /// Learn from one message, in capture order, and say what it is. `frame` is the
    /// number of the record that carried it; messages of one record are counted
    /// from 0 in the order they are observed.
    pub fn observe(&mut self, d: &Decoded<'_>, frame: u64, ts: Timestamp) -> MsgInfo {
        if self.last_frame == Some(frame) {
            self.index_in_record = self.index_in_record.saturating_add(1);
        } else {
            self.last_frame = Some(frame);
            self.index_in_record = 0;
        }
        self.closed = None;
        let h = &d.msg.header;
        let info = if let Some(direction) = crate::families::connector::direction(d) {
            MsgInfo {
                direction,
                pair: None,
            }
        } else if h.flags & flags::NLM_F_REQUEST != 0 {
            self.request_or_copy(d, frame, ts)
        } else {
            self.answer(d, ts)
        };
        if d.protocol == protocol::NETLINK_ROUTE
            && h.ty == RTM_NEWLINK
            && info.direction != Direction::Request
        {
            self.learn_link(d);
        }
        if info.direction == Direction::Notification {
            self.last_notification = Some((d.protocol, *h));
        }
        info
    }

    fn request_or_copy(&mut self, d: &Decoded<'_>, frame: u64, ts: Timestamp) -> MsgInfo {
        let h = &d.msg.header;
        if h.pid != 0 {
            if let Some(id) = self.find(d.protocol, h, Match::Copy) {
                return self.answered(id, d, ts, Direction::Notification, false);
            }
            if self.last_notification == Some((d.protocol, *h)) {
                return MsgInfo {
                    direction: Direction::Notification,
                    pair: None,
                };
            }
        }
        self.open_request(d, frame, ts);
        MsgInfo {
            direction: Direction::Request,
            pair: None,
        }
    }

    /// The best open request for a kernel message with header `h`, by `how`.
    fn find(&self, protocol: u16, h: &Header, how: Match) -> Option<u32> {
        let seq = match how {
            Match::Echo(e) => e.seq,
            _ => h.seq,
        };
        let ids = self.by_seq.get(&SeqKey { protocol, seq })?;
        // Rank: (known port, type fits, dumpness fits, preferred kind); the newest
        // wins ties. Dumpness: two programs started in the same second send the same
        // seq with port id 0, a plain GET and a dump; a dump's parts carry
        // NLM_F_MULTI and end with NLMSG_DONE, the GET's one reply has neither (the
        // kernel forgets NLM_F_MULTI on a few dump replies, so this only ranks).
        let multi = h.flags & flags::NLM_F_MULTI != 0;
        let dump_fits = |o: &Open| match h.ty {
            types::NLMSG_DONE => o.dump,
            types::NLMSG_ERROR => true,
            _ => o.kind != OpKind::Get || o.dump == multi,
        };
        let mut best: Option<((bool, bool, bool, bool), u32)> = None;
        for &id in ids.as_slice().iter().rev() {
            let Some(o) = self.open.get(id) else {
                continue;
            };
            let port_known = o.port != 0;
            if port_known && o.port != h.pid {
                continue;
            }
            let rank = match how {
                Match::Echo(e) => {
                    if o.header != e {
                        continue;
                    }
                    (port_known, true, true, true)
                }
                Match::Port { prefer_get } => (
                    port_known,
                    rtnl_affinity(protocol, o.header.ty, o.kind, h.ty),
                    dump_fits(o),
                    !prefer_get || o.kind == OpKind::Get,
                ),
                Match::Copy => {
                    let fits = o.header.ty == h.ty
                        && o.header.flags == h.flags
                        && (o.header.pid == 0 || o.header.pid == h.pid)
                        && self.next_id.saturating_sub(o.id) < ECHO_RECENT;
                    if !fits {
                        continue;
                    }
                    (port_known, true, true, true)
                }
            };
            if best.is_none_or(|(r, _)| rank > r) {
                best = Some((rank, id));
            }
        }
        best.map(|(_, id)| id)
    }

    fn open_request(&mut self, d: &Decoded<'_>, frame: u64, ts: Timestamp) {
        let h = &d.msg.header;
        let kind = d.op_kind();
        let key = SeqKey {
            protocol: d.protocol,
            seq: h.seq,
        };
        // The same socket (a known port) sending the same seq again: the old request
        // will not be answered any more.
        if h.pid != 0 {
            let stale: Option<u32> = self.by_seq.get(&key).and_then(|ids| {
                ids.as_slice()
                    .iter()
                    .copied()
                    .find(|id| self.open.get(*id).is_some_and(|o| o.port == h.pid))
            });
            if let Some(id) = stale {
                self.forget(id);
            }
        }
        self.next_id = self.next_id.wrapping_add(1);
        let id = self.next_id;
        let keep = d.msg.bytes.len() <= KEEP_REQUEST_MAX
            && self.kept_bytes + d.msg.bytes.len() <= KEEP_REQUEST_BUDGET;
        let bytes = keep.then(|| Box::<[u8]>::from(d.msg.bytes));
        if keep {
            self.kept_bytes += d.msg.bytes.len();
        }
        let open = Open {
            id,
            protocol: d.protocol,
            header: *h,
            port: h.pid,
            bytes,
            endian: d.msg.endian,
            frame,
            index: self.index_in_record,
            kind,
            dump: kind == OpKind::Get && h.flags & flags::NLM_F_DUMP != 0,
            ack: h.flags & flags::NLM_F_ACK != 0,
            ts,
            answers: 0,
        };
        let slot = self.open.insert(open);
        let dropped = self.by_seq.entry(key).or_default().push(slot);
        if let Some(old) = dropped {
            // Too many open requests with this seq: the oldest goes. `push` already
            // took it out of the list.
            if let Some(o) = self.open.take(old) {
                if let Some(b) = &o.bytes {
                    self.kept_bytes = self.kept_bytes.saturating_sub(b.len());
                }
            }
        }
        self.order.push_back((slot, id));
        while self.open.live > self.limit {
            match self.order.pop_front() {
                Some((old, old_id)) => {
                    if self.open.get(old).is_some_and(|o| o.id == old_id) {
                        self.forget(old);
                    }
                }
                None => break,
            }
        }
        // Closed requests leave stale entries behind: compact now and then.
        if self.order.len() > self.limit.saturating_mul(2) {
            let open = &self.open;
            self.order
                .retain(|(slot, id)| open.get(*slot).is_some_and(|o| o.id == *id));
        }
    }

    fn answer(&mut self, d: &Decoded<'_>, ts: Timestamp) -> MsgInfo {
        let h = &d.msg.header;
        let guess = Direction::guess(h);
        let unpaired = MsgInfo {
            direction: guess,
            pair: None,
        };
        let terminal = matches!(d.body, Body::Error(_) | Body::Done(_));
        let multi = h.flags & flags::NLM_F_MULTI != 0;
        let echo = match &d.body {
            Body::Error(e) => e.request.as_ref().map(|m| m.header),
            _ => None,
        };
        let how = match echo {
            Some(e) => Match::Echo(e),
            None => Match::Port {
                prefer_get: !terminal && !multi,
            },
        };
        // The kernel addresses replies (and the notifications a request causes) to
        // the requesting socket's port id, never 0: a kernel message with pid 0 is
        // a multicast event nobody asked for.
        if h.pid == 0 {
            return unpaired;
        }
        let Some(id) = self.find(d.protocol, h, how) else {
            return unpaired;
        };
        let Some(open) = self.open.get(id) else {
            return unpaired;
        };
        let get = open.kind == OpKind::Get;
        // Events such as ctnetlink's carry the causing socket's pid but seq 0, and
        // many tools send seq 0: with seq 0 and no known port to check, only what
        // must be an answer (ERROR, DONE, a dump part, the reply to a GET) pairs.
        if open.port == 0 && h.seq == 0 && !(terminal || multi || get) {
            return unpaired;
        }
        let direction = if terminal || multi || get {
            Direction::Reply
        } else {
            Direction::Notification
        };
        let last = terminal || (get && !open.dump && !multi && !open.ack);
        self.answered(id, d, ts, direction, last)
    }

    /// Count an answer to request `id`, learn its port, close it when `last`.
    fn answered(
        &mut self,
        id: u32,
        d: &Decoded<'_>,
        ts: Timestamp,
        direction: Direction,
        last: bool,
    ) -> MsgInfo {
        let h = &d.msg.header;
        let Some(open) = self.open.get_mut(id) else {
            return MsgInfo {
                direction,
                pair: None,
            };
        };
        if open.port == 0 {
            open.port = h.pid;
        }
        open.answers = open.answers.saturating_add(1);
        let delay = nanos(ts).saturating_sub(nanos(open.ts)).max(0);
        let pair = Pairing {
            request_frame: open.frame,
            request_index: open.index,
            request_type: open.header.ty,
            seq: h.seq,
            delay_ns: u64::try_from(delay).unwrap_or(u64::MAX),
            nth: open.answers,
            last,
        };
        if last {
            if let Some(o) = self.forget(id) {
                if let Some(b) = o.bytes {
                    self.closed = Some((o.frame, o.index, o.endian, b));
                }
            }
        }
        MsgInfo {
            direction,
            pair: Some(pair),
        }
    }

    fn learn_link(&mut self, d: &Decoded<'_>) {
        let bytes = d.msg.bytes;
        let e = d.msg.endian;
        let Some(index) = e.u32_at(bytes, NLMSG_HDRLEN + 4).map(|v| v as i32) else {
            return;
        };
        if index == 0 {
            return;
        }
        let attrs = bytes.get(NLMSG_HDRLEN + IFINFOMSG_LEN..).unwrap_or(&[]);
        // A kernel message (requests are not learned from): IFLA_IFNAME is there once.
        let Some(a) = Attrs::new(attrs, NLMSG_HDRLEN + IFINFOMSG_LEN, e).first(IFLA_IFNAME) else {
            return;
        };
        let name = a.value.split(|b| *b == 0).next().unwrap_or(&[]);
        // The kernel's names fit IFNAMSIZ with their NUL; a longer one is not an
        // interface name and is not learned (no name is shown cut short).
        if name.is_empty() || name.len() >= IFNAMSIZ {
            return;
        }
        let mut n = IfName {
            len: 0,
            bytes: [0; IFNAMSIZ],
        };
        for (dst, src) in n.bytes.iter_mut().zip(name) {
            *dst = *src;
            n.len += 1;
        }
        if self.ifnames.len() >= self.limit && !self.ifnames.contains_key(&index) {
            // Full: a capture with this many interfaces is odd; start over.
            self.ifnames.clear();
        }
        self.ifnames.insert(index, n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::families::decode::{decode_message, Context};
    use crate::wire::endian::Endian;
    use crate::wire::nlmsg::{Header, Messages};

    fn bytes(e: Endian, ty: u16, fl: u16, seq: u32, pid: u32, body: &[u8]) -> Vec<u8> {
        let h = Header {
            len: (NLMSG_HDRLEN + body.len()) as u32,
            ty,
            flags: fl,
            seq,
            pid,
        };
        let mut v = h.to_bytes(e).to_vec();
        v.extend_from_slice(body);
        v
    }

    /// A capped ACK (error 0) to `pid` echoing the header of `req`.
    fn ack(e: Endian, req: &[u8], pid: u32) -> Vec<u8> {
        let h = Header::parse(req, e).unwrap();
        let mut body = vec![0u8; 4];
        body.extend_from_slice(&req[..16]);
        bytes(e, 2, 0x100, h.seq, pid, &body)
    }

    fn see(s: &mut Session, e: Endian, frame: u64, buf: &[u8]) -> MsgInfo {
        let ctx = Context::new();
        let m = Messages::new(buf, e).next().unwrap().unwrap();
        let d = decode_message(m, 0, &ctx);
        s.observe(
            &d,
            frame,
            Timestamp {
                sec: 100,
                nsec: frame as u32 * 1000,
            },
        )
    }

    fn link(e: Endian, index: i32, name: &[u8]) -> Vec<u8> {
        let mut body = vec![0u8; 16];
        body[4..8].copy_from_slice(&e.u32_bytes(index as u32));
        let alen = 4 + name.len() + 1;
        body.extend_from_slice(&e.u16_bytes(alen as u16));
        body.extend_from_slice(&e.u16_bytes(IFLA_IFNAME));
        body.extend_from_slice(name);
        body.push(0);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        bytes(e, RTM_NEWLINK, 0, 0, 0, &body)
    }

    #[test]
    fn dump_pairs_until_done() {
        for e in [Endian::Little, Endian::Big] {
            let mut s = Session::new();
            let i = see(&mut s, e, 1, &bytes(e, 18, 0x301, 5, 0, &[0; 4]));
            assert_eq!(i.direction, Direction::Request);
            for f in 2..4 {
                let i = see(&mut s, e, f, &bytes(e, 16, 0x2, 5, 777, &[0; 16]));
                assert_eq!(i.direction, Direction::Reply);
                let p = i.pair.unwrap();
                assert_eq!((p.request_frame, p.nth, p.last), (1, f as u32 - 1, false));
                assert_eq!(p.delay_ns, (f - 1) * 1000);
            }
            let i = see(&mut s, e, 4, &bytes(e, 3, 0x2, 5, 777, &[0; 4]));
            assert!(i.pair.unwrap().last);
            assert_eq!(s.open_requests(), 0);
            // A late message with that seq is no longer paired.
            let i = see(&mut s, e, 5, &bytes(e, 16, 0, 5, 777, &[0; 16]));
            assert_eq!(i.pair, None);
            assert_eq!(i.direction, Direction::Notification);
        }
    }

    #[test]
    fn pid_must_match_when_request_has_one() {
        let e = Endian::Little;
        let mut s = Session::new();
        let req = bytes(e, 16, 0x605, 9, 1234, &[0; 16]);
        see(&mut s, e, 1, &req);
        assert_eq!(see(&mut s, e, 2, &ack(e, &req, 99)).pair, None);
        let i = see(&mut s, e, 3, &bytes(e, 16, 0, 9, 1234, &[0; 16]));
        assert_eq!(i.direction, Direction::Notification);
        assert_eq!(i.pair.unwrap().request_frame, 1);
        let i = see(&mut s, e, 4, &ack(e, &req, 1234));
        assert_eq!(i.direction, Direction::Reply);
        assert!(i.pair.unwrap().last);
    }

    #[test]
    fn multicast_events_never_pair() {
        let e = Endian::Little;
        let mut s = Session::new();
        // `ip` sends seq 0 pid 0 at times; the kernel's events carry seq 0 pid 0 too.
        let req = bytes(e, 16, 0x5, 0, 0, &[0; 16]);
        see(&mut s, e, 1, &req);
        let i = see(&mut s, e, 2, &bytes(e, 16, 0, 0, 0, &[0; 16]));
        assert_eq!((i.direction, i.pair), (Direction::Notification, None));
        // An event with the causing socket's pid but seq 0 (ctnetlink) is not an answer.
        let i = see(&mut s, e, 3, &bytes(e, 16, 0, 0, 99, &[0; 16]));
        assert_eq!((i.direction, i.pair), (Direction::Notification, None));
        let i = see(&mut s, e, 4, &ack(e, &req, 207));
        assert_eq!(i.pair.unwrap().request_frame, 1);
        assert_eq!(s.open_requests(), 0);
    }

    #[test]
    fn keeps_the_request_for_its_closing_message() {
        let e = Endian::Big;
        let mut s = Session::new();
        let req = bytes(e, 18, 0x301, 5, 0, &[7; 20]);
        see(&mut s, e, 1, &req);
        let i = see(&mut s, e, 2, &bytes(e, 16, 0x2, 5, 9, &[0; 16]));
        assert!(
            s.request_message(&i.pair.unwrap()).is_none(),
            "not closed yet"
        );
        let i = see(&mut s, e, 3, &bytes(e, 3, 0x202, 5, 9, &[0; 4]));
        let m = s.request_message(&i.pair.unwrap()).unwrap();
        assert_eq!(m.bytes, &req[..]);
        assert_eq!(s.kept_bytes, 0);
        see(&mut s, e, 4, &bytes(e, 16, 0, 0, 0, &[0; 16]));
        assert!(
            s.request_message(&i.pair.unwrap()).is_none(),
            "only right after"
        );
    }

    #[test]
    fn plain_get_closes_on_its_reply() {
        let e = Endian::Big;
        let mut s = Session::new();
        see(&mut s, e, 1, &bytes(e, 18, 0x1, 3, 0, &[0; 16]));
        let i = see(&mut s, e, 2, &bytes(e, 16, 0, 3, 55, &[0; 16]));
        assert_eq!(i.direction, Direction::Reply);
        assert!(i.pair.unwrap().last);
        assert_eq!(s.open_requests(), 0);
    }

    #[test]
    fn bounded() {
        let e = Endian::Little;
        let mut s = Session::with_limit(4);
        for seq in 0..100 {
            let req = bytes(e, 16, 0x5, seq + 1, 0, &[0; 16]);
            see(&mut s, e, u64::from(seq), &req);
            if seq % 2 == 0 {
                see(&mut s, e, 1000, &ack(e, &req, 8));
            }
        }
        assert!(s.open_requests() <= 4);
        assert!(s.order.len() <= 8 + 1);
        // The newest is still there, the oldest forgotten.
        let newest = bytes(e, 16, 0x5, 100, 0, &[0; 16]);
        let oldest = bytes(e, 16, 0x5, 2, 0, &[0; 16]);
        assert!(see(&mut s, e, 2000, &ack(e, &newest, 8)).pair.is_some());
        assert!(see(&mut s, e, 2001, &ack(e, &oldest, 8)).pair.is_none());
    }

    #[test]
    fn errors_pair_by_their_echo_not_by_seq() {
        for e in [Endian::Little, Endian::Big] {
            let mut s = Session::new();
            // Two sockets (ports 233 and 900) send seq 5 with pid 0.
            let newlink = bytes(e, 16, 0x605, 5, 0, &[0; 16]);
            let getlink = bytes(e, 18, 0x1, 5, 0, &[0; 24]);
            see(&mut s, e, 1, &newlink);
            see(&mut s, e, 2, &getlink);
            // The ACK echoes the NEWLINK: paired with frame 1, not the newer GETLINK.
            let i = see(&mut s, e, 3, &ack(e, &newlink, 233));
            assert_eq!(
                (i.direction, i.pair.unwrap().request_frame),
                (Direction::Reply, 1)
            );
            // The GETLINK's reply goes to the other socket.
            let i = see(&mut s, e, 4, &bytes(e, 16, 0, 5, 900, &[0; 16]));
            assert_eq!(
                (i.direction, i.pair.unwrap().request_frame),
                (Direction::Reply, 2)
            );
            // An echo that no open request has stays unpaired.
            let other = bytes(e, 16, 0x605, 5, 0, &[0; 20]);
            let i = see(&mut s, e, 5, &ack(e, &other, 233));
            assert_eq!((i.direction, i.pair), (Direction::Reply, None));
        }
    }

    #[test]
    fn a_learned_port_is_kept() {
        let e = Endian::Little;
        let mut s = Session::new();
        let dump = bytes(e, 18, 0x301, 7, 0, &[0; 16]);
        see(&mut s, e, 1, &dump);
        assert!(see(&mut s, e, 2, &bytes(e, 16, 0x2, 7, 400, &[0; 16]))
            .pair
            .is_some());
        // Another socket's part with the same seq is not this dump's.
        assert_eq!(
            see(&mut s, e, 3, &bytes(e, 16, 0x2, 7, 401, &[0; 16])).pair,
            None
        );
        assert_eq!(
            see(&mut s, e, 4, &bytes(e, 3, 0x2, 7, 401, &[0; 4])).pair,
            None
        );
        let i = see(&mut s, e, 5, &bytes(e, 3, 0x2, 7, 400, &[0; 4]));
        assert!(i.pair.unwrap().last);
    }

    #[test]
    fn kernel_copies_with_request_flag_are_notifications() {
        let e = Endian::Little;
        let mut s = Session::new();
        // `ip nexthop add`: the kernel's RTM_NEWNEXTHOP copies the request's flags
        // (0x605, NLM_F_REQUEST included) and stamps the requester's port.
        let req = bytes(e, 104, 0x605, 3, 0, &[0; 32]);
        see(&mut s, e, 1, &req);
        let i = see(&mut s, e, 2, &bytes(e, 104, 0x605, 3, 277, &[0; 32]));
        assert_eq!(i.direction, Direction::Notification);
        assert_eq!(i.pair.unwrap().request_frame, 1);
        // Its copy for a second listener.
        let i = see(&mut s, e, 3, &bytes(e, 104, 0x605, 3, 277, &[0; 32]));
        assert_eq!(i.direction, Direction::Notification);
        let i = see(&mut s, e, 4, &ack(e, &req, 277));
        assert_eq!(i.pair.unwrap().request_frame, 1);
        // A real request from a socket that fills in its pid stays a request.
        let i = see(&mut s, e, 5, &bytes(e, 104, 0x605, 3, 278, &[0; 32]));
        assert_eq!(i.direction, Direction::Request);
    }

    #[test]
    fn a_change_notification_is_not_a_get_reply() {
        let e = Endian::Little;
        let mut s = Session::new();
        see(&mut s, e, 1, &bytes(e, 17, 0x5, 9, 0, &[0; 16])); // RTM_DELLINK
        see(&mut s, e, 2, &bytes(e, 18, 0x1, 9, 0, &[0; 24])); // RTM_GETLINK
        let i = see(&mut s, e, 3, &bytes(e, 17, 0, 9, 383, &[0; 16]));
        assert_eq!(
            (i.direction, i.pair.unwrap().request_frame),
            (Direction::Notification, 1)
        );
        let i = see(&mut s, e, 4, &bytes(e, 16, 0, 9, 384, &[0; 16]));
        assert_eq!(
            (i.direction, i.pair.unwrap().request_frame),
            (Direction::Reply, 2)
        );
    }

    #[test]
    fn learns_interface_names() {
        for e in [Endian::Little, Endian::Big] {
            let mut s = Session::new();
            see(&mut s, e, 1, &link(e, 7, b"veth0"));
            assert_eq!(s.ifname(7), Some(&b"veth0"[..]));
            see(
                &mut s,
                e,
                2,
                &link(e, 7, b"a-much-longer-name-than-ifnamsiz"),
            );
            // Not a kernel interface name: not learned, nor cut to size.
            assert_eq!(s.ifname(7), Some(&b"veth0"[..]));
            see(&mut s, e, 3, &link(e, 8, b"fifteen-bytes-x"));
            assert_eq!(s.ifname(8), Some(&b"fifteen-bytes-x"[..]));
            see(&mut s, e, 4, &link(e, 9, b"sixteen-bytes-xx"));
            assert_eq!(s.ifname(9), None);
        }
    }
}
