//! Invariants of the generated tables in `nlscope::families::schema::gen`, and spot checks
//! against the kernel's uapi headers (values copied from `/usr/include/linux`).
// Test code: a failed lookup or index is a test failure (clippy.toml allows these in
// `#[test]` functions only, not in their helpers).
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::BTreeSet;

use nlscope::families::schema::gen::{ALL_ATTR_SETS, GENL_FAMILIES, GENL_KERNEL_CMDS, RAW_SPECS};
use nlscope::families::schema::{
    find_msg, AttrSet, EnumDef, FieldKind, GenlFamilyDef, Hint, Kind, MsgDef, StructDef,
    MAX_EMBED_DEPTH,
};

/// A kernel C constant name: `IFLA_MTU`, `__NL80211_FREQUENCY_ATTR_NO_IBSS`.
fn is_c_name(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_uppercase() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

#[derive(Default)]
struct Walk {
    sets: BTreeSet<usize>,
    structs: BTreeSet<usize>,
    enums: BTreeSet<usize>,
    attrs: usize,
}

impl Walk {
    fn set(&mut self, set: &'static AttrSet) {
        if !self.sets.insert(set as *const AttrSet as usize) {
            return;
        }
        assert!(!set.name.is_empty());
        for w in set.attrs.windows(2) {
            assert!(
                w[0].code < w[1].code,
                "{}: {} ({}) before {} ({})",
                set.name,
                w[0].name,
                w[0].code,
                w[1].name,
                w[1].code
            );
        }
        for a in set.attrs {
            self.attrs += 1;
            assert!(is_c_name(a.name), "{}: bad name {:?}", set.name, a.name);
            assert!(
                std::ptr::eq(set.lookup(a.code).unwrap(), a),
                "{}: lookup({})",
                set.name,
                a.code
            );
            if let Kind::SubMessage { selector, .. } = a.kind {
                let sel = set.lookup(selector).unwrap_or_else(|| {
                    panic!("{}: {} selector {selector} not in set", set.name, a.name)
                });
                assert!(matches!(sel.kind, Kind::String | Kind::Scalar(..)));
            }
            self.kind(&a.kind);
        }
    }

    fn kind(&mut self, kind: &'static Kind) {
        match kind {
            Kind::Scalar(_, _, hint) | Kind::Binary(hint) => self.hint(hint),
            Kind::Packed(s, _, hint) => {
                assert!(s.size().is_some(), "a packed element has a fixed width");
                self.hint(hint)
            }
            Kind::Bitfield32(Some(e)) => self.enum_def(e),
            Kind::Struct(s) | Kind::StructArray(s) => self.struct_def(s),
            Kind::Headed(f) => {
                if let Some(h) = f.header {
                    self.struct_def(h);
                }
                if let Some(a) = f.attrs {
                    self.set(a);
                }
            }
            Kind::Nest(set) => self.set(set),
            Kind::Array(inner) => self.kind(inner),
            Kind::SubMessage { table, .. } => {
                assert!(!table.formats.is_empty(), "{}", table.name);
                for f in table.formats {
                    assert!(!f.value.is_empty(), "{}", table.name);
                    if let Some(h) = f.header {
                        self.struct_def(h);
                    }
                    if let Some(a) = f.attrs {
                        self.set(a);
                    }
                }
            }
            Kind::String | Kind::Flag | Kind::Bitfield32(None) | Kind::Special(_) => {}
        }
    }

    fn hint(&mut self, hint: &Hint) {
        if let Hint::Enum(e) = hint {
            self.enum_def(e);
        }
    }

    fn enum_def(&mut self, e: &'static EnumDef) {
        if !self.enums.insert(e as *const EnumDef as usize) {
            return;
        }
        assert!(!e.name.is_empty());
        assert!(!e.entries.is_empty(), "{}", e.name);
        for (v, n) in e.entries {
            assert!(!n.is_empty(), "{}", e.name);
            if e.flags {
                assert_eq!(v.count_ones(), 1, "{}: {n} = {v:#x} is not one bit", e.name);
            }
        }
    }

    fn struct_def(&mut self, s: &'static StructDef) {
        if !self.structs.insert(s as *const StructDef as usize) {
            return;
        }
        let mut end = 0;
        for f in s.fields {
            assert!(!f.name.is_empty());
            assert_eq!(f.offset, end, "{}.{}: gap or overlap", s.name, f.name);
            end = f.offset + f.kind.size();
            if let FieldKind::Scalar(_, _, hint) | FieldKind::Bytes(_, hint) = &f.kind {
                self.hint(hint);
            }
            if let FieldKind::Struct(inner) = f.kind {
                assert!(
                    !inner.ends_with_rest(),
                    "{}.{}: an embedded struct has a fixed size",
                    s.name,
                    f.name
                );
                self.struct_def(inner);
            }
        }
        assert_eq!(end, s.size, "{}: size", s.name);
        assert!(
            embed_depth(s) <= MAX_EMBED_DEPTH,
            "{}: embeds structs {} deep, walks follow {MAX_EMBED_DEPTH}",
            s.name,
            embed_depth(s)
        );
    }

    fn msgs(&mut self, what: &str, msgs: &'static [MsgDef]) {
        for w in msgs.windows(2) {
            assert!(
                w[0].value < w[1].value,
                "{what}: {} before {}",
                w[0].name,
                w[1].name
            );
        }
        for m in msgs {
            assert!(is_c_name(m.name), "{what}: bad name {:?}", m.name);
            assert!(std::ptr::eq(find_msg(msgs, m.value).unwrap(), m));
            if let Some(h) = m.header {
                self.struct_def(h);
            }
            if let Some(a) = m.attrs {
                self.set(a);
            }
        }
    }
}

#[test]
fn every_table_keeps_its_invariants() {
    let mut w = Walk::default();
    assert!(GENL_FAMILIES.windows(2).all(|p| p[0].name < p[1].name));
    for f in GENL_FAMILIES {
        assert!(!f.name.is_empty());
        w.msgs(f.name, f.cmds);
        if let Some(h) = f.header {
            w.struct_def(h);
        }
        if let Some(a) = f.default_attrs {
            w.set(a);
        }
    }
    for (name, cmds) in GENL_KERNEL_CMDS {
        w.msgs(name, cmds);
    }
    for r in RAW_SPECS {
        w.msgs(r.name, r.msgs);
    }
    let mut total = 0;
    for (spec, sets) in ALL_ATTR_SETS {
        assert!(!sets.is_empty(), "{spec}");
        total += sets.len();
        for s in *sets {
            w.set(s);
        }
    }
    assert_eq!(w.sets.len(), total, "every set visited once");
    assert!(total > 400, "{total} sets");
    assert!(w.attrs > 3000, "{} attributes", w.attrs);
}

fn genl(name: &str) -> &'static GenlFamilyDef {
    GENL_FAMILIES.iter().find(|f| f.name == name).unwrap()
}

fn raw_msg(spec: &str, value: u16) -> &'static MsgDef {
    let r = RAW_SPECS.iter().find(|r| r.name == spec).unwrap();
    find_msg(r.msgs, value).unwrap()
}

#[test]
fn rtnetlink_matches_kernel_headers() {
    use nlscope::families::schema::gen::{rt_addr, rt_link, rt_route};
    let links = &rt_link::LINK_ATTRS;
    let mtu = links.lookup(4).unwrap();
    assert_eq!(mtu.name, "IFLA_MTU");
    let info = links.lookup(18).unwrap();
    assert_eq!(info.name, "IFLA_LINKINFO");
    let Kind::Nest(info_set) = info.kind else {
        panic!("IFLA_LINKINFO is {:?}", info.kind)
    };
    assert_eq!(info_set.lookup(1).unwrap().name, "IFLA_INFO_KIND");
    let data = info_set.lookup(2).unwrap();
    assert_eq!(data.name, "IFLA_INFO_DATA");
    let Kind::SubMessage { selector, table } = data.kind else {
        panic!("IFLA_INFO_DATA is {:?}", data.kind)
    };
    assert_eq!(selector, 1);
    let bridge = table.format(b"bridge").unwrap().attrs.unwrap();
    assert_eq!(bridge.lookup(1).unwrap().name, "IFLA_BR_FORWARD_DELAY");

    let newlink = raw_msg("rt-link", 16);
    assert_eq!(newlink.name, "RTM_NEWLINK");
    let hdr = newlink.header.unwrap();
    assert_eq!((hdr.name, hdr.size), ("ifinfomsg", 16));
    assert_eq!(raw_msg("rt-link", 18).name, "RTM_GETLINK");
    assert!(std::ptr::eq(newlink.attrs.unwrap(), links));

    assert_eq!(rt_addr::ADDR_ATTRS.lookup(1).unwrap().name, "IFA_ADDRESS");
    assert_eq!(raw_msg("rt-addr", 20).name, "RTM_NEWADDR");
    let mp = rt_route::ROUTE_ATTRS.lookup(9).unwrap();
    assert_eq!(mp.name, "RTA_MULTIPATH");
    assert!(matches!(
        mp.kind,
        Kind::Special(nlscope::families::schema::Special::RtaMultipath)
    ));
    assert_eq!(raw_msg("rt-route", 24).name, "RTM_NEWROUTE");
    assert_eq!(raw_msg("rt-neigh", 28).name, "RTM_NEWNEIGH");
    assert_eq!(raw_msg("rt-rule", 32).name, "RTM_NEWRULE");
    assert_eq!(raw_msg("tc", 36).name, "RTM_NEWQDISC");
    // Every rtnetlink spec is protocol 0; one nlmsg_type names the same message in each.
    for r in RAW_SPECS
        .iter()
        .filter(|r| r.name.starts_with("rt-") || r.name == "tc")
    {
        assert_eq!(r.protonum, 0, "{}", r.name);
    }
}

#[test]
fn netfilter_matches_kernel_headers() {
    use nlscope::families::schema::gen::{conntrack, nftables};
    let newtable = raw_msg("nftables", 0xa00);
    assert_eq!(newtable.name, "NFT_MSG_NEWTABLE");
    assert_eq!(newtable.header.unwrap().name, "nfgenmsg");
    assert_eq!(raw_msg("nftables", 0x10).name, "NFNL_MSG_BATCH_BEGIN");
    assert_eq!(
        nftables::TABLE_ATTRS.lookup(1).unwrap().name,
        "NFTA_TABLE_NAME"
    );
    assert_eq!(
        nftables::CHAIN_ATTRS.lookup(10).unwrap().name,
        "NFTA_CHAIN_FLAGS"
    );
    assert_eq!(raw_msg("conntrack", 0x100).name, "IPCTNL_MSG_CT_NEW");
    assert_eq!(raw_msg("conntrack", 0x101).name, "IPCTNL_MSG_CT_GET");
    assert_eq!(
        conntrack::CONNTRACK_ATTRS.lookup(1).unwrap().name,
        "CTA_TUPLE_ORIG"
    );
    for r in RAW_SPECS
        .iter()
        .filter(|r| r.name == "nftables" || r.name == "conntrack")
    {
        assert_eq!(r.protonum, 12, "{}", r.name);
    }
}

#[test]
fn genetlink_matches_kernel_headers() {
    use nlscope::families::schema::gen::{nlctrl, wireguard};
    let ctrl = genl("nlctrl");
    assert_eq!(find_msg(ctrl.cmds, 1).unwrap().name, "CTRL_CMD_NEWFAMILY");
    assert_eq!(find_msg(ctrl.cmds, 3).unwrap().name, "CTRL_CMD_GETFAMILY");
    let attrs = &nlctrl::CTRL_ATTRS;
    assert_eq!(attrs.lookup(1).unwrap().name, "CTRL_ATTR_FAMILY_ID");
    assert_eq!(attrs.lookup(2).unwrap().name, "CTRL_ATTR_FAMILY_NAME");
    assert!(std::ptr::eq(ctrl.default_attrs.unwrap(), attrs));

    let wg = genl("wireguard");
    assert_eq!(wg.name, "wireguard");
    assert_eq!(find_msg(wg.cmds, 0).unwrap().name, "WG_CMD_GET_DEVICE");
    assert_eq!(find_msg(wg.cmds, 1).unwrap().name, "WG_CMD_SET_DEVICE");
    assert_eq!(
        wireguard::WGDEVICE_ATTRS.lookup(2).unwrap().name,
        "WGDEVICE_A_IFNAME"
    );

    let ethtool = genl("ethtool");
    assert_eq!(
        find_msg(ethtool.cmds, 2).unwrap().name,
        "ETHTOOL_MSG_LINKINFO_GET"
    );
    let (_, kernel) = GENL_KERNEL_CMDS
        .iter()
        .find(|(n, _)| *n == "ethtool")
        .unwrap();
    assert_eq!(
        find_msg(kernel, 2).unwrap().name,
        "ETHTOOL_MSG_LINKINFO_GET_REPLY"
    );
    assert_eq!(
        find_msg(kernel, 3).unwrap().name,
        "ETHTOOL_MSG_LINKINFO_NTF"
    );

    assert!(genl("ovs_datapath")
        .header
        .is_some_and(|h| h.name == "ovs-header"));
    assert!(genl("nl80211").mcast_groups.contains(&"mlme"));
}

/// A `notify:` operation sends the reply of the operation it names: ethtool's
/// FEATURES_NTF (kernel message 13) carries `features` attributes. Without its set
/// it was decoded with the family's default set (`rss`), and the bitsets in
/// genl-diag.pcap frame 108 came out as invalid ETHTOOL_A_RSS_* values.
#[test]
fn notifications_use_the_attribute_set_of_the_operation_they_notify() {
    let kernel = GENL_KERNEL_CMDS
        .iter()
        .find(|(n, _)| *n == "ethtool")
        .unwrap()
        .1;
    let ntf = find_msg(kernel, 13).unwrap();
    assert_eq!(ntf.name, "ETHTOOL_MSG_FEATURES_NTF");
    assert_eq!(ntf.attrs.unwrap().name, "features");
    let reply = find_msg(kernel, 11).unwrap();
    assert!(std::ptr::eq(ntf.attrs.unwrap(), reply.attrs.unwrap()));
}

/// NFTA_SET_ELEM_LIST_ELEMENTS is an indexed array: the kernel ignores the element
/// type and libnftnl numbers elements 1, 2, 3, … (nf-xfrm.pcap frame 108).
#[test]
fn nftables_set_elements_are_an_indexed_array() {
    let set = ALL_ATTR_SETS
        .iter()
        .find(|(s, _)| *s == "nftables")
        .unwrap()
        .1
        .iter()
        .find(|s| s.name == "setelem-list-attrs")
        .unwrap();
    let elements = set.lookup(3).unwrap();
    assert_eq!(elements.name, "NFTA_SET_ELEM_LIST_ELEMENTS");
    match elements.kind {
        Kind::Array(Kind::Nest(inner)) => assert_eq!(inner.name, "setelem-attrs"),
        _ => panic!("NFTA_SET_ELEM_LIST_ELEMENTS is not an array of setelem-attrs"),
    }
}

/// How many embedded structs deep a struct goes (0: none).
fn embed_depth(s: &StructDef) -> usize {
    s.fields
        .iter()
        .map(|f| match f.kind {
            FieldKind::Struct(inner) => 1 + embed_depth(inner),
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}
