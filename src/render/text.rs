//! The text renderer: one indented tree per message, in the spirit of `tshark -V`
//! but compact.
//!
//! ```text
//! #499.0 2026-11-25T12:16:09.717030000Z ROUTE reply to #498.0 after 339.000us
//! NLMSG_ERROR (2) len 124 flags 0x200 [ACK_TLVS] seq 1795608970 pid 343
//!   error: -34 ERANGE (Numerical result out of range) "8021q: Invalid VLAN id"
//!   request: RTM_NEWLINK (16) len 76 flags 0x605 [REQUEST|ACK|EXCL|CREATE] seq 1795608970 pid 0
//!     ifinfomsg +16: ifi_family 0 ifi_type 0 ifi_index 0 ifi_flags 0x0 ifi_change 0
//!     IFLA_LINK (5) +32 len 8: 6 (dev dummy0)
//!     IFLA_IFNAME (3) +40 len 9: "bad0"
//!     IFLA_LINKINFO (18) +52 len 24:
//!       IFLA_INFO_KIND (1) +56 len 8: "vlan"
//!       IFLA_INFO_DATA (2) +64 len 12: (vlan)
//!         IFLA_VLAN_ID (1) +68 len 6: 4095
//!   extack:
//!     NLMSGERR_ATTR_MSG (1) +96 len 27: "8021q: Invalid VLAN id"
//! ```
//!
//! (`corpus/rtnl-basic.pcap`, frame 499.) With `NLMSGERR_ATTR_OFFS` an
//! `offending attribute: IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_VLAN_ID at +68` line
//! follows the error, resolved in the echo or, for a capped error, in the request as
//! captured.
//!
//! Attributes show name (or `UNKNOWN(n)`), type number, offset from the message
//! start, `nla_len`, and the value: numbers by their display hint, addresses, MACs,
//! strings quoted and escaped, unknown bytes as hex, invalid ones as hex with the
//! error. Every string from the capture is escaped.
//!
//! Depth is bounded whatever the input ([`crate::wire::limits`]): nested attributes are
//! followed [`MAX_ATTR_DEPTH`](crate::wire::limits::MAX_ATTR_DEPTH) levels (deeper ones are
//! shown as hex, `invalid (… nested deeper than …)`), and requests echoed inside
//! `NLMSG_ERROR`s [`MAX_ECHO_DEPTH`] levels; a request echoed deeper shows its header
//! line and then `payload +16 (not decoded: more than 4 echoed requests deep): <hex>`.

use super::memo;
use super::resolve::{resolve_offset, write_target};
use super::{
    extack_msg, extack_u32, is_address_hint, lines, offs_request, write_address, write_datetime,
    write_delay, write_errno, write_escaped, write_hex, write_hex_u64, write_i64, write_int_text,
    write_type_name, write_u64, Item, Joiner, Piece, Style, BOLD, CYAN, DIM, GREEN, RED, RESET,
};
use crate::families::decode::value::NextHop;
use crate::families::decode::{
    decode_message, visit_attrs, visit_elements, visit_struct, AttrsView, Body, Decoded, Element,
    FieldValue, Leaf, Packed, Row, StructView, Visit, Within,
};
use crate::families::extack::{NLMSGERR_ATTR_MISS_NEST, NLMSGERR_ATTR_OFFS};
use crate::families::schema::{Field, Hint, Kind, SubFormat};
use crate::families::secrets::is_secret;
use crate::wire::attr::Attr;
use crate::wire::endian::Endian;
use crate::wire::error::DecodeError;
use crate::wire::limits::MAX_ECHO_DEPTH;
use crate::wire::nlmsg::{flag_names, OpKind, NLMSG_HDRLEN};
use std::io::{self, Write};

const SPACES: &[u8] = b"                                                                ";

/// `n` spaces (at most 64).
#[inline]
fn indent<W: Write + ?Sized>(w: &mut W, n: usize) -> io::Result<()> {
    // The usual depths as fixed-size writes (stores); a slice of `SPACES` of
    // variable length became a `memset` call per line.
    match n {
        2 => w.write_all(b"  "),
        4 => w.write_all(b"    "),
        6 => w.write_all(b"      "),
        8 => w.write_all(b"        "),
        _ => w.write_all(SPACES.get(..n.min(SPACES.len())).unwrap_or(&[])),
    }
}

/// Render one message as a tree.
pub fn render<W: Write + ?Sized>(w: &mut W, it: &Item<'_, '_>, style: Style) -> io::Result<()> {
    let d = it.decoded;
    style.paint(w, DIM)?;
    w.write_all(b"#")?;
    write_u64(w, it.frame)?;
    w.write_all(b".")?;
    write_u64(w, u64::from(it.index))?;
    w.write_all(b" ")?;
    write_datetime(w, it.ts)?;
    style.paint(w, RESET)?;
    w.write_all(b" ")?;
    match super::protocol_name(d.protocol) {
        Some(n) => w.write_all(n.as_bytes())?,
        None => write!(w, "PROTO({})", d.protocol)?,
    }
    w.write_all(b" ")?;
    w.write_all(it.info.direction.as_str().as_bytes())?;
    if let Some(p) = it.info.pair {
        w.write_all(b" to #")?;
        write_u64(w, p.request_frame)?;
        w.write_all(b".")?;
        write_u64(w, u64::from(p.request_index))?;
        w.write_all(b" after ")?;
        write_delay(w, p.delay_ns)?;
        if p.nth > 1 {
            w.write_all(b" (")?;
            write_u64(w, u64::from(p.nth))?;
            w.write_all(b")")?;
        }
    }
    if d.msg.truncated {
        style.paint(w, RED)?;
        w.write_all(b" [truncated by capture]")?;
        style.paint(w, RESET)?;
    }
    w.write_all(b"\n")?;
    message(w, d, it, 0, style)
}

/// Render a framing error that ended a record's message stream, with the bytes not
/// walked.
pub fn render_stream_error<W: Write + ?Sized>(
    w: &mut W,
    frame: u64,
    err: &DecodeError,
    rest: &[u8],
    style: Style,
) -> io::Result<()> {
    w.write_all(b"#")?;
    write_u64(w, frame)?;
    style.paint(w, RED)?;
    w.write_all(b" ! ")?;
    write!(w, "{err}")?;
    style.paint(w, RESET)?;
    w.write_all(b"\n  rest: ")?;
    write_hex(w, rest, None)?;
    w.write_all(b"\n")
}

/// Render a record of the capture file that could not be read as a record (shorter than
/// its link-layer header), as tshark marks a malformed packet: `#N ! malformed record
/// at byte B: what`.
pub fn render_record_error<W: Write + ?Sized>(
    w: &mut W,
    frame: u64,
    err: &crate::record::CaptureError,
    style: Style,
) -> io::Result<()> {
    w.write_all(b"#")?;
    write_u64(w, frame)?;
    style.paint(w, RED)?;
    w.write_all(b" ! malformed record at byte ")?;
    write_u64(w, err.offset)?;
    write!(w, ": {}", err.what())?;
    style.paint(w, RESET)?;
    w.write_all(b"\n")
}

/// Note zero bytes after the last message of a record (sender padding, not an error).
pub fn render_padding<W: Write + ?Sized>(
    w: &mut W,
    frame: u64,
    len: usize,
    style: Style,
) -> io::Result<()> {
    style.paint(w, DIM)?;
    w.write_all(b"#")?;
    write_u64(w, frame)?;
    w.write_all(b" ")?;
    write_u64(w, len as u64)?;
    w.write_all(b" zero bytes after the last message (sender padding)")?;
    style.paint(w, RESET)?;
    w.write_all(b"\n")
}

/// The header line and body of a message at `ind` spaces.
fn message<W: Write + ?Sized>(
    w: &mut W,
    d: &Decoded<'_>,
    it: &Item<'_, '_>,
    ind: usize,
    style: Style,
) -> io::Result<()> {
    header_line(w, d, it, style)?;
    w.write_all(b"\n")?;
    body(w, d, it, ind + 2, style, 0)
}

fn header_line<W: Write + ?Sized>(
    w: &mut W,
    d: &Decoded<'_>,
    it: &Item<'_, '_>,
    style: Style,
) -> io::Result<()> {
    let h = &d.msg.header;
    style.paint(w, BOLD)?;
    write_type_name(w, d, it.ctx)?;
    style.paint(w, RESET)?;
    // The numbers around the flags in two writes (at most 23 and 30 bytes).
    let mut p = Piece::<32>::new();
    if d.type_name().is_some() || matches!(&d.body, Body::Family(f) if f.genl.is_some()) {
        p.put(b" (");
        p.u64(u64::from(h.ty));
        p.put(b")");
    }
    p.put(b" len ");
    p.u64(u64::from(h.len));
    w.write_all(p.bytes())?;
    // A capture has a handful of flag combinations: name each once. Their names
    // depend on the operation kind, which the protocol, the type and its table entry
    // decide: look that up only when the combination is new.
    let def = match &d.body {
        Body::Family(f) => f.def.map_or(0, |m| std::ptr::from_ref(m) as usize),
        _ => 0,
    };
    let id = memo::Id {
        what: memo::what::TEXT_FLAGS,
        table: def,
        extra: u64::from(d.protocol),
    };
    let [t0, t1] = h.ty.to_le_bytes();
    let [f0, f1] = h.flags.to_le_bytes();
    memo::write(
        w,
        id,
        &[t0, t1, f0, f1],
        |v| flags(v, h.flags, super::flag_kind(d)).map(|()| true),
        |w| flags(w, h.flags, super::flag_kind(d)),
    )?;
    let mut p = Piece::<32>::new();
    p.put(b" seq ");
    p.u64(u64::from(h.seq));
    p.put(b" pid ");
    p.u64(u64::from(h.pid));
    w.write_all(p.bytes())
}

/// ` flags 0x605 [REQUEST|ACK|EXCL|CREATE]` for `nlmsg_flags` of a message of `kind`.
fn flags<W: Write + ?Sized>(w: &mut W, flags: u16, kind: OpKind) -> io::Result<()> {
    w.write_all(b" flags ")?;
    write_hex_u64(w, u64::from(flags))?;
    if flags != 0 {
        w.write_all(b" [")?;
        let mut j = Joiner::new(&mut *w, b"|", false);
        let left = flag_names(flags, kind, |n| j.push(n));
        let any = j.finish()?;
        if left != 0 {
            if any {
                w.write_all(b"|")?;
            }
            write_hex_u64(w, u64::from(left))?;
        }
        w.write_all(b"]")?;
    }
    Ok(())
}

/// The body of message `d`, which is `echo` requests deep inside `NLMSG_ERROR`s
/// (0 for the message itself).
fn body<W: Write + ?Sized>(
    w: &mut W,
    d: &Decoded<'_>,
    it: &Item<'_, '_>,
    ind: usize,
    style: Style,
    echo: u8,
) -> io::Result<()> {
    match &d.body {
        Body::Noop(p) | Body::Overrun(p) => {
            if !p.is_empty() {
                indent(w, ind)?;
                w.write_all(b"payload: ")?;
                write_hex(w, p, None)?;
                w.write_all(b"\n")?;
            }
        }
        Body::Done(done) => {
            indent(w, ind)?;
            w.write_all(b"done: ")?;
            match done.error {
                Some(e) => error_value(w, e, done.extack.as_ref(), style)?,
                None => w.write_all(b"(no error code)")?,
            }
            w.write_all(b"\n")?;
            if let Some(x) = &done.extack {
                offending(w, x, it, ind)?;
                indent(w, ind)?;
                w.write_all(b"extack:\n")?;
                attrs(w, x.clone(), it, ind + 2, style)?;
            }
            if !done.extra.is_empty() {
                indent(w, ind)?;
                w.write_all(b"extra: ")?;
                write_hex(w, done.extra, None)?;
                w.write_all(b"\n")?;
            }
        }
        Body::Error(e) => {
            indent(w, ind)?;
            match e.error {
                Some(0) => {
                    style.paint(w, GREEN)?;
                    w.write_all(b"ACK")?;
                    style.paint(w, RESET)?;
                    if let Some(m) = e.extack.as_ref().and_then(extack_msg) {
                        w.write_all(b" \"")?;
                        write_escaped(w, m)?;
                        w.write_all(b"\"")?;
                    }
                }
                Some(err) => {
                    w.write_all(b"error: ")?;
                    error_value(w, err, e.extack.as_ref(), style)?;
                }
                None => w.write_all(b"error: (missing)")?,
            }
            w.write_all(b"\n")?;
            let req = e.request.map(|m| decode_message(m, d.protocol, it.ctx));
            if let Some(x) = &e.extack {
                offending(w, x, it, ind)?;
            }
            if let Some(p) = &e.problem {
                problem(w, p, ind, style)?;
            }
            if let Some(r) = &req {
                indent(w, ind)?;
                w.write_all(if e.capped {
                    &b"request (capped): "[..]
                } else {
                    b"request: "
                })?;
                header_line(w, r, it, style)?;
                if r.msg.truncated && !e.capped {
                    w.write_all(b" [echo cut short]")?;
                }
                w.write_all(b"\n")?;
                if e.capped {
                    // Only the header was echoed.
                } else if echo < MAX_ECHO_DEPTH {
                    body(w, r, it, ind + 2, style, echo + 1)?;
                } else {
                    // Echoes inside echoes stop here: the rest is shown raw.
                    let payload = r.msg.payload();
                    indent(w, ind + 2)?;
                    w.write_all(b"payload +")?;
                    write_u64(w, NLMSG_HDRLEN as u64)?;
                    w.write_all(b" (not decoded: more than ")?;
                    write_u64(w, u64::from(MAX_ECHO_DEPTH))?;
                    w.write_all(b" echoed requests deep): ")?;
                    write_hex(w, payload, None)?;
                    w.write_all(b"\n")?;
                }
            }
            if let Some(x) = &e.extack {
                indent(w, ind)?;
                w.write_all(b"extack:\n")?;
                attrs(w, x.clone(), it, ind + 2, style)?;
            }
        }
        Body::Family(f) => {
            if let Some(g) = f.genl {
                indent(w, ind)?;
                w.write_all(b"genlmsghdr +16: cmd ")?;
                write_u64(w, u64::from(g.cmd))?;
                w.write_all(b" version ")?;
                write_u64(w, u64::from(g.version))?;
                if g.reserved != 0 {
                    w.write_all(b" reserved ")?;
                    write_u64(w, u64::from(g.reserved))?;
                }
                w.write_all(b" family ")?;
                write_u64(w, u64::from(g.family_id))?;
                w.write_all(b"\n")?;
            }
            if let Some(h) = &f.header {
                indent(w, ind)?;
                strukt(w, h, it, style)?;
            }
            if let Some(p) = &f.header_error {
                problem(w, p, ind, style)?;
            }
            match super::resolve::guess_attrs(d) {
                Some((hlen, view)) => {
                    let at = view.raw().base() - hlen;
                    indent(w, ind)?;
                    w.write_all(b"header? +")?;
                    write_u64(w, at as u64)?;
                    w.write_all(b": ")?;
                    write_hex(w, d.msg.bytes.get(at..at + hlen).unwrap_or(&[]), None)?;
                    w.write_all(b"\n")?;
                    attrs(w, view, it, ind, style)?;
                }
                None => attrs(w, f.attrs.clone(), it, ind, style)?,
            }
        }
    }
    Ok(())
}

/// `offending attribute: …` and `missing attribute in: …` lines for the offsets of
/// an extended ACK, resolved in the echoed (or kept) request.
fn offending<W: Write + ?Sized>(
    w: &mut W,
    x: &AttrsView<'_>,
    it: &Item<'_, '_>,
    ind: usize,
) -> io::Result<()> {
    let mut req = None;
    for (ty, label) in [
        (NLMSGERR_ATTR_OFFS, &b"offending attribute: "[..]),
        (NLMSGERR_ATTR_MISS_NEST, b"missing attribute in: "),
    ] {
        let Some(offs) = extack_u32(x, ty) else {
            continue;
        };
        if req.is_none() {
            req = Some(offs_request(it));
        }
        indent(w, ind)?;
        w.write_all(label)?;
        match req.as_ref().and_then(Option::as_ref) {
            Some((r, kept)) => {
                write_target(w, &resolve_offset(r, offs as usize), offs as usize)?;
                if *kept {
                    if let Some(p) = it.info.pair {
                        w.write_all(b" in request #")?;
                        write_u64(w, p.request_frame)?;
                        w.write_all(b".")?;
                        write_u64(w, u64::from(p.request_index))?;
                    }
                }
            }
            None => {
                w.write_all(b"+")?;
                write_u64(w, u64::from(offs))?;
                w.write_all(b" in the request (not echoed, not seen)")?;
            }
        }
        w.write_all(b"\n")?;
    }
    Ok(())
}

fn error_value<W: Write + ?Sized>(
    w: &mut W,
    err: i32,
    extack: Option<&AttrsView<'_>>,
    style: Style,
) -> io::Result<()> {
    if err != 0 {
        style.paint(w, RED)?;
    }
    write_errno(w, err)?;
    if err != 0 {
        style.paint(w, RESET)?;
    }
    if let Some(m) = extack.and_then(extack_msg) {
        w.write_all(b" \"")?;
        write_escaped(w, m)?;
        w.write_all(b"\"")?;
    }
    Ok(())
}

fn problem<W: Write + ?Sized>(
    w: &mut W,
    p: &DecodeError,
    ind: usize,
    style: Style,
) -> io::Result<()> {
    indent(w, ind)?;
    style.paint(w, RED)?;
    write!(w, "! {p}")?;
    style.paint(w, RESET)?;
    w.write_all(b"\n")
}

/// A fixed struct on one line: `ifinfomsg +16: ifi_family 0 ifi_index 5 (dev veth0) …`.
fn strukt<W: Write + ?Sized>(
    w: &mut W,
    s: &StructView<'_>,
    it: &Item<'_, '_>,
    style: Style,
) -> io::Result<()> {
    w.write_all(s.def.name.as_bytes())?;
    w.write_all(b" +")?;
    write_u64(w, s.offset as u64)?;
    w.write_all(b":")?;
    if s.bytes.len() >= memo::MIN_BYTES {
        let id = memo::Id {
            what: memo::what::TEXT_STRUCT,
            table: std::ptr::from_ref(s.def) as usize,
            extra: u64::from(s.endian == Endian::Big),
        };
        // Interface names come from the session: left as holes, filled each time.
        memo::write_with_holes(
            w,
            id,
            s.bytes,
            |v, holes| {
                members(v, s, style, &mut |v: &mut Vec<u8>, value| {
                    holes.push(memo::Hole { at: v.len(), value });
                    Ok(())
                })
            },
            |w, h| ifname(w, h.value, it),
            |w| members(w, s, style, &mut |w, v| ifname(w, v, it)).map(|_| ()),
        )?;
    } else {
        members(w, s, style, &mut |w, v| ifname(w, v, it))?;
    }
    w.write_all(b"\n")
}

/// The members of a struct (and a short or long struct's note), after its name.
/// `dev` is called after the value of each member that holds an ifindex (its name
/// and value), to write the interface name or note where it goes. Returns whether
/// the rest of the output depends on nothing but the layout, the byte order and the
/// bytes: no member holds key material (which `--show-secrets` decides about).
///
/// The members come from the visitor ([`visit_struct`]: the compiled walker of the
/// layout, or its table), one [`Visit::member`] each.
fn members<W: Write + ?Sized>(
    w: &mut W,
    s: &StructView<'_>,
    style: Style,
    dev: &mut impl FnMut(&mut W, i64) -> io::Result<()>,
) -> io::Result<bool> {
    let mut m = Members {
        w: &mut *w,
        style,
        dev,
        within: Within::default(),
        pure: true,
        res: Ok(()),
    };
    visit_struct(s, &mut m);
    let (pure, res) = (m.pure, m.res);
    res?;
    if s.is_short() {
        w.write_all(b" (short: ")?;
        write_u64(w, s.bytes.len() as u64)?;
        w.write_all(b" of ")?;
        write_u64(w, s.def.size as u64)?;
        w.write_all(b" bytes)")?;
    }
    let tail = s.tail();
    if !tail.is_empty() {
        w.write_all(b" tail ")?;
        write_hex(w, tail, None)?;
    }
    Ok(pure)
}

/// Writes the members of one struct on its line: ` name value` each.
struct Members<'w, 'd, W: Write + ?Sized, D> {
    w: &'w mut W,
    style: Style,
    dev: &'d mut D,
    /// The embedded structs the members are in (their names prefix the members').
    within: Within,
    pure: bool,
    res: io::Result<()>,
}

impl<'a, W, D> Visit<'a> for Members<'_, '_, W, D>
where
    W: Write + ?Sized,
    D: FnMut(&mut W, i64) -> io::Result<()>,
{
    #[inline(always)]
    fn member(&mut self, f: &'static Field, v: FieldValue<'a>) {
        if self.res.is_ok() {
            self.res = self.write_member(f, v);
        }
    }

    #[inline(always)]
    fn begin_embedded(&mut self, f: &'static Field) {
        self.within.push(f);
    }

    #[inline(always)]
    fn end_embedded(&mut self) {
        self.within.pop();
    }
}

impl<W, D> Members<'_, '_, W, D>
where
    W: Write + ?Sized,
    D: FnMut(&mut W, i64) -> io::Result<()>,
{
    /// ` name value` of one member (nothing for zero padding).
    #[inline(never)]
    fn write_member(&mut self, f: &'static Field, v: FieldValue<'_>) -> io::Result<()> {
        let Some(hint) = super::field_hint(f, &v) else {
            return Ok(());
        };
        let w = &mut *self.w;
        w.write_all(b" ")?;
        super::write_member_name(w, &self.within, f)?;
        w.write_all(b" ")?;
        match v {
            // Most members (counters, indexes) have no hint: print them without the
            // `i128` detour of `write_int_text`, which prints them alike.
            FieldValue::Unsigned(u) => {
                if matches!(hint, Hint::None) {
                    write_u64(w, u)?;
                } else {
                    write_int_text(w, i128::from(u), hint)?;
                }
                if matches!(hint, Hint::Ifindex) {
                    (self.dev)(w, u as i64)?;
                }
            }
            FieldValue::Signed(i) => {
                write_int_text(w, i128::from(i), hint)?;
                if matches!(hint, Hint::Ifindex) {
                    (self.dev)(w, i)?;
                }
            }
            FieldValue::Bytes(b) if is_secret(f.name) => {
                self.pure = false;
                if self.style.show_secrets {
                    bytes(w, b, hint)?;
                } else {
                    redacted(w, b)?;
                }
            }
            FieldValue::Bytes(b) => bytes(w, b, hint)?,
        }
        Ok(())
    }
}

/// ` (dev NAME)` after an ifindex-valued member or attribute, when the session knows it.
fn ifname<W: Write + ?Sized>(w: &mut W, v: i64, it: &Item<'_, '_>) -> io::Result<()> {
    if let Some(n) = super::ifname_of(it, v) {
        w.write_all(b" (dev ")?;
        write_escaped(w, n)?;
        w.write_all(b")")?;
    }
    Ok(())
}

/// Key material is not printed unless asked for (`--show-secrets`).
fn redacted<W: Write + ?Sized>(w: &mut W, b: &[u8]) -> io::Result<()> {
    w.write_all(b"<redacted ")?;
    write_u64(w, b.len() as u64)?;
    w.write_all(b" bytes: --show-secrets>")
}

fn bytes<W: Write + ?Sized>(w: &mut W, b: &[u8], hint: Hint) -> io::Result<()> {
    if let Hint::Text = hint {
        w.write_all(b"\"")?;
        write_escaped(w, b.split(|c| *c == 0).next().unwrap_or(b))?;
        return w.write_all(b"\"");
    }
    if is_address_hint(hint) && write_address(w, hint, b)? {
        return Ok(());
    }
    if b.is_empty() {
        return w.write_all(b"(empty)");
    }
    write_hex(w, b, None)
}

/// The attributes of a view, one per line at `ind` spaces, nests below: the view
/// walked by the visitor ([`visit_attrs`]: compiled walkers where there are any,
/// the tables elsewhere), every value written by [`Tree`].
fn attrs<W: Write + ?Sized>(
    w: &mut W,
    view: AttrsView<'_>,
    it: &Item<'_, '_>,
    ind: usize,
    style: Style,
) -> io::Result<()> {
    let raw = view.raw();
    lines::with(|lines| {
        let mut t = Tree {
            lines,
            w: &mut *w,
            it,
            style,
            ind,
            open: Open::List,
            top: raw.buffer(),
            base: raw.base(),
            from: raw.base(),
            end: raw.base() + raw.buffer().len(),
            stack: [Frame::EMPTY; STACK],
            depth: 0,
            res: Ok(()),
        };
        visit_attrs(&view, &mut t);
        t.res
    })
}

/// What an attribute with contents ([`Visit::begin`]) holds, for where its parts go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    /// A list of attributes: the message's, a nest's, an indexed array's.
    List,
    /// A struct, on the attribute's own line.
    Struct,
    /// Structs, one per line, then the bytes that are not a whole one.
    Array,
    /// A sub-message: its format, its header struct, its attributes.
    Sub,
    /// `RTA_MULTIPATH`: a line per hop, its attributes below it.
    Multipath,
}

/// What [`Tree`] restores at the end of an attribute with contents (small: a
/// stack of them is set up for every list walked).
#[derive(Clone, Copy)]
struct Frame {
    open: Open,
    ind: u16,
    from: u32,
    end: u32,
}

impl Frame {
    const EMPTY: Frame = Frame {
        open: Open::List,
        ind: 0,
        from: 0,
        end: 0,
    };
}

/// An offset or indent as kept in a [`Frame`] (offsets of one capture record fit).
#[inline(always)]
fn narrow<T: TryFrom<usize> + Copy>(x: usize, max: T) -> T {
    T::try_from(x).unwrap_or(max)
}

/// `  NAME (ty) +off len L:` of an attribute's line at `ind` spaces.
#[inline(always)]
fn head_line<W: Write + ?Sized>(
    w: &mut W,
    attr: &Attr<'_>,
    row: Row,
    ind: usize,
    style: Style,
) -> io::Result<()> {
    indent(w, ind)?;
    style.paint(w, CYAN)?;
    match row.name {
        Some(n) => w.write_all(n.as_bytes())?,
        None => match row.kind {
            // Array elements are named by their index.
            Some(_) => w.write_all(b"[")?,
            None => w.write_all(b"UNKNOWN(")?,
        },
    }
    if row.name.is_none() {
        write_u64(w, u64::from(attr.ty))?;
        w.write_all(if row.kind.is_some() { b"]" } else { b")" })?;
    }
    style.paint(w, RESET)?;
    if row.name.is_some() {
        w.write_all(b" (")?;
        write_u64(w, u64::from(attr.ty))?;
        w.write_all(b")")?;
    }
    style.paint(w, DIM)?;
    w.write_all(b" +")?;
    write_u64(w, attr.offset as u64)?;
    w.write_all(b" len ")?;
    write_u64(w, attr.value.len() as u64 + 4)?;
    style.paint(w, RESET)?;
    w.write_all(b":")
}

/// The value of a leaf attribute and the line's end.
#[inline(always)]
fn leaf_value<W: Write + ?Sized>(
    w: &mut W,
    it: &Item<'_, '_>,
    style: Style,
    row: Row,
    value: Leaf<'_>,
) -> io::Result<()> {
    let hint = hint_of(row);
    match value {
        Leaf::Unsigned(u) => {
            w.write_all(b" ")?;
            if matches!(hint, Hint::None) {
                write_u64(w, u)?;
            } else {
                write_int_text(w, i128::from(u), hint)?;
            }
            if matches!(hint, Hint::Ifindex) {
                ifname(w, u as i64, it)?;
            }
        }
        Leaf::Signed(i) => {
            w.write_all(b" ")?;
            write_int_text(w, i128::from(i), hint)?;
            if matches!(hint, Hint::Ifindex) {
                ifname(w, i, it)?;
            }
        }
        Leaf::String(s) => {
            w.write_all(b" \"")?;
            write_escaped(w, s)?;
            w.write_all(b"\"")?;
        }
        Leaf::Bytes(b) | Leaf::Unknown(b)
            if !style.show_secrets && row.name.is_some_and(is_secret) =>
        {
            w.write_all(b" ")?;
            redacted(w, b)?;
        }
        Leaf::Bytes(b) => {
            w.write_all(b" ")?;
            bytes(w, b, hint)?;
        }
        Leaf::Flag => w.write_all(b" true")?,
        Leaf::Bitfield32 { value, selector } => {
            let h = match row.kind {
                Some(Kind::Bitfield32(Some(def))) => Hint::Enum(def),
                _ => Hint::Hex,
            };
            w.write_all(b" value ")?;
            write_int_text(w, i128::from(value), h)?;
            w.write_all(b" selector ")?;
            write_int_text(w, i128::from(selector), h)?;
        }
        Leaf::Unknown(b) => {
            w.write_all(b" ")?;
            bytes(w, b, Hint::None)?;
        }
    }
    w.write_all(b"\n")
}

/// How many attributes with contents can be open at once: every one is at most
/// [`MAX_ATTR_DEPTH`](crate::wire::limits::MAX_ATTR_DEPTH) levels of nesting deep,
/// plus its value's own level.
const STACK: usize = crate::wire::limits::MAX_ATTR_DEPTH as usize + 4;

/// The text renderer's visitor: one line per attribute at `ind` spaces, each kind of
/// value written in one place ([`Tree::value`], [`strukt`], [`packed`]).
struct Tree<'w, 'i, 't, 'a, W: Write + ?Sized> {
    /// The line cache, borrowed for this walk.
    lines: lines::Table<'t>,
    w: &'w mut W,
    it: &'i Item<'i, 'i>,
    style: Style,
    /// Where the attribute lines of the current list start.
    ind: usize,
    /// What the innermost attribute with contents is.
    open: Open,
    /// The bytes of the list the walk started with, and their offset: every list
    /// and value below it lies inside.
    top: &'a [u8],
    base: usize,
    /// Where the current list's bytes start and end (offsets from the message
    /// start; a framing error leaves `..end` unwalked). For a struct array: where
    /// the bytes after its whole structs start.
    from: usize,
    end: usize,
    stack: [Frame; STACK],
    depth: usize,
    /// The first write error (the rest of the walk writes nothing more).
    res: io::Result<()>,
}

impl<'a, W: Write + ?Sized> Tree<'_, '_, '_, 'a, W> {
    #[inline(always)]
    fn note(&mut self, r: io::Result<()>) {
        if self.res.is_ok() {
            self.res = r;
        }
    }

    fn push(&mut self, open: Open, ind: usize, from: usize, end: usize) {
        if let Some(f) = self.stack.get_mut(self.depth) {
            *f = Frame {
                open: self.open,
                ind: narrow(self.ind, u16::MAX),
                from: narrow(self.from, u32::MAX),
                end: narrow(self.end, u32::MAX),
            };
        }
        self.depth += 1;
        (self.open, self.ind, self.from, self.end) = (open, ind, from, end);
    }

    fn pop(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if let Some(f) = self.stack.get(self.depth) {
            self.open = f.open;
            self.ind = usize::from(f.ind);
            (self.from, self.end) = (f.from as usize, f.end as usize);
        }
    }

    /// The bytes from offset `from` to the end of the current list.
    fn bytes_from(&self, from: usize) -> &'a [u8] {
        let (a, b) = (
            from.wrapping_sub(self.base),
            self.end.wrapping_sub(self.base),
        );
        self.top.get(a..b).unwrap_or(&[])
    }

    /// `  NAME (ty) +off len L:` of an attribute's line, from the [`lines`] cache
    /// when the same head was written before. (Out of line: kept small.)
    #[inline(never)]
    fn head(&mut self, attr: &Attr<'_>, row: Row) -> io::Result<()> {
        let (w, ind, style) = (&mut *self.w, self.ind, self.style);
        let key = lines::Key::new(attr, row, ind, lines::text_bits(style));
        match self
            .lines
            .write(w, key, |v| head_line(v, attr, row, ind, style))
        {
            Some(r) => r,
            None => head_line(w, attr, row, ind, style),
        }
    }

    /// An attribute with a leaf value, on one line.
    #[inline(never)]
    fn value(&mut self, attr: &Attr<'a>, row: Row, value: Leaf<'a>) -> io::Result<()> {
        let (ind, style, it) = (self.ind, self.style, self.it);
        let key = lines::Key::line(attr, row, ind, lines::text_bits(style), value);
        let line = |v: &mut &mut [u8]| {
            head_line(v, attr, row, ind, style)?;
            leaf_value(v, it, style, row, value)
        };
        if let Some(r) = self.lines.write(self.w, key, line) {
            return r;
        }
        self.head(attr, row)?;
        leaf_value(self.w, it, style, row, value)
    }

    #[inline(never)]
    fn invalid_line(&mut self, attr: &Attr<'a>, row: Row, error: &DecodeError) -> io::Result<()> {
        self.head(attr, row)?;
        let (w, style) = (&mut *self.w, self.style);
        style.paint(w, RED)?;
        write!(w, " invalid ({error}):")?;
        style.paint(w, RESET)?;
        w.write_all(b" ")?;
        if !style.show_secrets && row.name.is_some_and(is_secret) {
            redacted(w, attr.value)?;
        } else {
            bytes(w, attr.value, Hint::None)?;
        }
        w.write_all(b"\n")
    }

    /// The line of an attribute with contents, up to where its contents start.
    #[inline(never)]
    fn open(&mut self, attr: &Attr<'a>, row: Row) -> io::Result<()> {
        self.head(attr, row)?;
        let (ind, at) = (self.ind, attr.value_offset());
        let end = at + attr.value.len();
        match row.kind {
            Some(Kind::Struct(_)) => {
                self.push(Open::Struct, ind, at, end);
                self.w.write_all(b" ")
            }
            Some(Kind::StructArray(def)) => {
                // What is left after the whole structs, for the end.
                let n = attr.value.len();
                let whole = n - n.checked_rem(def.size).unwrap_or(0);
                self.push(Open::Array, ind + 2, at + whole, end);
                self.w.write_all(b"\n")
            }
            // ` (FORMAT)` and the line's end come with the format.
            Some(Kind::Headed(_) | Kind::SubMessage { .. }) => {
                self.push(Open::Sub, ind + 2, at, end);
                Ok(())
            }
            Some(Kind::Special(_)) => {
                self.push(Open::Multipath, ind + 4, at, end);
                self.w.write_all(b"\n")
            }
            // Nests, indexed arrays, packed arrays sent as nests.
            _ => {
                self.push(Open::List, ind + 2, at, end);
                self.w.write_all(b"\n")
            }
        }
    }

    #[inline(never)]
    fn close(&mut self) -> io::Result<()> {
        let r = match self.open {
            Open::Array => {
                let tail = self.bytes_from(self.from);
                let w = &mut *self.w;
                if tail.is_empty() {
                    Ok(())
                } else {
                    indent(w, self.ind).and_then(|()| {
                        w.write_all(b"tail: ")?;
                        write_hex(w, tail, None)?;
                        w.write_all(b"\n")
                    })
                }
            }
            _ => Ok(()),
        };
        self.pop();
        r
    }

    /// A struct: on the attribute's line, or on its own.
    #[inline(never)]
    fn struct_line(&mut self, s: &StructView<'a>) -> io::Result<()> {
        if self.open != Open::Struct {
            indent(self.w, self.ind)?;
        }
        strukt(self.w, s, self.it, self.style)
    }

    #[inline(never)]
    fn packed_line(&mut self, attr: &Attr<'a>, row: Row, p: &Packed<'a>) -> io::Result<()> {
        self.head(attr, row)?;
        let (w, hint) = (&mut *self.w, hint_of(row));
        if p.bytes.len() >= memo::MIN_BYTES {
            let id = memo::Id::packed(memo::what::TEXT_PACKED, row.kind, p);
            memo::write(
                w,
                id,
                p.bytes,
                |v| packed(v, p, hint).map(|()| true),
                |w| packed(w, p, hint),
            )?;
        } else {
            packed(w, p, hint)?;
        }
        w.write_all(b"\n")
    }

    #[inline(never)]
    fn hop_line(&mut self, h: &NextHop<'a>) -> io::Result<()> {
        let raw = h.attrs.raw();
        (self.from, self.end) = (raw.base(), raw.base() + raw.buffer().len());
        let (w, it) = (&mut *self.w, self.it);
        indent(w, self.ind - 2)?;
        w.write_all(b"rtnexthop +")?;
        write_u64(w, h.offset as u64)?;
        w.write_all(b": ifindex ")?;
        write_int_text(w, i128::from(h.ifindex), Hint::None)?;
        ifname(w, i64::from(h.ifindex), it)?;
        w.write_all(b" flags ")?;
        write_hex_u64(w, u64::from(h.flags))?;
        w.write_all(b" hops ")?;
        write_u64(w, u64::from(h.hops))?;
        w.write_all(b"\n")
    }

    /// A framing error and the bytes it leaves.
    #[inline(never)]
    fn framing_lines(&mut self, e: &DecodeError) -> io::Result<()> {
        problem(self.w, e, self.ind, self.style)?;
        let rest = self.bytes_from(e.offset);
        if !rest.is_empty() {
            indent(self.w, self.ind)?;
            self.w.write_all(b"rest: ")?;
            write_hex(self.w, rest, None)?;
            self.w.write_all(b"\n")?;
        }
        Ok(())
    }
}

impl<'a, W: Write + ?Sized> Visit<'a> for Tree<'_, '_, '_, 'a, W> {
    #[inline(always)]
    fn leaf(&mut self, attr: &Attr<'a>, row: Row, value: Leaf<'a>) {
        let r = self.value(attr, row, value);
        self.note(r);
    }

    #[inline(always)]
    fn invalid(&mut self, attr: &Attr<'a>, row: Row, error: &DecodeError) {
        let r = self.invalid_line(attr, row, error);
        self.note(r);
    }

    #[inline(always)]
    fn begin(&mut self, attr: &Attr<'a>, row: Row) {
        let r = self.open(attr, row);
        self.note(r);
    }

    #[inline(always)]
    fn end(&mut self) {
        let r = self.close();
        self.note(r);
    }

    #[inline(always)]
    fn whole_struct(&mut self, s: &StructView<'a>) -> bool {
        let r = self.struct_line(s);
        self.note(r);
        true
    }

    #[inline(always)]
    fn packed(&mut self, attr: &Attr<'a>, row: Row, p: &Packed<'a>) {
        let r = self.packed_line(attr, row, p);
        self.note(r);
    }

    #[inline(never)]
    fn format(&mut self, format: &'static SubFormat) {
        let w = &mut *self.w;
        let r = w
            .write_all(b" (")
            .and_then(|()| w.write_all(format.value.as_bytes()))
            .and_then(|()| w.write_all(b")\n"));
        self.note(r);
    }

    #[inline(always)]
    fn hop(&mut self, hop: &NextHop<'a>) {
        let r = self.hop_line(hop);
        self.note(r);
    }

    #[inline(always)]
    fn framing(&mut self, error: &DecodeError) {
        let r = self.framing_lines(error);
        self.note(r);
    }

    #[inline(never)]
    fn hop_framing(&mut self, error: &DecodeError) {
        let r = problem(self.w, error, self.ind - 2, self.style);
        self.note(r);
    }
}

/// The display hint of an attribute's type.
#[inline(always)]
fn hint_of(row: Row) -> Hint {
    match row.kind {
        Some(Kind::Scalar(_, _, h) | Kind::Binary(h) | Kind::Packed(_, _, h)) => *h,
        _ => Hint::None,
    }
}

/// A packed array on one line, each element after its index: ` [0]=1 [1]=64 …`,
/// then any bytes that are not a whole element.
fn packed<W: Write + ?Sized>(w: &mut W, p: &Packed<'_>, hint: Hint) -> io::Result<()> {
    let mut e = Elements {
        w: &mut *w,
        hint,
        i: 0,
        res: Ok(()),
    };
    visit_elements(p, &mut e);
    e.res?;
    let tail = p.rest();
    if !tail.is_empty() {
        w.write_all(b" tail ")?;
        write_hex(w, tail, None)?;
    }
    Ok(())
}

/// Writes the elements of a packed array (` [i]=value` each).
struct Elements<'w, W: Write + ?Sized> {
    w: &'w mut W,
    hint: Hint,
    i: usize,
    res: io::Result<()>,
}

impl<W: Write + ?Sized> Visit<'_> for Elements<'_, W> {
    #[inline(always)]
    fn element(&mut self, el: Element) {
        if self.res.is_ok() {
            self.res = self.write_element(el);
        }
    }
}

impl<W: Write + ?Sized> Elements<'_, W> {
    #[inline(always)]
    fn write_element(&mut self, el: Element) -> io::Result<()> {
        let (w, i, hint) = (&mut *self.w, self.i, self.hint);
        self.i += 1;
        // ` [i]=` in one write for the usual indexes (two digits at most).
        let d = |n: usize| b'0' + (n % 10) as u8;
        match i {
            0..=9 => w.write_all(&[b' ', b'[', d(i), b']', b'='])?,
            10..=99 => w.write_all(&[b' ', b'[', d(i / 10), d(i), b']', b'='])?,
            _ => {
                w.write_all(b" [")?;
                write_u64(w, i as u64)?;
                w.write_all(b"]=")?;
            }
        }
        match (el, hint) {
            (Element::Unsigned(u), Hint::None) => write_u64(w, u),
            (Element::Signed(x), Hint::None) => write_i64(w, x),
            (Element::Unsigned(u), _) => write_int_text(w, i128::from(u), hint),
            (Element::Signed(x), _) => write_int_text(w, i128::from(x), hint),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::families::decode::{decode_message, Context, Direction};
    use crate::flow::session::{MsgInfo, Session, Timestamp};
    use crate::render::resolve::tests::{attr, decode_link, vlan_request};
    use crate::wire::endian::Endian;
    use crate::wire::nlmsg::{Header, Messages};

    pub(crate) fn error_reply(e: Endian, req: &[u8], errno: i32, msg: &[u8], offs: u32) -> Vec<u8> {
        let mut body = e.u32_bytes(errno as u32).to_vec();
        body.extend_from_slice(req);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        let mut m = msg.to_vec();
        m.push(0);
        body.extend(attr(e, 1, &m));
        body.extend(attr(e, 2, &e.u32_bytes(offs)));
        let h = Header {
            len: (16 + body.len()) as u32,
            ty: 2,
            flags: 0x200,
            seq: 42,
            pid: 4711,
        };
        let mut v = h.to_bytes(e).to_vec();
        v.extend(body);
        v
    }

    /// RTM_NEWLINK: IFLA_MTU, then IFLA_LINKINFO holding IFLA_INFO_KIND "veth" and an
    /// attribute header whose `nla_len` (64) runs past the nest, then IFLA_IFNAME.
    pub(crate) fn link_with_bad_nest(e: Endian) -> Vec<u8> {
        let mut b = crate::wire::build::MsgBuilder::new(e, 16, 0, 1, 0);
        b.zeros(16).attr_u32(4, 1500);
        let nest = b.nest_start(18);
        b.attr_str(1, "veth");
        b.u16(64).u16(2);
        b.nest_end(nest);
        b.attr_str(3, "eth0");
        b.finish()
    }

    #[test]
    fn a_framing_error_in_a_nest_is_shown_with_its_rest_and_the_message_goes_on() {
        for e in [Endian::Little, Endian::Big] {
            let b = link_with_bad_nest(e);
            let m = Messages::new(&b, e).next().unwrap().unwrap();
            let d = decode_message(m, 0, &Context::new());
            let t = render_one(&d, &Session::new());
            let kind = t.find("IFLA_INFO_KIND (1)").unwrap();
            let bad = t.find("nla_len").unwrap();
            let rest = t
                .find("rest: 40000200")
                .or_else(|| t.find("rest: 00400002"));
            let name = t.find("IFLA_IFNAME (3)").unwrap();
            assert!(
                kind < bad && bad < rest.unwrap() && rest.unwrap() < name,
                "{t}"
            );
        }
    }

    fn render_one(d: &Decoded<'_>, session: &Session) -> String {
        let ctx = Context::new();
        let it = Item {
            frame: 3,
            index: 0,
            ts: Timestamp {
                sec: 1_764_076_856,
                nsec: 5,
            },
            decoded: d,
            info: MsgInfo {
                direction: Direction::guess(&d.msg.header),
                pair: None,
            },
            ctx: &ctx,
            session,
        };
        let mut v = Vec::new();
        render(&mut v, &it, Style::default()).unwrap();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn link_request_tree_both_orders() {
        for e in [Endian::Little, Endian::Big] {
            let b = vlan_request(e);
            let d = decode_link(&b, e);
            let t = render_one(&d, &Session::new());
            assert!(
                t.starts_with("#3.0 2025-11-25T13:20:56.000000005Z ROUTE request\n"),
                "{t}"
            );
            assert!(
                t.contains(
                    "RTM_NEWLINK (16) len 68 flags 0x605 [REQUEST|ACK|EXCL|CREATE] seq 42 pid 0\n"
                ),
                "{t}"
            );
            assert!(
                t.contains("  ifinfomsg +16: ifi_family 0 ifi_type 0 ifi_index 0"),
                "{t}"
            );
            assert!(t.contains("  IFLA_IFNAME (3) +32 len 7: \"v0\"\n"), "{t}");
            assert!(t.contains("  IFLA_LINKINFO (18) +40 len 28:\n"), "{t}");
            assert!(
                t.contains("      IFLA_VLAN_ID (1) +60 len 6: 5000\n"),
                "{t}"
            );
        }
    }

    #[test]
    fn error_with_extack_and_resolved_offset() {
        for e in [Endian::Little, Endian::Big] {
            let req = vlan_request(e);
            let b = error_reply(e, &req, -34, b"8021q: Invalid VLAN id", 60);
            let m = Messages::new(&b, e).next().unwrap().unwrap();
            let d = decode_message(m, 0, &Context::new());
            let t = render_one(&d, &Session::new());
            assert!(t.contains("NLMSG_ERROR (2) len"), "{t}");
            assert!(t.contains("flags 0x200 [ACK_TLVS]"), "{t}");
            assert!(t.contains(
                "  error: -34 ERANGE (Numerical result out of range) \"8021q: Invalid VLAN id\"\n"
            ), "{t}");
            // Without generated rt-link tables the path is found by guessing nests.
            assert!(t.contains("  offending attribute: "), "{t}");
            assert!(t.contains(" at +60\n"), "{t}");
            assert!(t.contains("  request: "), "{t}");
            assert!(t.contains("NLMSGERR_ATTR_MSG (1)"), "{t}");
            assert!(t.contains("NLMSGERR_ATTR_OFFS (2)"), "{t}");
            assert!(t.contains(": 60\n"), "{t}");
        }
    }

    #[test]
    fn capped_error_resolved_in_the_kept_request() {
        for e in [Endian::Little, Endian::Big] {
            let ctx = Context::new();
            let mut session = Session::new();
            let req = vlan_request(e);
            let m = Messages::new(&req, e).next().unwrap().unwrap();
            session.observe(&decode_message(m, 0, &ctx), 5, Timestamp::default());
            // Capped: only the request's header is echoed, then MSG and OFFS.
            let mut body = e.u32_bytes(-34i32 as u32).to_vec();
            body.extend_from_slice(&req[..16]);
            body.extend(attr(e, 1, b"Invalid VLAN id\0"));
            body.extend(attr(e, 2, &e.u32_bytes(60)));
            let h = Header {
                len: (16 + body.len()) as u32,
                ty: 2,
                flags: 0x300,
                seq: 42,
                pid: 77,
            };
            let mut b = h.to_bytes(e).to_vec();
            b.extend(body);
            let m = Messages::new(&b, e).next().unwrap().unwrap();
            let d = decode_message(m, 0, &ctx);
            let info = session.observe(&d, 6, Timestamp::default());
            let it = Item {
                frame: 6,
                index: 0,
                ts: Timestamp::default(),
                decoded: &d,
                info,
                ctx: &ctx,
                session: &session,
            };
            let mut v = Vec::new();
            render(&mut v, &it, Style::default()).unwrap();
            let t = String::from_utf8(v).unwrap();
            assert!(t.contains(
                "  offending attribute: IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_VLAN_ID at +60 in request #5.0\n"
            ), "{t}");
            let mut v = Vec::new();
            crate::render::json::render(&mut v, &it, Style::default()).unwrap();
            let j: serde_json::Value = serde_json::from_slice(&v).unwrap();
            assert_eq!(j["error"]["offending"]["source"], "request");
            assert_eq!(j["error"]["offending"]["path"][2]["name"], "IFLA_VLAN_ID");
            let mut v = Vec::new();
            crate::render::line::render(&mut v, &it, Style::default()).unwrap();
            let l = String::from_utf8(v).unwrap();
            assert!(
                l.contains(" at IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_VLAN_ID seq 42"),
                "{l}"
            );
        }
    }

    #[test]
    fn capture_strings_are_escaped() {
        let e = Endian::Little;
        let req = vlan_request(e);
        let b = error_reply(e, &req, -22, b"evil\x1b[2J\x1b]0;pwned\x07", 52);
        let m = Messages::new(&b, e).next().unwrap().unwrap();
        let d = decode_message(m, 0, &Context::new());
        let t = render_one(&d, &Session::new());
        assert!(t.contains(r#""evil\x1b[2J\x1b]0;pwned\x07""#), "{t}");
        assert!(!t.bytes().any(|c| c == 0x1b || c == 0x07));
    }

    #[test]
    fn ack_and_garbage() {
        let e = Endian::Big;
        let h = Header {
            len: 36,
            ty: 2,
            flags: 0x100,
            seq: 1,
            pid: 9,
        };
        let mut b = h.to_bytes(e).to_vec();
        b.extend([0; 4]);
        b.extend(
            Header {
                len: 32,
                ty: 16,
                flags: 5,
                seq: 1,
                pid: 0,
            }
            .to_bytes(e),
        );
        let m = Messages::new(&b, e).next().unwrap().unwrap();
        let d = decode_message(m, 0, &Context::new());
        let t = render_one(&d, &Session::new());
        assert!(t.contains("  ACK\n"), "{t}");
        assert!(t.contains("  request (capped): "), "{t}");
        // Any byte soup renders without panicking.
        let mut x = 0x1234_5678u32;
        for _ in 0..300 {
            let mut buf = Vec::new();
            for _ in 0..64 {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                buf.push(x as u8);
            }
            buf[..4].copy_from_slice(&e.u32_bytes(64));
            buf[4..6].copy_from_slice(&e.u16_bytes([2, 3, 16, 20][x as usize % 4]));
            let m = Messages::new(&buf, e).next().unwrap().unwrap();
            for proto in [0, 16] {
                let d = decode_message(m, proto, &Context::new());
                let _ = render_one(&d, &Session::new());
            }
        }
    }
}
