"""Input of the referral pages: parsing only; the rules live in ``services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.cases.models import Goal, Need
from kim.core.forms import KernForm
from kim.core.models import CatalogueEntry, Municipality, Organisation
from kim.directory.models import LANGUAGE_CHOICES
from kim.referrals.models import DataCategory, ReferralOutcome, ReferralStatus
from kim.referrals.sharing import FieldChoice

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReleaseForm(KernForm):
    recipient = forms.ModelChoiceField(
        label=_("Recipient organisation"), queryset=Organisation.objects.none(), empty_label=_("Please choose")
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the data may be passed on for, e.g. “registration for a language course”."),
    )
    data_categories = forms.MultipleChoiceField(
        label=_("Data categories released"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Health data may only be passed on if the person released them explicitly."),
    )
    given_on = forms.DateField(label=_("Given on"), widget=DATE_WIDGET)
    valid_until = forms.DateField(label=_("valid until"), required=False, widget=DATE_WIDGET)
    language = forms.CharField(
        label=_("Language of the talk"),
        max_length=20,
        initial="de",
        help_text=_("Language code, e.g. “de”, “ar”, “uk”."),
    )
    interpreter_used = forms.BooleanField(label=_("with interpreter"), required=False)
    interpreter_name = forms.CharField(label=_("Interpreter"), max_length=150, required=False)

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = organisations  # type: ignore[attr-defined]
        if not self.is_bound:
            self.fields["given_on"].initial = timezone.localdate()


class ReleaseWithdrawForm(KernForm):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate()


class OfferSearchForm(KernForm):
    q = forms.CharField(label=_("Search term"), max_length=100, required=False)
    life_domain = forms.ModelChoiceField(
        label=_("Life domain"), queryset=CatalogueEntry.objects.none(), required=False, empty_label=_("all")
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), required=False, empty_label=_("all")
    )
    language = forms.ChoiceField(
        label=_("Language of counselling"), choices=[("", _("all")), *LANGUAGE_CHOICES], required=False
    )
    target_group = forms.ModelChoiceField(
        label=_("Target group"), queryset=CatalogueEntry.objects.none(), required=False, empty_label=_("all")
    )

    def __init__(
        self,
        *args: Any,
        life_domains: QuerySet[CatalogueEntry],
        municipalities: QuerySet[Municipality],
        target_groups: QuerySet[CatalogueEntry] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["life_domain"].queryset = life_domains  # type: ignore[attr-defined]
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        if target_groups is not None:
            self.fields["target_group"].queryset = target_groups  # type: ignore[attr-defined]


# Need and goal are offered even before one is chosen; their category follows the life domain.
CONTEXT_FIELDS = ("need", "goal")


def _label(choice: FieldChoice) -> str:
    if choice.key in CONTEXT_FIELDS and not choice.has_value:
        return str(_("%(field)s (data category of its life domain)") % {"field": choice.label})
    return f"{choice.label} ({choice.category_label})"


def _need_label(need: Need) -> str:
    return f"{need.assessment.life_domain.label}: {need.description}"


class ReferralSendForm(KernForm):
    offer = forms.UUIDField(widget=forms.HiddenInput)
    need = forms.ModelChoiceField(label=_("Need"), queryset=Need.objects.none(), required=False, empty_label=_("none"))
    goal = forms.ModelChoiceField(label=_("Goal"), queryset=Goal.objects.none(), required=False, empty_label=_("none"))
    share = forms.MultipleChoiceField(
        label=_("Data to share"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only the fields you tick are passed on, as they are now. The data category is in brackets."),
    )
    message = forms.CharField(
        label=_("Message to the partner"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Is passed on as well (data category “Other information”)."),
    )
    override_reason = forms.CharField(
        label=_("Reason for sending without a fitting release"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only for team leads, only in justified exceptions; the reason is logged."),
    )

    def __init__(
        self,
        *args: Any,
        needs: QuerySet[Need],
        goals: QuerySet[Goal],
        choices: list[FieldChoice],
        may_override: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = needs  # type: ignore[attr-defined]
        self.fields["need"].label_from_instance = _need_label  # type: ignore[attr-defined]
        self.fields["goal"].queryset = goals  # type: ignore[attr-defined]
        self.fields["share"].choices = [  # type: ignore[attr-defined]
            (choice.key, _label(choice))
            for choice in choices
            if choice.key != "message" and (choice.key in CONTEXT_FIELDS or choice.has_value)
        ]
        if not may_override:
            del self.fields["override_reason"]


class ReasonForm(KernForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class FinishForm(KernForm):
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[
            (ReferralStatus.COMPLETED, _("completed")),
            (ReferralStatus.NOT_COMPLETED, _("not completed")),
        ],
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReferralOutcome.choices)
    feedback = forms.CharField(
        label=_("Feedback to the case management"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happened, what the next steps are. No diagnoses."),
    )


class InboxFilterForm(KernForm):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("all")), *ReferralStatus.choices], required=False)
