"""The downloadable template: one sheet per part of the format, with its headers and one
example row of fictional data, and an instructions sheet listing every column and its
allowed values. The example rows name the person downloading it, a strategy and a
municipality of their organization, so the template imports as it is (the round trip the
tests check)."""

from __future__ import annotations

import io
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from maillage.lib.spreadsheet import neutralize

from . import schema
from .validation import CHOICE_SETS

EXAMPLE_CODE = "F-EXEMPLE-1"


def _kind_label(column: schema.Column) -> str:
    return {
        schema.TEXT: _("text"),
        schema.CODE: _("family code"),
        schema.DATE: _("date, YYYY-MM-DD"),
        schema.INTEGER: _("whole number"),
        schema.DECIMAL: _("number"),
        schema.BOOLEAN: _("oui or non"),
        schema.CHOICE: _("one value of the list"),
        schema.CHOICES: _("values of the list, separated by « ; »"),
        schema.EMAIL: _("e-mail address"),
        schema.EMAILS: _("e-mail addresses, separated by « ; »"),
        schema.STRATEGY: _("strategy name"),
        schema.MUNICIPALITY: _("municipality name or geographic code"),
    }[column.kind]


def _allowed(sheet: schema.Sheet, column: schema.Column) -> str:
    choices = CHOICE_SETS.get((sheet.key, column.key))
    if choices is None:
        return ""
    return "; ".join(f"{value} ({label})" for value, label in choices.choices)


def example_rows(worker_email: str, strategy_name: str, municipality_name: str) -> dict:
    """One example row per sheet, by column key: fictional, and valid for the organization
    that the worker, strategy and municipality belong to."""
    today = timezone.localdate()
    first = today - timedelta(days=120)
    return {
        "families": {
            "code": EXAMPLE_CODE,
            "first_contact": first.isoformat(),
            "consent_method": "verbal",
            "statistics_consent": "oui",
            "workers": worker_email,
            "status": "accompanied",
            "status_since": (first + timedelta(days=21)).isoformat(),
            "entry_point": "parent",
            "strategy": strategy_name,
            "municipality": municipality_name,
            "languages": "français; espagnol",
            "interpreter_needed": "non",
            "francisation": "oui",
            "isolation": "social; geographic",
            "strengths": "resilience",
        },
        "members": {
            "family_code": EXAMPLE_CODE,
            "role": "child",
            "birth_year": str(today.year - 3),
            "birth_month": "5",
            "expected": "non",
        },
        "outreach": {
            "date": (first - timedelta(days=3)).isoformat(),
            "worker": worker_email,
            "strategy": strategy_name,
            "place_type": "park",
            "municipality": municipality_name,
            "duration_minutes": "120",
            "people_met": "9",
            "families_reached": "2",
            "note": _("Morning at the splash pad; come back on Saturdays."),
        },
        "contacts": {
            "family_code": EXAMPLE_CODE,
            "date": (first + timedelta(days=7)).isoformat(),
            "worker": worker_email,
            "mode": "home_visit",
            "duration_minutes": "60",
            "travel_minutes": "30",
            "distance_km": "18.5",
            "needs": "housing; childcare",
            "interventions": "listening; information",
            "interpreter_used": "non",
        },
        "referrals": {
            "family_code": EXAMPLE_CODE,
            "date": (first + timedelta(days=14)).isoformat(),
            "worker": worker_email,
            "need": "childcare",
            "partner": _("Example halte-garderie"),
            "status": "received",
            "status_date": (first + timedelta(days=40)).isoformat(),
            "accompanied": "oui",
            "interpreter_used": "non",
            "transport_provided": "oui",
        },
    }


def _cell(column: schema.Column, value: str):
    """Numbers as numbers, so that a spreadsheet does not flag them as text."""
    if value and column.kind == schema.INTEGER:
        return int(value)
    if value and column.kind == schema.DECIMAL:
        return float(value)
    # A municipality or strategy name comes from the database: inert, never a formula.
    return neutralize(value)


def build_template(worker_email: str, strategy_name: str, municipality_name: str) -> bytes:
    """The template workbook, as bytes."""
    workbook = Workbook()
    bold = Font(bold=True)
    examples = example_rows(worker_email, strategy_name, municipality_name)
    workbook.remove(workbook.active)
    for sheet in schema.SHEETS:
        worksheet = workbook.create_sheet(sheet.fr)
        worksheet.append([column.fr for column in sheet.columns])
        worksheet.append(
            [_cell(column, examples[sheet.key].get(column.key, "")) for column in sheet.columns]
        )
        for cell in worksheet[1]:
            cell.font = bold
        for index, column in enumerate(sheet.columns, start=1):
            worksheet.column_dimensions[cell_letter(index)].width = max(14, len(column.fr) + 4)
    instructions = workbook.create_sheet("instructions")
    instructions.append(
        [
            _("Sheet"),
            _("Column"),
            _("English column name"),
            _("Required"),
            _("Kind of value"),
            _("Allowed values (code, then label)"),
            _("Notes"),
        ]
    )
    for cell in instructions[1]:
        cell.font = bold
    instructions.append(
        [
            "",
            "",
            "",
            "",
            "",
            "",
            _(
                "Replace the example rows with your history. Dates are written YYYY-MM-DD. "
                "A value of a list may be its code or its French label. Leave out names, "
                "phone numbers, addresses and notes about families: the import takes none."
            ),
        ]
    )
    for sheet in schema.SHEETS:
        for column in sheet.columns:
            instructions.append(
                [
                    sheet.fr,
                    column.fr,
                    column.en,
                    _("yes") if column.required else _("no"),
                    _kind_label(column),
                    _allowed(sheet, column),
                    str(column.description),
                ]
            )
    for letter, width in zip("ABCDEFG", (14, 26, 22, 10, 30, 60, 60), strict=True):
        instructions.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cell_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
