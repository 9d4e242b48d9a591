//! The two shipped examples of a user's own spec (`examples/specs/`): their
//! captures in `corpus/` are made here, and decoding them with and without the spec
//! is checked.
//!
//! - `corpus/usersock-echo.pcap`: the `nlscope-echo` protocol
//!   (`examples/specs/nlscope-echo.yaml`) on `NETLINK_USERSOCK`. A user-space
//!   stand-in for both sides: two `NETLINK_USERSOCK` sockets of this process send
//!   each other the messages; each record holds the bytes as the receiving socket
//!   got them from the kernel, behind the 16-byte nlmon header. It is written by
//!   this test with nlscope's pcap writer, not tapped by an nlmon device (that needs
//!   root and a device; the bytes are the same, as the kernel passes a unicast
//!   netlink message on unchanged).
//! - `corpus/genl-demo.pcap`: the `nlscope-demo` generic-netlink family
//!   (`examples/specs/nlscope-demo.yaml`). Built, not captured: the messages are
//!   made with `wire::build::MsgBuilder` (nlctrl's `CTRL_CMD_NEWFAMILY` announcing
//!   the family first, as the kernel's would) and written with the pcap writer.
//!
//! The files are regenerated with `NLSCOPE_BLESS=1 cargo test --test spec_examples`,
//! then their goldens with `nlscope check corpus --bless`; without
//! `NLSCOPE_BLESS` the test fails when what it makes differs from the committed file.

// Test helpers outside #[test] functions: a failed read is a failed test.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use nlscope::families::decode::{Context, Value};
use nlscope::families::schema::Kind;
use nlscope::families::spec;
use nlscope::flow::walk::{EndianMode, Event, RecordIn, Walker};
use nlscope::record::pcapwrite::{nlmon_header, CaptureWriter, Format, Record};
use nlscope::record::read_all;
use nlscope::wire::build::MsgBuilder;
use nlscope::wire::endian::Endian;
use nlscope::wire::protocol::{GENL_ID_CTRL, NETLINK_GENERIC, NETLINK_USERSOCK};
use std::path::{Path, PathBuf};
use std::time::Duration;

const NLM_F_REQUEST: u16 = 0x1;
const NLM_F_MULTI: u16 = 0x2;
const NLM_F_ACK: u16 = 0x4;
const NLM_F_DUMP: u16 = 0x300;
const NLMSG_DONE: u16 = 3;
/// `PACKET_OUTGOING`: what every real nlmon record carries (NETLINK-FACTS §1).
const PACKET_OUTGOING: u16 = 4;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bytes of `v` in the builder's order.
fn ne_i32(e: Endian, v: i32) -> [u8; 4] {
    match e {
        Endian::Little => v.to_le_bytes(),
        Endian::Big => v.to_be_bytes(),
    }
}

fn ne_i64(e: Endian, v: i64) -> [u8; 8] {
    match e {
        Endian::Little => v.to_le_bytes(),
        Endian::Big => v.to_be_bytes(),
    }
}

/// `echo-hdr`: version, flags, port (big-endian), session.
fn echo_hdr(b: &mut MsgBuilder, flags: u8, port: u16, session: u32) {
    b.u8(1).u8(flags).bytes(&port.to_be_bytes()).u32(session);
}

/// The echo conversation: (message, sent by the client).
fn echo_messages(e: Endian) -> Vec<(Vec<u8>, bool)> {
    let mut out = Vec::new();
    // ECHO_MSG_PING with text, a big-endian IPv4 address, a MAC, a negative
    // timeout, an indexed array of two items, and a text payload chosen by kind 1.
    let mut b = MsgBuilder::new(e, 16, NLM_F_REQUEST | NLM_F_ACK, 1, 1001);
    echo_hdr(&mut b, 0x1, 7000, 0xdead_beef);
    b.attr_str(1, "hello, kernel");
    b.attr_be32(2, 0xc000_0201);
    b.attr(3, &[0x02, 0x00, 0x5e, 0x10, 0x20, 0x30]);
    b.attr(4, &ne_i32(e, -5));
    let items = b.nest_start(6);
    for (i, name) in [(1u16, "first"), (2, "second")] {
        let it = b.nest_start(i);
        b.attr_u16(1, 100 + i);
        b.attr_str(2, name);
        b.nest_end(it);
    }
    b.nest_end(items);
    b.attr_u8(7, 1);
    let p = b.nest_start(8);
    b.attr_str(1, "en");
    b.nest_end(p);
    out.push((b.finish(), true));
    // ECHO_MSG_PONG: the same text, counters in a nest and in a struct.
    let mut b = MsgBuilder::new(e, 17, 0, 1, 1001);
    echo_hdr(&mut b, 0x2 | 0x4, 7000, 0xdead_beef);
    b.attr_str(1, "hello, kernel");
    let st = b.nest_start(5);
    b.attr_u64(1, 1);
    b.attr_u32(2, 13);
    b.nest_end(st);
    b.attr(9, &[ne_i32(e, 1), ne_i32(e, 1)].concat());
    out.push((b.finish(), false));
    // A second ping whose payload is a number (kind 2).
    let mut b = MsgBuilder::new(e, 16, NLM_F_REQUEST, 2, 1001);
    echo_hdr(&mut b, 0x1 | 0x4, 7000, 0xdead_beef);
    b.attr_u8(7, 2);
    let p = b.nest_start(8);
    b.attr(1, &ne_i64(e, -1_000_000_000_000));
    b.nest_end(p);
    out.push((b.finish(), true));
    out
}

fn record(protocol: u16, msg: &[u8]) -> Vec<u8> {
    let mut data = nlmon_header(PACKET_OUTGOING, protocol).to_vec();
    data.extend_from_slice(msg);
    data
}

fn pcap(records: &[Vec<u8>]) -> Vec<u8> {
    let Ok(mut w) = CaptureWriter::new(Vec::new(), Format::Pcap, 0) else {
        panic!("writing to a Vec");
    };
    for (i, data) in records.iter().enumerate() {
        // Fixed times, one millisecond apart, so the file is the same on every run.
        let ts = Duration::from_millis(1_765_000_000_000 + i as u64);
        w.write(&Record {
            ts,
            data,
            nsid: None,
        })
        .unwrap();
    }
    w.into_inner()
}

/// Compare with (or, with `NLSCOPE_BLESS=1`, write) the committed capture.
fn check_or_bless(path: &Path, bytes: &[u8]) {
    if std::env::var_os("NLSCOPE_BLESS").is_some() {
        std::fs::write(path, bytes).unwrap();
        eprintln!(
            "wrote {}; now run `nlscope check corpus --bless`",
            path.display()
        );
        return;
    }
    let have = std::fs::read(path).unwrap_or_default();
    assert!(
        have == bytes,
        "{} differs from what this test makes; rerun with NLSCOPE_BLESS=1 if the change is meant",
        path.display()
    );
}

/// Send the echo conversation through two `NETLINK_USERSOCK` sockets; the bytes
/// each received, in order.
fn through_usersock(msgs: &[(Vec<u8>, bool)]) -> std::io::Result<Vec<Vec<u8>>> {
    use netlink_sys::{Socket, SocketAddr};
    let mut client = Socket::new(isize::from(NETLINK_USERSOCK as i16))?;
    let mut server = Socket::new(isize::from(NETLINK_USERSOCK as i16))?;
    client.bind_auto()?;
    server.bind_auto()?;
    let client_addr = client.get_address(&mut SocketAddr::new(0, 0)).map(|_| ());
    client_addr?;
    let mut ca = SocketAddr::new(0, 0);
    client.get_address(&mut ca)?;
    let mut sa = SocketAddr::new(0, 0);
    server.get_address(&mut sa)?;
    let mut got = Vec::new();
    for (m, from_client) in msgs {
        let (tx, rx, to) = if *from_client {
            (&client, &server, &sa)
        } else {
            (&server, &client, &ca)
        };
        tx.send_to(m, to, 0)?;
        let mut buf = vec![0u8; 65536];
        let (n, _) = rx.recv_from(&mut &mut buf[..], 0)?;
        buf.truncate(n);
        got.push(buf);
    }
    Ok(got)
}

#[test]
fn usersock_echo_capture() {
    if Endian::NATIVE != Endian::Little {
        eprintln!("usersock_echo_capture: the committed capture is little-endian; not comparable on this host");
        return;
    }
    let msgs = echo_messages(Endian::NATIVE);
    let received = match through_usersock(&msgs) {
        Ok(r) => r,
        Err(e) => {
            // No netlink here (a sandbox without AF_NETLINK): the bytes cannot go
            // through the kernel, so the committed capture cannot be checked.
            eprintln!(
                "usersock_echo_capture: cannot use NETLINK_USERSOCK sockets here ({e}); not run"
            );
            return;
        }
    };
    for ((sent, _), got) in msgs.iter().zip(&received) {
        assert_eq!(
            sent, got,
            "the kernel passes a unicast message on unchanged"
        );
    }
    let records: Vec<Vec<u8>> = received
        .iter()
        .map(|m| record(NETLINK_USERSOCK, m))
        .collect();
    check_or_bless(&root().join("corpus/usersock-echo.pcap"), &pcap(&records));
}

/// The demo family's id in the built capture (ids above nlctrl's 16 are dynamic).
const DEMO_ID: u16 = 0x1f;

fn genl_messages(e: Endian) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    // CTRL_CMD_NEWFAMILY (reply to a GETFAMILY): id, name, one multicast group.
    let mut b = MsgBuilder::new(e, GENL_ID_CTRL, 0, 1, 2001);
    b.u8(1).u8(2).u16(0);
    b.attr_str(2, "nlscope-demo");
    b.attr_u16(1, DEMO_ID);
    b.attr_u32(3, 1); // CTRL_ATTR_VERSION
    b.attr_u32(4, 0); // CTRL_ATTR_HDRSIZE
    b.attr_u32(5, 5); // CTRL_ATTR_MAXATTR
    let groups = b.nest_start(7);
    let g = b.nest_start(1);
    b.attr_u32(2, 9); // CTRL_ATTR_MCAST_GRP_ID
    b.attr_str(1, "changes"); // CTRL_ATTR_MCAST_GRP_NAME
    b.nest_end(g);
    b.nest_end(groups);
    out.push(b.finish());
    // NLSCOPE_DEMO_CMD_SET (2): key, value, type, ifindex.
    let mut b = MsgBuilder::new(e, DEMO_ID, NLM_F_REQUEST | NLM_F_ACK, 2, 2001);
    b.u8(2).u8(1).u16(0);
    b.attr_str(1, "colour");
    b.attr(2, b"blue");
    b.attr_u32(3, 1);
    b.attr_u32(4, 2);
    out.push(b.finish());
    // NLSCOPE_DEMO_CMD_GET (1) and its reply.
    let mut b = MsgBuilder::new(e, DEMO_ID, NLM_F_REQUEST, 3, 2001);
    b.u8(1).u8(1).u16(0);
    b.attr_str(1, "colour");
    out.push(b.finish());
    let mut b = MsgBuilder::new(e, DEMO_ID, 0, 3, 2001);
    b.u8(1).u8(1).u16(0);
    b.attr_str(1, "colour");
    b.attr(2, b"blue");
    b.attr_u32(3, 1);
    out.push(b.finish());
    // A dump: request, two entries, done.
    let mut b = MsgBuilder::new(e, DEMO_ID, NLM_F_REQUEST | NLM_F_DUMP, 4, 2001);
    b.u8(1).u8(1).u16(0);
    out.push(b.finish());
    for (key, hits, ttl) in [("colour", 3u64, 60u16), ("size", 1, 0)] {
        let mut b = MsgBuilder::new(e, DEMO_ID, NLM_F_MULTI, 4, 2001);
        b.u8(1).u8(1).u16(0);
        let n = b.nest_start(5);
        b.attr_str(1, key);
        b.attr_u64(2, hits);
        b.attr_u16(3, ttl);
        b.nest_end(n);
        out.push(b.finish());
    }
    let mut b = MsgBuilder::new(e, NLMSG_DONE, NLM_F_MULTI, 4, 2001);
    b.i32(0);
    out.push(b.finish());
    // NLSCOPE_DEMO_CMD_CHANGED (3), a notification to the group.
    let mut b = MsgBuilder::new(e, DEMO_ID, 0, 0, 0);
    b.u8(3).u8(1).u16(0);
    b.attr_str(1, "colour");
    out.push(b.finish());
    out
}

#[test]
fn genl_demo_capture() {
    let records: Vec<Vec<u8>> = genl_messages(Endian::Little)
        .iter()
        .map(|m| record(NETLINK_GENERIC, m))
        .collect();
    check_or_bless(&root().join("corpus/genl-demo.pcap"), &pcap(&records));
}

/// Every attribute of every family message of `capture`, decoded with `ctx`:
/// `(message type name, attribute name)` for each, recursively; and the number of
/// bytes of attributes shown raw for want of a table.
/// `(message type name, attribute name)` pairs.
type Names = Vec<(Option<String>, Option<String>)>;

fn attribute_names(capture: &str, ctx: Context) -> (Names, usize) {
    fn walk(
        view: &nlscope::families::decode::AttrsView<'_>,
        ty: &Option<String>,
        elements: bool,
        out: &mut Names,
    ) {
        for a in view.clone() {
            // Without the spec the fixed header is read as attributes, which may
            // not frame: the rest is then shown raw (and not walked here).
            let Ok(a) = a else { break };
            // An indexed array's elements are named by their index.
            let name = match (elements, a.name) {
                (true, _) => Some(format!("[{}]", a.attr.ty)),
                (false, n) => n.map(str::to_string),
            };
            out.push((ty.clone(), name));
            let array = matches!(a.kind, Some(Kind::Array(_)));
            match &a.value {
                Value::Nest(inner) => walk(inner, ty, array, out),
                Value::SubMessage { attrs, .. } => walk(attrs, ty, false, out),
                _ => {}
            }
        }
    }
    let bytes = std::fs::read(root().join("corpus").join(capture)).unwrap();
    let mut walker = Walker::new(EndianMode::Auto);
    walker.ctx = ctx;
    let mut out = Vec::new();
    let mut raw = 0usize;
    for rec in read_all(&bytes).unwrap() {
        walker
            .record(RecordIn::from_capture(&rec.unwrap()), |ev| {
                if let Event::Message(item) = ev {
                    if let nlscope::families::decode::Body::Family(f) = &item.decoded.body {
                        let ty = item.decoded.type_name().map(str::to_string);
                        if f.def.is_none() {
                            raw += f.attrs.raw().buffer().len();
                        }
                        walk(&f.attrs, &ty, false, &mut out);
                    }
                }
                Ok::<(), ()>(())
            })
            .unwrap();
    }
    (out, raw)
}

fn user_ctx(spec_file: &str) -> Context {
    let path = root().join("examples/specs").join(spec_file);
    let text = std::fs::read_to_string(&path).unwrap();
    let loaded = spec::load(&text, spec_file).unwrap();
    let t = spec::tables(&[(loaded, spec_file.to_string())]).unwrap();
    Context::with_user(t)
}

#[test]
fn with_the_spec_every_attribute_is_named() {
    for (capture, spec_file, family_prefix) in [
        ("usersock-echo.pcap", "nlscope-echo.yaml", "ECHO_MSG_"),
        ("genl-demo.pcap", "nlscope-demo.yaml", "NLSCOPE_DEMO_CMD_"),
    ] {
        // Without the spec: the family's messages have no type name and their
        // attributes no names (shown raw, every byte kept).
        let (plain, _) = attribute_names(capture, Context::new());
        let of_family =
            |ty: &Option<String>| ty.as_deref().is_none_or(|t| t.starts_with(family_prefix));
        // (The echo protocol's fixed header, read as attributes, does not frame:
        // none of its attributes is walked, its bytes are shown raw.)
        let unnamed = plain.iter().filter(|(ty, _)| of_family(ty)).count();
        assert!(
            plain
                .iter()
                .filter(|(ty, _)| of_family(ty))
                .all(|(ty, name)| ty.is_none() && name.is_none()),
            "{capture}: without the spec nothing of the family is named: {plain:?}"
        );
        // With it: every message typed, every attribute named (as many as before:
        // the same attributes, nested ones now found too).
        let (named, _) = attribute_names(capture, user_ctx(spec_file));
        let fam: Vec<_> = named
            .iter()
            .filter(|(ty, _)| ty.as_deref().is_some_and(|t| t.starts_with(family_prefix)))
            .collect();
        assert!(
            fam.len() > unnamed,
            "{capture}: nested attributes are decoded too: {named:?}"
        );
        for (ty, name) in &named {
            assert!(
                name.is_some(),
                "{capture}: {ty:?} has an unnamed attribute: {named:?}"
            );
        }
    }
}
