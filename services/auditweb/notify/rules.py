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

from services.common.i18n import LANGUAGES, N_, Language, language
from services.common.i18n import text as tr

Kind = Literal["red", "amber", "changed", "assigned", "overdue"]
KINDS: tuple[Kind, ...] = ("red", "amber", "changed", "assigned", "overdue")
#: the contract's triggers of a re-screening
RESCREEN = frozenset({"lists_changed", "versions_changed"})
NO_NAMES = N_("Names and evidence are on the page only; this message carries none.")
OUTCOME_TEXT = {
    "cleared": N_("cleared"),
    "needs_review": N_("needs review"),
    "red_flag": N_("red flag"),
}


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
    #: the language its messages are written in
    language: Language = "en"
    #: the officer it belongs to (told of the cases assigned to them); settings name it
    owner: str | None = None

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
        if hour is not None and (
            not isinstance(hour, int) or isinstance(hour, bool) or not 0 <= hour <= 23
        ):
            raise ValueError(f"subscription {raw.get('name')!r}: digest_hour is 0 to 23")
        if raw.get("language", "en") not in LANGUAGES:
            raise ValueError(f"subscription {raw.get('name')!r}: language is en or de")
        return Subscription(
            str(raw["name"]),
            channel,
            str(raw["address"]),
            kinds,
            frozenset(services) if services else None,
            hour,
            language(raw.get("language")),
            str(raw.get("owner") or raw["name"]),
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


def _outcome(lang: Language, outcome: str) -> str:
    return tr(lang, OUTCOME_TEXT[outcome]) if outcome in OUTCOME_TEXT else outcome


def headline(news: Notice, lang: Language = "en") -> str:
    outcome = _outcome(lang, news.outcome)
    what = {"service": news.service, "subject": news.subject_id, "outcome": outcome}
    if "assigned" in news.kinds:
        return tr(
            lang,
            "Case {case} assigned to you: {service} {subject} ({outcome})",
            case=news.case_id,
            **what,
        )
    if "overdue" in news.kinds:
        return tr(
            lang, "Case {case} overdue: {service} {subject} ({outcome})", case=news.case_id, **what
        )
    if "changed" in news.kinds and news.previous_outcome:
        before = _outcome(lang, news.previous_outcome)
        return tr(
            lang,
            "Re-screening changed {service} {subject}: {before} -> {outcome}",
            before=before,
            **what,
        )
    return f"{outcome[:1].upper()}{outcome[1:]}: {news.service} {news.subject_id}"


def link(news: Notice, page_url: str | None) -> str | None:
    if not page_url:
        return None
    if news.case_id is not None:
        return f"{page_url.rstrip('/')}/#/case/{news.case_id}"
    return f"{page_url.rstrip('/')}/#/subject/{news.subject_id}"


def email(news: Notice, page_url: str | None, lang: Language = "en") -> tuple[str, str]:
    """(subject line, plain-text body), in the subscriber's language."""
    lines = [
        headline(news, lang),
        "",
        tr(lang, "Service: {service}", service=news.service),
        tr(lang, "Subject: {kind} {subject}", kind=news.subject_type, subject=news.subject_id),
        tr(lang, "Outcome: {outcome}", outcome=_outcome(lang, news.outcome)),
    ]
    if news.previous_outcome:
        lines.append(tr(lang, "Before: {outcome}", outcome=_outcome(lang, news.previous_outcome)))
    if news.trigger:
        lines.append(tr(lang, "Because: {trigger}", trigger=news.trigger.replace("_", " ")))
    codes = ", ".join(news.codes) or tr(lang, "none")
    lines += [
        tr(lang, "Reasons: {codes}", codes=codes),
        tr(lang, "Decision: {decision}", decision=news.decision_id),
    ]
    url = link(news, page_url)
    if url:
        lines += ["", tr(lang, "Open it on the page: {url}", url=url)]
    lines += ["", tr(lang, NO_NAMES)]
    return f"[Clearway] {headline(news, lang)}", "\n".join(lines) + "\n"


def webhook(news: Notice, key: str, page_url: str | None, lang: Language = "en") -> dict[str, Any]:
    """A body Slack's, Teams' and Matrix's incoming-webhook adapters take (``text``), with
    the notice itself beside it for tools that read fields; ``notification_id`` lets a
    receiver drop a redelivery."""
    url = link(news, page_url)
    text = _plain(headline(news, lang) + (f" ({', '.join(news.codes)})" if news.codes else ""))
    return {
        "text": text + (f" <{url}>" if url else ""),
        "notification_id": key,
        "clearway": {**news.as_json(), "link": url},
    }


def _plain(text: str) -> str:
    """Text a chat tool shows as text: ``&``, ``<`` and ``>`` escaped as Slack's and Teams'
    message formats ask, so an id can never become a mention (``<!channel>``) or a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def key(decision_id: str, subscriber: str) -> str:
    """One notice per decision and subscriber: the dedup key."""
    return f"{decision_id}|{subscriber}"


def digest(news: Sequence[Notice], page_url: str | None, lang: Language = "en") -> tuple[str, str]:
    """A day's notices for one subscriber in one message: (subject line, body)."""
    lines = [tr(lang, "{n} notice(s) since the last digest:", n=len(news)), ""]
    for n in news:
        url = link(n, page_url)
        lines.append(f"- {headline(n, lang)}" + (f" ({', '.join(n.codes)})" if n.codes else ""))
        if url:
            lines.append(f"  {url}")
    lines += ["", tr(lang, NO_NAMES)]
    subject = tr(lang, "Daily digest: {n} notice(s)", n=len(news))
    return f"[Clearway] {subject}", "\n".join(lines) + "\n"


def subscriptions_of(raw: Sequence[Mapping[str, Any]]) -> tuple[Subscription, ...]:
    parsed = tuple(Subscription.parse(r) for r in raw)
    names = [s.name for s in parsed]
    if len(names) != len(set(names)):
        raise ValueError("subscription names must be unique")
    return parsed
