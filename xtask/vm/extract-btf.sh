#!/usr/bin/env bash
# Extract a kernel package's BTF without booting it: vmlinux's from the compressed
# image (/boot/vmlinuz-*: its .BTF section) and every module's (.ko: split BTF),
# into OUT_DIR laid out like /sys/kernel/btf. Then check nlscope's struct tables
# against that kernel:
#
#   xtask/vm/extract-btf.sh target/vm/kpkg /tmp/btf-6.1
#   NLSCOPE_BTF=/tmp/btf-6.1/vmlinux cargo test --test btf_oracle
#
# KPKG_DIR is an unpacked kernel package (`cargo xtask vm-test` leaves one in
# $NLSCOPE_VM_DIR/kpkg; or `apt-get download linux-image-…` and `dpkg-deb -x`).
# Needs python3 (xz/gzip/zstd-less images only: xz and gzip are handled) and
# objcopy (binutils).
set -euo pipefail
kpkg=${1:?usage: extract-btf.sh KPKG_DIR OUT_DIR}
out=${2:?usage: extract-btf.sh KPKG_DIR OUT_DIR}
image=$(ls "$kpkg"/boot/vmlinuz-* | head -n1)
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The image is a small decompressor followed by the compressed vmlinux ELF.
python3 - "$image" "$tmp/vmlinux.elf" <<'EOF'
import gzip, lzma, sys, zlib
data = open(sys.argv[1], "rb").read()
for magic, unpack in (
    (b"\xfd7zXZ\x00", lambda b: lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(b)),
    (b"\x1f\x8b\x08", lambda b: zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(b)),
):
    at = data.find(magic)
    while at >= 0:
        try:
            elf = unpack(data[at:])
        except Exception:
            elf = b""
        if elf[:4] == b"\x7fELF":
            open(sys.argv[2], "wb").write(elf)
            sys.exit(0)
        at = data.find(magic, at + 1)
sys.exit("no xz or gzip compressed vmlinux in " + sys.argv[1])
EOF
objcopy --dump-section .BTF="$out/vmlinux" "$tmp/vmlinux.elf" "$tmp/discard"

n=0
while IFS= read -r ko; do
    name=$(basename "$ko" .ko)
    case "$ko" in
        *.ko) objcopy --dump-section .BTF="$out/$name" "$ko" "$tmp/discard" 2>/dev/null && n=$((n + 1)) || true ;;
        *.ko.xz) xz -dc "$ko" > "$tmp/m.ko" && objcopy --dump-section .BTF="$out/${name%.ko}" "$tmp/m.ko" "$tmp/discard" 2>/dev/null && n=$((n + 1)) || true ;;
    esac
done < <(find "$kpkg"/lib/modules -name '*.ko' -o -name '*.ko.xz')
echo "extract-btf: $out/vmlinux ($(stat -c %s "$out/vmlinux") bytes) and $n modules"
