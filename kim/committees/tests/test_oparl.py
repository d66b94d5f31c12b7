"""OParl 1.1: every response type checked against the official schemas (draft-07 versions).

The schemas live in ../shared/standards/oparl/ (copied unchanged from the OParl
repository); the draft-07 files check embedded objects through $ref, which is resolved
locally. The spec rules the schemas cannot express (lists with data/pagination/links,
filters, deleted objects, CORS, file access) are asserted here as well.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft7Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from kim.committees import services
from kim.committees.models import AgendaItem, Body, BodyMembership, Decision, LegislativeTerm, Meeting, Paper
from kim.committees.tests.matrix_feeds import _file, oparl_world

STANDARD = Path(settings.BASE_DIR).parent / "shared" / "standards" / "oparl"
SCHEMA_BASE = "https://schema.oparl.org/1.1/"
LIST_NAMES = (
    "body_organization",
    "body_person",
    "body_meeting",
    "body_agendaitem",
    "body_consultation",
    "body_paper",
    "body_file",
    "body_membership",
    "body_legislativeterm",
)


# --- the yardstick ----------------------------------------------------------------------


def _registry() -> tuple[Registry, dict[str, dict[str, Any]]]:
    registry: Registry = Registry()
    schemas: dict[str, dict[str, Any]] = {}
    for path in sorted((STANDARD / "draft-07").glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents, default_specification=DRAFT7)
        name = path.stem
        schemas[name] = contents
        registry = registry.with_resources(
            [(f"{SCHEMA_BASE}{name}", resource), (f"{SCHEMA_BASE}{name}.json", resource)]
        )
    return registry, schemas


FORMATS = FormatChecker()


@FORMATS.checks("url", raises=ValueError)
def _is_url(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlparse(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


@FORMATS.checks("date-time", raises=ValueError)
def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return dt.datetime.fromisoformat(value).tzinfo is not None


@FORMATS.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return bool(dt.date.fromisoformat(value)) and len(value) == 10


REGISTRY, SCHEMAS = _registry()


def validate(obj: dict[str, Any]) -> None:
    """Validate one OParl object against the schema of its type (embedded objects included)."""
    kind = obj["type"].removeprefix(SCHEMA_BASE)
    Draft7Validator(SCHEMAS[kind], registry=REGISTRY, format_checker=FORMATS).validate(obj)


def validate_page(page: dict[str, Any]) -> None:
    assert set(page) >= {"data", "pagination", "links"}
    pagination, links = page["pagination"], page["links"]
    for key in ("totalElements", "elementsPerPage", "currentPage", "totalPages"):
        assert isinstance(pagination[key], int)
    for url in links.values():
        assert _is_url(url)
    if pagination["currentPage"] < pagination["totalPages"]:
        assert "next" in links
    else:
        assert "next" not in links
    for obj in page["data"]:
        validate(obj)


def get_json(client: Client, url: str, status: int = 200) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def walk_list(client: Client, url: str) -> list[dict[str, Any]]:
    """Follow ``next`` through every page of an external list; return all objects."""
    objects: list[dict[str, Any]] = []
    seen_pages = 0
    while url:
        page = get_json(client, url)
        validate_page(page)
        objects.extend(page["data"])
        url = page["links"].get("next", "")
        seen_pages += 1
        assert seen_pages < 50
    return objects


def everything(client: Client, world: Any, **params: str) -> dict[str, list[dict[str, Any]]]:
    suffix = "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""
    return {
        name: walk_list(client, reverse(f"oparl:{name}", kwargs={"pk": world.region.pk}) + suffix)
        for name in LIST_NAMES
    }


@pytest.fixture
def public(world: Any, settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return oparl_world(world)


# --- the yardstick itself can fail ------------------------------------------------------


def test_validator_accepts_the_spec_examples_and_rejects_broken_objects() -> None:
    for path in sorted((STANDARD / "examples").glob("*.json")):
        example = json.loads(path.read_text(encoding="utf-8"))
        if path.stem == "Meeting-01":
            continue  # its embedded agenda item lacks "order" (README of the standards folder)
        validate(example)
    with pytest.raises(ValidationError):
        validate({"id": "https://x.example/1", "type": f"{SCHEMA_BASE}AgendaItem"})  # no order
    with pytest.raises(ValidationError):
        validate({"id": "not a url", "type": f"{SCHEMA_BASE}Paper"})
    with pytest.raises(ValidationError):
        validate(
            {
                "id": "https://x.example/m",
                "type": f"{SCHEMA_BASE}Meeting",
                "auxiliaryFile": [{"id": "https://x.example/f", "type": f"{SCHEMA_BASE}File"}],  # no accessUrl
            }
        )


# --- system and body ----------------------------------------------------------------------


def test_system_and_bodies_validate_and_link_to_every_list(public: Any, world: Any) -> None:
    client = Client()
    system = get_json(client, reverse("oparl:system"))
    validate(system)
    assert system["oparlVersion"] == SCHEMA_BASE
    bodies = walk_list(client, system["body"])
    names = {b["name"] for b in bodies}
    assert {world.region.name, world.other_region.name} <= names
    body = next(b for b in bodies if b["name"] == world.region.name)
    assert body["ags"] == world.region.ags
    assert body == get_json(client, body["id"])
    assert [t["name"] for t in body["legislativeTerm"]] == ["LG: Förderperiode 2022–2026"]
    for key in ("organization", "person", "meeting", "paper", "agendaItem", "consultation", "file", "membership"):
        validate_page(get_json(client, body[key]))


def test_unknown_or_inactive_region_answers_404_in_json(world: Any) -> None:
    world.other_region.is_active = False
    world.other_region.save(update_fields=["is_active"])
    client = Client()
    data = get_json(client, reverse("oparl:body", kwargs={"pk": world.other_region.pk}), status=404)
    assert data["type"] == "Error"
    assert isinstance(data["message"], str)
    assert data["message"]
    get_json(client, reverse("oparl:body_meeting", kwargs={"pk": world.other_region.pk}), status=404)


# --- every list, every object ----------------------------------------------------------------


def test_every_list_and_every_object_validates_against_the_official_schema(public: Any, world: Any) -> None:
    client = Client()
    lists = everything(client, world)
    for name, objects in lists.items():
        assert objects, f"{name} is empty: the test world should fill it"
        ids = [o["id"] for o in objects]
        assert len(ids) == len(set(ids)), f"{name} repeats objects across pages"
        for obj in objects:
            single = get_json(client, obj["id"])
            validate(single)
            assert single["id"] == obj["id"]
    meeting = get_json(client, reverse("oparl:meeting", kwargs={"pk": public.meeting.pk}))
    validate(meeting["location"])
    assert get_json(client, meeting["location"]["id"]) == meeting["location"]


def test_lists_page_with_stable_links_and_keep_the_filters(public: Any, world: Any) -> None:
    client = Client()
    url = reverse("oparl:body_agendaitem", kwargs={"pk": world.region.pk})
    since = "2000-01-01T00:00:00+01:00"
    first = get_json(client, f"{url}?limit=1&created_since={since.replace('+', '%2B')}")
    validate_page(first)
    assert first["pagination"]["elementsPerPage"] == 1
    assert first["pagination"]["totalElements"] == first["pagination"]["totalPages"] >= 3
    assert "prev" not in first["links"]
    assert "created_since=2000-01-01T00%3A00%3A00%2B01%3A00" in first["links"]["next"]
    assert "limit=1" in first["links"]["next"]
    second = get_json(client, first["links"]["next"])
    assert second["links"]["prev"] == first["links"]["self"]
    assert second["data"][0]["id"] != first["data"][0]["id"]
    last = get_json(client, first["links"]["last"])
    assert "next" not in last["links"]
    # The page size is capped and a page past the end is empty, not an error.
    capped = get_json(client, f"{url}?limit=5000")
    assert capped["pagination"]["elementsPerPage"] == 100
    beyond = get_json(client, f"{url}?page=99")
    assert beyond["data"] == []


def test_date_filters_select_by_created_and_modified(public: Any, world: Any) -> None:
    client = Client()
    url = reverse("oparl:body_meeting", kwargs={"pk": world.region.pk})
    future = (timezone.now() + dt.timedelta(days=1)).isoformat().replace("+", "%2B")
    past = "2001-01-01T00:00:00%2B01:00"
    assert get_json(client, f"{url}?modified_since={future}")["data"] == []
    assert get_json(client, f"{url}?created_until={past}")["data"] == []
    assert len(get_json(client, f"{url}?created_since={past}")["data"]) == 3
    # A change moves "modified" and brings the meeting back for synchronising clients.
    Meeting.objects.filter(pk=public.meeting.pk).update(updated_at=timezone.now() + dt.timedelta(days=2))
    changed = get_json(client, f"{url}?modified_since={future}")["data"]
    assert [m["id"] for m in changed] == [f"http://testserver{reverse('oparl:meeting', args=[public.meeting.pk])}"]
    # A changed public agenda item changes its meeting, too (spec: sub-objects).
    AgendaItem.objects.filter(pk=public.item_child.pk).update(updated_at=timezone.now() + dt.timedelta(days=3))
    Meeting.objects.filter(pk=public.meeting.pk).update(updated_at=public.meeting.updated_at)
    later = (timezone.now() + dt.timedelta(days=2, hours=12)).isoformat().replace("+", "%2B")
    [via_item] = get_json(client, f"{url}?modified_since={later}")["data"]
    assert via_item["modified"] == via_item["agendaItem"][1]["modified"]
    # … but a change of a non-public item does not show.
    AgendaItem.objects.filter(pk=public.item_child.pk).update(updated_at=public.meeting.updated_at)
    AgendaItem.objects.filter(pk=public.item_secret.pk).update(updated_at=timezone.now() + dt.timedelta(days=3))
    assert get_json(client, f"{url}?modified_since={later}")["data"] == []
    # Persons are put together from memberships and are filtered alike.
    persons = reverse("oparl:body_person", kwargs={"pk": world.region.pk})
    assert get_json(client, f"{persons}?created_until={past}")["data"] == []


@pytest.mark.parametrize(
    "query",
    ["modified_since=gestern", "created_until=2026-13-45T00:00:00", "limit=0", "limit=abc", "page=-1"],
)
def test_bad_filter_gives_a_german_message_and_400(public: Any, world: Any, query: str) -> None:
    url = reverse("oparl:body_paper", kwargs={"pk": world.region.pk})
    data = get_json(Client(), f"{url}?{query}", status=400)
    assert data["type"] == "Error"
    assert data["message"]


def _list_url(name: str, world: Any, public: Any) -> str:
    if name == "body_list":
        return reverse("oparl:body_list")
    if name == "organization_meeting":
        return reverse("oparl:organization_meeting", kwargs={"pk": public.steering.pk})
    return reverse(f"oparl:{name}", kwargs={"pk": world.region.pk})


ALL_LIST_NAMES = ("body_list", *LIST_NAMES, "organization_meeting")


@pytest.mark.parametrize("name", ALL_LIST_NAMES)
@pytest.mark.parametrize("param", ["created_since", "created_until", "modified_since", "modified_until"])
def test_every_list_accepts_every_date_filter(public: Any, world: Any, name: str, param: str) -> None:
    client = Client()
    url = _list_url(name, world, public)
    past = "2001-01-01T00:00:00%2B01:00"
    future = (timezone.now() + dt.timedelta(days=1)).isoformat().replace("+", "%2B")
    unfiltered = get_json(client, url)["pagination"]["totalElements"]
    assert unfiltered > 0, name
    everything_matches = past if param.endswith("_since") else future
    nothing_matches = future if param.endswith("_since") else past
    page = get_json(client, f"{url}?{param}={everything_matches}")
    validate_page(page)
    assert page["pagination"]["totalElements"] == unfiltered
    assert param in page["links"]["self"]
    empty = get_json(client, f"{url}?{param}={nothing_matches}")
    validate_page(empty)
    assert empty["data"] == []
    # All four together (a window around now) do not fail either.
    window = f"created_since={past}&created_until={future}&modified_since={past}&modified_until={future}"
    assert get_json(client, f"{url}?{window}")["pagination"]["totalElements"] == unfiltered


@pytest.mark.parametrize("name", ALL_LIST_NAMES)
@pytest.mark.parametrize("param", ["created_since", "created_until", "modified_since", "modified_until"])
def test_every_list_rejects_an_invalid_date_with_400(public: Any, world: Any, name: str, param: str) -> None:
    data = get_json(Client(), f"{_list_url(name, world, public)}?{param}=31.01.2026", status=400)
    assert data["type"] == "Error"
    assert param in data["message"]
    assert "2026-01-31T12:00:00+01:00" in data["message"]


# --- what must never appear ------------------------------------------------------------------


def test_confidential_material_never_appears_anywhere(public: Any, world: Any) -> None:
    client = Client()
    texts = [json.dumps(client.get(reverse("oparl:system")).json(), ensure_ascii=False)]
    lists = everything(client, world)
    texts.append(json.dumps(lists, ensure_ascii=False))
    for objects in lists.values():
        texts.extend(json.dumps(get_json(client, o["id"]), ensure_ascii=False) for o in objects)
    dump = "\n".join(texts)
    for secret in (
        "Vertrauliche Personalsache",
        "Unterpunkt der Personalsache",
        "Personalangelegenheit",
        "Entwurf Haushalt",
        "Interne Vorbesprechung",
        "Vorbesprechung",
        "Arbeitstreffen",
        "Arbeitskreis Schnittstellen",
        "Geheim Gehalten",
        "geheim@example.org",
        "Zurück Gezogen",
        "personal.pdf",
        "anlage-vertraulich.pdf",
        "Gestrichene Sitzung",
        "Gestrichener Punkt",
        str(public.meeting_internal.pk),
        str(public.item_secret.pk),
        str(public.paper_confidential.pk),
        str(public.member_hidden.pk),
    ):
        assert secret not in dump, secret
    # … and the published things are there.
    for shown in ("Konstituierende Sitzung", "Geschäftsordnung", "Aussprache", "Erika Beispiel", "Test Lenkung"):
        assert shown in dump, shown


@pytest.mark.parametrize(
    ("name", "attr"),
    [
        ("meeting", "meeting_internal"),
        ("meeting", "meeting_working"),
        ("agendaitem", "item_secret"),
        ("agendaitem", "item_under_secret"),
        ("agendaitem", "item_internal_meeting"),
        ("consultation", "item_secret"),
        ("consultation", "item_child"),
        ("paper", "paper_confidential"),
        ("paper", "paper_only_internal"),
        ("file", "file_confidential"),
        ("file_access", "file_confidential"),
        ("file_download", "file_secret_item"),
        ("membership", "member_hidden"),
        ("person", "member_hidden"),
        ("organization", "working"),
        ("location", "meeting_internal"),
    ],
)
def test_unpublished_objects_answer_404(public: Any, name: str, attr: str) -> None:
    pk = getattr(public, attr).pk
    response = Client().get(reverse(f"oparl:{name}", kwargs={"pk": pk}))
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"


def test_person_appears_only_with_consent_and_without_contact_data(public: Any, world: Any) -> None:
    client = Client()
    persons = walk_list(client, reverse("oparl:body_person", kwargs={"pk": world.region.pk}))
    live = {p["name"]: p for p in persons if not p.get("deleted")}
    assert set(live) == {"Test Lenkung", "Erika Beispiel"}
    lenkung = live["Test Lenkung"]
    assert lenkung["id"].endswith(str(world.users["lenkung"].pk))
    assert lenkung["givenName"] == "Test"
    assert "email" not in lenkung
    assert "phone" not in lenkung
    [membership] = lenkung["membership"]
    assert "person" not in membership  # embedded in its person (spec)
    assert membership["role"] == "Jobcenter (Geschäftsführung)"
    assert membership["votingRight"] is True
    single = get_json(client, membership["id"])
    assert single["person"] == lenkung["id"]
    organization = get_json(client, single["organization"])
    assert sorted(organization["membership"]) == sorted(
        [membership["id"], f"http://testserver{reverse('oparl:membership', args=[public.member_external.pk])}"]
    )


# --- deleted objects ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "attr", "kind"),
    [
        ("meeting", "meeting_deleted", "Meeting"),
        ("paper", "paper_deleted", "Paper"),
        ("agendaitem", "item_deleted", "AgendaItem"),
        ("file", "file_deleted", "File"),
        ("membership", "member_withdrawn", "Membership"),
        ("person", "member_withdrawn", "Person"),
    ],
)
def test_deleted_objects_answer_200_with_only_the_minimal_fields(public: Any, name: str, attr: str, kind: str) -> None:
    obj = getattr(public, attr)
    data = get_json(Client(), reverse(f"oparl:{name}", kwargs={"pk": obj.pk}))
    validate(data)
    assert data["deleted"] is True
    assert data["type"] == f"{SCHEMA_BASE}{kind}"
    allowed = {"id", "type", "created", "modified", "deleted", "order", "accessUrl"}
    assert set(data) <= allowed
    assert {"id", "type", "created", "modified"} <= set(data)


def test_deleted_objects_are_listed_for_synchronising_clients(public: Any, world: Any) -> None:
    client = Client()
    lists = everything(client, world)
    deleted = {o["id"].rsplit("/", 1)[1] for objects in lists.values() for o in objects if o.get("deleted")}
    expected = {public.meeting_deleted, public.paper_deleted, public.item_deleted, public.file_deleted}
    assert {str(o.pk) for o in expected} <= deleted
    assert str(public.member_withdrawn.pk) in deleted
    # The deleted agenda item is not embedded in its (living) meeting any more.
    meeting = get_json(client, reverse("oparl:meeting", kwargs={"pk": public.meeting.pk}))
    assert [i["name"] for i in meeting["agendaItem"]] == ["Geschäftsordnung", "Aussprache"]


def test_deleted_file_content_answers_410(public: Any) -> None:
    data = get_json(Client(), reverse("oparl:file", kwargs={"pk": public.file_deleted.pk}))
    response = Client().get(data["accessUrl"])
    assert response.status_code == 410


def test_withdrawn_consent_removes_the_name_at_once(public: Any, world: Any) -> None:
    client = Client()
    before = timezone.now()
    membership_url = reverse("oparl:membership", kwargs={"pk": public.member_consent.pk})
    person_url = reverse("oparl:person", kwargs={"pk": world.users["lenkung"].pk})
    assert get_json(client, person_url)["name"] == "Test Lenkung"
    seat = public.member_consent
    services.membership_update(  # the path the membership form takes
        actor=world.users["koordination"],
        membership=seat,
        role=seat.role,
        organisation=seat.organisation,
        function=seat.function,
        deputy_of=seat.deputy_of,
        publish_name=False,
        publish_name_agreed_on=None,
    )
    for url, kind in ((person_url, "Person"), (membership_url, "Membership")):
        data = get_json(client, url)
        validate(data)
        assert data["deleted"] is True
        assert data["type"] == f"{SCHEMA_BASE}{kind}"
        assert set(data) <= {"id", "type", "created", "modified", "deleted"}
    dump = json.dumps(everything(client, world), ensure_ascii=False)
    assert "Test Lenkung" not in dump
    assert "Jobcenter (Geschäftsführung)" not in dump
    # Synchronising clients see both as deleted in the lists filtered by modified_since.
    since = before.isoformat().replace("+", "%2B")
    for name, url in (("body_person", person_url), ("body_membership", membership_url)):
        changed = walk_list(
            client, reverse(f"oparl:{name}", kwargs={"pk": world.region.pk}) + f"?modified_since={since}"
        )
        [stub] = [o for o in changed if o["id"] == f"http://testserver{url}"]
        assert stub["deleted"] is True
        assert "name" not in stub
    organization = get_json(client, reverse("oparl:organization", kwargs={"pk": public.steering.pk}))
    assert all(str(public.member_consent.pk) not in url for url in organization["membership"])


def test_unpublished_meeting_answers_as_deleted_object_for_synchronising_clients(public: Any, world: Any) -> None:
    client = Client()
    before = timezone.now()
    meeting = public.meeting
    services.meeting_update(
        actor=world.users["koordination"],
        meeting=meeting,
        start=meeting.start,
        end=meeting.end,
        title=meeting.title,
        location=meeting.location,
        online_url=meeting.online_url,
        published=False,
    )
    url = reverse("oparl:meeting", kwargs={"pk": meeting.pk})
    data = get_json(client, url)
    validate(data)
    assert data["deleted"] is True
    assert set(data) <= {"id", "type", "created", "modified", "deleted"}
    since = before.isoformat().replace("+", "%2B")
    listed = walk_list(
        client, reverse("oparl:body_meeting", kwargs={"pk": world.region.pk}) + f"?modified_since={since}"
    )
    assert [m["id"] for m in listed] == [f"http://testserver{url}"]
    assert listed[0]["deleted"] is True
    # Its agenda items, place and documents are no longer published at all.
    assert client.get(reverse("oparl:agendaitem", kwargs={"pk": public.item_public.pk})).status_code == 404
    assert client.get(reverse("oparl:location", kwargs={"pk": meeting.pk})).status_code == 404
    assert "Konstituierende Sitzung" not in json.dumps(everything(client, world), ensure_ascii=False)
    # Published again, it is back in full.
    services.meeting_update(
        actor=None,
        meeting=meeting,
        start=meeting.start,
        end=meeting.end,
        title=meeting.title,
        location=meeting.location,
        online_url=meeting.online_url,
        published=True,
    )
    assert get_json(client, url)["name"] == "Konstituierende Sitzung"


def test_meeting_never_published_stays_unknown(public: Any) -> None:
    assert Client().get(reverse("oparl:meeting", kwargs={"pk": public.meeting_internal.pk})).status_code == 404


# --- content -----------------------------------------------------------------------------------


def test_meeting_carries_public_agenda_with_order_decision_and_files(public: Any) -> None:
    client = Client()
    meeting = get_json(client, reverse("oparl:meeting", kwargs={"pk": public.meeting.pk}))
    validate(meeting)
    assert meeting["name"] == "Konstituierende Sitzung"
    assert meeting["cancelled"] is False
    assert isinstance(meeting["meetingState"], str)
    assert meeting["location"]["description"] == "Kreishaus Siegen, Raum 101"
    assert [(i["number"], i["order"]) for i in meeting["agendaItem"]] == [("1", 1), ("1.1", 2)]
    first = meeting["agendaItem"][0]
    assert first["resolutionText"] == "Die Geschäftsordnung wird beschlossen."
    consultation = get_json(client, first["consultation"])
    validate(consultation)
    assert consultation["authoritative"] is True
    paper = get_json(client, consultation["paper"])
    assert paper["reference"] == "LG-2022-01"
    assert paper["mainFile"]["name"] == "geschaeftsordnung.pdf"
    assert [c["id"] for c in paper["consultation"]] == [consultation["id"]]
    assert [f["name"] for f in meeting["auxiliaryFile"]] == ["einladung.pdf"]
    cancelled = get_json(client, reverse("oparl:meeting", kwargs={"pk": public.meeting_cancelled.pk}))
    assert cancelled["cancelled"] is True


def test_organization_maps_a_committee_with_its_meetings(public: Any) -> None:
    client = Client()
    organization = get_json(client, reverse("oparl:organization", kwargs={"pk": public.steering.pk}))
    assert organization["organizationType"] == "Gremium"
    assert organization["name"] == "Lenkungsgruppe KIM"
    meetings = walk_list(client, organization["meeting"])
    assert {m["id"].rsplit("/", 1)[1] for m in meetings} == {
        str(public.meeting.pk),
        str(public.meeting_cancelled.pk),
        str(public.meeting_deleted.pk),
    }


def test_file_access_is_inline_and_download_is_an_attachment(public: Any) -> None:
    client = Client()
    data = get_json(client, reverse("oparl:file", kwargs={"pk": public.file_public.pk}))
    access = client.get(data["accessUrl"])
    assert access.status_code == 200
    assert b"".join(access.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert "attachment" not in access.get("Content-Disposition", "")
    assert "sandbox" in access["Content-Security-Policy"]
    assert access["Access-Control-Allow-Origin"] == "*"
    download = client.get(data["downloadUrl"])
    assert download["Content-Disposition"].startswith("attachment")
    assert 'filename="geschaeftsordnung.pdf"' in download["Content-Disposition"]
    assert download["ETag"]
    assert download["Last-Modified"]


def test_api_is_read_only(public: Any) -> None:
    response = Client().post(reverse("oparl:system"))
    assert response.status_code == 405


def _more_published_things(world: Any, public: Any, numbers: range) -> None:
    """Add meetings with a public item, a paper, files, consenting members, terms and project groups."""
    for number in numbers:
        meeting = Meeting.objects.create(
            region=world.region,
            body=public.steering,
            number=number,
            start=timezone.now(),
            location=f"Raum {number}",
            published=True,
        )
        paper = Paper.objects.create(
            region=world.region, body=public.steering, reference=f"LG-X-{number}", title=f"Vorlage {number}"
        )
        item = AgendaItem.objects.create(
            region=world.region, meeting=meeting, position=1, number="1", title=f"Punkt {number}", paper=paper
        )
        AgendaItem.objects.create(region=world.region, meeting=meeting, parent=item, position=1, title="Unterpunkt")
        Decision.objects.create(region=world.region, agenda_item=item, text="Beschlossen.", result="adopted")
        _file(world.region, f"vorlage-{number}.pdf", paper=paper)
        _file(world.region, f"punkt-{number}.pdf", agenda_item=item)
        _file(world.region, f"sitzung-{number}.pdf", meeting=meeting)
        BodyMembership.objects.create(
            region=world.region,
            body=public.steering,
            external_name=f"Mitglied {number}",
            role="voting",
            start_on=dt.date(2022, 6, 1),
            publish_name=True,
            publish_name_agreed_on=dt.date(2022, 6, 1),
        )
        LegislativeTerm.objects.create(
            region=world.region, body=public.steering, name=f"Periode {number}", start_on=dt.date(2000 + number, 1, 1)
        )
        group = Body.objects.create(
            region=world.region, kind="project_group", name=f"Projektgruppe {number}", parent=public.steering
        )
        Meeting.objects.create(
            region=world.region, body=group, number=1, start=timezone.now(), location="Rathaus", published=True
        )


@pytest.mark.parametrize("name", LIST_NAMES)
def test_list_queries_do_not_grow_with_the_number_of_objects(public: Any, world: Any, name: str) -> None:
    url = reverse(f"oparl:{name}", kwargs={"pk": world.region.pk})
    client = Client()
    _more_published_things(world, public, range(10, 11))
    client.get(url)  # warm-up (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        small = client.get(url).json()
    _more_published_things(world, public, range(11, 17))
    with CaptureQueriesContext(connection) as many:
        large = client.get(url).json()
    assert large["pagination"]["totalElements"] > small["pagination"]["totalElements"]
    assert len(many.captured_queries) <= len(few.captured_queries), [q["sql"] for q in many.captured_queries]
