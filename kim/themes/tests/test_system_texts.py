"""Texts that leave the case team (themes, papers, decisions, measures) pass the pattern guard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from kim.committees.models import Meeting
from kim.core.errors import ValidationFailed
from kim.themes import services
from kim.themes.models import Measure, Theme
from kim.themes.tests.matrix import adopting_decision, theme_world

pytestmark = pytest.mark.django_db

PLANTED = (
    "Kontakt person(at)example.org",
    "Wohnt Am Markt 5",
    "BG-Nummer 12345",
    "Tel. 0271 123456",
    "geboren am 17.05.1990",
)


def _calls(world: World) -> dict[str, Callable[[str], Any]]:
    t = theme_world(world)
    Meeting.objects.filter(pk=t.committees.meeting.pk).update(status=Meeting.Status.HELD)
    deadline = (t.committees.meeting.start + dt.timedelta(days=100)).date()
    return {
        "title": lambda text: services.theme_create(actor=None, region=world.region, title=f"Thema {text}"),
        "description": lambda text: services.theme_update(
            actor=None, theme=t.theme, title=t.theme.title, description=text
        ),
        "paper_text": lambda text: services.theme_send_to_steering_group(
            actor=None, theme=t.other_theme, meeting=t.committees.meeting, paper_reference="X 1", paper_text=text
        ),
        "text": lambda text: services.theme_decision_record(
            actor=None, theme=t.theme, agenda_item=t.link.agenda_item, kind="no_action", text=text, reason="Grund"
        ),
        "reason": lambda text: services.theme_decision_record(
            actor=None, theme=t.theme, agenda_item=t.link.agenda_item, kind="no_action", text="Kein", reason=text
        ),
        "mandate": lambda text: services.theme_decision_record(
            actor=None,
            theme=t.theme,
            agenda_item=t.link.agenda_item,
            kind="commission",
            text="Projektgruppe",
            project_group_name="PG Test",
            mandate=text,
            deadline=deadline,
        ),
        "measure": lambda text: services.measure_propose(
            actor=None, theme=t.theme, title="Maßnahme X", description=text, responsible_organisation=world.provider
        ),
        "milestone": lambda text: services.milestone_add(
            actor=None, measure=t.measure, title=text, due_on=dt.date(2030, 1, 1)
        ),
        "notes": lambda text: services.local_input_record(
            actor=None, theme=t.theme, municipality=world.municipalities[0], priority="high", notes=text
        ),
    }


@pytest.mark.parametrize("planted", PLANTED)
@pytest.mark.parametrize(
    "target", ["title", "description", "paper_text", "text", "reason", "mandate", "measure", "milestone", "notes"]
)
def test_system_texts_with_personal_details_are_refused(world: World, target: str, planted: str) -> None:
    call = _calls(world)[target]
    themes, measures = Theme.objects.count(), Measure.objects.count()
    with pytest.raises(ValidationFailed) as raised:
        call(planted)
    for fragment in ("example", "12345", "123456", "17.05"):
        assert fragment not in raised.value.message
    assert (Theme.objects.count(), Measure.objects.count()) == (themes, measures)


@pytest.mark.parametrize("target", ["description", "paper_text", "text", "mandate", "milestone"])
def test_dates_of_meetings_and_deadlines_are_ordinary_in_system_texts(world: World, target: str) -> None:
    _calls(world)[target]("Beraten in der Sitzung am 18.10.2022; Vorschläge bis zum 31.03.2023.")


def test_evaluation_text_is_guarded(world: World) -> None:
    t = theme_world(world)
    services.measure_transition(
        actor=None, measure=t.measure, target=Measure.Status.ADOPTED, adopted_decision=adopting_decision(world)
    )
    services.measure_transition(actor=None, measure=t.measure, target=Measure.Status.IMPLEMENTED)
    with pytest.raises(ValidationFailed):
        services.measure_transition(
            actor=None, measure=t.measure, target=Measure.Status.EVALUATED, evaluation="Rückmeldung an a(at)b.de"
        )


def test_theme_form_shows_the_guard_message(world: World) -> None:
    theme_world(world)
    response = world.client_for("koordination").post(
        reverse("themes:theme_create"), {"title": "Wartezeit", "description": "Familie wohnt Am Markt 5."}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["description"]
    assert not Theme.objects.filter(title="Wartezeit").exists()
