"""``{% load referral_tags %}{% case_referrals case %}``: the referral section of a case page.

The case page fetches the case through the scoped case selector; this tag only lists
that case's referrals (kim.referrals.selectors.referrals_for_case).
"""

from __future__ import annotations

from typing import Any

from django import template

from kim.cases.models import Case
from kim.referrals.selectors import referrals_for_case

register = template.Library()


@register.inclusion_tag("referrals/case_referrals.html")
def case_referrals(case: Case) -> dict[str, Any]:
    return {"case": case, "referrals": referrals_for_case(case=case)}
