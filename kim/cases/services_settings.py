"""Writes behind the region administrator's case-management settings: consent texts and
target-group rules (data, not code).

Consent texts are evidence: a version that a person has agreed to is never changed or
deleted; new wording is a new version (number = highest of purpose and language + 1).
Target-group rules may change; the checks already recorded on cases keep their suggested
and confirmed results (nothing here touches ``TargetGroupCheck``).

Every service runs in one transaction, validates first and writes the audit entry.
"""

from __future__ import annotations

import datetime as dt

from django.db import models, transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kim.cases.models import ConsentPurpose, ConsentText, TargetGroupCheck, TargetGroupRule
from kim.core import audit
from kim.core.audit import Actor
from kim.core.errors import ValidationFailed
from kim.core.models import Region
from kim.core.writes import assign as _assign
from kim.core.writes import full_clean as _full_clean
from kim.core.writes import save_or_conflict as _save

RULE_ORDER_STEP = 10


# --- Shared helpers ---


def normalise_language_code(value: str) -> str:
    """ "AR" → "ar", " uk " → "uk"; region and script subtags keep their case ("pt-BR")."""
    parts = value.strip().split("-")
    parts[0] = parts[0].lower()
    return "-".join(parts)


# --- Consent texts ---


def consent_text_is_used(consent_text: ConsentText) -> bool:
    """Has anyone agreed to this version? Then it is evidence and stays as it is."""
    return consent_text.consents.exists()


def _refuse_if_used(consent_text: ConsentText) -> None:
    if consent_text_is_used(consent_text):
        raise ValidationFailed(
            _(
                "Version %(version)s has already been agreed to and cannot be changed or deleted. "
                "Create a new version based on it instead."
            )
            % {"version": consent_text.version}
        )


def _check_validity_order(consent_text: ConsentText) -> None:
    """Versions take effect in their order: a version is not valid before the one below it,
    nor after the one above it (otherwise "the highest version already valid" would jump)."""
    siblings = ConsentText.objects.filter(
        region_id=consent_text.region_id, purpose=consent_text.purpose, language=consent_text.language
    ).exclude(pk=consent_text.pk)
    earlier = siblings.filter(version__lt=consent_text.version).order_by("-version").first()
    if earlier is not None and consent_text.valid_from < earlier.valid_from:
        raise ValidationFailed(
            _("A new version cannot be valid before version %(version)s (valid from %(date)s).")
            % {"version": earlier.version, "date": date_format(earlier.valid_from, "SHORT_DATE_FORMAT")},
            field="valid_from",
        )
    later = siblings.filter(version__gt=consent_text.version).order_by("version").first()
    if later is not None and consent_text.valid_from > later.valid_from:
        raise ValidationFailed(
            _("This version cannot become valid after version %(version)s (valid from %(date)s).")
            % {"version": later.version, "date": date_format(later.valid_from, "SHORT_DATE_FORMAT")},
            field="valid_from",
        )


def _version_conflict() -> ValidationFailed:
    return ValidationFailed(
        _("Someone else has just published a version of this text. Please check the list and try again.")
    )


@transaction.atomic
def consent_text_create(
    *,
    actor: Actor | None,
    region: Region,
    purpose: str,
    language: str,
    text: str,
    valid_from: dt.date,
) -> ConsentText:
    """Publish a new version for ``purpose`` and ``language`` (a new language starts at version 1)."""
    if purpose not in ConsentPurpose.values:
        raise ValidationFailed(_("Please choose a purpose from the list."), field="purpose")
    language = normalise_language_code(language)
    highest = ConsentText.objects.filter(region=region, purpose=purpose, language=language).aggregate(
        highest=Max("version")
    )["highest"]
    consent_text = ConsentText(
        region=region,
        purpose=purpose,
        language=language,
        version=(highest or 0) + 1,
        text=text.strip(),
        valid_from=valid_from,
    )
    _full_clean(consent_text)
    _check_validity_order(consent_text)
    _save(consent_text, conflict=_version_conflict())
    audit.record_create(actor=actor, instance=consent_text)
    return consent_text


@transaction.atomic
def consent_text_update(
    *, actor: Actor | None, consent_text: ConsentText, text: str, valid_from: dt.date
) -> ConsentText:
    """Correct a version nobody has agreed to yet (wording or start of validity)."""
    fresh = ConsentText.objects.select_for_update().get(pk=consent_text.pk)
    _refuse_if_used(fresh)
    before = audit.snapshot(fresh)
    changed = _assign(fresh, {"text": text.strip(), "valid_from": valid_from})
    if not changed:
        return fresh
    _full_clean(fresh)
    _check_validity_order(fresh)
    _save(fresh, conflict=_version_conflict(), update_fields=[*changed, "updated_at"])
    audit.record_update(actor=actor, instance=fresh, before=before)
    return fresh


@transaction.atomic
def consent_text_delete(*, actor: Actor | None, consent_text: ConsentText) -> None:
    """Withdraw a version nobody has agreed to yet (e.g. published by mistake)."""
    fresh = ConsentText.objects.select_for_update().get(pk=consent_text.pk)
    _refuse_if_used(fresh)
    audit.record_delete(actor=actor, instance=fresh)
    try:
        with transaction.atomic():
            fresh.delete()
    except models.ProtectedError as exc:  # a consent was recorded in the meantime
        raise ValidationFailed(_("This version has just been agreed to and cannot be deleted any more.")) from exc


# --- Target-group rules ---


def target_group_rule_is_used(rule: TargetGroupRule) -> bool:
    """Has a case manager answered this rule on a case?"""
    return TargetGroupCheck.objects.filter(rule=rule).exists()


def _rule_conflict() -> ValidationFailed:
    return ValidationFailed(_("This region already has a rule with this key."), field="code")


def _check_rule(rule: TargetGroupRule) -> None:
    if rule.kind == TargetGroupRule.Kind.ARRIVED_WITHIN_MONTHS and not rule.months:
        raise ValidationFailed(_("Please enter the number of months for this kind of rule."), field="months")
    if rule.kind != TargetGroupRule.Kind.ARRIVED_WITHIN_MONTHS and rule.months is not None:
        raise ValidationFailed(
            _("Months apply only to the rule “arrived in Germany within the last N months”. Please leave it empty."),
            field="months",
        )
    others = TargetGroupRule.objects.filter(region_id=rule.region_id, code=rule.code).exclude(pk=rule.pk)
    if others.exists():
        raise _rule_conflict()


def _next_sort_order(region: Region) -> int:
    highest = TargetGroupRule.objects.filter(region=region).aggregate(highest=Max("sort_order"))["highest"]
    return (highest or 0) + RULE_ORDER_STEP


@transaction.atomic
def target_group_rule_create(
    *,
    actor: Actor | None,
    region: Region,
    code: str,
    kind: str,
    label_de: str,
    label_en: str = "",
    months: int | None = None,
    sort_order: int | None = None,
) -> TargetGroupRule:
    """A new rule, active at once: open intakes are asked it from now on."""
    rule = TargetGroupRule(
        region=region,
        code=code.strip(),
        kind=kind,
        label_de=label_de.strip(),
        label_en=label_en.strip(),
        months=months,
        sort_order=_next_sort_order(region) if sort_order is None else sort_order,
    )
    _full_clean(rule)
    _check_rule(rule)
    _save(rule, conflict=_rule_conflict())
    audit.record_create(actor=actor, instance=rule)
    return rule


@transaction.atomic
def target_group_rule_update(
    *,
    actor: Actor | None,
    rule: TargetGroupRule,
    kind: str,
    label_de: str,
    label_en: str,
    months: int | None,
    sort_order: int,
    is_active: bool,
) -> TargetGroupRule:
    """Labels, months, order and status change; checks already recorded keep their results.

    The key stays (other records and the defaults refer to it). The kind of a rule that has
    been answered on a case stays too, because it would change what those answers mean.
    """
    fresh = TargetGroupRule.objects.select_for_update().get(pk=rule.pk)
    if kind != fresh.kind and target_group_rule_is_used(fresh):
        raise ValidationFailed(
            _(
                "This rule has already been checked on cases, so its kind cannot change. "
                "Deactivate it and create a new rule instead."
            ),
            field="kind",
        )
    before = audit.snapshot(fresh)
    changed = _assign(
        fresh,
        {
            "kind": kind,
            "label_de": label_de.strip(),
            "label_en": label_en.strip(),
            "months": months,
            "sort_order": sort_order,
            "is_active": is_active,
        },
    )
    if not changed:
        return fresh
    _full_clean(fresh)
    _check_rule(fresh)
    _save(fresh, conflict=_rule_conflict(), update_fields=[*changed, "updated_at"])
    audit.record_update(actor=actor, instance=fresh, before=before)
    return fresh


@transaction.atomic
def target_group_rule_set_active(*, actor: Actor | None, rule: TargetGroupRule, is_active: bool) -> TargetGroupRule:
    """Switch a rule on or off. An inactive rule is no longer asked at intake; recorded checks stay."""
    fresh = TargetGroupRule.objects.select_for_update().get(pk=rule.pk)
    if fresh.is_active == is_active:
        return fresh
    before = audit.snapshot(fresh)
    fresh.is_active = is_active
    fresh.save(update_fields=["is_active", "updated_at"])
    audit.record_update(actor=actor, instance=fresh, before=before)
    return fresh


MOVE_UP = "up"
MOVE_DOWN = "down"


@transaction.atomic
def target_group_rule_move(*, actor: Actor | None, rule: TargetGroupRule, direction: str) -> TargetGroupRule:
    """Swap the rule with its neighbour in the region's order and number all rules in steps of ten.

    Only rules whose position really changes are saved and logged.
    """
    if direction not in (MOVE_UP, MOVE_DOWN):
        raise ValidationFailed(_("Please choose whether to move the rule up or down."))
    rules = list(
        TargetGroupRule.objects.select_for_update().filter(region_id=rule.region_id).order_by("sort_order", "label_de")
    )
    position = next(index for index, candidate in enumerate(rules) if candidate.pk == rule.pk)
    target = position - 1 if direction == MOVE_UP else position + 1
    if 0 <= target < len(rules):
        rules[position], rules[target] = rules[target], rules[position]
    moved = rules[target] if 0 <= target < len(rules) else rules[position]
    for index, candidate in enumerate(rules, start=1):
        wanted = index * RULE_ORDER_STEP
        if candidate.sort_order != wanted:
            before = audit.snapshot(candidate)
            candidate.sort_order = wanted
            candidate.save(update_fields=["sort_order", "updated_at"])
            audit.record_update(actor=actor, instance=candidate, before=before)
    return moved
