//! `nlscope convert`: rewrite a capture (pcap, pcapng or rtmon) as pcap, pcapng or rtmon.
//!
//! Every record is written whole: the output's snap length is the input's, at least
//! tcpdump's default (an input snap length of 0 means none), lowered only to what
//! nlscope's reader takes back. A record longer than it is written cut and marked
//! (`caplen < len`); a malformed input record (shorter than its link-layer header) is
//! left out. Both are counted on stderr and make the exit code 1. Records the output
//! format cannot hold (rtmon: other families, requests, acks) are counted, exit 0.

use nlscope::record::pcapwrite::{
    nlmon_header, CaptureWriter, Format, Record, DEFAULT_SNAPLEN, NLMON_HDRLEN,
};
use nlscope::record::rtmon::{self, Skip};
use nlscope::record::{CaptureReader, Endian, Format as InFormat};
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
    /// Records read (malformed ones included).
    pub read: u64,
    /// Records written (whole, or cut: see `lost`).
    pub written: u64,
    /// Records left out or changed because the output format cannot hold them (rtmon
    /// holds route events only), by reason. Not an error.
    pub skipped: Vec<(String, u64)>,
    /// Records not carried over whole because of the input or a limit of the output
    /// (malformed records, records longer than the output's snap length), by reason.
    /// Any makes `convert` exit with 1.
    pub lost: Vec<(String, u64)>,
    /// The first malformed record of the input.
    pub first_malformed: Option<nlscope::record::CaptureError>,
}

fn bump(list: &mut Vec<(String, u64)>, why: String) {
    match list.iter_mut().find(|(w, _)| *w == why) {
        Some((_, n)) => *n += 1,
        None => list.push((why, 1)),
    }
}

impl Counts {
    fn skip(&mut self, why: String) {
        bump(&mut self.skipped, why);
    }

    fn lose(&mut self, why: String) {
        bump(&mut self.lost, why);
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
    // The output's snap length holds every record the input's did, and at least
    // tcpdump's default (an input snap length of 0, or unset, means no limit; the
    // writer lowers it to what a file of its format can hold).
    let snaplen = reader.snaplen().unwrap_or(0).max(DEFAULT_SNAPLEN);
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
        let rec = match rec {
            Ok(rec) => rec,
            // A record that is not one (shorter than its link-layer header): there is
            // nothing to write for it, the records after it are read on.
            Err(e) if e.is_record_error() => {
                counts.read += 1;
                counts.lose("records shorter than their link-layer header left out".into());
                counts.first_malformed.get_or_insert(e);
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        counts.read += 1;
        if let Some(w) = cap.as_mut() {
            data.clear();
            data.extend_from_slice(&nlmon_header(rec.link.packet_type, rec.link.protocol));
            data.extend_from_slice(rec.payload);
            // The original length with the nlmon header in place of the input's.
            let link_len = (rec.caplen as usize).saturating_sub(rec.payload.len());
            let orig_len = (rec.orig_len as usize)
                .saturating_sub(link_len)
                .saturating_add(NLMON_HDRLEN);
            let ts = Duration::new(u64::try_from(rec.ts.sec).unwrap_or(0), rec.ts.nsec);
            let cut = w.write_with_len(
                &Record {
                    ts,
                    data: &data,
                    nsid: nsid_of(rec.comment),
                },
                u32::try_from(orig_len).unwrap_or(u32::MAX),
            )?;
            if cut {
                counts.lose(format!(
                    "records longer than the output's snap length of {} bytes written cut \
                     (marked truncated)",
                    w.snaplen()
                ));
            } else if rec.truncated {
                counts.skip(
                    "records were already cut by the input's snap length (written as cut, \
                     original length kept)"
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
                nlscope::wire::protocol::Protocol(p)
                    .cli_name()
                    .unwrap_or_else(|| p.to_string())
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
    for (why, n) in counts.skipped.iter().chain(&counts.lost) {
        eprintln!("  {n} {why}");
    }
    if let Some(e) = &counts.first_malformed {
        eprintln!("  the first malformed record: {e}");
    }
    // Every record read is in the output whole, or left out because the output
    // format cannot hold it (said above); otherwise the input was bad or the output
    // could not hold a record whole: exit 1, as `decode` for a malformed record.
    Ok(if counts.lost.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
