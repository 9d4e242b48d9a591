//! Capture records for the commands. Interim reader over `pcap-file` (pcap and
//! pcapng, link type 253 only) until `nlscope::capture` lands; the commands see only
//! [`SourceRecord`].

use anyhow::{anyhow, bail};
use nlscope::session::Timestamp;
use pcap_file::pcapng::{Block, PcapNgReader};
use pcap_file::pcap::PcapReader;
use std::io::{Cursor, Read};

const LINKTYPE_NETLINK: u32 = 253;
const NLMON_HDRLEN: usize = 16;

/// The netlink part of a record.
pub struct Netlink<'a> {
    /// Record number, from 1.
    pub frame: u64,
    /// Capture time.
    pub ts: Timestamp,
    /// Netlink protocol from the link header.
    pub protocol: u16,
    /// Netlink bytes (after the link header).
    pub payload: &'a [u8],
    /// Netlink bytes on the wire (before a snap-length cut).
    pub wire_len: usize,
    /// The snap length cut the record.
    pub truncated: bool,
}

/// One record: netlink, or something else (skipped).
pub struct SourceRecord<'a> {
    /// The netlink part, if the record is netlink.
    pub netlink: Option<Netlink<'a>>,
}

enum Inner {
    Pcap(PcapReader<Box<dyn Read>>),
    Ng(PcapNgReader<Box<dyn Read>>),
}

/// A stream of records.
pub struct RecordSource {
    inner: Inner,
    frame: u64,
    buf: Vec<u8>,
}

impl RecordSource {
    /// Read the file header.
    pub fn new(mut r: Box<dyn Read>) -> anyhow::Result<Self> {
        let mut magic = [0u8; 4];
        r.read_exact(&mut magic)
            .map_err(|e| anyhow!("not a capture file: {e}"))?;
        let r: Box<dyn Read> = Box::new(Cursor::new(magic).chain(r));
        let inner = if magic == [0x0a, 0x0d, 0x0d, 0x0a] {
            Inner::Ng(PcapNgReader::new(r).map_err(|e| anyhow!("pcapng header: {e}"))?)
        } else {
            let p = PcapReader::new(r).map_err(|e| anyhow!("pcap header: {e}"))?;
            let lt = u32::from(p.header().datalink);
            if lt != LINKTYPE_NETLINK {
                bail!("pcap link type {lt} is not netlink (253)");
            }
            Inner::Pcap(p)
        };
        Ok(RecordSource {
            inner,
            frame: 0,
            buf: Vec::new(),
        })
    }

    /// The next record.
    pub fn next_record(&mut self) -> Option<anyhow::Result<SourceRecord<'_>>> {
        let (ts, orig, is_nl) = match &mut self.inner {
            Inner::Pcap(p) => {
                let pkt = match p.next_packet()? {
                    Ok(p) => p,
                    Err(e) => return Some(Err(anyhow!("record {}: {e}", self.frame + 1))),
                };
                self.buf.clear();
                self.buf.extend_from_slice(&pkt.data);
                (pkt.timestamp, pkt.orig_len as usize, true)
            }
            Inner::Ng(n) => loop {
                let block = match n.next_block()? {
                    Ok(b) => b,
                    Err(e) => return Some(Err(anyhow!("record {}: {e}", self.frame + 1))),
                };
                if let Block::EnhancedPacket(epb) = block {
                    self.buf.clear();
                    self.buf.extend_from_slice(&epb.data);
                    let (iface, ts, orig) = (epb.interface_id, epb.timestamp, epb.original_len);
                    let lt = n
                        .interfaces()
                        .get(iface as usize)
                        .map(|i| u32::from(i.linktype));
                    break (ts, orig as usize, lt == Some(LINKTYPE_NETLINK));
                }
            },
        };
        self.frame += 1;
        let buf = &self.buf;
        let netlink = if is_nl && buf.len() >= NLMON_HDRLEN {
            let protocol = u16::from_be_bytes([
                buf.get(14).copied().unwrap_or(0),
                buf.get(15).copied().unwrap_or(0),
            ]);
            Some(Netlink {
                frame: self.frame,
                ts: Timestamp {
                    sec: ts.as_secs(),
                    nsec: ts.subsec_nanos(),
                },
                protocol,
                payload: buf.get(NLMON_HDRLEN..).unwrap_or(&[]),
                wire_len: orig.saturating_sub(NLMON_HDRLEN),
                truncated: orig > buf.len(),
            })
        } else {
            None
        };
        Some(Ok(SourceRecord { netlink }))
    }
}
