//! Set-up and readers shared by the live capture tests (`tests/live_capture.rs`):
//! network namespaces, scratch directories and small tmpfs mounts removed on
//! drop, a running `nlscope capture` with its stderr, the [`fresh`] fixture,
//! and a minimal pcap/pcapng and netlink parser of their own (independent of
//! nlscope's reader, which the tests check against it).
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_nlscope");

// ---------------------------------------------------------------- set-up

pub fn can_run() -> bool {
    if !nix_is_root() {
        eprintln!("SKIP: live capture tests need root");
        return false;
    }
    let ok = Command::new("ip")
        .args(["netns", "list"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        eprintln!("SKIP: `ip netns` is not available");
    }
    ok
}

pub fn nix_is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

pub static NS_COUNTER: AtomicU32 = AtomicU32::new(0);

/// A network namespace removed on drop (also when the test fails).
pub struct Netns(pub String);

impl Netns {
    pub fn new() -> Netns {
        let name = format!(
            "nls-test-{}-{}",
            std::process::id(),
            NS_COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        run("ip", &["netns", "add", &name]);
        Netns(name)
    }
    pub fn ip(&self, args: &str) {
        let mut a = vec!["-n", self.0.as_str()];
        a.extend(args.split_whitespace());
        run("ip", &a);
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip").args(["netns", "del", &self.0]).status();
    }
}

pub fn run(cmd: &str, args: &[&str]) {
    let out = Command::new(cmd).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A scratch directory per test, removed when the test passes and kept
/// (and named) when it fails.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new() -> Scratch {
        let n = NS_COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("nls-live-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
    pub fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("test files kept in {}", self.0.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// A running `nlscope capture`, its stderr collected by a thread.
pub struct Capture {
    pub child: Child,
    pub lines: mpsc::Receiver<String>,
    pub stderr: Vec<String>,
}

impl Capture {
    pub fn start(args: &[&str]) -> Capture {
        let mut child = Command::new(BIN)
            .arg("capture")
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let err = child.stderr.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for l in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = tx.send(l);
            }
        });
        let mut c = Capture {
            child,
            lines,
            stderr: Vec::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while !c.stderr.iter().any(|l| l.contains("capturing via")) {
            let left = deadline.saturating_duration_since(Instant::now());
            match c.lines.recv_timeout(left) {
                Ok(l) => c.stderr.push(l),
                Err(_) => {
                    let _ = c.child.kill();
                    panic!("capture did not start: {:?}", c.stderr);
                }
            }
        }
        c
    }

    pub fn signal(&mut self, sig: &str) -> (Option<i32>, Vec<String>) {
        run("kill", &[&format!("-{sig}"), &self.child.id().to_string()]);
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            assert!(Instant::now() < deadline, "capture did not stop on {sig}");
            std::thread::sleep(Duration::from_millis(20));
        };
        while let Ok(l) = self.lines.recv_timeout(Duration::from_millis(500)) {
            self.stderr.push(l);
        }
        (status.code(), self.stderr.clone())
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------- parsing

#[derive(Debug, Clone)]
pub struct Rec {
    pub family: u16,
    pub data: Vec<u8>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Msg {
    pub family: u16,
    pub ty: u16,
    pub flags: u16,
    pub seq: u32,
    pub payload: Vec<u8>,
    pub rec: usize,
}

pub fn ne16(b: &[u8]) -> u16 {
    u16::from_ne_bytes([b[0], b[1]])
}
pub fn ne32(b: &[u8]) -> u32 {
    u32::from_ne_bytes([b[0], b[1], b[2], b[3]])
}

/// Reads a pcap file; returns the link type and complete records (a cut
/// last record, as SIGKILL could leave, is reported as the bool).
pub fn read_pcap(path: &Path) -> (u32, Vec<Rec>, bool) {
    let b = std::fs::read(path).unwrap();
    assert!(b.len() >= 24, "pcap shorter than its header");
    assert_eq!(ne32(&b[0..4]), 0xa1b2_c3d4, "host-order microsecond magic");
    assert_eq!((ne16(&b[4..6]), ne16(&b[6..8])), (2, 4));
    let linktype = ne32(&b[20..24]);
    let snaplen = ne32(&b[16..20]) as usize;
    let mut off = 24;
    let mut recs = vec![];
    while off < b.len() {
        if off + 16 > b.len() {
            return (linktype, recs, true);
        }
        let caplen = ne32(&b[off + 8..off + 12]) as usize;
        let len = ne32(&b[off + 12..off + 16]) as usize;
        assert!(
            caplen <= len && caplen <= snaplen,
            "caplen {caplen} len {len}"
        );
        if off + 16 + caplen > b.len() {
            return (linktype, recs, true);
        }
        recs.push(nlmon_rec(&b[off + 16..off + 16 + caplen], None));
        off += 16 + caplen;
    }
    (linktype, recs, false)
}

pub fn nlmon_rec(d: &[u8], comment: Option<String>) -> Rec {
    assert!(d.len() >= 16, "record shorter than the nlmon header");
    assert_eq!(
        &d[0..14],
        &[0, 4, 3, 0x38, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        "nlmon header"
    );
    Rec {
        family: u16::from_be_bytes([d[14], d[15]]),
        data: d[16..].to_vec(),
        comment,
    }
}

/// Reads a pcapng file written by nlscope (one section, one interface).
pub fn read_pcapng(path: &Path) -> Vec<Rec> {
    let b = std::fs::read(path).unwrap();
    let mut off = 0;
    let mut recs = vec![];
    let mut linktype = None;
    while off < b.len() {
        let ty = ne32(&b[off..]);
        let len = ne32(&b[off + 4..]) as usize;
        assert_eq!(
            ne32(&b[off + len - 4..]) as usize,
            len,
            "trailing block length"
        );
        let body = &b[off + 8..off + len - 4];
        match ty {
            0x0a0d_0d0a => assert_eq!(ne32(body), 0x1a2b_3c4d),
            1 => linktype = Some(ne16(body)),
            6 => {
                let caplen = ne32(&body[12..]) as usize;
                let data = &body[20..20 + caplen];
                let mut o = 20 + caplen.div_ceil(4) * 4;
                let mut comment = None;
                while o + 4 <= body.len() {
                    let (code, l) = (ne16(&body[o..]), ne16(&body[o + 2..]) as usize);
                    if code == 0 {
                        break;
                    }
                    if code == 1 {
                        comment = Some(String::from_utf8(body[o + 4..o + 4 + l].to_vec()).unwrap());
                    }
                    o += 4 + l.div_ceil(4) * 4;
                }
                recs.push(nlmon_rec(data, comment));
            }
            other => panic!("unexpected block {other:#x}"),
        }
        off += len;
    }
    assert_eq!(linktype, Some(253));
    recs
}

/// Splits records into netlink messages; panics on a framing error, so a
/// record that does not walk exactly to its end fails the test.
pub fn messages(recs: &[Rec]) -> Vec<Msg> {
    let mut out = vec![];
    for (i, r) in recs.iter().enumerate() {
        let d = &r.data;
        let mut off = 0;
        while off < d.len() {
            assert!(off + 16 <= d.len(), "record {i}: cut header at {off}");
            let len = ne32(&d[off..]) as usize;
            assert!(
                len >= 16 && off + len <= d.len(),
                "record {i}: nlmsg_len {len} at {off}"
            );
            out.push(Msg {
                family: r.family,
                ty: ne16(&d[off + 4..]),
                flags: ne16(&d[off + 6..]),
                seq: ne32(&d[off + 8..]),
                payload: d[off + 16..off + len].to_vec(),
                rec: i,
            });
            off += len.div_ceil(4) * 4;
        }
    }
    out
}

pub fn attrs(mut b: &[u8]) -> Vec<(u16, Vec<u8>)> {
    let mut out = vec![];
    while b.len() >= 4 {
        let len = ne16(b) as usize;
        assert!(len >= 4 && len <= b.len(), "nla_len {len}");
        out.push((ne16(&b[2..]) & 0x3fff, b[4..len].to_vec()));
        b = &b[(len.div_ceil(4) * 4).min(b.len())..];
    }
    out
}

/// Fixed header length of the rtnetlink message types the tests look at.
pub fn fixed_len(ty: u16) -> usize {
    match ty {
        16..=19 => 16, // ifinfomsg
        20..=23 => 8,  // ifaddrmsg
        24..=27 => 12, // rtmsg
        28..=31 => 12, // ndmsg
        _ => 0,
    }
}

/// The attribute `at` of a route message, as a string (names) or bytes.
pub fn attr(m: &Msg, at: u16) -> Option<Vec<u8>> {
    let fl = fixed_len(m.ty);
    if m.payload.len() < fl {
        return None;
    }
    attrs(&m.payload[fl..])
        .into_iter()
        .find(|(t, _)| *t == at)
        .map(|(_, v)| v)
}

pub fn name(m: &Msg) -> Option<String> {
    // IFLA_IFNAME 3, IFA_LABEL 3
    attr(m, 3).map(|v| String::from_utf8_lossy(v.split(|&c| c == 0).next().unwrap()).into_owned())
}

pub fn has_tshark() -> bool {
    Command::new("tshark")
        .arg("-v")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// tshark reads the whole file without complaint.
pub fn tshark_reads(path: &Path) {
    if !has_tshark() {
        eprintln!("note: tshark not installed, cross-check skipped");
        return;
    }
    let out = Command::new("tshark").arg("-r").arg(path).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "tshark failed: {err}");
    assert!(
        !err.contains("appears to have been cut short") && !err.contains("isn't a capture file"),
        "{err}"
    );
}

pub fn summary(stderr: &[String]) -> (u64, u64) {
    let line = stderr
        .iter()
        .find(|l| l.contains("records captured"))
        .unwrap_or_else(|| panic!("no summary: {stderr:?}"));
    let nums: Vec<u64> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (nums[0], nums[1])
}

/// The devices of namespace `ns` as `ip -o link` prints them.
pub fn links_of(ns: &Netns) -> String {
    let out = Command::new("ip")
        .args(["-n", &ns.0, "-o", "link"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whether this kernel can make nlmon devices (tried in `ns`).
pub fn has_nlmon(ns: &Netns) -> bool {
    let probe = Command::new("ip")
        .args(["-n", &ns.0, "link", "add", "nlsprobe", "type", "nlmon"])
        .output()
        .unwrap();
    if probe.status.success() {
        ns.ip("link del nlsprobe");
    }
    probe.status.success()
}

/// A tmpfs of `size` mounted on a fresh directory, unmounted on drop.
pub struct Tmpfs(pub PathBuf);

impl Tmpfs {
    pub fn mount(dir: PathBuf, size: &str) -> Result<Tmpfs, String> {
        std::fs::create_dir_all(&dir).unwrap();
        let out = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(&dir)
            .output()
            .map_err(|e| format!("mount: {e}"))?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
        Ok(Tmpfs(dir))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

// ---------------------------------------------------------------- fixture

/// What most tests start with: root and `ip netns` checked, a fresh network
/// namespace and a scratch directory, both removed at the end. None (after
/// saying why) when the tests cannot run here.
pub fn fresh() -> Option<(Netns, Scratch)> {
    if !can_run() {
        return None;
    }
    Some((Netns::new(), Scratch::new()))
}

impl Netns {
    /// Starts `nlscope capture --netns NS ARGS` and waits until it captures.
    pub fn capture(&self, args: &[&str]) -> Capture {
        let mut a = vec!["--netns", self.0.as_str()];
        a.extend_from_slice(args);
        Capture::start(&a)
    }

    /// Runs `nlscope capture --netns NS ARGS` to its end.
    pub fn capture_once(&self, args: &[&str]) -> std::process::Output {
        Command::new(BIN)
            .args(["capture", "--netns", &self.0])
            .args(args)
            .output()
            .unwrap()
    }
}
