"""Navigation entry "Gremien" and the start-page card with the person's next meetings."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from kim.accounts.navigation import NavItem, StartCard
from kim.accounts.roles import Capability
from kim.core.http import KimRequest


def _next_meetings(request: KimRequest) -> dict[str, Any]:
    from kim.committees.selectors import upcoming_meetings_for, viewer_for

    if request.region is None:
        return {"meetings": []}
    viewer = viewer_for(user=request.user, region=request.region)
    return {"meetings": upcoming_meetings_for(viewer=viewer, limit=3)}


NAV_ITEMS = [NavItem(_("Committees"), "committees:body_list", Capability.VIEW_COMMITTEES)]

START_CARDS = [
    StartCard(
        _("Committees"),
        _("Your next meetings, agendas, papers and minutes."),
        Capability.VIEW_COMMITTEES,
        (
            (_("All bodies and meetings"), "committees:body_list"),
            (_("Calendar and subscription"), "committees:calendar"),
        ),
        template="committees/includes/start_card.html",
        context=_next_meetings,
    ),
]
