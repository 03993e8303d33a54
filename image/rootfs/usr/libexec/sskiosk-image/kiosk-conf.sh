# kiosk-conf.sh — shell helpers for the appliance scripts: read the kiosk's
# configuration (a GKeyFile) and its [appliance] group. Sourced, not run.

KIOSK_CONF="${KIOSK_CONF:-/etc/sskiosk/kiosk.conf}"

# conf_get GROUP KEY: the value (first occurrence), surrounding blanks trimmed;
# nothing when absent.
conf_get() {
  [ -r "$KIOSK_CONF" ] || return 0
  awk -v g="$1" -v k="$2" '
    /^[ \t]*[#;]/ || /^[ \t]*$/ { next }
    /^[ \t]*\[/ { sub(/^[ \t]*\[/, ""); sub(/\][ \t]*$/, ""); grp = $0; next }
    grp == g {
      i = index($0, "="); if (i == 0) next
      key = substr($0, 1, i - 1); gsub(/[ \t]+$/, "", key); gsub(/^[ \t]+/, "", key)
      if (key == k) { v = substr($0, i + 1); sub(/^[ \t]+/, "", v); sub(/[ \t]+$/, "", v); print v; exit }
    }' "$KIOSK_CONF"
}

# conf_list GROUP KEY: the value split at ';', ',' and blanks, one per line.
conf_list() {
  conf_get "$1" "$2" | tr ';, \t' '\n\n\n\n' | sed '/^$/d'
}

# is_ipv4 ADDR[/LEN]
is_ipv4() {
  printf '%s\n' "$1" | grep -Eq '^(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}(/([0-9]|[12][0-9]|3[0-2]))?$'
}

# is_ipv6 ADDR[/LEN] (hex digits and colons, at most one ::)
is_ipv6() {
  printf '%s\n' "$1" | grep -Eq '^[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*(/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8]))?$' &&
    [ "$(printf '%s' "$1" | grep -o '::' | wc -l)" -le 1 ]
}

# is_port N
is_port() {
  printf '%s\n' "$1" | grep -Eq '^[0-9]{1,5}$' && [ "$1" -ge 1 ] && [ "$1" -le 65535 ]
}

# split_endpoint HOST:PORT | [V6]:PORT → "FAMILY ADDR PORT" (family ip or ip6);
# returns 1 with a message on stderr for anything else.
split_endpoint() {
  local ep="$1" addr port
  case "$ep" in
    \[*\]:*) addr="${ep#\[}"; addr="${addr%%\]*}"; port="${ep##*\]:}" ;;
    *:*:*) echo "“$ep”: an IPv6 address needs brackets: [ADDR]:PORT" >&2; return 1 ;;
    *:*) addr="${ep%:*}"; port="${ep##*:}" ;;
    *) echo "“$ep”: ADDRESS:PORT is required" >&2; return 1 ;;
  esac
  if ! is_port "$port"; then
    echo "“$ep”: port “$port” is not 1..65535" >&2
    return 1
  fi
  if is_ipv4 "$addr"; then
    echo "ip $addr $port"
  elif is_ipv6 "$addr"; then
    echo "ip6 $addr $port"
  else
    echo "“$ep”: “$addr” is not an IP address (or network); the firewall is loaded before DNS works" >&2
    return 1
  fi
}

# uri_endpoint URI → HOST:PORT of ipp/ipps/http/https/socket/lpd URIs with an IP
# host; nothing for cups:, usb:, file: and the like.
uri_endpoint() {
  local uri="$1" scheme rest host port
  scheme="${uri%%://*}"
  [ "$scheme" != "$uri" ] || return 0
  rest="${uri#*://}"
  rest="${rest%%/*}"
  rest="${rest%%\?*}"
  case "$scheme" in
    ipp | http) port=631 ;;
    ipps | https) port=443 ;;
    socket) port=9100 ;;
    lpd) port=515 ;;
    *) return 0 ;;
  esac
  [ "$scheme" = http ] && port=80
  case "$rest" in
    \[*\]:*) host="${rest%%\]*}]"; port="${rest##*\]:}" ;;
    \[*\]) host="$rest" ;;
    *:*) host="${rest%:*}"; port="${rest##*:}" ;;
    *) host="$rest" ;;
  esac
  echo "$host:$port"
}
