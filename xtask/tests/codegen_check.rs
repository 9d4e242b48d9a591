//! The committed `src/schema/gen/` must be what `cargo xtask codegen` makes now.
//! Needs crates.io (or cargo's cache) to fetch the pinned netlink-bindings.

use std::process::Command;

#[test]
fn generated_tables_are_up_to_date() {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--check"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cargo xtask codegen --check failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
