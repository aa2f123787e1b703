import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.accounts.models import Role
from maillage.audit.models import AuditEvent
from maillage.families.models import Consent, Family, Member, Status
from maillage.families.services import FamilyError, set_identity
from maillage.outreach.models import OutreachActivity, Strategy
from maillage.testing.builders import make_family, make_member
from maillage.testing.fixtures import logged_in_client

NEW = {
    "membres-TOTAL_FORMS": "3",
    "membres-INITIAL_FORMS": "0",
    "membres-MIN_NUM_FORMS": "0",
    "membres-MAX_NUM_FORMS": "12",
    "membres-0-role": "parent",
    "membres-0-birth_year": "1992",
    "membres-1-role": "child",
    "membres-1-birth_year": "2024",
    "membres-1-birth_month": "3",
    "file": "on",
    "statistics": "on",
    "method": "verbal",
    "text_version": "2026-01",
}


def test_a_family_is_created_from_an_outreach_activity_with_members_and_consent(
    ptp_client, org, ptp
):
    strategy = Strategy.objects.for_org(org).get(default="park")
    activity = OutreachActivity.objects.create(
        organization=org, worker=ptp, strategy=strategy, people_met=4
    )
    response = ptp_client.post(
        reverse("families:new") + f"?activite={activity.uuid}",
        NEW | {"activite": str(activity.uuid), "entry_point": "grandparent"},
    )
    assert response.status_code == 302
    family = Family.objects.for_org(org).get()
    assert family.origin_activity == activity and family.origin_strategy == strategy
    assert family.entry_point == "grandparent"
    assert family.code.startswith("F-") and len(family.code) == 9
    assert sorted(m.role for m in family.members.all()) == ["child", "parent"]
    assert {c.purpose for c in family.consents.all()} == {"file", "statistics"}
    assert list(family.assignments.values_list("worker", flat=True)) == [ptp.pk]
    assert AuditEvent.objects.for_org(org).filter(action="family.created").exists()
    page = ptp_client.get(response["Location"]).content.decode()
    assert family.code in page
    assert "Children 0–5: 1" in page or "Enfants de 0 à 5 ans : 1" in page or "0–5" in page


def test_without_the_file_consent_nothing_is_kept(ptp_client, org):
    response = ptp_client.post(reverse("families:new"), NEW | {"file": ""})
    assert response.status_code == 200
    assert "file" in response.context["consents"].errors
    assert not Family.objects.for_org(org).exists()
    # What was typed is still there.
    assert 'value="1992"' in response.content.decode()


def test_bad_member_rows_are_explained_and_nothing_is_half_saved(ptp_client, org):
    response = ptp_client.post(reverse("families:new"), NEW | {"membres-1-birth_month": "13"})
    assert response.status_code == 200
    assert response.context["members"].forms[1].errors["birth_month"]
    assert not Family.objects.for_org(org).exists()
    assert not Member.objects.across_organizations("test").exists()


def test_no_age_gate_a_household_without_young_children_is_welcome(ptp_client, org):
    rows = NEW | {
        "membres-0-role": "grandparent",
        "membres-0-birth_year": "1950",
        "membres-1-role": "teenager",
        "membres-1-birth_year": "2011",
    }
    assert ptp_client.post(reverse("families:new"), rows).status_code == 302


def test_a_second_save_from_an_old_page_is_refused_and_keeps_what_was_typed(ptp_client, org, ptp):
    family = make_family(org, ptp)
    url = reverse("families:edit", args=[family.uuid])
    first = ptp_client.post(url, {"version": family.version, "languages": "Espagnol"})
    assert first.status_code == 302
    second = ptp_client.post(url, {"version": family.version, "languages": "Arabe, français"})
    assert second.status_code == 200
    assert second.context["form"].non_field_errors()
    assert "Arabe, français" in second.content.decode()
    family.refresh_from_db()
    assert family.languages == "Espagnol"
    # Having checked, the person saves again from the same form: it now goes through.
    third = ptp_client.post(
        url, {"version": second.context["form"]["version"].value(), "languages": "Arabe, français"}
    )
    assert third.status_code == 302
    family.refresh_from_db()
    assert family.languages == "Arabe, français"


def test_status_lifecycle_with_reason_and_reopening(pg_client, org, ptp):
    family = make_family(org, ptp)
    url = reverse("families:status", args=[family.uuid])
    pg_client.post(url, {"status": Status.ACCOMPANIED, "version": family.version})
    family.refresh_from_db()
    assert family.status == Status.ACCOMPANIED
    pg_client.post(url, {"status": Status.CLOSED, "version": family.version})  # no reason
    family.refresh_from_db()
    assert family.status == Status.ACCOMPANIED
    pg_client.post(url, {"status": Status.CLOSED, "reason": "moved", "version": family.version})
    family.refresh_from_db()
    assert (family.status, family.closure_reason) == (Status.CLOSED, "moved")
    pg_client.post(url, {"status": Status.BUILDING_BOND, "version": family.version})
    family.refresh_from_db()
    assert family.status == Status.BUILDING_BOND
    assert [c.to_status for c in family.status_changes.order_by("changed_at", "id")] == [
        "first_contact",
        "accompanied",
        "closed",
        "building_bond",
    ]


def test_identity_is_encrypted_at_rest_and_found_by_its_blind_index(ptp_client, org, ptp):
    org.identity_enabled = True
    org.save(update_fields=["identity_enabled"])
    family = make_family(
        org,
        ptp,
        consents=[
            {"purpose": "file", "method": "verbal", "text_version": "2026-01"},
            {"purpose": "identity", "method": "written", "text_version": "2026-01"},
        ],
    )
    response = ptp_client.post(
        reverse("families:identity", args=[family.uuid]),
        {
            "nickname": "Émélie",
            "phone": "1 (514) 555-0199",
            "address": "12, rue des Érables",
            "version": family.version,
        },
    )
    assert response.status_code == 302
    with connection.cursor() as cursor:
        cursor.execute("SELECT nickname, phone, address FROM families_family")
        raw = " ".join(str(value) for value in cursor.fetchone())
    assert "Émélie" not in raw and "555" not in raw and "Érables" not in raw
    compact = family.code.replace("-", "").lower()
    for query in ("emelie", "ÉMÉLIE", "514-555-0199", family.code.lower(), compact, compact[1:]):
        page = ptp_client.post(reverse("families:list"), {"q": query})
        assert [f.code for f, _ in page.context["rows"]] == [family.code], query
    assert ptp_client.post(reverse("families:list"), {"q": "Emilie"}).context["rows"] == []
    # A search typed into the address is ignored: names never travel in URLs.
    assert len(ptp_client.get(reverse("families:list"), {"q": "zzz"}).context["rows"]) == 1


def test_a_worker_who_may_not_see_identities_cannot_find_a_family_by_name(org, ptp, pg):
    org.identity_enabled, org.team_visibility = True, False
    org.save(update_fields=["identity_enabled", "team_visibility"])
    family = make_family(
        org,
        pg,
        consents=[
            {"purpose": "file", "method": "verbal", "text_version": "2026-01"},
            {"purpose": "identity", "method": "verbal", "text_version": "2026-01"},
        ],
    )
    set_identity(pg, family, nickname="Nour", phone="", address="", expected_version=family.version)
    found = logged_in_client(ptp).post(reverse("families:list"), {"q": "nour"})
    assert found.context["rows"] == []
    html = logged_in_client(ptp).get(reverse("families:list")).content.decode()
    assert family.code in html and "Nour" not in html


def test_identity_needs_the_setting_and_the_consent(ptp, org):
    family = make_family(org, ptp)
    with pytest.raises(FamilyError, match="identit"):
        set_identity(
            ptp, family, nickname="X", phone="", address="", expected_version=family.version
        )
    org.identity_enabled = True
    org.save(update_fields=["identity_enabled"])
    with pytest.raises(FamilyError, match="consent"):
        set_identity(
            ptp, family, nickname="X", phone="", address="", expected_version=family.version
        )
    family.refresh_from_db()
    assert family.nickname == ""


def test_withdrawing_consent_stops_use_at_once(pg_client, org, ptp):
    org.identity_enabled = True
    org.save(update_fields=["identity_enabled"])
    family = make_family(
        org,
        ptp,
        consents=[
            {"purpose": "file", "method": "verbal", "text_version": "2026-01"},
            {"purpose": "identity", "method": "verbal", "text_version": "2026-01"},
        ],
    )
    set_identity(
        ptp,
        family,
        nickname="Nour",
        phone="450 555-0101",
        address="1, rue du Lac",
        expected_version=family.version,
    )
    identity = family.consents.get(purpose="identity")
    pg_client.post(reverse("families:consent_withdraw", args=[identity.uuid]))
    family.refresh_from_db()
    assert (family.nickname, family.phone, family.address) == ("", "", "")
    assert family.nickname_index == family.phone_index == ""
    file_consent = family.consents.get(purpose="file")
    pg_client.post(reverse("families:consent_withdraw", args=[file_consent.uuid]))
    family.refresh_from_db()
    assert (family.status, family.closure_reason) == ("closed", "consent_withdrawn")
    assert (
        Consent.objects.across_organizations("test")
        .filter(family=family, withdrawn_on__isnull=False)
        .count()
        == 2
    )


def test_sharing_consent_names_its_partner(ptp_client, org, ptp):
    family = make_family(org, ptp)
    response = ptp_client.post(
        reverse("families:consent_new", args=[family.uuid]),
        {
            "purpose": "share",
            "method": "verbal",
            "given_on": "2026-01-10",
            "text_version": "2026-01",
        },
    )
    assert "partner_name" in response.context["form"].errors
    assert family.consents.count() == 1


def _situation(response) -> str:
    """The family page's "Situation and strengths" card, where context factors appear
    (the plan's need list elsewhere on the page also has a "mental health" choice)."""
    html = response.content.decode()
    start = html.index('id="situation-heading"')
    return html[start : html.index("</section>", start)]


def test_sensitive_details_stay_with_the_familys_workers(org, ptp, pg):
    org.team_visibility = False
    org.identity_enabled = True
    org.save(update_fields=["team_visibility", "identity_enabled"])
    family = make_family(org, ptp, context_factors=["mental_health"])
    colleague = make_member(org, Role.PTP).user
    page = logged_in_client(colleague).get(reverse("families:detail", args=[family.uuid]))
    assert page.status_code == 200
    html = _situation(page)
    assert "Santé mentale" not in html and "Mental health" not in html
    assert (
        logged_in_client(colleague)
        .get(reverse("families:identity", args=[family.uuid]))
        .status_code
        == 403
    )
    own = logged_in_client(ptp).get(reverse("families:detail", args=[family.uuid]))
    assert "Santé mentale" in _situation(own)


def test_outsiders_and_platform_roles_get_404_on_every_family_url(
    org, ptp, outsider_client, evaluator_client, admin_client
):
    family = make_family(org, ptp)
    for client in (outsider_client, evaluator_client, admin_client):
        assert client.get(reverse("families:detail", args=[family.uuid])).status_code == 404


def test_reading_a_family_is_audited(ptp_client, org, ptp):
    family = make_family(org, ptp)
    ptp_client.get(reverse("families:detail", args=[family.uuid]))
    assert (
        AuditEvent.objects.for_org(org)
        .filter(action="family.viewed", object_uuid=family.uuid)
        .exists()
    )


def test_handover_moves_every_family_with_a_note(pg_client, org, ptp):
    families = [make_family(org, ptp) for _ in range(3)]
    colleague = make_member(org, Role.PTP)
    response = pg_client.post(
        reverse("families:handover"),
        {
            "from_worker": ptp.memberships.get().pk,
            "to_worker": colleague.pk,
            "note": "Préfère les textos.",
        },
    )
    assert response.status_code == 302
    for family in families:
        assert list(family.assignments.values_list("worker", flat=True)) == [colleague.user_id]
        assert family.assignments.get().handover_note == "Préfère les textos."


def test_the_list_query_count_does_not_grow_with_families(pg_client, org, ptp):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert pg_client.get(reverse("families:list")).status_code == 200
        return len(queries)

    make_family(org, ptp)
    few = count()
    for _ in range(20):
        make_family(org, make_member(org, Role.PTP).user)
    assert count() == few
    detail = reverse("families:detail", args=[make_family(org, ptp).uuid])
    with CaptureQueriesContext(connection) as queries:
        pg_client.get(detail)
    assert len(queries) < 40


def test_a_tampered_activity_reference_is_a_404_not_a_500(ptp_client, outsider, other_org):
    assert ptp_client.get(reverse("families:new"), {"activite": "garbage"}).status_code == 404
    strategy = Strategy.objects.for_org(other_org).first()
    foreign = OutreachActivity.objects.create(
        organization=other_org, worker=outsider, strategy=strategy, people_met=1
    )
    assert ptp_client.get(reverse("families:new"), {"activite": foreign.uuid}).status_code == 404


def test_filters_by_worker_need_status_and_municipality_without_duplicates(pg_client, org, ptp):
    from maillage.accompaniment.services import add_priority

    colleague = make_member(org, Role.PTP).user
    mine = make_family(org, ptp, municipality=org.municipalities.get())
    theirs = make_family(org, colleague)
    add_priority(ptp, mine, "Logement", "housing", True)
    add_priority(ptp, mine, "Encore le logement", "housing", True)
    for filters, expected in (
        ({"worker": ptp.memberships.get().pk}, [mine]),
        ({"worker": colleague.memberships.get().pk}, [theirs]),
        ({"need": "housing"}, [mine]),
        ({"municipality": org.municipalities.get().pk}, [mine]),
        ({"status": "first_contact"}, sorted([mine, theirs], key=lambda f: f.code)),
    ):
        page = pg_client.get(reverse("families:list"), filters)
        assert [f for f, _ in page.context["rows"]] == expected, filters
