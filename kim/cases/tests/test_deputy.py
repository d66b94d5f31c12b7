"""A named deputy of a team (here a team lead flagged as deputy) works on that team's cases
like a member, on every case-work page, while the deputyship is valid."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from conftest import World
from kim.accounts.models import Membership, User
from kim.cases import monitoring
from kim.cases.models import Case, FollowUp
from kim.cases.navigation import shows_case_work
from kim.cases.permissions import can_work_cases, teams_worked_by
from kim.cases.tests.test_caseload_fixtures import make_case, today

DEPUTY = "teamleitung"


def _make_deputy(world: World) -> User:
    """The team lead of team A, named deputy of team A."""
    user = world.users[DEPUTY]
    Membership.objects.filter(user=user, team=world.team).update(is_deputy=True)
    return user


def _case(world: World) -> Case:
    return make_case(world, given_names="Rania", family_name="Saleh")


def test_shared_check_counts_named_deputies(world: World) -> None:
    user = world.users[DEPUTY]
    assert not can_work_cases(user, world.region)
    user = User.objects.get(pk=user.pk)  # the team ids are cached per user object
    _make_deputy(world)
    assert can_work_cases(user, world.region)
    assert teams_worked_by(user, world.region) == frozenset({str(world.team.pk)})


@pytest.mark.parametrize("page", ["cases:my_cases", "cases:team_cases", "cases:due"])
def test_deputy_sees_the_caseload_pages(world: World, page: str) -> None:
    case = _case(world)
    _make_deputy(world)
    response = world.client_for(DEPUTY).get(reverse(page))
    assert response.status_code == 200
    if page == "cases:team_cases":
        assert case.number in response.content.decode()


@pytest.mark.parametrize("page", ["cases:my_cases", "cases:team_cases", "cases:due"])
def test_team_lead_without_deputyship_gets_403_on_caseload_pages(world: World, page: str) -> None:
    _case(world)
    assert world.client_for(DEPUTY).get(reverse(page)).status_code == 403


@pytest.mark.parametrize(
    "page",
    [
        "cases:case_detail",
        "cases:case_monitoring",
        "cases:contact_add",
        "cases:note_add",
        "cases:goal_add",
        "cases:assessment_add",
        "cases:case_close",
    ],
)
def test_deputy_opens_the_case_pages(world: World, page: str) -> None:
    case = _case(world)
    _make_deputy(world)
    assert world.client_for(DEPUTY).get(reverse(page, args=[case.pk])).status_code == 200


@pytest.mark.parametrize("page", ["cases:client_detail", "cases:client_export", "cases:client_corrections"])
def test_deputy_opens_the_client_pages(world: World, page: str) -> None:
    case = _case(world)
    _make_deputy(world)
    assert world.client_for(DEPUTY).get(reverse(page, args=[case.client.pk])).status_code == 200


def test_deputy_downloads_the_art15_json(world: World) -> None:
    case = _case(world)
    _make_deputy(world)
    response = world.client_for(DEPUTY).get(reverse("cases:client_export_json", args=[case.client.pk]))
    assert response.status_code == 200
    assert response.json()["client"]["family_name"] == "Saleh"


def test_deputy_records_a_follow_up_and_marks_it_done(world: World) -> None:
    case = _case(world)
    _make_deputy(world)
    client = world.client_for(DEPUTY)
    response = client.post(
        reverse("cases:case_monitoring", args=[case.pk]),
        {"action": "follow_up", "follow_up-due_on": today().isoformat(), "follow_up-subject": "Rückruf Schule"},
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get(case=case)
    assert follow_up.assigned_to == world.users[DEPUTY]
    response = client.post(reverse("cases:follow_up_done", args=[follow_up.pk]))
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_on == today()


def test_follow_up_can_be_assigned_to_the_deputy(world: World) -> None:
    case = _case(world)
    deputy = _make_deputy(world)
    response = world.client_for("fallmanagement1").get(reverse("cases:case_monitoring", args=[case.pk]))
    choices = response.context["follow_up_form"].fields["assigned_to"].queryset
    assert deputy in choices
    follow_up = monitoring.follow_up_create(
        actor=world.users["fallmanagement1"], case=case, due_on=today(), subject="Übergabe", assigned_to=deputy
    )
    assert follow_up.assigned_to == deputy


def test_navigation_check_shows_cases_to_the_deputy(world: World, rf: RequestFactory) -> None:
    _make_deputy(world)
    request = rf.get("/")
    request.user = world.users[DEPUTY]
    request.region = world.region  # type: ignore[attr-defined]
    assert shows_case_work(request)  # type: ignore[arg-type]
    request.user = world.users["koordination"]
    assert not shows_case_work(request)  # type: ignore[arg-type]


def test_start_page_shows_case_work_to_the_deputy_only_while_named(world: World) -> None:
    my_cases = reverse("cases:my_cases")
    sent = reverse("referrals:sent_list")
    before = world.client_for(DEPUTY).get(reverse("accounts:start")).content.decode()
    assert f'href="{my_cases}"' not in before
    assert f'href="{sent}"' not in before
    _make_deputy(world)
    after = world.client_for(DEPUTY).get(reverse("accounts:start")).content.decode()
    assert f'href="{my_cases}"' in after  # menu entry and start card
    assert f'href="{sent}"' in after
    assert f'href="{reverse("cases:due")}"' in after


def test_ended_deputyship_ends_access(world: World) -> None:
    case = _case(world)
    _make_deputy(world)
    Membership.objects.filter(user=world.users[DEPUTY], team=world.team).update(
        valid_from=timezone.localdate() - dt.timedelta(days=30),
        valid_until=timezone.localdate() - dt.timedelta(days=1),
    )
    client = world.client_for(DEPUTY)
    assert client.get(reverse("cases:my_cases")).status_code == 403
    assert client.get(reverse("cases:case_monitoring", args=[case.pk])).status_code == 403
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404


def test_deputy_of_team_a_gets_404_for_team_b(world: World) -> None:
    other = make_case(world, persona="fallmanagement3", team=world.other_team)
    _make_deputy(world)
    client = world.client_for(DEPUTY)
    assert client.get(reverse("cases:case_monitoring", args=[other.pk])).status_code == 404
    assert client.get(reverse("cases:client_export", args=[other.client.pk])).status_code == 404


def test_deputy_gets_what_a_team_member_gets_on_every_case_work_page(
    world: World, settings: object, tmp_path: object
) -> None:
    """Every GET page of kim.cases (case work and caseload) answers the named deputy as it
    answers fallmanagement1 (team member), and never with 403/404."""
    from kim.cases.urls_case import urlpatterns as case_patterns
    from kim.cases.urls_caseload import urlpatterns as caseload_patterns
    from tests.permission_matrix import POST_ROWS, URL_OBJECTS

    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    _make_deputy(world)
    member, deputy = world.client_for("fallmanagement1"), world.client_for(DEPUTY)
    names = [f"cases:{p.name}" for p in [*case_patterns, *caseload_patterns] if p.name]
    checked = 0
    for key in names:
        if key in POST_ROWS or key == "cases:caseload_figures":
            continue
        kwargs = URL_OBJECTS[key](world) if key in URL_OBJECTS else {}
        url = reverse(key, kwargs=kwargs)
        expected = member.get(url).status_code
        assert deputy.get(url).status_code == expected, key
        assert expected in (200, 302), key
        checked += 1
    assert checked >= 30
