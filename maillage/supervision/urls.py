from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("equipe/suivi/", views.team_view, name="team"),
    path("equipe/suivi/<uuid:uuid>/", views.worker_detail, name="worker"),
]
