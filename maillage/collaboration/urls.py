from django.urls import path

from . import views

app_name = "collaboration"

urlpatterns = [
    path("collaborations/", views.collaboration_list, name="list"),
    path("collaborations/nouvelle/", views.collaboration_create, name="new"),
    path("collaborations/<uuid:uuid>/modifier/", views.collaboration_edit, name="edit"),
    path("demandes-hors-mandat/", views.request_list, name="requests"),
    path("demandes-hors-mandat/nouvelle/", views.request_create, name="request_new"),
    path("demandes-hors-mandat/bilan/", views.request_summary, name="request_summary"),
    path("le-pont/", views.bridge, name="bridge"),
]
