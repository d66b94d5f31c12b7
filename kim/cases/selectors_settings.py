"""Reads behind the region administrator's case-management settings, scoped to one region.

Consent texts and target-group rules hold no personal data; the only thing read about
cases is whether a version or rule has been used at all (never how often or by whom).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import get_language_info

from kim.cases.models import Consent, ConsentPurpose, ConsentText, TargetGroupCheck, TargetGroupRule
from kim.core.models import Region

STATUS_IN_FORCE = "in_force"
STATUS_SCHEDULED = "scheduled"
STATUS_SUPERSEDED = "superseded"


def language_name(code: str) -> str:
    """The language's name in the current UI language, or the code itself for codes Django does not know."""
    try:
        return str(get_language_info(code.lower())["name_translated"])
    except KeyError:
        return code


def consent_texts_for_region(*, region: Region) -> QuerySet[ConsentText]:
    """Every version of the region's consent texts, with ``used`` (agreed to at least once)."""
    return ConsentText.objects.filter(region=region).annotate(used=Exists(Consent.objects.filter(text=OuterRef("pk"))))


def consent_text_get_for_region(*, region: Region, id: Any) -> ConsentText:
    """One version of the region's texts; raises ``ConsentText.DoesNotExist`` for other regions."""
    return consent_texts_for_region(region=region).get(pk=id)


@dataclass
class ConsentTextLanguage:
    language: str
    name: str
    versions: list[ConsentText] = field(default_factory=list)  # newest first, each with ``status``


@dataclass
class ConsentTextPurpose:
    purpose: str
    label: str
    languages: list[ConsentTextLanguage] = field(default_factory=list)


def consent_text_status(consent_text: ConsentText, *, in_force: ConsentText | None, today: dt.date) -> str:
    if consent_text.valid_from > today:
        return STATUS_SCHEDULED
    if in_force is not None and consent_text.pk == in_force.pk:
        return STATUS_IN_FORCE
    return STATUS_SUPERSEDED


def _in_force(versions: list[ConsentText], today: dt.date) -> ConsentText | None:
    valid = [version for version in versions if version.valid_from <= today]
    return max(valid, key=lambda version: version.version) if valid else None


def consent_text_overview(*, region: Region, on: dt.date | None = None) -> list[ConsentTextPurpose]:
    """Per purpose (in the order of the choices) and language, every version with its status:
    in force (the highest version already valid), scheduled (valid later) or superseded. One query."""
    today = on or timezone.localdate()
    by_purpose: dict[str, dict[str, list[ConsentText]]] = {}
    for consent_text in consent_texts_for_region(region=region).order_by("purpose", "language", "-version"):
        by_purpose.setdefault(consent_text.purpose, {}).setdefault(consent_text.language, []).append(consent_text)
    overview = []
    for purpose, label in ConsentPurpose.choices:
        group = ConsentTextPurpose(purpose=purpose, label=str(label))
        for language, versions in sorted(by_purpose.get(purpose, {}).items()):
            in_force = _in_force(versions, today)
            for version in versions:
                version.status = consent_text_status(version, in_force=in_force, today=today)  # type: ignore[attr-defined]
            group.languages.append(
                ConsentTextLanguage(language=language, name=language_name(language), versions=versions)
            )
        overview.append(group)
    return overview


def consent_text_versions(*, consent_text: ConsentText, on: dt.date | None = None) -> list[ConsentText]:
    """All versions of the same purpose and language, newest first, each with ``status`` and ``used``."""
    today = on or timezone.localdate()
    versions = list(
        consent_texts_for_region(region=consent_text.region)
        .filter(purpose=consent_text.purpose, language=consent_text.language)
        .order_by("-version")
    )
    in_force = _in_force(versions, today)
    for version in versions:
        version.status = consent_text_status(version, in_force=in_force, today=today)  # type: ignore[attr-defined]
    return versions


def target_group_rules_all_for_region(*, region: Region) -> QuerySet[TargetGroupRule]:
    """Active and inactive rules in their order, with ``used`` (answered on at least one case)."""
    return (
        TargetGroupRule.objects.filter(region=region)
        .annotate(used=Exists(TargetGroupCheck.objects.filter(rule=OuterRef("pk"))))
        .order_by("sort_order", "label_de")
    )


def target_group_rule_get_for_region(*, region: Region, id: Any) -> TargetGroupRule:
    """One of the region's rules; raises ``TargetGroupRule.DoesNotExist`` for other regions."""
    return target_group_rules_all_for_region(region=region).get(pk=id)
