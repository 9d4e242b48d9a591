//! `cargo xtask`: the one entry point that people and CI share.
//!
//! Tasks:
//! - `ci [--no-fuzz]`: fmt, clippy, tests, docs, codegen staleness, fuzz smoke run;
//! - `codegen`: regenerate `src/schema/gen/` from the kernel's YAML netlink specs;
//! - `codegen --check`: fail, naming the files, if the committed output is stale.

mod ci;
mod codegen;
mod vmtest;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci::run(&rest),
        Some("vm-test") => vmtest::run(&rest),
        Some("codegen") => match rest.as_slice() {
            [] => codegen::run(false),
            ["--check"] => codegen::run(true),
            _ => Err(anyhow::anyhow!("usage: cargo xtask codegen [--check]")),
        },
        _ => Err(anyhow::anyhow!(
            "usage: cargo xtask <task>\n\ntasks:\n  ci [--no-fuzz]     every check CI runs\n  codegen [--check]  tables from the kernel's netlink specs"
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
