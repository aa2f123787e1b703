from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import Role
from maillage.audit.models import AuditEvent
from maillage.testing.builders import PASSWORD, current_totp_code, make_member
from maillage.testing.fixtures import logged_in_client


def test_login_by_email_lands_on_home(ptp):
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "MAELLE@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("shell:home")
    assert AuditEvent.objects.platform().filter(action="account.login", actor=ptp).exists()


def test_wrong_password_says_so_next_to_the_form_in_french(ptp):
    response = Client().post(
        reverse("account_login"),
        {"login": ptp.email, "password": "not the password"},
        HTTP_ACCEPT_LANGUAGE="fr-CA",
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'value="maelle@example.org"' in response.content.decode()
    assert "incorrect" in response.content.decode()


def test_repeated_failures_from_one_address_are_refused_with_a_clear_message(ptp):
    client = Client()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": ptp.email, "password": "wrong one!"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("account_login"), {"login": ptp.email, "password": PASSWORD})
    # Even the right password is refused from that address while the limit holds; the
    # per-account waits and the browsers they spare are test_sign_in_throttle.py's.
    assert response.status_code in (200, 429)
    assert "Too many failed" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_manager_login_asks_for_the_second_factor(pg):
    client = Client()
    response = client.post(reverse("account_login"), {"login": pg.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("shell:home")).status_code == 302  # not in yet
    bad = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert bad.status_code == 200
    response = client.post(reverse("mfa_authenticate"), {"code": current_totp_code()})
    assert response.status_code == 302
    assert client.get(reverse("shell:home")).status_code == 200


def test_a_manager_without_an_authenticator_must_set_one_up_first(org):
    manager = make_member(org, Role.PG, mfa=False).user
    client = logged_in_client(manager)
    response = client.get(reverse("accounts:team"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    # Signing out and the two-factor pages stay reachable.
    assert client.get(reverse("mfa_index")).status_code == 200


def test_outreach_workers_need_it_only_when_the_organization_says_so(ptp, org):
    client = logged_in_client(ptp)
    assert client.get(reverse("shell:home")).status_code == 200
    org.require_mfa_for_all = True
    org.save(update_fields=["require_mfa_for_all"])
    response = client.get(reverse("shell:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_password_reset_sends_a_link(ptp):
    response = Client().post(reverse("account_reset_password"), {"email": ptp.email})
    assert response.status_code == 302
    assert "/comptes/password/reset/key/" in mail.outbox[-1].body


def test_signup_does_not_exist():
    assert Client().get("/comptes/signup/").status_code == 404


def test_throttled_actions_get_a_page_in_the_persons_language(db):
    client = Client()
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "x-y"})
    statuses = [client.post(url, HTTP_ACCEPT_LANGUAGE="fr").status_code for _ in range(21)]
    assert statuses[0] != 429 and statuses[-1] == 429
    assert "Trop de tentatives" in client.post(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()


def test_a_manager_elsewhere_needs_two_factor_in_every_context(ptp, other_org):
    make_member(other_org, Role.PG, user=ptp)  # manager in another organization, no TOTP yet
    client = logged_in_client(ptp)
    response = client.get(reverse("organizations:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_the_login_form_has_a_label_and_one_reset_link(db):
    html = Client().get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert html.count(reverse("account_reset_password")) == 1
    assert "placeholder" not in html
    assert '<label for="id_login">' in html
