//! `cargo xtask ci`: every check CI runs, in the order that fails fastest.
//!
//! 1. `cargo fmt --check`
//! 2. `cargo clippy --workspace --all-targets -- -D warnings`, then again with
//!    `--features nlscope/libpcap` (the two ways `nlscope capture` reads nlmon)
//! 3. `cargo clippy -p nlscope --lib --no-default-features`: the pure library builds
//!    without the `os` feature; `cargo clippy -p nlscope --bins --no-default-features
//!    --features cli`: so do the offline commands (what macOS users install); then `cargo xtask spec-dir` (fetches the kernel's specs,
//!    so that `tests/spec_runtime.rs` loads them) and `cargo test --workspace` (the
//!    README's test command)
//! 4. `cargo doc --no-deps` with warnings denied
//! 5. `cargo xtask codegen --check` (the generated tables are not stale)
//! 6. the crate as others get it: `cargo package` (a real verify: the packaged crate
//!    builds alone; the file must stay under 2 MB), `cargo install --path .` into a
//!    scratch root, the example crate `examples/client-test` (its own workspace,
//!    nlscope without default features) built and tested, and `cargo xtask man`
//! 7. `cargo xtask fuzz --cfl-check` (the ClusterFuzzLite build script, run as its
//!    image would) and `cargo xtask fuzz --time 20` (a fuzz smoke run of every target), unless
//!    `--no-fuzz` is given;
//! 8. `cargo xtask vm-test` (nlscope capture against tcpdump on a real nlmon device in
//!    a QEMU guest; needs root), then again with `--scenario
//!    xtask/vm/scenario-tools.sh` (the kernel's tools as an oracle), unless `--no-vm`
//!    is given.

use anyhow::{bail, Context, Result};
use std::process::Command;
use std::time::Instant;

/// Run a command, echoing it, and fail if it fails.
pub fn step(name: &str, cmd: &mut Command) -> Result<()> {
    let started = Instant::now();
    eprintln!("xtask ci: == {name}: {cmd:?}");
    let status = cmd
        .status()
        .with_context(|| format!("could not start {name}"))?;
    if !status.success() {
        bail!("{name} failed ({status})");
    }
    eprintln!(
        "xtask ci: == {name}: ok in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Run every CI step; `args` may hold `--no-fuzz` and `--no-vm`.
pub fn run(args: &[&str]) -> Result<()> {
    let fuzz = !args.contains(&"--no-fuzz");
    let vm = !args.contains(&"--no-vm");
    step("rustfmt", cargo().args(["fmt", "--all", "--check"]))?;
    step(
        "clippy",
        cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    // The libpcap capture path (`--features libpcap`, off by default) must stay
    // compiled and clean too; the default build above is the packet-socket path.
    step(
        "clippy --features libpcap",
        cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--features",
            "nlscope/libpcap",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    step(
        "pure library without the os feature",
        cargo().args([
            "clippy",
            "-p",
            "nlscope",
            "--lib",
            "--no-default-features",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    // The offline binary (decode, stats, check, convert) without sockets: what a
    // macOS user installs with `--no-default-features --features cli` (README).
    step(
        "offline binary without the os feature",
        cargo().args([
            "clippy",
            "-p",
            "nlscope",
            "--bins",
            "--no-default-features",
            "--features",
            "cli",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    step("kernel specs", cargo().args(["xtask", "spec-dir"]))?;
    step("tests", cargo().args(["test", "--workspace"]))?;
    step(
        "docs",
        cargo()
            .args(["doc", "--no-deps", "--workspace"])
            .env("RUSTDOCFLAGS", "-D warnings"),
    )?;
    step(
        "codegen staleness",
        cargo().args(["xtask", "codegen", "--check"]),
    )?;
    package()?;
    step(
        "example crate: a client's tests decode its requests",
        cargo().args(["test", "--manifest-path", "examples/client-test/Cargo.toml"]),
    )?;
    step("man page", cargo().args(["xtask", "man"]))?;
    if fuzz {
        step(
            "ClusterFuzzLite build script",
            cargo().args(["xtask", "fuzz", "--cfl-check"]),
        )?;
        step(
            "fuzz smoke run",
            cargo().args(["xtask", "fuzz", "--time", "20"]),
        )?;
    }
    if vm {
        let mut cmd = cargo();
        cmd.args(["xtask", "vm-test"]);
        // The crafted audit capture (host-global: never replayed on a host) replayed
        // whole in the throwaway guest.
        let audit = crate::root()?.join("../shared/adversarial/replay-audit-host-global.pcap");
        if audit.is_file() {
            cmd.arg("--replay").arg(&audit);
        } else {
            eprintln!(
                "xtask ci: {} absent: the VM test replays no host-global capture",
                audit.display()
            );
        }
        step("nlmon VM test", &mut cmd)?;
        // Issue 11's oracle 3: the kernel's own tools' JSON against nlscope's decode of
        // the same dumps, on a fresh capture of the guest kernel.
        step(
            "VM test: the kernel's tools as an oracle",
            cargo().args([
                "xtask",
                "vm-test",
                "--scenario",
                "xtask/vm/scenario-tools.sh",
            ]),
        )?;
    }
    eprintln!("xtask ci: all steps passed");
    Ok(())
}

/// `cargo package` (verified: the packaged sources build on their own) with the size of
/// the `.crate` checked, then `cargo install --path .` into a scratch root.
fn package() -> Result<()> {
    let root = crate::root()?;
    step("cargo package", cargo().args(["package", "-p", "nlscope"]))?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), std::path::PathBuf::from);
    // The newest `nlscope-<version>.crate` (the one just written).
    let krate = std::fs::read_dir(target.join("package"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("nlscope-") && n.ends_with(".crate"))
        })
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .context("cargo package wrote no nlscope-*.crate")?;
    let size = std::fs::metadata(&krate)?.len();
    eprintln!("xtask ci: {}: {size} bytes", krate.display());
    if size >= 2 << 20 {
        bail!("{}: {size} bytes, over 2 MB", krate.display());
    }
    let install = target.join("install-check");
    step(
        "cargo install --path .",
        cargo()
            .args(["install", "--locked", "--path", ".", "--root"])
            .arg(&install),
    )?;
    let bin = install.join("bin").join("nlscope");
    step("installed binary runs", Command::new(&bin).arg("--version"))?;
    Ok(())
}
