//! A bounded cache of attribute lines and their heads (`  NAME (ty) +off len L:`).
//!
//! A head is ~10 small writes (each a capacity check, a `memcpy` call for the name)
//! and three numbers: ~300 instructions; a leaf line's value as much again. Captures
//! repeat the same attribute at the same offset with the same length in message
//! after message (a dump of links or routes, the same request again), and often with
//! the same value, so the bytes are kept in a direct-mapped table keyed by
//! everything they are made of, and a repeat is one compare and one copy. A leaf
//! line is kept whole when its value is small (a number, a flag, up to 16 bytes) and
//! does not come from the session (an interface name: only its head is kept).
//! Fixed size ([`SLOTS`] × [`CAP`] bytes, allocated on first use, one table per
//! thread); a line longer than [`CAP`] is written directly every time.

use super::Style;
use crate::families::decode::{Leaf, Row};
use crate::families::schema::{Hint, Kind};
use crate::wire::attr::Attr;
use std::cell::RefCell;
use std::io::{self, Write};

/// Slots in the table (a power of two).
const SLOTS: usize = 2048;
/// Bytes kept per line.
const CAP: usize = 128;

/// What a text line depends on besides the attribute and its row: the renderer
/// (bit 0 set: text), colour and `--show-secrets`.
#[inline(always)]
pub(crate) fn text_bits(style: Style) -> u8 {
    1 | u8::from(style.color) << 1 | u8::from(style.show_secrets) << 2
}

/// What a JSON object depends on besides the attribute and its row: the renderer
/// (bit 0 clear: JSON) and the attribute's flag bits.
#[inline(always)]
pub(crate) fn json_bits(attr: &Attr<'_>) -> u8 {
    u8::from(attr.nested) << 1 | u8::from(attr.net_byteorder) << 2
}

/// Everything a line is made of: the name (address and length of the `'static`
/// str, 0 for none), the row's kind (its address: the hint, and whether an unnamed
/// row is an array element), type, indent, offset, length and the renderer's bits
/// ([`text_bits`], [`json_bits`]); for a whole line also the value. `valid` is
/// never 0 for a real key, so an empty slot matches nothing.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Key {
    name: usize,
    /// `valid` (bit 0), the renderer's bits (bits 1..8), indent (bits 8..24), type
    /// (bits 24..40), name length (bits 40..56), value length (bits 56..61, strings
    /// and bytes), which [`Leaf`] (bits 61..64; 0: the head alone).
    small: u64,
    /// Offset (low 32 bits) and value length (high 32 bits).
    at: u64,
    /// The address of the row's kind (0: none).
    kind: usize,
    /// A whole line: the number, or the bytes (little-endian, zero-filled).
    val: u128,
}

impl Key {
    const NONE: Key = Key {
        name: 0,
        small: 0,
        at: 0,
        kind: 0,
        val: 0,
    };

    /// The key of `attr`'s head, or None when a part does not fit the key.
    #[inline(always)]
    pub(crate) fn new(attr: &Attr<'_>, row: Row, ind: usize, bits: u8) -> Option<Key> {
        let (name, name_len) = row
            .name
            .map_or((0, 0), |n| (n.as_ptr() as usize, n.len() as u64));
        if ind > 0xffff || name_len > 0xffff {
            return None;
        }
        let off = u32::try_from(attr.offset).ok()?;
        let len = u32::try_from(attr.value.len()).ok()?;
        Some(Key {
            name,
            small: 1
                | u64::from(bits & 0x7f) << 1
                | (ind as u64) << 8
                | u64::from(attr.ty) << 24
                | name_len << 40,
            at: u64::from(off) | u64::from(len) << 32,
            kind: row.kind.map_or(0, |k| std::ptr::from_ref(k) as usize),
            val: 0,
        })
    }

    /// The key of `attr`'s whole line with leaf `value`, or None when the line is
    /// not kept whole (a longer value, an interface index).
    #[inline(always)]
    pub(crate) fn line(
        attr: &Attr<'_>,
        row: Row,
        ind: usize,
        bits: u8,
        value: Leaf<'_>,
    ) -> Option<Key> {
        if matches!(
            row.kind,
            Some(
                Kind::Scalar(_, _, Hint::Ifindex)
                    | Kind::Binary(Hint::Ifindex)
                    | Kind::Packed(_, _, Hint::Ifindex)
            )
        ) {
            return None;
        }
        let (tag, val, n): (u64, u128, usize) = match value {
            Leaf::Unsigned(u) => (1, u128::from(u), 0),
            Leaf::Signed(i) => (2, u128::from(i as u64), 0),
            Leaf::String(b) => (3, pack(b)?, b.len()),
            Leaf::Bytes(b) => (4, pack(b)?, b.len()),
            Leaf::Unknown(b) => (5, pack(b)?, b.len()),
            Leaf::Flag => (6, 0, 0),
            Leaf::Bitfield32 { value, selector } => {
                (7, u128::from(value) | u128::from(selector) << 32, 0)
            }
        };
        let mut k = Key::new(attr, row, ind, bits)?;
        k.small |= (n as u64) << 56 | tag << 61;
        k.val = val;
        Some(k)
    }

    #[inline(always)]
    fn slot(&self) -> usize {
        let h = (self.name as u64
            ^ self.small.rotate_left(29)
            ^ self.at
            ^ (self.kind as u64).rotate_left(7)
            ^ self.val as u64
            ^ ((self.val >> 64) as u64).rotate_left(13))
        .wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> 53) as usize & (SLOTS - 1)
    }
}

/// Up to 16 bytes as one number (None: longer).
#[inline(always)]
fn pack(b: &[u8]) -> Option<u128> {
    let mut a = [0u8; 16];
    a.get_mut(..b.len())?.copy_from_slice(b);
    Some(u128::from_le_bytes(a))
}

#[derive(Clone, Copy)]
struct Slot {
    key: Key,
    len: usize,
    out: [u8; CAP],
}

thread_local! {
    static HEADS: RefCell<Option<Box<[Slot]>>> = const { RefCell::new(None) };
}

/// The table, borrowed for one walk (None: borrowed already, by a walk this one is
/// inside of, or gone with its thread: lines are then written directly).
pub(crate) struct Table<'t>(Option<&'t mut [Slot]>);

/// Run `f` with the thread's table (once per walk: a lookup then costs no
/// thread-local access or borrow check).
pub(crate) fn with<R>(mut f: impl FnMut(Table<'_>) -> R) -> R {
    let r = HEADS.try_with(|h| {
        let Ok(mut h) = h.try_borrow_mut() else {
            return f(Table(None));
        };
        let slots = h.get_or_insert_with(|| {
            vec![
                Slot {
                    key: Key::NONE,
                    len: 0,
                    out: [0; CAP],
                };
                SLOTS
            ]
            .into_boxed_slice()
        });
        f(Table(Some(slots)))
    });
    match r {
        Ok(r) => r,
        Err(_) => f(Table(None)),
    }
}

impl Table<'_> {
    /// Write the line `key` names: the kept bytes, or what `render` writes (kept
    /// for next time). None: nothing was written, the caller writes the line (no
    /// key, a line longer than [`CAP`], no table).
    #[inline(always)]
    pub(crate) fn write<W: Write + ?Sized>(
        &mut self,
        w: &mut W,
        key: Option<Key>,
        render: impl FnOnce(&mut &mut [u8]) -> io::Result<()>,
    ) -> Option<io::Result<()>> {
        let key = key?;
        let slot = self.0.as_mut()?.get_mut(key.slot())?;
        if slot.key != key {
            let mut rest: &mut [u8] = &mut slot.out;
            if render(&mut rest).is_err() {
                slot.key = Key::NONE;
                return None;
            }
            slot.len = CAP - rest.len();
            slot.key = key;
        }
        Some(w.write_all(slot.out.get(..slot.len).unwrap_or(&[])))
    }
}

/// [`Table::write`] through the thread's table, borrowed for this one line.
#[cfg(test)]
fn write<W: Write + ?Sized>(
    w: &mut W,
    key: Option<Key>,
    render: impl FnOnce(&mut &mut [u8]) -> io::Result<()>,
) -> Option<io::Result<()>> {
    let mut render = Some(render);
    with(|mut t| t.write(w, key, render.take()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(offset: usize, value: &[u8]) -> Attr<'_> {
        Attr {
            ty: 3,
            nested: false,
            net_byteorder: false,
            value,
            offset,
            pad: &[],
        }
    }

    const ROW: Row = Row {
        name: Some("IFLA_IFNAME"),
        kind: None,
        space: None,
    };

    /// Write `out` through the cache under `key`; also says whether it was rendered.
    fn put(key: Option<Key>, out: &[u8]) -> (Option<Vec<u8>>, bool) {
        let mut w = Vec::new();
        let mut rendered = false;
        let r = write(&mut w, key, |v| {
            rendered = true;
            v.write_all(out)
        });
        (r.map(|r| r.map(|()| w).unwrap_or_default()), rendered)
    }

    #[test]
    fn a_kept_line_is_reused_only_for_the_same_key() {
        let style = Style {
            color: false,
            show_secrets: false,
        };
        let v = [1, 2, 3, 4];
        let a = Key::line(&attr(20, &v), ROW, 2, text_bits(style), Leaf::Unsigned(7));
        assert_eq!(put(a, b"first"), (Some(b"first".to_vec()), true));
        // The same key: the kept bytes, not the new ones.
        assert_eq!(put(a, b"other"), (Some(b"first".to_vec()), false));
        // Another value, offset, indent, colour, renderer: rendered again.
        let b = Key::line(&attr(20, &v), ROW, 2, text_bits(style), Leaf::Unsigned(8));
        let c = Key::line(&attr(24, &v), ROW, 2, text_bits(style), Leaf::Unsigned(7));
        let d = Key::line(&attr(20, &v), ROW, 4, text_bits(style), Leaf::Unsigned(7));
        let colour = Style {
            color: true,
            ..style
        };
        let e = Key::line(&attr(20, &v), ROW, 2, text_bits(colour), Leaf::Unsigned(7));
        let f = Key::line(
            &attr(20, &v),
            ROW,
            2,
            json_bits(&attr(20, &v)),
            Leaf::Unsigned(7),
        );
        let g = Key::new(&attr(20, &v), ROW, 2, text_bits(style));
        for k in [b, c, d, e, f, g] {
            assert!(k.is_some() && k != a);
            assert_eq!(put(k, b"second"), (Some(b"second".to_vec()), true));
        }
    }

    #[test]
    fn long_lines_and_values_are_not_kept() {
        let long = [b'x'; CAP + 1];
        let k = Key::new(&attr(8, &[0; 4]), ROW, 0, text_bits(Style::default()));
        // Longer than a slot: nothing written, the caller writes it.
        assert_eq!(put(k, &long), (None, true));
        assert_eq!(put(k, b"short").0, Some(b"short".to_vec()));
        // A value of more than 16 bytes has no whole-line key.
        let b = [0u8; 17];
        let row = ROW;
        assert!(Key::line(&attr(8, &b), row, 0, 1, Leaf::Bytes(&b)).is_none());
        assert!(Key::line(&attr(8, &b[..16]), row, 0, 1, Leaf::Bytes(&b[..16])).is_some());
    }
}
