"""Notification pages: the own inbox (every signed-in person) and the region's reminder settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kim.accounts.models import User
from kim.accounts.roles import Capability
from kim.core.access import capability_required
from kim.core.errors import ApplicationError
from kim.core.http import KimRequest
from kim.core.models import Region
from kim.notifications import selectors, services
from kim.notifications.forms import NotificationFilterForm, ReminderSettingsForm

PAGE_SIZE = 25


def _user(request: KimRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # login_required guarantees a real account; keep the type honest
        raise PermissionDenied
    return user


def _region(request: KimRequest) -> Region:
    if request.region is None:
        raise PermissionDenied
    return request.region


@never_cache
@login_required
@require_GET
def notification_list(request: KimRequest) -> HttpResponse:
    form = NotificationFilterForm(request.GET)
    unread_only = bool(form.is_valid() and form.cleaned_data["unread"])
    user = _user(request)
    notifications = selectors.notifications_for_user(user=user, region=request.region, unread_only=unread_only)
    page_obj = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "unread_only": unread_only,
            "unread_count": selectors.notification_unread_count(user=user, region=request.region),
        },
    )


@login_required
@require_POST
def notification_mark_read(request: KimRequest, pk: str) -> HttpResponse:
    user = _user(request)
    try:
        notification = selectors.notification_get_for_user(user=user, region=request.region, id=pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    services.notification_mark_read(actor=user, notification=notification)
    target = notification.url
    if request.POST.get("open") and target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    messages.success(request, _("The notification is marked as read."))
    return redirect("notifications:list")


@login_required
@require_POST
def notification_mark_all_read(request: KimRequest) -> HttpResponse:
    user = _user(request)
    count = 0
    if request.region is not None:
        count = services.notifications_mark_all_read(actor=user, region=request.region)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s notification is marked as read.",
                "%(count)s notifications are marked as read.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("There were no unread notifications."))
    return redirect("notifications:list")


@never_cache
@capability_required(Capability.MANAGE_REGION)
@require_http_methods(["GET", "POST"])
def reminder_settings(request: KimRequest) -> HttpResponse:
    region = _region(request)
    current = selectors.reminder_settings_for(region=region)
    form = ReminderSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.reminder_settings_update(
                actor=_user(request),
                region=region,
                residence_lead_days=form.cleaned_data["residence_lead_days"],
                step_lead_days=form.cleaned_data["step_lead_days"],
                email_enabled=form.cleaned_data["email_enabled"],
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The reminder settings are saved."))
            return redirect("notifications:reminder_settings")
    return render(request, "notifications/reminder_settings.html", {"form": form})
