//! Walking records in capture order: byte order per record, message framing,
//! decoding, the [`Session`] (pairing, direction, interface names) and
//! generic-netlink id learning. `nlscope decode`, `stats`, `check` and
//! `capture --decode` all drive this one loop, so they agree message for message.
//!
//! The walker is fed one record at a time (from a file or a live socket) and calls
//! back with [`Event`]s; it allocates nothing per message (the session keeps a copy
//! of open requests' bytes, bounded).

use crate::families::decode::{decode_message, Context};
use crate::families::uevent::Uevent;
use crate::flow::session::Session;
use crate::flow::{Item, UeventItem};
use crate::record::Timestamp;
use crate::wire::endian::Endian;
use crate::wire::error::DecodeError;
use crate::wire::nlmsg::Messages;
use crate::wire::protocol::NETLINK_KOBJECT_UEVENT;

/// How to pick the byte order of each record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EndianMode {
    /// Detect per record from the `nlmsg_len` chain (ties go to the previous record's).
    #[default]
    Auto,
    /// Always this order.
    Fixed(Endian),
}

/// One record as the walker needs it.
#[derive(Clone, Copy, Debug)]
pub struct RecordIn<'a> {
    /// Record number, from 1.
    pub frame: u64,
    /// Capture time.
    pub ts: Timestamp,
    /// Netlink protocol (the nlmon header's protocol field).
    pub protocol: u16,
    /// The netlink bytes (after the link-layer header).
    pub payload: &'a [u8],
    /// Length of the netlink bytes before any snap-length cut.
    pub wire_len: usize,
    /// The snap length cut the record.
    pub truncated: bool,
}

/// What the walk reports to its consumer.
pub enum Event<'r, 'a> {
    /// The capture file says it was made by listening to multicast groups
    /// (`nlscope capture --via listen`), not by nlmon: it holds notifications and
    /// the capturing program's own requests, not other programs' requests and
    /// replies. Sent once, before the first record, by whoever reads the file
    /// ([`Walker::listener`]).
    Listener {
        /// The file's note after the mark (empty when the format has no room for
        /// text).
        note: &'r str,
    },
    /// Records of the capture that are not netlink (another link type, or an
    /// SLL/SLL2 record whose ARPHRD is not `ARPHRD_NETLINK`: a capture on `any`):
    /// skipped by the reader, counted here once, after the last record.
    Skipped {
        /// How many.
        records: u64,
    },
    /// A record begins.
    Record {
        /// Netlink bytes in it.
        len: usize,
        /// The snap length cut it.
        truncated: bool,
        /// The byte order it is read in.
        endian: Endian,
    },
    /// A decoded message.
    Message(&'r Item<'r, 'a>),
    /// A kernel-object event (`NETLINK_KOBJECT_UEVENT`): the whole record is one
    /// event, not `nlmsghdr`-framed.
    Uevent(&'r UeventItem<'a>),
    /// Zero bytes after the last message of a record (iproute2 sends its request
    /// buffers whole: `nlmsg_len` 24 in a 152-byte write). Not an error.
    Padding {
        /// The record.
        frame: u64,
        /// How many zero bytes.
        len: usize,
    },
    /// A record of the capture file that cannot be read as a record (shorter than its
    /// link-layer header: [`crate::record::CaptureError::is_record_error`]). The
    /// file's framing is intact and the walk goes on with the next record.
    RecordError {
        /// The record.
        frame: u64,
        /// What is wrong with it, and where in the file.
        err: &'r crate::record::CaptureError,
    },
    /// The record's message stream ended in a framing error.
    StreamError {
        /// The record.
        frame: u64,
        /// What went wrong.
        err: &'r DecodeError,
        /// The bytes not walked.
        rest: &'a [u8],
    },
}

/// The state carried from record to record.
#[derive(Debug)]
pub struct Walker {
    /// Generic-netlink ids learned so far (pin ids here before walking).
    pub ctx: Context,
    /// Pairing, directions, interface names.
    pub session: Session,
    endian: EndianMode,
    last: Endian,
}

impl Walker {
    /// A walker with a fresh context and session.
    pub fn new(endian: EndianMode) -> Self {
        Walker {
            ctx: Context::new(),
            session: Session::new(),
            endian,
            last: Endian::NATIVE,
        }
    }

    /// Walk one record, calling `f` for each event; stops at the first error `f`
    /// returns.
    ///
    /// # Errors
    /// Whatever `f` returns.
    pub fn record<E>(
        &mut self,
        rec: RecordIn<'_>,
        mut f: impl FnMut(Event<'_, '_>) -> Result<(), E>,
    ) -> Result<(), E> {
        if rec.protocol == NETLINK_KOBJECT_UEVENT {
            // Text, not netlink messages: no byte order to detect, no framing.
            f(Event::Record {
                len: rec.payload.len(),
                truncated: rec.truncated,
                endian: self.last,
            })?;
            let item = UeventItem {
                frame: rec.frame,
                ts: rec.ts,
                uevent: Uevent::parse(rec.payload),
                truncated: rec.truncated,
            };
            return f(Event::Uevent(&item));
        }
        let e = match self.endian {
            EndianMode::Auto => Endian::detect(rec.payload, rec.wire_len, self.last),
            EndianMode::Fixed(e) => e,
        };
        self.last = e;
        f(Event::Record {
            len: rec.payload.len(),
            truncated: rec.truncated,
            endian: e,
        })?;
        let mut msgs = Messages::new(rec.payload, e).snap_cut(rec.truncated);
        let mut index = 0u32;
        while let Some(m) = msgs.next() {
            match m {
                Ok(m) => {
                    let d = decode_message(m, rec.protocol, &self.ctx);
                    let info = self.session.observe(&d, rec.frame, rec.ts);
                    self.ctx.observe(&d);
                    let item = Item {
                        frame: rec.frame,
                        index,
                        ts: rec.ts,
                        decoded: &d,
                        info,
                        ctx: &self.ctx,
                        session: &self.session,
                    };
                    f(Event::Message(&item))?;
                    index += 1;
                }
                Err(_) if msgs.rest().iter().all(|b| *b == 0) => f(Event::Padding {
                    frame: rec.frame,
                    len: msgs.rest().len(),
                })?,
                Err(err) => f(Event::StreamError {
                    frame: rec.frame,
                    err: &err,
                    rest: msgs.rest(),
                })?,
            }
        }
        Ok(())
    }
}

impl Walker {
    /// Report that the capture is a listener capture ([`Event::Listener`]).
    ///
    /// # Errors
    /// Whatever `f` returns.
    pub fn listener<E>(
        &mut self,
        note: &str,
        mut f: impl FnMut(Event<'_, '_>) -> Result<(), E>,
    ) -> Result<(), E> {
        f(Event::Listener { note })
    }

    /// Report the records the reader skipped as not netlink ([`Event::Skipped`]).
    ///
    /// # Errors
    /// Whatever `f` returns.
    pub fn skipped<E>(
        &mut self,
        records: u64,
        mut f: impl FnMut(Event<'_, '_>) -> Result<(), E>,
    ) -> Result<(), E> {
        f(Event::Skipped { records })
    }

    /// Report a record the capture reader could not read as a record
    /// ([`Event::RecordError`]); the walk's state is unchanged.
    ///
    /// # Errors
    /// Whatever `f` returns.
    pub fn record_error<E>(
        &mut self,
        err: &crate::record::CaptureError,
        mut f: impl FnMut(Event<'_, '_>) -> Result<(), E>,
    ) -> Result<(), E> {
        f(Event::RecordError {
            frame: err.frame,
            err,
        })
    }
}

impl RecordIn<'_> {
    /// The walker's view of a capture-file record.
    pub fn from_capture<'a>(rec: &crate::record::Record<'a>) -> RecordIn<'a> {
        let link_len = (rec.caplen as usize).saturating_sub(rec.payload.len());
        RecordIn {
            frame: rec.frame,
            ts: rec.ts,
            protocol: rec.link.protocol,
            payload: rec.payload,
            wire_len: (rec.orig_len as usize).saturating_sub(link_len),
            truncated: rec.truncated,
        }
    }
}
