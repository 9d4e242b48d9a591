//! The two byte-taking nom parsers the framing is built from, over `&[u8]` with the
//! error type [`Fault`].
//!
//! They do what nom's own `take(n)`, and `take(N)` followed by `first_chunk`, do,
//! and return nom's [`IResult`], so they compose with nom's combinators and `?`
//! like any nom parser. They exist because nom 8.0.0's primitives over `&[u8]`
//! (`take` and every number parser) advance the input with `<&[u8] as
//! Input>::take_from`, which is not `#[inline]`: a crate built without cross-crate
//! LTO (the `bench` profile, and any crate that depends on nlscope with the default
//! profile) pays an out-of-line, bounds-checked call for every read. Measured on
//! the structural walk of `corpus/rtnl-churn.pcap` (callgrind, instructions per
//! message; the hand walker 328, the hand-written iterators these replace 376):
//! the framing with nom's `u32(e)`/`u16(e)` chains 2,227; with nom's `take` and
//! `first_chunk` 1,220; with these two 369 (BENCHMARKS.md, 2026-12-07).
//!
//! [`Fault`]: crate::wire::error::Fault

use crate::wire::error::Fault;
use nom::IResult;

/// nom parser of the next `N` bytes as an array: one bounds check, then reads at
/// fixed offsets that need none (nom's `take(N)` + `first_chunk`).
///
/// # Errors
/// [`Fault::Short`] when fewer than `N` bytes are there.
#[inline(always)]
pub fn array<const N: usize>(input: &[u8]) -> IResult<&[u8], &[u8; N], Fault> {
    match input.split_first_chunk::<N>() {
        Some((head, rest)) => Ok((rest, head)),
        None => Err(nom::Err::Error(Fault::Short)),
    }
}

/// nom parser of the next `n` bytes (nom's `take(n)`).
///
/// # Errors
/// [`Fault::Short`] when fewer than `n` bytes are there.
#[inline(always)]
pub fn take(n: usize) -> impl Fn(&[u8]) -> IResult<&[u8], &[u8], Fault> {
    move |input| match input.split_at_checked(n) {
        Some((head, rest)) => Ok((rest, head)),
        None => Err(nom::Err::Error(Fault::Short)),
    }
}
