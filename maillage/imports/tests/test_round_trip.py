"""The template a manager downloads imports as it is, and what it holds ends up in the
organization's pages: the issue's "the import round-trips the template"."""

import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from maillage.accompaniment.models import Contact
from maillage.audit.models import AuditEvent
from maillage.families.models import Family, Status
from maillage.imports.models import HistoryImport
from maillage.outreach.models import OutreachActivity
from maillage.referrals.models import Referral

from .conftest import upload


def _download_template(client):
    response = client.get(reverse("imports:template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return response.content


def test_the_downloaded_template_is_checked_then_imported_on_confirmation(pg_client, pg, org):
    content = _download_template(pg_client)

    checked = upload(pg_client, "modele-historique.xlsx", content)

    pending = HistoryImport.objects.for_org(org).get()
    assert checked.status_code == 302
    assert checked["Location"] == reverse("imports:detail", args=[pending.uuid])
    report = pg_client.get(checked["Location"])
    assert [count for _label, count in report.context["counts"]] == [1, 1, 1, 1, 1]
    assert not Family.objects.for_org(org).exists()  # the dry run wrote nothing

    confirmed = pg_client.post(
        reverse("imports:confirm", args=[pending.uuid]), {"sha256": pending.sha256}
    )

    assert confirmed.status_code == 302
    family = Family.objects.for_org(org).get()
    assert family.code == "F-EXEMPLE-1"
    assert family.status == Status.ACCOMPANIED
    assert family.members.get().role == "child"
    assert set(family.consents.values_list("purpose", flat=True)) == {"file", "statistics"}
    assert list(family.assignments.values_list("worker", flat=True)) == [pg.pk]
    assert [c.to_status for c in family.status_changes.order_by("changed_on", "id")] == [
        "first_contact",
        "accompanied",
    ]
    first_contact = family.status_changes.get(to_status="first_contact").changed_on
    assert timezone.localdate(family.created_at) == first_contact  # new then, not today
    contact = Contact.objects.across_organizations("test").get(family=family)
    assert family.last_contact_on == contact.date
    assert OutreachActivity.objects.for_org(org).get().people_met == 9
    referral = Referral.objects.across_organizations("test").get(family=family)
    assert referral.status == "received"
    assert [e.to_status for e in referral.events.all()] == [
        "proposed",
        "accepted",
        "requested",
        "received",
    ]
    pending.refresh_from_db()
    assert pending.status == "imported" and pending.content is None
    event = AuditEvent.objects.for_org(org).get(action="history.imported")
    assert event.changed_fields == ["contacts", "families", "members", "outreach", "referrals"]


def test_imported_rows_show_in_the_organization_pages(pg_client, pg, org):
    upload(pg_client, "modele.xlsx", _download_template(pg_client))
    pending = HistoryImport.objects.for_org(org).get()
    pg_client.post(reverse("imports:confirm", args=[pending.uuid]), {"sha256": pending.sha256})

    families = pg_client.get(reverse("families:list"))
    outreach = pg_client.get(reverse("outreach:list"))

    assert "F-EXEMPLE-1" in families.content.decode()
    assert outreach.context["page"].paginator.count == 1


def test_a_name_that_looks_like_a_formula_stays_inert_and_still_round_trips(pg_client, org):
    org.municipalities.update(name='=HYPERLINK("http://x.example","x")')
    content = _download_template(pg_client)

    cell = load_workbook(io.BytesIO(content))["demarchage"]["E2"].value
    upload(pg_client, "modele.xlsx", content)

    assert cell.startswith("'=")
    pending = HistoryImport.objects.for_org(org).get()
    pg_client.post(reverse("imports:confirm", args=[pending.uuid]), {"sha256": pending.sha256})
    assert OutreachActivity.objects.for_org(org).get().municipality == org.municipalities.get()
