"""Audit receivers for authentication events (the only signals we use: Django sends them)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from kim.core import audit
from kim.core.models import AuditEntry


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(actor=user, action=AuditEntry.Action.LOGIN, object_type="accounts.user", object_id=user.pk)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(
            actor=user,
            action=AuditEntry.Action.LOGOUT,
            object_type="accounts.user",
            object_id=user.pk,
        )


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # The attempted login name is not stored: it may be a mistyped password.
    audit.record(actor=None, action=AuditEntry.Action.LOGIN_FAILED, object_type="accounts.user")
