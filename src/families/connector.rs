//! The kernel connector (`NETLINK_CONNECTOR`, protocol 11): `struct cn_msg` from
//! include/uapi/linux/connector.h and the process events of
//! include/uapi/linux/cn_proc.h.
//!
//! Connector messages are sent as `NLMSG_DONE` (type 3) both ways, so their payload
//! is a `cn_msg`, never the dump-done `int error`
//! ([`crate::families::decode::decode_message`] asks [`done_is_errno`](crate::families::done_is_errno)). The
//! message is chosen from the payload: its `cb_id` (`idx`/`val`), and for process
//! events (`CN_IDX_PROC`/`CN_VAL_PROC`) the `proc_event.what` of the data, so each
//! event shows its own union member. A process-event struct is flattened here into
//! one table from the start of the payload: `cn_msg` (20 bytes), `proc_event`'s
//! `what`, `cpu`, `timestamp_ns`, then the member of `event_data` (the kernel zeroes
//! the union first; the rest of it is padding, shown when not zero).

use crate::families::schema::{EnumDef, FieldKind, Hint, MsgDef, StructDef};
use crate::families::table::*;
use crate::wire::endian::Endian;
use crate::wire::nlmsg::types::NLMSG_DONE;

/// `sizeof(struct cn_msg)`.
pub const CN_MSG_LEN: usize = 20;
/// `CN_IDX_PROC`: the process-events connector (also its multicast group).
pub const CN_IDX_PROC: u32 = 1;
/// `CN_VAL_PROC`.
pub const CN_VAL_PROC: u32 = 1;
/// `PROC_CN_MCAST_LISTEN` (`enum proc_cn_mcast_op`).
pub const PROC_CN_MCAST_LISTEN: u32 = 1;
/// `PROC_CN_MCAST_IGNORE`.
pub const PROC_CN_MCAST_IGNORE: u32 = 2;
/// `sizeof(struct proc_event)` (16 bytes of header, a 24-byte union).
pub const PROC_EVENT_LEN: usize = 40;

/// `cb_id.idx` values of connector.h.
pub static CN_IDX: EnumDef = EnumDef {
    name: "cn-idx",
    flags: false,
    entries: &[
        (1, "CN_IDX_PROC"),
        (2, "CN_IDX_CIFS"),
        (3, "CN_W1_IDX"),
        (4, "CN_IDX_V86D"),
        (5, "CN_IDX_BB"),
        (6, "CN_DST_IDX"),
        (7, "CN_IDX_DM"),
        (8, "CN_IDX_DRBD"),
        (9, "CN_KVP_IDX"),
        (10, "CN_VSS_IDX"),
    ],
};

/// `enum what` of `struct proc_event`.
pub static PROC_EVENT_WHAT: EnumDef = EnumDef {
    name: "proc-event-what",
    flags: false,
    entries: &[
        (0, "PROC_EVENT_NONE"),
        (0x1, "PROC_EVENT_FORK"),
        (0x2, "PROC_EVENT_EXEC"),
        (0x4, "PROC_EVENT_UID"),
        (0x40, "PROC_EVENT_GID"),
        (0x80, "PROC_EVENT_SID"),
        (0x100, "PROC_EVENT_PTRACE"),
        (0x200, "PROC_EVENT_COMM"),
        (0x4000_0000, "PROC_EVENT_COREDUMP"),
        (0x8000_0000, "PROC_EVENT_EXIT"),
    ],
};

/// `enum proc_cn_mcast_op`.
pub static PROC_CN_MCAST_OP: EnumDef = EnumDef {
    name: "proc-cn-mcast-op",
    flags: false,
    entries: &[(1, "PROC_CN_MCAST_LISTEN"), (2, "PROC_CN_MCAST_IGNORE")],
};

/// A `pid_t` (`__kernel_pid_t`, `int`).
const PID: FieldKind = F_S32;

/// The five `cn_msg` members, shared by every table here.
macro_rules! cn_msg_fields {
    ($($rest:expr),* $(,)?) => {
        &[
            field("id.idx", 0, f_u32_enum(&CN_IDX)),
            field("id.val", 4, F_U32),
            field("seq", 8, F_U32),
            field("ack", 12, F_U32),
            field("len", 16, F_U16),
            field("flags", 18, F_X16),
            $($rest),*
        ]
    };
}

/// The `cn_msg` members, then the `proc_event` header.
macro_rules! proc_fields {
    ($($rest:expr),* $(,)?) => {
        cn_msg_fields![
            field("what", 20, f_u32_enum(&PROC_EVENT_WHAT)),
            field("cpu", 24, F_U32),
            field("timestamp_ns", 28, F_U64),
            $($rest),*
        ]
    };
}

/// Struct member: host-order `u16` in hex.
const F_X16: FieldKind = FieldKind::Scalar(
    crate::families::schema::Scalar::U16,
    crate::families::schema::ByteOrder::Host,
    Hint::Hex,
);

/// Offset of `event_data` from the start of the payload.
const EV: usize = CN_MSG_LEN + 16;
/// Size of every process-event message's payload.
const PROC_SIZE: usize = CN_MSG_LEN + PROC_EVENT_LEN;

/// A `cn_msg` of a connector nlscope has no table for: the data as hex.
pub static CN_MSG: StructDef = StructDef {
    name: "cn_msg",
    size: CN_MSG_LEN,
    fields: cn_msg_fields![field("data", 20, FieldKind::Rest(Hint::Hex))],
};

/// A process-events control request: `cn_msg` and `enum proc_cn_mcast_op` (newer
/// kernels accept `struct proc_input`, which adds the event mask after it).
pub static CN_PROC_OP: StructDef = StructDef {
    name: "cn_msg+proc_cn_mcast_op",
    size: CN_MSG_LEN + 4,
    fields: cn_msg_fields![
        field("op", 20, f_u32_enum(&PROC_CN_MCAST_OP)),
        field("event_type", 24, FieldKind::Rest(Hint::Hex)),
    ],
};

/// `cn_msg` and `struct proc_event` with `event_data.ack`.
pub static PROC_ACK: StructDef = StructDef {
    name: "cn_msg+proc_event.ack",
    size: PROC_SIZE,
    fields: proc_fields![
        field("err", EV, F_U32),
        field("event_data_pad", EV + 4, f_pad(20))
    ],
};
/// `cn_msg` and `struct proc_event` with `event_data.fork`.
pub static PROC_FORK: StructDef = StructDef {
    name: "cn_msg+proc_event.fork",
    size: PROC_SIZE,
    fields: proc_fields![
        field("parent_pid", EV, PID),
        field("parent_tgid", EV + 4, PID),
        field("child_pid", EV + 8, PID),
        field("child_tgid", EV + 12, PID),
        field("event_data_pad", EV + 16, f_pad(8))
    ],
};
/// `cn_msg` and `struct proc_event` with `event_data.exec`.
pub static PROC_EXEC: StructDef = StructDef {
    name: "cn_msg+proc_event.exec",
    size: PROC_SIZE,
    fields: proc_fields![
        field("process_pid", EV, PID),
        field("process_tgid", EV + 4, PID),
        field("event_data_pad", EV + 8, f_pad(16))
    ],
};
/// `cn_msg` and `struct proc_event` with `event_data.id`.
pub static PROC_UID: StructDef = StructDef {
    name: "cn_msg+proc_event.id",
    size: PROC_SIZE,
    fields: proc_fields![
        field("process_pid", EV, PID),
        field("process_tgid", EV + 4, PID),
        field("ruid", EV + 8, F_U32),
        field("euid", EV + 12, F_U32),
        field("event_data_pad", EV + 16, f_pad(8))
    ],
};
/// `cn_msg` and `struct proc_event` with `event_data.id`.
pub static PROC_GID: StructDef = StructDef {
    name: "cn_msg+proc_event.id",
    size: PROC_SIZE,
    fields: proc_fields![
        field("process_pid", EV, PID),
        field("process_tgid", EV + 4, PID),
        field("rgid", EV + 8, F_U32),
        field("egid", EV + 12, F_U32),
        field("event_data_pad", EV + 16, f_pad(8))
    ],
};
/// `cn_msg` and `struct proc_event` with `event_data.sid`.
pub static PROC_SID: StructDef = StructDef {
    name: "cn_msg+proc_event.sid",
    size: PROC_SIZE,
    fields: proc_fields![
        field("process_pid", EV, PID),
        field("process_tgid", EV + 4, PID),
        field("event_data_pad", EV + 8, f_pad(16))
    ],
};
/// `cn_msg` and `struct proc_event` with `event_data.ptrace`.
pub static PROC_PTRACE: StructDef = StructDef {
    name: "cn_msg+proc_event.ptrace",
    size: PROC_SIZE,
    fields: proc_fields![
        field("process_pid", EV, PID),
        field("process_tgid", EV + 4, PID),
        field("tracer_pid", EV + 8, PID),
        field("tracer_tgid", EV + 12, PID),
        field("event_data_pad", EV + 16, f_pad(8))
    ],
};
/// `cn_msg` and `struct proc_event` with `event_data.comm`.
pub static PROC_COMM: StructDef = StructDef {
    name: "cn_msg+proc_event.comm",
    size: PROC_SIZE,
    fields: proc_fields![
        field("process_pid", EV, PID),
        field("process_tgid", EV + 4, PID),
        field("comm", EV + 8, f_text(16)),
        field("event_data_pad", EV + 24, f_pad(0))
    ],
};
/// `cn_msg` and `struct proc_event` with `event_data.coredump`.
pub static PROC_COREDUMP: StructDef = StructDef {
    name: "cn_msg+proc_event.coredump",
    size: PROC_SIZE,
    fields: proc_fields![
        field("process_pid", EV, PID),
        field("process_tgid", EV + 4, PID),
        field("parent_pid", EV + 8, PID),
        field("parent_tgid", EV + 12, PID),
        field("event_data_pad", EV + 16, f_pad(8))
    ],
};
/// `cn_msg` and `struct proc_event` with `event_data.exit`.
pub static PROC_EXIT: StructDef = StructDef {
    name: "cn_msg+proc_event.exit",
    size: PROC_SIZE,
    fields: proc_fields![
        field("process_pid", EV, PID),
        field("process_tgid", EV + 4, PID),
        field("exit_code", EV + 8, F_U32),
        field("exit_signal", EV + 12, F_U32),
        field("parent_pid", EV + 16, PID),
        field("parent_tgid", EV + 20, PID),
        field("event_data_pad", EV + 24, f_pad(0))
    ],
};

/// A process event whose `what` nlscope does not know: the union as hex.
pub static PROC_UNKNOWN: StructDef = StructDef {
    name: "cn_msg+proc_event",
    size: EV,
    fields: proc_fields![field("event_data", EV, FieldKind::Rest(Hint::Hex))],
};

/// Every message definition of this module: all are `NLMSG_DONE` on the wire; the
/// name says which payload it is.
pub static MESSAGES: &[MsgDef] = &[
    msg(NLMSG_DONE, "CN_MSG", Some(&CN_MSG), None),
    msg(NLMSG_DONE, "PROC_CN_MCAST_LISTEN", Some(&CN_PROC_OP), None),
    msg(NLMSG_DONE, "PROC_CN_MCAST_IGNORE", Some(&CN_PROC_OP), None),
    msg(NLMSG_DONE, "PROC_CN_MCAST_OP", Some(&CN_PROC_OP), None),
    msg(NLMSG_DONE, "PROC_EVENT_NONE", Some(&PROC_ACK), None),
    msg(NLMSG_DONE, "PROC_EVENT_FORK", Some(&PROC_FORK), None),
    msg(NLMSG_DONE, "PROC_EVENT_EXEC", Some(&PROC_EXEC), None),
    msg(NLMSG_DONE, "PROC_EVENT_UID", Some(&PROC_UID), None),
    msg(NLMSG_DONE, "PROC_EVENT_GID", Some(&PROC_GID), None),
    msg(NLMSG_DONE, "PROC_EVENT_SID", Some(&PROC_SID), None),
    msg(NLMSG_DONE, "PROC_EVENT_PTRACE", Some(&PROC_PTRACE), None),
    msg(NLMSG_DONE, "PROC_EVENT_COMM", Some(&PROC_COMM), None),
    msg(
        NLMSG_DONE,
        "PROC_EVENT_COREDUMP",
        Some(&PROC_COREDUMP),
        None,
    ),
    msg(NLMSG_DONE, "PROC_EVENT_EXIT", Some(&PROC_EXIT), None),
    msg(NLMSG_DONE, "PROC_EVENT", Some(&PROC_UNKNOWN), None),
];

fn named(name: &str) -> Option<&'static MsgDef> {
    MESSAGES.iter().find(|m| m.name == name)
}

/// The definition of a connector message with `payload` (in byte order `e`): by
/// its `cb_id`, and for process events by `proc_event.what` (or, for the short
/// control requests user space sends, by their op). `None` for a type other than
/// `NLMSG_DONE`.
pub fn message(ty: u16, payload: &[u8], e: Endian) -> Option<&'static MsgDef> {
    if ty != NLMSG_DONE {
        return None;
    }
    let idx = e.u32_at(payload, 0);
    let val = e.u32_at(payload, 4);
    if idx != Some(CN_IDX_PROC) || val != Some(CN_VAL_PROC) {
        return named("CN_MSG");
    }
    let data_len = e.u16_at(payload, 16).map(usize::from);
    let first = e.u32_at(payload, CN_MSG_LEN);
    if data_len.is_some_and(|n| n < PROC_EVENT_LEN) {
        return match first {
            Some(PROC_CN_MCAST_LISTEN) => named("PROC_CN_MCAST_LISTEN"),
            Some(PROC_CN_MCAST_IGNORE) => named("PROC_CN_MCAST_IGNORE"),
            _ => named("PROC_CN_MCAST_OP"),
        };
    }
    let name = first.and_then(|w| PROC_EVENT_WHAT.name_of(u64::from(w)));
    name.and_then(named).or_else(|| named("PROC_EVENT"))
}

/// Who sent connector message `d`: the process-events control ops come from user
/// space, everything else here is the kernel's multicast. `None` for another
/// protocol. (Connector messages carry no `NLM_F_REQUEST` and are all
/// `NLMSG_DONE`, so the header alone cannot tell.)
pub fn direction(d: &crate::families::decode::Decoded<'_>) -> Option<crate::families::Direction> {
    use crate::families::decode::Body;
    use crate::families::Direction;
    if d.protocol != crate::wire::protocol::NETLINK_CONNECTOR {
        return None;
    }
    let request = match &d.body {
        Body::Family(f) => f
            .def
            .and_then(|m| m.header)
            .is_some_and(|h| std::ptr::eq(h, &CN_PROC_OP)),
        _ => false,
    };
    Some(if request {
        Direction::Request
    } else {
        Direction::Notification
    })
}

/// The request that starts (`op` [`PROC_CN_MCAST_LISTEN`]) or stops
/// ([`PROC_CN_MCAST_IGNORE`]) process events for every socket joined to
/// `CN_IDX_PROC`: `NLMSG_DONE` carrying a `cn_msg` with `cb_id` PROC/PROC, `len` 4,
/// and the `enum proc_cn_mcast_op` (the kernel takes it from a process with
/// CAP_NET_ADMIN in the initial user namespace).
pub fn mcast_request(op: u32, seq: u32, e: Endian) -> Vec<u8> {
    let mut b = crate::wire::build::MsgBuilder::new(e, NLMSG_DONE, 0, seq, 0);
    b.u32(CN_IDX_PROC).u32(CN_VAL_PROC).u32(seq).u32(0);
    b.u16(4).u16(0).u32(op);
    b.finish()
}

/// The `proc_event` structs and the other tables, for tests that check them
/// against the uapi headers.
pub static STRUCTS: &[&StructDef] = &[
    &CN_MSG,
    &CN_PROC_OP,
    &PROC_ACK,
    &PROC_FORK,
    &PROC_EXEC,
    &PROC_UID,
    &PROC_GID,
    &PROC_SID,
    &PROC_PTRACE,
    &PROC_COMM,
    &PROC_COREDUMP,
    &PROC_EXIT,
    &PROC_UNKNOWN,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn payload(e: Endian, idx: u32, len: u16, first: u32) -> Vec<u8> {
        let mut p = Vec::new();
        for v in [idx, CN_VAL_PROC, 0, 0] {
            p.extend_from_slice(&e.u32_bytes(v));
        }
        p.extend_from_slice(&e.u16_bytes(len));
        p.extend_from_slice(&[0, 0]);
        p.extend_from_slice(&e.u32_bytes(first));
        p.resize(CN_MSG_LEN + usize::from(len).max(4), 0);
        p
    }

    #[test]
    fn events_are_chosen_by_what_in_either_order() {
        for e in [Endian::Little, Endian::Big] {
            let m = |idx, len, first| message(NLMSG_DONE, &payload(e, idx, len, first), e);
            assert_eq!(m(1, 40, 0x1).map(|d| d.name), Some("PROC_EVENT_FORK"));
            assert_eq!(
                m(1, 40, 0x8000_0000).map(|d| d.name),
                Some("PROC_EVENT_EXIT")
            );
            assert_eq!(m(1, 40, 0x400).map(|d| d.name), Some("PROC_EVENT"));
            assert_eq!(m(1, 4, 1).map(|d| d.name), Some("PROC_CN_MCAST_LISTEN"));
            assert_eq!(m(1, 8, 2).map(|d| d.name), Some("PROC_CN_MCAST_IGNORE"));
            assert_eq!(m(7, 40, 1).map(|d| d.name), Some("CN_MSG"));
            assert!(message(16, &payload(e, 1, 40, 1), e).is_none());
        }
    }

    #[test]
    fn the_listen_request_decodes_as_one() {
        for e in [Endian::Little, Endian::Big] {
            let req = mcast_request(PROC_CN_MCAST_LISTEN, 9, e);
            assert_eq!(req.len(), 16 + CN_MSG_LEN + 4);
            let payload = &req[16..];
            assert_eq!(
                message(NLMSG_DONE, payload, e).map(|d| d.name),
                Some("PROC_CN_MCAST_LISTEN")
            );
        }
    }

    #[test]
    fn every_struct_covers_its_size_once() {
        for s in STRUCTS {
            let mut end = 0;
            for f in s.fields {
                assert!(f.offset >= end, "{} {} overlaps", s.name, f.name);
                end = f.offset + f.kind.size();
            }
            assert_eq!(end, s.size, "{}", s.name);
        }
    }
}
