"""``clearway kafka up|down|status|topics`` and ``clearway emit``."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import typer
from aiokafka import AIOKafkaProducer

from schemas.topics import TOPIC_OF_TYPE, record_key
from services.common.kafka import contract_topics, ensure_topics
from services.common.localkafka import LocalKafka, LocalKafkaError
from services.common.settings import RuntimeSettings

app = typer.Typer(
    help="The local single-node Kafka broker (KRaft, from Maven Central).", no_args_is_help=True
)


@app.command()
def up(port: int = typer.Option(9092, help="PLAINTEXT port; the controller uses port+1")) -> None:
    """Resolve (first time only), format and start the local broker; create the contract topics."""
    broker = LocalKafka.default(port)
    try:
        seconds = broker.start()
    except LocalKafkaError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    options = {"bootstrap_servers": broker.bootstrap_servers}
    created = asyncio.run(ensure_topics(options, contract_topics()))
    note = f"ready in {seconds:.1f}s" if seconds else "already running"
    typer.echo(f"kafka {broker.version} on {broker.bootstrap_servers} (pid {broker.pid()}), {note}")
    if created:
        typer.echo(f"created topics: {', '.join(created)}")


@app.command()
def down(port: int = typer.Option(9092)) -> None:
    """Stop the local broker by its PID (SIGTERM, then SIGKILL after 30 s)."""
    broker = LocalKafka.default(port)
    typer.echo("stopped" if broker.stop() else "not running")


@app.command()
def status(
    port: int = typer.Option(9092),
    as_json: bool = typer.Option(False, "--json", help="print the status as JSON"),
) -> None:
    """Say whether the local broker runs, where, and with which PID (exit code 3 if not)."""
    broker = LocalKafka.default(port)
    if as_json:
        running = broker.running()
        body = {
            "running": running,
            "version": broker.version,
            "bootstrap_servers": broker.bootstrap_servers,
            "pid": broker.pid() if running else None,
        }
        typer.echo(json.dumps(body))
        if not running:
            raise typer.Exit(3)
        return
    if broker.running():
        typer.echo(
            f"running: kafka {broker.version} on {broker.bootstrap_servers}, pid {broker.pid()}"
        )
    else:
        typer.echo("not running")
        raise typer.Exit(3)


@app.command()
def topics(partitions: int = 3, replication: int = 1) -> None:
    """Create the contract's topics on the configured cluster (CLEARWAY_KAFKA_*)."""
    settings = RuntimeSettings()
    created = asyncio.run(
        ensure_topics(settings.client_options(), contract_topics(partitions, replication))
    )
    typer.echo(f"created: {', '.join(created)}" if created else "all topics exist")


async def emit_file(path: Path, topic: str | None, settings: RuntimeSettings) -> int:
    """Produce each JSON line as one record: keyed as the contract says, to ``topic`` or
    to the default topic of its type. Lines that are not JSON are sent as they are."""
    producer = AIOKafkaProducer(
        **settings.client_options(), acks="all", enable_idempotence=True, linger_ms=5
    )
    await producer.start()
    sent = 0
    try:
        pending = []
        with path.open("rb") as lines:
            for line in lines:
                value = line.rstrip(b"\r\n")
                if not value.strip():
                    continue
                try:
                    event = json.loads(value)
                except ValueError:
                    event = None
                event = event if isinstance(event, dict) else {}
                key = record_key(event)
                target = topic or TOPIC_OF_TYPE.get(str(event.get("type")))
                if target is None:
                    msg = f"{path}:{sent + 1}: no --topic and no default topic for this event"
                    raise typer.BadParameter(msg)
                pending.append(
                    await producer.send(
                        str(target),
                        value=value,
                        key=key.encode() if key else None,
                        headers=[("content-type", b"application/cloudevents+json")],
                    )
                )
                sent += 1
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return sent


def emit(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="JSON lines of CloudEvents"),
    topic: str | None = typer.Option(
        None, "--topic", "-t", help="target topic; default: the contract topic of each event's type"
    ),
) -> None:
    """Produce CloudEvents from a JSON-lines file, keyed as the contract says."""
    sent = asyncio.run(emit_file(file, topic, RuntimeSettings()))
    typer.echo(f"sent {sent} events")
