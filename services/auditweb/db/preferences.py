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

import hashlib
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
MAX_ADDRESS = 2_000
#: a mailbox as officers may give it: a plain local part (no comments, quotes, routing) at a
#: domain of letters, digits and hyphens, so the address the mail server is given is exactly
#: the one checked against the allowed domains
MAILBOX = re.compile(r"[A-Za-z0-9._+-]{1,64}@((?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,63})")
FIELDS = ("channel", "address", "kinds", "services", "digest_hour")


@dataclass(frozen=True, slots=True)
class Channels:
    """Where an officer may have notices sent: e-mail to the allowed domains (once a mail
    server is set), webhooks over https to the allowed hosts. Nothing when none are named:
    a notice leaves the organisation only where operations said it may."""

    email: bool
    email_domains: frozenset[str] = frozenset()
    webhook_hosts: frozenset[str] = frozenset()

    @property
    def mail(self) -> bool:
        return self.email and bool(self.email_domains)

    def as_json(self) -> dict[str, Any]:
        return {
            "email": self.mail,
            "email_domains": sorted(self.email_domains),
            "webhook": bool(self.webhook_hosts),
            "webhook_hosts": sorted(self.webhook_hosts),
        }

    def refuses(self, channel: str, address: str) -> str | None:
        """Why this address may not be chosen, or None."""
        if len(address) > MAX_ADDRESS:
            return f"an address of at most {MAX_ADDRESS} characters"
        if channel == "email":
            if not self.mail:
                return "no mail server or no allowed mail domain is set for notifications"
            found = MAILBOX.fullmatch(address)
            if not found:
                return f"{address!r} is not a plain mail address (name@domain)"
            domain = found.group(1).lower()
            if domain not in self.email_domains:
                return f"mail to {domain} is not allowed ({', '.join(sorted(self.email_domains))})"
            return None
        url = urlsplit(address)
        if url.scheme != "https" or not url.hostname or url.username or url.password:
            return "a webhook is an https:// address without a user name"
        try:
            port = url.port
        except ValueError:
            return "a webhook's port is not a number"
        if port not in (None, 443):
            return "a webhook is on the https port (443)"
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
    ``body`` keep their value (subscriptions kept are not checked again: a change of language
    never fails on an address operations have since disallowed, which is told nothing)."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    language = body.get("language", current.language)
    if language is not None and language not in LANGUAGES:
        return f"language: one of {', '.join(LANGUAGES)}"
    if "subscriptions" not in body:
        return Preferences(language, current.subscriptions)
    raw = body["subscriptions"]
    if not isinstance(raw, list) or len(raw) > MAX_SUBSCRIPTIONS:
        return f"subscriptions: a list of at most {MAX_SUBSCRIPTIONS}"
    kept: list[dict[str, Any]] = []
    for i, item in enumerate(raw):
        found = _checked_one(officer, item, channels, services)
        if isinstance(found, str):
            return f"subscription {i + 1}: {found}"
        if found not in kept:  # the same twice would tell twice
            kept.append(found)
    return Preferences(language, tuple(kept))


def _checked_one(
    officer: str, item: Any, channels: Channels, services: Sequence[str]
) -> dict[str, Any] | str:
    """One subscription as it is kept (its fields normalised), or why not."""
    if not isinstance(item, dict):
        return "a JSON object"
    for name in ("kinds", "services"):
        value = item.get(name)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            return f"{name}: a list of names"
    if isinstance(item.get("digest_hour"), bool):
        return "digest_hour is 0 to 23"
    if not isinstance(item.get("address"), str):
        return "address: text"
    try:
        sub = _subscription(officer, {k: item[k] for k in FIELDS if k in item}, "en")
    except (KeyError, TypeError, ValueError) as exc:
        return str(exc)
    why = channels.refuses(sub.channel, sub.address)
    if why:
        return why
    unknown = sorted(set(sub.services or ()) - set(services))
    if unknown:
        return f"unknown services {unknown}"
    return _kept(sub)


def _kept(sub: Subscription) -> dict[str, Any]:
    kept: dict[str, Any] = {
        "channel": sub.channel,
        "address": sub.address,
        "kinds": sorted(sub.kinds),
    }
    if sub.services is not None:
        kept["services"] = sorted(sub.services)
    if sub.digest_hour is not None:
        kept["digest_hour"] = sub.digest_hour
    return kept


def _subscription(officer: str, item: dict[str, Any], language: str) -> Subscription:
    """An officer's subscription as the notification rules take it, in their language. Its
    name is the officer's and a digest of what it asks for: a notice owed to it is never sent
    to the subscription that takes its place in the list (a replaced one is no longer there,
    and its notices end as dead letters)."""
    if not item.get("kinds"):
        item = {**item, "kinds": list(KINDS)}
    digest = hashlib.sha256(
        json.dumps({k: item.get(k) for k in FIELDS}, sort_keys=True).encode()
    ).hexdigest()[:16]
    return Subscription.parse(
        {**item, "name": f"officer:{officer}:{digest}", "owner": officer, "language": language}
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
                sub = _subscription(officer, item, language or "en")
            except (KeyError, TypeError, ValueError):
                log.warning("officer_subscription_unreadable", index=i)
                continue
            if channels is None or channels.refuses(sub.channel, sub.address) is None:
                found.append(sub)
    return found
