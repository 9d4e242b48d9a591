//! Pairing and direction where the truth is known by construction.
//!
//! In a scratch network namespace a client sends rtnetlink requests from three
//! sockets that use the same sequence numbers (with pid 0, as iproute2 does, and with
//! their own port, as libnl does): with and without `NLM_F_ACK` and `NLM_F_ECHO`,
//! requests that succeed and that fail (capped ACKs: `NETLINK_CAP_ACK`; extended
//! ACKs: `NETLINK_EXT_ACK`), a GET, dumps (one read while another socket works), and a
//! nexthop, whose notifications copy the request's flags, `NLM_F_REQUEST` included.
//! Two listeners record the multicast notifications. The kernel here has no nlmon, so
//! the test records every message it sent and received itself, as nlmon would: one
//! record per skb, a multicast notification once per receiving socket, in the order
//! the kernel made them (a dump's next part is made when its previous part is read:
//! its record is placed there). Which request each message answers or was caused by,
//! and each message's direction, is known from which socket sent what when. nlscope
//! decodes the capture and must get every pair and direction right.
//!
//! Needs root and `ip netns`; without them it says why and passes. With
//! `PAIRING_LIVE_DEBUG=FILE` the capture is kept in FILE and every record printed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "common/live.rs"]
mod live;

use netlink_sys::{Socket, SocketAddr};
use nlscope::families::decode::Direction;
use nlscope::flow::walk::{EndianMode, Event, RecordIn, Walker};
use nlscope::record::pcapwrite::{
    nlmon_header, CaptureWriter, Format, Record, DEFAULT_SNAPLEN, PACKET_OUTGOING,
};
use nlscope::record::read_all;
use std::time::Duration;

const NETLINK_ROUTE: u16 = 0;
const NLM_F_REQUEST: u16 = 0x1;
const NLM_F_MULTI: u16 = 0x2;
const NLM_F_ACK: u16 = 0x4;
const NLM_F_ECHO: u16 = 0x8;
const NLM_F_DUMP: u16 = 0x300;
const NLM_F_EXCL: u16 = 0x200;
const NLM_F_CREATE: u16 = 0x400;
const NLMSG_ERROR: u16 = 2;
const NLMSG_DONE: u16 = 3;
const RTM_NEWLINK: u16 = 16;
const RTM_DELLINK: u16 = 17;
const RTM_GETLINK: u16 = 18;
const RTM_NEWADDR: u16 = 20;
const RTM_GETADDR: u16 = 22;
const RTM_NEWNEXTHOP: u16 = 104;
const RTM_DELNEXTHOP: u16 = 105;
const IFLA_IFNAME: u16 = 3;
const IFLA_LINK: u16 = 5;
const IFLA_LINKINFO: u16 = 18;
const IFLA_INFO_KIND: u16 = 1;
const IFLA_INFO_DATA: u16 = 2;
const IFLA_VLAN_ID: u16 = 1;
const IFA_LOCAL: u16 = 2;
const NHA_ID: u16 = 1;
const NHA_BLACKHOLE: u16 = 4;
const AF_INET: u8 = 2;
const RTNLGRP_LINK: u32 = 1;
const RTNLGRP_IPV4_IFADDR: u32 = 5;
const RTNLGRP_NEXTHOP: u32 = 32;
/// A small receive buffer: the kernel sizes dump parts by it, so a link dump
/// comes in several parts.
const RECV_LEN: usize = 8192;

/// Which request a message answers or was caused by: (frame, index).
type At = (u64, u32);

/// What the test knows about one message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Truth {
    direction: Direction,
    pair: Option<At>,
}

/// A netlink message, native byte order, lengths filled in.
fn msg(ty: u16, flags: u16, seq: u32, pid: u32, fixed: &[u8], attrs: &[u8]) -> Vec<u8> {
    let len = 16 + fixed.len() + attrs.len();
    let mut v = Vec::with_capacity(len);
    v.extend_from_slice(&(len as u32).to_ne_bytes());
    v.extend_from_slice(&ty.to_ne_bytes());
    v.extend_from_slice(&flags.to_ne_bytes());
    v.extend_from_slice(&seq.to_ne_bytes());
    v.extend_from_slice(&pid.to_ne_bytes());
    v.extend_from_slice(fixed);
    v.extend_from_slice(attrs);
    v
}

/// One attribute, padded.
fn attr(ty: u16, value: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(&((4 + value.len()) as u16).to_ne_bytes());
    v.extend_from_slice(&ty.to_ne_bytes());
    v.extend_from_slice(value);
    while v.len() % 4 != 0 {
        v.push(0);
    }
    v
}

fn name(s: &str) -> Vec<u8> {
    let mut v = s.as_bytes().to_vec();
    v.push(0);
    attr(IFLA_IFNAME, &v)
}

fn bridge(n: &str) -> Vec<u8> {
    let mut a = name(n);
    a.extend(attr(IFLA_LINKINFO, &attr(IFLA_INFO_KIND, b"bridge\0")));
    a
}

const IFINFOMSG: [u8; 16] = [0; 16];

/// Header fields of a message at the start of `b`.
fn hdr(b: &[u8]) -> (u32, u16, u16, u32, u32) {
    let u32_ = |at: usize| u32::from_ne_bytes(b[at..at + 4].try_into().unwrap());
    let u16_ = |at: usize| u16::from_ne_bytes(b[at..at + 2].try_into().unwrap());
    (u32_(0), u16_(4), u16_(6), u32_(8), u32_(12))
}

/// Every message header in a datagram.
fn headers(mut b: &[u8]) -> Vec<(u32, u16, u16, u32, u32)> {
    let mut out = Vec::new();
    while b.len() >= 16 {
        let h = hdr(b);
        out.push(h);
        let next = ((h.0 as usize + 3) & !3).min(b.len());
        b = &b[next..];
    }
    out
}

struct Client {
    sock: Socket,
    port: u32,
    /// The request this socket sent last: (frame, seq, is a GET).
    current: Option<(u64, u32, bool)>,
    /// The record reserved for this socket's next datagram (a dump part the kernel
    /// made when the previous one was read).
    reserved: Option<usize>,
}

fn open(groups: &[u32], cap_ack: bool, ext_ack: bool) -> Client {
    let mut sock = Socket::new(NETLINK_ROUTE as isize).unwrap();
    let addr = sock.bind_auto().unwrap();
    sock.set_non_blocking(true).unwrap();
    sock.set_cap_ack(cap_ack).unwrap();
    sock.set_ext_ack(ext_ack).unwrap();
    for g in groups {
        sock.add_membership(*g).unwrap();
    }
    Client {
        sock,
        port: addr.port_number(),
        current: None,
        reserved: None,
    }
}

/// The recording: one slot per record, in the kernel's order.
#[derive(Default)]
struct Recorder {
    records: Vec<Option<(Vec<u8>, Vec<Truth>)>>,
    /// One line per request sent: frame, socket port, type, flags, seq.
    log: Vec<String>,
}

impl Recorder {
    fn push(&mut self, data: Vec<u8>, truth: Vec<Truth>) -> usize {
        self.records.push(Some((data, truth)));
        self.records.len() - 1
    }
}

struct Lab {
    rec: Recorder,
    clients: Vec<Client>,
    listeners: Vec<Client>,
}

impl Lab {
    /// Client `c` sends `m`; then whatever the kernel made is read: the listeners'
    /// notifications first (the kernel multicasts a change before it answers), then
    /// the client's own queue, until its answer is complete or, with `pause`, after
    /// one datagram (a dump left half-read while other sockets work).
    fn send(&mut self, c: usize, m: Vec<u8>, pause: bool) {
        let (_, ty, flags, seq, _) = hdr(&m);
        let frame = self.rec.records.len() as u64 + 1;
        let is_get = ty & 3 == 2 && ty >= 16;
        let n = m.len();
        self.rec.log.push(format!(
            "#{frame} socket {} type {ty} flags {flags:#x} seq {seq}",
            self.clients[c].port
        ));
        self.rec.push(
            m.clone(),
            vec![Truth {
                direction: Direction::Request,
                pair: None,
            }],
        );
        let sent = self.clients[c]
            .sock
            .send_to(&m, &SocketAddr::new(0, 0), 0)
            .unwrap();
        assert_eq!(sent, n);
        self.clients[c].current = Some((frame, seq, is_get));
        if flags & NLM_F_DUMP == NLM_F_DUMP && is_get {
            // The first part is made while the request is handled.
            self.clients[c].reserved = Some(self.rec.push(Vec::new(), Vec::new()));
        }
        self.drain_listeners(c);
        self.read_client(c, pause);
    }

    fn drain_listeners(&mut self, c: usize) {
        let (req_frame, seq, _) = self.clients[c].current.unwrap();
        let port = self.clients[c].port;
        // Round robin: each notification reaches every listener in turn.
        loop {
            let mut any = false;
            for l in 0..self.listeners.len() {
                let Some(d) = recv(&self.listeners[l].sock) else {
                    continue;
                };
                any = true;
                let truth = headers(&d)
                    .iter()
                    .map(|h| Truth {
                        direction: Direction::Notification,
                        pair: (h.4 == port && h.3 == seq).then_some((req_frame, 0)),
                    })
                    .collect();
                self.rec.push(d, truth);
            }
            if !any {
                break;
            }
        }
    }

    fn read_client(&mut self, c: usize, pause: bool) {
        let (req_frame, seq, is_get) = self.clients[c].current.unwrap();
        let mut idle = 0;
        loop {
            let Some(d) = recv(&self.clients[c].sock) else {
                // Nothing more: a request without ACK that succeeded, or an answer
                // still on its way.
                idle += 1;
                if idle > 20 {
                    break;
                }
                std::thread::sleep(Duration::from_millis(5));
                continue;
            };
            let hs = headers(&d);
            let done = hs
                .iter()
                .any(|h| h.3 == seq && (h.1 == NLMSG_ERROR || h.1 == NLMSG_DONE));
            let multi = hs.iter().any(|h| h.2 & NLM_F_MULTI != 0);
            let truth = hs
                .iter()
                .map(|h| Truth {
                    direction: if is_get || h.1 == NLMSG_ERROR || h.1 == NLMSG_DONE {
                        Direction::Reply
                    } else {
                        // NLM_F_ECHO: the change's notification, sent to the requester.
                        Direction::Notification
                    },
                    pair: Some((req_frame, 0)),
                })
                .collect();
            match self.clients[c].reserved.take() {
                Some(slot) => self.rec.records[slot] = Some((d, truth)),
                None => {
                    self.rec.push(d, truth);
                }
            }
            if multi && !done {
                // Reading this part made the kernel make the next one.
                self.clients[c].reserved = Some(self.rec.push(Vec::new(), Vec::new()));
            }
            if done || (is_get && !multi) {
                break;
            }
            if pause {
                break;
            }
        }
    }
}

/// One datagram, or None when the queue is empty.
fn recv(sock: &Socket) -> Option<Vec<u8>> {
    let mut buf = Vec::with_capacity(RECV_LEN);
    match sock.recv(&mut buf, 0) {
        Ok(_) => Some(buf),
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => None,
        Err(e) => panic!("recv: {e}"),
    }
}

/// Runs the scenario in namespace `ns` and returns the records with their truth.
fn scenario(ns: &str) -> Recorder {
    nlscope::os::netns::enter(ns).unwrap();
    let listeners = vec![
        open(
            &[RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_NEXTHOP],
            false,
            false,
        ),
        open(&[RTNLGRP_LINK, RTNLGRP_NEXTHOP], false, false),
    ];
    // a: extended ACKs, full echo on error; b: capped ACKs with extended ACKs;
    // c: neither.
    let clients = vec![
        open(&[], false, true),
        open(&[], true, true),
        open(&[], false, false),
    ];
    let (a, b, c) = (0, 1, 2);
    let pa = clients[a].port;
    let mut lab = Lab {
        rec: Recorder::default(),
        clients,
        listeners,
    };
    let new = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
    // seq 1 from every socket, pid 0: two successes, then EEXIST uncapped and capped.
    lab.send(
        a,
        msg(RTM_NEWLINK, new, 1, 0, &IFINFOMSG, &bridge("pa0")),
        false,
    );
    lab.send(
        b,
        msg(RTM_NEWLINK, new, 1, 0, &IFINFOMSG, &bridge("pb0")),
        false,
    );
    lab.send(
        c,
        msg(RTM_NEWLINK, new, 1, 0, &IFINFOMSG, &bridge("pa0")),
        false,
    );
    lab.send(
        b,
        msg(RTM_NEWLINK, new, 1, 0, &IFINFOMSG, &bridge("pa0")),
        false,
    );
    // seq 2: a change without ACK that succeeds (no answer), then another socket's
    // GET with the same seq, then a failing GET without ACK (answered by an error).
    let quiet = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
    lab.send(
        a,
        msg(RTM_NEWLINK, quiet, 2, 0, &IFINFOMSG, &bridge("pa1")),
        false,
    );
    lab.send(
        c,
        msg(RTM_GETLINK, NLM_F_REQUEST, 2, 0, &IFINFOMSG, &name("pa1")),
        false,
    );
    lab.send(
        b,
        msg(RTM_GETLINK, NLM_F_REQUEST, 2, 0, &IFINFOMSG, &name("nope")),
        false,
    );
    // seq 3: a link dump by a (its own port in nlmsg_pid, as libnl does), read one
    // part at a time while b deletes a link with ECHO and c adds one with ECHO.
    let dump = NLM_F_REQUEST | NLM_F_DUMP;
    lab.send(a, msg(RTM_GETLINK, dump, 3, pa, &IFINFOMSG, &[]), true);
    lab.send(
        b,
        msg(
            RTM_DELLINK,
            NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO,
            3,
            0,
            &IFINFOMSG,
            &name("pb0"),
        ),
        false,
    );
    lab.read_client(a, true);
    lab.send(
        c,
        msg(
            RTM_NEWLINK,
            new | NLM_F_ECHO,
            3,
            0,
            &IFINFOMSG,
            &bridge("pc0"),
        ),
        false,
    );
    lab.read_client(a, false);
    // seq 4: an address on a missing interface (ENODEV, capped, extended ACK), an
    // address dump, a VLAN (not built in here: "Unknown device type"; elsewhere the
    // invalid id: ERANGE), full echo, extended ACK.
    let mut ifa = vec![AF_INET, 24, 0, 0];
    ifa.extend(9999u32.to_ne_bytes());
    lab.send(
        b,
        msg(
            RTM_NEWADDR,
            new,
            4,
            0,
            &ifa,
            &attr(IFA_LOCAL, &[10, 9, 0, 1]),
        ),
        false,
    );
    lab.send(
        c,
        msg(
            RTM_GETADDR,
            dump,
            4,
            0,
            &[AF_INET, 0, 0, 0, 0, 0, 0, 0],
            &[],
        ),
        false,
    );
    let mut vlan = name("bad0");
    vlan.extend(attr(IFLA_LINK, &1u32.to_ne_bytes()));
    let mut info = attr(IFLA_INFO_KIND, b"vlan\0");
    info.extend(attr(
        IFLA_INFO_DATA,
        &attr(IFLA_VLAN_ID, &4095u16.to_ne_bytes()),
    ));
    vlan.extend(attr(IFLA_LINKINFO, &info));
    lab.send(a, msg(RTM_NEWLINK, new, 4, 0, &IFINFOMSG, &vlan), false);
    // seq 5: a nexthop added and removed; its notifications copy the request's flags
    // (NLM_F_REQUEST included) and carry the requester's port.
    let mut nh = attr(NHA_ID, &7u32.to_ne_bytes());
    nh.extend(attr(NHA_BLACKHOLE, &[]));
    lab.send(
        c,
        msg(
            RTM_NEWNEXTHOP,
            new,
            5,
            0,
            &[AF_INET, 0, 0, 0, 0, 0, 0, 0],
            &nh,
        ),
        false,
    );
    lab.send(
        b,
        msg(
            RTM_DELNEXTHOP,
            NLM_F_REQUEST | NLM_F_ACK,
            5,
            0,
            &[0; 8],
            &attr(NHA_ID, &7u32.to_ne_bytes()),
        ),
        false,
    );
    // a, with its own port in nlmsg_pid, deletes a link; b deletes another, seq 5 too.
    lab.send(
        a,
        msg(
            RTM_DELLINK,
            NLM_F_REQUEST | NLM_F_ACK,
            5,
            pa,
            &IFINFOMSG,
            &name("pa1"),
        ),
        false,
    );
    lab.send(
        b,
        msg(
            RTM_DELLINK,
            NLM_F_REQUEST | NLM_F_ACK,
            5,
            0,
            &IFINFOMSG,
            &name("pc0"),
        ),
        false,
    );
    // seq 6, pid 0 everywhere: a's link dump stays half-read while b's request with
    // the same seq and pid fails and c's GET with the same seq and pid is answered.
    lab.send(a, msg(RTM_GETLINK, dump, 6, 0, &IFINFOMSG, &[]), true);
    lab.send(
        b,
        msg(RTM_NEWLINK, new, 6, 0, &IFINFOMSG, &bridge("pbr0")),
        false,
    );
    lab.send(
        c,
        msg(RTM_GETLINK, NLM_F_REQUEST, 6, 0, &IFINFOMSG, &name("pbr1")),
        false,
    );
    lab.read_client(a, false);
    // Late notifications (link state changes the kernel makes afterwards).
    std::thread::sleep(Duration::from_millis(50));
    lab.clients[a].current = Some((0, u32::MAX, false));
    lab.drain_listeners(a);
    lab.rec
}

#[test]
fn every_pair_and_direction_is_right() {
    if !live::can_run() {
        return;
    }
    let ns = live::Netns::new();
    // Blackhole nexthops need lo up; a dozen bridges make a link dump come in parts.
    ns.ip("link set lo up");
    for i in 0..12 {
        ns.ip(&format!("link add pbr{i} type bridge"));
    }
    let name = ns.0.clone();
    let rec = std::thread::spawn(move || scenario(&name)).join().unwrap();
    drop(ns);

    // Write the capture as nlmon would, then decode it with nlscope.
    let mut w = CaptureWriter::new(Vec::new(), Format::Pcap, DEFAULT_SNAPLEN).unwrap();
    let mut truth = Vec::new();
    for (i, r) in rec.records.iter().enumerate() {
        let (data, t) = r
            .as_ref()
            .unwrap_or_else(|| panic!("record {} never filled", i + 1));
        assert!(!data.is_empty(), "record {} empty", i + 1);
        let mut bytes = nlmon_header(PACKET_OUTGOING, NETLINK_ROUTE).to_vec();
        bytes.extend_from_slice(data);
        w.write(&Record {
            ts: Duration::from_micros(1_800_000_000_000_000 + i as u64),
            data: &bytes,
            nsid: None,
        })
        .unwrap();
        for (index, t) in (0u32..).zip(t) {
            truth.push(((i as u64 + 1, index), *t));
        }
    }
    let file = w.into_inner();
    if let Some(path) = std::env::var_os("PAIRING_LIVE_DEBUG") {
        std::fs::write(path, &file).unwrap();
    }
    let mut got = Vec::new();
    let mut walker = Walker::new(EndianMode::Auto);
    for r in read_all(&file).unwrap() {
        let r = r.unwrap();
        walker
            .record(RecordIn::from_capture(&r), |ev| {
                if let Event::Message(item) = ev {
                    got.push((
                        (item.frame, item.index),
                        Truth {
                            direction: item.info.direction,
                            pair: item.info.pair.map(|p| (p.request_frame, p.request_index)),
                        },
                    ));
                }
                Ok::<(), ()>(())
            })
            .unwrap();
    }
    assert_eq!(got.len(), truth.len(), "messages decoded");
    let pairs = truth.iter().filter(|(_, t)| t.pair.is_some()).count();
    let requests = truth
        .iter()
        .filter(|(_, t)| t.direction == Direction::Request)
        .count();
    let mut wrong = Vec::new();
    for ((at, want), (at2, have)) in truth.iter().zip(&got) {
        assert_eq!(at, at2);
        if want != have {
            wrong.push(format!(
                "#{}.{}: want {want:?}, nlscope {have:?}",
                at.0, at.1
            ));
        }
    }
    let right_pairs = truth
        .iter()
        .zip(&got)
        .filter(|((_, w), (_, h))| w.pair.is_some() && w.pair == h.pair)
        .count();
    let right_dirs = truth
        .iter()
        .zip(&got)
        .filter(|((_, w), (_, h))| w.direction == h.direction)
        .count();
    println!("{}", rec.log.join("\n"));
    if std::env::var_os("PAIRING_LIVE_DEBUG").is_some() {
        for (i, r) in rec.records.iter().enumerate() {
            let (d, t) = r.as_ref().unwrap();
            println!("#{} {:?} {:?}", i + 1, headers(d), t);
        }
    }
    println!(
        "{} records, {} messages ({requests} requests): pairs {right_pairs}/{pairs} right, \
         directions {right_dirs}/{} right",
        rec.records.len(),
        truth.len(),
        truth.len()
    );
    for w in &wrong {
        println!("  {w}");
    }
    // The scenario did what it is meant to: errors both capped and not, dumps in
    // several parts, notifications that copy NLM_F_REQUEST.
    let all: Vec<_> = rec
        .records
        .iter()
        .flatten()
        .flat_map(|(d, _)| headers(d))
        .collect();
    assert!(all
        .iter()
        .any(|h| h.1 == NLMSG_ERROR && h.2 & 0x100 != 0 && h.0 == 36));
    assert!(all
        .iter()
        .any(|h| h.1 == NLMSG_ERROR && h.2 & 0x100 == 0 && h.0 > 36));
    assert!(all.iter().any(|h| h.1 == NLMSG_ERROR && h.2 & 0x200 != 0));
    assert!(all.iter().filter(|h| h.1 == NLMSG_DONE).count() >= 2);
    assert!(pairs >= 20, "only {pairs} paired messages");
    assert!(wrong.is_empty(), "{} of {} wrong", wrong.len(), truth.len());
}
