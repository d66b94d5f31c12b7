"""Documents, needs, steps and client languages through the API (kim/cases/api_records.py).

The same services, scoping and audit as the pages: it works for the case's team, another
team's records answer 404, people without case work 403, bad input 400 (German, with the
field), a missing consent is refused where the page refuses it, a stale version 409 —
and nothing is written when refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from django.utils import timezone

from conftest import World
from kim.cases import services
from kim.cases.models import Case, ClientLanguage, Consent, Document, Need, Step
from kim.cases.tests.matrix import PDF_BYTES, make_case, make_document, make_language, make_need, make_step
from kim.core.models import AuditEntry

API = "/api/v1/cases"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def media(settings: object, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    return tmp_path


def _send(client: HttpClient, method: str, url: str, payload: dict[str, Any]) -> Any:
    return client.generic(method, url, data=json.dumps(payload), content_type="application/json")


def _cm(world: World, persona: str = "fallmanagement1") -> HttpClient:
    return world.client_for(persona)


def _withdraw(case: Case) -> None:
    Consent.objects.filter(case=case).update(withdrawn_on=timezone.localdate())


def _assert_german_400(response: Any, field: str | None = None, text: str | None = None) -> None:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"]
    if field is not None:
        assert body["field"] == field
    if text is not None:
        assert text in body["detail"]


# --- Documents ----------------------------------------------------------------------------------


def _upload(client: HttpClient, case: Case, name: str, content: bytes, **fields: str) -> Any:
    data: dict[str, Any] = {"kind": "certificate", "title": "", **fields, "file": SimpleUploadedFile(name, content)}
    return client.post(f"{API}/{case.pk}/documents", data)


def test_upload_stores_the_file_outside_the_web_root_and_lists_it(world: World, media: Path) -> None:
    case = make_case(world)
    client = _cm(world)
    response = _upload(client, case, "Zeugnis Rania.png", PNG_BYTES)
    assert response.status_code == 201, response.content
    body = response.json()
    document = Document.objects.get(pk=body["id"])
    assert body["title"] == "Zeugnis Rania.png"
    assert body["content_type"] == "image/png"
    assert body["sha256"] == hashlib.sha256(PNG_BYTES).hexdigest()
    assert body["uploaded_by"]
    assert "Rania" not in document.file.name
    assert Path(document.file.path).is_relative_to(media)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_id=str(document.pk)).exists()
    listed = client.get(f"{API}/{case.pk}/documents")
    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["items"]] == [str(document.pk)]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.READ, object_id=str(case.pk)).exists()


@pytest.mark.parametrize(
    ("name", "content", "text"),
    [
        ("skript.html", b"<script>alert(1)</script>", "Dateityp ist nicht erlaubt"),
        ("getarnt.pdf", b"MZ\x90\x00 not a pdf", "passt nicht zu ihrem Dateityp"),
    ],
)
def test_bad_files_are_refused_in_german_and_nothing_is_kept(
    world: World, media: Path, name: str, content: bytes, text: str
) -> None:
    _assert_german_400(_upload(_cm(world), make_case(world), name, content), "file", text)
    assert not Document.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))


def test_files_over_the_size_limit_are_refused(world: World, media: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "MAX_DOCUMENT_BYTES", 100)
    response = _upload(_cm(world), make_case(world), "gross.pdf", PDF_BYTES + b"x" * 200)
    _assert_german_400(response, "file", "10 MB")
    assert not Document.objects.exists()


def test_upload_with_an_unknown_kind_or_without_a_file_is_422(world: World, media: Path) -> None:
    case = make_case(world)
    client = _cm(world)
    assert _upload(client, case, "a.pdf", PDF_BYTES, kind="mond").status_code == 422
    assert client.post(f"{API}/{case.pk}/documents", {"kind": "other"}).status_code == 422
    assert not Document.objects.exists()


def test_upload_needs_consent_the_own_team_and_case_work(world: World, media: Path) -> None:
    case = make_case(world)
    assert _upload(_cm(world, "fallmanagement3"), case, "a.pdf", PDF_BYTES).status_code == 404
    assert _upload(world.client_for("teamleitung"), case, "a.pdf", PDF_BYTES).status_code == 403
    _withdraw(case)
    _assert_german_400(_upload(_cm(world), case, "a.pdf", PDF_BYTES))
    assert not Document.objects.exists()


def test_download_streams_the_file_and_logs_the_access(world: World, media: Path) -> None:
    document = make_document(world)
    url = f"{API}/{document.case.pk}/documents/{document.pk}/file"
    response = _cm(world, "fallmanagement2").get(url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert content == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.READ, object_id=str(document.pk))
    assert entry.actor_label == "fallmanagement2"


def test_download_is_404_for_other_teams_and_403_without_case_work(world: World, media: Path) -> None:
    document = make_document(world)
    url = f"{API}/{document.case.pk}/documents/{document.pk}/file"
    assert _cm(world, "fallmanagement3").get(url).status_code == 404
    assert world.client_for("koordination").get(url).status_code == 403
    assert _cm(world, "fallmanagement3").get(f"{API}/{document.case.pk}/documents").status_code == 404
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.READ, object_id=str(document.pk)).exists()


def test_delete_document_also_after_withdrawal_audited(world: World, media: Path) -> None:
    document = make_document(world)
    url = f"{API}/{document.case.pk}/documents/{document.pk}"
    assert _send(_cm(world, "fallmanagement3"), "DELETE", url, {}).status_code == 404
    assert _send(world.client_for("partner"), "DELETE", url, {}).status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()
    _withdraw(document.case)
    assert _send(_cm(world), "DELETE", url, {}).status_code == 204
    assert not Document.objects.filter(pk=document.pk).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DELETE, object_id=str(document.pk)).exists()
    assert _send(_cm(world), "DELETE", url, {}).status_code == 404


# --- Needs and steps ----------------------------------------------------------------------------


def test_need_is_removed_with_consent_by_the_own_team(world: World) -> None:
    need = make_need(world)
    case = need.assessment.case
    url = f"{API}/{case.pk}/needs/{need.pk}"
    assert _send(_cm(world, "fallmanagement3"), "DELETE", url, {}).status_code == 404
    assert _send(world.client_for("teamleitung"), "DELETE", url, {}).status_code == 403
    _withdraw(case)
    _assert_german_400(_send(_cm(world), "DELETE", url, {}))
    assert Need.objects.filter(pk=need.pk).exists()
    Consent.objects.filter(case=case).update(withdrawn_on=None)
    assert _send(_cm(world), "DELETE", url, {}).status_code == 204
    assert not Need.objects.filter(pk=need.pk).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DELETE, object_id=str(need.pk)).exists()
    assert _send(_cm(world), "DELETE", url, {}).status_code == 404


def _step_payload(step: Step, **values: Any) -> dict[str, Any]:
    return {
        "description": "Anmeldung zum B1-Kurs",
        "responsible": "case_manager",
        "due_on": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
        "status": "open",
        "expected_version": step.version,
        **values,
    }


def test_step_full_update_with_version(world: World) -> None:
    step = make_step(world)
    url = f"{API}/{step.goal.case.pk}/steps/{step.pk}"
    response = _send(_cm(world), "PUT", url, _step_payload(step))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["description"] == "Anmeldung zum B1-Kurs"
    assert body["responsible"] == "case_manager"
    assert body["version"] == step.version + 1
    stale = _send(_cm(world, "fallmanagement2"), "PUT", url, _step_payload(step, description="Überschrieben?"))
    assert stale.status_code == 409
    assert stale.json()["current_version"] == step.version + 1
    step.refresh_from_db()
    assert step.description == "Anmeldung zum B1-Kurs"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, object_id=str(step.pk)).exists()


def test_step_update_refusals_write_nothing(world: World) -> None:
    step = make_step(world)
    case = step.goal.case
    url = f"{API}/{case.pk}/steps/{step.pk}"
    client = _cm(world)
    assert _send(_cm(world, "fallmanagement3"), "PUT", url, _step_payload(step)).status_code == 404
    assert _send(world.client_for("koordination"), "PUT", url, _step_payload(step)).status_code == 403
    assert _send(client, "PUT", url, _step_payload(step, responsible="mond")).status_code == 422
    unknown = _step_payload(step, responsible="partner", partner_organisation=str(case.pk))
    _assert_german_400(_send(client, "PUT", url, unknown), "partner_organisation")
    _withdraw(case)
    _assert_german_400(_send(client, "PUT", url, _step_payload(step)))
    step.refresh_from_db()
    assert step.description == "Beratungstermin bei der Sprachschule"


# --- Client languages ---------------------------------------------------------------------------


def test_language_add_and_remove(world: World) -> None:
    case = make_case(world)
    url = f"{API}/clients/{case.client.pk}/languages"
    client = _cm(world)
    response = _send(client, "POST", url, {"language": " UK ", "proficiency": "basic", "interpreter_needed": True})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["language"] == "uk"
    assert body["interpreter_needed"] is True
    detail = client.get(f"{API}/clients/{case.client.pk}").json()
    assert [x["id"] for x in detail["languages"]] == [body["id"]]
    _assert_german_400(_send(client, "POST", url, {"language": "uk"}), "language", "bereits")
    assert _send(client, "DELETE", f"{url}/{body['id']}", {}).status_code == 204
    assert not ClientLanguage.objects.filter(pk=body["id"]).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DELETE, object_id=body["id"]).exists()


def test_language_refusals(world: World) -> None:
    entry = make_language(world)
    case = make_case(world)
    url = f"{API}/clients/{case.client.pk}/languages"
    assert _send(_cm(world, "fallmanagement3"), "POST", url, {"language": "fa"}).status_code == 404
    assert _send(_cm(world, "fallmanagement3"), "DELETE", f"{url}/{entry.pk}", {}).status_code == 404
    assert _send(world.client_for("teamleitung"), "POST", url, {"language": "fa"}).status_code == 403
    assert _send(world.client_for("teamleitung"), "DELETE", f"{url}/{entry.pk}", {}).status_code == 403
    assert _send(_cm(world), "POST", url, {"language": "fa", "proficiency": "mond"}).status_code == 422
    _assert_german_400(_send(_cm(world), "POST", url, {"language": "1234"}), "language")
    _withdraw(case)
    _assert_german_400(_send(_cm(world), "POST", url, {"language": "fa"}))
    assert list(ClientLanguage.objects.values_list("language", flat=True)) == ["ar"]
