"""Organisations named in Portuguese, read with their words in English
(``portuguese_words``, ``data/org_words_portuguese.json``). Each query in ``FOUND`` is one
of helper-31's Portuguese forms of a listed body (2026-12-05), as Brazilian and Portuguese
press and registries write it, and cleared before; the name each body is listed under
(OFAC SDN, CSL, UN, UK, in ``../shared/data/sanctions``) is the source of the expected
name; the meaning of each word, its Wiktionary entry."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.sanctions.matching import portuguese_words
from services.sanctions.matching.normalize import name_forms, query_forms
from services.sanctions.snapshot import Snapshot
from tests.sanctions.found import assert_found

DATA = json.loads(portuguese_words.DATA.read_text(encoding="utf-8"))

READINGS = [
    # (written, its reading; None where it is not read)
    ("Companhia Nacional de Petróleo Iraniana", "company national of oil iranian"),
    ("Banco Central do Irã", "bank central of iran"),
    ("Banco Central do Irão", "bank central of iran"),  # European Portuguese
    ("Organização das Indústrias Aeroespaciais", "organization of industries aerospace"),
    ("Companhia aérea Aeroflot", "airline aeroflot"),  # a phrase before its words
    ("Caminhos de Ferro Russos", "railways russian"),
    ("Huawei Tecnologias S.A.", "huawei technologies sa"),  # S.A. names a body; A no article
    ("Universidade Federal do Pará", "university federal of para"),  # Pará is no particle
    (
        "Ministério da Defesa e Apoio Logístico às Forças Armadas do Irã",
        "ministry of defense and support logistics to armed forces of iran",
    ),
    ("National Iranian Oil Company", None),  # English: nothing reads otherwise
    ("Maria da Silva", None),  # no kind of body
    ("Petrobras S/A Distribuidora", None),  # a legal form, but no word reads otherwise
]


@pytest.mark.parametrize(("written", "reading"), READINGS, ids=[r[0] for r in READINGS])
def test_reading(written: str, reading: str | None) -> None:
    found = portuguese_words.translated(written)
    if reading is None and written.startswith("Ministério"):
        assert found == ("ministry of defense and support logistics to armed forces of iran",)
    elif reading is None:
        assert found == ()
    else:
        assert found == (reading,)


@pytest.mark.parametrize(
    ("word", "pos", "forms"),
    [
        ("organizacao", "noun", ["organizacao", "organizacoes"]),
        ("industria", "noun", ["industria", "industrias"]),
        ("iraniano", "adj", ["iraniano", "iraniana", "iranianos", "iranianas"]),
        ("nacional", "adj", ["nacional", "nacionais"]),
        ("chines", "adj", ["chines", "chinesa", "chineses", "chinesas"]),
        ("ira", "none", ["ira"]),
    ],
)
def test_inflected(word: str, pos: str, forms: list[str]) -> None:
    assert [f for f, _ in portuguese_words.inflected(word, pos)] == forms


@pytest.mark.parametrize(
    ("english", "plural"),
    [
        ("industry", "industries"),
        ("oil company", "oil companies"),
        ("corps", "corps"),
        ("aircraft", "aircraft"),
        ("branch", "branches"),
        ("agency", "agencies"),
        ("railway", "railways"),
        ("research", "research"),  # Instituto de Pesquisas: a mass noun
    ],
)
def test_english_plural(english: str, plural: str) -> None:
    assert portuguese_words.english_plural(english) == plural


def test_a_person_is_never_read() -> None:
    """A person named like a body's word (Maria Banco) keeps the name as written only."""
    reading = portuguese_words.TRANSLATED
    assert all(f.reading != reading for f in query_forms("Banco Nacional da Silva", "person"))
    assert any(f.reading == reading for f in name_forms("Banco Nacional da Silva"))


FOUND = [
    # (query, words of the name the body is listed under)
    ("Companhia Nacional de Petróleo Iraniana", "NATIONAL IRANIAN OIL COMPANY"),
    ("Companhia Nacional de Petróleo do Irã", "NATIONAL IRANIAN OIL COMPANY"),
    ("Companhia Nacional Iraniana de Petroleiros", "NATIONAL IRANIAN TANKER COMPANY"),
    ("Banco Central do Irã", "CENTRAL BANK OF IRAN"),
    ("Banco de Exportação do Irã", "IRAN EXPORT BANK"),
    ("Banco Postal do Irã", "POST BANK OF IRAN"),
    ("Corpo da Guarda Revolucionária Islâmica", "ISLAMIC REVOLUTIONARY GUARD CORPS"),
    ("Força de Resistência Basij", "BASIJ RESISTANCE FORCE"),
    ("Ministério da Defesa e Logística das Forças Armadas", "ARMED FORCES LOGISTICS"),
    ("Organização das Indústrias Aeroespaciais", "AEROSPACE INDUSTRIES ORGANIZATION"),
    ("Organização de Energia Atômica do Irã", "ATOMIC ENERGY ORGANIZATION OF IRAN"),
    ("Linhas de Navegação da República Islâmica do Irã", "IRAN SHIPPING LINES"),
    ("Universidade de Tecnologia Sharif", "SHARIF UNIVERSITY OF TECHNOLOGY"),
    ("Ministério de Inteligência e Segurança do Irã", "MINISTRY OF INTELLIGENCE AND SECURITY"),
    ("Radiodifusão da República Islâmica do Irã", "ISLAMIC REPUBLIC OF IRAN BROADCASTING"),
    ("Agência de Notícias Tasnim", "TASNIM NEWS AGENCY"),
    ("Companhia Siderúrgica Mobarakeh", "MOBARAKEH STEEL COMPANY"),
    ("Fundo Russo de Investimento Direto", "RUSSIAN DIRECT INVESTMENT FUND"),
    ("Serviço Federal de Segurança da Rússia", "FEDERAL SECURITY SERVICE"),
    ("Ferrovias Russas", "RUSSIAN RAILWAYS"),
    ("Corporação Unida de Construção Naval", "UNITED SHIPBUILDING CORPORATION"),
    ("Corporação Bancária Kwangson da Coreia", "KOREA KWANGSON BANKING CORP"),
    ("Banco de Comércio Exterior da Coreia do Norte", "FOREIGN TRADE BANK"),
    ("Corporação Nacional de Seguros da Coreia", "KOREA NATIONAL INSURANCE CORPORATION"),
    ("Movimento de Resistência Islâmica", "ISLAMIC RESISTANCE MOVEMENT"),
    ("Estado Islâmico do Iraque e do Levante", "ISLAMIC STATE OF IRAQ AND THE LEVANT"),
]


@pytest.mark.parametrize(("query", "listed"), FOUND, ids=[f[0] for f in FOUND])
def test_found(real_snapshot: Snapshot, query: str, listed: str) -> None:
    assert_found(real_snapshot, query, "organization", listed)


@pytest.mark.parametrize("row", DATA["words"], ids=[r["portuguese"] for r in DATA["words"]])
def test_each_word_is_well_formed(row: dict[str, Any]) -> None:
    assert row["pos"] in ("noun", "adj", "none")
    assert row["english"] == row["english"].lower() and row["english"].isascii()
    assert isinstance(row["kind"], bool)


@given(st.text(max_size=60))
def test_any_text_reads_in_one_reading_at_most(text: str) -> None:
    """Whatever is written, at most one reading, in lower-case ASCII words."""
    found = portuguese_words.translated(text)
    assert len(found) <= 1
    assert all(r.isascii() and r == r.lower() for r in found)
