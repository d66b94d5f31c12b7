"""Import of an HSDS CSV package (ZIP or several files): tables linked by id, all or nothing."""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kim.core.models import AuditEntry, Catalogue, CatalogueEntry
from kim.core.tests.factories import OrganisationFactory
from kim.directory import importing_hsds
from kim.directory.importing import ImportInvalid, Problem
from kim.directory.models import Contact, Location, Phone, Schedule, Service, ServiceAtLocation
from tests.standards import require_standard

pytestmark = pytest.mark.django_db

ORG = "11111111-1111-4111-8111-111111111111"
SERVICE = "22222222-2222-4222-8222-222222222222"
LOCATION = "33333333-3333-4333-8333-333333333333"
LINK = "44444444-4444-4444-8444-444444444444"
CONTACT = "55555555-5555-4555-8555-555555555555"


def _package(world: Any, **overrides: str) -> dict[str, str]:
    """A small German HSDS package of the partner organisation (matched by name)."""
    files = {
        "organizations.csv": f"id,name,description\n{ORG},{world.partner_org.name},Sprachschule\n",
        "services.csv": (
            "id,organization_id,name,description,status,life_domains,target_groups\n"
            f"{SERVICE},{ORG},Deutschkurs am Abend,Kurs für Berufstätige,active,sprache,neuzugewanderte\n"
        ),
        "locations.csv": (
            "id,location_type,organization_id,name,description,transportation,latitude,longitude\n"
            f"{LOCATION},physical,{ORG},Kursraum Bahnhof,,Bus R12,50.874,8.024\n"
        ),
        "addresses.csv": (
            f"id,location_id,address_1,city,postal_code,country,address_type\n"
            f"a1,{LOCATION},Bahnhofstraße 1,Siegen,57072,DE,physical\n"
        ),
        "service_at_location.csv": f"id,service_id,location_id,description\n{LINK},{SERVICE},{LOCATION},2. Stock\n",
        "schedules.csv": (
            "id,service_id,service_at_location_id,freq,byday,opens_at,closes_at,attending_type,notes\n"
            f's1,{SERVICE},{LINK},WEEKLY,"MO,WE",18:00:00,20:30:00,in person,\n'
        ),
        "contacts.csv": (
            f"id,service_id,name,title,email\n{CONTACT},{SERVICE},Erika Beispiel,Kursleitung,e@example.org\n"
        ),
        "phones.csv": (
            "id,service_id,contact_id,number,extension,type,description\n"
            f"p1,{SERVICE},{CONTACT},0271 111,,voice,\n"
            f"p2,{SERVICE},,0271 222,,voice,Sekretariat\n"
        ),
        "languages.csv": f"id,service_id,name,code,note\nl1,{SERVICE},Arabic,ar,\nl2,{SERVICE},German,de,\n",
        "required_documents.csv": f"id,service_id,document,uri\nd1,{SERVICE},Berechtigungsschein,\n",
        "cost_options.csv": (
            f"id,service_id,option,currency,amount,amount_description\nc1,{SERVICE},Eigenanteil,eur,2,pro Stunde\n"
        ),
        "taxonomies.csv": "id,name\nt1,KIM\n",
    }
    files.update(overrides)
    return files


def _zip(files: dict[str, str], name: str = "hsds.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for filename, text in files.items():
            archive.writestr(f"export/{filename}", text)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def _problems(world: Any, files: dict[str, bytes], **kwargs: Any) -> list[Problem]:
    with pytest.raises(ImportInvalid) as error:
        importing_hsds.package_import(
            actor=None,
            region=world.region,
            uploads=[(name, io.BytesIO(content)) for name, content in files.items()],
            **kwargs,
        )
    return error.value.problems


def test_zip_package_imports_offer_location_times_contacts_phones_languages(world: Any) -> None:
    response = world.client_for("koordination").post(reverse("directory:import"), {"file": _zip(_package(world))})

    assert response.status_code == 302
    service = Service.objects.get(pk=SERVICE)
    assert service.organisation == world.partner_org
    assert set(service.languages.values_list("code", flat=True)) == {"ar", "de"}
    assert service.required_document_list == ["Berechtigungsschein"]
    assert service.fees_description == "Eigenanteil 2 EUR (pro Stunde)"
    location = Location.objects.get(pk=LOCATION)
    assert (location.municipality.name, location.postal_code, location.address_1) == (
        "Siegen",
        "57072",
        "Bahnhofstraße 1",
    )
    link = ServiceAtLocation.objects.get(service=service)
    assert (link.location, link.description) == (location, "2. Stock")
    schedules = Schedule.objects.filter(service=service, service_at_location=link)
    assert sorted(schedules.values_list("weekday", flat=True)) == ["MO", "WE"]
    contact = Contact.objects.get(service=service)
    assert (contact.name, contact.title, contact.phone) == ("Erika Beispiel", "Kursleitung", "0271 111")
    assert list(Phone.objects.filter(service=service).values_list("number", "description")) == [
        ("0271 222", "Sekretariat")
    ]
    assert AuditEntry.objects.filter(object_type="directory.import").count() == 1


def test_several_csv_files_are_a_package_too(world: Any) -> None:
    uploads = [
        SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
        for name, text in _package(world).items()
        if name in ("organizations.csv", "services.csv", "languages.csv")
    ]

    response = world.client_for("koordination").post(reverse("directory:import"), {"file": uploads})

    assert response.status_code == 302
    assert set(Service.objects.get(pk=SERVICE).languages.values_list("code", flat=True)) == {"ar", "de"}


def test_organisation_is_matched_by_kim_id_without_organizations_csv(world: Any) -> None:
    files = _package(world)
    del files["organizations.csv"]
    files["services.csv"] = files["services.csv"].replace(ORG, str(world.partner_org.pk))
    files["locations.csv"] = files["locations.csv"].replace(ORG, str(world.partner_org.pk))

    importing_hsds.package_import(
        actor=None,
        region=world.region,
        uploads=[(name, io.BytesIO(text.encode())) for name, text in files.items()],
    )

    assert Location.objects.get(pk=LOCATION).organisation == world.partner_org


def test_any_problem_in_any_file_imports_nothing_and_names_file_row_column(world: Any) -> None:
    files = _package(
        world,
        **{
            "schedules.csv": (
                "id,service_id,service_at_location_id,freq,byday,opens_at,closes_at\n"
                f"s1,{SERVICE},{LINK},WEEKLY,MO,18:00,17:00\n"
                f"s2,{SERVICE},,MONTHLY,XX,9 Uhr,12:00\n"
            ),
            "addresses.csv": f"id,location_id,address_1,city,postal_code\na1,{LOCATION},Hauptstr. 1,Mordor,1\n",
            "phones.csv": f"id,service_id,number\np1,{uuid.uuid4()},0271 1\n",
        },
    )

    response = world.client_for("koordination").post(reverse("directory:import"), {"file": _zip(files)})

    assert response.status_code == 200
    found = {(p.file, p.row, p.column) for p in response.context["problems"]}
    assert found == {
        ("schedules.csv", 2, "closes_at"),
        ("schedules.csv", 3, "freq"),
        ("schedules.csv", 3, "byday"),
        ("schedules.csv", 3, "opens_at"),
        ("addresses.csv", 2, "city"),
        ("phones.csv", 2, "service_id"),
    }
    assert "Mordor ist keine Kommune dieser Region." in response.content.decode()  # German UI
    assert not Service.objects.exists()
    assert not Location.objects.exists()


def test_life_domains_are_required_unless_a_default_is_chosen(world: Any) -> None:
    files = _package(
        world,
        **{
            "services.csv": (
                f"id,organization_id,name,description,status\n{SERVICE},{ORG},Deutschkurs am Abend,Kurs,active\n"
            )
        },
    )
    encoded = {name: text.encode() for name, text in files.items()}

    problems = _problems(world, encoded)
    assert [(p.file, p.column) for p in problems] == [("services.csv", "Handlungsfelder / life_domains")]

    language = CatalogueEntry.objects.get(region=world.region, catalogue=Catalogue.LIFE_DOMAIN, code="sprache")
    response = world.client_for("koordination").post(
        reverse("directory:import"), {"file": _zip(files), "default_life_domain": language.pk}, follow=True
    )
    assert list(Service.objects.get(pk=SERVICE).life_domains.all()) == [language]
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert any(language.label in message for message in warnings)


def test_unknown_organisation_is_reported_not_created(world: Any) -> None:
    files = _package(world, **{"organizations.csv": f"id,name\n{ORG},Gibt es nicht e. V.\n"})

    problems = _problems(world, {name: text.encode() for name, text in files.items()})

    assert ("organizations.csv", 2, "name") in {(p.file, p.row, p.column) for p in problems}
    assert not Service.objects.exists()


def test_a_broken_zip_or_a_package_without_services_gives_a_message(world: Any) -> None:
    client = world.client_for("koordination")
    broken = client.post(reverse("directory:import"), {"file": SimpleUploadedFile("hsds.zip", b"not a zip")})
    empty = client.post(reverse("directory:import"), {"file": _zip({"phones.csv": "id,number\n"})})

    assert broken.status_code == 200
    assert "Die ZIP-Datei kann nicht gelesen werden." in broken.content.decode()  # German UI
    assert "Die hochgeladenen Dateien enthalten keine services.csv." in empty.content.decode()


def _official_files() -> dict[str, bytes]:
    folder: Path = require_standard("hsds", "examples", "csv")
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.csv"))}


def test_official_hsds_example_package_is_reported_with_clear_reasons(world: Any) -> None:
    problems = _problems(world, _official_files())

    found = {(p.file, p.row, p.column) for p in problems}
    assert ("organizations.csv", 2, "name") in found  # "Example Organization Inc." is not a KIM organisation
    assert ("services.csv", 1, "Handlungsfelder / life_domains") in found
    assert all(p.file and p.message for p in problems)
    assert not Service.objects.exists()


def test_official_example_with_its_organisation_and_a_default_life_domain_names_the_rest(world: Any) -> None:
    OrganisationFactory.create(region=world.region, name="Example Organization Inc.")
    domain = CatalogueEntry.objects.get(region=world.region, catalogue=Catalogue.LIFE_DOMAIN, code="gesundheit")

    problems = _problems(world, _official_files(), default_life_domain=domain)

    # What remains are real differences of the example data to a German directory:
    assert {(p.file, p.row, p.column) for p in problems} == {
        ("locations.csv", 2, "organization_id"),  # refers to an organisation missing from organizations.csv
        ("locations.csv", 2, "latitude"),  # 100 is no latitude
        ("addresses.csv", 2, "city"),  # MyCity is no municipality of the region
        ("languages.csv", 2, "code"),  # Urdu is not among KIM's counselling languages
    }  # rows depending on the location (service_at_location, schedule) are not reported a second time
    assert not Service.objects.exists()
