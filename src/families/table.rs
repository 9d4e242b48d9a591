//! Shorthands for writing hand tables one row per line.
//!
//! The hand-written tables in the `family` modules use these `const fn`s and kind
//! constants so that each attribute, struct member and message is one short line:
//! `attr(1, "NHA_ID", U32)`. They build the plain [`crate::families::schema`] types and
//! nothing else.

use crate::families::schema::{
    AttrDef, AttrSet, ByteOrder, EnumDef, Field, FieldKind, Hint, Kind, MsgDef, Scalar, StructDef,
    SubFormat,
};

/// One attribute row.
pub(crate) const fn attr(code: u16, name: &'static str, kind: Kind) -> AttrDef {
    AttrDef { code, name, kind }
}

/// One struct member.
pub(crate) const fn field(name: &'static str, offset: usize, kind: FieldKind) -> Field {
    Field { name, offset, kind }
}

/// One message row.
pub(crate) const fn msg(
    value: u16,
    name: &'static str,
    header: Option<&'static StructDef>,
    attrs: Option<&'static AttrSet>,
) -> MsgDef {
    MsgDef {
        value,
        name,
        header,
        attrs,
    }
}

/// One sub-message format (a link kind and its data attributes).
pub(crate) const fn sub(value: &'static str, attrs: Option<&'static AttrSet>) -> SubFormat {
    SubFormat {
        value,
        header: None,
        attrs,
    }
}

/// A fixed struct followed by attributes, as one attribute's payload.
pub(crate) const fn headed(
    header: &'static StructDef,
    attrs: Option<&'static AttrSet>,
) -> SubFormat {
    SubFormat {
        value: "",
        header: Some(header),
        attrs,
    }
}

const fn sc(s: Scalar, o: ByteOrder, h: Hint) -> Kind {
    Kind::Scalar(s, o, h)
}

/// `u8`, host order.
pub(crate) const U8: Kind = sc(Scalar::U8, ByteOrder::Host, Hint::None);
/// `u16`, host order.
pub(crate) const U16: Kind = sc(Scalar::U16, ByteOrder::Host, Hint::None);
/// `u32`, host order.
pub(crate) const U32: Kind = sc(Scalar::U32, ByteOrder::Host, Hint::None);
/// `u64`, host order.
pub(crate) const U64: Kind = sc(Scalar::U64, ByteOrder::Host, Hint::None);
/// `s32`, host order.
pub(crate) const S32: Kind = sc(Scalar::S32, ByteOrder::Host, Hint::None);
/// The kernel's variable-width `uint` (4 or 8 bytes).
pub(crate) const UINT: Kind = sc(Scalar::Uint, ByteOrder::Host, Hint::None);
/// An interface index (`u32`).
pub(crate) const IFINDEX: Kind = sc(Scalar::U32, ByteOrder::Host, Hint::Ifindex);
/// An interface index that may be negative (`s32`: -1 "all").
pub(crate) const S32_IFINDEX: Kind = sc(Scalar::S32, ByteOrder::Host, Hint::Ifindex);
/// `u32` shown in hex (flag words, masks, ids).
pub(crate) const X32: Kind = sc(Scalar::U32, ByteOrder::Host, Hint::Hex);
/// `be16` (ports, ethertypes).
pub(crate) const BE16: Kind = sc(Scalar::U16, ByteOrder::Big, Hint::None);
/// `be32`.
pub(crate) const BE32: Kind = sc(Scalar::U32, ByteOrder::Big, Hint::None);
/// `be64`.
pub(crate) const BE64: Kind = sc(Scalar::U64, ByteOrder::Big, Hint::None);
/// `be64` shown in hex (MACsec SCIs).
pub(crate) const BE64_HEX: Kind = sc(Scalar::U64, ByteOrder::Big, Hint::Hex);
/// A string.
pub(crate) const STR: Kind = Kind::String;
/// Opaque bytes.
pub(crate) const BIN: Kind = Kind::Binary(Hint::None);
/// Opaque bytes shown in hex.
pub(crate) const HEX: Kind = Kind::Binary(Hint::Hex);
/// A flag (no payload).
pub(crate) const FLAG: Kind = Kind::Flag;
/// A link-layer address.
pub(crate) const MAC: Kind = Kind::Binary(Hint::Mac);
/// An IPv4 or IPv6 address by length.
pub(crate) const IP: Kind = Kind::Binary(Hint::Ip);
/// An IPv4 address (4 bytes).
pub(crate) const IPV4: Kind = Kind::Binary(Hint::Ipv4);
/// An IPv6 address (16 bytes).
pub(crate) const IPV6: Kind = Kind::Binary(Hint::Ipv6);

/// Host-order `u32` named by an enumeration.
pub(crate) const fn u32_enum(e: &'static EnumDef) -> Kind {
    sc(Scalar::U32, ByteOrder::Host, Hint::Enum(e))
}
/// Host-order `u64` named by an enumeration.
pub(crate) const fn u64_enum(e: &'static EnumDef) -> Kind {
    sc(Scalar::U64, ByteOrder::Host, Hint::Enum(e))
}
/// Host-order `u16` named by an enumeration.
pub(crate) const fn u16_enum(e: &'static EnumDef) -> Kind {
    sc(Scalar::U16, ByteOrder::Host, Hint::Enum(e))
}
/// `u8` named by an enumeration.
pub(crate) const fn u8_enum(e: &'static EnumDef) -> Kind {
    sc(Scalar::U8, ByteOrder::Host, Hint::Enum(e))
}
/// Nested attributes of `set`.
pub(crate) const fn nest(set: &'static AttrSet) -> Kind {
    Kind::Nest(set)
}
/// A fixed struct.
pub(crate) const fn st(def: &'static StructDef) -> Kind {
    Kind::Struct(def)
}

const fn fs(s: Scalar, o: ByteOrder, h: Hint) -> FieldKind {
    FieldKind::Scalar(s, o, h)
}

/// Struct member: `u8`.
pub(crate) const F_U8: FieldKind = fs(Scalar::U8, ByteOrder::Host, Hint::None);
/// Struct member: `u8` in hex (bit fields).
pub(crate) const F_X8: FieldKind = fs(Scalar::U8, ByteOrder::Host, Hint::Hex);
/// Struct member: host-order `u16`.
pub(crate) const F_U16: FieldKind = fs(Scalar::U16, ByteOrder::Host, Hint::None);
/// Struct member: host-order `u32`.
pub(crate) const F_U32: FieldKind = fs(Scalar::U32, ByteOrder::Host, Hint::None);
/// Struct member: host-order `u64`.
pub(crate) const F_U64: FieldKind = fs(Scalar::U64, ByteOrder::Host, Hint::None);
/// Struct member: host-order `s32`.
pub(crate) const F_S32: FieldKind = fs(Scalar::S32, ByteOrder::Host, Hint::None);
/// Struct member: an interface index (`u32`).
pub(crate) const F_IFINDEX: FieldKind = fs(Scalar::U32, ByteOrder::Host, Hint::Ifindex);
/// Struct member: host-order `u32` in hex.
pub(crate) const F_X32: FieldKind = fs(Scalar::U32, ByteOrder::Host, Hint::Hex);
/// Struct member: `be16`.
pub(crate) const F_BE16: FieldKind = fs(Scalar::U16, ByteOrder::Big, Hint::None);
/// Struct member: `be32`.
pub(crate) const F_BE32: FieldKind = fs(Scalar::U32, ByteOrder::Big, Hint::None);
/// Struct member: `be64`.
pub(crate) const F_BE64: FieldKind = fs(Scalar::U64, ByteOrder::Big, Hint::None);
/// Struct member: `be32` in hex (SPIs).
pub(crate) const F_BE32_HEX: FieldKind = fs(Scalar::U32, ByteOrder::Big, Hint::Hex);
/// Struct member: `u8` named by an enumeration.
pub(crate) const fn f_u8_enum(e: &'static EnumDef) -> FieldKind {
    fs(Scalar::U8, ByteOrder::Host, Hint::Enum(e))
}
/// Struct member: host-order `u16` named by an enumeration.
pub(crate) const fn f_u16_enum(e: &'static EnumDef) -> FieldKind {
    fs(Scalar::U16, ByteOrder::Host, Hint::Enum(e))
}
/// Struct member: host-order `u32` named by an enumeration.
pub(crate) const fn f_u32_enum(e: &'static EnumDef) -> FieldKind {
    fs(Scalar::U32, ByteOrder::Host, Hint::Enum(e))
}
/// Struct member: text in an `n`-byte NUL-padded `char` array.
pub(crate) const fn f_text(n: usize) -> FieldKind {
    FieldKind::Bytes(n, Hint::Text)
}
/// Struct member: `n` bytes in hex (keys, cookies).
pub(crate) const fn f_hex(n: usize) -> FieldKind {
    FieldKind::Bytes(n, Hint::Hex)
}
/// Struct member: an `xfrm_address_t` (16 bytes, IPv4 in the first 4; the family
/// is in another member), kept as hex bytes.
pub(crate) const F_ADDR16X: FieldKind = FieldKind::Bytes(16, Hint::Hex);
/// Struct member: `n` bytes of padding.
pub(crate) const fn f_pad(n: usize) -> FieldKind {
    FieldKind::Pad(n)
}
