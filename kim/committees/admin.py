"""Django admin (superusers only): a read-mostly view for support; region staff use /gremien/."""

from __future__ import annotations

from django.contrib import admin

from kim.committees.models import Body, BodyMembership, Meeting, Paper


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "is_active", "deleted_at")
    list_filter = ("kind", "region")
    search_fields = ("name", "short_name")


@admin.register(BodyMembership)
class BodyMembershipAdmin(admin.ModelAdmin):
    list_display = ("body", "function", "role", "start_on", "end_on")
    list_filter = ("role", "body__region")
    raw_id_fields = ("user", "deputy_of")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("body", "number", "start", "status", "minutes_status", "published")
    list_filter = ("status", "minutes_status", "body__region")
    readonly_fields = ("uid", "sequence")


@admin.register(Paper)
class PaperAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "body", "confidential")
    list_filter = ("confidential", "body__region")
    search_fields = ("reference", "title")
