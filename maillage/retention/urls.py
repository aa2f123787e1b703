from django.urls import path

from . import views

app_name = "retention"

urlpatterns = [
    path("confidentialite/conservation/", views.schedule, name="schedule"),
    path(
        "familles/<uuid:uuid>/rectifications/nouvelle/",
        views.rectification_new,
        name="rectification_new",
    ),
]
