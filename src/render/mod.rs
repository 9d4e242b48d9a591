//! Rendering decoded messages: an indented tree ([`text`]), one line per message
//! ([`line`](mod@line), in the spirit of `ip monitor`) and JSON Lines ([`json`], schema in
//! `docs/json.md`).
//!
//! The text and JSON renderers read the attribute tree through the schema-driven
//! visitor ([`crate::families::decode::visit`], with the compiled walkers where there
//! are any), as `stats` does: each is a `Visit` implementation that writes each kind
//! of value in one place. The line renderer reads a few top-level attributes by type
//! (`line.rs`); `resolve` follows an offset through the iterators.
//!
//! Every renderer writes into a caller-provided [`std::io::Write`] (a reused
//! `Vec<u8>` is the fast path) and allocates nothing per message, except that the
//! text and JSON renderers keep the output of large values they have not seen before
//! in a bounded memo (`memo.rs`: at most 4 MiB, reused when the same bytes come
//! again). Strings from a capture (interface names, extended-ACK messages) are
//! always escaped: a capture cannot drive the terminal it is printed on.
//!
//! [`resolve`] maps an extended-ACK `NLMSGERR_ATTR_OFFS` back to the attribute of the
//! echoed request it points at.

pub mod json;
pub mod line;
mod lines;
mod memo;
pub mod resolve;
pub mod stats;
pub mod text;
pub mod uevent;

use crate::families::decode::{Context, Decoded};
use crate::families::schema::{EnumDef, Hint};
use crate::flow::session::Timestamp;
pub(crate) use crate::flow::Item;
use std::cell::Cell;
use std::io::{self, Write};

/// Presentation options for the text and line renderers.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Use ANSI colours (only when printing to a terminal).
    pub color: bool,
    /// Print key material ([`crate::families::secrets`]) instead of `<redacted N bytes>`.
    pub show_secrets: bool,
}

impl Style {
    pub(crate) fn paint<W: Write + ?Sized>(&self, w: &mut W, code: &[u8]) -> io::Result<()> {
        if self.color {
            w.write_all(code)?;
        }
        Ok(())
    }
}

pub(crate) const BOLD: &[u8] = b"\x1b[1m";
pub(crate) const RED: &[u8] = b"\x1b[31m";
pub(crate) const GREEN: &[u8] = b"\x1b[32m";
pub(crate) const CYAN: &[u8] = b"\x1b[36m";
pub(crate) const DIM: &[u8] = b"\x1b[2m";
pub(crate) const RESET: &[u8] = b"\x1b[0m";

/// Write `v` in decimal.
#[inline(always)]
pub(crate) fn write_u64<W: Write + ?Sized>(w: &mut W, v: u64) -> io::Result<()> {
    // Most values are small: a fixed-size write compiles to a plain store.
    if v < 10 {
        return w.write_all(&[b'0' + v as u8]);
    }
    // Types, lengths and offsets are mostly two or three digits: a fixed-size write
    // is a store, where `itoa`'s variable-length result costs a call and a `memcpy`.
    if v < 100 {
        return w.write_all(&[b'0' + (v / 10) as u8, b'0' + (v % 10) as u8]);
    }
    if v < 1000 {
        return w.write_all(&[
            b'0' + (v / 100) as u8,
            b'0' + (v / 10 % 10) as u8,
            b'0' + (v % 10) as u8,
        ]);
    }
    // `itoa` writes two digits per division from a table (the per-digit loop this
    // replaced was ~6% of the text renderer).
    w.write_all(itoa::Buffer::new().format(v).as_bytes())
}

/// The two decimal digits of 0..=99.
// Evaluated at compile time with `i < 100`: the indexing cannot fail at run time.
#[allow(clippy::indexing_slicing)]
static DEC_PAIRS: [[u8; 2]; 100] = {
    let mut t = [[0u8; 2]; 100];
    let mut i = 0;
    while i < 100 {
        t[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
        i += 1;
    }
    t
};

/// A short piece of a line built on the stack and written in one `write_all`: fixed
/// strings and numbers appended without a capacity check or call each. Callers size
/// `N` for the longest piece they build; anything past `N` is dropped (never a panic).
pub(crate) struct Piece<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Piece<N> {
    /// An empty piece.
    #[inline(always)]
    pub(crate) fn new() -> Self {
        Piece {
            buf: [0; N],
            len: 0,
        }
    }

    /// Append `s` (a constant, so the copy is a few stores).
    #[inline(always)]
    pub(crate) fn put(&mut self, s: &[u8]) {
        if let Some(d) = self.buf.get_mut(self.len..self.len + s.len()) {
            d.copy_from_slice(s);
            self.len += s.len();
        }
    }

    /// Append `v` in decimal.
    #[inline(always)]
    pub(crate) fn u64(&mut self, v: u64) {
        let digits = v.checked_ilog10().map_or(1, |d| d as usize + 1);
        if let Some(d) = self.buf.get_mut(self.len..self.len + digits) {
            // Two digits per division, from the right.
            let mut v = v;
            let mut pairs = d.rchunks_exact_mut(2);
            for pair in &mut pairs {
                pair.copy_from_slice(DEC_PAIRS.get((v % 100) as usize).unwrap_or(b"??"));
                v /= 100;
            }
            if let [first] = pairs.into_remainder() {
                *first = b'0' + (v % 10) as u8;
            }
            self.len += digits;
        }
    }

    /// What was appended.
    #[inline(always)]
    pub(crate) fn bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }
}

/// Write `v` in decimal.
#[inline]
pub(crate) fn write_i64<W: Write + ?Sized>(w: &mut W, v: i64) -> io::Result<()> {
    if v >= 0 {
        return write_u64(w, v as u64);
    }
    w.write_all(itoa::Buffer::new().format(v).as_bytes())
}

#[inline]
const fn hex_digit(n: u8) -> u8 {
    let n = n & 0xf;
    if n < 10 {
        b'0' + n
    } else {
        b'a' + n - 10
    }
}

/// The lower-case hex digits of `v` (at least one) at the end of `buf`; returns where
/// they start.
#[inline]
fn hex_digits(v: u64, buf: &mut [u8; 16]) -> usize {
    let mut i = buf.len();
    let mut v = v;
    loop {
        i -= 1;
        if let Some(b) = buf.get_mut(i) {
            *b = hex_digit((v & 0xf) as u8);
        }
        v >>= 4;
        if v == 0 || i == 0 {
            break;
        }
    }
    i
}

/// Write `v` as `0x` and lower-case hex digits.
pub(crate) fn write_hex_u64<W: Write + ?Sized>(w: &mut W, v: u64) -> io::Result<()> {
    let mut buf = [0u8; 16];
    let i = hex_digits(v, &mut buf);
    w.write_all(b"0x")?;
    w.write_all(buf.get(i..).unwrap_or(&[]))
}

/// A tc handle as `tc` prints it: `major:minor` in hex without `0x`, `major:` when the
/// minor is 0, `root` for `TC_H_ROOT` ([`Hint::TcHandle`]).
pub(crate) fn write_tc_handle<W: Write + ?Sized>(w: &mut W, h: u32) -> io::Result<()> {
    if h == u32::MAX {
        return w.write_all(b"root");
    }
    let mut buf = [0u8; 16];
    let bare = |w: &mut W, v: u32, buf: &mut [u8; 16]| -> io::Result<()> {
        let i = hex_digits(u64::from(v), buf);
        w.write_all(buf.get(i..).unwrap_or(&[]))
    };
    bare(w, h >> 16, &mut buf)?;
    w.write_all(b":")?;
    if h & 0xffff != 0 {
        bare(w, h & 0xffff, &mut buf)?;
    }
    Ok(())
}

/// The two hex digits of every byte value.
// Evaluated at compile time with `i < 256`: the indexing cannot fail at run time.
#[allow(clippy::indexing_slicing)]
static HEX_PAIRS: [[u8; 2]; 256] = {
    let mut t = [[0u8; 2]; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = [hex_digit((i >> 4) as u8), hex_digit(i as u8)];
        i += 1;
    }
    t
};

/// Write `bytes` as lower-case hex digits, optionally separated by `sep`.
pub(crate) fn write_hex<W: Write + ?Sized>(
    w: &mut W,
    bytes: &[u8],
    sep: Option<u8>,
) -> io::Result<()> {
    // Most runs are short (MAC addresses, struct tails): a 48-byte buffer is zeroed
    // with a few stores, where the 384-byte one this replaced cost a `memset` call
    // per run (~2% of the text renderer).
    const CHUNK: usize = 16;
    let mut buf = [0u8; CHUNK * 3];
    for (ci, chunk) in bytes.chunks(CHUNK).enumerate() {
        let n = match sep {
            None => {
                for (dst, b) in buf.chunks_exact_mut(2).zip(chunk) {
                    dst.copy_from_slice(HEX_PAIRS.get(usize::from(*b)).unwrap_or(&[b'?'; 2]));
                }
                chunk.len() * 2
            }
            Some(s) => {
                for (dst, b) in buf.chunks_exact_mut(3).zip(chunk) {
                    let [hi, lo] = *HEX_PAIRS.get(usize::from(*b)).unwrap_or(&[b'?'; 2]);
                    dst.copy_from_slice(&[s, hi, lo]);
                }
                // The first separator of the whole run is dropped.
                let skip = usize::from(ci == 0);
                w.write_all(buf.get(skip..chunk.len() * 3).unwrap_or(&[]))?;
                continue;
            }
        };
        w.write_all(buf.get(..n).unwrap_or(&[]))?;
    }
    Ok(())
}

/// Write an IPv4 address.
pub(crate) fn write_ipv4<W: Write + ?Sized>(w: &mut W, a: [u8; 4]) -> io::Result<()> {
    for (i, b) in a.iter().enumerate() {
        if i > 0 {
            w.write_all(b".")?;
        }
        write_u64(w, u64::from(*b))?;
    }
    Ok(())
}

/// Write an IPv6 address exactly as `std::net::Ipv6Addr`'s `Display` does (RFC 5952:
/// the first longest run of two or more zero groups becomes `::`, IPv4-mapped
/// addresses end in dotted quad), in one write instead of through `fmt` (~300
/// instructions per address).
pub(crate) fn write_ipv6<W: Write + ?Sized>(w: &mut W, a: [u8; 16]) -> io::Result<()> {
    let mut seg = [0u16; 8];
    for (s, p) in seg.iter_mut().zip(a.chunks_exact(2)) {
        *s = u16::from_be_bytes(p.try_into().unwrap_or([0; 2]));
    }
    if let [0, 0, 0, 0, 0, 0xffff, hi, lo] = seg {
        w.write_all(b"::ffff:")?;
        let [b0, b1] = hi.to_be_bytes();
        let [b2, b3] = lo.to_be_bytes();
        return write_ipv4(w, [b0, b1, b2, b3]);
    }
    // The first longest run of zero groups.
    let (mut best_at, mut best_len, mut cur_at, mut cur_len) = (0, 0, 0, 0);
    for (i, s) in seg.iter().enumerate() {
        if *s == 0 {
            if cur_len == 0 {
                cur_at = i;
            }
            cur_len += 1;
            if cur_len > best_len {
                (best_at, best_len) = (cur_at, cur_len);
            }
        } else {
            cur_len = 0;
        }
    }
    // At most 8 groups of 4 digits and 7 colons.
    let mut buf = [0u8; 40];
    let mut n = 0;
    let mut put = |b: u8| {
        if let Some(d) = buf.get_mut(n) {
            *d = b;
        }
        n += 1;
    };
    for (i, s) in seg.iter().enumerate() {
        if best_len > 1 && i >= best_at && i < best_at + best_len {
            if i == best_at {
                put(b':');
                put(b':');
            }
            continue;
        }
        if i > 0 && !(best_len > 1 && i == best_at + best_len) {
            put(b':');
        }
        let s = *s;
        let digits = (16 - s.max(1).leading_zeros()).div_ceil(4);
        for k in (0..digits).rev() {
            put(hex_digit((s >> (4 * k)) as u8));
        }
    }
    w.write_all(buf.get(..n).unwrap_or(&[]))
}

/// Write an address by its hint and length: IPv4 (4 bytes), IPv6 (16), MAC (any
/// length with [`Hint::Mac`]), UUID. Returns `false` (writing nothing) when the hint
/// does not fit the bytes.
pub(crate) fn write_address<W: Write + ?Sized>(
    w: &mut W,
    hint: Hint,
    b: &[u8],
) -> io::Result<bool> {
    match (hint, b.len()) {
        (Hint::Ipv4 | Hint::Ip, 4) => {
            let a: [u8; 4] = b.try_into().unwrap_or_default();
            write_ipv4(w, a)?;
        }
        (Hint::Ipv6 | Hint::Ip, 16) => {
            let a: [u8; 16] = b.try_into().unwrap_or_default();
            write_ipv6(w, a)?;
        }
        (Hint::Mac, 1..) => write_hex(w, b, Some(b':'))?,
        (Hint::Uuid, 16) => {
            for (i, chunk) in [0..4, 4..6, 6..8, 8..10, 10..16].into_iter().enumerate() {
                if i > 0 {
                    w.write_all(b"-")?;
                }
                write_hex(w, b.get(chunk).unwrap_or(&[]), None)?;
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// Whether a hint makes bytes an address (shown as text, not hex).
pub(crate) fn is_address_hint(hint: Hint) -> bool {
    matches!(
        hint,
        Hint::Ipv4 | Hint::Ipv6 | Hint::Ip | Hint::Mac | Hint::Uuid
    )
}

/// Call `f` with the name of each flag bit of `def` set in `v`; returns the bits
/// left without a name. For a non-flag enum, calls `f` once with the value's name.
pub(crate) fn enum_names(def: &EnumDef, v: u64, mut f: impl FnMut(&'static str)) -> u64 {
    if !def.flags {
        return match def.name_of(v) {
            Some(n) => {
                f(n);
                0
            }
            None => v,
        };
    }
    let mut left = v;
    for &(bit, name) in def.entries {
        if bit != 0 && v & bit == bit && left & bit != 0 {
            f(name);
            left &= !bit;
        }
    }
    left
}

/// Escape bytes from a capture for a terminal: printable ASCII stays, `\` and `"`
/// are backslashed, everything else (control characters, ESC, DEL, bytes ≥ 0x80)
/// becomes `\n`, `\t`, `\r` or `\xNN`.
pub(crate) fn write_escaped<W: Write + ?Sized>(w: &mut W, s: &[u8]) -> io::Result<()> {
    escape(w, s, true)
}

/// Escape a line of text from a file (an expected decode, a file name) for a
/// terminal as the renderers escape capture strings, except that `"` stays: the
/// line is not quoted. `\` is doubled, so a line holding a raw control byte and one
/// holding its escape never look the same.
pub fn write_escaped_line<W: Write + ?Sized>(w: &mut W, s: &[u8]) -> io::Result<()> {
    escape(w, s, false)
}

fn escape<W: Write + ?Sized>(w: &mut W, s: &[u8], quote: bool) -> io::Result<()> {
    // Nothing to escape is the same set of bytes as for JSON (printable ASCII but
    // `\` and `"`): names and messages mostly are, tested eight bytes at a time.
    if json_plain(s) {
        return w.write_all(s);
    }
    let mut start = 0;
    for (i, &b) in s.iter().enumerate() {
        if (0x20..0x7f).contains(&b) && b != b'\\' && (b != b'"' || !quote) {
            continue;
        }
        w.write_all(s.get(start..i).unwrap_or(&[]))?;
        match b {
            b'\\' => w.write_all(b"\\\\")?,
            b'"' => w.write_all(b"\\\"")?,
            b'\n' => w.write_all(b"\\n")?,
            b'\t' => w.write_all(b"\\t")?,
            b'\r' => w.write_all(b"\\r")?,
            _ => w.write_all(&[b'\\', b'x', hex_digit(b >> 4), hex_digit(b)])?,
        }
        start = i + 1;
    }
    w.write_all(s.get(start..).unwrap_or(&[]))
}

/// Bytes a JSON string holds as they are: printable ASCII except `"` and `\\`.
// Evaluated at compile time with `i < 256`: the indexing cannot fail at run time.
#[allow(clippy::indexing_slicing)]
static JSON_PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = i >= 0x20 && i < 0x7f && i != b'"' as usize && i != b'\\' as usize;
        i += 1;
    }
    t
};

/// Whether every byte of `s` is [`JSON_PLAIN`], eight bytes at a time (names are
/// ~10 bytes; the byte-by-byte table test was ~8% of the JSON renderer).
#[inline]
pub(crate) fn json_plain(s: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Non-zero iff some byte of `x` is zero (exact as an "any" test).
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        // A byte < 0x20 (the has-less-than test, exact for bounds up to 0x80); a byte
        // >= 0x7f (adding 1 sets its top bit; a carry into a byte only comes from a
        // 0xff byte, itself flagged); a quote; a backslash.
        let bad = (x.wrapping_sub(0x20 * ONES) & !x & HIGH)
            | ((x | x.wrapping_add(ONES)) & HIGH)
            | has_zero(x ^ (u64::from(b'"') * ONES))
            | has_zero(x ^ (u64::from(b'\\') * ONES));
        if bad != 0 {
            return false;
        }
    }
    chunks
        .remainder()
        .iter()
        .all(|&b| JSON_PLAIN.get(usize::from(b)) == Some(&true))
}

/// The kind of operation for naming `d`'s flags: only bits 0x100-0x800 depend on it,
/// so it is only looked up (a search in the message name) when one of them is set.
pub(crate) fn flag_kind(d: &Decoded<'_>) -> crate::wire::nlmsg::OpKind {
    if d.msg.header.flags & 0x0f00 != 0 {
        d.op_kind()
    } else {
        crate::wire::nlmsg::OpKind::Other
    }
}

/// Write a JSON string literal (with quotes) from bytes of a capture. Valid UTF-8 is
/// kept, except that control characters (C0, DEL, C1) and U+2028/U+2029 are written as
/// `\uXXXX`; each invalid UTF-8 sequence becomes U+FFFD.
pub(crate) fn write_json_str<W: Write + ?Sized>(w: &mut W, s: &[u8]) -> io::Result<()> {
    w.write_all(b"\"")?;
    // Fast path: printable ASCII without quote or backslash (every table name).
    if json_plain(s) {
        w.write_all(s)?;
        return w.write_all(b"\"");
    }
    for chunk in s.utf8_chunks() {
        let v = chunk.valid();
        let vb = v.as_bytes();
        let mut start = 0;
        for (i, c) in v.char_indices() {
            let esc: Option<&[u8]> = match c {
                '"' => Some(b"\\\""),
                '\\' => Some(b"\\\\"),
                '\n' => Some(b"\\n"),
                '\t' => Some(b"\\t"),
                '\r' => Some(b"\\r"),
                _ => None,
            };
            let ctl = matches!(c as u32, 0..=0x1f | 0x7f..=0x9f | 0x2028 | 0x2029);
            if esc.is_none() && !ctl {
                continue;
            }
            w.write_all(vb.get(start..i).unwrap_or(&[]))?;
            match esc {
                Some(e) => w.write_all(e)?,
                None => {
                    let u = c as u32;
                    w.write_all(b"\\u")?;
                    w.write_all(&[
                        hex_digit((u >> 12) as u8),
                        hex_digit((u >> 8) as u8),
                        hex_digit((u >> 4) as u8),
                        hex_digit(u as u8),
                    ])?;
                }
            }
            start = i + c.len_utf8();
        }
        w.write_all(vb.get(start..).unwrap_or(&[]))?;
        if !chunk.invalid().is_empty() {
            w.write_all("\u{fffd}".as_bytes())?;
        }
    }
    w.write_all(b"\"")
}

/// Writes names with a separator, one at a time, from inside the allocation-free
/// callbacks of [`flag_names`](crate::wire::nlmsg::flag_names) and [`enum_names`]; the first
/// write error is kept and returned by [`Joiner::finish`].
pub(crate) struct Joiner<'w, W: Write + ?Sized> {
    w: &'w mut W,
    sep: &'static [u8],
    json: bool,
    any: bool,
    res: io::Result<()>,
}

impl<'w, W: Write + ?Sized> Joiner<'w, W> {
    /// Names separated by `sep`, written as JSON strings when `json`.
    pub(crate) fn new(w: &'w mut W, sep: &'static [u8], json: bool) -> Self {
        Joiner {
            w,
            sep,
            json,
            any: false,
            res: Ok(()),
        }
    }

    /// Write one name.
    pub(crate) fn push(&mut self, name: &str) {
        if self.res.is_err() {
            return;
        }
        if self.any {
            self.res = self.w.write_all(self.sep);
        }
        self.any = true;
        if self.res.is_ok() {
            self.res = if self.json {
                write_json_str(self.w, name.as_bytes())
            } else {
                self.w.write_all(name.as_bytes())
            };
        }
    }

    /// The first error, or whether any name was written.
    pub(crate) fn finish(self) -> io::Result<bool> {
        self.res.map(|()| self.any)
    }
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn write_2<W: Write + ?Sized>(w: &mut W, v: u64) -> io::Result<()> {
    w.write_all(&[b'0' + (v / 10 % 10) as u8, b'0' + (v % 10) as u8])
}

fn write_frac<W: Write + ?Sized>(w: &mut W, nsec: u32, digits: u32) -> io::Result<()> {
    // Nine digits with leading zeros: 1_000_000_000 + nsec has ten, drop the first.
    let v = 1_000_000_000 + nsec.min(999_999_999);
    let mut b = itoa::Buffer::new();
    let s = b.format(v).as_bytes();
    w.write_all(s.get(1..1 + digits as usize).unwrap_or(&[]))
}

/// Write `HH:MM:SS.ffffff` (UTC, microseconds), as `ip monitor -t` would.
pub(crate) fn write_time<W: Write + ?Sized>(w: &mut W, ts: Timestamp) -> io::Result<()> {
    let s = ts.sec.rem_euclid(86_400) as u64;
    write_2(w, s / 3600)?;
    w.write_all(b":")?;
    write_2(w, s / 60 % 60)?;
    w.write_all(b":")?;
    write_2(w, s % 60)?;
    w.write_all(b".")?;
    write_frac(w, ts.nsec, 6)
}

thread_local! {
    /// The second [`write_datetime`] wrote last and its `YYYY-MM-DDTHH:MM:SS.`:
    /// consecutive messages of a capture mostly share their second, and the
    /// calendar arithmetic was ~200 instructions per message. `None` until the first
    /// date is written: a placeholder second would match a real one (`i64::MIN`, a
    /// pcapng `if_tsoffset` of -2^63, once printed 20 NUL bytes).
    static LAST_SECOND: Cell<Option<(i64, [u8; 20])>> = const { Cell::new(None) };
}

/// Write `YYYY-MM-DDTHH:MM:SS.fffffffffZ` (UTC, nanoseconds).
pub(crate) fn write_datetime<W: Write + ?Sized>(w: &mut W, ts: Timestamp) -> io::Result<()> {
    let cached = LAST_SECOND
        .with(Cell::get)
        .filter(|&(last, _)| last == ts.sec);
    let head = if let Some((_, head)) = cached {
        head
    } else {
        let (y, m, d) = civil_from_days(ts.sec.div_euclid(86_400));
        let s = ts.sec.rem_euclid(86_400) as u64;
        let Some(y) = u64::try_from(y).ok().filter(|y| (1000..=9999).contains(y)) else {
            return write_datetime_any(w, ts);
        };
        let dig = |v: u64| b'0' + (v % 10) as u8;
        let (m, d) = (u64::from(m), u64::from(d));
        let (hh, mm, ss) = (s / 3600, s / 60 % 60, s % 60);
        let head = [
            dig(y / 1000),
            dig(y / 100),
            dig(y / 10),
            dig(y),
            b'-',
            dig(m / 10),
            dig(m),
            b'-',
            dig(d / 10),
            dig(d),
            b'T',
            dig(hh / 10),
            dig(hh),
            b':',
            dig(mm / 10),
            dig(mm),
            b':',
            dig(ss / 10),
            dig(ss),
            b'.',
        ];
        LAST_SECOND.with(|c| c.set(Some((ts.sec, head))));
        head
    };
    // Every field has a fixed width: one 30-byte write.
    let mut out = [b'Z'; 30];
    if let Some((h, frac)) = out.split_first_chunk_mut::<20>() {
        *h = head;
        // Nine digits: four pairs from the right, then the first.
        let mut n = ts.nsec.min(999_999_999);
        if let Some((first, pairs)) = frac.split_first_mut() {
            for pair in pairs.chunks_exact_mut(2).take(4).rev() {
                pair.copy_from_slice(DEC_PAIRS.get((n % 100) as usize).unwrap_or(b"??"));
                n /= 100;
            }
            *first = b'0' + (n % 10) as u8;
        }
    }
    w.write_all(&out)
}

/// [`write_datetime`] without the cache, for any year (the path for years without
/// four digits, and the reference the cached path is tested against).
fn write_datetime_any<W: Write + ?Sized>(w: &mut W, ts: Timestamp) -> io::Result<()> {
    let (y, m, d) = civil_from_days(ts.sec.div_euclid(86_400));
    let s = ts.sec.rem_euclid(86_400) as u64;
    let nsec = ts.nsec;
    write_i64(w, y)?;
    w.write_all(b"-")?;
    write_2(w, u64::from(m))?;
    w.write_all(b"-")?;
    write_2(w, u64::from(d))?;
    w.write_all(b"T")?;
    write_2(w, s / 3600)?;
    w.write_all(b":")?;
    write_2(w, s / 60 % 60)?;
    w.write_all(b":")?;
    write_2(w, s % 60)?;
    w.write_all(b".")?;
    write_frac(w, nsec, 9)?;
    w.write_all(b"Z")
}

/// Write a duration in nanoseconds the short way: `850ns`, `12.3µs`→`12us`, `1.204ms`,
/// `2.500s`.
pub(crate) fn write_delay<W: Write + ?Sized>(w: &mut W, ns: u64) -> io::Result<()> {
    let (unit, div): (&[u8], u64) = if ns < 1_000 {
        (b"ns", 1)
    } else if ns < 1_000_000 {
        (b"us", 1_000)
    } else if ns < 1_000_000_000 {
        (b"ms", 1_000_000)
    } else {
        (b"s", 1_000_000_000)
    };
    write_u64(w, ns / div)?;
    if div > 1 {
        let frac = (ns % div) * 1000 / div;
        w.write_all(b".")?;
        w.write_all(&[
            b'0' + (frac / 100) as u8,
            b'0' + (frac / 10 % 10) as u8,
            b'0' + (frac % 10) as u8,
        ])?;
    }
    w.write_all(unit)
}

/// The kernel's name for a netlink protocol, or `None`.
pub(crate) fn protocol_name(protocol: u16) -> Option<&'static str> {
    crate::wire::protocol::Protocol(protocol).name()
}

/// The interface name for the value `v` of a member or attribute the tables mark
/// [`Hint::Ifindex`], when the session learned it from the capture's link messages.
/// Raw bytes: escape them.
pub(crate) fn ifname_of<'s>(it: &Item<'s, '_>, v: i64) -> Option<&'s [u8]> {
    if v <= 0 {
        return None;
    }
    i32::try_from(v).ok().and_then(|i| it.session.ifname(i))
}

/// The display hint of a struct member, or `None` for padding that is all zero
/// (not shown).
#[inline]
pub(crate) fn field_hint(
    f: &crate::families::schema::Field,
    v: &crate::families::decode::FieldValue<'_>,
) -> Option<Hint> {
    use crate::families::schema::FieldKind;
    match f.kind {
        FieldKind::Scalar(_, _, h) | FieldKind::Bytes(_, h) | FieldKind::Rest(h) => Some(h),
        FieldKind::Pad(_) => match v {
            crate::families::decode::FieldValue::Bytes(b) if b.iter().all(|x| *x == 0) => None,
            _ => Some(Hint::None),
        },
        // Only past `MAX_EMBED_DEPTH` is an embedded struct a member: its bytes.
        FieldKind::Struct(_) => Some(Hint::None),
    }
}

/// Write a struct member's name as it is shown: the names of the embedded-struct
/// members it is inside, each followed by `.`, then its own (`sel.daddr`).
#[inline]
pub(crate) fn write_member_name<W: Write + ?Sized>(
    w: &mut W,
    within: &crate::families::decode::Within,
    f: &crate::families::schema::Field,
) -> io::Result<()> {
    if !within.is_empty() {
        for outer in within.fields() {
            w.write_all(outer.name.as_bytes())?;
            w.write_all(b".")?;
        }
    }
    w.write_all(f.name.as_bytes())
}

/// Write the message's type the way people know it: `RTM_NEWLINK`, `NLMSG_ERROR`,
/// `nlctrl CTRL_CMD_NEWFAMILY`, `wireguard cmd 1`, `UNKNOWN(71)`. Names learned from
/// the capture (generic-netlink families) are escaped.
pub(crate) fn write_type_name<W: Write + ?Sized>(
    w: &mut W,
    d: &Decoded<'_>,
    ctx: &Context,
) -> io::Result<()> {
    if let crate::families::decode::Body::Family(f) = &d.body {
        if let Some(g) = f.genl {
            match ctx.genl_name(g.family_id) {
                Some(n) => write_escaped(w, n.as_bytes())?,
                None => {
                    w.write_all(b"genl(")?;
                    write_u64(w, u64::from(g.family_id))?;
                    w.write_all(b")")?;
                }
            }
            w.write_all(b" ")?;
            return match f.def {
                Some(def) => w.write_all(def.name.as_bytes()),
                None => {
                    w.write_all(b"cmd ")?;
                    write_u64(w, u64::from(g.cmd))
                }
            };
        }
    }
    match d.type_name() {
        Some(n) => w.write_all(n.as_bytes()),
        None => {
            w.write_all(b"UNKNOWN(")?;
            write_u64(w, u64::from(d.msg.header.ty))?;
            w.write_all(b")")
        }
    }
}

/// Write an integer for people: by its hint (hex, enum name, flag names, IPv4).
/// Flags come out as `0x1003 [UP|BROADCAST]` (unnamed bits stay in the hex), an enum
/// as `NAME(3)`, a value without a name as the number.
pub(crate) fn write_int_text<W: Write + ?Sized>(w: &mut W, v: i128, hint: Hint) -> io::Result<()> {
    let u = v as u64;
    match hint {
        Hint::Hex => write_hex_u64(w, u),
        Hint::Ipv4 | Hint::Ip if (0..=i128::from(u32::MAX)).contains(&v) => {
            write_ipv4(w, (u as u32).to_be_bytes())
        }
        Hint::TcHandle if (0..=i128::from(u32::MAX)).contains(&v) => write_tc_handle(w, u as u32),
        Hint::Enum(def) if def.flags => {
            write_hex_u64(w, u)?;
            if u != 0 {
                w.write_all(b" [")?;
                let mut j = Joiner::new(&mut *w, b"|", false);
                let left = enum_names(def, u, |n| j.push(n));
                j.finish()?;
                if left != 0 && left != u {
                    w.write_all(b"|")?;
                    write_hex_u64(w, left)?;
                }
                w.write_all(b"]")?;
            }
            Ok(())
        }
        Hint::Enum(def) => match def.name_of(u) {
            Some(n) => {
                w.write_all(n.as_bytes())?;
                w.write_all(b"(")?;
                write_u64(w, u)?;
                w.write_all(b")")
            }
            None => write_int_plain(w, v),
        },
        _ => write_int_plain(w, v),
    }
}

fn write_int_plain<W: Write + ?Sized>(w: &mut W, v: i128) -> io::Result<()> {
    match i64::try_from(v) {
        Ok(i) => write_i64(w, i),
        Err(_) => write_u64(w, v as u64),
    }
}

/// Write an errno value: `0`, `-22 EINVAL (Invalid argument)`, `-600`.
pub(crate) fn write_errno<W: Write + ?Sized>(w: &mut W, err: i32) -> io::Result<()> {
    write_i64(w, i64::from(err))?;
    if err < 0 {
        if let Some((name, text)) = crate::families::errno::errno(err.saturating_neg()) {
            w.write_all(b" ")?;
            w.write_all(name.as_bytes())?;
            w.write_all(b" (")?;
            w.write_all(text.as_bytes())?;
            w.write_all(b")")?;
        }
    }
    Ok(())
}

/// The request an extended-ACK offset of `it` (an `NLMSG_ERROR` or `NLMSG_DONE`)
/// points into, decoded: the echo when the kernel sent it whole, else the request the
/// [`Session`](crate::flow::session::Session) kept (capped errors, strict dump errors in DONE). The flag says the
/// request came from the session.
pub(crate) fn offs_request<'r>(it: &Item<'r, '_>) -> Option<(Decoded<'r>, bool)> {
    let d = it.decoded;
    if let crate::families::decode::Body::Error(e) = &d.body {
        if let Some(m) = e.request.filter(|m| !e.capped && !m.truncated) {
            return Some((
                crate::families::decode::decode_message(m, d.protocol, it.ctx),
                false,
            ));
        }
    }
    let pair = it.info.pair?;
    let m = it.session.request_message(&pair)?;
    Some((
        crate::families::decode::decode_message(m, d.protocol, it.ctx),
        true,
    ))
}

/// The value of an extended-ACK attribute of type `ty`, read as a `u32` (OFFS,
/// MISS_TYPE, MISS_NEST), as the typed decode reads it: in network order when the
/// attribute says so (`NLA_F_NET_BYTEORDER`), and only when it holds exactly 4 bytes
/// (otherwise the typed decode shows it as invalid, and it is no offset).
pub(crate) fn extack_u32(view: &crate::families::decode::AttrsView<'_>, ty: u16) -> Option<u32> {
    let raw = view.raw();
    let a = raw.get(ty).filter(|a| a.value.len() == 4)?;
    let order = if a.net_byteorder {
        crate::wire::endian::Endian::Big
    } else {
        raw.endian()
    };
    order.u32_at(a.value, 0)
}

/// The text of `NLMSGERR_ATTR_MSG`, without its NUL.
pub(crate) fn extack_msg<'a>(view: &crate::families::decode::AttrsView<'a>) -> Option<&'a [u8]> {
    let a = view.raw().get(crate::families::extack::NLMSGERR_ATTR_MSG)?;
    Some(a.value.split(|b| *b == 0).next().unwrap_or(&[]))
}

/// An output format of `decode`, `check` and `capture --decode`: each is one module
/// of this layer with the same four functions (`render` a message,
/// `render_record_error`, `render_stream_error`, and text's `render_padding`), and
/// [`render_event`] chooses among them. A new format is its module and its row here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An indented tree per message.
    Text,
    /// One line per message, like `ip monitor`.
    Line,
    /// JSON Lines, one object per message (docs/json.md).
    Json,
}

/// Render one walk event in `format`: a message, a stream error, or (with `padding`,
/// text only) the zero tail of a record. `decode`, `check` and `capture --decode`
/// all print through it, so they print alike.
///
/// # Errors
/// The writer's.
pub fn render_event<W: Write + ?Sized>(
    w: &mut W,
    ev: &crate::flow::Event<'_, '_>,
    format: Format,
    style: Style,
    padding: bool,
) -> io::Result<()> {
    use crate::flow::Event;
    match (ev, format) {
        (Event::Message(it), Format::Text) => text::render(w, it, style),
        (Event::Message(it), Format::Line) => line::render(w, it, style),
        (Event::Message(it), Format::Json) => json::render(w, it, style),
        (Event::Listener { note }, Format::Text | Format::Line) => {
            w.write_all(b"# listener capture (nlscope --via listen, not nlmon)")?;
            if !note.is_empty() {
                w.write_all(b": ")?;
                write_escaped_line(w, note.as_bytes())?;
            }
            w.write_all(b"\n")
        }
        (Event::Listener { note }, Format::Json) => {
            w.write_all(b"{\"capture\":{\"listener\":true,\"note\":")?;
            write_json_str(w, note.as_bytes())?;
            w.write_all(b"}}\n")
        }
        (Event::Skipped { records }, Format::Text | Format::Line) => {
            w.write_all(b"# ")?;
            write_u64(w, *records)?;
            w.write_all(b" records skipped: not netlink (another link type, or an SLL/SLL2 record of another ARPHRD)\n")
        }
        (Event::Skipped { records }, Format::Json) => {
            w.write_all(b"{\"skipped_records\":")?;
            write_u64(w, *records)?;
            w.write_all(b"}\n")
        }
        (Event::Uevent(it), Format::Text) => uevent::text(w, it, style),
        (Event::Uevent(it), Format::Line) => uevent::line(w, it, style),
        (Event::Uevent(it), Format::Json) => uevent::json(w, it),
        (Event::Padding { frame, len }, Format::Text) if padding => {
            text::render_padding(w, *frame, *len, style)
        }
        (Event::RecordError { frame, err }, Format::Text) => {
            text::render_record_error(w, *frame, err, style)
        }
        (Event::RecordError { frame, err }, Format::Line) => {
            line::render_record_error(w, *frame, err, style)
        }
        (Event::RecordError { frame, err }, Format::Json) => {
            json::render_record_error(w, *frame, err)
        }
        (Event::StreamError { frame, err, rest }, Format::Text) => {
            text::render_stream_error(w, *frame, err, rest, style)
        }
        (Event::StreamError { frame, err, rest }, Format::Line) => {
            line::render_stream_error(w, *frame, err, rest, style)
        }
        (Event::StreamError { frame, err, rest }, Format::Json) => {
            json::render_stream_error(w, *frame, err, rest)
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut v = Vec::new();
        f(&mut v).unwrap();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn tc_handles_as_tc_prints_them() {
        assert_eq!(s(|w| write_tc_handle(w, 0)), "0:");
        assert_eq!(s(|w| write_tc_handle(w, 0x1_0010)), "1:10");
        assert_eq!(s(|w| write_tc_handle(w, 0xffff_0000)), "ffff:");
        assert_eq!(s(|w| write_tc_handle(w, 0xffff_fff1)), "ffff:fff1");
        assert_eq!(s(|w| write_tc_handle(w, 0xffff_ffff)), "root");
        assert_eq!(s(|w| write_tc_handle(w, 0xabc)), "0:abc");
        // Lossless: every spelling but `root` parses back to its number.
        for h in [0u32, 1, 0x10000, 0x1_0010, 0xfffe_ffff, 0x1234_5678] {
            let t = s(|w| write_tc_handle(w, h));
            let (maj, min) = t.split_once(':').unwrap();
            let min = if min.is_empty() {
                0
            } else {
                u32::from_str_radix(min, 16).unwrap()
            };
            assert_eq!(u32::from_str_radix(maj, 16).unwrap() << 16 | min, h, "{t}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(s(|w| write_u64(w, 0)), "0");
        assert_eq!(s(|w| write_u64(w, u64::MAX)), u64::MAX.to_string());
        assert_eq!(s(|w| write_i64(w, i64::MIN)), i64::MIN.to_string());
        assert_eq!(s(|w| write_hex_u64(w, 0)), "0x0");
        assert_eq!(s(|w| write_hex_u64(w, u64::MAX)), "0xffffffffffffffff");
        assert_eq!(
            s(|w| write_hex(w, &[0, 0xab, 0x10], Some(b':'))),
            "00:ab:10"
        );
        let long = [0x5a; 100];
        assert_eq!(s(|w| write_hex(w, &long, None)), "5a".repeat(100));
        // Every length around the chunk size, with and without a separator.
        for n in 0..300usize {
            let b: Vec<u8> = (0..n).map(|i| (i * 37 + 5) as u8).collect();
            let hex: Vec<String> = b.iter().map(|x| format!("{x:02x}")).collect();
            assert_eq!(s(|w| write_hex(w, &b, None)), hex.concat());
            assert_eq!(s(|w| write_hex(w, &b, Some(b':'))), hex.join(":"));
        }
    }

    #[test]
    fn addresses() {
        assert_eq!(
            s(|w| write_address(w, Hint::Ip, &[10, 0, 0, 1]).map(|_| ())),
            "10.0.0.1"
        );
        let mut v6 = [0u8; 16];
        v6[0] = 0xfe;
        v6[1] = 0x80;
        v6[15] = 1;
        assert_eq!(
            s(|w| write_address(w, Hint::Ipv6, &v6).map(|_| ())),
            "fe80::1"
        );
        // Every zero-group pattern, with mapped and compatible forms, as std writes them.
        for mask in 0..=255u32 {
            for fill in [0x1u16, 0xab, 0xffff, 0x1234] {
                let mut b = [0u8; 16];
                for (i, p) in b.chunks_exact_mut(2).enumerate() {
                    if mask & (1 << i) != 0 {
                        p.copy_from_slice(&(fill.rotate_left(i as u32)).to_be_bytes());
                    }
                }
                let want = std::net::Ipv6Addr::from(b).to_string();
                assert_eq!(s(|w| write_ipv6(w, b)), want);
                let mut m = [0u8; 16];
                m[10..12].copy_from_slice(&[0xff, 0xff]);
                m[12..].copy_from_slice(&b[12..]);
                let want = std::net::Ipv6Addr::from(m).to_string();
                assert_eq!(s(|w| write_ipv6(w, m)), want);
            }
        }
        let mut v = Vec::new();
        assert!(!write_address(&mut v, Hint::Ipv4, &[1, 2, 3]).unwrap());
        assert!(v.is_empty());
    }

    #[test]
    fn escaping_stops_terminal_control() {
        let evil = b"eth0\x1b[2J\x07\xff\"\\";
        let t = s(|w| write_escaped(w, evil));
        assert_eq!(t, r#"eth0\x1b[2J\x07\xff\"\\"#);
        assert!(!t.bytes().any(|b| b < 0x20 || b == 0x7f));
        let j = s(|w| write_json_str(w, evil));
        assert!(!j.bytes().any(|b| b < 0x20 || b == 0x7f));
        let back: String = serde_json::from_str(&j).unwrap();
        assert_eq!(back, "eth0\x1b[2J\x07\u{fffd}\"\\");
        let j = s(|w| write_json_str(w, "a\u{85}b\u{2028}é".as_bytes()));
        assert_eq!(j, "\"a\\u0085b\\u2028é\"");
    }

    #[test]
    fn json_plain_agrees_with_the_table() {
        // Every byte value at every position of the eight-byte chunks and the tail.
        for b in 0..=255u8 {
            for len in 1..20 {
                for pos in 0..len {
                    let mut v = vec![b'a'; len];
                    v[pos] = b;
                    assert_eq!(
                        json_plain(&v),
                        JSON_PLAIN[usize::from(b)],
                        "{b:#x} {pos}/{len}"
                    );
                }
            }
        }
        assert!(json_plain(b""));
        assert!(json_plain(b"IFLA_STATS64 ~ !#"));
        assert!(!json_plain("ifname\u{e9}xx".as_bytes()));
    }

    #[test]
    fn times() {
        let ts = Timestamp {
            sec: 1_764_076_856,
            nsec: 123_456_789,
        };
        assert_eq!(s(|w| write_time(w, ts)), "13:20:56.123456");
        assert_eq!(
            s(|w| write_datetime(w, ts)),
            "2025-11-25T13:20:56.123456789Z"
        );
        // The same second again (the cached date and time) with another fraction.
        assert_eq!(
            s(|w| write_datetime(w, Timestamp { nsec: 7, ..ts })),
            "2025-11-25T13:20:56.000000007Z"
        );
        assert_eq!(
            s(|w| write_datetime(w, Timestamp::default())),
            "1970-01-01T00:00:00.000000000Z"
        );
        // Years without four digits take the general path.
        let far = Timestamp {
            sec: 253_402_300_800 + 86_400 + 3_661,
            nsec: 5,
        };
        assert_eq!(
            s(|w| write_datetime(w, far)),
            "10000-01-02T01:01:01.000000005Z"
        );
        let before = Timestamp {
            sec: -62_135_596_800 - 1,
            nsec: 999_999_999,
        };
        assert_eq!(
            s(|w| write_datetime(w, before)),
            "0-12-31T23:59:59.999999999Z"
        );
        assert_eq!(s(|w| write_i64(w, -7)), "-7");
        for v in [0u64, 9, 10, 99, 100, 999, 1000, 65_535, u64::MAX] {
            assert_eq!(s(|w| write_u64(w, v)), v.to_string());
            let i = v as i64;
            assert_eq!(s(|w| write_i64(w, i)), i.to_string());
            assert_eq!(
                s(|w| write_i64(w, -(i & i64::MAX))),
                (-(i & i64::MAX)).to_string()
            );
        }
        for v in [
            0u64,
            9,
            10,
            99,
            100,
            12_345,
            4_294_967_295,
            u64::MAX / 10,
            u64::MAX,
        ] {
            let mut p = Piece::<48>::new();
            p.put(b"seq ");
            p.u64(v);
            p.put(b" x");
            assert_eq!(p.bytes(), format!("seq {v} x").as_bytes());
        }
        // Past its size a piece drops what does not fit.
        let mut p = Piece::<4>::new();
        p.put(b"abc");
        p.u64(12);
        p.put(b"d");
        assert_eq!(p.bytes(), b"abcd");
        assert_eq!(s(|w| write_i64(w, 7)), "7");
        assert_eq!(s(|w| write_u64(w, 10)), "10");
        assert_eq!(s(|w| write_delay(w, 850)), "850ns");
        assert_eq!(s(|w| write_delay(w, 1_204_000)), "1.204ms");
        assert_eq!(s(|w| write_delay(w, 12_345)), "12.345us");
    }

    /// The date cache's old placeholder was `(i64::MIN, [0; 20])`: a timestamp of
    /// exactly i64::MIN seconds printed its 20 NUL bytes (a pcapng `if_tsoffset` of -2^63).
    #[test]
    fn datetime_of_i64_min_is_a_date() {
        for sec in [i64::MIN, i64::MIN, i64::MAX, i64::MIN + 1, 0, i64::MIN] {
            let ts = Timestamp { sec, nsec: 0 };
            let got = s(|w| write_datetime(w, ts));
            assert!(!got.bytes().any(|b| b < 0x20), "{sec}: {got:?}");
            assert_eq!(got, s(|w| write_datetime_any(w, ts)), "{sec}");
        }
        assert_eq!(
            s(|w| write_datetime(
                w,
                Timestamp {
                    sec: i64::MIN,
                    nsec: 1
                }
            )),
            "-292277022657-01-27T08:29:52.000000001Z"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            // Failing cases go where the other property tests keep theirs (and are committed).
            failure_persistence: Some(Box::new(
                proptest::test_runner::FileFailurePersistence::Direct(
                    "proptest-regressions/render.txt",
                ),
            )),
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Any sequence of timestamps (seconds from anywhere in i64, repeated so the
        /// cache is hit, nanoseconds in range) renders as the cache-free formatting
        /// does, with no control byte.
        #[test]
        fn datetime_cache_agrees_with_uncached(
            stamps in proptest::collection::vec(
                (
                    proptest::prop_oneof![
                        proptest::prelude::any::<i64>(),
                        proptest::prelude::Just(i64::MIN),
                        proptest::prelude::Just(i64::MAX),
                        -100_000_000_000i64..300_000_000_000,
                    ],
                    0u32..1_000_000_000,
                    0usize..3,
                ),
                1..20,
            )
        ) {
            for (sec, nsec, repeat) in stamps {
                for k in 0..=repeat {
                    let ts = Timestamp { sec, nsec: nsec / (k as u32 + 1) };
                    let got = s(|w| write_datetime(w, ts));
                    proptest::prop_assert!(!got.bytes().any(|b| b < 0x20 || b == 0x7f), "{got:?}");
                    proptest::prop_assert_eq!(got, s(|w| write_datetime_any(w, ts)));
                }
            }
        }
    }
}
