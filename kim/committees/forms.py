"""Input of the committee pages: parsing and field checks only; the rules live in the services.

Every choice of a related object is limited to the region (and body or meeting), so an
id from elsewhere is "not a valid choice" before any service runs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.accounts.models import User
from kim.committees.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    BodyMembership,
    Decision,
    Invitation,
    Meeting,
    MeetingGuest,
    Paper,
)
from kim.core.forms import KernForm
from kim.core.models import Municipality, Organisation, Region

EMPTY = "—"


def date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def time_widget() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _choice(queryset: QuerySet[Any], label: Any, *, required: bool = False, help_text: Any = "") -> Any:
    return forms.ModelChoiceField(
        queryset=queryset, label=label, required=required, empty_label=EMPTY, help_text=help_text
    )


class BodyForm(KernForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Body.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.none(),
        label=_("Municipality"),
        required=False,
        empty_label=EMPTY,
        help_text=_("For a development conference: the municipality it works for."),
    )
    parent = forms.ModelChoiceField(
        queryset=Body.objects.none(),
        label=_("Commissioned by"),
        required=False,
        empty_label=EMPTY,
        help_text=_("For a project group: the body that commissioned it."),
    )
    mandate = forms.CharField(label=_("Mandate"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    mandate_deadline = forms.DateField(label=_("Mandate deadline"), required=False, widget=date_widget())
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)

    def __init__(self, *args: Any, region: Region, body: Body | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(region=region, is_active=True)  # type: ignore[attr-defined]
        parents = Body.objects.alive().filter(region=region)
        if body is not None:
            parents = parents.exclude(pk=body.pk)
        else:
            del self.fields["is_active"]
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]


class MembershipForm(KernForm):
    user = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("User of the platform"),
        required=False,
        empty_label=EMPTY,
    )
    external_name = forms.CharField(
        label=_("Name (external member)"),
        max_length=200,
        required=False,
        help_text=_("Only for members without an account on the platform."),
    )
    external_email = forms.EmailField(label=_("E-mail (external member)"), required=False)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation"), required=False, empty_label=EMPTY
    )
    function = forms.CharField(label=_("Seat or function"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Membership role"), choices=BodyMembership.Role.choices)
    deputy_of = forms.ModelChoiceField(
        queryset=BodyMembership.objects.none(), label=_("Deputy of"), required=False, empty_label=EMPTY
    )
    start_on = forms.DateField(label=_("Member from"), widget=date_widget(), initial=timezone.localdate)
    end_on = forms.DateField(label=_("Member until"), widget=date_widget(), required=False)
    publish_name = forms.BooleanField(
        label=_("Name may be published"),
        required=False,
        help_text=_("The member agreed that their name is published with the body (OParl, public pages)."),
    )
    publish_name_agreed_on = forms.DateField(
        label=_("Consent to publication given on"), widget=date_widget(), required=False
    )

    def __init__(
        self,
        *args: Any,
        region: Region,
        body: Body,
        users: QuerySet[Any],
        membership: BodyMembership | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = Organisation.objects.filter(region=region, is_active=True)  # type: ignore[attr-defined]
        deputies = BodyMembership.objects.current().filter(body=body, deputy_of__isnull=True).select_related("user")
        if membership is not None:
            deputies = deputies.exclude(pk=membership.pk)
            for name in ("user", "external_name", "start_on", "end_on"):
                del self.fields[name]
            if membership.user_id is not None:
                del self.fields["external_email"]
        self.fields["deputy_of"].queryset = deputies  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("publish_name") and not data.get("publish_name_agreed_on"):
            self.add_error(
                "publish_name_agreed_on",
                _("Please enter the date on which the member agreed to the publication of their name."),
            )
        return data


class MembershipEndForm(KernForm):
    end_on = forms.DateField(label=_("Member until"), widget=date_widget(), initial=timezone.localdate)


class MeetingForm(KernForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Optional, for example “Constituent meeting”."),
    )
    date = forms.DateField(label=_("Date"), widget=date_widget())
    start_time = forms.TimeField(label=_("Begins at"), widget=time_widget())
    end_time = forms.TimeField(label=_("Ends at"), widget=time_widget(), required=False)
    location = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    published = forms.BooleanField(
        label=_("published"),
        required=False,
        help_text=_("Published meetings and their public agenda items are visible to everyone (OParl)."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, begins, ends = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and begins:
            zone = timezone.get_default_timezone()
            data["start"] = timezone.make_aware(dt.datetime.combine(day, begins), zone)
            data["end"] = timezone.make_aware(dt.datetime.combine(day, ends), zone) if ends else None
            if ends and ends <= begins:
                self.add_error("end_time", _("The meeting cannot end before it begins."))
        return data

    @staticmethod
    def initial_for(meeting: Meeting) -> dict[str, Any]:
        start = timezone.localtime(meeting.start)
        return {
            "title": meeting.title,
            "date": start.date(),
            "start_time": start.time(),
            "end_time": timezone.localtime(meeting.end).time() if meeting.end else None,
            "location": meeting.location,
            "online_url": meeting.online_url,
            "published": meeting.published,
        }


class CancelForm(KernForm):
    reason = forms.CharField(
        label=_("Reason (sent to the invitees)"), max_length=500, required=False, widget=forms.Textarea({"rows": 3})
    )


class InviteForm(KernForm):
    resend = forms.BooleanField(
        label=_("Send again to members who were already invited"),
        required=False,
    )


class ReplyForm(KernForm):
    reply = forms.ChoiceField(
        label=_("Your reply"),
        choices=[c for c in Invitation.Reply.choices if c[0] != Invitation.Reply.OPEN],
        widget=forms.RadioSelect,
    )
    deputy_member = forms.ModelChoiceField(
        queryset=BodyMembership.objects.none(),
        label=_("Deputy (member of the body)"),
        required=False,
        empty_label=EMPTY,
    )
    deputy_name = forms.CharField(
        label=_("Deputy (other person)"),
        max_length=200,
        required=False,
        help_text=_("Only if the deputy is not a member of the body."),
    )
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)

    def __init__(
        self,
        *args: Any,
        invitation: Invitation,
        members: QuerySet[BodyMembership] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if members is None:  # the reply link outside the platform does not show the member list
            del self.fields["deputy_member"]
            self.fields["deputy_name"].label = _("Deputy")
            self.fields["deputy_name"].help_text = ""
        else:
            self.fields["deputy_member"].queryset = members.exclude(pk=invitation.member_id)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("reply") == Invitation.Reply.DEPUTY
            and not data.get("deputy_member")
            and not data.get("deputy_name")
        ):
            field = "deputy_member" if "deputy_member" in self.fields else "deputy_name"
            self.add_error(field, _("Please name the deputy who will attend."))
        return data


class GuestForm(KernForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation"), required=False, empty_label=EMPTY
    )
    organisation_name = forms.CharField(
        label=_("Organisation (free text)"),
        max_length=200,
        required=False,
        help_text=_("If the organisation is not listed."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    topic = forms.CharField(label=_("Topic"), max_length=300, required=False)

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(region=region, is_active=True)  # type: ignore[attr-defined]


class AttendanceForm(KernForm):
    """One status select (and, for members, a "represented by" field) per member and guest."""

    def __init__(
        self,
        *args: Any,
        members: list[BodyMembership],
        guests: list[MeetingGuest],
        current: dict[str, dict[Any, Attendance]],
        invitations: dict[Any, Invitation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[dict[str, Any]] = []
        for member in members:
            known = current["member"].get(member.pk)
            invitation = invitations.get(member.pk)
            default = Attendance.Status.PRESENT
            if invitation is not None and invitation.reply in {Invitation.Reply.DECLINE, Invitation.Reply.DEPUTY}:
                default = Attendance.Status.EXCUSED
            status_name, deputy_name = f"member_{member.pk}", f"member_{member.pk}_by"
            self.fields[status_name] = forms.ChoiceField(
                label=_("Attendance of %(name)s") % {"name": member.display_name},
                choices=Attendance.Status.choices,
                initial=known.status if known else default,
            )
            deputy_default = ""
            if invitation is not None and invitation.reply == Invitation.Reply.DEPUTY:
                deputy_default = (
                    invitation.deputy_member.display_name if invitation.deputy_member else invitation.deputy_name
                )
            self.fields[deputy_name] = forms.CharField(
                label=_("Represented by (for %(name)s)") % {"name": member.display_name},
                max_length=200,
                required=False,
                initial=known.represented_by if known else deputy_default,
            )
            self.rows.append({"member": member, "status": self[status_name], "by": self[deputy_name]})
        for guest in guests:
            known = current["guest"].get(guest.pk)
            status_name = f"guest_{guest.pk}"
            self.fields[status_name] = forms.ChoiceField(
                label=_("Attendance of %(name)s") % {"name": guest.name},
                choices=Attendance.Status.choices,
                initial=known.status if known else Attendance.Status.PRESENT,
            )
            self.rows.append({"guest": guest, "status": self[status_name], "by": None})
        # KernFormMixin set the classes in super().__init__; the fields added here need them too.
        for field in self.fields.values():
            css = "kern-form-input__select" if isinstance(field, forms.ChoiceField) else "kern-form-input__input"
            field.widget.attrs.setdefault("class", css)


class AgendaItemForm(KernForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    public = forms.BooleanField(
        label=_("public"),
        required=False,
        initial=True,
        help_text=_("Non-public items are seen only by voting and advisory members and the coordination."),
    )
    parent = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(),
        label=_("Under item"),
        required=False,
        empty_label=_("— (top level)"),
    )
    paper = forms.ModelChoiceField(queryset=Paper.objects.none(), label=_("Paper"), required=False, empty_label=EMPTY)

    def __init__(self, *args: Any, meeting: Meeting, item: AgendaItem | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = meeting.agenda_items.alive().filter(parent__isnull=True).order_by("position")
        if item is not None:
            parents = parents.exclude(pk=item.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        self.fields["paper"].queryset = Paper.objects.alive().filter(body_id=meeting.body_id).order_by("reference")  # type: ignore[attr-defined]


class AgendaMoveForm(KernForm):
    direction = forms.ChoiceField(choices=[("up", _("up")), ("down", _("down"))])


class DecisionForm(KernForm):
    text = forms.CharField(label=_("Decision text"), widget=forms.Textarea(attrs={"rows": 4}))
    result = forms.ChoiceField(label=_("Result"), choices=Decision.Result.choices, widget=forms.RadioSelect)
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, max_value=999, required=False)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, max_value=999, required=False)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0, max_value=999, required=False)


class MinutesForm(KernForm):
    minutes_text = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        help_text=_(
            "General course of the meeting, seen by every member including permanent guests; "
            "notes on each item go into the fields below."
        ),
    )
    minutes_confidential_text = forms.CharField(
        label=_("Minutes on non-public matters"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Seen only by voting and advisory members and the coordination, like non-public items."),
    )

    def __init__(self, *args: Any, items: list[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item_fields: list[tuple[AgendaItem, str]] = []
        for item in items:
            name = f"note_{item.pk}"
            self.fields[name] = forms.CharField(
                label=_("Item %(number)s: %(title)s") % {"number": item.number, "title": item.title},
                widget=forms.Textarea(attrs={"rows": 3, "class": "kern-form-input__input"}),
                required=False,
                initial=item.minutes_note,
            )
            self.item_fields.append((item, name))

    def item_notes(self) -> dict[Any, str]:
        return {item.pk: self.cleaned_data.get(name, "") for item, name in self.item_fields}


class MinutesCommentForm(KernForm):
    text = forms.CharField(
        label=_("Your comment on the minutes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("The coordination reads the comments before the minutes are approved."),
    )


class MinutesStatusForm(KernForm):
    target = forms.ChoiceField(choices=Meeting.MinutesStatus.choices)


class ActionItemForm(KernForm):
    text = forms.CharField(label=_("Task"), widget=forms.Textarea(attrs={"rows": 3}))
    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), label=_("From agenda item"), required=False, empty_label=EMPTY
    )
    responsible_member = forms.ModelChoiceField(
        queryset=BodyMembership.objects.none(), label=_("Responsible (member)"), required=False, empty_label=EMPTY
    )
    responsible_text = forms.CharField(
        label=_("Responsible (other)"),
        max_length=200,
        required=False,
        help_text=_("If no member of the body is responsible, e.g. “Coordination team”."),
    )
    due_on = forms.DateField(label=_("Due on"), widget=date_widget(), required=False)

    def __init__(self, *args: Any, meeting: Meeting, members: QuerySet[BodyMembership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.alive().order_by("parent_id", "position")  # type: ignore[attr-defined]
        self.fields["responsible_member"].queryset = members  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("responsible_member") and not data.get("responsible_text"):
            self.add_error("responsible_member", _("Please name who is responsible."))
        return data


class ActionItemStatusForm(KernForm):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)


class PaperForm(KernForm):
    reference = forms.CharField(label=_("Reference number"), max_length=40, help_text=_("For example “LG 2022/01”."))
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Paper.Kind.choices)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), required=False)
    published_on = forms.DateField(label=_("Date"), widget=date_widget(), required=False)
    confidential = forms.BooleanField(
        label=_("confidential"),
        required=False,
        help_text=_("Only voting and advisory members of the body and the coordination see it."),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["reference"]


class FileForm(KernForm):
    upload = forms.FileField(
        label=_("Document"),
        help_text=_("PDF, office documents, text or images; at most 20 MB."),
    )
