"""A file's claims cost nothing: the import reads the sheets, columns and rows of the format,
not a stray cell in column XFD or on row 1,048,576, nor thousands of sheets, columns or
blank lines (issue 18, finding 3). The work is counted on what the readers hand over (rows
and cells), and a runaway read stops the test at once rather than after minutes."""

import csv
import io
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from maillage.imports import parsing
from maillage.imports.models import HistoryImport
from maillage.outreach.models import OutreachActivity

from .builders import outreach_csv
from .conftest import in_english, upload

HEADERS = ["date", "intervenant", "strategie", "personnes_rencontrees"]
LAST_ROW = 1_048_576
LAST_COLUMN = 16_384  # XFD
BUDGET = 100_000  # rows or cells: far above what these files need once bounded


class Overrun(BaseException):
    """Not an Exception: the import's own error handling must not swallow it."""


@pytest.fixture
def work(monkeypatch):
    """The rows and cells openpyxl and the csv module hand the import."""
    done = {"rows": 0, "cells": 0}

    def counted(rows):
        for row in rows:
            done["rows"] += 1
            done["cells"] += len(row)
            if done["rows"] > BUDGET or done["cells"] > BUDGET:
                raise Overrun(done)
            yield row

    iter_rows = ReadOnlyWorksheet.iter_rows
    reader = csv.reader
    monkeypatch.setattr(
        ReadOnlyWorksheet, "iter_rows", lambda self, *a, **k: counted(iter_rows(self, *a, **k))
    )
    monkeypatch.setattr(csv, "reader", lambda *a, **k: counted(reader(*a, **k)))
    return done


def _saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _deflated(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _outreach_rows(worker, count):
    return [["2025-05-01", worker.email, "park", 3] for _ in range(count)]


def test_a_cell_in_column_xfd_on_every_row_reads_only_the_columns_of_the_headers(
    pg_client, pg, org, work
):
    book = Workbook()
    sheet = book.active
    sheet.title = "demarchage"
    sheet.append(HEADERS)
    for number, row in enumerate(_outreach_rows(pg, 2_000), start=2):
        sheet.append(row)
        sheet.cell(row=number, column=LAST_COLUMN, value="x")

    response = upload(pg_client, "historique.xlsx", _saved(book))

    assert response.status_code == 302
    assert HistoryImport.objects.for_org(org).get().counts["outreach"] == 2_000
    assert work["cells"] <= 2_001 * len(HEADERS)


def test_many_sheets_with_a_cell_on_the_last_row_are_not_walked(pg_client, pg, org, work):
    book = Workbook()
    sheet = book.active
    sheet.title = "demarchage"
    for row in [HEADERS, *_outreach_rows(pg, 3)]:
        sheet.append(row)
    # Far below the data, after a million blank rows: the sheet has ended.
    sheet.cell(row=LAST_ROW, column=1, value="2025-05-01")
    for number in range(50):
        other = book.create_sheet(f"Feuil{number}")
        other.cell(row=1, column=1, value="notes")
        other.cell(row=LAST_ROW, column=1, value=number)

    response = upload(pg_client, "historique.xlsx", _saved(book))

    assert response.status_code == 302
    assert HistoryImport.objects.for_org(org).get().counts["outreach"] == 3
    assert work["rows"] <= 1 + 3 + parsing.MAX_BLANK_ROWS


def test_a_sheet_named_again_is_reported_without_being_read(pg_client, pg, org, work):
    book = Workbook()
    book.active.title = "demarchage"
    book.active.append(HEADERS)
    for spelling in ("Démarchage ", "demarchage_", "_DEMARCHAGE"):
        again = book.create_sheet(spelling)
        again.append(HEADERS)
        again.cell(row=LAST_ROW, column=1, value="x")

    response = upload(in_english(pg_client), "historique.xlsx", _saved(book))

    messages = [(p.sheet, p.message) for p in response.context["report"].problems]
    assert ("demarchage_", "The file holds this sheet twice.") in messages
    assert work["rows"] <= 1
    assert not HistoryImport.objects.for_org(org).exists()


def test_headers_spread_over_thousands_of_columns_are_refused(pg_client, org, work):
    book = Workbook()
    book.active.title = "demarchage"
    book.active.append(HEADERS)
    book.active.cell(row=1, column=LAST_COLUMN, value="notes")
    for number in range(2, 5_000):
        book.active.cell(row=number, column=LAST_COLUMN - 1, value=number)

    response = upload(in_english(pg_client), "historique.xlsx", _saved(book))

    [problem] = response.context["report"].problems
    assert problem.message == (
        "The sheet “demarchage” has more than 60 columns: keep only the columns of the import."
    )
    assert work["rows"] == 1
    assert not OutreachActivity.objects.for_org(org).exists()


def test_a_csv_of_blank_lines_ends_after_a_thousand_of_them(pg_client, pg, org, work):
    content = outreach_csv(pg, rows=2) + b"\r\n" * 2_000_000

    response = upload(pg_client, "demarchage.csv", content)

    assert response.status_code == 302
    assert HistoryImport.objects.for_org(org).get().counts["outreach"] == 2
    assert work["rows"] <= 1 + 2 + parsing.MAX_BLANK_ROWS


def test_csv_rows_of_thousands_of_columns_keep_only_those_of_the_headers(
    pg_client, pg, org, monkeypatch
):
    row = b"2025-05-02," + pg.email.encode() + b",park,4" + b"," * 40_000 + b"x\n"
    content = outreach_csv(pg, rows=2) + b"\n" + row * 100
    read, kept = parsing.read_upload, []
    monkeypatch.setattr(parsing, "read_upload", lambda *args: kept.extend(read(*args)) or kept)

    response = upload(pg_client, "demarchage.csv", content)

    assert response.status_code == 302
    assert HistoryImport.objects.for_org(org).get().counts["outreach"] == 102
    # What validation is handed: the four columns of the headers, not 40,000 empty values.
    [sheet] = kept
    assert {len(values) for _number, values in sheet.rows} == {len(HEADERS)}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b",".join([b"date"] * 1_000) + b"\n",
            "The sheet “demarchage” has more than 60 columns: keep only the columns of the import.",
        ),
        (
            b"date,note\n2025-05-01," + b"a" * 4_000_000 + b"\n",
            "A line of the CSV file “demarchage” is longer than 50,000 characters: it is not a "
            "row of the import.",
        ),
        (
            b'date,note\n2025-05-01,"' + b"a\n" * 100_000 + b'"\n',
            "The CSV file “demarchage” cannot be read: save it again as CSV UTF-8.",
        ),
    ],
)
def test_a_csv_too_wide_or_too_long_is_refused_with_a_message(pg_client, org, content, message):
    response = upload(in_english(pg_client), "demarchage.csv", content)

    assert response.status_code == 200
    [problem] = response.context["report"].problems
    assert problem.message == message
    assert not HistoryImport.objects.for_org(org).exists()


def test_a_zip_of_many_csv_files_reads_only_the_sheets_of_the_import(pg_client, pg, org, work):
    files = {f"notes-{number}.csv": b"\n" * 200_000 for number in range(200)}
    files["demarchage.csv"] = outreach_csv(pg, rows=2)
    files["demarchage_.csv"] = b"\n" * 200_000

    response = upload(in_english(pg_client), "export.zip", _deflated(files))

    messages = [(p.sheet, p.message) for p in response.context["report"].problems]
    assert messages == [("demarchage_", "The file holds this sheet twice.")]
    assert work["rows"] <= 3


def test_a_file_wrong_on_every_row_lists_the_first_thousand_problems(pg_client, pg, org):
    rows = [HEADERS] + [["2025-05-01", pg.email, "park", "trois"] for _ in range(3_000)]
    content = "\n".join(",".join(row) for row in rows).encode()

    response = upload(in_english(pg_client), "demarchage.csv", content)

    problems = response.context["report"].problems
    assert len(problems) == 1_001
    assert [(p.row, p.column) for p in problems[:2]] == [
        (2, "personnes_rencontrees"),
        (3, "personnes_rencontrees"),
    ]
    assert problems[-1].message == (
        "The file has more problems: only the first 1,000 are listed. Fix them, then check the "
        "file again."
    )
    assert not HistoryImport.objects.for_org(org).exists()
