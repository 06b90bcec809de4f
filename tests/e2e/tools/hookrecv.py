#!/usr/bin/env python3
"""hookrecv.py: a webhook receiver for the tests (stdlib only).

usage: hookrecv.py --port P --out FILE [--status N]
Listens on 127.0.0.1:P; each POST body is appended to FILE as one line
(the raw JSON), then answered N (default 200). Runs until killed.
"""
import argparse
import http.server
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--port', type=int, required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--status', type=int, default=200)
    o = ap.parse_args()
    out = open(o.out, 'a')

    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def do_POST(self):
            n = int(self.headers.get('Content-Length') or 0)
            body = self.rfile.read(n).decode('utf-8', 'replace')
            out.write(body.replace('\n', ' ') + '\n')
            out.flush()
            self.send_response(o.status)
            self.send_header('Content-Length', '0')
            self.end_headers()

        def log_message(self, fmt, *args):
            sys.stderr.write('hookrecv: ' + (fmt % args) + '\n')

    http.server.ThreadingHTTPServer.allow_reuse_address = True
    srv = http.server.HTTPServer(('127.0.0.1', o.port), H)
    srv.serve_forever()


if __name__ == '__main__':
    main()
