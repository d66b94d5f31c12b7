from __future__ import annotations

from typing import Any

from kim.accounts.navigation import navigation_for
from kim.core.http import KimRequest


def shell(request: KimRequest) -> dict[str, Any]:
    """Header and navigation data for every page."""
    access = getattr(request, "access", None)
    return {
        "active_region": getattr(request, "region", None),
        "available_regions": getattr(request, "regions", []),
        "access": access,
        "navigation": navigation_for(request) if access is not None and request.user.is_authenticated else [],
    }
