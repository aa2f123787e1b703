"""The type of an uploaded history file is read from its bytes; a name whose extension says
another type is refused before anything is checked or kept, and a name without a known
extension is judged by the content alone."""

import pytest

from maillage.families.models import Family
from maillage.imports.models import HistoryImport

from .builders import good_history, outreach_csv, workbook, zip_of
from .conftest import in_english, upload


def _kinds(pg):
    return {
        "xlsx": workbook(good_history(pg, families=2)),
        "csv": outreach_csv(pg),
        "zip of csv": zip_of({"demarchage.csv": outreach_csv(pg)}),
    }


@pytest.mark.parametrize(
    ("name", "kind", "message"),
    [
        ("demarchage.xlsx", "csv", "named like an XLSX workbook, but it holds CSV text"),
        ("demarchage.zip", "csv", "named like a ZIP archive, but it holds CSV text"),
        ("demarchage.csv", "xlsx", "named like a CSV file, but it is an XLSX workbook"),
        ("historique.xlsx", "zip of csv", "ZIP archive of CSV files, but its name does not end"),
        ("demarchage.csv", "zip of csv", "ZIP archive of CSV files, but its name does not end"),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(
    pg_client, pg, org, name, kind, message
):
    response = upload(in_english(pg_client), name, _kinds(pg)[kind])

    assert response.status_code == 200
    [problem] = response.context["report"].problems
    assert message in problem.message
    assert message in response.content.decode()
    assert not HistoryImport.objects.for_org(org).exists()
    assert not Family.objects.for_org(org).exists()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("historique", "xlsx"),
        ("demarchage", "csv"),
        ("export", "zip of csv"),
        ("HISTORIQUE.XLSX", "xlsx"),
        ("demarchage.CSV", "csv"),
        ("export.Zip", "zip of csv"),
    ],
)
def test_the_content_decides_when_the_name_agrees_or_says_nothing(pg_client, pg, org, name, kind):
    response = upload(pg_client, name, _kinds(pg)[kind])

    assert response.status_code == 302
    assert HistoryImport.objects.for_org(org).get().filename == name
