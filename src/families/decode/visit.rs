//! Push-style typed decoding: every value of an attribute tree handed to a [`Visit`]or.
//!
//! [`AttrsView`] hands out one [`DecodedAttr`](super::DecodedAttr) per attribute, a
//! ~190-byte value with the attribute, its table row and its whole [`Value`]; a
//! caller that reads every value of every message (the text and JSON renderers,
//! statistics, checks, checksums, a throughput benchmark) pays for building and moving
//! it each time. [`visit_attrs`] reads the same tree through the same tables and gives
//! each value to the visitor where it is read: no `DecodedAttr`, no `Result` per
//! attribute, no allocation. It is the walk behind `render::text`, `render::json` and
//! `render::stats` (each a `Visit` implementation that writes every kind of value in
//! one place) and the benchmarks.
//!
//! The contract: for the same view, the visitor sees exactly what a recursive walk of
//! the view's iterator sees, in the same order (`tests/visit.rs` checks it on every
//! corpus capture). Each attribute produces exactly one of
//!
//! - [`Visit::leaf`]: scalars, strings, bytes, flags, bitfields, attributes the table
//!   does not know;
//! - [`Visit::invalid`]: a known attribute whose payload does not fit its type;
//! - [`Visit::begin`] … [`Visit::end`] around its contents, for every other kind:
//!   structs and struct arrays ([`Visit::begin_struct`] then [`Visit::member`]s, per
//!   element; the members of an embedded struct between [`Visit::begin_embedded`]
//!   and [`Visit::end_embedded`]), packed arrays ([`Visit::element`]s), nests and indexed arrays (their
//!   attributes, recursively), sub-messages (header struct, then attributes), and
//!   `RTA_MULTIPATH` ([`Visit::hop`] then that hop's attributes, per hop).
//!
//! A framing error (a bad `nla_len`) inside a list ends that list with
//! [`Visit::framing`]; the enclosing lists go on, as with the iterators.
//!
//! Four hooks with defaults let a visitor see more without changing that sequence
//! for visitors that do not override them: [`Visit::whole_struct`] (take a struct
//! whole, e.g. to reuse its rendered text), [`Visit::packed`] (a packed array at
//! once), [`Visit::format`] (a sub-message's format) and [`Visit::hop_framing`] (a
//! bad `rtnh_len`, told apart from a hop's own framing error).
//!
//! Spaces, structs and message forms of rtnetlink are walked by code generated from
//! the tables (`src/families/decode/compiled/`), the rest through the tables; both give the
//! visitor the same calls, which `tests/visit.rs` and the `decode` fuzz target check.
//!
//! ```
//! use nlscope::wire::attr::Attr;
//! use nlscope::wire::build::MsgBuilder;
//! use nlscope::families::decode::{decode_message, visit_attrs, Body, Context, Leaf, Row, Visit};
//! use nlscope::wire::endian::Endian;
//! use nlscope::wire::nlmsg::Messages;
//!
//! /// Counts string values and names the last one.
//! #[derive(Default)]
//! struct Strings<'a>(usize, Option<(&'static str, &'a [u8])>);
//! impl<'a> Visit<'a> for Strings<'a> {
//!     fn leaf(&mut self, _: &Attr<'a>, row: Row, value: Leaf<'a>) {
//!         if let (Leaf::String(s), Some(name)) = (value, row.name) {
//!             self.0 += 1;
//!             self.1 = Some((name, s));
//!         }
//!     }
//! }
//!
//! // RTM_NEWLINK: struct ifinfomsg, IFLA_MTU, IFLA_IFNAME.
//! let mut b = MsgBuilder::new(Endian::Little, 16, 0, 1, 0);
//! b.zeros(16).attr_u32(4, 1500).attr_str(3, "eth0");
//! let bytes = b.finish();
//! let msg = Messages::new(&bytes, Endian::Little).next().unwrap().unwrap();
//! let d = decode_message(msg, 0, &Context::new());
//! let mut v = Strings::default();
//! if let Body::Family(f) = &d.body {
//!     visit_attrs(&f.attrs, &mut v);
//! }
//! assert_eq!(v.0, 1);
//! assert_eq!(v.1, Some(("IFLA_IFNAME", &b"eth0"[..])));
//! ```

use super::value::{
    decode_other, order_of, read_member, scalar_value, until_nul, Element, FieldValue, NextHop,
    Packed, StructView, Value, MAX_DEPTH,
};
use super::AttrsView;
use crate::families::schema::{AttrSet, Field, FieldKind, Kind, SubFormat, MAX_EMBED_DEPTH};
use crate::wire::attr::{Attr, Attrs};
use crate::wire::endian::Endian;
use crate::wire::error::DecodeError;
use crate::wire::nlmsg::{types, Message, NLMSG_HDRLEN};

/// An attribute's table row: its kernel name and its type (None: the table does not
/// know it; an indexed array's elements have a type but no name), and the attribute
/// space it was looked up in.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    /// The kernel's name, if the table knows the attribute.
    pub name: Option<&'static str>,
    /// Its type from the table.
    pub kind: Option<&'static Kind>,
    /// The space of the list the attribute is in (None: an untyped nest or an
    /// indexed array).
    pub space: Option<&'static AttrSet>,
}

/// A value with nothing inside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leaf<'a> {
    /// An unsigned integer (in host order).
    Unsigned(u64),
    /// A signed integer.
    Signed(i64),
    /// Text up to the first NUL.
    String(&'a [u8]),
    /// Opaque bytes of a known attribute.
    Bytes(&'a [u8]),
    /// A flag attribute.
    Flag,
    /// `struct nla_bitfield32`.
    Bitfield32 {
        /// The bits' values.
        value: u32,
        /// Which bits are meant.
        selector: u32,
    },
    /// An attribute the table does not know (or a sub-message whose selector names no
    /// format): its raw payload.
    Unknown(&'a [u8]),
}

/// Receives the values of an attribute tree from [`visit_attrs`]; every method does
/// nothing by default. See the module documentation for the order of calls.
pub trait Visit<'a> {
    /// An attribute with a leaf value.
    #[inline(always)]
    fn leaf(&mut self, attr: &Attr<'a>, row: Row, value: Leaf<'a>) {
        let _ = (attr, row, value);
    }

    /// A known attribute whose payload does not fit its type.
    #[inline(always)]
    fn invalid(&mut self, attr: &Attr<'a>, row: Row, error: &DecodeError) {
        let _ = (attr, row, error);
    }

    /// The start of an attribute with contents (struct, array, nest, sub-message,
    /// multipath); [`Visit::end`] follows its contents.
    #[inline(always)]
    fn begin(&mut self, attr: &Attr<'a>, row: Row) {
        let _ = (attr, row);
    }

    /// The end of the attribute of the matching [`Visit::begin`].
    #[inline(always)]
    fn end(&mut self) {}

    /// A struct (an attribute's, an array element, a sub-message's header, or one
    /// given to [`visit_struct`]); its members follow.
    #[inline(always)]
    fn begin_struct(&mut self, s: &StructView<'a>) {
        let _ = s;
    }

    /// One struct member. Inside an embedded struct (between
    /// [`Visit::begin_embedded`] and [`Visit::end_embedded`]) `field` is the inner
    /// struct's row: its name and offset are relative to the embedding member.
    #[inline(always)]
    fn member(&mut self, field: &'static Field, value: FieldValue<'a>) {
        let _ = (field, value);
    }

    /// A member that is a struct embedded by value ([`FieldKind::Struct`]): the
    /// members of that struct follow as [`Visit::member`]s, then
    /// [`Visit::end_embedded`]. A visitor that names or places members keeps these in
    /// a [`Within`] (`sel.daddr`, at the selector's offset plus the address's).
    #[inline(always)]
    fn begin_embedded(&mut self, field: &'static Field) {
        let _ = field;
    }

    /// The end of the embedded struct of the matching [`Visit::begin_embedded`].
    #[inline(always)]
    fn end_embedded(&mut self) {}

    /// One element of a packed integer array, in order.
    #[inline(always)]
    fn element(&mut self, value: Element) {
        let _ = value;
    }

    /// One `RTA_MULTIPATH` next hop; its attributes follow.
    #[inline(always)]
    fn hop(&mut self, hop: &NextHop<'a>) {
        let _ = hop;
    }

    /// A framing error that ends the current attribute list.
    #[inline(always)]
    fn framing(&mut self, error: &DecodeError) {
        let _ = error;
    }

    // The hooks below let a visitor take a value whole or learn more about it; their
    // defaults reduce them to the calls above, so a visitor that does not override
    // them sees exactly the sequence described in the module documentation.

    /// Offered every struct before its members: `true` takes it whole (neither
    /// [`Visit::begin_struct`] nor [`Visit::member`] is then called for it; the
    /// visitor may walk it itself with [`visit_struct`] and another visitor). A
    /// renderer that keeps the output of repeated structs uses this. Default: `false`.
    #[inline(always)]
    fn whole_struct(&mut self, s: &StructView<'a>) -> bool {
        let _ = s;
        false
    }

    /// A packed integer array (an attribute of `row`). Default: [`Visit::begin`],
    /// one [`Visit::element`] per element ([`visit_elements`]), [`Visit::end`].
    #[inline(always)]
    fn packed(&mut self, attr: &Attr<'a>, row: Row, p: &Packed<'a>)
    where
        Self: Sized,
    {
        self.begin(attr, row);
        visit_elements(p, self);
        self.end();
    }

    /// The format of a sub-message (or a struct followed by attributes), right after
    /// its [`Visit::begin`] and before its header struct and attributes. Default:
    /// nothing.
    #[inline(always)]
    fn format(&mut self, format: &'static SubFormat) {
        let _ = format;
    }

    /// A bad `rtnh_len` that ends the hops of an `RTA_MULTIPATH` (not a framing
    /// error of a hop's own attributes). Default: [`Visit::framing`].
    #[inline(always)]
    fn hop_framing(&mut self, error: &DecodeError) {
        self.framing(error);
    }
}

/// Decode one message and give the values of its fixed header and its attributes to
/// `v` ([`visit_struct`], then [`visit_attrs`]), exactly as visiting the
/// [`FamilyMsg`](super::FamilyMsg) of `decode_message(msg, protocol, ctx)` would, but
/// without building the [`Decoded`](super::Decoded).
///
/// Only for family messages of netlink-raw protocols (rtnetlink, netfilter, xfrm, …):
/// `false`, with nothing visited, for the control messages (`NLMSG_NOOP`,
/// `NLMSG_ERROR`, `NLMSG_DONE`, `NLMSG_OVERRUN`) and for generic netlink, whose
/// decoding needs the [`Context`](super::Context): decode those with
/// [`decode_message`](super::decode_message).
#[inline]
pub fn visit_family<'a, V: Visit<'a>>(msg: &Message<'a>, protocol: u16, v: &mut V) -> bool {
    // `NLMSG_DONE` is a family message where it is no dump-done errno (the
    // connector's), as in `decode_message`.
    let done_is_control =
        msg.header.ty == types::NLMSG_DONE && crate::families::done_is_errno(protocol);
    if protocol == crate::wire::protocol::NETLINK_GENERIC
        || done_is_control
        || matches!(
            msg.header.ty,
            types::NLMSG_NOOP | types::NLMSG_ERROR | types::NLMSG_OVERRUN
        )
    {
        return false;
    }
    // What `decode_message` does for these (`message::raw_family`), less what a
    // visitor does not see: the definition, the header, the attributes.
    let (def, _) = super::message::raw_def(msg, protocol);
    if let Some(d) = def {
        if super::compiled::visit_msg(d, msg.header.ty, msg.payload(), msg.endian, v) {
            return true;
        }
    }
    let fixed = def.and_then(|d| d.header);
    let (header, attr_bytes, at) = super::message::split_header(msg, fixed, NLMSG_HDRLEN);
    if let Some(h) = &header {
        visit_struct(h, v);
    }
    let attrs = Attrs::new(attr_bytes, at, msg.endian);
    match def.and_then(|d| d.attrs) {
        Some(set) if super::compiled::visit_set(set, &attrs, 0, v) => {}
        set => visit_attrs_tables(&AttrsView::new(attrs, set, 0), v),
    }
    true
}

/// Give every member of `s` to `v`: [`Visit::begin_struct`], then one
/// [`Visit::member`] per member present.
#[inline]
pub fn visit_struct<'a, V: Visit<'a>>(s: &StructView<'a>, v: &mut V) {
    if !super::compiled::visit_struct(s, v) {
        visit_struct_tables(s, v);
    }
}

/// [`visit_struct`] through the table, member by member.
#[inline]
pub(super) fn visit_struct_tables<'a, V: Visit<'a>>(s: &StructView<'a>, v: &mut V) {
    if v.whole_struct(s) {
        return;
    }
    struct_members_tables(s, v);
}

/// The members of `s` through the table (the visitor did not take it whole).
#[inline]
pub(super) fn struct_members_tables<'a, V: Visit<'a>>(s: &StructView<'a>, v: &mut V) {
    v.begin_struct(s);
    // The members straight off the table (not through `Fields`): the visitor's
    // `member` is inlined into this loop. From the first embedded struct on (rare:
    // xfrm, sock_diag, tc rates), the recursive walk.
    for (i, f) in s.def.fields.iter().enumerate() {
        if let FieldKind::Struct(_) = f.kind {
            let rest = s.def.fields.get(i..).unwrap_or_default();
            members_tables(rest, s.bytes, s.endian, 0, v);
            return;
        }
        let Some(x) = read_member(f, s.bytes, s.endian) else {
            break;
        };
        v.member(f, x);
    }
}

/// The members `fields` of a struct in `bytes` (embedded structs `depth` deep).
/// Returns `false` when the bytes ended before a member.
#[inline(never)]
fn members_tables<'a, V: Visit<'a>>(
    fields: &'static [Field],
    bytes: &'a [u8],
    endian: Endian,
    depth: usize,
    v: &mut V,
) -> bool {
    for f in fields {
        if let (FieldKind::Struct(inner), true) = (f.kind, depth < MAX_EMBED_DEPTH) {
            let Some(b) = bytes.get(f.offset..).filter(|b| !b.is_empty()) else {
                return false;
            };
            v.begin_embedded(f);
            let whole = members_tables(
                inner.fields,
                b.get(..inner.size).unwrap_or(b),
                endian,
                depth + 1,
                v,
            );
            v.end_embedded();
            if !whole {
                return false;
            }
            continue;
        }
        let Some(x) = read_member(f, bytes, endian) else {
            return false;
        };
        v.member(f, x);
    }
    true
}

/// The embedded-struct members ([`FieldKind::Struct`]) a walk of a struct's members
/// is inside, outermost first: kept by a [`Visit`]or from
/// [`Visit::begin_embedded`] to [`Visit::end_embedded`] to name a member as it is
/// shown (`sel.daddr`, `state.sel.family`) and place it (the embedding members'
/// offsets plus its own). Holds [`MAX_EMBED_DEPTH`] levels, as deep as walks go.
#[derive(Clone, Copy, Debug, Default)]
pub struct Within {
    outer: [Option<&'static Field>; MAX_EMBED_DEPTH],
    depth: usize,
}

impl Within {
    /// Enter the embedded struct of member `field` ([`Visit::begin_embedded`]).
    #[inline]
    pub fn push(&mut self, field: &'static Field) {
        if let Some(slot) = self.outer.get_mut(self.depth) {
            *slot = Some(field);
        }
        self.depth += 1;
    }

    /// Leave the innermost embedded struct ([`Visit::end_embedded`]).
    #[inline]
    pub fn pop(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if let Some(slot) = self.outer.get_mut(self.depth) {
            *slot = None;
        }
    }

    /// Whether the walk is at the top level of the struct (the usual case).
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.depth == 0
    }

    /// The embedding members, outermost first.
    #[inline]
    pub fn fields(&self) -> impl Iterator<Item = &'static Field> + '_ {
        self.outer.iter().take(self.depth).flatten().copied()
    }

    /// The offset of the innermost embedded struct from the start of the outermost.
    #[inline]
    pub fn offset(&self) -> usize {
        self.fields().map(|f| f.offset).sum()
    }
}

/// Give every value of `view` (and of everything nested in it) to `v`, as the
/// view's iterator would decode them.
pub fn visit_attrs<'a, V: Visit<'a>>(view: &AttrsView<'a>, v: &mut V) {
    // Compiled code for the space, if there is any (see `compiled`).
    if let (Some(set), None) = (view.set(), view.element()) {
        if super::compiled::visit_set(set, view.raw(), view.depth(), v) {
            return;
        }
    }
    visit_attrs_tables(view, v);
}

/// [`visit_attrs`] through the tables only.
pub(super) fn visit_attrs_tables<'a, V: Visit<'a>>(view: &AttrsView<'a>, v: &mut V) {
    // One choice of byte order per list: each arm's loop then reads headers and
    // values in a known order.
    match view.raw().endian() {
        Endian::Little => visit_list(view, Endian::Little, v),
        Endian::Big => visit_list(view, Endian::Big, v),
    }
}

#[inline(always)]
fn visit_list<'a, V: Visit<'a>>(view: &AttrsView<'a>, endian: Endian, v: &mut V) {
    let siblings = view.raw();
    let (set, element, depth) = (view.set(), view.element(), view.depth());
    for next in siblings.clone().restate_endian(endian) {
        let attr = match next {
            Ok(a) => a,
            Err(e) => {
                v.framing(&e);
                break;
            }
        };
        let row = match element {
            Some(kind) => Row {
                name: None,
                kind: Some(kind),
                space: None,
            },
            None => match set.and_then(|s| s.lookup(attr.ty)) {
                Some(def) => Row {
                    name: Some(def.name),
                    kind: Some(&def.kind),
                    space: set,
                },
                None => Row {
                    name: None,
                    kind: None,
                    space: set,
                },
            },
        };
        visit_one(&attr, row, siblings, depth, endian, v);
    }
}

/// One attribute of a list whose row has been looked up.
#[inline(always)]
fn visit_one<'a, V: Visit<'a>>(
    attr: &Attr<'a>,
    row: Row,
    siblings: &Attrs<'a>,
    depth: u8,
    endian: Endian,
    v: &mut V,
) {
    let attr = *attr;
    let Some(kind) = row.kind else {
        v.leaf(&attr, row, Leaf::Unknown(attr.value));
        return;
    };
    // The common kinds inline, as `AttrsView::decode_attr` does; the rest (and
    // every wrong-size scalar) through the iterator's own out-of-line decoder.
    match kind {
        Kind::Scalar(s, bo, _) => {
            let order = order_of(*bo, &attr, endian);
            match scalar_value(*s, attr.value, order) {
                Some(Value::Unsigned(x)) => v.leaf(&attr, row, Leaf::Unsigned(x)),
                Some(Value::Signed(x)) => v.leaf(&attr, row, Leaf::Signed(x)),
                _ => other(&attr, row, kind, siblings, depth, v),
            }
        }
        Kind::String => v.leaf(&attr, row, Leaf::String(until_nul(attr.value))),
        Kind::Binary(_) => v.leaf(&attr, row, Leaf::Bytes(attr.value)),
        Kind::Struct(def) => {
            v.begin(&attr, row);
            visit_struct(
                &StructView::new(def, attr.value, attr.value_offset(), endian),
                v,
            );
            v.end();
        }
        Kind::Nest(set) if depth < MAX_DEPTH => {
            v.begin(&attr, row);
            let inner = AttrsView::new(
                Attrs::new(attr.value, attr.value_offset(), endian),
                Some(set),
                depth + 1,
            );
            visit_attrs(&inner, v);
            v.end();
        }
        // Packed integer arrays run to ~100 elements per link message.
        Kind::Packed(s, bo, _) if !attr.nested => {
            let p = Packed {
                scalar: *s,
                bytes: attr.value,
                offset: attr.value_offset(),
                endian: order_of(*bo, &attr, endian),
            };
            packed(&attr, row, &p, v);
        }
        _ => other(&attr, row, kind, siblings, depth, v),
    }
}

/// A packed integer array.
#[inline(always)]
pub(super) fn packed<'a, V: Visit<'a>>(attr: &Attr<'a>, row: Row, p: &Packed<'a>, v: &mut V) {
    v.packed(attr, row, p);
}

/// Give every element of packed array `p` to `v` ([`Visit::element`]), in order
/// (what [`Packed::elements`] yields), one loop per element width out of the
/// attribute loop.
#[inline(never)]
pub fn visit_elements<'a, V: Visit<'a>>(p: &Packed<'a>, v: &mut V) {
    match p.endian {
        Endian::Little => packed_in::<V, false>(p, v),
        Endian::Big => packed_in::<V, true>(p, v),
    }
}

/// The elements of `p`, in one byte order: one loop per element width and
/// signedness (what `Packed::elements` decides per element), so each is a plain
/// fixed-size read.
#[inline(always)]
fn packed_in<'a, V: Visit<'a>, const BIG: bool>(p: &Packed<'a>, v: &mut V) {
    let e = if BIG { Endian::Big } else { Endian::Little };
    match (p.size(), p.scalar.signed()) {
        (8, false) => each::<8, V>(p.bytes, v, |c| Element::Unsigned(e.u64_from(c))),
        (8, true) => each::<8, V>(p.bytes, v, |c| Element::Signed(e.u64_from(c) as i64)),
        (4, false) => each::<4, V>(p.bytes, v, |c| Element::Unsigned(u64::from(e.u32_from(c)))),
        (4, true) => each::<4, V>(p.bytes, v, |c| {
            Element::Signed(i64::from(e.u32_from(c) as i32))
        }),
        (2, false) => each::<2, V>(p.bytes, v, |c| Element::Unsigned(u64::from(e.u16_from(c)))),
        (2, true) => each::<2, V>(p.bytes, v, |c| {
            Element::Signed(i64::from(e.u16_from(c) as i16))
        }),
        (_, false) => each::<1, V>(p.bytes, v, |[b]| Element::Unsigned(u64::from(b))),
        (_, true) => each::<1, V>(p.bytes, v, |[b]| Element::Signed(i64::from(b as i8))),
    }
}

/// Every whole `N`-byte element of `bytes`, read by `read`, to the visitor.
#[inline(always)]
fn each<'a, const N: usize, V: Visit<'a>>(
    bytes: &[u8],
    v: &mut V,
    read: impl Fn([u8; N]) -> Element,
) {
    for c in bytes.chunks_exact(N) {
        if let Ok(c) = <[u8; N]>::try_from(c) {
            v.element(read(c));
        }
    }
}

/// The rarer kinds: decoded to a [`Value`] by the iterator's own code, then visited.
#[inline(never)]
pub(super) fn other<'a, V: Visit<'a>>(
    attr: &Attr<'a>,
    row: Row,
    kind: &'static Kind,
    siblings: &Attrs<'a>,
    depth: u8,
    v: &mut V,
) {
    let value = decode_other(kind, attr, row.name, siblings, depth);
    visit_value(attr, row, &value, v);
}

impl<'a> Value<'a> {
    /// The value as a [`Leaf`], if it has nothing inside it (not a struct, array,
    /// nest, sub-message or multipath, and not invalid).
    pub fn as_leaf(&self) -> Option<Leaf<'a>> {
        Some(match *self {
            Value::Unsigned(x) => Leaf::Unsigned(x),
            Value::Signed(x) => Leaf::Signed(x),
            Value::String(s) => Leaf::String(s),
            Value::Bytes(b) => Leaf::Bytes(b),
            Value::Flag => Leaf::Flag,
            Value::Bitfield32 { value, selector } => Leaf::Bitfield32 { value, selector },
            Value::Unknown(b) => Leaf::Unknown(b),
            _ => return None,
        })
    }
}

/// Visit one attribute whose value is already decoded.
pub fn visit_value<'a, V: Visit<'a>>(attr: &Attr<'a>, row: Row, value: &Value<'a>, v: &mut V) {
    match value {
        Value::Unsigned(_)
        | Value::Signed(_)
        | Value::String(_)
        | Value::Bytes(_)
        | Value::Flag
        | Value::Bitfield32 { .. }
        | Value::Unknown(_) => {
            if let Some(leaf) = value.as_leaf() {
                v.leaf(attr, row, leaf);
            }
        }
        Value::Invalid { error, .. } => {
            v.invalid(attr, row, error);
        }
        Value::Struct(s) => {
            v.begin(attr, row);
            visit_struct(s, v);
            v.end();
        }
        Value::StructArray(a) => {
            v.begin(attr, row);
            for s in a.elements() {
                visit_struct(&s, v);
            }
            v.end();
        }
        Value::Packed(p) => v.packed(attr, row, p),
        Value::Nest(view) => {
            v.begin(attr, row);
            visit_attrs(view, v);
            v.end();
        }
        Value::SubMessage {
            format,
            header,
            attrs,
        } => {
            v.begin(attr, row);
            v.format(format);
            if let Some(h) = header {
                visit_struct(h, v);
            }
            visit_attrs(attrs, v);
            v.end();
        }
        Value::Multipath(mp) => {
            v.begin(attr, row);
            for hop in mp.hops() {
                match hop {
                    Ok(hop) => {
                        v.hop(&hop);
                        visit_attrs(&hop.attrs, v);
                    }
                    Err(e) => {
                        v.hop_framing(&e);
                        break;
                    }
                }
            }
            v.end();
        }
    }
}
