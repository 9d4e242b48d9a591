//! The push-style decoder (`decode::visit_attrs`) against the `AttrsView` iterators it
//! must agree with: on every message of every corpus capture, step by step (the check
//! is the fuzz targets' own, `invariants::check_visit`), and on a hand-built message
//! with a wrong-size value and a framing error inside a nest. `decode::visit_family`
//! against `decode_message` and the iterators on every corpus message.

// Test code: a failed unwrap here is a failed test.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

#[path = "support/invariants.rs"]
mod invariants;
#[path = "support/walk.rs"]
mod walk;

use invariants::{check_visit, Recorder, Step};
use nlscope::families::decode::{decode_message, visit_attrs, Body, Context, Leaf};
use nlscope::wire::build::MsgBuilder;
use nlscope::wire::endian::Endian;
use nlscope::wire::nlmsg::Messages;

#[test]
fn visitor_matches_the_iterators_on_every_corpus_message() {
    let (mut messages, mut steps, mut family_steps) = (0usize, 0usize, 0usize);
    for file in walk::corpus_captures() {
        let bytes = std::fs::read(&file).unwrap();
        let records = walk::records(&bytes);
        let mut ctx = Context::new();
        let (mut typed_ctx, mut visit_ctx) = (Context::new(), Context::new());
        let (mut typed, mut visited) = (0u64, 0u64);
        for r in &records {
            let e = Endian::Little;
            for m in Messages::new(r.payload, e).map_while(Result::ok) {
                let d = decode_message(m, r.protocol, &ctx);
                if let Body::Family(f) = &d.body {
                    steps += check_visit(&f.attrs);
                }
                family_steps += invariants::check_visit_family(&m, r.protocol, &d);
                ctx.observe(&d);
                messages += 1;
            }
            typed =
                typed.wrapping_add(walk::typed_record(r.payload, r.protocol, e, &mut typed_ctx));
            visited =
                visited.wrapping_add(walk::visit_record(r.payload, r.protocol, e, &mut visit_ctx));
        }
        assert_eq!(
            typed,
            visited,
            "{}: the visitor's checksum differs from the iterators'",
            file.display()
        );
        println!(
            "{}: {} records, checksum {typed:x} both ways",
            file.display(),
            records.len()
        );
    }
    println!("{messages} messages, {steps} steps compared; visit_family: {family_steps} steps");
    assert!(messages > 13_000, "only {messages} messages in corpus/");
    assert!(steps > 500_000, "only {steps} steps compared");
    assert!(
        family_steps > 500_000,
        "only {family_steps} visit_family steps compared"
    );
}

#[test]
fn visitor_reports_wrong_sizes_and_framing_errors_and_goes_on() {
    const RTM_NEWLINK: u16 = 16;
    const IFLA_IFNAME: u16 = 3;
    const IFLA_MTU: u16 = 4;
    const IFLA_LINKINFO: u16 = 18;
    const IFLA_INFO_KIND: u16 = 1;
    let mut b = MsgBuilder::new(Endian::Little, RTM_NEWLINK, 0, 1, 0);
    b.zeros(16); // struct ifinfomsg
    b.attr(IFLA_MTU, &[0xdc, 0x05]); // a u32 in two bytes
    let nest = b.nest_start(IFLA_LINKINFO);
    b.attr_str(IFLA_INFO_KIND, "veth");
    b.bytes(&[0x40, 0x00, 0x02, 0x00]); // nla_len 64: past the end of the nest
    b.nest_end(nest);
    b.attr_str(IFLA_IFNAME, "eth0");
    let bytes = b.finish();

    let m = Messages::new(&bytes, Endian::Little)
        .next()
        .unwrap()
        .unwrap();
    let d = decode_message(m, 0, &Context::new());
    let Body::Family(f) = &d.body else {
        panic!("not decoded as rtnetlink: {:?}", d.body)
    };
    check_visit(&f.attrs);
    let mut rec = Recorder::default();
    visit_attrs(&f.attrs, &mut rec);
    let steps = rec.0;
    let mtu_at = 16 + 16;
    assert!(
        matches!(steps[0], Step::Invalid(IFLA_MTU, at, Some("IFLA_MTU"), err) if at == mtu_at && err == mtu_at + 4),
        "first step: {:?}",
        steps[0]
    );
    assert!(matches!(
        steps[1],
        Step::Begin(IFLA_LINKINFO, _, Some("IFLA_LINKINFO"), _)
    ));
    assert!(matches!(
        steps[2],
        Step::Leaf(
            IFLA_INFO_KIND,
            _,
            Some("IFLA_INFO_KIND"),
            _,
            Leaf::String(b"veth")
        )
    ));
    let inner_bad_at = mtu_at + 8 + 4 + 12;
    assert!(
        matches!(steps[3], Step::Framing(at) if at == inner_bad_at),
        "step 3: {:?}",
        steps[3]
    );
    assert_eq!(steps[4], Step::End);
    // The framing error ended the nest only: the message's own list goes on.
    assert!(matches!(
        steps[5],
        Step::Leaf(
            IFLA_IFNAME,
            _,
            Some("IFLA_IFNAME"),
            _,
            Leaf::String(b"eth0")
        )
    ));
    assert_eq!(steps.len(), 6);
}
