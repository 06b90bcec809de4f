#!/bin/bash
# selftest.sh: validate the harness itself without consortd: freq.py on
# sox tones, baresip <-> baresip tones, sipp UAC <-> sipp UAS with the
# rtpcap.py capture, rtpsend.py / sipsend.py against listen.py.
. "$(dirname "$0")/lib.sh"
e2e_netns "$@"
e2e_init selftest
need sox sipp baresip
freq() { "$PY" "$E2E_TOOLS/freq.py" "$@" >/dev/null; }

# 1. freq.py: a two-tone mix through G.711 mu-law
sox -n -r 8000 -c 1 -b 16 "$OUT/a.wav" synth 6 sine 440 vol 0.4
sox -n -r 8000 -c 1 -b 16 "$OUT/b.wav" synth 6 sine 660 vol 0.4
sox -m "$OUT/a.wav" "$OUT/b.wav" -t ul "$OUT/mix.ul"
sox -t ul -r 8000 -c 1 "$OUT/mix.ul" -b 16 "$OUT/mix.wav"
check "freq.py finds 440+660, not 1030" \
	tone_check "$OUT/mix.wav" --present 440,660 --absent 1030
check "freq.py fails on a missing tone" \
	not freq "$OUT/mix.wav" --present 1030
check "freq.py fails on a present 'absent' tone" \
	not freq "$OUT/mix.wav" --present 440 --absent 660

# 2. baresip a (440 Hz) calls baresip b (660 Hz) directly
baresip_start a 5070 10000-10099 4441 440 opus aubridge
baresip_start b 5072 10100-10199 4442 660 opus aubridge
check "baresip a dials b" baresip_dial a sip:b@127.0.0.1:5072
sleep 4
baresip_quit a
baresip_quit b
check "baresip b hears 440 only" tone_check "$(baresip_dump b)" \
	--start 1 --trim-end 0.5 --present 440 --absent 660
check "baresip a hears 660 only" tone_check "$(baresip_dump a)" \
	--start 1 --trim-end 0.5 --present 660 --absent 440

# 3. sipp UAC (440 Hz) -> sipp UAS (660 Hz), captured by rtpcap.py
sipp_prepare uas 660 x
sipp_prepare uac 440 standup
bg rtpcap "$PY" "$E2E_TOOLS/rtpcap.py" --port 6000 --port 6100 \
	--out "$OUT" --duration 20
RTPCAP=$LAST_PID
sleep 0.5
bg uas env -C "$OUT/uas" sipp -sf "$E2E_DIR/sipp/uas.xml" -i 127.0.0.1 \
	-p 5080 -mi 127.0.0.1 -mp 6000 -m 1 -nostdin -trace_err \
	-error_file err.log
UAS=$LAST_PID
wait_port udp 5080
sipp_uac uac 127.0.0.1:5080 5090 6100 -m 1 -d 4000
check "sipp UAC ends" wait_exit "$LAST_PID" 15
check "sipp UAC exit 0 (rc=$WAIT_RC)" [ "$WAIT_RC" = 0 ]
check "sipp UAC 1 successful call" \
	[ "$(sipp_stat "$OUT/uac" 'SuccessfulCall(C)')" = 1 ]
GRACE=3 stop "$RTPCAP"
cat "$OUT/rtpcap.log" >&2
check "UAS received 440" tone_check "$OUT/rx_6000.wav" --start 0.5 \
	--present 440 --absent 660
check "UAC received 660" tone_check "$OUT/rx_6100.wav" --start 0.5 \
	--present 660 --absent 440
check "~200 packets to the UAS" grep -q -E \
	'"port": 6000, "packets": (19[0-9]|20[0-9]|21[0-9])' "$OUT/rtpcap.log"
stop "$UAS"

# 4. rtpsend.py and sipsend.py against listen.py
bg listen "$PY" "$E2E_TOOLS/listen.py" --port 5060 --port 30000 --sip \
	--duration 30
LISTEN=$LAST_PID
wait_port udp 30000
rtp() { "$PY" "$E2E_TOOLS/rtpsend.py" "$@" >>"$OUT/rtpsend.out" 2>&1; }
rtp --to 127.0.0.1:30000 --count 3 short version pt rtcp garbage
rtp --to 127.0.0.1:30000 --from 127.0.0.1:10002 --count 2 \
	csrc padding extension dtmf
check "rtpsend ran" [ "$(grep -c sent "$OUT/rtpsend.out")" = 9 ]
sip() {
	echo "== sipsend $*" >>"$OUT/sipsend.out"
	"$PY" "$E2E_TOOLS/sipsend.py" "$@" >>"$OUT/sipsend.out" 2>&1
}
check "OPTIONS 200 + Allow" sip OPTIONS --expect 200 --expect-header Allow
check "OPTIONS over TCP 200" sip --tcp OPTIONS --expect 200
check "FOO 501" sip FOO --expect 501
check "MESSAGE 405" sip MESSAGE --expect 405
check "INVITE video-only 488 + Warning" \
	sip INVITE --sdp video --expect 488 --expect-header Warning
check "INVITE other room 404" \
	sip INVITE --uri 'sip:bad!room@127.0.0.1:5060' --expect 404
check "INVITE over TCP 488" sip --tcp INVITE --sdp g729 --expect 488
check "garbage: no response" sip garbage 3 --timeout 0.5 --expect none
check "expect mismatch fails" not sip FOO --expect 200
sip truncated --timeout 0.5
sip shortbody --timeout 0.5
sleep 0.3
stop "$LISTEN"
cat "$OUT/rtpsend.out" >&2
# 5 kinds x 3 + 3 kinds x 2 + 2 DTMF digits x 8 packets
N=$(grep -c '^udp 30000 ' "$OUT/listen.log")
check "listener got every RTP datagram ($N of 37)" [ "$N" = 37 ]
check "spoofed source seen" \
	grep -q 'udp 30000 from 127.0.0.1:10002 ' "$OUT/listen.log"
check "SIP junk arrived" [ "$(grep -c '^udp 5060 ' "$OUT/listen.log")" -ge 9 ]
finish
