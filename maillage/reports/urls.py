from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("rapports/participation/", views.participation, name="participation"),
    path(
        "rapports/participation/pdf/",
        views.participation_download,
        {"fmt": "pdf"},
        name="participation_pdf",
    ),
    path(
        "rapports/participation/xlsx/",
        views.participation_download,
        {"fmt": "xlsx"},
        name="participation_xlsx",
    ),
    path(
        "rapports/participation/docx/",
        views.participation_download,
        {"fmt": "docx"},
        name="participation_docx",
    ),
]
