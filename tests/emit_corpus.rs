//! Decode then emit gives the original bytes, for every message of every capture in
//! `corpus/` (`nlscope::families::emit`). Each message is decoded with the context the capture
//! teaches (generic-netlink ids), written back from its decoded view and compared byte
//! for byte with the message and its padding; each record's messages, re-joined with
//! the bytes after a framing stop, must give the record back. A mismatch names the
//! capture, frame, message and first differing byte.
//!
//! `cargo test --test emit_corpus -- --nocapture` prints what was checked.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

#[path = "support/walk.rs"]
mod walk;

use nlscope::families::decode::{decode_message, AttrsView, Body, Context, Value};
use nlscope::families::emit::{Emit, Ordered};
use nlscope::record::read_all;
use nlscope::wire::endian::Endian;
use nlscope::wire::nlmsg::Messages;

#[derive(Default)]
struct Counts {
    files: usize,
    records: usize,
    messages: usize,
    bytes: usize,
    attrs: usize,
    truncated: usize,
    errors: usize,
}

fn first_diff(a: &[u8], b: &[u8]) -> usize {
    a.iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()))
}

/// Every top-level and nested attribute emitted alone must give its own bytes too:
/// this localises a failure to one attribute.
fn check_attrs(view: &AttrsView<'_>, msg: &[u8], e: Endian, n: &mut usize, depth: u8) {
    for a in view.clone() {
        let Ok(a) = a else { break };
        let start = a.attr.offset;
        let want = &msg[start..start + 4 + a.attr.value.len() + a.attr.pad.len()];
        let got = Ordered(&a, e).to_vec().unwrap();
        assert_eq!(
            got,
            want,
            "attribute {} (type {}) at +{start}: first difference at +{}",
            a.name.unwrap_or("?"),
            a.attr.ty,
            first_diff(&got, want)
        );
        assert_eq!(Ordered(&a, e).buffer_len(), want.len());
        *n += 1;
        if let Value::Nest(v) | Value::SubMessage { attrs: v, .. } = &a.value {
            if depth < 20 {
                check_attrs(v, msg, e, n, depth + 1);
            }
        }
    }
}

#[test]
fn decode_then_emit_gives_every_corpus_message_back() {
    let files = walk::corpus_captures();
    let mut c = Counts::default();
    for file in &files {
        let data = std::fs::read(file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let mut ctx = Context::new();
        let mut e = Endian::NATIVE;
        c.files += 1;
        for rec in read_all(&data).unwrap() {
            let rec = rec.unwrap();
            c.records += 1;
            let link_len = (rec.caplen as usize).saturating_sub(rec.payload.len());
            let wire = (rec.orig_len as usize).saturating_sub(link_len);
            e = Endian::detect(rec.payload, wire.max(rec.payload.len()), e);
            let mut joined = Vec::with_capacity(rec.payload.len());
            let mut it = Messages::new(rec.payload, e).snap_cut(rec.truncated);
            for (index, m) in it.by_ref().enumerate() {
                let Ok(m) = m else {
                    c.errors += 1;
                    break;
                };
                let d = decode_message(m, rec.link.protocol, &ctx);
                let want: Vec<u8> = [m.bytes, m.pad].concat();
                let got = d.to_vec().unwrap();
                assert_eq!(
                    got,
                    want,
                    "{name} frame {} message {index} ({}): first difference at +{}",
                    rec.frame,
                    d.type_name().unwrap_or("?"),
                    first_diff(&got, &want)
                );
                assert_eq!(d.buffer_len(), want.len());
                // The raw message view writes the same bytes.
                assert_eq!(m.to_vec().unwrap(), want);
                if let Body::Family(f) = &d.body {
                    check_attrs(&f.attrs, m.bytes, e, &mut c.attrs, 0);
                    assert_eq!(f.attrs.to_vec().unwrap(), &m.bytes[f.attrs.raw().base()..]);
                }
                c.truncated += usize::from(m.truncated);
                c.messages += 1;
                c.bytes += want.len();
                joined.extend_from_slice(&got);
                ctx.observe(&d);
            }
            joined.extend_from_slice(it.rest());
            assert_eq!(joined, rec.payload, "{name} frame {}", rec.frame);
        }
    }
    println!(
        "emit round trip: {} captures, {} records, {} messages, {} bytes byte-exact \
         ({} snap-cut messages; {} records stopped by a framing error, rest kept); \
         {} attributes also checked one by one",
        c.files, c.records, c.messages, c.bytes, c.truncated, c.errors, c.attrs
    );
    assert!(c.files >= 7, "captures missing from corpus/");
    assert!(c.messages > 13_000, "only {} messages", c.messages);
}
