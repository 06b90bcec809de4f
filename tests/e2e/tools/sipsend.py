#!/usr/bin/env python3
"""sipsend.py: send one raw SIP request (or junk) and print the response.

usage: sipsend.py [--to IP:PORT] [--tcp] [--timeout S] [--uri URI]
                  [--sdp PRESET] [--expect CODE|none|any]
                  [--expect-header NAME]... [--to-tag TAG] [--show]
                  KIND [ARG]
KIND:
  OPTIONS | INVITE | MESSAGE | FOO | any other method name
  raw FILE     send FILE's bytes as they are ("-" = stdin)
  garbage      N random datagrams (ARG, default 5), no SIP at all
  truncated    an INVITE cut inside its headers (UDP: one datagram)
  shortbody    an INVITE whose Content-Length exceeds its body
--sdp (INVITE): pcmu (default), opus, video (m=video only), g729 (only an
  unsupported codec), broken (unparsable: v=0 then "m=audio abc RTP/AVP"
  and "c=IN IP4" without an address), none (no body), file:PATH.
--uri defaults to sip:standup@HOST:PORT (OPTIONS: sip:HOST:PORT).
--to-tag puts a tag on the To header: the request looks like one inside a
  dialog (with a fresh random Call-ID: a dialog that does not exist).
Prints the final response's status line ("SIP/2.0 404 Not Found") or
"no response", then each --expect-header as "Name: value". Provisional
responses are skipped. A 2xx to an INVITE is ACKed and the call is hung up
with BYE; a non-2xx final response is ACKed.
Exit 0 when every expectation holds (the default, "any", accepts any
final response), 1 otherwise.
"""
import argparse
import os
import random
import socket
import sys
import time

SDP = {
    'pcmu': ['m=audio {port} RTP/AVP 0 101', 'a=rtpmap:0 PCMU/8000',
             'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15',
             'a=ptime:20', 'a=sendrecv'],
    'opus': ['m=audio {port} RTP/AVP 111', 'a=rtpmap:111 opus/48000/2',
             'a=sendrecv'],
    'video': ['m=video {port} RTP/AVP 96', 'a=rtpmap:96 VP8/90000',
              'a=sendrecv'],
    'g729': ['m=audio {port} RTP/AVP 18', 'a=rtpmap:18 G729/8000',
             'a=sendrecv'],
}


def sdp_body(kind, ip, port):
    if kind == 'none':
        return ''
    if kind.startswith('file:'):
        return open(kind[5:]).read()
    if kind == 'broken':
        return 'v=0\r\nm=audio abc RTP/AVP\r\nc=IN IP4\r\no=\r\n'
    lines = ['v=0', 'o=sipsend 1 1 IN IP4 %s' % ip, 's=sipsend',
             'c=IN IP4 %s' % ip, 't=0 0']
    lines += [l.format(port=port) for l in SDP[kind]]
    return '\r\n'.join(lines) + '\r\n'


class Dialog:
    def __init__(self, o, local):
        self.o = o
        self.local = local
        self.callid = '%x@sipsend' % random.getrandbits(64)
        self.ftag = '%x' % random.getrandbits(32)
        self.cseq = 1
        self.to_uri = o.uri

    def request(self, method, uri, body='', ctype='application/sdp',
                branch=None, to_tag='', cseq=None, extra=()):
        tr = 'TCP' if self.o.tcp else 'UDP'
        branch = branch or 'z9hG4bK%x' % random.getrandbits(48)
        to = '<%s>' % self.to_uri
        h = ['%s %s SIP/2.0' % (method, uri),
             'Via: SIP/2.0/%s %s:%d;rport;branch=%s' % (tr, self.local[0],
                                                         self.local[1],
                                                         branch),
             'Max-Forwards: 70',
             'From: <sip:sipsend@%s>;tag=%s' % (self.local[0], self.ftag),
             'To: %s%s' % (to, ';tag=' + to_tag if to_tag else ''),
             'Call-ID: %s' % self.callid,
             'CSeq: %d %s' % (cseq or self.cseq, method),
             'Contact: <sip:sipsend@%s:%d>' % self.local,
             'User-Agent: consort-e2e-sipsend']
        h += list(extra)
        if body:
            h.append('Content-Type: %s' % ctype)
        h.append('Content-Length: %d' % len(body.encode()))
        return ('\r\n'.join(h) + '\r\n\r\n' + body).encode(), branch


class Transport:
    def __init__(self, o):
        self.o = o
        self.buf = b''
        if o.tcp:
            self.s = socket.create_connection(o.to, timeout=o.timeout)
        else:
            self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.s.bind(('127.0.0.1', 0))
        self.local = self.s.getsockname()

    def send(self, data):
        if self.o.tcp:
            self.s.sendall(data)
        else:
            self.s.sendto(data, self.o.to)

    def recv(self, deadline):
        """One SIP message (bytes) or None at the deadline."""
        while True:
            left = deadline - time.time()
            if self.o.tcp:
                m = self._frame()
                if m:
                    return m
            if left <= 0:
                return None
            self.s.settimeout(left)
            try:
                d = self.s.recv(65536)
            except (socket.timeout, ConnectionError, OSError):
                return None
            if not self.o.tcp:
                return d
            if not d:
                return self._frame() or None
            self.buf += d

    def _frame(self):
        self.buf = self.buf.lstrip(b'\r\n')
        i = self.buf.find(b'\r\n\r\n')
        if i < 0:
            return None
        clen = int(header(self.buf[:i], 'Content-Length', 'l') or 0)
        end = i + 4 + clen
        if len(self.buf) < end:
            return None
        m, self.buf = self.buf[:end], self.buf[end:]
        return m


def header(msg, name, short=None):
    """Value of the first header NAME (or its compact form) or None."""
    head = msg.split(b'\r\n\r\n', 1)[0].decode('utf-8', 'replace')
    for line in head.split('\r\n')[1:]:
        k, _, v = line.partition(':')
        k = k.strip().lower()
        if k == name.lower() or (short and k == short):
            return v.strip()
    return None


def status(msg):
    line = msg.split(b'\r\n', 1)[0].decode('utf-8', 'replace')
    parts = line.split(' ', 2)
    if len(parts) >= 2 and parts[0] == 'SIP/2.0' and parts[1].isdigit():
        return int(parts[1]), line
    return None, line


def final_response(tx, o, cseq_method):
    deadline = time.time() + o.timeout
    while True:
        m = tx.recv(deadline)
        if m is None:
            return None
        code, _ = status(m)
        cs = header(m, 'CSeq') or ''
        if code is None or not cs.endswith(cseq_method):
            continue
        if code >= 200:
            return m


def to_tag(msg):
    to = header(msg, 'To', 't') or ''
    for p in to.split(';')[1:]:
        k, _, v = p.strip().partition('=')
        if k.lower() == 'tag':
            return v
    return ''


def finish_invite(tx, dlg, uri, resp, branch):
    code, _ = status(resp)
    tag = to_tag(resp)
    if code >= 300:
        ack, _ = dlg.request('ACK', uri, branch=branch, to_tag=tag, cseq=1)
        tx.send(ack)
        return
    target = header(resp, 'Contact', 'm') or '<%s>' % uri
    target = target.split('<', 1)[-1].split('>', 1)[0]
    ack, _ = dlg.request('ACK', target, to_tag=tag, cseq=1)
    tx.send(ack)
    bye, _ = dlg.request('BYE', target, to_tag=tag, cseq=2)
    tx.send(bye)
    final_response(tx, dlg.o, 'BYE')


def junk(o, tx, kind, arg):
    if kind == 'garbage':
        for i in range(int(arg or 5)):
            b = bytearray(os.urandom(30 + 53 * i))
            b[0] = 0x00
            tx.send(bytes(b))
        return
    if kind == 'raw':
        tx.send(sys.stdin.buffer.read() if arg == '-' else
                open(arg, 'rb').read())
        return
    dlg = Dialog(o, tx.local)
    body = sdp_body('pcmu', tx.local[0], 40000)
    msg, _ = dlg.request('INVITE', o.uri, body)
    if kind == 'truncated':
        tx.send(msg[:msg.find(b'Call-ID') + 12])
    else:                                   # shortbody
        tx.send(msg.replace(b'Content-Length: %d' % len(body),
                            b'Content-Length: %d' % (len(body) + 200)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--to', default='127.0.0.1:5060')
    ap.add_argument('--tcp', action='store_true')
    ap.add_argument('--timeout', type=float, default=2.0)
    ap.add_argument('--uri')
    ap.add_argument('--sdp', default='pcmu')
    ap.add_argument('--expect', default='any')
    ap.add_argument('--expect-header', action='append', default=[])
    ap.add_argument('--show', action='store_true')
    ap.add_argument('--to-tag', default='')
    ap.add_argument('kind')
    ap.add_argument('arg', nargs='?')
    o = ap.parse_args()
    h, _, p = o.to.rpartition(':')
    o.to = (h, int(p))
    if not o.uri:
        o.uri = ('sip:%s:%d' % o.to if o.kind == 'OPTIONS'
                 else 'sip:standup@%s:%d' % o.to)
    tx = Transport(o)
    if o.kind in ('garbage', 'raw', 'truncated', 'shortbody'):
        junk(o, tx, o.kind, o.arg)
        resp = final_response(tx, o, '')
    else:
        dlg = Dialog(o, tx.local)
        body = sdp_body(o.sdp, tx.local[0], 40000) \
            if o.kind == 'INVITE' else ''
        ctype = 'application/sdp'
        if o.kind == 'MESSAGE':
            body, ctype = 'hello from sipsend', 'text/plain'
        msg, branch = dlg.request(o.kind, o.uri, body, ctype,
                                  to_tag=o.to_tag)
        tx.send(msg)
        resp = final_response(tx, o, o.kind)
        if resp is not None and o.kind == 'INVITE':
            finish_invite(tx, dlg, o.uri, resp, branch)
    ok = True
    if resp is None:
        print('no response')
        ok = o.expect == 'none'
    else:
        code, line = status(resp)
        print(line)
        if o.show:
            print(resp.decode('utf-8', 'replace'))
        if o.expect == 'none' or (o.expect != 'any' and
                                  str(code) != o.expect):
            ok = False
        for name in o.expect_header:
            v = header(resp, name)
            print('%s: %s' % (name, v if v is not None else '(missing)'))
            ok = ok and v is not None
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
