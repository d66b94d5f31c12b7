"""Input and output schemas of the case-work API (kim/cases/api_casework.py).

Parsing and type checks only; every business rule lives in the services, whose
German messages the API returns as ``{"detail": …, "field": …}`` with status 400.
Catalogue entries (life domain, legal domain, referral source, closure reason) are
given by their key (``code``) in the active region; people and organisations by id.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict

from kim.cases.models import (
    Case,
    Client,
    ClientLanguage,
    ConsentPurpose,
    Document,
    Goal,
    IndicationCriterion,
    Priority,
    Step,
    TargetGroupCheck,
)

# --- Errors (the bodies config/api.py and the operations answer with) -------------------------


class ErrorOut(Schema):
    """400, 403 and 404: a message a person can act on (German by default)."""

    detail: str
    field: str | None = Field(None, description="The input field the message is about, if any")


class ConflictOut(Schema):
    """409: the record was saved by someone else since it was loaded; nothing was written."""

    detail: str
    current_version: int = Field(..., description="Reload the record and send this version with the change")


ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
ERRORS_VERSIONED: dict[int, Any] = {**ERRORS, 409: ConflictOut}


# --- Intake ------------------------------------------------------------------------------------


class PersonIn(Schema):
    """Names and birth data of the person asking for help (sent in the body, never in a URL)."""

    given_names: str = Field("", max_length=150)
    family_name: str = Field(..., min_length=1, max_length=150)
    names_original_script: str = Field("", max_length=300)
    birth_date: dt.date | None = None
    birth_year: int | None = Field(None, ge=1900, le=2100)
    birth_month: int | None = Field(None, ge=1, le=12)


class DuplicateTeamOut(Schema):
    team: str
    organisation: str


class DuplicateOut(Schema):
    """A likely existing record: the client for the own teams, only the team to contact for others."""

    score: float
    reasons: list[str]
    client_id: uuid.UUID | None = Field(None, description="Only for clients of the own teams")
    client_name: str | None = None
    birth: str | None = None
    teams: list[DuplicateTeamOut] = Field(
        default_factory=list, description="Other teams to contact (names only; this disclosure is logged)"
    )


class DuplicateCheckOut(Schema):
    matches: list[DuplicateOut]


class ClientValuesIn(PersonIn):
    """Everything stored about a new client (the same fields as the intake page)."""

    name_script: Client.Script | None = None
    gender: Client.Gender = Client.Gender.NOT_STATED
    gender_self_described: str = Field("", max_length=100)
    nationalities: list[str] = Field(default_factory=list, description="ISO 3166 codes, e.g. SY, UA")
    arrived_germany_on: dt.date | None = None
    arrived_region_on: dt.date | None = None
    residence_title: str = Field("", max_length=200)
    residence_legal_basis: str = Field("", max_length=100)
    residence_valid_until: dt.date | None = None
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    street: str = Field("", max_length=200)
    postal_code: str = Field("", max_length=10)
    city: str = Field("", max_length=120)
    municipality: uuid.UUID | None = None


class IntakeIn(ClientValuesIn):
    """A new client and their case; only after the duplicate check with the same names and birth data."""

    team: uuid.UUID = Field(..., description="One of the user's case teams")
    referral_source: str | None = Field(None, description="Key of the referral source (catalogue)")
    referral_note: str = Field("", max_length=2000)
    language: str = Field("", max_length=20, description="First language (code, e.g. 'ar')")
    interpreter_needed: bool = False


class CaseOpenIn(Schema):
    """A new case for a client the own team already knows."""

    team: uuid.UUID
    referral_source: str | None = None
    referral_note: str = Field("", max_length=2000)


class CaseOpenedOut(Schema):
    id: uuid.UUID
    number: str
    client_id: uuid.UUID
    team: str
    opened_on: dt.date
    version: int


# --- Consent -----------------------------------------------------------------------------------


class ConsentIn(Schema):
    """The consent the person gave; the text is the current version for purpose and text language."""

    purpose: ConsentPurpose
    text_language: str = Field("de", max_length=20, description="Language of the consent text signed")
    given_on: dt.date
    language: str = Field("", max_length=20, description="Language of the conversation (default: text language)")
    interpreter_used: bool = False
    interpreter_name: str = Field("", max_length=200)


class ConsentWithdrawIn(Schema):
    withdrawn_on: dt.date
    reason: str = Field("", max_length=2000)


class ConsentRecordOut(Schema):
    id: uuid.UUID
    purpose: str
    text_version: int
    text_language: str
    given_on: dt.date
    language: str
    interpreter_used: bool
    withdrawn_on: dt.date | None
    withdrawal_reason: str


# --- Target group and decision -----------------------------------------------------------------


class TargetGroupRuleOut(Schema):
    rule_id: uuid.UUID
    code: str
    label: str
    suggested: str = Field(..., description="What the recorded data says: met, not_met or unknown")
    result: str | None = Field(None, description="The case manager's answer, if recorded")
    override_reason: str


class TargetGroupOut(Schema):
    rules: list[TargetGroupRuleOut]


class CheckAnswerIn(Schema):
    rule_id: uuid.UUID
    result: TargetGroupCheck.Result
    reason: str = Field("", max_length=2000, description="Needed when deviating from the suggestion")


class TargetGroupIn(Schema):
    answers: list[CheckAnswerIn]


class DecisionIn(Schema):
    expected_version: int
    decision: Case.Decision
    indications: list[IndicationCriterion] = Field(default_factory=list)
    note: str = Field("", max_length=4000)
    referred_to: str = Field("", max_length=300)
    decided_on: dt.date | None = None


class CaseStateOut(Schema):
    """A case after a change of its state (decision, legal domain, closure, reopening)."""

    id: uuid.UUID
    version: int
    number: str
    decision: str
    decision_on: dt.date | None
    indications: list[str]
    referred_to: str
    current_legal_domain: str | None
    closed_on: dt.date | None
    closure_reason: str | None
    handover_to: str


# --- Assessment, goals, steps -----------------------------------------------------------------


class AssessmentIn(Schema):
    life_domain: str = Field(..., description="Key of the life domain (catalogue), e.g. 'wohnen'")
    situation: str = Field("", max_length=20000)
    resources: str = Field("", max_length=20000)
    own_goals: str = Field("", max_length=20000)


class AssessmentUpdateIn(AssessmentIn):
    expected_version: int


class NeedIn(Schema):
    description: str = Field(..., max_length=300)
    priority: Priority = Priority.MEDIUM


class NeedOut(Schema):
    id: uuid.UUID
    description: str
    priority: str


class AssessmentOut(Schema):
    id: uuid.UUID
    version: int
    life_domain: str
    situation: str
    resources: str
    own_goals: str
    assessed_on: dt.date
    needs: list[NeedOut]


class GoalIn(Schema):
    """A SMART goal; ``need`` links it to a need of the case's assessment."""

    life_domain: str | None = None
    need: uuid.UUID | None = None
    specific: str = Field(..., max_length=300)
    measurable: str = Field(..., max_length=300)
    achievable_relevant: str = Field("", max_length=20000)
    due_on: dt.date
    status: Goal.Status = Goal.Status.OPEN
    client_agreed_on: dt.date | None = None


class GoalUpdateIn(Schema):
    """Only the fields sent are changed."""

    expected_version: int
    life_domain: str | None = None
    need: uuid.UUID | None = None
    specific: str | None = Field(None, max_length=300)
    measurable: str | None = Field(None, max_length=300)
    achievable_relevant: str | None = Field(None, max_length=20000)
    due_on: dt.date | None = None
    status: Goal.Status | None = None
    client_agreed_on: dt.date | None = None


class GoalEvaluationIn(Schema):
    expected_version: int
    achievement: Goal.Achievement
    note: str = Field("", max_length=20000)


class GoalDetailOut(Schema):
    id: uuid.UUID
    version: int
    life_domain: str | None
    need_id: uuid.UUID | None
    specific: str
    measurable: str
    achievable_relevant: str
    due_on: dt.date
    status: str
    client_agreed_on: dt.date | None
    achievement: str
    evaluation_note: str
    evaluated_on: dt.date | None


class StepIn(Schema):
    description: str = Field(..., max_length=300)
    responsible: Step.Responsible
    partner_organisation: uuid.UUID | None = None
    due_on: dt.date
    status: Step.Status = Step.Status.OPEN
    done_on: dt.date | None = None


class StepUpdateIn(StepIn):
    """The full step (who, by when, what, status) with the version it was loaded with."""

    expected_version: int


# --- Notes, follow-ups, legal domain, closure -------------------------------------------------


class NoteUpdateIn(Schema):
    expected_version: int
    text: str = Field(..., max_length=20000)


class NoteDetailOut(Schema):
    id: uuid.UUID
    version: int
    created_at: dt.datetime
    author: str | None
    text: str


class FollowUpIn(Schema):
    due_on: dt.date
    subject: str = Field(..., max_length=200)
    assigned_to: uuid.UUID | None = Field(None, description="A member of the case's team (default: you)")


class FollowUpDoneIn(Schema):
    done_on: dt.date | None = None


class FollowUpDetailOut(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    due_on: dt.date
    subject: str
    assigned_to: str | None
    done_on: dt.date | None


class LegalDomainChangeIn(Schema):
    changed_on: dt.date
    to_domain: str = Field(..., description="Key of the new legal domain (catalogue), e.g. 'sgb2'")
    from_domain: str | None = Field(None, description="Default: the case's current legal domain")
    note: str = Field("", max_length=4000)


class LegalDomainChangeOut(Schema):
    id: uuid.UUID
    changed_on: dt.date
    from_domain: str | None
    to_domain: str
    note: str
    current_legal_domain: str | None = Field(None, description="The case's legal domain after the change")


class CloseIn(Schema):
    expected_version: int
    closure_reason: str = Field(..., description="Key of the closure reason (catalogue), e.g. 'ziele_erreicht'")
    closed_on: dt.date
    handover_to: str = Field("", max_length=300)
    note: str = Field("", max_length=4000)


class ReopenIn(Schema):
    expected_version: int
    reason: str = Field(..., max_length=2000)


# --- Client update -----------------------------------------------------------------------------


class ClientUpdateIn(Schema):
    """Only the fields sent are changed (Art. 16 corrections are visible in the audited history)."""

    expected_version: int
    given_names: str | None = Field(None, max_length=150)
    family_name: str | None = Field(None, max_length=150)
    names_original_script: str | None = Field(None, max_length=300)
    name_script: Client.Script | None = None
    birth_date: dt.date | None = None
    birth_year: int | None = Field(None, ge=1900, le=2100)
    birth_month: int | None = Field(None, ge=1, le=12)
    gender: Client.Gender | None = None
    gender_self_described: str | None = Field(None, max_length=100)
    nationalities: list[str] | None = None
    arrived_germany_on: dt.date | None = None
    arrived_region_on: dt.date | None = None
    residence_title: str | None = Field(None, max_length=200)
    residence_legal_basis: str | None = Field(None, max_length=100)
    residence_valid_until: dt.date | None = None
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    street: str | None = Field(None, max_length=200)
    postal_code: str | None = Field(None, max_length=10)
    city: str | None = Field(None, max_length=120)
    municipality: uuid.UUID | None = None


# --- Client languages and documents -----------------------------------------------------------


class ClientLanguageIn(Schema):
    language: str = Field(..., max_length=20, description="Language code, e.g. ar, uk, prs, ti")
    proficiency: ClientLanguage.Proficiency = ClientLanguage.Proficiency.NATIVE
    interpreter_needed: bool = False


class ClientLanguageOut(Schema):
    id: uuid.UUID
    language: str
    proficiency: str
    interpreter_needed: bool


class DocumentUploadIn(Schema):
    """The form fields sent with the file (multipart/form-data)."""

    kind: Document.Kind
    title: str = Field("", max_length=200, description="Empty: the file name")


class DocumentOut(Schema):
    """A document's metadata; the file itself via GET …/documents/{document_id}/file."""

    id: uuid.UUID
    kind: str
    title: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: str | None
    uploaded_at: dt.datetime


class DocumentListOut(Schema):
    items: list[DocumentOut]


# --- Art. 15 export ---------------------------------------------------------------------------


class ExportOut(BaseModel):
    """The Art. 15 GDPR export (format ``kim-art15-export``): the envelope is typed here.

    ``client`` is the person's record, ``languages`` and ``cases`` lists of records (each
    case with its consents, assessments, goals, steps, contacts, notes and documents);
    further sections contributed by other apps (e.g. ``referrals``) are lists of records
    too (today also ``files``, ``disclosures``, ``search_keys`` and ``releases``). A record
    is ``{"id": …, <field>: <value>, …, <child section>: [records]}`` with the field names
    of the readable export page, so records are passed through unchanged.
    """

    # A plain pydantic model (not ninja's Schema, which reads declared attributes only), so the
    # sections other apps contribute (referrals, files, disclosures, …) pass through unchanged.
    model_config = ConfigDict(extra="allow")

    format: str = Field(..., description="Always 'kim-art15-export'")
    format_version: int
    legal_basis: str
    generated_at: dt.datetime
    generated_by: str
    controller: str = Field(..., description="The region (Kreis) responsible for the data")
    other_team_cases: int = Field(..., description="Cases of other teams, counted only (not exported by this team)")
    client: dict[str, Any] = Field(..., description="The client record")
    languages: list[dict[str, Any]] = Field(default_factory=list)
    cases: list[dict[str, Any]] = Field(default_factory=list, description="Cases of the own teams with everything")
