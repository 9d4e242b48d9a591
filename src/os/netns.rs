//! Entering a named network namespace (`ip netns` layout).

use nix::sched::{setns, CloneFlags};
use std::fs::File;
use std::path::PathBuf;

/// Where `ip netns add NAME` mounts the namespace handle.
pub const NETNS_RUN_DIR: &str = "/var/run/netns";

/// Moves this thread into network namespace `name` (the file
/// `/var/run/netns/NAME`). Sockets opened afterwards belong to it.
///
/// # Errors
/// The name is not a plain file name, the namespace does not exist, or
/// `setns` is refused (needs CAP_SYS_ADMIN).
pub fn enter(name: &str) -> anyhow::Result<()> {
    if name.is_empty() || name.contains('/') || name == "." || name == ".." {
        anyhow::bail!("invalid network namespace name {name:?}");
    }
    let path: PathBuf = [NETNS_RUN_DIR, name].iter().collect();
    let f = File::open(&path).map_err(|e| {
        super::explain(
            e,
            &format!("open network namespace {}", path.display()),
            "root",
        )
    })?;
    setns(&f, CloneFlags::CLONE_NEWNET).map_err(|e| {
        super::explain_errno(
            e,
            &format!("enter network namespace {name}"),
            "CAP_SYS_ADMIN",
        )
    })?;
    Ok(())
}
