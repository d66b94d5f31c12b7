"""The audit log pages for the data-protection officer: who may see what, filters, results, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
from typing import Any

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from conftest import PERSONAS, World
from kim.accounts.models import Role
from kim.accounts.tests.factories import MembershipFactory, UserFactory
from kim.audit.selectors import audit_entries_for_region
from kim.core.models import AuditEntry, Region

SEARCH = "/protokoll/"
EXPORT_CSV = "/protokoll/export.csv"
EXPORT_JSON = "/protokoll/export.jsonl"
AUDIT_URLS = (SEARCH, EXPORT_CSV, EXPORT_JSON)
UTC = dt.UTC


def make_entry(
    *,
    region: Region | None,
    actor_label: str = "fallmanagement1",
    actor_id: uuid.UUID | None = None,
    action: str = AuditEntry.Action.UPDATE,
    object_type: str = "core.municipality",
    object_id: str = "",
    changes: dict[str, Any] | None = None,
    via: str = "POST /verwaltung/kommunen/",
    at: dt.datetime | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        at=at or dt.datetime(2024, 3, 10, 11, 30, tzinfo=UTC),
        actor_id=actor_id or uuid.uuid4(),
        actor_label=actor_label,
        region=region,
        action=action,
        object_type=object_type,
        object_id=object_id or str(uuid.uuid4()),
        changes=changes or {},
        via=via,
    )


def ids_on_page(response: Any) -> set[int]:
    return {row.entry.pk for row in response.context["rows"]}


def streamed(response: Any) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return response.getvalue().decode("utf-8")


def csv_rows(response: Any) -> list[list[str]]:
    text = streamed(response)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def other_region_dpo(world: World) -> Any:
    user = UserFactory.create(username="datenschutz.olpe")
    MembershipFactory.create(user=user, role=Role.objects.get(code="dpo"), region=world.other_region)
    return user


# --- Access ------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", AUDIT_URLS)
def test_data_protection_officer_gets_the_audit_pages(world: World, url: str) -> None:
    response = world.client_for("datenschutz").get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("url", AUDIT_URLS)
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in {"anonymous", "datenschutz"}])
def test_other_signed_in_personas_get_403(world: World, persona: str, url: str) -> None:
    client = world.client_for(persona)  # signing in writes its own entry
    count = AuditEntry.objects.count()

    response = client.get(url)

    assert response.status_code == 403
    assert AuditEntry.objects.count() == count  # a refused export writes nothing


@pytest.mark.parametrize("url", AUDIT_URLS)
def test_anonymous_visitor_is_sent_to_login(world: World, url: str) -> None:
    response = world.client_for("anonymous").get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_url_names_resolve_to_the_german_paths() -> None:
    assert reverse("audit:search") == SEARCH
    assert reverse("audit:export_csv") == EXPORT_CSV
    assert reverse("audit:export_json") == EXPORT_JSON


def test_audit_pages_are_not_cached(world: World) -> None:
    response = world.client_for("datenschutz").get(SEARCH)

    assert "no-store" in response["Cache-Control"]


# --- Which entries: the active region only ------------------------------------------------------


def test_officer_sees_entries_of_the_own_region_only(world: World) -> None:
    own = make_entry(region=world.region, actor_label="admin")
    foreign = make_entry(region=world.other_region, actor_label="admin.andere-region")

    visible = set(audit_entries_for_region(region=world.region).values_list("pk", flat=True))

    assert own.pk in visible
    assert foreign.pk not in visible


def test_region_less_sign_ins_show_for_members_of_the_region_only(world: World) -> None:
    member = world.users["fallmanagement1"]
    outsider = world.users["admin.andere-region"]
    member_login = make_entry(
        region=None, actor_id=member.pk, actor_label=member.username, action=AuditEntry.Action.LOGIN
    )
    outsider_login = make_entry(
        region=None, actor_id=outsider.pk, actor_label=outsider.username, action=AuditEntry.Action.LOGIN
    )
    failed = AuditEntry.objects.create(
        actor_id=None,
        actor_label="system",
        region=None,
        action=AuditEntry.Action.LOGIN_FAILED,
        object_type="accounts.user",
    )

    visible = set(audit_entries_for_region(region=world.region).values_list("pk", flat=True))
    visible_in_other = set(audit_entries_for_region(region=world.other_region).values_list("pk", flat=True))

    assert member_login.pk in visible
    assert outsider_login.pk not in visible
    assert outsider_login.pk in visible_in_other
    assert member_login.pk not in visible_in_other
    assert failed.pk not in visible | visible_in_other  # no person, no region: no officer's business


def test_sign_ins_of_former_members_stay_visible(world: World) -> None:
    former = UserFactory.create(username="ehemalig")
    MembershipFactory.create(
        user=former,
        role=Role.objects.get(code="case_manager"),
        region=world.region,
        team=world.team,
        valid_from=dt.date(2022, 1, 1),
        valid_until=dt.date(2023, 1, 1),
    )
    login = make_entry(region=None, actor_id=former.pk, actor_label="ehemalig", action=AuditEntry.Action.LOGIN)

    assert audit_entries_for_region(region=world.region).filter(pk=login.pk).exists()


def test_officer_of_another_region_sees_none_of_region_a(world: World) -> None:
    dpo_b = other_region_dpo(world)
    member = world.users["fallmanagement1"]
    entry_a = make_entry(region=world.region, actor_label="admin")
    login_a = make_entry(region=None, actor_id=member.pk, actor_label=member.username, action=AuditEntry.Action.LOGIN)
    entry_b = make_entry(region=world.other_region, actor_label="admin.andere-region")
    client = world.client_for("anonymous")
    client.force_login(dpo_b)

    page = client.get(SEARCH)
    export = json_lines(client.get(EXPORT_JSON))

    assert page.status_code == 200
    assert ids_on_page(page) & {entry_a.pk, login_a.pk} == set()
    assert entry_b.pk in ids_on_page(page)
    exported_ids = {line["id"] for line in export}
    assert exported_ids & {entry_a.pk, login_a.pk} == set()
    assert entry_b.pk in exported_ids
    assert all(line["region_id"] in (None, str(world.other_region.pk)) for line in export)


def test_entries_of_region_a_are_not_found_by_object_id_from_region_b(world: World) -> None:
    dpo_b = other_region_dpo(world)
    entry_a = make_entry(region=world.region, object_id="geheim-123")
    client = world.client_for("anonymous")
    client.force_login(dpo_b)

    response = client.get(SEARCH, {"object_id": "geheim-123"})

    assert entry_a.pk not in ids_on_page(response)
    assert response.context["page_obj"].paginator.count == 0


# --- The results table --------------------------------------------------------------------------


def test_results_show_time_in_berlin_german_labels_and_readable_changes(world: World) -> None:
    municipality = world.municipalities[0]
    make_entry(
        region=world.region,
        actor_label="admin",
        object_id=str(municipality.pk),
        changes={"name": ["Siegen", "Universitätsstadt Siegen"], "is_active": [True, False]},
        at=dt.datetime(2024, 3, 10, 11, 30, 15, tzinfo=UTC),
    )

    response = world.client_for("datenschutz").get(SEARCH, {"object_id": str(municipality.pk)})
    html = response.content.decode()

    assert response.status_code == 200
    assert "10.03.2024 12:30:15" in html  # 11:30 UTC is 12:30 in Berlin (winter time)
    assert "Geändert" in html
    assert "Kommune (core.municipality)" in html
    assert "Siegen" in html
    assert "Universitätsstadt Siegen" in html
    assert "→" in html
    assert "Ja" in html
    assert "Nein" in html
    assert "POST /verwaltung/kommunen/" in html
    assert "<caption" in html
    assert 'scope="col"' in html


def test_summer_time_is_shown_as_berlin_summer_time(world: World) -> None:
    make_entry(region=world.region, object_id="sommer", at=dt.datetime(2024, 7, 1, 10, 0, tzinfo=UTC))

    html = world.client_for("datenschutz").get(SEARCH, {"object_id": "sommer"}).content.decode()

    assert "01.07.2024 12:00:00" in html


def test_choice_values_in_changes_are_shown_with_their_label(world: World) -> None:
    make_entry(
        region=world.region,
        object_type="core.organisation",
        object_id="org-1",
        changes={"kind": ["provider", "partner"]},
    )

    html = world.client_for("datenschutz").get(SEARCH, {"object_id": "org-1"}).content.decode()

    assert "Träger" in html
    assert "Netzwerkpartner" in html


def test_results_are_newest_first_with_50_per_page(world: World) -> None:
    start = dt.datetime(2024, 1, 1, 8, 0, tzinfo=UTC)
    entries = [
        make_entry(region=world.region, via="GET /seite/", at=start + dt.timedelta(minutes=i)) for i in range(55)
    ]
    client = world.client_for("datenschutz")

    first = client.get(SEARCH, {"via": "/seite/"})
    second = client.get(SEARCH, {"via": "/seite/", "page": "2"})

    first_rows = [row.entry.pk for row in first.context["rows"]]
    assert len(first_rows) == 50
    assert first_rows[0] == entries[-1].pk  # newest first
    assert first_rows == [e.pk for e in reversed(entries)][:50]
    assert [row.entry.pk for row in second.context["rows"]] == [e.pk for e in reversed(entries[:5])]
    html = first.content.decode()
    assert "page=2" in html
    assert "via=%2Fseite%2F" in html  # the filters stay in the pagination links


def test_a_page_number_out_of_range_shows_the_last_page(world: World) -> None:
    make_entry(region=world.region, object_id="einzeln")

    response = world.client_for("datenschutz").get(SEARCH, {"object_id": "einzeln", "page": "abc"})

    assert response.status_code == 200
    assert len(response.context["rows"]) == 1


def test_search_page_needs_the_same_number_of_queries_for_few_and_many_entries(world: World) -> None:
    client = world.client_for("datenschutz")
    client.get(SEARCH)  # warm up the session and caches

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(SEARCH)
        assert response.status_code == 200
        return len(captured)

    for _ in range(3):
        make_entry(region=world.region, changes={"name": ["A", "B"]})
    few = queries()
    for i in range(60):
        make_entry(region=world.region, changes={"name": [f"A{i}", f"B{i}"]}, object_type="core.team")
        make_entry(region=None, actor_id=world.users["fallmanagement2"].pk, action=AuditEntry.Action.LOGIN)
    many = queries()

    assert few == many
    assert many <= 10


# --- Filters ------------------------------------------------------------------------------------


def test_period_filter_uses_whole_days_in_berlin_time(world: World) -> None:
    # 9 March 2024, 23:30 UTC is already 10 March, 00:30 in Berlin.
    early = make_entry(region=world.region, via="GET /tag/", at=dt.datetime(2024, 3, 9, 22, 59, tzinfo=UTC))
    just_after_midnight = make_entry(
        region=world.region, via="GET /tag/", at=dt.datetime(2024, 3, 9, 23, 30, tzinfo=UTC)
    )
    late = make_entry(region=world.region, via="GET /tag/", at=dt.datetime(2024, 3, 10, 22, 59, tzinfo=UTC))
    next_day = make_entry(region=world.region, via="GET /tag/", at=dt.datetime(2024, 3, 10, 23, 0, tzinfo=UTC))

    response = world.client_for("datenschutz").get(
        SEARCH, {"date_from": "2024-03-10", "date_to": "2024-03-10", "via": "/tag/"}
    )

    assert ids_on_page(response) == {just_after_midnight.pk, late.pk}
    assert early.pk not in ids_on_page(response)
    assert next_day.pk not in ids_on_page(response)


def test_open_ended_periods(world: World) -> None:
    old = make_entry(region=world.region, via="GET /offen/", at=dt.datetime(2023, 5, 1, 10, 0, tzinfo=UTC))
    new = make_entry(region=world.region, via="GET /offen/", at=dt.datetime(2024, 5, 1, 10, 0, tzinfo=UTC))
    client = world.client_for("datenschutz")

    assert ids_on_page(client.get(SEARCH, {"date_from": "2024-01-01", "via": "/offen/"})) == {new.pk}
    assert ids_on_page(client.get(SEARCH, {"date_to": "2023-12-31", "via": "/offen/"})) == {old.pk}


def test_person_filter_matches_part_of_the_login_name_ignoring_case(world: World) -> None:
    hit = make_entry(region=world.region, actor_label="fallmanagement1")
    miss = make_entry(region=world.region, actor_label="koordination")

    response = world.client_for("datenschutz").get(SEARCH, {"person": "MANAGEMENT"})

    assert hit.pk in ids_on_page(response)
    assert miss.pk not in ids_on_page(response)


def test_action_filter(world: World) -> None:
    read = make_entry(region=world.region, action=AuditEntry.Action.READ)
    update = make_entry(region=world.region, action=AuditEntry.Action.UPDATE)

    response = world.client_for("datenschutz").get(SEARCH, {"action": "read"})

    assert read.pk in ids_on_page(response)
    assert update.pk not in ids_on_page(response)
    assert all(row.entry.action == "read" for row in response.context["rows"])


def test_object_type_filter(world: World) -> None:
    team = make_entry(region=world.region, object_type="core.team")
    municipality = make_entry(region=world.region, object_type="core.municipality")

    response = world.client_for("datenschutz").get(SEARCH, {"object_type": "core.team"})

    assert team.pk in ids_on_page(response)
    assert municipality.pk not in ids_on_page(response)


def test_object_id_filter_accepts_a_uuid_in_any_spelling(world: World) -> None:
    object_id = uuid.uuid4()
    hit = make_entry(region=world.region, object_id=str(object_id))
    make_entry(region=world.region)

    response = world.client_for("datenschutz").get(SEARCH, {"object_id": str(object_id).upper()})

    assert ids_on_page(response) == {hit.pk}


def test_via_filter_matches_part_of_the_path(world: World) -> None:
    hit = make_entry(region=world.region, via="GET /verwaltung/benutzer/")
    miss = make_entry(region=world.region, via="GET /protokoll/")

    response = world.client_for("datenschutz").get(SEARCH, {"via": "benutzer"})

    assert hit.pk in ids_on_page(response)
    assert miss.pk not in ids_on_page(response)


def test_filters_combine(world: World) -> None:
    hit = make_entry(region=world.region, actor_label="admin", action=AuditEntry.Action.READ, object_type="core.team")
    make_entry(region=world.region, actor_label="admin", action=AuditEntry.Action.UPDATE, object_type="core.team")
    make_entry(region=world.region, actor_label="koordination", action=AuditEntry.Action.READ, object_type="core.team")

    response = world.client_for("datenschutz").get(
        SEARCH, {"person": "admin", "action": "read", "object_type": "core.team"}
    )

    assert ids_on_page(response) == {hit.pk}


def test_invalid_date_gives_a_german_message_and_no_results(world: World) -> None:
    response = world.client_for("datenschutz").get(SEARCH, {"date_from": "2024-13-45"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "Bitte ein gültiges Datum eingeben." in html
    assert response.context["page_obj"] is None
    assert 'aria-invalid="true"' in html


def test_unknown_action_gives_a_german_message(world: World) -> None:
    response = world.client_for("datenschutz").get(SEARCH, {"action": "hacken"})

    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen." in response.content.decode()


def test_end_before_start_is_refused(world: World) -> None:
    response = world.client_for("datenschutz").get(SEARCH, {"date_from": "2024-03-10", "date_to": "2024-03-01"})

    assert response.status_code == 200
    assert "date_to" in response.context["form"].errors
    assert response.context["page_obj"] is None


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_dates_far_outside_the_log_are_refused_without_error_500(world: World, value: str) -> None:
    response = world.client_for("datenschutz").get(SEARCH, {"date_from": value, "date_to": value})

    assert response.status_code == 200
    assert "date_from" in response.context["form"].errors
    assert "date_to" in response.context["form"].errors


def test_overlong_input_is_refused_with_a_german_message(world: World) -> None:
    response = world.client_for("datenschutz").get(SEARCH, {"person": "x" * 200})

    assert response.status_code == 200
    assert "Bitte sicherstellen, dass der Wert aus höchstens 150 Zeichen besteht." in response.content.decode()


# --- Exports ------------------------------------------------------------------------------------


def json_lines(response: Any) -> list[dict[str, Any]]:
    return [json.loads(line) for line in streamed(response).splitlines()]


def test_csv_export_is_streamed_excel_friendly_and_german(world: World) -> None:
    entry = make_entry(
        region=world.region,
        actor_label="admin",
        object_id="csv-1",
        changes={"name": ["Siegen", "Universitätsstadt Siegen"]},
        at=dt.datetime(2024, 3, 10, 11, 30, 15, tzinfo=UTC),
    )

    response = world.client_for("datenschutz").get(EXPORT_CSV, {"object_id": "csv-1"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="protokoll-siegen-wittgenstein-')
    rows = csv_rows(response)
    header = rows[0]
    assert header[1:] == [
        "Zeitpunkt",
        "Person",
        "Benutzer-ID",
        "Aktion",
        "Objekttyp",
        "Objekt-ID",
        "Änderungen",
        header[-1],
    ]
    assert len(rows) == 2
    row = dict(zip(header, rows[1], strict=True))
    assert row["Zeitpunkt"] == "10.03.2024 12:30:15"
    assert row["Person"] == "admin"
    assert row["Aktion"] == "geändert"
    assert row["Objekttyp"] == "Kommune (core.municipality)"
    assert row["Objekt-ID"] == "csv-1"
    assert row["Änderungen"] == "Name: Siegen → Universitätsstadt Siegen"
    assert rows[1][0] == str(entry.pk)
    assert rows[1][-1] == "POST /verwaltung/kommunen/"


def test_csv_export_keeps_the_request_language_while_streaming(world: World) -> None:
    make_entry(region=world.region, object_id="sprache")
    response = world.client_for("datenschutz").get(EXPORT_CSV, {"object_id": "sprache"})

    with translation.override("en"):  # the server reads the stream after the view has returned
        rows = csv_rows(response)

    assert rows[0][1] == "Zeitpunkt"
    assert rows[1][4] == "geändert"


def test_csv_export_defuses_spreadsheet_formulas(world: World) -> None:
    make_entry(region=world.region, actor_label="=HYPERLINK(1)", object_id="formel", via="@SUM(1)")

    rows = csv_rows(world.client_for("datenschutz").get(EXPORT_CSV, {"object_id": "formel"}))

    assert rows[1][2] == "'=HYPERLINK(1)"
    assert rows[1][-1] == "'@SUM(1)"


def test_csv_export_contains_every_filtered_entry_not_only_one_page(world: World) -> None:
    for i in range(60):
        make_entry(region=world.region, via="GET /viele/", at=dt.datetime(2024, 2, 1, 8, i, tzinfo=UTC))
    make_entry(region=world.region, via="GET /andere/")

    rows = csv_rows(world.client_for("datenschutz").get(EXPORT_CSV, {"via": "/viele/"}))

    assert len(rows) == 61  # header and 60 entries
    assert all(row[-1] == "GET /viele/" for row in rows[1:])


def test_json_lines_export_is_streamed_one_object_per_line(world: World) -> None:
    entry = make_entry(
        region=world.region,
        actor_label="admin",
        object_id="json-1",
        changes={"name": ["Siegen", "Universitätsstadt Siegen"]},
        at=dt.datetime(2024, 3, 10, 11, 30, 15, tzinfo=UTC),
    )

    response = world.client_for("datenschutz").get(EXPORT_JSON, {"object_id": "json-1"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-ndjson")
    assert response["Content-Disposition"].endswith('.jsonl"')
    lines = json_lines(response)
    assert len(lines) == 1
    line = lines[0]
    assert line["id"] == entry.pk
    assert line["at"] == "2024-03-10T12:30:15+01:00"
    assert line["action"] == "update"
    assert line["object_type"] == "core.municipality"
    assert line["changes"] == {"name": ["Siegen", "Universitätsstadt Siegen"]}
    assert line["region_id"] == str(world.region.pk)
    assert line["via"] == "POST /verwaltung/kommunen/"


@pytest.mark.parametrize(("url", "file_format"), [(EXPORT_CSV, "csv"), (EXPORT_JSON, "jsonl")])
def test_each_export_is_itself_logged_with_its_filters(world: World, url: str, file_format: str) -> None:
    officer = world.users["datenschutz"]

    response = world.client_for("datenschutz").get(
        url, {"date_from": "2024-01-01", "person": "admin", "action": "update", "page": "3"}
    )
    streamed(response)

    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.object_type == "core.auditentry"
    assert entry.region == world.region
    assert entry.actor_id == officer.pk
    assert entry.actor_label == "datenschutz"
    assert entry.changes == {"date_from": "2024-01-01", "person": "admin", "action": "update", "format": file_format}
    assert entry.via == f"GET {url}"


def test_export_entries_are_shown_with_their_filters(world: World) -> None:
    client = world.client_for("datenschutz")
    streamed(client.get(EXPORT_CSV, {"action": "read"}))

    response = client.get(SEARCH, {"action": "export"})
    html = response.content.decode()

    assert len(response.context["rows"]) == 1
    assert "Exportiert" in html
    assert "Protokolleintrag (core.auditentry)" in html
    assert "read" in html or "gelesen" in html
    assert "csv" in html


def test_export_with_invalid_filters_is_refused_and_not_logged(world: World) -> None:
    response = world.client_for("datenschutz").get(EXPORT_CSV, {"date_from": "kein-datum"})

    assert response.status_code == 400
    assert "Bitte ein gültiges Datum eingeben." in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_export_links_carry_the_filters_but_not_the_page(world: World) -> None:
    for i in range(55):
        make_entry(region=world.region, via="GET /links/", at=dt.datetime(2024, 2, 1, 8, i, tzinfo=UTC))

    html = world.client_for("datenschutz").get(SEARCH, {"via": "/links/", "page": "2"}).content.decode()

    assert 'href="/protokoll/export.csv?via=%2Flinks%2F"' in html
    assert 'href="/protokoll/export.jsonl?via=%2Flinks%2F"' in html
