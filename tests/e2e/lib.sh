# lib.sh: shared helpers of the end-to-end tests (source it, bash only).
#
# Every background process runs under `timeout` and its PID is recorded;
# cleanup (an EXIT trap) stops exactly those PIDs, never processes by name.
# Each test writes its logs to tests/e2e/out/<test>/ and, when it fails,
# prints their tails. Usage in a test:
#
#   . "$(dirname "$0")/lib.sh"
#   e2e_netns "$@"            # re-exec inside a private netns (root)
#   e2e_init my_test          # OUT=out/my_test, trap, limits
#   bg consortd "$CONSORTD" -f "$OUT/consortd.conf"
#   check "some condition" test -s "$OUT/x"
#   finish                    # PASS my_test / FAIL my_test: reasons

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_TOOLS=$E2E_DIR/tools
REPO_DIR=$(cd "$E2E_DIR/../.." && pwd)
BUILD=${BUILD:-$REPO_DIR/build}
CONSORTD=${CONSORTD:-$BUILD/daemon/consortd}
if [ -z "${PY:-}" ]; then
	if [ -x /usr/bin/python3 ]; then PY=/usr/bin/python3; else PY=python3; fi
fi
E2E_OUT=${E2E_OUT:-$E2E_DIR/out}	# logs: $E2E_OUT/<test>/
E2E_LIMIT=${E2E_LIMIT:-120}	# [s] default bound of one background process

_PIDS=()
_FAILS=()
TEST=
OUT=

# e2e_netns ARGS...: unless already inside one (or E2E_NETNS=0), re-exec the
# calling script inside a private loopback-only network namespace.
e2e_netns() {
	[ -n "${E2E_IN_NETNS:-}" ] && return 0
	[ "${E2E_NETNS:-1}" = 0 ] && return 0
	exec "$E2E_DIR/netns.sh" env E2E_IN_NETNS=1 bash "$0" "$@"
}

# e2e_init NAME: fresh out/NAME directory, cleanup trap, no core files.
e2e_init() {
	TEST=$1
	OUT=$E2E_OUT/$TEST
	rm -rf "$OUT"
	mkdir -p "$OUT"
	ulimit -c 0
	trap cleanup EXIT
	trap 'exit 130' INT TERM
	export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}
}

log() { echo "[$(date +%T.%3N)] $*" >&2; }

# bg NAME CMD...: run CMD under `timeout` (LIMIT seconds, default
# E2E_LIMIT) in the background, stdout+stderr to $OUT/NAME.log. Sets
# LAST_PID and NAME_PID (non-alphanumerics of NAME become _).
bg() {
	local name=$1 secs=${LIMIT:-$E2E_LIMIT}
	shift
	timeout -k 3 "$secs" "$@" >"$OUT/$name.log" 2>&1 &
	LAST_PID=$!
	_PIDS+=("$LAST_PID")
	printf -v "${name//[^A-Za-z0-9_]/_}_PID" '%s' "$LAST_PID"
	log "bg $name pid=$LAST_PID limit=${secs}s: $*"
}

# stop PID...: SIGTERM, wait up to GRACE seconds (default 5), then SIGKILL.
# Only the given PIDs (the `timeout` wrappers bg started: they forward the
# signal to their command).
stop() {
	local p i grace=${GRACE:-5}
	for p in "$@"; do
		[ -n "$p" ] && kill -TERM "$p" 2>/dev/null
	done
	for p in "$@"; do
		[ -n "$p" ] || continue
		for ((i = 0; i < grace * 10; i++)); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
		_forget "$p"
	done
	return 0
}

_forget() {
	local q keep=()
	for q in "${_PIDS[@]}"; do [ "$q" != "$1" ] && keep+=("$q"); done
	_PIDS=("${keep[@]}")
}

# wait_exit PID SECS: wait for PID to end by itself; WAIT_RC = its status
# (or empty if it did not end in time).
wait_exit() {
	local i
	WAIT_RC=
	for ((i = 0; i < $2 * 10; i++)); do
		if ! kill -0 "$1" 2>/dev/null; then
			wait "$1" 2>/dev/null
			WAIT_RC=$?
			_forget "$1"
			return 0
		fi
		sleep 0.1
	done
	return 1
}

cleanup() {
	local rc=$?
	[ ${#_PIDS[@]} -gt 0 ] && GRACE=3 stop "${_PIDS[@]}"
	_PIDS=()
	return $rc
}

# wait_port PROTO PORT [SECS]: until something listens on PORT (tcp|udp).
wait_port() {
	local opt=-ltn i
	[ "$1" = udp ] && opt=-lun
	for ((i = 0; i < ${3:-10} * 10; i++)); do
		ss -H $opt "sport = :$2" 2>/dev/null | grep -q . && return 0
		sleep 0.1
	done
	log "timeout waiting for $1 port $2"
	return 1
}

# wait_log PATTERN FILE SECS [COUNT]: until FILE has COUNT (default 1)
# lines matching the extended regex PATTERN.
wait_log() {
	local i n
	for ((i = 0; i < $3 * 10; i++)); do
		n=$(grep -E -c -- "$1" "$2" 2>/dev/null)
		[ "${n:-0}" -ge "${4:-1}" ] && return 0
		sleep 0.1
	done
	log "timeout waiting for ${4:-1}x '$1' in $2 (have ${n:-0})"
	return 1
}

# count_log PATTERN FILE: number of lines matching PATTERN.
count_log() { grep -E -c -- "$1" "$2" 2>/dev/null || true; }

# check DESCRIPTION CMD...: run CMD; on failure record DESCRIPTION.
check() {
	local what=$1
	shift
	if "$@" >&2; then
		log "ok: $what"
	else
		log "NOT OK: $what"
		_FAILS+=("$what")
	fi
}

# not CMD...: true if CMD fails (for check).
not() { ! "$@"; }

# note_fail DESCRIPTION: record a failure found by other means.
note_fail() { log "NOT OK: $1"; _FAILS+=("$1"); }

# show_logs: the tails of every log of this test, on stderr.
show_logs() {
	local f
	for f in "$OUT"/*.log; do
		[ -f "$f" ] || continue
		echo "----- tail $f -----" >&2
		tail -n "${TAIL:-25}" "$f" | tr -d '\r' | cut -c1-300 >&2
	done
}

# fail WHY: print the logs and "FAIL test: WHY", exit 1.
fail() {
	cleanup
	show_logs
	echo "FAIL $TEST: $*"
	exit 1
}

pass() {
	echo "PASS $TEST"
	exit 0
}

# finish: PASS if no check failed, else FAIL with every reason.
finish() {
	local IFS=';'
	[ ${#_FAILS[@]} -eq 0 ] && pass
	fail "${_FAILS[*]}"
}

# need CMD...: FAIL unless every CMD is installed.
need() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null || fail "$c is not installed"
	done
}

# ---- consortd -------------------------------------------------------------

# consortd_conf FILE [EXTRA LINES...]: a loopback config for the tests;
# later lines override earlier ones (the last one wins).
consortd_conf() {
	local f=$1 l
	shift
	{
		echo "# written by tests/e2e ($TEST)"
		echo "sip_listen 127.0.0.1:5060"
		echo "sip_transports udp,tcp"
		echo "media_address 127.0.0.1"
		echo "rtp_port_min 20000"
		echo "rtp_port_max 20999"
		echo "workers 2"
		echo "log_level debug"
		echo "room_linger 1"
		echo "shutdown_timeout 3"
		for l in "$@"; do echo "$l"; done
	} >"$f"
}

# child_pid PID: the PID of PID's (first) child, e.g. the command a
# `timeout` wrapper started; waits up to 2 s for it to appear.
child_pid() {
	local i c
	for ((i = 0; i < 20; i++)); do
		read -r c _ <"/proc/$1/task/$1/children" 2>/dev/null
		[ -n "$c" ] && { echo "$c"; return 0; }
		sleep 0.1
	done
	return 1
}

# consortd_start CONF: start consortd (log $OUT/consortd.log), wait for
# its SIP port. Sets CONSORTD_PID (the timeout wrapper: wait on it) and
# CONSORTD_CPID (consortd itself: signal it; timeout would die of
# SIGUSR1 instead of forwarding it). FAILs if it does not come up.
consortd_start() {
	[ -x "$CONSORTD" ] ||
		fail "consortd not found: $CONSORTD (set CONSORTD or BUILD)"
	bg consortd "$CONSORTD" -f "$1"
	CONSORTD_PID=$LAST_PID
	CONSORTD_LOG=$OUT/consortd.log
	CONSORTD_CPID=$(child_pid "$CONSORTD_PID") ||
		fail "consortd did not start"
	_PIDS+=("$CONSORTD_CPID")
	wait_port udp "${SIP_PORT:-5060}" 10 ||
		fail "consortd did not listen on udp ${SIP_PORT:-5060}"
	kill -0 "$CONSORTD_CPID" 2>/dev/null || fail "consortd exited at start"
}

# consortd_stop [SECS]: SIGTERM; checks that it exits 0 within SECS
# (default 5) and left no sanitizer report in its log.
consortd_stop() {
	local t=${1:-5}
	kill -TERM "$CONSORTD_CPID" 2>/dev/null
	if wait_exit "$CONSORTD_PID" "$t"; then
		check "consortd exits 0 on SIGTERM (rc=$WAIT_RC)" \
			[ "$WAIT_RC" = 0 ]
	else
		note_fail "consortd still running ${t}s after SIGTERM"
		GRACE=1 stop "$CONSORTD_PID"
	fi
	_forget "$CONSORTD_CPID"
	check "no sanitizer report in consortd.log" not grep -q -E \
		'ERROR: (Address|Leak)Sanitizer|runtime error:' "$CONSORTD_LOG"
}

# consortd_stats: SIGUSR1 and wait for the new "stats" lines; prints the
# counters as "key value" lines (sip.KEY, and worker counters summed over
# workers as worker.KEY). Log format expected:
#   ... stats sip malformed=2 requests_invite=5 ...
#   ... stats worker=0 rx=10 drop_short=1 ...
consortd_stats() {
	local off n
	off=$(stat -c %s "$CONSORTD_LOG")
	kill -USR1 "$CONSORTD_CPID"
	sleep "${STATS_WAIT:-1}"
	tail -c +$((off + 1)) "$CONSORTD_LOG" | "$PY" "$E2E_TOOLS/logstats.py"
}

# ---- baresip --------------------------------------------------------------

declare -A _BS_CTRL

# baresip_start NAME SIP_PORT RTP_MIN-RTP_MAX CTRL_PORT SOURCE CODECS
#               [PLAYER]: config in $OUT/NAME.cfg/, received audio dumped
# in $OUT/NAME.dump/, log $OUT/NAME.log. Waits for its ctrl_tcp port.
baresip_start() {
	local name=$1
	"$E2E_DIR/baresip_conf.sh" "$OUT/$name.cfg" "$name" "$2" "$3" "$4" \
		"$5" "$OUT/$name.dump" "$6" "${7:-alsa}" ||
		fail "baresip_conf.sh $name"
	_BS_CTRL[$name]=$4
	bg "$name" baresip -f "$OUT/$name.cfg"
	wait_port tcp "$4" 10 || fail "baresip $name did not start"
}

# baresip_cmd NAME [--wait-event EV].. "CMD PARAMS"..: ctrl_tcp commands,
# output appended to $OUT/NAME.ctrl.log.
baresip_cmd() {
	local name=$1
	shift
	"$PY" "$E2E_TOOLS/baresip_ctrl.py" --port "${_BS_CTRL[$name]}" \
		--timeout "${CTRL_TIMEOUT:-10}" "$@" >>"$OUT/$name.ctrl.log" 2>&1
}

# baresip_dial NAME URI: dial and wait until the call is established.
baresip_dial() {
	baresip_cmd "$1" "dial $2" --wait-event CALL_ESTABLISHED
}

# baresip_quit NAME: hang up, quit, and stop the process.
baresip_quit() {
	local name=$1 pid
	CTRL_TIMEOUT=3 baresip_cmd "$name" hangup
	CTRL_TIMEOUT=2 baresip_cmd "$name" quit
	pid=${name//[^A-Za-z0-9_]/_}_PID
	wait_exit "${!pid}" 3 || GRACE=2 stop "${!pid}"
}

# baresip_dump NAME: path of NAME's received-audio dump (empty if none).
baresip_dump() { ls "$OUT/$1.dump"/*-dec.wav 2>/dev/null | head -n 1; }

# tone_check WAV FREQ.PY-ARGS...: run freq.py, log its verdict line to
# $OUT/freq.log and stderr; returns its status.
tone_check() {
	local wav=$1 rc
	shift
	if [ -z "$wav" ] || [ ! -s "$wav" ]; then
		log "no dump: '$wav'"
		return 1
	fi
	"$PY" "$E2E_TOOLS/freq.py" "$wav" "$@" >"$OUT/freq.tmp" 2>&1
	rc=$?
	tee -a "$OUT/freq.log" <"$OUT/freq.tmp" >&2
	rm -f "$OUT/freq.tmp"
	return $rc
}

# ---- sipp ------------------------------------------------------------------

# sipp_prepare NAME HZ ROOM...: $OUT/NAME/ with tone.ul (10 s of HZ,
# raw mu-law: sipp's rtp_stream sends file bytes, 160 per 20 ms), tone.al
# (the same in A-law) and rooms.csv (the -inf file: one room per line,
# used in turn).
sipp_prepare() {
	local d=$OUT/$1 hz=$2 r
	shift 2
	mkdir -p "$d"
	sox -n -r 8000 -c 1 -t ul "$d/tone.ul" synth 10 sine "$hz" vol 0.5 ||
		fail "sox tone $hz"
	sox -n -r 8000 -c 1 -t al "$d/tone.al" synth 10 sine "$hz" vol 0.5 ||
		fail "sox tone $hz"
	{
		echo SEQUENTIAL
		for r in "$@"; do echo "$r;"; done
	} >"$d/rooms.csv"
}

# sipp_uac NAME TARGET SIP_PORT MEDIA_PORT SIPP-ARGS...: run sipp/uac.xml
# (or the scenario file SIPP_SF) in the background from $OUT/NAME (its cwd:
# tone.ul, rooms.csv, stat.csv, err.log, screen.log). Log $OUT/NAME.log.
sipp_uac() {
	local name=$1 target=$2 port=$3 mp=$4
	shift 4
	bg "$name" env -C "$OUT/$name" sipp "$target" \
		-sf "${SIPP_SF:-$E2E_DIR/sipp/uac.xml}" -inf rooms.csv \
		-i 127.0.0.1 -p "$port" -mi 127.0.0.1 -mp "$mp" -nostdin \
		-trace_stat -stf stat.csv -fd 1 -trace_err -error_file err.log \
		-trace_screen -screen_file screen.log "$@"
}

# sipp_stat DIR COLUMN: last value of COLUMN in DIR/stat.csv (-trace_stat).
sipp_stat() {
	awk -F';' -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++)
		if ($i == c) k = i; next } k { v = $k } END { print v + 0 }' \
		"$1/stat.csv" 2>/dev/null
}

# ---- consortd log lines ---------------------------------------------------

# call_field USER KEY: value of KEY=... on consortd's first "call in" line
# whose from= is sip:USER@..., e.g. call_field a local -> 127.0.0.1:20004.
call_field() {
	grep -E "call in .*from=<?sip:$1@" "$CONSORTD_LOG" | head -n 1 |
		tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1
}

# wav_seconds WAV: duration in seconds (0 if unreadable).
wav_seconds() {
	"$PY" -c 'import sys, wave
try:
    w = wave.open(sys.argv[1])
    print("%.2f" % (w.getnframes() / w.getframerate()))
except Exception:
    print(0)' "$1"
}

# ge A B: true if the number A >= B (decimals allowed).
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }

# le A B: true if the number A <= B.
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'; }

# calc EXPR: evaluate an awk arithmetic expression, e.g. calc "$t + 0.5".
calc() { awk "BEGIN { printf \"%.3f\", $1 }"; }

# log_epoch PATTERN [N] [FILE]: epoch seconds (ms precision) of the N-th
# (default first) consortd.log line (or FILE) matching the extended regex
# PATTERN, from the line's leading ISO-8601 UTC timestamp; empty if none.
log_epoch() {
	local ts
	ts=$(grep -E -- "$1" "${3:-$CONSORTD_LOG}" 2>/dev/null |
		sed -n "${2:-1}p" | awk '{ print $1 }')
	[ -n "$ts" ] && date -d "$ts" +%s.%3N
}

# pkstat PORT PKSTAT.PY-ARGS...: tools/pkstat.py on $OUT/pk_PORT.txt
# (rtpcap.py --packets --out $OUT): packets=N maxgap=S pts=.. in a time
# window, or --offset T: where epoch T falls in $OUT/rx_PORT.wav.
pkstat() {
	local p=$1
	shift
	"$PY" "$E2E_TOOLS/pkstat.py" "$OUT/pk_$p.txt" "$@"
}

# kv KEY LINE: the value of KEY=value in LINE (pkstat output).
kv() { tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p"; }

now() { date +%s.%N; }
