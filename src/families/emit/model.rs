//! Owned "logical" netlink values: what a test or the fuzzer generates, writes with
//! [`OwnedMsg::emit`] and compares with what the decoder read back
//! ([`OwnedMsg::from_decoded`]).
//!
//! The model mirrors the decoder's [`Value`]s one to one, but owns its bytes and
//! carries what a decoded value takes from its table row: an integer knows its width
//! and whether it is in network order, a struct knows its layout. It needs no table
//! to be written, so a generator typed by the tables (`tests/support/model_gen.rs`)
//! can make values of the right kinds, and the property "emit, then decode, gives the
//! value back" is a plain `==` between two models.
//!
//! Writing follows the kernel's layout rules: every attribute padded to 4 bytes with
//! zeros, lengths computed, a fixed message header padded to 4 bytes before
//! attributes (`nlmsg_attrdata`), sub-message attributes right after their header.
//! Reading back is lossless for what the model can express; bytes it cannot (padding,
//! struct gaps) are not part of the value, so two models compare equal exactly when
//! the decoder saw the same values.

use super::{patch16, patch32, put_int, run_count, run_emit, EmitError, LengthField, Sink};
use crate::families::decode::{
    decode_message, AttrsView, Body, Context, Decoded, Element, FieldValue, StructView, Value,
};
use crate::families::schema::{ByteOrder, FieldKind, Kind, StructDef, MAX_EMBED_DEPTH};
use crate::wire::endian::Endian;
use crate::wire::nlmsg::{align4, Header};

/// One member of an [`OwnedStruct`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OwnedField {
    /// An integer: its bits (the low `size` bytes), its width, network order or not.
    Int {
        /// The value's bits, masked to `size` bytes.
        bits: u64,
        /// Width in bytes.
        size: u8,
        /// Big-endian whatever the message order.
        network: bool,
    },
    /// Bytes (arrays, addresses, padding, a flexible array member).
    Bytes(Vec<u8>),
    /// An embedded struct ([`FieldKind::Struct`]): its members, in its own byte
    /// order rules (its tail is always empty: the member is the struct's size).
    Struct(OwnedStruct),
}

/// A fixed kernel struct: its layout, its members in order, bytes past the layout.
#[derive(Clone, Debug)]
pub struct OwnedStruct {
    /// The layout.
    pub def: &'static StructDef,
    /// The members, in the layout's order (all of them, for a whole struct).
    pub fields: Vec<OwnedField>,
    /// Bytes after the known layout (a newer kernel's longer struct).
    pub tail: Vec<u8>,
}

impl PartialEq for OwnedStruct {
    fn eq(&self, o: &Self) -> bool {
        std::ptr::eq(self.def, o.def) && self.fields == o.fields && self.tail == o.tail
    }
}
impl Eq for OwnedStruct {}

/// An attribute value; see the module docs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OwnedValue {
    /// An integer attribute.
    Int {
        /// The value's bits, masked to `size` bytes.
        bits: u64,
        /// Width in bytes.
        size: u8,
        /// Big-endian whatever the message order.
        network: bool,
    },
    /// A string: its text (no NUL) and what follows it (normally one NUL).
    String {
        /// Text up to the first NUL.
        text: Vec<u8>,
        /// The NUL and anything after it.
        tail: Vec<u8>,
    },
    /// Opaque bytes of a known binary attribute.
    Bytes(Vec<u8>),
    /// A flag (no payload).
    Flag,
    /// `struct nla_bitfield32`.
    Bitfield32 {
        /// The bits' values.
        value: u32,
        /// Which bits are meant.
        selector: u32,
    },
    /// A fixed struct.
    Struct(OwnedStruct),
    /// A packed array of structs, and bytes after the last whole one.
    StructArray(Vec<OwnedStruct>, Vec<u8>),
    /// A packed integer array (`Kind::Packed`).
    Packed {
        /// Each element's bits, masked to `size` bytes.
        elems: Vec<u64>,
        /// Width of one element in bytes.
        size: u8,
        /// Big-endian whatever the message order.
        network: bool,
        /// Bytes after the last whole element.
        rest: Vec<u8>,
    },
    /// Nested attributes (also indexed arrays).
    Nest(Vec<OwnedAttr>),
    /// A sub-message (or a headed nest): optional fixed header, then attributes.
    SubMessage {
        /// The fixed header.
        header: Option<OwnedStruct>,
        /// The attributes.
        attrs: Vec<OwnedAttr>,
    },
    /// `RTA_MULTIPATH` hops.
    Multipath(Vec<OwnedHop>),
    /// An attribute the table does not know.
    Unknown(Vec<u8>),
    /// A known attribute whose payload does not fit its type.
    Invalid(Vec<u8>),
}

/// One attribute: its raw type (flag bits included) and its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedAttr {
    /// `nla_type` with `NLA_F_NESTED` / `NLA_F_NET_BYTEORDER`.
    pub ty: u16,
    /// The value.
    pub value: OwnedValue,
}

/// One `struct rtnexthop` with its route attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedHop {
    /// `rtnh_flags`.
    pub flags: u8,
    /// `rtnh_hops`.
    pub hops: u8,
    /// `rtnh_ifindex`.
    pub ifindex: i32,
    /// The hop's attributes.
    pub attrs: Vec<OwnedAttr>,
}

/// `genlmsghdr`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OwnedGenl {
    /// `cmd`.
    pub cmd: u8,
    /// `version`.
    pub version: u8,
    /// `reserved`.
    pub reserved: u16,
}

/// The request an `NLMSG_ERROR` echoes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OwnedEcho {
    /// `NLM_F_CAPPED`: only the header (with the request's own `nlmsg_len`).
    Header(Header),
    /// The whole request.
    Message(Box<OwnedMsg>),
}

/// What a message holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OwnedBody {
    /// `NLMSG_NOOP` / `NLMSG_OVERRUN`, or anything written as plain bytes.
    Raw(Vec<u8>),
    /// `NLMSG_DONE`: the error, then extended ACK (with `NLM_F_ACK_TLVS`) or other bytes.
    Done {
        /// `int error`.
        error: i32,
        /// Extended-ACK attributes.
        extack: Option<Vec<OwnedAttr>>,
        /// Bytes after the error when there is no extended ACK.
        extra: Vec<u8>,
    },
    /// `NLMSG_ERROR`.
    Error {
        /// `int error`.
        error: i32,
        /// The echoed request.
        request: Option<OwnedEcho>,
        /// Extended-ACK attributes (with `NLM_F_ACK_TLVS`).
        extack: Option<Vec<OwnedAttr>>,
    },
    /// A family message.
    Family {
        /// `genlmsghdr`, for generic netlink.
        genl: Option<OwnedGenl>,
        /// The fixed header.
        header: Option<OwnedStruct>,
        /// The attributes.
        attrs: Vec<OwnedAttr>,
    },
}

/// A whole message: `nlmsghdr` fields (the length is computed) and the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedMsg {
    /// `nlmsg_type`.
    pub ty: u16,
    /// `nlmsg_flags`.
    pub flags: u16,
    /// `nlmsg_seq`.
    pub seq: u32,
    /// `nlmsg_pid`.
    pub pid: u32,
    /// The payload.
    pub body: OwnedBody,
}

// -------------------------------------------------------------------------------------
// Writing.

fn mask(bits: u64, size: u8) -> u64 {
    match size {
        1 => bits & 0xff,
        2 => bits & 0xffff,
        4 => bits & 0xffff_ffff,
        _ => bits,
    }
}

fn order(network: bool, e: Endian) -> Endian {
    if network {
        Endian::Big
    } else {
        e
    }
}

fn put_struct<S: Sink>(s: &mut S, st: &OwnedStruct, e: Endian) {
    let mut written = 0usize;
    for (f, v) in st.def.fields.iter().zip(&st.fields) {
        // Members are written at their offsets; a gap is zeros.
        while written < f.offset {
            s.put(&[0]);
            written += 1;
        }
        if f.offset < written {
            continue; // overlapping member (a union): the first one wins
        }
        match v {
            OwnedField::Int {
                bits,
                size,
                network,
            } => {
                put_int(s, *bits, usize::from(*size), order(*network, e));
                written += usize::from(*size);
            }
            OwnedField::Bytes(b) => {
                s.put(b);
                written += b.len();
            }
            OwnedField::Struct(inner) => {
                let start = s.pos();
                put_struct(s, inner, e);
                written += s.pos().saturating_sub(start);
            }
        }
    }
    // A whole struct is `size` bytes even when its last members are missing.
    if st.fields.len() >= st.def.fields.len() {
        while written < st.def.size {
            s.put(&[0]);
            written += 1;
        }
    }
    s.put(&st.tail);
}

fn put_attrs<S: Sink>(s: &mut S, attrs: &[OwnedAttr], e: Endian) {
    for a in attrs {
        let start = s.pos();
        s.put(&[0, 0]);
        s.put(&e.u16_bytes(a.ty));
        put_value(s, &a.value, e);
        patch16(s, start, LengthField::NlaLen, e);
        let pad = align4(s.pos() - start) - (s.pos() - start);
        s.put([0u8; 3].get(..pad).unwrap_or(&[]));
    }
}

fn put_value<S: Sink>(s: &mut S, v: &OwnedValue, e: Endian) {
    match v {
        OwnedValue::Int {
            bits,
            size,
            network,
        } => put_int(s, *bits, usize::from(*size), order(*network, e)),
        OwnedValue::String { text, tail } => {
            s.put(text);
            s.put(tail);
        }
        OwnedValue::Bytes(b) | OwnedValue::Unknown(b) | OwnedValue::Invalid(b) => s.put(b),
        OwnedValue::Flag => {}
        OwnedValue::Bitfield32 { value, selector } => {
            s.put(&e.u32_bytes(*value));
            s.put(&e.u32_bytes(*selector));
        }
        OwnedValue::Struct(st) => put_struct(s, st, e),
        OwnedValue::StructArray(items, rest) => {
            for st in items {
                put_struct(s, st, e);
            }
            s.put(rest);
        }
        OwnedValue::Packed {
            elems,
            size,
            network,
            rest,
        } => {
            for x in elems {
                put_int(s, *x, usize::from(*size), order(*network, e));
            }
            s.put(rest);
        }
        OwnedValue::Nest(attrs) => put_attrs(s, attrs, e),
        OwnedValue::SubMessage { header, attrs } => {
            if let Some(h) = header {
                put_struct(s, h, e);
            }
            put_attrs(s, attrs, e);
        }
        OwnedValue::Multipath(hops) => {
            for h in hops {
                let start = s.pos();
                s.put(&[0, 0, h.flags, h.hops]);
                s.put(&e.u32_bytes(h.ifindex as u32));
                put_attrs(s, &h.attrs, e);
                patch16(s, start, LengthField::RtnhLen, e);
            }
        }
    }
}

fn put_msg<S: Sink>(s: &mut S, m: &OwnedMsg, e: Endian) {
    let start = s.pos();
    s.put(&e.u32_bytes(0));
    s.put(&e.u16_bytes(m.ty));
    s.put(&e.u16_bytes(m.flags));
    s.put(&e.u32_bytes(m.seq));
    s.put(&e.u32_bytes(m.pid));
    match &m.body {
        OwnedBody::Raw(b) => s.put(b),
        OwnedBody::Done {
            error,
            extack,
            extra,
        } => {
            s.put(&e.u32_bytes(*error as u32));
            if let Some(x) = extack {
                put_attrs(s, x, e);
            }
            s.put(extra);
        }
        OwnedBody::Error {
            error,
            request,
            extack,
        } => {
            s.put(&e.u32_bytes(*error as u32));
            match request {
                Some(OwnedEcho::Header(h)) => s.put(&h.to_bytes(e)),
                Some(OwnedEcho::Message(r)) => put_msg(s, r, e),
                None => {}
            }
            if let Some(x) = extack {
                pad_to4(s, start);
                put_attrs(s, x, e);
            }
        }
        OwnedBody::Family {
            genl,
            header,
            attrs,
        } => {
            if let Some(g) = genl {
                s.put(&[g.cmd, g.version]);
                s.put(&e.u16_bytes(g.reserved));
            }
            if let Some(h) = header {
                put_struct(s, h, e);
            }
            if !attrs.is_empty() {
                pad_to4(s, start);
                put_attrs(s, attrs, e);
            }
        }
    }
    patch32(s, start, e);
}

fn pad_to4<S: Sink>(s: &mut S, start: usize) {
    let n = s.pos() - start;
    let pad = align4(n) - n;
    s.put([0u8; 3].get(..pad).unwrap_or(&[]));
}

impl OwnedMsg {
    /// The number of bytes [`emit`](Self::emit) appends (no padding after the message).
    pub fn buffer_len(&self) -> usize {
        run_count(|s| put_msg(s, self, Endian::Little))
    }

    /// Append the message in byte order `e`.
    ///
    /// # Errors
    /// [`EmitError`] when a length does not fit its field; `out` is then unchanged.
    pub fn emit(&self, e: Endian, out: &mut Vec<u8>) -> Result<(), EmitError> {
        run_emit(out, |s| put_msg(s, self, e))
    }

    /// The message as a new vector.
    ///
    /// # Errors
    /// As [`emit`](Self::emit).
    pub fn to_vec(&self, e: Endian) -> Result<Vec<u8>, EmitError> {
        let mut out = Vec::with_capacity(self.buffer_len());
        self.emit(e, &mut out)?;
        Ok(out)
    }

    /// The model of a decoded message (an echoed request is decoded with `ctx`). An
    /// `NLMSG_ERROR` at echo depth [`MAX_ECHO_DEPTH`](crate::wire::limits::MAX_ECHO_DEPTH)
    /// (a request echoed that deep inside other errors) keeps its payload as
    /// [`OwnedBody::Raw`]: the recursion follows no further than the renderers do.
    pub fn from_decoded(d: &Decoded<'_>, ctx: &Context) -> OwnedMsg {
        Self::from_decoded_at(d, ctx, 0)
    }

    fn from_decoded_at(d: &Decoded<'_>, ctx: &Context, echo_depth: u8) -> OwnedMsg {
        let h = d.msg.header;
        let body = match &d.body {
            Body::Noop(p) | Body::Overrun(p) => OwnedBody::Raw(p.to_vec()),
            Body::Done(done) => match done.error {
                Some(error) => OwnedBody::Done {
                    error,
                    extack: done.extack.as_ref().map(attrs_of),
                    extra: done.extra.to_vec(),
                },
                None => OwnedBody::Raw(d.msg.payload().to_vec()),
            },
            Body::Error(em) => match (em.error, em.problem) {
                (Some(_), None)
                    if echo_depth >= crate::wire::limits::MAX_ECHO_DEPTH && !em.capped =>
                {
                    OwnedBody::Raw(d.msg.payload().to_vec())
                }
                (Some(error), None) => OwnedBody::Error {
                    error,
                    request: em.request.map(|r| {
                        if em.capped {
                            OwnedEcho::Header(r.header)
                        } else {
                            let inner = decode_message(r, d.protocol, ctx);
                            OwnedEcho::Message(Box::new(OwnedMsg::from_decoded_at(
                                &inner,
                                ctx,
                                echo_depth + 1,
                            )))
                        }
                    }),
                    extack: em.extack.as_ref().map(attrs_of),
                },
                _ => OwnedBody::Raw(d.msg.payload().to_vec()),
            },
            Body::Family(f) => OwnedBody::Family {
                genl: f.genl.map(|g| OwnedGenl {
                    cmd: g.cmd,
                    version: g.version,
                    reserved: g.reserved,
                }),
                header: f.header.as_ref().map(struct_of),
                attrs: attrs_of(&f.attrs),
            },
        };
        OwnedMsg {
            ty: h.ty,
            flags: h.flags,
            seq: h.seq,
            pid: h.pid,
            body,
        }
    }
}

impl OwnedAttr {
    /// The bytes of this attribute (header, value, padding) in order `e`.
    ///
    /// # Errors
    /// [`EmitError`] when a length does not fit its field; `out` is then unchanged.
    pub fn emit(&self, e: Endian, out: &mut Vec<u8>) -> Result<(), EmitError> {
        run_emit(out, |s| put_attrs(s, std::slice::from_ref(self), e))
    }

    /// The number of bytes [`emit`](Self::emit) appends.
    pub fn buffer_len(&self) -> usize {
        run_count(|s| put_attrs(s, std::slice::from_ref(self), Endian::Little))
    }
}

// -------------------------------------------------------------------------------------
// Reading back.

/// The model of every attribute of a walk. A framing error (a bad `nla_len`) ends the
/// list with a marker, an attribute of type `0xffff` holding an empty
/// [`OwnedValue::Invalid`], which the test generator never makes: a comparison with a
/// generated model then fails instead of passing on a shorter list. (A bad
/// `rtnh_len` ends a multipath list the same way, with a hop of `ifindex` -1.)
pub fn attrs_of(view: &AttrsView<'_>) -> Vec<OwnedAttr> {
    let mut out = Vec::new();
    let mut walk = view.clone();
    for item in walk.by_ref() {
        let Ok(a) = item else {
            out.push(OwnedAttr {
                ty: u16::MAX,
                value: OwnedValue::Invalid(Vec::new()),
            });
            break;
        };
        let network = |bo: ByteOrder| bo == ByteOrder::Big || a.attr.net_byteorder;
        let size = a.attr.value.len() as u8;
        let value = match &a.value {
            Value::Unsigned(x) => match a.kind {
                Some(Kind::Scalar(_, bo, _)) => OwnedValue::Int {
                    bits: mask(*x, size),
                    size,
                    network: network(*bo),
                },
                _ => OwnedValue::Invalid(a.attr.value.to_vec()),
            },
            Value::Signed(x) => match a.kind {
                Some(Kind::Scalar(_, bo, _)) => OwnedValue::Int {
                    bits: mask(*x as u64, size),
                    size,
                    network: network(*bo),
                },
                _ => OwnedValue::Invalid(a.attr.value.to_vec()),
            },
            Value::String(t) => OwnedValue::String {
                text: t.to_vec(),
                tail: a.attr.value.get(t.len()..).unwrap_or(&[]).to_vec(),
            },
            Value::Bytes(b) => OwnedValue::Bytes(b.to_vec()),
            Value::Unknown(b) => OwnedValue::Unknown(b.to_vec()),
            Value::Invalid { raw, .. } => OwnedValue::Invalid(raw.to_vec()),
            Value::Flag => OwnedValue::Flag,
            Value::Bitfield32 { value, selector } => OwnedValue::Bitfield32 {
                value: *value,
                selector: *selector,
            },
            Value::Struct(sv) => OwnedValue::Struct(struct_of(sv)),
            Value::StructArray(sa) => OwnedValue::StructArray(
                sa.elements().map(|sv| struct_of(&sv)).collect(),
                sa.rest().to_vec(),
            ),
            Value::Packed(p) => match a.kind {
                Some(Kind::Packed(_, bo, _)) => OwnedValue::Packed {
                    elems: p
                        .elements()
                        .map(|el| match el {
                            Element::Unsigned(x) => x,
                            Element::Signed(x) => mask(x as u64, p.size() as u8),
                        })
                        .collect(),
                    size: p.size() as u8,
                    network: network(*bo),
                    rest: p.rest().to_vec(),
                },
                _ => OwnedValue::Invalid(a.attr.value.to_vec()),
            },
            Value::Nest(v) => OwnedValue::Nest(attrs_of(v)),
            Value::SubMessage { header, attrs, .. } => OwnedValue::SubMessage {
                header: header.as_ref().map(struct_of),
                attrs: attrs_of(attrs),
            },
            Value::Multipath(mp) => {
                let mut hops = Vec::new();
                for h in mp.hops() {
                    match h {
                        Ok(h) => hops.push(OwnedHop {
                            flags: h.flags,
                            hops: h.hops,
                            ifindex: h.ifindex,
                            attrs: attrs_of(&h.attrs),
                        }),
                        Err(_) => {
                            hops.push(OwnedHop {
                                flags: 0xff,
                                hops: 0xff,
                                ifindex: -1,
                                attrs: vec![OwnedAttr {
                                    ty: u16::MAX,
                                    value: OwnedValue::Invalid(Vec::new()),
                                }],
                            });
                            break;
                        }
                    }
                }
                OwnedValue::Multipath(hops)
            }
        };
        out.push(OwnedAttr {
            ty: a.attr.raw_type(),
            value,
        });
    }
    out
}

/// The model of a struct view: its whole members and its tail.
pub fn struct_of(sv: &StructView<'_>) -> OwnedStruct {
    struct_at(sv, 0)
}

/// [`struct_of`] for a struct embedded `depth` deep.
fn struct_at(sv: &StructView<'_>, depth: usize) -> OwnedStruct {
    let fields = sv
        .fields()
        .map(|(f, v)| {
            // An embedded struct, to the depth walks follow (past it: its bytes).
            if let (FieldKind::Struct(_), true) = (f.kind, depth < MAX_EMBED_DEPTH) {
                if let Some(inner) = sv.embedded(f) {
                    return OwnedField::Struct(struct_at(&inner, depth + 1));
                }
            }
            match (f.kind, v) {
                (FieldKind::Scalar(_, bo, _), FieldValue::Unsigned(x)) => {
                    let size = f.kind.size() as u8;
                    OwnedField::Int {
                        bits: mask(x, size),
                        size,
                        network: bo == ByteOrder::Big,
                    }
                }
                (FieldKind::Scalar(_, bo, _), FieldValue::Signed(x)) => {
                    let size = f.kind.size() as u8;
                    OwnedField::Int {
                        bits: mask(x as u64, size),
                        size,
                        network: bo == ByteOrder::Big,
                    }
                }
                (_, FieldValue::Bytes(b)) => OwnedField::Bytes(b.to_vec()),
                (_, FieldValue::Unsigned(x)) => OwnedField::Bytes(x.to_le_bytes().to_vec()),
                (_, FieldValue::Signed(x)) => OwnedField::Bytes(x.to_le_bytes().to_vec()),
            }
        })
        .collect();
    OwnedStruct {
        def: sv.def,
        fields,
        tail: sv.tail().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::nlmsg::Messages;

    #[test]
    fn attribute_over_u16_is_an_error_not_a_panic() {
        let a = OwnedAttr {
            ty: 1,
            value: OwnedValue::Bytes(vec![0; 70_000]),
        };
        let mut out = vec![7];
        let err = a.emit(Endian::Little, &mut out).unwrap_err();
        assert_eq!(err.field, LengthField::NlaLen);
        assert_eq!(err.len, 70_004);
        assert_eq!(out, [7]);
        assert_eq!(a.buffer_len(), 70_004);
    }

    #[test]
    fn unknown_message_round_trips() {
        for e in [Endian::Little, Endian::Big] {
            let m = OwnedMsg {
                ty: 0x7777,
                flags: 1,
                seq: 2,
                pid: 3,
                body: OwnedBody::Family {
                    genl: None,
                    header: None,
                    attrs: vec![OwnedAttr {
                        ty: 5,
                        value: OwnedValue::Unknown(vec![1, 2, 3]),
                    }],
                },
            };
            let bytes = m.to_vec(e).unwrap();
            assert_eq!(bytes.len(), m.buffer_len());
            assert_eq!(bytes.len(), 16 + 8);
            let msg = Messages::new(&bytes, e).next().unwrap().unwrap();
            let ctx = Context::new();
            let d = decode_message(msg, 0x55, &ctx);
            assert_eq!(OwnedMsg::from_decoded(&d, &ctx), m);
        }
    }
}
