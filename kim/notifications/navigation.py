"""Everyone signed in has an inbox; region admins set how reminders are sent."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kim.accounts.navigation import NavItem, StartCard
from kim.accounts.roles import Capability

NAV_ITEMS: list[NavItem] = [
    NavItem(_("Notifications"), "notifications:list", None),
]

START_CARDS: list[StartCard] = [
    StartCard(
        _("Reminders"),
        _("Lead time for expiring residence titles, advance notice for steps, daily reminder e-mails."),
        Capability.MANAGE_REGION,
        ((_("Reminder settings"), "notifications:reminder_settings"),),
    ),
]
