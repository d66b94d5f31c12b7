"""Django admin for superusers only (operators). Region admins use the staff pages under /verwaltung/."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kim.core import audit
from kim.core.models import AuditEntry, CatalogueEntry, FundedPost, KeyDate, Municipality, Organisation, Region, Team
from kim.core.services import region_seed_catalogues


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "ags", "kind", "slug", "is_active"]
    search_fields = ["name", "ags"]

    def save_model(self, request: HttpRequest, obj: Region, form: Any, change: bool) -> None:
        before = audit.snapshot(obj) if change else None
        super().save_model(request, obj, form, change)
        if before is None:
            audit.record_create(actor=request.user, instance=obj)
            region_seed_catalogues(actor=request.user, region=obj)
        else:
            audit.record_update(actor=request.user, instance=obj, before=before)


class RegionScopedAdmin(admin.ModelAdmin):
    list_filter = ["region"]


for model in (Municipality, Organisation, Team, CatalogueEntry, FundedPost, KeyDate):
    admin.site.register(model, RegionScopedAdmin)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: nobody changes the audit log through the application."""

    list_display = ["at", "actor_label", "action", "object_type", "object_id", "region"]
    list_filter = ["action", "region"]
    search_fields = ["actor_label", "object_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
