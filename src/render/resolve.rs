//! Resolving an extended-ACK offset (`NLMSGERR_ATTR_OFFS`, `NLMSGERR_ATTR_MISS_NEST`)
//! to the part of the echoed request it points at.
//!
//! The kernel reports the offending attribute as a byte offset from the start of the
//! original `nlmsghdr` (`netlink_ack()` in net/netlink/af_netlink.c). The echoed
//! request, decoded with [`decode_message`](crate::families::decode::decode_message) on
//! [`ErrorMsg::request`](crate::families::decode::ErrorMsg), reports its attribute offsets from
//! that same origin, so the offset is found by walking the request's attribute tree:
//! `IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_VLAN_ID at +52`. Where the tables do not
//! know that an attribute is a nest, its payload is tried as one (it must frame
//! exactly), so the path still goes down, with type numbers for names.
//!
//! No allocation: the path is a fixed array as deep as the decoder follows nests.

use crate::families::decode::{value::MAX_DEPTH, AttrsView, Body, Decoded, Value};
use crate::families::schema::{FieldKind, StructDef, MAX_EMBED_DEPTH};
use crate::wire::attr::Attrs;
use crate::wire::nlmsg::NLMSG_HDRLEN;
use std::io::{self, Write};

/// One step of an attribute path.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Step {
    /// The attribute's name, when its table knows it.
    pub name: Option<&'static str>,
    /// Its type number (for a multipath hop: the hop's index).
    pub ty: u16,
    /// Offset of its header from the start of the echoed message.
    pub offset: usize,
    /// The step is a `struct rtnexthop` of `RTA_MULTIPATH`, not an attribute.
    pub hop: bool,
}

const MAX_STEPS: usize = MAX_DEPTH as usize + 8;

/// The attributes from the message's top level down to the one an offset points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttrPath {
    steps: [Step; MAX_STEPS],
    len: usize,
}

impl AttrPath {
    fn new() -> Self {
        AttrPath {
            steps: [Step::default(); MAX_STEPS],
            len: 0,
        }
    }

    fn push(&mut self, s: Step) -> bool {
        match self.steps.get_mut(self.len) {
            Some(slot) => {
                *slot = s;
                self.len += 1;
                true
            }
            None => false,
        }
    }

    /// The steps, outermost first.
    pub fn steps(&self) -> &[Step] {
        self.steps.get(..self.len).unwrap_or(&[])
    }

    /// The innermost step.
    pub fn last(&self) -> Option<&Step> {
        self.steps().last()
    }
}

/// What an offset into a request points at.
// The path is inline on purpose: resolving allocates nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A field of the request's `nlmsghdr`.
    NlmsgHdr(&'static str),
    /// The `genlmsghdr`.
    GenlHdr,
    /// The fixed header (`ifinfomsg`, …): its name and the member, if one starts or
    /// lies there.
    Fixed {
        /// The struct's name.
        name: &'static str,
        /// The member, down through embedded structs to the innermost one there.
        field: Option<MemberPath>,
    },
    /// An attribute.
    Attr {
        /// The path down to it.
        path: AttrPath,
        /// The offset is the attribute's header (what the kernel reports); `false`
        /// when it lies inside the innermost attribute's payload.
        exact: bool,
    },
    /// No attribute there: beyond what was echoed (a capped echo has only the
    /// header), or in bytes that do not frame as attributes.
    Outside,
}

/// A member of a fixed header by its names, down through the embedded structs
/// ([`FieldKind::Struct`]) it lies in: `sel`, `daddr` (shown `sel.daddr`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemberPath {
    names: [&'static str; MAX_EMBED_DEPTH + 1],
    len: usize,
}

impl MemberPath {
    /// The member of `def` that byte `rel` (from the struct's start) lies in, inside
    /// embedded structs the innermost one (None: no member covers it).
    pub fn at(def: &'static StructDef, rel: usize) -> Option<MemberPath> {
        let mut p = MemberPath {
            names: [""; MAX_EMBED_DEPTH + 1],
            len: 0,
        };
        let (mut def, mut rel) = (def, rel);
        loop {
            let Some(fd) = def
                .fields
                .iter()
                .find(|fd| (fd.offset..fd.offset + fd.kind.size()).contains(&rel))
            else {
                // A gap inside an embedded struct: the embedding member.
                return (p.len > 0).then_some(p);
            };
            let slot = p.names.get_mut(p.len)?;
            *slot = fd.name;
            p.len += 1;
            match fd.kind {
                FieldKind::Struct(inner) if p.len <= MAX_EMBED_DEPTH => {
                    def = inner;
                    rel -= fd.offset;
                }
                _ => return Some(p),
            }
        }
    }

    /// The names, outermost first.
    pub fn names(&self) -> &[&'static str] {
        self.names.get(..self.len).unwrap_or_default()
    }

    /// Write the names joined by `.`.
    pub fn write<W: Write + ?Sized>(&self, w: &mut W) -> io::Result<()> {
        for (i, n) in self.names().iter().enumerate() {
            if i > 0 {
                w.write_all(b".")?;
            }
            w.write_all(n.as_bytes())?;
        }
        Ok(())
    }
}

/// Find what offset `offs` (from the start of the request's `nlmsghdr`) points at in
/// the decoded request `req`.
pub fn resolve_offset(req: &Decoded<'_>, offs: usize) -> Target {
    if offs < NLMSG_HDRLEN {
        return Target::NlmsgHdr(match offs {
            0..=3 => "nlmsg_len",
            4..=5 => "nlmsg_type",
            6..=7 => "nlmsg_flags",
            8..=11 => "nlmsg_seq",
            _ => "nlmsg_pid",
        });
    }
    let Body::Family(f) = &req.body else {
        return Target::Outside;
    };
    if f.genl.is_some() && offs < NLMSG_HDRLEN + 4 {
        return Target::GenlHdr;
    }
    if let Some(h) = &f.header {
        let end = h.offset + h.bytes.len();
        if (h.offset..end).contains(&offs) {
            let field = MemberPath::at(h.def, offs - h.offset);
            return Target::Fixed {
                name: h.def.name,
                field,
            };
        }
    }
    let mut path = AttrPath::new();
    if let Some(exact) = walk(f.attrs.clone(), offs, &mut path) {
        return Target::Attr { path, exact };
    }
    if let Some((_, view)) = guess_attrs(req) {
        let mut path = AttrPath::new();
        if let Some(exact) = walk(view, offs, &mut path) {
            return Target::Attr { path, exact };
        }
    }
    Target::Outside
}

/// For a message whose type no table knows (so neither is the size of its fixed
/// header) and whose bytes after the headers do not frame as attributes: the first
/// 4-byte step (up to 64 bytes) after which the rest frames exactly as attributes
/// none of which has type 0.
/// Returns the guessed fixed-header length and an untyped view of the attributes
/// (empty when the whole rest is header). `None` when no guess is needed or none
/// fits.
pub fn guess_attrs<'a>(d: &Decoded<'a>) -> Option<(usize, AttrsView<'a>)> {
    let Body::Family(f) = &d.body else {
        return None;
    };
    if f.def.is_some() || f.header.is_some() || f.attrs.clone().all(|r| r.is_ok()) {
        return None;
    }
    let start = NLMSG_HDRLEN + if f.genl.is_some() { 4 } else { 0 };
    let e = d.msg.endian;
    let end = d.msg.bytes.len();
    for at in (start + 4..=start + 64).step_by(4) {
        // A payload that ends before the next step (not a multiple of 4 bytes) is
        // all header: the guess never claims bytes the message does not have.
        let at = at.min(end);
        let b = d.msg.bytes.get(at..).unwrap_or(&[]);
        // Type 0 is never sent (the kernel ignores it): a walk that finds one is
        // reading header bytes as attributes.
        if b.is_empty() || Attrs::new(b, at, e).all(|r| r.is_ok_and(|a| a.ty != 0)) {
            let view = AttrsView::new(Attrs::new(b, at, e), None, 0);
            return Some((at - start, view));
        }
    }
    None
}

/// `Some(exact)` when `offs` lies in one of the attributes of `view`.
fn walk(view: AttrsView<'_>, offs: usize, path: &mut AttrPath) -> Option<bool> {
    let endian = view.raw().endian();
    for item in view {
        let a = item.ok()?;
        let start = a.attr.offset;
        let end = a.attr.value_offset() + a.attr.value.len();
        if !(start..end).contains(&offs) {
            continue;
        }
        if !path.push(Step {
            name: a.name,
            ty: a.attr.ty,
            offset: start,
            hop: false,
        }) {
            return Some(offs == start);
        }
        if offs == start {
            return Some(true);
        }
        let inner = match a.value {
            Value::Nest(v) => walk(v, offs, path),
            Value::SubMessage { attrs, .. } => walk(attrs, offs, path),
            Value::Multipath(m) => m.hops().map_while(Result::ok).find_map(|hop| {
                let hop_end = hop.attrs.raw().base() + hop.attrs.raw().buffer().len();
                if !(hop.offset..hop_end).contains(&offs) {
                    return None;
                }
                let index = (hop.offset - a.attr.value_offset()) as u16;
                path.push(Step {
                    name: Some("rtnexthop"),
                    ty: index,
                    offset: hop.offset,
                    hop: true,
                });
                Some(walk(hop.attrs, offs, path).unwrap_or(offs == hop.offset))
            }),
            Value::Unknown(b) | Value::Bytes(b) | Value::Invalid { raw: b, .. } => {
                guess_nest(b, a.attr.value_offset(), endian, offs, path)
            }
            _ => None,
        };
        return Some(inner.unwrap_or(false));
    }
    None
}

/// Treat `b` as nested attributes if it frames exactly as such, and walk it.
fn guess_nest(
    b: &[u8],
    base: usize,
    endian: crate::wire::endian::Endian,
    offs: usize,
    path: &mut AttrPath,
) -> Option<bool> {
    if b.len() < 4 || path.len >= usize::from(MAX_DEPTH) {
        return None;
    }
    if Attrs::new(b, base, endian).any(|r| r.is_err()) {
        return None;
    }
    walk(
        AttrsView::new(Attrs::new(b, base, endian), None, 0),
        offs,
        path,
    )
}

/// Write a target the way the text renderer shows it:
/// `IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_VLAN_ID at +52`.
pub fn write_target<W: Write + ?Sized>(w: &mut W, t: &Target, offs: usize) -> io::Result<()> {
    match t {
        Target::NlmsgHdr(f) => write!(w, "nlmsghdr.{f}")?,
        Target::GenlHdr => w.write_all(b"genlmsghdr")?,
        Target::Fixed { name, field } => {
            w.write_all(name.as_bytes())?;
            if let Some(f) = field {
                w.write_all(b".")?;
                f.write(w)?;
            }
        }
        Target::Attr { path, exact } => {
            for (i, s) in path.steps().iter().enumerate() {
                if i > 0 {
                    w.write_all(b" > ")?;
                }
                write_step(w, s)?;
            }
            if !exact {
                if let Some(s) = path.last() {
                    write!(w, " (+{} into it)", offs.saturating_sub(s.offset))?;
                }
            }
        }
        Target::Outside => w.write_all(b"no attribute")?,
    }
    w.write_all(b" at +")?;
    super::write_u64(w, offs as u64)
}

/// Write one path step: the name, `UNKNOWN(71)` without one, `rtnexthop[i]` for a hop.
pub fn write_step<W: Write + ?Sized>(w: &mut W, s: &Step) -> io::Result<()> {
    match (s.hop, s.name) {
        (true, _) => write!(w, "rtnexthop@{}", s.ty),
        (false, Some(n)) => w.write_all(n.as_bytes()),
        (false, None) => write!(w, "UNKNOWN({})", s.ty),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::families::decode::{decode_message, Context};
    use crate::families::schema::{
        AttrDef, AttrSet, ByteOrder::Host, Field, FieldKind, Hint, Kind, Scalar, StructDef,
    };
    use crate::wire::endian::Endian;
    use crate::wire::nlmsg::{Header, Messages};

    pub static VLAN: AttrSet = AttrSet {
        name: "vlan-attrs",
        attrs: &[AttrDef {
            code: 1,
            name: "IFLA_VLAN_ID",
            kind: Kind::Scalar(Scalar::U16, Host, Hint::None),
        }],
    };
    pub static INFO: AttrSet = AttrSet {
        name: "linkinfo-attrs",
        attrs: &[
            AttrDef {
                code: 1,
                name: "IFLA_INFO_KIND",
                kind: Kind::String,
            },
            AttrDef {
                code: 2,
                name: "IFLA_INFO_DATA",
                kind: Kind::Nest(&VLAN),
            },
        ],
    };
    pub static LINK: AttrSet = AttrSet {
        name: "link-attrs",
        attrs: &[
            AttrDef {
                code: 3,
                name: "IFLA_IFNAME",
                kind: Kind::String,
            },
            AttrDef {
                code: 4,
                name: "IFLA_MTU",
                kind: Kind::Scalar(Scalar::U32, Host, Hint::None),
            },
            AttrDef {
                code: 18,
                name: "IFLA_LINKINFO",
                kind: Kind::Nest(&INFO),
            },
        ],
    };
    pub static IFINFOMSG: StructDef = StructDef {
        name: "ifinfomsg",
        size: 16,
        fields: &[
            Field {
                name: "ifi_family",
                offset: 0,
                kind: FieldKind::Scalar(Scalar::U8, Host, Hint::None),
            },
            Field {
                name: "ifi_pad",
                offset: 1,
                kind: FieldKind::Pad(1),
            },
            Field {
                name: "ifi_type",
                offset: 2,
                kind: FieldKind::Scalar(Scalar::U16, Host, Hint::None),
            },
            Field {
                name: "ifi_index",
                offset: 4,
                kind: FieldKind::Scalar(Scalar::S32, Host, Hint::None),
            },
            Field {
                name: "ifi_flags",
                offset: 8,
                kind: FieldKind::Scalar(Scalar::U32, Host, Hint::Hex),
            },
            Field {
                name: "ifi_change",
                offset: 12,
                kind: FieldKind::Scalar(Scalar::U32, Host, Hint::Hex),
            },
        ],
    };

    /// Test builder: nlattr with a value, padded.
    pub fn attr(e: Endian, ty: u16, val: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend_from_slice(&e.u16_bytes((val.len() + 4) as u16));
        v.extend_from_slice(&e.u16_bytes(ty));
        v.extend_from_slice(val);
        while v.len() % 4 != 0 {
            v.push(0);
        }
        v
    }

    /// RTM_NEWLINK request `ip link add link eth0 name v0 type vlan id 5000`-like:
    /// ifinfomsg, IFLA_IFNAME "v0", IFLA_LINKINFO { KIND "vlan", DATA { VLAN_ID 5000 } }.
    /// The VLAN id attribute lies at +60.
    pub fn vlan_request(e: Endian) -> Vec<u8> {
        let mut body = vec![0u8; 16];
        body.extend(attr(e, 3, b"v0\0"));
        let data = attr(e, 1, &e.u16_bytes(5000));
        let mut info = attr(e, 1, b"vlan\0");
        info.extend(attr(e, 0x8000 | 2, &data));
        body.extend(attr(e, 0x8000 | 18, &info));
        let h = Header {
            len: (16 + body.len()) as u32,
            ty: 16,
            flags: 0x605,
            seq: 42,
            pid: 0,
        };
        let mut v = h.to_bytes(e).to_vec();
        v.extend(body);
        v
    }

    /// Decode `bytes` as a message with the test link tables.
    pub fn decode_link(bytes: &[u8], e: Endian) -> Decoded<'_> {
        let m = Messages::new(bytes, e).next().unwrap().unwrap();
        let mut d = decode_message(m, 0, &Context::new());
        if let Body::Family(f) = &mut d.body {
            let hb = &bytes[16..32];
            f.header = Some(crate::families::decode::StructView::new(
                &IFINFOMSG, hb, 16, e,
            ));
            f.attrs = AttrsView::new(Attrs::new(&bytes[32..], 32, e), Some(&LINK), 0);
        }
        d
    }

    fn text(t: &Target, offs: usize) -> String {
        let mut v = Vec::new();
        write_target(&mut v, t, offs).unwrap();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn resolves_nested_vlan_id() {
        for e in [Endian::Little, Endian::Big] {
            let b = vlan_request(e);
            let d = decode_link(&b, e);
            let t = resolve_offset(&d, 60);
            assert_eq!(
                text(&t, 60),
                "IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_VLAN_ID at +60"
            );
            assert_eq!(text(&resolve_offset(&d, 32), 32), "IFLA_IFNAME at +32");
            assert_eq!(
                text(&resolve_offset(&d, 62), 62),
                "IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_VLAN_ID (+2 into it) at +62"
            );
            assert_eq!(
                text(&resolve_offset(&d, 20), 20),
                "ifinfomsg.ifi_index at +20"
            );
            assert_eq!(text(&resolve_offset(&d, 9), 9), "nlmsghdr.nlmsg_seq at +9");
            assert_eq!(text(&resolve_offset(&d, 500), 500), "no attribute at +500");
        }
    }

    #[test]
    fn generated_tables_resolve_sub_messages() {
        // rt-link's IFLA_INFO_DATA is a sub-message chosen by IFLA_INFO_KIND "vlan".
        for e in [Endian::Little, Endian::Big] {
            let b = vlan_request(e);
            let m = Messages::new(&b, e).next().unwrap().unwrap();
            let d = decode_message(m, 0, &Context::new());
            assert_eq!(
                text(&resolve_offset(&d, 60), 60),
                "IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_VLAN_ID at +60"
            );
        }
    }

    /// An unknown type whose payload is not a multiple of 4 bytes: the guessed
    /// header is the whole payload, never longer (it was rounded up to 8 for a
    /// 6-byte payload and shown empty).
    #[test]
    fn a_guessed_header_never_passes_the_payload() {
        for e in [Endian::Little, Endian::Big] {
            for n in [1usize, 2, 3, 5, 6, 7, 9, 63, 65, 67] {
                let payload: Vec<u8> = (1..=n as u8).collect();
                let mut b = crate::wire::build::MsgBuilder::new(e, 99, 0, 1, 0);
                b.bytes(&payload);
                let b = b.finish();
                let m = Messages::new(&b, e).next().unwrap().unwrap();
                let d = decode_message(m, 0, &Context::new());
                if let Some((h, view)) = guess_attrs(&d) {
                    assert!(h <= n, "{n}: header {h}");
                    assert_eq!(view.raw().base(), NLMSG_HDRLEN + h, "{n}");
                }
            }
        }
    }

    #[test]
    fn guesses_nests_without_tables() {
        // The same bytes on a protocol with no tables (USERSOCK): header size and
        // nests are guessed from the framing.
        let e = Endian::Little;
        let b = vlan_request(e);
        let m = Messages::new(&b, e).next().unwrap().unwrap();
        let mut d = decode_message(m, 2, &Context::new());
        assert_eq!(
            text(&resolve_offset(&d, 60), 60),
            "UNKNOWN(18) > UNKNOWN(2) > UNKNOWN(1) at +60"
        );
        assert_eq!(guess_attrs(&d).map(|(h, _)| h), Some(16));
        if let Body::Family(f) = &mut d.body {
            f.attrs = AttrsView::new(Attrs::new(&b[32..], 32, e), None, 0);
        }
        assert_eq!(
            text(&resolve_offset(&d, 60), 60),
            "UNKNOWN(18) > UNKNOWN(2) > UNKNOWN(1) at +60"
        );
    }

    #[test]
    fn truncated_request_never_panics() {
        let e = Endian::Big;
        let b = vlan_request(e);
        for cut in 16..b.len() {
            let mut c = b[..cut].to_vec();
            c[..4].copy_from_slice(&e.u32_bytes(cut as u32));
            let m = Messages::new(&c, e).next().unwrap().unwrap();
            let d = decode_message(m, 0, &Context::new());
            for offs in 0..b.len() + 4 {
                let _ = resolve_offset(&d, offs);
            }
        }
    }
}
