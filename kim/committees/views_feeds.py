"""The meeting calendar page and the iCalendar subscription feeds.

Calendar programs fetch feeds without a session, so a feed URL carries a personal token:
the user's and the region's id plus an HMAC over them and the user's password hash
(the scheme of Django's password-reset tokens). No model is needed, and the token

* cannot be forged without SECRET_KEY,
* stops working when the person changes their password (that is how a leaked address is
  revoked; the calendar page says so) or when SECRET_KEY is rotated,
* is checked against the current rights on every fetch: a deactivated account, a lost
  committee capability or an ended seat empties the feed at once (404 for a body feed).

Feeds hold the public summary of each meeting only (see kim.committees.ical).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from kim.accounts.roles import Capability
from kim.committees import permissions
from kim.committees.ical import feed_to_ical
from kim.committees.models import Body, Meeting
from kim.committees.permissions import Viewer
from kim.committees.selectors import viewer_for
from kim.core.access import capability_required
from kim.core.http import KimRequest
from kim.core.models import Region

TOKEN_SALT = "kim.committees.calendar-feed"  # noqa: S105 - a key salt, not a secret
# Feeds reach back this far; everything in the future is included.
FEED_PAST = dt.timedelta(days=180)


# --- tokens -------------------------------------------------------------------------------


def _signature(user: Any, region: Region) -> str:
    value = f"{user.pk}|{region.pk}|{user.password}|{int(user.is_active)}"
    return salted_hmac(TOKEN_SALT, value, algorithm="sha256").hexdigest()[:32]


def feed_token(*, user: Any, region: Region) -> str:
    """The personal feed token of ``user`` in ``region`` (96 hex characters)."""
    return f"{user.pk.hex}{region.pk.hex}{_signature(user, region)}"


def _viewer_from_token(token: str) -> Viewer:
    """The viewer a token stands for, with their current rights; 404 for anything invalid."""
    if len(token) != 96:
        raise Http404
    try:
        user_id, region_id = uuid.UUID(hex=token[:32]), uuid.UUID(hex=token[32:64])
    except ValueError as exc:
        raise Http404 from exc
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    region = Region.objects.filter(pk=region_id, is_active=True).first()
    if user is None or region is None or not constant_time_compare(token[64:], _signature(user, region)):
        raise Http404
    if not user.has_perm(f"kim.{Capability.VIEW_COMMITTEES}", region):
        raise Http404
    return viewer_for(user=user, region=region)


# --- what a viewer sees -------------------------------------------------------------------


def _meetings(viewer: Viewer) -> QuerySet[Meeting]:
    return (
        Meeting.objects.alive()
        .filter(region=viewer.region, body__deleted_at__isnull=True)
        .select_related("body")
        .order_by("start", "pk")
    )


def visible_meetings(viewer: Viewer, *, start: dt.datetime, end: dt.datetime | None = None) -> list[Meeting]:
    """Meetings from ``start`` (to ``end``) that the viewer may see (rule: kim.committees.permissions)."""
    meetings = _meetings(viewer).filter(start__gte=start)
    if end is not None:
        meetings = meetings.filter(start__lt=end)
    return [m for m in meetings if permissions.can_see_meeting(viewer, m)]


def own_meetings(viewer: Viewer, *, since: dt.datetime) -> list[Meeting]:
    """The viewer's meetings: of the bodies they sit in (managers: of every body)."""
    meetings = _meetings(viewer).filter(start__gte=since)
    if not viewer.manages:
        meetings = meetings.filter(body_id__in=list(viewer.seats))
    return list(meetings)


def feed_bodies(viewer: Viewer) -> QuerySet[Body]:
    """Bodies whose feed the viewer may subscribe to: their own (managers: all)."""
    bodies = Body.objects.alive().filter(region=viewer.region).order_by("name")
    if viewer.manages:
        return bodies
    return bodies.filter(pk__in=list(viewer.seats))


# --- feeds --------------------------------------------------------------------------------


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def _meeting_url(request: HttpRequest) -> Any:
    def url_for(meeting: Meeting) -> str:
        return request.build_absolute_uri(reverse("committees:meeting_detail", kwargs={"pk": meeting.pk}))

    return url_for


@require_safe
def feed_user(request: HttpRequest, token: str) -> HttpResponse:
    viewer = _viewer_from_token(token)
    meetings = own_meetings(viewer, since=timezone.now() - FEED_PAST)
    name = gettext("My meetings – %(region)s") % {"region": viewer.region.name}
    return _ics(feed_to_ical(meetings, name=name, url_for=_meeting_url(request)), "sitzungen.ics")


@require_safe
def feed_body(request: HttpRequest, token: str, pk: uuid.UUID) -> HttpResponse:
    viewer = _viewer_from_token(token)
    body = feed_bodies(viewer).filter(pk=pk).first()
    if body is None:
        raise Http404
    meetings = _meetings(viewer).filter(body=body, start__gte=timezone.now() - FEED_PAST)
    name = gettext("Meetings: %(body)s") % {"body": body.name}
    return _ics(feed_to_ical(meetings, name=name, url_for=_meeting_url(request)), "gremium.ics")


# --- calendar page ------------------------------------------------------------------------


@dataclass(frozen=True)
class Day:
    date: dt.date
    meetings: list[Meeting]


def _month(value: str | None, today: dt.date) -> dt.date:
    if value:
        try:
            parsed = dt.datetime.strptime(value, "%Y-%m").date()  # noqa: DTZ007 - a month, no time
        except ValueError:
            parsed = None
        if parsed is not None and 2000 <= parsed.year <= 2100:
            return parsed
    return today.replace(day=1)


def _shift(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _by_day(meetings: Iterable[Meeting]) -> list[Day]:
    days: dict[dt.date, list[Meeting]] = {}
    for meeting in meetings:
        days.setdefault(timezone.localtime(meeting.start).date(), []).append(meeting)
    return [Day(date=day, meetings=items) for day, items in sorted(days.items())]


def _feed(request: HttpRequest, label: str, path: str) -> dict[str, str]:
    url = request.build_absolute_uri(path)
    return {"label": label, "url": url, "webcal": "webcal://" + url.split("://", 1)[1]}


@capability_required(Capability.VIEW_COMMITTEES)
@require_safe
def calendar(request: KimRequest) -> HttpResponse:
    region = request.region
    if region is None:  # capability_required has checked it; this keeps the type narrow
        raise Http404
    viewer = viewer_for(user=request.user, region=region)
    today = timezone.localdate()
    upcoming = request.GET.get("ansicht") == "liste"
    month = _month(request.GET.get("monat"), today)
    if upcoming:
        meetings = visible_meetings(viewer, start=_aware(today))
    else:
        meetings = visible_meetings(viewer, start=_aware(month), end=_aware(_shift(month, 1)))
    token = feed_token(user=request.user, region=region)
    feeds = [_feed(request, gettext("My meetings"), reverse("committees:calendar_feed_user", args=[token]))]
    feeds += [
        _feed(
            request,
            gettext("Meetings of %(body)s") % {"body": body.name},
            reverse("committees:calendar_feed_body", args=[token, body.pk]),
        )
        for body in feed_bodies(viewer)
    ]
    context = {
        "upcoming": upcoming,
        "month": month,
        "previous_month": _shift(month, -1),
        "next_month": _shift(month, 1),
        "days": _by_day(meetings),
        "meeting_count": len(meetings),
        "today": today,
        "feeds": feeds,
    }
    return render(request, "committees/feeds/calendar.html", context)
