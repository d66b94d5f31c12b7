"""Caseload and monitoring pages, caseload figures, and the rights of the person (Art. 15/16).

Every view: parse → select (scoped to the user's case teams; anything else is 404)
→ call the service → POST-redirect-GET, or render. Lists that show names write one
read entry to the audit log naming the cases shown; exports write an export entry.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kim.accounts.models import User
from kim.accounts.roles import Capability
from kim.cases import export, monitoring
from kim.cases.models import Case, Client
from kim.cases.permissions import can_work_cases
from kim.cases.selectors import case_get_for_user, case_team_workers, client_get_for_user
from kim.cases.selectors_caseload import (
    DUE_ANY,
    DUE_OVERDUE,
    DUE_TODAY,
    SCOPE_MINE,
    SCOPE_TEAM,
    CaseloadFilters,
    Horizon,
    caseload_figures_for_user,
    caseload_for_user,
    municipalities_for_filter,
)
from kim.core import audit
from kim.core.access import capability_required
from kim.core.errors import ApplicationError
from kim.core.forms import KernForm
from kim.core.http import KimRequest
from kim.core.models import AuditEntry, Catalogue, CatalogueEntry, Municipality, Region

View = Callable[..., HttpResponseBase]

PAGE_SIZE = 50
# The ZIP of an Art. 15 export is built in memory up to this size, then in a temporary file.
ZIP_IN_MEMORY_BYTES = 20 * 1024 * 1024
QUERY_MAX_LENGTH = 100

figures_required = capability_required(Capability.VIEW_CASELOAD_FIGURES)


# --- Helpers ----------------------------------------------------------------------------------


def work_cases_required(view: View) -> View:
    """Case managers and named deputies of a team in the active region (others 403, anonymous
    visitors to the login page). The same rule as the case pages and the API:
    ``kim.cases.permissions.can_work_cases``, not the role capability, which deputies lack."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_work_cases(request.user, getattr(request, "region", None)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _region(request: KimRequest) -> Region:
    if request.region is None:  # the capability decorator already refuses this; keep the type honest
        raise PermissionDenied
    return request.region


def _user(request: KimRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _record_list_read(request: KimRequest, *, list_name: str, case_ids: list[str]) -> None:
    """One audit entry per list page that shows names: which cases were on it."""
    if not case_ids:
        return
    audit.record(
        actor=_user(request),
        action=AuditEntry.Action.READ,
        object_type=Case._meta.label_lower,
        region=_region(request),
        changes={"list": list_name, "ids": sorted(case_ids)},
    )


def _case_or_404(request: KimRequest, pk: Any) -> Case:
    try:
        return case_get_for_user(user=_user(request), region=_region(request), id=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


def _client_or_404(request: KimRequest, pk: Any) -> Client:
    try:
        return client_get_for_user(user=_user(request), region=_region(request), id=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


# --- Caseload lists ---------------------------------------------------------------------------


class CaseloadFilterForm(KernForm):
    """The filters of "my cases" and "team cases" (a GET form: filters live in the query string)."""

    q = forms.CharField(
        label=gettext_lazy("Name or case number"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        help_text=gettext_lazy("Names are also found in other spellings and scripts."),
    )
    stage = forms.ChoiceField(label=gettext_lazy("Stage"), required=False)
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=gettext_lazy("All"),
    )
    life_domain = forms.ModelChoiceField(
        label=gettext_lazy("Life domain"),
        queryset=CatalogueEntry.objects.none(),
        required=False,
        empty_label=gettext_lazy("All"),
    )
    due = forms.ChoiceField(
        label=gettext_lazy("Due"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            (DUE_TODAY, gettext_lazy("Due now")),
            (DUE_OVERDUE, gettext_lazy("Overdue")),
            (DUE_ANY, gettext_lazy("Due now or overdue")),
        ],
    )
    residence_expiring = forms.BooleanField(label=gettext_lazy("Residence title expiring"), required=False)
    include_closed = forms.BooleanField(label=gettext_lazy("Include closed cases"), required=False)

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["stage"]).choices = [("", _("All open cases")), *Case.Stage.choices]
        cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = municipalities_for_filter(region=region)
        cast(forms.ModelChoiceField, self.fields["life_domain"]).queryset = CatalogueEntry.objects.filter(
            region=region, catalogue=Catalogue.LIFE_DOMAIN, is_active=True
        )

    def filters(self) -> CaseloadFilters:
        data = self.cleaned_data
        return CaseloadFilters(
            stage=data.get("stage") or "",
            municipality=str(data["municipality"].pk) if data.get("municipality") else "",
            life_domain=str(data["life_domain"].pk) if data.get("life_domain") else "",
            due=data.get("due") or "",
            residence_expiring=bool(data.get("residence_expiring")),
            include_closed=bool(data.get("include_closed")),
            query=(data.get("q") or "").strip(),
        )


def _caseload(request: KimRequest, *, scope: str) -> HttpResponse:
    region = _region(request)
    user = _user(request)
    form = CaseloadFilterForm(request.GET, region=region)
    horizon = Horizon.for_region(region)
    context: dict[str, Any] = {
        "form": form,
        "scope": scope,
        "horizon": horizon,
        "page_obj": None,
        "filtered": any(value for key, value in request.GET.items() if key != "page"),
    }
    status = 200
    if form.is_valid():
        cases = caseload_for_user(user=user, region=region, scope=scope, filters=form.filters(), horizon=horizon)
        page_obj = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
        context["page_obj"] = page_obj
        _record_list_read(request, list_name=scope, case_ids=[str(case.pk) for case in page_obj.object_list])
    else:
        status = 400
    return render(request, "cases/caseload/list.html", context, status=status)


@never_cache
@work_cases_required
@require_GET
def my_cases(request: KimRequest) -> HttpResponse:
    return _caseload(request, scope=SCOPE_MINE)


@never_cache
@work_cases_required
@require_GET
def team_cases(request: KimRequest) -> HttpResponse:
    return _caseload(request, scope=SCOPE_TEAM)


# --- Monitoring ---------------------------------------------------------------------------------


@never_cache
@work_cases_required
@require_GET
def due(request: KimRequest) -> HttpResponse:
    region = _region(request)
    horizon = Horizon.for_region(region)
    lists = monitoring.due_lists_for_user(user=_user(request), region=region, horizon=horizon)
    _record_list_read(request, list_name="due", case_ids=lists.case_ids())
    return render(request, "cases/caseload/due.html", {"lists": lists, "horizon": horizon})


class FollowUpForm(KernForm):
    due_on = forms.DateField(label=gettext_lazy("Due on"), widget=forms.DateInput(attrs={"type": "date"}))
    subject = forms.CharField(
        label=gettext_lazy("Subject"),
        max_length=200,
        help_text=gettext_lazy("What is to be checked or done? Keep it short."),
    )
    assigned_to = forms.ModelChoiceField(
        label=gettext_lazy("Assigned to"),
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("Me"),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, prefix="follow_up", **kwargs)
        # Case managers and named deputies of the case's team (the service checks the same).
        cast(forms.ModelChoiceField, self.fields["assigned_to"]).queryset = case_team_workers(case=case)


class LegalDomainChangeForm(KernForm):
    changed_on = forms.DateField(
        label=gettext_lazy("Date of the change"), widget=forms.DateInput(attrs={"type": "date"})
    )
    from_domain = forms.ModelChoiceField(
        label=gettext_lazy("Previous legal domain"),
        queryset=CatalogueEntry.objects.none(),
        required=False,
        empty_label=gettext_lazy("As recorded for the case"),
    )
    to_domain = forms.ModelChoiceField(label=gettext_lazy("New legal domain"), queryset=CatalogueEntry.objects.none())
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("For example what has to be applied for now, and where."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, prefix="legal", **kwargs)
        domains = CatalogueEntry.objects.filter(
            region_id=case.region_id, catalogue=Catalogue.LEGAL_DOMAIN, is_active=True
        )
        cast(forms.ModelChoiceField, self.fields["from_domain"]).queryset = domains
        cast(forms.ModelChoiceField, self.fields["to_domain"]).queryset = domains


def _monitoring_context(case: Case, follow_up_form: FollowUpForm, legal_form: LegalDomainChangeForm) -> dict[str, Any]:
    return {
        "case": case,
        "follow_ups": monitoring.follow_ups_for_case(case=case),
        "legal_domain_changes": monitoring.legal_domain_changes_for_case(case=case),
        "follow_up_form": follow_up_form,
        "legal_form": legal_form,
        "today": timezone.localdate(),
    }


@never_cache
@work_cases_required
@require_http_methods(["GET", "POST"])
def case_monitoring(request: KimRequest, pk: Any) -> HttpResponse:
    """Follow-ups and changes of legal domain of one case, with the forms to add them."""
    case = _case_or_404(request, pk)
    user = _user(request)
    action = request.POST.get("action", "")
    follow_up_form = FollowUpForm(request.POST if action == "follow_up" else None, case=case)
    legal_form = LegalDomainChangeForm(request.POST if action == "legal" else None, case=case)
    if request.method == "POST":
        form: FollowUpForm | LegalDomainChangeForm = follow_up_form if action == "follow_up" else legal_form
        if action in ("follow_up", "legal") and form.is_valid():
            data = form.cleaned_data
            try:
                if action == "follow_up":
                    monitoring.follow_up_create(
                        actor=user,
                        case=case,
                        due_on=data["due_on"],
                        subject=data["subject"],
                        assigned_to=data["assigned_to"],
                    )
                    success = _("The follow-up is saved.")
                else:
                    monitoring.legal_domain_change_record(
                        actor=user,
                        case=case,
                        changed_on=data["changed_on"],
                        to_domain=data["to_domain"],
                        from_domain=data["from_domain"],
                        note=data["note"],
                    )
                    success = _("The change of legal domain is recorded.")
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, success)
                return redirect("cases:case_monitoring", pk=case.pk)
        elif action not in ("follow_up", "legal"):
            messages.error(request, _("Please use one of the forms on this page."))
        status = 400
    else:
        status = 200
        audit.record_read(actor=user, instance=case)
    return render(
        request,
        "cases/caseload/case_monitoring.html",
        _monitoring_context(case, follow_up_form, legal_form),
        status=status,
    )


@work_cases_required
@require_POST
def follow_up_done(request: KimRequest, pk: Any) -> HttpResponse:
    user = _user(request)
    try:
        follow_up = monitoring.follow_up_get_for_user(user=user, region=_region(request), id=pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    try:
        monitoring.follow_up_complete(actor=user, follow_up=follow_up)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The follow-up is marked as done."))
    target = request.POST.get("next", "")
    if target == "due":
        return redirect("cases:due")
    return redirect("cases:case_monitoring", pk=follow_up.case_id)


# --- Caseload figures (team lead, coordinator) --------------------------------------------------


@never_cache
@figures_required
@require_GET
def caseload_figures(request: KimRequest) -> HttpResponse:
    region = _region(request)
    return render(
        request,
        "cases/caseload/figures.html",
        {"figures": caseload_figures_for_user(user=_user(request), region=region), "region": region},
    )


# --- Rights of the person: Art. 15 export, Art. 16 corrections ----------------------------------


def _record_export(
    request: KimRequest, built: export.ClientExport, file_format: str, *, files: int | None = None
) -> None:
    changes: dict[str, Any] = {"format": file_format, "cases": built.case_ids}
    if files is not None:
        changes["files"] = files
    audit.record(
        actor=_user(request),
        action=AuditEntry.Action.EXPORT,
        object_type=Client._meta.label_lower,
        object_id=built.client.pk,
        region=_region(request),
        changes=changes,
    )


@never_cache
@work_cases_required
@require_GET
def client_export(request: KimRequest, pk: Any) -> HttpResponse:
    client = _client_or_404(request, pk)
    built = export.client_export_build(user=_user(request), region=_region(request), client=client)
    _record_export(request, built, "html")
    return render(request, "cases/caseload/export.html", {"export": built, "client": client})


@never_cache
@work_cases_required
@require_GET
def client_export_json(request: KimRequest, pk: Any) -> HttpResponse:
    client = _client_or_404(request, pk)
    built = export.client_export_build(user=_user(request), region=_region(request), client=client)
    _record_export(request, built, "json")
    response = HttpResponse(
        json.dumps(built.as_json(), ensure_ascii=False, indent=2, sort_keys=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{export.export_filename(built, "json")}"'
    return response


@never_cache
@work_cases_required
@require_GET
def client_export_zip(request: KimRequest, pk: Any) -> HttpResponseBase:
    """JSON, the readable page and every stored file of the export in one ZIP (audited)."""
    client = _client_or_404(request, pk)
    built = export.client_export_build(user=_user(request), region=_region(request), client=client)
    html = render_to_string("cases/caseload/export.html", {"export": built, "client": client}, request=request)
    target = tempfile.SpooledTemporaryFile(max_size=ZIP_IN_MEMORY_BYTES)  # noqa: SIM115 (closed by the response)
    missing = export.export_zip_write(built, html=html, target=target)
    target.seek(0)
    _record_export(request, built, "zip", files=len(built.files) - len(missing))
    return FileResponse(
        target,
        as_attachment=True,
        filename=export.export_filename(built, "zip"),
        content_type="application/zip",
    )


@never_cache
@work_cases_required
@require_GET
def client_corrections(request: KimRequest, pk: Any) -> HttpResponse:
    client = _client_or_404(request, pk)
    user = _user(request)
    corrections = export.corrections_for_client(user=user, region=_region(request), client=client)
    audit.record_read(actor=user, instance=client)
    page_obj = Paginator(corrections, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/caseload/corrections.html", {"client": client, "page_obj": page_obj})
