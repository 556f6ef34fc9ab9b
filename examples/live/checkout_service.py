#!/usr/bin/env python3
"""A small checkout service for trying chaossim's live mode (docs/live-mode.md), Python standard library only.

POST /checkout with {"order_id": ..., "amount": ...} charges the order through a payments API
(POST <payments>/v1/charges) and answers {"order_id": ..., "charge": ...}.

It has the classic idempotency bug: it ignores the Idempotency-Key header, so a client that retries after a lost
reply makes it charge the order again. --fixed keeps the answer of every key it has served (and makes a request
whose key is still being served wait for it), so a retry gets the first answer and charges nothing.

Where it listens: the socket chaossim hands it (CHAOSSIM_LISTEN_FD, set by `chaossim live --exec`), or --port on
127.0.0.1. Where payments is: CHAOSSIM_URL_PAYMENTS (set by chaossim), or --payments-url.
"""
import argparse
import http.server
import json
import os
import socket
import socketserver
import sys
import threading
import urllib.error
import urllib.request

MAX_BODY = 64 * 1024


class Store:
    """Idempotency-Key -> (status, body). A key being served holds a lock that its duplicates wait on."""

    def __init__(self):
        self.lock = threading.Lock()
        self.done = {}
        self.busy = {}

    def serve(self, key, handler):
        with self.lock:
            if key in self.done:
                return self.done[key]
            event = self.busy.get(key)
            if event is None:
                event = self.busy[key] = threading.Event()
                mine = True
            else:
                mine = False
        if not mine:
            event.wait(30)
            with self.lock:
                return self.done.get(key, (409, {"error": "a request with this key is in progress"}))
        status, body = handler()
        with self.lock:
            if status < 500:  # errors are not kept: a retry runs again
                self.done[key] = (status, body)
            del self.busy[key]
        event.set()
        return status, body


def make_handler(payments_url, store):
    class Checkout(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def answer(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def charge(self, order):
            request = urllib.request.Request(
                payments_url + "/v1/charges",
                data=json.dumps({"order_id": order.get("order_id"), "amount": order.get("amount")}).encode(),
                headers={"Content-Type": "application/json"},
                method="POST")
            try:
                with urllib.request.urlopen(request, timeout=5) as reply:
                    charge = json.load(reply)
                return 200, {"order_id": order.get("order_id"), "charge": charge.get("id")}
            except (urllib.error.URLError, OSError, ValueError) as e:
                return 502, {"error": "payments failed: %s" % e}

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            if self.path != "/checkout" or length > MAX_BODY:
                self.answer(404 if self.path != "/checkout" else 413, {"error": "POST /checkout"})
                return
            try:
                order = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                self.answer(400, {"error": "the body is not JSON"})
                return
            key = self.headers.get("Idempotency-Key")
            if store is not None and key:
                status, body = store.serve(key, lambda: self.charge(order))
            else:  # the bug: every request charges, retries included
                status, body = self.charge(order)
            self.answer(status, body)

    return Checkout


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixed", action="store_true", help="honour Idempotency-Key (the fix)")
    parser.add_argument("--port", type=int, default=8080, help="port on 127.0.0.1 without CHAOSSIM_LISTEN_FD")
    parser.add_argument("--payments-url", default=os.environ.get("CHAOSSIM_URL_PAYMENTS"))
    args = parser.parse_args()
    if not args.payments_url:
        sys.exit("checkout_service: where is payments? set --payments-url or CHAOSSIM_URL_PAYMENTS")
    handler = make_handler(args.payments_url.rstrip("/"), Store() if args.fixed else None)
    fd = os.environ.get("CHAOSSIM_LISTEN_FD")
    if fd:
        server = Server(("127.0.0.1", 0), handler, bind_and_activate=False)
        server.socket.close()
        server.socket = socket.socket(fileno=int(fd))
    else:
        server = Server(("127.0.0.1", args.port), handler)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
