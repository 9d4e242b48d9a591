//! [`CaptureError`]: why reading a capture file stopped, and where.

use core::fmt;

use super::link::LinkType;

/// Why reading a capture file stopped, and where in the file.
///
/// A small `Copy` value: no `String`, no foreign error type. The text is built only by
/// `Display`, e.g. `frame 3 at byte 1234: file ends inside the pcap record: needs 112
/// bytes, has 40`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CaptureError {
    /// Byte offset in the file of the record or block being read (for a link-layer header
    /// that is too short: of the record's packet data).
    pub offset: u64,
    /// 1-based number of the packet record being read when the error happened; when the
    /// error is in the file header or in a non-packet pcapng block, the number the next
    /// packet record would have had.
    pub frame: u64,
    /// What went wrong.
    pub kind: ErrorKind,
}

/// What went wrong while reading a capture file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input holds no byte at all.
    EmptyInput,
    /// The input starts with neither a pcap magic number nor a pcapng section header block.
    NotACapture {
        /// The first bytes of the input (`len` of them are meaningful).
        first: [u8; 8],
        /// How many of `first` the input had (1 to 8).
        len: u8,
    },
    /// The underlying reader failed (never `Interrupted`: that is retried).
    Io(std::io::ErrorKind),
    /// The input ends inside a header, record or block: what was needed from
    /// [`CaptureError::offset`] on, and what the input had.
    Truncated {
        /// The part of the file that is cut short.
        part: Part,
        /// Bytes the part needs, counted from the error's offset.
        needed: u32,
        /// Bytes the input has from the error's offset on.
        available: u32,
    },
    /// A record is too short for the link-layer header its link type requires.
    LinkHeaderTooShort {
        /// The link type of the record.
        link_type: LinkType,
        /// Bytes the link-layer header needs.
        needed: u32,
        /// Captured bytes in the record.
        available: u32,
    },
    /// The file's version is not one this reader knows (pcap 2.x, pcapng 1.x).
    UnsupportedVersion {
        /// Major version in the file header or section header block.
        major: u16,
        /// Minor version.
        minor: u16,
    },
    /// The capture is not of netlink traffic: its link type (or, for pcapng, that of every
    /// interface) is not NETLINK, LINUX_SLL or LINUX_SLL2.
    UnsupportedLinkType {
        /// The link type found (of interface `interface` for pcapng).
        link_type: LinkType,
        /// The pcapng interface id, `None` for pcap.
        interface: Option<u32>,
    },
    /// A pcap record or pcapng block claims more bytes than [`MAX_RECORD_LEN`](super::MAX_RECORD_LEN).
    TooLarge {
        /// The part whose length is too large.
        part: Part,
        /// The length claimed by the file.
        len: u32,
        /// The limit.
        limit: u32,
    },
    /// An rtmon file holds a message whose `nlmsg_len` is below 16 or above 16384 (the
    /// most `ip monitor file` reads).
    BadRtmonLength {
        /// The `nlmsg_len` found.
        len: u32,
    },
    /// A pcapng block is malformed.
    BadBlock {
        /// The pcapng block type.
        block_type: u32,
        /// What is wrong with it.
        problem: BlockProblem,
    },
}

/// The part of a capture file an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// The 24-byte pcap file header.
    PcapFileHeader,
    /// The 16-byte pcap record header.
    PcapRecordHeader,
    /// A pcap record: 16-byte header plus `caplen` bytes of data.
    PcapRecord,
    /// The first 8 bytes of a pcapng block (type and total length), or 12 for a section
    /// header block (its byte-order magic).
    BlockHeader,
    /// A whole pcapng block of the given block type.
    Block(u32),
    /// One message of an rtmon file (`NLMSG_ALIGN(nlmsg_len)` bytes).
    RtmonMessage,
}

/// What is wrong with a pcapng block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockProblem {
    /// Block total length below the minimum for its type.
    TooShort {
        /// Block total length in the block.
        len: u32,
        /// The minimum for this block type.
        min: u32,
    },
    /// Block total length not a multiple of 4.
    Unaligned {
        /// Block total length in the block.
        len: u32,
    },
    /// The trailing copy of the block total length differs from the leading one.
    TrailerMismatch {
        /// The leading block total length.
        leading: u32,
        /// The trailing block total length.
        trailing: u32,
    },
    /// The section header's byte-order magic is neither 0x1A2B3C4D nor its byte swap.
    BadByteOrderMagic {
        /// The value found, read little-endian.
        magic: u32,
    },
    /// The captured length does not fit in the block.
    CaptureLengthOverrun {
        /// Captured length in the block.
        caplen: u32,
        /// Room the block has for packet data.
        room: u32,
    },
    /// A packet refers to an interface no interface description block defined.
    NoSuchInterface {
        /// The interface id in the packet block.
        interface: u32,
        /// How many interfaces the section defines.
        defined: u32,
    },
    /// More interface description blocks than [`MAX_INTERFACES`](super::MAX_INTERFACES).
    TooManyInterfaces,
}

impl CaptureError {
    pub(crate) const fn new(offset: u64, frame: u64, kind: ErrorKind) -> Self {
        Self {
            offset,
            frame,
            kind,
        }
    }

    /// Whether the error is about one record only: the file's framing around it is
    /// intact (the record's own length is sound) but its contents cannot be read as a
    /// record, e.g. a record shorter than its link-layer header
    /// ([`ErrorKind::LinkHeaderTooShort`]), as tshark's "malformed packet". The
    /// readers go on with the next record after such an error (it is that record's
    /// result); after any other error they stop for good.
    pub fn is_record_error(&self) -> bool {
        matches!(self.kind, ErrorKind::LinkHeaderTooShort { .. })
    }

    /// What went wrong, without where (the `Display` text after `frame N at byte M: `).
    pub fn what(&self) -> impl fmt::Display + '_ {
        What(self)
    }

    /// Whether the error is about a packet record (so that `frame` names it).
    fn in_packet_record(&self) -> bool {
        match self.kind {
            ErrorKind::LinkHeaderTooShort { .. } | ErrorKind::BadRtmonLength { .. } => true,
            ErrorKind::Truncated { part, .. } | ErrorKind::TooLarge { part, .. } => {
                part.is_packet()
            }
            ErrorKind::BadBlock { block_type, .. } => super::pcapng::is_packet_block(block_type),
            _ => false,
        }
    }
}

impl Part {
    fn is_packet(self) -> bool {
        match self {
            Part::PcapRecordHeader | Part::PcapRecord | Part::RtmonMessage => true,
            Part::Block(t) => super::pcapng::is_packet_block(t),
            Part::PcapFileHeader | Part::BlockHeader => false,
        }
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Part::PcapFileHeader => f.write_str("pcap file header"),
            Part::PcapRecordHeader => f.write_str("pcap record header"),
            Part::PcapRecord => f.write_str("pcap record"),
            Part::BlockHeader => f.write_str("pcapng block header"),
            Part::RtmonMessage => f.write_str("rtmon message"),
            Part::Block(t) => match super::pcapng::block_name(t) {
                Some(name) => write!(f, "pcapng {name}"),
                None => write!(f, "pcapng block of type {t:#x}"),
            },
        }
    }
}

/// A guess at what a file starting with these bytes is, for the error message.
fn file_kind_hint(first: &[u8]) -> Option<&'static str> {
    const HINTS: &[(&[u8], &str)] = &[
        (b"\x7fELF", "ELF?"),
        (b"\x1f\x8b", "gzip: decompress it first"),
        (b"\x28\xb5\x2f\xfd", "zstd: decompress it first"),
        (b"\xfd7zXZ", "xz: decompress it first"),
        (b"BZh", "bzip2: decompress it first"),
        (
            b"\xa1\xb2\xcd\x34",
            "modified pcap, not supported: convert it with editcap",
        ),
        (
            b"\x34\xcd\xb2\xa1",
            "modified pcap, not supported: convert it with editcap",
        ),
    ];
    if let Some((_, hint)) = HINTS.iter().find(|(magic, _)| first.starts_with(magic)) {
        return Some(hint);
    }
    // An rtmon file (`ip monitor file`) starts with a host-order NLMSG_TSTAMP (type 15);
    // one that reaches here failed the rtmon sniff (crate::record::rtmon::sniff).
    if matches!(first, [_, _, _, _, 15, 0, ..] | [_, _, _, _, 0, 15, ..]) {
        return Some("an rtmon file with a bad first message? try `ip monitor file`");
    }
    if first
        .iter()
        .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
    {
        return Some("text?");
    }
    None
}

impl fmt::Display for CaptureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::EmptyInput => return f.write_str("empty input"),
            ErrorKind::NotACapture { first, len } => {
                let first = first.get(..usize::from(len)).unwrap_or(&first);
                f.write_str("not a capture file: starts with")?;
                for b in first {
                    write!(f, " {b:02x}")?;
                }
                if let Some(hint) = file_kind_hint(first) {
                    write!(f, " ({hint})")?;
                }
                return Ok(());
            }
            ErrorKind::UnsupportedLinkType {
                link_type,
                interface,
            } => {
                if let Some(id) = interface {
                    write!(f, "interface {id}: ")?;
                }
                return write!(
                    f,
                    "link type {link_type} is not netlink: capture on an nlmon device \
                     (ip link add nlmon0 type nlmon)"
                );
            }
            _ => {}
        }
        if self.in_packet_record() {
            write!(f, "frame {} at byte {}: ", self.frame, self.offset)?;
        } else {
            write!(f, "byte {}: ", self.offset)?;
        }
        What(self).fmt(f)
    }
}

/// [`CaptureError::what`].
struct What<'a>(&'a CaptureError);

impl fmt::Display for What<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.kind {
            ErrorKind::Io(kind) => write!(f, "read error: {kind}"),
            ErrorKind::Truncated {
                part,
                needed,
                available,
            } => {
                write!(
                    f,
                    "file ends inside the {part}: needs {needed} bytes, has {available}"
                )
            }
            ErrorKind::LinkHeaderTooShort {
                link_type,
                needed,
                available,
            } => write!(
                f,
                "record too short for its {link_type} header: needs {needed} bytes, has {available}"
            ),
            ErrorKind::BadRtmonLength { len } => write!(
                f,
                "rtmon message with nlmsg_len {len} (must be 16 to {})",
                crate::record::rtmon::MAX_MESSAGE_LEN
            ),
            ErrorKind::UnsupportedVersion { major, minor } => {
                write!(f, "unsupported file format version {major}.{minor}")
            }
            ErrorKind::TooLarge { part, len, limit } => {
                write!(
                    f,
                    "{part} claims {len} bytes, more than the limit of {limit}"
                )
            }
            ErrorKind::BadBlock {
                block_type,
                problem,
            } => {
                write!(f, "bad {}: ", Part::Block(block_type))?;
                match problem {
                    BlockProblem::TooShort { len, min } => {
                        write!(f, "block total length {len} < {min}")
                    }
                    BlockProblem::Unaligned { len } => {
                        write!(f, "block total length {len} is not a multiple of 4")
                    }
                    BlockProblem::TrailerMismatch { leading, trailing } => write!(
                        f,
                        "block total length {leading} at the start but {trailing} at the end"
                    ),
                    BlockProblem::BadByteOrderMagic { magic } => {
                        write!(f, "byte-order magic {magic:#010x} is not 0x1a2b3c4d")
                    }
                    BlockProblem::CaptureLengthOverrun { caplen, room } => write!(
                        f,
                        "captured length {caplen} exceeds the {room} bytes of packet data the block has"
                    ),
                    BlockProblem::NoSuchInterface { interface, defined } => write!(
                        f,
                        "packet on interface {interface} but the section defines {defined}"
                    ),
                    BlockProblem::TooManyInterfaces => write!(
                        f,
                        "more than {} interfaces in one section",
                        super::MAX_INTERFACES
                    ),
                }
            }
            // Errors about the whole file have no position: their whole text.
            ErrorKind::EmptyInput
            | ErrorKind::NotACapture { .. }
            | ErrorKind::UnsupportedLinkType { .. } => self.0.fmt(f),
        }
    }
}

impl std::error::Error for CaptureError {}
