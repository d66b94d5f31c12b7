"""Only the steering group adopts measures: an adopting decision on an agenda item of the theme."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World
from kim.committees.models import AgendaItem, Body, Decision, Meeting
from kim.core.errors import ValidationFailed
from kim.themes import selectors, services
from kim.themes.models import Measure
from kim.themes.tests.matrix import adopting_decision, theme_world

pytestmark = pytest.mark.django_db


def _other_body_decision(world: World, kind: str) -> Decision:
    body = Body.objects.create(region=world.region, kind=kind, name=f"Gremium {kind}")
    meeting = Meeting.objects.create(
        region=world.region,
        body=body,
        number=1,
        start=timezone.now() - dt.timedelta(days=3),
        location="Kreishaus",
        status=Meeting.Status.HELD,
    )
    item = AgendaItem.objects.create(region=world.region, meeting=meeting, position=1, number="1", title="Maßnahme")
    return Decision.objects.create(region=world.region, agenda_item=item, text="Beschlossen.", result="adopted")


def test_adoption_needs_a_decision(world: World) -> None:
    t = theme_world(world)
    with pytest.raises(ValidationFailed) as raised:
        services.measure_transition(actor=None, measure=t.measure, target=Measure.Status.ADOPTED)
    assert raised.value.field == "adopted_decision"
    t.measure.refresh_from_db()
    assert t.measure.status == Measure.Status.PROPOSED


def test_steering_decision_on_the_theme_adopts_the_measure(world: World) -> None:
    t = theme_world(world)
    decision = adopting_decision(world)
    services.measure_transition(actor=None, measure=t.measure, target=Measure.Status.ADOPTED, adopted_decision=decision)
    t.measure.refresh_from_db()
    assert (t.measure.status, t.measure.adopted_decision) == (Measure.Status.ADOPTED, decision)


@pytest.mark.parametrize("kind", ["project_group", "interface_working_group", "steering_group"])
def test_decision_of_another_body_or_not_on_the_theme_is_refused(world: World, kind: str) -> None:
    t = theme_world(world)
    decision = _other_body_decision(world, kind)  # a steering group's decision, but not on this theme
    with pytest.raises(ValidationFailed):
        services.measure_transition(
            actor=None, measure=t.measure, target=Measure.Status.ADOPTED, adopted_decision=decision
        )
    assert decision not in selectors.adopting_decisions(measure=t.measure)


def test_rejected_decision_or_the_commissioning_decision_is_refused(world: World) -> None:
    t = theme_world(world)
    rejected = adopting_decision(world)
    Decision.objects.filter(pk=rejected.pk).update(result=Decision.Result.REJECTED)
    rejected.refresh_from_db()
    commission = services.theme_decision_record(
        actor=None,
        theme=t.theme,
        agenda_item=t.link.agenda_item,
        kind="commission",
        text="Projektgruppe eingesetzt.",
        project_group_name="Projektgruppe Anerkennung",
        mandate="Vorschläge erarbeiten",
        deadline=(t.committees.meeting.start + dt.timedelta(days=100)).date(),
    )
    for decision in (rejected, commission.decision):
        assert decision is not None
        with pytest.raises(ValidationFailed):
            services.measure_transition(
                actor=None, measure=t.measure, target=Measure.Status.ADOPTED, adopted_decision=decision
            )
    assert list(selectors.adopting_decisions(measure=t.measure)) == []


def test_form_offers_only_adopting_decisions_of_the_theme(world: World) -> None:
    t = theme_world(world)
    good = adopting_decision(world)
    foreign = _other_body_decision(world, "project_group")
    client = world.client_for("koordination")
    url = reverse("themes:measure_transition", args=[t.measure.pk])
    choices = list(client.get(url).context["form"].fields["adopted_decision"].queryset)
    assert choices == [good]
    refused = client.post(url, {"target": "adopted", "adopted_decision": foreign.pk})
    assert refused.status_code == 200
    assert "adopted_decision" in refused.context["form"].errors
    without = client.post(url, {"target": "adopted"})
    assert "adopted_decision" in without.context["form"].errors
    assert client.post(url, {"target": "adopted", "adopted_decision": good.pk}).status_code == 302
    page = client.get(reverse("themes:measure_detail", args=[t.measure.pk])).content.decode()
    assert good.text in page
