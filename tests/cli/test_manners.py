"""The command line's manners: version, short help, status as JSON, filters checked."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from services.cli import app
from services.common.version import code_version


def test_version_and_short_help() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"clearway {code_version()}"
    for args in (["-h"], ["check", "-h"], ["audit", "verify", "-h"]):
        shown = CliRunner().invoke(app, args)
        assert shown.exit_code == 0 and "Usage" in shown.stdout, args


def test_kafka_status_as_json() -> None:
    result = CliRunner().invoke(app, ["kafka", "status", "--port", "1", "--json"])
    body = json.loads(result.stdout)
    assert body["running"] is False and body["pid"] is None and result.exit_code == 3


def test_audit_tail_checks_its_filters_instead_of_printing_nothing() -> None:
    for args in (["--outcome", "green"], ["--service", "tax"]):
        result = CliRunner().invoke(app, ["audit", "tail", *args])
        assert result.exit_code == 2, args
