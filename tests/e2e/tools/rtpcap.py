#!/usr/bin/env python3
"""rtpcap.py: capture RTP sent to given UDP ports on lo; G.711 to WAV.

A packet socket (AF_PACKET, root) sees the datagrams even when another
process (e.g. sipp, whose rtp_stream does not record) owns the port.
usage: rtpcap.py --port P [--port P2]... --out DIR [--duration S]
                 [--packets]
Per destination port P it writes DIR/rx_P.wav (8 kHz mono 16-bit: the
PCMU/PCMA payloads in sequence order per SSRC, the SSRC with most packets;
lost packets become silence) and prints, at the end, one JSON line per
port: {"port", "packets", "ssrcs", "pts", "sources", "lost", "seconds"}.
--packets also writes DIR/pk_P.txt, one line per packet in arrival order:
"EPOCH_S PT SEQ SSRC PAYLOAD_BYTES" (see pkstat.py).
Runs for --duration seconds (default 30) or until SIGTERM/SIGINT.
"""
import argparse
import json
import os
import signal
import socket
import struct
import sys
import time
import wave

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def ulaw_table():
    t = []
    for b in range(256):
        u = ~b & 0xff
        sign, exp, mant = u & 0x80, (u >> 4) & 7, u & 0x0f
        v = (((mant << 3) + 0x84) << exp) - 0x84
        t.append(-v if sign else v)
    return t


def alaw_table():
    t = []
    for b in range(256):
        a = b ^ 0x55
        exp, mant = (a >> 4) & 7, a & 0x0f
        v = (mant << 4) + 8 if exp == 0 else ((mant << 4) + 0x108) << \
            (exp - 1)
        t.append(v if a & 0x80 else -v)
    return t


DECODE = {0: ulaw_table(), 8: alaw_table()}


class Flow:
    def __init__(self):
        self.pkts = {}      # ssrc -> {ext_seq: (pt, payload)}
        self.last = {}      # ssrc -> last ext seq (for unwrapping)
        self.pts = set()
        self.sources = set()
        self.count = 0
        self.log = []       # (time, pt, seq, ssrc, payload bytes)

    def add(self, src, data, now=None):
        if len(data) < 12 or data[0] >> 6 != 2:
            return
        cc, pt = data[0] & 0x0f, data[1] & 0x7f
        seq, _, ssrc = struct.unpack('!HII', data[2:12])
        off = 12 + 4 * cc
        if data[0] & 0x10 and len(data) >= off + 4:
            off += 4 + 4 * struct.unpack('!H', data[off + 2:off + 4])[0]
        end = len(data) - (data[-1] if data[0] & 0x20 else 0)
        last = self.last.get(ssrc)
        if last is not None:
            d = (seq - last) & 0xffff
            ext = last + d if d < 0x8000 else last - (0x10000 - d)
        else:
            ext = seq + 0x10000
        self.last[ssrc] = max(ext, last or ext)
        self.pkts.setdefault(ssrc, {})[ext] = (pt, data[off:end])
        if now is not None:
            self.log.append((now, pt, seq, ssrc, max(0, end - off)))
        self.pts.add(pt)
        self.sources.add('%s:%d' % src)
        self.count += 1

    def write(self, path):
        if not self.pkts:
            return 0, 0.0
        ssrc = max(self.pkts, key=lambda k: len(self.pkts[k]))
        p = self.pkts[ssrc]
        lo, hi = min(p), max(p)
        pcm = bytearray()
        lost = 0
        for s in range(lo, hi + 1):
            pt, pay = p.get(s, (None, b''))
            if pt not in DECODE:
                lost += pt is None
                pay = b'\xff' * 160
                pt = 0
            tab = DECODE[pt]
            pcm += struct.pack('<%dh' % len(pay), *(tab[b] for b in pay))
        w = wave.open(path, 'wb')
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(bytes(pcm))
        w.close()
        return lost, len(pcm) / 2 / 8000.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--port', type=int, action='append', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--duration', type=float, default=30)
    ap.add_argument('--packets', action='store_true')
    o = ap.parse_args()
    stop = []
    signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
    signal.signal(signal.SIGINT, lambda *a: stop.append(1))
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                      socket.htons(ETH_P_ALL))
    s.bind(('lo', 0))
    s.settimeout(0.2)
    flows = {p: Flow() for p in o.port}
    print('capturing udp to ports %s' % o.port, file=sys.stderr, flush=True)
    end = time.time() + o.duration
    while not stop and time.time() < end:
        try:
            frame, sa = s.recvfrom(65535)
        except socket.timeout:
            continue
        except InterruptedError:
            continue
        if sa[2] == PACKET_OUTGOING or len(frame) < 14 + 28:
            continue
        if frame[12:14] != b'\x08\x00':
            continue
        ip = frame[14:]
        ihl = (ip[0] & 0x0f) * 4
        if ip[0] >> 4 != 4 or ip[9] != 17:
            continue
        sport, dport = struct.unpack('!HH', ip[ihl:ihl + 4])
        if dport in flows:
            src = (socket.inet_ntoa(ip[12:16]), sport)
            flows[dport].add(src, ip[ihl + 8:],
                             time.time() if o.packets else None)
    os.makedirs(o.out, exist_ok=True)
    for port, f in flows.items():
        lost, secs = f.write(os.path.join(o.out, 'rx_%d.wav' % port))
        if o.packets:
            with open(os.path.join(o.out, 'pk_%d.txt' % port), 'w') as pf:
                for t, pt, seq, ssrc, n in f.log:
                    pf.write('%.4f %d %d %d %d\n' % (t, pt, seq, ssrc, n))
        print(json.dumps({'port': port, 'packets': f.count,
                          'ssrcs': len(f.pkts), 'pts': sorted(f.pts),
                          'sources': sorted(f.sources), 'lost': lost,
                          'seconds': round(secs, 2)}), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
