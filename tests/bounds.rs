//! Inputs crafted to make nlscope abort, hide or drop data (issue 12), run through the
//! binary and the library:
//!
//! - `errchain-12000-stack-overflow.pcap` (from `../shared/adversarial/`, not
//!   committed): an `NLMSG_ERROR` echoing an error echoing … 12,000 deep. Every
//!   output format and `check --bless` once overflowed the stack (exit 134). Now each
//!   exits 0, the JSON parses with serde_json's default limits, the request past
//!   `limits::MAX_ECHO_DEPTH` is shown raw and whole, and emit gives the bytes back.
//! - The stream of `genl_bignames_stream.py` (nlctrl `CTRL_CMD_NEWFAMILY` with a
//!   60,000-byte family name per id), generated here: peak memory once grew with the
//!   stream (~100 MB/s); now a tenth of the stream and the whole of it peak alike.
//! - The worst JSON nesting the depth bounds allow stays within
//!   `limits::MAX_JSON_DEPTH`.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use nlscope::families::decode::{decode_message, Body, Context, Decoded, Direction};
use nlscope::families::emit::model::OwnedMsg;
use nlscope::families::emit::Emit;
use nlscope::flow::session::{MsgInfo, Session, Timestamp};
use nlscope::flow::Item;
use nlscope::record::read_all;
use nlscope::render::{json, Style};
use nlscope::wire::endian::Endian;
use nlscope::wire::limits::{MAX_ATTR_DEPTH, MAX_ECHO_DEPTH, MAX_JSON_DEPTH};
use nlscope::wire::nlmsg::{Header, Message, Messages};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_nlscope");
const ADVERSARIAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/adversarial");

/// The path of `../shared/adversarial/<name>`, or `None` (with the reason on stderr).
fn adversarial(name: &str) -> Option<PathBuf> {
    let p = Path::new(ADVERSARIAL).join(name);
    if p.is_file() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} is absent (the shared folder is not beside this checkout)",
            p.display()
        );
        None
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn json_depth(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Array(a) => 1 + a.iter().map(json_depth).max().unwrap_or(0),
        serde_json::Value::Object(o) => 1 + o.values().map(json_depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// The one message of the errchain capture, its protocol and byte order.
fn errchain_message(bytes: &[u8]) -> (Message<'_>, u16) {
    let rec = read_all(bytes).unwrap().next().unwrap().unwrap();
    let e = Endian::detect(rec.payload, rec.payload.len(), Endian::NATIVE);
    let m = Messages::new(rec.payload, e).next().unwrap().unwrap();
    (m, rec.link.protocol)
}

/// The request echoed `depth` levels down from `d` (1: the one `d` echoes).
fn echoed<'a>(d: &Decoded<'a>, depth: usize) -> Message<'a> {
    let ctx = Context::new();
    let mut cur = d.clone();
    for level in 1..=depth {
        let Body::Error(e) = &cur.body else {
            panic!("level {level} is no NLMSG_ERROR")
        };
        let r = e.request.unwrap();
        if level == depth {
            return r;
        }
        cur = decode_message(r, cur.protocol, &ctx);
    }
    cur.msg
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(BIN).args(args).output().unwrap()
}

#[test]
fn errchain_decodes_in_every_format_and_keeps_every_byte() {
    let Some(path) = adversarial("errchain-12000-stack-overflow.pcap") else {
        return;
    };
    let file = path.to_str().unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let (m, protocol) = errchain_message(&bytes);
    let d = decode_message(m, protocol, &Context::new());
    // The request past the bound, whose payload must be shown whole.
    let raw = echoed(&d, usize::from(MAX_ECHO_DEPTH) + 1);
    let raw_hex = hex(raw.payload());
    assert!(
        raw.payload().len() > 200_000,
        "the chain goes on past the bound"
    );

    let mut outputs = Vec::new();
    for format in ["text", "json", "line"] {
        let out = run(&["decode", "--format", format, file]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "decode --format {format}: {:?} {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !out.stdout.is_empty(),
            "decode --format {format}: no output"
        );
        outputs.push(out.stdout);
    }
    let text = String::from_utf8(outputs[0].clone()).unwrap();
    assert!(text.contains(&format!(
        "payload +16 (not decoded: more than {MAX_ECHO_DEPTH} echoed requests deep): {raw_hex}\n"
    )));
    // JSON: one line, parsed with serde_json's default limits (recursion 128).
    let line = std::str::from_utf8(&outputs[1]).unwrap();
    assert_eq!(line.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(line.trim_end()).unwrap();
    let depth = json_depth(&v);
    assert!(depth <= MAX_JSON_DEPTH, "JSON nesting {depth}");
    let mut at = &v;
    for _ in 0..=MAX_ECHO_DEPTH {
        at = &at["error"]["request"];
    }
    assert_eq!(at["depth_capped"], u64::from(MAX_ECHO_DEPTH));
    assert_eq!(at["payload_offset"], 16);
    assert_eq!(at["nlmsg"]["len"], u64::from(raw.header.len));
    // Every byte: the headers and errnos above the bound as values, then the payload.
    assert_eq!(at["payload"].as_str(), Some(raw_hex.as_str()));
    let mut at = &v;
    for level in 0..=MAX_ECHO_DEPTH {
        let h = Header::parse(&m.bytes[20 * usize::from(level)..], m.endian).unwrap();
        assert_eq!(at["nlmsg"]["len"], u64::from(h.len), "level {level}");
        assert_eq!(at["error"]["errno"], -22);
        at = &at["error"]["request"];
    }
    eprintln!(
        "errchain: text {} B, json {} B (nesting {depth}), line {} B; raw payload {} B",
        outputs[0].len(),
        outputs[1].len(),
        outputs[2].len(),
        raw.payload().len()
    );

    let out = run(&["stats", file]);
    assert_eq!(out.status.code(), Some(0), "stats: {:?}", out.status);

    // check --bless, then check, on a copy.
    let dir = std::env::temp_dir().join(format!("nlscope-adversarial-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(&path, dir.join("errchain.pcap")).unwrap();
    let d_arg = dir.to_str().unwrap();
    let bless = run(&["check", d_arg, "--bless"]);
    let check = run(&["check", d_arg]);
    let jsonl = std::fs::read(dir.join("errchain.pcap.jsonl")).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        bless.status.code(),
        Some(0),
        "check --bless: {:?}",
        bless.status
    );
    assert_eq!(check.status.code(), Some(0), "check: {:?}", check.status);
    assert_eq!(jsonl, outputs[1], "the blessed JSON is the decode's");
}

#[test]
fn errchain_emits_its_own_bytes() {
    let Some(path) = adversarial("errchain-12000-stack-overflow.pcap") else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap();
    let (m, protocol) = errchain_message(&bytes);
    let ctx = Context::new();
    let d = decode_message(m, protocol, &ctx);
    let mut want = m.bytes.to_vec();
    want.extend_from_slice(m.pad);
    let got = d.to_vec().unwrap();
    assert_eq!(got.len(), want.len());
    assert!(got == want, "decode then emit differs");
    assert_eq!(d.buffer_len(), want.len());
    // The owned model stops at the same bound and writes the same bytes.
    let model = OwnedMsg::from_decoded(&d, &ctx);
    assert!(
        model.to_vec(m.endian).unwrap() == m.bytes,
        "the model differs"
    );
    // And each echo, decoded alone, too.
    for depth in 1..=usize::from(MAX_ECHO_DEPTH) + 2 {
        let r = echoed(&d, depth);
        let inner = decode_message(r, protocol, &ctx);
        assert!(inner.to_vec().unwrap() == r.bytes, "echo {depth}");
    }
}

/// `RTA_MULTIPATH` hops nested `levels` deep (each hop's attributes holding the next
/// `RTA_MULTIPATH`), the innermost hop holding `RTA_CACHEINFO` (a struct), inside an
/// `RTM_NEWROUTE`, inside `echoes` `NLMSG_ERROR`s.
fn deepest_json_message(e: Endian, levels: usize, echoes: usize) -> Vec<u8> {
    fn nla(e: Endian, ty: u16, v: &[u8]) -> Vec<u8> {
        let mut out = e.u16_bytes((4 + v.len()) as u16).to_vec();
        out.extend_from_slice(&e.u16_bytes(ty));
        out.extend_from_slice(v);
        out.resize(out.len().next_multiple_of(4), 0);
        out
    }
    fn msg(e: Endian, ty: u16, flags: u16, body: &[u8]) -> Vec<u8> {
        let h = Header {
            len: (16 + body.len()) as u32,
            ty,
            flags,
            seq: 1,
            pid: 0,
        };
        let mut out = h.to_bytes(e).to_vec();
        out.extend_from_slice(body);
        out
    }
    let mut inner = nla(e, 12, &[0x11; 32]); // RTA_CACHEINFO
    for _ in 0..levels {
        let mut hop = e.u16_bytes((8 + inner.len()) as u16).to_vec();
        hop.extend_from_slice(&[0, 0]);
        hop.extend_from_slice(&e.u32_bytes(2));
        hop.extend_from_slice(&inner);
        inner = nla(e, 9, &hop); // RTA_MULTIPATH
    }
    let mut body = vec![2, 24, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0]; // rtmsg
    body.extend_from_slice(&inner);
    let mut m = msg(e, 24, 0x405, &body); // RTM_NEWROUTE
    for _ in 0..echoes {
        let mut body = e.u32_bytes(-22i32 as u32).to_vec();
        body.extend_from_slice(&m);
        m = msg(e, 2, 0, &body);
    }
    m
}

#[test]
fn the_deepest_json_stays_within_max_json_depth() {
    let mut deepest = 0;
    for e in [Endian::Little, Endian::Big] {
        let cases = [
            0,
            usize::from(MAX_ECHO_DEPTH),
            usize::from(MAX_ECHO_DEPTH) + 3,
        ]
        .into_iter()
        .flat_map(|echoes| [(16, echoes), (20, echoes)]);
        for (levels, echoes) in cases {
            let b = deepest_json_message(e, levels, echoes);
            let m = Messages::new(&b, e).next().unwrap().unwrap();
            let ctx = Context::new();
            let session = Session::new();
            let d = decode_message(m, 0, &ctx);
            let item = Item {
                frame: 1,
                index: 0,
                ts: Timestamp::default(),
                decoded: &d,
                info: MsgInfo {
                    direction: Direction::guess(&m.header),
                    pair: None,
                },
                ctx: &ctx,
                session: &session,
            };
            let mut out = Vec::new();
            json::render(&mut out, &item, Style::default()).unwrap();
            let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
            let depth = json_depth(&v);
            assert!(depth <= MAX_JSON_DEPTH, "{depth} > {MAX_JSON_DEPTH}");
            // Past the attribute bound the rest is an invalid attribute with its hex;
            // past the echo bound the request is raw.
            let text = String::from_utf8_lossy(&out);
            if echoes > usize::from(MAX_ECHO_DEPTH) {
                assert!(text.contains("\"depth_capped\":4"), "{text}");
            } else if levels > usize::from(MAX_ATTR_DEPTH) {
                assert!(text.contains("nested deeper than 16 levels"), "{text}");
            } else {
                assert!(text.contains("\"name\":\"RTA_CACHEINFO\""), "{text}");
            }
            deepest = deepest.max(depth);
            assert_eq!(d.to_vec().unwrap(), b);
        }
    }
    eprintln!("deepest JSON nesting: {deepest} (bound {MAX_JSON_DEPTH})");
    // The case built is the worst the bounds allow but for the last two levels of
    // the bound's deepest value (a struct array's element with a flags member).
    assert!(deepest + 2 >= MAX_JSON_DEPTH, "{deepest}");
}

// -------------------------------------------------------------------------------------
// Learned names: memory stays flat.

/// One pcap record of `genl_bignames_stream.py`: nlctrl `CTRL_CMD_NEWFAMILY` for
/// family id `i % 65536` with a 60,001-byte `CTRL_ATTR_FAMILY_NAME`.
fn bigname_record(i: u32, out: &mut Vec<u8>) {
    let mut name = Vec::with_capacity(60_001);
    let five = format!("{:05x}", i & 0xf_ffff);
    for _ in 0..12_000 {
        name.extend_from_slice(five.as_bytes());
    }
    name.push(0);
    let mut attrs = Vec::new();
    attrs.extend_from_slice(&6u16.to_le_bytes());
    attrs.extend_from_slice(&1u16.to_le_bytes());
    attrs.extend_from_slice(&(i as u16).to_le_bytes());
    attrs.extend_from_slice(&[0, 0]);
    attrs.extend_from_slice(&((4 + name.len()) as u16).to_le_bytes());
    attrs.extend_from_slice(&2u16.to_le_bytes());
    attrs.extend_from_slice(&name);
    attrs.resize(attrs.len().next_multiple_of(4), 0);
    let mut body = vec![1, 2, 0, 0];
    body.extend_from_slice(&attrs);
    let mut msg = ((16 + body.len()) as u32).to_le_bytes().to_vec();
    msg.extend_from_slice(&16u16.to_le_bytes());
    msg.extend_from_slice(&0u16.to_le_bytes());
    msg.extend_from_slice(&i.to_le_bytes());
    msg.extend_from_slice(&7u32.to_le_bytes());
    msg.extend_from_slice(&body);
    let mut rec = vec![0, 4, 0x03, 0x38, 0, 0];
    rec.extend_from_slice(&[0; 8]);
    rec.extend_from_slice(&16u16.to_be_bytes());
    rec.extend_from_slice(&msg);
    for v in [i, 0, rec.len() as u32, rec.len() as u32] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&rec);
}

/// `VmHWM` of process `pid`, in KiB (None where /proc does not say).
fn peak_kib(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Stream `records` bignames records into `nlscope decode --format line -` and
/// return its peak resident memory (`VmHWM`, which only grows), read from /proc
/// until the process has exited (its output is buffered, so a line count cannot say
/// when it is done). `None` where /proc does not say.
fn bignames_peak(records: u32) -> Option<u64> {
    let mut child = Command::new(BIN)
        .args(["decode", "--format", "line", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut lines = 0u64;
        let mut buf = vec![0u8; 1 << 16];
        loop {
            match stdout.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => lines += buf[..n].iter().filter(|b| **b == b'\n').count() as u64,
            }
        }
        lines
    });
    let writer = std::thread::spawn(move || {
        let mut head = 0xa1b2_c3d4u32.to_le_bytes().to_vec();
        head.extend_from_slice(&2u16.to_le_bytes());
        head.extend_from_slice(&4u16.to_le_bytes());
        for v in [0u32, 0, 0xffff_ffff, 253] {
            head.extend_from_slice(&v.to_le_bytes());
        }
        stdin.write_all(&head)?;
        let mut buf = Vec::new();
        for i in 0..records {
            buf.clear();
            bigname_record(i, &mut buf);
            stdin.write_all(&buf)?;
        }
        stdin.flush()
        // Dropping stdin ends the input.
    });
    let mut peak = None;
    while let Some(kib) = peak_kib(pid) {
        peak = Some(kib);
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    writer.join().unwrap().unwrap();
    let lines = reader.join().unwrap();
    let st = child.wait().unwrap();
    assert_eq!(st.code(), Some(0), "decode -: {st:?}");
    assert_eq!(lines, u64::from(records), "a line per message");
    peak
}

#[test]
fn bignames_stream_keeps_memory_flat() {
    if !Path::new("/proc/self/status").exists() {
        eprintln!("skipped: no /proc here to read peak memory from");
        return;
    }
    // 330 and 3,300 records of ~60 KB: 20 MB and 200 MB of stream. Before names were
    // bounded, the whole stream kept ~200 MB of them.
    let small = bignames_peak(330);
    let whole = bignames_peak(3_300);
    let (Some(small), Some(whole)) = (small, whole) else {
        eprintln!("skipped: /proc/<pid>/status has no VmHWM");
        return;
    };
    eprintln!("bignames: peak RSS {small} KiB for 20 MB of stream, {whole} KiB for 200 MB");
    assert!(
        whole * 4 <= small * 5 + 4096,
        "peak memory grows with the stream: {small} KiB, then {whole} KiB"
    );
}
