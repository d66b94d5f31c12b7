"""The demo offers: idempotent, at least 40, and the planted overlaps and gaps are found."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from kim.core.models import Catalogue, CatalogueEntry, Region
from kim.demo import directory as demo_directory
from kim.demo.builders import SeedReport
from kim.directory import selectors
from kim.directory.models import Contact, Location, Schedule, Service, ServiceTranslation

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings: Any) -> Region:
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    demo_directory.seed(report=SeedReport())
    return Region.objects.get(slug="siegen-wittgenstein")


def test_demo_seeds_at_least_forty_offers_with_contacts_and_times_once(seeded: Region) -> None:
    counts = (Service.objects.count(), Location.objects.count(), Contact.objects.count(), Schedule.objects.count())
    assert Service.objects.filter(region=seeded, status=Service.Status.ACTIVE).count() >= 40
    assert Contact.objects.filter(region=seeded).count() >= 40
    assert ServiceTranslation.objects.filter(region=seeded).exists()

    report = SeedReport()
    demo_directory.seed(report=report)

    assert report.nothing_new
    assert counts == (
        Service.objects.count(),
        Location.objects.count(),
        Contact.objects.count(),
        Schedule.objects.count(),
    )


def test_analysis_finds_the_planted_language_course_overlap_in_siegen(seeded: Region) -> None:
    analysis = selectors.overlap_gap_analysis(region=seeded, dimensions=[selectors.DIMENSION_TARGET_GROUP])

    found = [
        overlap
        for overlap in analysis.overlaps
        if overlap.life_domain.code == "sprache"
        and overlap.municipality.name == "Siegen (Universitätsstadt)"
        and overlap.target_group is not None
        and overlap.target_group.code == "neuzugewanderte"
    ]
    assert len(found) == 1
    organisations = {organisation.short_name for organisation in found[0].organisations}
    assert {"Caritas", "VHS", "Sprachschule Siegerland"} <= organisations


def test_analysis_finds_no_recognition_counselling_in_wittgenstein(seeded: Region) -> None:
    analysis = selectors.overlap_gap_analysis(region=seeded, dimensions=[])

    recognition_gaps = {gap.municipality.name for gap in analysis.gaps if gap.life_domain.code == "anerkennung"}
    assert recognition_gaps == {"Bad Berleburg", "Bad Laasphe", "Erndtebrück"}


def test_analysis_finds_no_arabic_health_counselling(seeded: Region) -> None:
    health = CatalogueEntry.objects.get(region=seeded, catalogue=Catalogue.LIFE_DOMAIN, code="gesundheit")

    analysis = selectors.overlap_gap_analysis(
        region=seeded, dimensions=[selectors.DIMENSION_LANGUAGE], life_domain=health, languages=["ar", "fa"]
    )

    arabic = {gap.municipality.name for gap in analysis.gaps if gap.language == "ar"}
    farsi = {gap.municipality.name for gap in analysis.gaps if gap.language == "fa"}
    assert len(arabic) == 11
    assert farsi == set()


def test_every_published_demo_offer_is_valid_hsds(seeded: Region) -> None:
    from django.test import Client

    from kim.directory.tests.test_hsds_api import assert_openapi_response, assert_strict

    client = Client()
    listing = client.get("/hsds/siegen-wittgenstein/services?per_page=200").json()
    assert_openapi_response("/services", listing)
    assert listing["total_items"] >= 40
    for item in listing["contents"]:
        body = client.get(f"/hsds/siegen-wittgenstein/services/{item['id']}").json()
        assert_strict("compiled/service.json", body)
    organisations = client.get("/hsds/siegen-wittgenstein/organizations?per_page=200").json()
    for item in organisations["contents"]:
        assert_strict(
            "compiled/organization.json", client.get(f"/hsds/siegen-wittgenstein/organizations/{item['id']}").json()
        )
