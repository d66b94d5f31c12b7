"""Offers for tests: built through the services so the rules apply. Invented data only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from conftest import World
from kim.core.models import Catalogue, CatalogueEntry, Organisation, Region
from kim.core.services import region_seed_catalogues
from kim.core.tests.factories import MunicipalityFactory, OrganisationFactory
from kim.directory import services
from kim.directory.models import Location, Service


def entry(region: Region, catalogue: str, code: str) -> CatalogueEntry:
    return CatalogueEntry.objects.get(region=region, catalogue=catalogue, code=code)


def make_offer(
    *,
    region: Region,
    organisation: Organisation,
    name: str = "Sprachkursberatung",
    life_domains: tuple[str, ...] = ("sprache",),
    target_groups: tuple[str, ...] = (),
    legal_domains: tuple[str, ...] = (),
    municipalities: tuple[Any, ...] = (),
    languages: tuple[str, ...] = ("de",),
    published: bool = True,
    status: str = Service.Status.ACTIVE,
    description: str = "Beratung zu Integrationskursen.",
) -> Service:
    return services.service_create(
        actor=None,
        region=region,
        data=services.ServiceInput(
            organisation=organisation,
            name=name,
            description=description,
            status=status,
            published=published,
            life_domains=[entry(region, Catalogue.LIFE_DOMAIN, code) for code in life_domains],
            target_groups=[entry(region, Catalogue.TARGET_GROUP, code) for code in target_groups],
            legal_domains=[entry(region, Catalogue.LEGAL_DOMAIN, code) for code in legal_domains],
            municipalities=list(municipalities),
            languages=list(languages),
        ),
    )


@dataclass
class OfferWorld:
    full: Service  # published, with location, schedule, contact, phone, documents
    plain: Service  # published, minimal
    unpublished: Service
    other_region: Service
    location: Location


def offer_world(w: World) -> OfferWorld:
    """Offers in region A (published and not) and one in region B."""
    siegen, kreuztal, _netphen = w.municipalities
    full = make_offer(
        region=w.region,
        organisation=w.partner_org,
        name="Integrationskursberatung",
        target_groups=("neuzugewanderte",),
        legal_domains=("aufenthg",),
        municipalities=(siegen,),
        languages=("de", "ar", "uk"),
    )
    data = services.ServiceInput(
        organisation=w.partner_org,
        name=full.name,
        description=full.description,
        published=True,
        url="https://sprachschule.example.org/beratung",
        email="beratung@example.org",
        eligibility_description="Neu zugewanderte Menschen",
        application_process="Termin per Telefon",
        fees_description="kostenlos",
        required_documents="Aufenthaltstitel\nBerechtigungsschein",
        appointment_only=True,
        minimum_age=16,
        life_domains=list(full.life_domains.all()),
        target_groups=list(full.target_groups.all()),
        legal_domains=list(full.legal_domains.all()),
        municipalities=[siegen],
        languages=["de", "ar", "uk"],
    )
    full = services.service_update(actor=None, service=full, data=data)
    location = services.location_create(
        actor=None,
        region=w.region,
        values={
            "organisation": w.partner_org,
            "name": "Sprachschule Hauptstelle",
            "address_1": "Beispielstraße 1",
            "postal_code": "57072",
            "city": "Siegen",
            "municipality": siegen,
            "latitude": "50.874000",
            "longitude": "8.024000",
            "accessibility": "Aufzug",
        },
    )
    link = services.service_location_add(actor=None, service=full, location=location)
    services.schedule_create(
        actor=None, service=full, weekday="MO", opens_at=dt.time(9), closes_at=dt.time(12), service_at_location=link
    )
    services.schedule_create(
        actor=None,
        service=full,
        weekday="TH",
        opens_at=dt.time(14),
        closes_at=dt.time(17),
        valid_from=dt.date(2026, 1, 1),
    )
    services.contact_create(actor=None, service=full, name="Erika Beispiel", email="erika@example.org", phone="0271 1")
    services.phone_create(actor=None, service=full, number="0271 000000", description="Zentrale")
    services.organisation_profile_save(actor=None, organisation=w.partner_org, description="Sprachschule in Siegen")
    plain = make_offer(region=w.region, organisation=w.provider, name="Wohnberatung", life_domains=("wohnen",))
    unpublished = make_offer(
        region=w.region, organisation=w.provider, name="Interne Beratung", published=False, municipalities=(kreuztal,)
    )
    region_seed_catalogues(actor=None, region=w.other_region)
    other_org = OrganisationFactory.create(region=w.other_region, name="Träger Olpe")
    MunicipalityFactory.create(region=w.other_region, name="Olpe")
    other = make_offer(region=w.other_region, organisation=other_org, name="Sprachkursberatung Olpe")
    return OfferWorld(full=full, plain=plain, unpublished=unpublished, other_region=other, location=location)
