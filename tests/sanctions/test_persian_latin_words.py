"""Iranian organisations named in Persian in Latin letters, read with their words in English
(``persian_latin_words``, ``data/org_words_persian_latin.json``). Each query in ``FOUND`` is
one of helper-31's romanised Persian forms of a listed body (2026-12-05), as Iranian press,
registries and the bodies themselves write them, and cleared before; the name each body is
listed under (OFAC SDN, CSL, UN, UK, in ``../shared/data/sanctions``) is the source of the
expected name; the meaning of each word, its Persian word's row in
``org_words_arabic_script.json`` (Wiktionary)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.sanctions.matching import org_words, persian_latin_words
from services.sanctions.matching.normalize import name_forms, query_forms
from services.sanctions.snapshot import Snapshot
from tests.sanctions.found import assert_found

DATA = json.loads(persian_latin_words.DATA.read_text(encoding="utf-8"))

READINGS = [
    # (written, its readings; () where it is not read)
    (
        "Sherkat-e Melli-ye Naft-e Iran",
        ("company national oil iran", "company national petroleum iran"),
    ),
    (
        "Sherkate Melliye Nafte Iran",
        ("company national oil iran", "company national petroleum iran"),
    ),
    ("Havapeymayi-ye Mahan", ("airlines mahan", "air mahan")),
    ("Havapeimaii Mahan", ("airlines mahan", "air mahan")),  # another spelling, one key
    ("Seda va Sima", ("broadcasting",)),  # a phrase before its words
    ("IRIB Seda-o-Sima", ("irib broadcasting",)),
    ("Sanaye-e Petroshimi-ye Khalij-e Fars", ("industries petrochemical persian gulf",)),
    (
        "Gorouh-e Sanati-ye Shahid Hemmat",
        ("group industrial shahid hemmat", "group technology martyr hemmat"),
    ),
    ("Bank-e Tose'e Saderat", ("bank development export",)),  # the apostrophe of ع
    ("Setad-e Kol-e Niru-ha-ye Mosallah", ("general staff forces armed",)),  # -ha: plural
    ("Anjoman-e Madani-ye Zanan", ("association madani zanan",)),  # madani: civil, not mining
    ("Foolad Naft", ("steel oil", "steel petroleum")),  # two words read, though no kind
    ("Foolad Mobarakeh Esfahan", ()),  # one word read and no kind: left as written
    ("Bank Pasargad", ()),  # a kind, but nothing reads otherwise
    ("Mohammad Eslami", ()),  # no kind of body, one word
    ("National Iranian Oil Company", ()),  # English
    ("شرکت ملی نفت ایران", ()),  # Persian script is org_words' to read
]


@pytest.mark.parametrize(("written", "readings"), READINGS, ids=[r[0] for r in READINGS])
def test_reading(written: str, readings: tuple[str, ...]) -> None:
    assert persian_latin_words.translated(written) == readings


@pytest.mark.parametrize(
    ("spellings", "same"),
    [
        (["sanaye", "sanayeh", "sanaye'", "sanayi", "Sanaye"], True),
        (["fulad", "foolad", "foulad"], True),
        (["havapeymayi", "havapeymaei", "havapeymai"], True),
        (["qarargah", "gharargah"], True),
        (["melli", "meli"], True),
        (["naft", "nafti"], False),
    ],
)
def test_spellings_share_a_key(spellings: list[str], same: bool) -> None:
    assert (len({persian_latin_words.key(s) for s in spellings}) == 1) is same


def test_a_person_is_never_read() -> None:
    """A person named like a body's words (Bank Melli as a name) keeps the name as written."""
    reading = persian_latin_words.TRANSLATED
    assert all(f.reading != reading for f in query_forms("Sherkat Melli", "person"))
    assert any(f.reading == reading for f in name_forms("Sherkat Melli"))


FOUND = [
    # (query, words of the name the body is listed under)
    ("Keshtirani-ye Jomhuri-ye Eslami-ye Iran", "ISLAMIC REPUBLIC OF IRAN SHIPPING LINES"),
    ("Kashtirani Jomhuri Eslami Iran", "ISLAMIC REPUBLIC OF IRAN SHIPPING LINES"),
    ("Havapeymayi-ye Mahan", "MAHAN AIR"),
    ("Havapeymaei-ye Jomhuri-ye Eslami-ye Iran", "ISLAMIC REPUBLIC OF IRAN AIRLINES"),
    ("Gorooh-e Sanati-e Shahid Hemmat", "SHAHID HEMMAT INDUSTRIAL GROUP"),
    ("Gorouh-e Sanati-ye Shahid Bakeri", "SHAHID BAKERI INDUSTRIAL GROUP"),
    ("Daneshgah-e Sanati-ye Sharif", "SHARIF UNIVERSITY OF TECHNOLOGY"),
    ("Seda va Sima-ye Jomhuri-ye Eslami-ye Iran", "ISLAMIC REPUBLIC OF IRAN BROADCASTING"),
    ("Sanaye Petroshimi Khalij Fars", "PERSIAN GULF PETROCHEMICAL INDUSTR"),
    ("Sazman-e Fazaei-ye Iran", "IRANIAN SPACE ORGANISATION"),
    (
        "Niru-ye Entezami-ye Jomhuri-ye Eslami-ye Iran",
        "LAW ENFORCEMENT FORCES OF THE ISLAMIC REPUBLIC OF IRAN",
    ),
    ("Khabargozari-ye Tasnim", "TASNIM NEWS AGENCY"),
    ("Qarargah-e Sazandegi-ye Khatam al-Anbiya", "KHATAM AL-ANBIYA CONSTRUCTION HEADQUARTERS"),
    # helper-34's forms (2026-12-05), after its review added their words
    ("Sherkat-e Zob Ahan-e Esfahan", "ESFAHAN STEEL COMPANY"),
    ("Sherkat-e Sang-e Ahan-e Markazi-ye Iran", "IRAN CENTRAL IRON ORE COMPANY"),
    ("Sherkat-e Haffari-ye Shomal", "NORTH DRILLING COMPANY"),
    ("Setad-e Kol-e Niru-ha-ye Mosallah", "ARMED FORCES GENERAL STAFF"),
    (
        "Sherkat-e Sarmayeh-gozari-ye Tamin-e Ejtemaei-ye Niruha-ye Mosallah",
        "ARMED FORCES SOCIAL SECURITY INVESTMENT",
    ),
    ("Zendan-e Evin", "EVIN PRISON"),
    ("Pazhuheshgah-e Fazaei-ye Iran", "IRAN SPACE RESEARCH CENTER"),
    ("Sanaye-e Havaei-ye Qods", "QODS AVIATION INDUSTRIES"),
    ("صنایع هوایی قدس", "QODS AVIATION INDUSTRIES"),  # هوایی: aviation too
]


@pytest.mark.parametrize(("query", "listed"), FOUND, ids=[f[0] for f in FOUND])
def test_found(real_snapshot: Snapshot, query: str, listed: str) -> None:
    assert_found(real_snapshot, query, "organization", listed)


@pytest.mark.parametrize("row", DATA["words"], ids=[r["persian"] for r in DATA["words"]])
def test_each_word_is_a_persian_word_of_the_table(row: dict[str, Any]) -> None:
    """Each row's Persian word is in ``org_words``' table, whose English it is read in, and
    its spellings are lower-case Latin letters."""
    persian, _ = org_words.table("fa")
    assert " ".join(org_words.fold(w) for w in row["persian"].split()) in persian
    assert all(s == s.lower() and s.isascii() for s in row["latin"])


def test_no_spelling_means_two_things() -> None:
    """No two Persian words share a spelling's key: a spelling reads one way only."""
    seen: dict[tuple[str, ...], str] = {}
    for row in DATA["words"]:
        for spelling in row["latin"]:
            spelled = tuple(persian_latin_words.words(spelling))
            assert seen.setdefault(spelled, row["persian"]) == row["persian"], spelling


@given(st.text(alphabet="aeiouyghkhszqtnr'- ", max_size=40))
def test_a_key_is_its_own_key(text: str) -> None:
    """Folding a folded word changes nothing, so a spelling and its key look up alike."""
    for word in text.split():
        assert persian_latin_words.key(persian_latin_words.key(word)) == persian_latin_words.key(
            word
        )


@given(st.text(max_size=60))
def test_any_text_reads_in_a_few_lower_case_readings(text: str) -> None:
    found = persian_latin_words.translated(text)
    assert len(found) <= org_words.MOST_READINGS
    assert all(r == r.lower() for r in found)
