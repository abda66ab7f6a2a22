"""The audit page's ASGI application (Starlette), built by a factory.

:func:`build_app` takes its collaborators (the store, the notifier, a judged-event
source, a status function, credentials) so tests hand it fakes and no Kafka;
:func:`from_settings` wires the real readers in one place and starts them in the
application's lifespan. The API, all ``GET`` and read-only:

- ``/api/decisions``: rows, newest first (filters: see :mod:`query`; ``limit``, ``before``);
- ``/api/decisions/{decision_id}``: one decision in full, with the judged event (the
  newest record of that id; ``?seq=`` picks another one);
- ``/api/subjects/{subject_id}``: a subject's history, oldest first, changes marked;
- ``/api/stats``: counts per outcome and service, and per hour, for the filtered window;
- ``/api/stream``: server-sent events, one ``decision`` event per new matching decision;
- ``/api/export.csv`` and ``/api/export.jsonl``: the filtered decisions, oldest first;
- ``/api/status``: what the readers are doing; ``/health/live``, ``/health/ready``, ``/metrics``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from starlette.applications import Starlette
from starlette.concurrency import iterate_in_threadpool
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from services.auditweb import report, views
from services.auditweb.auth import Credentials, RequireCredentials, identity_of
from services.auditweb.judged import shown_values, withhold
from services.auditweb.query import BadQuery, parse_filter
from services.auditweb.reader import Notifier
from services.auditweb.store import DecisionStore, Filter, Position
from services.common import i18n
from services.common.i18n import N_

STATIC = Path(__file__).parent / "static"
PAGE_LIMIT = 200
MAX_LIMIT = 2_000
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        b"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


#: export formats: file extension -> (renderer, media type)
EXPORTS: dict[str, tuple[Callable[[list[Any]], Iterator[Any]], str]] = {
    "csv": (views.csv_lines, "text/csv; charset=utf-8"),
    # for Excel set to German: UTF-8 with a byte order mark, semicolons between cells
    "de.csv": (views.csv_lines_excel_de, "text/csv; charset=utf-8"),
    "jsonl": (views.jsonl_lines, "application/x-ndjson"),
}


class JudgedSource(Protocol):
    """Where the judged input events come from (the Kafka reader, or a test's fake)."""

    def position(self, event_id: str) -> Position | None: ...

    async def fetch(self, position: Position) -> bytes | None: ...


def language_of(request: Request) -> i18n.Language:
    """``?lang=``, else the browser's language (Accept-Language), else English."""
    return i18n.language(request.query_params.get("lang") or request.headers.get("accept-language"))


def build_app(
    store: DecisionStore,
    notifier: Notifier,
    *,
    judged: JudgedSource | None = None,
    status: Callable[[], dict[str, Any]] = lambda: {"ready": True},
    credentials: Credentials | None = None,
    background: Callable[[], list[asyncio.Task[None]]] | None = None,
    keepalive_seconds: float = 15.0,
    stopping: Callable[[], bool] = lambda: False,
    alive: Callable[[], bool] = lambda: True,
    max_streams: int = 32,
    max_exports: int = 2,
    extra_routes: list[Route] | None = None,
    session_secret: str | None = None,
    session_https_only: bool = False,
) -> Any:
    """The page's ASGI application. ``background`` starts the readers (in the lifespan);
    ``stopping`` tells live streams that the server is shutting down, so they end;
    ``alive`` is False when a reader has been failing too long (the liveness probe says so);
    live streams and exports running at once are capped (beyond: 429)."""
    busy = {"streams": 0, "exports": 0}

    def filter_of(request: Request) -> Filter:
        params = {key: request.query_params.getlist(key) for key in request.query_params}
        return parse_filter(params)

    async def decisions(request: Request) -> Response:
        where = filter_of(request)
        limit = max(1, min(int(request.query_params.get("limit", PAGE_LIMIT)), MAX_LIMIT))
        before = request.query_params.get("before")
        entries = store.page(where, limit=limit, before_seq=int(before) if before else None)
        return JSONResponse(
            {
                "items": [views.row(e) for e in entries],
                "latest_seq": store.last_seq,
                "next_before": entries[-1].seq if len(entries) == limit else None,
            }
        )

    async def decision(request: Request) -> Response:
        decision_id = request.path_params["decision_id"]
        seq = request.query_params.get("seq")
        entry = store.get(decision_id, int(seq) if seq else None)
        if entry is None:
            return JSONResponse({"error": "no such decision held"}, status_code=404)
        body = views.detail(entry)
        body["versions_held"] = [
            {"seq": e.seq, "recorded_at": e.recorded_at.isoformat(), "outcome": e.outcome}
            for e in store.versions(decision_id)
        ]
        body["judged_event"] = await judged_event(body["event"], entry.source_event_id)
        return JSONResponse(body)

    async def judged_event(decision_event: dict[str, Any], event_id: str) -> dict[str, Any]:
        if judged is None:
            return {"status": "disabled", "message": N_("Input topics are not indexed.")}
        position = judged.position(event_id)
        if position is None:
            return {
                "status": "not_found",
                "message": N_(
                    "The judged event is not on the input topics the page reads "
                    "(not indexed yet, compacted away, past retention, or batch mode)."
                ),
            }
        value = await judged.fetch(position)
        where = {
            "topic": position.topic,
            "partition": position.partition,
            "offset": position.offset,
        }
        if value is None:
            return {
                "status": "gone",
                "record": where,
                "message": N_("The record is no longer on its topic (compaction or retention)."),
            }
        try:
            event = json.loads(value)
        except ValueError:
            return {"status": "unreadable", "record": where, "message": N_("Not JSON.")}
        shown, withheld = withhold(event, shown_values(decision_event))
        return {"status": "found", "record": where, "event": shown, "withheld": withheld}

    async def subject(request: Request) -> Response:
        subject_id = request.path_params["subject_id"]
        entries = store.history(subject_id)
        if not entries:
            return JSONResponse({"error": "no decisions held for this subject"}, status_code=404)
        return JSONResponse(
            {
                "subject_id": subject_id,
                "subject_types": sorted({e.subject_type for e in entries}),
                "current": views.current(entries),
                "unverified": sum(1 for e in entries if e.integrity not in views.TRUSTED),
                "history": views.history(entries),
            }
        )

    async def stats(request: Request) -> Response:
        return JSONResponse(store.stats(filter_of(request)).as_json())

    def too_busy(what: str, cap: int) -> Response:
        return JSONResponse(
            {"error": f"{cap} {what} are running, the most this page serves at once; retry"},
            status_code=429,
            headers={"retry-after": "10"},
        )

    async def counted(kind: str, body: AsyncIterator[Any]) -> AsyncIterator[Any]:
        try:
            async for chunk in body:
                yield chunk
        finally:
            busy[kind] -= 1

    async def stream(request: Request) -> Response:
        where = filter_of(request)
        if busy["streams"] >= max_streams:
            return too_busy("live streams", max_streams)
        start = where.after_seq if where.after_seq is not None else store.last_seq
        where = replace(where, after_seq=None)
        busy["streams"] += 1
        return StreamingResponse(
            counted("streams", _sse(store, notifier, where, start, keepalive_seconds, stopping)),
            media_type="text/event-stream",
            headers={"cache-control": "no-store", "x-accel-buffering": "no"},
        )

    async def export(request: Request) -> Response:
        """The filtered decisions, oldest first, streamed (rendered in a worker thread)."""
        ext = request.path_params["ext"]
        if ext not in EXPORTS:
            return JSONResponse({"error": f"no export as {ext!r}"}, status_code=404)
        if busy["exports"] >= max_exports:
            return too_busy("exports", max_exports)
        render, media_type = EXPORTS[ext]
        entries = list(store.matching(filter_of(request), newest_first=False))
        busy["exports"] += 1
        return StreamingResponse(
            counted("exports", _aiter(render(entries))),
            media_type=media_type,
            headers=_attachment(ext),
        )

    async def subject_pdf(request: Request) -> Response:
        """One subject's decisions as an audit-ready PDF (``?subject=``)."""
        subject_id = request.query_params.get("subject", "")
        entries = store.history(subject_id) if subject_id else []
        if not entries:
            return JSONResponse({"error": "no decisions held for this subject"}, status_code=404)
        decisions = [report.Decision(e.event(), e.integrity, e.recorded_at) for e in entries]
        identity = identity_of(request.scope)
        pdf = await asyncio.to_thread(
            report.subject_report,
            subject_id,
            decisions,
            datetime.now(UTC),
            identity[0] if identity else "the audit page",
            None,
            language_of(request),
        )
        return Response(pdf, media_type="application/pdf", headers=report.download("subject"))

    async def api_status(_: Request) -> Response:
        return JSONResponse(
            {
                **status(),
                "decisions_held": len(store),
                "capacity": store.capacity,
                "evicted": store.evicted,
                "duplicates": store.duplicates,
                "skipped": store.skipped,
                "latest_seq": store.last_seq,
            }
        )

    async def live(_: Request) -> Response:
        if not alive():
            return JSONResponse({"status": "a reader cannot reach the broker"}, status_code=503)
        return JSONResponse({"status": "ok"})

    async def ready(_: Request) -> Response:
        ok = bool(status().get("ready"))
        return JSONResponse({"ready": ok}, status_code=200 if ok else 503)

    registry = CollectorRegistry(auto_describe=True)
    registry.register(_StoreCollector(store))

    async def metrics(_: Request) -> Response:
        return Response(generate_latest(registry), media_type="text/plain; version=0.0.4")

    async def index(_: Request) -> Response:
        return FileResponse(STATIC / "index.html")

    async def translations(request: Request) -> Response:
        """The page's texts in one language (public, like the page itself: the sign-in form is
        translated before anyone signs in). Reasons come translated with each decision."""
        lang = request.path_params["lang"]
        if lang not in i18n.LANGUAGES or lang == "en":
            return JSONResponse({"error": f"no translation into {lang!r}"}, status_code=404)
        texts = {en: tr for (ctx, en), tr in i18n.catalogue("auditweb", lang).items() if not ctx}
        return JSONResponse({"texts": texts}, headers={"cache-control": "max-age=300"})

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        tasks = background() if background else []
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    app = Starlette(
        routes=[
            Route("/", index),
            Route("/i18n/{lang}.json", translations),
            Route("/health/live", live),
            Route("/health/ready", ready),
            Route("/metrics", metrics),
            Route("/api/status", api_status),
            Route("/api/decisions", decisions),
            Route("/api/decisions/{decision_id:path}", decision),
            Route("/api/subjects/{subject_id:path}", subject),
            Route("/api/stats", stats),
            Route("/api/stream", stream),
            Route("/api/export.{ext}", export),
            Route("/api/reports/subject.pdf", subject_pdf),
            *(extra_routes or []),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        exception_handlers={BadQuery: _bad_query, ValueError: _bad_query},
        lifespan=lifespan,
    )
    protected: Any = RequireCredentials(app, credentials) if credentials else app
    if session_secret:  # sign-in through OpenID Connect keeps the officer in a signed cookie
        protected = SessionMiddleware(
            protected,
            secret_key=session_secret,
            session_cookie="clearway_session",
            max_age=8 * 3600,
            same_site="lax",
            https_only=session_https_only,
        )
    return _with_security_headers(protected)


async def _sse(
    store: DecisionStore,
    notifier: Notifier,
    where: Filter,
    last: int,
    keepalive_seconds: float,
    stopping: Callable[[], bool],
) -> AsyncIterator[str]:
    """Server-sent events: ``hello``, then one ``decision`` per new matching decision
    (``id`` is its sequence number, to resume with ``after=``), and a comment line as
    keep-alive. Written by hand, not with sse-starlette: that library detects shutdown
    through process-wide state patched into uvicorn, which ends every stream in a
    process that runs more than one server (the tests do)."""
    yield _event("hello", json.dumps({"latest_seq": store.last_seq}))
    seen = notifier.version
    idle = 0.0
    while not stopping():
        for entry in store.newer_than(last, where):
            row = json.dumps(views.row(entry), separators=(",", ":"))
            yield _event("decision", row, ident=str(entry.seq))
            idle = 0.0
        last = store.last_seq
        version = await notifier.wait(seen, 1.0)
        if version == seen:
            idle += 1.0
            if idle >= keepalive_seconds:
                yield ": keep-alive\n\n"
                idle = 0.0
        seen = version


def _event(name: str, data: str, ident: str | None = None) -> str:
    head = f"event: {name}\n" + (f"id: {ident}\n" if ident else "")
    return f"{head}data: {data}\n\n"


def _aiter(chunks: Iterator[Any]) -> AsyncIterator[Any]:
    """A synchronous renderer run in a worker thread, chunk by chunk."""
    return iterate_in_threadpool(chunks)


def _attachment(ext: str) -> dict[str, str]:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return {"content-disposition": f'attachment; filename="clearway-decisions-{stamp}.{ext}"'}


async def _bad_query(_: Request, exc: Exception) -> Response:
    return JSONResponse({"error": str(exc)}, status_code=400)


class _StoreCollector:
    """Gauges read from the store at scrape time."""

    def __init__(self, store: DecisionStore) -> None:
        self.store = store

    def collect(self) -> Any:
        for name, value, text in (
            ("held", len(self.store), "Decisions held in memory."),
            ("evicted", self.store.evicted, "Oldest decisions dropped at capacity."),
            ("duplicates", self.store.duplicates, "Redelivered decisions not shown twice."),
            ("skipped", self.store.skipped, "Audit records that were not decisions."),
        ):
            yield GaugeMetricFamily(f"clearway_audit_page_decisions_{name}", text, value=value)


def _with_security_headers(app: Any) -> Any:
    """Every answer carries a strict content security policy: the page runs only its own
    script and style, so a decision's text can never run as code."""

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped
