//! `nlscope check DIR [--bless]`: regression checks of a corpus of captures against
//! the expected decodes stored beside them.
//!
//! For every capture `NAME.pcap` / `NAME.pcapng` / `NAME.rtmon` in DIR (not in
//! subfolders), the expected decodes are files named after the whole capture name:
//!
//! | file | what |
//! |---|---|
//! | `NAME.pcap.txt` | `nlscope decode --format text` |
//! | `NAME.pcap.jsonl` | `nlscope decode --format json` |
//! | `NAME.pcap.line` | `nlscope decode --format line` |
//! | `NAME.pcap.stats.json` | `nlscope stats --format json` |
//!
//! A capture with a sidecar `NAME.pcap.spec` is also decoded with the user specs it
//! lists (one path a line, relative to DIR; `#` starts a comment; as `--spec`
//! takes them): its expected decodes with the specs are `NAME.pcap.spec.txt`,
//! `NAME.pcap.spec.jsonl`, … beside the ones without (which show what a decode
//! without the specs gives), and `--bless` writes the same kinds for both.
//!
//! `check` compares every expected file that exists (a capture with none is an
//! error: nothing would be checked). `--bless` writes them: the text and JSON
//! decodes, or for a capture larger than `--max-full` bytes (default 1 MiB, so a
//! benchmark-sized capture does not put tens of megabytes into a repository) the
//! line decode and the stats instead; `--bless` keeps whichever kinds already exist.
//!
//! Exit codes: 0 every capture matches, 1 some differ (a readable diff is printed:
//! for JSON the message and the attribute path that changed), 2 usage or I/O error.
//!
//! Everything printed from the files (expected lines, decoded lines, file names) is
//! escaped as the decode escapes capture strings: an expected file is as untrusted as
//! a capture.

use super::decode::Format;
use super::input::{self, EndianArg, Stop};
use nlscope::families::decode::Context;
use nlscope::families::user::UserTables;
use nlscope::render::stats::Stats;
use nlscope::render::Style;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Check a corpus of captures against their expected decodes.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The folder of captures.
    pub dir: PathBuf,
    /// Write the expected files instead of comparing.
    #[arg(long)]
    pub bless: bool,
    /// Captures larger than this many bytes get line + stats goldens instead of text + JSON.
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    pub max_full: u64,
    /// Specs every capture is decoded with (a capture's sidecar `NAME.spec` gives its
    /// `.spec.*` decodes theirs instead), and pinned family ids.
    #[command(flatten)]
    pub specs: super::specs::SpecArgs,
}

const CAPTURE_EXTS: [&str; 3] = ["pcap", "pcapng", "rtmon"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text,
    Json,
    Line,
    Stats,
}

impl Kind {
    const ALL: [Kind; 4] = [Kind::Text, Kind::Json, Kind::Line, Kind::Stats];
    fn suffix(self) -> &'static str {
        match self {
            Kind::Text => "txt",
            Kind::Json => "jsonl",
            Kind::Line => "line",
            Kind::Stats => "stats.json",
        }
    }
}

/// The expected decode of `capture` as `kind`; with the sidecar's specs when `spec`.
fn expected_path(capture: &Path, kind: Kind, spec: bool) -> PathBuf {
    let mut s = capture.as_os_str().to_owned();
    if spec {
        s.push(".spec");
    }
    s.push(".");
    s.push(kind.suffix());
    PathBuf::from(s)
}

/// The sidecar listing the specs a capture is also checked with.
fn sidecar(capture: &Path) -> PathBuf {
    let mut s = capture.as_os_str().to_owned();
    s.push(".spec");
    PathBuf::from(s)
}

/// The tables of the specs listed in `capture`'s sidecar, if it has one.
fn sidecar_tables(capture: &Path, dir: &Path) -> anyhow::Result<Option<&'static UserTables>> {
    let path = sidecar(capture);
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)?;
    let paths: Vec<PathBuf> = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(|l| dir.join(l))
        .collect();
    if paths.is_empty() {
        anyhow::bail!("{}: names no spec", path.display());
    }
    match super::specs::load(&paths, None) {
        Ok(Some(t)) => Ok(Some(t)),
        Ok(None) => anyhow::bail!("{}: names no spec file", path.display()),
        Err(e) => anyhow::bail!("{e}"),
    }
}

/// The decode of `capture` in the form of `kind`, as `nlscope decode`/`stats` print it
/// (with `user`'s specs when given).
fn render(
    capture: &Path,
    kind: Kind,
    user: Option<&'static UserTables>,
    pins: &[(u16, String)],
) -> anyhow::Result<Vec<u8>> {
    let (input, _) = input::open(capture)?;
    // The file name only: an expected decode that names an input error (a cut
    // capture, malformed records) must not depend on where the corpus lies or how
    // it was named on the command line.
    let name = capture
        .file_name()
        .unwrap_or(capture.as_os_str())
        .to_string_lossy()
        .into_owned();
    let mut ctx = match user {
        Some(u) => Context::with_user(u),
        None => Context::new(),
    };
    for (id, name) in pins {
        ctx.pin_genl(*id, name);
    }
    let mut out = Vec::new();
    let mut st = Stats::new();
    let style = Style {
        color: false,
        show_secrets: false,
    };
    let fmt = match kind {
        Kind::Text => Format::Text,
        Kind::Json => Format::Json,
        Kind::Line | Kind::Stats => Format::Line,
    };
    let res = input::walk(input, &name, EndianArg::Auto, &mut ctx, |ev| {
        if kind == Kind::Stats {
            st.event(&ev);
            return Ok(());
        }
        super::decode::render_event(&mut out, &ev, fmt, style, true)
    });
    match res {
        Ok(()) => {}
        // A capture that stops mid-record is part of what is checked: say so in the output.
        Err(Stop::Input(e)) => {
            let _ = writeln!(Sink(&mut out), "input error: {e:#}");
        }
        Err(Stop::Output(e)) => return Err(e.into()),
    }
    if kind == Kind::Stats {
        st.write_json(&mut out)?;
    }
    Ok(out)
}

struct Sink<'a>(&'a mut Vec<u8>);
impl std::fmt::Write for Sink<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// Captures in `dir`, sorted by name.
fn captures(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))? {
        let p = e?.path();
        if p.is_file()
            && p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| CAPTURE_EXTS.contains(&x))
        {
            v.push(p);
        }
    }
    v.sort();
    Ok(v)
}

/// Run `nlscope check`.
pub fn run(args: &CheckArgs) -> ExitCode {
    match check(args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("nlscope check: {}", esc(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

fn check(args: &CheckArgs) -> anyhow::Result<bool> {
    let caps = captures(&args.dir)?;
    if caps.is_empty() {
        anyhow::bail!(
            "{}: no capture (.pcap, .pcapng, .rtmon) found",
            args.dir.display()
        );
    }
    let mut all_ok = true;
    let (mut same, mut differ) = (0usize, 0usize);
    let base = args.specs.tables().map_err(|e| anyhow::anyhow!(e))?;
    let pins = &args.specs.genl_family;
    for cap in &caps {
        let user = sidecar_tables(cap, &args.dir)?;
        let variants: Vec<(bool, Option<&'static UserTables>)> = match user {
            Some(u) => vec![(false, base), (true, Some(u))],
            None => vec![(false, base)],
        };
        for (spec, user) in variants {
            let existing: Vec<Kind> = Kind::ALL
                .into_iter()
                .filter(|k| expected_path(cap, *k, spec).exists())
                .collect();
            if args.bless {
                let kinds = if !existing.is_empty() {
                    existing
                } else if std::fs::metadata(cap)?.len() > args.max_full {
                    vec![Kind::Line, Kind::Stats]
                } else {
                    vec![Kind::Text, Kind::Json]
                };
                for k in kinds {
                    let path = expected_path(cap, k, spec);
                    std::fs::write(&path, render(cap, k, user, pins)?)?;
                    println!("blessed {}", esc_path(&path));
                }
                continue;
            }
            if existing.is_empty() {
                println!(
                    "{}{}: no expected decode beside it (run `nlscope check {} --bless`)",
                    esc_path(cap),
                    if spec { " (with its specs)" } else { "" },
                    esc_path(&args.dir)
                );
                all_ok = false;
                continue;
            }
            for k in existing {
                let path = expected_path(cap, k, spec);
                let want = std::fs::read(&path)?;
                let got = render(cap, k, user, pins)?;
                if want == got {
                    same += 1;
                    continue;
                }
                differ += 1;
                all_ok = false;
                println!("{}: differs from {}", esc_path(cap), esc_path(&path));
                print!("{}", describe_diff(k, &want, &got));
            }
        }
    }
    if !args.bless {
        println!(
            "check: {} captures, {same} expected files match, {differ} differ",
            caps.len()
        );
    }
    Ok(all_ok)
}

/// `s` (from an expected file, a decode or a file name) safe for a terminal: escaped
/// as the decode escapes capture strings (`nlscope::render::write_escaped_line`), so
/// control bytes planted in a corpus's expected files never reach the terminal raw.
fn esc(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    // Writing to a Vec cannot fail.
    let _ = nlscope::render::write_escaped_line(&mut out, s.as_bytes());
    String::from_utf8_lossy(&out).into_owned()
}

/// A path, escaped as [`esc`] (its bytes as the file system has them).
fn esc_path(p: &Path) -> String {
    let mut out = Vec::new();
    let _ = nlscope::render::write_escaped_line(&mut out, p.as_os_str().as_encoded_bytes());
    String::from_utf8_lossy(&out).into_owned()
}

/// A readable account of how `got` differs from `want`: changed messages by frame
/// and, for JSON, the path of the first differing value in each.
fn describe_diff(kind: Kind, want: &[u8], got: &[u8]) -> String {
    let want = String::from_utf8_lossy(want);
    let got = String::from_utf8_lossy(got);
    let diff = similar::TextDiff::from_lines(want.as_ref(), got.as_ref());
    let want_lines: Vec<&str> = want.lines().collect();
    let got_lines: Vec<&str> = got.lines().collect();
    let mut out = String::new();
    let mut shown = 0usize;
    let mut total = 0usize;
    for group in diff.grouped_ops(2) {
        total += 1;
        if shown >= 10 {
            continue;
        }
        shown += 1;
        if kind == Kind::Json {
            // Pair removed and inserted lines: each is one message.
            for op in &group {
                let (old, new) = (op.old_range(), op.new_range());
                if old.is_empty() && new.is_empty() {
                    continue;
                }
                let olds: Vec<&str> = old.filter_map(|i| want_lines.get(i).copied()).collect();
                let news: Vec<&str> = new.filter_map(|i| got_lines.get(i).copied()).collect();
                if olds == news {
                    continue;
                }
                for pair in 0..olds.len().max(news.len()) {
                    let _ = writeln!(
                        out,
                        "  {}",
                        esc(&json_line_diff(
                            olds.get(pair).copied(),
                            news.get(pair).copied()
                        ))
                    );
                }
            }
        } else {
            // Unified hunk, headed by the message the first change belongs to.
            let first = group.first().map_or(0, |op| op.old_range().start);
            let context = want_lines
                .get(..=first.min(want_lines.len().saturating_sub(1)))
                .unwrap_or(&[])
                .iter()
                .rev()
                .find(|l| l.starts_with('#'))
                .copied()
                .unwrap_or("");
            if !context.is_empty() {
                let _ = writeln!(out, "  in message {}", esc(context));
            }
            for op in &group {
                for change in diff.iter_changes(op) {
                    let sign = match change.tag() {
                        similar::ChangeTag::Delete => "  - ",
                        similar::ChangeTag::Insert => "  + ",
                        similar::ChangeTag::Equal => "    ",
                    };
                    let value = change.value();
                    let value = value.strip_suffix('\n').unwrap_or(value);
                    let _ = writeln!(out, "{sign}{}", esc(value));
                }
            }
        }
    }
    if total > shown {
        let _ = writeln!(out, "  … and {} more changed places", total - shown);
    }
    out
}

fn message_name(v: &serde_json::Value) -> String {
    let frame = v.get("frame").and_then(|f| f.as_u64()).unwrap_or(0);
    let index = v.get("index").and_then(|f| f.as_u64()).unwrap_or(0);
    let ty = v
        .pointer("/nlmsg/type/name")
        .and_then(|t| t.as_str())
        .map(str::to_owned)
        .or_else(|| v.pointer("/nlmsg/type/num").map(|n| n.to_string()))
        .unwrap_or_default();
    format!("frame {frame} message {index} {ty}")
}

/// "frame 12 message 0 RTM_NEWLINK: attrs > IFLA_MTU > value: expected 1500, decoded 9000"
fn json_line_diff(want: Option<&str>, got: Option<&str>) -> String {
    let parse = |s: Option<&str>| s.and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok());
    match (parse(want), parse(got)) {
        (Some(w), Some(g)) => {
            let mut path = Vec::new();
            let where_ = match first_difference(&w, &g, &mut path) {
                Some((a, b)) => format!("{}: expected {a}, decoded {b}", path.join(" > ")),
                None => "same values, different text".to_owned(),
            };
            format!("{}: {where_}", message_name(&w))
        }
        (Some(w), None) => format!("{}: expected, but not decoded", message_name(&w)),
        (None, Some(g)) => format!("{}: decoded, but not expected", message_name(&g)),
        (None, None) => "lines that are not JSON differ".to_owned(),
    }
}

fn first_difference(
    w: &serde_json::Value,
    g: &serde_json::Value,
    path: &mut Vec<String>,
) -> Option<(String, String)> {
    use serde_json::Value;
    match (w, g) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                match b.get(k) {
                    Some(vb) => {
                        if va != vb {
                            path.push(k.clone());
                            return first_difference(va, vb, path);
                        }
                    }
                    None => {
                        path.push(k.clone());
                        return Some((va.to_string(), "nothing".into()));
                    }
                }
            }
            b.iter().find(|(k, _)| !a.contains_key(*k)).map(|(k, v)| {
                path.push(k.clone());
                ("nothing".into(), v.to_string())
            })
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                match (a.get(i), b.get(i)) {
                    (Some(x), Some(y)) if x == y => {}
                    (Some(x), Some(y)) => {
                        path.push(element_name(x, i));
                        return first_difference(x, y, path);
                    }
                    (Some(x), None) => {
                        path.push(element_name(x, i));
                        return Some((x.to_string(), "nothing".into()));
                    }
                    (None, Some(y)) => {
                        path.push(element_name(y, i));
                        return Some(("nothing".into(), y.to_string()));
                    }
                    (None, None) => {}
                }
            }
            None
        }
        _ if w == g => None,
        _ => Some((w.to_string(), g.to_string())),
    }
}

/// An array element by its `name` (attributes, fields) or its index.
fn element_name(v: &serde_json::Value, i: usize) -> String {
    v.get("name")
        .and_then(|n| n.as_str())
        .map_or_else(|| format!("[{i}]"), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the diff may print: printable ASCII, newlines, and its own `…`.
    fn terminal_safe(s: &str) -> bool {
        s.replace('…', "")
            .bytes()
            .all(|b| b == b'\n' || (0x20..0x7f).contains(&b))
    }

    #[test]
    fn planted_escapes_are_escaped() {
        let want = b"#1.0 x\nRTM_NEWLINK\x1b]0;owned\x07\x1b[2J (16)\n  a \"\\x1b\"\n";
        let got = b"#1.0 x\nRTM_NEWLINK (16)\n  a \"\\x1b\"\n";
        let d = describe_diff(Kind::Text, want, got);
        assert!(terminal_safe(&d), "{d:?}");
        assert!(
            d.contains("  - RTM_NEWLINK\\x1b]0;owned\\x07\\x1b[2J (16)\n"),
            "{d}"
        );
        // A decoded escape and a raw byte never look alike: the backslash is doubled.
        assert!(d.contains("      a \"\\\\x1b\"\n"), "{d}");
        let want =
            br#"{"frame":1,"index":0,"nlmsg":{"type":{"name":"RTM\u001b[2J"}},"a":"\u009b"}"#;
        let got = br#"{"frame":1,"index":0,"nlmsg":{"type":{"name":"RTM"}},"a":"b"}"#;
        let d = describe_diff(Kind::Json, want, got);
        assert!(terminal_safe(&d), "{d:?}");
        assert!(d.contains("RTM\\x1b[2J"), "{d}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            // Failing cases go where the other property tests keep theirs (and are committed).
            failure_persistence: Some(Box::new(
                proptest::test_runner::FileFailurePersistence::Direct(
                    "proptest-regressions/check.txt",
                ),
            )),
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Arbitrary bytes in an expected file (and in the decode) never put a
        /// control byte, DEL or a non-ASCII byte on the terminal, in any kind of diff.
        #[test]
        fn diff_of_arbitrary_bytes_is_terminal_safe(
            want in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
            got in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
            json_like in proptest::prelude::any::<bool>(),
            kind in proptest::sample::select(Kind::ALL.to_vec()),
        ) {
            // Some inputs as JSON lines with the bytes inside strings, so the JSON
            // path (parsed values, names, paths) is taken too.
            let wrap = |b: &[u8]| -> Vec<u8> {
                if !json_like {
                    return b.to_vec();
                }
                let s = String::from_utf8_lossy(b);
                let v = serde_json::json!({"frame": 1, "index": 0,
                    "nlmsg": {"type": {"name": s}}, "attrs": [{"name": s, "value": s}]});
                format!("{v}\n").into_bytes()
            };
            let d = describe_diff(kind, &wrap(&want), &wrap(&got));
            proptest::prop_assert!(terminal_safe(&d), "{:?}", d);
        }
    }
}
