"""Objects of region A for the referral URLs in the permission matrix (tests/permission_matrix.py)."""

from __future__ import annotations

from kim.referrals.tests.builders import make_case, make_referral, make_release
from tests.permission_matrix import register_objects

for _name in ("referrals:partner_detail", "referrals:accept", "referrals:decline", "referrals:finish"):
    register_objects(_name)(lambda w: {"pk": make_referral(w).pk})
for _name in ("referrals:sent_detail", "referrals:revoke"):
    register_objects(_name)(lambda w: {"pk": make_referral(w).pk})
for _name in ("referrals:case_referrals", "referrals:send", "referrals:release_create"):
    register_objects(_name)(lambda w: {"case_pk": make_case(w).pk})
register_objects("referrals:release_withdraw")(
    lambda w: {"case_pk": make_case(w).pk, "pk": make_release(w, make_case(w)).pk}
)
for _key in (
    "api GET /api/v1/referrals/inbox/{referral_id}",
    "api POST /api/v1/referrals/inbox/{referral_id}/accept",
    "api POST /api/v1/referrals/inbox/{referral_id}/decline",
    "api POST /api/v1/referrals/inbox/{referral_id}/finish",
):
    register_objects(_key)(lambda w: {"referral_id": make_referral(w).pk})
