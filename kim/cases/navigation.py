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
from kim.cases.permissions import can_work_cases
from kim.cases.selectors_caseload import Horizon
from kim.core.http import KimRequest
from kim.notifications.selectors import notification_unread_count


def shows_case_work(request: KimRequest) -> bool:
    """Whether the "Cases" entry and the case-work start card belong in this person's navigation:
    case managers and named deputies of a team in the active region (the rule of
    ``kim.cases.permissions.can_work_cases``), not only holders of the role capability."""
    return can_work_cases(request.user, request.region)


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


NAV_ITEMS: list[NavItem] = [
    NavItem(_("Cases"), "cases:my_cases", None, visible=shows_case_work),
    NavItem(_("Caseload figures"), "cases:caseload_figures", Capability.VIEW_CASELOAD_FIGURES),
]


START_CARDS: list[StartCard] = [
    StartCard(
        _("My cases"),
        _("What is due today and overdue in the cases you are responsible for."),
        None,
        (
            (_("My cases"), "cases:my_cases"),
            (_("Team cases"), "cases:team_cases"),
            (_("Due and overdue"), "cases:due"),
            (_("New intake"), "cases:intake_start"),
        ),
        template="cases/caseload/start_card.html",
        context=due_today_context,
        visible=shows_case_work,
    ),
    StartCard(
        _("Caseload figures"),
        _("Cases by stage, municipality, team and month: counts only, small numbers hidden."),
        Capability.VIEW_CASELOAD_FIGURES,
        ((_("Caseload figures"), "cases:caseload_figures"),),
    ),
]
