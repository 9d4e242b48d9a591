//! The wire layer: netlink bytes as the kernel frames them, with no knowledge of any
//! family.
//!
//! - [`nlmsg`]: the `nlmsghdr` stream ([`nlmsg::Messages`]), header fields and flags;
//! - [`attr`]: `rtattr`/`nlattr` TLVs ([`attr::Attrs`]);
//! - [`endian`]: the byte order of a capture's host fields;
//! - [`parse`]: the nom byte-taking parsers the framing is built from;
//! - [`error`]: decode errors with the byte offset and layer they happened at;
//! - [`protocol`]: protocol numbers and their names ([`protocol::Protocol`]);
//! - [`build`]: writing messages and attributes (tests, live capture, replay);
//! - [`limits`]: every bound on depth and size that input cannot raise.
//!
//! Layer rule: `wire` uses nothing else in the crate. Everything above may use it.

pub mod attr;
pub mod build;
pub mod endian;
pub mod error;
pub mod limits;
pub mod nlmsg;
pub mod parse;
pub mod protocol;

pub use attr::{Attr, Attrs};
pub use endian::Endian;
pub use error::DecodeError;
pub use nlmsg::{Header, Message, Messages};
pub use protocol::Protocol;
