#!/usr/bin/env bash
# The kiosk program starts under a virtual display, shows its window with the
# right title, survives, and a screenshot is written. Exit 77 when Xvfb is not
# installed (./kiosk.sh installs it).
set -euo pipefail
app="$1"
shots="$2"
for tool in xvfb-run xdotool import dbus-run-session; do
  command -v "$tool" >/dev/null || { echo "skip: $tool not installed"; exit 77; }
done
mkdir -p "$shots"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/kiosk.conf" <<CONF
[kiosk]
id=JL-TEST-0001
site=测试大厅
[store]
state_dir=$tmp/state
CONF

cat > "$tmp/inner.sh" <<'INNER'
#!/usr/bin/env bash
set -euo pipefail
app="$1"; conf="$2"; shots="$3"
"$app" --config "$conf" --windowed &
pid=$!
wid=""
for _ in $(seq 1 100); do
  wid="$(xdotool search --onlyvisible --name '吉林省社会保障卡自助服务' 2>/dev/null | head -n1 || true)"
  [ -n "$wid" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "program exited early"; exit 1; }
  sleep 0.1
done
[ -n "$wid" ] || { echo "no window appeared"; kill "$pid"; exit 1; }
sleep 0.5
import -window root "$shots/placeholder.png"
kill -0 "$pid" || { echo "program died"; exit 1; }
kill "$pid"
wait "$pid" || true
echo "window $wid shown; screenshot $shots/placeholder.png"
INNER
chmod +x "$tmp/inner.sh"

# A bad configuration stops the program with a message naming the key.
printf '[store]\nretention_days=forever\n' > "$tmp/bad.conf"
if "$app" --config "$tmp/bad.conf" 2> "$tmp/err"; then
  echo "a garbage configuration was accepted"; exit 1
fi
grep -q retention_days "$tmp/err" || { echo "error does not name the key:"; cat "$tmp/err"; exit 1; }

export GSK_RENDERER=cairo
dbus-run-session -- xvfb-run -a -s "-screen 0 1080x1920x24" "$tmp/inner.sh" "$app" "$tmp/kiosk.conf" "$shots"
