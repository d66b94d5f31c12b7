"""Django admin (superusers only) for the case-management configuration of a region.

Case files themselves are deliberately not registered: every read of a case must go
through the access-checked, audited pages of the case team.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kim.cases.models import ConsentText, TargetGroupRule
from kim.core import audit


class AuditedConfigAdmin(admin.ModelAdmin):
    list_filter = ["region"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = audit.snapshot(obj) if change else None
        super().save_model(request, obj, form, change)
        if before is None:
            audit.record_create(actor=request.user, instance=obj)
        else:
            audit.record_update(actor=request.user, instance=obj, before=before)


@admin.register(TargetGroupRule)
class TargetGroupRuleAdmin(AuditedConfigAdmin):
    list_display = ["label_de", "region", "kind", "months", "is_active"]


@admin.register(ConsentText)
class ConsentTextAdmin(AuditedConfigAdmin):
    list_display = ["purpose", "language", "version", "valid_from", "region"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A text that people agreed to is evidence: new wording is a new version.
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None and obj.consents.exists():
            return ["region", "purpose", "language", "version", "text", "valid_from"]
        return []
