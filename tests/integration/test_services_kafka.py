"""Every registered service through the real broker: the sample events of its type plus
poison records. Its decisions on the audit topic must be exactly what batch mode
produces for the same events (same decision code, only the transport differs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services import registry
from services.common.batch import judge_lines
from services.common.pipeline import Judge
from services.common.runtime import build_app
from services.common.version import code_version
from tests.fakes import POISON, REJECTED_EVENTS
from tests.kafkahelp import (
    committed_offsets,
    create_topics,
    produce,
    read_topic,
    running,
    settings_for,
    unsealed,
)

pytestmark = pytest.mark.kafka
SAMPLES = Path(__file__).resolve().parents[2] / "examples" / "events.jsonl"


@pytest.mark.parametrize("name", registry.names())
async def test_service_end_to_end_matches_batch_mode(
    kafka_bootstrap: str, unique: str, name: str
) -> None:
    entry = registry.get(name)
    settings = settings_for(kafka_bootstrap, unique)
    settings = entry.settings(**settings.model_dump(exclude_defaults=True))
    definition = entry.definition(settings)
    lines = [
        line
        for line in SAMPLES.read_bytes().splitlines()
        if json.loads(line)["type"] in definition.accepted_types
    ]
    assert lines, f"examples/events.jsonl has no events for {name}"
    judge = Judge(
        definition, max_record_bytes=settings.max_record_bytes, code_version=code_version()
    )
    expected = {
        json.loads(e.value)["data"]["source_event_id"]: json.loads(e.value)
        for e in judge_lines(judge, lines, source="samples")
    }

    await create_topics(settings)
    await produce(
        kafka_bootstrap,
        settings.input_topic,
        [(None, line) for line in lines] + [(None, value) for value, _ in POISON],
    )
    # the poison records are partner events: the screening service also writes an amber
    # decision for each partner they name; the others do not judge partner events
    ambers = len(REJECTED_EVENTS) if name == "screening" else 0
    async with running(build_app(definition, settings)):
        everything = await read_topic(
            kafka_bootstrap, settings.audit_topic, expect=len(lines) + ambers
        )
        letters = await read_topic(kafka_bootstrap, settings.deadletter_topic, expect=len(POISON))
    decisions = [d for d in everything if d["data"]["rules_version"] != "rejected"]
    assert len(everything) - len(decisions) == ambers
    got = {d["data"]["source_event_id"]: unsealed(d) for d in decisions}
    assert len(decisions) == len(lines)
    assert got == expected  # the same decisions as batch mode, signed and chained besides
    assert all(d["clearwaysig"] and d["clearwaykeyid"] for d in decisions)
    assert len(letters) == len(POISON)
    assert all(x["data"]["error_kind"] and x["data"]["error"] for x in letters)
    committed, ends = await committed_offsets(
        kafka_bootstrap, settings.group_id, settings.input_topic
    )
    assert committed == ends
