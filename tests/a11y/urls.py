"""The project's URLs plus one that fails on purpose, so the check sees the 500 page."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler403, handler404
from config.urls import urlpatterns as project_urlpatterns

SERVER_ERROR_PATH = "a11y-check/server-error/"


def server_error(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("Deliberate error of the accessibility check (tests/a11y).")


urlpatterns: list[Any] = [*project_urlpatterns, path(SERVER_ERROR_PATH, server_error)]

__all__ = ["handler403", "handler404", "urlpatterns"]
