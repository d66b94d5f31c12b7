"""Case management in the navigation and on the start page.

The case manager's card shows what is due today and overdue (counts only, each a link to
the filtered list), plus unread notifications; team leads and coordinators get the figures.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from kim.accounts.models import User
from kim.accounts.navigation import NavItem, StartCard
from kim.accounts.roles import Capability
from kim.cases.monitoring import due_summary_for_user
from kim.cases.selectors_caseload import Horizon
from kim.core.http import KimRequest
from kim.notifications.selectors import notification_unread_count

NAV_ITEMS: list[NavItem] = [
    NavItem(_("Cases"), "cases:my_cases", Capability.WORK_CASES),
    NavItem(_("Caseload figures"), "cases:caseload_figures", Capability.VIEW_CASELOAD_FIGURES),
]


def due_today_context(request: KimRequest) -> dict[str, Any]:
    """Counts for the case manager's start card: five small aggregate queries, no names."""
    region = request.region
    user = request.user
    if region is None or not isinstance(user, User):
        return {}
    horizon = Horizon.for_region(region)
    return {
        "summary": due_summary_for_user(user=user, region=region, horizon=horizon),
        "horizon": horizon,
        "unread": notification_unread_count(user=user, region=region),
    }


START_CARDS: list[StartCard] = [
    StartCard(
        _("My cases"),
        _("What is due today and overdue in the cases you are responsible for."),
        Capability.WORK_CASES,
        (
            (_("My cases"), "cases:my_cases"),
            (_("Team cases"), "cases:team_cases"),
            (_("Due and overdue"), "cases:due"),
            (_("New intake"), "cases:intake_start"),
        ),
        template="cases/caseload/start_card.html",
        context=due_today_context,
    ),
    StartCard(
        _("Caseload figures"),
        _("Cases by stage, municipality, team and month: counts only, small numbers hidden."),
        Capability.VIEW_CASELOAD_FIGURES,
        ((_("Caseload figures"), "cases:caseload_figures"),),
    ),
]
