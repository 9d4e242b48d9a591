//! SELinux notifications (`NETLINK_SELINUX`, protocol 7): the two messages of
//! include/uapi/linux/selinux_netlink.h, multicast to `SELNLGRP_AVC` when the
//! enforcing mode changes or a policy is loaded.

use crate::families::schema::{MsgDef, StructDef};
use crate::families::table::*;

/// `struct selnl_msg_setenforce`: the new enforcing mode.
pub static SELNL_MSG_SETENFORCE_STRUCT: StructDef = StructDef {
    name: "selnl_msg_setenforce",
    size: 4,
    fields: &[field("val", 0, F_S32)],
};

/// `struct selnl_msg_policyload`: the policy's sequence number.
pub static SELNL_MSG_POLICYLOAD_STRUCT: StructDef = StructDef {
    name: "selnl_msg_policyload",
    size: 4,
    fields: &[field("seqno", 0, F_U32)],
};

/// The SELinux message types, sorted by value (`SELNL_MSG_BASE` is 0x10).
pub static MESSAGES: &[MsgDef] = &[
    msg(
        0x10,
        "SELNL_MSG_SETENFORCE",
        Some(&SELNL_MSG_SETENFORCE_STRUCT),
        None,
    ),
    msg(
        0x11,
        "SELNL_MSG_POLICYLOAD",
        Some(&SELNL_MSG_POLICYLOAD_STRUCT),
        None,
    ),
];

#[cfg(test)]
mod tests {
    use crate::families::decode::{decode_message, Body, Context};
    use crate::wire::build::MsgBuilder;
    use crate::wire::endian::Endian;
    use crate::wire::nlmsg::Messages;
    use crate::wire::protocol::NETLINK_SELINUX;

    #[test]
    fn setenforce_and_policyload_decode_in_either_order() {
        for e in [Endian::Little, Endian::Big] {
            for (ty, name, v) in [
                (0x10, "SELNL_MSG_SETENFORCE", 1u32),
                (0x11, "SELNL_MSG_POLICYLOAD", 7),
            ] {
                let mut b = MsgBuilder::new(e, ty, 0, 0, 0);
                b.u32(v);
                let b = b.finish();
                let m = Messages::new(&b, e).next().unwrap().unwrap();
                let d = decode_message(m, NETLINK_SELINUX, &Context::new());
                assert_eq!(d.type_name(), Some(name));
                let Body::Family(f) = &d.body else {
                    panic!("a family message")
                };
                let h = f.header.as_ref().unwrap();
                assert_eq!(h.bytes, &e.u32_bytes(v)[..]);
                assert!(f.header_error.is_none());
            }
        }
    }
}
