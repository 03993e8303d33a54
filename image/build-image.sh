#!/usr/bin/env bash
# build-image.sh — build the kiosk appliance: a bootable, locked-down disk image
# (docs/image.md).
#
#   image/build-image.sh [--config FILE] [--builddir DIR] [--serial-console]
#                        [--overlay DIR] [--data-size MIB]
#
#   --config FILE     the kiosk configuration put into the image as
#                     /etc/sskiosk/kiosk.conf; it alone decides simulator or real
#                     drivers (default: image/kiosk-production.conf, real drivers;
#                     data/kiosk.conf is the simulator one). Simulator packages
#                     (vpcd, ippeveprinter) go in only when it asks for a simulator.
#   --builddir DIR    where everything is built and cached (default _build/image)
#   --serial-console  kernel and systemd messages on ttyS0 too (the boot test)
#   --overlay DIR     files copied over the root file system last (the boot test's
#                     units)
#   --data-size MIB   the data partition (/var) in the image; it grows to fill the
#                     disk at first boot (default 768)
#
# Result: DIR/disk.img (raw, GPT: ESP + read-only root + data), DIR/disk.img.bmap
# when bmaptool is installed, and DIR/vmlinuz + DIR/initrd.img.
#
# Debian 12 host, as root. Needs debootstrap, mtools, dosfstools, fdisk,
# e2fsprogs; installs them when missing. Caches under DIR/cache: the debootstrap
# tree, and the tree with every package installed (keyed by the package list),
# so a rebuild after a code change takes about a minute.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/.." && pwd)"

config="$here/kiosk-production.conf"
builddir="$src/_build/image"
serial_console=0
overlay=""
data_size_mib=768

while [ $# -gt 0 ]; do
  case "$1" in
    --config) config="$(realpath "$2")"; shift 2 ;;
    --builddir) builddir="$2"; shift 2 ;;
    --serial-console) serial_console=1; shift ;;
    --overlay) overlay="$(realpath "$2")"; shift 2 ;;
    --data-size) data_size_mib="$2"; shift 2 ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "build-image.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

log() { printf '\n== build-image: %s\n' "$*" >&2; }
die() { printf 'build-image: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (debootstrap and chroot need it)"
[ -r "$config" ] || die "no configuration $config"
mkdir -p "$builddir"
builddir="$(realpath "$builddir")"
cache="$builddir/cache"
mkdir -p "$cache"

# --- host tools ---------------------------------------------------------------
host_packages=(debootstrap mtools dosfstools fdisk e2fsprogs meson ninja-build)
missing=()
for p in "${host_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing host tools: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q \
    --no-install-recommends "${missing[@]}"
fi

# --- the configuration decides ---------------------------------------------------
# conf_get GROUP KEY FILE: a GKeyFile value (first occurrence), trimmed.
conf_get() {
  awk -v g="$1" -v k="$2" '
    /^[ \t]*[#;]/ || /^[ \t]*$/ { next }
    /^[ \t]*\[/ { sub(/^[ \t]*\[/, ""); sub(/\][ \t]*$/, ""); grp = $0; next }
    grp == g {
      i = index($0, "="); if (i == 0) next
      key = substr($0, 1, i - 1); gsub(/[ \t]+$/, "", key); gsub(/^[ \t]+/, "", key)
      if (key == k) { v = substr($0, i + 1); sub(/^[ \t]+/, "", v); sub(/[ \t]+$/, "", v); print v; exit }
    }' "$3"
}
simulators=0
if grep -Eq '^[[:space:]]*[a-z_]+_simulator[[:space:]]*=[[:space:]]*true' "$config"; then
  simulators=1
fi

# --- 1. the kiosk, built and installed into a staging tree -----------------------
log "building the kiosk (meson, prefix /usr)"
kbuild="$builddir/kiosk-build"
stage="$builddir/stage"
if [ ! -f "$kbuild/build.ninja" ]; then
  meson setup "$kbuild" "$src" --prefix=/usr --buildtype=debugoptimized \
    -Dui=enabled >/dev/null
fi
# Only what is installed (the tests and benchmarks are not needed here).
mapfile -t install_targets < <(meson introspect "$kbuild" --targets |
  python3 -c 'import json, os, sys
for t in json.load(sys.stdin):
    if t.get("installed"):
        for f in t["filename"]:
            print(os.path.relpath(f, sys.argv[1]))' "$kbuild")
ninja -C "$kbuild" -j2 "${install_targets[@]}" >"$builddir/kiosk-build.log" 2>&1 || { grep -E "error|FAILED" "$builddir/kiosk-build.log" | head -20 >&2; die "the kiosk does not build (log: $builddir/kiosk-build.log)"; }
rm -rf "$stage"
DESTDIR="$stage" meson install -C "$kbuild" --no-rebuild --strip --quiet >/dev/null
[ -x "$stage/usr/bin/sskiosk" ] || die "meson install did not install sskiosk"
# The face detector (OpenCV) is a module the first photo check loads.
compgen -G "$stage/usr/lib/*/sskiosk/modules/kiosk-face-detector.so" >/dev/null ||
  die "meson install did not install the face detector's module (kiosk/photo)"

# The runtime packages the installed programs need, from their shared
# libraries (the host is bookworm like the image).
runtime_packages() {
  find "$stage" -type f -perm -u+x -print0 | xargs -0 file -L | grep -E 'ELF.*(executable|shared object)' |
    cut -d: -f1 | xargs -r ldd 2>/dev/null | awk '/=> \// { print $3 }' | sort -u |
    xargs -r realpath | sort -u | xargs -r dpkg -S 2>/dev/null | cut -d: -f1 | tr -d ' ' | tr ',' '\n' | sort -u
}
command -v file >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends file >/dev/null

# --- 2. the package list ------------------------------------------------------------
packages=(
  # boot and base system
  linux-image-amd64 systemd-sysv systemd-boot-efi initramfs-tools udev dbus libpam-systemd
  systemd-timesyncd systemd-resolved kmod fdisk e2fsprogs procps iproute2 ca-certificates
  # the session: cage (it needs Xwayland) and what the GTK 4 program needs at run time
  cage xwayland fonts-noto-cjk opencv-data adwaita-icon-theme
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  dbus-session-bus-common libglib2.0-bin
  # the devices: PC/SC for the chip reader, CUPS for the printers
  pcscd libccid cups cups-client cups-filters
  # the technician's look at the chip readers (pcsc_scan: their names for chip_reader=)
  pcsc-tools
  # lock-down: firewall, USB policy; technician access
  nftables usbguard openssh-server sudo
  # a text editor for the technician (sudoedit)
  nano
)
if [ "$simulators" -eq 1 ]; then
  # What the simulators speak to: the system pcscd's vpcd reader, ippeveprinter
  # (with its private dbus-daemon).
  packages+=(vsmartcard-vpcd cups-ipp-utils dbus-daemon)
fi
mapfile -t libs < <(runtime_packages)
packages+=("${libs[@]}")
mapfile -t packages < <(printf '%s\n' "${packages[@]}" | sed 's/:amd64$//' | sort -u)
pkg_hash="$(printf '%s\n' "${packages[@]}" | sha256sum | cut -c1-16)"

# --- mirror ---------------------------------------------------------------------------
mirror="$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)"
security="$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/security/ { print $2; exit }' || true)"
mirror="${mirror:-http://deb.debian.org/debian}"
security="${security:-http://deb.debian.org/debian-security}"

mounted=()
cleanup_mounts() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount -l "${mounted[$i]}" 2>/dev/null || true
  done
  mounted=()
}
trap cleanup_mounts EXIT
chroot_mounts() {
  local root="$1"
  mount -t proc proc "$root/proc" && mounted+=("$root/proc")
  mount -t sysfs sysfs "$root/sys" && mounted+=("$root/sys")
  mount --bind /dev "$root/dev" && mounted+=("$root/dev")
  mount -t devpts devpts "$root/dev/pts" -o newinstance,ptmxmode=0666 && mounted+=("$root/dev/pts")
  mount -t tmpfs tmpfs "$root/run" && mounted+=("$root/run")
}

# --- 3. the base tree (debootstrap), cached -------------------------------------------
base_tar="$cache/debootstrap-bookworm-minbase.tar"
if [ ! -f "$base_tar" ]; then
  log "debootstrap bookworm (minbase) from $mirror"
  tmp="$builddir/debootstrap.tmp"
  rm -rf "$tmp"
  debootstrap --variant=minbase bookworm "$tmp" "$mirror" >"$builddir/debootstrap.log" 2>&1 ||
    { tail -20 "$builddir/debootstrap.log" >&2; die "debootstrap failed (log: $builddir/debootstrap.log)"; }
  tar -C "$tmp" -cf "$base_tar.part" . && mv "$base_tar.part" "$base_tar"
  rm -rf "$tmp"
fi

# --- 4. every package installed, cached by the package list ------------------------------
pkg_tar="$cache/rootfs-$pkg_hash.tar"
if [ ! -f "$pkg_tar" ]; then
  log "installing ${#packages[@]} packages into the tree (cache $pkg_hash)"
  tmp="$builddir/packages.tmp"
  rm -rf "$tmp" && mkdir -p "$tmp"
  # Start from the newest tree of an earlier package list if there is one:
  # apt then installs only what is new, and what left the list is removed.
  previous="$(ls -t "$cache"/rootfs-*.tar 2>/dev/null | head -1 || true)"
  tar -C "$tmp" -xf "${previous:-$base_tar}"
  cat >"$tmp/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
EOF
  printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
  chmod 755 "$tmp/usr/sbin/policy-rc.d"
  # No documentation or other languages' messages in the appliance.
  cat >"$tmp/etc/dpkg/dpkg.cfg.d/01-kiosk-nodoc" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/zh_CN/*
path-include /usr/share/locale/locale.alias
EOF
  # usbguard and sshd must not come up in the chroot; debconf without questions.
  # Name resolution inside the tree (systemd-resolved makes resolv.conf a link into /run).
  rm -f "$tmp/etc/resolv.conf"
  cp -L /etc/resolv.conf "$tmp/etc/resolv.conf"
  chroot_mounts "$tmp"
  echo "ssh-server openssh-server/permit-root-login boolean false" | chroot "$tmp" debconf-set-selections
  chroot "$tmp" apt-get -q update >"$builddir/apt.log" 2>&1 ||
    { tail -20 "$builddir/apt.log" >&2; die "apt-get update in the tree failed"; }
  if grep -q 'Failed to fetch' "$builddir/apt.log"; then
    grep 'Failed to fetch' "$builddir/apt.log" >&2
    die "apt-get update in the tree failed (log: $builddir/apt.log)"
  fi
  # One initramfs at the end, not one per package trigger.
  sed -i 's/^update_initramfs=.*/update_initramfs=no/' "$tmp/etc/initramfs-tools/update-initramfs.conf" 2>/dev/null || true
  DEBIAN_FRONTEND=noninteractive chroot "$tmp" apt-get -q -y -o DPkg::Lock::Timeout=300 \
    install --no-install-recommends "${packages[@]}" >>"$builddir/apt.log" 2>&1 ||
    { tail -30 "$builddir/apt.log" >&2; die "apt-get install in the tree failed (log: $builddir/apt.log)"; }
  listed="$tmp/var/lib/sskiosk-image/packages.list"
  if [ -f "$listed" ]; then
    mapfile -t gone < <(comm -23 <(sort -u "$listed") <(printf '%s\n' "${packages[@]}" | sort -u))
    if [ "${#gone[@]}" -gt 0 ]; then
      chroot "$tmp" apt-mark auto "${gone[@]}" >>"$builddir/apt.log" 2>&1 || true
      DEBIAN_FRONTEND=noninteractive chroot "$tmp" apt-get -q -y autoremove --purge >>"$builddir/apt.log" 2>&1
    fi
  fi
  mkdir -p "$(dirname "$listed")"
  printf '%s\n' "${packages[@]}" >"$listed"
  sed -i 's/^update_initramfs=.*/update_initramfs=yes/' "$tmp/etc/initramfs-tools/update-initramfs.conf"
  if ls "$tmp"/boot/initrd.img-* >/dev/null 2>&1; then initramfs=-u; else initramfs=-c; fi
  chroot "$tmp" update-initramfs "$initramfs" -k all >>"$builddir/apt.log" 2>&1 ||
    { tail -20 "$builddir/apt.log" >&2; die "update-initramfs failed"; }
  chroot "$tmp" apt-get clean
  rm -rf "$tmp/var/lib/apt/lists/"*
  cleanup_mounts
  rm -f "$tmp/usr/sbin/policy-rc.d"
  tar -C "$tmp" -cf "$pkg_tar.part" . && mv "$pkg_tar.part" "$pkg_tar"
  rm -rf "$tmp"
  # Older package trees are of no use any more.
  find "$cache/" -maxdepth 1 -name 'rootfs-*.tar' ! -name "rootfs-$pkg_hash.tar" -delete
fi

# --- 5. the appliance's tree ---------------------------------------------------------------
root="$builddir/rootfs"
log "assembling the root file system"
rm -rf "$root" "$builddir/var" && mkdir -p "$root"
tar -C "$root" -xf "$pkg_tar"
cp -a "$stage/." "$root/"
"$here/image-configure.sh" "$root" "$config" "$here" "$serial_console"
if [ -n "$overlay" ]; then
  cp -a "$overlay/." "$root/"
  # An overlay may enable units with a list: one unit per line.
  if [ -f "$root/etc/kiosk-image-enable" ]; then
    xargs -r systemctl --root="$root" enable <"$root/etc/kiosk-image-enable" >/dev/null 2>&1
    rm -f "$root/etc/kiosk-image-enable"
  fi
fi

# --- 6. the disk ------------------------------------------------------------------------
log "making the disk image"
"$here/image-disk.sh" "$root" "$builddir" "$data_size_mib" "$serial_console"
rm -rf "$root" "$builddir/var"
log "done: $builddir/disk.img"
