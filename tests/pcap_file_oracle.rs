//! Cross-check nlscope's hand-written capture reader and writer against the
//! `pcap-file` crate, an independent implementation, on every corpus capture.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use nlscope::record::pcapwrite::{CaptureWriter, Format, Record};
use nlscope::record::read_all;
use pcap_file::pcap::PcapReader;
use pcap_file::pcapng::{Block, PcapNgReader};
use std::time::Duration;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");

fn corpus_files(ext: &str) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(CORPUS)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no .{ext} file in corpus/");
    v
}

/// (data including the nlmon header, orig_len, timestamp in ns) per record, by pcap-file.
fn oracle_pcap(bytes: &[u8]) -> Vec<(Vec<u8>, u32, u128)> {
    let mut r = PcapReader::new(bytes).unwrap();
    let mut out = Vec::new();
    while let Some(p) = r.next_packet() {
        let p = p.unwrap();
        out.push((p.data.to_vec(), p.orig_len, p.timestamp.as_nanos()));
    }
    out
}

#[test]
fn reader_agrees_with_pcap_file_on_every_pcap() {
    for path in corpus_files("pcap") {
        let bytes = std::fs::read(&path).unwrap();
        let expect = oracle_pcap(&bytes);
        let ours: Vec<_> = read_all(&bytes)
            .unwrap()
            .map(|r| r.unwrap())
            .map(|r| {
                (
                    r.payload.to_vec(),
                    r.orig_len,
                    r.ts.sec as u128 * 1_000_000_000 + u128::from(r.ts.nsec),
                    r.link.protocol,
                )
            })
            .collect();
        assert_eq!(ours.len(), expect.len(), "{}", path.display());
        for (i, (o, e)) in ours.iter().zip(&expect).enumerate() {
            assert_eq!(&e.0[16..], &o.0[..], "{} record {}", path.display(), i + 1);
            assert_eq!(u16::from_be_bytes([e.0[14], e.0[15]]), o.3);
            assert_eq!(
                (e.1, e.2),
                (o.1, o.2),
                "{} record {}",
                path.display(),
                i + 1
            );
        }
        println!("{}: {} records agree", path.display(), ours.len());
    }
}

#[test]
fn reader_agrees_with_pcap_file_on_pcapng_payloads() {
    for path in corpus_files("pcapng") {
        let bytes = std::fs::read(&path).unwrap();
        let mut r = PcapNgReader::new(&bytes[..]).unwrap();
        let mut expect = Vec::new();
        while let Some(b) = r.next_block() {
            if let Block::EnhancedPacket(p) = b.unwrap() {
                expect.push((p.data.to_vec(), p.original_len));
            }
        }
        let ours: Vec<_> = read_all(&bytes).unwrap().map(|r| r.unwrap()).collect();
        assert_eq!(ours.len(), expect.len());
        for (o, e) in ours.iter().zip(&expect) {
            assert_eq!(&e.0[16..], o.payload);
            assert_eq!(e.1, o.orig_len);
        }
    }
}

#[test]
fn writer_output_reads_back_in_pcap_file() {
    let bytes = std::fs::read(format!("{CORPUS}/rtnl-basic.pcap")).unwrap();
    let records = oracle_pcap(&bytes);
    let mut w = CaptureWriter::new(Vec::new(), Format::Pcap, 262_144).unwrap();
    for (data, _, ts) in &records {
        w.write(&Record {
            ts: Duration::from_nanos(*ts as u64),
            data,
            nsid: None,
        })
        .unwrap();
    }
    let out = w.into_inner();
    // Same global header as tcpdump wrote for the VM capture, same records back.
    assert_eq!(&out[..24], &bytes[..24]);
    let again = oracle_pcap(&out);
    assert_eq!(again, records);
    // In fact the whole file comes out byte for byte as tcpdump wrote it.
    assert_eq!(out, bytes);
}
