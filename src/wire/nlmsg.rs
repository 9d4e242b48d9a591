//! The message stream: `struct nlmsghdr` framing (include/uapi/linux/netlink.h).
//!
//! A netlink buffer (one capture record, one `recvmsg`) holds one or more messages,
//! each starting at a 4-byte boundary. [`Messages`] walks them without copying; a bad
//! `nlmsg_len` ends the walk with one error, after which the iterator is done, and the
//! bytes not walked stay available through [`Messages::rest`], so nothing is lost.
//!
//! The framing is two nom parsers, [`nlmsghdr`] and [`message`] (`&[u8]` in,
//! [`Fault`] as the error, the byte order a const chosen once per walk); [`Messages`]
//! is the iterator around them that adds offsets, the snap-length rule and the
//! [`DecodeError`]. They cost what the hand-written walk did (BENCHMARKS.md,
//! 2026-12-07).
//!
//! ```
//! use nlscope::wire::{endian::Endian, nlmsg::Messages};
//! // RTM_GETLINK dump request as `ip link` sends it: nlmsghdr + 16-byte ifinfomsg.
//! let e = Endian::Little;
//! let mut buf = Vec::new();
//! buf.extend_from_slice(&e.u32_bytes(32));
//! buf.extend_from_slice(&e.u16_bytes(18)); // RTM_GETLINK
//! buf.extend_from_slice(&e.u16_bytes(0x301)); // REQUEST | DUMP
//! buf.extend_from_slice(&e.u32_bytes(7)); // seq
//! buf.extend_from_slice(&e.u32_bytes(0)); // pid
//! buf.extend_from_slice(&[0; 16]);
//! let msgs: Vec<_> = Messages::new(&buf, e).collect::<Result<_, _>>().unwrap();
//! assert_eq!(msgs.len(), 1);
//! assert_eq!(msgs[0].header.ty, 18);
//! assert_eq!(msgs[0].payload().len(), 16);
//! ```

use crate::wire::endian::Endian;
use crate::wire::error::{DecodeError, ErrorKind, Fault, Layer, LengthSource};
use crate::wire::parse::{array, take};
use nom::combinator::peek;
use nom::{IResult, Parser};

/// Size of `struct nlmsghdr`.
pub const NLMSG_HDRLEN: usize = 16;

/// Round up to the netlink alignment of 4 bytes (in `usize`, so it cannot overflow a
/// `u16` or `u32` length field).
#[inline]
pub const fn align4(len: usize) -> usize {
    len.saturating_add(3) & !3
}

/// Bytes from `len` to the next 4-byte boundary: `align4(len) - len`, computed so
/// that the compiler sees it is below 4 (and a `min` with what remains cannot fail).
#[inline(always)]
pub const fn pad_len(len: usize) -> usize {
    len.wrapping_neg() & 3
}

/// Control message types (below `NLMSG_MIN_TYPE` = 16).
pub mod types {
    /// `NLMSG_NOOP`: nothing.
    pub const NLMSG_NOOP: u16 = 1;
    /// `NLMSG_ERROR`: an error or, with error 0, an acknowledgement.
    pub const NLMSG_ERROR: u16 = 2;
    /// `NLMSG_DONE`: end of a multipart dump.
    pub const NLMSG_DONE: u16 = 3;
    /// `NLMSG_OVERRUN`: data lost.
    pub const NLMSG_OVERRUN: u16 = 4;
    /// First family-specific type.
    pub const NLMSG_MIN_TYPE: u16 = 16;
}

/// `nlmsg_flags` bits.
pub mod flags {
    /// It is a request message.
    pub const NLM_F_REQUEST: u16 = 0x1;
    /// Multipart message, terminated by `NLMSG_DONE`.
    pub const NLM_F_MULTI: u16 = 0x2;
    /// Reply with an acknowledgement.
    pub const NLM_F_ACK: u16 = 0x4;
    /// Echo this request.
    pub const NLM_F_ECHO: u16 = 0x8;
    /// Dump was inconsistent due to a sequence change.
    pub const NLM_F_DUMP_INTR: u16 = 0x10;
    /// Dump was filtered as requested.
    pub const NLM_F_DUMP_FILTERED: u16 = 0x20;
    /// GET: specify the tree root.
    pub const NLM_F_ROOT: u16 = 0x100;
    /// GET: return all matching.
    pub const NLM_F_MATCH: u16 = 0x200;
    /// GET: atomic get.
    pub const NLM_F_ATOMIC: u16 = 0x400;
    /// GET: `ROOT | MATCH`.
    pub const NLM_F_DUMP: u16 = 0x300;
    /// NEW: override an existing object.
    pub const NLM_F_REPLACE: u16 = 0x100;
    /// NEW: do not touch an existing object.
    pub const NLM_F_EXCL: u16 = 0x200;
    /// NEW: create if it does not exist.
    pub const NLM_F_CREATE: u16 = 0x400;
    /// NEW: add to the end of a list.
    pub const NLM_F_APPEND: u16 = 0x800;
    /// DEL: do not delete recursively.
    pub const NLM_F_NONREC: u16 = 0x100;
    /// DEL: delete several objects.
    pub const NLM_F_BULK: u16 = 0x200;
    /// ERROR/DONE: request was capped (only its header echoed).
    pub const NLM_F_CAPPED: u16 = 0x100;
    /// ERROR/DONE: extended-ACK TLVs follow.
    pub const NLM_F_ACK_TLVS: u16 = 0x200;
}

/// What kind of request a message type is, which decides the meaning of flag bits
/// 0x100–0x800.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OpKind {
    /// GET: ROOT/MATCH/ATOMIC.
    Get,
    /// NEW: REPLACE/EXCL/CREATE/APPEND.
    New,
    /// DEL: NONREC/BULK.
    Del,
    /// ERROR or DONE: CAPPED/ACK_TLVS.
    Ack,
    /// Anything else: the high bits have no general meaning.
    Other,
}

/// Names of the flag bits set in `flags`, for a message of kind `kind`, and the bits
/// left without a name. Allocation-free: call `f` per name.
pub fn flag_names(flags: u16, kind: OpKind, mut f: impl FnMut(&'static str)) -> u16 {
    use self::flags::*;
    const COMMON: [(u16, &str); 6] = [
        (NLM_F_REQUEST, "REQUEST"),
        (NLM_F_MULTI, "MULTI"),
        (NLM_F_ACK, "ACK"),
        (NLM_F_ECHO, "ECHO"),
        (NLM_F_DUMP_INTR, "DUMP_INTR"),
        (NLM_F_DUMP_FILTERED, "DUMP_FILTERED"),
    ];
    let high: &[(u16, &str)] = match kind {
        OpKind::Get => &[
            (NLM_F_DUMP, "DUMP"),
            (NLM_F_ROOT, "ROOT"),
            (NLM_F_MATCH, "MATCH"),
            (NLM_F_ATOMIC, "ATOMIC"),
        ],
        OpKind::New => &[
            (NLM_F_REPLACE, "REPLACE"),
            (NLM_F_EXCL, "EXCL"),
            (NLM_F_CREATE, "CREATE"),
            (NLM_F_APPEND, "APPEND"),
        ],
        OpKind::Del => &[(NLM_F_NONREC, "NONREC"), (NLM_F_BULK, "BULK")],
        OpKind::Ack => &[(NLM_F_CAPPED, "CAPPED"), (NLM_F_ACK_TLVS, "ACK_TLVS")],
        OpKind::Other => &[],
    };
    let mut left = flags;
    for &(bit, name) in COMMON.iter().chain(high) {
        if left & bit == bit && bit != 0 {
            f(name);
            left &= !bit;
        }
    }
    left
}

/// `struct nlmsghdr`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Header {
    /// `nlmsg_len`: length of the message including this header.
    pub len: u32,
    /// `nlmsg_type`.
    pub ty: u16,
    /// `nlmsg_flags`.
    pub flags: u16,
    /// `nlmsg_seq`.
    pub seq: u32,
    /// `nlmsg_pid`: sending port id (requests) or destination port id (kernel messages).
    pub pid: u32,
}

impl Header {
    /// Parse the 16-byte header at the start of `bytes`.
    ///
    /// # Errors
    /// `Truncated` (source `Buffer`) when fewer than 16 bytes are there. The length
    /// field is not checked here; see [`Messages`].
    pub fn parse(bytes: &[u8], endian: Endian) -> Result<Header, DecodeError> {
        let parsed = match endian {
            Endian::Little => nlmsghdr::<false>(bytes),
            Endian::Big => nlmsghdr::<true>(bytes),
        };
        match parsed {
            Ok((_, h)) => Ok(h),
            Err(_) => Err(DecodeError::truncated(
                0,
                Layer::Message,
                NLMSG_HDRLEN,
                bytes.len(),
                LengthSource::Buffer,
            )),
        }
    }

    /// The 16 bytes of this header in byte order `endian`.
    pub fn to_bytes(&self, endian: Endian) -> [u8; NLMSG_HDRLEN] {
        let mut out = [0u8; NLMSG_HDRLEN];
        let parts: [&[u8]; 5] = [
            &endian.u32_bytes(self.len),
            &endian.u16_bytes(self.ty),
            &endian.u16_bytes(self.flags),
            &endian.u32_bytes(self.seq),
            &endian.u32_bytes(self.pid),
        ];
        let mut pos = 0;
        for p in parts {
            for (dst, src) in out.iter_mut().skip(pos).zip(p) {
                *dst = *src;
            }
            pos += p.len();
        }
        out
    }
}

/// nom parser of `struct nlmsghdr`, the byte order given as the const `BIG`.
///
/// Five `complete` number parsers over `&[u8]`; with the order a constant and
/// [`Fault`] for the error they compile to the loads a hand-written reader does
/// (BENCHMARKS.md, 2026-12-07). The length field is not checked here; see
/// [`message`].
///
/// # Errors
/// [`Fault::Short`] when fewer than 16 bytes are there.
#[inline(always)]
pub fn nlmsghdr<const BIG: bool>(input: &[u8]) -> IResult<&[u8], Header, Fault> {
    let (rest, &[l0, l1, l2, l3, t0, t1, f0, f1, s0, s1, s2, s3, p0, p1, p2, p3]) =
        array::<NLMSG_HDRLEN>(input)?;
    let h = Header {
        len: u32::from_le_bytes([l0, l1, l2, l3]),
        ty: u16::from_le_bytes([t0, t1]),
        flags: u16::from_le_bytes([f0, f1]),
        seq: u32::from_le_bytes([s0, s1, s2, s3]),
        pid: u32::from_le_bytes([p0, p1, p2, p3]),
    };
    Ok((
        rest,
        if BIG {
            Header {
                len: h.len.swap_bytes(),
                ty: h.ty.swap_bytes(),
                flags: h.flags.swap_bytes(),
                seq: h.seq.swap_bytes(),
                pid: h.pid.swap_bytes(),
            }
        } else {
            h
        },
    ))
}

/// One message as [`message`] frames it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frame<'a> {
    /// The parsed header.
    pub header: Header,
    /// `nlmsg_len` bytes from the header on.
    pub bytes: &'a [u8],
    /// The bytes up to the next 4-byte boundary, or fewer where the input ends.
    pub pad: &'a [u8],
}

/// nom parser of one message of an `nlmsghdr` stream: the header (peeked, since
/// `nlmsg_len` counts it), then exactly `nlmsg_len` bytes, then the padding to the next
/// 4-byte boundary (a missing pad at the end of the input is legal).
///
/// # Errors
/// [`Fault::Short`] when the header does not fit, [`Fault::LengthTooSmall`] when
/// `nlmsg_len` < 16, [`Fault::LengthBeyond`] when it is longer than the input.
#[inline(always)]
pub fn message<const BIG: bool>(input: &[u8]) -> IResult<&[u8], Frame<'_>, Fault> {
    let (_, header) = peek(nlmsghdr::<BIG>).parse_complete(input)?;
    let len = header.len as usize;
    if len < NLMSG_HDRLEN {
        return Err(nom::Err::Error(Fault::LengthTooSmall(len)));
    }
    if len > input.len() {
        return Err(nom::Err::Error(Fault::LengthBeyond(len)));
    }
    // The message, then its padding, which may be missing at the end of the input.
    // With `len` checked above neither can fail, and the compiler drops their error
    // paths.
    let (after, bytes) = take(len).parse_complete(input)?;
    let (after, pad) = take(pad_len(len).min(after.len())).parse_complete(after)?;
    Ok((after, Frame { header, bytes, pad }))
}

/// One netlink message: its header and a borrowed view of its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Message<'a> {
    /// The parsed header.
    pub header: Header,
    /// Offset of the header in the buffer the stream was walked over.
    pub offset: usize,
    /// The message: `nlmsg_len` bytes from the header on, or fewer when the capture's
    /// snap length cut it (`truncated`).
    pub bytes: &'a [u8],
    /// Bytes between the end of this message and the next 4-byte boundary (normally
    /// zeros; kept so the buffer re-encodes byte for byte).
    pub pad: &'a [u8],
    /// The capture cut this message short.
    pub truncated: bool,
    /// The byte order the message was read in.
    pub endian: Endian,
}

impl<'a> Message<'a> {
    /// The bytes after `nlmsghdr`.
    pub fn payload(&self) -> &'a [u8] {
        self.bytes.get(NLMSG_HDRLEN..).unwrap_or(&[])
    }
}

/// Iterator over the messages of a buffer; yields `Err` once and then stops.
#[derive(Clone, Debug)]
pub struct Messages<'a> {
    buf: &'a [u8],
    /// The bytes not yet walked: always a tail of `buf` (one bounds check per
    /// message, for its header; the position is `buf.len() - rest.len()`).
    rest: &'a [u8],
    endian: Endian,
    snap_cut: bool,
    done: bool,
}

impl<'a> Messages<'a> {
    /// Walk the messages of `buf` in byte order `endian`.
    pub fn new(buf: &'a [u8], endian: Endian) -> Self {
        Messages {
            buf,
            rest: buf,
            endian,
            snap_cut: false,
            done: false,
        }
    }

    /// Say that the capture's snap length cut this buffer: a last message longer than
    /// what remains is then yielded as `truncated` instead of failing the stream.
    #[must_use]
    pub fn snap_cut(mut self, cut: bool) -> Self {
        self.snap_cut = cut;
        self
    }

    /// The bytes not yet walked (after an error: from the failing header on).
    pub fn rest(&self) -> &'a [u8] {
        self.rest
    }

    /// Offset of the next message in the buffer.
    pub fn position(&self) -> usize {
        self.buf.len() - self.rest.len()
    }

    /// The walk stops at `fault`: the error with its offset, or under a snap-length
    /// cut the last message as far as it goes.
    #[cold]
    #[inline(never)]
    fn fail(&mut self, fault: Fault) -> Option<Result<Message<'a>, DecodeError>> {
        let rest = self.rest;
        let at = self.buf.len() - rest.len();
        self.done = true;
        let err = match fault {
            Fault::Short => DecodeError::truncated(
                at,
                Layer::Message,
                NLMSG_HDRLEN,
                rest.len(),
                if self.snap_cut {
                    LengthSource::SnapLen
                } else {
                    LengthSource::Buffer
                },
            ),
            Fault::LengthTooSmall(len) => DecodeError::new(
                at,
                Layer::Message,
                ErrorKind::LengthTooSmall {
                    value: len,
                    min: NLMSG_HDRLEN,
                    source: LengthSource::NlmsgLen,
                },
            ),
            Fault::LengthBeyond(len) => {
                if self.snap_cut {
                    if let Ok(header) = Header::parse(rest, self.endian) {
                        // Decode up to the cut; nothing can follow.
                        self.rest = &[];
                        return Some(Ok(Message {
                            header,
                            offset: at,
                            bytes: rest,
                            pad: &[],
                            truncated: true,
                            endian: self.endian,
                        }));
                    }
                }
                DecodeError::truncated(at, Layer::Message, len, rest.len(), LengthSource::NlmsgLen)
            }
        };
        Some(Err(err))
    }
}

impl<'a> Iterator for Messages<'a> {
    type Item = Result<Message<'a>, DecodeError>;

    // Always inlined: the caller then reads the header fields in registers instead of
    // an 80-byte `Option<Result<Message, DecodeError>>` written to memory (callgrind).
    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let rest = self.rest;
        if rest.is_empty() {
            self.done = true;
            return None;
        }
        // The one choice of byte order: a constant for the parser, and a loop-invariant
        // branch the compiler hoists out of the caller's loop.
        let parsed = match self.endian {
            Endian::Little => message::<false>(rest),
            Endian::Big => message::<true>(rest),
        };
        match parsed {
            Ok((after, frame)) => {
                let at = self.buf.len() - rest.len();
                self.rest = after;
                Some(Ok(Message {
                    header: frame.header,
                    offset: at,
                    bytes: frame.bytes,
                    pad: frame.pad,
                    truncated: false,
                    endian: self.endian,
                }))
            }
            Err(e) => self.fail(Fault::of(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(e: Endian, len: u32, ty: u16, body: usize) -> Vec<u8> {
        let h = Header {
            len,
            ty,
            flags: 1,
            seq: 9,
            pid: 0,
        };
        let mut v = h.to_bytes(e).to_vec();
        v.resize(NLMSG_HDRLEN + body, 0xab);
        v
    }

    #[test]
    fn walks_aligned_and_unpadded_tail() {
        for e in [Endian::Little, Endian::Big] {
            let mut buf = msg(e, 17, 16, 1);
            buf.extend([0, 0, 0]);
            buf.extend(msg(e, 21, 18, 5)); // no final pad
            let m: Vec<_> = Messages::new(&buf, e).collect::<Result<_, _>>().unwrap();
            assert_eq!(m.len(), 2);
            assert_eq!(m[0].pad.len(), 3);
            assert_eq!(m[1].offset, 20);
            assert_eq!(m[1].payload().len(), 5);
            assert!(m[1].pad.is_empty());
            let mut again = Vec::new();
            for x in &m {
                again.extend_from_slice(x.bytes);
                again.extend_from_slice(x.pad);
            }
            assert_eq!(again, buf);
        }
    }

    #[test]
    fn bad_length_stops_once_and_keeps_rest() {
        let e = Endian::Little;
        let mut buf = msg(e, 16, 3, 0);
        buf.extend(msg(e, 8, 16, 4));
        let mut it = Messages::new(&buf, e);
        assert!(it.next().unwrap().is_ok());
        let err = it.next().unwrap().unwrap_err();
        assert_eq!(err.offset, 16);
        assert_eq!(
            err.kind,
            ErrorKind::LengthTooSmall {
                value: 8,
                min: 16,
                source: LengthSource::NlmsgLen
            }
        );
        assert!(it.next().is_none());
        assert_eq!(it.rest().len(), 20);
    }

    #[test]
    fn cut_at_every_length() {
        let e = Endian::Big;
        let mut buf = msg(e, 24, 16, 8);
        buf.extend(msg(e, 40, 16, 24));
        for cut in 0..buf.len() {
            let items: Vec<_> = Messages::new(&buf[..cut], e).collect();
            let oks = items.iter().filter(|r| r.is_ok()).count();
            let errs: Vec<_> = items.iter().filter_map(|r| r.as_ref().err()).collect();
            assert_eq!(oks, usize::from(cut >= 24), "cut {cut}");
            if cut == 0 || cut == 24 {
                assert!(errs.is_empty());
            } else {
                assert_eq!(errs.len(), 1);
                let at = if cut < 24 { 0 } else { 24 };
                assert_eq!(errs[0].offset, at, "cut {cut}");
                assert!(matches!(errs[0].kind, ErrorKind::Truncated { .. }));
            }
            // Snap-cut: the partial message is yielded as truncated instead.
            let snapped: Vec<_> = Messages::new(&buf[..cut], e).snap_cut(true).collect();
            let partial = snapped
                .iter()
                .filter_map(|r| r.as_ref().ok())
                .filter(|m| m.truncated)
                .count();
            let inside_body = (16..24).contains(&cut) || (40..64).contains(&cut);
            assert_eq!(partial, usize::from(inside_body), "cut {cut}");
        }
    }

    #[test]
    fn flag_names_by_kind() {
        let mut v = Vec::new();
        let left = flag_names(0x305, OpKind::Get, |n| v.push(n));
        assert_eq!(v, ["REQUEST", "ACK", "DUMP"]);
        assert_eq!(left, 0);
        v.clear();
        flag_names(0x605, OpKind::New, |n| v.push(n));
        assert_eq!(v, ["REQUEST", "ACK", "EXCL", "CREATE"]);
        v.clear();
        let left = flag_names(0x1300, OpKind::Ack, |n| v.push(n));
        assert_eq!(v, ["CAPPED", "ACK_TLVS"]);
        assert_eq!(left, 0x1000);
    }
}
