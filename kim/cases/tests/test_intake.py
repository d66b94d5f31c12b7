"""Intake: duplicate check before anyone is created, disclosure to other teams, opening the case."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from conftest import World
from kim.cases import services
from kim.cases.models import Case, CaseEvent, Client, ClientSearchKey, ConsentText, TargetGroupRule
from kim.cases.views import MATCHING_FORM_FIELDS
from kim.core.errors import PermissionDeniedError, ValidationFailed
from kim.core.models import AuditEntry

BIRTH = dt.date(1990, 5, 17)


def _existing(world: World, *, team: object, number: str = "A-1") -> Case:
    return services.case_open(
        actor=None,
        region=world.region,
        team=team,  # type: ignore[arg-type]
        client_values={"given_names": "Mohammed", "family_name": "Al-Hassan", "birth_date": BIRTH},
    )


def _search(world: World, persona: str = "fallmanagement1", **data: str) -> str:
    payload = {"given_names": "Muhammad", "family_name": "Alhassan", "birth_date": BIRTH.isoformat(), **data}
    response = world.client_for(persona).post(reverse("cases:intake_start"), payload)
    assert response.status_code == 200
    return response.content.decode()


def test_opening_a_case_fills_search_keys_number_and_history(world: World) -> None:
    case = _existing(world, team=world.team)
    assert case.number == f"{timezone.localdate().year}-0001"
    assert ClientSearchKey.objects.filter(client=case.client, region=world.region).exists()
    assert case.events.get().kind == CaseEvent.Kind.OPENED
    assert TargetGroupRule.objects.filter(region=world.region, months=36).exists()
    assert ConsentText.objects.filter(region=world.region, purpose="case_management", language="de").exists()
    second = _existing(world, team=world.other_team)
    assert second.number.endswith("-0002")


def test_match_in_own_team_links_to_the_person(world: World) -> None:
    case = _existing(world, team=world.team)
    html = _search(world)
    assert reverse("cases:client_detail", args=[case.client.pk]) in html
    assert reverse("cases:client_case_open", args=[case.client.pk]) in html
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.DISCLOSE).exists()


def test_match_in_another_team_names_only_the_team_and_logs_the_disclosure(world: World) -> None:
    case = _existing(world, team=world.other_team)
    html = _search(world)
    assert "Team Kreuztal" in html
    assert "Diakonie Beispiel" in html
    assert "Al-Hassan" not in html
    assert str(case.client.pk) not in html
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DISCLOSE)
    assert entry.object_id == str(case.client.pk)
    assert entry.actor_label == "fallmanagement1"
    assert entry.changes["disclosed"][1] == [str(world.other_team.pk)]


def test_clients_of_another_region_are_never_matched(world: World) -> None:
    from kim.cases.models import Client as ClientModel

    other = ClientModel.objects.create(
        region=world.other_region, given_names="Mohammed", family_name="Al-Hassan", birth_date=BIRTH
    )
    services._refresh_search_keys(other)
    html = _search(world)
    assert "Olpe" not in html
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.DISCLOSE).exists()


def test_no_match_offers_the_new_person_form_prefilled(world: World) -> None:
    html = _search(world, family_name="Kowalczyk", given_names="Olena")
    assert 'value="Kowalczyk"' in html
    assert reverse("cases:intake_new") in html


def _after_check(world: World, payload: dict[str, str], persona: str = "fallmanagement1") -> HttpResponse:
    """Run the duplicate check with the payload's names and birth data, then submit the new person."""
    client = world.client_for(persona)
    search = {key: value for key, value in payload.items() if key in MATCHING_FORM_FIELDS}
    assert client.post(reverse("cases:intake_start"), search).status_code == 200
    return client.post(reverse("cases:intake_new"), payload)  # type: ignore[return-value]


def test_new_person_and_case_are_created_after_the_check(world: World) -> None:
    response = _after_check(
        world,
        {
            "team": str(world.team.pk),
            "given_names": "Olena",
            "family_name": "Kowalenko",
            "names_original_script": "Олена Коваленко",
            "name_script": "Cyrl",
            "birth_year": "1985",
            "birth_month": "3",
            "gender": "female",
            "nationalities": "ua",
            "arrived_germany_on": "2024-04-02",
            "language": "uk",
            "interpreter_needed": "on",
        },
    )
    assert response.status_code == 302
    client = Client.objects.get(family_name="Kowalenko")
    assert client.nationalities == ["UA"]
    assert client.birth_date is None
    assert (client.birth_year, client.birth_month) == (1985, 3)
    assert client.languages.get().interpreter_needed
    case = client.cases.get()
    assert response["Location"] == reverse("cases:case_detail", args=[case.pk])
    assert case.team == world.team
    assert case.case_manager == world.users["fallmanagement1"]
    assert case.stage == Case.Stage.INTAKE


def test_new_person_page_needs_the_duplicate_check_first(world: World) -> None:
    client = world.client_for("fallmanagement1")
    assert client.get(reverse("cases:intake_new")).status_code == 302
    response = client.post(reverse("cases:intake_new"), {"family_name": "Direkt", "team": str(world.team.pk)})
    assert response["Location"] == reverse("cases:intake_start")
    assert not Client.objects.exists()


def test_bad_input_gives_a_german_message_and_writes_nothing(world: World) -> None:
    response = _after_check(
        world,
        {
            "team": str(world.team.pk),
            "family_name": "Kowalenko",
            "gender": "female",
            "birth_date": "2090-01-01",
            "nationalities": "Ukraine",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "zweistellige Ländercodes" in html
    assert not Client.objects.exists()
    assert not Case.objects.exists()


def test_bad_language_code_undoes_the_whole_intake(world: World) -> None:
    response = _after_check(
        world,
        {
            "team": str(world.team.pk),
            "family_name": "Kowalenko",
            "gender": "female",
            "language": "Ukrainisch!",
        },
    )
    assert response.status_code == 200
    assert "Sprachcode" in response.content.decode()
    assert not Client.objects.exists()
    assert not Case.objects.exists()


def test_names_changed_after_the_check_run_the_check_again(world: World) -> None:
    known = _existing(world, team=world.other_team)
    client = world.client_for("fallmanagement1")
    client.post(reverse("cases:intake_start"), {"family_name": "Kowalenko", "given_names": "Olena"})
    response = client.post(
        reverse("cases:intake_new"),
        {
            "team": str(world.team.pk),
            "given_names": "Muhammad",
            "family_name": "Alhassan",
            "birth_date": BIRTH.isoformat(),
            "gender": "male",
            "phone": "0271 333",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Team Kreuztal" in html
    assert 'value="0271 333"' in html
    assert Client.objects.get() == known.client
    # Confirmed after seeing the new result: now the person is recorded.
    response = client.post(
        reverse("cases:intake_new"),
        {
            "team": str(world.team.pk),
            "given_names": "Muhammad",
            "family_name": "Alhassan",
            "birth_date": BIRTH.isoformat(),
            "gender": "male",
        },
    )
    assert response.status_code == 302
    assert Client.objects.count() == 2


def test_birth_date_in_the_future_is_refused_by_the_service(world: World) -> None:
    with pytest.raises(ValidationFailed) as error:
        _open(world, {"family_name": "Zukunft", "birth_date": timezone.localdate() + dt.timedelta(days=1)})
    assert error.value.field == "birth_date"
    assert not Client.objects.exists()


def test_full_birth_date_and_year_together_are_refused(world: World) -> None:
    with pytest.raises(ValidationFailed):
        _open(world, {"family_name": "Doppelt", "birth_date": BIRTH, "birth_year": 1990})
    assert not Client.objects.exists()


def test_case_manager_cannot_open_a_case_for_another_team(world: World) -> None:
    with pytest.raises(PermissionDeniedError):
        services.case_open(
            actor=world.users["fallmanagement1"],
            region=world.region,
            team=world.other_team,
            client_values={"family_name": "Fremd"},
        )
    response = _after_check(world, {"team": str(world.other_team.pk), "family_name": "Fremd", "gender": "female"})
    assert response.status_code == 200
    assert not Client.objects.exists()


def test_second_open_case_in_the_same_team_is_refused(world: World) -> None:
    case = _existing(world, team=world.team)
    response = world.client_for("fallmanagement1").post(
        reverse("cases:client_case_open", args=[case.client.pk]), {"team": str(world.team.pk)}
    )
    assert response.status_code == 200
    assert "bereits einen offenen Fall" in response.content.decode()
    assert Case.objects.count() == 1


def test_new_case_for_a_known_person_after_closure(world: World) -> None:
    case = _existing(world, team=world.team)
    Case.objects.filter(pk=case.pk).update(closed_on=timezone.localdate())
    response = world.client_for("fallmanagement1").post(
        reverse("cases:client_case_open", args=[case.client.pk]), {"team": str(world.team.pk)}
    )
    assert response.status_code == 302
    assert case.client.cases.count() == 2


def test_name_change_refreshes_the_search_keys(world: World) -> None:
    case = _existing(world, team=world.team)
    before = set(ClientSearchKey.objects.filter(client=case.client).values_list("key", flat=True))
    services.client_update(
        actor=world.users["fallmanagement1"],
        client=case.client,
        expected_version=case.client.version,
        values={"family_name": "Yilmaz", "given_names": "Ayse"},
    )
    after = set(ClientSearchKey.objects.filter(client=case.client).values_list("key", flat=True))
    assert before != after
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.UPDATE, object_type="cases.client", changes__has_key="family_name"
    ).exists()


def _open(world: World, values: dict[str, object]) -> Case:
    return services.case_open(
        actor=world.users["fallmanagement1"], region=world.region, team=world.team, client_values=values
    )


def test_search_without_a_family_name_asks_for_it(world: World) -> None:
    response = world.client_for("fallmanagement1").post(reverse("cases:intake_start"), {"given_names": "Rania"})
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.DISCLOSE).exists()
