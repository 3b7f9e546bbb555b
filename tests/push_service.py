"""A push service on loopback for the push tests, and browsers' subscription keys.

``LocalPushService`` is a real HTTP server in a thread (a thread per connection): it
answers each POST as told (201 by default) and keeps what it received. ``open_push``
then does what a real push service and browser do: checks the VAPID JWT (RFC 8292:
ES256 signed with the key it carries, for this service's origin, not expired, with a
subject) and decrypts the body (aes128gcm, RFC 8291) with the subscription's private key.
"""

import base64
import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Received:
    path: str
    headers: dict  # by lower-case name
    body: bytes


class Subscriber:
    """A browser's side of a subscription: its P-256 key pair and auth secret."""

    def __init__(self, name: str):
        self.name = name
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth_secret = os.urandom(16)

    @property
    def p256dh(self) -> str:
        return b64url(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def decrypt(self, body: bytes) -> dict:
        plain = http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth_secret, version="aes128gcm"
        )
        return json.loads(plain)


@dataclass
class LocalPushService:
    url: str = ""
    received: list = field(default_factory=list)
    # Answers to give, by path, first one first: (status, headers); then 201.
    answers: dict = field(default_factory=dict)
    # Each request waits here before its answer, to show requests are in flight together;
    # a broken barrier (a party never came) answers 500.
    barrier: threading.Barrier | None = None
    # Seconds each answer takes, as a real service's round trip (for the benchmark).
    delay: float = 0

    def endpoint(self, subscriber: Subscriber) -> str:
        return f"{self.url}/push/{subscriber.name}"

    def to(self, subscriber: Subscriber) -> list[Received]:
        return [r for r in self.received if r.path == f"/push/{subscriber.name}"]

    def answer(self, subscriber: Subscriber, *answers) -> None:
        self.answers[f"/push/{subscriber.name}"] = list(answers)

    def open_push(self, received: Received, subscriber: Subscriber, public_key: str) -> dict:
        """The payload, once the request was checked as a push service checks it."""
        headers = received.headers
        assert headers["content-encoding"] == "aes128gcm"
        assert int(headers["ttl"]) > 0
        scheme, _, params = headers["authorization"].partition(" ")
        assert scheme == "vapid"
        parts = dict(part.strip().split("=", 1) for part in params.split(","))
        assert parts["k"] == public_key, "signed with the key the page subscribed with"
        signing_input, _, signature = parts["t"].rpartition(".")
        raw = unb64url(signature)
        assert len(raw) == 64
        der = encode_dss_signature(int.from_bytes(raw[:32]), int.from_bytes(raw[32:]))
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(parts["k"]))
        key.verify(der, signing_input.encode(), ec.ECDSA(hashes.SHA256()))  # raises if forged
        header, claims = (json.loads(unb64url(p)) for p in signing_input.split("."))
        assert header["alg"] == "ES256"
        assert claims["aud"] == self.url, "the audience is the push service's origin"
        assert time.time() < claims["exp"] <= time.time() + 24 * 3600
        assert claims["sub"].startswith(("mailto:", "https://"))
        return subscriber.decrypt(received.body)


class _Handler(BaseHTTPRequestHandler):
    service: LocalPushService

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        service = self.server.service
        headers = {name.lower(): value for name, value in self.headers.items()}
        service.received.append(Received(self.path, headers, body))
        queued = service.answers.get(self.path) or []
        status, headers = queued.pop(0) if queued else (201, {})
        if service.barrier is not None:
            try:
                service.barrier.wait()
            except threading.BrokenBarrierError:
                status, headers = 500, {}
        if service.delay:
            time.sleep(service.delay)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class _Server(ThreadingHTTPServer):
    # Connections waiting to be accepted: the benchmark opens 32 at once (5 by default).
    request_queue_size = 128


def start_push_service():
    """A running LocalPushService and a function that stops it."""
    service = LocalPushService()
    server = _Server(("127.0.0.1", 0), _Handler)
    server.service = service
    service.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()

    return service, stop
