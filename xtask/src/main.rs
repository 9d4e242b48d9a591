//! `cargo xtask`: the one entry point that people and CI share.
//!
//! Tasks:
//! - `bless`: rewrite the expected decodes beside every capture in `corpus/`
//!   (`nlscope check corpus --bless`);
//! - `ci [--no-fuzz]`: fmt, clippy, tests, docs, codegen staleness, fuzz smoke run;
//! - `codegen`: regenerate `src/schema/gen/` from the kernel's YAML netlink specs;
//! - `codegen --check`: fail, naming the files, if the committed output is stale;
//! - `fuzz [--time S] [--asan] [--seed-only] [TARGET…]`: seed, build and run the fuzz
//!   targets (stable, `-s none`), fail on a crash;
//! - `bench [--quick] [--callgrind]`: criterion benchmarks against the peers, or
//!   instructions per message under callgrind.

mod bench;
mod ci;
mod codegen;
mod fuzz;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci::run(&rest),
        Some("bless") => bless(),
        Some("fuzz") => fuzz::run(args.get(1..).unwrap_or(&[])),
        Some("bench") => bench::run(args.get(1..).unwrap_or(&[])),
        Some("codegen") => match rest.as_slice() {
            [] => codegen::run(false),
            ["--check"] => codegen::run(true),
            _ => Err(anyhow::anyhow!("usage: cargo xtask codegen [--check]")),
        },
        _ => Err(anyhow::anyhow!(
            "usage: cargo xtask <task>\n\ntasks:\n  ci [--no-fuzz]     every check CI runs\n  bless              rewrite corpus/'s expected decodes\n  codegen [--check]  tables from the kernel's netlink specs\n  fuzz [--time S]    fuzz every target, fail on a crash\n  bench [--quick]    criterion benchmarks against the peers"
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
