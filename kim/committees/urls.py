from django.urls import include, path

app_name = "committees"

# Pages for bodies and meetings, and the calendar (iCalendar) feeds, live in separate modules.
urlpatterns = [
    path("", include("kim.committees.urls_pages")),
    path("", include("kim.committees.urls_feeds")),
]
