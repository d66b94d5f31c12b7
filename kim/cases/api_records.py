"""Records of a case through the API: documents, removing needs, editing steps, client languages —
under /api/v1/cases/, mounted on kim.cases.api.router.

As in kim/cases/api_casework.py, each operation does what the corresponding page does: the case
or client comes from the scoped selectors (404 for records of other teams), the page's service
checks team, consent and state, validates and audits; service errors answer 400 with a German
``{"detail", "field"}`` body, version conflicts 409 with the saved version. Downloads are
checked and logged exactly like the page's download (one read entry per download) and streamed.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from kim.cases import selectors, services
from kim.cases.api import (
    CaseWorkAuth,
    StepOut,
    _case,
    _client,
    _not_found,
    _person,
    _step,
    conflict_body,
)
from kim.cases.models import Case, ClientLanguage, Document, Step
from kim.cases.schemas import (
    ERRORS,
    ERRORS_VERSIONED,
    ClientLanguageIn,
    ClientLanguageOut,
    ConflictOut,
    DocumentListOut,
    DocumentOut,
    DocumentUploadIn,
    StepUpdateIn,
)
from kim.core import audit
from kim.core.errors import ValidationFailed
from kim.core.http import KimRequest
from kim.core.models import Organisation

router = Router(tags=["Case records"], auth=CaseWorkAuth())


def _document(document: Document) -> DocumentOut:
    return DocumentOut(
        id=document.pk,
        kind=document.kind,
        title=document.title,
        original_name=document.original_name,
        content_type=document.content_type,
        size=document.size,
        sha256=document.sha256,
        uploaded_by=_person(document.uploaded_by),
        uploaded_at=document.created_at,
    )


def _document_of(case: Case, document_id: uuid.UUID) -> Document:
    try:
        return selectors.document_get(case=case, id=document_id)
    except ObjectDoesNotExist:
        raise _not_found() from None


# --- Documents ----------------------------------------------------------------------------------


@router.get(
    "/{uuid:case_id}/documents",
    response={200: DocumentListOut, **ERRORS},
    url_name="case_documents",
    summary="The documents of a case (metadata; the file via …/documents/{document_id}/file)",
)
def case_documents(request: KimRequest, case_id: uuid.UUID) -> DocumentListOut:
    user, case = _case(request, case_id)
    audit.record_read(actor=user, instance=case)
    return DocumentListOut(items=[_document(d) for d in selectors.documents_for_case(case=case)])


@router.post(
    "/{uuid:case_id}/documents",
    response={201: DocumentOut, **ERRORS},
    url_name="case_document_upload",
    summary="Upload a document (multipart/form-data: file, kind, title; PDF, JPG, PNG or DOCX, at most 10 MB)",
    description=(
        "Needs the person's consent to case management, like the page. The file is checked by its "
        "content (not only its name) and stored outside the web root under a random name."
    ),
)
def case_document_upload(
    request: KimRequest, case_id: uuid.UUID, payload: Form[DocumentUploadIn], file: File[UploadedFile]
) -> Status[DocumentOut]:
    user, case = _case(request, case_id)
    document = services.document_upload(
        actor=user, case=case, kind=payload.kind.value, title=payload.title, upload=file
    )
    return Status(201, _document(document))


@router.get(
    "/{uuid:case_id}/documents/{uuid:document_id}/file",
    response={200: None, **ERRORS},
    url_name="case_document_download",
    summary="Download a document's file (only the case's team; every download is logged)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def case_document_download(request: KimRequest, case_id: uuid.UUID, document_id: uuid.UUID) -> FileResponse:
    user, case = _case(request, case_id)
    document = _document_of(case, document_id)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise _not_found() from None
    audit.record_read(actor=user, instance=document)
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.delete(
    "/{uuid:case_id}/documents/{uuid:document_id}",
    response={204: None, **ERRORS},
    url_name="case_document_delete",
    summary="Delete a document (also after a withdrawal of consent or the closure)",
)
def case_document_delete(request: KimRequest, case_id: uuid.UUID, document_id: uuid.UUID) -> Status[None]:
    user, case = _case(request, case_id)
    services.document_delete(actor=user, document=_document_of(case, document_id))
    return Status(204, None)


# --- Needs and steps ------------------------------------------------------------------------------


@router.delete(
    "/{uuid:case_id}/needs/{uuid:need_id}",
    response={204: None, **ERRORS},
    url_name="case_need_delete",
    summary="Remove a need from an assessment",
)
def case_need_delete(request: KimRequest, case_id: uuid.UUID, need_id: uuid.UUID) -> Status[None]:
    user, case = _case(request, case_id)
    try:
        need = selectors.need_get(case=case, id=need_id)
    except ObjectDoesNotExist:
        raise _not_found() from None
    services.need_remove(actor=user, need=need)
    return Status(204, None)


@router.put(
    "/{uuid:case_id}/steps/{uuid:step_id}",
    response={200: StepOut, **ERRORS_VERSIONED},
    url_name="case_step_update",
    summary="Change a step: who does it, by when, what, its status (with the version it was loaded with)",
)
def case_step_update(
    request: KimRequest, case_id: uuid.UUID, step_id: uuid.UUID, payload: StepUpdateIn
) -> StepOut | Status[ConflictOut]:
    user, case = _case(request, case_id)
    try:
        step = selectors.step_get(case=case, id=step_id)
    except ObjectDoesNotExist:
        raise _not_found() from None
    partner = None
    if payload.partner_organisation is not None:
        partner = Organisation.objects.filter(region=case.region, pk=payload.partner_organisation).first()
        if partner is None:
            raise ValidationFailed(_("Please choose an organisation of this region."), field="partner_organisation")
    values = {
        "description": payload.description.strip(),
        "responsible": payload.responsible.value,
        "partner_organisation": partner,
        "due_on": payload.due_on,
        "status": payload.status.value,
        "done_on": payload.done_on,
    }
    try:
        saved: Step = services.step_update(
            actor=user, step=step, expected_version=payload.expected_version, values=values
        )
    except services.EditConflict as conflict:
        return Status(409, conflict_body(conflict))
    return _step(saved)


# --- Client languages -----------------------------------------------------------------------------


@router.post(
    "/clients/{uuid:client_id}/languages",
    response={201: ClientLanguageOut, **ERRORS},
    url_name="client_language_add",
    summary="Record a language the client speaks, with the proficiency and whether an interpreter is needed",
)
def client_language_add(
    request: KimRequest, client_id: uuid.UUID, payload: ClientLanguageIn
) -> Status[ClientLanguageOut]:
    user, _region, client = _client(request, client_id)
    entry = services.client_language_add(
        actor=user,
        client=client,
        language=payload.language,
        proficiency=payload.proficiency.value,
        interpreter_needed=payload.interpreter_needed,
    )
    return Status(
        201,
        ClientLanguageOut(
            id=entry.pk,
            language=entry.language,
            proficiency=entry.proficiency,
            interpreter_needed=entry.interpreter_needed,
        ),
    )


@router.delete(
    "/clients/{uuid:client_id}/languages/{uuid:language_id}",
    response={204: None, **ERRORS},
    url_name="client_language_remove",
    summary="Remove a recorded language of the client",
)
def client_language_remove(request: KimRequest, client_id: uuid.UUID, language_id: uuid.UUID) -> Status[None]:
    user, _region, client = _client(request, client_id)
    entry = ClientLanguage.objects.filter(client=client, pk=language_id).first()
    if entry is None:
        raise _not_found()
    services.client_language_remove(actor=user, entry=entry)
    return Status(204, None)
