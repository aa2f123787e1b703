"""Every URL of the application, with every persona: who gets what.

The matrix must name every URL pattern: a new URL that is not declared here
fails ``test_every_url_is_declared``. Rules (see maillage/core/access.py):
not yours → 404, yours but your role may not → 403, anonymous → login page.
"""

import importlib

import pytest
from django.conf import settings
from django.template.backends.django import Template as DjangoTemplate
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from maillage.testing.fixtures import PERSONAS
from maillage.testing.matrix import (
    LOGIN,
    Entry,
    by_mfa,
    everyone,
    org_object,
    org_page,
    platform,
    signed_in,
)

SOCLE = {
    # Shell
    "shell:root": Entry(everyone(302)),
    "shell:home": Entry(signed_in(200)),
    "shell:switch": Entry(signed_in(302), method="post"),
    "set_language": Entry(everyone(302), method="post", data={"language": "en"}),
    # The organization
    "organizations:profile": Entry(org_page(pg=200, ptp=200)),
    "organizations:settings": Entry(org_page(pg=200)),
    # Team (the manager's)
    "accounts:team": Entry(org_page(pg=200)),
    "accounts:invite": Entry(org_page(pg=200)),
    "accounts:intake": Entry(org_page(pg=302, ptp=302), method="post"),
    "accounts:deactivate_member": Entry(org_object(pg=302), method="post", kwargs="member"),
    "accounts:reactivate_member": Entry(org_object(pg=302), method="post", kwargs="member"),
    "accounts:revoke_invitation": Entry(org_object(pg=302), method="post", kwargs="invitation"),
    # Public: the token in the link is the key; signed-in people see whose it is.
    "accounts:accept_invitation": Entry(everyone(200), kwargs="token"),
    "audit:log": Entry(org_page(pg=200)),
    # Platform administration
    "organizations:platform_list": Entry(platform(200)),
    "organizations:platform_create": Entry(platform(200)),
    "organizations:platform_edit": Entry(platform(200), kwargs="organization"),
    "organizations:platform_invite": Entry(platform(200), kwargs="organization"),
    "organizations:community_create": Entry(platform(200)),
    "organizations:community_edit": Entry(platform(200), kwargs="community"),
    "accounts:platform_accounts": Entry(platform(200)),
    "accounts:platform_account_create": Entry(platform(200)),
    "accounts:platform_account_toggle": Entry(platform(302), method="post", kwargs="user"),
    "audit:platform_log": Entry(platform(200)),
    # django-allauth: login, password, two-factor authentication
    "account_login": Entry(everyone(302, anonymous=200)),
    "account_logout": Entry(everyone(200, anonymous=302)),
    "account_inactive": Entry(everyone(200)),
    "account_reauthenticate": Entry(signed_in(200)),
    "account_change_password": Entry(signed_in(200)),
    "account_set_password": Entry(signed_in(302)),
    "account_reset_password": Entry(everyone(200)),
    "account_reset_password_done": Entry(everyone(200)),
    "account_reset_password_from_key": Entry(everyone(200), kwargs="reset_key"),
    "account_reset_password_from_key_done": Entry(everyone(200)),
    "mfa_index": Entry(signed_in(200)),
    "mfa_authenticate": Entry(everyone(302)),
    # Without an authenticator there is nothing to reauthenticate with, deactivate or view.
    "mfa_reauthenticate": Entry(by_mfa(with_mfa=200, without_mfa=302)),
    # Activation and changes first ask to confirm the password (a redirect).
    "mfa_activate_totp": Entry(signed_in(302)),
    "mfa_deactivate_totp": Entry(by_mfa(with_mfa=302, without_mfa=404)),
    "mfa_view_recovery_codes": Entry(by_mfa(with_mfa=302, without_mfa=404)),
    "mfa_generate_recovery_codes": Entry(signed_in(302)),
    "mfa_download_recovery_codes": Entry(by_mfa(with_mfa=302, without_mfa=404)),
}


def _app_matrices():
    """Each domain app's ``tests/permissions.py``, when it has one."""
    for app in settings.INSTALLED_APPS:
        if app.startswith("maillage."):
            try:
                yield importlib.import_module(f"{app}.tests.permissions")
            except ModuleNotFoundError as error:
                if error.name != f"{app}.tests.permissions":
                    raise


APP_MATRICES = list(_app_matrices())
MATRIX = dict(SOCLE)
for _module in APP_MATRICES:
    assert not MATRIX.keys() & _module.MATRIX.keys(), f"declared twice in {_module.__name__}"
    MATRIX.update(_module.MATRIX)


def _url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL {pattern.pattern} has no name"
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_is_declared():
    names = set(_url_names(get_resolver().url_patterns))
    undeclared = names - MATRIX.keys()
    assert not undeclared, f"Declare these URLs in the permission matrix: {sorted(undeclared)}"
    assert not MATRIX.keys() - names, "The matrix names URLs that no longer exist."


def test_every_object_url_names_a_target():
    from .conftest import TARGET_BUILDERS

    unknown = {
        n: e.kwargs for n, e in MATRIX.items() if e.kwargs and e.kwargs not in TARGET_BUILDERS
    }
    assert unknown == {}


@pytest.fixture
def no_html(monkeypatch):
    """Templates give an empty page: the matrix checks statuses only, and rendering every
    page for six personas was most of its time. The views still run all their code and
    access checks. A page that fails while rendering is caught where pages are rendered:
    test_security_suite.py's test_a_get_changes_nothing_but_the_audit_of_reads opens every
    page as someone allowed to (an exception or a 500 fails it), test_hostile_text.py reads
    every page's HTML, and each app's tests read its pages."""
    monkeypatch.setattr(DjangoTemplate, "render", lambda self, context=None, request=None: "")


@pytest.mark.parametrize("persona_client", PERSONAS, indirect=True)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(name, persona_client, request, lazy_targets, no_html):
    entry = MATRIX[name]
    persona = request.node.callspec.params["persona_client"]
    url = reverse(name, kwargs=lazy_targets[entry.kwargs] if entry.kwargs else None)
    response = getattr(persona_client, entry.method)(url, entry.data)
    expected = entry.expect[persona]
    if expected == LOGIN:
        assert response.status_code == 302, f"{name} as {persona}: {response.status_code}"
        assert response["Location"].startswith(reverse("account_login")), response["Location"]
    else:
        assert response.status_code == expected, (
            f"{name} as {persona}: expected {expected}, got {response.status_code}"
        )


@pytest.mark.parametrize(
    "name", sorted(n for n, e in MATRIX.items() if e.method == "post" and n != "set_language")
)
def test_state_changing_urls_refuse_get(name, pg_client, admin_client, lazy_targets):
    """No state change on GET: POST-only views answer 405 to a GET from an allowed person.

    (Django's own set_language answers a GET with a redirect and changes nothing.)
    """
    entry = MATRIX[name]
    client = admin_client if entry.expect["admin"] not in (403, 404, LOGIN) else pg_client
    url = reverse(name, kwargs=lazy_targets[entry.kwargs] if entry.kwargs else None)
    assert client.get(url).status_code == 405


PUBLIC_VIEWS = {
    "shell:root",  # redirects to the login page or home
    "accounts:accept_invitation",  # the token in the link is the key
}


def _maillage_views(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _maillage_views(pattern.url_patterns, inner)
        elif pattern.callback.__module__.startswith("maillage."):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern.callback


def test_every_view_of_ours_goes_through_the_access_chokepoint():
    """member_required or login_required_view on every view, so no view forgets access."""
    unguarded = [
        name
        for name, view in _maillage_views(get_resolver().url_patterns)
        if name not in PUBLIC_VIEWS and not hasattr(view, "access_scope")
    ]
    assert unguarded == []
