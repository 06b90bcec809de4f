#!/bin/bash
# test_bad_input.sh [CODEC]: while baresip a (440 Hz) and b (660 Hz) are
# in room "standup" (CODEC, default opus), throw junk at consortd:
#   SIP over UDP: binary garbage, a truncated INVITE, an INVITE whose
#     Content-Length exceeds its body; garbage over TCP. No answer needed.
#   SIP requests that need an answer: INVITE with broken SDP -> 400,
#     INVITE sip:bad!room@ -> 404, OPTIONS -> 200 + Allow (UDP and TCP),
#     FOO -> 501, MESSAGE -> 405 + Allow, INVITE video only -> 488 +
#     Warning, INVITE with only G.729 -> 488 + Warning.
#   RTP to a's consortd port (local= of a's "call in" line; without it,
#     every even consortd port in 20000-20999), spoofed from a's RTP
#     address (rtp=, else remote=): short, bad version, CSRC overrun,
#     extension overrun, bad padding, unknown PT, garbage, RTCP garbage;
#     RTCP garbage to port+1, spoofed from a's port+1; well-formed RTP
#     with a's PT (pt= of the line) from a stranger (ephemeral port).
# Then SIGUSR1: sip.malformed and worker.drop_short, drop_version,
# drop_pt, drop_rtcp and drop_source must have risen. consortd must still
# answer OPTIONS and carry the calls: each side's dump covers the whole
# call and has the other's tone (not its own) in its last seconds, after
# the junk. SIGTERM with the calls up: both get a BYE (baresip logs
# "terminated"), 2 "call out", exit 0.
. "$(dirname "$0")/lib.sh"
e2e_netns "$@"
CODEC=${1:-opus}
e2e_init "bad_input_$CODEC"
need baresip
consortd_conf "$OUT/consortd.conf"
consortd_start "$OUT/consortd.conf"
baresip_start a 5070 10000-10099 4441 440 "$CODEC" aubridge
baresip_start b 5072 10100-10199 4442 660 "$CODEC" aubridge
check "a joins" baresip_dial a sip:standup@127.0.0.1:5060
check "b joins" baresip_dial b sip:standup@127.0.0.1:5060
T_EST=$(now)
wait_log 'call in ' "$CONSORTD_LOG" 5 2 || fail "no 2x 'call in' in consortd.log"
# a's RTP address: rtp= if the line has it, else remote=; consortd's port
# for a: local=, else every RTP-range UDP port consortd has open.
A_RTP=$(call_field a rtp)
[ -n "$A_RTP" ] || A_RTP=$(call_field a remote)
A_LOCAL=$(call_field a local)
case $A_RTP in
*:[0-9]*) ;;
*) fail "no RTP address (rtp= or remote=) in a's 'call in' line" ;;
esac
RIP=${A_RTP%:*} RPORT=${A_RTP##*:}
A_PT=$(call_field a pt)
if [ -n "$A_LOCAL" ]; then
	PORTS="${A_LOCAL##*:} $((${A_LOCAL##*:} + 1))"
else
	PORTS=$(ss -Huanp | grep "pid=$CONSORTD_CPID," | awk '{ print $4 }' |
		sed 's/.*://' | awk '$1 >= 20000 && $1 <= 20999' | sort -n |
		tr '\n' ' ')
fi
log "a: rtp=$A_RTP consortd ports: $PORTS"
[ -n "$PORTS" ] || fail "no consortd RTP port found for a"
sleep 2
consortd_stats >"$OUT/stats0.txt"
[ -s "$OUT/stats0.txt" ] || note_fail "no 'stats' lines after SIGUSR1"

# --- SIP -------------------------------------------------------------------
sip() {
	echo "== sipsend $*" >>"$OUT/sipsend.log"
	"$PY" "$E2E_TOOLS/sipsend.py" "$@" >>"$OUT/sipsend.log" 2>&1
}
sip garbage 5 --timeout 0.3
sip truncated --timeout 0.3
sip shortbody --timeout 0.3
sip --tcp garbage 1 --timeout 0.3
check "INVITE with broken SDP -> 400" sip INVITE --sdp broken --expect 400
check "INVITE to sip:bad!room@ -> 404" \
	sip INVITE --uri 'sip:bad!room@127.0.0.1:5060' --expect 404
check "OPTIONS -> 200 with Allow" \
	sip OPTIONS --expect 200 --expect-header Allow
check "OPTIONS over TCP -> 200" sip --tcp OPTIONS --expect 200
check "FOO -> 501" sip FOO --expect 501
check "MESSAGE -> 405 with Allow" \
	sip MESSAGE --expect 405 --expect-header Allow
check "INVITE video only -> 488 with Warning" \
	sip INVITE --sdp video --expect 488 --expect-header Warning
check "INVITE G.729 only -> 488 with Warning" \
	sip INVITE --sdp g729 --expect 488 --expect-header Warning

# --- RTP / RTCP ------------------------------------------------------------
rtp() { "$PY" "$E2E_TOOLS/rtpsend.py" "$@" >>"$OUT/rtpsend.log" 2>&1; }
for p in $PORTS; do
	if [ $((p % 2)) = 0 ]; then
		check "RTP junk to :$p (spoofed from a)" rtp --to "127.0.0.1:$p" \
			--from "$A_RTP" --count 10 \
			short version csrc extension padding pt garbage rtcp
		check "RTP from a stranger to :$p" rtp --to "127.0.0.1:$p" \
			--count 10 --pt "${A_PT:-0}" pcmu
	else
		check "RTCP junk to :$p (spoofed from a)" rtp --to "127.0.0.1:$p" \
			--from "$RIP:$((RPORT + 1))" --count 10 rtcp short garbage
	fi
done
T_JUNK=$(now)
consortd_stats >"$OUT/stats1.txt"
val() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }
for k in sip.malformed worker.drop_short worker.drop_version worker.drop_pt \
	worker.drop_rtcp worker.drop_source; do
	a=$(val "$OUT/stats0.txt" $k) b=$(val "$OUT/stats1.txt" $k)
	check "stats $k rose (${a:-?} -> ${b:-?})" [ "${b:-0}" -gt "${a:-0}" ]
done
paste "$OUT/stats0.txt" "$OUT/stats1.txt" >&2
check "consortd alive after the junk" kill -0 "$CONSORTD_CPID"
check "OPTIONS -> 200 after the junk" sip OPTIONS --expect 200

# --- the calls went on; SIGTERM ends them --------------------------------
sleep 4
T_END=$(now)
consortd_stop 6
for u in a b; do
	check "$u got BYE on SIGTERM" wait_log 'terminated' "$OUT/$u.log" 3
done
check "consortd logged 2x 'call out'" wait_log 'call out ' "$CONSORTD_LOG" 1 2
baresip_quit a
baresip_quit b
CALL=$(awk -v a="$T_EST" -v b="$T_END" 'BEGIN { printf "%.1f", b - a }')
AFTER=$(awk -v a="$T_JUNK" -v b="$T_END" 'BEGIN { printf "%.1f", b - a - 1 }')
for pair in "a 660 440" "b 440 660"; do
	# shellcheck disable=SC2086
	set -- $pair
	dump=$(baresip_dump "$1")
	secs=$(wav_seconds "$dump")
	check "$1 received ${secs}s of audio (call ${CALL}s)" \
		ge "$secs" "$(awk -v t="$CALL" 'BEGIN { print t - 1.5 }')"
	check "$1 still hears $2 (not $3) in the last ${AFTER}s" \
		tone_check "$dump" --last "$AFTER" --trim-end 0.3 \
		--present "$2" --absent "$3"
done
cat "$OUT/sipsend.log" >&2
finish
