//! `nlscope replay`: send a capture's requests to a kernel, in a scratch namespace by
//! default, and compare the answers with the captured ones.

use nlscope::os::replay::{in_namespace, Kernel, Where};
use nlscope::os::sandbox::Stage;
use nlscope::record::pcapwrite::{nlmon_header, CaptureWriter, Format, Record, DEFAULT_SNAPLEN};
use nlscope::record::{read_all, Format as InFormat};
use nlscope::replay::{
    self, judge_cause, outcome, rewrite, Cause, History, NotReplayed, Outcome, Request, Verdict,
};
use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Replay pacing.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speed {
    /// One request after the other, as fast as the kernel answers.
    Max,
    /// With the capture's own gaps between requests.
    #[value(name = "1x")]
    Real,
}

/// Report format.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// One line per request, then a summary.
    Text,
    /// One JSON document.
    Json,
}

/// Send a capture's requests to the kernel (as root) in a network namespace made for
/// the replay and removed afterwards, and compare each answer with the captured one.
/// The replay runs in a sandbox (new user, network, PID and mount namespaces) where a
/// request cannot reach the host; requests of host-global families (audit, nl80211,
/// …) are not sent. Exits 1 when any difference is unexplained.
#[derive(clap::Args, Debug)]
pub struct ReplayArgs {
    /// Capture file (pcap, pcapng or rtmon); `-` reads stdin.
    file: String,
    /// Replay into the existing network namespace NAME instead of a fresh one (without
    /// the sandbox: with root's full power over the machine).
    #[arg(long, value_name = "NAME", conflicts_with = "netns_self")]
    netns: Option<String>,
    /// Replay into the namespace nlscope runs in (changes this machine's network!).
    #[arg(long)]
    netns_self: bool,
    /// Record the replay (requests as sent, every answer) to FILE, in the input's format.
    #[arg(short = 'w', value_name = "FILE")]
    write: Option<String>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    report: ReportFormat,
    /// Pacing.
    #[arg(long, value_enum, default_value_t = Speed::Max)]
    speed: Speed,
    /// Replay only these netlink families (route, generic, netfilter, xfrm, sock_diag).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    family: Vec<String>,
    /// Skip GET requests (lookups and dumps): replay only changes.
    #[arg(long)]
    only_changes: bool,
    /// Also send requests of host-global families (audit, nl80211, …). Only for a
    /// machine that is itself thrown away: needs `--netns-self` and the environment
    /// variable NLSCOPE_THROWAWAY_VM=1 (set by the guest of `cargo xtask vm-test
    /// --replay FILE`).
    #[arg(long, requires = "netns_self")]
    host_global: bool,
    /// Milliseconds to wait for each answer.
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    timeout: u64,
    /// The user's specs and family ids (for planning: message names, interface
    /// indexes in the user's families).
    #[command(flatten)]
    specs: super::specs::SpecArgs,
}

/// One line of the report.
#[derive(Debug, serde::Serialize)]
struct Line {
    #[serde(flatten)]
    request: Request,
    /// The replayed outcome (absent when not replayed).
    replayed: Option<Outcome>,
    /// Why it was not replayed.
    not_replayed: Option<String>,
    #[serde(flatten)]
    verdict: Verdict,
    /// Why, for an explained difference: the rule, the object and the chain of
    /// earlier requests it follows from.
    #[serde(skip_serializing_if = "Option::is_none")]
    cause: Option<Cause>,
}

#[derive(Debug, Default, serde::Serialize)]
struct Summary {
    requests: usize,
    matched: usize,
    explained: usize,
    not_replayed: usize,
    unexplained: usize,
}

fn now() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
}

/// Runs `nlscope replay`.
///
/// # Errors
/// Unreadable capture, no namespace, unwritable output.
pub fn run(args: ReplayArgs) -> anyhow::Result<ExitCode> {
    if args.host_global && std::env::var(THROWAWAY_ENV).as_deref() != Ok("1") {
        anyhow::bail!(
            "--host-global replays requests that change the whole machine (audit, radios, \
             kernel-wide settings): only in a throwaway VM (`cargo xtask vm-test --replay \
             FILE`), which sets {THROWAWAY_ENV}=1"
        );
    }
    let sandbox = nlscope::os::sandbox::current();
    if args.netns.is_none() && !args.netns_self && sandbox == Stage::Outside {
        // The default scratch namespace is made by a sandboxed copy of this command.
        return nlscope::os::sandbox::respawn();
    }
    let bytes = if args.file == "-" {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut v)?;
        v
    } else {
        std::fs::read(&args.file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.file))?
    };
    let format = match read_all(&bytes)?.format() {
        InFormat::PcapNg { .. } => Format::Pcapng,
        _ => Format::Pcap,
    };
    let ctx = args.specs.context().map_err(|e| anyhow::anyhow!(e))?;
    let plan = replay::plan_with(&bytes, ctx)?;
    if let (n, Some(e)) = &plan.malformed {
        eprintln!("nlscope replay: warning: {n} malformed records skipped, the first: {e}");
    }
    if let Some(e) = &plan.read_error {
        eprintln!("nlscope replay: warning: {e} (replaying the requests before it)");
    }
    let families: Vec<u16> = args
        .family
        .iter()
        .map(|n| {
            nlscope::os::family_by_name(n)
                .ok_or_else(|| anyhow::anyhow!("unknown netlink family {n:?}"))
        })
        .collect::<anyhow::Result<_>>()?;
    let requests: Vec<Request> = plan
        .requests
        .into_iter()
        .filter(|r| families.is_empty() || families.contains(&r.protocol))
        .filter(|r| !(args.only_changes && r.is_get))
        .collect();
    let place = match (&args.netns, args.netns_self) {
        (Some(n), _) => Where::Named(n.clone()),
        (None, true) => Where::Current,
        // Inside the sandbox the process's own network namespace is the fresh one.
        (None, false) if sandbox == Stage::Inside => Where::Sandbox,
        (None, false) => Where::Fresh,
    };
    let mut writer = match &args.write {
        Some(p) => Some(CaptureWriter::new(
            std::io::BufWriter::new(
                std::fs::File::create(p).map_err(|e| anyhow::anyhow!("cannot create {p}: {e}"))?,
            ),
            format,
            DEFAULT_SNAPLEN,
        )?),
        None => None,
    };
    let timeout = Duration::from_millis(args.timeout.max(1));
    let speed = args.speed;
    let host_global = args.host_global;
    let lines = in_namespace(&place, || {
        replay_all(requests, timeout, speed, host_global, writer.as_mut())
    })?;
    drop(writer);
    let mut s = Summary {
        requests: lines.len(),
        ..Summary::default()
    };
    for l in &lines {
        match (&l.verdict, &l.not_replayed) {
            (_, Some(_)) => s.not_replayed += 1,
            (Verdict::Match, _) => s.matched += 1,
            (Verdict::Explained(_), _) => s.explained += 1,
            (Verdict::Unexplained(_), _) => s.unexplained += 1,
        }
    }
    let mut out = std::io::stdout().lock();
    match args.report {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &serde_json::json!({ "requests": lines, "summary": s }),
            )?;
            writeln!(out)?;
        }
        ReportFormat::Text => {
            for l in &lines {
                let r = &l.request;
                let what = match &r.genl_family {
                    Some(f) => format!("{} {}", f, r.name),
                    None => r.name.clone(),
                };
                let replayed = match (&l.replayed, &l.not_replayed) {
                    (_, Some(why)) => format!("not replayed: {why}"),
                    (Some(o), None) => o.describe(),
                    (None, None) => String::new(),
                };
                let verdict = match &l.verdict {
                    Verdict::Match => "match".to_owned(),
                    Verdict::Explained(w) => format!("explained: {w}"),
                    Verdict::Unexplained(w) => format!("UNEXPLAINED: {w}"),
                };
                writeln!(
                    out,
                    "#{:<5} {:<9} {:<28} original: {:<32} replay: {:<32} {}",
                    r.frame,
                    nlscope::os::family_name(r.protocol),
                    what.escape_debug().to_string(),
                    r.original.describe().escape_debug().to_string(),
                    replayed.escape_debug().to_string(),
                    verdict.escape_debug()
                )?;
            }
            writeln!(
                out,
                "{} requests: {} matched, {} explained, {} not replayed (reason given), {} unexplained",
                s.requests, s.matched, s.explained, s.not_replayed, s.unexplained
            )?;
        }
    }
    Ok(if s.unexplained > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn record<W: Write>(w: &mut Option<&mut CaptureWriter<W>>, protocol: u16, bytes: &[u8]) {
    if let Some(w) = w.as_mut() {
        let mut data = nlmon_header(nlscope::record::pcapwrite::PACKET_OUTGOING, protocol).to_vec();
        data.extend_from_slice(bytes);
        let _ = w.write(&Record {
            ts: now(),
            data: &data,
            nsid: None,
        });
    }
}

fn replay_all<W: Write>(
    requests: Vec<Request>,
    timeout: Duration,
    speed: Speed,
    host_global: bool,
    mut writer: Option<&mut CaptureWriter<W>>,
) -> anyhow::Result<Vec<Line>> {
    let mut k = Kernel::new(timeout);
    let mut history = History::new(nlscope::os::sandbox::current() == Stage::Inside);
    let mut lines = Vec::new();
    let started = Instant::now();
    let first_ts = requests.first().map(|r| r.time());
    let mut queue = requests.into_iter().peekable();
    while let Some(r) = queue.next() {
        if speed == Speed::Real {
            if let Some(t0) = first_ts {
                let t = r.time();
                let due =
                    Duration::new(u64::try_from(t.sec.saturating_sub(t0.sec)).unwrap_or(0), 0)
                        .saturating_add(Duration::from_nanos(u64::from(t.nsec)))
                        .saturating_sub(Duration::from_nanos(u64::from(t0.nsec)));
                if let Some(wait) = due.checked_sub(started.elapsed()) {
                    std::thread::sleep(wait);
                }
            }
        }
        // The messages of one nfnetlink batch go in one datagram, as captured: the
        // kernel takes a batch only whole (a lone NFT_MSG_NEWTABLE is EINVAL).
        let mut group = vec![r];
        if let Some(b) = group.first().and_then(|r| r.batch) {
            while let Some(n) = queue.next_if(|n| n.batch == Some(b)) {
                group.push(n);
            }
        }
        for (r, replayed, not_replayed) in send_group(&mut k, group, host_global, &mut writer) {
            let (verdict, cause) = match (&replayed, &not_replayed) {
                (_, Some(why)) => (
                    Verdict::Explained(format!("not replayed: {why}")),
                    history.not_replayed_cause(&r),
                ),
                (Some(o), None) => judge_cause(&r, o, &history),
                (None, None) => (Verdict::Explained("not replayed".into()), None),
            };
            history.note(&r, replayed.as_ref());
            history.remember(&r, &verdict, cause.as_ref());
            lines.push(Line {
                request: r,
                replayed,
                not_replayed,
                verdict,
                cause,
            });
        }
        history.end_batch();
    }
    Ok(lines)
}

/// Sends one request, or the messages of one batch in one datagram, and returns each
/// request with its replayed outcome or why it was not replayed.
fn send_group<W: Write>(
    k: &mut Kernel,
    group: Vec<Request>,
    host_global: bool,
    writer: &mut Option<&mut CaptureWriter<W>>,
) -> Vec<(Request, Option<Outcome>, Option<String>)> {
    let seqs: Vec<u32> = group.iter().map(|_| k.next_seq()).collect();
    let mut datagram = Vec::new();
    let mut refused = None;
    for (r, &seq) in group.iter().zip(&seqs) {
        match prepare(k, r, seq, host_global) {
            Ok(msg) => datagram.extend_from_slice(&msg),
            Err(NotReplayed(why)) => {
                refused = Some(why);
                break;
            }
        }
    }
    if let Some(why) = refused {
        let why = if group.len() > 1 {
            format!("one message of its nfnetlink batch cannot be replayed: {why}")
        } else {
            why
        };
        return group
            .into_iter()
            .map(|r| (r, None, Some(why.clone())))
            .collect();
    }
    let Some(first) = group.first() else {
        return Vec::new();
    };
    let protocol = first.protocol;
    let echo = |r: &Request| r.flags & nlscope::wire::nlmsg::flags::NLM_F_ECHO != 0;
    let asks = group
        .iter()
        .any(|r| r.flags & nlscope::wire::nlmsg::flags::NLM_F_ACK != 0 || r.is_get || echo(r));
    let single = group.len() == 1 && first.single_reply();
    // Wait for the answer to the last message that asks for one (or to the last).
    let wait_seq = group
        .iter()
        .zip(&seqs)
        .rev()
        .find(|(r, _)| r.flags & nlscope::wire::nlmsg::flags::NLM_F_ACK != 0 || r.is_get || echo(r))
        .or_else(|| group.iter().zip(&seqs).next_back())
        .map_or(0, |(_, &s)| s);
    record(writer, protocol, &datagram);
    match k.request(protocol, &datagram, wait_seq, single, !asks) {
        Ok(dgs) => {
            for d in &dgs {
                record(writer, protocol, d);
            }
            group
                .into_iter()
                .zip(seqs)
                .map(|(r, seq)| {
                    let o = outcome(protocol, &dgs, seq, r.is_get, echo(&r), r.single_reply());
                    (r, Some(o), None)
                })
                .collect()
        }
        Err(e) => {
            let why = format!("the kernel refused the socket or the send: {e}");
            group
                .into_iter()
                .map(|r| (r, None, Some(why.clone())))
                .collect()
        }
    }
}

/// Set (to 1) only by tests, and honoured only inside the sandbox: skip the second
/// line of defence (the allowlist and the namespace-attribute check) so that a test
/// can show that the sandbox alone keeps the host unchanged.
const SANDBOX_ONLY_ENV: &str = "NLSCOPE_REPLAY_TEST_SANDBOX_ONLY";

/// Set (to 1) by the guest of `cargo xtask vm-test`: this whole machine is scratch.
const THROWAWAY_ENV: &str = "NLSCOPE_THROWAWAY_VM";

fn prepare(
    k: &mut Kernel,
    r: &Request,
    seq: u32,
    host_global: bool,
) -> Result<Vec<u8>, NotReplayed> {
    let sandbox_only = nlscope::os::sandbox::current() == Stage::Inside
        && std::env::var(SANDBOX_ONLY_ENV).as_deref() == Ok("1");
    if host_global {
        // A throwaway machine: every request goes, as captured.
    } else if !sandbox_only {
        second_line(r)?;
    }
    prepare_bytes(k, r, seq)
}

/// The checks that keep a request away from the host when the sandbox is not there
/// (`--netns`, `--netns-self`) and as a second wall when it is.
fn second_line(r: &Request) -> Result<(), NotReplayed> {
    replay::scope::check(r).map_err(NotReplayed)?;
    if let Some(attr) = r.other_netns {
        return Err(NotReplayed(format!(
            "refers to another network namespace ({attr}) of the capturing machine"
        )));
    }
    Ok(())
}

fn prepare_bytes(k: &mut Kernel, r: &Request, seq: u32) -> Result<Vec<u8>, NotReplayed> {
    let mut genl_id = None;
    if r.protocol == nlscope::wire::protocol::NETLINK_GENERIC
        && r.msg_type() != nlscope::wire::protocol::GENL_ID_CTRL
    {
        let Some(name) = &r.genl_family else {
            return Err(NotReplayed(format!(
                "generic netlink family id {} is not named by any nlctrl message in the capture",
                r.msg_type()
            )));
        };
        match k.genl_id(name) {
            Some(id) => genl_id = Some(id),
            None => {
                return Err(NotReplayed(format!(
                    "generic netlink family {name:?} is not in this kernel"
                )))
            }
        }
    }
    let family_ids: std::collections::HashMap<&str, Option<u16>> = r
        .family_ids
        .iter()
        .filter_map(|f| f.name.as_deref())
        .map(|n| (n, k.genl_id(n)))
        .collect();
    rewrite(
        r,
        seq,
        genl_id,
        |name| family_ids.get(name).copied().flatten(),
        |name| k.ifindex(name),
    )
}
