"""What a referral can share: a fixed list of case and client fields, each with its data category.

The case manager ticks fields one by one; at sending, ``build_snapshot`` copies their
current values into the referral, where they stay frozen. A need or goal is as
sensitive as the life domain it belongs to: one in "Gesundheit" is health data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kim.cases.models import Case, Goal, Need
from kim.referrals.models import DataCategory

# Life domains (catalogue codes of the region's defaults) → data category of what is said about them.
LIFE_DOMAIN_CATEGORIES: dict[str, str] = {
    "aufenthalt": DataCategory.RESIDENCE,
    "einbuergerung": DataCategory.RESIDENCE,
    "sprache": DataCategory.EDUCATION_WORK,
    "arbeit": DataCategory.EDUCATION_WORK,
    "ausbildung": DataCategory.EDUCATION_WORK,
    "schule": DataCategory.EDUCATION_WORK,
    "anerkennung": DataCategory.EDUCATION_WORK,
    "gesundheit": DataCategory.HEALTH,
    "familie": DataCategory.FAMILY,
    "finanzen": DataCategory.FINANCES,
}


def category_of_life_domain(code: str | None) -> str:
    """Data category of a life domain; a region's own domain that mentions health counts as health data."""
    if not code:
        return DataCategory.OTHER
    if code in LIFE_DOMAIN_CATEGORIES:
        return LIFE_DOMAIN_CATEGORIES[code]
    lowered = code.lower()
    if "gesund" in lowered or "health" in lowered or "pflege" in lowered:
        return DataCategory.HEALTH
    return DataCategory.OTHER


@dataclass(frozen=True)
class Context:
    """What the values are read from at sending."""

    case: Case
    need: Need | None
    goal: Goal | None
    message: str


@dataclass(frozen=True)
class ShareableField:
    key: str
    label: str | Promise
    # Fixed category, or a callable deciding it from the context (needs and goals).
    category: str | Callable[[Context], str]
    value: Callable[[Context], str]

    def category_for(self, context: Context) -> str:
        return self.category(context) if callable(self.category) else self.category


def _client(context: Context) -> Any:
    return context.case.client


def _languages(context: Context) -> str:
    parts = []
    for language in _client(context).languages.all():
        text = f"{language.language} ({language.get_proficiency_display()})"
        if language.interpreter_needed:
            text += f" – {_('interpreter needed')}"
        parts.append(text)
    return ", ".join(parts)


def _address(context: Context) -> str:
    client = _client(context)
    place = " ".join(part for part in (client.postal_code, client.city) if part)
    return ", ".join(part for part in (client.street, place) if part)


def _residence(context: Context) -> str:
    client = _client(context)
    parts = [client.residence_title, client.residence_legal_basis]
    if client.residence_valid_until:
        parts.append(str(_("valid until %(date)s") % {"date": f"{client.residence_valid_until:%d.%m.%Y}"}))
    return ", ".join(part for part in parts if part)


def _household(context: Context) -> str:
    client = _client(context)
    if client.household_id is None:
        return ""
    others = client.household.members.exclude(pk=client.pk).count()
    relation = client.get_household_relation_display() if client.household_relation else ""
    text = str(_("%(count)s further person(s) in the household") % {"count": others})
    return f"{relation}; {text}" if relation else text


def _need_domain(context: Context) -> str | None:
    if context.need is None:
        return None
    return context.need.assessment.life_domain.code


def _goal_domain(context: Context) -> str | None:
    goal = context.goal
    if goal is None:
        return None
    if goal.life_domain_id is not None:
        return goal.life_domain.code  # type: ignore[union-attr]
    if goal.need_id is not None:
        return goal.need.assessment.life_domain.code  # type: ignore[union-attr]
    return None


def _need_text(context: Context) -> str:
    need = context.need
    if need is None:
        return ""
    return f"{need.assessment.life_domain.label}: {need.description}"


def _goal_text(context: Context) -> str:
    goal = context.goal
    if goal is None:
        return ""
    return f"{goal.specific} ({_('by')} {goal.due_on:%d.%m.%Y})"


SHAREABLE_FIELDS: tuple[ShareableField, ...] = (
    ShareableField("name", _("Name"), DataCategory.IDENTITY, lambda c: _client(c).display_name),
    ShareableField(
        "name_original_script",
        _("Name in the original script"),
        DataCategory.IDENTITY,
        lambda c: _client(c).names_original_script,
    ),
    ShareableField("birth_date", _("Date of birth"), DataCategory.IDENTITY, lambda c: _client(c).birth_display),
    ShareableField("gender", _("Gender"), DataCategory.IDENTITY, lambda c: _client(c).gender_display),
    ShareableField("phone", _("Phone"), DataCategory.IDENTITY, lambda c: _client(c).phone),
    ShareableField("email", _("E-mail"), DataCategory.IDENTITY, lambda c: _client(c).email),
    ShareableField("address", _("Address"), DataCategory.IDENTITY, _address),
    ShareableField("languages", _("Languages and interpreter need"), DataCategory.IDENTITY, _languages),
    ShareableField(
        "nationalities", _("Nationalities"), DataCategory.RESIDENCE, lambda c: ", ".join(_client(c).nationalities)
    ),
    ShareableField("residence", _("Residence title"), DataCategory.RESIDENCE, _residence),
    ShareableField(
        "arrival",
        _("Arrival in Germany"),
        DataCategory.RESIDENCE,
        lambda c: f"{_client(c).arrived_germany_on:%d.%m.%Y}" if _client(c).arrived_germany_on else "",
    ),
    ShareableField("household", _("Household"), DataCategory.FAMILY, _household),
    ShareableField("need", _("Need"), lambda c: category_of_life_domain(_need_domain(c)), _need_text),
    ShareableField("goal", _("Goal"), lambda c: category_of_life_domain(_goal_domain(c)), _goal_text),
    ShareableField("message", _("Message to the partner"), DataCategory.OTHER, lambda c: c.message.strip()),
)
FIELDS_BY_KEY: dict[str, ShareableField] = {field.key: field for field in SHAREABLE_FIELDS}


def field_label(key: str) -> str:
    field = FIELDS_BY_KEY.get(key)
    return str(field.label) if field else key


@dataclass(frozen=True)
class FieldChoice:
    """A field as the send form offers it: label, category and whether there is a value to share."""

    key: str
    label: str
    category: str
    category_label: str
    has_value: bool


def field_choices(context: Context) -> list[FieldChoice]:
    choices = []
    for field in SHAREABLE_FIELDS:
        category = field.category_for(context)
        choices.append(
            FieldChoice(
                key=field.key,
                label=str(field.label),
                category=category,
                category_label=str(DataCategory(category).label),
                has_value=bool(field.value(context)),
            )
        )
    return choices


def categories_of(keys: Iterable[str], context: Context) -> dict[str, str]:
    """Field key → data category, for the chosen keys (unknown keys are left out)."""
    return {key: FIELDS_BY_KEY[key].category_for(context) for key in keys if key in FIELDS_BY_KEY}


def build_snapshot(keys: Iterable[str], context: Context) -> list[dict[str, str]]:
    """The chosen fields' current values, in the fixed order; fields without a value are left out."""
    chosen = set(keys)
    snapshot = []
    for field in SHAREABLE_FIELDS:
        if field.key not in chosen:
            continue
        value = field.value(context)
        if value:
            snapshot.append({"key": field.key, "category": str(field.category_for(context)), "value": str(value)})
    return snapshot
