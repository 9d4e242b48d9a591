//! A stand-in for a project's own netlink client: it builds the bytes of an
//! `RTM_NEWLINK` request that renames a link and sets its MTU (as `ip link set dev
//! IFINDEX name NAME mtu MTU` would), by hand, in host byte order.

/// `RTM_NEWLINK` (linux/rtnetlink.h).
pub const RTM_NEWLINK: u16 = 16;
/// `NLM_F_REQUEST | NLM_F_ACK`.
pub const FLAGS: u16 = 0x1 | 0x4;
/// `IFLA_MTU`, `IFLA_IFNAME` (linux/if_link.h).
const IFLA_MTU: u16 = 4;
const IFLA_IFNAME: u16 = 3;

fn attr(out: &mut Vec<u8>, ty: u16, value: &[u8]) {
    let len = 4 + value.len();
    out.extend_from_slice(&(len as u16).to_ne_bytes());
    out.extend_from_slice(&ty.to_ne_bytes());
    out.extend_from_slice(value);
    out.resize(out.len() + (4 - len % 4) % 4, 0);
}

/// The request: `nlmsghdr`, `ifinfomsg`, `IFLA_IFNAME`, `IFLA_MTU`.
pub fn set_link(seq: u32, ifindex: i32, name: &str, mtu: u32) -> Vec<u8> {
    let mut m = vec![0; 16];
    // struct ifinfomsg: family, pad, type, index, flags, change.
    m.extend_from_slice(&[0, 0, 0, 0]);
    m.extend_from_slice(&ifindex.to_ne_bytes());
    m.extend_from_slice(&0u32.to_ne_bytes());
    m.extend_from_slice(&0u32.to_ne_bytes());
    let mut z = name.as_bytes().to_vec();
    z.push(0);
    attr(&mut m, IFLA_IFNAME, &z);
    attr(&mut m, IFLA_MTU, &mtu.to_ne_bytes());
    let len = m.len() as u32;
    m[0..4].copy_from_slice(&len.to_ne_bytes());
    m[4..6].copy_from_slice(&RTM_NEWLINK.to_ne_bytes());
    m[6..8].copy_from_slice(&FLAGS.to_ne_bytes());
    m[8..12].copy_from_slice(&seq.to_ne_bytes());
    m
}
