"""A tiny rule engine shared by the services (the mechanism only; the rules live in
each service's ``rules.py``).

In the style of nomenklatura's matching features: each rule is a small pure function
of a case, whose docstring is its one-line description and whose decorator names the
reason code, default severity, legal basis and message template. A service's rule
set is an ordered tuple of rules (the order is data, and is the order of reasons in
a decision). A rule yields one :class:`Hit` per finding; the hit's evidence fills the
message template, so the sentence an officer reads comes from the rule itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from schemas.decision import Reason, ReasonCode, Severity

C = TypeVar("C", contravariant=True)


@dataclass(frozen=True, slots=True)
class Hit:
    """One finding of a rule. ``severity`` and ``legal_basis`` override the rule's defaults
    where a finding's weight or law differs (for example, per sanctions regime)."""

    evidence: Mapping[str, Any] = field(default_factory=dict)
    severity: Severity | None = None
    legal_basis: str | None = None


@dataclass(frozen=True, slots=True)
class Rule(Generic[C]):
    code: ReasonCode
    severity: Severity
    legal_basis: str
    message: str
    check: Callable[[C], Iterable[Hit]]

    @property
    def name(self) -> str:
        return self.check.__name__

    @property
    def description(self) -> str:
        return (self.check.__doc__ or self.name).strip().splitlines()[0]

    def apply(self, case: C) -> list[Reason]:
        return [
            written(
                self.name,
                self.code,
                hit.severity or self.severity,
                self.message,
                hit.legal_basis or self.legal_basis,
                hit.evidence,
            )
            for hit in self.check(case)
        ]


def written(
    name: str,
    code: ReasonCode,
    severity: Severity,
    message: str,
    legal_basis: str,
    evidence: Mapping[str, Any],
) -> Reason:
    """A reason as every message is written, by a rule or by Clearway itself (``notes``): the
    evidence names its rule, and fills its template (which is how a translation finds it)."""
    found = {"rule": name, **evidence}
    return Reason(
        code=code,
        severity=severity,
        message=render(message, found),
        legal_basis=legal_basis,
        evidence=found,
    )


class _Template(dict[str, Any]):
    """Message values: lists as comma-separated text; a missing key shows, never raises."""

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        if isinstance(value, list | tuple | set | frozenset):
            return ", ".join(str(v) for v in value)
        return value

    def __missing__(self, key: str) -> str:
        return f"<{key}?>"


def render(template: str, values: Mapping[str, Any]) -> str:
    """A message template filled with a finding's evidence: the one way every message is
    written, in English when decided and in a translation when shown (``i18n``)."""
    return template.format_map(_Template(values))


def rule(
    code: ReasonCode, severity: Severity, *, legal_basis: str, message: str
) -> Callable[[Callable[[C], Iterable[Hit]]], Rule[C]]:
    """Declare a rule: ``@rule(ReasonCode.X, Severity.REVIEW, legal_basis=..., message=...)``."""

    def wrap(check: Callable[[C], Iterable[Hit]]) -> Rule[C]:
        return Rule(code, severity, legal_basis, message, check)

    return wrap


def evaluate(rules: Sequence[Rule[C]], case: C) -> tuple[Reason, ...]:
    """Apply the rules in their order; the reasons keep that order."""
    return tuple(reason for r in rules for reason in r.apply(case))
