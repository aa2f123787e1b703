"""Builders for import tests: files in the import format, and a checked upload.

The headers and ``csv_bytes``, which other apps' tests use too, live in
maillage/testing/builders/imports.py."""

from __future__ import annotations

import io
import zipfile

from maillage.imports import services, template
from maillage.testing.builders.imports import CONTACT_HEADERS, FAMILY_HEADERS, csv_bytes


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def damaged(archive: bytes, inside: bytes) -> bytes:
    """``archive`` (a ZIP that stores ``inside`` as it is, as ``zip_of`` does) with one byte
    of ``inside`` changed: the member's checksum no longer matches."""
    at = archive.index(inside)
    return archive[:at] + bytes([archive[at] ^ 1]) + archive[at + 1 :]


def stored(archive: bytes) -> bytes:
    """The same archive with its members stored uncompressed (so ``damaged`` finds them)."""
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        return zip_of({info.filename: source.read(info) for info in source.infolist()})


def template_for(org, worker) -> bytes:
    """The template as the manager downloads it for ``org``."""
    strategy = org.strategies.filter(is_active=True).order_by("position").first()
    municipality = org.municipalities.order_by("name").first()
    return template.build_template(
        worker.email, str(strategy), municipality.name if municipality else ""
    )


def outreach_csv(worker, *, rows=1, date="2025-05-01") -> bytes:
    lines = [["date", "intervenant", "strategie", "personnes_rencontrees"]]
    lines += [[date, worker.email, "Parc ou terrain de jeux", str(5 + n)] for n in range(rows)]
    return csv_bytes(lines)


def make_pending_import(org, pg):
    """A file checked and kept, waiting for its confirmation."""
    report = services.check_upload(pg, org, services.Upload("demarchage.csv", outreach_csv(pg)))
    assert report.ok, [p.message for p in report.problems]
    return report.record


def workbook(sheets: dict[str, list[list]]) -> bytes:
    """An XLSX workbook with ``sheets`` ({name: rows, the first row being the headers})."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def good_history(worker, *, families=20) -> dict[str, list[list]]:
    """Sheets of many valid rows: ``families`` families, each with a member and a contact."""
    codes = [f"H-{n:03d}" for n in range(families)]
    return {
        "familles": [FAMILY_HEADERS]
        + [[code, "2024-09-02", "verbal", worker.email, "first_contact"] for code in codes],
        "membres": [["code_famille", "role", "annee_naissance"]]
        + [[code, "child", 2022] for code in codes],
        "contacts": [CONTACT_HEADERS]
        + [[code, "2024-09-10", worker.email, "home_visit", 45] for code in codes],
    }
