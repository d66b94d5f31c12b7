from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The data-protection officer's pages on the audit log (the log itself lives in kim.core)."""

    name = "kim.audit"
    label = "audit"
    verbose_name = _("Audit log")
