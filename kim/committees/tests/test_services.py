"""Services of the committees: rules, transitions, numbering, e-mails with calendar files, audit."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kim.committees import selectors, services
from kim.committees.models import (
    ActionItem,
    AgendaItem,
    Body,
    BodyMembership,
    Decision,
    File,
    Invitation,
    Meeting,
)
from kim.committees.permissions import Viewer
from kim.committees.tests.matrix import at, build_committee
from kim.core.errors import InvalidTransition, ValidationFailed
from kim.core.models import AuditEntry


@pytest.fixture
def c(world: Any, settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return build_committee(world)


def _manager(c: Any) -> Viewer:
    return Viewer(user_id=None, region=c.steering.region, manages=True)


def _ics(message: Any) -> str:
    """The calendar attachment as text (Django decodes text/* attachments)."""
    content = message.attachments[0][1]
    return content.decode() if isinstance(content, bytes) else str(content)


# --- bodies and memberships ---------------------------------------------------------------------


def test_development_conference_needs_its_municipality(world: Any) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.body_create(
            actor=None, region=world.region, kind=Body.Kind.DEVELOPMENT_CONFERENCE, name="Entwicklungskonferenz"
        )
    assert error.value.field == "municipality"
    assert not Body.objects.exists()


def test_body_names_are_unique_per_region_but_free_across_regions(c: Any, world: Any) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.body_create(actor=None, region=world.region, kind=Body.Kind.STEERING_GROUP, name="lenkungsgruppe")
    assert error.value.field == "name"
    other = services.body_create(
        actor=None, region=world.other_region, kind=Body.Kind.STEERING_GROUP, name="Lenkungsgruppe"
    )
    assert other.region == world.other_region


def test_body_cannot_be_commissioned_by_a_body_of_another_region(c: Any, world: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.body_create(
            actor=None, region=world.other_region, kind=Body.Kind.PROJECT_GROUP, name="PG", parent=c.steering
        )


def test_membership_needs_exactly_one_person(c: Any, world: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.membership_add(actor=None, body=c.steering, role="voting")
    with pytest.raises(ValidationFailed):
        services.membership_add(
            actor=None, body=c.steering, role="voting", user=world.users["koordination"], external_name="Auch Extern"
        )


def test_publication_consent_needs_its_date(c: Any) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.membership_add(
            actor=None, body=c.steering, role="voting", external_name="Max Muster", publish_name=True
        )
    assert error.value.field == "publish_name_agreed_on"


def test_user_without_role_in_the_region_cannot_get_a_seat(c: Any, world: Any) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.membership_add(actor=None, body=c.steering, role="voting", user=world.users["admin.andere-region"])
    assert error.value.field == "user"


def test_same_person_cannot_hold_two_overlapping_seats(c: Any, world: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.membership_add(actor=None, body=c.steering, role="advisory", user=world.users["lenkung"])


def test_deputy_must_stand_in_for_a_member_of_the_same_body(c: Any, world: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.membership_add(
            actor=None, body=c.project, role="voting", external_name="Vertretung", deputy_of=c.seat_lenkung
        )
    deputy = services.membership_add(
        actor=None, body=c.steering, role="voting", external_name="Vertretung", deputy_of=c.seat_lenkung
    )
    assert deputy.deputy_of == c.seat_lenkung


def test_ended_membership_no_longer_counts(c: Any, world: Any) -> None:
    services.membership_end(actor=None, membership=c.seat_external, end_on=timezone.localdate() - dt.timedelta(days=1))
    current = set(BodyMembership.objects.current().filter(body=c.steering).values_list("pk", flat=True))
    assert c.seat_external.pk not in current
    with pytest.raises(ValidationFailed):
        services.membership_end(actor=None, membership=c.seat_lenkung, end_on=dt.date(2020, 1, 1))


# --- meetings -----------------------------------------------------------------------------------


def test_meetings_are_numbered_per_body(c: Any) -> None:
    assert (c.held.number, c.next.number, c.project_meeting.number) == (1, 2, 1)


def test_meeting_cannot_end_before_it_begins_and_nothing_is_written(c: Any) -> None:
    count = Meeting.objects.count()
    with pytest.raises(ValidationFailed) as error:
        services.meeting_create(actor=None, body=c.steering, start=at(3, 12), end=at(3, 10), location="Kreishaus")
    assert error.value.field == "end"
    assert Meeting.objects.count() == count


def test_meeting_needs_a_place_or_a_link(c: Any) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.meeting_create(actor=None, body=c.steering, start=at(3))
    assert error.value.field == "location"


def test_invitation_goes_to_every_current_member_with_a_calendar_file(
    c: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.meeting_invite(actor=None, meeting=c.next, base_url="https://kim.example/")
    c.next.refresh_from_db()
    assert c.next.status == Meeting.Status.INVITED
    # lenkung, the external member and the guest have an address; "Otto Ohnemail" has none.
    assert sent == 3
    assert Invitation.objects.filter(meeting=c.next).count() == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["lenkung@example.org", "erika.muster@example.org", "gast@example.org"]
    )
    message = mail.outbox[0]
    assert "Lenkungsgruppe" in message.subject
    assert "https://kim.example/gremien/sitzungen/" in message.body
    name, _content, mimetype = message.attachments[0]
    assert name.endswith(".ics")
    assert "method=REQUEST" in mimetype
    assert "BEGIN:VCALENDAR" in _ics(message)
    assert c.next.uid in _ics(message).replace("\r\n ", "")


def test_invitation_mail_names_public_items_only(c: Any, django_capture_on_commit_callbacks: Any) -> None:
    services.agenda_item_add(actor=None, meeting=c.next, title="Geheime Personalsache", public=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_invite(actor=None, meeting=c.next, base_url="https://kim.example/")
    body = mail.outbox[0].body
    assert "Bericht der Koordination" in body
    assert "Geheime Personalsache" not in body


def test_invite_twice_sends_only_to_new_members_unless_asked(c: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_invite(actor=None, meeting=c.next, base_url="https://kim.example/")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.meeting_invite(actor=None, meeting=c.next, base_url="https://kim.example/") == 0
        assert services.meeting_invite(actor=None, meeting=c.next, base_url="https://kim.example/", resend=True) == 3
    assert len(mail.outbox) == 3


def test_meeting_without_agenda_cannot_be_invited_to(c: Any, world: Any) -> None:
    empty = services.meeting_create(actor=None, body=c.steering, start=at(40), location="Kreishaus")
    with pytest.raises(ValidationFailed):
        services.meeting_invite(actor=None, meeting=empty, base_url="https://kim.example/")
    assert not Invitation.objects.filter(meeting=empty).exists()


def test_past_or_held_meeting_cannot_be_invited_to(c: Any) -> None:
    with pytest.raises(InvalidTransition):
        services.meeting_invite(actor=None, meeting=c.held, base_url="https://kim.example/")


def test_change_of_time_raises_the_sequence_and_informs_the_invitees(
    c: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_invite(actor=None, meeting=c.next, base_url="https://kim.example/")
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
            base_url="https://kim.example/",
        )
    c.next.refresh_from_db()
    assert c.next.sequence == 1
    assert len(mail.outbox) == 3
    assert "Geändert" in mail.outbox[0].subject or "Changed" in mail.outbox[0].subject
    assert "SEQUENCE:1" in _ics(mail.outbox[0])


def test_change_of_title_only_keeps_the_sequence(c: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            actor=None,
            meeting=c.next,
            start=c.next.start,
            end=c.next.end,
            title="Zweite Sitzung",
            location=c.next.location,
            online_url="",
            published=False,
        )
    c.next.refresh_from_db()
    assert (c.next.sequence, c.next.title) == (0, "Zweite Sitzung")
    assert mail.outbox == []


def test_cancellation_sends_a_calendar_cancel_and_is_final(c: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_invite(actor=None, meeting=c.next, base_url="https://kim.example/")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=None, meeting=c.next, reason="Krankheit", base_url="https://kim.example/")
    c.next.refresh_from_db()
    assert c.next.cancelled
    assert c.next.sequence == 1
    assert len(mail.outbox) == 3
    assert "method=CANCEL" in mail.outbox[0].attachments[0][2]
    assert "METHOD:CANCEL" in _ics(mail.outbox[0])
    with pytest.raises(InvalidTransition):
        services.meeting_cancel(actor=None, meeting=c.next)
    with pytest.raises(ValidationFailed):
        services.agenda_item_add(actor=None, meeting=c.next, title="Noch ein Punkt")


def test_reply_with_deputy_needs_the_deputy(c: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_invite(actor=None, meeting=c.next, base_url="https://kim.example/")
    invitation = Invitation.objects.get(meeting=c.next, member=c.seat_lenkung)
    with pytest.raises(ValidationFailed):
        services.invitation_reply(actor=None, invitation=invitation, reply="deputy")
    with pytest.raises(ValidationFailed):
        services.invitation_reply(actor=None, invitation=invitation, reply="deputy", deputy_member=c.seat_project)
    services.invitation_reply(actor=None, invitation=invitation, reply="deputy", deputy_member=c.seat_external)
    invitation.refresh_from_db()
    assert invitation.reply == "deputy"
    assert invitation.deputy_member == c.seat_external
    assert invitation.replied_at is not None


def test_attendance_cannot_be_recorded_before_the_meeting(c: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.attendance_record(
            actor=None, meeting=c.next, entries=[services.AttendanceEntry(status="present", member=c.seat_lenkung)]
        )


def test_attendance_marks_the_meeting_held_and_rejects_outsiders(c: Any) -> None:
    assert c.held.status == Meeting.Status.HELD
    with pytest.raises(ValidationFailed):
        services.attendance_record(
            actor=None, meeting=c.held, entries=[services.AttendanceEntry(status="present", member=c.seat_project)]
        )


# --- agenda ---------------------------------------------------------------------------------------


def _numbers(meeting: Meeting) -> list[tuple[str, str]]:
    items = AgendaItem.objects.alive().filter(meeting=meeting)
    return sorted((item.number, item.title) for item in items)


def test_agenda_items_are_numbered_nested_and_reordered(c: Any) -> None:
    second = services.agenda_item_add(actor=None, meeting=c.next, title="Themen aus der Fallarbeit")
    sub = services.agenda_item_add(actor=None, meeting=c.next, title="Wohnen", parent=second)
    assert (second.number, sub.number) == ("2", "2.1")
    services.agenda_item_move(actor=None, item=second, direction="up")
    assert _numbers(c.next) == [
        ("1", "Themen aus der Fallarbeit"),
        ("1.1", "Wohnen"),
        ("2", "Bericht der Koordination"),
    ]
    with pytest.raises(ValidationFailed):
        services.agenda_item_move(actor=None, item=AgendaItem.objects.get(pk=second.pk), direction="up")
    # Moved to the top level, the sub-item becomes item 3.
    services.agenda_item_nest(actor=None, item=AgendaItem.objects.get(pk=sub.pk), parent=None)
    assert ("3", "Wohnen") in _numbers(c.next)


def test_agenda_nests_only_one_level_deep(c: Any) -> None:
    parent = services.agenda_item_add(actor=None, meeting=c.next, title="Oben")
    child = services.agenda_item_add(actor=None, meeting=c.next, title="Mitte", parent=parent)
    with pytest.raises(ValidationFailed) as error:
        services.agenda_item_add(actor=None, meeting=c.next, title="Unten", parent=child)
    assert error.value.field == "parent"


def test_sub_item_of_a_non_public_item_is_non_public(c: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.agenda_item_add(actor=None, meeting=c.held, title="Unterpunkt", parent=c.item_secret, public=True)
    child = services.agenda_item_add(actor=None, meeting=c.next, title="Unterpunkt", parent=c.item_next, public=True)
    services.agenda_item_update(
        actor=None, item=c.item_next, title=c.item_next.title, text="", public=False, paper=None, parent=None
    )
    child.refresh_from_db()
    assert child.public is False


def test_paper_of_another_body_cannot_go_on_the_agenda(c: Any) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.agenda_item_add(actor=None, meeting=c.project_meeting, title="X", paper=c.public_paper)
    assert error.value.field == "paper"


def test_removed_item_is_soft_deleted_and_numbers_close_up(c: Any) -> None:
    extra = services.agenda_item_add(actor=None, meeting=c.next, title="Verschiedenes")
    services.agenda_item_remove(actor=None, item=c.item_next)
    extra.refresh_from_db()
    assert extra.number == "1"
    assert AgendaItem.objects.get(pk=c.item_next.pk).deleted_at is not None
    with pytest.raises(ValidationFailed):
        services.agenda_item_remove(actor=None, item=c.item_welcome)  # has a decision


# --- minutes, decisions, action items ---------------------------------------------------------------


def test_minutes_move_from_draft_to_circulated_to_approved(c: Any) -> None:
    with pytest.raises(InvalidTransition):
        services.minutes_approve(actor=None, meeting=c.held)
    with pytest.raises(ValidationFailed):
        services.minutes_circulate(actor=None, meeting=c.held)  # no text yet
    services.minutes_update(actor=None, meeting=c.held, minutes_text="Die Sitzung wurde eröffnet.")
    services.minutes_circulate(actor=None, meeting=c.held)
    services.minutes_approve(actor=None, meeting=c.held)
    c.held.refresh_from_db()
    assert c.held.minutes_status == "approved"
    assert c.held.minutes_approved_on == timezone.localdate()
    with pytest.raises(InvalidTransition):
        services.minutes_update(actor=None, meeting=c.held, minutes_text="Nachträglich geändert")
    with pytest.raises(ValidationFailed):
        services.decision_record(actor=None, agenda_item=c.item_welcome, text="Spät", result="noted")
    c.held.refresh_from_db()
    assert c.held.minutes_text == "Die Sitzung wurde eröffnet."


def test_minutes_of_a_meeting_not_yet_held_cannot_be_circulated(c: Any) -> None:
    services.minutes_update(actor=None, meeting=c.next, minutes_text="Vorab")
    with pytest.raises(InvalidTransition):
        services.minutes_circulate(actor=None, meeting=c.next)


def test_decisions_only_after_the_meeting_and_votes_within_the_voting_members(c: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.decision_record(actor=None, agenda_item=c.item_next, text="Zu früh", result="adopted")
    with pytest.raises(ValidationFailed) as error:
        services.decision_record(
            actor=None, agenda_item=c.item_welcome, text="Zu viele", result="adopted", votes_for=3, votes_against=0
        )
    assert error.value.field == "votes_for"
    decision = services.decision_record(
        actor=None, agenda_item=c.item_welcome, text="Mehrheit", result="adopted", votes_for=1, abstentions=1
    )
    assert decision.has_votes
    assert Decision.objects.filter(agenda_item=c.item_welcome).count() == 2


def test_open_action_items_come_back_on_the_next_agenda_until_done(c: Any) -> None:
    assert list(selectors.open_action_items_before(viewer=_manager(c), meeting=c.next)) == [c.action]
    assert list(selectors.open_action_items_before(viewer=_manager(c), meeting=c.held)) == []
    services.action_item_complete(actor=None, action_item=c.action)
    c.action.refresh_from_db()
    assert c.action.status == ActionItem.Status.DONE
    assert c.action.done_on == timezone.localdate()
    assert list(selectors.open_action_items_before(viewer=_manager(c), meeting=c.next)) == []
    # Reopened, it is back.
    services.action_item_set_status(actor=None, action_item=c.action, status="open")
    assert list(selectors.open_action_items_before(viewer=_manager(c), meeting=c.next)) == [c.action]


def test_action_item_needs_someone_responsible(c: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.action_item_add(actor=None, meeting=c.held, text="Niemand zuständig")
    with pytest.raises(ValidationFailed):
        services.action_item_add(actor=None, meeting=c.held, text="Falsches Gremium", responsible_member=c.seat_project)


# --- files and audit -------------------------------------------------------------------------------


def test_file_is_stored_with_checksum_and_confidentiality_of_its_parent(c: Any) -> None:
    content = b"%PDF-1.4 Vorlage"
    stored = services.file_attach(
        actor=None,
        upload=SimpleUploadedFile("anlage.pdf", content, content_type="application/pdf"),
        paper=c.confidential_paper,
    )
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert (stored.size, stored.mime_type, stored.confidential) == (len(content), "application/pdf", True)
    assert stored.file.name.startswith("committees/")
    assert "anlage" not in stored.file.name


def test_file_of_unknown_type_or_empty_is_refused(c: Any) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.file_attach(actor=None, upload=SimpleUploadedFile("tool.exe", b"MZ"), meeting=c.next)
    assert error.value.field == "upload"
    with pytest.raises(ValidationFailed):
        services.file_attach(actor=None, upload=SimpleUploadedFile("leer.pdf", b""), meeting=c.next)
    assert not File.objects.exists()


def test_every_write_is_audited(c: Any, world: Any) -> None:
    actor = world.users["koordination"]
    services.minutes_update(actor=actor, meeting=c.held, minutes_text="Protokoll")
    entry = AuditEntry.objects.filter(object_type="committees.meeting", object_id=str(c.held.pk)).first()
    assert entry is not None
    assert entry.actor_id == actor.pk
    assert entry.changes["minutes_text"] == ["", "Protokoll"]
    assert AuditEntry.objects.filter(object_type="committees.body", action="create").count() == 2


def test_commissioning_cannot_go_round_in_a_circle(c: Any) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.body_update(actor=None, body=c.steering, parent=c.project)
    assert error.value.field == "parent"
    c.steering.refresh_from_db()
    assert c.steering.parent is None


def test_file_whose_content_does_not_match_its_name_is_refused(c: Any) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.file_attach(
            actor=None, upload=SimpleUploadedFile("getarnt.pdf", b"MZ\x90\x00 kein PDF"), meeting=c.next
        )
    assert error.value.field == "upload"
    stored = services.file_attach(
        actor=None, upload=SimpleUploadedFile("notiz.txt", "Notiz für die Sitzung".encode()), meeting=c.next
    )
    assert stored.mime_type == "text/plain"
    assert not File.objects.filter(name="getarnt.pdf").exists()
