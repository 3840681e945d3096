"""A partner's webhook receiver for the tests: verifies every delivery with the Standard
Webhooks reference library (`standardwebhooks` on PyPI) against each secret listed in a file
(one per line, re-read at each request: the test rotates them), answers 500 to the first
`--fail-first` deliveries (to see them retried), and logs one JSON line per delivery.

Prints `PORT <n>` once listening on 127.0.0.1.
"""

import argparse
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

args_parser = argparse.ArgumentParser()
args_parser.add_argument("--secrets-file", required=True)
args_parser.add_argument("--log", required=True)
args_parser.add_argument("--fail-first", type=int, default=0)
args = args_parser.parse_args()
received = 0


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        global received
        received += 1
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        headers = {k: v for k, v in self.headers.items()}
        with open(args.secrets_file) as f:
            secrets = [line.strip() for line in f if line.strip()]
        verified = []
        event = None
        for i, secret in enumerate(secrets):
            try:
                event = Webhook(secret).verify(body, headers)
                verified.append(i)
            except WebhookVerificationError:
                pass
        if not verified:
            status = 400
        elif received <= args.fail_first:
            status = 500
        else:
            status = 204
        with open(args.log, "a") as log:
            log.write(json.dumps({
                "n": received,
                "id": headers.get("webhook-id") or headers.get("Webhook-Id"),
                "status": status,
                "verified": verified,
                "signatures": len((headers.get("webhook-signature") or headers.get("Webhook-Signature") or "").split(" ")),
                "event": event,
            }) + "\n")
        self.send_response(status)
        self.end_headers()

    def log_message(self, *_):
        pass


server = HTTPServer(("127.0.0.1", 0), Receiver)
print(f"PORT {server.server_address[1]}", flush=True)
sys.stdout.flush()
server.serve_forever()
