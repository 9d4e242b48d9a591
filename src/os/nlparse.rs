//! Minimal bounds-checked walkers over netlink messages and attributes, in
//! host byte order: just what the OS code needs to read acks, dump ends,
//! nlctrl family lists and link dumps. The full decoder lives elsewhere.

/// One netlink message inside a datagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Msg<'a> {
    /// `nlmsg_type`.
    pub ty: u16,
    /// `nlmsg_flags`.
    pub flags: u16,
    /// `nlmsg_seq`.
    pub seq: u32,
    /// Bytes after the 16-byte header, up to `nlmsg_len`.
    pub payload: &'a [u8],
}

/// `NLMSG_ERROR`.
pub const NLMSG_ERROR: u16 = 2;
/// `NLMSG_DONE`.
pub const NLMSG_DONE: u16 = 3;

/// Reads a host-order `u32` at `at`.
pub fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    crate::wire::endian::Endian::NATIVE.u32_at(b, at)
}

/// Reads a host-order `i32` at `at`.
pub fn i32_at(b: &[u8], at: usize) -> Option<i32> {
    u32_at(b, at).map(|v| i32::from_ne_bytes(v.to_ne_bytes()))
}

/// Iterates over the messages of a datagram (host order); stops at the first bad
/// length. A thin view over [`crate::wire::nlmsg::Messages`].
pub fn messages(buf: &[u8]) -> impl Iterator<Item = Msg<'_>> {
    crate::wire::nlmsg::Messages::new(buf, crate::wire::endian::Endian::NATIVE)
        .map_while(Result::ok)
        .map(|m| Msg {
            ty: m.header.ty,
            flags: m.header.flags,
            seq: m.header.seq,
            payload: m.payload(),
        })
}

/// Iterates over `(type without flag bits, payload)` of an attribute stream (host
/// order); stops at the first bad length. A thin view over [`crate::wire::attr::Attrs`].
pub fn attrs(buf: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    crate::wire::attr::Attrs::new(buf, 0, crate::wire::endian::Endian::NATIVE)
        .map_while(Result::ok)
        .map(|a| (a.ty, a.value))
}

/// The string in a NUL-terminated string attribute (without the NUL), if UTF-8.
pub fn attr_str(payload: &[u8]) -> Option<&str> {
    let end = payload
        .iter()
        .position(|&b| b == 0)
        .unwrap_or(payload.len());
    std::str::from_utf8(payload.get(..end)?).ok()
}

/// The error code of an `NLMSG_ERROR` payload (0 = ack, else -errno).
pub fn error_code(payload: &[u8]) -> Option<i32> {
    i32_at(payload, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::build::{Endian, MsgBuilder};

    #[test]
    fn walks_messages_and_attrs_and_stops_on_bad_lengths() {
        let mut b = MsgBuilder::new(Endian::NATIVE, 16, 2, 5, 0);
        b.zeros(16).attr_str(3, "eth0").attr_u32(4, 1500);
        let one = b.finish();
        let mut two = one.clone();
        two.extend_from_slice(&one);
        two.extend_from_slice(&[0xff, 0, 0, 0]); // truncated third header
        let msgs: Vec<_> = messages(&two).collect();
        assert_eq!(msgs.len(), 2);
        assert_eq!((msgs[0].ty, msgs[0].flags, msgs[0].seq), (16, 2, 5));
        let a: Vec<_> = attrs(&msgs[1].payload[16..]).collect();
        assert_eq!(a.len(), 2);
        assert_eq!(attr_str(a[0].1), Some("eth0"));
        assert_eq!(u32_at(a[1].1, 0), Some(1500));
        // every truncation of the buffer is walked without panicking
        for cut in 0..two.len() {
            let n = messages(&two[..cut]).count();
            assert!(n <= 2);
            for m in messages(&two[..cut]) {
                let _ = attrs(m.payload.get(16..).unwrap_or(&[])).count();
            }
        }
        assert_eq!(
            messages(&[3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).count(),
            0
        );
        assert_eq!(attrs(&[2, 0, 1, 0]).count(), 0);
    }
}
