//! Link types and the link-layer header in front of the netlink bytes of each record.
//!
//! Three link types carry netlink (all header fields big-endian):
//!
//! | link type | header | packet type | ARPHRD | protocol (netlink family) |
//! |---|---|---|---|---|
//! | NETLINK (253), what nlmon writes | 16 bytes | u16 at 0 | u16 at 2 | u16 at 14 |
//! | LINUX_SLL (113), capture on `any` | 16 bytes | u16 at 0 | u16 at 2 | u16 at 14 |
//! | LINUX_SLL2 (276) | 20 bytes | u8 at 10 | u16 at 8 | u16 at 0 |
//!
//! (The nlmon header *is* the SLL header; SLL2 also has an interface index, u32 at 4,
//! and an address length, u8 at 11, with the address at 12.)

use core::fmt;

/// `ARPHRD_NETLINK` from `include/uapi/linux/if_arp.h`: the device type of nlmon.
pub const ARPHRD_NETLINK: u16 = 824;

/// A pcap/pcapng link type (`LINKTYPE_*` from tcpdump.org/linktypes.html).
///
/// An open code: any `u32` is a value; the named constants are those this reader knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LinkType(pub u32);

impl LinkType {
    /// `LINKTYPE_NULL` (BSD loopback).
    pub const NULL: Self = Self(0);
    /// `LINKTYPE_ETHERNET`.
    pub const ETHERNET: Self = Self(1);
    /// `LINKTYPE_RAW` (raw IP).
    pub const RAW: Self = Self(101);
    /// `LINKTYPE_IEEE802_11`.
    pub const IEEE802_11: Self = Self(105);
    /// `LINKTYPE_LOOP` (OpenBSD loopback).
    pub const LOOP: Self = Self(108);
    /// `LINKTYPE_LINUX_SLL`: Linux cooked capture v1, 16-byte header (capture on `any`).
    pub const LINUX_SLL: Self = Self(113);
    /// `LINKTYPE_IEEE802_11_RADIOTAP`.
    pub const IEEE802_11_RADIOTAP: Self = Self(127);
    /// `LINKTYPE_IPV4`.
    pub const IPV4: Self = Self(228);
    /// `LINKTYPE_IPV6`.
    pub const IPV6: Self = Self(229);
    /// `LINKTYPE_NETLINK`: what an nlmon device writes, 16-byte header.
    pub const NETLINK: Self = Self(253);
    /// `LINKTYPE_LINUX_SLL2`: Linux cooked capture v2, 20-byte header.
    pub const LINUX_SLL2: Self = Self(276);

    /// The `LINKTYPE_` name without its prefix, if this reader knows it.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self {
            Self::NULL => "NULL",
            Self::ETHERNET => "ETHERNET",
            Self::RAW => "RAW",
            Self::IEEE802_11 => "IEEE802_11",
            Self::LOOP => "LOOP",
            Self::LINUX_SLL => "LINUX_SLL",
            Self::IEEE802_11_RADIOTAP => "IEEE802_11_RADIOTAP",
            Self::IPV4 => "IPV4",
            Self::IPV6 => "IPV6",
            Self::NETLINK => "NETLINK",
            Self::LINUX_SLL2 => "LINUX_SLL2",
            _ => return None,
        })
    }

    /// Whether records of this link type can carry netlink (NETLINK, LINUX_SLL, LINUX_SLL2).
    pub const fn can_carry_netlink(self) -> bool {
        matches!(self, Self::NETLINK | Self::LINUX_SLL | Self::LINUX_SLL2)
    }

    /// The length of the link-layer header in front of the netlink bytes, for the link
    /// types that can carry netlink.
    pub const fn header_len(self) -> Option<usize> {
        match self {
            Self::NETLINK | Self::LINUX_SLL => Some(16),
            Self::LINUX_SLL2 => Some(20),
            _ => None,
        }
    }
}

impl fmt::Display for LinkType {
    /// `253 (NETLINK)`, or just the number when the name is unknown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{} ({name})", self.0),
            None => write!(f, "{}", self.0),
        }
    }
}

/// The link-layer header of a record, normalised over the three link types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LinkHeader {
    /// The record's link type.
    pub link_type: LinkType,
    /// `PACKET_*` packet type (always 4, `PACKET_OUTGOING`, in real nlmon captures: the
    /// file carries no direction). SLL2's one-byte field is widened.
    pub packet_type: u16,
    /// `ARPHRD_*` device type: [`ARPHRD_NETLINK`] (824) for netlink.
    pub arphrd: u16,
    /// The netlink family (`NETLINK_ROUTE` 0, `NETLINK_GENERIC` 16, …).
    pub protocol: u16,
}

/// Parses the link-layer header of `link_type` at the start of `data`.
///
/// Returns the header and its length, or `None` when `data` is too short for it or
/// `link_type` carries no netlink.
pub(crate) fn parse(link_type: LinkType, data: &[u8]) -> Option<(LinkHeader, usize)> {
    // Fixed offsets in one chunk: the nom chains this replaced were ~90 of the ~130
    // instructions per record spent here.
    let be = |hi: u8, lo: u8| u16::from_be_bytes([hi, lo]);
    let header = match link_type {
        LinkType::NETLINK | LinkType::LINUX_SLL => {
            // packet type, ARPHRD, address length, 8 address bytes, protocol.
            let h: &[u8; 16] = data.first_chunk()?;
            let [p0, p1, a0, a1, _, _, _, _, _, _, _, _, _, _, r0, r1] = *h;
            LinkHeader {
                link_type,
                packet_type: be(p0, p1),
                arphrd: be(a0, a1),
                protocol: be(r0, r1),
            }
        }
        LinkType::LINUX_SLL2 => {
            // protocol, reserved, ifindex (4), ARPHRD, packet type (1), address
            // length (1), 8 address bytes.
            let h: &[u8; 20] = data.first_chunk()?;
            let [r0, r1, _, _, _, _, _, _, a0, a1, pt, ..] = *h;
            LinkHeader {
                link_type,
                packet_type: u16::from(pt),
                arphrd: be(a0, a1),
                protocol: be(r0, r1),
            }
        }
        _ => return None,
    };
    Some((header, link_type.header_len()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nlmon_header() {
        // The 16-byte header nlmon writes for a NETLINK_GENERIC message.
        let bytes = [0, 4, 3, 0x38, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 0xaa];
        let (h, len) = parse(LinkType::NETLINK, &bytes).unwrap();
        assert_eq!(len, 16);
        assert_eq!(
            (h.packet_type, h.arphrd, h.protocol),
            (4, ARPHRD_NETLINK, 16)
        );
        for cut in 0..16 {
            assert!(parse(LinkType::NETLINK, &bytes[..cut]).is_none());
        }
    }

    #[test]
    fn sll2_header() {
        let bytes = [
            0, 12, 0, 0, 0, 0, 0, 7, 3, 0x38, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        let (h, len) = parse(LinkType::LINUX_SLL2, &bytes).unwrap();
        assert_eq!(len, 20);
        assert_eq!(
            (h.packet_type, h.arphrd, h.protocol),
            (4, ARPHRD_NETLINK, 12)
        );
        assert!(parse(LinkType::LINUX_SLL2, &bytes[..19]).is_none());
        assert!(parse(LinkType::ETHERNET, &bytes).is_none());
    }

    #[test]
    fn display() {
        assert_eq!(LinkType::ETHERNET.to_string(), "1 (ETHERNET)");
        assert_eq!(LinkType(4242).to_string(), "4242");
    }
}
