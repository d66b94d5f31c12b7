"""Reads on bodies and meetings, always scoped to the region and to what the viewer may see.

Single objects come through ``*_get_for_viewer``: anything the viewer may not know
exists raises ``DoesNotExist`` and the view answers 404.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from kim.accounts.roles import Capability
from kim.committees import permissions
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
from kim.committees.permissions import Viewer
from kim.core.models import Region


def viewer_for(*, user: Any, region: Region) -> Viewer:
    """The viewer with their current seats in the region's bodies (one query)."""
    manages = bool(user.is_authenticated and user.has_perm(f"kim.{Capability.MANAGE_COMMITTEES}", region))
    seats: dict[uuid.UUID, BodyMembership] = {}
    if user.is_authenticated:
        for seat in BodyMembership.objects.current().filter(region=region, user=user, body__deleted_at__isnull=True):
            # A person with two seats in one body (should not happen) counts with the stronger one.
            known = seats.get(seat.body_id)
            if known is None or (seat.is_entitled_to_confidential and not known.is_entitled_to_confidential):
                seats[seat.body_id] = seat
    return Viewer(user_id=getattr(user, "pk", None), region=region, manages=manages, seats=seats)


# --- bodies -----------------------------------------------------------------------------------


def _published_meeting_exists() -> Exists:
    return Exists(Meeting.objects.alive().filter(body=OuterRef("pk"), published=True))


# Bodies are listed from the steering group down to the case conferences.
KIND_ORDER = Case(
    *(When(kind=kind, then=Value(position)) for position, kind in enumerate(Body.Kind.values)),
    default=Value(99),
    output_field=IntegerField(),
)


def bodies_for_viewer(*, viewer: Viewer) -> QuerySet[Body]:
    bodies = (
        Body.objects.alive()
        .filter(region=viewer.region)
        .select_related("municipality", "parent")
        .order_by(KIND_ORDER, "name")
    )
    if viewer.manages:
        return bodies
    return bodies.filter(Q(pk__in=list(viewer.seats)) | _published_meeting_exists())


def body_get_for_viewer(*, viewer: Viewer, id: Any) -> Body:
    return bodies_for_viewer(viewer=viewer).get(pk=id)


def body_get_for_manager(*, viewer: Viewer, id: Any) -> Body:
    if not viewer.manages:
        raise Body.DoesNotExist
    return body_get_for_viewer(viewer=viewer, id=id)


def bodies_for_region(*, region: Region) -> QuerySet[Body]:
    return Body.objects.alive().filter(region=region)


def members_of_body(*, body: Body, include_past: bool = False) -> QuerySet[BodyMembership]:
    members = BodyMembership.objects.alive().filter(body=body) if include_past else BodyMembership.objects.current()
    return (
        members.filter(body=body)
        .select_related("user", "organisation", "deputy_of", "deputy_of__user")
        .order_by("role", "deputy_of_id", "function", "external_name", "user__last_name")
    )


def membership_get_for_body(*, body: Body, id: Any) -> BodyMembership:
    return BodyMembership.objects.alive().select_related("user", "body").get(body=body, pk=id)


# --- meetings ---------------------------------------------------------------------------------


def _meetings_visible(viewer: Viewer) -> QuerySet[Meeting]:
    meetings = Meeting.objects.alive().filter(region=viewer.region, body__deleted_at__isnull=True)
    if viewer.manages:
        return meetings
    return meetings.filter(Q(body_id__in=list(viewer.seats)) | Q(published=True))


def meetings_for_body(*, viewer: Viewer, body: Body) -> QuerySet[Meeting]:
    return _meetings_visible(viewer).filter(body=body).order_by("-start")


def meeting_get_for_viewer(*, viewer: Viewer, id: Any) -> Meeting:
    return _meetings_visible(viewer).select_related("body", "body__municipality", "region").get(pk=id)


def meeting_get_for_manager(*, viewer: Viewer, id: Any) -> Meeting:
    if not viewer.manages:
        raise Meeting.DoesNotExist
    return meeting_get_for_viewer(viewer=viewer, id=id)


def upcoming_meetings_for(*, viewer: Viewer, limit: int = 5, only_own: bool = True) -> list[Meeting]:
    """The next meetings of the viewer's bodies (managers: of all bodies), cancelled ones included."""
    meetings = _meetings_visible(viewer).filter(start__gte=timezone.now() - dt.timedelta(hours=12))
    if only_own and not viewer.manages:
        meetings = meetings.filter(body_id__in=list(viewer.seats))
    return list(meetings.select_related("body").order_by("start")[:limit])


@dataclass
class AgendaEntry:
    item: AgendaItem
    children: list[AgendaEntry] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    files: list[File] = field(default_factory=list)
    paper_visible: bool = False


def agenda_for(*, viewer: Viewer, meeting: Meeting) -> list[AgendaEntry]:
    """The agenda as a tree of the items the viewer may see (confidential ones dropped)."""
    items = (
        meeting.agenda_items.alive()
        .select_related("paper")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.order_by("created_at")),
            Prefetch("files", queryset=File.objects.alive().order_by("name")),
        )
        .order_by("position", "created_at")
    )
    visible = [item for item in items if permissions.can_see_agenda_item(viewer, item, meeting)]
    by_parent: dict[uuid.UUID | None, list[AgendaEntry]] = {}
    entries: dict[uuid.UUID, AgendaEntry] = {}
    for item in visible:
        entry = AgendaEntry(
            item=item,
            decisions=list(item.decisions.all()),
            files=list(item.files.all()),
            paper_visible=item.paper is not None
            and permissions.can_see_paper(
                viewer, item.paper, on_published_public_item=meeting.published and item.public
            ),
        )
        entries[item.pk] = entry
        by_parent.setdefault(item.parent_id, []).append(entry)
    top = by_parent.get(None, [])
    for entry in top:
        entry.children = by_parent.get(entry.item.pk, [])
    return top


def agenda_items_for_manager(*, meeting: Meeting) -> QuerySet[AgendaItem]:
    return meeting.agenda_items.alive().order_by("parent_id", "position")


def agenda_item_get_for_manager(*, viewer: Viewer, id: Any) -> AgendaItem:
    if not viewer.manages:
        raise AgendaItem.DoesNotExist
    return (
        AgendaItem.objects.alive()
        .select_related("meeting", "meeting__body", "paper", "parent")
        .get(region=viewer.region, meeting__deleted_at__isnull=True, pk=id)
    )


# The origin item with the one level above it (agenda items nest two levels deep).
ACTION_ITEM_RELATED = (
    "origin_meeting",
    "origin_agenda_item",
    "origin_agenda_item__parent",
    "responsible_member",
    "responsible_member__user",
)


def _visible_action_items(viewer: Viewer, items: QuerySet[ActionItem]) -> list[ActionItem]:
    return [a for a in items if permissions.can_see_action_item(viewer, a)]


def open_action_items_before(*, viewer: Viewer, meeting: Meeting) -> list[ActionItem]:
    """Action items of earlier meetings of the body that were still open when this meeting began.

    They come back on every following agenda until they are done. Items from non-public
    agenda items are left out for viewers not entitled to see those.
    """
    day = timezone.localtime(meeting.start).date()
    items = (
        ActionItem.objects.filter(
            body_id=meeting.body_id,
            origin_meeting__start__lt=meeting.start,
        )
        .filter(Q(status=ActionItem.Status.OPEN) | Q(done_on__gte=day))
        .select_related(*ACTION_ITEM_RELATED)
        .order_by("due_on", "created_at")
    )
    return _visible_action_items(viewer, items)


def action_items_of_meeting(*, viewer: Viewer, meeting: Meeting) -> list[ActionItem]:
    items = (
        ActionItem.objects.filter(origin_meeting=meeting)
        .select_related(*ACTION_ITEM_RELATED)
        .order_by("due_on", "created_at")
    )
    return _visible_action_items(viewer, items)


def action_items_for_body(*, viewer: Viewer, body: Body, open_only: bool = True) -> list[ActionItem]:
    items = ActionItem.objects.filter(body=body)
    if open_only:
        items = items.filter(status=ActionItem.Status.OPEN)
    return _visible_action_items(viewer, items.select_related(*ACTION_ITEM_RELATED).order_by("due_on", "created_at"))


def action_item_get_for_manager(*, viewer: Viewer, id: Any) -> ActionItem:
    if not viewer.manages:
        raise ActionItem.DoesNotExist
    return ActionItem.objects.select_related("origin_meeting", "body").get(region=viewer.region, pk=id)


def invitations_of(*, meeting: Meeting) -> QuerySet[Invitation]:
    return meeting.invitations.select_related(
        "member", "member__user", "member__organisation", "deputy_member", "deputy_member__user"
    ).order_by("member__role", "member__function")


def invitation_of_viewer(*, viewer: Viewer, meeting: Meeting) -> Invitation | None:
    if viewer.user_id is None:
        return None
    return (
        Invitation.objects.filter(meeting=meeting, member__user_id=viewer.user_id)
        .select_related("member", "deputy_member")
        .first()
    )


def guests_of(*, meeting: Meeting) -> QuerySet[MeetingGuest]:
    return meeting.guests.select_related("organisation").order_by("name")


def minutes_comments_for(*, viewer: Viewer, meeting: Meeting) -> list[MinutesComment]:
    """All comments for the coordination; a member sees only their own."""
    comments = MinutesComment.objects.filter(meeting=meeting).select_related("author").order_by("created_at")
    if viewer.manages:
        return list(comments)
    if viewer.user_id is None or not viewer.is_member(meeting.body_id):
        return []
    return list(comments.filter(author_id=viewer.user_id))


def guest_get_for_manager(*, viewer: Viewer, id: Any) -> MeetingGuest:
    if not viewer.manages:
        raise MeetingGuest.DoesNotExist
    return MeetingGuest.objects.select_related("meeting", "meeting__body", "organisation").get(
        region=viewer.region, meeting__deleted_at__isnull=True, pk=id
    )


ATTENDANCE_ORDER: dict[str, int] = {"present": 0, "excused": 1, "absent": 2}


def attendance_list(*, meeting: Meeting) -> list[Attendance]:
    """Members first (present, excused, absent), then the guests; by name within each group."""
    found = attendance_of(meeting=meeting)
    members = sorted(
        found["member"].values(),
        key=lambda a: (ATTENDANCE_ORDER.get(a.status, 9), a.member.display_name if a.member else ""),
    )
    guests = sorted(found["guest"].values(), key=lambda a: a.guest.name if a.guest else "")
    return [*members, *guests]


def attendance_of(*, meeting: Meeting) -> dict[str, dict[uuid.UUID, Attendance]]:
    result: dict[str, dict[uuid.UUID, Attendance]] = {"member": {}, "guest": {}}
    for attendance in meeting.attendances.select_related("member", "member__user", "guest"):
        if attendance.member_id is not None:
            result["member"][attendance.member_id] = attendance
        elif attendance.guest_id is not None:
            result["guest"][attendance.guest_id] = attendance
    return result


def meeting_files(*, viewer: Viewer, meeting: Meeting) -> list[File]:
    return [
        f for f in meeting.files.alive().order_by("name") if permissions.can_see_file(viewer, f, parent_visible=True)
    ]


# --- papers and files ---------------------------------------------------------------------------


def _on_published_public_item(paper: Paper) -> bool:
    return (
        paper.agenda_items.alive()
        .filter(public=True, meeting__published=True, meeting__deleted_at__isnull=True)
        .exists()
    )


def papers_for_body(*, viewer: Viewer, body: Body) -> list[Paper]:
    papers = Paper.objects.alive().filter(body=body).order_by("-published_on", "reference")
    if viewer.knows_body(body):
        return [p for p in papers if not p.confidential or viewer.is_entitled(body)]
    return [p for p in papers.filter(confidential=False) if _on_published_public_item(p)]


def paper_get_for_viewer(*, viewer: Viewer, id: Any) -> Paper:
    paper = Paper.objects.alive().select_related("body").get(region=viewer.region, pk=id, body__deleted_at__isnull=True)
    if not permissions.can_see_paper(viewer, paper, on_published_public_item=_on_published_public_item(paper)):
        raise Paper.DoesNotExist
    return paper


def paper_get_for_manager(*, viewer: Viewer, id: Any) -> Paper:
    if not viewer.manages:
        raise Paper.DoesNotExist
    return Paper.objects.alive().select_related("body").get(region=viewer.region, pk=id)


def papers_of_body_for_choice(*, body: Body) -> QuerySet[Paper]:
    return Paper.objects.alive().filter(body=body).order_by("reference")


def file_get_for_viewer(*, viewer: Viewer, id: Any) -> File:
    file = (
        File.objects.alive()
        .select_related("paper", "paper__body", "agenda_item", "agenda_item__meeting", "meeting")
        .get(region=viewer.region, pk=id)
    )
    if file.paper is not None:
        paper_get_for_viewer(viewer=viewer, id=file.paper_id)
        parent_visible = True
    else:
        meeting = file.owning_meeting
        if meeting is None:
            raise File.DoesNotExist
        meeting = meeting_get_for_viewer(viewer=viewer, id=meeting.pk)
        parent_visible = file.agenda_item is None or permissions.can_see_agenda_item(viewer, file.agenda_item, meeting)
    if not permissions.can_see_file(viewer, file, parent_visible=parent_visible):
        raise File.DoesNotExist
    return file


def users_for_membership(*, region: Region) -> QuerySet[Any]:
    from kim.accounts.models import User

    return (
        User.objects.filter(is_active=True, memberships__region=region)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def file_get_for_manager(*, viewer: Viewer, id: Any) -> File:
    if not viewer.manages:
        raise File.DoesNotExist
    return (
        File.objects.alive()
        .select_related("paper", "agenda_item", "agenda_item__meeting", "meeting")
        .get(region=viewer.region, pk=id)
    )


def invitation_get_by_token(*, token: str) -> Invitation:
    """The invitation a reply link names; cancelled, deleted or past meetings do not answer."""
    if not token or len(token) > 64:
        raise Invitation.DoesNotExist
    return (
        Invitation.objects.select_related("meeting", "meeting__body", "meeting__region", "member", "member__user")
        .filter(meeting__deleted_at__isnull=True, meeting__region__is_active=True)
        .get(token=token)
    )
