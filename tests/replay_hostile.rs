//! Hostile captures replayed as root: nothing in the host may change.
//!
//! Each capture is replayed twice: as a user runs it, and with the second line of
//! defence (the host-global allowlist and the namespace-attribute check) switched off
//! inside the sandbox, which shows that the sandbox alone holds. Around each replay
//! the host's links, addresses, named namespaces and audit status are read, and
//! `ip monitor all` runs on the host; afterwards all must be as before, and the monitor
//! must have printed nothing about the replay's devices.
//!
//! The captures: the crafted ones in `../shared/adversarial/` (`replay-*.pcap`) and
//! a generator of our own (duplicate and nested namespace attributes, moves of `lo`,
//! `IFLA_NET_NS_FD` of every small descriptor, `IFLA_TARGET_NETNSID`, `RTM_NEWNSID`,
//! audit requests).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use nlscope::os::nlsock::NlSocket;
use nlscope::record::pcapwrite::{nlmon_header, CaptureWriter, Format, Record, PACKET_OUTGOING};
use nlscope::wire::build::{Endian, MsgBuilder};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const NLSCOPE: &str = env!("CARGO_BIN_EXE_nlscope");
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared");
const E: Endian = Endian::NATIVE;
/// Every device name the generated captures use starts with this.
const PREFIX: &str = "nlsh";

fn is_root() -> bool {
    nix::unistd::geteuid().is_root()
}

fn ip(args: &[&str]) -> String {
    let out = Command::new("ip").args(args).output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The audit settings of the host (`AUDIT_GET`): enabled, failure, pid, rate_limit,
/// backlog_limit, backlog_wait_time — the fields a request can set. `None`: this
/// kernel has no audit.
fn audit_status() -> Option<Vec<u32>> {
    let mut s = NlSocket::open(9).ok()?;
    s.set_nonblocking(true).ok()?;
    let seq = s.next_seq();
    // The kernel sends the status from a thread of its own: it may come after the ack.
    let b = MsgBuilder::new(E, 1000, 0x5, seq, 0);
    s.send(&b.finish()).ok()?;
    let mut buf = vec![0u8; 65536];
    for _ in 0..20 {
        if let Ok(nlscope::os::nlsock::RecvOutcome::Data(r)) = s.recv(&mut buf) {
            let dg = &buf[..r.len];
            let ty = u16::from_ne_bytes([dg[4], dg[5]]);
            if ty == 2 && i32::from_ne_bytes(dg[16..20].try_into().unwrap()) != 0 {
                return None; // refused (no audit for this process)
            }
            if ty == 1000 && dg.len() >= 16 + 40 {
                let at =
                    |i: usize| u32::from_ne_bytes(dg[16 + 4 * i..20 + 4 * i].try_into().unwrap());
                return Some(vec![at(1), at(2), at(3), at(4), at(5), at(9)]);
            }
            continue;
        }
        s.wait_readable(50).ok()?;
    }
    None
}

/// What a replay could change in the host.
#[derive(Debug, PartialEq, Eq)]
struct Host {
    links: String,
    addrs: String,
    netns: String,
    audit: Option<Vec<u32>>,
}

fn host() -> Host {
    Host {
        links: ip(&["-d", "-o", "link", "show"]),
        addrs: ip(&["-o", "addr", "show"]),
        // Other test binaries' scratch namespaces (`nls-…`) come and go meanwhile.
        netns: ip(&["netns", "list"])
            .lines()
            .filter(|l| !l.starts_with("nls-"))
            .collect::<Vec<_>>()
            .join("\n"),
        audit: audit_status(),
    }
}

/// Replays `cap` (with the second line of defence off when `sandbox_only`) while
/// `ip monitor all` runs on the host; returns the report and what the monitor printed.
fn replay_watched(cap: &Path, sandbox_only: bool) -> (String, String) {
    let mut monitor = Command::new("ip")
        .args(["-o", "monitor", "all"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The host's audit log (AUDIT_NLGRP_READLOG), where a replayed AUDIT_USER_* lands.
    let mut log = NlSocket::open(9).ok().filter(|l| l.join(1).is_ok());
    match &log {
        Some(l) => l.set_nonblocking(true).unwrap(),
        None => eprintln!("note: cannot join the audit log group: the audit log is not watched"),
    }
    std::thread::sleep(Duration::from_millis(200));
    let mut cmd = Command::new(NLSCOPE);
    cmd.args(["replay", "--timeout", "300"]).arg(cap);
    if sandbox_only {
        cmd.env("NLSCOPE_REPLAY_TEST_SANDBOX_ONLY", "1");
    }
    let out = cmd.output().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let _ = monitor.kill();
    let _ = monitor.wait();
    let mut audit_log = Vec::new();
    let mut buf = vec![0u8; 65536];
    while let Some(Ok(nlscope::os::nlsock::RecvOutcome::Data(r))) =
        log.as_mut().map(|l| l.recv(&mut buf))
    {
        audit_log.extend_from_slice(&buf[..r.len]);
    }
    let marker = b"nlscope-replay";
    assert!(
        !audit_log.windows(marker.len()).any(|w| w == marker),
        "the replay of {} wrote into the host's audit log",
        cap.display()
    );
    let mut seen = String::new();
    monitor
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut seen)
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "replay of {} ended with {:?}:\n{report}",
        cap.display(),
        out.status
    );
    (report, seen)
}

/// The test's lines of the monitor: events about the generated or crafted devices.
fn about_us(monitor: &str) -> Vec<&str> {
    monitor
        .lines()
        .filter(|l| {
            l.contains(PREFIX) || l.contains("nlsa") || l.contains("nlsx") || l.contains("nlsesc")
        })
        .collect()
}

fn check_unchanged(cap: &Path) {
    for sandbox_only in [false, true] {
        let before = host();
        let (report, monitor) = replay_watched(cap, sandbox_only);
        let after = host();
        assert_eq!(
            before,
            after,
            "the host changed replaying {} (sandbox only: {sandbox_only}):\n{report}",
            cap.display()
        );
        let ours = about_us(&monitor);
        assert!(
            ours.is_empty(),
            "ip monitor on the host saw the replay of {} (sandbox only: {sandbox_only}):\n{}\n{report}",
            cap.display(),
            ours.join("\n")
        );
        if !sandbox_only {
            // With both walls up, no hostile request even reaches the kernel.
            assert!(
                report.contains("not replayed"),
                "{}: {report}",
                cap.display()
            );
        }
    }
}

fn write_capture(path: &Path, msgs: &[(u16, Vec<u8>)]) {
    let f = std::fs::File::create(path).unwrap();
    let mut w = CaptureWriter::new(f, Format::Pcap, 262_144).unwrap();
    for (i, (protocol, m)) in msgs.iter().enumerate() {
        let mut data = nlmon_header(PACKET_OUTGOING, *protocol).to_vec();
        data.extend_from_slice(m);
        w.write(&Record {
            ts: Duration::new(1_700_000_000, i as u32 * 1000),
            data: &data,
            nsid: None,
        })
        .unwrap();
    }
}

fn ifinfomsg(b: &mut MsgBuilder, index: i32) {
    b.u8(0).u8(0).u16(0).i32(index).u32(0).u32(0);
}

/// Attributes that name another namespace: (type, value).
fn netns_attrs() -> Vec<(u16, u32)> {
    let mut v = vec![(19, 1)]; // IFLA_NET_NS_PID 1: the host's init
    v.extend((0..8).map(|fd| (28, fd))); // IFLA_NET_NS_FD of every small descriptor
    v.extend((0..3).map(|id| (46, id))); // IFLA_TARGET_NETNSID
    v.extend((0..3).map(|id| (37, id))); // IFLA_LINK_NETNSID
    v
}

/// `RTM_NEWLINK` of a veth whose peer goes where `peer_ns` says, with the link info
/// repeated as `layout` says.
fn veth(seq: u32, name: &str, peer_ns: (u16, u32), layout: u8) -> Vec<u8> {
    let mut b = MsgBuilder::new(E, 16, 0x605, seq, 0);
    ifinfomsg(&mut b, 0);
    b.attr_str(3, name);
    let peer = |b: &mut MsgBuilder, suffix: &str, ns: Option<(u16, u32)>| {
        let p = b.nest_start(1);
        ifinfomsg(b, 0);
        b.attr_str(3, &format!("{name}{suffix}"));
        if let Some((ty, v)) = ns {
            b.attr_u32(ty, v);
        }
        b.nest_end(p);
    };
    let li = b.nest_start(18);
    match layout {
        // one peer, plainly
        0 => {
            b.attr_str(1, "veth");
            let d = b.nest_start(2);
            peer(&mut b, "p", Some(peer_ns));
            b.nest_end(d);
        }
        // a harmless peer first, the escaping one last (the kernel keeps the last)
        1 => {
            b.attr_str(1, "veth");
            let d = b.nest_start(2);
            peer(&mut b, "a", None);
            peer(&mut b, "p", Some(peer_ns));
            b.nest_end(d);
        }
        // two data nests, two kinds: bridge first, veth last
        _ => {
            b.attr_str(1, "bridge");
            b.attr_str(1, "veth");
            let d = b.nest_start(2);
            peer(&mut b, "a", None);
            b.nest_end(d);
            let d = b.nest_start(2);
            peer(&mut b, "p", Some(peer_ns));
            b.nest_end(d);
        }
    }
    b.nest_end(li);
    b.finish()
}

/// The generated hostile captures: (file name, messages).
/// A capture's messages, each with its netlink protocol.
type Msgs = Vec<(u16, Vec<u8>)>;

fn generated() -> Vec<(String, Msgs)> {
    let mut out = Vec::new();
    let mut seq = 1000;
    let mut msgs = Vec::new();
    for (i, ns) in netns_attrs().into_iter().enumerate() {
        for layout in 0..3u8 {
            seq += 1;
            msgs.push((0, veth(seq, &format!("{PREFIX}{i}{layout}"), ns, layout)));
        }
        // A dummy created straight into the other namespace, and lo moved there.
        for index in [0, 1] {
            seq += 1;
            let mut b = MsgBuilder::new(E, 16, if index == 0 { 0x605 } else { 0x5 }, seq, 0);
            ifinfomsg(&mut b, index);
            if index == 0 {
                b.attr_str(3, &format!("{PREFIX}{i}d"));
                let li = b.nest_start(18);
                b.attr_str(1, "veth");
                b.nest_end(li);
            }
            b.attr_u32(ns.0, ns.1);
            msgs.push((0, b.finish()));
        }
    }
    out.push(("netns-attributes.pcap".to_owned(), msgs));
    // RTM_NEWNSID naming the host's init and descriptors; lo taken down (inside the
    // sandbox that is the sandbox's own lo).
    let mut msgs = Vec::new();
    for (ty, v) in [(3u16, 1u32), (2, 0), (2, 1), (2, 2), (2, 3)] {
        seq += 1;
        let mut b = MsgBuilder::new(E, 88, 0x5, seq, 0);
        b.u8(0).zeros(3);
        b.attr_u32(1, 7).attr_u32(ty, v); // NETNSA_NSID 7, NETNSA_PID / NETNSA_FD
        msgs.push((0, b.finish()));
    }
    seq += 1;
    let mut b = MsgBuilder::new(E, 16, 0x5, seq, 0);
    b.u8(0).u8(0).u16(0).i32(1).u32(0).u32(1); // lo: IFF_UP cleared
    msgs.push((0, b.finish()));
    out.push(("nsid-and-lo.pcap".to_owned(), msgs));
    // Audit: a harmless setting (backlog_limit) and a user message; never a value that
    // could hurt the host if it leaked (enabled=2 or failure=2).
    let mut msgs = Vec::new();
    seq += 1;
    let mut b = MsgBuilder::new(E, 1001, 0x5, seq, 0);
    b.u32(0x10).zeros(16).u32(77).zeros(20); // AUDIT_STATUS_BACKLOG_LIMIT, 77
    msgs.push((9, b.finish()));
    seq += 1;
    let mut b = MsgBuilder::new(E, 1107, 0x5, seq, 0);
    b.bytes(b"nlscope-replay-hostile-test\0");
    msgs.push((9, b.finish()));
    out.push(("audit.pcap".to_owned(), msgs));
    out
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nls-hostile-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// One test for all captures: replays run one at a time, so that the host's monitor
/// sees only its own replay.
#[test]
fn hostile_replays_leave_the_host_unchanged() {
    if !is_root() {
        eprintln!("skipped: replaying needs root (this test reads the host before and after)");
        return;
    }
    let dir = scratch("gen");
    let mut files = Vec::new();
    for (name, msgs) in generated() {
        let p = dir.join(name);
        write_capture(&p, &msgs);
        files.push(p);
    }
    let adversarial = Path::new(SHARED).join("adversarial");
    match std::fs::read_dir(&adversarial) {
        Ok(rd) => {
            let mut crafted: Vec<PathBuf> = rd
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("replay-") && n.ends_with(".pcap"))
                })
                .collect();
            crafted.sort();
            assert!(
                !crafted.is_empty(),
                "no replay-*.pcap in {}",
                adversarial.display()
            );
            files.extend(crafted);
        }
        Err(e) => eprintln!(
            "note: {} not readable ({e}): only the generated captures are replayed",
            adversarial.display()
        ),
    }
    if audit_status().is_none() {
        eprintln!("note: this kernel answers no AUDIT_GET: the audit status is not compared");
    }
    for f in &files {
        check_unchanged(f);
    }
    eprintln!(
        "{} hostile captures replayed twice each; the host unchanged",
        files.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The generated audit capture in a scratch directory of its own: (directory, file).
fn audit_capture(tag: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(tag);
    let p = dir.join("audit.pcap");
    let (_, msgs) = generated()
        .into_iter()
        .find(|(n, _)| n == "audit.pcap")
        .unwrap();
    write_capture(&p, &msgs);
    (dir, p)
}

/// Audit requests are never sent: the report names them host-global, with the family.
#[test]
fn audit_requests_are_not_replayed_but_reported_host_global() {
    if !is_root() {
        eprintln!("skipped: replaying needs root");
        return;
    }
    let (dir, p) = audit_capture("audit");
    let out = Command::new(NLSCOPE)
        .args(["replay", "--report", "json"])
        .arg(&p)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reqs = v["requests"].as_array().unwrap();
    assert_eq!(reqs.len(), 2);
    for r in reqs {
        let why = r["not_replayed"].as_str().unwrap_or_default();
        assert!(why.starts_with("host-global"), "{r}");
        assert!(why.contains("AUDIT"), "{r}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--host-global` (every request, audit included) is for the throwaway VM only.
#[test]
fn host_global_is_refused_outside_the_throwaway_vm() {
    let (dir, p) = audit_capture("refuse");
    let out = Command::new(NLSCOPE)
        .args(["replay", "--netns-self", "--host-global"])
        .arg(&p)
        .env_remove("NLSCOPE_THROWAWAY_VM")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("throwaway VM"), "{err}");
    assert!(out.stdout.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}
