"""Test-only URLconf: the real routes plus views that fail on purpose (kim/core/tests/test_error_pages.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler403, handler404
from config.urls import urlpatterns as platform_urlpatterns

# Invented name: the error pages must not echo it back.
PERSONAL_DETAIL = "Mustermann-Geheimakte"


def broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(f"Unexpected failure while loading {PERSONAL_DETAIL}")


def forbidden_view(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(f"No access to {PERSONAL_DETAIL}")


urlpatterns = [
    path("test/fehler/", broken_view),
    path("test/verboten/", forbidden_view),
    *platform_urlpatterns,
]

__all__ = ["handler403", "handler404", "urlpatterns"]
