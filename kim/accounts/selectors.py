"""Reads about people and access, always scoped to the acting user or region."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet

from kim.accounts.models import Membership, User
from kim.accounts.roles import ROLES_SEEING_PERSONAL_DATA, capabilities_of
from kim.core.models import Region


@dataclass(frozen=True)
class Access:
    """What one user may do in one region, worked out once per request."""

    region: Region | None
    roles: frozenset[str] = field(default_factory=frozenset)
    capabilities: frozenset[str] = field(default_factory=frozenset)
    team_ids: frozenset[str] = field(default_factory=frozenset)
    organisation_ids: frozenset[str] = field(default_factory=frozenset)

    def can(self, capability: str) -> bool:
        return capability in self.capabilities


def memberships_for_user(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.current()
        .filter(user=user)
        .select_related("role", "region", "team", "organisation")
        .order_by("region__name", "role__code")
    )


def regions_for_user(*, user: User, memberships: list[Membership] | None = None) -> list[Region]:
    """The active regions ``user`` may work in; pass ``memberships`` when already loaded."""
    if user.is_superuser:
        return list(Region.objects.filter(is_active=True))
    rows = memberships if memberships is not None else memberships_for_user(user=user)
    seen: dict[str, Region] = {}
    for membership in rows:
        if membership.region is not None and membership.region.is_active:
            seen.setdefault(str(membership.region_id), membership.region)
    return list(seen.values())


def access_for(*, user: User, region: Region | None, memberships: list[Membership] | None = None) -> Access:
    """Roles and capabilities of ``user`` in ``region`` (state-level roles count everywhere)."""
    if not user.is_authenticated:
        return Access(region=None)
    rows = memberships if memberships is not None else list(memberships_for_user(user=user))
    relevant = [m for m in rows if m.region_id is None or (region is not None and m.region_id == region.pk)]
    roles = frozenset(m.role.code for m in relevant)
    return Access(
        region=region,
        roles=roles,
        capabilities=capabilities_of(roles),
        team_ids=frozenset(str(m.team_id) for m in relevant if m.team_id),
        organisation_ids=frozenset(str(m.organisation_id) for m in relevant if m.organisation_id),
    )


def user_needs_mfa(*, user: User, memberships: list[Membership]) -> bool:
    return user.is_superuser or any(m.role.code in ROLES_SEEING_PERSONAL_DATA for m in memberships)


def users_for_region(*, region: Region) -> QuerySet[User]:
    """People with a membership in ``region`` (for its admins)."""
    return (
        User.objects.filter(memberships__region=region)
        .distinct()
        .prefetch_related("memberships__role", "memberships__team", "memberships__organisation")
        .order_by("last_name", "first_name", "username")
    )


def user_get_for_region(*, region: Region, user_id: uuid.UUID | str) -> User:
    """One user of ``region``; raises ``User.DoesNotExist`` (→ 404) for anyone else."""
    return users_for_region(region=region).get(pk=user_id)


# --- For region admins: people of one region, showing only that region's memberships ---


def _region_memberships(region: Region) -> Prefetch:
    """Only the memberships in ``region``: other regions' roles stay invisible to its admins."""
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(region=region)
        .select_related("role", "team", "organisation")
        .order_by(F("valid_until").desc(nulls_first=True), "role__code", "valid_from"),
        to_attr="region_memberships",
    )


def region_people(*, region: Region, search: str = "", role: str = "", status: str = "") -> QuerySet[User]:
    """People with any membership (current or ended) in ``region``, each with ``region_memberships``.

    ``search`` matches every word against login name, first and last name; ``role``
    keeps people who hold that role in the region today; ``status`` is "active" or
    "inactive" (account switched off).
    """
    in_region = Membership.objects.filter(region=region)
    queryset = User.objects.filter(pk__in=in_region.values("user_id"))
    for term in search.split():
        queryset = queryset.filter(
            Q(username__icontains=term) | Q(first_name__icontains=term) | Q(last_name__icontains=term)
        )
    if role:
        queryset = queryset.filter(pk__in=in_region.current().filter(role__code=role).values("user_id"))
    if status == "active":
        queryset = queryset.filter(is_active=True)
    elif status == "inactive":
        queryset = queryset.filter(is_active=False)
    return queryset.prefetch_related(_region_memberships(region)).order_by("last_name", "first_name", "username")


def region_person_get(*, region: Region, id: uuid.UUID | str) -> User:
    """One person of ``region`` (with ``region_memberships``); ``User.DoesNotExist`` (→ 404) otherwise."""
    return region_people(region=region).get(pk=id)


def region_membership_get(*, region: Region, user: User, id: uuid.UUID | str) -> Membership:
    """One membership of ``user`` in ``region``; other regions' memberships raise ``DoesNotExist``."""
    return Membership.objects.select_related("role", "team", "organisation", "region").get(
        region=region, user=user, pk=id
    )


def region_people_count(*, region: Region) -> dict[str, int]:
    """People of ``region``: all, and those with an active account."""
    people = User.objects.filter(pk__in=Membership.objects.filter(region=region).values("user_id"))
    return people.aggregate(total=Count("id"), active=Count("id", filter=Q(is_active=True)))
