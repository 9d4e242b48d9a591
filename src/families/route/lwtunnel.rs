//! Lightweight tunnel encapsulations (include/uapi/linux/lwtunnel.h and the
//! per-type headers): the payload of `NHA_ENCAP` (and of rt-route's `RTA_ENCAP`),
//! chosen by the `u16` `LWTUNNEL_ENCAP_*` in `NHA_ENCAP_TYPE`/`RTA_ENCAP_TYPE`.
//! The sub-message formats are named by the decimal value of that number.

use crate::families::schema::{AttrSet, SubMessage};
use crate::families::table::*;

/// `MPLS_IPTUNNEL_*` (include/uapi/linux/mpls_iptunnel.h).
pub static MPLS_IPTUNNEL_ATTRS: AttrSet = AttrSet {
    name: "mpls-iptunnel-attrs",
    attrs: &[
        // A stack of 4-byte MPLS label entries (`struct mpls_label`, network order:
        // label << 12 | tc << 9 | bos << 8 | ttl), as for AF_MPLS routes' RTA_DST.
        attr(1, "MPLS_IPTUNNEL_DST", super::mpls::LABELS),
        attr(2, "MPLS_IPTUNNEL_TTL", U8),
    ],
};

/// `LWTUNNEL_IP_OPT_GENEVE_*`.
pub static LWTUNNEL_IP_OPT_GENEVE_ATTRS: AttrSet = AttrSet {
    name: "lwtunnel-ip-opt-geneve-attrs",
    attrs: &[
        attr(1, "LWTUNNEL_IP_OPT_GENEVE_CLASS", BE16),
        attr(2, "LWTUNNEL_IP_OPT_GENEVE_TYPE", U8),
        attr(3, "LWTUNNEL_IP_OPT_GENEVE_DATA", HEX),
    ],
};

/// `LWTUNNEL_IP_OPT_VXLAN_*`.
pub static LWTUNNEL_IP_OPT_VXLAN_ATTRS: AttrSet = AttrSet {
    name: "lwtunnel-ip-opt-vxlan-attrs",
    attrs: &[attr(1, "LWTUNNEL_IP_OPT_VXLAN_GBP", U32)],
};

/// `LWTUNNEL_IP_OPT_ERSPAN_*`.
pub static LWTUNNEL_IP_OPT_ERSPAN_ATTRS: AttrSet = AttrSet {
    name: "lwtunnel-ip-opt-erspan-attrs",
    attrs: &[
        attr(1, "LWTUNNEL_IP_OPT_ERSPAN_VER", U8),
        attr(2, "LWTUNNEL_IP_OPT_ERSPAN_INDEX", BE32),
        attr(3, "LWTUNNEL_IP_OPT_ERSPAN_DIR", U8),
        attr(4, "LWTUNNEL_IP_OPT_ERSPAN_HWID", U8),
    ],
};

/// `LWTUNNEL_IP_OPTS_*`: tunnel options of an IP/IP6 encapsulation.
pub static LWTUNNEL_IP_OPTS_ATTRS: AttrSet = AttrSet {
    name: "lwtunnel-ip-opts-attrs",
    attrs: &[
        attr(
            1,
            "LWTUNNEL_IP_OPTS_GENEVE",
            nest(&LWTUNNEL_IP_OPT_GENEVE_ATTRS),
        ),
        attr(
            2,
            "LWTUNNEL_IP_OPTS_VXLAN",
            nest(&LWTUNNEL_IP_OPT_VXLAN_ATTRS),
        ),
        attr(
            3,
            "LWTUNNEL_IP_OPTS_ERSPAN",
            nest(&LWTUNNEL_IP_OPT_ERSPAN_ATTRS),
        ),
    ],
};

/// `LWTUNNEL_IP_*`: an IPv4 tunnel (collect-metadata devices).
pub static LWTUNNEL_IP_ATTRS: AttrSet = AttrSet {
    name: "lwtunnel-ip-attrs",
    attrs: &[
        attr(1, "LWTUNNEL_IP_ID", BE64),
        attr(2, "LWTUNNEL_IP_DST", IPV4),
        attr(3, "LWTUNNEL_IP_SRC", IPV4),
        attr(4, "LWTUNNEL_IP_TTL", U8),
        attr(5, "LWTUNNEL_IP_TOS", U8),
        attr(6, "LWTUNNEL_IP_FLAGS", BE16),
        attr(7, "LWTUNNEL_IP_PAD", BIN),
        attr(8, "LWTUNNEL_IP_OPTS", nest(&LWTUNNEL_IP_OPTS_ATTRS)),
    ],
};

/// `LWTUNNEL_IP6_*`: an IPv6 tunnel.
pub static LWTUNNEL_IP6_ATTRS: AttrSet = AttrSet {
    name: "lwtunnel-ip6-attrs",
    attrs: &[
        attr(1, "LWTUNNEL_IP6_ID", BE64),
        attr(2, "LWTUNNEL_IP6_DST", IPV6),
        attr(3, "LWTUNNEL_IP6_SRC", IPV6),
        attr(4, "LWTUNNEL_IP6_HOPLIMIT", U8),
        attr(5, "LWTUNNEL_IP6_TC", U8),
        attr(6, "LWTUNNEL_IP6_FLAGS", BE16),
        attr(7, "LWTUNNEL_IP6_PAD", BIN),
        attr(8, "LWTUNNEL_IP6_OPTS", nest(&LWTUNNEL_IP_OPTS_ATTRS)),
    ],
};

/// `SEG6_IPTUNNEL_*` (include/uapi/linux/seg6_iptunnel.h).
pub static SEG6_IPTUNNEL_ATTRS: AttrSet = AttrSet {
    name: "seg6-iptunnel-attrs",
    attrs: &[
        // struct seg6_iptunnel_encap: an int mode and an IPv6 segment routing header.
        attr(1, "SEG6_IPTUNNEL_SRH", HEX),
    ],
};

/// `LWT_BPF_PROG_*`: one BPF program of a BPF encapsulation.
pub static LWT_BPF_PROG_ATTRS: AttrSet = AttrSet {
    name: "lwt-bpf-prog-attrs",
    attrs: &[
        attr(1, "LWT_BPF_PROG_FD", U32),
        attr(2, "LWT_BPF_PROG_NAME", STR),
    ],
};

/// `LWT_BPF_*`.
pub static LWT_BPF_ATTRS: AttrSet = AttrSet {
    name: "lwt-bpf-attrs",
    attrs: &[
        attr(1, "LWT_BPF_IN", nest(&LWT_BPF_PROG_ATTRS)),
        attr(2, "LWT_BPF_OUT", nest(&LWT_BPF_PROG_ATTRS)),
        attr(3, "LWT_BPF_XMIT", nest(&LWT_BPF_PROG_ATTRS)),
        attr(4, "LWT_BPF_XMIT_HEADROOM", U32),
    ],
};

/// `LWT_XFRM_*`.
pub static LWT_XFRM_ATTRS: AttrSet = AttrSet {
    name: "lwt-xfrm-attrs",
    attrs: &[
        attr(1, "LWT_XFRM_IF_ID", U32),
        attr(2, "LWT_XFRM_LINK", U32),
    ],
};

/// The encapsulations by `LWTUNNEL_ENCAP_*` number (ILA, SEG6_LOCAL, RPL and IOAM6
/// are not described yet: their payload stays unknown bytes).
pub static LWTUNNEL_ENCAP_MSG: SubMessage = SubMessage {
    name: "lwtunnel-encap",
    formats: &[
        sub("1", Some(&MPLS_IPTUNNEL_ATTRS)),
        sub("2", Some(&LWTUNNEL_IP_ATTRS)),
        sub("4", Some(&LWTUNNEL_IP6_ATTRS)),
        sub("5", Some(&SEG6_IPTUNNEL_ATTRS)),
        sub("6", Some(&LWT_BPF_ATTRS)),
        sub("10", Some(&LWT_XFRM_ATTRS)),
    ],
};
