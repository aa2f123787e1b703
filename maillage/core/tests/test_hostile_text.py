"""Hostile text typed into every free-text field is inert on every page and in every export.

Every free-text field of every Maillage model (titles, notes, descriptions, names…) is
filled with a payload; then every page of the permission matrix is opened by someone who
may open it:

* in HTML, the payload's tag must never come out as a tag (it is escaped);
* in CSV and XLSX downloads, a text that a spreadsheet would run as a formula must come out
  neutralized (see ``maillage/lib/spreadsheet.py``).

The fields and the pages come from the models and the matrix, so a new field or a new page
is covered without touching this file.
"""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
from django.apps import apps
from django.db import models

from maillage.lib.spreadsheet import is_dangerous
from maillage.testing.fixtures import logged_in_client

from .test_permission_matrix import MATRIX
from .test_security_suite import GETS, _allowed_persona, _url

TAG = "<x-hostile>"
HTML_PAYLOAD = f"\"'>{TAG}"
FORMULA_PAYLOAD = '=HYPERLINK("http://x.example","x")'

#: Text that is not free text even though it is stored as text: identifiers, codes the
#: application makes, or values checked against a list.
NOT_FREE_TEXT = {"uuid", "code", "hsds_id", "token_hash", "password", "secret", "key"}


def _free_text_fields(model):
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        if isinstance(field, models.EmailField | models.URLField | models.SlugField):
            continue
        if field.choices or field.name in NOT_FREE_TEXT or field.name.endswith("_index"):
            continue
        if field.primary_key or field.unique or not field.editable:
            continue
        yield field


def _fill_every_free_text_field(payload):
    """Write ``payload`` (cut to each field's length) into every row of every model."""
    filled = []
    for model in apps.get_models():
        # Audit rows hold no typed text (dotted action names, field names) and cannot be
        # changed at all: PostgreSQL's trigger refuses it (decision 0007).
        if not model.__module__.startswith("maillage.") or model._meta.label == "audit.AuditEvent":
            continue
        values = {}
        for field in _free_text_fields(model):
            if field.max_length and field.max_length < len(payload):
                continue
            values[field.name] = payload
        if values and model._base_manager.exists():
            model._base_manager.update(**values)
            filled += [f"{model._meta.label}.{name}" for name in values]
    return filled


def _pages(clients, targets):
    for name in GETS:
        entry = MATRIX[name]
        client = logged_in_client(clients[_allowed_persona(entry)])
        response = client.get(_url(name, entry, targets), entry.data)
        yield name, response


def test_free_text_is_escaped_on_every_page(clients, targets):
    filled = _fill_every_free_text_field(HTML_PAYLOAD)
    assert len(filled) > 20, filled  # the payload did reach the records the pages show
    leaks, shown = [], 0
    for name, response in _pages(clients, targets):
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        shown += "&lt;x-hostile&gt;" in html
        if TAG in html:
            leaks.append(name)
    assert leaks == []
    assert shown > 10  # the escaped payload is on the pages: the check looked at real text


def _cells_of_download(response):
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if content_type.startswith("text/csv"):
        yield from (
            cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row
        )
    elif "spreadsheetml" in content_type:
        workbook = openpyxl.load_workbook(io.BytesIO(body))
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                yield from (cell for cell in row if isinstance(cell, str))
    elif content_type == "application/zip":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            for member in archive.namelist():
                if member.endswith(".csv"):
                    text = archive.read(member).decode("utf-8-sig")
                    yield from (cell for row in csv.reader(io.StringIO(text)) for cell in row)


def test_no_export_carries_a_live_formula(clients, targets):
    _fill_every_free_text_field(FORMULA_PAYLOAD)
    live, exports, neutralized = [], [], 0
    for name, response in _pages(clients, targets):
        cells = list(_cells_of_download(response))
        if not cells:
            continue
        exports.append(name)
        live += [f"{name}: {cell!r}" for cell in cells if is_dangerous(cell)]
        neutralized += sum(cell == "'" + FORMULA_PAYLOAD for cell in cells)
    assert exports, "no CSV or XLSX download was reached"
    assert live == []
    assert neutralized > 0  # the payload did reach an export, escaped
