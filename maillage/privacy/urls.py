from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("confidentialite/", views.privacy_page, name="page"),
    path("confidentialite/responsable/", views.officer_edit, name="officer_edit"),
    path("confidentialite/incidents/", views.incident_list, name="incidents"),
    path("confidentialite/incidents/nouveau/", views.incident_new, name="incident_new"),
    path("confidentialite/incidents/export.csv", views.incidents_csv, name="incidents_csv"),
    path("confidentialite/incidents/export.xlsx", views.incidents_xlsx, name="incidents_xlsx"),
    path("confidentialite/incidents/<uuid:uuid>/", views.incident_detail, name="incident_detail"),
    path(
        "confidentialite/incidents/<uuid:uuid>/modifier/",
        views.incident_edit,
        name="incident_edit",
    ),
    path(
        "confidentialite/incidents/<uuid:uuid>/supprimer/",
        views.incident_delete,
        name="incident_delete",
    ),
]
