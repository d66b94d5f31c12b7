"""Rights of the person: Art. 15 export (JSON and printable page) and the history of corrections."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from conftest import World
from kim.cases import monitoring, services
from kim.cases.models import Case, Contact, Note, Step
from kim.cases.tests.test_caseload_fixtures import add_step, catalogue, make_case, today
from kim.core.models import AuditEntry


def _case_with_records(world: World) -> Case:
    case = make_case(
        world,
        given_names="Layla",
        family_name="Haddad",
        residence_title="Aufenthaltserlaubnis",
        residence_valid_until=today() + dt.timedelta(days=100),
        municipality=world.municipalities[0],
    )
    add_step(case, due_on=today(), description="Anerkennung Pflegediplom beantragen")
    Contact.objects.create(
        region=world.region,
        case=case,
        occurred_on=today(),
        channel=catalogue(world, "contact_channel", "persoenlich"),
        duration_minutes=45,
        language="ar",
        interpreter_used=True,
        summary="Erstgespräch mit Dolmetscherin",
    )
    Note.objects.create(region=world.region, case=case, text="Familie sucht größere Wohnung")
    monitoring.follow_up_create(actor=None, case=case, due_on=today(), subject="Rückruf Wohnungsamt")
    return case


def test_json_export_holds_the_client_and_every_record_of_the_case(world: World) -> None:
    case = _case_with_records(world)
    response = world.client_for("fallmanagement2").get(
        reverse("cases:client_export_json", kwargs={"pk": case.client.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert str(case.client.pk) in response["Content-Disposition"]
    assert "Haddad" not in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["format"] == "kim-art15-export"
    assert data["client"]["family_name"] == "Haddad"
    assert data["client"]["residence_valid_until"] == (today() + dt.timedelta(days=100)).isoformat()
    assert data["client"]["municipality"] == world.municipalities[0].name
    assert "region" not in data["client"]
    assert "version" not in data["client"]
    [exported] = data["cases"]
    assert exported["number"] == case.number
    assert exported["goals"][0]["steps"][0]["description"] == "Anerkennung Pflegediplom beantragen"
    assert exported["contacts"][0]["summary"] == "Erstgespräch mit Dolmetscherin"
    assert exported["notes"][0]["text"] == "Familie sucht größere Wohnung"
    assert exported["follow_ups"][0]["subject"] == "Rückruf Wohnungsamt"
    assert exported["consents"][0]["text_wording"].startswith("Ich willige ein")
    assert exported["assessments"][0]["situation"] == "Sucht Wohnung"


def test_export_is_audited_as_export(world: World) -> None:
    case = _case_with_records(world)
    world.client_for("fallmanagement1").get(reverse("cases:client_export", kwargs={"pk": case.client.pk}))
    world.client_for("fallmanagement1").get(reverse("cases:client_export_json", kwargs={"pk": case.client.pk}))
    entries = AuditEntry.objects.filter(action="export", object_type="cases.client", object_id=str(case.client.pk))
    assert sorted(e.changes["format"] for e in entries) == ["html", "json"]
    assert all(e.changes["cases"] == [str(case.pk)] for e in entries)


def test_printable_export_page_shows_the_data_readably(world: World) -> None:
    case = _case_with_records(world)
    response = world.client_for("fallmanagement1").get(reverse("cases:client_export", kwargs={"pk": case.client.pk}))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Layla Haddad" in content
    assert "Anerkennung Pflegediplom beantragen" in content
    assert "Art. 15" in content
    assert case.number in content


def test_export_leaves_out_cases_of_other_teams_but_says_they_exist(world: World) -> None:
    case = _case_with_records(world)
    make_case(world, persona="fallmanagement3", team=world.other_team, client=case.client)
    response = world.client_for("fallmanagement1").get(
        reverse("cases:client_export_json", kwargs={"pk": case.client.pk})
    )
    data = json.loads(response.content)
    assert [c["number"] for c in data["cases"]] == [case.number]
    assert data["other_team_cases"] == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [("fallmanagement3", 404), ("teamleitung", 403), ("koordination", 403), ("admin.andere-region", 403)],
)
def test_export_and_corrections_only_for_the_team(world: World, persona: str, status: int) -> None:
    case = _case_with_records(world)
    for name in ("cases:client_export", "cases:client_export_json", "cases:client_corrections"):
        response = world.client_for(persona).get(reverse(name, kwargs={"pk": case.client.pk}))
        assert response.status_code == status, name
    assert not AuditEntry.objects.filter(action="export").exists()


def test_corrections_show_field_old_new_who_and_when(world: World) -> None:
    case = _case_with_records(world)
    client = services.client_update(
        actor=world.users["fallmanagement1"],
        client=case.client,
        expected_version=case.client.version,
        values={"family_name": "Haddad-Saleh", "municipality": world.municipalities[1]},
    )
    response = world.client_for("fallmanagement2").get(reverse("cases:client_corrections", kwargs={"pk": client.pk}))
    assert response.status_code == 200
    [correction] = list(response.context["page_obj"])
    assert correction.actor_label == "fallmanagement1"
    lines = {line.label: (line.old, line.new) for line in correction.lines}
    family = next(v for k, v in lines.items() if "Family name" in k or "Familienname" in k)
    assert family == ("Haddad", "Haddad-Saleh")
    municipality = next(v for k, v in lines.items() if k in ("Municipality", "Kommune"))
    assert municipality == (world.municipalities[0].name, world.municipalities[1].name)
    assert not any("ersion" in label for label in lines)
    assert AuditEntry.objects.filter(action="read", object_type="cases.client", object_id=str(client.pk)).exists()


def test_corrections_include_records_of_the_case(world: World) -> None:
    case = _case_with_records(world)
    step = Step.objects.get(goal__case=case)
    services.step_update(
        actor=world.users["fallmanagement1"],
        step=step,
        expected_version=step.version,
        values={"due_on": today() + dt.timedelta(days=5)},
    )
    response = world.client_for("fallmanagement1").get(
        reverse("cases:client_corrections", kwargs={"pk": case.client.pk})
    )
    corrections = list(response.context["page_obj"])
    assert any(c.object_id == str(step.pk) for c in corrections)


def test_corrections_of_other_clients_do_not_appear(world: World) -> None:
    case = _case_with_records(world)
    other = make_case(world, given_names="Omar", family_name="Khalil")
    services.client_update(
        actor=world.users["fallmanagement1"],
        client=other.client,
        expected_version=other.client.version,
        values={"family_name": "Khalil-Omar"},
    )
    response = world.client_for("fallmanagement1").get(
        reverse("cases:client_corrections", kwargs={"pk": case.client.pk})
    )
    assert list(response.context["page_obj"]) == []
    assert "Khalil" not in response.content.decode()


def test_other_apps_contribute_sections_and_record_ids(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Apps above cases (referrals …) add their data through kim/<app>/art15.py, found by name."""
    import types

    from kim.cases import export

    case = _case_with_records(world)
    module = types.SimpleNamespace(
        export_sections=lambda *, client, cases: [
            export.export_section("extra", Note, [export.export_record(cases[0].notes.first(), "Zusatz")])
        ],
        record_ids=lambda *, client, cases: {"cases.note": {str(cases[0].notes.first().pk)}},
    )
    monkeypatch.setattr(export, "_contributors", lambda: [module])
    data = export.client_export_build(user=world.users["fallmanagement1"], region=world.region, client=case.client)
    assert data.as_json()["extra"][0]["text"] == "Familie sucht größere Wohnung"
