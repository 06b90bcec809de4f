#!/usr/bin/env python3
"""pkstat.py: packet timing from an rtpcap.py --packets log (pk_P.txt).

usage: pkstat.py PK_FILE [--from T0] [--to T1]
       pkstat.py PK_FILE --offset T
The log has one line per packet: "EPOCH_S PT SEQ SSRC PAYLOAD_BYTES".
Default: one line about the packets that arrived in [T0, T1] (epoch
seconds; default the whole log):
  packets=N maxgap=S pts=0,8 first=EPOCH last=EPOCH
maxgap is the longest time in [T0, T1] without a packet, the window's
ends counting as packets (no packet at all: maxgap = T1 - T0; an open
end is the first/last packet). pts lists the payload types seen.
--offset T prints where wall-clock time T falls in rtpcap.py's rx_P.wav
[s]: that WAV holds the SSRC with most packets in sequence order from its
lowest sequence number, 8000 samples/s, one payload byte per sample (G.711)
and 160 samples per lost packet; T maps to the end of the last packet of
that SSRC that arrived at or before T. Exit 2 if the log is unreadable.
"""
import argparse
import sys


def load(path):
    pk = []
    with open(path) as f:
        for line in f:
            v = line.split()
            if len(v) >= 5:
                pk.append((float(v[0]), int(v[1]), int(v[2]), int(v[3]),
                           int(v[4])))
    return pk


def window(pk, t0, t1):
    ts = [p[0] for p in pk if (t0 is None or p[0] >= t0) and
          (t1 is None or p[0] <= t1)]
    pts = sorted({p[1] for p in pk if (t0 is None or p[0] >= t0) and
                  (t1 is None or p[0] <= t1)})
    edges = ([t0] if t0 is not None else []) + ts + \
        ([t1] if t1 is not None else [])
    gap = max((b - a for a, b in zip(edges, edges[1:])), default=0.0)
    return ('packets=%d maxgap=%.3f pts=%s first=%.3f last=%.3f'
            % (len(ts), gap, ','.join(str(p) for p in pts) or '-',
               ts[0] if ts else 0, ts[-1] if ts else 0))


def offset(pk, t):
    count = {}
    for p in pk:
        count[p[3]] = count.get(p[3], 0) + 1
    if not count:
        return 0.0
    ssrc = max(count, key=count.get)
    ext, last, size = {}, None, {}
    for p in pk:
        if p[3] != ssrc:
            continue
        if last is None:
            e = p[2] + 0x10000
        else:
            d = (p[2] - last) & 0xffff
            e = last + d if d < 0x8000 else last - (0x10000 - d)
        last = e if last is None else max(last, e)
        ext[e] = p
        size[e] = p[4]
    lo = min(ext)
    upto = [e for e, p in ext.items() if p[0] <= t]
    if not upto:
        return 0.0
    hi = max(upto)
    samples = sum(size.get(e, 160) for e in range(lo, hi + 1))
    return samples / 8000.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('pk')
    ap.add_argument('--from', dest='t0', type=float)
    ap.add_argument('--to', dest='t1', type=float)
    ap.add_argument('--offset', type=float)
    o = ap.parse_args()
    try:
        pk = load(o.pk)
    except (OSError, ValueError) as e:
        print('%s: %s' % (o.pk, e), file=sys.stderr)
        return 2
    if o.offset is not None:
        print('%.3f' % offset(pk, o.offset))
    else:
        print(window(pk, o.t0, o.t1))
    return 0


if __name__ == '__main__':
    sys.exit(main())
