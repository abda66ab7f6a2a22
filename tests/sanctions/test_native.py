"""The compiled matching modules (mypyc, ``make native``): used when built from exactly what
is in the tree (the sources, the list model, the Python, the typed libraries), never when
any of it changed since or the build's folder holds other libraries, and deciding exactly as
the sources do when run as written (same readings, bounds, scores, features, sentences)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
# as search scores: floored at the review threshold, capped below the match threshold,
# with common name parts (the floors and caps fire, and their sentences are compared too)
common = frozenset({"mohammad", "muhammad", "ali", "ahmed", "hassan", "kim", "li", "wang"})
out = {"native": matching.NATIVE, "results": []}
for query, listed, kind in pairs:
    forms = list(name_forms(query))
    for strength in ("strong", "weak"):
        entry = ListEntry("parity", "1", kind, (ListName(listed, strength),))
        e = score_entry(
            Query((query,), kind), forms, entry, floor=0.7, ceiling=0.84, common=common
        )
        out["results"].append([
            query, listed, strength, [f.core for f in forms], e.score, e.hit.matched_name,
            e.hit.how, list(e.features),
        ])
    bound = [may_reach(q, c, kind == "person", 0.5) for q in forms for c in name_forms(listed)]
    out["results"].append(bound)
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
    assert len(pure["results"]) > 2700  # type: ignore[arg-type]
    fired = {f[0] for r in pure["results"] if len(r) == 8 for f in r[7]}  # type: ignore[attr-defined]
    floors_and_caps = {f.__name__ for f in (*compare.FLOORS, *compare.CAPS)}
    assert len(fired & floors_and_caps) >= 3, fired & floors_and_caps


def test_explanations_are_the_docstrings_of_the_source() -> None:
    """A compiled function keeps no docstring: the sentence is read from the source."""
    for feature in (*(f for f, _ in compare.FEATURES), *compare.FLOORS, *compare.CAPS):
        why = compare._why(feature)
        assert why and why != feature.__name__, feature.__name__
        assert why == " ".join(compare._docstrings()[feature.__name__].split())


BUILT = ["a.cpython-311.so", "b.cpython-311.so", "native__mypyc.cpython-311.so"]


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of sources, beside it the list model they import, and a build of them."""
    sources, native = tmp_path / "matching", tmp_path / "matching" / "_native"
    native.mkdir(parents=True)
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "model.py").write_text("class ListName: ...\n")
    (sources / "__init__.py").write_text("")
    (sources / "index.py").write_text("")
    (sources / "a.py").write_text("x = 1\n")
    (sources / "b.py").write_text("y = 2\n")
    monkeypatch.setattr(matching, "SOURCES", sources)
    monkeypatch.setattr(matching, "NATIVE_DIR", native)
    monkeypatch.setattr(matching, "NATIVE_MANIFEST", native / "sources.json")
    for name in BUILT:
        (native / name).write_bytes(b"")
    manifest = {"inputs": matching.build_inputs(), "built": BUILT, "mypy": "2.4.1"}
    (native / "sources.json").write_text(json.dumps(manifest))
    return tmp_path


def _edit_manifest(tree: Path, change: object) -> None:
    path = tree / "matching" / "_native" / "sources.json"
    manifest = json.loads(path.read_text())
    change(manifest)  # type: ignore[operator]
    path.write_text(json.dumps(manifest))


def test_a_build_of_these_very_sources_is_current(tree: Path) -> None:
    assert matching.native_is_current()


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda t: (t / "matching/a.py").write_text("x = 2\n"), id="a source edited"),
        pytest.param(lambda t: (t / "matching/b.py").unlink(), id="a source removed"),
        pytest.param(
            lambda t: (t / "matching/b.py").rename(t / "matching/c.py"), id="a source renamed"
        ),
        pytest.param(lambda t: (t / "matching/d.py").write_text(""), id="a source added"),
        pytest.param(
            lambda t: (t / "lists/model.py").write_text("class ListName: x: int\n"),
            id="the list model changed",
        ),
        pytest.param(lambda t: (t / "matching/_native/sources.json").unlink(), id="none built"),
        pytest.param(
            lambda t: (t / "matching/_native/sources.json").write_text("{"), id="a cut manifest"
        ),
        pytest.param(
            lambda t: (t / "matching/_native/a.cpython-311.so").unlink(), id="a library missing"
        ),
        pytest.param(
            lambda t: (t / "matching/_native/index.cpython-311.so").write_bytes(b""),
            id="a library not built from these sources",
        ),
        pytest.param(
            lambda t: _edit_manifest(t, lambda m: m["inputs"].update(suffix=".cpython-312.so")),
            id="built for another Python",
        ),
        pytest.param(
            lambda t: _edit_manifest(t, lambda m: m["inputs"]["libraries"].update(rigour="0.1")),
            id="built against another rigour",
        ),
        pytest.param(
            lambda t: _edit_manifest(t, lambda m: m.update(built=[])), id="a build of nothing"
        ),
    ],
)
def test_a_stale_or_foreign_build_is_never_used(tree: Path, spoil: object) -> None:
    spoil(tree)  # type: ignore[operator]
    assert not matching.native_is_current()


def test_a_module_moved_out_of_the_build_makes_it_stale(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(matching, "NOT_COMPILED", matching.NOT_COMPILED | {"b.py"})
    assert not matching.native_is_current()


def test_every_module_but_the_package_the_build_and_the_index_is_compiled() -> None:
    names = matching.compiled_sources()
    assert "compare.py" in names and "normalize.py" in names and "keys.py" in names
    assert not set(names) & matching.NOT_COMPILED
    on_disk = {p.name for p in matching.SOURCES.glob("*.py")}
    assert set(names) | matching.NOT_COMPILED == on_disk
    assert native_build.GROUP.startswith("services.sanctions.matching.")
