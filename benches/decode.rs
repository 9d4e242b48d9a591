//! nlscope against its peers, in one criterion run (ratios hold within a few percent
//! on the shared 2-core machines; absolute times move by up to 50%: NETLINK-FACTS §8).
//!
//! Inputs: every netlink message of `corpus/rtnl-churn.pcap` (8939 records, 10303
//! rtnetlink messages), of `corpus/dumps-k6.18.pcap`, and of the large dump corpus
//! `target/corpus/dump-large.pcap` that `cargo xtask corpus` records from this
//! machine's kernel (not committed; when it is missing the run says so on stderr and
//! how to make it). Groups per input, each with `Throughput::Bytes` of netlink bytes:
//! - `structural`: nlscope `Messages` + `Attrs` vs a hand-written bounds-checked walker
//!   (the speed limit), same nesting rule (tests/support/walk.rs);
//! - `typed`: `decode_message` + a walk reading every typed value, through the
//!   `AttrsView` iterators (`nlscope`) and through the push-style visitor
//!   (`nlscope-visit`: `decode::visit_family` for family messages, `decode_message` +
//!   `visit_attrs` for the rest), vs `netlink-packet-route` 0.34's full decode of each
//!   message; the two nlscope walks give the same checksum (tests/visit.rs);
//! - `render`: decode + session + rendering every message as text (tree), one line,
//!   and JSON Lines into a reused buffer;
//! - `pcap`: reading the records of the file: `nlscope::record` zero-copy and
//!   streaming vs the `pcap-file` 2 crate's parser and reader.
//!
//! Run: `cargo xtask bench` (or `cargo bench --bench decode`); `--quick` for a short run;
//! `cargo xtask bench --corpus` records the large corpus first.
// Harness code, not an input path: indexing and unwrap on our own corpus are fine here.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "../tests/support/walk.rs"]
mod walk;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use netlink_packet_core::NetlinkMessage;
use netlink_packet_route::RouteNetlinkMessage;
use nlscope::families::decode::Context;
use nlscope::wire::endian::Endian;
use nlscope::wire::nlmsg::Messages;
use std::hint::black_box;
use std::time::Duration;

/// The large dump corpus `cargo xtask corpus` records (not committed).
const LARGE: &str = "target/corpus/dump-large.pcap";

/// A capture loaded once: its records and each message as its own slice.
struct Input {
    name: &'static str,
    file: &'static [u8],
    records: Vec<walk::Rec<'static>>,
    messages: Vec<&'static [u8]>,
    bytes: u64,
}

/// Loads `path` (relative to the workspace); `None` with a note on stderr if it cannot
/// be read.
fn load(name: &'static str, path: &str) -> Option<Input> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let file: &'static [u8] = match std::fs::read(&path) {
        Ok(f) => f.leak(),
        Err(e) => {
            eprintln!("bench: {}: {e}: not measured", path.display());
            return None;
        }
    };
    let records: Vec<_> = walk::records(file)
        .into_iter()
        .filter(|r| r.protocol == 0)
        .collect();
    // Every message up to the first framing error of its record (rtnl-churn has four
    // records whose last message says nlmsg_len 0).
    let messages: Vec<&'static [u8]> = records
        .iter()
        .flat_map(|r| Messages::new(r.payload, Endian::Little).map_while(Result::ok))
        .map(|m| m.bytes)
        .collect();
    let bytes = records.iter().map(|r| r.payload.len() as u64).sum();
    Some(Input {
        name,
        file,
        records,
        messages,
        bytes,
    })
}

fn npr_decode_all(messages: &[&[u8]]) -> usize {
    let mut failed = 0;
    for m in messages {
        match NetlinkMessage::<RouteNetlinkMessage>::deserialize(m) {
            Ok(msg) => {
                black_box(&msg);
            }
            Err(_) => failed += 1,
        }
    }
    failed
}

fn report(input: &Input) {
    let s: u64 = input
        .records
        .iter()
        .map(|r| walk::structural(r.payload, Endian::Little))
        .fold(0, u64::wrapping_add);
    let h: u64 = input
        .records
        .iter()
        .map(|r| walk::hand_walk(r.payload))
        .fold(0, u64::wrapping_add);
    assert_eq!(
        s, h,
        "nlscope and the hand walker must walk the same structure"
    );
    // netlink-packet-route is known to fail (and has panicked) on some messages.
    let mut failed_types = std::collections::BTreeMap::<u16, usize>::new();
    let mut panicked = 0;
    for m in &input.messages {
        let ty = u16::from_le_bytes([m[4], m[5]]);
        match std::panic::catch_unwind(|| {
            NetlinkMessage::<RouteNetlinkMessage>::deserialize(m).is_ok()
        }) {
            Ok(true) => {}
            Ok(false) => *failed_types.entry(ty).or_default() += 1,
            Err(_) => panicked += 1,
        }
    }
    let failed: usize = failed_types.values().sum();
    // How far the pcap-file parser gets (it rejects snap-cut records, for one).
    let mut pcap_file_records = 0usize;
    if let Ok((mut rest, p)) = pcap_file::pcap::PcapParser::new(input.file) {
        while let Ok((r, _)) = p.next_packet(rest) {
            pcap_file_records += 1;
            rest = r;
            if rest.is_empty() {
                break;
            }
        }
    }
    eprintln!(
        "{}: pcap-file's PcapParser reads {pcap_file_records} of {} records",
        input.name,
        input.records.len()
    );
    eprintln!(
        "{}: {} records, {} messages, {} netlink bytes; netlink-packet-route failed on {failed} \
         messages (by nlmsg_type: {failed_types:?}), panicked on {panicked}",
        input.name,
        input.records.len(),
        input.messages.len(),
        input.bytes,
    );
}

fn benches(c: &mut Criterion) {
    // The churn capture (kernel 6.1) and the large dump corpus `cargo xtask corpus`
    // records from this machine's kernel are the benchmark inputs; the 6.18 dump
    // capture is small but shows the peer failing on newer message types; any other
    // capture can be added with NLSCOPE_BENCH_CAPTURE=PATH.
    let mut names: Vec<(&'static str, String)> = vec![
        ("rtnl-churn.pcap", "corpus/rtnl-churn.pcap".into()),
        ("dumps-k6.18.pcap", "corpus/dumps-k6.18.pcap".into()),
    ];
    if std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(LARGE)
        .exists()
    {
        names.push(("dump-large.pcap", LARGE.into()));
    } else {
        eprintln!(
            "bench: {LARGE} does not exist, so the large dump corpus is NOT measured; \
             make it with `cargo xtask corpus` (as root), or run `cargo xtask bench --corpus`"
        );
    }
    if let Ok(extra) = std::env::var("NLSCOPE_BENCH_CAPTURE") {
        let name = std::path::Path::new(&extra)
            .file_name()
            .map_or(extra.clone(), |n| n.to_string_lossy().into_owned());
        names.push((Box::leak(name.into_boxed_str()), extra));
    }
    let inputs: Vec<Input> = names
        .into_iter()
        .filter_map(|(name, path)| load(name, &path))
        .collect();
    for input in &inputs {
        report(input);

        let mut g = c.benchmark_group(format!("structural/{}", input.name));
        g.throughput(Throughput::Bytes(input.bytes));
        g.bench_function("nlscope", |b| {
            b.iter(|| {
                let mut sum = 0u64;
                for r in &input.records {
                    sum = sum.wrapping_add(walk::structural(black_box(r.payload), Endian::Little));
                }
                sum
            })
        });
        g.bench_function("hand-walker", |b| {
            b.iter(|| {
                let mut sum = 0u64;
                for r in &input.records {
                    sum = sum.wrapping_add(walk::hand_walk(black_box(r.payload)));
                }
                sum
            })
        });
        g.finish();

        let mut g = c.benchmark_group(format!("typed/{}", input.name));
        g.throughput(Throughput::Bytes(input.bytes));
        let mut ctx = Context::new();
        g.bench_function("nlscope", |b| {
            b.iter(|| {
                let mut sum = 0u64;
                for r in &input.records {
                    sum = sum.wrapping_add(walk::typed_record(
                        black_box(r.payload),
                        r.protocol,
                        Endian::Little,
                        &mut ctx,
                    ));
                }
                sum
            })
        });
        let mut ctx = Context::new();
        g.bench_function("nlscope-visit", |b| {
            b.iter(|| {
                let mut sum = 0u64;
                for r in &input.records {
                    sum = sum.wrapping_add(walk::visit_record(
                        black_box(r.payload),
                        r.protocol,
                        Endian::Little,
                        &mut ctx,
                    ));
                }
                sum
            })
        });
        g.bench_function("hand-walker", |b| {
            b.iter(|| {
                let mut sum = 0u64;
                for r in &input.records {
                    sum = sum.wrapping_add(walk::hand_walk(black_box(r.payload)));
                }
                sum
            })
        });
        g.bench_function("netlink-packet-route", |b| {
            b.iter(|| npr_decode_all(black_box(&input.messages)))
        });
        g.finish();

        let mut g = c.benchmark_group(format!("render/{}", input.name));
        g.throughput(Throughput::Bytes(input.bytes));
        for (name, how) in [("text", 0u8), ("line", 1), ("json", 2)] {
            g.bench_function(name, |b| {
                let mut out = Vec::with_capacity(1 << 20);
                b.iter(|| {
                    out.clear();
                    walk::render_all(&input.records, how, &mut out);
                    out.len()
                })
            });
        }
        g.finish();

        let mut g = c.benchmark_group(format!("pcap/{}", input.name));
        g.throughput(Throughput::Bytes(input.file.len() as u64));
        g.bench_function("nlscope-read_all", |b| {
            b.iter(|| {
                let mut sum = 0usize;
                for r in nlscope::record::read_all(black_box(input.file)).unwrap() {
                    sum += r.unwrap().payload.len();
                }
                sum
            })
        });
        g.bench_function("nlscope-CaptureReader", |b| {
            b.iter(|| {
                let mut sum = 0usize;
                let mut r = nlscope::record::CaptureReader::new(black_box(input.file)).unwrap();
                while let Some(rec) = r.next_record() {
                    sum += rec.unwrap().payload.len();
                }
                sum
            })
        });
        g.bench_function("pcap-file-PcapParser", |b| {
            b.iter(|| {
                let mut sum = 0usize;
                let (mut rest, p) =
                    pcap_file::pcap::PcapParser::new(black_box(input.file)).unwrap();
                while !rest.is_empty() {
                    let Ok((r, pkt)) = p.next_packet(rest) else {
                        break;
                    };
                    sum += pkt.data.len();
                    rest = r;
                }
                sum
            })
        });
        g.bench_function("pcap-file-PcapReader", |b| {
            b.iter(|| {
                let mut sum = 0usize;
                let mut r = pcap_file::pcap::PcapReader::new(black_box(input.file)).unwrap();
                while let Some(Ok(pkt)) = r.next_packet() {
                    sum += pkt.data.len();
                }
                sum
            })
        });
        g.finish();
    }
}

criterion_group! {
    name = decode;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = benches
}
criterion_main!(decode);
