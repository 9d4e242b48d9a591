//! Checks of the hand-written tables (`nlscope::families::hand`): every table sorted
//! and unique, and every code, struct size and member offset compared with the
//! kernel's uapi headers by compiling a small C program.
//!
//! The C check uses the system headers (`/usr/include/linux`, linux-libc-dev) or
//! the directory in `$NLSCOPE_UAPI_INCLUDE` (e.g. headers installed from a newer
//! kernel). Constants the headers do not know yet (newer than the installed
//! linux-libc-dev) are dropped and listed; each must be on [`NEWER_THAN_6_1`].
//! Without `cc` the check says so and passes.

// Test helpers outside #[test] functions may fail loudly: that is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use nlscope::families::hand;
use nlscope::families::schema::{AttrSet, FieldKind, Kind, MsgDef, StructDef};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::process::Command;

/// Everything reachable from the hand tables, stopping at generated tables.
#[derive(Default)]
struct Reach {
    sets: Vec<&'static AttrSet>,
    structs: Vec<&'static StructDef>,
    seen: HashSet<usize>,
    foreign: HashSet<usize>,
}

fn addr<T>(t: &'static T) -> usize {
    t as *const T as usize
}

impl Reach {
    fn kind(&mut self, k: &'static Kind) {
        match k {
            Kind::Nest(s) => self.set(s),
            Kind::Array(e) => self.kind(e),
            Kind::Struct(d) | Kind::StructArray(d) => self.structdef(d),
            Kind::Headed(f) => {
                if let Some(h) = f.header {
                    self.structdef(h);
                }
                if let Some(a) = f.attrs {
                    self.set(a);
                }
            }
            Kind::SubMessage { table, .. } => {
                for f in table.formats {
                    if let Some(a) = f.attrs {
                        self.set(a);
                    }
                }
            }
            _ => {}
        }
    }

    fn structdef(&mut self, d: &'static StructDef) {
        if self.foreign.contains(&addr(d)) || !self.seen.insert(addr(d)) {
            return;
        }
        self.structs.push(d);
        // Embedded structs are checked as structs of their own too.
        for f in d.fields {
            if let FieldKind::Struct(inner) = f.kind {
                self.structdef(inner);
            }
        }
    }

    fn set(&mut self, s: &'static AttrSet) {
        if self.foreign.contains(&addr(s)) || !self.seen.insert(addr(s)) {
            return;
        }
        self.sets.push(s);
        for a in s.attrs {
            self.kind(&a.kind);
        }
    }

    fn msg(&mut self, m: &'static MsgDef) {
        if let Some(h) = m.header {
            self.structdef(h);
        }
        if let Some(a) = m.attrs {
            self.set(a);
        }
    }
}

/// Pointers of everything the generated tables reach (not checked here).
fn generated() -> HashSet<usize> {
    let mut r = Reach::default();
    for spec in nlscope::families::schema::gen::RAW_SPECS {
        for m in spec.msgs {
            r.msg(m);
        }
    }
    for f in nlscope::families::schema::gen::GENL_FAMILIES {
        for m in f.cmds {
            r.msg(m);
        }
        if let Some(a) = f.default_attrs {
            r.set(a);
        }
    }
    r.seen
}

fn reach() -> Reach {
    let mut foreign = generated();
    // rt-link's rows with two kinds replaced: the names are the generated ones.
    foreign.insert(addr(&nlscope::families::route::bridge::BRIDGE_LINK_ATTRS));
    // rt-link's rows with IFLA_PROTINFO replaced by the generated ifla6-attrs.
    foreign.insert(addr(&nlscope::families::route::inet6::INET6_LINK_ATTRS));
    // rt-route's rows with RTA_DST and RTA_NEWDST as label stacks (AF_MPLS).
    foreign.insert(addr(&nlscope::families::route::mpls::MPLS_ROUTE_ATTRS));
    let mut r = Reach {
        foreign,
        ..Reach::default()
    };
    r.set(&nlscope::families::route::bridge::IFLA_BRIDGE_ATTRS);
    for (_, table) in hand::message_tables() {
        for m in table {
            r.msg(m);
        }
    }
    for f in hand::genl_families() {
        for m in f.cmds {
            r.msg(m);
        }
        if let Some(a) = f.default_attrs {
            r.set(a);
        }
    }
    for f in hand::sub_formats() {
        if let Some(a) = f.attrs {
            r.set(a);
        }
    }
    for s in hand::structs() {
        r.structdef(s);
    }
    r
}

#[test]
fn attr_sets_sorted_unique_and_named() {
    let r = reach();
    assert!(r.sets.len() > 50, "only {} sets reached", r.sets.len());
    for s in &r.sets {
        for w in s.attrs.windows(2) {
            assert!(
                w[0].code < w[1].code,
                "{}: {} ({}) before {} ({})",
                s.name,
                w[0].name,
                w[0].code,
                w[1].name,
                w[1].code
            );
        }
        for a in s.attrs {
            assert!(a.code <= 0x3fff, "{}: {} has flag bits", s.name, a.name);
            assert!(
                a.name
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'),
                "{}: {} is not a kernel constant name",
                s.name,
                a.name
            );
            // Lookup finds every row (dense or sparse).
            assert_eq!(s.lookup(a.code).map(|d| d.name), Some(a.name));
        }
    }
}

#[test]
fn message_tables_sorted_unique() {
    for (proto, table) in hand::message_tables() {
        let _ = proto;
        let mut by_value: BTreeMap<u16, BTreeSet<&str>> = BTreeMap::new();
        for m in &table {
            by_value.entry(m.value).or_default().insert(m.name);
        }
        // One name per value, whatever the direction variant.
        for (v, names) in &by_value {
            assert_eq!(names.len(), 1, "value {v}: {names:?}");
        }
    }
    for t in [
        nlscope::families::route::MESSAGES,
        nlscope::families::xfrm::MESSAGES,
        nlscope::families::audit::MESSAGES,
    ] {
        for w in t.windows(2) {
            assert!(
                w[0].value < w[1].value,
                "{} before {}",
                w[0].name,
                w[1].name
            );
        }
    }
    for (_, t) in hand::extra_genl_cmds() {
        for w in t.windows(2) {
            assert!(w[0].value < w[1].value, "{}", w[1].name);
        }
    }
    for f in hand::genl_families() {
        for w in f.cmds.windows(2) {
            assert!(w[0].value < w[1].value, "{}: {}", f.name, w[1].name);
        }
    }
    let kinds: Vec<&str> = hand::sub_formats().map(|f| f.value).collect();
    let mut sorted = kinds.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(kinds.len(), sorted.len(), "duplicate link kind");
}

#[test]
fn structs_fields_in_order_and_inside() {
    for d in reach().structs {
        let mut end = 0;
        for f in d.fields {
            assert!(f.offset >= end, "{}.{} overlaps", d.name, f.name);
            end = f.offset + f.kind.size();
            match f.kind {
                FieldKind::Rest(_) => assert_eq!(f.offset, d.size, "{}.{}", d.name, f.name),
                _ => assert!(end <= d.size, "{}.{} past the end", d.name, f.name),
            }
        }
    }
}

/// Constants and members newer than the installed headers (linux-libc-dev 6.1).
/// `tcp_info`'s AccECN members (`tcpi_received_ce` … `tcpi_accecn_opt_seen`) are 6.18's,
/// checked against its BTF by `tests/btf_oracle.rs`.
/// All but `IFLA_VXLAN_RESERVED_BITS`/`IFLA_VXLAN_MC_ROUTE` (6.14/6.16),
/// `XFRMA_IPTFS_*` (6.14) and `RTM_{NEW,DEL}{MULTICAST,ANYCAST}` (6.14) pass this
/// check against the 6.12 uapi headers (`NLSCOPE_UAPI_INCLUDE`); those were read
/// from the kernel's if_link.h, xfrm.h and rtnetlink.h.
const NEWER_THAN_6_1: &[&str] = &[
    "RTM_DELANYCAST",
    "RTM_DELMULTICAST",
    "RTM_NEWANYCAST",
    "RTM_NEWMULTICAST",
    "BRIDGE_VLANDB_ENTRY_MCAST_MAX_GROUPS",
    "DCB_ATTR_DCB_APP",
    "DCB_ATTR_DCB_APP_TRUST_TABLE",
    "DCB_ATTR_DCB_REWR_TABLE",
    "BRIDGE_VLANDB_ENTRY_MCAST_N_GROUPS",
    "BRIDGE_VLANDB_ENTRY_NEIGH_SUPPRESS",
    "IFLA_GTP_LOCAL",
    "IFLA_GTP_LOCAL6",
    "IFLA_MACVLAN_BC_CUTOFF",
    "IFLA_VXLAN_LABEL_POLICY",
    "IFLA_VXLAN_LOCALBYPASS",
    "IFLA_VXLAN_MC_ROUTE",
    "IFLA_VXLAN_RESERVED_BITS",
    "MDBA_GET_ENTRY",
    "MDBA_GET_ENTRY_ATTRS",
    "MDBA_MDB_EATTR_DST",
    "MDBA_MDB_EATTR_DST_PORT",
    "MDBA_MDB_EATTR_IFINDEX",
    "MDBA_MDB_EATTR_SRC_VNI",
    "MDBA_MDB_EATTR_VNI",
    "MDBE_ATTR_DST",
    "MDBE_ATTR_DST_PORT",
    "MDBE_ATTR_GROUP_MODE",
    "MDBE_ATTR_IFINDEX",
    "MDBE_ATTR_RTPROT",
    "MDBE_ATTR_SRC_LIST",
    "MDBE_ATTR_SRC_VNI",
    "MDBE_ATTR_STATE_MASK",
    "MDBE_ATTR_VNI",
    "MDBE_SRCATTR_ADDRESS",
    "MDBE_SRC_LIST_ENTRY",
    "NFQA_CGROUP_CLASSID",
    "NL80211_CMD_LINKS_REMOVED",
    "NL80211_CMD_SET_TID_TO_LINK_MAPPING",
    "NHA_GROUP_STATS",
    "NHA_GROUP_STATS_ENTRY",
    "NHA_GROUP_STATS_ENTRY_ID",
    "NHA_GROUP_STATS_ENTRY_PACKETS",
    "NHA_GROUP_STATS_ENTRY_PACKETS_HW",
    "NHA_HW_STATS_ENABLE",
    "NHA_HW_STATS_USED",
    "NHA_OP_FLAGS",
    "XFRMA_IPTFS_DONT_FRAG",
    "XFRMA_IPTFS_DROP_TIME",
    "XFRMA_IPTFS_INIT_DELAY",
    "XFRMA_IPTFS_MAX_QSIZE",
    "XFRMA_IPTFS_PKT_SIZE",
    "XFRMA_IPTFS_REORDER_WINDOW",
    "XFRMA_NAT_KEEPALIVE_INTERVAL",
    "XFRMA_SA_DIR",
    "XFRMA_SA_PCPU",
    "offsetof nexthop_grp.weight_high",
    "offsetof tcp_info.tcpi_rcv_wnd",
    "offsetof tcp_info.tcpi_rehash",
    "offsetof tcp_info.tcpi_total_rto",
    "offsetof tcp_info.tcpi_total_rto_recoveries",
    "offsetof tcp_info.tcpi_total_rto_time",
    "sizeof nexthop_grp.weight_high",
    "sizeof tcp_info.tcpi_rcv_wnd",
    "sizeof tcp_info.tcpi_rehash",
    "sizeof tcp_info.tcpi_total_rto",
    "sizeof tcp_info.tcpi_total_rto_recoveries",
    "sizeof tcp_info.tcpi_total_rto_time",
    "offsetof tcp_info.tcpi_received_ce",
    "offsetof tcp_info.tcpi_delivered_e1_bytes",
    "offsetof tcp_info.tcpi_delivered_e0_bytes",
    "offsetof tcp_info.tcpi_delivered_ce_bytes",
    "offsetof tcp_info.tcpi_received_e1_bytes",
    "offsetof tcp_info.tcpi_received_e0_bytes",
    "offsetof tcp_info.tcpi_received_ce_bytes",
    "offsetof tcp_info.tcpi_accecn_fail_mode",
    "offsetof tcp_info.tcpi_accecn_opt_seen",
    "sizeof tcp_info.tcpi_received_ce",
    "sizeof tcp_info.tcpi_delivered_e1_bytes",
    "sizeof tcp_info.tcpi_delivered_e0_bytes",
    "sizeof tcp_info.tcpi_delivered_ce_bytes",
    "sizeof tcp_info.tcpi_received_e1_bytes",
    "sizeof tcp_info.tcpi_received_e0_bytes",
    "sizeof tcp_info.tcpi_received_ce_bytes",
    "sizeof tcp_info.tcpi_accecn_fail_mode",
    "sizeof tcp_info.tcpi_accecn_opt_seen",
    "sizeof tcp_info",
];

/// Struct names that are not C structs (arrays and bit fields described as structs).
/// `audit_text` is an audit record's text payload, which has no C struct.
/// `vxlanhdr` is a C struct, but in the kernel's `include/net/vxlan.h`, not in uapi;
/// so is `audit_sig_info` (`include/linux/audit.h`). `audit_raw` is a hex payload.
const NOT_C_STRUCTS: &[&str] = &[
    "vxlanhdr",
    "sk_meminfo",
    "mdba_router_port",
    "u32",
    "inet_diag_sockopt",
    "audit_text",
    "audit_raw",
    "audit_sig_info",
];

const HEADERS: &[&str] = &[
    "linux/netlink.h",
    "linux/genetlink.h",
    "linux/rtnetlink.h",
    "linux/if_link.h",
    "linux/if_addr.h",
    "linux/neighbour.h",
    "linux/nexthop.h",
    "linux/netconf.h",
    "linux/net_namespace.h",
    "linux/if_bridge.h",
    "linux/if_addrlabel.h",
    "linux/veth.h",
    "linux/can/vxcan.h",
    "linux/if_macsec.h",
    "linux/inet_diag.h",
    "linux/unix_diag.h",
    "linux/netlink_diag.h",
    "linux/packet_diag.h",
    "linux/sock_diag.h",
    "linux/vm_sockets_diag.h",
    "linux/xdp_diag.h",
    "linux/smc_diag.h",
    "linux/tcp.h",
    "linux/mroute.h",
    "linux/dcbnl.h",
    "linux/lwtunnel.h",
    "linux/mpls_iptunnel.h",
    "linux/seg6_iptunnel.h",
    "linux/xfrm.h",
    "linux/seg6_genl.h",
    "linux/l2tp.h",
    "linux/nl80211.h",
    "linux/netfilter/nfnetlink.h",
    "linux/netfilter/nfnetlink_conntrack.h",
    "linux/netfilter/nfnetlink_log.h",
    "linux/netfilter/nfnetlink_queue.h",
    "linux/netfilter/nfnetlink_acct.h",
    "linux/netfilter/nfnetlink_cttimeout.h",
    "linux/netfilter/nfnetlink_hook.h",
    "linux/netfilter/nf_tables.h",
    "linux/audit.h",
    "linux/selinux_netlink.h",
    "linux/if_arp.h",
    "linux/if.h",
    "linux/netfilter.h",
    "linux/if_bonding.h",
];

/// A member designator `offsetof` accepts (`a`, `a.b`, `a[1]`).
fn designator(name: &str) -> bool {
    !name.starts_with("__pad")
        && !name.contains("..")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'[' || b == b']')
}

/// One checked line: C expression and the value the tables say.
struct Line {
    what: String,
    expr: String,
    want: u64,
}

fn lines(r: &Reach) -> Vec<Line> {
    let mut out = Vec::new();
    let mut push = |what: String, expr: String, want: u64| out.push(Line { what, expr, want });
    for s in &r.sets {
        for a in s.attrs {
            push(a.name.to_owned(), a.name.to_owned(), u64::from(a.code));
        }
    }
    for (proto, table) in hand::message_tables() {
        for m in table {
            // nfnetlink types carry the subsystem in the high byte; the C
            // constants (IPCTNL_MSG_*, NFQNL_MSG_*) are the low byte.
            let want = if proto == 12 { m.value & 0xff } else { m.value };
            push(m.name.to_owned(), m.name.to_owned(), u64::from(want));
        }
    }
    for f in hand::genl_families() {
        for m in f.cmds {
            push(m.name.to_owned(), m.name.to_owned(), u64::from(m.value));
        }
    }
    for (_, table) in hand::extra_genl_cmds() {
        for m in *table {
            push(m.name.to_owned(), m.name.to_owned(), u64::from(m.value));
        }
    }
    for p in nlscope::wire::protocol::Protocol::all() {
        let name = p.name().unwrap_or_default();
        push(
            format!("protocol {name}"),
            format!("NETLINK_{name}"),
            u64::from(p.0),
        );
    }
    push(
        "GENL_ID_CTRL".into(),
        "GENL_ID_CTRL".into(),
        u64::from(nlscope::wire::protocol::GENL_ID_CTRL),
    );
    for (v, n) in nlscope::families::names::LWTUNNEL_ENCAP.entries {
        push(format!("lwtunnel-encap-types {n}"), n.to_string(), *v);
    }
    {
        use nlscope::families::consts::*;
        for (name, v) in [
            ("AF_UNSPEC", u64::from(AF_UNSPEC)),
            ("AF_BRIDGE", u64::from(AF_BRIDGE)),
            ("AF_INET6", u64::from(AF_INET6)),
            ("RTM_BASE", u64::from(RTM_BASE)),
            ("RTM_NEWLINK", u64::from(RTM_NEWLINK)),
            ("RTM_DELLINK", u64::from(RTM_DELLINK)),
            ("RTM_GETLINK", u64::from(RTM_GETLINK)),
            ("RTM_SETLINK", u64::from(RTM_SETLINK)),
            ("RTM_GETADDR", u64::from(RTM_GETADDR)),
            ("RTM_GETROUTE", u64::from(RTM_GETROUTE)),
            ("RTM_GETNEIGH", u64::from(RTM_GETNEIGH)),
            ("RTM_GETRULE", u64::from(RTM_GETRULE)),
            ("RTM_GETQDISC", u64::from(RTM_GETQDISC)),
            ("RTM_GETTCLASS", u64::from(RTM_GETTCLASS)),
            ("RTM_GETTFILTER", u64::from(RTM_GETTFILTER)),
            ("RTM_GETNEIGHTBL", u64::from(RTM_GETNEIGHTBL)),
            ("RTM_GETADDRLABEL", u64::from(RTM_GETADDRLABEL)),
            ("RTM_GETNETCONF", u64::from(RTM_GETNETCONF)),
            ("RTM_GETMDB", u64::from(RTM_GETMDB)),
            ("RTM_NEWNSID", u64::from(RTM_NEWNSID)),
            ("RTM_GETNSID", u64::from(RTM_GETNSID)),
            ("RTM_GETNEXTHOP", u64::from(RTM_GETNEXTHOP)),
            ("IFLA_IFNAME", u64::from(IFLA_IFNAME)),
            ("IFLA_LINKINFO", u64::from(IFLA_LINKINFO)),
            ("IFLA_INFO_KIND", u64::from(IFLA_INFO_KIND)),
            ("IFF_UP", u64::from(IFF_UP)),
            ("ARPHRD_LOOPBACK", u64::from(ARPHRD_LOOPBACK)),
            ("CTRL_CMD_NEWFAMILY", u64::from(CTRL_CMD_NEWFAMILY)),
            ("CTRL_CMD_GETFAMILY", u64::from(CTRL_CMD_GETFAMILY)),
            ("CTRL_CMD_NEWMCAST_GRP", u64::from(CTRL_CMD_NEWMCAST_GRP)),
        ] {
            push(format!("consts {name}"), name.to_string(), v);
        }
    }
    for (e, prefix) in nlscope::families::names::ALL {
        for (v, n) in e.entries {
            let upper = n.to_uppercase().replace('-', "_");
            let c = match (e.name, n.strip_prefix("rt-")) {
                ("rtm-flags", Some(rt)) => format!("RTM_F_{}", rt.to_uppercase().replace('-', "_")),
                ("rtm-flags", None) if *v >= 0x100 => format!("RTM_F_{upper}"),
                ("address-family", _) if matches!(*n, "ipmr" | "ip6mr") => {
                    format!("RTNL_FAMILY_{upper}")
                }
                _ => format!("{prefix}{upper}"),
            };
            push(format!("{} {n} ({c})", e.name), c, *v);
        }
    }
    for d in &r.structs {
        if NOT_C_STRUCTS.contains(&d.name) {
            continue;
        }
        // Message headers are padded to 4 bytes by NLMSG_ALIGN.
        push(
            format!("sizeof {}", d.name),
            format!(
                "(sizeof(struct {n}) == {s} || ((sizeof(struct {n}) + 3) & ~3UL) == {s} ? {s} : sizeof(struct {n}))",
                n = d.name,
                s = d.size
            ),
            d.size as u64,
        );
        for f in d.fields {
            if !designator(f.name) {
                continue;
            }
            push(
                format!("offsetof {}.{}", d.name, f.name),
                format!("offsetof(struct {}, {})", d.name, f.name),
                f.offset as u64,
            );
            if let FieldKind::Scalar(..) = f.kind {
                push(
                    format!("sizeof {}.{}", d.name, f.name),
                    format!("sizeof(((struct {} *)0)->{})", d.name, f.name),
                    f.kind.size() as u64,
                );
            }
            // An embedded struct: the member is of that C struct type.
            if let FieldKind::Struct(inner) = f.kind {
                push(
                    format!("typeof {}.{} is struct {}", d.name, f.name, inner.name),
                    format!(
                        "__builtin_types_compatible_p(__typeof__(((struct {} *)0)->{}), struct {})",
                        d.name, f.name, inner.name
                    ),
                    1,
                );
            }
        }
    }
    out
}

/// The identifier gcc complains about on one error line: the member for "has no
/// member named", else the first quoted name.
fn culprit(line: &str) -> Option<String> {
    let first_quoted = |t: &str| {
        t.split(['‘', '’', '\''])
            .nth(1)
            .filter(|q| !q.is_empty())
            .map(str::to_owned)
    };
    match line.split_once("has no member named") {
        Some((_, rest)) => first_quoted(rest),
        None => first_quoted(line),
    }
}

#[test]
fn codes_and_layouts_match_uapi_headers() {
    if Command::new("cc").arg("--version").output().is_err() {
        eprintln!("skipped: no C compiler `cc` to compile the header check");
        return;
    }
    let include = std::env::var("NLSCOPE_UAPI_INCLUDE").ok();
    let dir = std::env::temp_dir().join(format!("nlscope-uapi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let r = reach();
    let mut todo = lines(&r);
    let mut dropped: BTreeSet<String> = BTreeSet::new();
    let mut output = String::new();
    for _round in 0..20 {
        let mut c =
            String::from("#include <stdio.h>\n#include <stddef.h>\n#include <sys/socket.h>\n");
        for h in HEADERS {
            c += &format!("#include <{h}>\n");
        }
        c += "int main(void) {\n";
        for (i, l) in todo.iter().enumerate() {
            c += &format!(
                "printf(\"%d %llu\\n\", {i}, (unsigned long long)({}));\n",
                l.expr
            );
        }
        c += "return 0; }\n";
        let src = dir.join("check.c");
        let bin = dir.join("check");
        std::fs::write(&src, c).unwrap();
        let mut cmd = Command::new("cc");
        cmd.arg("-D__EXPORTED_HEADERS__").arg("-w");
        if let Some(inc) = &include {
            cmd.arg(format!("-I{inc}"));
        }
        let out = cmd.arg(&src).arg("-o").arg(&bin).output().unwrap();
        if out.status.success() {
            output =
                String::from_utf8_lossy(&Command::new(&bin).output().unwrap().stdout).into_owned();
            break;
        }
        let err = String::from_utf8_lossy(&out.stderr);
        let mut bad: BTreeSet<String> = BTreeSet::new();
        for l in err.lines().filter(|l| l.contains("error")) {
            if let Some(id) = culprit(l) {
                bad.insert(id);
            }
        }
        assert!(!bad.is_empty(), "header check does not compile:\n{err}");
        let before = todo.len();
        todo.retain(|l| {
            let hit = bad.iter().any(|b| {
                l.expr == *b
                    || l.expr.contains(&format!("struct {b} "))
                    || l.expr.contains(&format!("struct {b})"))
                    || l.expr.ends_with(&format!(", {b})"))
                    || l.expr.ends_with(&format!("->{b})"))
                    || l.expr.ends_with(&format!(".{b})"))
            });
            if hit {
                dropped.insert(l.what.clone());
            }
            !hit
        });
        assert!(
            todo.len() < before,
            "cannot isolate compile errors: {bad:?}\n{err}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!output.is_empty(), "header check produced nothing");
    let mut checked = 0;
    let mut wrong = Vec::new();
    for l in output.lines() {
        let mut p = l.split(' ');
        let (Some(i), Some(v)) = (p.next(), p.next()) else {
            continue;
        };
        let (Ok(i), Ok(v)) = (i.parse::<usize>(), v.parse::<u64>()) else {
            continue;
        };
        let line = &todo[i];
        checked += 1;
        if v != line.want {
            if include.is_none() && NEWER_THAN_6_1.contains(&line.what.as_str()) {
                dropped.insert(line.what.clone());
                continue;
            }
            wrong.push(format!(
                "{}: tables say {}, headers say {v}",
                line.what, line.want
            ));
        }
    }
    eprintln!(
        "checked {checked} codes, sizes and offsets against the headers{}; {} not in them",
        include
            .as_deref()
            .map(|i| format!(" in {i}"))
            .unwrap_or_default(),
        dropped.len()
    );
    for d in &dropped {
        eprintln!("  not in the headers: {d}");
    }
    assert!(wrong.is_empty(), "mismatches:\n{}", wrong.join("\n"));
    assert!(checked > 500, "only {checked} checked");
    if include.is_none() {
        let unexpected: Vec<&String> = dropped
            .iter()
            .filter(|d| !NEWER_THAN_6_1.contains(&d.as_str()))
            .collect();
        assert!(
            unexpected.is_empty(),
            "not in the 6.1 headers and not listed as newer: {unexpected:?}"
        );
    }
}

#[test]
fn inet6_link_attrs_are_rt_link_with_protinfo_replaced() {
    use nlscope::families::route::inet6::INET6_LINK_ATTRS;
    use nlscope::families::schema::gen::rt_link::{IFLA6_ATTRS, LINK_ATTRS};
    assert_eq!(INET6_LINK_ATTRS.attrs.len(), LINK_ATTRS.attrs.len());
    for (b, g) in INET6_LINK_ATTRS.attrs.iter().zip(LINK_ATTRS.attrs) {
        assert_eq!((b.code, b.name), (g.code, g.name));
        if b.name == "IFLA_PROTINFO" {
            assert!(matches!(b.kind, Kind::Nest(s) if std::ptr::eq(s, &IFLA6_ATTRS)));
        } else {
            assert_eq!(
                std::mem::discriminant(&b.kind),
                std::mem::discriminant(&g.kind)
            );
        }
    }
}

#[test]
fn mpls_route_attrs_are_rt_route_with_two_rows_replaced() {
    use nlscope::families::route::mpls::MPLS_ROUTE_ATTRS;
    use nlscope::families::schema::gen::rt_route::ROUTE_ATTRS;
    use nlscope::families::schema::{ByteOrder, Scalar};
    assert_eq!(MPLS_ROUTE_ATTRS.attrs.len(), ROUTE_ATTRS.attrs.len());
    for (b, g) in MPLS_ROUTE_ATTRS.attrs.iter().zip(ROUTE_ATTRS.attrs) {
        assert_eq!((b.code, b.name), (g.code, g.name));
        if matches!(b.name, "RTA_DST" | "RTA_NEWDST") {
            assert!(matches!(
                b.kind,
                Kind::Packed(Scalar::U32, ByteOrder::Big, _)
            ));
        } else {
            assert_eq!(
                std::mem::discriminant(&b.kind),
                std::mem::discriminant(&g.kind)
            );
        }
    }
}

#[test]
fn bridge_link_attrs_are_rt_link_with_two_rows_replaced() {
    use nlscope::families::route::bridge::{BRIDGE_LINK_ATTRS, IFLA_BRIDGE_ATTRS};
    let gen = &nlscope::families::schema::gen::rt_link::LINK_ATTRS;
    assert_eq!(BRIDGE_LINK_ATTRS.attrs.len(), gen.attrs.len());
    for (b, g) in BRIDGE_LINK_ATTRS.attrs.iter().zip(gen.attrs) {
        assert_eq!((b.code, b.name), (g.code, g.name));
        match b.name {
            "IFLA_AF_SPEC" => {
                assert!(matches!(b.kind, Kind::Nest(s) if std::ptr::eq(s, &IFLA_BRIDGE_ATTRS)))
            }
            "IFLA_PROTINFO" => assert!(matches!(b.kind, Kind::Nest(_))),
            _ => {
                assert_eq!(
                    std::mem::discriminant(&b.kind),
                    std::mem::discriminant(&g.kind)
                );
                if let (Kind::Nest(x), Kind::Nest(y)) = (&b.kind, &g.kind) {
                    assert!(std::ptr::eq(*x, *y), "{}", b.name);
                }
            }
        }
    }
}
