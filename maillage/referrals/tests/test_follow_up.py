"""The referrals to follow up: open ones of the organization, due within a week."""

import datetime

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.referrals.selectors import due_referrals, referrals_for
from maillage.referrals.services import change_status

from .builders import make_family, make_referral, make_service

URL = reverse("referrals:follow_up")


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def test_lists_open_referrals_due_within_a_week(ptp_client, ptp, pg, family, org, other_org):
    overdue = make_referral(family, ptp, partner_name="En retard", follow_up_on=in_days(-2))
    soon = make_referral(family, ptp, partner_name="Bientôt", follow_up_on=in_days(7))
    make_referral(family, ptp, partner_name="Plus tard", follow_up_on=in_days(8))
    make_referral(family, ptp, partner_name="Sans date")
    done = make_referral(family, ptp, partner_name="Terminée", follow_up_on=in_days(1))
    change_status(ptp, done, "withdrawn")
    colleague_family = make_family(org, pg)
    colleague = make_referral(
        colleague_family, pg, partner_name="Collègue", follow_up_on=in_days(0)
    )
    make_referral(
        make_family(other_org, ptp), ptp, partner_name="Ailleurs", follow_up_on=in_days(0)
    )

    response = ptp_client.get(URL)

    assert response.status_code == 200
    assert response.context["referrals_to_follow"] == [overdue, colleague, soon]
    assert "En retard" in response.content.decode()


def test_query_count_does_not_grow_with_rows(
    ptp_client, ptp, family, org, django_assert_num_queries
):
    service = make_service(org)
    make_referral(family, ptp, service=service, follow_up_on=in_days(1))
    ptp_client.get(URL)  # warm the session and caches
    with CaptureQueriesContext(connection) as first:
        ptp_client.get(URL)
    for days in range(5):
        make_referral(make_family(org, ptp), ptp, service=service, follow_up_on=in_days(days))
        make_referral(family, ptp, follow_up_on=in_days(days))

    with django_assert_num_queries(len(first.captured_queries)):
        response = ptp_client.get(URL)
    assert len(response.context["referrals_to_follow"]) == 11


def test_the_family_partial_lists_its_referrals(ptp, family, service):
    referral = make_referral(family, ptp, service=service)

    html = render_to_string(
        "referrals/partials/family_referrals.html",
        {"family": family, "referrals": referrals_for(family)},
    )

    assert reverse("referrals:detail", args=[referral.uuid]) in html
    assert reverse("referrals:new", args=[family.uuid]) in html


def test_evaluator_and_admin_get_403(evaluator_client, admin_client):
    assert evaluator_client.get(URL).status_code == 403
    assert admin_client.get(URL).status_code == 403


def test_outsider_sees_none_of_the_organization(outsider_client, ptp, family):
    make_referral(family, ptp, follow_up_on=in_days(0))

    response = outsider_client.get(URL)

    assert response.status_code == 200
    assert response.context["referrals_to_follow"] == []


def test_ma_journee_lists_only_the_referrals_of_my_families(ptp_client, ptp, pg, family, org):
    mine = make_referral(family, ptp, follow_up_on=in_days(1))
    make_referral(make_family(org, pg), pg, follow_up_on=in_days(1))
    request = ptp_client.get(URL).wsgi_request

    assert due_referrals(request, assigned_to=ptp) == [mine]
    assert len(due_referrals(request)) == 2
