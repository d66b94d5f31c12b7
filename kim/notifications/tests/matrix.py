"""Objects of region A for the permission matrix (tests/permission_matrix.py)."""

from __future__ import annotations

from kim.notifications.models import Notification
from tests.permission_matrix import register_objects


def _notification(w):
    notification, _ = Notification.objects.get_or_create(
        region=w.region,
        recipient=w.users["fallmanagement1"],
        kind=Notification.Kind.REMINDER,
        title="2 Schritte sind fällig",
        defaults={"url": "/faelle/"},
    )
    return notification


register_objects("notifications:mark_read")(lambda w: {"pk": _notification(w).pk})
