"""Pages of the network directory under /netzwerk/.

Searching, the responsibility matrix and the overlap/gap analysis need
``view_directory``; maintaining offers, locations, times, translations and the
import need ``manage_directory``. Objects of other regions are 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kim.accounts.roles import Capability
from kim.core import audit
from kim.core.access import capability_required
from kim.core.errors import ApplicationError
from kim.core.models import AuditEntry, Region
from kim.directory import exports, importing, importing_hsds, selectors, services
from kim.directory.forms import (
    AnalysisForm,
    ContactForm,
    ImportForm,
    LocationForm,
    MatrixFilterForm,
    OrganisationProfileForm,
    PhoneForm,
    ScheduleForm,
    SearchForm,
    ServiceForm,
    ServiceLocationForm,
    ServiceLocationNoteForm,
    TranslationForm,
)
from kim.directory.models import (
    LANGUAGES,
    Contact,
    OrganisationProfile,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)

T = TypeVar("T")
RESULTS_PER_PAGE = 20
MATRIX_ROWS_PER_PAGE = 100
DEFAULT_ANALYSIS_LANGUAGES = ("ar", "fa", "uk", "tr", "ru")

view_directory = capability_required(Capability.VIEW_DIRECTORY)
manage_directory = capability_required(Capability.MANAGE_DIRECTORY)


def _region(request: HttpRequest) -> Region:
    region = request.region  # type: ignore[attr-defined]
    assert isinstance(region, Region)  # noqa: S101  (the capability decorator guarantees a region)
    return region


def _get_or_404(getter: Callable[..., T], **kwargs: Any) -> T:
    try:
        return getter(**kwargs)
    except (ObjectDoesNotExist, ValueError):
        raise Http404 from None


def _call(form: BaseForm, action: Callable[[], T]) -> T | None:
    try:
        return action()
    except ApplicationError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None


def _form_page(
    request: HttpRequest, form: BaseForm, *, title: str, submit: str, cancel_url: str, intro: str = ""
) -> HttpResponse:
    return render(
        request,
        "directory/form.html",
        {"form": form, "title": title, "submit": submit, "cancel_url": cancel_url, "intro": intro},
    )


def _can_manage(request: HttpRequest) -> bool:
    return bool(request.access.can(Capability.MANAGE_DIRECTORY))  # type: ignore[attr-defined]


def _export_audit(request: HttpRequest, what: str, fmt: str) -> None:
    audit.record(
        actor=request.user,
        action=AuditEntry.Action.EXPORT,
        object_type=f"directory.{what}",
        region=_region(request),
        changes={"format": [None, fmt], "filter": [None, request.GET.urlencode()[:200]]},
    )


# Search and detail


@view_directory
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    form = SearchForm(request.GET or None, region=region)
    results = selectors.service_search(region=region)
    filtered = False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filtered = any(data.values())
        results = selectors.service_search(
            region=region,
            query=data["q"],
            life_domain=data["life_domain"],
            municipality=data["municipality"],
            language=data["language"],
            target_group=data["target_group"],
        )
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/search.html",
        {
            "filter_form": form,
            "page": page,
            "filtered": filtered,
            "query": query.urlencode(),
            "can_manage": _can_manage(request),
            "languages": LANGUAGES,
        },
    )


@view_directory
@require_GET
def service_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    service = _get_or_404(selectors.service_get_for_region, region=_region(request), id=pk)
    return render(
        request,
        "directory/service_detail.html",
        {"service": service, "can_manage": _can_manage(request), "languages": LANGUAGES},
    )


# Maintaining offers


@manage_directory
@require_GET
def service_manage_list(request: HttpRequest) -> HttpResponse:
    services_qs = selectors.service_list(_region(request))
    page = Paginator(services_qs, 50).get_page(request.GET.get("page"))
    return render(request, "directory/service_manage_list.html", {"page": page})


@manage_directory
@require_http_methods(["GET", "POST"])
def service_create(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    form = ServiceForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        service = _call(
            form,
            lambda: services.service_create(actor=request.user, region=region, data=form.to_input()),
        )
        if service is not None:
            messages.success(request, _("The offer has been created."))
            return redirect("directory:service_detail", pk=service.pk)
    return _form_page(
        request,
        form,
        title=_("New offer"),
        submit=_("Create offer"),
        cancel_url=_reverse("directory:service_manage_list"),
    )


@manage_directory
@require_http_methods(["GET", "POST"])
def service_update(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    service = _get_or_404(selectors.service_get_for_region, region=region, id=pk)
    form = ServiceForm(request.POST or None, instance=service, region=region)
    if request.method == "POST" and form.is_valid():
        updated = _call(
            form,
            lambda: services.service_update(actor=request.user, service=service, data=form.to_input()),
        )
        if updated is not None:
            messages.success(request, _("The offer has been saved."))
            return redirect("directory:service_detail", pk=updated.pk)
    return _form_page(
        request,
        form,
        title=_("Edit offer"),
        submit=_("Save"),
        cancel_url=_reverse("directory:service_detail", pk=service.pk),
        intro=_("If you change the German name or description, existing translations are marked as outdated."),
    )


def _reverse(name: str, **kwargs: Any) -> str:
    from django.urls import reverse

    return reverse(name, kwargs=kwargs or None)


def _child_form(
    request: HttpRequest,
    pk: Any,
    *,
    form_class: type[BaseForm],
    title: str,
    submit: str,
    success: str,
    save: Callable[[Service, dict[str, Any]], object],
    form_kwargs: Callable[[Service], dict[str, Any]] | None = None,
    intro: str = "",
) -> HttpResponse:
    """A page that adds one thing to an offer (time, contact, phone, location, translation)."""
    service = _get_or_404(selectors.service_get_for_region, region=_region(request), id=pk)
    extra = form_kwargs(service) if form_kwargs else {}
    form = form_class(request.POST or None, **extra)
    if request.method == "POST" and form.is_valid():
        done = _call(form, lambda: save(service, form.cleaned_data))
        if done is not None:
            messages.success(request, success)
            return redirect("directory:service_detail", pk=service.pk)
    return _form_page(
        request,
        form,
        title=f"{title}: {service.name}",
        submit=submit,
        cancel_url=_reverse("directory:service_detail", pk=service.pk),
        intro=intro,
    )


@manage_directory
@require_http_methods(["GET", "POST"])
def schedule_create(request: HttpRequest, pk: Any) -> HttpResponse:
    return _child_form(
        request,
        pk,
        form_class=ScheduleForm,
        form_kwargs=lambda service: {"service": service},
        title=_("New opening time"),
        submit=_("Add opening time"),
        success=_("The opening time has been added."),
        save=lambda service, data: services.schedule_create(actor=request.user, service=service, **data),
    )


@manage_directory
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest, pk: Any) -> HttpResponse:
    return _child_form(
        request,
        pk,
        form_class=ContactForm,
        title=_("New contact person"),
        submit=_("Add contact person"),
        success=_("The contact person has been added."),
        save=lambda service, data: services.contact_create(actor=request.user, service=service, **data),
    )


@manage_directory
@require_http_methods(["GET", "POST"])
def phone_create(request: HttpRequest, pk: Any) -> HttpResponse:
    return _child_form(
        request,
        pk,
        form_class=PhoneForm,
        title=_("New phone number"),
        submit=_("Add phone number"),
        success=_("The phone number has been added."),
        save=lambda service, data: services.phone_create(actor=request.user, service=service, **data),
    )


@manage_directory
@require_http_methods(["GET", "POST"])
def service_location_add(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    return _child_form(
        request,
        pk,
        form_class=ServiceLocationForm,
        form_kwargs=lambda service: {"region": region},
        title=_("Add a location"),
        submit=_("Add location"),
        success=_("The location has been added."),
        save=lambda service, data: services.service_location_add(actor=request.user, service=service, **data),
    )


@manage_directory
@require_http_methods(["GET", "POST"])
def translation_save(request: HttpRequest, pk: Any) -> HttpResponse:
    language = request.GET.get("sprache", "")

    def initial(service: Service) -> dict[str, Any]:
        existing = selectors.translation_get_for_service(service=service, language=language) if language else None
        if existing is None:
            return {"initial": {"language": language} if language in LANGUAGES else {}}
        return {
            "initial": {
                "language": existing.language,
                "name": existing.name,
                "description": existing.description,
                "status": existing.status,
            }
        }

    return _child_form(
        request,
        pk,
        form_class=TranslationForm,
        form_kwargs=initial,
        title=_("Translation"),
        submit=_("Save translation"),
        success=_("The translation has been saved."),
        intro=_(
            "German is the source language. Set the status to 'current' when the translation matches the German text."
        ),
        save=lambda service, data: services.service_translation_save(actor=request.user, service=service, **data),
    )


ChildModel = type[Schedule] | type[Contact] | type[Phone] | type[ServiceAtLocation]


def _child_of(request: HttpRequest, pk: Any, child_pk: Any, model: ChildModel) -> tuple[Service, Any]:
    """The offer (of the active region) and one of its times, contacts, phones or locations; else 404."""
    service = _get_or_404(selectors.service_get_for_region, region=_region(request), id=pk)
    child = model.objects.filter(pk=child_pk, service=service).first()
    if child is None:
        raise Http404
    return service, child


def _child_edit(
    request: HttpRequest,
    pk: Any,
    child_pk: Any,
    *,
    model: ChildModel,
    form_class: Callable[..., BaseForm],
    title: str,
    success: str,
    save: Callable[[Any, dict[str, Any]], object],
    form_kwargs: Callable[[Service], dict[str, Any]] | None = None,
) -> HttpResponse:
    """A page that changes one time, contact, phone or location note of an offer."""
    service, child = _child_of(request, pk, child_pk, model)
    extra = form_kwargs(service) if form_kwargs else {}
    form = form_class(request.POST or None, instance=child, **extra)
    if request.method == "POST" and form.is_valid():
        done = _call(form, lambda: save(child, form.cleaned_data))
        if done is not None:
            messages.success(request, success)
            return redirect("directory:service_detail", pk=service.pk)
    return _form_page(
        request,
        form,
        title=f"{title}: {service.name}",
        submit=_("Save"),
        cancel_url=_reverse("directory:service_detail", pk=service.pk),
    )


@manage_directory
@require_http_methods(["GET", "POST"])
def schedule_update(request: HttpRequest, pk: Any, schedule_pk: Any) -> HttpResponse:
    return _child_edit(
        request,
        pk,
        schedule_pk,
        model=Schedule,
        form_class=ScheduleForm,
        form_kwargs=lambda service: {"service": service},
        title=_("Edit opening time"),
        success=_("The opening time has been saved."),
        save=lambda schedule, data: services.schedule_update(actor=request.user, schedule=schedule, **data),
    )


@manage_directory
@require_http_methods(["GET", "POST"])
def contact_update(request: HttpRequest, pk: Any, contact_pk: Any) -> HttpResponse:
    return _child_edit(
        request,
        pk,
        contact_pk,
        model=Contact,
        form_class=ContactForm,
        title=_("Edit contact person"),
        success=_("The contact person has been saved."),
        save=lambda contact, data: services.contact_update(actor=request.user, contact=contact, **data),
    )


@manage_directory
@require_http_methods(["GET", "POST"])
def phone_update(request: HttpRequest, pk: Any, phone_pk: Any) -> HttpResponse:
    return _child_edit(
        request,
        pk,
        phone_pk,
        model=Phone,
        form_class=PhoneForm,
        title=_("Edit phone number"),
        success=_("The phone number has been saved."),
        save=lambda phone, data: services.phone_update(actor=request.user, phone=phone, **data),
    )


@manage_directory
@require_http_methods(["GET", "POST"])
def service_location_update(request: HttpRequest, pk: Any, link_pk: Any) -> HttpResponse:
    return _child_edit(
        request,
        pk,
        link_pk,
        model=ServiceAtLocation,
        form_class=ServiceLocationNoteForm,
        title=_("Note on the location"),
        success=_("The note has been saved."),
        save=lambda link, data: services.service_location_update(
            actor=request.user, link=link, description=data["description"]
        ),
    )


@manage_directory
@require_GET
def service_location_remove_confirm(request: HttpRequest, pk: Any, link_pk: Any) -> HttpResponse:
    """Ask before an offer leaves a location together with its opening times there."""
    service, link = _child_of(request, pk, link_pk, ServiceAtLocation)
    return render(
        request,
        "directory/location_remove_confirm.html",
        {"service": service, "link": link, "schedules": list(link.schedules.all())},
    )


def _delete_child(request: HttpRequest, pk: Any, child_pk: Any, *, model: ChildModel) -> HttpResponse:
    service = _get_or_404(selectors.service_get_for_region, region=_region(request), id=pk)
    child = model.objects.filter(pk=child_pk, service=service).first()
    if child is None:
        raise Http404
    try:
        if isinstance(child, Schedule):
            services.schedule_delete(actor=request.user, schedule=child)
            messages.success(request, _("The opening time has been removed."))
        elif isinstance(child, Contact):
            services.contact_delete(actor=request.user, contact=child)
            messages.success(request, _("The contact person has been removed."))
        elif isinstance(child, Phone):
            services.phone_delete(actor=request.user, phone=child)
            messages.success(request, _("The phone number has been removed."))
        else:
            with_schedules = request.POST.get("with_schedules") == "1"
            services.service_location_remove(actor=request.user, link=child, with_schedules=with_schedules)
            messages.success(request, _("The offer is no longer listed at this location."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("directory:service_detail", pk=service.pk)


@manage_directory
@require_POST
def schedule_delete(request: HttpRequest, pk: Any, schedule_pk: Any) -> HttpResponse:
    return _delete_child(request, pk, schedule_pk, model=Schedule)


@manage_directory
@require_POST
def contact_delete(request: HttpRequest, pk: Any, contact_pk: Any) -> HttpResponse:
    return _delete_child(request, pk, contact_pk, model=Contact)


@manage_directory
@require_POST
def phone_delete(request: HttpRequest, pk: Any, phone_pk: Any) -> HttpResponse:
    return _delete_child(request, pk, phone_pk, model=Phone)


@manage_directory
@require_POST
def service_location_remove(request: HttpRequest, pk: Any, link_pk: Any) -> HttpResponse:
    return _delete_child(request, pk, link_pk, model=ServiceAtLocation)


# Organisation profile (HSDS organisation description)


@manage_directory
@require_http_methods(["GET", "POST"])
def organisation_profile(request: HttpRequest, pk: Any) -> HttpResponse:
    organisation = _get_or_404(selectors.organisation_get_for_region, region=_region(request), id=pk)
    profile = OrganisationProfile.objects.filter(organisation=organisation).first()
    form = OrganisationProfileForm(request.POST or None, instance=profile, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        saved = _call(
            form,
            lambda: services.organisation_profile_save(
                actor=request.user,
                organisation=organisation,
                description=form.cleaned_data["description"],
                legal_status=form.cleaned_data["legal_status"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                website=form.cleaned_data["website"],
            ),
        )
        if saved is not None:
            messages.success(request, _("The organisation profile has been saved."))
            return redirect("directory:service_manage_list")
    return _form_page(
        request,
        form,
        title=_("Profile of %(organisation)s") % {"organisation": organisation.name},
        submit=_("Save"),
        cancel_url=_reverse("directory:service_manage_list"),
        intro=_(
            "The description and the public contact details are published with the organisation's offers in "
            "the HSDS interface. The name and kind of the organisation are kept by the region administration."
        ),
    )


# Locations


@manage_directory
@require_GET
def location_list(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/location_list.html", {"locations": selectors.location_list(_region(request))})


@manage_directory
@require_http_methods(["GET", "POST"])
def location_create(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    form = LocationForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        location = _call(
            form,
            lambda: services.location_create(actor=request.user, region=region, values=form.cleaned_data),
        )
        if location is not None:
            messages.success(request, _("The location has been created."))
            return redirect("directory:location_list")
    return _form_page(
        request,
        form,
        title=_("New location"),
        submit=_("Create location"),
        cancel_url=_reverse("directory:location_list"),
    )


@manage_directory
@require_http_methods(["GET", "POST"])
def location_update(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    location = _get_or_404(selectors.location_get_for_region, region=region, id=pk)
    form = LocationForm(request.POST or None, instance=location, region=region)
    if request.method == "POST" and form.is_valid():
        saved = _call(
            form,
            lambda: services.location_update(actor=request.user, location=location, values=form.cleaned_data),
        )
        if saved is not None:
            messages.success(request, _("The location has been saved."))
            return redirect("directory:location_list")
    return _form_page(
        request, form, title=_("Edit location"), submit=_("Save"), cancel_url=_reverse("directory:location_list")
    )


# Responsibility matrix and overlap/gap analysis


def _matrix(request: HttpRequest) -> tuple[MatrixFilterForm, list[selectors.MatrixRow], bool]:
    region = _region(request)
    form = MatrixFilterForm(request.GET or None, region=region)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {key: value for key, value in form.cleaned_data.items() if value}
    return form, selectors.responsibility_matrix(region=region, **filters), bool(filters)


@view_directory
@require_GET
def matrix(request: HttpRequest) -> HttpResponse:
    form, rows, filtered = _matrix(request)
    page = Paginator(rows, MATRIX_ROWS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/matrix.html",
        {"filter_form": form, "page": page, "filtered": filtered, "query": query.urlencode(), "total": len(rows)},
    )


@view_directory
@require_GET
def matrix_export(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    _form, rows, _filtered = _matrix(request)
    headings, body = exports.matrix_table(rows)
    _export_audit(request, "responsibility_matrix", fmt)
    sheets = [(_("Responsibilities"), headings, body)]
    if fmt == "xlsx":
        return exports.xlsx_response("zustaendigkeiten", sheets)
    return exports.csv_response("zustaendigkeiten", sheets)


def _analysis(request: HttpRequest) -> tuple[AnalysisForm, selectors.Analysis | None]:
    region = _region(request)
    submitted = {"dimensions", "life_domain", "municipality", "languages"} & set(request.GET)
    data = request.GET if submitted else None
    form = AnalysisForm(data, region=region, initial={"dimensions": [selectors.DIMENSION_TARGET_GROUP]})
    if data is None:
        return form, selectors.overlap_gap_analysis(region=region)
    if not form.is_valid():
        return form, None
    cleaned = form.cleaned_data
    return form, selectors.overlap_gap_analysis(
        region=region,
        dimensions=cleaned["dimensions"],
        life_domain=cleaned["life_domain"],
        municipality=cleaned["municipality"],
        languages=cleaned["languages"] or DEFAULT_ANALYSIS_LANGUAGES,
    )


@view_directory
@require_GET
def analysis(request: HttpRequest) -> HttpResponse:
    form, result = _analysis(request)
    return render(
        request,
        "directory/analysis.html",
        {"filter_form": form, "analysis": result, "query": request.GET.urlencode(), "languages": LANGUAGES},
    )


@view_directory
@require_GET
def analysis_export(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    _form, result = _analysis(request)
    if result is None:
        raise Http404
    _export_audit(request, "overlap_gap_analysis", fmt)
    sheets = [
        (_("Overlaps"), *exports.overlap_table(result)),
        (_("Gaps"), *exports.gap_table(result)),
    ]
    if fmt == "xlsx":
        return exports.xlsx_response("ueberschneidungen-luecken", sheets)
    return exports.csv_response("ueberschneidungen-luecken", sheets)


# Import


@manage_directory
@require_http_methods(["GET", "POST"])
def import_offers(request: HttpRequest) -> HttpResponse:
    """One services file or template, or an HSDS CSV package (ZIP or several files); all or nothing."""
    region = _region(request)
    form = ImportForm(request.POST or None, request.FILES or None, region=region)
    problems: list[importing.Problem] = []
    if request.method == "POST" and form.is_valid():
        uploads = form.cleaned_data["file"]
        default_life_domain = form.cleaned_data["default_life_domain"]
        try:
            if importing_hsds.is_package([upload.name or "" for upload in uploads]):
                package = importing_hsds.package_import(
                    actor=request.user,
                    region=region,
                    uploads=[(upload.name or "", upload) for upload in uploads],
                    default_life_domain=default_life_domain,
                )
                count = len(package.services)
                for note in package.notes:
                    messages.warning(
                        request,
                        _("%(file)s, row %(row)s, column %(column)s: %(message)s")
                        % {"file": note.file, "row": note.row, "column": note.column, "message": note.message},
                    )
                if package.ignored_files:
                    messages.info(
                        request,
                        _("Not read (KIM does not keep these tables): %(files)s")
                        % {"files": ", ".join(package.ignored_files)},
                    )
            else:
                upload = uploads[0]
                count = len(
                    importing.services_import(
                        actor=request.user,
                        region=region,
                        upload=upload,
                        filename=upload.name or "",
                        default_life_domain=default_life_domain,
                    )
                )
        except importing.ImportInvalid as error:
            problems = error.problems
            form.add_error("file", error.message)
        else:
            if default_life_domain is not None:
                messages.warning(
                    request,
                    _("Offers without life domains were given “%(domain)s”. Please check them.")
                    % {"domain": default_life_domain.label},
                )
            messages.success(request, _("%(count)s offers have been imported.") % {"count": count})
            return redirect("directory:service_manage_list")
    return render(
        request,
        "directory/import.html",
        {"form": form, "problems": problems, "package": any(problem.file for problem in problems)},
    )


@manage_directory
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    return exports.template_xlsx()
