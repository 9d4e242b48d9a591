//! The layer rule, checked over the source: every `crate::LAYER` path in a module of
//! the library names its own layer or one below it, in the order of `src/lib.rs`:
//!
//! `wire` < `record` < `families` < `flow` < `render` < `os` < `replay`
//!
//! Comments are not imports and are skipped; everything else (a `use`, a path in an
//! expression or a type) counts. Within `families`, the family modules (one per
//! protocol or family) may use the schema and the decode core, never each other's
//! siblings' callers: the inner graph must have no cycle either.
//!
//! The same scan draws the graph in `docs/architecture.md` (between the
//! `layers:begin`/`layers:end` markers); the test fails if the drawing is not the
//! code's. Regenerate it with `NLSCOPE_BLESS=1 cargo test --test layers`.

#![allow(clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LAYERS: [&str; 7] = [
    "wire", "record", "families", "flow", "render", "os", "replay",
];

fn rank(layer: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == layer)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The code of a line without its `//` comment (strings holding `//` are rare in this
/// crate and never hold a `crate::` path).
fn code(line: &str) -> &str {
    match line.find("//") {
        Some(i) => &line[..i],
        None => line,
    }
}

/// One path into the crate: where, its first three segments below the crate root, and
/// whether it is in a file's inline test module.
#[derive(Debug, PartialEq)]
struct Path3 {
    line: usize,
    path: Vec<String>,
    in_tests: bool,
}

/// Every path into the crate that a file's code names, resolved to its first three
/// segments below the crate root: `crate::a::b` as it is, and `super::…` against the
/// file's module path `module` (`["families", "xfrm"]` for `families/xfrm.rs`).
/// `super` inside an inline `mod tests` means the file's own module, so `super::`
/// paths after a `mod tests {` line are not resolved (their `crate::` paths still are).
fn crate_paths(text: &str, module: &[String]) -> Vec<Path3> {
    let seg = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = Vec::new();
    let mut in_tests = false;
    for (n, line) in text.lines().enumerate() {
        let code = code(line);
        if code.trim_start().starts_with("mod tests") {
            in_tests = true;
        }
        let mut rest = code;
        loop {
            let c = rest.find("crate::");
            let s = if in_tests { None } else { rest.find("super::") };
            let (i, is_super) = match (c, s) {
                (Some(c), Some(s)) if s < c => (s, true),
                (Some(c), _) => (c, false),
                (None, Some(s)) => (s, true),
                (None, None) => break,
            };
            let before = rest[..i].chars().last();
            let word_start = !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
            let after_colons = before == Some(':');
            rest = &rest[i..];
            if !word_start || after_colons {
                rest = &rest[1..];
                continue;
            }
            let mut path: Vec<String> = if is_super {
                let mut m = module.to_vec();
                while let Some(r) = rest.strip_prefix("super::") {
                    m.pop();
                    rest = r;
                }
                m
            } else {
                rest = &rest["crate::".len()..];
                Vec::new()
            };
            while path.len() < 3 {
                let s = seg(rest);
                if s.is_empty() {
                    break;
                }
                rest = &rest[s.len()..];
                path.push(s);
                match rest.strip_prefix("::") {
                    Some(r) if !r.starts_with('{') && !r.starts_with('*') => rest = r,
                    _ => break,
                }
            }
            if !path.is_empty() {
                out.push(Path3 {
                    line: n + 1,
                    path,
                    in_tests,
                });
            }
        }
    }
    out
}

struct Scan {
    /// (from layer, to layer) → number of code lines naming it.
    edges: BTreeMap<(String, String), usize>,
    /// Imports that break the rule, as `file:line: what`.
    violations: Vec<String>,
    /// `families` inner graph: module → modules it names.
    families: BTreeMap<String, BTreeSet<String>>,
}

/// The node of the `families` graph that a path below `families` (file components or
/// path segments) belongs to.
fn families_node(rest: &[String], submodules: &BTreeSet<String>) -> String {
    match rest {
        [s, g, ..] if s == "schema" && g == "gen" => "schema::gen".into(),
        [m, ..] if submodules.contains(m) => m.clone(),
        _ => "families".into(),
    }
}

fn scan() -> Scan {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let submodules: BTreeSet<String> = std::fs::read_dir(src.join("families"))
        .expect("src/families")
        .map(|e| {
            let p = e.expect("dir entry").path();
            p.file_stem()
                .expect("a name")
                .to_string_lossy()
                .into_owned()
        })
        .filter(|m| m != "mod")
        .collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut s = Scan {
        edges: BTreeMap::new(),
        violations: Vec::new(),
        families: BTreeMap::new(),
    };
    for f in files {
        let rel = f.strip_prefix(&src).expect("under src");
        let mut parts = rel.iter().map(|p| p.to_string_lossy().into_owned());
        let top = parts.next().expect("a path");
        let layer = top.trim_end_matches(".rs").to_string();
        if layer == "main" || layer == "cli" || layer == "lib" {
            continue; // the binary uses the library by its public paths
        }
        let Some(from) = rank(&layer) else {
            s.violations.push(format!(
                "src/{}: `{layer}` is not a layer (the top-level modules are {LAYERS:?})",
                rel.display()
            ));
            continue;
        };
        // The module of `families` a file belongs to (`families/xfrm.rs` → xfrm,
        // `families/decode/visit.rs` → decode, `families/mod.rs` → families, the
        // generated tables `families/schema/gen/*` → schema::gen).
        let inner = (layer == "families").then(|| {
            let rest: Vec<String> = parts
                .map(|p| p.trim_end_matches(".rs").to_string())
                .collect();
            families_node(&rest, &submodules)
        });
        let text = std::fs::read_to_string(&f).expect("source text");
        let module: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
            .filter(|p| p != "mod")
            .collect();
        for Path3 {
            line,
            path,
            in_tests,
        } in crate_paths(&text, &module)
        {
            let first = path[0].clone();
            let Some(to) = rank(&first) else {
                s.violations.push(format!(
                    "src/{}:{line}: `crate::{first}` is not a layer",
                    rel.display()
                ));
                continue;
            };
            if to > from {
                s.violations.push(format!(
                    "src/{}:{line}: `{layer}` may not use `{first}` (above it)",
                    rel.display()
                ));
            }
            if to != from {
                *s.edges.entry((layer.clone(), first.clone())).or_default() += 1;
            }
            if let (Some(inner), true, false) = (&inner, first == "families", in_tests) {
                let target = families_node(&path[1..], &submodules);
                if &target != inner {
                    s.families.entry(inner.clone()).or_default().insert(target);
                }
            }
        }
    }
    s
}

/// A cycle in `graph`, if any, as the list of its nodes.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(n) {
            Some(2) => return None,
            Some(1) => {
                let at = stack.iter().position(|s| s == n).unwrap_or(0);
                let mut c = stack[at..].to_vec();
                c.push(n.to_string());
                return Some(c);
            }
            _ => {}
        }
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for m in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, g, state, stack) {
                return Some(c);
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        let mut stack = Vec::new();
        if let Some(c) = visit(n, graph, &mut state, &mut stack) {
            return Some(c);
        }
    }
    None
}

fn drawing(s: &Scan) -> String {
    let mut out = String::from("```mermaid\nflowchart BT\n");
    for l in LAYERS {
        out.push_str(&format!("    {l}[{l}]\n"));
    }
    for ((from, to), n) in &s.edges {
        out.push_str(&format!("    {from} -->|{n}| {to}\n"));
    }
    out.push_str("```\n\nInside `families` (an arrow: the module names the other):\n\n");
    out.push_str("```mermaid\nflowchart BT\n");
    let id = |n: &str| n.replace("::", "_");
    for (from, tos) in &s.families {
        for to in tos {
            out.push_str(&format!("    {}[{from}] --> {}[{to}]\n", id(from), id(to)));
        }
    }
    out.push_str("```\n");
    out
}

#[test]
fn no_import_breaks_the_layer_rule() {
    let s = scan();
    assert!(
        s.violations.is_empty(),
        "imports that break the layer rule:\n{}",
        s.violations.join("\n")
    );
    // The scan must have seen the layers talk to each other, or it read nothing.
    assert!(
        s.edges.contains_key(&("flow".into(), "families".into())),
        "the scan found no flow → families import: is it reading src/?"
    );
}

#[test]
fn families_inner_graph_has_no_cycle() {
    let s = scan();
    if let Some(c) = cycle(&s.families) {
        panic!("a cycle inside families: {}", c.join(" → "));
    }
}

#[test]
fn architecture_doc_draws_the_code() {
    let s = scan();
    let want = drawing(&s);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md");
    let doc = std::fs::read_to_string(&path).expect("docs/architecture.md");
    let (begin, end) = ("<!-- layers:begin -->\n", "<!-- layers:end -->");
    let (Some(b), Some(e)) = (doc.find(begin), doc.find(end)) else {
        panic!("docs/architecture.md has no {begin:?} … {end:?} block");
    };
    let have = &doc[b + begin.len()..e];
    if have != want {
        if std::env::var_os("NLSCOPE_BLESS").is_some() {
            let new = format!("{}{want}{}", &doc[..b + begin.len()], &doc[e..]);
            std::fs::write(&path, new).expect("writing docs/architecture.md");
            return;
        }
        panic!(
            "docs/architecture.md does not draw the code's layer graph; regenerate with \
             `NLSCOPE_BLESS=1 cargo test --test layers`.\nThe code's:\n{want}"
        );
    }
}

#[test]
fn scanner_sees_paths_and_skips_comments() {
    let text = "use crate::wire::attr::Attrs; // crate::render\n/// [`crate::os`]\n\
                let x = crate::flow::walk::f();\nfoo_crate::bar\nuse super::super::schema::X;\n\
                mod tests {\nuse super::*; crate::os::f()";
    let module = ["families".to_string(), "route".into(), "bridge".into()];
    let got = crate_paths(text, &module);
    let p = |line, path: &[&str], in_tests| Path3 {
        line,
        path: path.iter().map(|s| s.to_string()).collect(),
        in_tests,
    };
    assert_eq!(
        got,
        vec![
            p(1, &["wire", "attr", "Attrs"], false),
            p(3, &["flow", "walk", "f"], false),
            p(5, &["families", "schema", "X"], false),
            p(7, &["os", "f"], true),
        ]
    );
    let mut g = BTreeMap::new();
    g.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    g.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert!(cycle(&g).is_some());
    g.remove("b");
    assert!(cycle(&g).is_none());
}
