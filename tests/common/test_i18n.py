"""German beside English: every rule's message has a translation of its current wording, with
the same fields, and a recorded reason is shown in German only when that translation says
what was recorded."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from string import Formatter
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.decision import ServiceName
from services.common import i18n
from services.common.notes import NOTES
from services.common.rules import render

SERVICES = [s.value for s in ServiceName]


@dataclass(frozen=True)
class Said:
    """A message as its rule (or Clearway's own note) says it."""

    name: str
    message: str


def _rules() -> list[tuple[str, str, Said]]:
    """(service, owner of the message, message) for every rule a service applies, and for
    the reasons Clearway gives itself (``notes``, any service)."""
    found = []
    for service in SERVICES:
        for r in importlib.import_module(f"services.{service}.rules").RULES:
            found.append((service, r.check.__module__.split(".")[1], Said(r.name, r.message)))
        found += [(service, "common", Said(n.name, n.message)) for n in NOTES]
    return found


RULES = _rules()


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name is not None}


def _plain(template: str) -> bool:
    """Only ``{name}`` fields: no format spec, conversion or attribute, so a translation
    is filled from the same evidence exactly as the English is."""
    return all(
        not spec and not conv and (name is None or name.isidentifier())
        for _, name, spec, conv in Formatter().parse(template)
    )


@pytest.mark.parametrize(("service", "owner", "rule"), RULES, ids=lambda v: getattr(v, "name", v))
def test_every_rule_message_has_a_german_translation_of_its_wording(
    service: str, owner: str, rule: Said
) -> None:
    pairs = i18n._by_rule(owner, "de").get(rule.name, ())
    translated = dict(pairs).get(rule.message)
    assert translated, f"{owner}/locale/de.po has no translation of {rule.name}: {rule.message!r}"
    assert _fields(translated) == _fields(rule.message)
    assert _plain(rule.message) and _plain(translated)


@pytest.mark.parametrize(("service", "owner", "rule"), RULES, ids=lambda v: getattr(v, "name", v))
def test_a_recorded_reason_reads_in_german_with_its_own_evidence(
    service: str, owner: str, rule: Said
) -> None:
    evidence = {"rule": rule.name, **{f: f"<{f}>" for f in _fields(rule.message)}}
    for word, value in (("role", "end user"), ("subject", "partner")):
        if word in evidence:
            evidence[word] = value
    reason = {"message": render(rule.message, evidence), "evidence": evidence}
    german = i18n.reason_message("de", service, reason)
    assert german != reason["message"]
    assert "?>" not in german
    assert all(f"<{f}>" in german for f in _fields(rule.message) if f not in ("role", "subject"))
    assert i18n.reason_message("en", service, reason) == reason["message"]


def test_translations_beside_the_record_only_where_they_say_what_was_recorded() -> None:
    rule = next(r for s, _, r in RULES if s == "gdpr" and r.name == "tia_missing")
    evidence = {"rule": rule.name, "destination": "US", "mechanism_name": "SCC"}
    reason = {"message": render(rule.message, evidence), "evidence": evidence}
    assert i18n.translations("gdpr", reason)["de"].startswith("Für diese Übermittlung (Ziel: US)")
    assert i18n.translations("gdpr", {**reason, "message": "older wording"}) == {}


def test_fixed_words_are_translated_in_the_sentence() -> None:
    rule = next(r for s, _, r in RULES if s == "export_control" and r.name == "sanctions_match")
    evidence = {"rule": rule.name, "role": "end user", "query_name": "A", "matched_name": "B"}
    reason = {"message": render(rule.message, evidence), "evidence": evidence}
    assert "(Endverwender)" in i18n.reason_message("de", "export_control", reason)


def test_a_reason_whose_rule_says_it_otherwise_now_stays_as_recorded() -> None:
    """A decision from before a rule's wording changed: the German of today's wording would
    say something other than what was decided."""
    evidence = {"rule": "tia_missing", "destination": "US", "mechanism_name": "SCC"}
    reason = {"message": "No TIA for US (older wording).", "evidence": evidence}
    assert i18n.reason_message("de", "gdpr", reason) == "No TIA for US (older wording)."


@pytest.mark.parametrize(
    "reason",
    [
        {"message": "x"},
        {"message": "x", "evidence": None},
        {"message": "x", "evidence": {"rule": "no_such_rule"}},
        {"message": "x", "evidence": ["not", "a", "mapping"]},
        {"evidence": {"rule": "tia_missing"}},
    ],
)
def test_reasons_without_a_known_rule_stay_as_recorded(reason: dict[str, Any]) -> None:
    assert i18n.reason_message("de", "gdpr", reason) == str(reason.get("message") or "")


def test_catalogues_hold_no_fuzzy_or_stale_entries() -> None:
    """Every translated rule entry belongs to a rule that exists with that wording: a
    translation left behind by a change would never be shown, so it must not linger."""
    current = {(owner, r.name, r.message) for _, owner, r in RULES}
    for owner in {o for _, o, _ in RULES}:
        for rule, pairs in i18n._by_rule(owner, "de").items():
            for en, _ in pairs:
                assert (owner, rule, en) in current, f"{owner}: stale entry for {rule}"


@pytest.mark.parametrize("owner", ["/tmp/planted", "../gdpr", "gdpr/../gdpr", ""])
def test_a_catalogue_owner_is_a_package_never_a_path(owner: str) -> None:
    """A decision names its service; read as a path, it could plant a template."""
    assert i18n.catalogue(owner, "de") == {}


@given(st.text(max_size=40))
def test_language_is_always_a_supported_one(header: str) -> None:
    assert i18n.language(header) in i18n.LANGUAGES


@pytest.mark.parametrize(
    ("header", "expected"),
    [("de-DE,de;q=0.9,en;q=0.8", "de"), ("fr-FR, en-GB;q=0.5", "en"), ("DE", "de"), ("", "en")],
)
def test_language_from_an_accept_language_header(header: str, expected: str) -> None:
    assert i18n.language(header) == expected
