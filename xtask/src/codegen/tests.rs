//! Generator tests against the installed kernel uapi headers (linux-libc-dev).
//! They fetch netlink-bindings through cargo, so they need crates.io (or its cache).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use super::headers::enum_constants;
use super::model::Family;

fn families() -> &'static [Family] {
    static F: OnceLock<Vec<Family>> = OnceLock::new();
    F.get_or_init(|| {
        let dir = super::spec_dir(&super::root()).unwrap();
        super::families(&dir).unwrap()
    })
}

fn headers() -> &'static BTreeMap<String, i64> {
    static H: OnceLock<BTreeMap<String, i64>> = OnceLock::new();
    H.get_or_init(|| enum_constants(Path::new("/usr/include/linux")))
}

/// Every generated attribute and message name that the headers define has the
/// headers' value; and enough of them are defined there that the naming rules are
/// known to work for each spec that has a uapi header.
#[test]
fn names_and_values_match_uapi_headers() {
    let h = headers();
    if h.is_empty() {
        eprintln!("no /usr/include/linux headers; skipped");
        return;
    }
    let mut bad = Vec::new();
    let mut report = Vec::new();
    for f in families() {
        let (mut found, mut total) = (0, 0);
        let mut check = |name: &str, value: i64| {
            total += 1;
            if let Some(v) = h.get(name) {
                found += 1;
                if *v != value {
                    bad.push(format!(
                        "{}: {name} is {value:#x}, header says {v:#x}",
                        f.name
                    ));
                }
            }
        };
        for s in &f.sets {
            for r in &s.rows {
                check(&r.cname, i64::from(r.code));
            }
        }
        // nfnetlink message types carry the subsystem in the high byte, except
        // the nfnetlink batch messages.
        let netfilter = f.raw && f.protonum == Some(12);
        for m in f.msgs.iter().chain(f.kernel_msgs.iter().flatten()) {
            let v = if netfilter && !m.cname.starts_with("NFNL_") {
                i64::from(m.value & 0xff)
            } else {
                i64::from(m.value)
            };
            check(&m.cname, v);
        }
        report.push(format!("{}: {found}/{total} names in headers", f.name));
    }
    eprintln!("{}", report.join("\n"));
    assert!(bad.is_empty(), "mismatches:\n{}", bad.join("\n"));
}

fn family(name: &str) -> &'static Family {
    families().iter().find(|f| f.name == name).unwrap()
}

fn attr(fam: &str, set: &str, cname: &str) -> u16 {
    let s = family(fam)
        .sets
        .iter()
        .find(|s| s.name == set)
        .unwrap_or_else(|| panic!("{fam}: no set {set}"));
    s.rows
        .iter()
        .find(|r| r.cname == cname)
        .unwrap_or_else(|| panic!("{fam}: no {cname} in {set}"))
        .code
}

#[test]
fn spot_checks() {
    let h = headers();
    for (fam, set, name) in [
        ("rt-link", "link-attrs", "IFLA_MTU"),
        ("rt-link", "link-attrs", "IFLA_LINKINFO"),
        ("rt-link", "linkinfo-attrs", "IFLA_INFO_KIND"),
        ("rt-addr", "addr-attrs", "IFA_ADDRESS"),
        ("rt-route", "route-attrs", "RTA_MULTIPATH"),
        ("nlctrl", "ctrl-attrs", "CTRL_ATTR_FAMILY_ID"),
        ("nlctrl", "ctrl-attrs", "CTRL_ATTR_FAMILY_NAME"),
        ("wireguard", "wgdevice", "WGDEVICE_A_IFNAME"),
        ("nftables", "table-attrs", "NFTA_TABLE_NAME"),
        ("ethtool", "header", "ETHTOOL_A_HEADER_DEV_INDEX"),
        ("devlink", "devlink", "DEVLINK_ATTR_BUS_NAME"),
        ("nl80211", "nl80211-attrs", "NL80211_ATTR_WIPHY"),
        ("conntrack", "conntrack-attrs", "CTA_TUPLE_ORIG"),
        ("tc", "attrs", "TCA_KIND"),
        ("ovs_datapath", "datapath", "OVS_DP_ATTR_NAME"),
    ] {
        let code = attr(fam, set, name);
        if let Some(v) = h.get(name) {
            assert_eq!(i64::from(code), *v, "{name}");
        }
    }
    assert_eq!(attr("rt-link", "link-attrs", "IFLA_MTU"), 4);
    assert_eq!(attr("rt-link", "link-attrs", "IFLA_LINKINFO"), 18);
    let msg = |fam: &str, name: &str| {
        family(fam)
            .msgs
            .iter()
            .find(|m| m.cname == name)
            .unwrap_or_else(|| panic!("{fam}: no {name}"))
            .value
    };
    assert_eq!(msg("rt-link", "RTM_NEWLINK"), 16);
    assert_eq!(msg("nlctrl", "CTRL_CMD_GETFAMILY"), 3);
    assert_eq!(msg("nlctrl", "CTRL_CMD_NEWFAMILY"), 1);
    assert_eq!(msg("nftables", "NFT_MSG_NEWTABLE"), 0xa00);
    assert_eq!(msg("wireguard", "WG_CMD_GET_DEVICE"), 0);
    assert_eq!(msg("conntrack", "IPCTNL_MSG_CT_GET"), 0x101);
}

/// The struct fixes take effect: tc-ratespec has the kernel's 16-bit members and
/// 12 bytes, and the structs that embed it (as one `FieldKind::Struct` member) move
/// with it.
#[test]
fn struct_fixes_give_the_kernels_layout() {
    let st = |fam: &str, name: &str| family(fam).structs.iter().find(|s| s.name == name).unwrap();
    let rs = st("tc", "tc-ratespec");
    let at: Vec<(&str, usize)> = rs.fields.iter().map(|(n, o, _)| (n.as_str(), *o)).collect();
    assert_eq!(
        at,
        [
            ("cell_log", 0),
            ("linklayer", 1),
            ("overhead", 2),
            ("cell_align", 4),
            ("mpu", 6),
            ("rate", 8)
        ]
    );
    assert_eq!(rs.size, 12);
    assert!(rs.fields[3].2.contains("Scalar::S16"), "{}", rs.fields[3].2);
    let tbf = st("tc", "tc-tbf-qopt");
    assert_eq!(tbf.size, 36);
    assert!(tbf.fields.iter().any(|(n, o, _)| n == "limit" && *o == 24));
    // The ratespecs are embedded (one member each, the fixed 12-byte struct), not
    // flattened into `rate.cell_log`, ….
    let embeds = |n: &str, o: usize| {
        tbf.fields
            .iter()
            .any(|(m, at, k)| m == n && *at == o && k == "FieldKind::Struct(&TC_RATESPEC_STRUCT)")
    };
    assert!(
        embeds("rate", 0) && embeds("peakrate", 12),
        "{:?}",
        tbf.fields
    );
    assert!(tbf.fields.iter().all(|(n, _, _)| !n.contains('.')));
    let sel = st("tc", "tc-u32-sel");
    assert_eq!(sel.size, 16);
    assert!(sel
        .fields
        .last()
        .is_some_and(|(n, o, k)| n == "keys" && *o == 16 && k.contains("Rest")));
}

/// A layout with a member off its natural alignment, or a size that is not a
/// multiple of the widest member, is refused.
#[test]
fn misaligned_structs_are_refused() {
    use super::model::check_alignment;
    let u8_ = "FieldKind::Scalar(Scalar::U8, ByteOrder::Host, Hint::None)".to_string();
    let u32_ = "FieldKind::Scalar(Scalar::U32, ByteOrder::Host, Hint::None)".to_string();
    let f = |n: &str, o: usize, k: &String| (n.to_string(), o, k.clone());
    assert!(check_alignment("ok", 8, &[f("a", 0, &u8_), f("b", 4, &u32_)]).is_ok());
    assert!(check_alignment("off", 8, &[f("a", 0, &u8_), f("b", 1, &u32_)]).is_err());
    assert!(check_alignment("tail", 5, &[f("b", 0, &u32_), f("a", 4, &u8_)]).is_err());
}

/// Every row of `overrides::MEMBER_NAMES` and `overrides::ATTR_NAMES_OF_VALUES`
/// names a struct member or an attribute its spec has: a renamed spec item cannot
/// silently drop the names.
#[test]
fn value_name_overrides_are_all_used() {
    let dir = super::spec_dir(&super::root()).unwrap();
    let specs = super::load_specs(&dir).unwrap();
    let spec = |name: &str| specs.iter().find(|s| s.name == name);
    let mut stale = Vec::new();
    for (sp, st, member, _, _) in super::overrides::MEMBER_NAMES {
        let found = spec(sp).is_some_and(|s| {
            s.definitions.iter().any(|d| {
                d.name == *st
                    && d.members
                        .iter()
                        .any(|m| m.name.replace('-', "_") == *member)
            })
        });
        if !found {
            stale.push(format!("MEMBER_NAMES: {sp} {st}.{member}"));
        }
    }
    for (sp, set, attr, _, _) in super::overrides::ATTR_NAMES_OF_VALUES {
        let found = spec(sp).is_some_and(|s| {
            s.attribute_sets
                .iter()
                .any(|a| a.name == *set && a.attributes.iter().any(|x| x.name == *attr))
        });
        if !found {
            stale.push(format!("ATTR_NAMES_OF_VALUES: {sp} {set}.{attr}"));
        }
    }
    assert!(stale.is_empty(), "overrides naming nothing: {stale:#?}");
}

/// Every row the kernel's source corrects (`overrides::KERNEL_KINDS`) names a set and
/// an attribute the specs have, so that a typo cannot leave the spec's row in place.
#[test]
fn kernel_kinds_each_replace_a_row() {
    for (spec, set, attr, expr, _) in super::overrides::KERNEL_KINDS {
        let s = family(spec)
            .sets
            .iter()
            .find(|s| s.name == *set)
            .unwrap_or_else(|| panic!("{spec}: no set {set}"));
        assert!(
            s.rows.iter().any(|r| r.kind == *expr),
            "{spec}/{set}/{attr}: no row of kind {expr}"
        );
    }
}
