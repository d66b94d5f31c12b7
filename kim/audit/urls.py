"""The audit log: search and export only. There is deliberately no URL that changes or deletes an entry."""

from django.urls import path

from kim.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.search, name="search"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.jsonl", views.export_json, name="export_json"),
]
