"""Who may do what with referrals and releases.

- Sending side: whoever works on the case (``kim.cases.permissions.works_on_case``:
  case managers and named deputies of the case's team) records releases, sends and
  revokes referrals and sees the case's referrals.
- Release override: a person who works on the case *and* holds a current team-lead
  membership of the case's team may send without a fitting release, recording a
  reason (audited). Team leads without case access cannot send at all, because they
  see no case files. (A capability of its own in ``kim.accounts.roles`` would make
  this configurable per region; until then the rule is this predicate.)
- Receiving side: partner staff (``receive_referrals``) with a current membership for
  the recipient organisation in the referral's region.
"""

from __future__ import annotations

from typing import Any

import rules

from kim.accounts.roles import RoleCode
from kim.cases.permissions import works_on_case
from kim.core.models import Region


def partner_organisation_ids(user: Any, region: Region | None) -> frozenset[str]:
    """Organisations in ``region`` for which ``user`` receives referrals (current partner memberships)."""
    if region is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cache: dict[Any, frozenset[str]] = user.__dict__.setdefault("_kim_partner_organisations", {})
    if region.pk not in cache:
        from kim.accounts.models import Membership

        ids = (
            Membership.objects.current()
            .filter(
                user=user,
                region=region,
                role__code=RoleCode.PARTNER_STAFF,
                organisation__isnull=False,
                organisation__is_active=True,
            )
            .values_list("organisation_id", flat=True)
        )
        cache[region.pk] = frozenset(str(pk) for pk in ids)
    return cache[region.pk]


@rules.predicate
def leads_case_team(user: Any, case: Any) -> bool:
    """``user`` holds a current team-lead membership of the case's team."""
    if case is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    from kim.accounts.models import Membership

    return (
        Membership.objects.current()
        .filter(user=user, region_id=case.region_id, team_id=case.team_id, role__code=RoleCode.TEAM_LEAD)
        .exists()
    )


@rules.predicate
def receives_referral(user: Any, referral: Any) -> bool:
    if referral is None:
        return False
    return str(referral.organisation_id) in partner_organisation_ids(user, referral.region)


may_override_release = works_on_case & leads_case_team

rules.add_perm("referrals.override_release", may_override_release)
rules.add_perm("referrals.receive_referral", receives_referral)
