#!/bin/bash
# test_sipp_call.sh: two sipp UACs call sip:standup@127.0.0.1:5060 with
# PCMU, A streams 440 Hz for 8 s, B (joining 0.5 s later) 660 Hz for 7 s.
# A packet capture (tools/rtpcap.py) of what consortd sends to each UAC's
# media port must decode to the other's tone and not its own, as PCMU
# (PT 0) from one consortd port at ~50 packets/s. Both UACs hang up with
# BYE and exit 0 (every call successful). consortd logs 2 "call in" and 2
# "call out" and exits 0 on SIGTERM.
. "$(dirname "$0")/lib.sh"
e2e_netns "$@"
e2e_init sipp_call
need sipp sox
consortd_conf "$OUT/consortd.conf"
consortd_start "$OUT/consortd.conf"
sipp_prepare uac_a 440 standup
sipp_prepare uac_b 660 standup
LIMIT=30 bg rtpcap "$PY" "$E2E_TOOLS/rtpcap.py" --port 6100 --port 6200 \
	--out "$OUT" --duration 25
RTPCAP=$LAST_PID
sleep 0.5
LIMIT=30 sipp_uac uac_a 127.0.0.1:5060 5080 6100 -m 1 -d 8000
sleep 0.5
LIMIT=30 sipp_uac uac_b 127.0.0.1:5060 5090 6200 -m 1 -d 7000
check "consortd logged 2x 'call in'" wait_log 'call in ' "$CONSORTD_LOG" 5 2
for u in uac_a uac_b; do
	pid=${u}_PID
	check "$u finished" wait_exit "${!pid}" 20
	check "$u exit code 0 (rc=$WAIT_RC)" [ "$WAIT_RC" = 0 ]
	check "$u: 1 successful call" \
		[ "$(sipp_stat "$OUT/$u" 'SuccessfulCall(C)')" = 1 ]
done
check "consortd logged 2x 'call out'" wait_log 'call out ' "$CONSORTD_LOG" 5 2
GRACE=3 stop "$RTPCAP"
consortd_stop 5

cat "$OUT/rtpcap.log" >&2
# {"port": P, "packets": N, "ssrcs": S, "pts": [..], "sources": [..], ...}
flow() { grep "\"port\": $1," "$OUT/rtpcap.log"; }
for p in 6100 6200; do
	f=$(flow $p)
	check "port $p: only PT 0" grep -q '"pts": \[0\]' <<<"$f"
	check "port $p: one consortd source port" \
		grep -q -E '"sources": \["127.0.0.1:20[0-9]{3}"\]' <<<"$f"
	n=$(sed -n 's/.*"packets": \([0-9]*\).*/\1/p' <<<"$f")
	check "port $p: >= 300 packets in ~7 s (got ${n:-0})" ge "${n:-0}" 300
done
check "A hears 660, not 440" tone_check "$OUT/rx_6100.wav" \
	--start 1.5 --trim-end 1.5 --present 660 --absent 440
check "B hears 440, not 660" tone_check "$OUT/rx_6200.wav" \
	--start 1 --trim-end 1 --present 440 --absent 660
finish
