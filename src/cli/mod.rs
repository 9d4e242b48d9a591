//! Command-line front end: one module per subcommand.
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
enum Command {}

/// Parse the command line and run the subcommand.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {}
}
