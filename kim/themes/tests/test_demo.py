"""The theme demo: the whole chain is there, idempotent, and shows no person outside the case team."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kim.accounts.models import User
from kim.cases.models import Client as CaseClient
from kim.committees.models import BodyMembership, MeetingGuest
from kim.demo import themes
from kim.demo.builders import SeedReport
from kim.notifications.models import Notification
from kim.themes import selectors
from kim.themes.models import BarrierReport, Measure, Theme, ThemeAgendaItem, ThemeAssignment, ThemeDecision

pytestmark = pytest.mark.django_db

MODELS = (BarrierReport, Theme, ThemeAssignment, ThemeDecision, Measure)


@pytest.fixture
def seeded(settings: Any, django_capture_on_commit_callbacks: Any) -> SeedReport:
    settings.DEBUG = True
    settings.KIM_MFA_REQUIRED = False
    # seed_demo loads every registered demo module (kim/demo/extensions.py), themes last;
    # its notifications are sent on commit.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    report = SeedReport()
    themes.seed(report=report)  # a second run: must find everything in place
    return report


def test_demo_builds_the_nursing_chain_through_to_a_new_offer(seeded: SeedReport) -> None:
    theme = Theme.objects.get(title=themes.NURSING_TITLE)
    evidence = selectors.theme_evidence(theme=theme)
    assert evidence.reports >= 12
    assert evidence.municipalities == 6
    chain = selectors.theme_chain(theme=theme)
    assert chain.agenda_links[0].agenda_item.meeting.start.date() == themes.DECISION_DAY
    assert chain.decisions[0].kind == ThemeDecision.Kind.COMMISSION
    assert chain.decisions[0].project_group is not None
    statuses = sorted(m.status for m in chain.measures)
    assert statuses == ["implemented", "in_progress"]
    implemented = next(m for m in chain.measures if m.status == "implemented")
    assert [o.name for o in implemented.offers.all()] == [themes.OFFER_NAME]
    for measure in chain.measures:
        decision = measure.adopted_decision
        assert decision is not None
        assert decision.agenda_item.meeting.start.date() == themes.ADOPTION_DAY
        assert decision.agenda_item.meeting.body == chain.agenda_links[0].agenda_item.meeting.body
    assert chain.trend is not None
    assert chain.trend.went_down
    assert chain.scores
    assert Theme.objects.filter(status=Theme.Status.COLLECTING).count() >= 2
    assert Notification.objects.filter(kind="theme").exists()


def test_demo_is_idempotent(seeded: SeedReport) -> None:
    counts = {model: model.objects.count() for model in MODELS}
    again = SeedReport()
    themes.seed(report=again)
    assert again.nothing_new
    assert {model: model.objects.count() for model in MODELS} == counts


def _words(*names: str) -> set[str]:
    return {word.lower() for name in names for word in re.split(r"[\s-]+", name or "") if len(word) >= 2}


def _client_name_pattern() -> re.Pattern[str]:
    """Every given and family name of the demo's clients, as whole words, case-insensitive.

    Names that staff or committee members of the demo also bear (e.g. "Yıldız", the head of
    the KI, a steering-group member shown on meeting pages) are left out: they appear there
    as the member's own name, and no page could tell the two apart.
    """
    staff = _words(*(n for u in User.objects.all() for n in (u.first_name, u.last_name)))
    staff |= _words(*BodyMembership.objects.values_list("external_name", flat=True))
    staff |= _words(*MeetingGuest.objects.values_list("name", flat=True))
    words = {
        word
        for client in CaseClient.objects.all()
        for word in _words(client.given_names, client.family_name)
        if word not in staff
    }
    assert len(words) > 10
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b", re.I)


def _sweep_urls(username: str) -> list[str]:
    themes_qs = Theme.objects.all()
    urls = [
        reverse("themes:theme_list"),
        reverse("themes:theme_export"),
        "/api/v1/themes/",
        *(reverse("themes:theme_detail", args=[t.pk]) for t in themes_qs),
        *(f"/api/v1/themes/{t.pk}" for t in themes_qs),
        *(reverse("themes:measure_detail", args=[m.pk]) for m in Measure.objects.all()),
    ]
    links = ThemeAgendaItem.objects.select_related("agenda_item", "paper")
    urls += [reverse("committees:meeting_detail", args=[link.agenda_item.meeting_id]) for link in links]
    urls += [reverse("committees:paper_detail", args=[link.paper_id]) for link in links if link.paper_id]
    if username == "koordination":
        urls += [reverse("themes:inbox"), reverse("themes:inbox_export")]
        urls += [reverse("themes:report_detail", args=[r.pk]) for r in BarrierReport.objects.all()]
    return urls


def test_no_demo_client_name_reaches_coordination_steering_project_pages_exports_or_oparl(
    seeded: SeedReport,
) -> None:
    names = _client_name_pattern()
    checked = 0
    for username in ("koordination", "lenkung", "projektgruppe"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for url in _sweep_urls(username):
            response = client.get(url)
            if response.status_code in (403, 404):
                continue  # not visible to this role: nothing shown
            assert response.status_code == 200, (username, url, response.status_code)
            found = names.findall(response.content.decode())
            assert not found, (username, url, sorted(set(found)))
            checked += 1
    assert checked > 30
    public = Client()
    region = Theme.objects.get(title=themes.NURSING_TITLE).region
    oparl_urls = [
        reverse("oparl:body_paper", args=[region.pk]),
        reverse("oparl:body_agendaitem", args=[region.pk]),
        reverse("oparl:body_meeting", args=[region.pk]),
    ]
    for link in ThemeAgendaItem.objects.select_related("agenda_item"):
        oparl_urls.append(reverse("oparl:agendaitem", args=[link.agenda_item_id]))
        oparl_urls.append(reverse("oparl:meeting", args=[link.agenda_item.meeting_id]))
        if link.paper_id:
            oparl_urls.append(reverse("oparl:paper", args=[link.paper_id]))
    shown = 0
    for url in oparl_urls:
        response = public.get(url)
        if response.status_code == 404:
            continue  # not published
        assert response.status_code == 200, (url, response.status_code)
        found = names.findall(response.content.decode())
        assert not found, (url, sorted(set(found)))
        shown += 1
    assert shown >= 5


def test_demo_measures_show_the_adopting_meeting(seeded: SeedReport) -> None:
    client = Client()
    client.force_login(User.objects.get(username="lenkung"))
    for measure in Measure.objects.filter(theme__title=themes.NURSING_TITLE):
        body = client.get(reverse("themes:measure_detail", args=[measure.pk])).content.decode()
        assert measure.adopted_decision is not None
        assert measure.adopted_decision.text in body
        meeting = measure.adopted_decision.agenda_item.meeting
        assert meeting.start.date() == themes.ADOPTION_DAY
        assert reverse("committees:meeting_detail", args=[meeting.pk]) in body
