//! Fuzz target `deep_nesting` (structure-aware): the checks live in
//! `tests/support/invariants.rs`, shared with `tests/regress.rs` so that every crash
//! found here is replayed by `cargo test`.
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::deep_nesting(data));
