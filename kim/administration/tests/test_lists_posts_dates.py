"""Catalogues, funded posts and key dates: CRUD with audit, German messages, region walls."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from kim.core.models import AuditEntry, CatalogueEntry, FundedPost, KeyDate
from kim.core.tests.factories import FundedPostFactory, OrganisationFactory


def _html(response: Any) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _latest(object_type: str, action: str) -> AuditEntry:
    return AuditEntry.objects.filter(object_type=object_type, action=action).latest("id")


# Catalogues


def test_catalogue_list_groups_entries_and_filters_by_catalogue(world: World, admin_client: Client) -> None:
    everything = _html(admin_client.get(reverse("manage:catalogue_list")))
    assert "Handlungsfelder" in everything
    assert "Abschlussgründe" in everything
    only_closure = _html(admin_client.get(reverse("manage:catalogue_list"), {"catalogue": "closure_reason"}))
    assert "Ziele erreicht" in only_closure
    assert "Wohnen" not in only_closure


def test_admin_adds_catalogue_entry(world: World, admin_client: Client) -> None:
    response = admin_client.post(
        reverse("manage:catalogue_entry_create"),
        {
            "catalogue": "life_domain",
            "code": "digitales",
            "label_de": "Digitale Teilhabe",
            "label_en": "Digital participation",
            "sort_order": "150",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?catalogue=life_domain")
    entry = CatalogueEntry.objects.get(region=world.region, catalogue="life_domain", code="digitales")
    assert entry.label_de == "Digitale Teilhabe"
    assert _latest("core.catalogueentry", "create").changes["code"] == [None, "digitales"]


def test_duplicate_catalogue_key_gives_german_error_not_500(world: World, admin_client: Client) -> None:
    count = CatalogueEntry.objects.count()
    html = _html(
        admin_client.post(
            reverse("manage:catalogue_entry_create"),
            {"catalogue": "life_domain", "code": "wohnen", "label_de": "Wohnen 2", "sort_order": "0"},
        )
    )
    assert "Dieser Schlüssel wird in diesem Katalog bereits verwendet." in html
    assert CatalogueEntry.objects.count() == count


def test_same_key_is_fine_in_another_catalogue(world: World, admin_client: Client) -> None:
    response = admin_client.post(
        reverse("manage:catalogue_entry_create"),
        {"catalogue": "barrier_type", "code": "wohnen", "label_de": "Wohnungsmarkt", "sort_order": "0"},
    )
    assert response.status_code == 302


def test_catalogue_key_must_be_a_slug(world: World, admin_client: Client) -> None:
    html = _html(
        admin_client.post(
            reverse("manage:catalogue_entry_create"),
            {"catalogue": "life_domain", "code": "Bad Key!", "label_de": "X", "sort_order": "0"},
        )
    )
    assert "Schlüssel" in html
    assert not CatalogueEntry.objects.filter(label_de="X").exists()


def test_admin_relabels_and_deactivates_catalogue_entry_but_key_stays(
    world: World, admin_client: Client, catalogue_entry: CatalogueEntry
) -> None:
    url = reverse("manage:catalogue_entry_update", kwargs={"pk": catalogue_entry.pk})
    assert "Schlüssel: wohnen" in _html(admin_client.get(url))
    response = admin_client.post(
        url, {"label_de": "Wohnen und Unterkunft", "label_en": "Housing", "sort_order": "80", "code": "hacked"}
    )
    assert response.status_code == 302
    catalogue_entry.refresh_from_db()
    assert catalogue_entry.label_de == "Wohnen und Unterkunft"
    assert catalogue_entry.code == "wohnen"
    assert not catalogue_entry.is_active
    changes = _latest("core.catalogueentry", "update").changes
    assert changes["label_de"] == ["Wohnen", "Wohnen und Unterkunft"]
    assert changes["is_active"] == [True, False]
    assert "code" not in changes


# Funded posts


def _post_data(world: World, **overrides: str) -> dict[str, str]:
    data = {
        "year": "2023",
        "building_block": "1",
        "function": "coordination",
        "employer": str(world.authority.pk),
        "fte": "3.5",
        "funding_amount": "199500",
        "note": "Kreis",
    }
    data.update(overrides)
    return data


def test_admin_creates_funded_post(world: World, admin_client: Client) -> None:
    response = admin_client.post(reverse("manage:funded_post_create"), _post_data(world))
    assert response.status_code == 302
    assert response["Location"].endswith("?year=2023")
    post = FundedPost.objects.get(region=world.region, year=2023)
    assert post.fte == Decimal("3.50")
    assert _latest("core.fundedpost", "create").changes["fte"] == [None, "3.50"]


def test_funded_post_list_shows_totals_per_building_block_for_the_year(
    world: World, admin_client: Client, funded_post: FundedPost
) -> None:
    FundedPostFactory.create(
        region=world.region,
        employer=world.authority,
        year=2022,
        building_block=FundedPost.BuildingBlock.COORDINATION,
        function=FundedPost.Function.COORDINATION,
        fte=Decimal("3.50"),
        funding_amount=Decimal("199500.00"),
    )
    FundedPostFactory.create(
        region=world.region,
        employer=world.partner_org,
        year=2022,
        building_block=FundedPost.BuildingBlock.COORDINATION,
        function=FundedPost.Function.ASSISTANCE,
        fte=Decimal("0.50"),
        funding_amount=Decimal("22500.00"),
    )
    FundedPostFactory.create(region=world.region, employer=world.provider, year=2021, fte=Decimal("9.00"))
    html = _html(admin_client.get(reverse("manage:funded_post_list"), {"year": "2022"}))
    assert "Summen 2022" in html
    assert "4,00" in html  # Baustein 1: 3.5 + 0.5
    assert "222.000,00" in html  # Baustein 1: 199,500 + 22,500
    assert "18,00" in html  # all of 2022: 4 + 14
    assert "1.020.000,00" in html
    assert "9,00" not in html  # 2021 is not in this year's list
    all_years = _html(admin_client.get(reverse("manage:funded_post_list"), {"year": "all"}))
    assert "27,00" in all_years


def test_funded_post_list_defaults_to_the_latest_year(
    world: World, admin_client: Client, funded_post: FundedPost
) -> None:
    FundedPostFactory.create(region=world.region, employer=world.provider, year=2021, fte=Decimal("9.00"))
    html = _html(admin_client.get(reverse("manage:funded_post_list")))
    assert "Summen 2022" in html
    assert "9,00" not in html


def test_duplicate_funded_post_is_refused_in_german(
    world: World, admin_client: Client, funded_post: FundedPost
) -> None:
    html = _html(
        admin_client.post(
            reverse("manage:funded_post_create"),
            _post_data(
                world, year="2022", building_block="2", function="case_management", employer=str(world.provider.pk)
            ),
        )
    )
    assert "bereits einen Stellenanteil mit dieser Funktion" in html
    assert FundedPost.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"building_block": "2", "function": "coordination"}, "Diese Funktion gehört nicht zum gewählten Baustein."),
        ({"fte": "0"}, "Stellenanteil"),
        ({"fte": "abc"}, "Bitte eine Zahl eingeben."),
        ({"year": "2019"}, "2020"),
        ({"funding_amount": "-5"}, "Fördersumme"),
    ],
)
def test_bad_funded_post_input_is_refused(
    world: World, admin_client: Client, overrides: dict[str, str], message: str
) -> None:
    html = _html(admin_client.post(reverse("manage:funded_post_create"), _post_data(world, **overrides)))
    assert message in html
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert not FundedPost.objects.exists()


def test_funded_post_employer_of_another_region_is_refused(world: World, admin_client: Client) -> None:
    foreign = OrganisationFactory.create(region=world.other_region, name="Kreis Olpe Verwaltung")
    html = _html(admin_client.post(reverse("manage:funded_post_create"), _post_data(world, employer=str(foreign.pk))))
    assert "Bitte eine gültige Auswahl treffen." in html
    assert not FundedPost.objects.exists()


def test_admin_edits_funded_post_with_old_and_new_in_audit(
    world: World, admin_client: Client, funded_post: FundedPost
) -> None:
    response = admin_client.post(
        reverse("manage:funded_post_update", kwargs={"pk": funded_post.pk}),
        _post_data(
            world,
            year="2022",
            building_block="2",
            function="case_management",
            employer=str(world.provider.pk),
            fte="13.5",
            funding_amount="798000.00",
            note="",
        ),
    )
    assert response.status_code == 302
    funded_post.refresh_from_db()
    assert funded_post.fte == Decimal("13.50")
    assert _latest("core.fundedpost", "update").changes == {"fte": ["14.00", "13.50"]}


def test_admin_deletes_funded_post_after_confirmation_and_it_is_audited(
    world: World, admin_client: Client, funded_post: FundedPost
) -> None:
    url = reverse("manage:funded_post_delete", kwargs={"pk": funded_post.pk})
    assert "wirklich löschen" in _html(admin_client.get(url))
    assert FundedPost.objects.filter(pk=funded_post.pk).exists()
    response = admin_client.post(url)
    assert response.status_code == 302
    assert not FundedPost.objects.filter(pk=funded_post.pk).exists()
    entry = _latest("core.fundedpost", "delete")
    assert entry.object_id == str(funded_post.pk)
    assert entry.changes["fte"] == ["14.00", None]


# Key dates


def test_admin_creates_key_date(world: World, admin_client: Client) -> None:
    response = admin_client.post(
        reverse("manage:key_date_create"),
        {"date": "2023-06-01", "title": "Abgabe Sachbericht", "kind": "deadline", "note": "an die Bezirksregierung"},
    )
    assert response.status_code == 302
    key_date = KeyDate.objects.get(region=world.region, title="Abgabe Sachbericht")
    assert key_date.date == dt.date(2023, 6, 1)
    assert _latest("core.keydate", "create").changes["date"] == [None, "2023-06-01"]
    assert "01.06.2023" in _html(admin_client.get(reverse("manage:key_date_list")))


def test_duplicate_key_date_is_refused(world: World, admin_client: Client, key_date: KeyDate) -> None:
    html = _html(
        admin_client.post(
            reverse("manage:key_date_create"),
            {"date": "2022-06-09", "title": "konstituierende sitzung", "kind": "meeting"},
        )
    )
    assert "An diesem Tag gibt es bereits einen Termin mit diesem Titel." in html
    assert KeyDate.objects.count() == 1


def test_bad_key_date_is_refused(world: World, admin_client: Client) -> None:
    html = _html(
        admin_client.post(reverse("manage:key_date_create"), {"date": "31.02.2023", "title": "X", "kind": "event"})
    )
    assert "Bitte ein gültiges Datum eingeben." in html
    assert not KeyDate.objects.exists()


def test_admin_moves_key_date_with_old_and_new_in_audit(world: World, admin_client: Client, key_date: KeyDate) -> None:
    response = admin_client.post(
        reverse("manage:key_date_update", kwargs={"pk": key_date.pk}),
        {"date": "2022-06-10", "title": "Konstituierende Sitzung", "kind": "meeting", "note": ""},
    )
    assert response.status_code == 302
    assert _latest("core.keydate", "update").changes == {"date": ["2022-06-09", "2022-06-10"]}


def test_admin_deletes_key_date_and_it_is_audited(world: World, admin_client: Client, key_date: KeyDate) -> None:
    response = admin_client.post(reverse("manage:key_date_delete", kwargs={"pk": key_date.pk}))
    assert response.status_code == 302
    assert not KeyDate.objects.exists()
    assert _latest("core.keydate", "delete").changes["title"] == ["Konstituierende Sitzung", None]


# Overview


def test_overview_counts_the_region_only(world: World, admin_client: Client, funded_post: FundedPost) -> None:
    html = _html(admin_client.get(reverse("manage:index")))
    assert "Kommunen: 3, davon aktiv: 3." in html
    assert "Personen: 12, davon mit aktivem Konto: 12." in html
    assert "Stellenanteile je Baustein und Jahr: 1." in html
    for name in (
        "user_list",
        "municipality_list",
        "organisation_list",
        "team_list",
        "catalogue_list",
        "funded_post_list",
        "key_date_list",
    ):
        assert reverse(f"manage:{name}") in html
