"""Reads of case data, always scoped to the acting user's case teams in the active region.

Single objects come from ``*_get_for_user`` and raise ``DoesNotExist`` for anything the
user may not know exists (another team, another region): the view answers 404.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from kim.cases.models import (
    Assessment,
    Case,
    CaseEvent,
    Client,
    Consent,
    ConsentPurpose,
    ConsentText,
    Contact,
    Document,
    Goal,
    Need,
    Note,
    Step,
    TargetGroupCheck,
    TargetGroupRule,
)
from kim.cases.permissions import user_case_team_ids
from kim.core.models import Catalogue, CatalogueEntry, Region, Team

Id = uuid.UUID | str


def case_teams_for_user(*, user: object, region: Region) -> QuerySet[Team]:
    """The teams whose cases ``user`` works on (members and named deputies)."""
    return Team.objects.filter(region=region, pk__in=user_case_team_ids(user, region)).select_related("organisation")


def case_team_workers(*, case: Case) -> QuerySet[Any]:
    """Who may be responsible for ``case`` or a follow-up on it: the team's case managers and
    its named deputies (today's memberships, active accounts)."""
    from kim.accounts.models import Membership, User
    from kim.accounts.roles import RoleCode

    user_ids = (
        Membership.objects.current()
        .filter(region_id=case.region_id, team_id=case.team_id)
        .filter(Q(role__code=RoleCode.CASE_MANAGER) | Q(is_deputy=True))
        .values("user_id")
    )
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("last_name", "first_name")


def cases_for_user(*, user: object, region: Region) -> QuerySet[Case]:
    """Every case of the user's case teams in ``region`` (open and closed), with its stage."""
    return (
        Case.objects.filter(region=region, team_id__in=user_case_team_ids(user, region))
        .with_stage()
        .select_related("client", "team", "case_manager", "referral_source", "closure_reason")
    )


def case_get_for_user(*, user: object, region: Region, id: Id) -> Case:
    """One case of the user's teams; ``Case.DoesNotExist`` (→ 404) for everyone else."""
    return cases_for_user(user=user, region=region).get(pk=id)


def case_detail_for_user(*, user: object, region: Region, id: Id) -> Case:
    """One case with everything the case page shows, loaded in a fixed number of queries."""
    goals = Goal.objects.select_related("life_domain", "need").prefetch_related(
        Prefetch("steps", queryset=Step.objects.select_related("partner_organisation"))
    )
    return (
        cases_for_user(user=user, region=region)
        .select_related("region", "client__household", "current_legal_domain")
        .prefetch_related(
            Prefetch("consents", queryset=Consent.objects.select_related("text", "recorded_by", "withdrawn_by")),
            Prefetch(
                "assessments", queryset=Assessment.objects.select_related("life_domain").prefetch_related("needs")
            ),
            Prefetch("goals", queryset=goals),
            Prefetch("contacts", queryset=Contact.objects.select_related("channel", "recorded_by")),
            Prefetch("notes", queryset=Note.objects.select_related("author")),
            Prefetch("documents", queryset=Document.objects.select_related("uploaded_by")),
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor")),
            Prefetch("target_group_checks", queryset=TargetGroupCheck.objects.select_related("rule", "checked_by")),
            "indications",
            "client__languages",
        )
        .get(pk=id)
    )


def clients_for_user(*, user: object, region: Region) -> QuerySet[Client]:
    """Clients with at least one case in the user's teams (not deleted)."""
    teams = user_case_team_ids(user, region)
    return Client.objects.filter(region=region, is_deleted=False, cases__team_id__in=teams).distinct()


def client_get_for_user(*, user: object, region: Region, id: Id) -> Client:
    return (
        clients_for_user(user=user, region=region)
        .select_related("household", "municipality")
        .prefetch_related("languages")
        .get(pk=id)
    )


def client_cases_for_user(*, user: object, region: Region, client: Client) -> QuerySet[Case]:
    return cases_for_user(user=user, region=region).filter(client=client)


@dataclass(frozen=True)
class HouseholdMemberView:
    """A household member as the user may see them: clients of the own teams with a link, members
    without a case of their own (e.g. children) by name only, clients of other teams not at all."""

    client: Client | None
    relation: str
    name: str = ""


def household_members_for_user(*, user: object, region: Region, client: Client) -> list[HouseholdMemberView]:
    """``client`` must come from ``client_get_for_user`` (the user may see its household)."""
    if client.household_id is None:
        return []
    visible = set(clients_for_user(user=user, region=region).values_list("pk", flat=True))
    members = (
        Client.objects.filter(region=region, household_id=client.household_id, is_deleted=False)
        .exclude(pk=client.pk)
        .annotate(has_case=Exists(Case.objects.filter(client=OuterRef("pk"))))
        .order_by("birth_date", "given_names")
    )
    return [
        HouseholdMemberView(
            client=member if member.pk in visible else None,
            relation=str(member.get_household_relation_display()),
            name=member.display_name if not member.has_case else "",
        )
        for member in members
    ]


def assessment_get(*, case: Case, id: Id) -> Assessment:
    """An assessment of ``case`` (``DoesNotExist`` for records of other cases)."""
    return Assessment.objects.select_related("life_domain").get(case=case, pk=id)


def need_get(*, case: Case, id: Id) -> Need:
    return Need.objects.select_related("assessment").get(assessment__case=case, pk=id)


def goal_get(*, case: Case, id: Id) -> Goal:
    return Goal.objects.select_related("life_domain").get(case=case, pk=id)


def step_get(*, case: Case, id: Id) -> Step:
    return Step.objects.select_related("goal").get(goal__case=case, pk=id)


def contact_get(*, case: Case, id: Id) -> Contact:
    return Contact.objects.select_related("channel").get(case=case, pk=id)


def note_get(*, case: Case, id: Id) -> Note:
    return Note.objects.get(case=case, pk=id)


def document_get(*, case: Case, id: Id) -> Document:
    return Document.objects.get(case=case, pk=id)


def documents_for_case(*, case: Case) -> QuerySet[Document]:
    """The documents of ``case``, newest first, with who uploaded them (metadata only)."""
    return Document.objects.filter(case=case).select_related("uploaded_by").order_by("-created_at")


def consent_get(*, case: Case, id: Id) -> Consent:
    return Consent.objects.select_related("text").get(case=case, pk=id)


def case_has_active_consent(*, case: Case, purpose: str = ConsentPurpose.CASE_MANAGEMENT) -> bool:
    return Consent.objects.filter(case=case, purpose=purpose, withdrawn_on__isnull=True).exists()


def consent_active(*, case: Case, purpose: str) -> bool:
    """Whether ``case`` has a consent for ``purpose`` that is not withdrawn (for other apps, e.g.
    kim.referrals, and the API: the one read of "may this purpose be processed now")."""
    return case_has_active_consent(case=case, purpose=purpose)


def data_sharing_blocked(*, case: Case) -> bool:
    """The person withdrew the consent to passing data on to partners and gave no new one.

    Passing data to a partner is governed by the releases from confidentiality per
    organisation (kim.referrals); a withdrawn general consent to data sharing stops every
    new referral and release regardless of them. No such consent at all blocks nothing.
    """
    return consent_withdrawn(case=case, purpose=ConsentPurpose.DATA_SHARING) is not None


def consent_withdrawn(*, case: Case, purpose: str = ConsentPurpose.CASE_MANAGEMENT) -> Consent | None:
    """The latest withdrawn consent for ``purpose`` if no active one exists (shown prominently)."""
    if case_has_active_consent(case=case, purpose=purpose):
        return None
    return (
        Consent.objects.filter(case=case, purpose=purpose, withdrawn_on__isnull=False).order_by("-withdrawn_on").first()
    )


def consent_texts_current(*, region: Region, on: dt.date | None = None) -> QuerySet[ConsentText]:
    """The consent texts in force on ``on``: per purpose and language the highest version already valid."""
    day = on or timezone.localdate()
    valid = ConsentText.objects.filter(region=region, valid_from__lte=day)
    newer = valid.filter(purpose=OuterRef("purpose"), language=OuterRef("language"), version__gt=OuterRef("version"))
    return valid.filter(~Exists(newer)).order_by("purpose", "language")


def target_group_checks_version(*, case: Case) -> str:
    """The version of the case's set of target-group checks, carried by the form: it changes with
    every saved change to any check ("0" while none is recorded)."""
    stamps = sorted(
        f"{rule_id}:{updated_at.isoformat()}"
        for rule_id, updated_at in TargetGroupCheck.objects.filter(case=case).values_list("rule_id", "updated_at")
    )
    if not stamps:
        return "0"
    return hashlib.sha256("|".join(stamps).encode()).hexdigest()[:32]


def target_group_rules_for_region(*, region: Region) -> QuerySet[TargetGroupRule]:
    return TargetGroupRule.objects.filter(region=region, is_active=True)


def catalogue_entries(*, region: Region, catalogue: Catalogue | str) -> QuerySet[CatalogueEntry]:
    return CatalogueEntry.objects.filter(region=region, catalogue=catalogue, is_active=True)
