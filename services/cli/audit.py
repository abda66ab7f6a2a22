"""``clearway audit tail``: decisions from the audit topic, one readable line each;
``clearway audit verify``: every record's signature and hash chain, per partition;
``clearway audit search``: decisions in the page's decision store (the database).

Both read with ``isolation_level=read_committed`` and without a consumer group, so they
never move anyone's offsets.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import typer
from aiokafka import TopicPartition

from schemas.decision import Outcome, ServiceName
from services.common.audit_check import TrailCheck
from services.common.cloudevents import readable
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
    if data.get("valid_until"):
        extra.append(f"holds until {data['valid_until']}")
    if data.get("trigger") == "calendar":
        extra.append(f"calendar: judged again, after {data.get('previous_decision_id')}")
    elif data.get("trigger"):
        extra.append(str(data["trigger"]).replace("_", " "))
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
                        yield json.loads(readable(record.value, list(record.headers)) or b"")
                    except (TypeError, ValueError):
                        continue
    finally:
        await consumer.stop()


@app.command()
def search(
    name: str | None = typer.Option(None, help="the start of a name the party was screened under"),
    subject: str | None = typer.Option(None, help="a subject id"),
    code: str | None = typer.Option(None, help="a reason code, e.g. SANCTIONS_MATCH"),
    list_name: str | None = typer.Option(None, "--list", help="a list, e.g. us_ofac_sdn"),
    entry: str | None = typer.Option(None, help="an entry id on that list"),
    outcome: list[str] = typer.Option([], help="cleared, needs_review or red_flag (repeatable)"),
    service: list[str] = typer.Option([], help="a service (repeatable)"),
    limit: int = typer.Option(50, min=1, max=500),
    database: str | None = typer.Option(
        None, help="the store's URL (default: CLEARWAY_AUDIT_DATABASE_URL)"
    ),
    as_json: bool = typer.Option(False, "--json", help="print the decision events as JSON lines"),
) -> None:
    """Search the decision store that `clearway audit serve` keeps, newest first."""
    from services.auditweb.db.migrate import engine_for, upgrade
    from services.auditweb.db.search import Query
    from services.auditweb.db.search import search as run_search
    from services.auditweb.settings import AuditSettings

    for value in outcome:
        if value not in {o.value for o in Outcome}:
            raise typer.BadParameter(f"unknown outcome {value!r}", param_hint="--outcome")
    url = database or AuditSettings(audit_auth="off").audit_database_url
    engine = engine_for(url)
    upgrade(engine)
    rows = run_search(
        engine,
        Query(
            subject_id=subject,
            name=name,
            code=code,
            list_name=list_name,
            entry_id=entry,
            outcomes=frozenset(outcome) or None,
            services=frozenset(service) or None,
            limit=limit,
        ),
    )
    for row in rows:
        event = json.loads(row.value())
        if as_json:
            typer.echo(json.dumps(event))
        else:
            colour = _COLOUR.get(row.outcome, ("", None))[1]
            typer.secho(format_decision(event), fg=colour)
    if not rows and not as_json:
        typer.echo("no decision matches", err=True)


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
    if outcome is not None and outcome not in {o.value for o in Outcome}:
        msg = f"unknown outcome {outcome!r}; one of: {', '.join(o.value for o in Outcome)}"
        raise typer.BadParameter(msg, param_hint="--outcome")
    if service is not None and service not in {s.value for s in ServiceName}:
        names = ", ".join(s.value for s in ServiceName)
        msg = f"unknown service {service!r}; one of: {names}"
        raise typer.BadParameter(msg, param_hint="--service")
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


async def verify_topic(
    settings: RuntimeSettings,
    topic: str,
    *,
    since: datetime | None = None,
    progress: bool = False,
) -> tuple[TrailCheck, float]:
    """Read ``topic`` (read_committed) from its first record, or from the first written at
    or after ``since``, to its current last record, and check it.

    A partition read from offset 0 is *anchored*: its writers' first links must say
    ``start``. One read from later (``since``, or a log whose start was removed by retention
    or by deleting records) cannot check first links; they are counted as unanchored and
    the first offset read is reported."""
    check = TrailCheck(settings.verifier())
    started = time.monotonic()
    consumer = committed_reader(settings.client_options())
    await consumer.start()
    try:
        partitions = await topic_partitions(settings.client_options(), topic)
        tps = [TopicPartition(topic, p) for p in partitions]
        consumer.assign(tps)
        begins = await consumer.beginning_offsets(tps)
        ends = await consumer.end_offsets(tps)
        if since is not None:
            found = await consumer.offsets_for_times(
                {tp: int(since.timestamp() * 1000) for tp in tps}
            )
            begins = {tp: found[tp].offset if found[tp] else ends[tp] for tp in tps}
        for tp in tps:
            check.start(tp.partition, anchored=begins[tp] == 0, first_offset=begins[tp])
            consumer.seek(tp, begins[tp])
        pending = {tp for tp in tps if ends[tp] > begins[tp]}
        while pending:
            batch = await consumer.getmany(*pending, timeout_ms=500, max_records=10_000)
            for tp, records in batch.items():
                for r in records:
                    if r.offset < ends[tp]:
                        check.add(tp.partition, r.offset, readable(r.value, list(r.headers)))
            pending = {tp for tp in pending if await consumer.position(tp) < ends[tp]}
            if progress:
                done = sum(p.counts["records"] for p in check.partitions.values())
                typer.echo(f"  ... {done:,} records", err=True)
    finally:
        await consumer.stop()
    return check, time.monotonic() - started


@app.command()
def verify(
    topic: str | None = typer.Option(None, help="topic to check [default: the audit topic]"),
    since: str | None = typer.Option(
        None,
        help="check from the first record written at or after this time (ISO 8601, UTC "
        "unless it says otherwise) [default: from the first record]",
    ),
    as_json: bool = typer.Option(False, "--json", help="print the report as JSON"),
) -> None:
    """Check every record of the audit topic: signed by a known key, and linked in its
    writer's hash chain. Exit code 0 only when every record verifies."""
    from services.common.logging import configure_logging

    configure_logging("WARNING", stream="stderr")  # stdout is the report
    settings = RuntimeSettings()
    name = topic or settings.audit_topic
    try:
        start = datetime.fromisoformat(since) if since else None
    except ValueError as exc:
        raise typer.BadParameter(f"not an ISO 8601 time: {since!r}", param_hint="--since") from exc
    if start is not None and start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    try:
        check, seconds = asyncio.run(verify_topic(settings, name, since=start))
    except Exception as exc:  # no broker, no topic: say so, and do not pass
        typer.echo(f"error: cannot read {name}: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(2) from exc
    rows = [p.as_dict() for p in sorted(check.partitions.values(), key=lambda p: p.partition)]
    total = sum(int(str(r["records"])) for r in rows)
    if as_json:
        typer.echo(
            json.dumps(
                {"topic": name, "ok": check.ok, "seconds": round(seconds, 3), "partitions": rows},
                indent=2,
            )
        )
    else:
        typer.echo(
            f"{'partition':>9} {'records':>9} {'verified':>9} {'unsigned':>9} {'unknown':>8} "
            f"{'bad sig':>8} {'broken':>7} {'replayed':>9} {'restarts':>9}"
        )
        for r in rows:
            typer.echo(
                f"{r['partition']:>9} {r['records']:>9} {r['verified']:>9} {r['unsigned']:>9} "
                f"{r['unknown_key']:>8} {r['bad_signature']:>8} {r['broken_chain']:>7} "
                f"{r['replayed']:>9} {r['restarts']:>9}"
            )
            for problem in r["problems"][:5]:  # type: ignore[index]
                typer.echo(
                    f"          offset {problem['offset']}: {problem['finding']} "
                    f"(event {problem['event_id']})"
                )
        verdict = "all records verify" if check.ok else "NOT ALL RECORDS VERIFY"
        typer.echo(f"{name}: {total:,} records in {seconds:.1f} s; {verdict}")
    raise typer.Exit(0 if check.ok else 1)
