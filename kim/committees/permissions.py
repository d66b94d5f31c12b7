"""Who sees what of a body: the rule, as predicates on a viewer and an object (no queries).

The rule (documented in docs and the helper report):

* Coordination and assistants (capability ``manage_committees``) see every body of
  their region with everything in it, drafts included.
* A person with ``view_committees`` who holds a current seat in a body (voting,
  advisory or permanent guest) sees that body: its members, all its meetings, the
  public agenda items, papers that are not confidential, open action items and the
  minutes once they are circulated.
* Non-public agenda items, confidential papers, their files and decisions are seen
  only by current *voting or advisory* members of that body (permanent guests and
  non-members never).
* Action items from a non-public agenda item (or from an item under a non-public one)
  and the minutes on non-public matters follow the same rule as non-public items.
* Members who see the minutes (not permanent guests' confidential part) may comment on
  them while they are circulated for comments; the coordination reads the comments.
* Of other bodies of the region, a person with ``view_committees`` sees only the
  published meetings with their public agenda items and decisions (what OParl
  publishes anyway); a body without published meetings does not exist for them (404).
* Nobody sees anything of another region (404).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from kim.committees.models import ActionItem, AgendaItem, Body, BodyMembership, Decision, File, Meeting, Paper
from kim.core.models import Region


@dataclass(frozen=True)
class Viewer:
    """The acting person in one region, with their current seats (loaded once per request)."""

    user_id: uuid.UUID | None
    region: Region
    manages: bool
    seats: dict[uuid.UUID, BodyMembership] = field(default_factory=dict)  # body id → current seat

    def is_member(self, body: Body | uuid.UUID) -> bool:
        return _body_id(body) in self.seats

    def is_entitled(self, body: Body | uuid.UUID) -> bool:
        """May see confidential material of the body."""
        if self.manages:
            return True
        seat = self.seats.get(_body_id(body))
        return seat is not None and seat.is_entitled_to_confidential

    def knows_body(self, body: Body | uuid.UUID) -> bool:
        """Sees the body as a member (members, all meetings, minutes)."""
        return self.manages or self.is_member(body)


def _body_id(body: Body | uuid.UUID) -> uuid.UUID:
    return body.pk if isinstance(body, Body) else body


def can_see_meeting(viewer: Viewer, meeting: Meeting) -> bool:
    if meeting.region_id != viewer.region.pk or meeting.deleted_at is not None:
        return False
    return viewer.knows_body(meeting.body_id) or meeting.published


def can_see_agenda_item(viewer: Viewer, item: AgendaItem, meeting: Meeting) -> bool:
    if item.deleted_at is not None:
        return False
    if not item.public:
        return viewer.is_entitled(meeting.body_id)
    return True


def can_see_minutes(viewer: Viewer, meeting: Meeting) -> bool:
    if viewer.manages:
        return True
    if not viewer.is_member(meeting.body_id):
        return False
    return meeting.minutes_status != Meeting.MinutesStatus.DRAFT


def can_see_confidential_minutes(viewer: Viewer, meeting: Meeting) -> bool:
    return can_see_minutes(viewer, meeting) and viewer.is_entitled(meeting.body_id)


def can_comment_minutes(viewer: Viewer, meeting: Meeting) -> bool:
    """Members who see the minutes comment on them while they are circulated."""
    return (
        viewer.user_id is not None
        and viewer.is_member(meeting.body_id)
        and meeting.minutes_status == Meeting.MinutesStatus.CIRCULATED
        and meeting.status == Meeting.Status.HELD
        and meeting.deleted_at is None
    )


def can_see_action_item(viewer: Viewer, action_item: ActionItem) -> bool:
    """As visible as the agenda item it comes from (and every item above that one)."""
    if not viewer.knows_body(action_item.body_id):
        return False
    item = action_item.origin_agenda_item
    while item is not None:
        if not item.public:
            return viewer.is_entitled(action_item.body_id)
        item = item.parent
    return True


def can_see_decision(viewer: Viewer, decision: Decision, meeting: Meeting) -> bool:
    return can_see_agenda_item(viewer, decision.agenda_item, meeting)


def can_see_paper(viewer: Viewer, paper: Paper, *, on_published_public_item: bool) -> bool:
    """``on_published_public_item``: the paper is on a public item of a published meeting."""
    if paper.region_id != viewer.region.pk or paper.deleted_at is not None:
        return False
    if paper.confidential:
        return viewer.is_entitled(paper.body_id)
    return viewer.knows_body(paper.body_id) or on_published_public_item


def can_see_file(viewer: Viewer, file: File, *, parent_visible: bool) -> bool:
    if file.region_id != viewer.region.pk or file.deleted_at is not None or not parent_visible:
        return False
    body = file.body
    if file.confidential:
        return body is not None and viewer.is_entitled(body)
    return True
