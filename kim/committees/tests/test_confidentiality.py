"""Action items and minutes follow the rule of non-public agenda items: only voting and
advisory members and the coordination see what comes from confidential matters."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kim.committees import selectors, services
from kim.committees.models import AgendaItem
from kim.committees.tests.matrix import build_committee

CONFIDENTIAL_TASK = "Stellenausschreibung vertraulich vorbereiten"
NESTED_TASK = "Unterpunkt-Aufgabe der Personalsache"
PUBLIC_TASK = "Geschäftsordnung an alle versenden"
CONFIDENTIAL_MINUTES = "Vertrauliche Aussprache über Frau X"


@pytest.fixture
def c(world: Any, settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    c = build_committee(world)
    services.action_item_add(
        actor=None, meeting=c.held, agenda_item=c.item_secret, text=CONFIDENTIAL_TASK, responsible_text="Koordination"
    )
    # A public item under a non-public one is as confidential as its parent (the services
    # refuse to create this; older rows may still have it).
    parent = services.agenda_item_add(actor=None, meeting=c.held, title="Personalsache")
    c.item_under_secret = services.agenda_item_add(
        actor=None, meeting=c.held, title="Unterpunkt", public=True, parent=parent
    )
    AgendaItem.objects.filter(pk=parent.pk).update(public=False)
    services.action_item_add(
        actor=None, meeting=c.held, agenda_item=c.item_under_secret, text=NESTED_TASK, responsible_text="Koordination"
    )
    services.minutes_update(
        actor=None,
        meeting=c.held,
        minutes_text="Die Sitzung wird eröffnet.",
        minutes_confidential_text=CONFIDENTIAL_MINUTES,
    )
    services.minutes_circulate(actor=None, meeting=c.held)
    return c


def _url(name: str, obj: Any) -> str:
    return reverse(f"committees:{name}", kwargs={"pk": obj.pk})


def _pages(client: Any, c: Any) -> str:
    texts = []
    for name, obj in (
        ("meeting_detail", c.held),
        ("meeting_detail", c.next),
        ("print_agenda", c.next),
        ("print_minutes", c.held),
        ("body_detail", c.steering),
    ):
        response = client.get(_url(name, obj))
        assert response.status_code == 200, (name, response.status_code)
        texts.append(response.content.decode())
    return "\n".join(texts)


def test_permanent_guest_sees_neither_confidential_action_items_nor_confidential_minutes(c: Any, world: Any) -> None:
    text = _pages(world.client_for("gast"), c)
    assert PUBLIC_TASK in text
    assert "Die Sitzung wird eröffnet." in text
    for secret in (CONFIDENTIAL_TASK, NESTED_TASK, CONFIDENTIAL_MINUTES):
        assert secret not in text, secret


def test_voting_member_sees_confidential_action_items_and_minutes(c: Any, world: Any) -> None:
    text = _pages(world.client_for("lenkung"), c)
    for shown in (PUBLIC_TASK, CONFIDENTIAL_TASK, NESTED_TASK, CONFIDENTIAL_MINUTES):
        assert shown in text, shown
    assert "not for distribution" in text or "nicht zur Weitergabe" in text


def test_coordinator_sees_everything(c: Any, world: Any) -> None:
    text = _pages(world.client_for("koordination"), c)
    for shown in (PUBLIC_TASK, CONFIDENTIAL_TASK, NESTED_TASK, CONFIDENTIAL_MINUTES):
        assert shown in text, shown


def test_selectors_filter_action_items_by_the_entitlement_of_their_agenda_item(c: Any, world: Any) -> None:
    guest = selectors.viewer_for(user=world.users["gast"], region=world.region)
    member = selectors.viewer_for(user=world.users["lenkung"], region=world.region)
    outsider = selectors.viewer_for(user=world.users["projektgruppe"], region=world.region)
    texts = lambda items: {a.text for a in items}  # noqa: E731
    assert texts(selectors.open_action_items_before(viewer=guest, meeting=c.next)) == {PUBLIC_TASK}
    assert texts(selectors.open_action_items_before(viewer=member, meeting=c.next)) == {
        PUBLIC_TASK,
        CONFIDENTIAL_TASK,
        NESTED_TASK,
    }
    assert texts(selectors.action_items_of_meeting(viewer=guest, meeting=c.held)) == {PUBLIC_TASK}
    assert texts(selectors.action_items_for_body(viewer=guest, body=c.steering)) == {PUBLIC_TASK}
    assert selectors.action_items_of_meeting(viewer=outsider, meeting=c.held) == []


def test_minutes_form_keeps_the_confidential_part_separate(c: Any, world: Any) -> None:
    services.minutes_transition(actor=None, meeting=c.held, target="draft")
    client = world.client_for("koordination")
    response = client.post(
        _url("minutes_edit", c.held),
        {"minutes_text": "Öffentlicher Verlauf", "minutes_confidential_text": "Nur für Stimmberechtigte"},
    )
    assert response.status_code == 302
    c.held.refresh_from_db()
    assert c.held.minutes_text == "Öffentlicher Verlauf"
    assert c.held.minutes_confidential_text == "Nur für Stimmberechtigte"
