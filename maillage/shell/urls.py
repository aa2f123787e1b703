from django.urls import path

from . import views

app_name = "shell"

urlpatterns = [
    path("", views.root, name="root"),
    path("accueil/", views.home, name="home"),
    path("contexte/", views.switch_membership, name="switch"),
]
