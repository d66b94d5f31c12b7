"""Navigation entries and start-page cards of the theme loop."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kim.accounts.navigation import NavItem, StartCard
from kim.accounts.roles import Capability

NAV_ITEMS = [
    NavItem(_("Barrier reports"), "themes:inbox", Capability.COORDINATE_THEMES),
    NavItem(_("Themes"), "themes:theme_list", Capability.VIEW_COMMITTEES),
    NavItem(_("My barrier reports"), "themes:my_reports", Capability.WORK_CASES),
]

START_CARDS = [
    StartCard(
        _("Barrier reports and themes"),
        _("Group the anonymised barrier reports into themes and take them to the steering group."),
        Capability.COORDINATE_THEMES,
        ((_("Inbox"), "themes:inbox"), (_("Themes"), "themes:theme_list")),
    ),
    StartCard(
        _("Themes of the steering group"),
        _("Themes from case work with their figures, decisions and measures."),
        Capability.VIEW_COMMITTEES,
        ((_("Themes"), "themes:theme_list"),),
    ),
    StartCard(
        _("Structural barriers"),
        _("Report barriers you meet in case work, anonymised, and see what became of them."),
        Capability.WORK_CASES,
        ((_("My barrier reports"), "themes:my_reports"),),
    ),
]
