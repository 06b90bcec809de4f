#!/bin/bash
# test_api_calls.sh: the room and participant endpoints against real calls.
# baresip a (440 Hz), b (700 Hz) and c (1030 Hz) are in room standup; an
# event stream (?levels=1) records from the start.
#   status, rooms, room (every participant field; a's display name from
#   its From header), participant;
#   mute a: b stops hearing 440 (still hears 1030), unmute: hears it again;
#   deaf b: b hears neither 440 nor 1030, undeaf: both again;
#   gain (one field keeps the other; out of range 400);
#   play a WAV (1500 Hz): a and b hear it, "playing" names it, play.done;
#   play an Ogg Opus file (1800 Hz) with loop: still heard after its own
#   length, gone after DELETE .../play;
#   kick c: c gets a BYE (baresip CALL_CLOSED), events kicked + left;
#   lock: d's INVITE gets 403, unlock: d joins; /metrics has the
#   per-participant series;
#   DELETE the room: a, b, d get a BYE, the room is gone (404);
#   the events for a are in order joined < talking.start < muted <
#   unmuted < left (room_ended), and level events carry a's level.
. "$(dirname "$0")/lib.sh"
e2e_netns "$@"
e2e_init api_calls
need baresip sox ffmpeg
URL=http://127.0.0.1:8088
ROOM=/v1/rooms/standup

api() {
	echo "--- api.py $*" >>"$OUT/api.log"
	"$PY" "$E2E_TOOLS/api.py" --url "$URL" "$@" 2>>"$OUT/api.log"
}
# pid_of USER: the participant id of sip:USER@ in standup.
pid_of() {
	api --print "[p['id'] for p in j['participants'] if \
p['uri'].startswith('sip:$1@')][0]" GET $ROOM
}
# win DUMP_T0 FROM TO: freq.py --start/--dur for epochs FROM..TO in a
# dump that starts at epoch DUMP_T0.
win() { echo "--start $(calc "$2 - $1") --dur $(calc "$3 - $2")"; }

sox -n -r 16000 -c 1 "$OUT/tone1500.wav" synth 3 sine 1500 vol 0.5 ||
	fail "sox"
ffmpeg -loglevel error -f lavfi -i "sine=frequency=1800:duration=2" \
	-c:a libopus -b:a 48k "$OUT/tone1800.opus" || fail "ffmpeg opus"

consortd_conf "$OUT/consortd.conf"
consortd_start "$OUT/consortd.conf"
wait_port tcp 8088 10 || fail "consortd does not listen on tcp 8088"
LIMIT=90 bg sse "$PY" "$E2E_TOOLS/sse.py" --url "$URL" --levels \
	--duration 80 --out "$OUT/sse.jsonl"

# a has a display name (From: "Alice A" <sip:a@...>)
"$E2E_DIR/baresip_conf.sh" "$OUT/a.cfg" a 5070 10000-10099 4441 440 \
	"$OUT/a.dump" opus aubridge || fail "baresip_conf.sh a"
sed -i 's/^</"Alice A" </' "$OUT/a.cfg/accounts"
_BS_CTRL[a]=4441
bg a baresip -f "$OUT/a.cfg"
wait_port tcp 4441 10 || fail "baresip a did not start"
baresip_start b 5072 10100-10199 4442 700 opus aubridge
baresip_start c 5074 10200-10299 4443 1030 opus aubridge
baresip_start d 5076 10300-10399 4444 1200 opus aubridge
check "a joins" baresip_dial a sip:standup@127.0.0.1:5060
T_A=$(now)
check "b joins" baresip_dial b sip:standup@127.0.0.1:5060
T_B=$(now)
check "c joins" baresip_dial c sip:standup@127.0.0.1:5060
wait_log 'call in ' "$CONSORTD_LOG" 5 3 || fail "no 3x 'call in'"
sleep 2.5

# --- read ----------------------------------------------------------------
check "status: 1 room, 3 participants, 3 calls, 2 workers" \
	api --expect 200 --check "j['version'] == '0.1.0'" \
	--check "j['rooms'] == 1 and j['participants'] == 3" \
	--check "j['calls'] == 3 and j['draining'] is False" \
	--check "j['uptime_s'] >= 0 and len(j['workers']) == 2" \
	--check "sorted(w['index'] for w in j['workers']) == [0, 1]" \
	--check "sum(w['room_names'] == ['standup'] for w in j['workers']) \
== 1" --check "sum(w['participants'] for w in j['workers']) == 3" \
	--check "all(w['tick_p99_us'] >= w['tick_p50_us'] >= 0 and \
w['overruns'] >= 0 and w['encoders'] >= 0 for w in j['workers'])" \
	GET /v1/status
check "rooms: standup with 3, without the participant list" \
	api --expect 200 --check "len(j['rooms']) == 1" \
	--check "j['rooms'][0]['name'] == 'standup'" \
	--check "j['rooms'][0]['participant_count'] == 3" \
	--check "'participants' not in j['rooms'][0]" \
	--check "j['rooms'][0]['locked'] is False" GET /v1/rooms
P='j["participants"]'
check "room: every participant field" \
	api --expect 200 --check "j['name'] == 'standup' and j['id'] > 0" \
	--check "j['worker'] in (0, 1) and j['playing'] is None" \
	--check "j['created_at'].endswith('Z')" \
	--check "len(j['created_at']) == 24" \
	--check "j['participant_count'] == 3 and len($P) == 3" \
	--check "sorted(p['uri'] for p in $P) == ['sip:a@127.0.0.1:5070', \
'sip:b@127.0.0.1:5072', 'sip:c@127.0.0.1:5074']" \
	--check "sorted(p['remote'] for p in $P) == ['127.0.0.1:5070', \
'127.0.0.1:5072', '127.0.0.1:5074']" \
	--check "all(p['codec'] == 'opus/48000' for p in $P)" \
	--check "sorted(p['display_name'] for p in $P) == ['', '', 'Alice A']" \
	--check "all(p['hold'] is False for p in $P)" \
	--check "all(p['muted'] is False and p['deaf'] is False for p in $P)" \
	--check "all(p['talking'] is True and p['level_dbov'] > -40 \
for p in $P)" \
	--check "all(p['gain_in_db'] == 0 and p['gain_out_db'] == 0 \
for p in $P)" \
	--check "all(p['rx_packets'] > 50 and p['tx_packets'] > 50 \
for p in $P)" \
	--check "all(p['jitter_ms'] >= 0 and p['loss_pct'] >= 0 and \
p['jb_delay_ms'] >= 0 and p['rtt_ms'] >= 0 for p in $P)" \
	--check "all(p['concealed_samples'] >= 0 and p['fec_recovered'] >= 0 \
for p in $P)" \
	--check "all(p['joined_at'] >= j['created_at'] for p in $P)" \
	--check "len(set(p['id'] for p in $P)) == 3" GET $ROOM
A=$(pid_of a) B=$(pid_of b) C=$(pid_of c)
log "participants: a=$A b=$B c=$C"
[ -n "$A" ] && [ -n "$B" ] && [ -n "$C" ] || fail "no participant ids"
check "participant: GET one" api --expect 200 \
	--check "j['id'] == $A and j['uri'] == 'sip:a@127.0.0.1:5070'" \
	GET $ROOM/participants/$A

# --- mute / deaf -------------------------------------------------------
T_MUTE=$(now)
check "mute a: 200 with muted true" api --expect 200 \
	--check "j['id'] == $A and j['muted'] is True" \
	--check "j['talking'] is False" \
	POST $ROOM/participants/$A/mute
check "room shows a muted at once" api --expect 200 \
	--check "[p['muted'] for p in $P if p['id'] == $A] == [True]" GET $ROOM
sleep 3
T_UNMUTE=$(now)
check "unmute a: muted false" api --expect 200 \
	--check "j['muted'] is False" POST $ROOM/participants/$A/unmute
sleep 2.5
T_DEAF=$(now)
check "deaf b: deaf true" api --expect 200 \
	--check "j['deaf'] is True and j['muted'] is False" \
	POST $ROOM/participants/$B/deaf
sleep 3
T_UNDEAF=$(now)
check "undeaf b: deaf false" api --expect 200 \
	--check "j['deaf'] is False" POST $ROOM/participants/$B/undeaf

# --- gain ----------------------------------------------------------------
check "gain in -6: out stays 0" api --expect 200 \
	--check "j['gain_in_db'] == -6 and j['gain_out_db'] == 0" \
	PUT $ROOM/participants/$C/gain '{"in_db": -6}'
check "gain out 3.5: in stays -6" api --expect 200 \
	--check "j['gain_in_db'] == -6 and j['gain_out_db'] == 3.5" \
	PUT $ROOM/participants/$C/gain '{"out_db": 3.5}'
check "gain out of range: 400 bad_request" api --expect 400 \
	--check "j['error']['code'] == 'bad_request'" \
	PUT $ROOM/participants/$C/gain '{"in_db": 13}'
check "gain without a field: 400" api --expect 400 \
	PUT $ROOM/participants/$C/gain '{}'
check "gain back to 0/0" api --expect 200 \
	--check "j['gain_in_db'] == 0 and j['gain_out_db'] == 0" \
	PUT $ROOM/participants/$C/gain '{"in_db": 0, "out_db": 0}'
sleep 1

# --- play ----------------------------------------------------------------
T_PLAY=$(now)
check "play the WAV: 202, 3000 ms" api --expect 202 \
	--check "j['playing'] == '$OUT/tone1500.wav'" \
	--check "2950 <= j['duration_ms'] <= 3050" \
	POST $ROOM/play "{\"file\": \"$OUT/tone1500.wav\"}"
check "room: playing names the file" api --expect 200 \
	--check "j['playing'] == '$OUT/tone1500.wav'" GET $ROOM
check "play.done within 5 s" wait_log 'play done room=standup' \
	"$CONSORTD_LOG" 5
sleep 0.2
check "room: playing null after play.done" api --expect 200 \
	--check "j['playing'] is None" GET $ROOM
sleep 0.5
T_PLAY2=$(now)
check "play the Ogg Opus file with loop: 202, 2000 ms" api --expect 202 \
	--check "1950 <= j['duration_ms'] <= 2100" \
	POST $ROOM/play "{\"file\": \"$OUT/tone1800.opus\", \"loop\": true}"
sleep 3.5
T_STOP=$(now)
check "stop: 200 stopped" api --expect 200 --check "j == {'stopped': True}" \
	DELETE $ROOM/play
check "stop again: stopped false" api --expect 200 \
	--check "j == {'stopped': False}" DELETE $ROOM/play
sleep 2

# --- kick ----------------------------------------------------------------
LIMIT=20 bg cwait "$PY" "$E2E_TOOLS/baresip_ctrl.py" --port 4443 \
	--timeout 10 --wait-event CALL_CLOSED
sleep 0.3
check "kick c: 200 {kicked: C}" api --expect 200 \
	--check "j == {'kicked': $C}" DELETE $ROOM/participants/$C
check "c gets a BYE (CALL_CLOSED)" wait_exit "$cwait_PID" 10
check "c's ctrl saw CALL_CLOSED" grep -q CALL_CLOSED "$OUT/cwait.log"
check "room has 2 participants" api --expect 200 \
	--check "j['participant_count'] == 2" GET $ROOM

# --- lock ----------------------------------------------------------------
check "lock: 200, locked" api --expect 200 --check "j['locked'] is True" \
	--check "len(j['participants']) == 2" POST $ROOM/lock
CTRL_TIMEOUT=8 baresip_cmd d "dial sip:standup@127.0.0.1:5060" \
	--wait-event CALL_CLOSED
check "d's INVITE to the locked room gets 403" \
	grep -q '403 Forbidden' "$OUT/d.ctrl.log"
check "consortd logs code=403" grep -q 'call rejected code=403' \
	"$CONSORTD_LOG"
check "unlock: locked false" api --expect 200 \
	--check "j['locked'] is False" POST $ROOM/unlock
check "d joins once unlocked" baresip_dial d sip:standup@127.0.0.1:5060
sleep 1.5
api --print b GET /metrics >"$OUT/metrics.txt"
check "/metrics: 3 participants with per-participant series" \
	"$PY" "$E2E_TOOLS/promcheck.py" "$OUT/metrics.txt" \
	--expect 'consort_rooms == 1' --expect 'consort_participants == 3' \
	--expect 'count(consort_participant_jitter_seconds) == 3' \
	--expect 'count(consort_participant_loss_ratio) == 3' \
	--expect 'count(consort_participant_concealed_samples_total) == 3' \
	--expect 'consort_metrics_participants_omitted == 0' \
	--expect \
	'count(consort_participant_jitter_buffer_delay_seconds) == 3' \
	--expect 'consort_calls_total{result="ok"} == 4' \
	--expect 'consort_calls_total{result="rejected"} == 1' \
	--expect "consort_participant_loss_ratio{room=\"standup\",\
participant=\"$A\"} >= 0"

# --- end the room ----------------------------------------------------------
LIMIT=20 bg await "$PY" "$E2E_TOOLS/baresip_ctrl.py" --port 4441 \
	--timeout 10 --wait-event CALL_CLOSED
sleep 0.3
T_END=$(now)
check "DELETE the room: ended with 3" api --expect 200 \
	--check "j == {'ended': 'standup', 'participants': 3}" DELETE $ROOM
check "a gets a BYE" wait_exit "$await_PID" 10
check "the room is gone: 404 room_not_found" api --expect 404 \
	--check "j['error']['code'] == 'room_not_found'" GET $ROOM
check "consortd logged 4x 'call out'" wait_log 'call out ' "$CONSORTD_LOG" 5 4
sleep 0.5
kill "$(child_pid "$sse_PID")" 2>/dev/null
for u in a b c d; do baresip_quit "$u"; done
consortd_stop 5

# --- events --------------------------------------------------------------
check "events for a: joined < talking.start < muted < unmuted < left" \
	"$PY" -c 'import json, sys
a = int(sys.argv[2])
ev = [json.loads(x) for x in open(sys.argv[1])]
ev = [e for e in ev if "event" in e]
seq = [e["data"]["seq"] for e in ev if e["event"] != "level"]
assert seq == sorted(seq) and len(set(seq)) == len(seq), seq
mine = [e["data"] for e in ev if e["event"] != "level" and
        e["data"].get("participant") == a]
types = [d["type"] for d in mine]
want = ["participant.joined", "talking.start", "participant.muted",
        "participant.unmuted", "participant.left"]
idx = [types.index(t) for t in want]
assert idx == sorted(idx), types
left = mine[types.index("participant.left")]
assert left["reason"] == "room_ended", left
assert mine[0]["uri"] == "sip:a@127.0.0.1:5070", mine[0]
assert "talking.stop" in types[idx[1]:idx[3]], types' \
	"$OUT/sse.jsonl" "$A"
check "events: deaf/undeaf b, kicked + left(kicked) c, play.done, \
lock/unlock, room.created/ended" "$PY" -c 'import json, sys
b, c = int(sys.argv[2]), int(sys.argv[3])
ev = [json.loads(x)["data"] for x in open(sys.argv[1])
      if "event" in json.loads(x) and json.loads(x)["event"] != "level"]
t = [(d["type"], d.get("participant")) for d in ev]
assert ("participant.deaf", b) in t and ("participant.undeaf", b) in t, t
k = t.index(("participant.kicked", c))
assert t[k + 1] == ("participant.left", c), t[k:k + 2]
assert ev[k + 1]["reason"] == "kicked", ev[k + 1]
names = [x[0] for x in t]
assert names.count("play.done") == 1, names
for n in ("room.locked", "room.unlocked", "room.created", "room.ended"):
    assert names.count(n) == 1, (n, names)
assert names[0] == "room.created" and names[-1] == "room.ended", names
assert all(d["room"] == "standup" for d in ev)' \
	"$OUT/sse.jsonl" "$B" "$C"
check "level events every ~200 ms carry a's level" "$PY" -c 'import json, sys
a = sys.argv[2]
lv = [json.loads(x) for x in open(sys.argv[1])]
lv = [e for e in lv if e.get("event") == "level"]
assert len(lv) > 50, len(lv)
assert all(e["id"] is None and e["data"]["room"] == "standup" for e in lv)
loud = [e for e in lv if e["data"]["levels"].get(a, -99) > -40]
assert len(loud) > 20, len(loud)
gaps = [y["t"] - x["t"] for x, y in zip(lv, lv[1:])]
gaps.sort()
assert 0.1 < gaps[len(gaps) // 2] < 0.35, gaps[len(gaps) // 2]' \
	"$OUT/sse.jsonl" "$A"

# --- audio ---------------------------------------------------------------
DA=$(baresip_dump a) DB=$(baresip_dump b)
# shellcheck disable=SC2046
{
check "b hears a (440) before the mute" tone_check "$DB" \
	$(win "$T_B" "$(calc "$T_MUTE - 2")" "$(calc "$T_MUTE - 0.2")") \
	--present 440,1030
check "b does not hear a (440) while muted, still hears c (1030)" \
	tone_check "$DB" \
	$(win "$T_B" "$(calc "$T_MUTE + 0.6")" "$(calc "$T_UNMUTE - 0.2")") \
	--present 1030 --absent 440
check "b hears a (440) again after the unmute" tone_check "$DB" \
	$(win "$T_B" "$(calc "$T_UNMUTE + 0.6")" "$(calc "$T_DEAF - 0.2")") \
	--present 440,1030
check "deaf b hears neither a (440) nor c (1030)" tone_check "$DB" \
	$(win "$T_B" "$(calc "$T_DEAF + 1.2")" "$(calc "$T_UNDEAF - 0.2")") \
	--absent 440,1030 --quiet-level -60
check "a still hears c (1030) while b is deaf" tone_check "$DA" \
	$(win "$T_A" "$(calc "$T_DEAF + 1.2")" "$(calc "$T_UNDEAF - 0.2")") \
	--present 700,1030
check "b hears 440 and 1030 after the undeaf" tone_check "$DB" \
	$(win "$T_B" "$(calc "$T_UNDEAF + 0.6")" "$(calc "$T_PLAY - 0.2")") \
	--present 440,1030
check "a hears the WAV (1500 Hz) while it plays" tone_check "$DA" \
	$(win "$T_A" "$(calc "$T_PLAY + 0.5")" "$(calc "$T_PLAY + 2.5")") \
	--present 1500,700
check "b hears the WAV (1500 Hz) while it plays" tone_check "$DB" \
	$(win "$T_B" "$(calc "$T_PLAY + 0.5")" "$(calc "$T_PLAY + 2.5")") \
	--present 1500,440
check "no 1500 Hz before the play" tone_check "$DA" \
	$(win "$T_A" "$(calc "$T_PLAY - 1.5")" "$(calc "$T_PLAY - 0.2")") \
	--present 700 --absent 1500
check "the looped Opus file (1800 Hz) is heard after its 2 s" \
	tone_check "$DA" \
	$(win "$T_A" "$(calc "$T_PLAY2 + 2.3")" "$(calc "$T_STOP - 0.1")") \
	--present 1800
check "no 1800 Hz after the stop" tone_check "$DA" \
	$(win "$T_A" "$(calc "$T_STOP + 0.5")" "$(calc "$T_STOP + 1.8")") \
	--present 700 --absent 1800
}
finish
