"""Case work through the API (kim/cases/api_casework.py): same services, scoping and audit as the pages.

Per operation: it works, consent missing or withdrawn is refused where the page refuses it,
another team's case answers 404, people without case work 403, a stale version 409 with the
saved version, bad input 400 (German, with the field) or 422 (schema) — and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.test import Client as HttpClient

from conftest import World
from kim.cases import services
from kim.cases.models import (
    Assessment,
    Case,
    CaseEvent,
    Client,
    Consent,
    ConsentPurpose,
    FollowUp,
    Goal,
    IndicationCriterion,
    LegalDomainChange,
    Need,
    Note,
    Step,
    TargetGroupCheck,
    TargetGroupRule,
)
from kim.cases.tests.test_caseload_fixtures import add_step, catalogue, make_case, today
from kim.core.models import AuditEntry, Catalogue

API = "/api/v1/cases"
BIRTH = dt.date(1990, 5, 17)


def _send(client: HttpClient, method: str, url: str, payload: dict[str, Any]) -> Any:
    return client.generic(method, url, data=json.dumps(payload), content_type="application/json")


def _post(client: HttpClient, url: str, payload: dict[str, Any]) -> Any:
    return _send(client, "POST", url, payload)


def _cm(world: World, persona: str = "fallmanagement1") -> HttpClient:
    return world.client_for(persona)


def _withdraw(case: Case) -> None:
    Consent.objects.filter(case=case).update(withdrawn_on=today())


def _assert_german_400(response: Any, field: str | None = None) -> None:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"]
    if field is not None:
        assert body["field"] == field


# --- 1. Intake ----------------------------------------------------------------------------------

PERSON = {"given_names": "Muhammad", "family_name": "Alhassan", "birth_date": BIRTH.isoformat()}


def _existing(world: World, team: Any) -> Case:
    return services.case_open(
        actor=None,
        region=world.region,
        team=team,
        client_values={"given_names": "Mohammed", "family_name": "Al-Hassan", "birth_date": BIRTH},
    )


def test_duplicate_check_links_own_team_clients_and_audits_the_read(world: World) -> None:
    case = _existing(world, world.team)
    response = _post(_cm(world), f"{API}/intake/duplicates", PERSON)
    assert response.status_code == 200, response.content
    [match] = response.json()["matches"]
    assert match["client_id"] == str(case.client.pk)
    assert match["reasons"]
    assert match["teams"] == []
    assert AuditEntry.objects.filter(action="read", object_id=str(case.client.pk)).exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.DISCLOSE).exists()


def test_duplicate_check_names_only_the_other_team_and_logs_the_disclosure(world: World) -> None:
    case = _existing(world, world.other_team)
    response = _post(_cm(world), f"{API}/intake/duplicates", PERSON)
    [match] = response.json()["matches"]
    assert match["client_id"] is None
    assert match["client_name"] is None
    assert match["teams"] == [{"team": "Team Kreuztal", "organisation": "Diakonie Beispiel"}]
    assert "Al-Hassan" not in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DISCLOSE)
    assert entry.object_id == str(case.client.pk)


def test_intake_creates_client_and_case_after_the_check(world: World) -> None:
    client = _cm(world)
    assert _post(client, f"{API}/intake/duplicates", PERSON).status_code == 200
    payload = {
        **PERSON,
        "team": str(world.team.pk),
        "nationalities": ["sy"],
        "gender": "male",
        "municipality": str(world.municipalities[0].pk),
        "referral_source": "jobcenter",
        "language": "ar",
        "interpreter_needed": True,
    }
    response = _post(client, f"{API}/intake", payload)
    assert response.status_code == 201, response.content
    case = Case.objects.get(pk=response.json()["id"])
    assert case.referral_source is not None
    assert (case.team, case.referral_source.code, case.case_manager) == (
        world.team,
        "jobcenter",
        world.users["fallmanagement1"],
    )
    assert case.client.nationalities == ["SY"]
    assert case.client.languages.get().interpreter_needed
    assert AuditEntry.objects.filter(action="create", object_id=str(case.pk)).exists()
    # The check is used up: a second intake needs a new check.
    _assert_german_400(_post(client, f"{API}/intake", payload))


def test_intake_without_the_check_or_with_changed_names_is_refused(world: World) -> None:
    client = _cm(world)
    payload = {**PERSON, "team": str(world.team.pk)}
    _assert_german_400(_post(client, f"{API}/intake", payload))
    _post(client, f"{API}/intake/duplicates", PERSON)
    _assert_german_400(_post(client, f"{API}/intake", {**payload, "family_name": "Anders"}))
    assert not Client.objects.exists()


def test_intake_for_another_team_and_bad_input_write_nothing(world: World) -> None:
    client = _cm(world)
    _post(client, f"{API}/intake/duplicates", PERSON)
    _assert_german_400(_post(client, f"{API}/intake", {**PERSON, "team": str(world.other_team.pk)}), "team")
    _assert_german_400(
        _post(client, f"{API}/intake", {**PERSON, "team": str(world.team.pk), "nationalities": ["Syrien"]}),
        "nationalities",
    )
    _assert_german_400(
        _post(client, f"{API}/intake", {**PERSON, "team": str(world.team.pk), "referral_source": "brieftaube"}),
        "referral_source",
    )
    assert _post(client, f"{API}/intake", {"team": str(world.team.pk)}).status_code == 422
    assert not Client.objects.exists()


@pytest.mark.parametrize("persona", ["teamleitung", "koordination", "partner", "admin"])
def test_intake_is_forbidden_without_case_work(world: World, persona: str) -> None:
    _existing(world, world.team)
    assert _post(world.client_for(persona), f"{API}/intake/duplicates", PERSON).status_code == 403
    assert not AuditEntry.objects.filter(action__in=["read", "disclose"]).exists()


def test_case_for_a_known_client_opens_only_for_the_own_team(world: World) -> None:
    closed = make_case(world, closed_on=today())
    url = f"{API}/clients/{closed.client.pk}/cases"
    response = _post(_cm(world), url, {"team": str(world.team.pk)})
    assert response.status_code == 201, response.content
    assert Case.objects.filter(client=closed.client, closed_on__isnull=True).count() == 1
    _assert_german_400(_post(_cm(world), url, {"team": str(world.team.pk)}))
    assert _post(_cm(world, "fallmanagement3"), url, {"team": str(world.other_team.pk)}).status_code == 404


# --- 2. Consent ---------------------------------------------------------------------------------


def test_consent_is_recorded_and_withdrawn(world: World) -> None:
    case = make_case(world, stage=Case.Stage.INTAKE)
    services.cases_region_defaults_ensure(actor=None, region=world.region)
    client = _cm(world)
    response = _post(
        client,
        f"{API}/{case.pk}/consents",
        {"purpose": "case_management", "given_on": today().isoformat(), "interpreter_name": "Frau Dolmetscherin"},
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["text_version"], data["language"], data["interpreter_used"]) == (1, "de", True)
    consent = Consent.objects.get(pk=data["id"])
    assert AuditEntry.objects.filter(action="create", object_id=str(consent.pk)).exists()
    _assert_german_400(
        _post(client, f"{API}/{case.pk}/consents", {"purpose": "case_management", "given_on": today().isoformat()}),
        "text",
    )
    withdrawn = _post(
        client, f"{API}/{case.pk}/consents/{consent.pk}/withdrawal", {"withdrawn_on": today().isoformat()}
    )
    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["withdrawn_on"] == today().isoformat()
    # From now on case work is refused at once.
    _assert_german_400(_post(client, f"{API}/{case.pk}/notes", {"text": "Noch etwas"}))
    assert not Note.objects.exists()


def test_consent_input_errors(world: World) -> None:
    case = make_case(world, stage=Case.Stage.INTAKE)
    services.cases_region_defaults_ensure(actor=None, region=world.region)
    url = f"{API}/{case.pk}/consents"
    future = (today() + dt.timedelta(days=2)).isoformat()
    _assert_german_400(
        _post(_cm(world), url, {"purpose": "case_management", "given_on": future, "text_language": "de"}),
        "given_on",
    )
    _assert_german_400(
        _post(_cm(world), url, {"purpose": "case_management", "given_on": today().isoformat(), "text_language": "tlh"}),
        "text_language",
    )
    assert _post(_cm(world), url, {"purpose": "werbung", "given_on": today().isoformat()}).status_code == 422
    assert not Consent.objects.exists()


def test_consent_of_another_team_is_404_and_withdrawal_of_unknown_consent_404(world: World) -> None:
    case = make_case(world)
    other = make_case(world, team=world.other_team, persona="fallmanagement3")
    payload = {"purpose": "data_sharing", "given_on": today().isoformat()}
    assert _post(_cm(world, "fallmanagement3"), f"{API}/{case.pk}/consents", payload).status_code == 404
    consent = other.consents.get()
    url = f"{API}/{case.pk}/consents/{consent.pk}/withdrawal"
    assert _post(_cm(world), url, {"withdrawn_on": today().isoformat()}).status_code == 404
    assert Consent.objects.filter(withdrawn_on__isnull=False).count() == 0


# --- 3. Target group and decision ---------------------------------------------------------------


def _answers(world: World, result: str = "met", reason: str = "") -> dict[str, Any]:
    services.cases_region_defaults_ensure(actor=None, region=world.region)
    rules = TargetGroupRule.objects.filter(region=world.region, is_active=True)
    return {"answers": [{"rule_id": str(rule.pk), "result": result, "reason": reason} for rule in rules]}


def test_target_group_checks_are_shown_and_recorded(world: World) -> None:
    case = make_case(world, stage=Case.Stage.INTAKE, arrived_germany_on=today() - dt.timedelta(days=5 * 365))
    services.cases_region_defaults_ensure(actor=None, region=world.region)
    client = _cm(world)
    shown = client.get(f"{API}/{case.pk}/target-group")
    assert shown.status_code == 200
    suggestions = {rule["code"]: rule["suggested"] for rule in shown.json()["rules"]}
    assert suggestions["arrived_36_months"] == "not_met"
    assert AuditEntry.objects.filter(action="read", object_id=str(case.pk)).exists()
    # Deviating from the data needs a reason.
    response = _send(client, "PUT", f"{API}/{case.pk}/target-group", _answers(world))
    _assert_german_400(response)
    assert response.json()["field"].startswith("reason_")
    assert not TargetGroupCheck.objects.exists()
    response = _send(client, "PUT", f"{API}/{case.pk}/target-group", _answers(world, reason="Familiennachzug"))
    assert response.status_code == 200, response.content
    assert {rule["result"] for rule in response.json()["rules"]} == {"met"}
    assert TargetGroupCheck.objects.filter(case=case).count() == 2


def test_target_group_refused_after_withdrawal_and_for_other_teams(world: World) -> None:
    case = make_case(world)
    _withdraw(case)
    _assert_german_400(_send(_cm(world), "PUT", f"{API}/{case.pk}/target-group", _answers(world)))
    assert (
        _send(_cm(world, "fallmanagement3"), "PUT", f"{API}/{case.pk}/target-group", _answers(world)).status_code == 404
    )
    assert _cm(world, "fallmanagement3").get(f"{API}/{case.pk}/target-group").status_code == 404
    assert world.client_for("teamleitung").get(f"{API}/{case.pk}/target-group").status_code == 403
    assert not TargetGroupCheck.objects.exists()


def _decision(case: Case, **values: Any) -> dict[str, Any]:
    return {
        "expected_version": case.version,
        "decision": "take_on",
        "indications": [IndicationCriterion.COMPLEX_NEEDS.value],
        **values,
    }


def test_take_on_decision_with_version_check(world: World) -> None:
    case = make_case(world, stage=Case.Stage.INTAKE)
    services.cases_region_defaults_ensure(actor=None, region=world.region)
    client = _cm(world)
    url = f"{API}/{case.pk}/decision"
    _assert_german_400(_post(client, url, _decision(case)))  # checks first
    _send(client, "PUT", f"{API}/{case.pk}/target-group", _answers(world))
    _assert_german_400(_post(client, url, _decision(case, indications=[])), "indications")
    response = _post(client, url, _decision(case))
    assert response.status_code == 200, response.content
    assert response.json()["decision"] == "take_on"
    assert response.json()["indications"] == ["complex_needs"]
    stale = _post(client, url, _decision(case, decision="refer_elsewhere", referred_to="MBE"))
    assert stale.status_code == 409
    case.refresh_from_db()
    assert stale.json()["current_version"] == case.version
    assert case.decision == Case.Decision.TAKE_ON


def test_refer_elsewhere_closes_the_case(world: World) -> None:
    case = make_case(world, stage=Case.Stage.INTAKE)
    _send(_cm(world), "PUT", f"{API}/{case.pk}/target-group", _answers(world))
    response = _post(_cm(world), f"{API}/{case.pk}/decision", _decision(case, decision="refer_elsewhere"))
    _assert_german_400(response, "referred_to")
    response = _post(
        _cm(world), f"{API}/{case.pk}/decision", _decision(case, decision="refer_elsewhere", referred_to="MBE Siegen")
    )
    assert response.status_code == 200
    assert response.json()["closed_on"] == today().isoformat()
    assert response.json()["closure_reason"] == "uebergeben"


def test_decision_refused_after_withdrawal_other_team_and_bad_input(world: World) -> None:
    case = make_case(world, stage=Case.Stage.INTAKE)
    _send(_cm(world), "PUT", f"{API}/{case.pk}/target-group", _answers(world))
    url = f"{API}/{case.pk}/decision"
    assert _post(_cm(world, "fallmanagement3"), url, _decision(case)).status_code == 404
    assert _post(world.client_for("koordination"), url, _decision(case)).status_code == 403
    assert _post(_cm(world), url, _decision(case, decision="vielleicht")).status_code == 422
    Consent.objects.create(
        region=case.region,
        case=case,
        client=case.client,
        purpose=ConsentPurpose.CASE_MANAGEMENT,
        text=services.ConsentText.objects.filter(region=case.region)[0],
        given_on=case.opened_on,
        withdrawn_on=today(),
    )
    _assert_german_400(_post(_cm(world), url, _decision(case)))
    case.refresh_from_db()
    assert case.decision == Case.Decision.PENDING


# --- 4. Assessment, goals, steps ----------------------------------------------------------------


def test_assessment_need_and_update_with_version(world: World) -> None:
    case = make_case(world, stage=Case.Stage.ASSESSMENT)
    client = _cm(world)
    response = _post(client, f"{API}/{case.pk}/assessments", {"life_domain": "sprache", "situation": "A1-Kurs"})
    assert response.status_code == 201, response.content
    assessment = Assessment.objects.get(pk=response.json()["id"])
    _assert_german_400(
        _post(client, f"{API}/{case.pk}/assessments", {"life_domain": "sprache", "situation": "x"}), "life_domain"
    )
    _assert_german_400(
        _post(client, f"{API}/{case.pk}/assessments", {"life_domain": "mond", "situation": "x"}), "life_domain"
    )
    need = _post(
        client, f"{API}/{case.pk}/assessments/{assessment.pk}/needs", {"description": "B1-Kurs", "priority": "high"}
    )
    assert need.status_code == 201
    assert Need.objects.get(assessment=assessment).priority == "high"
    url = f"{API}/{case.pk}/assessments/{assessment.pk}"
    payload = {"life_domain": "sprache", "situation": "A2 erreicht", "expected_version": assessment.version}
    updated = _send(client, "PUT", url, payload)
    assert updated.status_code == 200, updated.content
    assert updated.json()["needs"][0]["description"] == "B1-Kurs"
    stale = _send(client, "PUT", url, {**payload, "situation": "Überschrieben?"})
    assert stale.status_code == 409
    assessment.refresh_from_db()
    assert assessment.situation == "A2 erreicht"
    assert stale.json()["current_version"] == assessment.version


def test_assessment_needs_consent_and_the_own_team(world: World) -> None:
    case = make_case(world, stage=Case.Stage.INTAKE)
    case.decision = Case.Decision.TAKE_ON
    case.save(update_fields=["decision"])
    payload = {"life_domain": "sprache", "situation": "A1-Kurs"}
    _assert_german_400(_post(_cm(world), f"{API}/{case.pk}/assessments", payload))
    assert _post(_cm(world, "fallmanagement3"), f"{API}/{case.pk}/assessments", payload).status_code == 404
    assert _post(world.client_for("partner"), f"{API}/{case.pk}/assessments", payload).status_code == 403
    assert not Assessment.objects.exists()


def _goal_payload(**values: Any) -> dict[str, Any]:
    return {
        "specific": "Eigene Wohnung",
        "measurable": "Mietvertrag",
        "due_on": (today() + dt.timedelta(days=60)).isoformat(),
        "life_domain": "wohnen",
        **values,
    }


def test_goal_create_update_evaluate_and_step(world: World) -> None:
    case = make_case(world, stage=Case.Stage.PLAN)
    client = _cm(world)
    created = _post(client, f"{API}/{case.pk}/goals", _goal_payload(client_agreed_on=today().isoformat()))
    assert created.status_code == 201, created.content
    goal = Goal.objects.get(pk=created.json()["id"])
    url = f"{API}/{case.pk}/goals/{goal.pk}"
    updated = _send(client, "PATCH", url, {"expected_version": goal.version, "status": "in_progress"})
    assert updated.status_code == 200, updated.content
    assert (updated.json()["status"], updated.json()["specific"]) == ("in_progress", "Eigene Wohnung")
    stale = _send(client, "PATCH", url, {"expected_version": goal.version, "specific": "Anderes Ziel"})
    assert stale.status_code == 409
    step = _post(
        client,
        f"{url}/steps",
        {"description": "Wohnungsamt", "responsible": "client", "due_on": (today() + dt.timedelta(days=7)).isoformat()},
    )
    assert step.status_code == 201, step.content
    assert Step.objects.get(goal=goal).description == "Wohnungsamt"
    _assert_german_400(
        _post(
            client,
            f"{url}/steps",
            {
                "description": "Beim Partner",
                "responsible": "client",
                "partner_organisation": str(world.partner_org.pk),
                "due_on": today().isoformat(),
            },
        ),
        "partner_organisation",
    )
    goal.refresh_from_db()
    evaluated = _post(client, f"{url}/evaluation", {"expected_version": goal.version, "achievement": "partly"})
    assert evaluated.status_code == 200, evaluated.content
    assert (evaluated.json()["achievement"], evaluated.json()["status"]) == ("partly", "done")
    assert (
        _post(client, f"{url}/evaluation", {"expected_version": goal.version, "achievement": "partly"}).status_code
        == 409
    )
    assert (
        _post(client, f"{url}/evaluation", {"expected_version": goal.version, "achievement": "gut"}).status_code == 422
    )


def test_goal_refused_without_consent_for_other_teams_and_with_bad_input(world: World) -> None:
    case = make_case(world, stage=Case.Stage.PLAN)
    other = make_case(world, stage=Case.Stage.PLAN)
    client = _cm(world)
    _assert_german_400(
        _post(
            client,
            f"{API}/{case.pk}/goals",
            _goal_payload(client_agreed_on=(today() + dt.timedelta(days=1)).isoformat()),
        ),
        "client_agreed_on",
    )
    foreign_need = Need.objects.create(region=other.region, assessment=other.assessments.get(), description="x")
    _assert_german_400(_post(client, f"{API}/{case.pk}/goals", _goal_payload(need=str(foreign_need.pk))), "need")
    assert _post(_cm(world, "fallmanagement3"), f"{API}/{case.pk}/goals", _goal_payload()).status_code == 404
    _withdraw(case)
    _assert_german_400(_post(client, f"{API}/{case.pk}/goals", _goal_payload()))
    assert not Goal.objects.exists()


def test_goal_of_another_case_is_404(world: World) -> None:
    case = make_case(world)
    other = make_case(world)
    goal = other.goals.get()
    assert _send(_cm(world), "PATCH", f"{API}/{case.pk}/goals/{goal.pk}", {"expected_version": 1}).status_code == 404


def test_step_status_conflict_is_409(world: World) -> None:
    case = make_case(world)
    step = add_step(case, due_on=today())
    url = f"{API}/{case.pk}/steps/{step.pk}/status"
    assert _post(_cm(world), url, {"status": "done", "expected_version": step.version}).status_code == 200
    stale = _post(_cm(world, "fallmanagement2"), url, {"status": "open", "expected_version": step.version})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == step.version + 1


# --- 5. Notes, follow-ups, legal domain, closure ------------------------------------------------


def test_note_edit_with_version(world: World) -> None:
    case = make_case(world)
    note = services.note_create(actor=world.users["fallmanagement1"], case=case, text="Erstgespräch")
    url = f"{API}/{case.pk}/notes/{note.pk}"
    response = _send(_cm(world), "PUT", url, {"text": "Erstgespräch mit Dolmetscher", "expected_version": note.version})
    assert response.status_code == 200, response.content
    assert response.json()["version"] == note.version + 1
    stale = _send(_cm(world, "fallmanagement2"), "PUT", url, {"text": "Anders", "expected_version": note.version})
    assert stale.status_code == 409
    note.refresh_from_db()
    assert note.text == "Erstgespräch mit Dolmetscher"
    _assert_german_400(_send(_cm(world), "PUT", url, {"text": "   ", "expected_version": note.version}), "text")
    assert _send(_cm(world, "fallmanagement3"), "PUT", url, {"text": "x", "expected_version": 1}).status_code == 404
    assert _send(world.client_for("teamleitung"), "PUT", url, {"text": "x", "expected_version": 1}).status_code == 403
    _withdraw(case)
    _assert_german_400(_send(_cm(world), "PUT", url, {"text": "Danach", "expected_version": note.version}))


def test_follow_up_create_and_done(world: World) -> None:
    case = make_case(world)
    client = _cm(world)
    payload = {
        "due_on": today().isoformat(),
        "subject": "Rückruf Jobcenter",
        "assigned_to": str(world.users["fallmanagement2"].pk),
    }
    response = _post(client, f"{API}/{case.pk}/follow-ups", payload)
    assert response.status_code == 201, response.content
    follow_up = FollowUp.objects.get(pk=response.json()["id"])
    assert follow_up.assigned_to == world.users["fallmanagement2"]
    _assert_german_400(
        _post(
            client, f"{API}/{case.pk}/follow-ups", {**payload, "assigned_to": str(world.users["fallmanagement3"].pk)}
        ),
        "assigned_to",
    )
    _assert_german_400(_post(client, f"{API}/{case.pk}/follow-ups", {**payload, "subject": "  "}), "subject")
    assert _post(_cm(world, "fallmanagement3"), f"{API}/follow-ups/{follow_up.pk}/done", {}).status_code == 404
    done = _post(client, f"{API}/follow-ups/{follow_up.pk}/done", {})
    assert done.status_code == 200
    assert done.json()["done_on"] == today().isoformat()
    _withdraw(case)
    _assert_german_400(_post(client, f"{API}/{case.pk}/follow-ups", payload))
    assert _post(world.client_for("koordination"), f"{API}/{case.pk}/follow-ups", payload).status_code == 403
    assert FollowUp.objects.count() == 1


def test_legal_domain_change_sets_the_current_domain(world: World) -> None:
    case = make_case(world)
    case.current_legal_domain = catalogue(world, Catalogue.LEGAL_DOMAIN, "asylblg")
    case.save(update_fields=["current_legal_domain"])
    url = f"{API}/{case.pk}/legal-domain-changes"
    response = _post(_cm(world), url, {"changed_on": today().isoformat(), "to_domain": "sgb2"})
    assert response.status_code == 201, response.content
    assert (response.json()["from_domain"], response.json()["current_legal_domain"]) == ("asylblg", "sgb2")
    _assert_german_400(_post(_cm(world), url, {"changed_on": today().isoformat(), "to_domain": "sgb2"}), "to_domain")
    _assert_german_400(_post(_cm(world), url, {"changed_on": today().isoformat(), "to_domain": "mars"}), "to_domain")
    assert (
        _post(_cm(world, "fallmanagement3"), url, {"changed_on": today().isoformat(), "to_domain": "sgb3"}).status_code
        == 404
    )
    _withdraw(case)
    _assert_german_400(_post(_cm(world), url, {"changed_on": today().isoformat(), "to_domain": "sgb3"}))
    assert LegalDomainChange.objects.count() == 1


def test_close_and_reopen_with_versions(world: World) -> None:
    case = make_case(world)
    client = _cm(world)
    close = {"expected_version": case.version, "closure_reason": "ziele_erreicht", "closed_on": today().isoformat()}
    _assert_german_400(_post(client, f"{API}/{case.pk}/close", close))  # goal not evaluated
    case.goals.update(achievement=Goal.Achievement.FULLY)
    _assert_german_400(_post(client, f"{API}/{case.pk}/close", {**close, "closure_reason": "mond"}), "closure_reason")
    assert _post(client, f"{API}/{case.pk}/close", {**close, "expected_version": case.version + 5}).status_code == 409
    closed = _post(client, f"{API}/{case.pk}/close", close)
    assert closed.status_code == 200, closed.content
    assert closed.json()["closure_reason"] == "ziele_erreicht"
    reopen = {"expected_version": closed.json()["version"], "reason": "Neue Fragen zur Wohnung"}
    _assert_german_400(_post(client, f"{API}/{case.pk}/reopen", {**reopen, "reason": " "}), "reason")
    assert _post(_cm(world, "fallmanagement3"), f"{API}/{case.pk}/reopen", reopen).status_code == 404
    assert _post(world.client_for("teamleitung"), f"{API}/{case.pk}/reopen", reopen).status_code == 403
    reopened = _post(client, f"{API}/{case.pk}/reopen", reopen)
    assert reopened.status_code == 200, reopened.content
    assert reopened.json()["closed_on"] is None
    assert _post(client, f"{API}/{case.pk}/reopen", reopen).status_code in (400, 409)
    assert list(case.events.values_list("kind", flat=True).order_by("created_at")) == [
        CaseEvent.Kind.CLOSED,
        CaseEvent.Kind.REOPENED,
    ]


# --- 6. Client update ---------------------------------------------------------------------------


def test_client_update_changes_only_the_fields_sent(world: World) -> None:
    case = make_case(world, given_names="Nadia", family_name="Rahimi", phone="0271 1")
    client = case.client
    url = f"{API}/clients/{client.pk}"
    response = _send(
        _cm(world), "PATCH", url, {"expected_version": client.version, "family_name": "Rahimy", "nationalities": ["af"]}
    )
    assert response.status_code == 200, response.content
    client.refresh_from_db()
    assert (client.family_name, client.given_names, client.phone, client.nationalities) == (
        "Rahimy",
        "Nadia",
        "0271 1",
        ["AF"],
    )
    assert AuditEntry.objects.filter(action="update", object_id=str(client.pk)).exists()
    stale = _send(_cm(world, "fallmanagement2"), "PATCH", url, {"expected_version": 1, "family_name": "Rahimi"})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == client.version


def test_client_update_refusals(world: World) -> None:
    case = make_case(world, family_name="Rahimi")
    client = case.client
    url = f"{API}/clients/{client.pk}"
    v = client.version
    _assert_german_400(
        _send(
            _cm(world),
            "PATCH",
            url,
            {"expected_version": v, "birth_date": (today() + dt.timedelta(days=1)).isoformat()},
        ),
        "birth_date",
    )
    _assert_german_400(
        _send(_cm(world), "PATCH", url, {"expected_version": v, "municipality": str(uuid.uuid4())}),
        "municipality",
    )
    assert _send(_cm(world), "PATCH", url, {"family_name": "X"}).status_code == 422
    assert (
        _send(_cm(world, "fallmanagement3"), "PATCH", url, {"expected_version": v, "family_name": "X"}).status_code
        == 404
    )
    assert (
        _send(world.client_for("teamleitung"), "PATCH", url, {"expected_version": v, "family_name": "X"}).status_code
        == 403
    )
    _withdraw(case)
    _assert_german_400(_send(_cm(world), "PATCH", url, {"expected_version": v, "family_name": "Neu"}))
    client.refresh_from_db()
    assert (client.family_name, client.version) == ("Rahimi", v)


def test_openapi_documents_every_case_work_operation_with_schemas(world: World) -> None:
    schema = world.client_for("fallmanagement1").get("/api/v1/openapi.json").json()
    for path, methods in schema["paths"].items():
        if not path.startswith("/api/v1/cases/"):
            continue
        for method, operation in methods.items():
            responses = operation["responses"]
            if method == "delete":
                assert "204" in responses, f"{method} {path} has no success response"
                continue
            ok = responses.get("200") or responses.get("201")
            assert ok, f"{method} {path} has no success response"
            if path.endswith("/file"):
                binary = ok["content"]["application/octet-stream"]["schema"]
                assert binary == {"type": "string", "format": "binary"}, f"{method} {path} is not a file"
                continue
            assert "$ref" in json.dumps(ok), f"{method} {path} has no response schema"
            if method in ("post", "put", "patch") and "{" in path:
                assert "requestBody" in operation, f"{method} {path} has no request schema"


def test_typed_export_passes_every_section_of_the_page_export_through(world: World) -> None:
    from django.urls import reverse

    case = make_case(world, given_names="Nadia", family_name="Rahimi")
    client = world.client_for("fallmanagement1")
    page = client.get(reverse("cases:client_export_json", args=[case.client.pk])).json()
    api = client.get(f"{API}/clients/{case.client.pk}/export").json()
    assert set(api) == set(page)
    for key in set(page) - {"generated_at"}:
        assert api[key] == page[key], key


# --- Named deputies (the shared rule kim.cases.permissions.can_work_cases) ----------------------


def _deputy(world: World) -> HttpClient:
    from kim.accounts.models import Membership

    Membership.objects.filter(user=world.users["teamleitung"], team=world.team).update(is_deputy=True)
    return world.client_for("teamleitung")


def test_named_deputy_works_on_the_team_cases_through_the_api(world: World) -> None:
    case = make_case(world)
    client = _deputy(world)
    assert [item["id"] for item in client.get(f"{API}/team").json()["items"]] == [str(case.pk)]
    assert client.get(f"{API}/{case.pk}").status_code == 200
    assert _post(client, f"{API}/{case.pk}/notes", {"text": "Vertretung"}).status_code == 201
    follow_up = {"due_on": today().isoformat(), "subject": "Rückruf"}
    assert _post(client, f"{API}/{case.pk}/follow-ups", follow_up).status_code == 201
    assert _post(client, f"{API}/intake/duplicates", PERSON).status_code == 200


def test_team_lead_without_deputyship_gets_403(world: World) -> None:
    case = make_case(world)
    client = world.client_for("teamleitung")
    assert client.get(f"{API}/team").status_code == 403
    assert _post(client, f"{API}/{case.pk}/notes", {"text": "x"}).status_code == 403
    assert not Note.objects.exists()
