"""The DGCC cycle through the pages: target group, decision, assessment, plan, evaluation, closure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World
from kim.cases import services
from kim.cases.models import Case, CaseEvent, ConsentText, Goal, Step, TargetGroupCheck, TargetGroupRule
from kim.cases.tests.matrix import life_domain, make_case, make_client
from kim.core.errors import ValidationFailed
from kim.core.models import AuditEntry, Catalogue, CatalogueEntry

TODAY = timezone.localdate


def _rules(world: World) -> dict[str, TargetGroupRule]:
    services.cases_region_defaults_ensure(actor=None, region=world.region)
    return {rule.code: rule for rule in TargetGroupRule.objects.filter(region=world.region)}


def _checks_payload(world: World, arrived: str, other: str, reason: str = "", version: str = "0") -> dict[str, str]:
    rules = _rules(world)
    return {
        "version": version,
        f"rule_{rules['arrived_36_months'].pk}": arrived,
        f"reason_{rules['arrived_36_months'].pk}": reason,
        f"rule_{rules['no_other_case_management'].pk}": other,
        f"reason_{rules['no_other_case_management'].pk}": "",
    }


def test_target_group_suggestion_from_the_arrival_date(world: World) -> None:
    rule = _rules(world)["arrived_36_months"]
    client = make_client(world)
    on = dt.date(2026, 6, 15)
    client.arrived_germany_on = dt.date(2023, 6, 15)
    assert services.target_group_suggestion(rule, client, on=on) == TargetGroupCheck.Result.MET
    client.arrived_germany_on = dt.date(2023, 6, 14)
    assert services.target_group_suggestion(rule, client, on=on) == TargetGroupCheck.Result.NOT_MET
    client.arrived_germany_on = None
    assert services.target_group_suggestion(rule, client, on=on) == TargetGroupCheck.Result.UNKNOWN
    assert (
        services.target_group_suggestion(_rules(world)["no_other_case_management"], client, on=on)
        == TargetGroupCheck.Result.UNKNOWN
    )


def test_region_rule_with_other_months_is_used(world: World) -> None:
    rule = _rules(world)["arrived_36_months"]
    rule.months = 12
    rule.save()
    client = make_client(world)
    client.arrived_germany_on = TODAY() - dt.timedelta(days=400)
    assert services.target_group_suggestion(rule, client) == TargetGroupCheck.Result.NOT_MET


def test_override_of_the_suggestion_needs_a_reason(world: World) -> None:
    case = make_case(world, taken_on=False)
    client = world.client_for("fallmanagement1")
    url = reverse("cases:case_target_group", args=[case.pk])
    response = client.post(url, _checks_payload(world, "not_met", "met"))
    assert response.status_code == 200
    assert "Bitte begründen Sie die Abweichung" in response.content.decode()
    assert not TargetGroupCheck.objects.exists()
    response = client.post(url, _checks_payload(world, "not_met", "met", reason="Einreise laut Pass früher"))
    assert response.status_code == 302
    check = TargetGroupCheck.objects.get(rule__code="arrived_36_months")
    assert check.is_override
    assert check.suggested == TargetGroupCheck.Result.MET
    assert check.checked_by == world.users["fallmanagement1"]


def test_decision_needs_complete_checks_indication_and_a_reason_when_a_check_fails(world: World) -> None:
    case = make_case(world, taken_on=False)
    actor = world.users["fallmanagement1"]
    decide = lambda **kw: services.case_decide(  # noqa: E731
        actor=actor, case=case, expected_version=None, decision="take_on", **kw
    )
    with pytest.raises(ValidationFailed, match=r"target-group|Zielgruppen"):
        decide(indications=["complex_needs"])
    rules = _rules(world)
    services.target_group_checks_record(
        actor=actor,
        case=case,
        answers=[
            services.CheckAnswer(rule=rules["arrived_36_months"], result="met"),
            services.CheckAnswer(rule=rules["no_other_case_management"], result="not_met"),
        ],
    )
    with pytest.raises(ValidationFailed) as error:
        decide(indications=["complex_needs"])
    assert error.value.field == "note"
    with pytest.raises(ValidationFailed) as error:
        decide(indications=[], note="JMD endet nächsten Monat")
    assert error.value.field == "indications"
    decided = decide(indications=["complex_needs", "several_agencies"], note="JMD endet nächsten Monat")
    assert decided.decision == Case.Decision.TAKE_ON
    assert set(decided.indications.values_list("criterion", flat=True)) == {"complex_needs", "several_agencies"}
    assert decided.events.filter(kind=CaseEvent.Kind.DECIDED).exists()


def test_referring_elsewhere_closes_the_case_as_handed_over(world: World) -> None:
    case = make_case(world, taken_on=False)
    client = world.client_for("fallmanagement1")
    client.post(reverse("cases:case_target_group", args=[case.pk]), _checks_payload(world, "met", "not_met"))
    response = client.post(
        reverse("cases:case_decision", args=[case.pk]),
        {
            "decision": "refer_elsewhere",
            "referred_to": "Jugendmigrationsdienst",
            "decided_on": TODAY().isoformat(),
            "version": str(case.version),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.closed_on == TODAY()
    assert case.closure_reason is not None
    assert case.closure_reason.code == "uebergeben"
    assert case.handover_to == "Jugendmigrationsdienst"
    assert case.stage == Case.Stage.CLOSURE


def test_stage_follows_the_data_through_the_whole_cycle(world: World) -> None:
    case = make_case(world, consent=False, taken_on=False)
    actor = world.users["fallmanagement1"]
    assert case.stage == Case.Stage.INTAKE
    rules = _rules(world)
    services.consent_record(
        actor=actor,
        case=case,
        text=ConsentText.objects.get(region=world.region, purpose="case_management", language="de"),
        given_on=case.opened_on,
        language="de",
    )
    assert Case.objects.get(pk=case.pk).stage == Case.Stage.INTAKE  # no decision yet
    services.target_group_checks_record(
        actor=actor,
        case=case,
        answers=[services.CheckAnswer(rule=rule, result="met") for rule in rules.values()],
    )
    case = services.case_decide(
        actor=actor, case=case, expected_version=case.version, decision="take_on", indications=["complex_needs"]
    )
    assert Case.objects.get(pk=case.pk).stage == Case.Stage.ASSESSMENT
    assessment = services.assessment_save(
        actor=actor,
        case=case,
        life_domain=life_domain(world, "wohnen"),
        situation="Wohnt mit vier Personen in 40 m².",
        resources="Spricht gut Deutsch",
        own_goals="Eigene Wohnung",
    )
    services.need_add(actor=actor, assessment=assessment, description="Wohnung suchen", priority="high")
    assert Case.objects.get(pk=case.pk).stage == Case.Stage.PLAN
    goal = services.goal_create(
        actor=actor,
        case=case,
        values={
            "specific": "Wohnung mit 3 Zimmern finden",
            "measurable": "Mietvertrag unterschrieben",
            "due_on": TODAY() + dt.timedelta(days=120),
            "life_domain": life_domain(world, "wohnen"),
        },
    )
    assert Case.objects.get(pk=case.pk).stage == Case.Stage.PLAN  # not agreed yet
    goal = services.goal_update(
        actor=actor, goal=goal, expected_version=goal.version, values={"client_agreed_on": TODAY()}
    )
    assert Case.objects.get(pk=case.pk).stage == Case.Stage.IMPLEMENTATION
    step = services.step_create(
        actor=actor,
        goal=goal,
        values={"description": "WBS beantragen", "responsible": Step.Responsible.CLIENT, "due_on": TODAY()},
    )
    step = services.step_update(
        actor=actor, step=step, expected_version=step.version, values={"status": Step.Status.DONE}
    )
    assert step.done_on == TODAY()
    reason = CatalogueEntry.objects.get(region=world.region, catalogue=Catalogue.CLOSURE_REASON, code="ziele_erreicht")
    with pytest.raises(ValidationFailed, match=r"evaluate|Ziel"):
        services.case_close(actor=actor, case=case, expected_version=None, closure_reason=reason, closed_on=TODAY())
    services.goal_evaluate(actor=actor, goal=goal, expected_version=goal.version, achievement="fully", note="")
    case = services.case_close(actor=actor, case=case, expected_version=None, closure_reason=reason, closed_on=TODAY())
    assert case.stage == Case.Stage.CLOSURE
    assert Goal.objects.get(pk=goal.pk).status == Goal.Status.DONE


def test_closing_through_the_page_and_reopening_with_a_reason(world: World) -> None:
    case = make_case(world)
    client = world.client_for("fallmanagement1")
    handed_over = CatalogueEntry.objects.get(region=world.region, catalogue=Catalogue.CLOSURE_REASON, code="uebergeben")
    url = reverse("cases:case_close", args=[case.pk])
    response = client.post(
        url, {"closure_reason": str(handed_over.pk), "closed_on": TODAY().isoformat(), "version": str(case.version)}
    )
    assert response.status_code == 200
    assert "wer übernimmt" in response.content.decode()
    response = client.post(
        url,
        {
            "closure_reason": str(handed_over.pk),
            "closed_on": TODAY().isoformat(),
            "handover_to": "MBE der Caritas",
            "version": str(case.version),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.closed_on, case.handover_to) == (TODAY(), "MBE der Caritas")
    assert client.post(reverse("cases:note_add", args=[case.pk]), {"text": "nach Abschluss"}).status_code == 200
    assert not case.notes.exists()
    reopen = reverse("cases:case_reopen", args=[case.pk])
    response = client.post(reopen, {"reason": "", "version": str(case.version)})
    assert response.status_code == 200
    response = client.post(reopen, {"reason": "Person kehrt zurück", "version": str(case.version)})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.is_open
    assert case.closure_reason is None
    event = case.events.get(kind=CaseEvent.Kind.REOPENED)
    assert event.reason == "Person kehrt zurück"
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, object_id=str(case.pk)).first()
    assert entry is not None
    assert entry.changes["reopen_reason"] == "Person kehrt zurück"


def test_case_page_shows_stage_domains_goals_and_steps(world: World) -> None:
    from kim.cases.tests.matrix import make_need, make_step

    case = make_case(world)
    make_need(world)
    step = make_step(world)
    html = world.client_for("fallmanagement1").get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert 'aria-current="step"' in html
    assert "Sprache" in html
    assert "Kurs B1 gesucht" in html
    assert step.goal.specific in html
    assert step.description in html
    assert "noch nicht vereinbart" in html


def test_assessment_twice_for_the_same_domain_is_refused(world: World) -> None:
    case = make_case(world)
    actor = world.users["fallmanagement1"]
    services.assessment_save(
        actor=actor, case=case, life_domain=life_domain(world), situation="A2", resources="", own_goals=""
    )
    response = world.client_for("fallmanagement1").post(
        reverse("cases:assessment_add", args=[case.pk]),
        {"life_domain": str(life_domain(world).pk), "situation": "B1"},
    )
    assert response.status_code == 200
    assert "bereits eingeschätzt" in response.content.decode()
    assert case.assessments.get().situation == "A2"


def test_life_domain_of_another_region_is_not_a_valid_choice(world: World) -> None:
    from kim.core.services import region_seed_catalogues

    region_seed_catalogues(actor=None, region=world.other_region)
    foreign = CatalogueEntry.objects.get(region=world.other_region, catalogue=Catalogue.LIFE_DOMAIN, code="wohnen")
    case = make_case(world)
    response = world.client_for("fallmanagement1").post(
        reverse("cases:assessment_add", args=[case.pk]), {"life_domain": str(foreign.pk), "situation": "x"}
    )
    assert response.status_code == 200
    assert not case.assessments.exists()


def test_contact_is_logged_with_channel_duration_and_interpreter(world: World) -> None:
    case = make_case(world)
    channel = CatalogueEntry.objects.get(region=world.region, catalogue=Catalogue.CONTACT_CHANNEL, code="persoenlich")
    client = world.client_for("fallmanagement1")
    url = reverse("cases:contact_add", args=[case.pk])
    bad = client.post(url, {"occurred_on": TODAY().isoformat(), "channel": str(channel.pk), "duration_minutes": "0"})
    assert bad.status_code == 200
    response = client.post(
        url,
        {
            "occurred_on": TODAY().isoformat(),
            "channel": str(channel.pk),
            "duration_minutes": "45",
            "language": "ar",
            "interpreter_used": "on",
            "summary": "Wohnungssuche besprochen",
        },
    )
    assert response.status_code == 302
    contact = case.contacts.get()
    assert (contact.duration_minutes, contact.language, contact.interpreter_used) == (45, "ar", True)


def test_step_partner_organisation_only_for_partner_steps(world: World) -> None:
    from kim.cases.tests.matrix import make_goal

    goal = make_goal(world)
    with pytest.raises(ValidationFailed) as error:
        services.step_create(
            actor=world.users["fallmanagement1"],
            goal=goal,
            values={
                "description": "Kurs",
                "responsible": Step.Responsible.CLIENT,
                "partner_organisation": world.partner_org,
                "due_on": TODAY(),
            },
        )
    assert error.value.field == "partner_organisation"
    step = services.step_create(
        actor=world.users["fallmanagement1"],
        goal=goal,
        values={
            "description": "Einstufungstest",
            "responsible": Step.Responsible.PARTNER,
            "partner_organisation": world.partner_org,
            "due_on": TODAY(),
        },
    )
    assert step.partner_organisation == world.partner_org
