"""Re-screening through the real broker when a list changes, with real consecutive SDN
versions: exactly the partners whose outcome or matches change get a new decision."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from services import registry
from services.common.runtime import build_app
from services.sanctions.lists import ofac_legacy
from tests.fakes import encode, partner_event
from tests.kafkahelp import create_topics, produce, read_topic, running, settings_for
from tests.listserver import serve

#: these scenarios are about the SDN list: an operator with a US nexus, for whom US listings bind
US_BINDS = ["EU", "UN", "US"]
pytestmark = pytest.mark.kafka
SDN = "data/sanctions/ofac_sdn/sdn_{}_jackdwyer.csv"
CLEAN = [
    "Fraunhofer Institute for Applied Optics",
    "Technische Universitaet Dresden",
    "Karolinska Institutet",
    "Universidade de Coimbra",
    "Politecnico di Milano",
]


def entries(path: Path) -> dict[str, tuple[str, str]]:
    return {
        e.entry_id: (e.primary_name, e.kind)
        for e in ofac_legacy.parse(path.read_bytes(), source="sdn")
    }


@pytest.mark.timeout(240)
@pytest.mark.parametrize(
    ("old", "new", "delta"),
    [
        ("2024-05-02", "2024-05-03", "removed"),  # a delisting-only delta: 8 entries removed
        ("2021-08-18", "2024-05-03", "added"),  # the large delta: 6,761 added
    ],
)
async def test_rescreen_publishes_exactly_the_changed_partners(
    kafka_bootstrap: str,
    unique: str,
    shared_dir: Path,
    tmp_path: Path,
    old: str,
    new: str,
    delta: str,
) -> None:
    old_path, new_path = shared_dir / SDN.format(old), shared_dir / SDN.format(new)
    before, after = entries(old_path), entries(new_path)
    changed_ids = (
        sorted(set(before) - set(after)) if delta == "removed" else sorted(set(after) - set(before))
    )
    source = before if delta == "removed" else after
    # partners named after changed entries (distinct, unambiguous names), and clean partners
    picked = (
        changed_ids
        if delta == "removed"
        else [
            i
            for i in changed_ids
            if source[i][1] in ("person", "organization") and len(source[i][0]) > 12
        ][:8]
    )
    names = {
        f"P-{n}": (source[i][0], "person" if source[i][1] == "person" else "organization")
        for n, i in enumerate(picked)
    }
    names |= {f"P-C{n}": (name, "organization") for n, name in enumerate(CLEAN)}

    served = tmp_path / "sdn.csv"
    served.write_bytes(old_path.read_bytes())
    entry = registry.get("screening")
    with serve(served) as server:
        base = settings_for(kafka_bootstrap, unique).model_dump(exclude_defaults=True)
        settings = entry.settings(
            **base,
            screening_lists=[f"ofac_legacy:{server.url}"],
            screening_binding_jurisdictions=US_BINDS,
            screening_refresh_seconds=0.5,
            screening_cache_dir=tmp_path / "cache",
            review_topic=f"review-{unique}",
        )
        await create_topics(settings)
        definition = entry.definition(settings)
        lists = definition.routes["/lists"]
        async with running(build_app(definition, settings)):
            await produce(
                kafka_bootstrap,
                settings.input_topic,
                [
                    (
                        pid.encode(),
                        encode(
                            {
                                **partner_event(0, name=name, kind=kind, country=None),
                                "id": f"{unique}-{pid}",
                                "data": {
                                    "partner_id": pid,
                                    "kind": kind,
                                    "name": name,
                                    "country": "DE",
                                },
                            }
                        ),
                    )
                    for pid, (name, kind) in names.items()
                ],
            )
            first = await read_topic(kafka_bootstrap, settings.audit_topic, expect=len(names))
            old_version = lists()[0]["version"]
            served.write_bytes(new_path.read_bytes())  # the publisher updates the list
            started = time.monotonic()
            for _ in range(300):
                if lists()[0]["version"] != old_version:
                    break
                await asyncio.sleep(0.1)
            decisions = await read_topic(
                kafka_bootstrap,
                settings.audit_topic,
                expect=len(names) + len(picked),
                timeout=60,
                settle=3,
            )
            seconds = time.monotonic() - started
    rescreens = {d["data"]["subject_id"]: d["data"] for d in decisions if d["data"].get("trigger")}
    outcomes_before = {d["data"]["subject_id"]: d["data"]["outcome"] for d in first}
    print(
        f"\n{old} -> {new}: {len(rescreens)} of {len(names)} partners re-decided in {seconds:.1f}s"
    )
    assert set(rescreens) == {f"P-{n}" for n in range(len(picked))}
    expected = "cleared" if delta == "removed" else "red_flag"
    assert {r["outcome"] for r in rescreens.values()} == {expected}
    assert {outcomes_before[p] for p in rescreens} == {
        "red_flag" if delta == "removed" else "cleared"
    }
    assert all(r["previous_lists_version"] != r["lists_version"] for r in rescreens.values())
