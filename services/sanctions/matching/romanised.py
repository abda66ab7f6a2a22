"""Names romanised the way German, Polish, French and Portuguese write them, read the way the
lists do.

The lists write Russian, Ukrainian, Persian and Korean names in English romanisations
(BGN/PCGN and their kin): Prigozhin, Lavrov, Abramovich, Khamenei, Kim Jong Un. A partner
in Germany, Poland or France writes the same people as its own press does: Prigoschin,
Lawrow, Abramowitsch, Chamenei, Kim Dschong Un; Prigożyn, Ławrow, Miedwiediew; Prigojine,
Choïgou, Loukachenko; Brazil's and Portugal's press Ievguêni Prigojin, Serguei Tchemezov,
Nikolai Patruchev. Each is two to four letters from the English spelling, past any typo
budget, and the given-name table (``given_names``) knows given names only.

Each reading here rewrites the spelling conventions of one language family into English
ones (German w, sch, tsch, dsch, ch, j; Polish cz, sz, ż, ł, ie, and the š, č, ž of
Belarusian Latin; French ch, tch, ou, j, -ine), and the name is compared in it beside the
name as written. Only queries are read so: the lists write English already, and reading
every listed name would only cost memory. A reading adds a way to be found, never removes
one, and the evidence names it.

The correspondences, checked 2026-12-03: Polish from the PWN dictionary's rules for
transcribing Russian (sjp.pwn.pl/zasady/...;629697: в w, е ie after most consonants, ж ż,
ш sz, ч cz, щ szcz, х ch, й j, л ł); German (в w, ж and ш sch, ч tsch, щ schtsch, х ch) and
French (ж j, ш ch, ч tch, щ chtch, у ou, й ï, х kh) from the comparative table at
zanotowane.pl/1029/8022 and learn-russian.dreamwidth.org/928560.html; Portuguese (ч tch,
ш ch, щ sch, ж j, gu before e and i, е as ie, ю iu, я ia) from the Folha de S.Paulo style
manual's rules (manualdaredacao.folha.com.br, as summarised at
pequenocompendiodalinguarussa.blogspot.com, 2024-08-21) and the University of São Paulo's
table (revistas.usp.br/rus/transliteracao).
"""

from __future__ import annotations

import re
from typing import Final

GERMAN_POLISH: Final = "German or Polish spelling read as English"
FRENCH: Final = "French spelling read as English"
PORTUGUESE: Final = "Portuguese spelling read as English"

_Rules = tuple[tuple[re.Pattern[str], str], ...]


def _rules(*pairs: tuple[str, str]) -> _Rules:
    return tuple((re.compile(pattern), replacement) for pattern, replacement in pairs)


#: German (Duden) and Polish romanisation to English, in order: a word-initial ch is kh
#: (Chodorkowski, Chamenei) before tsch and sch are read (Tschernomyrdin)
_GERMAN_POLISH = _rules(
    (r"\bch", "kh"),
    (r"szcz", "shch"),
    (r"dsch", "\x00"),  # j once the j rules below are past (Kim Dschong Un)
    (r"tsch", "ch"),
    (r"sch", "sh"),
    (r"cz", "ch"),
    (r"sz", "sh"),
    (r"[żźž]", "zh"),
    (r"š", "sh"),  # Czech-style letters (Belarusian Lacinka: Łukašenka)
    (r"č", "ch"),
    (r"ł", "l"),
    (r"ś", "s"),
    (r"ń", "n"),
    (r"(?<=[bcdfgklmnprstvwz])ie", "e"),  # Polish softening: Miedwiediew, Siergiej
    (r"w", "v"),
    (r"\bj(?=[aeiou])", "y"),  # Jewgeni, Juri, Jelena
    (r"(?<=[aeiou])j(?=[aeiou])", "y"),  # Sergejewitsch
    (r"(?<=[aeiou])j\b", "y"),  # Dmitrij, Sergej, Nikolaj
    (r"\x00", "j"),
)
#: what only German or Polish writes so: a reading is tried only where one is present. A j
#: alone is no hint: Sergej, Dmitrij, Jelena are given names, which ``given_names`` knows in
#: every form, and read as Sergey they made Sergej Viktorovich Navros one typo from Lavrov
_GERMAN_POLISH_HINT = re.compile(r"\bch|tsch|sch|cz|sz|[łżźśńžšč]|w")

#: French press romanisation to English: tch is ch, ch is sh, ou is u, j is zh, -ine is -in
_FRENCH = _rules(
    (r"tch", "\x00"),
    (r"ch", "sh"),
    (r"\x00", "ch"),
    (r"ï", "i"),
    (r"ou", "u"),
    (r"j", "zh"),
    (r"gu(?=[ei])", "g"),  # Evgueni, Sergueï
    (r"(?<=[^aeiou]i)ne\b", "n"),  # Poutine, Prigojine, Setchine
)
#: (a word-initial ch alone is no hint: Charles, Christopher, Chen)
_FRENCH_HINT = re.compile(r"tch|ï|gu[ei]|[^aeiou]ine\b|ou\w*(?:ov|ev|ine|enko|ski)\b")

#: Portuguese press romanisation to English (the Folha de S.Paulo style manual and the
#: University of São Paulo's table, which Brazilian papers follow): tch is ch, sch is shch,
#: ch is sh, j is zh, gu before e and i is g, and i before a vowel is y at a word's start or
#: after a consonant (Ievguêni Prigojin, Iúri, Fiódor: Yevgeni Prigozhin, Yuri, Fyodor)
_PORTUGUESE = _rules(
    (r"tch", "\x00"),
    (r"sch", "\x01"),
    (r"ch", "sh"),
    (r"\x00", "ch"),
    (r"\x01", "shch"),
    (r"j", "zh"),
    (r"gu(?=[eiéêí])", "g"),
    (r"(?<![aeiouáéêíóôú])i(?=[aeouáéêóôú])", "y"),
)
#: what Portuguese writes so: tch, gu before e or i, a word starting ie or iu (a j alone,
#: or a ch, is no hint: José, Charles)
_PORTUGUESE_HINT = re.compile(r"tch|gu[eiéêí]|\bi[eéêuú]")


def _apply(text: str, rules: _Rules) -> str:
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text


def readings(text: str) -> list[tuple[str, str]]:
    """(reading, which) for each language family whose spelling the name shows and whose
    reading changes it: "Jewgeni Prigoschin" is "yevgeni prigoshin" (German or Polish),
    "Sergueï Choïgou" is "sergei shoigu" (French), "Ievguêni Prigojin" is "yevgêni
    prigozhin" (Portuguese). Lower case: the reading is compared, not
    shown."""
    lower = text.lower()
    out: list[tuple[str, str]] = []
    for hint, rules, which in (
        (_GERMAN_POLISH_HINT, _GERMAN_POLISH, GERMAN_POLISH),
        (_FRENCH_HINT, _FRENCH, FRENCH),
        (_PORTUGUESE_HINT, _PORTUGUESE, PORTUGUESE),
    ):
        if hint.search(lower):
            read = _apply(lower, rules)
            if read != lower:
                out.append((read, which))
    return out
