//! Compiled walkers: the tables of one protocol turned into straight-line Rust, used
//! by [`visit_family`](super::visit_family), [`visit_attrs`](super::visit_attrs) and
//! [`visit_struct`](super::visit_struct) in place of the table walk wherever they
//! apply.
//!
//! The table walk looks each attribute's row up in its [`AttrSet`], then branches on
//! the row's [`Kind`]; each struct member branches on its [`FieldKind`]. For every
//! attribute space reachable from the rtnetlink message tables, [`route`] holds one
//! function whose `match` on the type number goes straight to code for that row's
//! kind; for every struct one function that reads its members at fixed offsets after
//! one length check; for every message form (fixed header + attribute space) one
//! function that splits the header off and calls the two. They call the visitor with
//! exactly the arguments the table walk would (the same rows, the same `&'static`
//! table entries, in the same order); anything unusual (a wrong-size value, a short
//! struct, a kind without compiled code such as sub-messages) goes back to the table
//! walk.
//!
//! Contract and how it is kept:
//!
//! - `route.rs` is generated from the tables themselves by
//!   `NLSCOPE_REGEN=1 cargo test --lib compiled` (also run by `cargo xtask codegen`),
//!   never edited. The test without the variable fails when the file is stale, so
//!   `cargo test` and CI catch a table change that was not regenerated.
//! - At run time the walkers are used only if the tables still have the shape they
//!   were compiled from: on first use [`Shapes::walk`] walks the tables again and
//!   compares a fingerprint of that shape with the one in `route.rs`. A mismatch
//!   (stale file) means every walk goes through the tables: slower, never wrong.
//! - `tests/visit.rs` (every corpus message), the proptest round trips (generated
//!   messages, both byte orders) and the `decode` fuzz target compare the visitor's
//!   steps with the `AttrsView` iterators, which never use compiled code.
//!
//! Spaces, structs and message definitions are found by address: the entry points
//! map the `&'static` table a caller has to its compiled function through hash tables
//! built once ([`Index`]); compiled code calls nested spaces' functions directly.

// Generated code indexes fixed-size arrays at constant positions inside them (the
// generator reads only members that lie inside the struct's size).
#[allow(clippy::indexing_slicing)]
mod route;

use super::value::{order_of, until_nul, FieldValue, Packed, StructView, MAX_DEPTH};
use super::visit::{other, packed, struct_members_tables, visit_attrs_tables, Leaf, Row, Visit};
use super::AttrsView;
use crate::families::schema::{
    AttrDef, AttrSet, ByteOrder, FieldKind, Kind, MsgDef, Scalar, StructDef, MAX_EMBED_DEPTH,
};
use crate::wire::attr::{Attr, Attrs};
use crate::wire::endian::Endian;
use crate::wire::nlmsg::{align4, NLMSG_HDRLEN};
use std::collections::HashMap;
use std::sync::OnceLock;

#[cfg(test)]
mod gen;

/// The spaces and structs the compiled code covers, in the order their functions are
/// numbered (`s0`, `s1`, …; `t0`, `t1`, …), and a fingerprint of their shape.
pub(crate) struct Shapes {
    pub sets: Vec<&'static AttrSet>,
    pub structs: Vec<&'static StructDef>,
    /// The forms of messages: a fixed header and an attribute space, each optional,
    /// numbered like the functions `f0`, `f1`, …
    pub forms: Vec<(Option<&'static StructDef>, Option<&'static AttrSet>)>,
    /// Every rtnetlink message definition and the number of its form.
    pub msgs: Vec<(&'static MsgDef, usize)>,
    /// A hash of everything the generated code relies on.
    pub fingerprint: u64,
}

impl Shapes {
    /// Walk the tables from the rtnetlink message definitions (generated and
    /// hand-written) and the hand-written link kinds, depth first, in table order.
    pub(crate) fn walk() -> Shapes {
        let mut s = Shapes {
            sets: Vec::new(),
            structs: Vec::new(),
            forms: Vec::new(),
            msgs: Vec::new(),
            fingerprint: 0,
        };
        let route = crate::families::hand::message_tables()
            .into_iter()
            .filter(|(p, _)| *p == crate::wire::protocol::NETLINK_ROUTE)
            .flat_map(|(_, t)| t);
        let generated = crate::families::schema::gen::RAW_SPECS
            .iter()
            .filter(|r| r.protonum == crate::wire::protocol::NETLINK_ROUTE)
            .flat_map(|r| r.msgs.iter());
        for m in generated.chain(route) {
            if let Some(h) = m.header {
                s.add_struct(h);
            }
            if let Some(a) = m.attrs {
                s.add_set(a);
            }
            let same = |x: &Option<&'static StructDef>, y: &Option<&'static AttrSet>| {
                x.map(|p| p as *const StructDef) == m.header.map(|p| p as *const StructDef)
                    && y.map(|p| p as *const AttrSet) == m.attrs.map(|p| p as *const AttrSet)
            };
            let form = match s.forms.iter().position(|(x, y)| same(x, y)) {
                Some(i) => i,
                None => {
                    s.forms.push((m.header, m.attrs));
                    s.forms.len() - 1
                }
            };
            if !s.msgs.iter().any(|(x, _)| std::ptr::eq(*x, m)) {
                s.msgs.push((m, form));
            }
        }
        for f in crate::families::hand::sub_formats() {
            s.add_format(f);
        }
        if let Some(a) = crate::families::route::multipath_attrs() {
            s.add_set(a);
        }
        s.fingerprint = s.shape_hash();
        s
    }

    fn add_set(&mut self, set: &'static AttrSet) {
        if self.sets.iter().any(|x| std::ptr::eq(*x, set)) {
            return;
        }
        self.sets.push(set);
        for r in set.attrs {
            self.add_kind(&r.kind);
        }
    }

    fn add_struct(&mut self, st: &'static StructDef) {
        if !self.structs.iter().any(|x| std::ptr::eq(*x, st)) {
            self.structs.push(st);
        }
    }

    fn add_format(&mut self, f: &'static crate::families::schema::SubFormat) {
        if let Some(h) = f.header {
            self.add_struct(h);
        }
        if let Some(a) = f.attrs {
            self.add_set(a);
        }
    }

    fn add_kind(&mut self, k: &'static Kind) {
        match k {
            Kind::Struct(st) | Kind::StructArray(st) => self.add_struct(st),
            Kind::Nest(set) => self.add_set(set),
            Kind::Headed(f) => self.add_format(f),
            Kind::Array(k) => self.add_kind(k),
            Kind::SubMessage { table, .. } => {
                for f in table.formats {
                    self.add_format(f);
                }
            }
            Kind::Scalar(..)
            | Kind::String
            | Kind::Binary(_)
            | Kind::Flag
            | Kind::Bitfield32(_)
            | Kind::Packed(..)
            | Kind::Special(_) => {}
        }
    }

    /// The number of a space in [`Shapes::sets`].
    #[cfg(test)]
    pub(crate) fn set_id(&self, set: &AttrSet) -> Option<usize> {
        self.sets.iter().position(|x| std::ptr::eq(*x, set))
    }

    /// The number of a struct in [`Shapes::structs`].
    #[cfg(test)]
    pub(crate) fn struct_id(&self, st: &StructDef) -> Option<usize> {
        self.structs.iter().position(|x| std::ptr::eq(*x, st))
    }

    /// A hash (FNV-1a) of everything the generated code relies on: per space its
    /// name and its rows' codes and kinds (with the numbers of the spaces and structs
    /// they point at), per struct its name, size and members.
    fn shape_hash(&self) -> u64 {
        let sets: HashMap<usize, usize> = self
            .sets
            .iter()
            .enumerate()
            .map(|(i, s)| (*s as *const AttrSet as usize, i))
            .collect();
        let structs: HashMap<usize, usize> = self
            .structs
            .iter()
            .enumerate()
            .map(|(i, s)| (*s as *const StructDef as usize, i))
            .collect();
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        for set in &self.sets {
            h.bytes(set.name.as_bytes());
            h.word(set.attrs.len() as u64);
            for r in set.attrs {
                h.word(u64::from(r.code));
                match &r.kind {
                    Kind::Scalar(s, bo, _) => {
                        h.word(1);
                        scalar(&mut h, *s, *bo);
                    }
                    Kind::String => h.word(2),
                    Kind::Binary(_) => h.word(3),
                    Kind::Struct(st) => {
                        h.word(4);
                        let id = structs.get(&(*st as *const StructDef as usize));
                        h.word(id.map_or(u64::MAX, |i| *i as u64));
                    }
                    Kind::Nest(n) => {
                        h.word(5);
                        let id = sets.get(&(*n as *const AttrSet as usize));
                        h.word(id.map_or(u64::MAX, |i| *i as u64));
                    }
                    Kind::Packed(s, bo, _) => {
                        h.word(6);
                        scalar(&mut h, *s, *bo);
                    }
                    _ => h.word(7),
                }
            }
        }
        for (st, set) in &self.forms {
            let st = st.and_then(|x| structs.get(&(x as *const StructDef as usize)));
            let set = set.and_then(|x| sets.get(&(x as *const AttrSet as usize)));
            h.word(st.map_or(u64::MAX, |i| *i as u64));
            h.word(set.map_or(u64::MAX, |i| *i as u64));
        }
        for st in &self.structs {
            layout(&mut h, st, 0);
        }
        h.0
    }
}

fn scalar(h: &mut Fnv, s: Scalar, bo: ByteOrder) {
    h.word(s as u64);
    h.word(u64::from(bo == ByteOrder::Big));
}

/// A struct's layout into the fingerprint, embedded structs with their members (to
/// the depth walks follow).
fn layout(h: &mut Fnv, st: &StructDef, depth: usize) {
    h.bytes(st.name.as_bytes());
    h.word(st.size as u64);
    for f in st.fields {
        h.word(f.offset as u64);
        match f.kind {
            FieldKind::Scalar(s, bo, _) => {
                h.word(1);
                scalar(h, s, bo);
            }
            FieldKind::Bytes(n, _) => {
                h.word(2);
                h.word(n as u64);
            }
            FieldKind::Pad(n) => {
                h.word(3);
                h.word(n as u64);
            }
            FieldKind::Rest(_) => h.word(4),
            FieldKind::Struct(d) => {
                h.word(5);
                if depth < MAX_EMBED_DEPTH {
                    layout(h, d, depth + 1);
                }
            }
        }
    }
}

/// FNV-1a, 64 bits.
struct Fnv(u64);

impl Fnv {
    fn bytes(&mut self, b: &[u8]) {
        for x in b {
            self.0 = (self.0 ^ u64::from(*x)).wrapping_mul(0x0100_0000_01b3);
        }
        // A separator, so that names and numbers cannot run into each other.
        self.word(u64::MAX);
    }

    fn word(&mut self, w: u64) {
        for x in w.to_le_bytes() {
            self.0 = (self.0 ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Compiled function numbers by table address: an open-addressing hash table
/// (a binary search over ~200 addresses cost ~90 instructions per lookup).
struct Index {
    sets: Slots,
    structs: Slots,
    /// Message definitions to the numbers of their forms.
    msgs: Slots,
    /// By `nlmsg_type`: the definition of an rtnetlink reply of that type and its
    /// form's number. Looked up by the type, which the header gives at once, and
    /// only compared with the definition, so the lookup does not wait for the
    /// definition's own lookup (perf: the hash of the definition's address was the
    /// walk's slowest load).
    by_type: Vec<(usize, u16)>,
}

/// `(address, number)` slots, a power of two of them, at least twice the entries.
struct Slots(Vec<(usize, u16)>);

impl Slots {
    fn new(entries: &[(usize, u16)]) -> Slots {
        let n = (entries.len() * 2).next_power_of_two().max(2);
        let mut slots = Slots(vec![(0usize, 0u16); n]);
        for &(addr, id) in entries {
            slots.insert(addr, id);
        }
        slots
    }

    /// Slots for `addrs`, each numbered by its position.
    fn numbered(addrs: impl Iterator<Item = usize>) -> Slots {
        let entries: Vec<(usize, u16)> = addrs.zip(0u16..).collect();
        Slots::new(&entries)
    }

    /// Add `addr` → `id` (the table has room: at least twice the entries).
    fn insert(&mut self, addr: usize, id: u16) {
        let n = self.0.len();
        let mut i = Self::home(addr, n);
        while self.0.get(i).is_some_and(|(x, _)| *x != 0) {
            i = (i + 1) & (n - 1);
        }
        if let Some(s) = self.0.get_mut(i) {
            *s = (addr, id);
        }
    }

    /// Where the probe for `addr` starts.
    #[inline(always)]
    fn home(addr: usize, n: usize) -> usize {
        ((addr as u64 >> 3).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & (n - 1)
    }

    #[inline(always)]
    fn find(&self, addr: usize) -> Option<u16> {
        let n = self.0.len();
        let mut i = Self::home(addr, n);
        loop {
            let (a, id) = *self.0.get(i)?;
            if a == addr {
                return Some(id);
            }
            if a == 0 {
                return None;
            }
            i = (i + 1) & (n - 1);
        }
    }
}

/// The index, if the tables have the shape `route.rs` was generated from.
static INDEX: OnceLock<Option<Index>> = OnceLock::new();

/// [`INDEX`], built on first use. (One load and test once built: the lookup runs
/// twice per message.)
#[inline(always)]
fn index() -> Option<&'static Index> {
    match INDEX.get() {
        Some(i) => i.as_ref(),
        None => build_index(),
    }
}

#[cold]
#[inline(never)]
fn build_index() -> Option<&'static Index> {
    INDEX
        .get_or_init(|| {
            let shapes = Shapes::walk();
            if shapes.fingerprint != route::FINGERPRINT {
                return None;
            }
            let msgs: Vec<(usize, u16)> = shapes
                .msgs
                .iter()
                .map(|(m, form)| Some((*m as *const MsgDef as usize, u16::try_from(*form).ok()?)))
                .collect::<Option<_>>()?;
            let msgs = Slots::new(&msgs);
            let max = shapes.msgs.iter().map(|(m, _)| m.value).max().unwrap_or(0);
            let by_type = (0..=max)
                .map(|ty| {
                    let header = crate::wire::nlmsg::Header {
                        len: 0,
                        ty,
                        flags: 0,
                        seq: 0,
                        pid: 0,
                    };
                    let (def, _) = crate::families::raw_message_kind(
                        crate::wire::protocol::NETLINK_ROUTE,
                        &header,
                        &[],
                    );
                    def.map(|d| d as *const MsgDef as usize)
                        .and_then(|a| Some((a, msgs.find(a)?)))
                        .unwrap_or((0, 0))
                })
                .collect();
            Some(Index {
                sets: Slots::numbered(shapes.sets.iter().map(|s| *s as *const AttrSet as usize)),
                structs: Slots::numbered(
                    shapes
                        .structs
                        .iter()
                        .map(|s| *s as *const StructDef as usize),
                ),
                msgs,
                by_type,
            })
        })
        .as_ref()
}

/// Walk `list`, a list of attributes of `set`, with compiled code if there is code
/// for `set`; `false` (nothing visited) if not.
#[inline]
pub(super) fn visit_set<'a, V: Visit<'a>>(
    set: &'static AttrSet,
    list: &Attrs<'a>,
    depth: u8,
    v: &mut V,
) -> bool {
    // (A list already partly walked goes to the tables, which walk what is left.)
    if list.rest().len() != list.buffer().len() {
        return false;
    }
    let Some(id) = index().and_then(|i| i.sets.find(set as *const AttrSet as usize)) else {
        return false;
    };
    route::set(id, set, list.buffer(), list.base(), depth, list.endian(), v)
}

/// Visit a message of definition `def` (`body`: everything after `nlmsghdr`) with
/// compiled code: its fixed header, then its attributes, as `visit::visit_family`
/// does through the tables; `false` (nothing visited) if there is no code for `def`.
#[inline]
pub(super) fn visit_msg<'a, V: Visit<'a>>(
    def: &'static MsgDef,
    ty: u16,
    body: &'a [u8],
    e: Endian,
    v: &mut V,
) -> bool {
    let Some(index) = index() else {
        return false;
    };
    let addr = def as *const MsgDef as usize;
    let id = match index.by_type.get(usize::from(ty)) {
        Some(&(a, id)) if a == addr => id,
        _ => match index.msgs.find(addr) {
            Some(id) => id,
            None => return false,
        },
    };
    route::form(id, def, body, e, v)
}

/// A message form without an attribute space: its attributes through the tables,
/// untyped.
#[inline(never)]
fn untyped<'a, V: Visit<'a>>(bytes: &'a [u8], base: usize, e: Endian, v: &mut V) {
    visit_attrs_tables(&AttrsView::new(Attrs::new(bytes, base, e), None, 0), v);
}

/// Visit struct `s` with compiled code if there is code for its definition; `false`
/// (nothing visited) if not.
#[inline]
pub(super) fn visit_struct<'a, V: Visit<'a>>(s: &StructView<'a>, v: &mut V) -> bool {
    let Some(id) = index().and_then(|i| i.structs.find(s.def as *const StructDef as usize)) else {
        return false;
    };
    route::strukt(id, s.def, s.bytes, s.offset, s.endian, v)
}

// ---------------------------------------------------------------------------------
// What the generated code calls: one helper per kind of row, each doing exactly what
// `visit::visit_one` does for that kind.

/// The row the table walk would give for `def` in `set`.
#[inline(always)]
fn row(set: &'static AttrSet, def: &'static AttrDef) -> Row {
    Row {
        name: Some(def.name),
        kind: Some(&def.kind),
        space: Some(set),
    }
}

/// An attribute `set` does not know.
#[inline(always)]
fn unknown<'a, V: Visit<'a>>(set: &'static AttrSet, attr: &Attr<'a>, v: &mut V) {
    let r = Row {
        name: None,
        kind: None,
        space: Some(set),
    };
    v.leaf(attr, r, Leaf::Unknown(attr.value));
}

/// A list of a space whose table does not have the compiled shape (never, while
/// the fingerprint matches): the table walk.
#[inline(never)]
fn list_tables<'a, V: Visit<'a>>(set: &'static AttrSet, list: &Attrs<'a>, depth: u8, v: &mut V) {
    visit_attrs_tables(&AttrsView::new(list.clone(), Some(set), depth), v);
}

/// A row with no compiled code: the table walk's code for it.
///
/// (Only the attribute's offset crosses the call: an `&Attr` argument to a function
/// that is not inlined makes the loop write the whole `Attr` to memory for every
/// attribute, whichever row it has.)
#[inline(always)]
fn tables<'a, V: Visit<'a>>(
    set: &'static AttrSet,
    def: &'static AttrDef,
    attr: &Attr<'a>,
    siblings: &Attrs<'a>,
    depth: u8,
    v: &mut V,
) {
    tables_at(set, def, attr.offset, siblings, depth, v);
}

/// [`tables`] for the attribute at `offset` (from the origin of `siblings`), which
/// is read again here.
#[inline(never)]
fn tables_at<'a, V: Visit<'a>>(
    set: &'static AttrSet,
    def: &'static AttrDef,
    offset: usize,
    siblings: &Attrs<'a>,
    depth: u8,
    v: &mut V,
) {
    let at = offset.wrapping_sub(siblings.base());
    let bytes = siblings.buffer().get(at..).unwrap_or(&[]);
    if let Some(Ok(attr)) = Attrs::new(bytes, offset, siblings.endian()).next() {
        other(&attr, row(set, def), &def.kind, siblings, depth, v);
    }
}

/// The byte order of a scalar attribute (host order unless the row says network
/// order or the attribute has `NLA_F_NET_BYTEORDER`).
#[inline(always)]
fn order(big: bool, attr: &Attr<'_>, e: Endian) -> Endian {
    order_of(if big { ByteOrder::Big } else { ByteOrder::Host }, attr, e)
}

macro_rules! scalar {
    ($name:ident, $n:literal, |$c:ident, $o:ident| $leaf:expr) => {
        /// A scalar row of this width and signedness.
        #[inline(always)]
        #[allow(dead_code)] // which widths are used depends on the tables
        #[allow(clippy::too_many_arguments)]
        fn $name<'a, V: Visit<'a>>(
            set: &'static AttrSet,
            def: &'static AttrDef,
            attr: &Attr<'a>,
            big: bool,
            e: Endian,
            siblings: &Attrs<'a>,
            depth: u8,
            v: &mut V,
        ) {
            match <[u8; $n]>::try_from(attr.value) {
                Ok($c) => {
                    let $o = order(big, attr, e);
                    v.leaf(attr, row(set, def), $leaf)
                }
                Err(_) => tables(set, def, attr, siblings, depth, v),
            }
        }
    };
}

scalar!(u8_, 1, |c, _o| Leaf::Unsigned(u64::from(c[0])));
scalar!(s8_, 1, |c, _o| Leaf::Signed(i64::from(c[0] as i8)));
scalar!(u16_, 2, |c, o| Leaf::Unsigned(u64::from(o.u16_from(c))));
scalar!(s16_, 2, |c, o| Leaf::Signed(
    i64::from(o.u16_from(c) as i16)
));
scalar!(u32_, 4, |c, o| Leaf::Unsigned(u64::from(o.u32_from(c))));
scalar!(s32_, 4, |c, o| Leaf::Signed(
    i64::from(o.u32_from(c) as i32)
));
scalar!(u64_, 8, |c, o| Leaf::Unsigned(o.u64_from(c)));
scalar!(s64_, 8, |c, o| Leaf::Signed(o.u64_from(c) as i64));

/// The kernel's variable-width `uint`/`sint`: 4 or 8 bytes.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn var<'a, V: Visit<'a>>(
    set: &'static AttrSet,
    def: &'static AttrDef,
    attr: &Attr<'a>,
    signed: bool,
    big: bool,
    e: Endian,
    siblings: &Attrs<'a>,
    depth: u8,
    v: &mut V,
) {
    let o = order(big, attr, e);
    let leaf = match (<[u8; 4]>::try_from(attr.value), signed) {
        (Ok(c), false) => Leaf::Unsigned(u64::from(o.u32_from(c))),
        (Ok(c), true) => Leaf::Signed(i64::from(o.u32_from(c) as i32)),
        (Err(_), _) => match (<[u8; 8]>::try_from(attr.value), signed) {
            (Ok(c), false) => Leaf::Unsigned(o.u64_from(c)),
            (Ok(c), true) => Leaf::Signed(o.u64_from(c) as i64),
            (Err(_), _) => return tables(set, def, attr, siblings, depth, v),
        },
    };
    v.leaf(attr, row(set, def), leaf);
}

/// A string row: the text up to the first NUL.
#[inline(always)]
fn string<'a, V: Visit<'a>>(
    set: &'static AttrSet,
    def: &'static AttrDef,
    attr: &Attr<'a>,
    v: &mut V,
) {
    v.leaf(attr, row(set, def), Leaf::String(until_nul(attr.value)));
}

/// A binary row.
#[inline(always)]
fn binary<'a, V: Visit<'a>>(
    set: &'static AttrSet,
    def: &'static AttrDef,
    attr: &Attr<'a>,
    v: &mut V,
) {
    v.leaf(attr, row(set, def), Leaf::Bytes(attr.value));
}

/// A packed-array row (an attribute that says `NLA_F_NESTED` is a nest instead:
/// the tables decide it).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn packed_row<'a, V: Visit<'a>>(
    set: &'static AttrSet,
    def: &'static AttrDef,
    attr: &Attr<'a>,
    e: Endian,
    siblings: &Attrs<'a>,
    depth: u8,
    v: &mut V,
) {
    match &def.kind {
        Kind::Packed(s, bo, _) if !attr.nested => {
            let p = Packed {
                scalar: *s,
                bytes: attr.value,
                offset: attr.value_offset(),
                endian: order_of(*bo, attr, e),
            };
            packed(attr, row(set, def), &p, v);
        }
        _ => tables(set, def, attr, siblings, depth, v),
    }
}

/// A struct whose size or layout the compiled code does not take: the table walk
/// of its members (the visitor was offered it whole already).
#[inline(never)]
fn struct_tables<'a, V: Visit<'a>>(
    def: &'static StructDef,
    bytes: &'a [u8],
    offset: usize,
    e: Endian,
    v: &mut V,
) {
    struct_members_tables(&StructView::new(def, bytes, offset, e), v);
}

/// A struct member read at a fixed offset of a fixed-size array.
#[inline(always)]
fn at<const N: usize, const S: usize>(b: &[u8; S], offset: usize) -> [u8; N] {
    // (Always inside `b` in generated code, where `offset` is a constant: the test
    // folds away.)
    let mut out = [0u8; N];
    if let Some(src) = b.get(offset..offset.saturating_add(N)) {
        out.copy_from_slice(src);
    }
    out
}

/// Member values, as `value::read_member` gives them.
#[inline(always)]
fn mu(x: u64) -> FieldValue<'static> {
    FieldValue::Unsigned(x)
}

#[inline(always)]
fn ms(x: i64) -> FieldValue<'static> {
    FieldValue::Signed(x)
}
