"""Import of offers: HSDS CSV and the German Excel template; a report with row, column, problem; all or nothing."""

from __future__ import annotations

import io
import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from kim.directory import importing
from kim.directory.models import Contact, Service
from tests.standards import require_standard

HSDS_HEADER = (
    "id,organization_id,program_id,name,description,status,url,email,"
    "life_domains,target_groups,municipalities,languages,wait_time"
)


def _csv(text: str, name: str = "services.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _xlsx(rows: list[list[Any]] | list[Any]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("angebote.xlsx", buffer.getvalue())


def test_hsds_csv_is_imported_with_the_given_ids(world: Any) -> None:
    service_id = uuid.uuid4()
    text = (
        f"{HSDS_HEADER}\n"
        f"{service_id},{world.partner_org.pk},,Sprachcafé,Offener Treff,active,www.example.org,a@example.org,"
        "sprache;teilhabe,neuzugewanderte,Siegen;Kreuztal,de;Arabisch,\n"
    )

    response = world.client_for("koordination").post(reverse("directory:import"), {"file": _csv(text)})

    assert response.status_code == 302
    service = Service.objects.get(pk=service_id)
    assert service.url == "https://www.example.org"
    assert set(service.life_domains.values_list("code", flat=True)) == {"sprache", "teilhabe"}
    assert set(service.languages.values_list("code", flat=True)) == {"de", "ar"}
    assert service.municipalities.count() == 2


def test_german_excel_template_is_imported_with_contact_person(world: Any) -> None:
    rows = [
        [
            "Organisation",
            "Angebot",
            "Beschreibung",
            "Lebensbereiche",
            "Kommunen",
            "Nur mit Termin",
            "Ansprechperson",
            "Telefon Ansprechperson",
        ],
        [
            "Diakonie Beispiel",
            "Schuldnerberatung",
            "Hilfe bei Schulden",
            "Finanzen/Leistungen/Schulden",
            "",
            "ja",
            "Max Muster",
            "0271 1",
        ],
        ["Sprachschule Beispiel", "Einstufung", "Einstufungstest", "Sprache", "Netphen", "nein", None, None],
    ]

    response = world.client_for("assistenz").post(reverse("directory:import"), {"file": _xlsx(rows)})

    assert response.status_code == 302
    debt = Service.objects.get(name="Schuldnerberatung")
    assert debt.appointment_only
    assert Contact.objects.get(service=debt).name == "Max Muster"
    assert Service.objects.get(name="Einstufung").municipalities.get().name == "Netphen"


def test_invalid_rows_are_reported_by_row_and_column_and_nothing_is_imported(world: Any) -> None:
    text = (
        "Organisation;Angebot;Beschreibung;Lebensbereiche;Sprachen;E-Mail;Nur mit Termin\n"
        "Diakonie Beispiel;Gute Zeile;Text;Wohnen;de;;nein\n"
        "Unbekannter Träger;Zeile drei;Text;Wohnen;de;;nein\n"
        "Diakonie Beispiel;Zeile vier;;Raumfahrt;klingonisch;keine-mail;vielleicht\n"
    )

    response = world.client_for("koordination").post(
        reverse("directory:import"), {"file": _csv(text, "angebote.csv")}, HTTP_ACCEPT_LANGUAGE="de"
    )

    assert response.status_code == 200
    problems = {(p.row, p.column) for p in response.context["problems"]}
    assert (3, "Organisation") in problems
    assert {
        (4, "Beschreibung"),
        (4, "Lebensbereiche"),
        (4, "Sprachen"),
        (4, "E-Mail"),
        (4, "Nur mit Termin"),
    } <= problems
    assert not Service.objects.exists()
    body = response.content.decode()
    assert "Zeile" in body or "Row" in body


def test_unknown_and_missing_columns_are_reported(world: Any) -> None:
    text = "Organisation;Angebt;Beschreibung\nDiakonie Beispiel;x;y\n"

    response = world.client_for("koordination").post(reverse("directory:import"), {"file": _csv(text)})

    problems = {(p.row, p.column) for p in response.context["problems"]}
    assert (1, "Angebt") in problems
    assert any(column.startswith("Angebot") for _row, column in problems)
    assert not Service.objects.exists()


def test_duplicate_rows_in_one_file_are_refused(world: Any) -> None:
    text = (
        "Organisation;Angebot;Beschreibung;Lebensbereiche\nDiakonie Beispiel;A;x;Wohnen\nDiakonie Beispiel;A;y;Wohnen\n"
    )

    response = world.client_for("koordination").post(reverse("directory:import"), {"file": _csv(text)})

    assert [(p.row, p.column) for p in response.context["problems"]] == [(3, "Angebot")]
    assert not Service.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("angebote.csv", b"\xff\xfe\x00broken"), ("angebote.xlsx", b"not a workbook"), ("angebote.pdf", b"%PDF")],
)
def test_broken_or_wrong_files_give_a_message_not_an_error(world: Any, name: str, content: bytes) -> None:
    response = world.client_for("koordination").post(
        reverse("directory:import"), {"file": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Service.objects.exists()


def test_template_download_is_a_workbook_the_import_accepts(world: Any) -> None:
    client = world.client_for("koordination")
    template = client.get(reverse("directory:import_template"))

    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    headings, _rows = importing.read_rows(io.BytesIO(template.content), "vorlage.xlsx")
    assert headings == list(importing.TEMPLATE_COLUMNS)


def test_official_hsds_example_file_is_read_and_its_missing_kim_columns_reported(world: Any) -> None:
    example = require_standard("hsds", "examples", "csv", "services.csv")
    headings, rows = importing.read_rows(io.BytesIO(example.read_bytes()), "services.csv")

    _parsed, problems = importing.validate(region=world.region, headings=headings, rows=rows)

    assert [p.column for p in problems] == ["Handlungsfelder / life_domains"]
