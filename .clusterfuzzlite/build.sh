#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build script. It runs inside base-builder-rust, which sets
# $SRC, $OUT, $WORK, CARGO_BUILD_TARGET, SANITIZER and RUSTFLAGS (with the sanitizer's
# flags) and has a nightly toolchain. `cargo xtask fuzz --cfl-check` runs it on stable
# with the same variables (SANITIZER=none, no sanitizer flags in RUSTFLAGS) and checks
# that every target and seed corpus lands in $OUT; locally, fuzz with `cargo xtask fuzz`.
cd "$SRC/nlscope"

TARGETS="nlmsg_stream attr_walk decode extack pcap_reader roundtrip render_text render_json deep_nesting"

# Seeds first: the real captures' records cut per target by xtask (--seed-only writes
# fuzz/corpus/<target>/ and stops). xtask is a build tool, not fuzzed code: it is built
# for the host, into its own target directory, without the sanitizer's RUSTFLAGS
# (proc-macros compiled with them fail to load) and without CARGO_BUILD_TARGET.
env -u RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS -u CARGO_BUILD_TARGET -u RUSTDOCFLAGS \
  cargo run --quiet --package xtask --target-dir "$WORK/xtask-target" -- fuzz --seed-only $TARGETS

# The targets, with the image's RUSTFLAGS. On stable (the check) no sanitizer exists.
SANITIZE_ARGS=()
if [ "${SANITIZER:-address}" = none ]; then
  SANITIZE_ARGS=(-s none)
fi
# An explicit target directory: where the binaries are does not depend on the caller's
# CARGO_TARGET_DIR.
cargo fuzz build -O --fuzz-dir fuzz --debug-assertions --target-dir fuzz/target "${SANITIZE_ARGS[@]}"

TRIPLE="${CARGO_BUILD_TARGET:-x86_64-unknown-linux-gnu}"
BIN_DIR="fuzz/target/$TRIPLE/release"
for t in $TARGETS; do
  cp "$BIN_DIR/$t" "$OUT/"
  cp fuzz/netlink.dict "$OUT/$t.dict"
done

# One seed zip per target: its cut records plus corpus/regress/ (inputs that once
# broke a parser). A target without seeds (roundtrip and deep_nesting build messages
# from their bytes) gets the regress inputs alone; zip is never run on an empty folder
# (it exits 12 "nothing to do").
for t in $TARGETS; do
  zip_file="$OUT/${t}_seed_corpus.zip"
  rm -f "$zip_file"
  if [ -n "$(ls -A "fuzz/corpus/$t" 2>/dev/null)" ]; then
    (cd "fuzz/corpus/$t" && zip -q -r "$zip_file" .)
  fi
  if [ -n "$(ls -A corpus/regress 2>/dev/null)" ]; then
    (cd corpus/regress && zip -q -r "$zip_file" .)
  fi
done
