from django.urls import path

from kim.administration import views

app_name = "manage"

urlpatterns = [
    path("", views.index, name="index"),
    # Municipalities
    path("kommunen/", views.municipality_list, name="municipality_list"),
    path("kommunen/neu/", views.municipality_create, name="municipality_create"),
    path("kommunen/<uuid:pk>/bearbeiten/", views.municipality_update, name="municipality_update"),
    # Organisations
    path("organisationen/", views.organisation_list, name="organisation_list"),
    path("organisationen/neu/", views.organisation_create, name="organisation_create"),
    path("organisationen/<uuid:pk>/bearbeiten/", views.organisation_update, name="organisation_update"),
    # Teams
    path("teams/", views.team_list, name="team_list"),
    path("teams/neu/", views.team_create, name="team_create"),
    path("teams/<uuid:pk>/bearbeiten/", views.team_update, name="team_update"),
    # People and roles
    path("benutzer/", views.user_list, name="user_list"),
    path("benutzer/neu/", views.user_create, name="user_create"),
    path("benutzer/<uuid:pk>/", views.user_detail, name="user_detail"),
    path("benutzer/<uuid:pk>/bearbeiten/", views.user_update, name="user_update"),
    path("benutzer/<uuid:pk>/deaktivieren/", views.user_deactivate, name="user_deactivate"),
    path("benutzer/<uuid:pk>/reaktivieren/", views.user_reactivate, name="user_reactivate"),
    path("benutzer/<uuid:pk>/einladung/", views.user_invitation_resend, name="user_invitation_resend"),
    path("benutzer/<uuid:pk>/rollen/neu/", views.membership_create, name="membership_create"),
    path(
        "benutzer/<uuid:pk>/rollen/<uuid:membership_pk>/beenden/",
        views.membership_end,
        name="membership_end",
    ),
    # Catalogues
    path("kataloge/", views.catalogue_list, name="catalogue_list"),
    path("kataloge/neu/", views.catalogue_entry_create, name="catalogue_entry_create"),
    path("kataloge/<uuid:pk>/bearbeiten/", views.catalogue_entry_update, name="catalogue_entry_update"),
    # Funded posts
    path("stellen/", views.funded_post_list, name="funded_post_list"),
    path("stellen/neu/", views.funded_post_create, name="funded_post_create"),
    path("stellen/<uuid:pk>/bearbeiten/", views.funded_post_update, name="funded_post_update"),
    path("stellen/<uuid:pk>/loeschen/", views.funded_post_delete, name="funded_post_delete"),
    # Key dates
    path("termine/", views.key_date_list, name="key_date_list"),
    path("termine/neu/", views.key_date_create, name="key_date_create"),
    path("termine/<uuid:pk>/bearbeiten/", views.key_date_update, name="key_date_update"),
    path("termine/<uuid:pk>/loeschen/", views.key_date_delete, name="key_date_delete"),
]
