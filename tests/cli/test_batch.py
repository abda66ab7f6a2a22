"""``clearway check``: the contract's batch mode, no Kafka."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from services.cli import app
from tests.fakes import REVIEW_KEYS, trusted_review

SAMPLES = Path(__file__).resolve().parents[2] / "examples" / "events.jsonl"


def test_check_writes_one_line_per_input_line_in_order(tmp_path: Path) -> None:
    lines = [x for x in SAMPLES.read_text().splitlines() if "publication.review" in x]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([lines[0], "{broken", lines[1]]) + "\n")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        app, ["check", "publication", "--input", str(source), "--output", str(out)]
    )
    assert result.exit_code == 3, result.output  # a record was dead-lettered
    written = [json.loads(x) for x in out.read_text().splitlines()]
    assert [w["type"] for w in written] == [
        "compliance.decision.made",
        "compliance.deadletter.recorded",
        "compliance.decision.made",
    ]
    assert written[0]["data"]["source_event_id"] == json.loads(lines[0])["id"]
    assert written[1]["data"]["original"]["offset"] == 2
    assert "2 decisions (1 red), 1 dead letters" in result.stderr


def test_check_reads_stdin() -> None:
    text = SAMPLES.read_text()
    result = CliRunner().invoke(
        app, ["check", "publication", "--input", "-", "--output", "-"], input=text
    )
    assert result.exit_code == 3  # the other services' events are dead letters here
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(out) == len(text.splitlines())  # one line out per line in, in order
    outcomes = [x["data"]["outcome"] for x in out if x["type"] == "compliance.decision.made"]
    # the first sample is a Horizon Europe publication in order: amber, since the preset's
    # periods are not verified against the MGA's text and no deployment confirmed them
    assert outcomes == ["needs_review", "red_flag", "red_flag", "red_flag", "needs_review"]


def test_unknown_service_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["check", "tax", "--input", "-"], input="")
    assert result.exit_code == 2


#: the SDN scenarios below: an operator with a US nexus, for whom US listings bind
US_BINDS = {"CLEARWAY_SCREENING_BINDING_JURISDICTIONS": '["EU", "UN", "US"]'}


def test_screening_batch_with_lists_names_the_list_used(tmp_path: Path) -> None:
    shared = Path(__file__).resolve().parents[3] / "shared" / "data" / "sanctions"
    events = [x for x in SAMPLES.read_text().splitlines() if "partner.upserted" in x]
    source = tmp_path / "partners.jsonl"
    source.write_text("\n".join(events) + "\n")
    result = CliRunner().invoke(
        app,
        [
            "check",
            "screening",
            "--input",
            str(source),
            "--lists",
            f"ofac_legacy:{shared / 'ofac_sdn' / 'sdn_2024-05-03_jackdwyer.csv'}",
        ],
        env=US_BINDS,
    )
    assert result.exit_code == 1, result.output  # P-022 is red
    decisions = [json.loads(x)["data"] for x in result.stdout.splitlines()]
    assert len(decisions) == len(events)
    assert all(set(d["lists_version"]) == {"us_ofac_sdn"} for d in decisions)
    by_subject = {d["subject_id"]: d for d in decisions}
    assert by_subject["P-022"]["outcome"] == "red_flag"
    assert by_subject["P-021"]["outcome"] == "cleared"


def test_screening_batch_with_a_broken_list_never_clears(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>")
    events = [x for x in SAMPLES.read_text().splitlines() if "partner.upserted" in x]
    result = CliRunner().invoke(
        app, ["check", "screening", "--input", "-", "--lists", str(broken)], input="\n".join(events)
    )
    assert result.exit_code == 1, result.output  # P-026 in Russia is red
    outcomes = {json.loads(x)["data"]["outcome"] for x in result.stdout.splitlines()}
    assert "cleared" not in outcomes
    assert all("LISTS_UNAVAILABLE" in x for x in result.stdout.splitlines())


def test_screening_batch_takes_reviews_as_an_input(tmp_path: Path) -> None:
    """A replay in batch mode decides as the service does when given the same reviews."""
    shared = Path(__file__).resolve().parents[3] / "shared" / "data" / "sanctions"
    sdn = f"ofac_legacy:{shared / 'ofac_sdn' / 'sdn_2024-05-03_jackdwyer.csv'}"
    event = next(x for x in SAMPLES.read_text().splitlines() if '"P-022"' in x)
    first = CliRunner().invoke(
        app, ["check", "screening", "--input", "-", "--lists", sdn], input=event, env=US_BINDS
    )
    matches = [
        r["evidence"]
        for r in json.loads(first.stdout)["data"]["reasons"]
        if r["code"] == "SANCTIONS_MATCH"
    ]
    assert matches
    reviews = tmp_path / "reviews.jsonl"
    reviews.write_text(
        "".join(
            json.dumps(
                trusted_review(
                    {
                        "specversion": "1.0",
                        "id": f"rv-{i}",
                        "source": "/officers",
                        "type": "review.recorded",
                        "time": "2026-11-21T10:00:00Z",
                        "data": {
                            "partner_id": "P-022",
                            "list": e["list"],
                            "entry_id": e["entry_id"],
                            "verdict": "false_positive",
                            "reviewer": "officer-9",
                            "partner_fingerprint": e["partner_fingerprint"],
                            "entry_fingerprint": e["entry_fingerprint"],
                        },
                    }
                )
            )
            + "\n"
            for i, e in enumerate(matches)
        )
    )
    second = CliRunner().invoke(
        app,
        ["check", "screening", "--input", "-", "--lists", sdn, "--reviews", str(reviews)],
        input=event,
        env={**US_BINDS, "CLEARWAY_REVIEW_KEYS": json.dumps(REVIEW_KEYS)},
    )
    assert second.exit_code == 0, second.output
    codes = [r["code"] for r in json.loads(second.stdout)["data"]["reasons"]]
    assert "SANCTIONS_MATCH" not in codes and "FALSE_POSITIVE_SUPPRESSED" in codes
    assert (
        CliRunner()
        .invoke(app, ["check", "gdpr", "--input", "-", "--reviews", str(reviews)], input="")
        .exit_code
        == 2
    )


def test_exit_codes_say_red_and_dead_letters_for_scripts() -> None:
    lines = [x for x in SAMPLES.read_text().splitlines() if "publication.review" in x]
    outcomes = []
    for line in lines:
        result = CliRunner().invoke(app, ["check", "publication", "--input", "-"], input=line)
        outcome = json.loads(result.stdout)["data"]["outcome"]
        outcomes.append(outcome)
        assert result.exit_code == (1 if outcome == "red_flag" else 0), (outcome, result.stderr)
    assert "red_flag" in outcomes and "needs_review" in outcomes
    broken = CliRunner().invoke(app, ["check", "publication", "--input", "-"], input="{x\n")
    assert broken.exit_code == 3
