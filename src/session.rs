//! Per-capture state beyond [`decode::Context`](crate::decode::Context): which
//! request each reply answers, who sent each message, and interface names.
//!
//! A capture carries no direction (NETLINK-FACTS §1), so [`Session::observe`] infers
//! it message by message, in capture order:
//!
//! - **Pairing.** A request (`NLM_F_REQUEST`) opens an entry keyed by netlink protocol,
//!   `nlmsg_seq` and `nlmsg_pid`. A kernel message with the same protocol and seq is
//!   matched to it; its pid must equal the request's only when the request's pid is
//!   non-zero (iproute2 sends `nlmsg_pid` 0 and the kernel answers with the socket's
//!   port id). A request may get several replies (a dump); `NLMSG_DONE` and
//!   `NLMSG_ERROR` close it, and so does the single reply to a plain GET that asked
//!   for no ACK.
//! - **Direction.** Requests are requests. A kernel message matched to an open GET is
//!   a reply; one matched to a change request (NEW/DEL/SET) is a notification that the
//!   change caused (it carries the request's pid and seq); ERROR and DONE are
//!   replies. Unmatched messages keep [`Direction::guess`].
//! - **Interface names** from `RTM_NEWLINK` (`ifi_index` + `IFLA_IFNAME`), so a line
//!   can say `dev veth0` like `ip monitor` does, for the namespace that was captured.
//!
//! Memory is bounded: at most [`Session::with_limit`] open requests (64 Ki by
//! default; the oldest is forgotten first), of which at most
//! [`KEEP_REQUEST_BUDGET`] bytes are kept, and as many interface names, each at most
//! [`IFNAMSIZ`] - 1 bytes (a longer name is not learned). All bounds: `crate::limits`.
//!
//! ```
//! use nlscope::{decode::{decode_message, Context, Direction}, endian::Endian,
//!               nlmsg::{Header, Message}, session::{Session, Timestamp}};
//! let e = Endian::Little;
//! let req = Header { len: 20, ty: 18, flags: 0x301, seq: 7, pid: 0 }.to_bytes(e);
//! let rep = Header { len: 20, ty: 3, flags: 0x2, seq: 7, pid: 4242 }.to_bytes(e);
//! let (mut req, mut rep) = (req.to_vec(), rep.to_vec());
//! req.extend([0; 4]);
//! rep.extend([0; 4]);
//! let ctx = Context::new();
//! let mut s = Session::new();
//! fn m(b: &[u8]) -> nlscope::nlmsg::Message<'_> {
//!     nlscope::nlmsg::Messages::new(b, Endian::Little).next().unwrap().unwrap()
//! }
//! let d = decode_message(m(&req), 0, &ctx);
//! assert_eq!(s.observe(&d, 1, Timestamp { sec: 10, nsec: 0 }).direction, Direction::Request);
//! let d = decode_message(m(&rep), 0, &ctx);
//! let info = s.observe(&d, 2, Timestamp { sec: 10, nsec: 500 });
//! assert_eq!(info.direction, Direction::Reply);
//! let pair = info.pair.unwrap();
//! assert_eq!((pair.request_frame, pair.delay_ns, pair.last), (1, 500, true));
//! ```

use crate::attr::Attrs;
use crate::decode::{protocols, Body, Decoded, Direction};
use crate::endian::Endian;
use crate::nlmsg::{flags, Message, Messages, OpKind, NLMSG_HDRLEN};
use std::collections::VecDeque;

type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Default bound on open requests and on learned interface names.
pub const DEFAULT_LIMIT: usize = 64 * 1024;
/// Requests up to this size are kept until answered (for [`Session::request_message`]).
pub const KEEP_REQUEST_MAX: usize = 4096;
/// At most this many bytes of requests are kept at a time.
pub const KEEP_REQUEST_BUDGET: usize = 8 << 20;

/// `RTM_NEWLINK`.
const RTM_NEWLINK: u16 = 16;
/// `IFLA_IFNAME`.
const IFLA_IFNAME: u16 = 3;
/// `sizeof(struct ifinfomsg)`.
const IFINFOMSG_LEN: usize = 16;
/// `IFNAMSIZ`: an interface name with its NUL ([`crate::limits::IFNAMSIZ`]).
pub use crate::limits::IFNAMSIZ;

/// A capture timestamp (the capture reader's).
pub use crate::capture::Timestamp;

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Key {
    protocol: u16,
    seq: u32,
    pid: u32,
}

#[derive(Clone, Debug)]
struct Open {
    id: u64,
    /// The request's bytes (when small enough and within the budget), for resolving
    /// extended-ACK offsets that the kernel did not echo (capped errors, DONE).
    bytes: Option<Box<[u8]>>,
    endian: Endian,
    frame: u64,
    index: u32,
    ty: u16,
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
    open: HashMap<Key, Open>,
    order: VecDeque<(Key, u64)>,
    next_id: u64,
    limit: usize,
    ifnames: HashMap<i32, IfName>,
    index_in_record: u32,
    last_frame: Option<u64>,
    kept_bytes: usize,
    /// The request closed by the message observed last: (frame, index, bytes).
    closed: Option<(u64, u32, Endian, Box<[u8]>)>,
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

impl Session {
    /// A session with the default bounds.
    pub fn new() -> Self {
        Self::with_limit(DEFAULT_LIMIT)
    }

    /// A session keeping at most `limit` open requests and `limit` interface names.
    pub fn with_limit(limit: usize) -> Self {
        Session {
            open: HashMap::default(),
            order: VecDeque::new(),
            next_id: 0,
            limit: limit.max(1),
            ifnames: HashMap::default(),
            index_in_record: 0,
            last_frame: None,
            kept_bytes: 0,
            closed: None,
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

    fn forget(&mut self, key: &Key) -> Option<Open> {
        let o = self.open.remove(key)?;
        if let Some(b) = &o.bytes {
            self.kept_bytes = self.kept_bytes.saturating_sub(b.len());
        }
        Some(o)
    }

    /// Number of requests still waiting for an answer.
    pub fn open_requests(&self) -> usize {
        self.open.len()
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
        if d.protocol == protocols::NETLINK_ROUTE
            && h.ty == RTM_NEWLINK
            && h.flags & flags::NLM_F_REQUEST == 0
        {
            self.learn_link(d);
        }
        if h.flags & flags::NLM_F_REQUEST != 0 {
            self.open_request(d, frame, ts);
            return MsgInfo {
                direction: Direction::Request,
                pair: None,
            };
        }
        self.answer(d, ts)
    }

    fn open_request(&mut self, d: &Decoded<'_>, frame: u64, ts: Timestamp) {
        let h = &d.msg.header;
        let key = Key {
            protocol: d.protocol,
            seq: h.seq,
            pid: h.pid,
        };
        let kind = d.op_kind();
        self.next_id = self.next_id.wrapping_add(1);
        let keep = d.msg.bytes.len() <= KEEP_REQUEST_MAX
            && self.kept_bytes + d.msg.bytes.len() <= KEEP_REQUEST_BUDGET;
        let bytes = keep.then(|| Box::<[u8]>::from(d.msg.bytes));
        let id = self.next_id;
        let open = Open {
            id,
            bytes,
            endian: d.msg.endian,
            frame,
            index: self.index_in_record,
            ty: h.ty,
            kind,
            dump: kind == OpKind::Get && h.flags & flags::NLM_F_DUMP != 0,
            ack: h.flags & flags::NLM_F_ACK != 0,
            ts,
            answers: 0,
        };
        self.forget(&key);
        if keep {
            self.kept_bytes += d.msg.bytes.len();
        }
        self.open.insert(key, open);
        self.order.push_back((key, id));
        while self.open.len() > self.limit {
            match self.order.pop_front() {
                Some((k, id)) => {
                    if self.open.get(&k).is_some_and(|o| o.id == id) {
                        self.forget(&k);
                    }
                }
                None => break,
            }
        }
        // Closed requests leave stale keys behind: compact now and then.
        if self.order.len() > self.limit.saturating_mul(2) {
            let open = &self.open;
            self.order
                .retain(|(k, id)| open.get(k).is_some_and(|o| o.id == *id));
        }
    }

    fn answer(&mut self, d: &Decoded<'_>, ts: Timestamp) -> MsgInfo {
        let h = &d.msg.header;
        let guess = Direction::guess(h);
        let exact = Key {
            protocol: d.protocol,
            seq: h.seq,
            pid: h.pid,
        };
        let anon = Key { pid: 0, ..exact };
        // The kernel addresses replies (and the notifications a request causes) to
        // the requesting socket's port id, never 0: a kernel message with pid 0 is
        // a multicast event nobody asked for.
        let key = if h.pid == 0 {
            None
        } else if self.open.contains_key(&exact) {
            Some(exact)
        } else if self.open.contains_key(&anon) {
            Some(anon)
        } else {
            None
        };
        let Some(key) = key else {
            return MsgInfo {
                direction: guess,
                pair: None,
            };
        };
        let terminal = matches!(d.body, Body::Error(_) | Body::Done(_));
        let multi = h.flags & flags::NLM_F_MULTI != 0;
        let Some(open) = self.open.get_mut(&key) else {
            return MsgInfo {
                direction: guess,
                pair: None,
            };
        };
        // Events such as ctnetlink's carry the causing socket's pid but seq 0, and
        // many tools send seq 0: with seq 0 and no pid to check, only what must be
        // an answer (ERROR, DONE, a dump part, the reply to a GET) pairs.
        if key == anon && h.seq == 0 && !(terminal || multi || open.kind == OpKind::Get) {
            return MsgInfo {
                direction: guess,
                pair: None,
            };
        }
        open.answers = open.answers.saturating_add(1);
        let direction = if terminal || multi || open.kind == OpKind::Get {
            Direction::Reply
        } else {
            Direction::Notification
        };
        let last = terminal || (open.kind == OpKind::Get && !open.dump && !multi && !open.ack);
        let delay = nanos(ts).saturating_sub(nanos(open.ts)).max(0);
        let pair = Pairing {
            request_frame: open.frame,
            request_index: open.index,
            request_type: open.ty,
            seq: h.seq,
            delay_ns: u64::try_from(delay).unwrap_or(u64::MAX),
            nth: open.answers,
            last,
        };
        if last {
            if let Some(o) = self.forget(&key) {
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
        let Some(a) = Attrs::new(attrs, NLMSG_HDRLEN + IFINFOMSG_LEN, e).find(IFLA_IFNAME) else {
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
    use crate::decode::{decode_message, Context};
    use crate::endian::Endian;
    use crate::nlmsg::{Header, Messages};

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
        see(&mut s, e, 1, &bytes(e, 16, 0x605, 9, 1234, &[0; 16]));
        assert_eq!(
            see(&mut s, e, 2, &bytes(e, 2, 0x100, 9, 99, &[0; 20])).pair,
            None
        );
        let i = see(&mut s, e, 3, &bytes(e, 16, 0, 9, 1234, &[0; 16]));
        assert_eq!(i.direction, Direction::Notification);
        assert_eq!(i.pair.unwrap().request_frame, 1);
        let i = see(&mut s, e, 4, &bytes(e, 2, 0x100, 9, 1234, &[0; 20]));
        assert_eq!(i.direction, Direction::Reply);
        assert!(i.pair.unwrap().last);
    }

    #[test]
    fn multicast_events_never_pair() {
        let e = Endian::Little;
        let mut s = Session::new();
        // `ip` sends seq 0 pid 0 at times; the kernel's events carry seq 0 pid 0 too.
        see(&mut s, e, 1, &bytes(e, 16, 0x5, 0, 0, &[0; 16]));
        let i = see(&mut s, e, 2, &bytes(e, 16, 0, 0, 0, &[0; 16]));
        assert_eq!((i.direction, i.pair), (Direction::Notification, None));
        // An event with the causing socket's pid but seq 0 (ctnetlink) is not an answer.
        let i = see(&mut s, e, 3, &bytes(e, 16, 0, 0, 99, &[0; 16]));
        assert_eq!((i.direction, i.pair), (Direction::Notification, None));
        let i = see(&mut s, e, 4, &bytes(e, 2, 0, 0, 207, &[0; 36]));
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
            see(
                &mut s,
                e,
                u64::from(seq),
                &bytes(e, 16, 0x5, seq + 1, 0, &[0; 16]),
            );
            if seq % 2 == 0 {
                see(&mut s, e, 1000, &bytes(e, 2, 0x100, seq + 1, 8, &[0; 20]));
            }
        }
        assert!(s.open_requests() <= 4);
        assert!(s.order.len() <= 8 + 1);
        // The newest is still there, the oldest forgotten.
        assert!(see(&mut s, e, 2000, &bytes(e, 2, 0x100, 100, 8, &[0; 20]))
            .pair
            .is_some());
        assert!(see(&mut s, e, 2001, &bytes(e, 2, 0x100, 2, 8, &[0; 20]))
            .pair
            .is_none());
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
