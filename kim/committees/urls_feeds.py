"""The meeting calendar and its iCalendar subscription feeds (included by kim/committees/urls.py)."""

from django.urls import path

from kim.committees import views_feeds

urlpatterns = [
    path("kalender/", views_feeds.calendar, name="calendar"),
    # Fetched by calendar programs without a session: the token stands for the person.
    path("kalender/abo/<slug:token>/sitzungen.ics", views_feeds.feed_user, name="calendar_feed_user"),
    path("kalender/abo/<slug:token>/gremium/<uuid:pk>.ics", views_feeds.feed_body, name="calendar_feed_body"),
]
