//! A bounded memo of rendered output for large values that render the same every
//! time their bytes are the same: fixed structs such as `rtnl_link_stats64` (27
//! members) and packed integer arrays such as `IFLA_INET6_CONF` (~60 elements).
//!
//! Captures repeat such values a lot: a link dump prints the same configuration
//! array for every interface, and the counters of an idle interface do not move
//! between dumps (on `corpus/rtnl-churn.pcap`, 94% of the bytes printed for struct
//! members and array elements repeat an earlier value byte for byte). Rendering
//! one costs ~1,500–3,000 instructions; finding it here costs a hash of its
//! bytes, a compare and one copy.
//!
//! Contract: [`write_with_holes`] writes exactly what its `render` callback writes
//! (or its `direct` callback, which must write the same). It keeps the output only
//! when `render` says it depends on nothing but the [`Id`] and the bytes, apart from
//! the [`Hole`]s it marks (interface names from the session, filled on every
//! write); output with key material that `--show-secrets` decides about is never
//! kept. So a kept output is right for every later value with the same [`Id`] and
//! bytes. The callbacks run with no borrow of the memo held. A kind of value that
//! stops repeating is not looked up for a while ([`Rate`]), so a capture without
//! repeats costs ~1% more than no memo (measured on rtnl-churn with every lookup
//! made to miss), not ~20%. Memory is bounded: past [`BUDGET`] bytes the memo
//! starts over empty. One memo per thread; nothing in it is visible outside this
//! module.

use crate::families::decode::Packed;
use crate::families::schema::Kind;
use crate::wire::endian::Endian;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};
use std::io::{self, Write};

/// Values shorter than this are rendered directly: their rendering costs about as
/// much as hashing and looking them up (measured on rtnl-churn: 12 keeps `rtmsg` and
/// `ndmsg` in and `ifaddrmsg` out, and did best of 4, 8, 12 and 16).
pub(crate) const MIN_BYTES: usize = 12;

/// At most this many bytes of keys and outputs are kept (then all are dropped).
pub(crate) const BUDGET: usize = 4 << 20;

/// The [`Id::what`] of every call site, in one place so that no two renderers or
/// parts share one (text and JSON of the same value must never be confused).
pub(crate) mod what {
    /// Text: a struct's members.
    pub(crate) const TEXT_STRUCT: u8 = 1;
    /// Text: a packed array's elements.
    pub(crate) const TEXT_PACKED: u8 = 2;
    /// Text: a message header's flags (`table`: the message's table entry,
    /// `extra`: the protocol, bytes: type and flags).
    pub(crate) const TEXT_FLAGS: u8 = 3;
    /// JSON: a struct's fields.
    pub(crate) const JSON_STRUCT: u8 = 11;
    /// JSON: a packed array's values.
    pub(crate) const JSON_PACKED: u8 = 12;
    /// JSON: a message header's `"flags"` object (keyed as [`TEXT_FLAGS`]).
    pub(crate) const JSON_FLAGS: u8 = 13;
}

impl Id {
    /// The id of packed array `p`, the value of an attribute of `kind`.
    #[inline]
    pub(crate) fn packed(what: u8, kind: Option<&'static Kind>, p: &Packed<'_>) -> Id {
        Id {
            what,
            table: kind.map_or(0, |k| std::ptr::from_ref(k) as usize),
            extra: (p.scalar as u64) << 1 | u64::from(p.endian == Endian::Big),
        }
    }
}

/// What a value is rendered as, besides its bytes: which renderer and part
/// (`what`), the static table entry it was decoded by (`table`, an address) and
/// anything else the rendering reads (`extra`: byte order, element type, the
/// value's offset when the output shows it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Id {
    /// Which renderer and which part of a value (one constant per call site).
    pub what: u8,
    /// Address of the `'static` table entry (struct layout, attribute kind).
    pub table: usize,
    /// Byte order and other small inputs of the rendering.
    pub extra: u64,
}

/// A kept output: the value's bytes then the output in one allocation (most of the
/// cost of a miss is allocating), and the holes (none: no allocation).
struct Entry {
    id: Id,
    split: usize,
    data: Box<[u8]>,
    holes: Box<[Hole]>,
}

impl Entry {
    fn bytes(&self) -> &[u8] {
        self.data.get(..self.split).unwrap_or(&[])
    }

    fn out(&self) -> &[u8] {
        self.data.get(self.split..).unwrap_or(&[])
    }
}

/// The map's keys are already hashes: use them as they are.
#[derive(Clone, Copy, Default)]
struct AsIs(u64);

impl Hasher for AsIs {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used (the keys are `u64`); fold anything else in.
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// How well values of one kind ([`Id::what`]) have been repeating lately. A capture
/// whose values do not repeat would pay for hashing and keeping every one of them
/// (the text renderer was ~20% slower on rtnl-churn with no hits at all): each hit
/// earns a credit (up to [`CREDIT_MAX`]), each miss costs [`MISS_COST`]; a kind out
/// of credit is rendered directly for the next [`SKIP`] values, then tried again.
/// A kind found for fewer than about one lookup in four runs out.
#[derive(Clone, Copy, Debug)]
struct Rate {
    credit: i32,
    skip: u32,
}

const CREDIT_MAX: i32 = 1024;
const MISS_COST: i32 = 3;
/// Values rendered directly after a kind ran out of credit.
const SKIP: u32 = 16 * 1024;
/// Kinds of value tracked ([`Id::what`] modulo this, a power of two).
const RATES: usize = 16;

impl Rate {
    const NEW: Rate = Rate {
        credit: CREDIT_MAX,
        skip: 0,
    };

    #[inline]
    fn note(&mut self, hit: bool) {
        if hit {
            self.credit = (self.credit + 1).min(CREDIT_MAX);
        } else {
            self.credit -= MISS_COST;
            if self.credit < 0 {
                self.skip = SKIP;
                self.credit = CREDIT_MAX;
            }
        }
    }
}

struct Memo {
    map: HashMap<u64, Entry, BuildHasherDefault<AsIs>>,
    /// Per kind of value, how often it was found lately.
    rates: [Rate; RATES],
    /// Ids whose output was once found to depend on more than the bytes.
    impure: HashSet<Id, foldhash::fast::RandomState>,
    hasher: foldhash::fast::RandomState,
    held: usize,
    scratch: (Vec<u8>, Vec<Hole>),
}

impl Memo {
    fn new() -> Self {
        Memo {
            map: HashMap::default(),
            rates: [Rate::NEW; RATES],
            impure: HashSet::default(),
            hasher: foldhash::fast::RandomState::default(),
            held: 0,
            scratch: (Vec::new(), Vec::new()),
        }
    }
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::new());
}

/// A place in a kept output where a value from the session goes: the interface
/// name after an ifindex-valued member, looked up each time the output is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hole {
    /// Offset in the output.
    pub at: usize,
    /// The member's value.
    pub value: i64,
}

/// Write what `render` writes for the value (`id`, `bytes`), from the memo when the
/// same value was rendered before. `render` writes into a buffer, records the
/// [`Hole`]s it left, and returns whether the rest of its output depends on nothing
/// but `id` and `bytes` (then it is kept for next time). `fill` writes each hole,
/// in order, between the pieces of the output, both right after `render` and on
/// every later hit. `direct` writes the same output straight into `w` (holes
/// filled); it is used when the value is not looked up.
///
/// # Errors
/// Those of `w`, `render` and `fill`.
pub(crate) fn write_with_holes<W: Write + ?Sized>(
    w: &mut W,
    id: Id,
    bytes: &[u8],
    render: impl FnOnce(&mut Vec<u8>, &mut Vec<Hole>) -> io::Result<bool>,
    mut fill: impl FnMut(&mut W, &Hole) -> io::Result<()>,
    direct: impl FnOnce(&mut W) -> io::Result<()>,
) -> io::Result<()> {
    let look = MEMO
        .try_with(|m| -> io::Result<Look> {
            let Ok(mut m) = m.try_borrow_mut() else {
                return Ok(Look::NoMemo);
            };
            let m = &mut *m;
            let rate = m.rates.get_mut(usize::from(id.what) & (RATES - 1));
            if let Some(r) = rate.filter(|r| r.skip > 0) {
                r.skip -= 1;
                return Ok(Look::Skip);
            }
            // One pass over the bytes; the id is mixed in after (a hit compares both).
            let mut hs = m.hasher.build_hasher();
            hs.write(bytes);
            let h = hs.finish()
                ^ (id.table as u64 ^ id.extra.rotate_left(24) ^ u64::from(id.what) << 56)
                    .wrapping_mul(0x9e37_79b9_7f4a_7c15);
            let hit = match m.map.get(&h) {
                Some(e) if e.id == id && e.bytes() == bytes => {
                    put(w, e.out(), &e.holes, &mut fill)?;
                    true
                }
                _ => false,
            };
            if let Some(r) = m.rates.get_mut(usize::from(id.what) & (RATES - 1)) {
                r.note(hit);
            }
            Ok(if hit {
                Look::Hit
            } else if m.impure.contains(&id) {
                // (An impure id has no entries: it is only looked for on a miss.)
                Look::Skip
            } else {
                Look::Miss(h)
            })
        })
        .unwrap_or(Ok(Look::NoMemo))?;
    let (mut out, mut holes) = match look {
        Look::Hit => return Ok(()),
        Look::NoMemo | Look::Skip => return direct(w),
        Look::Miss(_) => take_scratch(),
    };
    out.clear();
    holes.clear();
    let pure = render(&mut out, &mut holes)?;
    put(w, &out, &holes, &mut fill)?;
    let _ = MEMO.try_with(|m| {
        let Ok(mut m) = m.try_borrow_mut() else {
            return;
        };
        if let Look::Miss(h) = look {
            if pure {
                let cost = bytes.len()
                    + out.len()
                    + holes.len() * std::mem::size_of::<Hole>()
                    + 2 * std::mem::size_of::<Entry>();
                if m.held + cost > BUDGET {
                    m.map.clear();
                    m.held = 0;
                }
                m.held += cost;
                let e = Entry {
                    id,
                    split: bytes.len(),
                    data: [bytes, &out].concat().into(),
                    holes: holes.as_slice().into(),
                };
                m.map.insert(h, e);
            } else if m.impure.len() < IMPURE_MAX {
                // Some value of this layout depends on more than its bytes (key
                // material that `--show-secrets` decides about): render its kind
                // directly from now on.
                m.impure.insert(id);
            }
        }
        m.scratch = (out, holes);
    });
    Ok(())
}

/// [`write_with_holes`] for output without holes.
///
/// # Errors
/// Those of `w`, `render` and `direct`.
pub(crate) fn write<W: Write + ?Sized>(
    w: &mut W,
    id: Id,
    bytes: &[u8],
    render: impl FnOnce(&mut Vec<u8>) -> io::Result<bool>,
    direct: impl FnOnce(&mut W) -> io::Result<()>,
) -> io::Result<()> {
    write_with_holes(w, id, bytes, |v, _| render(v), |_, _| Ok(()), direct)
}

/// Write `out` with each hole filled at its offset.
fn put<W: Write + ?Sized>(
    w: &mut W,
    out: &[u8],
    holes: &[Hole],
    fill: &mut impl FnMut(&mut W, &Hole) -> io::Result<()>,
) -> io::Result<()> {
    if holes.is_empty() {
        return w.write_all(out);
    }
    let mut from = 0;
    for h in holes {
        w.write_all(out.get(from..h.at).unwrap_or(&[]))?;
        fill(w, h)?;
        from = h.at;
    }
    w.write_all(out.get(from..).unwrap_or(&[]))
}

/// What [`write`] found.
#[derive(Clone, Copy)]
enum Look {
    /// The output was written from the memo.
    Hit,
    /// Not there: render, and keep it under this hash if it is pure.
    Miss(u64),
    /// Not looked up: values of this [`Id`] are not kept, or values of its kind
    /// have not been repeating lately.
    Skip,
    /// The memo is not at hand (thread exiting).
    NoMemo,
}

/// At most this many [`Id`]s are remembered as not worth looking up.
const IMPURE_MAX: usize = 4096;

/// The memo's reusable buffers (empty ones if the memo is busy).
fn take_scratch() -> (Vec<u8>, Vec<Hole>) {
    MEMO.try_with(|m| {
        m.try_borrow_mut()
            .map(|mut m| std::mem::take(&mut m.scratch))
            .unwrap_or_default()
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(table: usize) -> Id {
        Id {
            what: 1,
            table,
            extra: 0,
        }
    }

    /// Write (`id`, `bytes`) through the memo; counts renders in `calls` (into the
    /// memo's buffer or directly).
    fn run(id: Id, bytes: &[u8], keep: bool, calls: &mut u32) -> Vec<u8> {
        run_counted(id, bytes, keep, calls, &mut 0)
    }

    /// [`run`], counting the direct renders also in `direct`.
    fn run_counted(id: Id, bytes: &[u8], keep: bool, calls: &mut u32, direct: &mut u32) -> Vec<u8> {
        let mut v = Vec::new();
        let body = |o: &mut Vec<u8>| {
            o.extend_from_slice(b"r:");
            o.extend_from_slice(bytes);
        };
        let count = std::cell::Cell::new(*calls);
        write(
            &mut v,
            id,
            bytes,
            |o| {
                count.set(count.get() + 1);
                body(o);
                Ok(keep)
            },
            |o| {
                count.set(count.get() + 1);
                *direct += 1;
                body(o);
                Ok(())
            },
        )
        .unwrap();
        *calls = count.get();
        v
    }

    #[test]
    fn kept_output_is_reused_only_for_the_same_id_and_bytes() {
        let mut calls = 0;
        let a = [7u8; 40];
        let mut b = a;
        b[39] = 8;
        assert_eq!(run(id(1), &a, true, &mut calls), [&b"r:"[..], &a].concat());
        assert_eq!(run(id(1), &a, true, &mut calls), [&b"r:"[..], &a].concat());
        assert_eq!(calls, 1);
        // Other bytes, another table: rendered.
        assert_eq!(run(id(1), &b, true, &mut calls), [&b"r:"[..], &b].concat());
        assert_eq!(run(id(2), &a, true, &mut calls), [&b"r:"[..], &a].concat());
        assert_eq!(calls, 3);
        // Output the callback does not vouch for is never kept.
        let c = [9u8; 40];
        run(id(4), &c, false, &mut calls);
        run(id(4), &c, false, &mut calls);
        assert_eq!(calls, 5);
        // Nor is anything of that id after it (its next value may look pure only
        // because it is cut short).
        run(id(4), &a, true, &mut calls);
        run(id(4), &a, true, &mut calls);
        assert_eq!(calls, 7);
    }

    #[test]
    fn a_kind_that_does_not_repeat_is_not_looked_up_for_a_while() {
        let (mut calls, mut direct) = (0, 0);
        let mut v = [0u8; 40];
        // Distinct values only: every lookup misses until the kind runs out of credit.
        let first_skip = (0..2 * CREDIT_MAX as u32)
            .find(|i| {
                v[..4].copy_from_slice(&i.to_le_bytes());
                let before = direct;
                let out = run_counted(id(13), &v, true, &mut calls, &mut direct);
                assert_eq!(out, [&b"r:"[..], &v].concat());
                direct > before
            })
            .unwrap();
        assert!(
            first_skip <= (CREDIT_MAX / MISS_COST) as u32 + 1,
            "{first_skip}"
        );
        // Another kind is still looked up (and found).
        let w = [1u8; 40];
        run(Id { what: 14, ..id(13) }, &w, true, &mut calls);
        let before = calls;
        run(Id { what: 14, ..id(13) }, &w, true, &mut calls);
        assert_eq!(calls, before);
    }

    #[test]
    fn holes_are_filled_on_every_write() {
        let bytes = [5u8; 16];
        let mut renders = 0;
        for n in 0..3 {
            let mut v = Vec::new();
            write_with_holes(
                &mut v,
                id(9),
                &bytes,
                |o, holes| {
                    renders += 1;
                    o.extend_from_slice(b"a 1");
                    holes.push(Hole {
                        at: o.len(),
                        value: 1,
                    });
                    o.extend_from_slice(b" b 2");
                    Ok(true)
                },
                |w, h| write!(w, " (dev if{}-{n})", h.value),
                |_| unreachable!("looked up"),
            )
            .unwrap();
            assert_eq!(
                String::from_utf8(v).unwrap(),
                format!("a 1 (dev if1-{n}) b 2")
            );
        }
        assert_eq!(renders, 1);
    }

    #[test]
    fn memory_stays_within_the_budget() {
        let mut calls = 0;
        let mut big = vec![0u8; 64 * 1024];
        for i in 0..2 * BUDGET / big.len() {
            big[..8].copy_from_slice(&(i as u64).to_le_bytes());
            run(id(3), &big, true, &mut calls);
            let held = MEMO.with(|m| m.borrow().held);
            assert!(held <= BUDGET, "{held}");
        }
    }
}
