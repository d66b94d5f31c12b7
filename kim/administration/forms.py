"""Input of the administration pages: parsing and field checks only.

Business rules (unique names per region, roles and teams, last administrator …)
live in the services; the views put their messages on these forms. Every choice of
a related object is limited to the admin's region, so an id from another region is
"not a valid choice" before any service runs.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.validators import MaxValueValidator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.accounts.models import Role, User
from kim.accounts.roles import STATE_LEVEL_ROLES, RoleCode
from kim.core.forms import KernForm, KernModelForm
from kim.core.models import (
    Catalogue,
    CatalogueEntry,
    FundedPost,
    KeyDate,
    Municipality,
    Organisation,
    Region,
    Team,
)

DATE_WIDGET_FORMAT = "%Y-%m-%d"


def date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format=DATE_WIDGET_FORMAT)


def _active_or_current(queryset: QuerySet[Any], current: Any) -> QuerySet[Any]:
    """Active rows, plus the one already chosen (so that editing never silently drops it)."""
    keep = Q(is_active=True)
    ids = [obj.pk for obj in (current if isinstance(current, list | tuple) else [current]) if obj is not None]
    if ids:
        keep |= Q(pk__in=ids)
    return queryset.filter(keep)


def _use_dash_for_empty_choice(field: forms.Field) -> None:
    """One look for "nothing chosen" in every select: a dash instead of Django's "---------"."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None:
            field.empty_label = "—"
    elif isinstance(field, forms.ChoiceField):
        choices = cast(list[tuple[Any, Any]], list(field.choices))  # type: ignore[arg-type]
        field.choices = [(value, "—" if value == "" else label) for value, label in choices]


def region_role_choices() -> list[tuple[str, str]]:
    """Roles a region admin may grant, in the order of the role table (state-level roles left out)."""
    return [(code, str(label)) for code, label in RoleCode.choices if code not in STATE_LEVEL_ROLES]


class RegionModelForm(KernModelForm):
    """A model form for one region's data, never bound to the stored instance.

    Editing starts from ``initial`` so that validating the form does not change the
    loaded object: the service compares it with the new values for the audit log.
    """

    def __init__(self, *args: Any, region: Region, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        self.editing = editing
        if not editing and "is_active" in self.fields:
            del self.fields["is_active"]
        for field in self.fields.values():
            _use_dash_for_empty_choice(field)


# Structure


class MunicipalityForm(RegionModelForm):
    class Meta:
        model = Municipality
        fields = ["name", "ags", "is_active"]
        help_texts = {"ags": _("Eight digits, for example 05970040 (optional).")}


class OrganisationForm(RegionModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "municipality", "email", "phone", "website", "is_active"]
        help_texts = {"website": _("Full address beginning with https://")}

    def __init__(self, *args: Any, current_municipality: Municipality | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["municipality"])
        field.queryset = _active_or_current(Municipality.objects.filter(region=self.region), current_municipality)


class TeamForm(RegionModelForm):
    class Meta:
        model = Team
        fields = ["name", "organisation", "municipalities", "is_active"]
        widgets = {"municipalities": forms.CheckboxSelectMultiple}
        help_texts = {"organisation": _("The provider (Träger) that employs the team.")}

    def __init__(
        self,
        *args: Any,
        current_organisation: Organisation | None = None,
        current_municipalities: list[Municipality] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        organisation = cast(forms.ModelChoiceField, self.fields["organisation"])
        municipalities = cast(forms.ModelMultipleChoiceField, self.fields["municipalities"])
        employers = Organisation.objects.filter(
            region=self.region, kind__in=[Organisation.Kind.PROVIDER, Organisation.Kind.ADMINISTRATION]
        )
        organisation.queryset = _active_or_current(employers, current_organisation)
        municipalities.queryset = _active_or_current(
            Municipality.objects.filter(region=self.region), current_municipalities or []
        )


# Catalogues


class CatalogueEntryCreateForm(RegionModelForm):
    class Meta:
        model = CatalogueEntry
        fields = ["catalogue", "code", "label_de", "label_en", "sort_order"]
        help_texts = {
            "code": _(
                "Short technical key of letters without umlauts, digits, hyphens and underscores. "
                "It cannot be changed later."
            ),
            "sort_order": _("Entries with a smaller number come first."),
        }


class CatalogueEntryUpdateForm(RegionModelForm):
    class Meta:
        model = CatalogueEntry
        fields = ["label_de", "label_en", "sort_order", "is_active"]
        help_texts = {
            "sort_order": _("Entries with a smaller number come first."),
            "is_active": _("Inactive entries stay on existing records but cannot be chosen any more."),
        }


# Funded posts and key dates


class FundedPostForm(RegionModelForm):
    class Meta:
        model = FundedPost
        fields = ["year", "building_block", "function", "employer", "fte", "funding_amount", "note"]
        help_texts = {
            "fte": _("Full-time equivalents, for example 0.5 for a half-time post."),
            "funding_amount": _("Funding for the year in euros."),
        }

    def __init__(self, *args: Any, current_employer: Organisation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        employer = cast(forms.ModelChoiceField, self.fields["employer"])
        employer.queryset = _active_or_current(Organisation.objects.filter(region=self.region), current_employer)
        latest_year = timezone.localdate().year + 10
        year = self.fields["year"]
        year.validators.append(MaxValueValidator(latest_year))
        year.widget.attrs.update({"min": 2020, "max": latest_year})


class KeyDateForm(RegionModelForm):
    class Meta:
        model = KeyDate
        fields = ["date", "title", "kind", "note"]
        widgets = {"date": date_widget()}


# People and roles


class MembershipForm(KernForm):
    """A role in the admin's region: the team or organisation it needs, function, deputy, period."""

    role = forms.ChoiceField(label=_("Role"), choices=())
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("Required for case managers and team leads."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("Required for network partners and authority staff."),
    )
    function = forms.CharField(
        label=_("Function or seat"),
        max_length=200,
        required=False,
        help_text=_("For example the seat in the steering group: “Head of the Jobcenter”."),
    )
    is_deputy = forms.BooleanField(
        label=_("Deputy"), required=False, help_text=_("Named deputy in the team (sees the team's cases).")
    )
    valid_from = forms.DateField(label=_("valid from"), widget=date_widget())
    valid_until = forms.DateField(
        label=_("valid until"),
        widget=date_widget(),
        required=False,
        help_text=_("Leave empty for an open-ended role."),
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        role = cast(forms.ChoiceField, self.fields["role"])
        team = cast(forms.ModelChoiceField, self.fields["team"])
        organisation = cast(forms.ModelChoiceField, self.fields["organisation"])
        role.choices = [("", "—"), *region_role_choices()]
        team.queryset = Team.objects.filter(region=region, is_active=True).order_by("name")
        organisation.queryset = Organisation.objects.filter(region=region, is_active=True).order_by("name")
        self.fields["valid_from"].initial = timezone.localdate

    def clean_role(self) -> Role:
        code = self.cleaned_data["role"]
        try:
            return Role.objects.get(code=code)
        except Role.DoesNotExist:
            raise forms.ValidationError(_("Please choose a role from the list.")) from None


class UserCreateForm(MembershipForm):
    """A new person with their first role; the account gets no password, the person is invited by e-mail."""

    username = forms.CharField(
        label=_("Login name"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only, for example “a.mueller”. Cannot be changed later."),
        validators=[User.username_validator],
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), help_text=_("The invitation with the password link goes here."))

    field_order = ["username", "first_name", "last_name", "email", "role", "team", "organisation"]


class UserUpdateForm(KernForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))


class MembershipEndForm(KernForm):
    valid_until = forms.DateField(
        label=_("Last day of the role"),
        widget=date_widget(),
        help_text=_("From the following day the role no longer counts."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_until"].initial = timezone.localdate


# Filters (GET)


class PeopleFilterForm(KernForm):
    STATUS_CHOICES = [("", _("All")), ("active", _("Active accounts")), ("inactive", _("Deactivated accounts"))]

    q = forms.CharField(label=_("Name or login name"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False)
    status = forms.ChoiceField(label=_("Account"), required=False, choices=STATUS_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role = cast(forms.ChoiceField, self.fields["role"])
        role.choices = [("", _("All roles")), *region_role_choices()]


class OrganisationFilterForm(KernForm):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Organisation.Kind.choices]
    )


class CatalogueFilterForm(KernForm):
    catalogue = forms.ChoiceField(
        label=_("Catalogue"), required=False, choices=[("", _("All catalogues")), *Catalogue.choices]
    )


class FundedPostFilterForm(KernForm):
    ALL = "all"

    year = forms.ChoiceField(label=_("Year"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = cast(forms.ChoiceField, self.fields["year"])
        year.choices = [(self.ALL, _("All years")), *((str(y), str(y)) for y in years)]
