"""Committees: bodies, their members, meetings, agenda items, papers, minutes and decisions.

One generic ``Body`` covers the Lenkungsgruppe, the Arbeitskreis Schnittstellenmanagement,
project groups, the Entwicklungskonferenzen of the municipalities and case conferences;
the names are data, so every region names its bodies as it likes.

The models published through OParl (Body, BodyMembership, LegislativeTerm, Meeting,
AgendaItem, Paper, File) are never deleted: ``deleted_at`` marks them as removed, so the
OParl API can still answer with ``deleted: true`` for them.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any, Self

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.core.models import Municipality, Organisation, RegionScopedModel


def new_meeting_uid() -> str:
    """A globally unique, stable iCalendar UID for a meeting."""
    return f"{uuid.uuid4()}@kim-committees"


def new_reply_token() -> str:
    return secrets.token_urlsafe(32)


class SoftDeleteQuerySet(models.QuerySet[Any]):
    def alive(self) -> Self:
        return self.filter(deleted_at__isnull=True)

    def removed(self) -> Self:
        return self.filter(deleted_at__isnull=False)


class SoftDeleteModel(RegionScopedModel):
    """Rows that OParl exposes: marked as deleted instead of being removed."""

    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, db_index=True)

    objects = SoftDeleteQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Body(SoftDeleteModel):
    """A committee or working format of the region (Gremium)."""

    class Kind(models.TextChoices):
        STEERING_GROUP = "steering_group", _("Steering group")
        INTERFACE_WORKING_GROUP = "interface_working_group", _("Interface management working group")
        PROJECT_GROUP = "project_group", _("Project group")
        DEVELOPMENT_CONFERENCE = "development_conference", _("Development conference")
        CASE_CONFERENCE = "case_conference", _("Case conference")

    kind = models.CharField(_("Kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Short name"), max_length=60, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("Municipality"),
        help_text=_("For a development conference: the municipality it works for."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("Commissioned by"),
        help_text=_("For a project group: the body that commissioned it."),
    )
    mandate = models.TextField(_("Mandate"), blank=True)
    mandate_deadline = models.DateField(_("Mandate deadline"), null=True, blank=True)
    description = models.TextField(_("Description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("Body")
        verbose_name_plural = _("Bodies")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="committee_body_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name


class LegislativeTerm(SoftDeleteModel):
    """A period of a body (OParl LegislativeTerm), e.g. the funding period."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="terms", verbose_name=_("Body"))
    name = models.CharField(_("Name"), max_length=120)
    start_on = models.DateField(_("Start"))
    end_on = models.DateField(_("End"), null=True, blank=True)

    class Meta:
        verbose_name = _("Term")
        verbose_name_plural = _("Terms")
        ordering = ["body", "start_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="committee_term_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BodyMembershipQuerySet(SoftDeleteQuerySet):
    def current(self, on: Any = None) -> Self:
        day = on or timezone.localdate()
        return self.alive().filter(Q(start_on__lte=day), Q(end_on__isnull=True) | Q(end_on__gte=day))


class BodyMembership(SoftDeleteModel):
    """A seat in a body: held by a user of the platform or by an external member."""

    class Role(models.TextChoices):
        VOTING = "voting", _("Voting member")
        ADVISORY = "advisory", _("Advisory member")
        GUEST = "guest", _("Permanent guest")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("Body"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="body_memberships",
        verbose_name=_("User"),
    )
    external_name = models.CharField(
        _("Name (external member)"),
        max_length=200,
        blank=True,
        help_text=_("Only for members without an account on the platform."),
    )
    external_email = models.EmailField(_("E-mail (external member)"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="body_memberships",
        verbose_name=_("Organisation"),
    )
    function = models.CharField(_("Seat or function"), max_length=200, blank=True)
    role = models.CharField(_("Membership role"), max_length=20, choices=Role.choices, default=Role.VOTING)
    deputy_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deputies",
        verbose_name=_("Deputy of"),
    )
    start_on = models.DateField(_("Member from"), default=timezone.localdate)
    end_on = models.DateField(_("Member until"), null=True, blank=True)
    publish_name = models.BooleanField(
        _("Name may be published"),
        default=False,
        help_text=_("The member agreed that their name is published with the body (OParl, public pages)."),
    )
    publish_name_agreed_on = models.DateField(_("Consent to publication given on"), null=True, blank=True)

    objects = BodyMembershipQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("Body membership")
        verbose_name_plural = _("Body memberships")
        ordering = ["body", "role", "function"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="committee_membership_valid_range",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(external_name=""),
                name="committee_membership_has_person",
            ),
            models.CheckConstraint(
                condition=Q(publish_name=False) | Q(publish_name_agreed_on__isnull=False),
                name="committee_membership_publication_consent_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} – {self.function or self.get_role_display()}"

    @property
    def display_name(self) -> str:
        if self.user_id is not None and self.user is not None:
            return self.user.get_full_name() or self.user.get_username()
        return self.external_name

    @property
    def email(self) -> str:
        if self.user_id is not None and self.user is not None:
            return self.user.email
        return self.external_email

    @property
    def is_entitled_to_confidential(self) -> bool:
        return self.role in {self.Role.VOTING, self.Role.ADVISORY}


class Meeting(SoftDeleteModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        INVITED = "invited", _("invited")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("called off")

    class MinutesStatus(models.TextChoices):
        DRAFT = "draft", _("draft")
        CIRCULATED = "circulated", _("circulated for comments")
        APPROVED = "approved", _("approved")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("Body"))
    number = models.PositiveSmallIntegerField(_("Meeting number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("Title"), max_length=200, blank=True)
    start = models.DateTimeField(_("Start"))
    end = models.DateTimeField(_("End"), null=True, blank=True)
    location = models.CharField(_("Place"), max_length=300, blank=True)
    online_url = models.URLField(_("Online link"), blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    # iCalendar: SEQUENCE grows with every change of time or place and with a cancellation.
    sequence = models.PositiveIntegerField(_("Version (calendar)"), default=0)
    uid = models.CharField(_("Calendar ID"), max_length=255, unique=True, default=new_meeting_uid, editable=False)
    invitation_sent_at = models.DateTimeField(_("Invitation sent at"), null=True, blank=True)
    minutes_status = models.CharField(
        _("Minutes status"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    # Seen by every member who sees the minutes, permanent guests included.
    minutes_text = models.TextField(_("Minutes"), blank=True)
    # Seen only by voting and advisory members and the coordination (like non-public items).
    minutes_confidential_text = models.TextField(_("Minutes on non-public matters"), blank=True)
    minutes_approved_on = models.DateField(_("Minutes approved on"), null=True, blank=True)
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Published meetings and their public agenda items are visible to everyone (OParl)."),
    )
    # Kept when the meeting is un-published: OParl then answers with a deleted object.
    first_published_at = models.DateTimeField(_("first published at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Meeting")
        verbose_name_plural = _("Meetings")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="committee_meeting_unique_number"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="committee_meeting_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body.label}, {self.number}. {_('meeting')}"

    @property
    def cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def display_title(self) -> str:
        return self.title or str(self)


class MeetingGuest(RegionScopedModel):
    """A guest invited to one meeting, e.g. on one topic."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests", verbose_name=_("Meeting"))
    name = models.CharField(_("Name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Organisation"),
    )
    organisation_name = models.CharField(_("Organisation (free text)"), max_length=200, blank=True)
    email = models.EmailField(_("E-mail"), blank=True)
    topic = models.CharField(_("Topic"), max_length=300, blank=True)
    # Set when the guest was sent the invitation: changes and cancellations go to them, too.
    invitation_sent_at = models.DateTimeField(_("Invitation sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Guest")
        verbose_name_plural = _("Guests")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation_label(self) -> str:
        return str(self.organisation) if self.organisation_id else self.organisation_name


class Invitation(RegionScopedModel):
    class Reply(models.TextChoices):
        OPEN = "open", _("no reply yet")
        ATTEND = "attend", _("will attend")
        DECLINE = "decline", _("cannot attend")
        DEPUTY = "deputy", _("sends a deputy")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("Meeting")
    )
    member = models.ForeignKey(
        BodyMembership, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("Member")
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reply = models.CharField(_("Reply"), max_length=20, choices=Reply.choices, default=Reply.OPEN)
    deputy_member = models.ForeignKey(
        BodyMembership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deputised_invitations",
        verbose_name=_("Deputy (member)"),
    )
    deputy_name = models.CharField(_("Deputy (name)"), max_length=200, blank=True)
    comment = models.CharField(_("Comment"), max_length=500, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_reply_token, editable=False)

    class Meta:
        verbose_name = _("Invitation")
        verbose_name_plural = _("Invitations")
        ordering = ["meeting", "member__function"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="committee_invitation_unique_member"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.member.display_name}"


class Attendance(RegionScopedModel):
    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        EXCUSED = "excused", _("excused")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("Meeting")
    )
    member = models.ForeignKey(
        BodyMembership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("Member"),
    )
    guest = models.ForeignKey(
        MeetingGuest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("Guest"),
    )
    status = models.CharField(_("Attendance"), max_length=20, choices=Status.choices, default=Status.PRESENT)
    represented_by = models.CharField(_("Represented by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Attendance")
        verbose_name_plural = _("Attendance")
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(guest__isnull=True))
                | (Q(member__isnull=True) & Q(guest__isnull=False)),
                name="committee_attendance_member_or_guest",
            ),
            models.UniqueConstraint(
                fields=["meeting", "member"],
                condition=Q(member__isnull=False),
                name="committee_attendance_unique_member",
            ),
            models.UniqueConstraint(
                fields=["meeting", "guest"],
                condition=Q(guest__isnull=False),
                name="committee_attendance_unique_guest",
            ),
        ]

    def __str__(self) -> str:
        person = self.member.display_name if self.member is not None else str(self.guest)
        return f"{person}: {self.get_status_display()}"


class Paper(SoftDeleteModel):
    """A document put before a body (Vorlage, Bericht, Beschlussvorschlag …)."""

    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("Proposal for a decision")
        REPORT = "report", _("Report")
        INFORMATION = "information", _("Information")
        MANDATE = "mandate", _("Mandate")
        OTHER = "other", _("Other")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="papers", verbose_name=_("Body"))
    reference = models.CharField(_("Reference number"), max_length=40)
    title = models.CharField(_("Title"), max_length=300)
    kind = models.CharField(_("Kind"), max_length=20, choices=Kind.choices, default=Kind.PROPOSAL)
    text = models.TextField(_("Text"), blank=True)
    published_on = models.DateField(_("Date"), null=True, blank=True)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only voting and advisory members of the body and the coordination see it."),
    )

    class Meta:
        verbose_name = _("Paper")
        verbose_name_plural = _("Papers")
        ordering = ["-published_on", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["region", "reference"], name="committee_paper_unique_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class AgendaItem(SoftDeleteModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="agenda_items", verbose_name=_("Meeting")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("Under item"),
    )
    position = models.PositiveSmallIntegerField(_("Position"), default=1)
    number = models.CharField(_("Item number"), max_length=20, blank=True)
    title = models.CharField(_("Title"), max_length=300)
    text = models.TextField(_("Explanation"), blank=True)
    public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Non-public items are seen only by voting and advisory members and the coordination."),
    )
    paper = models.ForeignKey(
        Paper,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("Paper"),
    )
    minutes_note = models.TextField(_("Minutes on this item"), blank=True)

    class Meta:
        verbose_name = _("Agenda item")
        verbose_name_plural = _("Agenda items")
        ordering = ["meeting", "parent_id", "position"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class File(SoftDeleteModel):
    """An uploaded document, stored outside the web root and served only through a checked view."""

    paper = models.ForeignKey(
        Paper, on_delete=models.PROTECT, null=True, blank=True, related_name="files", verbose_name=_("Paper")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("Agenda item"),
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="files", verbose_name=_("Meeting")
    )
    file = models.FileField(_("File"), upload_to="committees/%Y/%m/", max_length=300)
    name = models.CharField(_("File name"), max_length=255)
    mime_type = models.CharField(_("File type"), max_length=100)
    size = models.PositiveBigIntegerField(_("Size (bytes)"))
    sha256 = models.CharField(_("Checksum (SHA-256)"), max_length=64)

    class Meta:
        verbose_name = _("File")
        verbose_name_plural = _("Files")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(paper__isnull=False) & Q(agenda_item__isnull=True) & Q(meeting__isnull=True))
                | (Q(paper__isnull=True) & Q(agenda_item__isnull=False) & Q(meeting__isnull=True))
                | (Q(paper__isnull=True) & Q(agenda_item__isnull=True) & Q(meeting__isnull=False)),
                name="committee_file_one_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def confidential(self) -> bool:
        """A file is as confidential as what it is attached to."""
        if self.paper_id is not None and self.paper is not None:
            return self.paper.confidential
        if self.agenda_item_id is not None and self.agenda_item is not None:
            return not self.agenda_item.public
        return False

    @property
    def owning_meeting(self) -> Meeting | None:
        if self.meeting_id is not None:
            return self.meeting
        if self.agenda_item_id is not None and self.agenda_item is not None:
            return self.agenda_item.meeting
        return None

    @property
    def body(self) -> Body | None:
        if self.paper_id is not None and self.paper is not None:
            return self.paper.body
        meeting = self.owning_meeting
        return meeting.body if meeting is not None else None


class Decision(RegionScopedModel):
    class Result(models.TextChoices):
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("rejected")
        NOTED = "noted", _("noted")
        DEFERRED = "deferred", _("deferred")

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("Agenda item")
    )
    text = models.TextField(_("Decision text"))
    result = models.CharField(_("Result"), max_length=20, choices=Result.choices)
    votes_for = models.PositiveSmallIntegerField(_("Votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("Votes against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("Abstentions"), null=True, blank=True)

    class Meta:
        verbose_name = _("Decision")
        verbose_name_plural = _("Decisions")
        ordering = ["agenda_item", "created_at"]

    def __str__(self) -> str:
        return f"{self.agenda_item}: {self.get_result_display()}"

    @property
    def has_votes(self) -> bool:
        return any(v is not None for v in (self.votes_for, self.votes_against, self.abstentions))


class ActionItem(RegionScopedModel):
    """A task from a meeting: stays on the next agendas until it is done."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        DROPPED = "dropped", _("no longer needed")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("Body"))
    origin_meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("From meeting")
    )
    origin_agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("From agenda item"),
    )
    text = models.TextField(_("Task"))
    responsible_member = models.ForeignKey(
        BodyMembership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("Responsible (member)"),
    )
    responsible_text = models.CharField(_("Responsible (other)"), max_length=200, blank=True)
    due_on = models.DateField(_("Due on"), null=True, blank=True)
    done_on = models.DateField(_("Done on"), null=True, blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.OPEN)

    class Meta:
        verbose_name = _("Action item")
        verbose_name_plural = _("Action items")
        ordering = ["due_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", done_on__isnull=True) | (~Q(status="open") & Q(done_on__isnull=False)),
                name="committee_action_item_done_date",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def responsible_label(self) -> str:
        if self.responsible_member is not None:
            return self.responsible_member.display_name
        return self.responsible_text


class MinutesComment(RegionScopedModel):
    """A member's comment on minutes circulated for comments."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="minutes_comments", verbose_name=_("Meeting")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Author"),
    )
    text = models.TextField(_("Comment"))

    class Meta:
        verbose_name = _("Comment on the minutes")
        verbose_name_plural = _("Comments on the minutes")
        ordering = ["meeting", "created_at"]

    def __str__(self) -> str:
        return self.text[:80]
