"""Offer search over the JSON API (session auth): same scoping as the page."""

from __future__ import annotations

from typing import Any

import pytest

from kim.directory.tests.factories import OfferWorld, offer_world

URL = "/api/v1/directory/offers"


@pytest.fixture
def offers(world: Any) -> OfferWorld:
    return offer_world(world)


def test_case_manager_searches_offers_by_codes(world: Any, offers: OfferWorld) -> None:
    client = world.client_for("fallmanagement1")

    response = client.get(
        URL, {"life_domain": "sprache", "language": "ar", "municipality": str(world.municipalities[0].pk)}
    )

    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body] == [str(offers.full.pk)]
    assert body[0]["contacts"][0]["name"] == "Erika Beispiel"
    assert {s["weekday"] for s in body[0]["schedules"]} == {"MO", "TH"}


def test_unknown_code_is_a_400_with_a_message(world: Any, offers: OfferWorld) -> None:
    response = world.client_for("fallmanagement1").get(URL, {"life_domain": "raumfahrt"})

    assert response.status_code == 400
    assert response.json()["detail"]


def test_offer_of_another_region_is_404(world: Any, offers: OfferWorld) -> None:
    client = world.client_for("fallmanagement1")

    assert client.get(f"{URL}/{offers.other_region.pk}").status_code == 404
    assert client.get(f"{URL}/{offers.full.pk}").json()["name"] == offers.full.name


def test_people_without_directory_access_are_refused(world: Any, offers: OfferWorld) -> None:
    assert world.client_for("lenkung").get(URL).status_code == 403
    assert world.client_for("anonymous").get(URL).status_code == 401
