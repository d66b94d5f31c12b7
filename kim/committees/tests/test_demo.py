"""The committee demo of the Kreis Siegen-Wittgenstein: complete, consistent and idempotent."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kim.accounts.models import User
from kim.committees import selectors
from kim.committees.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    BodyMembership,
    Decision,
    Meeting,
    Paper,
)
from kim.committees.permissions import Viewer
from kim.core.models import KeyDate
from kim.demo import committees
from kim.demo.builders import SeedReport

pytestmark = pytest.mark.django_db

MODELS = (Body, BodyMembership, Meeting, AgendaItem, Decision, ActionItem, Paper, Attendance)


@pytest.fixture
def seeded(settings: Any) -> SeedReport:
    settings.DEBUG = True
    settings.KIM_MFA_REQUIRED = False
    call_command("seed_demo", stdout=StringIO())
    report = SeedReport()
    committees.seed(report=report)
    return report


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_second_run_creates_nothing_and_duplicates_nothing(seeded: SeedReport) -> None:
    before = _counts()
    report = SeedReport()
    committees.seed(report=report)
    assert report.nothing_new
    assert _counts() == before
    assert Meeting.objects.count() >= 5


def test_steering_group_has_the_seats_of_the_domain_brief(seeded: SeedReport) -> None:
    body = Body.objects.get(name=committees.STEERING_NAME)
    seats = BodyMembership.objects.current().filter(body=body)
    functions = set(seats.values_list("function", flat=True))
    for seat in (
        "Dezernent Schule/Bildung/Soziales/Jugend",
        "Dezernent Gesundheit/Sicherheit/Bevölkerungsschutz",
        "Sprecher der Bürgermeisterkonferenz",
        "Leitung Schulverwaltungsamt",
        "Leitung Kommunales Integrationszentrum",
        "Jobcenter (Geschäftsführung)",
        "Agentur für Arbeit (Geschäftsführung)",
        "Vertretung der AG Wohlfahrt",
        "Arbeitgeberverbände/Gewerkschaften",
        "Kirchen",
        "BAMF (Regionalkoordination)",
    ):
        assert seat in functions, seat
    assert seats.filter(function="Vertretung der AG Wohlfahrt").count() == 2
    advisory = seats.filter(role="advisory")
    assert advisory.count() == 2
    assert all("beratend" in s.function for s in advisory)
    lenkung = User.objects.get(username="lenkung")
    assert seats.get(user=lenkung).role == "voting"
    assert seats.filter(deputy_of__isnull=False).count() == 1
    assert seats.filter(publish_name=False).exists()
    assert seats.filter(publish_name=True).exists()


def test_meetings_on_the_dates_of_the_brief_with_minutes_and_decisions(seeded: SeedReport) -> None:
    body = Body.objects.get(name=committees.STEERING_NAME)
    # Other demos may add meetings of the steering group (the themes demo: March 2023).
    first = Meeting.objects.get(body=body, number=1)
    second = Meeting.objects.get(body=body, number=2)
    third = Meeting.objects.get(body=body, title="Dritte Sitzung")
    assert timezone.localtime(first.start).date() == dt.date(2022, 6, 9)
    assert timezone.localtime(second.start).date() == dt.date(2022, 10, 18)
    for meeting in (first, second):
        assert meeting.status == "held"
        assert meeting.minutes_status == "approved"
        assert Decision.objects.filter(agenda_item__meeting=meeting).exists()
    assert AgendaItem.objects.filter(meeting=first, public=False).exists()
    assert AgendaItem.objects.filter(meeting=first, number="2.1", title="Geschäftsordnung").exists()
    assert third.status == "planned"
    assert third.start > timezone.now()
    # The open action item from the second meeting is on the agenda of the third.
    open_items = selectors.open_action_items_before(
        viewer=Viewer(user_id=None, region=body.region, manages=True), meeting=third
    )
    assert len(open_items) == 1
    assert open_items[0].origin_meeting == second
    assert KeyDate.objects.filter(date=dt.date(2023, 6, 1)).exists()
    assert ActionItem.objects.filter(due_on=dt.date(2023, 6, 1), status="done").exists()


def test_other_bodies_exist_with_their_members(seeded: SeedReport) -> None:
    project = Body.objects.get(name=committees.PROJECT_NAME)
    assert project.parent is not None
    assert project.parent.name == committees.STEERING_NAME
    assert project.mandate_deadline == dt.date(2023, 6, 30)
    working = Body.objects.get(kind="interface_working_group")
    conference = Body.objects.get(kind="development_conference")
    assert conference.municipality is not None
    assert conference.municipality.name == "Hilchenbach"
    for body in (project, working, conference):
        assert body.memberships.exists()
        assert body.meetings.filter(status="held").exists()


def test_demo_logins_see_what_their_role_allows(seeded: SeedReport) -> None:
    steering = Body.objects.get(name=committees.STEERING_NAME)
    project = Body.objects.get(name=committees.PROJECT_NAME)
    first = Meeting.objects.get(body=steering, number=1)
    lenkung = Client()
    lenkung.force_login(User.objects.get(username="lenkung"))
    page = lenkung.get(reverse("committees:meeting_detail", kwargs={"pk": first.pk})).content.decode()
    assert "Personalangelegenheiten der Koordination" in page
    assert lenkung.get(reverse("committees:body_detail", kwargs={"pk": project.pk})).status_code == 404
    member = Client()
    member.force_login(User.objects.get(username="projektgruppe"))
    page = member.get(reverse("committees:meeting_detail", kwargs={"pk": first.pk})).content.decode()
    assert "Geschäftsordnung" in page
    assert "Personalangelegenheiten der Koordination" not in page
    assert member.get(reverse("committees:body_detail", kwargs={"pk": project.pk})).status_code == 200
