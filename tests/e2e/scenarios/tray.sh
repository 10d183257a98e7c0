#!/usr/bin/env bash
# Inside desktop-session: start the app, check the tray icon, open its menu, launch a second
# instance, quit. Prints key=value lines for the test to assert on; screenshots go to $OUT.
set -u
DATA=$1; OUT=$2
PB=("$PYTHON" -m posture_break --data-dir "$DATA")
mkdir -p "$DATA"; printf '[health]\nasked = true\n' > "$DATA/settings.toml"
"${PB[@]}" doctor > "$OUT/doctor.txt" 2>&1
echo "doctor_rc=$?"
"${PB[@]}" > "$OUT/app.log" 2>&1 &
app=$!
# wait for the tray icon: trayer embeds one child window per icon
panel=
for _ in $(seq 300); do panel=$(xdotool search --classname panel | head -1); [[ -n $panel ]] && break; sleep 0.1; done
# (an empty id would make xwininfo wait for a click on a window: never call it without one)
[[ -n $panel ]] || { echo "panel=missing"; kill "$app"; exit 1; }
# each tray icon is a window of class posture-break embedded under trayer's panel
icons() { xwininfo -tree -id "$panel" 2>/dev/null | grep -c '"posture-break" "posture-break"' || true; }
toplevels() { xwininfo -children -root | grep -c '^ \+0x' || true; }
# mapped windows of the app (the icon, and the menu while it is open)
shown() { xdotool search --onlyvisible --classname posture-break 2>/dev/null | wc -l; }
for _ in $(seq 300); do [[ $(icons) -ge 1 ]] && break; sleep 0.1; done
echo "icons_after_start=$(icons)"
# started: the app logs it once the icon is up and the rest is wired (a barrier for the shot)
for _ in $(seq 600); do grep -q "started in" "$DATA/logs/posture-break.log" 2>/dev/null && break; sleep 0.05; done
import -window root "$OUT/tray.png"
# the icon's position: the first embedded child of trayer
geo=$(xwininfo -tree -id "$panel" | grep '"posture-break" "posture-break"' | head -1 | awk '{print $1}')
eval "$(xdotool getwindowgeometry --shell "$geo")"
xdotool mousemove $((X + WIDTH / 2)) $((Y + HEIGHT / 2))
before=$(toplevels)
shown_before=$(shown)
xdotool click 3
for _ in $(seq 600); do [[ $(shown) -gt $shown_before ]] && break; sleep 0.05; done  # menu is up
after=$(toplevels)
echo "windows_before_menu=$before"
echo "windows_after_menu=$after"
import -window root "$OUT/menu.png"
xdotool key Escape
for _ in $(seq 600); do [[ $(shown) -le $shown_before ]] && break; sleep 0.05; done  # and gone
"${PB[@]}" > "$OUT/second.log" 2>&1
echo "second_rc=$?"
# the second start has exited: an icon of its own would have been removed with it, so the
# count below is final without waiting
echo "icons_after_second=$(icons)"
"${PB[@]}" quit > "$OUT/quit.log" 2>&1
echo "quit_rc=$?"
for _ in $(seq 300); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$app" 2>/dev/null; then echo "app_exited=no"; kill "$app"; else
  wait "$app"; echo "app_rc=$?"; echo "app_exited=yes"; fi
