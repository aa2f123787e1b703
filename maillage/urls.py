from django.urls import include, path

urlpatterns = [
    path("comptes/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("maillage.core.urls")),
    path("", include("maillage.accounts.urls")),
    path("", include("maillage.organizations.urls")),
    path("", include("maillage.audit.urls")),
]
