//! The hand tables on real bytes: messages cut from the VM captures in
//! `../shared/captures/vm/` (kernel 6.1, iproute2 from Debian 12), each with the
//! frame and the scenario-log command that made it.

// Test helpers outside #[test] functions may fail loudly: that is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use nlscope::families::decode::{
    decode_message, Body, Context, DecodedAttr, FamilyMsg, FieldValue, Value,
};
use nlscope::families::schema::SubMessage;
use nlscope::wire::endian::Endian;
use nlscope::wire::nlmsg::Messages;

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn family<'a>(bytes: &'a [u8], protocol: u16) -> (Option<&'static str>, FamilyMsg<'a>) {
    let msg = Messages::new(bytes, Endian::Little)
        .next()
        .unwrap()
        .unwrap();
    let d = decode_message(msg, protocol, &Context::new());
    let name = d.type_name();
    match d.body {
        Body::Family(f) => (name, f),
        other => panic!("not a family message: {other:?}"),
    }
}

fn attrs<'a>(f: &FamilyMsg<'a>) -> Vec<DecodedAttr<'a>> {
    f.attrs.clone().map(|a| a.unwrap()).collect()
}

fn find<'a, 'b>(list: &'b [DecodedAttr<'a>], name: &str) -> &'b DecodedAttr<'a> {
    list.iter()
        .find(|a| a.name == Some(name))
        .unwrap_or_else(|| panic!("no {name}"))
}

fn unsigned(a: &DecodedAttr<'_>) -> u64 {
    match a.value {
        Value::Unsigned(v) => v,
        ref v => panic!("{:?} is {v:?}", a.name),
    }
}

fn bytes<'a>(a: &DecodedAttr<'a>) -> &'a [u8] {
    match a.value {
        Value::Bytes(b) | Value::String(b) => b,
        ref v => panic!("{:?} is {v:?}", a.name),
    }
}

/// rtnl-basic.pcap frame 277: `ip nexthop add id 1 via 10.1.2.254 dev dummy0`
/// (rtnl-basic.log), the RTM_NEWNEXTHOP request.
const NEXTHOP: &str = "300000006800050687d1066b0000000002000000000000000800010001000000\
080006000a0102fe0800050006000000";

/// rtnl-basic.pcap frame 285: `ip nexthop add id 10 group 1/2`.
const NEXTHOP_GROUP: &str = "340000006800050688d1066b000000000000000000000000080001000a000000\
1400020001000000000000000200000000000000";

/// rtnl-basic.pcap frame 79, first message: the kernel's RTM_NEWNETCONF for `lo`
/// in the dump `ip netconf show dev lo` asked for (frame 78).
const NETCONF: &str = "4c0000005000020087d1066be500000002000000080001000100000008000200\
0000000008000300000000000800040000000000080008000000000008000500\
000000000800060000000000";

/// rtnl-basic.pcap frame 116: `ip link add veth0 type veth peer name veth1`, the
/// RTM_NEWLINK request; bytes 52.. are IFLA_INFO_DATA's payload.
const VETH: &str = "5c0000001000050686d1066b00000000000000000000000000000000000000000a\
00030076657468300000003000120008000100766574682400020020000100000000\
000000000000000000000000000a0003007665746831000000";

/// genl-diag.pcap frame 516: a SOCK_DIAG_BY_FAMILY reply to `ss -tanie`
/// (genl-diag.log): the CLOSE-WAIT socket 127.0.0.1:60360 -> 127.0.0.1:8080,
/// ino 11171, "cubic wscale:7,7 rto:208 mss:32768 pmtu:65535 rcvmss:536".
const SOCK_DIAG: &str = "740100001400020040e201007b01000002080000ebc81f907f00000100000000\
00000000000000007f000001000000000000000000000000000000001300000000\
00000000000000010000000000000000000000a32b0000050008000100000008000f00000000000c\
00150001000000000000000600160052000000ec0002000800000000077701802c0300000000000080000018\
020000000000000000000000000000000000000000000040010000000000004c0100003c010000ffff0000d7ff\
000008120000a2080000ffffff7f0a000000cbff00000300000000000000d7ff000000000000b8607608000000\
00ffffffffffffffff07000000000000000100000000000000040000000300000000000000e110000000000000\
01000000ced64a0000000000a00f000000000000000000000000000000000000000000000200000000000000\
06000000000000000000000000000000000000000000000000000000000001000a0004006375626963000000";

#[test]
fn nexthop_request() {
    let b = hex(NEXTHOP);
    let (name, f) = family(&b, 0);
    assert_eq!(name, Some("RTM_NEWNEXTHOP"));
    let h = f.header.unwrap();
    assert_eq!(h.def.name, "nhmsg");
    assert_eq!(h.unsigned("nh_family"), Some(2));
    let a = attrs(&f);
    assert_eq!(unsigned(find(&a, "NHA_ID")), 1);
    assert_eq!(bytes(find(&a, "NHA_GATEWAY")), &[10, 1, 2, 254]);
    assert_eq!(unsigned(find(&a, "NHA_OIF")), 6);
    assert!(a.iter().all(|x| x.name.is_some()));
}

#[test]
fn nexthop_group_is_an_array_of_nexthop_grp() {
    let b = hex(NEXTHOP_GROUP);
    let (name, f) = family(&b, 0);
    assert_eq!(name, Some("RTM_NEWNEXTHOP"));
    let a = attrs(&f);
    assert_eq!(unsigned(find(&a, "NHA_ID")), 10);
    let Value::StructArray(g) = find(&a, "NHA_GROUP").value else {
        panic!("NHA_GROUP is not a struct array");
    };
    let ids: Vec<u64> = g.elements().map(|e| e.unsigned("id").unwrap()).collect();
    assert_eq!(ids, [1, 2]);
    assert!(g.elements().all(|e| e.unsigned("weight") == Some(0)));
    assert!(g.rest().is_empty());
}

#[test]
fn netconf_notification() {
    let b = hex(NETCONF);
    let (name, f) = family(&b, 0);
    assert_eq!(name, Some("RTM_NEWNETCONF"));
    assert_eq!(f.header.unwrap().unsigned("ncm_family"), Some(2));
    let a = attrs(&f);
    let names: Vec<&str> = a.iter().map(|x| x.name.unwrap()).collect();
    assert_eq!(
        names,
        [
            "NETCONFA_IFINDEX",
            "NETCONFA_FORWARDING",
            "NETCONFA_RP_FILTER",
            "NETCONFA_MC_FORWARDING",
            "NETCONFA_BC_FORWARDING",
            "NETCONFA_PROXY_NEIGH",
            "NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN",
        ]
    );
    assert!(matches!(
        find(&a, "NETCONFA_IFINDEX").value,
        Value::Signed(1)
    ));
    assert!(matches!(
        find(&a, "NETCONFA_FORWARDING").value,
        Value::Signed(0)
    ));
}

#[test]
fn veth_link_kind_through_the_fallback() {
    static LINKINFO_DATA: SubMessage = SubMessage {
        name: "linkinfo-data-msg",
        formats: &[],
    };
    let b = hex(VETH);
    // IFLA_LINKINFO at 44 { IFLA_INFO_KIND "veth" at 48, IFLA_INFO_DATA at 56 }.
    assert_eq!(&b[52..56], b"veth");
    let format = nlscope::families::sub_format_fallback(&LINKINFO_DATA, b"veth").unwrap();
    let data = &b[60..92];
    let Value::SubMessage { attrs, .. } =
        nlscope::families::decode::value::decode_sub(format, data, 60, Endian::Little, 2)
    else {
        panic!("not a sub-message");
    };
    let a: Vec<_> = attrs.map(|x| x.unwrap()).collect();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].name, Some("VETH_INFO_PEER"));
    assert_eq!(a[0].attr.value.len(), 28);
    // The peer: ifinfomsg (16 zero bytes) then IFLA_IFNAME "veth1".
    assert_eq!(&a[0].attr.value[20..25], b"veth1");
    assert!(nlscope::families::sub_format_fallback(&LINKINFO_DATA, b"vxlan").is_some());
    assert!(nlscope::families::sub_format_fallback(&LINKINFO_DATA, b"nosuchkind").is_none());
}

#[test]
fn veth_request_decodes_the_peer_as_a_link() {
    let b = hex(VETH);
    let (name, f) = family(&b, 0);
    assert_eq!(name, Some("RTM_NEWLINK"));
    let a = attrs(&f);
    assert_eq!(bytes(find(&a, "IFLA_IFNAME")), b"veth0");
    let Value::Nest(li) = find(&a, "IFLA_LINKINFO").value.clone() else {
        panic!("IFLA_LINKINFO is not a nest");
    };
    let li: Vec<_> = li.map(|x| x.unwrap()).collect();
    assert_eq!(bytes(find(&li, "IFLA_INFO_KIND")), b"veth");
    let Value::SubMessage {
        format,
        attrs: data,
        ..
    } = find(&li, "IFLA_INFO_DATA").value.clone()
    else {
        panic!("IFLA_INFO_DATA is not a sub-message");
    };
    assert_eq!(format.value, "veth");
    let data: Vec<_> = data.map(|x| x.unwrap()).collect();
    let Value::SubMessage {
        header,
        attrs: peer,
        ..
    } = find(&data, "VETH_INFO_PEER").value.clone()
    else {
        panic!("VETH_INFO_PEER is not a struct followed by attributes");
    };
    let header = header.unwrap();
    assert_eq!(header.def.name, "ifinfomsg");
    assert_eq!(header.unsigned("ifi_index"), Some(0));
    let peer: Vec<_> = peer.map(|x| x.unwrap()).collect();
    assert_eq!(bytes(find(&peer, "IFLA_IFNAME")), b"veth1");
}

#[test]
fn sock_diag_inet_reply() {
    let b = hex(SOCK_DIAG);
    assert_eq!(b.len(), 372);
    let (name, f) = family(&b, 4);
    assert_eq!(name, Some("SOCK_DIAG_BY_FAMILY"));
    let h = f.header.unwrap();
    assert_eq!(h.def.name, "inet_diag_msg");
    assert_eq!(h.unsigned("idiag_family"), Some(2));
    assert_eq!(h.unsigned("idiag_state"), Some(8)); // TCP_CLOSE_WAIT
    assert_eq!(h.unsigned("id.idiag_sport"), Some(60360)); // big-endian on the wire
    assert_eq!(h.unsigned("id.idiag_dport"), Some(8080));
    assert!(matches!(
        h.field("id.idiag_src"),
        Some(FieldValue::Bytes([127, 0, 0, 1]))
    ));
    assert_eq!(h.unsigned("idiag_inode"), Some(11171));
    assert_eq!(h.unsigned("idiag_rqueue"), Some(1));
    let a = attrs(&f);
    assert!(a.iter().all(|x| x.name.is_some()), "unknown attribute");
    let Value::Struct(ti) = find(&a, "INET_DIAG_INFO").value else {
        panic!("INET_DIAG_INFO is not a struct");
    };
    assert_eq!(ti.def.name, "tcp_info");
    // A 6.1 kernel sends 232 bytes of the 248 the 6.12 header defines.
    assert_eq!(ti.bytes.len(), 232);
    assert_eq!(ti.unsigned("tcpi_state"), Some(8));
    assert_eq!(
        ti.unsigned("tcpi_snd_wscale:4,tcpi_rcv_wscale:4"),
        Some(0x77)
    );
    assert_eq!(ti.unsigned("tcpi_rto"), Some(208_000));
    assert_eq!(ti.unsigned("tcpi_snd_mss"), Some(32768));
    assert_eq!(ti.unsigned("tcpi_rcv_mss"), Some(536));
    assert_eq!(ti.unsigned("tcpi_pmtu"), Some(65535));
    assert_eq!(ti.unsigned("tcpi_advmss"), Some(65483));
    assert_eq!(ti.unsigned("tcpi_snd_cwnd"), Some(10));
    assert_eq!(bytes(find(&a, "INET_DIAG_CONG")), b"cubic");
}

#[test]
fn sock_diag_request_header_by_direction() {
    // genl-diag.pcap frame 515: the request of `ss -tanie`: inet_diag_req_v2 for
    // AF_INET, IPPROTO_TCP, idiag_ext 0x0e, all states (0xfff).
    let b = hex(
        "480000001400010340e201000000000002060e00ff0f00000000000000000000\
00000000000000000000000000000000000000000000000000000000000000000000000000000000",
    );
    let (name, f) = family(&b, 4);
    assert_eq!(name, Some("SOCK_DIAG_BY_FAMILY"));
    let h = f.header.unwrap();
    assert_eq!(h.def.name, "inet_diag_req_v2");
    assert_eq!(h.unsigned("sdiag_protocol"), Some(6));
    assert_eq!(h.unsigned("idiag_ext"), Some(0x0e));
    // Host order: 0xfff, not the 0xff0f0000 a big-endian reading gives.
    assert_eq!(h.unsigned("idiag_states"), Some(0xfff));
    assert!(f.header_error.is_none());
}

/// nf-xfrm.pcap frame 289: `ip xfrm state add src 10.1.2.3 dst 10.1.2.4 proto esp
/// spi 0x1000 reqid 1 mode tunnel enc cbc(aes) 0x0001…0f auth-trunc hmac(sha256)
/// 0x0001…1f 128` (nf-xfrm.log), the XFRM_MSG_NEWSA request.
const XFRM_NEWSA: &str = "b40100001000050078d1066b000000000000000000000000000000000000000000000000000000000000000000000000\
0000000000000000000000000000000000000000000000000a0102040000000000000000000000000000100032000000\
0a010203000000000000000000000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\
000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000\
000000000000000000000000000000000000000000000000000000000000000001000000020001000000000000000000\
580002006362632861657329000000000000000000000000000000000000000000000000000000000000000000000000\
000000000000000000000000000000000000000080000000000102030405060708090a0b0c0d0e0f6c001400686d6163\
287368613235362900000000000000000000000000000000000000000000000000000000000000000000000000000000\
0000000000000000000000000001000080000000000102030405060708090a0b0c0d0e0f101112131415161718191a1b\
1c1d1e1f";

#[test]
fn xfrm_newsa_request() {
    let b = hex(XFRM_NEWSA);
    assert_eq!(b.len(), 436);
    let (name, f) = family(&b, 6);
    assert_eq!(name, Some("XFRM_MSG_NEWSA"));
    let h = f.header.unwrap();
    assert_eq!(h.def.name, "xfrm_usersa_info");
    assert_eq!(h.unsigned("id.spi"), Some(0x1000)); // big-endian on the wire
    assert_eq!(h.unsigned("id.proto"), Some(50)); // IPPROTO_ESP
    assert!(matches!(
        h.field("id.daddr"),
        Some(FieldValue::Bytes([10, 1, 2, 4, ..]))
    ));
    assert!(matches!(
        h.field("saddr"),
        Some(FieldValue::Bytes([10, 1, 2, 3, ..]))
    ));
    assert_eq!(h.unsigned("reqid"), Some(1));
    assert_eq!(h.unsigned("family"), Some(2));
    assert_eq!(h.unsigned("mode"), Some(1)); // XFRM_MODE_TUNNEL
    assert_eq!(h.unsigned("lft.soft_byte_limit"), Some(u64::MAX));
    let a = attrs(&f);
    let Value::Struct(crypt) = find(&a, "XFRMA_ALG_CRYPT").value else {
        panic!("XFRMA_ALG_CRYPT is not a struct");
    };
    assert_eq!(crypt.def.name, "xfrm_algo");
    assert!(matches!(
        crypt.field("alg_name"),
        Some(FieldValue::Bytes([b'c', b'b', b'c', b'(', ..]))
    ));
    assert_eq!(crypt.unsigned("alg_key_len"), Some(128));
    // The key sits in a member a renderer can redact by name, not in the tail.
    let key: Vec<u8> = (0..16).collect();
    assert!(matches!(crypt.field("alg_key"), Some(FieldValue::Bytes(k)) if k == key.as_slice()));
    assert!(crypt.tail().is_empty());
    let Value::Struct(auth) = find(&a, "XFRMA_ALG_AUTH_TRUNC").value else {
        panic!("XFRMA_ALG_AUTH_TRUNC is not a struct");
    };
    assert_eq!(auth.unsigned("alg_key_len"), Some(256));
    assert_eq!(auth.unsigned("alg_trunc_len"), Some(128));
    assert!(matches!(auth.field("alg_key"), Some(FieldValue::Bytes(k)) if k.len() == 32));
}

/// Built by hand (no capture has one): what `ip nexthop add id 3 encap mpls 100 via
/// 10.1.2.254 dev dummy0` sends, cut down to the encapsulation. NHA_ENCAP's layout
/// is chosen by the u16 in NHA_ENCAP_TYPE, matched in decimal.
#[test]
fn nexthop_encap_is_chosen_by_a_number() {
    let mut b: Vec<u8> = Vec::new();
    let body: Vec<u8> = [
        &[2u8, 0, 0, 0, 0, 0, 0, 0][..],              // nhmsg: AF_INET
        &[8, 0, 1, 0, 3, 0, 0, 0],                    // NHA_ID 3
        &[6, 0, 7, 0, 1, 0, 0, 0],                    // NHA_ENCAP_TYPE LWTUNNEL_ENCAP_MPLS
        &[12, 0, 8, 0x80, 8, 0, 1, 0, 0, 6, 0x41, 0], // NHA_ENCAP { MPLS_IPTUNNEL_DST 100/S }
    ]
    .concat();
    let len = (16 + body.len()) as u32;
    b.extend_from_slice(&len.to_le_bytes());
    b.extend_from_slice(&104u16.to_le_bytes());
    b.extend_from_slice(&0x605u16.to_le_bytes());
    b.extend_from_slice(&[0; 8]);
    b.extend_from_slice(&body);
    let (name, f) = family(&b, 0);
    assert_eq!(name, Some("RTM_NEWNEXTHOP"));
    let a = attrs(&f);
    assert_eq!(unsigned(find(&a, "NHA_ENCAP_TYPE")), 1);
    let Value::SubMessage {
        format,
        attrs: encap,
        ..
    } = find(&a, "NHA_ENCAP").value.clone()
    else {
        panic!("NHA_ENCAP is not a sub-message");
    };
    assert_eq!(format.value, "1");
    let encap: Vec<_> = encap.map(|x| x.unwrap()).collect();
    // A label stack: packed big-endian struct mpls_label entries (label 100 << 12 |
    // bottom of stack 0x100), as for AF_MPLS routes' RTA_DST.
    match find(&encap, "MPLS_IPTUNNEL_DST").value {
        Value::Packed(ref p) => assert_eq!(p.bytes, &[0, 6, 0x41, 0]),
        ref v => panic!("MPLS_IPTUNNEL_DST is {v:?}"),
    }
}

/// corpus/tools-k6.1.pcap (`ip -f mpls route add 101 via inet 10.1.2.253 dev
/// dummy0`, its dump reply cut to RTA_DST): for rtm_family AF_MPLS, RTA_DST is a stack
/// of struct mpls_label (be32: label 101 << 12 | bottom of stack 0x100), not an IPv4
/// address (it was shown as 0.6.81.0; `ip -j -f mpls route` prints 101).
#[test]
fn mpls_route_dst_is_a_label_stack() {
    let mut b: Vec<u8> = Vec::new();
    let body: Vec<u8> = [
        &[28u8, 20, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0][..], // rtmsg: AF_MPLS, /20, main, boot
        &[8, 0, 1, 0, 0, 6, 0x51, 0],                    // RTA_DST 101/S
    ]
    .concat();
    let len = (16 + body.len()) as u32;
    b.extend_from_slice(&len.to_le_bytes());
    b.extend_from_slice(&24u16.to_le_bytes());
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&[0; 8]);
    b.extend_from_slice(&body);
    let (name, f) = family(&b, 0);
    assert_eq!(name, Some("RTM_NEWROUTE"));
    let a = attrs(&f);
    match find(&a, "RTA_DST").value {
        Value::Packed(ref p) => {
            assert_eq!(p.bytes, &[0, 6, 0x51, 0]);
            assert_eq!(u32::from_be_bytes([0, 6, 0x51, 0]) >> 12, 101);
        }
        ref v => panic!("RTA_DST of AF_MPLS is {v:?}"),
    }
}

#[test]
fn packet_diag_msg_protocol_is_host_order() {
    // genl-diag.pcap frame 475 (`ss -0`), x86: the first 16 bytes of a
    // packet_diag_msg (AF_PACKET, SOCK_DGRAM, pdiag_num 3 = ETH_P_ALL, inode 12765);
    // nlmsg_len cut to 32 to keep the fixture to the header. The kernel fills
    // pdiag_num with ntohs(po->num) (net/packet/diag.c): host order, not
    // big-endian (read big-endian it was 768; tshark shows 3).
    let b = hex(concat!(
        "2000000014000200",                 // nlmsghdr: len 32, SOCK_DIAG_BY_FAMILY, MULTI
        "40e2010077010000",                 // seq, pid
        "11020300dd3100000f00000000000000", // packet_diag_msg
    ));
    let (_, f) = family(&b, 4);
    let h = f.header.unwrap();
    assert_eq!(h.def.name, "packet_diag_msg");
    assert_eq!(h.unsigned("pdiag_family"), Some(17));
    assert_eq!(h.unsigned("pdiag_num"), Some(3));
    assert_eq!(h.unsigned("pdiag_ino"), Some(12765));
}

#[test]
fn inet6_link_protinfo_holds_inet6_attributes() {
    // listener-k6.18.pcap frame 18: addrconf's RTM_NEWLINK of family AF_INET6 for
    // link 2 ("a1"), x86, cut to its header and the first two IFLA_INET6_*
    // attributes of IFLA_PROTINFO (nlmsg_len and nla_len set to match): the flags
    // IF_READY and ifla_cacheinfo { max_reasm_len 65535, tstamp 124793,
    // reachable_time 22876, retrans_time 1000 }. rt-link calls IFLA_PROTINFO binary.
    let b = hex(concat!(
        "4000000010000000",                         // nlmsghdr: len 64, RTM_NEWLINK
        "0000000000000000",                         // seq, pid
        "0a00010002000000",                         // ifinfomsg: AF_INET6, ARPHRD_ETHER, index 2
        "4310010000000000",                         // ifi_flags, ifi_change
        "20000c00",                                 // IFLA_PROTINFO
        "0800010000000080",                         // IFLA_INET6_FLAGS
        "14000500ffff000079e701005c590000e8030000", // IFLA_INET6_CACHEINFO
    ));
    let (name, f) = family(&b, 0);
    assert_eq!(name, Some("RTM_NEWLINK"));
    let a = attrs(&f);
    let Value::Nest(inner) = &find(&a, "IFLA_PROTINFO").value else {
        panic!("IFLA_PROTINFO is not a nest");
    };
    let inner: Vec<_> = inner.clone().map(|x| x.unwrap()).collect();
    assert_eq!(unsigned(find(&inner, "IFLA_INET6_FLAGS")), 0x8000_0000);
    let Value::Struct(ci) = find(&inner, "IFLA_INET6_CACHEINFO").value else {
        panic!("IFLA_INET6_CACHEINFO is not a struct");
    };
    assert_eq!(ci.unsigned("max_reasm_len"), Some(65535));
    assert_eq!(ci.unsigned("retrans_time"), Some(1000));
}
