"""Writes on the directory: rules, region checks, translations that go out of date, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kim.core.errors import ValidationFailed
from kim.core.models import AuditEntry, Catalogue
from kim.core.tests.factories import OrganisationFactory
from kim.directory import services
from kim.directory.models import Service, ServiceTranslation
from kim.directory.tests.factories import entry, make_offer


def _input(service: Service, **changes: Any) -> services.ServiceInput:
    values: dict[str, Any] = {
        "organisation": service.organisation,
        "name": service.name,
        "description": service.description,
        "life_domains": list(service.life_domains.all()),
        "target_groups": list(service.target_groups.all()),
        "municipalities": list(service.municipalities.all()),
        "languages": list(service.languages.values_list("code", flat=True)),
    }
    values.update(changes)
    return services.ServiceInput(**values)


def test_create_offer_records_relations_in_the_audit_log(world: Any) -> None:
    service = make_offer(region=world.region, organisation=world.partner_org, languages=("de", "ar"))

    audit_entry = AuditEntry.objects.get(object_id=str(service.pk), action="create")
    assert audit_entry.changes["name"] == [None, "Sprachkursberatung"]
    assert audit_entry.changes["languages"] == [None, ["ar", "de"]]
    assert set(service.languages.values_list("code", flat=True)) == {"de", "ar"}


def test_changing_the_german_text_marks_current_translations_outdated(world: Any) -> None:
    service = make_offer(region=world.region, organisation=world.partner_org)
    translation = services.service_translation_save(
        actor=None,
        service=service,
        language="en",
        name="Language course advice",
        description="Advice.",
        status="current",
    )

    services.service_update(actor=None, service=service, data=_input(service, description="Neue Beschreibung."))

    translation.refresh_from_db()
    assert translation.status == ServiceTranslation.Status.OUTDATED
    update = AuditEntry.objects.filter(object_id=str(service.pk), action="update").latest("id")
    assert update.changes["translations_outdated"] == [[], ["en"]]


def test_changing_other_fields_keeps_translations_current(world: Any) -> None:
    service = make_offer(region=world.region, organisation=world.partner_org)
    translation = services.service_translation_save(
        actor=None, service=service, language="ar", name="x", description="y", status="current"
    )

    services.service_update(actor=None, service=service, data=_input(service, appointment_only=True))

    translation.refresh_from_db()
    assert translation.status == ServiceTranslation.Status.CURRENT


def test_saving_a_translation_as_current_again_records_the_new_german_text(world: Any) -> None:
    service = make_offer(region=world.region, organisation=world.partner_org)
    services.service_translation_save(
        actor=None, service=service, language="en", name="a", description="b", status="current"
    )
    service = services.service_update(actor=None, service=service, data=_input(service, name="Neuer Name"))

    renewed = services.service_translation_save(
        actor=None, service=service, language="en", name="New name", description="b", status="current"
    )

    assert renewed.source_hash == service.source_hash
    assert ServiceTranslation.objects.filter(service=service).count() == 1


def test_german_is_not_a_translation_language(world: Any) -> None:
    service = make_offer(region=world.region, organisation=world.partner_org)

    with pytest.raises(ValidationFailed) as error:
        services.service_translation_save(
            actor=None, service=service, language="de", name="a", description="b", status="draft"
        )

    assert error.value.field == "language"


def test_offer_needs_a_life_domain(world: Any) -> None:
    with pytest.raises(ValidationFailed) as error:
        make_offer(region=world.region, organisation=world.partner_org, life_domains=())

    assert error.value.field == "life_domains"
    assert not Service.objects.exists()


def test_offer_of_an_organisation_of_another_region_is_refused(world: Any) -> None:
    foreign = OrganisationFactory.create(region=world.other_region, name="Fremder Träger")

    with pytest.raises(ValidationFailed) as error:
        make_offer(region=world.region, organisation=foreign)

    assert error.value.field == "organisation"
    assert not Service.objects.exists()


def test_catalogue_entries_of_another_region_are_refused(world: Any) -> None:
    from kim.core.services import region_seed_catalogues

    region_seed_catalogues(actor=None, region=world.other_region)
    foreign = entry(world.other_region, Catalogue.LIFE_DOMAIN, "sprache")

    with pytest.raises(ValidationFailed):
        services.service_create(
            actor=None,
            region=world.region,
            data=services.ServiceInput(
                organisation=world.partner_org, name="x", description="y", life_domains=[foreign]
            ),
        )
    assert not Service.objects.exists()


def test_duplicate_offer_name_of_one_organisation_is_refused_with_a_message(world: Any) -> None:
    make_offer(region=world.region, organisation=world.partner_org)

    with pytest.raises(ValidationFailed) as error:
        make_offer(region=world.region, organisation=world.partner_org)

    assert error.value.field == "name"
    assert "bereits" in str(error.value.message) or "already" in str(error.value.message)


def test_schedule_must_end_after_it_starts(world: Any) -> None:
    service = make_offer(region=world.region, organisation=world.partner_org)

    with pytest.raises(ValidationFailed) as error:
        services.schedule_create(actor=None, service=service, weekday="MO", opens_at=dt.time(12), closes_at=dt.time(9))

    assert error.value.field == "closes_at"
    assert not service.schedules.exists()


def test_unknown_language_is_refused(world: Any) -> None:
    with pytest.raises(ValidationFailed) as error:
        make_offer(region=world.region, organisation=world.partner_org, languages=("xx",))

    assert error.value.field == "languages"
