"""Case-management API under /api/v1/cases/: the same selectors, services and scoping as the pages.

Every operation needs membership (as case manager) or a named deputyship in a team of the
active region (``can_work_cases``, as the pages; 403 otherwise);
cases and clients outside the user's case teams answer 404, as on the pages. Reads of
personal data are audited like the pages (one entry per list page, one per record,
an export entry for the Art. 15 export). Rule violations of the services answer 400
with a German ``detail`` (config/api.py); a save based on an old ``expected_version``
answers 409 with the saved version and writes nothing.

The case-work operations (intake, consent, target group and decision, assessment, plan,
follow-ups, legal domain, closure) are in kim/cases/api_casework.py, documents, removing
needs, editing steps and client languages in kim/cases/api_records.py, both mounted on this
router; their schemas in kim/cases/schemas.py.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from ninja.security import SessionAuth

from kim.accounts.models import User
from kim.cases import export, monitoring, selectors, services
from kim.cases.models import Case, Client, Step
from kim.cases.permissions import can_work_cases
from kim.cases.schemas import ERRORS_VERSIONED, ClientUpdateIn, ConflictOut, ExportOut
from kim.cases.selectors_caseload import (
    DUE_ANY,
    DUE_OVERDUE,
    DUE_TODAY,
    SCOPE_MINE,
    SCOPE_TEAM,
    CaseloadFilters,
    Horizon,
    caseload_for_user,
)
from kim.core import audit
from kim.core.errors import PermissionDeniedError, ValidationFailed
from kim.core.http import KimRequest
from kim.core.models import AuditEntry, Catalogue, CatalogueEntry, Municipality, Region


class CaseWorkAuth(SessionAuth):
    """Signed in (else 401) and working on the cases of a team in the active region (else 403).

    The same rule as the pages and services: case managers and named deputies of a team
    (``kim.cases.permissions.can_work_cases``), not the role capability, which deputies lack.
    Checked as authentication, so the answer is 403 before a request body is even read.
    """

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None:
            return None
        if not can_work_cases(user, getattr(request, "region", None)):
            raise PermissionDeniedError(_("You may not work on cases in this region."))
        return user


router = Router(tags=["Case management"], auth=CaseWorkAuth())

PAGE_SIZE = 50


# --- Access -----------------------------------------------------------------------------------


def _context(request: KimRequest) -> tuple[User, Region]:
    """The acting case manager and the active region, or 403."""
    region = request.region
    user = request.user
    if region is None or not isinstance(user, User) or not can_work_cases(user, region):
        raise PermissionDeniedError(_("You may not work on cases in this region."))
    return user, region


def _not_found() -> HttpError:
    return HttpError(404, _("Not found."))


def _case(request: KimRequest, case_id: uuid.UUID) -> tuple[User, Case]:
    user, region = _context(request)
    try:
        return user, selectors.case_get_for_user(user=user, region=region, id=case_id)
    except ObjectDoesNotExist:
        raise _not_found() from None


def _client(request: KimRequest, client_id: uuid.UUID) -> tuple[User, Region, Client]:
    user, region = _context(request)
    try:
        return user, region, selectors.client_get_for_user(user=user, region=region, id=client_id)
    except ObjectDoesNotExist:
        raise _not_found() from None


NULLABLE_CLIENT_FIELDS = frozenset(
    {
        "birth_date",
        "birth_year",
        "birth_month",
        "arrived_germany_on",
        "arrived_region_on",
        "residence_valid_until",
        "municipality",
    }
)


def conflict_body(conflict: services.EditConflict) -> ConflictOut:
    """The 409 body: the German message and the version saved in the meantime (nothing was written)."""
    return ConflictOut(detail=conflict.message, current_version=getattr(conflict.current, "version", 0))


def _municipality(region: Region, pk: uuid.UUID | None) -> Municipality | None:
    if pk is None:
        return None
    found = Municipality.objects.filter(region=region, pk=pk, is_active=True).first()
    if found is None:
        raise ValidationFailed(_("Please choose a municipality of this region."), field="municipality")
    return found


def _person(user: Any) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


# --- Schemas ------------------------------------------------------------------------------------


class CaseListFilters(Schema):
    page: int = Field(1, ge=1, description="Page number (50 cases per page)")
    stage: Case.Stage | None = None
    municipality: uuid.UUID | None = None
    life_domain: uuid.UUID | None = None
    due: str | None = Field(None, pattern=f"^({DUE_TODAY}|{DUE_OVERDUE}|{DUE_ANY})$")
    residence_expiring: bool = False
    include_closed: bool = False
    q: str = Field("", max_length=100, description="Name (any spelling or script) or case number")


class CaseSummaryOut(Schema):
    id: uuid.UUID
    number: str
    client_id: uuid.UUID
    client_name: str
    municipality: str | None
    team: str
    case_manager: str | None
    stage: str
    opened_on: dt.date
    closed_on: dt.date | None
    next_step_due_on: dt.date | None
    steps_due: int
    steps_overdue: int
    residence_valid_until: dt.date | None


class CaseListOut(Schema):
    count: int
    page: int
    pages: int
    items: list[CaseSummaryOut]


class StepOut(Schema):
    id: uuid.UUID
    version: int
    description: str
    responsible: str
    partner_organisation: str | None
    due_on: dt.date
    status: str
    done_on: dt.date | None


class GoalOut(Schema):
    id: uuid.UUID
    life_domain: str | None
    specific: str
    measurable: str
    due_on: dt.date
    status: str
    client_agreed_on: dt.date | None
    achievement: str
    steps: list[StepOut]


class ContactOut(Schema):
    id: uuid.UUID
    occurred_on: dt.date
    channel: str
    duration_minutes: int
    language: str
    interpreter_used: bool
    summary: str


class NoteOut(Schema):
    id: uuid.UUID
    created_at: dt.datetime
    author: str | None
    text: str


class ConsentOut(Schema):
    id: uuid.UUID
    purpose: str
    given_on: dt.date
    withdrawn_on: dt.date | None
    text_version: int


class FollowUpOut(Schema):
    id: uuid.UUID
    due_on: dt.date
    subject: str
    assigned_to: str | None
    done_on: dt.date | None


class CaseDetailOut(Schema):
    id: uuid.UUID
    version: int
    number: str
    stage: str
    team: str
    case_manager: str | None
    client_id: uuid.UUID
    client_name: str
    opened_on: dt.date
    closed_on: dt.date | None
    decision: str
    current_legal_domain: str | None
    consents: list[ConsentOut]
    goals: list[GoalOut]
    contacts: list[ContactOut]
    notes: list[NoteOut]
    follow_ups: list[FollowUpOut]


class LanguageOut(Schema):
    id: uuid.UUID = Field(..., description="For DELETE /clients/{client_id}/languages/{language_id}")
    language: str
    proficiency: str
    interpreter_needed: bool


class ClientOut(Schema):
    id: uuid.UUID
    version: int
    given_names: str
    family_name: str
    names_original_script: str
    birth: str
    gender: str
    nationalities: list[str]
    arrived_germany_on: dt.date | None
    residence_title: str
    residence_legal_basis: str
    residence_valid_until: dt.date | None
    phone: str
    email: str
    street: str
    postal_code: str
    city: str
    municipality: str | None
    languages: list[LanguageOut]
    case_ids: list[uuid.UUID]


class ContactIn(Schema):
    occurred_on: dt.date
    channel: str = Field(..., description="Key of the contact channel (catalogue), e.g. 'persoenlich'")
    duration_minutes: int = Field(..., ge=1, le=24 * 60)
    language: str = Field("", max_length=20)
    interpreter_used: bool = False
    summary: str = ""


class NoteIn(Schema):
    text: str = Field(..., max_length=20000)


class StepStatusIn(Schema):
    status: Step.Status
    done_on: dt.date | None = None
    expected_version: int | None = Field(None, description="The version the client loaded (optimistic locking)")


class DueOut(Schema):
    steps_due: int
    steps_overdue: int
    follow_ups_due: int
    follow_ups_overdue: int
    residence_expiring: int
    legal_domain_changes: int


# --- Presenting ----------------------------------------------------------------------------------


def _summary(case: Case) -> CaseSummaryOut:
    client = case.client
    return CaseSummaryOut(
        id=case.pk,
        number=case.number,
        client_id=client.pk,
        client_name=client.display_name,
        municipality=client.municipality.name if client.municipality else None,
        team=case.team.name,
        case_manager=_person(case.case_manager),
        stage=case.stage,
        opened_on=case.opened_on,
        closed_on=case.closed_on,
        next_step_due_on=getattr(case, "next_step_due_on", None),
        steps_due=getattr(case, "steps_due", 0),
        steps_overdue=getattr(case, "steps_overdue", 0),
        residence_valid_until=client.residence_valid_until,
    )


def _step(step: Step) -> StepOut:
    return StepOut(
        id=step.pk,
        version=step.version,
        description=step.description,
        responsible=step.responsible,
        partner_organisation=str(step.partner_organisation) if step.partner_organisation else None,
        due_on=step.due_on,
        status=step.status,
        done_on=step.done_on,
    )


def _contact(contact: Any) -> ContactOut:
    return ContactOut(
        id=contact.pk,
        occurred_on=contact.occurred_on,
        channel=contact.channel.code,
        duration_minutes=contact.duration_minutes,
        language=contact.language,
        interpreter_used=contact.interpreter_used,
        summary=contact.summary,
    )


def _note(note: Any) -> NoteOut:
    return NoteOut(id=note.pk, created_at=note.created_at, author=_person(note.author), text=note.text)


def _detail(case: Case) -> CaseDetailOut:
    return CaseDetailOut(
        id=case.pk,
        version=case.version,
        number=case.number,
        stage=case.stage,
        team=case.team.name,
        case_manager=_person(case.case_manager),
        client_id=case.client_id,
        client_name=case.client.display_name,
        opened_on=case.opened_on,
        closed_on=case.closed_on,
        decision=case.decision,
        current_legal_domain=case.current_legal_domain.code if case.current_legal_domain else None,
        consents=[
            ConsentOut(
                id=c.pk,
                purpose=c.purpose,
                given_on=c.given_on,
                withdrawn_on=c.withdrawn_on,
                text_version=c.text.version,
            )
            for c in case.consents.all()
        ],
        goals=[
            GoalOut(
                id=g.pk,
                life_domain=g.life_domain.code if g.life_domain else None,
                specific=g.specific,
                measurable=g.measurable,
                due_on=g.due_on,
                status=g.status,
                client_agreed_on=g.client_agreed_on,
                achievement=g.achievement,
                steps=[_step(s) for s in g.steps.all()],
            )
            for g in case.goals.all()
        ],
        contacts=[_contact(c) for c in case.contacts.all()],
        notes=[_note(n) for n in case.notes.all()],
        follow_ups=[
            FollowUpOut(
                id=f.pk, due_on=f.due_on, subject=f.subject, assigned_to=_person(f.assigned_to), done_on=f.done_on
            )
            for f in monitoring.follow_ups_for_case(case=case)
        ],
    )


# --- Operations ----------------------------------------------------------------------------------


def _list(request: KimRequest, filters: CaseListFilters, scope: str) -> CaseListOut:
    user, region = _context(request)
    cases = caseload_for_user(
        user=user,
        region=region,
        scope=scope,
        filters=CaseloadFilters(
            stage=filters.stage.value if filters.stage else "",
            municipality=str(filters.municipality or ""),
            life_domain=str(filters.life_domain or ""),
            due=filters.due or "",
            residence_expiring=filters.residence_expiring,
            include_closed=filters.include_closed,
            query=filters.q.strip(),
        ),
        horizon=Horizon.for_region(region),
    )
    paginator = Paginator(cases, PAGE_SIZE)
    page = paginator.get_page(filters.page)
    items = [_summary(case) for case in page.object_list]
    if items:
        audit.record(
            actor=user,
            action=AuditEntry.Action.READ,
            object_type=Case._meta.label_lower,
            region=region,
            changes={"list": f"api-{scope}", "ids": sorted(str(item.id) for item in items)},
        )
    return CaseListOut(count=paginator.count, page=page.number, pages=paginator.num_pages, items=items)


@router.get("/mine", response=CaseListOut, url_name="cases_mine", summary="My cases (responsible), paginated")
def cases_mine(request: KimRequest, filters: Query[CaseListFilters]) -> CaseListOut:
    return _list(request, filters, SCOPE_MINE)


@router.get("/team", response=CaseListOut, url_name="cases_team", summary="Cases of my teams, paginated")
def cases_team(request: KimRequest, filters: Query[CaseListFilters]) -> CaseListOut:
    return _list(request, filters, SCOPE_TEAM)


@router.get("/due", response=DueOut, url_name="cases_due", summary="What is due in my cases (counts only)")
def cases_due(request: KimRequest) -> DueOut:
    user, region = _context(request)
    summary = monitoring.due_summary_for_user(user=user, region=region, horizon=Horizon.for_region(region))
    return DueOut(**summary.__dict__)


@router.get("/{uuid:case_id}", response=CaseDetailOut, url_name="case_detail", summary="One case with its plan")
def case_detail(request: KimRequest, case_id: uuid.UUID) -> CaseDetailOut:
    user, region = _context(request)
    try:
        case = selectors.case_detail_for_user(user=user, region=region, id=case_id)
    except ObjectDoesNotExist:
        raise _not_found() from None
    audit.record_read(actor=user, instance=case)
    return _detail(case)


@router.post(
    "/{uuid:case_id}/contacts",
    response={201: ContactOut},
    url_name="case_contact_create",
    summary="Record a contact",
)
def case_contact_create(request: KimRequest, case_id: uuid.UUID, payload: ContactIn) -> Status[ContactOut]:
    user, case = _case(request, case_id)
    channel = CatalogueEntry.objects.filter(
        region_id=case.region_id, catalogue=Catalogue.CONTACT_CHANNEL, code=payload.channel, is_active=True
    ).first()
    if channel is None:
        raise ValidationFailed(_("Please choose a contact channel from the list."), field="channel")
    contact = services.contact_create(
        actor=user,
        case=case,
        occurred_on=payload.occurred_on,
        channel=channel,
        duration_minutes=payload.duration_minutes,
        language=payload.language,
        interpreter_used=payload.interpreter_used,
        summary=payload.summary,
    )
    return Status(201, _contact(contact))


@router.post("/{uuid:case_id}/notes", response={201: NoteOut}, url_name="case_note_create", summary="Add a note")
def case_note_create(request: KimRequest, case_id: uuid.UUID, payload: NoteIn) -> Status[NoteOut]:
    user, case = _case(request, case_id)
    note = services.note_create(actor=user, case=case, text=payload.text)
    return Status(201, _note(note))


@router.post(
    "/{uuid:case_id}/steps/{uuid:step_id}/status",
    response={200: StepOut, **ERRORS_VERSIONED},
    url_name="case_step_status",
    summary="Change the status of a step (open, done, cancelled)",
)
def case_step_status(
    request: KimRequest, case_id: uuid.UUID, step_id: uuid.UUID, payload: StepStatusIn
) -> StepOut | Status[ConflictOut]:
    user, case = _case(request, case_id)
    try:
        step = selectors.step_get(case=case, id=step_id)
    except ObjectDoesNotExist:
        raise _not_found() from None
    values: dict[str, Any] = {"status": payload.status.value}
    if payload.done_on is not None:
        values["done_on"] = payload.done_on
    try:
        updated = services.step_update(actor=user, step=step, expected_version=payload.expected_version, values=values)
    except services.EditConflict as conflict:
        return Status(409, conflict_body(conflict))
    return _step(updated)


@router.get("/clients/{uuid:client_id}", response=ClientOut, url_name="client_detail", summary="One client of my teams")
def client_detail(request: KimRequest, client_id: uuid.UUID) -> ClientOut:
    user, region, client = _client(request, client_id)
    audit.record_read(actor=user, instance=client)
    return _client_out(user, region, client)


@router.patch(
    "/clients/{uuid:client_id}",
    response={200: ClientOut, **ERRORS_VERSIONED},
    url_name="client_update",
    summary="Correct a client's data (only the fields sent; with the version it was loaded with)",
)
def client_update(
    request: KimRequest, client_id: uuid.UUID, payload: ClientUpdateIn
) -> ClientOut | Status[ConflictOut]:
    user, region, client = _client(request, client_id)
    values = payload.dict(exclude_unset=True)
    expected_version = values.pop("expected_version")
    if "municipality" in values:
        values["municipality"] = _municipality(region, values["municipality"])
    for name, value in list(values.items()):
        if value is None and name not in NULLABLE_CLIENT_FIELDS:
            values[name] = [] if name == "nationalities" else ""
        elif isinstance(value, enum.Enum):
            values[name] = value.value
    try:
        saved = services.client_update(actor=user, client=client, expected_version=expected_version, values=values)
    except services.EditConflict as conflict:
        return Status(409, conflict_body(conflict))
    return _client_out(user, region, selectors.client_get_for_user(user=user, region=region, id=saved.pk))


def _client_out(user: User, region: Region, client: Client) -> ClientOut:
    case_ids = list(
        selectors.client_cases_for_user(user=user, region=region, client=client).values_list("pk", flat=True)
    )
    return ClientOut(
        id=client.pk,
        version=client.version,
        given_names=client.given_names,
        family_name=client.family_name,
        names_original_script=client.names_original_script,
        birth=client.birth_display,
        gender=client.gender,
        nationalities=list(client.nationalities or []),
        arrived_germany_on=client.arrived_germany_on,
        residence_title=client.residence_title,
        residence_legal_basis=client.residence_legal_basis,
        residence_valid_until=client.residence_valid_until,
        phone=client.phone,
        email=client.email,
        street=client.street,
        postal_code=client.postal_code,
        city=client.city,
        municipality=client.municipality.name if client.municipality else None,
        languages=[
            LanguageOut(
                id=x.pk, language=x.language, proficiency=x.proficiency, interpreter_needed=x.interpreter_needed
            )
            for x in client.languages.all()
        ],
        case_ids=case_ids,
    )


@router.get(
    "/clients/{uuid:client_id}/export",
    response=ExportOut,
    url_name="client_export",
    summary="Art. 15 GDPR export of everything the team holds about the client",
)
def client_export(request: KimRequest, client_id: uuid.UUID) -> dict[str, Any]:
    user, region, client = _client(request, client_id)
    built = export.client_export_build(user=user, region=region, client=client)
    audit.record(
        actor=user,
        action=AuditEntry.Action.EXPORT,
        object_type=Client._meta.label_lower,
        object_id=client.pk,
        region=region,
        changes={"format": "api-json", "cases": built.case_ids},
    )
    return built.as_json()


# The case-work operations (intake, consent, decision, plan, closure …) live in their own module;
# imported last because they build on the helpers and schemas above.
from kim.cases.api_casework import router as _casework_router  # noqa: E402
from kim.cases.api_records import router as _records_router  # noqa: E402

router.add_router("", _casework_router)
router.add_router("", _records_router)
