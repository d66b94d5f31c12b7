"""iCalendar output checked by a strict RFC 5545 parser.

Every file goes through ``ical`` (a validating parser: each property's value type,
required properties per component, date-time forms), is parsed with
``icalendar.Calendar.from_ical`` for the assertions, and the rules neither parser
enforces are checked by hand on the raw text: CRLF line endings, lines
of at most 75 octets, VERSION/PRODID, unique UIDs, DTSTAMP in UTC, every TZID defined by
a VTIMEZONE of the same calendar, SEQUENCE and STATUS:CANCELLED.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream
from ical.exceptions import CalendarParseError

from kim.committees import services
from kim.committees.ical import feed_to_ical, meeting_to_ical
from kim.committees.models import Body, Meeting
from kim.committees.tests.matrix_feeds import oparl_world

BERLIN = ZoneInfo("Europe/Berlin")


def unfold(text: str) -> list[str]:
    return re.sub(r"\r\n[ \t]", "", text).split("\r\n")


def strict_check(raw: bytes) -> Any:
    """Fail on anything a strict RFC 5545 parser would refuse; return the parsed calendar."""
    text = raw.decode("utf-8")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    for octets in raw.split(b"\r\n"):
        assert len(octets) <= 75, octets  # octets, not characters (RFC 5545 3.1)
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2] == "END:VCALENDAR"
    strict = IcsCalendarStream.calendar_from_ics(text)  # raises CalendarParseError on anything invalid
    assert strict.prodid
    cal: Any = icalendar.Calendar.from_ical(raw)
    assert cal["VERSION"] == "2.0"
    assert len(strict.events) == len(cal.walk("VEVENT"))
    assert cal["PRODID"]
    timezones = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    for tz in cal.walk("VTIMEZONE"):
        assert tz.walk("STANDARD")
        assert tz.walk("DAYLIGHT")
    uids = []
    for event in cal.walk("VEVENT"):
        uids.append(str(event["UID"]))
        assert event["DTSTAMP"].dt.utcoffset() == dt.timedelta(0)
        assert "SEQUENCE" in event
        assert "SUMMARY" in event
    assert len(uids) == len(set(uids))
    for line in lines:
        match = re.match(r"^[A-Z-]+;(?:[^:]*;)?TZID=([^;:]+)", line)
        if match:
            assert match.group(1) in timezones, line
        if line.startswith("DTSTAMP"):
            assert line.endswith("Z"), line
        if line.startswith(("DTSTART", "DTEND")) and not line.startswith(("DTSTART:1970", "DTSTART:19")):
            assert "TZID=Europe/Berlin" in line, line
    return cal


@pytest.fixture
def public(world: Any, settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return oparl_world(world)


def test_invitation_is_a_valid_itip_request_in_berlin_time(public: Any) -> None:
    raw = meeting_to_ical(public.meeting, url="https://kim.example/gremien/sitzung", attendee=("a@example.org", "Ä B"))
    cal = strict_check(raw)
    assert cal["METHOD"] == "REQUEST"
    [event] = cal.walk("VEVENT")
    assert str(event["UID"]) == public.meeting.uid
    assert event["SEQUENCE"] == 0
    assert event["DTSTART"].dt == public.meeting.start.astimezone(BERLIN).replace(microsecond=0)
    assert str(event["DTSTART"].params["TZID"]) == "Europe/Berlin"
    assert event["DTEND"].dt == public.meeting.end.astimezone(BERLIN).replace(microsecond=0)
    assert str(event["LOCATION"]) == "Kreishaus Siegen, Raum 101"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert str(event["ATTENDEE"]) == "mailto:a@example.org"
    assert str(event["URL"]) == "https://kim.example/gremien/sitzung"


def test_invitation_never_carries_the_agenda(public: Any) -> None:
    text = "".join(unfold(meeting_to_ical(public.meeting).decode()))
    assert "Konstituierende Sitzung" in text
    for title in ("Geschäftsordnung", "Vertrauliche Personalsache", "Aussprache"):
        assert title not in text


def test_vtimezone_gives_the_right_offsets_in_summer_and_winter(public: Any) -> None:
    cal = strict_check(meeting_to_ical(public.meeting))
    [tz] = cal.walk("VTIMEZONE")
    zone = tz.to_tz()
    naive = dt.datetime
    assert zone.utcoffset(naive(2027, 7, 1, 12)) == dt.timedelta(hours=2)
    assert zone.utcoffset(naive(2027, 1, 15, 12)) == dt.timedelta(hours=1)
    assert zone.utcoffset(naive(2027, 3, 28, 3, 30)) == dt.timedelta(hours=2)  # last Sunday of March
    assert zone.utcoffset(naive(2027, 10, 31, 3, 30)) == dt.timedelta(hours=1)  # last Sunday of October


def test_sequence_grows_when_the_time_changes_and_on_cancellation(public: Any, world: Any) -> None:
    meeting = public.meeting
    before = strict_check(meeting_to_ical(meeting)).walk("VEVENT")[0]
    services.meeting_update(
        actor=world.users["koordination"],
        meeting=meeting,
        start=meeting.start + dt.timedelta(hours=1),
        end=meeting.end + dt.timedelta(hours=1),
        title=meeting.title,
        location=meeting.location,
        online_url="",
        published=True,
    )
    meeting.refresh_from_db()
    after = strict_check(meeting_to_ical(meeting)).walk("VEVENT")[0]
    assert str(after["UID"]) == str(before["UID"])
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after["DTSTART"].dt == before["DTSTART"].dt + dt.timedelta(hours=1)
    services.meeting_cancel(actor=world.users["koordination"], meeting=meeting, reason="")
    meeting.refresh_from_db()
    cancel = strict_check(meeting_to_ical(meeting, method="CANCEL"))
    assert cancel["METHOD"] == "CANCEL"
    [event] = cancel.walk("VEVENT")
    assert str(event["UID"]) == str(before["UID"])
    assert event["SEQUENCE"] == after["SEQUENCE"] + 1
    assert str(event["STATUS"]) == "CANCELLED"


def test_cancelled_meeting_in_a_feed_is_marked_cancelled(public: Any) -> None:
    cal = strict_check(feed_to_ical([public.meeting, public.meeting_cancelled], name="Test"))
    assert cal["METHOD"] == "PUBLISH"
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert str(events[public.meeting_cancelled.uid]["STATUS"]) == "CANCELLED"
    assert events[public.meeting_cancelled.uid]["SEQUENCE"] == 1
    assert str(events[public.meeting.uid]["STATUS"]) == "CONFIRMED"
    assert len(cal.walk("VTIMEZONE")) == 1


def test_long_titles_with_umlauts_are_folded_at_75_octets(world: Any) -> None:
    body = Body.objects.create(region=world.region, kind="project_group", name="Projektgruppe Übergänge")
    meeting = Meeting.objects.create(
        region=world.region,
        body=body,
        number=1,
        title="Äußerst wichtige Sitzung über Öffnungszeiten, Übergänge und Größenordnungen " * 2,
        start=dt.datetime(2027, 3, 28, 10, 0, tzinfo=BERLIN),  # the day clocks go forward
        location="Großer Saal; Raum 1, Straße 2",
    )
    raw = meeting_to_ical(meeting)
    cal = strict_check(raw)
    [event] = cal.walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Projektgruppe Übergänge: Äußerst")
    assert str(event["LOCATION"]) == "Großer Saal; Raum 1, Straße 2"
    assert event["DTSTART"].dt.utcoffset() == dt.timedelta(hours=2)
    # Without an end, two hours are entered.
    assert event["DTEND"].dt - event["DTSTART"].dt == dt.timedelta(hours=2)


def test_unknown_method_is_refused(public: Any) -> None:
    with pytest.raises(ValueError, match="method"):
        meeting_to_ical(public.meeting, method="REPLY")


@pytest.mark.parametrize(
    "broken",
    [
        b"DTSTART;TZID=Europe/Berlin:2022-06-09 16:00\r\n",  # not an RFC 5545 DATE-TIME
        b"DTSTART;TZID=Mars/Olympus:20220609T160000\r\n",  # a time zone nobody defines
        b"STATUS:VERSCHOBEN\r\n",  # not a status of RFC 5545
        b"SEQUENCE:eins\r\n",  # INTEGER expected
    ],
)
def test_the_strict_parser_refuses_what_a_lenient_one_accepts(public: Any, broken: bytes) -> None:
    raw = meeting_to_ical(public.meeting)
    lines = raw.split(b"\r\n")
    key = broken.split(b":", 1)[0].split(b";", 1)[0]
    index = next(i for i, line in enumerate(lines) if line.split(b":", 1)[0].split(b";", 1)[0] == key)
    lines[index] = broken.rstrip(b"\r\n")
    with pytest.raises(CalendarParseError):  # refused by the strict parser itself
        strict_check(b"\r\n".join(lines))
