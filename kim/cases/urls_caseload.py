"""Caseload lists, monitoring, caseload figures and the rights of the person (Art. 15/16)."""

from django.urls import path

from kim.cases import views_caseload as views

urlpatterns = [
    path("", views.my_cases, name="my_cases"),
    path("team/", views.team_cases, name="team_cases"),
    path("faellig/", views.due, name="due"),
    path("kennzahlen/", views.caseload_figures, name="caseload_figures"),
    path("fall/<uuid:pk>/monitoring/", views.case_monitoring, name="case_monitoring"),
    path("wiedervorlagen/<uuid:pk>/erledigt/", views.follow_up_done, name="follow_up_done"),
    path("personen/<uuid:pk>/auskunft/", views.client_export, name="client_export"),
    path("personen/<uuid:pk>/auskunft.json", views.client_export_json, name="client_export_json"),
    path("personen/<uuid:pk>/auskunft.zip", views.client_export_zip, name="client_export_zip"),
    path("personen/<uuid:pk>/korrekturen/", views.client_corrections, name="client_corrections"),
]
