from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext

from kim.accounts.selectors import (
    access_for,
    memberships_for_user,
    regions_for_user,
    user_needs_mfa,
)

ACTIVE_REGION_SESSION_KEY = "kim_active_region"


class ActiveRegionMiddleware:
    """Attach ``request.region`` (the tenant the user works in) and ``request.access``.

    A user with memberships in several regions picks one; the choice is kept in the
    session and checked against the memberships on every request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.region = None  # type: ignore[attr-defined]
        request.regions = []  # type: ignore[attr-defined]
        request.memberships = []  # type: ignore[attr-defined]
        user = request.user
        if user.is_authenticated:
            memberships = list(memberships_for_user(user=user))
            regions = regions_for_user(user=user, memberships=memberships)
            wanted = request.session.get(ACTIVE_REGION_SESSION_KEY)
            region = next((r for r in regions if str(r.pk) == wanted), regions[0] if regions else None)
            request.region = region  # type: ignore[attr-defined]
            request.regions = regions  # type: ignore[attr-defined]
            request.memberships = memberships  # type: ignore[attr-defined]
            access = access_for(user=user, region=region, memberships=memberships)
            user.__dict__.setdefault("_kim_access", {})[region.pk if region else None] = access
            request.access = access  # type: ignore[attr-defined]
        else:
            request.access = access_for(user=user, region=None)  # type: ignore[attr-defined, arg-type]
        return self.get_response(request)


# Public read APIs (OParl, HSDS) carry no personal data and are open to anyone.
MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/oparl/", "/hsds/")


class MfaRequiredMiddleware:
    """Send people who can see personal data to TOTP set-up until they have it.

    Paths are matched on ``path_info`` (without a deployment prefix such as /kim), so
    the set-up page itself stays exempt when the platform runs below a sub-path.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.KIM_MFA_REQUIRED
            and request.user.is_authenticated
            and not request.path_info.startswith(MFA_EXEMPT_PREFIXES)
            and user_needs_mfa(user=request.user, memberships=request.memberships)  # type: ignore[attr-defined]
        ):
            from allauth.mfa.models import Authenticator

            if not Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists():
                if request.path_info.startswith("/api/"):
                    return JsonResponse(
                        {"detail": gettext("Two-factor authentication is required. Please set it up in the browser.")},
                        status=403,
                    )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
