"""Candidate retrieval: an inverted index over name tokens, built once per list version.

Screening never compares a query with every listed name. Each listed name is indexed
under its tokens, their metaphone codes, their consonant skeletons (for names
transliterated from an abjad) and the first letters of the name written together (for
merged or split words). A query collects the names that share keys with it, ranked by
the rarity of the shared keys, and only the best few are scored in full.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from services.sanctions.lists.model import ListEntry, ListName, SanctionsList
from services.sanctions.matching.compare import Explained, Query, score_entry
from services.sanctions.matching.normalize import (
    NameForm,
    name_form,
    name_forms,
    phonetic,
    skeleton,
)

CANDIDATES = 16
#: keys on more names than this are too common to rank by (they still count when alone)
MAX_POSTING = 4_000


def keys(form: NameForm) -> set[str]:
    out: set[str] = set()
    for token in form.core:
        if len(token) >= 2:
            out.add("t:" + token)
            code = phonetic(token)
            if code:
                out.add("p:" + code)
            sk = skeleton(token)
            if len(sk) >= 2:
                out.add("s:" + sk)
    for joined in (form.joined, form.joined_whole, form.raw):
        if len(joined) >= 6:
            out.add("j:" + joined[:6])
            out.add("k:" + joined)  # the whole name written together: rare, so it ranks high
    return out


@dataclass(frozen=True, slots=True)
class Match:
    entry: ListEntry
    list_name: str
    list_version: str
    explained: Explained


class ListIndex:
    """All loaded lists, indexed. Immutable: a new list version builds a new index."""

    def __init__(self, lists: Sequence[SanctionsList]) -> None:
        self.lists = tuple(lists)
        self.entries: list[tuple[ListEntry, SanctionsList]] = []
        names: list[int] = []  # name id -> entry number
        self._names: list[ListName] = []  # name id -> the listed name
        postings: dict[str, list[int]] = defaultdict(list)
        for source in self.lists:
            for entry in source.entries:
                number = len(self.entries)
                self.entries.append((entry, source))
                for listed in entry.names:
                    name_id = len(names)
                    names.append(number)
                    self._names.append(listed)
                    for key in keys(name_form(listed.name)):
                        postings[key].append(name_id)
        self._name_entry = names
        self._postings = dict(postings)
        self._idf = {k: math.log(1 + len(names) / len(v)) for k, v in self._postings.items()}

    @property
    def size(self) -> int:
        return len(self.entries)

    def versions(self) -> dict[str, str]:
        return {s.name: s.version for s in self.lists}

    def candidates(
        self, forms: Sequence[NameForm], limit: int = CANDIDATES
    ) -> dict[int, list[ListName]]:
        """Entry numbers sharing the rarest keys with any query name, each with the names
        that shared them."""
        wanted = set().union(*(keys(f) for f in forms)) if forms else set()
        present = [k for k in wanted if k in self._postings]
        usable = [k for k in present if len(self._postings[k]) <= MAX_POSTING] or present
        weights: dict[int, float] = defaultdict(float)
        for key in usable:
            idf = self._idf[key]
            for name_id in self._postings[key]:
                weights[name_id] += idf
        best_names = sorted(weights, key=weights.__getitem__, reverse=True)[: limit * 3]
        entries: dict[int, list[ListName]] = {}
        for name_id in best_names:
            number = self._name_entry[name_id]
            if number in entries:
                entries[number].append(self._names[name_id])
            elif len(entries) < limit:
                entries[number] = [self._names[name_id]]
        return entries

    def search(self, query: Query, threshold: float, limit: int = CANDIDATES) -> list[Match]:
        """Entries scoring at least ``threshold``, best first, each with its explanation. A
        name is compared as written (cleaned) and, where written in look-alike letters, also
        as read; an exact listed name never scores below ``threshold``."""
        forms = [f for n in query.names for f in name_forms(n) if f.core]
        matches = []
        for number, names in self.candidates(forms, limit).items():
            entry, source = self.entries[number]
            explained = score_entry(query, forms, entry, names, floor=threshold)
            if explained.score >= threshold:
                matches.append(Match(entry, source.name, source.version, explained))
        matches.sort(key=lambda m: m.explained.score, reverse=True)
        return matches
