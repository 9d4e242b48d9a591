//! `nlscope stats FILE|-`: what a capture holds, counted (see `nlscope::render::stats`).
//! Exit codes as for `decode`.

use super::decode::{finish, progress_bar, Filter, FilterArgs, InputArgs};
use super::input::{self, EndianArg, Event, Stop};
use super::specs::SpecArgs;
use nlscope::render::stats::Stats;
use std::io::{self, Write};
use std::process::ExitCode;

/// Output format of `stats`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum StatsFormat {
    /// Tables for people.
    Text,
    /// One JSON object (docs/json.md).
    Json,
}

/// Options of `nlscope stats`.
#[derive(clap::Args, Debug)]
pub struct StatsArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
    pub format: StatsFormat,
    /// Byte order of the netlink messages.
    #[arg(long, value_enum, default_value_t = EndianArg::Auto)]
    pub endian: EndianArg,
    /// The user's specs and family ids.
    #[command(flatten)]
    pub specs: SpecArgs,
    /// Count only the messages these select (records are all counted).
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// Run `nlscope stats`.
pub fn run(args: &StatsArgs) -> ExitCode {
    let mut ctx = match args.specs.context() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("nlscope: {e}");
            return ExitCode::from(2);
        }
    };
    let filter = match Filter::from_args(&args.filter, &ctx) {
        Ok(f) => f,
        Err(e) => return super::usage_error(&e),
    };
    let path = args.input.path();
    let (input, size) = match input::open(&path) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("nlscope: {e:#}");
            return ExitCode::from(1);
        }
    };
    let bar = progress_bar(size);
    let mut st = Stats::new();
    let name = path.display().to_string();
    let res = input::walk(input, &name, args.endian, &mut ctx, |ev| {
        if !matches!(&ev, Event::Message(it) if !filter.matches(it)) {
            st.event(&ev);
        }
        Ok(())
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    // Print what was counted, also when the input stopped early (but not when it
    // was no capture at all).
    if matches!(res, Err(Stop::Input(_))) && st.records == 0 {
        return finish(res, &mut io::stdout());
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let printed = match args.format {
        StatsFormat::Text => st.write_text(&mut out),
        StatsFormat::Json => st.write_json(&mut out),
    };
    let res = match (res, printed) {
        (Err(Stop::Input(e)), _) => Err(Stop::Input(e)),
        (_, Err(e)) => Err(Stop::Output(e)),
        (r, Ok(())) => r,
    };
    finish(res, &mut out as &mut dyn Write)
}
