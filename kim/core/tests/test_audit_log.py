"""Writing the audit log: snapshot/diff helpers, the entries services write, ``via`` and sign-in events."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from conftest import World
from kim.accounts.tests.factories import TEST_PASSWORD
from kim.core import audit
from kim.core.middleware import RequestContextMiddleware
from kim.core.models import AuditEntry, KeyDate, Municipality, Organisation
from kim.core.tests.factories import FundedPostFactory, MunicipalityFactory, OrganisationFactory


def test_snapshot_keeps_foreign_keys_as_ids_and_leaves_out_timestamps(world: World) -> None:
    municipality = world.municipalities[0]

    values = audit.snapshot(municipality)

    assert values["name"] == "Siegen"
    assert values["region"] == str(world.region.pk)
    assert values["id"] == str(municipality.pk)
    assert "created_at" not in values
    assert "updated_at" not in values


def test_snapshot_writes_dates_as_iso_and_decimals_as_text(world: World) -> None:
    key_date = KeyDate.objects.create(region=world.region, date=dt.date(2022, 6, 9), title="Konstituierende Sitzung")
    post = FundedPostFactory.create(region=world.region, fte=Decimal("3.50"))

    assert audit.snapshot(key_date)["date"] == "2022-06-09"
    assert audit.snapshot(post)["fte"] == "3.50"


def test_snapshot_limited_to_named_fields(world: World) -> None:
    assert audit.snapshot(world.municipalities[0], fields=["name"]) == {"name": "Siegen"}


def test_snapshot_never_contains_the_password_hash(world: World) -> None:
    assert "password" not in audit.snapshot(world.users["admin"])


def test_diff_lists_only_changed_fields_as_old_and_new() -> None:
    before = {"name": "Netphen", "ags": "05970032", "is_active": True}
    after = {"name": "Netphen (Stadt)", "ags": "05970032", "is_active": False}

    assert audit.diff(before, after) == {"is_active": [True, False], "name": ["Netphen", "Netphen (Stadt)"]}


def test_diff_of_equal_snapshots_is_empty() -> None:
    assert audit.diff({"name": "Burbach"}, {"name": "Burbach"}) == {}


def test_record_update_logs_only_the_changed_fields(world: World) -> None:
    municipality = world.municipalities[1]
    before = audit.snapshot(municipality)
    municipality.name = "Kreuztal (Stadt)"
    municipality.save()

    entry = audit.record_update(actor=world.users["admin"], instance=municipality, before=before)

    assert entry is not None
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.changes == {"name": ["Kreuztal", "Kreuztal (Stadt)"]}
    assert entry.object_type == "core.municipality"
    assert entry.object_id == str(municipality.pk)
    assert entry.region == world.region
    assert entry.actor_id == world.users["admin"].pk
    assert entry.actor_label == "admin"


def test_record_update_logs_a_changed_foreign_key_as_ids(world: World) -> None:
    organisation = world.partner_org
    before = audit.snapshot(organisation)
    organisation.municipality = world.municipalities[2]
    organisation.save()

    entry = audit.record_update(actor=world.users["admin"], instance=organisation, before=before)

    assert entry is not None
    assert entry.changes == {"municipality": [None, str(world.municipalities[2].pk)]}


def test_record_update_logs_a_changed_date_in_iso_form(world: World) -> None:
    key_date = KeyDate.objects.create(region=world.region, date=dt.date(2022, 10, 18), title="Zweite Sitzung")
    before = audit.snapshot(key_date)
    key_date.date = dt.date(2022, 10, 25)
    key_date.save()

    entry = audit.record_update(actor=world.users["admin"], instance=key_date, before=before)

    assert entry is not None
    assert entry.changes == {"date": ["2022-10-18", "2022-10-25"]}


def test_record_update_without_change_writes_nothing(world: World) -> None:
    municipality = world.municipalities[0]
    before = audit.snapshot(municipality)
    count = AuditEntry.objects.count()

    assert audit.record_update(actor=world.users["admin"], instance=municipality, before=before) is None
    assert AuditEntry.objects.count() == count


def test_record_update_adds_extra_changes(world: World) -> None:
    municipality = world.municipalities[0]
    before = audit.snapshot(municipality)

    entry = audit.record_update(
        actor=world.users["admin"], instance=municipality, before=before, extra={"teams": [[], ["t1"]]}
    )

    assert entry is not None
    assert entry.changes == {"teams": [[], ["t1"]]}


def test_record_create_logs_the_filled_fields_as_new_values(world: World) -> None:
    municipality = MunicipalityFactory.create(region=world.region, name="Burbach", ags="")

    entry = audit.record_create(actor=world.users["admin"], instance=municipality)

    assert entry.action == AuditEntry.Action.CREATE
    assert entry.changes["name"] == [None, "Burbach"]
    assert entry.changes["region"] == [None, str(world.region.pk)]
    assert "ags" not in entry.changes  # empty values are left out
    assert entry.region == world.region
    assert entry.object_id == str(municipality.pk)


def test_record_create_without_actor_is_logged_as_system(world: World) -> None:
    organisation = OrganisationFactory.create(region=world.region, kind=Organisation.Kind.PARTNER)

    entry = audit.record_create(actor=None, instance=organisation)

    assert entry.actor_id is None
    assert entry.actor_label == "system"


def test_record_read_logs_who_looked_at_what_without_changes(world: World) -> None:
    user = world.users["admin"]

    entry = audit.record_read(actor=world.users["datenschutz"], instance=user, region=world.region)

    assert entry.action == AuditEntry.Action.READ
    assert entry.object_type == "accounts.user"
    assert entry.object_id == str(user.pk)
    assert entry.region == world.region
    assert entry.changes == {}
    assert entry.actor_label == "datenschutz"


def test_record_read_takes_the_region_from_the_object(world: World) -> None:
    entry = audit.record_read(actor=world.users["admin"], instance=world.municipalities[0])

    assert entry.region == world.region


def test_record_delete_logs_the_removed_values(world: World) -> None:
    municipality = MunicipalityFactory.create(region=world.region, name="Erndtebrück")

    entry = audit.record_delete(actor=world.users["admin"], instance=municipality)

    assert entry.action == AuditEntry.Action.DELETE
    assert entry.changes["name"] == ["Erndtebrück", None]


def test_via_is_cut_to_the_field_length(world: World) -> None:
    entry = audit.record(
        actor=None, action=AuditEntry.Action.READ, object_type="core.region", region=world.region, via="x" * 400
    )

    assert len(entry.via) == 300


# --- via: which page or API call a change came through ---------------------------------------


def _logging_view(request: HttpRequest) -> HttpResponse:
    audit.record(actor=None, action=AuditEntry.Action.READ, object_type="core.region", object_id=uuid.uuid4())
    return HttpResponse("ok")


@pytest.mark.django_db
def test_middleware_sets_via_to_method_and_path_without_query_string() -> None:
    request = RequestFactory().get("/verwaltung/benutzer/", {"q": "Erika Mustermann"})

    RequestContextMiddleware(_logging_view)(request)

    entry = AuditEntry.objects.get()
    assert entry.via == "GET /verwaltung/benutzer/"
    assert "Mustermann" not in entry.via
    assert "?" not in entry.via


@pytest.mark.django_db
def test_middleware_marks_api_calls() -> None:
    request = RequestFactory().post("/api/v1/region?name=Erika", data={})

    RequestContextMiddleware(_logging_view)(request)

    assert AuditEntry.objects.get().via == "api POST /api/v1/region"


@pytest.mark.django_db
def test_via_is_empty_again_after_the_request() -> None:
    RequestContextMiddleware(_logging_view)(RequestFactory().get("/protokoll/"))

    assert audit.current_via.get() == ""


def test_via_of_a_real_request_carries_the_path_but_never_the_query_string(world: World) -> None:
    client = world.client_for("datenschutz")

    response = client.get("/protokoll/export.csv", {"person": "Mustermann"})
    response.getvalue()  # consume the stream

    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).get()
    assert entry.via == "GET /protokoll/export.csv"
    assert "Mustermann" not in entry.via


# --- sign-in events (kim/accounts/signals.py) ------------------------------------------------


def test_successful_login_is_logged_with_the_person(world: World) -> None:
    user = world.users["fallmanagement1"]
    client = world.client_for("anonymous")

    response = client.post(
        "/accounts/login/?next=/%3Fname%3DErika", {"login": "fallmanagement1", "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN)
    assert entry.actor_id == user.pk
    assert entry.actor_label == "fallmanagement1"
    assert entry.object_type == "accounts.user"
    assert entry.object_id == str(user.pk)
    assert entry.region is None
    assert entry.via == "POST /accounts/login/"


def test_failed_login_is_logged_without_the_login_name_or_password(world: World) -> None:
    client = world.client_for("anonymous")

    response = client.post("/accounts/login/", {"login": "fallmanagement1", "password": "falsches-passwort-123"})

    assert response.status_code == 200  # the form again, with an error
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    stored = " ".join([entry.actor_label, entry.object_id, str(entry.changes), entry.via])
    assert "fallmanagement1" not in stored
    assert "falsches-passwort" not in stored
    assert entry.actor_id is None
    assert entry.actor_label == "system"
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN).exists()


def test_logout_is_logged_with_the_person(world: World) -> None:
    user = world.users["koordination"]
    client = world.client_for("koordination")

    client.post("/accounts/logout/")

    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGOUT)
    assert entry.actor_id == user.pk
    assert entry.object_id == str(user.pk)
    assert entry.via == "POST /accounts/logout/"


def test_the_municipality_model_is_audited_under_its_label(world: World) -> None:
    assert audit.object_type_of(Municipality(region=world.region, name="x")) == "core.municipality"
