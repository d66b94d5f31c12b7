"""The region administrator's case-management settings under /faelle/einstellungen/ (namespace "cases")."""

from django.urls import path

from kim.cases import views_settings as views

urlpatterns = [
    path("einwilligungstexte/", views.consent_text_list, name="settings_consent_texts"),
    path("einwilligungstexte/neu/", views.consent_text_create, name="settings_consent_text_create"),
    path("einwilligungstexte/<uuid:pk>/", views.consent_text_detail, name="settings_consent_text_detail"),
    path(
        "einwilligungstexte/<uuid:pk>/neue-version/",
        views.consent_text_new_version,
        name="settings_consent_text_new_version",
    ),
    path(
        "einwilligungstexte/<uuid:pk>/bearbeiten/",
        views.consent_text_update,
        name="settings_consent_text_update",
    ),
    path("einwilligungstexte/<uuid:pk>/loeschen/", views.consent_text_delete, name="settings_consent_text_delete"),
    path("zielgruppenregeln/", views.rule_list, name="settings_rules"),
    path("zielgruppenregeln/neu/", views.rule_create, name="settings_rule_create"),
    path("zielgruppenregeln/<uuid:pk>/bearbeiten/", views.rule_update, name="settings_rule_update"),
    path("zielgruppenregeln/<uuid:pk>/aktivieren/", views.rule_activate, name="settings_rule_activate"),
    path("zielgruppenregeln/<uuid:pk>/deaktivieren/", views.rule_deactivate, name="settings_rule_deactivate"),
    path("zielgruppenregeln/<uuid:pk>/verschieben/", views.rule_move, name="settings_rule_move"),
]
