//! Tests of `nlscope::record` against real captures and synthetic files built by a small
//! writer below (byte order a parameter, lengths and padding filled in).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Read;

use nlscope::record::{
    read_all, BlockProblem, CaptureError, CaptureReader, Endian, ErrorKind, Format, LinkType, Part,
    Precision, Record, SliceReader, Timestamp, ARPHRD_NETLINK,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------
// A small capture writer.

/// Bytes of `v` in `e`.
fn put16(out: &mut Vec<u8>, e: Endian, v: u16) {
    out.extend_from_slice(&match e {
        Endian::Little => v.to_le_bytes(),
        Endian::Big => v.to_be_bytes(),
    });
}
fn put32(out: &mut Vec<u8>, e: Endian, v: u32) {
    out.extend_from_slice(&match e {
        Endian::Little => v.to_le_bytes(),
        Endian::Big => v.to_be_bytes(),
    });
}
fn put64(out: &mut Vec<u8>, e: Endian, v: u64) {
    out.extend_from_slice(&match e {
        Endian::Little => v.to_le_bytes(),
        Endian::Big => v.to_be_bytes(),
    });
}

/// The 16-byte header nlmon (and LINUX_SLL) writes: big-endian whatever the file order.
fn sll_header(arphrd: u16, protocol: u16) -> Vec<u8> {
    let mut h = vec![0, 4];
    h.extend_from_slice(&arphrd.to_be_bytes());
    h.extend_from_slice(&[0; 10]);
    h.extend_from_slice(&protocol.to_be_bytes());
    h
}

/// The 20-byte LINUX_SLL2 header.
fn sll2_header(arphrd: u16, protocol: u16) -> Vec<u8> {
    let mut h = protocol.to_be_bytes().to_vec();
    h.extend_from_slice(&[0, 0, 0, 0, 0, 7]); // reserved, interface index 7
    h.extend_from_slice(&arphrd.to_be_bytes());
    h.extend_from_slice(&[4, 0]); // PACKET_OUTGOING, address length 0
    h.extend_from_slice(&[0; 8]);
    h
}

/// A netlink message of `len` bytes (host order: little-endian here), recognisable by `seq`.
fn nlmsg(len: u32, seq: u32) -> Vec<u8> {
    let mut m = len.to_le_bytes().to_vec();
    m.extend_from_slice(&[16, 0, 1, 0]);
    m.extend_from_slice(&seq.to_le_bytes());
    m.extend_from_slice(&[0; 4]);
    m.resize(len as usize, 0xab);
    m
}

/// A capture being written, with the byte ranges of its units (file header, records, blocks).
struct Writer {
    e: Endian,
    bytes: Vec<u8>,
    /// (start, end, is a packet record) of every unit.
    units: Vec<(usize, usize, bool)>,
}

impl Writer {
    fn unit(&mut self, bytes: Vec<u8>, packet: bool) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(&bytes);
        self.units.push((start, self.bytes.len(), packet));
    }

    fn pcap(e: Endian, precision: Precision, snaplen: u32, link: u32) -> Self {
        let mut w = Writer {
            e,
            bytes: Vec::new(),
            units: Vec::new(),
        };
        let mut h = Vec::new();
        let magic = match precision {
            Precision::Micro => 0xa1b2_c3d4,
            Precision::Nano => 0xa1b2_3c4d,
        };
        put32(&mut h, e, magic);
        put16(&mut h, e, 2);
        put16(&mut h, e, 4);
        put32(&mut h, e, 0);
        put32(&mut h, e, 0);
        put32(&mut h, e, snaplen);
        put32(&mut h, e, link);
        w.unit(h, false);
        w
    }

    /// A pcap record of `data`, cut to `caplen` bytes when given.
    fn record(&mut self, sec: u32, frac: u32, data: &[u8], caplen: Option<usize>) -> &mut Self {
        let cap = caplen.unwrap_or(data.len());
        let mut r = Vec::new();
        put32(&mut r, self.e, sec);
        put32(&mut r, self.e, frac);
        put32(&mut r, self.e, cap as u32);
        put32(&mut r, self.e, data.len() as u32);
        r.extend_from_slice(&data[..cap]);
        self.unit(r, true);
        self
    }

    fn pcapng(e: Endian) -> Self {
        let mut w = Writer {
            e,
            bytes: Vec::new(),
            units: Vec::new(),
        };
        w.shb(e);
        w
    }

    /// A block: type, total length, body padded to 4, total length.
    fn block(&mut self, block_type: u32, body: &[u8], packet: bool) -> &mut Self {
        let mut body = body.to_vec();
        body.resize(body.len().div_ceil(4) * 4, 0);
        let total = body.len() as u32 + 12;
        let mut b = Vec::new();
        put32(&mut b, self.e, block_type);
        put32(&mut b, self.e, total);
        b.extend_from_slice(&body);
        put32(&mut b, self.e, total);
        self.unit(b, packet);
        self
    }

    /// Options, each padded to 4, then opt_endofopt.
    fn options(&self, opts: &[(u16, Vec<u8>)]) -> Vec<u8> {
        let mut o = Vec::new();
        if opts.is_empty() {
            return o;
        }
        for (code, value) in opts {
            put16(&mut o, self.e, *code);
            put16(&mut o, self.e, value.len() as u16);
            o.extend_from_slice(value);
            o.resize(o.len().div_ceil(4) * 4, 0);
        }
        o.extend_from_slice(&[0; 4]);
        o
    }

    /// A new section in byte order `e`.
    fn shb(&mut self, e: Endian) -> &mut Self {
        self.e = e;
        let mut body = Vec::new();
        put32(&mut body, e, 0x1A2B_3C4D);
        put16(&mut body, e, 1);
        put16(&mut body, e, 0);
        put64(&mut body, e, u64::MAX);
        self.block(0x0A0D_0D0A, &body, false)
    }

    fn idb(&mut self, link: u16, snaplen: u32, opts: &[(u16, Vec<u8>)]) -> &mut Self {
        let mut body = Vec::new();
        put16(&mut body, self.e, link);
        put16(&mut body, self.e, 0);
        put32(&mut body, self.e, snaplen);
        body.extend_from_slice(&self.options(opts));
        self.block(1, &body, false)
    }

    fn epb(
        &mut self,
        iface: u32,
        units: u64,
        data: &[u8],
        caplen: Option<usize>,
        comment: Option<&str>,
    ) -> &mut Self {
        let cap = caplen.unwrap_or(data.len());
        let mut body = Vec::new();
        put32(&mut body, self.e, iface);
        put32(&mut body, self.e, (units >> 32) as u32);
        put32(&mut body, self.e, units as u32);
        put32(&mut body, self.e, cap as u32);
        put32(&mut body, self.e, data.len() as u32);
        body.extend_from_slice(&data[..cap]);
        body.resize(body.len().div_ceil(4) * 4, 0);
        let opts: Vec<(u16, Vec<u8>)> = comment
            .map(|c| (1, c.as_bytes().to_vec()))
            .into_iter()
            .collect();
        body.extend_from_slice(&self.options(&opts));
        self.block(6, &body, true)
    }

    fn spb(&mut self, data: &[u8]) -> &mut Self {
        let mut body = Vec::new();
        put32(&mut body, self.e, data.len() as u32);
        body.extend_from_slice(data);
        self.block(3, &body, true)
    }
}

fn nlmon(protocol: u16, msg: &[u8]) -> Vec<u8> {
    let mut r = sll_header(ARPHRD_NETLINK, protocol);
    r.extend_from_slice(msg);
    r
}

/// A Read that hands out at most one byte per call, with an `Interrupted` before each.
struct Trickle<'a> {
    data: &'a [u8],
    interrupt: bool,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.interrupt = !self.interrupt;
        if self.interrupt {
            return Err(std::io::ErrorKind::Interrupted.into());
        }
        match (self.data.split_first(), buf.first_mut()) {
            (Some((b, rest)), Some(slot)) => {
                *slot = *b;
                self.data = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

/// An owned copy of what a record says, to compare readers.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Owned {
    frame: u64,
    ts: Timestamp,
    orig_len: u32,
    caplen: u32,
    link: (LinkType, u16, u16, u16),
    payload: Vec<u8>,
    truncated: bool,
    interface: u32,
    comment: Option<String>,
}

impl From<Record<'_>> for Owned {
    fn from(r: Record<'_>) -> Self {
        Owned {
            frame: r.frame,
            ts: r.ts,
            orig_len: r.orig_len,
            caplen: r.caplen,
            link: (
                r.link.link_type,
                r.link.packet_type,
                r.link.arphrd,
                r.link.protocol,
            ),
            payload: r.payload.to_vec(),
            truncated: r.truncated,
            interface: r.interface,
            comment: r.comment.map(str::to_owned),
        }
    }
}

/// Everything a reader gives: its records, then the error it stopped with (from `new` or
/// from iterating), plus the skipped count. Checks the reader stays finished.
type Outcome = (Vec<Owned>, Option<CaptureError>, u64);

fn via_slice(bytes: &[u8]) -> Outcome {
    let mut r = match SliceReader::new(bytes) {
        Ok(r) => r,
        Err(e) => return (Vec::new(), Some(e), 0),
    };
    let mut out = Vec::new();
    let mut err = None;
    for item in r.by_ref() {
        match item {
            Ok(rec) => out.push(Owned::from(rec)),
            Err(e) => {
                // Only a record error lets reading go on; the first error is kept.
                assert!(
                    err.is_none_or(|e: CaptureError| e.is_record_error()),
                    "an error after {err:?}"
                );
                err.get_or_insert(e);
            }
        }
    }
    assert!(r.next().is_none(), "the reader must stay finished");
    (out, err, r.skipped_records())
}

fn via_stream<R: Read>(reader: R) -> Outcome {
    let mut r = match CaptureReader::new(reader) {
        Ok(r) => r,
        Err(e) => return (Vec::new(), Some(e), 0),
    };
    let mut out = Vec::new();
    let mut err = None;
    while let Some(item) = r.next_record() {
        match item {
            Ok(rec) => out.push(Owned::from(rec)),
            Err(e) => {
                // Only a record error lets reading go on; the first error is kept.
                assert!(
                    err.is_none_or(|e: CaptureError| e.is_record_error()),
                    "an error after {err:?}"
                );
                err.get_or_insert(e);
            }
        }
    }
    assert!(r.next_record().is_none(), "the reader must stay finished");
    (out, err, r.skipped_records())
}

// ---------------------------------------------------------------------------------------
// Real captures.

const CAPTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/captures");

/// The bytes of `../shared/captures/<name>`, or `None` (with the reason on stderr).
fn capture(name: &str) -> Option<Vec<u8>> {
    let path = format!("{CAPTURES}/{name}");
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            eprintln!("skipped: {path}: {e} (the shared captures are not beside this checkout)");
            None
        }
    }
}

/// Packet counts from `tshark -r FILE -T fields -e frame.number | wc -l` (tshark 4.0.17).
const REAL: &[(&str, usize)] = &[
    ("vm/genl-diag.pcap", 550),
    ("vm/nf-xfrm.pcap", 321),
    ("vm/rtnl-basic.pcap", 680),
    ("vm/rtnl-basic.pcapng", 680),
    ("vm/rtnl-churn.pcap", 8939),
    ("host/dumps-k6.18.pcap", 27),
    ("host/errors-k6.18.pcap", 4),
    ("host/listener-k6.18.pcap", 81),
];

#[test]
fn real_captures_read_whole() {
    for &(name, count) in REAL {
        let Some(bytes) = capture(name) else { return };
        let (records, err, skipped) = via_slice(&bytes);
        assert_eq!(err, None, "{name}");
        assert_eq!(records.len(), count, "{name}");
        assert_eq!(skipped, 0, "{name}");
        for (i, r) in records.iter().enumerate() {
            assert_eq!(r.frame, i as u64 + 1, "{name}");
            assert_eq!(r.link.0, LinkType::NETLINK, "{name}");
            assert_eq!(r.link.2, ARPHRD_NETLINK, "{name} frame {}", r.frame);
            assert!(!r.truncated, "{name} frame {}", r.frame);
            assert_eq!(r.payload.len() + 16, r.caplen as usize, "{name}");
            // The first nlmsg_len (little-endian: x86 captures) fits the record.
            let len = u32::from_le_bytes(r.payload[..4].try_into().unwrap()) as usize;
            assert!(
                (16..=r.payload.len()).contains(&len),
                "{name} frame {}: nlmsg_len {len}",
                r.frame
            );
        }
        // The streaming reader over the file gives the same.
        let file = std::fs::File::open(format!("{CAPTURES}/{name}")).unwrap();
        assert_eq!(via_stream(file), (records, None, 0), "{name}");
    }
}

#[test]
fn real_capture_timestamps_match_tshark() {
    // `tshark -r FILE -T fields -e frame.number -e frame.time_epoch -e frame.len`, first and last.
    let cases = [
        (
            "vm/rtnl-basic.pcap",
            "1795608964.263155000",
            56,
            "1795608971.629390000",
            36,
        ),
        (
            "vm/rtnl-basic.pcapng",
            "1795608964.263155000",
            56,
            "1795608971.629390000",
            36,
        ),
        (
            "vm/rtnl-churn.pcap",
            "1795608980.979844000",
            48,
            "1795609000.017523000",
            36,
        ),
        (
            "host/errors-k6.18.pcap",
            "1795607503.000000000",
            48,
            "1795607503.000003000",
            136,
        ),
    ];
    for (name, first_ts, first_len, last_ts, last_len) in cases {
        let Some(bytes) = capture(name) else { return };
        let (records, _, _) = via_slice(&bytes);
        let (first, last) = (records.first().unwrap(), records.last().unwrap());
        assert_eq!(
            (first.ts.to_string().as_str(), first.orig_len),
            (first_ts, first_len),
            "{name}"
        );
        assert_eq!(
            (last.ts.to_string().as_str(), last.orig_len),
            (last_ts, last_len),
            "{name}"
        );
    }
}

#[test]
fn rtnl_basic_pcap_and_pcapng_agree() {
    let (Some(pcap), Some(pcapng)) = (
        capture("vm/rtnl-basic.pcap"),
        capture("vm/rtnl-basic.pcapng"),
    ) else {
        return;
    };
    let a = read_all(&pcap).unwrap();
    let b = read_all(&pcapng).unwrap();
    assert_eq!(
        a.format(),
        Format::Pcap {
            endian: Endian::Little,
            precision: Precision::Micro
        }
    );
    assert_eq!(
        b.format(),
        Format::PcapNg {
            endian: Endian::Little
        }
    );
    assert_eq!(
        (a.link_type(), b.link_type()),
        (Some(LinkType::NETLINK), Some(LinkType::NETLINK))
    );
    assert_eq!((a.snaplen(), b.snaplen()), (Some(262_144), Some(262_144)));
    let a: Vec<Owned> = a.map(|r| r.unwrap().into()).collect();
    let b: Vec<Owned> = b.map(|r| r.unwrap().into()).collect();
    assert_eq!(a.len(), 680);
    assert_eq!(a, b);
    // Families: `tshark -r vm/rtnl-basic.pcap -T fields -e netlink.family | sort | uniq -c`
    // gives ROUTE 638, SOCK_DIAG 42 (captures/README.md).
    let route = a.iter().filter(|r| r.link.3 == 0).count();
    let diag = a.iter().filter(|r| r.link.3 == 4).count();
    assert_eq!((route, diag), (638, 42));
}

#[test]
fn real_capture_through_one_byte_reads() {
    let Some(bytes) = capture("vm/rtnl-basic.pcapng") else {
        return;
    };
    let expected = via_slice(&bytes);
    assert_eq!(
        via_stream(Trickle {
            data: &bytes,
            interrupt: false
        }),
        expected
    );
}

#[test]
fn third_party_big_endian_pcap() {
    let Some(bytes) = capture("third-party/two_packets_be.pcap") else {
        return;
    };
    let r = read_all(&bytes).unwrap();
    assert_eq!(
        r.format(),
        Format::Pcap {
            endian: Endian::Big,
            precision: Precision::Micro
        }
    );
    let records: Vec<Owned> = r.map(|r| r.unwrap().into()).collect();
    // `tshark -r two_packets_be.pcap -T fields -e frame.time_epoch -e frame.len`
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].ts.to_string(), "1489398119.206131000");
    assert_eq!((records[0].orig_len, records[1].orig_len), (36, 272));
    // Big-endian pcap headers, little-endian netlink (`tshark -x`): nlmsg_len 0x14, 0x4c.
    assert_eq!(records[0].payload[..4], [0x14, 0, 0, 0]);
    assert_eq!(records[1].payload[..4], [0x4c, 0, 0, 0]);
    assert!(records
        .iter()
        .all(|r| r.link.2 == ARPHRD_NETLINK && r.link.3 == 0));
    let Some(le) = capture("third-party/two_packets_le.pcap") else {
        return;
    };
    let le: Vec<Owned> = read_all(&le).unwrap().map(|r| r.unwrap().into()).collect();
    assert_eq!(le, records);
}

#[test]
fn third_party_npr_capture() {
    let Some(bytes) = capture("third-party/npr_rtnetlink.pcap") else {
        return;
    };
    let (records, err, skipped) = via_slice(&bytes);
    // `tshark -r npr_rtnetlink.pcap -T fields -e frame.number | wc -l`
    assert_eq!((records.len(), err, skipped), (527, None, 0));
}

#[test]
fn third_party_not_netlink() {
    for name in [
        "third-party/1pkt_not_netlink_le.pcap",
        "third-party/1pkt_not_netlink_be.pcap",
    ] {
        let Some(bytes) = capture(name) else { return };
        let err = read_all(&bytes).unwrap_err();
        assert_eq!(
            err.kind,
            ErrorKind::UnsupportedLinkType {
                link_type: LinkType::ETHERNET,
                interface: None
            }
        );
        assert_eq!(
            err.to_string(),
            "link type 1 (ETHERNET) is not netlink: capture on an nlmon device (ip link add nlmon0 type nlmon)"
        );
        let err = CaptureReader::new(&bytes[..]).map(|_| ()).unwrap_err();
        assert_eq!(
            err.kind,
            ErrorKind::UnsupportedLinkType {
                link_type: LinkType::ETHERNET,
                interface: None
            }
        );
    }
}

// ---------------------------------------------------------------------------------------
// Synthetic files.

const ORDERS: [Endian; 2] = [Endian::Little, Endian::Big];

#[test]
fn pcap_all_four_magics() {
    for e in ORDERS {
        for precision in [Precision::Micro, Precision::Nano] {
            let frac = match precision {
                Precision::Micro => 123_456,
                Precision::Nano => 123_456_789,
            };
            let mut w = Writer::pcap(e, precision, 65_535, 253);
            w.record(1_700_000_000, frac, &nlmon(0, &nlmsg(20, 1)), None);
            w.record(
                1_700_000_001,
                0,
                &nlmon(16, &[nlmsg(16, 2), nlmsg(24, 3)].concat()),
                None,
            );
            let r = read_all(&w.bytes).unwrap();
            assert_eq!(
                r.format(),
                Format::Pcap {
                    endian: e,
                    precision
                }
            );
            assert_eq!(
                (r.snaplen(), r.link_type()),
                (Some(65_535), Some(LinkType::NETLINK))
            );
            let (records, err, _) = via_slice(&w.bytes);
            assert_eq!(err, None);
            let nsec = match precision {
                Precision::Micro => 123_456_000,
                Precision::Nano => 123_456_789,
            };
            assert_eq!(
                records[0].ts,
                Timestamp {
                    sec: 1_700_000_000,
                    nsec
                }
            );
            assert_eq!(
                records[1].ts,
                Timestamp {
                    sec: 1_700_000_001,
                    nsec: 0
                }
            );
            assert_eq!(records[0].payload, nlmsg(20, 1));
            assert_eq!((records[1].link.3, records[1].payload.len()), (16, 40));
            assert_eq!((records[1].orig_len, records[1].caplen), (56, 56));
            assert_eq!(via_stream(&w.bytes[..]), (records, None, 0));
        }
    }
}

#[test]
fn snap_length_cut_is_not_an_error() {
    for e in ORDERS {
        let mut w = Writer::pcap(e, Precision::Micro, 40, 253);
        let data = nlmon(0, &nlmsg(100, 1));
        w.record(1, 0, &data, Some(40)).record(2, 0, &data, None);
        let (records, err, _) = via_slice(&w.bytes);
        assert_eq!(err, None);
        assert_eq!(records.len(), 2);
        assert!(records[0].truncated && !records[1].truncated);
        assert_eq!(
            (
                records[0].caplen,
                records[0].orig_len,
                records[0].payload.len()
            ),
            (40, 116, 24)
        );
        assert_eq!(records[0].payload[..], data[16..40]);

        let mut ng = Writer::pcapng(e);
        ng.idb(253, 40, &[]).epb(0, 5, &data, Some(40), None);
        let (records, err, _) = via_slice(&ng.bytes);
        assert_eq!(err, None);
        assert!(records[0].truncated);
        assert_eq!((records[0].caplen, records[0].orig_len), (40, 116));
    }
}

#[test]
fn pcapng_resolutions_offsets_interfaces_comments() {
    for e in ORDERS {
        let mut w = Writer::pcapng(e);
        let tsresol = |r: u8| (9u16, vec![r]);
        let mut tsoffset = Vec::new();
        put64(&mut tsoffset, e, 1_000);
        w.idb(253, 0, &[tsresol(9)]) // nanoseconds
            .idb(253, 0, &[tsresol(0x80 | 20), (14, tsoffset)]) // 2^-20 s, +1000 s
            .idb(253, 0, &[]); // default: microseconds
        let msg = nlmon(16, &nlmsg(20, 1));
        w.epb(
            0,
            1_700_000_000_123_456_789,
            &msg,
            None,
            Some("dump of ifaces"),
        )
        .epb(1, (5 << 20) | (1 << 18), &msg, None, None) // 5.25 s
        .epb(2, 1_700_000_000_000_001, &msg, None, None)
        .block(5, &[0; 8], false) // an interface statistics block: skipped
        .block(0x0BAD, &[1, 2, 3], false) // a custom block: skipped
        .spb(&msg);
        let (records, err, skipped) = via_slice(&w.bytes);
        assert_eq!((err, skipped), (None, 0));
        let ts: Vec<String> = records.iter().map(|r| r.ts.to_string()).collect();
        assert_eq!(
            ts,
            [
                "1700000000.123456789",
                "1005.250000000",
                "1700000000.000001000",
                "0.000000000"
            ]
        );
        assert_eq!(
            records.iter().map(|r| r.interface).collect::<Vec<_>>(),
            [0, 1, 2, 0]
        );
        assert_eq!(
            records.iter().map(|r| r.frame).collect::<Vec<_>>(),
            [1, 2, 3, 4]
        );
        assert_eq!(records[0].comment.as_deref(), Some("dump of ifaces"));
        assert_eq!(records[1].comment, None);
        assert!(records
            .iter()
            .all(|r| r.payload == nlmsg(20, 1).as_slice() && r.link.3 == 16));
        let r = read_all(&w.bytes).unwrap();
        assert_eq!(r.format(), Format::PcapNg { endian: e });
        assert_eq!(
            (r.link_type(), r.snaplen()),
            (Some(LinkType::NETLINK), None)
        );
        assert_eq!(via_stream(&w.bytes[..]), (records, None, 0));
    }
}

#[test]
fn pcapng_sections_change_byte_order_and_interfaces() {
    let msg = nlmon(0, &nlmsg(20, 9));
    let mut w = Writer::pcapng(Endian::Little);
    w.idb(1, 0, &[])
        .idb(253, 0, &[])
        .epb(1, 1_000_000, &msg, None, None)
        .epb(0, 0, &[0; 60], None, None);
    w.shb(Endian::Big)
        .idb(253, 0, &[])
        .epb(0, 2_000_000, &msg, None, None);
    let (records, err, skipped) = via_slice(&w.bytes);
    assert_eq!(err, None);
    // The Ethernet packet (frame 2) is skipped but counted in the frame numbers.
    assert_eq!(skipped, 1);
    assert_eq!(
        records
            .iter()
            .map(|r| (r.frame, r.interface, r.ts.sec))
            .collect::<Vec<_>>(),
        [(1, 1, 1), (3, 0, 2)]
    );
    let mut r = read_all(&w.bytes).unwrap();
    assert_eq!(r.link_type(), Some(LinkType::ETHERNET));
    while r.next().is_some() {}
    assert_eq!(
        r.format(),
        Format::PcapNg {
            endian: Endian::Big
        }
    );
    assert_eq!(r.link_type(), Some(LinkType::NETLINK));
}

#[test]
fn pcapng_without_netlink_interface() {
    for e in ORDERS {
        let mut w = Writer::pcapng(e);
        w.idb(1, 0, &[]).epb(0, 0, &[0; 60], None, None);
        let err = read_all(&w.bytes).unwrap_err();
        assert_eq!(
            err.kind,
            ErrorKind::UnsupportedLinkType {
                link_type: LinkType::ETHERNET,
                interface: Some(0)
            }
        );
        assert_eq!(
            err.to_string(),
            "interface 0: link type 1 (ETHERNET) is not netlink: capture on an nlmon device (ip link add nlmon0 type nlmon)"
        );
        // An interface defined later, after the leading ones: the packet names it.
        let mut w = Writer::pcapng(e);
        w.block(4, &[0; 4], false)
            .idb(228, 0, &[])
            .epb(0, 0, &[0x45; 20], None, None);
        let (records, err, _) = via_slice(&w.bytes);
        assert!(records.is_empty());
        assert_eq!(
            err.unwrap().kind,
            ErrorKind::UnsupportedLinkType {
                link_type: LinkType::IPV4,
                interface: Some(0)
            }
        );
    }
}

#[test]
fn sll_and_sll2_skip_what_is_not_netlink() {
    for e in ORDERS {
        let msg = nlmsg(20, 4);
        // LINUX_SLL on `any`: an Ethernet frame (ARPHRD_ETHER 1) between two netlink ones.
        let mut w = Writer::pcap(e, Precision::Micro, 262_144, 113);
        let mut eth = sll_header(1, 0x0800);
        eth.extend_from_slice(&[0x45; 40]);
        w.record(1, 0, &[sll_header(824, 0), msg.clone()].concat(), None)
            .record(2, 0, &eth, None)
            .record(3, 0, &[sll_header(824, 12), msg.clone()].concat(), None);
        let (records, err, skipped) = via_slice(&w.bytes);
        assert_eq!((err, skipped), (None, 1));
        assert_eq!(
            records
                .iter()
                .map(|r| (r.frame, r.link.3))
                .collect::<Vec<_>>(),
            [(1, 0), (3, 12)]
        );
        assert!(records
            .iter()
            .all(|r| r.link.0 == LinkType::LINUX_SLL && r.payload == msg.as_slice()));
        assert_eq!(via_stream(&w.bytes[..]).2, 1);

        let mut w = Writer::pcap(e, Precision::Nano, 262_144, 276);
        let mut eth = sll2_header(1, 0x0800);
        eth.extend_from_slice(&[0x45; 40]);
        w.record(1, 0, &eth, None).record(
            2,
            0,
            &[sll2_header(824, 16), msg.clone()].concat(),
            None,
        );
        let (records, err, skipped) = via_slice(&w.bytes);
        assert_eq!((err, skipped), (None, 1));
        assert_eq!(records.len(), 1);
        let r = &records[0];
        assert_eq!((r.frame, r.link), (2, (LinkType::LINUX_SLL2, 4, 824, 16)));
        assert_eq!(r.payload, msg);
    }
}

#[test]
fn record_too_short_for_its_link_header() {
    for (link, header) in [(253u32, 16u32), (113, 16), (276, 20)] {
        let mut w = Writer::pcap(Endian::Little, Precision::Micro, 65_535, link);
        let first = if link == 276 {
            sll2_header(824, 0)
        } else {
            sll_header(824, 0)
        };
        let first = [first, nlmsg(16, 1)].concat();
        w.record(1, 0, &first, None)
            .record(2, 0, &[0, 4, 3], None)
            .record(3, 0, &first, None)
            .record(4, 0, &[], None)
            .record(5, 0, &first, None);
        // Each short record is that record's error; the records after it are read on
        // (tshark shows them all), by both readers alike.
        let (records, err, _) = via_slice(&w.bytes);
        let frames: Vec<u64> = records.iter().map(|r| r.frame).collect();
        assert_eq!(frames, [1, 3, 5]);
        assert!(records.iter().all(|r| r.payload == nlmsg(16, 1)));
        assert_eq!(
            via_stream(Trickle {
                data: &w.bytes,
                interrupt: true
            }),
            (records, err, 0)
        );
        let errors: Vec<CaptureError> = SliceReader::new(&w.bytes)
            .unwrap()
            .filter_map(Result::err)
            .collect();
        assert_eq!(errors.len(), 2);
        assert!(errors.iter().all(CaptureError::is_record_error));
        assert_eq!(errors.iter().map(|e| e.frame).collect::<Vec<_>>(), [2, 4]);
        let err = err.unwrap();
        // The data of record 2 starts after the file header, record 1 and its own header.
        let at = 24 + 16 + first.len() as u64 + 16;
        assert_eq!((err.offset, err.frame), (at, 2));
        assert_eq!(
            err.kind,
            ErrorKind::LinkHeaderTooShort {
                link_type: LinkType(link),
                needed: header,
                available: 3
            }
        );
        let text = format!(
            "frame 2 at byte {at}: record too short for its {} header: needs {header} bytes, has 3",
            LinkType(link)
        );
        assert_eq!(err.to_string(), text);
    }
}

/// Cuts `w` at every length: the records of every unit complete before the cut come out,
/// then exactly one `Truncated` error at the start of the unit the cut falls in (none when
/// the cut falls between units), from the slice reader and the one-byte-per-read stream.
fn truncation_sweep(w: &Writer) {
    let (full, err, _) = via_slice(&w.bytes);
    assert_eq!(err, None);
    for cut in 0..=w.bytes.len() {
        let bytes = &w.bytes[..cut];
        let got = via_slice(bytes);
        assert_eq!(
            via_stream(Trickle {
                data: bytes,
                interrupt: false
            }),
            got,
            "cut {cut}"
        );
        let (records, err, _) = got;
        let complete = w.units.iter().filter(|u| u.1 <= cut && u.2).count();
        assert_eq!(records[..], full[..complete], "cut {cut}");
        if cut == 0 {
            assert_eq!(err.unwrap().kind, ErrorKind::EmptyInput);
            continue;
        }
        match w.units.iter().find(|u| u.0 < cut && cut < u.1) {
            None => assert_eq!(err, None, "cut {cut} is between units"),
            Some(&(start, end, _)) => {
                let err = err.unwrap_or_else(|| panic!("cut {cut}: no error"));
                assert_eq!(err.offset, start as u64, "cut {cut}: {err}");
                assert_eq!(err.frame, complete as u64 + 1, "cut {cut}: {err}");
                let ErrorKind::Truncated {
                    needed,
                    available,
                    part,
                } = err.kind
                else {
                    panic!("cut {cut}: {err}");
                };
                assert_eq!(available as usize, cut - start, "cut {cut}: {err}");
                assert!(
                    (available + 1..=(end - start) as u32).contains(&needed),
                    "cut {cut}: {err}"
                );
                let text = err.to_string();
                assert!(
                    text.contains(&format!("at byte {start}"))
                        || text.starts_with(&format!("byte {start}:"))
                );
                assert!(
                    text.contains(&format!("needs {needed} bytes, has {available}")),
                    "{text}"
                );
                if part == Part::PcapRecord {
                    assert!(
                        text.starts_with(&format!("frame {} at byte {start}: ", err.frame)),
                        "{text}"
                    );
                }
            }
        }
    }
}

#[test]
fn truncation_sweep_pcap() {
    for e in ORDERS {
        let mut w = Writer::pcap(e, Precision::Nano, 65_535, 253);
        w.record(1, 2, &nlmon(0, &nlmsg(20, 1)), None)
            .record(3, 4, &nlmon(0, &nlmsg(36, 2)), Some(30))
            .record(5, 6, &nlmon(4, &nlmsg(16, 3)), None);
        truncation_sweep(&w);
    }
}

#[test]
fn truncation_sweep_pcapng() {
    for e in ORDERS {
        let mut w = Writer::pcapng(e);
        let msg = nlmon(0, &nlmsg(22, 1));
        w.idb(253, 0, &[(9, vec![9])])
            .epb(0, 10, &msg, None, Some("c"))
            .block(5, &[0; 12], false)
            .spb(&msg)
            .epb(0, 30, &msg, Some(20), None);
        truncation_sweep(&w);
    }
}

#[test]
fn not_a_capture() {
    let elf = b"\x7fELF\x02\x01\x01\x00rest of the binary";
    let err = read_all(elf).unwrap_err();
    assert_eq!(
        (err.offset, err.kind),
        (
            0,
            ErrorKind::NotACapture {
                first: *b"\x7fELF\x02\x01\x01\x00",
                len: 8
            }
        )
    );
    assert_eq!(
        err.to_string(),
        "not a capture file: starts with 7f 45 4c 46 02 01 01 00 (ELF?)"
    );
    assert_eq!(read_all(b"").unwrap_err().to_string(), "empty input");
    assert_eq!(
        read_all(b"hi\n").unwrap_err().to_string(),
        "not a capture file: starts with 68 69 0a (text?)"
    );
    assert_eq!(
        read_all(b"\x1f\x8b\x08\x00").unwrap_err().to_string(),
        "not a capture file: starts with 1f 8b 08 00 (gzip: decompress it first)"
    );
    assert_eq!(
        read_all(&[0xd4, 0xc3]).unwrap_err().to_string(),
        "byte 0: file ends inside the pcap file header: needs 24 bytes, has 2"
    );
    let err = CaptureReader::new(&b""[..]).map(|_| ()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::EmptyInput);
}

#[test]
fn bad_pcapng_blocks() {
    let msg = nlmon(0, &nlmsg(20, 1));
    let mut good = Writer::pcapng(Endian::Little);
    good.idb(253, 0, &[])
        .epb(0, 0, &msg, None, None)
        .epb(0, 0, &msg, None, None);
    let (epb_start, epb_end, _) = good.units[3];

    // Trailing length differs from the leading one.
    let mut bytes = good.bytes.clone();
    bytes[epb_end - 4] ^= 0x40;
    let (records, err, _) = via_slice(&bytes);
    assert_eq!(records.len(), 1);
    let err = err.unwrap();
    let len = (epb_end - epb_start) as u32;
    assert_eq!((err.offset, err.frame), (epb_start as u64, 2));
    assert_eq!(
        err.kind,
        ErrorKind::BadBlock {
            block_type: 6,
            problem: BlockProblem::TrailerMismatch {
                leading: len,
                trailing: len ^ 0x40
            }
        }
    );
    assert_eq!(
        err.to_string(),
        format!("frame 2 at byte {epb_start}: bad pcapng enhanced packet block: block total length {len} at the start but {} at the end", len ^ 0x40)
    );

    // Length not a multiple of 4, and below the minimum.
    for (bad_len, problem) in [
        (len + 1, BlockProblem::Unaligned { len: len + 1 }),
        (8, BlockProblem::TooShort { len: 8, min: 32 }),
    ] {
        let mut bytes = good.bytes.clone();
        bytes[epb_start + 4..epb_start + 8].copy_from_slice(&bad_len.to_le_bytes());
        let err = via_slice(&bytes).1.unwrap();
        assert_eq!(
            err.kind,
            ErrorKind::BadBlock {
                block_type: 6,
                problem
            }
        );
    }

    // A packet on an interface nobody defined.
    let mut w = Writer::pcapng(Endian::Big);
    w.idb(253, 0, &[]).epb(3, 0, &msg, None, None);
    let err = via_slice(&w.bytes).1.unwrap();
    assert_eq!(
        err.kind,
        ErrorKind::BadBlock {
            block_type: 6,
            problem: BlockProblem::NoSuchInterface {
                interface: 3,
                defined: 1
            }
        }
    );

    // A caplen beyond the block.
    let mut bytes = good.bytes.clone();
    bytes[epb_start + 20..epb_start + 24].copy_from_slice(&1000u32.to_le_bytes());
    let err = via_slice(&bytes).1.unwrap();
    assert!(matches!(
        err.kind,
        ErrorKind::BadBlock {
            problem: BlockProblem::CaptureLengthOverrun { caplen: 1000, .. },
            ..
        }
    ));

    // A bad byte-order magic in the section header.
    let mut bytes = good.bytes.clone();
    bytes[8] = 0;
    let err = read_all(&bytes).unwrap_err();
    assert!(
        matches!(
            err.kind,
            ErrorKind::BadBlock {
                problem: BlockProblem::BadByteOrderMagic { .. },
                ..
            }
        ),
        "{err}"
    );

    // A block claiming more than the limit.
    let mut bytes = good.bytes.clone();
    bytes[epb_start + 4..epb_start + 8].copy_from_slice(&0x7fff_fff0u32.to_le_bytes());
    let err = via_stream(&bytes[..]).1.unwrap();
    assert!(
        matches!(
            err.kind,
            ErrorKind::TooLarge {
                len: 0x7fff_fff0,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn unsupported_versions() {
    let mut w = Writer::pcap(Endian::Big, Precision::Micro, 0, 253);
    w.bytes[5] = 3; // major 3 (big-endian u16 at 4)
    assert_eq!(
        read_all(&w.bytes).unwrap_err().kind,
        ErrorKind::UnsupportedVersion { major: 3, minor: 4 }
    );
    let mut w = Writer::pcapng(Endian::Little);
    w.bytes[12] = 2;
    assert_eq!(
        read_all(&w.bytes).unwrap_err().kind,
        ErrorKind::UnsupportedVersion { major: 2, minor: 0 }
    );
}

#[test]
fn record_larger_than_the_initial_buffer() {
    // 300 KB in one record, read one byte at a time: the buffer grows to fit it.
    let mut w = Writer::pcap(Endian::Little, Precision::Micro, 0, 253);
    let big = nlmon(0, &nlmsg(300_000, 1));
    w.record(1, 0, &big, None)
        .record(2, 0, &nlmon(0, &nlmsg(16, 2)), None);
    let (records, err, _) = via_stream(Trickle {
        data: &w.bytes,
        interrupt: false,
    });
    assert_eq!(err, None);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].payload, big[16..]);
    assert_eq!(via_slice(&w.bytes).0, records);
}

#[test]
fn io_error_is_reported_once_with_its_position() {
    struct Failing<'a>(&'a [u8]);
    impl Read for Failing<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0.is_empty() {
                return Err(std::io::ErrorKind::ConnectionReset.into());
            }
            let n = self.0.len().min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let mut w = Writer::pcap(Endian::Little, Precision::Micro, 0, 253);
    w.record(1, 0, &nlmon(0, &nlmsg(16, 1)), None);
    let (records, err, _) = via_stream(Failing(&w.bytes));
    assert_eq!(records.len(), 1);
    let err = err.unwrap();
    assert_eq!(
        (err.offset, err.frame, err.kind),
        (72, 2, ErrorKind::Io(std::io::ErrorKind::ConnectionReset))
    );
    assert_eq!(err.to_string(), "byte 72: read error: connection reset");
}

/// A valid pcapng and pcap to mutate.
fn seeds() -> Vec<Vec<u8>> {
    let msg = nlmon(0, &nlmsg(24, 1));
    let mut ng = Writer::pcapng(Endian::Little);
    ng.idb(253, 0, &[(9, vec![0x85])])
        .epb(0, 99, &msg, None, Some("x"))
        .spb(&msg);
    let mut ngb = Writer::pcapng(Endian::Big);
    ngb.idb(276, 0, &[]).epb(
        0,
        7,
        &[sll2_header(824, 0), nlmsg(16, 1)].concat(),
        None,
        None,
    );
    let mut p = Writer::pcap(Endian::Big, Precision::Nano, 100, 113);
    p.record(1, 1, &msg, None).record(2, 2, &msg, Some(20));
    vec![ng.bytes, ngb.bytes, p.bytes]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        // Failing cases go where the other property tests keep theirs (and are committed).
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct(
                "proptest-regressions/capture_reader.txt",
            ),
        )),
        ..ProptestConfig::default()
    })]

    #[test]
    fn garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let (records, _, _) = via_slice(&bytes);
        prop_assert!(records.len() <= bytes.len() / 16);
        prop_assert_eq!(via_stream(&bytes[..]), via_slice(&bytes));
    }

    #[test]
    fn mutated_captures_never_panic(
        seed in 0usize..3,
        edits in proptest::collection::vec((any::<u16>(), any::<u8>()), 1..8),
        cut in any::<u16>(),
    ) {
        let mut bytes = seeds()[seed].clone();
        for (at, v) in edits {
            let at = usize::from(at) % bytes.len();
            bytes[at] = v;
        }
        bytes.truncate(usize::from(cut) % (bytes.len() + 1));
        let got = via_slice(&bytes);
        prop_assert!(got.0.len() <= bytes.len() / 16);
        prop_assert_eq!(via_stream(Trickle { data: &bytes, interrupt: false }), got);
    }
}
