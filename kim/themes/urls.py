"""Pages of the theme loop under /themen/ (namespace "themes")."""

from django.urls import path

from kim.themes import views

app_name = "themes"

urlpatterns = [
    path("", views.theme_list, name="theme_list"),
    path("neu/", views.theme_create, name="theme_create"),
    path("export.csv", views.theme_export, name="theme_export"),
    path("<uuid:pk>/", views.theme_detail, name="theme_detail"),
    path("<uuid:pk>/bearbeiten/", views.theme_edit, name="theme_edit"),
    path("<uuid:pk>/zusammenfuehren/", views.theme_merge, name="theme_merge"),
    path("<uuid:pk>/aufteilen/", views.theme_split, name="theme_split"),
    path("<uuid:pk>/lenkungsgruppe/", views.theme_send, name="theme_send"),
    path("<uuid:pk>/priorisierung/", views.theme_score, name="theme_score"),
    path("<uuid:pk>/entscheidung/", views.theme_decide, name="theme_decide"),
    path("<uuid:pk>/lokale-eingaben/neu/", views.local_input_add, name="local_input_add"),
    path("<uuid:pk>/massnahmen/neu/", views.measure_create, name="measure_create"),
    path("massnahmen/<uuid:pk>/", views.measure_detail, name="measure_detail"),
    path("massnahmen/<uuid:pk>/status/", views.measure_transition, name="measure_transition"),
    path("massnahmen/<uuid:pk>/meilensteine/neu/", views.milestone_add, name="milestone_add"),
    path(
        "massnahmen/<uuid:pk>/meilensteine/<uuid:milestone_pk>/bearbeiten/",
        views.milestone_edit,
        name="milestone_edit",
    ),
    path("massnahmen/<uuid:pk>/angebote/neu/", views.measure_offer_add, name="measure_offer_add"),
    path("meldungen/", views.inbox, name="inbox"),
    path("meldungen/export.csv", views.inbox_export, name="inbox_export"),
    path("meldungen/<uuid:pk>/", views.report_detail, name="report_detail"),
    path("meldungen/<uuid:pk>/zuordnen/<uuid:theme_pk>/", views.report_assign_suggested, name="report_assign"),
    path("meldungen/<uuid:pk>/aus-thema-nehmen/", views.report_unassign, name="report_unassign"),
    path("meine-meldungen/", views.my_reports, name="my_reports"),
    path("fall/<uuid:case_pk>/meldung/neu/", views.report_create, name="report_create"),
]
