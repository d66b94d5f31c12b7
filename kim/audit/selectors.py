"""Reads of the audit log, always scoped to the active region.

The writing side (``kim.core.audit`` and the model) depends on nothing, so every
app can log. This reading side needs to know who belongs to a region, which the
accounts app owns.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kim.accounts.models import Membership
from kim.audit.forms import AuditFilters
from kim.core.models import AuditEntry, Region


def audit_entries_for_region(*, region: Region) -> QuerySet[AuditEntry]:
    """Entries a data-protection officer of ``region`` may see, newest first.

    That is every entry of the region, plus region-less entries (sign-in, sign-out)
    of people who hold or held a membership in the region. Past memberships count:
    the log must still show what a person did while they worked here. Failed
    sign-ins carry no person and belong to no region, so they are not shown here.
    One query with a sub-select; no per-row lookups (the model has no relations to follow).
    """
    member_ids = Membership.objects.filter(region=region).values("user_id")
    return AuditEntry.objects.filter(
        Q(region=region) | Q(region__isnull=True, actor_id__in=member_ids),
    ).order_by("-at", "-id")


def audit_entries_search(*, region: Region, filters: AuditFilters) -> QuerySet[AuditEntry]:
    """The region's entries narrowed by the search form's filters (dates in local time)."""
    entries = audit_entries_for_region(region=region)
    start, end = filters.start(), filters.end()
    if start is not None:
        entries = entries.filter(at__gte=start)
    if end is not None:
        entries = entries.filter(at__lt=end)
    if filters.person:
        entries = entries.filter(actor_label__icontains=filters.person)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.object_type:
        entries = entries.filter(object_type=filters.object_type)
    if filters.object_id:
        entries = entries.filter(object_id__iexact=filters.object_id)
    if filters.via:
        entries = entries.filter(via__icontains=filters.via)
    return entries
