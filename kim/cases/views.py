"""Case work pages under /faelle/: intake, client record, the case and its DGCC cycle.

Every view: parse → select (through ``selectors``, scoped to the user's case teams;
anything else is 404, never 403) → call the service → POST-redirect-GET with a
message, or the form again with the service's message. Every page that shows case
content writes a read entry to the audit log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kim.cases import selectors, services
from kim.cases.forms import (
    AssessmentForm,
    CaseIntakeForm,
    ClientEditForm,
    ClientLanguageForm,
    CloseForm,
    ConsentForm,
    ConsentWithdrawForm,
    ContactForm,
    DecisionForm,
    DocumentForm,
    ExistingClientCaseForm,
    GoalEvaluationForm,
    GoalForm,
    HouseholdLinkForm,
    IntakeNewForm,
    NeedForm,
    NoteForm,
    PersonSearchForm,
    ReopenForm,
    StepForm,
    TargetGroupForm,
)
from kim.cases.matching import PersonRecord
from kim.cases.models import Case, Client, ClientLanguage, Goal, Need, TargetGroupCheck
from kim.core import audit
from kim.core.errors import ApplicationError
from kim.core.models import Region

T = TypeVar("T")
View = Callable[..., HttpResponseBase]


# --- Helpers ---


def case_worker_view(view: View) -> View:
    """Signed-in people with an active region; the selectors decide the rest (404 for others)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if getattr(request, "region", None) is None:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def intake_view(view: View) -> View:
    """Starting an intake: only people who belong to a case team of the region (others get 403)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        region = getattr(request, "region", None)
        if region is None or not request.user.has_perm("cases.open_case", region):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _region(request: HttpRequest) -> Region:
    region = request.region  # type: ignore[attr-defined]
    assert isinstance(region, Region)  # noqa: S101  (the decorators guarantee a region)
    return region


def _get_or_404(getter: Callable[..., T], **kwargs: Any) -> T:
    try:
        return getter(**kwargs)
    except (ObjectDoesNotExist, ValueError):
        raise Http404 from None


def _case(request: HttpRequest, pk: Any, *, read: bool = True) -> Case:
    """The case if the user works on it (404 otherwise); GET requests log the read."""
    case = _get_or_404(selectors.case_get_for_user, user=request.user, region=_region(request), id=pk)
    if read and request.method == "GET":
        audit.record_read(actor=request.user, instance=case)
    return case


def _client(request: HttpRequest, pk: Any) -> Client:
    client = _get_or_404(selectors.client_get_for_user, user=request.user, region=_region(request), id=pk)
    if request.method == "GET":
        audit.record_read(actor=request.user, instance=client)
    return client


def _display(instance: Model, name: str) -> str:
    """A stored value as the page shows it (for the conflict comparison)."""
    display = getattr(instance, f"get_{name}_display", None)
    value = display() if callable(display) else getattr(instance, name, None)
    if value is None or value == "":
        return "–"
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _call(form: BaseForm, action: Callable[[], T], context: dict[str, Any]) -> T | None:
    """Run a service. A conflict keeps the input, shows the saved values beside it and takes over
    the saved version (so a second save is a deliberate overwrite); other rule violations
    become an error on the field they name."""
    try:
        return action()
    except services.TargetGroupConflict as conflict:
        _take_over_version(form, conflict.version)
        form.add_error(None, conflict.message)
        context["conflict"] = conflict.saved
        return None
    except services.EditConflict as conflict:
        _show_saved(form, conflict.current, context, conflict.message)
        return None
    except ApplicationError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None


def _take_over_version(form: BaseForm, version: Any) -> None:
    data = form.data.copy()  # type: ignore[attr-defined]
    data["version"] = str(version)
    form.data = data


def _show_saved(form: BaseForm, current: Model, context: dict[str, Any], message: str) -> None:
    """Keep the user's input, show the saved values beside it and take over the saved version."""
    _take_over_version(form, current.version)  # type: ignore[attr-defined]
    form.add_error(None, message)
    context["conflict"] = [
        (field.label, _display(current, name))
        for name, field in form.fields.items()
        if name != "version" and hasattr(current, name)
    ]


def _missing_version(form: BaseForm, instance: Model | None, context: dict[str, Any]) -> int:
    """An edit sent without its version is a bad request: nothing is saved, the saved values are
    shown as in a conflict (400). Other form errors keep the normal page (200)."""
    if instance is None or "version" not in form.errors:
        return 200
    current = type(instance)._default_manager.get(pk=instance.pk)
    message = str(form.errors["version"][0])
    del form.errors["version"]
    _show_saved(form, current, context, message)
    return 400


def _form_page(
    request: HttpRequest,
    form: BaseForm,
    *,
    title: str | Promise,
    submit: str | Promise,
    cancel_url: str,
    case: Case | None = None,
    intro: str | Promise = "",
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    page = {
        "form": form,
        "title": title,
        "submit": submit,
        "cancel_url": cancel_url,
        "case": case,
        "intro": intro,
        **(context or {}),
    }
    return render(request, "cases/form.html", page, status=status)


def _case_url(case: Case, anchor: str = "") -> str:
    return reverse("cases:case_detail", args=[case.pk]) + (f"#{anchor}" if anchor else "")


def _blocked_reason(case: Case, *, has_consent: bool | None = None) -> str:
    """Why case work cannot be recorded right now ("" if it can)."""
    if not case.is_open:
        return _("The case is closed. Reopen it first if work is to continue.")
    if has_consent is None:
        has_consent = selectors.case_has_active_consent(case=case)
    if not has_consent:
        return _(
            "There is no valid consent to case management for this case. Record the consent first; "
            "after a withdrawal nothing more may be recorded."
        )
    return ""


def _blocked_page(request: HttpRequest, case: Case, reason: str, title: str) -> HttpResponse:
    return render(request, "cases/blocked.html", {"case": case, "reason": reason, "title": title})


def _team_members(case: Case) -> QuerySet[Any]:
    """People who may be responsible for the case: the team's case managers and named deputies."""
    return selectors.case_team_workers(case=case)


# --- Intake ---


INTAKE_CHECK_SESSION_KEY = "kim_intake_checked"
MATCHING_FORM_FIELDS = (
    "given_names",
    "family_name",
    "names_original_script",
    "birth_date",
    "birth_year",
    "birth_month",
)


def _check_fingerprint(data: dict[str, Any]) -> str:
    """A digest of the names and birth data that were checked (the session holds no names)."""
    raw = "|".join(str(data.get(name) or "").strip().casefold() for name in MATCHING_FORM_FIELDS)
    return hashlib.sha256(raw.encode()).hexdigest()


def _matches_page(request: HttpRequest, region: Region, data: dict[str, Any], new_form: IntakeNewForm) -> HttpResponse:
    """Run the duplicate check for ``data`` and show the result with the form for a new person."""
    candidate = PersonRecord(
        id="",
        given_names=data.get("given_names") or "",
        family_name=data.get("family_name") or "",
        names_original=data.get("names_original_script") or "",
        birth_date=data.get("birth_date"),
        birth_year=data.get("birth_year"),
        birth_month=data.get("birth_month"),
    )
    matches = services.intake_find_duplicates(actor=request.user, region=region, candidate=candidate)
    for match in matches:
        if match.client is not None:
            audit.record_read(actor=request.user, instance=match.client)
    request.session[INTAKE_CHECK_SESSION_KEY] = _check_fingerprint(data)
    return render(
        request,
        "cases/intake_matches.html",
        {
            "matches": matches,
            "own_matches": [m for m in matches if m.client is not None],
            "other_matches": [m for m in matches if m.client is None],
            "new_form": new_form,
        },
    )


@intake_view
@require_http_methods(["GET", "POST"])
def intake_start(request: HttpRequest) -> HttpResponse:
    """Step 1: names and birth data; the duplicate check runs before anyone is created."""
    region = _region(request)
    form = PersonSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_form = IntakeNewForm(
            initial=data, region=region, teams=selectors.case_teams_for_user(user=request.user, region=region)
        )
        return _matches_page(request, region, data, new_form)
    return render(request, "cases/intake_start.html", {"form": form})


@intake_view
@require_http_methods(["GET", "POST"])
def intake_new(request: HttpRequest) -> HttpResponse:
    """Step 2: the full record of a new person and the case; only after the duplicate check.

    If names or birth data were changed after the check, the check runs again with the
    new values (the input is kept) before anyone is created.
    """
    region = _region(request)
    if request.method == "GET" or INTAKE_CHECK_SESSION_KEY not in request.session:
        return redirect("cases:intake_start")
    teams = selectors.case_teams_for_user(user=request.user, region=region)
    form = IntakeNewForm(request.POST, region=region, teams=teams)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        if request.session.get(INTAKE_CHECK_SESSION_KEY) != _check_fingerprint(data):
            messages.info(request, _("The names or birth data were changed after the check, so it ran again."))
            return _matches_page(request, region, data, form)
        case = _call(
            form,
            lambda: services.case_open(
                actor=request.user,
                region=region,
                team=data["team"],
                client_values=form.client_values(),
                referral_source=data["referral_source"],
                referral_note=data["referral_note"],
                first_language=data["language"],
                interpreter_needed=data["interpreter_needed"],
            ),
            context,
        )
        if case is not None:
            request.session.pop(INTAKE_CHECK_SESSION_KEY, None)
            messages.success(request, _("The case %(number)s has been opened.") % {"number": case.number})
            return redirect("cases:case_detail", case.pk)
    return render(request, "cases/intake_new.html", context)


@case_worker_view
@require_http_methods(["GET", "POST"])
def client_case_open(request: HttpRequest, pk: Any) -> HttpResponse:
    """A new case for a person the own team already knows (e.g. found in the duplicate check)."""
    region = _region(request)
    client = _client(request, pk)
    teams = selectors.case_teams_for_user(user=request.user, region=region)
    form = ExistingClientCaseForm(request.POST or None, region=region, teams=teams)
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = _call(
            form,
            lambda: services.case_open(
                actor=request.user,
                region=region,
                team=data["team"],
                client=client,
                referral_source=data["referral_source"],
                referral_note=data["referral_note"],
            ),
            context,
        )
        if case is not None:
            messages.success(request, _("The case %(number)s has been opened.") % {"number": case.number})
            return redirect("cases:case_detail", case.pk)
    return _form_page(
        request,
        form,
        title=_("Open a new case for %(name)s") % {"name": client.display_name},
        submit=_("Open case"),
        cancel_url=reverse("cases:client_detail", args=[client.pk]),
        context=context,
    )


# --- Client ---


@case_worker_view
@require_GET
def client_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    client = _client(request, pk)
    return render(
        request,
        "cases/client_detail.html",
        {
            "client": client,
            "cases": selectors.client_cases_for_user(user=request.user, region=region, client=client),
            "household": selectors.household_members_for_user(user=request.user, region=region, client=client),
            "language_form": ClientLanguageForm(),
        },
    )


@case_worker_view
@require_http_methods(["GET", "POST"])
def client_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    client = _client(request, pk)
    initial = {name: getattr(client, name) for name in ClientEditForm.client_fields} | {"version": client.version}
    form = ClientEditForm(request.POST or None, initial=initial, region=region)
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        saved = _call(
            form,
            lambda: services.client_update(
                actor=request.user,
                client=client,
                expected_version=form.cleaned_data["version"],
                values=form.client_values(),
            ),
            context,
        )
        if saved is not None:
            messages.success(request, _("The personal data has been saved."))
            return redirect("cases:client_detail", client.pk)
    return _form_page(
        request,
        form,
        title=_("Edit personal data"),
        submit=_("Save"),
        cancel_url=reverse("cases:client_detail", args=[client.pk]),
        context=context,
    )


@case_worker_view
@require_http_methods(["GET", "POST"])
def client_language_add(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _client(request, pk)
    form = ClientLanguageForm(request.POST or None)
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _call(
            form,
            lambda: services.client_language_add(
                actor=request.user,
                client=client,
                language=data["language"],
                proficiency=data["proficiency"],
                interpreter_needed=data["interpreter_needed"],
            ),
            context,
        )
        if saved is not None:
            messages.success(request, _("The language has been added."))
            return redirect("cases:client_detail", client.pk)
    return _form_page(
        request,
        form,
        title=_("Add language"),
        submit=_("Add"),
        cancel_url=reverse("cases:client_detail", args=[client.pk]),
        context=context,
    )


@case_worker_view
@require_POST
def client_language_remove(request: HttpRequest, pk: Any, language_pk: Any) -> HttpResponse:
    client = _client(request, pk)
    entry = _get_or_404(ClientLanguage.objects.get, client=client, pk=language_pk)
    try:
        services.client_language_remove(actor=request.user, entry=entry)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The language has been removed."))
    return redirect("cases:client_detail", client.pk)


@case_worker_view
@require_http_methods(["GET", "POST"])
def household_add(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    client = _client(request, pk)
    candidates = selectors.clients_for_user(user=request.user, region=region).exclude(pk=client.pk)
    form = HouseholdLinkForm(request.POST or None, candidates=candidates)
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _call(
            form,
            lambda: services.household_link(
                actor=request.user,
                client=client,
                member=data["member"],
                relation=data["relation"],
            ),
            context,
        )
        if saved is not None:
            messages.success(request, _("The person has been added to the household."))
            return redirect("cases:client_detail", client.pk)
    return _form_page(
        request,
        form,
        title=_("Add a household member"),
        submit=_("Add"),
        cancel_url=reverse("cases:client_detail", args=[client.pk]),
        intro=_("Household members are linked as clients of your team. Open a case for a new person first."),
        context=context,
    )


@case_worker_view
@require_POST
def household_leave(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _client(request, pk)
    try:
        services.household_leave(actor=request.user, client=client)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The person no longer belongs to the household."))
    return redirect("cases:client_detail", client.pk)


# --- Case ---


@case_worker_view
@require_GET
def case_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    case = _get_or_404(selectors.case_detail_for_user, user=request.user, region=region, id=pk)
    audit.record_read(actor=request.user, instance=case)
    consents = list(case.consents.all())
    cm_consents = [c for c in consents if c.purpose == "case_management"]
    active_cm = next((c for c in cm_consents if c.is_active), None)
    withdrawn_cm = None if active_cm else next((c for c in cm_consents if not c.is_active), None)
    rules = list(selectors.target_group_rules_for_region(region=region))
    checks = list(case.target_group_checks.all())
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "client": case.client,
            "stages": Case.Stage.choices,
            "consents": consents,
            "active_consent": active_cm,
            "withdrawn_consent": withdrawn_cm,
            "blocked_reason": _blocked_reason(case, has_consent=active_cm is not None),
            "checks": checks,
            "checks_missing": len({c.rule_id for c in checks}) < len(rules),
            "goals": list(case.goals.all()),
            "assessments": list(case.assessments.all()),
            "today": timezone.localdate(),
        },
    )


@case_worker_view
@require_http_methods(["GET", "POST"])
def case_intake_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    case = _case(request, pk)
    initial = {
        "referral_source": case.referral_source_id,
        "referral_note": case.referral_note,
        "case_manager": case.case_manager_id,
        "current_legal_domain": case.current_legal_domain_id,
        "version": case.version,
    }
    form = CaseIntakeForm(request.POST or None, initial=initial, region=region, team_members=_team_members(case))
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _call(
            form,
            lambda: services.case_update_intake(
                actor=request.user,
                case=case,
                expected_version=data["version"],
                referral_source=data["referral_source"],
                referral_note=data["referral_note"],
                case_manager=data["case_manager"],
                current_legal_domain=data["current_legal_domain"],
            ),
            context,
        )
        if saved is not None:
            messages.success(request, _("The case data has been saved."))
            return redirect(_case_url(case, "intake"))
    return _form_page(
        request,
        form,
        title=_("Referral and responsibility"),
        submit=_("Save"),
        cancel_url=_case_url(case, "intake"),
        case=case,
        context=context,
    )


@case_worker_view
@require_http_methods(["GET", "POST"])
def case_target_group(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    case = _case(request, pk)
    rules = list(selectors.target_group_rules_for_region(region=region))
    suggestions = [(rule, services.target_group_suggestion(rule, case.client, on=case.opened_on)) for rule in rules]
    existing = {check.rule_id: check for check in TargetGroupCheck.objects.filter(case=case)}
    initial: dict[str, Any] = {"version": selectors.target_group_checks_version(case=case)}
    for rule, suggested in suggestions:
        check = existing.get(rule.pk)
        if check is not None:
            initial[f"rule_{rule.pk}"] = check.result
            initial[f"reason_{rule.pk}"] = check.override_reason
        elif suggested != TargetGroupCheck.Result.UNKNOWN:
            initial[f"rule_{rule.pk}"] = suggested
    form = TargetGroupForm(request.POST or None, initial=initial, rules=suggestions)
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        answers = [
            services.CheckAnswer(
                rule=rule,
                result=form.cleaned_data[f"rule_{rule.pk}"],
                reason=form.cleaned_data[f"reason_{rule.pk}"],
            )
            for rule, _suggested in suggestions
        ]
        saved = _call(
            form,
            lambda: services.target_group_checks_record(
                actor=request.user, case=case, answers=answers, expected_version=form.cleaned_data["version"]
            ),
            context,
        )
        if saved is not None:
            messages.success(request, _("The target-group checks have been saved."))
            return redirect(_case_url(case, "intake"))
    status = 200
    if form.is_bound and "version" in form.errors:
        # Sent without the version of the check set: a bad request, nothing saved.
        message = str(form.errors["version"][0])
        del form.errors["version"]
        _take_over_version(form, selectors.target_group_checks_version(case=case))
        form.add_error(None, message)
        context["conflict"] = [
            (str(check.rule.label), str(check.get_result_display()))
            for check in TargetGroupCheck.objects.filter(case=case).select_related("rule")
        ]
        status = 400
    return _form_page(
        request,
        form,
        title=_("Target-group check"),
        submit=_("Save checks"),
        cancel_url=_case_url(case, "intake"),
        case=case,
        intro=_(
            "The region's conditions for case management. Where the recorded data suggests an answer "
            "it is preselected; confirm it, or deviate and give the reason."
        ),
        context=context,
        status=status,
    )


@case_worker_view
@require_http_methods(["GET", "POST"])
def case_decision(request: HttpRequest, pk: Any) -> HttpResponse:
    case = _case(request, pk)
    initial = {
        "indications": list(case.indications.values_list("criterion", flat=True)),
        "decision": case.decision if case.decision != Case.Decision.PENDING else None,
        "referred_to": case.referred_to,
        "note": case.decision_note,
        "decided_on": case.decision_on or timezone.localdate(),
        "version": case.version,
    }
    form = DecisionForm(request.POST or None, initial=initial)
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _call(
            form,
            lambda: services.case_decide(
                actor=request.user,
                case=case,
                expected_version=data["version"],
                decision=data["decision"],
                indications=data["indications"],
                note=data["note"],
                referred_to=data["referred_to"],
                decided_on=data["decided_on"],
            ),
            context,
        )
        if saved is not None:
            messages.success(request, _("The decision has been saved."))
            return redirect(_case_url(case, "intake"))
    status = _missing_version(form, case, context) if form.is_bound else 200
    return _form_page(
        request,
        form,
        title=_("Indication and decision"),
        submit=_("Save decision"),
        cancel_url=_case_url(case, "intake"),
        case=case,
        intro=_("Referring the person elsewhere closes the case as handed over."),
        context=context,
        status=status,
    )


# --- Consent ---


@case_worker_view
@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    case = _case(request, pk)
    texts = selectors.consent_texts_current(region=region)
    form = ConsentForm(
        request.POST or None,
        request.FILES or None,
        initial={"given_on": timezone.localdate(), "language": "de"},
        texts=texts,
    )
    context: dict[str, Any] = {"consent_texts": texts}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _call(
            form,
            lambda: services.consent_record(
                actor=request.user,
                case=case,
                text=data["text"],
                given_on=data["given_on"],
                language=data["language"],
                interpreter_used=data["interpreter_used"],
                interpreter_name=data["interpreter_name"],
                scan=data["scan"],
            ),
            context,
        )
        if saved is not None:
            messages.success(request, _("The consent has been recorded."))
            return redirect(_case_url(case, "consent"))
    return _form_page(
        request,
        form,
        title=_("Record consent"),
        submit=_("Record consent"),
        cancel_url=_case_url(case, "consent"),
        case=case,
        context=context,
    )


@case_worker_view
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, pk: Any, consent_pk: Any) -> HttpResponse:
    case = _case(request, pk)
    consent = _get_or_404(selectors.consent_get, case=case, id=consent_pk)
    form = ConsentWithdrawForm(request.POST or None, initial={"withdrawn_on": timezone.localdate()})
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _call(
            form,
            lambda: services.consent_withdraw(
                actor=request.user,
                consent=consent,
                withdrawn_on=data["withdrawn_on"],
                reason=data["reason"],
            ),
            context,
        )
        if saved is not None:
            messages.warning(request, _("The withdrawal has been recorded. Nothing more is recorded for this purpose."))
            return redirect(_case_url(case, "consent"))
    return _form_page(
        request,
        form,
        title=_("Record withdrawal of consent: %(purpose)s") % {"purpose": consent.get_purpose_display()},
        submit=_("Record withdrawal"),
        cancel_url=_case_url(case, "consent"),
        case=case,
        intro=_("From the date of withdrawal nothing more may be recorded for this purpose."),
        context=context,
    )


def _file_response(request: HttpRequest, field: Any, *, filename: str, content_type: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@case_worker_view
@require_GET
def consent_scan(request: HttpRequest, pk: Any, consent_pk: Any) -> HttpResponseBase:
    case = _case(request, pk, read=False)
    consent = _get_or_404(selectors.consent_get, case=case, id=consent_pk)
    if not consent.scan:
        raise Http404
    audit.record_read(actor=request.user, instance=consent)
    extension = consent.scan.name.rsplit(".", 1)[-1].lower()
    content_type = services.DOCUMENT_TYPES.get(extension, ("application/octet-stream", ()))[0]
    return _file_response(
        request, consent.scan, filename=f"einwilligung-{case.number}.{extension}", content_type=content_type
    )


# --- Assessment ---


def _require_work(request: HttpRequest, case: Case, title: str) -> HttpResponse | None:
    reason = _blocked_reason(case)
    if reason:
        return _blocked_page(request, case, reason, title)
    return None


@case_worker_view
@require_http_methods(["GET", "POST"])
def assessment_add(request: HttpRequest, pk: Any) -> HttpResponse:
    return _assessment_page(request, pk, None)


@case_worker_view
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, pk: Any, assessment_pk: Any) -> HttpResponse:
    return _assessment_page(request, pk, assessment_pk)


def _assessment_page(request: HttpRequest, pk: Any, assessment_pk: Any | None) -> HttpResponse:
    region = _region(request)
    case = _case(request, pk)
    assessment = None if assessment_pk is None else _get_or_404(selectors.assessment_get, case=case, id=assessment_pk)
    title = (
        _("Assess a life domain")
        if assessment is None
        else _("Assessment: %(domain)s") % {"domain": assessment.life_domain}
    )
    blocked = _require_work(request, case, title)
    if blocked:
        return blocked
    initial: dict[str, Any] = {}
    if assessment is not None:
        initial = {
            "life_domain": assessment.life_domain_id,
            "situation": assessment.situation,
            "resources": assessment.resources,
            "own_goals": assessment.own_goals,
            "version": assessment.version,
        }
    form = AssessmentForm(request.POST or None, initial=initial, region=region, editing=assessment is not None)
    context: dict[str, Any] = {}
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = _missing_version(form, assessment, context)
    elif request.method == "POST":
        data = form.cleaned_data
        saved = _call(
            form,
            lambda: services.assessment_save(
                actor=request.user,
                case=case,
                life_domain=data["life_domain"],
                situation=data["situation"],
                resources=data["resources"],
                own_goals=data["own_goals"],
                assessment=assessment,
                expected_version=data["version"],
            ),
            context,
        )
        if saved is not None:
            messages.success(request, _("The assessment has been saved."))
            return redirect(_case_url(case, "assessment"))
    return _form_page(
        request,
        form,
        title=title,
        submit=_("Save assessment"),
        cancel_url=_case_url(case, "assessment"),
        case=case,
        context=context,
        status=status,
    )


@case_worker_view
@require_http_methods(["GET", "POST"])
def need_add(request: HttpRequest, pk: Any, assessment_pk: Any) -> HttpResponse:
    case = _case(request, pk)
    assessment = _get_or_404(selectors.assessment_get, case=case, id=assessment_pk)
    title = _("Add a need: %(domain)s") % {"domain": assessment.life_domain}
    blocked = _require_work(request, case, title)
    if blocked:
        return blocked
    form = NeedForm(request.POST or None)
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _call(
            form,
            lambda: services.need_add(
                actor=request.user,
                assessment=assessment,
                description=data["description"],
                priority=data["priority"],
            ),
            context,
        )
        if saved is not None:
            messages.success(request, _("The need has been added."))
            return redirect(_case_url(case, "assessment"))
    return _form_page(
        request,
        form,
        title=title,
        submit=_("Add"),
        cancel_url=_case_url(case, "assessment"),
        case=case,
        context=context,
    )


@case_worker_view
@require_POST
def need_remove(request: HttpRequest, pk: Any, need_pk: Any) -> HttpResponse:
    case = _case(request, pk)
    need = _get_or_404(selectors.need_get, case=case, id=need_pk)
    try:
        services.need_remove(actor=request.user, need=need)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The need has been removed."))
    return redirect(_case_url(case, "assessment"))


# --- Plan ---


def _goal_initial(goal: Goal) -> dict[str, Any]:
    return {
        "specific": goal.specific,
        "measurable": goal.measurable,
        "achievable_relevant": goal.achievable_relevant,
        "due_on": goal.due_on,
        "life_domain": goal.life_domain_id,
        "need": goal.need_id,
        "status": goal.status,
        "client_agreed_on": goal.client_agreed_on,
        "version": goal.version,
    }


@case_worker_view
@require_http_methods(["GET", "POST"])
def goal_add(request: HttpRequest, pk: Any) -> HttpResponse:
    return _goal_page(request, pk, None)


@case_worker_view
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, pk: Any, goal_pk: Any) -> HttpResponse:
    return _goal_page(request, pk, goal_pk)


def _goal_page(request: HttpRequest, pk: Any, goal_pk: Any | None) -> HttpResponse:
    region = _region(request)
    case = _case(request, pk)
    goal = None if goal_pk is None else _get_or_404(selectors.goal_get, case=case, id=goal_pk)
    title = _("Add a goal") if goal is None else _("Edit goal")
    blocked = _require_work(request, case, title)
    if blocked:
        return blocked
    needs = Need.objects.filter(assessment__case=case).select_related("assessment__life_domain")
    form = GoalForm(
        request.POST or None,
        initial=_goal_initial(goal) if goal is not None else {},
        region=region,
        needs=needs,
        editing=goal is not None,
    )
    context: dict[str, Any] = {}
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = _missing_version(form, goal, context)
    elif request.method == "POST":
        data = form.cleaned_data
        values = {name: data[name] for name in services.GOAL_FIELDS}
        values["achievable_relevant"] = values["achievable_relevant"] or ""
        saved = _call(
            form,
            (lambda: services.goal_create(actor=request.user, case=case, values=values))
            if goal is None
            else (
                lambda: services.goal_update(
                    actor=request.user,
                    goal=goal,
                    expected_version=data["version"],
                    values=values,
                )
            ),
            context,
        )
        if saved is not None:
            messages.success(request, _("The goal has been saved."))
            return redirect(_case_url(case, "plan"))
    return _form_page(
        request,
        form,
        title=title,
        submit=_("Save goal"),
        cancel_url=_case_url(case, "plan"),
        case=case,
        intro=_("Specific, measurable, achievable, relevant and time-bound – and agreed with the person."),
        context=context,
        status=status,
    )


@case_worker_view
@require_http_methods(["GET", "POST"])
def goal_evaluate(request: HttpRequest, pk: Any, goal_pk: Any) -> HttpResponse:
    case = _case(request, pk)
    goal = _get_or_404(selectors.goal_get, case=case, id=goal_pk)
    title = _("Evaluate goal: %(goal)s") % {"goal": goal.specific}
    blocked = _require_work(request, case, title)
    if blocked:
        return blocked
    form = GoalEvaluationForm(
        request.POST or None,
        initial={
            "achievement": goal.achievement or None,
            "evaluation_note": goal.evaluation_note,
            "version": goal.version,
        },
    )
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _call(
            form,
            lambda: services.goal_evaluate(
                actor=request.user,
                goal=goal,
                expected_version=data["version"],
                achievement=data["achievement"],
                note=data["evaluation_note"],
            ),
            context,
        )
        if saved is not None:
            messages.success(request, _("The evaluation has been saved."))
            return redirect(_case_url(case, "plan"))
    status = _missing_version(form, goal, context) if form.is_bound else 200
    return _form_page(
        request,
        form,
        title=title,
        submit=_("Save evaluation"),
        cancel_url=_case_url(case, "plan"),
        case=case,
        context=context,
        status=status,
    )


@case_worker_view
@require_http_methods(["GET", "POST"])
def step_add(request: HttpRequest, pk: Any, goal_pk: Any) -> HttpResponse:
    return _step_page(request, pk, goal_pk=goal_pk, step_pk=None)


@case_worker_view
@require_http_methods(["GET", "POST"])
def step_edit(request: HttpRequest, pk: Any, step_pk: Any) -> HttpResponse:
    return _step_page(request, pk, goal_pk=None, step_pk=step_pk)


def _step_page(request: HttpRequest, pk: Any, *, goal_pk: Any | None, step_pk: Any | None) -> HttpResponse:
    region = _region(request)
    case = _case(request, pk)
    step = None if step_pk is None else _get_or_404(selectors.step_get, case=case, id=step_pk)
    goal = step.goal if step is not None else _get_or_404(selectors.goal_get, case=case, id=goal_pk)
    title = _("Add a step: %(goal)s") % {"goal": goal.specific} if step is None else _("Edit step")
    blocked = _require_work(request, case, title)
    if blocked:
        return blocked
    initial: dict[str, Any] = {}
    if step is not None:
        initial = {
            "description": step.description,
            "responsible": step.responsible,
            "partner_organisation": step.partner_organisation_id,
            "due_on": step.due_on,
            "status": step.status,
            "done_on": step.done_on,
            "version": step.version,
        }
    form = StepForm(request.POST or None, initial=initial, region=region, editing=step is not None)
    context: dict[str, Any] = {}
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = _missing_version(form, step, context)
    elif request.method == "POST":
        data = form.cleaned_data
        values = {name: data[name] for name in services.STEP_FIELDS}
        saved = _call(
            form,
            (lambda: services.step_create(actor=request.user, goal=goal, values=values))
            if step is None
            else (
                lambda: services.step_update(
                    actor=request.user,
                    step=step,
                    expected_version=data["version"],
                    values=values,
                )
            ),
            context,
        )
        if saved is not None:
            messages.success(request, _("The step has been saved."))
            return redirect(_case_url(case, "plan"))
    return _form_page(
        request,
        form,
        title=title,
        submit=_("Save step"),
        cancel_url=_case_url(case, "plan"),
        case=case,
        context=context,
        status=status,
    )


# --- Contacts, notes, documents ---


@case_worker_view
@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, pk: Any) -> HttpResponse:
    return _contact_page(request, pk, None)


@case_worker_view
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: Any, contact_pk: Any) -> HttpResponse:
    return _contact_page(request, pk, contact_pk)


def _contact_page(request: HttpRequest, pk: Any, contact_pk: Any | None) -> HttpResponse:
    region = _region(request)
    case = _case(request, pk)
    contact = None if contact_pk is None else _get_or_404(selectors.contact_get, case=case, id=contact_pk)
    title = _("Record a contact") if contact is None else _("Correct a contact")
    blocked = _require_work(request, case, title)
    if blocked:
        return blocked
    initial: dict[str, Any] = {"occurred_on": timezone.localdate()}
    if contact is not None:
        initial = {name: getattr(contact, name) for name in services.CONTACT_FIELDS}
        initial["channel"] = contact.channel_id
        initial["version"] = contact.version
    form = ContactForm(request.POST or None, initial=initial, region=region, editing=contact is not None)
    context: dict[str, Any] = {}
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = _missing_version(form, contact, context)
    elif request.method == "POST" and contact is not None:
        data = form.cleaned_data
        values = {name: data[name] for name in services.CONTACT_FIELDS}
        saved_contact = _call(
            form,
            lambda: services.contact_update(
                actor=request.user, contact=contact, expected_version=data["version"], values=values
            ),
            context,
        )
        if saved_contact is not None:
            messages.success(request, _("The contact has been corrected."))
            return redirect(_case_url(case, "contacts"))
    elif request.method == "POST":
        data = form.cleaned_data
        saved = _call(
            form,
            lambda: services.contact_create(
                actor=request.user,
                case=case,
                occurred_on=data["occurred_on"],
                channel=data["channel"],
                duration_minutes=data["duration_minutes"],
                language=data["language"],
                interpreter_used=data["interpreter_used"],
                summary=data["summary"],
            ),
            context,
        )
        if saved is not None:
            messages.success(request, _("The contact has been recorded."))
            return redirect(_case_url(case, "contacts"))
    return _form_page(
        request,
        form,
        title=title,
        submit=_("Save contact"),
        cancel_url=_case_url(case, "contacts"),
        case=case,
        context=context,
        status=status,
    )


@case_worker_view
@require_http_methods(["GET", "POST"])
def note_add(request: HttpRequest, pk: Any) -> HttpResponse:
    return _note_page(request, pk, None)


@case_worker_view
@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, pk: Any, note_pk: Any) -> HttpResponse:
    return _note_page(request, pk, note_pk)


def _note_page(request: HttpRequest, pk: Any, note_pk: Any | None) -> HttpResponse:
    case = _case(request, pk)
    note = None if note_pk is None else _get_or_404(selectors.note_get, case=case, id=note_pk)
    title = _("Add a note") if note is None else _("Edit note")
    blocked = _require_work(request, case, title)
    if blocked:
        return blocked
    initial = {} if note is None else {"text": note.text, "version": note.version}
    form = NoteForm(request.POST or None, initial=initial, editing=note is not None)
    context: dict[str, Any] = {}
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = _missing_version(form, note, context)
    elif request.method == "POST":
        data = form.cleaned_data
        saved = _call(
            form,
            (lambda: services.note_create(actor=request.user, case=case, text=data["text"]))
            if note is None
            else (
                lambda: services.note_update(
                    actor=request.user,
                    note=note,
                    expected_version=data["version"],
                    text=data["text"],
                )
            ),
            context,
        )
        if saved is not None:
            messages.success(request, _("The note has been saved."))
            return redirect(_case_url(case, "notes"))
    return _form_page(
        request,
        form,
        title=title,
        submit=_("Save note"),
        cancel_url=_case_url(case, "notes"),
        case=case,
        context=context,
        status=status,
    )


@case_worker_view
@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest, pk: Any) -> HttpResponse:
    case = _case(request, pk)
    title = _("Upload a document")
    blocked = _require_work(request, case, title)
    if blocked:
        return blocked
    form = DocumentForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _call(
            form,
            lambda: services.document_upload(
                actor=request.user,
                case=case,
                kind=data["kind"],
                title=data["title"],
                upload=data["file"],
            ),
            context,
        )
        if saved is not None:
            messages.success(request, _("The document has been uploaded."))
            return redirect(_case_url(case, "documents"))
    return _form_page(
        request,
        form,
        title=title,
        submit=_("Upload"),
        cancel_url=_case_url(case, "documents"),
        case=case,
        context=context,
    )


@case_worker_view
@require_GET
def document_download(request: HttpRequest, pk: Any, document_pk: Any) -> HttpResponseBase:
    """The file, only for the case's team, always as a download; every access is logged."""
    case = _case(request, pk, read=False)
    document = _get_or_404(selectors.document_get, case=case, id=document_pk)
    audit.record_read(actor=request.user, instance=document)
    return _file_response(request, document.file, filename=document.original_name, content_type=document.content_type)


@case_worker_view
@require_POST
def document_delete(request: HttpRequest, pk: Any, document_pk: Any) -> HttpResponse:
    case = _case(request, pk, read=False)
    document = _get_or_404(selectors.document_get, case=case, id=document_pk)
    try:
        services.document_delete(actor=request.user, document=document)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The document has been deleted."))
    return redirect(_case_url(case, "documents"))


# --- Closure ---


@case_worker_view
@require_http_methods(["GET", "POST"])
def case_close(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    case = _case(request, pk)
    if not case.is_open:
        return _blocked_page(request, case, _("The case is already closed."), _("Close the case"))
    form = CloseForm(
        request.POST or None,
        initial={"closed_on": timezone.localdate(), "version": case.version},
        region=region,
    )
    context: dict[str, Any] = {
        "goals": list(Goal.objects.filter(case=case).exclude(status=Goal.Status.DROPPED)),
        "show_goals": True,
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _call(
            form,
            lambda: services.case_close(
                actor=request.user,
                case=case,
                expected_version=data["version"],
                closure_reason=data["closure_reason"],
                closed_on=data["closed_on"],
                handover_to=data["handover_to"],
                note=data["closure_note"],
            ),
            context,
        )
        if saved is not None:
            messages.success(request, _("The case has been closed."))
            return redirect(_case_url(case))
    status = _missing_version(form, case, context) if form.is_bound else 200
    return _form_page(
        request,
        form,
        title=_("Close the case"),
        submit=_("Close case"),
        cancel_url=_case_url(case, "closure"),
        case=case,
        intro=_("Evaluate every goal first. The case stays readable for the team until the retention period ends."),
        context=context,
        status=status,
    )


@case_worker_view
@require_http_methods(["GET", "POST"])
def case_reopen(request: HttpRequest, pk: Any) -> HttpResponse:
    case = _case(request, pk)
    if case.is_open:
        return _blocked_page(request, case, _("The case is open."), _("Reopen the case"))
    form = ReopenForm(request.POST or None, initial={"version": case.version})
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _call(
            form,
            lambda: services.case_reopen(
                actor=request.user,
                case=case,
                expected_version=data["version"],
                reason=data["reason"],
            ),
            context,
        )
        if saved is not None:
            messages.success(request, _("The case has been reopened."))
            return redirect(_case_url(case))
    return _form_page(
        request,
        form,
        title=_("Reopen the case"),
        submit=_("Reopen case"),
        cancel_url=_case_url(case, "closure"),
        case=case,
        context=context,
    )
