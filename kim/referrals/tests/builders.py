"""Invented test data for referrals: a case of world.team with consent, need and goal, an offer, a release.

Everything is found or created by a natural key, so the permission matrix can call
these helpers repeatedly and always gets the same objects.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from conftest import World
from kim.cases.models import (
    Assessment,
    Case,
    Client,
    ClientLanguage,
    Consent,
    ConsentPurpose,
    ConsentText,
    Goal,
    Need,
)
from kim.core.models import Catalogue, CatalogueEntry, Organisation
from kim.directory.models import Service
from kim.referrals import services
from kim.referrals.models import DataCategory, Referral, Release

BIRTH_DATE = dt.date(1987, 3, 14)
PHONE = "0271 555-0101"
# Invented family names per case number (the number itself must not appear in a name).
FAMILY_NAMES = {"2026-0001": "Haddad", "2026-0099": "Karimi"}


def life_domain(world: World, code: str) -> CatalogueEntry:
    return CatalogueEntry.objects.get(region=world.region, catalogue=Catalogue.LIFE_DOMAIN, code=code)


def make_case(world: World, *, number: str = "2026-0001", consent: bool = True) -> Case:
    client, _ = Client.objects.get_or_create(
        region=world.region,
        given_names="Amina",
        family_name=FAMILY_NAMES.get(number, "Nasser"),
        defaults={"birth_date": BIRTH_DATE, "phone": PHONE, "residence_title": "Aufenthaltserlaubnis"},
    )
    ClientLanguage.objects.get_or_create(
        region=world.region, client=client, language="ar", defaults={"interpreter_needed": True}
    )
    case, _ = Case.objects.get_or_create(
        region=world.region,
        number=number,
        defaults={
            "team": world.team,
            "client": client,
            "case_manager": world.users["fallmanagement1"],
            "opened_on": timezone.localdate() - dt.timedelta(days=60),
            "decision": Case.Decision.TAKE_ON,
        },
    )
    if consent:
        text, _ = ConsentText.objects.get_or_create(
            region=world.region,
            purpose=ConsentPurpose.CASE_MANAGEMENT,
            language="de",
            version=1,
            defaults={"text": "Einwilligung (Test)", "valid_from": dt.date(2024, 1, 1)},
        )
        Consent.objects.get_or_create(
            region=world.region,
            case=case,
            purpose=ConsentPurpose.CASE_MANAGEMENT,
            defaults={"client": client, "text": text, "given_on": case.opened_on, "language": "de"},
        )
    return case


def make_need(world: World, case: Case, *, domain: str = "sprache", text: str = "Deutschkurs B1 gesucht") -> Need:
    assessment, _ = Assessment.objects.get_or_create(
        region=world.region,
        case=case,
        life_domain=life_domain(world, domain),
        defaults={"assessed_on": case.opened_on},
    )
    need, _ = Need.objects.get_or_create(region=world.region, assessment=assessment, description=text)
    return need


def make_goal(world: World, case: Case, need: Need | None = None) -> Goal:
    goal, _ = Goal.objects.get_or_create(
        region=world.region,
        case=case,
        specific="Sprachniveau B1 erreichen",
        defaults={
            "need": need,
            "measurable": "B1-Zertifikat",
            "due_on": timezone.localdate() + dt.timedelta(days=180),
            "life_domain": life_domain(world, "sprache"),
        },
    )
    return goal


def make_offer(world: World, *, organisation: Organisation | None = None, name: str = "Integrationskurs") -> Service:
    org = organisation or world.partner_org
    offer, created = Service.objects.get_or_create(
        region=world.region,
        organisation=org,
        name=name,
        defaults={"description": "Kurs mit Kinderbetreuung (Test)", "status": Service.Status.ACTIVE},
    )
    if created:
        offer.life_domains.add(life_domain(world, "sprache"))
    return offer


def make_release(
    world: World,
    case: Case,
    *,
    organisation: Organisation | None = None,
    categories: tuple[str, ...] = (DataCategory.IDENTITY, DataCategory.EDUCATION_WORK, DataCategory.OTHER),
) -> Release:
    org = organisation or world.partner_org
    existing = Release.objects.filter(case=case, recipient=org, withdrawn_on__isnull=True).first()
    if existing is not None:
        return existing
    return services.release_record(
        actor=None,
        case=case,
        recipient=org,
        purpose="Anmeldung zum Integrationskurs",
        data_categories=list(categories),
        given_on=case.opened_on,
        language="de",
    )


def make_referral(world: World, *, number: str = "2026-0001") -> Referral:
    """A sent referral of a consenting case to the partner's offer, sharing name, phone and the need."""
    case = make_case(world, number=number)
    need = make_need(world, case)
    existing = Referral.objects.filter(case=case).first()
    if existing is not None:
        return existing
    make_release(world, case)
    return services.referral_send(
        actor=None,
        case=case,
        offer=make_offer(world),
        need=need,
        fields=["name", "phone", "need"],
        message="Bitte um Rückruf am Vormittag.",
    )
