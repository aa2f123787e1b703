from django.urls import path

from . import views

app_name = "research"

urlpatterns = [
    path("recherche/extraits/", views.releases, name="releases"),
    path("recherche/extraits/nouveau/", views.release_new, name="release_new"),
]
