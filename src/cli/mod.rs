//! Command-line front end: one module per subcommand.
//!
//! Exit codes of `decode` and `stats`: 0 success (also when the output pipe closes
//! early), 1 bad input (after printing everything decoded before it; a malformed
//! record is reported in its place and the rest decoded first), 2 usage. `convert`: 1
//! when a record read could not be written whole (malformed, or longer than the
//! output's snap length).
mod capture;
mod check;
mod convert;
mod decode;
mod input;
mod replay;
mod specs;
mod stats;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Capture, decode, replay and fuzz Linux netlink traffic.
#[derive(Parser, Debug)]
#[command(name = "nlscope", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Capture live netlink traffic to pcap/pcapng (root).
    Capture(capture::CaptureArgs),
    /// Decode a capture: a tree per message, one line each, or JSON Lines.
    Decode(decode::DecodeArgs),
    /// Check a corpus of captures against their expected decodes (--bless writes them).
    Check(check::CheckArgs),
    /// Count what a capture holds.
    Stats(stats::StatsArgs),
    /// Convert between pcap, pcapng and rtmon (`ip monitor file`) files.
    Convert(convert::ConvertArgs),
    /// Replay a capture's requests into a scratch network namespace (root) and compare.
    Replay(replay::ReplayArgs),
}

/// Parse the command line and run the subcommand.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let failed = |e: anyhow::Error| {
        eprintln!("nlscope: error: {e:#}");
        ExitCode::FAILURE
    };
    match cli.command {
        Command::Capture(args) => capture::run(args).unwrap_or_else(failed),
        Command::Check(a) => check::run(&a),
        Command::Decode(a) => decode::run(&a),
        Command::Stats(a) => stats::run(&a),
        Command::Convert(args) => convert::run(args).unwrap_or_else(failed),
        Command::Replay(args) => replay::run(args).unwrap_or_else(failed),
    }
}
