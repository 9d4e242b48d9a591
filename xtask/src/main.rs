//! `cargo xtask`: the one entry point that people and CI share.
//!
//! Tasks:
//! - `bless`: rewrite the expected decodes beside every capture in `corpus/`
//!   (`nlscope check corpus --bless`);
//! - `ci [--no-fuzz] [--no-vm]`: fmt, clippy, tests, docs, codegen staleness, fuzz smoke
//!   run, nlmon VM test;
//! - `codegen`: regenerate `src/families/schema/gen/` from the kernel's YAML netlink specs;
//! - `codegen --check`: fail, naming the files, if the committed output is stale;
//! - `fuzz [--time S] [--sanitizer none|address] [--seed-only] [TARGET…]`: seed, build
//!   and run the fuzz targets (stable; `-s none` by default), fail on a crash;
//! - `bench [--quick] [--callgrind] [--corpus]`: criterion benchmarks against the
//!   peers, or instructions per message under callgrind; `--corpus` records the large
//!   dump corpus first;
//! - `corpus [--out PATH] [--links N …]`: record a large rtnetlink dump corpus from this
//!   machine's kernel in a scratch namespace (root; `target/corpus/dump-large.pcap`);
//! - `kernel-src`: download and unpack Debian's linux-source-6.1 under
//!   `target/kernel-src/` (cached) for `tests/kernel_source.rs` (oracle 2);
//! - `vm-test [--scenario FILE] [--tests]`: nlscope capture vs tcpdump on a real nlmon
//!   device in a QEMU guest (root; docs/vm-test.md).

mod bench;
mod ci;
mod codegen;
mod corpus;
mod fuzz;
mod kernel_src;
mod vmtest;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci::run(&rest),
        Some("bless") => bless(),
        Some("fuzz") => fuzz::run(args.get(1..).unwrap_or(&[])),
        Some("bench") => bench::run(args.get(1..).unwrap_or(&[])),
        Some("corpus") => corpus::run(args.get(1..).unwrap_or(&[])),
        Some("vm-test") => vmtest::run(&rest),
        Some("kernel-src") => kernel_src::run_task(&rest),
        Some("codegen") => match rest.as_slice() {
            [] => codegen::run(false),
            ["--check"] => codegen::run(true),
            _ => Err(anyhow::anyhow!("usage: cargo xtask codegen [--check]")),
        },
        _ => Err(anyhow::anyhow!(
            "usage: cargo xtask <task>\n\ntasks:\n  ci [--no-fuzz] [--no-vm]  every check CI runs\n  bless              rewrite corpus/'s expected decodes\n  codegen [--check]  tables from the kernel's netlink specs\n  fuzz [--time S]    fuzz every target, fail on a crash\n  bench [--quick]    criterion benchmarks against the peers\n  corpus             record a large dump corpus from this kernel (root)\n  kernel-src         unpack linux-source-6.1 for the kernel-source oracle test\n  vm-test            nlscope capture vs tcpdump on nlmon in a QEMU guest"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the xtask crate's parent directory).
pub fn root() -> anyhow::Result<std::path::PathBuf> {
    use anyhow::Context as _;
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(std::path::Path::to_path_buf)
        .context("xtask has no parent directory")
}

/// `cargo xtask bless`: the expected decodes of `corpus/` are written by this command
/// only, never by hand.
fn bless() -> anyhow::Result<()> {
    ci::step(
        "bless",
        std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())).args(
            [
                "run",
                "--release",
                "--quiet",
                "-p",
                "nlscope",
                "--",
                "check",
                "corpus",
                "--bless",
            ],
        ),
    )
}
