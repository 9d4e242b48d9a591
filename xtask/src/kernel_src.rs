//! `cargo xtask kernel-src`: the source of the kernel the corpus VM runs, for oracle 2
//! (`tests/kernel_source.rs`: every attribute's width and byte order against the
//! kernel's own `nla_put_*`/`nla_get_*` calls and policies).
//!
//! Debian's `linux-source-6.1` is downloaded with `apt-get download` (never installed),
//! unpacked with `dpkg-deb -x`, and only the directories that hold netlink code are
//! taken out of its tarball: `target/kernel-src/linux-source-6.1/{net,drivers/net,
//! include,kernel,lib}`. A stamp file naming the package makes the second run a no-op.
//! Nothing of it is committed.

use anyhow::{bail, Context, Result};
use std::process::Command;

/// The Debian package: the source of the 6.1 kernel that `linux-image-amd64` runs in
/// the nlmon VM (Debian 12).
const PACKAGE: &str = "linux-source-6.1";

/// The tarball's top directory, and the directories the test reads.
const TOP: &str = "linux-source-6.1";
const DIRS: &[&str] = &["net", "drivers/net", "include", "kernel", "lib"];

/// The stamp written after a complete unpack.
const STAMP: &str = ".nlscope-unpacked";

fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("kernel-src: {cmd:?}");
    let st = cmd.status().with_context(|| format!("starting {cmd:?}"))?;
    if !st.success() {
        bail!("{cmd:?} failed ({st})");
    }
    Ok(())
}

/// Download and unpack, unless already done.
pub fn run_task(args: &[&str]) -> Result<()> {
    if !args.is_empty() {
        bail!("usage: cargo xtask kernel-src");
    }
    let dest = crate::root()?.join("target").join("kernel-src");
    let tree = dest.join(TOP);
    if let Ok(stamp) = std::fs::read_to_string(tree.join(STAMP)) {
        eprintln!(
            "kernel-src: {} already unpacked ({})",
            tree.display(),
            stamp.trim()
        );
        return Ok(());
    }
    std::fs::create_dir_all(&dest)?;
    let scratch = dest.join("download");
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch)?;
    }
    std::fs::create_dir_all(&scratch)?;
    run(Command::new("apt-get")
        .args(["download", PACKAGE])
        .current_dir(&scratch))?;
    let deb = std::fs::read_dir(&scratch)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "deb"))
        .context("apt-get download left no .deb")?;
    let pkg = scratch.join("pkg");
    run(Command::new("dpkg-deb").arg("-x").arg(&deb).arg(&pkg))?;
    let tarball = pkg.join("usr").join("src").join(format!("{TOP}.tar.xz"));
    if !tarball.is_file() {
        bail!("{} is not in the package", tarball.display());
    }
    if tree.exists() {
        std::fs::remove_dir_all(&tree)?;
    }
    let mut tar = Command::new("tar");
    tar.arg("-xJf").arg(&tarball).arg("-C").arg(&dest);
    for d in DIRS {
        tar.arg(format!("{TOP}/{d}"));
    }
    run(&mut tar)?;
    let name = deb
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    std::fs::write(tree.join(STAMP), format!("{name}\n"))?;
    std::fs::remove_dir_all(&scratch)?;
    eprintln!("kernel-src: {} from {name}", tree.display());
    Ok(())
}
