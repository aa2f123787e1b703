from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("familles/<uuid:uuid>/references/nouvelle/", views.referral_new, name="new"),
    path("references/a-suivre/", views.follow_up, name="follow_up"),
    path("references/<uuid:uuid>/", views.referral_detail, name="detail"),
    path("references/<uuid:uuid>/statut/", views.referral_status, name="status"),
]
