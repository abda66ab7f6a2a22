"""Listed parties written in Arabic or Persian script, as a partner's clerk in Iran, Iraq,
Lebanon or Syria writes them (``scripts.prepare``, ``scripts.arabic_readings``, the Persian
half-space in ``clean``, ``normalize.abjad_onset``, ``keys.one_consonant_key``,
``ABJAD_SAME`` and ``ABJAD_DISTINCT``, and ``ListIndex._rarity_cap``). Each query in ``FOUND`` cleared before 2026-12-03 (a hostile
pass of 224 native spellings of listed parties against the real lists, helper-19; the score
then in brackets, or "not retrieved" where the listed party was not among the candidates),
or was found before and lost by the first version of the readings (helper-20's review).

Sources for the readings (checked 2026-12-03): the ALA-LC Romanization Tables (Library of
Congress, loc.gov/catdir/cpso/roman.html), Arabic: the article written al- apart, tāʾ
marbūṭa in pausal form h (and t in a construct); Persian: ذ z, ض z̤, ظ ẓ (z without the
marks), و the consonant v (rule 2(a)), a compound name written joined or apart in the
script and apart in romanisation (rule 10: Ghulām ʻAlī, غلامعلی or غلام علی). As the lists
write them, not ALA-LC: ʿayn as a vowel (Ali, Jafari), the ending ه‌ای as -ei (KHAMENEI,
EJEI; ALA-LC -ahʹī), a name ending in Allah as one word (NASRALLAH, HIZBALLAH). The
zero-width non-joiner between the parts of a Persian word that do not join: The Unicode
Standard, section 23.2 (Layout Controls)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.sanctions.lists.model import ListEntry, ListName
from services.sanctions.matching import scripts
from services.sanctions.matching.clean import clean
from services.sanctions.matching.compare import Query, score_entry
from services.sanctions.matching.keys import one_consonant_key, query_key_groups
from services.sanctions.matching.normalize import name_form, name_forms, skeleton_folded
from services.sanctions.snapshot import Snapshot
from tests.sanctions.found import assert_found

REVIEW = 0.70

READINGS = [
    # (written, the words of its reading)
    ("يحيى السنوار", ("yhyy", "snwar")),  # the article apart
    ("إسماعيل هنية", ("asmaayl", "hnyh")),  # tāʾ marbūṭa pausal; ʿayn as a vowel
    ("علی خامنه‌ای", ("aly", "khamnei")),  # the Persian ending -ei
    ("علی خامنه ای", ("aly", "khamnei")),  # the same, written with a space
    ("خامنه‌ای، علی", ("khamnei", "aly")),  # an Arabic comma after it
    ("محمدجواد ظریف", ("mhmd", "jwad", "zryf")),  # Mohammad compounded, written joined
    ("محمدرضا نقدی", ("mhmd", "rza", "nqdy")),  # Persian ض is z
    ("علی‌اکبر صالحی", ("aly", "akbr", "salhy")),  # Ali compounded
    ("غلامحسین محسنی اژه‌ای", ("ghlam", "hsyn", "mhsny", "azhei")),  # Gholam compounded
    ("حسن نصر الله", ("hsn", "nsrallh")),  # Allah joined to the word before it
    ("إسماعيل هنية", ("asmaayl", "hnya")),  # tāʾ marbūṭa as -a too
    ("قرارگاه خاتم‌الانبیاء", ("qrargah", "khatm", "anbya")),  # the half-space before al-
]


@pytest.mark.parametrize(("written", "words"), READINGS)
def test_reading(written: str, words: tuple[str, ...]) -> None:
    forms = name_forms(written)
    assert any(f.core == words and f.reading == scripts.ARABIC_READING for f in forms), [
        (f.core, f.reading) for f in forms
    ]


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("جعفري", ("jafry",)),  # ʿayn no longer splits the word (it read "j fry")
        ("الخزعلي", ("alkhzaly",)),
        ("علی‌اکبر", ("alyakbr",)),  # the half-space joins, as Persian writes it
        ("خاتم‌الانبیاء", ("khatmalanbya",)),  # before the article too (a reading parts it)
    ],
)
def test_ayn_and_the_half_space_in_the_name_as_written(
    written: str, words: tuple[str, ...]
) -> None:
    assert name_form(written).core == words


def test_the_persian_half_space_is_no_evidence_of_evasion() -> None:
    """Persian writes the zero-width non-joiner in خامنه‌ای; the same character between two
    Latin letters hides a name and stays evidence."""
    assert clean("علی خامنه‌ای").invisible == 0
    assert clean("Pu\u200ctin").invisible == 1
    assert clean("ص\u200cالح").invisible == 1  # Arabic writes no half-space: Saleh split


def test_latin_names_get_no_arabic_reading() -> None:
    assert all(f.reading != scripts.ARABIC_READING for f in name_forms("Ali Khamenei"))
    assert scripts.arabic_readings("احمد") == ()  # nothing to read otherwise


PAIRS = [
    # (query, listed name): one person, written in two scripts
    ("علی شمخانی", "SHAMKHANI, Ali"),  # Ali from ʿayn: aly, not ly
    ("علی خامنه‌ای", "KHAMENEI, Ali Husseini"),  # a name without its middle name (subset)
    ("احمد وحیدی", "VAHIDI, Ahmad"),  # waw is v
    ("حسن ایرلو", "IRLOO, Hassan"),  # alef and ye: a vowel onset
    ("مروان عيسى", "ISSA, Marwan"),  # ʿayn and alef maqsura: Issa
]


@pytest.mark.parametrize(("query", "listed"), PAIRS)
def test_pair(query: str, listed: str) -> None:
    entry = ListEntry("x", "1", "person", (ListName(listed, "primary"),))
    assert score_entry(Query((query,), "person"), list(name_forms(query)), entry).score >= REVIEW


FOUND = [
    # (query, kind, a word of the listed name it must meet, why (score before))
    ("علی خامنه‌ای", "person", "KHAMENEI", "Persian ending, ʿayn (0.39)"),
    ("خامنه‌ای، علی", "person", "KHAMENEI", "family name first, a comma (0.39)"),
    ("علی شمخانی", "person", "SHAMKHANI", "ʿayn (0.59)"),
    ("محمدجواد ظریف", "person", "ZARIF", "Mohammad joined (0.23)"),
    ("محمدرضا نقدی", "person", "NAQDI", "Persian z, Mohammad joined (0.24)"),
    ("يحيى السنوار", "person", "SINWAR", "the article (0.31)"),
    ("إسماعيل هنية", "person", "HANIYEH", "tāʾ marbūṭa, ʿayn (0)"),
    ("قيس الخزعلي", "person", "KHAZALI", "the article, ʿayn (0.24)"),
    ("محمد علي جعفري", "person", "JAFARI", "ʿayn split the word (0.52)"),
    ("حسن نصر الله", "person", "NASRALLAH", "Allah apart"),
    ("احمد وحیدی", "person", "VAHIDI", "not retrieved: Ahmads written in Arabic outranked"),
    ("حسن ایرلو", "person", "IRLU", "not retrieved"),
    ("محمد حمشو", "person", "HAMSHO", "not retrieved"),
    # found before the Arabic readings, and kept (helper-20's review of the change)
    ("صدام حسين", "person", "SADDAM", "a name without its middle names, in Arabic"),
    ("تنظيم القاعدة", "organization", "QA'IDA", "the organisation of al-Qaida"),
    ("ص\u200cالح عاصي", "person", "ASSI", "a non-joiner splitting an Arabic name"),
    ("كم\u200cال دراجي", "person", "DARRAJI", "a non-joiner before the letters of al-"),
    ("حزب الله", "organization", "HIZBALLAH", "Allah apart (0.80 against a person)"),
    # qaf read q, listed gh: Persian says ق and غ alike and romanises both gh (2026-12-04)
    ("بانک اقتصاد نوین", "organization", "EGHTESAD", "qaf listed as gh (not retrieved)"),
    ("قاسم سلیمانی", "person", "SOLEIMANI", "found before on QASEM: kept"),
    # a word of one consonant, as the script writes it (دی: dy), looked up by it (2026-12-04)
    ("بانک دی", "organization", "DAY BANK", "one consonant (not retrieved)"),
]


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("day", "o:dd"),  # DAY BANK
        ("dy", "o:dd"),  # دی read
        ("rey", "o:rr"),
        ("ali", "o:al"),  # a vowel onset
        ("vali", "o:wl"),  # waw: v and w alike
        ("bb", "o:bb"),  # a doubled consonant is one
        ("bank", None),  # more consonants: the skeleton keys find it
        ("d", None),  # one letter
    ],
)
def test_a_word_of_one_consonant_has_a_key_of_its_onset_and_consonant(
    word: str, key: str | None
) -> None:
    assert one_consonant_key(word) == key


def test_a_persons_short_words_are_not_looked_up_by_one_consonant() -> None:
    """ایلیا and آریا met listed Ali and Ara on nothing else (three more negatives flagged)."""
    form = name_form("آریا سعیدی")
    assert any("o:ar" in g for g in query_key_groups(form))
    assert not any("o:ar" in g for g in query_key_groups(form, person=True))


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("اقتصاد", "eghtesad"),  # EGHTESAD NOVIN BANK
        ("قاسم", "ghasem"),  # GHASEM SOLEYMANI (UN IRi.040)
        ("صادقی", "sadeghi"),
        ("باقری", "bagheri"),
        ("غلام", "gholam"),  # ghayn, read gh and listed gh: as before
    ],
)
def test_qaf_and_ghayn_meet_the_gh_persian_romanises_them_as(query: str, listed: str) -> None:
    """Iranian Persian pronounces ق and غ alike and often romanises both gh ("Romanization of
    Persian", Wikipedia, retrieved 2026-12-04); the lists do so themselves: اقتصاد is
    OFAC's EGHTESAD NOVIN BANK and MEHR EQTESAD BANK, قاسم the UN's IRi.039 QASEM and
    IRi.040 GHASEM. The abjad skeletons, folded, meet."""
    read = name_form(query).core[0]
    assert skeleton_folded(read) == skeleton_folded(listed)


@pytest.mark.parametrize(("query", "kind", "listed", "why"), FOUND, ids=[f[3] for f in FOUND])
def test_written_in_arabic_script_is_found(
    real_snapshot: Snapshot, query: str, kind: str, listed: str, why: str
) -> None:
    assert_found(real_snapshot, query, kind, listed)


@given(st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهويةءىپچژگکی \u200c،", max_size=40))
def test_the_reading_is_total_and_changes_the_name(text: str) -> None:
    assert text not in scripts.arabic_readings(text)
    name_forms(text)  # every name has forms, whatever it holds
