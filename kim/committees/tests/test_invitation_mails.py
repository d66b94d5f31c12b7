"""Invitation e-mails: one iTIP calendar file per recipient (RFC 5546), guests of one meeting included."""

from __future__ import annotations

from typing import Any

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from kim.committees import services
from kim.committees.models import MeetingGuest
from kim.committees.tests.matrix import at, build_committee
from kim.committees.tests.test_ical import strict_check
from kim.core.errors import ValidationFailed
from kim.core.models import AuditEntry as CoreAuditEntry

BASE = "https://kim.example/"


@pytest.fixture
def c(world: Any, settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return build_committee(world)


def _calendar(message: Any) -> Any:
    name, content, mimetype = message.attachments[0]
    raw = content if isinstance(content, bytes) else str(content).encode()
    return name, mimetype, strict_check(raw)


def _people(event: Any, key: str) -> list[str]:
    value = event.get(key)
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [str(v).removeprefix("mailto:").lower() for v in values]


def _assert_own_attendee(message: Any, method: str) -> Any:
    _name, mimetype, cal = _calendar(message)
    assert f"method={method}" in mimetype
    assert str(cal["METHOD"]) == method
    [event] = cal.walk("VEVENT")
    assert _people(event, "ATTENDEE") == [message.to[0].lower()]
    [organizer] = _people(event, "ORGANIZER")
    assert organizer
    return event


def _invite(c: Any, capture: Any) -> int:
    with capture(execute=True):
        return services.meeting_invite(actor=None, meeting=c.next, base_url=BASE)


def test_every_invitation_carries_exactly_its_recipient_as_attendee(
    c: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _invite(c, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        event = _assert_own_attendee(message, "REQUEST")
        assert str(event["UID"]) == c.next.uid
        assert len(message.to) == 1


def test_update_and_cancellation_carry_the_recipient_as_attendee(
    c: Any, django_capture_on_commit_callbacks: Any
) -> None:
    services.guest_add(actor=None, meeting=c.next, name="Gerda Gastreferentin", email="gerda@example.org")
    _invite(c, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            actor=None,
            meeting=c.next,
            start=at(15),
            end=at(15, 12),
            title="",
            location="Kreishaus",
            online_url="",
            published=False,
            base_url=BASE,
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["lenkung@example.org", "erika.muster@example.org", "gast@example.org", "gerda@example.org"]
    )
    for message in mail.outbox:
        event = _assert_own_attendee(message, "REQUEST")
        assert int(event["SEQUENCE"]) == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=None, meeting=c.next, base_url=BASE)
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        event = _assert_own_attendee(message, "CANCEL")
        assert str(event["STATUS"]) == "CANCELLED"


def test_guest_with_address_is_invited_with_their_own_calendar_file(
    c: Any, django_capture_on_commit_callbacks: Any
) -> None:
    services.guest_add(actor=None, meeting=c.next, name="Gerda Gastreferentin", email="gerda@example.org")
    services.guest_add(actor=None, meeting=c.next, name="Ohne Adresse")
    assert _invite(c, django_capture_on_commit_callbacks) == 4
    [to_guest] = [m for m in mail.outbox if m.to == ["gerda@example.org"]]
    _assert_own_attendee(to_guest, "REQUEST")
    assert "Gerda Gastreferentin" in to_guest.body
    assert "/rueckmeldung/" not in to_guest.body  # guests have no reply link
    assert MeetingGuest.objects.get(email="gerda@example.org").invitation_sent_at is not None
    # Inviting again reaches nobody twice.
    mail.outbox.clear()
    assert _invite(c, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_guest_added_after_the_invitations_is_invited_at_once(c: Any, django_capture_on_commit_callbacks: Any) -> None:
    _invite(c, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.guest_add(actor=None, meeting=c.next, name="Spät Eingeladen", email="spaet@example.org", base_url=BASE)
    [message] = mail.outbox
    assert message.to == ["spaet@example.org"]
    _assert_own_attendee(message, "REQUEST")


def test_changed_address_of_an_invited_guest_moves_the_invitation(
    c: Any, django_capture_on_commit_callbacks: Any
) -> None:
    guest = services.guest_add(actor=None, meeting=c.next, name="Gerda Gast", email="alt@example.org")
    _invite(c, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.guest_update(
            actor=None, guest=guest, name="Gerda Gast", email="neu@example.org", topic="Wohnen", base_url=BASE
        )
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"alt@example.org", "neu@example.org"}
    _assert_own_attendee(by_address["alt@example.org"], "CANCEL")
    _assert_own_attendee(by_address["neu@example.org"], "REQUEST")
    guest.refresh_from_db()
    assert guest.topic == "Wohnen"


def test_removed_guest_gets_a_withdrawal_and_is_gone(c: Any, django_capture_on_commit_callbacks: Any) -> None:
    guest = services.guest_add(actor=None, meeting=c.next, name="Gerda Gast", email="gerda@example.org")
    guest_id = guest.pk
    _invite(c, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.guest_remove(actor=None, guest=guest, base_url=BASE)
    [message] = mail.outbox
    assert message.to == ["gerda@example.org"]
    _assert_own_attendee(message, "CANCEL")
    assert not MeetingGuest.objects.filter(pk=guest_id).exists()
    assert CoreAuditEntry.objects.filter(action="delete", object_id=str(guest_id)).exists()


def test_guest_with_recorded_attendance_cannot_be_removed(c: Any) -> None:
    guest = services.guest_add(actor=None, meeting=c.held, name="Gerda Gast")
    services.attendance_record(
        actor=None, meeting=c.held, entries=[services.AttendanceEntry(status="present", guest=guest)]
    )
    with pytest.raises(ValidationFailed):
        services.guest_remove(actor=None, guest=guest)
    assert MeetingGuest.objects.filter(pk=guest.pk).exists()


def test_coordinator_edits_and_removes_a_guest_in_the_browser(c: Any, world: Any) -> None:
    guest = services.guest_add(actor=None, meeting=c.next, name="Gerda Gast", email="gerda@example.org")
    client = world.client_for("koordination")
    page = client.get(reverse("committees:meeting_detail", kwargs={"pk": c.next.pk})).content.decode()
    assert reverse("committees:guest_update", kwargs={"pk": guest.pk}) in page
    url = reverse("committees:guest_update", kwargs={"pk": guest.pk})
    assert client.get(url).status_code == 200
    bad = client.post(url, {"name": "", "email": "keine-adresse"})
    assert bad.status_code == 200
    guest.refresh_from_db()
    assert guest.name == "Gerda Gast"
    response = client.post(url, {"name": "Gerda Gast-Neu", "email": "gerda@example.org", "topic": "Wohnen"})
    assert response.status_code == 302
    guest.refresh_from_db()
    assert (guest.name, guest.topic) == ("Gerda Gast-Neu", "Wohnen")
    remove = reverse("committees:guest_remove", kwargs={"pk": guest.pk})
    assert client.get(remove).status_code == 200
    assert client.post(remove).status_code == 302
    assert not MeetingGuest.objects.filter(pk=guest.pk).exists()
    # Members cannot change guests.
    other = services.guest_add(actor=None, meeting=c.next, name="Noch Ein Gast")
    member = world.client_for("lenkung")
    assert member.post(reverse("committees:guest_remove", kwargs={"pk": other.pk})).status_code == 403


def test_ics_of_each_recipient_parses(c: Any, django_capture_on_commit_callbacks: Any) -> None:
    _invite(c, django_capture_on_commit_callbacks)
    for message in mail.outbox:
        raw = message.attachments[0][1]
        cal = icalendar.Calendar.from_ical(raw if isinstance(raw, bytes) else str(raw).encode())
        assert cal.walk("VEVENT")
