"""``clearway lists status`` reads a service's /lists endpoint and prints one line per source."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from typer.testing import CliRunner

from services.cli import app

ROWS = [
    {
        "source": "ofac_legacy:https://example.org/sdn.csv",
        "list": "us_ofac_sdn",
        "version": "sha256:06eea8a69f3d",
        "entries": 14965,
        "loaded_at": 1795440000.0,
        "checked_at": 1795443600.0,
        "last_error": None,
        "errors": 0,
        "published": "2024-05-03",
        "age_days": 943.0,
        "max_age_days": 30,
    },
    {
        "source": "https://example.org/un.xml",
        "list": None,
        "version": None,
        "entries": 0,
        "loaded_at": None,
        "checked_at": 1795443600.0,
        "last_error": "HTTPStatusError: 500",
        "errors": 3,
    },
]


def test_lists_status_prints_versions_entries_and_errors() -> None:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = json.dumps(ROWS).encode()
            self.send_response(200 if self.path == "/lists" else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = CliRunner().invoke(
            app, ["lists", "status", "--url", f"http://127.0.0.1:{server.server_address[1]}"]
        )
    finally:
        server.shutdown()
    assert result.exit_code == 0, result.output
    assert (
        "us_ofac_sdn" in result.stdout
        and "sha256:06eea8a69f3d" in result.stdout
        and "14965" in result.stdout
    )
    assert "(not loaded)" in result.stdout and "HTTPStatusError: 500" in result.stdout
    # a list older than the service's allowed age gets a line; a list never loaded does not
    assert "outdated: published 2024-05-03, 943 days ago (more than 30)" in result.stdout
    assert result.stdout.count("outdated:") == 1


def test_lists_status_says_when_the_service_is_not_there() -> None:
    result = CliRunner().invoke(app, ["lists", "status", "--url", "http://127.0.0.1:9"])
    assert result.exit_code == 1
