"""The start page each role lands on, and switching the region one works in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kim.accounts.middleware import ACTIVE_REGION_SESSION_KEY
from kim.accounts.navigation import start_cards_for
from kim.core.http import KimRequest
from kim.core.models import KeyDate, Region


@login_required
@require_GET
def start(request: KimRequest) -> HttpResponse:
    return render(
        request,
        "core/start.html",
        {
            "cards": start_cards_for(request),
            "memberships": request.memberships,
            "key_dates": key_dates_for_start(region=request.region),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def region_switch(request: KimRequest) -> HttpResponse:
    wanted = request.POST.get("region", "")
    region = next((r for r in request.regions if str(r.pk) == wanted), None)
    if region is None:
        messages.error(request, _("This region is not available to you."))
    else:
        request.session[ACTIVE_REGION_SESSION_KEY] = str(region.pk)
        messages.success(request, _("You are now working in: %(region)s") % {"region": region.name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "accounts:start"
    return redirect(target)


def key_dates_for_start(*, region: Region | None) -> list[KeyDate]:
    """The region's programme dates: upcoming ones first, then the most recent past ones (five in all)."""
    if region is None:
        return []
    today = timezone.localdate()
    upcoming = list(KeyDate.objects.filter(region=region, date__gte=today).order_by("date")[:5])
    past = list(KeyDate.objects.filter(region=region, date__lt=today).order_by("-date")[: 5 - len(upcoming)])
    return upcoming + past
