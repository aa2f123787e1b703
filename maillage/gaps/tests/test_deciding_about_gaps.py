"""The manager confirms, merges or dismisses suggestions, edits gaps, raises one by hand."""

from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.gaps.models import ServiceGap

from .builders import make_gap
from .conftest import in_english


def test_merge_a_suggestion_into_a_gap_of_the_same_need_and_cause(pg, pg_client, org):
    target = make_gap(org, status="confirmed", families_added=2)
    suggestion = make_gap(org, status="suggested", families_added=3)

    response = pg_client.post(
        reverse("gaps:merge", args=[suggestion.uuid]), {"into": str(target.uuid)}
    )

    assert response.status_code == 302
    suggestion.refresh_from_db()
    target.refresh_from_db()
    assert suggestion.merged_into == target
    assert target.families_added == 5
    assert AuditEvent.objects.for_org(org).filter(action="gap.merged").count() == 1
    register = pg_client.get(reverse("gaps:register"))
    assert [gap.uuid for gap in register.context["gaps"]] == [target.uuid]


def test_a_gap_of_another_cause_cannot_be_merged_into(pg_client, org):
    other_cause = make_gap(org, status="confirmed", cause="cost")
    suggestion = make_gap(org, status="suggested")

    response = in_english(pg_client).post(
        reverse("gaps:merge", args=[suggestion.uuid]), {"into": str(other_cause.uuid)}
    )

    assert response.status_code == 200
    assert "into" in response.context["merge_form"].errors
    suggestion.refresh_from_db()
    assert suggestion.merged_into is None


def test_a_worker_cannot_decide(ptp_client, org):
    suggestion = make_gap(org, status="suggested")

    assert ptp_client.post(reverse("gaps:confirm", args=[suggestion.uuid])).status_code == 403
    assert ptp_client.get(reverse("gaps:edit", args=[suggestion.uuid])).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == "suggested"


def test_raise_a_gap_by_hand(pg_client, org):
    municipality = org.municipalities.get()
    response = pg_client.post(
        reverse("gaps:new"),
        {
            "need": "transport",
            "cause": "no_service",
            "municipality": municipality.pk,
            "description": "Aucun transport collectif le samedi.",
            "families_added": "6",
        },
    )

    assert response.status_code == 302
    [gap] = ServiceGap.objects.for_org(org)
    assert (gap.status, gap.municipality, gap.families_added) == ("confirmed", municipality, 6)
    assert AuditEvent.objects.for_org(org).filter(action="gap.created").count() == 1


def test_bad_input_is_kept_with_errors_next_to_the_fields(pg_client, org):
    response = in_english(pg_client).post(
        reverse("gaps:new"),
        {
            "need": "transport",
            "cause": "not-a-cause",
            "description": "Liste d'attente de 18 mois.",
            "families_added": "-2",
            "raised_at_table_on": "2999-01-01",
        },
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"cause", "families_added", "raised_at_table_on", "municipality"}
    assert "territory" in form.errors["municipality"][0]
    assert form["description"].value() == "Liste d'attente de 18 mois."
    assert not ServiceGap.objects.for_org(org).exists()


def test_edit_a_gap_records_the_changed_fields(pg_client, org):
    gap = make_gap(org)
    response = pg_client.post(
        reverse("gaps:edit", args=[gap.uuid]),
        {
            "need": gap.need,
            "cause": gap.cause,
            "region": org.region.pk,
            "families_added": "0",
            "action_taken": "Présenté à la table; navette à l'étude.",
            "raised_at_table_on": "2026-01-15",
            "status": "resolved",
        },
    )

    assert response.status_code == 302
    gap.refresh_from_db()
    assert gap.status == "resolved"
    event = AuditEvent.objects.for_org(org).get(action="gap.updated")
    assert set(event.changed_fields) == {"action_taken", "raised_at_table_on", "status"}
