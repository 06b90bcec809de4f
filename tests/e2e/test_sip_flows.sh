#!/bin/bash
# test_sip_flows.sh: SIP call flows, with max_participants 2.
#   - sipp "nosdp" (sipp/nosdp.xml, 440 Hz) sends INVITE without SDP: the
#     200 must offer opus/48000/2, G722, PCMU, PCMA and telephone-event;
#     its ACK answers PCMU. sipp "other" (sipp/waitbye.xml, PCMU, 660 Hz)
#     joins the same room. Audio must flow both ways: a capture of what
#     consortd sends has PT 0 at ~50 packets/s to each, nosdp hears 660
#     and not 440, other hears 440 and not 660.
#   - Room full: a third INVITE to that room gets 486 (and consortd logs
#     "call rejected code=486").
#   - Room names: sip:bad!room@ and a 65-character name get 404; a
#     64-character name is fine (200; sipsend.py then ACKs and hangs up).
#   - OPTIONS: 200 with Allow (INVITE, ACK, BYE, CANCEL, OPTIONS, INFO),
#     Accept (application/sdp) and Supported headers.
#   - Requests for a dialog that does not exist (made-up Call-ID, To tag):
#     BYE, INFO, re-INVITE get 481; a CANCEL matching no INVITE gets 481.
#   - CANCEL too late (sipp/cancel.xml: after the 200 and ACK): 200 or
#     481, and the call goes on (its BYE gets 200).
#   - SIGTERM: consortd sends BYE to nosdp and other, which answer 200 and
#     exit 0 with 1 successful call each; consortd exits 0.
. "$(dirname "$0")/lib.sh"
e2e_netns "$@"
e2e_init sip_flows
need sipp sox
consortd_conf "$OUT/consortd.conf" "max_participants 2"
consortd_start "$OUT/consortd.conf"
sipp_prepare nosdp 440 standup
sipp_prepare other 660 standup
sipp_prepare cancel 500 cxl
LIMIT=40 bg rtpcap "$PY" "$E2E_TOOLS/rtpcap.py" --port 6100 --port 6200 \
	--out "$OUT" --duration 35 --packets
RTPCAP=$LAST_PID
sleep 0.5
SIPP_SF=$E2E_DIR/sipp/nosdp.xml LIMIT=40 sipp_uac nosdp 127.0.0.1:5060 \
	5080 6100 -m 1
SIPP_SF=$E2E_DIR/sipp/waitbye.xml LIMIT=40 sipp_uac other 127.0.0.1:5060 \
	5090 6200 -m 1
wait_log 'call in ' "$CONSORTD_LOG" 5 2 ||
	note_fail "nosdp and other did not both join (2x 'call in')"
T_IN=$(now)

sip() {
	echo "== sipsend $*" >>"$OUT/sipsend.log"
	"$PY" "$E2E_TOOLS/sipsend.py" "$@" | tee -a "$OUT/sipsend.log"
}
sipq() { sip "$@" >/dev/null; }
check "third caller in a full room (max_participants 2) -> 486" \
	sipq INVITE --expect 486
check "consortd logged the 486" \
	wait_log 'call rejected code=486' "$CONSORTD_LOG" 1
check "INVITE sip:bad!room@ -> 404" \
	sipq INVITE --uri 'sip:bad!room@127.0.0.1:5060' --expect 404
R64=$(printf 'r%.0s' $(seq 64))
check "INVITE to a 65-character room name -> 404" \
	sipq INVITE --uri "sip:${R64}x@127.0.0.1:5060" --expect 404
check "INVITE to a 64-character room name ([A-Za-z0-9._-]) -> 200" \
	sipq INVITE --uri "sip:${R64:0:60}.-_9@127.0.0.1:5060" --expect 200
opt=$(sip OPTIONS --expect 200 --expect-header Allow \
	--expect-header Accept --expect-header Supported)
rc=$?
check "OPTIONS -> 200 with Allow, Accept, Supported" [ $rc = 0 ]
allow=$(sed -n 's/^Allow: //p' <<<"$opt")
for m in INVITE ACK BYE CANCEL OPTIONS INFO; do
	check "Allow lists $m ($allow)" grep -q -w "$m" <<<"$allow"
done
check "Accept lists application/sdp" \
	grep -q -i '^Accept:.*application/sdp' <<<"$opt"
check "BYE for an unknown dialog -> 481" \
	sipq BYE --to-tag nosuchdialog --expect 481
check "INFO for an unknown dialog -> 481" \
	sipq INFO --to-tag nosuchdialog --expect 481
check "re-INVITE for an unknown dialog -> 481" \
	sipq INVITE --to-tag nosuchdialog --expect 481
check "CANCEL matching no INVITE -> 481" sipq CANCEL --expect 481

SIPP_SF=$E2E_DIR/sipp/cancel.xml LIMIT=20 sipp_uac cancel 127.0.0.1:5060 \
	5100 6300 -m 1
check "cancel finished" wait_exit "$LAST_PID" 10
check "CANCEL after the 200: 200 or 481, then BYE 200 (sipp rc=$WAIT_RC)" \
	[ "$WAIT_RC" = 0 ]
check "consortd alive, answers OPTIONS" sipq OPTIONS --expect 200

# let the calls talk for >= 5 s, then SIGTERM: consortd hangs up
sleep "$(awk -v t="$T_IN" -v n="$(now)" 'BEGIN { d = t + 5 - n;
	print (d > 0 ? d : 0) }')"
T_TERM=$(now)
consortd_stop 6
for u in nosdp other; do
	pid=${u}_PID
	check "$u got BYE from consortd and finished" wait_exit "${!pid}" 5
	check "$u exit code 0 (rc=$WAIT_RC)" [ "$WAIT_RC" = 0 ]
	check "$u: 1 successful call" \
		[ "$(sipp_stat "$OUT/$u" 'SuccessfulCall(C)')" = 1 ]
done
GRACE=3 stop "$RTPCAP"
cat "$OUT/rtpcap.log" >&2

for p in 6100 6200; do
	s=$(pkstat $p --from "$(calc "$T_IN + 0.5")" --to "$T_TERM")
	log "port $p: $s"
	check "port $p: PT 0 only" [ "$(kv pts "$s")" = 0 ]
	check "port $p: ~50 packets/s" \
		ge "$(kv packets "$s")" "$(calc "40 * ($T_TERM - $T_IN - 0.5)")"
done
check "nosdp (offer in 200, answer in ACK) hears 660, not 440" \
	tone_check "$OUT/rx_6100.wav" --start 1 --trim-end 0.5 \
	--present 660 --absent 440
check "other hears nosdp (440), not 660" tone_check "$OUT/rx_6200.wav" \
	--start 1 --trim-end 0.5 --present 440 --absent 660
finish
