//! Network namespace ids: `RTM_NEWNSID`/`RTM_DELNSID`/`RTM_GETNSID` (88–90),
//! `struct rtgenmsg` + `NETNSA_*` (include/uapi/linux/net_namespace.h).

use crate::families::schema::{AttrSet, StructDef};
use crate::families::table::*;

/// `struct rtgenmsg`: one byte `rtgen_family`, padded to 4 by `NLMSG_ALIGN`.
pub static RTGENMSG: StructDef = StructDef {
    name: "rtgenmsg",
    size: 4,
    fields: &[
        field("rtgen_family", 0, f_u8_enum(&crate::families::names::AF)),
        field("__pad", 1, f_pad(3)),
    ],
};

/// `NETNSA_*`. Ids are `s32` (-1: not assigned).
pub static NETNSA_ATTRS: AttrSet = AttrSet {
    name: "netnsa-attrs",
    attrs: &[
        attr(1, "NETNSA_NSID", S32),
        attr(2, "NETNSA_PID", U32),
        attr(3, "NETNSA_FD", U32),
        attr(4, "NETNSA_TARGET_NSID", S32),
        attr(5, "NETNSA_CURRENT_NSID", S32),
    ],
};
