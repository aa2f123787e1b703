"""Imported contacts and referrals carry their family's organization, and contacts their
lists as bits, as those recorded in the application do (the import writes them in bulk,
without the models' save())."""

from maillage.accompaniment.models import Contact
from maillage.core.taxonomy import INTERVENTION_BITS, NEED_BITS, bits_of
from maillage.families.models import Family
from maillage.imports.services import Upload, import_history
from maillage.referrals.models import Referral
from maillage.testing.builders import make_family

from .builders import CONTACT_HEADERS, FAMILY_HEADERS, workbook

REFERRAL_HEADERS = ["code_famille", "date", "intervenant", "besoin", "partenaire", "statut"]


def test_imported_contacts_and_referrals_carry_their_familys_organization(pg, ptp, org):
    known = make_family(org, ptp)
    content = workbook(
        {
            "familles": [FAMILY_HEADERS, ["H-001", "2025-01-06", "verbal", ptp.email, ""]],
            "contacts": [
                CONTACT_HEADERS,
                ["H-001", "2025-01-06", ptp.email, "home_visit", 45],
                [known.code, "2025-01-15", ptp.email, "phone", 10],
            ],
            "references": [
                REFERRAL_HEADERS,
                ["H-001", "2025-02-01", ptp.email, "food", "Comptoir", "proposed"],
                [known.code, "2025-02-03", ptp.email, "childcare", "CPE du Village", "proposed"],
            ],
        }
    )

    report = import_history(pg, org, Upload("historique.xlsx", content), dry_run=False)

    assert report.ok, [problem.message for problem in report.problems]
    imported = Family.objects.for_org(org).get(code="H-001")
    families = {imported.pk, known.pk}
    pairs = ("organization_id", "family__organization_id")
    contacts = list(
        Contact.objects.across_organizations("test").filter(family__in=families).values_list(*pairs)
    )
    referrals = list(
        Referral.objects.across_organizations("test")
        .filter(family__in=families)
        .values_list(*pairs)
    )
    # A family of the file and a family already known: both are the organization's.
    assert contacts == [(org.pk, org.pk)] * 2
    assert referrals == [(org.pk, org.pk)] * 2


def test_imported_contacts_keep_their_lists_as_bits(pg, ptp, org):
    headers = [*CONTACT_HEADERS, "besoins", "interventions"]
    content = workbook(
        {
            "familles": [FAMILY_HEADERS, ["H-001", "2025-01-06", "verbal", ptp.email, ""]],
            "contacts": [
                headers,
                ["H-001", "2025-01-06", ptp.email, "home_visit", 45, "food; housing", "referral"],
                ["H-001", "2025-01-08", ptp.email, "phone", 10, "", "listening; information"],
                ["H-001", "2025-01-09", ptp.email, "phone", 10, "", ""],
            ],
        }
    )

    report = import_history(pg, org, Upload("historique.xlsx", content), dry_run=False)

    assert report.ok, [problem.message for problem in report.problems]
    rows = Contact.objects.across_organizations("test").filter(organization=org).order_by("date")
    stored = list(rows.values_list("needs", "interventions", "needs_bits", "interventions_bits"))
    assert [(needs, interventions) for needs, interventions, _n, _i in stored] == [
        (["food", "housing"], ["referral"]),
        ([], ["listening", "information"]),
        ([], []),
    ]
    for needs, interventions, needs_bits, interventions_bits in stored:
        assert needs_bits == bits_of(needs, NEED_BITS)
        assert interventions_bits == bits_of(interventions, INTERVENTION_BITS)
    assert stored[0][2] == 0b11  # housing and food
