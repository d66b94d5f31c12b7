"""Pages for bodies, meetings, agendas, minutes and decisions under /gremien/.

Every view: parse → select (through the viewer-scoped selectors: what the person may not
see is 404) → call the service → POST-redirect-GET with a message, or the form again
with the service's message on the field it names. Preparing and recording needs
``manage_committees``; reading needs ``view_committees``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kim.accounts.roles import Capability
from kim.committees import forms, permissions, selectors, services
from kim.committees.models import ActionItem, AgendaItem, Body, BodyMembership, Invitation, Meeting, Paper
from kim.committees.permissions import Viewer
from kim.core import audit
from kim.core.access import capability_required
from kim.core.errors import ApplicationError
from kim.core.models import Region

T = TypeVar("T")

view_required = capability_required(Capability.VIEW_COMMITTEES)
manage_required = capability_required(Capability.MANAGE_COMMITTEES)


# --- helpers ----------------------------------------------------------------------------------


def _region(request: HttpRequest) -> Region:
    region = request.region  # type: ignore[attr-defined]
    assert isinstance(region, Region)  # noqa: S101  (the capability decorator guarantees a region)
    return region


def _viewer(request: HttpRequest) -> Viewer:
    cached = getattr(request, "_committee_viewer", None)
    if cached is None:
        cached = selectors.viewer_for(user=request.user, region=_region(request))
        request._committee_viewer = cached  # type: ignore[attr-defined]
    return cached


def _get_or_404(getter: Callable[..., T], **kwargs: Any) -> T:
    try:
        return getter(**kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None


def _data(request: HttpRequest) -> Any:
    """The submitted form data; an empty POST is still a submission (forms with optional fields only)."""
    return request.POST if request.method == "POST" else None


def _files(request: HttpRequest) -> Any:
    return request.FILES if request.method == "POST" else None


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _form_page(
    request: HttpRequest,
    form: BaseForm,
    *,
    save: Callable[[dict[str, Any]], T],
    success: str | Callable[[T], str],
    next_url: str | Callable[[T], str],
    title: str | Promise,
    submit: str | Promise,
    cancel_url: str,
    intro: str | Promise = "",
    context: dict[str, Any] | None = None,
    template: str = "committees/form.html",
) -> HttpResponse:
    """Show the form; a valid POST runs ``save`` (the service call) and redirects with ``success``."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, success if isinstance(success, str) else success(saved))
            return redirect(next_url if isinstance(next_url, str) else next_url(saved))
    return render(
        request,
        template,
        {
            "form": form,
            "title": title,
            "submit": submit,
            "cancel_url": cancel_url,
            "intro": intro,
            "multipart": any(getattr(f.widget, "needs_multipart_form", False) for f in form.fields.values()),
            **(context or {}),
        },
    )


def _post_action(request: HttpRequest, action: Callable[[], Any], *, success: str, next_url: str) -> HttpResponse:
    """A POST-only button: run the service, report success or the rule that stopped it."""
    try:
        action()
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(next_url)


def _meeting_url(meeting: Meeting) -> str:
    return reverse("committees:meeting_detail", kwargs={"pk": meeting.pk})


def _body_url(body: Body) -> str:
    return reverse("committees:body_detail", kwargs={"pk": body.pk})


def _meeting_label(meeting: Meeting) -> str:
    return _("%(body)s, meeting no. %(number)s") % {"body": meeting.body.label, "number": meeting.number}


# --- bodies -----------------------------------------------------------------------------------


@view_required
@require_GET
def body_list(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    bodies = list(selectors.bodies_for_viewer(viewer=viewer))
    return render(
        request,
        "committees/body_list.html",
        {
            "bodies": [{"body": body, "seat": viewer.seats.get(body.pk)} for body in bodies],
            "upcoming": selectors.upcoming_meetings_for(viewer=viewer, limit=10),
            "can_manage": viewer.manages,
        },
    )


@manage_required
@require_http_methods(["GET", "POST"])
def body_create(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    list_url = reverse("committees:body_list")
    return _form_page(
        request,
        forms.BodyForm(_data(request), region=region),
        save=lambda d: services.body_create(
            actor=request.user,
            region=region,
            kind=d["kind"],
            name=d["name"],
            short_name=d["short_name"],
            municipality=d["municipality"],
            parent=d["parent"],
            mandate=d["mandate"],
            mandate_deadline=d["mandate_deadline"],
            description=d["description"],
        ),
        success=lambda body: _("The body %(name)s has been created.") % {"name": body.name},
        next_url=_body_url,
        title=_("New body"),
        submit=_("Create body"),
        cancel_url=list_url,
        intro=_("Names are free: use the names your region uses for its bodies."),
    )


@view_required
@require_GET
def body_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    viewer = _viewer(request)
    body = _get_or_404(selectors.body_get_for_viewer, viewer=viewer, id=pk)
    knows = viewer.knows_body(body)
    return render(
        request,
        "committees/body_detail.html",
        {
            "body": body,
            "knows_body": knows,
            "can_manage": viewer.manages,
            "today": timezone.localdate(),
            "seat": viewer.seats.get(body.pk),
            "members": list(selectors.members_of_body(body=body)) if knows else [],
            "meetings": list(selectors.meetings_for_body(viewer=viewer, body=body)),
            "action_items": selectors.action_items_for_body(viewer=viewer, body=body) if knows else [],
            "papers": selectors.papers_for_body(viewer=viewer, body=body),
            "children": list(selectors.bodies_for_viewer(viewer=viewer).filter(parent=body)),
        },
    )


@manage_required
@require_http_methods(["GET", "POST"])
def body_update(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    region = _region(request)
    body = _get_or_404(selectors.body_get_for_manager, viewer=_viewer(request), id=pk)
    initial = {
        name: getattr(body, name)
        for name in (
            "kind",
            "name",
            "short_name",
            "municipality",
            "parent",
            "mandate",
            "mandate_deadline",
            "description",
            "is_active",
        )
    }
    return _form_page(
        request,
        forms.BodyForm(_data(request), region=region, body=body, initial=initial),
        save=lambda d: services.body_update(actor=request.user, body=body, **d),
        success=_("The body has been saved."),
        next_url=_body_url(body),
        title=_("Edit body"),
        submit=_("Save"),
        cancel_url=_body_url(body),
    )


@manage_required
@require_http_methods(["GET", "POST"])
def membership_create(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    region = _region(request)
    body = _get_or_404(selectors.body_get_for_manager, viewer=_viewer(request), id=pk)
    form = forms.MembershipForm(
        _data(request), region=region, body=body, users=selectors.users_for_membership(region=region)
    )
    return _form_page(
        request,
        form,
        save=lambda d: services.membership_add(
            actor=request.user,
            body=body,
            role=d["role"],
            user=d["user"],
            external_name=d["external_name"],
            external_email=d["external_email"],
            organisation=d["organisation"],
            function=d["function"],
            deputy_of=d["deputy_of"],
            start_on=d["start_on"],
            end_on=d["end_on"],
            publish_name=d["publish_name"],
            publish_name_agreed_on=d["publish_name_agreed_on"],
        ),
        success=_("The seat has been added."),
        next_url=_body_url(body),
        title=_("Add a member to %(body)s") % {"body": body.label},
        submit=_("Add member"),
        cancel_url=_body_url(body),
        intro=_("Choose a user of the platform or enter an external member with name and organisation."),
    )


@manage_required
@require_http_methods(["GET", "POST"])
def membership_update(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    region = _region(request)
    viewer = _viewer(request)
    membership = _get_or_404(
        lambda id: BodyMembership.objects.alive().select_related("body", "user").get(region=region, pk=id), id=pk
    )
    body = _get_or_404(selectors.body_get_for_manager, viewer=viewer, id=membership.body_id)
    initial = {
        "organisation": membership.organisation,
        "function": membership.function,
        "role": membership.role,
        "deputy_of": membership.deputy_of,
        "external_email": membership.external_email,
        "publish_name": membership.publish_name,
        "publish_name_agreed_on": membership.publish_name_agreed_on,
    }
    form = forms.MembershipForm(
        _data(request),
        region=region,
        body=body,
        users=selectors.users_for_membership(region=region),
        membership=membership,
        initial=initial,
    )
    return _form_page(
        request,
        form,
        save=lambda d: services.membership_update(
            actor=request.user,
            membership=membership,
            role=d["role"],
            organisation=d["organisation"],
            function=d["function"],
            deputy_of=d["deputy_of"],
            external_email=d.get("external_email", ""),
            publish_name=d["publish_name"],
            publish_name_agreed_on=d["publish_name_agreed_on"],
        ),
        success=_("The seat has been saved."),
        next_url=_body_url(body),
        title=_("Edit the seat of %(name)s") % {"name": membership.display_name},
        submit=_("Save"),
        cancel_url=_body_url(body),
    )


@manage_required
@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    region = _region(request)
    membership = _get_or_404(
        lambda id: BodyMembership.objects.alive().select_related("body", "user").get(region=region, pk=id), id=pk
    )
    body = membership.body
    return _form_page(
        request,
        forms.MembershipEndForm(_data(request)),
        save=lambda d: services.membership_end(actor=request.user, membership=membership, end_on=d["end_on"]),
        success=_("The membership ends on the date given."),
        next_url=_body_url(body),
        title=_("End the seat of %(name)s") % {"name": membership.display_name},
        submit=_("End membership"),
        cancel_url=_body_url(body),
    )


# --- meetings ---------------------------------------------------------------------------------


@manage_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    body = _get_or_404(selectors.body_get_for_manager, viewer=_viewer(request), id=pk)
    return _form_page(
        request,
        forms.MeetingForm(_data(request)),
        save=lambda d: services.meeting_create(
            actor=request.user,
            body=body,
            start=d["start"],
            end=d["end"],
            title=d["title"],
            location=d["location"],
            online_url=d["online_url"],
            published=d["published"],
        ),
        success=lambda meeting: _("Meeting no. %(number)s has been planned.") % {"number": meeting.number},
        next_url=_meeting_url,
        title=_("Plan a meeting of %(body)s") % {"body": body.label},
        submit=_("Plan meeting"),
        cancel_url=_body_url(body),
    )


@view_required
@require_GET
def meeting_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    viewer = _viewer(request)
    meeting = _get_or_404(selectors.meeting_get_for_viewer, viewer=viewer, id=pk)
    knows = viewer.knows_body(meeting.body_id)
    context: dict[str, Any] = {
        "meeting": meeting,
        "body": meeting.body,
        "can_manage": viewer.manages,
        "knows_body": knows,
        "agenda": selectors.agenda_for(viewer=viewer, meeting=meeting),
        "files": selectors.meeting_files(viewer=viewer, meeting=meeting),
        "show_minutes": permissions.can_see_minutes(viewer, meeting),
        "show_confidential_minutes": permissions.can_see_confidential_minutes(viewer, meeting),
        "can_comment_minutes": permissions.can_comment_minutes(viewer, meeting),
        "minutes_comments": selectors.minutes_comments_for(viewer=viewer, meeting=meeting),
        "comment_form": forms.MinutesCommentForm(),
        "invitation": selectors.invitation_of_viewer(viewer=viewer, meeting=meeting),
        "reply_open": meeting.status in {Meeting.Status.PLANNED, Meeting.Status.INVITED},
        "today": timezone.localdate(),
    }
    if knows:
        context["open_action_items"] = selectors.open_action_items_before(viewer=viewer, meeting=meeting)
        context["action_items"] = selectors.action_items_of_meeting(viewer=viewer, meeting=meeting)
        context["guests"] = list(selectors.guests_of(meeting=meeting))
        context["attendance"] = selectors.attendance_list(meeting=meeting)
    if viewer.manages:
        context["invitations"] = list(selectors.invitations_of(meeting=meeting))
        context["minutes_targets"] = sorted(services.MINUTES_TRANSITIONS.get(meeting.minutes_status, frozenset()))
        context["action_status_choices"] = ActionItem.Status.choices
    return render(request, "committees/meeting_detail.html", context)


@manage_required
@require_http_methods(["GET", "POST"])
def meeting_update(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    meeting = _get_or_404(selectors.meeting_get_for_manager, viewer=_viewer(request), id=pk)
    return _form_page(
        request,
        forms.MeetingForm(_data(request), initial=forms.MeetingForm.initial_for(meeting)),
        save=lambda d: services.meeting_update(
            actor=request.user,
            meeting=meeting,
            start=d["start"],
            end=d["end"],
            title=d["title"],
            location=d["location"],
            online_url=d["online_url"],
            published=d["published"],
            base_url=_base_url(request),
        ),
        success=_("The meeting has been saved. If time or place changed, the invitees have been informed."),
        next_url=_meeting_url(meeting),
        title=_("Edit %(meeting)s") % {"meeting": _meeting_label(meeting)},
        submit=_("Save"),
        cancel_url=_meeting_url(meeting),
    )


@manage_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    meeting = _get_or_404(selectors.meeting_get_for_manager, viewer=_viewer(request), id=pk)
    return _form_page(
        request,
        forms.CancelForm(_data(request)),
        save=lambda d: services.meeting_cancel(
            actor=request.user, meeting=meeting, reason=d["reason"], base_url=_base_url(request)
        ),
        success=_("The meeting has been cancelled. Invitees receive a cancellation for their calendar."),
        next_url=_meeting_url(meeting),
        title=_("Cancel %(meeting)s") % {"meeting": _meeting_label(meeting)},
        submit=_("Cancel meeting"),
        cancel_url=_meeting_url(meeting),
        intro=_("Invited members receive a cancellation that removes the meeting from their calendar."),
    )


@manage_required
@require_http_methods(["GET", "POST"])
def meeting_invite(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    meeting = _get_or_404(selectors.meeting_get_for_manager, viewer=_viewer(request), id=pk)
    members = services.meeting_members(meeting)
    return _form_page(
        request,
        forms.InviteForm(_data(request)),
        save=lambda d: services.meeting_invite(
            actor=request.user, meeting=meeting, base_url=_base_url(request), resend=d["resend"]
        ),
        success=lambda sent: _("The invitation has been sent to %(count)s members.") % {"count": sent},
        next_url=reverse("committees:meeting_invite", kwargs={"pk": meeting.pk}),
        title=_("Invite to %(meeting)s") % {"meeting": _meeting_label(meeting)},
        submit=_("Send invitation"),
        cancel_url=_meeting_url(meeting),
        intro=_("Every current member receives an e-mail with the public agenda, a link to reply and a calendar file."),
        context={
            "meeting": meeting,
            "members": members,
            "invitations": list(selectors.invitations_of(meeting=meeting)),
        },
        template="committees/invite.html",
    )


@view_required
@require_http_methods(["GET", "POST"])
def invitation_reply(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    viewer = _viewer(request)
    meeting = _get_or_404(selectors.meeting_get_for_viewer, viewer=viewer, id=pk)
    invitation = selectors.invitation_of_viewer(viewer=viewer, meeting=meeting)
    if invitation is None:
        raise Http404
    initial: dict[str, Any] = {}
    if invitation.reply != Invitation.Reply.OPEN:
        initial = {
            "reply": invitation.reply,
            "deputy_member": invitation.deputy_member,
            "deputy_name": invitation.deputy_name,
            "comment": invitation.comment,
        }
    form = forms.ReplyForm(
        _data(request),
        invitation=invitation,
        members=selectors.members_of_body(body=meeting.body),
        initial=initial,
    )
    return _form_page(
        request,
        form,
        save=lambda d: services.invitation_reply(
            actor=request.user,
            invitation=invitation,
            reply=d["reply"],
            deputy_member=d["deputy_member"],
            deputy_name=d["deputy_name"],
            comment=d["comment"],
        ),
        success=_("Thank you, your reply has been recorded."),
        next_url=_meeting_url(meeting),
        title=_("Reply to the invitation: %(meeting)s") % {"meeting": _meeting_label(meeting)},
        submit=_("Send reply"),
        cancel_url=_meeting_url(meeting),
        intro=_("Meeting on %(date)s.") % {"date": timezone.localtime(meeting.start).strftime("%d.%m.%Y, %H:%M")},
    )


@require_http_methods(["GET", "POST"])
def invitation_reply_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """Reply through the personal link of the invitation e-mail, without signing in.

    Meant for members without an account (external members); the page shows only what
    the invitation e-mail already said: body, date and place, and the invited person's name.
    """
    invitation = _get_or_404(selectors.invitation_get_by_token, token=token)
    meeting = invitation.meeting
    form = forms.ReplyForm(
        _data(request),
        invitation=invitation,
        members=None,  # the member list stays on the platform
        initial={"reply": invitation.reply} if invitation.reply != Invitation.Reply.OPEN else {},
    )
    saved = False
    if request.method == "POST" and form.is_valid():
        # The link is a credential: the audit log names the page, not the token.
        audit.current_via.set(
            f"{request.method} {reverse('committees:invitation_reply_by_link', kwargs={'token': '…'})}"
        )
        try:
            services.invitation_reply(
                actor=None,
                invitation=invitation,
                reply=form.cleaned_data["reply"],
                deputy_name=form.cleaned_data["deputy_name"],
                comment=form.cleaned_data["comment"],
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            saved = True
    response = render(
        request,
        "committees/reply_by_link.html",
        {
            "form": form,
            "invitation": invitation,
            "meeting": meeting,
            "saved": saved,
            "open": meeting.status in {Meeting.Status.PLANNED, Meeting.Status.INVITED},
        },
    )
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@manage_required
@require_http_methods(["GET", "POST"])
def guest_create(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    meeting = _get_or_404(selectors.meeting_get_for_manager, viewer=_viewer(request), id=pk)
    return _form_page(
        request,
        forms.GuestForm(_data(request), region=_region(request)),
        save=lambda d: services.guest_add(actor=request.user, meeting=meeting, base_url=_base_url(request), **d),
        success=_("The guest has been added."),
        next_url=_meeting_url(meeting),
        title=_("Add a guest to %(meeting)s") % {"meeting": _meeting_label(meeting)},
        submit=_("Add guest"),
        cancel_url=_meeting_url(meeting),
    )


@manage_required
@require_http_methods(["GET", "POST"])
def guest_update(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    guest = _get_or_404(selectors.guest_get_for_manager, viewer=_viewer(request), id=pk)
    meeting = guest.meeting
    initial = {
        "name": guest.name,
        "organisation": guest.organisation_id,
        "organisation_name": guest.organisation_name,
        "email": guest.email,
        "topic": guest.topic,
    }
    return _form_page(
        request,
        forms.GuestForm(_data(request), region=_region(request), initial=initial),
        save=lambda d: services.guest_update(actor=request.user, guest=guest, base_url=_base_url(request), **d),
        success=_("The guest has been changed."),
        next_url=_meeting_url(meeting) + "#guests",
        title=_("Edit guest: %(meeting)s") % {"meeting": _meeting_label(meeting)},
        submit=_("Save guest"),
        cancel_url=_meeting_url(meeting),
        intro=_("If you change the e-mail address of an invited guest, the new address gets the invitation."),
    )


@manage_required
@require_http_methods(["GET", "POST"])
def guest_remove(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    guest = _get_or_404(selectors.guest_get_for_manager, viewer=_viewer(request), id=pk)
    meeting_url = _meeting_url(guest.meeting)
    if request.method == "POST":
        return _post_action(
            request,
            lambda: services.guest_remove(actor=request.user, guest=guest, base_url=_base_url(request)),
            success=_("The guest has been removed."),
            next_url=meeting_url,
        )
    return render(
        request,
        "committees/confirm.html",
        {
            "title": _("Remove guest"),
            "question": _(
                "Do you really want to remove %(name)s from the guests of this meeting? "
                "An invited guest is told by e-mail."
            )
            % {"name": guest.name},
            "submit": _("Remove"),
            "cancel_url": meeting_url,
        },
    )


@manage_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    meeting = _get_or_404(selectors.meeting_get_for_manager, viewer=_viewer(request), id=pk)
    members = services.meeting_members(meeting)
    guests = list(selectors.guests_of(meeting=meeting))
    invitations = {i.member_id: i for i in selectors.invitations_of(meeting=meeting)}
    form = forms.AttendanceForm(
        _data(request),
        members=members,
        guests=guests,
        current=selectors.attendance_of(meeting=meeting),
        invitations=invitations,
    )

    def save(data: dict[str, Any]) -> Meeting:
        entries = [
            services.AttendanceEntry(
                status=data[f"member_{m.pk}"], member=m, represented_by=data.get(f"member_{m.pk}_by", "")
            )
            for m in members
        ] + [services.AttendanceEntry(status=data[f"guest_{g.pk}"], guest=g) for g in guests]
        return services.attendance_record(actor=request.user, meeting=meeting, entries=entries)

    return _form_page(
        request,
        form,
        save=save,
        success=_("The attendance has been recorded."),
        next_url=_meeting_url(meeting),
        title=_("Attendance: %(meeting)s") % {"meeting": _meeting_label(meeting)},
        submit=_("Save attendance"),
        cancel_url=_meeting_url(meeting),
        context={"meeting": meeting},
        template="committees/attendance.html",
    )


# --- agenda -----------------------------------------------------------------------------------


@manage_required
@require_http_methods(["GET", "POST"])
def agenda_item_create(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    meeting = _get_or_404(selectors.meeting_get_for_manager, viewer=_viewer(request), id=pk)
    return _form_page(
        request,
        forms.AgendaItemForm(_data(request), meeting=meeting),
        save=lambda d: services.agenda_item_add(actor=request.user, meeting=meeting, **d),
        success=lambda item: _("Item %(number)s has been added to the agenda.") % {"number": item.number},
        next_url=_meeting_url(meeting),
        title=_("New agenda item: %(meeting)s") % {"meeting": _meeting_label(meeting)},
        submit=_("Add item"),
        cancel_url=_meeting_url(meeting),
    )


def _agenda_item(request: HttpRequest, pk: uuid.UUID) -> AgendaItem:
    return _get_or_404(selectors.agenda_item_get_for_manager, viewer=_viewer(request), id=pk)


@manage_required
@require_http_methods(["GET", "POST"])
def agenda_item_update(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    item = _agenda_item(request, pk)
    meeting = item.meeting
    initial = {
        "title": item.title,
        "text": item.text,
        "public": item.public,
        "parent": item.parent,
        "paper": item.paper,
    }
    return _form_page(
        request,
        forms.AgendaItemForm(_data(request), meeting=meeting, item=item, initial=initial),
        save=lambda d: services.agenda_item_update(actor=request.user, item=item, **d),
        success=_("The agenda item has been saved."),
        next_url=_meeting_url(meeting),
        title=_("Edit agenda item %(number)s") % {"number": item.number},
        submit=_("Save"),
        cancel_url=_meeting_url(meeting),
    )


@manage_required
@require_POST
def agenda_item_move(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    item = _agenda_item(request, pk)
    form = forms.AgendaMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose up or down."))
        return redirect(_meeting_url(item.meeting))
    return _post_action(
        request,
        lambda: services.agenda_item_move(actor=request.user, item=item, direction=form.cleaned_data["direction"]),
        success=_("The agenda has been reordered."),
        next_url=_meeting_url(item.meeting) + "#agenda",
    )


@manage_required
@require_http_methods(["GET", "POST"])
def agenda_item_remove(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    item = _agenda_item(request, pk)
    meeting_url = _meeting_url(item.meeting)
    if request.method == "POST":
        return _post_action(
            request,
            lambda: services.agenda_item_remove(actor=request.user, item=item),
            success=_("The agenda item has been removed."),
            next_url=meeting_url,
        )
    return render(
        request,
        "committees/confirm.html",
        {
            "title": _("Remove agenda item %(number)s") % {"number": item.number},
            "question": _("Do you really want to remove “%(title)s” and its sub-items from the agenda?")
            % {"title": item.title},
            "submit": _("Remove"),
            "cancel_url": meeting_url,
        },
    )


@manage_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    item = _agenda_item(request, pk)
    return _form_page(
        request,
        forms.DecisionForm(_data(request)),
        save=lambda d: services.decision_record(actor=request.user, agenda_item=item, **d),
        success=_("The decision has been recorded."),
        next_url=_meeting_url(item.meeting),
        title=_("Decision on item %(number)s: %(title)s") % {"number": item.number, "title": item.title},
        submit=_("Record decision"),
        cancel_url=_meeting_url(item.meeting),
        intro=_("The votes are optional: leave them empty for decisions by consensus."),
    )


# --- minutes and action items ----------------------------------------------------------------


@manage_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    meeting = _get_or_404(selectors.meeting_get_for_manager, viewer=_viewer(request), id=pk)
    items = list(selectors.agenda_items_for_manager(meeting=meeting))
    items.sort(key=services.agenda_sort_key)
    form = forms.MinutesForm(
        _data(request),
        items=items,
        initial={
            "minutes_text": meeting.minutes_text,
            "minutes_confidential_text": meeting.minutes_confidential_text,
        },
    )
    return _form_page(
        request,
        form,
        save=lambda d: services.minutes_update(
            actor=request.user,
            meeting=meeting,
            minutes_text=d["minutes_text"],
            minutes_confidential_text=d["minutes_confidential_text"],
            item_notes=form.item_notes(),
        ),
        success=_("The minutes have been saved."),
        next_url=reverse("committees:minutes_edit", kwargs={"pk": meeting.pk}),
        title=_("Minutes: %(meeting)s") % {"meeting": _meeting_label(meeting)},
        submit=_("Save minutes"),
        cancel_url=_meeting_url(meeting),
        context={
            "meeting": meeting,
            "minutes_targets": sorted(services.MINUTES_TRANSITIONS.get(meeting.minutes_status, frozenset())),
            "minutes_comments": selectors.minutes_comments_for(viewer=_viewer(request), meeting=meeting),
        },
        template="committees/minutes.html",
    )


@view_required
@require_POST
def minutes_comment_create(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    viewer = _viewer(request)
    meeting = _get_or_404(selectors.meeting_get_for_viewer, viewer=viewer, id=pk)
    if not viewer.is_member(meeting.body_id):
        raise PermissionDenied
    next_url = _meeting_url(meeting) + "#minutes-heading"
    form = forms.MinutesCommentForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("text", []):
            messages.error(request, str(error))
        return redirect(next_url)
    return _post_action(
        request,
        lambda: services.minutes_comment_add(actor=request.user, meeting=meeting, text=form.cleaned_data["text"]),
        success=_("Thank you, your comment has been passed on to the coordination."),
        next_url=next_url,
    )


@manage_required
@require_POST
def minutes_status(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    meeting = _get_or_404(selectors.meeting_get_for_manager, viewer=_viewer(request), id=pk)
    form = forms.MinutesStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose the new status of the minutes."))
        return redirect(_meeting_url(meeting))
    target = form.cleaned_data["target"]
    return _post_action(
        request,
        lambda: services.minutes_transition(actor=request.user, meeting=meeting, target=target),
        success=_("The minutes are now: %(status)s.") % {"status": Meeting.MinutesStatus(target).label},
        next_url=_meeting_url(meeting),
    )


@manage_required
@require_http_methods(["GET", "POST"])
def action_item_create(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    meeting = _get_or_404(selectors.meeting_get_for_manager, viewer=_viewer(request), id=pk)
    form = forms.ActionItemForm(
        _data(request),
        meeting=meeting,
        members=selectors.members_of_body(body=meeting.body),
        initial={"agenda_item": request.GET.get("item") if request.method == "GET" else None},
    )
    return _form_page(
        request,
        form,
        save=lambda d: services.action_item_add(actor=request.user, meeting=meeting, **d),
        success=_("The action item has been added. It comes back on the next agendas until it is done."),
        next_url=_meeting_url(meeting) + "#action-items",
        title=_("New action item: %(meeting)s") % {"meeting": _meeting_label(meeting)},
        submit=_("Add action item"),
        cancel_url=_meeting_url(meeting),
    )


@manage_required
@require_POST
def action_item_status(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    item = _get_or_404(selectors.action_item_get_for_manager, viewer=_viewer(request), id=pk)
    form = forms.ActionItemStatusForm(request.POST)
    back = request.POST.get("next", "")
    next_url = back if back.startswith("/gremien/") and "//" not in back else _meeting_url(item.origin_meeting)
    if not form.is_valid():
        messages.error(request, _("Please choose the new status of the action item."))
        return redirect(next_url)
    status = form.cleaned_data["status"]
    return _post_action(
        request,
        lambda: services.action_item_set_status(actor=request.user, action_item=item, status=status),
        success=_("The action item is now: %(status)s.") % {"status": ActionItem.Status(status).label},
        next_url=next_url,
    )


# --- papers and files ------------------------------------------------------------------------


@manage_required
@require_http_methods(["GET", "POST"])
def paper_create(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    body = _get_or_404(selectors.body_get_for_manager, viewer=_viewer(request), id=pk)
    return _form_page(
        request,
        forms.PaperForm(_data(request), initial={"published_on": timezone.localdate()}),
        save=lambda d: services.paper_create(actor=request.user, body=body, **d),
        success=lambda paper: _("The paper %(reference)s has been created.") % {"reference": paper.reference},
        next_url=lambda paper: reverse("committees:paper_detail", kwargs={"pk": paper.pk}),
        title=_("New paper for %(body)s") % {"body": body.label},
        submit=_("Create paper"),
        cancel_url=_body_url(body),
    )


@view_required
@require_GET
def paper_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    viewer = _viewer(request)
    paper = _get_or_404(selectors.paper_get_for_viewer, viewer=viewer, id=pk)
    visible_items = [
        item
        for item in paper.agenda_items.alive().select_related("meeting", "meeting__body")
        if permissions.can_see_meeting(viewer, item.meeting)
        and permissions.can_see_agenda_item(viewer, item, item.meeting)
    ]
    return render(
        request,
        "committees/paper_detail.html",
        {
            "paper": paper,
            "body": paper.body,
            "files": list(paper.files.alive().order_by("name")),
            "agenda_items": visible_items,
            "can_manage": viewer.manages,
            "body_visible": selectors.bodies_for_viewer(viewer=viewer).filter(pk=paper.body_id).exists(),
        },
    )


@manage_required
@require_http_methods(["GET", "POST"])
def paper_update(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    paper = _get_or_404(selectors.paper_get_for_manager, viewer=_viewer(request), id=pk)
    url = reverse("committees:paper_detail", kwargs={"pk": paper.pk})
    initial = {
        "title": paper.title,
        "kind": paper.kind,
        "text": paper.text,
        "published_on": paper.published_on,
        "confidential": paper.confidential,
    }
    return _form_page(
        request,
        forms.PaperForm(_data(request), editing=True, initial=initial),
        save=lambda d: services.paper_update(actor=request.user, paper=paper, **d),
        success=_("The paper has been saved."),
        next_url=url,
        title=_("Edit paper %(reference)s") % {"reference": paper.reference},
        submit=_("Save"),
        cancel_url=url,
    )


def _upload_page(
    request: HttpRequest, *, parent: Paper | AgendaItem | Meeting, back_url: str, label: str
) -> HttpResponse:
    kwargs: dict[str, Any] = {
        "paper": parent if isinstance(parent, Paper) else None,
        "agenda_item": parent if isinstance(parent, AgendaItem) else None,
        "meeting": parent if isinstance(parent, Meeting) else None,
    }
    return _form_page(
        request,
        forms.FileForm(_data(request), _files(request)),
        save=lambda d: services.file_attach(actor=request.user, upload=d["upload"], **kwargs),
        success=_("The document has been stored."),
        next_url=back_url,
        title=_("Attach a document: %(label)s") % {"label": label},
        submit=_("Upload"),
        cancel_url=back_url,
        intro=_("Documents are as confidential as what they are attached to."),
    )


@manage_required
@require_http_methods(["GET", "POST"])
def meeting_file_upload(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    meeting = _get_or_404(selectors.meeting_get_for_manager, viewer=_viewer(request), id=pk)
    return _upload_page(request, parent=meeting, back_url=_meeting_url(meeting), label=_meeting_label(meeting))


@manage_required
@require_http_methods(["GET", "POST"])
def agenda_item_file_upload(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    item = _agenda_item(request, pk)
    return _upload_page(request, parent=item, back_url=_meeting_url(item.meeting), label=str(item))


@manage_required
@require_http_methods(["GET", "POST"])
def paper_file_upload(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    paper = _get_or_404(selectors.paper_get_for_manager, viewer=_viewer(request), id=pk)
    url = reverse("committees:paper_detail", kwargs={"pk": paper.pk})
    return _upload_page(request, parent=paper, back_url=url, label=str(paper))


@view_required
@require_GET
def file_download(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    viewer = _viewer(request)
    stored = _get_or_404(selectors.file_get_for_viewer, viewer=viewer, id=pk)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit.record_read(actor=request.user, instance=stored)
    response = FileResponse(handle, as_attachment=True, filename=stored.name, content_type=stored.mime_type)
    response["Cache-Control"] = "private, no-store"
    return cast(HttpResponse, response)  # a streaming response serves as well


@manage_required
@require_http_methods(["GET", "POST"])
def file_remove(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    stored = _get_or_404(selectors.file_get_for_manager, viewer=_viewer(request), id=pk)
    if stored.paper is not None:
        back_url = reverse("committees:paper_detail", kwargs={"pk": stored.paper_id})
    else:
        meeting = stored.owning_meeting
        back_url = _meeting_url(meeting) if meeting is not None else reverse("committees:body_list")
    if request.method == "POST":
        return _post_action(
            request,
            lambda: services.file_remove(actor=request.user, file=stored),
            success=_("The document has been removed."),
            next_url=back_url,
        )
    return render(
        request,
        "committees/confirm.html",
        {
            "title": _("Remove document"),
            "question": _("Do you really want to remove the document “%(name)s”?") % {"name": stored.name},
            "submit": _("Remove"),
            "cancel_url": back_url,
        },
    )


# --- print -------------------------------------------------------------------------------------


def _print_context(viewer: Viewer, meeting: Meeting) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "body": meeting.body,
        "region": meeting.region,
        "agenda": selectors.agenda_for(viewer=viewer, meeting=meeting),
        "printed_at": timezone.localtime(),
        "includes_confidential": viewer.is_entitled(meeting.body_id)
        and meeting.agenda_items.alive().filter(public=False).exists(),
    }


@view_required
@require_GET
def print_agenda(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    viewer = _viewer(request)
    meeting = _get_or_404(selectors.meeting_get_for_viewer, viewer=viewer, id=pk)
    context = _print_context(viewer, meeting)
    if viewer.knows_body(meeting.body_id):
        context["open_action_items"] = selectors.open_action_items_before(viewer=viewer, meeting=meeting)
    return render(request, "committees/print_agenda.html", context)


@view_required
@require_GET
def print_minutes(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    viewer = _viewer(request)
    meeting = _get_or_404(selectors.meeting_get_for_viewer, viewer=viewer, id=pk)
    if not permissions.can_see_minutes(viewer, meeting):
        raise Http404
    context = _print_context(viewer, meeting)
    context["attendance"] = selectors.attendance_list(meeting=meeting)
    context["show_confidential_minutes"] = permissions.can_see_confidential_minutes(viewer, meeting)
    if context["show_confidential_minutes"] and meeting.minutes_confidential_text.strip():
        context["includes_confidential"] = True
    context["action_items"] = selectors.action_items_of_meeting(viewer=viewer, meeting=meeting)
    return render(request, "committees/print_minutes.html", context)
