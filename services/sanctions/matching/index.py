"""Candidate retrieval: an inverted index over name tokens, built once per list version.

Screening never compares a query with every listed name. Each listed name is indexed
under its tokens, their metaphone codes, their consonant skeletons (for names
transliterated from an abjad) and the first letters of the name written together (for
merged or split words). A query collects the names that share keys with it, ranked by
the rarity of the shared keys, and only the best few are scored in full.

Each query name is retrieved for on its own, with its own budget, and an entry that has a
name written exactly as the query name (the whole name written together) is always among
them: a party cannot push a listed name out of the candidates by adding aliases whose
words, pooled, resemble other listed names. Listed fields that pack several names
(``variants``) are indexed name by name, and a query packing them is compared name by name
too. A name on several lists is read once when the index is built, and an entry listed
twice under the same names is compared once per search.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

from services.sanctions.gcpause import paused_gc
from services.sanctions.lists.model import ListEntry, ListName, SanctionsList
from services.sanctions.matching import mandarin
from services.sanctions.matching.compare import (
    Explained,
    NameHit,
    Query,
    best_name,
    coined_in,
    coined_word_of,
    comparison,
    could_reach,
    kana_similarity,
    score_entry,
)
from services.sanctions.matching.keys import exact_keys, keys, query_key_groups
from services.sanctions.matching.normalize import (
    NameForm,
    forms_once,
    name_form,
    query_forms,
)
from services.sanctions.matching.variants import variants

CANDIDATES = 16
#: a name read from katakana meets more candidates: its words are looked up under every
#: spelling their sounds may stand for, many of them rare and of unrelated names, and only
#: queries written in katakana pay for it
KANA_WIDER = 4
#: the names, ranked first by their keys, that a name read from katakana is compared with
#: word by word to rank its candidates (``ListIndex._kana_ranking``)
KANA_POOL = 500
#: the ranking by the rarest key per query word adds this fraction of the candidates
PER_WORD_SHARE = 4
#: keys on more names than this are too common to rank by (they still count when alone)
MAX_POSTING = 4_000
#: a token in at least this share of listed persons' names is a common name part
COMMON_SHARE = 0.001


def variants_of(entry: ListEntry) -> list[ListName]:
    """Every name an entry is indexed under: its names and the names packed into them."""
    return [v for n in entry.names for v in variants(n)]


@dataclass(frozen=True, slots=True)
class Match:
    entry: ListEntry
    list_name: str
    list_version: str
    explained: Explained


class ListIndex:
    """All loaded lists, indexed. Immutable: a new list version builds a new index."""

    def __init__(self, lists: Sequence[SanctionsList]) -> None:
        with paused_gc():  # every object made here lives as long as the index
            self._build(lists)

    def _build(self, lists: Sequence[SanctionsList]) -> None:
        self.lists = tuple(lists)
        self.entries: list[tuple[ListEntry, SanctionsList]] = []
        names: list[int] = []  # name id -> entry number
        self._names: list[ListName] = []  # name id -> the listed name
        postings: dict[str, list[int]] = defaultdict(list)
        person_tokens: dict[str, int] = defaultdict(int)
        person_names = 0
        # a name on several lists (the CSL repeats the SDN's) is read once: until its last
        # listing is indexed, the postings its first one went to are kept (references to
        # them, not its keys: 10,000 names' keys held 15 MB at the peak of a start; an entry's
        # variants are read twice rather than kept for every entry, for the same reason)
        uses = Counter(v.name for s in self.lists for e in s.entries for v in variants_of(e))
        seen: dict[str, tuple[list[list[int]], tuple[str, ...]]] = {}
        for source in self.lists:
            for entry in source.entries:
                number = len(self.entries)
                self.entries.append((entry, source))
                for listed in variants_of(entry):
                    name_id = len(names)
                    names.append(number)
                    self._names.append(listed)
                    found = seen.get(listed.name)
                    if found is None:
                        forms = forms_once(listed.name)
                        name_keys = set().union(*(keys(f) for f in forms))
                        found = ([postings[k] for k in name_keys], forms[0].core)
                    targets, core = found
                    for target in targets:
                        target.append(name_id)
                    left = uses[listed.name] - 1
                    uses[listed.name] = left
                    if left > 0:
                        seen[listed.name] = found
                    elif listed.name in seen:
                        del seen[listed.name]
                    if entry.kind == "person":
                        person_names += 1
                        for token in set(core):
                            person_tokens[token] += 1
        del uses, seen
        self._name_entry = names
        # postings packed in one array, each key an offset into it: a query's candidates are
        # weighed in numpy, not name by name in Python
        self._keys: dict[str, int] = {k: i for i, k in enumerate(postings)}
        sizes = np.fromiter((len(v) for v in postings.values()), np.int64, len(postings))
        self._ends = np.cumsum(sizes)
        self._starts = self._ends - sizes
        self._sizes = sizes
        self._flat = np.fromiter(chain.from_iterable(postings.values()), np.int32, int(sizes.sum()))
        self._idf = np.log1p(len(names) / np.maximum(sizes, 1))
        floor = max(20, COMMON_SHARE * person_names)
        #: name parts so common among listed persons that two of them identify nobody
        self.common: frozenset[str] = frozenset(t for t, n in person_tokens.items() if n >= floor)

    def __getstate__(self) -> dict[str, object]:
        """What is kept on disk (``indexcache``): the entries are the lists' own, in order, and
        a listed name is its entry's name at a position, or a name packed into one (kept
        whole); nothing the lists hold is written twice."""
        state = dict(self.__dict__)
        del state["entries"], state["_names"]
        positions = np.full(len(self._names), -1, np.int32)
        packed: dict[int, ListName] = {}
        for name_id, listed in enumerate(self._names):
            names = self.entries[self._name_entry[name_id]][0].names
            position = next((k for k, n in enumerate(names) if n is listed), -1)
            if position < 0:
                packed[name_id] = listed
            positions[name_id] = position
        state["_name_positions"], state["_packed_names"] = positions, packed
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        positions = state.pop("_name_positions")
        packed = state.pop("_packed_names")
        if not isinstance(positions, np.ndarray) or not isinstance(packed, dict):
            msg = "not a kept index"
            raise TypeError(msg)
        self.__dict__.update(state)
        self.entries = [(entry, source) for source in self.lists for entry in source.entries]
        self._names = [
            self.entries[self._name_entry[name_id]][0].names[position]
            if position >= 0
            else packed[name_id]
            for name_id, position in enumerate(positions.tolist())
        ]

    @property
    def size(self) -> int:
        return len(self.entries)

    def versions(self) -> dict[str, str]:
        return {s.name: s.version for s in self.lists}

    def posting(self, key: str) -> np.ndarray:
        """The name ids indexed under a key (empty when none)."""
        k = self._keys.get(key)
        return self._flat[self._starts[k] : self._ends[k]] if k is not None else self._flat[:0]

    def _rarity_cap(self, group: set[str]) -> float:
        """How rare a word read from an abjad is: as rare as its consonants are among all
        listed names, never rarer. Its keys as written are shared only by the few names the
        lists write in that script (احمد is ahmd on 30 listed names, its consonants h-m-d on
        1,783), and ranked by them every Ahmad written in Arabic outranked VAHIDI, Ahmad."""
        found = [self._keys[k] for k in group if k.startswith("s:") and k in self._keys]
        return float(self._idf[found].max()) if found else np.inf

    def _ranked(
        self, form: NameForm, limit: int, person: bool = False
    ) -> dict[int, list[ListName]]:
        """Entry numbers sharing the rarest keys with one query name, each with the names
        that shared them; entries with a name written exactly as the query name first. Ties
        go to the name indexed first, so a query always meets the same candidates."""
        groups = query_key_groups(form, self._keys.__contains__, person=person)
        present = [
            np.array(sorted(self._keys[k] for k in g if k in self._keys), np.int64) for g in groups
        ]
        usable = [p[self._sizes[p] <= MAX_POSTING] for p in present]
        if not any(len(u) for u in usable):
            usable = present  # only common keys: rank by them rather than find nothing
        caps = [self._rarity_cap(g) if form.abjad else np.inf for g in groups]
        # every group's postings in one array, group by group (one pass of numpy for all the
        # query's words rather than one per word)
        chosen = [(g, int(k)) for g, keys_of_group in enumerate(usable) for k in keys_of_group]
        if not chosen:
            return {}
        group_of = np.fromiter((g for g, _ in chosen), np.int64, len(chosen))
        key_of = np.fromiter((k for _, k in chosen), np.int64, len(chosen))
        sizes = self._sizes[key_of]
        ids = np.concatenate([self._flat[self._starts[k] : self._ends[k]] for _, k in chosen])
        capped = np.minimum(self._idf[key_of], np.asarray(caps)[group_of])
        weights = np.repeat(capped, sizes)
        names, inverse = np.unique(ids, return_inverse=True)
        # two rankings, each with its own budget: every key a name shares (a word matched
        # as written, by sound and by skeleton counts thrice), and the rarest key per query
        # word (a name sharing two words beats one sharing one word in many ways)
        rankings = [np.bincount(inverse, weights=weights)]
        pair = np.repeat(group_of, sizes) * len(names) + inverse  # (word, name), word first
        order = np.lexsort((-weights, pair))  # each pair's rarest key first
        first = np.ones(len(order), bool)
        first[1:] = pair[order][1:] != pair[order][:-1]
        best = order[first]
        rankings.append(np.bincount(inverse[best], weights[best], len(names)))
        shares = [limit, max(1, limit // PER_WORD_SHARE)]
        if form.kana:
            rankings.append(self._kana_ranking(form, names, rankings))
            shares.append(limit)
        # a name written as the query name is, or with its very syllables in Wade-Giles
        same = exact_keys(form) | mandarin.index_keys(form.words, listed=False)
        exact = np.unique(np.concatenate([self.posting(k) for k in same] or [ids[:0]]))
        exact_ids = set(exact.tolist())
        entries: dict[int, list[ListName]] = {}
        # the budget counts names, not entries: a party on four lists under one name takes
        # one place, not four (KOREA TAESONG TRADING COMPANY on three lists and CHOSON TAESONG
        # UNHAENG on three pushed KOREA DAESONG GENERAL TRADING CORPORATION out)
        distinct: set[str] = set()
        for scores, share in zip(rankings, shares, strict=True):
            if len(exact):
                scores = scores + np.isin(names, exact) * (scores.max() + 1.0)  # exact first
            order = np.lexsort((names, -scores))[: share * 3 + len(exact)]
            budget = len(distinct) + share
            for name_id in names[order].tolist():
                number = self._name_entry[name_id]
                listed = self._names[name_id]
                if number in entries:
                    if listed not in entries[number]:
                        entries[number].append(listed)
                    continue
                key = listed.name.casefold()
                if key in distinct or len(distinct) < budget or name_id in exact_ids:
                    entries[number] = [listed]
                    distinct.add(key)
        return entries

    def _kana_ranking(
        self, form: NameForm, names: np.ndarray, rankings: list[np.ndarray]
    ) -> np.ndarray:
        """A name read from katakana, ranked against the names that share its keys by how
        alike their words are as katakana tells them (``compare.kana_similarity``): its
        keys are every spelling its sounds may stand for, and a rare wrong spelling shared
        by an unrelated name outranked the listed name's common one (ヒズボラ: HIZBALLAH
        153rd). The ``KANA_POOL`` names ranked first by either ranking are compared."""
        scores = np.zeros(len(names))
        pool = np.unique(np.concatenate([np.lexsort((names, -r))[:KANA_POOL] for r in rankings]))
        for i in pool.tolist():
            words = name_form(self._names[int(names[i])].name).core
            scores[i] = sum(
                (max((kana_similarity(q, w) for w in words), default=0.0) for q in form.core), 0.0
            )
        return scores

    def candidates(
        self, forms: Sequence[NameForm], limit: int = CANDIDATES, *, person: bool = False
    ) -> dict[int, tuple[list[ListName], list[NameForm]]]:
        """For each query name on its own budget, the entries sharing its rarest keys: entry
        number -> (the listed names that shared them, the query names that found it); a
        ``person``'s names are looked up as ``keys.query_key_groups`` says."""
        found: dict[int, tuple[list[ListName], list[NameForm]]] = {}
        for form in dict.fromkeys(forms):
            wider = limit * KANA_WIDER if form.kana else limit
            for number, listed in self._ranked(form, wider, person).items():
                names, queries = found.setdefault(number, ([], []))
                names.extend(n for n in listed if n not in names)
                queries.append(form)
        return found

    def search(
        self, query: Query, threshold: float, limit: int = CANDIDATES, *, ceiling: float = 1.0
    ) -> list[Match]:
        """Entries scoring at least ``threshold``, best first, each with its explanation. A
        name is compared as written (cleaned) and, where written in look-alike letters, also
        as read; an exact listed name never scores below ``threshold``."""
        # a query packs names as a list does (Bank Mellat (بانک ملت), X; Y): each is compared
        # on its own too, or the name in another script beside it read as extra words
        written = list(query.names) + [
            v.name
            for n in query.names
            for v in variants(ListName(n, "primary"))[1:]
            # a person's word alone in parentheses is a nickname or a family's name (Nibha
            # Rupa (Dheke)): alone it met listed persons as a lone rare name
            if query.kind != "person" or len(name_form(v.name).core) >= 2
        ]
        forms = [f for n in dict.fromkeys(written) for f in query_forms(n, query.kind) if f.core]
        matches = []
        coined = coined_word_of(query)
        # an entry listed twice under the same names (the CSL repeats the SDN) is compared
        # once: the bound and the best name depend on the names, the query forms that found
        # them and how they are compared, not on the entry (the forms live as long as this
        # search, so they are told apart by identity)
        reach: dict[tuple[object, ...], bool] = {}
        hits: dict[tuple[object, ...], NameHit] = {}
        person = query.kind == "person"
        for number, (names, found_by) in self.candidates(forms, limit, person=person).items():
            entry, source = self.entries[number]
            how = comparison(query, entry)
            same = (tuple(names), tuple(map(id, found_by)), *how)
            reaches = reach.get(same)
            if reaches is None:
                reaches = reach[same] = could_reach(found_by, names, how[0], threshold)
            if not reaches and not (coined is not None and coined_in(coined, entry, names)):
                continue  # too little alike, and no floor may keep it at review
            hit = hits.get(same)
            if hit is None:
                hit = hits[same] = best_name(found_by, entry, *how, names)
            explained = score_entry(
                query,
                found_by,
                entry,
                names,
                floor=threshold,
                ceiling=ceiling,
                common=self.common,
                hit=hit,
            )
            if explained.score >= threshold:
                matches.append(Match(entry, source.name, source.version, explained))
        matches.sort(key=lambda m: m.explained.score, reverse=True)
        return matches
