//! JSON Lines: one object per message, schema in `docs/json.md` (stable: fields are
//! only ever added).
//!
//! Written by hand into the caller's writer with an escaping string writer: nothing
//! is allocated per message but what the renderers' memo keeps (struct fields and
//! packed arrays not seen before, bounded; see the module doc of `render`). Numbers are JSON numbers, addresses strings, enums a
//! number plus `"enum"` (or `"flags"`) names, bytes without a better form `"hex"`.
//!
//! Nesting is bounded whatever the input, so every line parses with common JSON
//! parsers at their default limits: at most
//! [`MAX_JSON_DEPTH`](crate::wire::limits::MAX_JSON_DEPTH) levels of objects and arrays
//! (serde_json stops at 128). Attributes nested deeper than
//! [`MAX_ATTR_DEPTH`](crate::wire::limits::MAX_ATTR_DEPTH) are `"invalid"` with their
//! `"hex"`; a request echoed deeper than [`MAX_ECHO_DEPTH`] inside `NLMSG_ERROR`s has
//! its `"nlmsg"`, `"depth_capped"` (the bound) and its `"payload"` as hex.

use super::resolve::{resolve_offset, Target};
use super::{
    enum_names, extack_msg, extack_u32, is_address_hint, offs_request, write_address, write_hex,
    write_i64, write_json_str, write_u64, Item, Joiner, Style,
};
use super::{lines, memo};
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
use crate::wire::nlmsg::{flag_names, NLMSG_HDRLEN};
use std::io::{self, Write};

/// `,"k":` as one constant write (three writes per key before: the keys are most of
/// the JSON renderer's writes).
macro_rules! key {
    ($w:expr, $k:literal) => {
        $w.write_all(concat!(",\"", $k, "\":").as_bytes())
    };
}

/// `,"k":` and the number `v`.
macro_rules! num {
    ($w:expr, $k:literal, $v:expr) => {
        key!($w, $k).and_then(|()| write_u64($w, $v))
    };
}

/// `,"k":` for a key chosen at run time.
fn key_dyn<W: Write + ?Sized>(w: &mut W, k: &str) -> io::Result<()> {
    w.write_all(b",\"")?;
    w.write_all(k.as_bytes())?;
    w.write_all(b"\":")
}

fn static_str<W: Write + ?Sized>(w: &mut W, s: &str) -> io::Result<()> {
    write_json_str(w, s.as_bytes())
}

fn opt_name<W: Write + ?Sized>(w: &mut W, n: Option<&str>) -> io::Result<()> {
    match n {
        Some(n) => static_str(w, n),
        None => w.write_all(b"null"),
    }
}

/// `{"name":NAME` and then `next`, the closing quote of a name and the constant key
/// after it (`","type":`): a table name needs no escaping, so the common case is three
/// writes instead of six. (`next` is given with the quote, not matched on: a match on
/// the slice cost a `memcmp` per call when this was not inlined.)
#[inline(always)]
fn name_then<W: Write + ?Sized>(
    w: &mut W,
    name: Option<&str>,
    next: &'static [u8],
) -> io::Result<()> {
    match name {
        Some(n) if super::json_plain(n.as_bytes()) => {
            w.write_all(b"{\"name\":\"")?;
            w.write_all(n.as_bytes())?;
            w.write_all(next)
        }
        n => {
            w.write_all(b"{\"name\":")?;
            opt_name(w, n)?;
            w.write_all(next.get(1..).unwrap_or_default())
        }
    }
}

fn hex<W: Write + ?Sized>(w: &mut W, k: &str, b: &[u8]) -> io::Result<()> {
    key_dyn(w, k)?;
    w.write_all(b"\"")?;
    write_hex(w, b, None)?;
    w.write_all(b"\"")
}

/// `,"redacted":true`: key material left out (`--show-secrets` shows it).
fn redacted<W: Write + ?Sized>(w: &mut W) -> io::Result<()> {
    key!(w, "redacted")?;
    w.write_all(b"true")
}

fn err_text<W: Write + ?Sized>(w: &mut W, e: &DecodeError) -> io::Result<()> {
    // Display text is built from static names and numbers only: no escaping needed.
    w.write_all(b"\"")?;
    write!(w, "{e}")?;
    w.write_all(b"\"")
}

/// Render one message as one JSON object and a newline. Of `style` only
/// `show_secrets` counts: without it, key material
/// ([`crate::families::secrets`]) is `"redacted":true` in place of the value.
pub fn render<W: Write + ?Sized>(w: &mut W, it: &Item<'_, '_>, style: Style) -> io::Result<()> {
    let d = it.decoded;
    let show = style.show_secrets;
    w.write_all(b"{\"frame\":")?;
    write_u64(w, it.frame)?;
    num!(w, "index", u64::from(it.index))?;
    key!(w, "ts")?;
    w.write_all(b"{\"sec\":")?;
    write_i64(w, it.ts.sec)?;
    num!(w, "nsec", u64::from(it.ts.nsec))?;
    w.write_all(b"}")?;
    key!(w, "protocol")?;
    w.write_all(b"{\"num\":")?;
    write_u64(w, u64::from(d.protocol))?;
    key!(w, "name")?;
    opt_name(w, super::protocol_name(d.protocol))?;
    w.write_all(b"}")?;
    key!(w, "direction")?;
    static_str(w, it.info.direction.as_str())?;
    key!(w, "endian")?;
    w.write_all(match d.msg.endian {
        crate::wire::endian::Endian::Little => b"\"little\"",
        crate::wire::endian::Endian::Big => b"\"big\"",
    })?;
    key!(w, "truncated")?;
    w.write_all(if d.msg.truncated { b"true" } else { b"false" })?;
    if let Some(p) = it.info.pair {
        key!(w, "pair")?;
        w.write_all(b"{\"request_frame\":")?;
        write_u64(w, p.request_frame)?;
        num!(w, "request_index", u64::from(p.request_index))?;
        num!(w, "request_type", u64::from(p.request_type))?;
        num!(w, "seq", u64::from(p.seq))?;
        num!(w, "delay_ns", p.delay_ns)?;
        num!(w, "nth", u64::from(p.nth))?;
        key!(w, "last")?;
        w.write_all(if p.last { b"true}" } else { b"false}" })?;
    }
    message_fields(w, d, it, show, 0)?;
    w.write_all(b"}\n")
}

/// Render a framing error that ended a record's message stream.
pub fn render_stream_error<W: Write + ?Sized>(
    w: &mut W,
    frame: u64,
    err: &DecodeError,
    rest: &[u8],
) -> io::Result<()> {
    w.write_all(b"{\"frame\":")?;
    write_u64(w, frame)?;
    key!(w, "stream_error")?;
    w.write_all(b"{\"text\":")?;
    err_text(w, err)?;
    num!(w, "offset", err.offset as u64)?;
    hex(w, "rest", rest)?;
    w.write_all(b"}}\n")
}

/// Render a record of the capture file that could not be read as a record:
/// `{"frame":N,"record_error":{"text":…,"offset":B,…}}`, with `link_type`, `needed` and
/// `available` for a record shorter than its link-layer header.
pub fn render_record_error<W: Write + ?Sized>(
    w: &mut W,
    frame: u64,
    err: &crate::record::CaptureError,
) -> io::Result<()> {
    w.write_all(b"{\"frame\":")?;
    write_u64(w, frame)?;
    key!(w, "record_error")?;
    w.write_all(b"{\"text\":")?;
    write_json_str(w, err.what().to_string().as_bytes())?;
    num!(w, "offset", err.offset)?;
    if let crate::record::ErrorKind::LinkHeaderTooShort {
        link_type,
        needed,
        available,
    } = err.kind
    {
        num!(w, "link_type", u64::from(link_type.0))?;
        num!(w, "needed", u64::from(needed))?;
        num!(w, "available", u64::from(available))?;
    }
    w.write_all(b"}}\n")
}

/// `"nlmsg"`, `"genl"`, `"header"`, `"attrs"`, `"error"`/`"done"`/`"payload"`,
/// each preceded by a comma, of a message `echo` requests deep inside `NLMSG_ERROR`s
/// (0 for the message itself).
fn message_fields<W: Write + ?Sized>(
    w: &mut W,
    d: &Decoded<'_>,
    it: &Item<'_, '_>,
    show: bool,
    echo: u8,
) -> io::Result<()> {
    nlmsg_obj(w, d, it)?;
    body_fields(w, d, it, show, echo)?;
    audit_obj(w, d)
}

/// `,"audit":{…}` for an audit record's text: its stamp and its `key=value` fields
/// in order (`msg='…'` with its own fields), each with its offset.
fn audit_obj<W: Write + ?Sized>(w: &mut W, d: &Decoded<'_>) -> io::Result<()> {
    use crate::families::audit;
    let Body::Family(f) = &d.body else {
        return Ok(());
    };
    let is_text = f
        .def
        .and_then(|m| m.header)
        .is_some_and(|h| std::ptr::eq(h, &audit::AUDIT_TEXT));
    if d.protocol != crate::wire::protocol::NETLINK_AUDIT || !is_text {
        return Ok(());
    }
    let t = audit::text(d.msg.payload());
    key!(w, "audit")?;
    w.write_all(b"{")?;
    let mut at = 0;
    if let Some((time, serial, len)) = audit::stamp(t) {
        w.write_all(b"\"time\":")?;
        write_json_str(w, time)?;
        num!(w, "serial", serial)?;
        w.write_all(b",")?;
        at = len;
    }
    w.write_all(b"\"fields\":")?;
    audit_fields(w, t.get(at..).unwrap_or(&[]), audit::TEXT_OFFSET + at, true)?;
    w.write_all(b"}")
}

fn audit_fields<W: Write + ?Sized>(
    w: &mut W,
    text: &[u8],
    offset: usize,
    nest: bool,
) -> io::Result<()> {
    w.write_all(b"[")?;
    for (i, f) in crate::families::audit::fields(text, offset).enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        w.write_all(b"{\"offset\":")?;
        write_u64(w, f.offset as u64)?;
        if let Some(k) = f.key {
            key!(w, "key")?;
            write_json_str(w, k)?;
        }
        key!(w, "value")?;
        write_json_str(w, f.value)?;
        if nest && f.quote == Some(b'\'') {
            let start = f.offset + f.key.map_or(0, <[u8]>::len) + 2;
            key!(w, "fields")?;
            audit_fields(w, f.value, start, false)?;
        }
        w.write_all(b"}")?;
    }
    w.write_all(b"]")
}

/// `,"nlmsg":{…}`: the header with type and flag names.
fn nlmsg_obj<W: Write + ?Sized>(w: &mut W, d: &Decoded<'_>, it: &Item<'_, '_>) -> io::Result<()> {
    let h = &d.msg.header;
    key!(w, "nlmsg")?;
    w.write_all(b"{\"len\":")?;
    write_u64(w, u64::from(h.len))?;
    key!(w, "type")?;
    w.write_all(b"{\"num\":")?;
    write_u64(w, u64::from(h.ty))?;
    key!(w, "name")?;
    match (&d.body, d.type_name()) {
        (Body::Family(f), _) if f.genl.is_some() => {
            let id = f.genl.map(|g| g.family_id).unwrap_or(h.ty);
            match it.ctx.genl_name(id) {
                Some(n) => write_json_str(w, n.as_bytes())?,
                None => w.write_all(b"null")?,
            }
        }
        (_, n) => opt_name(w, n)?,
    }
    w.write_all(b"}")?;
    // A capture has a handful of flag combinations: write each once (as the text
    // renderer does, keyed alike: the names depend on the operation kind, which the
    // protocol, the type and its table entry decide).
    let def = match &d.body {
        Body::Family(f) => f.def.map_or(0, |m| std::ptr::from_ref(m) as usize),
        _ => 0,
    };
    let id = memo::Id {
        what: memo::what::JSON_FLAGS,
        table: def,
        extra: u64::from(d.protocol),
    };
    let [t0, t1] = h.ty.to_le_bytes();
    let [f0, f1] = h.flags.to_le_bytes();
    memo::write(
        w,
        id,
        &[t0, t1, f0, f1],
        |v| flags_obj(v, h.flags, super::flag_kind(d)).map(|()| true),
        |w| flags_obj(w, h.flags, super::flag_kind(d)),
    )?;
    num!(w, "seq", u64::from(h.seq))?;
    num!(w, "pid", u64::from(h.pid))?;
    w.write_all(b"}")?;
    Ok(())
}

/// `,"flags":{"num":…,"names":[…],"unknown":…}` for `nlmsg_flags` of a message of
/// `kind`.
fn flags_obj<W: Write + ?Sized>(
    w: &mut W,
    flags: u16,
    kind: crate::wire::nlmsg::OpKind,
) -> io::Result<()> {
    key!(w, "flags")?;
    w.write_all(b"{\"num\":")?;
    write_u64(w, u64::from(flags))?;
    key!(w, "names")?;
    w.write_all(b"[")?;
    let mut j = Joiner::new(&mut *w, b",", true);
    let left = flag_names(flags, kind, |n| j.push(n));
    j.finish()?;
    w.write_all(b"]")?;
    num!(w, "unknown", u64::from(left))?;
    w.write_all(b"}")
}

/// The members that depend on the body.
fn body_fields<W: Write + ?Sized>(
    w: &mut W,
    d: &Decoded<'_>,
    it: &Item<'_, '_>,
    show: bool,
    echo: u8,
) -> io::Result<()> {
    match &d.body {
        Body::Noop(p) | Body::Overrun(p) => hex(w, "payload", p)?,
        Body::Done(done) => {
            key!(w, "done")?;
            w.write_all(b"{")?;
            errno_fields(w, done.error)?;
            if let Some(x) = &done.extack {
                extack_summary(w, x)?;
                if let Some(offs) = extack_u32(x, NLMSGERR_ATTR_OFFS) {
                    num!(w, "offs", u64::from(offs))?;
                    key!(w, "offending")?;
                    target(w, offs_request(it).as_ref(), offs as usize)?;
                }
                key!(w, "extack")?;
                attrs(w, x.clone(), it, show)?;
            }
            if !done.extra.is_empty() {
                hex(w, "extra", done.extra)?;
            }
            w.write_all(b"}")?;
        }
        Body::Error(e) => {
            key!(w, "error")?;
            w.write_all(b"{")?;
            errno_fields(w, e.error)?;
            key!(w, "ack")?;
            w.write_all(if e.error == Some(0) {
                b"true"
            } else {
                b"false"
            })?;
            key!(w, "capped")?;
            w.write_all(if e.capped { b"true" } else { b"false" })?;
            let req = e.request.map(|m| decode_message(m, d.protocol, it.ctx));
            if let Some(x) = &e.extack {
                extack_summary(w, x)?;
                let mut source = None;
                for (ty, k) in [
                    (NLMSGERR_ATTR_OFFS, "offending"),
                    (NLMSGERR_ATTR_MISS_NEST, "missing_in"),
                ] {
                    if let Some(offs) = extack_u32(x, ty) {
                        let src = source.get_or_insert_with(|| offs_request(it));
                        key_dyn(w, k)?;
                        target(w, src.as_ref(), offs as usize)?;
                    }
                }
            }
            if let Some(p) = &e.problem {
                key!(w, "problem")?;
                err_text(w, p)?;
            }
            if let Some(r) = &req {
                key!(w, "request")?;
                w.write_all(b"{\"echo_truncated\":")?;
                w.write_all(if r.msg.truncated && !e.capped {
                    b"true"
                } else {
                    b"false"
                })?;
                if e.capped {
                    // Only the header was echoed: no body to show.
                    nlmsg_obj(w, r, it)?;
                } else if echo < MAX_ECHO_DEPTH {
                    message_fields(w, r, it, show, echo + 1)?;
                } else {
                    // Echoes inside echoes stop here (the JSON nesting stays within
                    // `MAX_JSON_DEPTH`): the rest is raw.
                    nlmsg_obj(w, r, it)?;
                    num!(w, "depth_capped", u64::from(MAX_ECHO_DEPTH))?;
                    num!(w, "payload_offset", NLMSG_HDRLEN as u64)?;
                    hex(w, "payload", r.msg.payload())?;
                }
                w.write_all(b"}")?;
            }
            if let Some(x) = &e.extack {
                key!(w, "extack")?;
                attrs(w, x.clone(), it, show)?;
            }
            w.write_all(b"}")?;
        }
        Body::Family(f) => {
            if let Some(g) = f.genl {
                key!(w, "genl")?;
                w.write_all(b"{\"family_id\":")?;
                write_u64(w, u64::from(g.family_id))?;
                key!(w, "family")?;
                match it.ctx.genl_name(g.family_id) {
                    Some(n) => write_json_str(w, n.as_bytes())?,
                    None => w.write_all(b"null")?,
                }
                num!(w, "cmd", u64::from(g.cmd))?;
                key!(w, "cmd_name")?;
                opt_name(w, f.def.map(|d| d.name))?;
                num!(w, "version", u64::from(g.version))?;
                num!(w, "reserved", u64::from(g.reserved))?;
                w.write_all(b"}")?;
            }
            if let Some(hd) = &f.header {
                key!(w, "header")?;
                strukt(w, hd, it, show)?;
            }
            if let Some(p) = &f.header_error {
                key!(w, "header_error")?;
                err_text(w, p)?;
            }
            match super::resolve::guess_attrs(d) {
                Some((hlen, view)) => {
                    let at = view.raw().base() - hlen;
                    key!(w, "header")?;
                    w.write_all(b"{\"struct\":null")?;
                    num!(w, "offset", at as u64)?;
                    num!(w, "len", hlen as u64)?;
                    hex(w, "hex", d.msg.bytes.get(at..at + hlen).unwrap_or(&[]))?;
                    w.write_all(b"}")?;
                    key!(w, "attrs_guessed")?;
                    w.write_all(b"true")?;
                    key!(w, "attrs")?;
                    attrs(w, view, it, show)?;
                }
                None => {
                    key!(w, "attrs")?;
                    attrs(w, f.attrs.clone(), it, show)?;
                }
            }
        }
    }
    Ok(())
}

/// `"errno":-22,"name":"EINVAL","text":"Invalid argument"` (first member of an object).
fn errno_fields<W: Write + ?Sized>(w: &mut W, err: Option<i32>) -> io::Result<()> {
    w.write_all(b"\"errno\":")?;
    let Some(err) = err else {
        return w.write_all(b"null");
    };
    write_i64(w, i64::from(err))?;
    if err < 0 {
        if let Some((name, text)) = crate::families::errno::errno(err.saturating_neg()) {
            key!(w, "name")?;
            static_str(w, name)?;
            key!(w, "text")?;
            static_str(w, text)?;
        }
    }
    Ok(())
}

fn extack_summary<W: Write + ?Sized>(w: &mut W, x: &AttrsView<'_>) -> io::Result<()> {
    if let Some(m) = extack_msg(x) {
        key!(w, "msg")?;
        write_json_str(w, m)?;
    }
    Ok(())
}

/// `{"offset":52,"exact":true,"path":[{"name":…,"type":…,"offset":…},…]}` or with
/// `"field"`/`"struct"` for the fixed headers.
fn target<W: Write + ?Sized>(
    w: &mut W,
    req: Option<&(Decoded<'_>, bool)>,
    offs: usize,
) -> io::Result<()> {
    w.write_all(b"{\"offset\":")?;
    write_u64(w, offs as u64)?;
    let Some((req, kept)) = req else {
        return w.write_all(b",\"in\":null}");
    };
    key!(w, "source")?;
    static_str(w, if *kept { "request" } else { "echo" })?;
    match resolve_offset(req, offs) {
        Target::NlmsgHdr(f) => {
            key!(w, "in")?;
            static_str(w, "nlmsghdr")?;
            key!(w, "field")?;
            static_str(w, f)?;
        }
        Target::GenlHdr => {
            key!(w, "in")?;
            static_str(w, "genlmsghdr")?;
        }
        Target::Fixed { name, field } => {
            key!(w, "in")?;
            static_str(w, name)?;
            key!(w, "field")?;
            match field {
                Some(f) if f.names().iter().all(|n| super::json_plain(n.as_bytes())) => {
                    w.write_all(b"\"")?;
                    f.write(w)?;
                    w.write_all(b"\"")?;
                }
                Some(f) => {
                    let mut n = Vec::new();
                    f.write(&mut n)?;
                    super::write_json_str(w, &n)?;
                }
                None => w.write_all(b"null")?,
            }
        }
        Target::Attr { path, exact } => {
            key!(w, "in")?;
            static_str(w, "attrs")?;
            key!(w, "exact")?;
            w.write_all(if exact { b"true" } else { b"false" })?;
            key!(w, "path")?;
            w.write_all(b"[")?;
            for (i, s) in path.steps().iter().enumerate() {
                if i > 0 {
                    w.write_all(b",")?;
                }
                w.write_all(b"{\"name\":")?;
                opt_name(w, s.name)?;
                key_dyn(w, if s.hop { "hop_offset" } else { "type" })?;
                write_u64(w, u64::from(s.ty))?;
                num!(w, "offset", s.offset as u64)?;
                w.write_all(b"}")?;
            }
            w.write_all(b"]")?;
        }
        Target::Outside => {
            key!(w, "in")?;
            w.write_all(b"null")?;
        }
    }
    w.write_all(b"}")
}

/// `"value":N` plus enum/flag names, or an address string; the key comes first.
fn int_value<W: Write + ?Sized>(w: &mut W, v: i128, hint: Hint) -> io::Result<()> {
    key!(w, "value")?;
    let u = v as u64;
    if matches!(hint, Hint::Ipv4 | Hint::Ip) && (0..=i128::from(u32::MAX)).contains(&v) {
        w.write_all(b"\"")?;
        super::write_ipv4(w, (u as u32).to_be_bytes())?;
        return w.write_all(b"\"");
    }
    match i64::try_from(v) {
        Ok(i) => write_i64(w, i)?,
        Err(_) => write_u64(w, u)?,
    }
    if let (Hint::TcHandle, Ok(h)) = (hint, u32::try_from(v)) {
        key!(w, "handle")?;
        w.write_all(b"\"")?;
        super::write_tc_handle(w, h)?;
        w.write_all(b"\"")?;
    }
    if let Hint::Enum(def) = hint {
        if def.flags {
            key!(w, "flags")?;
            w.write_all(b"[")?;
            let mut j = Joiner::new(&mut *w, b",", true);
            let left = enum_names(def, u, |n| j.push(n));
            j.finish()?;
            w.write_all(b"]")?;
            if left != 0 {
                num!(w, "unknown_bits", left)?;
            }
        } else if let Some(n) = def.name_of(u) {
            key!(w, "enum")?;
            static_str(w, n)?;
        }
    }
    Ok(())
}

fn ifname<W: Write + ?Sized>(w: &mut W, v: i64, it: &Item<'_, '_>) -> io::Result<()> {
    if let Some(n) = super::ifname_of(it, v) {
        key!(w, "ifname")?;
        write_json_str(w, n)?;
    }
    Ok(())
}

fn bytes_value<W: Write + ?Sized>(w: &mut W, b: &[u8], hint: Hint) -> io::Result<()> {
    if let Hint::Text = hint {
        key!(w, "value")?;
        write_json_str(w, b.split(|c| *c == 0).next().unwrap_or(b))?;
        return hex(w, "hex", b);
    }
    if is_address_hint(hint) {
        let mut tmp = [0u8; 64];
        let mut cur = io::Cursor::new(&mut tmp[..]);
        if b.len() <= 16 && write_address(&mut cur, hint, b)? {
            let n = cur.position() as usize;
            key!(w, "value")?;
            w.write_all(b"\"")?;
            w.write_all(tmp.get(..n).unwrap_or(&[]))?;
            return w.write_all(b"\"");
        }
    }
    hex(w, "hex", b)
}

/// `{"struct":"ifinfomsg","offset":16,"len":16,"fields":[…]}`.
fn strukt<W: Write + ?Sized>(
    w: &mut W,
    s: &StructView<'_>,
    it: &Item<'_, '_>,
    show: bool,
) -> io::Result<()> {
    w.write_all(b"{\"struct\":")?;
    static_str(w, s.def.name)?;
    num!(w, "offset", s.offset as u64)?;
    num!(w, "len", s.bytes.len() as u64)?;
    key!(w, "fields")?;
    if s.bytes.len() >= memo::MIN_BYTES {
        // The members show their offsets: the struct's offset is part of the key.
        // Interface names come from the session: left as holes, filled each time.
        let id = memo::Id {
            what: memo::what::JSON_STRUCT,
            table: std::ptr::from_ref(s.def) as usize,
            extra: (s.offset as u64) << 1 | u64::from(s.endian == Endian::Big),
        };
        memo::write_with_holes(
            w,
            id,
            s.bytes,
            |v, holes| {
                fields(v, s, show, &mut |v: &mut Vec<u8>, value| {
                    holes.push(memo::Hole { at: v.len(), value });
                    Ok(())
                })
            },
            |w, h| ifname(w, h.value, it),
            |w| fields(w, s, show, &mut |w, v| ifname(w, v, it)).map(|_| ()),
        )?;
    } else {
        fields(w, s, show, &mut |w, v| ifname(w, v, it))?;
    }
    w.write_all(b"}")
}

/// The `[…]` of a struct's members, then `"short"` and `"tail"` when there are any.
/// `dev` is called after the value of each member that holds an ifindex (its name and
/// value), to write the interface name or note where it goes. `Ok(true)` unless a
/// member holds key material (whether it shows depends on `show`, not on the bytes):
/// the rest depends on nothing but the layout, the byte order, the offset and the
/// bytes.
///
/// The members come from the visitor ([`visit_struct`]), one [`Visit::member`] each.
fn fields<W: Write + ?Sized>(
    w: &mut W,
    s: &StructView<'_>,
    show: bool,
    dev: &mut impl FnMut(&mut W, i64) -> io::Result<()>,
) -> io::Result<bool> {
    w.write_all(b"[")?;
    let mut m = Fields {
        w: &mut *w,
        offset: s.offset,
        dev,
        within: Within::default(),
        first: true,
        show,
        pure: true,
        res: Ok(()),
    };
    visit_struct(s, &mut m);
    m.res?;
    let pure = m.pure;
    w.write_all(b"]")?;
    if s.is_short() {
        key!(w, "short")?;
        w.write_all(b"true")?;
    }
    let tail = s.tail();
    if !tail.is_empty() {
        hex(w, "tail", tail)?;
    }
    Ok(pure)
}

/// Writes the members of one struct: `{"name":…,"offset":…,"value":…}` each.
struct Fields<'w, 'd, W: Write + ?Sized, D> {
    w: &'w mut W,
    offset: usize,
    dev: &'d mut D,
    /// The embedded structs the members are in (their names prefix the members',
    /// their offsets add to the members').
    within: Within,
    first: bool,
    /// `--show-secrets`.
    show: bool,
    /// No member held key material.
    pure: bool,
    res: io::Result<()>,
}

impl<'a, W, D> Visit<'a> for Fields<'_, '_, W, D>
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

impl<W, D> Fields<'_, '_, W, D>
where
    W: Write + ?Sized,
    D: FnMut(&mut W, i64) -> io::Result<()>,
{
    /// One member's object (nothing for zero padding).
    #[inline(never)]
    fn write_member(&mut self, f: &'static Field, v: FieldValue<'_>) -> io::Result<()> {
        let Some(hint) = super::field_hint(f, &v) else {
            return Ok(());
        };
        let w = &mut *self.w;
        if !self.first {
            w.write_all(b",")?;
        }
        self.first = false;
        if self.within.is_empty() {
            name_then(w, Some(f.name), b"\",\"offset\":")?;
            write_u64(w, (self.offset + f.offset) as u64)?;
        } else {
            embedded_name(w, &self.within, f)?;
            w.write_all(b",\"offset\":")?;
            write_u64(w, (self.offset + self.within.offset() + f.offset) as u64)?;
        }
        match v {
            // Most members have no hint: a plain number, as `int_value` would write it.
            FieldValue::Unsigned(u) => {
                if matches!(hint, Hint::None) {
                    key!(w, "value")?;
                    write_u64(w, u)?;
                } else {
                    int_value(w, i128::from(u), hint)?;
                }
                if matches!(hint, Hint::Ifindex) {
                    (self.dev)(w, u as i64)?;
                }
            }
            FieldValue::Signed(i) => {
                int_value(w, i128::from(i), hint)?;
                if matches!(hint, Hint::Ifindex) {
                    (self.dev)(w, i)?;
                }
            }
            FieldValue::Bytes(b) if is_secret(f.name) => {
                self.pure = false;
                if self.show {
                    bytes_value(w, b, hint)?;
                } else {
                    redacted(w)?;
                }
            }
            FieldValue::Bytes(b) => bytes_value(w, b, hint)?,
        }
        w.write_all(b"}")
    }
}

/// `{"name":"sel.daddr"` of a member of an embedded struct: the embedding members'
/// names and its own, joined by `.` (table names need no escaping; any other is
/// escaped whole).
fn embedded_name<W: Write + ?Sized>(w: &mut W, within: &Within, f: &Field) -> io::Result<()> {
    w.write_all(b"{\"name\":")?;
    let plain = within
        .fields()
        .map(|o| o.name)
        .chain([f.name])
        .all(|n| super::json_plain(n.as_bytes()));
    if plain {
        w.write_all(b"\"")?;
        super::write_member_name(w, within, f)?;
        w.write_all(b"\"")
    } else {
        let mut name = Vec::new();
        super::write_member_name(&mut name, within, f)?;
        super::write_json_str(w, &name)
    }
}

/// `,"values":[…]` of a packed array (element `i` at position `i`), then `"tail"`.
fn packed<W: Write + ?Sized>(w: &mut W, p: &Packed<'_>) -> io::Result<()> {
    key!(w, "values")?;
    w.write_all(b"[")?;
    let mut e = Values {
        w: &mut *w,
        first: true,
        res: Ok(()),
    };
    visit_elements(p, &mut e);
    e.res?;
    w.write_all(b"]")?;
    let tail = p.rest();
    if !tail.is_empty() {
        hex(w, "tail", tail)?;
    }
    Ok(())
}

/// Writes the elements of a packed array, separated by commas.
struct Values<'w, W: Write + ?Sized> {
    w: &'w mut W,
    first: bool,
    res: io::Result<()>,
}

impl<W: Write + ?Sized> Visit<'_> for Values<'_, W> {
    #[inline(always)]
    fn element(&mut self, el: Element) {
        if self.res.is_ok() {
            self.res = self.write_element(el);
        }
    }
}

impl<W: Write + ?Sized> Values<'_, W> {
    #[inline(always)]
    fn write_element(&mut self, el: Element) -> io::Result<()> {
        if !self.first {
            self.w.write_all(b",")?;
        }
        self.first = false;
        match el {
            Element::Unsigned(u) => write_u64(self.w, u),
            Element::Signed(x) => write_i64(self.w, x),
        }
    }
}

/// An array of attribute objects: the view walked by the visitor ([`visit_attrs`]:
/// compiled walkers where there are any, the tables elsewhere), every value written
/// by [`Objects`].
fn attrs<W: Write + ?Sized>(
    w: &mut W,
    view: AttrsView<'_>,
    it: &Item<'_, '_>,
    show: bool,
) -> io::Result<()> {
    w.write_all(b"[")?;
    let raw = view.raw();
    lines::with(|lines| {
        let mut o = Objects {
            lines,
            w: &mut *w,
            it,
            show,
            top: raw.buffer(),
            base: raw.base(),
            at: Frame {
                open: Open::List,
                first: true,
                hop_open: false,
                from: narrow(raw.base()),
                end: narrow(raw.base() + raw.buffer().len()),
            },
            stack: [Frame::EMPTY; STACK],
            depth: 0,
            res: Ok(()),
        };
        visit_attrs(&view, &mut o);
        o.res
    })?;
    w.write_all(b"]")
}

/// What an attribute with contents ([`Visit::begin`]) holds, for what closes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    /// `"attrs":[…]`: a nest, an indexed array, a packed array sent as a nest (and
    /// the message's own list).
    List,
    /// `"struct":{…}`.
    Struct,
    /// `"structs":[…]` then `"tail"` (the bytes here).
    Array,
    /// `"format"`, `"header"`, `"attrs":[…]` (not yet open while `first` is false
    /// and `hop_open` true: see [`Objects::format_key`]).
    Sub,
    /// `"hops":[{…,"attrs":[…]},…]`.
    Multipath,
}

/// Where [`Objects`] is: the innermost attribute with contents (small: a stack of
/// them is set up for every list walked).
#[derive(Clone, Copy)]
struct Frame {
    open: Open,
    /// No element has been written in the innermost array yet.
    first: bool,
    /// Multipath: a hop's object and its `"attrs"` are open. Sub-message: its
    /// header is still to come, `"attrs"` not open.
    hop_open: bool,
    /// Where the current list's bytes start and end (offsets from the message
    /// start; a framing error leaves `..end` unwalked). For a struct array: where
    /// the bytes after its whole structs start.
    from: u32,
    end: u32,
}

impl Frame {
    const EMPTY: Frame = Frame {
        open: Open::List,
        first: true,
        hop_open: false,
        from: 0,
        end: 0,
    };
}

/// An offset as kept in a [`Frame`] (offsets of one capture record fit).
#[inline(always)]
fn narrow(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

/// How many frames can be open at once: every attribute with contents is at most
/// [`MAX_ATTR_DEPTH`](crate::wire::limits::MAX_ATTR_DEPTH) levels of nesting deep,
/// plus its value's own level, and a multipath level takes two frames (the hops'
/// array and a hop's attributes: `RTA_MULTIPATH` inside a hop nests them).
const STACK: usize = 2 * crate::wire::limits::MAX_ATTR_DEPTH as usize + 4;

/// `{"name":…,"type":…,"offset":…,"len":…` and the header bits of an attribute.
#[inline(always)]
fn head_obj<W: Write + ?Sized>(w: &mut W, attr: &Attr<'_>, row: Row) -> io::Result<()> {
    name_then(w, row.name, b"\",\"type\":")?;
    write_u64(w, u64::from(attr.ty))?;
    num!(w, "offset", attr.offset as u64)?;
    num!(w, "len", attr.value.len() as u64 + 4)?;
    if attr.nested {
        key!(w, "nla_nested")?;
        w.write_all(b"true")?;
    }
    if attr.net_byteorder {
        key!(w, "nla_net_byteorder")?;
        w.write_all(b"true")?;
    }
    Ok(())
}

/// The value of a leaf attribute and its object's end.
#[inline(always)]
fn leaf_rest<W: Write + ?Sized>(
    w: &mut W,
    it: &Item<'_, '_>,
    row: Row,
    value: Leaf<'_>,
) -> io::Result<()> {
    let hint = hint_of(row);
    match value {
        Leaf::Unsigned(u) => {
            if matches!(hint, Hint::None) {
                key!(w, "value")?;
                write_u64(w, u)?;
            } else {
                int_value(w, i128::from(u), hint)?;
            }
            if matches!(hint, Hint::Ifindex) {
                ifname(w, u as i64, it)?;
            }
        }
        Leaf::Signed(i) => {
            int_value(w, i128::from(i), hint)?;
            if matches!(hint, Hint::Ifindex) {
                ifname(w, i, it)?;
            }
        }
        Leaf::String(s) => {
            key!(w, "value")?;
            write_json_str(w, s)?;
        }
        Leaf::Bytes(b) => bytes_value(w, b, hint)?,
        Leaf::Flag => {
            key!(w, "value")?;
            w.write_all(b"true")?;
        }
        Leaf::Bitfield32 { value, selector } => {
            let h = match row.kind {
                Some(Kind::Bitfield32(Some(def))) => Hint::Enum(def),
                _ => Hint::None,
            };
            int_value(w, i128::from(value), h)?;
            num!(w, "selector", u64::from(selector))?;
        }
        Leaf::Unknown(b) => {
            key!(w, "unknown")?;
            w.write_all(b"true")?;
            hex(w, "hex", b)?;
        }
    }
    w.write_all(b"}")
}

/// The JSON renderer's visitor: one object per attribute, each kind of value written
/// in one place ([`Objects::value`], [`strukt`], [`packed`]).
struct Objects<'w, 'i, 't, 'a, W: Write + ?Sized> {
    /// The line cache, borrowed for this walk.
    lines: lines::Table<'t>,
    w: &'w mut W,
    it: &'i Item<'i, 'i>,
    /// `--show-secrets`.
    show: bool,
    /// The bytes of the list the walk started with, and their offset: every list
    /// and value below it lies inside.
    top: &'a [u8],
    base: usize,
    at: Frame,
    stack: [Frame; STACK],
    depth: usize,
    /// The first write error (the rest of the walk writes nothing more).
    res: io::Result<()>,
}

impl<'a, W: Write + ?Sized> Objects<'_, '_, '_, 'a, W> {
    #[inline(always)]
    fn note(&mut self, r: io::Result<()>) {
        if self.res.is_ok() {
            self.res = r;
        }
    }

    /// The bytes from offset `from` to `end`.
    fn bytes(&self, from: u32, end: u32) -> &'a [u8] {
        let (a, b) = (from as usize, end as usize);
        let (a, b) = (a.wrapping_sub(self.base), b.wrapping_sub(self.base));
        self.top.get(a..b).unwrap_or(&[])
    }

    fn push(&mut self, f: Frame) {
        if let Some(s) = self.stack.get_mut(self.depth) {
            *s = self.at;
        }
        self.depth += 1;
        self.at = f;
    }

    fn pop(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if let Some(s) = self.stack.get(self.depth) {
            self.at = *s;
        }
    }

    /// A comma unless this is the first element of its array.
    #[inline(always)]
    fn comma(&mut self) -> io::Result<()> {
        if self.at.first {
            self.at.first = false;
            return Ok(());
        }
        self.w.write_all(b",")
    }

    /// `{"name":…,"type":…,"offset":…,"len":…` and the header bits of an attribute,
    /// from the [`lines`] cache when the same head was written before.
    #[inline(always)]
    fn head(&mut self, attr: &Attr<'_>, row: Row) -> io::Result<()> {
        self.comma()?;
        let key = lines::Key::new(attr, row, 0, lines::json_bits(attr));
        match self.lines.write(self.w, key, |v| head_obj(v, attr, row)) {
            Some(r) => r,
            None => head_obj(self.w, attr, row),
        }
    }

    /// An attribute with a leaf value: a small one from the [`lines`] cache.
    #[inline(never)]
    fn value(&mut self, attr: &Attr<'a>, row: Row, value: Leaf<'a>) -> io::Result<()> {
        let it = self.it;
        if !self.show
            && matches!(value, Leaf::Bytes(_) | Leaf::Unknown(_))
            && row.name.is_some_and(is_secret)
        {
            self.head(attr, row)?;
            redacted(self.w)?;
            return self.w.write_all(b"}");
        }
        let key = lines::Key::line(attr, row, 0, lines::json_bits(attr), value);
        if key.is_some() {
            self.comma()?;
            let obj = |v: &mut &mut [u8]| {
                head_obj(v, attr, row)?;
                leaf_rest(v, it, row, value)
            };
            if let Some(r) = self.lines.write(self.w, key, obj) {
                return r;
            }
            head_obj(self.w, attr, row)?;
        } else {
            self.head(attr, row)?;
        }
        leaf_rest(self.w, it, row, value)
    }

    #[inline(never)]
    fn invalid_obj(&mut self, attr: &Attr<'a>, row: Row, error: &DecodeError) -> io::Result<()> {
        self.head(attr, row)?;
        let w = &mut *self.w;
        key!(w, "invalid")?;
        err_text(w, error)?;
        if !self.show && row.name.is_some_and(is_secret) {
            redacted(w)?;
        } else {
            hex(w, "hex", attr.value)?;
        }
        w.write_all(b"}")
    }

    /// An attribute with contents, up to where its contents start.
    #[inline(never)]
    fn open(&mut self, attr: &Attr<'a>, row: Row) -> io::Result<()> {
        self.head(attr, row)?;
        let (n, at) = (attr.value.len(), attr.value_offset());
        let (open, from, key): (_, _, &[u8]) = match row.kind {
            Some(Kind::Struct(_)) => (Open::Struct, at, b",\"struct\":"),
            Some(Kind::StructArray(def)) => {
                let whole = n - n.checked_rem(def.size).unwrap_or(0);
                (Open::Array, at + whole, b",\"structs\":[")
            }
            // `"format"` and the rest come with the format.
            Some(Kind::Headed(_) | Kind::SubMessage { .. }) => (Open::Sub, at, b""),
            Some(Kind::Special(_)) => (Open::Multipath, at, b",\"hops\":["),
            // Nests, indexed arrays, packed arrays sent as nests.
            _ => (Open::List, at, b",\"attrs\":["),
        };
        self.push(Frame {
            open,
            first: true,
            hop_open: false,
            from: narrow(from),
            end: narrow(at + n),
        });
        self.w.write_all(key)
    }

    #[inline(never)]
    fn close(&mut self) -> io::Result<()> {
        let at = self.at;
        self.pop();
        let tail = self.bytes(at.from, at.end);
        let w = &mut *self.w;
        match at.open {
            Open::Struct => {}
            Open::Array => {
                w.write_all(b"]")?;
                if !tail.is_empty() {
                    hex(w, "tail", tail)?;
                }
            }
            Open::Multipath => {
                if at.hop_open {
                    w.write_all(b"]}")?;
                }
                w.write_all(b"]")?;
            }
            Open::Sub | Open::List => w.write_all(b"]")?,
        }
        w.write_all(b"}")
    }

    /// `"format"` of a sub-message, and its `"attrs"` when it has no header.
    #[inline(never)]
    fn format_key(&mut self, format: &'static SubFormat) -> io::Result<()> {
        let w = &mut *self.w;
        key!(w, "format")?;
        static_str(w, format.value)?;
        if format.header.is_some() {
            // `"header"` comes first, then `"attrs"` (`struct_obj`).
            self.at.hop_open = true;
            return Ok(());
        }
        key!(w, "attrs")?;
        w.write_all(b"[")
    }

    /// A struct: an attribute's, an array element, a sub-message's header.
    #[inline(never)]
    fn struct_obj(&mut self, s: &StructView<'a>) -> io::Result<()> {
        match self.at.open {
            Open::Array => self.comma()?,
            Open::Sub if self.at.hop_open => key!(self.w, "header")?,
            _ => {}
        }
        strukt(self.w, s, self.it, self.show)?;
        if self.at.open == Open::Sub && self.at.hop_open {
            self.at.hop_open = false;
            key!(self.w, "attrs")?;
            self.w.write_all(b"[")?;
        }
        Ok(())
    }

    #[inline(never)]
    fn packed_value(&mut self, attr: &Attr<'a>, row: Row, p: &Packed<'a>) -> io::Result<()> {
        self.head(attr, row)?;
        let w = &mut *self.w;
        if p.bytes.len() >= memo::MIN_BYTES {
            let id = memo::Id::packed(memo::what::JSON_PACKED, row.kind, p);
            memo::write(
                w,
                id,
                p.bytes,
                |v| packed(v, p).map(|()| true),
                |w| packed(w, p),
            )?;
        } else {
            packed(w, p)?;
        }
        w.write_all(b"}")
    }

    /// The start of a hop's object, up to its `"attrs":[`.
    #[inline(never)]
    fn hop_obj(&mut self, h: &NextHop<'a>) -> io::Result<()> {
        self.end_hop()?;
        self.comma()?;
        let raw = h.attrs.raw();
        let (w, it) = (&mut *self.w, self.it);
        w.write_all(b"{\"offset\":")?;
        write_u64(w, h.offset as u64)?;
        num!(w, "flags", u64::from(h.flags))?;
        num!(w, "hops", u64::from(h.hops))?;
        key!(w, "ifindex")?;
        write_i64(w, i64::from(h.ifindex))?;
        ifname(w, i64::from(h.ifindex), it)?;
        key!(w, "attrs")?;
        w.write_all(b"[")?;
        // The hop's attributes are a list of their own, inside the hops' array.
        self.push(Frame {
            open: Open::List,
            first: true,
            hop_open: false,
            from: narrow(raw.base()),
            end: narrow(raw.base() + raw.buffer().len()),
        });
        Ok(())
    }

    /// Close the open hop's list and object, if any.
    #[inline(always)]
    fn end_hop(&mut self) -> io::Result<()> {
        if self.at.open == Open::List && self.depth > 0 {
            // Inside a hop: its list is the frame above the multipath's.
            if let Some(f) = self.stack.get(self.depth - 1) {
                if f.open == Open::Multipath && f.hop_open {
                    self.pop();
                    self.at.hop_open = false;
                    return self.w.write_all(b"]}");
                }
            }
        }
        Ok(())
    }

    #[inline(never)]
    fn hop_error(&mut self, e: &DecodeError) -> io::Result<()> {
        self.end_hop()?;
        self.comma()?;
        let w = &mut *self.w;
        w.write_all(b"{\"error\":")?;
        err_text(w, e)?;
        num!(w, "offset", e.offset as u64)?;
        w.write_all(b"}")
    }

    /// A framing error and the bytes it leaves.
    #[inline(never)]
    fn framing_obj(&mut self, e: &DecodeError) -> io::Result<()> {
        self.comma()?;
        let rest = self.bytes(narrow(e.offset), self.at.end);
        let w = &mut *self.w;
        w.write_all(b"{\"error\":")?;
        err_text(w, e)?;
        num!(w, "offset", e.offset as u64)?;
        hex(w, "hex", rest)?;
        w.write_all(b"}")
    }
}

impl<'a, W: Write + ?Sized> Visit<'a> for Objects<'_, '_, '_, 'a, W> {
    #[inline(always)]
    fn leaf(&mut self, attr: &Attr<'a>, row: Row, value: Leaf<'a>) {
        let r = self.value(attr, row, value);
        self.note(r);
    }

    #[inline(always)]
    fn invalid(&mut self, attr: &Attr<'a>, row: Row, error: &DecodeError) {
        let r = self.invalid_obj(attr, row, error);
        self.note(r);
    }

    #[inline(always)]
    fn begin(&mut self, attr: &Attr<'a>, row: Row) {
        let r = self.open(attr, row);
        self.note(r);
    }

    #[inline(always)]
    fn end(&mut self) {
        // A multipath's last hop is still open: close it first.
        let r = self.end_hop().and_then(|()| self.close());
        self.note(r);
    }

    #[inline(always)]
    fn whole_struct(&mut self, s: &StructView<'a>) -> bool {
        let r = self.struct_obj(s);
        self.note(r);
        true
    }

    #[inline(always)]
    fn packed(&mut self, attr: &Attr<'a>, row: Row, p: &Packed<'a>) {
        let r = self.packed_value(attr, row, p);
        self.note(r);
    }

    #[inline(always)]
    fn format(&mut self, format: &'static SubFormat) {
        let r = self.format_key(format);
        self.note(r);
    }

    #[inline(always)]
    fn hop(&mut self, hop: &NextHop<'a>) {
        let r = self.hop_obj(hop);
        if r.is_ok() {
            // `end_hop` finds the hop open from the multipath's frame.
            if let Some(f) = self.stack.get_mut(self.depth.wrapping_sub(1)) {
                f.hop_open = true;
            }
        }
        self.note(r);
    }

    #[inline(always)]
    fn framing(&mut self, error: &DecodeError) {
        let r = self.framing_obj(error);
        self.note(r);
    }

    #[inline(always)]
    fn hop_framing(&mut self, error: &DecodeError) {
        let r = self.hop_error(error);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::families::decode::{Context, Direction};
    use crate::flow::session::{MsgInfo, Pairing, Session, Timestamp};
    use crate::render::resolve::tests::{decode_link, vlan_request};
    use crate::wire::endian::Endian;
    use crate::wire::nlmsg::Messages;

    fn error_reply(e: Endian, req: &[u8], errno: i32, msg: &[u8], offs: u32) -> Vec<u8> {
        crate::render::text::tests::error_reply(e, req, errno, msg, offs)
    }

    fn json(d: &Decoded<'_>, pair: Option<Pairing>) -> serde_json::Value {
        let ctx = Context::new();
        let session = Session::new();
        let it = Item {
            frame: 7,
            index: 1,
            ts: Timestamp { sec: 5, nsec: 6 },
            decoded: d,
            info: MsgInfo {
                direction: Direction::Reply,
                pair,
            },
            ctx: &ctx,
            session: &session,
        };
        let mut v = Vec::new();
        render(&mut v, &it, Style::default()).unwrap();
        assert_eq!(v.last(), Some(&b'\n'));
        assert_eq!(v.iter().filter(|b| **b == b'\n').count(), 1);
        serde_json::from_slice(&v)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&v)))
    }

    #[test]
    fn a_framing_error_in_a_nest_is_an_error_object_after_the_good_attributes() {
        for e in [Endian::Little, Endian::Big] {
            let b = crate::render::text::tests::link_with_bad_nest(e);
            let m = Messages::new(&b, e).next().unwrap().unwrap();
            let d = crate::families::decode::decode_message(m, 0, &Context::new());
            let j = json(&d, None);
            let info = &j["attrs"][1]["attrs"];
            assert_eq!(info[0]["name"], "IFLA_INFO_KIND");
            assert_eq!(info[1]["offset"], 16 + 16 + 8 + 4 + 12);
            assert!(info[1]["error"].is_string(), "{info}");
            assert_eq!(info.as_array().map(Vec::len), Some(2));
            assert_eq!(j["attrs"][2]["name"], "IFLA_IFNAME");
        }
    }

    #[test]
    fn request_tree_both_orders() {
        for e in [Endian::Little, Endian::Big] {
            let b = vlan_request(e);
            let d = decode_link(&b, e);
            let j = json(&d, None);
            assert_eq!(j["frame"], 7);
            assert_eq!(j["nlmsg"]["len"], 68);
            assert_eq!(j["nlmsg"]["flags"]["names"][3], "CREATE");
            assert_eq!(j["header"]["struct"], "ifinfomsg");
            assert_eq!(j["header"]["fields"][1]["name"], "ifi_type");
            assert_eq!(j["attrs"][0]["value"], "v0");
            let vlan = &j["attrs"][1]["attrs"][1]["attrs"][0];
            assert_eq!(vlan["name"], "IFLA_VLAN_ID");
            assert_eq!(vlan["value"], 5000);
            assert_eq!(vlan["offset"], 60);
            assert_eq!(
                j["endian"],
                if e == Endian::Little { "little" } else { "big" }
            );
        }
    }

    #[test]
    fn error_with_extack() {
        for e in [Endian::Little, Endian::Big] {
            let req = vlan_request(e);
            let b = error_reply(e, &req, -34, b"Invalid \x1b[2J VLAN id", 60);
            let m = Messages::new(&b, e).next().unwrap().unwrap();
            let d = crate::families::decode::decode_message(m, 0, &Context::new());
            let pair = Pairing {
                request_frame: 6,
                request_index: 0,
                request_type: 16,
                seq: 42,
                delay_ns: 1000,
                nth: 1,
                last: true,
            };
            let j = json(&d, Some(pair));
            let err = &j["error"];
            assert_eq!(err["errno"], -34);
            assert_eq!(err["name"], "ERANGE");
            assert_eq!(err["ack"], false);
            assert_eq!(err["msg"], "Invalid \u{1b}[2J VLAN id");
            assert_eq!(err["offending"]["offset"], 60);
            assert_eq!(err["offending"]["path"].as_array().unwrap().len(), 3);
            assert_eq!(err["request"]["nlmsg"]["len"], 68);
            assert_eq!(err["extack"][0]["name"], "NLMSGERR_ATTR_MSG");
            assert_eq!(err["extack"][1]["value"], 60);
            assert_eq!(j["pair"]["request_frame"], 6);
            assert_eq!(j["pair"]["delay_ns"], 1000);
        }
    }

    #[test]
    fn byte_soup_is_valid_json() {
        let mut x = 0x9e37_79b9u32;
        for e in [Endian::Little, Endian::Big] {
            for _ in 0..300 {
                let mut buf = Vec::new();
                for _ in 0..80 {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    buf.push(x as u8);
                }
                buf[..4].copy_from_slice(&e.u32_bytes(80));
                buf[4..6].copy_from_slice(&e.u16_bytes([2, 3, 16, 20, 1][x as usize % 5]));
                let m = Messages::new(&buf, e).next().unwrap().unwrap();
                for proto in [0, 16] {
                    let d = crate::families::decode::decode_message(m, proto, &Context::new());
                    let j = json(&d, None);
                    assert!(j.is_object());
                }
            }
        }
    }
}
