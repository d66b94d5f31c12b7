from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kim.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        # Register the django-rules permissions kim.<capability> and the login/logout audit receivers.
        from kim.accounts import permissions, signals  # noqa: F401
