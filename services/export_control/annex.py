"""Applying a delegated regulation that amends Annex I to the reference data.

An amendment file (JSON) names the regulation and lists entries to add, change and
remove::

    {"regulation": "Commission Delegated Regulation (EU) 2025/2003",
     "add": [{"code": "4A906", "title": "Quantum computers ...", "annex_iv": false,
              "confidence": "high"}],
     "change": [{"code": "3A001", "title": "..."}],
     "remove": ["1A102"]}

Every code is checked against the Annex I grammar; adding an existing code, or changing or
removing a missing one, is an error. The result gets a new version (so every later decision
names the data it used) and the amendment is recorded in the file's history.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from services.export_control.reference import CODE, DATA_DIR, AnnexI

REQUIRED = ("code", "title", "annex_iv", "confidence")


class AmendmentError(ValueError):
    """The amendment does not apply cleanly; nothing was written."""


def _check_code(code: str) -> None:
    if not CODE.match(code):
        msg = f"{code!r} is not an Annex I code"
        raise AmendmentError(msg)


def apply(annex: dict[str, Any], amendment: dict[str, Any], today: date) -> dict[str, Any]:
    """Return the amended Annex I data (pure: the caller writes it)."""
    regulation = amendment.get("regulation")
    if not isinstance(regulation, str) or not regulation.strip():
        msg = "the amendment must name its regulation"
        raise AmendmentError(msg)
    entries = {e["code"]: dict(e) for e in annex["entries"]}
    for entry in amendment.get("add", []):
        missing = [k for k in REQUIRED if k not in entry]
        if missing:
            msg = f"added entry {entry.get('code')!r} lacks {', '.join(missing)}"
            raise AmendmentError(msg)
        _check_code(entry["code"])
        if entry["code"] in entries:
            msg = f"{entry['code']} is already in Annex I; use 'change'"
            raise AmendmentError(msg)
        entries[entry["code"]] = dict(entry)
    for change in amendment.get("change", []):
        if change.get("code") not in entries:
            msg = f"cannot change {change.get('code')!r}: not in Annex I"
            raise AmendmentError(msg)
        entries[change["code"]].update(change)
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
            "note": f"{len(amendment.get('add', []))} added, {len(amendment.get('change', []))} "
            f"changed, {len(amendment.get('remove', []))} removed",
        },
    ]
    result = {
        **annex,
        "entries": sorted(entries.values(), key=lambda e: e["code"]),
        "amendments": history,
        "version": f"2021-821/{number}+extract.{len(history)}",
        "legal_text_as_of": f"Annex I as amended by {regulation}",
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
