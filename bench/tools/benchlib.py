"""benchlib.py: process control and measurement for bench/tools/bench.py.

Every process is started here, remembered by PID and stopped by PID
(Procs.stop_all); nothing is killed by name. CPU is utime+stime of the
whole process (all threads) from /proc/PID/stat over a window, in % of
one core; memory is VmRSS from /proc/PID/status.
"""
import json
import os
import re
import signal
import subprocess
import time
import urllib.request

HZ = os.sysconf('SC_CLK_TCK')


def cpu_ticks(pid):
    """utime + stime of pid [clock ticks], None if it is gone."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            s = f.read()
    except OSError:
        return None
    fields = s[s.rfind(')') + 2:].split()
    return int(fields[11]) + int(fields[12])


def thread_ticks(pid):
    """{thread name: utime + stime} over the threads of pid."""
    out = {}
    try:
        tids = os.listdir('/proc/%d/task' % pid)
    except OSError:
        return out
    for t in tids:
        try:
            with open('/proc/%d/task/%s/stat' % (pid, t)) as f:
                s = f.read()
        except OSError:
            continue
        name = s[s.find('(') + 1:s.rfind(')')]
        fields = s[s.rfind(')') + 2:].split()
        out[name] = out.get(name, 0) + int(fields[11]) + int(fields[12])
    return out


def rss_kb(pid):
    try:
        with open('/proc/%d/status' % pid) as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class CpuWindow:
    """CPU of some PIDs between start() and stop()."""

    def __init__(self, pids):
        self.pids = dict(pids)

    def start(self):
        self.t0 = time.monotonic()
        self.a = {k: cpu_ticks(p) for k, p in self.pids.items()}
        self.ta = {k: thread_ticks(p) for k, p in self.pids.items()}

    def stop(self):
        dt = time.monotonic() - self.t0
        res = {'window_s': round(dt, 2)}
        for k, p in self.pids.items():
            b = cpu_ticks(p)
            a = self.a[k]
            pct = (b - a) * 100.0 / HZ / dt if a is not None and \
                b is not None else None
            tb = thread_ticks(p)
            thr = {n: round((v - self.ta[k].get(n, 0)) * 100.0 / HZ / dt, 2)
                   for n, v in tb.items()}
            thr = dict(sorted(((n, v) for n, v in thr.items() if v > 0),
                              key=lambda x: -x[1])[:6])
            res[k] = {'cpu_pct': round(pct, 2) if pct is not None else None,
                      'rss_kb': rss_kb(p), 'threads': thr}
        return res


class Procs:
    """Processes started by the benchmark, stopped by PID."""

    def __init__(self):
        self.procs = []

    def start(self, argv, log, **kw):
        f = open(log, 'ab')
        p = subprocess.Popen(argv, stdout=kw.pop('stdout', f), stderr=f,
                             stdin=subprocess.DEVNULL, **kw)
        self.procs.append(p)
        return p

    def stop(self, p, timeout=10):
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        if p in self.procs:
            self.procs.remove(p)
        return p.returncode

    def stop_all(self):
        for p in list(self.procs):
            self.stop(p, 5)


def wait_for(pred, timeout, step=0.1):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(step)
    return pred()


def file_has(path, needle):
    try:
        with open(path, errors='replace') as f:
            return needle in f.read()
    except OSError:
        return False


STATS_RE = re.compile(r' mix: stats (.*)$')
KV_RE = re.compile(r'(\w+)=(\S+)')


def _num(v):
    try:
        return int(v)
    except ValueError:
        try:
            return float(v)
        except ValueError:
            return v


def mix_stats_lines(log):
    """Every 'mix: stats' line of a consortd log as a dict of key=value."""
    out = []
    try:
        with open(log, errors='replace') as f:
            for line in f:
                m = STATS_RE.search(line)
                if m:
                    out.append({k: _num(v) for k, v in
                                KV_RE.findall(m.group(1))})
    except OSError:
        pass
    return out


def mix_stats_merge(lines):
    """One report (one line per worker) merged: counters summed, tick
    figures (tick_*) as the largest over the workers."""
    res = {}
    for d in lines:
        for k, v in d.items():
            if not isinstance(v, (int, float)) or k == 'worker':
                continue
            if k.startswith('tick_'):
                res[k] = max(res.get(k, 0), v)
            else:
                res[k] = res.get(k, 0) + v
    res['workers'] = len(lines)
    return res


def mix_stats_delta(a, b):
    """What happened between two merged reports: counters as b - a; tick
    figures (tick_*: the worker resets them at each report) and gauges
    (rooms, parts, workers) as in b."""
    res = {}
    for k, v in b.items():
        if k.startswith(('tick_', 'late_')) or k in (
                'rooms', 'parts', 'workers', 'encoders', 'mixed'):
            res[k] = v
        else:
            res[k] = v - a.get(k, 0)
    return res


def mix_stats_window(samples):
    """A window from reports taken every few seconds (the first one opens
    it): counters as last - first; tick_max_us and the percentiles of the
    worker's last second (tick_p99_us, late_*) as the largest report,
    tick_p50_us as the median report."""
    res = mix_stats_delta(samples[0], samples[-1])
    rest = samples[1:] or samples
    for k in res:
        if not k.startswith(('tick_', 'late_')):
            continue
        vals = sorted(s.get(k, 0) for s in rest)
        res[k] = vals[len(vals) // 2] if k.endswith('p50_us') else vals[-1]
    res['reports'] = len(rest)
    return res


class Consortd:
    """consortd on loopback with a generated config."""

    def __init__(self, procs, binary, rundir, name, sip_port, rtp_range,
                 extra=()):
        self.procs, self.binary = procs, binary
        self.conf = os.path.join(rundir, name + '.conf')
        self.log = os.path.join(rundir, name + '.log')
        self.sip_port = sip_port
        lines = ['sip_listen 127.0.0.1:%d' % sip_port,
                 'sip_transports udp', 'media_address 127.0.0.1',
                 'rtp_port_min %d' % rtp_range[0],
                 'rtp_port_max %d' % rtp_range[1], 'workers 1',
                 'log_level info', 'room_linger 1',
                 'max_participants 2000',
                 'pid_file %s' % os.path.join(rundir, name + '.pid')]
        lines += list(extra)
        with open(self.conf, 'w') as f:
            f.write('\n'.join(lines) + '\n')
        self.p = None

    def check(self):
        r = subprocess.run([self.binary, '--check-config', '-v', '-f',
                            self.conf], capture_output=True, text=True)
        return r.returncode == 0, r.stdout + r.stderr

    def start(self):
        self.p = self.procs.start([self.binary, '-f', self.conf], self.log)
        if not wait_for(lambda: file_has(self.log, 'listening on'), 10) \
                or self.p.poll() is not None:
            raise RuntimeError('consortd did not start, see %s' % self.log)
        return self.p.pid

    def stats(self, timeout=3):
        """SIGUSR1, then the merged report it logs."""
        n = len(mix_stats_lines(self.log))
        self.p.send_signal(signal.SIGUSR1)
        wait_for(lambda: len(mix_stats_lines(self.log)) > n, timeout)
        lines = mix_stats_lines(self.log)[n:]
        return mix_stats_merge(lines)

    def stop(self):
        if self.p:
            rc = self.procs.stop(self.p, 10)
            self.p = None
            return rc


class Janus:
    """Janus with the configs in bench/janus (HTTP on 127.0.0.1:8188)."""

    def __init__(self, procs, confdir, rundir, name, port=8188):
        self.procs, self.confdir = procs, confdir
        self.log = os.path.join(rundir, name + '.log')
        self.url = 'http://127.0.0.1:%d/janus' % port
        self.p = None

    def _up(self):
        try:
            with urllib.request.urlopen(self.url + '/info', timeout=1) as r:
                return 'janus.plugin.audiobridge' in json.load(r)['plugins']
        except (OSError, ValueError, KeyError):
            return False

    def start(self):
        if self._up():
            raise RuntimeError('another Janus answers on %s' % self.url)
        self.p = self.procs.start(
            ['janus', '-C', os.path.join(self.confdir, 'janus.jcfg'),
             '-F', self.confdir, '-o'], self.log)
        up = wait_for(self._up, 15)
        time.sleep(0.5)
        if not up or self.p.poll() is not None:
            raise RuntimeError('janus did not start, see %s' % self.log)
        return self.p.pid

    def stop(self):
        if self.p:
            rc = self.procs.stop(self.p, 10)
            self.p = None
            return rc
