//! `cargo xtask fuzz [--time S] [--sanitizer none|address] [--seed-only] [TARGET…]`: seed,
//! build and run the fuzz targets on the stable toolchain, and fail if any target crashed.
//!
//! 1. Seeds: every record of every `corpus/*.pcap` (and of the large dump corpus
//!    `target/corpus/dump-large.pcap` when `cargo xtask corpus` has made it) is cut into
//!    inputs for each target (`fuzz/corpus/<target>/seed-<hash>`, generated, not
//!    committed); `corpus/regress/`
//!    is passed as a second, read-only corpus so past crashes are always replayed.
//! 2. `cargo fuzz build -s none -a` (no sanitizer: the nightly flag is not needed;
//!    debug assertions on, so integer overflow panics). `--sanitizer address` (or
//!    `--asan`) builds with the address sanitizer instead: `-Zsanitizer=address` is a
//!    nightly flag, so the build and the runs get `RUSTC_BOOTSTRAP=1` (NETLINK-FACTS §9);
//!    it catches out-of-bounds reads and use-after-free in code that safe Rust does not
//!    cover (the standard library, C in dependencies), at ~2-3 x fewer runs per second.
//!    Builds go to `target/fuzz` (one target tree per worktree).
//! 3. Each target runs `-max_total_time=S` (default 60) with `fuzz/netlink.dict`.
//!    A crash leaves its input in `fuzz/artifacts/<target>/`; copy it to
//!    `corpus/regress/` so that `cargo test` (tests/regress.rs) replays it.
//!    `fuzz/corpus/<target>/` is never emptied: what earlier runs found is where the
//!    next run starts (CI keeps the folder between runs: `.github/workflows/`), so a
//!    smoke run's seconds go into new ground.
//!
//! `cargo xtask fuzz --cfl-check` runs `.clusterfuzzlite/build.sh` as ClusterFuzzLite's
//! base-builder image would ([`cfl_check`]) and checks what it leaves in `$OUT`.

use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A tiny classic-pcap loader: xtask does not depend on the library (so that codegen
/// can run on a tree that does not build), so it cannot use `nlscope::record`.
#[path = "pcap.rs"]
mod pcap;

/// Every target in `fuzz/Cargo.toml`, in the order they run.
const TARGETS: &[&str] = &[
    "nlmsg_stream",
    "attr_walk",
    "decode",
    "extack",
    "pcap_reader",
    "roundtrip",
    "render_text",
    "render_json",
    "deep_nesting",
];

/// At most this many seeds per target (the churn capture repeats itself a lot).
const MAX_SEEDS: usize = 3000;

/// Protocols a `decode` input's first byte picks from (tests/support/invariants.rs).
const PROTOCOLS: [u16; 8] = [0, 2, 4, 5, 6, 10, 12, 16];

fn root() -> Result<PathBuf> {
    let xtask = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    xtask
        .parent()
        .map(Path::to_path_buf)
        .context("xtask has no parent directory")
}

/// Entry point: `args` are the words after `cargo xtask fuzz`.
pub fn run(args: &[String]) -> Result<()> {
    let mut time = 60u64;
    let mut asan = false;
    let mut seed_only = false;
    let mut targets = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--time" => {
                let v = it.next().context("--time needs seconds")?;
                time = v.parse().with_context(|| format!("--time {v}"))?;
            }
            "--asan" => asan = true,
            "--sanitizer" => {
                asan = match it.next().map(String::as_str) {
                    Some("address") => true,
                    Some("none") => false,
                    other => bail!(
                        "--sanitizer {}: use none or address (the others need nightly \
                         runtime support cargo-fuzz does not build on stable)",
                        other.unwrap_or("(missing)")
                    ),
                };
            }
            "--seed-only" => seed_only = true,
            "--cfl-check" => return cfl_check(),
            "-h" | "--help" => {
                println!(
                    "cargo xtask fuzz [--time S] [--sanitizer none|address] [--seed-only] \
                     [TARGET…]  (targets: {TARGETS:?}; --asan = --sanitizer address)"
                );
                return Ok(());
            }
            t if TARGETS.contains(&t) => targets.push(t),
            other => bail!("unknown fuzz target or option {other:?}; targets: {TARGETS:?}"),
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    let root = root()?;
    let fuzz_dir = root.join("fuzz");

    let seeds = seeds(&root)?;
    for t in &targets {
        let dir = fuzz_dir.join("corpus").join(t);
        std::fs::create_dir_all(&dir)?;
        let kept = listing(&dir)
            .iter()
            .filter(|p| {
                !p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("seed-"))
            })
            .count();
        if kept > 0 {
            println!("fuzz: {t}: {kept} inputs found by earlier runs (fuzz/corpus/{t}/)");
        }
        let list = seeds.get(t).map_or(&[][..], Vec::as_slice);
        for s in list {
            std::fs::write(dir.join(format!("seed-{:016x}", fnv1a(s))), s)?;
        }
        if *t == "roundtrip" || *t == "deep_nesting" {
            // Structure-aware: its bytes choose a message through the schema tables
            // (tests/support/model_gen.rs) or a nesting to build (DeepMsg); capture
            // bytes would mean nothing to it.
            println!("fuzz: {t}: no seeds (it builds messages from the bytes it is given)");
        } else {
            println!("fuzz: {t}: {} seeds from corpus/", list.len());
        }
    }
    if seed_only {
        return Ok(());
    }
    if time == 0 {
        bail!("--time 0 would mean no limit to libFuzzer; use --seed-only to only seed");
    }

    ensure_cargo_fuzz()?;

    let sanitizer: &[&str] = if asan {
        &["-s", "address"]
    } else {
        &["-s", "none"]
    };
    let target_dir = root.join("target").join("fuzz");
    let mut build = Command::new("cargo");
    build
        .current_dir(&root)
        .args(["fuzz", "build", "--fuzz-dir", "fuzz", "-a"])
        .args(sanitizer)
        .arg("--target-dir")
        .arg(&target_dir);
    if asan {
        build.env("RUSTC_BOOTSTRAP", "1");
    }
    let st = build
        .status()
        .context("running cargo fuzz (cargo install cargo-fuzz --locked)")?;
    if !st.success() {
        bail!("cargo fuzz build failed");
    }

    let regress = root.join("corpus").join("regress");
    let mut results = Vec::new();
    for t in &targets {
        let artifacts = fuzz_dir.join("artifacts").join(t);
        let before = listing(&artifacts);
        let mut cmd = Command::new("cargo");
        cmd.current_dir(&root)
            .args(["fuzz", "run", "--fuzz-dir", "fuzz", "-a"])
            .args(sanitizer)
            .arg("--target-dir")
            .arg(&target_dir)
            .arg(t)
            .arg(fuzz_dir.join("corpus").join(t));
        if regress.is_dir() {
            cmd.arg(&regress);
        }
        cmd.arg("--")
            .arg(format!("-max_total_time={time}"))
            .arg(format!("-dict={}", fuzz_dir.join("netlink.dict").display()))
            .arg("-print_final_stats=1")
            .arg("-timeout=10")
            .arg("-rss_limit_mb=2048")
            .stderr(Stdio::piped());
        if asan {
            cmd.env("RUSTC_BOOTSTRAP", "1");
        }
        println!("fuzz: running {t} for {time} s");
        let mut child = cmd.spawn().context("cargo fuzz run")?;
        let mut runs = String::from("?");
        let mut cov = String::from("?");
        if let Some(err) = child.stderr.take() {
            for line in BufReader::new(err).lines() {
                let line = line?;
                // libFuzzer's progress lines (`#1234 NEW cov: …`) are noise here; keep
                // the last coverage figure and everything else.
                if line.starts_with('#') {
                    if let Some(c) = line.split("cov: ").nth(1) {
                        cov = c.split_whitespace().next().unwrap_or("?").to_owned();
                    }
                    continue;
                }
                if let Some(n) = line.strip_prefix("stat::number_of_executed_units: ") {
                    n.trim().clone_into(&mut runs);
                }
                eprintln!("{line}");
            }
        }
        let st = child.wait()?;
        let new: Vec<_> = listing(&artifacts).difference(&before).cloned().collect();
        let ok = st.success() && new.is_empty();
        results.push((t.to_string(), ok, runs, cov, new));
    }

    println!(
        "\nfuzz summary ({time} s per target, -s {}):",
        if asan { "address" } else { "none" }
    );
    let mut failed = Vec::new();
    for (t, ok, runs, cov, new) in &results {
        println!(
            "  {t:<14} {:<7} {runs:>12} runs  cov {cov}",
            if *ok { "ok" } else { "CRASHED" }
        );
        for a in new {
            println!(
                "      {}  -> copy to corpus/regress/ and add a note",
                a.display()
            );
        }
        if !ok {
            failed.push(t.clone());
        }
    }
    if !failed.is_empty() {
        bail!("fuzz targets crashed: {failed:?}");
    }
    Ok(())
}

fn listing(dir: &Path) -> BTreeSet<PathBuf> {
    std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}

/// FNV-1a: names seed files by content, so re-seeding never duplicates.
fn fnv1a(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf2_9ce4_8422_2325, |h, x| {
        (h ^ u64::from(*x)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn le16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The messages of a little-endian netlink buffer (the corpus is little-endian).
fn messages(buf: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    while let Some(len) = le32(buf, pos) {
        let len = len as usize;
        let Some(m) = buf.get(pos..pos + len).filter(|_| len >= 16) else {
            break;
        };
        out.push(m);
        pos += (len + 3) & !3;
    }
    out
}

/// Where a message's attributes start: the first 4-aligned offset after `nlmsghdr`
/// from which a chain of attributes covers the message exactly (no schema needed).
fn attr_area(m: &[u8]) -> Option<&[u8]> {
    (16..m.len().min(96)).step_by(4).find_map(|start| {
        let area = m.get(start..)?;
        let mut pos = 0usize;
        while pos < area.len() {
            let len = usize::from(le16(area, pos)?);
            if len < 4 || pos + len > area.len() {
                return None;
            }
            pos += (len + 3) & !3;
        }
        Some(area)
    })
}

/// Seed inputs for each target, cut from the real captures.
fn seeds(root: &Path) -> Result<BTreeMap<&'static str, Vec<Vec<u8>>>> {
    let mut out: BTreeMap<&'static str, Vec<Vec<u8>>> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    let mut add = |target: &'static str, bytes: Vec<u8>| {
        let list = out.entry(target).or_default();
        if list.len() < MAX_SEEDS && seen.insert((target, fnv1a(&bytes))) {
            list.push(bytes);
        }
    };
    let mut files: Vec<_> = std::fs::read_dir(root.join("corpus"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pcap" || x == "pcapng"))
        .collect();
    // The large dump corpus of this machine's kernel (`cargo xtask corpus`): its records
    // then run through every target's checks before fuzzing starts.
    let large = root.join(crate::corpus::DEFAULT_OUT);
    if large.exists() {
        files.push(large);
    } else {
        println!(
            "fuzz: {} does not exist (cargo xtask corpus, as root, makes it): not seeded",
            large.display()
        );
    }
    // Small captures first: they are the varied ones; the churn capture fills up what
    // MAX_SEEDS leaves (the large corpus, 2.7 MB by default, comes before it).
    files.sort_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0));
    for f in files {
        let bytes = std::fs::read(&f)?;
        // pcap_reader: the file's start, cut inside a record, and small files of the
        // file header plus one record each (pcapng: prefixes only).
        for cut in [600, 4096, 65536] {
            add("pcap_reader", bytes.get(..cut).unwrap_or(&bytes).to_vec());
        }
        let header = bytes
            .get(..24)
            .filter(|_| f.extension().is_some_and(|x| x == "pcap"));
        if let Some(header) = header {
            let mut pos = 24usize;
            for _ in 0..64 {
                let Some(incl) = le32(&bytes, pos + 8) else {
                    break;
                };
                let Some(rec) = bytes.get(pos..pos + 16 + incl as usize) else {
                    break;
                };
                let mut one = header.to_vec();
                one.extend_from_slice(rec);
                add("pcap_reader", one);
                pos += rec.len();
            }
        }
        for r in pcap::records(&bytes) {
            add("nlmsg_stream", r.payload.to_vec());
            let p = PROTOCOLS
                .iter()
                .position(|&x| x == r.protocol)
                .and_then(|i| u8::try_from(i).ok())
                .unwrap_or(0x80 | (r.protocol as u8 & 0x7f));
            let mut d = vec![p, 0];
            d.extend_from_slice(r.payload);
            add("render_text", d.clone());
            add("render_json", d.clone());
            add("decode", d);
            for m in messages(r.payload) {
                if let Some(a) = attr_area(m) {
                    add("attr_walk", a.to_vec());
                }
                let ty = le16(m, 4).unwrap_or(0);
                let flags = le16(m, 6).unwrap_or(0);
                if (ty == 2 || ty == 3) && m.len() >= 20 {
                    // extack input: control byte, snap-cut length, error, rest.
                    let ctl = u8::from(ty == 3) | if flags & 0x100 != 0 { 2 } else { 0 };
                    let mut x = vec![ctl, 0xff];
                    x.extend_from_slice(m.get(16..).unwrap_or(&[]));
                    add("extack", x);
                }
            }
        }
    }
    Ok(out)
}

/// `cargo xtask fuzz --cfl-check`: run `.clusterfuzzlite/build.sh` under `bash -eu` with
/// the variables base-builder-rust sets (`$SRC` holding the checkout as `nlscope`,
/// `$OUT`, `$WORK`, `CARGO_BUILD_TARGET`, `SANITIZER`, and `RUSTFLAGS` as OSS-Fuzz sets
/// it with the sanitizer's flags replaced by nothing, as stable has none) in a scratch
/// directory, then check that every target's binary, dictionary and seed zip is in
/// `$OUT` and that every zip opens.
pub fn cfl_check() -> Result<()> {
    // build.sh runs `cargo fuzz build`, as the image (which has cargo-fuzz) does.
    ensure_cargo_fuzz()?;
    let root = root()?;
    let scratch = root.join("target").join("cfl-check");
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch)?;
    }
    let (src, out, work) = (
        scratch.join("src"),
        scratch.join("out"),
        scratch.join("work"),
    );
    for d in [&src, &out, &work] {
        std::fs::create_dir_all(d)?;
    }
    std::os::unix::fs::symlink(&root, src.join("nlscope"))?;
    // Binaries older than this are left from an earlier build, not made by this run.
    let started = std::time::SystemTime::now();
    let st = Command::new("bash")
        .arg("-eu")
        .arg(root.join(".clusterfuzzlite").join("build.sh"))
        .current_dir(&src)
        // The image sets no target directory of its own.
        .env_remove("CARGO_TARGET_DIR")
        .env("SRC", &src)
        .env("OUT", &out)
        .env("WORK", &work)
        .env("CARGO_BUILD_TARGET", "x86_64-unknown-linux-gnu")
        .env("SANITIZER", "none")
        .env("FUZZING_LANGUAGE", "rust")
        // OSS-Fuzz's Rust flags without `-Zsanitizer=…` (nightly only).
        .env(
            "RUSTFLAGS",
            "--cfg fuzzing -Cdebug-assertions -Cforce-frame-pointers=yes",
        )
        .status()
        .context("running bash .clusterfuzzlite/build.sh")?;
    if !st.success() {
        bail!(".clusterfuzzlite/build.sh failed ({st})");
    }
    let mut missing = Vec::new();
    for t in TARGETS {
        for f in [
            t.to_string(),
            format!("{t}.dict"),
            format!("{t}_seed_corpus.zip"),
        ] {
            let p = out.join(&f);
            if !p.is_file() {
                missing.push(f);
            } else if f == *t {
                // A fresh, non-empty executable from this build.
                let m = std::fs::metadata(&p)?;
                let fresh = m.modified().is_ok_and(|t| t >= started);
                if m.len() == 0 || !fresh {
                    bail!("{}: empty or not built by this run", p.display());
                }
            } else if f.ends_with(".zip") {
                let ok = Command::new("unzip")
                    .arg("-tq")
                    .arg(&p)
                    .stdout(Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success());
                if !ok {
                    bail!("{}: not a valid zip", p.display());
                }
            }
        }
    }
    if !missing.is_empty() {
        bail!("build.sh left these out of $OUT: {missing:?}");
    }
    println!(
        "fuzz: cfl-check: build.sh put {} targets with their dictionaries and seed zips in {}",
        TARGETS.len(),
        out.display()
    );
    Ok(())
}

/// CI machines start without cargo-fuzz: install it (once; it takes a few minutes).
/// Both the fuzz run and `--cfl-check` (whose build.sh runs `cargo fuzz build`) need it.
fn ensure_cargo_fuzz() -> Result<()> {
    let have_fuzz = Command::new("cargo")
        .args(["fuzz", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !have_fuzz {
        println!("fuzz: installing cargo-fuzz (cargo install cargo-fuzz --locked)");
        let st = Command::new("cargo")
            .args(["install", "cargo-fuzz", "--locked"])
            .status()
            .context("cargo install cargo-fuzz")?;
        if !st.success() {
            bail!("could not install cargo-fuzz");
        }
    }
    Ok(())
}
