from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app notifications and reminder e-mails for every capability (cases, referrals, themes)."""

    name = "kim.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
