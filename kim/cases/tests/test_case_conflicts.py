"""Two people edit the same record: the second save is told, loses nothing, and can decide."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World
from kim.cases import selectors, services
from kim.cases.forms import MISSING_VERSION_MESSAGE
from kim.cases.models import Case, Client, Contact, Goal, Note, TargetGroupCheck, TargetGroupRule
from kim.cases.tests.matrix import make_assessment, make_case, make_contact, make_goal, make_note, make_step
from kim.core.errors import ValidationFailed
from kim.core.models import Catalogue, CatalogueEntry


def _client_form(client: Client, **changes: str) -> dict[str, str]:
    data = {
        "given_names": client.given_names,
        "family_name": client.family_name,
        "gender": client.gender or "not_stated",
        "birth_date": client.birth_date.isoformat() if client.birth_date else "",
        "nationalities": ", ".join(client.nationalities),
        "phone": client.phone,
        "version": str(client.version),
    }
    data.update(changes)
    return data


def test_second_save_of_a_client_gets_a_conflict_and_keeps_the_input(world: World) -> None:
    case = make_case(world)
    person = case.client
    url = reverse("cases:client_edit", args=[person.pk])
    first = world.client_for("fallmanagement1")
    second = world.client_for("fallmanagement2")
    loaded_by_second = _client_form(person)
    assert first.post(url, _client_form(person, phone="0271 111")).status_code == 302
    response = second.post(url, {**loaded_by_second, "phone": "0271 222"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Eine andere Person hat diesen Datensatz gespeichert" in html
    assert 'value="0271 222"' in html  # the second person's input is kept
    assert "0271 111" in html  # the first person's saved value is shown beside it
    person.refresh_from_db()
    assert person.phone == "0271 111"
    assert person.version == 2
    assert 'name="version" value="2"' in html
    # Saving again is a deliberate decision and now succeeds.
    response = second.post(url, {**loaded_by_second, "phone": "0271 222", "version": "2"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.phone, person.version) == ("0271 222", 3)


def test_conflicting_note_edit_keeps_both_texts(world: World) -> None:
    note = make_note(world)
    url = reverse("cases:note_edit", args=[note.case.pk, note.pk])
    world.client_for("fallmanagement1").post(url, {"text": "Fassung A", "version": "1"})
    response = world.client_for("fallmanagement2").post(url, {"text": "Fassung B", "version": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fassung A" in html
    assert "Fassung B" in html
    assert Note.objects.get(pk=note.pk).text == "Fassung A"


def test_service_raises_edit_conflict_with_the_current_record(world: World) -> None:
    goal = make_goal(world)
    actor = world.users["fallmanagement1"]
    services.goal_update(actor=actor, goal=goal, expected_version=1, values={"measurable": "Zusage liegt vor"})
    with pytest.raises(services.EditConflict) as error:
        services.goal_update(actor=actor, goal=goal, expected_version=1, values={"measurable": "anders"})
    assert error.value.current.measurable == "Zusage liegt vor"  # type: ignore[attr-defined]


def test_case_decision_with_an_old_version_is_a_conflict(world: World) -> None:
    case = make_case(world, taken_on=False)
    services.case_update_intake(
        actor=world.users["fallmanagement2"],
        case=case,
        expected_version=case.version,
        referral_source=None,
        referral_note="über die Schule",
        case_manager=world.users["fallmanagement2"],
        current_legal_domain=None,
    )
    response = world.client_for("fallmanagement1").post(
        reverse("cases:case_intake_edit", args=[case.pk]),
        {"referral_note": "Eigeninitiative", "version": "1"},
    )
    assert response.status_code == 200
    assert "über die Schule" in response.content.decode()
    case.refresh_from_db()
    assert case.referral_note == "über die Schule"


def test_responsible_case_manager_is_chosen_from_the_team_only(world: World) -> None:
    case = make_case(world)
    url = reverse("cases:case_intake_edit", args=[case.pk])
    client = world.client_for("fallmanagement1")
    html = client.get(url).content.decode()
    assert str(world.users["fallmanagement2"].pk) in html
    assert str(world.users["teamleitung"].pk) not in html
    assert str(world.users["fallmanagement3"].pk) not in html
    response = client.post(url, {"case_manager": str(world.users["fallmanagement3"].pk), "version": str(case.version)})
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.case_manager == world.users["fallmanagement1"]


# --- Every versioned page: a stale save is a conflict, a missing version a bad request ---


def _evaluation_form(version: int, achievement: str = "fully", note: str = "") -> dict[str, str]:
    return {"achievement": achievement, "evaluation_note": note, "version": str(version)}


def test_conflicting_assessment_keeps_the_input_and_shows_the_saved_values(world: World) -> None:
    assessment = make_assessment(world)
    url = reverse("cases:assessment_edit", args=[assessment.case.pk, assessment.pk])
    form = {"life_domain": str(assessment.life_domain_id), "version": "1"}
    assert world.client_for("fallmanagement1").post(url, {**form, "situation": "Fassung A"}).status_code == 302
    response = world.client_for("fallmanagement2").post(url, {**form, "situation": "Fassung B"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fassung A" in html
    assert "Fassung B" in html
    assert 'name="version" value="2"' in html
    assessment.refresh_from_db()
    assert (assessment.situation, assessment.version) == ("Fassung A", 2)


def test_conflicting_goal_evaluation_keeps_the_first_evaluation(world: World) -> None:
    goal = make_goal(world)
    url = reverse("cases:goal_evaluate", args=[goal.case.pk, goal.pk])
    first = world.client_for("fallmanagement1").post(url, _evaluation_form(1, "fully", "Kurs begonnen"))
    assert first.status_code == 302
    response = world.client_for("fallmanagement2").post(url, _evaluation_form(1, "not", "Kurs abgesagt"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kurs begonnen" in html
    assert "Kurs abgesagt" in html
    goal.refresh_from_db()
    assert (goal.achievement, goal.evaluation_note) == ("fully", "Kurs begonnen")


def test_closure_with_an_old_version_is_a_conflict_and_nothing_is_closed(world: World) -> None:
    case = make_case(world)
    Goal.objects.filter(case=case).delete()
    reason = CatalogueEntry.objects.filter(region=world.region, catalogue=Catalogue.CLOSURE_REASON).first()
    assert reason is not None
    services.case_update_intake(
        actor=world.users["fallmanagement2"],
        case=case,
        expected_version=case.version,
        referral_source=None,
        referral_note="über die Schule",
        case_manager=world.users["fallmanagement2"],
        current_legal_domain=None,
    )
    response = world.client_for("fallmanagement1").post(
        reverse("cases:case_close", args=[case.pk]),
        {"closure_reason": str(reason.pk), "closed_on": timezone.localdate().isoformat(), "version": "1"},
    )
    assert response.status_code == 200
    assert "Eine andere Person hat diesen Datensatz gespeichert" in response.content.decode()
    case.refresh_from_db()
    assert case.closed_on is None


def test_decision_page_with_an_old_version_is_a_conflict(world: World) -> None:
    case = make_case(world, taken_on=False)
    answers = [services.CheckAnswer(rule=rule, result="met", reason="geprüft") for rule in _rules(world)]
    services.target_group_checks_record(actor=world.users["fallmanagement1"], case=case, answers=answers)
    services.case_update_intake(
        actor=world.users["fallmanagement2"],
        case=case,
        expected_version=case.version,
        referral_source=None,
        referral_note="über die Schule",
        case_manager=world.users["fallmanagement2"],
        current_legal_domain=None,
    )
    response = world.client_for("fallmanagement1").post(
        reverse("cases:case_decision", args=[case.pk]),
        {
            "decision": "refer_elsewhere",
            "referred_to": "Jugendmigrationsdienst",
            "decided_on": timezone.localdate().isoformat(),
            "version": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Eine andere Person hat diesen Datensatz gespeichert" in html
    assert 'value="Jugendmigrationsdienst"' in html
    case.refresh_from_db()
    assert (case.decision, case.closed_on) == (Case.Decision.PENDING, None)


def _rules(world: World) -> list[TargetGroupRule]:
    services.cases_region_defaults_ensure(actor=None, region=world.region)
    return list(TargetGroupRule.objects.filter(region=world.region, is_active=True))


def _checks(world: World, result: str, reason: str, version: str) -> dict[str, str]:
    data = {"version": version}
    for rule in _rules(world):
        data[f"rule_{rule.pk}"] = result
        data[f"reason_{rule.pk}"] = reason
    return data


def test_second_stale_save_of_the_target_group_checks_is_a_conflict(world: World) -> None:
    case = make_case(world, taken_on=False)
    url = reverse("cases:case_target_group", args=[case.pk])
    first, second = world.client_for("fallmanagement1"), world.client_for("fallmanagement2")
    loaded = second.get(url).context["form"]["version"].value()
    assert loaded == "0"
    assert first.post(url, _checks(world, "met", "Laut Gespräch erfüllt", loaded)).status_code == 302
    response = second.post(url, _checks(world, "not_met", "Betreuung durch JMD", loaded))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Eine andere Person hat diesen Datensatz gespeichert" in html
    assert "Laut Gespräch erfüllt" in html  # the saved answers are shown
    assert "Betreuung durch JMD" in html  # the second person's input is kept
    checks = TargetGroupCheck.objects.filter(case=case)
    assert {check.result for check in checks} == {"met"}
    new_version = selectors.target_group_checks_version(case=case)
    assert f'name="version" value="{new_version}"' in html
    # Saving again is a deliberate decision and now succeeds.
    assert second.post(url, _checks(world, "not_met", "Betreuung durch JMD", new_version)).status_code == 302
    assert {check.result for check in checks.all()} == {"not_met"}
    assert selectors.target_group_checks_version(case=case) != new_version


def test_target_group_service_refuses_a_stale_version(world: World) -> None:
    case = make_case(world, taken_on=False)
    actor = world.users["fallmanagement1"]
    answers = [services.CheckAnswer(rule=rule, result="met", reason="geprüft") for rule in _rules(world)]
    services.target_group_checks_record(actor=actor, case=case, answers=answers, expected_version="0")
    with pytest.raises(services.TargetGroupConflict) as error:
        services.target_group_checks_record(actor=actor, case=case, answers=answers, expected_version="0")
    assert len(error.value.saved) == len(answers)


@pytest.mark.parametrize(
    ("page", "maker", "form"),
    [
        ("cases:note_edit", "note", {"text": "ohne Version"}),
        ("cases:goal_edit", "goal", {"specific": "x", "measurable": "y", "status": "open"}),
        ("cases:step_edit", "step", {"description": "x", "responsible": "client", "status": "open"}),
        ("cases:assessment_edit", "assessment", {"situation": "ohne Version"}),
    ],
)
def test_edit_without_version_is_a_bad_request_and_saves_nothing(
    world: World, page: str, maker: str, form: dict[str, str]
) -> None:
    makers: dict[str, Callable[[World], Any]] = {
        "note": make_note,
        "goal": make_goal,
        "step": make_step,
        "assessment": make_assessment,
    }
    record = makers[maker](world)
    case = record.goal.case if maker == "step" else record.case
    data = dict(form)
    if maker in ("goal", "step"):
        data["due_on"] = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    if maker == "assessment":
        data["life_domain"] = str(record.life_domain_id)
    before = type(record)._default_manager.get(pk=record.pk).version
    response = world.client_for("fallmanagement1").post(reverse(page, args=[case.pk, record.pk]), data)
    assert response.status_code == 400
    assert str(MISSING_VERSION_MESSAGE) in response.context["form"].non_field_errors()
    assert response.context["conflict"]  # the saved values are shown beside the input
    assert type(record)._default_manager.get(pk=record.pk).version == before


def test_target_group_without_version_is_a_bad_request(world: World) -> None:
    case = make_case(world, taken_on=False)
    data = _checks(world, "met", "geprüft", "0")
    del data["version"]
    response = world.client_for("fallmanagement1").post(reverse("cases:case_target_group", args=[case.pk]), data)
    assert response.status_code == 400
    assert not TargetGroupCheck.objects.filter(case=case).exists()


def _contact_form(contact: Contact, **changes: str) -> dict[str, str]:
    data = {
        "occurred_on": contact.occurred_on.isoformat(),
        "channel": str(contact.channel_id),
        "duration_minutes": str(contact.duration_minutes),
        "language": contact.language,
        "summary": contact.summary,
        "version": str(contact.version),
    }
    data.update(changes)
    return data


def test_contact_is_corrected_and_the_correction_is_in_the_history(world: World) -> None:
    contact = make_contact(world)
    url = reverse("cases:contact_edit", args=[contact.case.pk, contact.pk])
    client = world.client_for("fallmanagement1")
    assert client.get(url).status_code == 200
    response = client.post(url, _contact_form(contact, duration_minutes="25"))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.duration_minutes, contact.version) == (25, 2)
    history = client.get(reverse("cases:client_corrections", args=[contact.case.client.pk])).content.decode()
    assert "25" in history


def test_conflicting_contact_correction_keeps_the_input(world: World) -> None:
    contact = make_contact(world)
    url = reverse("cases:contact_edit", args=[contact.case.pk, contact.pk])
    loaded = _contact_form(contact)
    assert world.client_for("fallmanagement1").post(url, {**loaded, "summary": "Fassung A"}).status_code == 302
    response = world.client_for("fallmanagement2").post(url, {**loaded, "summary": "Fassung B"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fassung A" in html
    assert "Fassung B" in html
    contact.refresh_from_db()
    assert contact.summary == "Fassung A"


def test_contact_correction_to_e_mail_needs_that_consent(world: World) -> None:
    contact = make_contact(world)
    email = CatalogueEntry.objects.get(region=world.region, catalogue=Catalogue.CONTACT_CHANNEL, code="email")
    with pytest.raises(ValidationFailed):
        services.contact_update(
            actor=world.users["fallmanagement1"], contact=contact, expected_version=1, values={"channel": email}
        )
    contact.refresh_from_db()
    assert contact.channel.code == "telefon"


def test_contact_of_another_team_cannot_be_corrected(world: World) -> None:
    contact = make_contact(world)
    url = reverse("cases:contact_edit", args=[contact.case.pk, contact.pk])
    response = world.client_for("fallmanagement3").post(url, _contact_form(contact, summary="fremd"))
    assert response.status_code == 404
