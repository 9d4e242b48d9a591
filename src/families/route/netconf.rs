//! Per-device IP configuration: `RTM_NEWNETCONF`/`RTM_DELNETCONF`/`RTM_GETNETCONF`
//! (80–82), `struct netconfmsg` + `NETCONFA_*` (include/uapi/linux/netconf.h).

use crate::families::schema::{AttrSet, StructDef};
use crate::families::table::*;

/// `struct netconfmsg`: one byte `ncm_family`, padded to 4 by `NLMSG_ALIGN`.
pub static NETCONFMSG: StructDef = StructDef {
    name: "netconfmsg",
    size: 4,
    fields: &[
        field("ncm_family", 0, f_u8_enum(&crate::families::names::AF)),
        field("__pad", 1, f_pad(3)),
    ],
};

/// `NETCONFA_*`. `NETCONFA_IFINDEX` is -1 for "all" and -2 for "default".
pub static NETCONFA_ATTRS: AttrSet = AttrSet {
    name: "netconfa-attrs",
    attrs: &[
        attr(1, "NETCONFA_IFINDEX", S32_IFINDEX),
        attr(2, "NETCONFA_FORWARDING", S32),
        attr(3, "NETCONFA_RP_FILTER", S32),
        attr(4, "NETCONFA_MC_FORWARDING", S32),
        attr(5, "NETCONFA_PROXY_NEIGH", S32),
        attr(6, "NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN", S32),
        attr(7, "NETCONFA_INPUT", S32),
        attr(8, "NETCONFA_BC_FORWARDING", S32),
    ],
};
