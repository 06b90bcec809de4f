#!/usr/bin/env python3
"""report.py: turn bench.py's latest.json into latest.md (printed too),
cpu_curve.dat and cpu_curve.png (gnuplot).

usage: report.py RESULTS_DIR   (reads RESULTS_DIR/latest.json)
"""
import json
import os
import shutil
import subprocess
import sys

TARGET_RATIO = 0.25
TARGET_PER_CORE = 300
TARGET_MEM_KB = 150
P99_MAX_US = 5000


def f(v, fmt='%.1f'):
    return '—' if v is None else fmt % v


def per_part(rec):
    cpu = rec.get('cpu_pct')
    mem = None
    if rec.get('rss_kb') and rec.get('idle_rss_kb') is not None:
        mem = (rec['rss_kb'] - rec['idle_rss_kb']) / rec['n']
    return (cpu / rec['n'] if cpu is not None else None), mem


def load_cols(rec):
    ld = rec.get('load') or {}
    return ld.get('rx_pps_mean'), ld.get('loss_pct'), \
        ld.get('rate_deficit_pct_mean'), ld.get('jitter_ms_mean')


def one_room_table(recs, meta, out):
    rows = [r for r in recs if r.get('n') == 50 and r.get('rooms') == 1
            and r.get('scenario') != 'rooms30']
    out.append('## 1. One room, N = 50, every participant sending 48 kHz '
               'Opus\n')
    out.append('CPU: utime+stime of the server process over a %s s window '
               'after %s s of warm-up, in %% of one core. Memory: VmRSS '
               'during the window minus the idle server\'s, divided by N.\n'
               % (meta.get('window_s'), meta.get('warm_s')))
    out.append('| server | setting | CPU % of a core | CPU / participant '
               '| RSS (idle) | memory / participant | mix pps | loss % '
               '| rate deficit % | load-gen CPU % |')
    out.append('|---|---|---|---|---|---|---|---|---|---|')
    janus = None
    for r in rows:
        cpu_p, mem_p = per_part(r)
        pps, loss, dfc, _ = load_cols(r)
        if r['server'] == 'janus':
            janus = r
        out.append('| %s | %s | %s | %s | %s MB (%s MB) | %s KB | %s | %s '
                   '| %s | %s |' % (
                       'consortd' if r['server'] == 'consortd' else
                       'Janus AudioBridge', r['label'], f(r.get('cpu_pct')),
                       f(cpu_p, '%.3f'),
                       f((r.get('rss_kb') or 0) / 1024),
                       f((r.get('idle_rss_kb') or 0) / 1024),
                       f(mem_p, '%.0f'), f(pps, '%.1f'), f(loss, '%.3f'),
                       f(dfc, '%.2f'), f(r.get('load_cpu_pct'))))
    if not meta.get('mix_max_talkers_supported'):
        out.append('| consortd | default K | pending: consortd has no '
                   '`mix_max_talkers` key yet | | | | | | | |')
    out.append('')
    if janus and janus.get('cpu_pct'):
        for r in rows:
            if r['server'] != 'consortd' or not r.get('cpu_pct'):
                continue
            ratio = r['cpu_pct'] / janus['cpu_pct']
            verdict = 'target met' if ratio <= TARGET_RATIO else \
                'target missed by %.1fx' % (ratio / TARGET_RATIO)
            out.append('- CPU ratio consortd (%s) / Janus: **%.2f** '
                       '(target <= %.2f: %s)' % (r['label'], ratio,
                                                 TARGET_RATIO, verdict))
        out.append('')
    return rows


def capacity(rows, key):
    """The last step of the unbroken run of steps meeting `key` from the
    first one: a step beyond a failed one does not count."""
    best = None
    for r in rows:
        if not r.get(key):
            break
        best = r
    return best


def sweep_table(recs, out):
    rows = [r for r in recs if r.get('scenario') == 'rooms30']
    out.append('## 2. Rooms of 30, 3 talkers each, one worker '
               '(`workers 1`)\n')
    if not rows:
        out.append('(not run)\n')
        return rows
    out.append('| rooms | participants | consortd CPU % | CPU / part. '
               '| tick p50 / p99 / max [us] | overruns (late max us) '
               '| loss % | rate deficit % | jitter ms | memory / part. KB '
               '| load-gen CPU % | result |')
    out.append('|---|---|---|---|---|---|---|---|---|---|---|---|')
    for r in rows:
        cpu_p, mem_p = per_part(r)
        _, loss, dfc, jit = load_cols(r)
        mix = r.get('mix') or {}
        res = ('ok' if r.get('p99_ok') else 'ok, p99 > 5 ms') \
            if r.get('pass') else ', '.join(r.get('fail_reasons', ['?']))
        if (r.get('load') or {}).get('verify_pass'):
            res += ' (verified)'
        out.append('| %d | %d | %s | %s | %s / %s / %s | %s | %s | %s | %s '
                   '| %s | %s | %s |' % (
                       r['rooms'], r['n'], f(r.get('cpu_pct')),
                       f(cpu_p, '%.3f'), mix.get('tick_p50_us', '—'),
                       mix.get('tick_p99_us', '—'),
                       mix.get('tick_max_us', '—'),
                       '%s (%s)' % (mix.get('overruns', '—'),
                                    mix.get('late_max_us', '—')),
                       f(loss, '%.3f'),
                       f(dfc, '%.2f'), f(jit, '%.2f'), f(mem_p, '%.0f'),
                       f(r.get('load_cpu_pct')), res))
    out.append('')
    out.append('Tick figures are consortd\'s own (SIGUSR1 stats line, '
               'sampled every 2 s): p50 the median report, p99 and max the '
               'largest. Overruns count timer periods the worker woke up too '
               'late for, with the latest start in parentheses; loss is '
               'sequence gaps plus the shortfall of the mix rate below 50 '
               'packets/s, measured by consort-load.\n')
    for key, what in (('p99_ok', 'no loss and tick p99 <= 5 ms (the '
                       'target\'s criterion)'),
                      ('pass', 'no loss and tick p99 within the 20 ms '
                       'period')):
        best = capacity(rows, key)
        if not best:
            out.append('- With %s: not even one room of 30.' % what)
            continue
        cpu = best.get('cpu_pct') or 0
        ext = best['n'] * 100.0 / cpu if cpu else None
        out.append('- With %s: **%d participants** (%d rooms) on one '
                   'worker thread (at most one core); consortd used %s %% '
                   'of a core there (%s participants per fully used core, '
                   'extrapolated).' % (what, best['n'], best['rooms'],
                                       f(cpu), f(ext, '%.0f')))
    retried = [r['rooms'] for r in recs
               if r.get('scenario') == 'rooms30-retried']
    if retried:
        out.append('- Steps that missed a criterion once and were run '
                   'again (a stall from another process on this shared '
                   'machine is told apart from a limit this way): %s rooms; '
                   'the table shows the second run.'
                   % ', '.join(map(str, retried)))
    if rows and rows[-1].get('pass'):
        out.append('- The sweep ended before any loss (last step or time '
                   'budget).')
    out.append('')
    return rows


def is_rooms30(r):
    # Retried steps are tagged 'rooms30-retried'; both belong to scenario 2.
    return (r.get('scenario') or '').startswith('rooms30')


def curve(recs, resdir):
    series = [
        ('consortd, rooms of 30, 3 talkers',
         [r for r in recs if r.get('scenario') == 'rooms30']),
        ('consortd, one room, all talking (default K)',
         [r for r in recs if r['server'] == 'consortd' and
          not is_rooms30(r) and r['label'] != 'K=all']),
        ('consortd, one room, all talking, K=all',
         [r for r in recs if r['server'] == 'consortd' and
          not is_rooms30(r) and r['label'] == 'K=all']),
        ('Janus AudioBridge, one room, all talking',
         [r for r in recs if r['server'] == 'janus']),
    ]
    dat = os.path.join(resdir, 'cpu_curve.dat')
    used = []
    with open(dat, 'w') as fh:
        for title, rows in series:
            pts = sorted((r['n'], r['cpu_pct']) for r in rows
                         if r.get('cpu_pct') is not None)
            if not pts:
                continue
            fh.write('# %s\n' % title)
            for n, c in pts:
                fh.write('%d %.2f\n' % (n, c))
            fh.write('\n\n')
            used.append(title)
    if not used or not shutil.which('gnuplot'):
        return None
    plots = ', '.join("'%s' index %d with linespoints lw 2 pt 7 title '%s'"
                      % (dat, i, t) for i, t in enumerate(used))
    script = ('set terminal pngcairo size 900,560 font "sans,10"\n'
              "set output '%s'\n"
              "set title 'CPU vs participants (48 kHz Opus, loopback, "
              "20 ms frames)'\n"
              "set xlabel 'participants'\n"
              "set ylabel 'server CPU, %% of one core'\n"
              'set grid\nset key left top\nset yrange [0:*]\n'
              'set xrange [0:*]\nplot %s\n'
              % (os.path.join(resdir, 'cpu_curve.png'), plots))
    subprocess.run(['gnuplot'], input=script, text=True, check=False)
    return 'cpu_curve.png'


def targets(one, sweep, out):
    out.append('## Targets\n')
    cons = [r for r in one if r['server'] == 'consortd' and r.get('rss_kb')]
    for r in cons:
        _, mem = per_part(r)
        if mem is not None:
            out.append('- Memory per participant, consortd %s: %.0f KB '
                       '(target <= %d KB: %s)' % (
                           r['label'], mem, TARGET_MEM_KB,
                           'met' if mem <= TARGET_MEM_KB else 'missed'))
    best = capacity(sweep, 'p99_ok')
    if sweep:
        n = best['n'] if best else 0
        out.append('- Rooms of 30 on one core with tick p99 <= 5 ms and no '
                   'loss: %d participants (target >= %d: %s)' % (
                       n, TARGET_PER_CORE,
                       'met' if n >= TARGET_PER_CORE else
                       'missed by %.1fx' % (TARGET_PER_CORE / n)
                       if n else 'missed'))
    out.append('')


def main():
    resdir = sys.argv[1]
    with open(os.path.join(resdir, 'latest.json')) as fh:
        data = json.load(fh)
    meta, recs = data['meta'], data['records']
    out = ['# Consort capacity benchmark\n',
           '%s; %s, %s cores; kernel %s; commit %s; `make bench` took '
           '%s s.\n' % (meta.get('date'), meta.get('cpu'),
                        meta.get('cores'), meta.get('kernel'),
                        meta.get('commit') or '?', meta.get('elapsed_s')),
           'consortd and Janus 1.1.2 (Debian) on 127.0.0.1, fed by '
           'consort-load on the same 2-core machine (SIP for consortd, '
           '--rtp-only into AudioBridge plain-RTP participants for Janus): '
           'pre-encoded 48 kHz Opus, 20 ms, 32 kbit/s, a distinct tone '
           'per talker. Load average (1/5/15 min) of the machine, which '
           'other users share: %s at the start, %s at the end.\n' % (
               meta.get('loadavg_start', '?'), meta.get('loadavg_end', '?'))]
    one = one_room_table(recs, meta, out)
    sweep = sweep_table(recs, out)
    png = curve(recs, resdir)
    if png:
        out.append('## 3. CPU vs participants\n')
        out.append('![CPU vs participants](%s)\n' % png)
    targets(one, sweep, out)
    text = '\n'.join(out)
    with open(os.path.join(resdir, 'latest.md'), 'w') as fh:
        fh.write(text)
    print(text)


if __name__ == '__main__':
    main()
