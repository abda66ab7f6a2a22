"""Decision records for the audit page's tests: hand-made ones for case tables, and real
ones from the services' own decision code (batch mode over the sample events)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from services import registry
from services.auditweb.store import DecisionStore, Position
from services.common.batch import judge_lines
from services.common.pipeline import Judge

SAMPLES = Path(__file__).resolve().parents[2] / "examples" / "events.jsonl"
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
SEVERITY = {"cleared": "info", "needs_review": "review", "red_flag": "block"}

SANCTIONS_REASON: dict[str, Any] = {
    "code": "SANCTIONS_MATCH",
    "severity": "block",
    "message": "The partner name 'Banco Nacional de Cuba' matches 'BANCO NACIONAL DE CUBA' "
    "on us_ofac_sdn (entry 306, programmes: CUBA) with a score of 1.0.",
    "legal_basis": "us_ofac_sdn: CUBA",
    "evidence": {
        "rule": "sanctions_match",
        "party": "partner",
        "query_name": "Banco Nacional de Cuba",
        "list": "us_ofac_sdn",
        "entry_id": "306",
        "matched_name": "BANCO NACIONAL DE CUBA",
        "score": 1.0,
        "features": [{"feature": "country_mismatch", "effect": -0.05, "why": "No country."}],
        "programmes": ["CUBA"],
    },
}


def decision(
    n: int,
    *,
    outcome: str = "cleared",
    service: str = "gdpr",
    subject: str | None = None,
    decision_id: str | None = None,
    reasons: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> bytes:
    """One ``compliance.decision.made`` record value."""
    subject = subject or f"S-{n:03d}"
    if reasons is None:
        reasons = [
            {
                "code": f"CODE_{outcome.upper()}",
                "severity": SEVERITY[outcome],
                "message": f"Decision {n} is {outcome}.",
                "legal_basis": "Art. 46 GDPR",
                "evidence": {"rule": "test"},
            }
        ]
    data = {
        "decision_id": decision_id or f"d-{n:04d}",
        "service": service,
        "subject_type": "partner" if service == "screening" else "data_transfer",
        "subject_id": subject,
        "source_event_id": f"e-{n:04d}",
        "source_event_type": "data.transfer.requested",
        "outcome": outcome,
        "reasons": reasons,
        "evaluated_at": "2026-11-20T09:30:00Z",
        "rules_version": "test/1",
        **extra,
    }
    event = {
        "specversion": "1.0",
        "id": data["decision_id"],
        "source": f"/clearway/{service}",
        "type": "compliance.decision.made",
        "subject": subject,
        "time": "2026-11-20T09:30:00Z",
        "data": data,
    }
    return json.dumps(event).encode()


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def filled(values: list[bytes], *, step_minutes: float = 10, capacity: int = 1000) -> DecisionStore:
    """A store holding ``values``, written ``step_minutes`` apart from :data:`T0`."""
    store = DecisionStore(capacity)
    for i, value in enumerate(values):
        store.add(value, at(i * step_minutes), Position("audit", 0, i))
    return store


def real_decisions(*services: str) -> list[bytes]:
    """Decision records from the services' own decision code over the sample events."""
    out: list[bytes] = []
    for name in services:
        entry = registry.get(name)
        definition = entry.definition(entry.settings())
        judge = Judge(definition, max_record_bytes=1_048_576, code_version="test")
        lines = [
            line
            for line in SAMPLES.read_bytes().splitlines()
            if json.loads(line)["type"] in definition.accepted_types
        ]
        out.extend(e.value for e in judge_lines(judge, lines, source="samples"))
    return out
