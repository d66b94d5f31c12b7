"""Building blocks for the caseload, monitoring, export and API tests (invented people only).

Cases are written with the ORM (fast, any stage directly); search keys are filed as the
services file them, so the name search sees what it sees in production.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from conftest import World
from kim.cases import matching, services
from kim.cases.models import (
    Assessment,
    Case,
    Client,
    ClientSearchKey,
    Consent,
    ConsentPurpose,
    ConsentText,
    Goal,
    Step,
)
from kim.core.models import Catalogue, CatalogueEntry, Team

_numbers = itertools.count(1)


def today() -> dt.date:
    return timezone.localdate()


def catalogue(world: World, catalogue_name: str, code: str) -> CatalogueEntry:
    return CatalogueEntry.objects.get(region=world.region, catalogue=catalogue_name, code=code)


def make_client(world: World, *, region: Any = None, **values: Any) -> Client:
    region = region or world.region
    defaults: dict[str, Any] = {"given_names": "Amina", "family_name": "Haddad"}
    defaults.update(values)
    client = Client.objects.create(region=region, **defaults)
    keys = matching.blocking_keys(services.person_record(client))
    ClientSearchKey.objects.bulk_create([ClientSearchKey(region=region, client=client, key=k[:120]) for k in keys])
    return client


def make_case(
    world: World,
    *,
    persona: str | None = "fallmanagement1",
    team: Team | None = None,
    stage: str = Case.Stage.IMPLEMENTATION,
    client: Client | None = None,
    opened_on: dt.date | None = None,
    closed_on: dt.date | None = None,
    life_domain: str = "wohnen",
    **client_values: Any,
) -> Case:
    """A case of ``persona`` (responsible) in ``team`` (default: the persona's team A) at ``stage``."""
    team = team or world.team
    region = team.region
    client = client or make_client(world, region=region, **client_values)
    case = Case.objects.create(
        region=region,
        team=team,
        client=client,
        number=f"2026-T{next(_numbers):04d}",
        case_manager=world.users[persona] if persona else None,
        opened_on=opened_on or today() - dt.timedelta(days=60),
        decision=Case.Decision.PENDING if stage == Case.Stage.INTAKE else Case.Decision.TAKE_ON,
    )
    if stage != Case.Stage.INTAKE:
        services.cases_region_defaults_ensure(actor=None, region=region)
        text = ConsentText.objects.get(region=region, purpose=ConsentPurpose.CASE_MANAGEMENT, language="de", version=1)
        Consent.objects.create(
            region=region,
            case=case,
            client=client,
            purpose=ConsentPurpose.CASE_MANAGEMENT,
            text=text,
            given_on=case.opened_on,
            language="de",
        )
    domain = CatalogueEntry.objects.get(region=region, catalogue=Catalogue.LIFE_DOMAIN, code=life_domain)
    if stage in (Case.Stage.PLAN, Case.Stage.IMPLEMENTATION, Case.Stage.CLOSURE):
        Assessment.objects.create(
            region=region, case=case, life_domain=domain, situation="Sucht Wohnung", assessed_on=case.opened_on
        )
    if stage in (Case.Stage.IMPLEMENTATION, Case.Stage.CLOSURE):
        Goal.objects.create(
            region=region,
            case=case,
            life_domain=domain,
            specific="Eigene Wohnung",
            measurable="Mietvertrag unterschrieben",
            due_on=today() + dt.timedelta(days=90),
            client_agreed_on=case.opened_on,
        )
    if stage == Case.Stage.CLOSURE or closed_on:
        case.closed_on = closed_on or today()
        case.save(update_fields=["closed_on"])
    return case


def add_step(case: Case, *, due_on: dt.date, status: str = Step.Status.OPEN, description: str = "Termin") -> Step:
    goal = case.goals.first()
    if goal is None:
        goal = Goal.objects.create(
            region=case.region,
            case=case,
            specific="Ziel",
            measurable="Messbar",
            due_on=today() + dt.timedelta(days=90),
        )
    return Step.objects.create(
        region=case.region,
        goal=goal,
        description=description,
        responsible=Step.Responsible.CASE_MANAGER,
        due_on=due_on,
        status=status,
    )
