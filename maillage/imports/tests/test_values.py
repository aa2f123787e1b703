"""What a file may say and how it is read: labels or codes, French or English headers,
CSV or ZIP, families of the file or of the organization, referral histories."""

import io
import re
import zipfile
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import override

from maillage.accompaniment.models import Contact
from maillage.families.models import Family
from maillage.families.services import change_status, current_version
from maillage.gaps.models import ServiceGap
from maillage.imports.services import Upload, import_history
from maillage.outreach.models import OutreachActivity
from maillage.partners.models import Partner, Service
from maillage.referrals.models import Referral
from maillage.testing.builders import make_family, make_municipality

from .builders import CONTACT_HEADERS, FAMILY_HEADERS, csv_bytes, workbook, zip_of


def run(actor, org, name, content, dry_run=False):
    return import_history(actor, org, Upload(name, content), dry_run)


def problems_of(report):
    """The problems, their messages in English (the source language of the catalog)."""
    with override("en"):
        return [(p.sheet, p.row, p.column, p.message) for p in report.problems]


def test_french_labels_are_read_whatever_their_case_and_accents(pg, org):
    content = workbook(
        {
            "Familles": [
                [
                    *FAMILY_HEADERS,
                    "isolement",
                    "porte_ouverte_par",
                    "raison_fermeture",
                    "statut_depuis",
                ],
                [
                    "f-ab12",
                    "2025-01-06",
                    "ÉCRIT",
                    pg.email.upper(),
                    "fermee",
                    "SOCIAL; geographique ou lie au transport",
                    "un parent",
                    "Contact perdu",
                    "2025-02-01",
                ],
            ],
        }
    )

    report = run(pg, org, "h.xlsx", content)

    assert report.ok, problems_of(report)
    family = Family.objects.for_org(org).get()
    assert (family.code, family.status, family.closure_reason) == (
        "F-AB12",
        "closed",
        "lost_contact",
    )
    assert family.isolation == ["social", "geographic"]
    assert family.entry_point == "parent"
    assert family.consents.get().method == "written"


def test_english_sheet_and_column_names_are_accepted(pg, org):
    content = workbook(
        {
            "outreach": [
                ["date", "worker", "strategy", "people_met", "families_reached"],
                [date(2025, 4, 2), pg.email, "Door-to-door", 12, 3],
            ]
        }
    )

    report = run(pg, org, "history.xlsx", content)

    assert report.ok, problems_of(report)
    activity = OutreachActivity.objects.for_org(org).get()
    assert (activity.strategy.default, activity.people_met, activity.families_reached) == (
        "door_to_door",
        12,
        3,
    )


def test_a_csv_saved_with_semicolons_is_read(pg, org):
    content = "\ufeff" + "date;intervenant;strategie;personnes_rencontrees;duree_minutes\n"
    content += f"2025-04-02;{pg.email};Bouche-à-oreille;4;90\n"

    report = run(pg, org, "demarchage.csv", content.encode())

    assert report.ok, problems_of(report)
    assert OutreachActivity.objects.for_org(org).get().duration_minutes == 90


def test_a_zip_of_csv_files_is_one_import(pg, org):
    files = {
        "export/familles.csv": csv_bytes(
            [FAMILY_HEADERS, ["F-ZIP1", "2025-02-01", "verbal", pg.email, ""]]
        ),
        "export/contacts.csv": csv_bytes(
            [CONTACT_HEADERS, ["F-ZIP1", "2025-02-10", pg.email, "phone", "15"]]
        ),
    }

    report = run(pg, org, "historique.zip", zip_of(files))

    assert report.ok, problems_of(report)
    family = Family.objects.for_org(org).get(code="F-ZIP1")
    assert family.contacts.get().mode == "phone"
    assert family.last_contact_on == date(2025, 2, 10)


def test_contacts_join_a_family_already_in_the_organization(pg, ptp, org):
    family = make_family(org, ptp)
    content = workbook(
        {"contacts": [CONTACT_HEADERS, [family.code, "2025-01-15", ptp.email, "group", 120]]}
    )

    report = run(pg, org, "h.xlsx", content)

    assert report.ok, problems_of(report)
    assert Contact.objects.across_organizations("test").get(family=family).worker == ptp
    family.refresh_from_db()
    assert family.last_contact_on == date(2025, 1, 15)


def test_an_older_contact_does_not_move_the_last_contact_back(pg, ptp, org):
    family = make_family(org, ptp)
    Family.objects.for_org(org).filter(pk=family.pk).update(last_contact_on=date(2025, 6, 1))
    content = workbook(
        {"contacts": [CONTACT_HEADERS, [family.code, "2025-01-15", ptp.email, "phone", 10]]}
    )

    run(pg, org, "h.xlsx", content)

    family.refresh_from_db()
    assert family.last_contact_on == date(2025, 6, 1)


def test_a_family_code_already_used_cannot_be_created_again(pg, ptp, org):
    family = make_family(org, ptp)
    content = workbook(
        {"familles": [FAMILY_HEADERS, [family.code, "2025-01-06", "verbal", pg.email, ""]]}
    )

    report = run(pg, org, "h.xlsx", content)

    [(sheet, row, column, _message)] = problems_of(report)
    assert (sheet, row, column) == ("familles", 2, "code")
    assert Family.objects.for_org(org).count() == 1


def test_a_closed_family_takes_no_imported_contact(pg, ptp, org):
    family = make_family(org, ptp)
    change_status(ptp, family, "closed", reason="moved", expected_version=current_version(family))
    content = workbook(
        {"contacts": [CONTACT_HEADERS, [family.code, "2025-01-15", ptp.email, "phone", 10]]}
    )

    report = run(pg, org, "h.xlsx", content)

    assert [(s, r, c) for s, r, c, _m in problems_of(report)] == [("contacts", 2, "code_famille")]
    assert not Contact.objects.across_organizations("test").filter(family=family).exists()


def test_a_family_of_another_organization_is_unknown(pg, outsider, other_org, org):
    elsewhere = make_family(other_org, outsider)
    content = workbook(
        {"contacts": [CONTACT_HEADERS, [elsewhere.code, "2025-01-15", pg.email, "phone", 10]]}
    )

    report = run(pg, org, "h.xlsx", content)

    assert [(s, r, c) for s, r, c, _m in problems_of(report)] == [("contacts", 2, "code_famille")]


def test_a_worker_of_another_organization_is_refused(pg, outsider, org):
    content = workbook(
        {
            "demarchage": [
                ["date", "intervenant", "strategie", "personnes_rencontrees"],
                ["2025-04-02", outsider.email, "park", 3],
            ]
        }
    )

    report = run(pg, org, "h.xlsx", content)

    assert [(s, r, c) for s, r, c, _m in problems_of(report)] == [("demarchage", 2, "intervenant")]


def test_a_referral_history_is_recreated_through_the_flow(pg, ptp, org):
    family = make_family(org, ptp, municipality=org.municipalities.get())
    content = workbook(
        {
            "references": [
                [
                    "code_famille",
                    "date",
                    "intervenant",
                    "besoin",
                    "partenaire",
                    "statut",
                    "date_statut",
                    "raison",
                ],
                [
                    family.code,
                    "2025-03-01",
                    ptp.email,
                    "childcare",
                    "CPE du Village",
                    "non utilisee",
                    "2025-03-20",
                    "transport",
                ],
                [
                    family.code,
                    "2025-03-02",
                    ptp.email,
                    "food",
                    "Comptoir",
                    "waiting_list",
                    "2025-03-05",
                    None,
                ],
            ]
        }
    )

    report = run(pg, org, "h.xlsx", content)

    assert report.ok, problems_of(report)
    unused = Referral.objects.across_organizations("test").get(family=family, need="childcare")
    assert unused.created_on == date(2025, 3, 1)
    assert unused.information_only  # no consent to share with this partner
    assert [(e.from_status, e.to_status, e.reason, e.on) for e in unused.events.all()] == [
        ("", "proposed", "", date(2025, 3, 1)),
        ("proposed", "not_used", "transport", date(2025, 3, 20)),
    ]
    waiting = Referral.objects.across_organizations("test").get(family=family, need="food")
    assert [e.to_status for e in waiting.events.all()] == [
        "proposed",
        "accepted",
        "requested",
        "waiting_list",
    ]
    # As when a worker records the outcome: the transport problem is a suggested gap.
    assert ServiceGap.objects.for_org(org).get().cause == "transport"


def test_a_reason_that_the_flow_does_not_take_is_refused(pg, ptp, org):
    family = make_family(org, ptp)
    content = workbook(
        {
            "references": [
                [
                    "code_famille",
                    "date",
                    "intervenant",
                    "besoin",
                    "partenaire",
                    "statut",
                    "date_statut",
                    "raison",
                ],
                [
                    family.code,
                    "2025-03-01",
                    ptp.email,
                    "food",
                    "Comptoir",
                    "received",
                    "2025-03-04",
                    "cost",
                ],
            ]
        }
    )

    report = run(pg, org, "h.xlsx", content)

    assert [(s, r, c) for s, r, c, _m in problems_of(report)] == [("references", 2, "raison")]
    assert not Referral.objects.across_organizations("test").filter(family=family).exists()


def test_a_referral_names_a_service_of_the_directory(pg, ptp, org):
    family = make_family(org, ptp)
    partner = Partner.objects.create(organization=org, name="CLSC de la Matawinie")
    service = Service.objects.create(partner=partner, name="Halte-garderie du CLSC")
    headers = ["code_famille", "date", "intervenant", "besoin", "partenaire", "service"]
    content = workbook(
        {
            "references": [
                headers,
                [
                    family.code,
                    "2025-03-01",
                    ptp.email,
                    "childcare",
                    "clsc de la matawinie",
                    "halte garderie du clsc",
                ],
                [
                    family.code,
                    "2025-03-01",
                    ptp.email,
                    "childcare",
                    "CLSC de la Matawinie",
                    "Service inconnu",
                ],
            ]
        }
    )

    report = run(pg, org, "h.xlsx", content, dry_run=True)

    assert [(s, r, c) for s, r, c, _m in problems_of(report)] == [("references", 3, "service")]
    report = run(pg, org, "h.xlsx", workbook({"references": content_rows(content)[:2]}))
    assert Referral.objects.across_organizations("test").get(family=family).service == service


def content_rows(content):
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    return [list(row) for row in book["references"].iter_rows(values_only=True)]


def test_municipalities_by_geographic_code_or_unambiguous_name(pg, org):
    served = org.municipalities.get()
    org.municipalities.add(
        make_municipality(served.region, name="Sainte-Marie", code="26030"),
        make_municipality(served.region, name="Sainte-Marie", code="88888"),
        make_municipality(served.region, name="Saint-Zénon", code="62047"),
    )
    make_municipality(served.region, name="Saint-Zénon", code="77777")  # not served
    rows = [["date", "intervenant", "strategie", "personnes_rencontrees", "municipalite"]]
    rows += [
        ["2025-04-02", pg.email, "park", 3, "saint come"],
        ["2025-04-02", pg.email, "park", 3, "26030"],
        ["2025-04-02", pg.email, "park", 3, "Sainte-Marie"],
        ["2025-04-02", pg.email, "park", 3, "99999"],
        ["2025-04-02", pg.email, "park", 3, "Saint-Zenon"],  # the served one of the two
    ]

    report = run(pg, org, "h.xlsx", workbook({"demarchage": rows}), dry_run=True)

    assert [(r, c) for _s, r, c, _m in problems_of(report)] == [
        (4, "municipalite"),
        (5, "municipalite"),
    ]
    assert "geographic code" in problems_of(report)[0][3]


def test_dates_in_the_future_and_badly_written_numbers_are_refused(pg, org):
    tomorrow = timezone.localdate() + timedelta(days=1)
    rows = [["date", "intervenant", "strategie", "personnes_rencontrees", "duree_minutes"]]
    rows += [
        [tomorrow.isoformat(), pg.email, "park", 3, 30],
        ["02/04/2025", pg.email, "park", "trois", "1,5"],
    ]

    report = run(pg, org, "h.xlsx", workbook({"demarchage": rows}), dry_run=True)

    assert [(r, c) for _s, r, c, _m in problems_of(report)] == [
        (2, "date"),
        (3, "date"),
        (3, "personnes_rencontrees"),
        (3, "duree_minutes"),
    ]
    assert not OutreachActivity.objects.for_org(org).exists()


def test_a_dry_run_writes_nothing_even_when_the_file_is_valid(pg, org):
    rows = [["date", "intervenant", "strategie", "personnes_rencontrees"]]
    rows += [["2025-04-02", pg.email, "park", 3]]

    report = run(pg, org, "h.xlsx", workbook({"demarchage": rows}), dry_run=True)

    assert report.ok and report.counts["outreach"] == 1 and not report.written
    assert not OutreachActivity.objects.for_org(org).exists()


def test_a_referral_shares_information_only_under_the_familys_consent(pg, ptp, org):
    from maillage.families.services import record_consent

    family = make_family(org, ptp)
    record_consent(
        ptp, family, purpose="share", partner_name="CLSC du Nord", method="verbal", text_version="1"
    )
    headers = ["code_famille", "date", "intervenant", "besoin", "partenaire"]
    content = workbook(
        {
            "references": [
                headers,
                [family.code, "2025-03-01", ptp.email, "food", "clsc du nord"],
                [family.code, "2025-03-01", ptp.email, "food", "Comptoir"],
            ]
        }
    )

    run(pg, org, "h.xlsx", content)

    shared = dict(
        Referral.objects.across_organizations("test")
        .filter(family=family)
        .values_list("partner_name", "information_only")
    )
    assert shared == {"clsc du nord": False, "Comptoir": True}


def test_a_sheet_given_twice_in_two_languages_is_refused(pg, org):
    rows = [["date", "intervenant", "strategie", "personnes_rencontrees"]]
    rows += [["2025-04-02", pg.email, "park", 3]]

    report = run(pg, org, "h.xlsx", workbook({"demarchage": rows, "Outreach": rows}))

    assert [(s, r, c) for s, r, c, _m in problems_of(report)] == [("Outreach", None, "")]
    assert not OutreachActivity.objects.for_org(org).exists()


def test_a_contact_before_the_first_contact_of_a_family_of_the_file_is_refused(pg, org):
    content = workbook(
        {
            "familles": [FAMILY_HEADERS, ["F-NEW1", "2025-02-01", "verbal", pg.email, ""]],
            "contacts": [
                CONTACT_HEADERS,
                ["F-NEW1", "2025-01-20", pg.email, "phone", 10],
                ["F-NEW1", "2025-02-01", pg.email, "phone", 10],
            ],
        }
    )

    report = run(pg, org, "h.xlsx", content)

    assert problems_of(report) == [
        ("contacts", 2, "date", "This date is before the family's first contact (2025-02-01).")
    ]
    assert not Family.objects.for_org(org).exists()


def test_a_workbook_with_a_wrong_used_range_is_read_in_full(pg, org):
    rows = [["date", "intervenant", "strategie", "personnes_rencontrees"]]
    rows += [["2025-04-02", pg.email, "park", n] for n in range(1, 4)]
    source = zipfile.ZipFile(io.BytesIO(workbook({"demarchage": rows})))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                # As some programs write it: a used range of one cell.
                data = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1"', data)
            target.writestr(item, data)

    report = run(pg, org, "h.xlsx", buffer.getvalue())

    assert report.ok, problems_of(report)
    assert OutreachActivity.objects.for_org(org).count() == 3
