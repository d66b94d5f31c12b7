"""The partner's inbox as JSON: referrals addressed to the own organisation, and their status changes.

Same selectors and services as the pages: only referrals of the partner's own
organisations exist for the caller (others are 404), and only the frozen snapshot is
returned, never the live case.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from kim.accounts.roles import Capability
from kim.core import audit
from kim.core.errors import PermissionDeniedError, ValidationFailed
from kim.core.models import Region
from kim.referrals import selectors, services
from kim.referrals.models import Referral, ReferralStatus
from kim.referrals.sharing import field_label

router = Router(tags=["Referrals"])
MAX_RESULTS = 200


class SharedFieldOut(Schema):
    key: str
    label: str
    category: str
    value: str


class ReferralOut(Schema):
    id: str
    status: str
    offer_id: str
    offer: str
    organisation_id: str
    organisation: str
    sent_at: dt.datetime
    accepted_at: dt.datetime | None
    declined_at: dt.datetime | None
    completed_at: dt.datetime | None
    revoked_at: dt.datetime | None
    days_to_answer: int | None
    days_to_completion: int | None
    days_waiting: int | None


class ReferralDetailOut(ReferralOut):
    shared: list[SharedFieldOut]
    decline_reason: str
    revoke_reason: str
    outcome: str
    feedback: str
    sender: str
    sender_email: str


class InboxFilter(Schema):
    status: str = ""
    limit: int = 50


# Inputs default to empty so that the permission check answers before validation (403, not 422);
# the services refuse empty values with a message.
class DeclineIn(Schema):
    reason: str = ""


class FinishIn(Schema):
    completed: bool | None = None
    outcome: str = ""
    feedback: str = ""


def _region(request: HttpRequest) -> Region:
    region = getattr(request, "region", None)
    if region is None:
        raise PermissionDeniedError(_("You are not working in any region."))
    if not request.user.has_perm(f"kim.{Capability.RECEIVE_REFERRALS}", region):
        raise PermissionDeniedError(_("You may not handle referrals."))
    return region


def _summary(referral: Referral) -> dict[str, object]:
    return {
        "id": str(referral.pk),
        "status": referral.status,
        "offer_id": str(referral.offer_id),
        "offer": referral.offer.name,
        "organisation_id": str(referral.organisation_id),
        "organisation": referral.organisation.name,
        "sent_at": referral.sent_at,
        "accepted_at": referral.accepted_at,
        "declined_at": referral.declined_at,
        "completed_at": referral.completed_at,
        "revoked_at": referral.revoked_at,
        "days_to_answer": referral.days_to_answer,
        "days_to_completion": referral.days_to_completion,
        "days_waiting": referral.days_waiting,
    }


def _detail(referral: Referral) -> ReferralDetailOut:
    shared = (
        []
        if referral.status == ReferralStatus.REVOKED
        else [
            SharedFieldOut(
                key=entry["key"], label=field_label(entry["key"]), category=entry["category"], value=entry["value"]
            )
            for entry in referral.shared_snapshot
        ]
    )
    sender = referral.sender
    return ReferralDetailOut(
        **_summary(referral),  # type: ignore[arg-type]
        shared=shared,
        decline_reason=referral.decline_reason,
        revoke_reason=referral.revoke_reason,
        outcome=referral.outcome,
        feedback=referral.feedback,
        sender=(sender.get_full_name() or sender.username) if sender else "",
        sender_email=sender.email if sender else "",
    )


def _get(request: HttpRequest, referral_id: uuid.UUID) -> Referral:
    region = _region(request)
    try:
        return selectors.referral_get_for_partner(user=request.user, region=region, id=referral_id)
    except Referral.DoesNotExist:
        raise HttpError(404, _("Not found.")) from None


@router.get(
    "/inbox",
    response=list[ReferralOut],
    url_name="referrals_inbox",
    summary="Referrals addressed to the own organisation (filter by status)",
)
def inbox(request: HttpRequest, filters: Query[InboxFilter]) -> list[ReferralOut]:
    region = _region(request)
    if filters.status and filters.status not in ReferralStatus.values:
        raise HttpError(400, _("Unknown value for %(name)s.") % {"name": "status"})
    referrals = selectors.referrals_for_partner(user=request.user, region=region, status=filters.status)
    limit = max(1, min(filters.limit, MAX_RESULTS))
    return [ReferralOut(**_summary(referral)) for referral in referrals[:limit]]  # type: ignore[arg-type]


@router.get(
    "/inbox/{referral_id}",
    response=ReferralDetailOut,
    url_name="referrals_inbox_detail",
    summary="One referral with the data shared at sending",
)
def inbox_detail(request: HttpRequest, referral_id: uuid.UUID) -> ReferralDetailOut:
    referral = _get(request, referral_id)
    audit.record_read(actor=request.user, instance=referral)
    return _detail(referral)


@router.post(
    "/inbox/{referral_id}/accept",
    response=ReferralDetailOut,
    url_name="referrals_accept",
    summary="Accept a referral",
)
def accept(request: HttpRequest, referral_id: uuid.UUID) -> ReferralDetailOut:
    referral = services.referral_accept(actor=request.user, referral=_get(request, referral_id))
    return _detail(_get(request, referral.pk))


@router.post(
    "/inbox/{referral_id}/decline",
    response=ReferralDetailOut,
    url_name="referrals_decline",
    summary="Decline a referral, giving a reason",
)
def decline(request: HttpRequest, referral_id: uuid.UUID, payload: DeclineIn) -> ReferralDetailOut:
    referral = services.referral_decline(
        actor=request.user,
        referral=_get(request, referral_id),
        reason=payload.reason,
    )
    return _detail(_get(request, referral.pk))


@router.post(
    "/inbox/{referral_id}/finish",
    response=ReferralDetailOut,
    url_name="referrals_finish",
    summary="End an accepted referral as completed or not completed, with outcome and feedback",
)
def finish(request: HttpRequest, referral_id: uuid.UUID, payload: FinishIn) -> ReferralDetailOut:
    target = _get(request, referral_id)
    if payload.completed is None:
        raise ValidationFailed(_("Please state whether the offer was completed."), field="completed")
    referral = services.referral_finish(
        actor=request.user,
        referral=target,
        completed=payload.completed,
        outcome=payload.outcome,
        feedback=payload.feedback,
    )
    return _detail(_get(request, referral.pk))
