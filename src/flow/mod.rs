//! The flow layer: records in capture order become decoded messages with their
//! context.
//!
//! - [`walk`]: the record loop ([`walk::Walker`]): byte order per record, framing,
//!   decoding, generic-netlink id learning; every command drives this one loop;
//! - [`session`]: pairing replies with requests, direction, interface names.
//!
//! Layer rule: `flow` uses [`crate::wire`], [`crate::record`] and
//! [`crate::families`]; nothing below it uses `flow`.

pub mod session;
pub mod walk;

pub use walk::{EndianMode, Event, RecordIn, Walker};

use crate::families::decode::{Context, Decoded};
pub use session::Session;
use session::{MsgInfo, Timestamp};

/// One decoded message with everything known about it: what the walk hands to every
/// output.
#[derive(Clone, Copy, Debug)]
pub struct Item<'r, 'a> {
    /// Number of the capture record (frame) that carried it, from 1.
    pub frame: u64,
    /// Index of the message within its record, from 0.
    pub index: u32,
    /// The record's timestamp.
    pub ts: Timestamp,
    /// The decoded message.
    pub decoded: &'r Decoded<'a>,
    /// Direction and pairing from the [`Session`].
    pub info: MsgInfo,
    /// Generic-netlink family names learned so far.
    pub ctx: &'r Context,
    /// Interface names learned so far.
    pub session: &'r Session,
}

/// One kernel-object event (`NETLINK_KOBJECT_UEVENT` record): what the walk hands to
/// every output in place of messages for that protocol.
#[derive(Clone, Copy, Debug)]
pub struct UeventItem<'a> {
    /// Number of the capture record, from 1.
    pub frame: u64,
    /// The record's timestamp.
    pub ts: Timestamp,
    /// The event.
    pub uevent: crate::families::uevent::Uevent<'a>,
    /// The capture's snap length cut it.
    pub truncated: bool,
}
