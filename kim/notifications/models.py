"""In-app notifications, the region's reminder settings, and the log of reminders sent.

A notification never carries personal data: its title says what kind of thing needs
attention ("3 steps are due"), its link points to a page by UUID; the page behind the
link checks access again. Reminders are recorded per person and day, so the daily job
can run twice without sending twice.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kim.core.models import BaseModel, Region, RegionScopedModel


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(RegionScopedModel):
    """A message to one person in one region, shown in the platform until it is marked as read."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        CASE = "case", _("Case management")
        REFERRAL = "referral", _("Referral")
        THEME = "theme", _("Barrier reports and themes")
        COMMITTEE = "committee", _("Committees")
        SYSTEM = "system", _("System")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("Recipient"),
    )
    kind = models.CharField(_("Kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("Title"), max_length=200)
    url = models.CharField(
        _("Link"),
        max_length=300,
        blank=True,
        help_text=_("A path within the platform, for example /faelle/<id>/; never personal data."),
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Notification")
        verbose_name_plural = _("Notifications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "region", "read_at"], name="notification_inbox"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ReminderSettings(BaseModel):
    """How a region wants its case managers reminded (one row per region; defaults when missing)."""

    DEFAULT_RESIDENCE_LEAD_DAYS = 90

    region = models.OneToOneField(
        Region, on_delete=models.PROTECT, related_name="reminder_settings", verbose_name=_("Region")
    )
    residence_lead_days = models.PositiveSmallIntegerField(
        _("Lead time for expiring residence titles (days)"),
        default=DEFAULT_RESIDENCE_LEAD_DAYS,
        validators=[MinValueValidator(7), MaxValueValidator(365)],
        help_text=_("A residence title counts as expiring this many days before its end date."),
    )
    step_lead_days = models.PositiveSmallIntegerField(
        _("Advance notice for steps (days)"),
        default=0,
        validators=[MaxValueValidator(30)],
        help_text=_("0: a step appears on its due date; 3: three days before it."),
    )
    email_enabled = models.BooleanField(
        _("Send daily reminder e-mails"),
        default=True,
        help_text=_("The e-mail only gives numbers and a link; names and case content stay in the platform."),
    )

    class Meta:
        verbose_name = _("Reminder settings")
        verbose_name_plural = _("Reminder settings")

    def __str__(self) -> str:
        return str(_("Reminder settings"))


class ReminderDelivery(RegionScopedModel):
    """One person's daily reminder: recorded before it is sent, so each day has at most one."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_deliveries",
        verbose_name=_("Recipient"),
    )
    day = models.DateField(_("Day"))
    due_steps = models.PositiveIntegerField(_("Steps due"), default=0)
    overdue_steps = models.PositiveIntegerField(_("Overdue steps"), default=0)
    expiring_titles = models.PositiveIntegerField(_("Expiring residence titles"), default=0)
    legal_domain_changes = models.PositiveIntegerField(_("Changes of legal domain"), default=0)
    emailed = models.BooleanField(_("E-mail sent"), default=False)
    notification = models.ForeignKey(
        Notification,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Notification"),
    )

    class Meta:
        verbose_name = _("Reminder sent")
        verbose_name_plural = _("Reminders sent")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["region", "recipient", "day"], name="reminder_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}"
