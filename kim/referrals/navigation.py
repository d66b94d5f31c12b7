"""Partners see their inbox; case managers see the referrals their team has sent."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kim.accounts.navigation import NavItem, StartCard
from kim.accounts.roles import Capability
from kim.cases.navigation import shows_case_work

NAV_ITEMS: list[NavItem] = [
    NavItem(_("Referrals"), "referrals:inbox", Capability.RECEIVE_REFERRALS),
    NavItem(_("Sent referrals"), "referrals:sent_list", None, visible=shows_case_work),
]

START_CARDS: list[StartCard] = [
    StartCard(
        _("Referrals to your organisation"),
        _("Referrals from case management to your offers: accept or decline them and give feedback at the end."),
        Capability.RECEIVE_REFERRALS,
        ((_("Open the inbox"), "referrals:inbox"),),
    ),
    StartCard(
        _("Referrals"),
        _("Referrals of your team's cases to partner offers, with their status and waiting times."),
        None,
        ((_("Sent referrals"), "referrals:sent_list"),),
        visible=shows_case_work,
    ),
]
