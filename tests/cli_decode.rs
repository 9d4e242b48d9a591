//! `nlscope decode` and `nlscope stats` on the real nlmon capture `corpus/rtnl-basic.pcap`
//! (680 records, 1002 netlink messages; made by `shared/tools/nlmon-vm`'s rtnl-basic
//! scenario: dumps, link/addr/route/nexthop changes, 7 deliberate errors).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_nlscope");
const BASIC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/rtnl-basic.pcap");
const MESSAGES: usize = 1002;

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn no_terminal_control(s: &str) {
    assert!(
        !s.bytes().any(|b| (b < 0x20 && b != b'\n') || b == 0x7f),
        "raw control character in output"
    );
}

#[test]
fn json_one_valid_object_per_message() {
    let out = stdout(&run(&["decode", "--format", "json", BASIC]));
    let objs: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(objs.len(), MESSAGES);
    no_terminal_control(&out);
    for o in &objs {
        assert!(o["frame"].as_u64().unwrap() >= 1);
        assert!(o["nlmsg"]["len"].as_u64().unwrap() >= 16);
        assert!(["request", "reply", "notification"].contains(&o["direction"].as_str().unwrap()));
    }
    let errors: Vec<_> = objs
        .iter()
        .filter(|o| o["error"]["errno"].as_i64().is_some_and(|e| e != 0))
        .collect();
    for want in ["Invalid VLAN id", "Nexthop has invalid gateway"] {
        let e = errors
            .iter()
            .find(|o| o["error"]["msg"].as_str().is_some_and(|m| m.contains(want)))
            .unwrap_or_else(|| panic!("no error with {want:?}"));
        // Paired with its request, whose echo is decoded in full.
        assert!(e["pair"]["request_frame"].as_u64().unwrap() < e["frame"].as_u64().unwrap());
        assert_eq!(e["direction"], "reply");
        assert!(!e["error"]["request"]["attrs"]
            .as_array()
            .unwrap()
            .is_empty());
        assert_eq!(e["error"]["extack"][0]["name"], "NLMSGERR_ATTR_MSG");
    }
    let vlan = errors
        .iter()
        .find(|o| {
            o["error"]["msg"]
                .as_str()
                .is_some_and(|m| m.contains("VLAN"))
        })
        .unwrap();
    assert_eq!(vlan["error"]["name"], "ERANGE");
    assert_eq!(
        vlan["error"]["request"]["nlmsg"]["type"]["name"],
        "RTM_NEWLINK"
    );
    // Every ACK and error is paired with a request seen in the capture.
    let acks = objs.iter().filter(|o| o["error"]["ack"] == true).count();
    assert!(acks >= 50, "{acks}");
}

#[test]
fn line_one_line_per_message() {
    let out = stdout(&run(&["decode", "--format", "line", BASIC]));
    assert_eq!(out.lines().count(), MESSAGES);
    no_terminal_control(&out);
    assert!(out.contains("\"8021q: Invalid VLAN id\" for RTM_NEWLINK"));
    assert!(out.contains("\"Nexthop has invalid gateway\" for RTM_NEWROUTE"));
    assert!(
        // `ip monitor file` says `1: lo    inet 127.0.0.1/8 scope host lo` for it.
        out.contains(" <* ROUTE RTM_NEWADDR 1: dev lo inet 127.0.0.1/8 scope host "),
        "notifications name devices"
    );
}

#[test]
fn text_tree_per_message() {
    let out = stdout(&run(&["decode", BASIC]));
    let heads = out
        .lines()
        .filter(|l| l.starts_with('#') && l.split(' ').next().is_some_and(|f| f.contains('.')))
        .count();
    assert_eq!(heads, MESSAGES);
    no_terminal_control(&out);
    assert!(out.contains(
        "  error: -34 ERANGE (Numerical result out of range) \"8021q: Invalid VLAN id\"\n"
    ));
    assert!(out.contains("        IFLA_VLAN_ID (1) +68 len 6: 4095\n"));
    assert!(out.contains("\"Nexthop has invalid gateway\""));
}

#[test]
fn filters() {
    let out = stdout(&run(&["decode", "--format", "line", "--errors", BASIC]));
    assert!(out.lines().count() >= 7);
    assert!(out.lines().all(|l| l.contains(" error -")));
    let out = stdout(&run(&[
        "decode",
        "--format",
        "line",
        "--family",
        "sock_diag",
        BASIC,
    ]));
    assert_eq!(out.lines().count(), 55);
    let out = stdout(&run(&[
        "decode",
        "--format",
        "line",
        "--type",
        "RTM_NEWROUTE",
        BASIC,
    ]));
    assert!(out.lines().count() > 0);
    assert!(out.lines().all(|l| l.contains(" RTM_NEWROUTE")));
    let out = stdout(&run(&[
        "decode",
        "--format",
        "line",
        "--seq",
        "1795608970",
        BASIC,
    ]));
    assert!(out.lines().all(|l| l.contains(" seq 1795608970")));
}

#[test]
fn stdin_and_stats() {
    let mut child = Command::new(BIN)
        .args(["stats", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let bytes = std::fs::read(BASIC).unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let o = child.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["messages"], MESSAGES as u64);
    assert_eq!(v["records"], 680);
    assert_eq!(v["stream_errors"], 0);
    let text = stdout(&run(&["stats", BASIC]));
    assert!(text.contains("messages 1002"));
}

#[test]
fn bad_input_prints_what_came_before_then_fails() {
    let bytes = std::fs::read(BASIC).unwrap();
    let dir = std::env::temp_dir().join(format!("nlscope-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cut = dir.join("cut.pcap");
    std::fs::write(&cut, &bytes[..bytes.len() / 2 + 3]).unwrap();
    let o = run(&["decode", "--format", "line", cut.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let lines = String::from_utf8(o.stdout).unwrap().lines().count();
    assert!(lines > 100 && lines < MESSAGES, "{lines}");
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("cut.pcap"), "{err}");
    let o = run(&["decode", "/nonexistent/x.pcap"]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&["decode", "--format", "xml", BASIC]);
    assert_eq!(o.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn closed_pipe_ends_quietly() {
    let mut child = Command::new(BIN)
        .args(["decode", BASIC])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{:?}", o.status);
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = stdout(&run(&["decode", "--format", "line", BASIC]));
    assert!(!plain.contains('\x1b'));
    let o = Command::new(BIN)
        .args(["decode", "--format", "line", "--color", "always", BASIC])
        .output()
        .unwrap();
    assert!(String::from_utf8(o.stdout).unwrap().contains("\x1b[1m"));
}

/// The same messages in a little- and a big-endian pcap file
/// (`two_packets_{le,be}.pcap`, third-party: used from `../shared`, never committed;
/// both hold little-endian netlink, NETLINK-FACTS §1) decode to the same values.
#[test]
fn file_byte_order_does_not_change_values() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/captures/third-party"
    );
    let (le, be) = (
        format!("{dir}/two_packets_le.pcap"),
        format!("{dir}/two_packets_be.pcap"),
    );
    if !std::path::Path::new(&le).exists() || !std::path::Path::new(&be).exists() {
        eprintln!("skipped: {dir} is not there");
        return;
    }
    let parse = |f: &str| -> Vec<serde_json::Value> {
        stdout(&run(&["decode", "--format", "json", f]))
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let (a, b) = (parse(&le), parse(&be));
    assert_eq!(a.len(), b.len());
    assert!(!a.is_empty());
    for (x, y) in a.iter().zip(&b) {
        for k in [
            "endian",
            "ts",
            "nlmsg",
            "header",
            "attrs",
            "direction",
            "pair",
        ] {
            assert_eq!(x[k], y[k], "{k}");
        }
    }
}

/// Key material (here a wireguard private key set by `wg set`) is redacted in text
/// output unless `--show-secrets` is given; JSON keeps the bytes for machines.
#[test]
fn keys_are_redacted_unless_asked_for() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/genl-diag.pcap");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_nlscope"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let json = run(&["decode", "--format", "json", "--show-secrets", file]);
    let key_hex = json
        .lines()
        .find_map(|l| {
            let at = l.find(r#""name":"WGDEVICE_A_PRIVATE_KEY""#)?;
            let rest = &l[at..];
            let h = rest.find(r#""hex":""#)? + 7;
            Some(rest[h..h + 64].to_owned())
        })
        .expect("genl-diag.pcap sets a wireguard private key");
    let text = run(&["decode", file]);
    assert!(text.contains("WGDEVICE_A_PRIVATE_KEY (3)"));
    assert!(text.contains("<redacted 32 bytes"));
    assert!(
        !text.contains(&key_hex),
        "the private key leaked into text output"
    );
    let shown = run(&["decode", "--show-secrets", file]);
    assert!(shown.contains(&key_hex));
}

#[test]
fn stats_output_is_the_same_every_run() {
    // Counts are kept in hash maps, whose order differs from process to process:
    // rows of equal count must still come out in one order. (genl-diag.pcap has many
    // commands of one family seen the same number of times.)
    let diag = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/genl-diag.pcap");
    for args in [
        &["stats", diag][..],
        &["stats", "--format", "json", diag][..],
    ] {
        let first = stdout(&run(args));
        for _ in 0..4 {
            assert_eq!(
                stdout(&run(args)),
                first,
                "nlscope {args:?} changed between runs"
            );
        }
    }
}

/// `decode --summary` against its golden (`NLSCOPE_BLESS=1` rewrites it), and facts
/// `ip monitor file` states for the same capture: lo ends UP with 127.0.0.1/8 and
/// ::1/128, dummy0 was deleted.
#[test]
fn summary_states_final_links_and_addresses() {
    let out = stdout(&run(&["decode", "--summary", BASIC]));
    let golden = std::path::Path::new(BASIC).with_extension("pcap.summary");
    if std::env::var_os("NLSCOPE_BLESS").is_some() {
        std::fs::write(&golden, &out).unwrap();
    }
    let want = std::fs::read_to_string(&golden).unwrap();
    assert_eq!(
        out,
        want,
        "{} differs (NLSCOPE_BLESS=1 rewrites it)",
        golden.display()
    );
    let lo = out.lines().find(|l| l.starts_with("1: lo ")).unwrap();
    assert!(lo.contains(" UNKNOWN ") && lo.contains("LOWER_UP"), "{lo}");
    assert!(lo.contains(" 127.0.0.1/8 ::1/128 "), "{lo}");
    assert!(
        out.lines().any(|l| l.starts_with("6: dummy0 DELETED ")),
        "{out}"
    );
}

fn status(o: &Output) -> i32 {
    o.status.code().unwrap()
}

#[test]
fn read_flag_and_count_as_tcpdump() {
    let all = stdout(&run(&["decode", "--format", "line", BASIC]));
    assert_eq!(
        stdout(&run(&["decode", "--format", "line", "-r", BASIC])),
        all
    );
    let first: Vec<&str> = all.lines().take(5).collect();
    let five = stdout(&run(&[
        "decode", "--format", "line", "-r", BASIC, "-c", "5",
    ]));
    assert_eq!(five.lines().collect::<Vec<_>>(), first);
    // `-c` counts the messages printed, after the filters.
    let errs = stdout(&run(&["decode", "--format", "line", "--errors", BASIC]));
    let two = stdout(&run(&[
        "decode", "--format", "line", "--errors", "-c", "2", BASIC,
    ]));
    assert_eq!(
        two.lines().collect::<Vec<_>>(),
        errs.lines().take(2).collect::<Vec<_>>()
    );
    // A file both ways is a usage error.
    assert_eq!(status(&run(&["decode", BASIC, "-r", BASIC])), 2);
    assert_eq!(status(&run(&["decode"])), 2);
}

#[test]
fn frame_selection() {
    let frames = |out: &str| -> Vec<u64> {
        out.lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["frame"]
                    .as_u64()
                    .unwrap()
            })
            .collect()
    };
    let all = stdout(&run(&["decode", "--format", "json", BASIC]));
    let want: Vec<&str> = all
        .lines()
        .filter(|l| {
            let f = frames(l)[0];
            (10..=20).contains(&f) || f == 33
        })
        .collect();
    assert!(want.len() >= 12, "frames 10-20 and 33 hold messages");
    let got = stdout(&run(&[
        "decode", "--format", "json", "--frames", "10-20,33", BASIC,
    ]));
    assert_eq!(got.lines().collect::<Vec<_>>(), want);
    let open = stdout(&run(&[
        "decode", "--format", "json", "--frames", "670-", BASIC,
    ]));
    assert!(frames(&open).iter().all(|f| *f >= 670) && !open.is_empty());
    for bad in ["0", "5-3", "x", ""] {
        assert_eq!(
            status(&run(&["decode", "--frames", bad, BASIC])),
            2,
            "{bad}"
        );
    }
}

#[test]
fn a_filter_naming_nothing_is_a_usage_error_with_the_closest_names() {
    let o = run(&["decode", "--type", "RTM_NEWLNK", BASIC]);
    assert_eq!(status(&o), 2);
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("RTM_NEWLINK"), "{err}");
    let o = run(&["stats", "--family", "wireguad", BASIC]);
    assert_eq!(status(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("wireguard"));
    // Names in any case, and numbers, are fine.
    assert_eq!(status(&run(&["decode", "--type", "rtm_newlink", BASIC])), 0);
    assert_eq!(status(&run(&["decode", "--family", "route", BASIC])), 0);
    assert_eq!(status(&run(&["decode", "--type", "9999", BASIC])), 0);
}

#[test]
fn stats_takes_the_filters_of_decode() {
    let count = |args: &[&str]| -> u64 {
        let mut a = vec!["stats", "--format", "json"];
        a.extend_from_slice(args);
        let v: serde_json::Value = serde_json::from_str(&stdout(&run(&a))).unwrap();
        v["messages"].as_u64().unwrap()
    };
    let lines = |args: &[&str]| -> u64 {
        let mut a = vec!["decode", "--format", "line"];
        a.extend_from_slice(args);
        stdout(&run(&a)).lines().count() as u64
    };
    assert_eq!(count(&[BASIC]), MESSAGES as u64);
    for f in [
        &["--type", "RTM_NEWLINK"][..],
        &["--errors"],
        &["--frames", "1-100"],
        &["--family", "route"],
    ] {
        let mut a = f.to_vec();
        a.push(BASIC);
        let n = count(&a);
        assert!(n > 0 && n < MESSAGES as u64, "{f:?}: {n}");
        assert_eq!(n, lines(&a), "{f:?}");
    }
}

#[test]
fn a_genl_family_filter_keeps_its_errors_and_acks() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/genl-diag.pcap");
    let objs: Vec<serde_json::Value> = stdout(&run(&[
        "decode",
        "--format",
        "json",
        "--family",
        "wireguard",
        file,
    ]))
    .lines()
    .map(|l| serde_json::from_str(l).unwrap())
    .collect();
    let ids: std::collections::BTreeSet<u64> = objs
        .iter()
        .filter_map(|o| o["genl"]["family_id"].as_u64())
        .collect();
    assert_eq!(ids.len(), 1, "one wireguard family id: {ids:?}");
    let answers: Vec<&serde_json::Value> = objs.iter().filter(|o| o["genl"].is_null()).collect();
    assert!(
        answers.iter().any(|o| o["error"]["ack"] == true),
        "the acks of wireguard requests"
    );
    for o in &answers {
        let req = o["pair"]["request_type"].as_u64();
        assert!(req.is_some_and(|t| ids.contains(&t)), "{o}");
    }
    // And the same count without the filter, by the pairing.
    let all: Vec<serde_json::Value> = stdout(&run(&["decode", "--format", "json", file]))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let want = all
        .iter()
        .filter(|o| {
            o["genl"]["family"] == "wireguard"
                || (o["genl"].is_null()
                    && o["protocol"]["num"] == 16
                    && o["pair"]["request_type"]
                        .as_u64()
                        .is_some_and(|t| ids.contains(&t)))
        })
        .count();
    assert_eq!(objs.len(), want);
}

#[test]
fn help_completions_and_man_page() {
    let help = stdout(&run(&["--help"]));
    assert!(help.contains("cargo xtask fuzz") && help.contains("cargo xtask bench"));
    assert!(
        !help.lines().any(|l| l.trim_start().starts_with("fuzz")),
        "no fuzz subcommand is listed: {help}"
    );
    assert!(stdout(&run(&["help", "--help"])).contains("Usage: nlscope help"));
    assert!(stdout(&run(&["help", "decode"])).contains("Usage: nlscope decode"));
    assert_eq!(status(&run(&["help", "nosuch"])), 2);
    for (shell, mark) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef nlscope"),
        ("fish", "complete -c nlscope"),
    ] {
        let s = stdout(&run(&["completions", shell]));
        assert!(s.contains(mark), "{shell}");
        // fish spells long options `-l show-secrets`.
        assert!(
            s.contains("show-secrets") && s.contains("frames"),
            "{shell}"
        );
    }
    let man = stdout(&run(&["manpage"]));
    assert!(
        man.starts_with(".ie") || man.contains(".TH nlscope"),
        "{}",
        &man[..80]
    );
}
