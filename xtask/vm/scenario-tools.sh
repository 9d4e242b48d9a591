#!/bin/bash
# vm-test scenario for oracle 3 of issue 11: the kernel's own user-space tools.
#
# Part A configures many objects (link kinds, addresses, routes incl. multipath and
# MPLS, rules, neighbours, nexthops, bridge fdb/mdb/vlan, tc qdiscs/classes/filters/
# actions, nftables, conntrack entries, xfrm, wireguard). Part B dumps them with the
# tools people use, in their JSON (or XML / text) form, one tool run at a time, and
# writes each output to /host/out/tools/NAME.EXT. /host/out/tools/manifest.tsv
# holds, per run: NAME, start and end (guest wall clock, $EPOCHREALTIME), exit
# status and the command. The kernel's replies to a run are the messages in the
# capture between its start and end (nothing else runs meanwhile, and no monitor
# is listening), so `cargo xtask vm-test` (and tests/tools_oracle.rs on the copy in
# corpus/) can compare what each tool printed with nlscope's decode of those replies
# (xtask/src/tools_oracle.rs).
#
# Runs under bash as root in the guest's init netns, where nlmon0 is.
run() { echo "+ $*"; timeout 20 "$@"; echo "[rc=$?]"; }

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

# Fixed keys (made once with `wg genkey`/`wg pubkey`/`wg genpsk`), so the capture is
# reproducible apart from times and counters.
WG_PRIV=mPwHW6e4fozZK9e/prvi7uIXCLq5QJ5b2mUoSiaVeEc=
WG_PEER1=HUW8xtHCTNRbxeqPfoAvrF2LHmr7ji1Zxf8lMFo1KjQ=
WG_PEER2=nx9kA2CheCML4kRkvsqAqPc8W4X/xlw/gs/d42rA2UE=
WG_PSK=VATI68tNf20PosLBFL0gL+7zrIq6HO5AOdPp1aTpx6w=

modprobe -a mpls_router mpls_iptunnel nf_conntrack nf_tables xfrm_user esp4 wireguard \
    vxlan ip_gre ipip bonding macvlan vrf ifb geneve sch_htb sch_tbf sch_fq_codel \
    sch_cake sch_red sch_ets sch_ingress cls_flower cls_u32 cls_matchall act_police \
    act_mirred act_vlan act_skbedit act_pedit act_tunnel_key act_ct act_gact \
    nft_ct nft_limit nft_quota nft_counter nft_flow_offload nft_masq nft_chain_nat \
    nf_flow_table_inet nf_conntrack_netlink 2>&1 | head -5

# ---------------------------------------------------------------- part A: objects
# --- links
run ip link add dummy0 type dummy
run ip link set dummy0 address 02:00:00:00:00:01 mtu 1400 txqueuelen 500 up
run ip link add dummy1 type dummy
run ip link add dummy2 address 02:00:00:00:00:02 type dummy
run ip link set dummy2 up
run ip link add veth0 type veth peer name veth1
run ip link set veth1 address 02:00:00:00:00:11 up
run ip link add br0 type bridge vlan_filtering 1 mcast_snooping 1 forward_delay 400 hello_time 300 ageing_time 20000
run ip link set veth0 master br0 up
run ip link set dummy1 master br0 up
run ip link set br0 up
run ip link add link dummy0 name dummy0.10 type vlan id 10
run ip link add link dummy0 name dummy0.20 type vlan protocol 802.1ad id 20 egress-qos-map 1:2 3:4
run ip link add link dummy0 name mv0 type macvlan mode bridge
run ip link add vx0 type vxlan id 42 dstport 4789 local 10.1.2.3 remote 10.1.2.9 ttl 10 dev dummy0
run ip link add gre1 type gre remote 10.1.2.9 local 10.1.2.3 ttl 64 key 5
run ip link add ipip1 type ipip remote 10.1.2.10 local 10.1.2.3 ttl 32
run ip link add gnv0 type geneve id 7 remote 10.1.2.11
run ip link add bond0 type bond mode active-backup miimon 100
run ip link add dummy3 type dummy
run ip link set dummy3 master bond0
run ip link set bond0 up
run ip link add vrf0 type vrf table 10
run ip link set vrf0 up
run ip link add ifb0 type ifb
run ip link add wg0 type wireguard
printf '%s\n' "$WG_PRIV" > /tmp/wg.key
printf '%s\n' "$WG_PSK" > /tmp/wg.psk
run wg set wg0 private-key /tmp/wg.key listen-port 51820 fwmark 0x10 \
    peer "$WG_PEER1" preshared-key /tmp/wg.psk allowed-ips 10.8.0.0/24,fd00:8::/64 endpoint 10.1.2.9:51820 persistent-keepalive 25 \
    peer "$WG_PEER2" allowed-ips 10.8.1.0/24 endpoint [2001:db8::9]:51821
run ip link set wg0 up
# --- addresses
run ip addr add 10.1.2.3/24 brd + dev dummy0
run ip addr add 10.1.2.4/24 dev dummy0 label dummy0:1
run ip addr add 10.1.3.1/24 dev dummy0 valid_lft 3600 preferred_lft 1800
run ip -6 addr add 2001:db8::1/64 dev dummy0 nodad
run ip -6 addr add 2001:db8:1::1/64 dev dummy0 nodad valid_lft 7200 preferred_lft 3600
run ip addr add 10.20.0.1/30 peer 10.20.0.2/30 dev dummy2
run ip addr add 10.8.0.1/24 dev wg0
run ip addr add 172.16.0.1/16 dev br0
# --- nexthops
run ip nexthop add id 1 via 10.1.2.254 dev dummy0
run ip nexthop add id 2 via 10.1.2.253 dev dummy0
run ip nexthop add id 3 blackhole
run ip nexthop add id 4 via 2001:db8::2 dev dummy0
run ip nexthop add id 10 group 1,2/2,1
run ip nexthop add id 11 group 1/2 type resilient buckets 8 idle_timer 60
# --- routes
run ip route add 10.9.0.0/16 via 10.1.2.254 proto static metric 50
run ip route add 10.10.0.0/16 nexthop via 10.1.2.5 weight 2 nexthop via 10.1.2.6 weight 1
run ip route add 10.11.0.0/16 via 10.1.2.254 mtu 1300 advmss 1200 initcwnd 10
run ip route add 10.13.0.0/16 nhid 10
run ip route add blackhole 10.14.0.0/16
run ip route add unreachable 10.15.0.0/16 metric 7
run ip route add prohibit 10.16.0.0/16
run ip route add 10.17.0.0/16 via 10.1.2.254 table 100 realm 5
run ip route add 10.18.0.0/16 dev dummy0 scope link proto 42 src 10.1.2.3
run ip -6 route add 2001:db8:5::/64 nexthop via 2001:db8::2 dev dummy0 nexthop via 2001:db8::3 dev dummy0
run ip -6 route add 2001:db8:7::/64 via 2001:db8::2 dev dummy0 metric 256 pref high
run ip -6 route add 2001:db8:8::/64 nhid 4
run ip route add 10.19.0.0/16 dev vrf0 table 10
sysctl -qw net.mpls.platform_labels=1000
sysctl -qw net.mpls.conf.dummy0.input=1
run ip -f mpls route add 100 as 200 via inet 10.1.2.254 dev dummy0
run ip -f mpls route add 101 via inet 10.1.2.253 dev dummy0
run ip route add 10.12.0.0/16 encap mpls 300/301 via 10.1.2.254 dev dummy0
# --- rules
run ip rule add from 10.1.2.0/24 table 100 priority 1000
run ip rule add fwmark 0x5/0xff table 101 priority 1001
run ip rule add to 10.30.0.0/16 iif dummy0 table 102 priority 1002
run ip rule add table main suppress_prefixlength 0 priority 1003
run ip rule add from all oif dummy2 lookup 103 priority 1004 tos 0x10
run ip rule add priority 1005 ipproto tcp dport 80-90 table 104
run ip -6 rule add from 2001:db8::/64 table 105 priority 2000
# --- neighbours
run ip neigh add 10.1.2.7 lladdr 02:00:00:00:00:07 dev dummy0 nud permanent
run ip neigh add 10.1.2.8 lladdr 02:00:00:00:00:08 dev dummy0 nud stale
run ip neigh add 10.1.2.12 lladdr 02:00:00:00:00:0c dev dummy0 nud reachable
run ip neigh add 10.1.2.10 dev dummy0 nud noarp
run ip -6 neigh add 2001:db8::7 lladdr 02:00:00:00:00:17 dev dummy0 nud permanent router
run ip neigh add proxy 10.1.2.99 dev dummy0
# --- bridge
run bridge vlan add dev veth0 vid 10 pvid untagged
run bridge vlan add dev veth0 vid 100-105
run bridge vlan add dev dummy1 vid 20
run bridge vlan add dev br0 vid 10 self
run bridge fdb add 02:00:00:00:01:01 dev veth0 master static vlan 10
run bridge fdb add 02:00:00:00:01:02 dev dummy1 master static vlan 20
run bridge fdb add 02:00:00:00:01:03 dev dummy1 self permanent
run bridge mdb add dev br0 port veth0 grp 239.1.1.1 permanent vid 10
run bridge mdb add dev br0 port dummy1 grp ff0e::5 temp vid 20
# --- tc: qdiscs and classes
run tc qdisc add dev dummy0 root handle 1: htb default 20 r2q 5
run tc class add dev dummy0 parent 1: classid 1:1 htb rate 100mbit ceil 100mbit burst 15k cburst 15k
run tc class add dev dummy0 parent 1:1 classid 1:10 htb rate 10mbit ceil 50mbit prio 1 quantum 3000
run tc class add dev dummy0 parent 1:1 classid 1:20 htb rate 5mbit ceil 20mbit prio 2
run tc class add dev dummy0 parent 1:1 classid 1:30 htb rate 1mbit ceil 2mbit
run tc qdisc add dev dummy0 parent 1:10 handle 10: fq_codel limit 1000 flows 512 target 4ms interval 90ms quantum 1400 ecn
run tc qdisc add dev dummy0 parent 1:20 handle 20: tbf rate 1mbit burst 32k latency 50ms peakrate 2mbit mtu 1600
run tc qdisc add dev dummy0 parent 1:30 handle 30: red limit 400000 min 30000 max 90000 avpkt 1000 burst 55 bandwidth 10mbit probability 0.02 ecn
run tc qdisc add dev dummy2 root handle 1: cake bandwidth 50mbit besteffort rtt 50ms
run tc qdisc add dev veth1 root handle 2: ets bands 4 strict 1 quanta 3000 2000 1500
run tc qdisc add dev dummy0 clsact
# --- tc: filters with actions
run tc filter add dev dummy0 parent 1: protocol ip prio 5 u32 match ip dst 10.9.0.0/16 match ip dport 80 0xffff flowid 1:10
run tc filter add dev dummy0 ingress protocol ip pref 10 handle 0x1 flower dst_ip 10.1.2.0/24 ip_proto tcp dst_port 80 \
    action police rate 1mbit burst 10k conform-exceed drop/pipe \
    action mirred egress redirect dev dummy1
run tc filter add dev dummy0 ingress protocol 802.1Q pref 20 flower vlan_id 100 vlan_prio 3 \
    action vlan pop
run tc filter add dev dummy0 ingress protocol ip pref 30 flower src_mac 02:00:00:00:00:aa ip_proto udp src_port 53 \
    action skbedit mark 5 priority 1:2 \
    action pedit ex munge ip ttl set 10 pipe \
    action gact ok
run tc filter add dev dummy0 egress protocol ip pref 40 flower ip_proto udp dst_port 4789 \
    action tunnel_key set src_ip 10.1.2.3 dst_ip 10.1.2.9 id 42 dst_port 4789 ttl 20 \
    action mirred egress redirect dev vx0
run tc filter add dev dummy0 egress protocol ip pref 50 flower ip_proto tcp action ct zone 5 commit mark 7
run tc filter add dev dummy0 egress protocol all pref 60 matchall action vlan push id 100 protocol 802.1ad priority 4
run tc actions add action police rate 2mbit burst 20k mtu 2k index 100
run tc actions add action gact drop index 7
run tc actions add action skbedit mark 7 queue_mapping 2 index 8
# --- nftables
cat > /tmp/ruleset.nft <<'EOF'
table inet filt {
    counter cnt1 { packets 10 bytes 1000 }
    quota q1 { over 1000 mbytes used 100 kbytes }
    limit lim1 { rate 400/minute burst 5 packets }
    ct helper ftp1 { type "ftp" protocol tcp; l3proto inet; }
    set s4 {
        type ipv4_addr; flags timeout; timeout 1h; gc-interval 30s; size 1024
        elements = { 10.0.0.1 timeout 10m, 10.0.0.2, 10.0.0.3 timeout 2h comment "three" }
    }
    set sint { type ipv4_addr; flags interval; elements = { 10.1.0.0/16, 192.168.0.0/24 } }
    set s6 { type ipv6_addr . inet_service; elements = { 2001:db8::1 . 443 } }
    map m1 { type ipv4_addr : verdict; elements = { 10.0.0.3 : accept, 10.0.0.4 : drop } }
    map m2 { type inet_service : ipv4_addr; elements = { 80 : 10.0.0.5, 443 : 10.0.0.6 } }
    flowtable ft { hook ingress priority 0; devices = { dummy0, dummy2 }; }
    chain input {
        type filter hook input priority 0; policy accept;
        ip saddr @s4 counter drop
        tcp dport 22 ct state new limit rate 10/second accept
        ip daddr vmap @m1
        counter name "cnt1"
        quota name "q1" drop
        meta mark set 0x5 comment "mark it"
    }
    chain forward1 {
        type filter hook forward priority 10; policy drop;
        ip protocol tcp flow add @ft
        ct state established,related accept
    }
    chain sub {
        ip saddr 10.9.9.9 return
    }
}
table ip nat {
    chain post {
        type nat hook postrouting priority srcnat; policy accept;
        oifname "dummy0" masquerade
    }
    chain pre {
        type nat hook prerouting priority dstnat; policy accept;
        tcp dport 8080 dnat to 10.1.2.7:80
    }
}
table bridge brf {
    chain forward1 {
        type filter hook forward priority -200; policy accept;
    }
}
EOF
run nft -f /tmp/ruleset.nft
# --- conntrack
run conntrack -I -p tcp -s 10.0.0.1 -d 10.0.0.2 --sport 1234 --dport 80 --state ESTABLISHED -t 300 -u ASSURED --mark 7 --zone 3
run conntrack -I -p udp -s 10.0.0.3 -d 10.0.0.4 --sport 5353 --dport 53 -t 60 --mark 0x10
run conntrack -I -p icmp -s 10.0.0.5 -d 10.0.0.6 --icmp-type 8 --icmp-code 0 --icmp-id 55 -t 30
run conntrack -I -p tcp -s 2001:db8::1 -d 2001:db8::2 --sport 4000 --dport 443 --state SYN_SENT -t 120
# --- xfrm
run ip xfrm state add src 10.1.2.3 dst 10.1.2.9 proto esp spi 0x100 mode tunnel reqid 5 replay-window 32 \
    enc 'cbc(aes)' 0x00112233445566778899aabbccddeeff auth-trunc 'hmac(sha256)' 0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff 128
run ip xfrm state add src 2001:db8::1 dst 2001:db8::9 proto esp spi 0x200 mode transport reqid 6 \
    aead 'rfc4106(gcm(aes))' 0x00112233445566778899aabbccddeeff00112233 128
run ip xfrm policy add src 10.1.0.0/16 dst 10.9.0.0/16 dir out priority 100 tmpl src 10.1.2.3 dst 10.1.2.9 proto esp reqid 5 mode tunnel
run ip xfrm policy add src 2001:db8::/64 dst 2001:db8:9::/64 proto tcp dport 443 dir in priority 200 action block

# --- mptcp endpoints and limits
run ip mptcp endpoint add 10.1.2.3 dev dummy0 id 5 signal
run ip mptcp endpoint add 10.1.2.4 id 6 subflow backup
run ip mptcp endpoint add 2001:db8::1 id 7 signal port 8080
run ip mptcp limits set subflow 2 add_addr_accepted 3

# ---------------------------------------------------------------- part B: the tools' dumps
# tc converts the kernel's psched ticks with these (tools_oracle.rs: TICKS_PER_US).
cat /proc/net/psched > "$T/psched.txt"
sleep 0.2
dump ip-link json ip -j -d link show
dump ip-link-stats json ip -j -s -s link show
dump ip-addr json ip -j -d addr show
dump ip-route json ip -j -d route show table all
dump ip-route6 json ip -j -d -6 route show table all
dump ip-route-mpls json ip -j -d -f mpls route show
dump ip-rule json ip -j -d rule show
dump ip-rule6 json ip -j -d -6 rule show
dump ip-neigh json ip -j -d neigh show nud all
dump ip-neigh-proxy json ip -j -d neigh show proxy
dump ip-nexthop json ip -j -d nexthop show
dump ip-netconf json ip -j netconf show
dump ip-netconf6 json ip -j -6 netconf show
dump bridge-fdb json bridge -j -d fdb show
dump bridge-mdb json bridge -j -d mdb show
dump bridge-vlan json bridge -j -d vlan show
dump tc-qdisc json tc -j -s -d qdisc show
# iproute2 6.1's tc prints classes as text even with -j (tc_class.c has no JSON).
dump tc-class txt tc -j -s -d class show dev dummy0
dump tc-filter-1 json tc -j -s -d filter show dev dummy0 parent 1:
dump tc-filter-ingress json tc -j -s -d filter show dev dummy0 ingress
dump tc-filter-egress json tc -j -s -d filter show dev dummy0 egress
dump tc-actions-police json tc -j -s actions list action police
dump tc-actions-gact json tc -j -s actions list action gact
dump tc-actions-skbedit json tc -j -s actions list action skbedit
dump nft-ruleset json nft -j list ruleset
dump conntrack xml conntrack -L -o xml
dump conntrack6 xml conntrack -L -f ipv6 -o xml
dump conntrack-stats txt conntrack -S
dump conntrack-count txt conntrack -C
dump mptcp-endpoint json ip -j mptcp endpoint show
# iproute2 6.1 prints the limits as text even with -j.
dump mptcp-limits txt ip -j mptcp limits show
dump ethtool-k-dummy0 json ethtool --json -k dummy0
dump ethtool-k-veth0 json ethtool --json -k veth0
dump devlink-dev json devlink -j dev show
dump wg-dump txt wg show all dump
dump xfrm-state txt ip xfrm state show
dump xfrm-policy txt ip xfrm policy show
echo "[dumps done]"

# --- teardown (so the replay of this capture ends where it started)
run conntrack -F
run ip mptcp endpoint flush
run nft flush ruleset
run ip xfrm state flush
run ip xfrm policy flush
for r in 1000 1001 1002 1003 1004 1005; do ip rule del priority $r; done
ip -6 rule del priority 2000
ip -f mpls route del 100
ip -f mpls route del 101
for d in wg0 ifb0 vrf0 bond0 dummy3 gnv0 ipip1 gre1 vx0 mv0 dummy0.20 dummy0.10 br0 veth0 dummy2 dummy1 dummy0; do
    ip link del "$d" 2>/dev/null
done
ip nexthop flush
echo "[teardown done]"
