"""Pages of the theme loop under /themen/.

Case managers file reports from their team's cases and see what became of them;
coordination works the inbox and the themes; steering and project members read themes
with suppressed figures, papers, decisions and measures, and steering members score.
Every view: parse → select (404 for what the person may not know) → service → redirect.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kim.accounts.roles import Capability
from kim.cases.selectors import case_get_for_user, cases_for_user
from kim.committees.models import AgendaItem, Meeting
from kim.core import audit
from kim.core.access import capability_required
from kim.core.errors import ApplicationError
from kim.core.models import AuditEntry, Municipality, Region
from kim.themes import forms, guard, selectors, services
from kim.themes.figures import MIN_SCORERS, suppress
from kim.themes.models import Measure, Theme, ThemeAgendaItem

T = TypeVar("T")
View = Callable[..., HttpResponse]

cases_required = capability_required(Capability.WORK_CASES)
coordinator_required = capability_required(Capability.COORDINATE_THEMES)


def theme_reader_required(view: View) -> View:
    """Coordination, or members of committees (who read themes that went to the steering group)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        region = getattr(request, "region", None)
        if region is None or not any(
            request.user.has_perm(f"kim.{cap}", region)
            for cap in (Capability.COORDINATE_THEMES, Capability.VIEW_COMMITTEES)
        ):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _region(request: HttpRequest) -> Region:
    region = request.region  # type: ignore[attr-defined]
    assert isinstance(region, Region)  # noqa: S101 (the decorators guarantee a region)
    return region


def _get_or_404(getter: Callable[..., T], **kwargs: Any) -> T:
    try:
        return getter(**kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _form_page(
    request: HttpRequest,
    form: BaseForm,
    *,
    save: Callable[[dict[str, Any]], T],
    success: str,
    next_url: str | Callable[[T], str],
    title: str | Promise,
    submit: str | Promise,
    cancel_url: str,
    intro: str | Promise = "",
    check: str | Promise = "",
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, success)
            return redirect(next_url if isinstance(next_url, str) else next_url(saved))
    return render(
        request,
        "themes/form.html",
        {
            "form": form,
            "title": title,
            "submit": submit,
            "cancel_url": cancel_url,
            "intro": intro,
            "check": check,
        },
    )


def _theme(request: HttpRequest, pk: Any) -> Theme:
    return _get_or_404(selectors.theme_get_for_user, user=request.user, region=_region(request), id=pk)


def _theme_url(theme: Theme) -> str:
    return reverse("themes:theme_detail", args=[theme.pk])


# --- case team ---------------------------------------------------------------------------------


@require_GET
@cases_required
def my_reports(request: HttpRequest) -> HttpResponse:
    """The reports of the person's case teams and what became of them (case team only)."""
    region = _region(request)
    sources = list(selectors.reports_of_case_teams(user=request.user, region=region))
    open_cases = cases_for_user(user=request.user, region=region).filter(closed_on__isnull=True).order_by("number")
    return render(request, "themes/my_reports.html", {"sources": sources, "open_cases": open_cases})


@require_http_methods(["GET", "POST"])
@cases_required
def report_create(request: HttpRequest, case_pk: Any) -> HttpResponse:
    region = _region(request)
    case = _get_or_404(case_get_for_user, user=request.user, region=region, id=case_pk)
    origin = _get_or_404(selectors.report_origin_for_case, case=case, query=request.GET)
    initial: dict[str, Any] = {}
    if case.current_legal_domain_id:
        initial["legal_domains"] = [case.current_legal_domain_id]
    municipality_id = getattr(case.client, "municipality_id", None)
    if municipality_id:
        initial["municipality"] = municipality_id
    if origin.kind:
        initial["origin"] = origin.kind
    if origin.life_domain_id:
        initial["life_domain"] = origin.life_domain_id
    if origin.organisation_id:
        initial["organisations"] = [origin.organisation_id]
    form = forms.BarrierReportForm(_data(request), region=region, initial=initial)
    if origin.kind:
        form.fields["origin"].disabled = True  # fixed by the link the report was started from

    def save(data: dict[str, Any]) -> Any:
        return services.barrier_report_submit(
            actor=request.user,
            case=case,
            need=origin.need,
            goal=origin.goal,
            referral=origin.referral,
            origin=data["origin"],
            life_domain=data["life_domain"],
            barrier_type=data["barrier_type"],
            legal_domains=list(data["legal_domains"]),
            organisations=list(data["organisations"]),
            municipality=data["municipality"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            description=data["description"],
        )

    if request.method == "POST" and "check" in request.POST:
        # "Check text" runs the guard only; nothing is sent or stored.
        if form.is_valid():
            findings = services.report_check_text(case=case, text=form.cleaned_data["description"])
            if findings:
                form.add_error("description", guard.findings_message(findings))
            else:
                messages.info(request, _("The text contains no recognisable personal data. You can send the report."))
        return render(request, "themes/form.html", {**_report_form_context(case), "form": form})
    return _form_page(
        request,
        form,
        save=save,
        success=_("The barrier report has been sent to the coordination, anonymised."),
        next_url=reverse("themes:my_reports"),
        **_report_form_context(case),
    )


def _report_form_context(case: Any) -> dict[str, Any]:
    return {
        "title": _("Report a structural barrier"),
        "submit": _("Send report"),
        "check": _("Check text"),
        "cancel_url": reverse("cases:case_detail", args=[case.pk]),
        "intro": _(
            "The coordination receives the report without the case, the person or your name. "
            "Outside your team nothing links it back to this case."
        ),
    }


# --- coordination inbox ------------------------------------------------------------------------


def _filtered_reports(request: HttpRequest) -> tuple[forms.InboxFilterForm, Any]:
    region = _region(request)
    form = forms.InboxFilterForm(request.GET or None, region=region)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", False)}
    return form, selectors.reports_for_region(region=region, **filters)


INBOX_PAGE_SIZE = 50


@require_GET
@coordinator_required
def inbox(request: HttpRequest) -> HttpResponse:
    form, reports = _filtered_reports(request)
    page_obj = Paginator(reports, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "themes/inbox.html",
        {"form": form, "reports": page_obj.object_list, "page_obj": page_obj, "query": query.urlencode()},
    )


@require_GET
@coordinator_required
def inbox_export(request: HttpRequest) -> HttpResponse:
    """The filtered reports as CSV: the anonymised fields only (no case, no team, no person)."""
    _form, reports = _filtered_reports(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="huerdenmeldungen.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Submitted"),
            _("Life domain"),
            _("Kind of barrier"),
            _("Municipality"),
            _("Period"),
            _("Legal domains"),
            _("Organisations"),
            _("Theme"),
            _("Description"),
        ]
    )
    count = 0
    for report in reports:
        count += 1
        themes = ", ".join(a.theme.title for a in report.current_assignments)
        writer.writerow(
            [
                f"{timezone.localtime(report.submitted_at):%Y-%m-%d}",
                report.life_domain.label,
                report.barrier_type.label,
                report.municipality.name,
                f"{report.period_start:%m/%Y}–{report.period_end:%m/%Y}",
                ", ".join(e.label for e in report.legal_domains.all()),
                ", ".join(str(o) for o in report.organisations.all()),
                themes,
                report.description,
            ]
        )
    audit.record(
        actor=request.user,
        action=AuditEntry.Action.EXPORT,
        object_type="themes.barrierreport",
        region=_region(request),
        changes={"rows": count},
    )
    return response


@require_http_methods(["GET", "POST"])
@coordinator_required
def report_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    report = _get_or_404(selectors.report_get_for_region, region=region, id=pk)
    form = forms.AssignForm(_data(request), themes=selectors.open_themes(region=region))
    if request.method == "POST" and form.is_valid():
        try:
            services.report_assign(actor=request.user, report=report, theme=form.cleaned_data["theme"])
        except ApplicationError as error:
            form.add_error("theme" if error.field == "theme" else None, error.message)
        else:
            messages.success(request, _("The report has been assigned to the theme."))
            return redirect("themes:report_detail", pk=report.pk)
    return render(
        request,
        "themes/report_detail.html",
        {
            "report": report,
            "form": form,
            "history": selectors.report_history(report=report),
            "suggestions": selectors.theme_suggestions(report=report),
        },
    )


@require_POST
@coordinator_required
def report_assign_suggested(request: HttpRequest, pk: Any, theme_pk: Any) -> HttpResponse:
    region = _region(request)
    report = _get_or_404(selectors.report_get_for_region, region=region, id=pk)
    theme = _get_or_404(selectors.theme_get_for_user, user=request.user, region=region, id=theme_pk)
    try:
        services.report_assign(actor=request.user, report=report, theme=theme)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report has been assigned to the theme."))
    return redirect("themes:report_detail", pk=report.pk)


@require_POST
@coordinator_required
def report_unassign(request: HttpRequest, pk: Any) -> HttpResponse:
    report = _get_or_404(selectors.report_get_for_region, region=_region(request), id=pk)
    try:
        services.report_unassign(actor=request.user, report=report)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report has been taken out of the theme."))
    return redirect("themes:report_detail", pk=report.pk)


# --- themes ------------------------------------------------------------------------------------


@require_GET
@theme_reader_required
def theme_list(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    themes = selectors.themes_for_user(user=request.user, region=region).order_by("status", "title")
    return render(
        request,
        "themes/theme_list.html",
        {
            "themes": themes,
            "coordinates": selectors.coordinates(request.user, region),
            "threshold": region.suppression_threshold,
        },
    )


@require_GET
@theme_reader_required
def theme_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    theme = _theme(request, pk)
    coordinates = selectors.coordinates(request.user, region)
    chain = selectors.theme_chain(theme=theme)
    steering_meetings = [link.agenda_item.meeting for link in chain.agenda_links]
    may_score = any(services.steering_seat(user=request.user, body=m.body) for m in steering_meetings)
    may_propose = not coordinates and selectors.project_groups_of_member(theme=theme, user=request.user).exists()
    return render(
        request,
        "themes/theme_detail.html",
        {
            "theme": theme,
            "coordinates": coordinates,
            "evidence": selectors.theme_evidence(theme=theme),
            "chain": chain,
            "reports": selectors.theme_reports(theme=theme) if coordinates else None,
            "may_score": may_score,
            "may_propose": may_propose,
            "may_add_local_input": not coordinates
            and selectors.conferences_of_member(user=request.user, region=region).exists(),
            "can_view_directory": request.user.has_perm(f"kim.{Capability.VIEW_DIRECTORY}", region),
            "threshold": region.suppression_threshold,
            "min_scorers": MIN_SCORERS,
        },
    )


@require_GET
@theme_reader_required
def theme_export(request: HttpRequest) -> HttpResponse:
    """Themes with their figures as CSV, small counts suppressed (for papers and reports)."""
    region = _region(request)
    threshold = region.suppression_threshold
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="themen.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Theme"),
            _("Status"),
            _("Reports"),
            _("Cases"),
            _("Municipalities"),
            _("Measures"),
            _("Priority (average)"),
            _("Reports went down after the first implemented measure"),
        ]
    )
    themes = list(selectors.themes_for_user(user=request.user, region=region).order_by("title"))
    for theme in themes:
        evidence = selectors.theme_evidence(theme=theme)
        scores = [summary for summary in selectors.theme_scores(theme=theme) if summary.shown]
        trend = selectors.theme_trend(theme=theme)
        writer.writerow(
            [
                theme.title,
                theme.get_status_display(),
                suppress(evidence.reports, threshold),
                suppress(evidence.cases, threshold),
                suppress(evidence.municipalities, threshold),
                theme.measures.count(),
                scores[-1].priority if scores else "",
                _trend_text(trend),
            ]
        )
    audit.record(
        actor=request.user,
        action=AuditEntry.Action.EXPORT,
        object_type="themes.theme",
        region=region,
        changes={"rows": len(themes)},
    )
    return response


def _trend_text(trend: selectors.Trend | None) -> str:
    if trend is None:
        return ""
    if not trend.comparable:
        return _("Not enough reports to compare.")
    return _("yes") if trend.went_down else _("no")


@require_http_methods(["GET", "POST"])
@coordinator_required
def theme_create(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    form = forms.ThemeForm(_data(request))
    return _form_page(
        request,
        form,
        save=lambda d: services.theme_create(
            actor=request.user, region=region, title=d["title"], description=d["description"]
        ),
        success=_("The theme has been created."),
        next_url=_theme_url,
        title=_("New theme"),
        submit=_("Create theme"),
        cancel_url=reverse("themes:theme_list"),
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def theme_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    theme = _theme(request, pk)
    form = forms.ThemeForm(_data(request), initial={"title": theme.title, "description": theme.description})
    return _form_page(
        request,
        form,
        save=lambda d: services.theme_update(
            actor=request.user, theme=theme, title=d["title"], description=d["description"]
        ),
        success=_("The theme has been saved."),
        next_url=_theme_url,
        title=_("Edit theme"),
        submit=_("Save"),
        cancel_url=_theme_url(theme),
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def theme_merge(request: HttpRequest, pk: Any) -> HttpResponse:
    theme = _theme(request, pk)
    targets = selectors.open_themes(region=theme.region).exclude(pk=theme.pk)
    form = forms.MergeForm(_data(request), themes=targets)
    return _form_page(
        request,
        form,
        save=lambda d: services.theme_merge(actor=request.user, source=theme, target=d["target"]),
        success=_("The themes have been merged."),
        next_url=_theme_url,
        title=_("Merge theme “%(title)s”") % {"title": theme.title},
        submit=_("Merge"),
        cancel_url=_theme_url(theme),
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def theme_split(request: HttpRequest, pk: Any) -> HttpResponse:
    theme = _theme(request, pk)
    form = forms.SplitForm(_data(request), reports=selectors.theme_reports(theme=theme))
    return _form_page(
        request,
        form,
        save=lambda d: services.theme_split(
            actor=request.user,
            theme=theme,
            reports=list(d["reports"]),
            title=d["title"],
            description=d["description"],
        ),
        success=_("The new theme has been split off."),
        next_url=_theme_url,
        title=_("Split theme “%(title)s”") % {"title": theme.title},
        submit=_("Split off"),
        cancel_url=_theme_url(theme),
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def theme_send(request: HttpRequest, pk: Any) -> HttpResponse:
    theme = _theme(request, pk)
    form = forms.SendForm(_data(request), meetings=selectors.upcoming_steering_meetings(region=theme.region))
    return _form_page(
        request,
        form,
        save=lambda d: services.theme_send_to_steering_group(
            actor=request.user,
            theme=theme,
            meeting=d["meeting"],
            paper_reference=d["paper_reference"],
            paper_text=d["paper_text"],
            confidential=d["confidential"],
        ),
        success=_("The theme is on the agenda of the steering group."),
        next_url=_theme_url(theme),
        title=_("Put “%(title)s” before the steering group") % {"title": theme.title},
        submit=_("Add to the agenda"),
        cancel_url=_theme_url(theme),
    )


@require_http_methods(["GET", "POST"])
@theme_reader_required
def theme_score(request: HttpRequest, pk: Any) -> HttpResponse:
    theme = _theme(request, pk)
    meeting_ids = [
        link.agenda_item.meeting_id
        for link in ThemeAgendaItem.objects.filter(theme=theme).select_related("agenda_item__meeting__body")
        if services.steering_seat(user=request.user, body=link.agenda_item.meeting.body) is not None
    ]
    if not meeting_ids:
        raise PermissionDenied
    meetings = Meeting.objects.filter(pk__in=meeting_ids).select_related("body").order_by("-start")
    form = forms.ScoreForm(_data(request), meetings=meetings, initial={"meeting": meeting_ids[-1]})
    return _form_page(
        request,
        form,
        save=lambda d: services.prioritisation_record(
            actor=request.user, theme=theme, meeting=d["meeting"], urgency=d["urgency"], reach=d["reach"]
        ),
        success=_("Your prioritisation has been recorded."),
        next_url=_theme_url(theme),
        title=_("Prioritise “%(title)s”") % {"title": theme.title},
        submit=_("Record prioritisation"),
        cancel_url=_theme_url(theme),
        intro=_("Only the averages of all members are shown, never a single member's scores."),
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def theme_decide(request: HttpRequest, pk: Any) -> HttpResponse:
    theme = _theme(request, pk)
    items = AgendaItem.objects.filter(
        pk__in=ThemeAgendaItem.objects.filter(theme=theme).values("agenda_item")
    ).select_related("meeting__body")
    form = forms.DecisionForm(_data(request), items=items)
    return _form_page(
        request,
        form,
        save=lambda d: services.theme_decision_record(
            actor=request.user,
            theme=theme,
            agenda_item=d["agenda_item"],
            kind=d["kind"],
            text=d["text"],
            reason=d["reason"],
            project_group_name=d["project_group_name"],
            mandate=d["mandate"],
            deadline=d["deadline"],
            structure_name=d["structure_name"],
        ),
        success=_("The decision has been recorded."),
        next_url=_theme_url(theme),
        title=_("Record the decision on “%(title)s”") % {"title": theme.title},
        submit=_("Record decision"),
        cancel_url=_theme_url(theme),
        intro=_(
            "Commissioning a project group sets it up as a body with its mandate and deadline; "
            "handing over names the existing structure; no action needs a reason."
        ),
    )


@require_http_methods(["GET", "POST"])
@theme_reader_required
def local_input_add(request: HttpRequest, pk: Any) -> HttpResponse:
    """Coordination for any municipality; a member of a development conference for its municipality."""
    theme = _theme(request, pk)
    if selectors.coordinates(request.user, theme.region):
        form = forms.LocalInputForm(
            _data(request), region=theme.region, conferences=selectors.development_conferences(region=theme.region)
        )
    else:
        conferences = selectors.conferences_of_member(user=request.user, region=theme.region)
        if not conferences.exists():
            raise PermissionDenied
        form = forms.LocalInputForm(
            _data(request),
            region=theme.region,
            conferences=conferences,
            municipalities=Municipality.objects.filter(pk__in=conferences.values("municipality")),
            initial={"conference": conferences.first()},
        )
        form.fields["conference"].required = True  # members speak for their own conference only
    return _form_page(
        request,
        form,
        save=lambda d: services.local_input_record(
            actor=request.user,
            theme=theme,
            municipality=d["municipality"],
            conference=d["conference"],
            priority=d["priority"],
            notes=d["notes"],
        ),
        success=_("The local input has been recorded."),
        next_url=_theme_url(theme),
        title=_("Local input of a development conference"),
        submit=_("Save"),
        cancel_url=_theme_url(theme),
    )


# --- measures ------------------------------------------------------------------------------------


def _measure_url(measure: Measure) -> str:
    return reverse("themes:measure_detail", args=[measure.pk])


def _measure(request: HttpRequest, pk: Any) -> Measure:
    return _get_or_404(selectors.measure_get_for_user, user=request.user, region=_region(request), id=pk)


@require_http_methods(["GET", "POST"])
@theme_reader_required
def measure_create(request: HttpRequest, pk: Any) -> HttpResponse:
    """Coordination, or a member of a project group the steering group commissioned for the theme."""
    theme = _theme(request, pk)
    if selectors.coordinates(request.user, theme.region):
        groups = selectors.project_groups(region=theme.region)
    else:
        groups = selectors.project_groups_of_member(theme=theme, user=request.user)
        if not groups.exists():
            raise PermissionDenied
    commissioned = theme.decisions.filter(project_group__isnull=False).values_list("project_group", flat=True).first()
    form = forms.MeasureForm(
        _data(request), region=theme.region, groups=groups, initial={"project_group": commissioned}
    )
    if not selectors.coordinates(request.user, theme.region):
        form.fields["project_group"].required = True  # members propose for their own group only
    return _form_page(
        request,
        form,
        save=lambda d: services.measure_propose(
            actor=request.user,
            theme=theme,
            title=d["title"],
            description=d["description"],
            responsible_organisation=d["responsible_organisation"],
            project_group=d["project_group"],
            budget_line=d["budget_line"],
            budget_amount=d["budget_amount"],
        ),
        success=_("The measure has been proposed."),
        next_url=_measure_url,
        title=_("Propose a measure"),
        submit=_("Propose measure"),
        cancel_url=_theme_url(theme),
    )


@require_GET
@theme_reader_required
def measure_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    measure = _measure(request, pk)
    return render(
        request,
        "themes/measure_detail.html",
        {
            "measure": measure,
            "coordinates": selectors.coordinates(request.user, _region(request)),
            "transitions": services.MEASURE_TRANSITIONS.get(measure.status, frozenset()),
            "may_work": _may_work_measure(request, measure),
            "can_view_directory": request.user.has_perm(f"kim.{Capability.VIEW_DIRECTORY}", _region(request)),
        },
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def measure_transition(request: HttpRequest, pk: Any) -> HttpResponse:
    measure = _measure(request, pk)
    allowed = services.MEASURE_TRANSITIONS.get(measure.status, frozenset())
    targets = [(value, str(label)) for value, label in Measure.Status.choices if value in allowed]
    decisions = selectors.adopting_decisions(measure=measure)
    form = forms.TransitionForm(_data(request), targets=targets, decisions=decisions)
    return _form_page(
        request,
        form,
        save=lambda d: services.measure_transition(
            actor=request.user,
            measure=measure,
            target=d["target"],
            adopted_decision=d["adopted_decision"],
            implemented_on=d["implemented_on"],
            evaluation=d["evaluation"],
        ),
        success=_("The status of the measure has been changed."),
        next_url=_measure_url(measure),
        title=_("Change the status of “%(title)s”") % {"title": measure.title},
        submit=_("Change status"),
        cancel_url=_measure_url(measure),
    )


def _may_work_measure(request: HttpRequest, measure: Measure) -> bool:
    """Coordination, or a current member of the project group working on the measure."""
    return selectors.coordinates(request.user, _region(request)) or selectors.is_project_group_member(
        user=request.user, measure=measure
    )


@require_http_methods(["GET", "POST"])
@theme_reader_required
def milestone_add(request: HttpRequest, pk: Any) -> HttpResponse:
    """Coordination, or a member of the measure's project group."""
    measure = _measure(request, pk)
    if not _may_work_measure(request, measure):
        raise PermissionDenied
    form = forms.MilestoneForm(_data(request))
    return _form_page(
        request,
        form,
        save=lambda d: services.milestone_add(
            actor=request.user, measure=measure, title=d["title"], due_on=d["due_on"], done_on=d["done_on"]
        ),
        success=_("The milestone has been added."),
        next_url=_measure_url(measure),
        title=_("New milestone"),
        submit=_("Add milestone"),
        cancel_url=_measure_url(measure),
    )


@require_http_methods(["GET", "POST"])
@theme_reader_required
def milestone_edit(request: HttpRequest, pk: Any, milestone_pk: Any) -> HttpResponse:
    """Edit a milestone or mark it as reached: coordination or a member of the measure's project group."""
    measure = _measure(request, pk)
    milestone = _get_or_404(measure.milestones.get, pk=milestone_pk)
    if not _may_work_measure(request, measure):
        raise PermissionDenied
    form = forms.MilestoneForm(
        _data(request),
        initial={"title": milestone.title, "due_on": milestone.due_on, "done_on": milestone.done_on},
    )
    return _form_page(
        request,
        form,
        save=lambda d: services.milestone_update(
            actor=request.user, milestone=milestone, title=d["title"], due_on=d["due_on"], done_on=d["done_on"]
        ),
        success=_("The milestone has been saved."),
        next_url=_measure_url(measure),
        title=_("Edit milestone"),
        submit=_("Save"),
        cancel_url=_measure_url(measure),
        intro=_("Enter the date it was reached to mark the milestone as reached."),
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def measure_offer_add(request: HttpRequest, pk: Any) -> HttpResponse:
    measure = _measure(request, pk)
    form = forms.OfferForm(_data(request), region=measure.region)
    return _form_page(
        request,
        form,
        save=lambda d: services.measure_link_offer(actor=request.user, measure=measure, offer=d["offer"]),
        success=_("The offer has been linked to the measure."),
        next_url=_measure_url(measure),
        title=_("Link a new or changed offer"),
        submit=_("Link offer"),
        cancel_url=_measure_url(measure),
    )
