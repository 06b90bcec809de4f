#!/usr/bin/env python3
"""listen.py: a UDP/TCP listener that logs what arrives (harness self-test).

usage: listen.py --port P [--port P2]... [--sip] [--duration S]
Logs one line per datagram / TCP read: "udp PORT from IP:PORT len N
b0=0xNN" (first byte) to stdout, flushed. With --sip, SIP requests are
answered like a conference server would: OPTIONS 200 (with Allow),
INVITE to sip:standup@ 488 (with Warning), other INVITE 404, MESSAGE 405,
ACK nothing, anything else 501. Also listens on TCP when --sip is given.
Stops after --duration seconds (default 60) or on SIGTERM.
"""
import argparse
import select
import signal
import socket
import sys
import time

ALLOW = 'INVITE, ACK, BYE, CANCEL, OPTIONS'


def answer(req):
    head = req.split(b'\r\n\r\n', 1)[0].decode('utf-8', 'replace')
    lines = head.split('\r\n')
    parts = lines[0].split(' ')
    if len(parts) != 3 or parts[2] != 'SIP/2.0':
        return None
    method, uri = parts[0], parts[1]
    if method == 'ACK':
        return None
    if method == 'OPTIONS':
        code, extra = '200 OK', ['Allow: ' + ALLOW]
    elif method == 'INVITE' and uri.startswith('sip:standup@'):
        code, extra = '488 Not Acceptable Here', [
            'Warning: 304 listen.py "Media type not available"']
    elif method == 'INVITE':
        code, extra = '404 Not Found', []
    elif method == 'MESSAGE':
        code, extra = '405 Method Not Allowed', ['Allow: ' + ALLOW]
    else:
        code, extra = '501 Not Implemented', []
    keep = [l for l in lines[1:] if l.split(':', 1)[0].strip().lower() in
            ('via', 'from', 'to', 'call-id', 'cseq')]
    return ('\r\n'.join(['SIP/2.0 ' + code] + keep + extra +
                        ['Content-Length: 0']) + '\r\n\r\n').encode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--port', type=int, action='append', required=True)
    ap.add_argument('--sip', action='store_true')
    ap.add_argument('--duration', type=float, default=60)
    o = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    socks = {}
    for p in o.port:
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind(('127.0.0.1', p))
        socks[u] = ('udp', p)
        if o.sip:
            t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            t.bind(('127.0.0.1', p))
            t.listen(8)
            socks[t] = ('tcp-listen', p)
    end = time.time() + o.duration
    while time.time() < end:
        r, _, _ = select.select(list(socks), [], [], 0.2)
        for s in r:
            kind, port = socks[s]
            if kind == 'tcp-listen':
                c, _ = s.accept()
                socks[c] = ('tcp', port)
                continue
            if kind == 'udp':
                d, src = s.recvfrom(65536)
            else:
                d, src = s.recv(65536), s.getpeername()
                if not d:
                    del socks[s]
                    s.close()
                    continue
            print('%s %d from %s:%d len %d b0=0x%02x' % (
                kind, port, src[0], src[1], len(d), d[0]), flush=True)
            resp = answer(d) if o.sip else None
            if resp and kind == 'udp':
                s.sendto(resp, src)
            elif resp:
                s.sendall(resp)
    return 0


if __name__ == '__main__':
    sys.exit(main())
