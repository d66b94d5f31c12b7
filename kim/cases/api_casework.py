"""Case work through the API: intake, consent, target group and decision, assessment, plan,
notes, follow-ups, legal domain, closure — under /api/v1/cases/, mounted on kim.cases.api.router.

Each operation does what the corresponding page does: it fetches the case through the
scoped selectors (404 for cases of other teams), calls the same service (which checks
team, consent and state, validates and audits) and answers service errors with a German
``{"detail", "field"}`` body and status 400, version conflicts with 409 and the current
version. Input is parsed by the schemas in kim/cases/schemas.py.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from kim.accounts.models import User
from kim.cases import monitoring, selectors, services
from kim.cases.api import (
    CaseWorkAuth,
    StepOut,
    _case,
    _client,
    _context,
    _municipality,
    _not_found,
    _note,
    _person,
    _step,
    conflict_body,
)
from kim.cases.matching import PersonRecord
from kim.cases.models import Assessment, Case, Consent, FollowUp, Goal, LegalDomainChange, Note, TargetGroupCheck
from kim.cases.schemas import (
    ERRORS,
    ERRORS_VERSIONED,
    AssessmentIn,
    AssessmentOut,
    AssessmentUpdateIn,
    CaseOpenedOut,
    CaseOpenIn,
    CaseStateOut,
    CloseIn,
    ConflictOut,
    ConsentIn,
    ConsentRecordOut,
    ConsentWithdrawIn,
    DecisionIn,
    DuplicateCheckOut,
    DuplicateOut,
    DuplicateTeamOut,
    FollowUpDetailOut,
    FollowUpDoneIn,
    FollowUpIn,
    GoalDetailOut,
    GoalEvaluationIn,
    GoalIn,
    GoalUpdateIn,
    IntakeIn,
    LegalDomainChangeIn,
    LegalDomainChangeOut,
    NeedIn,
    NeedOut,
    NoteDetailOut,
    NoteUpdateIn,
    PersonIn,
    ReopenIn,
    StepIn,
    TargetGroupIn,
    TargetGroupOut,
    TargetGroupRuleOut,
)
from kim.core import audit
from kim.core.errors import ValidationFailed
from kim.core.http import KimRequest
from kim.core.models import Catalogue, CatalogueEntry, Organisation, Region

T = TypeVar("T")

router = Router(tags=["Case work"], auth=CaseWorkAuth())

# The session remembers which names and birth data were checked for duplicates (a digest, no names).
INTAKE_CHECK_SESSION_KEY = "kim_api_intake_checked"
MATCHING_FIELDS = ("given_names", "family_name", "names_original_script", "birth_date", "birth_year", "birth_month")


# --- Helpers ------------------------------------------------------------------------------------


def _versioned(action: Callable[[], T]) -> T | Status[ConflictOut]:
    """Run a service; a version conflict answers 409 with the saved version (nothing written)."""
    try:
        return action()
    except services.EditConflict as conflict:
        return Status(409, conflict_body(conflict))


def _get(getter: Callable[..., T], **kwargs: Any) -> T:
    try:
        return getter(**kwargs)
    except (ObjectDoesNotExist, ValueError):
        raise _not_found() from None


def _entry(region: Region, catalogue: Catalogue, code: str | None, *, field: str) -> CatalogueEntry | None:
    """The active catalogue entry with key ``code`` in ``region``; a German 400 for an unknown key."""
    if not code:
        return None
    entry = CatalogueEntry.objects.filter(region=region, catalogue=catalogue, code=code, is_active=True).first()
    if entry is None:
        raise ValidationFailed(_("Please choose an entry from the list."), field=field)
    return entry


def _required_entry(region: Region, catalogue: Catalogue, code: str, *, field: str) -> CatalogueEntry:
    entry = _entry(region, catalogue, code, field=field)
    if entry is None:
        raise ValidationFailed(_("Please choose an entry from the list."), field=field)
    return entry


def _code(entry: CatalogueEntry | None) -> str | None:
    return entry.code if entry is not None else None


def _fingerprint(values: dict[str, Any]) -> str:
    raw = "|".join(str(values.get(name) or "").strip().casefold() for name in MATCHING_FIELDS)
    return hashlib.sha256(raw.encode()).hexdigest()


# --- Presenting ---------------------------------------------------------------------------------


def _opened(case: Case) -> CaseOpenedOut:
    return CaseOpenedOut(
        id=case.pk,
        number=case.number,
        client_id=case.client_id,
        team=case.team.name,
        opened_on=case.opened_on,
        version=case.version,
    )


def _consent(consent: Consent) -> ConsentRecordOut:
    return ConsentRecordOut(
        id=consent.pk,
        purpose=consent.purpose,
        text_version=consent.text.version,
        text_language=consent.text.language,
        given_on=consent.given_on,
        language=consent.language,
        interpreter_used=consent.interpreter_used,
        withdrawn_on=consent.withdrawn_on,
        withdrawal_reason=consent.withdrawal_reason,
    )


def _state(case: Case) -> CaseStateOut:
    return CaseStateOut(
        id=case.pk,
        version=case.version,
        number=case.number,
        decision=case.decision,
        decision_on=case.decision_on,
        indications=sorted(case.indications.values_list("criterion", flat=True)),
        referred_to=case.referred_to,
        current_legal_domain=_code(case.current_legal_domain),
        closed_on=case.closed_on,
        closure_reason=_code(case.closure_reason),
        handover_to=case.handover_to,
    )


def _assessment(assessment: Assessment) -> AssessmentOut:
    return AssessmentOut(
        id=assessment.pk,
        version=assessment.version,
        life_domain=assessment.life_domain.code,
        situation=assessment.situation,
        resources=assessment.resources,
        own_goals=assessment.own_goals,
        assessed_on=assessment.assessed_on,
        needs=[NeedOut(id=n.pk, description=n.description, priority=n.priority) for n in assessment.needs.all()],
    )


def _goal(goal: Goal) -> GoalDetailOut:
    return GoalDetailOut(
        id=goal.pk,
        version=goal.version,
        life_domain=_code(goal.life_domain),
        need_id=goal.need_id,
        specific=goal.specific,
        measurable=goal.measurable,
        achievable_relevant=goal.achievable_relevant,
        due_on=goal.due_on,
        status=goal.status,
        client_agreed_on=goal.client_agreed_on,
        achievement=goal.achievement,
        evaluation_note=goal.evaluation_note,
        evaluated_on=goal.evaluated_on,
    )


def _note_detail(note: Note) -> NoteDetailOut:
    base = _note(note)
    return NoteDetailOut(
        id=base.id, version=note.version, created_at=base.created_at, author=base.author, text=note.text
    )


def _follow_up(follow_up: FollowUp) -> FollowUpDetailOut:
    return FollowUpDetailOut(
        id=follow_up.pk,
        case_id=follow_up.case_id,
        due_on=follow_up.due_on,
        subject=follow_up.subject,
        assigned_to=_person(follow_up.assigned_to),
        done_on=follow_up.done_on,
    )


# --- 1. Intake ----------------------------------------------------------------------------------


@router.post(
    "/intake/duplicates",
    response={200: DuplicateCheckOut, **ERRORS},
    url_name="intake_duplicates",
    summary="Duplicate check before a new client is created",
    description=(
        "Likely existing records in the region, ranked, with the reasons. Clients of your teams "
        "come with their id; for other teams only the team to contact is named, and that "
        "disclosure is logged. Required before POST /intake with the same names and birth data."
    ),
)
def intake_duplicates(request: KimRequest, payload: PersonIn) -> DuplicateCheckOut:
    user, region = _context(request)
    values = payload.dict()
    candidate = PersonRecord(
        id="",
        given_names=payload.given_names,
        family_name=payload.family_name,
        names_original=payload.names_original_script,
        birth_date=payload.birth_date,
        birth_year=payload.birth_year,
        birth_month=payload.birth_month,
    )
    matches = services.intake_find_duplicates(actor=user, region=region, candidate=candidate)
    out = []
    for match in matches:
        if match.client is not None:
            audit.record_read(actor=user, instance=match.client)
            out.append(
                DuplicateOut(
                    score=round(match.score, 3),
                    reasons=list(match.reasons),
                    client_id=match.client.pk,
                    client_name=match.client.display_name,
                    birth=match.client.birth_display,
                )
            )
        else:
            teams = [DuplicateTeamOut(team=t.name, organisation=t.organisation.name) for t in match.teams]
            out.append(
                DuplicateOut(
                    score=round(match.score, 3),
                    reasons=list(match.reasons),
                    client_id=None,
                    client_name=None,
                    birth=None,
                    teams=teams,
                )
            )
    request.session[INTAKE_CHECK_SESSION_KEY] = _fingerprint(values)
    return DuplicateCheckOut(matches=out)


@router.post(
    "/intake",
    response={201: CaseOpenedOut, **ERRORS},
    url_name="intake_create",
    summary="Create a new client and open the case (after the duplicate check)",
)
def intake_create(request: KimRequest, payload: IntakeIn) -> Status[CaseOpenedOut]:
    user, region = _context(request)
    values = payload.dict()
    if request.session.get(INTAKE_CHECK_SESSION_KEY) != _fingerprint(values):
        raise ValidationFailed(
            _("Please run the duplicate check with these names and birth data first (POST …/intake/duplicates).")
        )
    team = selectors.case_teams_for_user(user=user, region=region).filter(pk=payload.team).first()
    if team is None:
        raise ValidationFailed(_("Please choose one of your teams."), field="team")
    client_values = {name: values[name] for name in services.CLIENT_FIELDS if name in values}
    client_values["municipality"] = _municipality(region, payload.municipality)
    client_values["name_script"] = payload.name_script.value if payload.name_script else ""
    client_values["gender"] = payload.gender.value
    case = services.case_open(
        actor=user,
        region=region,
        team=team,
        client_values=client_values,
        referral_source=_entry(region, Catalogue.REFERRAL_SOURCE, payload.referral_source, field="referral_source"),
        referral_note=payload.referral_note,
        first_language=payload.language,
        interpreter_needed=payload.interpreter_needed,
    )
    request.session.pop(INTAKE_CHECK_SESSION_KEY, None)
    return Status(201, _opened(case))


@router.post(
    "/clients/{uuid:client_id}/cases",
    response={201: CaseOpenedOut, **ERRORS},
    url_name="client_case_open",
    summary="Open a new case for a client your team already knows (e.g. found in the duplicate check)",
)
def client_case_open(request: KimRequest, client_id: uuid.UUID, payload: CaseOpenIn) -> Status[CaseOpenedOut]:
    user, region, client = _client(request, client_id)
    team = selectors.case_teams_for_user(user=user, region=region).filter(pk=payload.team).first()
    if team is None:
        raise ValidationFailed(_("Please choose one of your teams."), field="team")
    case = services.case_open(
        actor=user,
        region=region,
        team=team,
        client=client,
        referral_source=_entry(region, Catalogue.REFERRAL_SOURCE, payload.referral_source, field="referral_source"),
        referral_note=payload.referral_note,
    )
    return Status(201, _opened(case))


# --- 2. Consent ---------------------------------------------------------------------------------


@router.post(
    "/{uuid:case_id}/consents",
    response={201: ConsentRecordOut, **ERRORS},
    url_name="case_consent_create",
    summary="Record a consent (the current text version for purpose and language; scan via the page)",
)
def case_consent_create(request: KimRequest, case_id: uuid.UUID, payload: ConsentIn) -> Status[ConsentRecordOut]:
    user, case = _case(request, case_id)
    text = (
        selectors.consent_texts_current(region=case.region, on=payload.given_on)
        .filter(purpose=payload.purpose.value, language=payload.text_language.strip().lower())
        .first()
    )
    if text is None:
        raise ValidationFailed(_("Please choose a consent text of this region."), field="text_language")
    consent = services.consent_record(
        actor=user,
        case=case,
        text=text,
        given_on=payload.given_on,
        language=payload.language or text.language,
        interpreter_used=payload.interpreter_used,
        interpreter_name=payload.interpreter_name,
    )
    return Status(201, _consent(consent))


@router.post(
    "/{uuid:case_id}/consents/{uuid:consent_id}/withdrawal",
    response={200: ConsentRecordOut, **ERRORS},
    url_name="case_consent_withdraw",
    summary="Record the withdrawal of a consent (blocks further processing for its purpose at once)",
)
def case_consent_withdraw(
    request: KimRequest, case_id: uuid.UUID, consent_id: uuid.UUID, payload: ConsentWithdrawIn
) -> ConsentRecordOut:
    user, case = _case(request, case_id)
    consent = _get(selectors.consent_get, case=case, id=consent_id)
    withdrawn = services.consent_withdraw(
        actor=user, consent=consent, withdrawn_on=payload.withdrawn_on, reason=payload.reason
    )
    return _consent(withdrawn)


# --- 3. Target group and decision -----------------------------------------------------------------


def _target_group(case: Case) -> TargetGroupOut:
    rules = list(selectors.target_group_rules_for_region(region=case.region))
    checks = {check.rule_id: check for check in TargetGroupCheck.objects.filter(case=case)}
    out = []
    for rule in rules:
        check = checks.get(rule.pk)
        out.append(
            TargetGroupRuleOut(
                rule_id=rule.pk,
                code=rule.code,
                label=str(rule.label),
                suggested=services.target_group_suggestion(rule, case.client, on=case.opened_on),
                result=check.result if check else None,
                override_reason=check.override_reason if check else "",
            )
        )
    return TargetGroupOut(rules=out)


@router.get(
    "/{uuid:case_id}/target-group",
    response={200: TargetGroupOut, **ERRORS},
    url_name="case_target_group",
    summary="The region's target-group rules for the case: suggestion from the data and the recorded answer",
)
def case_target_group(request: KimRequest, case_id: uuid.UUID) -> TargetGroupOut:
    user, case = _case(request, case_id)
    audit.record_read(actor=user, instance=case)
    return _target_group(case)


@router.put(
    "/{uuid:case_id}/target-group",
    response={200: TargetGroupOut, **ERRORS},
    url_name="case_target_group_record",
    summary="Confirm or override every target-group check (deviating from the data needs a reason)",
)
def case_target_group_record(request: KimRequest, case_id: uuid.UUID, payload: TargetGroupIn) -> TargetGroupOut:
    user, case = _case(request, case_id)
    rules = {rule.pk: rule for rule in selectors.target_group_rules_for_region(region=case.region)}
    answers = []
    for answer in payload.answers:
        rule = rules.get(answer.rule_id)
        if rule is None:
            raise ValidationFailed(_("Please answer every target-group check."), field="answers")
        answers.append(services.CheckAnswer(rule=rule, result=answer.result.value, reason=answer.reason))
    services.target_group_checks_record(actor=user, case=case, answers=answers)
    return _target_group(case)


@router.post(
    "/{uuid:case_id}/decision",
    response={200: CaseStateOut, **ERRORS_VERSIONED},
    url_name="case_decide",
    summary="Take the case on, or refer the person elsewhere (which closes the case as handed over)",
)
def case_decide(request: KimRequest, case_id: uuid.UUID, payload: DecisionIn) -> CaseStateOut | Status[ConflictOut]:
    user, case = _case(request, case_id)
    result = _versioned(
        lambda: services.case_decide(
            actor=user,
            case=case,
            expected_version=payload.expected_version,
            decision=payload.decision.value,
            indications=[criterion.value for criterion in payload.indications],
            note=payload.note,
            referred_to=payload.referred_to,
            decided_on=payload.decided_on,
        )
    )
    return _state(result) if isinstance(result, Case) else result


# --- 4. Assessment, goals, steps ------------------------------------------------------------------


@router.post(
    "/{uuid:case_id}/assessments",
    response={201: AssessmentOut, **ERRORS},
    url_name="case_assessment_create",
    summary="Assess a life domain: situation, resources and strengths, the person's own goals",
)
def case_assessment_create(request: KimRequest, case_id: uuid.UUID, payload: AssessmentIn) -> Status[AssessmentOut]:
    user, case = _case(request, case_id)
    assessment = services.assessment_save(
        actor=user,
        case=case,
        life_domain=_required_entry(case.region, Catalogue.LIFE_DOMAIN, payload.life_domain, field="life_domain"),
        situation=payload.situation,
        resources=payload.resources,
        own_goals=payload.own_goals,
    )
    return Status(201, _assessment(assessment))


@router.put(
    "/{uuid:case_id}/assessments/{uuid:assessment_id}",
    response={200: AssessmentOut, **ERRORS_VERSIONED},
    url_name="case_assessment_update",
    summary="Change an assessment (with the version it was loaded with)",
)
def case_assessment_update(
    request: KimRequest, case_id: uuid.UUID, assessment_id: uuid.UUID, payload: AssessmentUpdateIn
) -> AssessmentOut | Status[ConflictOut]:
    user, case = _case(request, case_id)
    assessment = _get(selectors.assessment_get, case=case, id=assessment_id)
    domain = _required_entry(case.region, Catalogue.LIFE_DOMAIN, payload.life_domain, field="life_domain")
    result = _versioned(
        lambda: services.assessment_save(
            actor=user,
            case=case,
            life_domain=domain,
            situation=payload.situation,
            resources=payload.resources,
            own_goals=payload.own_goals,
            assessment=assessment,
            expected_version=payload.expected_version,
        )
    )
    return _assessment(result) if isinstance(result, Assessment) else result


@router.post(
    "/{uuid:case_id}/assessments/{uuid:assessment_id}/needs",
    response={201: NeedOut, **ERRORS},
    url_name="case_need_create",
    summary="Add a need with its priority to an assessment",
)
def case_need_create(
    request: KimRequest, case_id: uuid.UUID, assessment_id: uuid.UUID, payload: NeedIn
) -> Status[NeedOut]:
    user, case = _case(request, case_id)
    assessment = _get(selectors.assessment_get, case=case, id=assessment_id)
    need = services.need_add(
        actor=user, assessment=assessment, description=payload.description, priority=payload.priority.value
    )
    return Status(201, NeedOut(id=need.pk, description=need.description, priority=need.priority))


def _goal_values(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    """Schema values → service values (catalogue key → entry, need id → need of this case)."""
    values = {name: data[name] for name in services.GOAL_FIELDS if name in data}
    if "life_domain" in values:
        values["life_domain"] = _entry(case.region, Catalogue.LIFE_DOMAIN, values["life_domain"], field="life_domain")
    if values.get("need") is not None:
        values["need"] = _need(case, values["need"])
    if values.get("status") is not None:
        values["status"] = str(values["status"])
    return values


def _need(case: Case, pk: uuid.UUID) -> Any:
    try:
        return selectors.need_get(case=case, id=pk)
    except ObjectDoesNotExist:
        raise ValidationFailed(_("Please choose a need of this case."), field="need") from None


@router.post(
    "/{uuid:case_id}/goals",
    response={201: GoalDetailOut, **ERRORS},
    url_name="case_goal_create",
    summary="Add a SMART goal to the plan",
)
def case_goal_create(request: KimRequest, case_id: uuid.UUID, payload: GoalIn) -> Status[GoalDetailOut]:
    user, case = _case(request, case_id)
    goal = services.goal_create(actor=user, case=case, values=_goal_values(case, payload.dict()))
    return Status(201, _goal(goal))


@router.patch(
    "/{uuid:case_id}/goals/{uuid:goal_id}",
    response={200: GoalDetailOut, **ERRORS_VERSIONED},
    url_name="case_goal_update",
    summary="Change a goal (only the fields sent; with the version it was loaded with)",
)
def case_goal_update(
    request: KimRequest, case_id: uuid.UUID, goal_id: uuid.UUID, payload: GoalUpdateIn
) -> GoalDetailOut | Status[ConflictOut]:
    user, case = _case(request, case_id)
    goal = _get(selectors.goal_get, case=case, id=goal_id)
    sent = payload.dict(exclude_unset=True)
    sent.pop("expected_version", None)
    for name in ("specific", "measurable", "due_on", "status"):
        if name in sent and sent[name] is None:
            raise ValidationFailed(_("This field cannot be emptied."), field=name)
    if sent.get("achievable_relevant") is None and "achievable_relevant" in sent:
        sent["achievable_relevant"] = ""
    values = _goal_values(case, sent)
    result = _versioned(
        lambda: services.goal_update(actor=user, goal=goal, expected_version=payload.expected_version, values=values)
    )
    return _goal(result) if isinstance(result, Goal) else result


@router.post(
    "/{uuid:case_id}/goals/{uuid:goal_id}/evaluation",
    response={200: GoalDetailOut, **ERRORS_VERSIONED},
    url_name="case_goal_evaluate",
    summary="Evaluate how far a goal was achieved (before closing the case)",
)
def case_goal_evaluate(
    request: KimRequest, case_id: uuid.UUID, goal_id: uuid.UUID, payload: GoalEvaluationIn
) -> GoalDetailOut | Status[ConflictOut]:
    user, case = _case(request, case_id)
    goal = _get(selectors.goal_get, case=case, id=goal_id)
    result = _versioned(
        lambda: services.goal_evaluate(
            actor=user,
            goal=goal,
            expected_version=payload.expected_version,
            achievement=payload.achievement.value,
            note=payload.note,
        )
    )
    return _goal(result) if isinstance(result, Goal) else result


@router.post(
    "/{uuid:case_id}/goals/{uuid:goal_id}/steps",
    response={201: StepOut, **ERRORS},
    url_name="case_step_create",
    summary="Add a step to a goal: who does it, by when",
)
def case_step_create(request: KimRequest, case_id: uuid.UUID, goal_id: uuid.UUID, payload: StepIn) -> Status[StepOut]:
    user, case = _case(request, case_id)
    goal = _get(selectors.goal_get, case=case, id=goal_id)
    partner = None
    if payload.partner_organisation is not None:
        partner = Organisation.objects.filter(region=case.region, pk=payload.partner_organisation).first()
        if partner is None:
            raise ValidationFailed(_("Please choose an organisation of this region."), field="partner_organisation")
    step = services.step_create(
        actor=user,
        goal=goal,
        values={
            "description": payload.description,
            "responsible": payload.responsible.value,
            "partner_organisation": partner,
            "due_on": payload.due_on,
            "status": payload.status.value,
            "done_on": payload.done_on,
        },
    )
    return Status(201, _step(step))


# --- 5. Notes, follow-ups, legal domain, closure --------------------------------------------------


@router.put(
    "/{uuid:case_id}/notes/{uuid:note_id}",
    response={200: NoteDetailOut, **ERRORS_VERSIONED},
    url_name="case_note_update",
    summary="Change a note (with the version it was loaded with)",
)
def case_note_update(
    request: KimRequest, case_id: uuid.UUID, note_id: uuid.UUID, payload: NoteUpdateIn
) -> NoteDetailOut | Status[ConflictOut]:
    user, case = _case(request, case_id)
    note = _get(selectors.note_get, case=case, id=note_id)
    result = _versioned(
        lambda: services.note_update(
            actor=user, note=note, expected_version=payload.expected_version, text=payload.text
        )
    )
    return _note_detail(result) if isinstance(result, Note) else result


@router.post(
    "/{uuid:case_id}/follow-ups",
    response={201: FollowUpDetailOut, **ERRORS},
    url_name="case_follow_up_create",
    summary="Add a follow-up (Wiedervorlage) for a member of the case's team",
)
def case_follow_up_create(request: KimRequest, case_id: uuid.UUID, payload: FollowUpIn) -> Status[FollowUpDetailOut]:
    user, case = _case(request, case_id)
    assignee = None
    if payload.assigned_to is not None:
        assignee = User.objects.filter(pk=payload.assigned_to, is_active=True).first()
        if assignee is None:
            raise ValidationFailed(
                _("Follow-ups can only be assigned to members of the case's team."), field="assigned_to"
            )
    follow_up = monitoring.follow_up_create(
        actor=user, case=case, due_on=payload.due_on, subject=payload.subject, assigned_to=assignee
    )
    return Status(201, _follow_up(follow_up))


@router.post(
    "/follow-ups/{uuid:follow_up_id}/done",
    response={200: FollowUpDetailOut, **ERRORS},
    url_name="follow_up_done",
    summary="Mark a follow-up as done",
)
def follow_up_done(request: KimRequest, follow_up_id: uuid.UUID, payload: FollowUpDoneIn) -> FollowUpDetailOut:
    user, region = _context(request)
    follow_up = _get(monitoring.follow_up_get_for_user, user=user, region=region, id=follow_up_id)
    done = monitoring.follow_up_complete(actor=user, follow_up=follow_up, done_on=payload.done_on)
    return _follow_up(done)


@router.post(
    "/{uuid:case_id}/legal-domain-changes",
    response={201: LegalDomainChangeOut, **ERRORS},
    url_name="case_legal_domain_change",
    summary="Record a change of legal domain (Rechtskreiswechsel), e.g. AsylbLG → SGB II",
)
def case_legal_domain_change(
    request: KimRequest, case_id: uuid.UUID, payload: LegalDomainChangeIn
) -> Status[LegalDomainChangeOut]:
    user, case = _case(request, case_id)
    region = case.region
    change: LegalDomainChange = monitoring.legal_domain_change_record(
        actor=user,
        case=case,
        changed_on=payload.changed_on,
        to_domain=_required_entry(region, Catalogue.LEGAL_DOMAIN, payload.to_domain, field="to_domain"),
        from_domain=_entry(region, Catalogue.LEGAL_DOMAIN, payload.from_domain, field="from_domain"),
        note=payload.note,
    )
    case.refresh_from_db(fields=["current_legal_domain", "version"])
    return Status(
        201,
        LegalDomainChangeOut(
            id=change.pk,
            changed_on=change.changed_on,
            from_domain=_code(change.from_domain),
            to_domain=change.to_domain.code,
            note=change.note,
            current_legal_domain=_code(case.current_legal_domain),
        ),
    )


@router.post(
    "/{uuid:case_id}/close",
    response={200: CaseStateOut, **ERRORS_VERSIONED},
    url_name="case_close",
    summary="Close the case with a reason from the catalogue (every goal evaluated first)",
)
def case_close(request: KimRequest, case_id: uuid.UUID, payload: CloseIn) -> CaseStateOut | Status[ConflictOut]:
    user, case = _case(request, case_id)
    reason = _required_entry(case.region, Catalogue.CLOSURE_REASON, payload.closure_reason, field="closure_reason")
    result = _versioned(
        lambda: services.case_close(
            actor=user,
            case=case,
            expected_version=payload.expected_version,
            closure_reason=reason,
            closed_on=payload.closed_on,
            handover_to=payload.handover_to,
            note=payload.note,
        )
    )
    return _state(result) if isinstance(result, Case) else result


@router.post(
    "/{uuid:case_id}/reopen",
    response={200: CaseStateOut, **ERRORS_VERSIONED},
    url_name="case_reopen",
    summary="Reopen a closed case with a reason",
)
def case_reopen(request: KimRequest, case_id: uuid.UUID, payload: ReopenIn) -> CaseStateOut | Status[ConflictOut]:
    user, case = _case(request, case_id)
    result = _versioned(
        lambda: services.case_reopen(
            actor=user, case=case, expected_version=payload.expected_version, reason=payload.reason
        )
    )
    return _state(result) if isinstance(result, Case) else result
