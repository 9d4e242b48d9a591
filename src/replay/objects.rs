//! The objects a request creates, changes, deletes or names, by identity, and a
//! model of which objects exist on each side of a replay ([`World`]): the capturing
//! machine as the capture shows it, and the replay namespace.
//!
//! Identities are read from the decoded message through the tables, by the kernel's
//! attribute and member names (`IFLA_IFNAME`, `NFTA_SET_TABLE`, `id.spi`, …), never by
//! number: [`fields`] collects every leaf value of a request under its path of names,
//! and [`identify`] picks the ones that name an object of the request's kind
//! ([`Kind`] by the message name the tables give: `RTM_NEWADDR` → an address,
//! `NFT_MSG_DELSET` → an nftables set). What is modelled:
//!
//! | kind | identity |
//! |---|---|
//! | device | its name (`IFLA_IFNAME`, or the name of `ifi_index` at that time) |
//! | address | device, `IFA_LOCAL` (else `IFA_ADDRESS`) / `ifa_prefixlen` |
//! | route | table, family, `RTA_DST` / `rtm_dst_len`, `RTA_PRIORITY` |
//! | nexthop | `NHA_ID` |
//! | neighbour | device, `NDA_DST` |
//! | qdisc, class | device, `tcm_parent` / `tcm_handle` |
//! | nft table, chain, set, object, flowtable | `nfgen_family`, table, name |
//! | conntrack entry | `nfgen_family` and every value of `CTA_TUPLE_ORIG` |
//! | xfrm state | destination, SPI, protocol |
//! | xfrm policy | selector and direction |
//!
//! Every interface index a request carries ([`super::IfRef`]) names a device.
//! Deleting a device removes what is keyed by it (addresses, neighbours, qdiscs,
//! classes); deleting an nftables table removes what is in it; `XFRM_MSG_FLUSHSA`,
//! `XFRM_MSG_FLUSHPOLICY` and a conntrack `IPCTNL_MSG_CT_DELETE` without a tuple
//! remove every object of their kind.

use super::IfRef;
use crate::families::decode::visit::{visit_attrs, visit_struct, Leaf, Row, Visit};
use crate::families::decode::{Body, Decoded, FieldValue, StructView};
use crate::families::schema::{Field, FieldKind, Hint, Kind as SchemaKind};
use crate::wire::attr::Attr;
use crate::wire::nlmsg::flags;
use crate::wire::protocol::{NETLINK_NETFILTER, NETLINK_ROUTE, NETLINK_XFRM};
use std::collections::HashMap;

/// Leaf values [`fields`] keeps per message (the rest are not looked at): a bound,
/// since a request's size comes from whoever made the capture.
const MAX_FIELDS: usize = 256;

/// Attribute nesting [`fields`] follows.
const MAX_PATH: usize = 6;

/// A request's leaf values as (path of names joined by `/`, value as text): fixed
/// header members by member name (`ifi_index`, `id.spi`), attributes by the names of
/// the attributes that hold them (`CTA_TUPLE_ORIG/CTA_TUPLE_IP/CTA_IP_V4_SRC`).
/// Strings are shown without their NUL, numbers in decimal, bytes in hex.
pub fn fields(d: &Decoded<'_>) -> Vec<(String, String)> {
    let mut v = Fields::default();
    if let Body::Family(f) = &d.body {
        if let Some(h) = &f.header {
            v.top = true;
            visit_struct(h, &mut v);
        }
        v.top = false;
        visit_attrs(&f.attrs, &mut v);
    }
    v.out
}

/// The visitor behind [`fields`].
#[derive(Default)]
struct Fields {
    out: Vec<(String, String)>,
    path: Vec<&'static str>,
    /// Members of the fixed header (named alone), not of an attribute's struct.
    top: bool,
    /// The embedded structs a member is inside (`sel` of `sel.daddr`).
    within: Vec<&'static str>,
}

impl Fields {
    fn push(&mut self, name: &str, value: String) {
        if self.out.len() >= MAX_FIELDS || self.path.len() > MAX_PATH {
            return;
        }
        let mut p = self.path.join("/");
        if !p.is_empty() {
            p.push('/');
        }
        p.push_str(name);
        self.out.push((p, value));
    }
}

/// A 4- or 16-byte address as text (else hex).
fn ip(b: &[u8]) -> String {
    match (<[u8; 4]>::try_from(b), <[u8; 16]>::try_from(b)) {
        (Ok(a), _) => std::net::Ipv4Addr::from(a).to_string(),
        (_, Ok(a)) => std::net::Ipv6Addr::from(a).to_string(),
        _ => hex(b),
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

impl<'a> Visit<'a> for Fields {
    fn leaf(&mut self, _attr: &Attr<'a>, row: Row, value: Leaf<'a>) {
        let Some(name) = row.name else {
            return;
        };
        let v = match value {
            Leaf::Unsigned(u) => u.to_string(),
            Leaf::Signed(i) => i.to_string(),
            Leaf::String(s) => String::from_utf8_lossy(s).into_owned(),
            // An address the tables mark so (`RTA_GATEWAY`, `IFA_LOCAL`): as ip writes it.
            Leaf::Bytes(b) if matches!(row.kind, Some(SchemaKind::Binary(Hint::Ip))) => ip(b),
            Leaf::Bytes(b) | Leaf::Unknown(b) => hex(b),
            Leaf::Flag => "1".to_owned(),
            Leaf::Bitfield32 { value, selector } => format!("{value:#x}/{selector:#x}"),
        };
        self.push(name, v);
    }

    fn begin(&mut self, _attr: &Attr<'a>, row: Row) {
        self.path.push(row.name.unwrap_or("?"));
    }

    fn end(&mut self) {
        self.path.pop();
    }

    fn begin_struct(&mut self, _s: &StructView<'a>) {}

    fn begin_embedded(&mut self, field: &'static Field) {
        self.within.push(field.name);
    }

    fn end_embedded(&mut self) {
        self.within.pop();
    }

    fn member(&mut self, field: &'static Field, value: FieldValue<'a>) {
        let text = matches!(
            field.kind,
            FieldKind::Bytes(_, Hint::Text) | FieldKind::Rest(Hint::Text)
        );
        let v = match value {
            FieldValue::Unsigned(u) => u.to_string(),
            FieldValue::Signed(i) => i.to_string(),
            // A char array (`alg_name`): up to its NUL.
            FieldValue::Bytes(b) if text => {
                let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
                String::from_utf8_lossy(b.get(..end).unwrap_or_default()).into_owned()
            }
            FieldValue::Bytes(b) => hex(b),
        };
        if self.top || !self.path.is_empty() {
            // Named as the renderers name it: `sel.daddr` inside an embedded struct.
            if self.within.is_empty() {
                self.push(field.name, v);
            } else {
                let name = format!("{}.{}", self.within.join("."), field.name);
                self.push(&name, v);
            }
        }
    }
}

/// The kinds of objects [`identify`] knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A network device.
    Device,
    /// An interface address.
    Address,
    /// A route.
    Route,
    /// A gateway address: reachable when an address's prefix on some device holds it
    /// ([`World::fact`] looks through the addresses).
    Gateway,
    /// A nexthop object.
    Nexthop,
    /// A neighbour entry.
    Neighbour,
    /// A tc qdisc.
    Qdisc,
    /// A tc class.
    Class,
    /// A tc action.
    Action,
    /// An nftables table.
    NftTable,
    /// An nftables chain.
    NftChain,
    /// An nftables set or map.
    NftSet,
    /// An nftables stateful object.
    NftObject,
    /// An nftables flowtable.
    NftFlowtable,
    /// A conntrack entry.
    Conntrack,
    /// An IPsec SA.
    XfrmState,
    /// An IPsec policy.
    XfrmPolicy,
}

impl Kind {
    /// How a report names the kind.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Device => "device",
            Kind::Address => "address",
            Kind::Route => "route",
            Kind::Gateway => "gateway (reachable through an address's prefix)",
            Kind::Nexthop => "nexthop",
            Kind::Neighbour => "neighbour",
            Kind::Qdisc => "qdisc",
            Kind::Class => "tc class",
            Kind::Action => "tc action",
            Kind::NftTable => "nftables table",
            Kind::NftChain => "nftables chain",
            Kind::NftSet => "nftables set",
            Kind::NftObject => "nftables object",
            Kind::NftFlowtable => "nftables flowtable",
            Kind::Conntrack => "conntrack entry",
            Kind::XfrmState => "xfrm state",
            Kind::XfrmPolicy => "xfrm policy",
        }
    }

    /// Kinds keyed under a device (first identity part): gone with it.
    fn under_device(self) -> bool {
        matches!(
            self,
            Kind::Address | Kind::Neighbour | Kind::Qdisc | Kind::Class
        )
    }

    /// Kinds keyed under an nftables table (first two parts: family, table).
    fn under_table(self) -> bool {
        matches!(
            self,
            Kind::NftChain | Kind::NftSet | Kind::NftObject | Kind::NftFlowtable
        )
    }
}

/// One object, by kind and identity. An empty identity (with [`Role::Deletes`])
/// stands for every object of the kind (a flush).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct ObjKey {
    /// What it is.
    pub kind: Kind,
    /// Its identity, outermost first (`["inet", "filt", "s4"]`).
    pub id: Vec<String>,
}

impl std::fmt::Display for ObjKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.id.is_empty() {
            return write!(f, "every {}", self.kind.noun());
        }
        write!(f, "{} {:?}", self.kind.noun(), self.id.join(" "))
    }
}

/// What a request does to an object it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Makes it; fails (EEXIST) when it exists (`NLM_F_CREATE | NLM_F_EXCL`).
    Creates,
    /// Makes it or updates it (`NLM_F_CREATE` without `NLM_F_EXCL`).
    Ensures,
    /// Changes it: it must exist.
    Changes,
    /// Removes it: it must exist.
    Deletes,
    /// Looks it up or refers to it: it must exist.
    Names,
}

impl Role {
    /// The object must exist for the request to work.
    pub fn needs_it(self) -> bool {
        matches!(self, Role::Changes | Role::Deletes | Role::Names)
    }
}

/// An object a request names, and what it does to it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Named {
    /// The object.
    pub key: ObjKey,
    /// What the request does to it.
    pub role: Role,
}

/// The request forms by message name: (prefix, verb) where the verb is `N` (new),
/// `D` (delete), `G` (get), `S` (set/update), `F` (flush).
const VERBS: &[(&str, char)] = &[
    ("RTM_NEW", 'N'),
    ("RTM_DEL", 'D'),
    ("RTM_GET", 'G'),
    ("RTM_SET", 'S'),
    ("NFT_MSG_NEW", 'N'),
    ("NFT_MSG_DEL", 'D'),
    ("NFT_MSG_DESTROY", 'D'),
    ("NFT_MSG_GET", 'G'),
    ("XFRM_MSG_NEW", 'N'),
    ("XFRM_MSG_UPD", 'S'),
    ("XFRM_MSG_DEL", 'D'),
    ("XFRM_MSG_GET", 'G'),
    ("XFRM_MSG_FLUSH", 'F'),
];

/// The objects a request names. `name` is its message name from the tables, `fl` its
/// `nlmsg_flags`, `f` its [`fields`], `ifrefs` its interface indexes with their names,
/// `before` the name its device had before it (for a link request by index).
pub fn identify(
    protocol: u16,
    name: &str,
    fl: u16,
    f: &[(String, String)],
    ifrefs: &[IfRef],
    before: Option<&str>,
) -> Vec<Named> {
    let get = |p: &str| f.iter().find(|(k, _)| k == p).map(|(_, v)| v.clone());
    let Some((verb, object)) = VERBS
        .iter()
        .find_map(|(p, v)| name.strip_prefix(p).map(|o| (*v, o)))
        .or_else(|| conntrack_verb(name))
    else {
        return devices_named(ifrefs, None);
    };
    let dump = fl & flags::NLM_F_DUMP == flags::NLM_F_DUMP;
    let made = match verb {
        'N' if fl & flags::NLM_F_CREATE == 0 => Role::Changes,
        'N' if fl & flags::NLM_F_EXCL != 0 => Role::Creates,
        'N' => Role::Ensures,
        'S' => Role::Changes,
        'D' | 'F' => Role::Deletes,
        _ => Role::Names,
    };
    let mut out = Vec::new();
    let mut own_device = None;
    let push = |out: &mut Vec<Named>, kind, id: Vec<Option<String>>, role| {
        if let Some(id) = id.into_iter().collect::<Option<Vec<String>>>() {
            out.push(Named {
                key: ObjKey { kind, id },
                role,
            });
        }
    };
    let dev = |field: &str| {
        ifrefs
            .iter()
            .find(|r| r.field == field)
            .and_then(|r| r.name.clone())
    };
    match (protocol, object) {
        (NETLINK_ROUTE, "LINK") => {
            let by_index = before.map(str::to_owned).or_else(|| dev("ifi_index"));
            let by_name = get("IFLA_IFNAME");
            own_device = Some("ifi_index");
            match (verb, by_index, by_name) {
                // A rename: the old name goes, the new one comes.
                ('N' | 'S', Some(old), Some(new)) if old != new => {
                    push(&mut out, Kind::Device, vec![Some(old)], Role::Deletes);
                    push(&mut out, Kind::Device, vec![Some(new)], Role::Ensures);
                }
                (_, Some(n), _) | (_, None, Some(n)) if !dump => {
                    push(&mut out, Kind::Device, vec![Some(n)], made);
                }
                _ => {}
            }
            if verb == 'N' && made != Role::Changes {
                if let Some(peer) = get("IFLA_LINKINFO/IFLA_INFO_DATA/VETH_INFO_PEER/IFLA_IFNAME") {
                    push(&mut out, Kind::Device, vec![Some(peer)], made);
                }
            }
        }
        (NETLINK_ROUTE, "ADDR") if !dump => {
            own_device = Some("ifa_index");
            let addr = get("IFA_LOCAL").or_else(|| get("IFA_ADDRESS"));
            let plen = get("ifa_prefixlen");
            let id = addr.zip(plen).map(|(a, p)| format!("{a}/{p}"));
            push(&mut out, Kind::Address, vec![dev("ifa_index"), id], made);
            push(&mut out, Kind::Device, vec![dev("ifa_index")], Role::Names);
        }
        (NETLINK_ROUTE, "ROUTE") if verb != 'G' => {
            let table = get("RTA_TABLE").or_else(|| get("rtm_table"));
            let dst = get("RTA_DST").unwrap_or_else(|| "default".into());
            let id = vec![
                table,
                get("rtm_family"),
                get("rtm_dst_len").map(|l| format!("{dst}/{l}")),
                Some(get("RTA_PRIORITY").unwrap_or_default()),
            ];
            push(&mut out, Kind::Route, id, made);
            if let Some(gw) = get("RTA_GATEWAY") {
                push(&mut out, Kind::Gateway, vec![Some(gw)], Role::Names);
            }
            if let Some(nh) = get("RTA_NH_ID") {
                push(&mut out, Kind::Nexthop, vec![Some(nh)], Role::Names);
            }
        }
        (NETLINK_ROUTE, "NEXTHOP") if !dump => {
            push(&mut out, Kind::Nexthop, vec![get("NHA_ID")], made);
        }
        (NETLINK_ROUTE, "NEIGH") if !dump => {
            own_device = Some("ndm_ifindex");
            push(
                &mut out,
                Kind::Neighbour,
                vec![dev("ndm_ifindex"), get("NDA_DST")],
                made,
            );
            push(
                &mut out,
                Kind::Device,
                vec![dev("ndm_ifindex")],
                Role::Names,
            );
        }
        (NETLINK_ROUTE, "QDISC") if !dump => {
            own_device = Some("ifindex");
            let role = if verb == 'N' { made } else { Role::Names };
            push(
                &mut out,
                Kind::Qdisc,
                vec![dev("ifindex"), get("tcm_parent")],
                role,
            );
            push(&mut out, Kind::Device, vec![dev("ifindex")], Role::Names);
        }
        (NETLINK_ROUTE, "TCLASS") if !dump => {
            own_device = Some("ifindex");
            push(
                &mut out,
                Kind::Class,
                vec![dev("ifindex"), get("tcm_handle")],
                made,
            );
            push(&mut out, Kind::Device, vec![dev("ifindex")], Role::Names);
        }
        (NETLINK_NETFILTER, o) => nft(&mut out, verb, made, o, dump, &get, f),
        (NETLINK_XFRM, "SA" | "POLICY") if dump => {}
        (NETLINK_XFRM, "SA") if verb == 'F' => push(&mut out, Kind::XfrmState, vec![], made),
        (NETLINK_XFRM, "POLICY") if verb == 'F' => push(&mut out, Kind::XfrmPolicy, vec![], made),
        (NETLINK_XFRM, "SA") => {
            let [daddr, spi, proto] = if verb == 'N' || verb == 'S' {
                ["id.daddr", "id.spi", "id.proto"].map(get)
            } else {
                ["daddr", "spi", "proto"].map(get)
            };
            let daddr = daddr.map(|a| address(&a, get("family").as_deref()));
            // XFRM_MSG_NEWSA adds (EEXIST if there), whatever its flags; UPDSA changes.
            let role = if verb == 'N' { Role::Creates } else { made };
            push(&mut out, Kind::XfrmState, vec![daddr, spi, proto], role);
        }
        (NETLINK_XFRM, "POLICY") => {
            let sel = [
                "sel.daddr",
                "sel.saddr",
                "sel.prefixlen_d",
                "sel.prefixlen_s",
                "sel.proto",
                "dir",
            ];
            push(&mut out, Kind::XfrmPolicy, sel.map(get).to_vec(), made);
        }
        _ => {}
    }
    out.extend(devices_named(ifrefs, own_device));
    out.dedup();
    out
}

/// A 16-byte address member (hex, as [`fields`] shows bytes) as an address of
/// `family` (`AF_INET` 2: its first 4 bytes; else IPv6).
fn address(hex16: &str, family: Option<&str>) -> String {
    let bytes: Vec<u8> = (0..hex16.len() / 2)
        .filter_map(|i| hex16.get(2 * i..2 * i + 2))
        .filter_map(|h| u8::from_str_radix(h, 16).ok())
        .collect();
    let v4 = family == Some("2");
    match (v4, <[u8; 16]>::try_from(bytes.as_slice())) {
        (true, Ok(b)) => std::net::Ipv4Addr::new(b[0], b[1], b[2], b[3]).to_string(),
        (false, Ok(b)) => std::net::Ipv6Addr::from(b).to_string(),
        _ => hex16.to_owned(),
    }
}

/// The conntrack requests, by name (`IPCTNL_MSG_CT_NEW`, …).
fn conntrack_verb(name: &str) -> Option<(char, &'static str)> {
    match name {
        "IPCTNL_MSG_CT_NEW" => Some(('N', "CT")),
        "IPCTNL_MSG_CT_GET" => Some(('G', "CT")),
        "IPCTNL_MSG_CT_DELETE" => Some(('D', "CT")),
        _ => None,
    }
}

/// nftables and conntrack objects.
fn nft(
    out: &mut Vec<Named>,
    verb: char,
    made: Role,
    object: &str,
    dump: bool,
    get: &dyn Fn(&str) -> Option<String>,
    f: &[(String, String)],
) {
    // The family by its NFPROTO name (`inet`), as nft writes it.
    let fam = get("nfgen_family").map(|n| {
        crate::families::names::NFPROTO
            .entries
            .iter()
            .find(|(v, _)| v.to_string() == n)
            .map_or(n, |(_, name)| (*name).to_owned())
    });
    let mut push = |kind, id: Vec<Option<String>>, role| {
        if let Some(id) = id.into_iter().collect::<Option<Vec<String>>>() {
            out.push(Named {
                key: ObjKey { kind, id },
                role,
            });
        }
    };
    // The object's own name, its table, and its kind: (table attr, name attr, kind).
    let (table_attr, name_attr, kind) = match object {
        "TABLE" => ("NFTA_TABLE_NAME", None, Kind::NftTable),
        "CHAIN" => ("NFTA_CHAIN_TABLE", Some("NFTA_CHAIN_NAME"), Kind::NftChain),
        "SET" => ("NFTA_SET_TABLE", Some("NFTA_SET_NAME"), Kind::NftSet),
        "OBJ" => ("NFTA_OBJ_TABLE", Some("NFTA_OBJ_NAME"), Kind::NftObject),
        "FLOWTABLE" => (
            "NFTA_FLOWTABLE_TABLE",
            Some("NFTA_FLOWTABLE_NAME"),
            Kind::NftFlowtable,
        ),
        "RULE" => {
            let table = get("NFTA_RULE_TABLE");
            push(
                Kind::NftTable,
                vec![fam.clone(), table.clone()],
                Role::Names,
            );
            push(
                Kind::NftChain,
                vec![fam.clone(), table.clone(), get("NFTA_RULE_CHAIN")],
                Role::Names,
            );
            // Sets the rule's expressions look up (named, not anonymous ones of its batch).
            for (p, v) in f {
                if p.ends_with("/NFTA_LOOKUP_SET") && !v.starts_with("__") && verb == 'N' {
                    push(
                        Kind::NftSet,
                        vec![fam.clone(), table.clone(), Some(v.clone())],
                        Role::Names,
                    );
                }
            }
            return;
        }
        "SETELEM" => {
            let table = get("NFTA_SET_ELEM_LIST_TABLE");
            push(
                Kind::NftTable,
                vec![fam.clone(), table.clone()],
                Role::Names,
            );
            push(
                Kind::NftSet,
                vec![fam, table, get("NFTA_SET_ELEM_LIST_SET")],
                Role::Names,
            );
            return;
        }
        "CT" => {
            let tuple: Vec<String> = f
                .iter()
                .filter(|(p, _)| p.starts_with("CTA_TUPLE_ORIG/"))
                .map(|(p, v)| format!("{}={v}", p.rsplit('/').next().unwrap_or(p)))
                .collect();
            if tuple.is_empty() {
                if verb == 'D' {
                    push(Kind::Conntrack, vec![], Role::Deletes);
                }
                return;
            }
            let mut id = vec![fam];
            id.extend(tuple.into_iter().map(Some));
            push(Kind::Conntrack, id, made);
            return;
        }
        _ => return,
    };
    let table = get(table_attr);
    let Some(name_attr) = name_attr else {
        if !(dump && table.is_none()) {
            push(Kind::NftTable, vec![fam, table], made);
        }
        return;
    };
    push(
        Kind::NftTable,
        vec![fam.clone(), table.clone()],
        Role::Names,
    );
    if !dump || get(name_attr).is_some() {
        push(kind, vec![fam, table, get(name_attr)], made);
    }
}

/// Every device the request's interface indexes name (but `skip`, the request's own
/// object, handled by its kind).
fn devices_named(ifrefs: &[IfRef], skip: Option<&str>) -> Vec<Named> {
    ifrefs
        .iter()
        .filter(|r| Some(r.field) != skip && !r.gone)
        .filter_map(|r| r.name.clone())
        .map(|n| Named {
            key: ObjKey {
                kind: Kind::Device,
                id: vec![n],
            },
            role: Role::Names,
        })
        .collect()
}

/// A request as the cause of an object's state on one side.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Event {
    /// Its capture frame.
    pub frame: u64,
    /// Its message name, with a link kind (`RTM_NEWLINK kind dummy`).
    pub request: String,
    /// What it got on that side (`ok`, `EOPNOTSUPP`, `not replayed: …`, `batch
    /// aborted: …`).
    pub outcome: String,
}

impl std::fmt::Display for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{} {} ({})", self.frame, self.request, self.outcome)
    }
}

/// What a side knows of one object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    /// It exists.
    pub exists: bool,
    /// The request that made it so; `None`: it was there before the capture (or, for
    /// the replay namespace, no request made it).
    pub by: Option<Event>,
}

/// The objects of one side, as far as the requests so far show them.
#[derive(Clone, Debug, Default)]
pub struct World {
    facts: HashMap<ObjKey, Fact>,
}

/// Devices every namespace has.
fn always_there(k: &ObjKey) -> bool {
    k.kind == Kind::Device && k.id.first().is_some_and(|n| n == "lo")
}

impl World {
    /// What this side knows of `k` (`lo` always exists).
    pub fn fact(&self, k: &ObjKey) -> Option<Fact> {
        if always_there(k) {
            return Some(Fact {
                exists: true,
                by: None,
            });
        }
        if k.kind == Kind::Gateway {
            return self.gateway(k);
        }
        self.facts.get(k).cloned()
    }

    /// Whether an IPv4 gateway lies in the prefix of an address this side has: the
    /// address that covers it (or the last one that did, now gone).
    fn gateway(&self, k: &ObjKey) -> Option<Fact> {
        let gw: std::net::Ipv4Addr = k.id.first()?.parse().ok()?;
        let covers = |id: &[String]| {
            let (a, len) = id.get(1)?.split_once('/')?;
            let (a, len): (std::net::Ipv4Addr, u32) = (a.parse().ok()?, len.parse().ok()?);
            let mask = u32::MAX.checked_shl(32u32.checked_sub(len)?).unwrap_or(0);
            Some(u32::from(a) & mask == u32::from(gw) & mask)
        };
        let mut found: Vec<(&ObjKey, &Fact)> = self
            .facts
            .iter()
            .filter(|(o, _)| o.kind == Kind::Address && covers(&o.id) == Some(true))
            .collect();
        found.sort_by_key(|(o, f)| (f.exists, f.by.as_ref().map(|e| e.frame), *o));
        found.last().map(|(_, f)| (*f).clone())
    }

    /// Takes note of a request's effect on this side: `error` is what it got (0: it
    /// worked; `None`: not sent). An object the request needed and that worked is
    /// known to have existed before, if nothing said otherwise.
    pub fn apply(&mut self, named: &[Named], error: Option<i32>, ev: &Event) {
        use crate::families::errno::codes::EEXIST;
        for n in named.iter().filter(|n| n.key.kind != Kind::Gateway) {
            let k = &n.key;
            match (error, n.role) {
                // A change of an object known to exist keeps the request that made it
                // as the reason it exists.
                (Some(0), Role::Changes | Role::Ensures)
                    if self.facts.get(k).is_some_and(|f| f.exists) => {}
                (Some(0), Role::Creates | Role::Ensures | Role::Changes) => {
                    self.set(k, true, Some(ev.clone()));
                }
                (Some(0), Role::Deletes) => self.remove(k, ev),
                (Some(0), Role::Names) => {
                    self.facts.entry(k.clone()).or_insert(Fact {
                        exists: true,
                        by: None,
                    });
                }
                (Some(e), Role::Creates) if e == -EEXIST => {
                    self.facts.entry(k.clone()).or_insert(Fact {
                        exists: true,
                        by: None,
                    });
                }
                // A failed attempt to make it: absent, this request the cause, unless
                // something earlier said more.
                (_, Role::Creates | Role::Ensures) => {
                    self.facts.entry(k.clone()).or_insert(Fact {
                        exists: false,
                        by: Some(ev.clone()),
                    });
                }
                _ => {}
            }
        }
    }

    fn set(&mut self, k: &ObjKey, exists: bool, by: Option<Event>) {
        if !k.id.is_empty() {
            self.facts.insert(k.clone(), Fact { exists, by });
        }
    }

    /// Removes `k` and what lives under it (a flush when its identity is empty).
    fn remove(&mut self, k: &ObjKey, ev: &Event) {
        let gone = Fact {
            exists: false,
            by: Some(ev.clone()),
        };
        for (o, f) in &mut self.facts {
            let under = (o.kind == k.kind && o.id.starts_with(&k.id))
                || (k.kind == Kind::Device
                    && o.kind.under_device()
                    && o.id.first() == k.id.first())
                || (k.kind == Kind::NftTable && o.kind.under_table() && o.id.starts_with(&k.id));
            if under && f.exists {
                *f = gone.clone();
            }
        }
        self.set(k, false, Some(ev.clone()));
    }

    /// Marks the objects a rejected nftables batch would have made as absent again
    /// (restoring what `before` knew), with `ev` (the batch's failure) as the cause.
    pub fn abort(&mut self, before: &World, named: &[Named], ev: &Event) {
        for n in named {
            let k = &n.key;
            match before.facts.get(k) {
                Some(f) => {
                    self.facts.insert(k.clone(), f.clone());
                }
                None if matches!(n.role, Role::Creates | Role::Ensures) => {
                    self.set(k, false, Some(ev.clone()));
                }
                None => {
                    self.facts.remove(k);
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::replay::{plan, Request};

    fn request(p: &crate::replay::Plan, frame: u64, index: usize) -> &Request {
        p.requests
            .iter()
            .filter(|r| r.frame == frame)
            .nth(index)
            .unwrap()
    }

    fn key(kind: Kind, id: &[&str]) -> ObjKey {
        ObjKey {
            kind,
            id: id.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    fn named(r: &Request) -> Vec<(ObjKey, Role)> {
        r.objects.iter().map(|n| (n.key.clone(), n.role)).collect()
    }

    /// `corpus/nf-xfrm.pcap`: `ip xfrm state add src 10.1.2.3 dst 10.1.2.4 proto esp
    /// spi 0x1000 …` (frame 289) and `ip xfrm state get … spi 0x1000` (frame 307)
    /// name the same SA (the decode, `corpus/nf-xfrm.pcap.txt`: daddr 0a010204…,
    /// spi 0x1000, IPPROTO_ESP(50)).
    #[test]
    fn xfrm_add_and_get_name_the_same_state() {
        let p = plan(include_bytes!("../../corpus/nf-xfrm.pcap")).unwrap();
        let sa = key(Kind::XfrmState, &["10.1.2.4", "4096", "50"]);
        assert_eq!(named(request(&p, 289, 0)), [(sa.clone(), Role::Creates)]);
        assert_eq!(named(request(&p, 307, 0)), [(sa, Role::Names)]);
    }

    /// `corpus/tools-k6.1.pcap` frame 213 (`nft -j list set inet filt s4`, a dump of
    /// its elements): names the table and the set (the decode: family inet(1),
    /// NFTA_SET_ELEM_LIST_TABLE "filt", NFTA_SET_ELEM_LIST_SET "s4").
    #[test]
    fn nft_element_dump_names_its_set() {
        let p = plan(include_bytes!("../../corpus/tools-k6.1.pcap")).unwrap();
        assert_eq!(
            named(request(&p, 213, 0)),
            [
                (key(Kind::NftTable, &["inet", "filt"]), Role::Names),
                (key(Kind::NftSet, &["inet", "filt", "s4"]), Role::Names)
            ]
        );
    }

    /// `corpus/rtnl-basic.pcap` frame 199 (`ip link add vx0 type vxlan id 42 dev
    /// dummy0 …`): makes vx0 (`NLM_F_CREATE | NLM_F_EXCL`) and needs dummy0
    /// (`IFLA_VXLAN_LINK`).
    #[test]
    fn link_add_makes_its_device_and_names_its_lower_device() {
        let p = plan(include_bytes!("../../corpus/rtnl-basic.pcap")).unwrap();
        assert_eq!(
            named(request(&p, 199, 0)),
            [
                (key(Kind::Device, &["vx0"]), Role::Creates),
                (key(Kind::Device, &["dummy0"]), Role::Names)
            ]
        );
    }

    fn ev(frame: u64) -> Event {
        Event {
            frame,
            request: "X".into(),
            outcome: "ok".into(),
        }
    }

    fn n(k: &ObjKey, role: Role) -> Named {
        Named {
            key: k.clone(),
            role,
        }
    }

    /// Deleting a device takes what is keyed under it; a flush takes every object of
    /// its kind; a failed create leaves the object absent with that request as cause.
    #[test]
    fn world_follows_deletes_flushes_and_failures() {
        let mut w = World::default();
        let dev = key(Kind::Device, &["d0"]);
        let addr = key(Kind::Address, &["d0", "10.0.0.1/24"]);
        let other = key(Kind::Address, &["d1", "10.0.0.2/24"]);
        w.apply(&[n(&dev, Role::Creates)], Some(0), &ev(1));
        w.apply(
            &[n(&addr, Role::Creates), n(&other, Role::Creates)],
            Some(0),
            &ev(2),
        );
        w.apply(&[n(&dev, Role::Deletes)], Some(0), &ev(3));
        assert_eq!(
            w.fact(&addr).map(|f| (f.exists, f.by.map(|e| e.frame))),
            Some((false, Some(3)))
        );
        assert_eq!(w.fact(&other).map(|f| f.exists), Some(true));
        // A gateway is reachable through the address whose prefix holds it.
        let gw = |a: &str| {
            w.fact(&key(Kind::Gateway, &[a]))
                .map(|f| (f.exists, f.by.map(|e| e.frame)))
        };
        assert_eq!(gw("10.0.0.254"), Some((true, Some(2))));
        assert_eq!(gw("10.0.1.1"), None);

        let sa = key(Kind::XfrmState, &["10.1.2.4", "4096", "50"]);
        w.apply(&[n(&sa, Role::Creates)], Some(0), &ev(4));
        w.apply(
            &[n(&key(Kind::XfrmState, &[]), Role::Deletes)],
            Some(0),
            &ev(5),
        );
        assert_eq!(w.fact(&sa).map(|f| f.exists), Some(false));

        let t = key(Kind::NftTable, &["inet", "t"]);
        w.apply(&[n(&t, Role::Ensures)], Some(-95), &ev(6));
        assert_eq!(
            w.fact(&t).map(|f| (f.exists, f.by.map(|e| e.frame))),
            Some((false, Some(6)))
        );
        // lo is in every namespace.
        assert_eq!(
            w.fact(&key(Kind::Device, &["lo"])).map(|f| f.exists),
            Some(true)
        );
    }
}
