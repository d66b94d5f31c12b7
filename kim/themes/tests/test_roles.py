"""Project-group members keep their milestones, conference members add local input, the inbox pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World
from kim.committees.models import Body, BodyMembership
from kim.core.errors import ValidationFailed
from kim.themes import services
from kim.themes.models import LocalInput, Measure, Milestone
from kim.themes.tests.matrix import file_report, theme_world

pytestmark = pytest.mark.django_db


def _seat(world: World, body: Body, username: str) -> BodyMembership:
    return BodyMembership.objects.create(
        region=world.region, body=body, user=world.users[username], role="voting", start_on=dt.date(2022, 1, 1)
    )


def _measure_of_group(world: World) -> Measure:
    t = theme_world(world)
    group = t.committees.project
    Measure.objects.filter(pk=t.measure.pk).update(project_group=group)
    t.measure.refresh_from_db()
    return t.measure


def test_project_group_member_adds_and_marks_a_milestone_reached(world: World) -> None:
    t = theme_world(world)
    measure = _measure_of_group(world)
    client = world.client_for("projektgruppe")
    add = reverse("themes:milestone_add", args=[measure.pk])
    assert client.get(add).status_code == 403  # no seat yet
    assert measure.project_group is not None
    _seat(world, measure.project_group, "projektgruppe")
    page = client.get(reverse("themes:measure_detail", args=[measure.pk])).content.decode()
    assert add in page
    assert reverse("themes:measure_transition", args=[measure.pk]) not in page  # adoption stays with steering
    due = timezone.localdate() + dt.timedelta(days=30)
    assert client.post(add, {"title": "Konzept fertig", "due_on": due.isoformat()}).status_code == 302
    milestone = Milestone.objects.get(measure=measure, title="Konzept fertig")
    edit = reverse("themes:milestone_edit", args=[measure.pk, milestone.pk])
    today = timezone.localdate().isoformat()
    response = client.post(edit, {"title": "Konzept abgestimmt", "due_on": due.isoformat(), "done_on": today})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.title, milestone.done_on) == ("Konzept abgestimmt", timezone.localdate())
    assert client.get(reverse("themes:milestone_edit", args=[measure.pk, t.milestone.pk])).status_code == 200


def test_member_of_another_project_group_may_not_edit_milestones(world: World) -> None:
    t = theme_world(world)
    measure = _measure_of_group(world)
    other = Body.objects.create(region=world.region, kind="project_group", name="Projektgruppe Sprache")
    _seat(world, other, "projektgruppe")
    client = world.client_for("projektgruppe")
    assert client.get(reverse("themes:milestone_add", args=[measure.pk])).status_code == 403
    edit = reverse("themes:milestone_edit", args=[measure.pk, t.milestone.pk])
    assert client.post(edit, {"title": "x", "due_on": "2030-01-01"}).status_code == 403
    t.milestone.refresh_from_db()
    assert t.milestone.title == "Stelle ausgeschrieben"


def test_milestone_of_another_measure_is_404(world: World) -> None:
    t = theme_world(world)
    other = services.measure_propose(
        actor=None, theme=t.theme, title="Zweite Maßnahme", responsible_organisation=world.provider
    )
    url = reverse("themes:milestone_edit", args=[other.pk, t.milestone.pk])
    assert world.client_for("koordination").get(url).status_code == 404


def test_milestone_cannot_be_reached_in_the_future(world: World) -> None:
    t = theme_world(world)
    with pytest.raises(ValidationFailed):
        services.milestone_update(
            actor=None,
            milestone=t.milestone,
            title="x",
            due_on=t.milestone.due_on,
            done_on=timezone.localdate() + dt.timedelta(days=3),
        )


def _conference(world: World, municipality: Any, name: str = "Entwicklungskonferenz A") -> Body:
    return Body.objects.create(region=world.region, kind="development_conference", name=name, municipality=municipality)


def test_conference_member_adds_local_input_for_its_own_municipality_only(world: World) -> None:
    t = theme_world(world)
    own, other = world.municipalities[0], world.municipalities[1]
    conference = _conference(world, own)
    client = world.client_for("projektgruppe")
    url = reverse("themes:local_input_add", args=[t.theme.pk])
    assert client.get(url).status_code == 403
    _seat(world, conference, "projektgruppe")
    assert url in client.get(reverse("themes:theme_detail", args=[t.theme.pk])).content.decode()
    form = client.get(url).context["form"]
    assert list(form.fields["municipality"].queryset) == [own]
    assert list(form.fields["conference"].queryset) == [conference]
    refused = client.post(url, {"municipality": other.pk, "conference": conference.pk, "priority": "high"})
    assert refused.status_code == 200
    assert not LocalInput.objects.exists()
    response = client.post(
        url, {"municipality": own.pk, "conference": conference.pk, "priority": "high", "notes": "Bedarf hoch."}
    )
    assert response.status_code == 302
    local = LocalInput.objects.get(theme=t.theme)
    assert (local.municipality, local.conference) == (own, conference)


def test_service_refuses_local_input_for_another_municipality(world: World) -> None:
    t = theme_world(world)
    conference = _conference(world, world.municipalities[0])
    with pytest.raises(ValidationFailed):
        services.local_input_record(
            actor=None, theme=t.theme, municipality=world.municipalities[1], priority="low", conference=conference
        )


def test_coordinator_still_adds_local_input_for_any_municipality(world: World) -> None:
    t = theme_world(world)
    url = reverse("themes:local_input_add", args=[t.theme.pk])
    response = world.client_for("koordination").post(
        url, {"municipality": world.municipalities[1].pk, "priority": "medium"}
    )
    assert response.status_code == 302
    assert LocalInput.objects.filter(theme=t.theme, municipality=world.municipalities[1]).exists()


def test_inbox_pages_instead_of_cutting_off(world: World, settings: Any, monkeypatch: Any) -> None:
    from kim.themes import views

    theme_world(world)
    monkeypatch.setattr(views, "INBOX_PAGE_SIZE", 2)
    for _ in range(4):
        file_report(world)  # 5 reports: three pages of two
    client = world.client_for("koordination")
    first = client.get(reverse("themes:inbox"))
    assert len(first.context["reports"]) == 2
    assert first.context["page_obj"].paginator.num_pages == 3
    assert "page=2" in first.content.decode()
    last = client.get(reverse("themes:inbox") + f"?municipality={world.municipalities[0].pk}&page=3")
    assert len(last.context["reports"]) == 1
    assert f"municipality={world.municipalities[0].pk}" in last.context["query"]
    assert "page" not in last.context["query"]
    assert client.get(reverse("themes:inbox") + "?page=999").status_code == 200
