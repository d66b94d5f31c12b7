from django.urls import path

from kim.referrals import views

app_name = "referrals"

urlpatterns = [
    # Partner organisations: referrals addressed to them
    path("", views.inbox, name="inbox"),
    path("<uuid:pk>/", views.partner_detail, name="partner_detail"),
    path("<uuid:pk>/annehmen/", views.referral_accept, name="accept"),
    path("<uuid:pk>/ablehnen/", views.referral_decline, name="decline"),
    path("<uuid:pk>/abschliessen/", views.referral_finish, name="finish"),
    # Case teams: sent referrals and the referrals and releases of a case
    path("gesendet/", views.sent_list, name="sent_list"),
    path("gesendet/<uuid:pk>/", views.sent_detail, name="sent_detail"),
    path("gesendet/<uuid:pk>/zurueckziehen/", views.referral_revoke, name="revoke"),
    path("fall/<uuid:case_pk>/", views.case_referrals, name="case_referrals"),
    path("fall/<uuid:case_pk>/vermitteln/", views.referral_send, name="send"),
    path("fall/<uuid:case_pk>/entbindungen/neu/", views.release_create, name="release_create"),
    path(
        "fall/<uuid:case_pk>/entbindungen/<uuid:pk>/widerrufen/",
        views.release_withdraw,
        name="release_withdraw",
    ),
]
