"""Who is told of a decision, and what the message says: pure functions of the decision, the
outcome before it and the subscriptions.

A decision is news when it is red, when it is amber, or when re-screening changed it (a
list or rule change turned a partner's green into red, or a red into green). Each
subscriber (an officer's mailbox, a team's chat webhook) chooses which of these and which
services. A message carries no more than the officer's page shows and less: the subject's
id, the service, the outcome (and the one before), the reason codes, a link to the page;
never a name, since names are personal data and the page is where officers see them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["red", "amber", "changed", "assigned", "overdue"]
KINDS: tuple[Kind, ...] = ("red", "amber", "changed", "assigned", "overdue")
#: the contract's triggers of a re-screening
RESCREEN = frozenset({"lists_changed", "versions_changed"})
OUTCOME_TEXT = {"cleared": "cleared", "needs_review": "needs review", "red_flag": "red flag"}


@dataclass(frozen=True, slots=True)
class Subscription:
    """One recipient: a mailbox (``email``) or a chat tool's incoming webhook (``webhook``),
    the kinds of news it wants, and the services it follows (all when ``services`` is
    None)."""

    name: str
    channel: Literal["email", "webhook"]
    address: str
    kinds: frozenset[Kind] = frozenset({"red", "changed"})
    services: frozenset[str] | None = None
    #: the hour (UTC) of a daily digest: the notices of a day in one message; None: at once
    digest_hour: int | None = None

    @staticmethod
    def parse(raw: Mapping[str, Any]) -> Subscription:
        """From settings (``CLEARWAY_AUDIT_NOTIFY_SUBSCRIPTIONS``, a JSON list); refuses what
        it does not know rather than notify nobody silently."""
        channel = raw.get("channel")
        if channel not in ("email", "webhook"):
            raise ValueError(f"subscription {raw.get('name')!r}: channel must be email or webhook")
        kinds = frozenset(raw.get("kinds") or ("red", "changed"))
        unknown = kinds - set(KINDS)
        if unknown:
            raise ValueError(f"subscription {raw.get('name')!r}: unknown kinds {sorted(unknown)}")
        services = raw.get("services")
        hour = raw.get("digest_hour")
        if hour is not None and (not isinstance(hour, int) or not 0 <= hour <= 23):
            raise ValueError(f"subscription {raw.get('name')!r}: digest_hour is 0 to 23")
        return Subscription(
            str(raw["name"]),
            channel,
            str(raw["address"]),
            kinds,
            frozenset(services) if services else None,
            hour,
        )


@dataclass(frozen=True, slots=True)
class Notice:
    """What a decision is news of, in the terms a message may carry."""

    kinds: frozenset[Kind]
    decision_id: str
    service: str
    subject_type: str
    subject_id: str
    outcome: str
    previous_outcome: str | None
    trigger: str | None
    codes: tuple[str, ...]
    #: for news of a case (assigned, overdue): its number
    case_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "kinds": sorted(self.kinds),
            "decision_id": self.decision_id,
            "service": self.service,
            "subject_type": self.subject_type,
            "subject_id": self.subject_id,
            "outcome": self.outcome,
            "previous_outcome": self.previous_outcome,
            "trigger": self.trigger,
            "codes": list(self.codes),
            "case_id": self.case_id,
        }

    @staticmethod
    def from_json(raw: Mapping[str, Any]) -> Notice:
        return Notice(
            frozenset(raw["kinds"]),
            raw["decision_id"],
            raw["service"],
            raw["subject_type"],
            raw["subject_id"],
            raw["outcome"],
            raw.get("previous_outcome"),
            raw.get("trigger"),
            tuple(raw.get("codes") or ()),
            raw.get("case_id"),
        )


def notice(data: Mapping[str, Any], previous_outcome: str | None) -> Notice | None:
    """The news a decision is, or None: red, amber, and a re-screening that changed the
    outcome (green to red above all)."""
    outcome, trigger = str(data.get("outcome")), data.get("trigger")
    kinds: set[Kind] = set()
    if outcome == "red_flag":
        kinds.add("red")
    if outcome == "needs_review":
        kinds.add("amber")
    if trigger in RESCREEN and previous_outcome is not None and previous_outcome != outcome:
        kinds.add("changed")
    if not kinds:
        return None
    reasons = data.get("reasons") if isinstance(data.get("reasons"), list) else []
    return Notice(
        frozenset(kinds),
        str(data["decision_id"]),
        str(data.get("service")),
        str(data.get("subject_type")),
        str(data.get("subject_id")),
        outcome,
        previous_outcome,
        str(trigger) if trigger else None,
        tuple(sorted({str(r.get("code")) for r in reasons or [] if isinstance(r, dict)})),
    )


def case_notice(
    kind: Literal["assigned", "overdue"], case_id: int, service: str, subject_id: str, worst: str
) -> Notice:
    """News of a case: assigned to an officer, or past its due date."""
    return Notice(
        frozenset({kind}),
        f"case-{case_id}",
        service,
        "case",
        subject_id,
        worst,
        None,
        None,
        (),
        case_id,
    )


def recipients(news: Notice, subscriptions: Iterable[Subscription]) -> list[Subscription]:
    """The subscribers who asked for this kind of news from this service."""
    return [
        s
        for s in subscriptions
        if news.kinds & s.kinds and (s.services is None or news.service in s.services)
    ]


def headline(news: Notice) -> str:
    outcome = OUTCOME_TEXT.get(news.outcome, news.outcome)
    if "assigned" in news.kinds:
        return f"Case {news.case_id} assigned to you: {news.service} {news.subject_id} ({outcome})"
    if "overdue" in news.kinds:
        return f"Case {news.case_id} overdue: {news.service} {news.subject_id} ({outcome})"
    if "changed" in news.kinds and news.previous_outcome:
        before = OUTCOME_TEXT.get(news.previous_outcome, news.previous_outcome)
        return f"Re-screening changed {news.service} {news.subject_id}: {before} -> {outcome}"
    return f"{outcome.capitalize()}: {news.service} {news.subject_id}"


def link(news: Notice, page_url: str | None) -> str | None:
    if not page_url:
        return None
    if news.case_id is not None:
        return f"{page_url.rstrip('/')}/#/case/{news.case_id}"
    return f"{page_url.rstrip('/')}/#/subject/{news.subject_id}"


def email(news: Notice, page_url: str | None) -> tuple[str, str]:
    """(subject line, plain-text body)."""
    lines = [
        headline(news),
        "",
        f"Service: {news.service}",
        f"Subject: {news.subject_type} {news.subject_id}",
        f"Outcome: {OUTCOME_TEXT.get(news.outcome, news.outcome)}",
    ]
    if news.previous_outcome:
        lines.append(f"Before: {OUTCOME_TEXT.get(news.previous_outcome, news.previous_outcome)}")
    if news.trigger:
        lines.append(f"Because: {news.trigger.replace('_', ' ')}")
    lines += [f"Reasons: {', '.join(news.codes) or 'none'}", f"Decision: {news.decision_id}"]
    url = link(news, page_url)
    if url:
        lines += ["", f"Open it on the page: {url}"]
    lines += ["", "Names and evidence are on the page only; this message carries none."]
    return f"[Clearway] {headline(news)}", "\n".join(lines) + "\n"


def webhook(news: Notice, key: str, page_url: str | None) -> dict[str, Any]:
    """A body Slack's, Teams' and Matrix's incoming-webhook adapters take (``text``), with
    the notice itself beside it for tools that read fields; ``notification_id`` lets a
    receiver drop a redelivery."""
    url = link(news, page_url)
    text = headline(news) + (f" ({', '.join(news.codes)})" if news.codes else "")
    return {
        "text": text + (f" <{url}>" if url else ""),
        "notification_id": key,
        "clearway": {**news.as_json(), "link": url},
    }


def key(decision_id: str, subscriber: str) -> str:
    """One notice per decision and subscriber: the dedup key."""
    return f"{decision_id}|{subscriber}"


def digest(news: Sequence[Notice], page_url: str | None) -> tuple[str, str]:
    """A day's notices for one subscriber in one message: (subject line, body)."""
    lines = [f"{len(news)} notice(s) since the last digest:", ""]
    for n in news:
        url = link(n, page_url)
        lines.append(f"- {headline(n)}" + (f" ({', '.join(n.codes)})" if n.codes else ""))
        if url:
            lines.append(f"  {url}")
    lines += ["", "Names and evidence are on the page only; this message carries none."]
    return f"[Clearway] Daily digest: {len(news)} notice(s)", "\n".join(lines) + "\n"


def subscriptions_of(raw: Sequence[Mapping[str, Any]]) -> tuple[Subscription, ...]:
    parsed = tuple(Subscription.parse(r) for r in raw)
    names = [s.name for s in parsed]
    if len(names) != len(set(names)):
        raise ValueError("subscription names must be unique")
    return parsed
