"""Public HSDS 3.0 API per region: /hsds/<region>/… (no login, published offers only)."""

from django.urls import path

from kim.directory import views_hsds as views

app_name = "hsds"

urlpatterns = [
    path("<slug:region>/", views.api_root, name="root"),
    path("<slug:region>/openapi.json", views.openapi, name="openapi"),
    path("<slug:region>/services", views.service_list, name="service_list"),
    path("<slug:region>/services/<str:pk>", views.service_detail, name="service_detail"),
    path("<slug:region>/organizations", views.organization_list, name="organization_list"),
    path("<slug:region>/organizations/<str:pk>", views.organization_detail, name="organization_detail"),
    path("<slug:region>/service_at_locations", views.service_at_location_list, name="service_at_location_list"),
    path("<slug:region>/locations/<str:pk>", views.location_detail, name="location_detail"),
    path("<slug:region>/taxonomies", views.taxonomy_list, name="taxonomy_list"),
    path("<slug:region>/taxonomies/<str:pk>", views.taxonomy_detail, name="taxonomy_detail"),
    path("<slug:region>/taxonomy_terms", views.taxonomy_term_list, name="taxonomy_term_list"),
    path("<slug:region>/taxonomy_terms/<str:pk>", views.taxonomy_term_detail, name="taxonomy_term_detail"),
]
