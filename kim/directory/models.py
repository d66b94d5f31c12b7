"""The network directory: partner organisations' offers, modelled on Open Referral HSDS 3.0.

HSDS names the concepts (organization, service, location, service_at_location,
schedule, language, contact, phone, cost, eligibility, required documents); KIM adds
what the Arbeitskreis Schnittstellenmanagement needs: target groups, legal domains
(Rechtskreise), life domains, the municipalities an offer serves, whether it works by
appointment only and the languages counselling is offered in. German is the source
language; translations carry a status and become outdated when the German text changes.
"""

from __future__ import annotations

import hashlib

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kim.core.models import (
    Catalogue,
    CatalogueEntry,
    Municipality,
    Organisation,
    RegionScopedModel,
    WebsiteField,
)

# Languages counselling is offered in (ISO 639-1, Kurmanji as ISO 639-3) and
# translation targets. German names: the directory is used in German.
LANGUAGES: dict[str, str] = {
    "de": "Deutsch",
    "en": "Englisch",
    "ar": "Arabisch",
    "fa": "Persisch (Farsi/Dari)",
    "tr": "Türkisch",
    "ru": "Russisch",
    "uk": "Ukrainisch",
    "fr": "Französisch",
    "kmr": "Kurdisch (Kurmanji)",
    "ti": "Tigrinya",
    "so": "Somali",
    "ps": "Paschtu",
    "ro": "Rumänisch",
    "bg": "Bulgarisch",
    "pl": "Polnisch",
    "es": "Spanisch",
    "sq": "Albanisch",
}
LANGUAGE_CHOICES: list[tuple[str, str]] = list(LANGUAGES.items())
TRANSLATION_LANGUAGE_CHOICES: list[tuple[str, str]] = [item for item in LANGUAGE_CHOICES if item[0] != "de"]


def text_hash(*parts: str) -> str:
    """Fingerprint of the German source text a translation was made from."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class OrganisationProfile(RegionScopedModel):
    """HSDS organisation details the core organisation does not carry."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="directory_profile", verbose_name=_("Organisation")
    )
    description = models.TextField(_("Description"), blank=True)
    legal_status = models.CharField(_("Legal status"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("Organisation profile")
        verbose_name_plural = _("Organisation profiles")

    def __str__(self) -> str:
        return str(self.organisation)


class Service(RegionScopedModel):
    """An offer (Angebot) of a partner organisation: the HSDS service."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        INACTIVE = "inactive", _("inactive")
        DEFUNCT = "defunct", _("discontinued")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services", verbose_name=_("Organisation")
    )
    name = models.CharField(_("Name"), max_length=200)
    alternate_name = models.CharField(_("Alternative name"), max_length=200, blank=True)
    description = models.TextField(_("Description"))
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_(
            "Published offers appear in the public HSDS interface, together with the names and contact "
            "details of their contact people."
        ),
    )
    url = WebsiteField(_("Website"), blank=True)
    email = models.EmailField(_("E-mail"), blank=True)
    eligibility_description = models.TextField(_("Who can use it"), blank=True)
    application_process = models.TextField(_("How to get access"), blank=True)
    fees_description = models.CharField(_("Costs"), max_length=300, blank=True)
    required_documents = models.TextField(_("Required documents"), blank=True, help_text=_("One document per line."))
    appointment_only = models.BooleanField(_("by appointment only"), default=False)
    interpretation_services = models.CharField(_("Interpreting"), max_length=300, blank=True)
    minimum_age = models.PositiveSmallIntegerField(
        _("Minimum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    maximum_age = models.PositiveSmallIntegerField(
        _("Maximum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    life_domains = models.ManyToManyField(
        CatalogueEntry,
        related_name="services_by_life_domain",
        limit_choices_to={"catalogue": Catalogue.LIFE_DOMAIN},
        verbose_name=_("Life domains"),
    )
    target_groups = models.ManyToManyField(
        CatalogueEntry,
        related_name="services_by_target_group",
        limit_choices_to={"catalogue": Catalogue.TARGET_GROUP},
        blank=True,
        verbose_name=_("Target groups"),
        help_text=_("None selected: open to everyone."),
    )
    legal_domains = models.ManyToManyField(
        CatalogueEntry,
        related_name="services_by_legal_domain",
        limit_choices_to={"catalogue": Catalogue.LEGAL_DOMAIN},
        blank=True,
        verbose_name=_("Legal domains"),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        related_name="services",
        blank=True,
        verbose_name=_("Municipalities served"),
        help_text=_("None selected: the whole district."),
    )

    class Meta:
        verbose_name = _("Offer")
        verbose_name_plural = _("Offers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "organisation", "name"], name="service_unique_name_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def source_hash(self) -> str:
        return text_hash(self.name, self.description)

    @property
    def required_document_list(self) -> list[str]:
        return [line.strip() for line in self.required_documents.splitlines() if line.strip()]


class ServiceLanguage(RegionScopedModel):
    """A language counselling in this offer is given in (HSDS language)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("Language"), max_length=3, choices=LANGUAGE_CHOICES)

    class Meta:
        verbose_name = _("Language of counselling")
        verbose_name_plural = _("Languages of counselling")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="service_language_unique"),
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class Location(RegionScopedModel):
    """A place where an organisation offers services (HSDS location with its physical address)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="locations", verbose_name=_("Organisation")
    )
    name = models.CharField(_("Name"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    address_1 = models.CharField(_("Street and number"), max_length=200)
    postal_code = models.CharField(_("Postcode"), max_length=10)
    city = models.CharField(_("Town"), max_length=120)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="locations", verbose_name=_("Municipality")
    )
    latitude = models.DecimalField(
        _("Latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("Longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    transportation = models.CharField(_("Public transport"), max_length=300, blank=True)
    accessibility = models.TextField(
        _("Accessibility"), blank=True, help_text=_("For example step-free access, lift, accessible toilet.")
    )

    class Meta:
        verbose_name = _("Location")
        verbose_name_plural = _("Locations")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "organisation", "name"], name="location_unique_name_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.address_1}, {self.postal_code} {self.city}"


class ServiceAtLocation(RegionScopedModel):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations", verbose_name=_("Offer")
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="service_at_locations", verbose_name=_("Location")
    )
    description = models.CharField(_("Note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Offer at a location")
        verbose_name_plural = _("Offers at locations")
        ordering = ["location__name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="service_at_location_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.service} – {self.location.name}"


class Schedule(RegionScopedModel):
    """A weekly opening or counselling time (HSDS schedule, iCal-like: FREQ=WEEKLY;BYDAY=…)."""

    class Weekday(models.TextChoices):
        MO = "MO", _("Monday")
        TU = "TU", _("Tuesday")
        WE = "WE", _("Wednesday")
        TH = "TH", _("Thursday")
        FR = "FR", _("Friday")
        SA = "SA", _("Saturday")
        SU = "SU", _("Sunday")

    class Attending(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        PHONE = "phone", _("by phone")
        ONLINE = "online", _("online")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules", verbose_name=_("Offer"))
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
        verbose_name=_("Location"),
    )
    weekday = models.CharField(_("Weekday"), max_length=2, choices=Weekday.choices)
    opens_at = models.TimeField(_("from"))
    closes_at = models.TimeField(_("until"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    attending_type = models.CharField(
        _("Kind of contact"), max_length=20, choices=Attending.choices, default=Attending.IN_PERSON
    )
    notes = models.CharField(_("Note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Opening time")
        verbose_name_plural = _("Opening times")
        ordering = ["weekday", "opens_at"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    @property
    def weekday_index(self) -> int:
        return list(self.Weekday.values).index(self.weekday)


class Contact(RegionScopedModel):
    """A contact person for an offer (invented in the demo; no client data)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("Offer"))
    name = models.CharField(_("Name"), max_length=150)
    title = models.CharField(_("Function"), max_length=150, blank=True)
    department = models.CharField(_("Department"), max_length=150, blank=True)
    email = models.EmailField(_("E-mail"), blank=True)
    phone = models.CharField(_("Phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("Contact person")
        verbose_name_plural = _("Contact people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Phone(RegionScopedModel):
    """A phone number of an offer (HSDS phone)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="phones", verbose_name=_("Offer"))
    number = models.CharField(_("Number"), max_length=40)
    description = models.CharField(_("Note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Phone number")
        verbose_name_plural = _("Phone numbers")
        ordering = ["number"]

    def __str__(self) -> str:
        return self.number


class ServiceTranslation(RegionScopedModel):
    """Name and description of an offer in another language; German stays the source."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CURRENT = "current", _("current")
        OUTDATED = "outdated", _("outdated")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="translations", verbose_name=_("Offer"))
    language = models.CharField(_("Language"), max_length=3, choices=TRANSLATION_LANGUAGE_CHOICES)
    name = models.CharField(_("Name"), max_length=200)
    description = models.TextField(_("Description"))
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    source_hash = models.CharField(_("Fingerprint of the German text"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("Translation")
        verbose_name_plural = _("Translations")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["service", "language"], name="service_translation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.service} ({self.language})"
