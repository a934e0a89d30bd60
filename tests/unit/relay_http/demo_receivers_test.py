#!/usr/bin/env python3
"""The demo's callback receivers (tools/demo/receiver.py and receiver.js) verify Standard Webhooks
signatures: the spec's published vector, and requests this test signs itself and sends to the
running receiver over HTTP (valid, tampered, stale, rotated, unsigned). Standard library only;
the Node receiver's cases are skipped where `node` is not installed.

    python3 tests/unit/relay_http/demo_receivers_test.py
"""
import base64
import hashlib
import hmac
import os
import re
import shutil
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DEMO = os.path.join(ROOT, "tools", "demo")
sys.path.insert(0, DEMO)
import receiver  # noqa: E402  (tools/demo/receiver.py)

# Published with the Standard Webhooks specification (and Svix's libraries' tests).
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_TIMESTAMP = 1614265330
SPEC_BODY = b'{"test": 2432232314}'
SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

SECRET = "whsec_" + base64.b64encode(bytes(range(32))).decode()
OTHER_SECRET = "whsec_" + base64.b64encode(b"\x07" * 32).decode()
NODE = shutil.which("node")


def independent_signature(secret, webhook_id, timestamp, body):
    """The spec's algorithm written out here, not taken from the receiver under test."""
    key = base64.b64decode(secret[len("whsec_"):])
    content = webhook_id.encode() + b"." + str(timestamp).encode() + b"." + body
    return "v1," + base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()


class RunningReceiver:
    """One receiver process on a free loopback port, stopped on exit."""

    def __init__(self, command):
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True)
        line = self.process.stderr.readline()
        match = re.search(r"listening on http://[^:]+:(\d+)/", line)
        if not match:
            self.process.kill()
            raise RuntimeError("receiver did not start: %r" % line)
        self.url = "http://127.0.0.1:%s/callback" % match.group(1)

    def post(self, headers, body):
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as e:
            return e.code

    def stop(self):
        self.process.kill()
        out, _ = self.process.communicate(timeout=10)
        return out


def signed_headers(secret, webhook_id, timestamp, body, signatures=None):
    return {
        "content-type": "application/json",
        "ce-id": webhook_id,
        "ce-type": "mfp.Person",
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature":
            signatures or independent_signature(secret, webhook_id, timestamp, body),
    }


class PythonVerifyTest(unittest.TestCase):
    def test_spec_vector(self):
        self.assertEqual(receiver.sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY),
                         SPEC_SIGNATURE)
        headers = {"webhook-id": SPEC_ID, "webhook-timestamp": str(SPEC_TIMESTAMP),
                   "webhook-signature": SPEC_SIGNATURE}
        self.assertEqual(receiver.verify(SPEC_SECRET, headers, SPEC_BODY, now=SPEC_TIMESTAMP),
                         (True, ""))
        # Five minutes is the tolerance.
        self.assertTrue(receiver.verify(SPEC_SECRET, headers, SPEC_BODY,
                                        now=SPEC_TIMESTAMP + 300)[0])
        self.assertFalse(receiver.verify(SPEC_SECRET, headers, SPEC_BODY,
                                         now=SPEC_TIMESTAMP + 301)[0])
        self.assertFalse(receiver.verify(SPEC_SECRET, headers, SPEC_BODY + b" ",
                                         now=SPEC_TIMESTAMP)[0])

    def test_matches_the_independent_signature(self):
        body = b'{"first_name": "Paul", "age": 42}'
        self.assertEqual(receiver.sign(SECRET, "evt-1", 1700000000, body),
                         independent_signature(SECRET, "evt-1", 1700000000, body))


class ReceiverOverHttp:
    """The cases every receiver must pass over HTTP; `command(extra)` starts one."""

    def command(self, extra):
        raise NotImplementedError

    def setUp(self):
        self.receiver = RunningReceiver(self.command(["--secret", SECRET, "--port", "0"]))

    def tearDown(self):
        self.receiver.stop()

    def test_valid_signature_is_answered_204_and_printed(self):
        body = b'{"first_name": "Paul", "last_name": "Osman", "age": 42}'
        now = int(time.time())
        self.assertEqual(self.receiver.post(signed_headers(SECRET, "evt-1", now, body), body), 204)
        out = self.receiver.stop()
        self.assertIn('"id": "evt-1"', out.replace('":"', '": "'))
        self.assertIn("Osman", out)

    def test_tampered_body_is_401(self):
        body = b'{"age": 42}'
        headers = signed_headers(SECRET, "evt-2", int(time.time()), body)
        self.assertEqual(self.receiver.post(headers, b'{"age": 43}'), 401)

    def test_wrong_secret_is_401(self):
        body = b"{}"
        headers = signed_headers(OTHER_SECRET, "evt-3", int(time.time()), body)
        self.assertEqual(self.receiver.post(headers, body), 401)

    def test_stale_or_future_timestamp_is_401(self):
        body = b"{}"
        for timestamp in (int(time.time()) - 301, int(time.time()) + 301):
            headers = signed_headers(SECRET, "evt-4", timestamp, body)
            self.assertEqual(self.receiver.post(headers, body), 401)

    def test_any_of_several_signatures_verifies(self):
        # During a rotation the relay signs with the old and the new secret.
        body = b'{"age": 1}'
        now = int(time.time())
        both = " ".join([independent_signature(OTHER_SECRET, "evt-5", now, body),
                         independent_signature(SECRET, "evt-5", now, body)])
        self.assertEqual(self.receiver.post(signed_headers(SECRET, "evt-5", now, body, both), body),
                         204)
        neither = " ".join([independent_signature(OTHER_SECRET, "evt-5", now, body),
                            "v1a,bm90IG91cnM="])
        self.assertEqual(
            self.receiver.post(signed_headers(SECRET, "evt-5", now, body, neither), body), 401)

    def test_unsigned_is_401(self):
        self.assertEqual(self.receiver.post({"content-type": "application/json"}, b"{}"), 401)

    def test_spec_vector_over_http(self):
        # The spec's request as sent in 2021: verifies with a tolerance that reaches back to it.
        self.receiver.stop()
        self.receiver = RunningReceiver(self.command(
            ["--secret", SPEC_SECRET, "--port", "0", "--tolerance", str(10 ** 10)]))
        headers = signed_headers(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, SPEC_SIGNATURE)
        self.assertEqual(self.receiver.post(headers, SPEC_BODY), 204)


class PythonReceiverTest(ReceiverOverHttp, unittest.TestCase):
    def command(self, extra):
        return [sys.executable, os.path.join(DEMO, "receiver.py")] + extra


@unittest.skipIf(NODE is None, "node is not installed")
class NodeReceiverTest(ReceiverOverHttp, unittest.TestCase):
    def command(self, extra):
        return [NODE, os.path.join(DEMO, "receiver.js")] + extra

    def test_spec_vector_in_node(self):
        script = ("const r = require(%r); process.stdout.write(r.sign(%r, %r, %d, Buffer.from(%r)))"
                  % (os.path.join(DEMO, "receiver.js"), SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP,
                     SPEC_BODY.decode()))
        out = subprocess.run([NODE, "-e", script], capture_output=True, text=True, timeout=30)
        self.assertEqual(out.stdout, SPEC_SIGNATURE, out.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
