#!/usr/bin/env python3
"""A tiny forward HTTP proxy for the AIA tests: serves GET http://any-host/NAME from the
directory given, by the URL's last path component, and logs each URL it was asked for.
Usage: aia_proxy.py PORT DIRECTORY LOGFILE"""
import http.server
import os
import sys
import urllib.parse

PORT, ROOT, LOG = int(sys.argv[1]), sys.argv[2], sys.argv[3]


class Proxy(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(LOG, "a") as log:
            log.write(self.path + "\n")
        name = os.path.basename(urllib.parse.urlparse(self.path).path)
        path = os.path.join(ROOT, name)
        if not name or not os.path.isfile(path):
            self.send_error(404)
            return
        with open(path, "rb") as f:
            body = f.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/pkix-cert")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Proxy)
print("proxy listening", flush=True)
server.serve_forever()
