"""Offer search for signed-in users of the active region (same selector as the page)."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from kim.accounts.roles import Capability
from kim.core.errors import PermissionDeniedError
from kim.core.models import Catalogue, CatalogueEntry, Municipality, Region
from kim.directory import selectors
from kim.directory.models import Schedule, Service

router = Router(tags=["Network directory"])
MAX_RESULTS = 100


class ContactOut(Schema):
    name: str
    title: str
    email: str
    phone: str


class ScheduleOut(Schema):
    weekday: str
    opens_at: str
    closes_at: str
    attending_type: str
    location: str
    notes: str


class OfferOut(Schema):
    id: str
    name: str
    description: str
    organisation_id: str
    organisation: str
    status: str
    appointment_only: bool
    life_domains: list[str]
    target_groups: list[str]
    legal_domains: list[str]
    municipalities: list[str]
    languages: list[str]
    email: str
    url: str
    contacts: list[ContactOut]
    phones: list[str]
    schedules: list[ScheduleOut]


class SearchIn(Schema):
    q: str = ""
    life_domain: str = ""
    municipality: str = ""
    language: str = ""
    target_group: str = ""
    limit: int = 50


def _region(request: HttpRequest) -> Region:
    region = getattr(request, "region", None)
    if region is None:
        raise PermissionDeniedError(_("You are not working in any region."))
    if not request.user.has_perm(f"kim.{Capability.VIEW_DIRECTORY}", region):
        raise PermissionDeniedError(_("You may not search the offer directory."))
    return region


def _schedule(schedule: Schedule) -> ScheduleOut:
    link = schedule.service_at_location
    return ScheduleOut(
        weekday=schedule.weekday,
        opens_at=schedule.opens_at.strftime("%H:%M"),
        closes_at=schedule.closes_at.strftime("%H:%M"),
        attending_type=schedule.attending_type,
        location=link.location.name if link is not None else "",
        notes=schedule.notes,
    )


def offer_out(service: Service) -> OfferOut:
    return OfferOut(
        id=str(service.pk),
        name=service.name,
        description=service.description,
        organisation_id=str(service.organisation_id),
        organisation=service.organisation.name,
        status=service.status,
        appointment_only=service.appointment_only,
        life_domains=[entry.code for entry in service.life_domains.all()],
        target_groups=[entry.code for entry in service.target_groups.all()],
        legal_domains=[entry.code for entry in service.legal_domains.all()],
        municipalities=[municipality.name for municipality in service.municipalities.all()],
        languages=[language.code for language in service.languages.all()],
        email=service.email,
        url=service.url,
        contacts=[ContactOut(name=c.name, title=c.title, email=c.email, phone=c.phone) for c in service.contacts.all()],
        phones=[phone.number for phone in service.phones.all()],
        schedules=[_schedule(schedule) for schedule in service.schedules.all()],
    )


def _entry(region: Region, catalogue: str, code: str, name: str) -> CatalogueEntry | None:
    if not code:
        return None
    try:
        return selectors.catalogue_entries(region, catalogue).get(code=code)
    except CatalogueEntry.DoesNotExist:
        raise HttpError(400, _("Unknown value for %(name)s.") % {"name": name}) from None


@router.get(
    "/offers",
    response=list[OfferOut],
    url_name="directory_offer_search",
    summary="Search active offers by life domain (code), municipality (id), language, target group (code), text",
)
def offer_search(request: HttpRequest, filters: Query[SearchIn]) -> list[OfferOut]:
    region = _region(request)
    municipality = None
    if filters.municipality:
        try:
            municipality = selectors.municipalities_of(region).get(pk=uuid.UUID(filters.municipality))
        except (ValueError, Municipality.DoesNotExist):
            raise HttpError(400, _("Unknown value for %(name)s.") % {"name": "municipality"}) from None
    results = selectors.service_search(
        region=region,
        query=filters.q,
        life_domain=_entry(region, Catalogue.LIFE_DOMAIN, filters.life_domain, "life_domain"),
        municipality=municipality,
        language=filters.language,
        target_group=_entry(region, Catalogue.TARGET_GROUP, filters.target_group, "target_group"),
    )
    limit = max(1, min(filters.limit, MAX_RESULTS))
    return [offer_out(service) for service in results[:limit]]


@router.get("/offers/{offer_id}", response=OfferOut, url_name="directory_offer_detail", summary="One offer")
def offer_detail(request: HttpRequest, offer_id: uuid.UUID) -> OfferOut:
    region = _region(request)
    try:
        return offer_out(selectors.service_get_for_region(region=region, id=offer_id))
    except Service.DoesNotExist:
        raise HttpError(404, _("Not found.")) from None
