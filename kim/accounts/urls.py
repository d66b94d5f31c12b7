from django.urls import path

from kim.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.start, name="start"),
    path("region/wechseln/", views.region_switch, name="region_switch"),
]
