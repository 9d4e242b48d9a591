//! Walks every capture under `/work/shared/captures/{vm,host}` (or `$NLSCOPE_CAPTURES`)
//! through the decoder and lists what no table knows: message types, attributes,
//! sub-message selectors. Skipped when the captures are not there.
//!
//! With the generated tables present (`gen::RAW_SPECS` not empty) the list must be
//! empty; before they land, it is printed for information only.

// Test helpers outside #[test] functions may fail loudly: that is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use nlscope::decode::{decode_message, Body, Context, Value};
use nlscope::endian::Endian;
use nlscope::nlmsg::Messages;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The records of a classic pcap file: (link type, record bytes).
fn pcap_records(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let Some(magic) = bytes.get(..4) else {
        return out;
    };
    let le = match magic {
        [0xd4, 0xc3, 0xb2, 0xa1] | [0x4d, 0x3c, 0xb2, 0xa1] => true,
        [0xa1, 0xb2, 0xc3, 0xd4] | [0xa1, 0xb2, 0x3c, 0x4d] => false,
        _ => return out,
    };
    let rd = |b: &[u8]| -> usize {
        let a: [u8; 4] = b.try_into().unwrap_or([0; 4]);
        (if le {
            u32::from_le_bytes(a)
        } else {
            u32::from_be_bytes(a)
        }) as usize
    };
    let mut pos = 24;
    while let Some(h) = bytes.get(pos..pos + 16) {
        let caplen = rd(&h[8..12]);
        pos += 16;
        let Some(rec) = bytes.get(pos..pos + caplen) else {
            break;
        };
        out.push(rec.to_vec());
        pos += caplen;
    }
    out
}

#[derive(Default)]
struct Unknowns {
    found: BTreeMap<String, (usize, String)>,
}

impl Unknowns {
    fn add(&mut self, key: String, at: &str) {
        let e = self.found.entry(key).or_insert((0, at.to_owned()));
        e.0 += 1;
    }

    fn walk(&mut self, view: nlscope::decode::AttrsView<'_>, path: &str, at: &str) {
        let set = view.set().map(|s| s.name).unwrap_or("?");
        for a in view {
            let Ok(a) = a else {
                self.add(format!("{path}: framing error in {set}"), at);
                return;
            };
            let name = a.name.unwrap_or("?");
            let here = format!("{path}/{name}");
            match a.value {
                Value::Unknown(_) if a.name.is_none() && a.kind.is_none() => {
                    self.add(format!("{path}: unknown attr {} in {set}", a.attr.ty), at)
                }
                Value::Unknown(_) => self.add(format!("{here}: no format for the selector"), at),
                Value::Invalid { error, .. } => self.add(format!("{here}: invalid ({error})"), at),
                Value::Nest(v) => self.walk(v, &here, at),
                Value::SubMessage { attrs, .. } => self.walk(attrs, &here, at),
                Value::Multipath(m) => {
                    for hop in m.hops().flatten() {
                        self.walk(hop.attrs, &format!("{here}/hop"), at);
                    }
                }
                _ => {}
            }
        }
    }
}

fn capture_files() -> Vec<PathBuf> {
    let root = std::env::var_os("NLSCOPE_CAPTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/captures"));
    let mut files = Vec::new();
    for sub in ["vm", "host"] {
        if let Ok(rd) = std::fs::read_dir(root.join(sub)) {
            for e in rd.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "pcap") {
                    files.push(p);
                }
            }
        }
    }
    files.sort();
    files
}

fn scan(path: &Path, u: &mut Unknowns) -> usize {
    let Ok(bytes) = std::fs::read(path) else {
        return 0;
    };
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned());
    let file = file.unwrap_or_default();
    let mut ctx = Context::new();
    let mut n = 0;
    for (i, rec) in pcap_records(&bytes).iter().enumerate() {
        let Some(proto) = rec.get(14..16).map(|p| u16::from_be_bytes([p[0], p[1]])) else {
            continue;
        };
        let at = format!("{file} frame {}", i + 1);
        for m in Messages::new(rec.get(16..).unwrap_or(&[]), Endian::Little) {
            let Ok(m) = m else { break };
            n += 1;
            let d = decode_message(m, proto, &ctx);
            ctx.observe(&d);
            if let Body::Family(f) = &d.body {
                let ty = match f.genl {
                    Some(g) => format!(
                        "genl {}/cmd {}",
                        ctx.genl_name(g.family_id).unwrap_or("?"),
                        g.cmd
                    ),
                    None => format!("proto {proto} type {}", d.msg.header.ty),
                };
                match f.def {
                    None => u.add(format!("unknown message {ty}"), &at),
                    Some(def) => {
                        if let Some(e) = f.header_error {
                            u.add(format!("{}: header error {e}", def.name), &at);
                        }
                        u.walk(f.attrs.clone(), def.name, &at);
                    }
                }
            }
        }
    }
    n
}

#[test]
fn corpus_has_no_unknowns() {
    let files = capture_files();
    if files.is_empty() {
        eprintln!("skipped: no captures found");
        return;
    }
    let mut u = Unknowns::default();
    let mut total = 0;
    for f in &files {
        total += scan(f, &mut u);
    }
    eprintln!("{total} messages in {} files", files.len());
    for (k, (n, at)) in &u.found {
        eprintln!("{n:6}  {k}   (first: {at})");
    }
    if nlscope::schema::gen::RAW_SPECS.is_empty() {
        eprintln!("generated tables not merged yet: not asserting");
        return;
    }
    let left: Vec<&String> = u
        .found
        .keys()
        .filter(|k| !GENERATED_GAPS.iter().any(|(p, _)| k.starts_with(p)))
        .collect();
    assert!(left.is_empty(), "unknowns: {left:#?}");
}

/// Unknowns inside generated tables, left to the generator (remove a row when it is
/// fixed there): `(prefix of the report line, why)`.
const GENERATED_GAPS: &[(&str, &str)] = &[
    (
        "NFT_MSG_NEWSETELEM/NFTA_SET_ELEM_LIST_ELEMENTS: unknown attr",
        "nft numbers the elements 1, 2, 3, … (the kernel ignores the type): \
         NFTA_SET_ELEM_LIST_ELEMENTS is an indexed array of setelem-attrs, not a nest \
         of NFTA_LIST_ELEM (nf-xfrm.pcap frame 108)",
    ),
    (
        "ETHTOOL_MSG_FEATURES_NTF/ETHTOOL_A_RSS_",
        "genl-diag.pcap frame 108: a kernel ethtool message with cmd 13 carrying RSS \
         attributes is read as FEATURES_NTF; the kernel-command table needs a look",
    ),
];
