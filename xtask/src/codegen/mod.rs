//! `cargo xtask codegen [--check]`: Rust tables from the kernel's YAML netlink specs.
//!
//! The specs are read from the crate `netlink-bindings` (pinned version
//! [`NB_VERSION`]), which ships unmodified copies of the kernel's
//! `Documentation/netlink/specs/*.yaml`: a scratch crate under `target/` depends on it,
//! `cargo metadata` downloads it and tells where its sources are. The YAML files are
//! never copied into this repository. Output: `src/families/schema/gen/<spec>.rs` per spec,
//! `src/families/schema/gen/mod.rs`, and `LICENSE-specs`.

mod emit;
#[cfg(test)]
mod headers;
pub mod model;
mod overrides;
// The YAML reader is the library's own file, included rather than depended on, so
// that the generator builds even when the tables it regenerates do not.
#[path = "../../../src/families/spec/yaml.rs"]
pub mod spec;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{anyhow, bail, Context, Result};

/// The pinned version of the crate that carries the specs.
pub const NB_VERSION: &str = "0.3.5";

/// The workspace root (the xtask's parent directory).
pub fn root() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).to_path_buf()
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

/// Download (if needed) the pinned netlink-bindings and return its `src/` directory.
pub fn spec_dir(root: &Path) -> Result<PathBuf> {
    let scratch = root.join("target").join("xtask-specs");
    std::fs::create_dir_all(scratch.join("src"))?;
    let manifest = format!(
        "# Written by `cargo xtask codegen`: only fetches the netlink specs.\n\
         [package]\nname = \"nlscope-spec-fetch\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nnetlink-bindings = {{ version = \"={NB_VERSION}\", default-features = false }}\n\n\
         [workspace]\n"
    );
    write_if_changed(&scratch.join("Cargo.toml"), manifest.as_bytes())?;
    write_if_changed(&scratch.join("src").join("lib.rs"), b"")?;
    let out = Command::new(cargo())
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(scratch.join("Cargo.toml"))
        .stderr(Stdio::inherit())
        .output()
        .context("running cargo metadata")?;
    if !out.status.success() {
        bail!("cargo metadata failed ({})", out.status);
    }
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    let pkg = meta
        .get("packages")
        .and_then(|p| p.as_array())
        .into_iter()
        .flatten()
        .find(|p| {
            p.get("name").and_then(|n| n.as_str()) == Some("netlink-bindings")
                && p.get("version").and_then(|v| v.as_str()) == Some(NB_VERSION)
        })
        .ok_or_else(|| anyhow!("netlink-bindings {NB_VERSION} not in cargo metadata"))?;
    let manifest_path = pkg
        .get("manifest_path")
        .and_then(|m| m.as_str())
        .ok_or_else(|| anyhow!("no manifest_path for netlink-bindings"))?;
    let dir = Path::new(manifest_path)
        .parent()
        .ok_or_else(|| anyhow!("bad manifest_path {manifest_path}"))?
        .join("src");
    // Where the specs are, for tests/spec_runtime.rs (which loads them at run time).
    write_if_changed(
        &scratch.join(SPEC_DIR_FILE),
        format!("{}\n", dir.display()).as_bytes(),
    )?;
    Ok(dir)
}

/// The file under `target/xtask-specs/` that names the spec directory
/// (`cargo xtask spec-dir` or any `cargo xtask codegen` writes it).
pub const SPEC_DIR_FILE: &str = "spec-dir.txt";

fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<()> {
    if std::fs::read(path).ok().as_deref() != Some(bytes) {
        std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

const SPDX: &str = "SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)";

/// Read and parse every upstream spec: `src/<family>/<family>.yaml`, sorted by name.
pub fn load_specs(dir: &Path) -> Result<Vec<spec::Spec>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let file = entry.path().join(format!("{name}.yaml"));
        if entry.file_type()?.is_dir()
            && file.is_file()
            && !overrides::SKIP_SPECS.contains(&name.as_str())
        {
            names.push((name, file));
        }
    }
    names.sort();
    let mut specs = Vec::new();
    for (name, file) in names {
        let text = std::fs::read_to_string(&file)?;
        if !text.lines().next().is_some_and(|l| l.contains(SPDX)) {
            bail!(
                "{}: no dual-licence SPDX line; not an upstream spec?",
                file.display()
            );
        }
        let s: spec::Spec =
            serde_norway::from_str(&text).with_context(|| format!("parsing {}", file.display()))?;
        if s.name.replace('_', "-") != name.replace('_', "-") {
            bail!("{}: spec is named {}", file.display(), s.name);
        }
        specs.push(s);
    }
    Ok(specs)
}

fn rustfmt(src: &str) -> Result<String> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .context("running rustfmt (rustup component add rustfmt)")?;
    child
        .stdin
        .take()
        .ok_or_else(|| anyhow!("rustfmt stdin"))?
        .write_all(src.as_bytes())?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        bail!("rustfmt failed on generated code");
    }
    Ok(String::from_utf8(out.stdout)?)
}

/// Counts for the summary line.
#[derive(Default, Debug)]
pub struct Stats {
    pub specs: usize,
    pub sets: usize,
    pub attrs: usize,
    pub msgs: usize,
    pub structs: usize,
    pub enums: usize,
    pub submsgs: usize,
}

/// Resolve all specs.
pub fn families(dir: &Path) -> Result<Vec<model::Family>> {
    let mut specs = load_specs(dir)?;
    for s in &mut specs {
        overrides::fix_structs(s).with_context(|| format!("spec {}", s.name))?;
        overrides::fix_sub_messages(s).with_context(|| format!("spec {}", s.name))?;
    }
    specs
        .iter()
        .map(|s| model::resolve(s).with_context(|| format!("spec {}", s.name)))
        .collect()
}

/// Every output file (path relative to the root → contents), plus counts.
pub fn generate(root: &Path) -> Result<(BTreeMap<PathBuf, String>, Stats)> {
    let fams = families(&spec_dir(root)?)?;
    let gen = Path::new("src").join("families").join("schema").join("gen");
    let mut files = BTreeMap::new();
    let mut st = Stats::default();
    for f in &fams {
        st.specs += 1;
        st.sets += f.sets.len();
        st.attrs += f.sets.iter().map(|s| s.rows.len()).sum::<usize>();
        st.msgs += f.msgs.len() + f.kernel_msgs.as_ref().map_or(0, Vec::len);
        st.structs += f.structs.len();
        st.enums += f.enums.len();
        st.submsgs += f.submsgs.len();
        files.insert(
            gen.join(format!("{}.rs", f.module)),
            rustfmt(&emit::family(f)).with_context(|| f.name.clone())?,
        );
    }
    files.insert(gen.join("mod.rs"), rustfmt(&emit::index(&fams))?);
    files.insert(PathBuf::from("LICENSE-specs"), LICENSE_SPECS.to_string());
    Ok((files, st))
}

/// Run the task: write the files, or with `check` only compare them.
pub fn run(check: bool) -> Result<()> {
    let root = root();
    let (files, st) = generate(&root)?;
    let gen_dir = root.join("src").join("families").join("schema").join("gen");
    // Files in gen/ that the generator no longer makes are stale too.
    let mut extra = Vec::new();
    for entry in std::fs::read_dir(&gen_dir)? {
        let p = entry?.path();
        let rel = p.strip_prefix(&root).unwrap_or(&p).to_path_buf();
        if p.extension().is_some_and(|e| e == "rs") && !files.contains_key(&rel) {
            extra.push(rel);
        }
    }
    if check {
        let mut stale: Vec<String> = files
            .iter()
            .filter(|(rel, text)| {
                std::fs::read_to_string(root.join(rel)).ok().as_deref() != Some(text.as_str())
            })
            .map(|(rel, _)| rel.display().to_string())
            .collect();
        stale.extend(
            extra
                .iter()
                .map(|p| format!("{} (not generated)", p.display())),
        );
        if !stale.is_empty() {
            bail!(
                "generated files are stale; run `cargo xtask codegen`:\n  {}",
                stale.join("\n  ")
            );
        }
        eprintln!("codegen: {} files up to date", files.len());
        return compiled(&root, false);
    }
    for (rel, text) in &files {
        write_if_changed(&root.join(rel), text.as_bytes())?;
    }
    for p in &extra {
        std::fs::remove_file(root.join(p))?;
    }
    eprintln!(
        "codegen: {} specs, {} attribute sets, {} attributes, {} messages, {} structs, \
         {} enums, {} sub-messages",
        st.specs, st.sets, st.attrs, st.msgs, st.structs, st.enums, st.submsgs
    );
    compiled(&root, true)
}

/// The compiled walkers (`src/families/decode/compiled/route.rs`) are generated from the
/// tables as the crate compiles them, by a test of the crate: run it to rewrite the
/// file (`regen`) or to check that it is current.
fn compiled(root: &Path, regen: bool) -> Result<()> {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root).args([
        "test",
        "-p",
        "nlscope",
        "--lib",
        "--",
        "families::decode::compiled::",
    ]);
    if regen {
        cmd.env("NLSCOPE_REGEN", "1");
    }
    let st = cmd
        .status()
        .context("cargo test --lib families::decode::compiled::")?;
    if !st.success() {
        bail!(
            "src/families/decode/compiled/route.rs: {}",
            if regen {
                "regenerating failed (if the generator's signatures changed, see src/families/decode/compiled/gen.rs)"
            } else {
                "stale; run `cargo xtask codegen`"
            }
        );
    }
    Ok(())
}

/// `LICENSE-specs`.
const LICENSE_SPECS: &str = "\
The files in src/families/schema/gen/ are generated from the Linux kernel's YAML netlink
specifications (Documentation/netlink/specs/*.yaml), which are dual-licensed
((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause). nlscope uses them under the
BSD-3-Clause option; this licence covers src/families/schema/gen/. The copyright holders are
the authors of those specifications (see the Linux kernel's git history).

BSD 3-Clause License

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.

3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS \"AS IS\"
AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
";
