"""Audit-ready PDF reports: one subject's decisions (with its case, where there is one), and a
periodic summary for management.

Pure functions of what they are given (decision events, the integrity each record's check
found, a case and its history, the time of writing): no store, clock or settings here, so
a report is the same document every time it is asked for the same things. reportlab's
platypus lays the pages out (flowing paragraphs and tables, page numbers); the fonts are
reportlab's own DejaVu-free standard fonts, so names outside Latin-1 are written as the
decision carries them and also transliterated, never dropped silently.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from normality import ascii_text
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from services.common.i18n import N_, Language, reason_message
from services.common.i18n import text as tr

OUTCOME_TEXT = {
    "cleared": N_("cleared (green)"),
    "needs_review": N_("needs review (amber)"),
    "red_flag": N_("red flag (red)"),
}
INTEGRITY_TEXT = {
    "verified": N_("signature verified"),
    "not_checked": N_("signature not checked (no public keys configured)"),
    "bad_signature": N_("SIGNATURE DOES NOT VERIFY"),
    "unsigned": N_("NOT SIGNED"),
    "unknown_key": N_("signed with an unknown key"),
    "unreadable": N_("record unreadable"),
}
#: what made a decision a re-screening (the contract's ``trigger``)
RESCREEN_TRIGGERS = {
    "lists_changed": N_("the lists changed"),
    "versions_changed": N_("rules or code"),
}
#: evidence values longer than this are cut in the report (the JSON export has them whole)
EVIDENCE_CHARS = 600


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision as the report shows it: the event and what its integrity check found."""

    event: dict[str, Any]
    integrity: str
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class CaseLine:
    at: datetime
    actor: str
    kind: str
    detail: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CaseView:
    case_id: int
    status: str
    service: str
    assignee: str | None
    opened_at: datetime
    due_at: datetime
    resolution: str | None
    history: tuple[CaseLine, ...] = ()


@dataclass(frozen=True, slots=True)
class Summary:
    """What the periodic summary counts, for a period."""

    since: datetime
    until: datetime
    #: (service, outcome) -> decisions
    decisions: dict[tuple[str, str], int]
    open_cases: int
    overdue_cases: int
    #: re-screening decisions: (trigger, outcome) -> count
    rescreens: dict[tuple[str, str], int]
    unverified: int = 0


#: a font with Cyrillic, Greek, Arabic and Hebrew letters (Debian's fonts-dejavu-core, in
#: the image); without one, names in other scripts are written transliterated
UNICODE_FONTS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
_FACES = {
    "DejaVuSans": "DejaVuSans.ttf",
    "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique": "DejaVuSans-BoldOblique.ttf",
}


@cache
def _fonts() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans where installed, else Helvetica."""
    for folder in UNICODE_FONTS:
        if all((folder / f).is_file() for f in _FACES.values()):
            for name, file in _FACES.items():
                pdfmetrics.registerFont(TTFont(name, str(folder / file)))
            pdfmetrics.registerFontFamily(
                "DejaVuSans",
                normal="DejaVuSans",
                bold="DejaVuSans-Bold",
                italic="DejaVuSans-Oblique",
                boldItalic="DejaVuSans-BoldOblique",
            )
            return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    regular, bold = _fonts()

    def style(name: str, parent: str, **kw: Any) -> ParagraphStyle:
        font = regular if parent == "BodyText" else bold
        return ParagraphStyle(name, parent=base[parent], fontName=font, **kw)

    return {
        "title": style("title", "Title"),
        "h2": style("h2", "Heading2"),
        "h3": style("h3", "Heading3"),
        "body": style("body", "BodyText"),
        "small": style("small", "BodyText", fontSize=8, leading=10),
        "alert": style("alert", "BodyText", textColor=colors.HexColor("#a40000")),
    }


def _text(value: object) -> str:
    """Text safe for a paragraph: escaped; a name in another script also transliterated in
    brackets (written as given where the font has its letters, else only transliterated)."""
    raw = str(value)
    try:
        raw.encode("latin-1")
        return escape(raw)
    except UnicodeEncodeError:
        latin = ascii_text(raw) or ""
        if _fonts()[0] != "Helvetica":
            return escape(f"{raw} [{latin}]")
        return escape(f"{latin} [transliterated from another script]")


def _label(lang: Language, table: dict[str, str], key: object) -> str:
    return tr(lang, table[key]) if isinstance(key, str) and key in table else _text(key)


def _evidence(evidence: dict[str, Any]) -> str:
    lines = []
    for key, value in evidence.items():
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        if len(shown) > EVIDENCE_CHARS:
            shown = shown[:EVIDENCE_CHARS] + " ... (cut; the JSON export has it whole)"
        lines.append(f"<b>{_text(key)}</b>: {_text(shown)}")
    return "<br/>".join(lines)


def _footer(generated: str, lang: Language) -> Any:
    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(_fonts()[0], 8)
        canvas.drawString(15 * mm, 10 * mm, generated)
        canvas.drawRightString(195 * mm, 10 * mm, tr(lang, "page {n}", n=doc.page))
        canvas.restoreState()

    return draw


def _build(story: list[Any], generated: str, title: str, lang: Language) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=title,
        author="Clearway",
        invariant=True,  # the same bytes for the same report (no creation time, fixed id)
    )
    footer = _footer(generated, lang)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _grid(rows: list[list[Any]], widths: Sequence[float]) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), _fonts()[1], 9),
                ("FONT", (0, 1), (-1, -1), _fonts()[0], 9),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _decision(d: Decision, s: dict[str, ParagraphStyle], lang: Language) -> list[Any]:
    data = d.event.get("data", {}) if isinstance(d.event.get("data"), dict) else {}
    outcome = str(data.get("outcome", "?"))
    integrity = _label(lang, INTEGRITY_TEXT, d.integrity)
    head = (
        f"{d.recorded_at.isoformat()}: {_label(lang, OUTCOME_TEXT, outcome)}, "
        f"{_text(data.get('service', ''))}"
    )
    facts = [
        [N_("decision"), _text(data.get("decision_id", d.event.get("id", "")))],
        [
            N_("judged event"),
            _text(f"{data.get('source_event_type')} {data.get('source_event_id')}"),
        ],
        [N_("integrity"), integrity],
        [N_("rules version"), _text(data.get("rules_version", ""))],
        [N_("code version"), _text(data.get("code_version", ""))],
        [N_("list versions"), _text(json.dumps(data.get("lists_version") or {}, sort_keys=True))],
        [
            N_("reference data"),
            _text(json.dumps(data.get("reference_versions") or {}, sort_keys=True)),
        ],
    ]
    if data.get("trigger"):
        facts.append([N_("trigger"), _text(data["trigger"])])
    if data.get("previous_lists_version"):
        facts.append([N_("lists before"), _text(json.dumps(data["previous_lists_version"]))])
    rows = [[Paragraph(tr(lang, k), s["small"]), Paragraph(v, s["small"])] for k, v in facts]
    out: list[Any] = [Paragraph(head, s["h3"])]
    if d.integrity not in ("verified", "not_checked"):
        alert = tr(lang, "Do not rely on this record: {why}.", why=integrity)
        out.append(Paragraph(alert, s["alert"]))
    out.append(Table(rows, colWidths=[35 * mm, 145 * mm]))
    given = data.get("reasons")
    reasons: list[Any] = given if isinstance(given, list) else []
    if not reasons:
        out.append(Paragraph(tr(lang, "No reasons: nothing found against the subject."), s["body"]))
    for reason in reasons:
        if isinstance(reason, dict):
            out.append(KeepTogether(_reason(reason, str(data.get("service", "")), s, lang)))
    return out


def _reason(
    reason: dict[str, Any], service: str, s: dict[str, ParagraphStyle], lang: Language
) -> list[Any]:
    """A reason in the reader's language; where that is not the language it was recorded in,
    the sentence as recorded follows, since the record is what was decided."""
    recorded = str(reason.get("message", ""))
    shown = reason_message(lang, service, reason)
    severity = _text(reason.get("outcome", reason.get("severity", "")))
    out = [
        Paragraph(f"<b>{_text(reason.get('code', ''))}</b> ({severity}): {_text(shown)}", s["body"])
    ]
    if shown != recorded:
        as_recorded = tr(lang, "As recorded:")
        out.append(Paragraph(f"<i>{as_recorded}</i> {_text(recorded)}", s["small"]))
    legal, basis = _text(reason.get("legal_basis", "")), tr(lang, "Legal basis:")
    out += [
        Paragraph(f"<i>{basis}</i> {legal}", s["body"]),
        Paragraph(_evidence(reason.get("evidence") or {}), s["small"]),
        Spacer(1, 2 * mm),
    ]
    return out


def _reviews(decisions: Iterable[Decision], lang: Language) -> list[list[str]]:
    """Reviews the decisions applied (false positives suppressed), with who recorded and
    who approved them."""
    rows = []
    for d in decisions:
        data = d.event.get("data", {})
        for reason in data.get("reasons") or []:
            if not isinstance(reason, dict) or reason.get("code") != "FALSE_POSITIVE_SUPPRESSED":
                continue
            ev = reason.get("evidence") or {}
            rows.append(
                [
                    _text(data.get("decision_id", "")),
                    _text(f"{ev.get('list', '')}/{ev.get('entry_id', '')}"),
                    _text(", ".join(ev.get("reviewers") or [ev.get("recorded_by", "")])),
                    _text(ev.get("verdict") or tr(lang, "not the listed party")),
                ]
            )
    return rows


def download(name: str) -> dict[str, str]:
    """The headers of a report as a download, ``clearway-{name}.pdf``; ``name`` is the
    caller's own text (a kind, a case number), never a value taken from an event."""
    return {"content-disposition": f'attachment; filename="clearway-{name}.pdf"'}


def subject_report(
    subject_id: str,
    decisions: Sequence[Decision],
    generated_at: datetime,
    generated_by: str,
    case: CaseView | None = None,
    lang: Language = "en",
) -> bytes:
    """Every decision on one subject, oldest first, with its reasons, legal basis, evidence,
    the versions it was made with and whether its signature verified; the reviews applied;
    the case with its history where there is one."""
    s = _styles()
    generated = tr(
        lang, "Clearway, written {at} for {who}", at=generated_at.isoformat(), who=generated_by
    )
    ordered = sorted(decisions, key=lambda d: d.recorded_at)
    unverified = sum(d.integrity not in ("verified", "not_checked") for d in ordered)
    counted = tr(
        lang,
        "{n} decision(s), oldest first. Records whose signature does not verify: {bad}.",
        n=len(ordered),
        bad=unverified,
    )
    story: list[Any] = [
        Paragraph(tr(lang, "Audit report: {subject}", subject=_text(subject_id)), s["title"]),
        Paragraph(counted, s["body"]),
    ]
    if ordered:
        latest = ordered[-1].event.get("data", {})
        now = _label(lang, OUTCOME_TEXT, latest.get("outcome", "?"))
        story.append(
            Paragraph(tr(lang, "Current outcome: <b>{outcome}</b>", outcome=now), s["body"])
        )
    if case is not None:
        facts = {
            "status": _text(case.status),
            "service": _text(case.service),
            "assignee": _text(case.assignee or tr(lang, "none")),
            "opened": case.opened_at.isoformat(),
            "due": case.due_at.isoformat(),
        }
        line = tr(
            lang,
            "Status {status}, service {service}, assignee {assignee}, opened {opened}, due {due}",
            **facts,
        )
        if case.resolution:
            line += tr(lang, ", resolution {resolution}", resolution=_text(case.resolution))
        story += [
            Paragraph(tr(lang, "Case {id}", id=case.case_id), s["h2"]),
            Paragraph(line, s["body"]),
        ]
        head = [tr(lang, "when"), tr(lang, "who"), tr(lang, "what"), tr(lang, "details")]
        rows = [head] + [
            [
                Paragraph(line.at.isoformat(), s["small"]),
                Paragraph(_text(line.actor), s["small"]),
                Paragraph(_text(line.kind), s["small"]),
                Paragraph(_text(json.dumps(line.detail, ensure_ascii=False)), s["small"]),
            ]
            for line in case.history
        ]
        story.append(_grid(rows, [36 * mm, 24 * mm, 44 * mm, 76 * mm]))
    reviews = _reviews(ordered, lang)
    story.append(Paragraph(tr(lang, "Reviews applied"), s["h2"]))
    if reviews:
        head = [
            tr(lang, "decision"),
            tr(lang, "match"),
            tr(lang, "recorded and approved by"),
            tr(lang, "verdict"),
        ]
        cells = [[Paragraph(cell, s["small"]) for cell in row] for row in reviews]
        story.append(_grid([head, *cells], [45 * mm, 45 * mm, 50 * mm, 40 * mm]))
    else:
        story.append(Paragraph(tr(lang, "None."), s["body"]))
    story += [PageBreak(), Paragraph(tr(lang, "Decisions"), s["h2"])]
    for d in ordered:
        story += _decision(d, s, lang)
    return _build(story, generated, f"Clearway audit report {subject_id}", lang)


def summarise(
    decisions: Iterable[Decision],
    since: datetime,
    until: datetime,
    open_cases: int,
    overdue_cases: int,
) -> Summary:
    """The counts of the periodic summary, from the decisions of the period."""
    counts: Counter[tuple[str, str]] = Counter()
    rescreens: Counter[tuple[str, str]] = Counter()
    unverified = 0
    for d in decisions:
        data = d.event.get("data", {})
        counts[(str(data.get("service", "?")), str(data.get("outcome", "?")))] += 1
        if data.get("trigger") in RESCREEN_TRIGGERS:
            rescreens[(str(data["trigger"]), str(data.get("outcome")))] += 1
        unverified += d.integrity not in ("verified", "not_checked")
    return Summary(
        since, until, dict(counts), open_cases, overdue_cases, dict(rescreens), unverified
    )


def summary_report(
    summary: Summary, generated_at: datetime, generated_by: str, lang: Language = "en"
) -> bytes:
    """Decisions by outcome and service, open and overdue cases, re-screening results."""
    s = _styles()
    generated = tr(
        lang, "Clearway, written {at} for {who}", at=generated_at.isoformat(), who=generated_by
    )
    services = sorted({svc for svc, _ in summary.decisions})
    outcomes = ("cleared", "needs_review", "red_flag")
    every = tr(lang, "all")
    rows: list[list[Any]] = [
        [tr(lang, "service"), *(_label(lang, OUTCOME_TEXT, o) for o in outcomes), every]
    ]
    for svc in services:
        counts = [summary.decisions.get((svc, o), 0) for o in outcomes]
        rows.append([svc, *map(str, counts), str(sum(counts))])
    totals = [sum(summary.decisions.get((svc, o), 0) for svc in services) for o in outcomes]
    rows.append([every, *map(str, totals), str(sum(totals))])
    period = tr(
        lang,
        "Decisions recorded from {since} until {until}.",
        since=summary.since.isoformat(),
        until=summary.until.isoformat(),
    )
    cases = tr(
        lang,
        "Open: <b>{open}</b>. Overdue: <b>{overdue}</b>.",
        open=summary.open_cases,
        overdue=summary.overdue_cases,
    )
    story: list[Any] = [
        Paragraph(tr(lang, "Compliance summary"), s["title"]),
        Paragraph(period, s["body"]),
        Paragraph(tr(lang, "Decisions by service and outcome"), s["h2"]),
        _grid(rows, [40 * mm, 36 * mm, 36 * mm, 36 * mm, 30 * mm]),
        Paragraph(tr(lang, "Cases"), s["h2"]),
        Paragraph(cases, s["body"]),
        Paragraph(tr(lang, "Re-screening after list changes"), s["h2"]),
    ]
    if summary.rescreens:
        head = [tr(lang, "because"), tr(lang, "outcome"), tr(lang, "decisions")]
        story.append(
            _grid(
                [head]
                + [
                    [_label(lang, RESCREEN_TRIGGERS, t), _label(lang, OUTCOME_TEXT, o), str(n)]
                    for (t, o), n in sorted(summary.rescreens.items())
                ],
                [50 * mm, 50 * mm, 30 * mm],
            )
        )
    else:
        story.append(Paragraph(tr(lang, "No re-screening decisions in the period."), s["body"]))
    if summary.unverified:
        unverified = tr(
            lang,
            "{n} record(s) of the period do not verify: do not rely on them before the audit "
            "trail is checked (clearway audit verify).",
            n=summary.unverified,
        )
        story.append(Paragraph(unverified, s["alert"]))
    return _build(story, generated, "Clearway compliance summary", lang)
