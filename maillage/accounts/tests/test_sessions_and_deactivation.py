import re
from datetime import timedelta

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import AccountSession, Membership
from maillage.audit.models import AuditEvent
from maillage.testing.builders import PASSWORD
from maillage.testing.fixtures import logged_in_client


def _without_tokens(content: bytes) -> bytes:
    """CSRF tokens are masked differently in every response."""
    return re.sub(rb'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', rb"\1", content)


def _sign_in(user):
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_sessions_are_recorded_with_their_user(ptp):
    _sign_in(ptp)
    assert AccountSession.objects.filter(user=ptp).count() == 1


def test_deactivating_a_member_ends_their_sessions_at_once(pg_client, ptp, org):
    ptp_phone, ptp_laptop = _sign_in(ptp), _sign_in(ptp)
    assert ptp_phone.get(reverse("shell:home")).status_code == 200
    membership = Membership.objects.for_org(org).get(user=ptp)
    response = pg_client.post(reverse("accounts:deactivate_member", args=[membership.uuid]))
    assert response.status_code == 302
    for client in (ptp_phone, ptp_laptop):
        response = client.get(reverse("shell:home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    membership.refresh_from_db()
    assert not membership.is_active and membership.deactivated_at is not None
    event = AuditEvent.objects.for_org(org).get(action="membership.deactivated")
    assert event.object_uuid == membership.uuid
    assert event.changed_fields == ["is_active"]


def test_a_deactivated_member_signs_in_to_no_organization(pg_client, ptp, org):
    membership = Membership.objects.for_org(org).get(user=ptp)
    pg_client.post(reverse("accounts:deactivate_member", args=[membership.uuid]))
    client = _sign_in(ptp)
    home = client.get(reverse("shell:home"))
    assert home.status_code == 200
    assert home.templates[0].name == "shell/home_no_membership.html"
    assert client.get(reverse("organizations:profile")).status_code == 403


def test_reactivation_gives_access_back(pg_client, ptp, org):
    membership = Membership.objects.for_org(org).get(user=ptp)
    pg_client.post(reverse("accounts:deactivate_member", args=[membership.uuid]))
    pg_client.post(reverse("accounts:reactivate_member", args=[membership.uuid]))
    assert _sign_in(ptp).get(reverse("organizations:profile")).status_code == 200


def test_a_manager_cannot_deactivate_themselves(pg_client, pg, org):
    membership = Membership.objects.for_org(org).get(user=pg)
    pg_client.post(reverse("accounts:deactivate_member", args=[membership.uuid]))
    membership.refresh_from_db()
    assert membership.is_active


def test_outsider_gets_the_same_404_whether_the_member_exists_or_not(outsider_client, ptp, org):
    membership = Membership.objects.for_org(org).get(user=ptp)
    real = outsider_client.post(reverse("accounts:deactivate_member", args=[membership.uuid]))
    fake_uuid = "00000000-0000-4000-8000-000000000000"
    fake = outsider_client.post(reverse("accounts:deactivate_member", args=[fake_uuid]))
    assert real.status_code == fake.status_code == 404
    # The pages differ only by the address that was asked for (echoed in the language form).
    real_page = _without_tokens(real.content).replace(str(membership.uuid).encode(), b"UUID")
    fake_page = _without_tokens(fake.content).replace(fake_uuid.encode(), b"UUID")
    assert real_page == fake_page
    membership.refresh_from_db()
    assert membership.is_active


def test_closing_an_account_ends_sessions_and_refuses_login(admin_client, ptp):
    client = _sign_in(ptp)
    response = admin_client.post(reverse("accounts:platform_account_toggle", args=[ptp.uuid]))
    assert response.status_code == 302
    assert client.get(reverse("shell:home")).status_code == 302
    response = Client().post(reverse("account_login"), {"login": ptp.email, "password": PASSWORD})
    assert response.status_code != 302 or "inactive" in response["Location"]


def test_sessions_expire_after_the_idle_time(ptp):
    client = _sign_in(ptp)
    assert client.session.get_expiry_age() == settings.SESSION_IDLE_MINUTES * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST  # each request pushes the expiry back
    AccountSession.objects.filter(user=ptp).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("shell:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_activity_pushes_the_expiry_back(ptp):
    client = _sign_in(ptp)
    AccountSession.objects.filter(user=ptp).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )
    client.get(reverse("shell:home"))
    session = AccountSession.objects.get(user=ptp)
    assert session.expire_date > timezone.now() + timedelta(minutes=29)


def test_authenticated_pages_are_never_cached(ptp_client):
    response = ptp_client.get(reverse("shell:home"))
    assert response["Cache-Control"] == "no-store"


def test_switching_organization_is_limited_to_ones_own_memberships(ptp, other_org, outsider):
    from maillage.accounts.models import Role
    from maillage.testing.builders import make_member

    second = make_member(other_org, Role.PTP, user=ptp)
    client = logged_in_client(ptp)
    client.post(reverse("shell:switch"), {"membership": str(second.uuid)})
    assert client.get(reverse("organizations:profile")).context["org"] == other_org
    foreign = Membership.objects.for_org(other_org).get(user=outsider)
    client.post(reverse("shell:switch"), {"membership": str(foreign.uuid)})
    assert client.session["active_membership"] == str(second.uuid)


def test_a_stale_tab_cannot_write_into_the_organization_it_no_longer_shows(ptp, pg, org, other_org):
    from maillage.accounts.models import Role
    from maillage.testing.builders import make_member

    make_member(other_org, Role.PG, user=pg)
    client = logged_in_client(pg)
    first = Membership.objects.for_org(org).get(user=pg)
    client.post(reverse("shell:switch"), {"membership": str(first.uuid)})
    ptp_membership = Membership.objects.for_org(org).get(user=ptp)
    # The page was shown for ``first``; meanwhile, another tab switched organization.
    other = Membership.objects.for_org(other_org).get(user=pg)
    client.post(reverse("shell:switch"), {"membership": str(other.uuid)})
    response = client.post(
        reverse("accounts:deactivate_member", args=[ptp_membership.uuid]),
        {"active_membership": str(first.uuid)},
    )
    assert response.status_code == 409
    htmx = client.post(
        reverse("accounts:deactivate_member", args=[ptp_membership.uuid]),
        HTTP_X_MAILLAGE_MEMBERSHIP=str(first.uuid),
        HTTP_HX_REQUEST="true",
    )
    assert htmx.status_code == 409
    ptp_membership.refresh_from_db()
    assert ptp_membership.is_active
