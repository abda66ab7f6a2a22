"""Each officer's own settings, chosen on the page: the language of the page, the
notifications and the reports, and the notices they want (``officer_preferences``).

An officer's subscriptions join those of the settings (a team's shared mailbox or chat):
the projector owes notices to both in the transaction that stores a decision, and the
deliverer reads both each round, so a subscription saved on the page is in force for the next
decision without a restart.

An officer chooses where notices go only within what operations allow: e-mail when a mail
server is set (to the allowed domains, when they are named), and chat webhooks only to
allowed hosts, since the page itself posts to them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, Engine, delete, insert, select

from services.auditweb.db.schema import officer_preferences
from services.auditweb.notify.rules import KINDS, Subscription
from services.common.i18n import LANGUAGES, Language
from services.common.logging import get_logger

log = get_logger(__name__)

#: an officer's subscriptions at most (one per channel and a spare)
MAX_SUBSCRIPTIONS = 4
MAILBOX = re.compile(r"^[^@\s<>,;]{1,64}@([A-Za-z0-9.-]{1,253})$")


@dataclass(frozen=True, slots=True)
class Channels:
    """Where an officer may have notices sent."""

    email: bool
    email_domains: frozenset[str] = frozenset()
    webhook_hosts: frozenset[str] = frozenset()

    def as_json(self) -> dict[str, Any]:
        return {
            "email": self.email,
            "email_domains": sorted(self.email_domains),
            "webhook": bool(self.webhook_hosts),
            "webhook_hosts": sorted(self.webhook_hosts),
        }

    def refuses(self, channel: str, address: str) -> str | None:
        """Why this address may not be chosen, or None."""
        if channel == "email":
            found = MAILBOX.match(address)
            if not self.email:
                return "no mail server is set for notifications"
            if not found:
                return f"{address!r} is not a mail address"
            domain = found.group(1).lower()
            if self.email_domains and domain not in self.email_domains:
                return f"mail to {domain} is not allowed ({', '.join(sorted(self.email_domains))})"
            return None
        url = urlsplit(address)
        if url.scheme != "https" or not url.hostname:
            return "a webhook is an https:// address"
        if url.hostname.lower() not in self.webhook_hosts:
            return f"webhooks to {url.hostname} are not allowed"
        return None


@dataclass(frozen=True, slots=True)
class Preferences:
    #: None: not chosen yet (the page follows the browser)
    language: Language | None
    subscriptions: tuple[dict[str, Any], ...]

    def as_json(self) -> dict[str, Any]:
        return {"language": self.language, "subscriptions": list(self.subscriptions)}


NONE = Preferences(None, ())


def checked(
    officer: str, body: Any, channels: Channels, services: Sequence[str], current: Preferences
) -> Preferences | str:
    """The preferences an officer asks for, or why they cannot be kept. Fields left out of
    ``body`` keep their value."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    language = body.get("language", current.language)
    if language is not None and language not in LANGUAGES:
        return f"language: one of {', '.join(LANGUAGES)}"
    raw = body.get("subscriptions", list(current.subscriptions))
    if not isinstance(raw, list) or len(raw) > MAX_SUBSCRIPTIONS:
        return f"subscriptions: a list of at most {MAX_SUBSCRIPTIONS}"
    kept = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            return "each subscription is a JSON object"
        item = {
            k: item[k]
            for k in ("channel", "address", "kinds", "services", "digest_hour")
            if k in item
        }
        try:
            sub = _subscription(officer, i, item, language or "en")
        except (KeyError, TypeError, ValueError) as exc:
            return f"subscription {i + 1}: {exc}"
        why = channels.refuses(sub.channel, sub.address)
        if why:
            return f"subscription {i + 1}: {why}"
        unknown = sorted(set(sub.services or ()) - set(services))
        if unknown:
            return f"subscription {i + 1}: unknown services {unknown}"
        kept.append(item)
    return Preferences(language, tuple(kept))


def _subscription(officer: str, i: int, item: dict[str, Any], language: str) -> Subscription:
    """An officer's subscription as the notification rules take it: named after the officer
    (so the outbox keys it apart from the settings' ones), in their language."""
    if not item.get("kinds"):
        item = {**item, "kinds": list(KINDS)}
    return Subscription.parse(
        {**item, "name": f"officer:{officer}:{i}", "owner": officer, "language": language}
    )


def get(engine: Engine, officer: str) -> Preferences:
    p = officer_preferences.c
    with engine.connect() as conn:
        row = conn.execute(
            select(p.language, p.subscriptions).where(p.officer == officer)
        ).one_or_none()
    if row is None:
        return NONE
    return Preferences(row.language or None, tuple(json.loads(row.subscriptions)))


def put(engine: Engine, officer: str, preferences: Preferences, now: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(delete(officer_preferences).where(officer_preferences.c.officer == officer))
        conn.execute(
            insert(officer_preferences).values(
                officer=officer,
                language=preferences.language or "",
                subscriptions=json.dumps(list(preferences.subscriptions), sort_keys=True),
                updated_at=now,
            )
        )


def stored(conn: Connection, channels: Channels | None = None) -> list[Subscription]:
    """Every officer's own subscriptions (read in the caller's transaction) that ``channels``
    still allow: an address operations have since taken off the allow-list is told nothing.
    One that no longer reads is left out rather than stop the store that calls this."""
    p = officer_preferences.c
    found = []
    for officer, language, raw in conn.execute(
        select(p.officer, p.language, p.subscriptions).order_by(p.officer)
    ):
        for i, item in enumerate(json.loads(raw)):
            try:
                sub = _subscription(officer, i, item, language or "en")
            except (KeyError, TypeError, ValueError):
                log.warning("officer_subscription_unreadable", index=i)
                continue
            if channels is None or channels.refuses(sub.channel, sub.address) is None:
                found.append(sub)
    return found
