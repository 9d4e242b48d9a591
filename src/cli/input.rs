//! Reading a capture and walking its messages once, for `decode` and `stats`: byte
//! order per record, decoding, session (pairing, direction, interface names) and
//! generic-netlink id learning, in capture order.

use anyhow::Context as _;
use nlscope::capture::CaptureReader;
use nlscope::decode::{decode_message, Context};
use nlscope::endian::Endian;
use nlscope::error::DecodeError;
use nlscope::nlmsg::Messages;
use nlscope::render::Item;
use nlscope::session::Session;
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

/// What the walk reports to its consumer.
pub enum Event<'r, 'a> {
    /// A record begins.
    Record {
        /// Netlink bytes in it.
        len: usize,
        /// The snap length cut it.
        truncated: bool,
        /// The byte order it is read in.
        endian: Endian,
    },
    /// A decoded message.
    Message(&'r Item<'r, 'a>),
    /// Zero bytes after the last message of a record (iproute2 sends its request
    /// buffers whole: `nlmsg_len` 24 in a 152-byte write). Not an error.
    Padding {
        /// The record.
        frame: u64,
        /// How many zero bytes.
        len: usize,
    },
    /// The record's message stream ended in a framing error.
    StreamError {
        /// The record.
        frame: u64,
        /// What went wrong.
        err: &'r DecodeError,
        /// The bytes not walked.
        rest: &'a [u8],
    },
}

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
    Ok((Box::new(io::BufReader::with_capacity(256 * 1024, f)), size))
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
    let mut session = Session::new();
    let mut last = Endian::NATIVE;
    loop {
        let rec = match src.next_record() {
            None => return Ok(()),
            Some(Ok(r)) => r,
            Some(Err(e)) => return Err(Stop::Input(anyhow::anyhow!("{name}: {e}"))),
        };
        let link_len = (rec.caplen as usize).saturating_sub(rec.payload.len());
        let wire_len = (rec.orig_len as usize).saturating_sub(link_len);
        let e = match endian {
            EndianArg::Auto => Endian::detect(rec.payload, wire_len, last),
            EndianArg::Little => Endian::Little,
            EndianArg::Big => Endian::Big,
        };
        last = e;
        f(Event::Record {
            len: rec.payload.len(),
            truncated: rec.truncated,
            endian: e,
        })
        .map_err(Stop::Output)?;
        let protocol = rec.link.protocol;
        let mut msgs = Messages::new(rec.payload, e).snap_cut(rec.truncated);
        let mut index = 0u32;
        while let Some(m) = msgs.next() {
            match m {
                Ok(m) => {
                    let d = decode_message(m, protocol, ctx);
                    let info = session.observe(&d, rec.frame, rec.ts);
                    ctx.observe(&d);
                    let item = Item {
                        frame: rec.frame,
                        index,
                        ts: rec.ts,
                        decoded: &d,
                        info,
                        ctx,
                        session: &session,
                    };
                    f(Event::Message(&item)).map_err(Stop::Output)?;
                    index += 1;
                }
                Err(_) if msgs.rest().iter().all(|b| *b == 0) => {
                    f(Event::Padding {
                        frame: rec.frame,
                        len: msgs.rest().len(),
                    })
                    .map_err(Stop::Output)?;
                }
                Err(err) => {
                    f(Event::StreamError {
                        frame: rec.frame,
                        err: &err,
                        rest: msgs.rest(),
                    })
                    .map_err(Stop::Output)?;
                }
            }
        }
    }
}
