"""Tenancy and organisation: the Region (tenant) and what every region is made of."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

ags_validator = RegexValidator(
    r"^\d{5}(\d{3})?$",
    _("The official key has 5 (district) or 8 (municipality) digits."),
)


class WebsiteField(models.URLField):
    """A web address; typed without a scheme it means https:// (Django 6's default)."""

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        form_class = kwargs.get("form_class")
        if form_class is None or issubclass(form_class, forms.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)


class BaseModel(models.Model):
    """UUID primary key (IDs in URLs never count records) and change timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        abstract = True


class Region(BaseModel):
    """A Kreis or kreisfreie Stadt: the KIM unit and the platform's tenant."""

    class Kind(models.TextChoices):
        KREIS = "kreis", _("District (Kreis)")
        CITY = "kreisfreie_stadt", _("District-free city")

    name = models.CharField(_("Name"), max_length=120, unique=True)
    kind = models.CharField(_("Kind"), max_length=20, choices=Kind.choices, default=Kind.KREIS)
    ags = models.CharField(_("Official key (AGS)"), max_length=8, unique=True, validators=[ags_validator])
    slug = models.SlugField(_("Short name"), max_length=60, unique=True)
    suppression_threshold = models.PositiveSmallIntegerField(
        _("Minimum count for figures"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("Counts below this value are not shown outside the case team."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("Region")
        verbose_name_plural = _("Regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RegionScopedModel(BaseModel):
    """Every tenant-owned row carries its region, non-null."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("Region"))

    class Meta:
        abstract = True


class Municipality(RegionScopedModel):
    name = models.CharField(_("Name"), max_length=120)
    ags = models.CharField(_("Official municipality key"), max_length=8, blank=True, validators=[ags_validator])
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("Municipality")
        verbose_name_plural = _("Municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="municipality_unique_name_per_region"),
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(RegionScopedModel):
    """A partner, provider (Träger) or authority active in the region."""

    class Kind(models.TextChoices):
        ADMINISTRATION = "administration", _("Municipal administration")
        AUTHORITY = "authority", _("Authority")
        PROVIDER = "provider", _("Provider")
        PARTNER = "partner", _("Network partner")

    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Short name"), max_length=60, blank=True)
    kind = models.CharField(_("Kind"), max_length=20, choices=Kind.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("Seat"),
    )
    email = models.EmailField(_("E-mail"), blank=True)
    phone = models.CharField(_("Phone"), max_length=40, blank=True)
    website = WebsiteField(_("Website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="organisation_unique_name_per_region"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class Team(RegionScopedModel):
    """A case-management team of one provider, covering one or more municipalities."""

    name = models.CharField(_("Name"), max_length=120)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="teams", verbose_name=_("Provider")
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="teams", verbose_name=_("responsible for"), blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("Team")
        verbose_name_plural = _("Teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="team_unique_name_per_region"),
        ]

    def __str__(self) -> str:
        return self.name


class Catalogue(models.TextChoices):
    """The kinds of editable lists each region keeps (seeded from the domain brief)."""

    LIFE_DOMAIN = "life_domain", _("Life domains")
    LEGAL_DOMAIN = "legal_domain", _("Legal domains")
    CLOSURE_REASON = "closure_reason", _("Closure reasons")
    REFERRAL_SOURCE = "referral_source", _("Referral sources")
    CONTACT_CHANNEL = "contact_channel", _("Contact channels")
    BARRIER_TYPE = "barrier_type", _("Barrier types")
    TARGET_GROUP = "target_group", _("Target groups")


class CatalogueEntry(RegionScopedModel):
    catalogue = models.CharField(_("Catalogue"), max_length=30, choices=Catalogue.choices)
    code = models.SlugField(_("Key"), max_length=60)
    label_de = models.CharField(_("Label (German)"), max_length=200)
    label_en = models.CharField(_("Label (English)"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("Order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("Catalogue entry")
        verbose_name_plural = _("Catalogue entries")
        ordering = ["catalogue", "sort_order", "label_de"]
        constraints = [
            models.UniqueConstraint(fields=["region", "catalogue", "code"], name="catalogue_unique_code"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if (get_language() or "de").startswith("en") and self.label_en:
            return self.label_en
        return self.label_de


class FundedPost(RegionScopedModel):
    """A Stellenanteil: FTE funded per Baustein and year, with its employer and amount."""

    class BuildingBlock(models.IntegerChoices):
        COORDINATION = 1, _("Building block 1 – coordination")
        CASE_MANAGEMENT = 2, _("Building block 2 – case management")
        AUTHORITIES = 3, _("Building block 3 – residence and naturalisation authorities")

    class Function(models.TextChoices):
        COORDINATION = "coordination", _("Coordination")
        ASSISTANCE = "assistance", _("Administrative assistant")
        CASE_MANAGEMENT = "case_management", _("Case management")
        RESIDENCE_AUTHORITY = "residence_authority", _("Residence authority")
        NATURALISATION_AUTHORITY = "naturalisation_authority", _("Naturalisation authority")

    building_block = models.PositiveSmallIntegerField(_("Building block"), choices=BuildingBlock.choices)
    function = models.CharField(_("Function"), max_length=30, choices=Function.choices)
    year = models.PositiveSmallIntegerField(_("Year"), validators=[MinValueValidator(2020)])
    employer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="funded_posts",
        verbose_name=_("Employer"),
    )
    fte = models.DecimalField(
        _("Funded post (FTE)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    funding_amount = models.DecimalField(
        _("Funding amount (EUR)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    note = models.CharField(_("Note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Funded post")
        verbose_name_plural = _("Funded posts")
        ordering = ["-year", "building_block", "employer__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "building_block", "function", "employer"],
                name="funded_post_unique_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_function_display()} {self.year} – {self.fte}"


class KeyDate(RegionScopedModel):
    """A date the whole region works towards (constituent meeting, report deadline …).

    Meetings themselves belong to the committees capability; this keeps the few
    programme dates every role should see on the start page.
    """

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        DEADLINE = "deadline", _("Deadline")
        EVENT = "event", _("Event")

    date = models.DateField(_("Date"))
    title = models.CharField(_("Title"), max_length=200)
    kind = models.CharField(_("Kind"), max_length=20, choices=Kind.choices, default=Kind.EVENT)
    note = models.CharField(_("Note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Key date")
        verbose_name_plural = _("Key dates")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["region", "date", "title"], name="keydate_unique_per_region"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.title}"


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit log is append-only.")


class AuditEntry(models.Model):
    """Append-only record of every write and every read of personal data.

    The actor is kept as id and login name, not as a foreign key, so the log
    outlives any account and never blocks a change elsewhere. Database triggers
    (migration 0002) refuse UPDATE and DELETE as a second line of defence.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        READ = "read", _("read")
        EXPORT = "export", _("exported")
        DISCLOSE = "disclose", _("disclosed")
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("Sign-in failed")
        LOGOUT = "logout", _("signed out")

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("Time"), default=timezone.now, db_index=True)
    actor_id = models.UUIDField(_("User ID"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("User"), max_length=150, blank=True, db_index=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Region"),
    )
    action = models.CharField(_("Action"), max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("Object type"), max_length=100, db_index=True)
    object_id = models.CharField(_("Object ID"), max_length=64, blank=True, db_index=True)
    changes = models.JSONField(_("Changes"), default=dict, blank=True)
    via = models.CharField(_("via"), max_length=300, blank=True)

    objects: ClassVar[AuditQuerySet] = AuditQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("Audit entry")
        verbose_name_plural = _("Audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["region", "-at"], name="audit_region_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit log is append-only.")


def region_of(obj: object) -> Region | None:
    """The region an object belongs to, if it is tenant-owned."""
    if isinstance(obj, Region):
        return obj
    region = getattr(obj, "region", None)
    return region if isinstance(region, Region) else None


__all__ = [
    "AuditEntry",
    "BaseModel",
    "Catalogue",
    "CatalogueEntry",
    "FundedPost",
    "KeyDate",
    "Municipality",
    "Organisation",
    "Region",
    "RegionScopedModel",
    "Team",
]
