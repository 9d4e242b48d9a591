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
    let mut cli = false;
    let mut rest = Vec::new();
    for a in args {
        match a.as_str() {
            "--quick" => quick = true,
            "--callgrind" => callgrind = true,
            "--corpus" => corpus = true,
            "--cli" => cli = true,
            "-h" | "--help" => {
                println!(
                    "cargo xtask bench [--quick] [--callgrind] [--cli] [--corpus] [criterion FILTER…]\n\
                     --callgrind: instructions per message of each walk (examples/walk.rs)\n\
                     --cli: whole `nlscope decode` vs `tshark` in instructions, and peak memory\n\
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
    if cli {
        return cli_vs_tshark(&root);
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

/// Instructions of one whole process under callgrind (its output thrown away).
fn process_instructions(program: &Path, args: &[&str]) -> Result<u64> {
    let out = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .output()
        .context("valgrind (apt-get install valgrind)")?;
    let err = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        bail!(
            "{} {} failed under valgrind: {err}",
            program.display(),
            args.join(" ")
        );
    }
    err.lines()
        .find_map(|l| l.split("Collected : ").nth(1))
        .and_then(|n| n.trim().parse().ok())
        .with_context(|| format!("no 'Collected' line from callgrind: {err}"))
}

/// Peak resident memory of one process in KiB, by `/usr/bin/time -f %M`.
fn peak_kib(program: &Path, args: &[&str]) -> Result<u64> {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .output()
        .context("/usr/bin/time (apt-get install time)")?;
    let err = String::from_utf8_lossy(&out.stderr);
    err.lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .with_context(|| format!("no peak memory from /usr/bin/time: {err}"))
}

/// `cargo xtask bench --cli`: issue 3's end-to-end targets, measured in one run on
/// `corpus/rtnl-churn.pcap`: `nlscope decode --format text` against `tshark -V` and
/// `--format json` against `tshark -T json`, whole processes, in instructions
/// (callgrind: exact, unlike seconds on a shared machine); then nlscope's peak memory
/// on that file and on a 10x concatenation of it.
fn cli_vs_tshark(root: &Path) -> Result<()> {
    let st = Command::new("cargo")
        .current_dir(root)
        .args(["build", "--release", "--bin", "nlscope"])
        .status()
        .context("cargo build --release")?;
    if !st.success() {
        bail!("building nlscope failed");
    }
    let nlscope = root.join("target/release/nlscope");
    let tshark = Path::new("/usr/bin/tshark");
    if !tshark.exists() {
        bail!("tshark is not installed (apt-get install tshark): the CLI targets are ratios to it");
    }
    let version = Command::new(tshark).arg("--version").output()?;
    let input = root.join("corpus/rtnl-churn.pcap");
    let file = input.to_str().context("non-UTF-8 path")?;
    println!(
        "{}; input {file}",
        String::from_utf8_lossy(&version.stdout)
            .lines()
            .next()
            .unwrap_or("tshark")
    );
    let cases: [(&str, &[&str], &[&str], f64); 2] = [
        ("text", &["--format", "text"], &["-V"], 30.0),
        ("json", &["--format", "json"], &["-T", "json"], 50.0),
    ];
    for (name, ours, theirs, target) in cases {
        let ours: Vec<&str> = [&["decode"], ours, &["--color", "never", file]].concat();
        let their_args: Vec<&str> = [theirs, &["-r", file]].concat();
        let a = process_instructions(&nlscope, &ours)?;
        let b = process_instructions(tshark, &their_args)?;
        let ratio = b as f64 / a as f64;
        println!(
            "  {name:<5} nlscope {:>8.1} M instructions, tshark {:<9} {:>9.1} M: {ratio:>5.1}x \
             (target >= {target}x: {})",
            a as f64 / 1e6,
            theirs.join(" "),
            b as f64 / 1e6,
            if ratio >= target { "met" } else { "NOT met" }
        );
    }
    // Peak memory must not grow with the file: the same records 10 times over.
    let bytes = std::fs::read(&input)?;
    let (head, records) = bytes.split_at_checked(24).context("not a pcap file")?;
    let big = root.join("target/bench/rtnl-churn-x10.pcap");
    std::fs::create_dir_all(big.parent().context("path")?)?;
    let mut out = head.to_vec();
    for _ in 0..10 {
        out.extend_from_slice(records);
    }
    std::fs::write(&big, &out)?;
    let big_file = big.to_str().context("non-UTF-8 path")?;
    for format in ["text", "json"] {
        let small = peak_kib(&nlscope, &["decode", "--format", format, file])?;
        let large = peak_kib(&nlscope, &["decode", "--format", format, big_file])?;
        println!(
            "  peak memory, {format:<5}: {small} KiB on {:.1} MB, {large} KiB on {:.1} MB (+{} KiB)",
            bytes.len() as f64 / 1e6,
            out.len() as f64 / 1e6,
            large.saturating_sub(small)
        );
    }
    Ok(())
}
