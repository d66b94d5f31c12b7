"""From case findings to measures: barrier reports, generative themes, decisions and measures.

A ``BarrierReport`` is anonymous by construction: it carries no case, client, team or
user. The link back to the case lives in ``BarrierReportSource``, which only the case
team's selectors read; coordination, steering and project views never join it (the one
exception is an aggregate count of distinct cases, returned as a number).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kim.core.models import Catalogue, CatalogueEntry, Municipality, Organisation, RegionScopedModel, Team

DESCRIPTION_MAX_LENGTH = 1500


class BarrierReport(RegionScopedModel):
    """A structural barrier seen in case work (Bedarfsmeldung / strukturelle Hürde), anonymised."""

    life_domain = models.ForeignKey(
        CatalogueEntry,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"catalogue": Catalogue.LIFE_DOMAIN},
        verbose_name=_("Life domain"),
    )
    legal_domains = models.ManyToManyField(
        CatalogueEntry,
        related_name="+",
        blank=True,
        limit_choices_to={"catalogue": Catalogue.LEGAL_DOMAIN},
        verbose_name=_("Legal domains involved"),
    )
    organisations = models.ManyToManyField(
        Organisation, related_name="+", blank=True, verbose_name=_("Organisations involved")
    )
    barrier_type = models.ForeignKey(
        CatalogueEntry,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"catalogue": Catalogue.BARRIER_TYPE},
        verbose_name=_("Kind of barrier"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("Municipality")
    )
    period_start = models.DateField(_("Observed from (month)"))
    period_end = models.DateField(_("Observed until (month)"))
    description = models.TextField(_("Short description"), max_length=DESCRIPTION_MAX_LENGTH)
    submitted_at = models.DateTimeField(_("Submitted at"), db_index=True)

    class Meta:
        verbose_name = _("Barrier report")
        verbose_name_plural = _("Barrier reports")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="barrier_report_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.barrier_type} – {self.municipality}"


class BarrierReportSource(RegionScopedModel):
    """Private: which case (team, case manager) a report came from. Read by the case team only."""

    class Origin(models.TextChoices):
        NEED = "need", _("a need")
        GOAL = "goal", _("a goal")
        REFERRAL = "referral", _("the outcome of a referral")
        OTHER = "other", _("other case work")

    report = models.OneToOneField(BarrierReport, on_delete=models.CASCADE, related_name="source")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    origin = models.CharField(_("Arising from"), max_length=20, choices=Origin.choices, default=Origin.OTHER)
    # The case-work item the report arose from (at most one; case team only, never on the report).
    need = models.ForeignKey(
        "cases.Need", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Need")
    )
    goal = models.ForeignKey(
        "cases.Goal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Goal")
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Referral"),
    )

    class Meta:
        verbose_name = _("Source of a barrier report")
        verbose_name_plural = _("Sources of barrier reports")


class Theme(RegionScopedModel):
    """A generative theme (generatives Thema) formed by the coordination from many reports."""

    class Status(models.TextChoices):
        COLLECTING = "collecting", _("collecting reports")
        SUBMITTED = "submitted", _("before the steering group")
        DECIDED = "decided", _("decided")
        CLOSED = "closed", _("closed")
        MERGED = "merged", _("merged into another theme")

    title = models.CharField(_("Title"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.COLLECTING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_themes",
        verbose_name=_("Merged into"),
    )
    split_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="split_themes",
        verbose_name=_("Split from"),
    )

    class Meta:
        verbose_name = _("Theme")
        verbose_name_plural = _("Themes")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["region", "title"], name="theme_unique_title_per_region"),
        ]

    def __str__(self) -> str:
        return self.title


class ThemeAssignment(RegionScopedModel):
    """A report belongs to a theme from ``assigned_at`` until ``ended_at`` (history kept)."""

    class EndReason(models.TextChoices):
        REMOVED = "removed", _("removed")
        MOVED = "moved", _("moved to another theme")
        MERGED = "merged", _("theme merged")
        SPLIT = "split", _("theme split")

    report = models.ForeignKey(BarrierReport, on_delete=models.CASCADE, related_name="assignments")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="assignments")
    assigned_at = models.DateTimeField(_("Assigned at"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(_("Ended at"), null=True, blank=True)
    end_reason = models.CharField(_("Reason"), max_length=20, choices=EndReason.choices, blank=True)

    class Meta:
        verbose_name = _("Assignment to a theme")
        verbose_name_plural = _("Assignments to themes")
        ordering = ["-assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["report"], condition=Q(ended_at__isnull=True), name="theme_assignment_one_current"
            ),
        ]


class ThemeAgendaItem(RegionScopedModel):
    """The theme put before the steering group: an agenda item with its paper."""

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="agenda_links")
    agenda_item = models.ForeignKey(
        "committees.AgendaItem", on_delete=models.PROTECT, related_name="+", verbose_name=_("Agenda item")
    )
    paper = models.ForeignKey(
        "committees.Paper", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Paper")
    )

    class Meta:
        verbose_name = _("Theme on an agenda")
        verbose_name_plural = _("Themes on agendas")
        constraints = [
            models.UniqueConstraint(fields=["theme", "agenda_item"], name="theme_agenda_item_unique"),
        ]


class PrioritisationScore(RegionScopedModel):
    """One steering-group member's view of a theme's urgency and reach (1 = low, 5 = high)."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        "committees.Meeting", on_delete=models.PROTECT, related_name="+", verbose_name=_("Meeting")
    )
    urgency = models.PositiveSmallIntegerField(_("Urgency"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    reach = models.PositiveSmallIntegerField(_("Reach"), validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        verbose_name = _("Prioritisation score")
        verbose_name_plural = _("Prioritisation scores")
        constraints = [
            models.UniqueConstraint(fields=["theme", "member", "meeting"], name="theme_score_once_per_meeting"),
        ]


class ThemeDecision(RegionScopedModel):
    """What the steering group decided on a theme."""

    class Kind(models.TextChoices):
        COMMISSION = "commission", _("Commission a project group")
        HAND_OVER = "hand_over", _("Hand over to an existing structure")
        NO_ACTION = "no_action", _("No action")

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.ForeignKey(
        "committees.AgendaItem", on_delete=models.PROTECT, related_name="+", verbose_name=_("Agenda item")
    )
    decision = models.ForeignKey(
        "committees.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Decision"),
    )
    kind = models.CharField(_("Decision"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("Reason"), blank=True)
    project_group = models.ForeignKey(
        "committees.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Project group"),
    )
    mandate = models.TextField(_("Mandate"), blank=True)
    deadline = models.DateField(_("Deadline"), null=True, blank=True)
    structure_name = models.CharField(_("Existing structure"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Decision on a theme")
        verbose_name_plural = _("Decisions on themes")
        ordering = ["created_at"]


class Measure(RegionScopedModel):
    """A measure (Maßnahme) proposed by a project group and adopted by the steering group."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ADOPTED = "adopted", _("adopted")
        IN_PROGRESS = "in_progress", _("in progress")
        IMPLEMENTED = "implemented", _("implemented")
        EVALUATED = "evaluated", _("evaluated")
        REJECTED = "rejected", _("not adopted")

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="measures")
    project_group = models.ForeignKey(
        "committees.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Project group"),
    )
    title = models.CharField(_("Measure"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    responsible_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Responsible organisation")
    )
    budget_line = models.CharField(
        _("Budget line"), max_length=200, blank=True, help_text=_("For example: Baustein 1, funds for measures.")
    )
    budget_amount = models.DecimalField(
        _("Amount (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    adopted_decision = models.ForeignKey(
        "committees.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Adopted by"),
    )
    implemented_on = models.DateField(_("Implemented on"), null=True, blank=True)
    evaluation = models.TextField(_("Evaluation"), blank=True)
    offers = models.ManyToManyField(
        "directory.Service", related_name="+", blank=True, verbose_name=_("New or changed offers")
    )

    class Meta:
        verbose_name = _("Measure")
        verbose_name_plural = _("Measures")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "title"], name="measure_unique_title_per_theme"),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(RegionScopedModel):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("Milestone"), max_length=200)
    due_on = models.DateField(_("Due on"))
    done_on = models.DateField(_("Reached on"), null=True, blank=True)

    class Meta:
        verbose_name = _("Milestone")
        verbose_name_plural = _("Milestones")
        ordering = ["due_on"]

    def __str__(self) -> str:
        return self.title


class LocalInput(RegionScopedModel):
    """What a development conference (Entwicklungskonferenz) adds to a theme for its municipality."""

    class Priority(models.TextChoices):
        HIGH = "high", _("high")
        MEDIUM = "medium", _("medium")
        LOW = "low", _("low")

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="local_inputs")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("Municipality")
    )
    conference = models.ForeignKey(
        "committees.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Development conference"),
    )
    priority = models.CharField(_("Local priority"), max_length=10, choices=Priority.choices)
    notes = models.TextField(_("Notes"), blank=True)

    class Meta:
        verbose_name = _("Local input")
        verbose_name_plural = _("Local inputs")
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "municipality"], name="local_input_once_per_municipality"),
        ]
