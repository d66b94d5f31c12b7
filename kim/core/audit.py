"""Writing the audit log: every write (old → new) and every read of personal data.

Services call these helpers inside their transaction, so the entry and the change
commit or fail together.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Protocol

from django.db import models
from django.db.models.fields.files import FieldFile

from kim.core.models import AuditEntry, Region, region_of

# Set by RequestContextMiddleware: "GET /manage/users/…" or "api GET /api/v1/…".
current_via: contextvars.ContextVar[str] = contextvars.ContextVar("kim_audit_via", default="")


class Actor(Protocol):
    pk: Any

    def get_username(self) -> str: ...


def _json_value(value: Any) -> Any:
    if isinstance(value, FieldFile):
        return value.name or None  # the stored (random) file name, never the content
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return sorted(_json_value(v) for v in value)
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """Concrete field values of ``instance`` as JSON-safe data (foreign keys as ids)."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"created_at", "updated_at", "password"}:
            continue
        values[field.name] = _json_value(getattr(instance, field.attname))
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Fields that changed, as ``{field: [old, new]}``."""
    keys = set(before) | set(after)
    return {key: [before.get(key), after.get(key)] for key in sorted(keys) if before.get(key) != after.get(key)}


def _actor_fields(actor: Actor | None) -> dict[str, Any]:
    if actor is None or getattr(actor, "pk", None) is None:
        return {"actor_id": None, "actor_label": "system"}
    return {"actor_id": actor.pk, "actor_label": actor.get_username()}


def object_type_of(instance: models.Model) -> str:
    return instance._meta.label_lower


def record(
    *,
    actor: Actor | None,
    action: str,
    object_type: str,
    object_id: Any = "",
    region: Region | None = None,
    changes: Mapping[str, Any] | None = None,
    via: str | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        **_actor_fields(actor),
        region=region,
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        changes=dict(changes or {}),
        via=(via if via is not None else current_via.get())[:300],
    )


def record_create(*, actor: Actor | None, instance: models.Model) -> AuditEntry:
    created = {key: [None, value] for key, value in snapshot(instance).items() if value not in (None, "")}
    return record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        object_type=object_type_of(instance),
        object_id=instance.pk,
        region=region_of(instance),
        changes=created,
    )


def record_update(
    *,
    actor: Actor | None,
    instance: models.Model,
    before: Mapping[str, Any],
    extra: Mapping[str, Any] | None = None,
) -> AuditEntry | None:
    """Log the fields that changed since ``before`` (a :func:`snapshot`); nothing if none did."""
    changes: dict[str, Any] = diff(before, snapshot(instance))
    changes.update(extra or {})
    if not changes:
        return None
    return record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        object_type=object_type_of(instance),
        object_id=instance.pk,
        region=region_of(instance),
        changes=changes,
    )


def record_delete(*, actor: Actor | None, instance: models.Model) -> AuditEntry:
    removed = {key: [value, None] for key, value in snapshot(instance).items() if value not in (None, "")}
    return record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        object_type=object_type_of(instance),
        object_id=instance.pk,
        region=region_of(instance),
        changes=removed,
    )


def record_read(*, actor: Actor | None, instance: models.Model, region: Region | None = None) -> AuditEntry:
    """Log that ``actor`` looked at a record holding personal data."""
    return record(
        actor=actor,
        action=AuditEntry.Action.READ,
        object_type=object_type_of(instance),
        object_id=instance.pk,
        region=region or region_of(instance),
    )
