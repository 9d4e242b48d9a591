//! Key material stays out of every output format unless `--show-secrets` asks for it
//! (`src/families/secrets.rs`), and the table of secrets agrees with the kernel's
//! uapi headers.
//!
//! The keys are taken from the `--show-secrets` JSON of each corpus capture (every
//! attribute or struct member the table names, with its `"hex"`); then `decode` in
//! every format (text, line, JSON) and `stats` (text, JSON) without the flag, and the
//! committed goldens (`corpus/*.txt`, `*.jsonl`, `*.line`), must hold none of them in
//! any spelling: hex (lower and upper case, plain, `:`- and space-separated), base64
//! (as `wg` prints keys) and the raw bytes. The same search over the `--show-secrets`
//! text finds them, so the search can fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use nlscope::families::secrets::{is_secret, SECRETS};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_nlscope");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Captures known to hold key material (made by `shared/tools/nlmon-vm`: xfrm states
/// and policies with keys, wireguard and macsec set-up).
const WITH_KEYS: &[&str] = &["nf-xfrm.pcap", "genl-diag.pcap", "tools-k6.1.pcap"];

fn run(args: &[&str]) -> Vec<u8> {
    let out = Command::new(BIN).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "nlscope {args:?}: exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn captures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pcap" || x == "pcapng"))
        .collect();
    v.sort();
    v
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

/// Every secret's bytes in a `--show-secrets` JSON value: objects whose `"name"` the
/// table lists, with a `"hex"`. Returns how many secret objects were seen.
fn collect(v: &serde_json::Value, keys: &mut BTreeSet<Vec<u8>>) -> usize {
    let mut n = 0;
    match v {
        serde_json::Value::Object(o) => {
            if let (Some(name), Some(h)) = (
                o.get("name").and_then(|n| n.as_str()),
                o.get("hex").and_then(|h| h.as_str()),
            ) {
                if is_secret(name) {
                    n += 1;
                    keys.insert(unhex(h));
                }
            }
            for x in o.values() {
                n += collect(x, keys);
            }
        }
        serde_json::Value::Array(a) => {
            for x in a {
                n += collect(x, keys);
            }
        }
        _ => {}
    }
    n
}

/// How many objects say `"redacted":true`.
fn redacted(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Object(o) => {
            usize::from(o.get("redacted") == Some(&serde_json::Value::Bool(true)))
                + o.values().map(redacted).sum::<usize>()
        }
        serde_json::Value::Array(a) => a.iter().map(redacted).sum(),
        _ => 0,
    }
}

fn base64(b: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for c in b.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..=c.len() {
            s.push(char::from(A[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    s
}

/// The ways a key could be spelled in an output.
fn spellings(key: &[u8]) -> Vec<Vec<u8>> {
    let hex: Vec<String> = key.iter().map(|b| format!("{b:02x}")).collect();
    let up: Vec<String> = hex.iter().map(|h| h.to_ascii_uppercase()).collect();
    // Base64 without its `=` padding: a prefix of the padded spelling.
    vec![
        key.to_vec(),
        hex.concat().into_bytes(),
        up.concat().into_bytes(),
        hex.join(":").into_bytes(),
        up.join(":").into_bytes(),
        hex.join(" ").into_bytes(),
        base64(key).into_bytes(),
    ]
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The first spelling of a key found in `out`, if any.
fn leak(out: &[u8], keys: &BTreeSet<Vec<u8>>) -> Option<String> {
    keys.iter().find_map(|k| {
        spellings(k)
            .into_iter()
            .find(|s| contains(out, s))
            .map(|s| String::from_utf8_lossy(&s).into_owned())
    })
}

#[test]
fn no_key_material_in_any_format_without_show_secrets() {
    let mut with_keys = Vec::new();
    for cap in captures() {
        let file = cap.to_str().unwrap();
        let name = cap.file_name().unwrap().to_str().unwrap().to_owned();
        let shown = run(&["decode", "--format", "json", "--show-secrets", file]);
        let mut keys = BTreeSet::new();
        let mut secret_objects = 0;
        for l in shown.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
            let v: serde_json::Value = serde_json::from_slice(l).unwrap();
            secret_objects += collect(&v, &mut keys);
            assert_eq!(redacted(&v), 0, "{name}: redacted with --show-secrets");
        }
        // Keys shorter than 8 bytes (cookies) and keys of one repeated byte (an
        // all-zero preshared key is how wireguard says "none") could match by chance
        // anywhere: the count of redactions below still covers them.
        let plain = |k: &Vec<u8>| k.len() < 8 || k.iter().all(|b| Some(b) == k.first());
        let short = keys.iter().filter(|k| plain(k)).count();
        keys.retain(|k| !plain(k));
        if secret_objects == 0 {
            assert!(!WITH_KEYS.contains(&name.as_str()), "{name}: no keys found");
            continue;
        }
        with_keys.push(name.clone());
        println!(
            "{name}: {secret_objects} attributes/members with key material, {} distinct keys \
             searched for ({short} shorter than 8 bytes or of one repeated byte not searched)",
            keys.len()
        );
        // The search finds what `--show-secrets` prints.
        let text_shown = run(&["decode", "--show-secrets", file]);
        assert!(
            leak(&text_shown, &keys).is_some(),
            "{name}: keys not found in --show-secrets text"
        );
        assert!(leak(&shown, &keys).is_some());
        for (what, out) in [
            ("text", run(&["decode", file])),
            ("line", run(&["decode", "--format", "line", file])),
            ("json", run(&["decode", "--format", "json", file])),
            ("stats", run(&["stats", file])),
            ("stats json", run(&["stats", "--format", "json", file])),
        ] {
            if let Some(s) = leak(&out, &keys) {
                panic!("{name}: key material in {what} output: {s}");
            }
            if what == "json" {
                // Every secret is there, named, and marked instead of printed.
                let n: usize = out
                    .split(|b| *b == b'\n')
                    .filter(|l| !l.is_empty())
                    .map(|l| redacted(&serde_json::from_slice(l).unwrap()))
                    .sum();
                assert_eq!(n, secret_objects, "{name}: redacted objects in JSON");
            }
        }
        for ext in ["txt", "jsonl", "line"] {
            let golden = Path::new(ROOT).join("corpus").join(format!("{name}.{ext}"));
            if let Ok(g) = std::fs::read(&golden) {
                if let Some(s) = leak(&g, &keys) {
                    panic!("{}: key material in the golden: {s}", golden.display());
                }
            }
        }
    }
    for f in WITH_KEYS {
        assert!(with_keys.iter().any(|w| w == f), "{f}: no keys found");
    }
}

/// uapi attributes whose names sound like key material but are not, or are covered by
/// the attribute that holds them: `(name, why)`.
const NOT_SECRET: &[(&str, &str)] = &[
    (
        "WGDEVICE_A_PUBLIC_KEY",
        "a public key (`wg show` prints it)",
    ),
    ("WGPEER_A_PUBLIC_KEY", "a public key (`wg show` prints it)"),
    (
        "NL80211_ATTR_COOKIE",
        "a handle the kernel gives an operation",
    ),
    (
        "TCP_METRICS_ATTR_FOPEN_COOKIE",
        "a TCP Fast Open cookie a server gave this host; `ip tcp_metrics` prints it",
    ),
    (
        "NL80211_KEY_DATA",
        "nested in NL80211_ATTR_KEY(S), which is shown as bytes and redacted whole",
    ),
    (
        "NL80211_REKEY_DATA_KEK",
        "nested in NL80211_ATTR_REKEY_DATA, shown as bytes and redacted whole",
    ),
    (
        "NL80211_REKEY_DATA_KCK",
        "nested in NL80211_ATTR_REKEY_DATA, shown as bytes and redacted whole",
    ),
];

/// Every row names something nlscope's tables decode, and something the kernel's
/// uapi header defines; the headers' attributes that sound like keys are all
/// classified (in the table or in [`NOT_SECRET`]).
#[test]
fn the_table_agrees_with_the_tables_and_the_kernel_headers() {
    // The names nlscope's tables know: the string literals of `src/families`.
    let mut src = String::new();
    let mut dirs = vec![Path::new(ROOT).join("src/families")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("secrets.rs") {
                src.push_str(&std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    for s in SECRETS {
        assert!(
            src.contains(&format!("\"{}\"", s.name)),
            "{}: no table row of that name",
            s.name
        );
    }
    let inc = Path::new("/usr/include");
    let mut checked = 0;
    let headers: BTreeSet<&str> = SECRETS.iter().map(|s| s.header).collect();
    for h in &headers {
        let Ok(text) = std::fs::read_to_string(inc.join(h)) else {
            println!("{h}: not installed here (linux-libc-dev too old?): its rows are not checked");
            continue;
        };
        checked += 1;
        for s in SECRETS.iter().filter(|s| s.header == *h) {
            assert!(text.contains(s.name), "{}: not in {h}", s.name);
        }
        // Attribute-like names that sound like key material.
        for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            let attr = word.contains("_ATTR_")
                || word.contains("_A_")
                || word.starts_with("NL80211_KEY_")
                || word.starts_with("NL80211_REKEY_DATA_");
            let sounds = [
                "KEY", "KEYS", "SECRET", "PASSWORD", "PSK", "PMK", "KEK", "KCK", "RRK", "PRIVKEY",
                "COOKIE",
            ]
            .iter()
            .any(|k| word.ends_with(&format!("_{k}")))
                || word.ends_with("_KEY_DATA");
            // Constants only (the header's comments spell some names in mixed case).
            let constant = word.bytes().all(|b| !b.is_ascii_lowercase());
            if attr && sounds && constant && !word.starts_with("__") {
                assert!(
                    is_secret(word) || NOT_SECRET.iter().any(|(n, _)| *n == word),
                    "{h}: {word} sounds like key material: add it to SECRETS or NOT_SECRET"
                );
            }
        }
    }
    println!("{checked} of {} uapi headers checked", headers.len());
    assert!(
        checked > 0 || !inc.join("linux").exists(),
        "no uapi header of the table found"
    );
}
