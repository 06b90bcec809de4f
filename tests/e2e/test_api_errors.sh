#!/bin/bash
# test_api_errors.sh: the HTTP API without callers (api_token set; events
# made by a dial that fails and by lock/unlock):
#   - consortd --check-config refuses a non-loopback http_listen without
#     api_token;
#   - webhooks: receiver A is down for the first 30 events, then up: it
#     gets all of them, then 20 more, in order, none lost; receiver B
#     stays down for all 50 with webhook_queue 40: /metrics counts 10
#     dropped, and once up B gets the 40 kept (its first, then 12..50),
#     in order;
#   - SSE: a stream open from the start has ids 1..N in order, with the
#     JSON of docs/api.md; Last-Event-ID: 3 replays 4..N; ?token= works;
#   - every error status: 401 (missing/wrong token, WWW-Authenticate),
#     404 not_found / room_not_found / participant_not_found, 405 with
#     Allow, 400 bad_json / bad_request, 413, 409 (dial into a locked
#     room), 503 draining (dial into a new room, Retry-After: 30); the
#     dashboard's files need no token, GET / does;
#   - /metrics parses and has every family; consortd exits 0.
. "$(dirname "$0")/lib.sh"
e2e_netns "$@"
e2e_init api_errors
TOKEN=s3cret
URL=http://127.0.0.1:8088
API=$E2E_TOOLS/api.py

# api ARGS...: one request (api.py), its stderr to api.log.
api() {
	echo "--- api.py $*" >>"$OUT/api.log"
	"$PY" "$API" --url "$URL" "$@" 2>>"$OUT/api.log"
}
# ok ARGS...: with the token, output discarded.
ok() { api --token "$TOKEN" "$@" >/dev/null; }
# err_is STATUS CODE ARGS...: the request fails with STATUS and an error
# body {"error": {"code": CODE, "message": "..."}} (JSON).
err_is() {
	local st=$1 code=$2
	shift 2
	api --expect "$st" --check "j['error']['code'] == '$code'" \
		--check "len(j['error']['message']) > 0" \
		--check "h['content-type'] == 'application/json'" \
		--check "list(j) == ['error'] and len(j['error']) == 2" \
		"$@" >/dev/null
}
# lines FILE: number of lines (0 if none).
lines() { [ -f "$1" ] && wc -l <"$1" || echo 0; }
# wait_lines FILE N SECS: until FILE has N lines.
wait_lines() {
	local i
	for ((i = 0; i < $3 * 10; i++)); do
		[ "$(lines "$1")" -ge "$2" ] && return 0
		sleep 0.1
	done
	log "timeout waiting for $2 lines in $1 (have $(lines "$1"))"
	return 1
}
# seqs FILE: the "seq" of each JSON line, space separated.
seqs() {
	"$PY" -c 'import json, sys
print(" ".join(str(json.loads(l)["seq"]) for l in open(sys.argv[1])))' "$1"
}
# lockflip N: N x lock + unlock of room errs (2N events).
lockflip() {
	local i
	for ((i = 0; i < $1; i++)); do
		ok --expect 200 POST /v1/rooms/errs/lock &&
			ok --expect 200 POST /v1/rooms/errs/unlock || return 1
	done
}

# --- the loopback rule -------------------------------------------------
consortd_conf "$OUT/open.conf" "http_listen 0.0.0.0:8089"
"$CONSORTD" -f "$OUT/open.conf" --check-config >"$OUT/open.log" 2>&1
RC=$?
check "--check-config refuses http_listen 0.0.0.0 without api_token" \
	eval '[ $RC != 0 ] && grep -q "http_listen.*not a loopback address" \
		"$OUT/open.log"'

# --- start; webhook receivers A and B down -----------------------------
consortd_conf "$OUT/consortd.conf" "api_token $TOKEN" "room_linger 120" \
	"webhook http://127.0.0.1:9100/a" "webhook http://127.0.0.1:9101/b" \
	"webhook_queue 40"
consortd_start "$OUT/consortd.conf"
wait_port tcp 8088 10 || fail "consortd does not listen on tcp 8088"
LIMIT=60 bg sse_all "$PY" "$E2E_TOOLS/sse.py" --url "$URL" \
	--token "$TOKEN" --duration 50 --out "$OUT/sse_all.jsonl"
wait_lines "$OUT/sse_all.jsonl" 2 5 || fail "no event stream"

check "dial into a new room with a refused URI: 202" \
	api --token "$TOKEN" --expect 202 --check "j['dial'] > 0" \
	--check "j['uri'] == 'sip:nobody@127.0.0.1:5999;transport=tcp'" \
	POST /v1/rooms/errs/dial \
	'{"uri": "sip:nobody@127.0.0.1:5999;transport=tcp"}'
check "consortd logs the dial failure" \
	wait_log 'dial failed room=errs .*status=503' "$CONSORTD_LOG" 5
check "28 lock/unlock events" lockflip 14
check "webhook A got nothing while down" [ "$(lines "$OUT/hook_a.txt")" = 0 ]

# --- receiver A up: the 30 events arrive, then 20 more ------------------
bg hook_a "$PY" "$E2E_TOOLS/hookrecv.py" --port 9100 --out "$OUT/hook_a.txt"
check "webhook A receives the 30 queued events after coming up" \
	wait_lines "$OUT/hook_a.txt" 30 10
check "20 more events" lockflip 10
check "webhook A receives 50 events" wait_lines "$OUT/hook_a.txt" 50 10
WANT=$(seq -s ' ' 1 50)
check "webhook A: seq 1..50 in order, none lost" \
	[ "$(seqs "$OUT/hook_a.txt")" = "$WANT" ]
check "webhook A: the first two are room.created and dial.failed" \
	"$PY" -c 'import json, sys
l = [json.loads(x) for x in open(sys.argv[1])]
a, b, c = l[0], l[1], l[2]
assert a["type"] == "room.created" and a["room"] == "errs", a
assert b["type"] == "dial.failed" and b["status"] == 503, b
assert b["uri"].startswith("sip:nobody@") and b["participant"] > 0, b
assert b["reason"], b
assert c["type"] == "room.locked" and l[3]["type"] == "room.unlocked", c
assert all(x["time"].endswith("Z") and len(x["time"]) == 24 for x in l)' \
	"$OUT/hook_a.txt"

ok --expect 200 GET /metrics >/dev/null
api --token "$TOKEN" --print b GET /metrics >"$OUT/metrics1.txt"
check "B's full queue dropped 10: consort_webhook_dropped_total 10" \
	"$PY" "$E2E_TOOLS/promcheck.py" "$OUT/metrics1.txt" \
	--expect 'consort_webhook_dropped_total == 10'

# --- receiver B up: the 40 it kept ------------------------------------
bg hook_b "$PY" "$E2E_TOOLS/hookrecv.py" --port 9101 --out "$OUT/hook_b.txt"
check "webhook B receives the 40 events it kept" \
	wait_lines "$OUT/hook_b.txt" 40 20
sleep 0.5
check "webhook B: seq 1 (in flight when full) then 12..50, in order" \
	[ "$(seqs "$OUT/hook_b.txt")" = "1 $(seq -s ' ' 12 50)" ]

# --- the event stream ----------------------------------------------------
check "the stream from the start has ids 1..50 in order" \
	"$PY" -c 'import json, sys
l = [json.loads(x) for x in open(sys.argv[1])]
assert l[0]["status"] == 200 and l[0]["ctype"] == "text/event-stream", l[0]
ev = [x for x in l if "event" in x]
ids = [int(x["id"]) for x in ev]
assert ids == list(range(1, len(ids) + 1)) and len(ids) >= 50, ids
for x in ev:
    d = x["data"]
    assert d["seq"] == int(x["id"]) and d["type"] == x["event"], x' \
	"$OUT/sse_all.jsonl"
"$PY" "$E2E_TOOLS/sse.py" --url "$URL" --token "$TOKEN" --last-id 3 \
	--duration 1 --out "$OUT/sse_replay.jsonl"
check "Last-Event-ID: 3 replays events 4..50 at once" \
	"$PY" -c 'import json, sys
l = [json.loads(x) for x in open(sys.argv[1])]
ids = [int(x["id"]) for x in l if "event" in x]
assert ids == list(range(4, 51)), ids' "$OUT/sse_replay.jsonl"
"$PY" "$E2E_TOOLS/sse.py" --url "$URL" --token "$TOKEN" --token-query \
	--duration 0.5 --out "$OUT/sse_query.jsonl"
check "?token= opens the event stream" \
	grep -q '"status": 200' "$OUT/sse_query.jsonl"
"$PY" "$E2E_TOOLS/sse.py" --url "$URL" --duration 0.5 \
	--out "$OUT/sse_notoken.jsonl"
check "no token: the event stream is refused with 401" \
	grep -q '"status": 401' "$OUT/sse_notoken.jsonl"

# --- errors ------------------------------------------------------------
check "401 without a token (WWW-Authenticate: Bearer)" \
	err_is 401 unauthorized --check "h['www-authenticate'] == 'Bearer'" \
	GET /v1/status
check "401 with a wrong token" err_is 401 unauthorized --token nope \
	GET /v1/rooms
check "401 for /metrics without a token" err_is 401 unauthorized \
	GET /metrics
check "?token= is accepted" api --expect 200 \
	--check "j['version'] == '0.1.0'" GET "/v1/status?token=$TOKEN"
check "GET / without a token: 401" err_is 401 unauthorized GET /
check "GET /?token=: the dashboard page" api --expect 200 \
	--check "h['content-type'].startswith('text/html')" \
	--check "'<html' in b" GET "/?token=$TOKEN"
check "the dashboard's files need no token" api --expect 200 \
	--check "h['content-type'].startswith('text/javascript')" \
	GET /dash/app.js
check "404 not_found: unknown path" err_is 404 not_found --token "$TOKEN" \
	GET /v1/nope
check "404 not_found: unknown file of the dashboard" err_is 404 not_found \
	GET /dash/nope.js
check "404 not_found: unknown room verb" err_is 404 not_found \
	--token "$TOKEN" POST /v1/rooms/errs/explode
for req in "GET /v1/rooms/nosuch" "DELETE /v1/rooms/nosuch" \
	"POST /v1/rooms/nosuch/lock" "DELETE /v1/rooms/nosuch/play" \
	"POST /v1/rooms/nosuch/participants/1/mute"; do
	# shellcheck disable=SC2086
	check "404 room_not_found: $req" err_is 404 room_not_found \
		--token "$TOKEN" $req
done
check "404 room_not_found: play into no room" err_is 404 room_not_found \
	--token "$TOKEN" POST /v1/rooms/nosuch/play '{"file": "/x.wav"}'
for req in "POST /v1/rooms/errs/participants/999/mute" \
	"GET /v1/rooms/errs/participants/abc" \
	"DELETE /v1/rooms/errs/participants/999" \
	"POST /v1/rooms/errs/participants/0/deaf"; do
	# shellcheck disable=SC2086
	check "404 participant_not_found: $req" \
		err_is 404 participant_not_found --token "$TOKEN" $req
done
check "404 participant_not_found: gain" err_is 404 participant_not_found \
	--token "$TOKEN" PUT /v1/rooms/errs/participants/7/gain '{"in_db": 1}'
check "405 PUT /v1/status, Allow: GET" err_is 405 method_not_allowed \
	--token "$TOKEN" --check "h['allow'] == 'GET'" PUT /v1/status
check "405 DELETE /v1/drain, Allow: POST" err_is 405 method_not_allowed \
	--token "$TOKEN" --check "h['allow'] == 'POST'" DELETE /v1/drain
check "405 POST /v1/rooms/errs, Allow: GET, DELETE" \
	err_is 405 method_not_allowed --token "$TOKEN" \
	--check "h['allow'] == 'GET, DELETE'" POST /v1/rooms/errs
check "400 bad_json: truncated object" err_is 400 bad_json \
	--token "$TOKEN" POST /v1/drain '{bad'
check "400 bad_json: trailing junk" err_is 400 bad_json --token "$TOKEN" \
	POST /v1/rooms/errs/dial '{"uri": "sip:a@1.2.3.4"} x'
check "400 bad_request: drain not a boolean" err_is 400 bad_request \
	--token "$TOKEN" POST /v1/drain '{"drain": "yes"}'
check "400 bad_request: body not an object" err_is 400 bad_request \
	--token "$TOKEN" POST /v1/drain '[true]'
check "400 bad_request: unknown field" err_is 400 bad_request \
	--token "$TOKEN" --check "'drian' in j['error']['message']" \
	POST /v1/drain '{"drian": true}'
check "400 bad_request: dial without uri" err_is 400 bad_request \
	--token "$TOKEN" POST /v1/rooms/errs/dial '{}'
check "400 bad_request: dial a non-SIP URI" err_is 400 bad_request \
	--token "$TOKEN" POST /v1/rooms/errs/dial '{"uri": "mailto:a@b"}'
check "400 bad_request: dial a host name (no DNS)" err_is 400 bad_request \
	--token "$TOKEN" --check "'IP address' in j['error']['message']" \
	POST /v1/rooms/errs/dial '{"uri": "sip:a@example.com"}'
check "400 bad_request: dial into a bad room name" err_is 400 bad_request \
	--token "$TOKEN" POST '/v1/rooms/bad!room/dial' '{"uri": "sip:a@1.2.3.4"}'
check "400 bad_request: play without a file name" err_is 400 bad_request \
	--token "$TOKEN" POST /v1/rooms/errs/play '{"file": 3}'
check "400 bad_request: play an unreadable file" err_is 400 bad_request \
	--token "$TOKEN" \
	--check "'/nonexistent.wav' in j['error']['message']" \
	POST /v1/rooms/errs/play '{"file": "/nonexistent.wav"}'
check "413 body_too_large: 70000 bytes" err_is 413 body_too_large \
	--token "$TOKEN" --big 70000 POST /v1/drain
check "a 60000-byte body is read (400 for its field, not 413)" \
	err_is 400 bad_request --token "$TOKEN" --big 60000 POST /v1/drain
ok --expect 200 POST /v1/rooms/errs/lock
check "409 conflict: dial into a locked room" err_is 409 conflict \
	--token "$TOKEN" POST /v1/rooms/errs/dial '{"uri": "sip:a@127.0.0.1"}'
ok --expect 200 POST /v1/rooms/errs/unlock
check "drain on" api --token "$TOKEN" --expect 200 \
	--check "j == {'draining': True}" POST /v1/drain
check "503 draining: dial into a new room (Retry-After: 30)" \
	err_is 503 draining --token "$TOKEN" \
	--check "h['retry-after'] == '30'" POST /v1/rooms/fresh/dial \
	'{"uri": "sip:a@127.0.0.1"}'
check "status says draining" api --token "$TOKEN" --expect 200 \
	--check "j['draining'] is True" GET /v1/status
check "drain off" api --token "$TOKEN" --expect 200 \
	--check "j == {'draining': False}" POST /v1/drain '{"drain": false}'

# --- metrics -----------------------------------------------------------
api --token "$TOKEN" --print b GET /metrics >"$OUT/metrics.txt"
FAMS=
for f in rooms participants calls_total sip_requests_total \
	sip_responses_total sip_malformed_total packets_received_total \
	packets_sent_total packets_dropped_total tick_duration_seconds \
	tick_overruns_total encoders participant_jitter_seconds \
	participant_loss_ratio participant_concealed_samples_total \
	participant_jitter_buffer_delay_seconds webhook_dropped_total \
	metrics_participants_omitted; do
	FAMS="$FAMS --family consort_$f"
done
# shellcheck disable=SC2086
check "/metrics parses, has every family and the right values" \
	"$PY" "$E2E_TOOLS/promcheck.py" "$OUT/metrics.txt" $FAMS \
	--expect 'consort_rooms == 1' --expect 'consort_participants == 0' \
	--expect 'consort_calls_total{result="failed"} == 1' \
	--expect 'count(consort_tick_duration_seconds_bucket) == 16' \
	--expect 'consort_webhook_dropped_total == 10'

kill "$(child_pid "$sse_all_PID")" 2>/dev/null
consortd_stop 5
finish
