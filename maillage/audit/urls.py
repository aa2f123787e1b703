from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("journal/", views.organization_log, name="log"),
    path("plateforme/journal/", views.platform_log, name="platform_log"),
]
