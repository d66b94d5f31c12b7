"""Navigation entry and start card of the network directory."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kim.accounts.navigation import NavItem, StartCard
from kim.accounts.roles import Capability

NAV_ITEMS = [NavItem(_("Network"), "directory:search", Capability.VIEW_DIRECTORY)]

START_CARDS = [
    StartCard(
        _("Network directory"),
        _("Find partners' offers by life domain, municipality, language and target group: who to contact and when."),
        Capability.VIEW_DIRECTORY,
        (
            (_("Search offers"), "directory:search"),
            (_("Responsibilities"), "directory:matrix"),
            (_("Overlaps and gaps"), "directory:analysis"),
        ),
    ),
    StartCard(
        _("Maintain the directory"),
        _("Create and edit offers, locations, opening times and translations; import offers from CSV or Excel."),
        Capability.MANAGE_DIRECTORY,
        (
            (_("Offers"), "directory:service_manage_list"),
            (_("Locations"), "directory:location_list"),
            (_("Import"), "directory:import"),
        ),
    ),
]
