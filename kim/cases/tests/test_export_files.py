"""Art. 15 export: stored files (names, sizes, checksums, and the ZIP download), disclosures to
other teams at intake, and the stored search keys."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World
from kim.cases import export, matching, services
from kim.cases.models import Case, ClientSearchKey, Document
from kim.cases.tests.test_caseload_fixtures import make_case
from kim.core.models import AuditEntry

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings: object, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    return tmp_path


def _case_with_document(world: World) -> tuple[Case, Document]:
    case = make_case(world, given_names="Layla", family_name="Haddad")
    document = services.document_upload(
        actor=world.users["fallmanagement1"],
        case=case,
        kind=Document.Kind.OTHER,
        title="Bescheid Jobcenter",
        upload=SimpleUploadedFile("bescheid.pdf", PDF, content_type="application/pdf"),
    )
    return case, document


def test_json_export_lists_files_with_name_size_and_checksum(world: World, media: Path) -> None:
    case, _document = _case_with_document(world)
    data = world.client_for("fallmanagement1").get(reverse("cases:client_export_json", args=[case.client.pk])).json()
    [item] = data["files"]
    assert item["name"] == "bescheid.pdf"
    assert item["size"] == len(PDF)
    assert item["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert item["zip_path"].endswith("bescheid.pdf")
    assert str(media) not in json.dumps(data)  # no storage paths


def test_zip_holds_json_html_and_the_files_and_is_audited(world: World, media: Path) -> None:
    case, _document = _case_with_document(world)
    response = world.client_for("fallmanagement2").get(reverse("cases:client_export_zip", args=[case.client.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "Haddad" not in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    names = archive.namelist()
    assert "auskunft.json" in names
    assert "auskunft.html" in names
    data = json.loads(archive.read("auskunft.json"))
    [item] = data["files"]
    assert archive.read(item["zip_path"]) == PDF
    assert "Haddad" in archive.read("auskunft.html").decode()
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).latest("id")
    assert entry.changes["format"] == "zip"
    assert entry.changes["files"] == 1
    assert entry.object_id == str(case.client.pk)


@pytest.mark.parametrize(("persona", "status"), [("fallmanagement3", 404), ("koordination", 403), ("anonymous", 302)])
def test_zip_only_for_the_team(world: World, media: Path, persona: str, status: int) -> None:
    case, _document = _case_with_document(world)
    response = world.client_for(persona).get(reverse("cases:client_export_zip", args=[case.client.pk]))
    assert response.status_code == status
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_zip_lists_a_file_missing_from_storage_without_failing(world: World, media: Path) -> None:
    case, document = _case_with_document(world)
    document.file.storage.delete(document.file.name)
    response = world.client_for("fallmanagement1").get(reverse("cases:client_export_zip", args=[case.client.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    assert len(json.loads(archive.read("auskunft.json"))["files"]) == 1
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).latest("id").changes["files"] == 0


def test_export_names_disclosures_to_other_teams_and_search_keys(world: World) -> None:
    case = make_case(world, given_names="Layla", family_name="Haddad")
    candidate = matching.PersonRecord(id="", given_names="Laila", family_name="Hadad")
    matches = services.intake_find_duplicates(
        actor=world.users["fallmanagement3"], region=world.region, candidate=candidate
    )
    assert any(match.teams for match in matches)
    built = export.client_export_build(user=world.users["fallmanagement1"], region=world.region, client=case.client)
    data = built.as_json()
    [disclosure] = data["disclosures"]
    assert disclosure["disclosed_to"] == "fallmanagement3"
    assert world.team.name in disclosure["disclosed"]
    [keys] = data["search_keys"]
    stored = set(ClientSearchKey.objects.filter(client=case.client).values_list("key", flat=True))
    assert stored
    assert set(keys["keys"]) == stored
