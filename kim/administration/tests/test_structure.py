"""Municipalities, organisations and teams: create, edit, deactivate, with audit and region checks."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from kim.core.models import AuditEntry, Municipality, Organisation, Team
from kim.core.tests.factories import MunicipalityFactory, OrganisationFactory


def _errors(response: Any) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    return html


def _last_audit(object_type: str, action: str) -> AuditEntry:
    return AuditEntry.objects.filter(object_type=object_type, action=action).order_by("-id").first()  # type: ignore[return-value]


# Municipalities


def test_admin_creates_municipality_and_the_audit_log_records_it(world: World, admin_client: Client) -> None:
    response = admin_client.post(reverse("manage:municipality_create"), {"name": "Burbach", "ags": "05970008"})
    assert response.status_code == 302
    municipality = Municipality.objects.get(region=world.region, name="Burbach")
    assert municipality.ags == "05970008"
    assert municipality.is_active
    entry = _last_audit("core.municipality", "create")
    assert entry.object_id == str(municipality.pk)
    assert entry.region == world.region
    assert entry.actor_label == "admin"
    assert entry.changes["name"] == [None, "Burbach"]
    follow = admin_client.get(response["Location"])
    assert "Die Kommune Burbach wurde angelegt." in follow.content.decode()


def test_duplicate_municipality_name_gives_german_field_error(world: World, admin_client: Client) -> None:
    count = Municipality.objects.count()
    response = admin_client.post(reverse("manage:municipality_create"), {"name": "siegen"})
    html = _errors(response)
    assert "In dieser Region gibt es bereits eine Kommune mit diesem Namen." in html
    assert Municipality.objects.count() == count


def test_same_municipality_name_is_allowed_in_another_region(world: World) -> None:
    client = world.client_for("admin.andere-region")
    response = client.post(reverse("manage:municipality_create"), {"name": "Siegen"})
    assert response.status_code == 302
    assert Municipality.objects.filter(name="Siegen").count() == 2


@pytest.mark.parametrize(
    ("ags", "message"),
    [
        ("0597", "Der amtliche Schlüssel hat 5 (Kreis) oder 8 (Gemeinde) Ziffern."),
        ("05970", "Der amtliche Gemeindeschlüssel hat 8 Ziffern."),
        ("05966004", "Der amtliche Gemeindeschlüssel muss mit dem Schlüssel der Region (05970) beginnen."),
    ],
)
def test_bad_municipality_key_is_refused_in_german(world: World, admin_client: Client, ags: str, message: str) -> None:
    response = admin_client.post(reverse("manage:municipality_create"), {"name": "Wilnsdorf", "ags": ags})
    assert message in _errors(response)
    assert not Municipality.objects.filter(name="Wilnsdorf").exists()


def test_municipality_key_must_be_unique_in_the_region(world: World, admin_client: Client) -> None:
    MunicipalityFactory.create(region=world.region, name="Netphen-Alt", ags="05970032")
    response = admin_client.post(reverse("manage:municipality_create"), {"name": "Netphen-Neu", "ags": "05970032"})
    assert "Eine andere Kommune dieser Region hat bereits diesen amtlichen Gemeindeschlüssel." in _errors(response)


def test_admin_renames_and_deactivates_municipality_with_old_and_new_in_audit(
    world: World, admin_client: Client
) -> None:
    municipality = world.municipalities[2]
    url = reverse("manage:municipality_update", kwargs={"pk": municipality.pk})
    form = admin_client.get(url).content.decode()
    assert 'value="Netphen"' in form
    response = admin_client.post(url, {"name": "Stadt Netphen", "ags": "", "is_active": ""})
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.name == "Stadt Netphen"
    assert not municipality.is_active
    entry = _last_audit("core.municipality", "update")
    assert entry.changes == {"name": ["Netphen", "Stadt Netphen"], "is_active": [True, False]}


def test_saving_unchanged_municipality_writes_no_audit_entry(world: World, admin_client: Client) -> None:
    municipality = world.municipalities[0]
    before = AuditEntry.objects.count()
    response = admin_client.post(
        reverse("manage:municipality_update", kwargs={"pk": municipality.pk}),
        {"name": "Siegen", "ags": "", "is_active": "on"},
    )
    assert response.status_code == 302
    assert AuditEntry.objects.count() == before


def test_renaming_to_an_existing_name_keeps_the_old_name(world: World, admin_client: Client) -> None:
    municipality = world.municipalities[1]
    response = admin_client.post(
        reverse("manage:municipality_update", kwargs={"pk": municipality.pk}),
        {"name": "Siegen", "is_active": "on"},
    )
    assert "bereits eine Kommune mit diesem Namen" in _errors(response)
    municipality.refresh_from_db()
    assert municipality.name == "Kreuztal"


def test_empty_municipality_name_is_refused(world: World, admin_client: Client) -> None:
    response = admin_client.post(reverse("manage:municipality_create"), {"name": "  "})
    assert "Dieses Feld ist zwingend erforderlich." in _errors(response)


def test_municipality_list_shows_status_and_team_count(world: World, admin_client: Client) -> None:
    MunicipalityFactory.create(region=world.region, name="Erndtebrück", is_active=False)
    html = admin_client.get(reverse("manage:municipality_list")).content.decode()
    assert "Erndtebrück" in html
    assert "inaktiv" in html
    assert "Kommunen von Kreis Siegen-Wittgenstein" in html


# Organisations


def test_admin_creates_organisation_with_contact_data(world: World, admin_client: Client) -> None:
    response = admin_client.post(
        reverse("manage:organisation_create"),
        {
            "name": "Caritasverband Beispiel",
            "short_name": "Caritas",
            "kind": "provider",
            "municipality": str(world.municipalities[0].pk),
            "email": "info@caritas.example.org",
            "phone": "0271 000000",
            "website": "https://caritas.example.org",
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(region=world.region, name="Caritasverband Beispiel")
    assert organisation.municipality == world.municipalities[0]
    assert organisation.kind == Organisation.Kind.PROVIDER
    entry = _last_audit("core.organisation", "create")
    assert entry.changes["email"] == [None, "info@caritas.example.org"]


def test_organisation_list_filters_by_kind(world: World, admin_client: Client) -> None:
    html = admin_client.get(reverse("manage:organisation_list"), {"kind": "authority"}).content.decode()
    assert "Ausländerbehörde Beispiel" in html
    assert "Diakonie Beispiel" not in html
    everything = admin_client.get(reverse("manage:organisation_list")).content.decode()
    assert "Diakonie Beispiel" in everything
    assert "Sprachschule Beispiel" in everything


def test_duplicate_organisation_name_is_refused(world: World, admin_client: Client) -> None:
    response = admin_client.post(
        reverse("manage:organisation_create"), {"name": "Diakonie Beispiel", "kind": "provider"}
    )
    assert "In dieser Region gibt es bereits eine Organisation mit diesem Namen." in _errors(response)
    assert Organisation.objects.filter(name="Diakonie Beispiel").count() == 1


def test_organisation_seat_in_another_region_is_not_a_valid_choice(world: World, admin_client: Client) -> None:
    foreign = MunicipalityFactory.create(region=world.other_region, name="Olpe")
    response = admin_client.post(
        reverse("manage:organisation_create"),
        {"name": "Neue Beratung", "kind": "partner", "municipality": str(foreign.pk)},
    )
    assert "Bitte eine gültige Auswahl treffen." in _errors(response)
    assert not Organisation.objects.filter(name="Neue Beratung").exists()


def test_bad_organisation_email_is_refused(world: World, admin_client: Client) -> None:
    response = admin_client.post(
        reverse("manage:organisation_create"), {"name": "Neue Beratung", "kind": "partner", "email": "keine-adresse"}
    )
    assert "Bitte gültige E-Mail-Adresse eingeben." in _errors(response)


def test_admin_edits_organisation_and_audit_shows_old_and_new(world: World, admin_client: Client) -> None:
    organisation = world.partner_org
    response = admin_client.post(
        reverse("manage:organisation_update", kwargs={"pk": organisation.pk}),
        {"name": "Sprachschule Beispiel", "kind": "partner", "phone": "02732 1234", "is_active": ""},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.phone == "02732 1234"
    assert not organisation.is_active
    entry = _last_audit("core.organisation", "update")
    assert entry.changes == {"phone": ["", "02732 1234"], "is_active": [True, False]}


# Teams


def test_admin_creates_team_covering_municipalities(world: World, admin_client: Client) -> None:
    siegen, kreuztal, _netphen = world.municipalities
    response = admin_client.post(
        reverse("manage:team_create"),
        {"name": "Team Nord", "organisation": str(world.provider.pk), "municipalities": [siegen.pk, kreuztal.pk]},
    )
    assert response.status_code == 302
    team = Team.objects.get(region=world.region, name="Team Nord")
    assert set(team.municipalities.all()) == {siegen, kreuztal}
    entry = _last_audit("core.team", "create")
    assert entry.changes["municipalities"] == [None, sorted([str(siegen.pk), str(kreuztal.pk)])]
    assert entry.changes["organisation"] == [None, str(world.provider.pk)]


def test_team_with_provider_of_another_region_is_refused(world: World, admin_client: Client) -> None:
    foreign = OrganisationFactory.create(region=world.other_region, name="Träger Olpe")
    response = admin_client.post(reverse("manage:team_create"), {"name": "Team Fremd", "organisation": str(foreign.pk)})
    assert "Bitte eine gültige Auswahl treffen." in _errors(response)
    assert not Team.objects.filter(name="Team Fremd").exists()


def test_team_covering_a_municipality_of_another_region_is_refused(world: World, admin_client: Client) -> None:
    foreign = MunicipalityFactory.create(region=world.other_region, name="Attendorn")
    response = admin_client.post(
        reverse("manage:team_create"),
        {"name": "Team Fremd", "organisation": str(world.provider.pk), "municipalities": [foreign.pk]},
    )
    assert "ist keine gültige Auswahl" in _errors(response)
    assert not Team.objects.filter(name="Team Fremd").exists()


def test_team_service_refuses_other_region_objects_even_without_the_form(world: World) -> None:
    from kim.core.errors import ValidationFailed
    from kim.core.services import team_create

    with pytest.raises(ValidationFailed) as error:
        team_create(
            actor=world.users["admin"],
            region=world.region,
            name="Team Fremd",
            organisation=world.other_region_team.organisation,
        )
    assert error.value.field == "organisation"
    assert not Team.objects.filter(name="Team Fremd").exists()


def test_duplicate_team_name_is_refused(world: World, admin_client: Client) -> None:
    response = admin_client.post(
        reverse("manage:team_create"), {"name": "Team Siegen", "organisation": str(world.provider.pk)}
    )
    assert "In dieser Region gibt es bereits ein Team mit diesem Namen." in _errors(response)


def test_admin_changes_team_municipalities_and_audit_lists_both_sets(world: World, admin_client: Client) -> None:
    team = world.team
    siegen, _kreuztal, netphen = world.municipalities
    response = admin_client.post(
        reverse("manage:team_update", kwargs={"pk": team.pk}),
        {
            "name": "Team Siegen",
            "organisation": str(world.provider.pk),
            "municipalities": [netphen.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert list(team.municipalities.all()) == [netphen]
    entry = _last_audit("core.team", "update")
    assert entry.changes == {"municipalities": [[str(siegen.pk)], [str(netphen.pk)]]}


def test_team_list_names_provider_and_municipalities(world: World, admin_client: Client) -> None:
    html = admin_client.get(reverse("manage:team_list")).content.decode()
    assert "Team Siegen" in html
    assert "Diakonie Beispiel" in html
    assert "Kreuztal, Netphen" in html


def test_a_concurrent_duplicate_caught_by_the_database_still_gives_the_german_message(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two admins saving the same name at once: the pre-check passes for both, the constraint decides."""
    from kim.core import services
    from kim.core.errors import ValidationFailed

    monkeypatch.setattr(services, "_check_municipality", lambda municipality: None)
    with pytest.raises(ValidationFailed) as error:
        services.municipality_create(actor=world.users["admin"], region=world.region, name="Siegen")
    assert error.value.field == "name"
    assert error.value.message == "In dieser Region gibt es bereits eine Kommune mit diesem Namen."
    assert Municipality.objects.filter(region=world.region, name="Siegen").count() == 1
