"""The personal-data guard: finds what identifies a person, leaves ordinary findings alone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from kim.themes.figures import suppress
from kim.themes.guard import Kind, find_personal_data, findings_message


def kinds(text: str, **kwargs: object) -> set[str]:
    return {f.kind for f in find_personal_data(text, **kwargs)}  # type: ignore[arg-type]


def test_guard_finds_the_client_name_also_in_another_spelling() -> None:
    assert kinds("Frau Müller wartet seit Monaten.", client_names=["Aylin", "Müller"]) == {Kind.NAME}
    assert kinds("Frau Mueller wartet seit Monaten.", client_names=["Aylin", "Müller"]) == {Kind.NAME}


def test_guard_finds_household_names_in_original_script() -> None:
    assert Kind.NAME in kinds("Der Sohn Юрій braucht einen Kitaplatz.", household_names=["Yurii", "Юрій"])


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Geboren am 17.05.1990, seitdem ohne Papiere.", Kind.DATE),
        ("Termin am 3. Februar bei der Behörde.", Kind.DATE),
        ("Erreichbar unter 0271 123456.", Kind.PHONE),
        ("Erreichbar unter +49 171 2345678.", Kind.PHONE),
        ("Rückfragen an person@example.org.", Kind.EMAIL),
        ("Konto DE89 3704 0044 0532 0130 00 gesperrt.", Kind.IBAN),
        ("Az. 12-345/2022 liegt beim Amt.", Kind.FILE_NUMBER),
        ("AZR-Nummer 123456789012 fehlt.", Kind.FILE_NUMBER),
        ("Wohnt in der Hauptstraße 12 in Siegen.", Kind.ADDRESS),
        ("Wohnt im Lindenweg 3a.", Kind.ADDRESS),
    ],
)
def test_guard_finds_identifying_details(text: str, kind: str) -> None:
    assert kind in kinds(text)


def test_guard_finds_known_values_of_the_case() -> None:
    found = kinds("Siehe Fall 2024-0007.", known_values=["2024-0007"], known_dates=[dt.date(1990, 5, 17)])
    assert Kind.KNOWN_VALUE in found


def test_guard_leaves_a_plain_description_alone() -> None:
    text = (
        "Seit März 2022 warten Pflegekräfte 6 bis 12 Monate auf die Anerkennung nach § 25 Abs. 2 AufenthG; "
        "im Schuljahr 2022/23 gab es keine Sprachkurse auf B2-Niveau. SGB-II-Leistungen werden verzögert."
    )
    assert find_personal_data(text, client_names=["Rania", "Testperson"]) == []


def test_guard_message_names_the_kinds_but_not_the_text() -> None:
    findings = find_personal_data("Frau Testperson, Tel. 0271 123456", client_names=["Testperson"])
    message = findings_message(findings)
    assert "Testperson" not in message
    assert "123456" not in message
    assert "phone" in message or "Telefon" in message


def test_small_counts_are_suppressed_and_zero_and_large_counts_shown() -> None:
    with translation.override("en"):
        assert suppress(4, 5) == "fewer than 5"
        assert suppress(1, 5) == "fewer than 5"
    assert suppress(5, 5) == "5"
    assert suppress(0, 5) == "0"
