"""Who sees a case: the team's case managers and named deputies; everyone else 404 (never 403)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import World
from kim.accounts.models import Role
from kim.accounts.tests.factories import MembershipFactory, UserFactory
from kim.cases import selectors
from kim.cases.models import Case
from kim.cases.tests.matrix import make_case, make_document
from kim.core.models import AuditEntry

CASE_PAGES = ("cases:case_detail", "cases:contact_add", "cases:note_add", "cases:case_close")


@pytest.mark.parametrize("persona", ["fallmanagement1", "fallmanagement2"])
def test_team_members_see_the_case_and_each_read_is_audited(world: World, persona: str) -> None:
    case = make_case(world)
    response = world.client_for(persona).get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 200
    assert case.number in response.content.decode()
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.READ, object_id=str(case.pk)).get()
    assert entry.actor_label == persona
    assert entry.object_type == "cases.case"


@pytest.mark.parametrize(
    "persona",
    ["fallmanagement3", "teamleitung", "koordination", "assistenz", "partner", "datenschutz", "admin", "land"],
)
@pytest.mark.parametrize("page", CASE_PAGES)
def test_everyone_outside_the_team_gets_404_on_case_content(world: World, persona: str, page: str) -> None:
    case = make_case(world)
    response = world.client_for(persona).get(reverse(page, args=[case.pk]))
    assert response.status_code == 404
    assert case.client.family_name not in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.READ, object_id=str(case.pk)).exists()


def test_admin_of_another_region_gets_404(world: World) -> None:
    case = make_case(world)
    response = world.client_for("admin.andere-region").get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 404


def test_client_page_of_another_team_is_404(world: World) -> None:
    case = make_case(world)
    response = world.client_for("fallmanagement3").get(reverse("cases:client_detail", args=[case.client.pk]))
    assert response.status_code == 404


def test_anonymous_visitor_is_sent_to_login(world: World) -> None:
    case = make_case(world)
    response = world.client_for("anonymous").get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_named_deputy_of_the_team_sees_and_edits_the_cases(world: World) -> None:
    deputy = UserFactory.create(username="vertretung")
    lead = Role.objects.get(code="team_lead")
    MembershipFactory.create(user=deputy, role=lead, region=world.region, team=world.other_team)
    MembershipFactory.create(user=deputy, role=lead, region=world.region, team=world.team, is_deputy=True)
    case = make_case(world)
    world.users["vertretung"] = deputy
    client = world.client_for("vertretung")
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200
    response = client.post(reverse("cases:note_add", args=[case.pk]), {"text": "Vertretung: Rückruf erfolgt."})
    assert response.status_code == 302
    assert case.notes.get().text == "Vertretung: Rückruf erfolgt."


def test_team_lead_without_deputy_flag_gets_404(world: World) -> None:
    case = make_case(world)
    assert selectors.cases_for_user(user=world.users["teamleitung"], region=world.region).count() == 0
    response = world.client_for("teamleitung").get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 404


def test_ended_membership_no_longer_gives_access(world: World) -> None:
    import datetime as dt

    from django.utils import timezone

    case = make_case(world)
    world.users["fallmanagement2"].memberships.update(
        valid_from=timezone.localdate() - dt.timedelta(days=30),
        valid_until=timezone.localdate() - dt.timedelta(days=1),
    )
    response = world.client_for("fallmanagement2").get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 404


def test_intake_is_forbidden_without_a_case_team(world: World) -> None:
    assert world.client_for("fallmanagement1").get(reverse("cases:intake_start")).status_code == 200
    for persona in ("teamleitung", "koordination", "admin"):
        assert world.client_for(persona).get(reverse("cases:intake_start")).status_code == 403


def test_service_refuses_writes_by_another_team(world: World) -> None:
    from kim.cases import services
    from kim.core.errors import PermissionDeniedError

    case = make_case(world)
    with pytest.raises(PermissionDeniedError):
        services.note_create(actor=world.users["fallmanagement3"], case=case, text="Fremdzugriff")
    assert not case.notes.exists()


def test_document_download_is_checked_audited_and_an_attachment(
    world: World, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    document = make_document(world)
    url = reverse("cases:document_download", args=[document.case.pk, document.pk])
    assert world.client_for("fallmanagement3").get(url).status_code == 404
    response = world.client_for("fallmanagement2").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.READ, object_id=str(document.pk))
    assert entry.object_type == "cases.document"
    assert entry.actor_label == "fallmanagement2"


def test_uploaded_files_are_not_reachable_under_a_media_url(world: World, settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    document = make_document(world)
    response = world.client_for("fallmanagement1").get(f"/media/{document.file.name}")
    assert response.status_code == 404


def test_case_detail_query_count_does_not_grow_with_the_records(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from kim.cases import services
    from kim.cases.tests.matrix import make_note, make_step

    case = make_case(world)
    make_step(world)
    make_note(world)
    client = world.client_for("fallmanagement1")
    url = reverse("cases:case_detail", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for number in range(3):
        goal = services.goal_create(
            actor=None,
            case=case,
            values={"specific": f"Ziel {number}", "measurable": "x", "due_on": timezone.localdate()},
        )
        services.step_create(
            actor=None,
            goal=goal,
            values={"description": "Schritt", "responsible": "client", "due_on": timezone.localdate()},
        )
        services.note_create(actor=None, case=case, text=f"Notiz {number}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few) <= 25
    assert Case.objects.count() == 1
