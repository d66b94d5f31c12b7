"""The theme demo: the whole chain is there, idempotent, and shows no person outside the case team."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kim.accounts.models import User
from kim.cases.models import Client as CaseClient
from kim.demo import themes
from kim.demo.builders import SeedReport
from kim.notifications.models import Notification
from kim.themes import selectors
from kim.themes.models import BarrierReport, Measure, Theme, ThemeAssignment, ThemeDecision

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


def test_demo_theme_pages_show_no_client_names(seeded: SeedReport) -> None:
    theme = Theme.objects.get(title=themes.NURSING_TITLE)
    family_names = {c.family_name for c in CaseClient.objects.all() if len(c.family_name) > 3}
    assert family_names
    for username in ("koordination", "lenkung", "projektgruppe"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        for url in (
            reverse("themes:theme_list"),
            reverse("themes:theme_detail", args=[theme.pk]),
            reverse("themes:theme_export"),
        ):
            response = client.get(url)
            assert response.status_code == 200, (username, url)
            body = response.content.decode()
            leaked = [name for name in family_names if f" {name} " in body or f">{name}<" in body]
            assert not leaked, (username, url, leaked)
