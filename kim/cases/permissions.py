"""Who may work on a case: members (case managers) and named deputies of the case's team.

Team leads see caseload figures only (kim.cases.selectors_caseload), coordinators and
everyone else no case files at all. The team ids are worked out once per user and
region and cached on the user object for the request.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q

from kim.accounts.roles import RoleCode
from kim.core.models import Region


def user_case_team_ids(user: Any, region: Region | None) -> frozenset[str]:
    """Ids of the teams in ``region`` whose cases ``user`` works on (today's memberships)."""
    if region is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cache: dict[Any, frozenset[str]] = user.__dict__.setdefault("_kim_case_teams", {})
    if region.pk not in cache:
        from kim.accounts.models import Membership

        team_ids = (
            Membership.objects.current()
            .filter(user=user, region=region, team__isnull=False, team__is_active=True)
            .filter(Q(role__code=RoleCode.CASE_MANAGER) | Q(is_deputy=True))
            .values_list("team_id", flat=True)
        )
        cache[region.pk] = frozenset(str(team_id) for team_id in team_ids)
    return cache[region.pk]


def teams_worked_by(user: Any, region: Region | None) -> frozenset[str]:
    """Ids of the teams whose cases ``user`` works on in ``region``: today's case-manager
    memberships and today's named deputyships, whatever role the deputy holds otherwise.

    The one rule for pages, API and services; callers outside ``kim.cases`` use this (or
    :func:`can_work_cases`) instead of the role capability ``work_cases``, which a deputy
    (for example a team lead named deputy) does not have.
    """
    return user_case_team_ids(user, region)


def can_work_cases(user: Any, region: Region | None) -> bool:
    """``user`` works on the cases of at least one team in ``region`` (member or named deputy)."""
    return bool(user_case_team_ids(user, region))


@rules.predicate
def works_on_case(user: Any, case: Any) -> bool:
    """``case`` (or anything with ``region`` and ``team_id``) belongs to one of the user's case teams."""
    if case is None:
        return False
    return str(case.team_id) in user_case_team_ids(user, case.region)


@rules.predicate
def opens_cases_in(user: Any, region: Region | None) -> bool:
    """The user belongs to at least one case team in ``region`` (may start an intake)."""
    return can_work_cases(user, region)


rules.add_perm("cases.work_case", works_on_case)
rules.add_perm("cases.open_case", opens_cases_in)
