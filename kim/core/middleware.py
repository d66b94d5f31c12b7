from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from kim.core.audit import current_via


class RequestContextMiddleware:
    """Remember which page or API call a request came through, for the audit log.

    Only method and path are kept: query strings can carry search terms with names.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        prefix = "api " if request.path.startswith("/api/") else ""
        token = current_via.set(f"{prefix}{request.method} {request.path}")
        try:
            return self.get_response(request)
        finally:
            current_via.reset(token)
