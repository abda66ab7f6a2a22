"""Cases in the store: opened and joined by the projector with the decision, changed by
officers' actions in one transaction, listed in work queues; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from services.auditweb import cases
from services.auditweb.cases import Done, Refused, Role, Status, User
from services.auditweb.db import casestore
from services.auditweb.db.projector import Record, project
from tests.auditweb.records import SANCTIONS_REASON, T0, decision

ANNA = User("anna", frozenset({Role.REVIEWER}))
BEN = User("ben", frozenset({Role.APPROVER}))


def feed(engine: Engine, values: list[bytes], first: int = 0) -> None:
    start = int(T0.timestamp() * 1000)
    project(
        engine,
        [
            Record("compliance.audit.v1", 0, first + i, v, start + (first + i) * 60_000)
            for i, v in enumerate(values)
        ],
    )


def test_amber_and_red_decisions_open_one_case_per_subject(engine: Engine) -> None:
    feed(
        engine,
        [
            decision(0, outcome="cleared", service="screening", subject="P-1"),
            decision(1, outcome="needs_review", service="screening", subject="P-1"),
            decision(
                2,
                outcome="red_flag",
                service="screening",
                subject="P-1",
                reasons=[SANCTIONS_REASON],
            ),
            decision(3, outcome="red_flag", service="gdpr", subject="DT-1"),
            decision(4, outcome="cleared", service="screening", subject="P-1"),
        ],
    )
    queue = casestore.queue(engine, "open")
    # the earliest due first: P-1 turned red a minute before DT-1 was decided
    assert [(c.subject_id, c.service, c.worst) for _, c in queue] == [
        ("P-1", "screening", "red_flag"),
        ("DT-1", "gdpr", "red_flag"),
    ]
    (p1,) = [i for i, c in queue if c.subject_id == "P-1"]
    history = casestore.history(engine, p1)
    assert [(e.kind, e.detail["outcome"]) for e in history] == [
        ("decision", "needs_review"),
        ("decision", "red_flag"),
        ("decision", "cleared"),  # a later green decision is shown; the officer closes
    ]
    assert all(e.actor == "clearway" for e in history)
    # a redelivered decision adds nothing to a case
    feed(
        engine,
        [
            decision(
                2,
                outcome="red_flag",
                service="screening",
                subject="P-1",
                reasons=[SANCTIONS_REASON],
            )
        ],
        first=2,
    )
    assert len(casestore.history(engine, p1)) == 3


def test_the_four_eyes_flow_is_recorded_step_by_step(engine: Engine) -> None:
    feed(
        engine,
        [
            decision(
                0,
                outcome="red_flag",
                service="screening",
                subject="P-9",
                reasons=[SANCTIONS_REASON],
            )
        ],
    )
    ((case_id, _),) = casestore.queue(engine, "unassigned")
    at = T0 + timedelta(hours=1)
    assert isinstance(
        casestore.act(engine, case_id, lambda c: cases.assign(c, BEN, "anna", at)), Done
    )
    assert [i for i, _ in casestore.queue(engine, "mine", user="anna")] == [case_id]
    first = casestore.act(
        engine,
        case_id,
        lambda c: cases.review(
            c,
            ANNA,
            list_name="us_ofac_sdn",
            entry_id="306",
            verdict="false_positive",
            note="a bank of the same name in Spain",
            decision_id="d-0000",
            match_outcome="red_flag",
            at=at,
            partner_fingerprint="pf",
            entry_fingerprint="ef",
        ),
    )
    assert isinstance(first, Done) and first.review is None
    stored = casestore.get(engine, case_id)
    assert stored is not None and stored.status is Status.AWAITING_SECOND
    assert stored.pending is not None and stored.pending.reviewer == "anna"
    refused = casestore.act(
        engine, case_id, lambda c: cases.approve(c, User("anna", frozenset({Role.APPROVER})), at)
    )
    assert isinstance(refused, Refused)
    second = casestore.act(
        engine, case_id, lambda c: cases.approve(c, BEN, at + timedelta(hours=1))
    )
    assert isinstance(second, Done) and second.review is not None
    assert (second.review.reviewer, second.review.first_reviewer) == ("ben", "anna")
    closed = casestore.get(engine, case_id)
    assert closed is not None and (closed.status, closed.resolution) == (
        Status.CLOSED,
        "false_positive",
    )
    kinds = [(e.actor, e.kind) for e in casestore.history(engine, case_id)]
    assert kinds == [
        ("clearway", "decision"),
        ("ben", "assigned"),
        ("anna", "reviewed_pending_second"),
        ("ben", "approved"),
    ]
    # the subject's next red decision opens a new case
    feed(engine, [decision(5, outcome="red_flag", service="screening", subject="P-9")], first=5)
    assert len(casestore.queue(engine, "open")) == 1


def test_overdue_and_by_service(engine: Engine) -> None:
    feed(
        engine,
        [
            decision(0, outcome="red_flag", service="screening", subject="P-1"),
            decision(1, outcome="needs_review", service="export_control", subject="T-1"),
        ],
    )
    later = T0 + timedelta(days=3)
    assert [c.subject_id for _, c in casestore.queue(engine, "overdue", now=later)] == ["P-1"]
    assert [c.subject_id for _, c in casestore.queue(engine, "open", service="export_control")] == [
        "T-1"
    ]
    assert isinstance(
        casestore.act(engine, 999, lambda c: cases.close(c, BEN, "x", later)), Refused
    )


def test_a_case_changed_meanwhile_is_not_overwritten(engine: Engine) -> None:
    """Compare and set: an action decided on an old reading of the case is refused, and a
    decision joining the case keeps the officer's assignment."""
    feed(engine, [decision(0, outcome="needs_review", service="screening", subject="P-5")])
    ((case_id, _),) = casestore.queue(engine, "open")
    at = T0 + timedelta(hours=1)
    assert isinstance(
        casestore.act(engine, case_id, lambda c: cases.assign(c, BEN, "anna", at)), Done
    )
    feed(engine, [decision(1, outcome="red_flag", service="screening", subject="P-5")], first=1)
    joined = casestore.get(engine, case_id)
    assert joined is not None and (joined.assignee, joined.worst) == ("anna", "red_flag")

    def stale(c: cases.Case) -> Done | Refused:
        # someone else acts between this action's reading and its writing
        casestore.act(engine, case_id, lambda c2: cases.comment(c2, BEN, "meanwhile", at))
        return cases.assign(c, BEN, "ben", at)

    if engine.dialect.name == "sqlite":
        result = casestore.act(engine, case_id, stale)
        assert isinstance(result, Refused) and "changed meanwhile" in result.reason
        after = casestore.get(engine, case_id)
        assert after is not None and after.assignee == "anna"
