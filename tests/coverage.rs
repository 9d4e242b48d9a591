//! Coverage: decode every corpus capture and look for anything nlscope could not
//! name. Every message (and the request echoed in each `NLMSG_ERROR`), every
//! attribute at every depth (nests, indexed arrays, sub-messages, multipath hops,
//! extended ACK) is walked; unknown message types, unknown attributes, sub-message
//! selectors without a format, invalid values and framing errors are collected and
//! printed (`cargo test --test coverage -- --nocapture`).
//!
//! Asserted: nothing unknown anywhere (spaces of the generated spec tables and of
//! the hand tables alike, each listed as `[spec]` or `[hand]`), no invalid value and
//! no framing error, apart from the explained [`EXCEPTIONS`].
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{walk_capture, Walked, CAPTURES};
use nlscope::families::schema::{gen, AttrSet};
use std::collections::BTreeMap;

/// Problems in the real captures that are not nlscope's: `(name, condition, why)`.
type Applies = fn(&common::Problem) -> bool;
static EXCEPTIONS: &[(&str, Applies, &str)] = &[(
    "zero tail of a request",
    |p| p.zero_tail_of_request,
    "iproute2 sends its whole request buffer while nlmsg_len covers only the \
     message; the rest is zero bytes, where the kernel's netlink_rcv_skb stops too \
     (nlmsg_len 0 < 16). nlscope rightly reports the framing error",
)];

/// Is `set` one of the generated spec tables?
fn spec_space(set: &'static AttrSet) -> Option<&'static str> {
    gen::ALL_ATTR_SETS
        .iter()
        .find(|(_, sets)| sets.iter().any(|s| std::ptr::eq(*s, set)))
        .map(|(spec, _)| *spec)
}

#[derive(Default)]
struct Seen {
    count: usize,
    first: String,
}

impl Seen {
    fn add(&mut self, capture: &str, frame: u64, pos: usize) {
        if self.count == 0 {
            self.first = format!("{capture} frame {frame} pos {pos}");
        }
        self.count += 1;
    }
}

#[derive(Default)]
struct Report {
    /// Unknown message types: (spec-covered family?, description).
    msgs: BTreeMap<(bool, String), Seen>,
    /// Unknown attributes: (spec name or "hand", space, type).
    attrs: BTreeMap<(String, &'static str, u16), Seen>,
    /// Sub-message selectors without a format: (table, attribute, selector).
    formats: BTreeMap<(&'static str, &'static str, String), Seen>,
    /// Invalid values and framing errors.
    problems: Vec<String>,
    /// Problems an exception explains, per exception.
    excused: BTreeMap<&'static str, usize>,
    messages: usize,
    attributes: usize,
    untyped: usize,
}

/// Is this unknown message in a family a generated spec covers (a generic-netlink
/// family with a spec, whose command is unknown)?
fn spec_family(m: &common::WMsg) -> bool {
    m.genl_family
        .as_deref()
        .is_some_and(|n| nlscope::families::genl_family_by_name(n.as_bytes()).is_some())
}

fn collect(r: &mut Report, capture: &str, recs: &[Walked]) {
    for w in recs {
        for m in &w.msgs {
            r.messages += 1;
            if !m.known {
                r.msgs
                    .entry((spec_family(m), m.what.clone()))
                    .or_default()
                    .add(capture, w.frame, m.pos);
            }
        }
        for a in &w.attrs {
            r.attributes += 1;
            if a.known {
                continue;
            }
            match a.space {
                Some(set) => {
                    let spec = spec_space(set).unwrap_or("hand").to_owned();
                    r.attrs
                        .entry((spec, set.name, a.raw_type & 0x3fff))
                        .or_default()
                        .add(capture, w.frame, a.pos);
                }
                None => r.untyped += 1,
            }
        }
        for f in &w.unknown_formats {
            r.formats
                .entry((f.table, f.attr, f.selector.clone()))
                .or_default()
                .add(capture, w.frame, f.pos);
        }
        for p in &w.problems {
            let line = format!("{capture} frame {} pos {}: {}", w.frame, p.pos, p.what);
            match EXCEPTIONS.iter().find(|(_, applies, _)| applies(p)) {
                Some((name, _, _)) => *r.excused.entry(name).or_default() += 1,
                None => r.problems.push(line),
            }
        }
    }
}

#[test]
fn corpus_has_no_unknowns() {
    let mut r = Report::default();
    for c in CAPTURES {
        let recs = walk_capture(c);
        collect(&mut r, c, &recs);
    }
    println!(
        "coverage: {} messages, {} attributes walked; {} attributes of unknown messages left untyped",
        r.messages, r.attributes, r.untyped
    );
    println!("unknown message types ({}):", r.msgs.len());
    for ((spec, what), s) in &r.msgs {
        let side = if *spec { "spec" } else { "hand" };
        println!("  [{side}] {what}: {} (first {})", s.count, s.first);
    }
    println!("unknown attributes ({}):", r.attrs.len());
    for ((spec, space, ty), s) in &r.attrs {
        println!(
            "  [{spec}] {space} type {ty}: {} (first {})",
            s.count, s.first
        );
    }
    println!(
        "sub-message selectors without a format ({}):",
        r.formats.len()
    );
    for ((table, attr, sel), s) in &r.formats {
        println!(
            "  {table} ({attr}) = {sel:?}: {} (first {})",
            s.count, s.first
        );
    }
    for (name, _, why) in EXCEPTIONS {
        let n = r.excused.get(name).copied().unwrap_or(0);
        println!("exception {name:?}: {n} problems excused ({why})");
    }
    println!("invalid values and framing errors ({}):", r.problems.len());
    for p in &r.problems {
        println!("  {p}");
    }

    let msgs: Vec<_> = r.msgs.keys().collect();
    assert!(msgs.is_empty(), "unknown message types: {msgs:?}");
    let attrs: Vec<_> = r.attrs.keys().collect();
    assert!(attrs.is_empty(), "unknown attributes: {attrs:?}");
    let formats: Vec<_> = r.formats.keys().collect();
    assert!(
        formats.is_empty(),
        "sub-message selectors without a format: {formats:?}"
    );
    assert!(r.problems.is_empty(), "invalid values or framing errors");
}

/// The kernel's IPv6 statistics arrays (`IFLA_INET6_STATS`, `IFLA_INET6_ICMP6STATS`)
/// start with their own element count (`__snmp6_fill_stats64`: `stats[0] = items`):
/// decoded as packed `u64` arrays, element 0 equals the number of elements and no
/// byte is left over, in every corpus capture that has them.
#[test]
fn ipv6_stats_arrays_count_themselves() {
    let mut seen = 0;
    for name in CAPTURES {
        for w in walk_capture(name) {
            for attr in ["IFLA_INET6_STATS", "IFLA_INET6_ICMP6STATS"] {
                let first = format!("{attr}[0]");
                let prefix = format!("{attr}[");
                for (i, l) in w.leaves.iter().enumerate() {
                    if l.name != first {
                        continue;
                    }
                    let run = w.leaves[i..]
                        .iter()
                        .take_while(|x| x.name.starts_with(&prefix))
                        .count();
                    assert_eq!(l.size, 8, "frame {} {attr}: u64 elements", w.frame);
                    assert_eq!(
                        l.text,
                        run.to_string(),
                        "frame {} {attr}: count vs elements",
                        w.frame
                    );
                    assert!(
                        !w.leaves[i..]
                            .iter()
                            .any(|x| x.name == format!("{attr} tail")),
                        "frame {} {attr}: bytes left over",
                        w.frame
                    );
                    seen += 1;
                }
            }
        }
    }
    println!("IPv6 statistics arrays checked: {seen}");
    assert!(
        seen > 0,
        "the corpus has IFLA_INET6_STATS in RTM_NEWLINK dumps"
    );
}
