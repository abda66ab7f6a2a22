"""Input hardening: events mutated at random (any field replaced by any JSON value, fields
removed, huge strings) go through each service's real decision path and yield either a
decision or a dead letter for bad input, never a failure inside the rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services import registry
from services.common.pipeline import Judge, RawRecord

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = [json.loads(x) for x in (ROOT / "examples/events.jsonl").read_text().splitlines() if x]
BAD_INPUT = {"not_json", "not_cloudevent", "unknown_type", "invalid_data", "too_large"}

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.just("x" * 3_000)
    | st.sampled_from(["DE", "RU", "ZZ", "2026-02-30", "1970-01-01", "5A002.a.1", "", "scc"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


@st.composite
def mutated(draw: st.DrawFn, event: dict[str, Any]) -> bytes:
    doc = json.loads(json.dumps(event))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        if isinstance(parent, dict) and draw(st.booleans()):
            parent.pop(path[-1], None)
        else:
            parent[path[-1]] = draw(json_values)
    return json.dumps(doc).encode()


@pytest.fixture(scope="module")
def judges(shared_dir: Path) -> dict[str, Judge[Any]]:
    small = str(shared_dir / "data/sanctions/opensanctions_ftm/yente_zala_entities.ftm.json")
    out = {}
    for name in registry.names():
        entry = registry.get(name)
        overrides = {"screening_lists": [small]} if name in ("screening", "export_control") else {}
        s = entry.settings(**overrides)
        out[name] = Judge(
            entry.definition(s), max_record_bytes=s.max_record_bytes, code_version="t"
        )
    return out


@pytest.mark.parametrize("name", registry.names())
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_mutated_events_never_break_a_rule(
    judges: dict[str, Judge[Any]], name: str, data: st.DataObject
) -> None:
    judge = judges[name]
    event = data.draw(st.sampled_from([e for e in SAMPLES if e["type"] in judge.accepted_types]))
    value = data.draw(mutated(event))
    emission = judge.judge(RawRecord("t", 0, 0, None, value))
    if emission.kind == "deadletter":
        assert emission.error_kind is not None and emission.error_kind.value in BAD_INPUT, (
            json.loads(emission.value)["data"]["error"]
        )
