"""The matcher on the real lists: listed parties are found in the forms people write them;
normalisation is total and stable."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from services.sanctions.lists.model import ListEntry, ListName
from services.sanctions.matching.compare import (
    Query,
    name_similarity,
    score_entry,
    token_similarity,
)
from services.sanctions.matching.generic import (
    abbreviates,
    same_word_derived,
    same_word_inflected,
    singular,
    territory,
)
from services.sanctions.matching.normalize import name_form, name_forms
from services.sanctions.snapshot import Snapshot
from tests.sanctions.found import assert_found

FOUND = [
    # (query, kind, list, entry id, why)
    ("BANCO NACIONAL DE CUBA", "organization", "us_ofac_sdn", "306", "exact SDN name"),
    ("National Bank of Cuba", "organization", "us_csl", None, "an alias, other case"),
    ("Ismail Abdul Salah Haniya", "person", "us_ofac_cons", "9639", "reordered person name"),
    ("HANIYYA, Ismaeel", "person", "us_ofac_cons", "9639", "alias spelling"),
    ("Владимир Путин", "person", "uk_sanctions", None, "Cyrillic transliterated"),
    ("Vladimir Vladimirovich PUTIN", "person", "us_ofac_sdn", None, "with patronymic"),
    ("Aerocaribbean Airlines", "organization", "us_ofac_sdn", "36", "case and spacing"),
    ("ERIC BADEGE", "person", "un_sc", "CDi.001", "UN list"),
    ("Robert Gabriel Mugabe", "person", "eu_fsf", "1", "EU list"),
    # a place's name for its adjective: NATIONAL IRANIAN OIL COMPANY, ATOMIC ENERGY
    # ORGANIZATION OF IRAN (both cleared before 2026-12-03)
    ("Iran National Oil Company", "organization", "us_ofac_sdn", None, "Iran for Iranian"),
    ("Iranian Atomic Energy Organization", "organization", "un_sc", None, "Iranian for Iran"),
    # a word and its plural, and a register's abbreviations: IRAN ELECTRONICS INDUSTRIES and
    # DEFENCE INDUSTRIES ORGANISATION (both cleared before 2026-12-04)
    ("Iran Electronic Industry", "organization", "us_ofac_sdn", "11184", "singular for plural"),
    ("Defence Industry Organisation", "organization", "un_sc", None, "Industry for Industries"),
    ("Iran Electronics Inds", "organization", "uk_sanctions", "INU0075", "Inds for Industries"),
]

#: words written short, which the rules read (all cleared before 2026-12-04: helper-25's
#: review); a short form may stand for another word, so they reach review, not a match
WRITTEN_SHORT = [
    ("Export Devt Bk of Iran", "EXPORT DEVELOPMENT BANK OF IRAN"),
    ("Korea Natl Ins Corp", "KOREA NATIONAL INSURANCE CORPORATION"),
    ("Afghan Support Cttee", "AFGHAN SUPPORT COMMITTEE"),
    ("Min of Def and Armed Forces Logistics", "MINISTRY OF DEFENSE AND ARMED FORCES LOGISTICS"),
]


@pytest.mark.parametrize(
    ("query", "kind", "list_name", "entry_id", "why"), FOUND, ids=[f[4] for f in FOUND]
)
def test_listed_parties_are_found(
    real_snapshot: Snapshot, query: str, kind: str, list_name: str, entry_id: str | None, why: str
) -> None:
    assert real_snapshot.index is not None
    matches = real_snapshot.index.search(Query((query,), kind=kind), threshold=0.85)  # type: ignore[arg-type]
    hits = [(m.list_name, m.entry.entry_id) for m in matches]
    assert any(lst == list_name and (entry_id is None or eid == entry_id) for lst, eid in hits), (
        hits
    )
    best = matches[0].explained
    assert best.hit.query_name == query and best.hit.matched_name and 0.85 <= best.score <= 1.0


@pytest.mark.parametrize(("query", "listed"), WRITTEN_SHORT)
def test_words_written_short_reach_review(real_snapshot: Snapshot, query: str, listed: str) -> None:
    assert_found(real_snapshot, query, "organization", listed)
    assert real_snapshot.index is not None
    best = real_snapshot.index.search(Query((query,), "organization"), 0.7, ceiling=0.8499)[0]
    assert "word_written_short" in {name for name, _, _ in best.explained.features}


@pytest.mark.parametrize(
    "clean",
    [
        "Fraunhofer-Gesellschaft zur Förderung der angewandten Forschung e.V.",
        "Siemens AG",
        "Technische Universität München",
        "Ingeborg Abrahamsen",
        "Kathryn Barr",
        "Universidade de São Paulo",
    ],
)
def test_clean_names_are_not_matched(real_snapshot: Snapshot, clean: str) -> None:
    assert real_snapshot.index is not None
    assert real_snapshot.index.search(Query((clean,)), threshold=0.85) == []


def _entry(name: str, kind: str = "person", **kw: object) -> ListEntry:
    return ListEntry(source="t", entry_id="1", kind=kind, names=(ListName(name, "primary"),), **kw)  # type: ignore[arg-type]


def _score(query: Query, entry: ListEntry) -> float:
    return score_entry(query, [name_form(n) for n in query.names], entry).score


def test_birth_date_and_country_move_the_score() -> None:
    entry = _entry("Ivan Petrov", birth_dates=("1961-03-02",), countries=("RU",))
    base = _score(Query(("Ivan Petrov",), "person"), entry)
    same_dob = _score(Query(("Ivan Petrov",), "person", birth_date=date(1961, 3, 2)), entry)
    other_dob = _score(Query(("Ivan Petrov",), "person", birth_date=date(1990, 1, 1)), entry)
    other_country = _score(Query(("Ivan Petrov",), "person", countries=("DE",)), entry)
    assert same_dob >= base > other_country > other_dob


def test_every_adjustment_is_explained() -> None:
    entry = _entry("Ivan Petrov", birth_dates=("1961",), countries=("RU",))
    query = Query(("Ivan Petrov",), "organization", countries=("DE",), birth_date=date(1990, 1, 1))
    explained = score_entry(query, [name_form("Ivan Petrov")], entry)
    features = {f for f, _, _ in explained.features}
    assert features == {"birth_date_mismatch", "country_mismatch", "kind_mismatch"}
    assert all(why and effect < 0 for _, effect, why in explained.features)


def test_weak_alias_and_legal_form_and_numbers() -> None:
    weak = ListEntry(
        source="t",
        entry_id="2",
        kind="organization",
        names=(ListName("Zeta Holding", "primary"), ListName("Zeta", "weak")),
    )
    assert _score(Query(("Zeta",)), weak) < 1.0
    assert _score(Query(("Deutsche Bank AG",)), _entry("Deutsche Bank GmbH", "organization")) < 0.9
    assert _score(Query(("Fund VIII LP",)), _entry("Fund IX LP", "organization")) < 0.7


@pytest.mark.parametrize(
    ("a", "b", "at_least"),
    [
        ("Kim Jong-un", "Kim Jong Un", 1.0),
        ("Volkswagen Bank G.m.b.H.", "Volkswagen Bank GmbH", 1.0),
        ("Usama ibn Laden", "Osama bin Laden", 0.85),
        ("Ali A. Velayati", "Ali Akbar Velayati", 0.9),
        ("vanderbilt corp", "van der bilt corp", 0.9),
        ("Mr. Recep Tayyip Erdoğan", "Recep Tayyip Erdogan", 1.0),
    ],
)
def test_name_variants(a: str, b: str, at_least: float) -> None:
    assert name_similarity(name_form(a), name_form(b), persons=True) >= at_least


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ihab Makhlouf", "Rami Makhlouf"),
        ("Bashar al-Assad", "Hafez al-Assad"),
        ("Dmitry Mendeleev", "Dmitry Medvedev"),
        ("KIM SOK JIN", "KIM SOK CHOL"),
    ],
)
def test_different_people_stay_apart(a: str, b: str) -> None:
    assert name_similarity(name_form(a), name_form(b), persons=True) < 0.7


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # legal forms rigour writes as one word were words of the name (0.81 before)
        ("Huawei Technologies", "HUAWEI TECHNOLOGIES CO., LTD."),
        ("Huawei Technologies Co. Ltd", "HUAWEI TECHNOLOGIES CO., LTD."),
        ("Grupo Alfa", "GRUPO ALFA S.A. DE C.V."),
        ("Nordlicht Handels GmbH & Co. KG", "Nordlicht Handels"),
    ],
)
def test_legal_forms_written_as_one_word_are_legal_forms(a: str, b: str) -> None:
    assert name_similarity(name_form(a), name_form(b)) == 1.0
    assert not name_form(b).core[-1].startswith(("coltd", "sacv", "gmbhcokg"))


@given(st.text(max_size=80))
def test_normalisation_is_total_and_ascii(text: str) -> None:
    form = name_form(text)
    assert all(t.isascii() and t.isalnum() and t == t.lower() for t in form.tokens + form.legal)


@given(st.text(alphabet=st.characters(categories=["L", "N", "Zs", "Pd"]), max_size=60))
def test_normalisation_is_idempotent(text: str) -> None:
    once = name_form(text)
    again = name_form(" ".join(once.core))
    assume(not again.legal)  # rigour may read a bare token such as "ll" as a legal form (LLC)
    assert again.core == once.core


@given(st.text(min_size=1, max_size=15), st.text(min_size=1, max_size=15))
def test_token_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    s = token_similarity(a, b)
    assert 0.0 <= s <= 1.0 and s == token_similarity(b, a)


@pytest.mark.parametrize(
    ("query", "listed", "kind", "applies"),
    [
        # a ship's name with a letter is no person's initial (six of the 50,000 US negatives
        # met EMILY S or MARIA E at 0.80 before 2026-12-03)
        ("Emily Smith", "EMILY S", "vessel", True),
        ("Maria Evensen", "MARIA E", "vessel", True),
        ("Vito Modugno", "M-VITO", "aircraft", True),
        ("Emily Smith", "EMILY STAR", "vessel", False),  # no lone letter
        ("Emily Smith", "Emily S", "person", False),  # a person's initial stays one
    ],
)
def test_a_craft_named_with_a_letter(query: str, listed: str, kind: str, applies: bool) -> None:
    entry = ListEntry("t", "1", kind, (ListName(listed, "primary"),))  # type: ignore[arg-type]
    explained = score_entry(Query((query,), "person"), [name_form(query)], entry)
    assert ("craft_named_with_a_letter" in {f for f, _, _ in explained.features}) is applies
    if applies:
        assert explained.score < 0.70  # the review threshold


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("iran", "iranian", True),
        ("syria", "syrian", True),
        ("china", "chinese", True),
        ("korea", "korean", True),
        # one territory in rigour, two words: a city and its region, two names of a place
        ("kazan", "tatarstan", False),
        ("gaza", "palestine", False),
        ("persian", "iran", False),
        # two countries that start alike
        ("niger", "nigerian", False),
        ("austria", "australian", False),
    ],
)
def test_a_place_and_its_adjective(a: str, b: str, same: bool) -> None:
    """In an organisation's name (helper-22's review, 2026-12-03)."""
    q, c = name_form(f"{a} oil exploration"), name_form(f"{b} oil exploration")
    assert (name_similarity(q, c) >= 0.95) is same


def test_a_place_and_its_adjective_are_not_one_name_of_a_person() -> None:
    """Turki is a name, not Turkish: "Akram Turkish" met AKRAM TURKI HISHAN AL-MAZIDIH at
    0.86 when the rule applied to persons too (helper-22)."""
    q, c = name_form("Akram Turkish"), name_form("AKRAM TURKI HISHAN AL-MAZIDIH")
    assert name_similarity(q, c, persons=True) < 0.7


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("industry", "industries", True),
        ("electronic", "electronics", True),
        ("branch", "branches", True),
        ("box", "boxes", False),  # a singular of three letters: too short to tell
        ("guard", "guards", True),
        ("agency", "agencies", True),
        ("business", "businesses", True),
        # words ending in s that are no plural, and words only alike
        ("business", "busines", False),
        ("new", "news", False),
        ("gas", "ga", False),
        ("industry", "industrial", False),
    ],
)
def test_a_word_and_its_plural(a: str, b: str, same: bool) -> None:
    """In an organisation's name, one word: Iran Electronic Industry is IRAN ELECTRONICS
    INDUSTRIES (at 0.44 before 2026-12-04, a green)."""
    assert same_word_inflected(a, b) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("industry", "industrial", True),
        ("federal", "federation", True),
        ("development", "developing", True),
        ("trade", "trading", True),
        ("nation", "national", True),
        ("technology", "technological", True),
        ("islam", "islamic", True),
        ("engineer", "engineering", True),
        # words of one stem of fewer than five letters are words of their own in a firm's
        # name, and words that only start alike are two
        ("unit", "united", False),
        ("ship", "shipping", False),
        ("hold", "holding", False),
        ("university", "universal", False),
        ("organization", "organic", False),
        ("general", "generation", False),
        ("industry", "industry", False),  # the same word is no derivation
    ],
)
def test_a_word_and_another_of_its_stem(a: str, b: str, same: bool) -> None:
    """In an organisation's name, nearly one word (Snowball's English stemmer): SHAHID HEMMAT
    INDUSTRY GROUP met SHAHID BAKERI INDUSTRIES GROUP best at 0.55 and cleared before
    2026-12-05, and Korea Mining Developing Trade Corporation cleared against KOREA MINING
    DEVELOPMENT TRADING CORPORATION (KOMID)."""
    assert same_word_derived(a, b) is same
    assert same_word_derived(b, a) is same


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Shahid Hemmat Industry Group", "SHAHID HEMMAT INDUSTRIAL GROUP"),
        ("Korea Mining Developing Trade Corporation", "KOREA MINING DEVELOPMENT TRADING"),
        ("Defence Industrial Organisation", "DEFENCE INDUSTRIES ORGANISATION"),
    ],
)
def test_a_body_named_with_another_word_of_a_stem_is_found(
    real_snapshot: Snapshot, query: str, listed: str
) -> None:
    assert_found(real_snapshot, query, "organization", listed)


def test_words_of_one_stem_are_not_one_name_of_a_person() -> None:
    """A person's name is never read by English stems: Nation is a family name of its own."""
    q, c = name_form("Terry Nation"), name_form("TERRY NATIONAL")
    assert name_similarity(q, c, persons=True) < name_similarity(q, c)


def test_a_word_and_its_plural_are_not_one_name_of_a_person() -> None:
    """Edwards is a family name of its own, not Edward's plural, whichever side is the
    person's: a person queried against a vessel named MICHAEL EDWARD TODD reached review
    with the rule applied (1 more of the 50,000 negatives flagged, 2026-12-04)."""
    listed = ListEntry("x", "1", "vessel", (ListName("MICHAEL EDWARD TODD", "primary"),))

    def score(name: str, kind: str) -> float:
        query = Query((name,), kind)  # type: ignore[arg-type]
        return score_entry(query, [name_form(name)], listed).score

    assert score("Michael Edwards", "person") < score("Michael Edwards", "organization")
    q, c = name_form("Robert Williams"), name_form("ROBERT WILLIAM")
    assert name_similarity(q, c, persons=True) < name_similarity(q, c)


@given(
    st.from_regex(r"[a-z]{3,10}[bdfgklmnprt]", fullmatch=True).map(lambda w: (w, w + "s"))
    | st.from_regex(r"[a-z]{3,10}[bcdfglmnprt]y", fullmatch=True).map(lambda w: (w, w[:-1] + "ies"))
    | st.from_regex(r"[a-z]{3,10}(ch|sh|x)", fullmatch=True).map(lambda w: (w, w + "es"))
)
def test_a_plural_is_read_back_to_its_singular(pair: tuple[str, str]) -> None:
    """The regular plurals, read back: -s, -es after a hissing sound, -ies for -y after a
    consonant; a singular is its own singular."""
    word, plural = pair
    assert singular(plural) == singular(word) == word


@pytest.mark.parametrize(
    ("short", "word", "written_short"),
    [
        # cut after the first letters, three at least
        ("nac", "nacional", True),
        ("isl", "islamic", True),
        ("petrol", "petroleum", True),
        ("co", "commercial", False),  # two letters begin too many words
        ("bai", "baikal", False),  # cut after a vowel: a name of its own
        ("baj", "bajkal", False),  # or a glide: Бай
        ("banks", "bank", False),  # longer, not shorter
        ("bank", "banks", False),  # one letter less: a plural, not an abbreviation
        # contracted: the first and last letters kept, the others in order
        ("bk", "bank", True),
        ("cttee", "committee", True),
        ("msls", "missiles", True),
        ("utd", "united", True),
        ("hsin", "hossein", False),  # a vowel: a name of its own
        ("pcc", "polytechnic", False),  # too little of the word: an acronym
        ("al", "abdul", False),  # two letters with a vowel: a word of its own
        ("bnk", "bunker", False),  # not ending as the word does
        ("dtv", "development", False),  # letters out of order
        ("mk", "bank", False),  # another first letter
        ("bar", "barcelona", False),  # a place is not written short
        ("ind", "india", False),
        ("100", "10000", False),  # numbers compare by value
    ],
)
def test_a_word_written_short(short: str, word: str, written_short: bool) -> None:
    """Registers, directories and the lists write an organisation's words short (helper-25's
    review: Export Devt Bk of Iran, Korea Natl Ins Corp cleared before 2026-12-04)."""
    assert abbreviates(short, word) is written_short


@given(st.from_regex(r"[a-z]{5,14}", fullmatch=True), st.data())
def test_a_cut_or_contraction_abbreviates_the_word(word: str, data: st.DataObject) -> None:
    """A word cut on a consonant after three letters or more (not a place's name), or a
    third of its letters or more in order keeping the first and the last (few vowels), is
    read as the word written short; never the word itself."""
    cut = word[: data.draw(st.integers(3, len(word) - 2))]
    kept = sorted(data.draw(st.sets(st.integers(1, len(word) - 2), min_size=1)))
    contraction = word[0] + "".join(word[i] for i in kept) + word[-1]
    assert abbreviates(cut, word) or territory(cut) is not None or cut[-1] in "aeiouyjw"
    assume(len(word) - len(contraction) >= 2 and 3 * len(contraction) >= len(word))
    assume(len(contraction) >= 5 or not set(contraction[1:]) & set("aeiouy"))
    assume(len(contraction) > 2 or not set(contraction) & set("aeiouy"))
    assume(territory(contraction) is None)
    assume(not word.startswith(contraction))  # a cut, which the lines above judge
    assert abbreviates(contraction, word)
    assert not abbreviates(word, word)


def test_a_word_written_short_is_not_a_persons_name() -> None:
    """Min and Grif are names, not Ministry and Griffin written short: the readings apply
    where neither name may be a person's, whichever side the person is on."""
    for kind in ("person", "unknown"):
        listed = ListEntry("x", "1", kind, (ListName("PETER GRIFFIN", "primary"),))  # type: ignore[arg-type]
        query = Query(("Peter Grif",), "organization")
        assert score_entry(query, [name_form("Peter Grif")], listed).score < 0.7
    listed = ListEntry("x", "1", "organization", (ListName("MINISTRY AUNG HLAING", "primary"),))
    for kind, below in (("person", True), ("organization", False)):
        query = Query(("Min Aung Hlaing",), kind)  # type: ignore[arg-type]
        assert (score_entry(query, [name_form("Min Aung Hlaing")], listed).score < 0.7) is below


def test_a_particle_is_no_word_written_short() -> None:
    """And is not Auckland written short: Auckland University of Technology met NANJING
    UNIVERSITY OF SCIENCE AND TECHNOLOGY at 0.71 when particles were read so (10,166
    universities of Hipo's list, 2026-12-04)."""
    q = name_form("Auckland University of Technology")
    c = name_form("NANJING UNIVERSITY OF SCIENCE AND TECHNOLOGY")
    assert name_similarity(q, c) < 0.6


def _floored(query: str, listed: str, kind: str = "organization") -> tuple[float, set[str]]:
    entry = ListEntry("x", "1", kind, (ListName(listed, "primary"),))  # type: ignore[arg-type]
    forms = [name_form(query)]
    explained = score_entry(Query((query,), "organization"), forms, entry, floor=0.7)
    return explained.score, {name for name, _, _ in explained.features}


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        # helper-25's review (2026-12-04): each cleared before
        ("Sovcomflot Group", "JOINT STOCK COMPANY SOVCOMFLOT"),
        ("Uralvagonzavod Plant", "URALVAGONZAVOD"),
        ("Rosoboronexport Trading LLC", "ROSOBORONEXPORT JSC"),
        ("Kalashnikov", "KALASHNIKOV CONCERN"),  # the kind word dropped
        ("Rosoboronexport Kazakhstan", "ROSOBORONEXPORT JSC"),  # a branch abroad
    ],
)
def test_a_coined_word_among_trade_words_is_reviewed(query: str, listed: str) -> None:
    score, features = _floored(query, listed)
    assert score >= 0.7
    assert "coined_word_among_trade_words" in features


@pytest.mark.parametrize(
    ("query", "listed", "kind"),
    [
        ("Horizon Group", "HORIZON", "organization"),  # seven letters: an ordinary word
        ("Hanoi University", "HUNAN UNIVERSITY", "organization"),  # a place besides
        ("Sovcomflot Ahmed Trading", "SOVCOMFLOT", "organization"),  # Ahmed names someone
        ("Lighthouse Group", "LIGHTHOUSE", "vessel"),  # a ship's name is an ordinary word
        # a word besides: 40 of 10,166 universities reached review while a common word of
        # organisations' names (University) was passed over like a trade word (2026-12-04)
        ("Southeast University", "SOUTHEAST TRADING OY", "organization"),
        ("Technology Holdings", "TECHNOLOGY LLC", "organization"),  # a common word
    ],
)
def test_a_coined_word_rule_leaves_ordinary_names_to_the_score(
    query: str, listed: str, kind: str
) -> None:
    _, features = _floored(query, listed, kind)
    assert "coined_word_among_trade_words" not in features


def test_a_coined_word_floor_is_reached_in_search() -> None:
    """Search scores an entry named by the coined word however little else the names share
    (helper-26: Kalashnikov International Trading Services was skipped as too unlike CONCERN
    KALASHNIKOV before the floor could keep it at review)."""
    from services.sanctions.lists.model import SanctionsList
    from services.sanctions.matching.index import ListIndex

    entry = ListEntry("1", "1", "organization", (ListName("CONCERN KALASHNIKOV", "primary"),))
    index = ListIndex([SanctionsList("t", "csv", "1", (entry,))])
    query = Query(("Kalashnikov International Trading Services",), "organization")
    matches = index.search(query, 0.7)
    assert [m.entry.entry_id for m in matches] == ["1"]
    assert "coined_word_among_trade_words" in {f for f, _, _ in matches[0].explained.features}


def _organisation_names() -> st.SearchStrategy[str]:
    words = st.sampled_from(
        [
            "bank", "bk", "banks", "development", "devt", "dev", "industry", "industries",
            "inds", "national", "nat", "north", "northwest", "west", "trading", "trdg",
            "committee", "cttee", "islamic", "isl", "saderat", "iran", "of", "and", "al",
            "missiles", "msls", "golden", "gold", "star", "stardust", "shipping", "baroon",
        ]
    )  # fmt: skip
    return st.lists(words, min_size=1, max_size=5).map(" ".join)


@given(_organisation_names(), _organisation_names(), st.floats(0.0, 1.0))
def test_may_reach_bounds_the_new_readings(a: str, b: str, need: float) -> None:
    """The bound search skips candidates by stays a bound with plurals and words written
    short: whatever two organisations' names score, ``may_reach`` says they may."""
    from services.sanctions.matching.compare import may_reach, similarity

    q, c = name_form(a), name_form(b)
    assume(q.core and c.core)
    if similarity(q, c, False).score >= need:
        assert may_reach(q, c, False, need)


def test_a_word_met_as_an_initial_is_not_held() -> None:
    """Ege University was held in MALEK-E ASHTAR UNIVERSITY (its ezafe, e, read as the initial
    of Ege) and kept at review; Office Depot in FAKEL ... AKADEMIKA P. D. GRUSHINA likewise."""
    for query, listed in (
        ("Ege University", "MALEK-E ASHTAR UNIVERSITY"),
        ("Office Depot", "MACHINE-BUILDING ENGINEERING OFFICE FAKEL NAMED AFTER P. D. GRUSHINA"),
    ):
        entry = _entry(listed, "organization")
        forms = list(name_forms(query))
        explained = score_entry(Query((query,), "organization"), forms, entry, floor=0.7)
        assert explained.score < 0.7, query
