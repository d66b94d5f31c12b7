"""The request as our middleware leaves it: typed, so views need no ``type: ignore``.

``ActiveRegionMiddleware`` (kim.accounts) sets these attributes on every request.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.http import HttpRequest

from kim.core.models import Region


class AccessLike(Protocol):
    region: Region | None
    roles: frozenset[str]
    capabilities: frozenset[str]
    team_ids: frozenset[str]
    organisation_ids: frozenset[str]

    def can(self, capability: str) -> bool: ...


class KimRequest(HttpRequest):
    region: Region | None
    regions: list[Region]
    memberships: list[Any]
    access: AccessLike
