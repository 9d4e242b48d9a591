//! Records that are not netlink inside a capture that can hold netlink (a capture
//! on `any`: LINKTYPE_LINUX_SLL with several ARPHRD types) are counted and said,
//! not dropped silently: `stats` counts them and `decode` ends with a note.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::process::Command;

const NLSCOPE: &str = env!("CARGO_BIN_EXE_nlscope");

/// A little-endian pcap of LINKTYPE_LINUX_SLL (113) records, each an SLL header
/// (big-endian: packet type, ARPHRD, address length, 8 address bytes, protocol)
/// and `data`.
fn sll_pcap(records: &[(u16, u16, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    for v in [0u32, 0, 65535, 113] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for (i, (arphrd, protocol, data)) in records.iter().enumerate() {
        let mut rec = Vec::new();
        rec.extend_from_slice(&4u16.to_be_bytes());
        rec.extend_from_slice(&arphrd.to_be_bytes());
        rec.extend_from_slice(&0u16.to_be_bytes());
        rec.extend_from_slice(&[0; 8]);
        rec.extend_from_slice(&protocol.to_be_bytes());
        rec.extend_from_slice(data);
        let len = rec.len() as u32;
        for v in [i as u32 + 1, 0, len, len] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&rec);
    }
    out
}

#[test]
fn other_arphrd_records_in_sll_are_counted_and_said() {
    // NLMSG_NOOP, 16 bytes, little-endian.
    let mut noop = Vec::new();
    noop.extend_from_slice(&16u32.to_le_bytes());
    noop.extend_from_slice(&1u16.to_le_bytes());
    noop.extend_from_slice(&0u16.to_le_bytes());
    noop.extend_from_slice(&[0; 8]);
    let ip = [0x45u8; 20];
    let file = std::env::temp_dir().join(format!("nlscope-sll-{}.pcap", std::process::id()));
    // Ethernet (ARPHRD_ETHER 1, IPv4), netlink (824, route), loopback (772).
    std::fs::write(
        &file,
        sll_pcap(&[(1, 0x0800, &ip), (824, 0, &noop), (772, 0x0800, &ip)]),
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(NLSCOPE)
            .args(args)
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let stats: serde_json::Value =
        serde_json::from_str(&run(&["stats", "--format", "json"])).unwrap();
    assert_eq!(stats["records"], 1);
    assert_eq!(stats["messages"], 1);
    assert_eq!(stats["skipped_records"], 2);
    let text = run(&["decode"]);
    assert!(
        text.starts_with("#2.0 "),
        "frames keep their file numbers: {text}"
    );
    assert!(
        text.trim_end().ends_with("# 2 records skipped: not netlink (another link type, or an SLL/SLL2 record of another ARPHRD)"),
        "{text}"
    );
    let json = run(&["decode", "--format", "json"]);
    let last: serde_json::Value = serde_json::from_str(json.lines().last().unwrap()).unwrap();
    assert_eq!(last["skipped_records"], 2);
    let _ = std::fs::remove_file(&file);
}
