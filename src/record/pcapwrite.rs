//! Writing netlink captures as pcap or pcapng, byte for byte as libpcap and
//! dumpcap write `LINKTYPE_NETLINK` (253).
//!
//! pcap: the 24-byte global header libpcap writes on this machine (magic
//! `0xa1b2c3d4` in host order, version 2.4, zone 0, sigfigs 0, snap length,
//! link type), then per record `ts_sec, ts_usec, caplen, len` (host order) and
//! the bytes. pcapng: a section header block (with `shb_userappl`), one
//! interface description block (link type 253, snap length, microsecond
//! timestamps by default), then one enhanced packet block per record, which
//! carries an `opt_comment` `nsid=N` when the message came from another
//! network namespace. Plain pcap has nowhere to put the nsid: it is lost.
//!
//! Each record's bytes are the 16-byte nlmon header ([`nlmon_header`]:
//! packet type, ARPHRD_NETLINK 824, address length 0, 8 zero address bytes,
//! netlink family; all big-endian) then the netlink messages as received
//! (host order).
//!
//! A capture made by listening to multicast groups (`nlscope capture --via listen`)
//! holds notifications and nlscope's own requests, never other programs' requests
//! and replies, and says so in the file ([`CaptureWriter::new_marked`]): pcapng
//! puts an `opt_comment` starting with [`LISTENER_COMMENT`] in the section header
//! block; pcap, which has no place for text, sets the file header's `sigfigs`
//! (always 0 from libpcap, ignored by every reader) to [`LISTENER_SIGFIGS`].
//!
//! Every record is assembled in memory and handed to the sink with one
//! `write_all` followed by `flush`, so a file is valid after each record, and
//! a process killed between records leaves only complete records.
//! [`snap`] and the writer never panic; a record bigger than the snap length is
//! cut (caplen < len), as libpcap does. A snap length of 0 means tcpdump's default
//! ([`DEFAULT_SNAPLEN`]), and one larger than nlscope's own reader accepts is
//! lowered to [`max_snaplen`], so every file written reads back whole.

use std::io::{self, Write};
use std::time::Duration;

/// `LINKTYPE_NETLINK`.
pub const LINKTYPE_NETLINK: u16 = 253;
/// Default snap length, tcpdump's (`MAXIMUM_SNAPLEN`).
pub const DEFAULT_SNAPLEN: u32 = 262_144;
/// `ARPHRD_NETLINK`.
pub const ARPHRD_NETLINK: u16 = 824;
/// `PACKET_OUTGOING`: the packet type the kernel's nlmon delivers (see
/// NETLINK-FACTS §1), and the one nlscope writes for listened messages.
pub const PACKET_OUTGOING: u16 = 4;
/// Length of the nlmon pseudo-header.
pub const NLMON_HDRLEN: usize = 16;

/// The start of the section comment that marks a pcapng listener capture.
pub const LISTENER_COMMENT: &str = "nlscope listener capture";
/// The pcap file header's `sigfigs` in a listener capture: "nlsL".
pub const LISTENER_SIGFIGS: u32 = u32::from_be_bytes(*b"nlsL");

/// Which file format to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Classic libpcap format, microsecond timestamps.
    Pcap,
    /// pcapng with one interface; per-record comments for the nsid.
    Pcapng,
}

/// The 16-byte header the kernel's nlmon device puts in front of each skb.
pub fn nlmon_header(pkttype: u16, family: u16) -> [u8; NLMON_HDRLEN] {
    let mut h = [0u8; NLMON_HDRLEN];
    let [p0, p1] = pkttype.to_be_bytes();
    let [a0, a1] = ARPHRD_NETLINK.to_be_bytes();
    let [f0, f1] = family.to_be_bytes();
    h[0] = p0;
    h[1] = p1;
    h[2] = a0;
    h[3] = a1;
    // [4..6] address length 0, [6..14] address zero
    h[14] = f0;
    h[15] = f1;
    h
}

/// One record to write.
#[derive(Clone, Copy, Debug)]
pub struct Record<'a> {
    /// Time since the Unix epoch.
    pub ts: Duration,
    /// The record bytes, already starting with the 16-byte nlmon header.
    pub data: &'a [u8],
    /// Network namespace id the message came from, if not the capturing one.
    pub nsid: Option<i32>,
}

/// The largest snap length a file of `format` can have and still be read back by
/// nlscope's reader: a pcap record's `caplen`, or an enhanced packet block (28 bytes of
/// header, the data padded to 4, an `nsid=` comment of at most 24 bytes, the trailing
/// length) within [`crate::record::MAX_RECORD_LEN`].
pub const fn max_snaplen(format: Format) -> u32 {
    match format {
        Format::Pcap => crate::record::MAX_RECORD_LEN,
        Format::Pcapng => crate::record::MAX_RECORD_LEN - EPB_OVERHEAD,
    }
}

/// Bytes of an enhanced packet block besides the packet data, rounded up: 28 of
/// header, up to 3 of padding, up to 28 of options (`nsid=-2147483648` and the end
/// marker), 4 of trailer.
const EPB_OVERHEAD: u32 = 64;

/// `(caplen, len)` of a record of `len` bytes under `snaplen`.
pub fn snap(len: usize, snaplen: u32) -> (u32, u32) {
    let len = u32::try_from(len).unwrap_or(u32::MAX);
    (len.min(snaplen), len)
}

/// Writes records to any byte sink; see the module documentation.
#[derive(Debug)]
pub struct CaptureWriter<W: Write> {
    w: W,
    format: Format,
    snaplen: u32,
    buf: Vec<u8>,
    /// Bytes written so far, headers included.
    written: u64,
}

fn put16(b: &mut Vec<u8>, v: u16) {
    b.extend_from_slice(&v.to_ne_bytes());
}
fn put32(b: &mut Vec<u8>, v: u32) {
    b.extend_from_slice(&v.to_ne_bytes());
}
fn pad4(b: &mut Vec<u8>) {
    while b.len() % 4 != 0 {
        b.push(0);
    }
}

/// Appends one pcapng option (code, length, value, padding).
fn pcapng_option(b: &mut Vec<u8>, code: u16, value: &[u8]) {
    put16(b, code);
    put16(b, u16::try_from(value.len()).unwrap_or(u16::MAX));
    b.extend_from_slice(value.get(..usize::from(u16::MAX)).unwrap_or(value));
    pad4(b);
}

/// Fills in a pcapng block's two total-length fields (at 4 and at the end).
fn pcapng_close_block(b: &mut Vec<u8>, start: usize) {
    let total = b.len().saturating_sub(start).saturating_add(4);
    let total = u32::try_from(total).unwrap_or(u32::MAX);
    put32(b, total);
    if let Some(slot) = b.get_mut(start.saturating_add(4)..start.saturating_add(8)) {
        slot.copy_from_slice(&total.to_ne_bytes());
    }
}

impl<W: Write> CaptureWriter<W> {
    /// Writes the file header(s) and flushes.
    ///
    /// # Errors
    /// Any error of the sink.
    pub fn new(w: W, format: Format, snaplen: u32) -> io::Result<Self> {
        Self::new_marked(w, format, snaplen, None)
    }

    /// [`CaptureWriter::new`] for a listener capture when `listener` is given: the
    /// pcapng section comment is [`LISTENER_COMMENT`], `": "` and `listener`; pcap's
    /// `sigfigs` is [`LISTENER_SIGFIGS`] (the text is lost).
    ///
    /// # Errors
    /// Any error of the sink.
    pub fn new_marked(
        w: W,
        format: Format,
        snaplen: u32,
        listener: Option<&str>,
    ) -> io::Result<Self> {
        let snaplen = match snaplen {
            0 => DEFAULT_SNAPLEN,
            n => n.min(max_snaplen(format)),
        };
        let mut cw = CaptureWriter {
            w,
            format,
            snaplen,
            buf: Vec::with_capacity(65_536),
            written: 0,
        };
        cw.buf.clear();
        match format {
            Format::Pcap => {
                put32(&mut cw.buf, 0xa1b2_c3d4);
                put16(&mut cw.buf, 2);
                put16(&mut cw.buf, 4);
                put32(&mut cw.buf, 0); // thiszone
                put32(&mut cw.buf, listener.map_or(0, |_| LISTENER_SIGFIGS)); // sigfigs
                put32(&mut cw.buf, cw.snaplen);
                put32(&mut cw.buf, u32::from(LINKTYPE_NETLINK));
            }
            Format::Pcapng => {
                // Section header block
                put32(&mut cw.buf, 0x0a0d_0d0a);
                put32(&mut cw.buf, 0);
                put32(&mut cw.buf, 0x1a2b_3c4d);
                put16(&mut cw.buf, 1);
                put16(&mut cw.buf, 0);
                cw.buf.extend_from_slice(&u64::MAX.to_ne_bytes()); // section length unknown
                let appl = concat!("nlscope ", env!("CARGO_PKG_VERSION"));
                if let Some(note) = listener {
                    let text = format!("{LISTENER_COMMENT}: {note}");
                    pcapng_option(&mut cw.buf, 1, text.as_bytes()); // opt_comment
                }
                pcapng_option(&mut cw.buf, 4, appl.as_bytes()); // shb_userappl
                pcapng_option(&mut cw.buf, 0, &[]);
                pcapng_close_block(&mut cw.buf, 0);
                // Interface description block
                let start = cw.buf.len();
                put32(&mut cw.buf, 1);
                put32(&mut cw.buf, 0);
                put16(&mut cw.buf, LINKTYPE_NETLINK);
                put16(&mut cw.buf, 0);
                put32(&mut cw.buf, cw.snaplen);
                pcapng_close_block(&mut cw.buf, start);
            }
        }
        cw.emit()?;
        Ok(cw)
    }

    fn emit(&mut self) -> io::Result<()> {
        self.w.write_all(&self.buf)?;
        self.w.flush()?;
        self.written = self.written.saturating_add(self.buf.len() as u64);
        Ok(())
    }

    /// Bytes written so far (file headers included).
    pub fn bytes_written(&self) -> u64 {
        self.written
    }

    /// The snap length in the file header: records longer are cut to it.
    pub fn snaplen(&self) -> u32 {
        self.snaplen
    }

    /// Writes one record (cut to the snap length) and flushes.
    ///
    /// # Errors
    /// Any error of the sink.
    pub fn write(&mut self, rec: &Record<'_>) -> io::Result<()> {
        self.write_with_len(rec, 0).map(|_| ())
    }

    /// Writes one record that was `orig_len` bytes long on the wire (a record already
    /// cut by a capture's snap length keeps its original length; a smaller value means
    /// `rec.data.len()`), cut to this file's snap length, and flushes. Returns whether
    /// this cut it: then the record is marked truncated in the file (`caplen <
    /// len`) and `rec.data` past the snap length is not written.
    ///
    /// # Errors
    /// Any error of the sink.
    pub fn write_with_len(&mut self, rec: &Record<'_>, orig_len: u32) -> io::Result<bool> {
        let (caplen, len) = snap(rec.data.len(), self.snaplen);
        let len = len.max(orig_len);
        let data = rec.data.get(..caplen as usize).unwrap_or(rec.data);
        let secs = rec.ts.as_secs();
        let usecs = rec.ts.subsec_micros();
        self.buf.clear();
        match self.format {
            Format::Pcap => {
                put32(&mut self.buf, u32::try_from(secs).unwrap_or(u32::MAX));
                put32(&mut self.buf, usecs);
                put32(&mut self.buf, caplen);
                put32(&mut self.buf, len);
                self.buf.extend_from_slice(data);
            }
            Format::Pcapng => {
                let ts = secs
                    .saturating_mul(1_000_000)
                    .saturating_add(u64::from(usecs));
                put32(&mut self.buf, 6);
                put32(&mut self.buf, 0);
                put32(&mut self.buf, 0); // interface 0
                put32(&mut self.buf, (ts >> 32) as u32);
                put32(&mut self.buf, ts as u32);
                put32(&mut self.buf, caplen);
                put32(&mut self.buf, len);
                self.buf.extend_from_slice(data);
                pad4(&mut self.buf);
                if let Some(nsid) = rec.nsid {
                    pcapng_option(&mut self.buf, 1, format!("nsid={nsid}").as_bytes());
                    pcapng_option(&mut self.buf, 0, &[]);
                }
                pcapng_close_block(&mut self.buf, 0);
            }
        }
        self.emit()?;
        Ok(data.len() < rec.data.len())
    }

    /// Gives the sink back.
    pub fn into_inner(self) -> W {
        self.w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first 24 bytes of `corpus/rtnl-basic.pcap`
    /// (written by tcpdump in the nlmon VM, little-endian host), and of
    /// `tcpdump -i lo -w` on this machine apart from the link type.
    const TCPDUMP_GLOBAL_HEADER: [u8; 24] = [
        0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, //
        0x00, 0x00, 0x04, 0x00, 0xfd, 0x00, 0x00, 0x00,
    ];

    /// A marked file reads back as a listener capture (with its note in pcapng), an
    /// unmarked one does not, and the records are the same either way.
    #[test]
    fn listener_mark_round_trips() {
        let data = [
            nlmon_header(PACKET_OUTGOING, 15).to_vec(),
            b"a@b\0".to_vec(),
        ]
        .concat();
        for format in [Format::Pcap, Format::Pcapng] {
            for mark in [None, Some("of route, groups all")] {
                let mut w = CaptureWriter::new_marked(Vec::new(), format, 0, mark).unwrap();
                let rec = Record {
                    ts: Duration::from_secs(1),
                    data: &data,
                    nsid: None,
                };
                w.write(&rec).unwrap();
                let bytes = w.into_inner();
                let mut r = crate::record::CaptureReader::new(&bytes[..]).unwrap();
                let want = match (format, mark) {
                    (_, None) => None,
                    (Format::Pcap, Some(_)) => Some(""),
                    (Format::Pcapng, Some(m)) => Some(m),
                };
                assert_eq!(r.listener(), want, "{format:?}");
                let got = r.next_record().unwrap().unwrap();
                assert_eq!(got.payload, b"a@b\0");
            }
        }
        // libpcap's own header (sigfigs 0) is no listener capture.
        assert!(!TCPDUMP_GLOBAL_HEADER
            .get(12..16)
            .unwrap()
            .eq(&LISTENER_SIGFIGS.to_ne_bytes()));
    }

    #[test]
    fn pcap_global_header_is_libpcaps() {
        let w = CaptureWriter::new(Vec::new(), Format::Pcap, DEFAULT_SNAPLEN).unwrap();
        let out = w.into_inner();
        if cfg!(target_endian = "little") {
            assert_eq!(out, TCPDUMP_GLOBAL_HEADER);
        } else {
            assert_eq!(out.get(..4), Some(&[0xa1, 0xb2, 0xc3, 0xd4][..]));
        }
    }

    #[test]
    fn nlmon_header_bytes() {
        // record 1 of rtnl-basic.pcap starts: 00 04 03 38 00.. 00 00 (route)
        assert_eq!(
            nlmon_header(4, 0),
            [0, 4, 3, 0x38, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(nlmon_header(4, 16)[14..], [0, 16]);
    }

    #[test]
    fn pcap_record_and_snap() {
        let mut w = CaptureWriter::new(Vec::new(), Format::Pcap, 20).unwrap();
        let data: Vec<u8> = (0..40).collect();
        let ts = Duration::new(0x6b06_d184, 263_155_000);
        w.write(&Record {
            ts,
            data: &data,
            nsid: Some(3),
        })
        .unwrap();
        let out = w.into_inner();
        let rec = &out[24..];
        assert_eq!(&rec[0..4], &0x6b06_d184u32.to_ne_bytes());
        assert_eq!(&rec[4..8], &263_155u32.to_ne_bytes());
        assert_eq!(&rec[8..12], &20u32.to_ne_bytes());
        assert_eq!(&rec[12..16], &40u32.to_ne_bytes());
        assert_eq!(&rec[16..], &data[..20]);
        assert_eq!(out.len(), 24 + 16 + 20);
    }

    #[test]
    fn snap_length_zero_is_the_default_and_large_ones_read_back() {
        // 0 once became 1, and every record was cut to one byte.
        let w = CaptureWriter::new(Vec::new(), Format::Pcap, 0).unwrap();
        assert_eq!(w.snaplen(), DEFAULT_SNAPLEN);
        assert_eq!(&w.into_inner()[16..20], &DEFAULT_SNAPLEN.to_ne_bytes());
        for format in [Format::Pcap, Format::Pcapng] {
            let w = CaptureWriter::new(Vec::new(), format, u32::MAX).unwrap();
            assert_eq!(w.snaplen(), max_snaplen(format));
            assert!(max_snaplen(format) <= crate::record::MAX_RECORD_LEN);
        }
        // A record already cut keeps its length on the wire; one cut here says so.
        let mut w = CaptureWriter::new(Vec::new(), Format::Pcap, 20).unwrap();
        let data: Vec<u8> = (0..18).collect();
        let rec = Record {
            ts: Duration::new(1, 0),
            data: &data,
            nsid: None,
        };
        assert!(!w.write_with_len(&rec, 500).unwrap());
        let long: Vec<u8> = (0..30).collect();
        let cut = Record { data: &long, ..rec };
        assert!(w.write_with_len(&cut, 0).unwrap());
        let out = w.into_inner();
        assert_eq!(&out[24 + 8..24 + 12], &18u32.to_ne_bytes());
        assert_eq!(&out[24 + 12..24 + 16], &500u32.to_ne_bytes());
        let second = 24 + 16 + 18;
        assert_eq!(&out[second + 8..second + 12], &20u32.to_ne_bytes());
        assert_eq!(&out[second + 12..second + 16], &30u32.to_ne_bytes());
    }

    #[test]
    fn pcapng_blocks_are_well_formed() {
        let mut w = CaptureWriter::new(Vec::new(), Format::Pcapng, DEFAULT_SNAPLEN).unwrap();
        let data = [nlmon_header(4, 0).to_vec(), vec![1, 2, 3]].concat();
        w.write(&Record {
            ts: Duration::new(1, 2000),
            data: &data,
            nsid: None,
        })
        .unwrap();
        w.write(&Record {
            ts: Duration::new(1, 3000),
            data: &data,
            nsid: Some(7),
        })
        .unwrap();
        let written = w.bytes_written();
        let out = w.into_inner();
        assert_eq!(written as usize, out.len());
        // walk the blocks: each has matching leading and trailing lengths
        let mut off = 0;
        let mut kinds = vec![];
        while off < out.len() {
            let ty = u32::from_ne_bytes(out[off..off + 4].try_into().unwrap());
            let len = u32::from_ne_bytes(out[off + 4..off + 8].try_into().unwrap()) as usize;
            assert_eq!(len % 4, 0);
            let tail = u32::from_ne_bytes(out[off + len - 4..off + len].try_into().unwrap());
            assert_eq!(tail as usize, len);
            kinds.push((ty, len));
            off += len;
        }
        assert_eq!(off, out.len());
        assert_eq!(kinds[0].0, 0x0a0d_0d0a);
        assert_eq!(kinds[1], (1, 20));
        // EPB: 28 header + 20 data (19 padded) + 4 trailer
        assert_eq!(kinds[2], (6, 52));
        // + comment "nsid=7" (4 + 8) + end of options (4)
        assert_eq!(kinds[3], (6, 68));
        let epb = &out[out.len() - 68..];
        let comment = [1u16.to_ne_bytes(), 6u16.to_ne_bytes()].concat();
        assert_eq!(&epb[48..52], &comment[..]);
        assert_eq!(&epb[52..60], b"nsid=7\0\0");
        assert_eq!(&epb[60..64], &[0, 0, 0, 0]);
    }
}
