"""The reviewer loop through the real broker, and review state rebuilt on restart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services import registry
from services.common.kafka import TopicSpec, ensure_topics
from services.common.runtime import build_app
from tests.fakes import REVIEW_KEYS, encode, partner_event, trusted_review
from tests.kafkahelp import create_topics, produce, read_topic, running, settings_for

#: these scenarios are about the SDN list: an operator with a US nexus, for whom US listings bind
US_BINDS = ["EU", "UN", "US"]
pytestmark = pytest.mark.kafka


@pytest.mark.timeout(180)
async def test_a_false_positive_stops_being_raised_until_the_partner_changes(
    kafka_bootstrap: str, unique: str, shared_dir: Path
) -> None:
    sdn = shared_dir / "data/sanctions/ofac_sdn/sdn_2024-05-03_jackdwyer.csv"
    entry = registry.get("screening")
    base = settings_for(kafka_bootstrap, unique).model_dump(exclude_defaults=True)
    settings = entry.settings(
        **base,
        screening_lists=[str(sdn)],
        screening_binding_jurisdictions=US_BINDS,
        review_topic=f"review-{unique}",
        review_keys=REVIEW_KEYS,
    )
    await create_topics(settings)
    await ensure_topics(
        {"bootstrap_servers": kafka_bootstrap},
        [TopicSpec(settings.review_topic, 1, config={"cleanup.policy": "compact"})],
    )
    partner = {**partner_event(1, name="AEROCARIBBEAN AIRLINES", country="CU"), "id": f"{unique}-1"}

    async with running(build_app(entry.definition(settings), settings)):
        await produce(kafka_bootstrap, settings.input_topic, [(b"P-1", encode(partner))])
        (first,) = await read_topic(kafka_bootstrap, settings.audit_topic, expect=1)
        assert first["data"]["outcome"] == "red_flag"
        evidence = [
            r["evidence"] for r in first["data"]["reasons"] if r["code"] == "SANCTIONS_MATCH"
        ]
        reviews = [
            (
                f"P-1/{e['list']}/{e['entry_id']}".encode(),
                encode(
                    trusted_review(
                        {
                            "specversion": "1.0",
                            "id": f"{unique}-review-{i}",
                            "source": "/officers",
                            "type": "review.recorded",
                            "data": {
                                "partner_id": "P-1",
                                "list": e["list"],
                                "entry_id": e["entry_id"],
                                "verdict": "false_positive",
                                "reviewer": "officer-9",
                                "partner_fingerprint": e["partner_fingerprint"],
                                "entry_fingerprint": e["entry_fingerprint"],
                            },
                        }
                    )
                ),
            )
            for i, e in enumerate(evidence)
        ]
        await produce(kafka_bootstrap, settings.review_topic, reviews)
        import asyncio

        await asyncio.sleep(2)  # the follower applies the reviews
        await produce(
            kafka_bootstrap,
            settings.input_topic,
            [(b"P-1", encode({**partner, "id": f"{unique}-2"}))],
        )
        decisions = await read_topic(kafka_bootstrap, settings.audit_topic, expect=2)
    second = next(d for d in decisions if d["data"]["source_event_id"] == f"{unique}-2")["data"]
    assert second["outcome"] == "cleared"
    assert {r["code"] for r in second["reasons"]} == {"FALSE_POSITIVE_SUPPRESSED"}

    # a restart rebuilds the review state from the topic: still suppressed
    async with running(build_app(entry.definition(settings), settings)):
        await produce(
            kafka_bootstrap,
            settings.input_topic,
            [(b"P-1", encode({**partner, "id": f"{unique}-3"}))],
        )
        changed = {
            **partner,
            "id": f"{unique}-4",
            "data": {**partner["data"], "aliases": ["AERO-CARIBBEAN"]},
        }  # the partner's data changes
        await produce(kafka_bootstrap, settings.input_topic, [(b"P-1", encode(changed))])
        decisions = await read_topic(kafka_bootstrap, settings.audit_topic, expect=4)
    by_id = {d["data"]["source_event_id"]: d["data"] for d in decisions}
    assert by_id[f"{unique}-3"]["outcome"] == "cleared"
    assert by_id[f"{unique}-4"]["outcome"] == "red_flag"  # raised again once the partner changed
    print(f"\nreview loop: {json.dumps({k[-1]: v['outcome'] for k, v in sorted(by_id.items())})}")


@pytest.mark.timeout(180)
async def test_a_false_positive_is_raised_again_when_the_entry_changes(
    kafka_bootstrap: str, unique: str, shared_dir: Path, tmp_path: Path
) -> None:
    import asyncio

    from tests.listserver import serve

    original = (shared_dir / "data/sanctions/ofac_sdn/sdn_2024-05-03_jackdwyer.csv").read_bytes()
    served = tmp_path / "sdn.csv"
    served.write_bytes(original)
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
            review_keys=REVIEW_KEYS,
        )
        await create_topics(settings)
        await ensure_topics(
            {"bootstrap_servers": kafka_bootstrap},
            [TopicSpec(settings.review_topic, 1, config={"cleanup.policy": "compact"})],
        )
        definition = entry.definition(settings)
        lists = definition.routes["/lists"]
        partner = {
            **partner_event(1, name="AEROCARIBBEAN AIRLINES", country="CU"),
            "id": f"{unique}-1",
        }
        async with running(build_app(definition, settings)):
            await produce(kafka_bootstrap, settings.input_topic, [(b"P-1", encode(partner))])
            (first,) = await read_topic(kafka_bootstrap, settings.audit_topic, expect=1)
            (e,) = [
                r["evidence"] for r in first["data"]["reasons"] if r["code"] == "SANCTIONS_MATCH"
            ]
            await produce(
                kafka_bootstrap,
                settings.review_topic,
                [
                    (
                        b"P-1/us_ofac_sdn/36",
                        encode(
                            trusted_review(
                                {
                                    "specversion": "1.0",
                                    "id": f"{unique}-review",
                                    "source": "/officers",
                                    "type": "review.recorded",
                                    "data": {
                                        "partner_id": "P-1",
                                        "list": e["list"],
                                        "entry_id": e["entry_id"],
                                        "verdict": "false_positive",
                                        "reviewer": "officer-9",
                                        "partner_fingerprint": e["partner_fingerprint"],
                                        "entry_fingerprint": e["entry_fingerprint"],
                                    },
                                }
                            )
                        ),
                    )
                ],
            )
            await asyncio.sleep(2)
            await produce(
                kafka_bootstrap,
                settings.input_topic,
                [(b"P-1", encode({**partner, "id": f"{unique}-2"}))],
            )
            await read_topic(kafka_bootstrap, settings.audit_topic, expect=2)
            # the publisher changes the entry (a new remark with a date of birth)
            version = lists()[0]["version"]
            served.write_bytes(
                original.replace(
                    b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
                    b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. \'AEROCARIBE\'."',
                )
            )
            for _ in range(100):
                if lists()[0]["version"] != version:
                    break
                await asyncio.sleep(0.1)
            await produce(
                kafka_bootstrap,
                settings.input_topic,
                [(b"P-1", encode({**partner, "id": f"{unique}-3"}))],
            )
            decisions = await read_topic(kafka_bootstrap, settings.audit_topic, expect=4, settle=2)
    by_id = {
        d["data"]["source_event_id"]: d["data"] for d in decisions if "trigger" not in d["data"]
    }
    assert by_id[f"{unique}-2"]["outcome"] == "cleared"  # suppressed while nothing changed
    assert by_id[f"{unique}-3"]["outcome"] == "red_flag"  # the entry changed: raised again
