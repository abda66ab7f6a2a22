"""Names written in other scripts, read the way the lists' publishers romanise them.

ICU's generic ``Any-Latin`` (used by ``normalize``) is one reading of a foreign name, and
often not the one a list uses: ``Дмитрий`` comes out ``Dmitrij`` where OFAC and the UK write
``Dmitriy`` (BGN/PCGN), ``Βλαντίμιρ`` ``Blantimir`` where the UN writes ``Vlantimir``
(UNGEGN), ``व्लादिमीर`` ``Vladimira`` with the vowel Hindi does not say, ``김정은``
``gimjeong-eun`` as one word where the lists write ``Kim Jong Un``. So a name in one of these
scripts gets, besides the default, the readings of the romanisation systems governments use
for names in it (the US Board on Geographic Names and the UK Permanent Committee on
Geographical Names, whose tables ICU ships, and the UN's UNGEGN), and Korean is romanised
syllable by syllable, as Korean names are written in Latin letters. Readings are extra forms
to compare, never the name itself; the evidence says which reading matched.

Sources: ICU transliterator ids ``Russian-Latin/BGN``, ``Ukrainian-Latin/BGN``,
``Belarusian-Latin/BGN``, ``Greek-Latin/UNGEGN`` (CLDR transforms, unicode.org/cldr);
Hangul syllable decomposition (The Unicode Standard 16.0, section 3.12, "Conjoining Jamo
Behavior"); the Revised Romanization of Korean (Ministry of Culture and Tourism Notice
2000-8, 7 July 2000) and McCune-Reischauer without its diacritics (as the UN, EU, UK and
US lists write North Korean names: KIM Jong Un, CHOE Ryong Hae, RI Pyong Chol); the
Korean readings of Han characters from the Unicode Han Database, field kHangul
(``data/unihan_hangul.json``, Unihan 15.0.0).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache, lru_cache
from itertools import islice, product
from typing import Final

import icu

from services.sanctions.matching import DATA_DIR, kana

_HANGUL = re.compile(r"[\uAC00-\uD7A3]+")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: a Korean name in hanja: family and given name in one run of two to four characters
_HANJA_NAME = re.compile(f"[{_HAN}]{{2,4}}")
UNIHAN: Final = DATA_DIR / "unihan_hangul.json"
#: Korean readings of one name at most (a character with two readings doubles them)
MAX_HANJA_READINGS: Final = 4
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_GREEK = re.compile(r"[\u0370-\u03FF\u1F00-\u1FFF]")
#: Brahmic scripts of India and Bangladesh whose transliteration writes the inherent vowel
_INDIC = re.compile(r"[\u0900-\u0DFF]")
#: Urdu letters ICU leaves untransliterated, as the Arabic letters they are read like
URDU: Final = str.maketrans(
    {"ٹ": "ت", "ڈ": "د", "ڑ": "ر", "ں": "ن", "ھ": "ه", "ے": "ي", "ۓ": "ي", "ہ": "ه", "ۃ": "ة"}
)

#: ʿayn and a lone hamza, which transliteration writes as marks that then split the word
#: (جعفري read "j?fry", إسماعيل "asma?yl"): ʿayn as the vowel the lists write for it (Ali,
#: Jafari, Ismail, Khazali), the hamza as nothing; alef wasla as the alef it is written for
#: (ٱلمصرف)
_ARABIC_MARKS = str.maketrans({"ع": "a", "ء": "", "ٱ": "ا"})

# --- Hangul -------------------------------------------------------------------------------

#: the 19 initial consonants, 21 vowels and 28 finals (none first) in Unicode's order
_INITIALS = "g kk n d tt r m b pp s ss - j jj ch k t p h".replace("-", "").split(" ")
_MEDIALS = [
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "eu",
    "ui",
    "i",
]
_FINALS = "- k k k n n n t l k m l l l p l m p p t t ng t t k t p t".replace("-", "").split(" ")


def hangul_syllable(ch: str) -> str:
    """One Hangul syllable in the Revised Romanization, read on its own (names are
    romanised syllable by syllable): 김 gim, 정 jeong, 은 eun."""
    index = ord(ch) - 0xAC00
    return _INITIALS[index // 588] + _MEDIALS[(index % 588) // 28] + _FINALS[index % 28]


#: McCune-Reischauer without its diacritics and apostrophes (ŏ and ŭ as o and u), as the lists
#: write North Korean bodies' names (TANCHON, KWANGSON, KORYO, RYONBONG): initial consonants
#: unvoiced at the start of a word and after k, t, p; voiced between voiced sounds
_MR_INITIALS = "k kk n t tt r m p pp s ss - ch tch ch k t p h".replace("-", "").split(" ")
_MR_VOICED = "g kk n d tt r m b pp s ss - j tch ch k t p h".replace("-", "").split(" ")
_MR_MEDIALS = [m.replace("eo", "o").replace("eu", "u") for m in _MEDIALS]
#: each final consonant (Unicode's order, none first) read before a vowel, where it begins the
#: next syllable: ㄹ as r (설악 Sorak), ㅅ as s, ㅎ as nothing, a cluster's second letter
#: carried with the first (ㄺ: lg); ㅇ stays where it is (상업 sangop)
_MR_CARRIED = (
    "- g kk ks n nj n d r lg lm lb ls lt lp r m b ps s ss ng j ch k t p -".replace("-", "")
).split(" ")
_NG_FINAL = 21
#: a final before an initial n or m, read nasal (국민 kungmin, 십만 simman)
_MR_NASAL = {"k": "ng", "t": "n", "p": "m"}
_N_INITIAL, _M_INITIAL = 2, 6  # ㄴ ㅁ
_R_INITIAL = 5  # ㄹ
_SILENT_INITIAL = 11  # ㅇ


def mccune_reischauer(word: str, voiced_start: bool = False) -> str:
    """A word of Hangul syllables as one word in McCune-Reischauer without diacritics (단천
    tanchon, 광선 kwangson, 고려 koryo, 련봉 ryonbong), the sounds its syllables take beside
    each other written as the system writes them (상업 sangop, 개발 kaebal, 국민 kungmin, 설악
    sorak, 신라 silla). With ``voiced_start`` the first consonant is written voiced, as the
    lists also write such names (DAEDONG, DAESONG beside TAESONG)."""
    out: list[str] = []
    final, tail = "", 0
    for position, ch in enumerate(word):
        index = ord(ch) - 0xAC00
        if not 0 <= index < 11172:
            return ""
        lead, vowel = index // 588, (index % 588) // 28
        if position == 0:
            initial = (_MR_VOICED if voiced_start else _MR_INITIALS)[lead]
        elif lead == _SILENT_INITIAL and tail and tail != _NG_FINAL:
            carried = _MR_CARRIED[tail]
            final, initial = (carried[0], carried[1:]) if len(carried) > 1 else ("", carried)
            if carried in ("kk", "ss", "ch"):
                final, initial = "", carried
        elif lead == _SILENT_INITIAL:
            initial = ""
        elif lead == _R_INITIAL:
            initial = "l" if final in ("n", "l") else ("r" if not final else "n")
            final = "l" if final == "n" else _MR_NASAL.get(final, final)
        elif lead == _N_INITIAL and final == "l":
            initial = "l"
        elif lead in (_N_INITIAL, _M_INITIAL):
            initial, final = _MR_INITIALS[lead], _MR_NASAL.get(final, final)
        elif final in ("", "n", "m", "ng", "l"):
            initial = _MR_VOICED[lead]
        else:
            initial = _MR_INITIALS[lead]
        if out:
            out[-1] += final
        out.append(initial + _MR_MEDIALS[vowel])
        tail = index % 28
        final = _FINALS[tail]
    if out:
        out[-1] += final
    return "".join(out)


def korean_syllables_joined(word: str) -> str:
    """A word of Hangul syllables each romanised on its own and written together, as the
    lists also write North Korean names (PAEKMA, KUMRYONG, PAEKYANGSAN, HAPJANGGANG): no
    sound changes between syllables, a plain consonant voiced after the first syllable, ㄹ r."""
    out: list[str] = []
    for position, ch in enumerate(word):
        index = ord(ch) - 0xAC00
        if not 0 <= index < 11172:
            return ""
        lead, vowel, tail = index // 588, (index % 588) // 28, index % 28
        initial = (_MR_INITIALS if position == 0 else _MR_VOICED)[lead]
        out.append(initial + _MR_MEDIALS[vowel] + _FINALS[tail])
    return "".join(out)


#: Latin spellings of Hangul's initial consonants (Revised Romanization and
#: McCune-Reischauer without diacritics; ㅇ none), vowels and finals, and their indexes
_LATIN_INITIALS: Final = {
    "g": 0, "kk": 1, "n": 2, "d": 3, "tt": 4, "r": 5, "l": 5, "m": 6, "b": 7, "pp": 8,
    "s": 9, "sh": 9, "ss": 10, "": 11, "j": 12, "jj": 13, "tch": 13, "ch": 14, "k": 15,
    "t": 16, "p": 17, "h": 18,
}  # fmt: skip
_LATIN_VOWELS: Final = {
    "a": 0, "ae": 1, "ya": 2, "yae": 3, "eo": 4, "e": 5, "yeo": 6, "ye": 7, "o": 8,
    "wa": 9, "wae": 10, "oe": 11, "yo": 12, "u": 13, "wo": 14, "we": 15, "wi": 16, "yu": 17,
    "eu": 18, "ui": 19, "i": 20,
}  # fmt: skip
_LATIN_FINALS: Final = {"": 0, "k": 1, "g": 1, "n": 4, "t": 7, "l": 8, "m": 16, "p": 17, "ng": 21}
#: syllables one word of a name may have at most, read back
_MOST_SYLLABLES: Final = 6


@lru_cache(maxsize=50_000)
def hangul_of_romanised(word: str) -> str:
    """A word of romanised Korean read back into Hangul, syllable by syllable, or "" where it
    is no such word: Goryeo and Koryo both 고려, Dancheon 단천, Daeseong 대성. Of the ways to
    cut it, the one of fewest syllables, a vowel starting none but the first. Each consonant
    is read as the letter McCune-Reischauer writes so (k ㅋ, g ㄱ, ch ㅊ, j ㅈ), so that a
    name romanised in the Revised Romanization is read back in McCune-Reischauer as the
    lists write it (Goryeo as Koryo, Dancheon as Tanchon: ``mccune_reischauer``)."""
    n = len(word)
    best: list[tuple[int, str] | None] = [None] * (n + 1)
    best[0] = (0, "")
    for i in range(n):
        found = best[i]
        if found is None or found[0] >= _MOST_SYLLABLES:
            continue
        for j in range(i + 1, min(n, i + 7) + 1):
            syllable = _latin_syllable(word[i:j], first=i == 0)
            if syllable and (best[j] is None or found[0] + 1 < best[j][0]):  # type: ignore[index]
                best[j] = (found[0] + 1, found[1] + syllable)
    return best[n][1] if best[n] is not None else ""  # type: ignore[index]


def _latin_syllable(text: str, first: bool) -> str:
    """One romanised syllable in Hangul, or "": an initial, a vowel and a final."""
    for a in range(min(3, len(text)), -1, -1):
        initial = _LATIN_INITIALS.get(text[:a])
        if initial is None or (a == 0 and not first):
            continue
        for b in range(min(len(text), a + 3), a, -1):
            vowel = _LATIN_VOWELS.get(text[a:b])
            final = _LATIN_FINALS.get(text[b:])
            if vowel is not None and final is not None:
                return chr(0xAC00 + (initial * 21 + vowel) * 28 + final)
    return ""


def _hangul_words(match: re.Match[str]) -> str:
    return " " + " ".join(hangul_syllable(c) for c in match.group(0)) + " "


def korean_syllables(text: str) -> tuple[tuple[str, ...], ...]:
    """The words of a name written in Hangul, each as its romanised syllables in order."""
    return tuple(tuple(hangul_syllable(c) for c in word) for word in _HANGUL.findall(text))


#: Korean family names whose usual Latin spellings the folding below does not bring
#: together (Lee, Rhee, Yi and Ri are all 이/리; Park is 박)
_KOREAN_SURNAMES = {
    "lee": "i",
    "rhee": "i",
    "yi": "i",
    "ri": "i",
    "rhie": "i",
    "park": "pak",
    "choi": "choe",
    "oh": "o",
    "ahn": "an",
    "sohn": "son",
    "noh": "no",
    "roh": "no",
    "hur": "heo",
    "huh": "heo",
    "lim": "im",
    "rim": "im",
    "ryu": "yu",
    "yoo": "yu",
}
_KOREAN_FOLDS = (
    ("eo", "o"),
    ("ung", "ong"),
    ("eu", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("sh", "s"),
    ("ch", "j"),
    ("tt", "t"),
    ("kk", "k"),
    ("pp", "p"),
    ("g", "k"),
    ("d", "t"),
    ("b", "p"),
    ("l", "r"),
)


@lru_cache(maxsize=50_000)
def korean_key(token: str) -> str:
    """A romanised Korean syllable with the differences between the Revised Romanization,
    McCune-Reischauer and the usual spellings folded away: gim, kim; jeong, jong, jung,
    chung; eun, un; seong, sung, song; Lee, Yi, Ri, I. 서 (seo, so) stays apart from 수 (su):
    only before ng is u the usual spelling of eo."""
    token = _KOREAN_SURNAMES.get(token, token)
    for old, new in _KOREAN_FOLDS:
        token = token.replace(old, new)
    return token


# --- other scripts ------------------------------------------------------------------------


@cache
def _hanja() -> dict[str, str]:
    """Han character -> its Korean readings in Hangul, the usual one first (Unihan kHangul)."""
    readings: dict[str, str] = json.loads(UNIHAN.read_text(encoding="utf-8"))["readings"]
    return readings


def hanja_readings(text: str) -> tuple[str, ...]:
    """A name written in Han characters read in Hangul, as a Korean name: 金正恩 as 금정은 and
    김정은 (金 is 김 as a family name). Only a name written as Korean names are in hanja, one
    run of two to four characters (family name, then given name, no space): Chinese names
    are far more often written in Han characters, and read as Korean they met Korean listed
    names they are not (陳雅惠 written 雅惠 陳). None either when a character has no Korean
    reading: a reading of half a name would compare as a different name."""
    text = text.strip()
    if not _HANJA_NAME.fullmatch(text):
        return ()
    table = _hanja()
    if any(ch not in table for ch in text):
        return ()
    # the family name's readings vary first: 金 is 금 and 김, and the cap must not keep only
    # the given name's variants (金龍來 as 김룡래, not four readings of 금)
    found = islice(product(*(table[c] for c in reversed(text))), MAX_HANJA_READINGS)
    return tuple("".join(reversed(p)) for p in found)


def prepare(text: str) -> str:
    """The text before the default transliteration: Hangul written syllable by syllable
    (ICU runs a name's syllables together), Urdu letters as the Arabic ones they read as,
    ʿayn and hamza as the lists write them, katakana's article and word joiners apart."""
    if _HANGUL.search(text):
        text = _HANGUL.sub(_hangul_words, text)
    return kana.prepare(text).translate(URDU).translate(_ARABIC_MARKS)


@cache
def transliterator(system: str) -> icu.Transliterator:
    """ICU's transliterator of that id, made once (making one takes milliseconds)."""
    return icu.Transliterator.createInstance(system)


#: marks BGN/PCGN writes inside words (the soft and hard signs as primes, a middle dot between
#: letters that would otherwise read as one sound): left out, so the word stays one word
_BGN_MARKS = str.maketrans("", "", "\u02b9\u02ba\u00b7\u2019'\"")


def _cyrillic_system(text: str) -> str:
    """The language a Cyrillic name is written in, by the letters only it uses: ў is
    Belarusian, ї є ґ Ukrainian; і with и is Ukrainian, і without и Belarusian (which has no
    и); else Russian."""
    letters = set(text.lower())
    if "ў" in letters or ("і" in letters and not letters & set("иїєґ")):
        return "Belarusian-Latin/BGN"
    if letters & set("іїєґ"):
        return "Ukrainian-Latin/BGN"
    return "Russian-Latin/BGN"


_GREEK_ENDING = re.compile(r"(?<=\w{3})(?:os|as|is|es|ης|ος|ας)\b")


def _schwa_deleted(text: str) -> str:
    """Each word read without the inherent vowel its last consonant carries in writing but
    not in Hindi or Bengali speech (व्लादिमीर पुतिन: Vladimir Putin, not Vladimira Putina)."""
    out = []
    for word in text.split():
        latin = str(transliterator("Any-Latin").transliterate(word))
        last = unicodedata.category(word[-1]) if word else ""
        if last == "Lo" and latin.endswith("a") and len(latin) > 3:
            latin = latin[:-1]
        out.append(latin)
    return " ".join(out)


#: the Arabic and Persian conventions a default transliteration misses, read as the lists
#: write names, in order: a name ending in Allah written as one word (نصر الله: Nasrallah,
#: حزب الله: Hizballah, as the lists and the US Intelligence Community's romanisation,
#: ICS 500-21, write them), the Persian ending ه‌ای / ه ای as -ei (خامنه‌ای: KHAMENEI, EJEI on
#: the lists; ALA-LC writes -ahʹī), the article written apart (السنوار: al-Sinwar; ALA-LC
#: Arabic and Persian tables), and a given name compounded with Mohammad, Ali or Gholam
#: written apart (محمدجواد: Mohammad Javad, غلامحسین: Gholam Hossein; ALA-LC Persian rule 10:
#: a compound name is written joined or apart, and romanised apart). The ALA-LC tables:
#: loc.gov/catdir/cpso/roman.html, checked 2026-12-03.
_ARABIC_READING = (
    (re.compile(r"(?<=[\u0620-\u06ff]) الله(?!\w)"), "الله"),
    (re.compile(r"(?<=\w)ه ?ا[یي](?!\w)"), "ei"),
    (re.compile(r"(?<!\w)ال(?=\w{3})"), "ال "),
    (re.compile(r"(?<!\w)(محمد|علی|غلام)(?=\w{3})"), r"\1 "),
)
#: tāʾ marbūṭa at a word's end, read both ways the lists write it: -a (QAIDA, HANIYA) and
#: the pausal -ah / -eh of the ALA-LC Arabic table (HANIYEH); the default reads it t
_TA_MARBUTA = re.compile(r"ة(?!\w)")
#: a zero-width non-joiner before the article: Persian writes خاتم‌الانبیاء for Khatam
#: al-Anbiya, the article a word of its own in a reading (the name as written is joined)
ZWNJ_BEFORE_ARTICLE: Final = re.compile(r"(?<=[\u0620-\u06ff])\u200c(?=ال)")
#: Persian letters Arabic has not (and the Persian forms of kaf and ye): the name is Persian
_PERSIAN = re.compile("[پچژگکی]")
#: Persian says ض ظ ذ as z (رضا: Reza, ذوالقدر: Zolghadr; ALA-LC Persian: z̤, ẓ, z), where
#: Arabic romanisation writes ḍ, ẓ and dh
_PERSIAN_Z = str.maketrans({"ض": "ز", "ظ": "ز", "ذ": "ز"})
ARABIC_READING: Final = "Arabic script as the lists romanise it"


def arabic_readings(text: str) -> tuple[str, ...]:
    """A name in Arabic or Persian script with the article apart, tāʾ marbūṭa, Persian
    letters and compound given names read as the lists write them: none where that reads as
    the default transliteration does, two where a tāʾ marbūṭa may end in -a or -ah."""
    out = text
    for pattern, replacement in _ARABIC_READING:
        out = pattern.sub(replacement, out)
    if _PERSIAN.search(text):
        out = out.translate(_PERSIAN_Z)
    found = [_TA_MARBUTA.sub("ه", out), _TA_MARBUTA.sub("ا", out)]
    return tuple(r for r in dict.fromkeys(found) if r != text)


@lru_cache(maxsize=100_000)
def readings(text: str) -> tuple[tuple[str, str], ...]:
    """Latin readings of a name beside the default transliteration: (reading, system)."""
    out: list[tuple[str, str]] = []
    if _CYRILLIC.search(text):
        system = _cyrillic_system(text)
        latin = str(transliterator(system).transliterate(text))
        out.append((latin.translate(_BGN_MARKS), system))
    if _GREEK.search(text):
        latin = str(transliterator("Greek-Latin/UNGEGN").transliterate(text))
        out.append((latin, "Greek-Latin/UNGEGN"))
        plain = unicodedata.normalize("NFKD", latin)
        plain = "".join(c for c in plain if not unicodedata.combining(c))
        stem = _GREEK_ENDING.sub("", plain)
        if stem != plain:
            out.append((stem, "Greek-Latin/UNGEGN, nominative ending left out"))
    if _INDIC.search(text):
        out.append((_schwa_deleted(text), "ISO 15919, final inherent vowel not spoken"))
    return tuple(out)
