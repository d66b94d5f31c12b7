"""Referral pages: the case team's side (releases, sending, revoking) and the partner's inbox.

Every view: parse → select (scoped; anything outside the user's teams or organisation
is 404) → call the service → POST-redirect-GET with a message, or the form again with
the service's message on the field it names. Partner pages render only the frozen
snapshot of a referral, never the live case.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kim.accounts.roles import Capability
from kim.cases import selectors as case_selectors
from kim.cases.models import Case, Goal, Need
from kim.core import audit
from kim.core.access import capability_required
from kim.core.errors import ApplicationError
from kim.core.http import KimRequest
from kim.core.models import Catalogue, Region
from kim.directory import selectors as directory_selectors
from kim.directory.models import Service
from kim.referrals import selectors, services
from kim.referrals.forms import (
    FinishForm,
    InboxFilterForm,
    OfferSearchForm,
    ReasonForm,
    ReferralSendForm,
    ReleaseForm,
    ReleaseWithdrawForm,
)
from kim.referrals.models import Referral, ReferralStatus
from kim.referrals.permissions import may_override_release
from kim.referrals.sharing import Context, field_choices, field_label

PAGE_SIZE = 25
SEARCH_FIELDS = ("q", "life_domain", "municipality", "language", "target_group")
OFFER_RESULTS = 30

receive_referrals = capability_required(Capability.RECEIVE_REFERRALS)
View = Callable[..., HttpResponse]


def case_team_view(view: View) -> View:
    """Pages of one case or referral: as in kim.cases, the scoped selectors decide (404 for others).

    Case managers and named deputies of the case's team get the page; everyone else,
    whatever their role, learns nothing about the case's existence.
    """

    @wraps(view)
    def wrapped(request: KimRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.region is None:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def case_teams_only(view: View) -> View:
    """Overviews across the user's case teams: members and deputies of a case team (403 for others)."""

    @wraps(view)
    def wrapped(request: KimRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.region is None or not request.user.has_perm("cases.open_case", request.region):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


# --- Helpers ---


def _region(request: KimRequest) -> Region:
    if request.region is None:
        raise PermissionDenied
    return request.region


def _case(request: KimRequest, case_pk: object) -> Case:
    """A case of the user's teams (404 otherwise); the read is logged."""
    try:
        case = case_selectors.case_get_for_user(user=request.user, region=_region(request), id=str(case_pk))
    except ObjectDoesNotExist:
        raise Http404 from None
    audit.record_read(actor=request.user, instance=case)
    return case


def _error_to_form(form: BaseForm, error: ApplicationError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _snapshot_rows(referral: Referral) -> list[dict[str, str]]:
    return [
        {"label": field_label(entry["key"]), "value": entry["value"], "category": entry["category"]}
        for entry in referral.shared_snapshot
    ]


def _status_label(status: str) -> str:
    return str(ReferralStatus(status).label)


# --- Case team: the case's referrals and releases ---


@case_team_view
@require_GET
def case_referrals(request: KimRequest, case_pk: object) -> HttpResponse:
    case = _case(request, case_pk)
    return render(
        request,
        "referrals/case_page.html",
        {
            "case": case,
            "referrals": selectors.referrals_for_case(case=case),
            "releases": selectors.releases_for_case(case=case),
        },
    )


@case_team_view
@require_http_methods(["GET", "POST"])
def release_create(request: KimRequest, case_pk: object) -> HttpResponse:
    case = _case(request, case_pk)
    organisations = selectors.recipient_organisations(region=case.region)
    form = ReleaseForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.release_record(
                actor=request.user,
                case=case,
                recipient=data["recipient"],
                purpose=data["purpose"],
                data_categories=data["data_categories"],
                given_on=data["given_on"],
                valid_until=data["valid_until"],
                language=data["language"],
                interpreter_used=data["interpreter_used"],
                interpreter_name=data["interpreter_name"],
            )
        except ApplicationError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("The release from confidentiality has been recorded."))
            return redirect("referrals:case_referrals", case_pk=case.pk)
    return render(request, "referrals/release_form.html", {"case": case, "form": form})


@case_team_view
@require_http_methods(["GET", "POST"])
def release_withdraw(request: KimRequest, case_pk: object, pk: object) -> HttpResponse:
    case = _case(request, case_pk)
    try:
        release = selectors.release_get(case=case, id=str(pk))
    except ObjectDoesNotExist:
        raise Http404 from None
    form = ReleaseWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.release_withdraw(
                actor=request.user,
                release=release,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
            )
        except ApplicationError as error:
            _error_to_form(form, error)
        else:
            messages.success(
                request, _("The withdrawal has been recorded; open referrals resting on this release were revoked.")
            )
            return redirect("referrals:case_referrals", case_pk=case.pk)
    open_referrals = [r for r in selectors.referrals_for_case(case=case) if r.release_id == release.pk and r.is_open]
    return render(
        request,
        "referrals/release_withdraw.html",
        {"case": case, "release": release, "form": form, "open_referrals": open_referrals},
    )


# --- Case team: sending ---


def _pick(queryset: Any, value: object) -> Any:
    """The object with primary key ``value`` from a scoped queryset, or None (also for malformed ids)."""
    if not value:
        return None
    try:
        return queryset.filter(pk=str(value)).first()
    except (DjangoValidationError, ValueError):
        return None


def _offer_for(region: Region, value: object) -> Service | None:
    if not value:
        return None
    try:
        return directory_selectors.offer_get_for_region(region=region, id=str(value))
    except (ObjectDoesNotExist, DjangoValidationError, ValueError):
        return None


@case_team_view
@require_http_methods(["GET", "POST"])
def referral_send(request: KimRequest, case_pk: object) -> HttpResponse:
    """Find an offer (GET filters), then choose need/goal and fields, check the release, send."""
    case = _case(request, case_pk)
    region = case.region
    searched = any(request.GET.get(name) for name in SEARCH_FIELDS)
    search = OfferSearchForm(
        request.GET if searched else None,
        life_domains=directory_selectors.catalogue_entries(region, Catalogue.LIFE_DOMAIN),
        municipalities=directory_selectors.municipalities_of(region),
        target_groups=directory_selectors.catalogue_entries(region, Catalogue.TARGET_GROUP),
    )
    offers: list[Service] = []
    if searched and search.is_valid():
        data = search.cleaned_data
        offers = list(
            directory_selectors.service_search(
                region=region,
                query=data["q"],
                life_domain=data["life_domain"],
                municipality=data["municipality"],
                language=data["language"],
                target_group=data["target_group"],
            )[:OFFER_RESULTS]
        )
    offer = _offer_for(region, request.POST.get("offer") if request.method == "POST" else request.GET.get("offer"))
    needs = Need.objects.filter(region=region, assessment__case=case).select_related("assessment__life_domain")
    goals = Goal.objects.filter(region=region, case=case).select_related("life_domain", "need__assessment")
    may_override = bool(may_override_release(request.user, case))
    form: ReferralSendForm | None = None
    gate = None
    chosen_categories: list[str] = []
    if offer is not None:
        source = request.POST if request.method == "POST" else request.GET
        need = _pick(needs, source.get("need"))
        goal = _pick(goals, source.get("goal"))
        context = Context(case=case, need=need, goal=goal, message=request.POST.get("message", ""))
        choices = field_choices(context)
        form = ReferralSendForm(
            request.POST or None,
            initial={"offer": offer.pk, "need": need, "goal": goal},
            needs=needs,
            goals=goals,
            choices=choices,
            may_override=may_override,
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            keys = list(data["share"])
            categories_by_key = {choice.key: choice.category for choice in choices}
            chosen_categories = sorted({categories_by_key[key] for key in keys if key in categories_by_key})
            if data["message"].strip():
                chosen_categories = sorted({*chosen_categories, "other"})
            if "send" in request.POST:
                try:
                    referral = services.referral_send(
                        actor=request.user,
                        case=case,
                        offer=offer,
                        need=data["need"],
                        goal=data["goal"],
                        fields=keys,
                        message=data["message"],
                        override_reason=data.get("override_reason") or None,
                    )
                except ApplicationError as error:
                    _error_to_form(form, error)
                else:
                    messages.success(request, _("The referral has been sent."))
                    return redirect("referrals:sent_detail", pk=referral.pk)
            gate = selectors.release_gate(case=case, organisation=offer.organisation, categories=chosen_categories)
        elif request.method == "GET":
            gate = selectors.release_gate(case=case, organisation=offer.organisation, categories=[])
    return render(
        request,
        "referrals/send.html",
        {
            "case": case,
            "search": search,
            "searched": searched,
            "offers": offers,
            "offer": offer,
            "form": form,
            "gate": gate,
            "chosen_categories": chosen_categories,
            "releases": [
                release
                for release in selectors.releases_for_case(case=case)
                if offer is not None and release.recipient_id == offer.organisation_id
            ],
            "may_override": may_override,
        },
    )


@case_teams_only
@require_GET
def sent_list(request: KimRequest) -> HttpResponse:
    filter_form = InboxFilterForm(request.GET or None)
    status = filter_form.cleaned_data["status"] if filter_form.is_valid() else ""
    region = _region(request)
    referrals = selectors.referrals_sent_for_user(user=request.user, region=region, status=status)
    page_obj = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    figures = selectors.referral_waiting_figures(
        referrals=selectors.referrals_sent_for_user(user=request.user, region=region)
    )
    return render(
        request,
        "referrals/sent_list.html",
        {"filter_form": filter_form, "filtered": bool(status), "page_obj": page_obj, "figures": figures},
    )


@case_team_view
@require_GET
def sent_detail(request: KimRequest, pk: object) -> HttpResponse:
    try:
        referral = selectors.referral_get_for_sender(user=request.user, region=_region(request), id=str(pk))
    except ObjectDoesNotExist:
        raise Http404 from None
    audit.record_read(actor=request.user, instance=referral)
    return render(
        request,
        "referrals/sent_detail.html",
        {"referral": referral, "rows": _snapshot_rows(referral), "can_revoke": referral.is_open},
    )


@case_team_view
@require_http_methods(["GET", "POST"])
def referral_revoke(request: KimRequest, pk: object) -> HttpResponse:
    try:
        referral = selectors.referral_get_for_sender(user=request.user, region=_region(request), id=str(pk))
    except ObjectDoesNotExist:
        raise Http404 from None
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_revoke(
                actor=request.user,
                referral=referral,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("The referral has been revoked."))
            return redirect("referrals:sent_detail", pk=referral.pk)
    return render(
        request,
        "referrals/reason_form.html",
        {
            "referral": referral,
            "form": form,
            "title": _("Revoke referral"),
            "intro": _("The partner is told that the referral is revoked and no longer sees the shared data."),
            "submit": _("Revoke referral"),
            "cancel_url": reverse("referrals:sent_detail", args=[referral.pk]),
        },
    )


# --- Partner: inbox and status changes ---


def _partner_referral(request: KimRequest, pk: object) -> Referral:
    try:
        return selectors.referral_get_for_partner(user=request.user, region=_region(request), id=str(pk))
    except ObjectDoesNotExist:
        raise Http404 from None


@receive_referrals
@require_GET
def inbox(request: KimRequest) -> HttpResponse:
    filter_form = InboxFilterForm(request.GET or None)
    status = filter_form.cleaned_data["status"] if filter_form.is_valid() else ""
    referrals = selectors.referrals_for_partner(user=request.user, region=_region(request), status=status)
    page_obj = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    rows: list[dict[str, Any]] = []
    for referral in page_obj:
        names = [entry["value"] for entry in referral.shared_snapshot if entry["key"] == "name"]
        rows.append(
            {
                "referral": referral,
                "name": names[0] if names and referral.status != ReferralStatus.REVOKED else "",
            }
        )
    return render(
        request,
        "referrals/inbox.html",
        {"filter_form": filter_form, "filtered": bool(status), "page_obj": page_obj, "rows": rows},
    )


@receive_referrals
@require_GET
def partner_detail(request: KimRequest, pk: object) -> HttpResponse:
    referral = _partner_referral(request, pk)
    audit.record_read(actor=request.user, instance=referral)
    return render(
        request,
        "referrals/partner_detail.html",
        {
            "referral": referral,
            # A revoked referral no longer discloses anything.
            "rows": [] if referral.status == ReferralStatus.REVOKED else _snapshot_rows(referral),
            "can_answer": referral.status == ReferralStatus.SENT,
            "can_finish": referral.status == ReferralStatus.ACCEPTED,
        },
    )


@receive_referrals
@require_POST
def referral_accept(request: KimRequest, pk: object) -> HttpResponse:
    referral = _partner_referral(request, pk)
    try:
        services.referral_accept(actor=request.user, referral=referral)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The referral has been accepted. The case management has been informed."))
    return redirect("referrals:partner_detail", pk=referral.pk)


@receive_referrals
@require_http_methods(["GET", "POST"])
def referral_decline(request: KimRequest, pk: object) -> HttpResponse:
    referral = _partner_referral(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_decline(
                actor=request.user,
                referral=referral,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("The referral has been declined. The case management has been informed."))
            return redirect("referrals:partner_detail", pk=referral.pk)
    return render(
        request,
        "referrals/reason_form.html",
        {
            "referral": referral,
            "form": form,
            "title": _("Decline referral"),
            "intro": _("Please tell the case management why the offer cannot take the person."),
            "submit": _("Decline referral"),
            "cancel_url": reverse("referrals:partner_detail", args=[referral.pk]),
        },
    )


@receive_referrals
@require_http_methods(["GET", "POST"])
def referral_finish(request: KimRequest, pk: object) -> HttpResponse:
    referral = _partner_referral(request, pk)
    form = FinishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_finish(
                actor=request.user,
                referral=referral,
                completed=data["result"] == ReferralStatus.COMPLETED,
                outcome=data["outcome"],
                feedback=data["feedback"],
            )
        except ApplicationError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("The feedback has been sent to the case management."))
            return redirect("referrals:partner_detail", pk=referral.pk)
    return render(
        request,
        "referrals/reason_form.html",
        {
            "referral": referral,
            "form": form,
            "title": _("Finish referral"),
            "intro": _("Was the offer completed? Your feedback goes to the case management."),
            "submit": _("Send feedback"),
            "cancel_url": reverse("referrals:partner_detail", args=[referral.pk]),
        },
    )
