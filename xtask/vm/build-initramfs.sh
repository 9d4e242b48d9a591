#!/bin/bash
# Usage: build-initramfs.sh KROOT KVER GUEST_INIT OUT
# Builds the vm-test initramfs (gzip'd newc cpio) from the host's binaries:
# busybox-static for the basics, the real bash/kmod/iproute2/tcpdump/ethtool/nft/conntrack/wg
# (with the shared libraries ldd lists), the modules needed to mount 9p
# (resolved against the unpacked kernel KROOT/lib/modules/KVER), and
# GUEST_INIT as /init. Every other module comes over 9p at boot.
# nlscope is not in here: the xtask ships it per run over 9p.
set -euo pipefail
KROOT=$1 KVER=$2 INIT=$3 OUT=$4
STAGE=$OUT.root
# Real binaries win over busybox applets of the same name (busybox's
# timeout/env would run busybox's own ip/tc: FEATURE_PREFER_APPLETS).
# nft, conntrack and wg: the tools of scenario-tools.sh (oracle 3, docs/vm-test.md).
BINS="bash kmod ip ss tc bridge genl devlink tcpdump ethtool timeout env setsid stdbuf nft conntrack wg"
rm -rf "$STAGE"
mkdir -p "$STAGE"/usr/{bin,lib,lib64} "$STAGE"/{etc,proc,sys,dev,run,tmp,host,root,bootstrap}
ln -s usr/bin "$STAGE/bin"; ln -s usr/bin "$STAGE/sbin"; ln -s bin "$STAGE/usr/sbin"
ln -s usr/lib "$STAGE/lib"; ln -s usr/lib64 "$STAGE/lib64"
mkdir -p "$STAGE/var" "$STAGE/lib/modules"; ln -s ../run "$STAGE/var/run"
copy_with_libs() {
    cp -L "$1" "$STAGE$2"
    ldd "$1" 2>/dev/null | awk '/=>/ {print $3} /^[ \t]*\/[^ ]+ \(/ {print $1}' | while read -r lib; do
        [ -n "$lib" ] && [ -e "$lib" ] && [ ! -e "$STAGE$lib" ] || continue
        mkdir -p "$STAGE$(dirname "$lib")"
        cp -L "$lib" "$STAGE$lib"
    done
}
for b in $BINS; do
    p=$(PATH=/usr/sbin:/usr/bin:/sbin:/bin command -v "$b") || { echo "missing host binary: $b" >&2; exit 1; }
    copy_with_libs "$p" "/usr/bin/$b"
done
for a in modprobe insmod rmmod lsmod depmod; do ln -s kmod "$STAGE/usr/bin/$a"; done
ln -s bash "$STAGE/usr/bin/sh"
mkdir -p "$STAGE/usr/libexec/coreutils"
cp /usr/libexec/coreutils/libstdbuf.so "$STAGE/usr/libexec/coreutils/"
cp /bin/busybox "$STAGE/usr/bin/busybox"
for a in $("$STAGE/usr/bin/busybox" --list); do
    [ -e "$STAGE/usr/bin/$a" ] || ln -s busybox "$STAGE/usr/bin/$a"
done
for d in /etc/iproute2 /usr/share/iproute2 /usr/lib/tc /usr/lib/x86_64-linux-gnu/tc; do
    [ -d "$d" ] && { mkdir -p "$STAGE$(dirname "$d")"; cp -a "$d" "$STAGE$d"; }
done
printf 'root:x:0:0:root:/root:/bin/sh\ntcpdump:x:100:100::/nonexistent:/bin/false\n' > "$STAGE/etc/passwd"
printf 'root:x:0:\ntcpdump:x:100:\n' > "$STAGE/etc/group"
for f in /etc/protocols /etc/services; do [ -f "$f" ] && cp "$f" "$STAGE$f"; done
printf '127.0.0.1 localhost\n' > "$STAGE/etc/hosts"
: > "$STAGE/bootstrap/load"
modprobe -C /dev/null -d "$KROOT" -S "$KVER" -a --show-depends virtio_pci 9pnet_virtio 9p |
while read -r verb path _; do
    [ "$verb" = insmod ] || continue
    m=$(basename "$path")
    grep -qxF "$m" "$STAGE/bootstrap/load" && continue
    cp "$path" "$STAGE/bootstrap/$m"
    echo "$m" >> "$STAGE/bootstrap/load"
done
install -m 0755 "$INIT" "$STAGE/init"
(cd "$STAGE" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --quiet) | gzip -1 > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
rm -rf "$STAGE"
