"""View decorators that check a capability in the active region (django-rules permission ``kim.<cap>``).

Anonymous visitors are sent to the login page; signed-in people without the
capability get the German 403 page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def capability_required(capability: str, *, needs_region: bool = True) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            region = getattr(request, "region", None)
            if needs_region and region is None:
                raise PermissionDenied
            if not request.user.has_perm(f"kim.{capability}", region):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
