import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import Invitation, Membership, Role, User
from maillage.audit.models import AuditEvent
from maillage.testing.builders import PASSWORD, make_member, make_user

NEW_PASSWORD = "une phrase assez longue"


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """POST the invitation form; the e-mail leaves once the transaction commits."""

    def _invite(client, email="newcomer@example.org", role=Role.PTP):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:invite"), {"email": email, "role": role})

    return _invite


def _link_from_last_mail():
    match = re.search(r"http://testserver(/invitation/[^/\s]+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_manager_invites_by_email_and_the_token_is_not_stored(invite, pg_client, org):
    response = invite(pg_client)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["newcomer@example.org"]
    link = _link_from_last_mail()
    token = link.split("/")[2]
    invitation = Invitation.objects.for_org(org).get(email="newcomer@example.org")
    assert token not in invitation.token_hash
    assert invitation.is_pending
    assert AuditEvent.objects.for_org(org).filter(action="membership.invited").exists()


def test_invitee_sets_a_password_and_joins(invite, pg_client, client, org):
    invite(pg_client)
    link = _link_from_last_mail()
    page = client.get(link)
    assert page.status_code == 200
    assert org.name in page.content.decode()
    response = client.post(
        link, {"full_name": "Rosalie", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    user = User.objects.get(email="newcomer@example.org")
    assert user.check_password(NEW_PASSWORD)
    membership = Membership.objects.for_org(org).get(user=user)
    assert membership.role == Role.PTP and membership.is_active
    assert client.get(reverse("shell:home")).status_code == 200
    # The link is used up.
    assert client.get(link).status_code == 404


@pytest.mark.parametrize(
    ("password1", "password2", "field", "message"),
    [
        ("court", "court", "password1", "12"),
        (NEW_PASSWORD, "autre chose encore", "password2", "diff"),
    ],
)
def test_bad_password_keeps_what_was_typed_and_saves_nothing(
    invite, pg_client, client, password1, password2, field, message
):
    invite(pg_client)
    link = _link_from_last_mail()
    response = client.post(
        link,
        {"full_name": "Rosalie Vachon", "password1": password1, "password2": password2},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in str(form.errors[field])
    assert 'value="Rosalie Vachon"' in response.content.decode()
    assert not User.objects.filter(email="newcomer@example.org").exists()


def test_expired_or_revoked_invitations_are_refused(invite, pg_client, client, org):
    invite(pg_client)
    link = _link_from_last_mail()
    Invitation.objects.for_org(org).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(link).status_code == 404
    invite(pg_client, email="second@example.org")
    second = _link_from_last_mail()
    invitation = Invitation.objects.for_org(org).get(email="second@example.org")
    assert (
        pg_client.post(reverse("accounts:revoke_invitation", args=[invitation.uuid])).status_code
        == 302
    )
    assert client.get(second).status_code == 404


def test_inviting_again_replaces_the_pending_invitation(invite, pg_client, client):
    invite(pg_client)
    first = _link_from_last_mail()
    invite(pg_client)
    assert client.get(first).status_code == 404
    assert client.get(_link_from_last_mail()).status_code == 200


def test_inviting_an_active_member_is_refused_next_to_the_field(invite, pg_client, ptp):
    response = invite(pg_client, email=ptp.email.upper())
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert len(mail.outbox) == 0


def test_a_tampered_token_is_a_404(client, db):
    assert client.get(reverse("accounts:accept_invitation", args=["forged"])).status_code == 404


def test_an_existing_account_joins_after_signing_in_as_itself(invite, pg_client, org, other_org):
    person = make_member(other_org, Role.PTP, email="double@example.org").user
    invite(pg_client, email="double@example.org")
    link = _link_from_last_mail()
    from maillage.testing.fixtures import logged_in_client

    anonymous = logged_in_client(person)
    anonymous.logout()
    assert "account_login" not in anonymous.get(link).content.decode()
    assert not Membership.objects.for_org(org).filter(user=person).exists()
    signed_in = logged_in_client(person)
    assert signed_in.get(link).status_code == 200
    assert signed_in.post(link).status_code == 302
    assert Membership.objects.for_org(org).get(user=person).role == Role.PTP


def test_someone_signed_in_with_another_address_cannot_use_the_link(invite, pg_client, ptp_client):
    invite(pg_client)
    link = _link_from_last_mail()
    response = ptp_client.get(link)
    assert "newcomer@example.org" in response.content.decode()
    assert (
        ptp_client.post(
            link, {"full_name": "X", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        ).status_code
        == 200
    )
    assert not User.objects.filter(email="newcomer@example.org").exists()


def test_the_platform_administrator_invites_the_first_manager(admin_client, org):
    response = admin_client.post(
        reverse("organizations:platform_invite", args=[org.uuid]),
        {"email": "first.manager@example.org", "role": Role.PG},
    )
    assert response.status_code == 302
    assert Invitation.objects.for_org(org).get(email="first.manager@example.org").role == Role.PG


def test_admin_opens_an_evaluator_account_with_a_link_to_choose_a_password(admin_client):
    response = admin_client.post(
        reverse("accounts:platform_account_create"),
        {"email": "Eva@Example.org", "full_name": "Éva", "role": Role.EVALUATOR},
    )
    assert response.status_code == 302
    user = User.objects.get(email="eva@example.org")
    assert not user.has_usable_password()
    assert Membership.objects.of_user(user).get().role == Role.EVALUATOR
    assert "/comptes/password/reset/key/" in mail.outbox[-1].body


def test_make_user_default_password_is_long_enough():
    # The persona password must itself satisfy the 12-character rule.
    assert len(PASSWORD) >= 12
    assert make_user  # builders are importable for other tests
