//! Decoding allocates nothing: a counting global allocator wraps the system one, and
//! decoding + typed-walking (iterators and visitor) every message of the real captures after a warm-up pass
//! must perform zero allocations (issue 3: zero heap allocations per message).
//!
//! `unsafe` is needed for `unsafe impl GlobalAlloc`; this is test code that only
//! forwards to `System` and counts, so the crate-wide `forbid(unsafe_code)` is
//! lifted for this file alone.
#![allow(unsafe_code)]

#[path = "support/walk.rs"]
mod walk;

use nlscope::families::decode::Context;
use nlscope::wire::endian::Endian;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    // Per thread: the test harness runs other threads that may allocate meanwhile.
    static ALLOCS: Cell<u64> = const { Cell::new(0) };
}

fn count() {
    // `try_with`: the slot may be gone while a thread is being torn down.
    let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> u64 {
    ALLOCS.with(Cell::get)
}

/// Decode and typed-walk every record; returns (messages-ish checksum, allocations).
fn decode_all(records: &[walk::Rec<'_>], ctx: &mut Context) -> (u64, u64) {
    let before = allocations();
    let mut sum = 0u64;
    let mut e = Endian::NATIVE;
    for r in records {
        e = Endian::detect(r.payload, r.wire_len, e);
        sum = sum.wrapping_add(walk::typed_record(r.payload, r.protocol, e, ctx));
        sum = sum.wrapping_add(walk::visit_record(r.payload, r.protocol, e, ctx));
        sum = sum.wrapping_add(walk::structural(r.payload, e));
    }
    (sum, allocations() - before)
}

#[test]
fn decoding_every_message_allocates_nothing() {
    for name in [
        "rtnl-churn.pcap",
        "rtnl-basic.pcap",
        "genl-diag.pcap",
        "nf-xfrm.pcap",
        "listener-k6.18.pcap",
        "dumps-k6.18.pcap",
        "errors-k6.18.pcap",
    ] {
        let path = format!("{}/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
        let file = std::fs::read(&path).unwrap();
        let records = walk::records(&file);
        assert!(!records.is_empty(), "{name}: no records");
        let mut ctx = Context::new();
        // Warm-up: the context learns generic-netlink family names (that allocates,
        // once per family, by design).
        let (warm, _) = decode_all(&records, &mut ctx);
        let (again, allocs) = decode_all(&records, &mut ctx);
        assert_eq!(warm, again, "{name}: second pass decoded differently");
        assert_eq!(allocs, 0, "{name}: {allocs} allocations while decoding");
    }
}

#[test]
fn the_counter_counts() {
    let before = allocations();
    let v = std::hint::black_box(vec![1u8; 10]);
    drop(v);
    assert!(allocations() > before);
}
