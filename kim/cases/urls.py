from django.urls import include, path

app_name = "cases"

# Case work (the DGCC cycle) and the caseload/monitoring views live in separate modules.
urlpatterns = [
    path("", include("kim.cases.urls_case")),
    path("", include("kim.cases.urls_caseload")),
    path("einstellungen/", include("kim.cases.urls_settings")),
]
