"""Two people edit the same record: the second save is told, loses nothing, and can decide."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import World
from kim.cases import services
from kim.cases.models import Client, Note
from kim.cases.tests.matrix import make_case, make_goal, make_note


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
