"""Audit-ready PDF reports, checked as a reader sees them: each page rendered to an image
(pdfium, the engine of Chromium's viewer) and its text read back."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import httpx
import pypdfium2 as pdfium
from sqlalchemy import Engine

from services.auditweb import report
from tests.auditweb.records import SANCTIONS_REASON, T0, decision
from tests.auditweb.serving import serving
from tests.auditweb.test_case_api import FakeRecorder, app_for, as_, red_case

SUPPRESSED = {
    "code": "FALSE_POSITIVE_SUPPRESSED",
    "severity": "info",
    "message": "A match reviewed as another party by anna, approved by ben.",
    "legal_basis": "Review under the four-eyes principle",
    "evidence": {"list": "us_ofac_sdn", "entry_id": "306", "reviewers": ["anna", "ben"]},
}


def read(pdf: bytes) -> tuple[int, list[str]]:
    """(pages, the text of each page), every page rendered to an image on the way: a page
    that renders blank fails here, whatever text it carries."""
    doc = pdfium.PdfDocument(pdf)
    texts = []
    for page in doc:
        image = page.render(scale=1).to_pil().convert("L")
        dark = sum(image.histogram()[:128])
        assert dark > 500, "a page renders blank"
        texts.append(page.get_textpage().get_text_range())
    return len(doc), texts


def stored(value: bytes, integrity: str = "verified", hours: int = 0) -> report.Decision:
    return report.Decision(json.loads(value), integrity, T0 + timedelta(hours=hours))


def test_a_subject_report_holds_every_decision_with_its_evidence_and_versions() -> None:
    red = decision(
        2,
        outcome="red_flag",
        service="screening",
        subject="P-1",
        reasons=[SANCTIONS_REASON],
        lists_version={"us_ofac_sdn": "sha256:abc"},
    )
    cleared = decision(
        3, outcome="cleared", service="screening", subject="P-1", reasons=[SUPPRESSED]
    )
    case = report.CaseView(
        7,
        "closed",
        "screening",
        "anna",
        T0,
        T0 + timedelta(days=2),
        "false_positive",
        (
            report.CaseLine(T0, "clearway", "decision"),
            report.CaseLine(T0 + timedelta(hours=1), "anna", "reviewed_pending_second"),
            report.CaseLine(T0 + timedelta(hours=2), "ben", "approved"),
        ),
    )
    pdf = report.subject_report(
        "P-1",
        [stored(cleared, hours=3), stored(red, "bad_signature")],
        T0 + timedelta(days=1),
        "vera",
        case,
    )
    pages, texts = read(pdf)
    text = "\n".join(texts)
    assert pages >= 2
    assert "Audit report: P-1" in texts[0] and "Case 7" in texts[0]
    for shown in (
        "SANCTIONS_MATCH",
        "us_ofac_sdn: CUBA",  # the legal basis
        "BANCO NACIONAL DE CUBA",  # the evidence
        "sha256:abc",  # the list version
        "SIGNATURE DOES NOT VERIFY",
        "signature verified",
        "FALSE_POSITIVE_SUPPRESSED",
        "anna, ben",  # who reviewed and approved
        "reviewed_pending",  # the case's history (the cell wraps the rest)
        "written 2026-11-21T09:00:00+00:00 for vera",
    ):
        assert shown in text, shown
    # oldest first: the red decision (recorded first) before the one that cleared
    assert text.index("SANCTIONS_MATCH") < text.rindex("FALSE_POSITIVE_SUPPRESSED")
    # the same document for the same things (no creation time inside)
    assert pdf == report.subject_report(
        "P-1",
        [stored(cleared, hours=3), stored(red, "bad_signature")],
        T0 + timedelta(days=1),
        "vera",
        case,
    )


def test_a_name_in_another_script_is_never_dropped() -> None:
    reason: dict[str, Any] = {**SANCTIONS_REASON, "message": "Владимир Путин on the lists."}
    value = decision(1, outcome="red_flag", service="screening", subject="P-2", reasons=[reason])
    _, texts = read(report.subject_report("P-2", [stored(value)], T0, "vera"))
    assert "Vladimir Putin" in "\n".join(texts)


def test_the_summary_counts_by_service_and_outcome() -> None:
    values = [
        decision(1, outcome="red_flag", service="screening", reasons=[SANCTIONS_REASON]),
        decision(2, outcome="cleared", service="screening", trigger="lists_changed"),
        decision(3, outcome="needs_review", service="gdpr"),
    ]
    summary = report.summarise(
        [stored(v) for v in values], T0, T0 + timedelta(days=7), open_cases=4, overdue_cases=1
    )
    assert summary.decisions == {
        ("screening", "red_flag"): 1,
        ("screening", "cleared"): 1,
        ("gdpr", "needs_review"): 1,
    }
    assert summary.rescreens == {("lists_changed", "cleared"): 1}
    pages, texts = read(report.summary_report(summary, T0, "the board"))
    assert pages == 1
    for shown in ("Compliance summary", "screening", "gdpr", "Open: 4", "Overdue: 1"):
        assert shown in texts[0], shown
    assert "the lists changed" in texts[0]


async def test_a_case_report_and_the_summary_from_the_decision_store(engine: Engine) -> None:
    red_case(engine)
    app = app_for(engine, FakeRecorder())
    async with serving(app) as url, httpx.AsyncClient(base_url=url) as http:
        (case,) = (await http.get("/api/cases", headers=as_("vera"))).json()["items"]
        assert (await http.get(f"/api/cases/{case['id']}/report.pdf")).status_code == 401
        response = await http.get(f"/api/cases/{case['id']}/report.pdf", headers=as_("vera"))
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/pdf"
        _, texts = read(response.content)
        text = "\n".join(texts)
        assert "Audit report: P-022" in text and "d-red" in text and "SANCTIONS_MATCH" in text
        since = (T0 - timedelta(days=1)).isoformat().replace("+00:00", "Z")
        summary = await http.get(
            "/api/reports/summary.pdf", params={"since": since}, headers=as_("vera")
        )
        assert summary.status_code == 200, summary.text
        _, texts = read(summary.content)
        assert "Open: 1" in texts[0] and "screening" in texts[0]
        missing = await http.get("/api/cases/999/report.pdf", headers=as_("vera"))
        assert missing.status_code == 404


def test_a_report_in_german_shows_each_reason_translated_and_as_recorded() -> None:
    """The reader's language for the report; the sentence as recorded beside each translated
    reason, since the record is what was decided."""
    from services.common.rules import render
    from services.screening.rules import RULES

    rule = next(r for r in RULES if r.name == "sanctions_match")
    evidence = {**SANCTIONS_REASON["evidence"], "role": "partner", "lists": ["us_ofac_sdn"]}
    reason = {**SANCTIONS_REASON, "message": render(rule.message, evidence), "evidence": evidence}
    red = decision(2, outcome="red_flag", service="screening", subject="P-1", reasons=[reason])
    pdf = report.subject_report("P-1", [stored(red)], T0, "vera", None, "de")
    _, texts = read(pdf)
    text = " ".join(" ".join(texts).split())
    for shown in (
        "Prüfbericht: P-1",
        "Angewandte Prüfungen",
        "Der Name (Partner) 'Banco Nacional de Cuba' stimmt mit 'BANCO NACIONAL DE CUBA'",
        "Wie aufgezeichnet: The partner name 'Banco Nacional de Cuba' matches",
        "Rechtsgrundlage: us_ofac_sdn: CUBA",
        "Seite 1",
    ):
        assert shown in text, shown
    summary = report.summarise([stored(red)], T0, T0 + timedelta(days=1), 1, 0)
    _, texts = read(report.summary_report(summary, T0, "vera", "de"))
    assert "Compliance-Übersicht" in texts[0] and "Warnung (rot)" in texts[0]
