//! The format state machine shared by [`CaptureReader`](super::CaptureReader) and
//! [`SliceReader`](super::SliceReader).
//!
//! The file is a sequence of *units*: pcap records, or pcapng blocks. For each unit the
//! decoder first says how many bytes it needs ([`Decoder::need`]) from a window of what is
//! available, then decodes exactly that many ([`Decoder::step`]). Both are pure functions
//! of the bytes; the source of the bytes (a slice, or a bounded buffer over `io::Read`)
//! sits behind [`Source`]. A decoded packet comes back as a [`Meta`] that holds byte
//! ranges, not borrows, so the caller can lend the record from its own buffer.

use super::error::{BlockProblem, CaptureError, ErrorKind, Part};
use super::link::{self, LinkHeader, LinkType, ARPHRD_NETLINK};
use super::pcapng::{self, Interface};
use super::{pcap, Endian, Format, Precision, Record, Timestamp, MAX_INTERFACES, MAX_RECORD_LEN};

/// Where the bytes come from.
pub(crate) trait Source {
    /// The bytes available from the current position.
    fn window(&self) -> &[u8];
    /// Tries to make at least `n` bytes available; fewer only at the end of the input.
    fn fill(&mut self, n: usize) -> Result<(), std::io::ErrorKind>;
    /// Drops `n` bytes (at most the window) from the front.
    fn consume(&mut self, n: usize);
}

/// Bytes looked at to recognise an rtmon file: its first header and the next one.
const RTMON_SNIFF_LEN: usize = 64;

/// How many bytes the next unit needs, and which part of the file that is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Need {
    pub len: usize,
    pub part: Part,
}

/// A decoded packet record: everything of a [`Record`] but its bytes, as ranges in its unit.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Meta {
    /// Length of the unit (to consume once the record is no longer lent).
    pub unit_len: usize,
    pub frame: u64,
    pub ts: Timestamp,
    pub orig_len: u32,
    pub caplen: u32,
    pub link: LinkHeader,
    pub interface: u32,
    /// Netlink bytes: `start..end` in the unit.
    pub payload: (usize, usize),
    /// `opt_comment`: `start..end` in the unit.
    pub comment: Option<(usize, usize)>,
}

impl Meta {
    /// The record, borrowing `unit` (the bytes the meta was decoded from).
    pub(crate) fn record(self, unit: &[u8]) -> Record<'_> {
        let (start, end) = self.payload;
        Record {
            frame: self.frame,
            ts: self.ts,
            orig_len: self.orig_len,
            caplen: self.caplen,
            link: self.link,
            payload: unit.get(start..end).unwrap_or_default(),
            truncated: self.caplen < self.orig_len,
            interface: self.interface,
            comment: self
                .comment
                .and_then(|(s, e)| unit.get(s..e))
                .and_then(|c| core::str::from_utf8(c).ok()),
        }
    }
}

/// What one unit turned out to be.
enum Step {
    /// A packet record to hand out.
    Packet(Meta),
    /// Anything else: a pcapng block that only changes state, or a skipped packet.
    Other,
}

#[derive(Debug)]
enum State {
    Pcap {
        endian: Endian,
        precision: Precision,
        snaplen: u32,
        link_type: LinkType,
    },
    PcapNg {
        endian: Endian,
        interfaces: Vec<Interface>,
        any_netlink: bool,
    },
    /// An rtmon file ([`crate::record::rtmon`]): `ts` is the time of the last stamp.
    Rtmon { endian: Endian, ts: Timestamp },
}

/// The reading state of one capture file.
#[derive(Debug)]
pub(crate) struct Decoder {
    state: State,
    /// Packet records met so far (the next one is `frame + 1`).
    frame: u64,
    /// Packet records skipped (not netlink).
    skipped: u64,
    /// File offset of the next unit.
    offset: u64,
    /// An error found after the messages of the record just handed out (rtmon), to
    /// report on the next call.
    pending: Option<CaptureError>,
    /// The file marks itself as a listener capture
    /// ([`crate::record::pcapwrite::LISTENER_COMMENT`]): the text after the mark
    /// (pcapng), or empty (pcap, whose mark has no text).
    listener: Option<String>,
}

fn len_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Decoder {
    /// Reads the file header (pcap) or the section header and the interface description
    /// blocks that follow it (pcapng), and checks the capture can hold netlink.
    pub(crate) fn open<S: Source>(src: &mut S) -> Result<Self, CaptureError> {
        let at_start = |kind| CaptureError::new(0, 1, kind);
        src.fill(8).map_err(|e| at_start(ErrorKind::Io(e)))?;
        let first = src.window();
        if first.is_empty() {
            return Err(at_start(ErrorKind::EmptyInput));
        }
        if pcap::magic(first).is_some() {
            src.fill(pcap::FILE_HEADER_LEN)
                .map_err(|e| at_start(ErrorKind::Io(e)))?;
            let w = src.window();
            let h = pcap::file_header(w).ok_or(at_start(ErrorKind::Truncated {
                part: Part::PcapFileHeader,
                needed: len_u32(pcap::FILE_HEADER_LEN),
                available: len_u32(w.len()),
            }))?;
            if h.major != 2 {
                return Err(at_start(ErrorKind::UnsupportedVersion {
                    major: h.major,
                    minor: h.minor,
                }));
            }
            if !h.link_type.can_carry_netlink() {
                return Err(at_start(ErrorKind::UnsupportedLinkType {
                    link_type: h.link_type,
                    interface: None,
                }));
            }
            src.consume(pcap::FILE_HEADER_LEN);
            return Ok(Self {
                state: State::Pcap {
                    endian: h.endian,
                    precision: h.precision,
                    snaplen: h.snaplen,
                    link_type: h.link_type,
                },
                frame: 0,
                skipped: 0,
                offset: pcap::FILE_HEADER_LEN as u64,
                pending: None,
                listener: (h.sigfigs == crate::record::pcapwrite::LISTENER_SIGFIGS)
                    .then(String::new),
            });
        }
        let shb = pcapng::SHB.to_le_bytes();
        if first.starts_with(&shb) {
            let mut dec = Self {
                state: State::PcapNg {
                    endian: Endian::Little,
                    interfaces: Vec::new(),
                    any_netlink: false,
                },
                frame: 0,
                skipped: 0,
                offset: 0,
                pending: None,
                listener: None,
            };
            // The section header, then every interface description block that follows it.
            dec.unit(src)?;
            loop {
                src.fill(8).map_err(|e| dec.error(ErrorKind::Io(e)))?;
                let w = src.window();
                if w.len() < 8 || dec.block_type(w) != Some(pcapng::IDB) {
                    break;
                }
                dec.unit(src)?;
            }
            if let State::PcapNg {
                interfaces,
                any_netlink: false,
                ..
            } = &dec.state
            {
                if let Some(first) = interfaces.first() {
                    return Err(dec.error(ErrorKind::UnsupportedLinkType {
                        link_type: first.link_type,
                        interface: Some(0),
                    }));
                }
            }
            return Ok(dec);
        }
        // rtmon: a headerless stream of route messages; sniffed conservatively.
        src.fill(RTMON_SNIFF_LEN)
            .map_err(|e| at_start(ErrorKind::Io(e)))?;
        // Exactly the first RTMON_SNIFF_LEN bytes, whatever the source holds: the
        // streaming and the zero-copy readers must decide alike (found by fuzzing).
        let window = src.window();
        if let Some(endian) =
            crate::record::rtmon::sniff(window.get(..RTMON_SNIFF_LEN).unwrap_or(window))
        {
            return Ok(Self {
                state: State::Rtmon {
                    endian,
                    ts: Timestamp::default(),
                },
                frame: 0,
                skipped: 0,
                offset: 0,
                pending: None,
                listener: None,
            });
        }
        let first = src.window();
        if first.len() < 4 {
            if pcap::is_magic_prefix(first) {
                return Err(at_start(ErrorKind::Truncated {
                    part: Part::PcapFileHeader,
                    needed: len_u32(pcap::FILE_HEADER_LEN),
                    available: len_u32(first.len()),
                }));
            }
            if shb.starts_with(first) {
                return Err(at_start(ErrorKind::Truncated {
                    part: Part::BlockHeader,
                    needed: len_u32(pcapng::SHB_PREFIX_LEN),
                    available: len_u32(first.len()),
                }));
            }
        }
        let mut bytes = [0u8; 8];
        let n = first.len().min(8);
        if let (Some(dst), Some(src)) = (bytes.get_mut(..n), first.get(..n)) {
            dst.copy_from_slice(src);
        }
        Err(at_start(ErrorKind::NotACapture {
            first: bytes,
            len: n as u8,
        }))
    }

    /// The next packet record that carries netlink, `None` at a clean end of the input.
    pub(crate) fn next<S: Source>(&mut self, src: &mut S) -> Result<Option<Meta>, CaptureError> {
        if let Some(e) = self.pending.take() {
            return Err(e);
        }
        loop {
            let unit = if matches!(self.state, State::Rtmon { .. }) {
                self.rtmon_unit(src)?
            } else {
                self.unit(src)?
            };
            match unit {
                None => return Ok(None),
                Some(Step::Packet(meta)) => return Ok(Some(meta)),
                Some(Step::Other) => {}
            }
        }
    }

    /// Reads one rtmon record: a stamp and the messages up to the next stamp (or the
    /// end). An error after some messages is kept for the next call, so the messages
    /// before it still come out.
    fn rtmon_unit<S: Source>(&mut self, src: &mut S) -> Result<Option<Step>, CaptureError> {
        let State::Rtmon { endian, ts } = self.state else {
            return Ok(None);
        };
        let mut pos = 0usize;
        let mut stamp_len = 0usize;
        let mut time = ts;
        let at =
            |pos: usize, frame: u64, kind| CaptureError::new(self.offset + pos as u64, frame, kind);
        let frame = self.frame + 1;
        let error = loop {
            let io = |e| at(pos, frame, ErrorKind::Io(e));
            src.fill(pos + crate::wire::nlmsg::NLMSG_HDRLEN)
                .map_err(io)?;
            let w = src.window().get(pos..).unwrap_or_default();
            if w.is_empty() {
                break None;
            }
            let Ok(h) = crate::wire::nlmsg::Header::parse(w, endian) else {
                break Some(at(
                    pos,
                    frame,
                    ErrorKind::Truncated {
                        part: Part::RtmonMessage,
                        needed: len_u32(crate::wire::nlmsg::NLMSG_HDRLEN),
                        available: len_u32(w.len()),
                    },
                ));
            };
            if h.ty == crate::record::rtmon::NLMSG_TSTAMP && pos > 0 {
                break None;
            }
            if !(16..=crate::record::rtmon::MAX_MESSAGE_LEN).contains(&h.len) {
                break Some(at(pos, frame, ErrorKind::BadRtmonLength { len: h.len }));
            }
            let need = crate::wire::nlmsg::align4(h.len as usize);
            src.fill(pos + need).map_err(io)?;
            let w = src.window().get(pos..).unwrap_or_default();
            if w.len() < need {
                break Some(at(
                    pos,
                    frame,
                    ErrorKind::Truncated {
                        part: Part::RtmonMessage,
                        needed: len_u32(need),
                        available: len_u32(w.len()),
                    },
                ));
            }
            if h.ty == crate::record::rtmon::NLMSG_TSTAMP {
                // The time is the stamp's own payload, within its `nlmsg_len`: reading
                // on into the next message made the zero-copy reader (which sees it)
                // and the streaming one (which may not yet) disagree (found by
                // fuzzing). A stamp too short to hold `sec, usec` carries no time:
                // 0, as for messages before the first stamp; not the previous
                // stamp's, which belongs to another event.
                let (sec, nsec) = w
                    .get(crate::wire::nlmsg::NLMSG_HDRLEN..h.len as usize)
                    .and_then(|p| crate::record::rtmon::stamp_time(p, endian))
                    .unwrap_or((0, 0));
                time = Timestamp {
                    sec: i64::from(sec),
                    nsec,
                };
                stamp_len = need;
            }
            pos += need;
            if pos >= MAX_RECORD_LEN as usize {
                break None;
            }
        };
        if pos == 0 {
            return match error {
                Some(e) => Err(e),
                None => Ok(None),
            };
        }
        self.pending = error;
        self.state = State::Rtmon { endian, ts: time };
        self.offset += pos as u64;
        if pos == stamp_len {
            src.consume(pos);
            return Ok(Some(Step::Other));
        }
        self.frame += 1;
        let len = len_u32(pos - stamp_len);
        Ok(Some(Step::Packet(Meta {
            unit_len: pos,
            frame: self.frame,
            ts: time,
            orig_len: len,
            caplen: len,
            link: LinkHeader {
                link_type: LinkType::NETLINK,
                packet_type: crate::record::pcapwrite::PACKET_OUTGOING,
                arphrd: ARPHRD_NETLINK,
                protocol: crate::wire::protocol::NETLINK_ROUTE,
            },
            interface: 0,
            payload: (stamp_len, pos),
            comment: None,
        })))
    }

    /// Reads and decodes one unit. Consumes it unless it is a packet (the caller consumes
    /// `meta.unit_len` once done with the record).
    fn unit<S: Source>(&mut self, src: &mut S) -> Result<Option<Step>, CaptureError> {
        let need = loop {
            let w = src.window();
            let need = self.need(w)?;
            if w.len() >= need.len {
                break need;
            }
            let before = w.len();
            src.fill(need.len)
                .map_err(|e| self.error(ErrorKind::Io(e)))?;
            let w = src.window();
            if w.len() == before {
                // End of input: clean between units, else the unit is cut short.
                if w.is_empty() {
                    return Ok(None);
                }
                return Err(self.error(ErrorKind::Truncated {
                    part: need.part,
                    needed: len_u32(need.len),
                    available: len_u32(w.len()),
                }));
            }
        };
        let unit = src.window().get(..need.len).unwrap_or_default();
        let step = self.step(unit, need.part);
        self.offset += need.len as u64;
        match &step {
            Ok(Step::Other) => src.consume(need.len),
            Ok(Step::Packet(_)) => {}
            // The unit's framing is sound: the next call reads the unit after it.
            Err(e) if e.is_record_error() => src.consume(need.len),
            Err(_) => {}
        }
        step.map(Some)
    }

    /// How many bytes the unit at the start of `w` needs. `w` may be shorter: then the
    /// answer is the length of the unit's fixed header.
    fn need(&self, w: &[u8]) -> Result<Need, CaptureError> {
        match &self.state {
            // rtmon units are read by `rtmon_unit`, never through here.
            State::Rtmon { .. } => Ok(Need {
                len: crate::wire::nlmsg::NLMSG_HDRLEN,
                part: Part::RtmonMessage,
            }),
            State::Pcap { endian, .. } => {
                let Some(caplen) =
                    pcap::caplen(w, *endian).filter(|_| w.len() >= pcap::RECORD_HEADER_LEN)
                else {
                    return Ok(Need {
                        len: pcap::RECORD_HEADER_LEN,
                        part: Part::PcapRecordHeader,
                    });
                };
                if caplen > MAX_RECORD_LEN {
                    return Err(self.error(ErrorKind::TooLarge {
                        part: Part::PcapRecord,
                        len: caplen,
                        limit: MAX_RECORD_LEN,
                    }));
                }
                Ok(Need {
                    len: pcap::RECORD_HEADER_LEN + caplen as usize,
                    part: Part::PcapRecord,
                })
            }
            State::PcapNg { endian, .. } => {
                let header = Need {
                    len: 8,
                    part: Part::BlockHeader,
                };
                let Some(block_type) = self.block_type(w).filter(|_| w.len() >= 8) else {
                    return Ok(header);
                };
                let endian = if block_type == pcapng::SHB {
                    if w.len() < pcapng::SHB_PREFIX_LEN {
                        return Ok(Need {
                            len: pcapng::SHB_PREFIX_LEN,
                            part: Part::BlockHeader,
                        });
                    }
                    pcapng::section_endian(w).map_err(|magic| {
                        self.error(ErrorKind::BadBlock {
                            block_type,
                            problem: BlockProblem::BadByteOrderMagic { magic },
                        })
                    })?
                } else {
                    *endian
                };
                let part = Part::Block(block_type);
                let len = pcapng::u32_at(w, 4, endian).unwrap_or(0);
                let bad = |problem| {
                    self.error(ErrorKind::BadBlock {
                        block_type,
                        problem,
                    })
                };
                let min = pcapng::min_block_len(block_type);
                if len < min {
                    return Err(bad(BlockProblem::TooShort { len, min }));
                }
                if len % 4 != 0 {
                    return Err(bad(BlockProblem::Unaligned { len }));
                }
                if len > MAX_RECORD_LEN {
                    return Err(self.error(ErrorKind::TooLarge {
                        part,
                        len,
                        limit: MAX_RECORD_LEN,
                    }));
                }
                Ok(Need {
                    len: len as usize,
                    part,
                })
            }
        }
    }

    /// The pcapng block type at the start of `w` (the SHB type reads the same both ways).
    fn block_type(&self, w: &[u8]) -> Option<u32> {
        match &self.state {
            State::PcapNg { endian, .. } => pcapng::u32_at(w, 0, *endian),
            State::Pcap { .. } | State::Rtmon { .. } => None,
        }
    }

    /// Decodes one whole unit.
    fn step(&mut self, unit: &[u8], part: Part) -> Result<Step, CaptureError> {
        match &mut self.state {
            State::Pcap {
                endian,
                precision,
                link_type,
                ..
            } => {
                let (endian, precision, link_type) = (*endian, *precision, *link_type);
                let h = pcap::record_header(unit, endian, precision).ok_or(self.error(
                    ErrorKind::Truncated {
                        part,
                        needed: len_u32(pcap::RECORD_HEADER_LEN),
                        available: len_u32(unit.len()),
                    },
                ))?;
                self.packet(
                    unit,
                    pcap::RECORD_HEADER_LEN,
                    link_type,
                    h.ts,
                    h.caplen,
                    h.orig_len,
                    0,
                    None,
                )
            }
            State::PcapNg { .. } => self.block(unit, part),
            State::Rtmon { .. } => Ok(Step::Other),
        }
    }

    /// Decodes one whole pcapng block.
    fn block(&mut self, block: &[u8], part: Part) -> Result<Step, CaptureError> {
        let State::PcapNg {
            endian,
            interfaces,
            any_netlink,
        } = &mut self.state
        else {
            return Ok(Step::Other);
        };
        let Part::Block(block_type) = part else {
            return Ok(Step::Other);
        };
        if block_type == pcapng::SHB {
            *endian = pcapng::section_endian(block).unwrap_or(*endian);
            interfaces.clear();
        }
        let endian = *endian;
        let leading = len_u32(block.len());
        let trailing = block
            .len()
            .checked_sub(4)
            .and_then(|at| pcapng::u32_at(block, at, endian))
            .unwrap_or(0);
        let (offset, frame) = (self.offset, self.frame + 1);
        let err = move |kind| CaptureError::new(offset, frame, kind);
        let bad = move |problem| {
            err(ErrorKind::BadBlock {
                block_type,
                problem,
            })
        };
        if trailing != leading {
            return Err(bad(BlockProblem::TrailerMismatch { leading, trailing }));
        }
        match block_type {
            pcapng::SHB => {
                let (major, minor) = pcapng::shb_version(block, endian).unwrap_or((0, 0));
                if major != 1 {
                    return Err(err(ErrorKind::UnsupportedVersion { major, minor }));
                }
                // Options start after the 24 bytes of fixed fields, end before the
                // trailing length.
                let opts = block.get(24..block.len().saturating_sub(4)).unwrap_or(&[]);
                let mark = crate::record::pcapwrite::LISTENER_COMMENT.as_bytes();
                let text = pcapng::comment(opts, endian)
                    .and_then(|(at, len)| opts.get(at..at.saturating_add(len)))
                    .filter(|t| t.starts_with(mark));
                self.listener = text.map(|t| {
                    let rest = t.get(mark.len()..).unwrap_or(&[]);
                    let rest = rest.strip_prefix(b": ").unwrap_or(rest);
                    String::from_utf8_lossy(rest).into_owned()
                });
                Ok(Step::Other)
            }
            pcapng::IDB => {
                if interfaces.len() >= MAX_INTERFACES {
                    return Err(bad(BlockProblem::TooManyInterfaces));
                }
                let iface =
                    pcapng::interface(block, endian).ok_or(bad(BlockProblem::TooShort {
                        len: leading,
                        min: pcapng::min_block_len(block_type),
                    }))?;
                *any_netlink |= iface.link_type.can_carry_netlink();
                interfaces.push(iface);
                Ok(Step::Other)
            }
            pcapng::EPB | pcapng::PB => {
                // EPB: interface u32; PB: interface u16 then drops u16.
                let id = if block_type == pcapng::EPB {
                    pcapng::u32_at(block, 8, endian)
                } else {
                    pcapng::u16_at(block, 8, endian).map(u32::from)
                };
                let field = |at| pcapng::u32_at(block, at, endian).unwrap_or(0);
                let (id, high, low, caplen, orig_len) =
                    (id.unwrap_or(0), field(12), field(16), field(20), field(24));
                let data_at = 28usize;
                let room = len_u32(block.len().saturating_sub(data_at + 4));
                if caplen > room {
                    return Err(bad(BlockProblem::CaptureLengthOverrun { caplen, room }));
                }
                let iface = self.interface(id, block_type)?;
                let ts = pcapng::timestamp(
                    (u64::from(high) << 32) | u64::from(low),
                    iface.tsresol,
                    iface.tsoffset,
                );
                let opts_at = (data_at + caplen as usize + 3) & !3;
                let comment = pcapng::options_area(block, opts_at)
                    .and_then(|opts| pcapng::comment(opts, endian))
                    .map(|(at, len)| (opts_at + at, opts_at + at + len));
                self.packet(
                    block,
                    data_at,
                    iface.link_type,
                    ts,
                    caplen,
                    orig_len,
                    id,
                    comment,
                )
            }
            pcapng::SPB => {
                let orig_len = pcapng::u32_at(block, 8, endian).unwrap_or(0);
                let iface = self.interface(0, block_type)?;
                let data_at = 12usize;
                let room = len_u32(block.len().saturating_sub(data_at + 4));
                let mut caplen = orig_len.min(room);
                if iface.snaplen != 0 {
                    caplen = caplen.min(iface.snaplen);
                }
                let ts = Timestamp { sec: 0, nsec: 0 };
                self.packet(
                    block,
                    data_at,
                    iface.link_type,
                    ts,
                    caplen,
                    orig_len,
                    0,
                    None,
                )
            }
            _ => Ok(Step::Other),
        }
    }

    /// Interface `id` of the current section, or the error for a packet that names a
    /// missing interface or one whose link type the file as a whole cannot carry.
    fn interface(&self, id: u32, block_type: u32) -> Result<Interface, CaptureError> {
        let State::PcapNg {
            interfaces,
            any_netlink,
            ..
        } = &self.state
        else {
            return Err(self.error(ErrorKind::BadBlock {
                block_type,
                problem: BlockProblem::NoSuchInterface {
                    interface: id,
                    defined: 0,
                },
            }));
        };
        let iface =
            interfaces
                .get(id as usize)
                .copied()
                .ok_or(self.error(ErrorKind::BadBlock {
                    block_type,
                    problem: BlockProblem::NoSuchInterface {
                        interface: id,
                        defined: len_u32(interfaces.len()),
                    },
                }))?;
        if !*any_netlink {
            return Err(self.error(ErrorKind::UnsupportedLinkType {
                link_type: iface.link_type,
                interface: Some(id),
            }));
        }
        Ok(iface)
    }

    /// Finishes a packet record whose captured bytes start at `data_at` in `unit`: parses
    /// the link-layer header, skips what is not netlink.
    #[allow(clippy::too_many_arguments)]
    fn packet(
        &mut self,
        unit: &[u8],
        data_at: usize,
        link_type: LinkType,
        ts: Timestamp,
        caplen: u32,
        orig_len: u32,
        interface: u32,
        comment: Option<(usize, usize)>,
    ) -> Result<Step, CaptureError> {
        self.frame += 1;
        if !link_type.can_carry_netlink() {
            self.skipped += 1;
            return Ok(Step::Other);
        }
        let data_end = data_at + caplen as usize;
        let data = unit.get(data_at..data_end).unwrap_or_default();
        let Some((link, header_len)) = link::parse(link_type, data) else {
            return Err(CaptureError::new(
                self.offset + data_at as u64,
                self.frame,
                ErrorKind::LinkHeaderTooShort {
                    link_type,
                    needed: link_type.header_len().map_or(0, len_u32),
                    available: caplen,
                },
            ));
        };
        if link.arphrd != ARPHRD_NETLINK {
            self.skipped += 1;
            return Ok(Step::Other);
        }
        Ok(Step::Packet(Meta {
            unit_len: unit.len(),
            frame: self.frame,
            ts,
            orig_len,
            caplen,
            link,
            interface,
            payload: (data_at + header_len, data_end),
            comment,
        }))
    }

    /// An error in the current unit. Packet records are counted once decoded, so
    /// `frame + 1` is the number of the packet being read, or of the next one.
    fn error(&self, kind: ErrorKind) -> CaptureError {
        CaptureError::new(self.offset, self.frame + 1, kind)
    }

    /// The listener mark of the file (of the current section for pcapng).
    pub(crate) fn listener(&self) -> Option<&str> {
        self.listener.as_deref()
    }

    /// Packet records skipped because they were not netlink.
    pub(crate) fn skipped(&self) -> u64 {
        self.skipped
    }

    /// The file format (for pcapng, the byte order of the current section).
    pub(crate) fn format(&self) -> Format {
        match &self.state {
            State::Pcap {
                endian, precision, ..
            } => Format::Pcap {
                endian: *endian,
                precision: *precision,
            },
            State::PcapNg { endian, .. } => Format::PcapNg { endian: *endian },
            State::Rtmon { endian, .. } => Format::Rtmon { endian: *endian },
        }
    }

    /// pcap: the file's link type; pcapng: that of interface 0 of the current section.
    pub(crate) fn link_type(&self) -> Option<LinkType> {
        match &self.state {
            State::Pcap { link_type, .. } => Some(*link_type),
            State::PcapNg { interfaces, .. } => interfaces.first().map(|i| i.link_type),
            State::Rtmon { .. } => Some(LinkType::NETLINK),
        }
    }

    /// pcap: the file's snap length; pcapng: that of interface 0 (`None` when unset).
    pub(crate) fn snaplen(&self) -> Option<u32> {
        match &self.state {
            State::Pcap { snaplen, .. } => Some(*snaplen),
            State::PcapNg { interfaces, .. } => {
                interfaces.first().map(|i| i.snaplen).filter(|&s| s != 0)
            }
            State::Rtmon { .. } => None,
        }
    }
}
