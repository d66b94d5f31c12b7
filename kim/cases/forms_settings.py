"""Input of the case-management settings pages (consent texts, target-group rules): parsing only.

The rules (version numbers, texts already agreed to, months per kind, unique keys) live in
``services_settings``; the views put its messages on these forms. The forms are never bound
to a stored instance, so validating does not change the loaded object.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.cases.models import ConsentText, TargetGroupRule
from kim.cases.services_settings import normalise_language_code
from kim.core.forms import KernModelForm

DATE_WIDGET_FORMAT = "%Y-%m-%d"
TEXT_ROWS = 14


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format=DATE_WIDGET_FORMAT)


def _dash_for_empty_choice(form: forms.BaseForm) -> None:
    """One look for "nothing chosen" in every select: a dash instead of Django's "---------"."""
    for field in form.fields.values():
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            choices = cast(list[tuple[Any, Any]], list(field.choices))  # type: ignore[arg-type]
            field.choices = [(value, "—" if value == "" else label) for value, label in choices]


VALID_FROM_HELP = _(
    "From this day on the version is offered when a consent is recorded. Until then the previous "
    "version stays in force."
)


class ConsentTextCreateForm(KernModelForm):
    """A text for a purpose and language: the first one, or the next version of an existing one."""

    class Meta:
        model = ConsentText
        fields = ["purpose", "language", "text", "valid_from"]
        widgets = {"text": forms.Textarea(attrs={"rows": TEXT_ROWS}), "valid_from": _date_widget()}
        help_texts = {
            "language": _("Language code, e.g. de, ar, uk, fa, prs or ti."),
            "text": _("The full wording the person agrees to, in this language."),
            "valid_from": VALID_FROM_HELP,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("valid_from", timezone.localdate())
        super().__init__(*args, **kwargs)
        _dash_for_empty_choice(self)

    def clean_language(self) -> str:
        return normalise_language_code(self.cleaned_data["language"])


class ConsentTextVersionForm(KernModelForm):
    """Wording and start of validity of one version (purpose and language are fixed)."""

    class Meta:
        model = ConsentText
        fields = ["text", "valid_from"]
        widgets = {"text": forms.Textarea(attrs={"rows": TEXT_ROWS}), "valid_from": _date_widget()}
        help_texts = {"valid_from": VALID_FROM_HELP}


class TargetGroupRuleForm(KernModelForm):
    """A rule of the region; on editing the key is fixed, and the kind too once the rule has been checked."""

    class Meta:
        model = TargetGroupRule
        fields = ["code", "kind", "label_de", "label_en", "months", "sort_order", "is_active"]
        help_texts = {
            "code": _(
                "Short technical key of letters without umlauts, digits, hyphens and underscores. "
                "It cannot be changed later."
            ),
            "kind": _(
                "“Arrived within N months” is suggested from the arrival date; the other kinds are "
                "confirmed by the case manager."
            ),
            "months": _("Only for “arrived in Germany within the last N months”, e.g. 36."),
            "sort_order": _("Entries with a smaller number come first."),
        }

    def __init__(self, *args: Any, editing: bool = False, kind_locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]
        else:
            del self.fields["is_active"]
            self.fields["sort_order"].required = False
            self.fields["sort_order"].help_text = _("Leave empty to add the rule at the end.")
        if kind_locked:
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _("This rule has already been checked on cases, so its kind cannot change.")
        _dash_for_empty_choice(self)
