"""Case-management API: same scoping and audit as the pages, German 400s, 404 for other teams."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import World
from kim.cases.models import Case, Contact, Note, Step
from kim.cases.tests.test_caseload_fixtures import add_step, make_case, today
from kim.core.models import AuditEntry

API = "/api/v1/cases"


def _post(client, url: str, payload: dict):
    return client.post(url, data=json.dumps(payload), content_type="application/json")


def test_my_cases_are_listed_with_paging_and_audited(world: World) -> None:
    mine = make_case(world, given_names="Samir", family_name="Aziz")
    make_case(world, persona="fallmanagement2")
    response = world.client_for("fallmanagement1").get(f"{API}/mine")
    assert response.status_code == 200
    data = response.json()
    assert (data["count"], data["page"], data["pages"]) == (1, 1, 1)
    [item] = data["items"]
    assert (item["number"], item["client_name"], item["stage"]) == (mine.number, "Samir Aziz", "implementation")
    entry = AuditEntry.objects.filter(action="read", object_type="cases.case").latest("id")
    assert entry.changes == {"list": "api-mine", "ids": [str(mine.pk)]}


def test_team_cases_with_filters(world: World) -> None:
    overdue = make_case(world, persona="fallmanagement2")
    add_step(overdue, due_on=today() - dt.timedelta(days=1))
    make_case(world)
    make_case(world, persona="fallmanagement3", team=world.other_team)
    response = world.client_for("fallmanagement1").get(f"{API}/team", {"due": "overdue"})
    assert [item["number"] for item in response.json()["items"]] == [overdue.number]
    assert response.json()["items"][0]["steps_overdue"] == 1


def test_bad_filter_is_refused_without_a_500(world: World) -> None:
    response = world.client_for("fallmanagement1").get(f"{API}/mine", {"due": "gestern", "page": "0"})
    assert response.status_code in (400, 422)


def test_case_detail_is_audited_and_other_teams_get_404(world: World) -> None:
    case = make_case(world)
    add_step(case, due_on=today(), description="Sprachkurs anmelden")
    response = world.client_for("fallmanagement2").get(f"{API}/{case.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["goals"][0]["steps"][0]["description"] == "Sprachkurs anmelden"
    assert AuditEntry.objects.filter(action="read", object_type="cases.case", object_id=str(case.pk)).exists()
    assert world.client_for("fallmanagement3").get(f"{API}/{case.pk}").status_code == 404


@pytest.mark.parametrize("persona", ["teamleitung", "koordination", "partner", "admin", "land"])
def test_people_without_case_work_get_403(world: World, persona: str) -> None:
    case = make_case(world)
    client = world.client_for(persona)
    assert client.get(f"{API}/mine").status_code == 403
    assert client.get(f"{API}/{case.pk}").status_code == 403
    assert not AuditEntry.objects.filter(action="read").exists()


def test_admin_of_another_region_gets_403_and_no_data(world: World) -> None:
    case = make_case(world)
    response = world.client_for("admin.andere-region").get(f"{API}/clients/{case.client.pk}")
    assert response.status_code == 403


def test_anonymous_gets_401(world: World) -> None:
    assert world.client_for("anonymous").get(f"{API}/mine").status_code == 401


def test_contact_is_recorded_through_the_service(world: World) -> None:
    case = make_case(world)
    response = _post(
        world.client_for("fallmanagement1"),
        f"{API}/{case.pk}/contacts",
        {"occurred_on": today().isoformat(), "channel": "telefon", "duration_minutes": 20, "summary": "Rückfrage"},
    )
    assert response.status_code == 201, response.content
    contact = Contact.objects.get(case=case)
    assert (contact.channel.code, contact.duration_minutes) == ("telefon", 20)
    assert AuditEntry.objects.filter(action="create", object_id=str(contact.pk)).exists()


def test_contact_with_unknown_channel_gives_german_400_and_writes_nothing(world: World) -> None:
    case = make_case(world)
    response = _post(
        world.client_for("fallmanagement1"),
        f"{API}/{case.pk}/contacts",
        {"occurred_on": today().isoformat(), "channel": "brieftaube", "duration_minutes": 20},
    )
    assert response.status_code == 400
    assert response.json()["field"] == "channel"
    assert not Contact.objects.exists()


def test_contact_in_the_future_is_a_service_error(world: World) -> None:
    case = make_case(world)
    response = _post(
        world.client_for("fallmanagement1"),
        f"{API}/{case.pk}/contacts",
        {"occurred_on": (today() + dt.timedelta(days=3)).isoformat(), "channel": "telefon", "duration_minutes": 5},
    )
    assert response.status_code == 400
    assert response.json()["field"] == "occurred_on"
    assert not Contact.objects.exists()


def test_note_needs_consent(world: World) -> None:
    case = make_case(world, stage=Case.Stage.INTAKE)
    response = _post(world.client_for("fallmanagement1"), f"{API}/{case.pk}/notes", {"text": "Erstkontakt"})
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not Note.objects.exists()


def test_note_is_added(world: World) -> None:
    case = make_case(world)
    response = _post(world.client_for("fallmanagement1"), f"{API}/{case.pk}/notes", {"text": "Erstkontakt"})
    assert response.status_code == 201
    assert Note.objects.get(case=case).text == "Erstkontakt"


def test_other_team_cannot_write_and_gets_404(world: World) -> None:
    case = make_case(world)
    response = _post(world.client_for("fallmanagement3"), f"{API}/{case.pk}/notes", {"text": "x"})
    assert response.status_code == 404
    assert not Note.objects.exists()


def test_step_status_change_with_version_check(world: World) -> None:
    case = make_case(world)
    step = add_step(case, due_on=today())
    client = world.client_for("fallmanagement1")
    url = f"{API}/{case.pk}/steps/{step.pk}/status"
    response = _post(client, url, {"status": "done", "expected_version": step.version})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done"
    step.refresh_from_db()
    assert (step.status, step.done_on) == (Step.Status.DONE, today())
    stale = _post(client, url, {"status": "open", "expected_version": 1})
    assert stale.status_code == 409
    step.refresh_from_db()
    assert stale.json()["current_version"] == step.version
    assert step.status == Step.Status.DONE


def test_step_of_another_case_is_not_found(world: World) -> None:
    case = make_case(world)
    other = make_case(world)
    step = add_step(other, due_on=today())
    response = _post(world.client_for("fallmanagement1"), f"{API}/{case.pk}/steps/{step.pk}/status", {"status": "done"})
    assert response.status_code == 404


def test_client_detail_and_export_are_audited(world: World) -> None:
    case = make_case(world, given_names="Nadia", family_name="Rahimi")
    client = world.client_for("fallmanagement2")
    detail = client.get(f"{API}/clients/{case.client.pk}")
    assert detail.status_code == 200
    assert detail.json()["family_name"] == "Rahimi"
    assert detail.json()["case_ids"] == [str(case.pk)]
    exported = client.get(f"{API}/clients/{case.client.pk}/export")
    assert exported.status_code == 200
    assert exported.json()["client"]["family_name"] == "Rahimi"
    assert AuditEntry.objects.filter(action="read", object_type="cases.client").exists()
    assert AuditEntry.objects.get(action="export").changes["format"] == "api-json"
    assert world.client_for("fallmanagement3").get(f"{API}/clients/{case.client.pk}/export").status_code == 404


def test_due_counts(world: World) -> None:
    case = make_case(world)
    add_step(case, due_on=today() - dt.timedelta(days=1))
    data = world.client_for("fallmanagement1").get(f"{API}/due").json()
    assert data["steps_overdue"] == 1
    assert data["steps_due"] == 0


def test_api_list_query_count_does_not_grow_with_the_page(world: World, django_assert_num_queries) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client_for("fallmanagement1")
    for _ in range(3):
        add_step(make_case(world), due_on=today())
    with CaptureQueriesContext(connection) as three:
        assert len(client.get(f"{API}/team").json()["items"]) == 3
    for _ in range(20):
        add_step(make_case(world), due_on=today())
    with django_assert_num_queries(len(three)):
        assert len(client.get(f"{API}/team").json()["items"]) == 23
