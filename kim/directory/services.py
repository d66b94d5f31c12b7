"""Writes on the network directory. Every function: keyword-only, explicit actor, one transaction, audited."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kim.core import audit
from kim.core.audit import Actor
from kim.core.errors import ValidationFailed
from kim.core.models import AuditEntry, Catalogue, CatalogueEntry, Municipality, Organisation, Region
from kim.core.services import organisation_update
from kim.core.writes import full_clean as _full_clean
from kim.core.writes import save_or_conflict as _save
from kim.directory.models import (
    LANGUAGES,
    Contact,
    Location,
    OrganisationProfile,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    ServiceTranslation,
)

SERVICE_FIELDS: tuple[str, ...] = (
    "name",
    "alternate_name",
    "description",
    "status",
    "published",
    "url",
    "email",
    "eligibility_description",
    "application_process",
    "fees_description",
    "required_documents",
    "appointment_only",
    "interpretation_services",
    "minimum_age",
    "maximum_age",
)


@dataclass
class ServiceInput:
    """Everything an offer is made of; the same for the form, the import and the demo."""

    organisation: Organisation
    name: str
    description: str
    status: str = Service.Status.ACTIVE
    published: bool = False
    alternate_name: str = ""
    url: str = ""
    email: str = ""
    eligibility_description: str = ""
    application_process: str = ""
    fees_description: str = ""
    required_documents: str = ""
    appointment_only: bool = False
    interpretation_services: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    life_domains: Sequence[CatalogueEntry] = field(default_factory=list)
    target_groups: Sequence[CatalogueEntry] = field(default_factory=list)
    legal_domains: Sequence[CatalogueEntry] = field(default_factory=list)
    municipalities: Sequence[Municipality] = field(default_factory=list)
    languages: Sequence[str] = field(default_factory=list)


def _check_entries(
    *, region: Region, entries: Sequence[CatalogueEntry], catalogue: str, field_name: str
) -> list[CatalogueEntry]:
    for entry in entries:
        if entry.region_id != region.pk or entry.catalogue != catalogue:
            raise ValidationFailed(_("Please choose only entries of this region's list."), field=field_name)
    return list(entries)


def _check_input(*, region: Region, data: ServiceInput) -> None:
    if data.organisation.region_id != region.pk:
        raise ValidationFailed(_("Please choose an organisation of this region."), field="organisation")
    if not data.organisation.is_active:
        raise ValidationFailed(_("The organisation is no longer active."), field="organisation")
    if not data.life_domains:
        raise ValidationFailed(_("Please choose at least one life domain."), field="life_domains")
    _check_entries(region=region, entries=data.life_domains, catalogue=Catalogue.LIFE_DOMAIN, field_name="life_domains")
    _check_entries(
        region=region, entries=data.target_groups, catalogue=Catalogue.TARGET_GROUP, field_name="target_groups"
    )
    _check_entries(
        region=region, entries=data.legal_domains, catalogue=Catalogue.LEGAL_DOMAIN, field_name="legal_domains"
    )
    for municipality in data.municipalities:
        if municipality.region_id != region.pk:
            raise ValidationFailed(_("Please choose only municipalities of this region."), field="municipalities")
    for code in data.languages:
        if code not in LANGUAGES:
            raise ValidationFailed(_("Unknown language: %(code)s.") % {"code": code}, field="languages")
    if data.minimum_age is not None and data.maximum_age is not None and data.minimum_age > data.maximum_age:
        raise ValidationFailed(_("The minimum age must not be above the maximum age."), field="maximum_age")


def _duplicate_name() -> ValidationFailed:
    return ValidationFailed(_("This organisation already has an offer with this name."), field="name")


def _relations(service: Service) -> dict[str, list[str]]:
    return {
        "life_domains": sorted(str(pk) for pk in service.life_domains.values_list("pk", flat=True)),
        "target_groups": sorted(str(pk) for pk in service.target_groups.values_list("pk", flat=True)),
        "legal_domains": sorted(str(pk) for pk in service.legal_domains.values_list("pk", flat=True)),
        "municipalities": sorted(str(pk) for pk in service.municipalities.values_list("pk", flat=True)),
        "languages": sorted(service.languages.values_list("code", flat=True)),
    }


def _set_relations(*, service: Service, data: ServiceInput) -> None:
    service.life_domains.set(data.life_domains)
    service.target_groups.set(data.target_groups)
    service.legal_domains.set(data.legal_domains)
    service.municipalities.set(data.municipalities)
    wanted = set(data.languages)
    service.languages.exclude(code__in=wanted).delete()
    have = set(service.languages.values_list("code", flat=True))
    ServiceLanguage.objects.bulk_create(
        [ServiceLanguage(region=service.region, service=service, code=code) for code in sorted(wanted - have)]
    )


@transaction.atomic
def service_create(
    *, actor: Actor | None, region: Region, data: ServiceInput, service_id: uuid.UUID | None = None
) -> Service:
    """Create an offer; ``service_id`` keeps an id given by an HSDS import."""
    service = Service(region=region, organisation=data.organisation)
    if service_id is not None:
        if Service.objects.filter(pk=service_id).exists():
            raise ValidationFailed(_("An offer with this id already exists."), field="id")
        service.pk = service_id
    for name in SERVICE_FIELDS:
        setattr(service, name, getattr(data, name))
    _full_clean(service)
    _check_input(region=region, data=data)
    if Service.objects.filter(region=region, organisation=data.organisation, name=data.name).exists():
        raise _duplicate_name()
    _save(service, conflict=_duplicate_name())
    _set_relations(service=service, data=data)
    created = {key: [None, value] for key, value in audit.snapshot(service).items() if value not in (None, "")}
    created.update({key: [None, value] for key, value in _relations(service).items() if value})
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        object_type=audit.object_type_of(service),
        object_id=service.pk,
        region=region,
        changes=created,
    )
    return service


@transaction.atomic
def service_update(*, actor: Actor | None, service: Service, data: ServiceInput) -> Service:
    """Change an offer; a changed German name or description marks its translations outdated."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    before = audit.snapshot(service)
    before_relations = _relations(service)
    old_hash = service.source_hash
    service.organisation = data.organisation
    for name in SERVICE_FIELDS:
        setattr(service, name, getattr(data, name))
    _full_clean(service)
    _check_input(region=service.region, data=data)
    if (
        Service.objects.filter(region=service.region, organisation=data.organisation, name=data.name)
        .exclude(pk=service.pk)
        .exists()
    ):
        raise _duplicate_name()
    _save(service, conflict=_duplicate_name())
    _set_relations(service=service, data=data)
    extra: dict[str, Any] = {
        key: [before_relations[key], value]
        for key, value in _relations(service).items()
        if before_relations[key] != value
    }
    if service.source_hash != old_hash:
        outdated = service.translations.exclude(status=ServiceTranslation.Status.OUTDATED).exclude(
            source_hash=service.source_hash
        )
        languages = sorted(outdated.values_list("language", flat=True))
        if languages:
            outdated.update(status=ServiceTranslation.Status.OUTDATED)
            extra["translations_outdated"] = [[], languages]
    audit.record_update(actor=actor, instance=service, before=before, extra=extra)
    return service


@transaction.atomic
def service_translation_save(
    *,
    actor: Actor | None,
    service: Service,
    language: str,
    name: str,
    description: str,
    status: str,
) -> ServiceTranslation:
    """Create or change the translation into ``language``; it records which German text it was made from."""
    if language not in LANGUAGES or language == "de":
        raise ValidationFailed(_("Please choose a language other than German."), field="language")
    if status not in ServiceTranslation.Status.values:
        raise ValidationFailed(_("Please choose a valid status."), field="status")
    translation = ServiceTranslation.objects.filter(service=service, language=language).first()
    creating = translation is None
    if translation is None:
        translation = ServiceTranslation(region=service.region, service=service, language=language)
        before: dict[str, Any] = {}
    else:
        before = audit.snapshot(translation)
    translation.name = name
    translation.description = description
    translation.status = status
    if status == ServiceTranslation.Status.CURRENT or creating:
        translation.source_hash = service.source_hash
    _full_clean(translation, exclude=["source_hash"])
    _save(translation, conflict=ValidationFailed(_("This translation already exists."), field="language"))
    if creating:
        audit.record_create(actor=actor, instance=translation)
    else:
        audit.record_update(actor=actor, instance=translation, before=before)
    return translation


def _organisation_contact_save(
    *, actor: Actor | None, organisation: Organisation, email: str | None, phone: str | None, website: str | None
) -> None:
    """The organisation's public e-mail, phone and website through core's service; the rest stays as it is.

    Name, short name, kind, municipality and being active are master data of the region
    administration (releases and memberships name the organisation), so they are not
    passed here.
    """
    wanted = {"email": email, "phone": phone, "website": website}
    if all(value is None or value.strip() == getattr(organisation, key) for key, value in wanted.items()):
        return
    organisation_update(
        actor=actor,
        organisation=organisation,
        name=organisation.name,
        kind=organisation.kind,
        short_name=organisation.short_name,
        municipality=organisation.municipality,
        email=organisation.email if email is None else email,
        phone=organisation.phone if phone is None else phone,
        website=organisation.website if website is None else website,
        is_active=organisation.is_active,
    )


@transaction.atomic
def organisation_profile_save(
    *,
    actor: Actor | None,
    organisation: Organisation,
    description: str,
    legal_status: str = "",
    email: str | None = None,
    phone: str | None = None,
    website: str | None = None,
) -> OrganisationProfile:
    """The public profile of an organisation: description, legal status and (if given) public contact details."""
    _organisation_contact_save(actor=actor, organisation=organisation, email=email, phone=phone, website=website)
    profile = OrganisationProfile.objects.filter(organisation=organisation).first()
    if profile is None:
        profile = OrganisationProfile(
            region=organisation.region, organisation=organisation, description=description, legal_status=legal_status
        )
        _full_clean(profile)
        profile.save()
        audit.record_create(actor=actor, instance=profile)
        return profile
    before = audit.snapshot(profile)
    profile.description = description
    profile.legal_status = legal_status
    _full_clean(profile)
    profile.save(update_fields=["description", "legal_status", "updated_at"])
    audit.record_update(actor=actor, instance=profile, before=before)
    return profile


LOCATION_FIELDS: tuple[str, ...] = (
    "organisation",
    "name",
    "description",
    "address_1",
    "postal_code",
    "city",
    "municipality",
    "latitude",
    "longitude",
    "transportation",
    "accessibility",
)


def _check_location(location: Location) -> None:
    if location.organisation.region_id != location.region_id:
        raise ValidationFailed(_("Please choose an organisation of this region."), field="organisation")
    if location.municipality.region_id != location.region_id:
        raise ValidationFailed(_("Please choose a municipality of this region."), field="municipality")
    if (location.latitude is None) != (location.longitude is None):
        raise ValidationFailed(_("Please enter both latitude and longitude, or neither."), field="longitude")


def _duplicate_location() -> ValidationFailed:
    return ValidationFailed(_("This organisation already has a location with this name."), field="name")


@transaction.atomic
def location_create(
    *, actor: Actor | None, region: Region, values: dict[str, Any], location_id: uuid.UUID | None = None
) -> Location:
    """Create a location; ``location_id`` keeps an id given by an HSDS import."""
    location = Location(region=region, **{key: values[key] for key in LOCATION_FIELDS if key in values})
    if location_id is not None:
        if Location.objects.filter(pk=location_id).exists():
            raise ValidationFailed(_("A location with this id already exists."), field="id")
        location.pk = location_id
    _full_clean(location)
    _check_location(location)
    if Location.objects.filter(region=region, organisation=location.organisation, name=location.name).exists():
        raise _duplicate_location()
    _save(location, conflict=_duplicate_location())
    audit.record_create(actor=actor, instance=location)
    return location


@transaction.atomic
def location_update(*, actor: Actor | None, location: Location, values: dict[str, Any]) -> Location:
    location = Location.objects.select_for_update().get(pk=location.pk)
    before = audit.snapshot(location)
    for key in LOCATION_FIELDS:
        if key in values:
            setattr(location, key, values[key])
    _full_clean(location)
    _check_location(location)
    if (
        Location.objects.filter(region=location.region, organisation=location.organisation, name=location.name)
        .exclude(pk=location.pk)
        .exists()
    ):
        raise _duplicate_location()
    _save(location, conflict=_duplicate_location())
    audit.record_update(actor=actor, instance=location, before=before)
    return location


@transaction.atomic
def service_location_add(
    *, actor: Actor | None, service: Service, location: Location, description: str = ""
) -> ServiceAtLocation:
    if location.region_id != service.region_id:
        raise ValidationFailed(_("Please choose a location of this region."), field="location")
    if ServiceAtLocation.objects.filter(service=service, location=location).exists():
        raise ValidationFailed(_("The offer is already available at this location."), field="location")
    link = ServiceAtLocation(region=service.region, service=service, location=location, description=description)
    _full_clean(link)
    _save(link, conflict=ValidationFailed(_("The offer is already available at this location."), field="location"))
    audit.record_create(actor=actor, instance=link)
    return link


@transaction.atomic
def schedule_create(
    *,
    actor: Actor | None,
    service: Service,
    weekday: str,
    opens_at: dt.time,
    closes_at: dt.time,
    service_at_location: ServiceAtLocation | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    attending_type: str = Schedule.Attending.IN_PERSON,
    notes: str = "",
) -> Schedule:
    if service_at_location is not None and service_at_location.service_id != service.pk:
        raise ValidationFailed(_("Please choose one of this offer's locations."), field="service_at_location")
    if closes_at <= opens_at:
        raise ValidationFailed(_("The end must be after the start."), field="closes_at")
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationFailed(_("'Valid until' must not be before 'valid from'."), field="valid_to")
    schedule = Schedule(
        region=service.region,
        service=service,
        service_at_location=service_at_location,
        weekday=weekday,
        opens_at=opens_at,
        closes_at=closes_at,
        valid_from=valid_from,
        valid_to=valid_to,
        attending_type=attending_type,
        notes=notes,
    )
    _full_clean(schedule)
    schedule.save()
    audit.record_create(actor=actor, instance=schedule)
    return schedule


@transaction.atomic
def schedule_update(
    *,
    actor: Actor | None,
    schedule: Schedule,
    weekday: str,
    opens_at: dt.time,
    closes_at: dt.time,
    service_at_location: ServiceAtLocation | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    attending_type: str = Schedule.Attending.IN_PERSON,
    notes: str = "",
) -> Schedule:
    schedule = Schedule.objects.select_for_update().get(pk=schedule.pk)
    if service_at_location is not None and service_at_location.service_id != schedule.service_id:
        raise ValidationFailed(_("Please choose one of this offer's locations."), field="service_at_location")
    if closes_at <= opens_at:
        raise ValidationFailed(_("The end must be after the start."), field="closes_at")
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationFailed(_("'Valid until' must not be before 'valid from'."), field="valid_to")
    before = audit.snapshot(schedule)
    values = {
        "weekday": weekday,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "service_at_location": service_at_location,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "attending_type": attending_type,
        "notes": notes,
    }
    for key, value in values.items():
        setattr(schedule, key, value)
    _full_clean(schedule)
    schedule.save(update_fields=[*values, "updated_at"])
    audit.record_update(actor=actor, instance=schedule, before=before)
    return schedule


@transaction.atomic
def schedule_delete(*, actor: Actor | None, schedule: Schedule) -> None:
    audit.record_delete(actor=actor, instance=schedule)
    schedule.delete()


@transaction.atomic
def contact_create(
    *,
    actor: Actor | None,
    service: Service,
    name: str,
    title: str = "",
    department: str = "",
    email: str = "",
    phone: str = "",
) -> Contact:
    contact = Contact(
        region=service.region, service=service, name=name, title=title, department=department, email=email, phone=phone
    )
    _full_clean(contact)
    contact.save()
    audit.record_create(actor=actor, instance=contact)
    return contact


@transaction.atomic
def contact_update(
    *,
    actor: Actor | None,
    contact: Contact,
    name: str,
    title: str = "",
    department: str = "",
    email: str = "",
    phone: str = "",
) -> Contact:
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    before = audit.snapshot(contact)
    values = {"name": name, "title": title, "department": department, "email": email, "phone": phone}
    for key, value in values.items():
        setattr(contact, key, value.strip())
    _full_clean(contact)
    contact.save(update_fields=[*values, "updated_at"])
    audit.record_update(actor=actor, instance=contact, before=before)
    return contact


@transaction.atomic
def contact_delete(*, actor: Actor | None, contact: Contact) -> None:
    audit.record_delete(actor=actor, instance=contact)
    contact.delete()


@transaction.atomic
def phone_create(*, actor: Actor | None, service: Service, number: str, description: str = "") -> Phone:
    phone = Phone(region=service.region, service=service, number=number, description=description)
    _full_clean(phone)
    phone.save()
    audit.record_create(actor=actor, instance=phone)
    return phone


@transaction.atomic
def service_location_update(*, actor: Actor | None, link: ServiceAtLocation, description: str) -> ServiceAtLocation:
    """Change the note on an offer at a location (the location itself is edited on its own page)."""
    link = ServiceAtLocation.objects.select_for_update().get(pk=link.pk)
    before = audit.snapshot(link)
    link.description = description.strip()
    _full_clean(link)
    link.save(update_fields=["description", "updated_at"])
    audit.record_update(actor=actor, instance=link, before=before)
    return link


@transaction.atomic
def service_location_remove(*, actor: Actor | None, link: ServiceAtLocation, with_schedules: bool = False) -> None:
    """Take an offer away from a location.

    Opening times at this location go with it only when ``with_schedules`` is set (the
    person confirmed it); otherwise they must be removed first.
    """
    schedules = list(link.schedules.all())
    if schedules and not with_schedules:
        raise ValidationFailed(_("Please remove the opening times at this location first."))
    for schedule in schedules:
        audit.record_delete(actor=actor, instance=schedule)
        schedule.delete()
    audit.record_delete(actor=actor, instance=link)
    link.delete()


@transaction.atomic
def phone_update(*, actor: Actor | None, phone: Phone, number: str, description: str = "") -> Phone:
    phone = Phone.objects.select_for_update().get(pk=phone.pk)
    before = audit.snapshot(phone)
    phone.number = number.strip()
    phone.description = description.strip()
    _full_clean(phone)
    phone.save(update_fields=["number", "description", "updated_at"])
    audit.record_update(actor=actor, instance=phone, before=before)
    return phone


@transaction.atomic
def phone_delete(*, actor: Actor | None, phone: Phone) -> None:
    audit.record_delete(actor=actor, instance=phone)
    phone.delete()
