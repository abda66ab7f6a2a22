"""The compose file and the image definition, checked without Docker."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from services import registry

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "deploy/compose/compose.yaml").read_text())


def test_compose_runs_kafka_and_the_four_services() -> None:
    services = compose()["services"]
    assert services["kafka"]["image"].startswith("apache/kafka:4.")
    assert services["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"
    for name in registry.names():
        svc = services[name]
        assert svc["command"] == [name]
        assert svc["image"] == "clearway:local" and svc["read_only"] is True
        assert svc["depends_on"]["kafka"]["condition"] == "service_healthy"


def test_compose_environment_names_match_the_settings() -> None:
    for name in registry.names():
        fields = {f"CLEARWAY_{f.upper()}" for f in registry.get(name).module.Settings.model_fields}
        env = compose()["services"][name]["environment"]
        assert set(env) <= fields, set(env) - fields


def test_compose_runs_the_audit_page_protected() -> None:
    from services.auditweb.settings import AuditSettings

    page = compose()["services"]["audit-page"]
    assert page["entrypoint"] == ["clearway", "audit", "serve"]
    env = page["environment"]
    fields = {f"CLEARWAY_{f.upper()}" for f in AuditSettings.model_fields}
    assert set(env) <= fields, set(env) - fields
    assert env["CLEARWAY_AUDIT_HOST"] == "0.0.0.0"
    assert env["CLEARWAY_AUDIT_TOKEN"].startswith("${CLEARWAY_AUDIT_TOKEN:?")  # required
    assert page["ports"] == [f"{env['CLEARWAY_AUDIT_PORT']}:{env['CLEARWAY_AUDIT_PORT']}"]


def test_the_image_is_multi_stage_slim_and_non_root() -> None:
    text = (ROOT / "deploy/Dockerfile").read_text()
    stages = re.split(r"^FROM ", text, flags=re.MULTILINE)[1:]
    assert len(stages) == 2 and all("slim" in s.splitlines()[0] for s in stages)
    final = stages[1]
    assert "build-essential" not in final and "libicu-dev" not in final
    assert re.search(r"^USER 10001", final, flags=re.MULTILINE)
    assert 'ENTRYPOINT ["clearway", "run"]' in final
    # the matching modules are compiled in the build stage and checked to be the ones used
    assert "services.sanctions.matching.native_build" in stages[0]
    assert "assert m.NATIVE and c.__file__.startswith(str(m.NATIVE_DIR))" in stages[0]
    # by the mypyc the parity test ran with (the development pin)
    pinned = re.search(r'"(mypy==[0-9.]+)"', (ROOT / "pyproject.toml").read_text())
    assert pinned and f'"{pinned.group(1)}"' in stages[0]
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", ".cache", "tests"} <= set(ignored)
