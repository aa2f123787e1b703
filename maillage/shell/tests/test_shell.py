"""The shell: role-adapted homes, languages, security headers, nothing from a CDN."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User

HOMES = [
    ("ptp_client", "shell/home_member.html"),
    ("pg_client", "shell/home_member.html"),
    ("evaluator_client", "shell/home_evaluator.html"),
    ("admin_client", "shell/home_admin.html"),
]


@pytest.mark.parametrize(("persona", "template"), HOMES)
def test_each_role_lands_on_its_own_home(persona, template, request):
    response = request.getfixturevalue(persona).get(reverse("shell:home"))
    assert response.status_code == 200
    assert template in [t.name for t in response.templates]


def test_navigation_follows_the_role(ptp_client, pg_client, admin_client, evaluator_client):
    def links(client):
        return set(
            re.findall(r'href="(/[^"]*)"', client.get(reverse("shell:home")).content.decode())
        )

    assert "/equipe/" not in links(ptp_client)
    assert {"/equipe/", "/journal/", "/organisation/"} <= links(pg_client)
    assert {"/plateforme/organisations/", "/plateforme/comptes/"} <= links(admin_client)
    assert not {"/equipe/", "/journal/", "/plateforme/comptes/"} & links(evaluator_client)


def test_french_is_the_default_and_english_is_complete(ptp_client):
    french = ptp_client.get(reverse("shell:home")).content.decode()
    assert '<html lang="fr-ca">' in french
    assert ">Accueil<" in french and ">Organisme<" in french
    ptp_client.post(reverse("set_language"), {"language": "en", "next": "/accueil/"})
    english = ptp_client.get(reverse("shell:home")).content.decode()
    assert '<html lang="en">' in english
    assert ">Home<" in english and ">Organization<" in english


def test_french_even_when_the_browser_asks_for_english_until_the_switch_is_used(client, db):
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="fr-ca">' in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="en">' in page.content.decode()


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get(reverse("account_login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_signed_in_pages_are_neither_stored_nor_indexed(pg_client):
    response = pg_client.get(reverse("shell:home"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize("persona", ["anonymous_client", "pg_client", "admin_client"])
def test_every_script_and_stylesheet_is_served_by_the_application(persona, request, db):
    page = request.getfixturevalue(persona).get(reverse("shell:home"), follow=True)
    html = page.content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources, "the page loads no asset at all?"
    assert all(source.startswith("/static/") for source in sources), sources
    assert "style=" not in html and "onclick" not in html


def test_the_evaluator_home_shows_organizations_never_people(evaluator_client, org, ptp, pg):
    html = evaluator_client.get(reverse("shell:home")).content.decode()
    assert "Lanaudière" in html
    assert ptp.email not in html and pg.full_name not in html


def test_a_person_without_membership_is_told_whom_to_ask(db):
    user = User.objects.create_user("alone@example.org", "long enough password")
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    response = client.get(reverse("shell:home"))
    assert response.status_code == 200
    assert "shell/home_no_membership.html" in [t.name for t in response.templates]


def test_ma_journee_offers_a_contact_for_each_of_my_families(ptp_client, org, ptp):
    from maillage.testing.builders import make_family

    family = make_family(org, ptp)
    html = ptp_client.get(reverse("shell:home")).content.decode()
    assert reverse("accompaniment:contact_new", args=[family.uuid]) in html
    assert family.code in html
