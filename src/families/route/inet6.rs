//! Link messages of the IPv6 family (`ifi_family` = `AF_INET6`, 10): addrconf's
//! `inet6_fill_ifinfo` (RTM_NEWLINK notifications when IPv6 on a link changes, and
//! the replies to `RTM_GETLINK` dumps of family AF_INET6) puts `IFLA_INET6_*`
//! attributes into `IFLA_PROTINFO` (net/ipv6/addrconf.c). rt-link calls
//! `IFLA_PROTINFO` binary, so these messages get rt-link's link attributes with
//! that row replaced by a nest of `ifla6-attrs`, derived at compile time as for
//! [`super::bridge`].

use crate::families::schema::gen::rt_link;
use crate::families::schema::{AttrDef, AttrSet, Kind, MsgDef};
use crate::families::table::*;

/// `AF_INET6`
pub const AF_INET6: u8 = 10;

const IFLA_PROTINFO: u16 = 12;
const N: usize = rt_link::LINK_ATTRS.attrs.len();

/// rt-link's rows with `IFLA_PROTINFO` replaced. Evaluated by the compiler: the
/// indexing below cannot fail at run time.
#[allow(clippy::indexing_slicing)]
const fn inet6_rows(src: &'static [AttrDef]) -> [AttrDef; N] {
    const EMPTY: AttrDef = attr(0, "", BIN);
    let mut out = [EMPTY; N];
    let mut i = 0;
    while i < N {
        let row = &src[i];
        let kind = match row.code {
            IFLA_PROTINFO => Kind::Nest(&rt_link::IFLA6_ATTRS),
            _ => row.kind,
        };
        out[i] = attr(row.code, row.name, kind);
        i += 1;
    }
    out
}

static INET6_LINK_ROWS: [AttrDef; N] = inet6_rows(rt_link::LINK_ATTRS.attrs);

/// rt-link's `link-attrs` as an `AF_INET6` link message uses them.
pub static INET6_LINK_ATTRS: AttrSet = AttrSet {
    name: "inet6-link-attrs",
    attrs: &INET6_LINK_ROWS,
};

/// `RTM_NEWLINK`…`RTM_SETLINK` of the IPv6 family.
#[rustfmt::skip]
pub static MESSAGES: &[MsgDef] = &[
    msg(16, "RTM_NEWLINK", Some(&rt_link::IFINFOMSG_STRUCT), Some(&INET6_LINK_ATTRS)),
    msg(17, "RTM_DELLINK", Some(&rt_link::IFINFOMSG_STRUCT), Some(&INET6_LINK_ATTRS)),
    msg(18, "RTM_GETLINK", Some(&rt_link::IFINFOMSG_STRUCT), Some(&INET6_LINK_ATTRS)),
    msg(19, "RTM_SETLINK", Some(&rt_link::IFINFOMSG_STRUCT), Some(&INET6_LINK_ATTRS)),
];
