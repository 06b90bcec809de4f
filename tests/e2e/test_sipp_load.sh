#!/bin/bash
# test_sipp_load.sh: sipp places 200 PCMU calls at 20 calls/s (at most 100
# at once, 5 s hold, each streaming 440 Hz) into 10 rooms load0..load9
# (from an -inf CSV). Every call must succeed (200 to INVITE, 200 to BYE:
# sipp exit 0, SuccessfulCall = 200, FailedCall = 0), consortd must log
# 200 "call in" and 200 "call out", still answer OPTIONS with 200
# afterwards, and exit 0 on SIGTERM.
# env: CALLS=200 RATE=20 LIMIT_CALLS=100 HOLD_MS=5000
. "$(dirname "$0")/lib.sh"
e2e_netns "$@"
e2e_init sipp_load
need sipp sox
CALLS=${CALLS:-200} RATE=${RATE:-20} LIMIT_CALLS=${LIMIT_CALLS:-100}
HOLD_MS=${HOLD_MS:-5000}
consortd_conf "$OUT/consortd.conf" "log_level info" "max_participants 100"
consortd_start "$OUT/consortd.conf"
sipp_prepare load 440 load0 load1 load2 load3 load4 load5 load6 load7 \
	load8 load9
MAXT=$((CALLS / RATE + HOLD_MS / 1000 + 30))
LIMIT=$MAXT sipp_uac load 127.0.0.1:5060 5080 6100 \
	-m "$CALLS" -r "$RATE" -l "$LIMIT_CALLS" -d "$HOLD_MS" \
	-max_recv_loops 1000 -max_sched_loops 1000
check "sipp finished within ${MAXT}s" wait_exit "$LAST_PID" "$MAXT"
check "sipp exit code 0 (rc=$WAIT_RC)" [ "$WAIT_RC" = 0 ]
for kv in "TotalCallCreated $CALLS" "SuccessfulCall(C) $CALLS" \
	"FailedCall(C) 0"; do
	# shellcheck disable=SC2086
	set -- $kv
	v=$(sipp_stat "$OUT/load" "$1")
	check "sipp $1 = $2 (got $v)" [ "$v" = "$2" ]
done
n=$(count_log 'call in ' "$CONSORTD_LOG")
check "consortd logged $CALLS 'call in' (got $n)" [ "$n" = "$CALLS" ]
check "consortd logged $CALLS 'call out'" \
	wait_log 'call out ' "$CONSORTD_LOG" 5 "$CALLS"
rooms=$(grep -E 'call in ' "$CONSORTD_LOG" | grep -o -E 'room=load[0-9]+' |
	sort -u | wc -l)
check "calls went to 10 rooms (got $rooms)" [ "$rooms" = 10 ]
check "OPTIONS answered 200 after the load" "$PY" "$E2E_TOOLS/sipsend.py" \
	OPTIONS --expect 200
consortd_stats >"$OUT/stats.txt"	# for the record (not checked)
consortd_stop 5
finish
