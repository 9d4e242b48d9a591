//! Replays every input under `corpus/regress/` (inputs that once crashed a fuzz target
//! or broke a parser) through the checks of every fuzz target, and every real capture
//! under `corpus/` through the `pcap_reader` checks (both readers, then `decode`) and
//! every record through both renderers.
//! The checks are the fuzz targets' own (`tests/support/invariants.rs`), so what fails
//! here fails there.

// Test code: a failed unwrap here is a failed test.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

#[path = "support/invariants.rs"]
mod invariants;
#[path = "support/walk.rs"]
mod walk;

use std::path::Path;

type Target = fn(&[u8]);

/// Every fuzz target by name, as `cargo xtask fuzz` and `fuzz/Cargo.toml` list them.
const TARGETS: &[(&str, Target)] = &[
    ("nlmsg_stream", invariants::nlmsg_stream),
    ("attr_walk", invariants::attr_walk),
    ("decode", invariants::decode),
    ("extack", invariants::extack),
    ("pcap_reader", invariants::pcap_reader),
    ("roundtrip", invariants::roundtrip),
    ("render_text", invariants::render_text),
    ("render_json", invariants::render_json),
    ("deep_nesting", invariants::deep_nesting),
];

fn files_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    v.sort();
    v
}

#[test]
fn regress_inputs_pass_every_target() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/regress");
    for file in files_in(&dir) {
        if file.extension().is_some_and(|x| x == "md") {
            continue;
        }
        let data = std::fs::read(&file).unwrap();
        for (name, target) in TARGETS {
            let r = std::panic::catch_unwind(|| target(&data));
            assert!(r.is_ok(), "{} fails target {name}", file.display());
        }
    }
}

#[test]
fn real_captures_pass_every_check() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut records = 0usize;
    for file in files_in(&dir) {
        if file
            .extension()
            .is_none_or(|x| x != "pcap" && x != "pcapng")
        {
            continue;
        }
        let bytes = std::fs::read(&file).unwrap();
        // Both capture readers, then every record's messages through the decode checks.
        invariants::pcap_reader(&bytes);
        let mut e = nlscope::wire::endian::Endian::NATIVE;
        for r in walk::records(&bytes) {
            invariants::attr_walk(r.payload);
            // Each record as a `decode`-style input through both renderers.
            e = nlscope::wire::endian::Endian::detect(r.payload, r.wire_len, e);
            let p = invariants::PROTOCOLS
                .iter()
                .position(|&p| p == r.protocol)
                .map_or(0x80 | (r.protocol as u8 & 0x7f), |i| i as u8);
            let mut input = vec![p, u8::from(e == nlscope::wire::endian::Endian::Big)];
            input.extend_from_slice(r.payload);
            invariants::render_text(&input);
            invariants::render_json(&input);
            records += 1;
        }
    }
    assert!(
        records > 10_000,
        "only {records} records found under corpus/"
    );
}
