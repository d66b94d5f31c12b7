"""Open Referral HSDS 3.0 representation of published offers (read-only, public).

Only offers marked *published* of active organisations appear; each region has its
own API under /hsds/<region>/. The HSDS schemas allow no ``null`` values, so empty
optional fields are left out rather than sent empty. Life domains, target groups and
legal domains are published as taxonomies (one per catalogue) whose terms are the
region's catalogue entries, linked to services through HSDS attributes.
"""

from __future__ import annotations

import math
import uuid
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from kim.core.models import Catalogue, CatalogueEntry, Organisation, Region
from kim.directory.models import (
    LANGUAGES,
    Contact,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
)

HSDS_VERSION = "3.0"
PROFILE_URL = "https://openreferral.org/"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200

# Catalogues published as HSDS taxonomies, with their German names and descriptions.
TAXONOMIES: dict[str, tuple[str, str]] = {
    Catalogue.LIFE_DOMAIN: (
        "KIM-Handlungsfelder",
        "Handlungsfelder (Lebensbereiche) des Kommunalen Integrationsmanagements",
    ),
    Catalogue.TARGET_GROUP: ("KIM-Zielgruppen", "Zielgruppen der Angebote"),
    Catalogue.LEGAL_DOMAIN: ("KIM-Rechtskreise", "Rechtskreise, in denen die Angebote tätig sind"),
}
_NAMESPACE = uuid.UUID("6d1f0c5e-6a53-4a7e-9a7b-4b1f3c2a9e10")


def _uuid(*parts: object) -> str:
    """A stable id for rows that exist only in the HSDS view (taxonomies, addresses …)."""
    return str(uuid.uuid5(_NAMESPACE, "/".join(str(part) for part in parts)))


def taxonomy_id(region: Region, catalogue: str) -> str:
    return _uuid("taxonomy", region.pk, catalogue)


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty optional values: HSDS 3.0 has no nullable fields."""
    return {key: value for key, value in data.items() if value not in (None, "")}


# --- querysets --------------------------------------------------------------------------------


def published_services(region: Region, *, nested: bool = True) -> QuerySet[Service]:
    """Published offers of active organisations; ``nested`` loads what a full service needs."""
    services = (
        Service.objects.filter(region=region, published=True, organisation__is_active=True)
        .select_related("organisation", "organisation__directory_profile")
        .order_by("name", "id")
    )
    if not nested:
        return services
    return services.prefetch_related(
        "languages",
        "contacts",
        "phones",
        "life_domains",
        "target_groups",
        "legal_domains",
        "municipalities",
        Prefetch("schedules", queryset=Schedule.objects.all()),
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").prefetch_related("schedules"),
        ),
    )


def published_organisations(region: Region) -> QuerySet[Organisation]:
    """Active organisations with at least one published offer."""
    return (
        Organisation.objects.filter(region=region, is_active=True, services__published=True)
        .select_related("directory_profile")
        .distinct()
        .order_by("name", "id")
    )


def published_locations(region: Region) -> QuerySet[Location]:
    return (
        Location.objects.filter(
            region=region,
            organisation__is_active=True,
            service_at_locations__service__published=True,
        )
        .distinct()
        .order_by("name", "id")
    )


def taxonomy_terms(region: Region) -> QuerySet[CatalogueEntry]:
    return CatalogueEntry.objects.filter(region=region, catalogue__in=list(TAXONOMIES), is_active=True).order_by(
        "catalogue", "sort_order", "label_de"
    )


def search_services(services: QuerySet[Service], text: str) -> QuerySet[Service]:
    for word in text.split()[:8]:
        services = services.filter(
            Q(name__icontains=word) | Q(description__icontains=word) | Q(organisation__name__icontains=word)
        )
    return services.distinct()


# --- paging ----------------------------------------------------------------------------------


def page(items: list[Any] | QuerySet[Any], *, page_number: int, per_page: int) -> tuple[dict[str, Any], list[Any]]:
    """HSDS paging fields (Page schema) and the slice of items on the page."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page_number = max(1, page_number)
    total = items.count() if isinstance(items, QuerySet) else len(items)
    total_pages = max(1, math.ceil(total / per_page))
    start = (page_number - 1) * per_page
    contents = list(items[start : start + per_page])
    return (
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page_number,
            "size": len(contents),
            "first_page": page_number == 1,
            "last_page": page_number >= total_pages,
            "empty": total == 0,
        },
        contents,
    )


# --- objects ---------------------------------------------------------------------------------


def organization_basic(organisation: Organisation) -> dict[str, Any]:
    profile = getattr(organisation, "directory_profile", None)
    description = profile.description if profile and profile.description else organisation.name
    return _clean(
        {
            "id": str(organisation.pk),
            "name": organisation.name,
            "alternate_name": organisation.short_name,
            "description": description,
            "email": organisation.email,
            "website": organisation.website,
            "legal_status": profile.legal_status if profile else "",
        }
    )


def organization_full(organisation: Organisation, *, services: list[Service]) -> dict[str, Any]:
    data = organization_basic(organisation)
    data["phones"] = (
        [
            {
                "id": _uuid("organisation-phone", organisation.pk),
                "organization_id": str(organisation.pk),
                "number": organisation.phone,
            }
        ]
        if organisation.phone
        else []
    )
    locations = {link.location.pk: link.location for service in services for link in service.service_at_locations.all()}
    data["locations"] = [location_data(location) for location in sorted(locations.values(), key=lambda x: x.name)]
    data["contacts"] = []
    data["funding"] = []
    data["programs"] = []
    data["organization_identifiers"] = []
    data["attributes"] = []
    data["metadata"] = []
    data["services"] = [service_list_item(service, with_organisation=False) for service in services]
    return data


def location_data(location: Location) -> dict[str, Any]:
    data = _clean(
        {
            "id": str(location.pk),
            "location_type": "physical",
            "organization_id": str(location.organisation_id),
            "name": location.name,
            "description": location.description,
            "transportation": location.transportation,
            "latitude": float(location.latitude) if location.latitude is not None else None,
            "longitude": float(location.longitude) if location.longitude is not None else None,
        }
    )
    data["addresses"] = [
        {
            "id": _uuid("address", location.pk),
            "location_id": str(location.pk),
            "address_1": location.address_1,
            "city": location.city,
            "state_province": "Nordrhein-Westfalen",
            "postal_code": location.postal_code,
            "country": "DE",
            "address_type": "physical",
        }
    ]
    data["accessibility"] = (
        [
            {
                "id": _uuid("accessibility", location.pk),
                "location_id": str(location.pk),
                "description": location.accessibility,
            }
        ]
        if location.accessibility
        else []
    )
    return data


def _schedule(schedule: Schedule) -> dict[str, Any]:
    return _clean(
        {
            "id": str(schedule.pk),
            "service_id": str(schedule.service_id),
            "service_at_location_id": str(schedule.service_at_location_id) if schedule.service_at_location_id else "",
            "valid_from": schedule.valid_from.isoformat() if schedule.valid_from else "",
            "valid_to": schedule.valid_to.isoformat() if schedule.valid_to else "",
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": schedule.weekday,
            "opens_at": schedule.opens_at.strftime("%H:%M"),
            "closes_at": schedule.closes_at.strftime("%H:%M"),
            "attending_type": schedule.attending_type,
            "notes": schedule.notes,
            "description": f"{schedule.get_weekday_display()} {schedule.opens_at:%H:%M}–{schedule.closes_at:%H:%M}",
        }
    )


def _contact(contact: Contact) -> dict[str, Any]:
    data = _clean(
        {
            "id": str(contact.pk),
            "service_id": str(contact.service_id),
            "name": contact.name,
            "title": contact.title,
            "department": contact.department,
            "email": contact.email,
        }
    )
    data["phones"] = (
        [{"id": _uuid("contact-phone", contact.pk), "contact_id": str(contact.pk), "number": contact.phone}]
        if contact.phone
        else []
    )
    return data


def _attributes(service: Service) -> list[dict[str, Any]]:
    attributes = []
    for entries in (service.life_domains.all(), service.target_groups.all(), service.legal_domains.all()):
        for entry in entries:
            attributes.append(
                {
                    "id": _uuid("attribute", service.pk, entry.pk),
                    "link_id": str(service.pk),
                    "link_type": "service",
                    "link_entity": "service",
                    "taxonomy_term_id": str(entry.pk),
                    "value": entry.label_de,
                    "taxonomy_term": taxonomy_term_data(entry),
                }
            )
    return attributes


def service_list_item(service: Service, *, with_organisation: bool = True) -> dict[str, Any]:
    data = _clean(
        {
            "id": str(service.pk),
            "organization_id": str(service.organisation_id),
            "name": service.name,
            "alternate_name": service.alternate_name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "interpretation_services": service.interpretation_services,
            "application_process": service.application_process,
            "fees_description": service.fees_description,
            "eligibility_description": service.eligibility_description,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "alert": "Nur mit Termin" if service.appointment_only else "",
            "last_modified": service.updated_at.isoformat(),
        }
    )
    if with_organisation:
        data["organization"] = organization_basic(service.organisation)
    return data


def service_full(service: Service) -> dict[str, Any]:
    data = service_list_item(service)
    data["phones"] = [
        _clean(
            {
                "id": str(phone.pk),
                "service_id": str(service.pk),
                "number": phone.number,
                "description": phone.description,
            }
        )
        for phone in service.phones.all()
    ]
    data["schedules"] = [_schedule(schedule) for schedule in service.schedules.all()]
    data["service_areas"] = [
        {
            "id": _uuid("service-area", service.pk, municipality.pk),
            "service_id": str(service.pk),
            "name": municipality.name,
            "extent_type": "ags",
            "extent": municipality.ags,
        }
        if municipality.ags
        else {
            "id": _uuid("service-area", service.pk, municipality.pk),
            "service_id": str(service.pk),
            "name": municipality.name,
        }
        for municipality in service.municipalities.all()
    ]
    data["service_at_locations"] = [service_at_location_data(link) for link in service.service_at_locations.all()]
    data["languages"] = [
        {
            "id": str(language.pk),
            "service_id": str(service.pk),
            "name": LANGUAGES.get(language.code, language.code),
            "code": language.code,
        }
        for language in service.languages.all()
    ]
    data["required_documents"] = [
        {"id": _uuid("document", service.pk, position), "service_id": str(service.pk), "document": document}
        for position, document in enumerate(service.required_document_list)
    ]
    data["cost_options"] = (
        [
            {
                "id": _uuid("cost", service.pk),
                "service_id": str(service.pk),
                "amount_description": service.fees_description,
            }
        ]
        if service.fees_description
        else []
    )
    data["contacts"] = [_contact(contact) for contact in service.contacts.all()]
    data["funding"] = []
    data["attributes"] = _attributes(service)
    data["metadata"] = []
    return data


def service_at_location_data(link: ServiceAtLocation) -> dict[str, Any]:
    data = _clean(
        {
            "id": str(link.pk),
            "service_id": str(link.service_id),
            "location_id": str(link.location_id),
            "description": link.description,
        }
    )
    data["schedules"] = [_schedule(schedule) for schedule in link.schedules.all()]
    data["contacts"] = []
    data["phones"] = []
    data["location"] = location_data(link.location)
    return data


def taxonomy_data(region: Region, catalogue: str) -> dict[str, Any]:
    name, description = TAXONOMIES[catalogue]
    return {"id": taxonomy_id(region, catalogue), "name": name, "description": description, "version": "1"}


def taxonomy_term_data(entry: CatalogueEntry) -> dict[str, Any]:
    name, _description = TAXONOMIES[entry.catalogue]
    return {
        "id": str(entry.pk),
        "code": entry.code,
        "name": entry.label_de,
        "description": entry.label_de,
        "taxonomy": name,
        "taxonomy_id": _uuid("taxonomy", entry.region_id, entry.catalogue),
        "language": "de",
    }


def service_at_location_list_item(link: ServiceAtLocation) -> dict[str, Any]:
    return _clean(
        {
            "id": str(link.pk),
            "service_id": str(link.service_id),
            "location_id": str(link.location_id),
            "description": link.description,
        }
    )
