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

use crate::wire::protocol::Protocol;
use nix::errno::Errno;
use std::io;

/// Netlink protocols nlscope can capture.
///
/// These are the protocols the kernel's nlmon taps that have kernel multicast groups
/// (USERSOCK, NFLOG and FIB_LOOKUP have none), plus audit, which nlmon never taps but
/// whose log group (`AUDIT_NLGRP_READLOG`) a listener can join.
pub const FAMILIES: &[Protocol] = &[
    Protocol::ROUTE,
    Protocol::SOCK_DIAG,
    Protocol::XFRM,
    Protocol::AUDIT,
    Protocol::NETFILTER,
    Protocol::GENERIC,
];

/// The protocol number of a capturable protocol a user named (`route`, `generic`,
/// `NETLINK_ROUTE`, `0`).
pub fn family_by_name(name: &str) -> Option<u16> {
    Protocol::from_name(name)
        .filter(|p| FAMILIES.contains(p))
        .map(|p| p.0)
}

/// The command-line name of a protocol number (`route`), or the number.
pub fn family_name(family: u16) -> String {
    Protocol(family)
        .cli_name()
        .unwrap_or_else(|| family.to_string())
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
