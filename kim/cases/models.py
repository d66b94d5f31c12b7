"""Case management (Fallebene): clients, households, cases and the DGCC cycle.

Everything here is tenant-owned (``region`` non-null) and holds personal data of
the most sensitive kind: reads go through ``selectors`` (scoped to the acting
user's teams) and are audited; writes go through ``services``.

Records that two people may edit at the same time carry a ``version`` that the
services compare with the value the form was loaded with (optimistic locking).
"""

from __future__ import annotations

import secrets
import uuid
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kim.core.models import CatalogueEntry, Municipality, Organisation, RegionScopedModel, Team

language_code_validator = RegexValidator(
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
    _("Please use a language code such as “ar”, “uk” or “prs”."),
)


class VersionedModel(RegionScopedModel):
    """A record with an edit counter for optimistic locking (see ``services._check_version``)."""

    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)

    class Meta:
        abstract = True


# --- Clients and households ---


class Household(RegionScopedModel):
    """People living together; members are clients linked through ``Client.household``."""

    label = models.CharField(_("Designation"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("Household")
        verbose_name_plural = _("Households")

    def __str__(self) -> str:
        return self.label or str(_("Household"))


class Client(VersionedModel):
    """A person in case management: what the case work needs and nothing more."""

    class Script(models.TextChoices):
        LATIN = "Latn", _("Latin")
        ARABIC = "Arab", _("Arabic")
        CYRILLIC = "Cyrl", _("Cyrillic")
        GREEK = "Grek", _("Greek")
        GEORGIAN = "Geor", _("Georgian")
        ARMENIAN = "Armn", _("Armenian")
        ETHIOPIC = "Ethi", _("Ethiopic")
        DEVANAGARI = "Deva", _("Devanagari")
        HEBREW = "Hebr", _("Hebrew")
        CHINESE = "Hani", _("Chinese")
        OTHER = "Zyyy", _("Other script")

    class Gender(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")
        DIVERSE = "diverse", _("diverse")
        SELF_DESCRIBED = "self_described", _("in own words")
        NOT_STATED = "not_stated", _("not stated")

    class HouseholdRelation(models.TextChoices):
        REFERENCE = "reference", _("Reference person")
        PARTNER = "partner", _("Spouse/partner")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        SIBLING = "sibling", _("Sibling")
        OTHER = "other", _("Other relative or person")

    given_names = models.CharField(_("Given names (Latin script)"), max_length=150, blank=True)
    family_name = models.CharField(_("Family name (Latin script)"), max_length=150)
    names_original_script = models.CharField(
        _("Name in the original script"),
        max_length=300,
        blank=True,
        help_text=_("As written in the person's documents or by the person."),
    )
    name_script = models.CharField(_("Script of the original name"), max_length=4, choices=Script.choices, blank=True)
    birth_date = models.DateField(_("Date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("Year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        help_text=_("Only if the full date of birth is not known."),
    )
    birth_month = models.PositiveSmallIntegerField(
        _("Month of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    gender = models.CharField(_("Gender"), max_length=20, choices=Gender.choices, default=Gender.NOT_STATED, blank=True)
    gender_self_described = models.CharField(
        _("Gender in own words"),
        max_length=100,
        blank=True,
        help_text=_("As the person states it."),
    )
    nationalities = models.JSONField(
        _("Nationalities"),
        default=list,
        blank=True,
        help_text=_("ISO 3166 country codes, e.g. SY, UA; XX for stateless, XZ for unclear."),
    )
    arrived_germany_on = models.DateField(_("Arrival in Germany"), null=True, blank=True)
    arrived_region_on = models.DateField(_("Arrival in the district"), null=True, blank=True)
    residence_title = models.CharField(_("Residence title"), max_length=200, blank=True)
    residence_legal_basis = models.CharField(
        _("Legal basis"),
        max_length=100,
        blank=True,
        help_text=_("For example “§ 25 Abs. 2 AufenthG”."),
    )
    residence_valid_until = models.DateField(_("Residence title valid until"), null=True, blank=True)
    phone = models.CharField(_("Phone"), max_length=40, blank=True)
    email = models.EmailField(_("E-mail"), blank=True)
    street = models.CharField(_("Street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postcode"), max_length=10, blank=True)
    city = models.CharField(_("Place"), max_length=120, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Municipality"),
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("Household"),
    )
    household_relation = models.CharField(
        _("Relation in the household"), max_length=20, choices=HouseholdRelation.choices, blank=True
    )
    # Retention (Löschfrist): set by the retention job, never by hand.
    is_deleted = models.BooleanField(_("deleted"), default=False, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Client")
        verbose_name_plural = _("Clients")
        ordering = ["family_name", "given_names"]
        indexes = [models.Index(fields=["region", "family_name"], name="client_region_family")]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_date__isnull=True) | (Q(birth_year__isnull=True) & Q(birth_month__isnull=True)),
                name="client_birth_date_or_year_month",
            ),
            models.CheckConstraint(
                condition=Q(birth_month__isnull=True) | Q(birth_year__isnull=False),
                name="client_birth_month_needs_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family_name}, {self.given_names}"

    @property
    def display_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()

    @property
    def birth_display(self) -> str:
        """The date of birth as far as it is known: 03.02.1990, 02/1990 or 1990."""
        if self.birth_date:
            return f"{self.birth_date:%d.%m.%Y}"
        if self.birth_year and self.birth_month:
            return f"{self.birth_month:02d}/{self.birth_year}"
        return str(self.birth_year or "")

    @property
    def gender_display(self) -> str:
        if self.gender_self_described:
            return self.gender_self_described
        return str(self.get_gender_display()) if self.gender else ""


class ClientLanguage(RegionScopedModel):
    class Proficiency(models.TextChoices):
        NATIVE = "native", _("First language")
        FLUENT = "fluent", _("Fluent")
        BASIC = "basic", _("Basic knowledge")
        NONE = "none", _("Hardly any")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="languages", verbose_name=_("Client"))
    language = models.CharField(_("Language"), max_length=20, validators=[language_code_validator])
    proficiency = models.CharField(
        _("Proficiency"), max_length=10, choices=Proficiency.choices, default=Proficiency.NATIVE
    )
    interpreter_needed = models.BooleanField(_("Interpreter needed"), default=False)

    class Meta:
        verbose_name = _("Language of a client")
        verbose_name_plural = _("Languages of a client")
        ordering = ["client", "language"]
        constraints = [
            models.UniqueConstraint(fields=["client", "language"], name="client_language_unique"),
        ]

    def __str__(self) -> str:
        return self.language


class ClientSearchKey(RegionScopedModel):
    """Blocking keys of a client's names and birth data (``kim.cases.matching.blocking_keys``).

    A prefilter for duplicate detection at intake: only clients sharing a key with
    the new person are scored. Rewritten whenever names or birth data change.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="search_keys")
    key = models.CharField(max_length=120)

    class Meta:
        verbose_name = _("Search key")
        verbose_name_plural = _("Search keys")
        indexes = [models.Index(fields=["region", "key"], name="client_search_region_key")]
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="client_search_key_unique"),
        ]

    def __str__(self) -> str:
        return self.key


# --- Cases ---


class TargetGroupRule(RegionScopedModel):
    """One of the region's target-group conditions, checked at intake (data, not code)."""

    class Kind(models.TextChoices):
        ARRIVED_WITHIN_MONTHS = "arrived_within_months", _("Arrived in Germany within the last N months")
        NO_OTHER_CASE_MANAGEMENT = "no_other_case_management", _("No other case management")
        MANUAL = "manual", _("Other condition (confirmed by the case manager)")

    code = models.SlugField(_("Key"), max_length=60)
    kind = models.CharField(_("Kind"), max_length=30, choices=Kind.choices)
    label_de = models.CharField(_("Label (German)"), max_length=200)
    label_en = models.CharField(_("Label (English)"), max_length=200, blank=True)
    months = models.PositiveSmallIntegerField(
        _("Months"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    sort_order = models.PositiveSmallIntegerField(_("Order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("Target-group rule")
        verbose_name_plural = _("Target-group rules")
        ordering = ["sort_order", "label_de"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="target_group_rule_unique_code"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "de").startswith("en") and self.label_en:
            return self.label_en
        return self.label_de


class CaseNumberSequence(RegionScopedModel):
    """The last case number given per region and year (locked while a case is opened)."""

    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="case_number_sequence_unique"),
        ]


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.filter(closed_on__isnull=True)

    def with_stage(self) -> CaseQuerySet:
        """Annotate ``stage_value``: the DGCC stage computed from the data (see ``Case.stage``)."""
        stage = Case.Stage
        active_consent = Consent.objects.filter(
            case=models.OuterRef("pk"), purpose=ConsentPurpose.CASE_MANAGEMENT, withdrawn_on__isnull=True
        )
        assessed = Assessment.objects.filter(case=models.OuterRef("pk"))
        agreed_goal = Goal.objects.filter(case=models.OuterRef("pk"), client_agreed_on__isnull=False)
        return self.annotate(
            stage_value=models.Case(
                models.When(closed_on__isnull=False, then=models.Value(stage.CLOSURE)),
                models.When(
                    ~Q(decision=Case.Decision.TAKE_ON) | ~models.Exists(active_consent),
                    then=models.Value(stage.INTAKE),
                ),
                models.When(~models.Exists(assessed), then=models.Value(stage.ASSESSMENT)),
                models.When(~models.Exists(agreed_goal), then=models.Value(stage.PLAN)),
                default=models.Value(stage.IMPLEMENTATION),
                output_field=models.CharField(),
            )
        )


class Case(VersionedModel):
    """One case of one client, worked on by one team."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("not decided yet")
        TAKE_ON = "take_on", _("taken on")
        REFER_ELSEWHERE = "refer_elsewhere", _("referred elsewhere")

    class Stage(models.TextChoices):
        INTAKE = "intake", _("Intake")
        ASSESSMENT = "assessment", _("Assessment")
        PLAN = "plan", _("Planning")
        IMPLEMENTATION = "implementation", _("Implementation")
        CLOSURE = "closure", _("Closed")

    number = models.CharField(_("Case number"), max_length=20)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases", verbose_name=_("Team"))
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="cases", verbose_name=_("Client"))
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Responsible case manager"),
    )
    opened_on = models.DateField(_("Opened on"))
    closed_on = models.DateField(_("Closed on"), null=True, blank=True)
    referral_source = models.ForeignKey(
        CatalogueEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"catalogue": "referral_source"},
        verbose_name=_("Referred by"),
    )
    referral_note = models.CharField(_("Note on the referral"), max_length=300, blank=True)
    current_legal_domain = models.ForeignKey(
        CatalogueEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"catalogue": "legal_domain"},
        verbose_name=_("Current legal domain"),
    )
    decision = models.CharField(_("Decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decision_on = models.DateField(_("Decided on"), null=True, blank=True)
    decision_note = models.TextField(_("Reason for the decision"), blank=True)
    referred_to = models.CharField(_("Referred to"), max_length=200, blank=True)
    closure_reason = models.ForeignKey(
        CatalogueEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"catalogue": "closure_reason"},
        verbose_name=_("Reason for closure"),
    )
    closure_note = models.TextField(_("Note on the closure"), blank=True)
    handover_to = models.CharField(_("Handed over to"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Case")
        verbose_name_plural = _("Cases")
        ordering = ["-opened_on", "-number"]
        indexes = [
            models.Index(fields=["region", "team", "closed_on"], name="case_region_team_closed"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="case_number_unique_per_region"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_after_opened",
            ),
        ]

    objects = CaseQuerySet.as_manager()

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def stage(self) -> str:
        """Intake until consent and decision; assessment until a domain is assessed; plan until a
        goal is agreed; implementation while open; closure when closed. Never stored."""
        annotated = getattr(self, "stage_value", None)
        if annotated is not None:
            return str(annotated)
        return Case.objects.with_stage().get(pk=self.pk).stage

    @property
    def stage_label(self) -> str:
        return str(Case.Stage(self.stage).label)


class CaseEvent(RegionScopedModel):
    """The life of a case: opened, decided, closed, reopened — with who and why."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("opened")
        DECIDED = "decided", _("intake decision")
        CLOSED = "closed", _("closed")
        REOPENED = "reopened", _("reopened")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", verbose_name=_("Case"))
    kind = models.CharField(_("Kind"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("Date"))
    reason = models.TextField(_("Reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Case event")
        verbose_name_plural = _("Case events")
        ordering = ["-on", "-created_at"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class TargetGroupCheck(RegionScopedModel):
    """The case manager's answer to one target-group rule (suggested result kept beside it)."""

    class Result(models.TextChoices):
        MET = "met", _("met")
        NOT_MET = "not_met", _("not met")
        UNKNOWN = "unknown", _("cannot be checked automatically")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="target_group_checks", verbose_name=_("Case"))
    rule = models.ForeignKey(TargetGroupRule, on_delete=models.PROTECT, related_name="+", verbose_name=_("Rule"))
    suggested = models.CharField(_("Suggested result"), max_length=10, choices=Result.choices)
    result = models.CharField(
        _("Result"), max_length=10, choices=[(Result.MET, _("met")), (Result.NOT_MET, _("not met"))]
    )
    override_reason = models.TextField(_("Reason for deviating"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_on = models.DateField(_("Checked on"))

    class Meta:
        verbose_name = _("Target-group check")
        verbose_name_plural = _("Target-group checks")
        ordering = ["rule__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["case", "rule"], name="target_group_check_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.get_result_display()}"

    @property
    def is_override(self) -> bool:
        return self.suggested not in (self.Result.UNKNOWN, self.result)


class IndicationCriterion(models.TextChoices):
    COMPLEX_NEEDS = "complex_needs", _("Complex needs in several life domains")
    SEVERAL_AGENCIES = "several_agencies", _("Several agencies involved")
    REGULAR_SERVICES_FAIL = "regular_services_fail", _("Regular services are not enough or do not reach the person")
    OWN_RESOURCES_INSUFFICIENT = "own_resources_insufficient", _("Own resources are not sufficient")


class CaseIndication(RegionScopedModel):
    """An indication criterion that applies to the case (one row per criterion)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="indications", verbose_name=_("Case"))
    criterion = models.CharField(_("Criterion"), max_length=40, choices=IndicationCriterion.choices)

    class Meta:
        verbose_name = _("Indication criterion")
        verbose_name_plural = _("Indication criteria")
        ordering = ["criterion"]
        constraints = [
            models.UniqueConstraint(fields=["case", "criterion"], name="case_indication_unique"),
        ]

    def __str__(self) -> str:
        return str(self.get_criterion_display())


# --- Consent ---


class ConsentPurpose(models.TextChoices):
    CASE_MANAGEMENT = "case_management", _("Case management")
    DATA_SHARING = "data_sharing", _("Passing data on to partners (release from confidentiality)")
    ELECTRONIC_CONTACT = "electronic_contact", _("Contact by e-mail or messenger")


class ConsentText(RegionScopedModel):
    """The wording a person agrees to: per purpose and language, versioned (never edited after use)."""

    purpose = models.CharField(_("Purpose"), max_length=30, choices=ConsentPurpose.choices)
    language = models.CharField(_("Language"), max_length=20, validators=[language_code_validator])
    version = models.PositiveSmallIntegerField(_("Version"), validators=[MinValueValidator(1)])
    text = models.TextField(_("Text"))
    valid_from = models.DateField(_("valid from"))

    class Meta:
        verbose_name = _("Consent text")
        verbose_name_plural = _("Consent texts")
        ordering = ["purpose", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "purpose", "language", "version"], name="consent_text_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.language}, {_('version')} {self.version})"


def _random_upload_path(prefix: str, filename: str) -> str:
    """A random file name (keeping only a safe extension): no personal data on disk names."""
    suffix = PurePosixPath(filename).suffix.lower()
    if not suffix.isascii() or len(suffix) > 6 or not suffix[1:].isalnum():
        suffix = ""
    return f"{prefix}/{uuid.uuid4().hex}{secrets.token_hex(4)}{suffix}"


def consent_scan_path(instance: Any, filename: str) -> str:
    return _random_upload_path(f"cases/{instance.region_id}/consents", filename)


def document_path(instance: Any, filename: str) -> str:
    return _random_upload_path(f"cases/{instance.region_id}/documents", filename)


class Consent(RegionScopedModel):
    """A person's recorded consent to one purpose, and its withdrawal."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consents", verbose_name=_("Case"))
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="consents", verbose_name=_("Client"))
    purpose = models.CharField(_("Purpose"), max_length=30, choices=ConsentPurpose.choices)
    text = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, related_name="consents", verbose_name=_("Text version")
    )
    given_on = models.DateField(_("Given on"))
    language = models.CharField(_("Language of the talk"), max_length=20, validators=[language_code_validator])
    interpreter_used = models.BooleanField(_("with interpreter"), default=False)
    interpreter_name = models.CharField(_("Interpreter"), max_length=150, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("Recorded by")
    )
    scan = models.FileField(_("Scan of the signed form"), upload_to=consent_scan_path, blank=True, max_length=200)
    scan_sha256 = models.CharField(max_length=64, blank=True)
    withdrawn_on = models.DateField(_("Withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Withdrawal recorded by"),
    )
    withdrawal_reason = models.TextField(_("Note on the withdrawal"), blank=True)

    class Meta:
        verbose_name = _("Consent")
        verbose_name_plural = _("Consents")
        ordering = ["-given_on", "-created_at"]
        indexes = [models.Index(fields=["case", "purpose"], name="consent_case_purpose")]

    def __str__(self) -> str:
        return str(self.get_purpose_display())

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


# --- Assessment, plan, implementation ---


class Assessment(VersionedModel):
    """The assessment of one life domain (Handlungsfeld) of a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("Case"))
    life_domain = models.ForeignKey(
        CatalogueEntry,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"catalogue": "life_domain"},
        verbose_name=_("Life domain"),
    )
    situation = models.TextField(_("Situation"), blank=True)
    resources = models.TextField(_("Resources and strengths"), blank=True)
    own_goals = models.TextField(_("The person's own goals"), blank=True)
    assessed_on = models.DateField(_("Assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Assessment")
        verbose_name_plural = _("Assessments")
        ordering = ["life_domain__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["case", "life_domain"], name="assessment_unique_domain"),
        ]

    def __str__(self) -> str:
        return str(self.life_domain)


class Priority(models.TextChoices):
    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")


class Need(RegionScopedModel):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="needs", verbose_name=_("Assessment")
    )
    description = models.CharField(_("Need"), max_length=300)
    priority = models.CharField(_("Priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM)

    class Meta:
        verbose_name = _("Need")
        verbose_name_plural = _("Needs")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.description


class Goal(VersionedModel):
    """A SMART goal of the support plan, agreed with the person."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("completed")
        DROPPED = "dropped", _("dropped")

    class Achievement(models.TextChoices):
        FULLY = "fully", _("fully achieved")
        PARTLY = "partly", _("partly achieved")
        NOT = "not", _("not achieved")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals", verbose_name=_("Case"))
    life_domain = models.ForeignKey(
        CatalogueEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"catalogue": "life_domain"},
        verbose_name=_("Life domain"),
    )
    need = models.ForeignKey(
        Need, on_delete=models.SET_NULL, null=True, blank=True, related_name="goals", verbose_name=_("Need")
    )
    specific = models.CharField(_("Goal (specific)"), max_length=300)
    measurable = models.CharField(_("Indicator (measurable)"), max_length=300)
    achievable_relevant = models.TextField(_("Why achievable and relevant"), blank=True)
    due_on = models.DateField(_("To be reached by (time-bound)"))
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    client_agreed_on = models.DateField(_("Agreed with the person on"), null=True, blank=True)
    achievement = models.CharField(_("Achievement"), max_length=10, choices=Achievement.choices, blank=True)
    evaluation_note = models.TextField(_("Evaluation"), blank=True)
    evaluated_on = models.DateField(_("Evaluated on"), null=True, blank=True)

    class Meta:
        verbose_name = _("Goal")
        verbose_name_plural = _("Goals")
        ordering = ["due_on", "created_at"]

    def __str__(self) -> str:
        return self.specific


class Step(VersionedModel):
    """Who does what by when towards a goal."""

    class Responsible(models.TextChoices):
        CLIENT = "client", _("The person")
        CASE_MANAGER = "case_manager", _("Case management")
        PARTNER = "partner", _("Partner")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps", verbose_name=_("Goal"))
    description = models.CharField(_("Step"), max_length=300)
    responsible = models.CharField(_("Who"), max_length=20, choices=Responsible.choices)
    partner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Partner organisation"),
    )
    due_on = models.DateField(_("Due on"))
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(_("Done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("Step")
        verbose_name_plural = _("Steps")
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["region", "status", "due_on"], name="step_region_status_due")]

    def __str__(self) -> str:
        return self.description


class Contact(VersionedModel):
    """A contact with the person (or about the case): date, channel, duration, language."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("Case"))
    occurred_on = models.DateField(_("Date"))
    channel = models.ForeignKey(
        CatalogueEntry,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"catalogue": "contact_channel"},
        verbose_name=_("Channel"),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("Duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    language = models.CharField(_("Language"), max_length=20, blank=True, validators=[language_code_validator])
    interpreter_used = models.BooleanField(_("with interpreter"), default=False)
    summary = models.TextField(_("Summary"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Contact")
        verbose_name_plural = _("Contacts")
        ordering = ["-occurred_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.occurred_on:%d.%m.%Y}"


class Note(VersionedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes", verbose_name=_("Case"))
    text = models.TextField(_("Note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Note")
        verbose_name_plural = _("Notes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:40]


class Document(RegionScopedModel):
    """An uploaded file: stored outside the web root under a random name, served only by a checked view."""

    class Kind(models.TextChoices):
        IDENTITY = "identity", _("Identity document")
        RESIDENCE = "residence", _("Residence document")
        CERTIFICATE = "certificate", _("Certificate or diploma")
        NOTICE = "notice", _("Official notice or letter")
        APPLICATION = "application", _("Application")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents", verbose_name=_("Case"))
    kind = models.CharField(_("Type of document"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("Title"), max_length=200)
    file = models.FileField(_("File"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("Original file name"), max_length=200)
    content_type = models.CharField(_("Content type"), max_length=100)
    size = models.PositiveIntegerField(_("Size (bytes)"))
    sha256 = models.CharField(_("Checksum (SHA-256)"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Document")
        verbose_name_plural = _("Documents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


# --- Monitoring (written by kim.cases.monitoring) ---


class FollowUp(RegionScopedModel):
    """A follow-up (Wiedervorlage) on a case: due date, who, done."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("Case"))
    due_on = models.DateField(_("Due on"))
    subject = models.CharField(_("Subject"), max_length=200)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Assigned to"),
    )
    done_on = models.DateField(_("Done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Follow-up")
        verbose_name_plural = _("Follow-ups")
        ordering = ["due_on"]
        indexes = [models.Index(fields=["region", "done_on", "due_on"], name="followup_region_done_due")]

    def __str__(self) -> str:
        return self.subject


class LegalDomainChange(RegionScopedModel):
    """A Rechtskreiswechsel: the person moves from one legal domain to another (e.g. AsylbLG → SGB II)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="legal_domain_changes", verbose_name=_("Case")
    )
    changed_on = models.DateField(_("Changed on"))
    from_domain = models.ForeignKey(
        CatalogueEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"catalogue": "legal_domain"},
        verbose_name=_("Previous legal domain"),
    )
    to_domain = models.ForeignKey(
        CatalogueEntry,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"catalogue": "legal_domain"},
        verbose_name=_("New legal domain"),
    )
    note = models.TextField(_("Note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Change of legal domain")
        verbose_name_plural = _("Changes of legal domain")
        ordering = ["-changed_on"]

    def __str__(self) -> str:
        return f"{self.changed_on:%d.%m.%Y}"
