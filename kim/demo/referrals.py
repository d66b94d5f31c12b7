"""Demo referrals in Kreis Siegen-Wittgenstein: from demo cases to the Sprachschule Siegerland.

The demo login ``partner`` works for the Sprachschule Siegerland (Demo); the referrals
below reach her inbox in every state of the life-cycle (waiting, accepted, completed,
declined), each resting on a release from confidentiality the person gave. One
referral goes to another organisation, so that the partner's inbox visibly holds
only her own organisation's referrals.

Runs after the demo cases (kim/demo/cases.py) and offers (kim/demo/directory.py);
writes through the referral services (actor=None: system) and then backdates the
times so the waiting times read like real ones. Idempotent: a case that already has a
referral to the offer is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kim.cases.models import Case, ConsentPurpose, Need
from kim.core.models import Organisation, Region
from kim.demo.builders import SeedReport
from kim.directory.models import Service
from kim.referrals import services
from kim.referrals.models import DataCategory, Referral, ReferralEvent, ReferralStatus, Release
from kim.referrals.sharing import category_of_life_domain

REGION_SLUG = "siegen-wittgenstein"
TEAM_SIEGEN = "Team Siegen"
SPRACHSCHULE = "Sprachschule Siegerland (Demo)"
VHS = "Volkshochschule Siegen-Wittgenstein (Demo)"
COURSE_COUNSELLING = "Beratung zu Integrations- und Berufssprachkursen"
LITERACY = "Alphabetisierungskurs"
VHS_COURSE = "Berufssprachkurs B2"


@dataclass(frozen=True)
class ReferralSpec:
    organisation: str
    offer: str
    status: str
    sent_days_ago: int
    answer_after_days: int = 0
    finished_after_days: int = 0
    message: str = ""
    reason: str = ""
    outcome: str = ""
    feedback: str = ""


SPECS: tuple[ReferralSpec, ...] = (
    ReferralSpec(
        SPRACHSCHULE,
        COURSE_COUNSELLING,
        ReferralStatus.SENT,
        sent_days_ago=4,
        message="Bitte um einen Beratungstermin am Vormittag; Kinderbetreuung ist ab 8 Uhr gesichert.",
    ),
    ReferralSpec(
        SPRACHSCHULE,
        COURSE_COUNSELLING,
        ReferralStatus.ACCEPTED,
        sent_days_ago=21,
        answer_after_days=3,
        message="Einstufungstest gewünscht, Vorkenntnisse etwa A2.",
    ),
    ReferralSpec(
        SPRACHSCHULE,
        LITERACY,
        ReferralStatus.COMPLETED,
        sent_days_ago=120,
        answer_after_days=2,
        finished_after_days=90,
        outcome="taken_up",
        feedback="Kurs regelmäßig besucht und mit dem Modul Alphabetisierung abgeschlossen; "
        "Anschluss: Integrationskurs ab nächstem Quartal.",
    ),
    ReferralSpec(
        SPRACHSCHULE,
        LITERACY,
        ReferralStatus.DECLINED,
        sent_days_ago=30,
        answer_after_days=6,
        reason="Der Kurs ist bis zum Frühjahr ausgebucht; wir empfehlen die Warteliste der VHS.",
    ),
    ReferralSpec(VHS, VHS_COURSE, ReferralStatus.SENT, sent_days_ago=2),
)

RELEASE_CATEGORIES = [DataCategory.IDENTITY, DataCategory.EDUCATION_WORK, DataCategory.OTHER]


def _region() -> Region | None:
    return Region.objects.filter(slug=REGION_SLUG).first()


def _candidate_cases(region: Region) -> list[tuple[Case, Need]]:
    """Open demo cases with consent to case management, each with its first need a demo release covers."""
    cases = (
        Case.objects.filter(region=region, closed_on__isnull=True, consents__purpose=ConsentPurpose.CASE_MANAGEMENT)
        .filter(consents__withdrawn_on__isnull=True)
        .select_related("client", "team", "case_manager")
        .distinct()
        .order_by("number")
    )
    result = []
    for case in cases:
        needs = Need.objects.filter(assessment__case=case).select_related("assessment__life_domain")
        # Only needs the demo release covers (no health data: that would need its own release).
        fitting = [
            need
            for need in needs.order_by("created_at")
            if category_of_life_domain(need.assessment.life_domain.code) in RELEASE_CATEGORIES
        ]
        if fitting:
            result.append((case, fitting[0]))
    # Cases of Team Siegen first: the demo logins fallmanagement1/2 work there.
    result.sort(key=lambda pair: (pair[0].team.name != TEAM_SIEGEN, pair[0].number))
    return result


def _release(case: Case, organisation: Organisation, report: SeedReport) -> None:
    if Release.objects.filter(case=case, recipient=organisation, withdrawn_on__isnull=True).exists():
        return
    services.release_record(
        actor=None,
        case=case,
        recipient=organisation,
        purpose="Anmeldung und Beratung zu Sprachkursen",
        data_categories=RELEASE_CATEGORIES,
        given_on=max(case.opened_on, timezone.localdate() - dt.timedelta(days=150)),
        language="de",
        interpreter_used=True,
        interpreter_name="Sprachmittlerpool Siegen (Demo)",
    )
    report.count_created(Release)


def _backdate(referral: Referral, spec: ReferralSpec) -> None:
    """Move the times of a demo referral into the past so its waiting times are plausible."""
    # Whole local days at 10:00 Berlin time: waiting times count calendar days, so moments
    # near midnight or across a change to or from summer time would shift them by one.
    today = timezone.localdate()

    def at(days_ago: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(10)))

    sent = at(spec.sent_days_ago)
    answered = at(spec.sent_days_ago - spec.answer_after_days)
    finished = at(spec.sent_days_ago - spec.answer_after_days - spec.finished_after_days)
    times = {
        "sent_at": sent,
        "accepted_at": answered if referral.accepted_at else None,
        "declined_at": answered if referral.declined_at else None,
        "completed_at": finished if referral.completed_at else None,
    }
    Referral.objects.filter(pk=referral.pk).update(**times)
    moments: dict[str, dt.datetime] = {
        ReferralStatus.SENT: sent,
        ReferralStatus.ACCEPTED: answered,
        ReferralStatus.DECLINED: answered,
        ReferralStatus.COMPLETED: finished,
        ReferralStatus.NOT_COMPLETED: finished,
    }
    for event in ReferralEvent.objects.filter(referral=referral):
        if event.status in moments:
            ReferralEvent.objects.filter(pk=event.pk).update(at=moments[event.status])


@transaction.atomic
def _seed_one(case: Case, need: Need, offer: Service, spec: ReferralSpec, report: SeedReport) -> None:
    _release(case, offer.organisation, report)
    referral = services.referral_send(
        actor=None,
        case=case,
        offer=offer,
        need=need,
        fields=["name", "phone", "languages", "need"],
        message=spec.message,
    )
    # The case's responsible case manager stands as sender: the partner's contact, the notifications' recipient.
    if case.case_manager_id is not None:
        Referral.objects.filter(pk=referral.pk).update(sender=case.case_manager)
        referral.refresh_from_db()
    if spec.status in (ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED):
        referral = services.referral_accept(actor=None, referral=referral)
    if spec.status == ReferralStatus.COMPLETED:
        referral = services.referral_finish(
            actor=None, referral=referral, completed=True, outcome=spec.outcome, feedback=spec.feedback
        )
    if spec.status == ReferralStatus.DECLINED:
        referral = services.referral_decline(actor=None, referral=referral, reason=spec.reason)
    _backdate(referral, spec)
    report.count_created(Referral)


def seed(*, report: SeedReport) -> None:
    region = _region()
    if region is None:
        return
    candidates = _candidate_cases(region)
    for (case, need), spec in zip(candidates, SPECS, strict=False):
        offer = Service.objects.filter(
            region=region, organisation__name=spec.organisation, name=spec.offer, status=Service.Status.ACTIVE
        ).first()
        if offer is None or Referral.objects.filter(case=case, offer=offer).exists():
            continue
        _seed_one(case, need, offer, spec, report)
