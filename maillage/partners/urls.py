from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("partenaires/", views.directory, name="directory"),
    path("partenaires/nouveau/", views.partner_create, name="new"),
    path("partenaires/importer/", views.directory_import, name="import"),
    path("partenaires/exporter/hsds.json", views.export_json, name="export_json"),
    path("partenaires/exporter/hsds-csv.zip", views.export_csv, name="export_csv"),
    path("partenaires/<uuid:uuid>/", views.partner_detail, name="detail"),
    path("partenaires/<uuid:uuid>/modifier/", views.partner_edit, name="edit"),
    path("partenaires/<uuid:uuid>/partage/", views.partner_share, name="share"),
    path("partenaires/<uuid:uuid>/supprimer/", views.partner_delete, name="delete"),
    path("partenaires/<uuid:uuid>/services/nouveau/", views.service_create, name="service_new"),
    path("partenaires/<uuid:uuid>/lieux/nouveau/", views.location_create, name="location_new"),
    path("partenaires/services/<uuid:uuid>/modifier/", views.service_edit, name="service_edit"),
    path("partenaires/lieux/<uuid:uuid>/modifier/", views.location_edit, name="location_edit"),
    path(
        "partenaires/services/<uuid:uuid>/supprimer/", views.service_delete, name="service_delete"
    ),
    path("partenaires/lieux/<uuid:uuid>/supprimer/", views.location_delete, name="location_delete"),
]
