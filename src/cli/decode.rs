//! `nlscope decode FILE|-`: print every message of a capture as a tree (`text`),
//! one line each (`line`) or JSON Lines (`json`).
//!
//! Exit codes: 0 when the whole input was read (also when the reader of the output
//! went away: `| head`), 1 when the input is bad (everything decoded before the bad
//! spot is printed first, then one line on stderr saying what and where), also when
//! it holds records shorter than their link-layer header (each is printed in its place
//! as that record's error, every other record is decoded, then the line on stderr), 2
//! for usage errors.

use super::input::{self, EndianArg, Event, Stop};
use super::specs::SpecArgs;
use nlscope::families::decode::{Body, Context};
use nlscope::flow::Item;
use nlscope::render::Style;
use std::cell::Cell;
use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::rc::Rc;

pub use nlscope::render::Format;

/// When to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorArg {
    /// When standard output is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always (overrides `NO_COLOR`, as no-color.org allows for explicit flags).
    Always,
    /// Never.
    Never,
}

/// The capture to read: a positional FILE or `-r FILE` (as `tcpdump -r`, `tshark
/// -r`), one of the two.
#[derive(clap::Args, Debug)]
pub struct InputArgs {
    /// Capture file (pcap or pcapng), or `-` for standard input.
    #[arg(required_unless_present = "read", conflicts_with = "read")]
    pub file: Option<PathBuf>,
    /// Read the capture from FILE (`-` for standard input), as `tcpdump -r`.
    #[arg(short = 'r', long = "read", value_name = "FILE")]
    pub read: Option<PathBuf>,
}

impl InputArgs {
    /// The file named (clap makes sure there is one).
    pub fn path(&self) -> PathBuf {
        self.read
            .clone()
            .or_else(|| self.file.clone())
            .unwrap_or_else(|| PathBuf::from("-"))
    }
}

/// Which messages to look at, for `decode` and `stats`.
#[derive(clap::Args, Debug, Default)]
pub struct FilterArgs {
    /// Only this netlink family: protocol name or number (ROUTE, 0, GENERIC…) or a
    /// generic-netlink family name (nl80211: its requests, replies, errors and acks).
    #[arg(long, value_name = "NAME|NUM")]
    pub family: Option<String>,
    /// Only this message type: name (RTM_NEWLINK, CTRL_CMD_GETFAMILY) or number.
    #[arg(long = "type", value_name = "NAME|NUM")]
    pub ty: Option<String>,
    /// Only errors (NLMSG_ERROR and NLMSG_DONE with a non-zero error).
    #[arg(long)]
    pub errors: bool,
    /// Only messages with this nlmsg_seq.
    #[arg(long)]
    pub seq: Option<u32>,
    /// Only messages with this nlmsg_pid.
    #[arg(long)]
    pub pid: Option<u32>,
    /// Only these frames, numbered as `decode` prints them (from 1): `10-20,33`, `5-`.
    #[arg(long, value_name = "LIST", value_parser = parse_frames)]
    pub frames: Option<Frames>,
}

/// A frame selection: inclusive ranges of frame numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frames(pub Vec<(u64, u64)>);

impl Frames {
    /// Whether frame `n` is selected.
    pub fn contains(&self, n: u64) -> bool {
        self.0.iter().any(|(a, b)| (*a..=*b).contains(&n))
    }

    /// The last frame selected (`u64::MAX` for an open range).
    pub fn last(&self) -> u64 {
        self.0.iter().map(|(_, b)| *b).max().unwrap_or(0)
    }
}

/// `10-20,33,40-`: frame numbers from 1, ranges inclusive.
pub fn parse_frames(s: &str) -> Result<Frames, String> {
    let num = |t: &str| -> Result<u64, String> {
        match t.trim().parse::<u64>() {
            Ok(0) => Err("frames are numbered from 1".to_owned()),
            Ok(n) => Ok(n),
            Err(e) => Err(format!("`{t}`: {e}")),
        }
    };
    let mut v = Vec::new();
    for part in s.split(',') {
        let r = match part.split_once('-') {
            Some((a, b)) if b.trim().is_empty() => (num(a)?, u64::MAX),
            Some((a, b)) => (num(a)?, num(b)?),
            None => {
                let n = num(part)?;
                (n, n)
            }
        };
        if r.0 > r.1 {
            return Err(format!("`{part}`: the range runs backwards"));
        }
        v.push(r);
    }
    Ok(Frames(v))
}

/// Options of `nlscope decode`.
#[derive(clap::Args, Debug)]
pub struct DecodeArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Byte order of the netlink messages.
    #[arg(long, value_enum, default_value_t = EndianArg::Auto)]
    pub endian: EndianArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The user's specs and family ids.
    #[command(flatten)]
    pub specs: SpecArgs,
    /// Stop after printing COUNT messages (as `tcpdump -c`).
    #[arg(short = 'c', long = "count", value_name = "COUNT")]
    pub count: Option<u64>,
    /// Colour.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Print key material (wireguard private and preshared keys, xfrm and macsec keys,
    /// …) instead of `<redacted N bytes>` (text, line) or `"redacted":true` (JSON).
    #[arg(long)]
    pub show_secrets: bool,
    /// Instead of the messages, print per interface its final link state, its
    /// addresses and the changes seen (like `ip -br link` + `ip -br addr` at the end).
    #[arg(long)]
    pub summary: bool,
}

/// Which messages to print.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    protocol: Option<u16>,
    genl_family: Option<String>,
    ty_num: Option<u16>,
    ty_name: Option<String>,
    errors: bool,
    seq: Option<u32>,
    pid: Option<u32>,
    frames: Option<Frames>,
}

impl Filter {
    /// The filter the options ask for.
    ///
    /// # Errors
    /// A family or message type name that nlscope does not know (a usage error): the
    /// message names the closest names it knows.
    pub fn from_args(a: &FilterArgs, ctx: &Context) -> Result<Filter, String> {
        let mut f = Filter {
            errors: a.errors,
            seq: a.seq,
            pid: a.pid,
            frames: a.frames.clone(),
            ..Filter::default()
        };
        if let Some(fam) = &a.family {
            if let Some(p) = nlscope::wire::protocol::Protocol::from_name(fam) {
                f.protocol = Some(p.0);
            } else {
                // Built-in names, the ids pinned with `--genl-family` and the user's
                // specs' families.
                let mut known: Vec<String> = super::names::families()
                    .chain(ctx.pinned_genl_names().map(str::to_owned))
                    .chain(
                        ctx.user()
                            .into_iter()
                            .flat_map(|u| u.genl.iter().map(|g| g.name.to_owned())),
                    )
                    .collect();
                if !known.iter().any(|n| n.eq_ignore_ascii_case(fam)) {
                    known.sort();
                    known.dedup();
                    return Err(super::names::unknown(
                        "netlink protocol or generic-netlink family",
                        fam,
                        &known,
                    ));
                }
                f.genl_family = Some(fam.clone());
            }
        }
        if let Some(t) = &a.ty {
            match t.parse::<u16>() {
                Ok(n) => f.ty_num = Some(n),
                Err(_) => {
                    // Built-in names and those of the user's specs.
                    let mut known = super::names::message_types();
                    if let Some(u) = ctx.user() {
                        known.extend(
                            u.raw
                                .iter()
                                .flat_map(|r| r.msgs.iter().map(|m| m.name.to_owned())),
                        );
                        known.extend(
                            u.genl
                                .iter()
                                .flat_map(|g| g.cmds.iter().map(|m| m.name.to_owned())),
                        );
                    }
                    if !known.iter().any(|n| n.eq_ignore_ascii_case(t)) {
                        return Err(super::names::unknown("message type", t, &known));
                    }
                    f.ty_name = Some(t.to_ascii_uppercase());
                }
            }
        }
        Ok(f)
    }

    /// Whether nothing is filtered out.
    pub fn is_empty(&self) -> bool {
        self.protocol.is_none()
            && self.genl_family.is_none()
            && self.ty_num.is_none()
            && self.ty_name.is_none()
            && !self.errors
            && self.seq.is_none()
            && self.pid.is_none()
            && self.frames.is_none()
    }

    /// Whether no frame after `frame` can pass (the walk can stop).
    pub fn past(&self, frame: u64) -> bool {
        self.frames.as_ref().is_some_and(|f| frame > f.last())
    }

    /// Whether a kernel-object event passes: it has no message header, type or
    /// errno, so only a filter on its protocol alone lets it through.
    pub fn matches_uevent(&self) -> bool {
        self.is_empty()
            || (self.protocol == Some(nlscope::wire::protocol::NETLINK_KOBJECT_UEVENT)
                && Filter {
                    protocol: None,
                    ..self.clone()
                }
                .is_empty())
    }

    /// Whether `it` passes.
    pub fn matches(&self, it: &Item<'_, '_>) -> bool {
        let d = it.decoded;
        let h = &d.msg.header;
        if self.protocol.is_some_and(|p| p != d.protocol)
            || self.frames.as_ref().is_some_and(|f| !f.contains(it.frame))
            || self.seq.is_some_and(|s| s != h.seq)
            || self.pid.is_some_and(|p| p != h.pid)
            || self.ty_num.is_some_and(|t| t != h.ty)
        {
            return false;
        }
        if let Some(name) = &self.genl_family {
            // The family's own messages, and the errors, acks and dump ends that
            // answer its requests (their type is the request's: the family id).
            let id = match &d.body {
                Body::Family(f) => f.genl.map(|g| g.family_id),
                Body::Error(e) => e
                    .request
                    .map(|m| m.header.ty)
                    .or(it.info.pair.map(|p| p.request_type)),
                Body::Done(_) => it.info.pair.map(|p| p.request_type),
                _ => None,
            };
            let ok = d.protocol == nlscope::wire::protocol::NETLINK_GENERIC
                && id
                    .and_then(|id| it.ctx.genl_name(id))
                    .is_some_and(|n| n.eq_ignore_ascii_case(name));
            if !ok {
                return false;
            }
        }
        if let Some(name) = &self.ty_name {
            if !d.type_name().is_some_and(|n| n.eq_ignore_ascii_case(name)) {
                return false;
            }
        }
        if self.errors {
            let err = match &d.body {
                Body::Error(e) => e.error.is_some_and(|e| e != 0),
                Body::Done(x) => x.error.is_some_and(|e| e != 0),
                _ => false,
            };
            if !err {
                return false;
            }
        }
        true
    }
}

/// Whether to colour, from the flag, the terminal and `NO_COLOR`.
pub fn use_color(arg: ColorArg) -> bool {
    match arg {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// A reader that counts the bytes read through it (for the progress bar).
struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Files at least this large get a progress bar (on a terminal).
const PROGRESS_MIN: u64 = 16 << 20;

/// Print a one-line error and pick the exit code for a stopped walk.
pub fn finish(stop: Result<(), Stop>, out: &mut dyn Write) -> ExitCode {
    let flushed = out.flush();
    match stop {
        Ok(()) => match flushed {
            Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                eprintln!("nlscope: writing output: {e}");
                ExitCode::from(1)
            }
            _ => ExitCode::SUCCESS,
        },
        Err(Stop::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Stop::Output(e)) => {
            eprintln!("nlscope: writing output: {e}");
            ExitCode::from(1)
        }
        Err(Stop::Input(e)) => {
            eprintln!("nlscope: {e:#}");
            ExitCode::from(1)
        }
    }
}

pub use nlscope::render::render_event;

/// Run `nlscope decode`.
pub fn run(args: &DecodeArgs) -> ExitCode {
    let mut ctx = match args.specs.context() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("nlscope: {e}");
            return ExitCode::from(2);
        }
    };
    let filter = match Filter::from_args(&args.filter, &ctx) {
        Ok(f) => f,
        Err(e) => return super::usage_error(&e),
    };
    let path = args.input.path();
    let style = Style {
        color: use_color(args.color),
        show_secrets: args.show_secrets,
    };
    let (input, size) = match input::open(&path) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("nlscope: {e:#}");
            return ExitCode::from(1);
        }
    };
    let count = Rc::new(Cell::new(0u64));
    let input: Box<dyn Read> = Box::new(Counting {
        inner: input,
        count: Rc::clone(&count),
    });
    let bar = progress_bar(size);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut buf: Vec<u8> = Vec::with_capacity(256 * 1024);
    let name = path.display().to_string();
    let mut records = 0u64;
    let mut summary = nlscope::render::line::Summary::new();
    let (mut printed, limit) = (0u64, args.count.unwrap_or(u64::MAX));
    // Set when `-c` or `--frames` leave nothing more to print: the walk is stopped
    // by an error from the callback, which is then no error.
    let mut enough = false;
    let res = input::walk(input, &name, args.endian, &mut ctx, |ev| {
        if printed >= limit || matches!(&ev, Event::Message(it) if filter.past(it.frame)) {
            enough = true;
            return Err(io::Error::other("enough"));
        }
        match ev {
            Event::Record { .. } => {
                records += 1;
                if let Some(b) = &bar {
                    if records % 1024 == 0 {
                        b.set_position(count.get());
                    }
                }
            }
            Event::Message(it) if !filter.matches(it) => {}
            Event::Uevent(_) if !filter.matches_uevent() => {}
            Event::Message(it) if args.summary => summary.observe(it),
            _ if args.summary => {}
            ev => {
                printed += u64::from(matches!(ev, Event::Message(_)));
                render_event(&mut buf, &ev, args.format, style, filter.is_empty())?;
            }
        }
        if buf.len() >= 192 * 1024 {
            out.write_all(&buf)?;
            buf.clear();
        }
        Ok(())
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if args.summary {
        if let Err(e) = summary.write(&mut buf) {
            return finish(Err(Stop::Output(e)), &mut out);
        }
    }
    let res = match res {
        Err(Stop::Output(_)) if enough => out.write_all(&buf).map_err(Stop::Output),
        Err(Stop::Output(e)) => Err(Stop::Output(e)),
        other => out.write_all(&buf).map_err(Stop::Output).and(other),
    };
    finish(res, &mut out)
}

/// A progress bar on stderr for a large file, only when stderr is a terminal.
pub fn progress_bar(size: Option<u64>) -> Option<indicatif::ProgressBar> {
    let size = size.filter(|s| *s >= PROGRESS_MIN)?;
    if !io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(size);
    if let Ok(s) = indicatif::ProgressStyle::with_template(
        "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
    ) {
        bar.set_style(s);
    }
    Some(bar)
}
