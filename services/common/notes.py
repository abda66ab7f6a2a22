"""The reasons Clearway gives itself, outside any service's rules: an event that could not be
judged, a decision with too many reasons, an evaluation date far from the record's.

Each is written like a rule's message: a template filled from its evidence, which names it
(``rule``), so it has its German beside it (``services/common/locale/de.po``) as every rule's
message does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemas.decision import Reason, ReasonCode, Severity
from services.common.rules import written


@dataclass(frozen=True, slots=True)
class Note:
    name: str
    code: ReasonCode
    severity: Severity
    legal_basis: str
    message: str

    def reason(self, **evidence: Any) -> Reason:
        return written(
            self.name, self.code, self.severity, self.message, self.legal_basis, evidence
        )


EVENT_REJECTED = Note(
    "event_rejected",
    ReasonCode.EVENT_REJECTED,
    Severity.REVIEW,
    "Clearway: an event that cannot be judged is never a silent clear",
    "The latest event for this {subject} ({event_id}) could not be judged and went to the "
    "dead-letter topic ({error_kind}: {error}). Earlier decisions no longer reflect its data: "
    "fix the event and send it again.",
)
REASONS_TRUNCATED = Note(
    "reasons_truncated",
    ReasonCode.REASONS_TRUNCATED,
    Severity.REVIEW,
    "Clearway limit on reasons per decision (CLEARWAY_MAX_REASONS_PER_DECISION)",
    "This decision had {reasons} reasons; the {kept} most severe are shown and {left} are left "
    "out ({summary}). A person must look at the full event.",
)
EVALUATION_DATE_IMPLAUSIBLE = Note(
    "evaluation_date_implausible",
    ReasonCode.EVALUATION_DATE_IMPLAUSIBLE,
    Severity.REVIEW,
    "Clearway check of the evaluation date (CLEARWAY_EVALUATION_WINDOW_DAYS)",
    "The event asks to be judged as of {evaluated_on}, {days_apart} days from when it was "
    "recorded ({recorded_on}), {when}: the law applied is that of the evaluation date, which "
    "the producer chose. A person must confirm that date is intended.",
)
NOTES = (EVENT_REJECTED, REASONS_TRUNCATED, EVALUATION_DATE_IMPLAUSIBLE)
#: the fixed words the notes fill in (translated beside them)
WHEN_AHEAD = "a day that has not come yet"
WHEN_FAR = "a day far from it"
