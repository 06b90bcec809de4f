#!/usr/bin/env python3
"""bench.py: the Consort capacity benchmark behind `make bench`.

Scenarios (all on 127.0.0.1, each server freshly started per run):
  one_room  one room, every participant sending 48 kHz Opus (talkers =
            all): consortd with K = all and with its default K, and
            Janus AudioBridge fed the same audio by consort-load
            --rtp-only; CPU and memory per participant, ratio.
  rooms30   rooms of 30 with 3 talkers on one worker, adding rooms until
            consortd causes loss or its tick p99 exceeds the 20 ms
            period (steps whose tick p99 exceeds 5 ms are marked: the
            target's criterion).
Writes RESULTS/latest.json (every record), then bench/tools/report.py
makes latest.md and cpu_curve.png.

env: BENCH_WINDOW=20 (s, headline CPU window), BENCH_WARM=5 (s),
     BENCH_CURVE_NS="10 30" (extra one-room points, shorter window),
     BENCH_ROOM_STEPS="1 2 4 6 8 10 12 14 16 18 20", BENCH_SIP_PORT=5190,
     BENCH_BUDGET=780 (s; the sweep stops starting steps after that).
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as bl  # noqa: E402

ENV = os.environ.get
WINDOW = int(ENV('BENCH_WINDOW', '20'))
WARM = int(ENV('BENCH_WARM', '5'))
CURVE_NS = [int(x) for x in ENV('BENCH_CURVE_NS', '10 30').split()]
ROOM_STEPS = [int(x) for x in
              ENV('BENCH_ROOM_STEPS', '1 2 4 6 8 10 12 14 16 18 20').split()]
SIP_PORT = int(ENV('BENCH_SIP_PORT', '5190'))
BUDGET = int(ENV('BENCH_BUDGET', '780'))
RTP_RANGE = (24000, 31999)     # below the kernel's ephemeral ports
K_ALL = (10000, 1000, 256, 100)
P99_MAX_US = 5000
TICK_US = 20000                # consortd's mix period
LOSS_MAX_PCT = 0.01            # sequence loss that counts as loss
DEFICIT_MAX_PCT = 0.1          # mix rate shortfall that counts as loss
STATS_EVERY = 2                # [s] SIGUSR1 period inside a window


class Ctx:
    def __init__(self, o):
        self.o = o
        self.procs = bl.Procs()
        self.records = []
        self.t0 = time.monotonic()
        self.seq = 0

    def name(self, base):
        self.seq += 1
        return '%02d-%s' % (self.seq, base)

    def log(self, msg):
        print('[bench %4.0fs] %s' % (time.monotonic() - self.t0, msg),
              file=sys.stderr, flush=True)


def load_run(ctx, name, args, hold, on_ready, ready_timeout):
    """Run consort-load for `hold` s; on_ready() runs once its calls are
    up. Returns (its JSON summary or None, exit code, on_ready's value)."""
    rundir = ctx.o.rundir
    ready = os.path.join(rundir, name + '.ready')
    out = os.path.join(rundir, name + '.json')
    argv = [ctx.o.load, '-q', '--summary-only', '--ready-file', ready,
            '-d', str(hold)] + [str(a) for a in args]
    with open(out, 'wb') as f:
        p = ctx.procs.start(argv, os.path.join(rundir, name + '.load.log'),
                            stdout=f)
    res = None
    if bl.wait_for(lambda: os.path.exists(ready) or p.poll() is not None,
                   ready_timeout) and p.poll() is None:
        res = on_ready(p.pid)
    try:
        p.wait(hold + 30)
    except subprocess.TimeoutExpired:
        ctx.log('%s: consort-load overran, stopping it' % name)
    rc = ctx.procs.stop(p)
    try:
        with open(out) as f:
            js = json.load(f)
    except (OSError, ValueError):
        js = None
    return js, rc, res


def summary(js):
    if not js:
        return None
    keep = dict(js['aggregate'])
    keep['calls'] = js['calls']
    keep['setup_ms'] = js['setup_ms']
    keep['ok'] = js['ok']
    if 'verify' in js:
        keep['verify_pass'] = js['verify']['pass']
    return keep


def measure_consortd(ctx, label, n, rooms, talkers, window, extra, verify,
                     grouped=False, rate=50):
    name = ctx.name('consortd-%s-n%d' % (label.replace('=', ''), n))
    cd = bl.Consortd(ctx.procs, ctx.o.consortd, ctx.o.rundir, name,
                     SIP_PORT, RTP_RANGE, extra)
    pid = cd.start()
    time.sleep(1.5)
    idle_rss = bl.rss_kb(pid)
    args = ['-t', '127.0.0.1:%d' % SIP_PORT, '-n', n, '-r', rooms,
            '-k', talkers, '-R', rate, '--prefix', 'bench']
    if grouped:
        args.append('-g')
    if verify:
        args += ['--verify', '--verify-delay', 0, '--verify-secs', 3,
                 '--verify-listeners', 2]

    def on_ready(lpid):
        time.sleep(WARM)
        samples = [cd.stats()]            # starts a stats interval
        w = bl.CpuWindow({'server': pid, 'load': lpid})
        w.start()
        end = time.monotonic() + window
        while time.monotonic() < end:
            time.sleep(min(STATS_EVERY, max(0, end - time.monotonic())))
            samples.append(cd.stats())
        m = w.stop()
        m['mix'] = bl.mix_stats_window(samples)
        return m

    hold = WARM + window + 3
    js, rc, m = load_run(ctx, name, args, hold, on_ready,
                         n / rate + 20)
    cd.stop()
    rec = {'server': 'consortd', 'label': label, 'n': n, 'rooms': rooms,
           'talkers': talkers, 'idle_rss_kb': idle_rss, 'load_rc': rc,
           'load': summary(js), 'conf': extra}
    if m:
        rec.update(window_s=m['window_s'], cpu_pct=m['server']['cpu_pct'],
                   rss_kb=m['server']['rss_kb'],
                   threads=m['server']['threads'],
                   load_cpu_pct=m['load']['cpu_pct'], mix=m['mix'])
    ctx.records.append(rec)
    ctx.log('%s: %s' % (name, brief(rec)))
    return rec


def measure_janus(ctx, n, window):
    name = ctx.name('janus-n%d' % n)
    rundir = ctx.o.rundir
    jn = bl.Janus(ctx.procs, ctx.o.janus_conf, rundir, name)
    pid = jn.start()
    time.sleep(1)
    idle_rss = bl.rss_kb(pid)
    rtpf = os.path.join(rundir, name + '.rtp')
    stop = os.path.join(rundir, name + '.stop')
    ab = ctx.procs.start([sys.executable, ctx.o.janus_ab, '--url', jn.url,
                          '--participants', str(n), '--out', rtpf,
                          '--stop-file', stop, '--hold', '600'],
                         os.path.join(rundir, name + '.ab.log'))
    rec = {'server': 'janus', 'label': 'default (quality 4)', 'n': n,
           'rooms': 1,
           'talkers': 'all', 'idle_rss_kb': idle_rss}
    if bl.wait_for(lambda: os.path.exists(rtpf) or ab.poll() is not None,
                   40) and os.path.exists(rtpf):
        def on_ready(lpid):
            time.sleep(WARM)
            w = bl.CpuWindow({'server': pid, 'load': lpid})
            w.start()
            time.sleep(window)
            return w.stop()

        js, rc, m = load_run(ctx, name, ['--rtp-only', rtpf, '-k', 'all'],
                             WARM + window + 2, on_ready, 10)
        rec.update(load_rc=rc, load=summary(js))
        if m:
            rec.update(window_s=m['window_s'],
                       cpu_pct=m['server']['cpu_pct'],
                       rss_kb=m['server']['rss_kb'],
                       threads=m['server']['threads'],
                       load_cpu_pct=m['load']['cpu_pct'])
    else:
        rec['error'] = 'janus_ab.py failed, see %s.ab.log' % name
    open(stop, 'w').close()
    try:
        ab.wait(15)
    except subprocess.TimeoutExpired:
        pass
    ctx.procs.stop(ab)
    jn.stop()
    ctx.records.append(rec)
    ctx.log('%s: %s' % (name, brief(rec)))
    return rec


def brief(rec):
    ld = rec.get('load') or {}
    mix = rec.get('mix') or {}
    return ('cpu %s%% rss %s kB (idle %s) calls %s loss %s%% deficit %s%% '
            'p99 %s us overruns %s' % (
                rec.get('cpu_pct'), rec.get('rss_kb'), rec.get('idle_rss_kb'),
                (ld.get('calls') or {}).get('ok'), ld.get('loss_pct'),
                ld.get('rate_deficit_pct_mean'), mix.get('tick_p99_us'),
                mix.get('overruns')))


def k_all_conf(ctx):
    """The config line that mixes every talker, or None if consortd has
    no mix_max_talkers key yet; plus the default K (or None)."""
    for k in K_ALL:
        cd = bl.Consortd(ctx.procs, ctx.o.consortd, ctx.o.rundir,
                         'kcheck', SIP_PORT, RTP_RANGE,
                         ['mix_max_talkers %d' % k])
        ok, _ = cd.check()
        if ok:
            break
    else:
        return None, None
    cd = bl.Consortd(ctx.procs, ctx.o.consortd, ctx.o.rundir, 'kdefault',
                     SIP_PORT, RTP_RANGE)
    ok, out = cd.check()
    dflt = None
    for line in out.splitlines():
        f = line.split()
        if len(f) == 2 and f[0] == 'mix_max_talkers':
            dflt = f[1]
    return 'mix_max_talkers %d' % k, dflt


def one_room(ctx):
    kline, kdef = k_all_conf(ctx)
    ctx.meta['mix_max_talkers_default'] = kdef
    ctx.meta['mix_max_talkers_supported'] = kline is not None
    if kline:
        measure_consortd(ctx, 'K=all', 50, 1, 'all', WINDOW, [kline], False)
        label = 'K=%s' % kdef if kdef else 'K=default'
    else:
        ctx.log('consortd has no mix_max_talkers yet: K=default pending')
        label = 'K=all'
    measure_consortd(ctx, label, 50, 1, 'all', WINDOW, [], False)
    measure_janus(ctx, 50, WINDOW)
    for n in CURVE_NS:
        measure_consortd(ctx, label, n, 1, 'all', WINDOW // 2, [], False)
        measure_janus(ctx, n, WINDOW // 2)


def step_ok(rec):
    """Sets rec['pass'] (calls and verification ok, no loss, tick p99
    within the 20 ms period: the sweep goes on) and rec['p99_ok'] (tick
    p99 <= 5 ms as well: the target's criterion). consortd's `overruns`
    counter (timer expirations missed) is reported but does not stop the
    sweep: on this shared machine it mostly counts late wake-ups of the
    worker (see late_max_us) while its ticks stay short."""
    ld = rec.get('load') or {}
    mix = rec.get('mix') or {}
    reasons = []
    if not ld or ld['calls']['ok'] != rec['n']:
        reasons.append('calls failed')
    if mix.get('tick_p99_us', 0) > TICK_US:
        reasons.append('tick p99 > period')
    if ld and (ld['loss_pct'] > LOSS_MAX_PCT or
               ld['rate_deficit_pct_mean'] > DEFICIT_MAX_PCT):
        reasons.append('loss')
    if ld.get('verify_pass') is False:
        reasons.append('verification failed')
    rec['pass'] = not reasons
    rec['p99_ok'] = not reasons and \
        mix.get('tick_p99_us', P99_MAX_US + 1) <= P99_MAX_US
    rec['fail_reasons'] = reasons
    return not reasons


def rooms30_step(ctx, r, verify):
    rec = measure_consortd(ctx, 'rooms30', 30 * r, r, 3, WINDOW // 2, [],
                           verify, grouped=True, rate=100)
    rec['scenario'] = 'rooms30'
    step_ok(rec)
    return rec


def rooms30(ctx):
    """A step that fails, or passes with tick p99 > 5 ms, is run once
    more: on this shared 2-core machine another process can stall the
    worker; the first attempt stays in latest.json with scenario
    rooms30-retried and the second one counts."""
    for i, r in enumerate(ROOM_STEPS):
        if time.monotonic() - ctx.t0 > BUDGET:
            ctx.log('time budget used up: sweep stops at %d rooms' % r)
            ctx.meta['sweep_truncated'] = True
            break
        rec = rooms30_step(ctx, r, i == 0)
        if not rec['p99_ok']:
            ctx.log('%d rooms: %s; once more' % (
                r, ', '.join(rec['fail_reasons']) or 'tick p99 > 5 ms'))
            rec['scenario'] = 'rooms30-retried'
            rec = rooms30_step(ctx, r, i == 0)
        if not rec['pass']:
            ctx.log('%d rooms: %s' % (r, ', '.join(rec['fail_reasons'])))
            break


def loadavg():
    try:
        with open('/proc/loadavg') as f:
            return ' '.join(f.read().split()[:3])
    except OSError:
        return '?'


def machine():
    model = ''
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    model = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'],
                                capture_output=True, text=True,
                                cwd=here).stdout.strip()
        dirty = subprocess.run(['git', 'status', '--porcelain',
                                '--untracked-files=no'],
                               capture_output=True, text=True,
                               cwd=here).stdout.strip()
        if commit and dirty:
            commit += ' + uncommitted changes'
    except OSError:
        commit = ''
    return {'date': time.strftime('%Y-%m-%d %H:%M %Z'), 'cpu': model,
            'loadavg_start': loadavg(),
            'cores': os.cpu_count(), 'kernel': os.uname().release,
            'commit': commit}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--consortd', required=True)
    ap.add_argument('--load', required=True)
    ap.add_argument('--janus-conf', required=True)
    ap.add_argument('--janus-ab', required=True)
    ap.add_argument('--rundir', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--only', choices=['one_room', 'rooms30'])
    o = ap.parse_args()

    ctx = Ctx(o)
    ctx.meta = machine()
    ctx.meta.update(window_s=WINDOW, warm_s=WARM)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))
    try:
        if o.only != 'rooms30':
            one_room(ctx)
        if o.only != 'one_room':
            rooms30(ctx)
    finally:
        ctx.procs.stop_all()
        ctx.meta['elapsed_s'] = round(time.monotonic() - ctx.t0)
        ctx.meta['loadavg_end'] = loadavg()
        with open(o.out, 'w') as f:
            json.dump({'meta': ctx.meta, 'records': ctx.records}, f,
                      indent=1)
    ctx.log('done: %s' % o.out)


if __name__ == '__main__':
    main()
