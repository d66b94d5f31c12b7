"""The client record: languages with interpreter need, household links, visibility across teams."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import World
from kim.cases import services
from kim.cases.models import Client, ClientLanguage
from kim.cases.tests.matrix import make_case
from kim.core.errors import PermissionDeniedError, ValidationFailed


def test_language_is_added_once_and_removed_again(world: World) -> None:
    case = make_case(world)
    client = world.client_for("fallmanagement1")
    url = reverse("cases:client_language_add", args=[case.client.pk])
    payload = {"language": "TI", "proficiency": "native", "interpreter_needed": "on"}
    assert client.post(url, payload).status_code == 302
    entry = ClientLanguage.objects.get(client=case.client)
    assert (entry.language, entry.interpreter_needed) == ("ti", True)
    again = client.post(url, payload)
    assert again.status_code == 200
    assert "bereits erfasst" in again.content.decode()
    remove = reverse("cases:client_language_remove", args=[case.client.pk, entry.pk])
    assert world.client_for("fallmanagement3").post(remove).status_code == 404
    assert client.post(remove).status_code == 302
    assert not ClientLanguage.objects.exists()


def test_household_links_clients_and_hides_members_of_other_teams(world: World) -> None:
    mother = make_case(world, number="H-1", family_name="Haddad").client
    child = make_case(world, number="H-2", family_name="Haddad-Kind").client
    stranger = make_case(world, number="H-3", family_name="Fremd", team=world.other_team).client
    client = world.client_for("fallmanagement1")
    response = client.post(
        reverse("cases:household_add", args=[mother.pk]), {"member": str(child.pk), "relation": "child"}
    )
    assert response.status_code == 302
    mother.refresh_from_db()
    child.refresh_from_db()
    assert mother.household is not None
    assert mother.household == child.household
    assert (mother.household_relation, child.household_relation) == ("reference", "child")
    # A client of another team is not a valid choice in the form …
    response = client.post(
        reverse("cases:household_add", args=[mother.pk]), {"member": str(stranger.pk), "relation": "partner"}
    )
    assert response.status_code == 200
    assert Client.objects.get(pk=stranger.pk).household is None
    # … and if linked by that team, only shown without a name.
    Client.objects.filter(pk=stranger.pk).update(household=mother.household, household_relation="partner")
    html = client.get(reverse("cases:client_detail", args=[mother.pk])).content.decode()
    assert "Haddad-Kind" in html
    assert "Fremd" not in html
    assert "eine Person im Case Management eines anderen Teams" in html
    assert client.post(reverse("cases:household_leave", args=[child.pk])).status_code == 302
    assert Client.objects.get(pk=child.pk).household is None


def test_household_link_service_refuses_foreign_clients_and_other_households(world: World) -> None:
    mine = make_case(world, number="H-1", family_name="Haddad").client
    other = make_case(world, number="H-3", family_name="Fremd", team=world.other_team).client
    with pytest.raises(PermissionDeniedError):
        services.household_link(actor=world.users["fallmanagement1"], client=mine, member=other, relation="child")
    with pytest.raises(ValidationFailed):
        services.household_link(actor=None, client=mine, member=mine, relation="child")


def test_client_page_shows_original_script_and_residence_status(world: World) -> None:
    case = make_case(world)
    services.client_update(
        actor=None,
        client=case.client,
        expected_version=None,
        values={"names_original_script": "رانيا", "name_script": "Arab"},
    )
    html = world.client_for("fallmanagement1").get(reverse("cases:client_detail", args=[case.client.pk])).content
    text = html.decode()
    assert "رانيا" in text
    assert 'dir="auto"' in text
    assert "§ 25 Abs. 2 AufenthG" in text


def test_match_across_scripts_through_the_original_name(world: World) -> None:
    import datetime as dt

    known = services.case_open(
        actor=None,
        region=world.region,
        team=world.team,
        client_values={
            "given_names": "Mohammed",
            "family_name": "Haddad",
            "names_original_script": "محمد حداد",
            "birth_date": dt.date(1988, 2, 1),
        },
    ).client
    matches = services.intake_find_duplicates(
        actor=world.users["fallmanagement1"],
        region=world.region,
        candidate=services.matching.PersonRecord(
            id="", given_names="Muhammad", family_name="Hadad", birth_date=dt.date(1988, 2, 1)
        ),
    )
    assert [match.client for match in matches] == [known]
    assert matches[0].reasons


@pytest.mark.parametrize(("script", "lang"), [("Arab", "und-Arab"), ("", "und")])
def test_name_in_original_script_carries_a_valid_language_tag(world: World, script: str, lang: str) -> None:
    case = make_case(world)
    Client.objects.filter(pk=case.client.pk).update(names_original_script="محمد حداد", name_script=script)
    page = world.client_for("fallmanagement1").get(reverse("cases:client_detail", args=[case.client.pk]))
    # BCP 47: undetermined language in the given script (a script code alone is no language tag).
    assert f'<span dir="auto" lang="{lang}">(محمد حداد)</span>' in page.content.decode()
