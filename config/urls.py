from django.contrib import admin
from django.urls import include, path

from config.api import api
from kim.core.views import not_found

handler403 = "kim.core.views.forbidden"
handler404 = "kim.core.views.not_found"


def _superuser_only(request) -> bool:  # type: ignore[no-untyped-def]
    return bool(request.user.is_active and request.user.is_superuser)


# The Django admin stays for superusers only; region admins use the staff pages under /verwaltung/.
admin.site.has_permission = _superuser_only  # type: ignore[method-assign]
admin.site.site_header = "KIM – Systemverwaltung"

urlpatterns = [
    path("", include("kim.accounts.urls")),
    path("", include("kim.core.urls")),
    path("verwaltung/", include("kim.administration.urls")),
    path("protokoll/", include("kim.audit.urls")),
    path("benachrichtigungen/", include("kim.notifications.urls")),
    path("faelle/", include("kim.cases.urls")),
    path("netzwerk/", include("kim.directory.urls")),
    path("vermittlungen/", include("kim.referrals.urls")),
    path("gremien/", include("kim.committees.urls")),
    path("themen/", include("kim.themes.urls")),
    # Public read APIs of published data (no login): Open Referral HSDS 3.0 and OParl 1.1.
    path("hsds/", include("kim.directory.urls_hsds")),
    path("oparl/", include("kim.committees.urls_oparl")),
    # E-mail addresses are managed by region admins; allauth's own e-mail page is closed.
    path("accounts/email/", not_found, name="account_email_closed"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]
