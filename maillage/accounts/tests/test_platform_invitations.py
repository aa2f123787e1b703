"""The platform cannot let itself into an organization (security finding 2).

An invitation the administrator makes waits for the approval of a manager of the
organization; to a platform account (or herself) it is refused where nobody can approve.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse

from maillage.accounts.models import Invitation, Membership, Role
from maillage.audit.models import AuditEvent
from maillage.testing.builders import make_family, make_organization, make_user
from maillage.testing.fixtures import logged_in_client


@pytest.fixture
def platform_invite(admin_client, django_capture_on_commit_callbacks):
    def _invite(organization, email, role=Role.PG):
        with django_capture_on_commit_callbacks(execute=True):
            return admin_client.post(
                reverse("organizations:platform_invite", args=[organization.uuid]),
                {"email": email, "role": role},
            )

    return _invite


def _link_for(email):
    (message,) = [m for m in mail.outbox if m.to == [email]]
    return re.search(r"http://testserver(/invitation/[^/\s]+/)", message.body).group(1)


def _approve(client, invitation):
    return client.post(reverse("accounts:approve_invitation", args=[invitation.uuid]))


def test_the_administrator_inviting_herself_cannot_accept_until_a_manager_approves(
    platform_invite, admin, admin_client, pg, pg_client, ptp, org
):
    family = make_family(org, ptp)
    assert platform_invite(org, admin.email).status_code == 302
    invitation = Invitation.objects.for_org(org).get(email=admin.email)
    assert invitation.awaits_approval
    link = _link_for(admin.email)

    assert admin_client.get(link).status_code == 403
    assert admin_client.post(link).status_code == 403
    assert not Membership.objects.for_org(org).filter(user=admin).exists()
    family_page = reverse("families:detail", args=[family.uuid])
    assert admin_client.get(family_page).status_code == 404

    team = pg_client.get(reverse("accounts:team")).content.decode()
    assert reverse("accounts:approve_invitation", args=[invitation.uuid]) in team
    assert _approve(pg_client, invitation).status_code == 302
    event = AuditEvent.objects.for_org(org).get(action="membership.invitation.approved")
    assert event.object_uuid == invitation.uuid and event.actor == pg

    assert admin_client.post(link).status_code == 302
    assert Membership.objects.for_org(org).get(user=admin).role == Role.PG


def test_another_platform_account_waits_for_approval_too(
    platform_invite, evaluator, pg_client, org
):
    platform_invite(org, evaluator.email, Role.PTP)
    invitation = Invitation.objects.for_org(org).get(email=evaluator.email)
    evaluator_client = logged_in_client(evaluator)
    link = _link_for(evaluator.email)
    assert evaluator_client.post(link).status_code == 403
    assert not Membership.objects.for_org(org).filter(user=evaluator).exists()
    _approve(pg_client, invitation)
    assert evaluator_client.post(link).status_code == 302
    assert Membership.objects.for_org(org).filter(user=evaluator, is_active=True).exists()


def test_a_platform_account_is_refused_where_no_manager_can_approve(
    platform_invite, admin, evaluator
):
    empty = make_organization("Sans gestionnaire")
    for email in (admin.email, evaluator.email):
        response = platform_invite(empty, email)
        assert response.status_code == 200
        assert response.context["form"].errors["email"]
    assert not Invitation.objects.for_org(empty).exists()
    assert mail.outbox == []


def test_the_first_manager_of_a_new_organization_needs_no_approval(platform_invite, client):
    empty = make_organization("Nouvel organisme")
    platform_invite(empty, "premiere@example.org")
    assert not Invitation.objects.for_org(empty).get().awaits_approval
    assert client.get(_link_for("premiere@example.org")).status_code == 200


def test_a_new_address_invited_by_the_platform_into_a_staffed_organization_waits(
    platform_invite, client, pg_client, org
):
    platform_invite(org, "ailleurs@example.org")
    link = _link_for("ailleurs@example.org")
    assert client.get(link).status_code == 403
    _approve(pg_client, Invitation.objects.for_org(org).get(email="ailleurs@example.org"))
    assert client.get(link).status_code == 200


def test_an_invitation_a_manager_made_needs_no_further_approval(
    pg_client, org, django_capture_on_commit_callbacks
):
    # Invited by a manager before holding a platform role: the manager's invitation counts
    # as approved, so it is accepted; the check is on approval, not on who the account is now.
    person = make_user(email="double@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        pg_client.post(reverse("accounts:invite"), {"email": person.email, "role": "ptp"})
    Membership.objects.create(user=person, role=Role.EVALUATOR)
    assert logged_in_client(person).post(_link_for(person.email)).status_code == 302


def test_only_a_manager_of_the_organization_approves(
    platform_invite, admin, pg, ptp_client, outsider_client, admin_client, org
):
    platform_invite(org, admin.email)
    invitation = Invitation.objects.for_org(org).get(email=admin.email)
    assert _approve(ptp_client, invitation).status_code == 403
    assert _approve(outsider_client, invitation).status_code == 404
    assert _approve(admin_client, invitation).status_code == 404
    invitation.refresh_from_db()
    assert invitation.awaits_approval
