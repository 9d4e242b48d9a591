//! Operating-system side of live capture: netlink sockets, network
//! namespaces, the nlmon device and its packet socket, capture files, signals.
//!
//! This is the only module of nlscope that makes system calls. It contains no
//! `unsafe`: sockets come from `netlink-sys` (netlink socket creation,
//! membership, `NETLINK_LISTEN_ALL_NSID`) and `nix` (`recvmsg` with control
//! data, `SO_RCVBUFFORCE`, `AF_PACKET`, `setns`, `signalfd`, `poll`).
//!
//! Bytes read from the kernel are walked with bounds-checked code
//! ([`nlparse`]); nothing here panics on what the kernel (or another
//! namespace's user) sends.

pub mod listen;
pub mod netns;
pub mod nlmon;
pub mod nlparse;
pub mod nlsock;
pub mod output;
pub mod replay;
pub mod sandbox;
pub mod signals;

use nix::errno::Errno;
use std::io;

/// Netlink families nlscope can capture, as `(NETLINK_* number, name)`.
///
/// These are the families the kernel's nlmon taps that have kernel
/// multicast groups (USERSOCK, NFLOG and FIB_LOOKUP have none), plus audit,
/// which nlmon never taps but whose log group (`AUDIT_NLGRP_READLOG`) a
/// listener can join.
pub const FAMILIES: &[(u16, &str)] = &[
    (0, "route"),
    (4, "sock_diag"),
    (6, "xfrm"),
    (9, "audit"),
    (12, "netfilter"),
    (16, "generic"),
];

/// The family number for a command-line name (`route`, `generic`, ...).
pub fn family_by_name(name: &str) -> Option<u16> {
    FAMILIES.iter().find(|(_, n)| *n == name).map(|(f, _)| *f)
}

/// The command-line name of a family number.
pub fn family_name(family: u16) -> &'static str {
    FAMILIES
        .iter()
        .find(|(f, _)| *f == family)
        .map(|(_, n)| *n)
        .unwrap_or("unknown")
}

/// Turns an error of `what` into one that says which capability is missing
/// when the kernel answered EPERM/EACCES.
pub fn explain(err: io::Error, what: &str, capability: &str) -> anyhow::Error {
    match err.raw_os_error().map(Errno::from_raw) {
        Some(Errno::EPERM) | Some(Errno::EACCES) => anyhow::anyhow!(
            "cannot {what}: permission denied (needs {capability}; run as root or grant it, \
             e.g. setcap cap_net_admin,cap_net_raw,cap_sys_admin+ep)"
        ),
        _ => anyhow::Error::new(err).context(format!("cannot {what}")),
    }
}

/// [`explain`] for a `nix` error.
pub fn explain_errno(err: Errno, what: &str, capability: &str) -> anyhow::Error {
    explain(io::Error::from(err), what, capability)
}
