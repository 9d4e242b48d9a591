//! Command-line front end: one module per subcommand.
use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod capture;
mod convert;
mod replay;

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
    /// Convert between pcap, pcapng and rtmon (`ip monitor file`) files.
    Convert(convert::ConvertArgs),
    /// Replay a capture's requests into a scratch network namespace (root) and compare.
    Replay(replay::ReplayArgs),
}

/// Parse the command line and run the subcommand.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Capture(args) => capture::run(args),
        Command::Convert(args) => convert::run(args),
        Command::Replay(args) => replay::run(args),
    };
    result.unwrap_or_else(|e| {
        eprintln!("nlscope: error: {e:#}");
        ExitCode::FAILURE
    })
}
