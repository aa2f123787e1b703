from django.urls import path

from . import views

app_name = "gaps"

urlpatterns = [
    path("trous-de-services/", views.register, name="register"),
    path("trous-de-services/nouveau/", views.gap_new, name="new"),
    path("trous-de-services/concertation/", views.concertation, name="concertation"),
    path(
        "trous-de-services/concertation/<uuid:uuid>/",
        views.concertation_shared,
        name="concertation_shared",
    ),
    path("trous-de-services/<uuid:uuid>/", views.gap_detail, name="detail"),
    path("trous-de-services/<uuid:uuid>/modifier/", views.gap_edit, name="edit"),
    path("trous-de-services/<uuid:uuid>/confirmer/", views.gap_confirm, name="confirm"),
    path("trous-de-services/<uuid:uuid>/ecarter/", views.gap_dismiss, name="dismiss"),
    path("trous-de-services/<uuid:uuid>/fusionner/", views.gap_merge, name="merge"),
]
