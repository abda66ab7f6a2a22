"""``clearway demo``: the whole system on this machine, end to end, in one command.

Starts the local broker (unless ``CLEARWAY_KAFKA_BOOTSTRAP_SERVERS`` names a cluster),
creates the contract topics, runs every service as its own process, emits the sample
events, prints each decision as it lands on the audit topic, then stops what it started.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import typer
from aiokafka import TopicPartition

from services import registry
from services.cli.audit import _COLOUR, follow, format_decision
from services.cli.kafka import emit_file
from services.common.kafka import committed_reader, contract_topics, ensure_topics, topic_partitions
from services.common.localkafka import PROJECT_ROOT, LocalKafka, LocalKafkaError, cache_dir
from services.common.logging import configure_logging
from services.common.settings import RuntimeSettings

SAMPLE = PROJECT_ROOT / "examples" / "events.jsonl"


async def _end_offsets(settings: RuntimeSettings) -> dict[TopicPartition, int]:
    consumer = committed_reader(settings.client_options())
    await consumer.start()
    try:
        parts = await topic_partitions(settings.client_options(), settings.audit_topic)
        tps = [TopicPartition(settings.audit_topic, p) for p in parts]
        ends: dict[TopicPartition, int] = await consumer.end_offsets(tps) if tps else {}
        return ends
    finally:
        await consumer.stop()


def _wait_ready(ports: dict[str, int], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    waiting = dict(ports)
    while waiting and time.monotonic() < deadline:
        for name, port in list(waiting.items()):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=1).status_code == 200:
                    typer.echo(f"  {name} ready (http://127.0.0.1:{port}/health/ready)")
                    del waiting[name]
            except httpx.HTTPError:
                pass
        time.sleep(0.3)
    if waiting:
        msg = f"services not ready after {timeout:.0f}s: {', '.join(waiting)}"
        raise RuntimeError(msg)


def demo(
    events: Path = typer.Option(SAMPLE, help="JSON lines of CloudEvents to emit"),
    keep_broker: bool = typer.Option(False, help="leave the local broker running afterwards"),
    timeout: float = typer.Option(90.0, help="seconds to wait for all decisions"),
) -> None:
    """Run the system on the embedded default: broker, all services, sample events, decisions."""
    configure_logging("WARNING")
    names = registry.names()
    bootstrap = os.environ.get("CLEARWAY_KAFKA_BOOTSTRAP_SERVERS") or os.environ.get(
        "KAFKA_BOOTSTRAP_SERVERS"
    )
    broker: LocalKafka | None = None
    if not bootstrap:
        broker = LocalKafka.default(9092)
        was_running = broker.running()
        try:
            typer.echo("starting the local Kafka broker (first run resolves it through Maven)...")
            seconds = broker.start()
        except LocalKafkaError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from exc
        typer.echo(
            f"kafka {broker.version} on {broker.bootstrap_servers}"
            + (f", ready in {seconds:.1f}s" if seconds else ", already running")
        )
        bootstrap = broker.bootstrap_servers
        if was_running:
            broker = None  # not ours to stop
    env = {
        **os.environ,
        "CLEARWAY_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "CLEARWAY_LOG_LEVEL": os.environ.get("CLEARWAY_LOG_LEVEL", "WARNING"),
    }
    settings = RuntimeSettings(kafka_bootstrap_servers=bootstrap)
    asyncio.run(ensure_topics(settings.client_options(), contract_topics()))
    start_offsets = asyncio.run(_end_offsets(settings))

    logs = cache_dir() / "demo"
    logs.mkdir(parents=True, exist_ok=True)
    procs: dict[str, subprocess.Popen[bytes]] = {}
    ports = {name: 18081 + i for i, name in enumerate(names)}
    accepted: dict[str, str] = {}
    try:
        typer.echo(f"starting services: {', '.join(names)} (logs in {logs})")
        for name in names:
            entry = registry.get(name)
            for event_type in entry.definition(entry.settings()).accepted_types:
                accepted[event_type] = name
            with open(logs / f"{name}.log", "wb") as out:
                procs[name] = subprocess.Popen(
                    [sys.executable, "-m", "services", "run", name],
                    env={**env, "CLEARWAY_HTTP_PORT": str(ports[name])},
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
        _wait_ready(ports, timeout=60)
        lines = [json.loads(x) for x in events.read_text().splitlines() if x.strip()]
        expected = {e["id"] for e in lines if isinstance(e, dict) and e.get("type") in accepted}
        sent = asyncio.run(emit_file(events, None, settings))
        typer.echo(f"emitted {sent} events from {events}; waiting for {len(expected)} decisions\n")

        async def _collect() -> int:
            seen: set[str] = set()
            async for event in follow(settings, start_offsets=start_offsets, idle_timeout=timeout):
                data = event.get("data") or {}
                if data.get("source_event_id") in expected and data["source_event_id"] not in seen:
                    seen.add(data["source_event_id"])
                    typer.secho(
                        format_decision(event),
                        fg=_COLOUR.get(str(data.get("outcome")), ("", None))[1],
                    )
                    if seen == expected:
                        break
            return len(seen)

        got = asyncio.run(asyncio.wait_for(_collect(), timeout=timeout))
        typer.echo(f"\n{got} of {len(expected)} decisions on {settings.audit_topic}")
        if got != len(expected):
            raise typer.Exit(1)
    finally:
        for proc in procs.values():
            proc.send_signal(signal.SIGTERM)
        for name, proc in procs.items():
            try:
                code = proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                code = proc.wait()
            typer.echo(f"  {name} stopped (exit {code})")
        if broker is not None and not keep_broker:
            broker.stop()
            typer.echo("local broker stopped")
