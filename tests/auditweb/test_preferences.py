"""Each officer's own settings: the language they read in, and the notices they chose on the
page, delivered in that language (a real SMTP server), within what operations allow."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from services.auditweb import caseapi
from services.auditweb.app import build_app
from services.auditweb.db import preferences
from services.auditweb.db.preferences import Channels, Preferences
from services.auditweb.db.projector import project
from services.auditweb.notify import outbox
from services.auditweb.notify.deliver import Deliverer, Smtp
from services.auditweb.reader import Notifier
from services.auditweb.store import SERVICES, DecisionStore
from tests.auditweb.records import SANCTIONS_REASON, T0, decision
from tests.auditweb.serving import serving
from tests.auditweb.test_case_api import OFFICERS, as_, red_case
from tests.auditweb.test_notify import record, smtp_server

CHANNELS = Channels(True, frozenset({"example.org"}), frozenset({"chat.example.org"}))

REFUSED = [
    # (body, what the answer says; why)
    ({"language": "fr"}, "language", "only English and German"),
    ({"subscriptions": "all"}, "a list", "not a list"),
    ({"subscriptions": [{"channel": "sms", "address": "1"}]}, "channel", "no such channel"),
    (
        {"subscriptions": [{"channel": "email", "address": "anna@elsewhere.com"}]},
        "not allowed",
        "mail only to the allowed domains",
    ),
    (
        {"subscriptions": [{"channel": "email", "address": "not a mailbox"}]},
        "not a plain mail address",
        "an address that is no mailbox",
    ),
    (
        {"subscriptions": [{"channel": "webhook", "address": "https://attacker.example/x"}]},
        "not allowed",
        "the page posts only to allowed hosts (no request forgery from the server)",
    ),
    (
        {"subscriptions": [{"channel": "webhook", "address": "http://chat.example.org/x"}]},
        "https",
        "webhooks over https only",
    ),
    (
        {"subscriptions": [{"channel": "email", "address": "a@example.org", "kinds": ["x"]}]},
        "unknown kinds",
        "a kind of news that does not exist",
    ),
    (
        {"subscriptions": [{"channel": "email", "address": "a@example.org", "digest_hour": 24}]},
        "digest_hour",
        "an hour of the day",
    ),
    (
        {"subscriptions": [{"channel": "email", "address": "a@example.org", "services": ["x"]}]},
        "unknown services",
        "a service that does not exist",
    ),
    ({"subscriptions": [{"channel": "email", "address": "a@example.org"}] * 5}, "at most", "cap"),
    (
        {"subscriptions": [{"channel": "email", "address": "postmaster(@example.org"}]},
        "not a plain mail address",
        "a comment the mail library reads, leaving a local mailbox outside the allow-list",
    ),
    (
        {"subscriptions": [{"channel": "email", "address": "x%evil.com@example.org"}]},
        "not a plain mail address",
        "percent routing",
    ),
    (
        {"subscriptions": [{"channel": "email", "address": "a@example.org\n"}]},
        "not a plain mail address",
        "a line break after the address",
    ),
    (
        {"subscriptions": [{"channel": "webhook", "address": "https://chat.example.org:25/x"}]},
        "443",
        "another port on an allowed host",
    ),
    (
        {"subscriptions": [{"channel": "webhook", "address": "https://u@chat.example.org/x"}]},
        "user name",
        "a user name in the address",
    ),
    (
        {
            "subscriptions": [
                {"channel": "webhook", "address": "https://chat.example.org/" + "x" * 3000}
            ]
        },
        "at most",
        "an address of any length, read in every projector batch",
    ),
    (
        {"subscriptions": [{"channel": "email", "address": "a@example.org", "digest_hour": True}]},
        "digest_hour",
        "a bool is no hour",
    ),
    (
        {"subscriptions": [{"channel": "email", "address": "a@example.org", "kinds": {"red": 0}}]},
        "a list of names",
        "kinds as an object",
    ),
]


@pytest.mark.parametrize(("body", "says", "why"), REFUSED, ids=[r[2] for r in REFUSED])
def test_what_an_officer_may_not_choose(body: dict[str, Any], says: str, why: str) -> None:
    found = preferences.checked("anna", body, CHANNELS, SERVICES, preferences.NONE)
    assert isinstance(found, str) and says in found


def test_no_mail_server_no_mail() -> None:
    body = {"subscriptions": [{"channel": "email", "address": "a@example.org"}]}
    found = preferences.checked("anna", body, Channels(False), SERVICES, preferences.NONE)
    assert found == (
        "subscription 1: no mail server or no allowed mail domain is set for notifications"
    )
    body = {"subscriptions": [{"channel": "email", "address": "a@example.org"}]}
    no_domains = preferences.checked("anna", body, Channels(True), SERVICES, preferences.NONE)
    assert isinstance(no_domains, str)  # nothing leaves the organisation unless named


def test_fields_left_out_keep_their_value() -> None:
    """And a change of language never fails on a subscription since disallowed."""
    current = Preferences("de", ({"channel": "email", "address": "a@old.example"},))
    assert preferences.checked("anna", {}, CHANNELS, SERVICES, current) == current
    found = preferences.checked("anna", {"language": "en"}, CHANNELS, SERVICES, current)
    assert found == Preferences("en", current.subscriptions)


def test_subscriptions_are_kept_normalised_and_once() -> None:
    mail = {"channel": "email", "address": "a@example.org", "kinds": ["red", "amber"]}
    found = preferences.checked(
        "anna", {"subscriptions": [mail, dict(mail)]}, CHANNELS, SERVICES, preferences.NONE
    )
    assert found == Preferences(
        None, ({"channel": "email", "address": "a@example.org", "kinds": ["amber", "red"]},)
    )


def test_a_notice_owed_to_a_replaced_subscription_is_never_sent_to_its_successor() -> None:
    """Subscriptions are named by what they ask for, not by their place in the list."""
    first = {"channel": "email", "address": "anna@example.org", "kinds": ["red"]}
    second = {"channel": "email", "address": "team@example.org", "kinds": ["assigned"]}
    name = preferences._subscription("anna", first, "en").name
    assert name != preferences._subscription("anna", second, "en").name
    assert name == preferences._subscription("anna", dict(first), "de").name


def _app(engine: Engine, now: Any) -> Any:
    return build_app(
        DecisionStore(),
        Notifier(),
        credentials=OFFICERS,
        extra_routes=caseapi.routes(engine, clock=lambda: now, channels=CHANNELS),
    )


async def test_an_officer_chooses_german_and_their_notices_on_the_page(engine: Engine) -> None:
    """Anna chooses German and mail of red decisions and of cases assigned to her; a red
    decision and her assignment reach her mailbox in German, and nobody else's."""
    red_case(engine)
    async with (
        serving(_app(engine, T0 + timedelta(hours=1))) as url,
        httpx.AsyncClient(base_url=url) as http,
    ):
        anna = as_("anna")
        got = await http.get("/api/me/preferences", headers=anna)
        assert got.json() == {
            "language": None,
            "subscriptions": [],
            "channels": CHANNELS.as_json(),
        }
        chosen = {
            "language": "de",
            "subscriptions": [
                {
                    "channel": "email",
                    "address": "anna@example.org",
                    "kinds": ["red", "assigned"],
                }
            ],
        }
        cross_site = {k: v for k, v in anna.items() if k != "X-Clearway-Page"}
        forged = await http.put("/api/me/preferences", headers=cross_site, json=chosen)
        assert forged.status_code == 403  # not from the page: no cross-site change
        saved = await http.put("/api/me/preferences", headers=anna, json=chosen)
        assert saved.status_code == 200, saved.text
        assert (await http.get("/api/me", headers=anna)).json()["language"] == "de"
        bad = await http.put("/api/me/preferences", headers=anna, json={"language": "xx"})
        assert bad.status_code == 400
        nested = await http.put("/api/me/preferences", headers=anna, content=b"[" * 10_000)
        assert nested.status_code == 400
        huge = await http.put("/api/me/preferences", headers=anna, content=b" " * 20_000)
        assert huge.status_code == 413
        (case,) = (await http.get("/api/cases", headers=anna)).json()["items"]
        done = await http.post(f"/api/cases/{case['id']}/assign", headers=anna, json={})
        assert done.status_code == 200, done.text
        nobody = await http.get("/api/me/preferences")
        assert nobody.status_code in (401, 403)

    red = decision(
        9, outcome="red_flag", service="screening", subject="P-9", reasons=[SANCTIONS_REASON]
    )
    project(engine, [record(red, 0)], notify=lambda c, b: outbox.on_decisions(c, b, ()))
    with smtp_server() as (inbox, port):
        later = T0 + timedelta(hours=2)
        deliverer = Deliverer(engine, (), Smtp("127.0.0.1", port), None, clock=lambda: later)
        assert await deliverer.once() == 2
    subjects = sorted(m["Subject"] for m in inbox.messages)
    assert subjects == [
        f"[Clearway] Fall {case['id']} Ihnen zugewiesen: screening P-022 (Warnung)",
        "[Clearway] Warnung: screening P-9",
    ]
    assert {m["To"] for m in inbox.messages} == {"anna@example.org"}
    body = inbox.messages[0].get_payload(decode=True).decode()
    assert "Namen und Nachweise stehen nur auf der Seite" in body


async def test_the_page_answers_in_the_officers_language(engine: Engine) -> None:
    """Reports follow the officer's choice, then ``?lang=``; the translations are public."""
    red_case(engine)
    preferences.put(engine, "anna", Preferences("de", ()), T0)
    async with serving(_app(engine, T0)) as url, httpx.AsyncClient(base_url=url) as http:
        texts = (await http.get("/i18n/de.json")).json()
        assert texts["texts"]["Cases"] == "Fälle"
        assert (await http.get("/i18n/fr.json")).status_code == 404
        (case,) = (await http.get("/api/cases", headers=as_("anna"))).json()["items"]
        german = await http.get(f"/api/cases/{case['id']}/report.pdf", headers=as_("anna"))
        english = await http.get(f"/api/cases/{case['id']}/report.pdf?lang=en", headers=as_("anna"))
    assert german.status_code == english.status_code == 200
    assert german.content != english.content


def test_an_address_taken_off_the_allow_list_is_told_nothing(engine: Engine) -> None:
    """Operations narrow what officers may choose: subscriptions kept before are not told
    past the new limit, and one that no longer reads never stops the store."""
    mail = {"channel": "email", "address": "anna@example.org"}
    preferences.put(engine, "anna", Preferences("en", (mail,)), T0)
    preferences.put(engine, "ben", Preferences("en", ({"channel": "sms", "address": "1"},)), T0)
    narrower = Channels(True, frozenset({"example.com"}))
    with engine.connect() as conn:
        assert [s.owner for s in preferences.stored(conn, CHANNELS)] == ["anna"]
        assert preferences.stored(conn, narrower) == []
        assert [s.owner for s in preferences.stored(conn)] == ["anna"]
