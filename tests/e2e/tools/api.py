#!/usr/bin/env python3
"""api.py: one request to consortd's HTTP API, with checks (stdlib only).

usage: api.py [--url URL] [--token T] [-H 'Name: value']... [--expect N]
              [--check PYEXPR]... [--print PYEXPR] [--big N] [--timeout S]
              METHOD PATH [BODY]
  BODY      sent as is (a JSON text); --big N sends {"x": "aaa..."} of
            N bytes instead
  --expect  the status must be N
  --check   must be true; names: s (status), h (headers, lower-case
            keys), b (body text), j (body as JSON, None if not JSON)
  --print   print the value of PYEXPR (str as is, else JSON) and nothing
            else on stdout
Without --print, prints "STATUS" and the body. Exit 0 if every
expectation holds, 1 if one fails (reason on stderr), 2 on a connection
error. URL defaults to $CONSORT_URL or http://127.0.0.1:8088.
"""
import argparse
import http.client
import json
import os
import sys
import urllib.parse


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--url', default=os.environ.get(
        'CONSORT_URL', 'http://127.0.0.1:8088'))
    ap.add_argument('--token')
    ap.add_argument('-H', '--header', action='append', default=[])
    ap.add_argument('--expect', type=int)
    ap.add_argument('--check', action='append', default=[])
    ap.add_argument('--print', dest='expr')
    ap.add_argument('--big', type=int)
    ap.add_argument('--timeout', type=float, default=15)
    ap.add_argument('method')
    ap.add_argument('path')
    ap.add_argument('body', nargs='?')
    o = ap.parse_args()

    u = urllib.parse.urlsplit(o.url)
    hdrs = {}
    for line in o.header:
        k, _, v = line.partition(':')
        hdrs[k.strip()] = v.strip()
    if o.token:
        hdrs['Authorization'] = 'Bearer ' + o.token
    body = o.body.encode() if o.body is not None else None
    if o.big:
        body = b'{"x": "' + b'a' * max(0, o.big - 9) + b'"}'
    if body is not None:
        hdrs.setdefault('Content-Type', 'application/json')
    try:
        c = http.client.HTTPConnection(u.hostname, u.port or 80,
                                       timeout=o.timeout)
        c.request(o.method, o.path, body=body, headers=hdrs)
        r = c.getresponse()
        raw = r.read()
    except (OSError, http.client.HTTPException) as e:
        print('api.py: %s %s: %s' % (o.method, o.path, e), file=sys.stderr)
        return 2
    s = r.status
    h = {k.lower(): v for k, v in r.getheaders()}
    b = raw.decode('utf-8', 'replace')
    try:
        j = json.loads(b)
    except ValueError:
        j = None
    ok = True
    if o.expect is not None and s != o.expect:
        print('api.py: %s %s: status %d, expected %d: %s' %
              (o.method, o.path, s, o.expect, b[:300]), file=sys.stderr)
        ok = False
    names = {'s': s, 'h': h, 'b': b, 'j': j}
    for expr in o.check:
        try:
            res = eval(expr, dict(names))
        except Exception as e:   # a failed lookup is a failed check
            res = False
            print('api.py: %s: %r' % (expr, e), file=sys.stderr)
        if not res:
            print('api.py: %s %s: check failed: %s; body: %s' %
                  (o.method, o.path, expr, b[:400]), file=sys.stderr)
            ok = False
    if o.expr:
        try:
            v = eval(o.expr, dict(names))
        except Exception as e:
            print('api.py: %s: %r' % (o.expr, e), file=sys.stderr)
            return 1
        print(v if isinstance(v, str) else json.dumps(v))
    else:
        print(s)
        print(b)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
