"""Duplicate detection across transliterations, spellings, name order and birth-date errors."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from kim.cases.matching import (
    DEFAULT_THRESHOLD,
    PersonRecord,
    blocking_keys,
    name_query_keys,
    normalise,
    prefilter_keys,
    rank,
    score_pair,
)

BIRTH = date(1990, 5, 3)


@pytest.fixture(autouse=True)
def _english_reasons() -> object:
    """Reasons are translated when rank() runs; these tests read the English message ids."""
    with translation.override("en"):
        yield


def person(given: str, family: str = "", original: str = "", **birth: object) -> PersonRecord:
    birth = birth or {"birth_date": BIRTH}
    return PersonRecord(
        id=f"{given}|{family}|{original}|{sorted(birth.items())}",
        given_names=given,
        family_name=family,
        names_original=original,
        **birth,  # type: ignore[arg-type]
    )


def found(a: PersonRecord, b: PersonRecord) -> tuple[float, tuple[str, ...]]:
    """Score and reasons of b as a duplicate of a, as intake finds it (prefilter, then rank)."""
    assert prefilter_keys(a) & prefilter_keys(b), "no shared blocking key: intake would not even compare them"
    matches = rank(a, [b])
    assert matches, f"not found: score {score_pair(a, b).score} below {DEFAULT_THRESHOLD}"
    return matches[0].score, matches[0].reasons


# --- normalise ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nguyễn Văn Thắng", "nguyen van thang"),
        ("Çağrı Şahin", "cagri sahin"),
        ("Ayşe Yılmaz", "ayse yilmaz"),
        ("Müller-Lüdenscheidt", "muller ludenscheidt"),
        ("Ştefan Ţurcanu", "stefan turcanu"),
        ("Олександр Коваленко", "oleksandr kovalenko"),  # Ukrainian: official romanisation
        ("Григорій", "hryhoriy"),  # Ukrainian г → h, и → y
        ("Григорий", "grigoriy"),  # Russian г → g
        ("محمد علي", "mhmd aly"),  # Arabic script: consonants only, as written
        ("  Mohammed   AL-hassan ", "mohammed al hassan"),
        ("Ra'ed", "raed"),
    ],
)
def test_normalise_transliterates_and_removes_diacritics(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_normalise_returns_only_lower_case_latin_letters_and_single_spaces() -> None:
    value = normalise("Ахмед  Аль-Хасан / أحمد — Đỗ 123")
    assert value == value.strip()
    assert set(value) <= set("abcdefghijklmnopqrstuvwxyz ")
    assert "  " not in value


# --- the examples of the issue -------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["Muhammad", "Mohamad", "Mohamed", "Muhammed", "Mehmet"])
def test_mohammed_is_found_in_every_usual_spelling_with_reason(variant: str) -> None:
    score, reasons = found(person("Mohammed", "Khalil"), person(variant, "Khalil"))
    assert score >= 0.9
    assert "Known spelling variant of a name (e.g. Mohammed/Muhammad)" in reasons
    assert "Same date of birth" in reasons


@pytest.mark.parametrize("variant", ["Yusuf", "Jusuf", "Yousef"])
def test_youssef_is_found_as_yusuf_and_jusuf(variant: str) -> None:
    score, reasons = found(person("Youssef", "Haddad"), person(variant, "Haddad"))
    assert score >= 0.9
    assert "Known spelling variant of a name (e.g. Mohammed/Muhammad)" in reasons


@pytest.mark.parametrize("variant", ["Aleksandr", "Alexander", "Olexandr"])
def test_oleksandr_is_found_as_aleksandr(variant: str) -> None:
    score, _ = found(person("Oleksandr", "Kovalenko"), person(variant, "Kovalenko"))
    assert score >= 0.9


def test_nguyen_with_and_without_diacritics_is_the_same_name() -> None:
    score, reasons = found(person("Thị Hương", "Nguyễn"), person("Thi Huong", "Nguyen"))
    assert score == 1.0
    assert reasons == ("Same names", "Same date of birth")


def test_name_in_arabic_script_matches_latin_spelling() -> None:
    score, reasons = found(person("Mohammed", "Ali"), person("", "", "محمد علي"))
    assert score >= 0.9
    assert "Name in Arabic script matches the Latin spelling" in reasons


def test_name_in_persian_script_matches_latin_spelling() -> None:
    score, reasons = found(person("Fatemeh", "Hosseini"), person("", "", "فاطمه حسینی"))
    assert score >= 0.9
    assert "Name in Arabic script matches the Latin spelling" in reasons


def test_name_in_cyrillic_script_matches_german_transliteration() -> None:
    score, reasons = found(person("Andrej", "Schewtschenko"), person("", "", "Андрій Шевченко"))
    assert score >= 0.85
    assert "Name in Cyrillic script matches the Latin spelling" in reasons


def test_swapped_given_and_family_name_is_found_and_named() -> None:
    score, reasons = found(person("Mohammed", "Ali"), person("Ali", "Mohammed"))
    assert score >= 0.9
    assert "Given name and family name swapped" in reasons


def test_one_of_several_given_names_is_found_and_named() -> None:
    score, reasons = found(person("Mohammed Ahmad", "Rahimi"), person("Ahmad", "Rahimi"))
    assert score >= 0.9
    assert "Only some of the names recorded on one of the records" in reasons


def test_compound_names_written_together_or_apart_are_found() -> None:
    score, reasons = found(person("Ali Reza", "Mohammadi"), person("Alireza", "Mohamadi"))
    assert score >= 0.85
    assert "Compound name written together on one record and apart on the other" in reasons


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Abdul Rahman", "Abd al-Rahman"),
        ("Abdelrahman", "Abdurrahman"),
        ("Habib Ullah", "Habibullah"),
    ],
)
def test_arabic_compound_names_are_one_name(a: str, b: str) -> None:
    score, _ = found(person(a, "Haddad"), person(b, "Haddad"))
    assert score >= 0.95


@pytest.mark.parametrize(("a", "b"), [("Al-Hassan", "El Hassan"), ("Al-Hassan", "Alhassan"), ("Al-Hassan", "Hassan")])
def test_arabic_article_is_ignored(a: str, b: str) -> None:
    score, _ = found(person("Omar", a), person("Omar", b))
    assert score >= 0.9


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Chaled", "Khaled"),  # kh/ch
        ("Jilmas", "Yilmaz"),  # German j for y, s/z
        ("Schahin", "Şahin"),  # Turkish ş
        ("Mueller", "Müller"),  # German ä/ae
        ("Dschamal", "Jamal"),  # dsch/j
        ("Maxamed", "Mohamed"),  # Somali orthography
    ],
)
def test_transliteration_rules_bring_spellings_together(a: str, b: str) -> None:
    score, _ = found(person("Samir", a), person("Samir", b))
    assert score >= 0.85


# --- birth dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("other", "reason"),
    [
        ({"birth_date": date(1990, 5, 3)}, "Same date of birth"),
        ({"birth_date": date(1990, 3, 5)}, "Same date of birth with day and month swapped"),
        ({"birth_date": date(1990, 5, 30)}, "Same year and month of birth, different day"),
        ({"birth_year": 1990, "birth_month": 5}, "Same year and month of birth"),
        ({"birth_year": 1990}, "Same year of birth"),
        ({"birth_date": date(1991, 5, 3)}, "Same day and month of birth, year differs by one"),
        ({"birth_date": date(1909, 5, 3)}, "Same day and month of birth, year has two digits transposed"),
        (
            {"birth_date": date(1990, 1, 1)},
            "Same year of birth (1 January and similar dates often stand for an unknown day)",
        ),
        ({}, "Birth date recorded on only one of the two records"),
    ],
)
def test_birth_date_evidence_is_given_as_reason(other: dict[str, object], reason: str) -> None:
    a = person("Youssef", "Haddad")
    b = PersonRecord(id="b", given_names="Youssef", family_name="Haddad", **other)  # type: ignore[arg-type]
    assert reason in score_pair(a, b).reasons


def test_birth_date_evidence_is_weighted_from_same_date_down_to_different_date() -> None:
    a = person("Youssef", "Haddad")
    dates = [date(1990, 5, 3), date(1990, 3, 5), date(1990, 5, 30), date(1991, 5, 3), date(1993, 8, 17)]
    scores = [score_pair(a, person("Youssef", "Haddad", birth_date=d)).score for d in dates]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] == 1.0
    assert scores[-1] < DEFAULT_THRESHOLD


# --- hard negatives --------------------------------------------------------------------------------


def test_same_common_name_with_other_birth_date_is_not_a_duplicate() -> None:
    assert rank(person("Mohammed", "Ali"), [person("Mohammed", "Ali", birth_date=date(1984, 11, 23))]) == []


def test_siblings_with_same_family_name_and_birth_date_are_not_duplicates() -> None:
    twins = [person("Omar", "Haddad"), person("Amir", "Haddad"), person("Samira", "Haddad")]
    assert rank(person("Samir", "Haddad"), twins) == []


def test_hassan_and_hussein_are_different_names_although_they_sound_alike() -> None:
    assert score_pair(person("Hassan", "Karimi"), person("Hussein", "Karimi")).score < DEFAULT_THRESHOLD


def test_masculine_and_feminine_form_are_different_names() -> None:
    assert score_pair(person("Jamal", "Issa"), person("Jamila", "Issa")).score < DEFAULT_THRESHOLD
    assert score_pair(person("Jamila", "Issa"), person("", "", "جمال عيسى")).score < DEFAULT_THRESHOLD


# --- rank -------------------------------------------------------------------------------------------


def test_rank_orders_best_first_applies_limit_and_threshold() -> None:
    candidate = person("Mohammed", "Al-Hassan")
    records = [
        PersonRecord("same", "Mohammed", "Al-Hassan", birth_date=BIRTH),
        PersonRecord("variant", "Muhammad", "Hassan", birth_date=BIRTH),
        PersonRecord("year-only", "Mohamad", "El Hassan", birth_year=1990),
        PersonRecord("other", "Mohammed", "Al-Hassan", birth_date=date(1960, 1, 1)),
        PersonRecord("stranger", "Olena", "Kovalenko", birth_date=BIRTH),
    ]
    matches = rank(candidate, records)
    assert [m.record_id for m in matches] == ["same", "variant", "year-only"]
    assert all(0 <= m.score <= 1 and m.reasons for m in matches)
    assert [m.record_id for m in rank(candidate, records, limit=1)] == ["same"]
    assert [m.record_id for m in rank(candidate, records, threshold=0.99)] == ["same"]


def test_rank_skips_the_candidate_itself_and_handles_no_records() -> None:
    candidate = person("Mohammed", "Ali")
    assert rank(candidate, [candidate]) == []
    assert rank(candidate, []) == []


def test_record_without_any_name_matches_nothing() -> None:
    assert score_pair(person(""), person("Mohammed", "Ali")).score == 0.0
    assert blocking_keys(PersonRecord(id="x", given_names=" ", family_name="-")) == set()


def test_reasons_go_through_gettext_when_ranking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reasons are translated in the language active at call time (German in the UI)."""
    monkeypatch.setattr("kim.cases.matching._", lambda message: f"[de] {message}")
    reasons = score_pair(person("Mohammed", "Ali"), person("Ali", "Muhammad")).reasons
    assert reasons
    assert all(reason.startswith("[de] ") for reason in reasons)


# --- blocking and search keys ----------------------------------------------------------------------


def test_blocking_keys_are_few_and_short() -> None:
    keys = blocking_keys(person("Mohammed Ahmad", "Al-Hassan", "محمد أحمد الحسن"))
    assert 0 < len(keys) <= 40
    assert all(len(key) <= 20 for key in keys)


def test_prefilter_keys_leave_out_single_name_keys() -> None:
    record = person("Mohammed", "Ali")
    assert prefilter_keys(record) < blocking_keys(record)
    assert not any(key.startswith("t:") for key in prefilter_keys(record))


def test_swapped_names_and_other_scripts_share_a_prefilter_key() -> None:
    record = person("Youssef", "Khalil")
    for other in (person("Khalil", "Jusuf"), person("", "", "يوسف خليل"), person("Yusuf", "Chalil", birth_year=1990)):
        assert prefilter_keys(record) & prefilter_keys(other)


@pytest.mark.parametrize("query", ["Jusuf", "yusuf", "YOUSSEF", "يوسف"])
def test_name_search_keys_find_a_name_in_any_spelling(query: str) -> None:
    record = person("Youssef", "Khalil")
    assert name_query_keys(query) & blocking_keys(record)


def test_name_search_with_two_words_needs_both() -> None:
    assert name_query_keys("Yusuf Chalil") & blocking_keys(person("Youssef", "Khalil"))
    assert not name_query_keys("Yusuf Haddad") & blocking_keys(person("Youssef", "Khalil"))
    assert not name_query_keys("Olena") & blocking_keys(person("Youssef", "Khalil"))


def test_name_search_keys_of_empty_query_are_empty() -> None:
    assert name_query_keys("") == set()
    assert name_query_keys("  - ") == set()
