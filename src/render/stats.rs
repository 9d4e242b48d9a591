//! Counting what a capture holds: records, messages and bytes; messages per netlink
//! family and message type; requests, replies and notifications; errors by errno;
//! unknown message types and unknown attributes by (attribute space, type number);
//! truncated records and framing errors; the byte order seen.
//!
//! Feed it every record with [`Stats::record`] and every decoded message with
//! [`Stats::message`]; print with [`Stats::write_text`] or [`Stats::write_json`].
//!
//! Memory is bounded whatever the capture holds: each table keyed by the input
//! (message types, errnos, unknown types, unknown attributes) keeps at most
//! [`MAX_STATS_KEYS`] rows; what falls on a new row past that is counted in the
//! report's `other` object (absent when nothing was).

use crate::families::decode::{visit_attrs, Body, Context, Decoded, Direction, Leaf, Row, Visit};
use crate::flow::session::MsgInfo;
use crate::wire::attr::Attr;
use crate::wire::endian::Endian;
use crate::wire::error::DecodeError;
use crate::wire::limits::MAX_STATS_KEYS;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::Hash;
use std::io::{self, Write};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct TypeKey {
    protocol: u16,
    ty: u16,
    cmd: Option<u8>,
    /// For a control type number that a protocol uses for its own data (the
    /// connector's `NLMSG_DONE`s), the message its payload chose.
    variant: Option<&'static str>,
}

#[derive(Clone, Debug, Default)]
struct TypeCount {
    name: Option<String>,
    count: u64,
    bytes: u64,
}

/// Counters over a capture. See the module doc.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    /// Capture records seen.
    pub records: u64,
    /// Netlink messages decoded.
    pub messages: u64,
    /// Netlink bytes captured (record payloads after the link header).
    pub bytes: u64,
    /// Records the capture's snap length cut short.
    pub truncated_records: u64,
    /// Records whose message stream ended in a framing error.
    pub stream_errors: u64,
    /// Records of the file that could not be read as records (shorter than their
    /// link-layer header); not counted in `records`.
    pub malformed_records: u64,
    /// Records with zero bytes after their last message (sender padding).
    pub padded_records: u64,
    /// Those zero bytes, summed.
    pub padding_bytes: u64,
    /// Records read little-endian.
    pub little_endian: u64,
    /// Records read big-endian.
    pub big_endian: u64,
    /// Requests.
    pub requests: u64,
    /// Replies.
    pub replies: u64,
    /// Notifications.
    pub notifications: u64,
    /// Acknowledgements (`NLMSG_ERROR` with error 0).
    pub acks: u64,
    /// Attributes whose payload does not fit their type.
    pub invalid_attrs: u64,
    /// Kernel-object events (`NETLINK_KOBJECT_UEVENT` records: one event each, not
    /// netlink messages).
    pub uevents: u64,
    /// Records the reader skipped as not netlink (other link types, SLL/SLL2
    /// records of another ARPHRD); not counted in `records`.
    pub skipped_records: u64,
    /// The capture marks itself as a listener capture, with this note
    /// ([`crate::flow::walk::Event::Listener`]).
    pub listener: Option<String>,
    per_protocol: HashMap<u16, u64>,
    per_type: HashMap<TypeKey, TypeCount>,
    errors: HashMap<i32, u64>,
    unknown_types: HashMap<(u16, u16), u64>,
    unknown_attrs: HashMap<(&'static str, u16), u64>,
    other: Other,
}

/// What was counted past [`MAX_STATS_KEYS`] rows of a table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
struct Other {
    types: u64,
    errors: u64,
    unknown_types: u64,
    unknown_attrs: u64,
}

impl Other {
    fn any(&self) -> bool {
        *self != Other::default()
    }
}

/// `map[key] += 1`, or `*other += 1` when `key` would be a new row of a full table.
fn bump<K: Eq + Hash>(map: &mut HashMap<K, u64>, key: K, other: &mut u64) {
    if let Some(n) = map.get_mut(&key) {
        *n += 1;
    } else if map.len() < MAX_STATS_KEYS {
        map.insert(key, 1);
    } else {
        *other += 1;
    }
}

impl Stats {
    /// Count one event of a [`crate::flow::walk::Walker`] walk.
    pub fn event(&mut self, ev: &crate::flow::walk::Event<'_, '_>) {
        use crate::flow::walk::Event;
        match ev {
            Event::Record {
                len,
                truncated,
                endian,
            } => self.record(*len, *truncated, *endian),
            Event::Message(it) => self.message(it.decoded, &it.info, it.ctx),
            Event::Uevent(_) => self.uevents += 1,
            Event::Listener { note } => self.listener = Some((*note).to_owned()),
            Event::Skipped { records } => self.skipped_records += *records,
            Event::Padding { len, .. } => self.padding(*len),
            Event::StreamError { .. } => self.stream_error(),
            Event::RecordError { .. } => self.malformed_records += 1,
        }
    }

    /// Empty counters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Count one capture record of `len` netlink bytes.
    pub fn record(&mut self, len: usize, truncated: bool, endian: Endian) {
        self.records += 1;
        self.bytes += len as u64;
        if truncated {
            self.truncated_records += 1;
        }
        match endian {
            Endian::Little => self.little_endian += 1,
            Endian::Big => self.big_endian += 1,
        }
    }

    /// Count `len` zero bytes after the last message of a record.
    pub fn padding(&mut self, len: usize) {
        self.padded_records += 1;
        self.padding_bytes += len as u64;
    }

    /// Count a framing error that ended a record's message stream.
    pub fn stream_error(&mut self) {
        self.stream_errors += 1;
    }

    /// Count one decoded message.
    pub fn message(&mut self, d: &Decoded<'_>, info: &MsgInfo, ctx: &Context) {
        self.messages += 1;
        *self.per_protocol.entry(d.protocol).or_default() += 1;
        match info.direction {
            Direction::Request => self.requests += 1,
            Direction::Reply => self.replies += 1,
            Direction::Notification => self.notifications += 1,
        }
        let h = &d.msg.header;
        let genl = match &d.body {
            Body::Family(f) => f.genl,
            _ => None,
        };
        let variant = match &d.body {
            Body::Family(_) if h.ty < crate::wire::nlmsg::types::NLMSG_MIN_TYPE => d.type_name(),
            _ => None,
        };
        let key = TypeKey {
            protocol: d.protocol,
            ty: h.ty,
            cmd: genl.map(|g| g.cmd),
            variant,
        };
        if self.per_type.len() >= MAX_STATS_KEYS && !self.per_type.contains_key(&key) {
            self.other.types += 1;
            return self.body(d);
        }
        let e = self.per_type.entry(key).or_default();
        e.count += 1;
        e.bytes += u64::from(h.len);
        if e.name.is_none() {
            e.name = match (genl, d.type_name()) {
                (Some(g), n) => ctx
                    .genl_name(g.family_id)
                    .map(|f| format!("{f} {}", n.unwrap_or("?"))),
                (None, n) => n.map(str::to_owned),
            };
        }
        self.body(d);
    }

    /// Count what the body of `d` holds: errors, unknown types and attributes.
    fn body(&mut self, d: &Decoded<'_>) {
        let h = &d.msg.header;
        match &d.body {
            Body::Error(err) => match err.error {
                Some(0) => self.acks += 1,
                Some(n) => bump(&mut self.errors, n, &mut self.other.errors),
                None => {}
            },
            Body::Done(done) => {
                if let Some(n) = done.error.filter(|n| *n != 0) {
                    bump(&mut self.errors, n, &mut self.other.errors);
                }
            }
            Body::Family(f) => {
                if f.def.is_none() {
                    bump(
                        &mut self.unknown_types,
                        (d.protocol, h.ty),
                        &mut self.other.unknown_types,
                    );
                } else {
                    visit_attrs(&f.attrs, &mut Tally(self));
                }
            }
            Body::Noop(_) | Body::Overrun(_) => {}
        }
    }

    fn report(&self) -> Report<'_> {
        let mut protocols: Vec<_> = self
            .per_protocol
            .iter()
            .map(|(p, n)| ProtoRow {
                num: *p,
                name: super::protocol_name(*p),
                messages: *n,
            })
            .collect();
        protocols.sort_by_key(|r| r.num);
        let mut types: Vec<_> = self
            .per_type
            .iter()
            .map(|(k, v)| TypeRow {
                protocol: k.protocol,
                r#type: k.ty,
                cmd: k.cmd,
                name: v.name.as_deref(),
                count: v.count,
                bytes: v.bytes,
            })
            .collect();
        // Total orders (count, then the key): the counts come from hash maps, whose
        // order changes from run to run.
        types.sort_by(|a, b| {
            (b.count, a.protocol, a.r#type, a.cmd).cmp(&(a.count, b.protocol, b.r#type, b.cmd))
        });
        let mut errors: Vec<_> = self
            .errors
            .iter()
            .map(|(n, c)| ErrnoRow {
                errno: *n,
                name: crate::families::errno::errno(n.saturating_neg()).map(|e| e.0),
                count: *c,
            })
            .collect();
        errors.sort_by(|a, b| b.count.cmp(&a.count).then(a.errno.cmp(&b.errno)));
        let mut unknown_types: Vec<_> = self
            .unknown_types
            .iter()
            .map(|((p, t), c)| UnknownType {
                protocol: *p,
                r#type: *t,
                count: *c,
            })
            .collect();
        unknown_types
            .sort_by(|a, b| (b.count, a.protocol, a.r#type).cmp(&(a.count, b.protocol, b.r#type)));
        let mut unknown_attrs: Vec<_> = self
            .unknown_attrs
            .iter()
            .map(|((s, t), c)| UnknownAttr {
                space: s,
                r#type: *t,
                count: *c,
            })
            .collect();
        unknown_attrs
            .sort_by(|a, b| (b.count, a.space, a.r#type).cmp(&(a.count, b.space, b.r#type)));
        Report {
            records: self.records,
            messages: self.messages,
            bytes: self.bytes,
            truncated_records: self.truncated_records,
            stream_errors: self.stream_errors,
            malformed_records: self.malformed_records,
            uevents: self.uevents,
            listener: self.listener.as_deref(),
            skipped_records: self.skipped_records,
            padded_records: self.padded_records,
            padding_bytes: self.padding_bytes,
            endian: EndianRow {
                little: self.little_endian,
                big: self.big_endian,
            },
            directions: DirRow {
                request: self.requests,
                reply: self.replies,
                notification: self.notifications,
            },
            acks: self.acks,
            invalid_attrs: self.invalid_attrs,
            protocols,
            types,
            errors,
            unknown_types,
            unknown_attrs,
            other: self.other.any().then_some(self.other),
        }
    }

    /// Write the counters as one JSON object (schema in `docs/json.md`).
    ///
    /// # Errors
    /// Those of the writer.
    pub fn write_json<W: Write>(&self, mut w: W) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut w, &self.report()).map_err(io::Error::other)?;
        w.write_all(b"\n")
    }

    /// Write the counters as text tables for people. Names learned from the capture
    /// are escaped.
    ///
    /// # Errors
    /// Those of the writer.
    pub fn write_text<W: Write>(&self, mut w: W) -> io::Result<()> {
        let r = self.report();
        if let Some(note) = r.listener {
            write!(
                w,
                "listener capture (nlscope --via listen, not nlmon: notifications, no other program's requests)"
            )?;
            if !note.is_empty() {
                write!(w, ": ")?;
                super::write_escaped_line(&mut w, note.as_bytes())?;
            }
            writeln!(w)?;
        }
        writeln!(
            w,
            "records {}  messages {}  bytes {}  truncated records {}  framing errors {}",
            r.records, r.messages, r.bytes, r.truncated_records, r.stream_errors
        )?;
        if r.malformed_records > 0 {
            writeln!(
                w,
                "malformed records (shorter than their link-layer header): {}",
                r.malformed_records
            )?;
        }
        if r.skipped_records > 0 {
            writeln!(
                w,
                "records skipped, not netlink (another link type, or SLL/SLL2 records of another ARPHRD): {}",
                r.skipped_records
            )?;
        }
        if r.uevents > 0 {
            writeln!(
                w,
                "kernel-object events (NETLINK_KOBJECT_UEVENT records, not netlink messages): {}",
                r.uevents
            )?;
        }
        writeln!(
            w,
            "zero padding after the last message: {} records, {} bytes",
            r.padded_records, r.padding_bytes
        )?;
        writeln!(
            w,
            "byte order: little {}  big {}",
            r.endian.little, r.endian.big
        )?;
        writeln!(
            w,
            "requests {}  replies {}  notifications {}  acks {}  invalid attributes {}",
            r.directions.request,
            r.directions.reply,
            r.directions.notification,
            r.acks,
            r.invalid_attrs
        )?;
        writeln!(w, "\nfamilies:")?;
        for p in &r.protocols {
            writeln!(
                w,
                "  {:>8}  {} ({})",
                p.messages,
                p.name.unwrap_or("?"),
                p.num
            )?;
        }
        writeln!(w, "\nmessage types:")?;
        for t in &r.types {
            write!(w, "  {:>8} {:>10}  ", t.count, t.bytes)?;
            match t.name {
                Some(n) => super::write_escaped(&mut w, n.as_bytes())?,
                None => write!(w, "UNKNOWN")?,
            }
            write!(
                w,
                " ({}/{}",
                super::protocol_name(t.protocol).unwrap_or("?"),
                t.r#type
            )?;
            if let Some(c) = t.cmd {
                write!(w, " cmd {c}")?;
            }
            writeln!(w, ")")?;
        }
        if !r.errors.is_empty() {
            writeln!(w, "\nerrors:")?;
            for e in &r.errors {
                writeln!(w, "  {:>8}  {} {}", e.count, e.errno, e.name.unwrap_or(""))?;
            }
        }
        if !r.unknown_types.is_empty() {
            writeln!(w, "\nunknown message types:")?;
            for u in &r.unknown_types {
                writeln!(
                    w,
                    "  {:>8}  {} type {}",
                    u.count,
                    super::protocol_name(u.protocol).unwrap_or("?"),
                    u.r#type
                )?;
            }
        }
        if !r.unknown_attrs.is_empty() {
            writeln!(w, "\nunknown attributes:")?;
            for u in &r.unknown_attrs {
                writeln!(w, "  {:>8}  {} type {}", u.count, u.space, u.r#type)?;
            }
        }
        if let Some(o) = r.other {
            writeln!(
                w,
                "\nnot in the tables above (more than {MAX_STATS_KEYS} rows each): \
                 {} messages, {} errors, {} unknown types, {} unknown attributes",
                o.types, o.errors, o.unknown_types, o.unknown_attrs
            )?;
        }
        Ok(())
    }
}

#[derive(Serialize)]
struct Report<'a> {
    records: u64,
    messages: u64,
    bytes: u64,
    truncated_records: u64,
    stream_errors: u64,
    /// Only when not zero (added after the schema's first version).
    #[serde(skip_serializing_if = "is_zero")]
    malformed_records: u64,
    /// Only when not zero: kernel-object events (records that are not messages).
    #[serde(skip_serializing_if = "is_zero")]
    uevents: u64,
    /// Only when not zero: records skipped as not netlink.
    #[serde(skip_serializing_if = "is_zero")]
    skipped_records: u64,
    /// Only for a listener capture: its note.
    #[serde(skip_serializing_if = "Option::is_none")]
    listener: Option<&'a str>,
    padded_records: u64,
    padding_bytes: u64,
    endian: EndianRow,
    directions: DirRow,
    acks: u64,
    invalid_attrs: u64,
    protocols: Vec<ProtoRow>,
    types: Vec<TypeRow<'a>>,
    errors: Vec<ErrnoRow>,
    unknown_types: Vec<UnknownType>,
    unknown_attrs: Vec<UnknownAttr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    other: Option<Other>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

#[derive(Serialize)]
struct EndianRow {
    little: u64,
    big: u64,
}

#[derive(Serialize)]
struct DirRow {
    request: u64,
    reply: u64,
    notification: u64,
}

#[derive(Serialize)]
struct ProtoRow {
    num: u16,
    name: Option<&'static str>,
    messages: u64,
}

#[derive(Serialize)]
struct TypeRow<'a> {
    protocol: u16,
    r#type: u16,
    cmd: Option<u8>,
    name: Option<&'a str>,
    count: u64,
    bytes: u64,
}

#[derive(Serialize)]
struct ErrnoRow {
    errno: i32,
    name: Option<&'static str>,
    count: u64,
}

#[derive(Serialize)]
struct UnknownType {
    protocol: u16,
    r#type: u16,
    count: u64,
}

#[derive(Serialize)]
struct UnknownAttr {
    space: &'static str,
    r#type: u16,
    count: u64,
}

/// Counts the unknown and invalid attributes of a tree for [`Stats`] (through the
/// push-style decoder: `stats` reads every value of every message and needs none of
/// them kept).
struct Tally<'s>(&'s mut Stats);

impl<'a> Visit<'a> for Tally<'_> {
    #[inline]
    fn leaf(&mut self, attr: &Attr<'a>, row: Row, value: Leaf<'a>) {
        if let (Leaf::Unknown(_), Some(space)) = (value, row.space) {
            let s = &mut *self.0;
            bump(
                &mut s.unknown_attrs,
                (space.name, attr.ty),
                &mut s.other.unknown_attrs,
            );
        }
    }

    fn invalid(&mut self, _: &Attr<'a>, _: Row, _: &DecodeError) {
        self.0.invalid_attrs += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::families::decode::decode_message;
    use crate::flow::session::Session;
    use crate::render::resolve::tests::vlan_request;
    use crate::wire::nlmsg::{Header, Messages};

    #[test]
    fn counts_and_prints() {
        for e in [Endian::Little, Endian::Big] {
            let ctx = Context::new();
            let mut s = Session::new();
            let mut st = Stats::new();
            let req = vlan_request(e);
            let err = crate::render::text::tests::error_reply(e, &req, -34, b"bad", 60);
            let mut ack = Header {
                len: 36,
                ty: 2,
                flags: 0x100,
                seq: 42,
                pid: 1,
            }
            .to_bytes(e)
            .to_vec();
            ack.extend([0; 4]);
            ack.extend(&req[..16]);
            for (frame, b) in [(1u64, &req), (2, &err), (3, &ack)] {
                st.record(b.len(), false, e);
                for m in Messages::new(b, e) {
                    let d = decode_message(m.unwrap(), 0, &ctx);
                    let info = s.observe(&d, frame, Default::default());
                    st.message(&d, &info, &ctx);
                }
            }
            assert_eq!(
                (st.records, st.messages, st.requests, st.replies),
                (3, 3, 1, 2)
            );
            assert_eq!(st.acks, 1);
            let mut j = Vec::new();
            st.write_json(&mut j).unwrap();
            let v: serde_json::Value = serde_json::from_slice(&j).unwrap();
            assert_eq!(v["errors"][0]["name"], "ERANGE");
            assert_eq!(v["messages"], 3);
            let mut t = Vec::new();
            st.write_text(&mut t).unwrap();
            let t = String::from_utf8(t).unwrap();
            assert!(t.contains("-34 ERANGE"), "{t}");
        }
    }

    #[test]
    fn tables_keyed_by_the_input_stop_at_max_stats_keys() {
        let e = Endian::Little;
        let ctx = Context::new();
        let info = MsgInfo {
            direction: Direction::Notification,
            pair: None,
        };
        let mut st = Stats::new();
        let extra = 10;
        // Unknown message types of a raw protocol, each new (protocol, type) a row.
        for i in 0..MAX_STATS_KEYS + extra {
            // Types from 16 (below are the control messages).
            let protocol = 100 + (i / 60_000) as u16;
            let b = Header {
                len: 16,
                ty: 16 + (i % 60_000) as u16,
                flags: 0,
                seq: 0,
                pid: 0,
            }
            .to_bytes(e);
            let m = Messages::new(&b, e).next().unwrap().unwrap();
            st.message(&decode_message(m, protocol, &ctx), &info, &ctx);
        }
        assert_eq!(st.per_type.len(), MAX_STATS_KEYS);
        assert_eq!(st.unknown_types.len(), MAX_STATS_KEYS);
        assert_eq!(st.messages as usize, MAX_STATS_KEYS + extra);
        let mut j = Vec::new();
        st.write_json(&mut j).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&j).unwrap();
        assert_eq!(v["other"]["types"], extra as u64);
        assert_eq!(v["other"]["unknown_types"], extra as u64);
        // A row that exists goes on counting.
        let b = Header {
            len: 16,
            ty: 16,
            flags: 0,
            seq: 0,
            pid: 0,
        }
        .to_bytes(e);
        let m = Messages::new(&b, e).next().unwrap().unwrap();
        st.message(&decode_message(m, 100, &ctx), &info, &ctx);
        assert_eq!(st.other.types, extra as u64);
        let mut t = Vec::new();
        st.write_text(&mut t).unwrap();
        assert!(String::from_utf8(t)
            .unwrap()
            .contains("not in the tables above"));
    }
}
