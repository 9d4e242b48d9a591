#!/bin/bash
# vm-test scenario of full breadth (issue 11 "Shown by", issue 16 "Shown by"):
# every link kind, qdisc, classifier, action, nftables object and expression that
# Debian's 6.1 kernel package builds, nftables batches that fail in part, and the
# tools' dumps of all of it (written like xtask/vm/scenario-tools.sh: each dump's
# output in /host/out/tools/NAME.EXT and its window in manifest.tsv, so
# `cargo xtask vm-test` runs the tools oracle on it).
#
#   cargo xtask vm-test --scenario xtask/vm/scenario-wide.sh --timeout 900
#
# It is kept apart from scenario-tools.sh, which CI runs: this one takes several
# minutes of guest time under TCG (see docs/vm-test.md for the figures).
#
# What 6.1 offers was listed from the kernel package's modules
# (kpkg/lib/modules/6.1.0-57-amd64/kernel/{drivers/net,net/sched,net/netfilter})
# and its config. Absent from that kernel, so not configured here:
#   link kinds  bareudp (CONFIG_BAREUDP unset), amt (CONFIG_AMT unset),
#               hsr/prp (CONFIG_HSR unset), rmnet (CONFIG_RMNET unset),
#               netkit (Linux 6.7+);
#   qdiscs      cbq, atm, dsmark (not built in this package);
#   classifiers rsvp, tcindex (not built in this package);
#   nft         inner (Linux 6.2+), reject in the netdev family (CONFIG_NFT_REJECT_NETDEV unset).
# Built but not configured, and why:
#   6lowpan     needs an IEEE 802.15.4 device (no hwsim radio here);
#   openvswitch its datapaths are made over genl by ovs-vswitchd, not by `ip link`;
#   act_ipt, em_ipt, nft_compat   need iptables' libxtables, which the initramfs lacks;
#   em_ipset    needs the ipset tool.
# Every command's exit status is logged ("[rc=N]" in scenario.log); the ones the
# kernel or the tool refuse on purpose are marked "expect failure" below.
#
# Runs under bash as root in the guest's init netns, where nlmon0 is.
run() { echo "+ $*"; timeout 20 "$@"; echo "[rc=$?]"; }
# A command that must fail (a batch with one bad message, a kind the kernel lacks).
fails() { echo "+ (expect failure) $*"; timeout 20 "$@"; echo "[rc=$? expected non-zero]"; }

T=/host/out/tools
rm -rf "$T"
mkdir -p "$T"
printf 'name\tstart\tend\trc\tcommand\n' > "$T/manifest.tsv"
# dump NAME EXT CMD...: one tool run, its stdout in $T/NAME.EXT, its window in the manifest.
dump() {
    local name=$1 ext=$2 s e rc
    shift 2
    s=$EPOCHREALTIME
    timeout 20 "$@" > "$T/$name.$ext" 2> "$T/$name.err"
    rc=$?
    e=$EPOCHREALTIME
    [ -s "$T/$name.err" ] || rm -f "$T/$name.err"
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$s" "$e" "$rc" "$*" >> "$T/manifest.tsv"
    echo "dump $name: rc=$rc $(wc -c < "$T/$name.$ext") bytes"
    sleep 0.02
}
phase() { echo "=== $* ($(cut -d' ' -f1 /proc/uptime) s)"; }

WG_PRIV=mPwHW6e4fozZK9e/prvi7uIXCLq5QJ5b2mUoSiaVeEc=
WG_PEER1=HUW8xtHCTNRbxeqPfoAvrF2LHmr7ji1Zxf8lMFo1KjQ=
MACSEC_KEY=00112233445566778899aabbccddeeff

phase modules
# Loaded up front so that autoloading does not happen inside a dump's window.
# One `modprobe -a` per list: a modprobe per module costs about 2 s each under TCG.
modprobe -a 8021q bridge bonding team team_mode_activebackup team_mode_roundrobin \
    team_mode_loadbalance team_mode_broadcast team_mode_random dummy veth macvlan \
    macvtap ipvlan ipvtap vxlan geneve ip_gre ip6_gre ipip sit ip6_tunnel ip_vti ip6_vti \
    xfrm_interface vrf ifb nlmon macsec wireguard gtp vcan vxcan l2tp_eth l2tp_ip \
    l2tp_netlink batman-adv vsockmon fou fou6 tun mpls_router mpls_iptunnel \
    esp4 esp6 xfrm_user cbc aes_generic sha256_generic hmac authenc echainiv gcm 2>&1 | head -5
sched=()
for m in /lib/modules/"$(uname -r)"/kernel/net/sched/*.ko*; do
    m=${m##*/}
    m=${m%%.ko*}
    case $m in act_ipt | em_ipt | em_ipset | sch_teql) continue ;; esac
    sched+=("$m")
done
modprobe -a "${sched[@]}" 2>&1 | head -5
modprobe -a nf_tables nf_conntrack nf_conntrack_netlink nf_nat nft_chain_nat nft_compat \
    nft_connlimit nft_ct nft_dup_netdev nft_fib nft_fib_inet nft_fib_ipv4 nft_fib_ipv6 \
    nft_fib_netdev nft_flow_offload nft_fwd_netdev nft_hash nft_limit nft_log nft_masq \
    nft_nat nft_numgen nft_objref nft_osf nft_queue nft_quota nft_redir nft_reject \
    nft_reject_inet nft_reject_ipv4 nft_reject_ipv6 nft_socket nft_synproxy nft_tproxy \
    nft_tunnel nft_xfrm nft_dup_ipv4 nft_dup_ipv6 nf_flow_table_inet nfnetlink_cthelper \
    nfnetlink_cttimeout nfnetlink_queue nfnetlink_log nfnetlink_osf nf_conntrack_ftp \
    nf_tables_bridge nft_reject_bridge nft_meta_bridge 2>&1 | head -5
echo "modules loaded: $(wc -l < /proc/modules)"

# ---------------------------------------------------------------- part A: links
phase links
run ip link add d0 numtxqueues 8 numrxqueues 8 type dummy
run ip link set d0 address 02:00:00:00:00:01 mtu 1500 up
run ip addr add 10.1.2.3/24 dev d0
run ip -6 addr add 2001:db8::1/64 dev d0 nodad
run ip link add d1 type dummy
run ip link set d1 up
run ip addr add 10.1.3.3/24 dev d1
run ip -6 addr add 2001:db8:1::1/64 dev d1 nodad
# ---------------------------------------------------------------- part A: tc
# tc runs before the many link kinds are made: every `tc … add` dumps all links
# (iproute2's ll_init_map), so this keeps the capture several megabytes smaller.
run ip link add d4 type dummy
run ip link set d4 up
run ip link add ifb0 type ifb
phase qdiscs
# One dummy per root qdisc kind. sch_teql's module makes teql0 and is loaded here.
q() { run ip link add "$1" type dummy; run ip link set "$1" up; }
modprobe sch_teql 2>&1 | head -2
for i in $(seq 1 26); do q "q$i"; done
run ip link add qm0 numtxqueues 4 type dummy
run ip link add qm1 numtxqueues 4 type dummy
run ip link add qm2 numtxqueues 4 type dummy
run ip link add qm3 numtxqueues 4 type dummy
run ip link set qm3 up
run ip link set qm0 up
run ip link set qm1 up
run ip link set qm2 up
run tc qdisc add dev q1 root handle 1: prio bands 4 priomap 1 2 3 0 1 1 1 1 1 1 1 1 1 1 1 1
run tc qdisc add dev q1 parent 1:1 handle 11: pfifo limit 100
run tc qdisc add dev q1 parent 1:2 handle 12: bfifo limit 100000
run tc qdisc add dev q1 parent 1:3 handle 13: pfifo_head_drop limit 50
run tc qdisc add dev q1 parent 1:4 handle 14: pfifo_fast
run tc qdisc add dev q2 root handle 1: htb default 20 r2q 5
run tc class add dev q2 parent 1: classid 1:1 htb rate 100mbit ceil 100mbit burst 15k cburst 15k
run tc class add dev q2 parent 1:1 classid 1:10 htb rate 10mbit ceil 50mbit prio 1 quantum 3000
run tc class add dev q2 parent 1:1 classid 1:20 htb rate 5mbit ceil 20mbit prio 2
run tc qdisc add dev q2 parent 1:10 handle 10: sfq perturb 10 quantum 1514 limit 100 depth 64 divisor 1024
run tc qdisc add dev q2 parent 1:20 handle 20: fq_codel limit 1000 flows 512 target 4ms interval 90ms quantum 1400 ecn ce_threshold 2ms
run tc qdisc add dev q3 root handle 1: hfsc default 10
run tc class add dev q3 parent 1: classid 1:1 hfsc sc rate 10mbit ul rate 20mbit
run tc class add dev q3 parent 1:1 classid 1:10 hfsc rt m1 2mbit d 10ms m2 1mbit ls rate 5mbit
run tc class add dev q3 parent 1:1 classid 1:20 hfsc ls m2 3mbit ul m2 8mbit
run tc qdisc add dev q4 root handle 1: drr
run tc class add dev q4 parent 1: classid 1:1 drr quantum 1500
run tc class add dev q4 parent 1: classid 1:2 drr quantum 3000
run tc qdisc add dev q5 root handle 1: qfq
run tc class add dev q5 parent 1: classid 1:1 qfq weight 10 maxpkt 1500
run tc class add dev q5 parent 1: classid 1:2 qfq weight 20 maxpkt 2000
run tc qdisc add dev q6 root handle 1: tbf rate 1mbit burst 32k latency 50ms peakrate 2mbit mtu 1600
run tc qdisc add dev q7 root handle 1: red limit 400000 min 30000 max 90000 avpkt 1000 burst 55 bandwidth 10mbit probability 0.02 ecn harddrop adaptive
run tc qdisc add dev q8 root handle 1: gred setup vqs 4 default 0 grio
run tc qdisc change dev q8 root handle 1: gred limit 60000 min 15000 max 45000 burst 20 avpkt 1000 bandwidth 10mbit vq 0 probability 0.02 prio 1
run tc qdisc change dev q8 root handle 1: gred limit 60000 min 10000 max 40000 burst 20 avpkt 1000 bandwidth 10mbit vq 1 probability 0.05 prio 2
run tc qdisc add dev q9 root handle 1: netem limit 2000 delay 100ms 10ms 25% distribution normal loss 0.5% duplicate 1% corrupt 0.1% reorder 25% 50% rate 1mbit 20 100 5 slot 800us 1ms packets 10 bytes 4000 ecn
run tc qdisc add dev q10 root handle 1: fq limit 1000 flow_limit 50 quantum 3028 initial_quantum 15140 maxrate 10mbit buckets 256 orphan_mask 511 low_rate_threshold 500kbit ce_threshold 5ms timer_slack 20us horizon 5s horizon_drop
run tc qdisc add dev q11 root handle 1: fq_pie limit 1000 flows 256 target 10ms tupdate 20ms alpha 4 beta 20 quantum 1514 memory_limit 16mb ecn_prob 15 ecn dq_rate_estimator
run tc qdisc add dev q12 root handle 1: pie limit 500 target 20ms tupdate 30ms alpha 3 beta 25 ecn bytemode dq_rate_estimator
run tc qdisc add dev q13 root handle 1: codel limit 800 target 6ms interval 120ms ecn ce_threshold 3ms
run tc qdisc add dev q14 root handle 1: cake bandwidth 50mbit diffserv4 triple-isolate nat wash ack-filter split-gso rtt 50ms memlimit 4mb fwmark 0xff overhead 18 mpu 64 ethernet
run tc qdisc add dev q15 root handle 1: choke limit 1000 min 100 max 300 avpkt 1000 burst 150 bandwidth 10mbit probability 0.1 ecn
run tc qdisc add dev q16 root handle 1: sfb rehash 600 db 60 limit 1000 max 25 target 20 increment 0.0005 decrement 0.0001 penalty_rate 10 penalty_burst 20
run tc qdisc add dev q17 root handle 1: skbprio limit 100
run tc qdisc add dev q18 root handle 1: hhf limit 1000 quantum 1514 hh_limit 2048 reset_timeout 40ms admit_bytes 131072 evict_timeout 1s non_hh_weight 2
run tc qdisc add dev q19 root handle 1: plug limit 1000
run tc qdisc add dev q20 root handle 1: ets bands 5 strict 2 quanta 3000 2000 1500 priomap 0 1 2 3 4 4 4 4 4 4 4 4 4 4 4 4
run tc qdisc add dev q21 root handle 1: teql0
run tc qdisc add dev q22 root handle 1: cbs idleslope 98688 sendslope -901312 hicredit 153 locredit -1389 offload 0
run tc qdisc add dev q23 root handle 1: etf clockid CLOCK_TAI delta 300000 skip_sock_check
# multiq wants a multiqueue device (EOPNOTSUPP on a one-queue dummy).
run tc qdisc add dev qm3 root handle 1: multiq
run tc qdisc add dev q25 ingress
run tc qdisc add dev q26 clsact
run tc qdisc add dev qm0 root handle 1: mqprio num_tc 3 map 2 2 1 0 2 2 2 2 2 2 2 2 2 2 2 2 queues 1@0 1@1 2@2 hw 0
run tc qdisc add dev qm0 parent 1:1 handle 11: cbs idleslope 20000 sendslope -980000 hicredit 30 locredit -1470 offload 0
run tc qdisc add dev qm0 parent 1:2 handle 12: etf clockid CLOCK_TAI delta 200000
run tc qdisc add dev qm1 parent root handle 100: taprio num_tc 3 map 2 2 1 0 2 2 2 2 2 2 2 2 2 2 2 2 \
    queues 1@0 1@1 2@2 base-time 1000000000 sched-entry S 01 300000 sched-entry S 02 300000 \
    sched-entry S 04 400000 clockid CLOCK_TAI
run tc qdisc add dev qm2 root handle 1: mq
run tc qdisc add dev qm2 parent 1:1 handle 21: fq_codel

phase classifiers and actions
# Filters under q2's htb: every classifier, each with actions of its own.
run tc filter add dev q2 parent 1: protocol ip prio 1 u32 match ip dst 10.9.0.0/16 match ip dport 80 0xffff flowid 1:10
run tc filter add dev q2 parent 1: protocol ip prio 2 handle 2: u32 divisor 256
run tc filter add dev q2 parent 1: protocol ip prio 2 u32 ht 800:: match ip src 10.0.0.0/8 hashkey mask 0x000000ff at 12 link 2:
run tc filter add dev q2 parent 1: protocol ip prio 2 u32 ht 2:5: match ip protocol 6 0xff flowid 1:20
run tc filter add dev q2 parent 1: protocol ip prio 3 handle 5 fw classid 1:10
run tc filter add dev q2 parent 1: protocol ip prio 4 route to 10 classid 1:20
run tc filter add dev q2 parent 1: protocol ip prio 5 route from 3 classid 1:10
run tc filter add dev q2 parent 1: protocol ip prio 5 route fromif d0 to 5 classid 1:20
run tc filter add dev q2 parent 1: protocol ip prio 6 basic match 'cmp(u16 at 0 layer 1 mask 0xff00 gt 10)' classid 1:10
run tc filter add dev q2 parent 1: protocol ip prio 7 basic match 'meta(nf_mark gt 24) and nbyte("ab" at 12 layer 1)' classid 1:20
run tc filter add dev q2 parent 1: protocol ip prio 8 basic match 'u32(u32 0x0a000000 0xff000000 at 16)' classid 1:20
# (no text() ematch: Debian's tc 6.1 has no parser for it, "Unknown ematch")
run tc filter add dev q2 parent 1: protocol ip prio 9 basic match 'canid(sff 0x123)' classid 1:20
run tc filter add dev q2 parent 1: protocol ip prio 10 bpf bytecode '1,6 0 0 4294967295,' classid 1:10
run tc filter add dev q2 parent 1: protocol ip prio 11 handle 11: cgroup
run tc filter add dev q2 parent 1: protocol ip prio 12 handle 12 flow hash keys src,dst,proto,proto-src,proto-dst divisor 1024 baseclass 1:10 perturb 30
run tc filter add dev q2 parent 1: protocol ip prio 13 handle 13 flow map key mark addend 10 divisor 16 baseclass 1:1
run tc filter add dev q2 parent 1: protocol all prio 14 matchall classid 1:20 action gact pass random determ drop 10
# clsact of q26: flower with every action kind.
run tc filter add dev q26 ingress protocol ip pref 10 handle 0x1 flower dst_ip 10.1.2.0/24 ip_proto tcp dst_port 80 tcp_flags 0x2/0x12 \
    action police rate 1mbit burst 10k conform-exceed drop/pipe \
    action mirred egress redirect dev d4
run tc filter add dev q26 ingress protocol 802.1Q pref 20 flower vlan_id 100 vlan_prio 3 vlan_ethtype ip \
    action vlan modify id 200 priority 5 pipe action vlan pop
run tc filter add dev q26 ingress protocol ip pref 30 flower src_mac 02:00:00:00:00:aa ip_proto udp src_port 53 ip_tos 0x10/0xfc ip_ttl 64 \
    action skbedit mark 5/0xff priority 1:2 queue_mapping 1 ptype host inheritdsfield \
    action pedit ex munge ip ttl set 10 munge ip dst set 10.9.9.9 munge eth dst set 02:00:00:00:00:bb pipe \
    action csum ip4h tcp udp \
    action gact ok
run tc filter add dev q26 ingress protocol ipv6 pref 40 flower dst_ip 2001:db8::/64 ip_proto icmpv6 code 0 type 128 \
    action skbmod set dmac 02:00:00:00:00:cc set smac 02:00:00:00:00:dd set etype 0x86dd \
    action skbmod swap mac
run tc filter add dev q26 ingress protocol ip pref 50 flower ip_proto tcp ct_state +trk+est ct_zone 5 ct_mark 7/0xff \
    action ct zone 5 commit mark 7 label 1 nat src addr 10.9.0.1-10.9.0.9 port 1000-2000 \
    action ctinfo dscp 0xfc000000 0x01000000 cpmark 0xff zone 5 \
    action connmark zone 5
run tc filter add dev q26 ingress protocol ip pref 60 flower enc_key_id 42 enc_dst_ip 10.1.2.3 enc_dst_port 4789 \
    geneve_opts 0102:80:00112233 action tunnel_key unset
run tc filter add dev q26 ingress protocol ip pref 70 flower ip_proto sctp dst_port 9 \
    action nat ingress 10.9.0.0/16 10.1.2.0 \
    action sample rate 100 group 5 trunc 128
run tc filter add dev q26 ingress protocol ip pref 80 flower ip_proto udp \
    action gate index 2 clockid CLOCK_TAI sched-entry open 200000000 -1 -1 sched-entry close 100000000 -1 -1
run tc filter add dev q26 ingress protocol mpls_uc pref 90 flower mpls_label 100 mpls_tc 3 mpls_bos 1 mpls_ttl 32 \
    action mpls modify label 200 tc 4 ttl 20 pipe action mpls pop protocol ipv4
run tc filter add dev q26 ingress protocol ip pref 100 flower ip_proto tcp src_port 1000-2000 \
    action mpls push protocol mpls_uc label 300 tc 1 ttl 60 pipe action mpls dec_ttl pipe action simple sdata "wide"
run tc filter add dev q26 ingress protocol ip pref 110 u32 match ip src 10.5.0.0/16 \
    action bpf bytecode '1,6 0 0 4294967295,' \
    action ife encode type 0xED3E allow mark allow prio allow tcindex dst 02:00:00:00:00:ee
run tc filter add dev q26 ingress protocol all pref 120 flower skip_hw indev d0 \
    action ife decode action mirred ingress mirror dev ifb0
run tc filter add dev q26 egress protocol ip pref 10 flower ip_proto udp dst_port 4789 \
    action tunnel_key set src_ip 10.1.2.3 dst_ip 10.1.2.9 id 42 dst_port 4789 ttl 20 tos 0x10 nocsum geneve_opts 0102:80:00112233 \
    action mirred egress redirect dev d4
run tc filter add dev q26 egress protocol all pref 20 matchall action vlan push id 100 protocol 802.1ad priority 4
run tc filter add dev q26 egress protocol ip pref 30 chain 5 flower ip_proto tcp action goto chain 6
run tc chain add dev q26 egress chain 7 protocol ip flower
run tc filter add dev q25 parent ffff: protocol ip pref 1 matchall action police pkts_rate 1000 pkts_burst 100 drop
# Standalone actions, one dump per kind in part B.
run tc actions add action police rate 2mbit burst 20k mtu 2k peakrate 3mbit overhead 10 linklayer ethernet index 100
run tc actions add action gact drop random netrand pipe 25 index 7
run tc actions add action skbedit mark 7 queue_mapping 2 index 8
run tc actions add action mirred egress mirror dev d4 index 9
run tc actions add action vlan push id 5 index 10
run tc actions add action pedit ex munge ip6 dst set 2001:db8::99 munge tcp dport set 8080 index 11
run tc actions add action csum icmp igmp sctp index 12
run tc actions add action skbmod set etype 0x0800 index 13
run tc actions add action tunnel_key set src_ip 2001:db8::1 dst_ip 2001:db8::9 id 7 index 14
run tc actions add action ct commit zone 9 nat dst addr 10.9.0.5 index 15
run tc actions add action ctinfo dscp 0xfc000000 0x01000000 index 16
run tc actions add action connmark zone 7 index 17
run tc actions add action nat egress 10.1.2.0/24 10.9.0.1 index 18
run tc actions add action sample rate 50 group 3 index 19
run tc actions add action gate clockid CLOCK_TAI base-time 200000000 cycle-time 1000000 sched-entry open 500000 2 -1 sched-entry close 500000 -1 -1 index 20
run tc actions add action mpls push protocol mpls_mc label 400 index 21
run tc actions add action simple sdata "standalone" index 22
run tc actions add action bpf bytecode '1,6 0 0 0,' index 23
run tc actions add action ife encode type 0xED3E use mark 10 index 24
fails tc actions add action gact drop index 7

# ---------------------------------------------------------------- part A: more links
phase more links
run ip link add veth0 type veth peer name veth1
run ip link set veth1 up
# bridge with most of its options, and two ports
run ip link add br0 type bridge vlan_filtering 1 vlan_protocol 802.1Q vlan_default_pvid 1 \
    mcast_snooping 1 mcast_querier 1 mcast_igmp_version 3 mcast_mld_version 2 stp_state 0 \
    forward_delay 400 hello_time 300 max_age 2000 ageing_time 20000 priority 100 group_fwd_mask 0x4000
run ip link set veth0 master br0 up
run ip link add d2 type dummy
run ip link set d2 master br0 up
run ip link set dev d2 type bridge_slave cost 50 priority 10 guard on hairpin on learning off \
    flood on mcast_flood off neigh_suppress on
run ip link set br0 up
run bridge vlan add dev veth0 vid 10 pvid untagged
run bridge vlan add dev d2 vid 20-22
# bonds: active-backup, 802.3ad, balance-alb with their options
run ip link add bond0 type bond mode active-backup miimon 100 updelay 200 downdelay 200 primary_reselect better
run ip link add d3 type dummy
run ip link set d3 master bond0
run ip link set bond0 up
run ip link add bond1 type bond mode 802.3ad lacp_rate fast xmit_hash_policy layer3+4 ad_select bandwidth min_links 1
run ip link add bond2 type bond mode balance-xor arp_interval 1000 arp_ip_target 10.1.2.254 arp_validate all
run ip link add bond3 type bond mode balance-alb tlb_dynamic_lb 1 lp_interval 2
# team (the kind only: teamd's genl set-up is not part of this kernel test)
run ip link add team0 type team
# VLANs
run ip link add link d0 name d0.10 type vlan id 10 reorder_hdr on gvrp on
run ip link add link d0 name d0.20 type vlan protocol 802.1ad id 20 egress-qos-map 1:2 3:4 ingress-qos-map 2:1
run ip link add link d0.20 name d0.20.30 type vlan id 30
# macvlan / macvtap / ipvlan / ipvtap
run ip link add link d0 name mv0 type macvlan mode bridge
run ip link add link d0 name mv1 type macvlan mode private
run ip link add link d0 name mv2 type macvlan mode vepa
run ip link add link d0 name mv3 type macvlan mode source
run ip link set mv3 type macvlan macaddr add 02:00:00:00:0a:01
run ip link add link d0 name mvt0 type macvtap mode bridge
# passthru takes the lower device for itself (EINVAL beside other macvlans): its own dummy.
run ip link add d6 type dummy
run ip link add link d6 name mvt1 type macvtap mode passthru
run ip link add link d1 name ipv0 type ipvlan mode l2
run ip link add link d1 name ipv1 type ipvlan mode l3 private
run ip link add link d1 name ipv2 type ipvlan mode l3s vepa
run ip link add link d1 name ipvt0 type ipvtap mode l2 bridge
# UDP tunnels
run ip link add vx0 type vxlan id 42 dstport 4789 local 10.1.2.3 remote 10.1.2.9 ttl 10 tos 0x10 \
    dev d0 ageing 300 maxaddress 100 srcport 1000 2000 noudpcsum learning
run ip link add vx1 type vxlan id 43 dstport 4790 group 239.1.1.1 dev d0 l2miss l3miss proxy rsc
run ip link add vx6 type vxlan id 44 dstport 4791 local 2001:db8::1 remote 2001:db8::9 udp6zerocsumtx udp6zerocsumrx
run ip link add vxe type vxlan external dstport 4792 vnifilter
run ip link add vxg type vxlan id 45 dstport 4793 gbp
run ip link add gnv0 type geneve id 7 remote 10.1.2.11 ttl 12 tos 0x20 dstport 6082 df set
run ip link add gnv6 type geneve id 8 remote 2001:db8::11 udp6zerocsumtx
run ip link add gnve type geneve external dstport 6083
# IP tunnels
run ip link add gre1 type gre remote 10.1.2.9 local 10.1.2.3 ttl 64 key 5 csum seq
run ip link add gre2 type gre remote 10.1.2.10 local 10.1.2.3 ikey 6 okey 7 tos 0x28 pmtudisc \
    encap fou encap-sport auto encap-dport 5555
run ip link add gtap1 type gretap remote 10.1.2.9 local 10.1.2.3 key 8 nopmtudisc ignore-df
run ip link add g6 type ip6gre remote 2001:db8::9 local 2001:db8::1 hoplimit 40 tclass 0x10 flowlabel 0x1234 encaplimit 4
run ip link add g6tap type ip6gretap remote 2001:db8::9 local 2001:db8::1 key 9
run ip link add ers1 type erspan seq key 100 local 10.1.2.3 remote 10.1.2.9 erspan_ver 1 erspan 123
run ip link add ers2 type erspan seq key 101 local 10.1.2.3 remote 10.1.2.10 erspan_ver 2 erspan_dir egress erspan_hwid 7
run ip link add ers6 type ip6erspan seq key 102 local 2001:db8::1 remote 2001:db8::9 erspan_ver 2 erspan_dir ingress erspan_hwid 3
run ip link add ipip1 type ipip remote 10.1.2.10 local 10.1.2.3 ttl 32 tos inherit
run ip link add ipip2 type ipip mode any remote 10.1.2.12 local 10.1.2.3
run ip link add sit1 type sit remote 10.1.2.11 local 10.1.2.3 ttl 20 mode ip6ip
run ip link add sit2 type sit remote 10.1.2.13 local 10.1.2.3 isatap
run ip link add t6 type ip6tnl mode ip6ip6 remote 2001:db8::9 local 2001:db8::1 hoplimit 30 encaplimit none
run ip link add t6b type ip6tnl mode ipip6 remote 2001:db8::a local 2001:db8::1 tclass inherit flowlabel 0x5
run ip link add vti1 type vti remote 10.1.2.9 local 10.1.2.3 ikey 11 okey 12
run ip link add vti6a type vti6 remote 2001:db8::9 local 2001:db8::1 ikey 13 okey 14
run ip link add xfrm1 type xfrm dev d0 if_id 0x20
# others
run ip link add vrf0 type vrf table 10
run ip link set vrf0 up
run ip link set d1 master vrf0
run ip link add nlmon1 type nlmon
# macsec needs a lower device without another rx handler (EBUSY on d0, which has macvlans).
run ip link add d5 type dummy
run ip link add link d5 macsec0 type macsec port 11 encrypt on cipher gcm-aes-128 icvlen 16 replay on window 32 validate strict
run ip macsec add macsec0 tx sa 0 pn 1 on key 01 "$MACSEC_KEY"
run ip macsec add macsec0 rx port 1234 address 02:00:00:00:00:99
run ip macsec add macsec0 rx port 1234 address 02:00:00:00:00:99 sa 0 pn 1 on key 02 "$MACSEC_KEY"
run ip link add wg0 type wireguard
printf '%s\n' "$WG_PRIV" > /tmp/wg.key
run wg set wg0 private-key /tmp/wg.key listen-port 51820 peer "$WG_PEER1" allowed-ips 10.8.0.0/24 endpoint 10.1.2.9:51820
# gtp: iproute2 sends it, the kernel wants the GTP sockets' fds (IFLA_GTP_FD0/1, which
# libgtpnl's gtp-link passes) and answers EINVAL without them.
fails ip link add gtp0 type gtp
run ip link add vcan0 type vcan
run ip link add vxcan0 type vxcan peer name vxcan1
run ip link add bat0 type batadv
run ip link add vsockmon0 type vsockmon
run ip tuntap add tap0 mode tap
run ip tuntap add tun0 mode tun multi_queue
run ip fou add port 5555 ipproto 47
run ip fou add port 5556 gue
run ip l2tp add tunnel tunnel_id 1 peer_tunnel_id 1 encap udp local 10.1.2.3 remote 10.1.2.9 udp_sport 1701 udp_dport 1701
run ip l2tp add session name l2tpeth0 tunnel_id 1 session_id 1 peer_session_id 1
run ip link set d4 alias "wide scenario" group 5 txqueuelen 2000 mtu 9000
run ip link set d4 addrgenmode none
run ip link set d4 type dummy
# Kinds this kernel lacks: the kernel refuses them (EOPNOTSUPP after the failed module load).
fails ip link add bu0 type bareudp dstport 6635 ethertype mpls_uc
fails ip link add amt0 type amt mode gateway local 10.1.2.3 discovery 10.1.2.9 dev d0
fails ip link add hsr0 type hsr slave1 veth1 slave2 d4

# ---------------------------------------------------------------- part A: nftables
phase nftables
cat > /tmp/wide.nft <<'EOF'
table inet filt {
    counter cnt1 { packets 10 bytes 1000 }
    quota q1 { over 1000 mbytes used 100 kbytes }
    limit lim1 { rate 400/minute burst 5 packets }
    limit lim2 { rate over 1 mbytes/second burst 100 kbytes }
    ct helper ftp1 { type "ftp" protocol tcp; l3proto inet; }
    ct timeout tmo1 { protocol tcp; l3proto ip; policy = { established: 100, close: 10 }; }
    ct expectation exp1 { protocol tcp; dport 2121; timeout 1m; size 12; l3proto ip; }
    synproxy syn1 { mss 1460; wscale 7; timestamp sack-perm; }
    set s4 {
        type ipv4_addr; flags timeout; timeout 1h; gc-interval 30s; size 1024
        elements = { 10.0.0.1 timeout 10m, 10.0.0.2, 10.0.0.3 timeout 2h comment "three" }
    }
    set sint { type ipv4_addr; flags interval; elements = { 10.1.0.0/16, 192.168.0.0/24 } }
    set s6 { type ipv6_addr . inet_service; elements = { 2001:db8::1 . 443 } }
    set dyn { type ipv4_addr; flags dynamic, timeout; size 65535; timeout 1m; }
    set meter1 { type ipv4_addr; flags dynamic; }
    set small { type ipv4_addr; size 2; }
    set cnts { type ipv4_addr; counter; elements = { 10.2.0.1 } }
    map m1 { type ipv4_addr : verdict; elements = { 10.0.0.3 : accept, 10.0.0.4 : drop } }
    map m2 { type inet_service : ipv4_addr; elements = { 80 : 10.0.0.5, 443 : 10.0.0.6 } }
    flowtable ft { hook ingress priority 0; devices = { d0, d4 }; }
    chain input {
        type filter hook input priority 0; policy accept;
        ip saddr @s4 counter drop
        tcp dport 22 ct state new limit rate 10/second accept
        ip daddr vmap @m1
        counter name "cnt1"
        quota name "q1" drop
        limit name "lim2" drop
        meta mark set 0x5 comment "mark it"
        meta mark & 0xff == 0x3 accept
        meta mark set meta mark << 2 | 0x10
        ct mark set meta mark & 0xffff0000 ^ 0x0000f000
        tcp dport != 1000-2000 ip saddr 10.3.0.0/16 accept
        add @dyn { ip saddr timeout 30s }
        update @meter1 { ip saddr limit rate 100/second }
        ip saddr @cnts
        meta mark set numgen inc mod 4
        meta mark set jhash ip saddr . tcp sport mod 8 seed 0x1 offset 2
        meta mark set symhash mod 2
        fib daddr type local accept
        fib saddr . iif oif missing drop
        socket transparent 1 accept
        meta secpath exists ipsec in reqid 1 accept
        tcp option maxseg size 1400 accept
        ip6 nexthdr ipv6-icmp accept
        exthdr hbh exists drop
        rt type 0 drop
        queue num 3-5 bypass,fanout
        ct count over 10 drop
        counter name ip saddr map { 10.0.0.1 : "cnt1" }
        ct expectation set "exp1"
        log prefix "wide " level info flags all
        log group 2 snaplen 64 queue-threshold 10
        reject with icmpx type admin-prohibited
        tcp dport 23 reject with tcp reset
        ip protocol udp reject with icmp type host-unreachable
        meta l4proto tcp meta nftrace set 1
        notrack
        meta pkttype broadcast drop
        ether saddr 02:00:00:00:00:01 drop
        iif "lo" accept
        jump sub
    }
    chain forward1 {
        type filter hook forward priority 10; policy drop;
        # rt mtu only in forward, output and postrouting (nft_rt_validate)
        tcp flags syn tcp option maxseg size set rt mtu
        ip protocol tcp flow add @ft
        ct state established,related accept
        tcp dport 21 ct helper set "ftp1"
        ct timeout set "tmo1"
        tcp flags syn tcp dport 80 synproxy name "syn1"
        tcp dport 443 synproxy mss 1400 wscale 5 timestamp
        osf name "Linux" drop
        osf ttl skip version "Linux:3.0" accept
        meta mark set tcp dport map { 22 : 0x1, 80 : 0x2 }
    }
    chain sub {
        ip saddr 10.9.9.9 return
        goto sub2
    }
    chain sub2 {
        counter
    }
}
table ip nat {
    chain post {
        type nat hook postrouting priority srcnat; policy accept;
        oifname "d0" masquerade random,persistent
        oifname "d4" meta l4proto tcp snat to 10.9.0.1-10.9.0.9:1000-2000
        ip saddr 10.7.0.0/16 snat to ip saddr map { 10.7.0.1 : 10.9.0.10 }
    }
    chain pre {
        type nat hook prerouting priority dstnat; policy accept;
        tcp dport 8080 dnat to 10.1.2.7:80
        tcp dport 8081 redirect to :8000
        tcp dport 8082 dnat to numgen inc mod 2 map { 0 : 10.1.2.7, 1 : 10.1.2.8 }
    }
}
table ip mangle {
    chain pre {
        type filter hook prerouting priority mangle; policy accept;
        meta l4proto tcp tproxy to 127.0.0.1:8080 meta mark set 1 accept
        # ct zone set only in prerouting and output (nft_ct_set_validate)
        ip saddr 10.6.0.0/16 ct zone set 5
        ip daddr 10.9.0.0/16 dup to 10.1.2.9 device "d0"
    }
    chain out {
        type route hook output priority mangle; policy accept;
        meta mark 0x10 counter
    }
}
table ip6 f6 {
    chain in6 {
        type filter hook input priority 0; policy accept;
        ip6 saddr 2001:db8::/64 counter accept
        icmpv6 type { nd-neighbor-solicit, nd-router-advert } accept
        reject with icmpv6 type addr-unreachable
    }
}
table netdev nd {
    chain ing {
        type filter hook ingress device "d4" priority 0; policy accept;
        ip daddr 10.9.0.1 fwd to "d0"
        ip daddr 10.9.0.2 dup to "d0"
        ip daddr 10.9.0.3 fib daddr type local accept
    }
}
table bridge brf {
    chain forward1 {
        type filter hook forward priority -200; policy accept;
        meta ibrname "br0" ether type vlan vlan id 10 counter
    }
    chain pre {
        # bridge reject only in prerouting and input (nft_reject_bridge_validate)
        type filter hook prerouting priority 0; policy accept;
        ip saddr 10.6.0.0/16 reject with icmpx type host-unreachable
    }
}
table arp af {
    chain in {
        type filter hook input priority 0; policy accept;
        arp operation request counter
    }
}
EOF
run nft -f /tmp/wide.nft
# The kernel refuses a secmark object whose context no LSM knows (Debian's stock kernel
# boots without SELinux; it answers ENOENT): one bad object in a batch of several.
cat > /tmp/secmark.nft <<'EOF'
add table inet sec
add chain inet sec c
add counter inet sec ok1
add secmark inet sec sm1 { "system_u:object_r:ssh_server_packet_t:s0" }
add counter inet sec ok2
EOF
fails nft -f /tmp/secmark.nft
# Batches that fail in part (each atomic: nothing of it stays):
# a set of size 2 given three elements (the third: ENFILE),
cat > /tmp/bad1.nft <<'EOF'
add table ip bad1
add chain ip bad1 c { type filter hook input priority 5; }
add rule ip bad1 c counter
add element inet filt small { 10.3.0.1, 10.3.0.2, 10.3.0.3 }
EOF
fails nft -f /tmp/bad1.nft
# an element that exists, with `create` (EEXIST), among good ones,
cat > /tmp/bad2.nft <<'EOF'
add element inet filt s4 { 10.0.0.7 }
create element inet filt s4 { 10.0.0.8, 10.0.0.2 }
add element inet filt s4 { 10.0.0.9 }
EOF
fails nft -f /tmp/bad2.nft
# a table that exists, with `create`, then a chain in it,
cat > /tmp/bad3.nft <<'EOF'
add table ip good3
add chain ip good3 c
create table inet filt
add rule ip good3 c counter
EOF
fails nft -f /tmp/bad3.nft
# a flowtable on a device that does not exist (ENOENT from the kernel),
fails nft add flowtable inet filt ft2 '{ hook ingress priority 0; devices = { nosuchdev0 }; }'
# a chain deleted while rules reference it (EBUSY),
fails nft delete chain inet filt sub2
# and the set that the failed batches would have changed, listed: it must hold none of them.
run nft list set inet filt s4
run nft list set inet filt small
run nft add element inet filt small '{ 10.3.0.1 }'
run nft delete element inet filt s4 '{ 10.0.0.2 }'
run nft add rule inet filt sub2 counter comment '"added later"'
run nft insert rule inet filt sub2 position 0 meta mark 9 drop
run nft reset counters table inet filt
run nft reset quotas table inet filt

phase conntrack and the rest
run conntrack -I -p tcp -s 10.0.0.1 -d 10.0.0.2 --sport 1234 --dport 80 --state ESTABLISHED -t 300 -u ASSURED --mark 7 --zone 3
run conntrack -I -p udp -s 10.0.0.3 -d 10.0.0.4 --sport 5353 --dport 53 -t 60 --mark 0x10
run conntrack -I -p sctp -s 10.0.0.5 -d 10.0.0.6 --sport 100 --dport 200 --state ESTABLISHED -t 30 --orig-vtag 1 --reply-vtag 2
run conntrack -I -p dccp -s 10.0.0.7 -d 10.0.0.8 --sport 100 --dport 200 --state OPEN --role client -t 30
run conntrack -I -p gre -s 10.0.0.9 -d 10.0.0.10 --srckey 5 --dstkey 6 -t 30
# (60 s: the first ESP state loads the crypto modules, slow under TCG)
echo "+ ip xfrm state add ..."; timeout 60 ip xfrm state add src 10.1.2.3 dst 10.1.2.9 proto esp spi 0x100 mode tunnel reqid 5 replay-window 32 if_id 0x20 \
    enc 'cbc(aes)' 0x00112233445566778899aabbccddeeff auth-trunc 'hmac(sha256)' 0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff 128
echo "[rc=$?]"
run ip xfrm policy add src 10.1.0.0/16 dst 10.9.0.0/16 dir out priority 100 if_id 0x20 tmpl src 10.1.2.3 dst 10.1.2.9 proto esp reqid 5 mode tunnel
for d in vti1 xfrm1 t6 vxe; do run ip link set "$d" up; done
run ip route add 10.9.0.0/16 via 10.1.2.254 proto static metric 50
run ip route add 10.10.0.0/16 dev vti1
run ip route add 10.11.0.0/16 dev xfrm1
run ip -6 route add 2001:db8:77::/64 dev t6
run ip route add 10.12.0.0/16 encap ip id 42 dst 10.1.2.9 ttl 8 dev vxe
run ip route add 10.13.0.0/16 dev d1 table 10

# ---------------------------------------------------------------- part B: the tools' dumps
phase dumps
cat /proc/net/psched > "$T/psched.txt"
sleep 0.2
dump ip-link json ip -j -d link show
dump ip-link-stats json ip -j -s -s link show
dump ip-addr json ip -j -d addr show
dump ip-route json ip -j -d route show table all
dump ip-route6 json ip -j -d -6 route show table all
dump bridge-vlan json bridge -j -d vlan show
dump tc-qdisc json tc -j -s -d qdisc show
# iproute2 6.1's tc prints classes as text even with -j.
for d in q1 q2 q3 q4 q5 qm0 qm1 qm2 qm3; do
    dump "tc-class-$d" txt tc -j -s -d class show dev "$d"
done
dump tc-filter-q2 json tc -j -s -d filter show dev q2 parent 1:
dump tc-filter-q25 json tc -j -s -d filter show dev q25 ingress
dump tc-filter-ingress json tc -j -s -d filter show dev q26 ingress
dump tc-filter-egress json tc -j -s -d filter show dev q26 egress
dump tc-filter-egress-5 json tc -j -s -d filter show dev q26 egress chain 5
dump tc-chain-egress json tc -j chain show dev q26 egress
for a in police gact skbedit mirred vlan pedit csum skbmod tunnel_key ct ctinfo connmark nat \
    sample gate mpls simple bpf ife; do
    dump "tc-actions-$a" json tc -j -s actions list action "$a"
done
dump nft-ruleset json nft -j list ruleset
dump conntrack xml conntrack -L -o xml
dump xfrm-state txt ip xfrm state show
dump xfrm-policy txt ip xfrm policy show
dump wg-dump txt wg show all dump
dump macsec txt ip macsec show
dump l2tp-tunnel txt ip l2tp show tunnel
dump l2tp-session txt ip l2tp show session
dump fou txt ip fou show
echo "[dumps done]"

# ---------------------------------------------------------------- teardown
phase teardown
run conntrack -F
run nft flush ruleset
run ip xfrm state flush
run ip xfrm policy flush
run tc actions flush action police
run ip l2tp del session tunnel_id 1 session_id 1
run ip l2tp del tunnel tunnel_id 1
run ip fou del port 5555
run ip fou del port 5556
run ip tuntap del tap0 mode tap
run ip tuntap del tun0 mode tun multi_queue
# every device the scenario made (vxcan1, veth1 go with their peers), in reverse order of making
for d in $(ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | tac); do
    case $d in lo | nlmon0 | teql0 | vxcan1 | veth1) continue ;; esac
    ip link del "$d" 2>/dev/null
done
ip -o link show | awk -F': ' '{print $2}' | tr '\n' ' '
echo "[teardown done]"
phase end
