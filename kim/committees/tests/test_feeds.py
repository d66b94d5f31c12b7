"""The meeting calendar page and the personal iCalendar subscription feeds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kim.accounts.models import Membership
from kim.committees.models import BodyMembership, Meeting
from kim.committees.tests.matrix_feeds import oparl_world
from kim.committees.tests.test_ical import strict_check, unfold
from kim.committees.views_feeds import feed_token


@pytest.fixture
def public(world: Any, settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return oparl_world(world)


def _month(meeting: Meeting) -> str:
    return timezone.localtime(meeting.start).strftime("%Y-%m")


def _calendar_text(client: Client, **params: str) -> str:
    response = client.get(reverse("committees:calendar"), params)
    assert response.status_code == 200
    return response.content.decode()


def _all_months(client: Client, public: Any) -> str:
    months = {_month(m) for m in (public.meeting, public.meeting_cancelled, public.meeting_internal)}
    months |= {_month(public.meeting_working), _month(public.meeting_deleted)}
    return "".join(_calendar_text(client, monat=m) for m in sorted(months))


def test_member_sees_own_meetings_and_published_ones_of_other_bodies(public: Any, world: Any) -> None:
    text = _all_months(world.client_for("projektgruppe"), public)
    assert "Arbeitstreffen" in text  # own body, not published
    assert "Konstituierende Sitzung" in text  # other body, published
    assert "Interne Vorbesprechung" not in text  # other body, not published
    assert "Gestrichene Sitzung" not in text  # deleted


def test_steering_member_sees_internal_meetings_of_the_own_body(public: Any, world: Any) -> None:
    text = _all_months(world.client_for("lenkung"), public)
    assert "Interne Vorbesprechung" in text
    assert "Arbeitstreffen" not in text


def test_coordination_sees_every_meeting_and_cancellations(public: Any, world: Any) -> None:
    client = world.client_for("koordination")
    text = _all_months(client, public)
    for title in ("Konstituierende Sitzung", "Interne Vorbesprechung", "Arbeitstreffen"):
        assert title in text
    cancelled = _calendar_text(client, monat=_month(public.meeting_cancelled))
    assert "kern-badge--warning" in cancelled


def test_upcoming_list_and_bad_month_fall_back_without_error(public: Any, world: Any) -> None:
    client = world.client_for("koordination")
    upcoming = _calendar_text(client, ansicht="liste")
    assert "Konstituierende Sitzung" in upcoming
    assert "Arbeitstreffen" in upcoming
    for bad in ("gestern", "2026-13", "1200-01", ""):
        text = _calendar_text(client, monat=bad)
        assert timezone.localdate().strftime("%Y") in text


def test_empty_month_says_so(public: Any, world: Any) -> None:
    text = _calendar_text(world.client_for("lenkung"), monat="2001-01")
    assert "<table" not in text


@pytest.mark.parametrize(
    ("persona", "status"),
    [("fallmanagement1", 403), ("partner", 403), ("admin", 403), ("land", 403), ("lenkung", 200)],
)
def test_calendar_page_needs_committee_access(public: Any, world: Any, persona: str, status: int) -> None:
    assert world.client_for(persona).get(reverse("committees:calendar")).status_code == status


def test_anonymous_is_sent_to_login(world: Any) -> None:
    response = Client().get(reverse("committees:calendar"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_calendar_page_offers_working_personal_feed_addresses(public: Any, world: Any) -> None:
    response = world.client_for("lenkung").get(reverse("committees:calendar"))
    feeds = response.context["feeds"]
    assert len(feeds) == 2  # own meetings + the one body lenkung sits in
    assert feeds[1]["label"].endswith("Lenkungsgruppe KIM")
    for feed in feeds:
        assert feed["url"].startswith("http://testserver/gremien/kalender/abo/")
        assert feed["webcal"] == "webcal://" + feed["url"].removeprefix("http://")
        assert feed["url"] in response.content.decode()
        fetched = Client().get(feed["url"])  # a calendar program has no session
        assert fetched.status_code == 200
        assert fetched["Content-Type"] == "text/calendar; charset=utf-8"
        strict_check(fetched.content)


def test_meeting_without_title_is_named_once(public: Any, world: Any) -> None:
    text = _calendar_text(world.client_for("lenkung"), monat=_month(public.meeting_cancelled))
    assert "LG: LG" not in text


def test_user_feed_holds_own_meetings_with_cancellations_and_no_agenda(public: Any, world: Any) -> None:
    response = Client().get(reverse("committees:calendar_feed_user", args=[public.token_lenkung]))
    cal = strict_check(response.content)
    uids = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert set(uids) == {public.meeting.uid, public.meeting_cancelled.uid, public.meeting_internal.uid}
    assert str(uids[public.meeting_cancelled.uid]["STATUS"]) == "CANCELLED"
    text = "".join(unfold(response.content.decode()))
    for secret in ("Vertrauliche Personalsache", "Geschäftsordnung", "Geheim Gehalten", "Arbeitstreffen"):
        assert secret not in text
    assert str(uids[public.meeting.uid]["URL"]).endswith(
        reverse("committees:meeting_detail", kwargs={"pk": public.meeting.pk})
    )


def test_body_feed_only_for_members_of_that_body(public: Any, world: Any) -> None:
    own = Client().get(reverse("committees:calendar_feed_body", args=[public.token_lenkung, public.steering.pk]))
    assert own.status_code == 200
    assert len(strict_check(own.content).walk("VEVENT")) == 3
    other = Client().get(reverse("committees:calendar_feed_body", args=[public.token_lenkung, public.working.pk]))
    assert other.status_code == 404
    manager_token = feed_token(user=world.users["koordination"], region=world.region)
    managed = Client().get(reverse("committees:calendar_feed_body", args=[manager_token, public.working.pk]))
    assert managed.status_code == 200


@pytest.mark.parametrize("change", ["tampered", "password", "deactivated", "role_ended", "other_region"])
def test_feed_token_stops_working(public: Any, world: Any, change: str) -> None:
    token = public.token_lenkung
    user = world.users["lenkung"]
    if change == "tampered":
        token = token[:-1] + ("0" if token[-1] != "0" else "1")
    elif change == "password":
        user.set_password("ein-neues-passwort-2026")
        user.save(update_fields=["password"])
    elif change == "deactivated":
        user.is_active = False
        user.save(update_fields=["is_active"])
    elif change == "role_ended":
        Membership.objects.filter(user=user).update(
            valid_from=timezone.localdate() - dt.timedelta(days=10),
            valid_until=timezone.localdate() - dt.timedelta(days=1),
        )
    elif change == "other_region":
        token = token[:32] + world.other_region.pk.hex + token[64:]
    response = Client().get(reverse("committees:calendar_feed_user", args=[token]))
    assert response.status_code == 404


def test_ended_seat_removes_the_body_from_the_feed(public: Any, world: Any) -> None:
    BodyMembership.objects.filter(pk=public.member_consent.pk).update(
        start_on=dt.date(2022, 1, 1), end_on=timezone.localdate() - dt.timedelta(days=1)
    )
    user_feed = Client().get(reverse("committees:calendar_feed_user", args=[public.token_lenkung]))
    assert strict_check(user_feed.content).walk("VEVENT") == []
    body_feed = Client().get(reverse("committees:calendar_feed_body", args=[public.token_lenkung, public.steering.pk]))
    assert body_feed.status_code == 404


def test_garbage_tokens_answer_404_not_500(world: Any) -> None:
    for token in ("x", "z" * 96, "0" * 96):
        response = Client().get(reverse("committees:calendar_feed_user", args=[token]))
        assert response.status_code == 404
