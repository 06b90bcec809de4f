#!/usr/bin/env python3
"""janus_ab.py: put N plain-RTP participants in one Janus AudioBridge room.

Drives the Janus HTTP API (no WebRTC): one session, one handle per
participant, a room created with allow_rtp_participants, and a "join" per
participant with {"rtp": {"ip", "port", "payload_type"}}. Janus answers
each join asynchronously with the address of its own RTP socket; once all
are in, the script writes a consort-load --rtp-only file ("local_port
remote_ip remote_port pt" per line) and keeps the session alive (POST
keepalive every 10 s; Janus drops a session after 60 s of silence) until
--stop-file exists or --hold seconds pass, then destroys room and session.

Pitfalls this handles: Janus connect()s each RTP socket to the address
given in the join, so the sender must send FROM that port (consort-load
does: symmetric RTP); Janus sends nothing before the first packet arrives.

usage: janus_ab.py --participants N --out FILE [--url URL] [--room ID]
                   [--rate 48000] [--rx-base 50000] [--quality Q]
                   [--hold S] [--stop-file PATH]
"""
import argparse
import json
import os
import random
import string
import sys
import time
import urllib.request

PT = {'opus': 111, 'pcmu': 0, 'pcma': 8}


def txid():
    return ''.join(random.choice(string.ascii_letters) for _ in range(12))


class Janus:
    def __init__(self, url):
        self.url = url.rstrip('/')
        self.sid = None

    def post(self, path, obj, timeout=15):
        obj.setdefault('transaction', txid())
        req = urllib.request.Request(
            self.url + path, data=json.dumps(obj).encode(),
            headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            res = json.load(r)
        if res.get('janus') == 'error':
            raise RuntimeError('janus error: %s' % res)
        return res

    def poll(self, timeout=40):
        url = '%s/%d?maxev=100&rid=%d' % (self.url, self.sid,
                                          int(time.time() * 1000))
        with urllib.request.urlopen(url, timeout=timeout) as r:
            res = json.load(r)
        return res if isinstance(res, list) else [res]

    def create(self):
        self.sid = self.post('', {'janus': 'create'})['data']['id']

    def attach(self):
        r = self.post('/%d' % self.sid, {'janus': 'attach',
                                         'plugin': 'janus.plugin.audiobridge'})
        return r['data']['id']

    def msg(self, hid, body):
        return self.post('/%d/%d' % (self.sid, hid),
                         {'janus': 'message', 'body': body})


def create_room(j, o):
    admin = j.attach()
    r = j.msg(admin, {'request': 'create', 'room': o.room,
                      'description': 'consort-bench',
                      'sampling_rate': o.rate, 'audiolevel_event': False,
                      'record': False, 'permanent': False,
                      'allow_rtp_participants': True})
    d = r['plugindata']['data']
    if d.get('audiobridge') != 'created':
        sys.exit('janus_ab: room create failed: %s' % d)
    return admin


def join_all(j, o):
    handles = {}
    for i in range(o.participants):
        hid = j.attach()
        handles[hid] = i
        body = {'request': 'join', 'room': o.room, 'display': 'rtp-%d' % i,
                'codec': o.codec,
                'rtp': {'ip': '127.0.0.1', 'port': o.rx_base + 2 * i,
                        'payload_type': PT[o.codec]}}
        if o.quality is not None:
            body['quality'] = o.quality
        j.msg(hid, body)

    joined = {}
    deadline = time.time() + 30
    while len(joined) < o.participants and time.time() < deadline:
        try:
            evs = j.poll()
        except OSError:
            continue
        for ev in evs:
            d = ev.get('plugindata', {}).get('data', {})
            if ev.get('sender') in handles and 'rtp' in d and \
                    d.get('audiobridge') == 'joined':
                joined[handles[ev['sender']]] = d['rtp']
            elif d.get('error'):
                sys.exit('janus_ab: error event: %s' % d)
    if len(joined) < o.participants:
        sys.exit('janus_ab: only %d/%d joined' % (len(joined),
                                                  o.participants))
    return joined


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--url', default='http://127.0.0.1:8188/janus')
    ap.add_argument('--participants', type=int, required=True)
    ap.add_argument('--out', required=True,
                    help='consort-load --rtp-only file')
    ap.add_argument('--room', type=int, default=4242)
    ap.add_argument('--rate', type=int, default=48000)
    ap.add_argument('--codec', default='opus', choices=sorted(PT))
    ap.add_argument('--rx-base', type=int, default=50000)
    ap.add_argument('--quality', type=int, help='Opus complexity 1-10')
    ap.add_argument('--hold', type=float, default=300)
    ap.add_argument('--stop-file')
    o = ap.parse_args()

    j = Janus(o.url)
    j.create()
    admin = create_room(j, o)
    t0 = time.time()
    joined = join_all(j, o)
    tmp = o.out + '.tmp'
    with open(tmp, 'w') as f:
        f.write('# local_port remote_ip remote_port pt (janus_ab.py)\n')
        for i in range(o.participants):
            rtp = joined[i]
            f.write('%d %s %d %d\n' % (o.rx_base + 2 * i, rtp['ip'],
                                       rtp['port'], PT[o.codec]))
    os.rename(tmp, o.out)
    print('janus_ab: %d participants joined in %.2f s -> %s'
          % (o.participants, time.time() - t0, o.out), flush=True)

    end = time.time() + o.hold
    last_ka = 0
    while time.time() < end and not (o.stop_file and
                                     os.path.exists(o.stop_file)):
        if time.time() - last_ka > 10:
            try:
                j.post('/%d' % j.sid, {'janus': 'keepalive'})
                last_ka = time.time()
            except OSError:
                pass
        time.sleep(0.5)
    try:
        j.msg(admin, {'request': 'destroy', 'room': o.room})
        j.post('/%d' % j.sid, {'janus': 'destroy'})
    except (OSError, RuntimeError) as e:
        print('janus_ab: teardown: %s' % e, file=sys.stderr)
    print('janus_ab: torn down', flush=True)


if __name__ == '__main__':
    main()
