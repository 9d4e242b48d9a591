//! `--spec FILE|DIR` and `NLSCOPE_SPEC_PATH`: the user's own YAML netlink specs,
//! shared by every subcommand that decodes (`decode`, `stats`, `check`, `replay`,
//! `capture --decode`).
//!
//! A directory stands for the `*.yaml` and `*.yml` files in it (not in subfolders),
//! by name. `NLSCOPE_SPEC_PATH` is a colon-separated list of files and directories,
//! read after the `--spec` options; a spec there whose family a `--spec` already
//! gave is skipped with a note. Two specs of one family given the same way are an
//! error. A bad spec stops the command with exit code 2 before anything is
//! decoded.

use nlscope::families::decode::Context;
use nlscope::families::spec::{self, Loaded, SpecError, SpecErrorKind};
use nlscope::families::user::UserTables;
use std::path::{Path, PathBuf};

/// The environment variable of spec files and directories.
pub const SPEC_PATH_ENV: &str = "NLSCOPE_SPEC_PATH";

/// Options that load the user's specs.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct SpecArgs {
    /// A YAML netlink spec in the kernel's format, or a directory of them, read at
    /// run time: its family's messages are decoded with it, before the built-in
    /// tables (repeatable; also NLSCOPE_SPEC_PATH, colon-separated).
    #[arg(long = "spec", value_name = "FILE|DIR")]
    pub spec: Vec<PathBuf>,
    /// Name a generic-netlink family id the capture does not introduce (repeatable).
    #[arg(long = "genl-family", value_name = "ID=NAME", value_parser = parse_genl)]
    pub genl_family: Vec<(u16, String)>,
}

/// `ID=NAME` of `--genl-family`.
pub fn parse_genl(s: &str) -> Result<(u16, String), String> {
    let (id, name) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}`: expected ID=NAME"))?;
    let id = id
        .trim()
        .parse::<u16>()
        .map_err(|e| format!("`{id}`: {e}"))?;
    if name.is_empty() {
        return Err(format!("`{s}`: empty name"));
    }
    Ok((id, name.to_owned()))
}

/// The spec files a file or directory stands for.
///
/// # Errors
/// A path that cannot be read.
pub fn files_of(path: &Path) -> Result<Vec<PathBuf>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut v = Vec::new();
    for e in std::fs::read_dir(path).map_err(|e| format!("{}: {e}", path.display()))? {
        let p = e.map_err(|e| format!("{}: {e}", path.display()))?.path();
        if p.is_file()
            && p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| x == "yaml" || x == "yml")
        {
            v.push(p);
        }
    }
    v.sort();
    Ok(v)
}

fn load_file(path: &Path) -> Result<Loaded, SpecError> {
    let origin = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| SpecError {
        origin: origin.clone(),
        line: None,
        kind: SpecErrorKind::Syntax,
        detail: format!("cannot read: {e}"),
    })?;
    spec::load(&text, &origin)
}

/// Load the specs of `paths` (then of `env`, a `NLSCOPE_SPEC_PATH` value), with a
/// note on stderr for each that replaces a built-in table. `None`: no spec given.
///
/// # Errors
/// The first bad spec or unreadable path, as one line for people.
pub fn load(paths: &[PathBuf], env: Option<&str>) -> Result<Option<&'static UserTables>, String> {
    let mut loaded: Vec<(Loaded, String)> = Vec::new();
    for p in paths {
        for f in files_of(p)? {
            let l = load_file(&f).map_err(|e| e.to_string())?;
            loaded.push((l, f.display().to_string()));
        }
    }
    let given = loaded.len();
    for part in env.unwrap_or("").split(':').filter(|s| !s.is_empty()) {
        for f in files_of(Path::new(part))? {
            let l = load_file(&f).map_err(|e| e.to_string())?;
            let origin = f.display().to_string();
            if let Some((_, first)) = loaded
                .iter()
                .take(given)
                .find(|(o, _)| o.name() == l.name())
            {
                eprintln!(
                    "nlscope: note: {origin} ({SPEC_PATH_ENV}): family {} is given by --spec {first}; skipped",
                    l.name()
                );
                continue;
            }
            loaded.push((l, origin));
        }
    }
    if loaded.is_empty() {
        return Ok(None);
    }
    for (l, origin) in &loaded {
        if l.overrides_builtin() {
            eprintln!(
                "nlscope: note: {origin}: spec {} replaces the built-in tables of that family",
                l.name()
            );
        }
    }
    spec::tables(&loaded).map(Some).map_err(|e| e.to_string())
}

impl SpecArgs {
    /// The user's tables from `--spec` and `NLSCOPE_SPEC_PATH`.
    ///
    /// # Errors
    /// As [`load`].
    pub fn tables(&self) -> Result<Option<&'static UserTables>, String> {
        let env = std::env::var(SPEC_PATH_ENV).ok();
        load(&self.spec, env.as_deref())
    }

    /// A decoding context with the user's tables and the pinned family ids.
    ///
    /// # Errors
    /// As [`load`].
    pub fn context(&self) -> Result<Context, String> {
        let mut ctx = match self.tables()? {
            Some(t) => Context::with_user(t),
            None => Context::new(),
        };
        for (id, name) in &self.genl_family {
            ctx.pin_genl(*id, name);
        }
        Ok(ctx)
    }
}
