"""The layout the README promises, as tests: decision code that cannot reach Kafka or HTTP,
services that never import one another, and every service folder with the same files."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from schemas.decision import ServiceName
from services import registry

ROOT = Path(__file__).resolve().parents[2]
SERVICES = [s.value for s in ServiceName]
#: modules that hold decisions or what decisions are made of: pure, testable with plain pytest
PURE = [
    *(f"services.{s}.rules" for s in SERVICES),
    *(f"services.{s}.reference" for s in SERVICES),
    "services.sanctions.rules",
    "services.sanctions.party",
    "services.sanctions.snapshot",
    "services.sanctions.regimes",
    "services.sanctions.lists.load",
    "services.sanctions.matching.index",
    "services.screening.reviews",
    "services.common.pipeline",
    "services.common.batch",
]
TRANSPORT = ("httpx", "aiokafka", "faststream", "uvicorn", "starlette")


def test_decision_code_imports_no_transport() -> None:
    """Imported alone in a fresh interpreter, no pure module drags in a Kafka or HTTP
    library (today's rules once reached aiokafka through the review follower)."""
    script = (
        "import importlib, json, sys\n"
        f"for m in {PURE!r}: importlib.import_module(m)\n"
        f"print(json.dumps(sorted(n for n in sys.modules if n.split('.')[0] in {TRANSPORT!r})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == []


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_no_service_imports_another(service: str) -> None:
    others = [s for s in SERVICES if s != service]
    offending = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "services" / service).rglob("*.py")
        for name in _imports(path)
        if any(name == f"services.{o}" or name.startswith(f"services.{o}.") for o in others)
    }
    assert offending == set()


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_folder_has_the_same_files(service: str) -> None:
    folder = ROOT / "services" / service
    for name in ("__init__.py", "app.py", "rules.py", "reference.py", "settings.py"):
        assert (folder / name).is_file(), f"{folder / name} is missing"
    assert (folder / "data").is_dir() and any((folder / "data").iterdir())
    assert (folder / "locale" / "de.po").is_file(), "the German of the rules' messages"


def test_the_list_of_services_is_kept_in_one_place() -> None:
    from services.auditweb.store import SERVICES as AUDIT_PAGE_SERVICES

    assert registry.names() == SERVICES
    assert list(AUDIT_PAGE_SERVICES) == SERVICES
