#!/bin/bash
# run_all.sh: run the end-to-end tests one after the other, each in its own
# network namespace; print each one's PASS/FAIL line, the tail of a failed
# test's output, and last exactly "N passed, M failed". Exit 1 if any
# failed. Needs root (unshare -n), baresip, sipp, sox.
#   usage: run_all.sh [--selftest] [TEST [ARGS]]...
#     TEST e.g. "test_three_callers.sh pcmu"; default: every line of
#     tests.list (one test and its arguments per line, # comments).
#     --selftest  also run selftest.sh (the harness against real peers).
#   env: CONSORTD (default $BUILD/daemon/consortd, BUILD=<repo>/build),
#        NETNS_LIMIT (per test, default 150 s), E2E_OUT (default ./out:
#        each test's logs in E2E_OUT/<test>/, its output in
#        E2E_OUT/<test>.stdout and .stderr).
cd "$(dirname "$0")" || exit 2
export E2E_OUT=${E2E_OUT:-$PWD/out}
TESTS=()
[ "${1:-}" = --selftest ] && { TESTS+=("selftest.sh"); shift; }
if [ $# -gt 0 ]; then
	TESTS+=("$@")
else
	while read -r line; do
		line=${line%%#*}
		line=$(echo "$line" | xargs)
		[ -n "$line" ] && TESTS+=("$line")
	done < tests.list
fi
export NETNS_LIMIT=${NETNS_LIMIT:-150}
mkdir -p "$E2E_OUT"
passed=0 failed=0
for t in "${TESTS[@]}"; do
	name=${t//.sh/}
	name=${name// /_}
	start=$SECONDS
	# shellcheck disable=SC2086
	bash ./$t >"$E2E_OUT/$name.stdout" 2>"$E2E_OUT/$name.stderr"
	rc=$?
	line=$(grep -E '^(PASS|FAIL) ' "$E2E_OUT/$name.stdout" | tail -n 1)
	if [ $rc = 0 ] && [ "${line%% *}" = PASS ]; then
		passed=$((passed + 1))
		echo "$line ($((SECONDS - start)) s)"
	else
		failed=$((failed + 1))
		tail -n "${TAIL_LINES:-120}" "$E2E_OUT/$name.stderr"
		[ -n "$line" ] || line="FAIL $name: exit status $rc, no result line"
		echo "$line ($((SECONDS - start)) s)"
	fi
done
echo "$passed passed, $failed failed"
[ $failed = 0 ]
