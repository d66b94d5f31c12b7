from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    """From case findings to measures: barrier reports, generative themes, decisions, measures."""

    name = "kim.themes"
    label = "themes"
    verbose_name = _("Themes and measures")
