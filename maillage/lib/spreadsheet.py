"""Cells that a spreadsheet would run as formulas, made inert (CSV and XLSX exports).

A text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel, LibreOffice and Google Sheets when the file is opened: a note typed as
``=HYPERLINK("http://…", "…")`` or ``+cmd|' /C calc'!A0`` in a family's file would run on
the manager's computer. ``neutralize`` prefixes such a text with an apostrophe, which the
spreadsheet shows as plain text; ``restore`` takes the apostrophe back off when Maillage
reads its own export again, so a round trip gives back what was written.

Numbers and phone numbers written with only digits, spaces, dots, dashes and parentheses
(``-12.5``, ``+1 450 555-1234``) cannot call anything and are left as they are: escaping
them would break every phone of a partner directory.

``excel_csv`` writes the CSV files Maillage hands over, with every cell made inert.
"""

from __future__ import annotations

import csv
import io
import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9 ().-]*")


def is_dangerous(text: str) -> bool:
    return text.startswith(TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text)


def _needs_apostrophe(text: str) -> bool:
    # A text that already begins with apostrophes before a formula gets one more, so that
    # ``restore`` can tell it from one that ``neutralize`` escaped.
    stripped = text.lstrip("'")
    return is_dangerous(stripped)


def neutralize(value):
    """``value`` made inert for a spreadsheet cell; other types pass through unchanged."""
    if isinstance(value, str) and _needs_apostrophe(value):
        return "'" + value
    return value


def restore(value):
    """The inverse of ``neutralize`` for a text read back from one of our exports."""
    if isinstance(value, str) and value.startswith("'") and _needs_apostrophe(value[1:]):
        return value[1:]
    return value


def excel_csv(rows) -> bytes:
    """``rows`` as a CSV file that spreadsheets open right: every cell through ``neutralize``,
    lines ending in CRLF, and UTF-8 with a byte-order mark (without it, Excel reads the
    accents as Windows-1252). ``None`` is an empty cell; other values are written with
    ``str``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralize(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")
