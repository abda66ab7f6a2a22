"""The command line against the real broker: ``run`` under SIGTERM, ``emit``, ``audit tail``."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from typer.testing import CliRunner

from services.cli import app
from services.common.kafka import topic_partitions
from tests.kafkahelp import committed_offsets, create_topics, read_topic, settings_for

pytestmark = pytest.mark.kafka
ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "examples" / "events.jsonl"


def _env(settings: object) -> dict[str, str]:
    return {
        **os.environ,
        **{
            f"CLEARWAY_{k.upper()}": str(v)
            for k, v in settings.model_dump(  # type: ignore[attr-defined]
                include={
                    "kafka_bootstrap_servers",
                    "input_topic",
                    "audit_topic",
                    "deadletter_topic",
                    "group_id",
                }
            ).items()
        },
    }


async def test_run_commits_and_exits_cleanly_on_sigterm(kafka_bootstrap: str, unique: str) -> None:
    settings = settings_for(kafka_bootstrap, unique)
    await create_topics(settings)
    env = {**_env(settings), "CLEARWAY_HTTP_PORT": "0", "CLEARWAY_LOG_LEVEL": "INFO"}
    emitted = subprocess.run(
        [sys.executable, "-m", "services", "emit", str(SAMPLES), "--topic", settings.input_topic],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert f"sent {len(SAMPLES.read_text().splitlines())} events" in emitted.stdout
    proc = subprocess.Popen(
        [sys.executable, "-m", "services", "run", "publication"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        decisions = await read_topic(kafka_bootstrap, settings.audit_topic, expect=5, timeout=60)
        assert len(decisions) == 5
        await asyncio.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        code = await asyncio.to_thread(proc.wait, 30)
    finally:
        if proc.poll() is None:
            proc.kill()
    output = proc.stdout.read().decode() if proc.stdout else ""
    assert code == 0, output[-3000:]
    assert '"event": "service_stopped"' in output
    assert "Partner" not in output and "A. Author" not in output  # no personal data in logs
    committed, ends = await committed_offsets(
        kafka_bootstrap, settings.group_id, settings.input_topic
    )
    assert committed == ends


def test_emit_then_audit_tail_prints_readable_lines(kafka_bootstrap: str, unique: str) -> None:
    settings = settings_for(kafka_bootstrap, unique)
    asyncio.run(create_topics(settings))
    env = _env(settings)
    decided = CliRunner().invoke(app, ["check", "publication", "--input", str(SAMPLES)], env=env)
    assert decided.exit_code == 3, decided.output  # the other services' samples: dead letters
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"decisions-{unique}.jsonl"
    out.write_text(
        "".join(
            line + "\n"
            for line in decided.stdout.splitlines()
            if '"compliance.decision.made"' in line
        )
    )
    emitted = CliRunner().invoke(app, ["emit", str(out), "--topic", settings.audit_topic], env=env)
    assert emitted.exit_code == 0, emitted.output
    tail = CliRunner().invoke(
        app,
        ["audit", "tail", "--from-beginning", "--idle-timeout", "3", "--outcome", "red_flag"],
        env=env,
    )
    assert tail.exit_code == 0, tail.output
    lines = tail.stdout.strip().splitlines()
    assert len(lines) == 3
    assert all("RED" in line and "publication" in line for line in lines)
    assert any("PATENT_NOT_FILED" in line for line in lines)


async def test_looking_for_a_topic_never_creates_it(kafka_bootstrap: str, unique: str) -> None:
    """The local broker auto-creates topics; a reader waiting for the audit or review topic
    must not create it with default settings."""
    options = {"bootstrap_servers": kafka_bootstrap}
    with pytest.raises(LookupError, match="does not exist"):
        await topic_partitions(options, f"absent-{unique}", wait_seconds=1)
    admin = AIOKafkaAdminClient(**options)
    await admin.start()
    try:
        assert f"absent-{unique}" not in await admin.list_topics()
    finally:
        await admin.close()
