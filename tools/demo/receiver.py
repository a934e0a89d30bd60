#!/usr/bin/env python3
"""A callback receiver for causeway-relay: Python 3, standard library only.

Verifies each request's Standard Webhooks signature, prints the event and answers 204; a request
whose signature does not verify is answered 401 (the relay dead-letters it at once: a 4xx other
than 408/409/425/429), one without a body length 411, one over 1 MiB 413.

    python3 tools/demo/receiver.py --secret whsec_... [--port 3000] [--host 127.0.0.1]
    WEBHOOK_SECRET=whsec_... python3 tools/demo/receiver.py

The signature (https://www.standardwebhooks.com): the relay sends
    webhook-id:        the event id (also ce-id)
    webhook-timestamp: seconds since the epoch when it signed
    webhook-signature: "v1,<base64 HMAC-SHA256>", several separated by spaces while a secret is
                       being rotated (one per secret)
where the HMAC's key is the secret without its "whsec_" prefix, base64-decoded, and the signed
content is "<webhook-id>.<webhook-timestamp>.<body>" (the raw body bytes, not re-serialised JSON).
A request verifies when any of its v1 signatures matches any of the receiver's secrets
(--secret may be given twice, for the receiver's side of a rotation) and its timestamp is within
--tolerance seconds (default 300) of the receiver's clock, so that a captured request cannot be
replayed later.
"""
import argparse
import base64
import binascii
import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY_BYTES = 1 << 20
DEFAULT_TOLERANCE_SECONDS = 5 * 60


def secret_key(secret):
    """The HMAC key of a "whsec_<base64>" secret (the prefix is optional)."""
    if secret.startswith("whsec_"):
        secret = secret[len("whsec_"):]
    return base64.b64decode(secret, validate=True)


def sign(secret, webhook_id, timestamp, body):
    """The "v1,<base64>" signature of `body` (bytes), as the relay computes it."""
    content = b"%s.%d.%s" % (webhook_id.encode(), int(timestamp), body)
    digest = hmac.new(secret_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify(secrets, headers, body, now=None, tolerance=DEFAULT_TOLERANCE_SECONDS):
    """(True, "") when the request verifies, else (False, why).

    `secrets`: one secret or a list; `headers`: a mapping with lower-case names; `body`: bytes.
    """
    if isinstance(secrets, str):
        secrets = [secrets]
    webhook_id = headers.get("webhook-id", "")
    timestamp = headers.get("webhook-timestamp", "")
    signatures = headers.get("webhook-signature", "")
    if not webhook_id or not timestamp or not signatures:
        return False, "missing webhook-id, webhook-timestamp or webhook-signature"
    if not timestamp.isdigit():
        return False, "webhook-timestamp is not a number of seconds"
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > tolerance:
        return False, "webhook-timestamp is more than %d s from now" % tolerance
    try:
        expected = [sign(s, webhook_id, int(timestamp), body) for s in secrets]
    except (binascii.Error, ValueError):
        return False, "the receiver's secret is not whsec_<base64>"
    for candidate in signatures.split(" "):
        if not candidate.startswith("v1,"):
            continue  # another scheme (e.g. v1a, asymmetric): not ours to check
        for e in expected:
            if hmac.compare_digest(candidate.encode(), e.encode()):
                return True, ""
    return False, "no v1 signature matches"


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the relay reuses its connections
    secrets = []
    tolerance = DEFAULT_TOLERANCE_SECONDS
    quiet = False

    def answer(self, status, text=""):
        body = text.encode()
        self.send_response(status)
        if body:
            self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_POST(self):
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self.close_connection = True
            return self.answer(411, "Content-Length required\n")
        if int(length) > MAX_BODY_BYTES:
            self.close_connection = True
            return self.answer(413, "body over %d bytes\n" % MAX_BODY_BYTES)
        body = self.rfile.read(int(length))
        headers = {k.lower(): v for k, v in self.headers.items()}
        ok, why = verify(self.secrets, headers, body, tolerance=self.tolerance)
        if not ok:
            print("refused %s: %s" % (headers.get("webhook-id", "?"), why), file=sys.stderr,
                  flush=True)
            return self.answer(401, why + "\n")
        if not self.quiet:
            try:
                data = json.loads(body)
            except ValueError:
                data = body.decode(errors="replace")
            print(json.dumps({
                "id": headers.get("ce-id", headers["webhook-id"]),
                "type": headers.get("ce-type", ""),
                "subject": headers.get("ce-subject", ""),
                "time": headers.get("ce-time", ""),
                "attempt": headers.get("causeway-attempt", ""),
                "data": data,
            }), flush=True)
        self.answer(204)

    def log_message(self, format, *args):  # the events are the log
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3000, help="0: a free one (printed)")
    parser.add_argument("--secret", action="append",
                        help="whsec_... (twice during a rotation); default $WEBHOOK_SECRET")
    parser.add_argument("--tolerance", type=int, default=DEFAULT_TOLERANCE_SECONDS,
                        help="seconds a webhook-timestamp may be from now (default 300)")
    parser.add_argument("--quiet", action="store_true", help="do not print events")
    args = parser.parse_args()
    secrets = args.secret or []
    if not secrets and os.environ.get("WEBHOOK_SECRET"):
        secrets = [os.environ["WEBHOOK_SECRET"]]
    if not secrets:
        parser.error("give --secret whsec_... or set WEBHOOK_SECRET")
    for s in secrets:
        try:
            secret_key(s)
        except (binascii.Error, ValueError):
            parser.error("a secret is whsec_ followed by base64")
    Receiver.secrets, Receiver.tolerance, Receiver.quiet = secrets, args.tolerance, args.quiet
    server = ThreadingHTTPServer((args.host, args.port), Receiver)
    print("listening on http://%s:%d/" % server.server_address[:2], file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
