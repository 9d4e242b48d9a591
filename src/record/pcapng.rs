//! The pcapng format: a sequence of blocks, each `type u32, total length u32, body,
//! total length u32`, in the byte order of the section they are in. A section starts with
//! a section header block (SHB), whose byte-order magic sets that order; interface
//! description blocks (IDB) define the section's interfaces, numbered from 0; packets come
//! in enhanced (EPB), simple (SPB) or obsolete (PB) packet blocks. Every other block type
//! is skipped, as the format requires.
//!
//! Bodies (offsets from the start of the block):
//! - SHB: byte-order magic u32 at 8, major u16 at 12, minor u16 at 14, section length i64
//!   at 16, options at 24.
//! - IDB: link type u16 at 8, reserved u16 at 10, snaplen u32 at 12, options at 16
//!   (`if_tsresol` code 9, 1 byte; `if_tsoffset` code 14, i64 seconds).
//! - EPB: interface u32 at 8, timestamp high u32 at 12, low u32 at 16, caplen u32 at 20,
//!   orig_len u32 at 24, data at 28 padded to 4, options (`opt_comment` code 1).
//! - PB: interface u16 at 8, drops u16 at 10, then as EPB from 12.
//! - SPB: orig_len u32 at 8, data at 12 (caplen = min(orig_len, snaplen, room)).
//!
//! Options: `code u16, length u16, value` padded to 4, ended by code 0 or the block's end.

use nom::number::complete::{i64 as nom_i64, u16, u32, u8 as nom_u8};
use nom::Parser;

use super::{Endian, LinkType, Timestamp};

/// Section header block.
pub(crate) const SHB: u32 = 0x0A0D_0D0A;
/// Interface description block.
pub(crate) const IDB: u32 = 1;
/// Obsolete packet block.
pub(crate) const PB: u32 = 2;
/// Simple packet block.
pub(crate) const SPB: u32 = 3;
/// Enhanced packet block.
pub(crate) const EPB: u32 = 6;

/// The section header's byte-order magic, as written by its writer.
pub(crate) const BYTE_ORDER_MAGIC: u32 = 0x1A2B_3C4D;
/// Bytes of a section header block needed to know its byte order and length.
pub(crate) const SHB_PREFIX_LEN: usize = 12;

/// `opt_comment`.
const OPT_COMMENT: u16 = 1;
/// `if_tsresol`.
const IF_TSRESOL: u16 = 9;
/// `if_tsoffset`.
const IF_TSOFFSET: u16 = 14;

/// Whether blocks of type `t` hold a packet record.
pub(crate) fn is_packet_block(t: u32) -> bool {
    matches!(t, EPB | SPB | PB)
}

/// The name of block type `t`, for messages.
pub(crate) fn block_name(t: u32) -> Option<&'static str> {
    Some(match t {
        SHB => "section header block",
        IDB => "interface description block",
        PB => "packet block",
        SPB => "simple packet block",
        4 => "name resolution block",
        5 => "interface statistics block",
        EPB => "enhanced packet block",
        0x0A => "decryption secrets block",
        0x0BAD | 0x4000_0BAD => "custom block",
        _ => return None,
    })
}

/// The smallest legal total length of a block of type `t`.
pub(crate) fn min_block_len(t: u32) -> u32 {
    match t {
        SHB => 28,
        IDB => 20,
        EPB | PB => 32,
        SPB => 16,
        _ => 12,
    }
}

/// The section byte order from the byte-order magic at offset 8 of a section header
/// block, or the magic read little-endian when it is neither order.
pub(crate) fn section_endian(block: &[u8]) -> Result<Endian, u32> {
    let magic = block
        .get(8..12)
        .and_then(|m| <[u8; 4]>::try_from(m).ok())
        .map_or(0, u32::from_le_bytes);
    if magic == BYTE_ORDER_MAGIC {
        Ok(Endian::Little)
    } else if magic == BYTE_ORDER_MAGIC.swap_bytes() {
        Ok(Endian::Big)
    } else {
        Err(magic)
    }
}

/// Reads `u32` at `at` in `endian`.
pub(crate) fn u32_at(bytes: &[u8], at: usize, endian: Endian) -> Option<u32> {
    let (_, v) = u32::<_, ()>(endian.to_nom())(bytes.get(at..)?).ok()?;
    Some(v)
}

/// Reads `u16` at `at` in `endian`.
pub(crate) fn u16_at(bytes: &[u8], at: usize, endian: Endian) -> Option<u16> {
    let (_, v) = u16::<_, ()>(endian.to_nom())(bytes.get(at..)?).ok()?;
    Some(v)
}

/// SHB version, from a whole block.
pub(crate) fn shb_version(block: &[u8], endian: Endian) -> Option<(u16, u16)> {
    let e = endian.to_nom();
    let (_, v) = (u16::<_, ()>(e), u16(e))
        .parse_complete(block.get(12..)?)
        .ok()?;
    Some(v)
}

/// An interface of the current section.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Interface {
    pub link_type: LinkType,
    /// 0 when the capture set none.
    pub snaplen: u32,
    /// `if_tsresol`: bit 7 clear → 10^-n s, set → 2^-n s; default 6 (µs).
    pub tsresol: u8,
    /// `if_tsoffset`: seconds added to every timestamp; default 0.
    pub tsoffset: i64,
}

/// Parses an IDB from a whole block (header and trailer included).
pub(crate) fn interface(block: &[u8], endian: Endian) -> Option<Interface> {
    let e = endian.to_nom();
    let (_, (link_type, _reserved, snaplen)) = (u16::<_, ()>(e), u16(e), u32(e))
        .parse_complete(block.get(8..)?)
        .ok()?;
    let opts = options_area(block, 16)?;
    let mut iface = Interface {
        link_type: LinkType(u32::from(link_type)),
        snaplen,
        tsresol: 6,
        tsoffset: 0,
    };
    if let Some((at, len)) = find_option(opts, endian, IF_TSRESOL) {
        if let Some(Ok((_, r))) = opts.get(at..at + len).map(nom_u8::<_, ()>) {
            iface.tsresol = r;
        }
    }
    if let Some((at, len)) = find_option(opts, endian, IF_TSOFFSET) {
        if let Some(Ok((_, off))) = opts.get(at..at + len).map(nom_i64::<_, ()>(e)) {
            iface.tsoffset = off;
        }
    }
    Some(iface)
}

/// The options area of a whole block: from `start` to the trailing length.
pub(crate) fn options_area(block: &[u8], start: usize) -> Option<&[u8]> {
    block.get(start..block.len().checked_sub(4)?)
}

/// Finds the first option `code` in an options area: (value offset in `opts`, value length).
///
/// Lenient: a malformed option list (an option longer than what remains) ends the search
/// with `None`, so a bad option never costs the packet.
pub(crate) fn find_option(opts: &[u8], endian: Endian, code: u16) -> Option<(usize, usize)> {
    let e = endian.to_nom();
    let mut at = 0usize;
    loop {
        let (_, (c, len)) = (u16::<_, ()>(e), u16(e))
            .parse_complete(opts.get(at..)?)
            .ok()?;
        if c == 0 {
            return None;
        }
        let value_at = at.checked_add(4)?;
        let len = usize::from(len);
        let value_end = value_at.checked_add(len)?;
        if value_end > opts.len() {
            return None;
        }
        if c == code {
            return Some((value_at, len));
        }
        at = value_end.checked_add(3)? & !3;
    }
}

/// The `opt_comment` of a packet block's options area, as (offset in `opts`, length).
pub(crate) fn comment(opts: &[u8], endian: Endian) -> Option<(usize, usize)> {
    find_option(opts, endian, OPT_COMMENT)
}

/// Converts a pcapng timestamp (`units` of the interface's `if_tsresol`) to seconds and
/// nanoseconds since the epoch, adding `if_tsoffset`. Sub-nanosecond parts are cut.
pub(crate) fn timestamp(units: u64, tsresol: u8, tsoffset: i64) -> Timestamp {
    let exp = u32::from(tsresol & 0x7f);
    let (sec, nsec) = if tsresol & 0x80 == 0 {
        // 10^-exp seconds per unit.
        match 10u64.checked_pow(exp) {
            Some(per_sec) => {
                let frac = units % per_sec;
                let nsec = if exp <= 9 {
                    frac * 10u64.pow(9 - exp)
                } else {
                    frac / 10u64.pow(exp - 9)
                };
                (units / per_sec, nsec)
            }
            // 10^exp > u64::MAX > units: under a second, and exp > 19 so nsec = units / 10^(exp - 9).
            None => (
                0,
                10u128
                    .checked_pow(exp - 9)
                    .map_or(0, |d| (u128::from(units) / d) as u64),
            ),
        }
    } else {
        // 2^-exp seconds per unit.
        let sec = units.checked_shr(exp).unwrap_or(0);
        let frac = if exp >= 64 {
            units
        } else {
            units & ((1u64 << exp) - 1)
        };
        let nsec = (u128::from(frac) * 1_000_000_000) >> exp;
        (sec, nsec as u64)
    };
    let sec = i64::try_from(sec)
        .unwrap_or(i64::MAX)
        .saturating_add(tsoffset);
    // nsec < 10^9 in every branch above.
    Timestamp {
        sec,
        nsec: u32::try_from(nsec).unwrap_or(999_999_999),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        let t = |units, r, off| {
            let ts = timestamp(units, r, off);
            (ts.sec, ts.nsec)
        };
        assert_eq!(t(1_700_000_000_123_456, 6, 0), (1_700_000_000, 123_456_000));
        assert_eq!(
            t(1_700_000_000_123_456_789, 9, 0),
            (1_700_000_000, 123_456_789)
        );
        assert_eq!(
            t(1_700_000_000_123_456, 6, -100),
            (1_699_999_900, 123_456_000)
        );
        // 2^-20: 3.5 s.
        assert_eq!(t((3 << 20) + (1 << 19), 0x80 | 20, 0), (3, 500_000_000));
        // 10^-12 (picoseconds).
        assert_eq!(t(2_000_000_999_000, 12, 0), (2, 999));
        // 10^-0 (seconds), 10^-19, 10^-30, 2^-64, 2^-127: no overflow, no panic.
        assert_eq!(t(5, 0, 0), (5, 0));
        assert_eq!(t(u64::MAX, 19, 0), (1, 844_674_407));
        assert_eq!(t(u64::MAX, 30, 0), (0, 0));
        assert_eq!(t(1 << 63, 0x80 | 64, 0), (0, 500_000_000));
        assert_eq!(t(u64::MAX, 0xff, 0), (0, 0));
        assert_eq!(t(u64::MAX, 0, i64::MAX), (i64::MAX, 0));
    }

    #[test]
    fn options() {
        // comment "hi" (padded), then flags, then end.
        let opts = [
            1, 0, 2, 0, b'h', b'i', 0, 0, 2, 0, 4, 0, 1, 0, 0, 0, 0, 0, 0, 0,
        ];
        assert_eq!(find_option(&opts, Endian::Little, 1), Some((4, 2)));
        assert_eq!(find_option(&opts, Endian::Little, 2), Some((12, 4)));
        assert_eq!(find_option(&opts, Endian::Little, 9), None);
        // An option longer than the area is ignored, not an error.
        assert_eq!(find_option(&[1, 0, 200, 0, 1, 2], Endian::Little, 1), None);
    }
}
