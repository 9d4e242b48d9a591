//! The replay sandbox: a process that cannot reach the host's namespaces at all.
//!
//! `nlscope replay` runs as root on captures from other people's machines. Checking
//! each request for attributes that name another namespace (`IFLA_NET_NS_PID`,
//! `IFLA_NET_NS_FD`, `IFLA_TARGET_NETNSID`, a veth peer's, …) would mean re-doing the
//! kernel's parsing of every such attribute, and one miss changes the host. So the
//! replay runs where the kernel itself refuses: in a process with
//!
//! - a **new user namespace** (root inside is mapped to the caller's uid outside, and
//!   has no capability outside it): the kernel checks `CAP_NET_ADMIN` in the user
//!   namespace that owns a target network namespace before it moves or creates a
//!   device there (`rtnl_link_get_net_capable`) and audit accepts requests only from
//!   the initial user namespace, so a request naming the host fails with `EPERM` /
//!   `ECONNREFUSED` in the kernel;
//! - a **new network namespace** owned by it (the scratch namespace the requests go
//!   to, gone with the process);
//! - a **new PID namespace** with its own `/proc` (a **new mount namespace**): the
//!   process is PID 1 and sees no host process, so `IFLA_NET_NS_PID 1` names itself;
//!   `/run/netns` is an empty tmpfs, so no named namespace of the host is visible;
//! - new IPC and UTS namespaces.
//!
//! How: [`respawn`] starts this executable again with the same arguments and
//! [`STAGE_ENV`]` = 1`. That process ([`stage`] at the top of `main`, while it is
//! still single-threaded, as `unshare(CLONE_NEWUSER)` requires) unshares the
//! namespaces, writes its uid and gid maps and starts the executable a third time
//! (`STAGE_ENV = 2`), which is PID 1 of the new PID namespace; that one mounts its
//! `/proc`, hides `/run/netns` and runs the replay. Each stage exits with its child's
//! exit code. No `unsafe`: the children are started with `std::process::Command`.

use nix::mount::{mount, MsFlags};
use nix::sched::{unshare, CloneFlags};
use std::path::Path;
use std::process::{Command, ExitCode, ExitStatus};

/// The environment variable that tells a started nlscope which stage it is.
pub const STAGE_ENV: &str = "NLSCOPE_REPLAY_SANDBOX";

/// Where this process stands in the sandbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Not in a sandbox (a plain `nlscope` started by the user).
    Outside,
    /// Inside: new user, network, PID, mount, IPC and UTS namespaces.
    Inside,
}

/// This process's stage, from [`STAGE_ENV`].
pub fn current() -> Stage {
    match std::env::var(STAGE_ENV).as_deref() {
        Ok("2") => Stage::Inside,
        _ => Stage::Outside,
    }
}

/// Called first thing in `main`: in stage 1 makes the namespaces and runs stage 2
/// (returning its exit code for `main` to exit with); in stage 2 prepares the mounts
/// and returns `None` so that `main` goes on with the replay; otherwise `None`.
pub fn stage() -> Option<ExitCode> {
    match std::env::var(STAGE_ENV).as_deref() {
        Ok("1") => Some(match stage1() {
            Ok(status) => exit_code(status),
            Err(e) => {
                eprintln!("nlscope replay: error: cannot make the replay sandbox: {e:#}");
                eprintln!(
                    "nlscope replay: the sandbox needs user namespaces (sysctl \
                     user.max_user_namespaces > 0, kernel.unprivileged_userns_clone or \
                     root); --netns NAME or --netns-self replay without it, with root's \
                     full power over the machine"
                );
                ExitCode::from(2)
            }
        }),
        Ok("2") => {
            if let Err(e) = stage2_mounts() {
                // The user namespace is what keeps the host safe; the fresh /proc and
                // the hidden /run/netns are a second wall.
                eprintln!("nlscope replay: note: sandbox mounts incomplete ({e:#}); the user namespace still applies");
            }
            None
        }
        _ => None,
    }
}

/// Runs this executable again with the same arguments inside the sandbox and waits
/// for it.
///
/// # Errors
/// This executable cannot be found or started.
pub fn respawn() -> anyhow::Result<ExitCode> {
    let status = again("1")?;
    Ok(exit_code(status))
}

fn again(stage: &str) -> anyhow::Result<ExitStatus> {
    let exe = std::env::current_exe()
        .map_err(|e| anyhow::anyhow!("cannot find the nlscope executable: {e}"))?;
    Command::new(&exe)
        .args(std::env::args_os().skip(1))
        .env(STAGE_ENV, stage)
        .status()
        .map_err(|e| anyhow::anyhow!("cannot start {}: {e}", exe.display()))
}

fn exit_code(status: ExitStatus) -> ExitCode {
    match status.code() {
        Some(c) => ExitCode::from(u8::try_from(c).unwrap_or(1)),
        // Killed by a signal: as a shell reports it.
        None => ExitCode::from(1),
    }
}

fn stage1() -> anyhow::Result<ExitStatus> {
    let uid = nix::unistd::geteuid();
    let gid = nix::unistd::getegid();
    unshare(
        CloneFlags::CLONE_NEWUSER
            | CloneFlags::CLONE_NEWNET
            | CloneFlags::CLONE_NEWNS
            | CloneFlags::CLONE_NEWPID
            | CloneFlags::CLONE_NEWIPC
            | CloneFlags::CLONE_NEWUTS,
    )
    .map_err(|e| anyhow::anyhow!("unshare(user, net, mount, pid, ipc, uts): {e}"))?;
    // Root inside, the caller outside; nothing else is mapped. `setgroups` must be
    // denied before a process without CAP_SETGID outside may write its gid map.
    write("/proc/self/setgroups", "deny")?;
    write("/proc/self/uid_map", &format!("0 {uid} 1"))?;
    write("/proc/self/gid_map", &format!("0 {gid} 1"))?;
    again("2")
}

fn write(path: &str, s: &str) -> anyhow::Result<()> {
    std::fs::write(path, s).map_err(|e| anyhow::anyhow!("write {s:?} to {path}: {e}"))
}

fn stage2_mounts() -> anyhow::Result<()> {
    let none: Option<&str> = None;
    mount(none, "/", none, MsFlags::MS_REC | MsFlags::MS_PRIVATE, none)
        .map_err(|e| anyhow::anyhow!("make / private: {e}"))?;
    mount(
        Some("proc"),
        "/proc",
        Some("proc"),
        MsFlags::MS_NOSUID | MsFlags::MS_NODEV | MsFlags::MS_NOEXEC,
        none,
    )
    .map_err(|e| anyhow::anyhow!("mount a fresh /proc: {e}"))?;
    let run = Path::new(super::netns::NETNS_RUN_DIR);
    if run.is_dir() {
        mount(
            Some("tmpfs"),
            run,
            Some("tmpfs"),
            MsFlags::MS_NOSUID | MsFlags::MS_NODEV | MsFlags::MS_NOEXEC,
            Some("size=16k,mode=0755"),
        )
        .map_err(|e| anyhow::anyhow!("hide {}: {e}", run.display()))?;
    }
    Ok(())
}
