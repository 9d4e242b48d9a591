//! Typed attribute values: an attribute stream read through a schema table.
//!
//! [`AttrsView`] wraps an [`Attrs`] walk with the [`AttrSet`] that names its
//! attributes and yields [`DecodedAttr`]s: the raw attribute, its row in the table
//! (if any) and its [`Value`]. Nothing is copied and nothing is allocated; nested
//! values are views that are walked only when asked for.
//!
//! Content errors do not stop a walk: a known attribute whose payload does not fit
//! its type becomes [`Value::Invalid`] and the walk goes on. Only framing errors (a
//! bad `nla_len`) end it.

use crate::families::schema::{
    AttrSet, ByteOrder, Field, FieldKind, Hint, Kind, Scalar, Special, StructDef, SubFormat,
};
use crate::wire::attr::{Attr, Attrs};
use crate::wire::endian::Endian;
use crate::wire::error::{DecodeError, ErrorKind, Layer, LengthSource};

/// How deep nlscope follows nested attributes (the kernel's policies go to 10):
/// [`crate::wire::limits::MAX_ATTR_DEPTH`]. An attribute deeper than this is
/// [`Value::Invalid`] with `TooDeep`, its payload kept as bytes.
pub const MAX_DEPTH: u8 = crate::wire::limits::MAX_ATTR_DEPTH;

/// A decoded attribute value.
#[derive(Clone, Debug)]
pub enum Value<'a> {
    /// An unsigned integer (already in host order).
    Unsigned(u64),
    /// A signed integer.
    Signed(i64),
    /// Text up to the first NUL (the raw attribute keeps the NUL and anything after).
    String(&'a [u8]),
    /// Opaque bytes.
    Bytes(&'a [u8]),
    /// A flag attribute (no payload).
    Flag,
    /// `struct nla_bitfield32`.
    Bitfield32 {
        /// The bits' values.
        value: u32,
        /// Which bits are meant.
        selector: u32,
    },
    /// A fixed struct.
    Struct(StructView<'a>),
    /// A packed array of fixed structs.
    StructArray(StructArray<'a>),
    /// A packed array of integers (`Kind::Packed`).
    Packed(Packed<'a>),
    /// Nested attributes (also indexed arrays: see [`AttrsView::element`]).
    Nest(AttrsView<'a>),
    /// A sub-message chosen by a sibling attribute, or a struct followed by
    /// attributes (`Kind::Headed`).
    SubMessage {
        /// The chosen format.
        format: &'static SubFormat,
        /// Its fixed header, if it has one.
        header: Option<StructView<'a>>,
        /// Its attributes.
        attrs: AttrsView<'a>,
    },
    /// `RTA_MULTIPATH`: `struct rtnexthop` entries, each with route attributes.
    Multipath(Multipath<'a>),
    /// An attribute the table does not know: kept as raw bytes.
    Unknown(&'a [u8]),
    /// A known attribute whose payload does not fit its type.
    Invalid {
        /// The payload.
        raw: &'a [u8],
        /// Why it does not fit.
        error: DecodeError,
    },
}

/// One attribute with its name, its type from the table, and its value.
#[derive(Clone, Debug)]
pub struct DecodedAttr<'a> {
    /// The raw attribute.
    pub attr: Attr<'a>,
    /// The kernel's name for it, if the table knows it.
    pub name: Option<&'static str>,
    /// Its type from the table (None: unknown).
    pub kind: Option<&'static Kind>,
    /// The decoded value.
    pub value: Value<'a>,
}

impl DecodedAttr<'_> {
    /// The display hint of its type.
    pub fn hint(&self) -> Hint {
        match self.kind {
            Some(Kind::Scalar(_, _, h)) | Some(Kind::Binary(h)) | Some(Kind::Packed(_, _, h)) => *h,
            _ => Hint::None,
        }
    }
}

/// A walk of attributes typed by a table.
#[derive(Clone, Debug)]
pub struct AttrsView<'a> {
    attrs: Attrs<'a>,
    set: Option<&'static AttrSet>,
    element: Option<&'static Kind>,
    depth: u8,
}

impl<'a> AttrsView<'a> {
    /// View `attrs` through `set` (None: every attribute is unknown), at nesting
    /// depth `depth`.
    pub fn new(attrs: Attrs<'a>, set: Option<&'static AttrSet>, depth: u8) -> Self {
        AttrsView {
            attrs,
            set,
            element: None,
            depth,
        }
    }

    /// An indexed array: every attribute is an element of kind `element`, its type
    /// number being its index.
    pub fn array(attrs: Attrs<'a>, element: &'static Kind, depth: u8) -> Self {
        AttrsView {
            attrs,
            set: None,
            element: Some(element),
            depth,
        }
    }

    /// The table, if any.
    pub fn set(&self) -> Option<&'static AttrSet> {
        self.set
    }

    /// The element kind, for an indexed array.
    pub fn element(&self) -> Option<&'static Kind> {
        self.element
    }

    /// Nesting depth (0 = the message's own attributes).
    pub fn depth(&self) -> u8 {
        self.depth
    }

    /// The underlying raw walk.
    pub fn raw(&self) -> &Attrs<'a> {
        &self.attrs
    }

    /// The bytes not walked after a framing error.
    pub fn rest(&self) -> &'a [u8] {
        self.attrs.rest()
    }

    /// Call `f` with each attribute in turn, decoded in place where `f` reads it,
    /// until the end of the list, a framing error (returned as `Ok(Some(error))`;
    /// [`AttrsView::rest`] then holds the bytes not walked) or an error from `f`
    /// (returned as is). The same attributes as the iterator, without moving a
    /// ~190-byte [`DecodedAttr`] out of `next` for each (a `memcpy` call per
    /// attribute in the renderers' loops).
    ///
    /// # Errors
    /// The first error `f` returns.
    #[inline]
    pub fn try_each<E>(
        &mut self,
        mut f: impl FnMut(&DecodedAttr<'a>) -> Result<(), E>,
    ) -> Result<Option<DecodeError>, E> {
        while let Some(next) = self.attrs.next() {
            match next {
                Ok(attr) => {
                    let a = self.decode_attr(attr);
                    f(&a)?;
                }
                Err(e) => return Ok(Some(e)),
            }
        }
        Ok(None)
    }

    /// Decode one raw attribute as this view would.
    #[inline(always)]
    pub fn decode_attr(&self, attr: Attr<'a>) -> DecodedAttr<'a> {
        let (name, kind) = match self.element {
            Some(kind) => (None, Some(kind)),
            None => match self.set.and_then(|s| s.lookup(attr.ty)) {
                Some(def) => (Some(def.name), Some(&def.kind)),
                None => (None, None),
            },
        };
        let value = match kind {
            Some(kind) => decode_kind(kind, &attr, name, &self.attrs, self.depth),
            None => Value::Unknown(attr.value),
        };
        DecodedAttr {
            attr,
            name,
            kind,
            value,
        }
    }
}

impl<'a> Iterator for AttrsView<'a> {
    type Item = Result<DecodedAttr<'a>, DecodeError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let attr = match self.attrs.next()? {
            Ok(a) => a,
            Err(e) => return Some(Err(e)),
        };
        Some(Ok(self.decode_attr(attr)))
    }
}

fn invalid<'a>(attr: &Attr<'a>, name: Option<&'static str>, kind: ErrorKind) -> Value<'a> {
    let mut error = DecodeError::new(attr.value_offset(), Layer::Value, kind);
    error.what = name;
    Value::Invalid {
        raw: attr.value,
        error,
    }
}

/// Read an integer of `size` bytes (1, 2, 4 or 8).
#[inline]
fn read_uint(bytes: &[u8], order: Endian) -> Option<u64> {
    match bytes.len() {
        1 => bytes.first().map(|b| u64::from(*b)),
        2 => order.u16_at(bytes, 0).map(u64::from),
        4 => order.u32_at(bytes, 0).map(u64::from),
        8 => order.u64_at(bytes, 0),
        _ => None,
    }
}

/// `v` in decimal ASCII, written at the end of `buf`.
fn decimal(mut v: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    loop {
        at -= 1;
        if let Some(d) = buf.get_mut(at) {
            *d = b'0' + (v % 10) as u8;
        }
        v /= 10;
        if v == 0 || at == 0 {
            break;
        }
    }
    buf.get(at..).unwrap_or(&[])
}

/// Sign-extend a `size`-byte value.
#[inline]
fn sign_extend(v: u64, size: usize) -> i64 {
    let shift = 64u32.saturating_sub((size as u32).saturating_mul(8));
    ((v << shift) as i64) >> shift
}

/// Decode a scalar of type `s` stored in `bytes`.
///
/// # Errors
/// `WrongSize` when the byte count does not fit the type (`uint`/`sint` take 4 or 8).
#[inline]
pub fn decode_scalar(s: Scalar, bytes: &[u8], order: Endian) -> Result<Value<'_>, ErrorKind> {
    scalar_bits(s, bytes, order).map(|(v, signed)| {
        if signed {
            Value::Signed(v as i64)
        } else {
            Value::Unsigned(v)
        }
    })
}

/// The value of a scalar as 64 bits (sign-extended when signed) and its signedness.
/// Kept apart from [`Value`] so the hot paths (struct members, scalar attributes) do
/// not build and move a whole `Result<Value, _>` per number.
#[inline(always)]
fn scalar_bits(s: Scalar, bytes: &[u8], order: Endian) -> Result<(u64, bool), ErrorKind> {
    let ok = match s.size() {
        Some(n) => bytes.len() == n,
        None => bytes.len() == 4 || bytes.len() == 8,
    };
    let v = if ok { read_uint(bytes, order) } else { None };
    let Some(v) = v else {
        return Err(ErrorKind::WrongSize {
            expected: s.size().unwrap_or(8),
            actual: bytes.len(),
        });
    };
    Ok(if s.signed() {
        (sign_extend(v, bytes.len()) as u64, true)
    } else {
        (v, false)
    })
}

pub(super) fn order_of(bo: ByteOrder, attr: &Attr<'_>, endian: Endian) -> Endian {
    if bo == ByteOrder::Big || attr.net_byteorder {
        Endian::Big
    } else {
        endian
    }
}

/// The bytes of `v` before its first NUL (all of `v` without one). Eight bytes at a
/// time while none of them is zero, then byte by byte.
#[inline]
pub(super) fn until_nul(v: &[u8]) -> &[u8] {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut at = 0;
    while let Some(c) = v.get(at..).and_then(|r| r.first_chunk::<8>()) {
        let w = u64::from_ne_bytes(*c);
        // Non-zero exactly when one of the eight bytes is zero.
        if w.wrapping_sub(LOW) & !w & HIGH != 0 {
            break;
        }
        at += 8;
    }
    let tail = v.get(at..).unwrap_or(&[]);
    match tail.iter().position(|b| *b == 0) {
        Some(i) => v.get(..at + i).unwrap_or(v),
        None => v,
    }
}

/// `v` as exactly `N` bytes.
#[inline(always)]
fn exact<const N: usize>(v: &[u8]) -> Option<[u8; N]> {
    <[u8; N]>::try_from(v).ok()
}

/// A scalar attribute's value, or None when the payload has the wrong size: one match
/// on the type and one length check (this runs for most attributes).
#[inline(always)]
pub(super) fn scalar_value<'a>(s: Scalar, v: &[u8], order: Endian) -> Option<Value<'a>> {
    Some(match s {
        Scalar::U8 => Value::Unsigned(u64::from(exact::<1>(v)?[0])),
        Scalar::S8 => Value::Signed(i64::from(exact::<1>(v)?[0] as i8)),
        Scalar::U16 => Value::Unsigned(u64::from(order.u16_from(exact(v)?))),
        Scalar::S16 => Value::Signed(i64::from(order.u16_from(exact(v)?) as i16)),
        Scalar::U32 => Value::Unsigned(u64::from(order.u32_from(exact(v)?))),
        Scalar::S32 => Value::Signed(i64::from(order.u32_from(exact(v)?) as i32)),
        Scalar::U64 => Value::Unsigned(order.u64_from(exact(v)?)),
        Scalar::S64 => Value::Signed(order.u64_from(exact(v)?) as i64),
        Scalar::Uint => match v.len() {
            4 => Value::Unsigned(u64::from(order.u32_from(exact(v)?))),
            _ => Value::Unsigned(order.u64_from(exact(v)?)),
        },
        Scalar::Sint => match v.len() {
            4 => Value::Signed(i64::from(order.u32_from(exact(v)?) as i32)),
            _ => Value::Signed(order.u64_from(exact(v)?) as i64),
        },
    })
}

/// The value of `attr` read as `kind`. The common kinds (scalars, strings, bytes,
/// structs, nests) are decoded inline; the rest, and every wrong-size payload, in
/// [`decode_other`], out of line, so the hot loop stays small.
#[inline(always)]
fn decode_kind<'a>(
    kind: &'static Kind,
    attr: &Attr<'a>,
    name: Option<&'static str>,
    siblings: &Attrs<'a>,
    depth: u8,
) -> Value<'a> {
    let v = attr.value;
    let endian = siblings.endian();
    match kind {
        Kind::Scalar(s, bo, _) => match scalar_value(*s, v, order_of(*bo, attr, endian)) {
            Some(x) => x,
            None => decode_other(kind, attr, name, siblings, depth),
        },
        Kind::String => Value::String(until_nul(v)),
        Kind::Binary(_) => Value::Bytes(v),
        Kind::Struct(def) => Value::Struct(StructView::new(def, v, attr.value_offset(), endian)),
        Kind::Nest(set) if depth < MAX_DEPTH => Value::Nest(AttrsView::new(
            Attrs::new(v, attr.value_offset(), endian),
            Some(set),
            depth + 1,
        )),
        _ => decode_other(kind, attr, name, siblings, depth),
    }
}

#[inline(never)]
pub(super) fn decode_other<'a>(
    kind: &'static Kind,
    attr: &Attr<'a>,
    name: Option<&'static str>,
    siblings: &Attrs<'a>,
    depth: u8,
) -> Value<'a> {
    let v = attr.value;
    let endian = siblings.endian();
    let nested_depth = depth.saturating_add(1);
    let too_deep = nested_depth > MAX_DEPTH;
    match kind {
        Kind::Scalar(s, bo, _) => match scalar_bits(*s, v, order_of(*bo, attr, endian)) {
            Ok((x, true)) => Value::Signed(x as i64),
            Ok((x, false)) => Value::Unsigned(x),
            Err(k) => invalid(attr, name, k),
        },
        Kind::String => Value::String(until_nul(v)),
        Kind::Binary(_) => Value::Bytes(v),
        Kind::Flag => {
            if v.is_empty() {
                Value::Flag
            } else {
                invalid(
                    attr,
                    name,
                    ErrorKind::WrongSize {
                        expected: 0,
                        actual: v.len(),
                    },
                )
            }
        }
        Kind::Bitfield32(_) => match (endian.u32_at(v, 0), endian.u32_at(v, 4), v.len()) {
            (Some(value), Some(selector), 8) => Value::Bitfield32 { value, selector },
            _ => invalid(
                attr,
                name,
                ErrorKind::WrongSize {
                    expected: 8,
                    actual: v.len(),
                },
            ),
        },
        Kind::Struct(def) => Value::Struct(StructView::new(def, v, attr.value_offset(), endian)),
        Kind::StructArray(def) => Value::StructArray(StructArray {
            def,
            bytes: v,
            offset: attr.value_offset(),
            endian,
        }),
        // IFLA_INET_CONF / IFLA_INET6_CONF are arrays in replies but nests of
        // IPV4_DEVCONF_* / DEVCONF_* attributes in requests (inet_set_link_af);
        // a sender that marks the nest (iproute2 sets NLA_F_NESTED) gets a nest.
        Kind::Packed(..) if attr.nested && !too_deep => Value::Nest(AttrsView::new(
            Attrs::new(v, attr.value_offset(), endian),
            None,
            nested_depth,
        )),
        Kind::Packed(s, bo, _) => Value::Packed(Packed {
            scalar: *s,
            bytes: v,
            offset: attr.value_offset(),
            endian: order_of(*bo, attr, endian),
        }),
        _ if too_deep => invalid(
            attr,
            name,
            ErrorKind::TooDeep {
                limit: usize::from(MAX_DEPTH),
            },
        ),
        Kind::Nest(set) => Value::Nest(AttrsView::new(
            Attrs::new(v, attr.value_offset(), endian),
            Some(set),
            nested_depth,
        )),
        Kind::Headed(format) => decode_sub(format, v, attr.value_offset(), endian, nested_depth),
        Kind::Array(elem) => Value::Nest(AttrsView::array(
            Attrs::new(v, attr.value_offset(), endian),
            elem,
            nested_depth,
        )),
        Kind::SubMessage { selector, table } => {
            let format = siblings.get(*selector).and_then(|sel| {
                let text = until_nul(sel.value);
                let by_text = |t: &[u8]| {
                    table
                        .format(t)
                        .or_else(|| crate::families::sub_format_fallback(table, t))
                };
                by_text(text).or_else(|| {
                    // A number selector (`NHA_ENCAP_TYPE`, a u16) is matched in decimal.
                    let n = read_uint(sel.value, order_of(ByteOrder::Host, &sel, endian))?;
                    let mut buf = [0u8; 20];
                    by_text(decimal(n, &mut buf))
                })
            });
            match format {
                Some(format) => decode_sub(format, v, attr.value_offset(), endian, nested_depth),
                None => Value::Unknown(v),
            }
        }
        Kind::Special(sp) => match sp {
            Special::RtaMultipath => Value::Multipath(Multipath {
                bytes: v,
                base: attr.value_offset(),
                endian,
                depth: nested_depth,
            }),
        },
    }
}

/// Decode a payload laid out as `format` (fixed header, then attributes).
pub fn decode_sub<'a>(
    format: &'static SubFormat,
    v: &'a [u8],
    base: usize,
    endian: Endian,
    depth: u8,
) -> Value<'a> {
    let (header, rest, rest_base) = match format.header {
        Some(h) => {
            let n = h.size.min(v.len());
            let (hb, rest) = v.split_at(n);
            (Some(StructView::new(h, hb, base, endian)), rest, base + n)
        }
        None => (None, v, base),
    };
    Value::SubMessage {
        format,
        header,
        attrs: AttrsView::new(Attrs::new(rest, rest_base, endian), format.attrs, depth),
    }
}

/// A fixed struct read in place.
#[derive(Clone, Copy, Debug)]
pub struct StructView<'a> {
    /// The layout.
    pub def: &'static StructDef,
    /// The bytes (may be shorter or longer than `def.size`).
    pub bytes: &'a [u8],
    /// Offset of the first byte from the message start.
    pub offset: usize,
    /// Byte order of host-order members.
    pub endian: Endian,
}

/// The value of one struct member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldValue<'a> {
    /// An unsigned integer.
    Unsigned(u64),
    /// A signed integer.
    Signed(i64),
    /// Bytes (fixed arrays, addresses, padding).
    Bytes(&'a [u8]),
}

impl<'a> StructView<'a> {
    /// View `bytes` as `def`.
    pub fn new(def: &'static StructDef, bytes: &'a [u8], offset: usize, endian: Endian) -> Self {
        StructView {
            def,
            bytes,
            offset,
            endian,
        }
    }

    /// The struct was shorter than the kernel's current definition; only the whole
    /// members present are decoded.
    pub fn is_short(&self) -> bool {
        self.bytes.len() < self.def.size
    }

    /// Bytes past the known definition (a newer kernel's longer struct).
    pub fn tail(&self) -> &'a [u8] {
        // A `Rest` member (always the last one, like a C flexible array member) already
        // holds everything after the fixed part. Only the last member is looked at: a
        // search of every member cost ~70 instructions per struct (BENCHMARKS.md).
        if self.def.ends_with_rest() {
            return &[];
        }
        self.bytes.get(self.def.size..).unwrap_or(&[])
    }

    /// The members present, in order, with their values (a member cut by the end of
    /// the bytes ends the iteration). An embedded struct ([`FieldKind::Struct`]) is
    /// one member whose value is its bytes (those present, when the data ends inside
    /// it: it is then the last); [`StructView::embedded`] views it as its struct.
    #[inline]
    pub fn fields(&self) -> Fields<'a> {
        Fields {
            fields: self.def.fields.iter(),
            bytes: self.bytes,
            endian: self.endian,
        }
    }

    /// The struct held by an embedded-struct member `field` of this struct (None:
    /// `field` is not a [`FieldKind::Struct`], or the data ends before it). Its bytes
    /// are those of the member present (fewer than the inner struct's size when the
    /// data ends inside it), its offset this struct's plus the member's.
    #[inline]
    pub fn embedded(&self, field: &Field) -> Option<StructView<'a>> {
        let FieldKind::Struct(def) = field.kind else {
            return None;
        };
        let bytes = self.bytes.get(field.offset..)?;
        if bytes.is_empty() && def.size > 0 {
            return None;
        }
        Some(StructView {
            def,
            bytes: bytes.get(..def.size).unwrap_or(bytes),
            offset: self.offset + field.offset,
            endian: self.endian,
        })
    }

    /// The value of the member called `name`; a member of an embedded struct by its
    /// dotted name as renderers show it (`sel.daddr`, `state.sel.family`).
    pub fn field(&self, name: &str) -> Option<FieldValue<'a>> {
        if let Some((_, v)) = self.fields().find(|(f, _)| f.name == name) {
            return Some(v);
        }
        let (outer, inner) = name.split_once('.')?;
        let f = self
            .def
            .fields
            .iter()
            .find(|f| f.name == outer && matches!(f.kind, FieldKind::Struct(_)))?;
        self.embedded(f)?.field(inner)
    }

    /// An unsigned member's value by name.
    pub fn unsigned(&self, name: &str) -> Option<u64> {
        match self.field(name)? {
            FieldValue::Unsigned(v) => Some(v),
            FieldValue::Signed(v) => u64::try_from(v).ok(),
            FieldValue::Bytes(_) => None,
        }
    }
}

/// The members of a [`StructView`] with their values: see [`StructView::fields`].
#[derive(Clone, Debug)]
pub struct Fields<'a> {
    fields: std::slice::Iter<'static, Field>,
    bytes: &'a [u8],
    endian: Endian,
}

/// `N` bytes at `at`, if they are all there (one bounds check).
#[inline(always)]
fn chunk_at<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..)?.first_chunk::<N>().copied()
}

/// The value of member `f` of a struct held in `bytes` (None: the bytes end before
/// it). One match on the member's type and one bounds-checked fixed-size read:
/// struct members are most of the values a message holds (`rtnl_link_stats64`
/// alone has 27), so no generic size/`Result` plumbing here.
#[inline(always)]
pub(super) fn read_member<'a>(
    f: &Field,
    bytes: &'a [u8],
    endian: Endian,
) -> Option<FieldValue<'a>> {
    let at = f.offset;
    Some(match f.kind {
        FieldKind::Scalar(s, bo, _) => {
            let order = if bo == ByteOrder::Big {
                Endian::Big
            } else {
                endian
            };
            match s {
                Scalar::U8 => FieldValue::Unsigned(u64::from(*bytes.get(at)?)),
                Scalar::S8 => FieldValue::Signed(i64::from(*bytes.get(at)? as i8)),
                Scalar::U16 => {
                    FieldValue::Unsigned(u64::from(order.u16_from(chunk_at(bytes, at)?)))
                }
                Scalar::S16 => {
                    FieldValue::Signed(i64::from(order.u16_from(chunk_at(bytes, at)?) as i16))
                }
                // A variable-width member counts as 4 bytes ([`FieldKind::size`]).
                Scalar::U32 | Scalar::Uint => {
                    FieldValue::Unsigned(u64::from(order.u32_from(chunk_at(bytes, at)?)))
                }
                Scalar::S32 | Scalar::Sint => {
                    FieldValue::Signed(i64::from(order.u32_from(chunk_at(bytes, at)?) as i32))
                }
                Scalar::U64 => FieldValue::Unsigned(order.u64_from(chunk_at(bytes, at)?)),
                Scalar::S64 => FieldValue::Signed(order.u64_from(chunk_at(bytes, at)?) as i64),
            }
        }
        FieldKind::Bytes(n, _) | FieldKind::Pad(n) => {
            FieldValue::Bytes(bytes.get(at..at.checked_add(n)?)?)
        }
        FieldKind::Rest(_) => FieldValue::Bytes(bytes.get(at..)?),
        // The bytes present: an embedded struct cut by the end of the data is still
        // one member (the last one, see `Fields::next`).
        FieldKind::Struct(d) => {
            let b = bytes.get(at..)?;
            if b.is_empty() && d.size > 0 {
                return None;
            }
            FieldValue::Bytes(b.get(..d.size).unwrap_or(b))
        }
    })
}

impl<'a> Iterator for Fields<'a> {
    type Item = (&'static Field, FieldValue<'a>);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let f = self.fields.next()?;
        let v = read_member(f, self.bytes, self.endian)?;
        if let (FieldKind::Struct(d), FieldValue::Bytes(b)) = (f.kind, v) {
            if b.len() < d.size {
                // An embedded struct cut by the end of the data: nothing follows.
                self.fields = [].iter();
            }
        }
        Some((f, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, self.fields.size_hint().1)
    }
}

/// A packed array of fixed structs (`Kind::StructArray`).
#[derive(Clone, Copy, Debug)]
pub struct StructArray<'a> {
    /// The element layout.
    pub def: &'static StructDef,
    /// The bytes of all elements.
    pub bytes: &'a [u8],
    /// Offset of the first byte from the message start.
    pub offset: usize,
    /// Byte order of host-order members.
    pub endian: Endian,
}

impl<'a> StructArray<'a> {
    /// The whole elements, in order (a zero-size layout yields none).
    pub fn elements(&self) -> impl Iterator<Item = StructView<'a>> + 'a {
        let StructArray {
            def,
            bytes,
            offset,
            endian,
        } = *self;
        let size = def.size;
        let n = bytes.len().checked_div(size).unwrap_or(0);
        (0..n).filter_map(move |i| {
            let at = i.checked_mul(size)?;
            let b = bytes.get(at..at.checked_add(size)?)?;
            Some(StructView::new(def, b, offset + at, endian))
        })
    }

    /// Bytes after the last whole element (normally none).
    pub fn rest(&self) -> &'a [u8] {
        let size = self.def.size;
        let whole = match self.bytes.len().checked_rem(size) {
            Some(r) => self.bytes.len() - r,
            None => 0,
        };
        self.bytes.get(whole..).unwrap_or(&[])
    }
}

/// A packed array of integers (`Kind::Packed`): `bytes.len() / size` elements back
/// to back, each read in `endian`, then [`Packed::rest`] (bytes that are not a whole
/// element, normally none).
#[derive(Clone, Copy, Debug)]
pub struct Packed<'a> {
    /// The element type (`Uint`/`Sint` count as 4 bytes, like struct members).
    pub scalar: Scalar,
    /// The bytes of all elements.
    pub bytes: &'a [u8],
    /// Offset of the first byte from the message start.
    pub offset: usize,
    /// Byte order of the elements (already big for `be32` or `NLA_F_NET_BYTEORDER`).
    pub endian: Endian,
}

/// One element of a [`Packed`] array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Element {
    /// An unsigned element.
    Unsigned(u64),
    /// A signed element.
    Signed(i64),
}

impl<'a> Packed<'a> {
    /// Size of one element in bytes.
    pub fn size(&self) -> usize {
        self.scalar.size().unwrap_or(4)
    }

    /// The whole elements, in order; the index of an element is its position.
    pub fn elements(&self) -> Elements<'a> {
        Elements {
            bytes: self.bytes,
            size: self.size(),
            signed: self.scalar.signed(),
            endian: self.endian,
        }
    }

    /// Bytes after the last whole element (normally none).
    pub fn rest(&self) -> &'a [u8] {
        self.bytes.chunks_exact(self.size()).remainder()
    }
}

/// The elements of a [`Packed`] array: see [`Packed::elements`]. One fixed-size read
/// per element straight off the front of the bytes (the arrays run to hundreds of
/// elements per link message, so no per-element slice or width lookup).
#[derive(Clone, Debug)]
pub struct Elements<'a> {
    bytes: &'a [u8],
    size: usize,
    signed: bool,
    endian: Endian,
}

impl Iterator for Elements<'_> {
    type Item = Element;

    #[inline]
    fn next(&mut self) -> Option<Element> {
        let e = self.endian;
        let v = match self.size {
            8 => {
                let (c, rest) = self.bytes.split_first_chunk::<8>()?;
                self.bytes = rest;
                e.u64_from(*c)
            }
            4 => {
                let (c, rest) = self.bytes.split_first_chunk::<4>()?;
                self.bytes = rest;
                u64::from(e.u32_from(*c))
            }
            2 => {
                let (c, rest) = self.bytes.split_first_chunk::<2>()?;
                self.bytes = rest;
                u64::from(e.u16_from(*c))
            }
            _ => {
                let (c, rest) = self.bytes.split_first()?;
                self.bytes = rest;
                u64::from(*c)
            }
        };
        Some(if self.signed {
            Element::Signed(sign_extend(v, self.size))
        } else {
            Element::Unsigned(v)
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.bytes.len() / self.size.max(1);
        (n, Some(n))
    }
}

/// `RTA_MULTIPATH`: a list of `struct rtnexthop { u16 rtnh_len; u8 rtnh_flags;
/// u8 rtnh_hops; s32 rtnh_ifindex; }` (host order), each followed by route
/// attributes up to `rtnh_len`.
#[derive(Clone, Copy, Debug)]
pub struct Multipath<'a> {
    bytes: &'a [u8],
    base: usize,
    endian: Endian,
    depth: u8,
}

/// One next hop of [`Multipath`].
#[derive(Clone, Debug)]
pub struct NextHop<'a> {
    /// Offset of the `rtnexthop` from the message start.
    pub offset: usize,
    /// `rtnh_flags`.
    pub flags: u8,
    /// `rtnh_hops` (weight - 1).
    pub hops: u8,
    /// `rtnh_ifindex`.
    pub ifindex: i32,
    /// The route attributes of this hop (`RTA_GATEWAY`, …).
    pub attrs: AttrsView<'a>,
}

impl<'a> Multipath<'a> {
    /// The raw bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The next hops; a bad `rtnh_len` ends the walk with an error.
    pub fn hops(&self) -> impl Iterator<Item = Result<NextHop<'a>, DecodeError>> + 'a {
        let mut pos = 0usize;
        let mut done = false;
        let Multipath {
            bytes,
            base,
            endian,
            depth,
        } = *self;
        std::iter::from_fn(move || {
            if done || pos >= bytes.len() {
                return None;
            }
            let rest = bytes.get(pos..).unwrap_or(&[]);
            let at = base + pos;
            let len = endian.u16_at(rest, 0).map(usize::from);
            let fail = |kind| {
                Some(Err(
                    DecodeError::new(at, Layer::Value, kind).named("rtnexthop")
                ))
            };
            done = true;
            let Some(len) = len.filter(|_| rest.len() >= 8) else {
                return fail(ErrorKind::Truncated {
                    needed: 8,
                    available: rest.len(),
                    source: LengthSource::FixedHeader,
                });
            };
            if len < 8 {
                return fail(ErrorKind::LengthTooSmall {
                    value: len,
                    min: 8,
                    source: LengthSource::Value,
                });
            }
            let Some(attr_bytes) = rest.get(8..len) else {
                return fail(ErrorKind::Truncated {
                    needed: len,
                    available: rest.len(),
                    source: LengthSource::Value,
                });
            };
            done = false;
            pos += crate::wire::nlmsg::align4(len);
            Some(Ok(NextHop {
                offset: at,
                flags: rest.get(2).copied().unwrap_or(0),
                hops: rest.get(3).copied().unwrap_or(0),
                ifindex: endian.u32_at(rest, 4).unwrap_or(0) as i32,
                attrs: AttrsView::new(
                    Attrs::new(attr_bytes, at + 8, endian),
                    crate::families::route::multipath_attrs(),
                    depth,
                ),
            }))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn until_nul_matches_the_first_nul_at_every_position() {
        // Every length up to 40 and every NUL position (none, 0..len), against the
        // plain definition; bytes 0x80/0x01 around the NUL catch a wrong word test.
        for len in 0..40usize {
            for nul in (0..=len).rev() {
                let mut v: Vec<u8> = (0..len).map(|i| [0x80, 0x01, b'a'][i % 3]).collect();
                if let Some(b) = v.get_mut(nul) {
                    *b = 0;
                }
                let want = v.split(|b| *b == 0).next().unwrap_or(&v);
                assert_eq!(until_nul(&v), want, "len {len}, nul at {nul}");
            }
        }
    }

    #[test]
    fn packed_arrays_keep_sign_order_and_tail_and_emit_back() {
        use crate::families::emit::{Emit, Ordered};
        static SET: AttrSet = AttrSet {
            name: "t",
            attrs: &[
                crate::families::schema::AttrDef {
                    code: 1,
                    name: "A_S32S",
                    kind: Kind::Packed(Scalar::S32, ByteOrder::Host, Hint::None),
                },
                crate::families::schema::AttrDef {
                    code: 2,
                    name: "A_BE16S",
                    kind: Kind::Packed(Scalar::U16, ByteOrder::Big, Hint::None),
                },
            ],
        };
        for e in [Endian::Little, Endian::Big] {
            // Attribute 1: -1, 65536 and 3 bytes that are not a whole element;
            // attribute 2: two be16 whatever the message order.
            let mut v1 = Vec::new();
            v1.extend_from_slice(&e.u32_bytes(u32::MAX));
            v1.extend_from_slice(&e.u32_bytes(65536));
            v1.extend_from_slice(&[7, 8, 9]);
            let v2 = [0x12, 0x34, 0x00, 0x01];
            let mut b = Vec::new();
            for (ty, val) in [(1u16, &v1[..]), (2, &v2[..])] {
                b.extend_from_slice(&e.u16_bytes(4 + val.len() as u16));
                b.extend_from_slice(&e.u16_bytes(ty));
                b.extend_from_slice(val);
                b.resize(b.len().next_multiple_of(4), 0);
            }
            let got: Vec<_> = AttrsView::new(Attrs::new(&b, 16, e), Some(&SET), 0)
                .collect::<Result<_, _>>()
                .unwrap();
            let [a1, a2] = &got[..] else {
                panic!("two attributes expected, got {}", got.len())
            };
            let (Value::Packed(p1), Value::Packed(p2)) = (&a1.value, &a2.value) else {
                panic!("not packed: {:?} {:?}", a1.value, a2.value)
            };
            assert_eq!(
                p1.elements().collect::<Vec<_>>(),
                [Element::Signed(-1), Element::Signed(65536)],
                "{e:?}"
            );
            assert_eq!(p1.rest(), &[7, 8, 9]);
            assert_eq!(p1.offset, 16 + 4);
            assert_eq!(
                p2.elements().collect::<Vec<_>>(),
                [Element::Unsigned(0x1234), Element::Unsigned(1)],
                "{e:?}"
            );
            assert!(p2.rest().is_empty());
            // Written back from the decoded elements: the same bytes.
            let mut out = Vec::new();
            for a in &got {
                Ordered(a, e).emit(&mut out).unwrap();
            }
            assert_eq!(out, b, "{e:?}");

            // The same attribute type with NLA_F_NESTED holding one attribute: a
            // nest (the kernel's request form of IFLA_INET_CONF), written back as is.
            let mut n = Vec::new();
            n.extend_from_slice(&e.u16_bytes(4 + 8));
            n.extend_from_slice(&e.u16_bytes(1 | 0x8000));
            n.extend_from_slice(&e.u16_bytes(8));
            n.extend_from_slice(&e.u16_bytes(4));
            n.extend_from_slice(&e.u32_bytes(1));
            let got: Vec<_> = AttrsView::new(Attrs::new(&n, 0, e), Some(&SET), 0)
                .collect::<Result<_, _>>()
                .unwrap();
            let Value::Nest(inner) = &got[0].value else {
                panic!("nested flag: not a nest: {:?}", got[0].value)
            };
            let kids: Vec<_> = inner.clone().collect::<Result<_, _>>().unwrap();
            assert_eq!(kids.len(), 1);
            assert_eq!(kids[0].attr.ty, 4);
            let mut out = Vec::new();
            Ordered(&got[0], e).emit(&mut out).unwrap();
            assert_eq!(out, n, "{e:?}");
        }
    }

    #[test]
    fn wrong_size_scalar_is_invalid_not_a_stop() {
        static SET: AttrSet = AttrSet {
            name: "t",
            attrs: &[
                crate::families::schema::AttrDef {
                    code: 1,
                    name: "A_U32",
                    kind: Kind::Scalar(Scalar::U32, ByteOrder::Host, Hint::None),
                },
                crate::families::schema::AttrDef {
                    code: 2,
                    name: "A_UINT",
                    kind: Kind::Scalar(Scalar::Uint, ByteOrder::Host, Hint::None),
                },
            ],
        };
        let e = Endian::Little;
        let mut b = Vec::new();
        for (ty, val) in [
            (1u16, &[1u8, 2, 3][..]),
            (2, &[5, 0, 0, 0, 0, 0, 0, 0]),
            (2, &[1, 2]),
        ] {
            b.extend_from_slice(&e.u16_bytes(4 + val.len() as u16));
            b.extend_from_slice(&e.u16_bytes(ty));
            b.extend_from_slice(val);
            b.resize(b.len().next_multiple_of(4), 0);
        }
        let got: Vec<_> = AttrsView::new(Attrs::new(&b, 20, e), Some(&SET), 0)
            .map(|r| r.map(|a| a.value))
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        assert_eq!(got.len(), 3);
        match &got[..] {
            [Value::Invalid { error: e1, .. }, Value::Unsigned(5), Value::Invalid { error: e3, .. }] =>
            {
                assert_eq!(e1.offset, 24);
                assert_eq!(e1.what, Some("A_U32"));
                assert_eq!(
                    e1.kind,
                    ErrorKind::WrongSize {
                        expected: 4,
                        actual: 3
                    }
                );
                assert_eq!(e3.offset, 20 + 8 + 12 + 4);
                assert_eq!(
                    e3.kind,
                    ErrorKind::WrongSize {
                        expected: 8,
                        actual: 2
                    }
                );
            }
            other => panic!("unexpected values {other:?}"),
        }
    }
}
