"""The parsed lists and their index kept on disk between starts (``indexcache``): read back
only when built from these very bytes by this very code, only from a private folder, only
when whole; anything else and the lists are parsed and indexed as on a first start."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from services.sanctions import indexcache
from services.sanctions.matching.compare import Query
from services.sanctions.store import ListStore

FIXTURE = Path(__file__).parent / "fixtures" / "eu_fsf_1_1_2026-08.xml"
SDN = "data/sanctions/ofac_sdn/sdn_2024-05-02_jackdwyer.csv"


@pytest.fixture
def eu(tmp_path: Path) -> Path:
    path = tmp_path / "eu.xml"
    shutil.copy(FIXTURE, path)
    return path


def started(spec: str, cache: Path, **options: object) -> ListStore:
    store = ListStore([spec], cache_dir=cache, **options)  # type: ignore[arg-type]
    store.load_all()
    return store


def flipped(data: bytes) -> bytes:
    """One bit of the middle byte changed (a name's letter, a posting, a pickle opcode)."""
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :]


def relinked(path: Path) -> None:
    """The kept file moved out of the folder, a link to it in its place."""
    elsewhere = path.parent.parent / "elsewhere.pickle"
    path.rename(elsewhere)
    path.symlink_to(elsewhere)


def kept_files(cache: Path) -> list[Path]:
    return sorted((cache / "index").glob("index-*.pickle"))


def test_a_restart_reads_the_kept_index_and_screens_alike(shared_dir: Path, tmp_path: Path) -> None:
    spec = f"ofac_legacy:{shared_dir / SDN}"
    first = started(spec, tmp_path / "cache")
    again = started(spec, tmp_path / "cache")
    assert (first.index_origin, again.index_origin) == ("built", "kept")
    old, new = first.snapshot.index, again.snapshot.index
    assert old is not None and new is not None
    assert new.versions() == old.versions() and new.size == old.size
    assert again.status[spec].entries == first.status[spec].entries
    for name in ("Kim Jong Un", "Banco Nacional de Cuba", "Ahmad Vahidi", "John Smith"):
        before = [(m.entry.entry_id, m.explained) for m in old.search(Query((name,)), 0.7)]
        assert [(m.entry.entry_id, m.explained) for m in new.search(Query((name,)), 0.7)] == before
    # the kept index is used as it is, over the very lists it was built from
    assert new.lists[0] is again.lists[spec]
    assert all(
        e is listed for (e, _), listed in zip(new.entries, new.lists[0].entries, strict=True)
    )


def test_changed_list_bytes_build_a_new_index(eu: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert started(str(eu), cache).index_origin == "built"
    eu.write_bytes(eu.read_bytes() + b"\n<!-- amended -->\n")
    store = started(str(eu), cache)
    assert store.index_origin == "built"
    assert len(kept_files(cache)) == 2  # both kept; older ones beyond KEEP are removed


def test_changed_code_builds_a_new_index(
    eu: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    started(str(eu), cache)
    monkeypatch.setattr(indexcache, "code_digest", lambda: "another parser")
    assert started(str(eu), cache).index_origin == "built"


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda p: p.chmod(0o620), id="file writable by its group"),
        pytest.param(lambda p: p.parent.chmod(0o777), id="folder writable by anyone"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:-100]), id="truncated"),
        pytest.param(lambda p: p.write_bytes(flipped(p.read_bytes())), id="one bit altered"),
        pytest.param(lambda p: p.write_bytes(b"not an index"), id="not an index"),
        pytest.param(lambda p: os.chown(p, 12345, 12345), id="owned by another user"),
        pytest.param(lambda p: relinked(p), id="a link to a file elsewhere"),
    ],
)
def test_an_untrusted_or_damaged_index_is_never_read(
    eu: Path, tmp_path: Path, tamper: object
) -> None:
    cache = tmp_path / "cache"
    built = started(str(eu), cache)
    (path,) = kept_files(cache)
    tamper(path)  # type: ignore[operator]
    store = started(str(eu), cache)
    assert store.index_origin.startswith("built")
    index = store.snapshot.index
    assert index is not None and built.snapshot.index is not None
    assert index.versions() == built.snapshot.index.versions()


def test_kept_lists_pass_the_same_checks(
    eu: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = started(str(eu), cache)
    read: list[str] = []
    original = indexcache.IndexCache.read

    def spy(self: indexcache.IndexCache, name: str) -> indexcache.Kept | None:
        read.append(name)
        return original(self, name)

    monkeypatch.setattr(indexcache.IndexCache, "read", spy)
    status = first.status[str(eu)]
    assert status.name is not None
    store = started(str(eu), cache, min_entries={status.name: status.entries + 1})
    assert read and store.snapshot.index is None  # the kept index was read, and refused
    assert "implausible list" in (store.status[str(eu)].last_error or "")


def test_no_cache_dir_or_keep_index_off_keeps_nothing(eu: Path, tmp_path: Path) -> None:
    assert started(str(eu), tmp_path / "a", keep_index=False).index_origin == "built"
    assert not (tmp_path / "a" / "index").exists()
    store = ListStore([str(eu)])
    store.load_all()
    assert store.index_origin == "built"


def test_a_folder_it_cannot_write_costs_only_the_keeping(eu: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "index").write_text("a file where the folder would be")
    store = started(str(eu), cache)
    assert store.snapshot.index is not None
    assert store.index_origin.startswith("built (not kept")


def test_a_source_that_keeps_failing_does_not_stop_the_kept_index(eu: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    broken = tmp_path / "broken.csv"
    broken.write_text("not,a,list\n")
    specs = [str(eu), f"ofac_legacy:{broken}"]
    first = ListStore(specs, cache_dir=cache)
    first.load_all()
    again = ListStore(specs, cache_dir=cache)
    snapshot = again.load_all()
    assert (first.index_origin, again.index_origin) == ("built", "kept")
    assert snapshot.index is not None and snapshot.failed


def test_older_kept_indexes_and_cut_writes_are_removed(eu: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    for i in range(4):
        eu.write_bytes(eu.read_bytes() + f"<!-- {i} -->".encode())
        started(str(eu), cache)
    (cache / "index" / "index-cut.pickle.part").write_bytes(b"half")
    eu.write_bytes(eu.read_bytes() + b"<!-- last -->")
    newest = started(str(eu), cache)
    assert len(kept_files(cache)) == indexcache.KEEP
    assert not list((cache / "index").glob("*.part"))
    assert started(str(eu), cache).index_origin == "kept"
    assert newest.index_origin == "built"


def test_a_folder_shared_with_others_keeps_nothing(eu: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (cache / "index").mkdir(parents=True)
    (cache / "index").chmod(0o777)
    store = started(str(eu), cache)
    assert store.snapshot.index is not None
    assert store.index_origin.startswith("built (not kept: the cache folder")
    assert not kept_files(cache)


def test_a_list_changed_between_reads_is_kept_under_the_bytes_parsed(
    eu: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A start reads each list once for its checksum and again to parse it: a file replaced
    in between is kept under the bytes parsed, so a later start on the first bytes never
    meets the other list."""
    cache = tmp_path / "cache"
    first_bytes = eu.read_bytes()
    reference = started(str(eu), tmp_path / "reference")
    original = ListStore._files
    reads = []

    def replaced_after_first_read(self: ListStore, source: object) -> object:
        reads.append(source)
        if len(reads) == 2:
            eu.write_bytes(first_bytes + b"\n<!-- replaced -->\n")
        return original(self, source)  # type: ignore[arg-type]

    monkeypatch.setattr(ListStore, "_files", replaced_after_first_read)
    changed = started(str(eu), cache)
    monkeypatch.setattr(ListStore, "_files", original)
    eu.write_bytes(first_bytes)
    again = started(str(eu), cache)
    assert again.index_origin == "built"
    assert again.status[str(eu)].version == reference.status[str(eu)].version
    assert changed.status[str(eu)].version != reference.status[str(eu)].version
