//! `nlscope capture`: record live netlink traffic to pcap/pcapng.

use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nlscope::families::groups;
use nlscope::families::requests::DumpKind;
use nlscope::flow::walk::{EndianMode, RecordIn, Walker};
use nlscope::os::listen::{GroupChoice, Listener, RCVBUF_BYTES};
use nlscope::os::nlmon::{Nlmon, NlmonError, ReadPath};
use nlscope::os::nlsock::{NlSocket, Received, RECV_BUF};
use nlscope::os::output::{Output, Rotation, Target};
use nlscope::os::signals::StopSignals;
use nlscope::os::{self, family_name, FAMILIES};
use nlscope::record::pcapwrite::{nlmon_header, Format, Record, DEFAULT_SNAPLEN, PACKET_OUTGOING};
use nlscope::record::Timestamp;
use nlscope::render::Style;
use nlscope::wire::protocol::{Protocol, NETLINK_AUDIT, NETLINK_GENERIC};
use std::io::Write as _;
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Said once on stderr when an nlmon device is read through a packet socket
/// (built without the `libpcap` feature): issue 11.
const SOCKET_PATH_NOTE: &str = "this nlscope was built without libpcap and reads the nlmon \
device through a packet socket, which copies each packet when nlscope reads it, not when the \
kernel taps it: requests the kernel rewrites after handling them (`bridge fdb add ... self`, \
whose NTF_SELF the kernel clears) may show the rewritten bytes. To record them as sent, as \
tcpdump does, build with `cargo build --release --features libpcap` (needs libpcap-dev)";

/// How to capture.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// nlmon if the kernel has it, else listen (with a warning).
    Auto,
    /// An nlmon device: every message of the tapped families, both ways.
    Nlmon,
    /// Multicast listener sockets: notifications only.
    Listen,
}

/// Capture live netlink traffic (as root) into a pcap/pcapng file with link
/// type 253, the format tcpdump writes on an nlmon device.
#[derive(clap::Args, Debug)]
pub struct CaptureArgs {
    /// Write records to FILE (pcap; see --pcapng); `-` writes to stdout.
    #[arg(short = 'w', value_name = "FILE")]
    write: Option<String>,
    /// Write pcapng instead of pcap (keeps the nsid of each record as a comment).
    #[arg(long)]
    pcapng: bool,
    /// Stop after COUNT records.
    #[arg(short = 'c', value_name = "COUNT")]
    count: Option<u64>,
    /// Stop after SECS seconds.
    #[arg(long, value_name = "SECS")]
    duration: Option<f64>,
    /// Cut records longer than N bytes (nlmon header included); 0 means the default,
    /// as tcpdump's `-s 0`.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SNAPLEN)]
    snaplen: u32,
    /// Netlink families to capture (route, generic, netfilter, xfrm, sock_diag, audit); default all.
    /// audit: the kernel's audit log (--via listen only; initial network namespace only).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    family: Vec<String>,
    /// Listen on this netlink protocol (NAME or number; repeatable): any protocol the
    /// kernel has, e.g. kobject_uevent, connector (process events: PROC_CN_MCAST_LISTEN
    /// is sent after joining CN_IDX_PROC), selinux, audit, crypto. Adds to --family.
    /// Implies --via listen.
    #[arg(long = "protocol", value_delimiter = ',', value_name = "NAME|NUM")]
    protocol: Vec<String>,
    /// Join only this multicast group (NAME or number; repeatable), instead of every
    /// group: RTNLGRP_LINK or link, XFRMNLGRP_SA, NFNLGRP_CONNTRACK_NEW, CN_IDX_PROC or
    /// proc, kernel or udev (uevents), readlog (audit), FAMILY/GROUP or FAMILY for
    /// generic netlink. A number is that group of every protocol captured.
    /// Implies --via listen.
    #[arg(long = "group", value_delimiter = ',', value_name = "NAME|NUM")]
    group: Vec<String>,
    /// Capture in network namespace NAME (/var/run/netns/NAME).
    #[arg(long, value_name = "NAME")]
    netns: Option<String>,
    /// Dump these rtnetlink tables first (link,addr,route,neigh,rule,nexthop,qdisc,class,
    /// filter,neightbl,addrlabel,netconf,mdb,nsid), so the capture starts with the full state.
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    dump: Vec<String>,
    /// Kernel receive buffer per socket, in KiB (tcpdump -B); default 65536 (64 MiB).
    #[arg(short = 'B', long = "buffer-size", value_name = "KiB")]
    buffer_size: Option<usize>,
    /// Capture method.
    #[arg(long, value_enum, default_value_t = Via::Auto)]
    via: Via,
    /// Read this nlmon device (as tcpdump -i); it must exist and be of kind nlmon,
    /// and is left in place at exit. Implies --via nlmon.
    #[arg(short = 'i', long = "interface", value_name = "DEV")]
    interface: Option<String>,
    /// Rotate when the file exceeds MB million bytes (tcpdump -C).
    #[arg(short = 'C', value_name = "MB")]
    file_size: Option<u64>,
    /// Rotate every SECS seconds; FILE may hold strftime %Y%m%d%H%M%S (UTC) (tcpdump -G).
    #[arg(short = 'G', value_name = "SECS")]
    rotate_seconds: Option<u64>,
    /// With -C: cycle through COUNT files; with -G: stop after COUNT files (tcpdump -W).
    #[arg(short = 'W', value_name = "COUNT")]
    file_count: Option<u32>,
    /// Print each message decoded as it is captured (with or without -w).
    #[arg(long)]
    decode: bool,
    /// With --decode: the user's specs and family ids.
    #[command(flatten)]
    specs: super::specs::SpecArgs,
    /// Output format of --decode.
    #[arg(long, value_enum, default_value_t = super::decode::Format::Line)]
    format: super::decode::Format,
    /// Colour the --decode output: auto (on a terminal, not with NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = super::decode::ColorArg::Auto)]
    color: super::decode::ColorArg,
    /// With --decode: print key material instead of `<redacted N bytes>` (JSON:
    /// `"redacted":true`).
    #[arg(long)]
    show_secrets: bool,
}

/// `--decode`: the same walk and renderers as `nlscope decode`, one record at a time.
struct LiveDecoder {
    walker: Walker,
    format: super::decode::Format,
    style: Style,
    frame: u64,
    buf: Vec<u8>,
}

impl LiveDecoder {
    /// `orig_len`: the record's length before a snap length cut it (at least `data.len()`).
    fn record(&mut self, data: &[u8], ts: Duration, orig_len: usize) -> std::io::Result<()> {
        self.frame += 1;
        let protocol = nlscope::wire::endian::Endian::Big
            .u16_at(data, 14)
            .unwrap_or(0);
        let payload = data.get(16..).unwrap_or(&[]);
        let rec = RecordIn {
            frame: self.frame,
            ts: Timestamp {
                sec: i64::try_from(ts.as_secs()).unwrap_or(i64::MAX),
                nsec: ts.subsec_nanos(),
            },
            protocol,
            payload,
            wire_len: orig_len.max(data.len()).saturating_sub(16),
            truncated: orig_len > data.len(),
        };
        let (format, style) = (self.format, self.style);
        let buf = &mut self.buf;
        buf.clear();
        self.walker.record(rec, |ev| {
            super::decode::render_event(buf, &ev, format, style, false)
        })?;
        let mut out = std::io::stdout().lock();
        out.write_all(buf)?;
        out.flush()
    }
}

/// Writes records and counts them; stops taking records at the limit.
struct Recorder {
    out: Option<Output>,
    decoder: Option<LiveDecoder>,
    families: Vec<u16>,
    records: u64,
    limit: Option<u64>,
    done: bool,
    buf: Vec<u8>,
}

impl Recorder {
    /// Records one listened datagram (nlmon header built here).
    fn datagram(&mut self, family: u16, data: &[u8], nsid: Option<i32>) -> anyhow::Result<()> {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        buf.extend_from_slice(&nlmon_header(PACKET_OUTGOING, family));
        buf.extend_from_slice(data);
        let r = self.record(family, &buf, nsid, None, 0);
        self.buf = buf;
        r
    }

    /// Records one full record (nlmon header included).
    /// `ts`: the kernel's timestamp if the source gives one, else now.
    /// `orig_len`: its length before a capture's snap length cut it (a smaller
    /// value means `data.len()`).
    fn record(
        &mut self,
        family: u16,
        data: &[u8],
        nsid: Option<i32>,
        ts: Option<Duration>,
        orig_len: usize,
    ) -> anyhow::Result<()> {
        if self.done || !self.families.contains(&family) {
            return Ok(());
        }
        let ts = ts.unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or(Duration::ZERO)
        });
        if let Some(out) = &mut self.out {
            let orig = u32::try_from(orig_len).unwrap_or(u32::MAX);
            match out.write_with_len(&Record { ts, data, nsid }, orig) {
                Ok(true) => {}
                Ok(false) => self.done = true,
                Err(e) if is_broken_pipe(&e) => self.done = true,
                Err(e) => return Err(e),
            }
        }
        if let Some(d) = &mut self.decoder {
            match d.record(data, ts, orig_len) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => self.done = true,
                Err(e) => return Err(e.into()),
            }
        }
        self.records = self.records.saturating_add(1);
        if self.limit.is_some_and(|l| self.records >= l) {
            self.done = true;
        }
        Ok(())
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// What is being read.
enum Source {
    Listen(Listener),
    Nlmon(Box<Nlmon>),
}

fn parse_families(names: &[String]) -> anyhow::Result<Vec<u16>> {
    if names.is_empty() {
        return Ok(FAMILIES.iter().map(|p| p.0).collect());
    }
    names
        .iter()
        .map(|n| {
            os::family_by_name(n).ok_or_else(|| {
                let known: Vec<_> = FAMILIES.iter().map(|p| family_name(p.0)).collect();
                anyhow::anyhow!("unknown netlink family {n:?} (known: {})", known.join(", "))
            })
        })
        .collect()
}

/// `--protocol` names: any netlink protocol, by kernel name or number.
fn parse_protocols(names: &[String]) -> anyhow::Result<Vec<u16>> {
    names
        .iter()
        .map(|n| {
            Protocol::from_name(n).map(|p| p.0).ok_or_else(|| {
                let known: Vec<_> = Protocol::all().filter_map(|p| p.cli_name()).collect();
                anyhow::anyhow!(
                    "unknown netlink protocol {n:?} (known: {})",
                    known.join(", ")
                )
            })
        })
        .collect()
}

/// `--group` names, resolved against the protocols captured.
fn parse_groups(names: &[String], families: &[u16]) -> anyhow::Result<GroupChoice> {
    let mut choice = GroupChoice::default();
    for n in names {
        if n.contains('/') {
            if !families.contains(&NETLINK_GENERIC) {
                anyhow::bail!(
                    "--group {n:?}: a generic-netlink group, but generic is not captured"
                );
            }
            choice.genl.push(n.clone());
            continue;
        }
        if let Ok(g) = n.parse::<u32>() {
            if g == 0 {
                anyhow::bail!("--group 0: groups are numbered from 1");
            }
            choice.numbers.extend(families.iter().map(|&f| (f, g)));
            continue;
        }
        let found: Vec<(u16, u32)> = families
            .iter()
            .filter_map(|&f| groups::by_name(f, n).map(|g| (f, g)))
            .collect();
        if found.is_empty() {
            if families.contains(&NETLINK_GENERIC) {
                // A generic-netlink family: all its groups.
                choice.genl.push(n.clone());
                continue;
            }
            let known: Vec<&str> = families.iter().flat_map(|&f| groups::names(f)).collect();
            anyhow::bail!(
                "--group {n:?}: no such group of the protocols captured (known: {})",
                known.join(", ")
            );
        }
        choice.numbers.extend(found);
    }
    Ok(choice)
}

fn parse_dumps(names: &[String]) -> anyhow::Result<Vec<DumpKind>> {
    names
        .iter()
        .map(|n| {
            DumpKind::by_name(n).ok_or_else(|| {
                let known: Vec<_> = nlscope::families::requests::DUMP_KINDS
                    .iter()
                    .map(|k| k.name)
                    .collect();
                anyhow::anyhow!("unknown dump kind {n:?} (known: {})", known.join(", "))
            })
        })
        .collect()
}

/// Runs `nlscope capture`.
pub fn run(args: CaptureArgs) -> anyhow::Result<ExitCode> {
    if args.write.is_none() && !args.decode {
        anyhow::bail!("give -w FILE (or -w - for stdout), --decode, or both");
    }
    if args.decode && args.write.as_deref() == Some("-") {
        anyhow::bail!("-w - and --decode both want stdout: write the capture to a file");
    }
    let mut families = if args.protocol.is_empty() || !args.family.is_empty() {
        parse_families(&args.family)?
    } else {
        Vec::new()
    };
    for p in parse_protocols(&args.protocol)? {
        if !families.contains(&p) {
            families.push(p);
        }
    }
    let choice = parse_groups(&args.group, &families)?;
    let dumps = parse_dumps(&args.dump)?;
    let duration = match args.duration {
        Some(s) if s.is_finite() && s >= 0.0 => Some(Duration::from_secs_f64(s)),
        Some(s) => anyhow::bail!("--duration {s}: not a number of seconds"),
        None => None,
    };
    // Signals first, so a Ctrl-C during set-up still ends cleanly.
    let signals = StopSignals::install()?;
    if let Some(ns) = &args.netns {
        os::netns::enter(ns)?;
    }
    let mut buf = vec![0u8; RECV_BUF];
    let nlmon = open_nlmon(&args, &mut buf)?;
    let listener = nlmon
        .is_none()
        .then(|| listener_note(&families, &args.group));
    let mut rec = recorder(&args, families, listener)?;
    let mut source = open_source(&args, &dumps, &choice, nlmon, &mut rec, &mut buf)?;

    let start = Instant::now();
    let mut stop_reason = String::from("done");
    while !rec.done {
        let timeout = match duration {
            Some(d) => {
                let left = d.saturating_sub(start.elapsed());
                if left.is_zero() {
                    stop_reason = "duration reached".into();
                    break;
                }
                left.min(Duration::from_secs(1))
            }
            None => Duration::from_secs(1),
        };
        let ready = source.wait(&signals, timeout)?;
        if let Some(sig) = signals.take() {
            stop_reason = format!("{sig}");
            break;
        }
        source.read(&ready, &mut rec, &mut buf, 256)?;
        if rec.done {
            stop_reason = "limit reached".into();
        }
    }
    // Stopping by signal or time: take what the kernel had already queued
    // (delivered before the stop), bounded in case traffic never pauses.
    if !rec.done {
        const FINAL_DRAIN: usize = 100_000;
        let all = vec![true; source.sockets()];
        source.read(&all, &mut rec, &mut buf, FINAL_DRAIN)?;
    }
    let secs = start.elapsed().as_secs_f64();
    let summary = source.close(rec.records, &mut buf);
    eprintln!("nlscope: {stop_reason}: {summary} in {secs:.1} s");
    Ok(ExitCode::SUCCESS)
}

/// Where the records go: the output file (if any) and the live decoder (if any).
/// What a listener capture's file says about itself: the protocols and groups
/// listened to.
fn listener_note(families: &[u16], groups: &[String]) -> String {
    let protocols: Vec<String> = families.iter().map(|f| family_name(*f)).collect();
    format!(
        "multicast notifications (and nlscope's own requests and their replies) of {}, groups {}; \
         other programs' requests and replies are not in it",
        protocols.join(","),
        if groups.is_empty() {
            "all".to_string()
        } else {
            groups.join(",")
        }
    )
}

fn recorder(
    args: &CaptureArgs,
    families: Vec<u16>,
    listener: Option<String>,
) -> anyhow::Result<Recorder> {
    let target = match args.write.clone() {
        None => None,
        Some(w) if w == "-" => Some(Target::Stdout),
        Some(w) => Some(Target::File(w)),
    };
    let format = if args.pcapng {
        Format::Pcapng
    } else {
        Format::Pcap
    };
    let rot = Rotation {
        size_mb: args.file_size,
        seconds: args.rotate_seconds,
        count: args.file_count,
    };
    let out = match target {
        Some(t) => Some(Output::open_marked(t, format, args.snaplen, rot, listener)?),
        None => None,
    };
    let ctx = if args.decode {
        args.specs.context().map_err(|e| anyhow::anyhow!(e))?
    } else {
        nlscope::families::decode::Context::new()
    };
    let decoder = args.decode.then(|| LiveDecoder {
        walker: {
            let mut w = Walker::new(EndianMode::Fixed(nlscope::wire::endian::Endian::NATIVE));
            w.ctx = ctx;
            w
        },
        format: args.format,
        style: Style {
            color: super::decode::use_color(args.color),
            show_secrets: args.show_secrets,
        },
        frame: 0,
        buf: Vec::with_capacity(64 * 1024),
    });
    Ok(Recorder {
        out,
        decoder,
        families,
        records: 0,
        limit: args.count,
        done: false,
        buf: Vec::new(),
    })
}

/// The nlmon device or the listener sockets, as `--via` and `-i` ask, with the
/// `--dump` requests sent; says on stderr what it captures through.
fn open_source(
    args: &CaptureArgs,
    dumps: &[DumpKind],
    choice: &GroupChoice,
    nlmon: Option<Nlmon>,
    rec: &mut Recorder,
    buf: &mut [u8],
) -> anyhow::Result<Source> {
    let rcvbuf = rcvbuf(args);
    Ok(match nlmon {
        Some(n) => Source::Nlmon(Box::new(nlmon_source(args, dumps, n, buf)?)),
        None => Source::Listen(listen_source(args, dumps, choice, rcvbuf, rec, buf)?),
    })
}

fn rcvbuf(args: &CaptureArgs) -> usize {
    args.buffer_size
        .map_or(RCVBUF_BYTES, |k| k.saturating_mul(1024))
}

/// The nlmon device, as `--via` and `-i` ask, or None to listen instead.
fn open_nlmon(args: &CaptureArgs, buf: &mut [u8]) -> anyhow::Result<Option<Nlmon>> {
    let rcvbuf = rcvbuf(args);
    let device = args.interface.as_deref();
    let listen_only = !args.protocol.is_empty() || !args.group.is_empty();
    let via = match (args.via, device) {
        (Via::Nlmon, _) | (_, Some(_)) if listen_only => {
            anyhow::bail!("--protocol and --group choose what to listen to: they need --via listen")
        }
        (Via::Auto, None) if listen_only => Via::Listen,
        (Via::Listen, Some(_)) => {
            anyhow::bail!("-i DEV reads an nlmon device: it cannot be combined with --via listen")
        }
        // A device was named: no silent fallback to listening.
        (Via::Auto, Some(_)) => Via::Nlmon,
        (v, _) => v,
    };
    let nlmon = match via {
        Via::Listen => None,
        Via::Nlmon => match Nlmon::open(rcvbuf, args.snaplen, device, buf) {
            Ok(n) => Some(n),
            Err(e) => anyhow::bail!("{e}"),
        },
        Via::Auto => match Nlmon::open(rcvbuf, args.snaplen, None, buf) {
            Ok(n) => Some(n),
            Err(e) => {
                let why = match e {
                    NlmonError::NotSupported => {
                        "the kernel has no nlmon (CONFIG_NLMON)".to_string()
                    }
                    NlmonError::Other(e) => format!("no nlmon: {e:#}"),
                };
                eprintln!("nlscope: warning: {why}; listening to multicast groups, so only notifications (and --dump replies) are captured");
                None
            }
        },
    };
    Ok(nlmon)
}

fn nlmon_source(
    args: &CaptureArgs,
    dumps: &[DumpKind],
    n: Nlmon,
    buf: &mut [u8],
) -> anyhow::Result<Nlmon> {
    if !dumps.is_empty() {
        // nlmon taps the requests and replies: just ask and discard.
        let mut route = NlSocket::open(0)?;
        route.set_nonblocking(true)?;
        for kind in dumps {
            let seq = route.next_seq();
            let req = kind.request(seq, nlscope::wire::build::Endian::NATIVE);
            route.transact(&req, seq, buf, |_, _| Ok(()))?;
        }
    }
    if n.read_path() == ReadPath::Socket {
        eprintln!("nlscope: note: {SOCKET_PATH_NOTE}");
    }
    eprintln!(
        "nlscope: capturing via nlmon device {}{}, read through {}",
        n.name.escape_debug(),
        if n.adopted {
            " (adopted: deleted at exit)"
        } else if n.created {
            " (created)"
        } else {
            ""
        },
        match n.read_path() {
            ReadPath::Libpcap => "libpcap",
            ReadPath::Socket => "a packet socket",
        }
    );
    if args.family.iter().any(|f| f == "audit") {
        eprintln!(
            "nlscope: note: family audit: not captured: nlmon does not tap the audit \
             family (its records are seen with --via listen)"
        );
    }
    Ok(n)
}

fn listen_source(
    args: &CaptureArgs,
    dumps: &[DumpKind],
    choice: &GroupChoice,
    rcvbuf: usize,
    rec: &mut Recorder,
    buf: &mut [u8],
) -> anyhow::Result<Listener> {
    // The kernel multicasts audit records only in the initial network namespace
    // (kauditd sends on init_net's socket): elsewhere an audit listener would stay
    // silent, so say so instead.
    let mut listen_families = rec.families.clone();
    if args.netns.is_some() && listen_families.contains(&NETLINK_AUDIT) {
        listen_families.retain(|f| *f != NETLINK_AUDIT);
        eprintln!(
            "nlscope: note: family audit: not captured: the kernel sends audit records \
             only to the initial network namespace, not to --netns namespaces"
        );
    }
    let mut sink = |family: u16, d: &[u8], r: Received| rec.datagram(family, d, r.nsid);
    let l = Listener::open(&listen_families, choice, rcvbuf, dumps, buf, &mut sink)?;
    for note in &l.notes {
        eprintln!("nlscope: note: {note}");
    }
    let what: Vec<String> = l
        .sockets
        .iter()
        .map(|s| {
            format!(
                "{}({} groups)",
                family_name(s.sock.family()),
                s.groups.len()
            )
        })
        .collect();
    eprintln!("nlscope: capturing via listen on {}", what.join(" "));
    Ok(l)
}

impl Source {
    /// How many sockets [`Source::wait`] and [`Source::read`] look at.
    fn sockets(&self) -> usize {
        match self {
            Source::Listen(l) => l.sockets.len(),
            Source::Nlmon(_) => 1,
        }
    }

    /// Waits up to `timeout` for data or a stop signal; which sockets are ready.
    fn wait(&self, signals: &StopSignals, timeout: Duration) -> anyhow::Result<Vec<bool>> {
        let mut fds = vec![PollFd::new(signals.fd(), PollFlags::POLLIN)];
        match self {
            Source::Listen(l) => fds.extend(
                l.sockets
                    .iter()
                    .map(|s| PollFd::new(s.sock.fd(), PollFlags::POLLIN)),
            ),
            Source::Nlmon(n) => fds.push(PollFd::new(n.fd(), PollFlags::POLLIN)),
        }
        match poll(
            &mut fds,
            PollTimeout::try_from(timeout).unwrap_or(PollTimeout::MAX),
        ) {
            Ok(_) | Err(nix::errno::Errno::EINTR) => {}
            Err(e) => return Err(e.into()),
        }
        Ok(fds
            .iter()
            .skip(1)
            .map(|f| f.any().unwrap_or(false))
            .collect())
    }

    /// Records up to `max` datagrams from each listener socket marked in `ready`, or up
    /// to `max` packets of the nlmon device.
    fn read(
        &mut self,
        ready: &[bool],
        rec: &mut Recorder,
        buf: &mut [u8],
        max: usize,
    ) -> anyhow::Result<()> {
        match self {
            Source::Listen(l) => {
                for (i, r) in ready.iter().enumerate() {
                    if *r {
                        let mut sink =
                            |family: u16, d: &[u8], r: Received| rec.datagram(family, d, r.nsid);
                        l.drain(i, buf, max, &mut sink)?;
                    }
                }
            }
            // Read whether or not poll said so: libpcap keeps packets of a ring
            // block it has begun in user space, where poll does not see them.
            Source::Nlmon(n) => {
                for _ in 0..max {
                    let Some(p) = n.recv(buf)? else {
                        break;
                    };
                    let data = buf.get(..p.len).unwrap_or(&[]);
                    rec.record(p.family, data, None, p.ts, p.orig_len)?;
                    if rec.done {
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    /// Closes the source (an nlmon device nlscope made is deleted) and says what was
    /// captured and lost.
    fn close(&mut self, records: u64, buf: &mut [u8]) -> String {
        match self {
            Source::Listen(l) => {
                let trunc = l.truncated();
                let lost = l
                    .kernel_drops()
                    .map_or("unknown".to_string(), |d| d.to_string());
                format!(
                    "{records} records captured, {lost} lost (kernel drop count; {} ENOBUFS overruns){}",
                    l.overruns(),
                    if trunc > 0 {
                        format!(", {trunc} datagrams cut by the receive buffer")
                    } else {
                        String::new()
                    }
                )
            }
            Source::Nlmon(n) => {
                let drops = n
                    .drops(buf)
                    .map_or("unknown".to_string(), |d| d.to_string());
                let r = n.close(buf);
                if let Err(e) = r {
                    eprintln!("nlscope: {e:#}");
                }
                format!(
                    "{records} records captured, {drops} lost ({})",
                    match n.read_path() {
                        ReadPath::Libpcap => "libpcap's kernel drop count",
                        ReadPath::Socket => "packet socket drops",
                    }
                )
            }
        }
    }
}
