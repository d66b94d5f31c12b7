"""The JSON API under /api/v1/ (Django Ninja, OpenAPI at /api/v1/openapi.json).

Each app contributes a router from its ``api.py``; they use the same selectors and
services as the pages, so scoping is the same everywhere.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from kim.accounts.api import router as accounts_router
from kim.cases.api import router as cases_router
from kim.committees.api import router as committees_router
from kim.core.api import router as core_router
from kim.core.errors import ApplicationError, PermissionDeniedError
from kim.directory.api import router as directory_router
from kim.referrals.api import router as referrals_router
from kim.themes.api import router as themes_router

api = NinjaAPI(
    title="KIM API",
    version="1",
    description="API of the KIM platform. Authentication by session cookie (with CSRF token for writes).",
    urls_namespace="api",
    auth=django_auth,
)


@api.exception_handler(PermissionDeniedError)
def _permission_denied(request: HttpRequest, exc: PermissionDeniedError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=403)


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=400)


api.add_router("/", accounts_router)
api.add_router("/", core_router)
api.add_router("/cases/", cases_router)
api.add_router("/directory/", directory_router)
api.add_router("/committees/", committees_router)
api.add_router("/referrals/", referrals_router)
api.add_router("/themes/", themes_router)
