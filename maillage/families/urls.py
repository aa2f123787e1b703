from django.urls import path

from . import views

app_name = "families"

urlpatterns = [
    path("familles/", views.family_list, name="list"),
    path("familles/nouvelle/", views.family_new, name="new"),
    path("familles/passation/", views.handover, name="handover"),
    path("familles/<uuid:uuid>/", views.family_detail, name="detail"),
    path("familles/<uuid:uuid>/modifier/", views.family_edit, name="edit"),
    path("familles/<uuid:uuid>/identite/", views.identity_edit, name="identity"),
    path("familles/<uuid:uuid>/statut/", views.status_change, name="status"),
    path("familles/<uuid:uuid>/intervenants/", views.workers_edit, name="workers"),
    path("familles/<uuid:uuid>/membres/nouveau/", views.member_new, name="member_new"),
    path("membres/<uuid:uuid>/modifier/", views.member_edit, name="member_edit"),
    path("membres/<uuid:uuid>/retirer/", views.member_remove, name="member_remove"),
    path("familles/<uuid:uuid>/consentements/nouveau/", views.consent_new, name="consent_new"),
    path("consentements/<uuid:uuid>/retrait/", views.consent_withdraw, name="consent_withdraw"),
]
