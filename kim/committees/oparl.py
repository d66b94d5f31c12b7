"""OParl 1.1: the public, read-only view of the committees (https://oparl.org/spezifikation/).

Mapping of our models to OParl types:

=====================  ===========================================================
OParl                  KIM
=====================  ===========================================================
``oparl:System``       the platform
``oparl:Body``         the ``Region`` (Kreis / kreisfreie Stadt)
``oparl:Organization`` a committee ``Body`` (organizationType "Gremium")
``oparl:Person``       a member who agreed to publication of their name
``oparl:Membership``   a ``BodyMembership`` with that consent
``oparl:Meeting``      a published ``Meeting``
``oparl:AgendaItem``   a public ``AgendaItem`` of a published meeting
``oparl:Consultation`` a public agenda item that deals with a paper
``oparl:Paper``        a non-confidential ``Paper`` on a public agenda item of a published meeting
``oparl:File``         a ``File`` of something published, itself not confidential
``oparl:LegislativeTerm``  a ``LegislativeTerm``
``oparl:Location``     the place of a meeting (embedded only)
=====================  ===========================================================

What is published is decided by the flags only (``Meeting.published``, ``AgendaItem.public``
for the item and every item above it, ``Paper.confidential``), never by the reader: the
API has no login. Confidential material never appears, not even as a reference.

Persons: a member appears only with their consent (``BodyMembership.publish_name``).
Members without it are left out entirely — no Person, no Membership and no reference —
so nothing about them can be read from the API. A Person is identified by the user
account (members with an account) or by the membership (external members).

Deleted objects (``deleted_at``), members who withdrew their consent (the date of the
consent is kept) and meetings that were published once and are no longer
(``Meeting.first_published_at``) keep answering with HTTP 200 and ``deleted: true``
(spec, "Gelöschte Objekte"): only ``id``, ``type``,
``created``, ``modified`` and ``deleted`` remain — plus the fields the official schema
requires (``order`` of an AgendaItem, ``accessUrl`` of a File, which then answers 410).
Deleted objects are listed in the external lists too, so clients that synchronise with
``modified_since`` learn about them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import DateTimeField, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.utils.translation import gettext, override
from django.views.decorators.http import require_safe

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
from kim.core.errors import ValidationFailed
from kim.core.models import Region

SCHEMA = "https://schema.oparl.org/1.1/"
OPARL_VERSION = SCHEMA
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
# Deepest agenda nesting that is published: deeper items are left out (every item above
# must be public, and this is checked up to this depth in the database).
MAX_AGENDA_DEPTH = 3


def oparl_type(name: str) -> str:
    return f"{SCHEMA}{name}"


# --- formatting -------------------------------------------------------------------------


def _datetime(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out attributes without a value (the spec asks not to send null or empty values)."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _modified(obj: Any) -> dt.datetime:
    values = [v for v in (getattr(obj, "updated_at", None), getattr(obj, "deleted_at", None)) if v is not None]
    return max(values)


@dataclass
class Urls:
    """Absolute URLs of OParl objects for one request (OParl ids are URLs)."""

    request: HttpRequest

    def __call__(self, name: str, pk: Any = None) -> str:
        kwargs = {"pk": pk} if pk is not None else None
        return self.request.build_absolute_uri(reverse(f"oparl:{name}", kwargs=kwargs))


# --- what is published (flags only) -------------------------------------------------------


def _public_chain(prefix: str = "") -> Q:
    """The agenda item (at ``prefix``) and every item above it are public, up to MAX_AGENDA_DEPTH."""
    q = Q(**{f"{prefix}public": True})
    parent = f"{prefix}parent__"
    for _level in range(1, MAX_AGENDA_DEPTH):
        q &= Q(**{f"{parent}isnull": True}) | Q(**{f"{parent}public": True})
        parent += "parent__"
    return q & Q(**{f"{parent}isnull": True})


def _scope(qs: QuerySet[Any], region: Region | None) -> QuerySet[Any]:
    """Limit to one region, or to all active regions (objects looked up by id alone)."""
    if region is not None:
        return qs.filter(region=region)
    return qs.filter(region__is_active=True)


def _has_published_meeting(body_field: str = "body_id") -> Exists:
    return Exists(Meeting.objects.filter(body=OuterRef(body_field), published=True))


def published_meetings(region: Region | None) -> QuerySet[Meeting]:
    """Published meetings, and those published once (they answer as deleted objects)."""
    return _scope(Meeting.objects.filter(Q(published=True) | Q(first_published_at__isnull=False)), region)


def published_agenda_items(region: Region | None) -> QuerySet[AgendaItem]:
    return _scope(AgendaItem.objects.filter(_public_chain(), meeting__published=True), region)


def published_papers(region: Region | None) -> QuerySet[Paper]:
    on_public_item = Exists(published_agenda_items(None).filter(paper=OuterRef("pk")))
    return _scope(Paper.objects.filter(on_public_item, confidential=False), region)


def published_bodies(region: Region | None) -> QuerySet[Body]:
    """Bodies with at least one published meeting (as for signed-in people who are not members)."""
    return _scope(Body.objects.filter(_has_published_meeting("pk")), region)


def published_files(region: Region | None) -> QuerySet[File]:
    items = published_agenda_items(None)
    on_meeting = Q(meeting__isnull=False, meeting__published=True)
    on_item = Q(agenda_item__isnull=False) & Q(Exists(items.filter(pk=OuterRef("agenda_item_id"))))
    on_paper = Q(paper__isnull=False, paper__confidential=False) & Q(
        Exists(items.filter(paper_id=OuterRef("paper_id")))
    )
    return _scope(File.objects.filter(on_meeting | on_item | on_paper), region)


def published_memberships(region: Region | None) -> QuerySet[BodyMembership]:
    """Memberships of members who agreed to publication (now, or before: withdrawn ones become stubs)."""
    consent = Q(publish_name=True) | Q(publish_name_agreed_on__isnull=False)
    return _scope(BodyMembership.objects.filter(consent).filter(_has_published_meeting()), region)


def published_terms(region: Region | None) -> QuerySet[LegislativeTerm]:
    return _scope(LegislativeTerm.objects.filter(_has_published_meeting()), region)


def _membership_is_live(membership: BodyMembership) -> bool:
    return membership.publish_name and membership.deleted_at is None and membership.body.deleted_at is None


# --- serialisers -----------------------------------------------------------------------


def _deleted(kind: str, url: str, obj: Any, **required: Any) -> dict[str, Any]:
    return {
        "id": url,
        "type": oparl_type(kind),
        "created": _datetime(obj.created_at),
        "modified": _datetime(_modified(obj)),
        "deleted": True,
        **required,
    }


def system_data(urls: Urls) -> dict[str, Any]:
    return _compact(
        {
            "id": urls("system"),
            "type": oparl_type("System"),
            "oparlVersion": OPARL_VERSION,
            "body": urls("body_list"),
            "name": gettext("KIM – municipal integration management"),
            "website": urls.request.build_absolute_uri("/"),
        }
    )


def body_data(urls: Urls, region: Region, terms: Iterable[LegislativeTerm]) -> dict[str, Any]:
    pk = region.pk
    data = _compact(
        {
            "id": urls("body", pk),
            "type": oparl_type("Body"),
            "system": urls("system"),
            "name": region.name,
            "shortName": region.slug,
            "ags": region.ags,
            "classification": region.get_kind_display(),
            "organization": urls("body_organization", pk),
            "person": urls("body_person", pk),
            "meeting": urls("body_meeting", pk),
            "paper": urls("body_paper", pk),
            "agendaItem": urls("body_agendaitem", pk),
            "consultation": urls("body_consultation", pk),
            "file": urls("body_file", pk),
            "membership": urls("body_membership", pk),
            "legislativeTermList": urls("body_legislativeterm", pk),
            "created": _datetime(region.created_at),
            "modified": _datetime(region.updated_at),
        }
    )
    # Required by the schema, so given even when empty.
    data["legislativeTerm"] = [legislative_term_data(urls, term) for term in terms if term.deleted_at is None]
    return data


def organization_data(
    urls: Urls, body: Body, *, memberships: Sequence[BodyMembership], parent_published: bool
) -> dict[str, Any]:
    url = urls("organization", body.pk)
    if body.deleted_at is not None:
        return _deleted("Organization", url, body)
    return _compact(
        {
            "id": url,
            "type": oparl_type("Organization"),
            "body": urls("body", body.region_id),
            "name": body.name,
            "shortName": body.short_name,
            "organizationType": "Gremium",
            "classification": body.get_kind_display(),
            "subOrganizationOf": urls("organization", body.parent_id) if body.parent_id and parent_published else None,
            "membership": [urls("membership", m.pk) for m in memberships if _membership_is_live(m)],
            "meeting": urls("organization_meeting", body.pk),
            "created": _datetime(body.created_at),
            "modified": _datetime(_modified(body)),
        }
    )


def membership_data(urls: Urls, membership: BodyMembership, *, embedded: bool = False) -> dict[str, Any]:
    url = urls("membership", membership.pk)
    if not _membership_is_live(membership):
        return _deleted("Membership", url, membership)
    return _compact(
        {
            "id": url,
            "type": oparl_type("Membership"),
            # The person is left out where the membership is embedded in it (spec).
            "person": None if embedded else urls("person", person_key(membership)),
            "organization": urls("organization", membership.body_id),
            "role": membership.function or membership.get_role_display(),
            "votingRight": membership.role == BodyMembership.Role.VOTING,
            "startDate": _date(membership.start_on),
            "endDate": _date(membership.end_on),
            "created": _datetime(membership.created_at),
            "modified": _datetime(_modified(membership)),
        }
    )


def person_key(membership: BodyMembership) -> uuid.UUID:
    """A member with an account is one Person across bodies; an external member is one per seat."""
    return membership.user_id if membership.user_id is not None else membership.pk


@dataclass
class PersonRecord:
    """A Person put together from the published memberships of one member."""

    pk: uuid.UUID
    region_id: uuid.UUID
    memberships: list[BodyMembership] = field(default_factory=list)

    @property
    def live(self) -> list[BodyMembership]:
        return [m for m in self.memberships if _membership_is_live(m)]

    @property
    def created_at(self) -> dt.datetime:
        return min(m.created_at for m in self.memberships)

    @property
    def updated_at(self) -> dt.datetime:
        return max(_modified(m) for m in self.memberships)

    deleted_at = None


def person_records(memberships: Iterable[BodyMembership]) -> list[PersonRecord]:
    records: dict[uuid.UUID, PersonRecord] = {}
    for membership in memberships:
        key = person_key(membership)
        records.setdefault(key, PersonRecord(pk=key, region_id=membership.region_id)).memberships.append(membership)
    return sorted(records.values(), key=lambda r: (r.created_at, str(r.pk)))


def person_data(urls: Urls, record: PersonRecord) -> dict[str, Any]:
    url = urls("person", record.pk)
    live = record.live
    if not live:
        return _deleted("Person", url, record)
    first = live[0]
    user = first.user
    return _compact(
        {
            "id": url,
            "type": oparl_type("Person"),
            "body": urls("body", record.region_id),
            "name": first.display_name,
            "givenName": user.first_name if user is not None else None,
            "familyName": user.last_name if user is not None else None,
            "membership": [membership_data(urls, m, embedded=True) for m in live],
            "created": _datetime(record.created_at),
            "modified": _datetime(record.updated_at),
        }
    )


def legislative_term_data(urls: Urls, term: LegislativeTerm) -> dict[str, Any]:
    url = urls("legislativeterm", term.pk)
    if term.deleted_at is not None:
        return _deleted("LegislativeTerm", url, term)
    return _compact(
        {
            "id": url,
            "type": oparl_type("LegislativeTerm"),
            "body": urls("body", term.region_id),
            "name": f"{term.body.label}: {term.name}",
            "startDate": _date(term.start_on),
            "endDate": _date(term.end_on),
            "created": _datetime(term.created_at),
            "modified": _datetime(_modified(term)),
        }
    )


def _meeting_gone(meeting: Meeting) -> bool:
    return meeting.deleted_at is not None or meeting.body.deleted_at is not None or not meeting.published


def _meeting_state(meeting: Meeting) -> str:
    with override("de"):
        return str(meeting.get_status_display())


def location_data(urls: Urls, meeting: Meeting) -> dict[str, Any]:
    return {
        "id": urls("location", meeting.pk),
        "type": oparl_type("Location"),
        "description": meeting.location,
        "meetings": [urls("meeting", meeting.pk)],
    }


@dataclass
class AgendaContext:
    """Published agenda items of some meetings with their order (1, 2, … depth first)."""

    items: dict[uuid.UUID, list[AgendaItem]]  # meeting id → items in order
    order: dict[uuid.UUID, int]
    decisions: dict[uuid.UUID, Decision]
    files: dict[uuid.UUID, list[File]]  # agenda item id → files

    @classmethod
    def load(cls, meeting_ids: Iterable[uuid.UUID]) -> AgendaContext:
        ids = list(meeting_ids)
        rows = list(
            published_agenda_items(None)
            .filter(meeting_id__in=ids)
            .select_related("paper", "meeting", "meeting__body")
            .order_by("meeting_id", "position", "created_at")
        )
        by_parent: dict[tuple[uuid.UUID, uuid.UUID | None], list[AgendaItem]] = {}
        for item in rows:
            by_parent.setdefault((item.meeting_id, item.parent_id), []).append(item)
        items: dict[uuid.UUID, list[AgendaItem]] = {}
        order: dict[uuid.UUID, int] = {}

        def walk(meeting_id: uuid.UUID, parent: uuid.UUID | None) -> None:
            for item in by_parent.get((meeting_id, parent), []):
                items.setdefault(meeting_id, []).append(item)
                order[item.pk] = len(items[meeting_id])
                walk(meeting_id, item.pk)

        for meeting_id in ids:
            walk(meeting_id, None)
        decisions: dict[uuid.UUID, Decision] = {}
        for decision in Decision.objects.filter(agenda_item_id__in=order).order_by("created_at"):
            decisions[decision.agenda_item_id] = decision  # the latest counts
        files: dict[uuid.UUID, list[File]] = {}
        for file in File.objects.filter(agenda_item_id__in=order, deleted_at__isnull=True).order_by("name"):
            files.setdefault(file.agenda_item_id, []).append(file)
        return cls(items=items, order=order, decisions=decisions, files=files)


def _item_gone(item: AgendaItem) -> bool:
    return item.deleted_at is not None or _meeting_gone(item.meeting)


def agenda_item_data(urls: Urls, item: AgendaItem, agenda: AgendaContext) -> dict[str, Any]:
    url = urls("agendaitem", item.pk)
    order = agenda.order.get(item.pk, item.position)
    if _item_gone(item):
        return _deleted("AgendaItem", url, item, order=order)
    decision = agenda.decisions.get(item.pk)
    paper_published = item.paper is not None and not item.paper.confidential
    return _compact(
        {
            "id": url,
            "type": oparl_type("AgendaItem"),
            "meeting": urls("meeting", item.meeting_id),
            "number": item.number,
            "order": order,
            "name": item.title,
            "public": True,
            "consultation": urls("consultation", item.pk) if paper_published else None,
            "result": decision.get_result_display() if decision is not None else None,
            "resolutionText": decision.text if decision is not None else None,
            "auxiliaryFile": [file_data(urls, f) for f in agenda.files.get(item.pk, [])],
            "created": _datetime(item.created_at),
            "modified": _datetime(_modified(item)),
        }
    )


def consultation_data(urls: Urls, item: AgendaItem, agenda: AgendaContext) -> dict[str, Any]:
    url = urls("consultation", item.pk)
    if _item_gone(item) or item.paper is None or item.paper.deleted_at is not None:
        return _deleted("Consultation", url, item)
    decision = agenda.decisions.get(item.pk)
    return _compact(
        {
            "id": url,
            "type": oparl_type("Consultation"),
            "paper": urls("paper", item.paper_id),
            "agendaItem": urls("agendaitem", item.pk),
            "meeting": urls("meeting", item.meeting_id),
            "organization": [urls("organization", item.meeting.body_id)],
            "authoritative": decision is not None
            and decision.result in {Decision.Result.ADOPTED, Decision.Result.REJECTED},
            "created": _datetime(item.created_at),
            "modified": _datetime(_modified(item)),
        }
    )


def meeting_data(urls: Urls, meeting: Meeting, agenda: AgendaContext, files: Sequence[File]) -> dict[str, Any]:
    url = urls("meeting", meeting.pk)
    if _meeting_gone(meeting):
        return _deleted("Meeting", url, meeting)
    items = [i for i in agenda.items.get(meeting.pk, []) if i.deleted_at is None]
    modified = max([_modified(meeting), *(_modified(i) for i in agenda.items.get(meeting.pk, []))])
    return _compact(
        {
            "id": url,
            "type": oparl_type("Meeting"),
            "name": meeting.display_title,
            "meetingState": _meeting_state(meeting),
            "cancelled": meeting.cancelled,
            "start": _datetime(meeting.start),
            "end": _datetime(meeting.end),
            "location": location_data(urls, meeting) if meeting.location else None,
            "organization": [urls("organization", meeting.body_id)],
            "auxiliaryFile": [file_data(urls, f) for f in files if f.deleted_at is None],
            "agendaItem": [agenda_item_data(urls, i, agenda) for i in items],
            "created": _datetime(meeting.created_at),
            "modified": _datetime(modified),
        }
    )


def paper_data(urls: Urls, paper: Paper, *, items: Sequence[AgendaItem], agenda: AgendaContext) -> dict[str, Any]:
    url = urls("paper", paper.pk)
    if paper.deleted_at is not None or paper.body.deleted_at is not None:
        return _deleted("Paper", url, paper)
    files = [f for f in paper.files.all() if f.deleted_at is None]
    with override("de"):
        paper_type = str(paper.get_kind_display())
    return _compact(
        {
            "id": url,
            "type": oparl_type("Paper"),
            "body": urls("body", paper.region_id),
            "name": paper.title,
            "reference": paper.reference,
            "date": _date(paper.published_on),
            "paperType": paper_type,
            "mainFile": file_data(urls, files[0]) if files else None,
            "auxiliaryFile": [file_data(urls, f) for f in files[1:]],
            "underDirectionOf": [urls("organization", paper.body_id)],
            "consultation": [consultation_data(urls, i, agenda) for i in items if not _item_gone(i)],
            "created": _datetime(paper.created_at),
            "modified": _datetime(_modified(paper)),
        }
    )


def file_data(urls: Urls, file: File) -> dict[str, Any]:
    url = urls("file", file.pk)
    access = urls("file_access", file.pk)
    if file.deleted_at is not None:
        # accessUrl is required by the schema even for deleted files; it answers 410 Gone.
        return _deleted("File", url, file, accessUrl=access)
    return _compact(
        {
            "id": url,
            "type": oparl_type("File"),
            "name": file.name,
            "fileName": file.name,
            "mimeType": file.mime_type,
            "size": file.size,
            "date": _date(timezone.localdate(file.created_at)),
            "accessUrl": access,
            "downloadUrl": urls("file_download", file.pk),
            "meeting": [urls("meeting", file.meeting_id)] if file.meeting_id else None,
            "agendaItem": [urls("agendaitem", file.agenda_item_id)] if file.agenda_item_id else None,
            "paper": [urls("paper", file.paper_id)] if file.paper_id else None,
            "created": _datetime(file.created_at),
            "modified": _datetime(_modified(file)),
        }
    )


# --- lists: filters and pages ---------------------------------------------------------


@dataclass(frozen=True)
class ListQuery:
    """The parsed query of an external list: filters, page and page size."""

    filters: dict[str, dt.datetime]
    page: int
    per_page: int
    raw: dict[str, str]

    @classmethod
    def parse(cls, params: Any) -> ListQuery:
        filters: dict[str, dt.datetime] = {}
        raw: dict[str, str] = {}
        for name in FILTERS:
            value = params.get(name)
            if value in (None, ""):
                continue
            parsed = _parse_datetime(value)
            if parsed is None:
                raise ValidationFailed(
                    gettext("The filter %(name)s needs a date and time such as 2026-01-31T12:00:00+01:00.")
                    % {"name": name},
                    field=name,
                )
            filters[name] = parsed
            raw[name] = value
        per_page = _positive_int(params.get("limit") or params.get("elementsPerPage"), DEFAULT_PAGE_SIZE, "limit")
        page = _positive_int(params.get("page"), 1, "page")
        return cls(filters=filters, page=page, per_page=min(per_page, MAX_PAGE_SIZE), raw=raw)


def _parse_datetime(value: str) -> dt.datetime | None:
    try:
        parsed = parse_datetime(value.replace(" ", "+"))  # an unencoded "+" arrives as a space
    except ValueError:
        return None
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _positive_int(value: str | None, default: int, name: str) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)  # type: ignore[arg-type]
    except ValueError:
        number = 0
    if number < 1:
        raise ValidationFailed(gettext("%(name)s must be a whole number of 1 or more.") % {"name": name}, field=name)
    return number


def _matches(query: ListQuery, created: dt.datetime, modified: dt.datetime) -> bool:
    f = query.filters
    return (
        ("created_since" not in f or created >= f["created_since"])
        and ("created_until" not in f or created <= f["created_until"])
        and ("modified_since" not in f or modified >= f["modified_since"])
        and ("modified_until" not in f or modified <= f["modified_until"])
    )


def filter_queryset(qs: QuerySet[Any], query: ListQuery) -> QuerySet[Any]:
    """Apply the date filters in the database.

    ``modified`` is the later of change and deletion, or the annotation ``oparl_modified``
    where a main object also changes with its sub-objects (meetings with their agenda).
    """
    f = query.filters
    if "created_since" in f:
        qs = qs.filter(created_at__gte=f["created_since"])
    if "created_until" in f:
        qs = qs.filter(created_at__lte=f["created_until"])
    if "oparl_modified" in qs.query.annotations:
        if "modified_since" in f:
            qs = qs.filter(oparl_modified__gte=f["modified_since"])
        if "modified_until" in f:
            qs = qs.filter(oparl_modified__lte=f["modified_until"])
        return qs.order_by("created_at", "pk")
    # Regions (OParl Body) are never deleted and have no ``deleted_at``.
    soft_deleted = any(f.name == "deleted_at" for f in qs.model._meta.get_fields())
    if "modified_since" in f:
        since = Q(updated_at__gte=f["modified_since"])
        if soft_deleted:
            since |= Q(deleted_at__gte=f["modified_since"])
        qs = qs.filter(since)
    if "modified_until" in f:
        qs = qs.filter(updated_at__lte=f["modified_until"])
        if soft_deleted:
            qs = qs.filter(Q(deleted_at__isnull=True) | Q(deleted_at__lte=f["modified_until"]))
    return qs.order_by("created_at", "pk")


def with_agenda_modified(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Annotate ``oparl_modified``: a meeting counts as changed when a published agenda item changed."""
    latest_item = (
        AgendaItem.objects.filter(_public_chain(), meeting=OuterRef("pk"))
        .order_by()
        .values("meeting")
        .annotate(latest=Max("updated_at"))
        .values("latest")
    )
    return meetings.annotate(
        oparl_modified=Greatest(
            "updated_at",
            Coalesce("deleted_at", "updated_at"),
            Coalesce(Subquery(latest_item, output_field=DateTimeField()), "updated_at"),
        )
    )


def filter_records(records: Sequence[Any], query: ListQuery) -> list[Any]:
    return [r for r in records if _matches(query, r.created_at, r.updated_at)]


@dataclass
class Page:
    rows: list[Any]
    total: int
    number: int
    per_page: int

    @property
    def total_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def paginate(rows: QuerySet[Any] | Sequence[Any], query: ListQuery) -> Page:
    total = rows.count() if isinstance(rows, QuerySet) else len(rows)
    start = (query.page - 1) * query.per_page
    rows_on_page = list(rows[start : start + query.per_page])
    return Page(rows=rows_on_page, total=total, number=query.page, per_page=query.per_page)


def list_data(request: HttpRequest, page: Page, query: ListQuery, data: list[dict[str, Any]]) -> dict[str, Any]:
    base = request.build_absolute_uri(request.path)

    def link(number: int) -> str:
        params = {**query.raw}
        if query.per_page != DEFAULT_PAGE_SIZE:
            params["limit"] = str(query.per_page)
        if number > 1:
            params["page"] = str(number)
        return f"{base}?{urlencode(params)}" if params else base

    links = {"first": link(1), "self": link(page.number), "last": link(page.total_pages)}
    if page.number > 1:
        links["prev"] = link(min(page.number - 1, page.total_pages))
    if page.number < page.total_pages:
        links["next"] = link(page.number + 1)
    return {
        "data": data,
        "pagination": {
            "totalElements": page.total,
            "elementsPerPage": page.per_page,
            "currentPage": page.number,
            "totalPages": page.total_pages,
        },
        "links": links,
    }


Serializer = Callable[[list[Any]], list[dict[str, Any]]]


# --- views (public, read-only, no login) ------------------------------------------------


class Gone(Exception):
    """A deleted file: its content answers 410 (spec, "Dateizugriffe")."""


def _json(data: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/json; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(message: str, status: int) -> JsonResponse:
    return _json({"type": "Error", "message": message}, status=status)


def oparl_view(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """GET/HEAD only; answers in German JSON, 404 for anything unpublished, 400 for bad filters."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with override("de"):
            try:
                response = view(request, *args, **kwargs)
            except ObjectDoesNotExist:
                return _error(gettext("There is no published object at this address."), 404)
            except Gone:
                response = HttpResponse(gettext("This file has been deleted."), status=410)
            except ValidationFailed as exc:
                return _error(exc.message, 400)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return require_safe(wrapped)


def _region(pk: uuid.UUID) -> Region:
    return Region.objects.get(pk=pk, is_active=True)


def _list(request: HttpRequest, rows: QuerySet[Any] | Sequence[Any], render: Serializer) -> JsonResponse:
    query = ListQuery.parse(request.GET)
    rows = filter_queryset(rows, query) if isinstance(rows, QuerySet) else filter_records(rows, query)
    page = paginate(rows, query)
    return _json(list_data(request, page, query, render(page.rows)))


# Serialisers for a page of rows: they load what the rows need in a fixed number of queries.


def _render_bodies(urls: Urls) -> Serializer:
    def render(regions: list[Region]) -> list[dict[str, Any]]:
        terms: dict[uuid.UUID, list[LegislativeTerm]] = {}
        for term in published_terms(None).filter(region__in=regions).select_related("body"):
            terms.setdefault(term.region_id, []).append(term)
        return [body_data(urls, region, terms.get(region.pk, [])) for region in regions]

    return render


def _render_organizations(urls: Urls) -> Serializer:
    def render(bodies: list[Body]) -> list[dict[str, Any]]:
        memberships: dict[uuid.UUID, list[BodyMembership]] = {}
        for m in published_memberships(None).filter(body__in=bodies).select_related("body"):
            memberships.setdefault(m.body_id, []).append(m)
        parents = {b.parent_id for b in bodies if b.parent_id}
        published_parents = set(published_bodies(None).filter(pk__in=parents).values_list("pk", flat=True))
        return [
            organization_data(
                urls, b, memberships=memberships.get(b.pk, []), parent_published=b.parent_id in published_parents
            )
            for b in bodies
        ]

    return render


def _render_meetings(urls: Urls) -> Serializer:
    def render(meetings: list[Meeting]) -> list[dict[str, Any]]:
        agenda = AgendaContext.load(m.pk for m in meetings)
        files: dict[uuid.UUID, list[File]] = {}
        for f in File.objects.filter(meeting__in=meetings).order_by("name"):
            files.setdefault(f.meeting_id, []).append(f)
        return [meeting_data(urls, m, agenda, files.get(m.pk, [])) for m in meetings]

    return render


def _render_items(urls: Urls, *, consultations: bool = False) -> Serializer:
    def render(items: list[AgendaItem]) -> list[dict[str, Any]]:
        agenda = AgendaContext.load({i.meeting_id for i in items})
        serialise = consultation_data if consultations else agenda_item_data
        return [serialise(urls, i, agenda) for i in items]

    return render


def _render_papers(urls: Urls) -> Serializer:
    def render(papers: list[Paper]) -> list[dict[str, Any]]:
        items: dict[uuid.UUID, list[AgendaItem]] = {}
        rows = (
            published_agenda_items(None)
            .filter(paper__in=papers)
            .select_related("meeting__body", "paper")
            .order_by("meeting__start", "position")
        )
        for item in rows:
            items.setdefault(item.paper_id, []).append(item)  # type: ignore[arg-type]
        agenda = AgendaContext.load({i.meeting_id for group in items.values() for i in group})
        return [paper_data(urls, p, items=items.get(p.pk, []), agenda=agenda) for p in papers]

    return render


def _render_files(urls: Urls) -> Serializer:
    def render(files: list[File]) -> list[dict[str, Any]]:
        return [file_data(urls, f) for f in files]

    return render


def _render_memberships(urls: Urls) -> Serializer:
    def render(memberships: list[BodyMembership]) -> list[dict[str, Any]]:
        return [membership_data(urls, m) for m in memberships]

    return render


def _render_persons(urls: Urls) -> Serializer:
    def render(records: list[PersonRecord]) -> list[dict[str, Any]]:
        return [person_data(urls, r) for r in records]

    return render


def _render_terms(urls: Urls) -> Serializer:
    def render(terms: list[LegislativeTerm]) -> list[dict[str, Any]]:
        return [legislative_term_data(urls, t) for t in terms]

    return render


def _one(render: Serializer, obj: Any) -> JsonResponse:
    return _json(render([obj])[0])


@oparl_view
def system(request: HttpRequest) -> HttpResponse:
    return _json(system_data(Urls(request)))


@oparl_view
def body_list(request: HttpRequest) -> HttpResponse:
    return _list(request, Region.objects.filter(is_active=True), _render_bodies(Urls(request)))


@oparl_view
def body(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _one(_render_bodies(Urls(request)), _region(pk))


@oparl_view
def body_organization(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _list(request, published_bodies(_region(pk)), _render_organizations(Urls(request)))


@oparl_view
def body_person(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    memberships = published_memberships(_region(pk)).select_related("body", "user").order_by("created_at", "pk")
    return _list(request, person_records(memberships), _render_persons(Urls(request)))


@oparl_view
def body_meeting(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    meetings = with_agenda_modified(published_meetings(_region(pk)).select_related("body"))
    return _list(request, meetings, _render_meetings(Urls(request)))


@oparl_view
def body_agendaitem(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    items = published_agenda_items(_region(pk)).select_related("meeting__body", "paper")
    return _list(request, items, _render_items(Urls(request)))


@oparl_view
def body_consultation(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    items = (
        published_agenda_items(_region(pk))
        .filter(paper__isnull=False, paper__confidential=False)
        .select_related("meeting__body", "paper")
    )
    return _list(request, items, _render_items(Urls(request), consultations=True))


@oparl_view
def body_paper(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    papers = published_papers(_region(pk)).select_related("body").prefetch_related("files")
    return _list(request, papers, _render_papers(Urls(request)))


@oparl_view
def body_file(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _list(request, published_files(_region(pk)), _render_files(Urls(request)))


@oparl_view
def body_membership(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    memberships = published_memberships(_region(pk)).select_related("body")
    return _list(request, memberships, _render_memberships(Urls(request)))


@oparl_view
def body_legislativeterm(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    terms = published_terms(_region(pk)).select_related("body")
    return _list(request, terms, _render_terms(Urls(request)))


@oparl_view
def organization(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _one(_render_organizations(Urls(request)), published_bodies(None).get(pk=pk))


@oparl_view
def organization_meeting(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    body_ = published_bodies(None).get(pk=pk)
    meetings = with_agenda_modified(published_meetings(None).filter(body=body_).select_related("body"))
    return _list(request, meetings, _render_meetings(Urls(request)))


@oparl_view
def person(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    memberships = (
        published_memberships(None)
        .filter(Q(user_id=pk) | Q(pk=pk, user__isnull=True))
        .select_related("body", "user")
        .order_by("created_at", "pk")
    )
    records = person_records(memberships)
    if not records:
        raise BodyMembership.DoesNotExist
    return _json(person_data(Urls(request), records[0]))


@oparl_view
def membership(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _one(_render_memberships(Urls(request)), published_memberships(None).select_related("body").get(pk=pk))


@oparl_view
def meeting(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _one(_render_meetings(Urls(request)), published_meetings(None).select_related("body").get(pk=pk))


@oparl_view
def location(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    found = published_meetings(None).select_related("body").exclude(location="").get(pk=pk)
    if _meeting_gone(found):
        raise Meeting.DoesNotExist
    return _json(location_data(Urls(request), found))


@oparl_view
def agendaitem(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    item = published_agenda_items(None).select_related("meeting__body", "paper").get(pk=pk)
    return _one(_render_items(Urls(request)), item)


@oparl_view
def consultation(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    item = (
        published_agenda_items(None)
        .filter(paper__isnull=False, paper__confidential=False)
        .select_related("meeting__body", "paper")
        .get(pk=pk)
    )
    return _one(_render_items(Urls(request), consultations=True), item)


@oparl_view
def paper(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    found = published_papers(None).select_related("body").prefetch_related("files").get(pk=pk)
    return _one(_render_papers(Urls(request)), found)


@oparl_view
def file(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _one(_render_files(Urls(request)), published_files(None).get(pk=pk))


@oparl_view
def legislativeterm(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _one(_render_terms(Urls(request)), published_terms(None).select_related("body").get(pk=pk))


def _file_response(pk: uuid.UUID, *, download: bool) -> HttpResponseBase:
    found = published_files(None).select_related("paper", "agenda_item__meeting", "meeting").get(pk=pk)
    parent_gone = (
        (found.paper is not None and found.paper.deleted_at is not None)
        or (found.agenda_item is not None and _item_gone(found.agenda_item))
        or (found.meeting is not None and found.meeting.deleted_at is not None)
    )
    if found.deleted_at is not None or parent_gone:
        raise Gone
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as exc:
        raise File.DoesNotExist from exc
    response = FileResponse(handle, content_type=found.mime_type, as_attachment=download, filename=found.name)
    response["Last-Modified"] = http_date(_modified(found).timestamp())
    response["ETag"] = f'"{found.sha256}"'
    # Uploaded content is shown on our origin: never let it run scripts.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response


@oparl_view
def file_access(request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
    return _file_response(pk, download=False)


@oparl_view
def file_download(request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
    return _file_response(pk, download=True)
