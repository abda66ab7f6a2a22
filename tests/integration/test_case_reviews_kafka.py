"""The officer's loop through the real broker (issue 20, items 2 and 3): a red decision
opens a case in the store; one officer records a false positive, a second approves it; the
page writes the signed review to the review topic; the partner's next decision shows the
suppression, and both names are on the review."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from services import registry
from services.auditweb import cases
from services.auditweb.cases import Done, Role, User
from services.auditweb.db import casestore
from services.auditweb.db.migrate import engine_for, upgrade
from services.auditweb.db.projector import Record, project
from services.auditweb.recorder import ReviewRecorder
from services.common.integrity import SigningKey
from services.common.kafka import TopicSpec, ensure_topics
from services.common.runtime import build_app
from tests.fakes import encode, partner_event
from tests.kafkahelp import create_topics, produce, read_topic, running, settings_for

pytestmark = pytest.mark.kafka

ANNA = User("anna", frozenset({Role.REVIEWER}))
BEN = User("ben", frozenset({Role.APPROVER}))


@pytest.mark.timeout(180)
async def test_a_false_positive_recorded_and_approved_on_the_page_suppresses_the_match(
    kafka_bootstrap: str, unique: str, shared_dir: Path, tmp_path: Path
) -> None:
    page_key = SigningKey.generate("clearway-review-recorder")
    sdn = shared_dir / "data/sanctions/ofac_sdn/sdn_2024-05-03_jackdwyer.csv"
    entry = registry.get("screening")
    base = settings_for(kafka_bootstrap, unique).model_dump(exclude_defaults=True)
    settings = entry.settings(
        **base,
        screening_lists=[str(sdn)],
        screening_binding_jurisdictions=["EU", "UN", "US"],
        review_topic=f"review-{unique}",
        review_keys={page_key.key_id: page_key.public},
    )
    await create_topics(settings)
    await ensure_topics(
        {"bootstrap_servers": kafka_bootstrap},
        [TopicSpec(settings.review_topic, 1, config={"cleanup.policy": "compact"})],
    )
    engine = engine_for(f"sqlite:///{tmp_path / 'store.db'}")
    upgrade(engine)
    partner = {**partner_event(1, name="AEROCARIBBEAN AIRLINES", country="CU"), "id": f"{unique}-1"}
    recorder = ReviewRecorder(
        {"bootstrap_servers": kafka_bootstrap}, settings.review_topic, page_key
    )
    await recorder.start()
    try:
        async with running(build_app(entry.definition(settings), settings)):
            await produce(kafka_bootstrap, settings.input_topic, [(b"P-1", encode(partner))])
            (first,) = await read_topic(kafka_bootstrap, settings.audit_topic, expect=1)
            assert first["data"]["outcome"] == "red_flag"
            raw = json.dumps(first).encode()
            project(engine, [Record(settings.audit_topic, 0, 0, raw, 1_795_000_000_000)])
            ((case_id, case),) = casestore.queue(engine, "open")
            assert case.worst == "red_flag"
            now = datetime.now(UTC)
            matches = [
                r["evidence"] for r in first["data"]["reasons"] if r["code"] == "SANCTIONS_MATCH"
            ]
            assert len(matches) == 1, "one listed entry: one review closes the case"
            match = matches[0]
            reviewed = casestore.act(
                engine,
                case_id,
                lambda c: cases.review(
                    c,
                    ANNA,
                    list_name=match["list"],
                    entry_id=match["entry_id"],
                    verdict="false_positive",
                    note="an airline of the same name that is not the listed one",
                    decision_id=first["data"]["decision_id"],
                    match_outcome="red_flag",
                    at=now,
                    partner_fingerprint=match["partner_fingerprint"],
                    entry_fingerprint=match["entry_fingerprint"],
                ),
            )
            assert isinstance(reviewed, Done) and reviewed.review is None  # waits for ben
            approved = casestore.act(engine, case_id, lambda c: cases.approve(c, BEN, now))
            assert isinstance(approved, Done) and approved.review is not None
            written = [await recorder.record(approved.review)]
            assert written and written[0]["data"]["first_reviewer"]["reviewer"] == "anna"
            await asyncio.sleep(2)  # the screening service follows the review topic
            await produce(
                kafka_bootstrap,
                settings.input_topic,
                [(b"P-1", encode({**partner, "id": f"{unique}-2"}))],
            )
            decisions = await read_topic(kafka_bootstrap, settings.audit_topic, expect=2)
    finally:
        await recorder.stop()
    second = next(d for d in decisions if d["data"]["source_event_id"] == f"{unique}-2")["data"]
    suppressed = [r for r in second["reasons"] if r["code"] == "FALSE_POSITIVE_SUPPRESSED"]
    assert suppressed, second["reasons"]
    assert suppressed[0]["evidence"]["reviewers"] == ["anna", "ben"]
