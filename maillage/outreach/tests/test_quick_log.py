"""The quick log: a strategy, a number, save — from any page that includes it."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.outreach.forms import QuickLogForm
from maillage.outreach.models import DefaultStrategy, OutreachActivity, Strategy

URL = reverse("outreach:quick_log")


@pytest.fixture
def park(org):
    return Strategy.objects.for_org(org).get(default=DefaultStrategy.PARK)


def _activities(org):
    return OutreachActivity.objects.for_org(org)


def test_two_inputs_save_an_activity_of_today_and_audit_it(ptp_client, ptp, org, park):
    response = ptp_client.post(URL, {"strategy": str(park.uuid), "people_met": "4"})

    assert response.status_code == 302
    assert response["Location"] == reverse("shell:home")
    activity = _activities(org).get()
    assert (activity.strategy, activity.people_met, activity.worker) == (park, 4, ptp)
    assert activity.date == timezone.localdate()
    assert activity.families_reached == 0
    event = AuditEvent.objects.for_org(org).get(action="outreach.activity.recorded")
    assert event.actor == ptp
    assert event.object_uuid == activity.uuid
    assert event.changed_fields == ["people_met", "strategy"]


def test_the_success_message_names_the_strategy_and_the_people(ptp_client, park):
    ptp_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = ptp_client.post(URL, {"strategy": str(park.uuid), "people_met": "4"}, follow=True)

    assert "Outreach saved: Park or playground, 4 people met." in page.content.decode()


def test_a_manager_may_quick_log_too(pg_client, pg, org, park):
    pg_client.post(URL, {"strategy": str(park.uuid), "people_met": "0"})

    assert _activities(org).get().worker == pg


@pytest.mark.parametrize(
    ("people_met", "error"),
    [("", "This field is required."), ("-2", "greater than or equal to 0")],
)
def test_bad_number_shows_the_error_next_to_the_field_keeps_the_input_and_saves_nothing(
    ptp_client, org, park, people_met, error
):
    ptp_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = ptp_client.post(URL, {"strategy": str(park.uuid), "people_met": people_met})

    assert response.status_code == 200
    assert "outreach/quick_log_page.html" in [t.name for t in response.templates]
    form = response.context["quick_log_form"]
    assert list(form.errors) == ["people_met"]
    assert error in form.errors["people_met"][0]
    html = response.content.decode()
    # Django renders the error inside the field's own block, and marks the input invalid.
    assert 'aria-invalid="true"' in html
    assert f'<option value="{park.uuid}" selected>' in html
    assert not _activities(org).exists()


def test_a_strategy_of_another_organization_is_refused(ptp_client, org, other_org):
    theirs = Strategy.objects.for_org(other_org).first()

    response = ptp_client.post(URL, {"strategy": str(theirs.uuid), "people_met": "3"})

    assert response.status_code == 200
    assert list(response.context["quick_log_form"].errors) == ["strategy"]
    assert not _activities(org).exists()
    assert not _activities(other_org).exists()


def test_a_malformed_strategy_is_a_form_error_not_a_crash(ptp_client, org):
    response = ptp_client.post(URL, {"strategy": "not-a-uuid", "people_met": "3"})

    assert response.status_code == 200
    assert list(response.context["quick_log_form"].errors) == ["strategy"]
    assert not _activities(org).exists()


def test_strategies_out_of_use_are_not_offered_nor_accepted(ptp_client, org, park):
    park.is_active = False
    park.save(update_fields=["is_active"])
    form = QuickLogForm(organization=org)

    offered = {value for value, _label in form.fields["strategy"].choices if value}
    assert str(park.uuid) not in {str(value) for value in offered}
    assert len(offered) == Strategy.objects.for_org(org).filter(is_active=True).count()
    response = ptp_client.post(URL, {"strategy": str(park.uuid), "people_met": "3"})
    assert list(response.context["quick_log_form"].errors) == ["strategy"]
    assert not _activities(org).exists()


def test_get_is_not_allowed(ptp_client):
    assert ptp_client.get(URL).status_code == 405


def test_the_partial_works_included_in_any_page(org, ptp):
    """What the home page does: include the partial with a fresh form."""
    request = RequestFactory().get("/")
    request.user = ptp
    request.membership = None
    html = render_to_string(
        "outreach/partials/quick_log.html",
        {"quick_log_form": QuickLogForm(organization=org)},
        request=request,
    )

    assert f'action="{URL}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'inputmode="numeric"' in html
    assert html.count("<select") == 1
    assert html.count('name="people_met"') == 1
    assert 'id="quick-log-strategy"' in html and 'for="quick-log-strategy"' in html
