//! Encoding: decoded views and owned values back to bytes (`buffer_len` + `emit`).
//!
//! Every view the decoder yields can be written back: a header, a raw attribute, a
//! typed attribute ([`DecodedAttr`]), an attribute walk ([`AttrsView`]), a fixed
//! struct ([`StructView`]), a packed struct array, an `RTA_MULTIPATH` list, a whole
//! [`Decoded`] message (fixed header, attributes, `NLMSG_ERROR` with its echoed
//! request and extended ACK, `NLMSG_DONE`). [`model`] adds owned values that tests
//! and the fuzzer generate and write with the same rules.
//!
//! # What is written from what
//! - Every **number** is written from its decoded value, in the width its table row
//!   gives (a variable-width `uint` keeps the width it came in) and in its byte order
//!   (the view's order, or big-endian for `be16`/`be32` rows and attributes with
//!   `NLA_F_NET_BYTEORDER`).
//! - Every **length** (`nlmsg_len`, `nla_len`, `rtnh_len`) is computed from what was
//!   written, never copied. The one exception is a message whose bytes cannot justify
//!   its length: one the capture's snap length cut (`Message::truncated`), or a
//!   request echoed by `NLMSG_ERROR` with only its header (capped) or with a bad
//!   length; its `nlmsg_len` is the recorded one.
//! - Bytes no value models are copied from the view: the text after a string's NUL
//!   (normally just the NUL), padding after an attribute or message (normally zeros),
//!   gaps between struct members, a struct's tail past the known layout, bytes after a
//!   framing error (`AttrsView::rest`), and payloads too short to hold their header.
//!
//! So for every well-formed record, decode then emit gives the original bytes exactly
//! (`tests/emit_corpus.rs` checks every message of every capture in `corpus/`), and a
//! bug in a width, an order or a length shows as a byte that differs. The same holds
//! for malformed input, whatever the decoder made of it (`tests/proptest_emit.rs`
//! checks arbitrary bytes, edited messages and every length field changed).
//!
//! Writing allocates nothing but the output, except for an `NLMSG_ERROR`: its echoed
//! request is decoded again (with a fresh [`Context`], which allocates) to be written
//! from its values; a request echoed deeper than
//! [`MAX_ECHO_DEPTH`](crate::wire::limits::MAX_ECHO_DEPTH) is written as a raw message (the
//! same bytes: the bound only keeps the recursion from following the input).
//!
//! # Contract
//! Nothing here panics. `buffer_len` is exactly the number of bytes `emit` appends.
//! A length that does not fit its field (an attribute over 65,535 bytes, built from an
//! owned value) makes `emit` return an [`EmitError`] naming the field and the length,
//! and leaves `out` as it was. Types that do not carry their byte order (a [`Header`],
//! an [`Attr`], a [`DecodedAttr`]) are written through [`Ordered`].
//!
//! ```
//! use nlscope::families::decode::{decode_message, Context};
//! use nlscope::families::emit::Emit;
//! use nlscope::wire::{build::MsgBuilder, endian::Endian, nlmsg::Messages};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! for e in [Endian::Little, Endian::Big] {
//!     // RTM_NEWLINK with IFLA_MTU (u32) and IFLA_IFNAME (string).
//!     let mut b = MsgBuilder::new(e, 16, 0, 1, 0);
//!     b.zeros(16).attr_u32(4, 1500).attr_str(3, "lo");
//!     let bytes = b.finish();
//!     let msg = Messages::new(&bytes, e).next().ok_or("no message")??;
//!     let decoded = decode_message(msg, 0, &Context::new());
//!     let mut out = Vec::new();
//!     decoded.emit(&mut out)?;
//!     assert_eq!(out, bytes);
//!     assert_eq!(decoded.buffer_len(), bytes.len());
//! }
//! # Ok(())
//! # }
//! ```

pub mod model;

use crate::families::decode::value::Multipath;
use crate::families::decode::{
    decode_message, AttrsView, Body, Context, Decoded, DecodedAttr, Element, FieldValue, Packed,
    StructArray, StructView, Value,
};
use crate::families::schema::{ByteOrder, FieldKind, Kind};
use crate::wire::attr::Attr;
use crate::wire::endian::Endian;
use crate::wire::nlmsg::{Header, Message, NLMSG_HDRLEN};
use std::fmt;

/// The length field that could not hold a length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LengthField {
    /// `nlattr.nla_len` (u16).
    NlaLen,
    /// `nlmsghdr.nlmsg_len` (u32).
    NlmsgLen,
    /// `rtnexthop.rtnh_len` (u16).
    RtnhLen,
}

impl LengthField {
    fn name(self) -> &'static str {
        match self {
            LengthField::NlaLen => "nla_len",
            LengthField::NlmsgLen => "nlmsg_len",
            LengthField::RtnhLen => "rtnh_len",
        }
    }

    fn max(self) -> usize {
        match self {
            LengthField::NlaLen | LengthField::RtnhLen => usize::from(u16::MAX),
            LengthField::NlmsgLen => u32::MAX as usize,
        }
    }
}

/// Why a value could not be written: a length did not fit its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EmitError {
    /// The field.
    pub field: LengthField,
    /// The length that did not fit.
    pub len: usize,
    /// Offset of the field from the start of what `emit` was writing.
    pub offset: usize,
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at +{}: {} bytes do not fit (at most {})",
            self.field.name(),
            self.offset,
            self.len,
            self.field.max()
        )
    }
}

impl std::error::Error for EmitError {}

/// A value that can be written back to netlink bytes.
pub trait Emit {
    /// The number of bytes [`emit`](Emit::emit) appends.
    fn buffer_len(&self) -> usize;

    /// Append the bytes to `out`.
    ///
    /// # Errors
    /// [`EmitError`] when a length does not fit its field; `out` is then unchanged.
    fn emit(&self, out: &mut Vec<u8>) -> Result<(), EmitError>;

    /// The bytes in a new vector.
    ///
    /// # Errors
    /// As [`emit`](Emit::emit).
    fn to_vec(&self) -> Result<Vec<u8>, EmitError> {
        let mut out = Vec::with_capacity(self.buffer_len());
        self.emit(&mut out)?;
        Ok(out)
    }
}

/// A value that does not carry its byte order, paired with one.
#[derive(Clone, Copy, Debug)]
pub struct Ordered<T>(pub T, pub Endian);

// -------------------------------------------------------------------------------------
// The sink: one writing path for both `emit` and `buffer_len`.

/// Where bytes go: a vector, or a counter (for `buffer_len`). Length fields are
/// written as placeholders and patched when their content is known; the first
/// length that does not fit is remembered and writing goes on, so both passes agree.
pub(crate) trait Sink {
    fn put(&mut self, b: &[u8]);
    fn pos(&self) -> usize;
    fn patch(&mut self, at: usize, b: &[u8]);
    fn fail(&mut self, e: EmitError);
}

pub(crate) struct VecSink<'v> {
    out: &'v mut Vec<u8>,
    start: usize,
    error: Option<EmitError>,
}

impl Sink for VecSink<'_> {
    fn put(&mut self, b: &[u8]) {
        self.out.extend_from_slice(b);
    }
    fn pos(&self) -> usize {
        self.out.len() - self.start
    }
    fn patch(&mut self, at: usize, b: &[u8]) {
        let at = self.start + at;
        if let Some(slot) = self.out.get_mut(at..at.saturating_add(b.len())) {
            slot.copy_from_slice(b);
        }
    }
    fn fail(&mut self, e: EmitError) {
        self.error.get_or_insert(e);
    }
}

pub(crate) struct Count(usize);

impl Sink for Count {
    fn put(&mut self, b: &[u8]) {
        self.0 = self.0.saturating_add(b.len());
    }
    fn pos(&self) -> usize {
        self.0
    }
    fn patch(&mut self, _at: usize, _b: &[u8]) {}
    fn fail(&mut self, _e: EmitError) {}
}

/// Run a writer into `out`, undoing it on error.
pub(crate) fn run_emit(
    out: &mut Vec<u8>,
    f: impl FnOnce(&mut VecSink<'_>),
) -> Result<(), EmitError> {
    let start = out.len();
    let mut s = VecSink {
        out,
        start,
        error: None,
    };
    f(&mut s);
    match s.error {
        None => Ok(()),
        Some(e) => {
            s.out.truncate(start);
            Err(e)
        }
    }
}

/// Run a writer into a counter.
pub(crate) fn run_count(f: impl FnOnce(&mut Count)) -> usize {
    let mut c = Count(0);
    f(&mut c);
    c.0
}

/// Patch the u16 length field at `at` with the bytes written since `at`.
pub(crate) fn patch16<S: Sink>(s: &mut S, at: usize, field: LengthField, e: Endian) {
    let len = s.pos().saturating_sub(at);
    match u16::try_from(len) {
        Ok(v) => s.patch(at, &e.u16_bytes(v)),
        Err(_) => s.fail(EmitError {
            field,
            len,
            offset: at,
        }),
    }
}

/// Patch the u32 `nlmsg_len` at `at` with the bytes written since `at`.
pub(crate) fn patch32<S: Sink>(s: &mut S, at: usize, e: Endian) {
    let len = s.pos().saturating_sub(at);
    match u32::try_from(len) {
        Ok(v) => s.patch(at, &e.u32_bytes(v)),
        Err(_) => s.fail(EmitError {
            field: LengthField::NlmsgLen,
            len,
            offset: at,
        }),
    }
}

/// The low `size` bytes of `bits` in order `e` (size 1, 2, 4 or 8; others: 8).
pub(crate) fn put_int<S: Sink>(s: &mut S, bits: u64, size: usize, e: Endian) {
    match size {
        1 => s.put(&[bits as u8]),
        2 => s.put(&e.u16_bytes(bits as u16)),
        4 => s.put(&e.u32_bytes(bits as u32)),
        _ => s.put(&e.u64_bytes(bits)),
    }
}

fn put_header<S: Sink>(s: &mut S, h: &Header, e: Endian) {
    s.put(&h.to_bytes(e));
}

// -------------------------------------------------------------------------------------
// Views.

fn put_struct<S: Sink>(s: &mut S, sv: &StructView<'_>) {
    let bytes = sv.bytes;
    let mut pos = 0usize;
    for (f, v) in sv.fields() {
        if f.offset < pos {
            // Overlapping members (a union): the bytes are already written.
            continue;
        }
        s.put(bytes.get(pos..f.offset).unwrap_or(&[]));
        pos = f.offset;
        match (f.kind, v) {
            (FieldKind::Scalar(_, bo, _), FieldValue::Unsigned(x)) => {
                put_int(s, x, f.kind.size(), field_order(bo, sv.endian));
                pos += f.kind.size();
            }
            (FieldKind::Scalar(_, bo, _), FieldValue::Signed(x)) => {
                put_int(s, x as u64, f.kind.size(), field_order(bo, sv.endian));
                pos += f.kind.size();
            }
            (_, FieldValue::Bytes(b)) => {
                s.put(b);
                pos += b.len();
            }
            (_, FieldValue::Unsigned(_) | FieldValue::Signed(_)) => {
                // A number in a non-scalar member cannot be decoded; copy the bytes.
                let n = f.kind.size();
                s.put(bytes.get(pos..pos.saturating_add(n)).unwrap_or(&[]));
                pos += n;
            }
        }
    }
    s.put(bytes.get(pos..).unwrap_or(&[]));
}

fn field_order(bo: ByteOrder, e: Endian) -> Endian {
    if bo == ByteOrder::Big {
        Endian::Big
    } else {
        e
    }
}

fn put_struct_array<S: Sink>(s: &mut S, sa: &StructArray<'_>) {
    for el in sa.elements() {
        put_struct(s, &el);
    }
    s.put(sa.rest());
}

/// A packed integer array: each element written back in the array's order, then the
/// bytes after the last whole element.
fn put_packed<S: Sink>(s: &mut S, p: &Packed<'_>) {
    let size = p.size();
    for el in p.elements() {
        let bits = match el {
            Element::Unsigned(x) => x,
            Element::Signed(x) => x as u64,
        };
        put_int(s, bits, size, p.endian);
    }
    s.put(p.rest());
}

fn put_view<S: Sink>(s: &mut S, view: &AttrsView<'_>) {
    let e = view.raw().endian();
    let mut walk = view.clone();
    for item in walk.by_ref() {
        match item {
            Ok(a) => put_attr(s, &a, e),
            Err(_) => break,
        }
    }
    s.put(walk.rest());
}

fn put_attr<S: Sink>(s: &mut S, a: &DecodedAttr<'_>, e: Endian) {
    let start = s.pos();
    s.put(&[0, 0]);
    s.put(&e.u16_bytes(a.attr.raw_type()));
    put_value(s, &a.value, &a.attr, a.kind, e);
    patch16(s, start, LengthField::NlaLen, e);
    s.put(a.attr.pad);
}

fn put_raw_attr<S: Sink>(s: &mut S, a: &Attr<'_>, e: Endian) {
    let start = s.pos();
    s.put(&[0, 0]);
    s.put(&e.u16_bytes(a.raw_type()));
    s.put(a.value);
    patch16(s, start, LengthField::NlaLen, e);
    s.put(a.pad);
}

fn put_value<S: Sink>(s: &mut S, v: &Value<'_>, attr: &Attr<'_>, kind: Option<&Kind>, e: Endian) {
    match v {
        Value::Unsigned(x) => put_scalar(s, *x, attr, kind, e),
        Value::Signed(x) => put_scalar(s, *x as u64, attr, kind, e),
        Value::String(t) => {
            s.put(t);
            s.put(attr.value.get(t.len()..).unwrap_or(&[]));
        }
        Value::Bytes(b) | Value::Unknown(b) => s.put(b),
        Value::Flag => {}
        Value::Bitfield32 { value, selector } => {
            s.put(&e.u32_bytes(*value));
            s.put(&e.u32_bytes(*selector));
        }
        Value::Struct(sv) => put_struct(s, sv),
        Value::StructArray(sa) => put_struct_array(s, sa),
        Value::Packed(p) => put_packed(s, p),
        Value::Nest(view) => put_view(s, view),
        Value::SubMessage { header, attrs, .. } => {
            if let Some(h) = header {
                put_struct(s, h);
            }
            put_view(s, attrs);
        }
        Value::Multipath(mp) => put_multipath(s, mp, attr.value_offset()),
        Value::Invalid { raw, .. } => s.put(raw),
    }
}

fn put_scalar<S: Sink>(s: &mut S, bits: u64, attr: &Attr<'_>, kind: Option<&Kind>, e: Endian) {
    match kind {
        Some(Kind::Scalar(sc, bo, _)) => {
            let size = sc.size().unwrap_or(attr.value.len());
            let order = if *bo == ByteOrder::Big || attr.net_byteorder {
                Endian::Big
            } else {
                e
            };
            put_int(s, bits, size, order);
        }
        // A number decoded under another kind cannot happen; keep the bytes.
        _ => s.put(attr.value),
    }
}

/// `RTA_MULTIPATH`: each `rtnexthop` from its fields with `rtnh_len` computed, the
/// bytes between hops and after a bad hop copied.
fn put_multipath<S: Sink>(s: &mut S, mp: &Multipath<'_>, base: usize) {
    let bytes = mp.bytes();
    let mut pos = 0usize;
    for hop in mp.hops() {
        let Ok(h) = hop else { break };
        let rel = h.offset.saturating_sub(base);
        if rel < pos {
            break;
        }
        s.put(bytes.get(pos..rel).unwrap_or(&[]));
        let e = h.attrs.raw().endian();
        let start = s.pos();
        s.put(&[0, 0, h.flags, h.hops]);
        s.put(&e.u32_bytes(h.ifindex as u32));
        put_view(s, &h.attrs);
        patch16(s, start, LengthField::RtnhLen, e);
        pos = rel.saturating_add(s.pos().saturating_sub(start));
    }
    s.put(bytes.get(pos..).unwrap_or(&[]));
}

fn put_decoded<S: Sink>(s: &mut S, d: &Decoded<'_>, echo_depth: u8) {
    let msg = &d.msg;
    let e = msg.endian;
    let start = s.pos();
    put_header(s, &msg.header, e);
    let bytes = msg.bytes;
    let payload = msg.payload();
    match &d.body {
        Body::Noop(p) | Body::Overrun(p) => s.put(p),
        Body::Done(done) => match done.error {
            None => s.put(payload),
            Some(err) => {
                s.put(&e.u32_bytes(err as u32));
                match &done.extack {
                    Some(x) => put_view(s, x),
                    None => s.put(done.extra),
                }
            }
        },
        Body::Error(em) => match em.error {
            None => s.put(payload),
            Some(err) => {
                s.put(&e.u32_bytes(err as u32));
                let echo_at = NLMSG_HDRLEN + 4;
                match em.request {
                    None => s.put(bytes.get(echo_at..).unwrap_or(&[])),
                    Some(req) => {
                        // Echoes deeper than the bound are written raw (the same
                        // bytes): the bound only keeps the recursion finite.
                        if echo_depth < crate::wire::limits::MAX_ECHO_DEPTH {
                            let inner = decode_message(req, d.protocol, &Context::new());
                            put_decoded(s, &inner, echo_depth + 1);
                        } else {
                            put_message(s, &req);
                        }
                        let after = echo_at + req.bytes.len();
                        match &em.extack {
                            Some(x) => {
                                let base = x.raw().base();
                                s.put(bytes.get(after..base).unwrap_or(&[]));
                                put_view(s, x);
                            }
                            None => s.put(bytes.get(after..).unwrap_or(&[])),
                        }
                    }
                }
            }
        },
        Body::Family(f) => {
            let mut pos = NLMSG_HDRLEN;
            if let Some(g) = f.genl {
                s.put(&[g.cmd, g.version]);
                s.put(&e.u16_bytes(g.reserved));
                pos += 4;
            } else if d.protocol == crate::wire::protocol::NETLINK_GENERIC {
                // Too short for a genlmsghdr: nothing was decoded.
                s.put(payload);
                pos = bytes.len();
            }
            if let Some(h) = &f.header {
                put_struct(s, h);
                pos = h.offset.saturating_add(h.bytes.len());
            }
            let base = f.attrs.raw().base();
            if pos < bytes.len() {
                s.put(bytes.get(pos..base).unwrap_or(&[]));
                put_view(s, &f.attrs);
            }
        }
    }
    if keeps_computed_len(msg) {
        patch32(s, start, e);
    }
    s.put(msg.pad);
}

/// A message's `nlmsg_len` is written from its bytes unless they cannot justify it:
/// the capture's snap length cut it, or it is a request echoed by `NLMSG_ERROR` whose
/// recorded length disagrees with the bytes echoed (capped, or a bad length).
fn keeps_computed_len(m: &Message<'_>) -> bool {
    !m.truncated && m.header.len as usize == m.bytes.len()
}

fn put_message<S: Sink>(s: &mut S, m: &Message<'_>) {
    let start = s.pos();
    put_header(s, &m.header, m.endian);
    s.put(m.payload());
    if keeps_computed_len(m) {
        patch32(s, start, m.endian);
    }
    s.put(m.pad);
}

// -------------------------------------------------------------------------------------
// The public impls.

macro_rules! emit_via {
    ($ty:ty, |$s:ident, $v:ident| $body:expr) => {
        impl Emit for $ty {
            fn buffer_len(&self) -> usize {
                let $v = self;
                run_count(|$s| $body)
            }
            fn emit(&self, out: &mut Vec<u8>) -> Result<(), EmitError> {
                let $v = self;
                run_emit(out, |$s| $body)
            }
        }
    };
}

// A header: its fields as they are (`nlmsg_len` included: a header alone has no
// content to compute it from).
emit_via!(Ordered<Header>, |s, v| put_header(s, &v.0, v.1));
emit_via!(Ordered<&Header>, |s, v| put_header(s, v.0, v.1));
// A raw attribute: header (length computed), value, padding.
emit_via!(Ordered<Attr<'_>>, |s, v| put_raw_attr(s, &v.0, v.1));
emit_via!(Ordered<&Attr<'_>>, |s, v| put_raw_attr(s, v.0, v.1));
// A typed attribute: header, value written from its decoded value, padding.
emit_via!(Ordered<&DecodedAttr<'_>>, |s, v| put_attr(s, v.0, v.1));
emit_via!(Ordered<DecodedAttr<'_>>, |s, v| put_attr(s, &v.0, v.1));
// A raw message: header (length computed unless snap-cut), payload, padding.
emit_via!(Message<'_>, |s, v| put_message(s, v));
// A decoded message, every part from its view.
emit_via!(Decoded<'_>, |s, v| put_decoded(s, v, 0));
// An attribute walk from where it stands, then the bytes after a framing error.
emit_via!(AttrsView<'_>, |s, v| put_view(s, v));
emit_via!(StructView<'_>, |s, v| put_struct(s, v));
emit_via!(StructArray<'_>, |s, v| put_struct_array(s, v));
emit_via!(Packed<'_>, |s, v| put_packed(s, v));
// A multipath list on its own: offsets are taken relative to its first hop.
emit_via!(Multipath<'_>, |s, v| {
    let base = v.hops().next().and_then(Result::ok).map_or(0, |h| h.offset);
    put_multipath(s, v, base)
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::attr::Attrs;
    use crate::wire::build::MsgBuilder;
    use crate::wire::nlmsg::Messages;

    #[test]
    fn header_and_attr_round_trip_both_orders() {
        for e in [Endian::Little, Endian::Big] {
            let h = Header {
                len: 36,
                ty: 16,
                flags: 0x605,
                seq: 7,
                pid: 9,
            };
            let out = Ordered(h, e).to_vec().unwrap();
            assert_eq!(Header::parse(&out, e).unwrap(), h);
            assert_eq!(Ordered(h, e).buffer_len(), 16);
            let mut b = Vec::new();
            b.extend_from_slice(&e.u16_bytes(7));
            b.extend_from_slice(&e.u16_bytes(0x4003));
            b.extend_from_slice(b"lo\0\x00");
            let a = Attrs::new(&b, 0, e).next().unwrap().unwrap();
            assert_eq!(Ordered(a, e).to_vec().unwrap(), b);
        }
    }

    #[test]
    fn truncated_message_keeps_recorded_length() {
        let e = Endian::Little;
        let mut b = MsgBuilder::new(e, 16, 0, 1, 0);
        b.zeros(16).attr_u32(4, 1500);
        let full = b.finish();
        let cut = &full[..30];
        let m = Messages::new(cut, e)
            .snap_cut(true)
            .next()
            .unwrap()
            .unwrap();
        assert!(m.truncated);
        let d = decode_message(m, 0, &Context::new());
        assert_eq!(d.to_vec().unwrap(), cut);
    }

    #[test]
    fn error_leaves_output_unchanged() {
        let mut out = vec![1, 2, 3];
        let r = run_emit(&mut out, |s| {
            s.put(&[9; 8]);
            let start = s.pos();
            s.put(&[0, 0]);
            s.put(&vec![0u8; 70_000]);
            patch16(s, start, LengthField::NlaLen, Endian::Little);
        });
        let err = r.unwrap_err();
        assert_eq!(out, [1, 2, 3]);
        assert_eq!(
            (err.field, err.len, err.offset),
            (LengthField::NlaLen, 70_002, 8)
        );
        assert_eq!(
            err.to_string(),
            "nla_len at +8: 70002 bytes do not fit (at most 65535)"
        );
    }
}
