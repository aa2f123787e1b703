"""The manager's retention page: the schedule, the last runs and what the next run would do."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.core.periods import months_later
from maillage.retention.models import RetentionSchedule

from .builders import make_full_family
from .conftest import in_english

pytestmark = pytest.mark.django_db
URL = reverse("retention:schedule")
#: Session and membership, the schedule, the two counts, the runs, and the shell's own.
QUERIES = 12


def test_the_manager_sees_the_defaults_and_what_the_next_run_would_do(pg_client, org, ptp):
    due = make_full_family(org, ptp, closed_on=months_later(timezone.localdate(), -13))

    page = in_english(pg_client).get(URL).content.decode()

    assert "has not saved a schedule yet" in page
    assert 'value="12"' in page and 'value="60"' in page
    assert "1 family's identity would be destroyed." in page
    assert "0 files would be anonymized." in page
    assert due.code not in page
    assert "Amina" not in page


def test_the_page_lists_the_last_runs_without_naming_a_family(pg_client, org, ptp):
    family = make_full_family(org, ptp, closed_on=months_later(timezone.localdate(), -61))
    old_code = family.code
    call_command("apply_retention", stdout=io.StringIO())

    page = in_english(pg_client).get(URL).content.decode()

    assert "Nothing is due" in page
    runs = page.split("Last runs", 1)[1]
    assert '<td class="num">1</td>' in runs
    family.refresh_from_db()
    assert family.code != old_code
    assert family.code not in page
    assert old_code not in page


def test_the_manager_saves_a_schedule_and_it_is_audited(pg_client, org):
    response = pg_client.post(URL, {"identity_months": "6", "file_months": "36"})

    assert response.status_code == 302
    schedule = RetentionSchedule.objects.for_org(org).get()
    assert (schedule.identity_months, schedule.file_months) == (6, 36)
    event = AuditEvent.objects.for_org(org).get(action="retention.schedule.set")
    assert event.changed_fields == ["file_months", "identity_months"]

    pg_client.post(URL, {"identity_months": "6", "file_months": "48"})
    changed = AuditEvent.objects.for_org(org).get(action="retention.schedule.changed")
    assert changed.changed_fields == ["file_months"]


def test_an_identity_kept_longer_than_the_file_is_refused_and_the_form_keeps_it(pg_client, org):
    response = in_english(pg_client).post(URL, {"identity_months": "48", "file_months": "24"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "The identity must be destroyed no later than the file is anonymized." in page
    assert 'value="48"' in page and 'value="24"' in page
    assert not RetentionSchedule.objects.for_org(org).exists()


@pytest.mark.parametrize("value", ["-1", "241", "douze"])
def test_a_delay_out_of_range_is_refused(pg_client, org, value):
    response = pg_client.post(URL, {"identity_months": value, "file_months": "60"})

    assert response.status_code == 200
    assert response.context["form"].errors["identity_months"]
    assert not RetentionSchedule.objects.for_org(org).exists()


def test_a_worker_gets_403(ptp_client):
    assert ptp_client.get(URL).status_code == 403
    assert ptp_client.post(URL, {"identity_months": "0", "file_months": "0"}).status_code == 403


def test_a_manager_of_another_organization_sees_only_her_own(outsider_client, org, ptp, pg):
    make_full_family(org, ptp, closed_on=months_later(timezone.localdate(), -61))
    outsider_client.post(URL, {"identity_months": "1", "file_months": "2"})

    page = in_english(outsider_client).get(URL).content.decode()

    assert "Nothing is due" in page
    assert not RetentionSchedule.objects.for_org(org).exists()


def test_the_page_makes_the_same_number_of_queries_whatever_the_number_of_families(
    pg_client, org, ptp, django_assert_num_queries
):
    long_ago = months_later(timezone.localdate(), -61)
    make_full_family(org, ptp, closed_on=long_ago)
    with django_assert_num_queries(QUERIES):
        pg_client.get(URL)
    for _i in range(3):
        make_full_family(org, ptp, closed_on=long_ago)
    call_command("apply_retention", stdout=io.StringIO())
    call_command("apply_retention", stdout=io.StringIO())
    make_full_family(org, ptp, closed_on=long_ago)

    with django_assert_num_queries(QUERIES):
        pg_client.get(URL)


def test_the_manager_finds_the_page_in_the_navigation_and_the_worker_does_not(
    pg_client, ptp_client
):
    home = reverse("shell:home")

    assert f'href="{URL}"' in pg_client.get(home).content.decode()
    assert f'href="{URL}"' not in ptp_client.get(home).content.decode()
