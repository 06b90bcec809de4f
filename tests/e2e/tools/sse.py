#!/usr/bin/env python3
"""sse.py: record consortd's server-sent events (stdlib only).

usage: sse.py [--url URL] [--token T] [--token-query] [--levels]
              [--last-id N] [--duration S] --out FILE
Connects to URL/v1/events (?levels=1 with --levels; Last-Event-ID: N with
--last-id) and appends one JSON line per event to FILE as it arrives:
{"t": epoch, "id": "42" or null, "event": "participant.joined", "data":
{...}}; comment lines become {"t": .., "comment": "keepalive"}. The
first line is {"t": .., "status": 200, "ctype": ".."}. Ends after
--duration seconds (default 60) or when the server closes; exit 0 if it
connected with 200, else 1.
"""
import argparse
import json
import os
import socket
import sys
import time
import urllib.parse


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--url', default=os.environ.get(
        'CONSORT_URL', 'http://127.0.0.1:8088'))
    ap.add_argument('--token')
    ap.add_argument('--token-query', action='store_true',
                    help='send the token as ?token= (as EventSource does)')
    ap.add_argument('--levels', action='store_true')
    ap.add_argument('--last-id')
    ap.add_argument('--duration', type=float, default=60)
    ap.add_argument('--out', required=True)
    o = ap.parse_args()
    u = urllib.parse.urlsplit(o.url)
    hdrs = ['Host: %s' % u.netloc, 'Accept: text/event-stream']
    query = ['levels=1'] if o.levels else []
    if o.token and o.token_query:
        query.append('token=' + urllib.parse.quote(o.token))
    elif o.token:
        hdrs.append('Authorization: Bearer ' + o.token)
    if o.last_id is not None:
        hdrs.append('Last-Event-ID: ' + o.last_id)
    path = '/v1/events' + ('?' + '&'.join(query) if query else '')
    end = time.time() + o.duration
    f = open(o.out, 'a')

    def put(obj):
        obj['t'] = time.time()
        f.write(json.dumps(obj) + '\n')
        f.flush()

    try:
        s = socket.create_connection((u.hostname, u.port or 80), timeout=5)
        s.sendall(('GET %s HTTP/1.1\r\n%s\r\n\r\n' %
                   (path, '\r\n'.join(hdrs))).encode())
    except OSError as e:
        put({'error': str(e)})
        return 1
    buf, head = b'', None
    ev = {'id': None, 'event': 'message', 'data': []}
    while time.time() < end:
        s.settimeout(max(0.05, min(0.5, end - time.time())))
        try:
            d = s.recv(65536)
        except socket.timeout:
            continue
        except OSError:
            break
        if not d:
            break
        buf += d
        if head is None:
            if b'\r\n\r\n' not in buf:
                continue
            head, buf = buf.split(b'\r\n\r\n', 1)
            lines = head.decode('latin-1').split('\r\n')
            st = int(lines[0].split()[1])
            hd = dict((k.strip().lower(), v.strip()) for k, _, v in
                      (x.partition(':') for x in lines[1:]))
            put({'status': st, 'ctype': hd.get('content-type')})
            if st != 200:
                return 1
        while b'\n' in buf:
            raw, buf = buf.split(b'\n', 1)
            line = raw.decode('utf-8').rstrip('\r')
            if line == '':
                if ev['data']:
                    txt = '\n'.join(ev['data'])
                    try:
                        data = json.loads(txt)
                    except ValueError:
                        data = txt
                    put({'id': ev['id'], 'event': ev['event'],
                         'data': data})
                ev = {'id': None, 'event': 'message', 'data': []}
            elif line.startswith(':'):
                put({'comment': line[1:].strip()})
            else:
                k, _, v = line.partition(':')
                v = v[1:] if v.startswith(' ') else v
                if k == 'data':
                    ev['data'].append(v)
                elif k in ('id', 'event'):
                    ev[k] = v
                elif k == 'retry':
                    put({'retry': v})
    return 0 if head is not None else 1


if __name__ == '__main__':
    sys.exit(main())
