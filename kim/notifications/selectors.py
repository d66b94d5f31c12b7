"""Reads of notifications: always the acting person's own, in the active region."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from kim.accounts.models import User
from kim.core.models import Region
from kim.notifications.models import Notification, ReminderSettings


def notifications_for_user(*, user: User, region: Region | None, unread_only: bool = False) -> QuerySet[Notification]:
    """The person's notifications in ``region``, newest first (none without a region)."""
    if region is None:
        return Notification.objects.none()
    notifications = Notification.objects.filter(recipient=user, region=region)
    if unread_only:
        notifications = notifications.unread()
    return notifications.order_by("-created_at")


def notification_unread_count(*, user: User, region: Region | None) -> int:
    return notifications_for_user(user=user, region=region, unread_only=True).count()


def notification_get_for_user(*, user: User, region: Region | None, id: uuid.UUID | str) -> Notification:
    """One of the person's own notifications; anyone else's raises ``DoesNotExist`` (→ 404)."""
    return notifications_for_user(user=user, region=region).get(pk=id)


def reminder_settings_for(*, region: Region) -> ReminderSettings:
    """The region's settings; the defaults (unsaved) when the region has not set any."""
    found = ReminderSettings.objects.filter(region=region).first()
    return found if found is not None else ReminderSettings(region=region)
