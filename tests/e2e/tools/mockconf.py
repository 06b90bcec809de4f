#!/usr/bin/env python3
"""mockconf.py: a tiny PCMU-only stand-in for consortd (harness self-test).

Runs the e2e tests against something before consortd exists:
    CONSORTD=tests/e2e/tools/mockconf.py tests/e2e/test_sipp_call.sh
It reads sip_listen (first, UDP+TCP), rtp_port_min and media_address from
`-f CONF`, answers INVITE sip:ROOM@ (PCMU only), mixes rooms of up to 6
(everyone hears everyone but themselves; larger rooms are not mixed),
and logs consortd's line formats on stderr:
  call in room=R part=N from=<URI> remote=IP:PORT local=IP:PORT codec=PCMU/8000
  call out room=R part=N reason=bye|shutdown
  talking start room=R part=N
  stats sip malformed=.. requests_invite=.. ...      (SIGUSR1)
  stats worker=0 rx=.. drop_short=.. drop_version=.. drop_pt=.. ...
SIGTERM: BYE every call, exit 0. It is NOT a SIP stack: no
retransmissions, no transactions, no TCP dialogs.
"""
import array
import math
import os
import re
import select
import signal
import socket
import struct
import sys
import time

ROOM_RE = re.compile(r'^[A-Za-z0-9_-]{1,64}$')
ALLOW = 'INVITE, ACK, BYE, CANCEL, OPTIONS'
KNOWN = ('INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'MESSAGE', 'INFO',
         'REGISTER', 'SUBSCRIBE', 'NOTIFY', 'REFER', 'UPDATE', 'PRACK')
MIX_MAX = 6


def log(lvl, mod, msg):
    t = time.time()
    ts = time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(t))
    sys.stderr.write('%s.%03dZ %-7s %s: %s\n' % (ts, int(t * 1000) % 1000,
                                                  lvl, mod, msg))
    sys.stderr.flush()


def ulaw_dec():
    t = []
    for b in range(256):
        u = ~b & 0xff
        v = ((((u & 0x0f) << 3) + 0x84) << ((u >> 4) & 7)) - 0x84
        t.append(-v if u & 0x80 else v)
    return t


def ulaw_enc_table():
    t = bytearray(65536)
    for x in range(-32768, 32768):
        sign = 0x80 if x < 0 else 0
        s = min(32635, abs(x)) + 0x84
        e, m = 7, 0x4000
        while e > 0 and not s & m:
            e -= 1
            m >>= 1
        t[x & 0xffff] = ~(sign | (e << 4) | ((s >> (e + 3)) & 0x0f)) & 0xff
    return t


DEC = ulaw_dec()
ENC = ulaw_enc_table()


class Part:
    def __init__(self, srv, pid, room, dlg, remote, sock, rsock):
        self.id, self.room, self.dlg = pid, room, dlg
        self.remote, self.sock, self.rsock = remote, sock, rsock
        self.frames = []
        self.seq, self.ts, self.ssrc = 0, 0, 0x4d4f4300 + pid
        self.talking = False


class Mock:
    def __init__(self, conf):
        self.conf = conf
        h, _, p = conf.get('sip_listen', '127.0.0.1:5060').rpartition(':')
        self.sip_addr = (h, int(p))
        self.media_ip = conf.get('media_address', '127.0.0.1')
        self.next_port = int(conf.get('rtp_port_min', '20000'))
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(self.sip_addr)
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.tcp.bind(self.sip_addr)
        self.tcp.listen(16)
        self.conns = {}
        self.parts = {}          # call-id -> Part
        self.by_sock = {}        # socket -> (Part, is_rtcp)
        self.nid = 0
        self.sip = dict(malformed=0, requests_invite=0, requests_options=0,
                        requests_bye=0, requests_other=0, responses_4xx=0)
        self.w = dict(rx=0, drop_short=0, drop_version=0, drop_csrc=0,
                      drop_extension=0, drop_padding=0, drop_pt=0,
                      drop_rtcp=0, drop_source=0)
        self.flags = set()

    # ---- SIP ---------------------------------------------------------
    def respond(self, req, code, reason, send, extra=(), body='', tag=''):
        hdrs = [l for l in req['lines'] if l.split(':', 1)[0].strip().lower()
                in ('via', 'v', 'from', 'f', 'call-id', 'i', 'cseq')]
        to = req['h'].get('to', '')
        if tag and 'tag=' not in to:
            to += ';tag=' + tag
        out = ['SIP/2.0 %d %s' % (code, reason)] + hdrs + ['To: ' + to]
        out += list(extra)
        if body:
            out.append('Content-Type: application/sdp')
        out.append('Content-Length: %d' % len(body))
        send(('\r\n'.join(out) + '\r\n\r\n' + body).encode())
        if code >= 400:
            self.sip['responses_4xx'] += 1

    def parse(self, data):
        try:
            text = data.decode('utf-8')
        except UnicodeDecodeError:
            return None
        head, sep, body = text.partition('\r\n\r\n')
        lines = head.split('\r\n')
        first = lines[0].split(' ')
        if not sep or len(first) != 3 or first[2] != 'SIP/2.0':
            return None
        h = {}
        for l in lines[1:]:
            k, c, v = l.partition(':')
            if not c:
                return None
            k = {'v': 'via', 'f': 'from', 't': 'to', 'i': 'call-id',
                 'm': 'contact', 'l': 'content-length'}.get(
                     k.strip().lower(), k.strip().lower())
            h.setdefault(k, v.strip())
        for k in ('via', 'from', 'to', 'call-id', 'cseq'):
            if k not in h:
                return None
        if int(h.get('content-length', '0') or 0) > len(body.encode()):
            return None
        return dict(method=first[0], uri=first[1], lines=lines, h=h,
                    body=body)

    def on_sip(self, data, src, send):
        req = self.parse(data)
        if req is None:
            if not data.startswith(b'SIP/2.0 '):
                self.sip['malformed'] += 1
            return
        m = req['method']
        if m == 'INVITE':
            self.sip['requests_invite'] += 1
            self.on_invite(req, src, send)
        elif m == 'OPTIONS':
            self.sip['requests_options'] += 1
            self.respond(req, 200, 'OK', send, ['Allow: ' + ALLOW])
        elif m == 'BYE':
            self.sip['requests_bye'] += 1
            p = self.parts.get(req['h']['call-id'])
            self.respond(req, 200 if p else 481, 'OK' if p else
                         'Call/Transaction Does Not Exist', send)
            if p:
                self.drop(p, 'bye')
        elif m == 'ACK':
            pass
        elif m in KNOWN:
            self.sip['requests_other'] += 1
            self.respond(req, 405, 'Method Not Allowed', send,
                         ['Allow: ' + ALLOW])
        else:
            self.sip['requests_other'] += 1
            self.respond(req, 501, 'Not Implemented', send)

    def on_invite(self, req, src, send):
        cid = req['h']['call-id']
        if cid in self.parts:
            return
        user = req['uri'].split(':', 1)[-1].split('@', 1)[0]
        if '@' not in req['uri'] or not ROOM_RE.match(user):
            return self.respond(req, 404, 'Not Found', send)
        sdp = req['body']
        mline = re.search(r'^m=(\w+) (\d+) RTP/AVP( \d+)+\r?$', sdp, re.M)
        cline = re.search(r'^c=IN IP4 (\S+)\r?$', sdp, re.M)
        if not sdp.startswith('v=0') or not mline or not cline:
            return self.respond(req, 400, 'Bad SDP', send)
        audio = re.search(r'^m=audio (\d+) RTP/AVP(( \d+)+)\r?$', sdp, re.M)
        if not audio or '0' not in audio.group(2).split():
            return self.respond(req, 488, 'Not Acceptable Here', send,
                                ['Warning: 305 consortd "Incompatible '
                                 'media format"'])
        remote = (cline.group(1), int(audio.group(1)))
        rtp, rtcp, port = self.alloc_pair()
        self.nid += 1
        tag = 'mock%d' % self.nid
        p = Part(self, self.nid, user, dict(req=req, src=src, tag=tag,
                                            send=send), remote, rtp, rtcp)
        self.parts[cid] = p
        self.by_sock[rtp] = (p, False)
        self.by_sock[rtcp] = (p, True)
        body = ('v=0\r\no=consortd 1 1 IN IP4 {ip}\r\ns=consort\r\n'
                'c=IN IP4 {ip}\r\nt=0 0\r\nm=audio {port} RTP/AVP 0\r\n'
                'a=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n'
                ).format(ip=self.media_ip, port=port)
        self.respond(req, 200, 'OK', send, ['Contact: <sip:%s@%s:%d>' %
                                            ((user,) + self.sip_addr)],
                     body, tag)
        log('info', 'sip', 'call in room=%s part=%d from=%s remote=%s:%d '
            'local=%s:%d codec=PCMU/8000' % (
                user, p.id, req['h']['from'].split(';')[0], remote[0],
                remote[1], self.media_ip, port))

    def alloc_pair(self):
        while True:
            port = self.next_port
            self.next_port += 2
            try:
                a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                a.bind((self.media_ip, port))
                b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                b.bind((self.media_ip, port + 1))
                return a, b, port
            except OSError:
                continue

    def drop(self, p, reason):
        self.parts.pop(p.dlg['req']['h']['call-id'], None)
        for s in (p.sock, p.rsock):
            self.by_sock.pop(s, None)
            s.close()
        log('info', 'sip', 'call out room=%s part=%d reason=%s' %
            (p.room, p.id, reason))

    def bye(self, p):
        r = p.dlg['req']
        frm = r['h']['from']
        to = r['h']['to'] + ';tag=' + p.dlg['tag']
        contact = r['h'].get('contact', '<%s>' % frm.split(';')[0])
        uri = contact.split('<', 1)[-1].split('>', 1)[0]
        msg = ('BYE %s SIP/2.0\r\nVia: SIP/2.0/UDP %s:%d;branch=z9hG4bK%x\r\n'
               'Max-Forwards: 70\r\nFrom: %s\r\nTo: %s\r\nCall-ID: %s\r\n'
               'CSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n' % (
                   uri, self.sip_addr[0], self.sip_addr[1],
                   int.from_bytes(os.urandom(6), 'big'), to, frm,
                   r['h']['call-id']))
        p.dlg['send'](msg.encode())

    # ---- RTP ---------------------------------------------------------
    def on_rtp(self, p, is_rtcp, data, src):
        self.w['rx'] += 1
        if src != (p.remote[0], p.remote[1] + (1 if is_rtcp else 0)):
            self.w['drop_source'] += 1
            return
        if is_rtcp or (len(data) >= 2 and 192 <= data[1] <= 223):
            if len(data) < 8 or data[0] >> 6 != 2 or \
                    4 * (struct.unpack('!H', data[2:4])[0] + 1) > len(data):
                self.w['drop_rtcp'] += 1
            return
        if len(data) < 12:
            self.w['drop_short'] += 1
            return
        if data[0] >> 6 != 2:
            self.w['drop_version'] += 1
            return
        off = 12 + 4 * (data[0] & 0x0f)
        if off > len(data):
            self.w['drop_csrc'] += 1
            return
        if data[0] & 0x10:
            if off + 4 > len(data) or off + 4 + 4 * struct.unpack(
                    '!H', data[off + 2:off + 4])[0] > len(data):
                self.w['drop_extension'] += 1
                return
        end = len(data)
        if data[0] & 0x20:
            end -= data[-1]
            if data[-1] == 0 or end < off:
                self.w['drop_padding'] += 1
                return
        if data[1] & 0x7f != 0:
            self.w['drop_pt'] += 1
            return
        if len(p.frames) < 10:
            p.frames.append(data[off:end])

    def tick(self):
        rooms = {}
        for p in self.parts.values():
            rooms.setdefault(p.room, []).append(p)
        for room, ps in rooms.items():
            if len(ps) > MIX_MAX:
                for p in ps:
                    p.frames = p.frames[-2:]
                continue
            lin = {}
            for p in ps:
                f = p.frames.pop(0) if p.frames else b''
                if len(f) == 160:
                    lin[p.id] = [DEC[b] for b in f]
                    lvl = max(abs(x) for x in lin[p.id])
                    if lvl > 328 and not p.talking:
                        p.talking = True
                        log('info', 'mix', 'talking start room=%s part=%d'
                            % (room, p.id))
            zero = [0] * 160
            total = [sum(v) for v in zip(zero, *lin.values())]
            for p in ps:
                own = lin.get(p.id, zero)
                pay = bytes(ENC[max(-32768, min(32767, t - o)) & 0xffff]
                            for t, o in zip(total, own))
                hdr = struct.pack('!BBHII', 0x80, 0, p.seq & 0xffff,
                                  p.ts & 0xffffffff, p.ssrc)
                p.seq += 1
                p.ts += 160
                try:
                    p.sock.sendto(hdr + pay, p.remote)
                except OSError:
                    pass

    def stats(self):
        log('info', 'main', 'stats sip ' + ' '.join(
            '%s=%d' % kv for kv in self.sip.items()))
        log('info', 'main', 'stats worker=0 ' + ' '.join(
            '%s=%d' % kv for kv in self.w.items()))

    def run(self):
        signal.signal(signal.SIGUSR1, lambda *a: self.flags.add('usr1'))
        signal.signal(signal.SIGTERM, lambda *a: self.flags.add('term'))
        log('info', 'main', 'mockconf listening on %s:%d' % self.sip_addr)
        nxt = time.monotonic()
        while 'term' not in self.flags:
            if 'usr1' in self.flags:
                self.flags.discard('usr1')
                self.stats()
            socks = [self.udp, self.tcp] + list(self.conns) + \
                list(self.by_sock)
            wait = max(0, nxt - time.monotonic())
            try:
                r, _, _ = select.select(socks, [], [], wait)
            except (InterruptedError, OSError):
                r = []
            for s in r:
                self.readable(s)
            if time.monotonic() >= nxt:
                nxt += 0.02
                self.tick()
        for p in list(self.parts.values()):
            self.bye(p)
            self.drop(p, 'shutdown')
        log('info', 'main', 'exit')
        return 0

    def readable(self, s):
        if s is self.udp:
            d, src = s.recvfrom(65536)
            self.on_sip(d, src, lambda b, a=src: self.udp.sendto(b, a))
        elif s is self.tcp:
            c, _ = s.accept()
            self.conns[c] = b''
        elif s in self.conns:
            d = s.recv(65536)
            if not d:
                del self.conns[s]
                s.close()
                return
            self.conns[s] += d
            buf = self.conns[s]
            i = buf.find(b'\r\n\r\n')
            if i >= 0:
                self.conns[s] = b''
                self.on_sip(buf, s.getpeername(), s.sendall)
        elif s in self.by_sock:
            p, is_rtcp = self.by_sock[s]
            try:
                d, src = s.recvfrom(65536)
            except OSError:
                return
            self.on_rtp(p, is_rtcp, d, src)


def main():
    if len(sys.argv) != 3 or sys.argv[1] != '-f':
        print('usage: mockconf.py -f CONF', file=sys.stderr)
        return 2
    conf = {}
    for line in open(sys.argv[2]):
        k, _, v = line.strip().partition(' ')
        if k and not k.startswith('#') and k not in conf:
            conf[k] = v.strip()
    return Mock(conf).run()


if __name__ == '__main__':
    sys.exit(main())
