#!/usr/bin/env python3
"""rtpsend.py: send crafted RTP/RTCP datagrams (valid and invalid).

usage: rtpsend.py --to IP:PORT [--from IP:PORT] [--count N]
                  [--interval MS] [--pt N] [--ssrc N] KIND [KIND...]
KIND (each sends --count datagrams, default 5):
  short      1..11-byte datagrams (shorter than an RTP header)
  version    RTP with version 0, 1 and 3 (otherwise well formed, PCMU)
  csrc       CC=15 but the datagram ends inside the CSRC list
  extension  X=1 with an extension length running past the end
  padding    P=1 with a pad count larger than the payload
  pt         well-formed RTP with unnegotiated PT 77 (or --pt)
  rtcp       RTCP garbage: version 2, PT 200..204 with impossible lengths,
             and a truncated SR
  garbage    random bytes whose first byte is not 0x80-0xbf
  pcmu       well-formed PCMU (PT 0 or --pt, 160 bytes, 20 ms apart,
             440 Hz)
  dtmf       RFC 4733 telephone-event (--pt, default 101) for the digits
             of --digits (default "*6"): 5 updates + 3 end packets each
--from IP:PORT spoofs the source address (raw socket, root): the packets
look as if they came from the real participant. Without it an ephemeral
127.0.0.1 port is used. Prints one line per KIND with the count sent.
"""
import argparse
import math
import os
import random
import socket
import struct
import sys
import time


def rtp_hdr(pt, seq, ts, ssrc, marker=0, version=2, p=0, x=0, cc=0):
    b0 = (version << 6) | (p << 5) | (x << 4) | cc
    b1 = (marker << 7) | (pt & 0x7f)
    return struct.pack('!BBHII', b0, b1, seq & 0xffff, ts & 0xffffffff,
                       ssrc & 0xffffffff)


def ulaw(sample):
    """Linear 16-bit -> G.711 mu-law byte."""
    BIAS, CLIP = 0x84, 32635
    sign = 0x80 if sample < 0 else 0
    sample = min(CLIP, abs(sample)) + BIAS
    exp, mask = 7, 0x4000
    while exp > 0 and not sample & mask:
        exp -= 1
        mask >>= 1
    mant = (sample >> (exp + 3)) & 0x0f
    return ~(sign | (exp << 4) | mant) & 0xff


class Gen:
    """Builds the datagrams of each kind with a running seq/ts."""

    def __init__(self, o):
        self.o = o
        self.seq = random.randrange(65536)
        self.ts = random.randrange(1 << 32)
        self.ssrc = o.ssrc if o.ssrc is not None else random.getrandbits(32)
        self.phase = 0

    def hdr(self, pt=0, **kw):
        h = rtp_hdr(pt, self.seq, self.ts, self.ssrc, **kw)
        self.seq += 1
        self.ts += 160
        return h

    def tone(self, n=160, hz=440.0):
        out = bytes(ulaw(int(8000 * math.sin(2 * math.pi * hz *
                                             (self.phase + i) / 8000)))
                    for i in range(n))
        self.phase += n
        return out

    def short(self, i):
        return os.urandom(1 + i % 11)

    def version(self, i):
        return self.hdr(0, version=(0, 1, 3)[i % 3]) + self.tone()

    def csrc(self, i):
        return self.hdr(0, cc=15) + os.urandom(4 * (i % 14))

    def extension(self, i):
        return self.hdr(0, x=1) + struct.pack('!HH', 0xbede, 200) + \
            os.urandom(8)

    def padding(self, i):
        return self.hdr(0, p=1) + os.urandom(20) + bytes([250])

    def pt(self, i):
        return self.hdr(self.o.pt if self.o.pt is not None else 77) + \
            self.tone()

    def rtcp(self, i):
        k = i % 4
        if k == 0:      # SR claiming 100 words, 8 bytes long
            return struct.pack('!BBHI', 0x80, 200, 100, self.ssrc)
        if k == 1:      # RR with report count 31, no blocks
            return struct.pack('!BBHI', 0x9f, 201, 1, self.ssrc)
        if k == 2:      # SDES with a length beyond the packet
            return struct.pack('!BBH', 0x81, 202, 0xffff) + os.urandom(12)
        return struct.pack('!BBHI', 0x80, 203, 7, self.ssrc)[:6]  # cut BYE

    def garbage(self, i):
        b = bytearray(os.urandom(20 + 37 * (i % 9)))
        b[0] = random.choice([0x00, 0x13, 0x47, 0xc5, 0xff])
        return bytes(b)

    def pcmu(self, i):
        pt = self.o.pt if self.o.pt is not None else 0
        return self.hdr(pt, marker=int(i == 0)) + self.tone()


DTMF_CODES = {str(d): d for d in range(10)}
DTMF_CODES.update({'*': 10, '#': 11, 'A': 12, 'B': 13, 'C': 14, 'D': 15})


def dtmf_packets(g, digits, pt):
    """RFC 4733 packets: per digit 5 updates (20 ms apart), 3 end."""
    out = []
    for d in digits:
        ev = DTMF_CODES[d.upper()]
        ts = g.ts
        for k in range(8):
            end = 1 if k >= 5 else 0
            dur = 160 * min(k + 1, 6)
            h = rtp_hdr(pt, g.seq, ts, g.ssrc, marker=int(k == 0))
            g.seq += 1
            out.append(h + struct.pack('!BBH', ev, (end << 7) | 10, dur))
        g.ts += 160 * 10
        out.append(None)            # 100 ms gap between digits
    return out


class Sender:
    def __init__(self, dst, src):
        self.dst = dst
        self.src = src
        if src:
            self.s = socket.socket(socket.AF_INET, socket.SOCK_RAW,
                                   socket.IPPROTO_RAW)
        else:
            self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.s.bind(('127.0.0.1', 0))

    def send(self, data):
        if not self.src:
            self.s.sendto(data, self.dst)
            return
        udp = struct.pack('!HHHH', self.src[1], self.dst[1], 8 + len(data),
                          0) + data
        ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp),
                         random.randrange(65536), 0, 64, socket.IPPROTO_UDP,
                         0, socket.inet_aton(self.src[0]),
                         socket.inet_aton(self.dst[0]))
        self.s.sendto(ip + udp, (self.dst[0], 0))


def addr(s):
    h, _, p = s.rpartition(':')
    return (h, int(p))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--to', type=addr, required=True)
    ap.add_argument('--from', dest='src', type=addr)
    ap.add_argument('--count', type=int, default=5)
    ap.add_argument('--interval', type=float, default=5.0)
    ap.add_argument('--pt', type=int)
    ap.add_argument('--ssrc', type=lambda v: int(v, 0))
    ap.add_argument('--digits', default='*6')
    ap.add_argument('kinds', nargs='+')
    o = ap.parse_args()
    g = Gen(o)
    tx = Sender(o.to, o.src)
    for kind in o.kinds:
        if kind == 'dtmf':
            pkts = dtmf_packets(g, o.digits, o.pt if o.pt is not None
                                else 101)
            ival = 0.02
        elif kind in ('short', 'version', 'csrc', 'extension', 'padding',
                      'pt', 'rtcp', 'garbage', 'pcmu'):
            pkts = [getattr(g, kind)(i) for i in range(o.count)]
            ival = 0.02 if kind == 'pcmu' else o.interval / 1000.0
        else:
            print('unknown kind %s' % kind, file=sys.stderr)
            return 2
        n = 0
        for p in pkts:
            if p is None:
                time.sleep(0.1)
                continue
            tx.send(p)
            n += 1
            time.sleep(ival)
        print('%s: sent %d to %s:%d%s' % (kind, n, o.to[0], o.to[1],
              ' from %s:%d' % o.src if o.src else ''))
    return 0


if __name__ == '__main__':
    sys.exit(main())
