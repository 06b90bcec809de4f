#!/usr/bin/env python3
"""logstats.py: sum consortd "stats" log lines (stdin) into key value lines.

  "... stats sip malformed=2 requests_invite=5"  -> sip.malformed 2 ...
  "... stats worker=0 rx=10 drop_short=1"        -> worker.rx 10 ...
Lines of the same group (e.g. one per worker) are summed; non-integer
values are ignored. Output is sorted by key.
usage: logstats.py < LOG     |   logstats.py LOG [KEY]  (KEY: print value)
"""
import sys


def parse(lines):
    tot = {}
    for line in lines:
        i = line.find(' stats ')
        if i < 0:
            continue
        toks = line[i + 7:].split()
        if not toks:
            continue
        group, _, _ = toks[0].partition('=')
        rest = toks[1:]
        for t in rest:
            k, eq, v = t.partition('=')
            if not eq:
                continue
            try:
                n = int(v)
            except ValueError:
                continue
            key = '%s.%s' % (group, k)
            tot[key] = tot.get(key, 0) + n
    return tot


def main():
    src = open(sys.argv[1], errors='replace') if len(sys.argv) > 1 \
        else sys.stdin
    tot = parse(src)
    if len(sys.argv) > 2:
        print(tot.get(sys.argv[2], 0))
        return 0
    for k in sorted(tot):
        print(k, tot[k])
    return 0


if __name__ == '__main__':
    sys.exit(main())
