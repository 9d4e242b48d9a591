//! Decode `corpus/rtnl-churn.pcap` (or the capture given as the third argument, e.g.
//! the large dump corpus `target/corpus/dump-large.pcap` from `cargo xtask corpus`) N
//! times with one walk, for instruction counts:
//!
//! ```text
//! cargo build --release --example walk
//! valgrind --tool=callgrind target/release/examples/walk typed 3 [FILE]
//! ```
//!
//! Walks: `structural` (nlscope `Messages` + `Attrs`), `hand` (the hand-written
//! speed limit), `typed` (`decode_message` + every typed value, iterators), `visit` (the same
//! values pushed to a visitor), `npr`
//! (netlink-packet-route 0.34's full decode), `text`/`line`/`json` (decode, session
//! and a renderer), `read` (`nlscope::record::read_all`
//! over the file), `read-pcap-file` (the pcap-file crate's `PcapParser`), `load`
//! (only loading the file, to subtract). The same walk code as `benches/decode.rs` (tests/support/walk.rs).
// Harness code, not an input path.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "../tests/support/walk.rs"]
mod walk;

use netlink_packet_core::NetlinkMessage;
use netlink_packet_route::RouteNetlinkMessage;
use nlscope::families::decode::Context;
use nlscope::wire::endian::Endian;
use nlscope::wire::nlmsg::Messages;
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map_or("typed", String::as_str);
    let times: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(1);
    let file = args
        .get(3)
        .cloned()
        .unwrap_or_else(|| format!("{}/corpus/rtnl-churn.pcap", env!("CARGO_MANIFEST_DIR")));
    let bytes = std::fs::read(&file).unwrap_or_else(|e| {
        eprintln!(
            "walk: {file}: {e} (the large dump corpus, target/corpus/dump-large.pcap, is made \
             by `cargo xtask corpus` as root)"
        );
        std::process::exit(2)
    });
    let records = walk::records(&bytes);
    let messages: Vec<&[u8]> = records
        .iter()
        .flat_map(|r| Messages::new(r.payload, Endian::Little).map_while(Result::ok))
        .map(|m| m.bytes)
        .collect();
    let mut ctx = Context::new();
    let mut sum = 0u64;
    let mut failed = 0usize;
    for _ in 0..times {
        for r in &records {
            let p = black_box(r.payload);
            sum = sum.wrapping_add(match what {
                "structural" => walk::structural(p, Endian::Little),
                "hand" => walk::hand_walk(p),
                "typed" => walk::typed_record(p, r.protocol, Endian::Little, &mut ctx),
                "visit" => walk::visit_record(p, r.protocol, Endian::Little, &mut ctx),
                _ => 0,
            });
        }
        if let Some(how) = ["text", "line", "json"].iter().position(|w| *w == what) {
            let mut out = Vec::with_capacity(1 << 20);
            walk::render_all(&records, how as u8, &mut out);
            sum = sum.wrapping_add(out.len() as u64);
        }
        if what == "read" {
            if let Ok(reader) = nlscope::record::read_all(black_box(&bytes)) {
                for r in reader.map_while(Result::ok) {
                    sum = sum.wrapping_add(r.payload.len() as u64);
                }
            }
        }
        if what == "read-pcap-file" {
            if let Ok((mut rest, p)) = pcap_file::pcap::PcapParser::new(black_box(&bytes)) {
                while let Ok((r, pkt)) = p.next_packet(rest) {
                    sum = sum.wrapping_add(pkt.data.len() as u64);
                    rest = r;
                    if rest.is_empty() {
                        break;
                    }
                }
            }
        }
        if what == "npr" {
            for m in &messages {
                match NetlinkMessage::<RouteNetlinkMessage>::deserialize(black_box(m)) {
                    Ok(msg) => {
                        black_box(&msg);
                    }
                    Err(_) => failed += 1,
                }
            }
        }
    }
    println!(
        "{what}: {} records, {} messages x {times}, checksum {sum:x}, npr failures {failed}",
        records.len(),
        messages.len()
    );
}
