"""Notifications through the real broker: the screening service decides red on the broker,
the page's store takes the decision from the audit topic, and the officer's mailbox (a real
SMTP server, aiosmtpd) and the team's chat webhook (a real HTTP receiver) are told, once."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from services import registry
from services.auditweb.serve import from_settings
from services.auditweb.settings import AuditSettings
from services.common.runtime import build_app
from tests.auditweb.serving import serving
from tests.auditweb.test_notify import receiver, smtp_server
from tests.fakes import encode, partner_event
from tests.kafkahelp import produce, read_topic, running, screening_with_page_reviews

pytestmark = pytest.mark.kafka


@pytest.mark.timeout(240)
async def test_a_red_decision_reaches_the_mailbox_and_the_chat(
    kafka_bootstrap: str, unique: str, shared_dir: Path, tmp_path: Path
) -> None:
    settings, _ = await screening_with_page_reviews(
        kafka_bootstrap, unique, shared_dir / "data/sanctions/ofac_sdn/sdn_2024-05-03_jackdwyer.csv"
    )
    entry = registry.get("screening")
    partner = {**partner_event(1, name="AEROCARIBBEAN AIRLINES", country="CU"), "id": f"{unique}-1"}
    with smtp_server() as (inbox, port):
        async with receiver() as (hooks, url):
            page = AuditSettings(
                kafka_bootstrap_servers=kafka_bootstrap,
                audit_topic=settings.audit_topic,
                audit_event_topics=[settings.input_topic],
                audit_database_url=f"sqlite:///{tmp_path / 'store.db'}",
                audit_notify_subscriptions=[
                    {"name": "anna", "channel": "email", "address": "anna@example.org"},
                    {
                        "name": "team",
                        "channel": "webhook",
                        "address": url + "/hook",
                        "language": "de",
                    },
                ],
                audit_smtp_host="127.0.0.1",
                audit_smtp_port=port,
                audit_page_url="https://clearway.example.org",
                audit_notify_interval_seconds=0.2,
            )
            async with (
                running(build_app(entry.definition(settings), settings)),
                serving(from_settings(page)),
            ):
                await produce(kafka_bootstrap, settings.input_topic, [(b"P-1", encode(partner))])
                (made,) = await read_topic(kafka_bootstrap, settings.audit_topic, expect=1)
                assert made["data"]["outcome"] == "red_flag"
                for _ in range(300):
                    if inbox.messages and hooks:
                        break
                    await asyncio.sleep(0.1)
                await asyncio.sleep(1)  # and nothing more comes
    subject = made["data"]["subject_id"]
    (mail,) = inbox.messages
    assert mail["Subject"] == f"[Clearway] Red flag: screening {subject}"
    assert made["data"]["decision_id"] in mail.get_payload()
    (hook,) = hooks
    assert hook["clearway"]["decision_id"] == made["data"]["decision_id"]
    assert hook["text"].startswith(f"Warnung: screening {subject}")  # the team reads German
    assert "AEROCARIBBEAN" not in mail.get_payload() and "AEROCARIBBEAN" not in str(hook)
