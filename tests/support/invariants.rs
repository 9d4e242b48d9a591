//! What every fuzz target checks, shared by the fuzz targets (`fuzz/fuzz_targets/*.rs`)
//! and by `tests/regress.rs`, which replays `corpus/regress/` under plain `cargo test`.
//!
//! Why a `#[path]` include and not a `pub mod testkit` in the library: these checks
//! panic by design (a failed invariant must crash the fuzzer), and the library denies
//! panics outside tests; they also need no public API and must not ship in the crate.
//! Including one file in both places keeps a single copy of the checks, compiled in
//! the fuzz crate (its own workspace) and in the test crate alike.
//!
//! The entry points take arbitrary bytes, one per fuzz target:
//! [`nlmsg_stream`], [`attr_walk`], [`decode`], [`extack`], [`pcap_reader`],
//! [`roundtrip`] (structure-aware: a schema-typed message from `arbitrary`, emitted,
//! decoded and compared; and a raw attribute tree built with `nlscope::wire::build` and
//! parsed back), [`render_text`], [`render_json`], [`deep_nesting`]
//! (structure-aware: attributes nested and requests echoed past nlscope's depth
//! bounds, `nlscope::wire::limits`).
//! Beyond "no panic" they check the contracts the module docs promise: every view
//! lies inside the input at the offset it claims, walks move forward, an iterator that
//! reported an error is done, and re-joining what a walk yielded gives the input back.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

/// The generator of schema-typed messages (`model_gen.rs`), used by [`roundtrip`].
#[path = "model_gen.rs"]
pub mod model_gen;

use nlscope::families::decode::value::{NextHop, MAX_DEPTH};
use nlscope::families::decode::{
    decode_message, visit_attrs, visit_family, visit_struct, AttrsView, Body, Context, Decoded,
    DecodedAttr, Direction, Element, FieldValue, Leaf, Row, StructView, Value, Visit,
};
use nlscope::families::schema::{Field, FieldKind, Kind};
use nlscope::wire::attr::{Attr, Attrs, NLA_HDRLEN, NLA_TYPE_MASK};
use nlscope::wire::endian::Endian;
use nlscope::wire::error::DecodeError;
use nlscope::wire::error::Layer;
use nlscope::wire::nlmsg::{align4, flags, types, Header, Message, Messages, NLMSG_HDRLEN};

/// How deep [`attr_walk`] re-walks attribute values as nests.
pub const ATTR_WALK_DEPTH: usize = 6;

/// The offset of `part` inside `whole`, if it is a sub-slice of it.
fn offset_in(whole: &[u8], part: &[u8]) -> Option<usize> {
    let w = whole.as_ptr() as usize;
    let p = part.as_ptr() as usize;
    (p >= w && p + part.len() <= w + whole.len()).then(|| p - w)
}

/// `part` lies inside `whole` at `at` (empty slices: only `at <= whole.len()`).
#[track_caller]
fn assert_at(whole: &[u8], part: &[u8], at: usize) {
    if part.is_empty() {
        assert!(
            at <= whole.len(),
            "empty view at {at} past end {}",
            whole.len()
        );
        return;
    }
    assert_eq!(
        offset_in(whole, part),
        Some(at),
        "view of {} bytes not at claimed offset {at}",
        part.len()
    );
}

// -------------------------------------------------------------------------------------
// nlmsg_stream

/// Target `nlmsg_stream`: arbitrary bytes through `Messages`, both byte orders, with
/// and without `snap_cut`; and `Endian::detect` over them.
pub fn nlmsg_stream(data: &[u8]) {
    for e in [Endian::Little, Endian::Big] {
        for snap in [false, true] {
            check_messages(data, e, snap);
        }
        let d1 = Endian::detect(data, data.len(), e);
        let d2 = Endian::detect(data, data.len().saturating_mul(2), e);
        let _ = (d1, d2);
    }
}

/// Walk `buf` with `Messages` and check every promise; returns the messages walked.
pub fn check_messages(buf: &[u8], e: Endian, snap: bool) -> Vec<Message<'_>> {
    let mut it = Messages::new(buf, e).snap_cut(snap);
    let mut out = Vec::new();
    let mut joined: Vec<u8> = Vec::with_capacity(buf.len());
    let mut at = 0usize;
    let mut after_truncated = false;
    loop {
        assert_eq!(it.position(), at);
        assert_eq!(it.rest(), &buf[at..]);
        let Some(item) = it.next() else { break };
        match item {
            Ok(m) => {
                assert!(!after_truncated, "a message after a truncated one");
                assert_eq!(m.offset, at, "messages must be contiguous");
                assert_eq!(m.endian, e);
                assert_at(buf, m.bytes, at);
                assert_at(buf, m.pad, at + m.bytes.len());
                assert!(m.bytes.len() >= NLMSG_HDRLEN);
                assert_eq!(Header::parse(m.bytes, e).unwrap(), m.header);
                assert_eq!(&m.header.to_bytes(e)[..], &m.bytes[..NLMSG_HDRLEN]);
                assert_eq!(m.payload(), &m.bytes[NLMSG_HDRLEN..]);
                let len = m.header.len as usize;
                if m.truncated {
                    assert!(snap, "truncated message without snap_cut");
                    assert!(m.bytes.len() < len);
                    assert!(m.pad.is_empty());
                    assert_eq!(at + m.bytes.len(), buf.len(), "truncated must be last");
                    after_truncated = true;
                } else {
                    assert_eq!(m.bytes.len(), len);
                    let room = buf.len() - at - len;
                    assert_eq!(m.pad.len(), (align4(len) - len).min(room));
                }
                joined.extend_from_slice(m.bytes);
                joined.extend_from_slice(m.pad);
                at += m.bytes.len() + m.pad.len();
                assert!(at > m.offset, "no progress");
                out.push(m);
            }
            Err(err) => {
                assert_eq!(err.offset, at, "error where the walk stopped");
                assert!(err.offset < buf.len());
                assert_eq!(err.layer, Layer::Message);
                let _ = err.to_string();
                assert!(it.next().is_none(), "iterator goes on after an error");
                assert!(it.next().is_none());
                assert_eq!(it.rest(), &buf[at..], "rest() after an error");
                break;
            }
        }
    }
    assert!(it.next().is_none());
    joined.extend_from_slice(it.rest());
    assert_eq!(
        joined, buf,
        "messages + pads + rest() must give the input back"
    );
    out
}

// -------------------------------------------------------------------------------------
// attr_walk

/// Target `attr_walk`: arbitrary bytes through `Attrs` in both byte orders, every
/// attribute re-walked as a nest down to [`ATTR_WALK_DEPTH`].
pub fn attr_walk(data: &[u8]) {
    for e in [Endian::Little, Endian::Big] {
        check_attrs(data, 20, e, 0);
    }
}

/// Walk `buf` (reported at origin offset `base`) with `Attrs`; returns attributes seen.
pub fn check_attrs(buf: &[u8], base: usize, e: Endian, depth: usize) -> usize {
    let mut it = Attrs::new(buf, base, e);
    assert_eq!(it.buffer(), buf);
    assert_eq!(it.base(), base);
    let mut joined: Vec<u8> = Vec::with_capacity(buf.len());
    let mut pos = 0usize;
    let mut seen = 0usize;
    let mut first = None;
    loop {
        assert_eq!(it.rest(), &buf[pos..]);
        let Some(item) = it.next() else { break };
        match item {
            Ok(a) => {
                assert_eq!(a.offset, base + pos, "attributes must be contiguous");
                assert_eq!(a.value_offset(), a.offset + NLA_HDRLEN);
                let len = a.value.len() + NLA_HDRLEN;
                assert_eq!(e.u16_at(buf, pos).map(usize::from), Some(len));
                assert_eq!(e.u16_at(buf, pos + 2), Some(a.raw_type()));
                assert!(a.ty <= NLA_TYPE_MASK);
                assert_at(buf, a.value, pos + NLA_HDRLEN);
                assert_at(buf, a.pad, pos + len);
                let room = buf.len() - pos - len;
                assert_eq!(a.pad.len(), (align4(len) - len).min(room));
                joined.extend_from_slice(&buf[pos..pos + NLA_HDRLEN]);
                joined.extend_from_slice(a.value);
                joined.extend_from_slice(a.pad);
                pos += len + a.pad.len();
                seen += 1;
                // `get` gives the kernel's pick: the last of the first attribute's type.
                match first {
                    None => first = Some((a.ty, a)),
                    Some((ty, _)) if ty == a.ty => first = Some((ty, a)),
                    Some(_) => {}
                }
                if depth < ATTR_WALK_DEPTH && a.value.len() >= NLA_HDRLEN {
                    seen += check_attrs(a.value, a.value_offset(), e, depth + 1);
                }
            }
            Err(err) => {
                assert_eq!(err.offset, base + pos, "error where the walk stopped");
                assert!(
                    (base..base + buf.len()).contains(&err.offset),
                    "error offset outside the input"
                );
                assert_eq!(err.layer, Layer::Attribute);
                let _ = err.to_string();
                assert!(it.next().is_none(), "iterator goes on after an error");
                assert!(it.next().is_none());
                break;
            }
        }
    }
    assert!(it.next().is_none());
    joined.extend_from_slice(it.rest());
    assert_eq!(
        joined, buf,
        "attributes + pads + rest() must give the input back"
    );
    if let Some((ty, last)) = first {
        assert_eq!(Attrs::new(buf, base, e).get(ty), Some(last));
    }
    seen
}

// -------------------------------------------------------------------------------------
// decode

/// Protocols a fuzz input's first byte picks from (the eight nlmon taps, then raw).
pub const PROTOCOLS: [u16; 8] = [0, 2, 4, 5, 6, 10, 12, 16];

/// The protocol and options the first two bytes of a `decode` input choose.
pub fn decode_options(data: &[u8]) -> Option<(u16, Endian, bool, &[u8])> {
    let (&p, rest) = data.split_first()?;
    let (&o, rest) = rest.split_first()?;
    let protocol = if p & 0x80 == 0 {
        PROTOCOLS[usize::from(p) % PROTOCOLS.len()]
    } else {
        u16::from(p & 0x7f)
    };
    let e = if o & 1 == 0 {
        Endian::Little
    } else {
        Endian::Big
    };
    Some((protocol, e, o & 2 != 0, rest))
}

/// Target `decode`: byte 0 picks the protocol (< 0x80: index into [`PROTOCOLS`],
/// else `p & 0x7f` raw), byte 1 the byte order (bit 0: big) and snap cut (bit 1); the
/// rest is a message stream decoded with one `Context` that learns as it goes.
pub fn decode(data: &[u8]) {
    let Some((protocol, e, snap, buf)) = decode_options(data) else {
        return;
    };
    let mut ctx = Context::new();
    for m in check_messages(buf, e, snap) {
        let d = decode_message(m, protocol, &ctx);
        check_decoded(&d, &ctx, usize::MAX);
        check_visit_family(&m, protocol, &d);
        ctx.observe(&d);
    }
}

/// `decode::visit_family` against `decode_message`'s result `d` read through the
/// iterators: the header's members then the attributes, for family messages of
/// every protocol but generic netlink; nothing (and `false`) otherwise. Returns the
/// number of steps compared.
pub fn check_visit_family(m: &Message<'_>, protocol: u16, d: &Decoded<'_>) -> usize {
    let mut by_family = Recorder::default();
    let visited = visit_family(m, protocol, &mut by_family);
    let mut want = Vec::new();
    let family =
        matches!(d.body, Body::Family(_)) && protocol != nlscope::wire::protocol::NETLINK_GENERIC;
    if let (Body::Family(f), true) = (&d.body, family) {
        if let Some(h) = &f.header {
            struct_steps(h, &mut want);
        }
        view_steps(f.attrs.clone(), &mut want);
    }
    assert_eq!(visited, family, "visit_family on {:?}", m.header);
    if by_family.0 != want {
        let at = by_family
            .0
            .iter()
            .zip(&want)
            .position(|(a, b)| a != b)
            .unwrap_or(want.len().min(by_family.0.len()));
        panic!(
            "visit_family differs from decode_message on {:?} at step {at}: {:?} vs {:?}",
            m.header,
            by_family.0.get(at),
            want.get(at)
        );
    }
    want.len()
}

/// Check one decoded message and walk every typed value in it.
///
/// `outer_len` is the length of the message whose `NLMSG_ERROR` echoed this one
/// (`usize::MAX` at the top): every echo must be at least 20 bytes shorter, so that
/// following echoes of echoes always ends.
pub fn check_decoded(d: &Decoded<'_>, ctx: &Context, outer_len: usize) {
    check_decoded_at(d, ctx, outer_len, 0);
}

/// How many echoes of echoes [`check_decoded`] follows: the checker itself must not
/// recurse as deep as the input says ([`deep_nesting`] builds thousands).
pub const CHECK_ECHO_DEPTH: usize = 64;

fn check_decoded_at(d: &Decoded<'_>, ctx: &Context, outer_len: usize, echo: usize) {
    assert!(
        d.msg.bytes.len().saturating_add(NLMSG_HDRLEN + 4) <= outer_len,
        "an echoed request is not shorter than the error holding it"
    );
    let origin = d.msg.bytes;
    let _ = (
        d.type_name(),
        d.op_kind(),
        Direction::guess(&d.msg.header).as_str(),
    );
    match &d.body {
        Body::Noop(p) | Body::Overrun(p) => assert_eq!(*p, d.msg.payload()),
        Body::Done(done) => {
            assert_eq!(d.msg.header.ty, types::NLMSG_DONE);
            assert_eq!(done.error.is_some(), d.msg.payload().len() >= 4);
            if let Some(x) = &done.extack {
                assert_ne!(d.msg.header.flags & flags::NLM_F_ACK_TLVS, 0);
                check_view(x.clone(), origin, 0);
                check_visit(x);
            }
            if !done.extra.is_empty() {
                assert_at(origin, done.extra, NLMSG_HDRLEN + 4);
            }
        }
        Body::Error(err) => {
            assert_eq!(d.msg.header.ty, types::NLMSG_ERROR);
            if let Some(p) = &err.problem {
                assert!(p.offset <= origin.len().max(NLMSG_HDRLEN + 4));
                let _ = p.to_string();
            }
            if let Some(req) = err.request {
                assert_at(origin, req.bytes, NLMSG_HDRLEN + 4);
                assert_eq!(req.offset, NLMSG_HDRLEN + 4);
                assert!(req.bytes.len() >= NLMSG_HDRLEN);
                // The echo is a message of its own: decode it the same way (an echo
                // of an error can itself hold an echo; each level is 20 bytes shorter).
                if echo < CHECK_ECHO_DEPTH {
                    let inner = decode_message(req, d.protocol, ctx);
                    check_decoded_at(&inner, ctx, origin.len(), echo + 1);
                }
            }
            if let Some(x) = &err.extack {
                assert_ne!(d.msg.header.flags & flags::NLM_F_ACK_TLVS, 0);
                check_view(x.clone(), origin, 0);
                check_visit(x);
            }
        }
        Body::Family(f) => {
            let _ = f.op_kind(d.protocol, d.msg.header.ty);
            if let Some(h) = &f.header {
                check_struct(h, origin);
                let mut by_visit = Recorder::default();
                visit_struct(h, &mut by_visit);
                let mut by_fields = Vec::new();
                struct_steps(h, &mut by_fields);
                assert_eq!(by_visit.0, by_fields, "visit_struct differs from fields()");
            }
            if let Some(e) = &f.header_error {
                assert!(e.offset <= origin.len());
                let _ = e.to_string();
            }
            assert_eq!(f.attrs.depth(), 0);
            check_view(f.attrs.clone(), origin, 0);
            check_visit(&f.attrs);
        }
    }
}

/// One step of a typed walk, for comparing the push-style decoder
/// (`decode::visit_attrs`) with the `AttrsView` iterators it must agree with.
#[derive(Debug, PartialEq)]
pub enum Step<'a> {
    /// An attribute with a leaf value (at = the attribute's offset).
    Leaf(
        u16,
        usize,
        Option<&'static str>,
        Option<*const Kind>,
        Leaf<'a>,
    ),
    /// A known attribute whose payload does not fit (at, error offset).
    Invalid(u16, usize, Option<&'static str>, usize),
    /// An attribute with contents starts.
    Begin(u16, usize, Option<&'static str>, Option<*const Kind>),
    /// ... and ends.
    End,
    /// A struct (name, offset, length).
    Struct(&'static str, usize, usize),
    /// A struct member.
    Member(&'static str, FieldValue<'a>),
    /// An embedded struct's members start (the embedding member's name) ...
    Embedded(&'static str),
    /// ... and end.
    EmbeddedEnd,
    /// A packed array element.
    Element(Element),
    /// A multipath hop (offset, ifindex, flags, hops).
    Hop(usize, i32, u8, u8),
    /// A framing error at this offset ends a list.
    Framing(usize),
}

/// Records what the visitor is given.
#[derive(Default)]
pub struct Recorder<'a>(pub Vec<Step<'a>>);

fn kind_ptr(k: Option<&'static Kind>) -> Option<*const Kind> {
    k.map(|k| k as *const Kind)
}

impl<'a> Visit<'a> for Recorder<'a> {
    fn leaf(&mut self, attr: &Attr<'a>, row: Row, value: Leaf<'a>) {
        let step = Step::Leaf(attr.ty, attr.offset, row.name, kind_ptr(row.kind), value);
        self.0.push(step);
    }
    fn invalid(&mut self, attr: &Attr<'a>, row: Row, error: &DecodeError) {
        assert!(
            row.kind.is_some(),
            "an attribute without a type reported invalid"
        );
        let step = Step::Invalid(attr.ty, attr.offset, row.name, error.offset);
        self.0.push(step);
    }
    fn begin(&mut self, attr: &Attr<'a>, row: Row) {
        let step = Step::Begin(attr.ty, attr.offset, row.name, kind_ptr(row.kind));
        self.0.push(step);
    }
    fn end(&mut self) {
        self.0.push(Step::End);
    }
    fn begin_struct(&mut self, s: &StructView<'a>) {
        self.0
            .push(Step::Struct(s.def.name, s.offset, s.bytes.len()));
    }
    fn member(&mut self, field: &'static Field, value: FieldValue<'a>) {
        self.0.push(Step::Member(field.name, value));
    }
    fn begin_embedded(&mut self, field: &'static Field) {
        self.0.push(Step::Embedded(field.name));
    }
    fn end_embedded(&mut self) {
        self.0.push(Step::EmbeddedEnd);
    }
    fn element(&mut self, value: Element) {
        self.0.push(Step::Element(value));
    }
    fn hop(&mut self, hop: &NextHop<'a>) {
        let step = Step::Hop(hop.offset, hop.ifindex, hop.flags, hop.hops);
        self.0.push(step);
    }
    fn framing(&mut self, error: &DecodeError) {
        self.0.push(Step::Framing(error.offset));
    }
}

/// The steps of a view, read through its iterator (the reference for the visitor).
pub fn view_steps<'a>(view: AttrsView<'a>, out: &mut Vec<Step<'a>>) {
    for item in view {
        match item {
            Ok(a) => attr_steps(&a, out),
            Err(e) => {
                out.push(Step::Framing(e.offset));
                break;
            }
        }
    }
}

/// The steps of one struct, read through `StructView::fields`.
pub fn struct_steps<'a>(s: &StructView<'a>, out: &mut Vec<Step<'a>>) {
    out.push(Step::Struct(s.def.name, s.offset, s.bytes.len()));
    member_steps(s, out);
}

/// The members of one struct; an embedded struct's between `Embedded` and
/// `EmbeddedEnd`, read through `StructView::embedded`.
fn member_steps<'a>(s: &StructView<'a>, out: &mut Vec<Step<'a>>) {
    for (f, v) in s.fields() {
        match s.embedded(f) {
            Some(inner) => {
                out.push(Step::Embedded(f.name));
                member_steps(&inner, out);
                out.push(Step::EmbeddedEnd);
            }
            None => out.push(Step::Member(f.name, v)),
        }
    }
}

fn attr_steps<'a>(a: &DecodedAttr<'a>, out: &mut Vec<Step<'a>>) {
    let (ty, at, name, kind) = (a.attr.ty, a.attr.offset, a.name, kind_ptr(a.kind));
    if let Some(leaf) = a.value.as_leaf() {
        out.push(Step::Leaf(ty, at, name, kind, leaf));
        return;
    }
    match &a.value {
        Value::Invalid { error, .. } => {
            out.push(Step::Invalid(ty, at, name, error.offset));
        }
        contents => {
            out.push(Step::Begin(ty, at, name, kind));
            match contents {
                Value::Struct(s) => struct_steps(s, out),
                Value::StructArray(arr) => arr.elements().for_each(|s| struct_steps(&s, out)),
                Value::Packed(p) => out.extend(p.elements().map(Step::Element)),
                Value::Nest(v) => view_steps(v.clone(), out),
                Value::SubMessage { header, attrs, .. } => {
                    if let Some(h) = header {
                        struct_steps(h, out);
                    }
                    view_steps(attrs.clone(), out);
                }
                Value::Multipath(mp) => {
                    for hop in mp.hops() {
                        match hop {
                            Ok(h) => {
                                out.push(Step::Hop(h.offset, h.ifindex, h.flags, h.hops));
                                view_steps(h.attrs, out);
                            }
                            Err(e) => {
                                out.push(Step::Framing(e.offset));
                                break;
                            }
                        }
                    }
                }
                _ => unreachable!("leaf values are handled above"),
            }
            out.push(Step::End);
        }
    }
}

/// The push-style decoder gives exactly what the iterators give, in the same order
/// (the contract of `decode::visit`). Returns the number of steps compared.
pub fn check_visit(view: &AttrsView<'_>) -> usize {
    let mut by_visit = Recorder::default();
    visit_attrs(view, &mut by_visit);
    let mut by_iter = Vec::new();
    view_steps(view.clone(), &mut by_iter);
    if by_visit.0 != by_iter {
        let at = by_visit
            .0
            .iter()
            .zip(&by_iter)
            .position(|(a, b)| a != b)
            .unwrap_or(by_visit.0.len().min(by_iter.len()));
        panic!(
            "visit_attrs and the iterator differ at step {at}: visit {:?}, iterator {:?}",
            by_visit.0.get(at),
            by_iter.get(at)
        );
    }
    by_iter.len()
}

/// Walk a typed attribute view: every attribute inside `origin` at the offset it
/// claims, every value walked, nesting bounded.
pub fn check_view(view: AttrsView<'_>, origin: &[u8], depth: usize) -> usize {
    assert!(
        usize::from(view.depth()) <= usize::from(MAX_DEPTH) && depth <= usize::from(MAX_DEPTH),
        "nesting deeper than MAX_DEPTH"
    );
    let mut seen = 0usize;
    let mut view = view;
    for item in view.by_ref() {
        match item {
            Ok(a) => {
                assert_at(origin, a.attr.value, a.attr.value_offset());
                assert!(a.name.is_none() || a.kind.is_some());
                let _ = a.hint();
                seen +=
                    1 + check_value(&a.value, a.attr.value, a.attr.value_offset(), origin, depth);
            }
            Err(err) => {
                assert!(
                    err.offset <= origin.len(),
                    "attribute error outside the message"
                );
                let _ = err.to_string();
                break;
            }
        }
    }
    let _ = view.rest();
    seen
}

fn check_struct(s: &StructView<'_>, origin: &[u8]) {
    assert_at(origin, s.bytes, s.offset);
    let _ = (s.is_short(), s.tail());
    for (f, v) in s.fields() {
        // An embedded struct cut by the end of the data is its bytes present.
        let size = match (f.kind, v) {
            (FieldKind::Struct(_), FieldValue::Bytes(b)) => b.len(),
            _ => f.kind.size(),
        };
        assert!(f.offset + size <= s.bytes.len(), "field past the struct");
        if let Some(inner) = s.embedded(f) {
            check_struct(&inner, origin);
        }
    }
}

fn check_value(v: &Value<'_>, raw: &[u8], raw_at: usize, origin: &[u8], depth: usize) -> usize {
    match v {
        Value::Unsigned(_) | Value::Signed(_) => 0,
        Value::String(s) => {
            assert_eq!(&raw[..s.len()], *s, "string is a prefix of the value");
            assert!(!s.contains(&0));
            0
        }
        Value::Bytes(b) | Value::Unknown(b) => {
            assert_eq!(*b, raw);
            0
        }
        Value::Flag => {
            assert!(raw.is_empty());
            0
        }
        Value::Bitfield32 { .. } => {
            assert_eq!(raw.len(), 8);
            0
        }
        Value::Struct(s) => {
            check_struct(s, origin);
            0
        }
        Value::Packed(p) => {
            assert_at(origin, p.bytes, p.offset);
            assert_eq!(p.bytes, raw);
            let n = p.elements().count();
            assert_eq!(n * p.size() + p.rest().len(), raw.len());
            assert!(p.rest().len() < p.size(), "rest is less than one element");
            n
        }
        Value::StructArray(a) => {
            assert_at(origin, a.bytes, a.offset);
            assert_eq!(a.bytes, raw);
            let mut n = 0;
            let mut next_at = a.offset;
            for s in a.elements() {
                assert_eq!(s.offset, next_at, "elements are packed");
                assert_eq!(s.bytes.len(), a.def.size);
                check_struct(&s, origin);
                next_at += a.def.size;
                n += 1;
            }
            assert!(n * a.def.size <= raw.len());
            n
        }
        Value::Nest(view) => {
            assert_eq!(view.raw().buffer(), raw);
            check_view(view.clone(), origin, depth + 1)
        }
        Value::SubMessage { header, attrs, .. } => {
            if let Some(h) = header {
                check_struct(h, origin);
            }
            check_view(attrs.clone(), origin, depth + 1)
        }
        Value::Multipath(mp) => {
            assert_eq!(mp.bytes(), raw);
            let mut seen = 0;
            let mut last = None;
            for hop in mp.hops() {
                match hop {
                    Ok(h) => {
                        assert!(last.is_none_or(|l| h.offset > l), "hops move forward");
                        assert!(h.offset >= raw_at && h.offset + 8 <= raw_at + raw.len());
                        last = Some(h.offset);
                        seen += 1 + check_view(h.attrs, origin, depth + 1);
                    }
                    Err(err) => {
                        assert!(err.offset <= origin.len());
                        let _ = err.to_string();
                    }
                }
                assert!(seen <= raw.len(), "more hops than bytes");
            }
            seen
        }
        Value::Invalid { raw: r, error } => {
            assert_eq!(*r, raw);
            assert_eq!(error.offset, raw_at);
            let _ = error.to_string();
            0
        }
    }
}

// -------------------------------------------------------------------------------------
// extack

/// Target `extack`: an `NLMSG_ERROR` or `NLMSG_DONE` with extended ACK built around
/// the input, so that every run reaches the extended-ACK decoder.
///
/// Byte 0: bit 0 DONE (else ERROR), bit 1 `NLM_F_CAPPED`, bit 2 big-endian, bit 3
/// also snap-cut the message at byte 1's value; bytes 2..6 the error code; the rest
/// the payload after it (for ERROR: the echoed request, then the TLVs).
pub fn extack(data: &[u8]) {
    let (Some(&ctl), Some(&cut)) = (data.first(), data.get(1)) else {
        return;
    };
    let Some(code) = data.get(2..6) else { return };
    let rest = &data[6..];
    let e = if ctl & 4 == 0 {
        Endian::Little
    } else {
        Endian::Big
    };
    let ty = if ctl & 1 == 0 {
        types::NLMSG_ERROR
    } else {
        types::NLMSG_DONE
    };
    let mut fl = flags::NLM_F_ACK_TLVS;
    if ctl & 2 != 0 {
        fl |= flags::NLM_F_CAPPED;
    }
    let len = NLMSG_HDRLEN + 4 + rest.len();
    let Ok(len32) = u32::try_from(len) else {
        return;
    };
    let h = Header {
        len: len32,
        ty,
        flags: fl,
        seq: 1,
        pid: 0,
    };
    let mut buf = h.to_bytes(e).to_vec();
    buf.extend_from_slice(code);
    buf.extend_from_slice(rest);
    let snap = ctl & 8 != 0;
    let keep = if snap {
        usize::from(cut).min(buf.len())
    } else {
        buf.len()
    };
    let buf = &buf[..keep];
    let ctx = Context::new();
    for m in check_messages(buf, e, snap) {
        for protocol in [0, 16] {
            let d = decode_message(m, protocol, &ctx);
            check_decoded(&d, &ctx, usize::MAX);
        }
    }
}

// -------------------------------------------------------------------------------------
// pcap_reader

/// A reader that hands out at most `step` bytes per `read`, as a pipe would.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        let (now, later) = self.data.split_at(n);
        buf[..n].copy_from_slice(now);
        self.data = later;
        Ok(n)
    }
}

/// A record with its payload copied, to compare the two readers.
#[derive(Debug, PartialEq)]
struct OwnedRecord {
    frame: u64,
    ts: nlscope::record::Timestamp,
    orig_len: u32,
    caplen: u32,
    link: nlscope::record::LinkHeader,
    payload: Vec<u8>,
    truncated: bool,
    interface: u32,
    comment: Option<String>,
}

fn owned(r: &nlscope::record::Record<'_>) -> OwnedRecord {
    OwnedRecord {
        frame: r.frame,
        ts: r.ts,
        orig_len: r.orig_len,
        caplen: r.caplen,
        link: r.link,
        payload: r.payload.to_vec(),
        truncated: r.truncated,
        interface: r.interface,
        comment: r.comment.map(str::to_owned),
    }
}

fn check_record(data: &[u8], r: &nlscope::record::Record<'_>, last_frame: &mut u64) {
    assert!(r.frame > *last_frame, "frame numbers go up");
    *last_frame = r.frame;
    assert_eq!(r.truncated, r.caplen < r.orig_len);
    assert!(r.payload.len() <= r.caplen as usize);
    assert!(r.ts.nsec < 1_000_000_000);
    if !r.payload.is_empty() {
        assert!(
            offset_in(data, r.payload).is_some(),
            "payload not inside the file"
        );
    }
    if let Some(c) = r.comment {
        assert!(offset_in(data, c.as_bytes()).is_some() || c.is_empty());
    }
}

/// Target `pcap_reader`: arbitrary bytes as a capture file, read zero-copy
/// (`read_all`) and streamed a few bytes per `read` (`CaptureReader`): the two must
/// agree record for record and error for error; every record's netlink bytes then go
/// through the `decode` checks, as `nlscope decode` would take them.
pub fn pcap_reader(data: &[u8]) {
    use nlscope::record::{read_all, CaptureReader};
    let mut slice_out = Vec::new();
    let mut slice_err = None;
    let mut ctx = Context::new();
    let mut e = Endian::NATIVE;
    match read_all(data) {
        Ok(mut r) => {
            let _ = (r.format(), r.link_type(), r.snaplen());
            let mut last = 0;
            while let Some(item) = r.next() {
                match item {
                    Ok(rec) => {
                        check_record(data, &rec, &mut last);
                        let wire = rec
                            .payload
                            .len()
                            .max((rec.orig_len as usize).saturating_sub(
                                (rec.caplen as usize).saturating_sub(rec.payload.len()),
                            ));
                        e = Endian::detect(rec.payload, wire, e);
                        for m in check_messages(rec.payload, e, rec.truncated) {
                            let d = decode_message(m, rec.link.protocol, &ctx);
                            check_decoded(&d, &ctx, usize::MAX);
                            ctx.observe(&d);
                        }
                        slice_out.push(Ok(owned(&rec)));
                    }
                    Err(err) => {
                        assert!(
                            err.offset <= data.len() as u64,
                            "error offset past the file"
                        );
                        let _ = (err.to_string(), err.what().to_string());
                        if err.is_record_error() {
                            // That record's error only: reading goes on after it, and
                            // the frame numbers go on counting it.
                            assert!(err.frame > last, "record error out of frame order");
                            last = err.frame;
                            slice_out.push(Err(err));
                            continue;
                        }
                        slice_err = Some(err);
                        assert!(r.next().is_none(), "reader goes on after an error");
                        assert!(r.next().is_none());
                        break;
                    }
                }
            }
        }
        Err(err) => {
            let _ = err.to_string();
            slice_err = Some(err);
        }
    }
    let step = data.len() % 7 + 1;
    let mut stream_out = Vec::new();
    let mut stream_err = None;
    match CaptureReader::new(Trickle { data, step }) {
        Ok(mut r) => {
            let _ = (r.format(), r.link_type(), r.snaplen(), r.skipped_records());
            let mut last = 0;
            while let Some(item) = r.next_record() {
                match item {
                    Ok(rec) => {
                        assert!(rec.frame > last);
                        last = rec.frame;
                        stream_out.push(Ok(owned(&rec)));
                    }
                    Err(err) if err.is_record_error() => stream_out.push(Err(err)),
                    Err(err) => {
                        stream_err = Some(err);
                        break;
                    }
                }
            }
            assert!(
                r.next_record().is_none(),
                "stream reader goes on after the end"
            );
        }
        Err(err) => stream_err = Some(err),
    }
    assert_eq!(
        stream_out, slice_out,
        "streaming and zero-copy readers disagree"
    );
    assert_eq!(
        stream_err, slice_err,
        "streaming and zero-copy readers fail differently"
    );
}

// -------------------------------------------------------------------------------------
// roundtrip

/// An attribute tree for [`roundtrip`].
#[derive(Debug, arbitrary::Arbitrary)]
pub enum TreeAttr {
    /// `MsgBuilder::attr`.
    Raw(u16, Vec<u8>),
    /// `MsgBuilder::attr_u32`.
    U32(u16, u32),
    /// `MsgBuilder::attr_u64`.
    U64(u16, u64),
    /// `MsgBuilder::attr_be16`.
    Be16(u16, u16),
    /// `MsgBuilder::attr_str` (a NUL is appended).
    Str(u16, String),
    /// `MsgBuilder::attr_flag`.
    Flag(u16),
    /// `nest_start` .. `nest_end`.
    Nest(u16, Vec<TreeAttr>),
}

/// One message for [`roundtrip`].
#[derive(Debug, arbitrary::Arbitrary)]
pub struct TreeMsg {
    big: bool,
    protocol: u8,
    ty: u16,
    flags: u16,
    seq: u32,
    pid: u32,
    fixed: Vec<u8>,
    attrs: Vec<TreeAttr>,
}

const TREE_DEPTH: usize = 12;

fn build_attrs(b: &mut nlscope::wire::build::MsgBuilder, attrs: &[TreeAttr], depth: usize) {
    for a in attrs {
        match a {
            TreeAttr::Raw(t, p) => {
                b.attr(*t, p);
            }
            TreeAttr::U32(t, v) => {
                b.attr_u32(*t, *v);
            }
            TreeAttr::U64(t, v) => {
                b.attr_u64(*t, *v);
            }
            TreeAttr::Be16(t, v) => {
                b.attr_be16(*t, *v);
            }
            TreeAttr::Str(t, v) => {
                b.attr_str(*t, v);
            }
            TreeAttr::Flag(t) => {
                b.attr_flag(*t);
            }
            TreeAttr::Nest(t, kids) => {
                let n = b.nest_start(*t);
                if depth < TREE_DEPTH {
                    build_attrs(b, kids, depth + 1);
                }
                b.nest_end(n);
            }
        }
    }
}

/// The attributes in `buf` are exactly `attrs`, in order, nothing left over.
fn expect_attrs(buf: &[u8], base: usize, e: Endian, attrs: &[TreeAttr], depth: usize) {
    let mut it = Attrs::new(buf, base, e);
    for want in attrs {
        let got = it
            .next()
            .expect("attribute missing")
            .expect("attribute framing");
        let (ty, value): (u16, Vec<u8>) = match want {
            TreeAttr::Raw(t, p) => (*t, p.clone()),
            TreeAttr::U32(t, v) => (*t, e.u32_bytes(*v).to_vec()),
            TreeAttr::U64(t, v) => (*t, e.u64_bytes(*v).to_vec()),
            TreeAttr::Be16(t, v) => (*t, v.to_be_bytes().to_vec()),
            TreeAttr::Str(t, v) => (*t, [v.as_bytes(), &[0]].concat()),
            TreeAttr::Flag(t) => (*t, Vec::new()),
            TreeAttr::Nest(t, kids) => {
                assert_eq!(got.raw_type(), *t);
                let kids: &[TreeAttr] = if depth < TREE_DEPTH { kids } else { &[] };
                expect_attrs(got.value, got.value_offset(), e, kids, depth + 1);
                continue;
            }
        };
        assert_eq!(got.raw_type(), ty);
        assert_eq!(got.value, &value[..]);
        assert!(got.pad.iter().all(|b| *b == 0));
    }
    assert!(it.next().is_none(), "more attributes than were built");
    assert!(it.rest().is_empty());
}

/// Target `roundtrip`, structure-aware, two checks from the same input:
///
/// 1. [`model_roundtrip`]: a message of any family typed by the schema tables
///    (`model_gen`), emitted in either byte order, decoded, and compared with what was
///    generated; the decoded view must emit the same bytes again.
/// 2. [`builder_roundtrip`]: a raw attribute tree written with
///    `nlscope::wire::build::MsgBuilder` must parse back to the same header, fixed bytes and
///    tree (the byte-level check this target started with).
pub fn roundtrip(data: &[u8]) {
    model_roundtrip(data);
    builder_roundtrip(data);
}

/// Generate, emit, decode, compare; see [`roundtrip`].
pub fn model_roundtrip(data: &[u8]) {
    use nlscope::families::emit::model::OwnedMsg;
    use nlscope::families::emit::Emit;
    let mut u = arbitrary::Unstructured::new(data);
    let Ok(big) = u.arbitrary::<bool>() else {
        return;
    };
    let Ok(g) = model_gen::message(&mut u, model_gen::Pick::Any) else {
        return;
    };
    let e = if big { Endian::Big } else { Endian::Little };
    let Ok(bytes) = g.msg.to_vec(e) else {
        // A length did not fit (an attribute over 64 KiB): emit says so, never panics.
        return;
    };
    assert_eq!(bytes.len(), g.msg.buffer_len());
    let msgs = check_messages(&bytes, e, false);
    assert_eq!(msgs.len(), 1, "one message emitted, one parsed");
    let ctx = g.context();
    let d = decode_message(msgs[0], g.protocol, &ctx);
    check_decoded(&d, &ctx, usize::MAX);
    assert_eq!(
        OwnedMsg::from_decoded(&d, &ctx),
        g.msg,
        "decoded value differs from the emitted one"
    );
    assert_eq!(
        d.to_vec().unwrap(),
        bytes,
        "the decoded view emits other bytes"
    );
}

/// Target `roundtrip`'s byte-level half: a message tree from `arbitrary`, written with
/// `nlscope::wire::build::MsgBuilder` in either byte order, must parse back to the same
/// header, fixed bytes and attribute tree; then the decode checks run over it.
pub fn builder_roundtrip(data: &[u8]) {
    let mut u = arbitrary::Unstructured::new(data);
    let Ok(m) = <TreeMsg as arbitrary::Arbitrary>::arbitrary(&mut u) else {
        return;
    };
    let e = if m.big { Endian::Big } else { Endian::Little };
    let mut b = nlscope::wire::build::MsgBuilder::new(e, m.ty, m.flags, m.seq, m.pid);
    b.bytes(&m.fixed);
    build_attrs(&mut b, &m.attrs, 0);
    if b.overflowed() {
        return; // a length did not fit its field: the builder says so, nothing to parse
    }
    let bytes = b.finish();
    let msgs = check_messages(&bytes, e, false);
    assert_eq!(msgs.len(), 1, "one message built, one parsed");
    let msg = msgs[0];
    assert_eq!(msg.bytes.len(), bytes.len());
    assert_eq!(
        (
            msg.header.ty,
            msg.header.flags,
            msg.header.seq,
            msg.header.pid
        ),
        (m.ty, m.flags, m.seq, m.pid)
    );
    assert_eq!(&msg.payload()[..m.fixed.len()], &m.fixed[..]);
    let at = if m.attrs.is_empty() {
        msg.bytes.len()
    } else {
        NLMSG_HDRLEN + align4(m.fixed.len())
    };
    expect_attrs(&msg.bytes[at..], at, e, &m.attrs, 0);
    let ctx = Context::new();
    let protocol = PROTOCOLS[usize::from(m.protocol) % PROTOCOLS.len()];
    let d = decode_message(msg, protocol, &ctx);
    check_decoded(&d, &ctx, usize::MAX);
}

// -------------------------------------------------------------------------------------
// render_text, render_json

/// Decode a `decode`-style input and render every message with `f`, into a reused
/// buffer; returns nothing, checks are in `f`.
fn render_each(data: &[u8], mut f: impl FnMut(&nlscope::flow::Item<'_, '_>, &mut Vec<u8>)) {
    use nlscope::flow::session::{Session, Timestamp};
    let Some((protocol, e, snap, buf)) = decode_options(data) else {
        return;
    };
    let mut ctx = Context::new();
    let mut session = Session::new();
    let mut out = Vec::new();
    for (i, m) in check_messages(buf, e, snap).into_iter().enumerate() {
        let d = decode_message(m, protocol, &ctx);
        let ts = Timestamp::default();
        let info = session.observe(&d, 1, ts);
        let item = nlscope::flow::Item {
            frame: 1,
            index: u32::try_from(i).unwrap_or(u32::MAX),
            ts,
            decoded: &d,
            info,
            ctx: &ctx,
            session: &session,
        };
        out.clear();
        f(&item, &mut out);
        ctx.observe(&d);
    }
}

/// Without colour, rendered text holds no control byte but newlines: a capture
/// cannot drive the terminal it is printed on.
fn assert_printable(out: &[u8]) {
    if let Some(b) = out.iter().find(|&&b| (b < 0x20 && b != b'\n') || b == 0x7f) {
        panic!(
            "control byte {b:#04x} in rendered text: {:?}",
            String::from_utf8_lossy(out)
        );
    }
}

/// Target `render_text`: the `decode` input, every message through the text (tree)
/// and line renderers, plain and with colour and secrets shown; plain, no control
/// byte but newlines may come out.
pub fn render_text(data: &[u8]) {
    use nlscope::render::{line, text, Style};
    render_each(data, |item, out| {
        let plain = Style {
            color: false,
            ..Style::default()
        };
        // Colour, and key material shown: the other branches of every renderer.
        let loud = Style {
            color: true,
            show_secrets: true,
        };
        text::render(out, item, plain).expect("writing to a Vec");
        assert_printable(out);
        // Again: what the render memo kept the first time must give the same text.
        let first = std::mem::take(out);
        text::render(out, item, plain).expect("writing to a Vec");
        assert_eq!(*out, first, "the second rendering of a message differs");
        out.clear();
        line::render(out, item, plain).expect("writing to a Vec");
        assert_printable(out);
        out.clear();
        text::render(out, item, loud).expect("writing to a Vec");
        out.clear();
        line::render(out, item, loud).expect("writing to a Vec");
    });
}

/// Target `render_json`: the `decode` input, every message through the JSON Lines
/// renderer: one line that parses back with `serde_json` as an object.
pub fn render_json(data: &[u8]) {
    render_each(data, |item, out| {
        nlscope::render::json::render(out, item, nlscope::render::Style::default())
            .expect("writing to a Vec");
        let first = std::mem::take(out);
        nlscope::render::json::render(out, item, nlscope::render::Style::default())
            .expect("writing to a Vec");
        assert_eq!(*out, first, "the second rendering of a message differs");
        assert_eq!(out.last(), Some(&b'\n'), "a JSON line ends with a newline");
        assert_eq!(
            out.iter().filter(|&&b| b == b'\n').count(),
            1,
            "one line per message"
        );
        let v: serde_json::Value = match serde_json::from_slice(out) {
            Ok(v) => v,
            Err(e) => panic!("JSON does not parse: {e}: {}", String::from_utf8_lossy(out)),
        };
        assert!(v.is_object(), "a message is a JSON object");
        guessed_header_is_whole(&v);
    });
}

/// Lossless: the bytes shown as a guessed fixed header (a message of unknown type)
/// are as many as the header claims, and lie inside the message. (A payload that
/// was not a multiple of 4 bytes once got a header longer than itself, shown empty:
/// its bytes were in no output.)
fn guessed_header_is_whole(v: &serde_json::Value) {
    let h = &v["header"];
    if !h.is_object() || !h["struct"].is_null() {
        return;
    }
    let (Some(offset), Some(len), Some(hex)) =
        (h["offset"].as_u64(), h["len"].as_u64(), h["hex"].as_str())
    else {
        panic!("a guessed header has offset, len and hex: {h}");
    };
    assert_eq!(hex.len() as u64, 2 * len, "guessed header {h}");
    let msg_len = v["nlmsg"]["len"].as_u64().unwrap_or(0);
    assert!(
        offset + len <= msg_len,
        "guessed header past nlmsg_len: {h}"
    );
    if let Some(at) = v["attrs"].as_array().and_then(|a| a.first()) {
        if let Some(first) = at["offset"].as_u64() {
            assert_eq!(
                offset + len,
                first,
                "the attributes follow the guessed header: {v}"
            );
        }
    }
}

// -------------------------------------------------------------------------------------
// deep_nesting

/// One level of a [`DeepMsg`]'s attribute chain, outermost first.
#[derive(Debug, arbitrary::Arbitrary)]
pub enum DeepLevel {
    /// A nested attribute (`NLA_F_NESTED` set when `flag`).
    Nest {
        /// Attribute type.
        ty: u16,
        /// Set `NLA_F_NESTED`.
        flag: bool,
    },
    /// An attribute holding one `struct rtnexthop` and then the next level inside
    /// that hop (the layout of `RTA_MULTIPATH`).
    Hop {
        /// Attribute type (9 is `RTA_MULTIPATH`).
        ty: u16,
        /// `rtnh_flags`.
        flags: u8,
        /// `rtnh_hops`.
        hops: u8,
        /// `rtnh_ifindex`.
        ifindex: i32,
    },
    /// An attribute holding 4 header bytes and then the next level (a sub-message
    /// with a fixed header, an `IFLA_INFO_DATA`).
    Headed {
        /// Attribute type.
        ty: u16,
        /// The header bytes.
        head: [u8; 4],
    },
}

/// One `NLMSG_ERROR` wrapped around the message inside it.
#[derive(Debug, arbitrary::Arbitrary)]
pub struct DeepEcho {
    /// `error`.
    errno: i32,
    /// `nlmsg_flags` (any: `NLM_F_CAPPED` and `NLM_F_ACK_TLVS` change how the rest
    /// reads, which is the point).
    flags: u16,
    /// Extended ACK after the echo: `NLMSGERR_ATTR_MSG` and `NLMSGERR_ATTR_OFFS`.
    extack: Option<(Vec<u8>, u32)>,
}

/// A message for [`deep_nesting`]: an attribute chain as deep as `levels` times
/// `repeat`, inside a message, inside `echoes` `NLMSG_ERROR`s.
#[derive(Debug, arbitrary::Arbitrary)]
pub struct DeepMsg {
    big: bool,
    protocol: u8,
    ty: u16,
    flags: u16,
    fixed: Vec<u8>,
    levels: Vec<DeepLevel>,
    repeat: u8,
    leaf: Vec<(u16, Vec<u8>)>,
    echoes: u16,
    wraps: Vec<DeepEcho>,
}

/// At most this many attribute levels are built (well past `MAX_ATTR_DEPTH`).
pub const DEEP_ATTRS: usize = 200;
/// At most this many echoes are built (well past `MAX_ECHO_DEPTH`).
pub const DEEP_ECHOES: usize = 3000;

fn nla(e: Endian, ty: u16, value: &[u8]) -> Option<Vec<u8>> {
    let len = u16::try_from(NLA_HDRLEN + value.len()).ok()?;
    let mut v = Vec::with_capacity(align4(usize::from(len)));
    v.extend_from_slice(&e.u16_bytes(len));
    v.extend_from_slice(&e.u16_bytes(ty));
    v.extend_from_slice(value);
    v.resize(align4(v.len()), 0);
    Some(v)
}

fn nlmsg(e: Endian, ty: u16, flags: u16, body: &[u8]) -> Option<Vec<u8>> {
    let len = u32::try_from(NLMSG_HDRLEN + body.len()).ok()?;
    let mut v = Header {
        len,
        ty,
        flags,
        seq: 7,
        pid: 1,
    }
    .to_bytes(e)
    .to_vec();
    v.extend_from_slice(body);
    v.resize(align4(v.len()), 0);
    Some(v)
}

impl DeepMsg {
    /// The protocol, byte order and bytes of the message (None when a length does
    /// not fit its field).
    pub fn build(&self) -> Option<(u16, Endian, Vec<u8>)> {
        let e = if self.big {
            Endian::Big
        } else {
            Endian::Little
        };
        let protocol = PROTOCOLS[usize::from(self.protocol) % PROTOCOLS.len()];
        let mut inner = Vec::new();
        for (ty, v) in self.leaf.iter().take(8) {
            inner.extend(nla(e, *ty, v.get(..64).unwrap_or(v))?);
        }
        let n = self
            .levels
            .len()
            .saturating_mul(usize::from(self.repeat % 16) + 1);
        for i in (0..n.min(DEEP_ATTRS)).rev() {
            let level = &self.levels[i % self.levels.len()];
            inner = match level {
                DeepLevel::Nest { ty, flag } => {
                    nla(e, (ty & 0x7fff) | if *flag { 0x8000 } else { 0 }, &inner)?
                }
                DeepLevel::Hop {
                    ty,
                    flags,
                    hops,
                    ifindex,
                } => {
                    let mut hop = e.u16_bytes(u16::try_from(8 + inner.len()).ok()?).to_vec();
                    hop.extend_from_slice(&[*flags, *hops]);
                    hop.extend_from_slice(&e.u32_bytes(*ifindex as u32));
                    hop.extend_from_slice(&inner);
                    nla(e, *ty, &hop)?
                }
                DeepLevel::Headed { ty, head } => {
                    let mut v = head.to_vec();
                    v.extend_from_slice(&inner);
                    nla(e, *ty, &v)?
                }
            };
        }
        let mut body = self.fixed.get(..32).unwrap_or(&self.fixed).to_vec();
        body.resize(align4(body.len()), 0);
        body.extend_from_slice(&inner);
        let mut msg = nlmsg(e, self.ty, self.flags, &body)?;
        let echoes = usize::from(self.echoes) % (DEEP_ECHOES + 1);
        for i in 0..echoes {
            let plain = DeepEcho {
                errno: -22,
                flags: 0,
                extack: None,
            };
            let w = self
                .wraps
                .get(i % self.wraps.len().max(1))
                .unwrap_or(&plain);
            let mut body = e.u32_bytes(w.errno as u32).to_vec();
            body.extend_from_slice(&msg);
            let mut flags = w.flags;
            if let Some((text, offs)) = &w.extack {
                flags |= flags::NLM_F_ACK_TLVS;
                let mut t = text.get(..32).unwrap_or(text).to_vec();
                t.push(0);
                body.extend(nla(e, 1, &t)?);
                body.extend(nla(e, 2, &e.u32_bytes(*offs))?);
            }
            msg = nlmsg(e, types::NLMSG_ERROR, flags, &body)?;
        }
        Some((protocol, e, msg))
    }
}

/// The nesting depth of a JSON value (a scalar is 0, `[]` and `{}` are 1).
pub fn json_depth(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Array(a) => 1 + a.iter().map(json_depth).max().unwrap_or(0),
        serde_json::Value::Object(o) => 1 + o.values().map(json_depth).max().unwrap_or(0),
        _ => 0,
    }
}

fn hex_of(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Target `deep_nesting`, structure-aware: a [`DeepMsg`] from `arbitrary` (attributes
/// nested up to [`DEEP_ATTRS`] levels, through nests, multipath hops and headed
/// values, inside up to [`DEEP_ECHOES`] `NLMSG_ERROR`s, with any flags and extended
/// ACKs), built as bytes. Then: no panic and no stack overflow; decode then emit
/// gives the bytes back; the owned model is built and written; text, line and JSON
/// rendering succeed; the JSON parses with `serde_json`'s default limits and is at
/// most `limits::MAX_JSON_DEPTH` deep; and the request echoed past
/// `limits::MAX_ECHO_DEPTH` is in the text and the JSON as the hex of its payload
/// (nothing past a bound is dropped).
pub fn deep_nesting(data: &[u8]) {
    use nlscope::families::emit::Emit;
    use nlscope::flow::session::{Session, Timestamp};
    use nlscope::flow::Item;
    use nlscope::render::{json, line, text, Style};
    use nlscope::wire::limits::{MAX_ECHO_DEPTH, MAX_JSON_DEPTH};
    let mut u = arbitrary::Unstructured::new(data);
    let Ok(m) = <DeepMsg as arbitrary::Arbitrary>::arbitrary(&mut u) else {
        return;
    };
    let Some((protocol, e, bytes)) = m.build() else {
        return;
    };
    let msgs = check_messages(&bytes, e, false);
    assert_eq!(msgs.len(), 1, "one message built, one parsed");
    let ctx = Context::new();
    let d = decode_message(msgs[0], protocol, &ctx);
    check_decoded(&d, &ctx, usize::MAX);
    // Emit: the same bytes, whatever the depth.
    assert_eq!(d.to_vec().unwrap(), bytes, "decode then emit differs");
    assert_eq!(d.buffer_len(), bytes.len());
    let model = nlscope::families::emit::model::OwnedMsg::from_decoded(&d, &ctx);
    let _ = model.to_vec(e);
    // Render.
    let session = Session::new();
    let item = Item {
        frame: 1,
        index: 0,
        ts: Timestamp::default(),
        decoded: &d,
        info: nlscope::flow::session::MsgInfo {
            direction: Direction::guess(&d.msg.header),
            pair: None,
        },
        ctx: &ctx,
        session: &session,
    };
    let mut t = Vec::new();
    text::render(&mut t, &item, Style::default()).expect("writing to a Vec");
    assert_printable(&t);
    let mut l = Vec::new();
    line::render(&mut l, &item, Style::default()).expect("writing to a Vec");
    let mut j = Vec::new();
    json::render(&mut j, &item, Style::default()).expect("writing to a Vec");
    let v: serde_json::Value = match serde_json::from_slice(&j) {
        Ok(v) => v,
        Err(err) => panic!("JSON does not parse with serde_json's limits: {err}"),
    };
    let depth = json_depth(&v);
    assert!(
        depth <= MAX_JSON_DEPTH,
        "JSON nesting {depth} > MAX_JSON_DEPTH {MAX_JSON_DEPTH}"
    );
    // The echo chain: the request past the bound is shown raw, whole.
    let mut cur = d;
    let mut at = &v;
    for k in 0..=usize::from(MAX_ECHO_DEPTH) {
        let Body::Error(em) = &cur.body else { break };
        let (Some(req), false) = (em.request, em.capped) else {
            break;
        };
        at = &at["error"]["request"];
        if k == usize::from(MAX_ECHO_DEPTH) {
            let hex = hex_of(req.payload());
            assert_eq!(at["depth_capped"], u64::from(MAX_ECHO_DEPTH), "{at}");
            assert_eq!(at["payload"].as_str(), Some(hex.as_str()));
            assert!(
                String::from_utf8_lossy(&t).contains(&hex),
                "the text lacks the raw payload of the request past the echo bound"
            );
            break;
        }
        assert!(at.get("depth_capped").is_none());
        cur = decode_message(req, protocol, &ctx);
    }
}
