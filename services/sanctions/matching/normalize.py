"""Names to comparable token forms.

Pipeline: clean what a person would not see or would misread (``clean.py``: NFKC,
invisible characters, look-alike letters in mixed-script words); fold dotted abbreviations
(``G.m.b.H.`` -> ``GmbH``); replace legal forms in any language by their short compare
form (rigour: ``Gesellschaft mit beschränkter Haftung`` -> ``gmbh``,
``Общество с ограниченной ответственностью`` -> ``ooo``); transliterate any script
to Latin (normality/ICU: Cyrillic, Arabic, Greek, CJK, Hangul, ...); split on anything not a
letter or digit; map list-style abbreviations (``COMP``, ``GRP``, ``SRVCES``) to one form;
then sort tokens into core tokens, particles (``al``, ``bin``, ``van``) and legal forms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Final

from normality import ascii_text
from rigour.names import replace_org_types_compare
from rigour.text import metaphone

from services.sanctions.matching import (
    chinese_words,
    japanese_words,
    kana,
    korean_words,
    latin_org_words,
    org_words,
    places,
    portuguese_words,
    romanised,
    spelled,
    translated_words,
)
from services.sanctions.matching.clean import clean, lookalike
from services.sanctions.matching.scripts import (
    ARABIC_READING,
    ZWNJ_BEFORE_ARTICLE,
    arabic_readings,
    hanja_readings,
    korean_syllables,
    prepare,
    readings,
)

#: short legal-form tokens after rigour's replacement (and common ones it leaves alone)
LEGAL_FORMS: Final = frozenset(
    {
        "gmbh",
        "ag",
        "kg",
        "ohg",
        "ug",
        "gbr",
        "ev",
        "llc",
        "ltd",
        "inc",
        "corp",
        "co",
        "plc",
        "lp",
        "llp",
        "ooo",
        "zao",
        "oao",
        "pao",
        "pjsc",
        "jsc",
        "ojsc",
        "cjsc",
        "ao",
        "sa",
        "sas",
        "sarl",
        "srl",
        "spa",
        "bv",
        "nv",
        "kft",
        "sro",
        "as",
        "ab",
        "oy",
        "oyj",
        "pte",
        "pty",
        "bhd",
        "sdn",
        "fze",
        "fzco",
        "fzc",
        "gie",
        "se",
        "kk",
        "limited",
        "company",
        "corporation",
        "incorporated",
        "tov",
        "dooel",
        "doo",
        "ad",
        "eood",
        "ood",
        "sp",
        "zoo",
        "spzoo",
        "cv",
        "sab",
        "de",
        # rigour writes these legal forms as one word to compare (Co., Ltd. is coltd: 903
        # listed organisations ended in a "name word" coltd until 2026-12-03; S.A. de C.V.
        # is sacv), and the free-zone and national suffixes lists carry like one (DMCC;
        # ApS, Denmark; Pvt, South Asia; not S.A.L., whose sal is also a given name)
        "coltd",
        "sacv",
        "gmbhcokg",
        "dmcc",
        "aps",
        "pvt",
    }
)
#: list-style abbreviations and their long forms, mapped to one compare form
ABBREVIATIONS: Final = {
    "comp": "co",
    "kompaniia": "co",
    "kompaniya": "co",
    "kompania": "co",
    "compania": "co",
    "companhia": "co",
    "compagnie": "co",
    "kompanie": "co",
    "company": "co",
    "corporation": "corp",
    "incorporated": "inc",
    "limited": "ltd",
    "grp": "group",
    "srvces": "services",
    "svcs": "services",
    "servs": "services",
    "service": "services",
    "intl": "international",
    "natl": "national",
    "mfg": "manufacturing",
    "assn": "association",
    "assoc": "association",
    "dept": "department",
    "ctr": "center",
    "centre": "center",
    "univ": "university",
    "inst": "institute",
    "technologies": "technology",
    "tech": "technology",
    "org": "organization",
    "organisation": "organization",
    "orgn": "organization",
    "bros": "brothers",
    # the abbreviations company registers and trade directories write for the words of an
    # organisation's kind and trade (Iran Electronics Inds, Hamas Mvmt)
    "inds": "industries",
    "mvmt": "movement",
    "mvt": "movement",
    "hldg": "holding",
    "hldgs": "holdings",
    "mgmt": "management",
    "engg": "engineering",
    "engrg": "engineering",
    "trdg": "trading",
    "shpg": "shipping",
    "fdn": "foundation",
    "fndn": "foundation",
    "govt": "government",
    "devt": "development",
    "indl": "industrial",
    "mgt": "management",
    "bco": "banco",
    "techs": "technology",
    # an airline is named Air, Airlines, Airline or Airways alike (Mahan Air, Mahan Airlines),
    # written as the shortest: written as Airlines, the word weighed so much that any Air X
    # met any listed X Airlines (Air Arabia, Syrian Arab Airlines)
    "airlines": "air",
    "airline": "air",
    "airways": "air",
    "ibn": "bin",
    "bint": "bin",
}
#: low-information person-name particles: matched, but weighted down
PARTICLES: Final = frozenset(
    {
        "al",
        "el",
        "ul",
        "bin",
        "abu",
        "abd",
        "da",
        "di",
        "del",
        "der",
        "van",
        "von",
        "la",
        "le",
        "du",
        "des",
        "dos",
        "das",
        "y",
        "and",
        "of",
        "the",
        "in",
        "for",
        "on",
        # generic words of organisations' legal forms, where a changed word order or a split
        # keeps rigour from reading them as one form ("Company Bank VTB Public Joint Stock")
        "joint",
        "stock",
        "public",
        "open",
        "closed",
        "liability",
        "society",
        "enterprise",
        "state",
        "unitary",
        "federal",
    }
)
#: titles and honorifics: dropped
TITLES: Final = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "sheikh",
        "shaykh",
        "haji",
        "hajji",
        "president",
        "general",
        "gen",
        "col",
        "colonel",
        "mullah",
        "maulvi",
        "mawlawi",
        "qari",
        "imam",
        "his",
        "excellency",
        "honorable",
        "hon",
        # offices and forms of address in the languages a partner may write them in
        # (Minister Lavrov, Herr Putin, Monsieur Poutine); religious honorifics are
        # HONORIFICS
        "minister",
        "senator",
        "mister",
        "herr",
        "frau",
        "monsieur",
        "madame",
        "mme",
        "senor",
        "senora",
        "senhor",
        "senhora",
        "signor",
        "signora",
        "comrade",
        "tovarishch",
        # "President" in the languages a head of state is named with in the press and in
        # other lists (Präsident, Predsjednik, Președintele, Presidente, Президент, elnök)
        "prasident",
        "praesident",
        "predsjednik",
        "predsednik",
        "presedintele",
        "presedinte",
        "presiden",
        "presidente",
        "presidentti",
        "prezident",
        "prezydent",
        "elnok",
    }
)
DIGITS: Final = {
    "1": "one",
    "2": "two",
    "3": "three",
    "4": "four",
    "5": "five",
    "6": "six",
    "7": "seven",
    "8": "eight",
    "9": "nine",
    "10": "ten",
}
ORDINALS: Final = {"1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth"}

_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}(?!\w)")
_SPLIT = re.compile(r"[^a-z0-9]+")
#: the reading the evidence names when a name in Han characters matched read as Korean
HANJA_READING: Final = "Korean reading of Han characters (Unihan kHangul)"
_APOSTROPHE = re.compile(r"['’`ʼ]")
_ABJAD = re.compile(
    r"[\u0590-\u05FF\u0600-\u06FF\u0700-\u074F\u0750-\u077F\u0780-\u07BF\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]"
)
_VOWELS = re.compile(r"[aeiouyw]")
_HANGUL = re.compile(r"[\uAC00-\uD7A3\u1100-\u11FF\u3130-\u318F]")
_CJK = re.compile(
    r"[\u1100-\u11FF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]"
)


@dataclass(frozen=True, slots=True)
class NameForm:
    """A name ready to compare: its core tokens, particles and legal forms."""

    text: str
    core: tuple[str, ...]
    particles: tuple[str, ...]
    legal: tuple[str, ...]
    #: written in an abjad (Arabic, Hebrew, Syriac, Thaana): transliteration drops vowels
    abjad: bool = False
    #: core tokens and particles in their written order (for merged and split words)
    ordered: tuple[str, ...] = ()
    #: written in Han, Kana or Hangul: transliterated syllables, not name parts
    cjk: bool = False
    #: every token in written order, legal forms included (for run-together names)
    whole: tuple[str, ...] = ()
    #: invisible or format characters removed from the name as written
    invisible: int = 0
    #: words that mixed letters of several scripts (folded into their main script)
    mixed: tuple[str, ...] = ()
    #: this form is the Latin look-alike reading of a name written in other letters
    lookalike: bool = False
    #: every letter and digit of the name in Latin, before any word is read as a legal form
    raw: str = ""
    #: written in Hangul: the name's words, each as its romanised syllables in order
    korean: bool = False
    syllables: tuple[tuple[str, ...], ...] = ()
    #: the romanisation system this form reads the name in, when not the default
    reading: str = ""
    #: written in katakana (a foreign name in Japanese): words also compare by the sounds
    #: Japanese writes (``kana``)
    kana: bool = False

    @property
    def tokens(self) -> tuple[str, ...]:
        return self.core + self.particles

    @property
    def joined(self) -> str:
        return "".join(self.ordered or self.core)

    @property
    def words(self) -> tuple[str, ...]:
        """Every token in written order, legal forms included (Pao is a name too)."""
        return self.whole or self.ordered or self.core

    @property
    def joined_whole(self) -> str:
        """All tokens written together, legal forms included: "BancoNacionaldeCuba"."""
        return "".join(self.words)

    @property
    def evasive(self) -> bool:
        """Written with invisible characters or look-alike letters: itself evidence."""
        return bool(self.invisible or self.mixed or self.lookalike)


def _fold_dotted(text: str) -> str:
    return _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)


def _legal_forms(text: str) -> str:
    replaced = replace_org_types_compare(text)
    if " inc " in f" {replaced} " and " inc" not in f" {text}":
        replaced = f" {replaced} ".replace(" inc ", " in ").strip()  # rigour reads "in" as "inc"
    return replaced


@lru_cache(maxsize=200_000)
def name_form(name: str) -> NameForm:
    """Normalise one name (cached: list names and repeated queries cost once)."""
    cleaned = clean(name)
    return _form(name, cleaned.text, cleaned.invisible, cleaned.mixed)


#: digits that pass for letters inside a word ("T0", "Ja1a1uddin"): both readings of 1
_DIGIT_LETTERS = (str.maketrans("0134578", "oleastb"), str.maketrans("0134578", "oieastb"))
_MIXED_WORD = re.compile(r"\b(?=\w*\d)(?=\w*[^\W\d_])\w+\b")


def _digit_readings(text: str) -> tuple[str, ...]:
    """Readings of a name whose words mix digits and letters, each digit read as the letter
    it looks like; none when no word mixes them."""
    if not _MIXED_WORD.search(text):
        return ()
    out: list[str] = []
    for table in _DIGIT_LETTERS:

        def read_word(m: re.Match[str], t: dict[int, int] = table) -> str:
            return m.group(0).translate(t)

        read = _MIXED_WORD.sub(read_word, text)
        if read not in out:
            out.append(read)
    return tuple(out)


@lru_cache(maxsize=100_000)
def name_forms(name: str) -> tuple[NameForm, ...]:
    """The forms a query name is compared in: as written (cleaned); where words are written in
    letters that only look Latin, also their Latin look-alike reading; where words mix digits
    and letters ("PAK T0 CHUN"), also the digits read as letters. Readings are marked: how a
    name was written is itself evidence."""
    form = name_form(name)
    shown = clean(name).text
    readings = [r for r in (lookalike(shown),) if r is not None]
    readings += [d for r in (shown, *readings) for d in _digit_readings(r)]
    out = [form]
    for reading in readings:
        other = _form(name, reading, form.invisible, form.mixed, lookalike=True)
        if other.core and all(other.core != f.core for f in out):
            out.append(other)
    out += [f for f in script_forms(name) if all(f.core != o.core for o in out)]
    out += [f for f in spelled_forms(name) if all(f.core != o.core for o in out)]
    out += [f for f in romanised_forms(name) if all(f.core != o.core for o in out)]
    out += [f for f in arabic_forms(name) if all(f.core != o.core for o in out)]
    out += [f for f in english_word_forms(name) if all(f.core != o.core for o in out)]
    out += [f for f in translated_forms(name) if all(f.core != o.core for o in out)]
    out += [f for f in portuguese_forms(name) if all(f.core != o.core for o in out)]
    out += [f for f in latin_org_forms(name) if all(f.core != o.core for o in out)]
    return tuple(out) + tuple(f for f in country_forms(name) if all(f.core != o.core for o in out))


#: religious and hereditary honorifics: a partner writes them before a name (Ayatollah Ali
#: Khamenei, Sayyed Ali Khamenei), and some lists keep them as part of one (the UN's SAYYED
#: MOHAMMED HAQQANI, whose name without it would be any Mohammed Haqqani), so a query is
#: also compared without them, and a listed name keeps them
HONORIFICS: Final = re.compile(
    r"\b(?:ayatollah|ayatullah|aiatol[aá]|ayatol[aá]|hojatoleslam|sayyid|sayyed|seyyed|seyed"
    # the same in Persian and Arabic script: سید علی خامنه‌ای cleared at 0.50 (helper-31)
    r"|[سص][یيى]\u0651?د|آ[یي][تة][\u200c\s]?ا?ل?له|حج[تة][\u200c\s]?ال[اإ]سلام)\b",
    re.I,
)
#: the evidence's words for that reading
WITHOUT_HONORIFICS: Final = "honorific left out"


@lru_cache(maxsize=200_000)
def romanised_forms(name: str) -> tuple[NameForm, ...]:
    """A query name romanised as German, Polish or French write Russian, Persian and Korean
    names, read as the lists write them (``romanised``): Prigoschin as Prigoshin, Ławrow as
    Lavrov, Choïgou as Shoigu; and without its honorifics. Queries only: the lists write
    English romanisations, and a listed name keeps what it was listed with."""
    form = name_form(name)
    shown = clean(name).text
    readings = romanised.readings(shown)
    without = HONORIFICS.sub(" ", shown) if HONORIFICS.search(shown) else None
    if without is not None:
        readings.append((without, WITHOUT_HONORIFICS))
    out = _read_as(name, form, readings)
    if without is None or without.isascii():
        return out
    # written in Arabic script: also as the lists romanise the rest (خامنه‌ای: Khamenei)
    arabic = (
        (r, WITHOUT_HONORIFICS) for r in arabic_readings(ZWNJ_BEFORE_ARTICLE.sub(" ", without))
    )
    return out + tuple(
        f for f in _read_as(name, form, arabic, without) if all(f.core != o.core for o in out)
    )


@lru_cache(maxsize=200_000)
def arabic_forms(name: str) -> tuple[NameForm, ...]:
    """A name in Arabic or Persian script read as the lists romanise such names
    (``scripts.arabic_readings``): السنوار as al Sinwar, هنية as Haniyeh and Haniya,
    خامنه‌ای as Khamenei, محمدجواد as Mohammad Javad. Queries and listed names alike: the
    lists' own Arabic names (العاني) then meet a query written as the lists romanise them
    (al-Ani)."""
    return () if name.isascii() else _arabic_forms(name, name_form(name))


def _arabic_forms(name: str, form: NameForm) -> tuple[NameForm, ...]:
    shown = clean(ZWNJ_BEFORE_ARTICLE.sub(" ", name)).text
    return _read_as(name, form, ((r, ARABIC_READING) for r in arabic_readings(shown)), shown)


#: the evidence's words for a name read with ``translated_words``
WORDS_IN_ENGLISH: Final = "words of organisations' names in English"


@lru_cache(maxsize=200_000)
def english_word_forms(name: str) -> tuple[NameForm, ...]:
    """The name with the words of organisations' names romanised from Russian, Arabic and
    Persian read in English (``translated_words``: Kontsern Kalashnikov as Concern
    Kalashnikov, Jaysh al-Islam as Army al Islam), beside the name as written, in each
    romanisation its script is read in. Queries and listed names alike, so a name written
    either way meets the other; a spelling the tables lack still meets as written."""
    return _english_word_forms(name, name_form(name), script_forms(name))


def _english_word_forms(
    name: str, form: NameForm, others: tuple[NameForm, ...]
) -> tuple[NameForm, ...]:
    readings = []
    for read in (form, *others):
        words = translated_words.english_words(read.whole, len(read.core))
        if words != list(read.whole):
            readings.append((" ".join(words), WORDS_IN_ENGLISH))
    return _read_as(name, form, readings) if readings else ()


@lru_cache(maxsize=200_000)
def translated_forms(name: str) -> tuple[NameForm, ...]:
    """An organisation named in Persian, Arabic, Korean or Chinese with its common words in
    English (``org_words``, ``korean_words``, ``chinese_words``): هواپیمایی ماهان as Airlines
    Mahan, the rest read as ``arabic_forms`` reads it; 단천상업은행 as Tanchon Commercial Bank,
    华为技术有限公司 as Huawei Technology Co Ltd. Queries only: the lists carry such bodies
    under English names, and a listed Arabic name read so is a phrase any firm may be called
    (مكتب الخدمات, MAKHTAB AL-KHIDAMAT, read as Office Services, met "Office Services Ltd" at
    1.0)."""
    if name.isascii():
        return ()
    form = name_form(name)
    text = ZWNJ_BEFORE_ARTICLE.sub(" ", unicodedata.normalize("NFKC", name))
    readings: list[tuple[str, str]] = []
    for english in org_words.translated(text):
        readings.append((english, org_words.TRANSLATED))
        readings.extend((r, org_words.TRANSLATED) for r in arabic_readings(english))
    out = _read_as(name, form, readings, clean(text).text)
    # read wholly in Latin letters, and compared so: the body's own name written as one word
    # has a Latin word's budget of edits (HAESONG, HESONG), not a syllable's none
    cjk = [(e, korean_words.TRANSLATED) for e in korean_words.translated(text)]
    cjk += [(e, chinese_words.TRANSLATED) for e in chinese_words.translated(text)]
    read = [f for f in _read_as(name, form, cjk) if all(f.core != o.core for o in out)]
    japanese = [(e, japanese_words.TRANSLATED) for e in japanese_words.translated(text)]
    # a Japanese name's own name in katakana is a foreign name's sounds (メラット, meratto:
    # MELLAT): its reading compares as katakana's do (``kana``)
    in_kana = bool(kana.KATAKANA.search(text))
    read += [
        replace(f, kana=in_kana)
        for f in _read_as(name, form, japanese)
        if all(f.core != o.core for o in (*out, *read))
    ]
    return out + tuple(read)


@lru_cache(maxsize=200_000)
def portuguese_forms(name: str) -> tuple[NameForm, ...]:
    """An organisation named in Portuguese with its words in English (``portuguese_words``):
    Companhia Nacional de Petróleo Iraniana as Company National of Oil Iranian. Queries
    only: the lists hold no Portuguese names of the bodies they carry in English."""
    readings = [(e, portuguese_words.TRANSLATED) for e in portuguese_words.translated(name)]
    return _read_as(name, name_form(name), readings) if readings else ()


@lru_cache(maxsize=200_000)
def latin_org_forms(name: str) -> tuple[NameForm, ...]:
    """An Iranian or Arab organisation's own name in Latin letters with its words in English
    (``latin_org_words``): Sherkat-e Melli-ye Naft-e Iran as Company National Oil Iran,
    Al-Masraf al-Tijari al-Suri as Bank Commercial Syrian. Queries only, as
    ``portuguese_forms``: the lists carry such bodies in English."""
    read = latin_org_words.translated(name)
    # and a country's formal name so read as its short one (Vezarat-e Ettela'at-e Jomhuri-ye
    # Eslami-ye Iran: ministry intelligence iran), as ``country_forms`` reads one in English
    read += tuple(s for r in read if (s := places.with_short_names(r)) is not None)
    readings = [(e, latin_org_words.TRANSLATED) for e in read]
    return _read_as(name, name_form(name), readings) if readings else ()


#: the evidence's words for a country's formal name read as its short one
COUNTRY_SHORT: Final = "a country's formal name as its short name"


@lru_cache(maxsize=200_000)
def country_forms(name: str) -> tuple[NameForm, ...]:
    """The name with a country's formal name as its short one (``places.with_short_names``):
    Ministry of Intelligence of the Islamic Republic of Iran as Ministry Intelligence Iran,
    which meets IRANIAN MINISTRY OF INTELLIGENCE AND SECURITY (the formal name's three
    words met nothing there, and it cleared at 0.54 against another ministry). Queries of
    organisations only, as a reading beside the name as written: ISLAMIC REPUBLIC OF IRAN
    SHIPPING LINES is met as written still."""
    read = places.with_short_names(name)
    return _read_as(name, name_form(name), [(read, COUNTRY_SHORT)]) if read else ()


#: readings of a name as an organisation's words
ORGANISATION_READINGS: Final = frozenset(
    {
        WORDS_IN_ENGLISH,
        org_words.TRANSLATED,
        korean_words.TRANSLATED,
        chinese_words.TRANSLATED,
        japanese_words.TRANSLATED,
        portuguese_words.TRANSLATED,
        latin_org_words.TRANSLATED,
        COUNTRY_SHORT,
    }
)


def query_forms(name: str, kind: str | None) -> tuple[NameForm, ...]:
    """The forms a query name of this kind is compared in (``name_forms``): a person's name
    without its readings as an organisation's words (Morskoy, a surname, is also the
    adjective морской, maritime: Ivan Morskoy met IVAN MARITIME at 0.85 so)."""
    forms = name_forms(name)
    if kind != "person":
        return forms
    return tuple(f for f in forms if f.reading not in ORGANISATION_READINGS)


@lru_cache(maxsize=200_000)
def script_forms(name: str) -> tuple[NameForm, ...]:
    """The name read in the romanisation systems its script is written in on the lists
    (``scripts.readings``), beside the default: for listed names and queries alike."""
    if name.isascii():
        return ()  # Latin letters have no other reading
    form = name_form(name)
    shown = clean(name).text
    out = list(_read_as(name, form, readings(shown), shown))
    for hangul in hanja_readings(shown):
        # read as a Korean name: compared syllable by syllable, as one written in Hangul
        korean = _form(name, hangul, form.invisible, form.mixed, reading=HANJA_READING)
        if korean.core and all(korean.core != f.core for f in out):
            out.append(korean)
    return tuple(out)


#: words that may be written in capitals and are no initials: legal forms (LLC, LTD, BV),
#: titles (DR, MR), particles (AL, EL, ABU), generations (JR, SR, IV) and names (MD, KC)
NOT_INITIALS: Final = (
    LEGAL_FORMS
    | TITLES
    | frozenset(ABBREVIATIONS.keys())
    | frozenset(ABBREVIATIONS.values())
    | PARTICLES
    | frozenset({"jr", "sr", "ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii"})
    # Md and Mohd write Mohammad (Bangladesh, Malaysia); KC is a Nepali family name
    | frozenset({"md", "mohd", "kc"})
)


def _spelled_forms(name: str, form: NameForm) -> tuple[NameForm, ...]:
    shown = clean(name).text
    readings = (
        (spelled.number_reading(shown), spelled.NUMBER_WORDS),
        (spelled.initials_reading(shown, NOT_INITIALS), spelled.INITIALS_APART),
    )
    return _read_as(name, form, ((r, how) for r, how in readings if r is not None))


def _read_as(
    name: str, form: NameForm, readings: Iterable[tuple[str, str]], native: str | None = None
) -> tuple[NameForm, ...]:
    """The name in each reading ((text, how it was read)) other than ``form`` and each
    other: the one way every reading becomes a form to compare."""
    out: list[NameForm] = []
    for read, how in readings:
        other = _form(name, read, form.invisible, form.mixed, native=native, reading=how)
        if other.core and other.core != form.core and all(other.core != f.core for f in out):
            out.append(other)
    return tuple(out)


@lru_cache(maxsize=200_000)
def spelled_forms(name: str) -> tuple[NameForm, ...]:
    """The name as people also write it (``spelled``): numbers in words as digits, initials
    written together apart; each form names its reading for the evidence."""
    return _spelled_forms(name, name_form(name))


@lru_cache(maxsize=200_000)
def listed_forms(name: str) -> tuple[NameForm, ...]:
    """A listed name's forms: as written, its readings in other romanisations, as people
    also write it, and with romanised words of organisations' names in English."""
    return (
        name_form(name),
        *script_forms(name),
        *spelled_forms(name),
        *arabic_forms(name),
        *english_word_forms(name),
    )


def forms_once(name: str) -> tuple[NameForm, ...]:
    """``listed_forms`` without keeping them: the index reads every listed name once, when it
    is built, and keeping every form then held a fifth of a start's memory (55 MB) for names
    no query may ever meet; a name a query meets is kept from then on."""
    form = name_form.__wrapped__(name)
    arabic = () if name.isascii() else _arabic_forms(name, form)
    scripts = script_forms.__wrapped__(name)
    english = _english_word_forms(name, form, scripts)
    return (form, *scripts, *_spelled_forms(name, form), *arabic, *english)


def _form(
    name: str,
    shown: str,
    invisible: int = 0,
    mixed: tuple[str, ...] = (),
    *,
    lookalike: bool = False,
    native: str | None = None,
    reading: str = "",
) -> NameForm:
    """``native``: the name as written, when ``shown`` is a reading of it in Latin letters
    (its script decides how tokens compare)."""
    script = native if native is not None else shown
    text = _fold_dotted(prepare(shown)).lower()
    # legal forms are replaced before transliteration (Cyrillic long forms) and after it
    # (forms that only read as one in Latin letters), so normalising twice changes nothing
    plain = ascii_text(_APOSTROPHE.sub("", text)).lower()
    latin = _legal_forms(ascii_text(_APOSTROPHE.sub("", _legal_forms(text))).lower())
    in_kana = bool(kana.KATAKANA.search(script))
    if in_kana:
        latin = latin.replace("'", "")  # ICU writes ン before a vowel n': one word still
    core: list[str] = []
    particles: list[str] = []
    legal: list[str] = []
    ordered: list[str] = []
    whole: list[str] = []
    for raw in _SPLIT.split(latin):
        if not raw:
            continue
        token = ORDINALS.get(raw, DIGITS.get(raw, raw))
        token = ABBREVIATIONS.get(token, token)
        if token in TITLES:
            continue
        whole.append(raw)
        if token in LEGAL_FORMS:
            legal.append(token)
            continue
        ordered.append(token)
        if token in PARTICLES:
            particles.append(token)
        else:
            core.append(token)
    if not core and particles:  # a name made only of particles ("Abu ...") keeps them as core
        core, particles = particles, []
    if not core and legal:
        core, legal = legal, []
    return NameForm(
        name,
        tuple(core),
        tuple(particles),
        tuple(legal),
        abjad=bool(_ABJAD.search(script)),
        ordered=tuple(ordered),
        cjk=bool(_CJK.search(script)),
        whole=tuple(whole),
        invisible=invisible,
        mixed=mixed,
        lookalike=lookalike,
        raw="".join(ch for ch in plain if ch.isalnum()),
        korean=bool(_HANGUL.search(script)),
        syllables=korean_syllables(script),
        reading=reading,
        kana=in_kana,
    )


def _classify(tokens: list[str]) -> tuple[list[str], list[str], list[str]]:
    core: list[str] = []
    particles: list[str] = []
    legal: list[str] = []
    for token in tokens:
        token = ABBREVIATIONS.get(token, token)
        (legal if token in LEGAL_FORMS else particles if token in PARTICLES else core).append(token)
    return core, particles, legal


def _run_at(
    seq: tuple[str, ...], i: int, words: frozenset[str], close: Callable[[str, str], bool]
) -> int:
    """How many words from position ``i`` on, written together, are one of ``words`` (or
    ``close`` to one): three, two, or none."""
    for n in (3, 2):
        run = "".join(seq[i : i + n])
        if (
            i + n <= len(seq)
            and len(run) >= 4
            and (run in words or any(close(run, w) for w in words))
        ):
            return n
    return 0


def joins(form: NameForm, words: frozenset[str], close: Callable[[str, str], bool]) -> bool:
    """Whether ``rejoin`` would join a run of ``form``'s words, without building the name: a
    bound asks only that."""
    seq = form.words
    return any(_run_at(seq, i, words, close) for i in range(len(seq) - 1))


def rejoin(
    form: NameForm, words: frozenset[str], close: Callable[[str, str], bool]
) -> NameForm | None:
    """``form`` with runs of two or three of its words written together where the run is one
    of ``words`` (or ``close`` to one): a name split inside its words ("Jalal-Uddin",
    "KO-REA RYON-BONG") read as the other name writes it. None when no run joins."""
    seq = form.words
    out: list[str] = []
    changed = False
    i = 0
    while i < len(seq):
        n = _run_at(seq, i, words, close)
        if n:
            out.append("".join(seq[i : i + n]))
            i += n
            changed = True
        else:
            out.append(seq[i])
            i += 1
    if not changed:
        return None
    kept = [t for t in out if t not in TITLES]
    core, particles, legal = _classify(kept)
    if not core:
        return None
    return replace(
        form,
        core=tuple(core),
        particles=tuple(particles),
        legal=tuple(legal),
        ordered=tuple(t for t in kept if t not in legal),
        whole=tuple(kept),
    )


@lru_cache(maxsize=200_000)
def phonetic(token: str) -> str:
    """A metaphone key for candidate retrieval (empty for digits and very short tokens)."""
    if len(token) < 3 or token.isdigit():
        return ""
    return str(metaphone(token))


_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """Consonants only, doubled letters once, v as w: for names transliterated from an abjad
    (Arabic and Hebrew write few vowels; waw is v, w, o or u)."""
    consonants = _VOWELS.sub("", token.replace("v", "w"))
    return _DOUBLED.sub(r"\1", consonants) or token


#: endings Baltic and Greek grammar adds to a foreign name (Vladimiras Putinas, Vladimirs
#: Putins, Alexandros), longest first
_ENDINGS = ("as", "is", "us", "os", "s")


def uninflected(token: str) -> str:
    """The token without a nominative ending the languages that write foreign names with
    one add to it (Lithuanian -as, -is, -us; Latvian -s; Greek -os): its stem, or itself."""
    for ending in _ENDINGS:
        if token.endswith(ending) and len(token) - len(ending) >= 4:
            return token[: -len(ending)]
    return token


_ABJAD_FOLDS = str.maketrans({"p": "b", "v": "f"})


def abjad_onset(token: str) -> str:
    """How a word read from an abjad starts, as the script can tell: a vowel (alef and ʿayn
    begin Ali, Omar, Issa, Eslami alike), w for v (waw is both: Vahidi), else its letter."""
    first = token[0]
    return "a" if first in "aeiou" else "w" if first == "v" else first


@lru_cache(maxsize=200_000)
def skeleton_folded(token: str) -> str:
    """The consonant skeleton with the sounds Arabic script has no letter for written as
    the letter used for them (p as b, v as f: فلاديمير بوتين is Vladimir Putin), and gh as
    q: Persian says qaf and ghayn alike and romanises both gh (بانک اقتصاد نوین, read
    aqtsad, is listed as EGHTESAD NOVIN BANK; قاسم as GHASEM and QASEM)."""
    consonants = _VOWELS.sub("", token.replace("gh", "q").translate(_ABJAD_FOLDS))
    return _DOUBLED.sub(r"\1", consonants) or token


_SOUNDS = (
    ("sh", "s"),
    ("x", "s"),
    ("zh", "j"),
    ("ch", "j"),
    ("q", "k"),
    ("c", "k"),
    ("z", "s"),
    ("w", "v"),
    ("y", "i"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
)


@lru_cache(maxsize=50_000)
def phonetic_short(token: str) -> str:
    """A sound key for tokens of up to three letters (romanised syllables: Xi, Si, Shi)."""
    for old, new in _SOUNDS:
        token = token.replace(old, new)
    return token.replace("h", "")
