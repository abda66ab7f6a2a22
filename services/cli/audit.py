"""``clearway audit tail``: decisions from the audit topic, one readable line each.

Reads with ``isolation_level=read_committed`` and without a consumer group, so tailing
never moves anyone's offsets.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import typer
from aiokafka import TopicPartition

from services.common.kafka import committed_reader, topic_partitions
from services.common.settings import RuntimeSettings

app = typer.Typer(help="Follow the audit topic.", no_args_is_help=True)

_COLOUR = {
    "cleared": ("GREEN", typer.colors.GREEN),
    "needs_review": ("AMBER", typer.colors.YELLOW),
    "red_flag": ("RED", typer.colors.RED),
}


def format_decision(event: dict[str, Any]) -> str:
    data = event.get("data") or {}
    outcome = str(data.get("outcome", "?"))
    label = _COLOUR.get(outcome, (outcome.upper(), None))[0]
    reasons = "; ".join(f"{r.get('code')}: {r.get('message')}" for r in data.get("reasons") or [])
    extra = []
    if data.get("licence_required"):
        extra.append("licence required")
    if data.get("earliest_publication_date"):
        extra.append(f"earliest {data['earliest_publication_date']}")
    tail = f" [{', '.join(extra)}]" if extra else ""
    return (
        f"{data.get('evaluated_at', '?')}  {label:<5}  {data.get('service', '?'):<14} "
        f"{data.get('subject_type', '?')} {data.get('subject_id', '?')}  "
        f"{reasons or 'no findings'}{tail}"
    )


async def follow(
    settings: RuntimeSettings,
    *,
    from_beginning: bool = False,
    start_offsets: dict[TopicPartition, int] | None = None,
    idle_timeout: float | None = None,
) -> AsyncIterator[dict[str, Any]]:
    """Yield decision events (parsed) from the audit topic, read_committed, no group."""
    consumer = committed_reader(
        settings.client_options(), auto_offset_reset="earliest" if from_beginning else "latest"
    )
    await consumer.start()
    try:
        partitions = await topic_partitions(settings.client_options(), settings.audit_topic)
        tps = [TopicPartition(settings.audit_topic, p) for p in partitions]
        consumer.assign(tps)
        if start_offsets:
            for tp, offset in start_offsets.items():
                consumer.seek(tp, offset)
        elif from_beginning:
            await consumer.seek_to_beginning(*tps)
        else:
            await consumer.seek_to_end(*tps)
        last = time.monotonic()
        while True:
            batch = await consumer.getmany(timeout_ms=500)
            if not batch:
                if idle_timeout is not None and time.monotonic() - last > idle_timeout:
                    return
                continue
            last = time.monotonic()
            for records in batch.values():
                for record in records:
                    try:
                        yield json.loads(record.value)
                    except (TypeError, ValueError):
                        continue
    finally:
        await consumer.stop()


@app.command()
def tail(
    outcome: str | None = typer.Option(
        None, help="only this outcome: cleared, needs_review, red_flag"
    ),
    service: str | None = typer.Option(None, help="only this service"),
    from_beginning: bool = typer.Option(
        False, "--from-beginning", help="start at the oldest decision"
    ),
    idle_timeout: float | None = typer.Option(
        None, help="stop after this many seconds without records"
    ),
    as_json: bool = typer.Option(False, "--json", help="print the decision events as JSON lines"),
) -> None:
    """Print decisions as they arrive, one readable line each."""
    settings = RuntimeSettings()

    async def _run() -> None:
        async for event in follow(
            settings, from_beginning=from_beginning, idle_timeout=idle_timeout
        ):
            data = event.get("data") or {}
            if outcome and data.get("outcome") != outcome:
                continue
            if service and data.get("service") != service:
                continue
            if as_json:
                typer.echo(json.dumps(event))
            else:
                colour = _COLOUR.get(str(data.get("outcome")), ("", None))[1]
                typer.secho(format_decision(event), fg=colour)

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_run())


@app.command()
def serve(
    host: str | None = typer.Option(
        None, help="address to listen on [default: CLEARWAY_AUDIT_HOST or 127.0.0.1]"
    ),
    port: int | None = typer.Option(
        None, help="port to listen on [default: CLEARWAY_AUDIT_PORT or 8090]"
    ),
    start: str | None = typer.Option(
        None, help="read the audit topic from its 'beginning' (default) or from 'now'"
    ),
) -> None:
    """Serve the compliance officer's audit page: live decisions, filters, details,
    subject history, counts and exports. Read-only; protected by basic or bearer
    credentials from the environment (required when listening beyond localhost)."""
    from pydantic import ValidationError

    from services.auditweb.serve import serve as serve_page
    from services.auditweb.settings import AuditSettings
    from services.common.logging import configure_logging

    overrides = {
        key: value
        for key, value in {"audit_host": host, "audit_port": port, "audit_start": start}.items()
        if value is not None
    }
    try:
        settings = AuditSettings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        typer.secho(f"clearway audit serve: {messages}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from exc
    configure_logging(settings.log_level)
    typer.echo(
        f"audit page on http://{settings.audit_host}:{settings.audit_port}/ "
        f"(topic {settings.audit_topic}, from the {settings.audit_start})",
        err=True,
    )
    asyncio.run(serve_page(settings))
