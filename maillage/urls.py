from allauth.urls import urlpatterns as allauth_urlpatterns
from django.urls import URLPattern, URLResolver, include, path

# allauth views Maillage does not offer: accounts are opened by invitation, and
# the invited e-mail address is the login (changing it goes through a manager).
_ALLAUTH_UNUSED = {
    "account_signup",
    "account_email",
    "account_confirm_email",
    "account_email_verification_sent",
    "account_confirm_login_code",
}


def _without_unused(patterns):
    kept = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            kept.append(
                URLResolver(
                    pattern.pattern,
                    _without_unused(pattern.url_patterns),
                    pattern.default_kwargs,
                    pattern.app_name,
                    pattern.namespace,
                )
            )
        elif isinstance(pattern, URLPattern) and pattern.name not in _ALLAUTH_UNUSED:
            kept.append(pattern)
    return kept


urlpatterns = [
    path("comptes/", include(_without_unused(allauth_urlpatterns))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("maillage.shell.urls")),
    path("", include("maillage.accounts.urls")),
    path("", include("maillage.organizations.urls")),
    path("", include("maillage.audit.urls")),
    path("", include("maillage.outreach.urls")),
    path("", include("maillage.families.urls")),
    path("", include("maillage.accompaniment.urls")),
    path("", include("maillage.partners.urls")),
    path("", include("maillage.referrals.urls")),
    path("", include("maillage.gaps.urls")),
    path("", include("maillage.collaboration.urls")),
    path("", include("maillage.evaluation.urls")),
    path("", include("maillage.supervision.urls")),
    path("", include("maillage.reports.urls")),
    path("", include("maillage.imports.urls")),
    path("", include("maillage.research.urls")),
    path("", include("maillage.privacy.urls")),
    path("", include("maillage.rights.urls")),
    path("", include("maillage.retention.urls")),
]
