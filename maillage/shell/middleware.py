from django.conf import settings
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _

from maillage.accounts.models import Membership

SESSION_KEY = "active_membership"
#: Sent by htmx with every request (hx-headers on <body>) and by forms as a hidden field.
HEADER = "HTTP_X_MAILLAGE_MEMBERSHIP"
FIELD = "active_membership"


class TenantMiddleware:
    """Sets ``request.membership`` and ``request.organization`` for every request.

    The active membership is chosen in the session (header switcher) among the
    person's active memberships. A request that says which membership it was
    made for (htmx header or hidden form field) is refused when that differs
    from the active one: a tab left open after switching organization must not
    write into the wrong organization.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.organization = None
        request.memberships = []
        if request.user.is_authenticated:
            memberships = list(
                Membership.objects.of_user(request.user)
                .active()
                .select_related("organization")
                .annotate(
                    platform_last=Case(
                        When(organization__isnull=True, then=Value(1)),
                        default=Value(0),
                        output_field=IntegerField(),
                    )
                )
                .order_by("platform_last", "organization__name", "role")
            )
            request.memberships = memberships
            wanted = request.session.get(SESSION_KEY)
            chosen = next((m for m in memberships if str(m.uuid) == wanted), None)
            if chosen is None and memberships:
                chosen = memberships[0]
                request.session[SESSION_KEY] = str(chosen.uuid)
            request.membership = chosen
            request.organization = chosen.organization if chosen else None
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                claimed = request.META.get(HEADER) or request.POST.get(FIELD)
                if claimed and (chosen is None or claimed != str(chosen.uuid)):
                    return render(
                        request,
                        "shell/stale_context.html",
                        {"message": _("Your active organization changed in another tab.")},
                        status=409,
                    )
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages seen by a logged-in person are never kept by the browser or a proxy, and no
    page of Maillage is indexed by a search engine (even the login page: a search result
    naming a maison des familles' instance is already information)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["X-Robots-Tag"] = "noindex, nofollow"
        if request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


class FrenchFirstLocaleMiddleware:
    """French unless the person chose English with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a
    worker whose phone is set to English would land in English. Maillage is
    French first: only the language cookie (set by the switch) changes that, so
    responses vary by cookie, never by Accept-Language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen and chosen in dict(settings.LANGUAGES) and check_for_language(chosen):
            language = chosen
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ("Cookie",))
        return response
