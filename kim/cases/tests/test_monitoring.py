"""Monitoring: the due page, follow-ups, changes of legal domain, the start card, daily reminders."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from conftest import World
from kim.cases import monitoring
from kim.cases.models import Case, FollowUp, LegalDomainChange
from kim.cases.selectors_caseload import Horizon
from kim.cases.tests.test_caseload_fixtures import add_step, catalogue, make_case, today
from kim.core.errors import PermissionDeniedError, ValidationFailed
from kim.core.models import AuditEntry
from kim.notifications.models import Notification, ReminderDelivery
from kim.notifications.services import reminder_settings_update

BASE_URL = "https://kim.kreis-beispiel.invalid"


def _due_world(world: World) -> Case:
    """fallmanagement1: one overdue step, one step due today, an expiring title; colleague: one overdue step."""
    case = make_case(
        world,
        given_names="Rania",
        family_name="Saleh",
        residence_valid_until=today() + dt.timedelta(days=120 - 40),
    )
    add_step(case, due_on=today() - dt.timedelta(days=2), description="Antrag Wohnberechtigungsschein")
    add_step(case, due_on=today(), description="Anruf Sprachschule")
    other = make_case(world, persona="fallmanagement2", given_names="Olena", family_name="Koval")
    add_step(other, due_on=today() - dt.timedelta(days=1), description="Kita-Anmeldung")
    return case


def test_due_page_lists_what_is_due_for_my_cases_only(world: World) -> None:
    case = _due_world(world)
    response = world.client_for("fallmanagement1").get(reverse("cases:due"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Antrag Wohnberechtigungsschein" in content
    assert "Anruf Sprachschule" in content
    assert "Rania Saleh" in content
    assert "Kita-Anmeldung" not in content
    lists = response.context["lists"]
    assert [s.description for s in lists.overdue_steps] == ["Antrag Wohnberechtigungsschein"]
    assert [c.pk for c in lists.residence_cases] == [case.pk]
    entry = AuditEntry.objects.filter(action="read", object_type="cases.case").latest("id")
    assert entry.changes == {"list": "due", "ids": [str(case.pk)]}


def test_due_summary_counts_steps_follow_ups_titles_and_changes(world: World) -> None:
    case = _due_world(world)
    FollowUp.objects.create(region=world.region, case=case, due_on=today(), subject="Rückruf")
    FollowUp.objects.create(
        region=world.region,
        case=case,
        due_on=today() - dt.timedelta(days=5),
        subject="Bescheid prüfen",
        assigned_to=world.users["fallmanagement1"],
    )
    LegalDomainChange.objects.create(
        region=world.region,
        case=case,
        changed_on=today() - dt.timedelta(days=1),
        to_domain=catalogue(world, "legal_domain", "sgb2"),
    )
    summary = monitoring.due_summary_for_user(
        user=world.users["fallmanagement1"], region=world.region, horizon=Horizon.for_region(world.region)
    )
    assert (summary.steps_due, summary.steps_overdue) == (1, 1)
    assert (summary.follow_ups_due, summary.follow_ups_overdue) == (1, 1)
    assert summary.residence_expiring == 1
    assert summary.legal_domain_changes == 1


def test_start_card_shows_counts_without_names(world: World) -> None:
    _due_world(world)
    response = world.client_for("fallmanagement1").get(reverse("accounts:start"))
    content = response.content.decode()
    card = next(card for card in response.context["cards"] if card["template"])
    assert card["context"]["summary"].due == 1
    assert card["context"]["summary"].overdue == 1
    assert "Rania" not in content
    assert "Antrag Wohnberechtigungsschein" not in content
    assert reverse("cases:due") in content


def test_start_card_is_not_shown_to_people_without_case_work(world: World) -> None:
    response = world.client_for("koordination").get(reverse("accounts:start"))
    assert all(card["template"] != "cases/caseload/start_card.html" for card in response.context["cards"])
    assert reverse("cases:caseload_figures") in response.content.decode()


# --- Follow-ups -------------------------------------------------------------------------------


def test_follow_up_is_created_on_the_monitoring_page_and_audited(world: World) -> None:
    case = make_case(world)
    client = world.client_for("fallmanagement1")
    url = reverse("cases:case_monitoring", kwargs={"pk": case.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "action": "follow_up",
            "follow_up-due_on": (today() + dt.timedelta(days=7)).isoformat(),
            "follow_up-subject": "Bescheid Jobcenter nachfragen",
        },
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get(case=case)
    assert follow_up.assigned_to == world.users["fallmanagement1"]
    assert AuditEntry.objects.filter(action="create", object_id=str(follow_up.pk)).exists()


def test_follow_up_without_subject_gives_a_german_message_and_writes_nothing(world: World) -> None:
    case = make_case(world)
    response = world.client_for("fallmanagement1").post(
        reverse("cases:case_monitoring", kwargs={"pk": case.pk}),
        {"action": "follow_up", "follow_up-due_on": today().isoformat(), "follow_up-subject": ""},
    )
    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_follow_up_cannot_be_assigned_outside_the_team(world: World) -> None:
    case = make_case(world)
    with pytest.raises(ValidationFailed) as error:
        monitoring.follow_up_create(
            actor=world.users["fallmanagement1"],
            case=case,
            due_on=today(),
            subject="Rückruf",
            assigned_to=world.users["fallmanagement3"],
        )
    assert error.value.field == "assigned_to"
    assert not FollowUp.objects.exists()


def test_follow_up_on_a_case_with_withdrawn_consent_is_refused(world: World) -> None:
    case = make_case(world)
    case.consents.update(withdrawn_on=today())
    with pytest.raises(ValidationFailed):
        monitoring.follow_up_create(actor=world.users["fallmanagement1"], case=case, due_on=today(), subject="x")


def test_follow_up_done_by_post(world: World) -> None:
    case = make_case(world)
    follow_up = monitoring.follow_up_create(
        actor=world.users["fallmanagement1"], case=case, due_on=today(), subject="Rückruf"
    )
    response = world.client_for("fallmanagement2").post(
        reverse("cases:follow_up_done", kwargs={"pk": follow_up.pk}), {"next": "due"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:due")
    follow_up.refresh_from_db()
    assert follow_up.done_on == today()


@pytest.mark.parametrize("persona", ["fallmanagement3", "admin.andere-region"])
def test_other_teams_and_regions_get_404_for_case_monitoring(world: World, persona: str) -> None:
    case = make_case(world)
    follow_up = FollowUp.objects.create(region=world.region, case=case, due_on=today(), subject="Rückruf")
    client = world.client_for(persona)
    expected = 404 if persona == "fallmanagement3" else 403
    assert client.get(reverse("cases:case_monitoring", kwargs={"pk": case.pk})).status_code == expected
    assert client.post(reverse("cases:follow_up_done", kwargs={"pk": follow_up.pk})).status_code == expected
    follow_up.refresh_from_db()
    assert follow_up.done_on is None


def test_service_refuses_actor_of_another_team(world: World) -> None:
    case = make_case(world)
    with pytest.raises(PermissionDeniedError):
        monitoring.follow_up_create(actor=world.users["fallmanagement3"], case=case, due_on=today(), subject="x")


# --- Changes of legal domain --------------------------------------------------------------------


def test_legal_domain_change_becomes_the_current_domain(world: World) -> None:
    case = make_case(world)
    asylblg, sgb2 = catalogue(world, "legal_domain", "asylblg"), catalogue(world, "legal_domain", "sgb2")
    Case.objects.filter(pk=case.pk).update(current_legal_domain=asylblg)
    case.refresh_from_db()
    response = world.client_for("fallmanagement1").post(
        reverse("cases:case_monitoring", kwargs={"pk": case.pk}),
        {"action": "legal", "legal-changed_on": today().isoformat(), "legal-to_domain": sgb2.pk, "legal-note": "WBS"},
    )
    assert response.status_code == 302
    change = LegalDomainChange.objects.get(case=case)
    assert (change.from_domain, change.to_domain) == (asylblg, sgb2)
    case.refresh_from_db()
    assert case.current_legal_domain == sgb2
    assert case.version == 2
    assert AuditEntry.objects.filter(action="update", object_id=str(case.pk)).exists()


def test_same_legal_domain_is_refused_in_german(world: World) -> None:
    case = make_case(world)
    sgb2 = catalogue(world, "legal_domain", "sgb2")
    Case.objects.filter(pk=case.pk).update(current_legal_domain=sgb2)
    response = world.client_for("fallmanagement1").post(
        reverse("cases:case_monitoring", kwargs={"pk": case.pk}),
        {"action": "legal", "legal-changed_on": today().isoformat(), "legal-to_domain": sgb2.pk},
    )
    assert response.status_code == 400
    assert not LegalDomainChange.objects.exists()


def test_future_change_applies_on_its_date(world: World) -> None:
    case = make_case(world)
    sgb2 = catalogue(world, "legal_domain", "sgb2")
    monitoring.legal_domain_change_record(
        actor=world.users["fallmanagement1"], case=case, changed_on=today() + dt.timedelta(days=10), to_domain=sgb2
    )
    case.refresh_from_db()
    assert case.current_legal_domain is None
    assert monitoring.legal_domain_changes_apply_due(today=today() + dt.timedelta(days=9)) == 0
    assert monitoring.legal_domain_changes_apply_due(today=today() + dt.timedelta(days=10)) == 1
    case.refresh_from_db()
    assert case.current_legal_domain == sgb2
    assert monitoring.legal_domain_changes_apply_due(today=today() + dt.timedelta(days=11)) == 0


def test_legal_domain_of_another_catalogue_is_refused(world: World) -> None:
    case = make_case(world)
    with pytest.raises(ValidationFailed) as error:
        monitoring.legal_domain_change_record(
            actor=None, case=case, changed_on=today(), to_domain=catalogue(world, "life_domain", "wohnen")
        )
    assert error.value.field == "to_domain"


# --- Daily reminders ----------------------------------------------------------------------------


def test_reminders_notify_and_mail_counts_only_once_a_day(world: World) -> None:
    case = _due_world(world)
    world.users["fallmanagement1"].email = "fm1@example.org"
    world.users["fallmanagement1"].save()
    run = monitoring.reminders_send(base_url=BASE_URL)
    assert run.reminded == 2  # fallmanagement1 and the colleague with an overdue step
    notification = Notification.objects.get(recipient=world.users["fallmanagement1"])
    assert notification.url == reverse("cases:due")
    assert "Rania" not in notification.title
    message = next(m for m in mail.outbox if m.to == ["fm1@example.org"])
    assert "Rania" not in message.body
    assert "Saleh" not in message.body
    assert case.number not in message.body
    assert "Antrag" not in message.body
    assert f"{BASE_URL}/faelle/faellig/" in message.body
    assert "überfällig" in message.body or "overdue" in message.body
    delivery = ReminderDelivery.objects.get(recipient=world.users["fallmanagement1"])
    assert (delivery.due_steps, delivery.overdue_steps, delivery.expiring_titles, delivery.emailed) == (1, 1, 1, True)
    sent = len(mail.outbox)
    again = monitoring.reminders_send(base_url=BASE_URL)
    assert again.reminded == 0
    assert again.already_reminded == 2
    assert len(mail.outbox) == sent
    assert Notification.objects.filter(recipient=world.users["fallmanagement1"]).count() == 1


def test_nothing_due_means_no_reminder(world: World) -> None:
    case = make_case(world)
    add_step(case, due_on=today() + dt.timedelta(days=20))
    run = monitoring.reminders_send(base_url=BASE_URL)
    assert run.reminded == 0
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_region_without_e_mail_reminders_gets_notifications_only(world: World) -> None:
    _due_world(world)
    reminder_settings_update(
        actor=None, region=world.region, residence_lead_days=90, step_lead_days=0, email_enabled=False
    )
    run = monitoring.reminders_send(base_url=BASE_URL)
    assert run.reminded == 2
    assert run.emailed == 0
    assert mail.outbox == []


def test_send_reminders_command_is_idempotent(world: World) -> None:
    _due_world(world)
    out = StringIO()
    call_command("send_reminders", base_url=BASE_URL, stdout=out)
    call_command("send_reminders", base_url=BASE_URL, stdout=out)
    assert ReminderDelivery.objects.count() == 2
    assert Notification.objects.count() == 2


def test_send_reminders_command_needs_the_platform_address(world: World) -> None:
    with pytest.raises(CommandError):
        call_command("send_reminders", base_url="kim.example", stdout=StringIO())
    assert not ReminderDelivery.objects.exists()
