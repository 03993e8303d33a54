#!/bin/bash
# image-configure.sh ROOT CONFIG IMAGE_DIR SERIAL — turns a Debian tree with the
# packages and the installed kiosk into the appliance (called by
# build-image.sh): users, the kiosk configuration on the data partition,
# units, device and USB rules, cups, ssh, read-only root, no getty.
set -euo pipefail
root="$1"
config="$2"
here="$3"

# Files of the appliance: units, drop-ins, PAM, scripts.
cp -a "$here/rootfs/." "$root/"
chmod 0440 "$root/etc/sudoers.d/kiosk-technician"

# --- users -----------------------------------------------------------------------
# kiosk: runs cage and the program; video/input/render for the seat's devices
# (logind also grants them to the active session), dialout for serial readers.
if ! chroot "$root" getent passwd kiosk >/dev/null; then
  chroot "$root" useradd --system --user-group --home-dir /var/lib/kiosk --no-create-home \
    --shell /usr/sbin/nologin --groups video,input,render,dialout --comment "Self-service kiosk" kiosk
fi
# technician: SSH with a key only (the key is put on the data partition).
if ! chroot "$root" getent passwd technician >/dev/null; then
  chroot "$root" useradd --system --user-group --home-dir /var/lib/technician --no-create-home \
    --shell /bin/bash --groups systemd-journal --comment "Field technician" technician
fi
chroot "$root" passwd -q -l root >/dev/null
chroot "$root" passwd -q -l technician >/dev/null
kiosk_gid="$(chroot "$root" getent group kiosk | cut -d: -f3)"
kiosk_uid="$(chroot "$root" getent passwd kiosk | cut -d: -f3)"
tech_uid="$(chroot "$root" getent passwd technician | cut -d: -f3)"

# --- the writable places, all on the data partition (/var) ---------------------------
install -d -m 0755 "$root/var/etc" "$root/var/etc/ssh" "$root/var/etc/ssh/authorized_keys"
install -d -m 0750 -o 0 -g "$kiosk_gid" "$root/var/etc/sskiosk"
install -d -m 0700 -o "$kiosk_uid" -g "$kiosk_gid" "$root/var/lib/kiosk" \
  "$root/var/lib/kiosk/state" "$root/var/lib/kiosk/cache"
install -d -m 0700 -o "$tech_uid" -g "$tech_uid" "$root/var/lib/technician"
install -d -m 0700 "$root/var/log/usbguard" "$root/var/lib/sskiosk-image"
journal_gid="$(chroot "$root" getent group systemd-journal | cut -d: -f3)"
install -d -m 2755 -o 0 -g "${journal_gid:-0}" "$root/var/log/journal"

# The kiosk configuration: the one file that decides (simulators or real drivers).
install -m 0640 -o 0 -g "$kiosk_gid" "$config" "$root/var/etc/sskiosk/kiosk.conf"
rm -rf "$root/etc/sskiosk"
ln -s /var/etc/sskiosk "$root/etc/sskiosk"
# The production template stays beside the installed data for a technician.
install -m 0644 "$here/kiosk-production.conf" "$root/usr/share/sskiosk/kiosk-production.conf"

# CUPS: its configuration must be writable (lpadmin); cupsd only on its socket,
# no web interface, no browsing, abort a failed job.
sed -i -e 's/^Listen localhost:631/# Listen localhost:631 (the kiosk: socket only)/' \
  -e 's/^Browsing .*/Browsing No/' -e 's/^WebInterface .*/WebInterface No/' \
  -e 's/^LogLevel .*/LogLevel warn/' "$root/etc/cups/cupsd.conf"
grep -q '^WebInterface' "$root/etc/cups/cupsd.conf" || echo 'WebInterface No' >>"$root/etc/cups/cupsd.conf"
# A failed job is aborted, never retried or left in a stopped queue (a second
# card). Debian's file says "ErrorPolicy retry-job": replace it.
if grep -q '^[[:space:]]*ErrorPolicy' "$root/etc/cups/cupsd.conf"; then
  sed -i 's/^[[:space:]]*ErrorPolicy.*/ErrorPolicy abort-job/' "$root/etc/cups/cupsd.conf"
else
  echo 'ErrorPolicy abort-job' >>"$root/etc/cups/cupsd.conf"
fi
grep -qx 'ErrorPolicy abort-job' "$root/etc/cups/cupsd.conf" || { echo "image-configure: cannot set cupsd's ErrorPolicy" >&2; exit 1; }
# cupsd runs for good: started on demand (cupsd -l) it exits after a minute
# idle, and the first print of a quiet morning would wait for it to start.
# (0 turns the idle exit off.)
if grep -q '^[[:space:]]*IdleExitTimeout' "$root/etc/cups/cupsd.conf"; then
  sed -i 's/^[[:space:]]*IdleExitTimeout.*/IdleExitTimeout 0/' "$root/etc/cups/cupsd.conf"
else
  echo 'IdleExitTimeout 0' >>"$root/etc/cups/cupsd.conf"
fi
if [ ! -L "$root/etc/cups" ]; then
  rm -rf "$root/var/etc/cups"
  mv "$root/etc/cups" "$root/var/etc/cups"
  ln -s /var/etc/cups "$root/etc/cups"
fi

# SSH: the host keys made while installing would be shared by every kiosk.
rm -f "$root"/etc/ssh/ssh_host_*

# Identity: the machine id is made at first boot (kiosk-firstboot keeps it).
printf 'uninitialized\n' >"$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"
echo kiosk >"$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tkiosk\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
ln -sf /run/systemd/resolve/stub-resolv.conf "$root/etc/resolv.conf"
echo 'LANG=C.UTF-8' >"$root/etc/default/locale"

# --- device and USB rules from the ID-card reader table ------------------------------
install -m 0644 "$here/idreader-usb-ids.ini" "$root/usr/share/sskiosk/idreader-usb-ids.ini"
"$here/gen-device-rules.sh" "$here/idreader-usb-ids.ini" udev >"$root/usr/lib/udev/rules.d/70-kiosk-devices.rules"
"$here/gen-device-rules.sh" "$here/idreader-usb-ids.ini" usbguard >"$root/etc/usbguard/rules.conf"
chmod 0600 "$root/etc/usbguard/rules.conf" "$root/etc/usbguard/usbguard-daemon.conf"

# --- file systems: read-only root, the data partition is /var -----------------------------
cat >"$root/etc/fstab" <<'FSTAB'
# The appliance (docs/image.md): the root is read-only; everything that is
# written lives on the data partition, mounted as /var.
LABEL=kiosk-root  /          ext4   ro,noatime,errors=remount-ro        0 1
LABEL=kiosk-data  /var       ext4   rw,noatime,nosuid,nodev             0 2
LABEL=KIOSK-ESP   /boot/efi  vfat   ro,noauto,umask=0077                0 0
tmpfs             /tmp       tmpfs  rw,nosuid,nodev,mode=1777,size=25%  0 0
FSTAB
mkdir -p "$root/boot/efi"

# --- units ----------------------------------------------------------------------------------
sysctl_() { systemctl --root="$root" "$@" >/dev/null 2>&1; }
sysctl_ set-default graphical.target
for unit in kiosk.service kiosk-appliance-config.service kiosk-cups-queues.service \
  kiosk-firstboot.service nftables.service usbguard.service cups.service pcscd.socket \
  systemd-networkd.service systemd-resolved.service systemd-timesyncd.service ssh.service; do
  systemctl --root="$root" enable "$unit" >/dev/null 2>&1 || { echo "image-configure: cannot enable $unit" >&2; exit 1; }
done
# No login prompt anywhere, no Ctrl-Alt-Del, no sleeping, no package timers.
for unit in getty@.service serial-getty@.service autovt@.service console-getty.service \
  container-getty@.service getty.target ctrl-alt-del.target debug-shell.service \
  sleep.target suspend.target hibernate.target hybrid-sleep.target suspend-then-hibernate.target \
  apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service \
  systemd-networkd-wait-online.service cups-browsed.service; do
  sysctl_ mask "$unit" || true
done
# The vpcd reader of the simulator package listens on TCP: only when simulating.
if [ -f "$root/etc/reader.conf.d/vpcd" ] && ! grep -Eq '^[[:space:]]*chip_simulator[[:space:]]*=[[:space:]]*true' "$config"; then
  rm -f "$root/etc/reader.conf.d/vpcd"
fi
