"""``clearway screen``: one party screened as the screening service would, nothing recorded."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from services.cli import app


def test_a_listed_party_is_red_with_its_reasons_and_list_versions() -> None:
    """The UN lists the Atomic Energy Organisation of Iran (IRe.006): binding on an EU
    operator, so red (exit code 1), with the legal basis and the list versions used."""
    result = CliRunner().invoke(
        app, ["screen", "Atomic Energy Organisation of Iran", "--country", "IR"]
    )
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("RED FLAG")
    assert "SANCTIONS_MATCH" in result.stdout and "legal basis:" in result.stdout
    assert "un_sc" in result.stdout and "not recorded" in result.stdout


def test_json_answer_and_the_event_to_record_it() -> None:
    result = CliRunner().invoke(
        app,
        [
            "screen",
            "Acme Research Ltd",
            "--country",
            "GB",
            "--owner",
            "AEROCARIBBEAN AIRLINES:60%:CU",
            "--json",
            "--event",
        ],
    )
    event, decision = (json.loads(line) for line in result.stdout.splitlines()[:2])
    assert event["type"] == "partner.upserted" and event["data"]["owners"][0]["share"] == 0.6
    assert decision["recorded"] is False and decision["lists_version"]
    assert decision["outcome"] in ("needs_review", "red_flag")  # a listed owner, 60 %


def test_an_unlisted_name_is_cleared_and_a_bad_kind_refused() -> None:
    runner = CliRunner()
    clean = runner.invoke(app, ["screen", "Fraunhofer-Gesellschaft", "--country", "DE"])
    assert clean.exit_code == 0 and clean.stdout.startswith("CLEARED"), clean.output
    assert runner.invoke(app, ["screen", "X", "--kind", "vessel"]).exit_code == 2
