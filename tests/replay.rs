//! `nlscope replay` against this machine's kernel (root). Each test replays into fresh
//! namespaces: the default one is made by the replay itself and vanishes with it; a
//! named one is made here and removed on drop, even when the test fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use nlscope::record::pcapwrite::{nlmon_header, CaptureWriter, Format, Record, PACKET_OUTGOING};
use nlscope::record::read_all;
use nlscope::wire::build::{Endian, MsgBuilder};
use nlscope::wire::nlmsg::{Header, Messages};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const NLSCOPE: &str = env!("CARGO_BIN_EXE_nlscope");
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .map(|s| {
            s.lines()
                .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

/// A scratch directory and, optionally, a named namespace; removed on drop.
struct Scratch {
    dir: PathBuf,
    ns: Option<String>,
}

impl Scratch {
    fn new(tag: &str, with_ns: bool) -> Scratch {
        let name = format!("nls-rp-{tag}-{}", std::process::id());
        let dir = std::env::temp_dir().join(&name);
        std::fs::create_dir_all(&dir).unwrap();
        let ns = with_ns.then(|| {
            assert!(Command::new("ip")
                .args(["netns", "add", &name])
                .status()
                .unwrap()
                .success());
            name
        });
        Scratch { dir, ns }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(ns) = &self.ns {
            let _ = Command::new("ip").args(["netns", "del", ns]).status();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs `nlscope replay --report json ARGS`: (exit success, report).
fn replay(args: &[&str]) -> (bool, Value) {
    let out = Command::new(NLSCOPE)
        .args(["replay", "--report", "json"])
        .args(args)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.success(), report)
}

fn requests(report: &Value) -> &Vec<Value> {
    report["requests"].as_array().unwrap()
}

/// Every line says match, or gives a reason; none is unexplained.
fn assert_all_explained(report: &Value) {
    for r in requests(report) {
        let v = r["verdict"].as_str().unwrap();
        assert_ne!(v, "unexplained", "{r}");
        if v != "match" {
            assert!(!r["reason"].as_str().unwrap_or("").is_empty(), "{r}");
        }
    }
    assert_eq!(report["summary"]["unexplained"], 0);
}

const E: Endian = Endian::NATIVE;
const PID: u32 = 4242;
/// The index the synthetic capture gives v0: not what a fresh namespace will give it.
const V0: i32 = 57;

fn ifinfomsg(b: &mut MsgBuilder, index: i32, flags: u32, change: u32) {
    b.u8(0).u8(0).u16(0).i32(index).u32(flags).u32(change);
}

fn ack(req: &[u8]) -> Vec<u8> {
    let h = Header::parse(req, E).unwrap();
    let mut b = MsgBuilder::new(E, 2, 0x100, h.seq, PID);
    b.i32(0).bytes(&req[..16]);
    b.finish()
}

/// A capture of requests built with the message builder, with the kernel's answers as
/// a 6.18 kernel gives them (acks; a dump answered by its DONE) and the RTM_NEWLINK
/// notification that names v0 index 57:
/// `ip link add v0 type veth peer name v1; ip link set v0 up; ip addr add 10.1.0.1/24
/// dev v0; ip route add 10.2.0.0/16 via 10.1.0.2 dev v0; ip route del …; ip link del v0`.
fn synthetic_capture(path: &Path) {
    let mut msgs: Vec<Vec<u8>> = Vec::new();
    let mut seq = 100;
    let mut next = || {
        seq += 1;
        seq
    };
    // link add v0 type veth peer name v1
    let mut b = MsgBuilder::new(E, 16, 0x605, next(), 0);
    ifinfomsg(&mut b, 0, 0, 0);
    b.attr_str(3, "v0");
    let li = b.nest_start(18);
    b.attr_str(1, "veth");
    let data = b.nest_start(2);
    let peer = b.nest_start(1);
    ifinfomsg(&mut b, 0, 0, 0);
    b.attr_str(3, "v1");
    b.nest_end(peer);
    b.nest_end(data);
    b.nest_end(li);
    let req = b.finish();
    msgs.push(ack(&req));
    msgs.insert(0, req);
    let mut n = MsgBuilder::new(E, 16, 0, 0, 0);
    ifinfomsg(&mut n, V0, 0x1002, 0);
    n.attr_str(3, "v0");
    msgs.push(n.finish());
    // link set v0 up
    let mut b = MsgBuilder::new(E, 16, 0x5, next(), 0);
    ifinfomsg(&mut b, V0, 1, 1);
    let req = b.finish();
    msgs.push(req.clone());
    msgs.push(ack(&req));
    // addr add 10.1.0.1/24 dev v0
    let mut b = MsgBuilder::new(E, 20, 0x605, next(), 0);
    b.u8(2).u8(24).u8(0).u8(0).u32(V0 as u32);
    b.attr(2, &[10, 1, 0, 1]).attr(1, &[10, 1, 0, 1]);
    let req = b.finish();
    msgs.push(req.clone());
    msgs.push(ack(&req));
    // route add / del 10.2.0.0/16 via 10.1.0.2 dev v0
    for (ty, flags) in [(24u16, 0x605u16), (25, 0x5)] {
        let mut b = MsgBuilder::new(E, ty, flags, next(), 0);
        b.u8(2).u8(16).u8(0).u8(0).u8(254).u8(3).u8(0).u8(1).u32(0);
        b.attr(1, &[10, 2, 0, 0])
            .attr(5, &[10, 1, 0, 2])
            .attr_u32(4, V0 as u32);
        let req = b.finish();
        msgs.push(req.clone());
        msgs.push(ack(&req));
    }
    // addr dump (answered: the dump end only, as it is not compared entry by entry)
    let mut b = MsgBuilder::new(E, 22, 0x301, next(), 0);
    b.u8(2).u8(0).u8(0).u8(0).u32(0);
    let req = b.finish();
    let h = Header::parse(&req, E).unwrap();
    msgs.push(req);
    let mut done = MsgBuilder::new(E, 3, 0x2, h.seq, PID);
    done.i32(0);
    msgs.push(done.finish());
    // link del v0
    let mut b = MsgBuilder::new(E, 17, 0x5, next(), 0);
    ifinfomsg(&mut b, V0, 0, 0);
    let req = b.finish();
    msgs.push(req.clone());
    msgs.push(ack(&req));

    let f = std::fs::File::create(path).unwrap();
    let mut w = CaptureWriter::new(f, Format::Pcap, 262_144).unwrap();
    for (i, m) in msgs.iter().enumerate() {
        let mut data = nlmon_header(PACKET_OUTGOING, 0).to_vec();
        data.extend_from_slice(m);
        w.write(&Record {
            ts: Duration::new(1_700_000_000, i as u32 * 1000),
            data: &data,
            nsid: None,
        })
        .unwrap();
    }
}

/// Builder-made requests replayed into a fresh namespace: every one matches, the
/// interface index is remapped (57 in the capture, the new device's index in the
/// replay), and nothing happens in the namespace nlscope runs in.
#[test]
fn builder_requests_replay_and_match_in_a_fresh_namespace() {
    if !is_root() {
        eprintln!("skipped: needs root");
        return;
    }
    let s = Scratch::new("synthetic", false);
    let cap = s.dir.join("requests.pcap");
    let out = s.dir.join("replayed.pcap");
    synthetic_capture(&cap);
    let (ok, report) = replay(&[cap.to_str().unwrap(), "-w", out.to_str().unwrap()]);
    assert!(ok, "{report:#}");
    assert_all_explained(&report);
    let reqs = requests(&report);
    assert_eq!(reqs.len(), 7);
    // The dump's entry count differs (no entries in the capture); the rest match.
    for r in reqs {
        if r["name"] != "RTM_GETADDR" {
            assert_eq!(r["verdict"], "match", "{r}");
        }
    }
    assert_eq!(report["summary"]["matched"], 6);
    // The replay never ran here.
    assert!(!Command::new("ip")
        .args(["link", "show", "v0"])
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap()
        .success());
    // The recording: requests as sent (new seq, port 0, v0's index of the replay
    // namespace) and the kernel's answers.
    let bytes = std::fs::read(&out).unwrap();
    let mut sent = Vec::new();
    let mut answers = 0;
    for r in read_all(&bytes).unwrap() {
        for m in Messages::new(r.unwrap().payload, E).map_while(Result::ok) {
            if m.header.flags & 1 != 0 {
                sent.push((m.header, m.bytes.to_vec()));
            } else {
                answers += 1;
            }
        }
    }
    assert_eq!(sent.len(), 7);
    assert!(answers >= 7);
    let setlink = &sent[1].1;
    let index = i32::from_ne_bytes(setlink[20..24].try_into().unwrap());
    assert!(index > 1 && index != V0, "v0 is {index} in the replay");
    let addr = &sent[2].1;
    assert_eq!(
        u32::from_ne_bytes(addr[20..24].try_into().unwrap()),
        index as u32
    );
    assert!(sent.iter().all(|(h, _)| h.pid == 0));
}

/// The 6.1 corpus capture replayed on this kernel: every difference has a reason.
#[test]
fn rtnl_basic_replays_with_every_difference_explained() {
    if !is_root() {
        eprintln!("skipped: needs root");
        return;
    }
    let s = Scratch::new("corpus", false);
    let out = s.dir.join("replayed.pcap");
    let cap = format!("{CORPUS}/rtnl-basic.pcap");
    let (ok, report) = replay(&[&cap, "-w", out.to_str().unwrap()]);
    eprintln!("rtnl-basic replay summary: {}", report["summary"]);
    assert!(ok);
    assert_all_explained(&report);
    let summary = &report["summary"];
    // 680 records hold 217 requests. Six more messages carry NLM_F_REQUEST: the
    // kernel's RTM_NEWNEXTHOP/RTM_DELNEXTHOP notifications copy the request's flags
    // (frames 278, 283, 286, 528, 533, 536); the session labels them notifications
    // (a kernel port id, the request's header), and they are not sent again.
    assert_eq!(summary["requests"], 217);
    assert!(summary["matched"].as_u64().unwrap() >= 60, "{summary}");
    // Replaying the replay's own recording, into a namespace made here, on the same
    // kernel: every request answered exactly as recorded.
    let named = Scratch::new("again", true);
    let ns = named.ns.clone().unwrap();
    let (ok, again) = replay(&[out.to_str().unwrap(), "--netns", &ns]);
    assert!(ok);
    assert_all_explained(&again);
    assert_eq!(again["summary"]["explained"], 0, "{}", again["summary"]);
    assert_eq!(again["summary"]["not_replayed"], 0, "{}", again["summary"]);
}

/// `--only-changes` leaves GET requests out; `--family` keeps only the families named.
#[test]
fn filters() {
    if !is_root() {
        eprintln!("skipped: needs root");
        return;
    }
    let cap = format!("{CORPUS}/rtnl-basic.pcap");
    let (_, report) = replay(&[&cap, "--only-changes", "--family", "route"]);
    assert!(!requests(&report).is_empty());
    for r in requests(&report) {
        assert_eq!(r["is_get"], false);
        assert_eq!(r["protocol"], 0);
    }
}

fn ip(ns: &str, args: &[&str]) {
    let st = Command::new("ip")
        .args(["-n", ns])
        .args(args)
        .status()
        .unwrap();
    assert!(st.success(), "ip -n {ns} {}", args.join(" "));
}

/// The same small network in namespace `ns`: lo up, a veth pair with d0 up and
/// `addr` on it, a route through a gateway, a permanent neighbour.
fn small_network(ns: &str, addr: &str) {
    ip(ns, &["link", "set", "lo", "up"]);
    ip(
        ns,
        &["link", "add", "d0", "type", "veth", "peer", "name", "d1"],
    );
    ip(ns, &["link", "set", "d0", "up"]);
    ip(ns, &["addr", "add", addr, "dev", "d0"]);
    ip(ns, &["route", "add", "10.8.0.0/16", "via", "10.9.0.2"]);
    ip(
        ns,
        &[
            "neigh",
            "add",
            "10.9.0.7",
            "lladdr",
            "02:00:00:00:00:07",
            "dev",
            "d0",
        ],
    );
}

const DUMPS: &str = "link,addr,route,neigh,rule,nexthop,qdisc,netconf";

/// `nlscope capture --netns NS --dump …` while `ip` changes NS; stopped by SIGINT.
fn capture_with_dumps(ns: &str, file: &Path, err: &Path) {
    let mut child = Command::new(NLSCOPE)
        .args(["capture", "--netns", ns, "--dump", DUMPS, "-w"])
        .arg(file)
        .stderr(std::fs::File::create(err).unwrap())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while !std::fs::read_to_string(err)
        .unwrap_or_default()
        .contains("capturing via")
    {
        assert!(
            std::time::Instant::now() < deadline && child.try_wait().unwrap().is_none(),
            "capture did not start: {}",
            std::fs::read_to_string(err).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // Changes after the dumps: the capture holds them as notifications only.
    ip(ns, &["link", "set", "d1", "mtu", "1400"]);
    ip(ns, &["addr", "add", "10.9.0.5/24", "dev", "d0"]);
    ip(ns, &["route", "del", "10.8.0.0/16"]);
    std::thread::sleep(Duration::from_millis(300));
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGINT,
    )
    .unwrap();
    assert!(child.wait().unwrap().success());
}

/// A capture recorded here with `--dump` (listen mode: the capture's requests are
/// nlscope's own dump requests; `ip`'s changes appear as notifications), replayed
/// here into a fresh namespace set up as the captured one was at dump time: every
/// request matches, reply counts and the deterministic reply contents
/// (`nlscope::replay::reply_contents`) alike. Replayed into a namespace that differs
/// in one address, the dumps that show it differ with equal counts, naming the entry.
#[test]
fn dump_capture_replays_request_for_request() {
    if !is_root() {
        eprintln!("skipped: needs root");
        return;
    }
    let a = Scratch::new("dump-a", true);
    let (a_ns, cap, err) = (
        a.ns.clone().unwrap(),
        a.dir.join("dump.pcap"),
        a.dir.join("capture.err"),
    );
    small_network(&a_ns, "10.9.0.1/24");
    capture_with_dumps(&a_ns, &cap, &err);

    // What the capture holds: one dump request per table (and nlctrl's, which the
    // listener asks to learn multicast groups), each with its replies.
    let plan = nlscope::replay::plan(&std::fs::read(&cap).unwrap()).unwrap();
    assert!(plan.requests.len() >= 9, "{:?}", plan.requests);
    assert!(plan
        .requests
        .iter()
        .all(|r| r.is_dump() && r.original.answered));
    let rows: usize = plan
        .requests
        .iter()
        .map(|r| r.original.replies as usize)
        .sum();
    assert!(rows >= 15, "{rows} dump entries");

    let b = Scratch::new("dump-b", true);
    let b_ns = b.ns.clone().unwrap();
    small_network(&b_ns, "10.9.0.1/24");
    let (ok, report) = replay(&[cap.to_str().unwrap(), "--netns", &b_ns]);
    eprintln!("--dump capture replayed: {}", report["summary"]);
    assert!(ok, "{report:#}");
    assert_eq!(report["summary"]["requests"], plan.requests.len());
    for r in requests(&report) {
        assert_eq!(r["verdict"], "match", "{r}");
        assert_eq!(r["original"]["replies"], r["replayed"]["replies"], "{r}");
    }

    // One address different (10.9.0.9 for 10.9.0.1): same counts, other contents.
    let c = Scratch::new("dump-c", true);
    let c_ns = c.ns.clone().unwrap();
    small_network(&c_ns, "10.9.0.9/24");
    let (ok, report) = replay(&[cap.to_str().unwrap(), "--netns", &c_ns]);
    assert!(ok, "dumps of other state are explained: {report:#}");
    let addr = requests(&report)
        .iter()
        .find(|r| r["name"] == "RTM_GETADDR")
        .unwrap();
    assert_eq!(addr["original"]["replies"], addr["replayed"]["replies"]);
    assert_eq!(addr["verdict"], "explained", "{addr}");
    let why = addr["reason"].as_str().unwrap();
    assert!(
        why.contains("only in the capture: RTM_NEWADDR")
            && why.contains("10.9.0.1 ")
            && why.contains("only in the replay")
            && why.contains("10.9.0.9 "),
        "{why}"
    );
    let link = requests(&report)
        .iter()
        .find(|r| r["name"] == "RTM_GETLINK")
        .unwrap();
    assert_eq!(link["verdict"], "match", "{link}");
}

/// `corpus/nf-xfrm.pcap` (6.1 VM: nft, conntrack, ip xfrm): every nfnetlink batch
/// (`NFNL_MSG_BATCH_BEGIN` … `_END`, one datagram) is sent whole, as captured, so its
/// table, chain and set changes take effect in the replay namespace and the lookups
/// after them find what they found in the capture; every difference has a reason.
#[test]
fn nf_xfrm_batches_replay_whole() {
    if !is_root() {
        eprintln!("skipped: needs root");
        return;
    }
    let cap = format!("{CORPUS}/nf-xfrm.pcap");
    let (ok, report) = replay(&[&cap, "--family", "netfilter"]);
    eprintln!("nf-xfrm netfilter replay summary: {}", report["summary"]);
    assert!(ok, "{report:#}");
    assert_all_explained(&report);
    // `nft add table inet t` (frame 49): BEGIN, NEWTABLE, END in one datagram.
    let batch: Vec<&Value> = requests(&report)
        .iter()
        .filter(|r| r["frame"] == 49)
        .collect();
    let names: Vec<&str> = batch.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "NFNL_MSG_BATCH_BEGIN",
            "NFT_MSG_NEWTABLE",
            "NFNL_MSG_BATCH_END"
        ]
    );
    for r in &batch {
        assert_eq!(r["batch"], 49, "{r}");
        assert_eq!(r["verdict"], "match", "{r}");
    }
    // The lookup of that table later answers as in the capture (one NEWTABLE reply).
    let get = requests(&report)
        .iter()
        .find(|r| r["frame"] == 181)
        .unwrap();
    assert_eq!(get["name"], "NFT_MSG_GETTABLE");
    assert_eq!(get["original"]["replies"], 1, "{get}");
    assert_eq!(get["verdict"], "match", "{get}");
}
