"""The report's one change of state: a download, written to the audit log."""

from __future__ import annotations

from django.db import transaction

from maillage.audit.services import record_event

#: One action per format, so the audit log says which file left the organization.
DOWNLOAD_ACTIONS = {
    "pdf": "report.participation.pdf.downloaded",
    "xlsx": "report.participation.xlsx.downloaded",
    "docx": "report.participation.docx.downloaded",
}


@transaction.atomic
def record_report_download(actor, organization, fmt: str) -> None:
    """Audit that ``actor`` downloaded the organization's participation report as ``fmt``.

    Nothing else is written: the report holds counts only, and its period is not a field
    of any row (the audit keeps names of changed fields, and none changed)."""
    record_event(actor, DOWNLOAD_ACTIONS[fmt], organization=organization)
