//! rtmon files: what `rtmon file FILE` records and `ip monitor file FILE` reads.
//!
//! The format (iproute2 `ip/rtmon.c`, `lib/libnetlink.c: rtnl_from_file`, checked by
//! experiment with iproute2 6.1 on this machine) is a headerless stream of `NETLINK_ROUTE`
//! messages in the **host order of the recording machine**, each written as
//! `NLMSG_ALIGN(nlmsg_len)` bytes. rtmon writes a synthetic `NLMSG_TSTAMP` message
//! (type 15, `nlmsg_len` 24, flags/seq/pid 0, payload `u32 sec, u32 usec`) once before
//! its initial link dump (so one stamp is followed by every `RTM_NEWLINK` of the dump),
//! then one before every event. `ip monitor file` refuses a message longer than 16384
//! bytes or shorter than its header.
//!
//! How nlscope maps it onto capture records (reading: [`crate::record`], which sniffs
//! this format; writing: [`Writer`]):
//!
//! - one record per stamp: the messages between one `NLMSG_TSTAMP` and the next, with
//!   the stamp's time, read from the stamp's own `nlmsg_len` bytes only; a stamp too
//!   short to hold `sec, usec` (`nlmsg_len` < 24) gives time 0, as do messages before
//!   the first stamp (never the previous stamp's time: that is another event's);
//!   protocol `NETLINK_ROUTE`, link type NETLINK, packet type 4 (as nlmon writes);
//! - writing puts one stamp before each record, so rtmon → records → rtmon gives the
//!   same bytes.
//!
//! Sniffing ([`sniff`]) is conservative: the file must start with a complete
//! `nlmsghdr` whose length is 16..=16384 in one byte order and either be rtmon's stamp
//! exactly (type 15, length 24, flags 0, seq 0, pid 0) or an rtnetlink message type
//! (16..=127) without `NLM_F_REQUEST`, and, when the first message is complete in the
//! bytes given, the next header must be valid too.

use crate::wire::endian::Endian;
use crate::wire::nlmsg::{align4, Header, NLMSG_HDRLEN};
use crate::wire::protocol::NETLINK_ROUTE;
use std::io::{self, Write};

/// `NLMSG_TSTAMP`: iproute2's synthetic time stamp message type.
pub const NLMSG_TSTAMP: u16 = 15;
/// `nlmsg_len` of rtmon's stamp: header + `u32 sec, u32 usec`.
pub const TSTAMP_LEN: u32 = 24;
/// The largest message `ip monitor file` accepts (its read buffer).
pub const MAX_MESSAGE_LEN: u32 = 16_384;
/// Largest rtnetlink message type accepted by [`sniff`] (`RTM_MAX` is below it).
const RTM_TYPE_MAX: u16 = 127;

/// The header at the start of `w` in order `e`, if its length is plausible for rtmon.
fn plausible(w: &[u8], e: Endian) -> Option<Header> {
    let h = Header::parse(w, e).ok()?;
    (NLMSG_HDRLEN as u32..=MAX_MESSAGE_LEN)
        .contains(&h.len)
        .then_some(h)
}

fn first_ok(h: &Header) -> bool {
    let stamp =
        h.ty == NLMSG_TSTAMP && h.len == TSTAMP_LEN && h.flags == 0 && h.seq == 0 && h.pid == 0;
    let route = (16..=RTM_TYPE_MAX).contains(&h.ty) && h.flags & 1 == 0;
    stamp || route
}

/// Whether `first` (the first bytes of a file, at least 16 of them for a yes) looks
/// like an rtmon file, and in which byte order. See the module documentation.
pub fn sniff(first: &[u8]) -> Option<Endian> {
    [Endian::NATIVE, Endian::NATIVE.swapped()]
        .into_iter()
        .find(|&e| {
            let Some(h) = plausible(first, e).filter(first_ok) else {
                return false;
            };
            let next = align4(h.len as usize);
            match first.get(next..) {
                Some(rest) if rest.len() >= NLMSG_HDRLEN => plausible(rest, e).is_some(),
                _ => true,
            }
        })
}

/// The time in an `NLMSG_TSTAMP` message's payload (`u32 sec, u32 usec`), as
/// `(sec, nsec)`; `None` when the payload is shorter than 8 bytes.
pub fn stamp_time(payload: &[u8], e: Endian) -> Option<(u32, u32)> {
    let sec = e.u32_at(payload, 0)?;
    let usec = e.u32_at(payload, 4)?;
    Some((sec, usec.saturating_mul(1000).min(999_999_999)))
}

/// The 24 bytes of an `NLMSG_TSTAMP` for `sec`, `usec` in order `e`, as rtmon writes it.
pub fn stamp(sec: u32, usec: u32, e: Endian) -> [u8; TSTAMP_LEN as usize] {
    let h = Header {
        len: TSTAMP_LEN,
        ty: NLMSG_TSTAMP,
        flags: 0,
        seq: 0,
        pid: 0,
    };
    let mut out = [0u8; TSTAMP_LEN as usize];
    let parts = [
        &h.to_bytes(e)[..],
        &e.u32_bytes(sec)[..],
        &e.u32_bytes(usec)[..],
    ];
    for (dst, src) in out.iter_mut().zip(parts.into_iter().flatten()) {
        *dst = *src;
    }
    out
}

/// Why a record was not written to an rtmon file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    /// Not `NETLINK_ROUTE` (rtmon files hold nothing else).
    NotRoute(u16),
    /// Cut by the capture's snap length: a partial message would break the file.
    Truncated,
    /// No message before the first one `ip monitor file` would refuse (bad `nlmsg_len`,
    /// longer than 16384 bytes).
    Malformed,
    /// Only requests and control messages, which rtmon never records.
    NoEvent,
}

/// Writes rtmon files from capture records: a stamp, then the record's messages, each
/// padded to 4 bytes. Flushes after each record.
#[derive(Debug)]
pub struct Writer<W: Write> {
    w: W,
    endian: Endian,
    buf: Vec<u8>,
    written: u64,
    skipped: u64,
    requests: u64,
    control: u64,
}

impl<W: Write> Writer<W> {
    /// A writer whose stamps are in byte order `endian` (that of the messages: an rtmon
    /// file has a single order).
    pub fn new(w: W, endian: Endian) -> Self {
        Writer {
            w,
            endian,
            buf: Vec::new(),
            written: 0,
            skipped: 0,
            requests: 0,
            control: 0,
        }
    }

    /// Writes one record of netlink `protocol` holding `payload` (one or more messages)
    /// at time `sec`.`nsec`: a stamp, then the record's kernel messages (requests and
    /// control messages such as acks are left out and counted, as rtmon never records
    /// them). Returns `Ok(Err(skip))`, writing nothing, for a record an rtmon file
    /// cannot hold or with nothing left to write.
    ///
    /// # Errors
    /// Any error of the sink.
    pub fn write(
        &mut self,
        sec: i64,
        nsec: u32,
        protocol: u16,
        payload: &[u8],
        truncated: bool,
    ) -> io::Result<Result<(), Skip>> {
        if protocol != NETLINK_ROUTE {
            self.skipped = self.skipped.saturating_add(1);
            return Ok(Err(Skip::NotRoute(protocol)));
        }
        if truncated {
            self.skipped = self.skipped.saturating_add(1);
            return Ok(Err(Skip::Truncated));
        }
        self.buf.clear();
        let sec = u32::try_from(sec.max(0)).unwrap_or(u32::MAX);
        self.buf
            .extend_from_slice(&stamp(sec, nsec / 1000, self.endian));
        let mut pos = 0usize;
        let mut malformed = false;
        while pos < payload.len() {
            // iproute2 sends its request buffer whole: zeros after the last message are
            // padding, not a message.
            if payload
                .get(pos..)
                .is_some_and(|r| r.iter().all(|&b| b == 0))
            {
                break;
            }
            let Some((h, msg)) = payload.get(pos..).and_then(|r| {
                let h = plausible(r, self.endian)?;
                Some((h, r.get(..h.len as usize)?))
            }) else {
                malformed = true;
                break;
            };
            pos += align4(h.len as usize);
            if h.flags & 1 != 0 {
                self.requests = self.requests.saturating_add(1);
            } else if h.ty < 16 {
                self.control = self.control.saturating_add(1);
            } else {
                self.buf.extend_from_slice(msg);
                while self.buf.len() % 4 != 0 {
                    self.buf.push(0);
                }
            }
        }
        if self.buf.len() == TSTAMP_LEN as usize {
            self.skipped = self.skipped.saturating_add(1);
            return Ok(Err(if malformed {
                Skip::Malformed
            } else {
                Skip::NoEvent
            }));
        }
        self.w.write_all(&self.buf)?;
        self.w.flush()?;
        self.written = self.written.saturating_add(1);
        Ok(Ok(()))
    }

    /// Request messages left out (`NLM_F_REQUEST`: rtmon records only kernel messages).
    pub fn requests_dropped(&self) -> u64 {
        self.requests
    }

    /// Control messages (acks, errors, dump ends) left out.
    pub fn control_dropped(&self) -> u64 {
        self.control
    }

    /// Records written.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Records skipped.
    pub fn skipped(&self) -> u64 {
        self.skipped
    }

    /// The sink back.
    pub fn into_inner(self) -> W {
        self.w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(e: Endian, ty: u16, flags: u16, len: u32) -> Vec<u8> {
        let mut v = Header {
            len,
            ty,
            flags,
            seq: 7,
            pid: 0,
        }
        .to_bytes(e)
        .to_vec();
        v.resize(align4(len as usize), 0);
        v
    }

    #[test]
    fn sniffs_both_orders_and_refuses_others() {
        for e in [Endian::Little, Endian::Big] {
            let mut f = stamp(1, 2, e).to_vec();
            f.extend(msg(e, 16, 2, 33));
            assert_eq!(sniff(&f), Some(e));
            assert_eq!(sniff(&f[..16]), Some(e));
            assert_eq!(sniff(&msg(e, 20, 0, 40)), Some(e));
            // a request, a control message, a bad next header
            assert_eq!(sniff(&msg(e, 16, 1, 40)), None);
            assert_eq!(sniff(&msg(e, 2, 0, 40)), None);
            let mut bad = stamp(1, 2, e).to_vec();
            bad.extend(e.u32_bytes(3));
            bad.extend([0; 12]);
            assert_eq!(sniff(&bad), None);
            assert_eq!(stamp_time(&f[16..24], e), Some((1, 2000)));
        }
        assert_eq!(sniff(b"\x7fELF\x02\x01\x01\x00rest of the binary"), None);
        assert_eq!(sniff(b"hi\n"), None);
        assert_eq!(sniff(&[]), None);
    }

    #[test]
    fn writer_skips_what_rtmon_cannot_hold() {
        let e = Endian::NATIVE;
        let mut w = Writer::new(Vec::new(), e);
        let m = msg(e, 16, 2, 33);
        assert_eq!(w.write(5, 6000, 0, &m, false).unwrap(), Ok(()));
        assert_eq!(
            w.write(5, 0, 16, &m, false).unwrap(),
            Err(Skip::NotRoute(16))
        );
        assert_eq!(w.write(5, 0, 0, &m, true).unwrap(), Err(Skip::Truncated));
        assert_eq!(
            w.write(5, 0, 0, &m[..20], false).unwrap(),
            Err(Skip::Malformed)
        );
        assert_eq!(w.write(5, 0, 0, &[], false).unwrap(), Err(Skip::NoEvent));
        let mut req_and_ack = msg(e, 18, 1, 20);
        req_and_ack.extend(msg(e, 2, 0, 36));
        assert_eq!(
            w.write(5, 0, 0, &req_and_ack, false).unwrap(),
            Err(Skip::NoEvent)
        );
        assert_eq!((w.written(), w.skipped()), (1, 5));
        assert_eq!((w.requests_dropped(), w.control_dropped()), (1, 1));
        let out = w.into_inner();
        assert_eq!(&out[..24], &stamp(5, 6, e));
        assert_eq!(&out[24..], &m[..]);
    }
}
