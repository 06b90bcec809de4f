#!/bin/bash
# test_three_callers.sh [opus|pcmu|pcma|g722]: three baresip callers with
# sines of 440, 700 and 1030 Hz dial sip:standup@127.0.0.1:5060 and talk
# for ~8 s; each must hear the other two tones and not its own (mix-minus),
# with the codec negotiated as asked. consortd must log 3 "call in", 3
# "talking start", 3 "call out", and exit 0 on SIGTERM.
. "$(dirname "$0")/lib.sh"
e2e_netns "$@"
CODEC=${1:-opus}
e2e_init "three_callers_$CODEC"
need baresip
case $CODEC in
opus) DEC="opus 48000Hz" SDPNAME=opus/48000 ;;
pcmu) DEC="PCMU 8000Hz" SDPNAME=PCMU/8000 ;;
pcma) DEC="PCMA 8000Hz" SDPNAME=PCMA/8000 ;;
g722) DEC="G722 16000Hz" SDPNAME=G722/8000 ;;
*) fail "unknown codec $CODEC" ;;
esac
TALK=${TALK:-8}
HZ=(440 700 1030)
consortd_conf "$OUT/consortd.conf"
consortd_start "$OUT/consortd.conf"

for i in 0 1 2; do
	baresip_start "c$i" $((5070 + 2 * i)) \
		$((10000 + 100 * i))-$((10099 + 100 * i)) $((4441 + i)) \
		"${HZ[i]}" "$CODEC" aubridge
done
for i in 0 1 2; do
	check "c$i call established" \
		baresip_dial "c$i" sip:standup@127.0.0.1:5060
done
T0=$(now)
check "consortd logged 3x 'call in'" wait_log 'call in ' "$CONSORTD_LOG" 5 3
check "call in lines name room=standup and codec=$SDPNAME" \
	[ "$(grep -E 'call in ' "$CONSORTD_LOG" | grep -c -i -E "room=standup .*codec=$SDPNAME")" = 3 ]
sleep "$TALK"
check "consortd logged 3x 'talking start'" \
	wait_log 'talking start room=standup' "$CONSORTD_LOG" 1 3
for i in 0 1 2; do CTRL_TIMEOUT=3 baresip_cmd "c$i" hangup; done
T1=$(now)
check "consortd logged 3x 'call out'" wait_log 'call out ' "$CONSORTD_LOG" 5 3
for i in 0 1 2; do baresip_quit "c$i"; done
consortd_stop 5

TALKED=$(awk -v a="$T0" -v b="$T1" 'BEGIN { printf "%.1f", b - a }')
for i in 0 1 2; do
	own=${HZ[i]}
	others=$(printf '%s\n' "${HZ[@]}" | grep -v -x "$own" | paste -s -d,)
	dump=$(baresip_dump "c$i")
	check "c$i decoded $DEC" grep -q "Set audio decoder: $DEC" "$OUT/c$i.log"
	secs=$(wav_seconds "$dump")
	check "c$i received ${secs}s of audio (call lasted ${TALKED}s)" \
		ge "$secs" "$(awk -v t="$TALKED" 'BEGIN { print t - 1.5 }')"
	check "c$i hears $others, not $own" tone_check "$dump" \
		--start 2 --trim-end 1 --present "$others" --absent "$own"
done
finish
