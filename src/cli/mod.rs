//! Command-line front end: one module per subcommand.
use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod capture;

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
}

/// Parse the command line and run the subcommand.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Capture(args) => capture::run(args).unwrap_or_else(|e| {
            eprintln!("nlscope: error: {e:#}");
            ExitCode::FAILURE
        }),
    }
}
