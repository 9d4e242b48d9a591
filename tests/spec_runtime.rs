//! Specs loaded at run time (`families::spec`, `nlscope --spec`) against the
//! built-in tables that `cargo xtask codegen` generates from the same files, and
//! one test per class of bad spec.
//!
//! The kernel's specs are not in the repository (NETLINK-FACTS §5): the codegen
//! reads them from the pinned crate `netlink-bindings`, and `cargo xtask spec-dir`
//! (or any `cargo xtask codegen`) fetches it and writes where it is to
//! `target/xtask-specs/spec-dir.txt`. `NLSCOPE_KERNEL_SPECS=DIR` names another
//! directory. Without either, the tests that need them say so and do nothing.

// Test helpers outside #[test] functions: a failed read is a failed test.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use nlscope::families::decode::Context;
use nlscope::families::spec::{self, Loaded, SpecErrorKind};
use nlscope::flow::walk::{EndianMode, Event, RecordIn, Walker};
use nlscope::record::read_all;
use nlscope::render::{render_event, Format, Style};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The directory of the kernel's specs, if they are here.
fn kernel_spec_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("NLSCOPE_KERNEL_SPECS") {
        Some(d) => PathBuf::from(d),
        None => {
            let f = root().join("target/xtask-specs/spec-dir.txt");
            PathBuf::from(std::fs::read_to_string(f).ok()?.trim())
        }
    };
    dir.is_dir().then_some(dir)
}

/// `(name, path)` of every spec the codegen reads: `<dir>/<name>/<name>.yaml`,
/// but `builtin` (as `xtask/src/codegen/overrides.rs`'s `SKIP_SPECS`).
fn kernel_specs(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        let file = e.path().join(format!("{name}.yaml"));
        if file.is_file() && name != "builtin" {
            v.push((name, file));
        }
    }
    v.sort();
    v
}

fn no_specs(test: &str) {
    eprintln!(
        "{test}: the kernel's specs are not here; run `cargo xtask spec-dir` (fetches the \
         pinned netlink-bindings crate from crates.io) or set NLSCOPE_KERNEL_SPECS=DIR; not run"
    );
}

fn load_all(dir: &Path) -> Vec<(Loaded, String)> {
    kernel_specs(dir)
        .into_iter()
        .map(|(name, path)| {
            let text = std::fs::read_to_string(&path).unwrap();
            match spec::load(&text, &name) {
                Ok(l) => (l, name),
                Err(e) => panic!("{e}"),
            }
        })
        .collect()
}

#[test]
fn every_kernel_spec_loads() {
    let Some(dir) = kernel_spec_dir() else {
        return no_specs("every_kernel_spec_loads");
    };
    let loaded = load_all(&dir);
    assert!(loaded.len() >= 30, "{} specs", loaded.len());
    for (l, name) in &loaded {
        assert_eq!(l.name().replace('_', "-"), name.replace('_', "-"));
        // Each has a built-in twin (the generated tables).
        assert!(l.overrides_builtin(), "{name} has no built-in table");
    }
    spec::tables(&loaded).unwrap();
}

/// One JSON line per family message of `capture` decoded with `ctx`, keyed by
/// (frame, index), with the message's family (genl family name or protocol).
fn json_lines(capture: &Path, ctx: Context) -> BTreeMap<(u64, u32), (String, String)> {
    let bytes = std::fs::read(capture).unwrap();
    let mut walker = Walker::new(EndianMode::Auto);
    walker.ctx = ctx;
    let style = Style {
        color: false,
        show_secrets: false,
    };
    let mut out = BTreeMap::new();
    let Ok(records) = read_all(&bytes) else {
        return out;
    };
    for rec in records {
        let Ok(rec) = rec else { break };
        let _ = walker.record(RecordIn::from_capture(&rec), |ev| {
            if let Event::Message(item) = &ev {
                let fam = match &item.decoded.body {
                    nlscope::families::decode::Body::Family(f) => match f.genl {
                        Some(g) => item.ctx.genl_name(g.family_id).unwrap_or("?").to_string(),
                        None => format!("protocol {}", item.decoded.protocol),
                    },
                    _ => format!("protocol {}", item.decoded.protocol),
                };
                let mut buf = Vec::new();
                render_event(&mut buf, &ev, Format::Json, style, true).unwrap();
                out.insert(
                    (item.frame, item.index),
                    (fam, String::from_utf8_lossy(&buf).into_owned()),
                );
            }
            Ok::<(), std::io::Error>(())
        });
    }
    out
}

/// Every corpus capture decoded with every kernel spec loaded at run time gives the
/// JSON the built-in tables give, message for message, except where the built-in
/// tables carry the codegen's fixes (`xtask/src/codegen/overrides.rs`), which the
/// run-time loader does not apply: those messages are counted per family and printed,
/// and the families with no fix must have none.
#[test]
fn runtime_tables_decode_the_corpus_as_the_builtin_ones() {
    let Some(dir) = kernel_spec_dir() else {
        return no_specs("runtime_tables_decode_the_corpus_as_the_builtin_ones");
    };
    let loaded = load_all(&dir);
    let user = spec::tables(&loaded).unwrap();
    let overrides = std::fs::read_to_string(root().join("xtask/src/codegen/overrides.rs")).unwrap();
    // A family the codegen fixes is named in overrides.rs: `("rt-link", …`, `["ethtool"]`.
    let fixed = |family: &str| overrides.contains(&format!("\"{family}\""));
    let mut caps: Vec<PathBuf> = std::fs::read_dir(root().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pcap" || x == "pcapng"))
        .collect();
    caps.sort();
    let (mut same, mut differ_fixed) = (0usize, BTreeMap::<String, usize>::new());
    let mut differ_unfixed = Vec::new();
    for cap in &caps {
        let builtin = json_lines(cap, Context::new());
        let runtime = json_lines(cap, Context::with_user(user));
        assert_eq!(builtin.len(), runtime.len(), "{}", cap.display());
        for (key, (fam, want)) in &builtin {
            let got = &runtime[key].1;
            if got == want {
                same += 1;
                continue;
            }
            // Which spec covers it: a genl family by name; a raw protocol's message
            // by its type name's spec (any spec of that protocol).
            let covered: Vec<&str> = loaded
                .iter()
                .filter(|(l, _)| match l {
                    Loaded::Genl(g) => g.name == fam,
                    Loaded::Raw(r) => fam == &format!("protocol {}", r.protonum),
                })
                .map(|(l, _)| l.name())
                .collect();
            let at = want
                .bytes()
                .zip(got.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let around = |s: &str| {
                let b = s.as_bytes();
                let to = (at + 40).min(b.len());
                String::from_utf8_lossy(&b[at.saturating_sub(80).min(to)..to]).into_owned()
            };
            let what = format!(
                "{} frame {} message {}: {fam}\n  built-in: …{}…\n  run-time: …{}…",
                cap.file_name().unwrap().to_string_lossy(),
                key.0,
                key.1,
                around(want),
                around(got)
            );
            if covered.iter().any(|f| fixed(f)) {
                let n = differ_fixed.entry(covered.join("+")).or_default();
                if *n == 0 {
                    eprintln!("first difference of a fixed family: {what}");
                }
                *n += 1;
            } else {
                differ_unfixed.push(what);
            }
        }
    }
    eprintln!(
        "{same} messages decode the same; differing where the codegen applies fixes: {differ_fixed:?}"
    );
    assert!(same > 1000, "{same} messages compared");
    assert!(
        differ_unfixed.is_empty(),
        "{} messages of families without codegen fixes differ:\n{}",
        differ_unfixed.len(),
        differ_unfixed
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// A bad spec: the error names the origin, the line of the entry and the class.
fn bad(text: &str) -> spec::SpecError {
    match spec::load(text, "bad.yaml") {
        Ok(l) => panic!("loaded {}", l.name()),
        Err(e) => e,
    }
}

const GOOD: &str = "name: t
protocol: netlink-raw
protonum: 2
attribute-sets:
  -
    name: a
    attributes:
      -
        name: x
        type: u32
      -
        name: y
        type: nest
        nested-attributes: a
operations:
  list:
    -
      name: get
      value: 16
      attribute-set: a
      do:
        request:
          attributes: [x]
";

#[test]
fn the_good_spec_loads() {
    let l = spec::load(GOOD, "good.yaml").unwrap();
    let Loaded::Raw(r) = l else {
        panic!("a raw spec");
    };
    assert_eq!(r.protonum, 2);
    let m = r.msgs.first().unwrap();
    assert_eq!((m.value, m.name), (16, "T_CMD_GET"));
    let set = m.attrs.unwrap();
    assert_eq!(set.attrs.len(), 2);
    assert_eq!(set.lookup(1).unwrap().name, "T_A_A_X");
}

#[test]
fn a_syntax_error_names_its_line() {
    let e = bad("name: t\nattribute-sets:\n  - name: a\n    attributes: 7\n");
    assert_eq!(e.kind, SpecErrorKind::Syntax);
    assert_eq!(e.line, Some(4), "{e}");
    assert!(e.to_string().starts_with("bad.yaml:4: "), "{e}");
}

#[test]
fn an_unknown_type_names_its_line() {
    let e = bad(&GOOD.replace("type: u32", "type: u12"));
    assert_eq!(e.kind, SpecErrorKind::UnknownType, "{e}");
    // The entry's `name:` line (x's).
    assert_eq!(e.line, Some(9), "{e}");
    assert!(e.detail.contains("u12") && e.detail.contains('x'), "{e}");
}

#[test]
fn a_duplicate_value_names_its_line() {
    let text = GOOD.replace("        name: y\n", "        name: y\n        value: 1\n");
    let e = bad(&text);
    assert_eq!(e.kind, SpecErrorKind::Duplicate, "{e}");
    assert_eq!(e.line, Some(12), "{e}");
    assert!(e.detail.contains("value 1"), "{e}");
}

#[test]
fn a_reference_to_no_set_names_its_line() {
    let e = bad(&GOOD.replace("nested-attributes: a", "nested-attributes: nosuch"));
    assert_eq!(e.kind, SpecErrorKind::UnknownReference, "{e}");
    assert_eq!(e.line, Some(12), "{e}");
    assert!(e.detail.contains("nosuch"), "{e}");
    let e = bad(&GOOD.replace("      attribute-set: a", "      attribute-set: nosuch"));
    assert_eq!(e.kind, SpecErrorKind::UnknownReference, "{e}");
    assert_eq!(e.line, Some(18), "{e}");
}

#[test]
fn a_raw_spec_without_protonum_is_refused() {
    let e = bad(&GOOD.replace("protonum: 2\n", ""));
    assert_eq!(e.kind, SpecErrorKind::Missing, "{e}");
}

#[test]
fn two_specs_of_one_family_are_refused() {
    let a = spec::load(GOOD, "a.yaml").unwrap();
    let b = spec::load(GOOD, "b.yaml").unwrap();
    let e = spec::tables(&[(a, "a.yaml".into()), (b, "b.yaml".into())]).unwrap_err();
    assert_eq!(e.kind, SpecErrorKind::Duplicate);
    assert!(
        e.to_string().contains("a.yaml") && e.origin == "b.yaml",
        "{e}"
    );
}

/// `nlscope ARGS…` with `env`: (exit code, stdout, stderr).
fn nlscope(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_nlscope"));
    cmd.args(args)
        .current_dir(root())
        .env_remove("NLSCOPE_SPEC_PATH");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_a_bad_spec_stops_before_decoding() {
    let dir = std::env::temp_dir().join(format!("nlscope-spec-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.yaml");
    std::fs::write(&file, GOOD.replace("type: u32", "type: u12")).unwrap();
    let f = file.to_str().unwrap();
    for sub in ["decode", "stats"] {
        let (code, out, err) = nlscope(&[sub, "--spec", f, "corpus/usersock-echo.pcap"], &[]);
        assert_eq!(code, 2, "{sub}: {err}");
        assert!(out.is_empty(), "{sub}: nothing decoded: {out}");
        assert!(
            err.contains(&format!("{f}:9: unknown type")),
            "{sub}: {err}"
        );
    }
    // The same from the environment, and from check.
    let (code, _, err) = nlscope(
        &["decode", "corpus/usersock-echo.pcap"],
        &[("NLSCOPE_SPEC_PATH", dir.to_str().unwrap())],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bad.yaml:9:"), "{err}");
    let (code, _, err) = nlscope(&["check", "corpus", "--spec", f], &[]);
    assert_eq!(code, 2, "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_spec_from_flag_and_environment_names_the_messages() {
    let (code, plain, _) = nlscope(&["decode", "corpus/usersock-echo.pcap"], &[]);
    assert_eq!(code, 0);
    assert!(!plain.contains("ECHO_MSG_PING"), "{plain}");
    let (code, flag, err) = nlscope(
        &[
            "decode",
            "--spec",
            "examples/specs/nlscope-echo.yaml",
            "corpus/usersock-echo.pcap",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        flag.contains("ECHO_MSG_PING") && flag.contains("ECHO_A_TEXT"),
        "{flag}"
    );
    assert!(err.is_empty(), "no built-in is replaced: {err}");
    let (code, env, _) = nlscope(
        &["decode", "corpus/usersock-echo.pcap"],
        &[(
            "NLSCOPE_SPEC_PATH",
            "/nonexistent-is-an-error-too:examples/specs",
        )],
    );
    assert_eq!(code, 2, "a path that does not exist is an error");
    assert!(env.is_empty());
    let (code, env, _) = nlscope(
        &["decode", "corpus/usersock-echo.pcap"],
        &[("NLSCOPE_SPEC_PATH", "examples/specs")],
    );
    assert_eq!(code, 0);
    assert_eq!(
        env, flag,
        "a directory in NLSCOPE_SPEC_PATH loads the same spec"
    );
}

#[test]
fn cli_a_user_spec_replaces_a_builtin_with_a_note() {
    let dir = std::env::temp_dir().join(format!("nlscope-spec-nlctrl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("nlctrl.yaml");
    // nlctrl's first two attributes, under names of the user's own.
    std::fs::write(
        &file,
        "name: nlctrl\nattribute-sets:\n  -\n    name: ctrl\n    name-prefix: my-\n    \
         attributes:\n      -\n        name: family-id\n        type: u16\n      -\n        \
         name: family-name\n        type: string\noperations:\n  list:\n    -\n      \
         name: newfamily\n      attribute-set: ctrl\n      do:\n        request:\n          \
         attributes: [family-id]\n",
    )
    .unwrap();
    let (code, out, err) = nlscope(
        &[
            "decode",
            "--spec",
            file.to_str().unwrap(),
            "corpus/genl-demo.pcap",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("replaces the built-in"), "{err}");
    assert!(
        out.contains("MY_FAMILY_NAME (2)") && out.contains("\"nlscope-demo\""),
        "{out}"
    );
    assert!(!out.contains("CTRL_ATTR_FAMILY_NAME"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every spec made by leaving one line out of a shipped example, and by cutting it
/// short at every line: each loads or is refused with an error, and never panics.
#[test]
fn damaged_specs_load_or_are_refused() {
    for name in ["nlscope-echo.yaml", "nlscope-demo.yaml"] {
        let text = std::fs::read_to_string(root().join("examples/specs").join(name)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let (mut ok, mut refused) = (0, 0);
        for i in 0..lines.len() {
            let without: Vec<&str> = lines
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, l)| *l)
                .collect();
            for variant in [without.join("\n"), lines[..i].join("\n")] {
                match spec::load(&variant, name) {
                    Ok(_) => ok += 1,
                    Err(e) => {
                        assert!(e.to_string().starts_with(name), "{e}");
                        refused += 1;
                    }
                }
            }
        }
        assert!(
            ok > 0 && refused > 0,
            "{name}: {ok} loaded, {refused} refused"
        );
    }
}
