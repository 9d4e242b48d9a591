//! Command-line front end: one module per subcommand.
//!
//! Exit codes of `decode` and `stats`: 0 success (also when the output pipe closes
//! early), 1 bad input (after printing everything decoded before it; a malformed
//! record is reported in its place and the rest decoded first), 2 usage. `convert`: 1
//! when a record read could not be written whole (malformed, or longer than the
//! output's snap length).
//!
//! A filter value that names nothing (`--type RTM_NEWLNK`) is a usage error (exit 2)
//! naming the closest names.
#[cfg(feature = "os")]
mod capture;
mod check;
mod convert;
mod decode;
mod input;
mod names;
#[cfg(feature = "os")]
mod replay;
mod specs;
mod stats;

use clap::{CommandFactory, Parser, Subcommand};
use std::io::Write;
use std::process::ExitCode;

/// What `nlscope --help` says after the subcommands.
const AFTER_HELP: &str = "\
Fuzzing and benchmarks are not nlscope subcommands: in a checkout of the source run
`cargo xtask fuzz` and `cargo xtask bench` (see README.md).";

/// Capture, decode, check, convert and replay Linux netlink traffic (nlmon pcap/pcapng).
#[derive(Parser, Debug)]
#[command(
    name = "nlscope",
    version,
    after_help = AFTER_HELP,
    disable_help_subcommand = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Capture live netlink traffic to pcap/pcapng (root).
    #[cfg(feature = "os")]
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
    #[cfg(feature = "os")]
    Replay(replay::ReplayArgs),
    /// Print a shell completion script: `nlscope completions bash > …`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or with --dir write one page per subcommand too
    /// (`cargo xtask man`).
    #[command(hide = true)]
    Manpage {
        /// Write nlscope.1 and nlscope-SUBCOMMAND.1 here instead.
        #[arg(long, value_name = "DIR")]
        dir: Option<std::path::PathBuf>,
    },
    /// Print help for nlscope or a subcommand (`nlscope help decode`).
    Help {
        /// The subcommand (and its subcommands).
        command: Vec<String>,
    },
}

/// The clap definition of the command line (for completions and the man page).
pub fn command() -> clap::Command {
    Cli::command()
}

/// Report a usage error as clap does (`nlscope: error: …`) and return exit code 2.
pub fn usage_error(msg: &str) -> ExitCode {
    eprintln!("nlscope: error: {msg}");
    ExitCode::from(2)
}

/// `nlscope help [COMMAND…]`.
fn help(path: &[String]) -> ExitCode {
    let mut cmd = command();
    // Gives each subcommand its full name (`nlscope decode`) for its usage line.
    cmd.build();
    let mut at = &mut cmd;
    for name in path {
        match at.find_subcommand_mut(name) {
            Some(c) => at = c,
            None => return usage_error(&format!("no subcommand `{name}`: see `nlscope --help`")),
        }
    }
    let text = at.render_help();
    print(|w| write!(w, "{text}"))
}

/// `nlscope manpage --dir DIR`: the command's page and one per visible subcommand.
fn man_pages(dir: &std::path::Path) -> ExitCode {
    let mut cmd = command();
    cmd.build();
    let mut pages = vec![("nlscope".to_owned(), cmd.clone())];
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("nlscope-{}", sub.get_name());
        pages.push((name, sub.clone()));
    }
    for (name, page) in pages {
        let path = dir.join(format!("{name}.1"));
        let mut v = Vec::new();
        let res = clap_mangen::Man::new(page)
            .title(name.clone())
            .render(&mut v)
            .and_then(|()| std::fs::write(&path, &v));
        if let Err(e) = res {
            eprintln!("nlscope: {}: {e}", path.display());
            return ExitCode::from(1);
        }
        println!("{}", path.display());
    }
    ExitCode::SUCCESS
}

/// Write `render`'s output to standard output (a closed pipe is no error).
fn print(render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match render(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("nlscope: writing output: {e}");
            ExitCode::from(1)
        }
        _ => ExitCode::SUCCESS,
    }
}

/// Parse the command line and run the subcommand.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let failed = |e: anyhow::Error| {
        eprintln!("nlscope: error: {e:#}");
        ExitCode::FAILURE
    };
    match cli.command {
        #[cfg(feature = "os")]
        Command::Capture(args) => capture::run(args).unwrap_or_else(failed),
        Command::Check(a) => check::run(&a),
        Command::Decode(a) => decode::run(&a),
        Command::Stats(a) => stats::run(&a),
        Command::Convert(args) => convert::run(args).unwrap_or_else(failed),
        #[cfg(feature = "os")]
        Command::Replay(args) => replay::run(args).unwrap_or_else(failed),
        Command::Completions { shell } => print(|w| {
            // Into memory first: `generate` panics when its writer fails (a closed pipe).
            let mut v = Vec::new();
            clap_complete::generate(shell, &mut command(), "nlscope", &mut v);
            w.write_all(&v)
        }),
        Command::Manpage { dir: None } => print(|w| clap_mangen::Man::new(command()).render(w)),
        Command::Manpage { dir: Some(d) } => man_pages(&d),
        Command::Help { command } => help(&command),
    }
}
