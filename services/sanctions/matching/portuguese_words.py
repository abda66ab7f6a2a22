"""An organisation named in Portuguese, read with its words in English.

The lists carry Iranian, Russian, North Korean and Chinese bodies under English names
(NATIONAL IRANIAN OIL COMPANY, CENTRAL BANK OF IRAN, FEDERAL SECURITY SERVICE) and never in
Portuguese. A partner in a Brazilian or Portuguese cluster, or the press it is checked
against, writes them in Portuguese: Companhia Nacional de Petróleo Iraniana, Banco Central
do Irã, Serviço Federal de Segurança da Rússia. Compared as written they share a word or
none with the listed name, and 71 of helper-31's 114 such names cleared (2026-12-05).

Each word of the table (``data/org_words_portuguese.json``) is read in English, in every
form Portuguese inflects it in (a plural noun as the English plural: Indústrias,
industries), with accents folded (Irã and Irão, eletrônica and
electrónica); phrases first (companhia aérea: airline), particles as English particles,
articles left out. Word order is left alone: names are compared word by word in any order
(``compare``), so Petróleo Nacional and National Oil are the same two words. A name is read
so only when a word of it names a kind of body (companhia, banco, ministério) and a word of
it reads otherwise in English, so an English name or a person's is never read; queries only
(``normalize.portuguese_forms``), as the lists hold no Portuguese names of such bodies.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache, lru_cache
from typing import Any, Final

from services.sanctions.matching import DATA_DIR

DATA: Final = DATA_DIR / "org_words_portuguese.json"
#: the reading's words in the evidence
TRANSLATED: Final = "words of a Portuguese organisation's name in English"
_WORD = re.compile(r"[a-z0-9]+")
#: S.A. and S/A, the sociedade anônima, one word (its A is no article)
_SA = re.compile(r"\bs\s*[./]\s*a\b\.?")


def fold(text: str) -> str:
    """Lower case, accents and cedillas dropped (Irã: ira, construção: construcao)."""
    bare = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in bare if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of a name (a hyphen parts words: norte-coreano; S.A. is sa)."""
    return [folded for folded, _ in _written(text)]


def _written(text: str) -> list[tuple[str, str]]:
    """Each word of a name folded and as written (lower case): a particle is one only as
    written (para, for; Pará, a Brazilian state, is a name)."""
    lowered = _SA.sub(" s/a ", unicodedata.normalize("NFC", text.lower()))
    out: list[tuple[str, str]] = []
    for word in re.findall(r"s/a|[^\W_]+", lowered):
        folded = "sa" if word == "s/a" else fold(word)
        out.extend((part, word) for part in _WORD.findall(folded))
    return out


def inflected(word: str, pos: str) -> list[tuple[str, bool]]:
    """A folded word in each form Portuguese writes it in, and whether the form is a noun's
    plural: a noun singular and plural (organizacao, organizacoes; industria, industrias),
    an adjective in both genders and numbers (iraniano, iraniana, iranianos, iranianas;
    nacional, nacionais; chines, chinesa, chineses, chinesas); ``none``: as written."""
    if pos == "none":
        return [(word, False)]
    if pos == "adj" and word.endswith("o"):
        stem = word[:-1]
        return [(stem + end, False) for end in ("o", "a", "os", "as")]
    if pos == "adj" and word.endswith("es"):
        return [(word + end, False) for end in ("", "a", "es", "as")]
    if word.endswith("ao"):
        plurals = [word[:-2] + "oes"]  # every -ão of the table: organizações, divisões
    elif word.endswith(("al", "el", "ol", "ul")):
        plurals = [word[:-1] + "is"]
    elif word.endswith("il"):
        plurals = [word[:-1] + "s"]
    elif word.endswith("m"):
        plurals = [word[:-1] + "ns"]
    elif word.endswith(("r", "z", "s")):
        plurals = [word + "es"]
    else:
        plurals = [word + "s"]
    return [(word, False)] + [(p, pos == "noun") for p in plurals]


#: English nouns written alike in the singular and the plural, or only in the plural, and
#: mass nouns whose Portuguese plural is still one thing (Pesquisas: research; Seguros:
#: insurance; Petróleos de Venezuela: oil)
_SAME_PLURAL: Final = frozenset(
    {
        "aircraft",
        "headquarters",
        "news",
        "arms",
        "affairs",
        "savings",
        "logistics",
        "sa",
        "research",
        "insurance",
        "information",
        "intelligence",
        "finance",
        "transport",
        "oil",
        "steel",
        "construction",
        "shipping",
        "energy",
        "timber",
        "cargo",
        "gas",
        "trade",
        "development",
        "security",
        "health",
        "investment",
        "credit",
        "support",
        "mining",
        "iron",
        "water",
        "food",
        "gold",
        "copper",
        "coal",
        "cement",
        "electricity",
    }
)


def english_plural(english: str) -> str:
    """An English noun's plural by the regular rules, its last word inflected (industry,
    industries; oil company, oil companies; corps, corps)."""
    head, _, last = english.rpartition(" ")
    if last in _SAME_PLURAL or last.endswith(("s", "ics")):
        plural = last
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        plural = last[:-1] + "ies"
    elif last.endswith(("x", "ch", "sh")):
        plural = last + "es"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


@cache
def table() -> dict[str, tuple[str, bool]]:
    """Every folded form of every word -> (its English, whether it names a kind of body)."""
    out: dict[str, tuple[str, bool]] = {}
    for row in _data()["words"]:
        for spelling in (row["portuguese"], *row.get("also", ())):
            english = str(row["english"])
            for form, plural in inflected(" ".join(words(spelling)), str(row["pos"])):
                read = english_plural(english) if plural else english
                out.setdefault(form, (read, bool(row["kind"])))
    return out


@cache
def phrases() -> dict[tuple[str, ...], str]:
    """Folded phrases -> their English (companhia aerea: airline)."""
    return {tuple(words(row["portuguese"])): str(row["english"]) for row in _data()["phrases"]}


@cache
def particles() -> dict[str, str]:
    """Particles and articles as written -> their English ("" for an article, left out)."""
    return {str(k): str(v) for k, v in _data()["particles"].items()}


@lru_cache(maxsize=50_000)
def translated(name: str) -> tuple[str, ...]:
    """The name with its Portuguese words in English, or none where it names no kind of
    body in Portuguese or reads the same in English."""
    written = _written(name)
    found = [folded for folded, _ in written]
    read: list[str] = []
    kind = changed = False
    longest = max(map(len, phrases()), default=1)
    i = 0
    while i < len(found):
        for size in range(longest, 1, -1):
            english = phrases().get(tuple(found[i : i + size]))
            if english is not None:
                read.append(english)
                kind = changed = True
                i += size
                break
        else:
            word = found[i]
            entry = table().get(word)
            if entry is not None:
                read.append(entry[0])
                kind = kind or entry[1]
                changed = changed or entry[0] != word
            elif written[i][1] in particles():
                read.append(particles()[written[i][1]])  # "" for an article: left out
            else:
                read.append(word)
            i += 1
    if not (kind and changed):
        return ()
    return (" ".join(w for w in read if w),)
