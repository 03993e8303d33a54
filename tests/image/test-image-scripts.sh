#!/bin/bash
# test-image-scripts.sh SOURCE_DIR — the appliance image's generators, without
# building an image (suite 'unit'):
#  - gen-device-rules.sh: udev and USBGuard rules from the ID-reader table;
#    a malformed table is refused naming the line;
#  - kiosk-appliance-config: the firewall, time servers and static network
#    from [appliance]; `nft -c` checks the ruleset where nft can; garbage
#    values are refused naming the key, and then nothing is written;
#  - kiosk-cups-queues: the queues of the configuration against a private
#    cupsd in front of ippeveprinter (as root; skipped otherwise), with the
#    abort-job error policy; a queue no longer configured is removed.
set -uo pipefail
src="$(realpath "$1")"
img="$src/image"
scripts="$img/rootfs/usr/libexec/sskiosk-image"
T="$(mktemp -d /tmp/kiosk-image-scripts-XXXXXX)"
chmod 755 "$T"
passed=0
failed=0
pids=()
cleanup() {
  local p
  for p in "${pids[@]+"${pids[@]}"}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]+"${pids[@]}"}"; do wait "$p" 2>/dev/null; done
  [ "$failed" -eq 0 ] && rm -rf "$T"
}
trap cleanup EXIT

ok() { passed=$((passed + 1)); echo "ok $((passed + failed)) - $*"; }
bad() { failed=$((failed + 1)); echo "not ok $((passed + failed)) - $*"; }
expect() { # description command...
  local what="$1"
  shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}
contains() { grep -qF -- "$2" "$1" || { echo "# $1 lacks: $2" >&2; return 1; }; }

# --- udev and USBGuard rules ------------------------------------------------------------
"$img/gen-device-rules.sh" "$img/idreader-usb-ids.ini" udev >"$T/udev.rules"
expect "udev rules generated" test -s "$T/udev.rules"
for id in 0400:c35a 0483:5652; do
  vid="${id%:*}"; pid="${id#*:}"
  expect "udev: $id gets /dev/kiosk-idreader, group kiosk" contains "$T/udev.rules" \
    "ATTRS{idVendor}==\"$vid\", ATTRS{idProduct}==\"$pid\", GROUP=\"kiosk\", MODE=\"0660\", SYMLINK+=\"kiosk-idreader\""
done
expect "udev: every reader of the table and no other" test "$(grep -c 'SYMLINK+="kiosk-idreader"' "$T/udev.rules")" -eq "$(grep -c '^\[' "$img/idreader-usb-ids.ini")"
"$img/gen-device-rules.sh" "$img/idreader-usb-ids.ini" usbguard >"$T/usbguard.rules"
expect "usbguard: the readers are allowed by ID" sh -c "grep -qx 'allow id 0400:c35a' '$T/usbguard.rules' && grep -qx 'allow id 0483:5652' '$T/usbguard.rules'"
expect "usbguard: HID, CCID, printers, video, hubs by class" sh -c "for c in 03 0b 07 0e 09; do grep -q \"allow with-interface equals { \$c:\" '$T/usbguard.rules' || exit 1; done"
expect "usbguard: no rule for mass storage" sh -c "! grep -q '08:' '$T/usbguard.rules'"
if command -v udevadm >/dev/null && udevadm --help 2>&1 | grep -q verify; then
  expect "udevadm verify accepts the rules" udevadm verify "$T/udev.rules"
fi

garbage_table() { # description table-contents expected-message
  printf '%s\n' "$2" >"$T/bad.ini"
  if "$img/gen-device-rules.sh" "$T/bad.ini" udev >"$T/out" 2>"$T/err"; then
    bad "$1: accepted"
  elif grep -qF -- "$3" "$T/err"; then
    ok "$1: refused ($(head -1 "$T/err"))"
  else
    bad "$1: message “$(cat "$T/err")” lacks “$3”"
  fi
}
garbage_table "table: upper-case id" $'[0400:C35A]\nname=x' "bad.ini:1"
garbage_table "table: not hex" $'# c\n[04g0:c35a]' "bad.ini:2"
garbage_table "table: a garbage line" $'[0400:c35a]\nthis is not a key' "bad.ini:2"
garbage_table "table: no reader" '# nothing' "no reader"
garbage_table "table: binary garbage" "$(printf '\x01\x02[\xff]')" "bad.ini:1"

# --- firewall, time, network ---------------------------------------------------------------
run_config() { # conf-file → exit status; files in $T/run
  rm -rf "$T/run"
  KIOSK_CONF="$1" KIOSK_APPLIANCE_RUNDIR="$T/run" KIOSK_APPLIANCE_NO_LOAD=1 \
    "$scripts/kiosk-appliance-config" >"$T/out" 2>"$T/err"
}
cat >"$T/site.conf" <<'CONF'
[kiosk]
id=JL-CC-0001
[devices]
card_printer_driver=ipp
card_printer_uri=cups:card
receipt_printer_driver=ipp
receipt_printer_uri=ipp://192.168.7.21/ipp/print
[appliance]
center = 10.20.30.40:443; [2001:db8::10]:8443
ssh_from=10.20.0.0/16, 2001:db8:1::/48
ntp=10.20.0.1 ntp.example.cn
address=10.20.5.17/24
gateway=10.20.5.1
dns=10.20.0.53
card_printer_device=socket://192.168.7.20:9100
CONF
expect "a site's [appliance] is applied" run_config "$T/site.conf"
fw="$T/run/sskiosk/firewall.nft"
expect "firewall: the center, for the kiosk user" contains "$fw" 'meta skuid "kiosk" ip daddr 10.20.30.40 tcp dport 443 accept'
expect "firewall: the IPv6 center" contains "$fw" 'meta skuid "kiosk" ip6 daddr 2001:db8::10 tcp dport 8443 accept'
expect "firewall: the receipt printer's IPP address, for the kiosk user" contains "$fw" 'meta skuid "kiosk" ip daddr 192.168.7.21 tcp dport 631 accept'
expect "firewall: the card printer's device, for CUPS (lp)" contains "$fw" 'meta skuid "lp" ip daddr 192.168.7.20 tcp dport 9100 accept'
expect "firewall: SSH from the technicians' networks" contains "$fw" 'ip saddr 10.20.0.0/16 tcp dport 22 accept'
expect "firewall: SSH from an IPv6 network" contains "$fw" 'ip6 saddr 2001:db8:1::/48 tcp dport 22 accept'
expect "firewall: drop by default both ways" sh -c "grep -c 'policy drop' '$fw' | grep -qx 3"
expect "firewall: DNS only for resolved, NTP only for timesyncd" sh -c "grep -q 'skuid \"systemd-resolve\" udp dport 53' '$fw' && grep -q 'skuid \"systemd-timesync\" udp dport 123' '$fw'"
expect "firewall: exactly four ways out beyond DHCP, DNS and NTP" test "$(grep -c 'daddr .* accept' "$fw")" -eq 4
expect "timesyncd: the site's servers" contains "$T/run/systemd/timesyncd.conf.d/kiosk.conf" "NTP=10.20.0.1 ntp.example.cn"
expect "network: static address, gateway, DNS" sh -c "grep -qx 'Address=10.20.5.17/24' '$T/run/systemd/network/10-kiosk-static.network' && grep -qx 'Gateway=10.20.5.1' '$T/run/systemd/network/10-kiosk-static.network' && grep -qx 'DNS=10.20.0.53' '$T/run/systemd/network/10-kiosk-static.network'"
if command -v nft >/dev/null && nft -c -f "$img/rootfs/etc/nftables.conf" >/dev/null 2>&1; then
  # Check mode resolves the user names: map them to users this machine has.
  sed -e 's/skuid "kiosk"/skuid "root"/; s/skuid "lp"/skuid "root"/' \
    -e 's/skuid "systemd-resolve"/skuid "root"/; s/skuid "systemd-timesync"/skuid "root"/' "$fw" >"$T/fw-check.nft"
  expect "nft -c accepts the generated ruleset" nft -c -f "$T/fw-check.nft"
  # The ruleset at work, in a private network namespace with a veth link: a
  # connection the firewall does not allow fails at once with "No route to
  # host" (reject, not a connect that hangs until its timeout).
  if unshare -n true 2>/dev/null; then
    unshare -n bash -c '
      ip link set lo up && ip link add kfw0 type veth peer name kfw1 &&
        ip addr add 10.20.5.17/24 dev kfw0 && ip link set kfw0 up && ip link set kfw1 up &&
        ip route add default via 10.20.5.1 || exit 3
      nft -f "$1" || exit 4
      timeout 5 bash -c "exec 3<>/dev/tcp/10.20.30.41/443" 2>&1
      echo "rc=$?"' fw-netns "$T/fw-check.nft" >"$T/fw-netns.out" 2>&1
    expect "firewall at work: a connection it does not allow fails at once (No route to host)" \
      sh -c "grep -q 'No route to host' '$T/fw-netns.out' && grep -qx 'rc=1' '$T/fw-netns.out'"
  else
    echo "# no network namespace here: the ruleset is not tried"
  fi
else
  echo "# nft cannot check rulesets here: syntax not checked"
fi

expect "the simulator configuration (no [appliance]) applies" run_config "$src/data/kiosk.conf"
expect "firewall without a center: nothing out but DHCP, DNS and NTP" sh -c "! grep -q 'daddr .* accept' '$T/run/sskiosk/firewall.nft'"
expect "no static network without an address" test ! -e "$T/run/systemd/network/10-kiosk-static.network"

garbage_config() { # description [appliance]-lines expected-message
  printf '[appliance]\n%s\n' "$2" >"$T/bad.conf"
  if run_config "$T/bad.conf"; then
    bad "$1: accepted"
  elif ! grep -qF -- "$3" "$T/err"; then
    bad "$1: message “$(cat "$T/err")” lacks “$3”"
  elif [ -e "$T/run/sskiosk/firewall.nft" ]; then
    bad "$1: a ruleset was written all the same"
  else
    ok "$1: refused, nothing written ($(head -1 "$T/err" | cut -c1-120))"
  fi
}
garbage_config "center by host name" "center=center.example.cn:443" "[appliance] center"
garbage_config "center without a port" "center=10.20.30.40" "ADDRESS:PORT"
garbage_config "center port out of range" "center=10.20.30.40:70000" "not 1..65535"
garbage_config "center IPv6 without brackets" "center=2001:db8::1:443" "brackets"
garbage_config "center address out of range" "center=10.20.300.40:443" "not an IP address"
garbage_config "ssh_from garbage" "ssh_from=everyone" "[appliance] ssh_from"
garbage_config "address without a prefix" "address=10.20.5.17" "needs a prefix length"
garbage_config "gateway garbage" $'address=10.20.5.17/24\ngateway=router' "[appliance] gateway"
garbage_config "dns garbage" "dns=8.8.8.8;nameserver" "[appliance] dns"
garbage_config "ntp with a shell metacharacter" 'ntp=pool.ntp.org;$(reboot)' "[appliance] ntp"
garbage_config "injection into the ruleset" 'center=10.0.0.1:443 accept; oif "eth0"' "[appliance] center"
printf '[devices]\ncard_printer_uri=ipp://printer.example/ipp/print\n' >"$T/bad.conf"
if run_config "$T/bad.conf"; then bad "printer by host name: accepted"; else ok "printer by host name: refused"; fi
printf '\x00\xff\xfe[appliance\ncenter==\n\n' >"$T/bad.conf"
run_config "$T/bad.conf"
expect "binary garbage: no crash, a clear outcome" test $? -le 1

# printer_has QUEUE LINE: cupsd's printers.conf (written within its
# DirtyCleanInterval, 0 here, of a change) has LINE in QUEUE's section.
printer_has() {
  local i
  for i in $(seq 50); do
    awk -v q="$1" '$0 ~ "^<(Default)?Printer " q ">$" { p = 1 } p { print } /^<\/(Default)?Printer>/ { p = 0 }' \
      "$T/cups/printers.conf" 2>/dev/null | grep -qx "$2" && return 0
    sleep 0.1
  done
  echo "# printers.conf: no “$2” for $1" >&2
  return 1
}

# --- CUPS queues ---------------------------------------------------------------------------------
cups_queues() {
  local C="$T/cups" port ipp dbus sock conf
  if [ "$(id -u)" -ne 0 ] || ! command -v cupsd >/dev/null && [ ! -x /usr/sbin/cupsd ] ||
    ! command -v ippeveprinter >/dev/null || ! command -v lpadmin >/dev/null; then
    echo "# skipped: the CUPS queues need root, cupsd, lpadmin and ippeveprinter"
    return 0
  fi
  mkdir -p "$C"/{state,cache,spool,tmp,log,ppd,ippspool}
  chmod 0777 "$C"/{state,cache,spool,tmp,log,ppd,ippspool}
  chmod 0755 "$C"
  cat >"$C/cups-files.conf" <<FILES
ServerRoot $C
StateDir $C/state
CacheDir $C/cache
RequestRoot $C/spool
TempDir $C/tmp
ErrorLog $C/log/error_log
AccessLog $C/log/access_log
PageLog $C/log/page_log
FILES
  sock="$C/cups.sock"
  printf 'Listen %s\nLogLevel warn\nDirtyCleanInterval 0\n<Location />\nOrder allow,deny\nAllow all\n</Location>\n<Location /admin>\nOrder allow,deny\nAllow all\n</Location>\n' "$sock" >"$C/cupsd.conf"
  dbus-daemon --session --address="unix:path=$C/sysbus" --nofork --nopidfile >/dev/null 2>&1 &
  pids+=($!)
  port=$((20000 + RANDOM % 20000))
  DBUS_SYSTEM_BUS_ADDRESS="unix:path=$C/sysbus" ippeveprinter -p "$port" -n localhost -r off \
    -d "$C/ippspool" -c /bin/true -f application/pdf,image/pwg-raster,image/png,image/jpeg \
    CardPrinter >/dev/null 2>&1 &
  pids+=($!)
  /usr/sbin/cupsd -f -c "$C/cupsd.conf" -s "$C/cups-files.conf" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    [ -S "$sock" ] && ipptool -q "ipp://localhost:$port/ipp/print" get-printer-attributes.test 2>/dev/null && break
    sleep 0.1
  done
  export CUPS_SERVER="$sock"
  conf="$T/cups.conf"
  cat >"$conf" <<CONF
[devices]
card_printer_driver=ipp
card_printer_uri=cups:card
receipt_printer_driver=ipp
receipt_printer_uri=ipp://localhost:$port/ipp/print
[appliance]
card_printer_device=ipp://localhost:$port/ipp/print
CONF
  if KIOSK_CONF="$conf" KIOSK_CUPS_STATE="$T/queues" "$scripts/kiosk-cups-queues" >"$T/out" 2>"$T/err"; then
    ok "the card queue is made ($(tail -1 "$T/out"))"
  else
    bad "kiosk-cups-queues failed: $(cat "$T/out" "$T/err")"
  fi
  expect "queue card → the configured device" sh -c "lpstat -v card | grep -q 'ipp://localhost:$port/ipp/print'"
  expect "queue card is enabled and accepting" sh -c "lpstat -p card | grep -q 'enabled' && lpstat -a card | grep -q 'accepting requests'"
  expect "queue card: printer-error-policy=abort-job" printer_has card "ErrorPolicy abort-job"
  expect "a direct URI makes no queue" sh -c "! lpstat -v receipt >/dev/null 2>&1"
  expect "the made queues are remembered" grep -qx card "$T/queues"

  # Garbage: a queue without a device, a bad queue name, an unreadable PPD.
  printf '[devices]\ncard_printer_driver=ipp\ncard_printer_uri=cups:card\n' >"$T/bad.conf"
  if KIOSK_CONF="$T/bad.conf" KIOSK_CUPS_STATE="$T/queues-bad" "$scripts/kiosk-cups-queues" >"$T/out" 2>"$T/err"; then
    bad "a queue without a device: accepted"
  else
    expect "a queue without a device: refused naming the key" grep -q '\[appliance\] card_printer_device: not set' "$T/err"
  fi
  printf '[devices]\ncard_printer_driver=ipp\ncard_printer_uri=cups:card;rm -rf\n[appliance]\ncard_printer_device=ipp://localhost:1/x\n' >"$T/bad.conf"
  if KIOSK_CONF="$T/bad.conf" KIOSK_CUPS_STATE="$T/queues-bad" "$scripts/kiosk-cups-queues" >"$T/out" 2>"$T/err"; then
    bad "a garbage queue name: accepted"
  else
    expect "a garbage queue name: refused naming the key" grep -q 'card_printer_uri' "$T/err"
  fi
  printf '[devices]\ncard_printer_driver=ipp\ncard_printer_uri=cups:card\n[appliance]\ncard_printer_device=ipp://localhost:%s/ipp/print\ncard_printer_ppd=%s/none.ppd\n' "$port" "$T" >"$T/bad.conf"
  if KIOSK_CONF="$T/bad.conf" KIOSK_CUPS_STATE="$T/queues-bad" "$scripts/kiosk-cups-queues" >"$T/out" 2>"$T/err"; then
    bad "an unreadable PPD: accepted"
  else
    expect "an unreadable PPD: refused naming the key" grep -q 'card_printer_ppd' "$T/err"
  fi
  expect "a refused configuration leaves the queue alone" sh -c "lpstat -v card | grep -q 'localhost:$port'"

  # The printer leaves the configuration: its queue goes.
  printf '[devices]\ncard_printer_driver=none\n' >"$T/none.conf"
  if KIOSK_CONF="$T/none.conf" KIOSK_CUPS_STATE="$T/queues" "$scripts/kiosk-cups-queues" >"$T/out" 2>"$T/err"; then
    ok "no queue configured: fine ($(tail -1 "$T/out"))"
  else
    bad "no queue configured: $(cat "$T/err")"
  fi
  expect "the queue no longer configured is removed" sh -c "! lpstat -v card >/dev/null 2>&1"
  unset CUPS_SERVER
}
cups_queues

echo "1..$((passed + failed))"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
