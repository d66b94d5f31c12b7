"""Case work under /faelle/ (namespace "cases"): intake, client record, the case and its DGCC cycle."""

from django.urls import path

from kim.cases import views

urlpatterns = [
    path("aufnahme/", views.intake_start, name="intake_start"),
    path("aufnahme/neue-person/", views.intake_new, name="intake_new"),
    path("personen/<uuid:pk>/", views.client_detail, name="client_detail"),
    path("personen/<uuid:pk>/bearbeiten/", views.client_edit, name="client_edit"),
    path("personen/<uuid:pk>/neuer-fall/", views.client_case_open, name="client_case_open"),
    path("personen/<uuid:pk>/sprachen/neu/", views.client_language_add, name="client_language_add"),
    path(
        "personen/<uuid:pk>/sprachen/<uuid:language_pk>/entfernen/",
        views.client_language_remove,
        name="client_language_remove",
    ),
    path("personen/<uuid:pk>/haushalt/neu/", views.household_add, name="household_add"),
    path("personen/<uuid:pk>/haushalt/verlassen/", views.household_leave, name="household_leave"),
    path("fall/<uuid:pk>/", views.case_detail, name="case_detail"),
    path("fall/<uuid:pk>/zugang/", views.case_intake_edit, name="case_intake_edit"),
    path("fall/<uuid:pk>/zielgruppe/", views.case_target_group, name="case_target_group"),
    path("fall/<uuid:pk>/entscheidung/", views.case_decision, name="case_decision"),
    path("fall/<uuid:pk>/einwilligungen/neu/", views.consent_add, name="consent_add"),
    path(
        "fall/<uuid:pk>/einwilligungen/<uuid:consent_pk>/widerruf/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("fall/<uuid:pk>/einwilligungen/<uuid:consent_pk>/scan/", views.consent_scan, name="consent_scan"),
    path("fall/<uuid:pk>/assessment/neu/", views.assessment_add, name="assessment_add"),
    path("fall/<uuid:pk>/assessment/<uuid:assessment_pk>/", views.assessment_edit, name="assessment_edit"),
    path("fall/<uuid:pk>/assessment/<uuid:assessment_pk>/bedarfe/neu/", views.need_add, name="need_add"),
    path("fall/<uuid:pk>/bedarfe/<uuid:need_pk>/entfernen/", views.need_remove, name="need_remove"),
    path("fall/<uuid:pk>/ziele/neu/", views.goal_add, name="goal_add"),
    path("fall/<uuid:pk>/ziele/<uuid:goal_pk>/", views.goal_edit, name="goal_edit"),
    path("fall/<uuid:pk>/ziele/<uuid:goal_pk>/auswertung/", views.goal_evaluate, name="goal_evaluate"),
    path("fall/<uuid:pk>/ziele/<uuid:goal_pk>/schritte/neu/", views.step_add, name="step_add"),
    path("fall/<uuid:pk>/schritte/<uuid:step_pk>/", views.step_edit, name="step_edit"),
    path("fall/<uuid:pk>/kontakte/neu/", views.contact_add, name="contact_add"),
    path("fall/<uuid:pk>/kontakte/<uuid:contact_pk>/", views.contact_edit, name="contact_edit"),
    path("fall/<uuid:pk>/notizen/neu/", views.note_add, name="note_add"),
    path("fall/<uuid:pk>/notizen/<uuid:note_pk>/", views.note_edit, name="note_edit"),
    path("fall/<uuid:pk>/dokumente/neu/", views.document_upload, name="document_upload"),
    path("fall/<uuid:pk>/dokumente/<uuid:document_pk>/", views.document_download, name="document_download"),
    path(
        "fall/<uuid:pk>/dokumente/<uuid:document_pk>/loeschen/",
        views.document_delete,
        name="document_delete",
    ),
    path("fall/<uuid:pk>/abschluss/", views.case_close, name="case_close"),
    path("fall/<uuid:pk>/wiedereroeffnung/", views.case_reopen, name="case_reopen"),
]
