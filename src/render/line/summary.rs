//! `nlscope decode --summary`: per interface, its last known link state, its
//! addresses and how many changes the capture showed (notifications; dump replies
//! only update the state), in the spirit of
//! `ip -br link` and `ip -br addr` run at the end of the capture.
//!
//! Only what the kernel said counts (replies and notifications, never requests).
//! Bounded whatever the capture holds: at most [`MAX_LINKS`] interfaces and
//! [`MAX_ADDRS`] addresses per interface are kept; more are counted, not kept.

use super::route::{
    flag_words, write_word, Case, IFA_ADDRESS, IFA_INDEX, IFA_LOCAL, IFA_PREFIXLEN, IFI_FLAGS,
    IFI_INDEX, IFLA_ADDRESS, IFLA_IFNAME, IFLA_MTU, IFLA_OPERSTATE,
};
use super::{addr, Raw};
use crate::families::consts::is_link_message;
use crate::families::decode::Direction;
use crate::families::names::IF_OPER;
use crate::families::schema::gen::{rt_addr, rt_link};
use crate::render::{write_escaped, write_hex, write_u64, Item};
use crate::wire::protocol;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// At most this many interfaces are summarised (ifindex is an `int`; a capture of a
/// real host has far fewer).
pub const MAX_LINKS: usize = 4096;
/// At most this many addresses are kept per interface.
pub const MAX_ADDRS: usize = 64;

#[derive(Default)]
struct Link {
    name: Vec<u8>,
    flags: Option<u32>,
    oper: Option<u8>,
    mtu: Option<u32>,
    mac: Vec<u8>,
    deleted: bool,
    link_changes: u64,
    addrs: Vec<Vec<u8>>,
    added: u64,
    removed: u64,
}

/// The per-interface state built from a capture's link and address messages.
#[derive(Default)]
pub struct Summary {
    links: BTreeMap<i32, Link>,
    dropped: u64,
}

impl Summary {
    /// An empty summary.
    pub fn new() -> Self {
        Self::default()
    }

    fn link(&mut self, index: i32) -> Option<&mut Link> {
        if !self.links.contains_key(&index) && self.links.len() >= MAX_LINKS {
            self.dropped = self.dropped.saturating_add(1);
            return None;
        }
        Some(self.links.entry(index).or_default())
    }

    /// Learn from one message (call it for every message, in capture order).
    pub fn observe(&mut self, it: &Item<'_, '_>) {
        let d = it.decoded;
        if d.protocol != protocol::NETLINK_ROUTE || it.info.direction == Direction::Request {
            return;
        }
        let ty = d.msg.header.ty;
        let name = d.type_name().unwrap_or("");
        if is_link_message(ty) {
            let r = Raw::new(d, rt_link::IFINFOMSG_STRUCT.size);
            let Some(index) = r.u32(IFI_INDEX).map(|i| i as i32) else {
                return;
            };
            let Some(l) = self.link(index) else { return };
            if it.info.direction == Direction::Notification {
                l.link_changes = l.link_changes.saturating_add(1);
            }
            l.deleted = name.starts_with("RTM_DEL");
            if l.deleted {
                // The kernel drops a deleted link's addresses with it.
                l.addrs.clear();
            }
            if let Some(n) = r.attr(IFLA_IFNAME) {
                l.name = n.split(|c| *c == 0).next().unwrap_or(&[]).to_vec();
            }
            if let Some(f) = r.u32(IFI_FLAGS) {
                l.flags = Some(f);
            }
            if let Some(s) = r.attr(IFLA_OPERSTATE).and_then(|v| v.first().copied()) {
                l.oper = Some(s);
            }
            if let Some(m) = r.attr_u32(IFLA_MTU) {
                l.mtu = Some(m);
            }
            if let Some(a) = r.attr(IFLA_ADDRESS) {
                l.mac = a.to_vec();
            }
        } else if name.ends_with("ADDR") && !name.contains("LABEL") {
            let r = Raw::new(d, rt_addr::IFADDRMSG_STRUCT.size);
            let Some(index) = r.u32(IFA_INDEX).map(|i| i as i32) else {
                return;
            };
            let Some(a) = r.attr(IFA_LOCAL).or_else(|| r.attr(IFA_ADDRESS)) else {
                return;
            };
            let mut text = Vec::new();
            if addr(&mut text, a).is_err() {
                return;
            }
            text.push(b'/');
            let _ = write_u64(&mut text, u64::from(r.u8(IFA_PREFIXLEN).unwrap_or(0)));
            let Some(l) = self.link(index) else { return };
            l.addrs.retain(|x| *x != text);
            let change = it.info.direction == Direction::Notification;
            if name.starts_with("RTM_DEL") {
                l.removed = l.removed.saturating_add(u64::from(change));
            } else {
                l.added = l.added.saturating_add(u64::from(change));
                if l.addrs.len() < MAX_ADDRS {
                    l.addrs.push(text);
                }
            }
        }
    }

    /// Write one line per interface seen, in ifindex order:
    /// `IDX: NAME STATE MAC <FLAGS> mtu N ADDR/LEN… (link changes N, addresses +A -D)`.
    ///
    /// # Errors
    /// Any error of the sink.
    pub fn write<W: Write + ?Sized>(&self, w: &mut W) -> io::Result<()> {
        for (index, l) in &self.links {
            write!(w, "{index}: ")?;
            if l.name.is_empty() {
                write!(w, "if{index}")?;
            } else {
                write_escaped(w, &l.name)?;
            }
            w.write_all(b" ")?;
            match (l.deleted, l.oper) {
                (true, _) => w.write_all(b"DELETED")?,
                (false, Some(s)) => {
                    if !write_word(w, &IF_OPER, u64::from(s), Case::Upper)? {
                        write_u64(w, u64::from(s))?;
                    }
                }
                (false, None) => w.write_all(b"?")?,
            }
            if !l.mac.is_empty() {
                w.write_all(b" ")?;
                write_hex(w, &l.mac, Some(b':'))?;
            }
            if let Some(f) = l.flags {
                w.write_all(b" <")?;
                flag_words(
                    w,
                    &rt_link::IFINFO_FLAGS_ENUM,
                    u64::from(f),
                    Case::Upper,
                    Some(b","),
                    0,
                )?;
                w.write_all(b">")?;
            }
            if let Some(m) = l.mtu {
                write!(w, " mtu {m}")?;
            }
            for a in &l.addrs {
                w.write_all(b" ")?;
                w.write_all(a)?;
            }
            writeln!(
                w,
                " (link changes {}, addresses +{} -{})",
                l.link_changes, l.added, l.removed
            )?;
        }
        if self.dropped > 0 {
            writeln!(
                w,
                "({} messages about interfaces past the first {MAX_LINKS} not summarised)",
                self.dropped
            )?;
        }
        Ok(())
    }
}
