"""The region administrator's case-management settings (capability ``manage_region``):
consent texts per purpose and language with their versions, and the target-group rules.

Every view: parse → select (scoped to the active region; other regions' ids are 404) →
call the service → POST-redirect-GET with a message, or the form again with the service's
message on the field it names. Nothing here reads case content.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.forms import BaseForm, model_to_dict
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kim.accounts.roles import Capability
from kim.cases import selectors_settings as selectors
from kim.cases import services_settings as services
from kim.cases.forms_settings import ConsentTextCreateForm, ConsentTextVersionForm, TargetGroupRuleForm
from kim.cases.models import ConsentPurpose, ConsentText, TargetGroupRule
from kim.core.access import capability_required
from kim.core.errors import ApplicationError
from kim.core.http import KimRequest
from kim.core.models import Region

T = TypeVar("T")

manage_region_required = capability_required(Capability.MANAGE_REGION)

RULE_VALUES = ("kind", "label_de", "label_en", "months", "sort_order")


def _region(request: KimRequest) -> Region:
    region = request.region
    assert isinstance(region, Region)  # noqa: S101  (the capability decorator guarantees a region)
    return region


def _get_or_404(getter: Callable[..., T], **kwargs: Any) -> T:
    try:
        return getter(**kwargs)
    except (ObjectDoesNotExist, ValueError):
        raise Http404 from None


def _form_page(
    request: KimRequest,
    form: BaseForm,
    *,
    save: Callable[[dict[str, Any]], T],
    success: Callable[[T], str],
    next_url: Callable[[T], str],
    title: str | Promise,
    submit: str | Promise,
    cancel_url: str,
    intro: str | Promise = "",
    preview_language: Callable[[dict[str, Any]], str] | None = None,
) -> HttpResponse:
    """A create/edit page. A valid POST saves and redirects; with ``preview`` in the POST (consent
    texts only) the page comes back with the text shown as the person will read it, unsaved."""
    preview = None
    if request.method == "POST" and form.is_valid():
        if preview_language is not None and "preview" in request.POST:
            preview = {"text": form.cleaned_data["text"], "language": preview_language(form.cleaned_data)}
        else:
            try:
                saved = save(form.cleaned_data)
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, success(saved))
                return redirect(next_url(saved))
    return render(
        request,
        "cases/settings/form.html",
        {
            "form": form,
            "title": title,
            "submit": submit,
            "cancel_url": cancel_url,
            "intro": intro,
            "can_preview": preview_language is not None,
            "preview": preview,
        },
    )


# --- Consent texts ---------------------------------------------------------------------------


def _consent_text_label(consent_text: ConsentText) -> str:
    return _("%(purpose)s, %(language)s, version %(version)s") % {
        "purpose": consent_text.get_purpose_display(),
        "language": selectors.language_name(consent_text.language),
        "version": consent_text.version,
    }


def _consent_text_list_url(consent_text: ConsentText | None = None) -> str:
    url = reverse("cases:settings_consent_texts")
    if consent_text is None:
        return url
    return f"{url}#texts-{consent_text.purpose}-{consent_text.language}"


@manage_region_required
@require_GET
def consent_text_list(request: KimRequest) -> HttpResponse:
    return render(
        request,
        "cases/settings/consent_text_list.html",
        {"overview": selectors.consent_text_overview(region=_region(request))},
    )


@manage_region_required
@require_http_methods(["GET", "POST"])
def consent_text_create(request: KimRequest) -> HttpResponse:
    region = _region(request)
    preset = request.GET.get("purpose", "")
    form = ConsentTextCreateForm(
        request.POST or None, initial={"purpose": preset} if preset in ConsentPurpose.values else {}
    )
    return _form_page(
        request,
        form,
        save=lambda data: services.consent_text_create(
            actor=request.user,
            region=region,
            purpose=data["purpose"],
            language=data["language"],
            text=data["text"],
            valid_from=data["valid_from"],
        ),
        success=lambda created: _("%(text)s has been published.") % {"text": _consent_text_label(created)},
        next_url=lambda created: reverse("cases:settings_consent_text_detail", args=[created.pk]),
        title=_("New consent text"),
        submit=_("Publish text"),
        cancel_url=reverse("cases:settings_consent_texts"),
        intro=_(
            "For a language that already has a text of this purpose, the next version number is given automatically."
        ),
        preview_language=lambda data: data["language"],
    )


@manage_region_required
@require_GET
def consent_text_detail(request: KimRequest, pk: Any) -> HttpResponse:
    consent_text = _get_or_404(selectors.consent_text_get_for_region, region=_region(request), id=pk)
    versions = selectors.consent_text_versions(consent_text=consent_text)
    current = next(version for version in versions if version.pk == consent_text.pk)
    return render(
        request,
        "cases/settings/consent_text_detail.html",
        {
            "consent_text": current,
            "label": _consent_text_label(current),
            "language_name": selectors.language_name(current.language),
            "versions": versions,
            "back_url": _consent_text_list_url(current),
        },
    )


@manage_region_required
@require_http_methods(["GET", "POST"])
def consent_text_new_version(request: KimRequest, pk: Any) -> HttpResponse:
    """The next version of a purpose and language, starting from the wording of version ``pk``."""
    region = _region(request)
    base = _get_or_404(selectors.consent_text_get_for_region, region=region, id=pk)
    form = ConsentTextVersionForm(request.POST or None, initial={"text": base.text, "valid_from": timezone.localdate()})
    return _form_page(
        request,
        form,
        save=lambda data: services.consent_text_create(
            actor=request.user,
            region=region,
            purpose=base.purpose,
            language=base.language,
            text=data["text"],
            valid_from=data["valid_from"],
        ),
        success=lambda created: _("%(text)s has been published.") % {"text": _consent_text_label(created)},
        next_url=lambda created: reverse("cases:settings_consent_text_detail", args=[created.pk]),
        title=_("New version based on version %(version)s") % {"version": base.version},
        submit=_("Publish new version"),
        cancel_url=reverse("cases:settings_consent_text_detail", args=[base.pk]),
        intro=_(
            "Purpose: %(purpose)s · Language: %(language)s. Consents already recorded keep the version "
            "the person agreed to."
        )
        % {"purpose": base.get_purpose_display(), "language": selectors.language_name(base.language)},
        preview_language=lambda data: base.language,
    )


def _locked(request: KimRequest, consent_text: ConsentText) -> HttpResponse:
    """The answer to editing or deleting a version that has been agreed to: explain, offer a new version."""
    return render(
        request,
        "cases/settings/consent_text_locked.html",
        {"consent_text": consent_text, "label": _consent_text_label(consent_text)},
    )


@manage_region_required
@require_http_methods(["GET", "POST"])
def consent_text_update(request: KimRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    consent_text = _get_or_404(selectors.consent_text_get_for_region, region=region, id=pk)
    if consent_text.used:  # type: ignore[attr-defined]
        return _locked(request, consent_text)
    detail_url = reverse("cases:settings_consent_text_detail", args=[consent_text.pk])
    form = ConsentTextVersionForm(
        request.POST or None, initial=model_to_dict(consent_text, fields=["text", "valid_from"])
    )
    return _form_page(
        request,
        form,
        save=lambda data: services.consent_text_update(
            actor=request.user, consent_text=consent_text, text=data["text"], valid_from=data["valid_from"]
        ),
        success=lambda updated: _("%(text)s has been saved.") % {"text": _consent_text_label(updated)},
        next_url=lambda updated: detail_url,
        title=_("Correct %(text)s") % {"text": _consent_text_label(consent_text)},
        submit=_("Save changes"),
        cancel_url=detail_url,
        intro=_("Nobody has agreed to this version yet, so it can still be corrected."),
        preview_language=lambda data: consent_text.language,
    )


@manage_region_required
@require_http_methods(["GET", "POST"])
def consent_text_delete(request: KimRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    consent_text = _get_or_404(selectors.consent_text_get_for_region, region=region, id=pk)
    if consent_text.used:  # type: ignore[attr-defined]
        return _locked(request, consent_text)
    label = _consent_text_label(consent_text)
    if request.method == "POST":
        try:
            services.consent_text_delete(actor=request.user, consent_text=consent_text)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("cases:settings_consent_text_detail", pk=consent_text.pk)
        messages.success(request, _("%(text)s has been deleted.") % {"text": label})
        return redirect(_consent_text_list_url(consent_text))
    return render(
        request,
        "cases/settings/confirm_delete.html",
        {
            "title": _("Delete %(text)s?") % {"text": label},
            "cancel_url": reverse("cases:settings_consent_text_detail", args=[consent_text.pk]),
        },
    )


# --- Target-group rules ----------------------------------------------------------------------


def _rule_list_url(rule: TargetGroupRule | None = None) -> str:
    url = reverse("cases:settings_rules")
    return f"{url}#rule-{rule.pk}" if rule is not None else url


@manage_region_required
@require_GET
def rule_list(request: KimRequest) -> HttpResponse:
    return render(
        request,
        "cases/settings/rule_list.html",
        {"rules": list(selectors.target_group_rules_all_for_region(region=_region(request)))},
    )


@manage_region_required
@require_http_methods(["GET", "POST"])
def rule_create(request: KimRequest) -> HttpResponse:
    region = _region(request)
    return _form_page(
        request,
        TargetGroupRuleForm(request.POST or None),
        save=lambda data: services.target_group_rule_create(
            actor=request.user,
            region=region,
            code=data["code"],
            **{name: data[name] for name in RULE_VALUES},
        ),
        success=lambda created: _("The rule %(label)s has been created.") % {"label": created.label},
        next_url=_rule_list_url,
        title=_("New target-group rule"),
        submit=_("Create rule"),
        cancel_url=_rule_list_url(),
        intro=_("A new rule is asked at every intake from now on. Checks already recorded stay as they are."),
    )


@manage_region_required
@require_http_methods(["GET", "POST"])
def rule_update(request: KimRequest, pk: Any) -> HttpResponse:
    region = _region(request)
    rule = _get_or_404(selectors.target_group_rule_get_for_region, region=region, id=pk)
    form = TargetGroupRuleForm(
        request.POST or None,
        initial=model_to_dict(rule, fields=[*RULE_VALUES, "is_active"]),
        editing=True,
        kind_locked=rule.used,  # type: ignore[attr-defined]
    )
    return _form_page(
        request,
        form,
        save=lambda data: services.target_group_rule_update(
            actor=request.user,
            rule=rule,
            is_active=data["is_active"],
            **{name: data[name] for name in RULE_VALUES},
        ),
        success=lambda updated: _("The rule %(label)s has been saved.") % {"label": updated.label},
        next_url=_rule_list_url,
        title=_("Edit target-group rule %(label)s") % {"label": rule.label},
        submit=_("Save changes"),
        cancel_url=_rule_list_url(rule),
        intro=_(
            "Key: %(code)s. Changes apply to checks made from now on; checks already recorded on cases "
            "keep their results."
        )
        % {"code": rule.code},
    )


def _rule_action(request: KimRequest, pk: Any, action: Callable[[TargetGroupRule], object], done: str) -> HttpResponse:
    rule = _get_or_404(selectors.target_group_rule_get_for_region, region=_region(request), id=pk)
    try:
        action(rule)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done % {"label": rule.label})
    return redirect(_rule_list_url(rule))


@manage_region_required
@require_POST
def rule_activate(request: KimRequest, pk: Any) -> HttpResponse:
    return _rule_action(
        request,
        pk,
        lambda rule: services.target_group_rule_set_active(actor=request.user, rule=rule, is_active=True),
        _("The rule %(label)s is active: it is asked at intake again."),
    )


@manage_region_required
@require_POST
def rule_deactivate(request: KimRequest, pk: Any) -> HttpResponse:
    return _rule_action(
        request,
        pk,
        lambda rule: services.target_group_rule_set_active(actor=request.user, rule=rule, is_active=False),
        _("The rule %(label)s is inactive: it is no longer asked at intake. Checks already recorded stay."),
    )


@manage_region_required
@require_POST
def rule_move(request: KimRequest, pk: Any) -> HttpResponse:
    direction = request.POST.get("direction", "")
    return _rule_action(
        request,
        pk,
        lambda rule: services.target_group_rule_move(actor=request.user, rule=rule, direction=direction),
        _("The rule %(label)s has been moved."),
    )
