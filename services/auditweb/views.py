"""What the page and the exports show of a decision: rows, a subject's history, CSV.

Pure functions of held entries. Nothing here adds data that the decision event does
not carry (the judged input event is the one exception, and :mod:`judged` withholds
its personal fields).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from services.auditweb.store import Entry
from services.common.i18n import translations

#: CSV columns, in order; one row per decision, reasons joined with " | "
CSV_COLUMNS = (
    "recorded_at",
    "evaluated_at",
    "outcome",
    "service",
    "subject_type",
    "subject_id",
    "decision_id",
    "source_event_id",
    "source_event_type",
    "reason_codes",
    "reason_messages",
    "legal_basis",
    "licence_required",
    "earliest_publication_date",
    "trigger",
    "valid_until",
    "rules_version",
    "lists_version",
    "code_version",
    "topic",
    "partition",
    "offset",
)


def row(entry: Entry, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """One line of the live list: colour, service, subject, time and the reason messages."""
    data = data if data is not None else entry.event().get("data", {})
    return {
        "seq": entry.seq,
        "decision_id": entry.decision_id,
        "recorded_at": entry.recorded_at.isoformat(),
        "evaluated_at": data.get("evaluated_at"),
        "outcome": entry.outcome,
        "service": entry.service,
        "subject_type": entry.subject_type,
        "subject_id": entry.subject_id,
        "integrity": entry.integrity,
        "trigger": data.get("trigger"),
        "valid_until": data.get("valid_until"),
        "licence_required": data.get("licence_required"),
        "earliest_publication_date": data.get("earliest_publication_date"),
        "reasons": [
            {
                "code": r.get("code"),
                "severity": r.get("severity"),
                "message": r.get("message"),
                "translations": translations(entry.service, r),
            }
            for r in _reasons(data)
        ],
    }


def detail(entry: Entry) -> dict[str, Any]:
    """Everything about one decision: the event as written, where it lies, its versions."""
    event = entry.event()
    data = event.get("data", {})
    return {
        "row": row(entry, data),
        "event": event,
        "record": {
            "topic": entry.position.topic,
            "partition": entry.position.partition,
            "offset": entry.position.offset,
            "recorded_at": entry.recorded_at.isoformat(),
        },
        "versions": {
            "rules_version": data.get("rules_version"),
            "lists_version": data.get("lists_version"),
            "previous_lists_version": data.get("previous_lists_version"),
            "code_version": data.get("code_version"),
        },
    }


#: what may stand as a subject's current state: a verified record, or any record where the
#: page checks nothing (no public keys configured, and it says so)
TRUSTED = frozenset({"verified", "not_checked"})


def current(entries: list[Entry]) -> dict[str, Any] | None:
    """The subject's current state: its newest decision whose record verified. A record that
    did not verify (forged, altered, replayed, out of its chain) is never presented so."""
    for entry in reversed(entries):
        if entry.integrity in TRUSTED:
            return row(entry)
    return None


def history(entries: list[Entry]) -> list[dict[str, Any]]:
    """A subject's decisions oldest first, each marked where the outcome or the reasons
    changed from the one before, with the list versions that were in force."""
    out: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    for entry in entries:
        data = entry.event().get("data", {})
        item = row(entry, data)
        codes = sorted({str(r.get("code")) for r in _reasons(data)})
        item["rules_version"] = data.get("rules_version")
        item["lists_version"] = data.get("lists_version")
        item["previous_lists_version"] = data.get("previous_lists_version")
        item["outcome_changed"] = previous is not None and previous["outcome"] != entry.outcome
        item["reasons_changed"] = previous is not None and previous["codes"] != codes
        item["previous_outcome"] = previous["outcome"] if previous else None
        previous = {"outcome": entry.outcome, "codes": codes}
        out.append(item)
    return out


def csv_lines(entries: Iterable[Entry], *, excel_de: bool = False) -> Iterator[str]:
    """The CSV export, header first, one line at a time (for a streamed response).
    ``excel_de``: as Excel set to German opens it by a double click: a UTF-8 byte order
    mark (else it reads the file as Windows-1252: "MÃ¼ller") and semicolons between cells
    (the comma is the German decimal separator, so Excel there splits on semicolons)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", delimiter=";" if excel_de else ",")
    if excel_de:
        buffer.write("\ufeff")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for entry in entries:
        data = entry.event().get("data", {})
        reasons = _reasons(data)
        writer.writerow(
            [
                entry.recorded_at.isoformat(),
                data.get("evaluated_at", ""),
                entry.outcome,
                entry.service,
                entry.subject_type,
                _cell(entry.subject_id),
                entry.decision_id,
                _cell(str(data.get("source_event_id", ""))),
                data.get("source_event_type", ""),
                " | ".join(str(r.get("code")) for r in reasons),
                _cell(" | ".join(str(r.get("message")) for r in reasons)),
                _cell(" | ".join(str(r.get("legal_basis")) for r in reasons)),
                _flag(data.get("licence_required")),
                data.get("earliest_publication_date") or "",
                data.get("trigger") or "",
                data.get("valid_until") or "",
                data.get("rules_version", ""),
                json.dumps(data["lists_version"], sort_keys=True)
                if data.get("lists_version")
                else "",
                data.get("code_version") or "",
                entry.position.topic,
                entry.position.partition,
                entry.position.offset,
            ]
        )
        yield flush()


def csv_lines_excel_de(entries: Iterable[Entry]) -> Iterator[str]:
    """The CSV export for German Excel (see ``csv_lines``)."""
    return csv_lines(entries, excel_de=True)


def jsonl_lines(entries: Iterable[Entry]) -> Iterator[bytes]:
    """The JSON-lines export: each decision event exactly as it was on the topic, so an
    auditor can replay or re-check it with the same tools."""
    for entry in entries:
        yield entry.raw().strip() + b"\n"


def _reasons(data: dict[str, Any]) -> list[dict[str, Any]]:
    reasons = data.get("reasons")
    return [r for r in reasons if isinstance(r, dict)] if isinstance(reasons, list) else []


def _flag(value: object) -> str:
    return "" if value is None else str(bool(value)).lower()


def _cell(text: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
