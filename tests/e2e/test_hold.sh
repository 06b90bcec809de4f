#!/bin/bash
# test_hold.sh: re-INVITEs. sipp "other" (sipp/uac.xml, PCMU, 660 Hz) and
# sipp "held" (sipp/hold.xml, PCMU, 440 Hz) are in room standup; held
# puts itself on hold (a=sendonly), resumes (a=sendrecv), then changes
# codec to PCMA only. sipp checks the SDP of each 200 (hold: a=recvonly;
# resume: no recvonly/sendonly/inactive, PT 0; codec change: PT 8 PCMA)
# and must exit 0 with 1 successful call. A capture of what consortd sends
# (tools/rtpcap.py --packets) must show, by the log times of consortd's 3
# "call update" lines for held:
#   hold:   no packet to held from 0.3 s after the hold until the resume
#           (>= 2.5 s), while other keeps receiving (no gap > 0.3 s) and
#           no longer hears 440 (a held caller is left out of the mix);
#   before and after: held receives ~50 packets/s of PCMU (PT 0) with 660
#           and not 440, other hears 440;
#   PCMA:   after the codec change held receives only PT 8 (>= 100
#           packets) that decodes to 660, and other hears 440 again (the
#           PCMA that held now sends is decoded).
. "$(dirname "$0")/lib.sh"
e2e_netns "$@"
e2e_init hold
need sipp sox
consortd_conf "$OUT/consortd.conf"
consortd_start "$OUT/consortd.conf"
sipp_prepare other 660 standup
sipp_prepare held 440 standup
LIMIT=40 bg rtpcap "$PY" "$E2E_TOOLS/rtpcap.py" --port 6100 --port 6200 \
	--out "$OUT" --duration 35 --packets
RTPCAP=$LAST_PID
sleep 0.5
LIMIT=40 sipp_uac other 127.0.0.1:5060 5090 6200 -m 1 -d 16000
OTHER_PID=$LAST_PID
sleep 0.5
SIPP_SF=$E2E_DIR/sipp/hold.xml LIMIT=40 sipp_uac held 127.0.0.1:5060 \
	5080 6100 -m 1
HELD_PID=$LAST_PID
check "consortd logged 2x 'call in'" wait_log 'call in ' "$CONSORTD_LOG" 5 2
check "held finished" wait_exit "$HELD_PID" 25
check "held exit 0: every 200 had the expected SDP (rc=$WAIT_RC)" \
	[ "$WAIT_RC" = 0 ]
check "held: 1 successful call" \
	[ "$(sipp_stat "$OUT/held" 'SuccessfulCall(C)')" = 1 ]
check "other finished" wait_exit "$OTHER_PID" 15
check "other exit 0 (rc=$WAIT_RC)" [ "$WAIT_RC" = 0 ]
check "consortd logged 2x 'call out'" wait_log 'call out ' "$CONSORTD_LOG" 5 2
GRACE=3 stop "$RTPCAP"
consortd_stop 5
cat "$OUT/rtpcap.log" >&2

HP=$(grep -E 'call in .*from=<?sip:sipp@127.0.0.1:5080' "$CONSORTD_LOG" |
	head -n 1 | tr ' ' '\n' | sed -n 's/^part=//p')
[ -n "$HP" ] || fail "no 'call in' line for held (from sip:sipp@...:5080)"
UPD="call update room=standup part=$HP "
grep -E "$UPD" "$CONSORTD_LOG" >&2
check "consortd logged 3 'call update' for held" \
	[ "$(count_log "$UPD" "$CONSORTD_LOG")" = 3 ]
check "the third update says codec=PCMA" \
	grep -q -E "$UPD.*codec=PCMA" <<<"$(grep -E "$UPD" "$CONSORTD_LOG" |
		sed -n 3p)"
T_HOLD=$(log_epoch "$UPD" 1)
T_RES=$(log_epoch "$UPD" 2)
T_COD=$(log_epoch "$UPD" 3)
[ -n "$T_COD" ] || fail "no log times of the 3 re-INVITEs"
T_LAST=$(pkstat 6100 | sed -n 's/.* last=//p')
log "hold $T_HOLD resume $T_RES codec $T_COD; last packet $T_LAST"

# --- packets ------------------------------------------------------------
pk() { pkstat "$1" --from "$2" --to "$3"; }
rate_ok() {	# LINE FROM TO: >= 40 packets/s over [FROM, TO]
	ge "$(kv packets "$1")" "$(calc "40 * ($3 - $2)")"
}
s=$(pk 6100 "$(calc "$T_HOLD - 2.5")" "$T_HOLD")
log "held, 2.5 s before the hold: $s"
check "held received ~50 packets/s of PT 0 before the hold" \
	eval 'rate_ok "$s" 0 2.5 && [ "$(kv pts "$s")" = 0 ]'
s=$(pk 6100 "$(calc "$T_HOLD + 0.3")" "$(calc "$T_RES - 0.05")")
log "held, on hold: $s"
check "held received no packet while on hold" [ "$(kv packets "$s")" = 0 ]
s=$(pk 6200 "$(calc "$T_HOLD + 0.3")" "$(calc "$T_RES - 0.05")")
log "other, while held is on hold: $s"
check "other kept receiving while held was on hold" eval \
	'rate_ok "$s" "$T_HOLD + 0.3" "$T_RES - 0.05" &&
	 le "$(kv maxgap "$s")" 0.3'
s=$(pk 6100 "$(calc "$T_RES + 0.3")" "$T_COD")
log "held, resumed: $s"
check "held received ~50 packets/s of PT 0 after the resume" eval \
	'rate_ok "$s" "$T_RES + 0.3" "$T_COD" && [ "$(kv pts "$s")" = 0 ]'
s=$(pk 6100 "$(calc "$T_COD + 0.2")" "$T_LAST")
log "held, after the codec change: $s"
check "held received only PT 8 after the codec change" \
	[ "$(kv pts "$s")" = 8 ]
check "held received >= 100 PT 8 packets" ge "$(kv packets "$s")" 100

# --- audio ----------------------------------------------------------------
# at PORT FROM TO: freq.py window of rx_PORT.wav for epochs FROM..TO
at() {
	local a b
	a=$(pkstat "$1" --offset "$2")
	b=$(pkstat "$1" --offset "$3")
	echo "--start $a --dur $(calc "$b - $a")"
}
# shellcheck disable=SC2046
{
check "other hears held (440) before the hold" tone_check "$OUT/rx_6200.wav" \
	$(at 6200 "$(calc "$T_HOLD - 2.5")" "$(calc "$T_HOLD - 0.2")") \
	--present 440 --absent 660
check "other does not hear held (440) while on hold" \
	tone_check "$OUT/rx_6200.wav" \
	$(at 6200 "$(calc "$T_HOLD + 0.5")" "$(calc "$T_RES - 0.2")") \
	--absent 440,660 --quiet-level -60
check "other hears held (440) after the resume" \
	tone_check "$OUT/rx_6200.wav" \
	$(at 6200 "$(calc "$T_RES + 0.5")" "$(calc "$T_COD - 0.2")") \
	--present 440 --absent 660
check "other hears held (440, now PCMA) after the codec change" \
	tone_check "$OUT/rx_6200.wav" \
	$(at 6200 "$(calc "$T_COD + 0.6")" "$(calc "$T_LAST - 0.3")") \
	--present 440 --absent 660
check "held hears other (660) after the resume (PCMU)" \
	tone_check "$OUT/rx_6100.wav" \
	$(at 6100 "$(calc "$T_RES + 0.5")" "$(calc "$T_COD - 0.2")") \
	--present 660 --absent 440
check "held hears other (660) after the codec change (PCMA)" \
	tone_check "$OUT/rx_6100.wav" \
	$(at 6100 "$(calc "$T_COD + 0.5")" "$(calc "$T_LAST - 0.2")") \
	--present 660 --absent 440
}
finish
