"""Writes on notifications and reminder settings: keyword-only, one transaction, audited.

``notify`` is the one entry point other capabilities use (case reminders, referrals,
themes). It refuses links that leave the platform and titles that are empty; it does
not (cannot) read the title for names, so callers keep personal data out of it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.accounts.models import Membership, User
from kim.core import audit
from kim.core.audit import Actor
from kim.core.errors import PermissionDeniedError, ValidationFailed
from kim.core.models import AuditEntry, Region
from kim.notifications.models import Notification, ReminderSettings

TITLE_MAX_LENGTH = Notification._meta.get_field("title").max_length or 200
URL_MAX_LENGTH = Notification._meta.get_field("url").max_length or 300


def _check_url(url: str) -> str:
    """A path inside the platform: starts with one slash, no scheme, no host, no whitespace."""
    url = url.strip()
    if not url:
        return ""
    if not url.startswith("/") or url.startswith("//") or "\\" in url or any(ch.isspace() for ch in url):
        raise ValidationFailed(_("The link must be a path within the platform, starting with “/”."), field="url")
    if len(url) > URL_MAX_LENGTH:
        raise ValidationFailed(_("The link is too long."), field="url")
    return url


@transaction.atomic
def notify(*, recipient: User, region: Region, kind: str, title: str, url: str = "") -> Notification:
    """Leave a notification for ``recipient`` in ``region``.

    ``title`` and ``url`` must not contain personal data (use counts and UUIDs). The
    recipient must hold a current membership in the region, so that nobody receives
    messages about a region they do not work in.
    """
    title = " ".join(title.split())
    if not title:
        raise ValidationFailed(_("A notification needs a title."), field="title")
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationFailed(_("The title of a notification is too long."), field="title")
    if kind not in Notification.Kind.values:
        raise ValidationFailed(_("Unknown kind of notification."), field="kind")
    url = _check_url(url)
    if not Membership.objects.current().filter(user=recipient, region=region).exists():
        raise ValidationFailed(_("The recipient does not work in this region."), field="recipient")
    notification = Notification.objects.create(region=region, recipient=recipient, kind=kind, title=title, url=url)
    audit.record_create(actor=None, instance=notification)
    return notification


@transaction.atomic
def notification_mark_read(*, actor: User, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications as read (again reading it changes nothing)."""
    if notification.recipient_id != actor.pk:
        raise PermissionDeniedError(_("This notification is addressed to someone else."))
    if notification.read_at is not None:
        return notification
    before = audit.snapshot(notification)
    notification.read_at = timezone.now()
    notification.save(update_fields=["read_at", "updated_at"])
    audit.record_update(actor=actor, instance=notification, before=before)
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor: User, region: Region) -> int:
    """Mark every unread notification of ``actor`` in ``region`` as read; returns how many."""
    unread = Notification.objects.unread().filter(recipient=actor, region=region)
    ids = [str(pk) for pk in unread.values_list("pk", flat=True)]
    if not ids:
        return 0
    now = timezone.now()
    count = Notification.objects.filter(pk__in=ids).update(read_at=now, updated_at=now)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        object_type=audit.object_type_of(Notification()),
        region=region,
        changes={"read_at": [None, now.isoformat()], "ids": sorted(ids)},
    )
    return count


@transaction.atomic
def reminder_settings_update(
    *,
    actor: Actor | None,
    region: Region,
    residence_lead_days: int,
    step_lead_days: int,
    email_enabled: bool,
) -> ReminderSettings:
    """Create or change the region's reminder settings (region administration)."""
    current = ReminderSettings.objects.select_for_update().filter(region=region).first()
    values = {
        "residence_lead_days": residence_lead_days,
        "step_lead_days": step_lead_days,
        "email_enabled": email_enabled,
    }
    if current is None:
        current = ReminderSettings(region=region, **values)
        _validate(current)
        current.save()
        audit.record_create(actor=actor, instance=current)
        return current
    before = audit.snapshot(current)
    changed = [name for name, value in values.items() if getattr(current, name) != value]
    if not changed:
        return current
    for name in changed:
        setattr(current, name, values[name])
    _validate(current)
    current.save(update_fields=[*changed, "updated_at"])
    audit.record_update(actor=actor, instance=current, before=before)
    return current


def _validate(settings: ReminderSettings) -> None:
    try:
        settings.full_clean(exclude=["region"], validate_unique=False)
    except ValidationError as exc:
        field, errors = next(iter(exc.message_dict.items()))
        raise ValidationFailed(errors[0], field=field) from exc
