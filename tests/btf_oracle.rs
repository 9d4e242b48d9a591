//! Oracle 1 (`ORACLES.md`): every struct table nlscope has, generated
//! (`nlscope::families::schema::gen`) and hand-written (`nlscope::families`), against the running
//! kernel's BTF (`/sys/kernel/btf/vmlinux`, or the file in `$NLSCOPE_BTF`, e.g. one
//! copied out of an older kernel).
//!
//! For each table the kernel struct of the same C name must have the table's size and,
//! for each member the table names, the same offset, width, signedness and byte order
//! (`__be16`/`__be32`/`__be64` typedefs are network order; TYPEDEF, CONST and VOLATILE
//! are followed to the integer; arrays and nested structs are compared by size; bit
//! fields by the bits they cover). A kernel member that the table shows only as
//! padding, or not at all, is a disagreement too. Tables whose C name differs are
//! mapped in [`C_NAMES`]; structs the kernel does not compile in are listed with the
//! reason in [`ABSENT`]. Any other difference fails the test.
//!
//! Without a BTF file the test says so and passes. The BTF reader
//! (`tests/support/btf.rs`) is itself checked against `bpftool btf dump` when bpftool
//! is installed (CI installs it).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "support/btf.rs"]
mod btf;

use btf::{kind, Btf};
use nlscope::families::hand;
use nlscope::families::schema::{
    AttrSet, ByteOrder, Field, FieldKind, Kind, MsgDef, Scalar, StructDef, SubFormat,
};
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::process::Command;

/// Tables whose name is not the kernel's C struct name: `(table name, C name, why)`.
/// Generated tables are named as in the YAML specs (`tc-ratespec`); their dashes
/// become underscores without an entry here.
const C_NAMES: &[(&str, &str, &str)] = &[
    (
        "--kernel-timespec",
        "__kernel_timespec",
        "the spec's name for struct __kernel_timespec (leading underscores as dashes)",
    ),
    (
        "sta-flag-update",
        "nl80211_sta_flag_update",
        "nl80211.yaml drops the nl80211_ prefix",
    ),
    (
        "nf-ct-tcp-flags-mask",
        "nf_ct_tcp_flags",
        "conntrack.yaml names the struct after its two members (flags, mask)",
    ),
];

/// Tables that are no C struct at all: `(table name, why)`.
const NOT_C_STRUCTS: &[(&str, &str)] = &[
    (
        "u32",
        "the bare __u32 flags word of XFRM_MSG_{NEW,GET}{SAD,SPD}INFO",
    ),
    ("audit_text", "an audit record's text: no struct"),
    (
        "audit_raw",
        "an obsolete audit control payload, shown as hex: no struct",
    ),
    (
        "cn_msg+proc_cn_mcast_op",
        "cn_msg then enum proc_cn_mcast_op, flattened",
    ),
    (
        "cn_msg+proc_event",
        "cn_msg then struct proc_event's header, flattened",
    ),
    (
        "cn_msg+proc_event.ack",
        "cn_msg then struct proc_event, flattened",
    ),
    (
        "cn_msg+proc_event.fork",
        "cn_msg then struct proc_event, flattened",
    ),
    (
        "cn_msg+proc_event.exec",
        "cn_msg then struct proc_event, flattened",
    ),
    (
        "cn_msg+proc_event.id",
        "cn_msg then struct proc_event, flattened",
    ),
    (
        "cn_msg+proc_event.sid",
        "cn_msg then struct proc_event, flattened",
    ),
    (
        "cn_msg+proc_event.ptrace",
        "cn_msg then struct proc_event, flattened",
    ),
    (
        "cn_msg+proc_event.comm",
        "cn_msg then struct proc_event, flattened",
    ),
    (
        "cn_msg+proc_event.coredump",
        "cn_msg then struct proc_event, flattened",
    ),
    (
        "cn_msg+proc_event.exit",
        "cn_msg then struct proc_event, flattened",
    ),
    (
        "sk_meminfo",
        "INET_DIAG_SKMEMINFO is __u32 [SK_MEMINFO_VARS] indexed by SK_MEMINFO_*",
    ),
    (
        "mdba_router_port",
        "MDBA_ROUTER_PORT is a bare __u32 ifindex (with attributes after it)",
    ),
];

/// Why a struct is not in the kernel's BTF. BTF lists the types the compiled kernel
/// uses: a struct of code that is not built (or of a module whose BTF is not loaded)
/// is not there, nor is a uapi struct that no kernel code names.
#[derive(Clone, Copy)]
enum Why {
    /// Only this code uses it, built with this config option.
    Code(&'static str, &'static str),
    /// No kernel code names the struct: why.
    UapiOnly(&'static str),
}

impl std::fmt::Display for Why {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Why::Code(who, config) => write!(
                f,
                "used only by {who} ({config}): not built into this kernel, or a module \
                 whose BTF is not loaded"
            ),
            Why::UapiOnly(why) => write!(f, "uapi-only: {why}"),
        }
    }
}

/// Structs that are not in the kernel's BTF (6.18 host): `(C name, why)`.
const ABSENT: &[(&str, Why)] = &[
    ("ovs_header", OVS),
    ("ovs_dp_stats", OVS),
    ("ovs_dp_megaflow_stats", OVS),
    ("ovs_flow_stats", OVS),
    ("ovs_key_ethernet", OVS),
    ("ovs_key_mpls", OVS),
    ("ovs_key_ipv4", OVS),
    ("ovs_key_ipv6", OVS),
    ("ovs_key_ipv6_exthdrs", OVS),
    ("ovs_key_tcp", OVS),
    ("ovs_key_udp", OVS),
    ("ovs_key_sctp", OVS),
    ("ovs_key_icmp", OVS),
    ("ovs_key_arp", OVS),
    ("ovs_key_nd", OVS),
    ("ovs_key_ct_tuple_ipv4", OVS),
    ("ovs_action_push_vlan", OVS),
    ("ovs_action_hash", OVS),
    ("ovs_action_push_mpls", OVS),
    ("ovs_action_add_mpls", OVS),
    ("ovs_vport_stats", OVS),
    ("nl80211_sta_flag_update", CFG80211),
    ("ifla_bridge_id", BRIDGE_ID),
    ("ifla_vlan_flags", VLAN),
    ("ifla_vlan_qos_mapping", VLAN),
    ("ifla_geneve_port_range", GENEVE),
    ("ifla_rmnet_flags", RMNET),
    ("br_vlan_msg", BR_VLAN),
    ("tc_cbs_qopt", SCH_CBS),
    ("tc_etf_qopt", SCH_ETF),
    ("tc_gred_qopt", SCH_GRED),
    ("tc_gred_sopt", SCH_GRED),
    ("tc_hfsc_qopt", SCH_HFSC),
    ("tc_mqprio_qopt", SCH_MQPRIO),
    ("tc_multiq_qopt", SCH_MULTIQ),
    ("tc_netem_qopt", SCH_NETEM),
    ("tc_netem_gimodel", SCH_NETEM),
    ("tc_netem_gemodel", SCH_NETEM),
    ("tc_netem_corr", SCH_NETEM),
    ("tc_netem_reorder", SCH_NETEM),
    ("tc_netem_corrupt", SCH_NETEM),
    ("tc_netem_rate", SCH_NETEM),
    ("tc_netem_slot", SCH_NETEM),
    ("tc_plug_qopt", SCH_PLUG),
    ("tc_red_qopt", SCH_RED_CHOKE),
    ("tc_red_xstats", SCH_RED),
    ("tc_sfb_qopt", SCH_SFB),
    ("tc_sfb_xstats", SCH_SFB),
    ("tc_sfq_qopt", SCH_SFQ),
    ("tc_sfqred_stats", SCH_SFQ),
    ("tc_sfq_qopt_v1", SCH_SFQ),
    ("tc_sfq_xstats", SCH_SFQ),
    ("tc_choke_xstats", SCH_CHOKE),
    ("tc_codel_xstats", SCH_CODEL),
    ("tc_fq_codel_xstats", SCH_FQ_CODEL),
    ("tc_dualpi2_xstats", SCH_DUALPI2),
    ("tc_fq_pie_xstats", SCH_FQ_PIE),
    ("tc_fq_qd_stats", SCH_FQ),
    ("tc_hhf_xstats", SCH_HHF),
    ("tc_pie_xstats", SCH_PIE),
    ("tc_u32_mark", U32_MARK),
    ("tc_u32_pcnt", U32_PERF),
    ("tc_basic_pcnt", CLS_BASIC),
    ("tc_matchall_pcnt", CLS_MATCHALL),
    ("tc_gact", ACT_GACT),
    ("tc_gact_p", ACT_GACT),
    ("tc_mpls", ACT_MPLS),
    ("tc_police", ACT_POLICE),
    ("tc_pedit_sel", ACT_PEDIT),
    ("tc_vlan", ACT_VLAN),
    ("netlink_diag_ring", NL_RING),
    ("vsock_diag_req", VSOCK_DIAG),
    ("vsock_diag_msg", VSOCK_DIAG),
    ("smc_diag_req", SMC_DIAG),
    ("smc_diag_msg", SMC_DIAG),
    ("smc_diag_fallback", SMC_DIAG),
    ("xdp_diag_req", XDP_DIAG),
    ("xdp_diag_msg", XDP_DIAG),
    ("xdp_diag_info", XDP_DIAG),
    ("xdp_diag_ring", XDP_DIAG),
    ("xdp_diag_umem", XDP_DIAG),
    ("xdp_diag_stats", XDP_DIAG),
];

const OVS: Why = Why::Code("net/openvswitch", "CONFIG_OPENVSWITCH");
const CFG80211: Why = Why::Code("net/wireless (nl80211.c)", "CONFIG_CFG80211");
const VLAN: Why = Why::Code("net/8021q", "CONFIG_VLAN_8021Q");
const GENEVE: Why = Why::Code(
    "drivers/net/geneve.c (IFLA_GENEVE_PORT_RANGE is newer than Linux 6.1)",
    "CONFIG_GENEVE",
);
const RMNET: Why = Why::Code("drivers/net/ethernet/qualcomm/rmnet", "CONFIG_RMNET");
const BR_VLAN: Why = Why::Code(
    "the bridge's VLAN database (br_vlan.c)",
    "CONFIG_BRIDGE_VLAN_FILTERING",
);
const SCH_CBS: Why = Why::Code("sch_cbs", "CONFIG_NET_SCH_CBS");
const SCH_ETF: Why = Why::Code("sch_etf", "CONFIG_NET_SCH_ETF");
const SCH_GRED: Why = Why::Code("sch_gred", "CONFIG_NET_SCH_GRED");
const SCH_HFSC: Why = Why::Code("sch_hfsc", "CONFIG_NET_SCH_HFSC");
const SCH_MQPRIO: Why = Why::Code("sch_mqprio (and sch_taprio)", "CONFIG_NET_SCH_MQPRIO");
const SCH_MULTIQ: Why = Why::Code("sch_multiq", "CONFIG_NET_SCH_MULTIQ");
const SCH_NETEM: Why = Why::Code("sch_netem", "CONFIG_NET_SCH_NETEM");
const SCH_PLUG: Why = Why::Code("sch_plug", "CONFIG_NET_SCH_PLUG");
const SCH_RED: Why = Why::Code("sch_red", "CONFIG_NET_SCH_RED");
const SCH_RED_CHOKE: Why = Why::Code(
    "sch_red and sch_choke",
    "CONFIG_NET_SCH_RED, CONFIG_NET_SCH_CHOKE",
);
const SCH_SFB: Why = Why::Code("sch_sfb", "CONFIG_NET_SCH_SFB");
const SCH_SFQ: Why = Why::Code("sch_sfq", "CONFIG_NET_SCH_SFQ");
const SCH_CHOKE: Why = Why::Code("sch_choke", "CONFIG_NET_SCH_CHOKE");
const SCH_CODEL: Why = Why::Code("sch_codel", "CONFIG_NET_SCH_CODEL");
const SCH_FQ_CODEL: Why = Why::Code("sch_fq_codel", "CONFIG_NET_SCH_FQ_CODEL");
const SCH_DUALPI2: Why = Why::Code("sch_dualpi2 (6.16+)", "CONFIG_NET_SCH_DUALPI2");
const SCH_FQ_PIE: Why = Why::Code("sch_fq_pie", "CONFIG_NET_SCH_FQ_PIE");
const SCH_FQ: Why = Why::Code("sch_fq", "CONFIG_NET_SCH_FQ");
const SCH_HHF: Why = Why::Code("sch_hhf", "CONFIG_NET_SCH_HHF");
const SCH_PIE: Why = Why::Code("sch_pie", "CONFIG_NET_SCH_PIE");
const U32_MARK: Why = Why::Code("cls_u32's mark match", "CONFIG_CLS_U32_MARK");
const U32_PERF: Why = Why::Code("cls_u32's counters", "CONFIG_CLS_U32_PERF");
const CLS_BASIC: Why = Why::Code("cls_basic", "CONFIG_NET_CLS_BASIC");
const CLS_MATCHALL: Why = Why::Code("cls_matchall", "CONFIG_NET_CLS_MATCHALL");
const ACT_GACT: Why = Why::Code("act_gact", "CONFIG_NET_ACT_GACT");
const ACT_MPLS: Why = Why::Code("act_mpls", "CONFIG_NET_ACT_MPLS");
const ACT_POLICE: Why = Why::Code("act_police", "CONFIG_NET_ACT_POLICE");
const ACT_PEDIT: Why = Why::Code("act_pedit", "CONFIG_NET_ACT_PEDIT");
const ACT_VLAN: Why = Why::Code("act_vlan", "CONFIG_NET_ACT_VLAN");
const VSOCK_DIAG: Why = Why::Code("vsock_diag", "CONFIG_VSOCKETS_DIAG");
const SMC_DIAG: Why = Why::Code("smc_diag", "CONFIG_SMC_DIAG");
const XDP_DIAG: Why = Why::Code("xsk_diag", "CONFIG_XDP_SOCKETS_DIAG");
const BRIDGE_ID: Why = Why::UapiOnly(
    "the bridge keeps its ids in struct bridge_id and copies them out with \
     nla_put(…, sizeof(struct ifla_bridge_id), …)",
);
const NL_RING: Why = Why::UapiOnly(
    "NETLINK_DIAG_RX_RING/TX_RING described netlink's mmap ring, removed in Linux 4.8; \
     no code fills it",
);

/// Structs whose table drops the prefix the kernel gives every member name:
/// `(C struct, prefix, why)`. The table's `family` is the kernel's `tcm_family`.
const MEMBER_PREFIXES: &[(&str, &str, &str)] = &[
    (
        "tcmsg",
        "tcm_",
        "tc.yaml names the members without the tcm_ prefix",
    ),
    (
        "ndtmsg",
        "ndtm_",
        "rt-neigh.yaml names the members without the ndtm_ prefix",
    ),
    (
        "nda_cacheinfo",
        "ndm_",
        "rt-neigh.yaml names the members without the ndm_ prefix",
    ),
    (
        "ndt_config",
        "ndtc_",
        "rt-neigh.yaml names the members without the ndtc_ prefix",
    ),
    (
        "ndt_stats",
        "ndts_",
        "rt-neigh.yaml names the members without the ndts_ prefix",
    ),
    (
        "rtgenmsg",
        "rtgen_",
        "rt-link.yaml and rt-rule.yaml call rtgen_family family",
    ),
    (
        "__kernel_timespec",
        "tv_",
        "wireguard.yaml calls tv_sec and tv_nsec sec and nsec",
    ),
];

/// Layouts the code reads without a table (nlmsg.rs, attr.rs, the genl decoder):
/// checked like tables.
static CODE_LAYOUTS: &[&StructDef] = &[&NLMSGHDR, &NLATTR, &GENLMSGHDR];

const fn f(name: &'static str, offset: usize, s: Scalar) -> Field {
    Field {
        name,
        offset,
        kind: FieldKind::Scalar(s, ByteOrder::Host, nlscope::families::schema::Hint::None),
    }
}

static NLMSGHDR: StructDef = StructDef {
    name: "nlmsghdr",
    size: nlscope::wire::nlmsg::NLMSG_HDRLEN,
    fields: &[
        f("nlmsg_len", 0, Scalar::U32),
        f("nlmsg_type", 4, Scalar::U16),
        f("nlmsg_flags", 6, Scalar::U16),
        f("nlmsg_seq", 8, Scalar::U32),
        f("nlmsg_pid", 12, Scalar::U32),
    ],
};
static NLATTR: StructDef = StructDef {
    name: "nlattr",
    size: nlscope::wire::attr::NLA_HDRLEN,
    fields: &[f("nla_len", 0, Scalar::U16), f("nla_type", 2, Scalar::U16)],
};
static GENLMSGHDR: StructDef = StructDef {
    name: "genlmsghdr",
    size: 4,
    fields: &[
        f("cmd", 0, Scalar::U8),
        f("version", 1, Scalar::U8),
        f("reserved", 2, Scalar::U16),
    ],
};

// ---------------------------------------------------------------------------------
// Every struct table.

fn addr<T>(t: &'static T) -> usize {
    t as *const T as usize
}

#[derive(Default)]
struct Reach {
    structs: Vec<(&'static str, &'static StructDef)>,
    seen: HashSet<usize>,
}

impl Reach {
    fn kind(&mut self, from: &'static str, k: &'static Kind) {
        match k {
            Kind::Nest(s) => self.set(s),
            Kind::Array(e) => self.kind(from, e),
            Kind::Struct(d) | Kind::StructArray(d) => self.structdef(from, d),
            Kind::Headed(f) => self.format(from, f),
            Kind::SubMessage { table, .. } => {
                for f in table.formats {
                    self.format(from, f);
                }
            }
            _ => {}
        }
    }
    fn format(&mut self, from: &'static str, f: &'static SubFormat) {
        if let Some(h) = f.header {
            self.structdef(from, h);
        }
        if let Some(a) = f.attrs {
            self.set(a);
        }
    }
    fn structdef(&mut self, from: &'static str, d: &'static StructDef) {
        if self.seen.insert(addr(d)) {
            self.structs.push((from, d));
            // An embedded struct is checked on its own too (by its name), besides
            // inside each struct that embeds it (against that member's type).
            for f in d.fields {
                if let FieldKind::Struct(inner) = f.kind {
                    self.structdef(from, inner);
                }
            }
        }
    }
    fn set(&mut self, s: &'static AttrSet) {
        if !self.seen.insert(addr(s)) {
            return;
        }
        for a in s.attrs {
            self.kind(s.name, &a.kind);
        }
    }
    fn msg(&mut self, from: &'static str, m: &'static MsgDef) {
        if let Some(h) = m.header {
            self.structdef(from, h);
        }
        if let Some(a) = m.attrs {
            self.set(a);
        }
    }
}

/// Every struct table, generated and hand-written, each once: `(where, table)`.
fn all_structs() -> Vec<(&'static str, &'static StructDef)> {
    let mut r = Reach::default();
    for (spec, structs) in nlscope::families::schema::gen::ALL_STRUCTS {
        for s in *structs {
            r.structdef(spec, s);
        }
    }
    for (spec, sets) in nlscope::families::schema::gen::ALL_ATTR_SETS {
        for s in *sets {
            for a in s.attrs {
                r.kind(spec, &a.kind);
            }
        }
    }
    for spec in nlscope::families::schema::gen::RAW_SPECS {
        for m in spec.msgs {
            r.msg(spec.name, m);
        }
    }
    for fam in nlscope::families::schema::gen::GENL_FAMILIES
        .iter()
        .chain(hand::genl_families())
    {
        if let Some(h) = fam.header {
            r.structdef(fam.name, h);
        }
        for m in fam.cmds {
            r.msg(fam.name, m);
        }
        if let Some(a) = fam.default_attrs {
            r.set(a);
        }
    }
    for (fam, cmds) in hand::extra_genl_cmds() {
        for m in *cmds {
            r.msg(fam, m);
        }
    }
    for (_, table) in hand::message_tables() {
        for m in table {
            r.msg("hand", m);
        }
    }
    for f in hand::sub_formats() {
        r.format("hand", f);
    }
    for s in hand::structs() {
        r.structdef("hand", s);
    }
    for s in nlscope::families::connector::STRUCTS {
        r.structdef("connector", s);
    }
    r.set(&nlscope::families::route::bridge::IFLA_BRIDGE_ATTRS);
    for s in CODE_LAYOUTS {
        r.structdef("code", s);
    }
    r.structs
}

/// The number of `StructDef` statics written in `src/` outside `#[cfg(test)]`, to
/// show that the walk above reaches every one.
fn statics_in_source() -> usize {
    fn walk(dir: &std::path::Path, n: &mut usize) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, n);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap_or("");
                *n += code.matches(": StructDef = StructDef {").count();
            }
        }
    }
    let mut n = 0;
    walk(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut n,
    );
    n
}

// ---------------------------------------------------------------------------------
// The comparison.

fn c_name(table: &str) -> String {
    C_NAMES
        .iter()
        .find(|(t, _, _)| *t == table)
        .map_or_else(|| table.replace('-', "_"), |(_, c, _)| (*c).to_string())
}

/// What BTF says about one member path.
struct Leaf {
    bit_offset: u64,
    bitfield: u32,
    ty: u32,
}

/// Resolve `a.b[2].c` from struct `id`.
fn resolve(b: &Btf, id: u32, path: &str) -> Option<Leaf> {
    let mut ty = id;
    let mut off: u64 = 0;
    let mut bitfield = 0;
    for seg in path.split('.') {
        let (name, index) = match seg.split_once('[') {
            Some((n, i)) => (n, Some(i.trim_end_matches(']').parse::<u64>().ok()?)),
            None => (seg, None),
        };
        let m = b.member(ty, name)?;
        off += u64::from(m.bit_offset);
        bitfield = m.bitfield_size;
        ty = m.ty;
        if let Some(i) = index {
            let (arr, _) = b.strip(ty);
            let (elem, n) = b.ty(arr)?.array?;
            if i >= u64::from(n) {
                return None;
            }
            off += i * b.size_of(elem)? * 8;
            ty = elem;
        }
    }
    Some(Leaf {
        bit_offset: off,
        bitfield,
        ty,
    })
}

/// Width, signedness and byte order of an integer type (INT or ENUM behind
/// typedefs); `None` for anything else.
fn int_of(b: &Btf, ty: u32) -> Option<(u64, bool, ByteOrder)> {
    let (id, names) = b.strip(ty);
    let order = if names
        .iter()
        .any(|n| matches!(n.as_str(), "__be16" | "__be32" | "__be64"))
    {
        ByteOrder::Big
    } else {
        ByteOrder::Host
    };
    let t = b.ty(id)?;
    match t.kind {
        kind::INT => {
            let (enc, _, _) = t.int?;
            Some((u64::from(t.size_or_type), enc & 1 == 1, order))
        }
        kind::ENUM | kind::ENUM64 => Some((u64::from(t.size_or_type), t.kflag, order)),
        _ => None,
    }
}

fn order_name(o: ByteOrder) -> &'static str {
    match o {
        ByteOrder::Host => "host",
        ByteOrder::Big => "be",
    }
}

/// Kernel members that hold nothing: `__ifi_pad`, `tcm__pad1`, `resvd`, `res1`,
/// `__ifal_reserved`, `__unused`.
fn is_pad_name(n: &str) -> bool {
    let last = n.rsplit('.').next().unwrap_or(n);
    let l = last.to_ascii_lowercase();
    l.contains("pad")
        || l.contains("reserved")
        || l.contains("unused")
        || l.contains("resv")
        || l.strip_prefix("res")
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// Single table members whose name is not the kernel's: `(C struct, table member, C
/// member path, why)`.
const MEMBER_NAMES: &[(&str, &str, &str, &str)] = &[
    (
        "ovs_dp_megaflow_stats",
        "padding",
        "pad0",
        "ovs_datapath.yaml calls pad0 padding",
    ),
    (
        "tc_fq_codel_xstats",
        "maxpacket",
        "qdisc_stats.maxpacket",
        FQ_CODEL,
    ),
    (
        "tc_fq_codel_xstats",
        "drop_overlimit",
        "qdisc_stats.drop_overlimit",
        FQ_CODEL,
    ),
    (
        "tc_fq_codel_xstats",
        "ecn_mark",
        "qdisc_stats.ecn_mark",
        FQ_CODEL,
    ),
    (
        "tc_fq_codel_xstats",
        "new_flow_count",
        "qdisc_stats.new_flow_count",
        FQ_CODEL,
    ),
    (
        "tc_fq_codel_xstats",
        "new_flows_len",
        "qdisc_stats.new_flows_len",
        FQ_CODEL,
    ),
    (
        "tc_fq_codel_xstats",
        "old_flows_len",
        "qdisc_stats.old_flows_len",
        FQ_CODEL,
    ),
    (
        "tc_fq_codel_xstats",
        "ce_mark",
        "qdisc_stats.ce_mark",
        FQ_CODEL,
    ),
    (
        "tc_fq_codel_xstats",
        "memory_usage",
        "qdisc_stats.memory_usage",
        FQ_CODEL,
    ),
    (
        "tc_fq_codel_xstats",
        "drop_overmemory",
        "qdisc_stats.drop_overmemory",
        FQ_CODEL,
    ),
];

const FQ_CODEL: &str = "tc.yaml flattens the qdisc half of union { qdisc_stats; class_stats; } \
                        (a class's TCA_XSTATS, class_stats, are shown with the qdisc names)";

/// The C path of a table member: its own name, or with the struct's member prefix.
fn member_path(cstruct: &str, name: &str) -> String {
    if let Some((_, _, c, _)) = MEMBER_NAMES
        .iter()
        .find(|(s, t, _, _)| *s == cstruct && *t == name)
    {
        return (*c).to_string();
    }
    match MEMBER_PREFIXES.iter().find(|(s, _, _)| *s == cstruct) {
        Some((_, p, _)) if !name.starts_with(p) => format!("{p}{name}"),
        _ => name.to_string(),
    }
}

/// Every way table `d` disagrees with BTF struct `id`.
fn compare(b: &Btf, cname: &str, id: u32, d: &StructDef) -> Vec<String> {
    let mut bad = Vec::new();
    let ksize = b.size_of(id).unwrap_or(0);
    // A message header is followed by its attributes at NLMSG_ALIGN(sizeof), so a
    // table may count the alignment bytes as its own (rtgenmsg, netconfmsg: 1 → 4),
    // as long as they are not shown as a value.
    let aligned = (ksize + 3) & !3;
    let tail_is_pad = d
        .fields
        .iter()
        .filter(|f| f.offset as u64 >= ksize)
        .all(|f| matches!(f.kind, FieldKind::Pad(_)));
    // An older kernel's struct: the table (the newest layout) may be longer when
    // every member past the kernel's end is one this kernel does not have
    // (tcp_info: 232 bytes on 6.1, 280 on 6.18). Shorter data is decoded member by
    // member.
    let newer = |f: &Field| {
        matches!(f.kind, FieldKind::Pad(_))
            || (f.offset as u64 >= ksize
                && f.name.split(',').all(|part| {
                    let m = part.split(':').next().unwrap_or(part);
                    resolve(b, id, &member_path(cname, m)).is_none()
                }))
    };
    let past_end = || d.fields.iter().filter(|f| f.offset as u64 >= ksize);
    let grew = ksize < d.size as u64
        && past_end().any(|f| !matches!(f.kind, FieldKind::Pad(_)))
        && past_end().all(newer);
    if ksize != d.size as u64 && !(d.size as u64 == aligned && tail_is_pad) && !grew {
        bad.push(format!("size {} (kernel {ksize})", d.size));
    }
    // Bits of the struct the table shows as a value.
    let mut shown: Vec<(u64, u64)> = Vec::new();
    for fld in d.fields {
        let start = fld.offset as u64 * 8;
        if grew && fld.offset as u64 >= ksize {
            continue;
        }
        match fld.kind {
            // Padding named after the unused elements of a kernel array
            // (`id.idiag_src[1..4]` after the IPv4 address in element 0).
            FieldKind::Pad(n) => {
                if let Some((base, _)) = fld.name.split_once('[') {
                    if resolve(b, id, &member_path(cname, base)).is_some() {
                        shown.push((start, start + n as u64 * 8));
                    }
                }
                continue;
            }
            // An embedded struct: the kernel's member there is that struct (by name),
            // at that offset, and the inner table agrees with the member's type as a
            // table of its own would (its errors named `member.inner`).
            FieldKind::Struct(inner) => {
                shown.push((start, start + inner.size as u64 * 8));
                let path = member_path(cname, fld.name);
                let Some(l) = resolve(b, id, &path) else {
                    bad.push(format!(
                        "{} (struct {}) at {}: no such kernel member",
                        fld.name, inner.name, fld.offset
                    ));
                    continue;
                };
                if l.bit_offset != start {
                    bad.push(format!(
                        "{} at {} (kernel {})",
                        fld.name,
                        fld.offset,
                        l.bit_offset as f64 / 8.0
                    ));
                }
                let (tid, _) = b.strip(l.ty);
                let inner_c = c_name(inner.name);
                match b.ty(tid) {
                    Some(t) if t.kind == kind::STRUCT && t.name == inner_c => {
                        for e in compare(b, &inner_c, tid, inner) {
                            bad.push(format!("{}.{e}", fld.name));
                        }
                    }
                    _ => bad.push(format!(
                        "{} embeds struct {inner_c}; the kernel's member is {} {}",
                        fld.name,
                        kind_name(b, l.ty),
                        b.ty(tid).map_or("", |t| t.name.as_str())
                    )),
                }
                continue;
            }
            FieldKind::Rest(_) => {
                if fld.offset as u64 != ksize {
                    let at = resolve(b, id, &member_path(cname, fld.name)).map(|l| l.bit_offset);
                    if at != Some(start) {
                        bad.push(format!(
                            "{} (rest) at {} (kernel: struct ends at {ksize})",
                            fld.name, fld.offset
                        ));
                    }
                }
                continue;
            }
            _ => {}
        }
        let width = fld.kind.size() as u64;
        shown.push((start, start + width * 8));
        if fld.name.contains(':') {
            // A byte of bit fields: "a:4,b:4" or "a:1..z:5".
            for part in fld.name.split([',', '.']).filter(|p| !p.is_empty()) {
                let (mname, bits) = part.split_once(':').unwrap();
                let Some(l) = resolve(b, id, mname) else {
                    bad.push(format!(
                        "{mname} (in {}) not in the kernel struct",
                        fld.name
                    ));
                    continue;
                };
                let bits: u32 = bits.parse().unwrap();
                if l.bitfield != bits
                    || l.bit_offset < start
                    || l.bit_offset + u64::from(bits) > start + width * 8
                {
                    bad.push(format!(
                        "{}: {mname} is {}:{} at bit {} in the kernel",
                        fld.name, mname, l.bitfield, l.bit_offset
                    ));
                }
            }
            continue;
        }
        let path = member_path(cname, fld.name);
        let Some(l) = resolve(b, id, &path) else {
            bad.push(format!(
                "{} at {}: no such kernel member",
                fld.name, fld.offset
            ));
            continue;
        };
        if l.bitfield != 0 {
            bad.push(format!(
                "{} is a {}-bit field in the kernel",
                fld.name, l.bitfield
            ));
            continue;
        }
        if l.bit_offset != start {
            bad.push(format!(
                "{} at {} (kernel {})",
                fld.name,
                fld.offset,
                l.bit_offset as f64 / 8.0
            ));
        }
        let ksz = b.size_of(l.ty).unwrap_or(0);
        match fld.kind {
            FieldKind::Scalar(s, order, _) => match int_of(b, l.ty) {
                Some((kw, ks, ko)) => {
                    if s.size().is_some_and(|w| w as u64 != kw) {
                        bad.push(format!(
                            "{} {}-byte (kernel {kw}-byte)",
                            fld.name,
                            fld.kind.size()
                        ));
                    }
                    // The kernel's `char` is signed on x86 and unsigned on arm; a
                    // one-byte value is shown unsigned either way.
                    if s.signed() != ks && kw > 1 {
                        bad.push(format!(
                            "{} {} (kernel {})",
                            fld.name,
                            if s.signed() { "signed" } else { "unsigned" },
                            if ks { "signed" } else { "unsigned" }
                        ));
                    }
                    if order != ko {
                        bad.push(format!(
                            "{} byte order {} (kernel {})",
                            fld.name,
                            order_name(order),
                            order_name(ko)
                        ));
                    }
                }
                // A big-endian number the kernel keeps as bytes (`__u8 prio[2]` of
                // ifla_bridge_id): the same bytes, most significant first.
                None if order == ByteOrder::Big
                    && s.size().is_some_and(|w| w as u64 == ksz)
                    && is_byte_array(b, l.ty) => {}
                None => bad.push(format!(
                    "{} read as an integer; the kernel's is {} bytes of {}",
                    fld.name,
                    ksz,
                    kind_name(b, l.ty)
                )),
            },
            FieldKind::Bytes(n, _) => {
                // The first bytes of an array whose other elements are named padding.
                let rest_named = d.fields.iter().any(|p| {
                    matches!(p.kind, FieldKind::Pad(m) if p.offset == fld.offset + n
                        && (n + m) as u64 == ksz
                        && p.name.starts_with(&format!("{}[", fld.name)))
                });
                if n as u64 != ksz && !rest_named {
                    bad.push(format!("{} {n} bytes (kernel {ksz})", fld.name));
                }
            }
            FieldKind::Pad(_) | FieldKind::Rest(_) | FieldKind::Struct(_) => {}
        }
    }
    // Kernel members the table does not show (inside the table's size).
    let mut leaves = Vec::new();
    b.leaves(id, 0, &mut leaves, "");
    for (path, m) in leaves {
        let msize = if m.bitfield_size != 0 {
            u64::from(m.bitfield_size)
        } else {
            b.size_of(m.ty).unwrap_or(0) * 8
        };
        let (s, e) = (u64::from(m.bit_offset), u64::from(m.bit_offset) + msize);
        if msize == 0 || s >= d.size as u64 * 8 {
            continue;
        }
        // Covered by the table's values, one or several side by side.
        let mut at = s;
        while let Some(&(_, z)) = shown.iter().find(|&&(a, z)| a <= at && at < z) {
            at = z;
            if at >= e {
                break;
            }
        }
        let covered = at >= e;
        if !covered && !path.split('.').any(is_pad_name) {
            bad.push(format!(
                "kernel member {path} at {} ({} bits) not shown",
                s as f64 / 8.0,
                msize
            ));
        }
    }
    bad
}

/// Whether a type is an array of one-byte integers.
fn is_byte_array(b: &Btf, ty: u32) -> bool {
    let (id, _) = b.strip(ty);
    b.ty(id)
        .and_then(|t| t.array)
        .is_some_and(|(elem, _)| b.size_of(elem) == Some(1))
}

fn kind_name(b: &Btf, ty: u32) -> &'static str {
    let (id, _) = b.strip(ty);
    match b.ty(id).map(|t| t.kind) {
        Some(kind::ARRAY) => "an array",
        Some(kind::STRUCT) => "a struct",
        Some(kind::UNION) => "a union",
        Some(kind::PTR) => "a pointer",
        _ => "another kind",
    }
}

/// The kernel's BTF: vmlinux, and the modules' split BTF beside it
/// (`/sys/kernel/btf/<module>`, types of modules that are loaded), read when a struct
/// is not in vmlinux.
struct Kernel {
    path: PathBuf,
    vmlinux: Btf,
    modules: Vec<(String, Vec<u8>)>,
    /// Every string of the modules' BTF → the modules that have it.
    names: BTreeMap<Vec<u8>, Vec<String>>,
    parsed: BTreeMap<String, Btf>,
}

impl Kernel {
    fn load() -> Option<Kernel> {
        // The modules' BTF is read from beside vmlinux (a copy of a guest's
        // /sys/kernel/btf keeps them side by side too).
        let path = std::env::var_os("NLSCOPE_BTF")
            .map_or_else(|| PathBuf::from("/sys/kernel/btf/vmlinux"), PathBuf::from);
        let dir = path.parent().map(PathBuf::from);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!(
                    "skipped: cannot read {} ({e}); the kernel needs CONFIG_DEBUG_INFO_BTF=y, \
                     or set NLSCOPE_BTF to a copy of another kernel's",
                    path.display()
                );
                return None;
            }
        };
        let vmlinux = Btf::parse(&bytes).expect("vmlinux BTF parses");
        let mut modules = Vec::new();
        if let Some(dir) = dir {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if e.path() != path {
                    if let Ok(b) = std::fs::read(e.path()) {
                        modules.push((name, b));
                    }
                }
            }
            modules.sort();
        }
        Some(Kernel {
            path,
            vmlinux,
            modules,
            names: BTreeMap::new(),
            parsed: BTreeMap::new(),
        })
    }

    /// The BTF that has struct `name` (vmlinux first, then the first module that
    /// does), with its ids.
    fn find(&mut self, name: &str) -> Option<(&Btf, Vec<u32>, &str)> {
        let structs = |b: &Btf| -> Vec<u32> {
            b.structs_named(name)
                .iter()
                .copied()
                .filter(|&i| b.ty(i).is_some_and(|t| t.kind == kind::STRUCT))
                .collect()
        };
        if !structs(&self.vmlinux).is_empty() {
            let ids = structs(&self.vmlinux);
            return Some((&self.vmlinux, ids, "vmlinux"));
        }
        // Parse only the modules whose strings hold the name.
        if self.names.is_empty() {
            for (m, bytes) in &self.modules {
                for s in btf::strings(bytes) {
                    self.names.entry(s.to_vec()).or_default().push(m.clone());
                }
            }
        }
        let candidates: Vec<String> = self.names.get(name.as_bytes()).cloned().unwrap_or_default();
        for m in &candidates {
            if !self.parsed.contains_key(m) {
                let bytes = &self.modules.iter().find(|(n, _)| n == m)?.1;
                let b = Btf::parse_split(bytes, Some(&self.vmlinux))
                    .unwrap_or_else(|e| panic!("module BTF {m}: {e}"));
                self.parsed.insert(m.clone(), b);
            }
        }
        let (key, b) = self
            .parsed
            .iter()
            .filter(|(m, _)| candidates.contains(m))
            .find(|(_, b)| !structs(b).is_empty())?;
        Some((b, structs(b), key.as_str()))
    }
}

#[test]
fn every_struct_table_matches_the_kernels_btf() {
    let Some(mut k) = Kernel::load() else { return };
    let all = all_structs();
    let code = CODE_LAYOUTS.len();
    let in_source = statics_in_source();
    // The walk reaches every table written in src/ (the code layouts are this file's).
    assert_eq!(
        all.len(),
        in_source + code,
        "the walk reaches {} structs, src/ defines {in_source}",
        all.len()
    );

    let mut checked = 0;
    let mut agree = 0;
    // Embedded-struct members of the checked tables (each compared with its
    // member's BTF type).
    let mut embedded = 0;
    let mut kernel_structs: BTreeMap<String, &str> = BTreeMap::new();
    let mut absent: BTreeMap<String, String> = BTreeMap::new();
    let mut wrong: Vec<String> = Vec::new();
    let mut not_c = 0;
    for (from, d) in &all {
        if NOT_C_STRUCTS.iter().any(|(n, _)| n == &d.name) {
            not_c += 1;
            continue;
        }
        let cname = c_name(d.name);
        let Some((b, ids, module)) = k.find(&cname) else {
            match ABSENT.iter().find(|(n, _)| *n == cname) {
                Some((_, why)) => {
                    absent.insert(cname, why.to_string());
                }
                None => wrong.push(format!(
                    "{cname} ({from}): not in BTF and not listed in ABSENT"
                )),
            }
            continue;
        };
        checked += 1;
        embedded += d
            .fields
            .iter()
            .filter(|f| matches!(f.kind, FieldKind::Struct(_)))
            .count();
        // Two layouts under one name: the table must match one of them.
        let results: Vec<Vec<String>> = ids.iter().map(|&i| compare(b, &cname, i, d)).collect();
        match results.iter().find(|r| r.is_empty()) {
            Some(_) => agree += 1,
            None => wrong.push(format!(
                "{cname} ({from}, table {}): {}",
                d.name,
                results[0].join("; ")
            )),
        }
        kernel_structs.insert(
            cname,
            if module == "vmlinux" {
                "vmlinux"
            } else {
                "module"
            },
        );
    }
    let stale: Vec<&str> = ABSENT
        .iter()
        .filter(|(n, _)| kernel_structs.contains_key(*n))
        .map(|(n, _)| *n)
        .collect();
    let from_modules = kernel_structs.values().filter(|m| **m == "module").count();
    eprintln!(
        "{}: {} struct tables ({not_c} no C struct, {} from code); {checked} checked against \
         {} kernel structs ({from_modules} from module BTF): {agree} agree, {} disagree \
         ({embedded} embedded-struct members checked against their members' types); \
         {} structs absent from BTF",
        k.path.display(),
        all.len(),
        code,
        kernel_structs.len(),
        checked - agree,
        absent.len()
    );
    for (n, why) in &absent {
        eprintln!("  absent: {n}: {why}");
    }
    for n in &stale {
        eprintln!("  listed as absent but in this BTF (checked): {n}");
    }
    assert!(
        wrong.is_empty(),
        "{} disagreements with the kernel's BTF:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(checked > 100, "only {checked} tables found in BTF");
}

/// The comparison catches what it is for: the spec's old 9-byte `tc_ratespec` (u8
/// overhead, cell_align, mpu), a host-order member the kernel has big-endian, and a
/// signed member the kernel has unsigned.
#[test]
fn a_wrong_table_is_caught() {
    let Some(mut k) = Kernel::load() else { return };
    const fn u8f(name: &'static str, offset: usize) -> Field {
        f(name, offset, Scalar::U8)
    }
    static OLD_RATESPEC: StructDef = StructDef {
        name: "tc-ratespec",
        size: 9,
        fields: &[
            u8f("cell_log", 0),
            u8f("linklayer", 1),
            u8f("overhead", 2),
            u8f("cell_align", 3),
            u8f("mpu", 4),
            f("rate", 5, Scalar::U32),
        ],
    };
    static HOST_PORT: StructDef = StructDef {
        name: "ifla_vxlan_port_range",
        size: 4,
        fields: &[f("low", 0, Scalar::U16), f("high", 2, Scalar::S16)],
    };
    // A newer layout than the kernel's: one member more at the end passes, one
    // more that overlaps the kernel's does not.
    static GREW: StructDef = StructDef {
        name: "ifla_vxlan_port_range",
        size: 8,
        fields: &[
            Field {
                name: "low",
                offset: 0,
                kind: FieldKind::Scalar(
                    Scalar::U16,
                    ByteOrder::Big,
                    nlscope::families::schema::Hint::None,
                ),
            },
            Field {
                name: "high",
                offset: 2,
                kind: FieldKind::Scalar(
                    Scalar::U16,
                    ByteOrder::Big,
                    nlscope::families::schema::Hint::None,
                ),
            },
            f("added_later", 4, Scalar::U32),
        ],
    };
    static TOO_LONG: StructDef = StructDef {
        name: "ifla_vxlan_port_range",
        size: 8,
        fields: &[f("low", 0, Scalar::U16), f("high", 4, Scalar::U32)],
    };
    // An embedded struct is compared with the kernel's member: the wrong inner
    // layout (its errors named `rate.…`), the wrong struct, the wrong offset.
    static WRONG_HTB: StructDef = StructDef {
        name: "tc-htb-opt",
        size: 44,
        fields: &[
            Field {
                name: "rate",
                offset: 0,
                kind: FieldKind::Struct(&OLD_RATESPEC),
            },
            Field {
                name: "ceil",
                offset: 16,
                kind: FieldKind::Struct(&HOST_PORT),
            },
        ],
    };
    let mut cases = 0;
    if let Some((b, ids, _)) = k.find("tc_htb_opt") {
        let bad = compare(b, "tc_htb_opt", ids[0], &WRONG_HTB);
        for want in [
            "rate.size 9 (kernel 12)",
            "rate.overhead 1-byte (kernel 2-byte)",
            "ceil at 16 (kernel 12)",
            "ceil embeds struct ifla_vxlan_port_range; the kernel's member is a struct tc_ratespec",
        ] {
            assert!(bad.iter().any(|m| m == want), "{want} not in {bad:?}");
        }
        cases += 1;
    }
    if let Some((b, ids, _)) = k.find("tc_ratespec") {
        let bad = compare(b, "tc_ratespec", ids[0], &OLD_RATESPEC);
        for want in [
            "size 9 (kernel 12)",
            "overhead 1-byte (kernel 2-byte)",
            "rate at 5 (kernel 8)",
        ] {
            assert!(bad.iter().any(|m| m == want), "{want} not in {bad:?}");
        }
        cases += 1;
    }
    if let Some((b, ids, _)) = k.find("ifla_vxlan_port_range") {
        let bad = compare(b, "ifla_vxlan_port_range", ids[0], &HOST_PORT);
        for want in [
            "low byte order host (kernel be)",
            "high signed (kernel unsigned)",
        ] {
            assert!(bad.iter().any(|m| m == want), "{want} not in {bad:?}");
        }
        let grew = compare(b, "ifla_vxlan_port_range", ids[0], &GREW);
        assert!(grew.is_empty(), "{grew:?}");
        let bad = compare(b, "ifla_vxlan_port_range", ids[0], &TOO_LONG);
        assert!(bad.iter().any(|m| m == "size 8 (kernel 4)"), "{bad:?}");
        cases += 1;
    }
    if cases == 0 {
        eprintln!("skipped: neither tc_ratespec nor ifla_vxlan_port_range in this BTF");
    }
}

/// The BTF reader against bpftool's dump of the same file: every type's kind and
/// name, every struct's and union's size, members, offsets and bit-field widths,
/// every integer's size, bits and signedness, every array's element and length.
#[test]
fn btf_reader_agrees_with_bpftool() {
    let Some(k) = Kernel::load() else { return };
    let out = match Command::new("bpftool")
        .args(["btf", "dump", "file"])
        .arg(&k.path)
        .args(["format", "raw"])
        .output()
    {
        Ok(o) if o.status.success() => o,
        Ok(o) => panic!("bpftool failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => {
            eprintln!("skipped: no bpftool ({e}); apt-get install bpftool");
            return;
        }
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let b = &k.vmlinux;
    let kinds = [
        "UNKN",
        "INT",
        "PTR",
        "ARRAY",
        "STRUCT",
        "UNION",
        "ENUM",
        "FWD",
        "TYPEDEF",
        "VOLATILE",
        "CONST",
        "RESTRICT",
        "FUNC",
        "FUNC_PROTO",
        "VAR",
        "DATASEC",
        "FLOAT",
        "DECL_TAG",
        "TYPE_TAG",
        "ENUM64",
    ];
    // `key=value` of one line.
    fn val<'a>(line: &'a str, key: &str) -> Option<&'a str> {
        line.split_whitespace()
            .find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
    }
    let mut types = 0;
    let mut members = 0;
    let mut current: Option<(u32, usize)> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix('[') {
            let (id, rest) = rest.split_once("] ").unwrap();
            let id: u32 = id.parse().unwrap();
            let mut words = rest.splitn(2, ' ');
            let kind_word = words.next().unwrap();
            let rest = words.next().unwrap_or("");
            let name = rest.split('\'').nth(1).unwrap_or("");
            let t = b.ty(id).unwrap_or_else(|| panic!("type {id} missing"));
            assert_eq!(kinds[t.kind as usize], kind_word, "type {id} kind");
            let want_name = if name == "(anon)" { "" } else { name };
            assert_eq!(t.name, want_name, "type {id} name");
            match t.kind {
                kind::STRUCT | kind::UNION | kind::INT => {
                    let size: u32 = val(rest, "size").unwrap().parse().unwrap();
                    assert_eq!(t.size_or_type, size, "type {id} size");
                }
                _ => {}
            }
            if t.kind == kind::INT {
                let (enc, _, bits) = t.int.unwrap();
                let nr: u32 = val(rest, "nr_bits").unwrap().parse().unwrap();
                assert_eq!(bits, nr, "type {id} bits");
                let signed = val(rest, "encoding").unwrap().contains("SIGNED");
                assert_eq!(enc & 1 == 1, signed, "type {id} signedness");
            }
            if t.kind == kind::ARRAY {
                let (elem, n) = t.array.unwrap();
                assert_eq!(val(rest, "type_id").unwrap().parse::<u32>().unwrap(), elem);
                assert_eq!(val(rest, "nr_elems").unwrap().parse::<u32>().unwrap(), n);
            }
            current = matches!(t.kind, kind::STRUCT | kind::UNION).then_some((id, 0));
            types += 1;
        } else if let (Some((id, i)), Some(rest)) = (current, line.strip_prefix('\t')) {
            let m = &b.ty(id).unwrap().members[i];
            let name = rest.split('\'').nth(1).unwrap_or("");
            let want_name = if name == "(anon)" { "" } else { name };
            assert_eq!(m.name, want_name, "type {id} member {i}");
            let ty: u32 = val(rest, "type_id").unwrap().parse().unwrap();
            let off: u32 = val(rest, "bits_offset").unwrap().parse().unwrap();
            let bf: u32 = val(rest, "bitfield_size").map_or(0, |v| v.parse().unwrap());
            assert_eq!(
                (m.ty, m.bit_offset, m.bitfield_size),
                (ty, off, bf),
                "type {id} member {i}"
            );
            current = Some((id, i + 1));
            members += 1;
        }
    }
    assert_eq!(
        types + 1,
        b.types.len(),
        "bpftool lists every type the reader read"
    );
    assert!(members > 10_000, "only {members} members compared");
    eprintln!("BTF reader agrees with bpftool on {types} types and {members} members");
}

/// Headers that define the structs of [`ABSENT`].
const UAPI_HEADERS: &[&str] = &[
    "linux/if_link.h",
    "linux/if_bridge.h",
    "linux/pkt_sched.h",
    "linux/pkt_cls.h",
    "linux/gen_stats.h",
    "linux/tc_act/tc_gact.h",
    "linux/tc_act/tc_mpls.h",
    "linux/tc_act/tc_pedit.h",
    "linux/tc_act/tc_vlan.h",
    "linux/openvswitch.h",
    "linux/nl80211.h",
    "linux/netlink_diag.h",
    "linux/vm_sockets_diag.h",
    "linux/smc_diag.h",
    "linux/xdp_diag.h",
];

/// The structs that BTF cannot check here ([`ABSENT`]) against the uapi headers
/// (`/usr/include/linux`, linux-libc-dev; or `$NLSCOPE_UAPI_INCLUDE`), compiled with
/// `cc`: size, each member's offset, width and signedness. Byte order is not in C's
/// types (`__be16` is `__u16`), so it stays unchecked for these. A struct newer than
/// the headers is reported and skipped.
#[test]
fn absent_structs_match_the_uapi_headers() {
    if Command::new("cc").arg("--version").output().is_err() {
        eprintln!("skipped: no C compiler `cc`");
        return;
    }
    let include = std::env::var("NLSCOPE_UAPI_INCLUDE").ok();
    let dir = std::env::temp_dir().join(format!("nlscope-btf-uapi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut seen = HashSet::new();
    let (mut checked, mut values) = (0, 0);
    let mut missing = Vec::new();
    let mut wrong = Vec::new();
    for (_, d) in all_structs() {
        let cname = c_name(d.name);
        if !ABSENT.iter().any(|(n, _)| *n == cname) || !seen.insert(addr(d)) {
            continue;
        }
        // (what, C expression, the table's value)
        let mut lines: Vec<(String, String, i64)> = vec![(
            "size".into(),
            format!("sizeof(struct {cname})"),
            d.size as i64,
        )];
        for fld in d.fields {
            if matches!(fld.kind, FieldKind::Pad(_)) || fld.name.contains(':') {
                continue;
            }
            let m = member_path(&cname, fld.name);
            let lvalue = format!("((struct {cname} *)0)->{m}");
            lines.push((
                format!("{} offset", fld.name),
                format!("offsetof(struct {cname}, {m})"),
                fld.offset as i64,
            ));
            match fld.kind {
                FieldKind::Scalar(s, _, _) => {
                    lines.push((
                        format!("{} width", fld.name),
                        format!("sizeof({lvalue})"),
                        fld.kind.size() as i64,
                    ));
                    // Signedness of a one-byte `char` depends on the machine.
                    if fld.kind.size() > 1 {
                        lines.push((
                            format!("{} signed", fld.name),
                            format!("((__typeof__({lvalue}))-1 < 0)"),
                            i64::from(s.signed()),
                        ));
                    }
                }
                FieldKind::Bytes(n, _) => lines.push((
                    format!("{} bytes", fld.name),
                    format!("sizeof({lvalue})"),
                    n as i64,
                )),
                // An embedded struct: the member is of that C struct.
                FieldKind::Struct(inner) => lines.push((
                    format!("{} is struct {}", fld.name, c_name(inner.name)),
                    format!(
                        "__builtin_types_compatible_p(__typeof__({lvalue}), struct {})",
                        c_name(inner.name)
                    ),
                    1,
                )),
                FieldKind::Pad(_) | FieldKind::Rest(_) => {}
            }
        }
        // Compile; drop the lines the compiler rejects (members newer than the
        // headers, arrays where the table reads a number) and try again.
        let (src, bin) = (dir.join("check.c"), dir.join("check"));
        let mut keep: Vec<bool> = vec![true; lines.len()];
        let mut compiled = false;
        for _ in 0..lines.len() + 1 {
            let mut c =
                String::from("#include <stdio.h>\n#include <stddef.h>\n#include <sys/socket.h>\n");
            for h in UAPI_HEADERS {
                c += &format!("#include <{h}>\n");
            }
            c += "int main(void) {\n";
            let first_line = c.lines().count() + 1;
            for (i, (_, expr, _)) in lines.iter().enumerate() {
                if keep[i] {
                    c += &format!("printf(\"%d %lld\\n\", {i}, (long long)({expr}));\n");
                } else {
                    c += "\n";
                }
            }
            c += "return 0; }\n";
            std::fs::write(&src, c).unwrap();
            let mut cmd = Command::new("cc");
            cmd.arg("-D__EXPORTED_HEADERS__").arg("-w");
            if let Some(inc) = &include {
                cmd.arg(format!("-I{inc}"));
            }
            let out = cmd.arg(&src).arg("-o").arg(&bin).output().unwrap();
            if out.status.success() {
                compiled = true;
                break;
            }
            let err = String::from_utf8_lossy(&out.stderr);
            let mut dropped = 0;
            for l in err.lines().filter(|l| l.contains("error")) {
                let Some(n) = l
                    .split(':')
                    .nth(1)
                    .and_then(|n| n.parse::<usize>().ok())
                    .and_then(|n| n.checked_sub(first_line))
                else {
                    continue;
                };
                if n == 0 {
                    // The struct itself is unknown: its size line fails.
                    break;
                }
                if let Some(k) = keep.get_mut(n).filter(|k| **k) {
                    *k = false;
                    dropped += 1;
                    let msg = l.rsplit("error: ").next().unwrap_or(l);
                    missing.push(format!("{cname}: {}: {msg}", lines[n].0));
                }
            }
            if dropped == 0 {
                break;
            }
        }
        if !compiled {
            missing.push(format!("struct {cname}"));
            continue;
        }
        let run = Command::new(&bin).output().unwrap();
        let mut bad = Vec::new();
        for l in String::from_utf8_lossy(&run.stdout).lines() {
            let (i, v) = l.split_once(' ').unwrap();
            let (what, _, want) = &lines[i.parse::<usize>().unwrap()];
            let v: i64 = v.parse().unwrap();
            values += 1;
            // A struct that grew since the headers: the table may be longer when
            // every member past the header's end is one the headers do not have.
            let grew = what == "size"
                && v < *want
                && d.fields.iter().filter(|f| f.offset as i64 >= v).all(|f| {
                    matches!(f.kind, FieldKind::Pad(_))
                        || lines
                            .iter()
                            .zip(&keep)
                            .any(|((w, _, _), k)| !k && *w == format!("{} offset", f.name))
                });
            if grew {
                missing.push(format!("{cname}: {want} bytes, the headers' {v}: it grew"));
            } else if v != *want {
                bad.push(format!("{what} {want} (header {v})"));
            }
        }
        checked += 1;
        if !bad.is_empty() {
            wrong.push(format!("{cname} (table {}): {}", d.name, bad.join("; ")));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!(
        "{checked} structs absent from BTF checked against the uapi headers{} \
         ({values} values); {} not in them",
        include
            .as_deref()
            .map(|i| format!(" in {i}"))
            .unwrap_or_default(),
        missing.len()
    );
    for m in &missing {
        eprintln!("  not in the headers: {m}");
    }
    assert!(
        wrong.is_empty(),
        "{} structs disagree with the uapi headers:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(checked > 40, "only {checked} structs compiled");
}
