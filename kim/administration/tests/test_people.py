"""People and roles: invitation, detail (audited read), edit, (de)activation, memberships, region walls."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import World
from kim.accounts.models import Membership, Role, User
from kim.accounts.tests.factories import TEST_PASSWORD, MembershipFactory, UserFactory
from kim.core.models import AuditEntry, Team
from kim.core.tests.factories import OrganisationFactory, RegionFactory, TeamFactory


def _new_person(**overrides: str) -> dict[str, str]:
    data = {
        "username": "a.mueller",
        "first_name": "Anna",
        "last_name": "Müller",
        "email": "a.mueller@example.org",
        "role": "coordinator",
        "valid_from": "2024-01-01",
    }
    data.update(overrides)
    return data


def _html(response: Any) -> str:
    assert response.status_code == 200
    return response.content.decode()


# Creating a person and the invitation


def test_admin_creates_person_with_first_role_and_german_invitation(
    world: World, admin_client: Client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("manage:user_create"), _new_person())
    person = User.objects.get(username="a.mueller")
    assert response.status_code == 302
    assert response["Location"] == reverse("manage:user_detail", kwargs={"pk": person.pk})
    assert not person.has_usable_password()
    assert person.is_active
    membership = Membership.objects.get(user=person)
    assert membership.region == world.region
    assert membership.role.code == "coordinator"
    assert membership.valid_from == dt.date(2024, 1, 1)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["a.mueller@example.org"]
    assert message.subject == "Ihr Zugang zur KIM-Plattform – Kreis Siegen-Wittgenstein"
    assert "Guten Tag Anna Müller," in message.body
    assert "Ihr Benutzername: a.mueller" in message.body
    assert "Bitte legen Sie über den folgenden Link Ihr Passwort fest." in message.body


def test_invitation_link_lets_the_person_set_a_password_and_sign_in(
    world: World, admin_client: Client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("manage:user_create"), _new_person())
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", str(mail.outbox[0].body))
    assert link is not None
    invited = Client()
    set_password_page = invited.get(link.group(1))
    assert set_password_page.status_code == 302
    response = invited.post(
        set_password_page["Location"], {"password1": "Ein-gutes-Passwort-2024", "password2": "Ein-gutes-Passwort-2024"}
    )
    assert response.status_code == 302
    assert User.objects.get(username="a.mueller").has_usable_password()
    assert Client().login(username="a.mueller", password="Ein-gutes-Passwort-2024")


def test_no_invitation_is_sent_when_the_person_cannot_be_created(
    world: World, admin_client: Client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("manage:user_create"), _new_person(role="case_manager"))
    html = _html(response)
    assert "Für die Rollen Fallmanagement und Teamleitung ist ein Team erforderlich." in html
    assert not User.objects.filter(username="a.mueller").exists()
    assert mail.outbox == []


def test_creating_and_inviting_is_audited_under_the_region(
    world: World, admin_client: Client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("manage:user_create"), _new_person())
    person = User.objects.get(username="a.mueller")
    created = AuditEntry.objects.get(object_type="accounts.user", object_id=str(person.pk), action="create")
    assert created.region == world.region
    assert created.changes["username"] == [None, "a.mueller"]
    assert "password" not in created.changes
    membership = AuditEntry.objects.get(object_type="accounts.membership", action="create")
    assert membership.changes["role"] == [None, Role.objects.get(code="coordinator").pk]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"username": "fallmanagement1"}, "Dieser Benutzername ist bereits vergeben."),
        ({"username": "FallManagement1"}, "Dieser Benutzername ist bereits vergeben."),
        (
            {"email": "FALLMANAGEMENT1@example.org"},
            "Diese E-Mail-Adresse wird bereits von einem anderen Konto verwendet.",
        ),
        ({"username": "anna müller!"}, "Benutzername"),
        ({"email": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"role": "state_analyst"}, "Bitte eine gültige Auswahl treffen."),
        ({"role": "partner_staff"}, "ist eine Organisation erforderlich."),
        ({"valid_until": "2023-12-31"}, "Das Enddatum darf nicht vor dem Anfangsdatum liegen."),
    ],
)
def test_bad_person_input_is_refused_in_german_and_creates_nothing(
    world: World, admin_client: Client, overrides: dict[str, str], message: str
) -> None:
    users = User.objects.count()
    memberships = Membership.objects.count()
    html = _html(admin_client.post(reverse("manage:user_create"), _new_person(**overrides)))
    assert message in html
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert User.objects.count() == users
    assert Membership.objects.count() == memberships
    assert mail.outbox == []


def test_team_of_another_region_cannot_be_chosen(world: World, admin_client: Client) -> None:
    html = _html(
        admin_client.post(
            reverse("manage:user_create"),
            _new_person(role="case_manager", team=str(world.other_region_team.pk)),
        )
    )
    assert "Bitte eine gültige Auswahl treffen." in html
    assert not User.objects.filter(username="a.mueller").exists()


def test_organisation_of_another_region_cannot_be_chosen(world: World, admin_client: Client) -> None:
    foreign = OrganisationFactory.create(region=world.other_region, name="Partner Olpe")
    html = _html(
        admin_client.post(
            reverse("manage:user_create"), _new_person(role="partner_staff", organisation=str(foreign.pk))
        )
    )
    assert "Bitte eine gültige Auswahl treffen." in html


# Reading a person


def test_person_detail_is_an_audited_read(world: World, admin_client: Client) -> None:
    person = world.users["fallmanagement1"]
    html = _html(admin_client.get(reverse("manage:user_detail", kwargs={"pk": person.pk})))
    assert "fallmanagement1@example.org" in html
    assert "Team Siegen" in html
    entry = AuditEntry.objects.get(action="read", object_id=str(person.pk))
    assert entry.object_type == "accounts.user"
    assert entry.actor_label == "admin"
    assert entry.region == world.region


def test_person_of_another_region_only_is_invisible(world: World, admin_client: Client) -> None:
    stranger = world.users["admin.andere-region"]
    assert admin_client.get(reverse("manage:user_detail", kwargs={"pk": stranger.pk})).status_code == 404
    assert admin_client.get(reverse("manage:user_update", kwargs={"pk": stranger.pk})).status_code == 404
    assert admin_client.post(reverse("manage:user_deactivate", kwargs={"pk": stranger.pk})).status_code == 404
    assert not AuditEntry.objects.filter(object_id=str(stranger.pk), action="read").exists()


def test_state_analyst_without_region_membership_is_invisible(world: World, admin_client: Client) -> None:
    analyst = world.users["land"]
    assert admin_client.get(reverse("manage:user_detail", kwargs={"pk": analyst.pk})).status_code == 404
    assert "Land" not in _html(admin_client.get(reverse("manage:user_list")))


def test_roles_in_other_regions_are_not_shown(world: World, admin_client: Client) -> None:
    person = world.users["koordination"]
    MembershipFactory.create(
        user=person, role=Role.objects.get(code="team_lead"), region=world.other_region, team=world.other_region_team
    )
    detail = _html(admin_client.get(reverse("manage:user_detail", kwargs={"pk": person.pk})))
    assert "Team Olpe" not in detail
    assert "Teamleitung" not in detail
    listing = _html(admin_client.get(reverse("manage:user_list"), {"q": "koordination"}))
    assert "Team Olpe" not in listing


def test_membership_of_another_region_cannot_be_ended(world: World, admin_client: Client) -> None:
    person = world.users["koordination"]
    foreign = MembershipFactory.create(
        user=person, role=Role.objects.get(code="coordinator"), region=world.other_region
    )
    url = reverse("manage:membership_end", kwargs={"pk": person.pk, "membership_pk": foreign.pk})
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url, {"valid_until": "2030-01-01"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.valid_until is None


# The list


def test_person_list_searches_by_name_and_filters_by_role(world: World, admin_client: Client) -> None:
    by_name = _html(admin_client.get(reverse("manage:user_list"), {"q": "Test Teamleitung"}))
    assert "teamleitung" in by_name
    assert "fallmanagement1" not in by_name
    by_role = _html(admin_client.get(reverse("manage:user_list"), {"role": "case_manager"}))
    assert "fallmanagement1" in by_role
    assert "fallmanagement3" in by_role
    assert "koordination" not in by_role
    nobody = _html(admin_client.get(reverse("manage:user_list"), {"q": "niemand-heisst-so"}))
    assert "Niemand entspricht dem Filter." in nobody


def test_person_list_filters_deactivated_accounts(world: World, admin_client: Client) -> None:
    User.objects.filter(pk=world.users["lenkung"].pk).update(is_active=False)
    html = _html(admin_client.get(reverse("manage:user_list"), {"status": "inactive"}))
    assert "lenkung" in html
    assert "fallmanagement1" not in html


def _region_with_people(count: int) -> tuple[Client, Team]:
    region = RegionFactory.create(name="Kreis Zählbeispiel", ags="05958", slug="zaehlbeispiel")
    team = TeamFactory.create(region=region, name="Team Zählung")
    admin = UserFactory.create(username="zaehl-admin")
    MembershipFactory.create(user=admin, role=Role.objects.get(code="region_admin"), region=region)
    for _ in range(count - 1):
        MembershipFactory.create(role=Role.objects.get(code="case_manager"), region=region, team=team)
    client = Client()
    client.force_login(admin)
    return client, team


def _count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_person_list_queries_do_not_grow_with_the_number_of_people(settings, django_assert_max_num_queries) -> None:
    settings.KIM_MFA_REQUIRED = False
    client, team = _region_with_people(5)
    url = reverse("manage:user_list")
    with_five = _count_queries(client, url)
    for _ in range(25):
        MembershipFactory.create(role=Role.objects.get(code="case_manager"), region=team.region, team=team)
    with_thirty = _count_queries(client, url)
    assert with_thirty == with_five
    with django_assert_max_num_queries(with_five):
        html = client.get(url).content.decode()
    assert html.count('href="/verwaltung/benutzer/') == 25 + 1  # 25 people on page 1 and the "create" button
    assert "Seite 1 von 2" in html
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count('href="/verwaltung/benutzer/') == 5 + 1


# Editing, deactivating


def test_admin_edits_name_and_email_with_old_and_new_in_audit(world: World, admin_client: Client) -> None:
    person = world.users["assistenz"]
    response = admin_client.post(
        reverse("manage:user_update", kwargs={"pk": person.pk}),
        {"first_name": "Berta", "last_name": "Assistenz", "email": "berta@example.org"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.first_name, person.email) == ("Berta", "berta@example.org")
    entry = AuditEntry.objects.filter(object_id=str(person.pk), action="update").latest("id")
    assert entry.changes == {
        "first_name": ["Test", "Berta"],
        "email": ["assistenz@example.org", "berta@example.org"],
    }
    assert entry.region == world.region


def test_email_of_another_account_cannot_be_taken_over(world: World, admin_client: Client) -> None:
    person = world.users["assistenz"]
    html = _html(
        admin_client.post(
            reverse("manage:user_update", kwargs={"pk": person.pk}),
            {"first_name": "Test", "last_name": "Assistenz", "email": "admin.andere-region@example.org"},
        )
    )
    assert "Diese E-Mail-Adresse wird bereits von einem anderen Konto verwendet." in html
    person.refresh_from_db()
    assert person.email == "assistenz@example.org"


def test_deactivated_person_cannot_sign_in_and_loses_open_sessions(world: World, admin_client: Client) -> None:
    person = world.users["lenkung"]
    open_session = world.client_for("lenkung")
    response = admin_client.post(reverse("manage:user_deactivate", kwargs={"pk": person.pk}))
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    assert Membership.objects.filter(user=person).exists()  # nothing is deleted
    assert not Client().login(username="lenkung", password=TEST_PASSWORD)
    sign_in = Client().post(reverse("account_login"), {"login": "lenkung", "password": TEST_PASSWORD})
    assert "_auth_user_id" not in sign_in.client.session
    assert open_session.get("/").status_code == 302
    entry = AuditEntry.objects.filter(object_id=str(person.pk), action="update").latest("id")
    assert entry.changes == {"is_active": [True, False]}


def test_reactivated_person_can_sign_in_again(world: World, admin_client: Client) -> None:
    person = world.users["lenkung"]
    admin_client.post(reverse("manage:user_deactivate", kwargs={"pk": person.pk}))
    response = admin_client.post(reverse("manage:user_reactivate", kwargs={"pk": person.pk}))
    assert response.status_code == 302
    assert Client().login(username="lenkung", password=TEST_PASSWORD)


def test_admin_cannot_deactivate_themselves(world: World, admin_client: Client) -> None:
    admin = world.users["admin"]
    response = admin_client.post(reverse("manage:user_deactivate", kwargs={"pk": admin.pk}), follow=True)
    assert "Sie können Ihr eigenes Konto nicht deaktivieren." in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_person_with_roles_in_another_region_is_not_deactivated(world: World, admin_client: Client) -> None:
    person = world.users["koordination"]
    MembershipFactory.create(user=person, role=Role.objects.get(code="coordinator"), region=world.other_region)
    response = admin_client.post(reverse("manage:user_deactivate", kwargs={"pk": person.pk}), follow=True)
    assert "auch Rollen außerhalb dieser Region" in response.content.decode()
    person.refresh_from_db()
    assert person.is_active


def test_invitation_can_be_sent_again_only_before_a_password_is_set(
    world: World, admin_client: Client, django_capture_on_commit_callbacks
) -> None:
    invited = UserFactory.create(username="neu.eingeladen")
    invited.set_unusable_password()
    invited.save()
    MembershipFactory.create(user=invited, role=Role.objects.get(code="assistant"), region=world.region)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("manage:user_invitation_resend", kwargs={"pk": invited.pk}))
    assert [m.to for m in mail.outbox] == [["neu.eingeladen@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("manage:user_invitation_resend", kwargs={"pk": world.users["lenkung"].pk}), follow=True
        )
    assert "hat bereits ein Passwort festgelegt" in response.content.decode()
    assert len(mail.outbox) == 1


# Memberships


def test_admin_adds_team_role_with_deputy_flag(world: World, admin_client: Client) -> None:
    person = world.users["fallmanagement3"]
    response = admin_client.post(
        reverse("manage:membership_create", kwargs={"pk": person.pk}),
        {
            "role": "case_manager",
            "team": str(world.team.pk),
            "is_deputy": "on",
            "function": "Vertretung Team Siegen",
            "valid_from": "2025-01-01",
            "valid_until": "2025-12-31",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=person, team=world.team)
    assert membership.is_deputy
    assert membership.valid_until == dt.date(2025, 12, 31)
    entry = AuditEntry.objects.filter(object_type="accounts.membership", action="create").latest("id")
    assert entry.changes["team"] == [None, str(world.team.pk)]
    assert entry.changes["is_deputy"] == [None, True]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": "team_lead"}, "Für die Rollen Fallmanagement und Teamleitung ist ein Team erforderlich."),
        (
            {"role": "coordinator", "team": "TEAM"},
            "Nur die Rollen Fallmanagement und Teamleitung gehören zu einem Team.",
        ),
        ({"role": "authority_staff"}, "ist eine Organisation erforderlich."),
        (
            {"role": "steering_member", "is_deputy": "on"},
            "Nur Mitglieder eines Teams können als Vertretung benannt werden.",
        ),
        ({"role": "state_analyst"}, "Bitte eine gültige Auswahl treffen."),
        ({"role": "case_manager", "team": "OTHER_TEAM"}, "Bitte eine gültige Auswahl treffen."),
        (
            {"role": "coordinator"},
            "hat diese Rolle für dasselbe Team bzw. dieselbe Organisation in diesem Zeitraum bereits.",
        ),
    ],
)
def test_bad_membership_input_is_refused_in_german(
    world: World, admin_client: Client, data: dict[str, str], message: str
) -> None:
    person = world.users["koordination"]
    data = {"valid_from": "2020-01-01", **data}
    if data.get("team") == "TEAM":
        data["team"] = str(world.team.pk)
    if data.get("team") == "OTHER_TEAM":
        data["team"] = str(world.other_region_team.pk)
    before = Membership.objects.count()
    html = _html(admin_client.post(reverse("manage:membership_create", kwargs={"pk": person.pk}), data))
    assert message in html
    assert Membership.objects.count() == before


def test_state_level_role_is_refused_by_the_service_too(world: World) -> None:
    from kim.accounts.services import membership_create
    from kim.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        membership_create(
            actor=world.users["admin"],
            region=world.region,
            user=world.users["koordination"],
            role=Role.objects.get(code="state_analyst"),
        )
    assert not Membership.objects.filter(user=world.users["koordination"], role__code="state_analyst").exists()


def test_service_refuses_to_add_a_person_of_another_region(world: World) -> None:
    from kim.accounts.services import membership_create
    from kim.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        membership_create(
            actor=world.users["admin"],
            region=world.region,
            user=world.users["admin.andere-region"],
            role=Role.objects.get(code="coordinator"),
        )


def test_admin_ends_a_role_and_the_row_stays(world: World, admin_client: Client) -> None:
    person = world.users["fallmanagement2"]
    membership = Membership.objects.get(user=person, region=world.region)
    Membership.objects.filter(pk=membership.pk).update(valid_from=dt.date(2024, 1, 1))
    today = timezone.localdate()
    response = admin_client.post(
        reverse("manage:membership_end", kwargs={"pk": person.pk, "membership_pk": membership.pk}),
        {"valid_until": (today - dt.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.valid_until == today - dt.timedelta(days=1)
    entry = AuditEntry.objects.filter(object_type="accounts.membership", action="update").latest("id")
    assert entry.changes == {"valid_until": [None, (today - dt.timedelta(days=1)).isoformat()]}
    assert not world.client_for("fallmanagement2").get("/").content.decode().count("Team Siegen")
    detail = _html(admin_client.get(reverse("manage:user_detail", kwargs={"pk": person.pk})))
    assert "beendet" in detail


def test_role_cannot_end_before_it_started(world: World, admin_client: Client) -> None:
    person = world.users["fallmanagement2"]
    membership = Membership.objects.get(user=person, region=world.region)
    html = _html(
        admin_client.post(
            reverse("manage:membership_end", kwargs={"pk": person.pk, "membership_pk": membership.pk}),
            {"valid_until": "2000-01-01"},
        )
    )
    assert "Das Enddatum darf nicht vor dem Beginn" in html
    membership.refresh_from_db()
    assert membership.valid_until is None


def test_last_region_admin_role_cannot_be_ended(world: World, admin_client: Client) -> None:
    admin = world.users["admin"]
    membership = Membership.objects.get(user=admin, region=world.region)
    html = _html(
        admin_client.post(
            reverse("manage:membership_end", kwargs={"pk": admin.pk, "membership_pk": membership.pk}),
            {"valid_until": timezone.localdate().isoformat()},
        )
    )
    assert "Die Region braucht mindestens eine Person mit Regionsadministration." in html
    membership.refresh_from_db()
    assert membership.valid_until is None
