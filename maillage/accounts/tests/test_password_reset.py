"""Password reset: the answer never tells whether an address has an account (finding 1)."""

import re

from django.core import mail
from django.test import Client
from django.urls import reverse


def _ask_reset(email):
    client = Client()
    return client.post(reverse("account_reset_password"), {"email": email}, follow=True)


def _page(response):
    """The page without what differs on every request (CSRF token, CSP nonce)."""
    html = response.content.decode()
    return re.sub(r"[A-Za-z0-9_+/=-]{40,}", "", html)


def test_an_unknown_and_a_known_address_get_the_same_page_and_status(ptp):
    unknown = _ask_reset("nobody-here@example.org")
    assert mail.outbox == []  # nothing is sent to an address without an account
    known = _ask_reset(ptp.email)
    assert unknown.status_code == known.status_code == 200
    assert unknown.redirect_chain == known.redirect_chain
    assert [t.name for t in unknown.templates][:1] == [t.name for t in known.templates][:1]
    assert _page(unknown) == _page(known)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [ptp.email]
