"""Rule predicates (django-rules): every capability is the permission ``kim.<capability>``.

The object of a check is the region it happens in; the per-request ``Access`` is
cached on the user so that a page with many checks queries memberships once.
"""

from __future__ import annotations

from typing import Any

import rules

from kim.accounts.roles import Capability
from kim.core.models import Region


def _access(user: Any, region: Region | None) -> Any:
    from kim.accounts.selectors import access_for

    cache: dict[Any, Any] = user.__dict__.setdefault("_kim_access", {})
    key = region.pk if region is not None else None
    if key not in cache:
        cache[key] = access_for(user=user, region=region)
    return cache[key]


def has_capability(capability: str) -> Any:
    @rules.predicate(name=f"has_{capability}")
    def predicate(user: Any, region: Region | None = None) -> bool:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        return capability in _access(user, region).capabilities

    return predicate


for _capability in Capability:
    rules.add_perm(f"kim.{_capability.value}", has_capability(_capability.value))


def permission_name(capability: str) -> str:
    return f"kim.{capability}"
