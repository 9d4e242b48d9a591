//! Shared by `tshark_diff.rs` and `coverage.rs`: decode every record of a corpus
//! capture with the library and flatten what was found (messages, attributes, leaf
//! values, problems) into lists keyed by absolute byte position in the record, the
//! way tshark's PDML `pos` counts (the 16-byte nlmon header included).
#![allow(dead_code)]

use nlscope::families::decode::{
    decode_message, AttrsView, Body, Context, Element, FieldValue, StructView, Value,
};
use nlscope::families::schema::{AttrSet, FieldKind, Hint, Kind};
use nlscope::record::{read_all, LinkType};
use nlscope::wire::endian::Endian;
use nlscope::wire::nlmsg::{Message, Messages};
use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;

/// The nlmon (LINKTYPE_NETLINK) header before the netlink payload.
pub const NLMON_HDR: usize = 16;

/// The corpus captures, in the order the README lists them.
pub const CAPTURES: &[&str] = &[
    "rtnl-basic.pcap",
    "rtnl-basic.pcapng",
    "rtnl-churn.pcap",
    "genl-diag.pcap",
    "nf-xfrm.pcap",
    "listener-k6.18.pcap",
    "dumps-k6.18.pcap",
    "errors-k6.18.pcap",
];

pub fn corpus_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name)
}

/// One message nlscope found.
#[derive(Clone, Debug)]
pub struct WMsg {
    /// Absolute position of its `nlmsghdr` in the record.
    pub pos: usize,
    pub len: u32,
    pub ty: u16,
    pub flags: u16,
    pub seq: u32,
    pub pid: u32,
    pub protocol: u16,
    /// The request echoed inside an `NLMSG_ERROR`.
    pub echoed: bool,
    /// Control message, or a family message with a definition.
    pub known: bool,
    /// What kind of message (for reports): `RTM_NEWLINK`, `genl nl80211 cmd 5`, …
    pub what: String,
    /// Generic netlink: the family's name, if learned.
    pub genl_family: Option<String>,
}

/// One attribute nlscope found.
#[derive(Clone, Debug)]
pub struct WAttr {
    /// Absolute position of its `nlattr` header.
    pub pos: usize,
    /// `nla_len`.
    pub len: usize,
    /// `nla_type` with the flag bits.
    pub raw_type: u16,
    /// The table's name, if known.
    pub name: Option<&'static str>,
    /// The space it was looked up in (None: an element of an indexed array, or
    /// an attribute of a message nlscope has no table for).
    pub space: Option<&'static AttrSet>,
    /// An element of an indexed array (type = index).
    pub element: bool,
    /// Known: the table has a row (or it is an array element).
    pub known: bool,
    /// Absolute position of the message it belongs to.
    pub msg_pos: usize,
}

/// One leaf value: an attribute's payload or a struct member.
#[derive(Clone, Debug)]
pub struct Leaf {
    /// Absolute position of the value's first byte.
    pub pos: usize,
    pub size: usize,
    /// Attribute name (`IFLA_MTU`) or `struct.member` (`ifinfomsg.ifi_index`).
    pub name: String,
    /// Normalised text: decimal numbers, addresses as text, MACs lower-case colon
    /// form, strings up to the NUL, other bytes lower-case hex.
    pub text: String,
    /// The value is opaque bytes (`text` is hex).
    pub is_bytes: bool,
}

/// Something that should not happen in real captures.
#[derive(Clone, Debug)]
pub struct Problem {
    pub pos: usize,
    pub what: String,
    /// A message-stream error where everything left is zero bytes and the record
    /// is a request (user space sent its whole buffer, `nlmsg_len` covers less).
    pub zero_tail_of_request: bool,
}

/// A sub-message attribute whose selector value has no format in the tables.
#[derive(Clone, Debug)]
pub struct UnknownFormat {
    pub pos: usize,
    pub attr: &'static str,
    pub table: &'static str,
    pub selector: String,
}

/// Everything found in one record.
#[derive(Clone, Debug, Default)]
pub struct Walked {
    pub frame: u64,
    pub protocol: u16,
    pub msgs: Vec<WMsg>,
    pub attrs: Vec<WAttr>,
    pub leaves: Vec<Leaf>,
    pub problems: Vec<Problem>,
    pub unknown_formats: Vec<UnknownFormat>,
}

/// Decode every record of capture `name`; records come back in frame order.
pub fn walk_capture(name: &str) -> Vec<Walked> {
    let bytes = std::fs::read(corpus_path(name)).unwrap();
    let mut out = Vec::new();
    let mut ctx = Context::new();
    let mut endian = Endian::Little;
    for rec in read_all(&bytes).unwrap() {
        let rec = rec.unwrap();
        assert_eq!(rec.link.link_type, LinkType::NETLINK, "{name}: link type");
        endian = Endian::detect(rec.payload, rec.orig_len as usize - NLMON_HDR, endian);
        let mut w = Walked {
            frame: rec.frame,
            protocol: rec.link.protocol,
            ..Walked::default()
        };
        let mut msgs = Messages::new(rec.payload, endian).snap_cut(rec.truncated);
        while let Some(m) = msgs.next() {
            match m {
                Ok(m) => walk_message(&mut w, &mut ctx, m, NLMON_HDR + m.offset, false),
                Err(e) => {
                    let request = w.msgs.first().is_some_and(|m| m.flags & 1 != 0);
                    let zeros = msgs.rest().iter().all(|b| *b == 0);
                    w.problems.push(Problem {
                        pos: NLMON_HDR + e.offset,
                        what: format!("framing: {e}"),
                        zero_tail_of_request: request && zeros,
                    });
                }
            }
        }
        out.push(w);
    }
    out
}

fn walk_message(w: &mut Walked, ctx: &mut Context, m: Message<'_>, pos: usize, echoed: bool) {
    let d = decode_message(m, w.protocol, ctx);
    let h = m.header;
    let mut wm = WMsg {
        pos,
        len: h.len,
        ty: h.ty,
        flags: h.flags,
        seq: h.seq,
        pid: h.pid,
        protocol: w.protocol,
        echoed,
        known: true,
        what: d.type_name().unwrap_or("?").to_owned(),
        genl_family: None,
    };
    if m.truncated {
        w.problems.push(Problem {
            zero_tail_of_request: false,
            pos,
            what: "message cut by the snap length".into(),
        });
    }
    match &d.body {
        Body::Noop(_) | Body::Overrun(_) => {}
        Body::Done(done) => {
            if let Some(e) = done.error {
                leaf(w, pos + 16, 4, "nlmsgerr.error".into(), e.to_string());
            }
            if let Some(x) = &done.extack {
                walk_attrs(w, x.clone(), pos, pos);
            }
        }
        Body::Error(e) => {
            if let Some(err) = e.error {
                leaf(w, pos + 16, 4, "nlmsgerr.error".into(), err.to_string());
            }
            if let Some(p) = &e.problem {
                w.problems.push(Problem {
                    zero_tail_of_request: false,
                    pos,
                    what: format!("NLMSG_ERROR: {p}"),
                });
            }
            if let Some(x) = &e.extack {
                walk_attrs(w, x.clone(), pos, pos);
            }
            if let Some(req) = e.request {
                // Walked after this message is pushed (below), so messages stay in
                // position order.
                w.msgs.push(wm);
                if e.capped {
                    let rh = req.header;
                    w.msgs.push(WMsg {
                        pos: pos + req.offset,
                        len: rh.len,
                        ty: rh.ty,
                        flags: rh.flags,
                        seq: rh.seq,
                        pid: rh.pid,
                        protocol: w.protocol,
                        echoed: true,
                        known: true,
                        what: "echoed header".into(),
                        genl_family: None,
                    });
                } else {
                    walk_message(w, ctx, req, pos + req.offset, true);
                }
                ctx.observe(&d);
                return;
            }
        }
        Body::Family(f) => {
            if let Some(g) = f.genl {
                let fam = ctx.genl_name(g.family_id).map(str::to_owned);
                wm.what = match (&fam, f.def) {
                    (Some(n), Some(def)) => format!("genl {n} {}", def.name),
                    (Some(n), None) => format!("genl {n} cmd {}", g.cmd),
                    (None, _) => format!("genl id {} cmd {}", g.family_id, g.cmd),
                };
                wm.genl_family = fam;
                leaf(w, pos + 16, 1, "genlmsghdr.cmd".into(), g.cmd.to_string());
                leaf(
                    w,
                    pos + 17,
                    1,
                    "genlmsghdr.version".into(),
                    g.version.to_string(),
                );
            } else if f.def.is_none() {
                wm.what = format!("protocol {} type {} (0x{:x})", w.protocol, h.ty, h.ty);
            }
            wm.known = f.def.is_some();
            if let Some(e) = &f.header_error {
                w.problems.push(Problem {
                    zero_tail_of_request: false,
                    pos,
                    what: format!("{}: {e}", wm.what),
                });
            }
            if let Some(hv) = &f.header {
                struct_leaves(w, hv, pos);
            }
            // Without a definition the fixed header is unknown, so attributes of a
            // netlink-raw message cannot be found; generic netlink has no fixed
            // header beyond genlmsghdr, so they can (untyped).
            if f.def.is_some() || f.genl.is_some() {
                walk_attrs(w, f.attrs.clone(), pos, pos);
            }
        }
    }
    w.msgs.push(wm);
    ctx.observe(&d);
}

fn walk_attrs(w: &mut Walked, view: AttrsView<'_>, base: usize, msg_pos: usize) {
    let set = view.set();
    let element = view.element().is_some();
    let siblings = view.raw().clone();
    for a in view {
        let a = match a {
            Ok(a) => a,
            Err(e) => {
                w.problems.push(Problem {
                    zero_tail_of_request: false,
                    pos: base + e.offset,
                    what: format!(
                        "framing in {}: {e}",
                        set.map_or("an untyped space", |s| s.name)
                    ),
                });
                break;
            }
        };
        let pos = base + a.attr.offset;
        let vpos = base + a.attr.value_offset();
        w.attrs.push(WAttr {
            pos,
            len: a.attr.value.len() + 4,
            raw_type: a.attr.raw_type(),
            name: a.name,
            space: set,
            element,
            known: element || a.kind.is_some(),
            msg_pos,
        });
        let name = a
            .name
            .map_or_else(|| format!("#{}", a.attr.ty), str::to_owned);
        let hint = a.hint();
        match a.value {
            Value::Unsigned(v) => leaf(w, vpos, a.attr.value.len(), name, num_text(v, hint)),
            Value::Signed(v) => leaf(w, vpos, a.attr.value.len(), name, v.to_string()),
            Value::String(s) => leaf(
                w,
                vpos,
                a.attr.value.len(),
                name,
                String::from_utf8_lossy(s).into_owned(),
            ),
            Value::Bytes(b) => bytes_leaf(w, vpos, name, b, hint),
            Value::Flag => leaf(w, vpos, 0, name, String::new()),
            Value::Bitfield32 { value, selector } => {
                leaf(w, vpos, 8, name, format!("{value}/{selector}"))
            }
            Value::Struct(sv) => struct_leaves(w, &sv, base),
            Value::Packed(p) => {
                // One leaf per element, where it lies, named `NAME[i]`.
                let size = p.size();
                for (i, e) in p.elements().enumerate() {
                    let text = match e {
                        Element::Unsigned(x) => num_text(x, hint),
                        Element::Signed(x) => x.to_string(),
                    };
                    leaf(w, vpos + i * size, size, format!("{name}[{i}]"), text);
                }
                let rest = p.rest();
                if !rest.is_empty() {
                    let at = vpos + p.bytes.len() - rest.len();
                    bytes_leaf(w, at, format!("{name} tail"), rest, Hint::None);
                }
            }
            Value::StructArray(arr) => {
                for sv in arr.elements() {
                    struct_leaves(w, &sv, base);
                }
            }
            Value::Nest(v) => walk_attrs(w, v, base, msg_pos),
            Value::SubMessage { header, attrs, .. } => {
                if let Some(hv) = header {
                    struct_leaves(w, &hv, base);
                }
                walk_attrs(w, attrs, base, msg_pos);
            }
            Value::Multipath(mp) => {
                for hop in mp.hops() {
                    match hop {
                        Ok(hop) => {
                            leaf(
                                w,
                                base + hop.offset + 4,
                                4,
                                "rtnexthop.rtnh_ifindex".into(),
                                hop.ifindex.to_string(),
                            );
                            walk_attrs(w, hop.attrs, base, msg_pos);
                        }
                        Err(e) => {
                            w.problems.push(Problem {
                                zero_tail_of_request: false,
                                pos: base + e.offset,
                                what: format!("RTA_MULTIPATH: {e}"),
                            });
                            break;
                        }
                    }
                }
            }
            Value::Unknown(b) => {
                if let Some(Kind::SubMessage { selector, table }) = a.kind {
                    let selector = siblings.get(*selector).map_or_else(
                        || "(selector missing)".to_owned(),
                        |s| {
                            let text = s.value.split(|b| *b == 0).next().unwrap_or(s.value);
                            String::from_utf8_lossy(text).into_owned()
                        },
                    );
                    w.unknown_formats.push(UnknownFormat {
                        pos,
                        attr: a.name.unwrap_or("?"),
                        table: table.name,
                        selector,
                    });
                }
                bytes_leaf(w, vpos, name, b, Hint::None);
            }
            Value::Invalid { raw, error } => {
                w.problems.push(Problem {
                    zero_tail_of_request: false,
                    pos: vpos,
                    what: format!(
                        "invalid {} in {}: {error} (raw {})",
                        a.name.unwrap_or("?"),
                        set.map_or("?", |s| s.name),
                        hex(raw)
                    ),
                });
            }
        }
    }
}

fn leaf(w: &mut Walked, pos: usize, size: usize, name: String, text: String) {
    w.leaves.push(Leaf {
        pos,
        size,
        name,
        text,
        is_bytes: false,
    });
}

fn bytes_leaf(w: &mut Walked, pos: usize, name: String, b: &[u8], hint: Hint) {
    let is_bytes = !matches!(hint, Hint::Mac | Hint::Ipv4 | Hint::Ipv6 | Hint::Ip);
    w.leaves.push(Leaf {
        pos,
        size: b.len(),
        name,
        text: bytes_text(b, hint),
        is_bytes,
    });
}

fn struct_leaves(w: &mut Walked, sv: &StructView<'_>, base: usize) {
    struct_leaves_in(w, sv, base, sv.def.name);
}

/// The members of `sv` named `{prefix}.{member}`; an embedded struct's members with
/// the embedding member's name added to the prefix (`xfrm_usersa_info.sel.daddr`).
fn struct_leaves_in(w: &mut Walked, sv: &StructView<'_>, base: usize, prefix: &str) {
    for (f, v) in sv.fields() {
        let hint = match f.kind {
            FieldKind::Scalar(_, _, h) | FieldKind::Bytes(_, h) | FieldKind::Rest(h) => h,
            FieldKind::Pad(_) | FieldKind::Struct(_) => Hint::None,
        };
        if let Some(inner) = sv.embedded(f) {
            struct_leaves_in(w, &inner, base, &format!("{prefix}.{}", f.name));
            continue;
        }
        let pos = base + sv.offset + f.offset;
        let name = format!("{prefix}.{}", f.name);
        match v {
            FieldValue::Unsigned(x) => leaf(w, pos, f.kind.size(), name, num_text(x, hint)),
            FieldValue::Signed(x) => leaf(w, pos, f.kind.size(), name, x.to_string()),
            FieldValue::Bytes(b) => bytes_leaf(w, pos, name, b, hint),
        }
    }
}

fn num_text(v: u64, hint: Hint) -> String {
    match hint {
        Hint::Ipv4 => {
            u32::try_from(v).map_or_else(|_| v.to_string(), |x| Ipv4Addr::from(x).to_string())
        }
        _ => v.to_string(),
    }
}

pub fn hex(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        let _ = write!(s, "{x:02x}");
    }
    s
}

pub fn mac(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

pub fn ip_text(b: &[u8]) -> Option<String> {
    if let Ok(a) = <[u8; 4]>::try_from(b) {
        return Some(Ipv4Addr::from(a).to_string());
    }
    if let Ok(a) = <[u8; 16]>::try_from(b) {
        return Some(Ipv6Addr::from(a).to_string());
    }
    None
}

fn bytes_text(b: &[u8], hint: Hint) -> String {
    match hint {
        Hint::Mac => mac(b),
        Hint::Ipv4 | Hint::Ipv6 | Hint::Ip => ip_text(b).unwrap_or_else(|| hex(b)),
        _ => hex(b),
    }
}
