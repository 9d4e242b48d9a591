#!/usr/bin/bash
# /init of the `cargo xtask vm-test` guest (stock Debian kernel, QEMU).
#
# Runs under bash, not busybox sh: Debian's busybox prefers its own applets,
# so `ip`/`tc` there would be busybox's, not iproute2's.
#
# Part 1 (comparison): create nlmon0, start tcpdump on it, then
#   `nlscope capture -i nlmon0` (the same device, named as tcpdump's is), run
#   /host/scenario.sh, stop nlscope with SIGINT, then tcpdump with SIGINT.
# Part 2 (own device): delete nlmon0, run nlscope alone for a few commands;
#   it must create an nlmon device, report its drop counter, and delete the
#   device again when it stops.
# Results go to /host/out (9p share): tcpdump.pcap, nlscope.pcap, own.pcap,
# *.err (stderr of each program), scenario.log, status (key=value).
# Part 3 (only with vm-test --tests): the nlmon tests of tests/live_capture.rs.
# Part 4: `nlscope replay --report json` of part 1's nlscope.pcap into a scratch
#   namespace: replay.json, replay.err, replayed.pcap.
# Part 5 (only with vm-test --replay FILE): FILE replayed with host-global requests
#   included: replay-vm-N.json, replay-vm-N.err.
export PATH=/usr/bin:/usr/sbin:/bin:/sbin
export HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
mkdir -p /run/netns /dev/pts
mount -t devpts devpts /dev/pts
T_INIT=$(cut -d' ' -f1 /proc/uptime)
echo "vm-test: kernel $(uname -r), /init at ${T_INIT}s"

halt() { sync; umount /lib/modules 2>/dev/null; umount /host 2>/dev/null; poweroff -f; sleep 5; echo o > /proc/sysrq-trigger; }
die() {
    echo "vm-test: FATAL: $*"
    echo "fatal=$*" >> /host/out/status 2>/dev/null
    halt
}

while read -r m; do
    insmod "/bootstrap/$m" || echo "vm-test: insmod $m failed"
done < /bootstrap/load
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 host /host || die "cannot mount 9p share 'host'"
OUT=/host/out
mkdir -p "$OUT"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,ro modules /lib/modules || die "cannot mount 9p share 'modules'"
[ -d "/lib/modules/$(uname -r)" ] || die "/lib/modules/$(uname -r) missing on the modules share"
. /host/config   # SCENARIO_TIMEOUT, REPLAY_TIMEOUT, STOP_WAIT
: "${SCENARIO_TIMEOUT:=120}" "${REPLAY_TIMEOUT:=120}" "${STOP_WAIT:=10}"
st() { echo "$1=$2" >> "$OUT/status"; }
st kernel "$(uname -r)"
st t_init "$T_INIT"

printf 'options dummy numdummies=0\noptions bonding max_bonds=0\noptions ifb numifbs=0\n' > /etc/modprobe.conf
mkdir -p /etc/modprobe.d && cp /etc/modprobe.conf /etc/modprobe.d/vm-test.conf
sysctl -qw net.core.fb_tunnels_only_for_init_net=2
# Loaded before the capture so their load-time notifications stay out of it;
# anything else the scenario needs is autoloaded by the kernel.
modprobe -a nlmon dummy veth bridge 8021q inet_diag tcp_diag udp_diag raw_diag \
    unix_diag netlink_diag af_packet_diag || echo "vm-test: some modules failed to load"
st t_modules "$(cut -d' ' -f1 /proc/uptime)"
hostname vm-test
ip link set lo up

# nlscope and the shared libraries it was linked against (copied by the xtask).
mkdir -p /opt && cp -a /host/nlscope /opt/nlscope || die "cannot copy nlscope"
printf '#!/usr/bin/bash\nLD_LIBRARY_PATH=/opt/nlscope/lib exec /opt/nlscope/nlscope "$@"\n' > /usr/bin/nlscope
chmod 0755 /usr/bin/nlscope
alive() {   # pid: running and not a zombie
    local s
    s=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null)
    [ -n "$s" ] && [ "$s" != Z ]
}
wait_for() {   # file regex pid what: until the file matches, up to 30 s
    local deadline=$((SECONDS + 30))
    until grep -qE -- "$2" "$1" 2>/dev/null; do
        alive "$3" || die "$4 exited before it was ready: $(cat "$1")"
        [ $SECONDS -ge $deadline ] && die "$4 not ready within 30 s: $(cat "$1")"
        sleep 0.05
    done
}
stop() {   # pid name: SIGINT, SIGKILL after STOP_WAIT s; records rc and how
    local deadline=$((SECONDS + STOP_WAIT)) how=SIGINT
    alive "$1" || how="none (had exited)"
    kill -INT "$1" 2>/dev/null
    while alive "$1" && [ $SECONDS -lt $deadline ]; do sleep 0.05; done
    if alive "$1"; then kill -KILL "$1"; how="SIGKILL (ignored SIGINT for ${STOP_WAIT} s)"; fi
    wait "$1"
    st "${2}_rc" "$?"
    st "${2}_stop" "$how"
}
# Background jobs of a script start with SIGINT ignored; `env
# --default-signal=INT` gives the capture programs a normal SIGINT, as a shell
# user's Ctrl-C or `kill -INT` from an interactive shell would.
start_bg() { env --default-signal=INT "$@" </dev/null & }

# ---- part 1: tcpdump and nlscope on the same nlmon0
ip link add nlmon0 type nlmon || die "ip link add nlmon0 type nlmon failed"
ip link set nlmon0 up || die "cannot set nlmon0 up"
mkdir -p /tmp/cap
# -Z root: Debian's tcpdump would otherwise drop to user "tcpdump".
# --immediate-mode: without it, TPACKET_V3 blocks pending at SIGINT are lost.
start_bg tcpdump -Z root -i nlmon0 -s 0 -B 65536 -U --immediate-mode -w /tmp/cap/tcpdump.pcap 2>/tmp/cap/tcpdump.err
TPID=$!
wait_for /tmp/cap/tcpdump.err 'listening on' $TPID tcpdump
st tcpdump_start_epoch "$EPOCHREALTIME"
start_bg nlscope capture -i nlmon0 -w /tmp/cap/nlscope.pcap $NLSCOPE_ARGS 2>/tmp/cap/nlscope.err
NPID=$!
wait_for /tmp/cap/nlscope.err 'capturing via' $NPID nlscope
st nlscope_ready_epoch "$EPOCHREALTIME"
st scenario_start_uptime "$(cut -d' ' -f1 /proc/uptime)"
st scenario_start_epoch "$EPOCHREALTIME"
cd /tmp
timeout "$SCENARIO_TIMEOUT" bash /host/scenario.sh > "$OUT/scenario.log" 2>&1
st scenario_rc "$?"   # 124: killed by SCENARIO_TIMEOUT (captures so far are kept)
st scenario_end_epoch "$EPOCHREALTIME"
st scenario_end_uptime "$(cut -d' ' -f1 /proc/uptime)"
sleep 1
st nlscope_sigint_epoch "$EPOCHREALTIME"
stop $NPID nlscope
st nlscope_exit_epoch "$EPOCHREALTIME"
stop $TPID tcpdump
st links_after_part1 "$(ip -o link show type nlmon | awk -F': ' '{print $2}' | tr '\n' ' ')"

# ---- part 2: no nlmon device: nlscope must create one and delete it again
ip link del nlmon0 || die "cannot delete nlmon0"
st links_before_part2 "$(ip -o link show type nlmon | awk -F': ' '{print $2}' | tr '\n' ' ')"
start_bg nlscope capture --via nlmon -w /tmp/cap/own.pcap 2>/tmp/cap/own.err
OPID=$!
wait_for /tmp/cap/own.err 'capturing via' $OPID "nlscope (own device)"
st links_during_part2 "$(ip -o link show type nlmon | awk -F': ' '{print $2}' | tr '\n' ' ')"
{
    ip link add vmtest0 type dummy
    ip addr add 192.0.2.1/24 dev vmtest0
    ip -br addr show
    ip link del vmtest0
} > "$OUT/own.log" 2>&1
sleep 0.5
stop $OPID own
st links_after_part2 "$(ip -o link show type nlmon | awk -F': ' '{print $2}' | tr '\n' ' ')"

# ---- part 3 (vm-test --tests): the nlmon tests of tests/live_capture.rs
# The test binary runs nlscope from the path it was built at on the host.
if [ -x /opt/nlscope/live_capture ]; then
    mkdir -p "${NLSCOPE_BUILT_AT%/*}" && cp /opt/nlscope/nlscope "$NLSCOPE_BUILT_AT"
    st tests_start_uptime "$(cut -d' ' -f1 /proc/uptime)"
    (cd /tmp && LD_LIBRARY_PATH=/opt/nlscope/lib timeout 300 \
        /opt/nlscope/live_capture nlmon --test-threads=1) > "$OUT/tests.log" 2>&1
    st tests_rc "$?"
    st tests_end_uptime "$(cut -d' ' -f1 /proc/uptime)"
fi

# ---- part 4: nlscope replay of part 1's capture, on the kernel that made it
# The requests nlscope recorded in part 1 are sent again into a scratch network
# namespace (made by `nlscope replay` itself, gone when it exits); the JSON
# report and the replay's own recording come back over the share. The host
# fails the task on any difference the report does not explain.
if [ -s /tmp/cap/nlscope.pcap ]; then
    st replay_start_uptime "$(cut -d' ' -f1 /proc/uptime)"
    (cd /tmp && timeout "$REPLAY_TIMEOUT" nlscope replay --report json -w "$OUT/replayed.pcap" \
        /tmp/cap/nlscope.pcap) > "$OUT/replay.json" 2> "$OUT/replay.err"
    st replay_rc "$?"   # 0: nothing unexplained, 1: something is, 124: time limit
    st replay_end_uptime "$(cut -d' ' -f1 /proc/uptime)"
    st links_after_replay "$(ip -o link show | awk -F': ' '{print $2}' | tr '\n' ' ')"
fi

# ---- part 5 (vm-test --replay FILE): the given captures replayed with everything,
# host-global requests (audit, …) included, into this guest's own namespace: the
# whole guest is thrown away afterwards. In order, /host/replay/0.pcap, 1.pcap, …
i=0
while [ -s "/host/replay/$i.pcap" ]; do
    st "replay_vm_${i}_start_uptime" "$(cut -d' ' -f1 /proc/uptime)"
    (cd /tmp && NLSCOPE_THROWAWAY_VM=1 timeout 120 nlscope replay --netns-self --host-global \
        --report json "/host/replay/$i.pcap") > "$OUT/replay-vm-$i.json" 2> "$OUT/replay-vm-$i.err"
    st "replay_vm_${i}_rc" "$?"
    st "replay_vm_${i}_end_uptime" "$(cut -d' ' -f1 /proc/uptime)"
    i=$((i + 1))
done

# The guest kernel's BTF, vmlinux and the modules loaded by now, for the host's
# check of nlscope's struct tables against this kernel (docs/vm-test.md):
#   NLSCOPE_BTF=$NLSCOPE_VM_DIR/run/share/out/btf/vmlinux cargo test --test btf_oracle
if [ -r /sys/kernel/btf/vmlinux ]; then
    mkdir -p "$OUT/btf" && cp /sys/kernel/btf/* "$OUT/btf/" 2>/dev/null || true
fi

cp /tmp/cap/* "$OUT/"
st t_poweroff "$(cut -d' ' -f1 /proc/uptime)"
st done 1
echo "vm-test: done"
halt
