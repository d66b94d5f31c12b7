"""iCalendar (RFC 5545) for meetings: single invitations (iTIP, RFC 5546) and subscription feeds.

What a strict parser expects and this module guarantees:

* ``VERSION:2.0`` and ``PRODID`` on every calendar; CRLF line endings and lines folded
  at 75 octets (the ``icalendar`` library does both).
* Every ``VEVENT`` has the meeting's stable ``UID`` (kept for the meeting's whole life),
  ``DTSTAMP`` in UTC, ``DTSTART``/``DTEND`` with ``TZID=Europe/Berlin`` and one
  ``VTIMEZONE`` for that zone in the same calendar, and ``SEQUENCE`` (grows with every
  change of time or place and with a cancellation, kept on the meeting).
* Cancelled meetings carry ``STATUS:CANCELLED``; a cancellation message (``METHOD:CANCEL``)
  repeats UID and the raised SEQUENCE so calendar programs remove the entry.

Feeds (``METHOD:PUBLISH``) carry only a summary: body, title, time, place and whether the
meeting is cancelled — never agenda items, papers or members, so nothing confidential
leaves the platform through a calendar subscription.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, override

from kim.committees.models import Meeting

TZID = "Europe/Berlin"
PRODID = "-//KIM Kommunales Integrationsmanagement//Gremien//DE"
METHODS = frozenset({"PUBLISH", "REQUEST", "CANCEL"})
# A meeting without an end is entered with this length.
DEFAULT_DURATION = dt.timedelta(hours=2)


def _import_icalendar() -> Any:
    import icalendar

    return icalendar


def berlin_timezone() -> Any:
    """The VTIMEZONE for Europe/Berlin with the EU rules in force since 1996.

    Written out with RRULEs (as common calendar programs do) instead of a list of
    transition dates, so it stays valid beyond any cut-off year.
    """
    ical = _import_icalendar()
    tz = ical.Timezone()
    tz.add("tzid", TZID)
    tz.add("x-lic-location", TZID)
    daylight = ical.TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("tzoffsetfrom", dt.timedelta(hours=1))
    daylight.add("tzoffsetto", dt.timedelta(hours=2))
    daylight.add("dtstart", dt.datetime(1970, 3, 29, 2, 0, 0))  # noqa: DTZ001 - local time of the rule
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    standard = ical.TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("tzoffsetfrom", dt.timedelta(hours=2))
    standard.add("tzoffsetto", dt.timedelta(hours=1))
    standard.add("dtstart", dt.datetime(1970, 10, 25, 3, 0, 0))  # noqa: DTZ001 - local time of the rule
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    tz.add_component(daylight)
    tz.add_component(standard)
    return tz


def _calendar(*, method: str, name: str | None = None) -> Any:
    if method not in METHODS:
        raise ValueError(f"Unknown iTIP method {method!r}")
    ical = _import_icalendar()
    cal = ical.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", TZID)
    cal.add_component(berlin_timezone())
    return cal


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value, ZoneInfo(TZID)).replace(microsecond=0)


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(microsecond=0)


def _summary(meeting: Meeting) -> str:
    body = meeting.body.label
    if meeting.title:
        return f"{body}: {meeting.title}"
    return gettext("%(body)s, meeting no. %(number)s") % {"body": body, "number": meeting.number}


def _status(meeting: Meeting) -> str:
    if meeting.cancelled or meeting.deleted_at is not None:
        return "CANCELLED"
    if meeting.status == Meeting.Status.PLANNED:
        return "TENTATIVE"
    return "CONFIRMED"


def meeting_event(
    meeting: Meeting,
    *,
    url: str | None = None,
    cancel: bool = False,
    organizer: tuple[str, str] | None = None,
    attendee: tuple[str, str] | None = None,
) -> Any:
    """One VEVENT with the public summary of ``meeting``.

    ``organizer``/``attendee`` are ``(e-mail, display name)`` pairs and only go into
    invitation messages (iTIP), never into feeds.
    """
    ical = _import_icalendar()
    event = ical.Event()
    event.add("uid", meeting.uid)
    # DTSTAMP: every calendar here carries a METHOD, so it is the time the object was
    # created (RFC 5545 3.8.7.2), always in UTC; LAST-MODIFIED tells when the meeting changed.
    event.add("dtstamp", _utc(timezone.now()))
    if meeting.created_at:
        event.add("created", _utc(meeting.created_at))
    if meeting.updated_at:
        event.add("last-modified", _utc(meeting.updated_at))
    event.add("sequence", meeting.sequence)
    start = _local(meeting.start)
    end = _local(meeting.end) if meeting.end else start + DEFAULT_DURATION
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", _summary(meeting))
    if meeting.location:
        event.add("location", meeting.location)
    status = "CANCELLED" if cancel else _status(meeting)
    event.add("status", status)
    event.add("transp", "TRANSPARENT" if status == "CANCELLED" else "OPAQUE")
    event.add("class", "PUBLIC" if meeting.published else "PRIVATE")
    lines = []
    if status == "CANCELLED":
        lines.append(gettext("This meeting has been cancelled."))
    if meeting.online_url and status != "CANCELLED":
        lines.append(gettext("Online: %(url)s") % {"url": meeting.online_url})
    if url:
        event.add("url", url)
        lines.append(gettext("Details on the platform: %(url)s") % {"url": url})
    if lines:
        event.add("description", "\n".join(lines))
    if organizer is not None:
        org = ical.vCalAddress(f"mailto:{organizer[0]}")
        org.params["cn"] = ical.vText(organizer[1])
        event.add("organizer", org)
    if attendee is not None:
        person = ical.vCalAddress(f"mailto:{attendee[0]}")
        person.params["cn"] = ical.vText(attendee[1])
        person.params["role"] = ical.vText("REQ-PARTICIPANT")
        person.params["partstat"] = ical.vText("NEEDS-ACTION")
        person.params["rsvp"] = ical.vText("FALSE")
        event.add("attendee", person)
    return event


def meeting_to_ical(
    meeting: Meeting,
    *,
    method: str = "REQUEST",
    url: str | None = None,
    attendee: tuple[str, str] | None = None,
) -> bytes:
    """The invitation (``REQUEST``) or cancellation (``CANCEL``) of one meeting as an .ics file.

    ``attendee`` is the ``(e-mail, name)`` of the one recipient: each member gets an
    attachment naming only themselves, so members' addresses are not passed around.
    The organiser is the platform's sender address with the body's name. The agenda is
    not part of the file; ``url`` links to the meeting page instead.
    """
    cancel = method == "CANCEL" or meeting.cancelled
    with override(settings.LANGUAGE_CODE):
        cal = _calendar(method=method)
        organizer = (settings.DEFAULT_FROM_EMAIL, meeting.body.name) if method != "PUBLISH" else None
        cal.add_component(meeting_event(meeting, url=url, cancel=cancel, organizer=organizer, attendee=attendee))
    return bytes(cal.to_ical())


def feed_to_ical(meetings: Iterable[Meeting], *, name: str, url_for: Any = None) -> bytes:
    """A subscription feed (``METHOD:PUBLISH``) with one VEVENT per meeting.

    ``url_for`` (optional) maps a meeting to the absolute URL of its page.
    """
    with override(settings.LANGUAGE_CODE):
        cal = _calendar(method="PUBLISH", name=name)
        cal.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "PT1H")
        for meeting in meetings:
            cal.add_component(meeting_event(meeting, url=url_for(meeting) if url_for else None))
    return bytes(cal.to_ical())
