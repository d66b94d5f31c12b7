from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The reference installation (seed_demo). Reads every app; nothing imports it."""

    name = "kim.demo"
    label = "demo"
    verbose_name = _("Demo data")
