"""Objects of region A for the calendar feed and OParl URLs in the persona matrix.

``oparl_world`` also serves the OParl, feed and iCalendar tests: a small committee world
with published and unpublished meetings, public and non-public agenda items, confidential
papers, files, members with and without consent to publication, and deleted objects.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from kim.committees.models import (
    AgendaItem,
    Body,
    BodyMembership,
    Decision,
    File,
    LegislativeTerm,
    Meeting,
    Paper,
)
from kim.committees.views_feeds import feed_token

PDF = b"%PDF-1.4\n% KIM test file\n"


def _file(region: Any, name: str, **parent: Any) -> File:
    path = f"committees/tests/{name}"
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(PDF))
    return File.objects.create(
        region=region, file=path, name=name, mime_type="application/pdf", size=len(PDF), sha256="0" * 64, **parent
    )


def oparl_world(w: Any) -> SimpleNamespace:
    """Build (once per World) the committee objects the tests look at."""
    cached = getattr(w, "_committees_public", None)
    if cached is not None:
        return cached
    region = w.region
    now = timezone.now().replace(microsecond=0)
    o = SimpleNamespace()
    o.steering = Body.objects.create(region=region, kind="steering_group", name="Lenkungsgruppe KIM", short_name="LG")
    o.working = Body.objects.create(
        region=region, kind="interface_working_group", name="Arbeitskreis Schnittstellen", short_name="AK"
    )
    o.project = Body.objects.create(region=region, kind="project_group", name="Projektgruppe Wohnen", parent=o.steering)
    o.term = LegislativeTerm.objects.create(
        region=region, body=o.steering, name="Förderperiode 2022–2026", start_on=dt.date(2022, 1, 1)
    )
    today = timezone.localdate()
    o.member_consent = BodyMembership.objects.create(
        region=region,
        body=o.steering,
        user=w.users["lenkung"],
        function="Jobcenter (Geschäftsführung)",
        role="voting",
        start_on=dt.date(2022, 6, 1),
        publish_name=True,
        publish_name_agreed_on=dt.date(2022, 6, 1),
    )
    o.member_hidden = BodyMembership.objects.create(
        region=region,
        body=o.steering,
        external_name="Geheim Gehalten",
        external_email="geheim@example.org",
        function="Kirchen",
        role="voting",
        start_on=dt.date(2022, 6, 1),
    )
    o.member_external = BodyMembership.objects.create(
        region=region,
        body=o.steering,
        external_name="Erika Beispiel",
        function="AG Wohlfahrt",
        role="advisory",
        start_on=dt.date(2022, 6, 1),
        publish_name=True,
        publish_name_agreed_on=dt.date(2022, 6, 1),
    )
    o.member_withdrawn = BodyMembership.objects.create(
        region=region,
        body=o.steering,
        external_name="Zurück Gezogen",
        function="Arbeitgeberverband",
        role="voting",
        start_on=dt.date(2022, 6, 1),
        publish_name=False,
        publish_name_agreed_on=dt.date(2022, 6, 1),
    )
    o.member_working = BodyMembership.objects.create(
        region=region, body=o.working, user=w.users["projektgruppe"], role="voting", start_on=today
    )
    o.meeting = Meeting.objects.create(
        region=region,
        body=o.steering,
        number=1,
        title="Konstituierende Sitzung",
        start=now + dt.timedelta(days=7),
        end=now + dt.timedelta(days=7, hours=2),
        location="Kreishaus Siegen, Raum 101",
        status="invited",
        published=True,
        first_published_at=now,
    )
    o.meeting_cancelled = Meeting.objects.create(
        region=region,
        body=o.steering,
        number=2,
        start=now + dt.timedelta(days=30),
        location="Kreishaus Siegen",
        status="cancelled",
        sequence=1,
        published=True,
    )
    o.meeting_internal = Meeting.objects.create(
        region=region,
        body=o.steering,
        number=3,
        title="Interne Vorbesprechung",
        start=now + dt.timedelta(days=14),
        location="Büro der Koordination",
    )
    o.meeting_deleted = Meeting.objects.create(
        region=region,
        body=o.steering,
        number=4,
        title="Gestrichene Sitzung",
        start=now + dt.timedelta(days=60),
        location="Kreishaus",
        published=True,
        deleted_at=now,
    )
    o.meeting_working = Meeting.objects.create(
        region=region,
        body=o.working,
        number=1,
        title="Arbeitstreffen",
        start=now + dt.timedelta(days=3),
        location="Rathaus Kreuztal",
    )
    o.paper_public = Paper.objects.create(
        region=region, body=o.steering, reference="LG-2022-01", title="Geschäftsordnung", published_on=today
    )
    o.paper_confidential = Paper.objects.create(
        region=region, body=o.steering, reference="LG-2022-02", title="Personalangelegenheit", confidential=True
    )
    o.paper_only_internal = Paper.objects.create(
        region=region, body=o.steering, reference="LG-2022-03", title="Entwurf Haushalt"
    )
    o.paper_deleted = Paper.objects.create(
        region=region, body=o.steering, reference="LG-2022-04", title="Zurückgezogen", deleted_at=now
    )
    o.item_public = AgendaItem.objects.create(
        region=region, meeting=o.meeting, position=1, number="1", title="Geschäftsordnung", paper=o.paper_public
    )
    o.item_child = AgendaItem.objects.create(
        region=region, meeting=o.meeting, parent=o.item_public, position=1, number="1.1", title="Aussprache"
    )
    o.item_secret = AgendaItem.objects.create(
        region=region,
        meeting=o.meeting,
        position=2,
        number="2",
        title="Vertrauliche Personalsache",
        public=False,
        paper=o.paper_confidential,
    )
    o.item_under_secret = AgendaItem.objects.create(
        region=region,
        meeting=o.meeting,
        parent=o.item_secret,
        position=1,
        number="2.1",
        title="Unterpunkt der Personalsache",
        paper=o.paper_only_internal,
    )
    o.item_deleted = AgendaItem.objects.create(
        region=region,
        meeting=o.meeting,
        position=3,
        number="3",
        title="Gestrichener Punkt",
        paper=o.paper_deleted,
        deleted_at=now,
    )
    o.item_internal_meeting = AgendaItem.objects.create(
        region=region, meeting=o.meeting_internal, position=1, number="1", title="Vorbesprechung"
    )
    o.decision = Decision.objects.create(
        region=region, agenda_item=o.item_public, text="Die Geschäftsordnung wird beschlossen.", result="adopted"
    )
    o.file_public = _file(region, "geschaeftsordnung.pdf", paper=o.paper_public)
    o.file_confidential = _file(region, "personal.pdf", paper=o.paper_confidential)
    o.file_meeting = _file(region, "einladung.pdf", meeting=o.meeting)
    o.file_secret_item = _file(region, "anlage-vertraulich.pdf", agenda_item=o.item_secret)
    o.file_deleted = _file(region, "alt.pdf", paper=o.paper_public)
    File.objects.filter(pk=o.file_deleted.pk).update(deleted_at=now)
    o.file_deleted.refresh_from_db()
    o.token_lenkung = feed_token(user=w.users["lenkung"], region=region)
    w._committees_public = o
    return o


# Imported only here: tests.permission_matrix loads every matrix*.py module, and some of
# them (kim/committees/tests/matrix.py) import oparl_world from this module.
from tests.permission_matrix import register_objects  # noqa: E402

register_objects("oparl:body")(lambda w: {"pk": w.region.pk})
for _name in (
    "body_organization",
    "body_person",
    "body_meeting",
    "body_agendaitem",
    "body_consultation",
    "body_paper",
    "body_file",
    "body_membership",
    "body_legislativeterm",
):
    register_objects(f"oparl:{_name}")(lambda w: {"pk": w.region.pk})
register_objects("oparl:organization")(lambda w: {"pk": oparl_world(w).steering.pk})
register_objects("oparl:organization_meeting")(lambda w: {"pk": oparl_world(w).steering.pk})
register_objects("oparl:person")(lambda w: {"pk": oparl_world(w).member_consent.user_id})
register_objects("oparl:membership")(lambda w: {"pk": oparl_world(w).member_consent.pk})
register_objects("oparl:meeting")(lambda w: {"pk": oparl_world(w).meeting.pk})
register_objects("oparl:location")(lambda w: {"pk": oparl_world(w).meeting.pk})
register_objects("oparl:agendaitem")(lambda w: {"pk": oparl_world(w).item_public.pk})
register_objects("oparl:consultation")(lambda w: {"pk": oparl_world(w).item_public.pk})
register_objects("oparl:paper")(lambda w: {"pk": oparl_world(w).paper_public.pk})
for _name in ("file", "file_access", "file_download"):
    register_objects(f"oparl:{_name}")(lambda w: {"pk": oparl_world(w).file_public.pk})
register_objects("oparl:legislativeterm")(lambda w: {"pk": oparl_world(w).term.pk})
register_objects("committees:calendar_feed_user")(lambda w: {"token": oparl_world(w).token_lenkung})
register_objects("committees:calendar_feed_body")(
    lambda w: {"token": oparl_world(w).token_lenkung, "pk": oparl_world(w).steering.pk}
)
