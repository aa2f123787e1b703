from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("organisation/", views.profile, name="profile"),
    path("organisation/parametres/", views.settings_edit, name="settings"),
    path("plateforme/organisations/", views.platform_list, name="platform_list"),
    path("plateforme/organisations/nouvelle/", views.platform_create, name="platform_create"),
    path("plateforme/organisations/<uuid:uuid>/", views.platform_edit, name="platform_edit"),
    path(
        "plateforme/organisations/<uuid:uuid>/inviter/",
        views.platform_invite,
        name="platform_invite",
    ),
    path("plateforme/communautes/nouvelle/", views.community_create, name="community_create"),
    path("plateforme/communautes/<uuid:uuid>/", views.community_edit, name="community_edit"),
]
