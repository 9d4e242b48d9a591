#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build script (runs inside base-builder-rust, which has a
# nightly toolchain and sets the sanitizer flags itself).
# Not run here: the build machines have no container runtime. Locally, use
# `cargo xtask fuzz` (stable, -s none).
cd "$SRC/nlscope"
cargo fuzz build -O --fuzz-dir fuzz --debug-assertions

TARGETS="nlmsg_stream attr_walk decode extack pcap_reader roundtrip render_text render_json deep_nesting"
OUT_DIR=fuzz/target/x86_64-unknown-linux-gnu/release
for t in $TARGETS; do
  cp "$OUT_DIR/$t" "$OUT/"
  cp fuzz/netlink.dict "$OUT/$t.dict"
done

# Seed corpora: the real captures' records, cut per target by `cargo xtask fuzz`
# (--seed-only writes fuzz/corpus/<target>/ and stops), plus corpus/regress/.
cargo run --quiet --package xtask -- fuzz --seed-only $TARGETS
for t in $TARGETS; do
  (cd fuzz/corpus/$t && zip -q -r "$OUT/${t}_seed_corpus.zip" .)
  if [ -d corpus/regress ]; then
    (cd corpus/regress && zip -q -r "$OUT/${t}_seed_corpus.zip" .)
  fi
done
