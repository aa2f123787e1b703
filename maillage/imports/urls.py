from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("importer/", views.upload, name="upload"),
    path("importer/modele.xlsx", views.template_download, name="template"),
    path("importer/<uuid:uuid>/", views.detail, name="detail"),
    path("importer/<uuid:uuid>/confirmer/", views.confirm, name="confirm"),
]
