"""Notifications: the service other capabilities call, the inbox, mark as read, reminder settings."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import World
from kim.core.errors import PermissionDeniedError, ValidationFailed
from kim.core.models import AuditEntry
from kim.notifications import selectors, services
from kim.notifications.models import Notification, ReminderSettings


def _notify(world: World, persona: str = "fallmanagement1", **kwargs: str) -> Notification:
    values = {"kind": Notification.Kind.REMINDER, "title": "3 Schritte sind fällig", "url": "/faelle/"}
    values.update(kwargs)
    return services.notify(recipient=world.users[persona], region=world.region, **values)


def test_notify_creates_an_unread_notification_and_audits_it(world: World) -> None:
    notification = _notify(world)
    assert notification.read_at is None
    assert selectors.notification_unread_count(user=world.users["fallmanagement1"], region=world.region) == 1
    assert AuditEntry.objects.filter(
        action="create", object_type="notifications.notification", object_id=str(notification.pk)
    ).exists()


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("https://example.org/phish", "url"),
        ("//example.org/", "url"),
        ("faelle/", "url"),
        ("/faelle/ mit Leerzeichen", "url"),
    ],
)
def test_notify_refuses_links_outside_the_platform(world: World, url: str, field: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        _notify(world, url=url)
    assert error.value.field == field
    assert "Plattform" in error.value.message or "platform" in error.value.message
    assert not Notification.objects.exists()


def test_notify_refuses_an_empty_title_and_an_unknown_kind(world: World) -> None:
    with pytest.raises(ValidationFailed):
        _notify(world, title="   ")
    with pytest.raises(ValidationFailed):
        _notify(world, kind="gossip")
    assert not Notification.objects.exists()


def test_notify_refuses_a_recipient_of_another_region(world: World) -> None:
    with pytest.raises(ValidationFailed) as error:
        _notify(world, persona="admin.andere-region")
    assert error.value.field == "recipient"
    assert not Notification.objects.exists()


def test_inbox_lists_only_own_notifications_of_the_active_region(world: World) -> None:
    _notify(world, title="Eigene Nachricht")
    _notify(world, persona="fallmanagement2", title="Nachricht an jemand anderen")
    response = world.client_for("fallmanagement1").get(reverse("notifications:list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Eigene Nachricht" in content
    assert "jemand anderen" not in content


def test_inbox_filters_unread(world: World) -> None:
    read = _notify(world, title="Schon gelesen")
    services.notification_mark_read(actor=world.users["fallmanagement1"], notification=read)
    _notify(world, title="Noch offen")
    response = world.client_for("fallmanagement1").get(reverse("notifications:list"), {"unread": "on"})
    content = response.content.decode()
    assert "Noch offen" in content
    assert "Schon gelesen" not in content


def test_inbox_answers_people_without_a_region_with_an_empty_page(world: World) -> None:
    response = world.client_for("land").get(reverse("notifications:list"))
    assert response.status_code == 200
    assert response.context["unread_count"] == 0
    assert response.context["page_obj"].paginator.count == 0


def test_mark_read_by_post_and_redirect_back(world: World) -> None:
    notification = _notify(world)
    client = world.client_for("fallmanagement1")
    response = client.post(reverse("notifications:mark_read", kwargs={"pk": notification.pk}))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert AuditEntry.objects.filter(action="update", object_id=str(notification.pk)).exists()


def test_open_marks_read_and_follows_the_link(world: World) -> None:
    notification = _notify(world, url="/faelle/")
    response = world.client_for("fallmanagement1").post(
        reverse("notifications:mark_read", kwargs={"pk": notification.pk}), {"open": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/faelle/"


def test_mark_read_by_get_is_not_allowed(world: World) -> None:
    notification = _notify(world)
    response = world.client_for("fallmanagement1").get(
        reverse("notifications:mark_read", kwargs={"pk": notification.pk})
    )
    assert response.status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_someone_elses_notification_is_not_found(world: World) -> None:
    notification = _notify(world)
    response = world.client_for("fallmanagement2").post(
        reverse("notifications:mark_read", kwargs={"pk": notification.pk})
    )
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_service_refuses_to_mark_someone_elses_notification(world: World) -> None:
    notification = _notify(world)
    with pytest.raises(PermissionDeniedError):
        services.notification_mark_read(actor=world.users["fallmanagement2"], notification=notification)


def test_mark_all_read_only_touches_own_notifications(world: World) -> None:
    own = [_notify(world), _notify(world)]
    other = _notify(world, persona="fallmanagement2")
    response = world.client_for("fallmanagement1").post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert all(Notification.objects.get(pk=n.pk).read_at is not None for n in own)
    assert Notification.objects.get(pk=other.pk).read_at is None
    entry = AuditEntry.objects.filter(action="update", object_type="notifications.notification").latest("id")
    assert sorted(entry.changes["ids"]) == sorted(str(n.pk) for n in own)


def test_navigation_shows_notifications_to_every_signed_in_person(world: World) -> None:
    for persona in ("fallmanagement1", "lenkung", "land"):
        response = world.client_for(persona).get(reverse("accounts:start"))
        assert reverse("notifications:list") in response.content.decode()


def test_region_admin_changes_the_reminder_settings(world: World) -> None:
    client = world.client_for("admin")
    assert client.get(reverse("notifications:reminder_settings")).status_code == 200
    response = client.post(
        reverse("notifications:reminder_settings"),
        {"residence_lead_days": "120", "step_lead_days": "2", "email_enabled": "on"},
    )
    assert response.status_code == 302
    settings = ReminderSettings.objects.get(region=world.region)
    assert (settings.residence_lead_days, settings.step_lead_days, settings.email_enabled) == (120, 2, True)
    assert AuditEntry.objects.filter(object_type="notifications.remindersettings", action="create").exists()


def test_reminder_settings_reject_a_lead_time_out_of_range_in_german(world: World) -> None:
    response = world.client_for("admin").post(
        reverse("notifications:reminder_settings"),
        {"residence_lead_days": "1000", "step_lead_days": "0"},
    )
    assert response.status_code == 200
    assert "kleiner oder gleich 365" in response.content.decode()
    assert not ReminderSettings.objects.exists()


def test_reminder_settings_default_when_the_region_has_none(world: World) -> None:
    settings = selectors.reminder_settings_for(region=world.region)
    assert settings.residence_lead_days == 90
    assert settings.pk is not None  # UUID default, but not saved
    assert not ReminderSettings.objects.exists()


def test_reminder_settings_update_writes_nothing_when_unchanged(world: World) -> None:
    services.reminder_settings_update(
        actor=world.users["admin"], region=world.region, residence_lead_days=60, step_lead_days=0, email_enabled=False
    )
    before = AuditEntry.objects.count()
    services.reminder_settings_update(
        actor=world.users["admin"], region=world.region, residence_lead_days=60, step_lead_days=0, email_enabled=False
    )
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("persona", ["fallmanagement1", "koordination", "admin.andere-region"])
def test_reminder_settings_need_the_region_admin(world: World, persona: str) -> None:
    response = world.client_for(persona).post(
        reverse("notifications:reminder_settings"), {"residence_lead_days": "30", "step_lead_days": "0"}
    )
    if persona == "admin.andere-region":
        # an admin, but of the other region: the change lands there, never in region A
        assert response.status_code == 302
        assert not ReminderSettings.objects.filter(region=world.region).exists()
    else:
        assert response.status_code == 403
        assert not ReminderSettings.objects.exists()
