"""A match API in the shape of OpenSanctions' yente (``POST /match/{dataset}``), over
Clearway's lists and matcher, so a system written for yente can point at Clearway.

Request: ``{"queries": {key: {"schema": "Person", "properties": {"name": [...], ...}}}}``
(FollowTheMoney entities; ``weights`` accepted and ignored: Clearway's features are fixed),
query parameters ``threshold`` (score from which ``match`` is true; default the screening
match threshold), ``cutoff`` (lowest score returned; default the review threshold) and
``limit`` (default 5). Response: ``{"responses": {key: {"status", "results", "total",
"query"}}, "matcher", "limit"}``; each result is an entity (``id``, ``caption``,
``schema``, ``properties``, ``datasets``, ``referents``, ``target``) with ``score``,
``match``, ``features`` (feature -> its effect on the score) and ``explanations`` (feature
-> ``{score, detail, query, candidate}``: Clearway's sentence of why). Clearway adds
``clearway.lists_version`` and the lists that failed to load. With no list loaded the
answer is 503, never an empty result that reads as "not listed".

Pure: the snapshot and thresholds are passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from schemas.common import PartyIdentifier
from services.sanctions.matching.compare import Query
from services.sanctions.matching.index import Match
from services.sanctions.party import Thresholds, query_of
from services.sanctions.snapshot import Snapshot

#: FollowTheMoney schemata a query may name, and the kind of party Clearway compares
SCHEMATA = {
    "Person": "person",
    "Organization": "organization",
    "Company": "organization",
    "LegalEntity": None,  # person or organisation: not known
    "PublicBody": "organization",
    "Vessel": "vessel",
    "Airplane": "aircraft",
}
_RESULT_SCHEMA = {
    "person": "Person",
    "organization": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}
_NAMES = ("name", "alias", "previousName", "weakAlias")
_COUNTRIES = ("country", "nationality", "jurisdiction", "citizenship", "mainCountry")
_IDS = {
    "registrationNumber": "registration",
    "leiCode": "lei",
    "taxNumber": "tax",
    "imoNumber": "imo",
    "mmsi": "mmsi",
    "passportNumber": "passport",
    "idNumber": "national_id",
}


class EntityExample(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    id: str | None = None
    schema_: str = Field(alias="schema")
    properties: dict[str, str | list[str]]


class EntityMatchQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    weights: dict[str, float] = {}
    queries: dict[str, EntityExample]


class BadQuery(ValueError):
    """A query that cannot be screened: 400 with the reason."""


def _values(props: Mapping[str, str | list[str]], *keys: str) -> list[str]:
    out: list[str] = []
    for key in keys:
        value = props.get(key)
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, list):
            out.extend(v for v in value if isinstance(v, str))
    return [v.strip() for v in out if v.strip()]


def _birth_date(values: list[str]) -> date | None:
    for value in values:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            continue
    return None


def as_query(example: EntityExample) -> Query:
    """The FollowTheMoney entity as a Clearway query."""
    if example.schema_ not in SCHEMATA:
        msg = f"schema {example.schema_!r} is not one Clearway screens: {', '.join(SCHEMATA)}"
        raise BadQuery(msg)
    props = example.properties
    names = _values(props, *_NAMES)
    parts = _values(props, "firstName", "middleName", "lastName")
    if parts and not names:
        names = [" ".join(parts)]
    if not names:
        raise BadQuery("a query needs a name (properties.name)")
    countries = [c.upper() for c in _values(props, *_COUNTRIES) if len(c) == 2]
    ids = [
        PartyIdentifier.model_validate({"scheme": scheme, "value": value})
        for prop, scheme in _IDS.items()
        for value in _values(props, prop)
    ]
    query = query_of(
        names,
        SCHEMATA[example.schema_] or "organization",
        countries[0] if countries else None,
        _birth_date(_values(props, "birthDate")),
        ids,
    )
    kind = SCHEMATA[example.schema_]
    return Query(query.names, kind, query.countries, query.birth_date, query.identifiers)  # type: ignore[arg-type]


def result(match: Match, threshold: float) -> dict[str, Any]:
    entry, explained = match.entry, match.explained
    props: dict[str, list[str]] = {"name": [n.name for n in entry.names]}
    if entry.countries:
        props["country"] = [c.lower() for c in entry.countries]
    if entry.birth_dates:
        props["birthDate"] = list(entry.birth_dates)
    if entry.programmes:
        props["program"] = list(entry.programmes)
    props["topics"] = ["sanction"]
    hit = explained.hit
    return {
        "id": entry.key,
        "caption": entry.primary_name,
        "schema": _RESULT_SCHEMA.get(entry.kind, "LegalEntity"),
        "properties": props,
        "datasets": [match.list_name],
        "referents": [f"{match.list_name}:{entry.entry_id}"],
        "target": True,
        "first_seen": None,
        "last_seen": None,
        "last_change": None,
        "score": round(explained.score, 4),
        "match": explained.score >= threshold,
        "features": {name: effect for name, effect, _ in explained.features},
        "explanations": {
            name: {
                "score": effect,
                "detail": why,
                "query": hit.query_name,
                "candidate": hit.matched_name,
            }
            for name, effect, why in explained.features
        },
    }


def _float(params: Mapping[str, list[str]], name: str, default: float) -> float:
    given = params.get(name) or []
    if not given:
        return default
    raw = given[0]
    try:
        value = float(raw)
    except ValueError as exc:
        raise BadQuery(f"{name} must be a number") from exc
    if not 0 <= value <= 1:
        raise BadQuery(f"{name} must lie between 0 and 1")
    return value


def match(
    body: bytes, params: Mapping[str, list[str]], snapshot: Snapshot, thresholds: Thresholds
) -> tuple[int, dict[str, Any]]:
    """(HTTP status, answer) for a yente-style match request."""
    try:
        request = EntityMatchQuery.model_validate_json(body)
        threshold = _float(params, "threshold", thresholds.match)
        cutoff = _float(params, "cutoff", thresholds.review)
        limit = int((params.get("limit") or ["5"])[0])
        if not 1 <= limit <= 500:
            raise BadQuery("limit must lie between 1 and 500")
        queries = {key: as_query(example) for key, example in request.queries.items()}
    except (ValidationError, BadQuery, ValueError) as exc:
        return 400, {"detail": str(exc)[:2000]}
    index = snapshot.index
    if index is None:
        return 503, {
            "detail": "no sanctions list is loaded: nothing can be said about any name",
            "failed": list(snapshot.failed),
        }
    responses = {}
    for key, query in queries.items():
        found = sorted(
            index.search(query, cutoff, ceiling=thresholds.ceiling),
            key=lambda m: -m.explained.score,
        )
        responses[key] = {
            "status": 200,
            "results": [result(m, threshold) for m in found[:limit]],
            "total": {"value": len(found), "relation": "eq"},
            "query": request.queries[key].model_dump(by_alias=True, exclude_none=True),
        }
    return 200, {
        "responses": responses,
        "matcher": {},
        "limit": limit,
        "clearway": {"lists_version": snapshot.versions, "lists_failed": list(snapshot.failed)},
    }
