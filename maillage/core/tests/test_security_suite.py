"""The security suite over every URL of the permission matrix (issue 6).

* a state-changing request without its CSRF token is refused, and changes nothing;
* a GET changes nothing but the audit trail of reads and the session;
* an object URL answers 404 to a UUID that names no object of the active organization
  (property-based: random ones; the objects of another organization are the permission
  matrix's outsider).

The URLs, their method and who may call them come from the permission matrix, so a new
URL is covered as soon as it is declared there.
"""

from __future__ import annotations

import hashlib

from django.apps import apps
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.testing.fixtures import logged_in_client
from maillage.testing.matrix import LOGIN

from .test_permission_matrix import MATRIX

#: Written by reads on purpose (the audit of reads), or by any request (sessions, allauth's
#: bookkeeping of authenticators' last use).
WRITTEN_BY_READS = {
    "audit.auditevent",
    "sessions.session",
    "accounts.accountsession",
    "mfa.authenticator",
}


def _allowed_persona(entry):
    """A persona the entry lets through (2xx or 3xx), PG first."""
    for persona in ("pg", "ptp", "admin", "evaluator", "outsider"):
        status = entry.expect.get(persona)
        if status not in (None, LOGIN, 403, 404, 405) and status < 400:
            return persona
    return None


def _state_fingerprint() -> str:
    """A digest of every row of every table that a GET must leave alone."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in WRITTEN_BY_READS or not model._meta.managed:
            continue
        manager = model._base_manager
        rows = manager.order_by("pk").values_list()
        digest.update(label.encode())
        digest.update(repr(list(rows)).encode())
    return digest.hexdigest()


def _url(name, entry, targets):
    return reverse(name, kwargs=targets[entry.kwargs] if entry.kwargs else None)


#: Every URL someone may call: a POST to any of them needs its token, whether the URL is
#: declared for POST (an action) or for GET (a form page that also takes the form's POST).
POSTS = sorted(n for n, e in MATRIX.items() if _allowed_persona(e))
GETS = sorted(n for n, e in MATRIX.items() if e.method == "get" and _allowed_persona(e))
OBJECT_URLS = sorted(
    n
    for n, e in MATRIX.items()
    if e.kwargs and e.expect.get("outsider") == 404 and _allowed_persona(e) in ("pg", "ptp")
)


def test_a_post_without_its_csrf_token_is_refused_and_changes_nothing(clients, targets):
    # One test over every URL (rather than one per URL): the objects are built once.
    failures = []
    for name in POSTS:
        entry = MATRIX[name]
        client = Client(enforce_csrf_checks=True)
        user = clients[_allowed_persona(entry)]
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        before = _state_fingerprint()
        response = client.post(_url(name, entry, targets), entry.data)
        if response.status_code != 403:
            failures.append(f"{name}: {response.status_code}")
        elif _state_fingerprint() != before:
            failures.append(f"{name}: changed something without a CSRF token")
    assert failures == []


def test_a_get_changes_nothing_but_the_audit_of_reads(clients, targets):
    failures = []
    for name in GETS:
        entry = MATRIX[name]
        client = logged_in_client(clients[_allowed_persona(entry)])
        before = _state_fingerprint()
        response = client.get(_url(name, entry, targets), entry.data)
        if response.status_code >= 500:
            failures.append(f"{name}: {response.status_code}")
        elif _state_fingerprint() != before:
            failures.append(f"GET {name} changed the database")
    assert failures == []


def _with_uuid(name, entry, targets, value):
    kwargs = dict(targets[entry.kwargs])
    kwargs["uuid"] = value
    return reverse(name, kwargs=kwargs)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(name=st.sampled_from(OBJECT_URLS), guess=st.uuids())
def test_a_guessed_uuid_is_a_404(clients, targets, name, guess):
    """Requests that find nothing change nothing, so the objects are shared by the examples."""
    entry = MATRIX[name]
    if "uuid" not in targets[entry.kwargs]:
        return
    client = logged_in_client(clients[_allowed_persona(entry)])
    url = _with_uuid(name, entry, targets, guess)
    response = getattr(client, entry.method)(url, entry.data)
    assert response.status_code == 404, f"{name} with {guess}: {response.status_code}"


def test_the_suite_covers_the_matrix():
    """A check that cannot silently shrink to nothing."""
    assert len(POSTS) > 100 and len(GETS) > 80 and len(OBJECT_URLS) > 30
