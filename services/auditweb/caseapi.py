"""The officer's API over the decision store: search, work queues, a case with its history,
and the actions on a case (and, from ``prefapi``, the officer's own settings). Every action is
attributed to the signed-in user (the auth middleware puts who it is in the request); without a
signed-in user nothing can be changed.

- ``GET /api/search``: decisions by ``subject``, ``name``, ``code``, ``list``, ``entry``,
  ``outcome``, ``service``, ``since``, ``until``; ``before`` and ``before_at`` (the
  ``next_before`` and ``next_before_at`` of the previous page) and ``limit`` page;
- ``GET /api/cases?view=mine|unassigned|overdue|open|all&service=&subject=``: a work queue;
- ``GET /api/cases/{id}``: a case and its history;
- ``POST /api/cases/{id}/{action}`` with a JSON body: ``assign`` (``assignee``),
  ``comment`` (``text``), ``review`` (``decision_id``, ``list``, ``entry_id``, ``verdict``,
  ``note``), ``approve``, ``reject`` (``text``), ``close`` (``resolution``).

A review that takes effect is written to the review topic (signed by the page) inside the
case's transaction: if the broker does not take it, the case does not change.
"""

from __future__ import annotations

import asyncio
import functools
import json
import zlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, cast

from sqlalchemy import Engine, select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from services.auditweb import cases, prefapi, report
from services.auditweb.auth import from_page, identity_of
from services.auditweb.cases import Case, Done, Refused, ReviewToWrite, Role, User
from services.auditweb.db import casestore
from services.auditweb.db.preferences import Channels
from services.auditweb.db.schema import decisions
from services.auditweb.db.search import Query, Row, search
from services.auditweb.notify import outbox
from services.auditweb.notify.rules import Subscription
from services.auditweb.prefapi import language_of
from services.auditweb.store import SERVICES
from services.common.integrity import Verifier


class Recorder(Protocol):
    """Writes a review that takes effect (services.auditweb.recorder, or a test's fake)."""

    async def record(self, write: ReviewToWrite) -> dict[str, Any]: ...


#: the severity of a match's reason -> the outcome it raises
MATCH_OUTCOME = {"block": "red_flag", "review": "needs_review"}


def _user(request: Request) -> User | None:
    identity = identity_of(request.scope)
    if identity is None:
        return None
    name, roles = identity
    return User(name, frozenset(Role(r) for r in roles if r in Role.__members__.values()))


def _case_json(case_id: int, case: Case, now: datetime) -> dict[str, Any]:
    return {
        "id": case_id,
        "subject_id": case.subject_id,
        "service": case.service,
        "status": case.status.value,
        "worst": case.worst,
        "assignee": case.assignee,
        "opened_at": case.opened_at.isoformat(),
        "due_at": case.due_at.isoformat(),
        "overdue": case.overdue(now),
        "resolution": case.resolution,
        "pending": None
        if case.pending is None
        else {
            "reviewer": case.pending.reviewer,
            "reviewed_at": case.pending.reviewed_at.isoformat(),
            "list": case.pending.list_name,
            "entry_id": case.pending.entry_id,
            "verdict": case.pending.verdict,
            "note": case.pending.note,
        },
    }


def _query(request: Request) -> Query:
    p = request.query_params

    def when(key: str) -> datetime | None:
        raw = p.get(key)
        if not raw:
            return None
        moment = datetime.fromisoformat(raw)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    outcomes = p.getlist("outcome")
    services = p.getlist("service")
    before = p.get("before")
    return Query(
        subject_id=p.get("subject") or None,
        name=p.get("name") or None,
        code=p.get("code") or None,
        list_name=p.get("list") or None,
        entry_id=p.get("entry") or None,
        outcomes=frozenset(outcomes) if outcomes else None,
        services=frozenset(services) if services else None,
        since=when("since"),
        until=when("until"),
        before=int(before) if before else None,
        before_at=when("before_at"),
        limit=int(p.get("limit", "50")),
    )


def _decision(engine: Engine, decision_id: str) -> dict[str, Any]:
    """The newest stored version of a decision's data."""
    with engine.connect() as conn:
        raw = conn.execute(
            select(decisions.c.raw)
            .where(decisions.c.decision_id == decision_id)
            .order_by(decisions.c.id.desc())
            .limit(1)
        ).scalar_one_or_none()
    if raw is None:
        raise LookupError(f"no stored decision {decision_id}")
    return cast(dict[str, Any], json.loads(zlib.decompress(raw))["data"])


def _matches(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The matches a decision raises (amber or red), by ``list/entry``."""
    found = {}
    for reason in data.get("reasons") or []:
        evidence = reason.get("evidence") or {}
        if reason.get("severity") not in MATCH_OUTCOME:
            continue
        if isinstance(evidence.get("list"), str) and isinstance(evidence.get("entry_id"), str):
            found[cases.match_key(evidence["list"], evidence["entry_id"])] = reason
    return found


def _remaining(engine: Engine, case_id: int) -> frozenset[str]:
    """The matches of the decision a pending review is about (nothing when none waits)."""
    case = casestore.get(engine, case_id)
    if case is None or case.pending is None:
        return frozenset()
    try:
        return frozenset(_matches(_decision(engine, case.pending.decision_id)))
    except LookupError:
        return frozenset()


def _latest(engine: Engine, case_id: int, case: Case) -> dict[str, Any]:
    """The case's latest amber or red decision: the one its reviews are about. It must be
    of the case's own subject and service."""
    entries = casestore.history(engine, case_id)
    raised = [
        e.detail["decision_id"]
        for e in entries
        if e.kind == "decision" and e.detail.get("outcome") in ("needs_review", "red_flag")
    ]
    if not raised:
        raise LookupError("the case has no decision to review")
    data = _decision(engine, raised[-1])
    if (data.get("subject_id"), data.get("service")) != (case.subject_id, case.service):
        raise LookupError("the case's decision is of another subject")
    return data


def _pdf(pdf: bytes, name: str) -> Response:
    return Response(pdf, media_type="application/pdf", headers=report.download(name))


def routes(
    engine: Engine,
    *,
    recorder: Recorder | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    verifier: Verifier | None = None,
    subscriptions: Sequence[Subscription] = (),
    channels: Channels = Channels(email=False),
) -> list[Route]:
    """The officer's routes over the store, their own settings (``prefapi``) included."""

    def on_acted(conn: Any, case_id: int, case: Case, entry: cases.Entry) -> int:
        """A case assigned tells the assignee (where they subscribed: in the settings, or on
        the page), in the same transaction."""
        return outbox.on_case_action(conn, case_id, case, entry, subscriptions, channels)

    async def search_route(request: Request) -> Response:
        rows = await asyncio.to_thread(search, engine, _query(request))
        return JSONResponse(
            {
                "items": [
                    {
                        "id": r.id,
                        "decision_id": r.decision_id,
                        "service": r.service,
                        "subject_id": r.subject_id,
                        "outcome": r.outcome,
                        "recorded_at": r.recorded_at.isoformat(),
                    }
                    for r in rows
                ],
                "next_before": rows[-1].id if rows else None,
                "next_before_at": rows[-1].recorded_at.isoformat() if rows else None,
            }
        )

    async def queue(request: Request) -> Response:
        user = _user(request)
        view = request.query_params.get("view", "open")
        if view not in ("mine", "unassigned", "overdue", "open", "all"):
            return JSONResponse({"error": f"unknown view {view!r}"}, status_code=400)
        now = clock()
        found = await asyncio.to_thread(
            casestore.queue,
            engine,
            view,  # type: ignore[arg-type]
            user=user.name if user else None,
            service=request.query_params.get("service") or None,
            subject=request.query_params.get("subject") or None,
            now=now,
        )
        return JSONResponse({"items": [_case_json(i, c, now) for i, c in found]})

    async def one(request: Request) -> Response:
        case_id = int(request.path_params["case_id"])
        case = await asyncio.to_thread(casestore.get, engine, case_id)
        if case is None:
            return JSONResponse({"error": "no such case"}, status_code=404)
        history = await asyncio.to_thread(casestore.history, engine, case_id)
        return JSONResponse(
            {
                **_case_json(case_id, case, clock()),
                "history": [
                    {"at": e.at.isoformat(), "actor": e.actor, "kind": e.kind, "detail": e.detail}
                    for e in history
                ],
            }
        )

    def written(loop: asyncio.AbstractEventLoop, review: ReviewToWrite) -> None:
        """In the case's transaction (a worker thread): write the review on the page's event
        loop, or fail it."""
        if recorder is None:
            raise RuntimeError("reviews are not recorded by this page (no review topic)")
        future = asyncio.run_coroutine_threadsafe(recorder.record(review), loop)
        try:
            future.result(timeout=30)
        except BaseException:
            future.cancel()  # not written later behind the officer's back
            raise

    def _stored(rows: list[Row]) -> list[report.Decision]:
        checking = verifier is not None and bool(verifier.keys)
        out = []
        for r in rows:
            value = r.value()
            integrity = verifier.check(value).status if checking and verifier else "not_checked"
            out.append(report.Decision(json.loads(value), integrity, r.recorded_at))
        return out

    def _all(q: Query) -> list[Row]:
        """Every stored decision a query finds, page after page."""
        rows: list[Row] = []
        while True:
            page = search(engine, q)
            rows += page
            if len(page) < q.limit:
                return rows
            q = replace(q, before=page[-1].id, before_at=page[-1].recorded_at)

    async def case_pdf(request: Request) -> Response:
        """A case as an audit-ready PDF: its history, and every decision on its subject."""
        case_id = int(request.path_params["case_id"])
        case = await asyncio.to_thread(casestore.get, engine, case_id)
        if case is None:
            return JSONResponse({"error": "no such case"}, status_code=404)
        history = await asyncio.to_thread(casestore.history, engine, case_id)
        rows = await asyncio.to_thread(_all, Query(subject_id=case.subject_id, limit=500))
        view = report.CaseView(
            case_id,
            case.status.value,
            case.service,
            case.assignee,
            case.opened_at,
            case.due_at,
            case.resolution,
            tuple(report.CaseLine(e.at, e.actor, e.kind, dict(e.detail)) for e in history),
        )
        user = _user(request)
        pdf = await asyncio.to_thread(
            report.subject_report,
            case.subject_id,
            _stored(rows),
            clock(),
            user.name if user else "the audit page",
            view,
            await asyncio.to_thread(language_of, request, engine),
        )
        return _pdf(pdf, f"case-{case_id}")

    async def summary_pdf(request: Request) -> Response:
        """The periodic summary for management (``?since=&until=``; default the last 7
        days): decisions by outcome and service, open and overdue cases, re-screening."""
        now = clock()
        q = _query(request)
        since = q.since or now - timedelta(days=7)
        until = q.until or now
        rows = await asyncio.to_thread(_all, Query(since=since, until=until, limit=500))
        open_cases = await asyncio.to_thread(casestore.queue, engine, "open", now=now, limit=500)
        overdue = await asyncio.to_thread(casestore.queue, engine, "overdue", now=now, limit=500)
        summary = report.summarise(_stored(rows), since, until, len(open_cases), len(overdue))
        user = _user(request)
        lang = await asyncio.to_thread(language_of, request, engine)
        pdf = await asyncio.to_thread(
            report.summary_report, summary, now, user.name if user else "the audit page", lang
        )
        return _pdf(pdf, "summary")

    async def action(request: Request) -> Response:
        user = _user(request)
        if user is None:
            return JSONResponse({"error": "sign in to act on cases"}, status_code=403)
        if not from_page(request.headers):
            return JSONResponse({"error": "missing X-Clearway-Page header"}, status_code=403)
        case_id = int(request.path_params["case_id"])
        name = request.path_params["action"]
        try:
            body = await request.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            return JSONResponse({"error": "the body must be a JSON object"}, status_code=400)
        now = clock()
        step: Callable[[Case], Done | Refused]
        if name == "assign":
            step = lambda c: cases.assign(c, user, str(body.get("assignee") or user.name), now)  # noqa: E731
        elif name == "comment":
            step = lambda c: cases.comment(c, user, str(body.get("text") or ""), now)  # noqa: E731
        elif name == "approve":
            remaining = await asyncio.to_thread(_remaining, engine, case_id)
            step = lambda c: cases.approve(c, user, now, remaining)  # noqa: E731
        elif name == "reject":
            step = lambda c: cases.reject(c, user, str(body.get("text") or ""), now)  # noqa: E731
        elif name == "close":
            step = lambda c: cases.close(c, user, str(body.get("resolution") or ""), now)  # noqa: E731
        elif name == "review":
            case = await asyncio.to_thread(casestore.get, engine, case_id)
            if case is None:
                return JSONResponse({"error": "no such case"}, status_code=404)
            try:
                data = await asyncio.to_thread(_latest, engine, case_id, case)
            except LookupError as exc:
                return JSONResponse({"error": str(exc)}, status_code=404)
            if body.get("decision_id") != data["decision_id"]:
                return JSONResponse(
                    {"error": "review the matches of the case's latest decision"}, 409
                )
            matches = _matches(data)
            key = cases.match_key(str(body.get("list")), str(body.get("entry_id")))
            if key not in matches:
                return JSONResponse({"error": f"{key} is not a match of that decision"}, 404)
            reason = matches[key]
            evidence = reason.get("evidence") or {}
            verdict = body.get("verdict")
            if verdict not in ("confirmed", "false_positive"):
                return JSONResponse({"error": "verdict: confirmed or false_positive"}, 400)
            step = lambda c: cases.review(  # noqa: E731
                c,
                user,
                list_name=str(evidence["list"]),
                entry_id=str(evidence["entry_id"]),
                verdict=verdict,
                note=str(body.get("note") or ""),
                decision_id=str(data["decision_id"]),
                match_outcome=MATCH_OUTCOME[str(reason.get("severity"))],
                at=now,
                partner_fingerprint=str(evidence.get("partner_fingerprint") or ""),
                entry_fingerprint=str(evidence.get("entry_fingerprint") or ""),
                remaining=frozenset(matches),
            )
        else:
            return JSONResponse({"error": f"unknown action {name!r}"}, status_code=404)
        write = functools.partial(written, asyncio.get_running_loop())
        try:
            result = await asyncio.to_thread(casestore.act, engine, case_id, step, write, on_acted)
        except Exception as exc:  # the broker did not take the review: nothing changed
            return JSONResponse(
                {"error": f"not recorded: {type(exc).__name__}: {exc}"}, status_code=503
            )
        if isinstance(result, Refused):
            return JSONResponse({"error": result.reason}, status_code=409)
        return JSONResponse(
            {
                "case": _case_json(case_id, result.case, now),
                "entry": {"actor": result.entry.actor, "kind": result.entry.kind},
                "review_written": result.review is not None,
            }
        )

    return [
        *prefapi.routes(engine, channels, SERVICES, clock),
        Route("/api/search", search_route),
        Route("/api/cases", queue),
        Route("/api/cases/{case_id:int}", one),
        Route("/api/cases/{case_id:int}/report.pdf", case_pdf),
        Route("/api/reports/summary.pdf", summary_pdf),
        Route("/api/cases/{case_id:int}/{action}", action, methods=["POST"]),
    ]
