"""A local HTTP server that serves a real list file and misbehaves on request."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class ListServer:
    path: Path
    mode: str = "ok"  # ok, error, hang, truncated, empty, redirect
    hang_seconds: float = 5.0
    #: where mode "redirect" sends the client
    redirect_to: str = ""
    requests: list[dict[str, str]] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/lists/{self.path.name}"

    def body(self) -> bytes:
        data = self.path.read_bytes()
        return {"truncated": data[: len(data) // 3], "empty": b""}.get(self.mode, data)


@contextmanager
def serve(path: Path) -> Iterator[ListServer]:
    state = ListServer(path)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            state.requests.append({":path": self.path, **dict(self.headers.items())})
            if state.mode == "error":
                self.send_error(500, "list service down")
                return
            if state.mode == "redirect":
                self.send_response(302)
                self.send_header("Location", state.redirect_to)
                self.end_headers()
                return
            if state.mode == "hang":
                time.sleep(state.hang_seconds)
            body = state.body()
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if state.mode == "ok" and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
