"""The register of confidentiality incidents as CSV and XLSX.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and some also after
a tab or carriage return) as a formula: free text typed in the register must never do that
in the copy a manager opens, so both writers pass every cell through ``neutralize``, which
gives such cells a leading apostrophe.
"""

from __future__ import annotations

import io
from datetime import date

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook

from maillage.lib.spreadsheet import excel_csv, neutralize

from .models import ConfidentialityIncident
from .services import INCIDENT_FIELDS


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def header() -> list[str]:
    names = [
        capfirst(str(ConfidentialityIncident._meta.get_field(name).verbose_name))
        for name in INCIDENT_FIELDS
    ]
    return [
        _("Reference"),
        *names,
        _("Recorded by"),
        _("Recorded on"),
        _("Can be deleted from"),
    ]


def rows(incidents) -> list[list[str]]:
    """The register's rows as text, not yet made inert (each writer does it)."""
    return [
        [
            str(incident.uuid),
            *(_cell(getattr(incident, name)) for name in INCIDENT_FIELDS),
            _cell(str(incident.recorded_by)),
            timezone.localdate(incident.recorded_at).isoformat(),
            incident.deletable_from.isoformat(),
        ]
        for incident in incidents
    ]


def as_csv(incidents) -> bytes:
    return excel_csv([header(), *rows(incidents)])


def as_xlsx(incidents, organization) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Incidents")[:31]
    for row in [header(), *rows(incidents)]:
        sheet.append([neutralize(cell) for cell in row])
    sheet.freeze_panes = "A2"
    workbook.properties.title = _("Register of confidentiality incidents — %(organization)s") % {
        "organization": organization.name
    }
    workbook.properties.created = timezone.now().replace(tzinfo=None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filename(extension: str) -> str:
    return f"incidents-{timezone.localdate():%Y-%m-%d}.{extension}"
