//! Netlink protocol numbers: the one place each is named.
//!
//! A netlink socket is opened for one protocol (`socket(AF_NETLINK, SOCK_RAW,
//! NETLINK_ROUTE)`); a capture carries it per record (the nlmon header's
//! `protocol`, an SLL header's protocol field). The numbers and their kernel names
//! are those of `include/uapi/linux/netlink.h`. Everything else in the crate names a
//! protocol through [`Protocol`] (its constants, [`Protocol::name`],
//! [`Protocol::from_name`]) or the `NETLINK_*` constants below, never by its number.

use std::fmt;

/// A netlink protocol number (`NETLINK_ROUTE`, `NETLINK_GENERIC`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Protocol(pub u16);

/// `(number, kernel name without NETLINK_)` of every protocol of
/// `include/uapi/linux/netlink.h`, in number order.
const NAMES: &[(u16, &str)] = &[
    (NETLINK_ROUTE, "ROUTE"),
    (NETLINK_UNUSED, "UNUSED"),
    (NETLINK_USERSOCK, "USERSOCK"),
    (NETLINK_FIREWALL, "FIREWALL"),
    (NETLINK_SOCK_DIAG, "SOCK_DIAG"),
    (NETLINK_NFLOG, "NFLOG"),
    (NETLINK_XFRM, "XFRM"),
    (NETLINK_SELINUX, "SELINUX"),
    (NETLINK_ISCSI, "ISCSI"),
    (NETLINK_AUDIT, "AUDIT"),
    (NETLINK_FIB_LOOKUP, "FIB_LOOKUP"),
    (NETLINK_CONNECTOR, "CONNECTOR"),
    (NETLINK_NETFILTER, "NETFILTER"),
    (NETLINK_IP6_FW, "IP6_FW"),
    (NETLINK_DNRTMSG, "DNRTMSG"),
    (NETLINK_KOBJECT_UEVENT, "KOBJECT_UEVENT"),
    (NETLINK_GENERIC, "GENERIC"),
    (NETLINK_SCSITRANSPORT, "SCSITRANSPORT"),
    (NETLINK_ECRYPTFS, "ECRYPTFS"),
    (NETLINK_RDMA, "RDMA"),
    (NETLINK_CRYPTO, "CRYPTO"),
    (NETLINK_SMC, "SMC"),
];

impl Protocol {
    /// `NETLINK_ROUTE`: rtnetlink.
    pub const ROUTE: Protocol = Protocol(NETLINK_ROUTE);
    /// `NETLINK_USERSOCK`.
    pub const USERSOCK: Protocol = Protocol(NETLINK_USERSOCK);
    /// `NETLINK_SOCK_DIAG`.
    pub const SOCK_DIAG: Protocol = Protocol(NETLINK_SOCK_DIAG);
    /// `NETLINK_NFLOG`.
    pub const NFLOG: Protocol = Protocol(NETLINK_NFLOG);
    /// `NETLINK_XFRM`.
    pub const XFRM: Protocol = Protocol(NETLINK_XFRM);
    /// `NETLINK_AUDIT`.
    pub const AUDIT: Protocol = Protocol(NETLINK_AUDIT);
    /// `NETLINK_FIB_LOOKUP`.
    pub const FIB_LOOKUP: Protocol = Protocol(NETLINK_FIB_LOOKUP);
    /// `NETLINK_NETFILTER`.
    pub const NETFILTER: Protocol = Protocol(NETLINK_NETFILTER);
    /// `NETLINK_KOBJECT_UEVENT`.
    pub const KOBJECT_UEVENT: Protocol = Protocol(NETLINK_KOBJECT_UEVENT);
    /// `NETLINK_GENERIC`.
    pub const GENERIC: Protocol = Protocol(NETLINK_GENERIC);

    /// The kernel's name without `NETLINK_` (`ROUTE`), or `None` for a number the
    /// uapi header does not define.
    pub fn name(self) -> Option<&'static str> {
        NAMES.iter().find(|(n, _)| *n == self.0).map(|(_, s)| *s)
    }

    /// The lower-case name the command line uses (`route`, `sock_diag`), or `None`.
    pub fn cli_name(self) -> Option<String> {
        self.name().map(str::to_ascii_lowercase)
    }

    /// The protocol a user named: a number (`4`), the kernel's name with or without
    /// `NETLINK_`, in any case (`NETLINK_ROUTE`, `route`, `Sock_Diag`).
    pub fn from_name(s: &str) -> Option<Protocol> {
        if let Ok(n) = s.parse::<u16>() {
            return Some(Protocol(n));
        }
        let up = s.to_ascii_uppercase();
        let up = up.strip_prefix("NETLINK_").unwrap_or(&up);
        NAMES
            .iter()
            .find(|(_, name)| *name == up)
            .map(|(n, _)| Protocol(*n))
    }

    /// Every protocol the uapi header names, in number order.
    pub fn all() -> impl Iterator<Item = Protocol> {
        NAMES.iter().map(|(n, _)| Protocol(*n))
    }
}

impl fmt::Display for Protocol {
    /// The kernel's name (`ROUTE`), or the number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "{}", self.0),
        }
    }
}

impl From<u16> for Protocol {
    fn from(n: u16) -> Protocol {
        Protocol(n)
    }
}

/// `NETLINK_ROUTE`
pub const NETLINK_ROUTE: u16 = 0;
/// `NETLINK_UNUSED`
pub const NETLINK_UNUSED: u16 = 1;
/// `NETLINK_USERSOCK`
pub const NETLINK_USERSOCK: u16 = 2;
/// `NETLINK_FIREWALL` (removed from the kernel; the number stays reserved)
pub const NETLINK_FIREWALL: u16 = 3;
/// `NETLINK_SOCK_DIAG`
pub const NETLINK_SOCK_DIAG: u16 = 4;
/// `NETLINK_NFLOG`
pub const NETLINK_NFLOG: u16 = 5;
/// `NETLINK_XFRM`
pub const NETLINK_XFRM: u16 = 6;
/// `NETLINK_SELINUX`
pub const NETLINK_SELINUX: u16 = 7;
/// `NETLINK_ISCSI`
pub const NETLINK_ISCSI: u16 = 8;
/// `NETLINK_AUDIT`
pub const NETLINK_AUDIT: u16 = 9;
/// `NETLINK_FIB_LOOKUP`
pub const NETLINK_FIB_LOOKUP: u16 = 10;
/// `NETLINK_CONNECTOR`
pub const NETLINK_CONNECTOR: u16 = 11;
/// `NETLINK_NETFILTER`
pub const NETLINK_NETFILTER: u16 = 12;
/// `NETLINK_IP6_FW` (removed; reserved)
pub const NETLINK_IP6_FW: u16 = 13;
/// `NETLINK_DNRTMSG` (DECnet, removed; reserved)
pub const NETLINK_DNRTMSG: u16 = 14;
/// `NETLINK_KOBJECT_UEVENT`
pub const NETLINK_KOBJECT_UEVENT: u16 = 15;
/// `NETLINK_GENERIC`
pub const NETLINK_GENERIC: u16 = 16;
/// `NETLINK_SCSITRANSPORT`
pub const NETLINK_SCSITRANSPORT: u16 = 18;
/// `NETLINK_ECRYPTFS`
pub const NETLINK_ECRYPTFS: u16 = 19;
/// `NETLINK_RDMA`
pub const NETLINK_RDMA: u16 = 20;
/// `NETLINK_CRYPTO`
pub const NETLINK_CRYPTO: u16 = 21;
/// `NETLINK_SMC`
pub const NETLINK_SMC: u16 = 22;

/// `GENL_ID_CTRL`: generic netlink's controller (nlctrl), the one family whose
/// message type is fixed (`include/uapi/linux/genetlink.h`).
pub const GENL_ID_CTRL: u16 = 0x10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_in_every_spelling() {
        for p in Protocol::all() {
            let name = p.name().unwrap_or_default();
            assert_eq!(Protocol::from_name(name), Some(p));
            assert_eq!(Protocol::from_name(&format!("netlink_{name}")), Some(p));
            assert_eq!(Protocol::from_name(&p.0.to_string()), Some(p));
        }
        assert_eq!(Protocol::from_name("sock_diag"), Some(Protocol::SOCK_DIAG));
        assert_eq!(Protocol::from_name("nope"), None);
        assert_eq!(Protocol(17).name(), None, "17 is not defined");
        assert_eq!(Protocol(17).to_string(), "17");
        assert_eq!(Protocol::GENERIC.to_string(), "GENERIC");
    }

    #[test]
    fn numbers_are_in_order_and_unique() {
        assert!(NAMES.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
