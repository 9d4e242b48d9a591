//! Decode errors: small `Copy` values that say what went wrong and where.
//!
//! Offsets are in bytes from the start of the buffer the failing parser was given
//! (for messages and attributes: from the start of the netlink message, the same
//! origin the kernel's extended-ACK `NLMSGERR_ATTR_OFFS` uses). Text is built only in
//! [`Display`](std::fmt::Display).
//!
//! The nom parsers of the framing ([`nlmsg::message`](super::nlmsg::message),
//! [`attr::attribute`](super::attr::attribute)) fail with a [`Fault`]: one word, `Copy`,
//! no input slice kept, so a failed parse costs nothing on the paths that succeed. The
//! iterators turn it into a [`DecodeError`] with the offset and layer.

use std::fmt;

/// Which length ran short or was wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LengthSource {
    /// The buffer itself ended.
    Buffer,
    /// The capture's snap length cut the record.
    SnapLen,
    /// `nlmsghdr.nlmsg_len`.
    NlmsgLen,
    /// `nlattr.nla_len`.
    NlaLen,
    /// A fixed kernel struct (`ifinfomsg`, `genlmsghdr`, …) needed more bytes.
    FixedHeader,
    /// A fixed-size value (a `u32` attribute, …) had the wrong size.
    Value,
}

impl LengthSource {
    fn as_str(self) -> &'static str {
        match self {
            LengthSource::Buffer => "buffer",
            LengthSource::SnapLen => "snap length",
            LengthSource::NlmsgLen => "nlmsg_len",
            LengthSource::NlaLen => "nla_len",
            LengthSource::FixedHeader => "fixed header",
            LengthSource::Value => "value",
        }
    }
}

/// The layer that reported an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layer {
    /// A capture record (link-layer header).
    Record,
    /// The `nlmsghdr` stream.
    Message,
    /// A fixed header after `nlmsghdr`.
    Header,
    /// The `nlattr` stream.
    Attribute,
    /// A typed value inside an attribute.
    Value,
}

/// What went wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Fewer bytes were there than a length said.
    Truncated {
        /// Bytes needed.
        needed: usize,
        /// Bytes available.
        available: usize,
        /// Which length asked for them.
        source: LengthSource,
    },
    /// A length field is below the minimum its header needs (`nla_len 3 < 4`).
    LengthTooSmall {
        /// The value found.
        value: usize,
        /// The minimum allowed.
        min: usize,
        /// Which length field.
        source: LengthSource,
    },
    /// A fixed-size value has another size.
    WrongSize {
        /// Size the type needs (for variable `uint`: 4 or 8 is allowed, this says 8).
        expected: usize,
        /// Size found.
        actual: usize,
    },
    /// Nesting deeper than nlscope follows.
    TooDeep {
        /// The limit.
        limit: usize,
    },
}

/// A decode error: where, in which layer, what.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DecodeError {
    /// Byte offset of the failing header or value (see the module doc for the origin).
    pub offset: usize,
    /// The layer that failed.
    pub layer: Layer,
    /// What went wrong.
    pub kind: ErrorKind,
    /// The name of the attribute or struct concerned, when known (`RTA_MULTIPATH`).
    pub what: Option<&'static str>,
}

impl DecodeError {
    /// A new error with no name attached.
    pub const fn new(offset: usize, layer: Layer, kind: ErrorKind) -> Self {
        DecodeError {
            offset,
            layer,
            kind,
            what: None,
        }
    }

    /// The same error, naming the attribute or struct concerned.
    #[must_use]
    pub const fn named(mut self, what: &'static str) -> Self {
        self.what = Some(what);
        self
    }

    /// A truncation error.
    pub const fn truncated(
        offset: usize,
        layer: Layer,
        needed: usize,
        available: usize,
        source: LengthSource,
    ) -> Self {
        Self::new(
            offset,
            layer,
            ErrorKind::Truncated {
                needed,
                available,
                source,
            },
        )
    }

    /// Whether the error is only the capture's snap length cutting the data.
    pub fn is_snap_truncation(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Truncated {
                source: LengthSource::SnapLen,
                ..
            }
        )
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let layer = match self.layer {
            Layer::Record => "record",
            Layer::Message => "message",
            Layer::Header => "header",
            Layer::Attribute => "attribute",
            Layer::Value => "value",
        };
        match self.what {
            Some(name) => write!(f, "{name} at +{}: ", self.offset)?,
            None => write!(f, "{layer} at +{}: ", self.offset)?,
        }
        match self.kind {
            ErrorKind::Truncated {
                needed,
                available,
                source,
            } => write!(
                f,
                "{} needs {needed} bytes, only {available} there",
                source.as_str()
            ),
            ErrorKind::LengthTooSmall { value, min, source } => {
                write!(f, "{} {value} < {min}", source.as_str())
            }
            ErrorKind::WrongSize { expected, actual } => {
                write!(f, "{actual} bytes where {expected} are expected")
            }
            ErrorKind::TooDeep { limit } => write!(f, "nested deeper than {limit} levels"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Why a framing parser (`nlmsghdr`, `nlattr`) stopped: the error type of the wire
/// layer's nom parsers. It names what was wrong but not where; the caller knows the
/// offset and the layer and builds the [`DecodeError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fault {
    /// The input ended inside a fixed-size header (nom's `Eof`).
    Short,
    /// The length field (`nlmsg_len`, `nla_len`) is below its header's size.
    LengthTooSmall(usize),
    /// The length field asks for more bytes than the input holds.
    LengthBeyond(usize),
}

impl<I> nom::error::ParseError<I> for Fault {
    #[inline(always)]
    fn from_error_kind(_: I, _: nom::error::ErrorKind) -> Self {
        Fault::Short
    }

    #[inline(always)]
    fn append(_: I, _: nom::error::ErrorKind, other: Self) -> Self {
        other
    }
}

impl Fault {
    /// The fault inside a nom error (`Incomplete` cannot come from the `complete`
    /// parsers; it is read as `Short`).
    #[inline(always)]
    pub fn of(e: nom::Err<Fault>) -> Fault {
        match e {
            nom::Err::Error(f) | nom::Err::Failure(f) => f,
            nom::Err::Incomplete(_) => Fault::Short,
        }
    }
}
