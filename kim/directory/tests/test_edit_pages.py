"""Editing in the browser: opening times, contact people, phones, the note at a location, the public profile."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from kim.core.models import AuditEntry
from kim.directory.models import Contact, Phone, Schedule, ServiceAtLocation
from kim.directory.tests.factories import OfferWorld, offer_world


@pytest.fixture
def offers(world: Any) -> OfferWorld:
    return offer_world(world)


def test_opening_time_is_edited_and_audited(world: Any, offers: OfferWorld) -> None:
    client = world.client_for("assistenz")
    schedule = Schedule.objects.get(service=offers.full, weekday="MO")
    url = reverse("directory:schedule_update", args=[offers.full.pk, schedule.pk])

    form_page = client.get(url)
    response = client.post(
        url,
        {"weekday": "TU", "opens_at": "08:30", "closes_at": "11:00", "attending_type": "phone", "notes": "Hotline"},
    )

    assert form_page.status_code == 200
    assert 'value="09:00"' in form_page.content.decode()
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert (schedule.weekday, schedule.opens_at, schedule.attending_type) == ("TU", dt.time(8, 30), "phone")
    assert schedule.service_at_location is None
    entry = AuditEntry.objects.filter(object_id=schedule.pk, action=AuditEntry.Action.UPDATE).get()
    assert entry.changes["weekday"] == ["MO", "TU"]


def test_opening_time_ending_before_start_is_not_saved(world: Any, offers: OfferWorld) -> None:
    schedule = Schedule.objects.get(service=offers.full, weekday="MO")

    response = world.client_for("assistenz").post(
        reverse("directory:schedule_update", args=[offers.full.pk, schedule.pk]),
        {"weekday": "MO", "opens_at": "12:00", "closes_at": "10:00", "attending_type": "in_person"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["closes_at"]
    schedule.refresh_from_db()
    assert schedule.closes_at == dt.time(12)


def test_contact_person_and_phone_are_edited(world: Any, offers: OfferWorld) -> None:
    client = world.client_for("koordination")
    contact = Contact.objects.get(service=offers.full)
    phone = Phone.objects.get(service=offers.full)

    client.post(
        reverse("directory:contact_update", args=[offers.full.pk, contact.pk]),
        {"name": "Erika Beispiel-Neu", "title": "Leitung", "email": "leitung@example.org", "phone": "0271 9"},
    )
    client.post(
        reverse("directory:phone_update", args=[offers.full.pk, phone.pk]),
        {"number": "0271 123456", "description": "Neue Zentrale"},
    )

    contact.refresh_from_db()
    phone.refresh_from_db()
    assert (contact.name, contact.title, contact.phone) == ("Erika Beispiel-Neu", "Leitung", "0271 9")
    assert (phone.number, phone.description) == ("0271 123456", "Neue Zentrale")


def test_invalid_contact_email_is_a_form_error(world: Any, offers: OfferWorld) -> None:
    contact = Contact.objects.get(service=offers.full)

    response = world.client_for("koordination").post(
        reverse("directory:contact_update", args=[offers.full.pk, contact.pk]), {"name": "X", "email": "kein-mail"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["email"]


def test_children_of_another_offer_or_region_are_404(world: Any, offers: OfferWorld) -> None:
    client = world.client_for("koordination")
    contact = Contact.objects.get(service=offers.full)
    schedule = Schedule.objects.filter(service=offers.full).first()
    assert schedule is not None

    assert client.get(reverse("directory:contact_update", args=[offers.plain.pk, contact.pk])).status_code == 404
    assert client.get(reverse("directory:schedule_update", args=[offers.plain.pk, schedule.pk])).status_code == 404
    other = offers.other_region
    assert client.get(reverse("directory:phone_update", args=[other.pk, contact.pk])).status_code == 404


def test_case_manager_may_not_edit(world: Any, offers: OfferWorld) -> None:
    contact = Contact.objects.get(service=offers.full)

    response = world.client_for("fallmanagement1").post(
        reverse("directory:contact_update", args=[offers.full.pk, contact.pk]), {"name": "Fremd"}
    )

    assert response.status_code == 403
    contact.refresh_from_db()
    assert contact.name == "Erika Beispiel"


def test_note_on_the_offer_at_a_location_is_edited(world: Any, offers: OfferWorld) -> None:
    link = offers.full.service_at_locations.get()

    world.client_for("koordination").post(
        reverse("directory:service_location_update", args=[offers.full.pk, link.pk]),
        {"description": "Eingang über den Hof"},
    )

    link.refresh_from_db()
    assert link.description == "Eingang über den Hof"


def test_location_with_opening_times_is_removed_after_confirmation(world: Any, offers: OfferWorld) -> None:
    client = world.client_for("koordination")
    link = offers.full.service_at_locations.get()
    schedule = Schedule.objects.get(service_at_location=link)
    detail = client.get(reverse("directory:service_detail", args=[offers.full.pk])).content.decode()
    confirm_url = reverse("directory:service_location_remove_confirm", args=[offers.full.pk, link.pk])

    confirm = client.get(confirm_url)
    client.post(reverse("directory:service_location_remove", args=[offers.full.pk, link.pk]), {"with_schedules": "1"})

    assert confirm_url in detail
    assert str(schedule) in confirm.content.decode()
    assert not ServiceAtLocation.objects.filter(pk=link.pk).exists()
    assert not Schedule.objects.filter(pk=schedule.pk).exists()
    assert Schedule.objects.filter(service=offers.full).count() == 1  # the time valid at every location stays
    deleted = AuditEntry.objects.filter(action=AuditEntry.Action.DELETE, object_id__in=[link.pk, schedule.pk])
    assert deleted.count() == 2


def test_directory_maintainer_edits_public_profile_but_not_the_name(world: Any, offers: OfferWorld) -> None:
    client = world.client_for("koordination")
    organisation = world.partner_org
    url = reverse("directory:organisation_profile", args=[organisation.pk])
    name = organisation.name

    response = client.post(
        url,
        {
            "description": "Sprachschule",
            "legal_status": "GmbH",
            "email": "info@sprachschule.example.org",
            "phone": "0271 555",
            "website": "sprachschule.example.org",
            "name": "Umbenannt",
        },
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == name
    assert (organisation.email, organisation.phone, organisation.website) == (
        "info@sprachschule.example.org",
        "0271 555",
        "https://sprachschule.example.org",
    )
    assert organisation.directory_profile.legal_status == "GmbH"
    assert AuditEntry.objects.filter(object_id=organisation.pk, action=AuditEntry.Action.UPDATE).exists()
    hsds = client.get(f"/hsds/{world.region.slug}/organizations/{organisation.pk}").json()
    assert hsds["email"] == "info@sprachschule.example.org"
    assert hsds["website"] == "https://sprachschule.example.org"


def test_profile_form_shows_the_current_public_contact_details(world: Any, offers: OfferWorld) -> None:
    organisation = world.partner_org
    organisation.email = "alt@example.org"
    organisation.save(update_fields=["email"])

    page = world.client_for("koordination").get(reverse("directory:organisation_profile", args=[organisation.pk]))

    assert 'value="alt@example.org"' in page.content.decode()
