from django.urls import path

from kim.committees import views

# Mounted under /gremien/ (namespace "committees").
urlpatterns = [
    path("", views.body_list, name="body_list"),
    path("neu/", views.body_create, name="body_create"),
    path("<uuid:pk>/", views.body_detail, name="body_detail"),
    path("<uuid:pk>/bearbeiten/", views.body_update, name="body_update"),
    path("<uuid:pk>/mitglieder/neu/", views.membership_create, name="membership_create"),
    path("<uuid:pk>/sitzungen/neu/", views.meeting_create, name="meeting_create"),
    path("<uuid:pk>/vorlagen/neu/", views.paper_create, name="paper_create"),
    path("mitglieder/<uuid:pk>/bearbeiten/", views.membership_update, name="membership_update"),
    path("mitglieder/<uuid:pk>/beenden/", views.membership_end, name="membership_end"),
    path("sitzungen/<uuid:pk>/", views.meeting_detail, name="meeting_detail"),
    path("sitzungen/<uuid:pk>/bearbeiten/", views.meeting_update, name="meeting_update"),
    path("sitzungen/<uuid:pk>/absagen/", views.meeting_cancel, name="meeting_cancel"),
    path("sitzungen/<uuid:pk>/einladung/", views.meeting_invite, name="meeting_invite"),
    path("sitzungen/<uuid:pk>/rueckmeldung/", views.invitation_reply, name="invitation_reply"),
    path("sitzungen/<uuid:pk>/gaeste/neu/", views.guest_create, name="guest_create"),
    path("sitzungen/<uuid:pk>/anwesenheit/", views.attendance, name="attendance"),
    path("sitzungen/<uuid:pk>/tagesordnung/neu/", views.agenda_item_create, name="agenda_item_create"),
    path("sitzungen/<uuid:pk>/protokoll/", views.minutes_edit, name="minutes_edit"),
    path("sitzungen/<uuid:pk>/protokoll/status/", views.minutes_status, name="minutes_status"),
    path("sitzungen/<uuid:pk>/aufgaben/neu/", views.action_item_create, name="action_item_create"),
    path("sitzungen/<uuid:pk>/dokumente/neu/", views.meeting_file_upload, name="meeting_file_upload"),
    path("sitzungen/<uuid:pk>/druck/tagesordnung/", views.print_agenda, name="print_agenda"),
    path("sitzungen/<uuid:pk>/druck/protokoll/", views.print_minutes, name="print_minutes"),
    path("tagesordnung/<uuid:pk>/bearbeiten/", views.agenda_item_update, name="agenda_item_update"),
    path("tagesordnung/<uuid:pk>/verschieben/", views.agenda_item_move, name="agenda_item_move"),
    path("tagesordnung/<uuid:pk>/entfernen/", views.agenda_item_remove, name="agenda_item_remove"),
    path("tagesordnung/<uuid:pk>/beschluss/neu/", views.decision_create, name="decision_create"),
    path("tagesordnung/<uuid:pk>/dokumente/neu/", views.agenda_item_file_upload, name="agenda_item_file_upload"),
    path("aufgaben/<uuid:pk>/status/", views.action_item_status, name="action_item_status"),
    path("vorlagen/<uuid:pk>/", views.paper_detail, name="paper_detail"),
    path("vorlagen/<uuid:pk>/bearbeiten/", views.paper_update, name="paper_update"),
    path("vorlagen/<uuid:pk>/dokumente/neu/", views.paper_file_upload, name="paper_file_upload"),
    path("dokumente/<uuid:pk>/", views.file_download, name="file_download"),
    # Personal reply link from the invitation e-mail (no sign-in; the token is random, not personal data).
    path("rueckmeldung/<str:token>/", views.invitation_reply_by_link, name="invitation_reply_by_link"),
    path("dokumente/<uuid:pk>/entfernen/", views.file_remove, name="file_remove"),
]
