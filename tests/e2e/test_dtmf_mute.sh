#!/bin/bash
# test_dtmf_mute.sh [CODEC]: caller controls by DTMF (config "dtmf *6
# mute", the default). baresip a (440 Hz) and b (1200 Hz) are in room
# standup (CODEC, default opus).
#   RFC 4733: a sends "*6" (baresip sndcode: telephone-event). consortd
#     logs "dtmf ... digit=*", "digit=6" and "muted ... uri=sip:a@"; then b
#     no longer hears 440 while a still hears 1200, and a hears the
#     confirmation (two 400 Hz beeps, mixer/tone.c) right after the key
#     press and not before. "*6" again: "unmuted", a hears the rising
#     500/650/800 Hz beeps, b hears 440 again.
#   SIP INFO: sipp (sipp/info.xml, PCMU, 700 Hz) joins and sends INFO
#     application/dtmf-relay "Signal=*", "Signal=6" (each answered 200),
#     4 s later again: consortd logs "muted"/"unmuted" for sip:sipp@, b
#     stops hearing 700 in between (but still hears 440) and hears it
#     after; a capture of what consortd sends sipp has the 400 Hz beeps
#     after the mute and 500/800 Hz after the unmute.
# Audio windows are placed by wall clock: the log time of the "muted" line
# mapped into each dump (baresip: seconds since the call was established;
# sipp: tools/pkstat.py --offset on the capture's packet log).
. "$(dirname "$0")/lib.sh"
e2e_netns "$@"
CODEC=${1:-opus}
e2e_init "dtmf_mute_$CODEC"
need baresip sipp sox
consortd_conf "$OUT/consortd.conf"
consortd_start "$OUT/consortd.conf"
baresip_start a 5070 10000-10099 4441 440 "$CODEC" aubridge
baresip_start b 5072 10100-10199 4442 1200 "$CODEC" aubridge
LIMIT=60 bg rtpcap "$PY" "$E2E_TOOLS/rtpcap.py" --port 6300 --out "$OUT" \
	--duration 50 --packets
RTPCAP=$LAST_PID
check "a joins" baresip_dial a sip:standup@127.0.0.1:5060
T_A=$(now)
check "b joins" baresip_dial b sip:standup@127.0.0.1:5060
T_B=$(now)
wait_log 'call in ' "$CONSORTD_LOG" 5 2 || fail "no 2x 'call in'"

# --- RFC 4733 from baresip a -----------------------------------------------
MUTED='(^| )muted room=standup .*uri=<?sip:'
UNMUTED='(^| )unmuted room=standup .*uri=<?sip:'
sleep 3
check "a sends *6 (sndcode)" baresip_cmd a "sndcode *6"
check "consortd logs dtmf digit=* from a" \
	wait_log 'dtmf room=standup .*digit=\* uri=<?sip:a@' "$CONSORTD_LOG" 3
check "consortd logs dtmf digit=6 from a" \
	wait_log 'dtmf room=standup .*digit=6 uri=<?sip:a@' "$CONSORTD_LOG" 3
check "consortd logs a muted" wait_log "${MUTED}a@" "$CONSORTD_LOG" 3
TM=$(log_epoch "${MUTED}a@")
sleep 4
check "a sends *6 again" baresip_cmd a "sndcode *6"
check "consortd logs a unmuted" wait_log "${UNMUTED}a@" "$CONSORTD_LOG" 3
TU=$(log_epoch "${UNMUTED}a@")
sleep 2.5

# --- SIP INFO from sipp ----------------------------------------------------
sipp_prepare info 700 standup
SIPP_SF=$E2E_DIR/sipp/info.xml LIMIT=30 sipp_uac info 127.0.0.1:5060 \
	5090 6300 -m 1
INFO_PID=$LAST_PID
check "sipp (INFO) finished" wait_exit "$INFO_PID" 25
check "sipp (INFO) exit 0: every INFO answered 200 (rc=$WAIT_RC)" \
	[ "$WAIT_RC" = 0 ]
check "sipp (INFO): 1 successful call" \
	[ "$(sipp_stat "$OUT/info" 'SuccessfulCall(C)')" = 1 ]
check "consortd logs sipp muted" wait_log "${MUTED}sipp@" "$CONSORTD_LOG" 1
check "consortd logs sipp unmuted" \
	wait_log "${UNMUTED}sipp@" "$CONSORTD_LOG" 1
TM2=$(log_epoch "${MUTED}sipp@")
TU2=$(log_epoch "${UNMUTED}sipp@")
sleep 0.5
for u in a b; do CTRL_TIMEOUT=3 baresip_cmd "$u" hangup; done
T_END=$(now)
check "consortd logged 3x 'call out'" wait_log 'call out ' "$CONSORTD_LOG" 5 3
GRACE=3 stop "$RTPCAP"
for u in a b; do baresip_quit "$u"; done
consortd_stop 5
cat "$OUT/rtpcap.log" >&2
if [ -z "$TM" ] || [ -z "$TU" ]; then
	fail "no muted/unmuted log times for a"
fi

# --- audio -----------------------------------------------------------------
DA=$(baresip_dump a) DB=$(baresip_dump b)
log "a: dump $(wav_seconds "$DA") s, call $(calc "$T_END - $T_A") s;" \
	"b: dump $(wav_seconds "$DB") s, call $(calc "$T_END - $T_B") s"
# win DUMP_T0 FROM TO: freq.py --start/--dur for epochs FROM..TO in a dump
# that starts at epoch DUMP_T0.
win() { echo "--start $(calc "$2 - $1") --dur $(calc "$3 - $2")"; }
BEEPS=(--nfft 2048 --peak)
# shellcheck disable=SC2046
{
check "b hears a (440) before the mute" tone_check "$DB" \
	$(win "$T_B" "$(calc "$TM - 2.5")" "$(calc "$TM - 0.3")") --present 440
check "b does not hear a (440) while a is muted" tone_check "$DB" \
	$(win "$T_B" "$(calc "$TM + 0.6")" "$(calc "$TU - 0.3")") --absent 440 \
	--quiet-level -70
check "a still hears b (1200) while muted" tone_check "$DA" \
	$(win "$T_A" "$(calc "$TM + 0.6")" "$(calc "$TU - 0.3")") \
	--present 1200 --absent 440
check "no 400 Hz beep in a's audio before *6" tone_check "$DA" \
	$(win "$T_A" "$(calc "$TM - 2.5")" "$(calc "$TM - 0.6")") "${BEEPS[@]}" \
	--present 1200 --absent 400
check "a hears the muted beeps (400 Hz) after *6" tone_check "$DA" \
	$(win "$T_A" "$(calc "$TM - 0.5")" "$(calc "$TM + 1.5")") "${BEEPS[@]}" \
	--present 400,1200
check "a hears the unmuted beeps (500, 800 Hz) after *6 again" \
	tone_check "$DA" \
	$(win "$T_A" "$(calc "$TU - 0.5")" "$(calc "$TU + 1.5")") "${BEEPS[@]}" \
	--present 500,800
check "b hears a (440) again after the unmute" tone_check "$DB" \
	$(win "$T_B" "$(calc "$TU + 0.6")" "$(calc "$TU + 2.4")") --present 440
}
if [ -n "$TM2" ] && [ -n "$TU2" ]; then
	# shellcheck disable=SC2046
	{
	check "b hears sipp (700) before its INFO *6" tone_check "$DB" \
		$(win "$T_B" "$(calc "$TM2 - 2")" "$(calc "$TM2 - 0.3")") \
		--present 440,700
	check "b does not hear sipp (700) while muted by INFO" \
		tone_check "$DB" \
		$(win "$T_B" "$(calc "$TM2 + 0.6")" "$(calc "$TU2 - 0.3")") \
		--present 440 --absent 700
	check "b hears sipp (700) after the INFO unmute" tone_check "$DB" \
		$(win "$T_B" "$(calc "$TU2 + 0.6")" "$(calc "$TU2 + 2.4")") \
		--present 440,700
	}
	ws() { pkstat 6300 --offset "$1"; }
	RX=$OUT/rx_6300.wav
	check "sipp hears the muted beeps (400 Hz) after INFO *6" \
		tone_check "$RX" --start "$(ws "$(calc "$TM2 - 0.5")")" \
		--dur 2 "${BEEPS[@]}" --present 400
	check "sipp hears the unmuted beeps (500, 800 Hz) after INFO *6" \
		tone_check "$RX" --start "$(ws "$(calc "$TU2 - 0.5")")" \
		--dur 2 "${BEEPS[@]}" --present 500,800
	check "sipp still hears the room (440, 1200) while muted" \
		tone_check "$RX" --start "$(ws "$(calc "$TM2 + 0.6")")" \
		--dur "$(calc "$TU2 - $TM2 - 1")" --present 440,1200 --absent 700
fi
finish
