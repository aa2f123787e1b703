from django.urls import path

from . import views

app_name = "accompaniment"

urlpatterns = [
    path("familles/<uuid:uuid>/contacts/nouveau/", views.contact_new, name="contact_new"),
    path("contacts/<uuid:uuid>/modifier/", views.contact_edit, name="contact_edit"),
    path(
        "familles/<uuid:uuid>/plan/priorites/nouvelle/",
        views.priority_new,
        name="priority_new",
    ),
    path("plan/priorites/<uuid:uuid>/etapes/nouvelle/", views.step_new, name="step_new"),
    path("plan/etapes/<uuid:uuid>/statut/", views.step_status, name="step_status"),
]
