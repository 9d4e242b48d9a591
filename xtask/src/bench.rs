//! `cargo xtask bench [--quick] [--callgrind] [--corpus] [FILTER…]`: the criterion
//! benchmarks (`benches/decode.rs`: nlscope and its peers in one run), and with
//! `--callgrind` instructions per message under `valgrind --tool=callgrind`
//! (`examples/walk.rs`), which repeat exactly where wall-clock times on a shared machine
//! do not.
//!
//! Both measure `corpus/rtnl-churn.pcap` and the large dump corpus
//! (`target/corpus/dump-large.pcap`, made by `cargo xtask corpus`, as root). When the
//! large corpus is missing they say so on stderr and measure the rest; `--corpus`
//! records it first.

use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;

/// The walks of `examples/walk.rs` measured by `--callgrind`.
const WALKS: &[&str] = &[
    "structural",
    "hand",
    "typed",
    "visit",
    "npr",
    "text",
    "line",
    "json",
    "read",
    "read-pcap-file",
];

/// Entry point: `args` are the words after `cargo xtask bench`.
pub fn run(args: &[String]) -> Result<()> {
    let mut quick = false;
    let mut callgrind = false;
    let mut corpus = false;
    let mut rest = Vec::new();
    for a in args {
        match a.as_str() {
            "--quick" => quick = true,
            "--callgrind" => callgrind = true,
            "--corpus" => corpus = true,
            "-h" | "--help" => {
                println!(
                    "cargo xtask bench [--quick] [--callgrind] [--corpus] [criterion FILTER…]\n\
                     --corpus: record the large dump corpus first (cargo xtask corpus; root)"
                );
                return Ok(());
            }
            _ => rest.push(a.clone()),
        }
    }
    let root = crate::root()?;
    if corpus {
        crate::corpus::run(&[])?;
    }
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

/// Run each walk under callgrind over each input and print instructions per message:
/// (instructions of N passes - instructions of 0 passes) / (N x messages).
fn instructions(root: &Path) -> Result<()> {
    let st = Command::new("cargo")
        .current_dir(root)
        .args(["build", "--profile", "bench", "--example", "walk"])
        .status()
        .context("cargo build --example walk")?;
    if !st.success() {
        bail!("building examples/walk.rs failed");
    }
    let exe = root.join("target/release/examples/walk");
    let mut inputs = vec![root.join("corpus/rtnl-churn.pcap")];
    let large = root.join(crate::corpus::DEFAULT_OUT);
    if large.exists() {
        inputs.push(large);
    } else {
        eprintln!(
            "bench: {} does not exist, so the large dump corpus is NOT measured; make it \
             with `cargo xtask corpus` (as root), or run `cargo xtask bench --callgrind --corpus`",
            large.display()
        );
    }
    for input in &inputs {
        per_message(&exe, input)?;
    }
    Ok(())
}

fn per_message(exe: &Path, input: &Path) -> Result<()> {
    let passes = 3u64;
    let count = |what: &str, n: u64| -> Result<(u64, u64)> {
        let out = Command::new("valgrind")
            .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .arg(exe)
            .args([what, &n.to_string()])
            .arg(input)
            .output()
            .context("valgrind (apt-get install valgrind)")?;
        let err = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let ir = err
            .lines()
            .find_map(|l| l.split("Collected : ").nth(1))
            .and_then(|n| n.trim().parse().ok())
            .with_context(|| format!("no 'Collected' line from callgrind: {err}"))?;
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
        bail!("examples/walk.rs found no messages in {}", input.display());
    }
    println!(
        "callgrind, {}, {msgs} messages x {passes} passes:",
        input.display()
    );
    for w in WALKS {
        let (ir, _) = count(w, passes)?;
        let per = ir.saturating_sub(base) as f64 / (passes * msgs) as f64;
        println!("  {w:<14} {per:>8.0} instructions/message");
    }
    Ok(())
}
