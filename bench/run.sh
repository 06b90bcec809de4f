#!/bin/bash
# run.sh: `make bench` — Consort's capacity benchmark on loopback.
# Installs what it needs (janus, gnuplot) if missing, runs
# bench/tools/bench.py (consortd and Janus AudioBridge fed by
# consort-load; every process started and stopped by PID), then writes
# bench/results/{latest.md,latest.json,cpu_curve.png,cpu_curve.dat} and
# prints the table. Bounded: bench.py stops adding steps after
# BENCH_BUDGET seconds and the whole run is killed after BENCH_TIMEOUT.
# env: BUILD=build (where consortd and consort-load were built),
#      BENCH_TIMEOUT=1080, and the BENCH_* knobs of bench/tools/bench.py.
set -eu
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-build}
CONSORTD=$ROOT/$BUILD/daemon/consortd
LOAD=$ROOT/$BUILD/tools/consort-load
RESULTS=$ROOT/bench/results

scripts/install-deps.sh janus gnuplot-nox python3 procps

for b in "$CONSORTD" "$LOAD"; do
	[ -x "$b" ] || { echo "run.sh: $b missing: make build first" >&2;
			 exit 1; }
done

RUNDIR=$(mktemp -d /tmp/consort-bench.XXXXXX)
mkdir -p "$RESULTS"
echo "bench: logs in $RUNDIR" >&2

# bench.py stops its own children on SIGTERM; timeout sends that first.
rc=0
timeout --kill-after=20 "${BENCH_TIMEOUT:-1080}" \
	python3 bench/tools/bench.py --consortd "$CONSORTD" --load "$LOAD" \
	--janus-conf "$ROOT/bench/janus" \
	--janus-ab "$ROOT/bench/tools/janus_ab.py" \
	--rundir "$RUNDIR" --out "$RESULTS/latest.json" \
	${BENCH_ONLY:+--only "$BENCH_ONLY"} || rc=$?

if [ -s "$RESULTS/latest.json" ]; then
	python3 bench/tools/report.py "$RESULTS"
fi
[ "$rc" = 0 ] || echo "run.sh: bench.py exited with $rc (logs: $RUNDIR)" >&2
exit "$rc"
