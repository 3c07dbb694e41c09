"""A real S3-compatible HTTP server on 127.0.0.1 for the deploy tests (moto in server mode),
and a small logging proxy in front of it that records every request and can inject faults."""

from __future__ import annotations

import gzip
import http.client
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
from botocore.config import Config

FAKE_KEY, FAKE_SECRET = "testing-key-id", "testing-secret"
DENIED = (
    b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>QuotaExceeded</Code>'
    b"<Message>injected by the test proxy</Message></Error>"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=FAKE_KEY,
        aws_secret_access_key=FAKE_SECRET,
        config=Config(s3={"addressing_style": "path"}),
    )


@dataclass
class StoredObject:
    body: bytes
    """As a browser gets it: gunzipped when stored with Content-Encoding: gzip."""
    raw: bytes
    content_type: str
    cache_control: str
    encoding: str | None


def bucket_objects(s3, bucket: str) -> dict[str, StoredObject]:
    found = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", ()):
            answer = s3.get_object(Bucket=bucket, Key=item["Key"])
            raw = answer["Body"].read()
            encoding = answer.get("ContentEncoding")
            body = gzip.decompress(raw) if encoding == "gzip" else raw
            found[item["Key"]] = StoredObject(
                body, raw, answer.get("ContentType", ""), answer.get("CacheControl", ""), encoding
            )
    return found


@dataclass
class Faults:
    """`deny_after`: answer every PUT of a site file after that many with 403 QuotaExceeded;
    `unavailable_once`: answer the first PUT with 503 (to be retried)."""

    deny_after: int | None = None
    unavailable_once: bool = False
    puts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class LoggingProxy:
    """Forwards every request to `upstream`, recording (method, path) in arrival order."""

    def __init__(self, upstream_port: int) -> None:
        self.log: list[tuple[str, str]] = []
        self.faults = Faults()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if (refusal := proxy.refusal(self.command, self.path)) is not None:
                    self.send_response(refusal)
                    self.send_header("Content-Type", "application/xml")
                    self.send_header("Content-Length", str(len(DENIED)))
                    self.end_headers()
                    self.wfile.write(DENIED)
                    return
                upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "connection"}
                upstream.request(self.command, self.path, body=body, headers=headers)
                answer = upstream.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in (
                        "transfer-encoding",
                        "connection",
                        "content-length",
                        "server",
                        "date",
                    ):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
                upstream.close()

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def refusal(self, method: str, path: str) -> int | None:
        """The status to answer instead of forwarding, or None; logs the request."""
        faults = self.faults
        with faults.lock:
            self.log.append((method, path))
            if method != "PUT" or ".branchpress-deploy.json" in path:
                return None
            if faults.unavailable_once:
                faults.unavailable_once = False
                return 503
            if faults.deny_after is not None and faults.puts >= faults.deny_after:
                return 403
            faults.puts += 1
        return None

    def reset(self) -> None:
        with self.faults.lock:
            self.log.clear()
            self.faults = Faults()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
