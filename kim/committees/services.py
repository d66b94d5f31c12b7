"""Writes on bodies and meetings. Every function: keyword-only, explicit actor, one transaction, audited.

Status changes (meeting, minutes, action items) follow the transition tables below;
e-mails (invitations, updates, cancellations) leave only after the commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import mimetypes
import smtplib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kim.accounts.models import User
from kim.committees.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    BodyMembership,
    Decision,
    File,
    Invitation,
    Meeting,
    MeetingGuest,
    MinutesComment,
    Paper,
)
from kim.core import audit, writes
from kim.core.audit import Actor
from kim.core.errors import (
    ApplicationError,
    ConflictError,
    InvalidTransition,
    PermissionDeniedError,
    ValidationFailed,
)
from kim.core.models import Municipality, Organisation, Region
from kim.core.writes import save_or_conflict as _save

logger = logging.getLogger(__name__)

MAX_FILE_SIZE = 20 * 1024 * 1024  # 20 MB per document
ALLOWED_FILE_TYPES = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "application/msword",
    "application/vnd.ms-excel",
    "text/plain",
    "text/csv",
    "image/png",
    "image/jpeg",
}

# Allowed status changes: from → targets.
MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    Meeting.Status.PLANNED: frozenset({Meeting.Status.INVITED, Meeting.Status.HELD, Meeting.Status.CANCELLED}),
    Meeting.Status.INVITED: frozenset({Meeting.Status.INVITED, Meeting.Status.HELD, Meeting.Status.CANCELLED}),
    Meeting.Status.HELD: frozenset({Meeting.Status.HELD}),
    Meeting.Status.CANCELLED: frozenset(),
}
MINUTES_TRANSITIONS: dict[str, frozenset[str]] = {
    Meeting.MinutesStatus.DRAFT: frozenset({Meeting.MinutesStatus.CIRCULATED}),
    Meeting.MinutesStatus.CIRCULATED: frozenset({Meeting.MinutesStatus.DRAFT, Meeting.MinutesStatus.APPROVED}),
    Meeting.MinutesStatus.APPROVED: frozenset(),
}
ACTION_ITEM_TRANSITIONS: dict[str, frozenset[str]] = {
    ActionItem.Status.OPEN: frozenset({ActionItem.Status.DONE, ActionItem.Status.DROPPED}),
    ActionItem.Status.DONE: frozenset({ActionItem.Status.OPEN}),
    ActionItem.Status.DROPPED: frozenset({ActionItem.Status.OPEN}),
}

# Changing one of these is a change of time or place: calendars get a new SEQUENCE.
SCHEDULE_FIELDS = ("start", "end", "location", "online_url")


# --- helpers -------------------------------------------------------------------------------


def _full_clean(instance: models.Model, *, exclude: Iterable[str] | None = None) -> None:
    """Field validation and the model's constraints, as a domain error naming the first bad field."""
    writes.full_clean(instance, exclude=exclude, constraints=True)


def _create(*, actor: Actor | None, instance: models.Model, conflict: ApplicationError | None = None) -> None:
    _full_clean(instance)
    _save(instance, conflict=conflict or ConflictError(_("The entry could not be saved. Please try again.")))
    audit.record_create(actor=actor, instance=instance)


def _update(
    *,
    actor: Actor | None,
    instance: models.Model,
    values: dict[str, Any],
    conflict: ApplicationError | None = None,
) -> list[str]:
    """Assign, validate, save the changed fields and audit old → new; returns the changed names."""
    before = audit.snapshot(instance)
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    if not changed:
        return []
    _full_clean(instance)
    _save(
        instance,
        conflict=conflict or ConflictError(_("The entry could not be saved. Please try again.")),
        update_fields=[*changed, "updated_at"],
    )
    audit.record_update(actor=actor, instance=instance, before=before)
    return changed


def _same_region(region: Region, *objects: models.Model | None) -> None:
    for obj in objects:
        if obj is not None and getattr(obj, "region_id", None) != region.pk:
            raise ValidationFailed(_("The selection does not belong to this region."))


def _lock(instance: models.Model) -> None:
    """Re-read the row under a lock and refresh the instance (concurrent status changes)."""
    fresh = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    for field in instance._meta.concrete_fields:
        setattr(instance, field.attname, getattr(fresh, field.attname))


def _check_transition(table: dict[str, frozenset[str]], current: str, target: str, message: str) -> None:
    if target not in table.get(current, frozenset()):
        raise InvalidTransition(message)


# --- bodies and memberships ---------------------------------------------------------------


def _check_body_rules(body: Body) -> None:
    _same_region(body.region, body.municipality, body.parent)
    if body.kind == Body.Kind.DEVELOPMENT_CONFERENCE and body.municipality is None:
        raise ValidationFailed(
            _("A development conference works for one municipality: please choose it."), field="municipality"
        )
    if body.parent_id is not None and body.parent_id == body.pk:
        raise ValidationFailed(_("A body cannot commission itself."), field="parent")
    if body.parent is not None and body.parent.deleted_at is not None:
        raise ValidationFailed(_("The commissioning body no longer exists."), field="parent")
    ancestor, seen = body.parent, set()
    while ancestor is not None and ancestor.pk not in seen:
        if body.pk is not None and ancestor.pk == body.pk:
            raise ValidationFailed(_("A body cannot be commissioned by a body it commissioned itself."), field="parent")
        seen.add(ancestor.pk)
        ancestor = ancestor.parent
    if Body.objects.filter(region=body.region, name__iexact=body.name).exclude(pk=body.pk).exists():
        raise ValidationFailed(_("A body with this name already exists in the region."), field="name")


@transaction.atomic
def body_create(
    *,
    actor: Actor | None,
    region: Region,
    kind: str,
    name: str,
    short_name: str = "",
    municipality: Municipality | None = None,
    parent: Body | None = None,
    mandate: str = "",
    mandate_deadline: dt.date | None = None,
    description: str = "",
) -> Body:
    body = Body(
        region=region,
        kind=kind,
        name=name.strip(),
        short_name=short_name.strip(),
        municipality=municipality,
        parent=parent,
        mandate=mandate,
        mandate_deadline=mandate_deadline,
        description=description,
    )
    _full_clean(body)
    _check_body_rules(body)
    _save(body, conflict=ValidationFailed(_("A body with this name already exists in the region."), field="name"))
    audit.record_create(actor=actor, instance=body)
    return body


@transaction.atomic
def body_update(*, actor: Actor | None, body: Body, **values: Any) -> Body:
    allowed = {
        "kind",
        "name",
        "short_name",
        "municipality",
        "parent",
        "mandate",
        "mandate_deadline",
        "description",
        "is_active",
    }
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"body_update does not change {sorted(unknown)}")
    if body.deleted_at is not None:
        raise ValidationFailed(_("This body has been removed."))
    for name, value in values.items():
        setattr(body, name, value.strip() if isinstance(value, str) and name in {"name", "short_name"} else value)
    _full_clean(body)
    _check_body_rules(body)
    fresh = Body.objects.get(pk=body.pk)
    before = audit.snapshot(fresh)
    _save(body, conflict=ValidationFailed(_("A body with this name already exists in the region."), field="name"))
    audit.record_update(actor=actor, instance=body, before=before)
    return body


def _check_membership_rules(membership: BodyMembership) -> None:
    body = membership.body
    _same_region(body.region, membership.organisation, membership.deputy_of)
    if body.deleted_at is not None:
        raise ValidationFailed(_("This body has been removed."))
    if membership.user is None and not membership.external_name.strip():
        raise ValidationFailed(
            _("Please choose a user or enter the name of the external member."), field="external_name"
        )
    if membership.user is not None and membership.external_name.strip():
        raise ValidationFailed(
            _("Please either choose a user or enter an external member, not both."), field="external_name"
        )
    if membership.deputy_of is not None:
        if membership.deputy_of.body_id != body.pk:
            raise ValidationFailed(_("A deputy stands in for a member of the same body."), field="deputy_of")
        if membership.deputy_of.deputy_of_id is not None:
            raise ValidationFailed(_("A deputy cannot stand in for another deputy."), field="deputy_of")
    if membership.publish_name and membership.publish_name_agreed_on is None:
        raise ValidationFailed(
            _("Please enter the date on which the member agreed to the publication of their name."),
            field="publish_name_agreed_on",
        )
    if membership.user is not None:
        overlapping = BodyMembership.objects.alive().filter(body=body, user=membership.user).exclude(pk=membership.pk)
        end = membership.end_on or dt.date.max
        for other in overlapping:
            other_end = other.end_on or dt.date.max
            if other.start_on <= end and membership.start_on <= other_end:
                raise ValidationFailed(_("This person already holds a seat in the body for this period."), field="user")


def _user_in_region(user: User, region: Region) -> bool:
    return user.memberships.filter(region=region).exists()


@transaction.atomic
def membership_add(
    *,
    actor: Actor | None,
    body: Body,
    role: str,
    user: User | None = None,
    external_name: str = "",
    external_email: str = "",
    organisation: Organisation | None = None,
    function: str = "",
    deputy_of: BodyMembership | None = None,
    start_on: dt.date | None = None,
    end_on: dt.date | None = None,
    publish_name: bool = False,
    publish_name_agreed_on: dt.date | None = None,
) -> BodyMembership:
    if user is not None and not _user_in_region(user, body.region):
        raise ValidationFailed(_("This person has no role in the region."), field="user")
    membership = BodyMembership(
        region=body.region,
        body=body,
        role=role,
        user=user,
        external_name=external_name.strip(),
        external_email=external_email.strip(),
        organisation=organisation,
        function=function.strip(),
        deputy_of=deputy_of,
        start_on=start_on or timezone.localdate(),
        end_on=end_on,
        publish_name=publish_name,
        publish_name_agreed_on=publish_name_agreed_on if publish_name else None,
    )
    _check_membership_rules(membership)
    _create(actor=actor, instance=membership)
    return membership


@transaction.atomic
def membership_update(
    *,
    actor: Actor | None,
    membership: BodyMembership,
    role: str,
    organisation: Organisation | None,
    function: str,
    deputy_of: BodyMembership | None,
    external_email: str = "",
    publish_name: bool,
    publish_name_agreed_on: dt.date | None,
) -> BodyMembership:
    # A withdrawn consent keeps the date it was once given: OParl then goes on answering for
    # the published Person and Membership as deleted objects (without the name), so that
    # clients that copied them learn to delete them.
    values = {
        "role": role,
        "organisation": organisation,
        "function": function.strip(),
        "deputy_of": deputy_of,
        "external_email": external_email.strip() if membership.user_id is None else "",
        "publish_name": publish_name,
        "publish_name_agreed_on": publish_name_agreed_on if publish_name else membership.publish_name_agreed_on,
    }
    probe = BodyMembership(**{**_concrete(membership), **values})
    probe.body = membership.body
    probe.user = membership.user
    _check_membership_rules(probe)
    _update(actor=actor, instance=membership, values=values)
    return membership


def _concrete(instance: models.Model) -> dict[str, Any]:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@transaction.atomic
def membership_end(*, actor: Actor | None, membership: BodyMembership, end_on: dt.date) -> BodyMembership:
    if membership.deleted_at is not None:
        raise ValidationFailed(_("This seat has been removed."))
    if end_on < membership.start_on:
        raise ValidationFailed(_("The end cannot be before the start of the membership."), field="end_on")
    _update(actor=actor, instance=membership, values={"end_on": end_on})
    return membership


# --- meetings --------------------------------------------------------------------------------


def _check_schedule(start: dt.datetime, end: dt.datetime | None) -> None:
    if timezone.is_naive(start) or (end is not None and timezone.is_naive(end)):
        raise ValidationFailed(_("Please enter date and time of the meeting."), field="start")
    if end is not None and end < start:
        raise ValidationFailed(_("The meeting cannot end before it begins."), field="end")
    if end is not None and end - start > dt.timedelta(days=2):
        raise ValidationFailed(_("A meeting lasts at most two days. Please check the end."), field="end")


def _next_meeting_number(body: Body) -> int:
    highest = Meeting.objects.filter(body=body).aggregate(n=Max("number"))["n"]
    return (highest or 0) + 1


@transaction.atomic
def meeting_create(
    *,
    actor: Actor | None,
    body: Body,
    start: dt.datetime,
    end: dt.datetime | None = None,
    title: str = "",
    location: str = "",
    online_url: str = "",
    number: int | None = None,
    published: bool = False,
) -> Meeting:
    if body.deleted_at is not None or not body.is_active:
        raise ValidationFailed(_("Meetings can only be planned for active bodies."))
    _check_schedule(start, end)
    if not location.strip() and not online_url.strip():
        raise ValidationFailed(_("Please enter a place or an online link."), field="location")
    Body.objects.select_for_update().filter(pk=body.pk).get()  # numbers per body are handed out in order
    meeting = Meeting(
        region=body.region,
        body=body,
        number=number or _next_meeting_number(body),
        title=title.strip(),
        start=start,
        end=end,
        location=location.strip(),
        online_url=online_url.strip(),
        published=published,
        first_published_at=timezone.now() if published else None,
    )
    if Meeting.objects.filter(body=body, number=meeting.number).exists():
        raise ValidationFailed(_("This body already has a meeting with this number."), field="number")
    _create(
        actor=actor,
        instance=meeting,
        conflict=ValidationFailed(_("This body already has a meeting with this number."), field="number"),
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: Actor | None,
    meeting: Meeting,
    start: dt.datetime,
    end: dt.datetime | None,
    title: str,
    location: str,
    online_url: str,
    published: bool,
    base_url: str = "",
) -> Meeting:
    """Change a meeting; a change of time or place raises the calendar SEQUENCE and tells the invitees."""
    _lock(meeting)
    if meeting.deleted_at is not None or meeting.status == Meeting.Status.CANCELLED:
        raise ValidationFailed(_("A cancelled meeting cannot be changed."))
    _check_schedule(start, end)
    if not location.strip() and not online_url.strip():
        raise ValidationFailed(_("Please enter a place or an online link."), field="location")
    values: dict[str, Any] = {
        "start": start,
        "end": end,
        "title": title.strip(),
        "location": location.strip(),
        "online_url": online_url.strip(),
        "published": published,
    }
    if published and meeting.first_published_at is None:
        values["first_published_at"] = timezone.now()
    schedule_changed = any(getattr(meeting, name) != values[name] for name in SCHEDULE_FIELDS)
    if schedule_changed:
        values["sequence"] = meeting.sequence + 1
    _update(actor=actor, instance=meeting, values=values)
    if schedule_changed and meeting.status == Meeting.Status.INVITED:
        ids = list(meeting.invitations.filter(sent_at__isnull=False).values_list("pk", flat=True))
        _send_after_commit(
            meeting=meeting, invitation_ids=ids, guest_ids=_invited_guest_ids(meeting), kind="update", base_url=base_url
        )
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Actor | None, meeting: Meeting, reason: str = "", base_url: str = "") -> Meeting:
    _lock(meeting)
    _check_transition(
        MEETING_TRANSITIONS,
        meeting.status,
        Meeting.Status.CANCELLED,
        _("Only a meeting that has not taken place yet can be cancelled."),
    )
    was_invited = meeting.status == Meeting.Status.INVITED
    _update(
        actor=actor,
        instance=meeting,
        values={"status": Meeting.Status.CANCELLED, "sequence": meeting.sequence + 1},
    )
    if reason.strip():
        audit.record(
            actor=actor,
            action="update",
            object_type=audit.object_type_of(meeting),
            object_id=meeting.pk,
            region=meeting.region,
            changes={"cancel_reason": [None, reason.strip()[:500]]},
        )
    if was_invited:
        ids = list(meeting.invitations.filter(sent_at__isnull=False).values_list("pk", flat=True))
        _send_after_commit(
            meeting=meeting,
            invitation_ids=ids,
            guest_ids=_invited_guest_ids(meeting),
            kind="cancel",
            base_url=base_url,
            reason=reason,
        )
    return meeting


def _invited_guest_ids(meeting: Meeting) -> list[uuid.UUID]:
    return list(meeting.guests.filter(invitation_sent_at__isnull=False).exclude(email="").values_list("pk", flat=True))


def meeting_members(meeting: Meeting) -> list[BodyMembership]:
    """The seats invited to a meeting: current on the day of the meeting."""
    day = timezone.localtime(meeting.start).date()
    return list(
        BodyMembership.objects.current(on=day)
        .filter(body_id=meeting.body_id)
        .select_related("user", "organisation")
        .order_by("role", "function")
    )


@transaction.atomic
def meeting_invite(*, actor: Actor | None, meeting: Meeting, base_url: str, resend: bool = False) -> int:
    """Invite every current member and every guest of the meeting with an e-mail address;
    sends the invitations (each with its own iCalendar file) after the commit.

    Members and guests invited before get nothing again unless ``resend``. Returns how many
    e-mails go out.
    """
    _lock(meeting)
    _check_transition(
        MEETING_TRANSITIONS,
        meeting.status,
        Meeting.Status.INVITED,
        _("Only a meeting that has not taken place yet can be invited to."),
    )
    if meeting.start < timezone.now():
        raise ValidationFailed(_("The meeting lies in the past; invitations are no longer possible."))
    if not meeting.agenda_items.alive().exists():
        raise ValidationFailed(_("Please add the agenda before inviting."))
    members = meeting_members(meeting)
    if not members:
        raise ValidationFailed(_("The body has no current members to invite."))
    now = timezone.now()
    existing = {invitation.member_id: invitation for invitation in meeting.invitations.all()}
    to_send: list[uuid.UUID] = []
    for member in members:
        invitation = existing.get(member.pk)
        if invitation is None:
            invitation = Invitation(region=meeting.region, meeting=meeting, member=member)
            _create(actor=actor, instance=invitation)
        elif invitation.sent_at is not None and not resend:
            continue
        if member.email:
            _update(actor=actor, instance=invitation, values={"sent_at": now})
            to_send.append(invitation.pk)
    guests_to_send: list[uuid.UUID] = []
    for guest in meeting.guests.exclude(email=""):
        if guest.invitation_sent_at is not None and not resend:
            continue
        _update(actor=actor, instance=guest, values={"invitation_sent_at": now})
        guests_to_send.append(guest.pk)
    _update(
        actor=actor,
        instance=meeting,
        values={"status": Meeting.Status.INVITED, "invitation_sent_at": now},
    )
    _send_after_commit(
        meeting=meeting, invitation_ids=to_send, guest_ids=guests_to_send, kind="invite", base_url=base_url
    )
    return len(to_send) + len(guests_to_send)


@transaction.atomic
def invitation_reply(
    *,
    actor: Actor | None,
    invitation: Invitation,
    reply: str,
    deputy_member: BodyMembership | None = None,
    deputy_name: str = "",
    comment: str = "",
) -> Invitation:
    meeting = invitation.meeting
    if meeting.status not in {Meeting.Status.PLANNED, Meeting.Status.INVITED}:
        raise ValidationFailed(_("Replies are only possible before the meeting."))
    if reply not in Invitation.Reply.values or reply == Invitation.Reply.OPEN:
        raise ValidationFailed(_("Please choose your reply."), field="reply")
    if reply == Invitation.Reply.DEPUTY:
        if deputy_member is None and not deputy_name.strip():
            raise ValidationFailed(_("Please name the deputy who will attend."), field="deputy_member")
        if deputy_member is not None and (
            deputy_member.body_id != meeting.body_id or deputy_member.pk == invitation.member_id
        ):
            raise ValidationFailed(_("The deputy must be another member of the body."), field="deputy_member")
    else:
        deputy_member, deputy_name = None, ""
    _update(
        actor=actor,
        instance=invitation,
        values={
            "reply": reply,
            "deputy_member": deputy_member,
            "deputy_name": deputy_name.strip(),
            "comment": comment.strip(),
            "replied_at": timezone.now(),
        },
    )
    return invitation


def _guests_invited_now(meeting: Meeting) -> bool:
    """Invitations are out and the meeting lies ahead: guest changes are mailed at once."""
    return meeting.status == Meeting.Status.INVITED and meeting.start >= timezone.now()


def _check_guest_editable(meeting: Meeting) -> None:
    if meeting.deleted_at is not None or meeting.status == Meeting.Status.CANCELLED:
        raise ValidationFailed(_("A cancelled meeting cannot be changed."))


@transaction.atomic
def guest_add(
    *,
    actor: Actor | None,
    meeting: Meeting,
    name: str,
    organisation: Organisation | None = None,
    organisation_name: str = "",
    email: str = "",
    topic: str = "",
    base_url: str = "",
) -> MeetingGuest:
    """Add a guest to one meeting; once the invitations are out, a guest with an address is invited at once."""
    _same_region(meeting.region, organisation)
    _check_guest_editable(meeting)
    if not name.strip():
        raise ValidationFailed(_("Please enter the name of the guest."), field="name")
    guest = MeetingGuest(
        region=meeting.region,
        meeting=meeting,
        name=name.strip(),
        organisation=organisation,
        organisation_name=organisation_name.strip(),
        email=email.strip(),
        topic=topic.strip(),
    )
    _create(actor=actor, instance=guest)
    if guest.email and _guests_invited_now(meeting):
        _update(actor=actor, instance=guest, values={"invitation_sent_at": timezone.now()})
        _send_after_commit(meeting=meeting, invitation_ids=[], guest_ids=[guest.pk], kind="invite", base_url=base_url)
    return guest


@transaction.atomic
def guest_update(
    *,
    actor: Actor | None,
    guest: MeetingGuest,
    name: str,
    organisation: Organisation | None = None,
    organisation_name: str = "",
    email: str = "",
    topic: str = "",
    base_url: str = "",
) -> MeetingGuest:
    """Change a guest. A new address of an invited guest gets the invitation; the old one a withdrawal."""
    meeting = guest.meeting
    _lock(meeting)
    guest.refresh_from_db()
    _same_region(meeting.region, organisation)
    _check_guest_editable(meeting)
    if not name.strip():
        raise ValidationFailed(_("Please enter the name of the guest."), field="name")
    old_email, old_name = guest.email, guest.name
    values: dict[str, Any] = {
        "name": name.strip(),
        "organisation": organisation,
        "organisation_name": organisation_name.strip(),
        "email": email.strip(),
        "topic": topic.strip(),
    }
    address_changed = values["email"].lower() != old_email.lower()
    was_invited = guest.invitation_sent_at is not None
    if address_changed:
        values["invitation_sent_at"] = None
    _update(actor=actor, instance=guest, values=values)
    if address_changed and _guests_invited_now(meeting):
        former = [(old_email, old_name)] if was_invited and old_email else []
        new = []
        if guest.email:
            _update(actor=actor, instance=guest, values={"invitation_sent_at": timezone.now()})
            new = [guest.pk]
        _send_after_commit(
            meeting=meeting, invitation_ids=[], guest_ids=new, former_guests=former, kind="invite", base_url=base_url
        )
    return guest


@transaction.atomic
def guest_remove(*, actor: Actor | None, guest: MeetingGuest, base_url: str = "") -> None:
    """Remove a guest who has no recorded attendance; an invited guest gets a withdrawal."""
    meeting = guest.meeting
    _lock(meeting)
    guest.refresh_from_db()
    if guest.attendances.exists():
        raise ValidationFailed(_("The attendance of this guest has been recorded; the guest can no longer be removed."))
    if meeting.minutes_status == Meeting.MinutesStatus.APPROVED:
        raise ValidationFailed(_("The minutes are approved; the meeting can no longer be changed."))
    former = (
        [(guest.email, guest.name)]
        if guest.invitation_sent_at is not None and guest.email and _guests_invited_now(meeting)
        else []
    )
    audit.record_delete(actor=actor, instance=guest)
    guest.delete()
    _send_after_commit(meeting=meeting, invitation_ids=[], former_guests=former, kind="withdraw", base_url=base_url)


@dataclass(frozen=True)
class AttendanceEntry:
    status: str
    member: BodyMembership | None = None
    guest: MeetingGuest | None = None
    represented_by: str = ""


@transaction.atomic
def attendance_record(*, actor: Actor | None, meeting: Meeting, entries: Sequence[AttendanceEntry]) -> Meeting:
    """Record who was there; the meeting counts as held from then on."""
    _lock(meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationFailed(_("A cancelled meeting has no attendance."))
    if meeting.start > timezone.now():
        raise ValidationFailed(_("Attendance can be recorded once the meeting has begun."))
    if meeting.minutes_status == Meeting.MinutesStatus.APPROVED:
        raise ValidationFailed(_("The minutes are approved; the attendance can no longer be changed."))
    for entry in entries:
        if entry.status not in Attendance.Status.values:
            raise ValidationFailed(_("Please choose present, excused or absent."))
        if (entry.member is None) == (entry.guest is None):
            raise ValidationFailed(_("Each entry names one member or one guest."))
        if entry.member is not None and entry.member.body_id != meeting.body_id:
            raise ValidationFailed(_("This person is not a member of the body."))
        if entry.guest is not None and entry.guest.meeting_id != meeting.pk:
            raise ValidationFailed(_("This guest is not invited to this meeting."))
        lookup: dict[str, Any] = {"member": entry.member} if entry.member is not None else {"guest": entry.guest}
        attendance = Attendance.objects.filter(meeting=meeting, **lookup).first()
        if attendance is None:
            attendance = Attendance(
                region=meeting.region,
                meeting=meeting,
                status=entry.status,
                represented_by=entry.represented_by.strip(),
                **lookup,
            )
            _create(actor=actor, instance=attendance)
        else:
            _update(
                actor=actor,
                instance=attendance,
                values={"status": entry.status, "represented_by": entry.represented_by.strip()},
            )
    if meeting.status != Meeting.Status.HELD:
        _check_transition(
            MEETING_TRANSITIONS,
            meeting.status,
            Meeting.Status.HELD,
            _("A cancelled meeting has no attendance."),
        )
        _update(actor=actor, instance=meeting, values={"status": Meeting.Status.HELD})
    return meeting


# --- agenda ----------------------------------------------------------------------------------


def _ensure_agenda_editable(meeting: Meeting) -> None:
    if meeting.deleted_at is not None or meeting.status == Meeting.Status.CANCELLED:
        raise ValidationFailed(_("A cancelled meeting cannot be changed."))
    if meeting.minutes_status == Meeting.MinutesStatus.APPROVED:
        raise ValidationFailed(_("The minutes are approved; the agenda can no longer be changed."))


def _check_parent(item: AgendaItem, parent: AgendaItem | None) -> None:
    if parent is None:
        return
    if parent.meeting_id != item.meeting_id or parent.deleted_at is not None:
        raise ValidationFailed(_("The parent item must belong to the same meeting."), field="parent")
    if parent.parent_id is not None:
        raise ValidationFailed(_("Agenda items can be nested one level deep."), field="parent")
    if item.pk is not None and parent.pk == item.pk:
        raise ValidationFailed(_("An item cannot be placed under itself."), field="parent")
    if item.pk is not None and item.children.alive().exists():
        raise ValidationFailed(_("An item with sub-items cannot be placed under another item."), field="parent")


def _renumber(meeting: Meeting) -> None:
    """Positions 1…n per level without gaps and labels "1", "2", "2.1" …"""
    items = list(meeting.agenda_items.alive().order_by("position", "created_at"))
    top = [item for item in items if item.parent_id is None]
    for index, item in enumerate(top, start=1):
        _set_position(item, index, str(index))
        children = [child for child in items if child.parent_id == item.pk]
        for child_index, child in enumerate(children, start=1):
            _set_position(child, child_index, f"{index}.{child_index}")


def _set_position(item: AgendaItem, position: int, number: str) -> None:
    if item.position != position or item.number != number:
        item.position, item.number = position, number
        item.save(update_fields=["position", "number", "updated_at"])


def _siblings(item: AgendaItem) -> models.QuerySet[AgendaItem]:
    return AgendaItem.objects.alive().filter(meeting_id=item.meeting_id, parent_id=item.parent_id)


@transaction.atomic
def agenda_item_add(
    *,
    actor: Actor | None,
    meeting: Meeting,
    title: str,
    text: str = "",
    public: bool = True,
    parent: AgendaItem | None = None,
    paper: Paper | None = None,
) -> AgendaItem:
    _lock(meeting)
    _ensure_agenda_editable(meeting)
    _same_region(meeting.region, paper)
    if paper is not None and (paper.body_id != meeting.body_id or paper.deleted_at is not None):
        raise ValidationFailed(_("The paper must belong to the body of the meeting."), field="paper")
    item = AgendaItem(
        region=meeting.region,
        meeting=meeting,
        parent=parent,
        title=title.strip(),
        text=text,
        public=public,
        paper=paper,
    )
    _check_parent(item, parent)
    if parent is not None and not parent.public and public:
        raise ValidationFailed(_("A sub-item of a non-public item cannot be public."), field="public")
    highest = AgendaItem.objects.alive().filter(meeting=meeting, parent=parent).aggregate(n=Max("position"))["n"]
    item.position = (highest or 0) + 1
    _create(actor=actor, instance=item)
    _renumber(meeting)
    item.refresh_from_db()
    return item


@transaction.atomic
def agenda_item_update(
    *,
    actor: Actor | None,
    item: AgendaItem,
    title: str,
    text: str,
    public: bool,
    paper: Paper | None,
    parent: AgendaItem | None,
    minutes_note: str | None = None,
) -> AgendaItem:
    meeting = item.meeting
    _lock(meeting)
    _ensure_agenda_editable(meeting)
    _same_region(meeting.region, paper)
    if paper is not None and (paper.body_id != meeting.body_id or paper.deleted_at is not None):
        raise ValidationFailed(_("The paper must belong to the body of the meeting."), field="paper")
    _check_parent(item, parent)
    if parent is not None and not parent.public and public:
        raise ValidationFailed(_("A sub-item of a non-public item cannot be public."), field="public")
    values: dict[str, Any] = {"title": title.strip(), "text": text, "public": public, "paper": paper}
    if minutes_note is not None:
        values["minutes_note"] = minutes_note
    if parent != item.parent:
        highest = AgendaItem.objects.alive().filter(meeting=meeting, parent=parent).aggregate(n=Max("position"))["n"]
        values["parent"] = parent
        values["position"] = (highest or 0) + 1
    _update(actor=actor, instance=item, values=values)
    if not public:
        # Sub-items of a non-public item are non-public too.
        for child in item.children.alive().filter(public=True):
            _update(actor=actor, instance=child, values={"public": False})
    _renumber(meeting)
    item.refresh_from_db()
    return item


@transaction.atomic
def agenda_item_move(*, actor: Actor | None, item: AgendaItem, direction: str) -> AgendaItem:
    """Swap the item with its neighbour above (``up``) or below (``down``) on the same level."""
    meeting = item.meeting
    _lock(meeting)
    _ensure_agenda_editable(meeting)
    siblings = list(_siblings(item).order_by("position", "created_at"))
    index = next((i for i, sibling in enumerate(siblings) if sibling.pk == item.pk), None)
    if index is None:
        raise ValidationFailed(_("This agenda item has been removed."))
    if direction not in {"up", "down"}:
        raise ValidationFailed(_("Please choose up or down."))
    other_index = index - 1 if direction == "up" else index + 1
    if other_index < 0 or other_index >= len(siblings):
        raise ValidationFailed(_("The item is already at this end of the agenda."))
    other = siblings[other_index]
    before = audit.snapshot(item, ["position"])
    siblings[index], siblings[other_index] = other, item
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position", "updated_at"])
    audit.record_update(actor=actor, instance=item, before=before)
    _renumber(meeting)
    item.refresh_from_db()
    return item


@transaction.atomic
def agenda_item_nest(*, actor: Actor | None, item: AgendaItem, parent: AgendaItem | None) -> AgendaItem:
    """Place the item under ``parent`` (or back on the top level with ``None``)."""
    return agenda_item_update(
        actor=actor,
        item=item,
        title=item.title,
        text=item.text,
        public=item.public if parent is None or parent.public else False,
        paper=item.paper,
        parent=parent,
    )


@transaction.atomic
def agenda_item_remove(*, actor: Actor | None, item: AgendaItem) -> None:
    meeting = item.meeting
    _lock(meeting)
    _ensure_agenda_editable(meeting)
    if item.decisions.exists():
        raise ValidationFailed(_("An item with recorded decisions cannot be removed."))
    now = timezone.now()
    for child in item.children.alive():
        if child.decisions.exists():
            raise ValidationFailed(_("An item with recorded decisions cannot be removed."))
        _update(actor=actor, instance=child, values={"deleted_at": now})
    _update(actor=actor, instance=item, values={"deleted_at": now})
    _renumber(meeting)


# --- papers and files -------------------------------------------------------------------------


@transaction.atomic
def paper_create(
    *,
    actor: Actor | None,
    body: Body,
    reference: str,
    title: str,
    kind: str = Paper.Kind.PROPOSAL,
    text: str = "",
    published_on: dt.date | None = None,
    confidential: bool = False,
) -> Paper:
    if body.deleted_at is not None:
        raise ValidationFailed(_("This body has been removed."))
    reference = reference.strip()
    conflict = ValidationFailed(_("This reference number is already in use in the region."), field="reference")
    if Paper.objects.filter(region=body.region, reference__iexact=reference).exists():
        raise conflict
    paper = Paper(
        region=body.region,
        body=body,
        reference=reference,
        title=title.strip(),
        kind=kind,
        text=text,
        published_on=published_on,
        confidential=confidential,
    )
    _create(actor=actor, instance=paper, conflict=conflict)
    return paper


@transaction.atomic
def paper_update(
    *,
    actor: Actor | None,
    paper: Paper,
    title: str,
    kind: str,
    text: str,
    published_on: dt.date | None,
    confidential: bool,
) -> Paper:
    if paper.deleted_at is not None:
        raise ValidationFailed(_("This paper has been removed."))
    _update(
        actor=actor,
        instance=paper,
        values={
            "title": title.strip(),
            "kind": kind,
            "text": text,
            "published_on": published_on,
            "confidential": confidential,
        },
    )
    return paper


def _mime_type(upload: UploadedFile) -> str:
    guessed, _encoding = mimetypes.guess_type(upload.name or "")
    return guessed or "application/octet-stream"


# The first bytes each accepted type starts with (office formats: ZIP or the old OLE container).
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
FILE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "application/msword": (_OLE,),
    "application/vnd.ms-excel": (_OLE,),
}


def _content_matches(upload: UploadedFile, mime: str) -> bool:
    """Does the content look like the type its name claims? (Text must not be binary.)"""
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if mime.startswith("text/"):
        return b"\x00" not in head
    if mime.startswith(("application/vnd.openxmlformats", "application/vnd.oasis")):
        return head.startswith(_ZIP)
    return head.startswith(FILE_SIGNATURES.get(mime, (b"",)))


@transaction.atomic
def file_attach(
    *,
    actor: Actor | None,
    upload: UploadedFile,
    paper: Paper | None = None,
    agenda_item: AgendaItem | None = None,
    meeting: Meeting | None = None,
) -> File:
    """Store a document for a paper, an agenda item or a meeting (outside the web root)."""
    parents = [p for p in (paper, agenda_item, meeting) if p is not None]
    if len(parents) != 1:
        raise ValidationFailed(_("A document belongs to exactly one paper, agenda item or meeting."))
    parent = parents[0]
    region = parent.region
    if getattr(parent, "deleted_at", None) is not None:
        raise ValidationFailed(_("This entry has been removed."))
    size = upload.size or 0
    if size == 0:
        raise ValidationFailed(_("The file is empty."), field="upload")
    if size > MAX_FILE_SIZE:
        raise ValidationFailed(_("The file is larger than 20 MB."), field="upload")
    mime = _mime_type(upload)
    if mime not in ALLOWED_FILE_TYPES:
        raise ValidationFailed(
            _("This file type is not accepted. Please upload PDF, office documents, text or images."),
            field="upload",
        )
    if not _content_matches(upload, mime):
        raise ValidationFailed(
            _("The content of the file does not match its file type. Please check the file."), field="upload"
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = (upload.name or "dokument").rsplit("/", 1)[-1][:255]
    stored = File(
        region=region,
        paper=paper,
        agenda_item=agenda_item,
        meeting=meeting,
        name=name,
        mime_type=mime,
        size=size,
        sha256=digest.hexdigest(),
    )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else "bin"
    stored.file.save(f"{uuid.uuid4()}.{extension}", upload, save=False)
    try:
        _full_clean(stored)
        _save(stored, conflict=ConflictError(_("The entry could not be saved. Please try again.")))
    except ApplicationError:
        stored.file.delete(save=False)
        raise
    # The audit entry names the stored path as text (a FieldFile is no JSON value).
    values = audit.snapshot(stored, [f.name for f in File._meta.concrete_fields if f.name != "file"])
    values["file"] = stored.file.name
    audit.record(
        actor=actor,
        action="create",
        object_type=audit.object_type_of(stored),
        object_id=stored.pk,
        region=region,
        changes={key: [None, value] for key, value in values.items() if value not in (None, "")},
    )
    return stored


@transaction.atomic
def file_remove(*, actor: Actor | None, file: File) -> None:
    """Mark a document as removed (OParl keeps answering for it with ``deleted``); the stored file stays."""
    File.objects.select_for_update().filter(pk=file.pk).get()
    if file.deleted_at is not None:
        raise ValidationFailed(_("This document has already been removed."))
    meeting = file.owning_meeting
    if meeting is not None and meeting.minutes_status == Meeting.MinutesStatus.APPROVED:
        raise ValidationFailed(_("The minutes are approved; the documents of the meeting can no longer be changed."))
    file.deleted_at = timezone.now()
    file.save(update_fields=["deleted_at", "updated_at"])
    audit.record(
        actor=actor,
        action="update",
        object_type=audit.object_type_of(file),
        object_id=file.pk,
        region=file.region,
        changes={"deleted_at": [None, file.deleted_at.isoformat()]},
    )


# --- minutes, decisions, action items -------------------------------------------------------


@transaction.atomic
def minutes_update(
    *,
    actor: Actor | None,
    meeting: Meeting,
    minutes_text: str,
    minutes_confidential_text: str | None = None,
    item_notes: dict[uuid.UUID, str] | None = None,
) -> Meeting:
    """Save the minutes. ``minutes_text`` is seen by every member who sees the minutes
    (permanent guests included); ``minutes_confidential_text`` only by those entitled to
    non-public items. ``None`` leaves the confidential part unchanged."""
    _lock(meeting)
    if meeting.minutes_status == Meeting.MinutesStatus.APPROVED:
        raise InvalidTransition(_("The minutes are approved and can no longer be changed."))
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationFailed(_("A cancelled meeting has no minutes."))
    values = {"minutes_text": minutes_text}
    if minutes_confidential_text is not None:
        values["minutes_confidential_text"] = minutes_confidential_text
    _update(actor=actor, instance=meeting, values=values)
    for item in meeting.agenda_items.alive():
        if item_notes is not None and item.pk in item_notes:
            _update(actor=actor, instance=item, values={"minutes_note": item_notes[item.pk]})
    return meeting


MINUTES_MESSAGES = {
    Meeting.MinutesStatus.CIRCULATED: "circulate",
    Meeting.MinutesStatus.APPROVED: "approve",
    Meeting.MinutesStatus.DRAFT: "revise",
}


@transaction.atomic
def minutes_transition(*, actor: Actor | None, meeting: Meeting, target: str) -> Meeting:
    """draft → circulated for comments → approved; circulated minutes can go back to draft."""
    _lock(meeting)
    _check_transition(
        MINUTES_TRANSITIONS,
        meeting.minutes_status,
        target,
        _("The minutes cannot change from “%(current)s” to “%(target)s”.")
        % {
            "current": Meeting.MinutesStatus(meeting.minutes_status).label,
            "target": Meeting.MinutesStatus(target).label if target in Meeting.MinutesStatus.values else target,
        },
    )
    if meeting.status != Meeting.Status.HELD:
        raise InvalidTransition(_("Minutes can be circulated once the attendance of the meeting is recorded."))
    if target == Meeting.MinutesStatus.CIRCULATED and not meeting.minutes_text.strip():
        raise ValidationFailed(_("Please write the minutes before circulating them."), field="minutes_text")
    values: dict[str, Any] = {"minutes_status": target}
    if target == Meeting.MinutesStatus.APPROVED:
        values["minutes_approved_on"] = timezone.localdate()
    _update(actor=actor, instance=meeting, values=values)
    return meeting


MAX_COMMENT_LENGTH = 4000


@transaction.atomic
def minutes_comment_add(*, actor: Actor, meeting: Meeting, text: str) -> MinutesComment:
    """A member comments on the minutes while they are circulated for comments."""
    _lock(meeting)
    if meeting.deleted_at is not None or meeting.minutes_status != Meeting.MinutesStatus.CIRCULATED:
        raise InvalidTransition(_("Comments are only possible while the minutes are circulated for comments."))
    day = timezone.localdate()
    if not BodyMembership.objects.current(on=day).filter(body_id=meeting.body_id, user_id=actor.pk).exists():
        raise PermissionDeniedError(_("Only members of the body can comment on its minutes."))
    text = text.strip()
    if not text:
        raise ValidationFailed(_("Please enter your comment."), field="text")
    if len(text) > MAX_COMMENT_LENGTH:
        raise ValidationFailed(
            _("Please shorten your comment to %(count)s characters.") % {"count": MAX_COMMENT_LENGTH}, field="text"
        )
    comment = MinutesComment(region=meeting.region, meeting=meeting, author_id=actor.pk, text=text)
    _create(actor=actor, instance=comment)
    return comment


def minutes_circulate(*, actor: Actor | None, meeting: Meeting) -> Meeting:
    return minutes_transition(actor=actor, meeting=meeting, target=Meeting.MinutesStatus.CIRCULATED)


def minutes_approve(*, actor: Actor | None, meeting: Meeting) -> Meeting:
    return minutes_transition(actor=actor, meeting=meeting, target=Meeting.MinutesStatus.APPROVED)


@transaction.atomic
def decision_record(
    *,
    actor: Actor | None,
    agenda_item: AgendaItem,
    text: str,
    result: str,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
) -> Decision:
    meeting = agenda_item.meeting
    _lock(meeting)
    if agenda_item.deleted_at is not None:
        raise ValidationFailed(_("This agenda item has been removed."))
    if meeting.status != Meeting.Status.HELD:
        raise ValidationFailed(_("Decisions can be recorded once the attendance of the meeting is recorded."))
    if meeting.minutes_status == Meeting.MinutesStatus.APPROVED:
        raise ValidationFailed(_("The minutes are approved; no decisions can be added."))
    votes = [v for v in (votes_for, votes_against, abstentions) if v is not None]
    if any(v < 0 for v in votes):
        raise ValidationFailed(_("Votes cannot be negative."), field="votes_for")
    if votes:
        present = meeting.attendances.filter(status=Attendance.Status.PRESENT, member__isnull=False)
        voting_present = present.filter(member__role=BodyMembership.Role.VOTING).count()
        if voting_present and sum(votes) > voting_present:
            raise ValidationFailed(
                _("More votes than voting members present (%(count)s).") % {"count": voting_present},
                field="votes_for",
            )
    decision = Decision(
        region=meeting.region,
        agenda_item=agenda_item,
        text=text.strip(),
        result=result,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
    )
    _create(actor=actor, instance=decision)
    return decision


@transaction.atomic
def action_item_add(
    *,
    actor: Actor | None,
    meeting: Meeting,
    text: str,
    agenda_item: AgendaItem | None = None,
    responsible_member: BodyMembership | None = None,
    responsible_text: str = "",
    due_on: dt.date | None = None,
) -> ActionItem:
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationFailed(_("A cancelled meeting cannot be changed."))
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationFailed(_("The agenda item must belong to this meeting."), field="agenda_item")
    if responsible_member is not None and responsible_member.body_id != meeting.body_id:
        raise ValidationFailed(_("The responsible person must be a member of the body."), field="responsible_member")
    if responsible_member is None and not responsible_text.strip():
        raise ValidationFailed(_("Please name who is responsible."), field="responsible_member")
    item = ActionItem(
        region=meeting.region,
        body_id=meeting.body_id,
        origin_meeting=meeting,
        origin_agenda_item=agenda_item,
        text=text.strip(),
        responsible_member=responsible_member,
        responsible_text=responsible_text.strip() if responsible_member is None else "",
        due_on=due_on,
    )
    _create(actor=actor, instance=item)
    return item


@transaction.atomic
def action_item_set_status(
    *, actor: Actor | None, action_item: ActionItem, status: str, on: dt.date | None = None
) -> ActionItem:
    _lock(action_item)
    _check_transition(
        ACTION_ITEM_TRANSITIONS,
        action_item.status,
        status,
        _("This action item cannot change to this status."),
    )
    done_on = None if status == ActionItem.Status.OPEN else (on or timezone.localdate())
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationFailed(_("The date cannot lie in the future."), field="done_on")
    _update(actor=actor, instance=action_item, values={"status": status, "done_on": done_on})
    return action_item


def action_item_complete(*, actor: Actor | None, action_item: ActionItem, on: dt.date | None = None) -> ActionItem:
    return action_item_set_status(actor=actor, action_item=action_item, status=ActionItem.Status.DONE, on=on)


# --- e-mail ---------------------------------------------------------------------------------


def _send_after_commit(
    *,
    meeting: Meeting,
    invitation_ids: list[uuid.UUID],
    kind: str,
    base_url: str,
    reason: str = "",
    guest_ids: list[uuid.UUID] | None = None,
    former_guests: list[tuple[str, str]] | None = None,
) -> None:
    guests = list(guest_ids or [])
    former = list(former_guests or [])
    if not invitation_ids and not guests and not former:
        return
    meeting_id = meeting.pk
    transaction.on_commit(
        lambda: send_meeting_mails(
            meeting_id=meeting_id,
            invitation_ids=invitation_ids,
            guest_ids=guests,
            former_guests=former,
            kind=kind,
            base_url=base_url,
            reason=reason,
        )
    )


@dataclass(frozen=True)
class _Recipient:
    address: str
    name: str
    reply_url: str = ""
    has_account: bool = False
    ref: str = ""  # for the log: invitation or guest id, never the address


def send_meeting_mails(
    *,
    meeting_id: uuid.UUID,
    invitation_ids: list[uuid.UUID],
    kind: str,
    base_url: str,
    reason: str = "",
    guest_ids: list[uuid.UUID] | None = None,
    former_guests: list[tuple[str, str]] | None = None,
) -> int:
    """Send invitations (``invite``), changes (``update``) or cancellations (``cancel``), each with its own .ics.

    Recipients are the members behind ``invitation_ids`` and the meeting's guests behind
    ``guest_ids``; ``former_guests`` (``(e-mail, name)``) are guests who were invited and
    have been removed or changed their address: they get a withdrawal with ``METHOD:CANCEL``.
    Every attachment is an iTIP message (RFC 5546, ``REQUEST`` or ``CANCEL``) with the
    body as ORGANIZER and exactly its recipient as ATTENDEE, so no one learns the other
    invitees' addresses and calendar programs match the reply to the right person.
    The mail names the public agenda items only; non-public items are seen on the platform.
    Returns how many e-mails went out; a failing mail server is logged, never raised.
    """
    from kim.committees.ical import meeting_to_ical

    meeting = Meeting.objects.select_related("body", "region").get(pk=meeting_id)
    recipients: list[tuple[_Recipient, str]] = []
    for invitation in Invitation.objects.filter(pk__in=invitation_ids).select_related("member", "member__user"):
        if invitation.member.email:
            reply = urljoin(
                base_url, reverse("committees:invitation_reply_by_link", kwargs={"token": invitation.token})
            )
            recipient = _Recipient(
                address=invitation.member.email,
                name=invitation.member.display_name,
                reply_url=reply,
                has_account=invitation.member.user_id is not None,
                ref=f"invitation {invitation.pk}",
            )
            recipients.append((recipient, kind))
    for guest in MeetingGuest.objects.filter(pk__in=guest_ids or [], meeting=meeting).exclude(email=""):
        recipients.append((_Recipient(address=guest.email, name=guest.name, ref=f"guest {guest.pk}"), kind))
    for address, name in former_guests or []:
        if address:
            recipients.append((_Recipient(address=address, name=name, ref="former guest"), "withdraw"))
    items = list(meeting.agenda_items.alive().order_by("parent_id", "position"))
    public_items = sorted((i for i in items if i.public), key=agenda_sort_key)
    hidden = sum(1 for i in items if not i.public)
    meeting_url = urljoin(base_url, reverse("committees:meeting_detail", kwargs={"pk": meeting.pk}))
    sent = 0
    for recipient, mail_kind in recipients:
        method = "CANCEL" if mail_kind in {"cancel", "withdraw"} else "REQUEST"
        context = {
            "meeting": meeting,
            "recipient_name": recipient.name,
            "region": meeting.region,
            "public_items": public_items,
            "hidden_items": hidden,
            "meeting_url": meeting_url,
            "reply_url": recipient.reply_url,
            "has_account": recipient.has_account,
            "kind": mail_kind,
            "reason": reason,
        }
        with translation.override(settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
            subject = " ".join(render_to_string("committees/email/meeting_subject.txt", context).split())
            body = render_to_string("committees/email/meeting_body.txt", context)
            calendar = meeting_to_ical(meeting, method=method, attendee=(recipient.address, recipient.name))
        message = EmailMessage(subject, body, None, [recipient.address])
        message.attach(
            "absage.ics" if method == "CANCEL" else "einladung.ics",
            calendar,
            f"text/calendar; charset=utf-8; method={method}",
        )
        try:
            message.send()
        except (smtplib.SMTPException, OSError):
            logger.exception("Meeting e-mail (%s) could not be sent", recipient.ref)
            continue
        sent += 1
    return sent


def agenda_sort_key(item: AgendaItem) -> tuple[int, ...]:
    return tuple(int(part) for part in item.number.split(".") if part.isdigit()) or (item.position,)
