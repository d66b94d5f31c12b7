"""Reads on referrals and releases, always scoped to the acting user.

- Sending side: through the case (``kim.cases.selectors.case_get_for_user``) or through
  the user's case teams; other teams' and regions' referrals raise ``DoesNotExist``.
- Receiving side: only referrals addressed to the partner's own organisations; the
  partner templates show the frozen snapshot, never the live case.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import median

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.accounts.models import Membership, User
from kim.accounts.roles import RoleCode
from kim.cases.models import Case
from kim.cases.permissions import user_case_team_ids
from kim.cases.selectors import case_has_active_consent, data_sharing_blocked
from kim.core.models import Organisation, Region
from kim.referrals.models import DataCategory, Referral, ReferralEvent, ReferralStatus, Release
from kim.referrals.permissions import partner_organisation_ids

Id = uuid.UUID | str


def _referrals(region: Region) -> QuerySet[Referral]:
    return Referral.objects.filter(region=region).select_related(
        "offer", "organisation", "sender", "release", "override_by"
    )


# --- Sending side ---


def referrals_for_case(*, case: Case) -> QuerySet[Referral]:
    """The referrals of a case the caller has already fetched through a scoped case selector."""
    return _referrals(case.region).filter(case=case).select_related("need", "goal").order_by("-sent_at")


def referrals_sent_for_user(*, user: object, region: Region, status: str = "") -> QuerySet[Referral]:
    """Referrals of the user's case teams (for the sender's overview)."""
    queryset = _referrals(region).filter(case__team_id__in=user_case_team_ids(user, region)).select_related("case")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-sent_at")


def referral_get_for_sender(*, user: object, region: Region, id: Id) -> Referral:
    """One referral of the user's case teams, with its history; ``DoesNotExist`` (→ 404) otherwise."""
    return (
        referrals_sent_for_user(user=user, region=region)
        .select_related("case__client", "case__team", "need", "goal")
        .prefetch_related(Prefetch("events", queryset=ReferralEvent.objects.select_related("actor")))
        .get(pk=id)
    )


def releases_for_case(*, case: Case) -> QuerySet[Release]:
    return Release.objects.filter(region=case.region, case=case).select_related(
        "recipient", "recorded_by", "withdrawn_by"
    )


def release_get(*, case: Case, id: Id) -> Release:
    return releases_for_case(case=case).get(pk=id)


def recipient_organisations(*, region: Region) -> QuerySet[Organisation]:
    """Organisations a release can name: the region's active organisations."""
    return Organisation.objects.filter(region=region, is_active=True).order_by("name")


# --- Receiving side ---


def referrals_for_partner(*, user: object, region: Region, status: str = "") -> QuerySet[Referral]:
    """Referrals addressed to the partner's own organisations in ``region``."""
    queryset = _referrals(region).filter(organisation_id__in=partner_organisation_ids(user, region))
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-sent_at")


def referral_get_for_partner(*, user: object, region: Region, id: Id) -> Referral:
    """One referral addressed to the partner's organisation; ``DoesNotExist`` (→ 404) otherwise."""
    return (
        referrals_for_partner(user=user, region=region)
        .prefetch_related(Prefetch("events", queryset=ReferralEvent.objects.select_related("actor")))
        .get(pk=id)
    )


# --- Consent gate ---


def data_sharing_withdrawn(*, case: Case) -> bool:
    """The person withdrew the consent to data sharing and gave no new one (kim.cases decides)."""
    return data_sharing_blocked(case=case)


def data_sharing_withdrawn_message() -> str:
    return _(
        "The person has withdrawn the consent to passing data on to partners. No referral can be sent "
        "until a new consent to data sharing is recorded in the case."
    )


@dataclass(frozen=True)
class GateResult:
    """Whether the data chosen may go to the organisation, and if not, what is missing."""

    case_consent: bool
    release: Release | None
    missing_categories: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default_factory=tuple)
    data_sharing_withdrawn: bool = False

    @property
    def allowed(self) -> bool:
        return not self.problems

    @property
    def overridable(self) -> bool:
        """Only a missing or narrow release may be overridden — never a missing or withdrawn consent."""
        return self.case_consent and not self.data_sharing_withdrawn

    @property
    def missing_category_labels(self) -> list[str]:
        return [str(DataCategory(code).label) for code in self.missing_categories]


def release_gate(
    *, case: Case, organisation: Organisation, categories: Iterable[str], on: dt.date | None = None
) -> GateResult:
    """Check the consent to case management and a valid release naming ``organisation`` and ``categories``.

    The release per organisation is the basis for sharing; a general consent to data
    sharing (``ConsentPurpose.DATA_SHARING``) is not required besides it. But once the
    person has withdrawn that consent (and given no new one), nothing may go to any
    partner, whatever releases exist — and no override lifts an objection.

    Among several valid releases for the organisation the one covering most of the
    categories is taken (ties: the most recent).
    """
    day = on or timezone.localdate()
    wanted = set(categories)
    has_consent = case_has_active_consent(case=case)
    sharing_withdrawn = data_sharing_withdrawn(case=case)
    problems: list[str] = []
    if not has_consent:
        problems.append(_("There is no active consent to case management for this case."))
    if sharing_withdrawn:
        problems.append(data_sharing_withdrawn_message())
    releases = list(
        Release.objects.filter(region=case.region, case=case, recipient=organisation)
        .valid_on(day)
        .order_by("-given_on", "-created_at")
    )
    best: Release | None = None
    best_missing: set[str] = set(wanted)
    for release in releases:
        missing = wanted - set(release.data_categories)
        if best is None or len(missing) < len(best_missing):
            best, best_missing = release, missing
    if best is None:
        problems.append(
            _("There is no valid release from confidentiality naming %(organisation)s.")
            % {"organisation": organisation.name}
        )
        missing_codes: tuple[str, ...] = tuple(code for code in DataCategory.values if code in wanted)
    else:
        missing_codes = tuple(code for code in DataCategory.values if code in best_missing)
        if missing_codes:
            labels = ", ".join(str(DataCategory(code).label) for code in missing_codes)
            problems.append(
                _("The release from confidentiality for %(organisation)s does not cover: %(categories)s.")
                % {"organisation": organisation.name, "categories": labels}
            )
    return GateResult(
        case_consent=has_consent,
        release=best,
        missing_categories=missing_codes,
        problems=tuple(problems),
        data_sharing_withdrawn=sharing_withdrawn,
    )


# --- Notification recipients ---


def sending_side_recipients(*, referral: Referral) -> list[User]:
    """The sender and the case's responsible case manager, if they still work in the region."""
    wanted = {pk for pk in (referral.sender_id, referral.case.case_manager_id) if pk is not None}
    active = set(
        Membership.objects.current()
        .filter(user_id__in=wanted, region_id=referral.region_id, user__is_active=True)
        .values_list("user_id", flat=True)
    )
    people = [referral.sender, referral.case.case_manager]
    seen: set[object] = set()
    result: list[User] = []
    for person in people:
        if person is not None and person.pk in active and person.pk not in seen:
            seen.add(person.pk)
            result.append(person)
    return result


def receiving_side_recipients(*, referral: Referral) -> list[User]:
    """Partner staff of the recipient organisation in the referral's region."""
    memberships = (
        Membership.objects.current()
        .filter(
            region_id=referral.region_id,
            organisation_id=referral.organisation_id,
            role__code=RoleCode.PARTNER_STAFF,
            user__is_active=True,
        )
        .select_related("user")
    )
    people: dict[object, User] = {}
    for membership in memberships:
        people.setdefault(membership.user_id, membership.user)
    return list(people.values())


# --- Waiting times ---


@dataclass(frozen=True)
class WaitingFigures:
    """Medians in days over the referrals given: sending → answer, acceptance → end; and how many wait."""

    answered: int
    median_days_to_answer: float | None
    finished: int
    median_days_to_completion: float | None
    waiting: int


def referral_waiting_figures(*, referrals: QuerySet[Referral]) -> WaitingFigures:
    rows = list(referrals.select_related(None).only("status", "sent_at", "accepted_at", "declined_at", "completed_at"))
    to_answer = [r.days_to_answer for r in rows if r.days_to_answer is not None]
    to_end = [r.days_to_completion for r in rows if r.days_to_completion is not None]
    return WaitingFigures(
        answered=len(to_answer),
        median_days_to_answer=median(to_answer) if to_answer else None,
        finished=len(to_end),
        median_days_to_completion=median(to_end) if to_end else None,
        waiting=sum(1 for r in rows if r.status == ReferralStatus.SENT),
    )
