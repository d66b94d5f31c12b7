"""Properties of duplicate detection that must hold for any input (Hypothesis)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from kim.cases.matching import PersonRecord, blocking_keys, normalise, prefilter_keys, score_pair

NAME_PARTS = [
    "Mohammed", "Muhammad", "Ali", "Al-Hassan", "El Hassan", "Abdul", "Rahman", "Youssef", "Jusuf", "Chalil",
    "Oleksandr", "Aleksandr", "Kowalenko", "Nguyễn", "Thị", "Hương", "Çağrı", "Şahin", "Müller", "Ştefan",
    "Tesfaye", "Cabdi", "Maxamed", "Habib", "Ullah", "Jamila", "Jamal", "Hassan", "Hussein",
    "محمد", "علي", "عبد", "الرحمن", "فاطمه", "حسینی", "الله", "Олександр", "Андрій", "Шевченко", "Григорий",
]  # fmt: skip
LETTERS = (
    "abcdefghijklmnopqrstuvwxyzäöüßçşğıâéèëñ-' "
    + "ابتثجحخدذرزسشصضطظعغفقكلمنهويةى"
    + "абвгдежзийклмнопрстуфхцчшщыьэюяіїєґ"
)

names = st.one_of(
    st.lists(st.sampled_from(NAME_PARTS), min_size=0, max_size=3).map(" ".join),
    st.text(alphabet=LETTERS, max_size=24),
)
births = st.one_of(
    st.builds(lambda d: {"birth_date": d}, st.dates(min_value=date(1920, 1, 1), max_value=date(2026, 12, 31))),
    st.builds(lambda y: {"birth_year": y}, st.integers(1920, 2026)),
    st.builds(lambda y, m: {"birth_year": y, "birth_month": m}, st.integers(1920, 2026), st.integers(1, 12)),
    st.just({}),
)
records = st.builds(
    lambda given, family, original, birth: PersonRecord(
        id="r", given_names=given, family_name=family, names_original=original, **birth
    ),
    names,
    names,
    st.one_of(st.just(""), names),
    births,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(names, st.text(max_size=40)))
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@settings(max_examples=300, deadline=None)
@given(records, records)
def test_score_is_symmetric(a: PersonRecord, b: PersonRecord) -> None:
    assert score_pair(a, b).score == score_pair(b, a).score
    assert 0.0 <= score_pair(a, b).score <= 1.0


@settings(max_examples=300, deadline=None)
@given(records)
def test_a_record_with_a_name_matches_itself_with_score_one(record: PersonRecord) -> None:
    copy = PersonRecord(
        id="copy",
        given_names=record.given_names,
        family_name=record.family_name,
        names_original=record.names_original,
        birth_date=record.birth_date,
        birth_year=record.birth_year,
        birth_month=record.birth_month,
    )
    if blocking_keys(record):
        assert score_pair(record, copy).score == 1.0
    else:
        assert score_pair(record, copy).score == 0.0


@settings(max_examples=200, deadline=None)
@given(records)
def test_a_record_with_a_name_has_prefilter_keys_and_finds_its_copy(record: PersonRecord) -> None:
    keys = prefilter_keys(record)
    if blocking_keys(record):
        assert keys
        assert keys <= blocking_keys(record)
