from django.urls import path

from . import views

app_name = "rights"

urlpatterns = [
    path("droits/demandes/", views.request_list, name="requests"),
    path("droits/divulgations/", views.disclosure_list, name="disclosures"),
    path("droits/familles/<uuid:uuid>/", views.family_rights, name="family"),
    path("droits/familles/<uuid:uuid>/demande/", views.request_new, name="request_new"),
    path("droits/familles/<uuid:uuid>/divulgation/", views.disclosure_new, name="disclosure_new"),
    path("droits/demandes/<uuid:uuid>/", views.request_detail, name="request_detail"),
    path("droits/demandes/<uuid:uuid>/fermer/", views.request_close, name="request_close"),
    path(
        "droits/demandes/<uuid:uuid>/reponse.json",
        views.answer_download,
        {"fmt": "json"},
        name="answer_json",
    ),
    path(
        "droits/demandes/<uuid:uuid>/reponse.zip",
        views.answer_download,
        {"fmt": "csv"},
        name="answer_csv",
    ),
    path(
        "droits/demandes/<uuid:uuid>/reponse.pdf",
        views.answer_download,
        {"fmt": "pdf"},
        name="answer_pdf",
    ),
]
