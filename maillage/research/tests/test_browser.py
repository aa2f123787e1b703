"""The évaluateur produces a research extract in a real browser, on a phone-sized screen.
Screenshots in test-artifacts/."""

import csv
import io
import zipfile
from collections import Counter

import pytest
from django.utils import timezone

from maillage.research.extract import QUASI_IDENTIFIERS
from maillage.research.models import ExtractRelease
from maillage.testing.browser import log_in, open_menu

from .builders import make_counted_family

pytestmark = pytest.mark.browser


def test_the_evaluator_produces_an_extract_and_finds_it_in_the_log(
    page, live_server, shot, axe, org, ptp, evaluator
):
    families = [make_counted_family(org, ptp, contacts=count) for count in range(1, 7)]
    month = timezone.localdate().strftime("%Y-%m")

    log_in(page, live_server, evaluator)
    open_menu(page)
    page.click("a[href='/recherche/extraits/']")
    page.wait_for_url("**/recherche/extraits/")
    axe(page, "research extracts, empty log")
    shot("1-empty")

    page.fill("input[name=start]", month)
    page.fill("input[name=end]", month)
    with page.expect_download() as download_info:
        page.click("form.form button.button--primary")
    download = download_info.value
    assert download.suggested_filename == f"maillage-extract-{month}-{month}.zip"
    with zipfile.ZipFile(download.path()) as zipped:
        assert sorted(zipped.namelist()) == ["codebook.csv", "extract.csv", "release.csv"]
        text = zipped.read("extract.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 6
    assert all(family.code not in text for family in families)
    combinations = Counter(tuple(row[name] for name in QUASI_IDENTIFIERS) for row in rows)
    assert all(size >= 5 for size in combinations.values())

    release = ExtractRelease.objects.get()
    page.reload()
    assert release.sha256 in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot("2-logged")
    axe(page, "research extracts, one release")
