"""Quality measurement of duplicate detection (kim.cases.matching) on labelled name pairs.

The figures are computed once per test session by the ``matching_quality`` fixture, asserted
in test_matching_quality.py and printed at the end of the run by ``pytest_terminal_summary``,
so every `make test` shows the precision and recall actually reached.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from kim.cases.matching import DEFAULT_THRESHOLD, PersonRecord, prefilter_keys, score_pair

DATA = Path(__file__).parent / "data"
DEVELOPMENT_SET = DATA / "name_variants.csv"
HOLDOUT_SET = DATA / "name_variants_holdout.csv"
COLUMNS = (
    "a_given",
    "a_family",
    "a_original",
    "a_birth",
    "b_given",
    "b_family",
    "b_original",
    "b_birth",
    "same_person",
    "note",
)


@dataclass(frozen=True)
class LabelledPair:
    a: PersonRecord
    b: PersonRecord
    same_person: bool
    note: str


@dataclass(frozen=True)
class Quality:
    name: str
    pairs: int
    positives: int
    negatives: int
    threshold: float
    true_positives: int
    false_positives: int
    false_negatives: int
    blocking_recall: float

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.positives if self.positives else 0.0

    def line(self) -> str:
        return (
            f"{self.name}: {self.pairs} pairs ({self.positives} same person, {self.negatives} different), "
            f"threshold {self.threshold:.2f}: precision {self.precision:.3f}, recall {self.recall:.3f} "
            f"(false positives {self.false_positives}, false negatives {self.false_negatives}); "
            f"blocking-key recall {self.blocking_recall:.3f}"
        )


def parse_birth(value: str) -> dict[str, object]:
    """'1990-05-03' → full date, '1990-05' → year and month, '1990' → year, '' → unknown."""
    value = value.strip()
    if not value:
        return {}
    parts = value.split("-")
    if len(parts) == 3:
        return {"birth_date": date.fromisoformat(value)}
    if len(parts) == 2:
        return {"birth_year": int(parts[0]), "birth_month": int(parts[1])}
    return {"birth_year": int(parts[0])}


def load_pairs(path: Path) -> list[LabelledPair]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == COLUMNS, f"unexpected columns in {path.name}"
        pairs = []
        for number, row in enumerate(reader, start=1):
            a = PersonRecord(
                id=f"{number}a",
                given_names=row["a_given"],
                family_name=row["a_family"],
                names_original=row["a_original"],
                **parse_birth(row["a_birth"]),  # type: ignore[arg-type]
            )
            b = PersonRecord(
                id=f"{number}b",
                given_names=row["b_given"],
                family_name=row["b_family"],
                names_original=row["b_original"],
                **parse_birth(row["b_birth"]),  # type: ignore[arg-type]
            )
            pairs.append(LabelledPair(a=a, b=b, same_person=row["same_person"] == "1", note=row["note"]))
    return pairs


def measure(name: str, pairs: list[LabelledPair], threshold: float = DEFAULT_THRESHOLD) -> Quality:
    """A pair counts as found only if it shares a prefilter key and scores at least ``threshold``,
    which is what intake does: prefilter by key, then rank."""
    true_positives = false_positives = shared_positives = 0
    for pair in pairs:
        shared = bool(prefilter_keys(pair.a) & prefilter_keys(pair.b))
        found = shared and score_pair(pair.a, pair.b).score >= threshold
        if pair.same_person:
            shared_positives += shared
            true_positives += found
        else:
            false_positives += found
    positives = sum(p.same_person for p in pairs)
    return Quality(
        name=name,
        pairs=len(pairs),
        positives=positives,
        negatives=len(pairs) - positives,
        threshold=threshold,
        true_positives=true_positives,
        false_positives=false_positives,
        false_negatives=positives - true_positives,
        blocking_recall=shared_positives / positives if positives else 0.0,
    )


_measured: dict[str, Quality] = {}


@pytest.fixture(scope="session")
def labelled_pairs() -> list[LabelledPair]:
    return load_pairs(DEVELOPMENT_SET)


@pytest.fixture(scope="session")
def holdout_pairs() -> list[LabelledPair]:
    return load_pairs(HOLDOUT_SET)


@pytest.fixture(scope="session")
def matching_quality(labelled_pairs: list[LabelledPair], holdout_pairs: list[LabelledPair]) -> dict[str, Quality]:
    if not _measured:
        _measured["development"] = measure("Name variants (development set)", labelled_pairs)
        _measured["holdout"] = measure("Name variants (hold-out set)", holdout_pairs)
    return _measured


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _measured:
        return
    terminalreporter.section("duplicate detection quality (kim.cases.matching)")
    for quality in _measured.values():
        terminalreporter.write_line(quality.line())
