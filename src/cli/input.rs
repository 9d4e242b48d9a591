//! Reading a capture and walking its messages once, for `decode` and `stats`: byte
//! order per record, decoding, session (pairing, direction, interface names) and
//! generic-netlink id learning, in capture order.

use anyhow::Context as _;
use nlscope::families::decode::Context;
use nlscope::flow::walk::{EndianMode, RecordIn, Walker};
use nlscope::record::{CaptureError, CaptureReader};
use nlscope::wire::endian::Endian;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// How to pick the byte order of each record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum EndianArg {
    /// Detect per record from the `nlmsg_len` chain (falls back to the previous record's).
    Auto,
    /// Little-endian (x86, arm64).
    Little,
    /// Big-endian (s390x, …).
    Big,
}

pub use nlscope::flow::walk::Event;

/// Why a walk stopped early.
pub enum Stop {
    /// The input is bad (after everything before it was reported).
    Input(anyhow::Error),
    /// Writing the output failed (a closed pipe, …).
    Output(io::Error),
}

/// Open `path` (`-` for standard input) as a byte stream, with its size if known.
pub fn open(path: &Path) -> anyhow::Result<(Box<dyn Read>, Option<u64>)> {
    if path.as_os_str() == "-" {
        return Ok((Box::new(io::stdin().lock()), None));
    }
    let f = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let size = f.metadata().ok().map(|m| m.len());
    // No `BufReader`: the capture reader buffers itself, and a second buffer only
    // copied every byte once more (~2% of `decode`).
    Ok((Box::new(f), size))
}

/// Walk every message of the capture in `input`, calling `f` for each event.
pub fn walk(
    input: Box<dyn Read>,
    name: &str,
    endian: EndianArg,
    ctx: &mut Context,
    mut f: impl FnMut(Event<'_, '_>) -> io::Result<()>,
) -> Result<(), Stop> {
    let mut src =
        CaptureReader::new(input).map_err(|e| Stop::Input(anyhow::anyhow!("{name}: {e}")))?;
    let mut walker = Walker::new(match endian {
        EndianArg::Auto => EndianMode::Auto,
        EndianArg::Little => EndianMode::Fixed(Endian::Little),
        EndianArg::Big => EndianMode::Fixed(Endian::Big),
    });
    std::mem::swap(&mut walker.ctx, ctx);
    if let Some(note) = src.listener() {
        if let Err(e) = walker.listener(note, &mut f) {
            std::mem::swap(&mut walker.ctx, ctx);
            return Err(Stop::Output(e));
        }
    }
    // Records that are malformed by themselves (shorter than their link-layer header)
    // are reported where they are, the walk goes on, and the input counts as bad at
    // the end: exit code 1 once everything is printed.
    let mut malformed = Malformed::default();
    let res = loop {
        let rec = match src.next_record() {
            None => break malformed.result(name, None),
            Some(Ok(r)) => r,
            Some(Err(e)) if e.is_record_error() => {
                malformed.count(e);
                if let Err(e) = walker.record_error(&e, &mut f) {
                    break Err(Stop::Output(e));
                }
                continue;
            }
            Some(Err(e)) => break malformed.result(name, Some(e)),
        };
        if let Err(e) = walker.record(RecordIn::from_capture(&rec), &mut f) {
            break Err(Stop::Output(e));
        }
    };
    // Records of other link types (a capture on `any`) are said, not dropped silently.
    let skipped = src.skipped_records();
    let res = match res {
        Err(Stop::Output(e)) => Err(Stop::Output(e)),
        other if skipped > 0 => match walker.skipped(skipped, &mut f) {
            Ok(()) => other,
            Err(e) => Err(Stop::Output(e)),
        },
        other => other,
    };
    std::mem::swap(&mut walker.ctx, ctx);
    res
}

/// The malformed records of a walk: how many, and the first.
#[derive(Default)]
pub struct Malformed {
    n: u64,
    first: Option<CaptureError>,
}

impl Malformed {
    /// Count one.
    pub fn count(&mut self, e: CaptureError) {
        self.n += 1;
        self.first.get_or_insert(e);
    }

    /// The end of a walk over `name` that stopped at `fatal` (or at the end of the
    /// input): an input error naming the fatal error and the malformed records, if any.
    pub fn result(&self, name: &str, fatal: Option<CaptureError>) -> Result<(), Stop> {
        let records = match (self.n, self.first) {
            (0, _) | (_, None) => String::new(),
            (1, Some(e)) => format!("1 malformed record: {e}"),
            (n, Some(e)) => format!("{n} malformed records, the first: {e}"),
        };
        match (fatal, records.is_empty()) {
            (None, true) => Ok(()),
            (None, false) => Err(Stop::Input(anyhow::anyhow!("{name}: {records}"))),
            (Some(e), true) => Err(Stop::Input(anyhow::anyhow!("{name}: {e}"))),
            (Some(e), false) => Err(Stop::Input(anyhow::anyhow!(
                "{name}: {e} (before it {records})"
            ))),
        }
    }
}
