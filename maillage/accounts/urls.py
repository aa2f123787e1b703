from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("equipe/", views.team, name="team"),
    path("equipe/inviter/", views.invite, name="invite"),
    path("equipe/<uuid:uuid>/desactiver/", views.deactivate_member, name="deactivate_member"),
    path("equipe/<uuid:uuid>/reactiver/", views.reactivate_member, name="reactivate_member"),
    path("equipe/<uuid:uuid>/debloquer/", views.unlock_member, name="unlock_member"),
    path(
        "equipe/invitations/<uuid:uuid>/annuler/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path(
        "equipe/invitations/<uuid:uuid>/approuver/",
        views.approve_invitation,
        name="approve_invitation",
    ),
    path("ma-disponibilite/", views.intake, name="intake"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("plateforme/comptes/", views.platform_accounts, name="platform_accounts"),
    path(
        "plateforme/comptes/nouveau/",
        views.platform_account_create,
        name="platform_account_create",
    ),
    path(
        "plateforme/comptes/<uuid:uuid>/activation/",
        views.platform_account_toggle,
        name="platform_account_toggle",
    ),
]
