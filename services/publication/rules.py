"""May this publication go out on its planned date? A pure function of the event and the
reference data, evaluated on the event's evaluation date, in calendar days (UTC).

Rules yield hits whose evidence may carry ``not_before`` (the publication may not go out
before that date) or ``open_ended`` (blocked with no end date); the decision's
``earliest_publication_date`` is the latest of those dates, the end of the notice period
and the day after the last day an objection may be raised, or null when any block is
open-ended.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from schemas.decision import Reason, ReasonCode, Severity
from schemas.events import (
    InventionDisclosure,
    PublicationReviewRequested,
    PublicationReviewRequestedEvent,
)
from services.common.reference_data import STALE, versions
from services.common.rules import Hit, Rule, evaluate, rule
from services.common.service import Verdict
from services.publication.reference import AgreementTerms, PublicationReference


@dataclass(frozen=True, slots=True)
class PublicationCase:
    request: PublicationReviewRequested
    on: date
    terms: AgreementTerms
    reference: PublicationReference

    @property
    def data_sets(self) -> tuple[PublicationReference, ...]:
        return (self.reference,)

    @property
    def notice_days(self) -> int:
        days = (
            self.request.notice_days
            if self.request.agreement == "custom"
            else self.terms.notice_days
        )
        assert days is not None  # the schema requires periods for custom agreements
        return days

    @property
    def objection_days(self) -> int:
        days = (
            self.request.objection_days
            if self.request.agreement == "custom"
            else self.terms.objection_days
        )
        assert days is not None
        return days

    @property
    def goes_out(self) -> date:
        """The day the publication would go out: its planned date, or the evaluation date
        once that has passed (nothing goes out in the past). Judged again on its earliest
        date, a paper planned earlier may go out from then."""
        return max(self.request.planned_date, self.on)

    @property
    def notice_ends(self) -> date:
        return self.request.notice_given_on + timedelta(days=self.notice_days)

    @property
    def received_on(self) -> date:
        """The day the last partner received the notice (never before it was given)."""
        received = self.request.notice_received_on
        given = self.request.notice_given_on
        return max(given, received) if received is not None else given

    @property
    def window_closes(self) -> date:
        """The last day on which a partner may object: the window runs from receipt."""
        return self.received_on + timedelta(days=self.objection_days)

    @property
    def earliest_by_periods(self) -> date:
        """The end of the notice period, and the day after the last day a partner may object
        (an objection raised on that last day is timely)."""
        if self.objection_days == 0:  # no objection window at all
            return self.notice_ends
        return max(self.notice_ends, self.window_closes + timedelta(days=1))

    @property
    def earliest_allowed(self) -> date:
        """The first day nothing known holds the paper: the periods' end, and the day after
        every patent filing (or the day the owners decided not to file). A green names this
        day, never an earlier one, whatever the evaluation date."""
        dates = [self.earliest_by_periods]
        for disclosure in self.request.invention_disclosures:
            if disclosure.patent_filed_on is not None:
                dates.append(disclosure.patent_filed_on + timedelta(days=1))
            elif disclosure.decision_not_to_file is not None:
                dates.append(disclosure.decision_not_to_file.decided_on)
        return max(dates)

    def open_objections(self) -> Iterator[tuple[int, date | None]]:
        """(index, hold end) of unresolved objections raised inside the window."""
        cap = self.terms.max_delay_after_objection_days
        for i, objection in enumerate(self.request.objections):
            if not objection.resolved and objection.raised_on <= self.window_closes:
                yield i, (objection.raised_on + timedelta(days=cap)) if cap is not None else None


_CA = "the consortium agreement"


def _terms(case: PublicationCase) -> dict[str, object]:
    t = case.terms
    cap = t.max_delay_after_objection_days
    return {
        "agreement": t.title,
        "agreement_key": case.request.agreement,
        "notice_days": case.notice_days,
        "objection_days": case.objection_days,
        "cap": f", objections holding it {cap} days at most" if cap is not None else "",
        "verified": t.verified,
        "confirmed": t.confirmed,
        "checked": t.checked,
    }


@rule(
    ReasonCode.AGREEMENT_TERMS_UNVERIFIED,
    Severity.REVIEW,
    legal_basis=_CA,
    message="The periods Clearway applies for {agreement} ({notice_days} days' notice, "
    "{objection_days} days to object{cap}) are not verified against the agreement's text: "
    "{checked} Confirm them against the signed agreement before the publication goes out, or "
    "send the periods with agreement 'custom'.",
)
def agreement_terms_unverified(case: PublicationCase) -> Iterator[Hit]:
    """Periods Clearway could not read in the agreement itself are never the ground of a
    silent green (a deployment that confirmed them against its signed agreement says so in
    its settings)."""
    if not case.terms.trusted:
        yield Hit(_terms(case), legal_basis=case.terms.legal_basis)


@rule(
    ReasonCode.REFERENCE_EXPIRED,
    Severity.REVIEW,
    legal_basis=_CA,
    message="Clearway's terms for {agreement} apply from {window}; the evaluation date "
    "{evaluated_on} is outside that period. Confirm the agreement in force and its periods.",
)
def agreement_terms_not_in_force(case: PublicationCase) -> Iterator[Hit]:
    """Agreement terms are applied only inside the period they are recorded for."""
    if not case.terms.valid_on(case.on):
        yield Hit(
            {**_terms(case), "window": case.terms.window, "evaluated_on": case.on},
            legal_basis=case.terms.legal_basis,
        )


@rule(
    ReasonCode.NOTICE_PERIOD_RUNNING,
    Severity.BLOCK,
    legal_basis=_CA,
    message="Partners were notified on {notice_given_on}. {agreement} gives them "
    "{notice_days} days' notice and {objection_days} days to object (the last day to object "
    "is {window_closes}), so the publication may not go out before {not_before}; it is "
    "planned for {planned_date}.",
)
def notice_period_running(case: PublicationCase) -> Iterator[Hit]:
    """The notice or objection period is still running on the day it would go out."""
    if case.goes_out < case.earliest_by_periods:
        yield Hit(
            {
                "agreement": case.terms.title,
                "notice_given_on": case.request.notice_given_on,
                "notice_days": case.notice_days,
                "objection_days": case.objection_days,
                "window_closes": case.window_closes,
                "planned_date": case.request.planned_date,
                "not_before": case.earliest_by_periods,
            },
            legal_basis=case.terms.legal_basis,
        )


def _objection(case: PublicationCase, i: int) -> dict[str, object]:
    o = case.request.objections[i]
    return {
        "partner_id": o.partner_id,
        "raised_on": o.raised_on,
        "grounds": o.grounds,
        "window_closes": case.window_closes,
    }


@rule(
    ReasonCode.OPEN_OBJECTION,
    Severity.BLOCK,
    legal_basis=_CA,
    message="Partner {partner_id} objected on {raised_on} ({grounds} grounds) within the "
    "objection window, and the objection is not resolved. The agreement lets it hold "
    "the publication until {not_before}, unless it is resolved sooner.",
)
def objection_holds_publication(case: PublicationCase) -> Iterator[Hit]:
    """An unresolved objection raised in time holds the publication, up to the agreement's cap."""
    for i, hold_until in case.open_objections():
        if hold_until is not None and case.on < hold_until:
            yield Hit(
                {
                    **_objection(case, i),
                    "not_before": hold_until,
                    "max_delay_days": case.terms.max_delay_after_objection_days,
                },
                legal_basis=case.terms.legal_basis,
            )


@rule(
    ReasonCode.OPEN_OBJECTION,
    Severity.BLOCK,
    legal_basis=_CA,
    message="Partner {partner_id} objected on {raised_on} ({grounds} grounds) within the "
    "objection window, and the objection is not resolved. The agreement sets no time "
    "limit: the publication waits until the objection is resolved.",
)
def objection_blocks_publication(case: PublicationCase) -> Iterator[Hit]:
    """An unresolved objection raised in time blocks the publication where no cap applies."""
    for i, hold_until in case.open_objections():
        if hold_until is None:
            yield Hit(
                {**_objection(case, i), "open_ended": True}, legal_basis=case.terms.legal_basis
            )


@rule(
    ReasonCode.OPEN_OBJECTION,
    Severity.REVIEW,
    legal_basis=_CA,
    message="Partner {partner_id}'s objection of {raised_on} ({grounds} grounds) is still not "
    "resolved, but the {max_delay_days}-day hold the agreement allows ended on "
    "{hold_ended}. The agreement then permits publication; confirm the partner's "
    "concerns were addressed before it goes out.",
)
def objection_hold_lapsed(case: PublicationCase) -> Iterator[Hit]:
    """An unresolved objection whose capped hold has ended: publication permitted, but look."""
    for i, hold_until in case.open_objections():
        if hold_until is not None and case.on >= hold_until:
            yield Hit(
                {
                    **_objection(case, i),
                    "hold_ended": hold_until,
                    "max_delay_days": case.terms.max_delay_after_objection_days,
                },
                legal_basis=case.terms.legal_basis,
            )


@rule(
    ReasonCode.LATE_OBJECTION,
    Severity.INFO,
    legal_basis=_CA,
    message="Partner {partner_id} objected on {raised_on}, after the objection window closed "
    "on {window_closes}. A late objection does not block the publication; it is kept "
    "here as evidence.",
)
def late_objection(case: PublicationCase) -> Iterator[Hit]:
    """An objection raised after the window closed does not block; it is noted."""
    for i, objection in enumerate(case.request.objections):
        if not objection.resolved and objection.raised_on > case.window_closes:
            yield Hit(_objection(case, i), legal_basis=case.terms.legal_basis)


_EPC = "Art. 54 EPC"


def _grace(case: PublicationCase) -> dict[str, object]:
    patent = case.reference.patent
    return {
        "grace": "; ".join(g.text for g in patent.grace_periods) or "none recorded",
        "grace_periods": [g.model_dump() for g in patent.grace_periods],
        "grace_note": patent.grace_note,
    }


def _not_to_file(case: PublicationCase, disclosure: InventionDisclosure) -> bool:
    """The owners decided not to file, on or before the evaluation date."""
    decided = disclosure.decision_not_to_file
    return decided is not None and decided.decided_on <= case.on


@rule(
    ReasonCode.PATENT_NOT_FILED,
    Severity.BLOCK,
    legal_basis=_EPC,
    message="Invention disclosure {disclosure_id} is linked to this publication and no patent "
    "application has been filed. Publishing first would destroy its novelty in Europe (Art. "
    "54 EPC; the six months of Art. 55 EPC cover only an evident abuse or a recognised "
    "exhibition): hold the publication until the application is filed, or until the owners "
    "decide not to file. For information only, never a reason to publish: grace periods "
    "elsewhere are {grace}.",
)
def patent_not_filed(case: PublicationCase) -> Iterator[Hit]:
    """A linked invention has no patent application and no decision not to file: block with
    no end date."""
    for disclosure in case.request.invention_disclosures:
        if disclosure.patent_filed_on is None and not _not_to_file(case, disclosure):
            decided = disclosure.decision_not_to_file
            yield Hit(
                {
                    "disclosure_id": disclosure.disclosure_id,
                    "open_ended": True,
                    "decision_not_to_file_dated": decided.decided_on if decided else None,
                    **_grace(case),
                },
                legal_basis=case.reference.patent.legal_basis,
            )


@rule(
    ReasonCode.PATENT_NOT_PURSUED,
    Severity.INFO,
    legal_basis=_EPC,
    message="For invention disclosure {disclosure_id}, {decided_by} decided on {decided_on} not "
    "to file a patent application: the patent hold ends on that day.",
)
def patent_not_pursued(case: PublicationCase) -> Iterator[Hit]:
    """A decision not to file lifts the patent hold from its date."""
    for disclosure in case.request.invention_disclosures:
        decided = disclosure.decision_not_to_file
        if disclosure.patent_filed_on is None and decided and _not_to_file(case, disclosure):
            yield Hit(
                {
                    "disclosure_id": disclosure.disclosure_id,
                    "decided_by": decided.decided_by,
                    "decided_on": decided.decided_on,
                    "not_before": decided.decided_on,
                },
                legal_basis=case.reference.patent.legal_basis,
            )


@rule(
    ReasonCode.PATENT_NOT_FILED,
    Severity.BLOCK,
    legal_basis=_EPC,
    message="The patent application for invention disclosure {disclosure_id} is dated "
    "{patent_filed_on}, which is not before the planned publication on {planned_date} "
    "(or is still ahead on {evaluated_on}). The publication may go out from {not_before}, "
    "the day after filing.",
)
def patent_filed_too_late(case: PublicationCase) -> Iterator[Hit]:
    """A patent filing dated on or after the planned date, or still in the future, holds it."""
    for disclosure in case.request.invention_disclosures:
        filed = disclosure.patent_filed_on
        if filed is not None and (filed >= case.goes_out or filed > case.on):
            yield Hit(
                {
                    "disclosure_id": disclosure.disclosure_id,
                    "patent_filed_on": filed,
                    "planned_date": case.request.planned_date,
                    "evaluated_on": case.on,
                    "not_before": filed + timedelta(days=1),
                },
                legal_basis=case.reference.patent.legal_basis,
            )


def _marked(case: PublicationCase) -> str | None:
    marks = [
        m
        for m, v in (
            ("basic research", case.request.basic_research),
            ("public domain", case.request.public_domain),
        )
        if v is True
    ]
    return " and ".join(marks) or None


@rule(
    ReasonCode.EXPORT_CONTROLLED_CONTENT,
    Severity.REVIEW,
    legal_basis="Regulation (EU) 2021/821",
    message="The content touches dual-use control list entries {control_codes}. Sending "
    "unpublished controlled technology to co-authors, reviewers or a publisher abroad "
    "can itself be an export: have export control confirm before it goes out, or mark "
    "it as basic research or public domain if it is.",
)
def export_controlled_content(case: PublicationCase) -> Iterator[Hit]:
    """Control codes on the content need an export-control look, unless research or public."""
    if case.request.control_codes and _marked(case) is None:
        yield Hit(
            {"control_codes": list(case.request.control_codes)},
            legal_basis=case.reference.export_control.legal_basis,
        )


@rule(
    ReasonCode.TECHNOLOGY_NOT_CONTROLLED,
    Severity.INFO,
    legal_basis="Regulation (EU) 2021/821, Annex I, General Technology Note",
    message="The content touches control list entries {control_codes} but is marked as "
    "{marked_as}; under the General Technology Note such technology is not controlled.",
)
def content_not_controlled(case: PublicationCase) -> Iterator[Hit]:
    """Controlled subject matter marked basic research or public domain is not controlled."""
    marked = _marked(case)
    if case.request.control_codes and marked is not None:
        yield Hit(
            {"control_codes": list(case.request.control_codes), "marked_as": marked},
            legal_basis=case.reference.export_control.legal_basis,
        )


#: the rule set, in the order reasons appear in a decision
RULES: tuple[Rule[PublicationCase], ...] = (
    agreement_terms_unverified,
    agreement_terms_not_in_force,
    notice_period_running,
    objection_holds_publication,
    objection_blocks_publication,
    objection_hold_lapsed,
    late_objection,
    patent_not_filed,
    patent_not_pursued,
    patent_filed_too_late,
    export_controlled_content,
    content_not_controlled,
    *STALE,
)


@rule(
    ReasonCode.PUBLICATION_DATE,
    Severity.INFO,
    legal_basis=_CA,
    message="Nothing holds this publication: it may go out from {earliest}, and is planned "
    "for {planned_date}.",
)
def may_go_out(case: PublicationCase) -> Iterator[Hit]:
    """Cleared: the earliest day the publication may go out."""
    yield Hit(
        {"earliest": case.earliest_allowed, "planned_date": case.request.planned_date},
        legal_basis=case.terms.legal_basis,
    )


def earliest_date(case: PublicationCase, reasons: tuple[Reason, ...]) -> date | None:
    """The latest ``not_before`` of all findings and the periods' end; None if open-ended."""
    if any(r.evidence.get("open_ended") for r in reasons):
        return None
    dates = [case.earliest_allowed]
    for reason in reasons:
        not_before = reason.evidence.get("not_before")
        if isinstance(not_before, date):
            dates.append(not_before)
    return max(dates)


def rules_version(reference: PublicationReference) -> str:
    return f"publication/{reference.version}"


def decide(event: PublicationReviewRequestedEvent, reference: PublicationReference) -> Verdict:
    """Judge one publication request."""
    request = event.data
    case = PublicationCase(
        request, event.evaluated_at().date(), reference.agreements[request.agreement], reference
    )
    reasons = evaluate(RULES, case)
    if not any(r.severity is not Severity.INFO for r in reasons):
        reasons = (*may_go_out.apply(case), *reasons)
    return Verdict(
        reasons=reasons,
        rules_version=rules_version(reference),
        earliest_publication_date=earliest_date(case, reasons),
        reference_versions=versions((reference,)),
    )
