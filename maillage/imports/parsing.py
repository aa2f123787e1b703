"""Reading an uploaded file into sheets of rows: an XLSX workbook, a ZIP of CSV files, or one
CSV file named after its sheet.

The type is decided from the content, never from the name or the browser's content type:
an XLSX is a ZIP holding ``[Content_Types].xml`` and ``xl/workbook.xml``; a CSV is UTF-8
text. A name whose extension says another of these types is refused (the person most likely
chose the wrong file); a name without one of these extensions is judged by its content alone.
Sizes are bounded before anything is expanded (a small ZIP can unpack to gigabytes).
Nothing here knows what the columns mean: validation.py does.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.utils.translation import gettext_lazy as _

from maillage.lib.spreadsheet import restore
from maillage.lib.uploads import DAMAGED_MEMBER, is_zip

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: The compound-file header of Excel 97–2003 workbooks (.xls), which many organizations
#: still keep: told apart so the message says how to convert them.
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The first bytes of the ``mimetype`` member of an OpenDocument file (LibreOffice's .ods).
OPENDOCUMENT = b"application/vnd.oasis.opendocument"
MAX_EXPANDED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 50_000
XLSX_MEMBERS = {"[Content_Types].xml", "xl/workbook.xml"}
CSV_DELIMITERS = (",", ";", "\t")


class FileFormatError(Exception):
    """The file cannot be read at all; the message is for the person (translatable)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class RawSheet:
    """One sheet as found in the file: its name, header row, and data rows, each with its
    row number as a spreadsheet shows it (the header is row 1)."""

    name: str
    headers: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)


def read_upload(filename: str, content: bytes) -> list[RawSheet]:
    """The sheets of ``content``; raises ``FileFormatError`` when it is none of the formats."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise FileFormatError(_("The file is larger than 5 MB: split it into several imports."))
    if not content.strip():
        raise FileFormatError(_("The file is empty."))
    extension = PurePosixPath(filename or "").suffix.lower()
    if is_zip(content):
        return _read_zip(content, extension)
    if content.startswith(OLE2_SIGNATURE):
        raise FileFormatError(
            _(
                "The file is an Excel 97–2003 workbook (.xls): open it in your spreadsheet "
                "program and save it as an Excel workbook (.xlsx)."
            )
        )
    text = _utf8_text(content)
    if extension == ".xlsx":
        raise FileFormatError(
            _("The file is named like an XLSX workbook, but it holds CSV text: name it .csv.")
        )
    if extension == ".zip":
        raise FileFormatError(
            _("The file is named like a ZIP archive, but it holds CSV text: name it .csv.")
        )
    return [_read_csv(PurePosixPath(filename or "").stem, text)]


def _utf8_text(content: bytes) -> str:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileFormatError(
            _(
                "The file is neither an XLSX workbook nor a CSV file in UTF-8: "
                "save it as “CSV UTF-8” or as an Excel workbook."
            )
        ) from None
    if "\x00" in text:
        raise FileFormatError(_("The file is not text: use an XLSX workbook or CSV files."))
    return text


def _read_zip(content: bytes, extension: str) -> list[RawSheet]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = [info for info in archive.infolist() if not info.is_dir()]
    except zipfile.BadZipFile:
        raise FileFormatError(_("The file is a damaged ZIP archive.")) from None
    if sum(info.file_size for info in members) > MAX_EXPANDED_BYTES:
        raise FileFormatError(_("The file expands to more than 50 MB: split it."))
    names = {info.filename for info in members}
    if "mimetype" in names and _member(archive, "mimetype").startswith(OPENDOCUMENT):
        raise FileFormatError(
            _(
                "The file is an OpenDocument spreadsheet (.ods): save it as an Excel workbook "
                "(.xlsx) or as “CSV UTF-8”."
            )
        )
    if names >= XLSX_MEMBERS:
        if extension == ".csv":
            raise FileFormatError(
                _("The file is named like a CSV file, but it is an XLSX workbook: name it .xlsx.")
            )
        return _read_xlsx(content)
    csv_members = [info for info in members if info.filename.lower().endswith(".csv")]
    if not csv_members or len(csv_members) != len(members):
        raise FileFormatError(
            _("A ZIP archive must hold only CSV files, one per sheet, named after the sheet.")
        )
    if extension in (".xlsx", ".csv"):
        raise FileFormatError(
            _("The file is a ZIP archive of CSV files, but its name does not end in .zip.")
        )
    sheets = []
    for info in csv_members:
        text = _utf8_text(_member(archive, info))
        sheets.append(_read_csv(PurePosixPath(info.filename).stem, text))
    return sheets


def _member(archive: zipfile.ZipFile, member) -> bytes:
    """The bytes of one member of ``archive``; a damaged one is the file's problem to report,
    not an error of the server."""
    try:
        return archive.read(member)
    except DAMAGED_MEMBER:
        raise FileFormatError(_("The file is a damaged ZIP archive.")) from None


def _read_csv(name: str, text: str) -> RawSheet:
    lines = text.splitlines()
    first = lines[0] if lines else ""
    # Spreadsheets in French locales export with ";"; count on the header line only.
    delimiter = max(CSV_DELIMITERS, key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return _sheet(name, reader)


def _read_xlsx(content: bytes) -> list[RawSheet]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged workbook
        raise FileFormatError(_("The workbook cannot be read: save it again as XLSX.")) from None
    sheets = []
    try:
        for worksheet in workbook.worksheets:
            # Some programs write a wrong "used range" in the file, which read-only mode
            # trusts: read every row that is there instead.
            worksheet.reset_dimensions()
            sheets.append(_sheet(worksheet.title, worksheet.iter_rows(values_only=True)))
    finally:
        workbook.close()
    return sheets


def _clean(value):
    if isinstance(value, str):
        # A name our template made inert (``'=…``) reads back as it was written.
        value = restore(value.strip())
        return value or None
    return value


def _sheet(name: str, rows) -> RawSheet:
    sheet = None
    count = 0
    for number, row in enumerate(rows, start=1):
        values = [_clean(value) for value in row]
        if sheet is None:
            sheet = RawSheet(name, [str(value) if value is not None else "" for value in values])
            continue
        if all(value is None for value in values):
            continue  # blank lines, often left at the end of a sheet
        count += 1
        if count > MAX_ROWS:
            raise FileFormatError(
                _("A sheet holds more than 50,000 rows: split it into several imports.")
            )
        sheet.rows.append((number, values))
    return sheet or RawSheet(name, [])
