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


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Wohnt in der Hauptstr 12.", Kind.ADDRESS),
        ("Wohnt in der Hauptstr. 12.", Kind.ADDRESS),
        ("Siegener Straße 12 ist die Adresse.", Kind.ADDRESS),
        ("Die Familie wohnt Am Markt 5.", Kind.ADDRESS),
        ("Die Familie wohnt An der Kirche 3.", Kind.ADDRESS),
        ("Die Familie wohnt Im Wiesengrund 7b.", Kind.ADDRESS),
        ("Die Familie wohnt Zum Sportplatz 2.", Kind.ADDRESS),
        ("Die Familie wohnt Sonnenhang 7.", Kind.ADDRESS),
        ("BG-Nummer 12345 wurde genannt.", Kind.FILE_NUMBER),
        ("Bedarfsgemeinschaftsnummer: 123", Kind.FILE_NUMBER),
        ("Aktenzeichen 4711 beim Amt.", Kind.FILE_NUMBER),
        ("Az. 12 beim Amt.", Kind.FILE_NUMBER),
        ("Kundennummer 4711 der Agentur.", Kind.FILE_NUMBER),
        ("Kunden-Nr. 33 der Agentur.", Kind.FILE_NUMBER),
        ("Vorgangsnummer: 88 im Portal.", Kind.FILE_NUMBER),
        ("Rückfragen an person(at)example.org.", Kind.EMAIL),
        ("Rückfragen an person [at] example [dot] org.", Kind.EMAIL),
        ("Rückfragen an person at example dot org.", Kind.EMAIL),
        ("Rückfragen an person @ example.org.", Kind.EMAIL),
    ],
)
def test_guard_finds_addresses_numbers_and_obfuscated_mail(text: str, kind: str) -> None:
    assert kind in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Finanzierung aus Baustein 1 beantragt.",
        "Leistungen nach § 16a SGB II werden verzögert.",
        "Die Wartezeit beträgt 36 Monate.",
        "Kurs auf Stufe B1 fehlt.",
        "Im Jahr 2022 gab es 3 Kurse.",
        "In der Regel 3 Monate Wartezeit.",
        "Beim Jobcenter 3 Monate Wartezeit.",
        "Am Standort 2 Kurse, im Kurs 3 Plätze frei.",
        "Am Ende 3 Wochen gewartet.",
        "Der Arbeitsmarkt 2 Jahre nach Ankunft ist schwer zugänglich.",
        "Im Handlungsfeld 2 der Förderrichtlinie.",
        "Kita-Platz 3 Monate nach Anmeldung immer noch offen.",
        "We waited at home. Then nothing happened.",
        "Termine nur online; ein Sprachkurs auf Niveau A2 am Standort 2.",
    ],
)
def test_guard_leaves_ordinary_texts_alone(text: str) -> None:
    assert find_personal_data(text) == []


def test_every_demo_text_passes_the_guard() -> None:
    from kim.demo import themes as demo

    for text in (*demo.NURSING_TEXTS, *demo.LATER_TEXTS):
        assert find_personal_data(text) == [], text
