"""Applying a delegated regulation that amends Annex I to the reference data.

An amendment file (JSON) names the regulation, the day it takes effect, and the entries to
add, change and remove::

    {"regulation": "Commission Delegated Regulation (EU) 2026/123",
     "valid_from": "2026-12-15",
     "add": [{"code": "4A906", "title": "Quantum computers ..."}],
     "change": [{"code": "3A001", "title": "..."}],
     "remove": ["1A102"]}

The amendment becomes a new version of Annex I beside the ones before it: events evaluated
before ``valid_from`` are still judged by the version then in force. Every code is checked
against the Annex I grammar; adding an existing code, or changing or removing a missing one,
is an error; the amendment is recorded in the file's history.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from services.export_control.codes import CODE
from services.export_control.reference import DATA_DIR, AnnexI

REQUIRED = ("code", "title")


class AmendmentError(ValueError):
    """The amendment does not apply cleanly; nothing was written."""


def _check_code(code: str) -> None:
    if not CODE.match(code):
        msg = f"{code!r} is not an Annex I code"
        raise AmendmentError(msg)


def _valid_from(amendment: dict[str, Any], latest: date) -> date:
    raw = amendment.get("valid_from")
    try:
        day = date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        day = None
    if day is None:
        msg = "the amendment must give the day it takes effect (valid_from, YYYY-MM-DD)"
        raise AmendmentError(msg)
    if day <= latest:
        msg = f"valid_from {day} is not after the latest version's {latest}"
        raise AmendmentError(msg)
    return day


def apply(annex: dict[str, Any], amendment: dict[str, Any], today: date) -> dict[str, Any]:
    """Return the amended Annex I data with a new version (pure: the caller writes it)."""
    regulation = amendment.get("regulation")
    if not isinstance(regulation, str) or not regulation.strip():
        msg = "the amendment must name its regulation"
        raise AmendmentError(msg)
    latest = max(annex["versions"], key=lambda v: v["valid_from"])
    valid_from = _valid_from(amendment, date.fromisoformat(latest["valid_from"]))
    entries = {e["code"]: dict(e) for e in latest["entries"]}
    for entry in amendment.get("add", []):
        missing = [k for k in REQUIRED if k not in entry]
        if missing:
            msg = f"added entry {entry.get('code')!r} lacks {', '.join(missing)}"
            raise AmendmentError(msg)
        _check_code(entry["code"])
        if entry["code"] in entries:
            msg = f"{entry['code']} is already in Annex I; use 'change'"
            raise AmendmentError(msg)
        entries[entry["code"]] = {"source": regulation, "verified": False, **entry}
    for change in amendment.get("change", []):
        if change.get("code") not in entries:
            msg = f"cannot change {change.get('code')!r}: not in Annex I"
            raise AmendmentError(msg)
        entries[change["code"]].update({**change, "source": regulation})
    for code in amendment.get("remove", []):
        if code not in entries:
            msg = f"cannot remove {code!r}: not in Annex I"
            raise AmendmentError(msg)
        del entries[code]
    number = regulation.split()[-1].replace("/", "-")
    history = [
        *annex.get("amendments", []),
        {
            "regulation": regulation,
            "applied_on": today.isoformat(),
            "note": f"from {valid_from}: {len(amendment.get('add', []))} added, "
            f"{len(amendment.get('change', []))} changed, "
            f"{len(amendment.get('remove', []))} removed",
        },
    ]
    version = {
        "version": f"{number}+extract.{len(history)}",
        "act": regulation,
        "valid_from": valid_from.isoformat(),
        "valid_from_verified": bool(amendment.get("valid_from_verified", False)),
        "checked": str(amendment.get("checked", f"applied with clearway annex apply on {today}")),
        "entries": sorted(entries.values(), key=lambda e: e["code"]),
    }
    # the data set's version names the Annex I version it now ends with; its checked_on and
    # review_by stay: applying one act is not checking the whole set against its sources
    result = {
        **annex,
        "version": version["version"],
        "versions": [*annex["versions"], version],
        "amendments": history,
    }
    AnnexI.model_validate(result)  # the result must load
    return result


def apply_file(
    amendment_path: Path,
    data_dir: Path = DATA_DIR,
    *,
    dry_run: bool = False,
    today: date | None = None,
) -> dict[str, Any]:
    target = data_dir / "annex_i.json"
    annex = json.loads(target.read_text(encoding="utf-8"))
    amended = apply(
        annex, json.loads(amendment_path.read_text(encoding="utf-8")), today or date.today()
    )
    if not dry_run:
        target.write_text(
            json.dumps(amended, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return amended
