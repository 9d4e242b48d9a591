//! A tiny classic-pcap loader for seeding the fuzz targets from `corpus/`.
//!
//! It reads only the team's own corpus files, so it stops quietly at the first record
//! that does not fit. It is *not* the capture reader (`nlscope::record`), which has to
//! face arbitrary files.
//!
//! Layout: 24-byte global header (magic 0xa1b2c3d4 µs or 0xa1b23c4d ns, either byte
//! order), then per record a 16-byte header `{ts_sec, ts_frac, incl_len, orig_len}`,
//! then the 16-byte nlmon header (protocol at offset 14, big-endian), then netlink.

/// One nlmon record: the netlink protocol and the netlink bytes after the nlmon header.
#[derive(Clone, Copy, Debug)]
#[allow(dead_code)]
pub struct Record<'a> {
    /// Netlink protocol from the nlmon header.
    pub protocol: u16,
    /// Original length of the netlink bytes before any snap-length cut.
    pub wire_len: usize,
    /// The netlink bytes as captured.
    pub payload: &'a [u8],
}

fn u32_at(b: &[u8], at: usize, big: bool) -> Option<u32> {
    let x: [u8; 4] = b.get(at..at + 4)?.try_into().ok()?;
    Some(if big {
        u32::from_be_bytes(x)
    } else {
        u32::from_le_bytes(x)
    })
}

/// The nlmon records of a classic pcap file (link type 253); empty when it is not one.
pub fn records(file: &[u8]) -> Vec<Record<'_>> {
    let mut out = Vec::new();
    let big = match file.get(..4) {
        Some([0xd4, 0xc3, 0xb2, 0xa1]) | Some([0x4d, 0x3c, 0xb2, 0xa1]) => false,
        Some([0xa1, 0xb2, 0xc3, 0xd4]) | Some([0xa1, 0xb2, 0x3c, 0x4d]) => true,
        _ => return out,
    };
    if u32_at(file, 20, big) != Some(253) {
        return out;
    }
    let mut pos = 24usize;
    while let (Some(incl), Some(orig)) = (u32_at(file, pos + 8, big), u32_at(file, pos + 12, big)) {
        let start = pos + 16;
        let Some(rec) = file.get(start..start + incl as usize) else {
            break;
        };
        pos = start + incl as usize;
        let proto = rec.get(14..16).and_then(|p| p.try_into().ok());
        let (Some(proto), Some(payload)) = (proto, rec.get(16..)) else {
            continue;
        };
        out.push(Record {
            protocol: u16::from_be_bytes(proto),
            wire_len: (orig as usize).saturating_sub(16),
            payload,
        });
    }
    out
}
