"""The import names only the municipalities the organization serves, as the family and
outreach forms do (one rule: ``maillage.organizations.served``)."""

from maillage.families.models import Family
from maillage.imports.models import HistoryImport
from maillage.outreach.models import OutreachActivity
from maillage.testing.builders import make_municipality

from .builders import FAMILY_HEADERS, workbook
from .conftest import in_english, upload

NOT_SERVED = (
    "Your organization does not serve the municipality “%s”: add it to the municipalities "
    "served on the organization's page first."
)


def _history(pg, family_municipality, outreach_municipality):
    return workbook(
        {
            "familles": [
                [*FAMILY_HEADERS, "municipalite"],
                ["F-AB12", "2025-01-06", "verbal", pg.email, "first_contact", family_municipality],
            ],
            "demarchage": [
                ["date", "intervenant", "strategie", "personnes_rencontrees", "municipalite"],
                ["2025-04-02", pg.email, "park", 3, outreach_municipality],
            ],
        }
    )


def test_a_municipality_the_organization_does_not_serve_is_refused_by_code_and_by_name(
    pg_client, pg, org
):
    elsewhere = make_municipality(name="Saint-Élie-de-Caxton", code="51015")

    response = upload(in_english(pg_client), "h.xlsx", _history(pg, elsewhere.code, elsewhere.name))

    assert response.status_code == 200
    problems = [(p.sheet, p.row, p.column, p.message) for p in response.context["report"].problems]
    assert problems == [
        ("familles", 2, "municipalite", NOT_SERVED % "51015"),
        ("demarchage", 2, "municipalite", NOT_SERVED % "Saint-Élie-de-Caxton"),
    ]
    assert not HistoryImport.objects.for_org(org).exists()
    assert not Family.objects.for_org(org).exists()
    assert not OutreachActivity.objects.for_org(org).exists()


def test_the_municipalities_served_are_accepted(pg_client, pg, org):
    served = org.municipalities.get()

    response = upload(pg_client, "h.xlsx", _history(pg, served.code, served.name))

    assert response.status_code == 302
    assert HistoryImport.objects.for_org(org).get().counts["outreach"] == 1
