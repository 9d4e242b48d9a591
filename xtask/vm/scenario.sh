#!/bin/bash
# Default vm-test scenario: a short tour of the three busiest families.
# NETLINK_ROUTE (dumps, link/addr/route/neigh changes, errors with extack,
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
run ip link del veth0
run ip link del dummy0
sleep 0.3
kill $MON $EMON
echo "==== ip monitor all"; cat /tmp/monitor.txt
echo "==== ethtool --monitor"; cat /tmp/ethmon.txt
