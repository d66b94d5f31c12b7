"""Caseload lists: my cases, team cases, filters, name search across scripts, no N+1, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import World
from kim.cases.models import Case
from kim.cases.tests.test_caseload_fixtures import add_step, make_case, today
from kim.core.models import AuditEntry


def _numbers(response) -> set[str]:
    return {case.number for case in response.context["page_obj"].object_list}


def test_my_cases_lists_only_the_cases_i_am_responsible_for(world: World) -> None:
    mine = make_case(world)
    colleague = make_case(world, persona="fallmanagement2")
    other_team = make_case(world, persona="fallmanagement3", team=world.other_team)
    response = world.client_for("fallmanagement1").get(reverse("cases:my_cases"))
    assert response.status_code == 200
    assert _numbers(response) == {mine.number}
    assert colleague.number not in response.content.decode()
    assert other_team.number not in response.content.decode()


def test_team_cases_lists_the_whole_team_but_not_other_teams(world: World) -> None:
    mine = make_case(world)
    colleague = make_case(world, persona="fallmanagement2")
    other_team = make_case(world, persona="fallmanagement3", team=world.other_team)
    response = world.client_for("fallmanagement1").get(reverse("cases:team_cases"))
    assert _numbers(response) == {mine.number, colleague.number}
    assert other_team.number not in response.content.decode()


def test_closed_cases_only_on_request(world: World) -> None:
    open_case = make_case(world)
    closed = make_case(world, stage=Case.Stage.CLOSURE)
    client = world.client_for("fallmanagement1")
    assert _numbers(client.get(reverse("cases:my_cases"))) == {open_case.number}
    assert _numbers(client.get(reverse("cases:my_cases"), {"include_closed": "on"})) == {
        open_case.number,
        closed.number,
    }
    assert _numbers(client.get(reverse("cases:my_cases"), {"stage": "closure"})) == {closed.number}


@pytest.mark.parametrize("stage", [s.value for s in Case.Stage if s != Case.Stage.CLOSURE])
def test_stage_filter_finds_each_stage(world: World, stage: str) -> None:
    cases = {s.value: make_case(world, stage=s.value) for s in Case.Stage if s != Case.Stage.CLOSURE}
    response = world.client_for("fallmanagement1").get(reverse("cases:my_cases"), {"stage": stage})
    assert _numbers(response) == {cases[stage].number}


def test_municipality_and_life_domain_filters(world: World) -> None:
    siegen, kreuztal = world.municipalities[0], world.municipalities[1]
    in_siegen = make_case(world, municipality=siegen, life_domain="wohnen")
    in_kreuztal = make_case(world, municipality=kreuztal, life_domain="sprache")
    client = world.client_for("fallmanagement1")
    assert _numbers(client.get(reverse("cases:my_cases"), {"municipality": str(siegen.pk)})) == {in_siegen.number}
    from kim.cases.tests.test_caseload_fixtures import catalogue

    language = catalogue(world, "life_domain", "sprache")
    assert _numbers(client.get(reverse("cases:my_cases"), {"life_domain": str(language.pk)})) == {in_kreuztal.number}


def test_due_filter_separates_due_today_from_overdue(world: World) -> None:
    due_today = make_case(world)
    add_step(due_today, due_on=today())
    overdue = make_case(world)
    add_step(overdue, due_on=today() - dt.timedelta(days=3))
    later = make_case(world)
    add_step(later, due_on=today() + dt.timedelta(days=10))
    client = world.client_for("fallmanagement1")
    assert _numbers(client.get(reverse("cases:my_cases"), {"due": "today"})) == {due_today.number}
    assert _numbers(client.get(reverse("cases:my_cases"), {"due": "overdue"})) == {overdue.number}
    assert _numbers(client.get(reverse("cases:my_cases"), {"due": "any"})) == {due_today.number, overdue.number}


def test_done_steps_are_never_due(world: World) -> None:
    case = make_case(world)
    add_step(case, due_on=today() - dt.timedelta(days=3), status="done")
    response = world.client_for("fallmanagement1").get(reverse("cases:my_cases"), {"due": "any"})
    assert _numbers(response) == set()


def test_residence_filter_uses_the_regions_lead_time(world: World) -> None:
    soon = make_case(world, residence_valid_until=today() + dt.timedelta(days=80))
    expired = make_case(world, residence_valid_until=today() - dt.timedelta(days=2))
    make_case(world, residence_valid_until=today() + dt.timedelta(days=200))
    make_case(world)
    client = world.client_for("fallmanagement1")
    found = _numbers(client.get(reverse("cases:my_cases"), {"residence_expiring": "on"}))
    assert found == {soon.number, expired.number}


def test_residence_filter_follows_a_changed_lead_time(world: World) -> None:
    from kim.notifications.services import reminder_settings_update

    reminder_settings_update(
        actor=None, region=world.region, residence_lead_days=30, step_lead_days=0, email_enabled=True
    )
    make_case(world, residence_valid_until=today() + dt.timedelta(days=80))
    response = world.client_for("fallmanagement1").get(reverse("cases:my_cases"), {"residence_expiring": "on"})
    assert _numbers(response) == set()


@pytest.mark.parametrize("query", ["Yusuf", "Youssef", "Jusuf", "يوسف"])
def test_name_search_finds_other_spellings_and_scripts(world: World, query: str) -> None:
    wanted = make_case(world, given_names="Yusuf", family_name="Al-Hassan", names_original_script="يوسف الحسن")
    make_case(world, given_names="Maria", family_name="Kowalska")
    response = world.client_for("fallmanagement1").get(reverse("cases:my_cases"), {"q": query})
    assert _numbers(response) == {wanted.number}


def test_name_search_by_case_number(world: World) -> None:
    wanted = make_case(world)
    make_case(world, given_names="Maria", family_name="Kowalska")
    response = world.client_for("fallmanagement1").get(reverse("cases:team_cases"), {"q": wanted.number})
    assert _numbers(response) == {wanted.number}


def test_invalid_filter_gives_a_german_message_and_no_500(world: World) -> None:
    response = world.client_for("fallmanagement1").get(
        reverse("cases:my_cases"), {"municipality": "not-a-uuid", "stage": "nonsense"}
    )
    assert response.status_code == 400
    assert "gültige" in response.content.decode()


def test_municipality_of_another_region_is_not_a_valid_filter(world: World) -> None:
    from kim.core.tests.factories import MunicipalityFactory

    elsewhere = MunicipalityFactory.create(region=world.other_region, name="Olpe")
    response = world.client_for("fallmanagement1").get(reverse("cases:my_cases"), {"municipality": str(elsewhere.pk)})
    assert response.status_code == 400


def test_list_read_is_audited_with_the_cases_shown(world: World) -> None:
    case = make_case(world)
    world.client_for("fallmanagement1").get(reverse("cases:my_cases"))
    entry = AuditEntry.objects.filter(action="read", object_type="cases.case").latest("id")
    assert entry.changes == {"list": "mine", "ids": [str(case.pk)]}
    assert entry.actor_label == "fallmanagement1"


def _add_cases(world: World, number: int) -> None:
    for index in range(number):
        case = make_case(world, residence_valid_until=today() + dt.timedelta(days=index))
        add_step(case, due_on=today() - dt.timedelta(days=index % 3))


@pytest.mark.parametrize("name", ["cases:my_cases", "cases:team_cases"])
def test_query_count_does_not_grow_with_the_page_size(world: World, django_assert_num_queries, name: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client_for("fallmanagement1")
    _add_cases(world, 5)
    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse(name))
    assert len(response.context["page_obj"].object_list) == 5
    _add_cases(world, 35)
    with django_assert_num_queries(len(five)):
        response = client.get(reverse(name))
    assert len(response.context["page_obj"].object_list) == 40


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("fallmanagement3", 200),
        ("teamleitung", 403),
        ("koordination", 403),
        ("partner", 403),
        ("admin", 403),
        ("admin.andere-region", 403),
        ("land", 403),
    ],
)
def test_only_case_managers_reach_the_lists(world: World, persona: str, status: int) -> None:
    make_case(world)
    for name in ("cases:my_cases", "cases:team_cases", "cases:due"):
        response = world.client_for(persona).get(reverse(name))
        assert response.status_code == status, name


def test_anonymous_visitor_is_sent_to_the_login(world: World) -> None:
    response = world.client_for("anonymous").get(reverse("cases:my_cases"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_most_urgent_cases_come_first_and_closed_ones_last(world: World) -> None:
    no_step = make_case(world)
    later = make_case(world)
    add_step(later, due_on=today() + dt.timedelta(days=5))
    overdue = make_case(world)
    add_step(overdue, due_on=today() - dt.timedelta(days=5))
    closed = make_case(world, stage=Case.Stage.CLOSURE)
    response = world.client_for("fallmanagement1").get(reverse("cases:my_cases"), {"include_closed": "on"})
    order = [case.number for case in response.context["page_obj"].object_list]
    assert order == [overdue.number, later.number, no_step.number, closed.number]
