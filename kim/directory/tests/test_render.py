"""Every directory page renders in German and English, with one h1 and no template leftovers."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kim.directory.tests.factories import OfferWorld, offer_world


@pytest.fixture
def offers(world: Any) -> OfferWorld:
    return offer_world(world)


def _pages(offers: OfferWorld) -> list[str]:
    pk = offers.full.pk
    link = offers.full.service_at_locations.get()
    schedule = offers.full.schedules.first()
    assert schedule is not None
    return [
        reverse("directory:schedule_update", args=[pk, schedule.pk]),
        reverse("directory:contact_update", args=[pk, offers.full.contacts.get().pk]),
        reverse("directory:phone_update", args=[pk, offers.full.phones.get().pk]),
        reverse("directory:service_location_update", args=[pk, link.pk]),
        reverse("directory:service_location_remove_confirm", args=[pk, link.pk]),
        reverse("directory:search"),
        reverse("directory:search") + "?q=Beratung",
        reverse("directory:service_detail", args=[pk]),
        reverse("directory:service_manage_list"),
        reverse("directory:service_create"),
        reverse("directory:service_update", args=[pk]),
        reverse("directory:schedule_create", args=[pk]),
        reverse("directory:contact_create", args=[pk]),
        reverse("directory:phone_create", args=[pk]),
        reverse("directory:service_location_add", args=[pk]),
        reverse("directory:translation_save", args=[pk]) + "?sprache=en",
        reverse("directory:location_list"),
        reverse("directory:location_create"),
        reverse("directory:location_update", args=[offers.location.pk]),
        reverse("directory:matrix"),
        reverse("directory:analysis"),
        reverse("directory:analysis") + "?dimensions=language&dimensions=legal_domain",
        reverse("directory:import"),
        reverse("directory:organisation_profile", args=[offers.full.organisation_id]),
    ]


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_page_renders(world: Any, offers: OfferWorld, language: str) -> None:
    client = world.client_for("koordination")
    client.cookies["django_language"] = language

    for url in _pages(offers):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert body.count("<h1") == 1, url
        assert "{%" not in body, url
        assert "{{" not in body, url
