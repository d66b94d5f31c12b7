"""Small building blocks every app's services use to write a model instance.

A service validates with :func:`full_clean` (field errors become a ``ValidationFailed``
naming the field, never a 500), saves with :func:`save_or_conflict` (a unique constraint
hit by a concurrent write becomes the service's own conflict message) and changes only
what really changed with :func:`assign` (the names go to ``update_fields`` and the audit log).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction

from kim.core.errors import ApplicationError, ValidationFailed


def full_clean(instance: models.Model, *, exclude: Iterable[str] | None = None, constraints: bool = False) -> None:
    """The model's field validation (and its constraints if asked) as a domain error naming the first bad field."""
    try:
        instance.full_clean(exclude=list(exclude or ()), validate_unique=False, validate_constraints=constraints)
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict"):
            field, errors = next(iter(exc.message_dict.items()))
            raise ValidationFailed(errors[0], field=None if field == NON_FIELD_ERRORS else field) from exc
        raise ValidationFailed(exc.messages[0]) from exc


def save_or_conflict(
    instance: models.Model, *, conflict: ApplicationError, update_fields: list[str] | None = None
) -> None:
    """Save in a savepoint; a unique constraint hit by a concurrent write becomes ``conflict``."""
    try:
        with transaction.atomic():
            instance.save(update_fields=update_fields)
    except IntegrityError as exc:
        raise conflict from exc


def assign(instance: models.Model, values: Mapping[str, Any]) -> list[str]:
    """Set the given attributes; returns the names that really changed (for ``update_fields``)."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed
