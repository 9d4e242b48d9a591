//! Replays every input under `corpus/regress/` (inputs that once crashed a fuzz target
//! or broke a parser) through the checks of every fuzz target, and every record of the
//! real captures under `corpus/` through the `decode` checks. The checks are the fuzz
//! targets' own (`tests/support/invariants.rs`), so what fails here fails there.

// Test code: a failed unwrap here is a failed test.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

#[path = "support/invariants.rs"]
mod invariants;
#[path = "support/pcap.rs"]
mod pcap;

use nlscope::decode::{decode_message, Context};
use nlscope::endian::Endian;
use std::path::Path;

type Target = fn(&[u8]);

/// Every fuzz target by name, as `cargo xtask fuzz` and `fuzz/Cargo.toml` list them.
const TARGETS: &[(&str, Target)] = &[
    ("nlmsg_stream", invariants::nlmsg_stream),
    ("attr_walk", invariants::attr_walk),
    ("decode", invariants::decode),
    ("extack", invariants::extack),
];

fn files_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect(),
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
fn real_captures_pass_decode_checks() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut records = 0usize;
    for file in files_in(&dir) {
        if file.extension().is_none_or(|x| x != "pcap") {
            continue;
        }
        let bytes = std::fs::read(&file).unwrap();
        let mut ctx = Context::new();
        let mut e = Endian::NATIVE;
        for r in pcap::records(&bytes) {
            e = Endian::detect(r.payload, r.wire_len, e);
            let snap = r.payload.len() < r.wire_len;
            for m in invariants::check_messages(r.payload, e, snap) {
                let d = decode_message(m, r.protocol, &ctx);
                invariants::check_decoded(&d, &ctx, usize::MAX);
                ctx.observe(&d);
            }
            invariants::attr_walk(r.payload);
            records += 1;
        }
    }
    assert!(records > 10_000, "only {records} records found under corpus/");
}
