//! Pairing checked against the kernel's own word: an `NLMSG_ERROR` (ACKs included;
//! capped ones echo only the 16-byte header) carries the header of the request it
//! answers (NETLINK-FACTS §3). For every corpus capture, every error whose echo names
//! a request seen earlier in the capture must be paired with a request that has
//! exactly that header (type, flags, seq, len, pid), and the error's own `nlmsg_pid`
//! (its destination port) must be the requester's port: the request's `nlmsg_pid`
//! when it is not 0, else the same port every time that request is answered. An
//! error whose echo names no request in the capture must stay unpaired.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "support/walk.rs"]
mod walk;

use nlscope::families::decode::{Body, Direction};
use nlscope::flow::walk::{EndianMode, Event, RecordIn, Walker};
use nlscope::record::read_all;
use nlscope::wire::nlmsg::Header;
use std::collections::HashMap;

#[derive(Default, Debug)]
struct Tally {
    /// Errors with an echoed header.
    errors: usize,
    /// … whose echo names a request in the capture.
    known: usize,
    /// … paired with a request whose header differs from the echo, or unpaired.
    mismatched: usize,
    /// Errors paired although no request in the capture has the echoed header.
    paired_to_none: usize,
    /// Errors paired with a request whose port is contradicted by the error's pid.
    wrong_port: usize,
    /// Errors not labelled as replies.
    wrong_direction: usize,
    examples: Vec<String>,
}

fn check(path: &std::path::Path) -> Tally {
    let bytes = std::fs::read(path).unwrap();
    let mut walker = Walker::new(EndianMode::Auto);
    // (frame, index) -> (protocol, header) of every request so far.
    let mut requests: HashMap<(u64, u32), (u16, Header)> = HashMap::new();
    // (protocol, header) of every request so far -> how many.
    let mut by_header: HashMap<(u16, [u8; 16]), usize> = HashMap::new();
    // The port each pid-0 request was answered on.
    let mut port: HashMap<(u64, u32), u32> = HashMap::new();
    let mut t = Tally::default();
    let key = |h: &Header| h.to_bytes(nlscope::wire::endian::Endian::Little);
    for rec in read_all(&bytes).unwrap() {
        let rec = rec.unwrap();
        let r = RecordIn::from_capture(&rec);
        walker
            .record(r, |ev| {
                let Event::Message(item) = ev else {
                    return Ok::<(), ()>(());
                };
                let d = item.decoded;
                let h = d.msg.header;
                if item.info.direction == Direction::Request {
                    requests.insert((item.frame, item.index), (d.protocol, h));
                    *by_header.entry((d.protocol, key(&h))).or_default() += 1;
                    return Ok(());
                }
                let Body::Error(e) = &d.body else {
                    return Ok(());
                };
                let Some(echo) = &e.request else {
                    return Ok(());
                };
                let eh = echo.header;
                t.errors += 1;
                if item.info.direction != Direction::Reply {
                    t.wrong_direction += 1;
                }
                let exists = by_header.contains_key(&(d.protocol, key(&eh)));
                let paired = item
                    .info
                    .pair
                    .map(|p| (p.request_frame, p.request_index))
                    .and_then(|at| Some((at, *requests.get(&at)?)));
                let what = format!(
                    "frame {} ({}): echo type {} flags {:#x} seq {} len {} pid {}",
                    item.frame, h.pid, eh.ty, eh.flags, eh.seq, eh.len, eh.pid
                );
                if !exists {
                    if let Some(((f, i), _)) = paired {
                        t.paired_to_none += 1;
                        t.examples
                            .push(format!("{what}: paired with #{f}.{i}, none matches"));
                    }
                    return Ok(());
                }
                t.known += 1;
                match paired {
                    Some((at, (proto, rh))) if proto == d.protocol && rh == eh => {
                        let want = if rh.pid != 0 {
                            rh.pid
                        } else {
                            *port.entry(at).or_insert(h.pid)
                        };
                        if want != h.pid {
                            t.wrong_port += 1;
                            t.examples.push(format!("{what}: request's port is {want}"));
                        }
                    }
                    Some(((f, i), (_, rh))) => {
                        t.mismatched += 1;
                        t.examples.push(format!(
                            "{what}: paired with #{f}.{i} type {} flags {:#x} seq {} len {} pid {}",
                            rh.ty, rh.flags, rh.seq, rh.len, rh.pid
                        ));
                    }
                    None => {
                        t.mismatched += 1;
                        t.examples.push(format!("{what}: unpaired"));
                    }
                }
                Ok(())
            })
            .unwrap();
    }
    t
}

#[test]
fn every_error_is_paired_with_the_request_it_echoes() {
    let files = walk::corpus_captures();
    assert!(files.len() >= 8, "corpus not found");
    let mut bad = 0;
    let mut known = 0;
    for f in &files {
        let t = check(f);
        let name = f.file_name().unwrap().to_string_lossy();
        println!(
            "{name}: {} errors echo a header, {} name a request in the capture: \
             {} paired with another or unpaired, {} paired though none matches, \
             {} wrong port, {} not a reply",
            t.errors, t.known, t.mismatched, t.paired_to_none, t.wrong_port, t.wrong_direction
        );
        for e in t.examples.iter().take(5) {
            println!("  {e}");
        }
        bad += t.mismatched + t.paired_to_none + t.wrong_port + t.wrong_direction;
        known += t.known;
    }
    assert!(known > 50, "the corpus has errors to check ({known})");
    println!("total: {bad} wrong of {known}");
    assert_eq!(bad, 0, "errors paired against their echo");
}
