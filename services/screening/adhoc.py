"""Ad-hoc screening: "is this party on a list?" asked before any partner event exists (before
a matchmaking meeting, a memorandum of understanding). The question becomes the partner event
it stands for, judged by the service's own decision code (the same matcher, lists,
thresholds, jurisdictions and explanations); the decision is answered, never written.

Used by ``clearway screen`` and by the service's ``POST /screen`` (the officer's page asks
it through its own API). The time is given by the caller.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from services.common.pipeline import Judge, RawRecord


class Owner(BaseModel):
    name: str = Field(min_length=1, max_length=512)
    share: float | None = Field(default=None, ge=0, le=1)
    country: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$")
    kind: str = "organization"


class Question(BaseModel):
    """What the officer asks: a name, and what else is known."""

    name: str = Field(min_length=1, max_length=512)
    kind: str = Field(default="organization", pattern=r"^(person|organization)$")
    country: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$")
    aliases: list[str] = Field(default_factory=list, max_length=20)
    owners: list[Owner] = Field(default_factory=list, max_length=50)


def event_for(question: Question, now: datetime) -> dict[str, Any]:
    """The partner event the question stands for (``adhoc-`` ids: never a real partner)."""
    data: dict[str, Any] = {
        "partner_id": f"adhoc-{uuid.uuid4().hex[:12]}",
        "kind": question.kind,
        "name": question.name,
        "as_of": now.date().isoformat(),
    }
    if question.country:
        data["country"] = question.country.upper()
    if question.aliases:
        data["aliases"] = question.aliases
    if question.owners:
        data["owners"] = [
            {k: v for k, v in o.model_dump().items() if v is not None}
            | ({"country": o.country.upper()} if o.country else {})
            for o in question.owners
        ]
    return {
        "specversion": "1.0",
        "id": f"adhoc-{uuid.uuid4()}",
        "source": "/clearway/screening/adhoc",
        "type": "partner.upserted",
        "time": now.isoformat().replace("+00:00", "Z"),
        "datacontenttype": "application/json",
        "data": data,
    }


def answer(judge: Judge[Any], question: Question, now: datetime) -> tuple[int, dict[str, Any]]:
    """The decision the service would make, marked as not recorded; 422 when the party
    cannot be screened as given."""
    event = event_for(question, now)
    emission = judge.judge(
        RawRecord(
            topic="adhoc", partition=None, offset=1, key=None, value=json.dumps(event).encode()
        )
    )
    if emission.kind != "decision":
        return 422, {
            "error": "the party cannot be screened as given",
            "dead_letter": json.loads(emission.value),
        }
    return 200, {"decision": json.loads(emission.value)["data"], "event": event, "recorded": False}


def screen(judge: Judge[Any], body: bytes, now: datetime) -> tuple[int, dict[str, Any]]:
    """``POST /screen``: a JSON :class:`Question` in, :func:`answer` out; 400 for a bad one."""
    try:
        question = Question.model_validate_json(body)
    except ValidationError as exc:
        return 400, {"error": exc.errors(include_url=False, include_context=False)}
    return answer(judge, question, now)
