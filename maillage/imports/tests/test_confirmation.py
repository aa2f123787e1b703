"""The confirmation imports exactly the file that was checked, checked again, once."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.families.models import Family
from maillage.imports.models import HistoryImport
from maillage.imports.services import Upload, check_upload
from maillage.outreach.models import OutreachActivity
from maillage.testing.builders import make_family

from .builders import good_history, make_pending_import, workbook
from .conftest import in_english, upload


def confirm_url(pending):
    return reverse("imports:confirm", args=[pending.uuid])


def test_a_confirmation_without_the_checked_file_hash_imports_nothing(pg_client, pg, org):
    pending = make_pending_import(org, pg)

    response = in_english(pg_client).post(confirm_url(pending), {})

    assert response.status_code == 200
    assert "did not come from this page" in response.content.decode()
    assert not OutreachActivity.objects.for_org(org).exists()


def test_a_confirmation_for_another_file_imports_nothing(pg_client, pg, org):
    pending = make_pending_import(org, pg)

    response = in_english(pg_client).post(confirm_url(pending), {"sha256": "0" * 64})

    assert "The file changed since it was checked" in response.content.decode()
    assert not OutreachActivity.objects.for_org(org).exists()


def test_a_file_is_imported_once_even_when_confirmed_twice(pg_client, pg, org):
    pending = make_pending_import(org, pg)
    pg_client.post(confirm_url(pending), {"sha256": pending.sha256})

    again = in_english(pg_client).post(confirm_url(pending), {"sha256": pending.sha256})

    assert "already imported" in again.content.decode()
    assert OutreachActivity.objects.for_org(org).count() == 1


def test_the_file_is_checked_again_when_confirmed(pg_client, pg, ptp, org):
    upload(pg_client, "historique.xlsx", workbook(good_history(pg, families=3)))
    pending = HistoryImport.objects.for_org(org).get()
    # Meanwhile a colleague records a family whose code the file also uses.
    taken = make_family(org, ptp)
    Family.objects.for_org(org).filter(pk=taken.pk).update(code="H-001")

    response = in_english(pg_client).post(confirm_url(pending), {"sha256": pending.sha256})

    assert response.status_code == 200
    [problem] = response.context["report"].problems
    assert (problem.sheet, problem.row, problem.column) == ("familles", 3, "code")
    assert Family.objects.for_org(org).count() == 1
    pending.refresh_from_db()
    assert pending.status == "checked"


def test_the_report_and_confirmation_of_another_organization_are_404(outsider_client, pg, org):
    pending = make_pending_import(org, pg)

    seen = outsider_client.get(reverse("imports:detail", args=[pending.uuid]))
    confirmed = outsider_client.post(confirm_url(pending), {"sha256": pending.sha256})

    assert seen.status_code == 404
    assert confirmed.status_code == 404
    assert not OutreachActivity.objects.for_org(org).exists()


def test_outreach_workers_may_not_import(ptp_client, ptp, pg, org):
    pending = make_pending_import(org, pg)

    assert ptp_client.get(reverse("imports:upload")).status_code == 403
    assert ptp_client.get(reverse("imports:template")).status_code == 403
    assert ptp_client.post(confirm_url(pending), {"sha256": pending.sha256}).status_code == 403
    assert not OutreachActivity.objects.for_org(org).exists()


def test_an_unconfirmed_file_is_not_kept_beyond_a_day(pg, org):
    old = make_pending_import(org, pg)
    HistoryImport.objects.for_org(org).filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(hours=25)
    )

    check_upload(pg, org, Upload("h.xlsx", workbook(good_history(pg, families=1))))

    assert not HistoryImport.objects.for_org(org).filter(pk=old.pk).exists()


def test_the_import_page_lists_past_imports_in_constant_queries(
    pg_client, pg, org, django_assert_num_queries
):
    def import_one():
        pending = make_pending_import(org, pg)
        pg_client.post(confirm_url(pending), {"sha256": pending.sha256})

    import_one()
    pg_client.get(reverse("imports:upload"))  # warm the session
    with CaptureQueriesContext(connection) as first:
        pg_client.get(reverse("imports:upload"))
    expected = len(first.captured_queries)  # read now: each request resets the query log
    for _ in range(4):
        import_one()

    with django_assert_num_queries(expected):
        response = pg_client.get(reverse("imports:upload"))

    assert len(response.context["recent"]) == 5


def test_the_organization_page_links_to_the_import_for_the_manager_only(pg_client, ptp_client):
    link = f'href="{reverse("imports:upload")}"'

    assert link in pg_client.get(reverse("organizations:profile")).content.decode()
    assert link not in ptp_client.get(reverse("organizations:profile")).content.decode()
