//! `cargo xtask`: the one entry point that people and CI share.
//!
//! Tasks:
//! - `bless`: rewrite the expected decodes beside every capture in `corpus/`
//!   (`nlscope check corpus --bless`);
//! - `ci [--no-fuzz] [--no-vm]`: fmt, clippy, tests, docs, codegen staleness, fuzz smoke
//!   run, nlmon VM test;
//! - `codegen`: regenerate `src/families/schema/gen/` from the kernel's YAML netlink specs;
//! - `codegen --check`: fail, naming the files, if the committed output is stale;
//! - `spec-dir`: download (if needed) the pinned kernel specs the codegen reads and
//!   print their directory (also written to `target/xtask-specs/spec-dir.txt`, where
//!   `tests/spec_runtime.rs` finds them);
//! - `fuzz [--time S] [--sanitizer none|address] [--seed-only] [TARGET…]`: seed, build
//!   and run the fuzz targets (stable; `-s none` by default), fail on a crash;
//! - `bench [--quick] [--callgrind] [--corpus]`: criterion benchmarks against the
//!   peers, or instructions per message under callgrind; `--corpus` records the large
//!   dump corpus first;
//! - `corpus [--out PATH] [--links N …]`: record a large rtnetlink dump corpus from this
//!   machine's kernel in a scratch namespace (root; `target/corpus/dump-large.pcap`);
//! - `kernel-src`: download and unpack Debian's linux-source-6.1 under
//!   `target/kernel-src/` (cached) for `tests/kernel_source.rs` (oracle 2);
//! - `tools-oracle [-v] [CAPTURE TOOLS_DIR]`: oracle 3 of issue 11, what the kernel's own
//!   tools printed against nlscope's decode of the same dump replies (default:
//!   `corpus/tools-k6.1.pcap` and `corpus/tools-k6.1/`; docs/vm-test.md);
//! - `vm-test [--scenario FILE] [--tests]`: nlscope capture vs tcpdump on a real nlmon
//!   device in a QEMU guest (root; docs/vm-test.md).

mod bench;
mod ci;
mod codegen;
mod corpus;
mod fuzz;
mod kernel_src;
mod tools_oracle;
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
        Some("tools-oracle") => tools_oracle_task(&rest),
        Some("man") => man(),
        Some("codegen") => match rest.as_slice() {
            [] => codegen::run(false),
            ["--check"] => codegen::run(true),
            _ => Err(anyhow::anyhow!("usage: cargo xtask codegen [--check]")),
        },
        Some("spec-dir") => codegen::spec_dir(&codegen::root()).map(|d| println!("{}", d.display())),
        _ => Err(anyhow::anyhow!(
            "usage: cargo xtask <task>\n\ntasks:\n  ci [--no-fuzz] [--no-vm]  every check CI runs\n  bless              rewrite corpus/'s expected decodes\n  codegen [--check]  tables from the kernel's netlink specs\n  spec-dir           fetch the kernel's specs the codegen reads, print where\n  fuzz [--time S]    fuzz every target, fail on a crash (--cfl-check: run .clusterfuzzlite/build.sh)\n  man                the man page from the CLI's clap definition: target/man/nlscope.1\n  bench [--quick]    criterion benchmarks against the peers\n  corpus             record a large dump corpus from this kernel (root)\n  kernel-src         unpack linux-source-6.1 for the kernel-source oracle test\n  tools-oracle [CAP DIR]  the kernel's tools' output vs nlscope's decode\n  vm-test            nlscope capture vs tcpdump on nlmon in a QEMU guest"
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

/// `cargo xtask man`: the man pages generated from the clap definition of the command
/// line (clap_mangen, through the binary's hidden `manpage` subcommand: xtask does not
/// depend on the library): `target/man/nlscope.1` and `nlscope-SUBCOMMAND.1`.
fn man() -> anyhow::Result<()> {
    use anyhow::Context as _;
    let root = root()?;
    let dir = root.join("target").join("man");
    std::fs::create_dir_all(&dir)?;
    let st = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&root)
        .args([
            "run", "--quiet", "--bin", "nlscope", "--", "manpage", "--dir",
        ])
        .arg(&dir)
        .status()
        .context("cargo run --bin nlscope -- manpage")?;
    if !st.success() {
        anyhow::bail!("nlscope manpage failed ({st})");
    }
    let page = dir.join("nlscope.1");
    let text = std::fs::read_to_string(&page).with_context(|| page.display().to_string())?;
    if !text.contains(".TH nlscope 1") {
        anyhow::bail!("{}: not a man page", page.display());
    }
    println!(
        "man: wrote the pages in {} (man -l {})",
        dir.display(),
        page.display()
    );
    Ok(())
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

/// `cargo xtask tools-oracle [CAPTURE TOOLS_DIR]`: builds nlscope (release) and
/// compares; fails on any unexplained difference.
fn tools_oracle_task(args: &[&str]) -> anyhow::Result<()> {
    let root = root()?;
    let verbose = args.first() == Some(&"-v");
    let args = if verbose {
        args.get(1..).unwrap_or(&[])
    } else {
        args
    };
    let (cap, dir) = match args {
        [] => (
            root.join("corpus/tools-k6.1.pcap"),
            root.join("corpus/tools-k6.1"),
        ),
        [c, d] => (std::path::PathBuf::from(c), std::path::PathBuf::from(d)),
        _ => anyhow::bail!("usage: cargo xtask tools-oracle [-v] [CAPTURE TOOLS_DIR]"),
    };
    // NLSCOPE_BIN: an nlscope binary to use as it is (no build).
    let bin = match std::env::var_os("NLSCOPE_BIN") {
        Some(b) => std::path::PathBuf::from(b),
        None => {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            ci::step(
                "cargo build --release --bin nlscope",
                std::process::Command::new(&cargo)
                    .args([
                        "build",
                        "--release",
                        "--quiet",
                        "-p",
                        "nlscope",
                        "--bin",
                        "nlscope",
                    ])
                    .current_dir(&root),
            )?;
            std::env::var_os("CARGO_TARGET_DIR")
                .map_or_else(|| root.join("target"), std::path::PathBuf::from)
                .join("release/nlscope")
        }
    };
    let tallies = tools_oracle::compare(&bin, &cap, &dir)?;
    if verbose {
        for t in &tallies {
            for l in &t.log {
                println!("equal  {}: {l}", t.dump);
            }
        }
    }
    let (report, ok) = tools_oracle::report(&tallies);
    print!("{report}");
    if ok {
        Ok(())
    } else {
        anyhow::bail!("tools oracle: values differ (see above)")
    }
}
