"""Objects of region A for the permission matrix (tests/test_permission_matrix.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from conftest import World
from kim.core.models import Catalogue, CatalogueEntry
from kim.directory.hsds import taxonomy_id
from kim.directory.models import Contact, Location, Phone, Schedule, Service, ServiceAtLocation
from tests.permission_matrix import register_objects


def _service(w: World) -> Service:
    service, created = Service.objects.get_or_create(
        region=w.region,
        organisation=w.partner_org,
        name="Sprachkursberatung (Matrix)",
        defaults={"description": "Beratung zu Integrationskursen.", "published": True},
    )
    if created:
        service.life_domains.set(
            [CatalogueEntry.objects.get(region=w.region, catalogue=Catalogue.LIFE_DOMAIN, code="sprache")]
        )
    return service


def _schedule(w: World) -> Schedule:
    schedule, _ = Schedule.objects.get_or_create(
        region=w.region,
        service=_service(w),
        weekday="MO",
        defaults={"opens_at": dt.time(9), "closes_at": dt.time(12)},
    )
    return schedule


def _contact(w: World) -> Contact:
    contact, _ = Contact.objects.get_or_create(region=w.region, service=_service(w), name="Erika Beispiel")
    return contact


def _phone(w: World) -> Phone:
    phone, _ = Phone.objects.get_or_create(region=w.region, service=_service(w), number="0271 000000")
    return phone


def _location(w: World) -> Location:
    location, _ = Location.objects.get_or_create(
        region=w.region,
        organisation=w.partner_org,
        name="Hauptstelle (Matrix)",
        defaults={
            "address_1": "Beispielstraße 1",
            "postal_code": "57072",
            "city": "Siegen",
            "municipality": w.municipalities[0],
        },
    )
    ServiceAtLocation.objects.get_or_create(region=w.region, service=_service(w), location=location)
    return location


def _service_kwargs(w: World) -> dict[str, Any]:
    return {"pk": _service(w).pk}


for _name in (
    "directory:service_detail",
    "directory:service_update",
    "directory:schedule_create",
    "directory:contact_create",
    "directory:phone_create",
    "directory:service_location_add",
    "directory:translation_save",
):
    register_objects(_name)(_service_kwargs)
for _name in ("directory:schedule_delete", "directory:schedule_update"):
    register_objects(_name)(lambda w: {"pk": _service(w).pk, "schedule_pk": _schedule(w).pk})
for _name in ("directory:contact_delete", "directory:contact_update"):
    register_objects(_name)(lambda w: {"pk": _service(w).pk, "contact_pk": _contact(w).pk})
register_objects("directory:location_update")(lambda w: {"pk": _location(w).pk})
for _name in (
    "hsds:root",
    "hsds:openapi",
    "hsds:service_list",
    "hsds:organization_list",
    "hsds:service_at_location_list",
    "hsds:taxonomy_list",
    "hsds:taxonomy_term_list",
):
    register_objects(_name)(lambda w: {"region": w.region.slug})
register_objects("hsds:service_detail")(lambda w: {"region": w.region.slug, "pk": str(_service(w).pk)})
register_objects("hsds:organization_detail")(
    lambda w: {"region": w.region.slug, "pk": str(_service(w).organisation_id)}
)
register_objects("hsds:location_detail")(lambda w: {"region": w.region.slug, "pk": str(_location(w).pk)})
register_objects("hsds:taxonomy_detail")(
    lambda w: {"region": w.region.slug, "pk": taxonomy_id(w.region, Catalogue.LIFE_DOMAIN)}
)
register_objects("hsds:taxonomy_term_detail")(
    lambda w: {
        "region": w.region.slug,
        "pk": str(CatalogueEntry.objects.get(region=w.region, catalogue=Catalogue.LIFE_DOMAIN, code="sprache").pk),
    }
)
register_objects("api GET /api/v1/directory/offers/{offer_id}")(lambda w: {"offer_id": _service(w).pk})
register_objects("directory:organisation_profile")(lambda w: {"pk": w.partner_org.pk})
for _name in ("directory:phone_delete", "directory:phone_update"):
    register_objects(_name)(lambda w: {"pk": _service(w).pk, "phone_pk": _phone(w).pk})
for _name in (
    "directory:service_location_remove",
    "directory:service_location_remove_confirm",
    "directory:service_location_update",
):
    register_objects(_name)(
        lambda w: {
            "pk": _service(w).pk,
            "link_pk": ServiceAtLocation.objects.get(service=_service(w), location=_location(w)).pk,
        }
    )
