//! rtnetlink (`NETLINK_ROUTE`): what the generated `rt-*` tables do not cover.

use crate::schema::AttrSet;

/// The attribute space of the route attributes inside each `RTA_MULTIPATH` hop.
pub fn multipath_attrs() -> Option<&'static AttrSet> {
    Some(&crate::schema::gen::rt_route::ROUTE_ATTRS)
}
