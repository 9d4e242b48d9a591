//! `nlscope replay`'s causal explanations against this machine's kernel (root, user
//! namespaces): captures built with the message builder, whose answers are the ones
//! the capturing kernel is said to have given, replayed into the sandbox's fresh
//! namespace. The link kind `nlscope-nokind` exists in no kernel, so its requests
//! fail in the replay whatever the capture says; `veth` is in every kernel that runs
//! these tests (tests/replay.rs needs it too).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use nlscope::record::pcapwrite::{nlmon_header, CaptureWriter, Format, Record, PACKET_OUTGOING};
use nlscope::wire::build::{Endian, MsgBuilder};
use nlscope::wire::nlmsg::Header;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

const NLSCOPE: &str = env!("CARGO_BIN_EXE_nlscope");
const E: Endian = Endian::NATIVE;
const PID: u32 = 4243;
/// No kernel has this link kind.
const NO_KIND: &str = "nlscope-nokind";

const NETLINK_ROUTE: u16 = 0;
const NETLINK_NETFILTER: u16 = 12;
// linux/rtnetlink.h, linux/if_link.h
const RTM_NEWLINK: u16 = 16;
const RTM_GETLINK: u16 = 18;
const IFLA_IFNAME: u16 = 3;
const IFLA_LINKINFO: u16 = 18;
const IFLA_INFO_KIND: u16 = 1;
const IFLA_INFO_DATA: u16 = 2;
const VETH_INFO_PEER: u16 = 1;
// linux/netfilter/nfnetlink.h, nf_tables.h
const NFNL_MSG_BATCH_BEGIN: u16 = 16;
const NFNL_MSG_BATCH_END: u16 = 17;
const NFNL_SUBSYS_NFTABLES: u16 = 10;
const NFT_MSG_NEWTABLE: u16 = 0;
const NFT_MSG_GETTABLE: u16 = 1;
const NFT_MSG_NEWCHAIN: u16 = 3;
const NFTA_TABLE_NAME: u16 = 1;
const NFTA_CHAIN_TABLE: u16 = 1;
const NFTA_CHAIN_NAME: u16 = 3;
const NFPROTO_INET: u8 = 1;
const EEXIST: i32 = 17;
// nlmsg flags
const REQUEST: u16 = 0x1;
const ACK: u16 = 0x4;
const CREATE_EXCL: u16 = 0x600;

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .map(|s| {
            s.lines()
                .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

/// Whether the sandboxed replay can run here; if not, says why on stderr.
fn can_run() -> bool {
    if !is_root() {
        eprintln!("not run: replay tests need root (and user namespaces)");
        return false;
    }
    true
}

/// The records of a capture: (protocol, one datagram of messages).
#[derive(Default)]
struct Capture {
    records: Vec<(u16, Vec<u8>)>,
    seq: u32,
}

impl Capture {
    fn next_seq(&mut self) -> u32 {
        self.seq += 1;
        self.seq
    }

    /// Adds a record; returns its frame number.
    fn push(&mut self, protocol: u16, datagram: Vec<u8>) -> u64 {
        self.records.push((protocol, datagram));
        self.records.len() as u64
    }

    /// A request in its own record, then the kernel's answer (error 0: an ack) in the
    /// next; returns the request's frame.
    fn request(&mut self, protocol: u16, req: Vec<u8>, error: i32) -> u64 {
        let answer = answer(&req, error);
        let frame = self.push(protocol, req);
        self.push(protocol, answer);
        frame
    }

    fn write(&self, tag: &str) -> PathBuf {
        let path =
            std::env::temp_dir().join(format!("nls-cause-{tag}-{}.pcap", std::process::id()));
        let f = std::fs::File::create(&path).unwrap();
        let mut w = CaptureWriter::new(f, Format::Pcap, 262_144).unwrap();
        for (i, (protocol, m)) in self.records.iter().enumerate() {
            let mut data = nlmon_header(PACKET_OUTGOING, *protocol).to_vec();
            data.extend_from_slice(m);
            w.write(&Record {
                ts: Duration::new(1_700_000_000, i as u32 * 1000),
                data: &data,
                nsid: None,
            })
            .unwrap();
        }
        path
    }
}

/// `NLMSG_ERROR` with `error` (negated as the kernel sends it) for `req`.
fn answer(req: &[u8], error: i32) -> Vec<u8> {
    let h = Header::parse(req, E).unwrap();
    let mut b = MsgBuilder::new(E, 2, 0x100, h.seq, PID);
    b.i32(-error).bytes(&req[..16]);
    b.finish()
}

fn ifinfomsg(b: &mut MsgBuilder, index: i32) {
    b.u8(0).u8(0).u16(0).i32(index).u32(0).u32(0);
}

/// `ip link add NAME type KIND` (with `peer name PEER` for veth).
fn newlink(seq: u32, name: &str, kind: &str, peer: Option<&str>) -> Vec<u8> {
    let mut b = MsgBuilder::new(E, RTM_NEWLINK, REQUEST | ACK | CREATE_EXCL, seq, 0);
    ifinfomsg(&mut b, 0);
    b.attr_str(IFLA_IFNAME, name);
    let li = b.nest_start(IFLA_LINKINFO);
    b.attr_str(IFLA_INFO_KIND, kind);
    if let Some(p) = peer {
        let data = b.nest_start(IFLA_INFO_DATA);
        let pn = b.nest_start(VETH_INFO_PEER);
        ifinfomsg(&mut b, 0);
        b.attr_str(IFLA_IFNAME, p);
        b.nest_end(pn);
        b.nest_end(data);
    }
    b.nest_end(li);
    b.finish()
}

/// The kernel's `RTM_NEWLINK` notification naming `index`.
fn link_notification(index: i32, name: &str) -> Vec<u8> {
    let mut b = MsgBuilder::new(E, RTM_NEWLINK, 0, 0, 0);
    ifinfomsg(&mut b, index);
    b.attr_str(IFLA_IFNAME, name);
    b.finish()
}

/// `ip link show NAME` (a lookup by name, no ack) and the reply the capture holds.
fn getlink(c: &mut Capture, name: &str, index: i32) -> u64 {
    let seq = c.next_seq();
    let mut b = MsgBuilder::new(E, RTM_GETLINK, REQUEST, seq, 0);
    ifinfomsg(&mut b, 0);
    b.attr_str(IFLA_IFNAME, name);
    let frame = c.push(NETLINK_ROUTE, b.finish());
    let mut r = MsgBuilder::new(E, RTM_NEWLINK, 0, seq, PID);
    ifinfomsg(&mut r, index);
    r.attr_str(IFLA_IFNAME, name);
    c.push(NETLINK_ROUTE, r.finish());
    frame
}

/// Runs `nlscope replay --report json FILE`.
fn replay(path: &PathBuf) -> Value {
    let out = Command::new(NLSCOPE)
        .args(["replay", "--report", "json", "--timeout", "500"])
        .arg(path)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(path);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The report line of the request at `frame` (the `index`th message of it).
fn line(report: &Value, frame: u64, index: usize) -> &Value {
    report["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["frame"] == frame)
        .nth(index)
        .unwrap_or_else(|| panic!("no request {index} at frame {frame}: {report:#}"))
}

fn explained_by<'a>(l: &'a Value, rule: &str) -> &'a Value {
    assert_eq!(l["verdict"], "explained", "{l:#}");
    assert_eq!(l["cause"]["rule"], rule, "{l:#}");
    &l["cause"]
}

/// A link kind this kernel lacks is named once, and what needed the device it would
/// have made is traced back to it.
#[test]
fn a_missing_link_kind_is_named_and_explains_what_follows() {
    if !can_run() {
        return;
    }
    let mut c = Capture::default();
    let seq = c.next_seq();
    let add = c.request(NETLINK_ROUTE, newlink(seq, "nlsc0", NO_KIND, None), 0);
    c.push(NETLINK_ROUTE, link_notification(40, "nlsc0"));
    let seq = c.next_seq();
    let again = c.request(NETLINK_ROUTE, newlink(seq, "nlsc1", NO_KIND, None), 0);
    let show = getlink(&mut c, "nlsc0", 40);
    let report = replay(&c.write("kind"));

    let first = explained_by(line(&report, add, 0), "link_kind_missing");
    let lacks = format!("link kind {NO_KIND:?}");
    assert_eq!(first["lacks"], lacks.as_str());
    let second = line(&report, again, 0);
    assert_eq!(second["cause"]["lacks"], lacks.as_str());
    assert!(
        second["reason"]
            .as_str()
            .unwrap()
            .ends_with(&format!("(found out at #{add})")),
        "{second:#}"
    );
    // The lookup of the device the first request made in the capture: ENODEV here.
    let l = line(&report, show, 0);
    let cause = explained_by(l, "object_state_differs");
    assert_eq!(cause["object"]["kind"], "device");
    assert_eq!(cause["object"]["id"][0], "nlsc0");
    let step = &cause["chain"][0];
    assert_eq!(step["side"], "replay");
    assert_eq!(step["frame"], add);
    assert!(
        step["outcome"].as_str().unwrap().starts_with("EOPNOTSUPP"),
        "{step}"
    );
    assert!(
        step["why"]
            .as_str()
            .unwrap()
            .contains(&format!("has no {NO_KIND:?} link type")),
        "{step}"
    );
    assert_eq!(report["summary"]["unexplained"], 0, "{report:#}");
}

/// A device created twice: in the capture the second create met the first one's
/// device (EEXIST); in the replay the first failed, so the second made it.
#[test]
fn an_object_created_twice() {
    if !can_run() {
        return;
    }
    let mut c = Capture::default();
    let seq = c.next_seq();
    let first = c.request(NETLINK_ROUTE, newlink(seq, "nlsc2", NO_KIND, None), 0);
    let seq = c.next_seq();
    let second = c.request(
        NETLINK_ROUTE,
        newlink(seq, "nlsc2", "veth", Some("nlsc2p")),
        EEXIST,
    );
    let report = replay(&c.write("twice"));
    let l = line(&report, second, 0);
    assert_eq!(l["original"]["error"], -EEXIST);
    assert_eq!(l["replayed"]["error"], 0, "{l:#}");
    let cause = explained_by(l, "object_state_differs");
    assert_eq!(cause["object"]["id"][0], "nlsc2");
    let sides: Vec<(&str, u64)> = cause["chain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["side"].as_str().unwrap(), s["frame"].as_u64().unwrap()))
        .collect();
    // Missing in the replay because the first create failed there; present in the
    // capture because it worked there.
    assert_eq!(sides.first(), Some(&("replay", first)), "{cause:#}");
    assert_eq!(sides.last(), Some(&("capture", first)), "{cause:#}");
    assert_eq!(report["summary"]["unexplained"], 0, "{report:#}");
}

/// A device renamed between requests: a lookup by the new name follows the rename
/// back to the request that renamed it, and from there to why that one could not be
/// replayed.
#[test]
fn a_device_renamed_between_requests() {
    if !can_run() {
        return;
    }
    let mut c = Capture::default();
    let seq = c.next_seq();
    c.request(NETLINK_ROUTE, newlink(seq, "nlsc3", NO_KIND, None), 0);
    c.push(NETLINK_ROUTE, link_notification(41, "nlsc3"));
    // ip link set nlsc3 name nlsc4
    let seq = c.next_seq();
    let mut b = MsgBuilder::new(E, RTM_NEWLINK, REQUEST | ACK, seq, 0);
    ifinfomsg(&mut b, 41);
    b.attr_str(IFLA_IFNAME, "nlsc4");
    let rename = c.request(NETLINK_ROUTE, b.finish(), 0);
    c.push(NETLINK_ROUTE, link_notification(41, "nlsc4"));
    let show = getlink(&mut c, "nlsc4", 41);
    let report = replay(&c.write("rename"));

    let r = line(&report, rename, 0);
    let objects: Vec<(String, String)> = r["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["key"]["id"][0].as_str().unwrap().to_owned(),
                o["role"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        objects,
        [
            ("nlsc3".to_owned(), "deletes".to_owned()),
            ("nlsc4".to_owned(), "ensures".to_owned())
        ]
    );
    let l = line(&report, show, 0);
    let cause = explained_by(l, "object_state_differs");
    assert_eq!(cause["object"]["id"][0], "nlsc4");
    let step = &cause["chain"][0];
    assert_eq!(
        (step["side"].as_str(), step["frame"].as_u64()),
        (Some("replay"), Some(rename))
    );
    assert!(
        step["why"].as_str().unwrap().starts_with("not replayed"),
        "{step}"
    );
    let capture_step = cause["chain"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["side"] == "capture")
        .unwrap();
    assert_eq!(capture_step["frame"], rename);
    assert_eq!(report["summary"]["unexplained"], 0, "{report:#}");
}

/// nfgenmsg: family, version 0, res_id (big-endian).
fn nfgenmsg(b: &mut MsgBuilder, family: u8, res_id: u16) {
    b.u8(family).u8(0).bytes(&res_id.to_be_bytes());
}

fn nft_type(msg: u16) -> u16 {
    NFNL_SUBSYS_NFTABLES << 8 | msg
}

/// An nftables batch with one bad message (a chain in a table this namespace does
/// not have): the kernel rejects it whole, so the table the batch's first message
/// made in the capture is missing later in the replay.
#[test]
fn an_atomic_nftables_batch_with_one_bad_message() {
    if !can_run() {
        return;
    }
    let mut c = Capture::default();
    let mut datagram = Vec::new();
    let mut answers = Vec::new();
    let seq = c.next_seq();
    let mut b = MsgBuilder::new(E, NFNL_MSG_BATCH_BEGIN, REQUEST, seq, 0);
    nfgenmsg(&mut b, 0, NFNL_SUBSYS_NFTABLES);
    datagram.extend(b.finish());
    let seq = c.next_seq();
    let mut b = MsgBuilder::new(E, nft_type(NFT_MSG_NEWTABLE), REQUEST | ACK | 0x400, seq, 0);
    nfgenmsg(&mut b, NFPROTO_INET, 0);
    b.attr_str(NFTA_TABLE_NAME, "nlsc_t");
    let m = b.finish();
    answers.extend(answer(&m, 0));
    datagram.extend(m);
    let seq = c.next_seq();
    let mut b = MsgBuilder::new(E, nft_type(NFT_MSG_NEWCHAIN), REQUEST | ACK | 0x400, seq, 0);
    nfgenmsg(&mut b, NFPROTO_INET, 0);
    b.attr_str(NFTA_CHAIN_TABLE, "nlsc_elsewhere")
        .attr_str(NFTA_CHAIN_NAME, "c");
    let m = b.finish();
    answers.extend(answer(&m, 0));
    datagram.extend(m);
    let seq = c.next_seq();
    let mut b = MsgBuilder::new(E, NFNL_MSG_BATCH_END, REQUEST, seq, 0);
    nfgenmsg(&mut b, 0, NFNL_SUBSYS_NFTABLES);
    datagram.extend(b.finish());
    let batch = c.push(NETLINK_NETFILTER, datagram);
    c.push(NETLINK_NETFILTER, answers);
    // nft list table inet nlsc_t: one NEWTABLE reply in the capture.
    let seq = c.next_seq();
    let mut b = MsgBuilder::new(E, nft_type(NFT_MSG_GETTABLE), REQUEST, seq, 0);
    nfgenmsg(&mut b, NFPROTO_INET, 0);
    b.attr_str(NFTA_TABLE_NAME, "nlsc_t");
    let get = c.push(NETLINK_NETFILTER, b.finish());
    let mut r = MsgBuilder::new(E, nft_type(NFT_MSG_NEWTABLE), 0, seq, PID);
    nfgenmsg(&mut r, NFPROTO_INET, 0);
    r.attr_str(NFTA_TABLE_NAME, "nlsc_t");
    c.push(NETLINK_NETFILTER, r.finish());
    let report = replay(&c.write("batch"));

    // The bad message: its table is not in the replay namespace.
    let chain = line(&report, batch, 2);
    assert_eq!(chain["name"], "NFT_MSG_NEWCHAIN");
    let cause = explained_by(chain, "object_state_differs");
    assert_eq!(cause["object"]["kind"], "nft-table");
    assert_eq!(cause["object"]["id"][1], "nlsc_elsewhere");
    // The table the batch made in the capture: rejected with the batch.
    let l = line(&report, get, 0);
    let cause = explained_by(l, "object_state_differs");
    assert_eq!(cause["object"]["kind"], "nft-table");
    assert_eq!(cause["object"]["id"][1], "nlsc_t");
    let step = &cause["chain"][0];
    assert_eq!(step["side"], "replay");
    assert_eq!(step["frame"], batch);
    assert_eq!(step["request"], "NFT_MSG_NEWCHAIN", "{step}");
    assert!(
        step["outcome"]
            .as_str()
            .unwrap()
            .starts_with("its nfnetlink batch was rejected whole"),
        "{step}"
    );
    assert_eq!(report["summary"]["unexplained"], 0, "{report:#}");
}
