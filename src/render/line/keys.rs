//! One informative line for the families `ip monitor` does not print: the few
//! attributes and header members that identify the object (a tc qdisc's kind,
//! handle and parent; an nftables rule's table, chain, handle and expressions; a
//! conntrack entry's tuple, state, mark and zone; an xfrm SA's selector, SPI, reqid
//! and mode; a generic-netlink object's name, index or id), picked by their kernel
//! names from the message's decoded tree ([`crate::families::decode::visit`]) and
//! shown through the tables' hints (addresses, `major:minor` handles, enum names,
//! interface names).
//!
//! Key material never shows: only the names in [`word`] are printed, and none
//! holds a key.

use crate::families::decode::{
    visit_attrs, visit_struct, Body, Decoded, FieldValue, Leaf, Row, Visit,
};
use crate::families::schema::{FieldKind, Hint, Kind};
use crate::render::{
    write_address, write_escaped, write_hex, write_hex_u64, write_i64, write_tc_handle, write_u64,
    Item,
};
use crate::wire::attr::Attr;
use crate::wire::protocol;
use std::io::{self, Write};

/// How often a word is printed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Its first occurrence only (a conntrack reply tuple repeats the original's names).
    Once,
    /// Every occurrence, joined by `,` (`expr payload,cmp,immediate`).
    List,
}

/// The word a line shows for attribute or member `name` of a message of `protocol`.
fn word(protocol: u16, tc: bool, name: &str) -> Option<(&'static str, Mode)> {
    use Mode::{List, Once};
    if tc {
        return match name {
            "ifindex" => Some(("dev", Once)),
            "handle" => Some(("handle", Once)),
            "parent" => Some(("parent", Once)),
            "TCA_KIND" => Some(("kind", Once)),
            "TCA_CHAIN" => Some(("chain", Once)),
            "rate" => Some(("rate", Once)),
            "limit" => Some(("limit", Once)),
            "TCA_ACT_KIND" => Some(("action", List)),
            _ => None,
        };
    }
    match protocol {
        protocol::NETLINK_NETFILTER => match name {
            "NFTA_TABLE_NAME"
            | "NFTA_CHAIN_TABLE"
            | "NFTA_RULE_TABLE"
            | "NFTA_SET_TABLE"
            | "NFTA_OBJ_TABLE"
            | "NFTA_FLOWTABLE_TABLE"
            | "NFTA_SET_ELEM_LIST_TABLE" => Some(("table", Once)),
            "NFTA_CHAIN_NAME" | "NFTA_RULE_CHAIN" => Some(("chain", Once)),
            "NFTA_SET_NAME" | "NFTA_SET_ELEM_LIST_SET" => Some(("set", Once)),
            "NFTA_OBJ_NAME" => Some(("obj", Once)),
            "NFTA_FLOWTABLE_NAME" => Some(("flowtable", Once)),
            "NFTA_TABLE_HANDLE"
            | "NFTA_CHAIN_HANDLE"
            | "NFTA_RULE_HANDLE"
            | "NFTA_SET_HANDLE"
            | "NFTA_OBJ_HANDLE"
            | "NFTA_FLOWTABLE_HANDLE" => Some(("handle", Once)),
            "NFTA_CHAIN_TYPE" | "NFTA_OBJ_TYPE" => Some(("type", Once)),
            "NFTA_HOOK_HOOKNUM" => Some(("hook", Once)),
            "NFTA_HOOK_PRIORITY" => Some(("prio", Once)),
            "NFTA_CHAIN_POLICY" => Some(("policy", Once)),
            "NFTA_SET_FLAGS" => Some(("flags", Once)),
            "NFTA_SET_TIMEOUT" => Some(("timeout", Once)),
            "NFTA_GEN_ID" => Some(("gen", Once)),
            "NFTA_EXPR_NAME" => Some(("expr", List)),
            "CTA_IP_V4_SRC" | "CTA_IP_V6_SRC" => Some(("src", Once)),
            "CTA_IP_V4_DST" | "CTA_IP_V6_DST" => Some(("dst", Once)),
            "CTA_PROTO_NUM" => Some(("proto", Once)),
            "CTA_PROTO_SRC_PORT" => Some(("sport", Once)),
            "CTA_PROTO_DST_PORT" => Some(("dport", Once)),
            "CTA_PROTOINFO_TCP_STATE" => Some(("state", Once)),
            "CTA_STATUS" => Some(("status", Once)),
            "CTA_MARK" => Some(("mark", Once)),
            "CTA_ZONE" => Some(("zone", Once)),
            "CTA_TIMEOUT" => Some(("timeout", Once)),
            "CTA_ID" => Some(("id", Once)),
            _ => None,
        },
        protocol::NETLINK_XFRM => match name {
            "sel.saddr" => Some(("src", Once)),
            "sel.daddr" => Some(("dst", Once)),
            "sel.prefixlen_s" => Some(("src_len", Once)),
            "sel.prefixlen_d" => Some(("dst_len", Once)),
            "sel.proto" => Some(("proto", Once)),
            "id.daddr" | "daddr" => Some(("sa_dst", Once)),
            "saddr" => Some(("sa_src", Once)),
            "id.spi" | "spi" => Some(("spi", Once)),
            "id.proto" => Some(("sa_proto", Once)),
            "reqid" => Some(("reqid", Once)),
            "mode" => Some(("mode", Once)),
            "dir" => Some(("dir", Once)),
            "action" => Some(("action", Once)),
            "index" => Some(("index", Once)),
            "priority" => Some(("priority", Once)),
            "XFRMA_IF_ID" => Some(("if_id", Once)),
            _ => None,
        },
        protocol::NETLINK_GENERIC => {
            // The attributes most families identify an object by.
            if name.ends_with("_IFNAME") || name.ends_with("_DEV_NAME") {
                Some(("dev", Once))
            } else if name.ends_with("_IFINDEX") {
                Some(("ifindex", Once))
            } else if name.ends_with("_WIPHY_NAME") || name.ends_with("_FAMILY_NAME") {
                Some(("name", Once))
            } else if name.ends_with("_WIPHY") || name.ends_with("_ID") {
                Some(("id", Once))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// At most this many facts per line: the line stays a line.
const MAX_FACTS: usize = 12;

struct Keys<'w, 'i, 's, 'a, W: Write + ?Sized> {
    w: &'w mut W,
    it: &'i Item<'s, 'a>,
    protocol: u16,
    tc: bool,
    printed: [&'static str; MAX_FACTS],
    n: usize,
    last: Option<&'static str>,
    err: Option<io::Error>,
    /// xfrm: the address families of the selector (`sel.family`) and of the SA
    /// (`family`), which say how much of a 16-byte `xfrm_address_t` is the address.
    sel_family: Option<u16>,
    sa_family: Option<u16>,
    /// The embedded structs the walk is inside (`sel` of `sel.daddr`).
    within: crate::families::decode::Within,
}

impl<W: Write + ?Sized> Keys<'_, '_, '_, '_, W> {
    /// Writes ` word ` (or `,` after the same list word) and then the value; returns
    /// false when the fact is not to be shown.
    fn key(&mut self, name: &str) -> Option<()> {
        let (word, mode) = word(self.protocol, self.tc, name)?;
        if self.err.is_some() {
            return None;
        }
        let r = if mode == Mode::List && self.last == Some(word) {
            self.w.write_all(b",")
        } else {
            if self.printed.iter().take(self.n).any(|p| *p == word) && mode == Mode::Once {
                return None;
            }
            if self.n >= MAX_FACTS {
                return None;
            }
            if let Some(slot) = self.printed.get_mut(self.n) {
                *slot = word;
            }
            self.n += 1;
            self.last = Some(word);
            self.w
                .write_all(b" ")
                .and_then(|()| self.w.write_all(word.as_bytes()))
                .and_then(|()| self.w.write_all(b" "))
        };
        match r {
            Ok(()) => Some(()),
            Err(e) => {
                self.err = Some(e);
                None
            }
        }
    }

    fn done(&mut self, r: io::Result<()>) {
        if let Err(e) = r {
            self.err.get_or_insert(e);
        }
    }

    fn int(&mut self, v: i128, hint: Hint) {
        let r = int(self.w, v, hint, self.it);
        self.done(r);
    }

    fn bytes(&mut self, b: &[u8], hint: Hint, selector: bool) {
        let fam = if selector {
            self.sel_family
        } else {
            self.sa_family.or(self.sel_family)
        };
        // xfrm_address_t holds an IPv4 address in its first 4 bytes.
        let b = match fam.and_then(|f| crate::families::names::AF.name_of(u64::from(f))) {
            Some("inet") if b.len() == 16 => b.get(..4).unwrap_or(b),
            _ => b,
        };
        let hint = if self.protocol == protocol::NETLINK_XFRM && matches!(b.len(), 4 | 16) {
            Hint::Ip
        } else {
            hint
        };
        let r = (|| {
            if !write_address(self.w, hint, b)? {
                write_hex(self.w, b, None)?;
            }
            Ok(())
        })();
        self.done(r);
    }
}

fn int<W: Write + ?Sized>(w: &mut W, v: i128, hint: Hint, it: &Item<'_, '_>) -> io::Result<()> {
    let u = v as u64;
    match hint {
        Hint::TcHandle if u32::try_from(v).is_ok() => write_tc_handle(w, u as u32),
        Hint::Hex => write_hex_u64(w, u),
        Hint::Ifindex => match i32::try_from(v).ok().and_then(|i| it.session.ifname(i)) {
            Some(n) => write_escaped(w, n),
            None => write_i64(w, v as i64),
        },
        Hint::Enum(def) if def.flags => {
            let mut left = u;
            let mut first = true;
            for &(bit, name) in def.entries {
                if bit != 0 && left & bit == bit {
                    if !first {
                        w.write_all(b"|")?;
                    }
                    first = false;
                    w.write_all(name.as_bytes())?;
                    left &= !bit;
                }
            }
            if left != 0 || first {
                if !first {
                    w.write_all(b"|")?;
                }
                write_hex_u64(w, left)?;
            }
            Ok(())
        }
        Hint::Ipv4 | Hint::Ip if u32::try_from(v).is_ok() => {
            crate::render::write_ipv4(w, (u as u32).to_be_bytes())
        }
        Hint::Enum(def) => match def.name_of(u) {
            // `IPPROTO_ESP` -> `esp`, `XFRM_MODE_TUNNEL` -> `tunnel`, as `ip xfrm` says.
            Some(n) => match ["IPPROTO_", "XFRM_MODE_", "XFRM_POLICY_", "XFRM_SHARE_"]
                .iter()
                .find_map(|p| n.strip_prefix(p))
            {
                Some(rest) => {
                    for b in rest.bytes() {
                        w.write_all(&[b.to_ascii_lowercase()])?;
                    }
                    Ok(())
                }
                None => w.write_all(n.as_bytes()),
            },
            None => write_i64(w, v as i64),
        },
        _ if v < 0 => write_i64(w, v as i64),
        _ => write_u64(w, u),
    }
}

fn kind_hint(row: &Row) -> Hint {
    match row.kind {
        Some(Kind::Scalar(_, _, h) | Kind::Binary(h)) => *h,
        _ => Hint::None,
    }
}

impl<'a, W: Write + ?Sized> Visit<'a> for Keys<'_, '_, '_, '_, W> {
    fn leaf(&mut self, _: &Attr<'a>, row: Row, value: Leaf<'a>) {
        let Some(name) = row.name else { return };
        if self.key(name).is_none() {
            return;
        }
        match value {
            Leaf::Unsigned(v) => self.int(i128::from(v), kind_hint(&row)),
            Leaf::Signed(v) => self.int(i128::from(v), kind_hint(&row)),
            Leaf::String(s) => {
                let r = write_escaped(self.w, s);
                self.done(r);
            }
            Leaf::Bytes(b) | Leaf::Unknown(b) => self.bytes(b, kind_hint(&row), false),
            Leaf::Flag => {}
            Leaf::Bitfield32 { value, .. } => self.int(i128::from(value), Hint::Hex),
        }
    }

    fn begin_embedded(&mut self, field: &'static crate::families::schema::Field) {
        self.within.push(field);
    }

    fn end_embedded(&mut self) {
        self.within.pop();
    }

    fn member(&mut self, field: &'static crate::families::schema::Field, value: FieldValue<'a>) {
        // The member's shown name (`sel.daddr`), built without allocating.
        let mut buf = [0u8; 64];
        let mut cur: &mut [u8] = &mut buf;
        if crate::render::write_member_name(&mut cur, &self.within, field).is_err() {
            return;
        }
        let left = cur.len();
        let used = buf.len() - left;
        let Some(name) = buf.get(..used).and_then(|b| std::str::from_utf8(b).ok()) else {
            return;
        };
        let selector = name.starts_with("sel.");
        if self.key(name).is_none() {
            return;
        }
        let hint = match field.kind {
            FieldKind::Scalar(_, _, h) | FieldKind::Bytes(_, h) | FieldKind::Rest(h) => h,
            FieldKind::Pad(_) | FieldKind::Struct(_) => Hint::None,
        };
        match value {
            FieldValue::Unsigned(v) => self.int(i128::from(v), hint),
            FieldValue::Signed(v) => self.int(i128::from(v), hint),
            FieldValue::Bytes(b) => self.bytes(b, hint, selector),
        }
    }
}

/// The identifying facts of a message of a family `ip monitor` does not print (and
/// of rtnetlink's tc messages), from its decoded header and attributes.
pub(super) fn facts<W: Write + ?Sized>(
    w: &mut W,
    d: &Decoded<'_>,
    it: &Item<'_, '_>,
    tc: bool,
) -> io::Result<()> {
    let Body::Family(f) = &d.body else {
        return Ok(());
    };
    let mut k = Keys {
        w,
        it,
        protocol: d.protocol,
        tc,
        printed: [""; MAX_FACTS],
        n: 0,
        last: None,
        err: None,
        sel_family: None,
        sa_family: None,
        within: crate::families::decode::Within::default(),
    };
    if let Some(h) = &f.header {
        if d.protocol == protocol::NETLINK_XFRM {
            // `StructView::field` follows embedded structs (`sel.family`).
            let fam = |name: &str| h.unsigned(name).and_then(|v| u16::try_from(v).ok());
            k.sel_family = fam("sel.family");
            k.sa_family = fam("family");
        }
        visit_struct(h, &mut k);
    }
    visit_attrs(&f.attrs, &mut k);
    match k.err {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
