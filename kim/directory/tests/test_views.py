"""Pages of the directory: search, detail, maintenance, matrix and analysis with exports."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from kim.core.models import AuditEntry, Catalogue
from kim.directory.models import Contact, Location, Schedule, Service, ServiceTranslation
from kim.directory.tests.factories import OfferWorld, entry, make_offer, offer_world


@pytest.fixture
def offers(world: Any) -> OfferWorld:
    return offer_world(world)


def test_case_manager_finds_offer_by_life_domain_municipality_and_language(world: Any, offers: OfferWorld) -> None:
    client = world.client_for("fallmanagement1")
    language = entry(world.region, Catalogue.LIFE_DOMAIN, "sprache")

    response = client.get(
        reverse("directory:search"),
        {"life_domain": language.pk, "municipality": world.municipalities[0].pk, "language": "ar"},
    )

    assert response.status_code == 200
    page = list(response.context["page"])
    assert page == [offers.full]
    body = response.content.decode()
    assert "Erika Beispiel" in body  # who to contact
    assert "09:00" in body  # when


def test_search_in_free_text_and_german_page(world: Any, offers: OfferWorld) -> None:
    client = world.client_for("fallmanagement1")

    with translation.override("de"):
        response = client.get(reverse("directory:search"), {"q": "Wohnberatung"}, HTTP_ACCEPT_LANGUAGE="de")

    assert list(response.context["page"]) == [offers.plain]


def test_search_lists_only_active_offers_of_the_region(world: Any, offers: OfferWorld) -> None:
    inactive = make_offer(region=world.region, organisation=world.provider, name="Alt", status=Service.Status.INACTIVE)

    response = world.client_for("fallmanagement1").get(reverse("directory:search"))

    found = set(response.context["page"])
    assert offers.other_region not in found
    assert inactive not in found
    assert offers.unpublished in found  # the internal directory shows unpublished offers too


def test_search_query_count_does_not_grow_with_offers(world: Any, offers: OfferWorld) -> None:
    client = world.client_for("fallmanagement1")
    client.get(reverse("directory:search"))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("directory:search"))
    for number in range(5):
        make_offer(region=world.region, organisation=world.provider, name=f"Angebot {number}")
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("directory:search"))

    assert len(after.captured_queries) == len(before.captured_queries)


def test_bad_search_input_gives_a_page_not_an_error(world: Any, offers: OfferWorld) -> None:
    response = world.client_for("fallmanagement1").get(reverse("directory:search"), {"life_domain": "kaputt"})

    assert response.status_code == 200
    assert response.context["filter_form"].errors


def test_offer_of_another_region_is_404(world: Any, offers: OfferWorld) -> None:
    client = world.client_for("koordination")

    assert client.get(reverse("directory:service_detail", args=[offers.other_region.pk])).status_code == 404
    assert client.get(reverse("directory:service_update", args=[offers.other_region.pk])).status_code == 404


def test_detail_shows_contact_times_and_location(world: Any, offers: OfferWorld) -> None:
    response = world.client_for("fallmanagement1").get(reverse("directory:service_detail", args=[offers.full.pk]))

    body = response.content.decode()
    assert "Erika Beispiel" in body
    assert "Beispielstraße 1" in body
    assert "14:00" in body
    assert reverse("directory:service_update", args=[offers.full.pk]) not in body  # no edit link for case managers


def _service_post(world: Any, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organisation": world.partner_org.pk,
        "name": "Neue Sprachberatung",
        "description": "Beratung zu Sprachkursen.",
        "status": "active",
        "published": "on",
        "life_domains": [entry(world.region, Catalogue.LIFE_DOMAIN, "sprache").pk],
        "municipalities": [world.municipalities[0].pk],
        "languages": ["de", "fa"],
    }
    data.update(changes)
    return data


def test_coordinator_creates_an_offer(world: Any) -> None:
    client = world.client_for("koordination")

    response = client.post(reverse("directory:service_create"), _service_post(world))

    service = Service.objects.get(name="Neue Sprachberatung")
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:service_detail", args=[service.pk])
    assert service.published
    assert set(service.languages.values_list("code", flat=True)) == {"de", "fa"}
    assert AuditEntry.objects.filter(object_id=str(service.pk), action="create").exists()


def test_offer_without_life_domain_is_refused_in_german(world: Any) -> None:
    client = world.client_for("assistenz")

    response = client.post(
        reverse("directory:service_create"), _service_post(world, life_domains=[]), HTTP_ACCEPT_LANGUAGE="de"
    )

    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not Service.objects.exists()


def test_duplicate_offer_name_becomes_a_form_error(world: Any, offers: OfferWorld) -> None:
    client = world.client_for("koordination")

    response = client.post(reverse("directory:service_create"), _service_post(world, name=offers.full.name))

    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert Service.objects.filter(name=offers.full.name).count() == 1


def test_editing_the_description_marks_translations_outdated(world: Any, offers: OfferWorld) -> None:
    client = world.client_for("koordination")
    client.post(
        reverse("directory:translation_save", args=[offers.full.pk]),
        {"language": "en", "name": "Course advice", "description": "Advice", "status": "current"},
    )

    client.post(
        reverse("directory:service_update", args=[offers.full.pk]),
        _service_post(world, name=offers.full.name, description="Ganz neu."),
    )

    assert ServiceTranslation.objects.get(service=offers.full, language="en").status == "outdated"


def test_schedule_contact_and_location_can_be_added_and_removed(world: Any, offers: OfferWorld) -> None:
    client = world.client_for("assistenz")
    service = offers.plain

    client.post(
        reverse("directory:schedule_create", args=[service.pk]),
        {"weekday": "WE", "opens_at": "10:00", "closes_at": "12:00", "attending_type": "phone"},
    )
    client.post(reverse("directory:contact_create", args=[service.pk]), {"name": "Max Muster", "phone": "0271 2"})
    client.post(reverse("directory:service_location_add", args=[service.pk]), {"location": offers.location.pk})
    schedule = Schedule.objects.get(service=service)
    contact = Contact.objects.get(service=service)
    assert service.service_at_locations.get().location == offers.location

    client.post(reverse("directory:schedule_delete", args=[service.pk, schedule.pk]))
    client.post(reverse("directory:contact_delete", args=[service.pk, contact.pk]))

    assert not Schedule.objects.filter(service=service).exists()
    assert not Contact.objects.filter(service=service).exists()


def test_schedule_ending_before_start_is_a_form_error(world: Any, offers: OfferWorld) -> None:
    response = world.client_for("assistenz").post(
        reverse("directory:schedule_create", args=[offers.plain.pk]),
        {"weekday": "WE", "opens_at": "12:00", "closes_at": "10:00", "attending_type": "in_person"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["closes_at"]
    assert not Schedule.objects.filter(service=offers.plain).exists()


def test_location_create_and_update(world: Any) -> None:
    client = world.client_for("koordination")
    data = {
        "organisation": world.provider.pk,
        "name": "Beratungsstelle",
        "address_1": "Musterweg 2",
        "postal_code": "57223",
        "city": "Kreuztal",
        "municipality": world.municipalities[1].pk,
    }

    client.post(reverse("directory:location_create"), data)
    location = Location.objects.get(name="Beratungsstelle")
    client.post(reverse("directory:location_update", args=[location.pk]), {**data, "accessibility": "Rampe"})

    location.refresh_from_db()
    assert location.accessibility == "Rampe"
    bad = client.post(reverse("directory:location_create"), {**data, "name": "Zweite", "latitude": "50.1"})
    assert bad.status_code == 200
    assert not Location.objects.filter(name="Zweite").exists()


def test_matrix_shows_responsible_organisations_and_filters(world: Any, offers: OfferWorld) -> None:
    client = world.client_for("fallmanagement1")
    housing = entry(world.region, Catalogue.LIFE_DOMAIN, "wohnen")

    response = client.get(reverse("directory:matrix"), {"life_domain": housing.pk})

    rows = list(response.context["page"])
    assert {row.municipality.name for row in rows} == {"Siegen", "Kreuztal", "Netphen"}  # whole district
    assert all(row.organisations == [world.provider] for row in rows)


def test_matrix_exports_csv_and_xlsx_and_logs_the_export(world: Any, offers: OfferWorld) -> None:
    client = world.client_for("koordination")

    csv_response = client.get(reverse("directory:matrix_export"), {"format": "csv"})
    xlsx_response = client.get(reverse("directory:matrix_export"), {"format": "xlsx"})

    text = csv_response.content.decode("utf-8-sig")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "Integrationskursberatung" in text
    workbook = load_workbook(io.BytesIO(xlsx_response.content))
    values = [cell.value for row in workbook.worksheets[0].iter_rows() for cell in row]
    assert "Wohnberatung" in values
    assert AuditEntry.objects.filter(action="export", object_type="directory.responsibility_matrix").count() == 2
    assert client.get(reverse("directory:matrix_export"), {"format": "pdf"}).status_code == 404


def test_analysis_page_shows_overlaps_and_gaps_and_exports(world: Any, offers: OfferWorld) -> None:
    make_offer(
        region=world.region,
        organisation=world.provider,
        name="Sprachkursberatung Diakonie",
        target_groups=("neuzugewanderte",),
        municipalities=(world.municipalities[0],),
    )
    client = world.client_for("partner")

    response = client.get(reverse("directory:analysis"), {"dimensions": ["target_group"]})

    analysis = response.context["analysis"]
    assert len(analysis.overlaps) == 1
    assert {o.name for o in analysis.overlaps[0].organisations} == {"Diakonie Beispiel", "Sprachschule Beispiel"}
    assert any(gap.life_domain.code == "gesundheit" for gap in analysis.gaps)
    export = client.get(reverse("directory:analysis_export"), {"dimensions": ["target_group"], "format": "xlsx"})
    workbook = load_workbook(io.BytesIO(export.content))
    assert len(workbook.worksheets) == 2
    assert workbook.worksheets[0].max_row == 2  # heading + the one overlap


def test_analysis_with_language_dimension_finds_language_gaps(world: Any, offers: OfferWorld) -> None:
    response = world.client_for("koordination").get(
        reverse("directory:analysis"), {"dimensions": ["language"], "languages": ["ar"]}
    )

    gaps = response.context["analysis"].gaps
    covered = [g for g in gaps if g.life_domain.code == "sprache" and g.municipality.name == "Siegen"]
    assert covered == []  # the Arabic offer covers Siegen
    assert any(g.life_domain.code == "sprache" and g.municipality.name == "Kreuztal" for g in gaps)


def test_csv_export_neutralises_formulas(world: Any) -> None:
    make_offer(region=world.region, organisation=world.provider, name="=HYPERLINK(1)", life_domains=("wohnen",))

    text = world.client_for("koordination").get(reverse("directory:matrix_export")).content.decode("utf-8-sig")

    assert "'=HYPERLINK(1)" in text


def test_organisation_profile_is_saved_and_foreign_organisation_is_404(world: Any, offers: OfferWorld) -> None:
    client = world.client_for("koordination")
    url = reverse("directory:organisation_profile", args=[world.provider.pk])

    response = client.post(url, {"description": "Wohlfahrtsverband", "legal_status": "e. V."})

    assert response.status_code == 302
    world.provider.refresh_from_db()
    assert world.provider.directory_profile.legal_status == "e. V."
    foreign = offers.other_region.organisation
    assert client.get(reverse("directory:organisation_profile", args=[foreign.pk])).status_code == 404


def test_gaps_are_grouped_per_life_domain_and_municipality(world: Any, offers: OfferWorld) -> None:
    response = world.client_for("koordination").get(reverse("directory:analysis"), {"dimensions": ["target_group"]})

    analysis = response.context["analysis"]
    groups = analysis.gap_groups
    assert len(groups) < len(analysis.gaps)
    health_siegen = next(g for g in groups if g.life_domain.code == "gesundheit" and g.municipality.name == "Siegen")
    assert len(health_siegen.target_groups) == 7  # no health offer for any target group


def test_analysis_filter_by_municipality_alone_is_applied(world: Any, offers: OfferWorld) -> None:
    kreuztal = world.municipalities[1]

    response = world.client_for("koordination").get(reverse("directory:analysis"), {"municipality": kreuztal.pk})

    gaps = response.context["analysis"].gaps
    assert gaps
    assert {gap.municipality for gap in gaps} == {kreuztal}


def test_location_with_opening_times_cannot_be_removed_before_its_times(world: Any, offers: OfferWorld) -> None:
    client = world.client_for("koordination")
    link = offers.full.service_at_locations.get()
    url = reverse("directory:service_location_remove", args=[offers.full.pk, link.pk])

    refused = client.post(url, follow=True)
    assert offers.full.service_at_locations.exists()
    assert [m.level_tag for m in refused.context["messages"]] == ["error"]

    Schedule.objects.filter(service_at_location=link).delete()
    client.post(url)
    assert not offers.full.service_at_locations.exists()


def test_phone_is_removed_and_another_offers_phone_is_404(world: Any, offers: OfferWorld) -> None:
    client = world.client_for("assistenz")
    phone = offers.full.phones.get()

    wrong = client.post(reverse("directory:phone_delete", args=[offers.plain.pk, phone.pk]))
    assert wrong.status_code == 404
    client.post(reverse("directory:phone_delete", args=[offers.full.pk, phone.pk]))
    assert not offers.full.phones.exists()
