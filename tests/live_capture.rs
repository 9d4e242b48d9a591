//! Live capture tests: run the built `nlscope capture` in fresh network
//! namespaces (created and removed by the tests), change things there with
//! `ip`, and read the capture back with the minimal pcap/pcapng parser of
//! `tests/common/live.rs`, nlscope's own reader, and tshark when installed.
//!
//! They need root and `ip netns`; a test that cannot run says why and passes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "common/live.rs"]
mod live;

use live::*;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- tests

/// A test on one message.
type Pred<'a> = &'a dyn Fn(&Msg) -> bool;

const NLM_F_REQUEST: u16 = 1;
const NLM_F_MULTI: u16 = 2;

#[test]
fn listen_capture_in_fresh_netns_sees_dumps_then_each_change() {
    let Some((ns, scratch)) = fresh() else {
        return;
    };
    let file = scratch.file("fresh.pcap");
    let f = file.to_str().unwrap();
    let mut cap = ns.capture(&["--dump", "link,addr,route", "-w", f]);
    ns.ip("link add nlsv0 type veth peer name nlsv1");
    ns.ip("link add nlsbr0 type bridge");
    ns.ip("link set nlsv1 master nlsbr0");
    ns.ip("link set nlsv0 up");
    ns.ip("link set nlsv1 up");
    ns.ip("link set nlsbr0 up");
    ns.ip("addr add 10.77.0.1/24 dev nlsv0");
    ns.ip("route add 10.78.0.0/24 via 10.77.0.2 dev nlsv0");
    ns.ip("neigh add 10.77.0.9 lladdr 02:00:00:00:00:09 dev nlsv0");
    ns.ip("link set nlsv0 mtu 1400");
    ns.ip("neigh del 10.77.0.9 dev nlsv0");
    ns.ip("route del 10.78.0.0/24");
    ns.ip("addr del 10.77.0.1/24 dev nlsv0");
    ns.ip("link del nlsbr0");
    ns.ip("link del nlsv0");
    // no pause: what the kernel queued before SIGINT is still written
    let (code, stderr) = cap.signal("INT");
    assert_eq!(code, Some(0), "{stderr:?}");
    let (captured, lost) = summary(&stderr);
    assert_eq!(lost, 0);

    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "capture file mode");
    let (linktype, recs, cut) = read_pcap(&file);
    assert_eq!(linktype, 253);
    assert!(!cut);
    assert_eq!(recs.len() as u64, captured);
    tshark_reads(&file);

    let msgs = messages(&recs);
    let route: Vec<&Msg> = msgs.iter().filter(|m| m.family == 0).collect();
    // The three dumps come first: request, multipart replies, DONE, in order.
    let mut i = 0;
    for want in [18u16, 22, 26] {
        let req = route[i];
        assert_eq!(
            (req.ty, req.flags),
            (want, NLM_F_REQUEST | 0x300),
            "dump request {want} at {i}"
        );
        i += 1;
        while route[i].ty != 3 {
            assert_eq!(route[i].seq, req.seq, "reply to {want}");
            assert_ne!(route[i].flags & NLM_F_MULTI, 0);
            assert_eq!(route[i].ty, want - 2, "reply type to {want}");
            i += 1;
        }
        assert_eq!(route[i].seq, req.seq);
        i += 1;
    }
    // The link dump of a fresh namespace holds lo.
    assert!(route
        .iter()
        .take(i)
        .any(|m| m.ty == 16 && name(m).as_deref() == Some("lo")));
    let events: Vec<&Msg> = route[i..].to_vec();
    // (notifications carry the seq of the `ip` request that caused them)
    assert!(
        events.iter().all(|m| m.flags & NLM_F_REQUEST == 0),
        "only notifications after the dumps"
    );

    let pos =
        |ty: u16, pred: &dyn Fn(&Msg) -> bool| events.iter().position(|m| m.ty == ty && pred(m));
    let named = |n: &'static str| move |m: &Msg| name(m).as_deref() == Some(n);
    let dst = |d: [u8; 4]| move |m: &Msg| attr(m, 1).as_deref() == Some(&d[..]);
    for n in ["nlsv0", "nlsv1", "nlsbr0"] {
        assert!(pos(16, &named(n)).is_some(), "RTM_NEWLINK {n}");
    }
    let mtu = events.iter().any(|m| {
        m.ty == 16
            && name(m).as_deref() == Some("nlsv0")
            && attr(m, 4).as_deref() == Some(&1400u32.to_ne_bytes()[..])
    });
    assert!(mtu, "RTM_NEWLINK nlsv0 with IFLA_MTU 1400");
    let pairs: [(u16, u16, Pred<'_>, &str); 5] = [
        (20, 21, &named("nlsv0"), "addr 10.77.0.1 (IFA_LABEL nlsv0)"),
        (24, 25, &dst([10, 78, 0, 0]), "route 10.78.0.0/24"),
        (28, 29, &dst([10, 77, 0, 9]), "neigh 10.77.0.9"),
        (16, 17, &named("nlsbr0"), "link nlsbr0"),
        (16, 17, &named("nlsv0"), "link nlsv0"),
    ];
    for (new, del, pred, what) in pairs {
        let a = pos(new, pred).unwrap_or_else(|| panic!("no NEW for {what}"));
        let d = events
            .iter()
            .rposition(|m| m.ty == del && pred(m))
            .unwrap_or_else(|| panic!("no DEL for {what}"));
        assert!(a < d, "{what}: NEW after DEL");
    }
    // The interface index of nlsv0 is the one in its address, route and
    // neighbour notifications (ifa_index, RTA_OIF, ndm_ifindex).
    let v0 = events
        .iter()
        .find(|m| m.ty == 16 && name(m).as_deref() == Some("nlsv0"))
        .unwrap();
    let idx = &v0.payload[4..8];
    let addr = events
        .iter()
        .find(|m| m.ty == 20 && name(m).as_deref() == Some("nlsv0"))
        .unwrap();
    assert_eq!(&addr.payload[4..8], idx, "ifa_index");
    let rt = events
        .iter()
        .find(|m| m.ty == 24 && attr(m, 1).as_deref() == Some(&[10, 78, 0, 0][..]))
        .unwrap();
    assert_eq!(attr(rt, 4).as_deref(), Some(idx), "RTA_OIF");
    let nb = events
        .iter()
        .find(|m| m.ty == 28 && attr(m, 1).as_deref() == Some(&[10, 77, 0, 9][..]))
        .unwrap();
    assert_eq!(&nb.payload[4..8], idx, "ndm_ifindex");
    assert_eq!(
        attr(nb, 2).as_deref(),
        Some(&[2, 0, 0, 0, 0, 9][..]),
        "NDA_LLADDR"
    );
    // The generic family's nlctrl dump was recorded too (ids for decoders).
    assert!(msgs
        .iter()
        .any(|m| m.family == 16 && m.ty == 0x10 && m.flags & NLM_F_MULTI != 0));
}

#[test]
fn sigterm_ends_cleanly_with_summary() {
    let Some((ns, scratch)) = fresh() else {
        return;
    };
    let file = scratch.file("term.pcapng");
    let mut cap = ns.capture(&["--pcapng", "-w", file.to_str().unwrap()]);
    ns.ip("link add nlsd0 type veth peer name nlsd1");
    std::thread::sleep(Duration::from_millis(200));
    let (code, stderr) = cap.signal("TERM");
    assert_eq!(code, Some(0), "{stderr:?}");
    assert!(
        stderr
            .iter()
            .any(|l| l.contains("SIGTERM") && l.contains("records captured")),
        "{stderr:?}"
    );
    let recs = read_pcapng(&file);
    let msgs = messages(&recs);
    assert!(msgs
        .iter()
        .any(|m| m.family == 0 && m.ty == 16 && name(m).as_deref() == Some("nlsd0")));
    tshark_reads(&file);
}

#[test]
fn sigkill_leaves_only_complete_records() {
    let Some((ns, scratch)) = fresh() else {
        return;
    };
    ns.ip("link add nlsk0 type veth peer name nlsk1");
    ns.ip("link set nlsk0 up");
    ns.ip("addr add 10.80.0.1/16 dev nlsk0");
    let batch = scratch.file("kill.batch");
    let cmds: String = (0..4000)
        .map(|i| format!("route add 10.81.{}.{}/32 dev nlsk0\n", i / 250, i % 250))
        .collect();
    std::fs::write(&batch, cmds).unwrap();
    let file = scratch.file("kill.pcap");
    let mut cap = ns.capture(&["--family", "route", "-w", file.to_str().unwrap()]);
    let mut gen = Command::new("ip")
        .args(["-n", &ns.0, "-batch"])
        .arg(&batch)
        .spawn()
        .unwrap();
    // kill once records are being written, mid-burst
    let t0 = Instant::now();
    while std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0) < 24 + 10 * 100
        && t0.elapsed() < Duration::from_secs(10)
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    let (code, _) = cap.signal("KILL");
    assert_eq!(code, None, "killed by a signal");
    gen.wait().unwrap();
    let (linktype, recs, _cut) = read_pcap(&file);
    assert_eq!(linktype, 253);
    let msgs = messages(&recs); // panics on any framing error inside a record
    eprintln!(
        "after SIGKILL: {} complete records, {} messages",
        recs.len(),
        msgs.len()
    );
    assert!(!recs.is_empty(), "nothing was flushed before SIGKILL");
    tshark_reads(&file);
}

#[test]
fn pcapng_records_nsid_of_other_namespaces() {
    if !can_run() {
        return;
    }
    let scratch = Scratch::new();
    let here = Netns::new();
    let there = Netns::new();
    // give `there` the id 7 inside `here`
    run("ip", &["-n", &here.0, "netns", "set", &there.0, "7"]);
    let file = scratch.file("nsid.pcapng");
    let mut cap = Capture::start(&[
        "--netns",
        &here.0,
        "--pcapng",
        "--family",
        "route",
        "-w",
        file.to_str().unwrap(),
    ]);
    there.ip("link add nlsn0 type veth peer name nlsn1");
    here.ip("link add nlsh0 type veth peer name nlsh1");
    std::thread::sleep(Duration::from_millis(300));
    let (code, stderr) = cap.signal("INT");
    assert_eq!(code, Some(0), "{stderr:?}");
    let recs = read_pcapng(&file);
    let msgs = messages(&recs);
    let comment_of = |n: &str| {
        let m = msgs
            .iter()
            .find(|m| m.family == 0 && m.ty == 16 && name(m).as_deref() == Some(n))
            .unwrap_or_else(|| panic!("no NEWLINK {n}"));
        recs[m.rec].comment.clone()
    };
    assert_eq!(comment_of("nlsn0").as_deref(), Some("nsid=7"));
    assert_eq!(comment_of("nlsh0"), None);
}

#[test]
fn via_nlmon_without_nlmon_fails_clearly_and_auto_falls_back() {
    let Some((ns, scratch)) = fresh() else {
        return;
    };
    if has_nlmon(&ns) {
        eprintln!("SKIP: this kernel has nlmon; the fallback cannot be tested here");
        return;
    }
    let file = scratch.file("nlmon.pcap");
    let out = ns.capture_once(&["--via", "nlmon", "-c", "1", "-w", file.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(
        err.contains("CONFIG_NLMON") && err.contains("--via listen"),
        "{err}"
    );

    let out = ns.capture_once(&[
        "--dump",
        "link",
        "--duration",
        "0.2",
        "-w",
        file.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(
        warnings[0].contains("nlmon") && warnings[0].contains("only notifications"),
        "{err}"
    );
    // no device left behind
    assert!(!links_of(&ns).contains("nlscope"));
}

/// Runs `2 * n` route changes in a fresh namespace through `ip -batch` while
/// capturing with `extra` arguments; `stall` stops the capture process
/// (SIGSTOP) during the burst so its queue must overflow. Returns
/// (generated, seen, lost, seconds the batch took).
fn route_burst(
    scratch: &Scratch,
    n: usize,
    extra: &[&str],
    stall: bool,
) -> (usize, usize, u64, f64) {
    let ns = Netns::new();
    ns.ip("link add nlsb0 type veth peer name nlsb1");
    ns.ip("link set nlsb0 up");
    ns.ip("addr add 10.90.0.1/16 dev nlsb0");
    let mut cmds = String::new();
    for verb in ["add", "del"] {
        for i in 0..n {
            cmds.push_str(&format!(
                "route {verb} 10.91.{}.{}/32 dev nlsb0\n",
                i / 250,
                i % 250
            ));
        }
    }
    let batch = scratch.file(&format!("{}.batch", ns.0));
    std::fs::write(&batch, cmds).unwrap();
    let file = scratch.file(&format!("{}.pcap", ns.0));
    let mut args = vec![
        "--netns",
        ns.0.as_str(),
        "--family",
        "route",
        "-w",
        file.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let mut cap = Capture::start(&args);
    let pid = cap.child.id().to_string();
    if stall {
        run("kill", &["-STOP", &pid]);
    }
    let t0 = Instant::now();
    run("ip", &["-n", &ns.0, "-batch", batch.to_str().unwrap()]);
    let took = t0.elapsed().as_secs_f64();
    if stall {
        run("kill", &["-CONT", &pid]);
    }
    std::thread::sleep(Duration::from_millis(500));
    let (code, stderr) = cap.signal("INT");
    assert_eq!(code, Some(0), "{stderr:?}");
    let (_, lost) = summary(&stderr);
    let (_, recs, _) = read_pcap(&file);
    let msgs = messages(&recs);
    let ours = |m: &&Msg| {
        matches!(m.ty, 24 | 25)
            && attr(m, 1).is_some_and(|d| d.len() == 4 && d[0] == 10 && d[1] == 91)
    };
    let seen = msgs.iter().filter(ours).count();
    let generated = 2 * n;
    eprintln!(
        "burst{}: {generated} route changes in {took:.2} s ({:.0} messages/s), captured {seen}, reported lost {lost}; {}",
        if stall { " (capture stalled)" } else { "" },
        generated as f64 / took,
        stderr.last().unwrap()
    );
    (generated, seen, lost, took)
}

#[test]
fn burst_of_route_changes_is_counted() {
    if !can_run() {
        return;
    }
    let scratch = Scratch::new();
    let (generated, seen, lost, _) = route_burst(&scratch, 3000, &[], false);
    // every message is either in the file or in the kernel's drop count
    assert_eq!(seen as u64 + lost, generated as u64);
}

#[test]
fn overrun_is_counted_exactly_not_silent() {
    if !can_run() {
        return;
    }
    let scratch = Scratch::new();
    // 64 KiB receive buffer and a stopped reader: the queue must overflow.
    let (generated, seen, lost, _) = route_burst(&scratch, 3000, &["-B", "64"], true);
    assert!(lost > 0, "a stalled 64 KiB queue lost nothing?");
    assert_eq!(seen as u64 + lost, generated as u64);
}

#[test]
fn count_duration_stdout_and_snaplen() {
    let Some((ns, scratch)) = fresh() else {
        return;
    };
    // -c: stops by itself after COUNT records (the 3 of the link dump + 2).
    let file = scratch.file("count.pcap");
    let mut cap = ns.capture(&[
        "--family",
        "route",
        "--dump",
        "link",
        "-c",
        "5",
        "-w",
        file.to_str().unwrap(),
    ]);
    for i in 0..6 {
        if cap.child.try_wait().unwrap().is_some() {
            break;
        }
        ns.ip(&format!("link add nlsc{i} type veth peer name nlsp{i}"));
        std::thread::sleep(Duration::from_millis(100));
    }
    let status = cap.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let (_, recs, _) = read_pcap(&file);
    assert_eq!(recs.len(), 5);

    // --duration with -w - (stdout) and a snap length: the pipe carries a valid pcap.
    let out = ns.capture_once(&[
        "--family",
        "route",
        "--dump",
        "link",
        "--duration",
        "0.3",
        "--snaplen",
        "40",
        "-w",
        "-",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let piped = scratch.file("stdout.pcap");
    std::fs::write(&piped, &out.stdout).unwrap();
    let (linktype, recs, cut) = read_pcap(&piped);
    assert_eq!((linktype, cut), (253, false));
    assert!(recs.len() >= 3, "link dump request, replies, done");
    assert!(
        recs.iter().all(|r| r.data.len() + 16 <= 40),
        "snap length applied"
    );
    assert!(
        recs.iter().any(|r| r.data.len() + 16 == 40),
        "long records cut to 40"
    );
    tshark_reads(&piped);
}

#[test]
fn rotation_by_time_and_size() {
    let Some((ns, scratch)) = fresh() else {
        return;
    };
    let dir = scratch.file("rot");
    std::fs::create_dir_all(&dir).unwrap();
    // -G 1 -W 3: a new file (strftime name) each second, stop after 3 files.
    let pattern = dir.join("g-%s.pcap");
    let mut cap = ns.capture(&[
        "--family",
        "route",
        "-G",
        "1",
        "-W",
        "3",
        "-w",
        pattern.to_str().unwrap(),
    ]);
    let t0 = Instant::now();
    let mut i = 0;
    while cap.child.try_wait().unwrap().is_none() {
        assert!(
            t0.elapsed() < Duration::from_secs(15),
            "-G 1 -W 3 did not end"
        );
        ns.ip(&format!("link add nlsg{i} type veth peer name nlsq{i}"));
        ns.ip(&format!("link del nlsg{i}"));
        i += 1;
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(cap.child.wait().unwrap().code(), Some(0));
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 3, "{files:?}");
    for f in &files {
        assert_eq!(
            std::fs::metadata(f).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let (lt, recs, cut) = read_pcap(f);
        assert_eq!((lt, cut), (253, false));
        assert!(!recs.is_empty(), "{f:?} empty");
        messages(&recs);
    }

    // -C 1 -W 2: files F0 and F1 of just over 1 MB, reused in turn.
    ns.ip("link add nlsr0 type veth peer name nlsr1");
    ns.ip("link set nlsr0 up");
    ns.ip("addr add 10.95.0.1/16 dev nlsr0");
    let mut cmds = String::new();
    for verb in ["add", "del"] {
        for i in 0..15000 {
            cmds.push_str(&format!(
                "route {verb} 10.96.{}.{}/32 dev nlsr0\n",
                i / 250,
                i % 250
            ));
        }
    }
    let batch = dir.join("c.batch");
    std::fs::write(&batch, cmds).unwrap();
    let base = dir.join("c.pcap");
    let mut cap = ns.capture(&[
        "--family",
        "route",
        "-C",
        "1",
        "-W",
        "2",
        "-w",
        base.to_str().unwrap(),
    ]);
    run("ip", &["-n", &ns.0, "-batch", batch.to_str().unwrap()]);
    std::thread::sleep(Duration::from_millis(300));
    let (code, stderr) = cap.signal("INT");
    assert_eq!(code, Some(0), "{stderr:?}");
    assert!(!base.exists(), "with -W the names are numbered");
    for n in ["c.pcap0", "c.pcap1"] {
        let p = dir.join(n);
        let len = std::fs::metadata(&p).unwrap().len();
        assert!(len <= 1_000_000 + 2000, "{n}: {len} bytes");
        let (_, recs, cut) = read_pcap(&p);
        assert!(!cut && !recs.is_empty());
    }
    assert!(!dir.join("c.pcap2").exists());
}

#[test]
fn missing_privileges_are_named() {
    if !can_run() {
        return;
    }
    let has_setpriv = Command::new("setpriv")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !has_setpriv {
        eprintln!("SKIP: setpriv (util-linux) not installed");
        return;
    }
    let ns = Netns::new();
    let out = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            BIN,
        ])
        .args(["capture", "--netns", &ns.0, "--duration", "0.1", "-w", "-"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("CAP_SYS_ADMIN"), "names the capability: {err}");

    let nobody = |args: &[&str]| {
        Command::new("setpriv")
            .args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--inh-caps=-all",
                "--bounding-set=-all",
                BIN,
            ])
            .arg("capture")
            .args(args)
            .current_dir(std::env::temp_dir())
            .output()
            .unwrap()
    };
    // creating nlmon needs CAP_NET_ADMIN (checked before the kind exists)
    let out = nobody(&["--via", "nlmon", "--duration", "0.1", "-w", "-"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("CAP_NET_ADMIN"), "{err}");
    // listening unprivileged works, and says what it could not join
    let out = nobody(&["--duration", "0.1", "-w", "-"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("netfilter: not captured: permission denied (needs CAP_NET_ADMIN)"),
        "{err}"
    );
    assert!(err.contains("CAP_NET_BROADCAST"), "{err}");
}

/// Runs only on a kernel with nlmon (e.g. the nlmon VM); skipped here.
#[test]
fn nlmon_capture_sees_requests_and_replies_and_cleans_up() {
    let Some((ns, scratch)) = fresh() else {
        return;
    };
    if !has_nlmon(&ns) {
        eprintln!("SKIP: this kernel has no nlmon (CONFIG_NLMON); the nlmon path is tested in the nlmon VM");
        return;
    }
    let file = scratch.file("nlmon.pcap");
    let mut cap = ns.capture(&["--via", "nlmon", "-w", file.to_str().unwrap()]);
    assert!(
        cap.stderr
            .iter()
            .any(|l| l.contains("capturing via nlmon") && l.contains("(created)")),
        "{:?}",
        cap.stderr
    );
    ns.ip("link add nlsm0 type veth peer name nlsm1");
    ns.ip("link show");
    std::thread::sleep(Duration::from_millis(300));
    let (code, stderr) = cap.signal("INT");
    assert_eq!(code, Some(0), "{stderr:?}");
    let line = stderr
        .iter()
        .find(|l| l.contains("records captured"))
        .unwrap();
    assert!(
        line.contains("packet socket drops") && !line.contains("unknown"),
        "{line}"
    );
    let (linktype, recs, cut) = read_pcap(&file);
    assert_eq!((linktype, cut), (253, false));
    let msgs = messages(&recs);
    // ip's own request and the kernel's reply: what listening cannot see
    assert!(msgs.iter().any(|m| m.family == 0
        && m.ty == 16
        && m.flags & NLM_F_REQUEST != 0
        && name(m).as_deref() == Some("nlsm0")));
    assert!(msgs
        .iter()
        .any(|m| m.family == 0 && m.ty == 18 && m.flags & NLM_F_REQUEST != 0));
    assert!(msgs.iter().any(|m| m.family == 0 && m.ty == 2), "an ack");
    assert!(
        !links_of(&ns).contains("nlscope"),
        "nlmon device deleted at exit"
    );
    tshark_reads(&file);
}

#[test]
fn every_dump_kind_is_answered() {
    let Some((ns, scratch)) = fresh() else {
        return;
    };
    ns.ip("link add nlsx0 type bridge");
    let kinds =
        "link,addr,route,neigh,rule,qdisc,class,filter,neightbl,addrlabel,netconf,mdb,nsid,nexthop";
    let file = scratch.file("dumps.pcap");
    let out = ns.capture_once(&[
        "--family",
        "route",
        "--dump",
        kinds,
        "--duration",
        "0",
        "-w",
        file.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        !err.contains("kernel answered"),
        "a dump was refused: {err}"
    );
    let (_, recs, _) = read_pcap(&file);
    let msgs = messages(&recs);
    let requests: Vec<&Msg> = msgs
        .iter()
        .filter(|m| m.flags & NLM_F_REQUEST != 0)
        .collect();
    assert_eq!(requests.len(), kinds.split(',').count());
    for r in requests {
        let done = msgs.iter().any(|m| m.seq == r.seq && m.ty == 3);
        assert!(done, "no NLMSG_DONE for request type {}", r.ty);
    }
}

/// Sends an `AUDIT_USER_AVC` (1107) record with `text` on a NETLINK_AUDIT
/// socket and waits for the kernel's ack. AUDIT_USER_AVC is logged even when
/// auditing is off (`audit_receive_msg()` drops the other user types then),
/// and every logged record is multicast to the readlog group.
fn send_audit_user_avc(text: &str) -> Result<(), String> {
    use netlink_sys::{Socket, SocketAddr};
    let mut s = Socket::new(9).map_err(|e| format!("no NETLINK_AUDIT socket: {e}"))?;
    s.bind_auto().map_err(|e| format!("cannot bind: {e}"))?;
    // The kernel overwrites the last byte with a NUL: send one.
    let body = [text.as_bytes(), b"\0"].concat();
    let mut msg = Vec::new();
    msg.extend_from_slice(&(16 + body.len() as u32).to_ne_bytes());
    msg.extend_from_slice(&1107u16.to_ne_bytes());
    msg.extend_from_slice(&(NLM_F_REQUEST | 4).to_ne_bytes()); // ACK
    msg.extend_from_slice(&1u32.to_ne_bytes());
    msg.extend_from_slice(&0u32.to_ne_bytes());
    msg.extend_from_slice(&body);
    s.send_to(&msg, &SocketAddr::new(0, 0), 0)
        .map_err(|e| format!("send: {e}"))?;
    let (ack, _) = s.recv_from_full().map_err(|e| format!("recv: {e}"))?;
    assert_eq!(ne16(&ack[4..]), 2, "an NLMSG_ERROR ack");
    let code = i32::from_ne_bytes([ack[16], ack[17], ack[18], ack[19]]);
    if code != 0 {
        return Err(format!(
            "the kernel refused AUDIT_USER_AVC: {}",
            std::io::Error::from_raw_os_error(-code)
        ));
    }
    Ok(())
}

#[test]
fn audit_log_records_are_captured_and_decoded_as_text() {
    if !can_run() {
        return;
    }
    let scratch = Scratch::new();
    // Audit records are multicast only in the initial network namespace, so
    // this capture runs where the test runs, limited to the audit family.
    let file = scratch.file("audit.pcap");
    let mut cap = Capture::start(&[
        "--via",
        "listen",
        "--family",
        "audit",
        "-w",
        file.to_str().unwrap(),
    ]);
    if let Some(l) = cap
        .stderr
        .iter()
        .find(|l| l.contains("audit: not captured"))
    {
        eprintln!("SKIP: nlscope cannot join the audit log group here: {l}");
        return;
    }
    assert!(
        cap.stderr.iter().any(|l| l.contains("audit(1 groups)")),
        "{:?}",
        cap.stderr
    );
    let marker = format!("nlscope-audit-test-{}", std::process::id());
    if let Err(why) = send_audit_user_avc(&marker) {
        eprintln!("SKIP: cannot make an audit record here: {why}");
        return;
    }
    let t0 = Instant::now();
    while !std::fs::read(&file)
        .unwrap()
        .windows(marker.len())
        .any(|w| w == marker.as_bytes())
    {
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "the audit record never reached the capture"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let (code, stderr) = cap.signal("INT");
    assert_eq!(code, Some(0), "{stderr:?}");
    let (_, recs, cut) = read_pcap(&file);
    assert!(!cut);
    let msgs = messages(&recs);
    assert!(
        msgs.iter().all(|m| m.family == 9),
        "only protocol 9 records"
    );
    let ours = msgs
        .iter()
        .find(|m| m.ty == 1107 && String::from_utf8_lossy(&m.payload).contains(&marker))
        .expect("the AUDIT_USER_AVC record");
    let text = String::from_utf8_lossy(&ours.payload).into_owned();
    assert!(text.starts_with("audit("), "{text}");
    // The decoder names the type and shows the text.
    let out = Command::new(BIN).arg("decode").arg(&file).output().unwrap();
    assert!(out.status.success());
    let shown = String::from_utf8_lossy(&out.stdout);
    let line = shown
        .lines()
        .find(|l| l.contains(&marker))
        .unwrap_or_else(|| panic!("marker not in decode output:\n{shown}"));
    assert!(line.contains("text \"audit("), "{line}");
    assert!(shown.contains("AUDIT_USER_AVC (1107)"), "{shown}");
    tshark_reads(&file);

    // In another network namespace no audit record would arrive: say so.
    let ns = Netns::new();
    let out = ns.capture_once(&[
        "--via",
        "listen",
        "--family",
        "audit",
        "--duration",
        "0.1",
        "-w",
        "-",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("audit: not captured") && err.contains("initial network namespace"),
        "{err}"
    );
}

#[test]
fn disk_full_stops_with_a_clear_error_and_a_valid_file() {
    if !can_run() {
        return;
    }
    let scratch = Scratch::new();
    let disk = match Tmpfs::mount(scratch.file("small"), "64k") {
        Ok(t) => t,
        Err(why) => {
            eprintln!("SKIP: cannot mount a small tmpfs here: {why}");
            return;
        }
    };
    let ns = Netns::new();
    ns.ip("link add nlsf0 type veth peer name nlsf1");
    ns.ip("link set nlsf0 up");
    ns.ip("addr add 10.97.0.1/16 dev nlsf0");
    let cmds: String = (0..3000)
        .map(|i| format!("route add 10.98.{}.{}/32 dev nlsf0\n", i / 250, i % 250))
        .collect();
    let batch = scratch.file("full.batch");
    std::fs::write(&batch, cmds).unwrap();
    let file = disk.0.join("full.pcap");
    let mut cap = ns.capture(&["--family", "route", "-w", file.to_str().unwrap()]);
    run("ip", &["-n", &ns.0, "-batch", batch.to_str().unwrap()]);
    let t0 = Instant::now();
    let status = loop {
        if let Some(s) = cap.child.try_wait().unwrap() {
            break s;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "capture still running on a full disk"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    while let Ok(l) = cap.lines.recv_timeout(Duration::from_millis(300)) {
        cap.stderr.push(l);
    }
    let err = cap.stderr.join("\n");
    assert_eq!(status.code(), Some(1), "{err}");
    let line = cap
        .stderr
        .iter()
        .find(|l| l.contains("error"))
        .unwrap_or_else(|| panic!("no error line: {err}"));
    assert!(
        line.contains("disk full") && line.contains(file.to_str().unwrap()),
        "says what and which file: {line}"
    );
    let kept: u64 = line
        .split("keeps the ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no record count: {line}"));
    let bytes = std::fs::read(&file).unwrap();
    assert!(
        bytes.len() > 60_000,
        "the disk was not full: {} bytes",
        bytes.len()
    );
    assert!(line.contains(&format!("({} bytes)", bytes.len())), "{line}");
    // Every record complete, by three readers.
    let (_, recs, cut) = read_pcap(&file);
    assert!(!cut, "the file ends inside a record");
    assert_eq!(recs.len() as u64, kept);
    messages(&recs);
    let ours: Vec<_> = nlscope::record::read_all(&bytes)
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("nlscope's reader: {e}"));
    assert_eq!(ours.len() as u64, kept);
    assert!(ours.iter().all(|r| !r.truncated));
    let mut pf = pcap_file::pcap::PcapReader::new(&bytes[..]).unwrap();
    let mut n = 0u64;
    while let Some(p) = pf.next_packet() {
        p.unwrap_or_else(|e| panic!("pcap-file, record {}: {e}", n + 1));
        n += 1;
    }
    assert_eq!(n, kept);
    tshark_reads(&file);
    eprintln!(
        "disk full after {kept} records, {} bytes: {line}",
        bytes.len()
    );
}

#[test]
fn interface_option_rejects_missing_and_non_nlmon_devices() {
    let Some((ns, _scratch)) = fresh() else {
        return;
    };
    ns.ip("link add nlsi0 type veth peer name nlsi1");
    let one_error = |extra: &[&str], want: &[&str]| {
        let out = ns.capture_once(&[&["--duration", "0.1", "-w", "-"], extra].concat());
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{extra:?}: {err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        for w in want {
            assert!(err.contains(w), "{extra:?}: wanted {w:?} in {err}");
        }
        assert!(out.stdout.is_empty() || out.stdout.len() == 24);
    };
    one_error(
        &["-i", "nlsnope0"],
        &["-i nlsnope0", "no such network device"],
    );
    one_error(
        &["--interface", "nlsi0"],
        &["-i nlsi0", "not an nlmon device but a veth device"],
    );
    one_error(
        &["-i", "lo"],
        &["not an nlmon device", "without a link kind"],
    );
    one_error(&["-i", "nlsi0", "--via", "listen"], &["--via listen"]);
    assert!(!links_of(&ns).contains("nlscope"), "no device created");
}

/// nlmon kernels only (the nlmon VM: `cargo xtask vm-test --tests`).
#[test]
fn nlmon_interface_option_uses_the_named_device_and_leaves_it() {
    let Some((ns, scratch)) = fresh() else {
        return;
    };
    if !has_nlmon(&ns) {
        eprintln!("SKIP: this kernel has no nlmon (CONFIG_NLMON); runs in the nlmon VM");
        return;
    }
    ns.ip("link add nlsmine0 type nlmon");
    // An nlmon device left by a killed nlscope is there too: -i wins.
    ns.ip("link add nlscope4194000 type nlmon");
    let file = scratch.file("dev.pcap");
    let mut cap = ns.capture(&["-i", "nlsmine0", "-w", file.to_str().unwrap()]);
    assert!(
        cap.stderr
            .iter()
            .any(|l| l.ends_with("capturing via nlmon device nlsmine0")),
        "{:?}",
        cap.stderr
    );
    ns.ip("link add nlsm5 type veth peer name nlsm6");
    std::thread::sleep(Duration::from_millis(300));
    let (code, stderr) = cap.signal("INT");
    assert_eq!(code, Some(0), "{stderr:?}");
    let msgs = messages(&read_pcap(&file).1);
    assert!(msgs.iter().any(|m| m.family == 0
        && m.ty == 16
        && m.flags & NLM_F_REQUEST != 0
        && name(m).as_deref() == Some("nlsm5")));
    let links = links_of(&ns);
    assert!(
        links.contains("nlsmine0"),
        "the user's device is left: {links}"
    );
}

/// nlmon kernels only (the nlmon VM: `cargo xtask vm-test --tests`).
#[test]
fn nlmon_device_left_by_sigkill_is_adopted_and_deleted_next_time() {
    let Some((ns, scratch)) = fresh() else {
        return;
    };
    if !has_nlmon(&ns) {
        eprintln!("SKIP: this kernel has no nlmon (CONFIG_NLMON); runs in the nlmon VM");
        return;
    }
    let first = scratch.file("first.pcap");
    let mut cap = ns.capture(&["--via", "nlmon", "-w", first.to_str().unwrap()]);
    let own = format!("nlscope{}", cap.child.id());
    assert!(
        cap.stderr
            .iter()
            .any(|l| l.contains(&format!("device {own} (created)"))),
        "{:?}",
        cap.stderr
    );
    let (code, _) = cap.signal("KILL");
    assert_eq!(code, None);
    assert!(links_of(&ns).contains(&own), "SIGKILL leaves {own}");

    let second = scratch.file("second.pcap");
    let mut cap = ns.capture(&["--via", "nlmon", "-w", second.to_str().unwrap()]);
    let err = cap.stderr.join("\n");
    assert!(
        err.contains(&format!(
            "using nlmon device {own} left by an nlscope that was killed"
        )),
        "{err}"
    );
    assert!(err.contains(&format!("device {own} (adopted")), "{err}");
    ns.ip("link add nlsk5 type veth peer name nlsk6");
    std::thread::sleep(Duration::from_millis(300));
    let (code, stderr) = cap.signal("INT");
    assert_eq!(code, Some(0), "{stderr:?}");
    let msgs = messages(&read_pcap(&second).1);
    assert!(msgs
        .iter()
        .any(|m| m.family == 0 && m.ty == 16 && name(m).as_deref() == Some("nlsk5")));
    let links = links_of(&ns);
    assert!(
        !links.contains("nlscope"),
        "adopted device deleted at exit: {links}"
    );
}
