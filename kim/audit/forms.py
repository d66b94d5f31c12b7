"""The filter form of the audit log search (a GET form: filters live in the query string)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kim.core.forms import KernForm
from kim.core.models import AuditEntry

# The log starts with the platform; the bounds also keep date arithmetic far from its limits.
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2999, 12, 31)


def object_type_choices() -> list[tuple[str, str]]:
    """Every model of the platform's own apps, as ``(app_label.model, "Verbose name (app_label.model)")``.

    Built from the model registry, not from the log, so the list costs no query and
    shows the types in the user's language.
    """
    choices = [
        (model._meta.label_lower, f"{model._meta.verbose_name} ({model._meta.label_lower})")
        for model in apps.get_models()
        if model.__module__.startswith("kim.")
    ]
    return sorted(choices, key=lambda choice: choice[1].casefold())


@dataclass(frozen=True)
class AuditFilters:
    """The cleaned filters; ``as_record()`` is what an export writes into its own audit entry."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    person: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    via: str = ""

    def start(self) -> dt.datetime | None:
        """Midnight at the start of ``date_from`` in the local time zone (Europe/Berlin)."""
        if self.date_from is None:
            return None
        return timezone.make_aware(dt.datetime.combine(self.date_from, dt.time.min))

    def end(self) -> dt.datetime | None:
        """Midnight after ``date_to`` (exclusive bound), so the whole last day counts."""
        if self.date_to is None:
            return None
        return timezone.make_aware(dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time.min))

    def as_record(self) -> dict[str, str]:
        values: dict[str, Any] = {
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "person": self.person,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "via": self.via,
        }
        return {key: value for key, value in values.items() if value}


def _date_input() -> forms.DateInput:
    return forms.DateInput(
        attrs={"type": "date", "min": EARLIEST_DATE.isoformat(), "max": LATEST_DATE.isoformat()},
        format="%Y-%m-%d",
    )


class AuditSearchForm(KernForm):
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=_date_input(),
    )
    date_to = forms.DateField(
        label=_("Until"),
        required=False,
        widget=_date_input(),
    )
    person = forms.CharField(
        label=_("Person (login name)"),
        required=False,
        max_length=150,
        help_text=_("Part of the login name is enough."),
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object ID"), required=False, max_length=64)
    via = forms.CharField(
        label=_("Accessed via"),
        required=False,
        max_length=300,
        help_text=_("Part of the page address, for example /verwaltung/."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["action"]).choices = [("", _("All actions")), *AuditEntry.Action.choices]
        cast(forms.ChoiceField, self.fields["object_type"]).choices = [
            ("", _("All object types")),
            *object_type_choices(),
        ]

    def _clean_date(self, name: str) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get(name)
        if value is not None and not (EARLIEST_DATE <= value <= LATEST_DATE):
            raise ValidationError(
                _("Please enter a date between %(earliest)s and %(latest)s."),
                code="out_of_range",
                params={
                    "earliest": date_format(EARLIEST_DATE, "SHORT_DATE_FORMAT"),
                    "latest": date_format(LATEST_DATE, "SHORT_DATE_FORMAT"),
                },
            )
        return value

    def clean_date_from(self) -> dt.date | None:
        return self._clean_date("date_from")

    def clean_date_to(self) -> dt.date | None:
        return self._clean_date("date_to")

    def clean_object_id(self) -> str:
        """UUIDs are stored in their canonical form; accept them in any spelling."""
        value: str = self.cleaned_data.get("object_id") or ""
        try:
            return str(uuid.UUID(value))
        except ValueError:
            return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            raise ValidationError({"date_to": _("The end date must not be before the start date.")})
        return cleaned

    def filters(self) -> AuditFilters:
        """The filters of a valid form (call ``is_valid()`` first)."""
        data = self.cleaned_data
        return AuditFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            person=data.get("person") or "",
            action=data.get("action") or "",
            object_type=data.get("object_type") or "",
            object_id=data.get("object_id") or "",
            via=data.get("via") or "",
        )
