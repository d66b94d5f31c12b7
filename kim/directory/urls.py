"""Pages of the network directory under /netzwerk/."""

from django.urls import path

from kim.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.search, name="search"),
    path("angebote/", views.service_manage_list, name="service_manage_list"),
    path("angebote/neu/", views.service_create, name="service_create"),
    path("angebote/<uuid:pk>/", views.service_detail, name="service_detail"),
    path("angebote/<uuid:pk>/bearbeiten/", views.service_update, name="service_update"),
    path("angebote/<uuid:pk>/zeiten/neu/", views.schedule_create, name="schedule_create"),
    path("angebote/<uuid:pk>/zeiten/<uuid:schedule_pk>/loeschen/", views.schedule_delete, name="schedule_delete"),
    path("angebote/<uuid:pk>/zeiten/<uuid:schedule_pk>/bearbeiten/", views.schedule_update, name="schedule_update"),
    path("angebote/<uuid:pk>/ansprechpersonen/neu/", views.contact_create, name="contact_create"),
    path(
        "angebote/<uuid:pk>/ansprechpersonen/<uuid:contact_pk>/loeschen/",
        views.contact_delete,
        name="contact_delete",
    ),
    path(
        "angebote/<uuid:pk>/ansprechpersonen/<uuid:contact_pk>/bearbeiten/",
        views.contact_update,
        name="contact_update",
    ),
    path("angebote/<uuid:pk>/telefon/neu/", views.phone_create, name="phone_create"),
    path("angebote/<uuid:pk>/telefon/<uuid:phone_pk>/loeschen/", views.phone_delete, name="phone_delete"),
    path("angebote/<uuid:pk>/telefon/<uuid:phone_pk>/bearbeiten/", views.phone_update, name="phone_update"),
    path("angebote/<uuid:pk>/orte/neu/", views.service_location_add, name="service_location_add"),
    path(
        "angebote/<uuid:pk>/orte/<uuid:link_pk>/entfernen/",
        views.service_location_remove,
        name="service_location_remove",
    ),
    path(
        "angebote/<uuid:pk>/orte/<uuid:link_pk>/entfernen/bestaetigen/",
        views.service_location_remove_confirm,
        name="service_location_remove_confirm",
    ),
    path(
        "angebote/<uuid:pk>/orte/<uuid:link_pk>/bearbeiten/",
        views.service_location_update,
        name="service_location_update",
    ),
    path("angebote/<uuid:pk>/uebersetzung/", views.translation_save, name="translation_save"),
    path("organisationen/<uuid:pk>/profil/", views.organisation_profile, name="organisation_profile"),
    path("orte/", views.location_list, name="location_list"),
    path("orte/neu/", views.location_create, name="location_create"),
    path("orte/<uuid:pk>/bearbeiten/", views.location_update, name="location_update"),
    path("zustaendigkeiten/", views.matrix, name="matrix"),
    path("zustaendigkeiten/export/", views.matrix_export, name="matrix_export"),
    path("analyse/", views.analysis, name="analysis"),
    path("analyse/export/", views.analysis_export, name="analysis_export"),
    path("import/", views.import_offers, name="import"),
    path("import/vorlage/", views.import_template, name="import_template"),
]
