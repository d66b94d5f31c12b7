"""Input of the case pages: parsing and field checks only (rules live in ``services``).

Every choice of a related object is limited to the region (and, for people, the
case's team), so a foreign id is "not a valid choice" before any service runs.
Forms that edit a shared record carry the ``version`` it was loaded with.
"""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kim.cases.models import (
    Client,
    ClientLanguage,
    ConsentText,
    Document,
    Goal,
    IndicationCriterion,
    Need,
    Priority,
    Step,
    TargetGroupCheck,
    TargetGroupRule,
)
from kim.core.forms import KernForm
from kim.core.models import Catalogue, CatalogueEntry, Municipality, Organisation, Region, Team

DATE_WIDGET_FORMAT = "%Y-%m-%d"
COUNTRY_CODE_RE = re.compile(r"^[A-Z]{2}$")


def date_field(label: Any, *, required: bool = False, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_WIDGET_FORMAT),
    )


def catalogue_field(region: Region, catalogue: str, label: Any, *, required: bool = True) -> forms.ModelChoiceField:
    entries: QuerySet[CatalogueEntry] = CatalogueEntry.objects.filter(
        region=region, catalogue=catalogue, is_active=True
    )
    return forms.ModelChoiceField(queryset=entries, label=label, required=required, empty_label="—")


def version_field() -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, error_messages={"required": MISSING_VERSION_MESSAGE}
    )


MISSING_VERSION_MESSAGE = _(
    "The form was sent without the version of the record it was loaded with, so your changes could not "
    "be checked against changes by others. Nothing was saved; the saved values are shown beside your "
    "input. Please check and save again."
)


class VersionedForm(KernForm):
    """A form that adds or edits a record: editing (``editing=True``) requires the version the
    record was loaded with, so a save can never silently overwrite someone else's."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["version"]
        field.required = editing
        field.error_messages["required"] = MISSING_VERSION_MESSAGE


class CountryCodesField(forms.CharField):
    """Nationalities typed as "SY, UA" (ISO 3166 alpha-2), stored as a list."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value)
        codes = [code.strip().upper() for code in re.split(r"[,;\s]+", text or "") if code.strip()]
        bad = [code for code in codes if not COUNTRY_CODE_RE.match(code)]
        if bad:
            raise forms.ValidationError(
                _("Please give nationalities as two-letter country codes (ISO 3166), e.g. SY, UA.")
            )
        return list(dict.fromkeys(codes))


# --- Intake ---


class PersonSearchForm(KernForm):
    """Names and birth data entered before a person is created: the duplicate check."""

    given_names = forms.CharField(label=_("Given names (Latin script)"), max_length=150, required=False)
    family_name = forms.CharField(label=_("Family name (Latin script)"), max_length=150)
    names_original_script = forms.CharField(label=_("Name in the original script"), max_length=300, required=False)
    birth_date = date_field(_("Date of birth"))
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("Only if the full date of birth is not known."),
    )
    birth_month = forms.IntegerField(label=_("Month of birth"), required=False, min_value=1, max_value=12)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("birth_date") and (data.get("birth_year") or data.get("birth_month")):
            raise forms.ValidationError(_("Enter either the full date of birth or only year and month, not both."))
        if data.get("birth_month") and not data.get("birth_year"):
            self.add_error("birth_year", _("A month of birth needs the year of birth."))
        return data


class ClientForm(KernForm):
    """The client record (also used, with the case fields, for a new person at intake)."""

    given_names = forms.CharField(label=_("Given names (Latin script)"), max_length=150, required=False)
    family_name = forms.CharField(label=_("Family name (Latin script)"), max_length=150)
    names_original_script = forms.CharField(
        label=_("Name in the original script"),
        max_length=300,
        required=False,
        help_text=_("As written in the person's documents or by the person."),
    )
    name_script = forms.ChoiceField(
        label=_("Script of the original name"), choices=[("", "—"), *Client.Script.choices], required=False
    )
    birth_date = date_field(_("Date of birth"))
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("Only if the full date of birth is not known."),
    )
    birth_month = forms.IntegerField(label=_("Month of birth"), required=False, min_value=1, max_value=12)
    gender = forms.ChoiceField(label=_("Gender"), choices=Client.Gender.choices, initial=Client.Gender.NOT_STATED)
    gender_self_described = forms.CharField(
        label=_("Gender in own words"), max_length=100, required=False, help_text=_("As the person states it.")
    )
    nationalities = CountryCodesField(
        label=_("Nationalities"),
        required=False,
        help_text=_("ISO 3166 country codes separated by commas, e.g. SY, UA; XX for stateless."),
    )
    arrived_germany_on = date_field(_("Arrival in Germany"))
    arrived_region_on = date_field(_("Arrival in the district"))
    residence_title = forms.CharField(label=_("Residence title"), max_length=200, required=False)
    residence_legal_basis = forms.CharField(
        label=_("Legal basis"), max_length=100, required=False, help_text=_("For example “§ 25 Abs. 2 AufenthG”.")
    )
    residence_valid_until = date_field(_("Residence title valid until"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    city = forms.CharField(label=_("Place"), max_length=120, required=False)
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.none(), label=_("Municipality"), required=False, empty_label="—"
    )

    client_fields: tuple[str, ...] = (
        "given_names",
        "family_name",
        "names_original_script",
        "name_script",
        "birth_date",
        "birth_year",
        "birth_month",
        "gender",
        "gender_self_described",
        "nationalities",
        "arrived_germany_on",
        "arrived_region_on",
        "residence_title",
        "residence_legal_basis",
        "residence_valid_until",
        "phone",
        "email",
        "street",
        "postal_code",
        "city",
        "municipality",
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = Municipality.objects.filter(
            region=region, is_active=True
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("birth_date") and (data.get("birth_year") or data.get("birth_month")):
            raise forms.ValidationError(_("Enter either the full date of birth or only year and month, not both."))
        return data

    def client_values(self) -> dict[str, Any]:
        """The cleaned client fields; empty text and choices as "" (never None) for the model."""
        values: dict[str, Any] = {}
        for name in self.client_fields:
            field = self.fields[name]
            value = self.cleaned_data.get(name)
            textual = isinstance(field, forms.CharField | forms.ChoiceField) and not isinstance(
                field, CountryCodesField | forms.ModelChoiceField
            )
            values[name] = (value or "") if textual else value
        return values


class ClientEditForm(ClientForm):
    version = version_field()


class IntakeNewForm(ClientForm):
    """A new person and their case: the client record plus team, referral and first language."""

    team = forms.ModelChoiceField(queryset=Team.objects.none(), label=_("Team"), empty_label=None)
    referral_source = forms.ModelChoiceField(
        queryset=CatalogueEntry.objects.none(), label=_("Referred by"), required=False, empty_label="—"
    )
    referral_note = forms.CharField(label=_("Note on the referral"), max_length=300, required=False)
    language = forms.CharField(
        label=_("First language"),
        max_length=20,
        required=False,
        help_text=_("Language code, e.g. ar, uk, prs, ti."),
    )
    interpreter_needed = forms.BooleanField(label=_("Interpreter needed"), required=False)

    def __init__(self, *args: Any, region: Region, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, region=region, **kwargs)
        cast(forms.ModelChoiceField, self.fields["team"]).queryset = teams
        cast(forms.ModelChoiceField, self.fields["referral_source"]).queryset = CatalogueEntry.objects.filter(
            region=region, catalogue=Catalogue.REFERRAL_SOURCE, is_active=True
        )


class ExistingClientCaseForm(KernForm):
    """A new case for a person the own team already knows."""

    team = forms.ModelChoiceField(queryset=Team.objects.none(), label=_("Team"), empty_label=None)
    referral_source = forms.ModelChoiceField(
        queryset=CatalogueEntry.objects.none(), label=_("Referred by"), required=False, empty_label="—"
    )
    referral_note = forms.CharField(label=_("Note on the referral"), max_length=300, required=False)

    def __init__(self, *args: Any, region: Region, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["team"]).queryset = teams
        cast(forms.ModelChoiceField, self.fields["referral_source"]).queryset = CatalogueEntry.objects.filter(
            region=region, catalogue=Catalogue.REFERRAL_SOURCE, is_active=True
        )


class ClientLanguageForm(KernForm):
    language = forms.CharField(label=_("Language"), max_length=20, help_text=_("Language code, e.g. ar, uk, prs, ti."))
    proficiency = forms.ChoiceField(label=_("Proficiency"), choices=ClientLanguage.Proficiency.choices)
    interpreter_needed = forms.BooleanField(label=_("Interpreter needed"), required=False)


class HouseholdLinkForm(KernForm):
    member = forms.ModelChoiceField(queryset=Client.objects.none(), label=_("Person"), empty_label="—")
    relation = forms.ChoiceField(label=_("Relation to this person"), choices=Client.HouseholdRelation.choices)

    def __init__(self, *args: Any, candidates: QuerySet[Client], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["member"]).queryset = candidates


# --- Case: intake data, target group, decision ---


class CaseIntakeForm(KernForm):
    referral_source = forms.ModelChoiceField(
        queryset=CatalogueEntry.objects.none(), label=_("Referred by"), required=False, empty_label="—"
    )
    referral_note = forms.CharField(label=_("Note on the referral"), max_length=300, required=False)
    case_manager = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        label=_("Responsible case manager"),
        required=False,
        empty_label="—",
    )
    current_legal_domain = forms.ModelChoiceField(
        queryset=CatalogueEntry.objects.none(), label=_("Current legal domain"), required=False, empty_label="—"
    )
    version = version_field()

    def __init__(self, *args: Any, region: Region, team_members: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["referral_source"]).queryset = CatalogueEntry.objects.filter(
            region=region, catalogue=Catalogue.REFERRAL_SOURCE, is_active=True
        )
        cast(forms.ModelChoiceField, self.fields["current_legal_domain"]).queryset = CatalogueEntry.objects.filter(
            region=region, catalogue=Catalogue.LEGAL_DOMAIN, is_active=True
        )
        cast(forms.ModelChoiceField, self.fields["case_manager"]).queryset = team_members


class TargetGroupForm(KernForm):
    """One radio group (met / not met) and a reason field per rule of the region."""

    # The version of the case's whole check set (``selectors.target_group_checks_version``).
    version = forms.CharField(
        widget=forms.HiddenInput, max_length=64, error_messages={"required": MISSING_VERSION_MESSAGE}
    )

    def __init__(self, *args: Any, rules: list[tuple[TargetGroupRule, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rules = rules
        suggestion_labels = dict(TargetGroupCheck.Result.choices)
        for rule, suggested in rules:
            hint: Any
            if suggested == TargetGroupCheck.Result.UNKNOWN:
                hint = _("Please confirm or deny after talking with the person.")
            else:
                hint = _("Suggested from the recorded data: %(result)s. Deviating needs a reason.") % {
                    "result": suggestion_labels[suggested]
                }
            self.fields[f"rule_{rule.pk}"] = forms.ChoiceField(
                label=rule.label,
                choices=[(TargetGroupCheck.Result.MET, _("met")), (TargetGroupCheck.Result.NOT_MET, _("not met"))],
                widget=forms.RadioSelect,
                help_text=hint,
            )
            self.fields[f"reason_{rule.pk}"] = forms.CharField(
                label=_("Reason for deviating"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )


class DecisionForm(KernForm):
    indications = forms.MultipleChoiceField(
        label=_("Indication for case management"),
        choices=IndicationCriterion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("take_on", _("Take on the case")), ("refer_elsewhere", _("Refer the person elsewhere"))],
        widget=forms.RadioSelect,
    )
    referred_to = forms.CharField(
        label=_("Referred to"), max_length=200, required=False, help_text=_("Only when referring elsewhere.")
    )
    note = forms.CharField(label=_("Reason for the decision"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = date_field(_("Decided on"), required=True)
    version = version_field()


# --- Consent ---


class ConsentForm(KernForm):
    text = forms.ModelChoiceField(
        queryset=ConsentText.objects.none(),
        label=_("Consent text (purpose, language, version)"),
        empty_label="—",
    )
    given_on = date_field(_("Given on"), required=True)
    language = forms.CharField(
        label=_("Language of the talk"), max_length=20, help_text=_("Language code, e.g. de, ar, uk.")
    )
    interpreter_used = forms.BooleanField(label=_("with interpreter"), required=False)
    interpreter_name = forms.CharField(label=_("Interpreter"), max_length=150, required=False)
    scan = forms.FileField(
        label=_("Scan of the signed form"),
        required=False,
        help_text=_("PDF, JPG or PNG, at most 10 MB."),
    )

    def __init__(self, *args: Any, texts: QuerySet[ConsentText], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["text"]).queryset = texts


class ConsentWithdrawForm(KernForm):
    withdrawn_on = date_field(_("Withdrawn on"), required=True)
    reason = forms.CharField(
        label=_("Note on the withdrawal"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


# --- Assessment and plan ---


class AssessmentForm(VersionedForm):
    life_domain = forms.ModelChoiceField(
        queryset=CatalogueEntry.objects.none(), label=_("Life domain"), empty_label="—"
    )
    situation = forms.CharField(label=_("Situation"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    resources = forms.CharField(
        label=_("Resources and strengths"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    own_goals = forms.CharField(
        label=_("The person's own goals"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["life_domain"]).queryset = CatalogueEntry.objects.filter(
            region=region, catalogue=Catalogue.LIFE_DOMAIN, is_active=True
        )


class NeedForm(KernForm):
    description = forms.CharField(label=_("Need"), max_length=300)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.MEDIUM)


class GoalForm(VersionedForm):
    specific = forms.CharField(label=_("Goal (specific)"), max_length=300)
    measurable = forms.CharField(
        label=_("Indicator (measurable)"),
        max_length=300,
        help_text=_("How will you and the person know the goal is reached?"),
    )
    achievable_relevant = forms.CharField(
        label=_("Why achievable and relevant"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = date_field(_("To be reached by (time-bound)"), required=True)
    life_domain = forms.ModelChoiceField(
        queryset=CatalogueEntry.objects.none(), label=_("Life domain"), required=False, empty_label="—"
    )
    need = forms.ModelChoiceField(queryset=Need.objects.none(), label=_("Need"), required=False, empty_label="—")
    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices, initial=Goal.Status.OPEN)
    client_agreed_on = date_field(
        _("Agreed with the person on"), help_text=_("Leave empty until the person has agreed to the goal.")
    )

    def __init__(self, *args: Any, region: Region, needs: QuerySet[Need], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["life_domain"]).queryset = CatalogueEntry.objects.filter(
            region=region, catalogue=Catalogue.LIFE_DOMAIN, is_active=True
        )
        cast(forms.ModelChoiceField, self.fields["need"]).queryset = needs


class GoalEvaluationForm(KernForm):
    achievement = forms.ChoiceField(label=_("Achievement"), choices=Goal.Achievement.choices, widget=forms.RadioSelect)
    evaluation_note = forms.CharField(label=_("Evaluation"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = version_field()


class StepForm(VersionedForm):
    description = forms.CharField(label=_("Step"), max_length=300)
    responsible = forms.ChoiceField(label=_("Who"), choices=Step.Responsible.choices, widget=forms.RadioSelect)
    partner_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Partner organisation"),
        required=False,
        empty_label="—",
        help_text=_("Only when a partner does the step."),
    )
    due_on = date_field(_("Due on"), required=True)
    status = forms.ChoiceField(label=_("Status"), choices=Step.Status.choices, initial=Step.Status.OPEN)
    done_on = date_field(_("Done on"))

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["partner_organisation"]).queryset = Organisation.objects.filter(
            region=region, is_active=True
        )


# --- Contacts, notes, documents ---


class ContactForm(VersionedForm):
    occurred_on = date_field(_("Date"), required=True)
    channel = forms.ModelChoiceField(queryset=CatalogueEntry.objects.none(), label=_("Channel"), empty_label="—")
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=24 * 60)
    language = forms.CharField(
        label=_("Language"), max_length=20, required=False, help_text=_("Language code, e.g. de, ar, uk.")
    )
    interpreter_used = forms.BooleanField(label=_("with interpreter"), required=False)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["channel"]).queryset = CatalogueEntry.objects.filter(
            region=region, catalogue=Catalogue.CONTACT_CHANNEL, is_active=True
        )


class NoteForm(VersionedForm):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 5}))


class DocumentForm(KernForm):
    kind = forms.ChoiceField(label=_("Type of document"), choices=Document.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPG, PNG or DOCX, at most 10 MB."))


# --- Closure ---


class CloseForm(KernForm):
    closure_reason = forms.ModelChoiceField(
        queryset=CatalogueEntry.objects.none(), label=_("Reason for closure"), empty_label="—"
    )
    closed_on = date_field(_("Closed on"), required=True)
    handover_to = forms.CharField(
        label=_("Handed over to"), max_length=200, required=False, help_text=_("Who takes over, if anyone.")
    )
    closure_note = forms.CharField(
        label=_("Note on the closure"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = version_field()

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["closure_reason"]).queryset = CatalogueEntry.objects.filter(
            region=region, catalogue=Catalogue.CLOSURE_REASON, is_active=True
        )


class ReopenForm(KernForm):
    reason = forms.CharField(label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 3}))
    version = version_field()
