"""Gaps suggested from referrals not used or refused for a structural reason."""

from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.gaps.models import GapStatus, ServiceGap
from maillage.testing.builders import make_family

from .builders import make_unmet_referral
from .conftest import in_english

REGISTER = reverse("gaps:register")


def gaps_of(org):
    return list(ServiceGap.objects.for_org(org).order_by("created_at", "id"))


def test_a_referral_not_used_for_transport_becomes_a_gap_confirmed_and_shown_at_the_table(
    ptp, ptp_client, pg_client, org, family
):
    make_unmet_referral(family, ptp, need="childcare", reason="transport")

    response = ptp_client.get(REGISTER)

    assert response.status_code == 200
    [gap] = gaps_of(org)
    assert (gap.need, gap.cause, gap.status) == ("childcare", "transport", "suggested")
    assert gap.municipality == family.municipality
    assert [row.families_affected for row in response.context["gaps"]] == [1]
    assert family.code not in response.content.decode()

    confirmed = pg_client.post(reverse("gaps:confirm", args=[gap.uuid]))

    assert confirmed.status_code == 302
    gap.refresh_from_db()
    assert gap.status == GapStatus.CONFIRMED
    assert AuditEvent.objects.for_org(org).filter(action="gap.confirmed").count() == 1

    table = in_english(pg_client).get(reverse("gaps:concertation"))
    assert table.status_code == 200
    [(need, territory, cells, row_total)] = table.context["body"]
    assert (need, territory) == ("Childcare and halte-garderie", "Saint-Côme")
    assert row_total == 1 and sum(cells) == 1  # exact counts for the organization
    assert family.code not in table.content.decode()


def test_suggesting_is_idempotent_and_counts_distinct_families(ptp, ptp_client, org, family):
    make_unmet_referral(family, ptp, reason="transport")
    make_unmet_referral(family, ptp, reason="transport")  # the same family, a second time
    other = make_family(org, ptp, municipality=family.municipality)
    make_unmet_referral(other, ptp, reason="transport", outcome="refused")

    ptp_client.get(REGISTER)
    ptp_client.get(REGISTER)

    [gap] = gaps_of(org)
    assert gap.referrals.count() == 3
    response = ptp_client.get(REGISTER)
    assert [row.families_affected for row in response.context["gaps"]] == [2]
    assert AuditEvent.objects.for_org(org).filter(action="gap.suggested").count() == 1


def test_a_new_referral_extends_the_confirmed_gap(ptp, ptp_client, pg, org, family):
    from maillage.gaps import services

    make_unmet_referral(family, ptp, reason="waiting_time")
    services.suggest_gaps(org, ptp)  # idempotent: the status change already suggested it
    [gap] = ServiceGap.objects.for_org(org)
    assert gap.cause == "waiting_list"
    services.confirm_gap(pg, gap)

    make_unmet_referral(
        make_family(org, ptp, municipality=family.municipality), ptp, reason="waiting_time"
    )
    ptp_client.get(REGISTER)

    [gap] = gaps_of(org)
    assert (gap.status, gap.referrals.count()) == ("confirmed", 2)


def test_reasons_about_the_family_path_suggest_nothing(ptp, ptp_client, org, family):
    for reason in ("distrust", "changed_mind", "unreachable", "missing_documents", "other"):
        make_unmet_referral(family, ptp, reason=reason)

    ptp_client.get(REGISTER)

    assert gaps_of(org) == []


def test_a_family_without_municipality_counts_in_the_organization_region(ptp, ptp_client, org):
    family = make_family(org, ptp)
    make_unmet_referral(family, ptp, need="food", reason="cost")

    ptp_client.get(REGISTER)

    [gap] = gaps_of(org)
    assert (gap.municipality, gap.region, gap.cause) == (None, org.region, "cost")


def test_a_dismissed_suggestion_is_not_suggested_again(ptp, ptp_client, pg_client, org, family):
    make_unmet_referral(family, ptp, reason="schedule")
    ptp_client.get(REGISTER)
    [gap] = gaps_of(org)

    pg_client.post(reverse("gaps:dismiss", args=[gap.uuid]))
    ptp_client.get(REGISTER)

    [gap] = gaps_of(org)
    assert gap.status == "dismissed"
    assert AuditEvent.objects.for_org(org).filter(action="gap.dismissed").count() == 1


def test_the_outsider_sees_none_of_the_organization_gaps(ptp, org, family, outsider_client):
    make_unmet_referral(family, ptp)
    from maillage.gaps import services

    services.suggest_gaps(org, ptp)  # idempotent: the status change already suggested it
    [gap] = ServiceGap.objects.for_org(org)

    assert outsider_client.get(reverse("gaps:detail", args=[gap.uuid])).status_code == 404
    assert outsider_client.post(reverse("gaps:confirm", args=[gap.uuid])).status_code == 404
    register = outsider_client.get(REGISTER)
    assert register.status_code == 200 and register.context["gaps"] == []


def test_the_register_query_count_does_not_grow_with_gaps(
    ptp, ptp_client, org, django_assert_max_num_queries
):
    from .builders import make_gap

    for need in ("food", "housing", "transport"):
        make_gap(org, need=need)
    ptp_client.get(REGISTER)  # warm up: session, membership
    with django_assert_max_num_queries(12) as few:
        ptp_client.get(REGISTER)
    for need in ("employment", "childcare", "safety", "other"):
        make_gap(org, need=need)
    with django_assert_max_num_queries(len(few.captured_queries)):
        ptp_client.get(REGISTER)


def test_the_gap_is_suggested_as_soon_as_the_referral_ends_unused(org, ptp):
    from maillage.referrals.services import change_status, create_referral
    from maillage.testing.builders import make_family

    family = make_family(org, ptp, municipality=org.municipalities.get())
    referral = create_referral(ptp, family, "transport", partner_name="Transport adapté")
    for status in ("accepted", "requested"):
        change_status(ptp, referral, status)
    assert not ServiceGap.objects.for_org(org).exists()
    change_status(ptp, referral, "not_used", reason="transport")
    gap = ServiceGap.objects.for_org(org).get()
    assert (gap.need, gap.cause, gap.status) == ("transport", "transport", "suggested")
