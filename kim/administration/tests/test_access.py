"""Who reaches the administration pages: region admins only, and only for their own region's objects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PERSONAS, World
from kim.accounts.models import Membership, User
from kim.core.models import AuditEntry, CatalogueEntry, FundedPost, KeyDate, Municipality

pytestmark = pytest.mark.usefixtures("funded_post", "key_date")

Objects = dict[str, Any]


def _objects(world: World) -> Objects:
    person = world.users["fallmanagement1"]
    return {
        "municipality": world.municipalities[0].pk,
        "organisation": world.provider.pk,
        "team": world.team.pk,
        "person": person.pk,
        "membership": Membership.objects.get(user=person, region=world.region).pk,
        "entry": CatalogueEntry.objects.filter(region=world.region).first().pk,  # type: ignore[union-attr]
        "post": FundedPost.objects.get(region=world.region).pk,
        "key_date": KeyDate.objects.get(region=world.region).pk,
    }


# (URL name, kwargs from the objects) for every page that answers GET.
PAGES: list[tuple[str, Callable[[Objects], dict[str, Any]]]] = [
    ("manage:index", lambda o: {}),
    ("manage:municipality_list", lambda o: {}),
    ("manage:municipality_create", lambda o: {}),
    ("manage:municipality_update", lambda o: {"pk": o["municipality"]}),
    ("manage:organisation_list", lambda o: {}),
    ("manage:organisation_create", lambda o: {}),
    ("manage:organisation_update", lambda o: {"pk": o["organisation"]}),
    ("manage:team_list", lambda o: {}),
    ("manage:team_create", lambda o: {}),
    ("manage:team_update", lambda o: {"pk": o["team"]}),
    ("manage:user_list", lambda o: {}),
    ("manage:user_create", lambda o: {}),
    ("manage:user_detail", lambda o: {"pk": o["person"]}),
    ("manage:user_update", lambda o: {"pk": o["person"]}),
    ("manage:membership_create", lambda o: {"pk": o["person"]}),
    ("manage:membership_end", lambda o: {"pk": o["person"], "membership_pk": o["membership"]}),
    ("manage:catalogue_list", lambda o: {}),
    ("manage:catalogue_entry_create", lambda o: {}),
    ("manage:catalogue_entry_update", lambda o: {"pk": o["entry"]}),
    ("manage:funded_post_list", lambda o: {}),
    ("manage:funded_post_create", lambda o: {}),
    ("manage:funded_post_update", lambda o: {"pk": o["post"]}),
    ("manage:funded_post_delete", lambda o: {"pk": o["post"]}),
    ("manage:key_date_list", lambda o: {}),
    ("manage:key_date_create", lambda o: {}),
    ("manage:key_date_update", lambda o: {"pk": o["key_date"]}),
    ("manage:key_date_delete", lambda o: {"pk": o["key_date"]}),
]
POST_ONLY = ["manage:user_deactivate", "manage:user_reactivate", "manage:user_invitation_resend"]
WITHOUT_CAPABILITY = [p for p in PERSONAS if p not in {"anonymous", "admin", "admin.andere-region"}]


def _urls(world: World) -> list[str]:
    objects = _objects(world)
    return [reverse(name, kwargs=kwargs(objects)) for name, kwargs in PAGES]


def test_admin_reaches_every_administration_page(world: World) -> None:
    client = world.client_for("admin")
    answers = {url: client.get(url).status_code for url in _urls(world)}
    assert answers == dict.fromkeys(answers, 200)


def test_pages_are_german_with_one_main_heading(world: World) -> None:
    client = world.client_for("admin")
    for url in _urls(world):
        html = client.get(url).content.decode()
        assert 'lang="de"' in html, url
        assert html.count("<h1") == 1, url


def test_anonymous_visitor_is_sent_to_login_everywhere(world: World) -> None:
    client = world.client_for("anonymous")
    for url in _urls(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


@pytest.mark.parametrize("persona", WITHOUT_CAPABILITY)
def test_people_without_the_admin_capability_get_403(world: World, persona: str) -> None:
    client = world.client_for(persona)
    answers = {url: client.get(url).status_code for url in _urls(world)}
    assert answers == dict.fromkeys(answers, 403)
    html = client.get(reverse("manage:index")).content.decode()
    assert "Kein Zugriff" in html


def test_admin_of_other_region_gets_404_for_every_object_of_region_a(world: World) -> None:
    client = world.client_for("admin.andere-region")
    objects = _objects(world)
    object_pages = [(name, kwargs(objects)) for name, kwargs in PAGES if kwargs(objects)]
    for name, kwargs in object_pages:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name
    for name in POST_ONLY:
        url = reverse(name, kwargs={"pk": objects["person"]})
        assert client.post(url).status_code == 404, name


def test_admin_of_other_region_sees_only_own_region_in_lists(world: World) -> None:
    client = world.client_for("admin.andere-region")
    html = client.get(reverse("manage:user_list")).content.decode()
    assert "Fallmanagement1" not in html
    assert "Admin.Andere-Region" in html
    assert "Siegen" not in client.get(reverse("manage:municipality_list")).content.decode()
    assert "Team Siegen" not in client.get(reverse("manage:team_list")).content.decode()
    assert "Team Olpe" in client.get(reverse("manage:team_list")).content.decode()


def test_admin_of_other_region_cannot_change_region_a_objects_by_post(world: World) -> None:
    client = world.client_for("admin.andere-region")
    objects = _objects(world)
    before = AuditEntry.objects.count()
    responses = [
        client.post(reverse("manage:municipality_update", kwargs={"pk": objects["municipality"]}), {"name": "X"}),
        client.post(reverse("manage:funded_post_delete", kwargs={"pk": objects["post"]})),
        client.post(reverse("manage:key_date_delete", kwargs={"pk": objects["key_date"]})),
        client.post(reverse("manage:user_deactivate", kwargs={"pk": objects["person"]})),
        client.post(
            reverse("manage:membership_end", kwargs={"pk": objects["person"], "membership_pk": objects["membership"]}),
            {"valid_until": "2030-01-01"},
        ),
    ]
    assert [r.status_code for r in responses] == [404] * 5
    assert AuditEntry.objects.count() == before
    assert FundedPost.objects.filter(pk=objects["post"]).exists()
    assert User.objects.get(pk=objects["person"]).is_active


def test_post_only_actions_refuse_get(world: World) -> None:
    client = world.client_for("admin")
    person = world.users["fallmanagement1"]
    for name in POST_ONLY:
        assert client.get(reverse(name, kwargs={"pk": person.pk})).status_code == 405, name


def test_people_without_capability_cannot_post_changes(world: World) -> None:
    client: Client = world.client_for("koordination")
    response = client.post(reverse("manage:municipality_create"), {"name": "Burbach"})
    assert response.status_code == 403
    assert not Municipality.objects.filter(name="Burbach").exists()


def test_navigation_shows_administration_to_admin_only(world: World) -> None:
    assert reverse("manage:index") in world.client_for("admin").get("/").content.decode()
    assert reverse("manage:index") not in world.client_for("koordination").get("/").content.decode()
