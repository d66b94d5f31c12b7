"""The demo data of the Kreis Siegen-Wittgenstein through OParl and the calendar feeds.

Every object reachable from the system endpoint validates against the official schemas,
and nothing the demo marks as non-public, confidential or unpublished leaks.
"""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kim.accounts.roles import Capability
from kim.committees.models import AgendaItem, BodyMembership, Meeting, Paper
from kim.committees.tests.test_ical import strict_check
from kim.committees.tests.test_oparl import get_json, validate, walk_list
from kim.committees.views_feeds import feed_token
from kim.core.models import Region
from kim.demo import committees
from kim.demo.builders import SeedReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings: Any, tmp_path: Any) -> Region:
    settings.DEBUG = True
    settings.KIM_MFA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())
    committees.seed(report=SeedReport())
    return Region.objects.get(ags="05970")


def test_demo_data_validates_in_every_list_and_keeps_secrets(demo: Region) -> None:
    client = Client()
    system = get_json(client, reverse("oparl:system"))
    validate(system)
    bodies = walk_list(client, system["body"])
    body = next(b for b in bodies if b["ags"] == demo.ags)
    dumps = []
    lists = (
        "organization",
        "person",
        "meeting",
        "paper",
        "agendaItem",
        "consultation",
        "file",
        "membership",
        "legislativeTermList",
    )
    counts = {}
    for key in lists:
        objects = walk_list(client, body[key])  # validates every object of every page
        counts[key] = len(objects)
        dumps.append(json.dumps(objects, ensure_ascii=False))
        for obj in objects:  # … and every object at its own address
            single = get_json(client, obj["id"])
            validate(single)
            dumps.append(json.dumps(single, ensure_ascii=False))
    for key in ("organization", "meeting", "agendaItem", "legislativeTermList"):
        assert counts[key], f"the demo publishes {key}"
    text = "\n".join(dumps)
    for item in AgendaItem.objects.filter(region=demo, public=False):
        assert f'"{item.title}"' not in text, item.title
        assert str(item.pk) not in text
    for paper in Paper.objects.filter(region=demo, confidential=True):
        assert str(paper.pk) not in text
    for meeting in Meeting.objects.filter(region=demo, published=False):
        assert str(meeting.pk) not in text
    for membership in BodyMembership.objects.filter(region=demo, publish_name=False, publish_name_agreed_on=None):
        assert str(membership.pk) not in text
        if membership.user_id is None:
            assert membership.external_name not in text


def test_demo_members_get_strict_calendar_feeds_of_their_bodies_only(demo: Region) -> None:
    seats = list(
        BodyMembership.objects.current()
        .filter(region=demo, user__isnull=False, user__is_active=True)
        .select_related("user")
    )
    events_seen = 0
    for seat in seats:
        user = seat.user
        if not user.has_perm(f"kim.{Capability.VIEW_COMMITTEES}", demo) or user.has_perm(
            f"kim.{Capability.MANAGE_COMMITTEES}", demo
        ):
            continue
        token = feed_token(user=user, region=demo)
        response = Client().get(reverse("committees:calendar_feed_user", args=[token]))
        cal = strict_check(response.content)
        own_bodies = BodyMembership.objects.current().filter(region=demo, user=user).values_list("body_id", flat=True)
        allowed = set(Meeting.objects.filter(body_id__in=list(own_bodies)).values_list("uid", flat=True))
        uids = {str(e["UID"]) for e in cal.walk("VEVENT")}
        assert uids <= allowed
        events_seen += len(uids)
    assert events_seen, "the demo has members with meetings"
