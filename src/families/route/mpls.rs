//! Route messages of the MPLS family (`rtm_family` = `AF_MPLS`, 28): in
//! `mpls_dump_route` / `rtm_to_route_config` (net/mpls/af_mpls.c) `RTA_DST` and
//! `RTA_NEWDST` are stacks of `struct mpls_label` (each a `__be32`: label << 12,
//! traffic class << 9, bottom-of-stack << 8, TTL; include/uapi/linux/mpls.h), not IP
//! addresses. rt-route calls `RTA_DST` an IP address, so these messages get
//! rt-route's attributes with those two rows replaced by packed big-endian `u32`s,
//! derived at compile time as for [`super::inet6`]. `ip -f mpls route` prints the
//! label of each entry (`entry >> 12`). Found by the tools oracle
//! (xtask/src/tools_oracle.rs): nlscope showed `RTA_DST` 101 as `0.6.81.0`.

use crate::families::schema::gen::rt_route;
use crate::families::schema::{AttrDef, AttrSet, ByteOrder, Hint, Kind, MsgDef, Scalar};
use crate::families::table::*;

/// `AF_MPLS`
pub const AF_MPLS: u8 = 28;

const RTA_DST: u16 = 1;
const RTA_NEWDST: u16 = 19;
const N: usize = rt_route::ROUTE_ATTRS.attrs.len();

/// A label stack: `struct mpls_label` entries, big-endian.
pub(crate) const LABELS: Kind = Kind::Packed(Scalar::U32, ByteOrder::Big, Hint::None);

/// rt-route's rows with `RTA_DST` and `RTA_NEWDST` replaced. Evaluated by the
/// compiler: the indexing below cannot fail at run time.
#[allow(clippy::indexing_slicing)]
const fn mpls_rows(src: &'static [AttrDef]) -> [AttrDef; N] {
    const EMPTY: AttrDef = attr(0, "", BIN);
    let mut out = [EMPTY; N];
    let mut i = 0;
    while i < N {
        let row = &src[i];
        let kind = match row.code {
            RTA_DST | RTA_NEWDST => LABELS,
            _ => row.kind,
        };
        out[i] = attr(row.code, row.name, kind);
        i += 1;
    }
    out
}

static MPLS_ROUTE_ROWS: [AttrDef; N] = mpls_rows(rt_route::ROUTE_ATTRS.attrs);

/// rt-route's `route-attrs` as an `AF_MPLS` route message uses them.
pub static MPLS_ROUTE_ATTRS: AttrSet = AttrSet {
    name: "mpls-route-attrs",
    attrs: &MPLS_ROUTE_ROWS,
};

/// `RTM_NEWROUTE`…`RTM_GETROUTE` of the MPLS family.
#[rustfmt::skip]
pub static MESSAGES: &[MsgDef] = &[
    msg(24, "RTM_NEWROUTE", Some(&rt_route::RTMSG_STRUCT), Some(&MPLS_ROUTE_ATTRS)),
    msg(25, "RTM_DELROUTE", Some(&rt_route::RTMSG_STRUCT), Some(&MPLS_ROUTE_ATTRS)),
    msg(26, "RTM_GETROUTE", Some(&rt_route::RTMSG_STRUCT), Some(&MPLS_ROUTE_ATTRS)),
];
