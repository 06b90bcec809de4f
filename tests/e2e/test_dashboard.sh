#!/bin/bash
# test_dashboard.sh: the dashboard in a real headless Chromium (Debian's
# /usr/bin/chromium driven by playwright-core, browser/dash.js), inside the
# test's network namespace with consortd (api_token set; the page is
# opened as /?token=T). baresip a (440 Hz with a slow tremolo) and b
# (1200 Hz) are in room standup. The page must show both participants, a's level bar must move
# (several distinct levels, a non-empty bar) and its talking dot light up;
# a click on a's Mute button must turn the row muted, the API must then
# report a muted (consortctl room --json), and b must hear 440 Hz before
# the click and not after it (tools/freq.py on b's dump; b's 1200 Hz is
# not in its own mix). Then two clicks on b's Kick button (the first asks
# "Sure?") must remove b's row and b from the room (API, consortd's
# "call out ... reason=kicked"). Screenshots: out/dashboard/
# dashboard.png, dashboard-muted.png, dashboard-kicked.png.
# Installs what it lacks before entering the namespace: chromium (apt),
# node/npm (apt) and playwright-core (npm ci in browser/).
. "$(dirname "$0")/lib.sh"
BROWSER_DIR=$E2E_DIR/browser
if [ -z "${E2E_IN_NETNS:-}" ]; then
	pkgs=
	[ -x /usr/bin/chromium ] || pkgs="$pkgs chromium"
	command -v node >/dev/null || pkgs="$pkgs nodejs"
	command -v npm >/dev/null || pkgs="$pkgs npm"
	if [ -n "$pkgs" ]; then
		echo "test_dashboard: installing$pkgs" >&2
		"$REPO_DIR/scripts/install-deps.sh" $pkgs >&2 ||
			{ echo "FAIL dashboard: cannot install$pkgs"; exit 1; }
	fi
	if [ ! -d "$BROWSER_DIR/node_modules/playwright-core" ]; then
		echo "test_dashboard: npm ci in $BROWSER_DIR" >&2
		(cd "$BROWSER_DIR" && npm ci --no-audit --no-fund) >&2 ||
			{ echo "FAIL dashboard: npm ci failed"; exit 1; }
	fi
fi
e2e_netns "$@"
e2e_init dashboard
need baresip node
CTL=${CONSORTCTL:-$(dirname "$CONSORTD")/../tools/consortctl}
[ -x "$CTL" ] || fail "consortctl not found: $CTL (set CONSORTCTL)"
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is not installed"
TOKEN=dash-secret
export CONSORT_URL=http://127.0.0.1:8088 CONSORT_TOKEN=$TOKEN

consortd_conf "$OUT/consortd.conf" "http_listen 127.0.0.1:8088" \
	"api_token $TOKEN"
consortd_start "$OUT/consortd.conf"
wait_port tcp 8088 10 || fail "consortd does not listen on tcp 8088"

# a's voice: 440 Hz with a slow tremolo, so that its level moves
sox -n -r 48000 -c 2 -b 16 "$OUT/a.wav" synth 30 sine 440 vol 0.5 \
	tremolo 0.8 90 || fail "sox a.wav"
baresip_start a 5070 10000-10099 4441 "aufile,$OUT/a.wav" opus aubridge
baresip_start b 5072 10100-10199 4442 1200 opus aubridge
check "a joins" baresip_dial a sip:standup@127.0.0.1:5060
check "b joins" baresip_dial b sip:standup@127.0.0.1:5060
T_B=$(now)
wait_log 'call in ' "$CONSORTD_LOG" 5 2 || fail "no 2x 'call in'"
sleep 1

# chromium: its own HOME (crash reports, caches) in the out dir
mkdir -p "$OUT/home"
LIMIT=90 bg browser env HOME="$OUT/home" node "$BROWSER_DIR/dash.js" \
	--url "http://127.0.0.1:8088/?token=$TOKEN" --out "$OUT" \
	--who a@127.0.0.1 --parts 2 --sample 4 --hold 3 --kick b@127.0.0.1
BROWSER_PID=$LAST_PID
wait_exit "$BROWSER_PID" 85 || note_fail "dash.js did not finish"
check "dash.js exit 0 (rc=$WAIT_RC)" [ "$WAIT_RC" = 0 ]
RES=$(grep -E '^\{' "$OUT/browser.log" | tail -n 1)
echo "$RES" >"$OUT/browser.json"
[ -n "$RES" ] || fail "no result from dash.js"
# res PYEXPR: evaluate over dash.js's result r.
res() {
	"$PY" -c 'import json, sys
r = json.load(open(sys.argv[1]))
v = eval("(" + sys.argv[2] + ")")
print(v) if not isinstance(v, bool) else sys.exit(0 if v else 1)' \
		"$OUT/browser.json" "$1"
}
ID_A=$(res 'r.get("id", "")')
log "dashboard: a is participant $ID_A;" \
	"levels $(res 'sorted(set(r.get("levels", [])))')," \
	"talking in $(res 'r.get("talking", 0)') samples"
check "the page shows room standup with a" res 'r.get("room") == "standup"'
check "a's level bar moves (>= 3 distinct levels)" \
	res 'len(set(r["levels"])) >= 3'
check "a's level bar fills (> 20 %)" res 'max(r["widths"]) > 20'
check "a's talking dot lights up" res 'r["talking"] >= 3'
check "no errors in the browser console" res 'r["console"] == []'
check "dashboard.png saved" test -s "$OUT/dashboard.png"
check "dashboard-muted.png saved" test -s "$OUT/dashboard-muted.png"
check "Kick asks first ('Sure?')" res 'r.get("kick_asks") == "Sure?"'
check "b's row is gone after the second click on Kick" \
	res 'r.get("kicked", 0) > 0'
check "dashboard-kicked.png saved" test -s "$OUT/dashboard-kicked.png"

# the click went through the API
timeout 10 "$CTL" room standup --json >"$OUT/room.json" 2>&1
check "API: a muted after the click" "$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if [p["muted"] for p in d["participants"]
               if p["id"] == int(sys.argv[2])] == [True] else 1)' \
	"$OUT/room.json" "$ID_A"
check "API: b kicked (not in the room)" "$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if [p["uri"] for p in d["participants"]] and
         not [p for p in d["participants"] if p["uri"].startswith("sip:b@")]
         else 1)' "$OUT/room.json"
check "consortd logged b kicked" \
	grep -q -E 'call out room=standup .*reason=kicked' "$CONSORTD_LOG"

CTRL_TIMEOUT=3 baresip_cmd a hangup
for u in a b; do baresip_quit "$u"; done
consortd_stop 5

# b's audio: 440 Hz before the click, none after
TC=$(calc "$(res 'r.get("click_ms", 0)') / 1000")
TM=$(calc "$(res 'r.get("muted_ms", 0)') / 1000")
TK=$(calc "$(res 'r.get("kick_ms", 0)') / 1000")
DB=$(baresip_dump b)
log "b: dump $(wav_seconds "$DB") s; click on mute at +$(calc "$TC - $T_B")" \
	"s, row muted at +$(calc "$TM - $T_B") s, kicked at +$(calc "$TK - $T_B") s"
# win FROM TO: freq.py --start/--dur for epochs FROM..TO in b's dump
win() { echo "--start $(calc "$1 - $T_B") --dur $(calc "$2 - $1")"; }
# shellcheck disable=SC2046
{
check "b hears a (440 Hz) before the click" tone_check "$DB" \
	$(win "$(calc "$TC - 3")" "$(calc "$TC - 0.3")") --present 440
check "b does not hear a (440 Hz) after the click" tone_check "$DB" \
	$(win "$(calc "$TM + 0.6")" "$(calc "$TK - 0.2")") --absent 440 \
	--quiet-level -70
}
finish
