#!/bin/bash
# Default vm-test scenario: a short tour of the three busiest families.
# NETLINK_ROUTE (dumps, link/addr/route/neigh changes, bridge fdb/vlan and
# multipath requests the kernel rewrites in place, errors with extack,
# notifications to `ip monitor`), NETLINK_GENERIC (nlctrl, ethtool, its
# notifications to `ethtool --monitor`), NETLINK_SOCK_DIAG (ss).
# Runs under bash as root in the guest's init netns, where nlmon0 is.
# Traffic in other network namespaces is not seen by nlmon0.
run() { echo "+ $*"; timeout 30 "$@"; echo "[rc=$?]"; }

ip monitor all > /tmp/monitor.txt 2>&1 &
MON=$!
stdbuf -oL ethtool --monitor > /tmp/ethmon.txt 2>&1 &
EMON=$!
sleep 0.3

# --- rtnetlink
run ip link show
run ip -d addr show
run ip route show table all
run ip link add dummy0 type dummy
run ip link set dummy0 address 02:00:00:00:00:01 mtu 1400 up
run ip link add veth0 type veth peer name veth1
run ip link add br0 type bridge
run ip link set veth0 master br0
run ip link add link dummy0 name dummy0.10 type vlan id 10
run ip addr add 10.1.2.3/24 dev dummy0
run ip -6 addr add 2001:db8::1/64 dev dummy0 nodad
run ip route add 10.9.0.0/16 via 10.1.2.254
run ip neigh add 10.1.2.7 lladdr 02:00:00:00:00:07 dev dummy0
run ip rule add from 10.1.2.0/24 table 100 priority 1000
run ip route get 10.9.1.1
run tc qdisc add dev dummy0 root handle 1: prio
run tc -s qdisc show dev dummy0
run bridge link show
# --- requests the kernel rewrites in place after handling them (issue 11): the
# tap shares the request's skb data, so a reader that copies it late sees the
# rewritten bytes; libpcap's ring (tcpdump, nlscope --features libpcap) copies
# it when nlmon taps it. In Linux 6.1:
#  * rtnl_fdb_add / rtnl_fdb_del (net/core/rtnetlink.c) clear NTF_MASTER and
#    NTF_SELF in the request's ndmsg once the bridge / the device handled it;
#  * rtnl_bridge_setlink and rtnl_bridge_dellink (bridge vlan add/del) write
#    IFLA_BRIDGE_FLAGS back with BRIDGE_FLAGS_SELF and _MASTER cleared;
#  * ip6_route_multipath_add (net/ipv6/route.c) clears NLM_F_EXCL|NLM_F_REPLACE
#    and sets NLM_F_CREATE in the request's header after the first nexthop.
run ip link add dummy1 type dummy
run ip link set dummy1 master br0 up
run ip link set br0 up
run bridge fdb add 02:00:00:00:01:01 dev dummy1 self
run bridge fdb add 02:00:00:00:01:02 dev dummy1 self permanent
run bridge fdb add 02:00:00:00:01:03 dev veth0 self
run bridge fdb add 02:00:00:00:01:04 dev br0 self
run bridge fdb add 02:00:00:00:02:01 dev veth0 master static
run bridge fdb add 02:00:00:00:02:02 dev dummy1 master static
run bridge fdb show dev dummy1
run bridge fdb del 02:00:00:00:01:01 dev dummy1 self
run bridge fdb del 02:00:00:00:02:01 dev veth0 master
run bridge vlan add dev br0 vid 20 self
run bridge vlan del dev br0 vid 20 self
run bridge vlan add dev dummy1 vid 30 master
run bridge vlan del dev dummy1 vid 30 master
run ip -6 route add 2001:db8:5::/64 nexthop via 2001:db8::2 dev dummy0 nexthop via 2001:db8::3 dev dummy0
run ip -6 route add 2001:db8:6::/64 nexthop via 2001:db8::4 dev dummy0 nexthop via 2001:db8::5 dev dummy0 nexthop via 2001:db8::6 dev dummy0
# The same under load: another writer and dumper of rtnetlink runs meanwhile.
(
    for i in $(seq 1 30); do
        ip link set dummy0 mtu $((1300 + i))
        ip -br addr show dev dummy0 > /dev/null
        ip route get 10.9.1.$i > /dev/null
    done
) &
LOAD=$!
for i in $(seq 10 39); do
    bridge fdb add "02:00:00:00:03:$i" dev dummy1 self
    bridge fdb add "02:00:00:00:04:$i" dev veth0 master static
done
for i in $(seq 10 19); do bridge fdb del "02:00:00:00:03:$i" dev dummy1 self; done
wait $LOAD
echo "[load loop done]"
run bridge fdb show br br0

# deliberate errors (NLMSG_ERROR, some with extended ACK)
run ip link add link dummy0 name bad0 type vlan id 4095
run ip route add 10.5.0.0/16 via 192.0.2.1
run ip link set dev nosuchdev up

# --- generic netlink
run genl ctrl list
run ethtool dummy0
run ethtool -k dummy0
run ethtool -K dummy0 tx-checksum-ip-generic off
run ethtool -g dummy0
run devlink dev show

# --- sock_diag
run ss -a
run ss -tuanpie

# --- teardown
run ip rule del from 10.1.2.0/24 table 100
run ip link del dummy0.10
run ip link del br0
run ip link del dummy1
run ip link del veth0
run ip link del dummy0
sleep 0.3
kill $MON $EMON
echo "==== ip monitor all"; cat /tmp/monitor.txt
echo "==== ethtool --monitor"; cat /tmp/ethmon.txt
