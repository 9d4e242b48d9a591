//! `cargo xtask bench [--quick] [--callgrind] [FILTER…]`: the criterion benchmarks
//! (`benches/decode.rs`: nlscope and its peers in one run), and with `--callgrind`
//! instructions per message under `valgrind --tool=callgrind` (`examples/walk.rs`),
//! which repeat exactly where wall-clock times on a shared machine do not.

use anyhow::{bail, Context, Result};
use std::path::PathBuf;
use std::process::Command;

/// The walks of `examples/walk.rs` measured by `--callgrind`.
const WALKS: &[&str] = &[
    "structural",
    "hand",
    "typed",
    "npr",
    "text",
    "line",
    "json",
    "read",
    "read-pcap-file",
];

fn root() -> Result<PathBuf> {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .context("xtask has no parent directory")
}

/// Entry point: `args` are the words after `cargo xtask bench`.
pub fn run(args: &[String]) -> Result<()> {
    let mut quick = false;
    let mut callgrind = false;
    let mut rest = Vec::new();
    for a in args {
        match a.as_str() {
            "--quick" => quick = true,
            "--callgrind" => callgrind = true,
            "-h" | "--help" => {
                println!("cargo xtask bench [--quick] [--callgrind] [criterion FILTER…]");
                return Ok(());
            }
            _ => rest.push(a.clone()),
        }
    }
    let root = root()?;
    if callgrind {
        return instructions(&root);
    }
    let mut cmd = Command::new("cargo");
    cmd.current_dir(&root)
        .args(["bench", "--bench", "decode", "--"]);
    if quick {
        cmd.args(["--quick", "--noplot"]);
    }
    cmd.args(&rest);
    let st = cmd.status().context("cargo bench")?;
    if !st.success() {
        bail!("cargo bench failed");
    }
    Ok(())
}

/// Run each walk under callgrind over the churn capture and print instructions per
/// message: (instructions of N passes - instructions of 0 passes) / (N x messages).
fn instructions(root: &std::path::Path) -> Result<()> {
    let st = Command::new("cargo")
        .current_dir(root)
        .args(["build", "--profile", "bench", "--example", "walk"])
        .status()
        .context("cargo build --example walk")?;
    if !st.success() {
        bail!("building examples/walk.rs failed");
    }
    let exe = root.join("target/release/examples/walk");
    let passes = 3u64;
    let count = |what: &str, n: u64| -> Result<(u64, u64)> {
        let out = Command::new("valgrind")
            .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .arg(&exe)
            .args([what, &n.to_string()])
            .output()
            .context("valgrind (apt-get install valgrind)")?;
        let err = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let ir = err
            .lines()
            .find_map(|l| l.split("Collected : ").nth(1))
            .and_then(|n| n.trim().parse().ok())
            .context("no 'Collected' line from callgrind")?;
        let msgs = stdout
            .split(" messages")
            .next()
            .and_then(|s| s.rsplit(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        Ok((ir, msgs))
    };
    let (base, msgs) = count("load", passes)?;
    if msgs == 0 {
        bail!("examples/walk.rs found no messages");
    }
    println!("callgrind, corpus/rtnl-churn.pcap, {msgs} messages x {passes} passes:");
    for w in WALKS {
        let (ir, _) = count(w, passes)?;
        let per = ir.saturating_sub(base) as f64 / (passes * msgs) as f64;
        println!("  {w:<11} {per:>8.0} instructions/message");
    }
    Ok(())
}
