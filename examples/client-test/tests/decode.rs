//! The client's request, decoded by nlscope: the test names attributes as the kernel
//! does and never counts bytes itself.

use client_test::set_link;
use nlscope::families::decode::{decode_message, Body, Context, Value};
use nlscope::wire::endian::Endian;
use nlscope::wire::nlmsg::Messages;
use nlscope::wire::protocol::NETLINK_ROUTE;

#[test]
fn the_request_says_what_the_client_meant() {
    let bytes = set_link(7, 3, "uplink0", 1400);
    let endian = if cfg!(target_endian = "big") {
        Endian::Big
    } else {
        Endian::Little
    };
    let mut msgs = Messages::new(&bytes, endian);
    let msg = msgs.next().expect("one message").expect("it frames");
    assert!(msgs.next().is_none(), "nothing after it");
    let d = decode_message(msg, NETLINK_ROUTE, &Context::new());
    assert_eq!(d.type_name(), Some("RTM_NEWLINK"));
    assert_eq!(d.msg.header.seq, 7);
    let Body::Family(f) = &d.body else {
        panic!("not a family message")
    };
    let header = f.header.as_ref().expect("the ifinfomsg");
    assert_eq!(header.def.name, "ifinfomsg");
    let (mut name, mut mtu) = (None, None);
    for a in f.attrs.clone() {
        let a = a.expect("every attribute frames");
        match (a.name, a.value) {
            (Some("IFLA_IFNAME"), Value::String(s)) => name = Some(s.to_vec()),
            (Some("IFLA_MTU"), Value::Unsigned(n)) => mtu = Some(n),
            (other, v) => panic!("unexpected attribute {other:?}: {v:?}"),
        }
    }
    assert_eq!(name.as_deref(), Some(&b"uplink0"[..]));
    assert_eq!(mtu, Some(1400));
}
