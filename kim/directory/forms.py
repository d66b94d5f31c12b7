"""Forms of the network directory. Choices are always the active region's rows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kim.core.forms import KernForm, KernModelForm
from kim.core.models import Catalogue, Organisation, Region
from kim.directory import selectors
from kim.directory.models import (
    LANGUAGE_CHOICES,
    Contact,
    Location,
    OrganisationProfile,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceTranslation,
)
from kim.directory.selectors import DIMENSION_LANGUAGE, DIMENSION_LEGAL_DOMAIN, DIMENSION_TARGET_GROUP
from kim.directory.services import ServiceInput

MAX_IMPORT_BYTES = 5 * 1024 * 1024


def _entry_field(region: Region, catalogue: str, label: Any) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        queryset=selectors.catalogue_entries(region, catalogue), required=False, label=label, empty_label=_("all")
    )
    field.label_from_instance = lambda entry: entry.label  # type: ignore[method-assign,assignment]
    return field


def _municipality_field(region: Region) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=selectors.municipalities_of(region), required=False, label=_("Municipality"), empty_label=_("all")
    )


class SearchForm(KernForm):
    q = forms.CharField(label=_("Search term"), required=False, max_length=200)
    language = forms.ChoiceField(label=_("Language of counselling"), required=False)

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["life_domain"] = _entry_field(region, Catalogue.LIFE_DOMAIN, _("Life domain"))
        self.fields["municipality"] = _municipality_field(region)
        self.fields["target_group"] = _entry_field(region, Catalogue.TARGET_GROUP, _("Target group"))
        self.fields["language"].choices = [("", _("all")), *LANGUAGE_CHOICES]  # type: ignore[attr-defined]
        self.order_fields(["q", "life_domain", "municipality", "language", "target_group"])
        for field in self.fields.values():
            field.widget.is_required = False
        # KernFormMixin set classes before the fields added here: repeat for them.
        for name in ("life_domain", "municipality", "target_group"):
            self.fields[name].widget.attrs["class"] = "kern-form-input__select"


class MatrixFilterForm(KernForm):
    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["life_domain"] = _entry_field(region, Catalogue.LIFE_DOMAIN, _("Life domain"))
        self.fields["legal_domain"] = _entry_field(region, Catalogue.LEGAL_DOMAIN, _("Legal domain"))
        self.fields["target_group"] = _entry_field(region, Catalogue.TARGET_GROUP, _("Target group"))
        self.fields["municipality"] = _municipality_field(region)
        for field in self.fields.values():
            field.widget.attrs["class"] = "kern-form-input__select"


class AnalysisForm(KernForm):
    dimensions = forms.MultipleChoiceField(
        label=_("Also compare by"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (DIMENSION_TARGET_GROUP, _("Target group")),
            (DIMENSION_LEGAL_DOMAIN, _("Legal domain (overlaps only)")),
            (DIMENSION_LANGUAGE, _("Language of counselling (gaps only)")),
        ],
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages looked at"),
        required=False,
        choices=LANGUAGE_CHOICES,
        help_text=_("Only with the language dimension. None chosen: Arabic, Persian, Ukrainian, Turkish, Russian."),
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["life_domain"] = _entry_field(region, Catalogue.LIFE_DOMAIN, _("Life domain"))
        self.fields["municipality"] = _municipality_field(region)
        for name in ("life_domain", "municipality"):
            self.fields[name].widget.attrs["class"] = "kern-form-input__select"


class ServiceForm(KernModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages of counselling"),
        required=False,
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Service
        fields = [
            "organisation",
            "name",
            "alternate_name",
            "description",
            "status",
            "published",
            "life_domains",
            "target_groups",
            "legal_domains",
            "municipalities",
            "languages",
            "appointment_only",
            "eligibility_description",
            "application_process",
            "required_documents",
            "fees_description",
            "interpretation_services",
            "minimum_age",
            "maximum_age",
            "url",
            "email",
        ]
        widgets = {
            "life_domains": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "legal_domains": forms.CheckboxSelectMultiple,
            "municipalities": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
            "eligibility_description": forms.Textarea(attrs={"rows": 3}),
            "application_process": forms.Textarea(attrs={"rows": 3}),
            "required_documents": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.region = region
        self.fields["organisation"].queryset = selectors.organisations_of(region)  # type: ignore[attr-defined]
        for name, catalogue in (
            ("life_domains", Catalogue.LIFE_DOMAIN),
            ("target_groups", Catalogue.TARGET_GROUP),
            ("legal_domains", Catalogue.LEGAL_DOMAIN),
        ):
            field = self.fields[name]
            field.queryset = selectors.catalogue_entries(region, catalogue)  # type: ignore[attr-defined]
            field.label_from_instance = lambda entry: entry.label  # type: ignore[attr-defined]
        self.fields["municipalities"].queryset = selectors.municipalities_of(region)  # type: ignore[attr-defined]
        if self.instance.pk and not self.is_bound:
            self.initial["languages"] = list(self.instance.languages.values_list("code", flat=True))

    def validate_unique(self) -> None:
        """Uniqueness is the service's rule (it names the field in German)."""

    def to_input(self) -> ServiceInput:
        data = self.cleaned_data
        return ServiceInput(
            organisation=data["organisation"],
            name=data["name"],
            description=data["description"],
            status=data["status"],
            published=data["published"],
            alternate_name=data["alternate_name"],
            url=data["url"],
            email=data["email"],
            eligibility_description=data["eligibility_description"],
            application_process=data["application_process"],
            fees_description=data["fees_description"],
            required_documents=data["required_documents"],
            appointment_only=data["appointment_only"],
            interpretation_services=data["interpretation_services"],
            minimum_age=data["minimum_age"],
            maximum_age=data["maximum_age"],
            life_domains=list(data["life_domains"]),
            target_groups=list(data["target_groups"]),
            legal_domains=list(data["legal_domains"]),
            municipalities=list(data["municipalities"]),
            languages=list(data["languages"]),
        )


class LocationForm(KernModelForm):
    class Meta:
        model = Location
        fields = [
            "organisation",
            "name",
            "address_1",
            "postal_code",
            "city",
            "municipality",
            "description",
            "transportation",
            "accessibility",
            "latitude",
            "longitude",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "accessibility": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.region = region
        self.fields["organisation"].queryset = selectors.organisations_of(region)  # type: ignore[attr-defined]
        self.fields["municipality"].queryset = selectors.municipalities_of(region)  # type: ignore[attr-defined]

    def validate_unique(self) -> None:
        """Uniqueness is the service's rule (it names the field in German)."""


class ServiceLocationForm(KernModelForm):
    class Meta:
        model = ServiceAtLocation
        fields = ["location", "description"]

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = selectors.location_list(region)  # type: ignore[attr-defined]

    def validate_unique(self) -> None:
        """Checked by the service."""


class ScheduleForm(KernModelForm):
    class Meta:
        model = Schedule
        fields = [
            "weekday",
            "opens_at",
            "closes_at",
            "attending_type",
            "service_at_location",
            "valid_from",
            "valid_to",
            "notes",
        ]
        widgets = {
            "opens_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service_at_location"]
        field.queryset = service.service_at_locations.select_related("location")  # type: ignore[attr-defined]
        field.label_from_instance = lambda link: link.location.name  # type: ignore[attr-defined]
        field.help_text = _("Empty: applies to every location of the offer.")


class ContactForm(KernModelForm):
    class Meta:
        model = Contact
        fields = ["name", "title", "department", "email", "phone"]


class PhoneForm(KernModelForm):
    class Meta:
        model = Phone
        fields = ["number", "description"]


class TranslationForm(KernModelForm):
    class Meta:
        model = ServiceTranslation
        fields = ["language", "name", "description", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def validate_unique(self) -> None:
        """A second save for the same language changes the existing translation."""


class ServiceLocationNoteForm(KernModelForm):
    class Meta:
        model = ServiceAtLocation
        fields = ["description"]


class OrganisationProfileForm(KernModelForm):
    """The public profile: description and legal status, and the organisation's public contact details."""

    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = OrganisationProfile
        fields = ["description", "legal_status", "email", "phone", "website"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("email", "phone", "website"):
            self.fields[name].initial = getattr(organisation, name)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or several files (Django's documented pattern); ``clean`` gives a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportForm(KernForm):
    file = MultipleFileField(
        label=_("File(s): CSV, Excel or ZIP"),
        help_text=_(
            "One CSV in the HSDS layout (services.csv) or the German Excel template; or the HSDS CSV "
            "package as a ZIP or as several CSV files (organizations.csv, services.csv, locations.csv, "
            "addresses.csv, service_at_locations.csv, phones.csv, schedules.csv, languages.csv, contacts.csv, "
            "required_documents.csv, cost_options.csv). UTF-8, separated by comma or semicolon."
        ),
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = forms.ModelChoiceField(
            queryset=selectors.catalogue_entries(region, Catalogue.LIFE_DOMAIN),
            required=False,
            label=_("Life domain for offers without one"),
            empty_label=_("none – every offer must name its life domains"),
            help_text=_(
                "HSDS files from elsewhere have no life domains. Offers without the column life_domains get "
                "this life domain; check them after the import."
            ),
        )
        field.label_from_instance = lambda entry: entry.label  # type: ignore[method-assign,assignment]
        field.widget.attrs["class"] = "kern-form-input__select"
        self.fields["default_life_domain"] = field

    def clean_file(self) -> Any:
        uploads = self.cleaned_data["file"]
        several = len(uploads) > 1
        for upload in uploads:
            name = (upload.name or "").lower()
            if several and not name.endswith(".csv"):
                raise forms.ValidationError(_("Several files must all be .csv files of the HSDS layout."))
            if not name.endswith((".csv", ".xlsx", ".zip")):
                raise forms.ValidationError(_("Please upload a .csv, .xlsx or .zip file."))
            if upload.size > MAX_IMPORT_BYTES:
                raise forms.ValidationError(_("The file is larger than 5 MB."))
        return uploads
