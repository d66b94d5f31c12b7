"""OParl 1.1 (public, read-only): mounted at /oparl/ with namespace "oparl".

Paths follow the OParl object types (English, as in the specification), ids are UUIDs.
"""

from django.urls import path

from kim.committees import oparl

app_name = "oparl"

urlpatterns = [
    path("v1/system", oparl.system, name="system"),
    path("v1/body", oparl.body_list, name="body_list"),
    path("v1/body/<uuid:pk>", oparl.body, name="body"),
    path("v1/body/<uuid:pk>/organization", oparl.body_organization, name="body_organization"),
    path("v1/body/<uuid:pk>/person", oparl.body_person, name="body_person"),
    path("v1/body/<uuid:pk>/meeting", oparl.body_meeting, name="body_meeting"),
    path("v1/body/<uuid:pk>/agendaitem", oparl.body_agendaitem, name="body_agendaitem"),
    path("v1/body/<uuid:pk>/consultation", oparl.body_consultation, name="body_consultation"),
    path("v1/body/<uuid:pk>/paper", oparl.body_paper, name="body_paper"),
    path("v1/body/<uuid:pk>/file", oparl.body_file, name="body_file"),
    path("v1/body/<uuid:pk>/membership", oparl.body_membership, name="body_membership"),
    path("v1/body/<uuid:pk>/legislativeterm", oparl.body_legislativeterm, name="body_legislativeterm"),
    path("v1/organization/<uuid:pk>", oparl.organization, name="organization"),
    path("v1/organization/<uuid:pk>/meeting", oparl.organization_meeting, name="organization_meeting"),
    path("v1/person/<uuid:pk>", oparl.person, name="person"),
    path("v1/membership/<uuid:pk>", oparl.membership, name="membership"),
    path("v1/meeting/<uuid:pk>", oparl.meeting, name="meeting"),
    path("v1/meeting/<uuid:pk>/location", oparl.location, name="location"),
    path("v1/agendaitem/<uuid:pk>", oparl.agendaitem, name="agendaitem"),
    path("v1/consultation/<uuid:pk>", oparl.consultation, name="consultation"),
    path("v1/paper/<uuid:pk>", oparl.paper, name="paper"),
    path("v1/file/<uuid:pk>", oparl.file, name="file"),
    path("v1/file/<uuid:pk>/access", oparl.file_access, name="file_access"),
    path("v1/file/<uuid:pk>/download", oparl.file_download, name="file_download"),
    path("v1/legislativeterm/<uuid:pk>", oparl.legislativeterm, name="legislativeterm"),
]
