"""Objects of region A for the committee pages in the persona matrix, and the test world of the page tests.

The matrix reuses the committee world of the OParl tests (``oparl_world``): a steering
group with the persona ``lenkung`` as voting member and a published, invited meeting;
``projektgruppe`` sits only in the working group. ``build_committee`` is the richer world
of the service and page tests, written through the services.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from kim.committees import services
from kim.committees.models import ActionItem, Body, BodyMembership, Invitation, Meeting, MeetingGuest, Paper
from kim.committees.tests.matrix_feeds import oparl_world
from tests.permission_matrix import register_objects


def _invitation(w: Any) -> Invitation:
    o = oparl_world(w)
    invitation, _ = Invitation.objects.get_or_create(
        region=w.region, meeting=o.meeting, member=o.member_consent, defaults={"sent_at": timezone.now()}
    )
    return invitation


def _action_item(w: Any) -> ActionItem:
    o = oparl_world(w)
    item, _ = ActionItem.objects.get_or_create(
        region=w.region,
        body=o.steering,
        origin_meeting=o.meeting,
        text="Geschäftsordnung an alle Mitglieder versenden",
        defaults={"responsible_text": "Koordination"},
    )
    return item


def _guest(w: Any) -> MeetingGuest:
    o = oparl_world(w)
    guest, _ = MeetingGuest.objects.get_or_create(
        region=w.region, meeting=o.meeting, name="Gerda Gastreferentin", defaults={"topic": "Wohnen"}
    )
    return guest


for _name in (
    "committees:body_detail",
    "committees:body_update",
    "committees:membership_create",
    "committees:meeting_create",
    "committees:paper_create",
):
    register_objects(_name)(lambda w: {"pk": oparl_world(w).steering.pk})
for _name in ("committees:membership_update", "committees:membership_end"):
    register_objects(_name)(lambda w: {"pk": oparl_world(w).member_consent.pk})
for _name in (
    "committees:meeting_detail",
    "committees:meeting_update",
    "committees:meeting_cancel",
    "committees:meeting_invite",
    "committees:guest_create",
    "committees:attendance",
    "committees:agenda_item_create",
    "committees:minutes_edit",
    "committees:minutes_status",
    "committees:minutes_comment_create",
    "committees:action_item_create",
    "committees:meeting_file_upload",
    "committees:print_agenda",
    "committees:print_minutes",
):
    register_objects(_name)(lambda w: {"pk": oparl_world(w).meeting.pk})
register_objects("committees:invitation_reply")(lambda w: {"pk": _invitation(w).meeting_id})
register_objects("committees:invitation_reply_by_link")(lambda w: {"token": _invitation(w).token})
for _name in (
    "committees:agenda_item_update",
    "committees:agenda_item_move",
    "committees:agenda_item_remove",
    "committees:decision_create",
    "committees:agenda_item_file_upload",
):
    register_objects(_name)(lambda w: {"pk": oparl_world(w).item_public.pk})
for _name in ("committees:guest_update", "committees:guest_remove"):
    register_objects(_name)(lambda w: {"pk": _guest(w).pk})
register_objects("committees:action_item_status")(lambda w: {"pk": _action_item(w).pk})
for _name in ("committees:paper_detail", "committees:paper_update", "committees:paper_file_upload"):
    register_objects(_name)(lambda w: {"pk": oparl_world(w).paper_public.pk})
register_objects("committees:file_download")(lambda w: {"pk": oparl_world(w).file_public.pk})
register_objects("committees:file_remove")(lambda w: {"pk": oparl_world(w).file_public.pk})


# --- the world of the service and page tests -----------------------------------------------------


def at(days: int, hour: int = 10) -> dt.datetime:
    """A local time ``days`` from today (negative: in the past)."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def build_committee(w: Any) -> SimpleNamespace:
    """Steering group (lenkung voting, an external member, a permanent guest), a project group
    (projektgruppe), a held meeting with a confidential item, decisions and an open action item,
    and a planned next meeting."""
    from kim.accounts.models import Role
    from kim.accounts.tests.factories import MembershipFactory, UserFactory

    c = SimpleNamespace()
    region = w.region
    c.steering = services.body_create(actor=None, region=region, kind=Body.Kind.STEERING_GROUP, name="Lenkungsgruppe")
    c.project = services.body_create(
        actor=None,
        region=region,
        kind=Body.Kind.PROJECT_GROUP,
        name="Projektgruppe Sprache",
        parent=c.steering,
        mandate="Maßnahmen zur Sprachförderung erarbeiten",
        mandate_deadline=dt.date(2026, 12, 31),
    )
    start = dt.date(2022, 6, 1)
    c.seat_lenkung = services.membership_add(
        actor=None,
        body=c.steering,
        role=BodyMembership.Role.VOTING,
        user=w.users["lenkung"],
        function="Dezernent Schule/Bildung/Soziales/Jugend",
        start_on=start,
    )
    w.users["lenkung"].email = "lenkung@example.org"
    w.users["lenkung"].save(update_fields=["email"])
    c.seat_external = services.membership_add(
        actor=None,
        body=c.steering,
        role=BodyMembership.Role.VOTING,
        external_name="Erika Muster",
        external_email="erika.muster@example.org",
        organisation=w.partner_org,
        function="Vertretung der AG Wohlfahrt",
        start_on=start,
    )
    c.seat_no_mail = services.membership_add(
        actor=None,
        body=c.steering,
        role=BodyMembership.Role.VOTING,
        external_name="Otto Ohnemail",
        function="Kirchen",
        start_on=start,
    )
    guest_user = UserFactory.create(username="gast", first_name="Gabi", last_name="Gast", email="gast@example.org")
    MembershipFactory.create(user=guest_user, role=Role.objects.get(code="steering_member"), region=region)
    w.users["gast"] = guest_user
    c.seat_guest = services.membership_add(
        actor=None, body=c.steering, role=BodyMembership.Role.GUEST, user=guest_user, function="Gast", start_on=start
    )
    c.seat_project = services.membership_add(
        actor=None,
        body=c.project,
        role=BodyMembership.Role.VOTING,
        user=w.users["projektgruppe"],
        function="Jobcenter",
        start_on=start,
    )
    c.confidential_paper = services.paper_create(
        actor=None,
        body=c.steering,
        reference="LG-T/01",
        title="Personalplanung Koordination",
        kind=Paper.Kind.REPORT,
        confidential=True,
    )
    c.public_paper = services.paper_create(actor=None, body=c.steering, reference="LG-T/02", title="Geschäftsordnung")
    # A past meeting, held, with decisions and an action item.
    c.held = services.meeting_create(
        actor=None, body=c.steering, start=at(-30), end=at(-30, 12), location="Kreishaus, Raum 101", published=True
    )
    c.item_welcome = services.agenda_item_add(actor=None, meeting=c.held, title="Begrüßung", paper=c.public_paper)
    c.item_secret = services.agenda_item_add(
        actor=None, meeting=c.held, title="Personalangelegenheit Vertraulich", public=False, paper=c.confidential_paper
    )
    services.attendance_record(
        actor=None,
        meeting=c.held,
        entries=[
            services.AttendanceEntry(status="present", member=c.seat_lenkung),
            services.AttendanceEntry(status="present", member=c.seat_external),
            services.AttendanceEntry(status="excused", member=c.seat_no_mail),
        ],
    )
    c.decision_public = services.decision_record(
        actor=None, agenda_item=c.item_welcome, text="Die Geschäftsordnung wird beschlossen.", result="adopted"
    )
    c.decision_secret = services.decision_record(
        actor=None, agenda_item=c.item_secret, text="Stellenbesetzung Geheimsache", result="adopted"
    )
    c.action = services.action_item_add(
        actor=None,
        meeting=c.held,
        agenda_item=c.item_welcome,
        text="Geschäftsordnung an alle versenden",
        responsible_text="Koordination",
        due_on=timezone.localdate() + dt.timedelta(days=5),
    )
    # The next meeting, planned.
    c.next = services.meeting_create(actor=None, body=c.steering, start=at(14), end=at(14, 12), location="Kreishaus")
    c.item_next = services.agenda_item_add(actor=None, meeting=c.next, title="Bericht der Koordination")
    c.project_meeting = services.meeting_create(actor=None, body=c.project, start=at(7), location="Jobcenter, Raum 3")
    services.agenda_item_add(actor=None, meeting=c.project_meeting, title="Kursangebote sichten")
    c.meeting_model = Meeting
    return c
