"""Precision and recall of duplicate detection on labelled name pairs.

The figures are printed at the end of every test run (see conftest.pytest_terminal_summary).
The development set (name_variants.csv) was used to tune the rules; the hold-out set
(name_variants_holdout.csv) was written afterwards and measured once before any further change,
see docs/bench.md for both figures.
"""

from __future__ import annotations

from collections import Counter

from kim.cases.tests.conftest import LabelledPair, Quality


def test_labelled_set_is_large_and_covers_origins_and_hard_negatives(labelled_pairs: list[LabelledPair]) -> None:
    assert len(labelled_pairs) >= 250
    notes = " ".join(pair.note for pair in labelled_pairs)
    for origin in ("Arabic", "Persian", "Kurdish", "Turkish", "Ukrainian", "Russian", "Vietnamese", "Romanian",
                   "Eritrean", "Somali", "Afghan"):  # fmt: skip
        assert origin in notes, origin
    negatives = Counter(pair.note for pair in labelled_pairs if not pair.same_person)
    assert negatives["same common name, different birth date"] >= 10
    assert negatives["different people named Mohammed Ali"] >= 5
    assert sum(n for note, n in negatives.items() if note.startswith(("siblings", "twins"))) >= 20
    assert sum(not pair.same_person for pair in labelled_pairs) >= 150


def test_precision_and_recall_on_development_set(matching_quality: dict[str, Quality]) -> None:
    quality = matching_quality["development"]
    assert quality.precision >= 0.98, quality.line()
    assert quality.recall >= 0.97, quality.line()


def test_precision_and_recall_on_holdout_set(matching_quality: dict[str, Quality]) -> None:
    quality = matching_quality["holdout"]
    assert quality.pairs >= 60
    assert quality.precision >= 0.9, quality.line()
    assert quality.recall >= 0.9, quality.line()


def test_blocking_keys_keep_nearly_every_true_pair(matching_quality: dict[str, Quality]) -> None:
    """A duplicate that shares no key with the original is never even compared."""
    assert matching_quality["development"].blocking_recall >= 0.98
    assert matching_quality["holdout"].blocking_recall >= 0.95
