//! Kernel object events (`NETLINK_KOBJECT_UEVENT`, protocol 15).
//!
//! Unlike every other protocol, a uevent datagram is **not** `nlmsghdr`-framed: the
//! whole datagram is one event, and the flow layer hands it here instead of to the
//! message framing. Two forms exist:
//!
//! - the kernel's (`lib/kobject_uevent.c`, multicast group 1):
//!   `ACTION@DEVPATH\0` followed by `KEY=VALUE\0` strings (`ACTION=add\0DEVPATH=…\0
//!   SUBSYSTEM=…\0SEQNUM=…\0`);
//! - udev's re-broadcast (systemd's `struct udev_monitor_netlink_header`, group 2):
//!   a 40-byte header — `"libudev\0"`, the magic `0xfeedcafe` (big-endian), then
//!   `header_size`, `properties_off`, `properties_len` in the sender's byte order and
//!   the filter hashes and tag bloom words big-endian — and the `KEY=VALUE\0` strings
//!   at `properties_off`.
//!
//! Nothing is dropped: every byte of the datagram falls in the header, one of the
//! [`Entry`]s (each with its offset), or the [`Uevent::gap`]/[`Uevent::trailing`]
//! ranges shown as hex.

use crate::wire::endian::Endian;

/// udev's prefix of `struct udev_monitor_netlink_header`.
pub const UDEV_PREFIX: &[u8; 8] = b"libudev\0";
/// `UDEV_MONITOR_MAGIC`, written big-endian.
pub const UDEV_MONITOR_MAGIC: u32 = 0xfeed_cafe;
/// `sizeof(struct udev_monitor_netlink_header)`.
pub const UDEV_HEADER_LEN: usize = 40;
/// The kernel's multicast group for uevents (`UEVENT_NLGRP_KERNEL` in udev's terms).
pub const UEVENT_GROUP_KERNEL: u32 = 1;
/// udev's re-broadcast group (`MONITOR_GROUP_UDEV`).
pub const UEVENT_GROUP_UDEV: u32 = 2;

/// `struct udev_monitor_netlink_header` after the prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UdevHeader {
    /// `magic` (big-endian; `0xfeedcafe` when valid).
    pub magic: u32,
    /// The byte order of the three size fields (the sender's).
    pub endian: Endian,
    /// `header_size`.
    pub header_size: u32,
    /// `properties_off`: where the `KEY=VALUE` strings start.
    pub properties_off: u32,
    /// `properties_len`.
    pub properties_len: u32,
    /// `filter_subsystem_hash` (big-endian, MurmurHash2 of the subsystem).
    pub filter_subsystem_hash: u32,
    /// `filter_devtype_hash` (big-endian).
    pub filter_devtype_hash: u32,
    /// `filter_tag_bloom_hi` (big-endian).
    pub filter_tag_bloom_hi: u32,
    /// `filter_tag_bloom_lo` (big-endian).
    pub filter_tag_bloom_lo: u32,
}

/// Who sent a uevent, as its first bytes tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source<'a> {
    /// The kernel: the first string is `ACTION@DEVPATH`.
    Kernel {
        /// The first string, without its NUL (`add@/devices/…`).
        summary: &'a [u8],
        /// Before the `@`.
        action: &'a [u8],
        /// After the `@`.
        devpath: &'a [u8],
    },
    /// udev (the `libudev` header).
    Udev(UdevHeader),
    /// Neither: every NUL-terminated string is shown as an entry.
    Other,
}

/// One `KEY=VALUE` string (or a string without `=`) of a uevent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry<'a> {
    /// Offset of its first byte in the datagram.
    pub offset: usize,
    /// The text before the first `=`, when there is one.
    pub key: Option<&'a [u8]>,
    /// The text after the first `=` (the whole string when there is no `=`).
    pub value: &'a [u8],
    /// The string ended with its NUL (false: the datagram ended first).
    pub terminated: bool,
}

/// One parsed uevent datagram (a view over its bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Uevent<'a> {
    /// The whole datagram.
    pub bytes: &'a [u8],
    /// Kernel, udev or neither.
    pub source: Source<'a>,
    /// The header's length: the `ACTION@DEVPATH\0` string, the udev header, or 0.
    pub header_len: usize,
    /// Bytes between the udev header and its properties (offset, bytes); empty
    /// otherwise.
    pub gap: (usize, &'a [u8]),
    /// The `KEY=VALUE` strings' range (offset, bytes).
    pub entries: (usize, &'a [u8]),
    /// Bytes after udev's `properties_len` (offset, bytes); empty otherwise.
    pub trailing: (usize, &'a [u8]),
    /// The udev header's `properties_off`/`properties_len` point outside the
    /// datagram (the entries are then read from the end of the header on).
    pub bad_properties: bool,
}

fn be32(b: &[u8], at: usize) -> u32 {
    Endian::Big.u32_at(b, at).unwrap_or(0)
}

impl<'a> Uevent<'a> {
    /// Read one datagram. Never fails: what is not understood stays in
    /// [`Uevent::entries`] or the gap and trailing ranges.
    pub fn parse(bytes: &'a [u8]) -> Uevent<'a> {
        let whole = (0, bytes);
        let none: (usize, &'a [u8]) = (bytes.len(), &[]);
        if bytes.len() >= UDEV_HEADER_LEN && bytes.starts_with(UDEV_PREFIX) {
            // header_size is 40 in the sender's order: that tells the order.
            let endian = if Endian::Big.u32_at(bytes, 12) == Some(UDEV_HEADER_LEN as u32) {
                Endian::Big
            } else if Endian::Little.u32_at(bytes, 12) == Some(UDEV_HEADER_LEN as u32) {
                Endian::Little
            } else {
                Endian::NATIVE
            };
            let h = UdevHeader {
                magic: be32(bytes, 8),
                endian,
                header_size: endian.u32_at(bytes, 12).unwrap_or(0),
                properties_off: endian.u32_at(bytes, 16).unwrap_or(0),
                properties_len: endian.u32_at(bytes, 20).unwrap_or(0),
                filter_subsystem_hash: be32(bytes, 24),
                filter_devtype_hash: be32(bytes, 28),
                filter_tag_bloom_hi: be32(bytes, 32),
                filter_tag_bloom_lo: be32(bytes, 36),
            };
            let off = h.properties_off as usize;
            let end = off.checked_add(h.properties_len as usize);
            let (gap, entries, trailing, bad) = match end {
                Some(end) if off >= UDEV_HEADER_LEN && end <= bytes.len() => (
                    (
                        UDEV_HEADER_LEN,
                        bytes.get(UDEV_HEADER_LEN..off).unwrap_or(&[]),
                    ),
                    (off, bytes.get(off..end).unwrap_or(&[])),
                    (end, bytes.get(end..).unwrap_or(&[])),
                    false,
                ),
                _ => (
                    none,
                    (UDEV_HEADER_LEN, bytes.get(UDEV_HEADER_LEN..).unwrap_or(&[])),
                    none,
                    true,
                ),
            };
            return Uevent {
                bytes,
                source: Source::Udev(h),
                header_len: UDEV_HEADER_LEN,
                gap,
                entries,
                trailing,
                bad_properties: bad,
            };
        }
        let first_end = bytes.iter().position(|b| *b == 0);
        let first = bytes.get(..first_end.unwrap_or(bytes.len())).unwrap_or(&[]);
        let at = first.iter().position(|b| *b == b'@');
        match (at, first_end) {
            (Some(at), Some(nul)) if !first.contains(&b'=') => Uevent {
                bytes,
                source: Source::Kernel {
                    summary: first,
                    action: first.get(..at).unwrap_or(&[]),
                    devpath: first.get(at + 1..).unwrap_or(&[]),
                },
                header_len: nul + 1,
                gap: none,
                entries: (nul + 1, bytes.get(nul + 1..).unwrap_or(&[])),
                trailing: none,
                bad_properties: false,
            },
            _ => Uevent {
                bytes,
                source: Source::Other,
                header_len: 0,
                gap: none,
                entries: whole,
                trailing: none,
                bad_properties: false,
            },
        }
    }

    /// The `KEY=VALUE` strings in order, each with its offset.
    pub fn entries(&self) -> Entries<'a> {
        Entries {
            rest: self.entries.1,
            offset: self.entries.0,
        }
    }

    /// The value of the first entry named `key`.
    pub fn get(&self, key: &[u8]) -> Option<&'a [u8]> {
        self.entries().find(|e| e.key == Some(key)).map(|e| e.value)
    }

    /// The action: the kernel's `ACTION@` prefix, else the `ACTION` entry.
    pub fn action(&self) -> Option<&'a [u8]> {
        match self.source {
            Source::Kernel { action, .. } => Some(action),
            _ => self.get(b"ACTION"),
        }
    }

    /// The device path: the kernel's `@DEVPATH`, else the `DEVPATH` entry.
    pub fn devpath(&self) -> Option<&'a [u8]> {
        match self.source {
            Source::Kernel { devpath, .. } => Some(devpath),
            _ => self.get(b"DEVPATH"),
        }
    }

    /// Lower-case name of the source (`kernel`, `udev`, `other`).
    pub fn source_name(&self) -> &'static str {
        match self.source {
            Source::Kernel { .. } => "kernel",
            Source::Udev(_) => "udev",
            Source::Other => "other",
        }
    }
}

/// Iterator over a uevent's strings ([`Uevent::entries`]).
#[derive(Clone, Debug)]
pub struct Entries<'a> {
    rest: &'a [u8],
    offset: usize,
}

impl<'a> Iterator for Entries<'a> {
    type Item = Entry<'a>;

    fn next(&mut self) -> Option<Entry<'a>> {
        if self.rest.is_empty() {
            return None;
        }
        let (s, used, terminated) = match self.rest.iter().position(|b| *b == 0) {
            Some(n) => (self.rest.get(..n).unwrap_or(&[]), n + 1, true),
            None => (self.rest, self.rest.len(), false),
        };
        let (key, value) = match s.iter().position(|b| *b == b'=') {
            Some(eq) => (s.get(..eq), s.get(eq + 1..).unwrap_or(&[])),
            None => (None, s),
        };
        let e = Entry {
            offset: self.offset,
            key,
            value,
            terminated,
        };
        self.rest = self.rest.get(used..).unwrap_or(&[]);
        self.offset += used;
        Some(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reassemble every byte a parse accounts for, in order: must be the input.
    fn covered(u: &Uevent<'_>) -> Vec<u8> {
        let mut out = u.bytes.get(..u.header_len).unwrap_or(&[]).to_vec();
        out.extend_from_slice(u.gap.1);
        for e in u.entries() {
            if let Some(k) = e.key {
                out.extend_from_slice(k);
                out.push(b'=');
            }
            out.extend_from_slice(e.value);
            if e.terminated {
                out.push(0);
            }
        }
        out.extend_from_slice(u.trailing.1);
        out
    }

    #[test]
    fn kernel_form_is_split_into_action_devpath_and_entries() {
        let b =
            b"add@/devices/virtual/net/d0\0ACTION=add\0DEVPATH=/devices/virtual/net/d0\0SEQNUM=7\0";
        let u = Uevent::parse(b);
        assert_eq!(u.source_name(), "kernel");
        assert_eq!(u.action(), Some(&b"add"[..]));
        assert_eq!(u.devpath(), Some(&b"/devices/virtual/net/d0"[..]));
        let e: Vec<_> = u.entries().collect();
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].offset, 28);
        assert_eq!(e[0].key, Some(&b"ACTION"[..]));
        assert_eq!(u.get(b"SEQNUM"), Some(&b"7"[..]));
        assert_eq!(covered(&u), b.to_vec());
    }

    #[test]
    fn udev_form_reads_its_header_in_either_order() {
        for e in [Endian::Little, Endian::Big] {
            let props = b"ACTION=add\0DEVPATH=/x\0";
            let mut b = UDEV_PREFIX.to_vec();
            b.extend_from_slice(&UDEV_MONITOR_MAGIC.to_be_bytes());
            for v in [40u32, 44, props.len() as u32] {
                b.extend_from_slice(&match e {
                    Endian::Little => v.to_le_bytes(),
                    Endian::Big => v.to_be_bytes(),
                });
            }
            b.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4]);
            b.extend_from_slice(&[9, 9, 9, 9]); // a gap
            b.extend_from_slice(props);
            b.extend_from_slice(b"xy"); // trailing
            let u = Uevent::parse(&b);
            let Source::Udev(h) = u.source else {
                panic!("udev")
            };
            assert_eq!(h.magic, UDEV_MONITOR_MAGIC);
            assert_eq!(h.endian, e);
            assert_eq!(h.properties_off, 44);
            assert_eq!(h.filter_tag_bloom_lo, 4);
            assert_eq!(u.gap, (40, &[9u8, 9, 9, 9][..]));
            assert_eq!(u.trailing, (66, &b"xy"[..]));
            assert_eq!(u.action(), Some(&b"add"[..]));
            assert_eq!(u.devpath(), Some(&b"/x"[..]));
            assert_eq!(covered(&u), b);
        }
    }

    #[test]
    fn every_cut_and_garbage_keeps_every_byte() {
        let b = b"remove@/a\0K=V\0NOEQ\0=lead\0tail";
        for cut in 0..=b.len() {
            let u = Uevent::parse(&b[..cut]);
            assert_eq!(covered(&u), b[..cut].to_vec(), "cut {cut}");
        }
        let mut udev = UDEV_PREFIX.to_vec();
        udev.extend_from_slice(&[0xff; 40]);
        for cut in 0..=udev.len() {
            let u = Uevent::parse(&udev[..cut]);
            assert_eq!(covered(&u), udev[..cut].to_vec(), "udev cut {cut}");
        }
    }
}
