//! Tables that describe netlink message types, fixed headers and attribute spaces.
//!
//! Everything nlscope knows about a netlink family is data of the types below: an
//! attribute space is an [`AttrSet`] with one [`AttrDef`] row per attribute, a fixed
//! kernel header (`ifinfomsg`, `rtmsg`, `nfgenmsg`, …) is a [`StructDef`], and a message
//! type or generic-netlink command is a [`MsgDef`] that names both. The decoder walks
//! bytes with these tables; it never needs code per attribute.
//!
//! Most tables are generated from the kernel's YAML netlink specs by `cargo xtask
//! codegen` (module [`gen`]); the spaces no spec covers are written by hand in the
//! `family` modules. Tables are plain `static` data: lookups allocate nothing.
//!
//! The tables may be cyclic (a nest can contain, deeper down, its own set), so
//! `{:?}` on an [`AttrSet`] or a [`Kind`] can recurse without end; print names.

pub mod gen;

/// Width and signedness of an integer value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scalar {
    /// `u8`
    U8,
    /// `u16`
    U16,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `s8`
    S8,
    /// `s16`
    S16,
    /// `s32`
    S32,
    /// `s64`
    S64,
    /// The kernel's variable-width `uint`: 4 or 8 bytes.
    Uint,
    /// The kernel's variable-width `sint`: 4 or 8 bytes.
    Sint,
}

impl Scalar {
    /// The fixed size in bytes, or `None` for the variable-width `Uint`/`Sint`.
    pub const fn size(self) -> Option<usize> {
        match self {
            Scalar::U8 | Scalar::S8 => Some(1),
            Scalar::U16 | Scalar::S16 => Some(2),
            Scalar::U32 | Scalar::S32 => Some(4),
            Scalar::U64 | Scalar::S64 => Some(8),
            Scalar::Uint | Scalar::Sint => None,
        }
    }

    /// Whether the value is signed.
    pub const fn signed(self) -> bool {
        matches!(
            self,
            Scalar::S8 | Scalar::S16 | Scalar::S32 | Scalar::S64 | Scalar::Sint
        )
    }
}

/// Byte order of a scalar inside the netlink payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ByteOrder {
    /// The order of the capturing host (the usual case; detected per record).
    Host,
    /// Network byte order, whatever the host (ports, `be16`/`be32` kernel fields).
    Big,
}

/// How a value is best shown to a person.
#[derive(Clone, Copy, Debug)]
pub enum Hint {
    /// Plain: decimal for numbers, hex for bytes.
    None,
    /// Numbers in hexadecimal.
    Hex,
    /// A link-layer address (`aa:bb:cc:dd:ee:ff`, any length).
    Mac,
    /// An IPv4 address (4 bytes, or a `u32`/`be32` holding one).
    Ipv4,
    /// An IPv6 address (16 bytes).
    Ipv6,
    /// An IPv4 or IPv6 address chosen by length (4 or 16 bytes).
    Ip,
    /// A UUID (16 bytes).
    Uuid,
    /// Text in a fixed-size, NUL-padded `char` array (`xfrm_algo.alg_name`).
    Text,
    /// A named value or set of flag bits, see [`EnumDef`].
    Enum(&'static EnumDef),
    /// A tc handle or class id (`u32`): `major:minor` in hex as `tc` prints it
    /// (`TC_H_MAJ` / `TC_H_MIN`, linux/pkt_sched.h; minor 0 as `1:`), `root` for
    /// `TC_H_ROOT` (`0xffffffff`). Lossless: every `u32` has one spelling.
    TcHandle,
    /// An interface index: a number, and the interface's name where the capture
    /// taught it (`dev veth0`). Replay rewrites these to the replay namespace's index
    /// of the same name.
    Ifindex,
}

/// Names for the values of an integer: an enumeration or a set of flag bits.
#[derive(Debug)]
pub struct EnumDef {
    /// The kernel's name for the enumeration (`rt-scope`, `ifa-flags`, …).
    pub name: &'static str,
    /// `true` when each entry is a bit mask and a value is a set of them.
    pub flags: bool,
    /// `(value, name)` pairs; for flags, the value is the bit mask.
    pub entries: &'static [(u64, &'static str)],
}

impl EnumDef {
    /// The name of one value (for flags: of one exact mask).
    pub fn name_of(&self, value: u64) -> Option<&'static str> {
        self.entries
            .iter()
            .find(|(v, _)| *v == value)
            .map(|(_, n)| *n)
    }
}

/// One member of a fixed kernel struct.
#[derive(Debug)]
pub struct Field {
    /// The member's name as in the kernel header (`ifi_index`, `rtm_table`, …).
    pub name: &'static str,
    /// Byte offset from the start of the struct.
    pub offset: usize,
    /// What the bytes hold.
    pub kind: FieldKind,
}

/// The type of a [`Field`].
#[derive(Clone, Copy, Debug)]
pub enum FieldKind {
    /// An integer.
    Scalar(Scalar, ByteOrder, Hint),
    /// A run of bytes of fixed length (addresses, reserved arrays).
    Bytes(usize, Hint),
    /// Padding: shown only when not zero.
    Pad(usize),
    /// Everything from `offset` to the end of the data: a flexible array member such
    /// as `xfrm_algo.alg_key[]`. Counts as 0 bytes in the struct's `size`.
    Rest(Hint),
    /// A struct embedded by value (`struct xfrm_selector sel;` inside
    /// `xfrm_usersa_info`, `struct tc_ratespec rate;` inside `tc_htb_opt`): the inner
    /// struct's members, at their offsets plus this member's, named `outer.inner`
    /// (`sel.daddr`) when shown. Takes the inner struct's `size` bytes; the inner
    /// struct has no [`FieldKind::Rest`] member. Walks follow embedding to
    /// [`MAX_EMBED_DEPTH`] levels; a member deeper than that is shown as its bytes.
    Struct(&'static StructDef),
}

/// How many embedded structs deep ([`FieldKind::Struct`] inside [`FieldKind::Struct`])
/// a walk follows. The kernel's uapi structs go to 2 (`xfrm_user_acquire.policy.sel`);
/// the tables are checked against this bound (`tests/schema_tables.rs`). A member
/// deeper than this is shown as its bytes.
pub const MAX_EMBED_DEPTH: usize = 3;

impl FieldKind {
    /// Size of the member in bytes (variable-width scalars count as 4).
    pub const fn size(&self) -> usize {
        match self {
            FieldKind::Scalar(s, _, _) => match s.size() {
                Some(n) => n,
                None => 4,
            },
            FieldKind::Bytes(n, _) | FieldKind::Pad(n) => *n,
            FieldKind::Rest(_) => 0,
            FieldKind::Struct(d) => d.size,
        }
    }
}

/// A fixed kernel struct: a message's fixed header or a binary attribute's layout.
#[derive(Debug)]
pub struct StructDef {
    /// The kernel's name (`ifinfomsg`, `rtmsg`, `ifla_cacheinfo`, …).
    pub name: &'static str,
    /// Size in bytes as the kernel defines it today; longer data is accepted and its
    /// tail kept, shorter data is decoded as far as whole fields go.
    pub size: usize,
    /// Members in order of offset; a [`FieldKind::Rest`] member, if any, is the last.
    pub fields: &'static [Field],
}

impl StructDef {
    /// Whether the last member is a [`FieldKind::Rest`]: the struct then takes all the
    /// data it is given (only the last member is looked at, as only it can be one).
    #[inline]
    pub fn ends_with_rest(&self) -> bool {
        self.fields
            .last()
            .is_some_and(|f| matches!(f.kind, FieldKind::Rest(_)))
    }
}

/// What an attribute's payload holds.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// An integer of the given width and order.
    Scalar(Scalar, ByteOrder, Hint),
    /// Text, usually NUL-terminated.
    String,
    /// Opaque bytes.
    Binary(Hint),
    /// No payload: present means true.
    Flag,
    /// `struct nla_bitfield32 { u32 value; u32 selector; }`.
    Bitfield32(Option<&'static EnumDef>),
    /// A fixed struct.
    Struct(&'static StructDef),
    /// A packed array of fixed structs, back to back with no attribute headers
    /// (`NHA_GROUP`'s `struct nexthop_grp []`, `XFRMA_TMPL`'s `struct xfrm_user_tmpl []`).
    StructArray(&'static StructDef),
    /// A packed array of integers of one fixed width, back to back with no attribute
    /// headers (the YAML specs' `binary` with a `sub-type`: `IFLA_INET6_CONF`'s
    /// `__s32 []`, `IFLA_INET6_STATS`' `__u64 []`, `INET_DIAG_SKMEMINFO`'s
    /// `__u32 [SK_MEMINFO_VARS]`). Element `i` is shown with its index `i`; bytes after
    /// the last whole element are kept. The scalar is never `Uint`/`Sint` (no fixed
    /// width); the hint applies to each element. An attribute of this kind that has
    /// `NLA_F_NESTED` set is walked as an untyped nest instead (the kernel takes
    /// `IFLA_INET_CONF`/`IFLA_INET6_CONF` as nests in requests).
    Packed(Scalar, ByteOrder, Hint),
    /// Nested attributes of another space.
    Nest(&'static AttrSet),
    /// A fixed struct followed by attributes, both inside this one attribute (veth's
    /// `VETH_INFO_PEER`: `struct ifinfomsg` + link attributes; `MDBA_MDB_ENTRY_INFO`:
    /// `struct br_mdb_entry` + `MDBA_MDB_EATTR_*`). Decoded like a sub-message that
    /// needs no selector.
    Headed(&'static SubFormat),
    /// Nested attributes whose type numbers are indices; each holds an element of
    /// the given kind (the YAML specs' `indexed-array`).
    Array(&'static Kind),
    /// Nested attributes of a space chosen by the value of a sibling attribute
    /// (the YAML specs' `sub-message`, e.g. `IFLA_INFO_DATA` by `IFLA_INFO_KIND`).
    SubMessage {
        /// Type number of the sibling attribute whose value selects the format.
        selector: u16,
        /// The formats to choose from.
        table: &'static SubMessage,
    },
    /// A layout no table can express; decoded by hand-written code.
    Special(Special),
}

/// Hand-written decoders for layouts that tables cannot express.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Special {
    /// `RTA_MULTIPATH`: a sequence of `struct rtnexthop`, each followed by route attributes.
    RtaMultipath,
}

/// A choice of formats for a [`Kind::SubMessage`] attribute.
#[derive(Debug)]
pub struct SubMessage {
    /// The spec's name for the choice (`linkinfo-data-msg`, …).
    pub name: &'static str,
    /// One row per selector value.
    pub formats: &'static [SubFormat],
}

impl SubMessage {
    /// The format for a selector value (a string selector's text without its NUL,
    /// or a number selector in decimal).
    pub fn format(&self, selector: &[u8]) -> Option<&'static SubFormat> {
        self.formats.iter().find(|f| f.value.as_bytes() == selector)
    }
}

/// One format of a [`SubMessage`].
#[derive(Debug)]
pub struct SubFormat {
    /// The selector value that picks this format (`"vxlan"`, `"bridge"`, …).
    pub value: &'static str,
    /// A fixed struct at the start of the payload, if any.
    pub header: Option<&'static StructDef>,
    /// The attribute space of the payload (after `header`), if any.
    pub attrs: Option<&'static AttrSet>,
}

/// One attribute of an attribute space.
#[derive(Debug)]
pub struct AttrDef {
    /// The attribute's type number (without the NESTED/NET_BYTEORDER bits).
    pub code: u16,
    /// The kernel's constant name (`IFLA_MTU`).
    pub name: &'static str,
    /// What the payload holds.
    pub kind: Kind,
}

/// An attribute space: the attributes that may appear side by side in one message or nest.
#[derive(Debug)]
pub struct AttrSet {
    /// The spec's name for the space (`link-attrs`, …).
    pub name: &'static str,
    /// The rows, sorted by `code`, each code at most once.
    pub attrs: &'static [AttrDef],
}

impl AttrSet {
    /// The row for a type number, if the space has one.
    ///
    /// Rows are sorted and unique, so the row for `code` is at index `code - first`
    /// or, when codes below it are missing from the space, a little before: the
    /// guess is tried first, then a few steps back, then a binary search below the
    /// guess (a plain binary search cost ~35 instructions for every attribute past
    /// the first gap of a space).
    #[inline]
    pub fn lookup(&self, code: u16) -> Option<&'static AttrDef> {
        let attrs: &'static [AttrDef] = self.attrs;
        let first = attrs.first()?.code;
        let guess = usize::from(code.checked_sub(first)?);
        let mut i = guess.min(attrs.len() - 1);
        for _ in 0..4 {
            let def = attrs.get(i)?;
            if def.code == code {
                return Some(def);
            }
            if def.code < code {
                return None;
            }
            i = i.checked_sub(1)?;
        }
        let below = attrs.get(..=i)?;
        below
            .binary_search_by_key(&code, |d| d.code)
            .ok()
            .and_then(|j| below.get(j))
    }
}

/// A message type (netlink-raw families) or command (generic netlink).
#[derive(Debug)]
pub struct MsgDef {
    /// `nlmsg_type` (rtnetlink, netfilter's low byte, …) or `genlmsghdr.cmd`.
    pub value: u16,
    /// The kernel's constant name (`RTM_NEWLINK`, `CTRL_CMD_GETFAMILY`, …).
    pub name: &'static str,
    /// The fixed header after `nlmsghdr` (after `genlmsghdr` for generic netlink).
    pub header: Option<&'static StructDef>,
    /// The attributes after the fixed header.
    pub attrs: Option<&'static AttrSet>,
}

/// Look a message definition up in a table sorted by `value`.
pub fn find_msg(table: &'static [MsgDef], value: u16) -> Option<&'static MsgDef> {
    table
        .binary_search_by_key(&value, |m| m.value)
        .ok()
        .and_then(|i| table.get(i))
}

/// A generic-netlink family as its spec describes it.
#[derive(Debug)]
pub struct GenlFamilyDef {
    /// The family name the kernel registers (`nl80211`, `ethtool`, `wireguard`, …).
    pub name: &'static str,
    /// A family-specific fixed header after `genlmsghdr` (openvswitch's `ovs_header`).
    pub header: Option<&'static StructDef>,
    /// Commands, sorted by `value`.
    pub cmds: &'static [MsgDef],
    /// The attribute space used when a command is not known.
    pub default_attrs: Option<&'static AttrSet>,
    /// Names of the family's multicast groups.
    pub mcast_groups: &'static [&'static str],
}

/// A netlink-raw spec's message table (rtnetlink, netfilter, …), so that the
/// family layer can merge the specs of one protocol into one lookup by `nlmsg_type`.
#[derive(Debug)]
pub struct RawSpec {
    /// The spec's name (`rt-link`, `nftables`, …).
    pub name: &'static str,
    /// The netlink protocol (`NETLINK_ROUTE` = 0, `NETLINK_NETFILTER` = 12).
    pub protonum: u16,
    /// Message types, sorted by value. Netfilter values include the subsystem in the
    /// high byte (`NFT_MSG_NEWTABLE` is `0xa00`), as in `nlmsg_type`.
    pub msgs: &'static [MsgDef],
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(codes: &[u16]) -> AttrSet {
        let attrs: Vec<AttrDef> = codes
            .iter()
            .map(|&code| AttrDef {
                code,
                name: "X",
                kind: Kind::Flag,
            })
            .collect();
        AttrSet {
            name: "t",
            attrs: Vec::leak(attrs),
        }
    }

    #[test]
    fn lookup_agrees_with_a_linear_search() {
        // Dense, one gap, many gaps, gaps longer than the steps back, a big jump, a
        // space that does not start at 0 or 1, a single row.
        let spaces: [&[u16]; 7] = [
            &[1, 2, 3, 4, 5, 6],
            &[0, 1, 2, 4, 5, 6, 7],
            &[1, 3, 5, 7, 9, 11, 13, 15, 17, 19],
            &[
                1, 2, 10, 11, 12, 13, 14, 15, 30, 31, 32, 33, 34, 35, 36, 37, 38,
            ],
            &[1, 2, 3, 1000, 1001, 16383],
            &[5, 6, 9],
            &[7],
        ];
        for codes in spaces {
            let s = set(codes);
            for code in 0..=1100u16 {
                let want = s.attrs.iter().find(|d| d.code == code).map(|d| d.code);
                assert_eq!(s.lookup(code).map(|d| d.code), want, "{codes:?} {code}");
            }
            assert_eq!(s.lookup(u16::MAX).map(|d| d.code), None);
        }
        assert!(set(&[]).lookup(1).is_none());
    }
}
