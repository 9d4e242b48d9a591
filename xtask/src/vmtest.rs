//! `cargo xtask vm-test`: `nlscope capture --via nlmon` against `tcpdump -i nlmon0`
//! on the same nlmon device, in a QEMU guest running Debian's stock kernel
//! (this host's kernel may lack `CONFIG_NLMON`). See `docs/vm-test.md`.
//!
//! 1. host set-up: apt packages (only the missing ones), the kernel package
//!    fetched with `apt-get download` and unpacked with `dpkg-deb -x` into the
//!    cache dir (`$NLSCOPE_VM_DIR`, default `target/vm`), never installed;
//! 2. `cargo build --release --features libpcap --bin nlscope`, shipped into
//!    the guest over 9p with the shared libraries `ldd` lists (libpcap among
//!    them);
//! 3. the initramfs (`xtask/vm/build-initramfs.sh`, `/init` =
//!    `xtask/vm/guest-init.sh`), rebuilt only when its inputs change;
//! 4. one QEMU boot: tcpdump and nlscope on `nlmon0` while the scenario
//!    (`xtask/vm/scenario.sh` or `--scenario FILE`) runs; then nlscope alone
//!    without a device (it must create and delete its own);
//! 5. record-by-record comparison of the two files, pcap global headers, drop
//!    counters; 6. `tshark` must read nlscope's file without errors;
//! 7. part 4: the guest replays nlscope's capture (`nlscope replay --report
//!    json`) into a scratch namespace on the same kernel; any unexplained
//!    difference, a non-zero exit or a replay in which nothing matched fails;
//! 8. part 5 (`--replay FILE`): FILE replayed in the guest with host-global
//!    requests included (the guest is thrown away), judged as part 4;
//! 9. when the scenario dumped objects with the kernel's tools
//!    (`xtask/vm/scenario-tools.sh`): oracle 3, what they printed against nlscope's
//!    decode of the same replies (`crate::tools_oracle`).
//!
//! Any difference makes the task fail.

use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// Host packages the task needs (checked with dpkg-query, installed if missing).
const APT_PACKAGES: &[&str] = &[
    "qemu-system-x86",
    "busybox-static",
    "tcpdump",
    "iproute2",
    "ethtool",
    "cpio",
    "gzip",
    "kmod",
    "tshark",
    // nlscope is built with `--features libpcap` (build_nlscope).
    "libpcap-dev",
    // The tools of xtask/vm/scenario-tools.sh (oracle 3: the kernel's own tools).
    "nftables",
    "conntrack",
    "wireguard-tools",
];

const USAGE: &str =
    "usage: cargo xtask vm-test [--scenario FILE] [--accel tcg|kvm] [--timeout SECS]
                          [--nlscope-args ARGS] [--tests] [--compare-only]
  --scenario FILE      bash script run in the guest (default xtask/vm/scenario.sh)
  --accel tcg|kvm      QEMU accelerator (default tcg; kvm needs real VT-x/AMD-V)
  --timeout SECS       limit for the whole VM run (default 300)
  --nlscope-args ARGS  extra arguments for the compared `nlscope capture` run
  --tests              also run the `live_capture` integration tests in the guest
                       (the nlmon ones are skipped on kernels without nlmon)
  --compare-only       skip set-up, build and boot; check the last run's files again
  --replay FILE        (repeatable) also replay FILE in the guest with everything,
                       host-global requests (audit, …) included: the guest is thrown
                       away (`nlscope replay --netns-self --host-global`)
env: NLSCOPE_VM_DIR (cache, default target/vm), NLSCOPE_VM_KPKG (kernel package,
     default what linux-image-amd64 depends on), NLSCOPE_VM_NO_LIBPCAP=1 (build
     nlscope without libpcap, reading through a packet socket: fails by design)";

struct Opts {
    scenario: Option<PathBuf>,
    accel: String,
    timeout: u64,
    nlscope_args: String,
    compare_only: bool,
    tests: bool,
    replays: Vec<PathBuf>,
}

fn parse(args: &[&str]) -> Result<Opts> {
    let mut o = Opts {
        scenario: None,
        accel: "tcg".into(),
        timeout: 300,
        nlscope_args: String::new(),
        compare_only: false,
        tests: false,
        replays: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = || {
            it.next()
                .map(|s| s.to_string())
                .with_context(|| format!("{a} needs a value\n{USAGE}"))
        };
        match *a {
            "--scenario" => o.scenario = Some(PathBuf::from(val()?)),
            "--accel" => o.accel = val()?,
            "--timeout" => o.timeout = val()?.parse().context("--timeout: seconds")?,
            "--nlscope-args" => o.nlscope_args = val()?,
            "--compare-only" => o.compare_only = true,
            "--tests" => o.tests = true,
            "--replay" => o.replays.push(PathBuf::from(val()?)),
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ => bail!("unknown argument {a:?}\n{USAGE}"),
        }
    }
    if !matches!(o.accel.as_str(), "tcg" | "kvm") {
        bail!("--accel must be tcg or kvm");
    }
    Ok(o)
}

/// The workspace root (the xtask lives in `ROOT/xtask`).
fn root() -> PathBuf {
    let m = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    m.parent().map(Path::to_path_buf).unwrap_or(m)
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

fn cache_dir() -> PathBuf {
    std::env::var_os("NLSCOPE_VM_DIR").map_or_else(|| target_dir().join("vm"), PathBuf::from)
}

/// Runs a command quietly; its output is shown only if it fails.
fn quiet(what: &str, cmd: &mut Command) -> Result<String> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run {what}: {cmd:?}"))?;
    if !out.status.success() {
        bail!(
            "{what} failed ({}): {cmd:?}\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Installs the missing apt packages (nothing when all are there).
fn apt_setup() -> Result<()> {
    let missing: Vec<&str> = APT_PACKAGES
        .iter()
        .copied()
        .filter(|p| {
            Command::new("dpkg-query")
                .args(["-W", "-f=${Status}", p])
                .output()
                // "unknown ok not-installed" also ends in "installed".
                .map_or(true, |o| o.stdout != b"install ok installed")
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("vm-test: apt-get install {}", missing.join(" "));
    quiet(
        "apt-get update",
        Command::new("apt-get")
            .args(["update", "-qq"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    quiet(
        "apt-get install",
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends"])
            .args(&missing)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    Ok(())
}

/// The kernel package: `$NLSCOPE_VM_KPKG`, the one already cached, or what
/// `linux-image-amd64` depends on.
fn kernel_package(dir: &Path) -> Result<String> {
    if let Ok(p) = std::env::var("NLSCOPE_VM_KPKG") {
        return Ok(p);
    }
    if let Ok(v) = std::fs::read_to_string(dir.join("kver")) {
        let v = v.trim();
        if dir.join(format!("kpkg/boot/vmlinuz-{v}")).is_file() {
            return Ok(format!("linux-image-{v}"));
        }
    }
    let find = || -> Result<Option<String>> {
        let out = quiet(
            "apt-cache depends",
            Command::new("apt-cache").args(["depends", "linux-image-amd64"]),
        )
        .unwrap_or_default();
        Ok(out
            .lines()
            .filter_map(|l| l.trim().strip_prefix("Depends: "))
            .find(|p| p.starts_with("linux-image-"))
            .map(str::to_string))
    };
    if let Some(p) = find()? {
        return Ok(p);
    }
    quiet(
        "apt-get update",
        Command::new("apt-get").args(["update", "-qq"]),
    )?;
    find()?.context("cannot resolve the kernel package linux-image-amd64 depends on")
}

/// Fetches and unpacks the kernel package into `dir/kpkg` (cached); returns
/// the kernel version.
fn kernel_setup(dir: &Path) -> Result<String> {
    let kpkg = kernel_package(dir)?;
    let kver = kpkg
        .strip_prefix("linux-image-")
        .context("kernel package must be linux-image-VERSION")?
        .to_string();
    let root = dir.join("kpkg");
    let vmlinuz = root.join(format!("boot/vmlinuz-{kver}"));
    let moddep = root.join(format!("lib/modules/{kver}/modules.dep"));
    if !vmlinuz.is_file() || !moddep.is_file() {
        let debs = dir.join("debs");
        std::fs::create_dir_all(&debs)?;
        let have_deb = |d: &Path| -> Option<PathBuf> {
            std::fs::read_dir(d)
                .ok()?
                .flatten()
                .map(|e| e.path())
                .find(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with(&format!("{kpkg}_")) && n.ends_with(".deb"))
                })
        };
        if have_deb(&debs).is_none() {
            eprintln!("vm-test: apt-get download {kpkg}");
            quiet(
                "apt-get download",
                Command::new("apt-get")
                    .args(["download", "-qq", &kpkg])
                    .current_dir(&debs),
            )?;
        }
        let deb = have_deb(&debs).context("apt-get download left no .deb")?;
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root)?;
        quiet(
            "dpkg-deb -x",
            Command::new("dpkg-deb").arg("-x").arg(&deb).arg(&root),
        )?;
        quiet(
            "depmod",
            Command::new("depmod").arg("-b").arg(&root).arg(&kver),
        )?;
    }
    let config = std::fs::read_to_string(root.join(format!("boot/config-{kver}")))
        .context("kernel config missing from the package")?;
    if !config
        .lines()
        .any(|l| l == "CONFIG_NLMON=m" || l == "CONFIG_NLMON=y")
    {
        bail!("kernel {kver} has no CONFIG_NLMON");
    }
    std::fs::write(dir.join("kver"), format!("{kver}\n"))?;
    Ok(kver)
}

/// FNV-1a, for the initramfs staleness stamp.
fn fnv(data: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for d in data {
        for b in d.iter().chain(b"\0") {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Builds `dir/initramfs.cpio.gz` unless the stamp says it is current.
fn initramfs(dir: &Path, kver: &str) -> Result<PathBuf> {
    let vm = root().join("xtask/vm");
    let script = vm.join("build-initramfs.sh");
    let init = vm.join("guest-init.sh");
    let stamp = format!(
        "{:016x}\n",
        fnv(&[
            &std::fs::read(&script)?,
            &std::fs::read(&init)?,
            kver.as_bytes()
        ])
    );
    let out = dir.join("initramfs.cpio.gz");
    let stamp_file = dir.join("initramfs.stamp");
    if out.is_file() && std::fs::read_to_string(&stamp_file).ok().as_deref() == Some(&stamp) {
        return Ok(out);
    }
    quiet(
        "build-initramfs.sh",
        Command::new("bash")
            .arg(&script)
            .arg(dir.join("kpkg"))
            .arg(kver)
            .arg(&init)
            .arg(&out),
    )?;
    std::fs::write(stamp_file, stamp)?;
    Ok(out)
}

/// Whether `NLSCOPE_VM_NO_LIBPCAP=1` asks for the default build (the packet-socket
/// path), to see what the comparison finds there (issue 11); the task then fails.
fn without_libpcap() -> bool {
    std::env::var_os("NLSCOPE_VM_NO_LIBPCAP").is_some_and(|v| v == "1")
}

/// Builds nlscope (release, `--features libpcap` unless [`without_libpcap`]) and
/// returns the binary.
fn build_nlscope() -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let features: &[&str] = if without_libpcap() {
        eprintln!("vm-test: NLSCOPE_VM_NO_LIBPCAP=1: nlscope built without libpcap");
        &[]
    } else {
        // Read nlmon0 through libpcap, as tcpdump does: the comparison is
        // byte for byte, and only libpcap's ring holds the bytes as they
        // were sent (issue 11). stage_binary ships libpcap.so with it.
        &["--features", "libpcap"]
    };
    let st = Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "--release",
            "-p",
            "nlscope",
            "--bin",
            "nlscope",
        ])
        .args(features)
        .current_dir(root())
        .status()
        .context("cannot run cargo build")?;
    if !st.success() {
        bail!("cargo build --release --features libpcap --bin nlscope failed (is libpcap-dev installed?)");
    }
    Ok(target_dir().join("release/nlscope"))
}

/// Builds the `live_capture` integration tests (release, so `nlscope` there is
/// the binary just built) and returns the test executable.
fn build_tests() -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "test",
            "--quiet",
            "--release",
            "-p",
            "nlscope",
            "--test",
            "live_capture",
        ])
        .args(if without_libpcap() {
            &[][..]
        } else {
            &["--features", "libpcap"][..]
        })
        .args(["--no-run", "--message-format=json-render-diagnostics"])
        .current_dir(root())
        .stderr(Stdio::inherit())
        .output()
        .context("cannot run cargo test --no-run")?;
    if !out.status.success() {
        bail!("cargo test --release --test live_capture --no-run failed");
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| {
            v.pointer("/target/name")
                .and_then(serde_json::Value::as_str)
                == Some("live_capture")
        })
        .find_map(|v| {
            v.get("executable")
                .and_then(serde_json::Value::as_str)
                .map(PathBuf::from)
        })
        .context("cargo test --no-run named no live_capture executable")
}

/// Copies `bin` and every library `ldd` lists for it into `dest` (`name`, `lib/`).
fn stage_binary(bin: &Path, dest: &Path, name: &str) -> Result<()> {
    std::fs::create_dir_all(dest.join("lib"))?;
    std::fs::copy(bin, dest.join(name)).with_context(|| format!("copying {name}"))?;
    let ldd = Command::new("ldd").arg(bin).output()?;
    for line in String::from_utf8_lossy(&ldd.stdout).lines() {
        // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or "/lib64/ld-linux... (0x...)"
        let path = match line.split_once("=>") {
            Some((_, r)) => r.split_whitespace().next(),
            None => line
                .split_whitespace()
                .next()
                .filter(|p| p.starts_with('/')),
        };
        if let Some(p) = path.map(Path::new).filter(|p| p.is_file()) {
            if let Some(name) = p.file_name() {
                std::fs::copy(p, dest.join("lib").join(name))?;
            }
        }
    }
    Ok(())
}

struct Timings(Vec<(&'static str, f64)>);
impl Timings {
    fn time<T>(&mut self, name: &'static str, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let t = Instant::now();
        eprintln!("vm-test: {name} ...");
        let r = f();
        self.0.push((name, t.elapsed().as_secs_f64()));
        r
    }
}

/// Entry point of `cargo xtask vm-test`.
pub fn run(args: &[&str]) -> Result<()> {
    let o = parse(args)?;
    let started = Instant::now();
    let dir = cache_dir();
    std::fs::create_dir_all(&dir)?;
    let run_dir = dir.join("run");
    let share = run_dir.join("share");
    let out = share.join("out");
    let mut t = Timings(Vec::new());
    if !o.compare_only {
        let kver = t.time("host set-up (apt, kernel)", || {
            apt_setup()?;
            kernel_setup(&dir)
        })?;
        let bin = t.time("cargo build --release nlscope", build_nlscope)?;
        let tests = if o.tests {
            Some(t.time("cargo test --release --no-run live_capture", build_tests)?)
        } else {
            None
        };
        let initrd = t.time("initramfs", || initramfs(&dir, &kver))?;
        let _ = std::fs::remove_dir_all(&run_dir);
        std::fs::create_dir_all(&out)?;
        stage_binary(&bin, &share.join("nlscope"), "nlscope")?;
        if let Some(test) = &tests {
            stage_binary(test, &share.join("nlscope"), "live_capture")?;
        }
        let scenario = o
            .scenario
            .clone()
            .unwrap_or_else(|| root().join("xtask/vm/scenario.sh"));
        std::fs::copy(&scenario, share.join("scenario.sh"))
            .with_context(|| format!("cannot read scenario {}", scenario.display()))?;
        // Part 5's captures, numbered in the order given; their names for the report.
        let replay_dir = share.join("replay");
        std::fs::create_dir_all(&replay_dir)?;
        let mut names = String::new();
        for (i, f) in o.replays.iter().enumerate() {
            std::fs::copy(f, replay_dir.join(format!("{i}.pcap")))
                .with_context(|| format!("cannot read --replay {}", f.display()))?;
            let _ = writeln!(names, "{}", f.display());
        }
        std::fs::write(out.join("replay-vm-names"), names)?;
        let sc_timeout = o.timeout.saturating_sub(60).max(30);
        // Part 4's limit: 120 s, or a third of a longer run's (a long scenario's
        // capture takes longer to replay under TCG).
        let replay_timeout = (o.timeout / 3).max(120);
        std::fs::write(
            share.join("config"),
            format!(
                "SCENARIO_TIMEOUT={sc_timeout}\nREPLAY_TIMEOUT={replay_timeout}\nSTOP_WAIT=10\nNLSCOPE_ARGS='{}'\nNLSCOPE_BUILT_AT='{}'\n",
                o.nlscope_args.replace('\'', ""),
                bin.display()
            ),
        )?;
        t.time("VM boot + scenario (QEMU)", || {
            boot(&dir, &kver, &initrd, &share, &run_dir, &o)
        })?;
    }
    let cmp = t.time("comparison + tshark", || Ok(check(&out)))?;
    let mut report = match &cmp {
        Ok(r) | Err(Failed(r)) => r.clone(),
    };
    // Oracle 3 (xtask/vm/scenario-tools.sh): the tools' output against nlscope's decode.
    let nlscope_bin = target_dir().join("release/nlscope");
    let tools = t.time("tools oracle", || {
        Ok(crate::tools_oracle::vm_check(&nlscope_bin, &out))
    })?;
    if let Some((r, _)) = &tools {
        report.push_str(r);
    }
    // Oracle 1 on the guest's kernel: every struct table against its BTF.
    let btf = t.time("struct tables vs the guest's BTF", || Ok(btf_check(&dir)))?;
    let _ = writeln!(report, "{}", btf.as_ref().unwrap_or_else(|e| e));
    let _ = writeln!(report, "timings:");
    for (name, s) in &t.0 {
        let _ = writeln!(report, "  {name:<32} {s:6.1} s");
    }
    let _ = writeln!(
        report,
        "  {:<32} {:6.1} s",
        "total",
        started.elapsed().as_secs_f64()
    );
    let _ = writeln!(report, "files: {}", out.display());
    print!("{report}");
    let _ = std::fs::write(run_dir.join("report.txt"), &report);
    match (cmp, btf, tools.is_none_or(|(_, ok)| ok)) {
        (Ok(_), Ok(_), true) => Ok(()),
        _ => bail!("vm-test: FAILED (see the report above)"),
    }
}

/// `cargo test --test btf_oracle` against the guest kernel's BTF, vmlinux and every
/// module's, taken from the kernel package (`xtask/vm/extract-btf.sh`; the guest
/// loads only the modules its scenario needs): `Ok(summary)` or `Err(why)`.
fn btf_check(dir: &Path) -> std::result::Result<String, String> {
    let btf = dir.join("btf");
    let vmlinux = btf.join("vmlinux");
    if !vmlinux.is_file() {
        let st = Command::new("bash")
            .arg(root().join("xtask/vm/extract-btf.sh"))
            .arg(dir.join("kpkg"))
            .arg(&btf)
            .status();
        if !st.as_ref().is_ok_and(|s| s.success()) || !vmlinux.is_file() {
            return Err(format!(
                "BTF oracle: FAIL: cannot extract the guest kernel's BTF into {} ({st:?})",
                btf.display()
            ));
        }
    }
    let res = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["test", "--test", "btf_oracle", "--", "--nocapture"])
        .env("NLSCOPE_BTF", &vmlinux)
        .current_dir(root())
        .output();
    let o = match res {
        Ok(o) => o,
        Err(e) => return Err(format!("BTF oracle: FAIL: cannot run cargo test: {e}")),
    };
    let err = String::from_utf8_lossy(&o.stderr);
    let summary: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("tables") || l.contains("agree") || l.contains("absent"))
        .take(6)
        .collect();
    if o.status.success() {
        Ok(format!("BTF oracle (guest kernel): {}", summary.join("; ")))
    } else {
        let tail: Vec<&str> = err.lines().rev().take(40).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        Err(format!(
            "BTF oracle (guest kernel): FAIL\n{}",
            tail.join("\n")
        ))
    }
}

/// Boots the guest; it writes its results to `share/out`.
fn boot(
    dir: &Path,
    kver: &str,
    initrd: &Path,
    share: &Path,
    run_dir: &Path,
    o: &Opts,
) -> Result<()> {
    let kernel = dir.join(format!("kpkg/boot/vmlinuz-{kver}"));
    let modules = dir.join("kpkg/lib/modules");
    let console = std::fs::File::create(run_dir.join("console.log"))?;
    let mut cmd = Command::new("timeout");
    cmd.arg(o.timeout.to_string()).arg("qemu-system-x86_64");
    if o.accel == "kvm" {
        cmd.args(["-enable-kvm", "-cpu", "host"]);
    } else {
        cmd.args(["-accel", "tcg,thread=multi", "-cpu", "max"]);
    }
    cmd.args([
        "-m",
        "1024",
        "-smp",
        "2",
        "-nographic",
        "-no-reboot",
        "-nodefaults",
    ])
    .args(["-serial", "stdio", "-kernel"])
    .arg(&kernel)
    .arg("-initrd")
    .arg(initrd)
    .args([
        "-append",
        "console=ttyS0 panic=-1 quiet loglevel=4 rdinit=/init",
        "-virtfs",
    ])
    .arg(format!(
        "local,path={},mount_tag=host,security_model=none,id=host",
        share.display()
    ))
    .arg("-virtfs")
    .arg(format!(
        "local,path={},mount_tag=modules,security_model=none,id=modules,readonly=on",
        modules.display()
    ))
    .stdin(Stdio::null())
    .stdout(console.try_clone()?)
    .stderr(console);
    let st = cmd.status().context("cannot run qemu-system-x86_64")?;
    let status = std::fs::read_to_string(share.join("out/status")).unwrap_or_default();
    if !status.lines().any(|l| l == "done=1") {
        let log = std::fs::read_to_string(run_dir.join("console.log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(30).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        bail!(
            "the guest did not finish (qemu: {st}; status file: {:?}); console tail:\n{}",
            status.trim(),
            tail.join("\n")
        );
    }
    Ok(())
}

/// A failed check; holds the report so far.
#[derive(Debug)]
struct Failed(String);

/// One record, as compared.
struct Rec<'a> {
    /// (seconds, nanoseconds)
    ts: (u64, u32),
    /// The 16-byte nlmon header, as in the file.
    link: &'a [u8],
    orig_len: u32,
    caplen: u32,
    /// The netlink bytes after the nlmon header.
    payload: &'a [u8],
}

impl Rec<'_> {
    /// The netlink family (last field of the nlmon header, big-endian).
    fn family(&self) -> u16 {
        self.link
            .get(14..16)
            .and_then(|b| b.try_into().ok())
            .map_or(u16::MAX, u16::from_be_bytes)
    }
}

/// The records of a pcap file with link type 253 (either byte order,
/// microsecond or nanosecond). A reader of its own, so the xtask does not
/// depend on the nlscope library (whose generated tables `cargo xtask
/// codegen` must be able to rewrite even when they do not compile).
fn records(bytes: &[u8]) -> Result<Vec<Rec<'_>>> {
    let (le, nano) = match bytes.get(..4) {
        Some([0xd4, 0xc3, 0xb2, 0xa1]) => (true, false),
        Some([0xa1, 0xb2, 0xc3, 0xd4]) => (false, false),
        Some([0x4d, 0x3c, 0xb2, 0xa1]) => (true, true),
        Some([0xa1, 0xb2, 0x3c, 0x4d]) => (false, true),
        _ => bail!("not a pcap file"),
    };
    let u32_at = |o: usize| -> Result<u32> {
        let b: [u8; 4] = bytes
            .get(o..o + 4)
            .and_then(|b| b.try_into().ok())
            .with_context(|| format!("file cut short at byte {o}"))?;
        Ok(if le {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let linktype = u32_at(20)?;
    if linktype != 253 {
        bail!("link type {linktype}, not 253 (LINKTYPE_NETLINK)");
    }
    let mut out = Vec::new();
    let mut off = 24;
    while off < bytes.len() {
        let (sec, frac, caplen, orig_len) = (
            u32_at(off)?,
            u32_at(off + 4)?,
            u32_at(off + 8)?,
            u32_at(off + 12)?,
        );
        let start = off + 16;
        let end = start + caplen as usize;
        let data = bytes
            .get(start..end)
            .with_context(|| format!("record {} cut short", out.len() + 1))?;
        let (link, payload) = (
            data.get(..16).with_context(|| {
                format!("record {} shorter than the nlmon header", out.len() + 1)
            })?,
            data.get(16..).unwrap_or(&[]),
        );
        let nsec = if nano {
            frac
        } else {
            frac.saturating_mul(1000)
        };
        out.push(Rec {
            ts: (u64::from(sec), nsec),
            link,
            orig_len,
            caplen,
            payload,
        });
        off = end;
    }
    Ok(out)
}

fn secs(t: (u64, u32)) -> f64 {
    t.0 as f64 + f64::from(t.1) / 1e9
}

/// `(nlmsg_type, flags)` of the first message of a record, for the report.
fn first_msg(p: &[u8]) -> String {
    let u16_at = |o: usize| {
        p.get(o..o + 2)
            .and_then(|b| b.try_into().ok())
            .map(u16::from_ne_bytes)
    };
    match (u16_at(4), u16_at(6)) {
        (Some(t), Some(f)) => format!("type {t} flags {f:#x}"),
        _ => "short".into(),
    }
}

/// Names the differing fields of two 24-byte pcap global headers.
fn header_diff(a: &[u8], b: &[u8]) -> Vec<String> {
    const FIELDS: &[(&str, usize, usize)] = &[
        ("magic", 0, 4),
        ("version", 4, 8),
        ("thiszone", 8, 12),
        ("sigfigs", 12, 16),
        ("snaplen", 16, 20),
        ("linktype", 20, 24),
    ];
    FIELDS
        .iter()
        .filter(|(_, s, e)| a.get(*s..*e) != b.get(*s..*e))
        .map(|(n, s, e)| {
            format!(
                "{n}: tcpdump {:02x?} nlscope {:02x?}",
                a.get(*s..*e),
                b.get(*s..*e)
            )
        })
        .collect()
}

fn status_map(out: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(out.join("status"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.trim().to_string()))
        .collect()
}

/// `(records, lost)` from nlscope's final stderr line
/// "nlscope: ...: N records captured, D lost (...)".
fn nlscope_summary(err: &str) -> Option<(u64, Option<u64>)> {
    let line = err.lines().rev().find(|l| l.contains("records captured"))?;
    let (_, rest) = line.rsplit_once(": ")?;
    let mut w = rest.split_whitespace();
    let n = w.next()?.parse().ok()?;
    let lost = rest
        .split(", ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|s| s.parse().ok());
    Some((n, lost))
}

/// tcpdump's "N packets dropped by kernel".
fn tcpdump_dropped(err: &str) -> Option<u64> {
    err.lines()
        .find(|l| l.contains("dropped by kernel"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|s| s.parse().ok())
}

/// tshark over `file`: (malformed packets, packets with expert errors, `-q` exit ok).
fn tshark(file: &Path) -> Result<(usize, usize, bool, String)> {
    let count = |filter: &str| -> Result<(usize, String)> {
        let o = Command::new("tshark")
            .arg("-r")
            .arg(file)
            .args(["-Y", filter])
            .stdin(Stdio::null())
            .output()
            .context("cannot run tshark")?;
        let s = String::from_utf8_lossy(&o.stdout).into_owned();
        Ok((s.lines().count(), s))
    };
    let (mal, mal_lines) = count("_ws.malformed")?;
    let (err, err_lines) = count("_ws.expert.severity == error")?;
    let q = Command::new("tshark")
        .arg("-r")
        .arg(file)
        .arg("-q")
        .stdin(Stdio::null())
        .output()
        .context("cannot run tshark")?;
    let sample: String = mal_lines
        .lines()
        .chain(err_lines.lines())
        .take(5)
        .collect::<Vec<_>>()
        .join("\n");
    Ok((mal, err, q.status.success(), sample))
}

/// Compares the guest's files; `Ok(report)` when everything matches.
fn check(out: &Path) -> Result<String, Failed> {
    let mut r = String::new();
    let mut fails: Vec<String> = Vec::new();
    let st = status_map(out);
    let get = |k: &str| st.get(k).map_or("?", String::as_str);
    let _ = writeln!(r, "== vm-test report");
    let _ = writeln!(
        r,
        "kernel {} (guest), /init at {} s, modules loaded at {} s, scenario {}..{} s (rc {}), poweroff at {} s",
        get("kernel"),
        get("t_init"),
        get("t_modules"),
        get("scenario_start_uptime"),
        get("scenario_end_uptime"),
        get("scenario_rc"),
        get("t_poweroff")
    );
    if let Some(f) = st.get("fatal") {
        fails.push(format!("guest: {f}"));
    }
    if get("scenario_rc") == "124" {
        fails.push("the scenario hit its time limit".into());
    }
    let read = |n: &str| std::fs::read(out.join(n)).map_err(|e| format!("{n}: {e}"));
    let text = |n: &str| std::fs::read_to_string(out.join(n)).unwrap_or_default();
    let nl_err = text("nlscope.err");
    let td_err = text("tcpdump.err");

    // ---- stop and start of both programs
    for (who, want) in [("tcpdump", "0"), ("nlscope", "0"), ("own", "0")] {
        if get(&format!("{who}_stop")) != "SIGINT" || get(&format!("{who}_rc")) != want {
            fails.push(format!(
                "{who}: stopped by {}, exit status {} (want SIGINT, {want})",
                get(&format!("{who}_stop")),
                get(&format!("{who}_rc"))
            ));
        }
    }
    if !nl_err.contains("read through libpcap") {
        fails.push(format!(
            "nlscope did not read nlmon0 through libpcap: {}",
            nl_err
                .lines()
                .find(|l| l.contains("capturing"))
                .unwrap_or("?")
        ));
    }
    if !nl_err.contains("capturing via nlmon device nlmon0") || nl_err.contains("(created)") {
        fails.push(format!(
            "nlscope did not use the existing nlmon0: {}",
            nl_err
                .lines()
                .find(|l| l.contains("capturing"))
                .unwrap_or("?")
        ));
    }

    // ---- the two captures
    match (read("tcpdump.pcap"), read("nlscope.pcap")) {
        (Ok(a_bytes), Ok(b_bytes)) => {
            compare(
                &mut r, &mut fails, &st, &a_bytes, &b_bytes, &nl_err, &td_err,
            );
        }
        (a, b) => {
            for e in [a.err(), b.err()].into_iter().flatten() {
                fails.push(format!("missing capture: {e}"));
            }
        }
    }

    // ---- tshark
    for (name, must) in [("nlscope.pcap", true), ("tcpdump.pcap", false)] {
        match tshark(&out.join(name)) {
            Ok((mal, err, ok, sample)) => {
                let _ = writeln!(
                    r,
                    "tshark {name}: {mal} malformed, {err} with expert errors, `tshark -q` {}",
                    if ok { "ok" } else { "FAILED" }
                );
                if must && (mal > 0 || err > 0 || !ok) {
                    fails.push(format!("tshark reports problems in {name}:\n{sample}"));
                }
            }
            Err(e) => fails.push(format!("tshark: {e:#}")),
        }
    }

    // ---- part 2: nlscope's own nlmon device
    let own_err = text("own.err");
    let during = get("links_during_part2");
    let _ = writeln!(
        r,
        "own device: before {:?}, during {:?}, after {:?}; nlscope: {}",
        get("links_before_part2"),
        during,
        get("links_after_part2"),
        own_err
            .lines()
            .filter(|l| l.contains("capturing") || l.contains("records"))
            .collect::<Vec<_>>()
            .join(" / ")
    );
    if !get("links_before_part2").is_empty() {
        fails.push("part 2 did not start without an nlmon device".into());
    }
    if during.is_empty() || !own_err.contains("(created)") {
        fails.push("nlscope did not create an nlmon device".into());
    }
    if !get("links_after_part2").is_empty() {
        fails.push(format!(
            "nlscope left its nlmon device behind: {:?}",
            get("links_after_part2")
        ));
    }
    match (nlscope_summary(&own_err), read("own.pcap")) {
        (Some((n, Some(_))), Ok(b)) => match records(&b) {
            Ok(v) if v.len() as u64 == n && n > 0 => {}
            Ok(v) => fails.push(format!(
                "own device run: nlscope reports {n} records, own.pcap holds {}",
                v.len()
            )),
            Err(e) => fails.push(format!("own.pcap: {e:#}")),
        },
        (s, f) => fails.push(format!(
            "own device run: no drop count reported ({s:?}) or no file ({:?})",
            f.err()
        )),
    }

    // ---- part 3: the live_capture tests (--tests)
    if let Some(rc) = st.get("tests_rc") {
        let log = text("tests.log");
        let result = log
            .lines()
            .filter(|l| l.starts_with("test result:") || l.contains("SKIP"))
            .collect::<Vec<_>>()
            .join(" / ");
        let _ = writeln!(
            r,
            "live_capture nlmon tests in the guest: rc {rc}: {result}"
        );
        if rc != "0" {
            fails.push(format!(
                "live_capture tests failed in the guest (see tests.log):\n{log}"
            ));
        }
    }

    // ---- part 4: the replay of part 1's capture on the same kernel
    replay_check(
        &mut r,
        &mut fails,
        &st,
        ("replay", "replay of nlscope.pcap in a scratch namespace"),
        &text("replay.json"),
        &text("replay.err"),
    );

    // ---- part 5: `--replay FILE`, everything replayed in the throwaway guest
    let names = text("replay-vm-names");
    for (i, name) in names.lines().enumerate() {
        let key = format!("replay_vm_{i}");
        let json = text(&format!("replay-vm-{i}.json"));
        let label = format!("replay of {name} in the guest, host-global requests included");
        replay_check(
            &mut r,
            &mut fails,
            &st,
            (&key, &label),
            &json,
            &text(&format!("replay-vm-{i}.err")),
        );
        if json.contains("\"not_replayed\": \"host-global") {
            fails.push(format!(
                "{label}: a request was held back as host-global in the throwaway guest"
            ));
        }
    }

    if fails.is_empty() {
        let _ = writeln!(r, "RESULT: MATCH");
        Ok(r)
    } else {
        let _ = writeln!(r, "RESULT: DIFFERENT");
        for f in &fails {
            let _ = writeln!(r, "  FAIL: {f}");
        }
        Err(Failed(r))
    }
}

/// Part 4: `nlscope replay --report json` of part 1's capture, run in the guest
/// (whose kernel made the capture) in a scratch namespace. Fails on a missing or
/// unreadable report, a time-out, an exit status other than 0, a request judged
/// unexplained, or a report in which nothing matched (a replay that sent nothing
/// proves nothing). Prints the summary and every reason given, with its count.
fn replay_check(
    r: &mut String,
    fails: &mut Vec<String>,
    st: &BTreeMap<String, String>,
    (key, label): (&str, &str),
    json: &str,
    err: &str,
) {
    let Some(rc) = st.get(&format!("{key}_rc")) else {
        fails.push(format!("{label}: the guest did not run `nlscope replay`"));
        return;
    };
    let report: serde_json::Value = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => {
            fails.push(format!(
                "{label}: report unreadable ({e}; exit status {rc}); stderr: {}",
                err.trim()
            ));
            return;
        }
    };
    let field = |v: &serde_json::Value, k: &str| v.get(k).cloned().unwrap_or_default();
    let s = field(&report, "summary");
    let n = |k: &str| field(&s, k).as_u64().unwrap_or(0);
    let _ = writeln!(
        r,
        "{label} (guest kernel, {}..{} s): {} requests: {} matched, {} explained, {} not replayable, {} unexplained (exit status {rc})",
        st.get(&format!("{key}_start_uptime")).map_or("?", String::as_str),
        st.get(&format!("{key}_end_uptime")).map_or("?", String::as_str),
        n("requests"),
        n("matched"),
        n("explained"),
        n("not_replayed"),
        n("unexplained"),
    );
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut unexplained = Vec::new();
    let requests = field(&report, "requests");
    for q in requests.as_array().map_or(&[][..], Vec::as_slice) {
        let text = |k: &str| field(q, k).as_str().map(str::to_owned);
        let what = format!(
            "#{} {}{}",
            field(q, "frame"),
            text("genl_family").map_or(String::new(), |f| format!("{f} ")),
            text("name").unwrap_or_else(|| "?".into())
        );
        let reason = text("reason").unwrap_or_default();
        match text("verdict").as_deref() {
            Some("match") => {}
            Some("explained") => *reasons.entry(reason).or_default() += 1,
            _ => unexplained.push(format!("{what}: {reason}")),
        }
    }
    for (why, count) in &reasons {
        let _ = writeln!(r, "  explained x{count}: {why}");
    }
    for u in &unexplained {
        let _ = writeln!(r, "  UNEXPLAINED {u}");
    }
    if rc != "0" || n("unexplained") > 0 || !unexplained.is_empty() {
        fails.push(format!(
            "{label}: {} unexplained difference(s), exit status {rc}{}",
            unexplained
                .len()
                .max(usize::try_from(n("unexplained")).unwrap_or(0)),
            if err.trim().is_empty() {
                String::new()
            } else {
                format!("; stderr: {}", err.trim())
            }
        ));
    }
    if n("matched") == 0 {
        fails.push(format!("{label}: not one request matched"));
    }
}

/// The record-by-record comparison of tcpdump's file (A) and nlscope's (B).
fn compare(
    r: &mut String,
    fails: &mut Vec<String>,
    st: &BTreeMap<String, String>,
    a_bytes: &[u8],
    b_bytes: &[u8],
    nl_err: &str,
    td_err: &str,
) {
    let (a, b) = match (records(a_bytes), records(b_bytes)) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            for (n, e) in [("tcpdump.pcap", a.err()), ("nlscope.pcap", b.err())] {
                if let Some(e) = e {
                    fails.push(format!("{n}: {e:#}"));
                }
            }
            return;
        }
    };
    // global headers
    let diffs = header_diff(
        a_bytes.get(..24).unwrap_or(&[]),
        b_bytes.get(..24).unwrap_or(&[]),
    );
    if diffs.is_empty() {
        let _ = writeln!(
            r,
            "pcap global header: identical ({:02x?})",
            a_bytes.get(..24).unwrap_or(&[])
        );
    } else {
        let _ = writeln!(r, "pcap global header: differs: {}", diffs.join("; "));
        fails.push(format!("pcap global headers differ: {}", diffs.join("; ")));
    }
    // pair records by (family, netlink bytes), in order
    let pair_of_b = pair(
        &a.iter()
            .map(|x| (x.family(), x.payload))
            .collect::<Vec<_>>(),
        &b.iter()
            .map(|x| (x.family(), x.payload))
            .collect::<Vec<_>>(),
    );
    let mut paired_a = vec![false; a.len()];
    for i in pair_of_b.iter().flatten() {
        if let Some(p) = paired_a.get_mut(*i) {
            *p = true;
        }
    }
    let first = pair_of_b.iter().flatten().min().copied();
    let last = pair_of_b.iter().flatten().max().copied();
    let only_b: Vec<usize> = (0..b.len())
        .filter(|i| pair_of_b.get(*i).is_some_and(Option::is_none))
        .collect();
    let f64_of = |k: &str| st.get(k).and_then(|v| v.parse::<f64>().ok());
    // While nlscope was reading (from its "capturing via" line to its SIGINT),
    // every record tcpdump got must be in nlscope's file too.
    let (sc0, sc1) = (
        f64_of("nlscope_ready_epoch").unwrap_or(f64::MIN),
        f64_of("nlscope_sigint_epoch").unwrap_or(f64::MAX),
    );
    let (mut before, mut after, mut inside, mut while_reading) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (i, x) in a.iter().enumerate() {
        if paired_a.get(i).copied().unwrap_or(false) {
            continue;
        }
        let t = secs(x.ts);
        if t >= sc0 && t <= sc1 {
            while_reading.push(i);
        }
        match (first, last) {
            (Some(f), _) if i < f => before.push(i),
            (_, Some(l)) if i > l => after.push(i),
            _ => inside.push(i),
        }
    }
    let window = match (first, last) {
        (Some(f), Some(l)) => l - f + 1,
        _ => 0,
    };
    let fam = |v: &[Rec<'_>]| {
        let mut m: BTreeMap<u16, usize> = BTreeMap::new();
        for x in v {
            *m.entry(x.family()).or_default() += 1;
        }
        m.iter()
            .map(|(f, n)| format!("{}:{n}", family_name(*f)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let _ = writeln!(
        r,
        "records: tcpdump {} ({}), nlscope {} ({})",
        a.len(),
        fam(&a),
        b.len(),
        fam(&b)
    );
    let _ = writeln!(
        r,
        "window both ran (tcpdump records {}..={}): tcpdump {window}, nlscope {}; paired {}; only in nlscope {}; \
         tcpdump-only inside the window {}, before it {}, after it {}",
        first.map_or(0, |f| f + 1),
        last.map_or(0, |l| l + 1),
        b.len(),
        b.len() - only_b.len(),
        only_b.len(),
        inside.len(),
        before.len(),
        after.len()
    );
    let describe = |v: &[Rec<'_>], idx: &[usize]| {
        idx.iter()
            .take(4)
            .filter_map(|i| v.get(*i).map(|x| (i, x)))
            .map(|(i, x)| {
                format!(
                    "#{} {} {}",
                    i + 1,
                    family_name(x.family()),
                    first_msg(x.payload)
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !before.is_empty() || !after.is_empty() {
        let _ = writeln!(
            r,
            "  edges (nlscope not yet / no longer reading; its own set-up and drop-count requests): before: {}; after: {}",
            describe(&a, &before),
            describe(&a, &after)
        );
    }
    if !only_b.is_empty() {
        fails.push(format!(
            "{} records only in nlscope's file: {}",
            only_b.len(),
            describe(&b, &only_b)
        ));
    }
    if !inside.is_empty() {
        fails.push(format!(
            "{} tcpdump records missing from nlscope's file inside the window: {}",
            inside.len(),
            describe(&a, &inside)
        ));
    }
    if !while_reading.is_empty() {
        fails.push(format!(
            "{} tcpdump records from while nlscope was reading are missing from its file: {}",
            while_reading.len(),
            describe(&a, &while_reading)
        ));
    }
    if window != b.len() {
        fails.push(format!(
            "count in the window: tcpdump {window}, nlscope {}",
            b.len()
        ));
    }
    // order and per-record headers
    let mut out_of_order = 0usize;
    let mut prev: Option<usize> = None;
    let mut hdr_diffs = Vec::new();
    let mut dts = Vec::new();
    // nlmon's one clone of each skb is stamped once and handed to every
    // packet socket, so with kernel timestamps both files agree to the µs.
    let mut ts_diff = 0usize;
    for (bi, ai) in pair_of_b.iter().enumerate() {
        let Some(ai) = *ai else { continue };
        if prev.is_some_and(|p| ai < p) {
            out_of_order += 1;
        }
        prev = Some(prev.map_or(ai, |p| p.max(ai)));
        if let (Some(x), Some(y)) = (a.get(ai), b.get(bi)) {
            if x.link != y.link || x.orig_len != y.orig_len || x.caplen != y.caplen {
                hdr_diffs.push(format!(
                    "#{}: tcpdump {:02x?} len {}/{}, nlscope {:02x?} len {}/{}",
                    bi + 1,
                    x.link,
                    x.caplen,
                    x.orig_len,
                    y.link,
                    y.caplen,
                    y.orig_len
                ));
            }
            dts.push(secs(y.ts) - secs(x.ts));
            if x.ts != y.ts {
                ts_diff += 1;
            }
        }
    }
    let _ = writeln!(
        r,
        "paired records: netlink bytes and family identical; order {}; record headers (16 nlmon header bytes, caplen, len) {}",
        if out_of_order == 0 {
            "identical".to_string()
        } else {
            format!("differs at {out_of_order} record(s) (skbs sent at the same moment on two vCPUs reach the two sockets in either order)")
        },
        if hdr_diffs.is_empty() { "identical".to_string() } else { format!("differ in {}", hdr_diffs.len()) }
    );
    if !hdr_diffs.is_empty() {
        fails.push(format!(
            "record headers differ: {}",
            hdr_diffs
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    if ts_diff > 0 {
        fails.push(format!(
            "{ts_diff} of {} paired records have a timestamp different from tcpdump's",
            dts.len()
        ));
    }
    dts.sort_by(f64::total_cmp);
    if let (Some(lo), Some(hi), Some(mid)) = (dts.first(), dts.last(), dts.get(dts.len() / 2)) {
        let _ = writeln!(
            r,
            "timestamps nlscope minus tcpdump: min {:.3} ms, median {:.3} ms, max {:.3} ms",
            lo * 1e3,
            mid * 1e3,
            hi * 1e3
        );
    }
    // drop counters
    let td_drop = tcpdump_dropped(td_err);
    let nl = nlscope_summary(nl_err);
    let _ = writeln!(
        r,
        "drops: tcpdump {:?} dropped by kernel; nlscope says {:?} (records, lost)",
        td_drop, nl
    );
    if td_drop != Some(0) {
        fails.push(format!(
            "tcpdump dropped packets ({td_drop:?}): the reference is incomplete"
        ));
    }
    match nl {
        Some((n, Some(0))) if n == b.len() as u64 => {}
        other => fails.push(format!(
            "nlscope's summary {other:?} does not say {} records, 0 lost",
            b.len()
        )),
    }
}

/// For each record of `b`, the index of its partner in `a`: the first
/// record of `a` with the same key not taken yet (keys: family, netlink bytes).
fn pair(a: &[(u16, &[u8])], b: &[(u16, &[u8])]) -> Vec<Option<usize>> {
    let mut by_key: HashMap<(u16, &[u8]), VecDeque<usize>> = HashMap::new();
    for (i, k) in a.iter().enumerate() {
        by_key.entry(*k).or_default().push_back(i);
    }
    b.iter()
        .map(|k| by_key.get_mut(k).and_then(VecDeque::pop_front))
        .collect()
}

fn family_name(f: u16) -> String {
    match f {
        0 => "route".into(),
        4 => "sock_diag".into(),
        6 => "xfrm".into(),
        12 => "netfilter".into(),
        16 => "generic".into(),
        n => format!("family{n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Part 4's verdict: a clean report passes and prints every reason with its
    /// count; an unexplained request, a non-zero exit, a missing report or a replay in
    /// which nothing matched fail.
    #[test]
    fn replay_report_judged() {
        let st = |rc: &str| BTreeMap::from([("replay_rc".to_owned(), rc.to_owned())]);
        let line = |v: &str, why: &str| {
            format!(r#"{{"frame":7,"name":"RTM_GETLINK","verdict":"{v}","reason":"{why}"}}"#)
        };
        let doc = |lines: &[String], m: u32, e: u32, u: u32| {
            format!(
                r#"{{"requests":[{}],"summary":{{"requests":{},"matched":{m},"explained":{e},"not_replayed":0,"unexplained":{u}}}}}"#,
                lines.join(","),
                lines.len()
            )
        };
        let run = |st: &BTreeMap<String, String>, json: &str| {
            let (mut r, mut f) = (String::new(), Vec::new());
            replay_check(&mut r, &mut f, st, ("replay", "replay"), json, "");
            (r, f)
        };
        let ok = doc(
            &[
                line("match", ""),
                line("explained", "dump of other state"),
                line("explained", "dump of other state"),
            ],
            1,
            2,
            0,
        );
        let (r, f) = run(&st("0"), &ok);
        assert!(f.is_empty(), "{f:?}");
        assert!(
            r.contains("1 matched, 2 explained, 0 not replayable, 0 unexplained"),
            "{r}"
        );
        assert!(r.contains("explained x2: dump of other state"), "{r}");

        let bad = doc(
            &[
                line("match", ""),
                line("unexplained", "EINVAL in the capture, EBUSY replayed"),
            ],
            1,
            0,
            1,
        );
        let (r, f) = run(&st("1"), &bad);
        assert!(
            r.contains("UNEXPLAINED #7 RTM_GETLINK: EINVAL in the capture, EBUSY replayed"),
            "{r}"
        );
        assert_eq!(f.len(), 1, "{f:?}");

        assert_eq!(run(&st("124"), &ok).1.len(), 1);
        assert_eq!(run(&st("0"), "").1.len(), 1);
        assert_eq!(run(&BTreeMap::new(), &ok).1.len(), 1);
        let nothing = doc(&[line("explained", "x")], 0, 1, 0);
        assert_eq!(run(&st("0"), &nothing).1.len(), 1);
    }

    #[test]
    fn pairs_in_order_with_duplicates_and_edges() {
        let (x, y, z): (&[u8], &[u8], &[u8]) = (b"x", b"y", b"z");
        // tcpdump: z x y x z ; nlscope: x x y (swapped with the second x) and a foreign one
        let a = [(0, z), (0, x), (0, y), (0, x), (0, z)];
        let b = [(0, x), (0, x), (0, y), (16, x)];
        assert_eq!(pair(&a, &b), vec![Some(1), Some(3), Some(2), None]);
    }

    #[test]
    fn reads_the_programs_summaries() {
        let nl = "nlscope: capturing via nlmon device nlmon0\n\
                  nlscope: SIGINT: 339 records captured, 0 lost (packet socket drops) in 15.1 s\n";
        assert_eq!(nlscope_summary(nl), Some((339, Some(0))));
        let unk = "nlscope: SIGINT: 36 records captured, unknown lost (packet socket drops) in 2 s";
        assert_eq!(nlscope_summary(unk), Some((36, None)));
        assert_eq!(nlscope_summary("nlscope: error: x"), None);
        let td =
            "348 packets captured\n348 packets received by filter\n0 packets dropped by kernel\n";
        assert_eq!(tcpdump_dropped(td), Some(0));
    }

    #[test]
    fn reads_pcap_both_orders_and_precisions() {
        let rec = |le: bool, sec: u32, frac: u32, fam: u16, body: &[u8]| {
            let w = |v: u32| if le { v.to_le_bytes() } else { v.to_be_bytes() };
            let len = 16 + body.len() as u32;
            let mut r = [w(sec), w(frac), w(len), w(len)].concat();
            r.extend_from_slice(&[0, 4, 3, 0x38, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            r.extend_from_slice(&fam.to_be_bytes());
            r.extend_from_slice(body);
            r
        };
        for (magic, le, nano) in [
            (0xa1b2_c3d4u32, true, false),
            (0xa1b2_c3d4, false, false),
            (0xa1b2_3c4d, true, true),
            (0xa1b2_3c4d, false, true),
        ] {
            let w = |v: u32| if le { v.to_le_bytes() } else { v.to_be_bytes() };
            let mut f = [w(magic), w(0x0004_0002), w(0), w(0), w(262_144), w(253)].concat();
            if !le {
                // version is two u16 fields
                f[4..8].copy_from_slice(&[0, 2, 0, 4]);
            }
            f.extend(rec(le, 7, 5, 16, b"abcd"));
            f.extend(rec(le, 8, 6, 0, b""));
            let v = records(&f).unwrap();
            assert_eq!(v.len(), 2);
            assert_eq!(v[0].ts, (7, if nano { 5 } else { 5000 }));
            assert_eq!((v[0].family(), v[0].payload), (16, &b"abcd"[..]));
            assert_eq!((v[1].family(), v[1].caplen, v[1].orig_len), (0, 16, 16));
            assert!(records(&f[..f.len() - 1]).is_err(), "cut record");
        }
        assert!(
            records(b"\x0a\x0d\x0d\x0a").is_err(),
            "pcapng is not expected here"
        );
    }

    #[test]
    fn names_differing_header_fields() {
        let a = [
            0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0xfd, 0, 0, 0,
        ];
        let mut b = a;
        assert!(header_diff(&a, &b).is_empty());
        b[18] = 1;
        let d = header_diff(&a, &b);
        assert_eq!(d.len(), 1);
        assert!(d[0].starts_with("snaplen"), "{d:?}");
    }
}
