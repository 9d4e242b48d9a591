//! A generator of logical netlink messages typed by nlscope's schema tables, shared by
//! the property tests (`tests/proptest_emit.rs`, through proptest byte strategies) and
//! the structure-aware fuzz target `roundtrip` (through `arbitrary`).
//!
//! Every choice is read from an [`arbitrary::Unstructured`]: the same bytes give the
//! same message, fewer bytes give a smaller one (an exhausted input reads as zeros and
//! empty lists), so proptest shrinks a failure by shrinking its byte vector.
//!
//! What it makes ([`nlscope::families::emit::model::OwnedMsg`]): a message of the chosen
//! family whose type, fixed header and attribute kinds follow the table the decoder
//! will pick for it (the generator asks the same lookup functions: `raw_message`,
//! `genl_cmd`, `sub_format_fallback`), with unknown attributes, wrong-sized payloads
//! (`Invalid`), `NLA_F_NET_BYTEORDER` integers, struct tails, indexed arrays,
//! sub-messages with their selector attribute, multipath hops, and `NLMSG_ERROR` /
//! `NLMSG_DONE` with echoed requests and extended ACK mixed in.
#![allow(dead_code, clippy::unwrap_used, clippy::indexing_slicing)]

use arbitrary::{Result, Unstructured};
use nlscope::families;
use nlscope::families::emit::model::{
    OwnedAttr, OwnedBody, OwnedEcho, OwnedField, OwnedGenl, OwnedHop, OwnedMsg, OwnedStruct,
    OwnedValue,
};
use nlscope::families::schema::{
    gen, AttrSet, ByteOrder, FieldKind, GenlFamilyDef, Hint, Kind, MsgDef, Special, StructDef,
    SubFormat, SubMessage,
};
use nlscope::wire::nlmsg::{flags, types, Header};
use nlscope::wire::protocol::*;

/// Which messages to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    /// rtnetlink `RTM_*LINK` (16..=19).
    Link,
    /// rtnetlink `RTM_*ADDR` (20..=23).
    Addr,
    /// rtnetlink `RTM_*ROUTE` (24..=27).
    Route,
    /// rtnetlink `RTM_*NEIGH` (28..=31).
    Neigh,
    /// Any rtnetlink type in the tables.
    Rtnl,
    /// Generic netlink, any family with a table.
    Genl,
    /// `NETLINK_SOCK_DIAG`.
    SockDiag,
    /// `NETLINK_NETFILTER` (nftables, conntrack, the hand tables).
    Netfilter,
    /// `NETLINK_XFRM`.
    Xfrm,
    /// `NLMSG_ERROR` / `NLMSG_DONE` / `NLMSG_NOOP` of any of the above protocols.
    Control,
    /// Any of the above.
    Any,
}

/// All picks but `Any`.
pub const PICKS: [Pick; 10] = [
    Pick::Link,
    Pick::Addr,
    Pick::Route,
    Pick::Neigh,
    Pick::Rtnl,
    Pick::Genl,
    Pick::SockDiag,
    Pick::Netfilter,
    Pick::Xfrm,
    Pick::Control,
];

/// A generated message and what decoding it needs.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The netlink protocol.
    pub protocol: u16,
    /// The message.
    pub msg: OwnedMsg,
    /// A generic-netlink family id the decoder must be told (`Context::pin_genl`).
    pub genl: Option<(u16, &'static str)>,
}

impl Generated {
    /// A context that knows what this message needs.
    pub fn context(&self) -> nlscope::families::decode::Context {
        let mut ctx = nlscope::families::decode::Context::new();
        if let Some((id, name)) = self.genl {
            ctx.pin_genl(id, name);
        }
        ctx
    }
}

/// Deepest nesting generated (the decoder follows 16).
const MAX_DEPTH: usize = 4;

/// Make one message of kind `pick` from `u`.
pub fn message(u: &mut Unstructured<'_>, pick: Pick) -> Result<Generated> {
    let pick = if pick == Pick::Any {
        *u.choose(&PICKS)?
    } else {
        pick
    };
    if pick == Pick::Control {
        let inner = *u.choose(&PICKS[..9])?;
        let protocol = protocol_of(inner);
        let mut genl = None;
        let msg = control(u, inner, &mut genl)?;
        return Ok(Generated {
            protocol,
            msg,
            genl,
        });
    }
    let mut genl = None;
    let msg = family_message(u, pick, &mut genl)?;
    Ok(Generated {
        protocol: protocol_of(pick),
        msg,
        genl,
    })
}

fn protocol_of(pick: Pick) -> u16 {
    match pick {
        Pick::Genl => NETLINK_GENERIC,
        Pick::SockDiag => NETLINK_SOCK_DIAG,
        Pick::Netfilter => NETLINK_NETFILTER,
        Pick::Xfrm => NETLINK_XFRM,
        _ => NETLINK_ROUTE,
    }
}

fn control(
    u: &mut Unstructured<'_>,
    inner: Pick,
    genl: &mut Option<(u16, &'static str)>,
) -> Result<OwnedMsg> {
    let seq = u.arbitrary()?;
    let pid = u.arbitrary()?;
    let error = if u.ratio(1, 3)? {
        0
    } else {
        -u.int_in_range(1..=133)?
    };
    let extack = if u.ratio(1, 2)? {
        Some(attrs(u, Some(&families::extack::EXTACK_ATTRS), 0)?)
    } else {
        None
    };
    let tlv_flag = if extack.is_some() {
        flags::NLM_F_ACK_TLVS
    } else {
        0
    };
    let other = u.arbitrary::<u16>()? & 0xf0f0 & !flags::NLM_F_ACK_TLVS & !flags::NLM_F_CAPPED;
    match u.int_in_range(0..=3)? {
        0 => {
            let capped = u.ratio(1, 2)?;
            let request = match u.int_in_range(0..=4)? {
                0 => None,
                _ if capped => Some(OwnedEcho::Header(Header {
                    len: u.int_in_range(16..=4096)?,
                    ty: u.arbitrary()?,
                    flags: u.arbitrary()?,
                    seq: u.arbitrary()?,
                    pid: u.arbitrary()?,
                })),
                _ => Some(OwnedEcho::Message(Box::new(family_message(
                    u, inner, genl,
                )?))),
            };
            // With no echo there is nothing for extended ACK to follow.
            let (extack, tlv_flag) = if request.is_some() {
                (extack, tlv_flag)
            } else {
                (None, 0)
            };
            Ok(OwnedMsg {
                ty: types::NLMSG_ERROR,
                flags: other | tlv_flag | if capped { flags::NLM_F_CAPPED } else { 0 },
                seq,
                pid,
                body: OwnedBody::Error {
                    error,
                    request,
                    extack,
                },
            })
        }
        1 => {
            let extra = if extack.is_none() {
                bytes(u, 0, 12)?
            } else {
                Vec::new()
            };
            Ok(OwnedMsg {
                ty: types::NLMSG_DONE,
                flags: other | flags::NLM_F_MULTI | tlv_flag,
                seq,
                pid,
                body: OwnedBody::Done {
                    error,
                    extack,
                    extra,
                },
            })
        }
        n => Ok(OwnedMsg {
            ty: if n == 2 {
                types::NLMSG_NOOP
            } else {
                types::NLMSG_OVERRUN
            },
            flags: u.arbitrary()?,
            seq,
            pid,
            body: OwnedBody::Raw(bytes(u, 0, 16)?),
        }),
    }
}

/// The message types of a protocol in the tables, generated and hand-written.
fn types_of(protocol: u16) -> Vec<u16> {
    let mut v: Vec<u16> = gen::RAW_SPECS
        .iter()
        .filter(|s| s.protonum == protocol)
        .flat_map(|s| s.msgs.iter().map(|m| m.value))
        .collect();
    for (p, table) in families::hand::message_tables() {
        if p == protocol {
            v.extend(table.iter().map(|m| m.value));
        }
    }
    v.sort_unstable();
    v.dedup();
    v
}

/// Address families worth trying in a fixed header's first byte.
const AF: [u8; 10] = [0, 1, 2, 7, 10, 16, 17, 40, 43, 44];

fn family_message(
    u: &mut Unstructured<'_>,
    pick: Pick,
    genl: &mut Option<(u16, &'static str)>,
) -> Result<OwnedMsg> {
    let seq = u.arbitrary()?;
    let pid = u.arbitrary()?;
    let request = u.ratio(1, 2)?;
    let mut fl = u.arbitrary::<u16>()? & !flags::NLM_F_REQUEST;
    if request {
        fl |= flags::NLM_F_REQUEST;
    }
    if pick == Pick::Genl {
        return genl_message(u, fl, seq, pid, genl);
    }
    // The definition can depend on the first payload byte (sock_diag's family,
    // rtnetlink's AF_BRIDGE/AF_INET6 link messages): a message whose bytes would make
    // the decoder pick another table than the one it was generated from is made again.
    for _ in 0..4 {
        let m = raw_family_message(u, pick, fl, seq, pid)?;
        if same_def(protocol_of(pick), &m.0, m.1) {
            return Ok(m.0);
        }
    }
    Ok(OwnedMsg {
        ty: u.int_in_range(16..=u16::MAX)?,
        flags: fl,
        seq,
        pid,
        body: OwnedBody::Family {
            genl: None,
            header: None,
            attrs: Vec::new(),
        },
    })
}

/// The decoder picks `def` for the bytes of `m`, in both byte orders.
fn same_def(protocol: u16, m: &OwnedMsg, def: Option<&'static MsgDef>) -> bool {
    [
        nlscope::wire::endian::Endian::Little,
        nlscope::wire::endian::Endian::Big,
    ]
    .into_iter()
    .all(|e| {
        let Ok(b) = m.to_vec(e) else { return false };
        let Ok(h) = Header::parse(&b, e) else {
            return false;
        };
        let got = families::raw_message(protocol, &h, &b[16..]);
        match (got, def) {
            (Some(a), Some(b)) => std::ptr::eq(a, b),
            (None, None) => true,
            _ => false,
        }
    })
}

fn raw_family_message(
    u: &mut Unstructured<'_>,
    pick: Pick,
    fl: u16,
    seq: u32,
    pid: u32,
) -> Result<(OwnedMsg, Option<&'static MsgDef>)> {
    let protocol = protocol_of(pick);
    let range = match pick {
        Pick::Link => 16..=19,
        Pick::Addr => 20..=23,
        Pick::Route => 24..=27,
        Pick::Neigh => 28..=31,
        _ => 0..=u16::MAX,
    };
    let candidates: Vec<u16> = types_of(protocol)
        .into_iter()
        .filter(|t| range.contains(t))
        .collect();
    let ty = if candidates.is_empty() || u.ratio(1, 16)? {
        // A type no table knows: attributes untyped.
        u.int_in_range(16..=u16::MAX)?
    } else {
        *u.choose(&candidates)?
    };
    let af = if u.ratio(1, 8)? {
        u.arbitrary()?
    } else {
        *u.choose(&AF)?
    };
    let header = Header {
        len: 0,
        ty,
        flags: fl,
        seq,
        pid,
    };
    let def = families::raw_message(protocol, &header, &[af]);
    let fixed = match def.and_then(|d| d.header) {
        Some(h) => {
            let mut st = strukt(u, h, false, false)?;
            force_first_byte(&mut st, af);
            Some(st)
        }
        None => None,
    };
    let attrs = attrs(u, def.and_then(|d| d.attrs), 0)?;
    Ok((
        OwnedMsg {
            ty,
            flags: fl,
            seq,
            pid,
            body: OwnedBody::Family {
                genl: None,
                header: fixed,
                attrs,
            },
        },
        def,
    ))
}

/// The first byte of a fixed header chose the definition (`sdiag_family`,
/// `ifi_family`): keep it.
fn force_first_byte(st: &mut OwnedStruct, af: u8) {
    if let (Some(f), Some(v)) = (st.def.fields.first(), st.fields.first_mut()) {
        if f.offset == 0 {
            match v {
                OwnedField::Int { bits, size, .. } if *size == 1 => *bits = u64::from(af),
                OwnedField::Bytes(b) if !b.is_empty() => b[0] = af,
                _ => {}
            }
        }
    }
}

fn genl_families() -> Vec<&'static GenlFamilyDef> {
    let mut v: Vec<&'static GenlFamilyDef> = gen::GENL_FAMILIES.to_vec();
    v.extend(families::hand::genl_families().iter().copied());
    v
}

fn genl_message(
    u: &mut Unstructured<'_>,
    fl: u16,
    seq: u32,
    pid: u32,
    pinned: &mut Option<(u16, &'static str)>,
) -> Result<OwnedMsg> {
    // An echoed request reuses the family of the message it is inside (one pin).
    let (id, fam) = match *pinned {
        Some((id, name)) => (id, families::genl_family_by_name(name.as_bytes())),
        None => {
            let all = genl_families();
            let i = u.choose_index(all.len())?;
            let name = all[i].name;
            let id = if name == "nlctrl" {
                16
            } else {
                0x20 + i as u16
            };
            *pinned = Some((id, name));
            (id, families::genl_family_by_name(name.as_bytes()))
        }
    };
    let request = fl & flags::NLM_F_REQUEST != 0;
    let cmd: u8 = match fam {
        Some(f) if !f.cmds.is_empty() && !u.ratio(1, 16)? => {
            let values: Vec<u16> = f.cmds.iter().map(|m| m.value).collect();
            *u.choose(&values)? as u8
        }
        _ => u.arbitrary()?,
    };
    let def: Option<&'static MsgDef> = fam.and_then(|f| families::genl_cmd(f, cmd, request));
    let fixed = def
        .and_then(|d| d.header)
        .or_else(|| fam.and_then(|f| f.header));
    let set = def
        .and_then(|d| d.attrs)
        .or_else(|| fam.and_then(|f| f.default_attrs));
    let header = match fixed {
        Some(h) => Some(strukt(u, h, false, false)?),
        None => None,
    };
    Ok(OwnedMsg {
        ty: id,
        flags: fl,
        seq,
        pid,
        body: OwnedBody::Family {
            genl: Some(OwnedGenl {
                cmd,
                version: u.arbitrary()?,
                reserved: u.arbitrary()?,
            }),
            header,
            attrs: attrs(u, set, 0)?,
        },
    })
}

fn bytes(u: &mut Unstructured<'_>, min: usize, max: usize) -> Result<Vec<u8>> {
    let n = u.int_in_range(min..=max)?;
    (0..n).map(|_| u.arbitrary::<u8>()).collect()
}

fn mask(bits: u64, size: u8) -> u64 {
    match size {
        1 => bits & 0xff,
        2 => bits & 0xffff,
        4 => bits & 0xffff_ffff,
        _ => bits,
    }
}

/// A whole struct of layout `def`; a flexible array member gets bytes only when
/// `rest` (an attribute value: nothing follows it), and a tail past the layout only
/// when `tail`.
fn strukt(
    u: &mut Unstructured<'_>,
    def: &'static StructDef,
    rest: bool,
    tail: bool,
) -> Result<OwnedStruct> {
    let mut fields = Vec::with_capacity(def.fields.len());
    let mut has_rest = false;
    for f in def.fields {
        fields.push(match f.kind {
            FieldKind::Scalar(_, bo, _) => {
                let size = f.kind.size() as u8;
                OwnedField::Int {
                    bits: mask(u.arbitrary()?, size),
                    size,
                    network: bo == ByteOrder::Big,
                }
            }
            FieldKind::Bytes(n, _) => {
                OwnedField::Bytes((0..n).map(|_| u.arbitrary::<u8>()).collect::<Result<_>>()?)
            }
            // An embedded struct: a whole one of its own (no tail, no flexible array).
            FieldKind::Struct(d) => OwnedField::Struct(strukt(u, d, false, false)?),
            FieldKind::Pad(n) => OwnedField::Bytes(vec![0; n]),
            FieldKind::Rest(_) => {
                has_rest = true;
                OwnedField::Bytes(if rest { bytes(u, 0, 12)? } else { Vec::new() })
            }
        });
    }
    let tail = if tail && !has_rest && u.ratio(1, 6)? {
        bytes(u, 1, 8)?
    } else {
        Vec::new()
    };
    Ok(OwnedStruct { def, fields, tail })
}

const NLA_F_NESTED: u16 = 0x8000;
const NLA_F_NET_BYTEORDER: u16 = 0x4000;

/// Attributes of set `set` (None: unknown ones only) at nesting depth `depth`.
fn attrs(
    u: &mut Unstructured<'_>,
    set: Option<&'static AttrSet>,
    depth: usize,
) -> Result<Vec<OwnedAttr>> {
    let max = [6, 4, 3, 2, 1].get(depth).copied().unwrap_or(0);
    let n = u.int_in_range(0..=max)?;
    let mut out: Vec<(Option<&'static Kind>, OwnedAttr)> = Vec::with_capacity(n);
    for _ in 0..n {
        let known = match set {
            Some(s) if !s.attrs.is_empty() && !u.ratio(1, 10)? => Some(u.choose(s.attrs)?),
            _ => None,
        };
        match known {
            Some(def) => {
                let (flag, value) = value(u, &def.kind, depth)?;
                out.push((
                    Some(&def.kind),
                    OwnedAttr {
                        ty: def.code | flag,
                        value,
                    },
                ));
            }
            None => {
                let code = u.arbitrary::<u16>()? & 0x3fff;
                if set.is_some_and(|s| s.lookup(code).is_some()) {
                    continue;
                }
                let flag = if u.ratio(1, 4)? { NLA_F_NESTED } else { 0 };
                out.push((
                    None,
                    OwnedAttr {
                        ty: code | flag,
                        value: OwnedValue::Unknown(bytes(u, 0, 12)?),
                    },
                ));
            }
        }
    }
    if let Some(set) = set {
        sub_messages(u, set, &mut out, depth)?;
    }
    Ok(out.into_iter().map(|(_, a)| a).collect())
}

/// Give every sub-message attribute its selector sibling and a value of the format
/// the decoder will choose by it.
fn sub_messages(
    u: &mut Unstructured<'_>,
    set: &'static AttrSet,
    out: &mut Vec<(Option<&'static Kind>, OwnedAttr)>,
    depth: usize,
) -> Result<()> {
    let mut i = 0;
    while i < out.len() {
        let Some(Kind::SubMessage { selector, table }) = out[i].0 else {
            i += 1;
            continue;
        };
        let (selector, table) = (*selector, *table);
        // Every other attribute with the selector's type goes; one comes first.
        let sel_kind = set.lookup(selector).map(|d| &d.kind);
        let formats = formats_of(table);
        let chosen: Option<(OwnedValue, Vec<u8>)> = if formats.is_empty() {
            None
        } else {
            let f = *u.choose(&formats)?;
            match sel_kind {
                Some(Kind::Scalar(s, bo, _)) => f.value.parse::<u64>().ok().map(|n| {
                    let size = s.size().unwrap_or(4) as u8;
                    (
                        OwnedValue::Int {
                            bits: mask(n, size),
                            size,
                            network: *bo == ByteOrder::Big,
                        },
                        mask(n, size).to_string().into_bytes(),
                    )
                }),
                Some(Kind::String) => Some((
                    OwnedValue::String {
                        text: f.value.as_bytes().to_vec(),
                        tail: vec![0],
                    },
                    f.value.as_bytes().to_vec(),
                )),
                // A selector the set does not know is decoded as unknown bytes.
                None => Some((
                    OwnedValue::Unknown([f.value.as_bytes(), &[0]].concat()),
                    f.value.as_bytes().to_vec(),
                )),
                Some(_) => None,
            }
        };
        out.retain(|(_, a)| a.ty & 0x3fff != selector);
        let text = match chosen {
            Some((v, text)) => {
                out.insert(
                    0,
                    (
                        None,
                        OwnedAttr {
                            ty: selector,
                            value: v,
                        },
                    ),
                );
                Some(text)
            }
            None => None,
        };
        // Every sub-message attribute of this selector, as the decoder will read it.
        for slot in out.iter_mut() {
            let Some(Kind::SubMessage {
                selector: s2,
                table: t2,
            }) = slot.0
            else {
                continue;
            };
            if *s2 != selector {
                continue;
            }
            let format = text.as_deref().and_then(|t| {
                t2.format(t)
                    .or_else(|| families::sub_format_fallback(t2, t))
            });
            let value = match format {
                Some(f) => sub_format(u, f, depth)?,
                None => OwnedValue::Unknown(bytes(u, 0, 12)?),
            };
            slot.0 = None; // done
            slot.1.value = value;
        }
        i = 0;
    }
    Ok(())
}

fn formats_of(table: &'static SubMessage) -> Vec<&'static SubFormat> {
    let mut v: Vec<&'static SubFormat> = table.formats.iter().collect();
    v.extend(families::hand::sub_formats().filter(|f| {
        families::sub_format_fallback(table, f.value.as_bytes())
            .is_some_and(|g| std::ptr::eq(*f, g))
    }));
    v
}

fn sub_format(u: &mut Unstructured<'_>, f: &'static SubFormat, depth: usize) -> Result<OwnedValue> {
    let header = match f.header {
        Some(h) => Some(strukt(u, h, false, false)?),
        None => None,
    };
    let attrs = if depth < MAX_DEPTH {
        attrs(u, f.attrs, depth + 1)?
    } else {
        Vec::new()
    };
    Ok(OwnedValue::SubMessage { header, attrs })
}

fn wrong_size(u: &mut Unstructured<'_>, ok: &[usize]) -> Result<Vec<u8>> {
    let mut n = u.int_in_range(0..=9)?;
    while ok.contains(&n) {
        n += 1;
    }
    (0..n).map(|_| u.arbitrary::<u8>()).collect()
}

/// A value of kind `kind` and the flag bits its attribute type gets.
fn value(u: &mut Unstructured<'_>, kind: &'static Kind, depth: usize) -> Result<(u16, OwnedValue)> {
    let invalid = u.ratio(1, 12)?;
    Ok(match kind {
        Kind::Scalar(s, bo, _) => {
            let ok: &[usize] = match s.size() {
                Some(1) => &[1],
                Some(2) => &[2],
                Some(4) => &[4],
                Some(_) => &[8],
                None => &[4, 8],
            };
            if invalid {
                (0, OwnedValue::Invalid(wrong_size(u, ok)?))
            } else {
                let size = *u.choose(ok)? as u8;
                let net = *bo == ByteOrder::Host && u.ratio(1, 8)?;
                let flag = if net { NLA_F_NET_BYTEORDER } else { 0 };
                (
                    flag,
                    OwnedValue::Int {
                        bits: mask(u.arbitrary()?, size),
                        size,
                        network: net || *bo == ByteOrder::Big,
                    },
                )
            }
        }
        Kind::String => {
            let text: Vec<u8> = bytes(u, 0, 16)?.into_iter().filter(|b| *b != 0).collect();
            let tail = if u.ratio(1, 8)? { Vec::new() } else { vec![0] };
            (0, OwnedValue::String { text, tail })
        }
        Kind::Binary(h) => {
            let n = match h {
                Hint::Mac => 6,
                Hint::Ipv4 => 4,
                Hint::Ipv6 | Hint::Uuid => 16,
                Hint::Ip => *u.choose(&[4, 16])?,
                _ => u.int_in_range(0..=16)?,
            };
            (
                0,
                OwnedValue::Bytes((0..n).map(|_| u.arbitrary::<u8>()).collect::<Result<_>>()?),
            )
        }
        Kind::Flag => {
            if invalid {
                (0, OwnedValue::Invalid(bytes(u, 1, 4)?))
            } else {
                (0, OwnedValue::Flag)
            }
        }
        Kind::Bitfield32(_) => {
            if invalid {
                (0, OwnedValue::Invalid(wrong_size(u, &[8])?))
            } else {
                (
                    0,
                    OwnedValue::Bitfield32 {
                        value: u.arbitrary()?,
                        selector: u.arbitrary()?,
                    },
                )
            }
        }
        Kind::Struct(def) => (0, OwnedValue::Struct(strukt(u, def, true, true)?)),
        Kind::StructArray(def) => {
            let n = if def.size == 0 {
                0
            } else {
                u.int_in_range(0..=3)?
            };
            let items = (0..n)
                .map(|_| strukt(u, def, false, false))
                .collect::<Result<Vec<_>>>()?;
            let rest = if def.size > 1 && u.ratio(1, 8)? {
                bytes(u, 1, def.size - 1)?
            } else {
                Vec::new()
            };
            let rest = if def.size == 0 { Vec::new() } else { rest };
            (0, OwnedValue::StructArray(items, rest))
        }
        Kind::Packed(s, bo, _) => {
            let size = s.size().unwrap_or(4);
            let n = u.int_in_range(0..=6)?;
            let elems = (0..n)
                .map(|_| Ok(mask(u.arbitrary()?, size as u8)))
                .collect::<Result<Vec<_>>>()?;
            let rest = if size > 1 && u.ratio(1, 8)? {
                bytes(u, 1, size - 1)?
            } else {
                Vec::new()
            };
            let net = *bo == ByteOrder::Host && u.ratio(1, 8)?;
            let flag = if net { NLA_F_NET_BYTEORDER } else { 0 };
            (
                flag,
                OwnedValue::Packed {
                    elems,
                    size: size as u8,
                    network: net || *bo == ByteOrder::Big,
                    rest,
                },
            )
        }
        Kind::Nest(set) => {
            let flag = if u.ratio(1, 2)? { NLA_F_NESTED } else { 0 };
            let kids = if depth < MAX_DEPTH {
                attrs(u, Some(set), depth + 1)?
            } else {
                Vec::new()
            };
            (flag, OwnedValue::Nest(kids))
        }
        Kind::Headed(format) => (0, sub_format(u, format, depth)?),
        Kind::Array(elem) => {
            let n = if depth < MAX_DEPTH && !matches!(elem, Kind::SubMessage { .. }) {
                u.int_in_range(0..=3)?
            } else {
                0
            };
            let mut kids = Vec::with_capacity(n);
            for i in 0..n {
                let (flag, v) = value(u, elem, depth + 1)?;
                kids.push(OwnedAttr {
                    ty: (i as u16 + 1) | flag,
                    value: v,
                });
            }
            (NLA_F_NESTED, OwnedValue::Nest(kids))
        }
        // Filled in by `sub_messages` once the selector is chosen.
        Kind::SubMessage { .. } => (0, OwnedValue::Unknown(Vec::new())),
        Kind::Special(Special::RtaMultipath) => {
            let n = if depth < MAX_DEPTH {
                u.int_in_range(0..=2)?
            } else {
                0
            };
            let mut hops = Vec::with_capacity(n);
            for _ in 0..n {
                hops.push(OwnedHop {
                    flags: u.arbitrary()?,
                    hops: u.arbitrary()?,
                    ifindex: u.arbitrary()?,
                    attrs: attrs(u, families::route::multipath_attrs(), depth + 1)?,
                });
            }
            (0, OwnedValue::Multipath(hops))
        }
        #[allow(unreachable_patterns)]
        _ => (0, OwnedValue::Unknown(bytes(u, 0, 8)?)),
    })
}

/// Make a message from `data` (proptest's byte vectors and the fuzzer's input).
pub fn from_bytes(data: &[u8], pick: Pick) -> Option<Generated> {
    message(&mut Unstructured::new(data), pick).ok()
}

/// An attribute tree of set `set` (proptest's attribute-tree strategies).
pub fn attr_tree(data: &[u8], set: &'static AttrSet) -> Vec<OwnedAttr> {
    attrs(&mut Unstructured::new(data), Some(set), 0).unwrap_or_default()
}
