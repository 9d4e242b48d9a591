//! Byte order of the netlink payload.
//!
//! A capture does not record the byte order of the netlink messages (it is the host
//! order of the capturing machine, and the pcap magic is no hint: NETLINK-FACTS §1).
//! [`Endian::detect`] infers it per record the way Wireshark does, and better: it
//! walks the whole message chain both ways.

/// The byte order of a netlink payload.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Endian {
    /// Little-endian (x86, most ARM).
    #[default]
    Little,
    /// Big-endian (s390x, some MIPS/PowerPC).
    Big,
}

impl Endian {
    /// The order of the machine nlscope runs on.
    pub const NATIVE: Endian = if cfg!(target_endian = "big") {
        Endian::Big
    } else {
        Endian::Little
    };

    /// The order a `BIG` const parameter names: the wire layer's nom parsers take
    /// their byte order as a const, so that each walk chooses it once (one `match` on
    /// [`Endian`] where the walk starts) and each read compiles to one load, plus a
    /// byte swap for big-endian.
    #[inline(always)]
    pub const fn from_big(big: bool) -> Endian {
        if big {
            Endian::Big
        } else {
            Endian::Little
        }
    }

    /// The matching `nom` byte order.
    #[inline(always)]
    pub const fn to_nom(self) -> nom::number::Endianness {
        match self {
            Endian::Little => nom::number::Endianness::Little,
            Endian::Big => nom::number::Endianness::Big,
        }
    }

    /// The `u16` that `b` holds in this order.
    #[inline]
    pub const fn u16_from(self, b: [u8; 2]) -> u16 {
        match self {
            Endian::Little => u16::from_le_bytes(b),
            Endian::Big => u16::from_be_bytes(b),
        }
    }

    /// The `u32` that `b` holds in this order.
    #[inline]
    pub const fn u32_from(self, b: [u8; 4]) -> u32 {
        match self {
            Endian::Little => u32::from_le_bytes(b),
            Endian::Big => u32::from_be_bytes(b),
        }
    }

    /// The `u64` that `b` holds in this order.
    #[inline]
    pub const fn u64_from(self, b: [u8; 8]) -> u64 {
        match self {
            Endian::Little => u64::from_le_bytes(b),
            Endian::Big => u64::from_be_bytes(b),
        }
    }

    /// Read a `u16` at `offset`, if there are two bytes there.
    #[inline]
    pub fn u16_at(self, bytes: &[u8], offset: usize) -> Option<u16> {
        let b: [u8; 2] = bytes.get(offset..offset.checked_add(2)?)?.try_into().ok()?;
        Some(self.u16_from(b))
    }

    /// Read a `u32` at `offset`, if there are four bytes there.
    #[inline]
    pub fn u32_at(self, bytes: &[u8], offset: usize) -> Option<u32> {
        let b: [u8; 4] = bytes.get(offset..offset.checked_add(4)?)?.try_into().ok()?;
        Some(self.u32_from(b))
    }

    /// Read a `u64` at `offset`, if there are eight bytes there.
    #[inline]
    pub fn u64_at(self, bytes: &[u8], offset: usize) -> Option<u64> {
        let b: [u8; 8] = bytes.get(offset..offset.checked_add(8)?)?.try_into().ok()?;
        Some(self.u64_from(b))
    }

    /// The bytes of a `u16` in this order.
    pub const fn u16_bytes(self, v: u16) -> [u8; 2] {
        match self {
            Endian::Little => v.to_le_bytes(),
            Endian::Big => v.to_be_bytes(),
        }
    }

    /// The bytes of a `u32` in this order.
    pub const fn u32_bytes(self, v: u32) -> [u8; 4] {
        match self {
            Endian::Little => v.to_le_bytes(),
            Endian::Big => v.to_be_bytes(),
        }
    }

    /// The bytes of a `u64` in this order.
    pub const fn u64_bytes(self, v: u64) -> [u8; 8] {
        match self {
            Endian::Little => v.to_le_bytes(),
            Endian::Big => v.to_be_bytes(),
        }
    }

    /// The other order.
    pub const fn swapped(self) -> Endian {
        match self {
            Endian::Little => Endian::Big,
            Endian::Big => Endian::Little,
        }
    }

    /// Infer the byte order of a record's netlink payload.
    ///
    /// `wire_len` is the record's original length before any snap-length cut (use
    /// `payload.len()` when there was none). For each order the chain of `nlmsg_len`
    /// fields is walked; an order whose chain covers the payload exactly (a missing
    /// pad after the last message allowed) wins over one whose chain breaks. When
    /// both or neither fit, the order with the longer valid chain wins, and a tie
    /// goes to `fallback` (the order of the previous record, or native).
    pub fn detect(payload: &[u8], wire_len: usize, fallback: Endian) -> Endian {
        let a = chain_score(payload, wire_len, fallback);
        let b = chain_score(payload, wire_len, fallback.swapped());
        if b > a {
            fallback.swapped()
        } else {
            fallback
        }
    }
}

/// (chain reaches the end exactly, bytes covered by valid headers)
fn chain_score(payload: &[u8], wire_len: usize, e: Endian) -> (bool, usize) {
    let end = wire_len.max(payload.len());
    let mut pos = 0usize;
    loop {
        if pos >= end {
            return (true, end);
        }
        let Some(len) = e.u32_at(payload, pos) else {
            // Cut by the snap length inside a header: what we walked was valid.
            return (payload.len() < end, pos);
        };
        let len = len as usize;
        if len < 16 || len > end - pos {
            return (false, pos);
        }
        let next = pos.saturating_add((len + 3) & !3);
        if next >= end {
            return (true, end);
        }
        pos = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(e: Endian, len: u32, ty: u16) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend_from_slice(&e.u32_bytes(len));
        v.extend_from_slice(&e.u16_bytes(ty));
        v.extend_from_slice(&[0; 10]);
        v.resize(len as usize, 0);
        v
    }

    #[test]
    fn detects_both_orders() {
        for e in [Endian::Little, Endian::Big] {
            let mut p = msg(e, 20, 16);
            p.extend(msg(e, 36, 2));
            for fb in [Endian::Little, Endian::Big] {
                assert_eq!(Endian::detect(&p, p.len(), fb), e);
            }
        }
    }

    #[test]
    fn snap_cut_record_still_detected() {
        for e in [Endian::Little, Endian::Big] {
            let p = msg(e, 200, 16);
            for fb in [Endian::Little, Endian::Big] {
                assert_eq!(Endian::detect(&p[..40], 200, fb), e);
            }
        }
    }

    #[test]
    fn garbage_falls_back() {
        assert_eq!(Endian::detect(&[1, 2], 2, Endian::Big), Endian::Big);
        assert_eq!(Endian::detect(&[], 0, Endian::Little), Endian::Little);
    }
}
