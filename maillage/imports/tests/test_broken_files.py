"""A broken file writes nothing and says where each problem is: sheet, row and column, in
the person's language. One bad row among many good ones is enough to import nothing."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override

from maillage.accompaniment.models import Contact
from maillage.families.models import Family, Member
from maillage.imports.models import HistoryImport
from maillage.outreach.models import OutreachActivity
from maillage.privacy.models import PrivacyOfficer
from maillage.referrals.models import Referral

from .builders import (
    CONTACT_HEADERS,
    FAMILY_HEADERS,
    damaged,
    good_history,
    stored,
    workbook,
    zip_of,
)
from .conftest import in_english, upload


def broken_file(worker):
    return workbook(
        {
            "familles": [
                FAMILY_HEADERS,
                ["F-AB12", "2025-13-01", "verbal", worker.email, "first_contact"],
                ["F-CD34", "2025-02-03", "verbal", "nobody@example.org", "Fermée"],
            ],
            "membres": [
                ["code_famille", "role", "mois_naissance"],
                ["F-ZZ99", "Enfant", None],
                ["F-CD34", "licorne", 4],
            ],
            "demarchage": [
                ["date", "intervenant", "strategie", "personnes_rencontrees", "familles_rejointes"],
                ["2025-03-01", worker.email, "Parc ou terrain de jeux", 2, 5],
            ],
            "contacts": [CONTACT_HEADERS, ["F-AB12", "2025-03-04", worker.email, None, 30]],
            "references": [
                ["code_famille", "date", "intervenant", "besoin", "partenaire", "statut"],
                ["F-AB12", "2025-03-05", worker.email, "food", "Comptoir alimentaire", "not_used"],
            ],
        }
    )


#: (sheet, row, column) of every problem in ``broken_file``, in the order of the file.
EXPECTED_PLACES = [
    ("familles", 2, "premier_contact"),
    ("familles", 3, "intervenants"),
    ("familles", 3, "statut_depuis"),
    ("familles", 3, "raison_fermeture"),
    ("membres", 2, "code_famille"),
    ("membres", 3, "role"),
    ("membres", 3, "mois_naissance"),
    ("demarchage", 2, "familles_rejointes"),
    ("contacts", 2, "mode"),
    ("references", 2, "date_statut"),
    ("references", 2, "raison"),
]


def _places(problems):
    return [(p.sheet, p.row, p.column) for p in problems]


def _nothing_written(org):
    assert not Family.objects.for_org(org).exists()
    assert not Member.objects.across_organizations("test").filter(family__organization=org).exists()
    assert not OutreachActivity.objects.for_org(org).exists()
    assert (
        not Contact.objects.across_organizations("test").filter(family__organization=org).exists()
    )
    assert (
        not Referral.objects.across_organizations("test").filter(family__organization=org).exists()
    )
    assert not HistoryImport.objects.for_org(org).exists()


def test_a_file_with_problems_on_several_sheets_writes_nothing_and_lists_each(pg_client, pg, org):
    response = in_english(pg_client).post(
        reverse("imports:upload"),
        {"file": _file("historique.xlsx", broken_file(pg))},
    )

    assert response.status_code == 200
    problems = response.context["report"].problems
    places = _places(problems)
    assert places == EXPECTED_PLACES
    messages = dict(zip(places, [p.message for p in problems], strict=True))
    assert messages[("familles", 2, "premier_contact")] == (
        "Write the date as YYYY-MM-DD, for example 2025-03-14."
    )
    assert messages[("familles", 3, "intervenants")] == (
        "No member of your organization has the e-mail address “nobody@example.org”."
    )
    assert messages[("familles", 3, "raison_fermeture")] == "Say why the file was closed."
    assert messages[("membres", 2, "code_famille")] == (
        "No family has this code, in the familles sheet or in your organization."
    )
    assert messages[("contacts", 2, "mode")] == "This value is required."
    assert messages[("references", 2, "raison")] == (
        "Give the reason, from the list, why the referral was not used or refused."
    )
    assert messages[("demarchage", 2, "familles_rejointes")] == (
        "Families newly reached cannot be more than the people met."
    )
    html = response.content.decode()
    assert "Nothing was imported: 11 problems to fix in the file." in html
    assert '<td>membres</td><td class="num">3</td><td>role</td>' in html
    _nothing_written(org)


def test_the_same_report_reads_in_french(pg_client, pg, org):
    response = upload(pg_client, "historique.xlsx", broken_file(pg))

    problems = response.context["report"].problems
    html = response.content.decode()
    # Sheets and columns are named as in the file, whatever the language.
    assert ("membres", 3, "role") in _places(problems)
    assert '<td>contacts</td><td class="num">2</td><td>mode</td>' in html
    with override("fr-ca"):
        french = gettext("This value is required.")
    if french == "This value is required.":
        pytest.skip("The French catalog does not hold the import's messages yet.")
    assert french in html
    assert "This value is required." not in html
    _nothing_written(org)


def test_one_bad_row_among_many_good_ones_imports_nothing(pg_client, pg, org):
    sheets = good_history(pg, families=30)
    sheets["contacts"][17][3] = "visite en canot"  # one contact with an unknown mode

    response = in_english(pg_client).post(
        reverse("imports:upload"), {"file": _file("historique.xlsx", workbook(sheets))}
    )

    assert _places(response.context["report"].problems) == [("contacts", 18, "mode")]
    assert response.context["report"].counts["families"] == 30
    _nothing_written(org)


def test_the_same_rows_without_the_bad_one_are_kept_for_confirmation(pg_client, pg, org):
    sheets = good_history(pg, families=30)

    response = upload(pg_client, "historique.xlsx", workbook(sheets))

    assert response.status_code == 302
    assert HistoryImport.objects.for_org(org).get().counts == {
        "families": 30,
        "members": 30,
        "outreach": 0,
        "contacts": 30,
        "referrals": 0,
    }
    assert not Family.objects.for_org(org).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.xlsx", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4, "neither an XLSX"),
        ("archive.zip", zip_of({"familles.csv": b"code\n", "script.js": b"x"}), "only CSV"),
        ("historique.xlsx", b"PK\x03\x04 not really a zip", "damaged ZIP"),
        (
            "historique.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4,
            "Excel 97–2003 workbook (.xls): open it in your spreadsheet program",
        ),
        (
            "historique.ods",
            zip_of(
                {
                    "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                    "content.xml": b"<office:document-content/>",
                }
            ),
            "OpenDocument spreadsheet (.ods)",
        ),
        # A member whose checksum fails: the archive opens, reading the member does not.
        (
            "historique.ods",
            damaged(
                zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), b"oasis"
            ),
            "damaged ZIP",
        ),
        (
            "archive.zip",
            damaged(zip_of({"familles.csv": b"code\nF-AB12-CD\n"}), b"F-AB12"),
            "damaged ZIP",
        ),
        (
            "historique.xlsx",
            # openpyxl reads the damaged sheet while it opens the workbook.
            damaged(stored(workbook({"familles": [["code"], [987654321]]})), b"987654321"),
            "The workbook cannot be read",
        ),
        ("notes.csv", b"code,premier_contact\nF-AB12,2025-01-01\n", "No sheet of the import"),
    ],
)
def test_a_file_that_is_not_of_the_format_is_refused_by_its_content(
    pg_client, org, name, content, message
):
    response = in_english(pg_client).post(reverse("imports:upload"), {"file": _file(name, content)})

    [problem] = response.context["report"].problems
    assert message in problem.message
    _nothing_written(org)


def test_a_file_over_5_mb_is_refused_next_to_the_field(pg_client, org):
    response = in_english(pg_client).post(
        reverse("imports:upload"), {"file": _file("gros.csv", b"a" * (5 * 1024 * 1024 + 1))}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "The file is larger than 5 MB: split it into several imports."
    ]
    _nothing_written(org)


def test_a_missing_required_column_is_reported_once_for_the_sheet(pg_client, pg, org):
    content = workbook({"contacts": [["code_famille", "date"], ["F-AB12", "2025-01-01"]]})

    response = in_english(pg_client).post(
        reverse("imports:upload"), {"file": _file("h.xlsx", content)}
    )

    assert [(p.sheet, p.row, p.column, p.message) for p in response.context["report"].problems] == [
        ("contacts", 1, "intervenant", "The required column “intervenant” is missing."),
        ("contacts", 1, "mode", "The required column “mode” is missing."),
        ("contacts", 1, "duree_minutes", "The required column “duree_minutes” is missing."),
    ]


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_without_a_person_in_charge_of_personal_information_nothing_is_imported(pg_client, pg, org):
    PrivacyOfficer.objects.for_org(org).delete()
    sheets = good_history(pg, families=2)

    response = in_english(pg_client).post(
        reverse("imports:upload"), {"file": _file("historique.xlsx", workbook(sheets))}
    )

    assert "must name its person in charge" in response.content.decode()
    assert not HistoryImport.objects.for_org(org).exists()
    _nothing_written(org)
