#!/bin/bash
# test_consortctl.sh: consortctl against a real consortd (api_token set)
# with baresip callers a (440 Hz) and b (700 Hz) in room standup, and c
# (1030 Hz) to dial out to. Each verb's human output, --json output and
# exit code: status, rooms, room, mute/unmute and deaf/undeaf (reflected
# in `room`), gain (and out of range: 400), lock (c's INVITE gets 403) /
# unlock, drain (status says so) / drain --off, reload, play/stop of a
# WAV, dial c, kick b, end; `events` (and --json) running in the
# background saw the joins, the mute and the kick. Errors: unknown room
# and participant exit 1 with their message, bad usage exit 2,
# unreachable server exit 3, wrong token exit 1 with 401.
. "$(dirname "$0")/lib.sh"
e2e_netns "$@"
e2e_init consortctl
need baresip sox
CTL=${CONSORTCTL:-$(dirname "$CONSORTD")/../tools/consortctl}
[ -x "$CTL" ] || fail "consortctl not found: $CTL (set CONSORTCTL)"
TOKEN=e2e-secret
export CONSORT_URL=http://127.0.0.1:8088 CONSORT_TOKEN=$TOKEN

# ctl NAME ARGS...: run consortctl; stdout and stderr in
# $OUT/ctl-NAME.out/.err, exit status in RC.
ctl() {
	local name=$1
	shift
	timeout -k 2 20 "$CTL" "$@" >"$OUT/ctl-$name.out" \
		2>"$OUT/ctl-$name.err"
	RC=$?
	log "consortctl $* -> $RC: $(head -n 4 "$OUT/ctl-$name.out" |
		cut -c1-120 | paste -s -d'|') $(paste -s -d'|' \
		"$OUT/ctl-$name.err")"
}
out() { cat "$OUT/ctl-$1.out"; }
err() { cat "$OUT/ctl-$1.err"; }
# jq_ok NAME PYEXPR: the --json output of NAME, as d, makes PYEXPR true.
jq_ok() {
	"$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if eval("(" + sys.argv[2] + ")") else 1)' "$OUT/ctl-$1.out" "$2"
}
# jq_val NAME PYEXPR: print PYEXPR over NAME's --json output.
jq_val() {
	"$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(eval("(" + sys.argv[2] + ")"))' "$OUT/ctl-$1.out" "$2" 2>/dev/null
}
# rc_is WANT: the last ctl's exit status is WANT.
rc_is() { [ "$RC" = "$1" ]; }
has() { grep -q -E -- "$2" "$OUT/ctl-$1.out"; }
# line_of NAME REGEX: the output lines of NAME matching REGEX.
line_of() { grep -E -- "$2" "$OUT/ctl-$1.out"; }

# --- without a server --------------------------------------------------
ctl help --help
check "--help exits 0 and lists the verbs" \
	eval 'rc_is 0 && has help "^  mute ROOM ID" && has help "^  events"'
ctl mutehelp mute --help
check "mute --help exits 0 with its usage" \
	eval 'rc_is 0 && has mutehelp "^usage: consortctl mute ROOM ID$"'
ctl usage mute standup
check "bad usage exits 2 with the usage line (rc=$RC)" \
	eval 'rc_is 2 && grep -q "^usage: consortctl mute ROOM ID" \
		"$OUT/ctl-usage.err"'
ctl badopt rooms --loop
check "an option of another verb exits 2 (rc=$RC)" rc_is 2

consortd_conf "$OUT/consortd.conf" "http_listen 127.0.0.1:8088" \
	"api_token $TOKEN"
consortd_start "$OUT/consortd.conf"
wait_port tcp 8088 10 || fail "consortd does not listen on tcp 8088"

ctl unreach --url http://127.0.0.1:1 status
check "unreachable server exits 3 (rc=$RC)" rc_is 3
check "unreachable: 'cannot reach consortd at URL: Connection refused'" \
	[ "$(err unreach)" = \
	"consortctl: cannot reach consortd at http://127.0.0.1:1: Connection refused" ]
CONSORT_TOKEN=wrong ctl badtoken rooms
check "wrong token exits 1 (rc=$RC)" rc_is 1
check "wrong token: the message names 401 unauthorized" \
	grep -q "(401 unauthorized)$" "$OUT/ctl-badtoken.err"
CONSORT_TOKEN= ctl notoken status
check "no token exits 1 with 401 (rc=$RC)" \
	eval 'rc_is 1 && grep -q "(401 unauthorized)" "$OUT/ctl-notoken.err"'

ctl rooms0 rooms
check "rooms before any call: 'no rooms' (rc=$RC)" \
	eval 'rc_is 0 && [ "$(out rooms0)" = "no rooms" ]'

LIMIT=100 bg events "$CTL" events
LIMIT=100 bg eventsjson "$CTL" events --json
sleep 0.5

baresip_start a 5070 10000-10099 4441 440 opus aubridge
baresip_start b 5072 10100-10199 4442 700 opus aubridge
baresip_start c 5074 10200-10299 4443 1030 opus aubridge
check "a joins" baresip_dial a sip:standup@127.0.0.1:5060
check "b joins" baresip_dial b sip:standup@127.0.0.1:5060
wait_log 'call in ' "$CONSORTD_LOG" 5 2 || fail "no 2x 'call in'"
sleep 2

# --- status, rooms, room ----------------------------------------------
ctl status status
check "status exits 0 (rc=$RC)" rc_is 0
check "status: version and uptime line" has status '^consortd [0-9.]+, up '
check "status: 1 room, 2 participants" \
	has status '^rooms 1, participants 2, calls [0-9]+$'
check "status: a WORKER table" has status '^WORKER +ROOMS +PARTICIPANTS'
ctl statusj status --json
check "status --json: rooms 1, participants 2, workers listed" \
	jq_ok statusj 'd["rooms"] == 1 and d["participants"] == 2 and
		len(d["workers"]) >= 1 and not d["draining"]'

ctl rooms rooms
check "rooms exits 0 (rc=$RC)" rc_is 0
check "rooms: header line" \
	has rooms '^ROOM +PARTICIPANTS +LOCKED +WORKER +PLAYING +CREATED$'
check "rooms: standup with 2 participants, not locked" \
	has rooms '^standup +2 +no +[0-9]+ '
ctl roomsj rooms --json
check "rooms --json: standup, participant_count 2" \
	jq_ok roomsj '[(r["name"], r["participant_count"]) for r in
		d["rooms"]] == [("standup", 2)]'

ctl room room standup
check "room exits 0 (rc=$RC)" rc_is 0
check "room: summary line" \
	has room '^room standup: 2 participants, unlocked, worker [0-9]+, '
check "room: participant header" \
	has room '^ID +URI +NAME +CODEC +STATE +LEVEL +JITTER +LOSS +JB DELAY +JOINED$'
check "room: a and b listed with opus" \
	eval 'has room "sip:a@127\.0\.0\.1.* opus/48000 " &&
		has room "sip:b@127\.0\.0\.1.* opus/48000 "'
ctl roomj room standup --json
ID_A=$(jq_val roomj '[p["id"] for p in d["participants"]
	if p["uri"].startswith("sip:a@")][0]')
ID_B=$(jq_val roomj '[p["id"] for p in d["participants"]
	if p["uri"].startswith("sip:b@")][0]')
log "participant ids: a=$ID_A b=$ID_B"
[ -n "$ID_A" ] && [ -n "$ID_B" ] || fail "no ids for a and b in room --json"

# --- participant verbs --------------------------------------------------
ctl mute mute standup "$ID_A"
check "mute exits 0 (rc=$RC)" rc_is 0
check "mute: 'participant ID (sip:a@...) in standup: muted'" \
	has mute "^participant $ID_A \(sip:a@[^)]*\) in standup: muted, "
ctl room_m room standup
check "room shows a muted" \
	eval 'line_of room_m "^ *$ID_A +sip:a@" | grep -q " muted"'
check "room shows b not muted" \
	eval '! line_of room_m "^ *$ID_B +sip:b@" | grep -q "muted"'
ctl roomj_m room standup --json
check "room --json: a muted" jq_ok roomj_m "[p['muted'] for p in
	d['participants'] if p['id'] == $ID_A] == [True]"
ctl unmute unmute standup "$ID_A" --json
check "unmute --json exits 0 with muted false (rc=$RC)" \
	eval "rc_is 0 && jq_ok unmute 'd[\"id\"] == $ID_A and not d[\"muted\"]'"
ctl room_u room standup
check "room shows a no longer muted" \
	eval '! line_of room_u "^ *$ID_A +sip:a@" | grep -q "muted"'

ctl deaf deaf standup "$ID_B"
check "deaf exits 0: 'deaf'" \
	eval 'rc_is 0 && has deaf "^participant $ID_B .* in standup: not muted, deaf, "'
ctl room_d room standup
check "room shows b deaf" \
	eval 'line_of room_d "^ *$ID_B +sip:b@" | grep -q " deaf"'
ctl undeaf undeaf standup "$ID_B"
check "undeaf exits 0: 'hears the room'" \
	eval 'rc_is 0 && has undeaf "hears the room"'

ctl gain gain standup "$ID_A" --in -3 --out 6
check "gain exits 0 and shows in -3 dB out 6 dB (rc=$RC)" \
	eval 'rc_is 0 && has gain "gain in -3 dB out 6 dB$"'
ctl gainj gain standup "$ID_A" --out 2 --json
check "gain --json: gain_in_db -3 kept, gain_out_db 2" \
	jq_ok gainj 'd["gain_in_db"] == -3 and d["gain_out_db"] == 2'
ctl gainbad gain standup "$ID_A" --in 40
check "gain out of range exits 1 with 400 bad_request (rc=$RC)" \
	eval 'rc_is 1 && grep -q "(400 bad_request)$" "$OUT/ctl-gainbad.err"'

# --- errors -------------------------------------------------------------
ctl noroom room nope
check "unknown room exits 1 (rc=$RC)" rc_is 1
check "unknown room: the message" [ "$(err noroom)" = \
	"consortctl: room 'nope' not found (404 room_not_found)" ]
ctl noroomj room nope --json
check "unknown room --json: the error object on stdout" \
	eval 'rc_is 1 && jq_ok noroomj "d[\"error\"][\"code\"] == \"room_not_found\""'
ctl nopart mute standup 999999
check "unknown participant exits 1 with its message (rc=$RC)" \
	eval 'rc_is 1 && [ "$(err nopart)" = "consortctl: participant 999999 not found in room '"'"'standup'"'"' (404 participant_not_found)" ]'

# --- lock / unlock ------------------------------------------------------
ctl lock lock standup
check "lock exits 0: 'room standup locked'" \
	eval 'rc_is 0 && has lock "^room standup locked"'
ctl rooms_l rooms
check "rooms shows standup locked" has rooms_l '^standup +2 +yes '
CTRL_TIMEOUT=8 baresip_cmd c "dial sip:standup@127.0.0.1:5060" \
	--wait-event CALL_CLOSED
check "c cannot join the locked room (403)" \
	grep -q '403 Forbidden' "$OUT/c.ctrl.log"
ctl unlock unlock standup
check "unlock exits 0: 'room standup unlocked'" \
	eval 'rc_is 0 && [ "$(out unlock)" = "room standup unlocked" ]'
ctl room_ul room standup --json
check "room --json: locked false" jq_ok room_ul 'd["locked"] is False'

# --- drain / reload -----------------------------------------------------
ctl drain drain
check "drain exits 0: 'draining'" eval 'rc_is 0 && has drain "^draining"'
ctl status_d status
check "status says draining" has status_d ', draining '
ctl drainoff drain --off
check "drain --off exits 0: 'not draining'" \
	eval 'rc_is 0 && has drainoff "^not draining"'
ctl status_dj status --json
check "status --json: draining false again" \
	jq_ok status_dj 'd["draining"] is False'
ctl reload reload
check "reload exits 0: 'configuration reloaded'" \
	eval 'rc_is 0 && has reload "^configuration reloaded$"'
ctl reloadj reload --json
check "reload --json: reloaded true" jq_ok reloadj 'd["reloaded"] is True'

# --- play / stop, dial --------------------------------------------------
sox -n -r 48000 -c 1 -b 16 "$OUT/announce.wav" synth 3 sine 900 vol 0.3 ||
	fail "sox announce.wav"
ctl play play standup "$OUT/announce.wav"
check "play exits 0: 'playing FILE in standup (3 s)' (rc=$RC)" \
	eval 'rc_is 0 && has play "^playing $OUT/announce.wav in standup \(3 s\)$"'
ctl stop stop standup
check "stop exits 0: 'stopped playing in standup' (rc=$RC)" \
	eval 'rc_is 0 && [ "$(out stop)" = "stopped playing in standup" ]'
ctl noplay play standup /nonexistent.wav
check "play of a missing file exits 1 with 400 (rc=$RC)" \
	eval 'rc_is 1 && grep -q "(400 bad_request)$" "$OUT/ctl-noplay.err"'

ctl dial dial standup sip:c@127.0.0.1:5074
check "dial exits 0: 'dialing sip:c@... into standup as participant N'" \
	eval 'rc_is 0 && has dial "^dialing sip:c@127.0.0.1:5074 into standup as participant [0-9]+$"'
ok=
for _ in $(seq 1 50); do
	ctl room_c room standup
	has room_c 'sip:c@' && { ok=1; break; }
	sleep 0.2
done
check "room lists c after the dial" [ -n "$ok" ]

# --- kick, end ----------------------------------------------------------
ctl kick kick standup "$ID_B"
check "kick exits 0: 'kicked participant ID from standup' (rc=$RC)" \
	eval 'rc_is 0 && [ "$(out kick)" = "kicked participant $ID_B from standup" ]'
sleep 1
ctl room_k room standup --json
check "b is gone from the room" jq_ok room_k "$ID_B not in
	[p['id'] for p in d['participants']]"
ctl end end standup
check "end exits 0: 'ended room standup (N participants hung up)'" \
	eval 'rc_is 0 && has end "^ended room standup \([0-9]+ participants hung up\)$"'
sleep 1
ctl rooms_e rooms
check "no rooms after end" [ "$(out rooms_e)" = "no rooms" ]

# --- the event streams --------------------------------------------------
sleep 0.5
GRACE=3 stop "$events_PID" "$eventsjson_PID"
EV=$OUT/events.log
check "events: 2+ joins of standup" \
	wait_log '^[0-9:.]+ participant\.joined room=standup ' "$EV" 1 2
check "events: a muted" \
	grep -q -E "participant\.muted room=standup participant=$ID_A" "$EV"
check "events: b kicked or left" grep -q -E \
	"participant\.(kicked|left) room=standup participant=$ID_B" "$EV"
check "events: room locked" grep -q -E 'room\.locked room=standup' "$EV"
check "events --json: JSON lines with participant.joined" "$PY" -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
sys.exit(0 if sum(e["type"] == "participant.joined" and
                  e["room"] == "standup" for e in ev) >= 2 else 1)' \
	"$OUT/eventsjson.log"

check "no sanitizer report from consortctl" not grep -q -E \
	'ERROR: (Address|Leak)Sanitizer|runtime error:' "$OUT"/ctl-*.err \
	"$OUT/events.log" "$OUT/eventsjson.log"

for u in a b c; do baresip_quit "$u"; done
consortd_stop 5
finish
