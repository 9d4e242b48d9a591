//! Kernel-object events (`NETLINK_KOBJECT_UEVENT`) in the three formats.
//!
//! A uevent record is one event, not netlink messages ([`crate::families::uevent`]),
//! so it has its own renderers here. Every byte of the record is shown: the header
//! (`ACTION@DEVPATH` or udev's), each `KEY=VALUE` string with its offset, and any
//! bytes between or after them as hex. Strings are escaped like every capture string.
//!
//! ```text
//! #3.0 2026-12-08T00:30:01.000000000Z KOBJECT_UEVENT kernel uevent len 137
//!   add@/devices/virtual/net/d0 +0: action "add" devpath "/devices/virtual/net/d0"
//!   ACTION +28: "add"
//! ```

use super::{write_datetime, write_escaped, write_hex, write_json_str, write_time, write_u64};
use super::{Style, BOLD, DIM, RED, RESET};
use crate::families::uevent::{Source, Uevent};
use crate::flow::UeventItem;
use crate::wire::protocol::NETLINK_KOBJECT_UEVENT;
use std::io::{self, Write};

fn quoted<W: Write + ?Sized>(w: &mut W, s: &[u8]) -> io::Result<()> {
    w.write_all(b"\"")?;
    write_escaped(w, s)?;
    w.write_all(b"\"")
}

/// The text tree of one uevent.
///
/// # Errors
/// The writer's.
pub fn text<W: Write + ?Sized>(w: &mut W, it: &UeventItem<'_>, style: Style) -> io::Result<()> {
    let u = &it.uevent;
    style.paint(w, DIM)?;
    w.write_all(b"#")?;
    write_u64(w, it.frame)?;
    w.write_all(b".0 ")?;
    write_datetime(w, it.ts)?;
    style.paint(w, RESET)?;
    w.write_all(b" KOBJECT_UEVENT ")?;
    w.write_all(u.source_name().as_bytes())?;
    w.write_all(b" uevent len ")?;
    write_u64(w, u.bytes.len() as u64)?;
    if it.truncated {
        style.paint(w, RED)?;
        w.write_all(b" [truncated by capture]")?;
        style.paint(w, RESET)?;
    }
    w.write_all(b"\n")?;
    match u.source {
        Source::Kernel {
            summary,
            action,
            devpath,
        } => {
            w.write_all(b"  ")?;
            style.paint(w, BOLD)?;
            write_escaped(w, summary)?;
            style.paint(w, RESET)?;
            w.write_all(b" +0: action ")?;
            quoted(w, action)?;
            w.write_all(b" devpath ")?;
            quoted(w, devpath)?;
            w.write_all(b"\n")?;
        }
        Source::Udev(h) => {
            write!(
                w,
                "  udev_monitor_netlink_header +0: prefix \"libudev\" magic {:#x} header_size {} properties_off {} properties_len {} filter_subsystem_hash {:#x} filter_devtype_hash {:#x} filter_tag_bloom_hi {:#x} filter_tag_bloom_lo {:#x}",
                h.magic,
                h.header_size,
                h.properties_off,
                h.properties_len,
                h.filter_subsystem_hash,
                h.filter_devtype_hash,
                h.filter_tag_bloom_hi,
                h.filter_tag_bloom_lo
            )?;
            if u.bad_properties {
                w.write_all(b" (properties outside the record: read from +40)")?;
            }
            w.write_all(b"\n")?;
        }
        Source::Other => {}
    }
    raw_line(w, b"gap", u.gap)?;
    for e in u.entries() {
        w.write_all(b"  ")?;
        match e.key {
            Some(k) => write_escaped(w, k)?,
            None => w.write_all(b"(no key)")?,
        }
        w.write_all(b" +")?;
        write_u64(w, e.offset as u64)?;
        w.write_all(b": ")?;
        quoted(w, e.value)?;
        if !e.terminated {
            w.write_all(b" (no NUL)")?;
        }
        w.write_all(b"\n")?;
    }
    raw_line(w, b"trailing", u.trailing)
}

fn raw_line<W: Write + ?Sized>(w: &mut W, what: &[u8], r: (usize, &[u8])) -> io::Result<()> {
    if r.1.is_empty() {
        return Ok(());
    }
    w.write_all(b"  ")?;
    w.write_all(what)?;
    w.write_all(b" +")?;
    write_u64(w, r.0 as u64)?;
    w.write_all(b" len ")?;
    write_u64(w, r.1.len() as u64)?;
    w.write_all(b": ")?;
    write_hex(w, r.1, Some(b' '))?;
    w.write_all(b"\n")
}

/// One line per uevent: time, source, action, devpath, then every `KEY=VALUE`.
///
/// # Errors
/// The writer's.
pub fn line<W: Write + ?Sized>(w: &mut W, it: &UeventItem<'_>, style: Style) -> io::Result<()> {
    let u = &it.uevent;
    write_time(w, it.ts)?;
    w.write_all(b" <* KOBJECT_UEVENT ")?;
    style.paint(w, BOLD)?;
    w.write_all(u.source_name().as_bytes())?;
    w.write_all(b" ")?;
    write_escaped(w, u.action().unwrap_or(b"?"))?;
    style.paint(w, RESET)?;
    w.write_all(b" ")?;
    write_escaped(w, u.devpath().unwrap_or(b"?"))?;
    for e in u.entries() {
        w.write_all(b" ")?;
        if let Some(k) = e.key {
            write_escaped(w, k)?;
            w.write_all(b"=")?;
        }
        quoted(w, e.value)?;
    }
    for (what, r) in [(&b" gap="[..], u.gap), (&b" trailing="[..], u.trailing)] {
        if !r.1.is_empty() {
            w.write_all(what)?;
            write_hex(w, r.1, None)?;
        }
    }
    if it.truncated {
        w.write_all(b" [truncated]")?;
    }
    w.write_all(b"\n")
}

fn json_range<W: Write + ?Sized>(w: &mut W, key: &str, r: (usize, &[u8])) -> io::Result<()> {
    if r.1.is_empty() {
        return Ok(());
    }
    write!(w, ",\"{key}\":{{\"offset\":{},\"hex\":\"", r.0)?;
    write_hex(w, r.1, None)?;
    w.write_all(b"\"}")
}

/// One JSON object per uevent (docs/json.md, "uevent").
///
/// # Errors
/// The writer's.
pub fn json<W: Write + ?Sized>(w: &mut W, it: &UeventItem<'_>) -> io::Result<()> {
    let u: &Uevent<'_> = &it.uevent;
    write!(
        w,
        "{{\"frame\":{},\"index\":0,\"ts\":{{\"sec\":{},\"nsec\":{}}},\"protocol\":{{\"num\":{},\"name\":\"KOBJECT_UEVENT\"}},\"truncated\":{},\"len\":{},\"uevent\":{{\"source\":\"{}\"",
        it.frame,
        it.ts.sec,
        it.ts.nsec,
        NETLINK_KOBJECT_UEVENT,
        it.truncated,
        u.bytes.len(),
        u.source_name()
    )?;
    if let Some(a) = u.action() {
        w.write_all(b",\"action\":")?;
        write_json_str(w, a)?;
    }
    if let Some(d) = u.devpath() {
        w.write_all(b",\"devpath\":")?;
        write_json_str(w, d)?;
    }
    if let Source::Udev(h) = u.source {
        write!(
            w,
            ",\"udev_header\":{{\"magic\":{},\"header_size\":{},\"properties_off\":{},\"properties_len\":{},\"filter_subsystem_hash\":{},\"filter_devtype_hash\":{},\"filter_tag_bloom_hi\":{},\"filter_tag_bloom_lo\":{},\"properties_outside\":{}}}",
            h.magic,
            h.header_size,
            h.properties_off,
            h.properties_len,
            h.filter_subsystem_hash,
            h.filter_devtype_hash,
            h.filter_tag_bloom_hi,
            h.filter_tag_bloom_lo,
            u.bad_properties
        )?;
    }
    json_range(w, "gap", u.gap)?;
    w.write_all(b",\"env\":[")?;
    for (i, e) in u.entries().enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        write!(w, "{{\"offset\":{}", e.offset)?;
        if let Some(k) = e.key {
            w.write_all(b",\"key\":")?;
            write_json_str(w, k)?;
        }
        w.write_all(b",\"value\":")?;
        write_json_str(w, e.value)?;
        if !e.terminated {
            w.write_all(b",\"terminated\":false")?;
        }
        w.write_all(b"}")?;
    }
    w.write_all(b"]")?;
    json_range(w, "trailing", u.trailing)?;
    w.write_all(b"}}\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::session::Timestamp;

    fn item(b: &[u8]) -> UeventItem<'_> {
        UeventItem {
            frame: 1,
            ts: Timestamp { sec: 0, nsec: 0 },
            uevent: Uevent::parse(b),
            truncated: false,
        }
    }

    #[test]
    fn every_format_shows_every_entry_and_escapes() {
        let b = b"add@/d\0ACTION=add\0BAD=\x1b[31m\0NOEQ";
        let it = item(b);
        let mut t = Vec::new();
        text(&mut t, &it, Style::default()).unwrap();
        let t = String::from_utf8(t).unwrap();
        assert!(t.contains("ACTION +7: \"add\""), "{t}");
        assert!(t.contains("BAD +18: \"\\x1b[31m\""), "{t}");
        assert!(t.contains("(no key) +28: \"NOEQ\" (no NUL)"), "{t}");
        let mut l = Vec::new();
        line(&mut l, &it, Style::default()).unwrap();
        let l = String::from_utf8(l).unwrap();
        assert!(l.contains("kernel add /d ACTION=\"add\""), "{l}");
        let mut j = Vec::new();
        json(&mut j, &it).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&j).unwrap();
        assert_eq!(v["uevent"]["action"], "add");
        assert_eq!(v["uevent"]["env"][1]["value"], "\u{1b}[31m");
        assert_eq!(v["uevent"]["env"][2]["terminated"], false);
        assert_eq!(v["uevent"]["env"].as_array().unwrap().len(), 3);
    }
}
