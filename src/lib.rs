//! nlscope: capture, decode, replay and fuzz Linux netlink traffic.
//!
//! The decoding layers, each a module that knows only the one below it:
//! capture record ([`capture`]) → message stream ([`nlmsg`]) → attributes ([`attr`])
//! → family decoding ([`schema`] tables, [`family`]) → rendering ([`render`]).
//! They are pure: no I/O, no `unsafe`, no panic on any input.
#![forbid(unsafe_code)]

pub mod attr;
pub mod decode;
pub mod endian;
pub mod error;
pub mod family;
pub mod nlmsg;
pub mod render;
pub mod schema;
pub mod session;
pub mod stats;
