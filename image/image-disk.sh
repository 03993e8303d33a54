#!/bin/bash
# image-disk.sh ROOT BUILDDIR DATA_MIB SERIAL — the disk image from the tree
# (called by build-image.sh), without loop devices or mounts:
#
#   GPT  1  ESP         vfat  128 MiB  systemd-boot, the kernel, the initrd
#        2  kiosk-root  ext4  sized to fit, mounted read-only as /
#        3  kiosk-data  ext4  DATA_MIB, mounted read-write as /var; grown to the
#                             end of the disk at first boot
#
# Writes BUILDDIR/disk.img (+ disk.img.bmap with bmaptool), vmlinuz, initrd.img.
set -euo pipefail
root="$1"
out="$2"
data_mib="$3"
serial="$4"
esp_mib=128

kver="$(ls "$root/lib/modules" | sort -V | tail -1)"
[ -n "$kver" ] && [ -f "$root/boot/vmlinuz-$kver" ] && [ -f "$root/boot/initrd.img-$kver" ] ||
  { echo "image-disk: no kernel or initrd in the tree" >&2; exit 1; }
cp "$root/boot/vmlinuz-$kver" "$out/vmlinuz"
cp "$root/boot/initrd.img-$kver" "$out/initrd.img"
boot_efi="$root/usr/lib/systemd/boot/efi/systemd-bootx64.efi"
[ -f "$boot_efi" ] || { echo "image-disk: no systemd-bootx64.efi (systemd-boot-efi)" >&2; exit 1; }

# The kernel command line: read-only root by label, quiet, no cursor, no SysRq.
cmdline="root=LABEL=kiosk-root ro rootfstype=ext4 panic=10 sysrq_always_enabled=0 vt.global_cursor_default=0"
if [ "$serial" = 1 ]; then
  cmdline="$cmdline console=tty1 console=ttyS0,115200"
else
  cmdline="$cmdline quiet loglevel=3 systemd.show_status=false rd.udev.log_level=3"
fi
echo "$cmdline" >"$out/cmdline"

# 1. ESP
esp="$out/esp.part"
rm -f "$esp"
truncate -s "${esp_mib}M" "$esp"
mkfs.vfat -F 32 -n KIOSK-ESP "$esp" >/dev/null
cat >"$out/loader.conf" <<LOADER
default kiosk.conf
timeout 0
editor no
auto-entries no
auto-firmware no
console-mode keep
LOADER
cat >"$out/kiosk.conf" <<ENTRY
title   Jilin social security card kiosk
linux   /vmlinuz
initrd  /initrd.img
options $cmdline
ENTRY
export MTOOLS_SKIP_CHECK=1
mmd -i "$esp" ::/EFI ::/EFI/BOOT ::/loader ::/loader/entries
mcopy -i "$esp" "$boot_efi" ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$esp" "$out/loader.conf" ::/loader/loader.conf
mcopy -i "$esp" "$out/kiosk.conf" ::/loader/entries/kiosk.conf
mcopy -i "$esp" "$out/vmlinuz" ::/vmlinuz
mcopy -i "$esp" "$out/initrd.img" ::/initrd.img
rm -f "$out/loader.conf" "$out/kiosk.conf"

# 2. root (without /var) and 3. data (/var)
rm -rf "$out/var"
mv "$root/var" "$out/var"
mkdir -m 0755 "$root/var"
root_mib=$(($(du -sm --apparent-size "$root" | cut -f1) * 115 / 100 + 96))
rootp="$out/root.part"
rm -f "$rootp"
mkfs.ext4 -q -F -L kiosk-root -O ^orphan_file -E root_owner=0:0 -m 0 -d "$root" "$rootp" "${root_mib}M"
var_need=$(($(du -sm --apparent-size "$out/var" | cut -f1) * 130 / 100 + 64))
[ "$data_mib" -ge "$var_need" ] || data_mib="$var_need"
datap="$out/data.part"
rm -f "$datap"
mkfs.ext4 -q -F -L kiosk-data -O ^orphan_file -E root_owner=0:0 -m 1 -d "$out/var" "$datap" "${data_mib}M"
mv "$out/var" "$root/var.tree" && rmdir "$root/var" && mv "$root/var.tree" "$root/var"

# The disk: 1 MiB for the GPT, the three partitions, 1 MiB for the backup GPT.
disk="$out/disk.img"
rm -f "$disk" "$disk.bmap"
total=$((1 + esp_mib + root_mib + data_mib + 1))
truncate -s "${total}M" "$disk"
sfdisk --quiet "$disk" <<GPT
label: gpt
start=1MiB, size=${esp_mib}MiB, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name="ESP"
size=${root_mib}MiB, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, name="kiosk-root"
size=${data_mib}MiB, type=4D21B016-B534-45C2-A9FB-5C16E091FD2D, name="kiosk-data"
GPT
dd if="$esp" of="$disk" bs=1M seek=1 conv=notrunc,sparse status=none
dd if="$rootp" of="$disk" bs=1M seek=$((1 + esp_mib)) conv=notrunc,sparse status=none
dd if="$datap" of="$disk" bs=1M seek=$((1 + esp_mib + root_mib)) conv=notrunc,sparse status=none
rm -f "$esp" "$rootp" "$datap"
if command -v bmaptool >/dev/null; then
  bmaptool create -o "$disk.bmap" "$disk"
fi
echo "image-disk: $disk: ESP ${esp_mib} MiB, root ${root_mib} MiB, data ${data_mib} MiB (kernel $kver)"
