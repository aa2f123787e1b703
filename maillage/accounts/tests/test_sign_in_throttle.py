"""Failed passwords cost the one guessing, not the worker (security finding 8).

A distributed guesser (a new client address for each try, so allauth's per-address limit
never trips) meets a wait per e-mail address that doubles with each failure; the person is
told once; her own browser, where she signed in before, is not held; a manager unlocks.
"""

import datetime
import itertools

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.accounts import throttle
from maillage.accounts.models import SignInThrottle
from maillage.audit.models import AuditEvent
from maillage.testing.builders import PASSWORD, current_totp_code

LOGIN = reverse("account_login")
_addresses = (f"203.0.113.{n}" for n in itertools.count(1))


WRONG = "not the password"


def _attempt(email, password=WRONG, client=None, language="en"):
    client = client or Client(REMOTE_ADDR=next(_addresses))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.post(LOGIN, {"login": email, "password": password})


def _fail(email, times):
    for _ in range(times):
        assert _attempt(email).status_code == 200


def _signed_in(response, client):
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_the_wait_doubles_from_the_sixth_failure_up_to_an_hour():
    waits = [throttle.wait_after(n) for n in range(1, 14)]
    minute = datetime.timedelta(minutes=1)
    assert waits[:4] == [datetime.timedelta(0)] * 4
    assert waits[4:10] == [minute, 2 * minute, 4 * minute, 8 * minute, 16 * minute, 32 * minute]
    assert waits[10:] == [datetime.timedelta(hours=1)] * 3


def test_five_failures_from_anywhere_make_the_next_try_wait_and_tell_the_person(
    ptp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _fail(ptp.email, 4)
        assert throttle.blocked_until(ptp.email) is None
        _fail(ptp.email, 1)
    until = throttle.blocked_until(ptp.email)
    assert until - timezone.now() <= datetime.timedelta(minutes=1)

    client = Client(REMOTE_ADDR=next(_addresses))
    response = _attempt(ptp.email, PASSWORD, client)
    # Even the right password waits, from a browser never signed in with.
    assert not _signed_in(response, client)
    page = response.content.decode()
    assert "Too many failed sign-in attempts for this address" in page
    assert "ask a manager of your organization to unlock" in page

    (message,) = mail.outbox
    assert message.to == [ptp.email]
    assert "Failed sign-ins on your Maillage account" in message.subject
    assert "Connexions refusées" in message.subject
    assert "mot de passe" in message.body and "password" in message.body
    assert PASSWORD not in message.body

    with django_capture_on_commit_callbacks(execute=True):
        SignInThrottle.objects.update(blocked_until=timezone.now() - datetime.timedelta(seconds=1))
        _fail(ptp.email, 1)
    # The sixth failure waits two minutes; the person was already told today.
    assert throttle.blocked_until(ptp.email) - timezone.now() > datetime.timedelta(seconds=90)
    assert len(mail.outbox) == 1


def test_the_message_is_french_for_a_french_browser(ptp):
    _fail(ptp.email, 5)
    page = _attempt(ptp.email, PASSWORD, language="fr").content.decode()
    assert "Trop de tentatives de connexion" in page


def test_the_browser_she_signed_in_with_is_not_held(ptp):
    phone = Client(REMOTE_ADDR="198.51.100.7")
    assert _signed_in(_attempt(ptp.email, PASSWORD, phone), phone)
    assert phone.cookies[settings.SIGN_IN_DEVICE_COOKIE_NAME]["httponly"]
    phone.post(reverse("account_logout"))
    assert "_auth_user_id" not in phone.session

    _fail(ptp.email, 8)
    assert throttle.blocked_until(ptp.email) is not None
    # A typo on her phone neither counts nor waits, and the right password signs her in.
    failures = SignInThrottle.objects.get().failures
    assert _attempt(ptp.email, "typo", phone).status_code == 200
    assert SignInThrottle.objects.get().failures == failures
    assert _signed_in(_attempt(ptp.email, PASSWORD, phone), phone)
    # Her sign-in does not wipe the wait the guesser earned.
    assert throttle.blocked_until(ptp.email) is not None


def test_a_cookie_made_for_someone_else_or_forged_does_not_help(ptp, outsider):
    _fail(ptp.email, 5)
    for value in (throttle.device_token(outsider), "forged", throttle.device_token(ptp) + "x"):
        client = Client(REMOTE_ADDR=next(_addresses))
        client.cookies[settings.SIGN_IN_DEVICE_COOKIE_NAME] = value
        assert not _signed_in(_attempt(ptp.email, PASSWORD, client), client)


def test_an_unknown_address_waits_the_same_and_is_never_stored(db):
    email = "personne@example.org"
    _fail(email, 5)
    known_page = _attempt(email, PASSWORD).content.decode()
    assert "Too many failed sign-in attempts for this address" in known_page
    assert not mail.outbox
    row = SignInThrottle.objects.get()
    assert email not in str(row.__dict__)


def test_a_sign_in_before_the_wait_starts_forgets_the_failures(ptp):
    _fail(ptp.email, 3)
    client = Client(REMOTE_ADDR=next(_addresses))
    assert _signed_in(_attempt(ptp.email, PASSWORD, client), client)
    assert not SignInThrottle.objects.exists()


def test_failures_a_day_old_are_forgotten(ptp):
    _fail(ptp.email, 7)
    SignInThrottle.objects.update(
        last_failure_at=timezone.now() - datetime.timedelta(days=1, minutes=1),
        blocked_until=timezone.now() - datetime.timedelta(days=1),
    )
    _fail(ptp.email, 1)
    assert SignInThrottle.objects.get().failures == 1


def test_choosing_a_new_password_ends_the_wait(ptp, django_capture_on_commit_callbacks):
    _fail(ptp.email, 6)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": ptp.email})
    link = mail.outbox[-1].body
    url = next(word for word in link.split() if "/password/reset/key/" in word)
    path = url.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    new = "une toute nouvelle phrase de passe"
    response = client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert response.status_code == 302
    assert throttle.blocked_until(ptp.email) is None


def test_a_manager_sees_the_pause_and_unlocks_it(pg_client, org, ptp):
    _fail(ptp.email, 6)
    pg_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    team = pg_client.get(reverse("accounts:team")).content.decode()
    # The sixth try was refused unchecked: five failures count.
    assert "paused until" in team and "after 5 failed attempts" in team
    membership = ptp.memberships.get(organization=org)
    url = reverse("accounts:unlock_member", args=[membership.uuid])
    assert url in team

    assert pg_client.post(url).status_code == 302
    assert throttle.blocked_until(ptp.email) is None
    event = AuditEvent.objects.for_org(org).get(action="account.login.unlocked")
    assert event.object_uuid == ptp.uuid
    assert url not in pg_client.get(reverse("accounts:team")).content.decode()
    # Nothing left to unlock: no second event.
    pg_client.post(url)
    assert AuditEvent.objects.for_org(org).filter(action="account.login.unlocked").count() == 1


@pytest.mark.parametrize("who", ["ptp_client", "outsider_client"])
def test_only_a_manager_of_the_organization_unlocks(request, who, org, ptp):
    _fail(ptp.email, 6)
    membership = ptp.memberships.get(organization=org)
    response = request.getfixturevalue(who).post(
        reverse("accounts:unlock_member", args=[membership.uuid])
    )
    assert response.status_code == {"ptp_client": 403, "outsider_client": 404}[who]
    assert throttle.blocked_until(ptp.email) is not None


def test_wrong_two_factor_codes_are_still_limited_per_account(pg):
    client = Client(REMOTE_ADDR=next(_addresses))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.post(LOGIN, {"login": pg.email, "password": PASSWORD}).status_code == 302
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": "000000"}, REMOTE_ADDR=next(_addresses))
    response = client.post(
        reverse("mfa_authenticate"), {"code": current_totp_code()}, REMOTE_ADDR=next(_addresses)
    )
    assert "Too many failed" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_one_client_guessing_many_addresses_meets_the_per_client_limit(ptp):
    client = Client(REMOTE_ADDR="192.0.2.44")
    for n in range(5):
        _attempt(f"quelqu.un{n}@example.org", client=client)
    response = _attempt(ptp.email, PASSWORD, client)
    assert "Too many failed" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # No address typed by that client was made to wait.
    assert throttle.blocked_until(ptp.email) is None
