"""The évaluateur produces a research extract: what the file holds, and what the log keeps."""

import codecs
import csv
import hashlib
import io
import zipfile
from collections import Counter
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import Role
from maillage.audit.models import AuditEvent
from maillage.lib.disclosure import RULES_VERSION
from maillage.organizations.models import Milieu
from maillage.research.extract import QUASI_IDENTIFIERS
from maillage.research.models import ExtractRelease
from maillage.testing.builders import make_member, make_organization

from .builders import make_counted_family

pytestmark = pytest.mark.django_db

URL = reverse("research:release_new")


def this_month():
    return timezone.localdate().strftime("%Y-%m")


def release(client, start=None, end=None):
    return client.post(URL, {"start": start or this_month(), "end": end or this_month()})


def read_csv(archive, name):
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        text = zipped.read(name).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def counted(org, ptp):
    """Seven families with the statistics consent, with 1 to 7 contacts this month."""
    return [make_counted_family(org, ptp, contacts=count) for count in range(1, 8)]


@pytest.fixture
def not_counted(org, ptp):
    """Two families that must not be in any extract: no statistics consent, and one withdrawn.
    Their contact counts (11 and 12) appear nowhere else."""
    return [
        make_counted_family(org, ptp, contacts=11, statistics=False),
        make_counted_family(org, ptp, contacts=12, withdrawn_on=date(2026, 1, 2)),
    ]


def test_the_evaluator_downloads_the_extract_and_the_release_is_logged(
    evaluator_client, evaluator, counted, not_counted
):
    response = release(evaluator_client)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"maillage-extract-{this_month()}-{this_month()}.zip" in response["Content-Disposition"]
    logged = ExtractRelease.objects.get()
    assert logged.released_by == evaluator
    assert logged.rules_version == RULES_VERSION
    assert logged.period_start == timezone.localdate().replace(day=1)
    assert (logged.row_count, logged.suppressed_count) == (7, 0)
    assert logged.sha256 == hashlib.sha256(response.content).hexdigest()
    event = AuditEvent.objects.across_organizations("test").get(action="research.extract.released")
    assert (event.actor, event.organization, event.object_uuid) == (evaluator, None, logged.uuid)


def test_only_families_with_the_statistics_consent_in_force_are_in_the_extract(
    evaluator_client, counted, not_counted
):
    rows = read_csv(release(evaluator_client).content, "extract.csv")

    assert sorted(int(row["contacts"]) for row in rows) == [1, 2, 3, 4, 5, 6, 7]


def test_no_family_code_or_identifier_is_anywhere_in_the_file(
    evaluator_client, counted, not_counted
):
    archive = release(evaluator_client).content
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        text = "".join(zipped.read(name).decode("utf-8-sig") for name in zipped.namelist())

    for family in [*counted, *not_counted]:
        assert family.code not in text
        assert str(family.uuid) not in text
    header = read_csv(archive, "extract.csv")[0].keys()
    assert not {"code", "id", "uuid", "organization"} & set(header)


def test_every_combination_of_quasi_identifiers_holds_at_least_five_families(
    evaluator_client, org, other_org, ptp, outsider
):
    # Varied places, milieux and household sizes in two organizations; a lone urban family
    # can only be generalized away or suppressed.
    for index in range(8):
        make_counted_family(
            org,
            ptp,
            contacts=1,
            members=[{"role": "parent", "birth_year": 1990}] * (1 + index % 4),
        )
    for _index in range(6):
        make_counted_family(other_org, outsider, contacts=2)
    alone = make_organization("Seule en ville", milieu=Milieu.MIXED)
    make_counted_family(alone, make_member(alone, Role.PTP).user, contacts=3)

    response = release(evaluator_client)
    rows = read_csv(response.content, "extract.csv")
    combinations = Counter(tuple(row[name] for name in QUASI_IDENTIFIERS) for row in rows)

    assert rows
    assert all(size >= 5 for size in combinations.values())
    logged = ExtractRelease.objects.get()
    assert logged.row_count + logged.suppressed_count == 15
    release_info = {row["key"]: row["value"] for row in read_csv(response.content, "release.csv")}
    assert release_info["families_suppressed"] == str(logged.suppressed_count)
    assert release_info["rules_version"] == RULES_VERSION


def test_the_codebook_describes_every_column(evaluator_client, counted):
    archive = release(evaluator_client).content
    columns = list(read_csv(archive, "extract.csv")[0].keys())
    codebook = read_csv(archive, "codebook.csv")

    assert [row["column"] for row in codebook] == columns
    assert all(row["meaning"] and row["values"] for row in codebook)


def test_a_text_that_a_spreadsheet_would_run_is_made_inert(evaluator_client, org, ptp):
    from maillage.organizations.models import Municipality

    trap = Municipality.objects.create(
        code="99999", name="=HYPERLINK(1)", region=org.region, mrc="+MRC"
    )
    for _index in range(5):
        make_counted_family(org, ptp, contacts=1, municipality=trap)

    text = release(evaluator_client).content
    rows = read_csv(text, "extract.csv")
    with zipfile.ZipFile(io.BytesIO(text)) as zipped:
        assert zipped.read("extract.csv").startswith(codecs.BOM_UTF8)

    assert {row["territory"] for row in rows} <= {"'=HYPERLINK(1)", "'+MRC", "Lanaudière", "Québec"}
    assert not any(row["territory"].startswith(("=", "+")) for row in rows)


def test_a_period_ending_before_it_starts_is_refused_and_nothing_is_logged(evaluator_client):
    evaluator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = release(evaluator_client, start="2026-03", end="2026-01")

    assert response.status_code == 200
    assert "The last month cannot come before the first month." in response.content.decode()
    assert 'value="2026-03"' in response.content.decode()
    assert not ExtractRelease.objects.exists()


def test_a_period_ending_in_a_future_month_is_refused(evaluator_client):
    evaluator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = release(evaluator_client, end="2999-01")

    assert "The period cannot end after the current month." in response.content.decode()
    assert not ExtractRelease.objects.exists()


@pytest.mark.parametrize("persona", ["ptp", "pg", "admin", "outsider"])
def test_no_one_but_the_evaluator_may_produce_an_extract(request, persona, counted):
    client = request.getfixturevalue(f"{persona}_client")

    assert release(client).status_code == 403
    assert client.get(reverse("research:releases")).status_code == 403
    assert not ExtractRelease.objects.exists()


def test_the_log_lists_each_release_with_its_rules_fingerprint_and_precision(
    evaluator_client, counted
):
    evaluator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    release(evaluator_client)
    logged = ExtractRelease.objects.get()

    page = evaluator_client.get(reverse("research:releases")).content.decode()

    assert logged.sha256 in page
    assert RULES_VERSION in page
    # Seven families alike (same place, household and month): nothing needed generalizing.
    assert logged.levels == dict.fromkeys(QUASI_IDENTIFIERS, 0)
    assert "Territory: municipality" in page
    assert "File opened: month" in page
    for family in counted:
        assert family.code not in page


def test_the_log_page_takes_the_same_queries_whatever_the_number_of_releases(
    evaluator_client, evaluator, django_assert_num_queries
):
    def add_release():
        ExtractRelease.objects.create(
            released_by=evaluator,
            rules_version=RULES_VERSION,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 1, 31),
            row_count=10,
            suppressed_count=0,
            sha256="0" * 64,
        )

    add_release()
    evaluator_client.get(reverse("research:releases"))  # warm the session
    # The session, the user and memberships, the releases with who released them.
    with django_assert_num_queries(7):
        evaluator_client.get(reverse("research:releases"))
    for _index in range(4):
        add_release()
    with django_assert_num_queries(7):
        response = evaluator_client.get(reverse("research:releases"))
    assert response.content.decode().count("0" * 64) == 5
