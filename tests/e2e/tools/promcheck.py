#!/usr/bin/env python3
"""promcheck.py: check a Prometheus text-format (0.0.4) exposition.

usage: promcheck.py FILE [--family NAME]... [--expect 'SAMPLE OP VALUE']...
  Format: every line is "# HELP name text", "# TYPE name type" or
  'name{label="value",...} number'; a family's HELP and TYPE come before
  its samples, once, and its samples are contiguous; counters are named
  *_total; label values are quoted with \\ \\" \\n escapes only; a
  histogram's buckets (per label set) are cumulative, end with le="+Inf",
  and +Inf equals _count.
  --family  this family must be present (with a TYPE line)
  --expect  e.g. 'consort_rooms == 1', 'consort_encoders{worker="0"} >= 0',
            'count(consort_participant_loss_ratio) == 2' (number of
            samples of a family)
Prints one line per problem; exit 0 if none, 1 otherwise.
"""
import argparse
import math
import re
import sys

NAME = r'[a-zA-Z_:][a-zA-Z0-9_:]*'
SAMPLE = re.compile(r'^(%s)(\{(.*)\})? (\S+)( -?\d+)?$' % NAME)
LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"'
                   r'\s*(,|$)')
SUFFIXES = ('_bucket', '_sum', '_count')


def parse_labels(s):
    out, pos = {}, 0
    while pos < len(s):
        m = LABEL.match(s, pos)
        if not m:
            raise ValueError('bad labels {%s}' % s)
        out[m.group(1)] = m.group(2)
        pos = m.end()
    return out


def family_of(name, types):
    for suf in SUFFIXES:
        if name.endswith(suf) and types.get(name[:-len(suf)]) == 'histogram':
            return name[:-len(suf)]
    return name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('file')
    ap.add_argument('--family', action='append', default=[])
    ap.add_argument('--expect', action='append', default=[])
    o = ap.parse_args()
    errs = []
    types, helps, samples, done = {}, {}, [], set()
    cur = None
    for n, line in enumerate(open(o.file, encoding='utf-8'), 1):
        line = line.rstrip('\n')
        if not line:
            continue
        if line.startswith('#'):
            p = line.split(' ', 3)
            if len(p) >= 3 and p[1] in ('HELP', 'TYPE'):
                fam = p[2]
                if p[1] == 'TYPE':
                    if fam in types:
                        errs.append('%d: second TYPE for %s' % (n, fam))
                    if len(p) < 4 or p[3] not in ('counter', 'gauge',
                                                  'histogram', 'summary',
                                                  'untyped'):
                        errs.append('%d: bad TYPE line' % n)
                    else:
                        types[fam] = p[3]
                else:
                    helps[fam] = True
                if fam in done:
                    errs.append('%d: %s metadata after its samples'
                                % (n, fam))
            continue
        m = SAMPLE.match(line)
        if not m:
            errs.append('%d: not a sample: %r' % (n, line))
            continue
        name, labels, val = m.group(1), m.group(3) or '', m.group(4)
        try:
            lab = parse_labels(labels)
            v = float(val)
        except ValueError as e:
            errs.append('%d: %s' % (n, e))
            continue
        fam = family_of(name, types)
        if fam not in types:
            errs.append('%d: %s has no TYPE line before it' % (n, name))
        if fam != cur:
            if fam in done:
                errs.append('%d: samples of %s are not contiguous'
                            % (n, fam))
            if cur:
                done.add(cur)
            cur = fam
        if types.get(fam) == 'counter' and not fam.endswith('_total'):
            errs.append('%d: counter %s does not end in _total' % (n, fam))
        if v < 0 and types.get(fam) == 'counter':
            errs.append('%d: negative counter %s' % (n, name))
        samples.append((name, lab, v, fam))
    # histograms
    for fam, t in types.items():
        if t != 'histogram':
            continue
        series = {}
        for name, lab, v, f in samples:
            if f != fam:
                continue
            key = tuple(sorted((k, x) for k, x in lab.items() if k != 'le'))
            s = series.setdefault(key, {'b': [], 'count': None})
            if name == fam + '_bucket':
                s['b'].append((lab.get('le'), v))
            elif name == fam + '_count':
                s['count'] = v
        for key, s in series.items():
            les = [(math.inf if le == '+Inf' else float(le), v)
                   for le, v in s['b']]
            if not les or les[-1][0] != math.inf:
                errs.append('%s%s: no le="+Inf" bucket last' % (fam, key))
                continue
            if [x for x, _ in les] != sorted(x for x, _ in les):
                errs.append('%s%s: buckets not in le order' % (fam, key))
            if any(les[i][1] > les[i + 1][1] for i in range(len(les) - 1)):
                errs.append('%s%s: buckets not cumulative' % (fam, key))
            if s['count'] != les[-1][1]:
                errs.append('%s%s: +Inf %s != _count %s' %
                            (fam, key, les[-1][1], s['count']))
    for fam in o.family:
        if fam not in types:
            errs.append('family %s missing' % fam)
        elif fam not in helps:
            errs.append('family %s has no HELP' % fam)
    for e in o.expect:
        m = re.match(r'^(count\()?(%s)(\{.*\})?\)? *(==|>=|<=|>|<) *(\S+)$'
                     % NAME, e)
        if not m:
            errs.append('bad --expect %r' % e)
            continue
        cnt, name, labels, op, want = m.groups()
        lab = parse_labels(labels[1:-1]) if labels else None
        if cnt:
            got = sum(1 for s in samples if s[0] == name)
        else:
            vals = [s[2] for s in samples if s[0] == name and
                    (lab is None or s[1] == lab)]
            if len(vals) != 1:
                errs.append('%s: %d samples match' % (e, len(vals)))
                continue
            got = vals[0]
        if not eval('%r %s %s' % (got, op, want)):
            errs.append('%s: got %s' % (e, got))
    for e in errs:
        print(e)
    print('promcheck: %d families, %d samples, %d problems' %
          (len(types), len(samples), len(errs)))
    return 1 if errs else 0


if __name__ == '__main__':
    sys.exit(main())
