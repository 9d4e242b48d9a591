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
