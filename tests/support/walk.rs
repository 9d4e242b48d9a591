//! The walks that the benchmarks measure, shared (with `#[path]`) by `benches/decode.rs`,
//! `examples/walk.rs` (callgrind) and `tests/alloc_free.rs`, so that what is counted,
//! timed and allocation-checked is one and the same code.
//!
//! Each walk returns a checksum that depends on every value it read, so the optimiser
//! cannot drop the work, and so that two walks of the same structure can be compared.
//!
//! - [`structural`]: nlscope's `Messages` + `Attrs`, every header and attribute,
//!   nested ones too, no typed values.
//! - [`hand_walk`]: the speed limit: a minimal bounds-checked walker over plain slices,
//!   no nom, no schema, the same nesting rule.
//! - [`render_all`]: decode, session and one of the renderers, as `nlscope decode`.
//! - [`typed_record`]: `decode_message` and a recursive walk that reads every typed
//!   value (nests, arrays, sub-messages, multipath hops, struct fields, the request
//!   echoed by `NLMSG_ERROR`).
//! - [`visit_record`]: the same values pushed to a visitor: `decode::visit_family` for
//!   family messages (no `Decoded`, no `DecodedAttr`; compiled code for rtnetlink),
//!   `decode_message` + `decode::visit_attrs` for control messages and generic
//!   netlink; its checksum equals [`typed_record`]'s.
//!
//! Nesting rule of the two structural walks: an attribute is walked as nested when its
//! `NLA_F_NESTED` bit is set (the same rule for both, so the comparison is fair; the
//! typed walk uses the schema instead). Where attributes start is known from a small
//! table of rtnetlink fixed-header sizes ([`rtnl_fixed_len`]) that both share.
#![allow(dead_code)]

use nlscope::families::decode::value::{NextHop, MAX_DEPTH};
use nlscope::families::decode::{
    decode_message, visit_attrs, visit_family, visit_struct, AttrsView, Body, Context, Decoded,
    Element, FieldValue, Leaf, Row, StructView, Value, Visit,
};
use nlscope::families::schema::Field;
use nlscope::wire::attr::{Attr, Attrs, NLA_F_NESTED, NLA_TYPE_MASK};
use nlscope::wire::endian::Endian;
use nlscope::wire::error::DecodeError;
use nlscope::wire::nlmsg::{align4, Messages, NLMSG_HDRLEN};

/// Every capture under `corpus/` (`.pcap` and `.pcapng`), sorted by name (none when
/// the directory cannot be read: callers assert how much they decoded).
pub fn corpus_captures() -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pcap" || x == "pcapng"))
        .collect();
    files.sort();
    files
}

/// Size of the fixed header after `nlmsghdr` of an rtnetlink message type
/// (include/uapi/linux/rtnetlink.h), for types whose payload is header + attributes.
#[inline]
pub fn rtnl_fixed_len(ty: u16) -> Option<usize> {
    Some(match ty {
        16..=19 => 16,   // LINK: ifinfomsg
        20..=23 => 8,    // ADDR: ifaddrmsg
        24..=27 => 12,   // ROUTE: rtmsg
        28..=31 => 12,   // NEIGH: ndmsg
        32..=35 => 12,   // RULE: fib_rule_hdr
        36..=47 => 20,   // QDISC, TCLASS, TFILTER: tcmsg
        48..=51 => 4,    // ACTION: tcamsg
        52..=55 => 12,   // PREFIX: prefixmsg
        56..=63 => 8,    // MULTICAST, ANYCAST: ifaddrmsg
        64..=67 => 4,    // NEIGHTBL: ndtmsg
        72..=75 => 12,   // ADDRLABEL: ifaddrlblmsg
        78..=79 => 4,    // DCB: dcbmsg
        80..=83 => 4,    // NETCONF: netconfmsg (1 byte, aligned)
        84..=87 => 8,    // MDB: br_port_msg
        88..=91 => 4,    // NSID: rtgenmsg (1 byte, aligned)
        92..=95 => 12,   // STATS: if_stats_msg
        100..=103 => 20, // CHAIN: tcmsg
        104..=107 => 8,  // NEXTHOP: nhmsg
        108..=110 => 16, // LINKPROP: ifinfomsg
        112..=115 => 8,  // VLAN: br_vlan_msg
        116..=119 => 8,  // NEXTHOPBUCKET: nhmsg
        120..=123 => 8,  // TUNNEL: tunnel_msg
        _ => return None,
    })
}

/// How deep the structural walks follow nests (nlscope's own typed limit).
pub const STRUCT_DEPTH: u8 = MAX_DEPTH;

/// One capture record, as the walks take it.
#[derive(Clone, Copy, Debug)]
pub struct Rec<'a> {
    /// Netlink protocol from the link-layer header.
    pub protocol: u16,
    /// The netlink bytes.
    pub payload: &'a [u8],
    /// Length of the netlink bytes before any snap-length cut.
    pub wire_len: usize,
}

/// The records of a capture file, read with `nlscope::record` (empty if unreadable;
/// stops at the first error: these are the team's own files).
pub fn records(file: &[u8]) -> Vec<Rec<'_>> {
    let Ok(reader) = nlscope::record::read_all(file) else {
        return Vec::new();
    };
    reader
        .map_while(Result::ok)
        .map(|r| {
            let link_len = (r.caplen as usize).saturating_sub(r.payload.len());
            Rec {
                protocol: r.link.protocol,
                payload: r.payload,
                wire_len: (r.orig_len as usize).saturating_sub(link_len),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------
// (a) nlscope structural walk

/// Every header and attribute of one netlink buffer with nlscope's `Messages` + `Attrs`.
#[inline(never)]
pub fn structural(buf: &[u8], e: Endian) -> u64 {
    let mut sum = 0u64;
    for m in Messages::new(buf, e) {
        let Ok(m) = m else { break };
        sum = sum
            .wrapping_add(u64::from(m.header.ty))
            .wrapping_add(u64::from(m.header.flags))
            .wrapping_add(m.bytes.len() as u64);
        if let Some(fixed) = rtnl_fixed_len(m.header.ty) {
            let at = NLMSG_HDRLEN + align4(fixed);
            if let Some(attrs) = m.bytes.get(at..) {
                sum = sum.wrapping_add(structural_attrs(Attrs::new(attrs, at, e), 0));
            }
        }
    }
    sum
}

fn structural_attrs(attrs: Attrs<'_>, depth: u8) -> u64 {
    let e = attrs.endian();
    let mut sum = 0u64;
    for a in attrs {
        let Ok(a) = a else { break };
        sum = sum
            .wrapping_add(u64::from(a.ty))
            .wrapping_add(a.value.len() as u64);
        if a.nested && depth < STRUCT_DEPTH {
            sum = sum.wrapping_add(structural_attrs(
                Attrs::new(a.value, a.value_offset(), e),
                depth + 1,
            ));
        }
    }
    sum
}

// ---------------------------------------------------------------------------------
// (b) the hand-written speed limit

#[inline(always)]
fn le16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

#[inline(always)]
fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The same walk as [`structural`], by hand: plain slices, `from_le_bytes`, bounds
/// checks by `get`, no iterator state, no error values.
#[inline(never)]
pub fn hand_walk(buf: &[u8]) -> u64 {
    let mut sum = 0u64;
    let mut pos = 0usize;
    while let (Some(len), Some(ty), Some(flags)) =
        (le32(buf, pos), le16(buf, pos + 4), le16(buf, pos + 6))
    {
        let len = len as usize;
        if len < NLMSG_HDRLEN {
            break;
        }
        let Some(msg) = buf.get(pos..pos + len) else {
            break;
        };
        sum = sum
            .wrapping_add(u64::from(ty))
            .wrapping_add(u64::from(flags))
            .wrapping_add(len as u64);
        if let Some(fixed) = rtnl_fixed_len(ty) {
            if let Some(attrs) = msg.get(NLMSG_HDRLEN + align4(fixed)..) {
                sum = sum.wrapping_add(hand_attrs(attrs, 0));
            }
        }
        pos += align4(len);
    }
    sum
}

fn hand_attrs(mut b: &[u8], depth: u8) -> u64 {
    let mut sum = 0u64;
    while let (Some(len), Some(ty)) = (le16(b, 0), le16(b, 2)) {
        let len = usize::from(len);
        if len < 4 {
            break;
        }
        let Some(value) = b.get(4..len) else { break };
        sum = sum
            .wrapping_add(u64::from(ty & NLA_TYPE_MASK))
            .wrapping_add(value.len() as u64);
        if ty & NLA_F_NESTED != 0 && depth < STRUCT_DEPTH {
            sum = sum.wrapping_add(hand_attrs(value, depth + 1));
        }
        b = b.get(align4(len)..).unwrap_or(&[]);
    }
    sum
}

// ---------------------------------------------------------------------------------
// (c) full typed decode

/// Decode every message of one record and read every typed value; the context
/// learns from each message as a capture decoder would.
#[inline(never)]
pub fn typed_record(buf: &[u8], protocol: u16, e: Endian, ctx: &mut Context) -> u64 {
    let mut sum = 0u64;
    for m in Messages::new(buf, e) {
        let Ok(m) = m else { break };
        let d = decode_message(m, protocol, ctx);
        sum = sum.wrapping_add(typed_decoded(&d, ctx, 0));
        ctx.observe(&d);
    }
    sum
}

/// Read every typed value of a decoded message.
pub fn typed_decoded(d: &Decoded<'_>, ctx: &Context, echo_depth: u8) -> u64 {
    let mut sum = u64::from(d.msg.header.ty);
    match &d.body {
        Body::Noop(p) | Body::Overrun(p) => sum = sum.wrapping_add(p.len() as u64),
        Body::Done(done) => {
            sum = sum.wrapping_add(done.error.unwrap_or(0) as u64);
            if let Some(x) = &done.extack {
                sum = sum.wrapping_add(typed_attrs(x.clone()));
            }
        }
        Body::Error(err) => {
            sum = sum.wrapping_add(err.error.unwrap_or(0) as u64);
            if let (Some(req), true) = (err.request, echo_depth < 2) {
                let inner = decode_message(req, d.protocol, ctx);
                sum = sum.wrapping_add(typed_decoded(&inner, ctx, echo_depth + 1));
            }
            if let Some(x) = &err.extack {
                sum = sum.wrapping_add(typed_attrs(x.clone()));
            }
        }
        Body::Family(f) => {
            if let Some(g) = f.genl {
                sum = sum.wrapping_add(u64::from(g.cmd));
            }
            if let Some(h) = &f.header {
                sum = sum.wrapping_add(typed_struct(h));
            }
            sum = sum.wrapping_add(typed_attrs(f.attrs.clone()));
        }
    }
    sum
}

fn typed_attrs(view: AttrsView<'_>) -> u64 {
    let mut sum = 0u64;
    for a in view {
        let Ok(a) = a else { break };
        sum = sum
            .wrapping_add(u64::from(a.attr.ty))
            .wrapping_add(typed_value(&a.value));
    }
    sum
}

fn typed_struct(s: &StructView<'_>) -> u64 {
    (s.tail().len() as u64).wrapping_add(typed_members(s))
}

/// The members' sum; an embedded struct's members one by one, as the visitor
/// gets them.
fn typed_members(s: &StructView<'_>) -> u64 {
    let mut sum = 0u64;
    for (f, v) in s.fields() {
        if let Some(inner) = s.embedded(f) {
            sum = sum.wrapping_add(typed_members(&inner));
            continue;
        }
        sum = sum.wrapping_add(match v {
            FieldValue::Unsigned(x) => x,
            FieldValue::Signed(x) => x as u64,
            FieldValue::Bytes(b) => b.len() as u64,
        });
    }
    sum
}

fn typed_value(v: &Value<'_>) -> u64 {
    match v {
        Value::Unsigned(x) => *x,
        Value::Signed(x) => *x as u64,
        Value::String(s) | Value::Bytes(s) | Value::Unknown(s) => s.len() as u64,
        Value::Flag => 1,
        Value::Bitfield32 { value, selector } => u64::from(value ^ selector),
        Value::Struct(s) => typed_struct(s),
        Value::Packed(p) => p
            .elements()
            .map(|e| match e {
                nlscope::families::decode::Element::Unsigned(x) => x,
                nlscope::families::decode::Element::Signed(x) => x as u64,
            })
            .fold(0, u64::wrapping_add),
        Value::StructArray(a) => a
            .elements()
            .map(|s| typed_struct(&s))
            .fold(0, u64::wrapping_add),
        Value::Nest(view) => typed_attrs(view.clone()),
        Value::SubMessage { header, attrs, .. } => header
            .as_ref()
            .map_or(0, typed_struct)
            .wrapping_add(typed_attrs(attrs.clone())),
        Value::Multipath(mp) => {
            let mut sum = 0u64;
            for hop in mp.hops() {
                let Ok(hop) = hop else { break };
                sum = sum
                    .wrapping_add(hop.ifindex as u64)
                    .wrapping_add(u64::from(hop.flags))
                    .wrapping_add(typed_attrs(hop.attrs));
            }
            sum
        }
        Value::Invalid { raw, .. } => raw.len() as u64,
    }
}

// ---------------------------------------------------------------------------------
// (c') full typed decode through the visitor

/// [`typed_record`] with the attribute trees read by `decode::visit_attrs` instead of
/// the `AttrsView` iterators: the same values, the same checksum.
#[inline(never)]
pub fn visit_record(buf: &[u8], protocol: u16, e: Endian, ctx: &mut Context) -> u64 {
    let mut sum = 0u64;
    for item in Messages::new(buf, e) {
        // (By reference: moving the message out of the `Result` copies it with wide
        // loads of fields just written one by one, which stalls on store forwarding.)
        let Ok(m) = &item else { break };
        // Family messages of netlink-raw protocols straight to the visitor; control
        // messages and generic netlink (which the context learns from) decoded first.
        let mut v = SumVisitor(u64::from(m.header.ty));
        if visit_family(m, protocol, &mut v) {
            sum = sum.wrapping_add(v.0);
            continue;
        }
        let (h, at, bytes, pad, cut) = (m.header, m.offset, m.bytes, m.pad, m.truncated);
        sum = sum.wrapping_add(visit_other(h, at, bytes, pad, cut, e, protocol, ctx));
    }
    sum
}

/// A message `visit_family` declines, decoded first. (Its fields come one by one:
/// handing over the `Message` itself would keep it in memory on the common path
/// too, where rereading it just after `Messages` wrote it stalls on store
/// forwarding; perf showed ~30 % of the walk there.)
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn visit_other(
    header: nlscope::wire::nlmsg::Header,
    offset: usize,
    bytes: &[u8],
    pad: &[u8],
    truncated: bool,
    endian: Endian,
    protocol: u16,
    ctx: &mut Context,
) -> u64 {
    let m = nlscope::wire::nlmsg::Message {
        header,
        offset,
        bytes,
        pad,
        truncated,
        endian,
    };
    let d = decode_message(m, protocol, ctx);
    let sum = visit_decoded(&d, ctx, 0);
    ctx.observe(&d);
    sum
}

/// [`typed_decoded`] through the visitor.
pub fn visit_decoded(d: &Decoded<'_>, ctx: &Context, echo_depth: u8) -> u64 {
    let mut v = SumVisitor(u64::from(d.msg.header.ty));
    match &d.body {
        Body::Noop(p) | Body::Overrun(p) => v.0 = v.0.wrapping_add(p.len() as u64),
        Body::Done(done) => {
            v.0 = v.0.wrapping_add(done.error.unwrap_or(0) as u64);
            if let Some(x) = &done.extack {
                visit_attrs(x, &mut v);
            }
        }
        Body::Error(err) => {
            v.0 = v.0.wrapping_add(err.error.unwrap_or(0) as u64);
            if let (Some(req), true) = (err.request, echo_depth < 2) {
                let inner = decode_message(req, d.protocol, ctx);
                v.0 = v.0.wrapping_add(visit_decoded(&inner, ctx, echo_depth + 1));
            }
            if let Some(x) = &err.extack {
                visit_attrs(x, &mut v);
            }
        }
        Body::Family(f) => {
            if let Some(g) = f.genl {
                v.0 = v.0.wrapping_add(u64::from(g.cmd));
            }
            if let Some(h) = &f.header {
                visit_struct(h, &mut v);
            }
            visit_attrs(&f.attrs, &mut v);
        }
    }
    v.0
}

/// Sums what it is given exactly as `typed_value` does.
struct SumVisitor(u64);

impl<'a> Visit<'a> for SumVisitor {
    #[inline(always)]
    fn leaf(&mut self, attr: &Attr<'a>, _: Row, value: Leaf<'a>) {
        let x = match value {
            Leaf::Unsigned(x) => x,
            Leaf::Signed(x) => x as u64,
            Leaf::String(s) | Leaf::Bytes(s) | Leaf::Unknown(s) => s.len() as u64,
            Leaf::Flag => 1,
            Leaf::Bitfield32 { value, selector } => u64::from(value ^ selector),
        };
        self.0 = self.0.wrapping_add(u64::from(attr.ty)).wrapping_add(x);
    }
    #[inline(always)]
    fn invalid(&mut self, attr: &Attr<'a>, _: Row, _: &DecodeError) {
        self.0 = self
            .0
            .wrapping_add(u64::from(attr.ty))
            .wrapping_add(attr.value.len() as u64);
    }
    #[inline(always)]
    fn begin(&mut self, attr: &Attr<'a>, _: Row) {
        self.0 = self.0.wrapping_add(u64::from(attr.ty));
    }
    #[inline(always)]
    fn begin_struct(&mut self, s: &StructView<'a>) {
        self.0 = self.0.wrapping_add(s.tail().len() as u64);
    }
    #[inline(always)]
    fn member(&mut self, _: &'static Field, value: FieldValue<'a>) {
        self.0 = self.0.wrapping_add(match value {
            FieldValue::Unsigned(x) => x,
            FieldValue::Signed(x) => x as u64,
            FieldValue::Bytes(b) => b.len() as u64,
        });
    }
    #[inline(always)]
    fn element(&mut self, value: Element) {
        self.0 = self.0.wrapping_add(match value {
            Element::Unsigned(x) => x,
            Element::Signed(x) => x as u64,
        });
    }
    #[inline(always)]
    fn hop(&mut self, hop: &NextHop<'a>) {
        self.0 = self
            .0
            .wrapping_add(hop.ifindex as u64)
            .wrapping_add(u64::from(hop.flags));
    }
}

// ---------------------------------------------------------------------------------
// (d) rendering

/// Decode every record, follow the session, and render each message (0 text, 1 line,
/// 2 JSON) into `out`, as `nlscope decode` does.
pub fn render_all(records: &[Rec<'_>], how: u8, out: &mut Vec<u8>) {
    use nlscope::flow::session::{Session, Timestamp};
    use nlscope::flow::Item;
    use nlscope::render::{json, line, text, Style};
    let mut ctx = Context::new();
    let mut session = Session::new();
    for (frame, r) in (1u64..).zip(records) {
        for (index, m) in
            (0u32..).zip(Messages::new(r.payload, Endian::Little).map_while(Result::ok))
        {
            let d = decode_message(m, r.protocol, &ctx);
            let ts = Timestamp::default();
            let info = session.observe(&d, frame, ts);
            let item = Item {
                frame,
                index,
                ts,
                decoded: &d,
                info,
                ctx: &ctx,
                session: &session,
            };
            let _ = match how {
                0 => text::render(out, &item, Style::default()),
                1 => line::render(out, &item, Style::default()),
                _ => json::render(out, &item, Style::default()),
            };
            ctx.observe(&d);
        }
    }
}
