#!/bin/bash
# test_config.sh: configuration handling of consortd.
#   --check-config: the shipped conf/consortd.conf exits 0 ("OK"); files
#     with an unknown key, an out-of-range number, a bad enum value, and
#     rtp_port_min above rtp_port_max each exit non-zero and print
#     "FILE:LINE" (FILE: for the cross-key check) and the key's name.
#   Start-up on such a file (unknown key): consortd exits non-zero within
#     2 s, printing the same FILE:LINE and key.
#   SIGHUP: consortd runs with log_level info (no debug line for a FOO
#     request); the file is rewritten with log_level debug and a new
#     rtp_port_min: after SIGHUP consortd logs "reloaded", "'rtp_port_min'
#     changed; it takes effect after a restart", debug lines appear (a FOO
#     request is logged at debug), and a new call still gets a port from
#     the running range (20000-20001, not 20500+). A SIGHUP with a broken
#     file logs "reload failed" and consortd carries on (OPTIONS 200).
#   -d: consortd daemonizes (the starting process exits 0 at once), writes
#     pid_file with the daemon's PID, answers OPTIONS; SIGTERM to that PID
#     ends it and removes the pid file.
. "$(dirname "$0")/lib.sh"
e2e_netns "$@"
e2e_init config
[ -x "$CONSORTD" ] || fail "consortd not found: $CONSORTD"

# --- --check-config ------------------------------------------------------
SHIPPED=$REPO_DIR/conf/consortd.conf
"$CONSORTD" --check-config -f "$SHIPPED" >"$OUT/check_shipped.log" 2>&1
rc=$?
cat "$OUT/check_shipped.log" >&2
check "--check-config on conf/consortd.conf exits 0 (rc=$rc)" [ $rc = 0 ]
check "--check-config says OK" grep -q 'OK' "$OUT/check_shipped.log"

# bad_conf NAME KEY LINE...: $OUT/NAME.conf = the test config plus LINE...;
# prints the line number of the last line.
bad_conf() {
	local f=$OUT/$1.conf
	shift
	consortd_conf "$f" "$@"
	wc -l <"$f"
}
# check_bad NAME KEY LINENO: --check-config must fail naming FILE:LINENO
# (or FILE: when LINENO is empty) and KEY.
check_bad() {
	local f=$OUT/$1.conf log=$OUT/check_$1.log rc
	"$CONSORTD" --check-config -f "$f" >"$log" 2>&1
	rc=$?
	cat "$log" >&2
	check "$1: --check-config exits non-zero (rc=$rc)" [ $rc != 0 ]
	check "$1: message names $f:$3" grep -q -F "$f:$3" "$log"
	check "$1: message names the key '$2'" grep -q -F "$2" "$log"
}
n=$(bad_conf unknown "frobnicate_level 3")
check_bad unknown frobnicate_level "$n"
n=$(bad_conf range "rtp_port_min 99999")
check_bad range rtp_port_min "$n"
n=$(bad_conf enum "log_level loud" "room_linger 5")
check_bad enum log_level $((n - 1))
bad_conf order "rtp_port_min 21000" "rtp_port_max 20000" >/dev/null
check_bad order rtp_port_m ""

# --- start-up on a bad file ----------------------------------------------
LIMIT=10 bg consortd_bad "$CONSORTD" -f "$OUT/unknown.conf"
if wait_exit "$LAST_PID" 2; then
	check "consortd on a bad file exits non-zero (rc=$WAIT_RC)" \
		eval '[ "$WAIT_RC" != 0 ] && [ "$WAIT_RC" != 124 ]'
else
	note_fail "consortd on a bad file still runs after 2 s"
	GRACE=1 stop "$LAST_PID"
fi
n=$(wc -l <"$OUT/unknown.conf")
check "start-up error names $OUT/unknown.conf:$n and the key" eval \
	'grep -q -F "$OUT/unknown.conf:$n" "$OUT/consortd_bad.log" &&
	 grep -q -F frobnicate_level "$OUT/consortd_bad.log"'

# --- SIGHUP --------------------------------------------------------------
CONF=$OUT/consortd.conf
consortd_conf "$CONF" "log_level info"
consortd_start "$CONF"
sip() {
	echo "== sipsend $*" >>"$OUT/sipsend.log"
	"$PY" "$E2E_TOOLS/sipsend.py" "$@" >>"$OUT/sipsend.log" 2>&1
}
check "FOO -> 501" sip FOO --expect 501
sleep 0.3
check "log_level info: no debug line" \
	not grep -q -E '^[^ ]+ debug ' "$CONSORTD_LOG"
consortd_conf "$CONF" "log_level debug" "rtp_port_min 20500"
kill -HUP "$CONSORTD_CPID"
check "SIGHUP: consortd logs 'reloaded'" wait_log 'reloaded' "$CONSORTD_LOG" 3
check "SIGHUP: rtp_port_min is said to need a restart" wait_log \
	"'rtp_port_min' changed; it takes effect after a restart" \
	"$CONSORTD_LOG" 1
check "SIGHUP: log_level is not said to need a restart" \
	not grep -q "'log_level' changed" "$CONSORTD_LOG"
check "FOO -> 501 after the reload" sip FOO --expect 501
check "log_level debug after SIGHUP: debug lines appear" \
	wait_log '^[^ ]+ debug .*FOO' "$CONSORTD_LOG" 2
check "a call after the reload -> 200" sip INVITE --expect 200
check "consortd logged its 'call in'" wait_log 'call in ' "$CONSORTD_LOG" 2
port=$(grep -E 'call in ' "$CONSORTD_LOG" | head -n 1 | tr ' ' '\n' |
	sed -n 's/^local=.*://p')
[ -n "$port" ] || port=$(ss -Huanp | grep "pid=$CONSORTD_CPID," |
	awk '{ print $4 }' | sed 's/.*://' | sort -n | head -n 1)
check "the running RTP range is kept until a restart (port ${port:-?})" \
	eval '[ -n "$port" ] && [ "$port" -ge 20000 ] && [ "$port" -lt 20500 ]'
echo "rtp_port_min 1" >>"$CONF"
kill -HUP "$CONSORTD_CPID"
check "SIGHUP with a broken file: 'reload failed'" \
	wait_log 'reload failed' "$CONSORTD_LOG" 3
check "consortd carries on after a failed reload" \
	sip OPTIONS --expect 200
consortd_stop 5

# --- -d: daemon with a pid file ------------------------------------------
# is_consortd PID: PID is a live consortd (not a zombie: its exe resolves).
is_consortd() {
	[ -n "$1" ] &&
		[ "$(readlink "/proc/$1/exe" 2>/dev/null)" = \
			"$(readlink -f "$CONSORTD")" ]
}
PIDF=$OUT/consortd.pid
consortd_conf "$OUT/daemon.conf" "pid_file $PIDF"
timeout -k 2 5 "$CONSORTD" -d -f "$OUT/daemon.conf" >"$OUT/daemon.log" 2>&1
rc=$?
check "consortd -d returns at once with 0 (rc=$rc)" [ $rc = 0 ]
for ((i = 0; i < 30; i++)); do
	[ -s "$PIDF" ] && break
	sleep 0.1
done
DPID=$(cat "$PIDF" 2>/dev/null)
case $DPID in
'' | *[!0-9]*) fail "consortd -d wrote no pid file ($PIDF: '$DPID')" ;;
esac
_PIDS+=("$DPID")	# cleanup stops it if the test ends early
check "pid file holds a running consortd (pid $DPID)" is_consortd "$DPID"
wait_port udp 5060 5 || true
check "the daemon answers OPTIONS" sip OPTIONS --expect 200
kill -TERM "$DPID"
for ((i = 0; i < 60; i++)); do
	is_consortd "$DPID" || break
	sleep 0.1
done
check "the daemon exits on SIGTERM" not is_consortd "$DPID"
_forget "$DPID"
check "SIGTERM removed the pid file" not test -e "$PIDF"
check "no sanitizer report in daemon.log" not grep -q -E \
	'ERROR: (Address|Leak)Sanitizer|runtime error:' "$OUT/daemon.log"

# -d that cannot start: a bad file fails before detaching; a SIP port in
# use fails after it, and must not leave a pid file naming a dead process.
consortd_conf "$OUT/daemon_bad.conf" "pid_file $PIDF" "frobnicate_level 3"
timeout -k 2 5 "$CONSORTD" -d -f "$OUT/daemon_bad.conf" \
	>"$OUT/daemon_bad.log" 2>&1
rc=$?
check "consortd -d on a bad file exits non-zero (rc=$rc)" [ $rc != 0 ]
check "consortd -d on a bad file writes no pid file" not test -e "$PIDF"
LIMIT=10 bg squatter "$PY" -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 5060))
time.sleep(8)'
SQUAT=$LAST_PID
wait_port udp 5060 3
timeout -k 2 5 "$CONSORTD" -d -f "$OUT/daemon.conf" >"$OUT/daemon_busy.log" \
	2>&1
sleep 1.5
cat "$OUT/daemon_busy.log" >&2
DPID=$(cat "$PIDF" 2>/dev/null)
is_consortd "$DPID" && _PIDS+=("$DPID")
check "consortd -d failing to bind leaves no stale pid file" \
	eval '[ ! -e "$PIDF" ] || is_consortd "$(cat "$PIDF")"'
stop "$SQUAT"
finish
