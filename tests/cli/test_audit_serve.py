"""``clearway audit serve`` as operations run it: a process that refuses to serve the
audit trail unprotected beyond localhost, answers its probes, and stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from services.common.localkafka import free_port


def environment(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLEARWAY_AUDIT_")}
    return {**env, **values}


def test_it_refuses_to_listen_beyond_localhost_without_credentials() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "services", "audit", "serve", "--host", "0.0.0.0"],
        env=environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "CLEARWAY_AUDIT_TOKEN" in done.stderr and "beyond this machine" in done.stderr


@pytest.mark.kafka
def test_it_serves_probes_waits_for_its_topic_and_stops_on_sigterm(
    kafka_bootstrap: str, unique: str
) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "services", "audit", "serve", "--port", str(port)],
        env=environment(
            CLEARWAY_KAFKA_BOOTSTRAP_SERVERS=kafka_bootstrap,
            CLEARWAY_AUDIT_TOPIC=f"missing-{unique}",
            CLEARWAY_AUDIT_EVENT_TOPICS="[]",
            CLEARWAY_AUDIT_TOKEN="tok",
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/health/live", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, process.stderr
            time.sleep(0.2)
        assert httpx.get(f"{url}/health/ready").status_code == 503  # no topic yet
        assert httpx.get(f"{url}/api/status").status_code == 401  # a token is configured
        status = httpx.get(f"{url}/api/status", headers={"Authorization": "Bearer tok"}).json()
        assert status["audit"]["state"] == "waiting for topic" and status["protected"]
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
        out, err = process.communicate()
        assert "tok" not in out + err.replace("CLEARWAY_AUDIT_TOKEN", "")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
