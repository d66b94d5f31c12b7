from __future__ import annotations

import pytest

from conftest import World


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_start_page_is_german_and_names_the_region(world: World) -> None:
    response = world.client_for("admin").get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="de"' in html
    assert "Kreis Siegen-Wittgenstein" in html
    assert "Zum Inhalt springen" in html
    assert "Regionsadministration" in html


def test_start_page_switches_to_english(world: World) -> None:
    client = world.client_for("admin")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="en"' in html
    assert "Skip to content" in html


def test_every_capability_is_a_registered_rules_permission() -> None:
    import rules

    from kim.accounts.roles import Capability

    assert all(rules.perm_exists(f"kim.{cap.value}") for cap in Capability)


def test_region_admin_has_manage_region_only_in_own_region(world: World) -> None:
    admin = world.users["admin"]
    assert admin.has_perm("kim.manage_region", world.region)
    assert not admin.has_perm("kim.manage_region", world.other_region)
    assert not world.users["fallmanagement1"].has_perm("kim.manage_region", world.region)


def test_start_page_shows_the_regions_key_dates_only(world: World) -> None:
    import datetime as dt

    from kim.core.models import KeyDate

    KeyDate.objects.create(region=world.region, date=dt.date(2022, 6, 9), title="Konstituierende Sitzung")
    KeyDate.objects.create(region=world.other_region, date=dt.date(2022, 6, 10), title="Termin der anderen Region")
    html = world.client_for("lenkung").get("/").content.decode()
    assert "Termine der Region" in html
    assert "Konstituierende Sitzung" in html
    assert "Termin der anderen Region" not in html


def test_a_page_loads_memberships_once(world: World, django_assert_num_queries) -> None:
    """Session, user, memberships (with regions), MFA is off: the shell costs three queries."""
    client = world.client_for("lenkung")
    client.get("/")  # warm the session
    with django_assert_num_queries(3):
        client.get("/api/v1/me")
