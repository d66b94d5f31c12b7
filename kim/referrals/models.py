"""Referrals (Vermittlungen) from a case to a partner's offer, and the releases they rest on.

A *release from confidentiality* (Schweigepflichtentbindung, ``Release``) names one
recipient organisation, the purpose and the data categories the person allows to be
passed on (health data only when named explicitly). A ``Referral`` shares a frozen
snapshot of the fields the case manager chose; the partner sees only that snapshot,
never the live case. Status changes follow ``TRANSITIONS`` and happen only in
``services``; every change leaves a ``ReferralEvent``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.cases.models import Case, Client, Goal, Need, language_code_validator
from kim.core.models import Organisation, RegionScopedModel
from kim.directory.models import Service


class DataCategory(models.TextChoices):
    """What kind of personal data a field is; a release names the categories it covers."""

    IDENTITY = "identity", _("Identity and contact details")
    RESIDENCE = "residence", _("Residence status")
    FAMILY = "family", _("Family and household")
    EDUCATION_WORK = "education_work", _("Education and work")
    FINANCES = "finances", _("Finances and benefits")
    HEALTH = "health", _("Health data (special category, Art. 9 GDPR)")
    OTHER = "other", _("Other information")


class ReleaseQuerySet(models.QuerySet["Release"]):
    def valid_on(self, day: dt.date) -> ReleaseQuerySet:
        """Releases given by ``day``, not expired and not withdrawn on that day."""
        return self.filter(
            Q(given_on__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
            Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day),
        )


class Release(RegionScopedModel):
    """A Schweigepflichtentbindung: the person releases case management towards one organisation."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="releases", verbose_name=_("Case"))
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="releases", verbose_name=_("Client"))
    recipient = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="releases", verbose_name=_("Recipient organisation")
    )
    purpose = models.TextField(
        _("Purpose"), help_text=_("What the data may be passed on for, e.g. “registration for a language course”.")
    )
    data_categories = models.JSONField(_("Data categories"), default=list)
    given_on = models.DateField(_("Given on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    language = models.CharField(_("Language of the talk"), max_length=20, validators=[language_code_validator])
    interpreter_used = models.BooleanField(_("with interpreter"), default=False)
    interpreter_name = models.CharField(_("Interpreter"), max_length=150, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("Recorded by")
    )
    withdrawn_on = models.DateField(_("Withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Withdrawal recorded by"),
    )

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("Release from confidentiality")
        verbose_name_plural = _("Releases from confidentiality")
        ordering = ["-given_on", "-created_at"]
        indexes = [models.Index(fields=["case", "recipient"], name="release_case_recipient")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("given_on")),
                name="release_valid_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} ({self.given_on:%d.%m.%Y})"

    def is_valid_on(self, day: dt.date) -> bool:
        return (
            self.given_on <= day
            and (self.valid_until is None or self.valid_until >= day)
            and (self.withdrawn_on is None or self.withdrawn_on > day)
        )

    @property
    def category_labels(self) -> list[str]:
        return [str(DataCategory(code).label) for code in DataCategory.values if code in self.data_categories]


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    COMPLETED = "completed", _("completed")
    NOT_COMPLETED = "not_completed", _("not completed")
    REVOKED = "revoked", _("revoked")


# The only status changes there are; services refuse everything else.
TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.SENT: frozenset({ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.REVOKED}),
    ReferralStatus.ACCEPTED: frozenset(
        {ReferralStatus.COMPLETED, ReferralStatus.NOT_COMPLETED, ReferralStatus.REVOKED}
    ),
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.COMPLETED: frozenset(),
    ReferralStatus.NOT_COMPLETED: frozenset(),
    ReferralStatus.REVOKED: frozenset(),
}
OPEN_STATUSES: frozenset[str] = frozenset({ReferralStatus.SENT, ReferralStatus.ACCEPTED})


class ReferralOutcome(models.TextChoices):
    """How the offer went, as the partner reports it at the end."""

    TAKEN_UP = "taken_up", _("Offer taken up in full")
    PARTLY = "partly", _("Offer taken up in part")
    NOT_TAKEN_UP = "not_taken_up", _("The person did not take up the offer")
    BROKEN_OFF = "broken_off", _("Broken off")
    OTHER = "other", _("Other")


# Outcomes allowed per final status.
OUTCOMES_FOR: dict[str, frozenset[str]] = {
    ReferralStatus.COMPLETED: frozenset({ReferralOutcome.TAKEN_UP, ReferralOutcome.PARTLY}),
    ReferralStatus.NOT_COMPLETED: frozenset(
        {ReferralOutcome.NOT_TAKEN_UP, ReferralOutcome.BROKEN_OFF, ReferralOutcome.OTHER}
    ),
}


def _days_between(start: dt.datetime | None, end: dt.datetime | None) -> int | None:
    """Calendar days between two moments, counted in the local time zone."""
    if start is None or end is None:
        return None
    return (timezone.localdate(end) - timezone.localdate(start)).days


class Referral(RegionScopedModel):
    """A referral of one case to one partner offer, with the data shared at sending (frozen)."""

    Status = ReferralStatus
    Outcome = ReferralOutcome

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("Case"))
    need = models.ForeignKey(
        Need, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals", verbose_name=_("Need")
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals", verbose_name=_("Goal")
    )
    offer = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("Offer"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_received", verbose_name=_("Recipient")
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("Sent by")
    )
    status = models.CharField(_("Status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    shared_fields = models.JSONField(_("Shared fields"), default=list)
    # [{"key": …, "category": …, "value": …}] in the order of kim.referrals.sharing.SHAREABLE_FIELDS.
    shared_snapshot = models.JSONField(_("Shared content"), default=list, editable=False)
    release = models.ForeignKey(
        Release,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("Release from confidentiality"),
    )
    override_reason = models.TextField(_("Reason for sending without a release"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Release override by"),
    )
    sent_at = models.DateTimeField(_("Sent at"))
    accepted_at = models.DateTimeField(_("Accepted at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("Declined at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("Finished at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("Revoked at"), null=True, blank=True)
    decline_reason = models.TextField(_("Reason for declining"), blank=True)
    revoke_reason = models.TextField(_("Reason for revoking"), blank=True)
    outcome = models.CharField(_("Outcome"), max_length=20, choices=ReferralOutcome.choices, blank=True)
    feedback = models.TextField(_("Feedback"), blank=True)

    class Meta:
        verbose_name = _("Referral")
        verbose_name_plural = _("Referrals")
        ordering = ["-sent_at"]
        indexes = [
            models.Index(fields=["region", "organisation", "status"], name="referral_org_status"),
            models.Index(fields=["case", "-sent_at"], name="referral_case_sent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(release__isnull=False) | ~Q(override_reason=""),
                name="referral_release_or_override",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def allowed_next(self) -> frozenset[str]:
        return TRANSITIONS[self.status]

    @property
    def days_to_answer(self) -> int | None:
        """Waiting time from sending to acceptance (or to declining)."""
        return _days_between(self.sent_at, self.accepted_at or self.declined_at)

    @property
    def days_to_acceptance(self) -> int | None:
        return _days_between(self.sent_at, self.accepted_at)

    @property
    def days_to_completion(self) -> int | None:
        """Time from acceptance to the end (completed or not completed)."""
        return _days_between(self.accepted_at, self.completed_at)

    @property
    def days_waiting(self) -> int | None:
        """For a referral still waiting for an answer: days since it was sent."""
        if self.status != ReferralStatus.SENT:
            return None
        return _days_between(self.sent_at, timezone.now())

    @property
    def shared_categories(self) -> list[str]:
        return sorted({str(entry.get("category", "")) for entry in self.shared_snapshot})


class ReferralEvent(RegionScopedModel):
    """One step in the life of a referral: who changed it to what, when and why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events", verbose_name=_("Referral"))
    status = models.CharField(_("Status"), max_length=20, choices=ReferralStatus.choices)
    at = models.DateTimeField(_("Time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("Note"), blank=True)

    class Meta:
        verbose_name = _("Referral event")
        verbose_name_plural = _("Referral events")
        ordering = ["at", "created_at"]

    def __str__(self) -> str:
        return str(self.get_status_display())
