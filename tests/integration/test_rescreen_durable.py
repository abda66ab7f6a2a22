"""Re-screening survives restarts (through the real broker): a rollout with new list files
re-screens at start, publishing a new decision for exactly the partners whose outcome
changed; a restart with nothing changed re-screens nothing; a partner whose latest record
is invalid keeps its one amber decision."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from services import registry
from services.common.runtime import build_app
from services.sanctions.lists import ofac_legacy
from tests.fakes import encode, partner_event
from tests.kafkahelp import create_topics, produce, read_topic, running, settings_for

pytestmark = pytest.mark.kafka
SDN = "data/sanctions/ofac_sdn/sdn_{}_jackdwyer.csv"
CLEAN = ["Fraunhofer Institute for Applied Optics", "Karolinska Institutet"]


@pytest.mark.timeout(300)
async def test_a_rollout_with_new_lists_rescreens_at_start_and_only_once(
    kafka_bootstrap: str, unique: str, shared_dir: Path, tmp_path: Path
) -> None:
    old_path, new_path = (
        shared_dir / SDN.format("2024-05-02"),
        shared_dir / SDN.format("2024-05-03"),
    )
    before = {e.entry_id: e for e in ofac_legacy.parse(old_path.read_bytes(), source="sdn")}
    after = {e.entry_id: e for e in ofac_legacy.parse(new_path.read_bytes(), source="sdn")}
    delisted = sorted(set(before) - set(after))[:4]
    names = {f"P-{n}": before[i] for n, i in enumerate(delisted)}
    current = tmp_path / "sdn.csv"  # the file the deployment mounts
    current.write_bytes(old_path.read_bytes())
    entry = registry.get("screening")
    base = settings_for(kafka_bootstrap, unique).model_dump(exclude_defaults=True)
    settings = entry.settings(
        **base,
        screening_lists=[f"ofac_legacy:{current}"],
        screening_binding_jurisdictions=["EU", "UN", "US"],
        rescreen_state_topic=f"state-{unique}",
        screening_list_min_entries={},
    )
    await create_topics(settings)
    records = [
        (
            pid.encode(),
            encode(
                {
                    **partner_event(0),
                    "id": f"{unique}-{pid}",
                    "data": {
                        "partner_id": pid,
                        "kind": "person" if e.kind == "person" else "organization",
                        "name": e.primary_name,
                        "country": "DE",
                    },
                }
            ),
        )
        for pid, e in names.items()
    ]
    records += [
        (
            f"C-{n}".encode(),
            encode(
                {
                    **partner_event(0),
                    "id": f"{unique}-C-{n}",
                    "data": {
                        "partner_id": f"C-{n}",
                        "kind": "organization",
                        "name": name,
                        "country": "DE",
                    },
                }
            ),
        )
        for n, name in enumerate(CLEAN)
    ]
    bad = {
        **partner_event(0),
        "id": f"{unique}-BAD",
        "data": {"partner_id": "B-1", "kind": "robot"},
    }
    records.append((b"B-1", encode(bad)))
    await produce(kafka_bootstrap, settings.input_topic, records)

    async def run_until(expect: int, settle: float = 4.0) -> list[dict]:  # type: ignore[type-arg]
        definition = entry.definition(settings)
        async with running(build_app(definition, settings)):
            decided = await read_topic(
                kafka_bootstrap, settings.audit_topic, expect=expect, timeout=90, settle=settle
            )
        return decided

    first = await run_until(len(records))  # judged once; the start re-screen adds nothing
    assert len(first) == len(records)
    assert {d["data"]["subject_id"] for d in first if d["data"]["outcome"] == "red_flag"} == set(
        names
    )

    current.write_bytes(new_path.read_bytes())  # the rollout: new list files, then a restart
    second = await run_until(len(records) + len(names))
    rescreens = [d["data"] for d in second if d["data"].get("trigger") == "versions_changed"]
    assert {r["subject_id"] for r in rescreens} == set(names)  # exactly the delisted ones
    assert {r["outcome"] for r in rescreens} == {"cleared"}

    third = await run_until(len(second), settle=6.0)  # nothing changed: nothing re-screened
    assert len(third) == len(second)
    ambers = [d for d in third if d["data"]["subject_id"] == "B-1"]
    assert len(ambers) == 1 and ambers[0]["data"]["outcome"] == "needs_review"
    await asyncio.sleep(0)
