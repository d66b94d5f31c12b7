from django.urls import path

from kim.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("alle-gelesen/", views.notification_mark_all_read, name="mark_all_read"),
    path("<uuid:pk>/gelesen/", views.notification_mark_read, name="mark_read"),
    path("einstellungen/", views.reminder_settings, name="reminder_settings"),
]
