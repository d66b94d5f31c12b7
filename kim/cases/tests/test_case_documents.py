"""Documents: allowed types by extension and content, size limit, random names outside the web root."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World
from kim.cases import services
from kim.cases.models import Document
from kim.cases.tests.matrix import PDF_BYTES, make_case, make_document
from kim.core.models import AuditEntry

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def media(settings: object, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    return tmp_path


def _upload(world: World, upload: SimpleUploadedFile, persona: str = "fallmanagement1") -> object:
    case = make_case(world)
    return world.client_for(persona).post(
        reverse("cases:document_upload", args=[case.pk]), {"kind": "certificate", "title": "", "file": upload}
    )


def test_upload_stores_a_random_name_checksum_and_audit_entry(world: World, media: Path) -> None:
    response = _upload(world, SimpleUploadedFile("Zeugnis Rania Testperson.png", PNG_BYTES, "image/png"))
    assert response.status_code == 302  # type: ignore[attr-defined]
    document = Document.objects.get()
    assert document.original_name == "Zeugnis Rania Testperson.png"
    assert document.title == "Zeugnis Rania Testperson.png"
    assert document.content_type == "image/png"
    assert document.size == len(PNG_BYTES)
    assert document.sha256 == hashlib.sha256(PNG_BYTES).hexdigest()
    assert "Rania" not in document.file.name
    assert document.file.name.endswith(".png")
    stored = Path(document.file.path)
    assert stored.is_relative_to(media)
    assert stored.read_bytes() == PNG_BYTES
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, object_type="cases.document")
    assert entry.changes["file"][1] == document.file.name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("skript.html", b"<script>alert(1)</script>", "Dateityp ist nicht erlaubt"),
        ("getarnt.pdf", b"MZ\x90\x00 not a pdf", "passt nicht zu ihrem Dateityp"),
        ("leer.pdf", b"", "leer"),
    ],
)
def test_bad_files_are_refused_with_a_german_message_and_nothing_is_kept(
    world: World, media: Path, name: str, content: bytes, message: str
) -> None:
    response = _upload(world, SimpleUploadedFile(name, content, "application/pdf"))
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert message in response.content.decode()  # type: ignore[attr-defined]
    assert not Document.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))


def test_files_over_the_size_limit_are_refused(world: World, media: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "MAX_DOCUMENT_BYTES", 100)
    response = _upload(world, SimpleUploadedFile("gross.pdf", PDF_BYTES + b"x" * 200, "application/pdf"))
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "größer als 10 MB" in response.content.decode()  # type: ignore[attr-defined]
    assert not Document.objects.exists()


def test_docx_and_pdf_are_accepted(world: World, media: Path) -> None:
    case = make_case(world)
    actor = world.users["fallmanagement1"]
    pdf = services.document_upload(
        actor=actor, case=case, kind="notice", title="Bescheid", upload=SimpleUploadedFile("b.pdf", PDF_BYTES)
    )
    docx = services.document_upload(
        actor=actor,
        case=case,
        kind="application",
        title="Antrag",
        upload=SimpleUploadedFile("a.docx", b"PK\x03\x04" + b"\x00" * 20),
    )
    assert pdf.content_type == "application/pdf"
    assert docx.content_type.endswith("wordprocessingml.document")


def test_another_team_cannot_download_or_upload(world: World, media: Path) -> None:
    response = _upload(world, SimpleUploadedFile("a.png", PNG_BYTES), persona="fallmanagement3")
    assert response.status_code == 404  # type: ignore[attr-defined]
    assert not Document.objects.exists()


def test_team_member_deletes_a_document_audited_and_the_file_is_removed(
    world: World, settings: object, tmp_path: object, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    document = make_document(world)
    name = document.file.name
    url = reverse("cases:document_delete", args=[document.case.pk, document.pk])
    assert world.client_for("fallmanagement3").post(url).status_code == 404
    assert world.client_for("fallmanagement2").get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for("fallmanagement2").post(url)
    assert response.status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not default_storage.exists(name)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE, object_id=str(document.pk))
    assert entry.actor_label == "fallmanagement2"
