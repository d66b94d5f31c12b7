"""Region administration pages under /verwaltung/ (capability ``manage_region``).

Every view: parse → select (scoped to the active region; other regions' ids are
404) → call the service → POST-redirect-GET with a message, or the form again
with the service's message on the field it names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.forms import BaseForm, model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kim.accounts import selectors as account_selectors
from kim.accounts import services as account_services
from kim.accounts.models import Membership, User
from kim.administration.access import manage_region_required
from kim.administration.forms import (
    CatalogueEntryCreateForm,
    CatalogueEntryUpdateForm,
    CatalogueFilterForm,
    FundedPostFilterForm,
    FundedPostForm,
    KeyDateForm,
    MembershipEndForm,
    MembershipForm,
    MunicipalityForm,
    OrganisationFilterForm,
    OrganisationForm,
    PeopleFilterForm,
    TeamForm,
    UserCreateForm,
    UserUpdateForm,
)
from kim.core import audit, selectors, services
from kim.core.errors import ApplicationError
from kim.core.models import Catalogue, Region

PEOPLE_PER_PAGE = 25

T = TypeVar("T")


# Helpers


def _region(request: HttpRequest) -> Region:
    region = request.region  # type: ignore[attr-defined]
    assert isinstance(region, Region)  # noqa: S101  (the capability decorator guarantees a region)
    return region


def _get_or_404(getter: Callable[..., T], **kwargs: Any) -> T:
    """Fetch through a region-scoped selector; anything outside the region is simply not found."""
    try:
        return getter(**kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None


def _form_flow(
    request: HttpRequest,
    form: BaseForm,
    *,
    save: Callable[[dict[str, Any]], T],
    success: str | Callable[[T], str],
    next_url: str | Callable[[T], str],
    title: str | Promise,
    submit: str | Promise,
    cancel_url: str,
    intro: str | Promise = "",
) -> HttpResponse:
    """The form page of every create/edit view.

    A valid POST runs ``save`` (the service call) with the cleaned data and redirects to
    ``next_url`` with the ``success`` message (both may depend on the saved object); a rule
    violation of the service becomes an error on the field it names (or on the form) and the
    page is shown again.
    """
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, success if isinstance(success, str) else success(saved))
            return redirect(next_url if isinstance(next_url, str) else next_url(saved))
    return render(
        request,
        "administration/form.html",
        {"form": form, "title": title, "submit": submit, "cancel_url": cancel_url, "intro": intro},
    )


def _delete_flow(
    request: HttpRequest,
    *,
    delete: Callable[[], object],
    success: str,
    back_url: str,
    title: str | Promise,
    object_label: str,
) -> HttpResponse:
    """GET asks for confirmation; POST deletes and goes back to ``back_url`` with ``success``."""
    if request.method == "POST":
        delete()
        messages.success(request, success)
        return redirect(back_url)
    return render(
        request,
        "administration/confirm_delete.html",
        {"title": title, "object_label": object_label, "cancel_url": back_url},
    )


def _pick(data: dict[str, Any], *names: str) -> dict[str, Any]:
    """The cleaned values a service takes under the same names."""
    return {name: data[name] for name in names}


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


# Overview


@manage_region_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    return render(
        request,
        "administration/index.html",
        {
            "counts": selectors.region_structure_counts(region=region),
            "people": account_selectors.region_people_count(region=region),
        },
    )


# Municipalities

MUNICIPALITY_VALUES = ("name", "ags")


@manage_region_required
@require_GET
def municipality_list(request: HttpRequest) -> HttpResponse:
    municipalities = selectors.municipalities_for_region(region=_region(request))
    return render(request, "administration/municipality_list.html", {"municipalities": municipalities})


@manage_region_required
@require_http_methods(["GET", "POST"])
def municipality_create(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    list_url = reverse("manage:municipality_list")
    return _form_flow(
        request,
        MunicipalityForm(request.POST or None, region=region),
        save=lambda data: services.municipality_create(
            actor=request.user, region=region, **_pick(data, *MUNICIPALITY_VALUES)
        ),
        success=lambda created: _("The municipality %(name)s has been created.") % {"name": created.name},
        next_url=list_url,
        title=_("New municipality"),
        submit=_("Create municipality"),
        cancel_url=list_url,
    )


@manage_region_required
@require_http_methods(["GET", "POST"])
def municipality_update(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    municipality = _get_or_404(selectors.municipality_get_for_region, region=region, id=pk)
    list_url = reverse("manage:municipality_list")
    form = MunicipalityForm(
        request.POST or None,
        region=region,
        editing=True,
        initial=model_to_dict(municipality, fields=MunicipalityForm.Meta.fields),
    )
    return _form_flow(
        request,
        form,
        save=lambda data: services.municipality_update(
            actor=request.user, municipality=municipality, **_pick(data, *MUNICIPALITY_VALUES, "is_active")
        ),
        success=lambda updated: _("The municipality %(name)s has been saved.") % {"name": updated.name},
        next_url=list_url,
        title=_("Edit municipality %(name)s") % {"name": municipality.name},
        submit=_("Save changes"),
        cancel_url=list_url,
    )


# Organisations

ORGANISATION_VALUES = ("name", "short_name", "kind", "municipality", "email", "phone", "website")


@manage_region_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    filter_form = OrganisationFilterForm(request.GET or None)
    kind = filter_form.cleaned_data["kind"] if filter_form.is_valid() else ""
    organisations = selectors.organisations_for_region(region=_region(request), kind=kind or None)
    return render(
        request,
        "administration/organisation_list.html",
        {"organisations": organisations, "filter_form": filter_form, "filtered": bool(kind)},
    )


@manage_region_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    list_url = reverse("manage:organisation_list")
    return _form_flow(
        request,
        OrganisationForm(request.POST or None, region=region),
        save=lambda data: services.organisation_create(
            actor=request.user, region=region, **_pick(data, *ORGANISATION_VALUES)
        ),
        success=lambda created: _("The organisation %(name)s has been created.") % {"name": created.name},
        next_url=list_url,
        title=_("New organisation"),
        submit=_("Create organisation"),
        cancel_url=list_url,
    )


@manage_region_required
@require_http_methods(["GET", "POST"])
def organisation_update(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    organisation = _get_or_404(selectors.organisation_get_for_region, region=region, id=pk)
    list_url = reverse("manage:organisation_list")
    form = OrganisationForm(
        request.POST or None,
        region=region,
        editing=True,
        current_municipality=organisation.municipality,
        initial=model_to_dict(organisation, fields=OrganisationForm.Meta.fields),
    )
    return _form_flow(
        request,
        form,
        save=lambda data: services.organisation_update(
            actor=request.user, organisation=organisation, **_pick(data, *ORGANISATION_VALUES, "is_active")
        ),
        success=lambda updated: _("The organisation %(name)s has been saved.") % {"name": updated.name},
        next_url=list_url,
        title=_("Edit organisation %(name)s") % {"name": organisation.name},
        submit=_("Save changes"),
        cancel_url=list_url,
    )


# Teams

TEAM_VALUES = ("name", "organisation", "municipalities")


@manage_region_required
@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    teams = selectors.teams_for_region(region=_region(request))
    return render(request, "administration/team_list.html", {"teams": teams})


@manage_region_required
@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    list_url = reverse("manage:team_list")
    return _form_flow(
        request,
        TeamForm(request.POST or None, region=region),
        save=lambda data: services.team_create(actor=request.user, region=region, **_pick(data, *TEAM_VALUES)),
        success=lambda created: _("The team %(name)s has been created.") % {"name": created.name},
        next_url=list_url,
        title=_("New team"),
        submit=_("Create team"),
        cancel_url=list_url,
    )


@manage_region_required
@require_http_methods(["GET", "POST"])
def team_update(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    team = _get_or_404(selectors.team_get_for_region, region=region, id=pk)
    current_municipalities = list(team.municipalities.all())
    list_url = reverse("manage:team_list")
    form = TeamForm(
        request.POST or None,
        region=region,
        editing=True,
        current_organisation=team.organisation,
        current_municipalities=current_municipalities,
        initial={
            "name": team.name,
            "organisation": team.organisation_id,
            "municipalities": [m.pk for m in current_municipalities],
            "is_active": team.is_active,
        },
    )
    return _form_flow(
        request,
        form,
        save=lambda data: services.team_update(actor=request.user, team=team, **_pick(data, *TEAM_VALUES, "is_active")),
        success=lambda updated: _("The team %(name)s has been saved.") % {"name": updated.name},
        next_url=list_url,
        title=_("Edit team %(name)s") % {"name": team.name},
        submit=_("Save changes"),
        cancel_url=list_url,
    )


# People and roles

PERSON_VALUES = ("first_name", "last_name", "email")
ROLE_VALUES = ("role", "team", "organisation", "function", "is_deputy", "valid_from", "valid_until")


@manage_region_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    filter_form = PeopleFilterForm(request.GET or None)
    criteria = filter_form.cleaned_data if filter_form.is_valid() else {}
    people = account_selectors.region_people(
        region=region,
        search=criteria.get("q", ""),
        role=criteria.get("role", ""),
        status=criteria.get("status", ""),
    )
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [
        {
            "person": person,
            "roles": [
                m
                for m in person.region_memberships  # type: ignore[attr-defined]
                if _membership_state(m, today) == "current"
            ],
        }
        for person in page
    ]
    return render(
        request,
        "administration/user_list.html",
        {
            "page": page,
            "rows": rows,
            "filter_form": filter_form,
            "filtered": any(criteria.get(key) for key in ("q", "role", "status")),
        },
    )


@manage_region_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    return _form_flow(
        request,
        UserCreateForm(request.POST or None, region=region),
        save=lambda data: account_services.user_create(
            actor=request.user,
            region=region,
            **_pick(data, "username", *PERSON_VALUES, *ROLE_VALUES),
            invitation_base_url=_base_url(request),
        ),
        success=lambda created: (
            _("The account for %(name)s has been created and the invitation is being sent.")
            % {"name": created.get_full_name()}
        ),
        next_url=lambda created: reverse("manage:user_detail", kwargs={"pk": created.pk}),
        title=_("New person"),
        submit=_("Create account and send invitation"),
        cancel_url=reverse("manage:user_list"),
        intro=_(
            "The account is created without a password. The person receives an e-mail with a link "
            "to choose their own password."
        ),
    )


def _membership_state(membership: Membership, today: dt.date) -> str:
    if membership.valid_from > today:
        return "planned"
    if membership.valid_until is not None and membership.valid_until < today:
        return "ended"
    return "current"


def _person(request: HttpRequest, pk: Any) -> User:
    return _get_or_404(account_selectors.region_person_get, region=_region(request), id=pk)


@manage_region_required
@require_GET
def user_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    person = _person(request, pk)
    audit.record_read(actor=request.user, instance=person, region=region)
    return render(
        request,
        "administration/user_detail.html",
        {
            "person": person,
            "memberships": [
                {"membership": m, "state": _membership_state(m, timezone.localdate())}
                for m in person.region_memberships  # type: ignore[attr-defined]
            ],
            "is_self": person.pk == request.user.pk,
            "invitation_pending": person.is_active and not person.has_usable_password(),
        },
    )


@manage_region_required
@require_http_methods(["GET", "POST"])
def user_update(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    person = _person(request, pk)
    detail_url = reverse("manage:user_detail", kwargs={"pk": person.pk})
    form = UserUpdateForm(
        request.POST or None,
        initial={"first_name": person.first_name, "last_name": person.last_name, "email": person.email},
    )
    return _form_flow(
        request,
        form,
        save=lambda data: account_services.user_update(
            actor=request.user, region=region, user=person, **_pick(data, *PERSON_VALUES)
        ),
        success=_("The changes have been saved."),
        next_url=detail_url,
        title=_("Edit %(name)s") % {"name": person.get_full_name() or person.username},
        submit=_("Save changes"),
        cancel_url=detail_url,
    )


def _person_action(request: HttpRequest, pk: Any, action: Callable[[User], object], success: str) -> HttpResponse:
    person = _person(request, pk)
    try:
        action(person)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("manage:user_detail", pk=person.pk)


@manage_region_required
@require_POST
def user_deactivate(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    return _person_action(
        request,
        pk,
        lambda person: account_services.user_deactivate(
            actor=request.user,
            region=region,
            user=person,
        ),
        _("The account has been deactivated. The person can no longer sign in."),
    )


@manage_region_required
@require_POST
def user_reactivate(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    return _person_action(
        request,
        pk,
        lambda person: account_services.user_reactivate(
            actor=request.user,
            region=region,
            user=person,
        ),
        _("The account has been reactivated."),
    )


@manage_region_required
@require_POST
def user_invitation_resend(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    return _person_action(
        request,
        pk,
        lambda person: account_services.user_invitation_resend(
            actor=request.user,
            region=region,
            user=person,
            base_url=_base_url(request),
        ),
        _("A new invitation is being sent."),
    )


@manage_region_required
@require_http_methods(["GET", "POST"])
def membership_create(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    person = _person(request, pk)
    detail_url = reverse("manage:user_detail", kwargs={"pk": person.pk})
    return _form_flow(
        request,
        MembershipForm(request.POST or None, region=region),
        save=lambda data: account_services.membership_create(
            actor=request.user, region=region, user=person, **_pick(data, *ROLE_VALUES)
        ),
        success=_("The role has been added."),
        next_url=detail_url,
        title=_("Add a role for %(name)s") % {"name": person.get_full_name() or person.username},
        submit=_("Add role"),
        cancel_url=detail_url,
    )


@manage_region_required
@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, pk: Any, membership_pk: Any) -> HttpResponse:
    region = _region(request)
    person = _person(request, pk)
    membership = _get_or_404(account_selectors.region_membership_get, region=region, user=person, id=membership_pk)
    detail_url = reverse("manage:user_detail", kwargs={"pk": person.pk})
    return _form_flow(
        request,
        MembershipEndForm(request.POST or None),
        save=lambda data: account_services.membership_end(
            actor=request.user, region=region, membership=membership, valid_until=data["valid_until"]
        ),
        success=_("The role has been ended."),
        next_url=detail_url,
        title=_("End role: %(role)s") % {"role": membership.role},
        submit=_("End role"),
        cancel_url=detail_url,
        intro=_(
            "The role stays on record with its end date. %(name)s keeps the rights of this role "
            "until the end of the day you enter."
        )
        % {"name": person.get_full_name() or person.username},
    )


# Catalogues

CATALOGUE_ENTRY_VALUES = ("label_de", "label_en", "sort_order")


@manage_region_required
@require_GET
def catalogue_list(request: HttpRequest) -> HttpResponse:
    filter_form = CatalogueFilterForm(request.GET or None)
    chosen = filter_form.cleaned_data["catalogue"] if filter_form.is_valid() else ""
    entries = list(selectors.catalogue_entries_for_region(region=_region(request), catalogue=chosen or None))
    groups = [
        {"code": code, "label": label, "entries": [e for e in entries if e.catalogue == code]}
        for code, label in Catalogue.choices
        if not chosen or code == chosen
    ]
    return render(
        request,
        "administration/catalogue_list.html",
        {"groups": groups, "filter_form": filter_form, "filtered": bool(chosen)},
    )


def _catalogue_url(catalogue: str) -> str:
    return f"{reverse('manage:catalogue_list')}?catalogue={catalogue}"


@manage_region_required
@require_http_methods(["GET", "POST"])
def catalogue_entry_create(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    preset = request.GET.get("catalogue", "")
    form = CatalogueEntryCreateForm(
        request.POST or None,
        region=region,
        initial={"catalogue": preset} if preset in Catalogue.values else None,
    )
    return _form_flow(
        request,
        form,
        save=lambda data: services.catalogue_entry_create(
            actor=request.user, region=region, **_pick(data, "catalogue", "code", *CATALOGUE_ENTRY_VALUES)
        ),
        success=lambda created: _("The entry %(label)s has been created.") % {"label": created.label},
        next_url=lambda created: _catalogue_url(created.catalogue),
        title=_("New catalogue entry"),
        submit=_("Create entry"),
        cancel_url=reverse("manage:catalogue_list"),
    )


@manage_region_required
@require_http_methods(["GET", "POST"])
def catalogue_entry_update(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    entry = _get_or_404(selectors.catalogue_entry_get_for_region, region=region, id=pk)
    list_url = _catalogue_url(entry.catalogue)
    form = CatalogueEntryUpdateForm(
        request.POST or None,
        region=region,
        editing=True,
        initial=model_to_dict(entry, fields=CatalogueEntryUpdateForm.Meta.fields),
    )
    return _form_flow(
        request,
        form,
        save=lambda data: services.catalogue_entry_update(
            actor=request.user, entry=entry, **_pick(data, *CATALOGUE_ENTRY_VALUES, "is_active")
        ),
        success=lambda updated: _("The entry %(label)s has been saved.") % {"label": updated.label},
        next_url=list_url,
        title=_("Edit catalogue entry %(label)s") % {"label": entry.label},
        submit=_("Save changes"),
        cancel_url=list_url,
        intro=_("Catalogue: %(catalogue)s · Key: %(code)s")
        % {"catalogue": entry.get_catalogue_display(), "code": entry.code},
    )


# Funded posts

FUNDED_POST_VALUES = ("building_block", "function", "year", "employer", "fte", "funding_amount", "note")


@manage_region_required
@require_GET
def funded_post_list(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    years = selectors.funded_post_years(region=region)
    filter_form = FundedPostFilterForm(request.GET or None, years=years)
    chosen = filter_form.cleaned_data["year"] if filter_form.is_valid() else ""
    if not chosen:
        chosen = str(years[0]) if years else FundedPostFilterForm.ALL
        filter_form = FundedPostFilterForm(initial={"year": chosen}, years=years)
    year = None if chosen == FundedPostFilterForm.ALL else int(chosen)
    totals = selectors.funded_post_totals(region=region, year=year)
    return render(
        request,
        "administration/funded_post_list.html",
        {
            "posts": selectors.funded_posts_for_region(region=region, year=year),
            "totals": totals,
            "total_count": sum(t.count for t in totals),
            "total_fte": sum(t.fte for t in totals),
            "total_amount": sum(t.funding_amount for t in totals),
            "year": year,
            "filter_form": filter_form,
        },
    )


def _funded_posts_url(year: int) -> str:
    return f"{reverse('manage:funded_post_list')}?year={year}"


@manage_region_required
@require_http_methods(["GET", "POST"])
def funded_post_create(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    return _form_flow(
        request,
        FundedPostForm(request.POST or None, region=region),
        save=lambda data: services.funded_post_create(
            actor=request.user, region=region, **_pick(data, *FUNDED_POST_VALUES)
        ),
        success=_("The funded post has been created."),
        next_url=lambda created: _funded_posts_url(created.year),
        title=_("New funded post"),
        submit=_("Create funded post"),
        cancel_url=reverse("manage:funded_post_list"),
    )


@manage_region_required
@require_http_methods(["GET", "POST"])
def funded_post_update(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    post = _get_or_404(selectors.funded_post_get_for_region, region=region, id=pk)
    form = FundedPostForm(
        request.POST or None,
        region=region,
        editing=True,
        current_employer=post.employer,
        initial=model_to_dict(post, fields=FundedPostForm.Meta.fields),
    )
    return _form_flow(
        request,
        form,
        save=lambda data: services.funded_post_update(
            actor=request.user, funded_post=post, **_pick(data, *FUNDED_POST_VALUES)
        ),
        success=_("The funded post has been saved."),
        next_url=lambda updated: _funded_posts_url(updated.year),
        title=_("Edit funded post"),
        submit=_("Save changes"),
        cancel_url=_funded_posts_url(post.year),
    )


@manage_region_required
@require_http_methods(["GET", "POST"])
def funded_post_delete(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    post = _get_or_404(selectors.funded_post_get_for_region, region=region, id=pk)
    return _delete_flow(
        request,
        delete=lambda: services.funded_post_delete(actor=request.user, funded_post=post),
        success=_("The funded post has been deleted."),
        back_url=_funded_posts_url(post.year),
        title=_("Delete funded post"),
        object_label=f"{post.get_function_display()} {post.year}, {post.employer} ({post.fte})",
    )


# Key dates

KEY_DATE_VALUES = ("date", "title", "kind", "note")


@manage_region_required
@require_GET
def key_date_list(request: HttpRequest) -> HttpResponse:
    key_dates = selectors.key_dates_for_region(region=_region(request))
    return render(request, "administration/key_date_list.html", {"key_dates": key_dates, "today": timezone.localdate()})


@manage_region_required
@require_http_methods(["GET", "POST"])
def key_date_create(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    list_url = reverse("manage:key_date_list")
    return _form_flow(
        request,
        KeyDateForm(request.POST or None, region=region),
        save=lambda data: services.key_date_create(actor=request.user, region=region, **_pick(data, *KEY_DATE_VALUES)),
        success=lambda created: _("The key date %(title)s has been created.") % {"title": created.title},
        next_url=list_url,
        title=_("New key date"),
        submit=_("Create key date"),
        cancel_url=list_url,
    )


@manage_region_required
@require_http_methods(["GET", "POST"])
def key_date_update(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    key_date = _get_or_404(selectors.key_date_get_for_region, region=region, id=pk)
    list_url = reverse("manage:key_date_list")
    form = KeyDateForm(
        request.POST or None,
        region=region,
        editing=True,
        initial=model_to_dict(key_date, fields=KeyDateForm.Meta.fields),
    )
    return _form_flow(
        request,
        form,
        save=lambda data: services.key_date_update(
            actor=request.user, key_date=key_date, **_pick(data, *KEY_DATE_VALUES)
        ),
        success=lambda updated: _("The key date %(title)s has been saved.") % {"title": updated.title},
        next_url=list_url,
        title=_("Edit key date %(title)s") % {"title": key_date.title},
        submit=_("Save changes"),
        cancel_url=list_url,
    )


@manage_region_required
@require_http_methods(["GET", "POST"])
def key_date_delete(request: HttpRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    key_date = _get_or_404(selectors.key_date_get_for_region, region=region, id=pk)
    return _delete_flow(
        request,
        delete=lambda: services.key_date_delete(actor=request.user, key_date=key_date),
        success=_("The key date %(title)s has been deleted.") % {"title": key_date.title},
        back_url=reverse("manage:key_date_list"),
        title=_("Delete key date"),
        object_label=str(key_date),
    )
