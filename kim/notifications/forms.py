"""Input of the notification pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kim.core.forms import KernForm, KernModelForm
from kim.notifications.models import ReminderSettings


class ReminderSettingsForm(KernModelForm):
    class Meta:
        model = ReminderSettings
        fields = ["residence_lead_days", "step_lead_days", "email_enabled"]


class NotificationFilterForm(KernForm):
    unread = forms.BooleanField(label=_("Only unread"), required=False)
