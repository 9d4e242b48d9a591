//! nlscope: capture, decode, replay and fuzz Linux netlink traffic.
//!
//! The decoding layers, each a module that knows only the one below it:
//! capture record ([`capture`]) → message stream ([`nlmsg`]) → attributes ([`attr`])
//! → family decoding ([`schema`] tables, [`decode`], [`family`]).
//! They are pure: no I/O, no `unsafe`, no panic on any input.
//!
//! Beside them: [`build`] writes messages (tests, live capture), [`pcapwrite`] writes
//! capture files, and [`os`] holds everything that talks to the kernel.
#![forbid(unsafe_code)]

pub mod attr;
pub mod build;
pub mod capture;
pub mod decode;
pub mod endian;
pub mod error;
pub mod family;
pub mod nlmsg;
pub mod os;
pub mod pcapwrite;
pub mod render;
pub mod replay;
pub mod rtmon;
pub mod schema;
pub mod session;
pub mod stats;
pub mod walk;
