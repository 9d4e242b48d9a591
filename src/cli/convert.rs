//! `nlscope convert`: rewrite a capture (pcap, pcapng or rtmon) as pcap, pcapng or rtmon.

use nlscope::capture::{CaptureReader, Endian, Format as InFormat};
use nlscope::pcapwrite::{nlmon_header, CaptureWriter, Format, Record, DEFAULT_SNAPLEN};
use nlscope::rtmon::{self, Skip};
use std::io::{self, BufWriter, Read, Write};

use std::process::ExitCode;
use std::time::Duration;

/// Output format.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum To {
    /// Classic pcap, link type 253.
    Pcap,
    /// pcapng, link type 253 (keeps `nsid=` comments).
    Pcapng,
    /// rtmon (`ip monitor file`): route messages only.
    Rtmon,
}

/// Convert between pcap, pcapng and rtmon files. The input format is detected.
#[derive(clap::Args, Debug)]
pub struct ConvertArgs {
    /// Input file (pcap, pcapng or rtmon); `-` reads stdin.
    input: String,
    /// Output file; `-` writes stdout.
    output: String,
    /// Output format; by default from OUT's extension (.pcap, .pcapng, .rtmon).
    #[arg(long, value_enum)]
    to: Option<To>,
}

fn format_of(path: &str) -> Option<To> {
    let ext = std::path::Path::new(path).extension()?.to_str()?;
    match ext.to_ascii_lowercase().as_str() {
        "pcap" | "cap" => Some(To::Pcap),
        "pcapng" | "ntar" => Some(To::Pcapng),
        "rtmon" | "rtm" => Some(To::Rtmon),
        _ => None,
    }
}

/// `nsid=N` from a pcapng comment written by nlscope.
fn nsid_of(comment: Option<&str>) -> Option<i32> {
    comment?.strip_prefix("nsid=")?.trim().parse().ok()
}

/// What a conversion did.
#[derive(Debug, Default)]
pub struct Counts {
    /// Records read.
    pub read: u64,
    /// Records written.
    pub written: u64,
    /// Records left out, by reason.
    pub skipped: Vec<(String, u64)>,
}

impl Counts {
    fn skip(&mut self, why: String) {
        match self.skipped.iter_mut().find(|(w, _)| *w == why) {
            Some((_, n)) => *n += 1,
            None => self.skipped.push((why, 1)),
        }
    }
}

/// Converts everything `input` holds into `output`.
///
/// # Errors
/// A read error of the input (after everything before it was written) or a write error.
pub fn convert<R: Read, W: Write>(input: R, output: W, to: To) -> anyhow::Result<Counts> {
    let mut reader = CaptureReader::new(input)?;
    let rtmon_in = match reader.format() {
        InFormat::Rtmon { endian } => Some(endian),
        _ => None,
    };
    let snaplen = reader.snaplen().unwrap_or(DEFAULT_SNAPLEN).max(1);
    let mut counts = Counts::default();
    let mut sink = Some(output);
    let mut cap = match to {
        To::Pcap | To::Pcapng => {
            let format = if to == To::Pcap {
                Format::Pcap
            } else {
                Format::Pcapng
            };
            sink.take()
                .map(|w| CaptureWriter::new(w, format, snaplen))
                .transpose()?
        }
        To::Rtmon => None,
    };
    // An rtmon file has one byte order: the input's, else that of the first record.
    let mut rt: Option<rtmon::Writer<W>> = None;
    let mut data = Vec::new();
    while let Some(rec) = reader.next_record() {
        let rec = rec?;
        counts.read += 1;
        if let Some(w) = cap.as_mut() {
            data.clear();
            data.extend_from_slice(&nlmon_header(rec.link.packet_type, rec.link.protocol));
            data.extend_from_slice(rec.payload);
            let ts = Duration::new(u64::try_from(rec.ts.sec).unwrap_or(0), rec.ts.nsec);
            w.write(&Record {
                ts,
                data: &data,
                nsid: nsid_of(rec.comment),
            })?;
            if rec.truncated {
                counts.skip(
                    "records were cut by the snap length (written cut: original length lost)"
                        .into(),
                );
            }
            counts.written += 1;
            continue;
        }
        if rt.is_none() {
            let e = rtmon_in.unwrap_or_else(|| {
                Endian::detect(rec.payload, rec.orig_len as usize, Endian::NATIVE)
            });
            rt = sink.take().map(|w| rtmon::Writer::new(w, e));
        }
        let Some(w) = rt.as_mut() else { break };
        match w.write(
            rec.ts.sec,
            rec.ts.nsec,
            rec.link.protocol,
            rec.payload,
            rec.truncated,
        )? {
            Ok(()) => counts.written += 1,
            Err(Skip::NotRoute(p)) => counts.skip(format!(
                "records of netlink family {p} ({}) skipped: rtmon holds route messages only",
                nlscope::os::family_name(p)
            )),
            Err(Skip::Truncated) => counts.skip("records cut by the snap length skipped".into()),
            Err(Skip::Malformed) => {
                counts.skip("records without a well-formed message skipped".into())
            }
            Err(Skip::NoEvent) => counts.skip(
                "records of requests and acks only skipped (rtmon records kernel events)".into(),
            ),
        }
    }
    if let Some(w) = &rt {
        for (n, what) in [
            (w.requests_dropped(), "request messages left out"),
            (w.control_dropped(), "ack/error/done messages left out"),
        ] {
            if n > 0 {
                counts.skipped.push((what.into(), n));
            }
        }
    }
    if let Some(mut w) = sink {
        w.flush()?;
    }
    Ok(counts)
}

/// Runs `nlscope convert`.
///
/// # Errors
/// Unreadable input, unknown output format, write errors.
pub fn run(args: ConvertArgs) -> anyhow::Result<ExitCode> {
    let to = match args.to.or_else(|| format_of(&args.output)) {
        Some(t) => t,
        None => anyhow::bail!(
            "cannot tell the output format from {:?}: name it .pcap, .pcapng or .rtmon, or pass --to",
            args.output
        ),
    };
    let input: Box<dyn Read> = if args.input == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(
            std::fs::File::open(&args.input)
                .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", args.input))?,
        )
    };
    let output: Box<dyn Write> = if args.output == "-" {
        Box::new(BufWriter::new(io::stdout().lock()))
    } else {
        Box::new(BufWriter::new(
            std::fs::File::create(&args.output)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", args.output))?,
        ))
    };
    let counts = convert(input, output, to)?;
    eprintln!(
        "nlscope convert: {} records read, {} written",
        counts.read, counts.written
    );
    for (why, n) in &counts.skipped {
        eprintln!("  {n} {why}");
    }
    Ok(ExitCode::SUCCESS)
}
