//! nlscope: capture, decode, replay and fuzz Linux netlink traffic.
//!
//! The crate is built in layers, each a module that may use only the layers below it
//! (`tests/layers.rs` fails on an import that breaks the rule; `docs/architecture.md`
//! draws the graph):
//!
//! | layer | what it knows |
//! |---|---|
//! | [`wire`] | `nlmsghdr` streams and attribute TLVs, byte order, errors with offsets, bounds |
//! | [`record`] | capture files: pcap, pcapng, SLL/SLL2 and rtmon, read and written |
//! | [`families`] | what the bytes mean: schema tables, generated and hand-written, and the decode that reads them |
//! | [`flow`] | records in capture order: the walk, pairing, direction, interface names |
//! | [`render`] | text, line, JSON and stats output |
//! | `os` | everything that talks to the kernel: sockets, nlmon, namespaces (cargo feature `os`, on by default; without it the rest builds on any OS) |
//! | [`replay`] | sending a capture's requests again and judging the answers |
//!
//! `wire`, `record`, `families`, `flow` and `render` are pure: no I/O, no `unsafe`,
//! no panic on any input, and no input decides how deep they recurse or how much they
//! keep: every bound is in [`wire::limits`].
//!
//! ```
//! use nlscope::record::read_all;
//! use nlscope::flow::walk::{EndianMode, Event, RecordIn, Walker};
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
#![forbid(unsafe_code)]

pub mod families;
pub mod flow;
#[cfg(feature = "os")]
pub mod os;
pub mod record;
pub mod render;
pub mod replay;
pub mod wire;
