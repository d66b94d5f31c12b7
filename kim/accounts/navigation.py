"""The navigation and start page each role sees: one entry per capability that has pages.

Each app may contribute a ``navigation.py`` module with ``NAV_ITEMS`` and/or
``START_CARDS`` (lists of the dataclasses below); they are collected here, in the
order of INSTALLED_APPS, so no app needs to edit this file.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kim.accounts.roles import Capability
from kim.core.http import KimRequest


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    capability: str | None  # None: every signed-in person
    # Optional further condition for rules beyond the role capability (e.g. named deputies).
    visible: Callable[[KimRequest], bool] | None = None


NAV_ITEMS: list[NavItem] = [
    NavItem(_("Start"), "accounts:start", None),
    NavItem(_("Administration"), "manage:index", Capability.MANAGE_REGION),
    NavItem(_("Audit log"), "audit:search", Capability.VIEW_AUDIT),
]


def _contributed(attribute: str) -> list[Any]:
    return _contributions().get(attribute, [])


@cache
def _contributions() -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {"NAV_ITEMS": [], "START_CARDS": []}
    for config in apps.get_app_configs():
        if not config.name.startswith("kim.") or config.name == "kim.accounts":
            continue
        module_name = f"{config.name}.navigation"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        for attribute, entries in found.items():
            entries.extend(getattr(module, attribute, []))
    return found


def navigation_for(request: KimRequest) -> list[dict[str, Any]]:
    access = request.access
    items = []
    for item in [*NAV_ITEMS, *_contributed("NAV_ITEMS")]:
        if item.capability is not None and not access.can(item.capability):
            continue
        if item.visible is not None and not item.visible(request):
            continue
        url = reverse(item.url_name)
        current = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": item.label, "url": url, "current": current})
    return items


@dataclass(frozen=True)
class StartCard:
    """One block of real work on the start page, shown to holders of ``capability``."""

    title: str | Promise
    text: str | Promise
    capability: str | None  # None: every signed-in person
    links: tuple[tuple[str | Promise, str], ...]  # (label, url name)
    # Optional live content: a template rendered inside the card with the context the
    # callable returns (e.g. a case manager's steps due today).
    template: str | None = None
    context: Callable[[KimRequest], dict[str, Any]] | None = None
    # Optional further condition for rules beyond the role capability (e.g. named deputies).
    visible: Callable[[KimRequest], bool] | None = None


START_CARDS: list[StartCard] = [
    StartCard(
        _("Manage the region"),
        _("Municipalities, organisations, teams, users and roles, catalogues and funded posts."),
        Capability.MANAGE_REGION,
        ((_("Overview"), "manage:index"),),
    ),
    StartCard(
        _("Audit log"),
        _("Who read or changed which data when? Search and export."),
        Capability.VIEW_AUDIT,
        ((_("Search the audit log"), "audit:search"),),
    ),
]


def start_cards_for(request: KimRequest) -> list[dict[str, Any]]:
    access = request.access
    return [
        {
            "title": card.title,
            "text": card.text,
            "links": [{"label": label, "url": reverse(name)} for label, name in card.links],
            "template": card.template,
            "context": card.context(request) if card.context is not None else {},
        }
        for card in [*START_CARDS, *_contributed("START_CARDS")]
        if (card.capability is None or access.can(card.capability)) and (card.visible is None or card.visible(request))
    ]
