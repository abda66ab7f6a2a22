"""Updating Annex I from a delegated regulation: validated, versioned, recorded."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.cli import app
from services.export_control import reference
from services.export_control.annex import AmendmentError, apply

ANNEX = json.loads((reference.DATA_DIR / "annex_i.json").read_text())
AMENDMENT = {
    "regulation": "Commission Delegated Regulation (EU) 2026/123",
    "valid_from": "2026-12-15",
    "add": [
        {"code": "4A906", "title": "Quantum computers", "annex_iv": False, "confidence": "low"}
    ],
    "change": [{"code": "3A001", "title": "Electronic components (amended)"}],
    "remove": ["1A102"],
}


def test_an_amendment_adds_changes_removes_and_versions() -> None:
    result = apply(ANNEX, AMENDMENT, date(2026, 1, 15))
    latest = result["versions"][-1]
    codes = {e["code"]: e for e in latest["entries"]}
    assert "4A906" in codes and "1A102" not in codes
    assert codes["3A001"]["title"] == "Electronic components (amended)"
    assert latest["version"] not in [v["version"] for v in ANNEX["versions"]]
    assert "2026-123" in latest["version"] and latest["valid_from"] == "2026-12-15"
    assert result["amendments"][-1]["regulation"].endswith("2026/123")
    # the earlier versions stay, so earlier evaluation dates keep their law
    assert result["versions"][:-1] == ANNEX["versions"]


def test_an_amendment_must_take_effect_after_the_latest_version() -> None:
    with pytest.raises(AmendmentError, match="valid_from"):
        apply(ANNEX, {**AMENDMENT, "valid_from": "2025-01-01"}, date(2026, 1, 15))
    with pytest.raises(AmendmentError, match="valid_from"):
        apply(ANNEX, {k: v for k, v in AMENDMENT.items() if k != "valid_from"}, date(2026, 1, 15))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"add": [{"code": "4Z906", "title": "x", "annex_iv": False, "confidence": "low"}]},
            "not an Annex I code",
        ),
        (
            {"add": [{"code": "5A002", "title": "x", "annex_iv": False, "confidence": "low"}]},
            "already in Annex I",
        ),
        ({"add": [{"code": "4A907"}]}, "lacks title"),
        ({"remove": ["4A999"]}, "not in Annex I"),
        ({"change": [{"code": "4A999", "title": "x"}]}, "not in Annex I"),
        ({"regulation": ""}, "must name its regulation"),
    ],
)
def test_a_bad_amendment_is_refused(change: dict[str, object], message: str) -> None:
    with pytest.raises(AmendmentError, match=message):
        apply(ANNEX, {**AMENDMENT, **change}, date(2026, 1, 15))


def test_the_command_writes_data_the_service_loads(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(reference.DATA_DIR, data)
    amendment = tmp_path / "amendment.json"
    amendment.write_text(json.dumps(AMENDMENT))
    result = CliRunner().invoke(app, ["annex", "apply", str(amendment), "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    loaded = reference.load(data)
    assert "4A906" in loaded.annex.latest.by_code and "2026-123" in loaded.version
