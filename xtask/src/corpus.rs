//! `cargo xtask corpus [--out PATH] [--links N] [--addrs N] [--routes N] [--neighs N]
//! [--rules N]`: record a large rtnetlink dump corpus from this machine's kernel.
//!
//! Contract:
//! 1. Needs root. Creates a scratch network namespace `nlscope-corpus-<pid>` and removes
//!    it afterwards, also when a step fails (a namespace left by a run that was killed is
//!    removed by the next run: its name holds the pid of a process that no longer
//!    exists).
//! 2. Populates it with `ip -batch` (and `bridge -batch` for forwarding entries): about
//!    `--links` links of every kind the kernel has among veth, bridge (with ports),
//!    dummy, vlan, macvlan, macvtap, ipvlan, vxlan, bond (with ports), ifb, vrf; each
//!    kind is probed first and one the kernel lacks is reported by name and replaced by
//!    veth pairs. Then IPv4 and IPv6 addresses, nexthop objects and groups, routes
//!    (gateway, multipath, nexthop object, blackhole/unreachable/prohibit, other tables,
//!    metrics), neighbours (ARP, NDP and bridge/vxlan FDB entries) and policy rules.
//! 3. Records the whole state with nlscope's own capture through the listen path (this
//!    kernel has no nlmon): `nlscope capture --netns NS --via listen --family route
//!    --dump LIST --duration 0 -w PATH`. The dumps run to their `NLMSG_DONE` inside the
//!    listener's set-up, and `--duration 0` stops right after them (taking what was
//!    already queued), so the stop is the end of the dumps, not a guessed sleep.
//! 4. Prints the file size and `nlscope stats` of the result (messages per type, bytes,
//!    unknown types and attributes).
//!
//! The output (default `target/corpus/dump-large.pcap`) is made by this command, not
//! committed; `benches/decode.rs` and `cargo xtask bench --callgrind` use it when it
//! exists.

use anyhow::{bail, Context, Result};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What `nlscope capture --dump` asks for: every rtnetlink table it knows.
const DUMPS: &str =
    "link,addr,route,neigh,rule,nexthop,neightbl,netconf,addrlabel,mdb,nsid,qdisc,class,filter";

/// Where the corpus goes unless `--out` says otherwise (relative to the workspace).
pub const DEFAULT_OUT: &str = "target/corpus/dump-large.pcap";

/// How many objects of each sort to create.
#[derive(Clone, Copy, Debug)]
struct Sizes {
    links: usize,
    addrs: usize,
    routes: usize,
    neighs: usize,
    rules: usize,
}

fn usage() -> &'static str {
    "cargo xtask corpus [--out PATH] [--links N] [--addrs N] [--routes N] [--neighs N] [--rules N]\n\
     (as root; defaults: --out target/corpus/dump-large.pcap --links 400 --addrs 4000 \
     --routes 4000 --neighs 4000 --rules 200)"
}

/// Entry point: `args` are the words after `cargo xtask corpus`.
pub fn run(args: &[String]) -> Result<()> {
    let root = crate::root()?;
    let mut out = root.join(DEFAULT_OUT);
    let mut sizes = Sizes {
        links: 400,
        addrs: 4000,
        routes: 4000,
        neighs: 4000,
        rules: 200,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut num = |what: &str| -> Result<usize> {
            let v = it
                .next()
                .with_context(|| format!("{what} needs a number"))?;
            v.parse()
                .with_context(|| format!("{what} {v}: not a number"))
        };
        match a.as_str() {
            "--out" => {
                let v = it.next().context("--out needs a path")?;
                out = PathBuf::from(v);
            }
            "--links" => sizes.links = num("--links")?.max(8),
            "--addrs" => sizes.addrs = num("--addrs")?,
            "--routes" => sizes.routes = num("--routes")?,
            "--neighs" => sizes.neighs = num("--neighs")?,
            "--rules" => sizes.rules = num("--rules")?,
            "-h" | "--help" => {
                println!("{}", usage());
                return Ok(());
            }
            other => bail!("unknown option {other:?}\nusage: {}", usage()),
        }
    }
    if !is_root() {
        bail!(
            "cargo xtask corpus creates a network namespace and links in it: run it as root \
             (CAP_SYS_ADMIN for the namespace, CAP_NET_ADMIN for the links)"
        );
    }
    for tool in ["ip", "bridge"] {
        if !Command::new(tool)
            .arg("-V")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
        {
            bail!("`{tool}` (iproute2) not found: apt-get install iproute2");
        }
    }

    // nlscope itself records the corpus.
    let st = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&root)
        .args(["build", "--release", "--quiet", "-p", "nlscope"])
        .status()
        .context("cargo build -p nlscope")?;
    if !st.success() {
        bail!("building nlscope failed");
    }
    let nlscope = root.join("target/release/nlscope");

    remove_stale_namespaces();
    let ns = Netns::create(&format!("nlscope-corpus-{}", std::process::id()))?;
    let made = populate(&ns.name, sizes)?;
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("create {}", dir.display()))?;
    }
    record(&nlscope, &ns.name, &out)?;
    drop(ns);
    summary(&nlscope, &out, &made)
}

/// Whether this process runs as root (uid 0), from `/proc/self/status`.
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .and_then(|l| l.split_whitespace().nth(1))
            == Some("0")
    })
}

/// A scratch network namespace, deleted on drop (error paths included).
struct Netns {
    name: String,
}

impl Netns {
    fn create(name: &str) -> Result<Netns> {
        run_quiet(Command::new("ip").args(["netns", "add", name]))
            .with_context(|| format!("ip netns add {name}"))?;
        Ok(Netns { name: name.into() })
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        match Command::new("ip")
            .args(["netns", "del", &self.name])
            .status()
        {
            Ok(s) if s.success() => println!("corpus: removed namespace {}", self.name),
            _ => eprintln!(
                "corpus: could not remove namespace {}: run `ip netns del {}`",
                self.name, self.name
            ),
        }
    }
}

/// Deletes `nlscope-corpus-<pid>` namespaces whose process is gone (a killed run).
fn remove_stale_namespaces() {
    let Ok(dir) = std::fs::read_dir("/var/run/netns") else {
        return;
    };
    for e in dir.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix("nlscope-corpus-") else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            let ok = Command::new("ip")
                .args(["netns", "del", &name])
                .status()
                .is_ok_and(|s| s.success());
            println!(
                "corpus: {} stale namespace {name} (its run is gone)",
                if ok { "removed" } else { "could not remove" }
            );
        }
    }
}

/// Runs a command, failing with its stderr.
fn run_quiet(cmd: &mut Command) -> Result<()> {
    let out = cmd.output().with_context(|| format!("{cmd:?}"))?;
    if !out.status.success() {
        bail!(
            "{cmd:?} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// `TOOL -n NS -batch -` with `script` on stdin; a failing line fails the run, naming
/// it. Batch lines take no global options: the family comes from the addresses, except
/// for rules, where `TOOL` is `ip -6`.
fn batch(tool: &str, ns: &str, what: &str, script: &str) -> Result<()> {
    let (tool, family) = match tool.strip_suffix(" -6") {
        Some(t) => (t, Some("-6")),
        None => (tool, None),
    };
    let mut child = Command::new(tool)
        .args(["-n", ns])
        .args(family)
        .args(["-batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("{tool} -batch"))?;
    // A failing line makes the tool exit at once (a broken pipe here): its status and
    // stderr below say which line and why.
    let written = child
        .stdin
        .take()
        .map(|mut stdin| stdin.write_all(script.as_bytes()));
    let out = child.wait_with_output()?;
    if out.status.success() {
        if let Some(Err(e)) = written {
            bail!("{tool} -batch ({what}): writing the script: {e}");
        }
    } else {
        // iproute2 says "Command failed -:LINE"; show that line of the script too.
        let err = String::from_utf8_lossy(&out.stderr);
        let line = err
            .lines()
            .find_map(|l| l.rsplit_once("-:").map(|(_, n)| n.trim().to_owned()))
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| script.lines().nth(n.saturating_sub(1)))
            .unwrap_or("a line iproute2 did not name");
        bail!("{tool} -batch ({what}) failed at `{line}`: {}", err.trim());
    }
    Ok(())
}

/// Whether the kernel can make a link of `kind` (probed in the namespace and removed).
fn probe_kind(ns: &str, kind: &str) -> std::result::Result<(), String> {
    let spec: Vec<&str> = match kind {
        "veth" => vec!["type", "veth", "peer", "name", "probe1"],
        "vlan" => vec!["link", "probe-lower", "type", "vlan", "id", "2"],
        "macvlan" | "macvtap" | "ipvlan" => vec!["link", "probe-lower", "type", kind],
        "vxlan" => vec!["type", "vxlan", "id", "1", "dstport", "4789"],
        "vrf" => vec!["type", "vrf", "table", "4242"],
        _ => vec!["type", kind],
    };
    let out = Command::new("ip")
        .args(["-n", ns, "link", "add", "probe0"])
        .args(&spec)
        .output()
        .map_err(|e| e.to_string())?;
    let _ = Command::new("ip")
        .args(["-n", ns, "link", "del", "probe0"])
        .stderr(Stdio::null())
        .status();
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// What `populate` created, for the summary.
#[derive(Default)]
struct Made {
    links: Vec<(String, usize)>,
    missing: Vec<(String, String)>,
    addrs: usize,
    nexthops: usize,
    routes: usize,
    neighs: usize,
    fdb: usize,
    rules: usize,
}

/// A link that gets addresses, neighbours and routes: its name and its index among
/// such links (which picks its subnets 10.J.0/24-ish and 2001:db8:J::/64).
struct L3 {
    name: String,
    j: usize,
}

impl L3 {
    fn v4(&self, host: usize) -> String {
        format!("10.{}.{}.{}", self.j >> 8, self.j & 255, host)
    }
    fn v6(&self, host: usize) -> String {
        format!("2001:db8:{:x}::{:x}", self.j, host)
    }
}

/// `xs[i % xs.len()]`: the plan hands out links, modes and states round-robin.
fn cyc<T>(xs: &[T], i: usize) -> Result<&T> {
    xs.get(i.checked_rem(xs.len()).unwrap_or(0))
        .context("nothing to choose from (no links with addresses?)")
}

/// A locally administered MAC address from a number.
fn mac(prefix: u8, n: usize) -> String {
    let [a, b, c, d] = (n as u32).to_be_bytes();
    format!("02:{prefix:02x}:{a:02x}:{b:02x}:{c:02x}:{d:02x}")
}

fn populate(ns: &str, s: Sizes) -> Result<Made> {
    let mut made = Made::default();
    // No duplicate address detection and no router solicitations: the namespace is
    // settled as soon as the batches return.
    for key in [
        "net.ipv6.conf.all.accept_dad=0",
        "net.ipv6.conf.default.accept_dad=0",
        "net.ipv6.conf.default.router_solicitations=0",
    ] {
        run_quiet(Command::new("ip").args(["netns", "exec", ns, "sysctl", "-qw", key]))?;
    }
    run_quiet(Command::new("ip").args(["-n", ns, "link", "set", "lo", "up"]))?;

    // Probe every kind; the lower device for stacked kinds is a veth end.
    run_quiet(Command::new("ip").args([
        "-n",
        ns,
        "link",
        "add",
        "probe-lower",
        "type",
        "veth",
        "peer",
        "name",
        "probe-peer",
    ]))
    .context("the kernel cannot make veth pairs, which the corpus is built on")?;
    let kinds = [
        "bridge", "dummy", "vlan", "macvlan", "macvtap", "ipvlan", "vxlan", "bond", "ifb", "vrf",
    ];
    let mut have = Vec::new();
    for k in kinds {
        match probe_kind(ns, k) {
            Ok(()) => have.push(k),
            Err(e) => {
                println!("corpus: link kind {k}: not available in this kernel ({e}); skipped");
                made.missing.push((k.into(), e));
            }
        }
    }
    run_quiet(Command::new("ip").args(["-n", ns, "link", "del", "probe-lower"]))?;
    let has = |k: &str| have.contains(&k);

    // Shares of --links per kind; what a missing kind would have had goes to veth.
    let n = s.links;
    let share = |k: &str, div: usize| if has(k) { (n / div).max(1) } else { 0 };
    let bridges = share("bridge", 40);
    let dummies = share("dummy", 20);
    let vlans = share("vlan", 20);
    let macvlans = share("macvlan", 10);
    let macvtaps = share("macvtap", 20);
    let ipvlans = share("ipvlan", 20);
    let vxlans = share("vxlan", 10);
    let bonds = share("bond", 80);
    let ifbs = share("ifb", 40);
    let vrfs = share("vrf", 80);
    let others =
        bridges + dummies + vlans + macvlans + macvtaps + ipvlans + vxlans + bonds + ifbs + vrfs;
    // Stacked kinds each need a lower veth end; bridge and bond ports are veth ends too.
    let pairs = (n.saturating_sub(others) / 2).max(4);

    let mut sc = String::new();
    let mut l3: Vec<L3> = Vec::new();
    let add_l3 = |l3: &mut Vec<L3>, name: String| {
        let j = l3.len() + 1;
        l3.push(L3 { name, j });
    };
    for i in 0..pairs {
        let _ = writeln!(
            sc,
            "link add va{i} address {} type veth peer name vb{i} address {}",
            mac(0xa0, i),
            mac(0xb0, i)
        );
    }
    // Bridge ports: the first `pairs/4` `vb` ends; bond ports: the next 2 per bond.
    let bridge_ports = if bridges > 0 { pairs / 4 } else { 0 };
    // No STP: a bridge whose ports are still learning has no carrier, and the kernel
    // refuses nexthop objects on it.
    for b in 0..bridges {
        let _ = writeln!(
            sc,
            "link add br{b} type bridge stp_state 0 forward_delay {} ageing_time {}",
            200 + b % 5 * 100,
            30_000 + b * 100
        );
    }
    for p in 0..bridge_ports {
        let _ = writeln!(sc, "link set vb{p} master br{}", p % bridges.max(1));
    }
    let bond_ports = (bonds * 2).min(pairs.saturating_sub(bridge_ports));
    for b in 0..bonds {
        let mode = *cyc(
            &["active-backup", "balance-rr", "802.3ad", "balance-xor"],
            b,
        )?;
        let _ = writeln!(sc, "link add bond{b} type bond mode {mode} miimon 100");
    }
    for p in 0..bond_ports {
        let _ = writeln!(
            sc,
            "link set vb{} master bond{}",
            bridge_ports + p,
            p % bonds.max(1)
        );
    }
    for i in 0..dummies {
        let _ = writeln!(sc, "link add dm{i} type dummy");
    }
    for i in 0..vlans {
        let _ = writeln!(
            sc,
            "link add vl{i} link va{} type vlan id {}",
            i % pairs,
            100 + i
        );
    }
    for i in 0..macvlans {
        let mode = *cyc(&["bridge", "private", "vepa"], i)?;
        let _ = writeln!(
            sc,
            "link add mv{i} link va{} type macvlan mode {mode}",
            i % pairs
        );
    }
    for i in 0..macvtaps {
        let _ = writeln!(
            sc,
            "link add mt{i} link va{} type macvtap mode bridge",
            (i + macvlans) % pairs
        );
    }
    for i in 0..ipvlans {
        let mode = *cyc(&["l2", "l3"], i)?;
        let _ = writeln!(
            sc,
            "link add iv{i} link va{} type ipvlan mode {mode}",
            pairs - 1 - i % pairs
        );
    }
    for i in 0..vxlans {
        let _ = writeln!(
            sc,
            "link add vx{i} type vxlan id {} dstport 4789 ttl {} learning",
            1000 + i,
            16 + i % 48
        );
    }
    for i in 0..ifbs {
        let _ = writeln!(sc, "link add ifb{i} type ifb");
    }
    for i in 0..vrfs {
        let _ = writeln!(sc, "link add vrf{i} type vrf table {}", 5000 + i);
    }

    // Every link up, some with another MTU; the L3 links get addresses.
    let mut links: Vec<String> = Vec::new();
    for i in 0..pairs {
        links.push(format!("va{i}"));
        links.push(format!("vb{i}"));
        if i >= bridge_ports + bond_ports {
            add_l3(&mut l3, format!("vb{i}"));
        }
        add_l3(&mut l3, format!("va{i}"));
    }
    let mut kind_names = |prefix: &str, count: usize, l3able: bool, l3: &mut Vec<L3>| {
        for i in 0..count {
            links.push(format!("{prefix}{i}"));
            if l3able {
                add_l3(l3, format!("{prefix}{i}"));
            }
        }
    };
    kind_names("br", bridges, true, &mut l3);
    kind_names("bond", bonds, true, &mut l3);
    kind_names("dm", dummies, true, &mut l3);
    kind_names("vl", vlans, true, &mut l3);
    kind_names("mv", macvlans, true, &mut l3);
    kind_names("mt", macvtaps, true, &mut l3);
    kind_names("iv", ipvlans, true, &mut l3);
    kind_names("vx", vxlans, true, &mut l3);
    kind_names("ifb", ifbs, false, &mut l3);
    kind_names("vrf", vrfs, false, &mut l3);
    // Some veth ends with a smaller MTU (not the lower devices of stacked kinds: an
    // upper device may not exceed its lower's MTU, and the kernel lowers it for them).
    for i in (bridge_ports + bond_ports..pairs).filter(|i| i % 7 == 3) {
        let _ = writeln!(sc, "link set vb{i} mtu {}", 1280 + (i % 8) * 25);
    }
    for name in &links {
        let _ = writeln!(sc, "link set {name} up");
    }
    batch("ip", ns, "links", &sc)?;
    made.links = vec![
        ("veth".into(), pairs * 2),
        ("bridge".into(), bridges),
        ("bond".into(), bonds),
        ("dummy".into(), dummies),
        ("vlan".into(), vlans),
        ("macvlan".into(), macvlans),
        ("macvtap".into(), macvtaps),
        ("ipvlan".into(), ipvlans),
        ("vxlan".into(), vxlans),
        ("ifb".into(), ifbs),
        ("vrf".into(), vrfs),
    ];
    made.links.retain(|(_, c)| *c > 0);
    println!(
        "corpus: {} links ({})",
        links.len(),
        made.links
            .iter()
            .map(|(k, c)| format!("{c} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    );

    // Addresses: every L3 link gets .1 and 2001:db8:J::1 (so gateways .254/::fe and
    // neighbours are on-link), then more round-robin until --addrs.
    let mut sc = String::new();
    let nl3 = l3.len();
    let total = s.addrs.max(nl3 * 2);
    for k in 0..total {
        let link = cyc(&l3, k)?;
        let m = (k / nl3) / 2 + 1;
        if (k / nl3).is_multiple_of(2) {
            let extra = match m % 3 {
                0 => " label ".to_owned() + &label(&link.name, m),
                1 => String::new(),
                _ => " valid_lft 86400 preferred_lft 3600".into(),
            };
            let _ = writeln!(
                sc,
                "addr add {}/24 dev {}{extra}",
                link.v4(m.min(99)),
                link.name
            );
        } else {
            let extra = *cyc(
                &["", " valid_lft 7200 preferred_lft 1800", " noprefixroute"],
                m,
            )?;
            let _ = writeln!(
                sc,
                "addr add {}/64 dev {} nodad{extra}",
                link.v6(m),
                link.name
            );
        }
    }
    // Two addresses per link may collide at m>99 for IPv4: dedupe by line.
    let sc = dedupe(&sc);
    made.addrs = sc.lines().count();
    batch("ip", ns, "addresses", &sc)?;

    // Nexthop objects: one IPv4 and one IPv6 gateway per L3 link, a blackhole, and
    // groups of 2-3.
    let mut sc = String::from("nexthop add id 1 blackhole\n");
    for link in &l3 {
        let _ = writeln!(
            sc,
            "nexthop add id {} via {} dev {}",
            10_000 + link.j,
            link.v4(254),
            link.name
        );
        let _ = writeln!(
            sc,
            "nexthop add id {} via {} dev {}",
            20_000 + link.j,
            link.v6(0xfe),
            link.name
        );
    }
    let groups = nl3 / 3;
    for g in 0..groups {
        let a = cyc(&l3, g * 3)?.j;
        let b = cyc(&l3, g * 3 + 1)?.j;
        let c = cyc(&l3, g * 3 + 2)?.j;
        let _ = writeln!(
            sc,
            "nexthop add id {} group {}/{},2/{},3",
            30_000 + g,
            10_000 + a,
            10_000 + b,
            10_000 + c
        );
        let _ = writeln!(
            sc,
            "nexthop add id {} group {}/{}",
            40_000 + g,
            20_000 + a,
            20_000 + b
        );
    }
    made.nexthops = sc.lines().count();
    batch("ip", ns, "nexthops", &sc)?;

    // Routes, half IPv4 (100.64.0.0/10 in /30s) half IPv6 (2001:db8:8000:K::/64).
    let mut sc = String::new();
    for k in 0..s.routes {
        let a = cyc(&l3, k)?;
        let b = cyc(&l3, k + 1)?;
        let v6 = k % 2 == 1;
        let prefix = if v6 {
            format!("2001:db8:8000:{k:x}::/64")
        } else {
            let o = (0x6440_0000u32 + (k as u32) * 4).to_be_bytes();
            format!("{}.{}.{}.{}/30", o[0], o[1], o[2], o[3])
        };
        let dst = format!("route add {prefix}");
        let gw = |l: &L3| if v6 { l.v6(0xfe) } else { l.v4(254) };
        let route = match (k / 2) % 10 {
            1 => format!(
                "{dst} nexthop via {} dev {} weight {} nexthop via {} dev {} weight {}",
                gw(a),
                a.name,
                1 + k % 3,
                gw(b),
                b.name,
                1 + k % 5
            ),
            2 => format!("{dst} nhid {}", if v6 { 20_000 } else { 10_000 } + a.j),
            3 => {
                let t = *cyc(&["blackhole", "unreachable", "prohibit"], k / 20)?;
                format!("route add {t} {prefix}")
            }
            4 => format!(
                "{dst} via {} dev {} table {} metric {}",
                gw(a),
                a.name,
                100 + k % 7,
                k % 1000
            ),
            5 => format!("{dst} dev {} scope link proto static", a.name),
            6 => format!(
                "{dst} via {} dev {} mtu {} advmss {} initcwnd 10",
                gw(a),
                a.name,
                1300 + k % 100,
                1200
            ),
            7 if groups > 0 && !v6 => format!("{dst} nhid {}", 30_000 + k % groups),
            7 if groups > 0 => format!("{dst} nhid {}", 40_000 + k % groups),
            8 => format!(
                "{dst} via {} dev {} proto {} pref high",
                gw(a),
                a.name,
                180 + k % 10
            ),
            _ => format!("{dst} via {} dev {}", gw(a), a.name),
        };
        let route = if v6 {
            route
        } else {
            route.replace(" pref high", "")
        };
        sc.push_str(&route);
        sc.push('\n');
    }
    made.routes = s.routes;
    batch("ip", ns, "routes", &sc)?;

    // Neighbours: ARP and NDP entries in several states; then FDB entries.
    let mut sc = String::new();
    for k in 0..s.neighs {
        let link = cyc(&l3, k)?;
        let m = k / nl3;
        // Entries that are not permanent count against the table's gc_thresh3 (1024 by
        // default, shared by every namespace): beyond ~800 of them, only permanent ones.
        let state = if k < 1000 {
            *cyc(&["permanent", "reachable", "stale", "noarp", "probe"], k)?
        } else {
            "permanent"
        };
        let ll = mac(0xc0, k);
        if k % 2 == 0 {
            let _ = writeln!(
                sc,
                "neigh replace {} lladdr {ll} dev {} nud {state}",
                link.v4(100 + (m / 2) % 150),
                link.name
            );
        } else {
            let _ = writeln!(
                sc,
                "neigh replace {} lladdr {ll} dev {} nud {state}",
                link.v6(0x1000 + m / 2),
                link.name
            );
        }
    }
    let sc = dedupe(&sc);
    made.neighs = sc.lines().count();
    batch("ip", ns, "neighbours", &sc)?;

    let mut sc = String::new();
    for p in 0..bridge_ports {
        for e in 0..4 {
            let _ = writeln!(
                sc,
                "fdb add {} dev vb{p} master {}",
                mac(0xd0, p * 4 + e),
                *cyc(&["static", "dynamic"], e)?
            );
        }
    }
    for i in 0..vxlans {
        for e in 0..3 {
            let vtep = cyc(&l3, i * 3 + e)?.v4(200);
            let dst = if e == 0 {
                "00:00:00:00:00:00".to_owned()
            } else {
                mac(0xe0, i * 3 + e)
            };
            let verb = if e == 0 { "append" } else { "add" };
            let _ = writeln!(sc, "fdb {verb} {dst} dev vx{i} dst {vtep} self permanent");
        }
    }
    made.fdb = sc.lines().count();
    if !sc.is_empty() {
        batch("bridge", ns, "forwarding entries", &sc)?;
    }

    // Policy rules, IPv4 and IPv6, with several selectors.
    let (mut v4, mut v6) = (String::new(), String::new());
    for k in 0..s.rules {
        let link = cyc(&l3, k)?;
        let pref = 1000 + k;
        let table = 100 + k % 50;
        let sel = match k % 8 {
            0 => format!("from {}/24", link.v4(0)),
            1 => format!("from {}/64", link.v6(0)),
            2 => format!("to {}/24 fwmark 0x{:x}/0xffff", link.v4(0), k),
            3 => format!("iif {} tos 0x10", link.name),
            4 => format!("oif {} ipproto tcp dport {}", link.name, 1000 + k),
            5 => format!("to {}/64 sport 1024-2048 ipproto udp", link.v6(0)),
            6 => format!("uidrange {}-{}", 1000 + k, 2000 + k),
            _ => format!("not from {}/24 suppress_prefixlength 0", link.v4(0)),
        };
        let action = if k % 25 == 24 {
            "prohibit".to_owned()
        } else {
            format!("table {table}")
        };
        let sc = if matches!(k % 8, 1 | 5) {
            &mut v6
        } else {
            &mut v4
        };
        let _ = writeln!(sc, "rule add {sel} pref {pref} {action}");
    }
    batch("ip", ns, "IPv4 rules", &v4)?;
    batch("ip -6", ns, "IPv6 rules", &v6)?;
    made.rules = s.rules;
    Ok(made)
}

/// An address label: `LINK:N`, cut to IFNAMSIZ-1 (the kernel's limit).
fn label(link: &str, m: usize) -> String {
    let mut l = format!("{link}:{m}");
    l.truncate(15);
    l
}

/// The script's lines, each once (in first-seen order).
fn dedupe(script: &str) -> String {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = String::new();
    for l in script.lines() {
        if seen.insert(l) {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

/// `nlscope capture` of every dump, stopping when the dumps are complete.
fn record(nlscope: &Path, ns: &str, out: &Path) -> Result<()> {
    let out_s = out.to_str().context("--out path is not UTF-8")?;
    let args = [
        "capture",
        "--netns",
        ns,
        "--via",
        "listen",
        "--family",
        "route",
        "--dump",
        DUMPS,
        "--duration",
        "0",
        "-w",
        out_s,
    ];
    println!("corpus: nlscope {}", args.join(" "));
    let st = Command::new(nlscope)
        .args(args)
        .status()
        .context("running nlscope capture")?;
    if !st.success() {
        bail!("nlscope capture failed ({st})");
    }
    Ok(())
}

fn summary(nlscope: &Path, out: &Path, made: &Made) -> Result<()> {
    let size = std::fs::metadata(out)
        .with_context(|| format!("{}", out.display()))?
        .len();
    println!(
        "corpus: created {} addresses, {} nexthop objects, {} routes, {} neighbours, {} \
         forwarding entries, {} rules",
        made.addrs, made.nexthops, made.routes, made.neighs, made.fdb, made.rules
    );
    for (k, why) in &made.missing {
        println!("corpus: no {k} links: {why}");
    }
    println!(
        "corpus: wrote {} ({size} bytes); nlscope stats:",
        out.display()
    );
    let st = Command::new(nlscope)
        .arg("stats")
        .arg(out)
        .status()
        .context("nlscope stats")?;
    if !st.success() {
        bail!("nlscope stats failed on the corpus");
    }
    Ok(())
}
