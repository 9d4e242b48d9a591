//! Message-level decoding: one [`Message`] of a given netlink protocol, read through
//! the family tables into a [`Decoded`] view.
//!
//! This layer picks the message definition (by `nlmsg_type`, or for generic netlink
//! by family id and command), reads the fixed header, and hands the attributes to an
//! [`AttrsView`]. Control messages get their own bodies: `NLMSG_ERROR` with its
//! echoed request and extended ACK, `NLMSG_DONE` with its error and extended ACK.
//! Nothing here allocates.

use super::value::{AttrsView, StructView};
use super::Context;
use crate::families;
use crate::families::schema::{GenlFamilyDef, MsgDef, StructDef};
use crate::wire::attr::Attrs;
use crate::wire::error::{DecodeError, Layer, LengthSource};
use crate::wire::nlmsg::{align4, flags, types, Header, Message, OpKind, NLMSG_HDRLEN};

/// Who sent a message, as far as one message tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// User space to kernel (`NLM_F_REQUEST`).
    Request,
    /// Kernel to one socket in answer to a request (acks, errors, dump parts).
    Reply,
    /// Kernel event (multicast, or an echo of a change).
    Notification,
}

impl Direction {
    /// The guess one message allows; a session that saw the request refines it.
    pub fn guess(h: &Header) -> Direction {
        if h.flags & flags::NLM_F_REQUEST != 0 {
            Direction::Request
        } else if h.ty == types::NLMSG_ERROR
            || h.ty == types::NLMSG_DONE
            || h.flags & flags::NLM_F_MULTI != 0
        {
            Direction::Reply
        } else {
            Direction::Notification
        }
    }

    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Reply => "reply",
            Direction::Notification => "notification",
        }
    }
}

/// A decoded message.
#[derive(Clone, Debug)]
pub struct Decoded<'a> {
    /// The raw message.
    pub msg: Message<'a>,
    /// The netlink protocol it was sent on.
    pub protocol: u16,
    /// What it holds.
    pub body: Body<'a>,
}

/// The body of a decoded message.
#[derive(Clone, Debug)]
pub enum Body<'a> {
    /// `NLMSG_NOOP` (payload kept).
    Noop(&'a [u8]),
    /// `NLMSG_OVERRUN` (payload kept).
    Overrun(&'a [u8]),
    /// `NLMSG_DONE`.
    Done(Done<'a>),
    /// `NLMSG_ERROR`: an error or an acknowledgement.
    Error(ErrorMsg<'a>),
    /// A family message.
    Family(FamilyMsg<'a>),
}

/// `NLMSG_DONE`: `int error`, then extended-ACK attributes with `NLM_F_ACK_TLVS`.
#[derive(Clone, Debug)]
pub struct Done<'a> {
    /// The error (0 for a clean end); None when the payload has no `int`.
    pub error: Option<i32>,
    /// Extended-ACK attributes.
    pub extack: Option<AttrsView<'a>>,
    /// Bytes after the error that are not extended ACK (kept).
    pub extra: &'a [u8],
}

/// `struct nlmsgerr`: the error, the echoed request, and the extended ACK.
#[derive(Clone, Debug)]
pub struct ErrorMsg<'a> {
    /// 0 for an acknowledgement, else a negative errno; None when missing.
    pub error: Option<i32>,
    /// The echoed request: header only when `capped`, else the whole request
    /// (`truncated` when the echo is shorter than its `nlmsg_len`).
    pub request: Option<Message<'a>>,
    /// `NLM_F_CAPPED`: only the request's header was echoed.
    pub capped: bool,
    /// Extended-ACK attributes (`NLM_F_ACK_TLVS`).
    pub extack: Option<AttrsView<'a>>,
    /// A framing problem of the error payload itself (short echo, …).
    pub problem: Option<DecodeError>,
}

/// Generic-netlink header and the family it belongs to.
#[derive(Clone, Copy, Debug)]
pub struct Genl {
    /// The family id (`nlmsg_type`).
    pub family_id: u16,
    /// The family's spec, when the id is known (nlctrl, or learned from the capture).
    pub family: Option<&'static GenlFamilyDef>,
    /// `genlmsghdr.cmd`.
    pub cmd: u8,
    /// `genlmsghdr.version`.
    pub version: u8,
    /// `genlmsghdr.reserved`.
    pub reserved: u16,
}

/// A family message: definition, fixed header(s), attributes.
#[derive(Clone, Debug)]
pub struct FamilyMsg<'a> {
    /// The message type or command, when known.
    pub def: Option<&'static MsgDef>,
    /// The generic-netlink header, for `NETLINK_GENERIC`.
    pub genl: Option<Genl>,
    /// The fixed header, when the definition has one.
    pub header: Option<StructView<'a>>,
    /// The fixed header (or `genlmsghdr`) was cut short; attributes not walked.
    pub header_error: Option<DecodeError>,
    /// The attributes after the fixed header(s), typed by the definition's table
    /// (untyped when the message is unknown).
    pub attrs: AttrsView<'a>,
}

impl FamilyMsg<'_> {
    /// The kind of request this message type is (for flag names).
    pub fn op_kind(&self, protocol: u16, ty: u16) -> OpKind {
        families::op_kind(protocol, ty, self.def)
    }
}

impl<'a> Decoded<'a> {
    /// The name of the message type (`RTM_NEWLINK`, `NLMSG_ERROR`,
    /// `CTRL_CMD_NEWFAMILY`, …), if known.
    pub fn type_name(&self) -> Option<&'static str> {
        match &self.body {
            Body::Noop(_) => Some("NLMSG_NOOP"),
            Body::Overrun(_) => Some("NLMSG_OVERRUN"),
            Body::Done(_) => Some("NLMSG_DONE"),
            Body::Error(_) => Some("NLMSG_ERROR"),
            Body::Family(f) => f.def.map(|d| d.name),
        }
    }

    /// The kind of operation, which decides what flag bits 0x100–0x800 mean.
    pub fn op_kind(&self) -> OpKind {
        match &self.body {
            Body::Done(_) | Body::Error(_) => OpKind::Ack,
            Body::Noop(_) | Body::Overrun(_) => OpKind::Other,
            Body::Family(f) => f.op_kind(self.protocol, self.msg.header.ty),
        }
    }
}

/// Decode one message of netlink protocol `protocol`.
#[inline]
pub fn decode_message<'a>(msg: Message<'a>, protocol: u16, ctx: &Context) -> Decoded<'a> {
    // Each arm builds the whole `Decoded`, so a family body is written where the
    // caller wants it instead of being built aside and copied (280 bytes).
    let payload = msg.payload();
    match msg.header.ty {
        types::NLMSG_NOOP => Decoded {
            body: Body::Noop(payload),
            msg,
            protocol,
        },
        types::NLMSG_OVERRUN => Decoded {
            body: Body::Overrun(payload),
            msg,
            protocol,
        },
        types::NLMSG_DONE if families::done_is_errno(protocol) => Decoded {
            body: Body::Done(decode_done(&msg)),
            msg,
            protocol,
        },
        types::NLMSG_ERROR => Decoded {
            body: Body::Error(decode_error(&msg)),
            msg,
            protocol,
        },
        _ => Decoded {
            body: Body::Family(decode_family(&msg, protocol, ctx)),
            msg,
            protocol,
        },
    }
}

fn extack_view<'a>(bytes: &'a [u8], base: usize, msg: &Message<'a>) -> AttrsView<'a> {
    AttrsView::new(
        Attrs::new(bytes, base, msg.endian),
        Some(&families::extack::EXTACK_ATTRS),
        0,
    )
}

fn decode_done<'a>(msg: &Message<'a>) -> Done<'a> {
    let p = msg.payload();
    let error = msg.endian.u32_at(p, 0).map(|v| v as i32);
    let rest = p.get(4..).unwrap_or(&[]);
    if msg.header.flags & flags::NLM_F_ACK_TLVS != 0 && error.is_some() {
        Done {
            error,
            extack: Some(extack_view(rest, NLMSG_HDRLEN + 4, msg)),
            extra: &[],
        }
    } else {
        Done {
            error,
            extack: None,
            extra: rest,
        }
    }
}

fn decode_error<'a>(msg: &Message<'a>) -> ErrorMsg<'a> {
    let p = msg.payload();
    let capped = msg.header.flags & flags::NLM_F_CAPPED != 0;
    let mut out = ErrorMsg {
        error: msg.endian.u32_at(p, 0).map(|v| v as i32),
        request: None,
        capped,
        extack: None,
        problem: None,
    };
    let echo = p.get(4..).unwrap_or(&[]);
    let echo_base = NLMSG_HDRLEN + 4;
    if out.error.is_none() {
        out.problem = Some(
            DecodeError::truncated(
                NLMSG_HDRLEN,
                Layer::Header,
                4,
                p.len(),
                LengthSource::FixedHeader,
            )
            .named("nlmsgerr"),
        );
        return out;
    }
    let header = match Header::parse(echo, msg.endian) {
        Ok(h) => h,
        Err(_) => {
            if !echo.is_empty() {
                out.problem = Some(
                    DecodeError::truncated(
                        echo_base,
                        Layer::Header,
                        NLMSG_HDRLEN,
                        echo.len(),
                        LengthSource::FixedHeader,
                    )
                    .named("nlmsgerr.msg"),
                );
            }
            return out;
        }
    };
    let echoed = if capped {
        NLMSG_HDRLEN
    } else {
        (header.len as usize).max(NLMSG_HDRLEN)
    };
    let have = echoed.min(echo.len());
    let bytes = echo.get(..have).unwrap_or(&[]);
    out.request = Some(Message {
        header,
        offset: echo_base,
        bytes,
        pad: &[],
        truncated: have < header.len as usize,
        endian: msg.endian,
    });
    if have < echoed {
        out.problem = Some(
            DecodeError::truncated(
                echo_base,
                Layer::Header,
                echoed,
                echo.len(),
                LengthSource::NlmsgLen,
            )
            .named("nlmsgerr.msg"),
        );
        return out;
    }
    if msg.header.flags & flags::NLM_F_ACK_TLVS != 0 {
        let tlv_at = if capped { NLMSG_HDRLEN } else { align4(echoed) };
        let tlvs = echo.get(tlv_at..).unwrap_or(&[]);
        out.extack = Some(extack_view(tlvs, echo_base + tlv_at, msg));
    }
    out
}

#[inline]
fn decode_family<'a>(msg: &Message<'a>, protocol: u16, ctx: &Context) -> FamilyMsg<'a> {
    if protocol != crate::wire::protocol::NETLINK_GENERIC {
        if let Some(def) = ctx
            .user()
            .and_then(|u| u.raw_message(protocol, msg.header.ty))
        {
            return family_parts(msg, protocol, Some(def), None, None, NLMSG_HDRLEN);
        }
        return raw_family(msg, protocol);
    }
    let p = msg.payload();
    let family_id = msg.header.ty;
    let family = ctx.genl_family(family_id);
    let Some(g) = p.get(..4) else {
        let err = DecodeError::truncated(
            NLMSG_HDRLEN,
            Layer::Header,
            4,
            p.len(),
            if msg.truncated {
                LengthSource::SnapLen
            } else {
                LengthSource::NlmsgLen
            },
        )
        .named("genlmsghdr");
        return FamilyMsg {
            def: None,
            genl: None,
            header: None,
            header_error: Some(err),
            attrs: AttrsView::new(Attrs::new(&[], NLMSG_HDRLEN, msg.endian), None, 0),
        };
    };
    let cmd = g.first().copied().unwrap_or(0);
    let genl = Genl {
        family_id,
        family,
        cmd,
        version: g.get(1).copied().unwrap_or(0),
        reserved: msg.endian.u16_at(g, 2).unwrap_or(0),
    };
    let def = family
        .and_then(|f| families::genl_cmd(f, cmd, msg.header.flags & flags::NLM_F_REQUEST != 0));
    family_parts(msg, protocol, def, Some(genl), None, NLMSG_HDRLEN + 4)
}

/// The definition of a message of a netlink-raw protocol, and its kind when the
/// type table has it at hand: [`families::raw_message_kind`], except that the
/// connector chooses by payload words, which need the byte order.
#[inline]
pub(super) fn raw_def(
    msg: &Message<'_>,
    protocol: u16,
) -> (Option<&'static MsgDef>, Option<OpKind>) {
    if protocol == crate::wire::protocol::NETLINK_CONNECTOR {
        let def = families::connector::message(msg.header.ty, msg.payload(), msg.endian);
        (def, None)
    } else {
        families::raw_message_kind(protocol, &msg.header, msg.payload())
    }
}

/// [`decode_family`] for a netlink-raw protocol (anything but generic netlink).
#[inline]
pub(super) fn raw_family<'a>(msg: &Message<'a>, protocol: u16) -> FamilyMsg<'a> {
    let (def, kind) = raw_def(msg, protocol);
    family_parts(msg, protocol, def, None, kind, NLMSG_HDRLEN)
}

/// The fixed header and the attributes of a family message whose definition is
/// known, from offset `at` (after `genlmsghdr` for generic netlink).
#[inline(always)]
fn family_parts<'a>(
    msg: &Message<'a>,
    protocol: u16,
    def: Option<&'static MsgDef>,
    genl: Option<Genl>,
    kind: Option<OpKind>,
    at: usize,
) -> FamilyMsg<'a> {
    let fixed = match (genl, def) {
        (Some(g), d) => d
            .and_then(|d| d.header)
            .or_else(|| g.family.and_then(|f| f.header)),
        (None, Some(d)) => d.header,
        (None, None) => None,
    };
    let attrs_set = def
        .and_then(|d| d.attrs)
        .or_else(|| genl.and_then(|g| g.family).and_then(|f| f.default_attrs));
    let (header, attr_bytes, attrs_at) = split_header(msg, fixed, at);
    let mut header_error = None;
    if let Some(h) = &header {
        // iproute2 sends dump requests with a short header (a 1-byte rtgenmsg or a
        // 4-byte ifinfomsg): legal, not an error.
        // (`op_kind` is asked only for a short header: it compares names. The type
        // tables of raw protocols have it at hand.)
        let short_get = || {
            msg.header.flags & flags::NLM_F_REQUEST != 0
                && kind.unwrap_or_else(|| families::op_kind(protocol, msg.header.ty, def))
                    == OpKind::Get
        };
        if h.bytes.len() < h.def.size && !short_get() {
            header_error = Some(
                DecodeError::truncated(
                    at,
                    Layer::Header,
                    h.def.size,
                    msg.bytes.len().saturating_sub(at),
                    if msg.truncated {
                        LengthSource::SnapLen
                    } else {
                        LengthSource::NlmsgLen
                    },
                )
                .named(h.def.name),
            );
        }
    }
    FamilyMsg {
        def,
        genl,
        header,
        header_error,
        attrs: AttrsView::new(Attrs::new(attr_bytes, attrs_at, msg.endian), attrs_set, 0),
    }
}

/// The fixed header `fixed` of a message at offset `at`, as far as the message has
/// it, then the attribute bytes after it and their offset.
#[inline(always)]
pub(super) fn split_header<'a>(
    msg: &Message<'a>,
    fixed: Option<&'static StructDef>,
    mut at: usize,
) -> (Option<StructView<'a>>, &'a [u8], usize) {
    let body = msg.bytes.get(at..).unwrap_or(&[]);
    let Some(h) = fixed else {
        return (None, body, at);
    };
    // A header whose last member is the rest of the data (an audit record's text)
    // takes the whole payload: no attributes follow it. (`Rest` is only ever the
    // last member: see `StructDef`.)
    let n = if h.ends_with_rest() {
        body.len()
    } else {
        h.size.min(body.len())
    };
    let (hb, rest) = body.split_at(n);
    let header = StructView::new(h, hb, at, msg.endian);
    // The kernel reads attributes at NLMSG_ALIGN(header size) (nlmsg_attrdata): a
    // 1-byte rtgenmsg or xfrm_usersa_flush is followed by 3 bytes of padding.
    let pad = (crate::wire::nlmsg::align4(n) - n).min(rest.len());
    at += n + pad;
    (Some(header), rest.get(pad..).unwrap_or(&[]), at)
}
