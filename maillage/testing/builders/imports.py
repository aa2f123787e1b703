"""Files in the history-import format, for the tests of the import and of what it writes."""

from __future__ import annotations

FAMILY_HEADERS = ["code", "premier_contact", "mode_consentement", "intervenants", "statut"]
CONTACT_HEADERS = ["code_famille", "date", "intervenant", "mode", "duree_minutes"]


def csv_bytes(rows: list[list[str]], delimiter=",") -> bytes:
    return "\n".join(delimiter.join(row) for row in rows).encode()
