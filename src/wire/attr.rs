//! The attribute stream: `struct nlattr` / `struct rtattr` TLVs (lib/nlattr.c).
//!
//! [`Attrs`] walks the attributes of one buffer without copying. Each [`Attr`] keeps
//! its type bits, its value, its offset and the padding after it, so a walk loses
//! nothing. Whether an attribute is nested is *not* taken from the `NLA_F_NESTED`
//! bit (the kernel does not always set it): the schema decides, one layer up.
//! A bad `nla_len` ends the walk with one error; [`Attrs::rest`] keeps what was
//! not walked.
//!
//! The framing is the nom parser [`attribute`] (`&[u8]` in, [`Fault`] as the error,
//! the byte order a const chosen once per walk); [`Attrs`] is the iterator around it
//! that adds offsets and turns a [`Fault`] into a [`DecodeError`]. It costs what the
//! hand-written walk did (BENCHMARKS.md, 2026-12-07; [`parse`](super::parse) says
//! which nom primitives it avoids and why).
//!
//! ```
//! use nlscope::wire::{attr::Attrs, endian::Endian};
//! let e = Endian::Big;
//! // IFLA_MTU (4) = 1500, then IFLA_IFNAME (3) = "lo\0" (padded to 8 bytes).
//! let mut b = Vec::new();
//! b.extend_from_slice(&e.u16_bytes(8));
//! b.extend_from_slice(&e.u16_bytes(4));
//! b.extend_from_slice(&e.u32_bytes(1500));
//! b.extend_from_slice(&e.u16_bytes(7));
//! b.extend_from_slice(&e.u16_bytes(3));
//! b.extend_from_slice(b"lo\0\0");
//! let attrs: Vec<_> = Attrs::new(&b, 0, e).collect::<Result<_, _>>().unwrap();
//! assert_eq!((attrs[0].ty, attrs[0].value.len()), (4, 4));
//! assert_eq!((attrs[1].ty, attrs[1].value, attrs[1].offset), (3, &b"lo\0"[..], 8));
//! assert_eq!(attrs[1].pad, &[0]);
//! ```

use crate::wire::endian::Endian;
use crate::wire::error::{DecodeError, ErrorKind, Fault, Layer, LengthSource};
use crate::wire::nlmsg::pad_len;
use crate::wire::parse::{array, take};
use nom::{IResult, Parser};

/// Size of `struct nlattr`.
pub const NLA_HDRLEN: usize = 4;
/// `NLA_F_NESTED`.
pub const NLA_F_NESTED: u16 = 0x8000;
/// `NLA_F_NET_BYTEORDER`.
pub const NLA_F_NET_BYTEORDER: u16 = 0x4000;
/// `NLA_TYPE_MASK`.
pub const NLA_TYPE_MASK: u16 = 0x3fff;

/// One attribute, borrowed from the buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attr<'a> {
    /// Type number without the flag bits.
    pub ty: u16,
    /// `NLA_F_NESTED` was set.
    pub nested: bool,
    /// `NLA_F_NET_BYTEORDER` was set.
    pub net_byteorder: bool,
    /// The payload (`nla_len - 4` bytes).
    pub value: &'a [u8],
    /// Offset of the `nlattr` header from the origin given to [`Attrs::new`]
    /// (normally the start of the netlink message).
    pub offset: usize,
    /// Bytes after the value up to the next 4-byte boundary (normally zeros).
    pub pad: &'a [u8],
}

impl Attr<'_> {
    /// Offset of the value (after the 4-byte header).
    pub fn value_offset(&self) -> usize {
        self.offset + NLA_HDRLEN
    }

    /// The raw `nla_type` with its flag bits.
    pub fn raw_type(&self) -> u16 {
        self.ty
            | if self.nested { NLA_F_NESTED } else { 0 }
            | if self.net_byteorder {
                NLA_F_NET_BYTEORDER
            } else {
                0
            }
    }
}

/// Iterator over the attributes of a buffer; yields `Err` once and then stops.
#[derive(Clone, Debug)]
pub struct Attrs<'a> {
    buf: &'a [u8],
    /// The bytes not yet walked: always a tail of `buf` (so the walk needs one bounds
    /// check per attribute, for its header; the position is `buf.len() - rest.len()`).
    rest: &'a [u8],
    base: usize,
    endian: Endian,
    done: bool,
}

impl<'a> Attrs<'a> {
    /// Walk the attributes in `buf`, whose first byte lies at offset `base` from the
    /// origin that offsets are reported against.
    pub fn new(buf: &'a [u8], base: usize, endian: Endian) -> Self {
        Attrs {
            buf,
            rest: buf,
            base,
            endian,
            done: false,
        }
    }

    /// The byte order of the walk.
    pub fn endian(&self) -> Endian {
        self.endian
    }

    /// This walk with its byte order restated as `endian`, which must be the order it
    /// already has: a caller that matched on [`Attrs::endian`] passes the constant
    /// of the arm, so the compiler can drop the per-attribute choice of order.
    #[inline(always)]
    pub(crate) fn restate_endian(mut self, endian: Endian) -> Self {
        debug_assert_eq!(self.endian, endian);
        self.endian = endian;
        self
    }

    /// The whole buffer being walked.
    pub fn buffer(&self) -> &'a [u8] {
        self.buf
    }

    /// Offset of the buffer's first byte from the origin.
    pub fn base(&self) -> usize {
        self.base
    }

    /// The bytes not yet walked (after an error: from the failing header on).
    pub fn rest(&self) -> &'a [u8] {
        self.rest
    }

    /// The attribute of type `ty` as the kernel reads it: of duplicates the last
    /// (`nla_parse` keeps the last one it meets). Does not disturb this iterator;
    /// framing errors end the search.
    pub fn get(&self, ty: u16) -> Option<Attr<'a>> {
        Attrs::new(self.buf, self.base, self.endian)
            .map_while(Result::ok)
            .filter(|a| a.ty == ty)
            .last()
    }

    /// The first attribute of type `ty`: for what the kernel wrote, which puts each
    /// attribute once, the same as [`Attrs::get`] without walking the rest of the
    /// list. What user space sent is read with `get`.
    pub fn first(&self, ty: u16) -> Option<Attr<'a>> {
        Attrs::new(self.buf, self.base, self.endian)
            .map_while(Result::ok)
            .find(|a| a.ty == ty)
    }
}

impl<'a> Iterator for Attrs<'a> {
    type Item = Result<Attr<'a>, DecodeError>;

    // Always inlined: the caller's `match` then sees the fields directly instead of an
    // 80-byte `Option<Result<Attr, DecodeError>>` written to memory (callgrind: 65 → 40
    // instructions per attribute; BENCHMARKS.md).
    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let rest = self.rest;
        // (Before the parse, as one subtraction from a loop invariant.)
        let at = self
            .base
            .wrapping_add(self.buf.len())
            .wrapping_sub(rest.len());
        // The one choice of byte order: a constant for the parser, and a branch the
        // compiler hoists out of the caller's loop (or drops, after `restate_endian`).
        let parsed = match self.endian {
            Endian::Little => attribute::<false>(rest),
            Endian::Big => attribute::<true>(rest),
        };
        match parsed {
            Ok((after, attr)) => {
                self.rest = after;
                Some(Ok(Attr { offset: at, ..attr }))
            }
            Err(e) => {
                // (No helper taking `&mut self` on these paths: it would pin the
                // iterator and its result to memory in the caller's loop.)
                self.done = true;
                if rest.is_empty() {
                    return None;
                }
                Some(Err(attr_error(Fault::of(e), at, rest.len())))
            }
        }
    }
}

/// The error of an attribute walk that stopped at `at` with `available` bytes left.
/// (Inlined, unlike a cold helper: a caller that stops at the first error without
/// reading it, as most walks do, then builds none.)
#[inline(always)]
fn attr_error(fault: Fault, at: usize, available: usize) -> DecodeError {
    match fault {
        Fault::Short => DecodeError::truncated(
            at,
            Layer::Attribute,
            NLA_HDRLEN,
            available,
            LengthSource::Buffer,
        ),
        Fault::LengthTooSmall(len) => DecodeError::new(
            at,
            Layer::Attribute,
            ErrorKind::LengthTooSmall {
                value: len,
                min: NLA_HDRLEN,
                source: LengthSource::NlaLen,
            },
        ),
        Fault::LengthBeyond(len) => {
            DecodeError::truncated(at, Layer::Attribute, len, available, LengthSource::NlaLen)
        }
    }
}

/// nom parser of one attribute (`struct nlattr` + value + padding), the byte order
/// given as the const `BIG`: `nla_len` and `nla_type`, then `nla_len - 4` bytes of
/// value, then the padding to the next 4-byte boundary (missing at the end of the
/// input: legal). The type's flag bits are split off; the returned [`Attr`]'s
/// `offset` is 0 (the start of `input`), which [`Attrs`] replaces with the real one.
///
/// # Errors
/// [`Fault::Short`] when fewer than 4 bytes are there, [`Fault::LengthTooSmall`]
/// when `nla_len` < 4, [`Fault::LengthBeyond`] when it is longer than the input.
#[inline(always)]
pub fn attribute<const BIG: bool>(input: &[u8]) -> IResult<&[u8], Attr<'_>, Fault> {
    // Peeked: `nla_len` counts the header.
    let (_, &hdr) = array::<NLA_HDRLEN>(input)?;
    let (len, raw_ty) = nla_header::<BIG>(hdr);
    let len = usize::from(len);
    if len < NLA_HDRLEN {
        return Err(nom::Err::Error(Fault::LengthTooSmall(len)));
    }
    if len > input.len() {
        return Err(nom::Err::Error(Fault::LengthBeyond(len)));
    }
    // The attribute with its padding (missing at the end of the input: legal), then
    // the two split off. With `len` checked above (and `len` from a u16, so nothing
    // overflows) none of these three can fail, and the compiler drops their error
    // paths.
    let (after, whole) = take((len + pad_len(len)).min(input.len())).parse_complete(input)?;
    let (pad, tlv) = take(len).parse_complete(whole)?;
    let (value, _) = array::<NLA_HDRLEN>(tlv)?;
    Ok((
        after,
        Attr {
            ty: raw_ty & NLA_TYPE_MASK,
            nested: raw_ty & NLA_F_NESTED != 0,
            net_byteorder: raw_ty & NLA_F_NET_BYTEORDER != 0,
            value,
            offset: 0,
            pad,
        },
    ))
}

/// `nla_len` and `nla_type` of a 4-byte attribute header: one 32-bit load, and a
/// byte swap of both halves when the order is big-endian.
#[inline(always)]
fn nla_header<const BIG: bool>(hdr: [u8; NLA_HDRLEN]) -> (u16, u16) {
    let w = u32::from_le_bytes(hdr);
    let (len, ty) = (w as u16, (w >> 16) as u16);
    if BIG {
        (len.swap_bytes(), ty.swap_bytes())
    } else {
        (len, ty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(e: Endian, ty: u16, val: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend_from_slice(&e.u16_bytes((val.len() + 4) as u16));
        v.extend_from_slice(&e.u16_bytes(ty));
        v.extend_from_slice(val);
        while v.len() % 4 != 0 {
            v.push(0);
        }
        v
    }

    #[test]
    fn flags_split_off_and_bytes_kept() {
        for e in [Endian::Little, Endian::Big] {
            let mut b = attr(e, 0x8000 | 18, &attr(e, 1, b"veth\0"));
            b.extend(attr(e, 0x4000 | 7, &[1, 2]));
            let a: Vec<_> = Attrs::new(&b, 100, e).collect::<Result<_, _>>().unwrap();
            assert_eq!(a.len(), 2);
            assert!(a[0].nested && !a[0].net_byteorder && a[0].ty == 18);
            assert!(a[1].net_byteorder && a[1].ty == 7 && a[1].offset == 100 + 16);
            assert_eq!(a[1].raw_type(), 0x4007);
            let mut again = Vec::new();
            for x in &a {
                again.extend_from_slice(&e.u16_bytes((x.value.len() + 4) as u16));
                again.extend_from_slice(&e.u16_bytes(x.raw_type()));
                again.extend_from_slice(x.value);
                again.extend_from_slice(x.pad);
            }
            assert_eq!(again, b);
        }
    }

    #[test]
    fn cut_at_every_length() {
        let e = Endian::Little;
        let mut b = attr(e, 1, &[1, 2, 3, 4, 5]);
        b.extend(attr(e, 2, &[9; 8]));
        for cut in 0..b.len() {
            let items: Vec<_> = Attrs::new(&b[..cut], 0, e).collect();
            let errs: Vec<_> = items.iter().filter_map(|r| r.as_ref().err()).collect();
            let first_end = 9; // 4 + 5, pad may be missing
            if cut == 0 {
                assert!(items.is_empty());
            } else if cut < first_end {
                assert_eq!(errs.len(), 1);
                assert_eq!(errs[0].offset, 0);
            } else if (first_end..=12).contains(&cut) {
                assert!(errs.is_empty(), "cut {cut}");
                assert_eq!(items.len(), 1);
            } else {
                assert_eq!(errs.len(), 1, "cut {cut}");
                assert_eq!(errs[0].offset, 12);
            }
        }
    }

    #[test]
    fn short_nla_len_stops() {
        let b = [3u8, 0, 1, 0, 0, 0, 0, 0];
        let mut it = Attrs::new(&b, 4, Endian::Little);
        let err = it.next().unwrap().unwrap_err();
        assert_eq!(err.offset, 4);
        assert_eq!(err.to_string(), "attribute at +4: nla_len 3 < 4");
        assert!(it.next().is_none());
        assert_eq!(it.rest().len(), 8);
    }
}
