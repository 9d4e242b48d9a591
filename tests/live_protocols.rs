//! Live captures of the protocols nlmon never taps, through `nlscope capture
//! --protocol`: kernel uevents (`kobject_uevent`) while `ip link` adds and removes a
//! device, and connector process events while `/bin/true` runs. Each file is then
//! decoded with `nlscope decode --format json` and checked against what the test
//! knows independently: the device's ifindex from `/sys/class/net`, the child's pid
//! from `fork`.
//!
//! They need root (in the initial user namespace: the kernel sends uevents to the
//! network namespaces it owns, and takes PROC_CN_MCAST_LISTEN only from it), `ip`,
//! and a kernel with ifb; a test that cannot run says why and passes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const NLSCOPE: &str = env!("CARGO_BIN_EXE_nlscope");

/// Why the live tests cannot run here, if they cannot.
fn cannot_run() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let uid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("?");
    if uid != "0" {
        return Some(format!("not root (euid {uid})"));
    }
    if Command::new("ip").arg("-V").output().is_err() {
        return Some("no `ip` command".into());
    }
    None
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nlscope-live-proto-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Start `nlscope capture ARGS -w FILE --duration SECS` and wait until it says it
/// is listening.
fn capture(args: &[&str], file: &Path, secs: &str) -> Child {
    let mut child = Command::new(NLSCOPE)
        .arg("capture")
        .args(args)
        .args(["--pcapng", "-w", file.to_str().unwrap(), "--duration", secs])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The first stderr line is "capturing via listen on …", written once the
    // groups are joined.
    let mut err = child.stderr.take().unwrap();
    let mut line = Vec::new();
    let mut b = [0u8; 1];
    while std::io::Read::read(&mut err, &mut b).unwrap_or(0) == 1 && b[0] != b'\n' {
        line.push(b[0]);
    }
    let line = String::from_utf8_lossy(&line).into_owned();
    assert!(line.contains("capturing via listen on"), "{line}");
    std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
    child
}

fn decode_json(file: &Path) -> Vec<serde_json::Value> {
    let out = Command::new(NLSCOPE)
        .args(["decode", "--format", "json", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn ip(args: &str) -> bool {
    Command::new("ip")
        .args(args.split(' '))
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn uevents_of_a_new_device_are_recorded_and_decoded() {
    if let Some(why) = cannot_run() {
        eprintln!("skipped: {why}");
        return;
    }
    let dev = format!("nlsue{}", std::process::id() % 100_000);
    let file = scratch("uevent.pcapng");
    let mut cap = capture(&["--protocol", "kobject_uevent"], &file, "3");
    if !ip(&format!("link add {dev} type ifb")) {
        let _ = cap.wait();
        eprintln!("skipped: `ip link add {dev} type ifb` failed (no ifb in this kernel?)");
        return;
    }
    let ifindex = std::fs::read_to_string(format!("/sys/class/net/{dev}/ifindex"))
        .unwrap()
        .trim()
        .to_string();
    assert!(ip(&format!("link del {dev}")));
    assert!(cap.wait().unwrap().success());

    let lines = decode_json(&file);
    assert_eq!(lines[0]["capture"]["listener"], true, "{}", lines[0]);
    let devpath = format!("/devices/virtual/net/{dev}");
    for action in ["add", "remove"] {
        let ev = lines
            .iter()
            .map(|l| &l["uevent"])
            .find(|u| u["action"] == action && u["devpath"] == devpath.as_str())
            .unwrap_or_else(|| panic!("no {action} uevent of {devpath}"));
        let env = ev["env"].as_array().unwrap();
        let get = |k: &str| env.iter().find(|e| e["key"] == k).map(|e| &e["value"]);
        assert_eq!(get("ACTION").unwrap(), action);
        assert_eq!(get("DEVPATH").unwrap(), devpath.as_str());
        assert_eq!(get("SUBSYSTEM").unwrap(), "net");
        assert_eq!(get("INTERFACE").unwrap(), dev.as_str());
        assert_eq!(get("IFINDEX").unwrap(), ifindex.as_str());
        // Offsets rise and every entry is within the record.
        let len = lines.iter().find(|l| &l["uevent"] == ev).unwrap()["len"]
            .as_u64()
            .unwrap();
        let offs: Vec<u64> = env.iter().map(|e| e["offset"].as_u64().unwrap()).collect();
        assert!(offs.windows(2).all(|w| w[0] < w[1]) && offs.iter().all(|&o| o < len));
    }
}

#[test]
fn connector_process_events_name_the_child() {
    if let Some(why) = cannot_run() {
        eprintln!("skipped: {why}");
        return;
    }
    let file = scratch("connector.pcapng");
    let mut cap = capture(&["--protocol", "connector"], &file, "2");
    let mut child = Command::new("/bin/true").spawn().unwrap();
    let pid = i64::from(child.id());
    assert!(child.wait().unwrap().success());
    std::thread::sleep(Duration::from_millis(100));
    assert!(cap.wait().unwrap().success());

    let lines = decode_json(&file);
    let named = |name: &str| {
        lines
            .iter()
            .filter(move |l| l["nlmsg"]["type"]["name"] == name)
            .collect::<Vec<_>>()
    };
    // Our request, then the kernel's answer to it.
    let req = named("PROC_CN_MCAST_LISTEN");
    assert_eq!(req.len(), 1);
    assert_eq!(req[0]["direction"], "request");
    let acks = named("PROC_EVENT_NONE");
    if acks.is_empty() {
        eprintln!("skipped: the kernel did not answer PROC_CN_MCAST_LISTEN (no CAP_NET_ADMIN in the initial user namespace?)");
        return;
    }
    let field = |l: &serde_json::Value, name: &str| {
        l["header"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .map(|f| f["value"].clone())
    };
    assert_eq!(field(acks[0], "err").unwrap(), 0);
    // NLMSG_DONE here is no errno: no "error" member anywhere.
    assert!(lines.iter().all(|l| l.get("error").is_none()));
    for (what, member) in [
        ("PROC_EVENT_FORK", "child_pid"),
        ("PROC_EVENT_EXEC", "process_pid"),
        ("PROC_EVENT_EXIT", "process_pid"),
    ] {
        let ev = named(what);
        assert!(
            ev.iter()
                .any(|l| field(l, member).and_then(|v| v.as_i64()) == Some(pid)),
            "no {what} with {member} {pid}"
        );
        assert!(ev.iter().all(|l| l["direction"] == "notification"));
    }
}
