"""Input of the theme pages: parsing and plain validation; the rules live in the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kim.committees.models import AgendaItem, Body, Decision, Meeting
from kim.core.forms import KernForm
from kim.core.models import Catalogue, CatalogueEntry, Municipality, Organisation, Region
from kim.directory.models import Service
from kim.themes.models import (
    DESCRIPTION_MAX_LENGTH,
    BarrierReport,
    BarrierReportSource,
    LocalInput,
    Measure,
    Theme,
    ThemeDecision,
)

MONTH_FORMATS = ["%Y-%m", "%m.%Y", "%m/%Y"]


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m")


def _label(field: forms.Field, label: Callable[[Any], str]) -> None:
    """How a model choice is shown in the list."""
    field.label_from_instance = label  # type: ignore[attr-defined]


def _entries(region: Region, name: str) -> QuerySet[CatalogueEntry]:
    return CatalogueEntry.objects.filter(region=region, catalogue=name, is_active=True)


class BarrierReportForm(KernForm):
    origin = forms.ChoiceField(label=_("Arising from"), choices=BarrierReportSource.Origin.choices)
    life_domain = forms.ModelChoiceField(label=_("Life domain"), queryset=CatalogueEntry.objects.none())
    barrier_type = forms.ModelChoiceField(label=_("Kind of barrier"), queryset=CatalogueEntry.objects.none())
    legal_domains = forms.ModelMultipleChoiceField(
        label=_("Legal domains involved"),
        queryset=CatalogueEntry.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations involved"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Hold Ctrl (Cmd on a Mac) to choose several."),
    )
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())
    period_start = forms.DateField(label=_("Observed from (month)"), input_formats=MONTH_FORMATS, widget=MonthInput())
    period_end = forms.DateField(label=_("Observed until (month)"), input_formats=MONTH_FORMATS, widget=MonthInput())
    description = forms.CharField(
        label=_("Short description of the barrier"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Describe what stands in the way, not the person: no names, dates, phone numbers, "
            "e-mail addresses, file or ID numbers or addresses. The report leaves the case team anonymised."
        ),
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["life_domain"].queryset = _entries(region, Catalogue.LIFE_DOMAIN)  # type: ignore[attr-defined]
        self.fields["barrier_type"].queryset = _entries(region, Catalogue.BARRIER_TYPE)  # type: ignore[attr-defined]
        self.fields["legal_domains"].queryset = _entries(region, Catalogue.LEGAL_DOMAIN)  # type: ignore[attr-defined]
        self.fields["organisations"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            region=region, is_active=True
        )
        self.fields["municipality"].queryset = Municipality.objects.filter(  # type: ignore[attr-defined]
            region=region, is_active=True
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period lies before its start."))
        return data


class InboxFilterForm(KernForm):
    life_domain = forms.ModelChoiceField(label=_("Life domain"), queryset=CatalogueEntry.objects.none(), required=False)
    barrier_type = forms.ModelChoiceField(
        label=_("Kind of barrier"), queryset=CatalogueEntry.objects.none(), required=False
    )
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none(), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation involved"), queryset=Organisation.objects.none(), required=False
    )
    period_from = forms.DateField(
        label=_("Period from (month)"), input_formats=MONTH_FORMATS, widget=MonthInput(), required=False
    )
    period_to = forms.DateField(
        label=_("Period until (month)"), input_formats=MONTH_FORMATS, widget=MonthInput(), required=False
    )
    unassigned_only = forms.BooleanField(label=_("Only reports without a theme"), required=False)

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["life_domain"].queryset = _entries(region, Catalogue.LIFE_DOMAIN)  # type: ignore[attr-defined]
        self.fields["barrier_type"].queryset = _entries(region, Catalogue.BARRIER_TYPE)  # type: ignore[attr-defined]
        self.fields["municipality"].queryset = Municipality.objects.filter(region=region)  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = Organisation.objects.filter(region=region)  # type: ignore[attr-defined]


class ThemeForm(KernForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class AssignForm(KernForm):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none())

    def __init__(self, *args: Any, themes: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]


class MergeForm(KernForm):
    target = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Theme.objects.none(),
        help_text=_("All reports of this theme move to the chosen theme; this theme is then marked as merged."),
    )

    def __init__(self, *args: Any, themes: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = themes  # type: ignore[attr-defined]


class SplitForm(ThemeForm):
    reports = forms.ModelMultipleChoiceField(
        label=_("Reports for the new theme"),
        queryset=BarrierReport.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = ["reports", "title", "description"]

    def __init__(self, *args: Any, reports: QuerySet[BarrierReport], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reports"]
        field.queryset = reports  # type: ignore[attr-defined]
        _label(
            field,
            lambda r: f"{r.barrier_type.label}, {r.municipality.name}: {r.description[:80]}",
        )


class SendForm(KernForm):
    meeting = forms.ModelChoiceField(label=_("Meeting of the steering group"), queryset=Meeting.objects.none())
    paper_reference = forms.CharField(label=_("Reference number of the paper"), max_length=40)
    paper_text = forms.CharField(
        label=_("Text of the paper"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Figures and findings only; counts below the threshold are written as “fewer than …”."),
    )
    confidential = forms.BooleanField(label=_("Confidential (non-public item)"), required=False)

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        _label(self.fields["meeting"], lambda m: f"{m.body.label}: {m.start:%d.%m.%Y} ({m.number}.)")


SCALE = [(i, str(i)) for i in range(1, 6)]


class ScoreForm(KernForm):
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())
    urgency = forms.TypedChoiceField(
        label=_("Urgency"), choices=SCALE, coerce=int, widget=forms.RadioSelect, help_text=_("1 = low, 5 = very high")
    )
    reach = forms.TypedChoiceField(
        label=_("Reach"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("How many people does it affect? 1 = few, 5 = very many"),
    )

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        _label(self.fields["meeting"], lambda m: f"{m.body.label}: {m.start:%d.%m.%Y}")


class DecisionForm(KernForm):
    agenda_item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none())
    kind = forms.ChoiceField(label=_("Decision"), choices=ThemeDecision.Kind.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Decision text (for the minutes)"), widget=forms.Textarea(attrs={"rows": 3}))
    project_group_name = forms.CharField(label=_("Name of the project group"), max_length=200, required=False)
    mandate = forms.CharField(label=_("Mandate"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    structure_name = forms.CharField(label=_("Existing structure"), max_length=200, required=False)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, items: QuerySet[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = items  # type: ignore[attr-defined]
        _label(
            self.fields["agenda_item"],
            lambda i: f"{i.meeting.body.label} {i.meeting.start:%d.%m.%Y}, TOP {i.number}: {i.title}",
        )


class MeasureForm(KernForm):
    title = forms.CharField(label=_("Measure"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    responsible_organisation = forms.ModelChoiceField(
        label=_("Responsible organisation"), queryset=Organisation.objects.none()
    )
    project_group = forms.ModelChoiceField(label=_("Project group"), queryset=Body.objects.none(), required=False)
    budget_line = forms.CharField(
        label=_("Budget line"),
        max_length=200,
        required=False,
        help_text=_("For example: Baustein 1, funds for measures."),
    )
    budget_amount = forms.DecimalField(
        label=_("Amount (EUR)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )

    def __init__(self, *args: Any, region: Region, groups: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            region=region, is_active=True
        )
        self.fields["project_group"].queryset = groups  # type: ignore[attr-defined]


class TransitionForm(KernForm):
    target = forms.ChoiceField(label=_("New status"), choices=Measure.Status.choices)
    adopted_decision = forms.ModelChoiceField(
        label=_("Adopting decision of the steering group"),
        queryset=Decision.objects.none(),
        required=False,
    )
    implemented_on = forms.DateField(
        label=_("Implemented on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    evaluation = forms.CharField(label=_("Evaluation"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, targets: list[tuple[str, str]], decisions: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets  # type: ignore[attr-defined]
        self.fields["adopted_decision"].queryset = decisions  # type: ignore[attr-defined]
        _label(
            self.fields["adopted_decision"],
            lambda d: f"{d.agenda_item.meeting.start:%d.%m.%Y}, TOP {d.agenda_item.number}: {d.text[:80]}",
        )


class MilestoneForm(KernForm):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))
    done_on = forms.DateField(label=_("Reached on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class OfferForm(KernForm):
    offer = forms.ModelChoiceField(label=_("Offer in the directory"), queryset=Service.objects.none())

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = Service.objects.filter(region=region).select_related(  # type: ignore[attr-defined]
            "organisation"
        )


class LocalInputForm(KernForm):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())
    conference = forms.ModelChoiceField(label=_("Development conference"), queryset=Body.objects.none(), required=False)
    priority = forms.ChoiceField(label=_("Local priority"), choices=LocalInput.Priority.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(
        self,
        *args: Any,
        region: Region,
        conferences: QuerySet[Body],
        municipalities: QuerySet[Municipality] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if municipalities is None:
            municipalities = Municipality.objects.filter(region=region)
        self.fields["municipality"].queryset = municipalities.filter(  # type: ignore[attr-defined]
            region=region, is_active=True
        )
        self.fields["conference"].queryset = conferences  # type: ignore[attr-defined]
