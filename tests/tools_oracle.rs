//! Oracle 3 of issue 11: the kernel's own user-space tools against nlscope's decode.
//!
//! `corpus/tools-k6.1.pcap` is tcpdump's nlmon capture of the dump phase of
//! `xtask/vm/scenario-tools.sh` on Debian's 6.1 kernel; `corpus/tools-k6.1/` holds what
//! `ip -j`, `bridge -j`, `tc -j`, `nft -j`, `conntrack -o xml`, `ethtool --json`,
//! `devlink -j`, `wg show all dump` and `ip xfrm` printed meanwhile, and the window of
//! each run (`manifest.tsv`). The `nlscope` binary decodes the kernel's answers in
//! each window (`nlscope decode --format json`), and every value a tool printed from
//! them is compared with nlscope's (xtask/src/tools_oracle.rs, shared with `cargo xtask
//! vm-test`). The test fails on any difference not listed with its reason, on a tool
//! object no answer holds, and on a dump that compares fewer values than its minimum.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "../xtask/src/tools_oracle.rs"]
#[allow(dead_code, missing_docs)]
mod tools_oracle;

use std::path::Path;

#[test]
fn tools_print_what_nlscope_decodes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cap = root.join("corpus/tools-k6.1.pcap");
    let dir = root.join("corpus/tools-k6.1");
    assert!(
        cap.is_file() && dir.join("manifest.tsv").is_file(),
        "corpus/tools-k6.1.pcap and corpus/tools-k6.1/manifest.tsv are part of the repository"
    );
    let tallies =
        tools_oracle::compare(Path::new(env!("CARGO_BIN_EXE_nlscope")), &cap, &dir).unwrap();
    let (report, ok) = tools_oracle::report(&tallies);
    eprintln!("{report}");
    assert!(ok, "the tools and nlscope disagree:\n{report}");
    // Every dump has a minimum, and every minimum a dump: a dump added to the
    // scenario must say how many values it compares.
    for t in &tallies {
        assert!(
            tools_oracle::MIN_COMPARED.iter().any(|(d, _)| *d == t.dump),
            "{} has no entry in MIN_COMPARED ({} values compared)",
            t.dump,
            t.compared
        );
    }
    for (d, _) in tools_oracle::MIN_COMPARED {
        assert!(
            tallies.iter().any(|t| t.dump == *d),
            "MIN_COMPARED names {d}, which the manifest does not run"
        );
    }
}

/// The same on `corpus/wide-k6.1.pcap`: the whole capture of
/// `xtask/vm/scenario-wide.sh` (every link kind, qdisc, classifier, action and
/// nftables object Debian's 6.1 kernel builds), whose dump phase `corpus/wide-k6.1/`
/// describes. Its minimums are `MIN_COMPARED_WIDE`, chosen because they name exactly
/// the dumps of its manifest.
#[test]
fn wide_scenario_tools_print_what_nlscope_decodes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cap = root.join("corpus/wide-k6.1.pcap");
    let dir = root.join("corpus/wide-k6.1");
    assert!(
        cap.is_file() && dir.join("manifest.tsv").is_file(),
        "corpus/wide-k6.1.pcap and corpus/wide-k6.1/manifest.tsv are part of the repository"
    );
    let tallies =
        tools_oracle::compare(Path::new(env!("CARGO_BIN_EXE_nlscope")), &cap, &dir).unwrap();
    let (report, ok) = tools_oracle::report(&tallies);
    eprintln!("{report}");
    assert!(ok, "the tools and nlscope disagree:\n{report}");
    let mins = tools_oracle::minimums(tallies.iter().map(|t| t.dump.as_str()));
    assert!(
        mins == tools_oracle::MIN_COMPARED_WIDE,
        "MIN_COMPARED_WIDE must name exactly the dumps of corpus/wide-k6.1/manifest.tsv"
    );
}
