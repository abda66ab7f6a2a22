"""The compiled matching modules (mypyc, ``make native``): used when built from exactly the
sources in the tree, never when a source changed since, and deciding exactly as the sources
do when run as written (same scores, same features, same explanations)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import services.sanctions.matching as matching
from services.sanctions.matching import compare, native_build

ROOT = Path(__file__).resolve().parents[2]

# every pair of the labelled set, both ways, the cross-script pairs and the Putin spellings:
# how each name is read, the bound, the score, the features and the sentence of each
PARITY = r"""
import csv, json, sys
from pathlib import Path
import services.sanctions.matching as matching
from services.sanctions.lists.model import ListEntry, ListName
from services.sanctions.matching.compare import Query, may_reach, score_entry
from services.sanctions.matching.normalize import name_forms

data = Path(sys.argv[1]) / "data" / "matching-dev"
pairs = [
    (r["name1"], r["name2"], "person" if r["schema"] == "Person" else "organization")
    for r in csv.DictReader(open(data / "name_pairs_dev.csv", encoding="utf-8"))
]
pairs += [(b, a, kind) for a, b, kind in list(pairs)]
for line in open(data / "cross_script_pairs.csv", encoding="utf-8"):
    if line.strip() and not line.startswith("#") and not line.startswith("Query,"):
        query, listed = next(csv.reader([line]))[:2]
        pairs.append((query, listed, "person"))
for line in open(data / "putin_names.txt", encoding="utf-8"):
    if line.strip():
        pairs.append((line.strip(), "PUTIN, Vladimir Vladimirovich", "person"))
out = {"native": matching.NATIVE, "results": []}
for query, listed, kind in pairs:
    forms = list(name_forms(query))
    entry = ListEntry("parity", "1", kind, (ListName(listed, "primary"),))
    e = score_entry(Query((query,), kind), forms, entry)
    bound = [may_reach(q, c, kind == "person", 0.5) for q in forms for c in name_forms(listed)]
    out["results"].append([
        query, listed, [f.core for f in forms], bound, e.score, e.hit.matched_name,
        e.hit.how, list(e.features),
    ])
print(json.dumps(out, ensure_ascii=False))
"""


def _run(pure: bool, shared: Path) -> dict[str, object]:
    env = {**os.environ, "CLEARWAY_PURE_PYTHON": "1" if pure else "0"}
    done = subprocess.run(
        [sys.executable, "-c", PARITY, str(shared)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_the_compiled_modules_are_the_ones_in_use() -> None:
    """``make test`` builds them first; run without it after editing a matching source, this
    fails until ``make native`` (the other tests then run the sources as written)."""
    if os.environ.get("CLEARWAY_PURE_PYTHON") == "1":
        assert not matching.NATIVE
        return
    assert matching.NATIVE, "the compiled matching modules are missing or stale: make native"
    assert Path(compare.__file__).parent == matching.NATIVE_DIR


def test_compiled_and_written_decide_alike(shared_dir: Path) -> None:
    native, pure = _run(pure=False, shared=shared_dir), _run(pure=True, shared=shared_dir)
    assert pure["native"] is False
    if os.environ.get("CLEARWAY_PURE_PYTHON") != "1":
        assert native["native"] is True
    assert native["results"] == pure["results"]
    assert len(pure["results"]) > 900  # type: ignore[arg-type]


def test_explanations_are_the_docstrings_of_the_source() -> None:
    """A compiled function keeps no docstring: the sentence is read from the source."""
    for feature, _ in compare.FEATURES:
        why = compare._why(feature)
        assert why and why != feature.__name__, feature.__name__
        assert why == " ".join(compare._docstrings()[feature.__name__].split())


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of sources with a build of them recorded."""
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "b.py").write_text("y = 2\n")
    monkeypatch.setattr(matching, "SOURCES", tmp_path)
    monkeypatch.setattr(matching, "NATIVE_MANIFEST", tmp_path / "sources.json")
    manifest = {
        "suffix": sysconfig.get_config_var("EXT_SUFFIX"),
        "files": matching.source_digests(["a.py", "b.py"]),
    }
    (tmp_path / "sources.json").write_text(json.dumps(manifest))
    return tmp_path


def test_a_build_of_these_very_sources_is_current(tree: Path) -> None:
    assert matching.native_is_current()


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda t: (t / "a.py").write_text("x = 2\n"), id="a source edited"),
        pytest.param(lambda t: (t / "b.py").unlink(), id="a source removed"),
        pytest.param(lambda t: (t / "sources.json").unlink(), id="no manifest: none built"),
        pytest.param(lambda t: (t / "sources.json").write_text("{"), id="a cut manifest"),
        pytest.param(
            lambda t: (t / "sources.json").write_text(
                json.dumps({**json.loads((t / "sources.json").read_text()), "files": {}})
            ),
            id="a manifest of nothing",
        ),
        pytest.param(
            lambda t: (t / "sources.json").write_text(
                json.dumps(
                    {**json.loads((t / "sources.json").read_text()), "suffix": ".cpython-312.so"}
                )
            ),
            id="built for another Python",
        ),
    ],
)
def test_a_stale_or_foreign_build_is_never_used(tree: Path, spoil: object) -> None:
    spoil(tree)  # type: ignore[operator]
    assert not matching.native_is_current()


def test_every_module_but_the_package_the_build_and_the_index_is_compiled() -> None:
    names = native_build.compiled_sources()
    assert "compare.py" in names and "normalize.py" in names
    assert not set(names) & native_build.NOT_COMPILED
    on_disk = {p.name for p in matching.SOURCES.glob("*.py")}
    assert set(names) | native_build.NOT_COMPILED == on_disk
