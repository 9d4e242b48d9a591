//! [`plan`]: the capture's requests, each with what the capture says the kernel
//! answered, its generic-netlink family and the interface indexes it names.

use super::*;
use crate::families::consts::{
    is_link_message, AF_BRIDGE, IFLA_LINKINFO, RTM_DELLINK, RTM_GETNSID, RTM_NEWNSID,
};
#[cfg(test)]
use crate::families::decode::decode_message;
use crate::families::decode::value::NextHop;
use crate::families::decode::visit::{visit_attrs, visit_struct, Leaf, Row, Visit, Within};
use crate::families::decode::{Body, Context, Decoded, Direction, FieldValue, StructView};
use crate::families::schema::{Field, FieldKind, Hint, Kind};
use crate::flow::walk::{EndianMode, Event, RecordIn, Walker};
use crate::flow::Item;
use crate::record::{read_all, CaptureError};
use crate::wire::attr::Attr;
use crate::wire::endian::Endian;
use crate::wire::nlmsg::{flags, Messages, OpKind};
use crate::wire::protocol::{GENL_ID_CTRL, NETLINK_GENERIC, NETLINK_NETFILTER, NETLINK_ROUTE};
use std::collections::HashMap;

pub(super) fn i32_at(e: Endian, b: &[u8], at: usize) -> Option<i32> {
    e.u32_at(b, at).map(|v| i32::from_ne_bytes(v.to_ne_bytes()))
}

/// The interface indexes a decoded message carries, as (offset in the message, field
/// name, index): every struct member and attribute the tables mark
/// [`Hint::Ifindex`], found by the same schema walk as every output
/// ([`crate::families::decode::visit`]), inside nests, sub-messages (a link kind's
/// `IFLA_INFO_DATA`, a veth peer) and multipath hops. Inside a peer the name is
/// `peer …`. 0 and negative values (none, "all") are left out.
pub(super) fn ifindex_refs(d: &Decoded<'_>) -> Vec<(usize, &'static str, i32)> {
    let mut v = IfindexRefs::default();
    if let Body::Family(f) = &d.body {
        if let Some(h) = &f.header {
            visit_struct(h, &mut v);
        }
        visit_attrs(&f.attrs, &mut v);
    }
    v.out
}

/// [`ifindex_refs`] of an rtnetlink message given as bytes.
#[cfg(test)]
pub(super) fn ifindex_fields(msg: &[u8], e: Endian) -> Vec<(usize, &'static str, i32)> {
    Messages::new(msg, e)
        .next()
        .and_then(Result::ok)
        .map(|m| ifindex_refs(&decode_message(m, NETLINK_ROUTE, &Context::new())))
        .unwrap_or_default()
}

/// The visitor behind [`ifindex_refs`].
#[derive(Default)]
struct IfindexRefs {
    out: Vec<(usize, &'static str, i32)>,
    /// Offset of the struct whose members come next.
    base: usize,
    /// The embedded structs of that struct the members are in.
    within: Within,
    /// For each open attribute: whether it is a peer (`VETH_INFO_PEER`, …).
    open: Vec<bool>,
}

impl IfindexRefs {
    fn push(&mut self, offset: usize, name: &'static str, v: i64) {
        let Ok(index) = i32::try_from(v) else {
            return;
        };
        if index > 0 {
            let in_peer = self.open.iter().any(|p| *p);
            self.out
                .push((offset, if in_peer { peer_name(name) } else { name }, index));
        }
    }
}

/// `peer NAME` for the names a peer's link message can carry (static: the report
/// keeps `&'static str`).
fn peer_name(name: &'static str) -> &'static str {
    match name {
        "ifi_index" => "peer ifi_index",
        "IFLA_LINK" => "peer IFLA_LINK",
        "IFLA_MASTER" => "peer IFLA_MASTER",
        other => other,
    }
}

impl<'a> Visit<'a> for IfindexRefs {
    fn leaf(&mut self, attr: &Attr<'a>, row: Row, value: Leaf<'a>) {
        let Some(Kind::Scalar(_, _, Hint::Ifindex)) = row.kind else {
            return;
        };
        let v = match value {
            Leaf::Unsigned(u) => i64::try_from(u).unwrap_or(-1),
            Leaf::Signed(i) => i,
            _ => return,
        };
        self.push(attr.value_offset(), row.name.unwrap_or("ifindex"), v);
    }

    fn begin(&mut self, _attr: &Attr<'a>, row: Row) {
        self.open.push(row.name.is_some_and(|n| n.contains("PEER")));
    }

    fn end(&mut self) {
        self.open.pop();
    }

    fn begin_struct(&mut self, s: &StructView<'a>) {
        self.base = s.offset;
        self.within = Within::default();
    }

    fn member(&mut self, field: &'static Field, value: FieldValue<'a>) {
        let FieldKind::Scalar(_, _, Hint::Ifindex) = field.kind else {
            return;
        };
        let v = match value {
            FieldValue::Unsigned(u) => i64::try_from(u).unwrap_or(-1),
            FieldValue::Signed(i) => i,
            _ => return,
        };
        // Inside an embedded struct the offset adds up; the name is the member's own.
        self.push(
            self.base + self.within.offset() + field.offset,
            field.name,
            v,
        );
    }

    fn begin_embedded(&mut self, field: &'static Field) {
        self.within.push(field);
    }

    fn end_embedded(&mut self) {
        self.within.pop();
    }

    fn hop(&mut self, hop: &NextHop<'a>) {
        // struct rtnexthop { u16 len; u8 flags; u8 hops; int ifindex; }
        self.push(hop.offset + 4, "rtnh_ifindex", i64::from(hop.ifindex));
    }
}

/// Kinds whose `IFLA_INFO_DATA` attribute 1 is a peer: `struct ifinfomsg` followed
/// by link attributes (`VETH_INFO_PEER`, `VXCAN_INFO_PEER`, `NETKIT_PEER_INFO`).
fn kind_has_peer(kind: &str) -> bool {
    matches!(kind, "veth" | "vxcan" | "netkit")
}

/// Link attributes: (`IFLA_IFNAME`, `IFLA_INFO_KIND`, namespace attribute).
///
/// The name and kind are the ones the kernel uses: the last of duplicates, inside the
/// last `IFLA_LINKINFO`. The namespace attribute is looked for in every copy (at the
/// top level, and in each peer of each `IFLA_INFO_DATA` of each `IFLA_LINKINFO` when
/// any of its kinds has a peer), so no arrangement of duplicates hides one. This is
/// the second line of defence: the sandbox ([`crate::os::sandbox`]) is the first.
pub(super) fn link_attrs(
    msg: &[u8],
    e: Endian,
) -> (Option<String>, Option<String>, Option<&'static str>) {
    let start = 32;
    let Some(rest) = msg.get(start..) else {
        return (None, None, None);
    };
    let top = crate::wire::attr::Attrs::new(rest, start, e);
    let name = top.get(3).map(|a| cstr(a.value));
    let kind = top
        .get(IFLA_LINKINFO)
        .and_then(|info| crate::wire::attr::Attrs::new(info.value, 0, e).get(1))
        .map(|k| cstr(k.value));
    let mut netns = other_netns_attr(rest, e, false);
    for info in top
        .clone()
        .map_while(Result::ok)
        .filter(|a| a.ty == IFLA_LINKINFO)
    {
        let info = crate::wire::attr::Attrs::new(info.value, 0, e);
        let peers = info
            .clone()
            .map_while(Result::ok)
            .any(|k| k.ty == 1 && kind_has_peer(&cstr(k.value)));
        if !peers {
            continue;
        }
        for data in info.map_while(Result::ok).filter(|a| a.ty == 2) {
            for peer in crate::wire::attr::Attrs::new(data.value, 0, e)
                .map_while(Result::ok)
                .filter(|a| a.ty == 1)
            {
                let attrs = peer.value.get(16..).unwrap_or_default();
                netns = netns.or(other_netns_attr(attrs, e, true));
            }
        }
    }
    (name, kind, netns)
}

/// The first link attribute that names another network namespace.
fn other_netns_attr(attrs: &[u8], e: Endian, peer: bool) -> Option<&'static str> {
    crate::wire::attr::Attrs::new(attrs, 0, e)
        .map_while(Result::ok)
        .find_map(|a| match (a.ty, peer) {
            (19, false) => Some("IFLA_NET_NS_PID"),
            (28, false) => Some("IFLA_NET_NS_FD"),
            (37, false) => Some("IFLA_LINK_NETNSID"),
            (46, false) => Some("IFLA_TARGET_NETNSID"),
            (19, true) => Some("peer IFLA_NET_NS_PID"),
            (28, true) => Some("peer IFLA_NET_NS_FD"),
            (37, true) => Some("peer IFLA_LINK_NETNSID"),
            (46, true) => Some("peer IFLA_TARGET_NETNSID"),
            _ => None,
        })
}

pub(super) fn cstr(b: &[u8]) -> String {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(b.get(..end).unwrap_or_default()).into_owned()
}

/// Reads a capture and returns its requests with their original outcomes.
///
/// # Errors
/// A capture that cannot be read at all.
pub fn plan(capture: &[u8]) -> Result<Plan, CaptureError> {
    plan_with(capture, Context::new())
}

/// [`plan`] with a decoding context of one's own: the user's specs
/// ([`Context::with_user`]) and pinned generic-netlink ids.
///
/// # Errors
/// As [`plan`].
pub fn plan_with(capture: &[u8], ctx: Context) -> Result<Plan, CaptureError> {
    let reader = read_all(capture)?;
    let mut walker = Walker::new(EndianMode::Auto);
    walker.ctx = ctx;
    let mut p = Planner::default();
    for rec in reader {
        let rec = match rec {
            Ok(r) => r,
            Err(e) if e.is_record_error() => {
                p.out.malformed.0 += 1;
                p.out.malformed.1.get_or_insert(e);
                continue;
            }
            Err(e) => {
                p.out.read_error = Some(e);
                break;
            }
        };
        let mut batch = None;
        let walked = walker.record(RecordIn::from_capture(&rec), |ev| {
            match ev {
                Event::Record { endian, .. } => {
                    batch = is_batch(rec.link.protocol, rec.payload, endian).then_some(rec.frame);
                }
                Event::Message(it) => p.message(it, batch),
                _ => {}
            }
            Ok::<(), std::convert::Infallible>(())
        });
        if let Err(never) = walked {
            match never {}
        }
    }
    Ok(p.finish())
}

/// Whether a record of `protocol` is an nfnetlink batch: it holds a
/// `NFNL_MSG_BATCH_BEGIN` (type 16, [`NFNL_MSG_BATCH_BEGIN`]) request, so its requests
/// succeed or fail together.
fn is_batch(protocol: u16, payload: &[u8], e: Endian) -> bool {
    protocol == NETLINK_NETFILTER
        && Messages::new(payload, e).map_while(Result::ok).any(|m| {
            m.header.ty == NFNL_MSG_BATCH_BEGIN && m.header.flags & flags::NLM_F_REQUEST != 0
        })
}

/// `NFNL_MSG_BATCH_BEGIN` (linux/netfilter/nfnetlink.h).
const NFNL_MSG_BATCH_BEGIN: u16 = 16;

/// The state of [`plan`] between messages. The walk (framing, byte order, decoding,
/// generic-netlink ids, direction and pairing) is [`Walker`]'s; the planner keeps
/// the requests and, for interface names, what replay needs beyond the session's
/// names: which indexes were deleted, and the first name each index had anywhere in
/// the capture.
#[derive(Default)]
struct Planner {
    out: Plan,
    names: HashMap<i32, String>,
    /// First name of each index anywhere in the capture: a request that names a
    /// device created just before it (its notification not seen yet) still gets a
    /// name.
    ever: HashMap<i32, String>,
    gone: std::collections::HashSet<i32>,
    /// (frame, index in the record) of each request → its place in `out.requests`:
    /// the session's pairing names a reply's request by where it was.
    at: HashMap<(u64, u32), usize>,
}

impl Planner {
    fn message(&mut self, it: &Item<'_, '_>, batch: Option<u64>) {
        let d = it.decoded;
        let h = d.msg.header;
        // The name the device of a link request had before it (a rename changes it).
        let before = (d.protocol == NETLINK_ROUTE && is_link_message(h.ty))
            .then(|| i32_at(d.msg.endian, d.msg.bytes, 20))
            .flatten()
            .and_then(|i| self.names.get(&i).cloned());
        self.learn_names(d);
        if it.info.direction == Direction::Request {
            let r = request(it, batch, &self.names, &self.gone, before);
            self.at
                .insert((it.frame, it.index), self.out.requests.len());
            self.out.requests.push(r);
            return;
        }
        let Some(pair) = it.info.pair else {
            return;
        };
        let Some(r) = self
            .at
            .get(&(pair.request_frame, pair.request_index))
            .and_then(|&i| self.out.requests.get_mut(i))
        else {
            return;
        };
        if r.original.answered {
            return;
        }
        r.key.1 = h.pid;
        let endian = d.msg.endian;
        match &d.body {
            Body::Error(e) => {
                r.original.answered = true;
                r.original.error = e.error.unwrap_or(0);
                r.original.extack = e.extack.as_ref().and_then(|x| extack_msg(x, endian));
            }
            Body::Done(dn) => {
                r.original.answered = true;
                r.original.error = dn.error.unwrap_or(0);
                r.original.extack = dn.extack.as_ref().and_then(|x| extack_msg(x, endian));
            }
            // A reply to a GET, or the echo a change with NLM_F_ECHO asked for; not
            // the notifications the change sends to listeners.
            _ if (r.is_get && it.info.direction == Direction::Reply)
                || r.flags & flags::NLM_F_ECHO != 0 =>
            {
                r.original.replies += 1;
                r.original
                    .contents
                    .push(reply_contents(d.protocol, d.msg.bytes, endian));
                // A lookup without NLM_F_ACK is answered by its one reply.
                if r.single_reply() {
                    r.original.answered = true;
                }
            }
            _ => {}
        }
    }

    /// Interface names from any link message that has both an index and a name.
    fn learn_names(&mut self, d: &Decoded<'_>) {
        let h = d.msg.header;
        if d.protocol != NETLINK_ROUTE || !is_link_message(h.ty) {
            return;
        }
        let (bytes, endian) = (d.msg.bytes, d.msg.endian);
        let idx = i32_at(endian, bytes, 20).unwrap_or(0);
        let (name, _, _) = link_attrs(bytes, endian);
        // The bridge also sends RTM_DELLINK, with ifi_family AF_BRIDGE, for a port
        // that leaves it (del_nbp): the device stays.
        let bridge_port = bytes.get(16) == Some(&AF_BRIDGE);
        let is_request = h.flags & flags::NLM_F_REQUEST != 0;
        if !is_request && h.ty == RTM_DELLINK && idx > 0 && !bridge_port {
            self.names.remove(&idx);
            self.gone.insert(idx);
        } else if let (true, Some(n)) = (idx > 0, name) {
            self.gone.remove(&idx);
            self.ever.entry(idx).or_insert_with(|| n.clone());
            self.names.insert(idx, n);
        }
    }

    fn finish(mut self) -> Plan {
        for r in &mut self.out.requests {
            for f in &mut r.ifrefs {
                if f.name.is_none() && !f.gone {
                    f.name = self.ever.get(&f.index).cloned();
                }
            }
        }
        self.out
    }
}

/// The [`Request`] for a request message, with its family and interface references.
fn request(
    it: &Item<'_, '_>,
    batch: Option<u64>,
    names: &HashMap<i32, String>,
    gone: &std::collections::HashSet<i32>,
    before: Option<String>,
) -> Request {
    let d = it.decoded;
    let (m, proto, ctx) = (d.msg, d.protocol, it.ctx);
    let (h, endian) = (m.header, m.endian);
    let mut r = Request {
        frame: it.frame,
        ts: (it.ts.sec, it.ts.nsec),
        protocol: proto,
        name: d
            .type_name()
            .map_or_else(|| format!("type {}", h.ty), str::to_owned),
        flags: h.flags,
        is_get: d.op_kind() == OpKind::Get || h.flags & flags::NLM_F_DUMP == flags::NLM_F_DUMP,
        bytes: m.bytes.to_vec(),
        endian,
        genl_family: None,
        ifrefs: Vec::new(),
        family_ids: Vec::new(),
        batch,
        link_kind: None,
        other_netns: None,
        objects: Vec::new(),
        fields: Vec::new(),
        original: Outcome::default(),
        key: (proto, h.pid, h.seq),
    };
    if proto == NETLINK_GENERIC && h.ty == GENL_ID_CTRL {
        let attrs =
            crate::wire::attr::Attrs::new(m.bytes.get(20..).unwrap_or_default(), 20, endian);
        let by_name = attrs.get(2).map(|a| cstr(a.value));
        if let Some(a) = attrs.get(1) {
            if let Some(id) = endian.u16_at(a.value, 0) {
                r.family_ids.push(FamilyRef {
                    offset: a.value_offset(),
                    id,
                    name: ctx.genl_name(id).map(str::to_owned).or(by_name),
                });
            }
        }
    }
    if proto == NETLINK_GENERIC {
        r.genl_family = ctx.genl_name(h.ty).map(str::to_owned);
        if let Body::Family(f) = &d.body {
            if let Some(name) = f.genl.and_then(|g| g.family).map(|f| f.name) {
                r.genl_family.get_or_insert_with(|| name.to_owned());
            }
        }
    }
    r.ifrefs = ifindex_refs(d)
        .into_iter()
        .map(|(offset, field, index)| IfRef {
            offset,
            field,
            index,
            name: names.get(&index).cloned(),
            gone: index == GONE_IFINDEX || (!names.contains_key(&index) && gone.contains(&index)),
        })
        .collect();
    if proto == NETLINK_ROUTE {
        if is_link_message(h.ty) {
            let (_, kind, netns) = link_attrs(m.bytes, endian);
            r.link_kind = kind;
            r.other_netns = netns;
        }
        if (RTM_NEWNSID..=RTM_GETNSID).contains(&h.ty) {
            r.other_netns = Some("RTM_*NSID (namespace ids)");
        }
    }
    r.fields = super::objects::fields(d);
    r.objects = super::objects::identify(
        proto,
        &r.name,
        h.flags,
        &r.fields,
        &r.ifrefs,
        before.as_deref(),
    );
    r
}
