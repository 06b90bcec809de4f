#!/bin/bash
# test_shared_encode.sh: eight baresip callers in one Opus room, two of
# them talking (440 and 700 Hz), six silent. The talkers hear each other
# and not themselves, the listeners hear both, and consortd runs fewer
# encoders than participants: the six listeners share one encode of the
# common mix, each talker has its own (3 in all).
. "$(dirname "$0")/lib.sh"
e2e_netns "$@"
e2e_init shared_encode
need baresip
need sox
TALK=${TALK:-6}
N=8
HZ=(440 700)
sox -n -r 48000 -c 2 -b 16 "$OUT/silence.wav" trim 0 30 ||
	fail "sox silence.wav"
consortd_conf "$OUT/consortd.conf" "mix_max_talkers 3"
consortd_start "$OUT/consortd.conf"

for ((i = 0; i < N; i++)); do
	src=aufile,$OUT/silence.wav
	[ $i -lt 2 ] && src=${HZ[i]}
	baresip_start "c$i" $((5070 + 2 * i)) \
		$((10000 + 100 * i))-$((10099 + 100 * i)) $((4441 + i)) \
		"$src" opus aubridge
done
for ((i = 0; i < N; i++)); do
	check "c$i call established" baresip_dial "c$i" sip:team@127.0.0.1:5060
done
check "consortd logged $N 'call in'" wait_log 'call in ' "$CONSORTD_LOG" 5 $N
sleep "$TALK"

STATS=$(consortd_stats)
enc=$(awk '$1 == "worker.encoders" { print $2 }' <<<"$STATS")
parts=$(awk '$1 == "worker.parts" { print $2 }' <<<"$STATS")
log "stats: parts=$parts encoders=$enc"
check "consortd counts $N participants (got '$parts')" [ "${parts:-0}" = $N ]
check "3 encoders for $N participants: 2 talkers + 1 shared (got '$enc')" \
	[ "${enc:-0}" = 3 ]

for ((i = 0; i < N; i++)); do CTRL_TIMEOUT=3 baresip_cmd "c$i" hangup; done
check "consortd logged $N 'call out'" wait_log 'call out ' "$CONSORTD_LOG" 5 $N
for ((i = 0; i < N; i++)); do baresip_quit "c$i"; done
consortd_stop 5

check "talker c0 hears 700, not 440" tone_check "$(baresip_dump c0)" \
	--start 2 --trim-end 1 --present 700 --absent 440
check "talker c1 hears 440, not 700" tone_check "$(baresip_dump c1)" \
	--start 2 --trim-end 1 --present 440 --absent 700
for ((i = 2; i < N; i++)); do
	check "listener c$i hears 440 and 700" tone_check \
		"$(baresip_dump "c$i")" --start 2 --trim-end 1 --present 440,700
done
finish
