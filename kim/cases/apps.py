from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "kim.cases"
    label = "cases"
    verbose_name = _("Case management")

    def ready(self) -> None:
        # Register the object rules (django-rules) for cases at start-up.
        from kim.cases import permissions  # noqa: F401
