#!/bin/bash
# test-image-boot.sh SOURCE_DIR BUILD_DIR — suite 'image': builds the appliance
# image with the simulator configuration (data/kiosk.conf, plus an [appliance]
# group naming a center for the firewall) and boots it under qemu — software
# emulation, UEFI firmware, the disk image as built, serial console — then
# waits for the verdict the image's own check (overlay/usr/local/sbin/
# kiosk-boot-test) prints on the serial console before it powers off.
#
# Slow (the first run debootstraps and installs packages: ~10 min; then about
# 5 min), so it runs only with KIOSK_IMAGE_TEST=1; otherwise it is skipped (77).
#   KIOSK_IMAGE_TEST=1 meson test -C BUILD --suite image --print-errorlogs
# KIOSK_IMAGE_BUILDDIR: where the image and its caches are (default BUILD_DIR/image).
# KIOSK_IMAGE_BOOT_LIMIT: seconds the boot may take, power-off included (default 900).
set -euo pipefail
src="$(realpath "$1")"
build="$(realpath "$2")"

if [ "${KIOSK_IMAGE_TEST:-0}" != 1 ]; then
  echo "test-image-boot: skipped (set KIOSK_IMAGE_TEST=1 to build and boot the image)"
  exit 77
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "test-image-boot: skipped (building the image needs root)"
  exit 77
fi

need=(debootstrap qemu-system-x86 qemu-utils ovmf mtools dosfstools fdisk e2fsprogs bmap-tools file)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "test-image-boot: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q \
    --no-install-recommends "${missing[@]}" >/dev/null
fi

imgdir="${KIOSK_IMAGE_BUILDDIR:-$build/image}"
work="$build/tests/image/boot"
rm -rf "$work"
mkdir -p "$imgdir" "$work"

# One configuration file decides: the simulator one, with the firewall's center.
conf="$work/kiosk.conf"
cp "$src/data/kiosk.conf" "$conf"
printf '\n[appliance]\n# The boot test: the firewall lets the kiosk reach only this.\ncenter=10.0.2.2:8443\n' >>"$conf"

start=$SECONDS
"$src/image/build-image.sh" --config "$conf" --builddir "$imgdir" --serial-console \
  --overlay "$src/tests/image/overlay"
echo "test-image-boot: image built in $((SECONDS - start)) s"
disk="$imgdir/disk.img"
[ -f "$disk" ] || { echo "test-image-boot: no $disk" >&2; exit 1; }

# Boot a copy-on-write overlay, 512 MiB larger: first boot grows the data
# partition into it. A USB keyboard and a USB memory stick for USBGuard.
size=$(stat -c %s "$disk")
qemu-img create -q -f qcow2 -F raw -b "$disk" "$work/disk.qcow2" $((size + 512 * 1048576))
qemu-img create -q -f raw "$work/stick.img" 16M
cp /usr/share/OVMF/OVMF_VARS_4M.fd "$work/vars.fd"
limit="${KIOSK_IMAGE_BOOT_LIMIT:-900}"
serial="$work/serial.log"
echo "test-image-boot: booting under qemu (TCG, UEFI), limit ${limit} s, serial console in $serial"
start=$SECONDS
set +e
timeout --kill-after=10 "$limit" qemu-system-x86_64 \
  -machine q35,accel=tcg -smp 2 -m 2048 \
  -display none -monitor none -serial "file:$serial" -no-reboot \
  -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
  -drive if=pflash,format=raw,file="$work/vars.fd" \
  -drive file="$work/disk.qcow2",if=virtio,format=qcow2 \
  -netdev user,id=net0,restrict=on -device virtio-net-pci,netdev=net0 \
  -device qemu-xhci,id=xhci -device usb-kbd,bus=xhci.0 \
  -drive if=none,id=stick,format=raw,file="$work/stick.img" -device usb-storage,bus=xhci.0,drive=stick
qemu_rc=$?
set -e
elapsed=$((SECONDS - start))
grep -a '^boot-test:' "$serial" | tr -d '\r' || true
if [ "$qemu_rc" -eq 124 ] || [ "$qemu_rc" -eq 137 ]; then
  echo "test-image-boot: FAIL: no power-off within ${limit} s; the serial console's end:" >&2
  tail -40 "$serial" | tr -d '\r' >&2
  exit 1
fi
if grep -aq '^KIOSK-IMAGE-BOOT-TEST: PASS' "$serial"; then
  echo "test-image-boot: PASS: booted, checked and powered off in ${elapsed} s (qemu exit $qemu_rc)"
  exit 0
fi
echo "test-image-boot: FAIL: $(grep -a '^KIOSK-IMAGE-BOOT-TEST' "$serial" | tr -d '\r' || echo 'no verdict on the serial console')" >&2
tail -60 "$serial" | tr -d '\r' >&2
exit 1
