#!/bin/bash
# test_api_dial.sh: dial out, drain and reload through the API.
#   dial: baresip a (440 Hz) is in room standup; POST .../dial calls
#     baresip x (1200 Hz, answermode manual): x rings, the event stream
#     shows dial.progress 180 for the promised id, x accepts and joins
#     (participant.joined with that id, in GET room with its URI), a hears
#     1200 and x hears 440; a URI that refuses gives dial.failed 503;
#   drain: y's INVITE for a new room gets 503 (Retry-After) and a dial
#     into a new room 503 draining, while y can still join standup and a
#     still hears x; {"drain": false} undoes it;
#   reload: a new config (rtp_port_min changed, api_token set) answers
#     restart_needed ["rtp_port_min"] and the token is required at once;
#     a broken config gives 400 bad_request naming file:line, the running
#     config stays; SIGHUP reloads too.
. "$(dirname "$0")/lib.sh"
e2e_netns "$@"
e2e_init api_dial
need baresip
URL=http://127.0.0.1:8088
ROOM=/v1/rooms/standup

api() {
	echo "--- api.py $*" >>"$OUT/api.log"
	"$PY" "$E2E_TOOLS/api.py" --url "$URL" "$@" 2>>"$OUT/api.log"
}
win() { echo "--start $(calc "$2 - $1") --dur $(calc "$3 - $2")"; }
# sse_has PYEXPR SECS: until an event d (its data) of sse.jsonl makes
# PYEXPR true.
sse_has() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		"$PY" -c 'import json, sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    d = e.get("data")
    if isinstance(d, dict) and eval(sys.argv[2]):
        sys.exit(0)
sys.exit(1)' "$OUT/sse.jsonl" "$1" && return 0
		sleep 0.1
	done
	log "no event with $1"
	return 1
}

consortd_conf "$OUT/consortd.conf"
consortd_start "$OUT/consortd.conf"
wait_port tcp 8088 10 || fail "consortd does not listen on tcp 8088"
LIMIT=60 bg sse "$PY" "$E2E_TOOLS/sse.py" --url "$URL" --duration 50 \
	--out "$OUT/sse.jsonl"

baresip_start a 5070 10000-10099 4441 440 opus aubridge
baresip_start y 5074 10200-10299 4443 700 opus aubridge
# x answers by hand: it rings (180) until told to accept
"$E2E_DIR/baresip_conf.sh" "$OUT/x.cfg" x 5080 10100-10199 4442 1200 \
	"$OUT/x.dump" opus aubridge || fail "baresip_conf.sh x"
sed -i 's/answermode=auto/answermode=manual/' "$OUT/x.cfg/accounts"
_BS_CTRL[x]=4442
bg x baresip -f "$OUT/x.cfg"
wait_port tcp 4442 10 || fail "baresip x did not start"

check "a joins" baresip_dial a sip:standup@127.0.0.1:5060
T_A=$(now)
wait_log 'call in ' "$CONSORTD_LOG" 5 1 || fail "a did not join"
sleep 2

# --- dial ------------------------------------------------------------------
LIMIT=20 bg xring "$PY" "$E2E_TOOLS/baresip_ctrl.py" --port 4442 \
	--timeout 10 --wait-event CALL_INCOMING
sleep 0.3
T_DIAL=$(now)
X=$(api --expect 202 --check "j['uri'] == 'sip:x@127.0.0.1:5080'" \
	--print "j['dial']" POST $ROOM/dial '{"uri": "sip:x@127.0.0.1:5080"}')
log "dial id: $X"
[ -n "$X" ] || fail "dial was not accepted"
check "x rings (CALL_INCOMING)" wait_exit "$xring_PID" 10
check "dial.progress 180 for the promised id" \
	sse_has "d['type'] == 'dial.progress' and d['status'] == 180 and \
d['participant'] == $X and d['uri'] == 'sip:x@127.0.0.1:5080'" 3
check "not in the room while ringing" api --expect 200 \
	--check "j['participant_count'] == 1" GET $ROOM
check "x accepts" baresip_cmd x accept --wait-event CALL_ESTABLISHED
T_X=$(now)
check "participant.joined for the promised id" \
	sse_has "d['type'] == 'participant.joined' and \
d['participant'] == $X and d['uri'] == 'sip:x@127.0.0.1:5080'" 3
check "x is in the room with its URI and address" api --expect 200 \
	--check "j['participant_count'] == 2" \
	--check "[(p['uri'], p['remote'], p['codec']) for p in \
j['participants'] if p['id'] == $X] == [('sip:x@127.0.0.1:5080', \
'127.0.0.1:5080', 'opus/48000')]" GET $ROOM
check "status counts 2 calls" api --expect 200 \
	--check "j['calls'] == 2 and j['participants'] == 2" GET /v1/status
check "consortd logs the dialled call in" \
	grep -q "call in room=standup part=$X .* dialled" "$CONSORTD_LOG"
check "dial a URI that refuses: 202" api --expect 202 \
	POST $ROOM/dial '{"uri": "sip:nobody@127.0.0.1:5999;transport=tcp"}'
check "dial.failed 503 for it" sse_has "d['type'] == 'dial.failed' and \
d['status'] == 503 and d['uri'].startswith('sip:nobody@')" 5
sleep 2

# --- drain -----------------------------------------------------------------
T_DRAIN=$(now)
check "drain: draining true" api --expect 200 \
	--check "j == {'draining': True}" POST /v1/drain
CTRL_TIMEOUT=8 baresip_cmd y "dial sip:newroom@127.0.0.1:5060" \
	--wait-event CALL_CLOSED
check "y's INVITE for a new room gets 503" \
	grep -q '503 Service Unavailable' "$OUT/y.ctrl.log"
check "consortd logs the 503" grep -q 'call rejected code=503' \
	"$CONSORTD_LOG"
check "a dial into a new room: 503 draining" api --expect 503 \
	--check "j['error']['code'] == 'draining'" \
	POST /v1/rooms/newroom/dial '{"uri": "sip:x@127.0.0.1:5080"}'
check "y can still join the existing room" \
	baresip_dial y sip:standup@127.0.0.1:5060
check "status: draining, 3 participants" api --expect 200 \
	--check "j['draining'] is True and j['participants'] == 3" \
	GET /v1/status
sleep 2.5
T_UNDRAIN=$(now)
check "drain off" api --expect 200 --check "j == {'draining': False}" \
	POST /v1/drain '{"drain": false}'

# --- reload ------------------------------------------------------------------
cp "$OUT/consortd.conf" "$OUT/consortd.conf.orig"
echo "rtp_port_min 20002" >>"$OUT/consortd.conf"
echo "api_token tok2" >>"$OUT/consortd.conf"
check "reload: 200, restart_needed [rtp_port_min]" api --expect 200 \
	--check "j == {'reloaded': True, 'restart_needed': ['rtp_port_min']}" \
	POST /v1/reload
check "the new token is required at once (401 without)" api --expect 401 \
	GET /v1/status
check "... and accepted" api --token tok2 --expect 200 GET /v1/status
echo "bogus_key 1" >>"$OUT/consortd.conf"
BAD_LINE=$(wc -l <"$OUT/consortd.conf")
check "reload of a broken config: 400 with file:line" api --token tok2 \
	--expect 400 --check "j['error']['code'] == 'bad_request'" \
	--check "'consortd.conf:$BAD_LINE:' in j['error']['message']" \
	--check "'bogus_key' in j['error']['message']" POST /v1/reload
check "the running config stays (token still required)" api --expect 401 \
	GET /v1/rooms
cp "$OUT/consortd.conf.orig" "$OUT/consortd.conf"
kill -HUP "$CONSORTD_CPID"
check "SIGHUP reloads (the token is gone again)" \
	wait_log 'reloaded .*consortd.conf' "$CONSORTD_LOG" 3 2
check "no token needed after the SIGHUP" api --expect 200 GET /v1/rooms

for u in a x y; do CTRL_TIMEOUT=3 baresip_cmd "$u" hangup; done
T_END=$(now)
check "consortd logged 3x 'call out'" wait_log 'call out ' "$CONSORTD_LOG" 5 3
kill "$(child_pid "$sse_PID")" 2>/dev/null
for u in a x y; do baresip_quit "$u"; done
consortd_stop 5

# --- audio -------------------------------------------------------------------
DA=$(baresip_dump a) DX=$(baresip_dump x)
# shellcheck disable=SC2046
{
check "a hears x (1200) once x joined" tone_check "$DA" \
	$(win "$T_A" "$(calc "$T_X + 0.8")" "$(calc "$T_DRAIN - 0.2")") \
	--present 1200
check "x hears a (440)" tone_check "$DX" \
	$(win "$T_X" "$(calc "$T_X + 0.8")" "$(calc "$T_DRAIN - 0.2")") \
	--present 440 --absent 1200
check "a still hears x (1200) and y (700) while draining" \
	tone_check "$DA" \
	$(win "$T_A" "$(calc "$T_UNDRAIN - 2")" "$(calc "$T_UNDRAIN - 0.1")") \
	--present 1200,700
check "a (alone) heard no 1200 Hz before the dial" tone_check "$DA" \
	$(win "$T_A" "$(calc "$T_A + 0.5")" "$(calc "$T_DIAL - 0.1")") \
	--absent 1200 --quiet-level -60
}
finish
