//! The line renderer: one line per message, in the spirit of `ip monitor`.
//!
//! ```text
//! 12:16:09.716691 -> ROUTE RTM_NEWLINK [REQUEST|ACK|EXCL|CREATE] bad0 kind vlan seq 1795608970
//! 12:16:09.717030 <- ROUTE NLMSG_ERROR error -34 ERANGE (Numerical result out of range) "8021q: Invalid VLAN id" for RTM_NEWLINK seq 1795608970 (#498 +339.000us)
//! 12:16:04.610097 <* ROUTE RTM_NEWADDR dev lo inet 127.0.0.1/8 scope host label lo seq 0
//! ```
//!
//! (`corpus/rtnl-basic.pcap`.) An extended ACK's offset adds
//! ` at IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_VLAN_ID`.
//!
//! Arrows: `->` request (user space to kernel), `<-` reply, `<*` notification. Key
//! facts come from the well-known rtnetlink headers and attributes (links, addresses,
//! routes, neighbours, rules, next hops), read by their kernel numbers so they show
//! whatever tables are loaded; interface indexes are named from the session
//! (`dev veth0`). Strings from the capture are escaped.

use super::resolve::{resolve_offset, write_step, Target};
use super::{
    extack_msg, extack_u32, offs_request, write_address, write_errno, write_escaped, write_hex,
    write_i64, write_time, write_type_name, write_u64, Item, Joiner, Style, BOLD, RED, RESET,
};
use crate::families::decode::{decode_message, Body, Decoded, Direction};
use crate::families::extack::NLMSGERR_ATTR_OFFS;
use crate::families::schema::Hint;
use crate::wire::attr::Attrs;
use crate::wire::endian::Endian;
use crate::wire::error::DecodeError;
use crate::wire::nlmsg::{flag_names, flags, NLMSG_HDRLEN};
use crate::wire::protocol;
use std::io::{self, Write};

mod keys;
mod route;
pub mod summary;
pub use summary::Summary;

/// Render one message as one line.
pub fn render<W: Write + ?Sized>(w: &mut W, it: &Item<'_, '_>, style: Style) -> io::Result<()> {
    let d = it.decoded;
    write_time(w, it.ts)?;
    w.write_all(match it.info.direction {
        Direction::Request => b" -> ",
        Direction::Reply => b" <- ",
        Direction::Notification => b" <* ",
    })?;
    match super::protocol_name(d.protocol) {
        Some(n) => w.write_all(n.as_bytes())?,
        None => write!(w, "PROTO({})", d.protocol)?,
    }
    w.write_all(b" ")?;
    style.paint(w, BOLD)?;
    write_type_name(w, d, it.ctx)?;
    style.paint(w, RESET)?;
    let h = &d.msg.header;
    if h.flags & flags::NLM_F_REQUEST != 0 {
        w.write_all(b" [")?;
        let mut j = Joiner::new(&mut *w, b"|", false);
        flag_names(h.flags, super::flag_kind(d), |n| j.push(n));
        j.finish()?;
        w.write_all(b"]")?;
    }
    facts(w, d, it, style)?;
    if d.msg.truncated {
        w.write_all(b" [truncated]")?;
    }
    w.write_all(b" seq ")?;
    write_u64(w, u64::from(h.seq))?;
    if let Some(p) = it.info.pair {
        w.write_all(b" (#")?;
        write_u64(w, p.request_frame)?;
        w.write_all(b" +")?;
        super::write_delay(w, p.delay_ns)?;
        w.write_all(b")")?;
    }
    w.write_all(b"\n")
}

/// Render a framing error that ended a record's message stream.
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
    write!(w, " ! {err}")?;
    style.paint(w, RESET)?;
    w.write_all(b" (")?;
    write_u64(w, rest.len() as u64)?;
    w.write_all(b" bytes left)\n")
}

/// Render a record of the capture file that could not be read as a record (shorter than
/// its link-layer header): one line, as [`super::text::render_record_error`].
pub fn render_record_error<W: Write + ?Sized>(
    w: &mut W,
    frame: u64,
    err: &crate::record::CaptureError,
    style: Style,
) -> io::Result<()> {
    super::text::render_record_error(w, frame, err, style)
}

/// Top-level attributes by type number (the first 64 types), one walk.
struct Raw<'a> {
    hdr: &'a [u8],
    attrs: [Option<&'a [u8]>; 64],
    e: Endian,
}

impl<'a> Raw<'a> {
    fn new(d: &Decoded<'a>, hdr_len: usize) -> Self {
        let p = d.msg.payload();
        let e = d.msg.endian;
        let hdr = p.get(..hdr_len).unwrap_or(&[]);
        let mut attrs = [None; 64];
        let rest = p.get(hdr_len..).unwrap_or(&[]);
        for a in Attrs::new(rest, NLMSG_HDRLEN + hdr_len, e).map_while(Result::ok) {
            if let Some(slot) = attrs.get_mut(usize::from(a.ty)) {
                *slot = Some(a.value);
            }
        }
        Raw { hdr, attrs, e }
    }
    fn u8(&self, off: usize) -> Option<u8> {
        self.hdr.get(off).copied()
    }
    fn u32(&self, off: usize) -> Option<u32> {
        self.e.u32_at(self.hdr, off)
    }
    fn attr(&self, ty: usize) -> Option<&'a [u8]> {
        self.attrs.get(ty).copied().flatten()
    }
    fn attr_u32(&self, ty: usize) -> Option<u32> {
        self.attr(ty).and_then(|v| self.e.u32_at(v, 0))
    }
}

fn dev<W: Write + ?Sized>(w: &mut W, index: i64, it: &Item<'_, '_>) -> io::Result<()> {
    w.write_all(b" dev ")?;
    match i32::try_from(index).ok().and_then(|i| it.session.ifname(i)) {
        Some(n) => write_escaped(w, n),
        None => {
            w.write_all(b"if")?;
            write_i64(w, index)
        }
    }
}

fn addr<W: Write + ?Sized>(w: &mut W, b: &[u8]) -> io::Result<()> {
    if !write_address(w, Hint::Ip, b)? {
        write_hex(w, b, None)?;
    }
    Ok(())
}

fn string<W: Write + ?Sized>(w: &mut W, b: &[u8]) -> io::Result<()> {
    write_escaped(w, b.split(|c| *c == 0).next().unwrap_or(&[]))
}

fn facts<W: Write + ?Sized>(
    w: &mut W,
    d: &Decoded<'_>,
    it: &Item<'_, '_>,
    style: Style,
) -> io::Result<()> {
    match &d.body {
        Body::Error(e) => {
            w.write_all(b" ")?;
            match e.error {
                Some(0) => w.write_all(b"ACK")?,
                Some(err) => {
                    style.paint(w, RED)?;
                    w.write_all(b"error ")?;
                    write_errno(w, err)?;
                    style.paint(w, RESET)?;
                }
                None => w.write_all(b"error ?")?,
            }
            if let Some(m) = e.extack.as_ref().and_then(extack_msg) {
                w.write_all(b" \"")?;
                write_escaped(w, m)?;
                w.write_all(b"\"")?;
            }
            if let Some(req) = e.request {
                let r = decode_message(req, d.protocol, it.ctx);
                w.write_all(b" for ")?;
                write_type_name(w, &r, it.ctx)?;
            }
            if let Some(x) = &e.extack {
                offending(w, x, it)?;
            }
            Ok(())
        }
        Body::Done(done) => {
            if let Some(err) = done.error.filter(|e| *e != 0) {
                style.paint(w, RED)?;
                w.write_all(b" error ")?;
                write_errno(w, err)?;
                style.paint(w, RESET)?;
            }
            if let Some(x) = &done.extack {
                if let Some(m) = extack_msg(x) {
                    w.write_all(b" \"")?;
                    write_escaped(w, m)?;
                    w.write_all(b"\"")?;
                }
                offending(w, x, it)?;
            }
            Ok(())
        }
        Body::Noop(_) | Body::Overrun(_) => Ok(()),
        Body::Family(f) => {
            if let Some(p) = &f.header_error {
                write!(w, " ! {p}")?;
            }
            if f.def.is_none() && f.genl.is_none() {
                // A type no table names: its bytes, so that none is lost here either.
                w.write_all(b" payload +")?;
                write_u64(w, crate::wire::nlmsg::NLMSG_HDRLEN as u64)?;
                w.write_all(b" ")?;
                super::write_hex(w, d.msg.payload(), None)?;
                return Ok(());
            }
            match d.protocol {
                protocol::NETLINK_AUDIT => {
                    // An audit record is one line of text: show it.
                    let is_text = f
                        .def
                        .and_then(|m| m.header)
                        .is_some_and(|h| std::ptr::eq(h, &crate::families::audit::AUDIT_TEXT));
                    if is_text {
                        w.write_all(b" ")?;
                        write_escaped(w, crate::families::audit::text(d.msg.payload()))?;
                    }
                    Ok(())
                }
                protocol::NETLINK_ROUTE => {
                    if !route::facts(w, d, it)? {
                        let tc = d.type_name().is_some_and(|n| {
                            ["QDISC", "TCLASS", "TFILTER", "ACTION", "CHAIN"]
                                .iter()
                                .any(|k| n.ends_with(k))
                        });
                        if tc {
                            keys::facts(w, d, it, true)?;
                        }
                    }
                    Ok(())
                }
                protocol::NETLINK_GENERIC => {
                    // nlctrl: the family a NEWFAMILY/GETFAMILY is about.
                    if f.genl
                        .is_some_and(|g| g.family_id == crate::wire::protocol::GENL_ID_CTRL)
                    {
                        let r = Raw::new(d, 4);
                        if let Some(n) = r.attr(2) {
                            w.write_all(b" family ")?;
                            string(w, n)?;
                        }
                        if let Some(id) = r.attr(1).and_then(|v| r.e.u16_at(v, 0)) {
                            w.write_all(b" id ")?;
                            write_u64(w, u64::from(id))?;
                        }
                        Ok(())
                    } else {
                        keys::facts(w, d, it, false)
                    }
                }
                _ => keys::facts(w, d, it, false),
            }
        }
    }
}

/// ` at IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_VLAN_ID` (or ` at +52`) for an
/// extended ACK's offending-attribute offset.
fn offending<W: Write + ?Sized>(
    w: &mut W,
    x: &crate::families::decode::AttrsView<'_>,
    it: &Item<'_, '_>,
) -> io::Result<()> {
    let Some(offs) = extack_u32(x, NLMSGERR_ATTR_OFFS) else {
        return Ok(());
    };
    w.write_all(b" at ")?;
    let target = offs_request(it).map(|(r, _)| resolve_offset(&r, offs as usize));
    match target {
        Some(Target::Attr { path, .. }) => {
            for (i, s) in path.steps().iter().enumerate() {
                if i > 0 {
                    w.write_all(b" > ")?;
                }
                write_step(w, s)?;
            }
            Ok(())
        }
        _ => {
            w.write_all(b"+")?;
            write_u64(w, u64::from(offs))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::families::decode::Context;
    use crate::flow::session::{MsgInfo, Session, Timestamp};
    use crate::render::resolve::tests::{attr, vlan_request};
    use crate::wire::nlmsg::{Header, Messages};

    fn line(buf: &[u8], e: Endian, session: &Session) -> String {
        let ctx = Context::new();
        let m = Messages::new(buf, e).next().unwrap().unwrap();
        let d = decode_message(m, 0, &ctx);
        let it = Item {
            frame: 1,
            index: 0,
            ts: Timestamp {
                sec: 3600 + 61,
                nsec: 1_500_000,
            },
            decoded: &d,
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

    fn msg(e: Endian, ty: u16, fl: u16, body: &[u8]) -> Vec<u8> {
        let h = Header {
            len: (16 + body.len()) as u32,
            ty,
            flags: fl,
            seq: 3,
            pid: 0,
        };
        let mut v = h.to_bytes(e).to_vec();
        v.extend_from_slice(body);
        v
    }

    #[test]
    fn address_notification_names_device() {
        for e in [Endian::Little, Endian::Big] {
            // Teach the session that index 5 is "veth\x1b0".
            let mut link = vec![0u8; 16];
            link[4..8].copy_from_slice(&e.u32_bytes(5));
            link.extend(attr(e, 3, b"veth\x1b0\0"));
            let link = msg(e, 16, 0, &link);
            let mut s = Session::new();
            let ctx = Context::new();
            let m = Messages::new(&link, e).next().unwrap().unwrap();
            s.observe(&decode_message(m, 0, &ctx), 1, Timestamp::default());

            let mut body = vec![2u8, 24, 0, 0];
            body.extend(e.u32_bytes(5));
            body.extend(attr(e, 2, &[10, 0, 0, 1]));
            let t = line(&msg(e, 20, 0, &body), e, &s);
            assert!(t.starts_with("01:01:01.001500 <* ROUTE "), "{t}");
            assert!(
                t.contains(" 5: dev veth\\x1b0 inet 10.0.0.1/24 scope global dynamic seq 3\n"),
                "{t}"
            );
        }
    }

    #[test]
    fn every_table_name_the_line_view_reads_resolves() {
        // A name the tables lack resolves to nothing and its fact would silently
        // not be printed.
        assert!(route::ALL.iter().all(|c| *c != usize::MAX));
        assert!(route::VALUES.iter().all(|v| *v != u64::MAX));
    }

    #[test]
    fn tc_lines_name_kind_handle_and_parent() {
        for e in [Endian::Little, Endian::Big] {
            // RTM_NEWQDISC (36): struct tcmsg { family, pad[3], ifindex, handle, parent,
            // info }, then TCA_KIND (1) "tbf": `tc qdisc add dev if3 handle 1: root tbf`.
            let mut body = vec![0u8; 4];
            body.extend(e.u32_bytes(3));
            body.extend(e.u32_bytes(0x0001_0000));
            body.extend(e.u32_bytes(u32::MAX));
            body.extend(e.u32_bytes(0));
            body.extend(attr(e, 1, b"tbf\0"));
            let t = line(&msg(e, 36, 0, &body), e, &Session::new());
            assert!(
                t.contains(" RTM_NEWQDISC dev 3 handle 1: parent root kind tbf seq 3\n"),
                "{t}"
            );
        }
    }

    #[test]
    fn route_and_error_lines() {
        let e = Endian::Little;
        let mut body = vec![2u8, 16, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0];
        body.extend(attr(e, 1, &[10, 5, 0, 0]));
        body.extend(attr(e, 5, &[192, 0, 2, 1]));
        let t = line(&msg(e, 24, 0x605, &body), e, &Session::new());
        assert!(
            t.contains(" -> ROUTE ")
                && t.contains("[REQUEST|ACK|EXCL|CREATE] 10.5.0.0/16 via 192.0.2.1 seq 3"),
            "{t}"
        );
        let req = vlan_request(e);
        let b = crate::render::text::tests::error_reply(e, &req, -34, b"Invalid VLAN id", 60);
        let t = line(&b, e, &Session::new());
        assert!(t.contains(" <- ROUTE NLMSG_ERROR error -34 ERANGE (Numerical result out of range) \"Invalid VLAN id\" for "), "{t}");
        assert!(
            t.contains(
                " for RTM_NEWLINK at IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_VLAN_ID seq 42\n"
            ),
            "{t}"
        );
    }
}
