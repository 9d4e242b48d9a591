//! Kernel constants that code (not a table) names: the rtnetlink and nlctrl values
//! the request builders, the session, line output and replay act on. Each is the
//! uapi header's value; `tests/hand_tables.rs` compiles every one against the headers.
//! Everything a decode prints comes from the tables, not from here.

/// `AF_UNSPEC`.
pub const AF_UNSPEC: u8 = 0;
/// `AF_BRIDGE`.
pub const AF_BRIDGE: u8 = 7;
/// `AF_INET6`.
pub const AF_INET6: u8 = 10;

/// `RTM_BASE`: the first rtnetlink message type.
pub const RTM_BASE: u16 = 16;
/// `RTM_NEWLINK`.
pub const RTM_NEWLINK: u16 = 16;
/// `RTM_DELLINK`.
pub const RTM_DELLINK: u16 = 17;
/// `RTM_GETLINK`.
pub const RTM_GETLINK: u16 = 18;
/// `RTM_SETLINK`.
pub const RTM_SETLINK: u16 = 19;
/// `RTM_GETADDR`.
pub const RTM_GETADDR: u16 = 22;
/// `RTM_GETROUTE`.
pub const RTM_GETROUTE: u16 = 26;
/// `RTM_GETNEIGH`.
pub const RTM_GETNEIGH: u16 = 30;
/// `RTM_GETRULE`.
pub const RTM_GETRULE: u16 = 34;
/// `RTM_GETQDISC`.
pub const RTM_GETQDISC: u16 = 38;
/// `RTM_GETTCLASS`.
pub const RTM_GETTCLASS: u16 = 42;
/// `RTM_GETTFILTER`.
pub const RTM_GETTFILTER: u16 = 46;
/// `RTM_GETNEIGHTBL`.
pub const RTM_GETNEIGHTBL: u16 = 66;
/// `RTM_GETADDRLABEL`.
pub const RTM_GETADDRLABEL: u16 = 74;
/// `RTM_GETNETCONF`.
pub const RTM_GETNETCONF: u16 = 82;
/// `RTM_GETMDB`.
pub const RTM_GETMDB: u16 = 86;
/// `RTM_NEWNSID`.
pub const RTM_NEWNSID: u16 = 88;
/// `RTM_GETNSID`.
pub const RTM_GETNSID: u16 = 90;
/// `RTM_GETNEXTHOP`.
pub const RTM_GETNEXTHOP: u16 = 106;
/// `IFLA_IFNAME` (string).
pub const IFLA_IFNAME: u16 = 3;
/// `IFLA_LINKINFO` (nest of `IFLA_INFO_*`).
pub const IFLA_LINKINFO: u16 = 18;
/// `IFLA_INFO_KIND` (string) inside `IFLA_LINKINFO`.
pub const IFLA_INFO_KIND: u16 = 1;
/// `IFF_UP`.
pub const IFF_UP: u32 = 0x1;

/// The index of `lo`: the first device of every network namespace
/// (`LOOPBACK_IFINDEX`, include/net/flow.h).
pub const LOOPBACK_IFINDEX: i32 = 1;

/// `ARPHRD_LOOPBACK` (`ifi_type` of `lo`).
pub const ARPHRD_LOOPBACK: u16 = 772;

/// `CTRL_CMD_NEWFAMILY`.
pub const CTRL_CMD_NEWFAMILY: u8 = 1;
/// `CTRL_CMD_GETFAMILY`.
pub const CTRL_CMD_GETFAMILY: u8 = 3;
/// `CTRL_CMD_NEWMCAST_GRP`.
pub const CTRL_CMD_NEWMCAST_GRP: u8 = 7;

/// The link messages (`RTM_NEWLINK..=RTM_SETLINK`): their fixed header is
/// `struct ifinfomsg`, whose `ifi_index` names the interface.
pub const fn is_link_message(ty: u16) -> bool {
    ty >= RTM_NEWLINK && ty <= RTM_SETLINK
}
