//! Crafted inputs that each broke one promise of nlscope (`../shared/adversarial/`, made
//! by a generator of bad captures), each replayed here, and each class also built here
//! byte by byte so it stays covered where the shared folder is absent:
//!
//! - a record shorter than its link-layer header is that record's error, in every
//!   format and command, and every later record is still decoded (tshark shows all);
//! - `convert` writes every record whole (an input snap length of 0 once made the
//!   output's 1), or says which it could not and exits 1;
//! - a timestamp of i64::MIN seconds prints a date, not the date cache's placeholder;
//! - `check` escapes expected and decoded lines in its diff, as the decode escapes
//!   capture strings.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "support/invariants.rs"]
mod invariants;

use nlscope::record::{read_all, CaptureError, Record};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_nlscope");
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/adversarial");

/// `../shared/adversarial/<name>`, or `None` with the reason printed.
fn shared(name: &str) -> Option<PathBuf> {
    let p = Path::new(SHARED).join(name);
    if p.exists() {
        Some(p)
    } else {
        println!(
            "skipping the shared input: {} is absent (the shared folder is not on this \
             machine); the self-built inputs still run",
            p.display()
        );
        None
    }
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn nlscope(args: &[&str], file: &Path) -> Output {
    let mut a: Vec<&std::ffi::OsStr> = args.iter().map(|s| s.as_ref()).collect();
    a.push(file.as_os_str());
    run(&a)
}

/// A scratch directory, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let d = std::env::temp_dir().join(format!("nlscope-adv-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Scratch(d)
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Bytes no terminal should get raw: C0 controls but the newline, DEL.
fn assert_no_control(what: &str, out: &[u8]) {
    if let Some(i) = out
        .iter()
        .position(|&b| (b < 0x20 && b != b'\n') || b == 0x7f)
    {
        let from = i.saturating_sub(40);
        panic!(
            "{what}: raw control byte {:#04x} at {i}: {:?}",
            out[i],
            String::from_utf8_lossy(&out[from..(i + 40).min(out.len())])
        );
    }
}

// ---------------------------------------------------------------------------------------
// Building captures (little-endian headers; netlink in host order).

/// An RTM_NEWLINK notification for ifindex `index` named `name` (44 bytes for "eth0").
fn newlink(index: u32, name: &[u8]) -> Vec<u8> {
    let mut attr = Vec::new();
    attr.extend_from_slice(&(4 + name.len() as u16 + 1).to_ne_bytes());
    attr.extend_from_slice(&3u16.to_ne_bytes()); // IFLA_IFNAME
    attr.extend_from_slice(name);
    attr.push(0);
    while attr.len() % 4 != 0 {
        attr.push(0);
    }
    let len = 16 + 16 + attr.len();
    let mut m = Vec::new();
    m.extend_from_slice(&(len as u32).to_ne_bytes());
    m.extend_from_slice(&16u16.to_ne_bytes()); // RTM_NEWLINK
    m.extend_from_slice(&[0; 10]); // flags, seq, pid
    m.extend_from_slice(&[0; 4]); // ifi_family, pad, ifi_type
    m.extend_from_slice(&index.to_ne_bytes());
    m.extend_from_slice(&[0; 8]); // ifi_flags, ifi_change
    m.extend_from_slice(&attr);
    m
}

/// `n` RTM_NEWLINK messages (44 bytes each), as one dump reply record holds them.
fn newlinks(n: usize) -> Vec<u8> {
    (0..n).flat_map(|i| newlink(i as u32, b"eth0")).collect()
}

/// The link-layer header of `link` (253 nlmon, 113 SLL, 276 SLL2) for netlink `protocol`.
fn link_header(link: u32, protocol: u16) -> Vec<u8> {
    let mut h = Vec::new();
    match link {
        276 => {
            h.extend_from_slice(&protocol.to_be_bytes());
            h.extend_from_slice(&[0; 6]); // reserved, ifindex
            h.extend_from_slice(&824u16.to_be_bytes());
            h.extend_from_slice(&[4, 0]); // packet type, address length
            h.extend_from_slice(&[0; 8]);
        }
        _ => {
            h.extend_from_slice(&4u16.to_be_bytes());
            h.extend_from_slice(&824u16.to_be_bytes());
            h.extend_from_slice(&[0; 10]);
            h.extend_from_slice(&protocol.to_be_bytes());
        }
    }
    h
}

/// A pcap (µs, little-endian) of link type `link` holding `records` (time, bytes).
fn pcap(snaplen: u32, link: u32, records: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let mut f = Vec::new();
    for v in [0xa1b2_c3d4u32, 0x0004_0002, 0, 0, snaplen, link] {
        f.extend_from_slice(&v.to_le_bytes());
    }
    for (sec, data) in records {
        for v in [*sec, 0, data.len() as u32, data.len() as u32] {
            f.extend_from_slice(&v.to_le_bytes());
        }
        f.extend_from_slice(data);
    }
    f
}

/// A pcapng (little-endian) with one interface of link type 253 whose `if_tsoffset` is
/// `tsoffset`, holding `records` as enhanced packet blocks (time in µs).
fn pcapng(tsoffset: Option<i64>, records: &[(u64, Vec<u8>)]) -> Vec<u8> {
    let mut f = Vec::new();
    let block = |f: &mut Vec<u8>, ty: u32, body: &[u8]| {
        let len = (12 + body.len()) as u32;
        f.extend_from_slice(&ty.to_le_bytes());
        f.extend_from_slice(&len.to_le_bytes());
        f.extend_from_slice(body);
        f.extend_from_slice(&len.to_le_bytes());
    };
    let mut shb = Vec::new();
    shb.extend_from_slice(&0x1a2b_3c4du32.to_le_bytes());
    shb.extend_from_slice(&1u16.to_le_bytes());
    shb.extend_from_slice(&0u16.to_le_bytes());
    shb.extend_from_slice(&u64::MAX.to_le_bytes());
    block(&mut f, 0x0a0d_0d0a, &shb);
    let mut idb = Vec::new();
    idb.extend_from_slice(&253u16.to_le_bytes());
    idb.extend_from_slice(&0u16.to_le_bytes());
    idb.extend_from_slice(&0u32.to_le_bytes()); // snaplen: none
    if let Some(off) = tsoffset {
        idb.extend_from_slice(&14u16.to_le_bytes()); // if_tsoffset
        idb.extend_from_slice(&8u16.to_le_bytes());
        idb.extend_from_slice(&off.to_le_bytes());
        idb.extend_from_slice(&[0; 4]); // opt_endofopt
    }
    block(&mut f, 1, &idb);
    for (usec, data) in records {
        let mut epb = Vec::new();
        epb.extend_from_slice(&0u32.to_le_bytes());
        epb.extend_from_slice(&((usec >> 32) as u32).to_le_bytes());
        epb.extend_from_slice(&(*usec as u32).to_le_bytes());
        epb.extend_from_slice(&(data.len() as u32).to_le_bytes());
        epb.extend_from_slice(&(data.len() as u32).to_le_bytes());
        epb.extend_from_slice(data);
        while epb.len() % 4 != 0 {
            epb.push(0);
        }
        block(&mut f, 6, &epb);
    }
    f
}

// ---------------------------------------------------------------------------------------
// 1. A record shorter than its link-layer header.

/// Four records, the second shorter than its link-layer header (`short` bytes of it).
fn short_second_record(link: u32, short: usize) -> Vec<u8> {
    let rec = |i| [link_header(link, 0), newlink(i, b"eth0")].concat();
    let cut = link_header(link, 0)[..short].to_vec();
    pcap(
        65_535,
        link,
        &[(1, rec(2)), (2, cut), (3, rec(3)), (4, rec(4))],
    )
}

/// Checks every command on a file whose frame 2 is shorter than its link-layer header
/// of `needed` bytes, and frames 1, 3 and 4 hold one RTM_NEWLINK each.
fn check_short_record_file(path: &Path, needed: u64) {
    let what = path.display().to_string();
    // decode, every format: frame 2 is reported as that record's error, the others are
    // decoded, then one line on stderr and exit 1.
    for format in ["text", "line", "json"] {
        let out = nlscope(&["decode", "--format", format], path);
        assert_eq!(out.status.code(), Some(1), "{what} {format}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{what} {format}: {stderr}");
        assert!(
            stderr.contains("1 malformed record: frame 2 at byte")
                && stderr.contains("record too short for its"),
            "{what} {format}: {stderr}"
        );
        assert_eq!(stdout.matches("RTM_NEWLINK").count(), 3, "{what} {format}");
        match format {
            "json" => {
                let frames: Vec<serde_json::Value> = stdout
                    .lines()
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect();
                let numbers: Vec<u64> = frames
                    .iter()
                    .map(|o| o["frame"].as_u64().unwrap())
                    .collect();
                assert_eq!(numbers, [1, 2, 3, 4], "{what}");
                let e = &frames[1]["record_error"];
                assert_eq!(e["needed"].as_u64(), Some(needed), "{what}: {e}");
                assert!(e["available"].as_u64().unwrap() < needed);
                assert!(e["text"].as_str().unwrap().starts_with("record too short"));
            }
            _ => {
                let line = stdout
                    .lines()
                    .find(|l| l.starts_with("#2 ! malformed record at byte"))
                    .unwrap_or_else(|| panic!("{what} {format}: no record error:\n{stdout}"));
                assert!(line.contains(&format!("needs {needed} bytes")), "{line}");
                // The error sits between frames 1 and 3, in capture order.
                let at = stdout.find(line).unwrap();
                assert!(stdout[..at].contains("eth0") && stdout[at..].contains("eth0"));
            }
        }
    }
    // stats: three records counted, one malformed, exit 1 after printing.
    let out = nlscope(&["stats", "--format", "json"], path);
    assert_eq!(out.status.code(), Some(1), "{what} stats");
    let st: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (st["records"].as_u64(), st["messages"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(st["malformed_records"].as_u64(), Some(1), "{what}");
    // convert: the three good records written, the bad one named, exit 1.
    let dir = Scratch::new("short-convert");
    let out_file = dir.path("out.pcapng");
    let out = run(&["convert".as_ref(), path.as_os_str(), out_file.as_os_str()]);
    assert_eq!(out.status.code(), Some(1), "{what} convert");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("4 records read, 3 written"), "{stderr}");
    assert!(stderr.contains("frame 2 at byte"), "{stderr}");
    let written = std::fs::read(&out_file).unwrap();
    let recs: Vec<Record<'_>> = read_all(&written).unwrap().map(Result::unwrap).collect();
    assert_eq!(recs.len(), 3);
    // check: a corpus holding it blesses and checks clean, the record error included.
    let corpus = Scratch::new("short-check");
    std::fs::copy(path, corpus.path("short.pcap")).unwrap();
    let bless = run(&["check".as_ref(), corpus.0.as_os_str(), "--bless".as_ref()]);
    assert!(bless.status.success(), "{what}: bless");
    let golden = std::fs::read_to_string(corpus.path("short.pcap.txt")).unwrap();
    assert!(golden.contains("#2 ! malformed record at byte"), "{golden}");
    assert!(golden.contains("#4.0"), "{golden}");
    // The input error at its end names the file, not where the corpus lies.
    let last = golden.lines().last().unwrap();
    assert!(
        last.starts_with("input error: short.pcap: 1 malformed record: frame 2 at byte"),
        "{golden}"
    );
    assert!(!golden.contains(&*corpus.0.to_string_lossy()), "{golden}");
    let check = run(&["check".as_ref(), corpus.0.as_os_str()]);
    assert!(check.status.success(), "{what}: check");
    // replay's reader: the record is skipped and counted, the rest read on.
    let bytes = std::fs::read(path).unwrap();
    let plan = nlscope::replay::plan(&bytes).unwrap();
    assert_eq!(plan.malformed.0, 1, "{what}");
    assert_eq!(plan.malformed.1.map(|e| e.frame), Some(2));
    assert!(plan.read_error.is_none());
}

#[test]
fn record_shorter_than_its_link_header_is_that_records_error() {
    if let Some(p) = shared("zero-length-record-stops-decode.pcap") {
        check_short_record_file(&p, 16);
    }
    let dir = Scratch::new("short");
    for (link, needed) in [(253u32, 16u64), (113, 16), (276, 20)] {
        for short in [0, 3, needed as usize - 1] {
            let p = dir.path(&format!("short-{link}-{short}.pcap"));
            std::fs::write(&p, short_second_record(link, short)).unwrap();
            check_short_record_file(&p, needed);
        }
    }
    // pcapng: an enhanced packet block with no data at all.
    let rec = |i| [link_header(253, 0), newlink(i, b"eth0")].concat();
    let p = dir.path("short.pcapng");
    std::fs::write(
        &p,
        pcapng(
            None,
            &[(1, rec(2)), (2, Vec::new()), (3, rec(3)), (4, rec(4))],
        ),
    )
    .unwrap();
    check_short_record_file(&p, 16);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 200,
        // Failing cases go where the other property tests keep theirs (and are committed).
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct(
                "proptest-regressions/adversarial.txt",
            ),
        )),
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Any mix of whole and short records, of any link type, in pcap or pcapng: every
    /// record comes out, either decoded or as its own error with its frame number, in
    /// file order, and both readers agree (the `pcap_reader` fuzz target's checks).
    #[test]
    fn short_records_never_stop_the_reader(
        link in proptest::sample::select(vec![253u32, 113, 276]),
        ng in proptest::prelude::any::<bool>(),
        records in proptest::collection::vec((proptest::prelude::any::<bool>(), 0usize..20), 1..12),
    ) {
        let link = if ng { 253 } else { link };
        let header = link_header(link, 0);
        let datas: Vec<Vec<u8>> = records
            .iter()
            .enumerate()
            .map(|(i, &(whole, short))| {
                if whole {
                    [header.clone(), newlink(i as u32, b"x")].concat()
                } else {
                    header[..short.min(header.len() - 1)].to_vec()
                }
            })
            .collect();
        let file = if ng {
            pcapng(None, &datas.iter().map(|d| (1, d.clone())).collect::<Vec<_>>())
        } else {
            pcap(65_535, link, &datas.iter().map(|d| (1, d.clone())).collect::<Vec<_>>())
        };
        let items: Vec<Result<Record<'_>, CaptureError>> = read_all(&file).unwrap().collect();
        proptest::prop_assert_eq!(items.len(), records.len());
        for (i, (item, &(whole, _))) in items.iter().zip(&records).enumerate() {
            match item {
                Ok(r) => {
                    proptest::prop_assert!(whole);
                    proptest::prop_assert_eq!(r.frame, i as u64 + 1);
                    proptest::prop_assert_eq!(r.payload, &datas[i][header.len()..]);
                }
                Err(e) => {
                    proptest::prop_assert!(!whole);
                    proptest::prop_assert!(e.is_record_error());
                    proptest::prop_assert_eq!(e.frame, i as u64 + 1);
                }
            }
        }
        invariants::pcap_reader(&file);
    }
}

// ---------------------------------------------------------------------------------------
// 2. convert writes every record whole.

/// What must survive a conversion of a record: netlink family, packet type, netlink
/// bytes, whether it was cut and its length on the wire (without the link-layer
/// header), and the time to the microsecond.
type Kept = (u16, u16, Vec<u8>, bool, u32, i64, u32);

fn kept(bytes: &[u8]) -> Vec<Kept> {
    read_all(bytes)
        .unwrap()
        .map(|r| {
            let r = r.unwrap();
            let link = r.caplen - r.payload.len() as u32;
            (
                r.link.protocol,
                r.link.packet_type,
                r.payload.to_vec(),
                r.truncated,
                r.orig_len - link,
                r.ts.sec,
                r.ts.nsec / 1000,
            )
        })
        .collect()
}

fn convert(input: &Path, output: &Path) -> Output {
    run(&["convert".as_ref(), input.as_os_str(), output.as_os_str()])
}

/// The kernel messages of route records (what an rtmon file keeps), in order.
fn route_events(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for r in read_all(bytes).unwrap() {
        let r = r.unwrap();
        if r.link.protocol != 0 {
            continue;
        }
        for m in
            nlscope::wire::nlmsg::Messages::new(r.payload, nlscope::wire::endian::Endian::NATIVE)
                .map_while(Result::ok)
        {
            if m.header.flags & 1 == 0 && m.header.ty >= 16 {
                out.push(m.bytes.to_vec());
            }
        }
    }
    out
}

/// pcap → pcap, pcap → pcapng → pcap, and → rtmon: every record read back equal, exit 0.
fn check_round_trips(input: &Path) {
    let what = input.display().to_string();
    let dir = Scratch::new("convert");
    let original = std::fs::read(input).unwrap();
    let want = kept(&original);
    assert!(!want.is_empty(), "{what}: no record");
    for (name, from) in [
        ("a.pcap", input.to_path_buf()),
        ("b.pcapng", input.to_path_buf()),
        ("c.pcap", dir.path("b.pcapng")),
    ] {
        let out = dir.path(name);
        let o = convert(&from, &out);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{what} -> {name}: {stderr}");
        let n = want.len();
        assert!(
            stderr.contains(&format!("{n} records read, {n} written")),
            "{stderr}"
        );
        let got = kept(&std::fs::read(&out).unwrap());
        assert_eq!(got.len(), want.len(), "{what} -> {name}");
        if let Some(i) = (0..got.len()).find(|&i| got[i] != want[i]) {
            panic!("{what} -> {name}: record {i} differs");
        }
    }
    let rt = dir.path("d.rtmon");
    let o = convert(input, &rt);
    assert!(
        o.status.success(),
        "{what} -> rtmon: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let (got, want) = (
        route_events(&std::fs::read(&rt).unwrap()),
        route_events(&original),
    );
    assert!(
        !want.is_empty() && got == want,
        "{what} -> rtmon: the route events differ"
    );
}

#[test]
fn convert_keeps_every_record_whole() {
    if let Some(p) = shared("convert-snaplen0-truncates.pcap") {
        check_round_trips(&p);
    }
    let dir = Scratch::new("convert-built");
    // Snap length 0 in the header, records from 60 bytes to 200 kB (a dump reply of
    // many messages).
    let recs: Vec<(u32, Vec<u8>)> = [1usize, 10, 2000, 4500]
        .iter()
        .enumerate()
        .map(|(i, &n)| (i as u32 + 1, [link_header(253, 0), newlinks(n)].concat()))
        .collect();
    let p = dir.path("snaplen0.pcap");
    std::fs::write(&p, pcap(0, 253, &recs)).unwrap();
    check_round_trips(&p);
    // SLL2 in, nlmon out: the same netlink bytes.
    let sll2: Vec<(u32, Vec<u8>)> = (0..3u32)
        .map(|i| (i, [link_header(276, 0), newlink(i, b"eth0")].concat()))
        .collect();
    let p = dir.path("sll2.pcap");
    std::fs::write(&p, pcap(0, 276, &sll2)).unwrap();
    check_round_trips(&p);
}

#[test]
fn convert_says_so_when_a_record_cannot_be_written_whole() {
    // A 300 kB record in a file with no snap length: more than tcpdump's 262144, the
    // most the output's snap length is raised to for an input that sets none.
    let dir = Scratch::new("convert-big");
    let big = [link_header(253, 0), newlinks(7000)].concat();
    assert!(big.len() > 300_000);
    let small = [link_header(253, 0), newlink(2, b"eth0")].concat();
    let p = dir.path("big.pcap");
    std::fs::write(&p, pcap(0, 253, &[(1, big.clone()), (2, small.clone())])).unwrap();
    let out = dir.path("out.pcap");
    let o = convert(&p, &out);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(stderr.contains("2 records read, 2 written"), "{stderr}");
    assert!(
        stderr.contains("1 records longer than the output's snap length of 262144 bytes"),
        "{stderr}"
    );
    let bytes = std::fs::read(&out).unwrap();
    let recs: Vec<Record<'_>> = read_all(&bytes).unwrap().map(Result::unwrap).collect();
    // Marked cut, its length on the wire kept, its first bytes intact.
    assert!(recs[0].truncated);
    assert_eq!(recs[0].orig_len as usize, big.len());
    assert_eq!(recs[0].caplen, 262_144);
    assert!(recs[0].payload == &big[16..262_144]);
    assert!(!recs[1].truncated);
    assert!(recs[1].payload == &small[16..]);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 64,
        // Failing cases go where the other property tests keep theirs (and are committed).
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct(
                "proptest-regressions/adversarial.txt",
            ),
        )),
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// The writer under `convert`: any records, any snap length (0 = tcpdump's
    /// default), pcap or pcapng, read back byte for byte; a record longer than the snap
    /// length comes back marked truncated with its length, never cut silently.
    #[test]
    fn written_records_read_back_whole_or_marked(
        ng in proptest::prelude::any::<bool>(),
        snaplen in proptest::prop_oneof![proptest::prelude::Just(0u32), 16u32..400, proptest::prelude::Just(u32::MAX)],
        records in proptest::collection::vec(
            (proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300), 0u16..32, proptest::prelude::any::<u32>(), 0u32..1_000_000, proptest::option::of(proptest::prelude::any::<i32>())),
            0..8,
        ),
    ) {
        use nlscope::record::pcapwrite::{nlmon_header, CaptureWriter, Format, Record as Out};
        let format = if ng { Format::Pcapng } else { Format::Pcap };
        let mut w = CaptureWriter::new(Vec::new(), format, snaplen).unwrap();
        let limit = w.snaplen() as usize;
        proptest::prop_assert!(limit >= 16);
        let mut datas = Vec::new();
        for (payload, proto, sec, usec, nsid) in &records {
            let data = [nlmon_header(4, *proto).to_vec(), payload.clone()].concat();
            let cut = w
                .write_with_len(
                    &Out {
                        ts: std::time::Duration::new(u64::from(*sec), usec * 1000),
                        data: &data,
                        nsid: *nsid,
                    },
                    0,
                )
                .unwrap();
            proptest::prop_assert_eq!(cut, data.len() > limit);
            datas.push(data);
        }
        let file = w.into_inner();
        let back: Vec<Record<'_>> = read_all(&file).unwrap().map(Result::unwrap).collect();
        proptest::prop_assert_eq!(back.len(), records.len());
        for (r, (data, (_, proto, sec, usec, nsid))) in back.iter().zip(datas.iter().zip(&records)) {
            let kept = data.len().min(limit);
            proptest::prop_assert_eq!(r.truncated, data.len() > limit);
            proptest::prop_assert_eq!(r.orig_len as usize, data.len());
            proptest::prop_assert_eq!(r.link.protocol, *proto);
            proptest::prop_assert_eq!(r.payload, &data[16.min(kept)..kept]);
            proptest::prop_assert_eq!((r.ts.sec, r.ts.nsec), (i64::from(*sec), usec * 1000));
            if ng {
                let want = nsid.map(|n| format!("nsid={n}"));
                proptest::prop_assert_eq!(r.comment.map(str::to_owned), want);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// 3. A timestamp of i64::MIN seconds.

#[test]
fn timestamp_of_i64_min_prints_a_date_in_every_format() {
    let dir = Scratch::new("ts");
    let mut files = Vec::new();
    if let Some(p) = shared("ts-i64min-nul-bytes.pcapng") {
        files.push(p);
    }
    let p = dir.path("i64min.pcapng");
    let rec = [link_header(253, 0), newlink(2, b"eth0")].concat();
    // Twice the same second, then another: the date cache is filled, hit and left.
    std::fs::write(
        &p,
        pcapng(
            Some(i64::MIN),
            &[(0, rec.clone()), (1, rec.clone()), (1_000_000, rec)],
        ),
    )
    .unwrap();
    files.push(p);
    for f in &files {
        for format in ["text", "line", "json"] {
            let out = nlscope(&["decode", "--format", format], f);
            assert!(out.status.success(), "{} {format}", f.display());
            assert!(!out.stdout.is_empty());
            assert_no_control(&format!("{} {format}", f.display()), &out.stdout);
            let s = String::from_utf8(out.stdout).unwrap();
            match format {
                "text" => assert!(s.contains("-292277022657-01-27T08:29:52."), "{s}"),
                "line" => assert!(s.starts_with("08:29:52."), "{s}"),
                _ => assert!(s.contains(&format!("\"sec\":{}", i64::MIN)), "{s}"),
            }
        }
        let out = nlscope(&["stats"], f);
        assert!(out.status.success());
        assert_no_control("stats", &out.stdout);
    }
}

// ---------------------------------------------------------------------------------------
// 4. check's diff is escaped.

#[test]
fn check_diff_escapes_expected_and_decoded_lines() {
    if let Some(dir) = shared("check-golden-esc") {
        let out = run(&["check".as_ref(), dir.as_os_str()]);
        assert_eq!(out.status.code(), Some(1), "the planted goldens differ");
        assert!(String::from_utf8_lossy(&out.stdout).contains("differs from"));
        assert_no_control("check stdout", &out.stdout);
        assert_no_control("check stderr", &out.stderr);
    }
    // A capture whose interface name holds escape sequences, blessed, then expected
    // files with every kind of control byte planted, and a file name with an ESC.
    let corpus = Scratch::new("check");
    let rec = [link_header(253, 0), newlink(5, b"\x1b[31mRED\x1b[0m\x07")].concat();
    let bytes = pcap(65_535, 253, &[(1, rec.clone()), (2, rec)]);
    std::fs::write(corpus.path("a.pcap"), &bytes).unwrap();
    std::fs::write(corpus.path("e\x1b[2J\x07.pcap"), &bytes).unwrap();
    std::fs::write(corpus.path("none\x1b]0;x\x07.pcap"), &bytes).unwrap();
    let bless = run(&["check".as_ref(), corpus.0.as_os_str(), "--bless".as_ref()]);
    assert!(bless.status.success());
    assert_no_control("bless", &bless.stdout);
    std::fs::remove_file(corpus.path("none\x1b]0;x\x07.pcap.txt")).unwrap();
    std::fs::remove_file(corpus.path("none\x1b]0;x\x07.pcap.jsonl")).unwrap();
    let planted: &[u8] = b"\x1b]0;owned\x07\x1b[2J\x00\x01\r\x7f\xc2\x9b31m\xff\xfe\t";
    for name in ["a.pcap", "e\x1b[2J\x07.pcap"] {
        let txt = corpus.path(&format!("{name}.txt"));
        let mut t = std::fs::read(&txt).unwrap();
        let at = t.iter().position(|&b| b == b'\n').unwrap();
        t.splice(at..at, planted.iter().copied());
        t.extend_from_slice(planted);
        std::fs::write(&txt, t).unwrap();
        let jsonl = corpus.path(&format!("{name}.jsonl"));
        let j = std::fs::read_to_string(&jsonl).unwrap();
        let j = j
            .replacen("\"ROUTE\"", "\"ROUTE\\u001b[31m\\u0007\\u009b\"", 1)
            .replacen("\"name\":\"IFLA_IFNAME\"", "\"name\":\"\\u001b[2J\"", 1);
        let mut j = j.into_bytes();
        j.extend_from_slice(planted);
        j.push(b'\n');
        std::fs::write(&jsonl, j).unwrap();
    }
    let out = run(&["check".as_ref(), corpus.0.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("differs from"), "{stdout}");
    assert!(
        stdout.contains("\\x1b]0;owned\\x07\\x1b[2J\\x00\\x01\\r\\x7f"),
        "{stdout}"
    );
    assert!(stdout.contains("no expected decode beside it"), "{stdout}");
    assert_no_control("check stdout", &out.stdout);
    assert_no_control("check stderr", &out.stderr);
}
