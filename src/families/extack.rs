//! Extended ACK (`enum nlmsgerr_attrs`, include/uapi/linux/netlink.h) and the policy
//! description it may carry (`enum netlink_policy_type_attr`).

use crate::families::schema::{AttrDef, AttrSet, ByteOrder::Host, EnumDef, Hint, Kind, Scalar};

/// `enum netlink_attribute_type`: what `NL_POLICY_TYPE_ATTR_TYPE` holds.
pub static NL_ATTR_TYPE: EnumDef = EnumDef {
    name: "netlink_attribute_type",
    flags: false,
    entries: &[
        (0, "invalid"),
        (1, "flag"),
        (2, "u8"),
        (3, "u16"),
        (4, "u32"),
        (5, "u64"),
        (6, "s8"),
        (7, "s16"),
        (8, "s32"),
        (9, "s64"),
        (10, "binary"),
        (11, "string"),
        (12, "nul-string"),
        (13, "nested"),
        (14, "nested-array"),
        (15, "bitfield32"),
        (16, "sint"),
        (17, "uint"),
    ],
};

/// `NL_POLICY_TYPE_ATTR_*`: one attribute's policy, as sent in `NLMSGERR_ATTR_POLICY`.
pub static POLICY_TYPE_ATTRS: AttrSet = AttrSet {
    name: "policy-type-attrs",
    attrs: &[
        AttrDef {
            code: 1,
            name: "NL_POLICY_TYPE_ATTR_TYPE",
            kind: Kind::Scalar(Scalar::U32, Host, Hint::Enum(&NL_ATTR_TYPE)),
        },
        AttrDef {
            code: 2,
            name: "NL_POLICY_TYPE_ATTR_MIN_VALUE_S",
            kind: Kind::Scalar(Scalar::S64, Host, Hint::None),
        },
        AttrDef {
            code: 3,
            name: "NL_POLICY_TYPE_ATTR_MAX_VALUE_S",
            kind: Kind::Scalar(Scalar::S64, Host, Hint::None),
        },
        AttrDef {
            code: 4,
            name: "NL_POLICY_TYPE_ATTR_MIN_VALUE_U",
            kind: Kind::Scalar(Scalar::U64, Host, Hint::None),
        },
        AttrDef {
            code: 5,
            name: "NL_POLICY_TYPE_ATTR_MAX_VALUE_U",
            kind: Kind::Scalar(Scalar::U64, Host, Hint::None),
        },
        AttrDef {
            code: 6,
            name: "NL_POLICY_TYPE_ATTR_MIN_LENGTH",
            kind: Kind::Scalar(Scalar::U32, Host, Hint::None),
        },
        AttrDef {
            code: 7,
            name: "NL_POLICY_TYPE_ATTR_MAX_LENGTH",
            kind: Kind::Scalar(Scalar::U32, Host, Hint::None),
        },
        AttrDef {
            code: 8,
            name: "NL_POLICY_TYPE_ATTR_POLICY_IDX",
            kind: Kind::Scalar(Scalar::U32, Host, Hint::None),
        },
        AttrDef {
            code: 9,
            name: "NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE",
            kind: Kind::Scalar(Scalar::U32, Host, Hint::None),
        },
        AttrDef {
            code: 10,
            name: "NL_POLICY_TYPE_ATTR_BITFIELD32_MASK",
            kind: Kind::Scalar(Scalar::U32, Host, Hint::Hex),
        },
        AttrDef {
            code: 11,
            name: "NL_POLICY_TYPE_ATTR_PAD",
            kind: Kind::Binary(Hint::None),
        },
        AttrDef {
            code: 12,
            name: "NL_POLICY_TYPE_ATTR_MASK",
            kind: Kind::Scalar(Scalar::U64, Host, Hint::Hex),
        },
    ],
};

/// `NLMSGERR_ATTR_*`: the extended-ACK attributes after `NLMSG_ERROR`/`NLMSG_DONE`.
pub static EXTACK_ATTRS: AttrSet = AttrSet {
    name: "nlmsgerr-attrs",
    attrs: &[
        AttrDef {
            code: 1,
            name: "NLMSGERR_ATTR_MSG",
            kind: Kind::String,
        },
        AttrDef {
            code: 2,
            name: "NLMSGERR_ATTR_OFFS",
            kind: Kind::Scalar(Scalar::U32, Host, Hint::None),
        },
        AttrDef {
            code: 3,
            name: "NLMSGERR_ATTR_COOKIE",
            kind: Kind::Binary(Hint::Hex),
        },
        AttrDef {
            code: 4,
            name: "NLMSGERR_ATTR_POLICY",
            kind: Kind::Nest(&POLICY_TYPE_ATTRS),
        },
        AttrDef {
            code: 5,
            name: "NLMSGERR_ATTR_MISS_TYPE",
            kind: Kind::Scalar(Scalar::U32, Host, Hint::None),
        },
        AttrDef {
            code: 6,
            name: "NLMSGERR_ATTR_MISS_NEST",
            kind: Kind::Scalar(Scalar::U32, Host, Hint::None),
        },
    ],
};

/// `NLMSGERR_ATTR_MSG`
pub const NLMSGERR_ATTR_MSG: u16 = 1;
/// `NLMSGERR_ATTR_OFFS`
pub const NLMSGERR_ATTR_OFFS: u16 = 2;
/// `NLMSGERR_ATTR_MISS_TYPE`
pub const NLMSGERR_ATTR_MISS_TYPE: u16 = 5;
/// `NLMSGERR_ATTR_MISS_NEST`
pub const NLMSGERR_ATTR_MISS_NEST: u16 = 6;
