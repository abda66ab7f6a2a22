"""The keys a name is indexed and looked up under: its words as written, by sound and by
consonant skeleton, the whole name written together and its first letters so written.

Kept apart from the index so that mypyc compiles them (``native_build``): every listed name
passes through them when the index is built (about a third of building it), and every query
name on each search.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from services.sanctions.matching import given_names, kana, mandarin
from services.sanctions.matching.normalize import (
    NameForm,
    abjad_onset,
    phonetic,
    skeleton,
    skeleton_folded,
    uninflected,
)

#: query words of these lengths are also looked up with each letter left out in turn
DELETIONS_FROM: Final = 5
DELETIONS_TO: Final = 12


def token_keys(token: str) -> set[str]:
    """A listed or query word's keys: itself, its metaphone code, its consonant skeletons."""
    out: set[str] = set()
    if len(token) >= 2:
        out.add("t:" + token)
        code = phonetic(token)
        if code:
            out.add("p:" + code)
        sk = skeleton(token)
        if len(sk) >= 2:
            out.add("s:" + sk)
        folded = skeleton_folded(token)
        if folded != sk and len(folded) >= 3:
            out.add("s:" + folded)  # Arabic script's f for v and b for p
    return out


def one_consonant_key(token: str) -> str | None:
    """A word of one consonant and its vowels (Day, Dey, Rey, Noh), as a word read from an
    abjad may meet it: the script writes that consonant and at most a long vowel (دی: dy),
    so it shares no other key with the listed word. Its onset as the script tells it (a
    vowel, or w for v) and the consonant; none for a word of more consonants or of one
    letter."""
    sk = skeleton(token)
    if len(token) < 2 or len(sk) != 1 or sk == token:
        return None
    return f"o:{abjad_onset(token)}{sk}"


def name_keys(form: NameForm, listed: bool = False) -> set[str]:
    """Keys of the whole name: written together, and its first letters so written; a Chinese
    name's syllables spelled as Wade-Giles writes them (Xi Jinping and Hsi Chin-ping meet)."""
    out = exact_keys(form)
    for joined in (form.joined, form.joined_whole, form.raw):
        if len(joined) >= 6:
            out.add("j:" + joined[:6])
    out.update(mandarin.index_keys(form.words, listed))
    return out


def keys(form: NameForm) -> set[str]:
    """Every key a listed name is indexed under."""
    out = name_keys(form, listed=True).union(*(token_keys(t) for t in form.core))
    out.update(k for k in map(one_consonant_key, form.core) if k is not None)
    return out


def query_key_groups(
    form: NameForm, known: Callable[[str], bool] = lambda key: True, *, person: bool = False
) -> list[set[str]]:
    """A query name's keys, one group per word and one for the whole name: a candidate is
    weighed by the rarest key it shares in each group, so a listed name that shares one word
    in four ways (as written, sound, skeleton, first letters) does not outweigh one that
    shares two words. Words written together two or three at a time form groups too: a name
    split inside its words ("Jalal al-Din", "Jalal-Uddin") finds the listed name that writes
    them as one ("Jalaluddin"). A word no listed name has (``known`` says) is also looked up
    without a nominative ending (Putinas, Vladimirs) and with each letter left out in turn
    (Putsin, Putyin: a letter added to a listed name); a given name also in its other East
    Slavic forms (Volodymyr: Vladimir). A word of one consonant read from an abjad in the
    name of an organisation is looked up by it (``one_consonant_key``: بانک دی, DAY BANK);
    not in a person's, whose short given names (ایلیا, آریا) met listed Ali and Ara on
    nothing else (three more of the 50,000 negatives flagged)."""
    groups = [name_keys(form)]
    for token in form.core:
        group = token_keys(token)
        short = one_consonant_key(token) if form.abjad and not person else None
        if short is not None:
            group.add(short)
        group.update("t:" + other for other in given_names.other_forms(token))
        if form.kana:
            group.update("s:" + spelled for spelled in kana.spellings(token))
            group.update("t:" + spelled for spelled in kana.respellings(token))
        if not known("t:" + token):
            stem = uninflected(token)
            if stem != token:
                group.add("t:" + stem)
            if DELETIONS_FROM <= len(token) <= DELETIONS_TO:
                group.update("t:" + token[:i] + token[i + 1 :] for i in range(len(token)))
        groups.append(group)
    seq = form.ordered or form.core
    for n in (2, 3):
        for i in range(len(seq) - n + 1):
            run = "".join(seq[i : i + n])
            if len(run) >= 6:
                groups.append({"t:" + run, "s:" + skeleton(run)})
    return groups


def exact_keys(form: NameForm) -> set[str]:
    """The whole name written together: an entry sharing one has this very name."""
    return {"k:" + j for j in (form.joined, form.joined_whole, form.raw) if len(j) >= 2}
