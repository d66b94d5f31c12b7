"""Writes on releases and referrals: keyword-only, one transaction each, audited, notifying.

Status changes go only through ``_change_status`` against ``models.TRANSITIONS``.
Notifications are rows written in the same transaction (kim.notifications.notify), so
a refused change leaves neither a status nor a message behind. Titles of
notifications name the offer, never the person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.accounts.models import User
from kim.cases.models import Case, Goal, Need
from kim.cases.permissions import works_on_case
from kim.core import audit
from kim.core.audit import Actor
from kim.core.errors import InvalidTransition, PermissionDeniedError, ValidationFailed
from kim.core.models import AuditEntry, Organisation
from kim.directory.models import Service
from kim.notifications.models import Notification
from kim.notifications.services import notify
from kim.referrals import selectors
from kim.referrals.models import (
    OPEN_STATUSES,
    OUTCOMES_FOR,
    TRANSITIONS,
    DataCategory,
    Referral,
    ReferralEvent,
    ReferralStatus,
    Release,
)
from kim.referrals.permissions import may_override_release, receives_referral
from kim.referrals.sharing import FIELDS_BY_KEY, Context, build_snapshot

OVERRIDE_REASON_MIN_LENGTH = 20
# Fields of a referral kept out of the audit log: the shared values themselves (the log
# records which fields went where, not the person's data a second time).
_AUDIT_EXCLUDED = {"shared_snapshot"}


def _audit_values(instance: Referral) -> dict[str, Any]:
    names = [field.name for field in instance._meta.concrete_fields if field.name not in _AUDIT_EXCLUDED]
    return audit.snapshot(instance, fields=names)


def _person(actor: Actor | None) -> User | None:
    """The account behind ``actor`` for foreign keys (None for system actions such as demo seeding)."""
    return actor if isinstance(actor, User) else None


def _require_case_work(actor: Actor | None, case: Case) -> None:
    if actor is not None and not works_on_case(actor, case):
        raise PermissionDeniedError(_("Only the case team may do this."))


def _validate(instance: Release | Referral, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except DjangoValidationError as exc:
        field, errors = next(iter(exc.message_dict.items()))
        raise ValidationFailed(errors[0], field=None if field == "__all__" else field) from exc


# --- Releases ---


@transaction.atomic
def release_record(
    *,
    actor: Actor | None,
    case: Case,
    recipient: Organisation,
    purpose: str,
    data_categories: Iterable[str],
    given_on: dt.date,
    language: str,
    valid_until: dt.date | None = None,
    interpreter_used: bool = False,
    interpreter_name: str = "",
) -> Release:
    """Record a release from confidentiality the person gave towards ``recipient``."""
    _require_case_work(actor, case)
    categories = [code for code in DataCategory.values if code in set(data_categories)]
    unknown = set(data_categories) - set(DataCategory.values)
    if unknown or not categories:
        raise ValidationFailed(_("Please choose at least one data category."), field="data_categories")
    if recipient.region_id != case.region_id or not recipient.is_active:
        raise ValidationFailed(_("Please choose an active organisation of this region."), field="recipient")
    if given_on > timezone.localdate():
        raise ValidationFailed(_("A release cannot be dated in the future."), field="given_on")
    if valid_until is not None and valid_until < given_on:
        raise ValidationFailed(_("The release cannot end before it was given."), field="valid_until")
    if not purpose.strip():
        raise ValidationFailed(_("Please state the purpose of the release."), field="purpose")
    if selectors.data_sharing_withdrawn(case=case):
        raise ValidationFailed(
            _(
                "The person has withdrawn the consent to passing data on to partners. Record a new consent to "
                "data sharing in the case before recording a release."
            )
        )
    release = Release(
        region=case.region,
        case=case,
        client=case.client,
        recipient=recipient,
        purpose=purpose.strip(),
        data_categories=categories,
        given_on=given_on,
        valid_until=valid_until,
        language=language.strip(),
        interpreter_used=interpreter_used,
        interpreter_name=interpreter_name.strip() if interpreter_used else "",
        recorded_by=_person(actor),
    )
    _validate(release, exclude=["recorded_by", "withdrawn_by"])
    release.save()
    audit.record_create(actor=actor, instance=release)
    return release


@transaction.atomic
def release_withdraw(*, actor: Actor | None, release: Release, withdrawn_on: dt.date | None = None) -> Release:
    """Record the withdrawal; open referrals resting on this release are revoked with it."""
    release = Release.objects.select_for_update(of=("self",)).select_related("case", "recipient").get(pk=release.pk)
    _require_case_work(actor, release.case)
    if release.withdrawn_on is not None:
        raise ValidationFailed(_("This release has already been withdrawn."))
    day = withdrawn_on or timezone.localdate()
    if day < release.given_on or day > timezone.localdate():
        raise ValidationFailed(
            _("The date of withdrawal must lie between the release and today."), field="withdrawn_on"
        )
    before = audit.snapshot(release)
    release.withdrawn_on = day
    release.withdrawn_by = _person(actor)
    release.save(update_fields=["withdrawn_on", "withdrawn_by", "updated_at"])
    audit.record_update(actor=actor, instance=release, before=before)
    for referral in Referral.objects.filter(release=release, status__in=list(OPEN_STATUSES)):
        _change_status(
            actor=actor,
            referral=referral,
            to=ReferralStatus.REVOKED,
            note=_("The release from confidentiality was withdrawn."),
            check_actor=False,
            values={"revoke_reason": _("The release from confidentiality was withdrawn.")},
        )
    return release


# --- Sending ---


def _check_send_targets(
    *, actor: Actor | None, case: Case, offer: Service, need: Need | None, goal: Goal | None
) -> None:
    """The case may be referred, and need, goal and offer belong to it and its region."""
    _require_case_work(actor, case)
    if not case.is_open:
        raise ValidationFailed(_("A closed case cannot be referred."))
    if need is None and goal is None:
        raise ValidationFailed(_("Please choose the need or goal this referral serves."), field="need")
    if need is not None and (need.region_id != case.region_id or need.assessment.case_id != case.pk):
        raise ValidationFailed(_("This need does not belong to the case."), field="need")
    if goal is not None and goal.case_id != case.pk:
        raise ValidationFailed(_("This goal does not belong to the case."), field="goal")
    if offer.region_id != case.region_id:
        raise ValidationFailed(_("This offer is not in the directory of this region."), field="offer")
    if offer.status != Service.Status.ACTIVE or not offer.organisation.is_active:
        raise ValidationFailed(_("This offer is not active at the moment."), field="offer")


@transaction.atomic
def referral_send(
    *,
    actor: Actor | None,
    case: Case,
    offer: Service,
    fields: Iterable[str],
    message: str = "",
    need: Need | None = None,
    goal: Goal | None = None,
    override_reason: str | None = None,
) -> Referral:
    """Send a referral of ``case`` to ``offer``, sharing the chosen fields as they are now.

    Requires an active consent to case management and a valid release naming the
    offer's organisation and every data category shared (health data explicitly);
    without one, only someone with the override right may send, giving a reason.
    """
    _check_send_targets(actor=actor, case=case, offer=offer, need=need, goal=goal)
    keys = set(fields)
    if keys - set(FIELDS_BY_KEY):
        raise ValidationFailed(_("Unknown field chosen."), field="fields")
    message = message.strip()
    if message:
        keys.add("message")
    context = Context(case=case, need=need, goal=goal, message=message)
    snapshot = build_snapshot(keys, context)
    if not snapshot:
        raise ValidationFailed(_("Please choose at least one field with content to share."), field="fields")
    gate = selectors.release_gate(
        case=case, organisation=offer.organisation, categories={entry["category"] for entry in snapshot}
    )
    if not gate.case_consent:
        raise ValidationFailed(_("There is no active consent to case management for this case."))
    if gate.data_sharing_withdrawn:
        raise ValidationFailed(selectors.data_sharing_withdrawn_message())
    reason = (override_reason or "").strip()
    override = not gate.allowed
    if override:
        if not reason:
            raise ValidationFailed(" ".join(gate.problems), field="fields")
        if actor is not None and not may_override_release(actor, case):
            raise PermissionDeniedError(
                " ".join(gate.problems)
                + " "
                + _("Only the team lead of the case's team may send without a fitting release.")
            )
        if len(reason) < OVERRIDE_REASON_MIN_LENGTH:
            raise ValidationFailed(
                _("Please give a reason of at least %(count)s characters for sending without a fitting release.")
                % {"count": OVERRIDE_REASON_MIN_LENGTH},
                field="override_reason",
            )
    now = timezone.now()
    person = _person(actor)
    referral = Referral(
        region=case.region,
        case=case,
        need=need,
        goal=goal,
        offer=offer,
        organisation=offer.organisation,
        sender=person,
        status=ReferralStatus.SENT,
        shared_fields=[entry["key"] for entry in snapshot],
        shared_snapshot=snapshot,
        release=gate.release,
        override_reason=reason if override else "",
        override_by=person if override else None,
        sent_at=now,
    )
    referral.save()
    ReferralEvent.objects.create(
        region=referral.region,
        referral=referral,
        status=ReferralStatus.SENT,
        at=now,
        actor=person,
        note=reason if override else "",
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        object_type=audit.object_type_of(referral),
        object_id=referral.pk,
        region=referral.region,
        changes={key: [None, value] for key, value in _audit_values(referral).items() if value not in (None, "", [])},
    )
    # The disclosure itself: which categories and fields went to which organisation, on what basis.
    audit.record(
        actor=actor,
        action=AuditEntry.Action.DISCLOSE,
        object_type=audit.object_type_of(case),
        object_id=case.pk,
        region=case.region,
        changes={
            "referral": str(referral.pk),
            "recipient": str(referral.organisation_id),
            "fields": referral.shared_fields,
            "categories": referral.shared_categories,
            "release": str(gate.release.pk) if gate.release else None,
            "override_reason": referral.override_reason or None,
        },
    )
    title = _("New referral to your offer “%(offer)s”") % {"offer": offer.name}
    _notify(referral, selectors.receiving_side_recipients(referral=referral), title, partner=True, actor=actor)
    # The responsible case manager learns of every referral of their case, also one a colleague sent.
    if person is not None:
        colleagues_case = [p for p in selectors.sending_side_recipients(referral=referral) if p.pk != person.pk]
        sent_title = _("Referral of your case to “%(offer)s” sent by a colleague") % {"offer": offer.name}
        _notify(referral, colleagues_case, sent_title, partner=False, actor=actor)
    return referral


# --- Status changes ---


def _notify(referral: Referral, people: Iterable[Any], title: str, *, partner: bool, actor: Actor | None) -> None:
    url = reverse("referrals:partner_detail" if partner else "referrals:sent_detail", args=[referral.pk])
    for person in people:
        if actor is not None and person.pk == actor.pk:
            continue
        notify(recipient=person, region=referral.region, kind=Notification.Kind.REFERRAL, title=title[:200], url=url)


_STATUS_TIMESTAMP: dict[str, str] = {
    ReferralStatus.ACCEPTED: "accepted_at",
    ReferralStatus.DECLINED: "declined_at",
    ReferralStatus.COMPLETED: "completed_at",
    ReferralStatus.NOT_COMPLETED: "completed_at",
    ReferralStatus.REVOKED: "revoked_at",
}


def _title(status: str, offer: str) -> str:
    # Each title is spelt out for gettext (makemessages cannot see through a lookup).
    titles: dict[str, str] = {
        ReferralStatus.ACCEPTED: _("Referral to “%(offer)s” accepted"),
        ReferralStatus.DECLINED: _("Referral to “%(offer)s” declined"),
        ReferralStatus.COMPLETED: _("Referral to “%(offer)s” completed"),
        ReferralStatus.NOT_COMPLETED: _("Referral to “%(offer)s” not completed"),
        ReferralStatus.REVOKED: _("Referral to “%(offer)s” revoked"),
    }
    return titles[status] % {"offer": offer}


def _change_status(
    *,
    actor: Actor | None,
    referral: Referral,
    to: str,
    note: str = "",
    values: Mapping[str, Any] | None = None,
    check_actor: bool = True,
) -> Referral:
    """Move ``referral`` to ``to`` if the transitions table allows it, with history, audit and notifications."""
    referral = (
        # Lock only the referral row: PostgreSQL refuses FOR UPDATE on the nullable side of the joins.
        Referral.objects.select_for_update(of=("self",))
        .select_related("case", "case__case_manager", "offer", "organisation", "sender")
        .get(pk=referral.pk)
    )
    if to not in TRANSITIONS[referral.status]:
        raise InvalidTransition(
            _("A referral with status “%(current)s” cannot change to “%(target)s”.")
            % {"current": ReferralStatus(referral.status).label, "target": ReferralStatus(to).label}
        )
    partner_side = to != ReferralStatus.REVOKED
    if check_actor and actor is not None:
        if partner_side and not receives_referral(actor, referral):
            raise PermissionDeniedError(_("Only the organisation the referral is addressed to may do this."))
        if not partner_side and not works_on_case(actor, referral.case):
            raise PermissionDeniedError(_("Only the case team may revoke a referral."))
    before = _audit_values(referral)
    now = timezone.now()
    referral.status = to
    setattr(referral, _STATUS_TIMESTAMP[to], now)
    changed = ["status", _STATUS_TIMESTAMP[to]]
    for name, value in (values or {}).items():
        setattr(referral, name, value)
        changed.append(name)
    referral.save(update_fields=[*dict.fromkeys(changed), "updated_at"])
    person = _person(actor)
    ReferralEvent.objects.create(
        region=referral.region, referral=referral, status=to, at=now, actor=person, note=note.strip()
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        object_type=audit.object_type_of(referral),
        object_id=referral.pk,
        region=referral.region,
        changes=audit.diff(before, _audit_values(referral)),
    )
    title = _title(to, referral.offer.name)
    _notify(referral, selectors.sending_side_recipients(referral=referral), title, partner=False, actor=actor)
    if not partner_side:
        _notify(referral, selectors.receiving_side_recipients(referral=referral), title, partner=True, actor=actor)
    return referral


@transaction.atomic
def referral_accept(*, actor: Actor | None, referral: Referral) -> Referral:
    return _change_status(actor=actor, referral=referral, to=ReferralStatus.ACCEPTED)


@transaction.atomic
def referral_decline(*, actor: Actor | None, referral: Referral, reason: str) -> Referral:
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("Please give a reason for declining."), field="reason")
    return _change_status(
        actor=actor, referral=referral, to=ReferralStatus.DECLINED, note=reason, values={"decline_reason": reason}
    )


@transaction.atomic
def referral_finish(
    *, actor: Actor | None, referral: Referral, completed: bool, outcome: str, feedback: str
) -> Referral:
    """End an accepted referral as completed or not completed, with the outcome and feedback."""
    target = ReferralStatus.COMPLETED if completed else ReferralStatus.NOT_COMPLETED
    if outcome not in OUTCOMES_FOR[target]:
        raise ValidationFailed(_("This outcome does not fit the result chosen."), field="outcome")
    feedback = feedback.strip()
    if not feedback:
        raise ValidationFailed(_("Please give feedback to the case management."), field="feedback")
    return _change_status(
        actor=actor,
        referral=referral,
        to=target,
        note=feedback,
        values={"outcome": outcome, "feedback": feedback},
    )


@transaction.atomic
def referral_revoke(*, actor: Actor | None, referral: Referral, reason: str) -> Referral:
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("Please give a reason for revoking."), field="reason")
    return _change_status(
        actor=actor, referral=referral, to=ReferralStatus.REVOKED, note=reason, values={"revoke_reason": reason}
    )
