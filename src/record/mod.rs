//! Capture files: pcap and pcapng records of netlink traffic, as an nlmon device writes them.
//!
//! This is the bottom layer of nlscope. It turns the bytes of a capture file into
//! [`Record`]s: the record's number, time, lengths, normalised link-layer header
//! ([`LinkHeader`]: the netlink family is `link.protocol`) and the netlink bytes that follow
//! it. It knows nothing about netlink messages themselves.
//!
//! - [`CaptureReader`] reads from any [`std::io::Read`] (a file, a pipe, stdin) through one
//!   bounded buffer: memory stays constant whatever the file size (at most the largest
//!   record, and never more than [`MAX_RECORD_LEN`]), and records are lent from that
//!   buffer (`next_record` is a lending iterator).
//! - [`SliceReader`] (made by [`read_all`]) reads a file already in memory, zero-copy: its
//!   records borrow the input slice, so it is a plain [`Iterator`].
//!
//! Both also read rtmon files ([`crate::record::rtmon`]: sniffed when the file is neither pcap
//! nor pcapng), one record per stamp, and accept pcap (microsecond or nanosecond timestamps, either byte order) and pcapng
//! (either byte order per section, several sections and interfaces; `if_tsresol` and
//! `if_tsoffset` honoured; enhanced, simple and obsolete packet blocks), with link types
//! NETLINK (253), LINUX_SLL (113) and LINUX_SLL2 (276).
//!
//! # Contract
//!
//! - No panic, no `unsafe`, no allocation per record, on any input.
//! - Records whose device type is not `ARPHRD_NETLINK` (an SLL capture on `any`), and
//!   pcapng records of interfaces that cannot carry netlink, are skipped and counted
//!   ([`CaptureReader::skipped_records`]). [`Record::frame`] still counts them, so frame
//!   numbers match Wireshark's.
//! - A record cut by the snap length (`caplen < orig_len`) is not an error: it is marked
//!   [`Record::truncated`].
//! - A file that stops inside a record or block yields every complete record before it,
//!   then one [`CaptureError`] of kind [`ErrorKind::Truncated`] naming the byte offset,
//!   the frame, and what was needed against what was there.
//! - A record shorter than the link-layer header its link type needs (nlmon 16 bytes,
//!   SLL 16, SLL2 20) is that record's error ([`ErrorKind::LinkHeaderTooShort`],
//!   [`CaptureError::is_record_error`]): the file's framing around it is intact, so
//!   the readers go on with the next record, as tshark shows a malformed packet and
//!   goes on.
//! - After any other error the readers return `None` for good: garbage cannot make them
//!   loop (a record error consumes its whole record, at least 16 bytes).
//!
//! # Why not the `pcap-file` crate
//!
//! `pcap-file` 2.0 was checked first against this contract and fails it: its pcap reader
//! rejects every snap-length-cut record (`orig_len > snap_len` is an `InvalidField`
//! error); a file cut mid-record gives a bare `UnexpectedEof` with no position, again on
//! every later call (no fuse); its pcapng reader ignores `if_tsresol` and reads every
//! timestamp as nanoseconds (the default is microseconds, so `rtnl-basic.pcapng` comes out
//! 1000 times too early); it allocates a `Vec` of options per packet block and an 8 MB
//! buffer per reader. So the reader is written here: fixed headers are parsed with `nom`
//! 8 `complete` parsers whose byte order is a parameter, over a buffer of our own; the
//! two read once per record (the pcap record header, the nlmon/SLL/SLL2 link header) by
//! fixed offsets in one `first_chunk`, which costs a tenth of the nom chain.
//!
//! # Example
//!
//! ```
//! use nlscope::record::{read_all, LinkType};
//!
//! // A little-endian pcap (µs) with one nlmon record: 16-byte link header + 4 bytes.
//! let mut file = Vec::new();
//! for field in [0xa1b2_c3d4u32, 0x0004_0002, 0, 0, 65535, 253] {
//!     file.extend_from_slice(&field.to_le_bytes());
//! }
//! for field in [1_700_000_000u32, 250_000, 20, 20] {
//!     file.extend_from_slice(&field.to_le_bytes());
//! }
//! file.extend_from_slice(&[0, 4, 3, 0x38, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16]);
//! file.extend_from_slice(&[1, 2, 3, 4]);
//!
//! let mut records = read_all(&file)?;
//! let r = records.next().unwrap()?;
//! assert_eq!((r.frame, r.ts.sec, r.ts.nsec), (1, 1_700_000_000, 250_000_000));
//! assert_eq!((r.link.link_type, r.link.protocol), (LinkType::NETLINK, 16));
//! assert_eq!(r.payload, &[1, 2, 3, 4]);
//! assert!(records.next().is_none());
//! # Ok::<(), nlscope::record::CaptureError>(())
//! ```

use core::fmt;
use std::io::Read;

mod decoder;
mod error;
mod link;
mod pcap;
mod pcapng;
pub mod pcapwrite;
pub mod rtmon;

use decoder::{Decoder, Source};
pub use error::{BlockProblem, CaptureError, ErrorKind, Part};
pub use link::{LinkHeader, LinkType, ARPHRD_NETLINK};

/// The largest pcap record (`caplen`) or pcapng block this reader accepts: 16 MiB, as
/// libpcap. It bounds the reader's buffer.
pub const MAX_RECORD_LEN: u32 = 16 * 1024 * 1024;

/// The most interfaces one pcapng section may define (it bounds the interface table).
pub const MAX_INTERFACES: usize = 65_536;

/// Capacity the streaming buffer starts with.
const INITIAL_BUFFER: usize = 64 * 1024;

/// A time since the Unix epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Whole seconds (negative only with a negative pcapng `if_tsoffset`).
    pub sec: i64,
    /// Nanoseconds, always below 1 000 000 000.
    pub nsec: u32,
}

impl fmt::Display for Timestamp {
    /// `seconds.nanoseconds`, as `tshark -e frame.time_epoch` prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:09}", self.sec, self.nsec)
    }
}

/// Byte order of a file's headers (not of the netlink bytes, which have none recorded):
/// the same type as the netlink payload's order.
pub use crate::wire::endian::Endian;

/// Timestamp precision of a pcap file, given by its magic number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Precision {
    /// Microseconds (magic 0xa1b2c3d4).
    Micro,
    /// Nanoseconds (magic 0xa1b23c4d).
    Nano,
}

/// The format of a capture file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Classic pcap.
    Pcap {
        /// Byte order of the headers.
        endian: Endian,
        /// Timestamp precision.
        precision: Precision,
    },
    /// pcapng.
    PcapNg {
        /// Byte order of the current section.
        endian: Endian,
    },
    /// An rtmon file (`rtmon file`, `ip monitor file`): see [`crate::record::rtmon`].
    Rtmon {
        /// Byte order of the messages (the recording host's).
        endian: Endian,
    },
}

/// One packet record of a capture: one skb as the kernel handed it to the nlmon device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Record<'a> {
    /// 1-based number of the record in the file, counting every packet record (skipped
    /// ones too), as Wireshark's `frame.number`.
    pub frame: u64,
    /// Capture time. pcapng: `if_tsresol` and `if_tsoffset` applied; zero for a simple
    /// packet block, which has none.
    pub ts: Timestamp,
    /// Length of the packet on the wire (link-layer header included).
    pub orig_len: u32,
    /// Bytes captured (link-layer header included).
    pub caplen: u32,
    /// The link-layer header.
    pub link: LinkHeader,
    /// The netlink bytes after the link-layer header (one or more messages, in the
    /// capturing host's byte order; cut short when `truncated`).
    pub payload: &'a [u8],
    /// `caplen < orig_len`: the capture's snap length cut the record.
    pub truncated: bool,
    /// pcapng interface id within its section; 0 for pcap.
    pub interface: u32,
    /// pcapng `opt_comment` of the packet block (the first one), if present and UTF-8.
    pub comment: Option<&'a str>,
}

/// A streaming reader of a capture file over any [`Read`], in constant memory.
///
/// Records are lent from an internal buffer that grows only to the largest unit read
/// (record or pcapng block), capped by [`MAX_RECORD_LEN`].
/// `tcpdump -U -w - -i nlmon0 | nlscope decode -` works: records come out as they arrive.
#[derive(Debug)]
pub struct CaptureReader<R> {
    src: Buffered<R>,
    dec: Decoder,
    /// Length of the unit the last record was lent from, consumed on the next call.
    pending: usize,
    done: bool,
}

impl<R: Read> CaptureReader<R> {
    /// Reads the file header (pcap) or the section header block and the interface
    /// description blocks right after it (pcapng). On a live pcapng stream this waits
    /// for the first block after those.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::EmptyInput`], [`ErrorKind::NotACapture`] (with the first bytes),
    /// [`ErrorKind::Truncated`], [`ErrorKind::UnsupportedVersion`], [`ErrorKind::BadBlock`],
    /// [`ErrorKind::Io`], and [`ErrorKind::UnsupportedLinkType`] when the file's link type
    /// (pcapng: of every interface so far) cannot carry netlink.
    pub fn new(reader: R) -> Result<Self, CaptureError> {
        let mut src = Buffered {
            inner: reader,
            buf: vec![0; INITIAL_BUFFER],
            start: 0,
            end: 0,
            eof: false,
        };
        let dec = Decoder::open(&mut src)?;
        Ok(Self {
            src,
            dec,
            pending: 0,
            done: false,
        })
    }

    /// Whether the file marks itself as a listener capture
    /// ([`pcapwrite::LISTENER_COMMENT`]): `Some` with the note after the mark
    /// (empty for pcap, whose mark has no text).
    pub fn listener(&self) -> Option<&str> {
        self.dec.listener()
    }

    /// The next netlink record, lent from the reader's buffer; `None` at the end of the
    /// file, and for good after an error other than a record error
    /// ([`CaptureError::is_record_error`]: that record's only, reading goes on).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Truncated`] when the file stops inside a record or block,
    /// [`ErrorKind::LinkHeaderTooShort`], [`ErrorKind::BadBlock`], [`ErrorKind::TooLarge`],
    /// [`ErrorKind::Io`], [`ErrorKind::UnsupportedVersion`] (a later pcapng section), and
    /// [`ErrorKind::UnsupportedLinkType`] for a pcapng packet when no interface so far can
    /// carry netlink.
    pub fn next_record(&mut self) -> Option<Result<Record<'_>, CaptureError>> {
        if self.done {
            return None;
        }
        self.src.consume(core::mem::take(&mut self.pending));
        match self.dec.next(&mut self.src) {
            Ok(Some(meta)) => {
                self.pending = meta.unit_len;
                Some(Ok(meta.record(self.src.window())))
            }
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = !e.is_record_error();
                Some(Err(e))
            }
        }
    }

    /// Packet records skipped so far because they were not netlink (ARPHRD not 824, or a
    /// pcapng interface whose link type cannot carry netlink).
    pub fn skipped_records(&self) -> u64 {
        self.dec.skipped()
    }

    /// The file format (for pcapng, the byte order of the current section).
    pub fn format(&self) -> Format {
        self.dec.format()
    }

    /// pcap: the file's link type. pcapng: that of interface 0 of the current section,
    /// `None` before any interface is defined.
    pub fn link_type(&self) -> Option<LinkType> {
        self.dec.link_type()
    }

    /// pcap: the file's snap length. pcapng: that of interface 0 of the current section,
    /// `None` when unset.
    pub fn snaplen(&self) -> Option<u32> {
        self.dec.snaplen()
    }
}

/// The bounded buffer under [`CaptureReader`]: `buf[start..end]` holds the bytes read
/// but not consumed.
#[derive(Debug)]
struct Buffered<R> {
    inner: R,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
}

impl<R: Read> Source for Buffered<R> {
    fn window(&self) -> &[u8] {
        self.buf.get(self.start..self.end).unwrap_or_default()
    }

    fn fill(&mut self, n: usize) -> Result<(), std::io::ErrorKind> {
        while self.end - self.start < n && !self.eof {
            if self.start + n > self.buf.len() {
                // Move what is left to the front; grow only for a unit larger than the buffer.
                self.buf.copy_within(self.start..self.end, 0);
                self.end -= self.start;
                self.start = 0;
                if n > self.buf.len() {
                    let grown = self
                        .buf
                        .len()
                        .saturating_mul(2)
                        .min(MAX_RECORD_LEN as usize + 16);
                    self.buf.resize(n.max(grown), 0);
                }
            }
            let space = self.buf.get_mut(self.end..).unwrap_or_default();
            match self.inner.read(space) {
                Ok(0) => self.eof = true,
                // `min`: a reader claiming more than it was given cannot move `end` out.
                Ok(k) => self.end = (self.end + k).min(self.buf.len()),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.kind()),
            }
        }
        Ok(())
    }

    fn consume(&mut self, n: usize) {
        self.start = self.start.saturating_add(n).min(self.end);
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
    }
}

/// A zero-copy reader of a capture file held in memory: records borrow the input.
///
/// Same formats, checks and errors as [`CaptureReader`]; an [`Iterator`] that ends after
/// the first error that is not a record error ([`CaptureError::is_record_error`]).
#[derive(Debug)]
pub struct SliceReader<'a> {
    src: SliceSource<'a>,
    dec: Decoder,
    pending: usize,
    done: bool,
}

/// Reads a capture file held in memory, zero-copy. Same as [`SliceReader::new`].
///
/// # Errors
///
/// As [`CaptureReader::new`] (never [`ErrorKind::Io`]).
pub fn read_all(bytes: &[u8]) -> Result<SliceReader<'_>, CaptureError> {
    SliceReader::new(bytes)
}

impl<'a> SliceReader<'a> {
    /// Reads the file header (pcap) or the section header block and the interface
    /// description blocks right after it (pcapng).
    ///
    /// # Errors
    ///
    /// As [`CaptureReader::new`] (never [`ErrorKind::Io`]).
    pub fn new(bytes: &'a [u8]) -> Result<Self, CaptureError> {
        let mut src = SliceSource {
            data: bytes,
            pos: 0,
        };
        let dec = Decoder::open(&mut src)?;
        Ok(Self {
            src,
            dec,
            pending: 0,
            done: false,
        })
    }

    /// Packet records skipped so far because they were not netlink.
    pub fn skipped_records(&self) -> u64 {
        self.dec.skipped()
    }

    /// The file format (for pcapng, the byte order of the current section).
    pub fn format(&self) -> Format {
        self.dec.format()
    }

    /// As [`CaptureReader::link_type`].
    pub fn link_type(&self) -> Option<LinkType> {
        self.dec.link_type()
    }

    /// As [`CaptureReader::snaplen`].
    pub fn snaplen(&self) -> Option<u32> {
        self.dec.snaplen()
    }
}

impl<'a> Iterator for SliceReader<'a> {
    type Item = Result<Record<'a>, CaptureError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.src.consume(core::mem::take(&mut self.pending));
        match self.dec.next(&mut self.src) {
            Ok(Some(meta)) => {
                self.pending = meta.unit_len;
                Some(Ok(meta.record(self.src.rest())))
            }
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = !e.is_record_error();
                Some(Err(e))
            }
        }
    }
}

/// The in-memory [`Source`].
#[derive(Debug)]
struct SliceSource<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> SliceSource<'a> {
    fn rest(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or_default()
    }
}

impl Source for SliceSource<'_> {
    fn window(&self) -> &[u8] {
        self.rest()
    }

    fn fill(&mut self, _n: usize) -> Result<(), std::io::ErrorKind> {
        Ok(())
    }

    fn consume(&mut self, n: usize) {
        self.pos = self.pos.saturating_add(n).min(self.data.len());
    }
}
