#!/usr/bin/env python3
"""baresip_ctrl.py: drive baresip through its ctrl_tcp module.

Wire format: netstring-framed JSON, {"command","params","token"} out,
{"response":true,"ok":..,"token":..} and {"event":true,"type":..} in.

usage: baresip_ctrl.py --port P [--timeout S] [--wait-event TYPE]...
                       ["CMD PARAMS"]...
  e.g. baresip_ctrl.py --port 4441 "dial sip:room@127.0.0.1:5060" \\
           --wait-event CALL_ESTABLISHED
       baresip_ctrl.py --port 4441 hangup quit
Commands are sent in order (each waits for its response), then the events
are awaited in order. Prints every message as one JSON line. Exit 1 if a
command failed or an event did not come within --timeout (each).
"""
import argparse
import json
import socket
import sys
import time


def send_ns(s, obj):
    b = json.dumps(obj).encode()
    s.sendall(b'%d:%s,' % (len(b), b))


def recv_ns(s, buf, deadline):
    while True:
        c = buf.find(b':')
        if c > 0:
            n = int(buf[:c])
            if len(buf) >= c + n + 2:
                return json.loads(buf[c + 1:c + 1 + n]), buf[c + n + 2:]
        left = deadline - time.time()
        if left <= 0:
            raise socket.timeout
        s.settimeout(left)
        d = s.recv(65536)
        if not d:
            raise EOFError
        buf += d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--host', default='127.0.0.1')
    ap.add_argument('--port', type=int, required=True)
    ap.add_argument('--timeout', type=float, default=10)
    ap.add_argument('--wait-event', action='append', default=[])
    ap.add_argument('cmds', nargs='*')
    o = ap.parse_args()
    try:
        s = socket.create_connection((o.host, o.port), timeout=o.timeout)
    except OSError as e:
        print('connect %s:%d: %s' % (o.host, o.port, e), file=sys.stderr)
        return 1
    buf, rc = b'', 0
    for i, c in enumerate(o.cmds):
        cmd, _, prm = c.partition(' ')
        send_ns(s, {'command': cmd, 'params': prm, 'token': str(i)})
        deadline = time.time() + o.timeout
        while True:
            try:
                m, buf = recv_ns(s, buf, deadline)
            except (socket.timeout, EOFError, OSError):
                if cmd != 'quit':
                    print('no response to %s' % cmd, file=sys.stderr)
                    rc = 1
                break
            print(json.dumps(m), flush=True)
            if m.get('response') and m.get('token') == str(i):
                if not m.get('ok'):
                    rc = 1
                break
    for ev in o.wait_event:
        deadline = time.time() + o.timeout
        while True:
            try:
                m, buf = recv_ns(s, buf, deadline)
            except (socket.timeout, EOFError, OSError):
                print('timeout waiting for event %s' % ev, file=sys.stderr)
                rc = 1
                break
            print(json.dumps(m), flush=True)
            if m.get('type') == ev:
                break
    s.close()
    return rc


if __name__ == '__main__':
    sys.exit(main())
