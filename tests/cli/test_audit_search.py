"""``clearway audit search`` reads the page's decision store."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from services.auditweb.db.migrate import engine_for, upgrade
from services.auditweb.db.projector import Record, project
from services.cli import app
from tests.auditweb.records import SANCTIONS_REASON, T0, decision


def test_search_finds_decisions_by_name_and_outcome(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = engine_for(url)
    upgrade(engine)
    values = [
        decision(
            1, outcome="red_flag", service="screening", subject="P-022", reasons=[SANCTIONS_REASON]
        ),
        decision(2, outcome="cleared", service="gdpr"),
    ]
    start = int(T0.timestamp() * 1000)
    project(engine, [Record("audit", 0, i, v, start + i) for i, v in enumerate(values)])
    runner = CliRunner()
    found = runner.invoke(app, ["audit", "search", "--database", url, "--name", "banco", "--json"])
    assert found.exit_code == 0, found.output
    (line,) = found.stdout.splitlines()
    assert json.loads(line)["data"]["subject_id"] == "P-022"
    green = runner.invoke(app, ["audit", "search", "--database", url, "--outcome", "cleared"])
    assert green.exit_code == 0 and "S-002" in green.stdout
    bad = runner.invoke(app, ["audit", "search", "--database", url, "--outcome", "maybe"])
    assert bad.exit_code == 2
