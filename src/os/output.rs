//! Capture files: created with mode 0600 (they hold addresses and key
//! material), every record flushed as written, rotation by size and time
//! with tcpdump's `-C`/`-G`/`-W` semantics, or a pipe on stdout.
//!
//! Rotation, as tcpdump does it:
//! * `-C N`: before writing a record, if the file holds more than N million
//!   bytes, open the next: `FILE`, `FILE1`, `FILE2`, ...; with `-W K` the
//!   names are `FILE0` .. `FILE{K-1}` (zero-padded) and wrap around,
//!   overwriting the oldest.
//! * `-G S`: every S seconds (checked when a record arrives) open a new file
//!   whose name is FILE passed through strftime (`%Y %m %d %H %M %S %s %%`;
//!   nlscope formats in UTC where tcpdump uses local time); with `-W K` the
//!   capture ends after K files.

use crate::record::pcapwrite::{CaptureWriter, Format, Record};
use std::fs::{File, OpenOptions, Permissions};
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Rotation settings (`-C`, `-G`, `-W`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rotation {
    /// `-C`: rotate when the file exceeds this many million bytes.
    pub size_mb: Option<u64>,
    /// `-G`: rotate every this many seconds.
    pub seconds: Option<u64>,
    /// `-W`: number of files (see the module docs).
    pub count: Option<u32>,
}

/// Where records go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// `-w -`: standard output (no rotation).
    Stdout,
    /// `-w FILE`.
    File(String),
}

/// A writer, the path it writes and a second handle on the file for
/// truncation (None for stdout).
type Opened = (CaptureWriter<Box<dyn Write>>, Option<(PathBuf, File)>);

/// An open capture output.
pub struct Output {
    target: Target,
    format: Format,
    snaplen: u32,
    rot: Rotation,
    writer: CaptureWriter<Box<dyn Write>>,
    c_count: u32,
    g_count: u32,
    opened: Instant,
    current: Option<(PathBuf, File)>,
    records: u64,
    listener: Option<String>,
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Output")
            .field("target", &self.target)
            .field("current", &self.current())
            .finish()
    }
}

/// Creates (or truncates) `path` with mode 0600, also when it existed.
///
/// # Errors
/// From `open`/`fchmod`.
pub fn create_private(path: &PathBuf) -> io::Result<File> {
    let f = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    f.set_permissions(Permissions::from_mode(0o600))?;
    Ok(f)
}

/// Number of digits tcpdump pads `-W` file numbers to.
fn w_chars(count: Option<u32>) -> usize {
    let mut x = count.unwrap_or(0).saturating_sub(1);
    let mut c = 0;
    while x > 0 {
        c += 1;
        x /= 10;
    }
    c
}

/// tcpdump's `MakeFilename`.
fn make_name(base: &str, cnt: u32, width: usize, strftime_at: Option<SystemTime>) -> String {
    let name = match strftime_at {
        Some(t) => strftime_utc(base, t),
        None => base.to_string(),
    };
    if cnt == 0 && width == 0 {
        name
    } else {
        format!("{name}{cnt:0width$}")
    }
}

/// The strftime subset described in the module docs, in UTC.
pub fn strftime_utc(fmt: &str, t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs();
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let mut out = String::new();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('Y') => out.push_str(&format!("{y:04}")),
            Some('m') => out.push_str(&format!("{m:02}")),
            Some('d') => out.push_str(&format!("{d:02}")),
            Some('H') => out.push_str(&format!("{:02}", rem / 3600)),
            Some('M') => out.push_str(&format!("{:02}", rem / 60 % 60)),
            Some('S') => out.push_str(&format!("{:02}", rem % 60)),
            Some('s') => out.push_str(&secs.to_string()),
            Some('%') => out.push('%'),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}

/// The error of a failed write to `path`: what could not be written, why
/// (naming a full disk), and what the file still holds.
fn write_error(e: io::Error, path: &Path, what: &str, records: u64, bytes: u64) -> anyhow::Error {
    let why = if e.raw_os_error() == Some(nix::errno::Errno::ENOSPC as i32) {
        "no space left on the device (disk full)".to_string()
    } else if e.raw_os_error() == Some(nix::errno::Errno::EDQUOT as i32) {
        "disk quota exceeded".to_string()
    } else {
        e.to_string()
    };
    if bytes == 0 {
        return anyhow::anyhow!("cannot write {what} to {}: {why}", path.display());
    }
    anyhow::anyhow!(
        "cannot write {what} to {}: {why}; the file keeps the {records} complete records \
         written before ({bytes} bytes) and stays readable",
        path.display()
    )
}

impl Output {
    /// Opens the first file (or stdout) and writes the file header.
    ///
    /// # Errors
    /// Rotation asked for on stdout, or the file cannot be created.
    pub fn open(
        target: Target,
        format: Format,
        snaplen: u32,
        rot: Rotation,
    ) -> anyhow::Result<Self> {
        Self::open_marked(target, format, snaplen, rot, None)
    }

    /// [`Output::open`] for a listener capture: every file written is marked as one
    /// ([`CaptureWriter::new_marked`]) with the note `listener`.
    ///
    /// # Errors
    /// As [`Output::open`].
    pub fn open_marked(
        target: Target,
        format: Format,
        snaplen: u32,
        rot: Rotation,
        listener: Option<String>,
    ) -> anyhow::Result<Self> {
        if target == Target::Stdout && (rot.size_mb.is_some() || rot.seconds.is_some()) {
            anyhow::bail!("-C/-G rotation needs -w FILE, not -w -");
        }
        if rot.count.is_some() && rot.size_mb.is_none() && rot.seconds.is_none() {
            anyhow::bail!("-W needs -C or -G");
        }
        let (writer, current) = Self::open_file(
            &target,
            format,
            snaplen,
            rot,
            0,
            SystemTime::now(),
            listener.as_deref(),
        )?;
        Ok(Output {
            target,
            format,
            snaplen,
            rot,
            writer,
            c_count: 0,
            g_count: 0,
            opened: Instant::now(),
            current,
            records: 0,
            listener,
        })
    }

    fn open_file(
        target: &Target,
        format: Format,
        snaplen: u32,
        rot: Rotation,
        cnt: u32,
        now: SystemTime,
        listener: Option<&str>,
    ) -> anyhow::Result<Opened> {
        match target {
            Target::Stdout => {
                let w: Box<dyn Write> = Box::new(io::stdout());
                Ok((
                    CaptureWriter::new_marked(w, format, snaplen, listener)?,
                    None,
                ))
            }
            Target::File(base) => {
                let width = if rot.size_mb.is_some() {
                    w_chars(rot.count)
                } else {
                    0
                };
                let at = rot.seconds.map(|_| now);
                let path = PathBuf::from(make_name(base, cnt, width, at));
                let f = create_private(&path).map_err(|e| {
                    anyhow::Error::new(e).context(format!("cannot create {}", path.display()))
                })?;
                let keep = f.try_clone()?;
                let w: Box<dyn Write> = Box::new(f);
                let cw = CaptureWriter::new_marked(w, format, snaplen, listener).map_err(|e| {
                    // Nothing of value yet: leave no half header behind.
                    let _ = keep.set_len(0);
                    write_error(e, &path, "the file header", 0, 0)
                })?;
                Ok((cw, Some((path, keep))))
            }
        }
    }

    /// The file being written (None for stdout).
    pub fn current(&self) -> Option<&PathBuf> {
        self.current.as_ref().map(|(p, _)| p)
    }

    /// Writes one record, rotating first if due. Returns false when `-G`
    /// with `-W` has made its last file and the capture should end.
    ///
    /// # Errors
    /// Write or create failures.
    pub fn write(&mut self, rec: &Record<'_>) -> anyhow::Result<bool> {
        self.write_with_len(rec, 0)
    }

    /// [`Output::write`] for a record that was `orig_len` bytes long before a
    /// capture's snap length cut it (a smaller value means `rec.data.len()`):
    /// the file keeps that length.
    ///
    /// # Errors
    /// Write or create failures.
    pub fn write_with_len(&mut self, rec: &Record<'_>, orig_len: u32) -> anyhow::Result<bool> {
        if let Some(g) = self.rot.seconds {
            if self.opened.elapsed() >= Duration::from_secs(g) {
                self.g_count = self.g_count.saturating_add(1);
                if self.rot.count.is_some_and(|w| self.g_count >= w) {
                    return Ok(false);
                }
                self.c_count = 0;
                self.reopen()?;
            }
        }
        if let Some(c) = self.rot.size_mb {
            if self.writer.bytes_written() > c.saturating_mul(1_000_000) {
                self.c_count = self.c_count.saturating_add(1);
                if self.rot.count.is_some_and(|w| self.c_count >= w) {
                    self.c_count = 0;
                }
                self.reopen()?;
            }
        }
        if let Err(e) = self.writer.write_with_len(rec, orig_len) {
            let Some((path, file)) = &self.current else {
                return Err(anyhow::Error::new(e).context("cannot write to standard output"));
            };
            // A short write (disk full) leaves part of the record: cut the file
            // back to the end of the last complete one, so it stays valid.
            let good = self.writer.bytes_written();
            let cut = file.set_len(good);
            let mut err = write_error(e, path, "a record", self.records, good);
            if let Err(t) = cut {
                err = err.context(format!(
                    "and cannot truncate {} to its last complete record ({t}): the last record is cut",
                    path.display()
                ));
            }
            return Err(err);
        }
        self.records = self.records.saturating_add(1);
        Ok(true)
    }

    fn reopen(&mut self) -> anyhow::Result<()> {
        let (w, p) = Self::open_file(
            &self.target,
            self.format,
            self.snaplen,
            self.rot,
            self.c_count,
            SystemTime::now(),
            self.listener.as_deref(),
        )?;
        self.writer = w;
        self.current = p;
        self.records = 0;
        self.opened = Instant::now();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_tcpdump() {
        assert_eq!(w_chars(None), 0);
        assert_eq!(w_chars(Some(1)), 0);
        assert_eq!(w_chars(Some(10)), 1);
        assert_eq!(w_chars(Some(11)), 2);
        assert_eq!(make_name("f.pcap", 0, 0, None), "f.pcap");
        assert_eq!(make_name("f.pcap", 2, 0, None), "f.pcap2");
        assert_eq!(make_name("f.pcap", 0, 2, None), "f.pcap00");
        let t = UNIX_EPOCH + Duration::from_secs(1_764_078_245); // 2025-11-25 13:44:05 UTC
        assert_eq!(
            strftime_utc("c-%Y%m%d-%H%M%S-%s-%%-%q", t),
            "c-20251125-134405-1764078245-%-%q"
        );
        assert_eq!(
            strftime_utc("%Y-%m-%d", UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "2000-02-29"
        );
    }

    #[test]
    fn size_rotation_wraps_with_w() {
        let dir = std::env::temp_dir().join(format!("nls-rot-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let base = dir.join("r.pcap").to_string_lossy().into_owned();
        let rot = Rotation {
            size_mb: Some(0),
            seconds: None,
            count: Some(3),
        };
        let mut o = Output::open(Target::File(base.clone()), Format::Pcap, 65535, rot).unwrap();
        let data = [0u8; 100];
        let mut seen = vec![];
        for _ in 0..5 {
            o.write(&Record {
                ts: Duration::ZERO,
                data: &data,
                nsid: None,
            })
            .unwrap();
            seen.push(
                o.current()
                    .unwrap()
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
        assert_eq!(
            seen,
            ["r.pcap1", "r.pcap2", "r.pcap0", "r.pcap1", "r.pcap2"]
        );
        let meta = std::fs::metadata(dir.join("r.pcap0")).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        assert_eq!(meta.len(), 24 + 16 + 100);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A record libpcap already cut to its snap length keeps its original
    /// length in the file (`caplen < len`), as tcpdump writes it.
    #[test]
    fn a_record_cut_by_the_capture_keeps_its_length() {
        let dir = std::env::temp_dir().join(format!("nls-origlen-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("o.pcap");
        let no_rot = Rotation {
            size_mb: None,
            seconds: None,
            count: None,
        };
        let target = Target::File(path.to_string_lossy().into_owned());
        let mut o = Output::open(target, Format::Pcap, 65535, no_rot).unwrap();
        let data = [7u8; 40];
        let rec = Record {
            ts: Duration::new(5, 123_456_789),
            data: &data,
            nsid: None,
        };
        assert!(o.write_with_len(&rec, 1000).unwrap());
        assert!(o.write_with_len(&rec, 0).unwrap());
        let bytes = std::fs::read(&path).unwrap();
        let u32_at = |at: usize| u32::from_ne_bytes(bytes[at..at + 4].try_into().unwrap());
        // first record header at 24: sec, usec, caplen, len
        assert_eq!((u32_at(24), u32_at(28)), (5, 123_456));
        assert_eq!((u32_at(32), u32_at(36)), (40, 1000));
        // second: nothing cut, len = caplen
        let second = 24 + 16 + 40;
        assert_eq!((u32_at(second + 8), u32_at(second + 12)), (40, 40));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
