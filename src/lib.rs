//! nlscope: capture, decode, replay and fuzz Linux netlink traffic.
//!
//! The decoding layers, each a module that knows only the one below it:
//! capture record ([`capture`]) → message stream ([`nlmsg`]) → attributes ([`attr`])
//! → family decoding ([`schema`] tables, [`decode`], [`family`]).
//! They are pure: no I/O, no `unsafe`, no panic on any input, and no input decides
//! how deep they recurse or how much they keep: every bound is in [`limits`].
//!
//! ```
//! use nlscope::capture::read_all;
//! use nlscope::walk::{EndianMode, Event, RecordIn, Walker};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/rtnl-basic.pcap"))?;
//! let mut walker = Walker::new(EndianMode::Auto);
//! let mut names = Vec::new();
//! for rec in read_all(&bytes)? {
//!     walker.record(RecordIn::from_capture(&rec?), |ev| {
//!         if let Event::Message(item) = ev {
//!             names.push(item.decoded.type_name());
//!         }
//!         Ok::<(), std::io::Error>(())
//!     })?;
//! }
//! assert_eq!(names.len(), 1002);
//! assert!(names.iter().all(|n| n.is_some()), "every message type is known");
//! # Ok(())
//! # }
//! ```
//!
//! Beside them: [`build`] writes messages (tests, live capture), [`emit`] writes every
//! decoded view back to its bytes (and owned model values for tests), [`pcapwrite`]
//! writes capture files, and [`os`] holds everything that talks to the kernel.
#![forbid(unsafe_code)]

pub mod attr;
pub mod build;
pub mod capture;
pub mod decode;
pub mod emit;
pub mod endian;
pub mod error;
pub mod family;
pub mod limits;
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
