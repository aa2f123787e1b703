"""Reading an uploaded file into sheets of rows: an XLSX workbook, a ZIP of CSV files, or one
CSV file named after its sheet.

The type is decided from the content, never from the name or the browser's content type:
an XLSX is a ZIP holding ``[Content_Types].xml`` and ``xl/workbook.xml``; a CSV is UTF-8
text. A name whose extension says another of these types is refused (the person most likely
chose the wrong file); a name without one of these extensions is judged by its content alone.
Sizes are bounded before anything is expanded (a small ZIP can unpack to gigabytes), and the
work is bounded by what is read, never by what the file claims (issue 18, finding 3): only
the sheets named as the import's are read, the first of each; columns up to the last header
only (at most ``MAX_COLUMNS``); a sheet ends after ``MAX_BLANK_ROWS`` blank rows in a row;
``MAX_ROWS`` rows at most; a CSV line of ``MAX_LINE_CHARS`` at most. A workbook's "used
range" and stray cells far right or far down cost nothing. What the columns mean is
validation.py's.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.utils.translation import gettext_lazy as _

from maillage.lib.spreadsheet import restore
from maillage.lib.uploads import DAMAGED_MEMBER, is_zip

from .schema import SHEET_BY_NAME, fold

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: The compound-file header of Excel 97–2003 workbooks (.xls), which many organizations
#: still keep: told apart so the message says how to convert them.
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The first bytes of the ``mimetype`` member of an OpenDocument file (LibreOffice's .ods).
OPENDOCUMENT = b"application/vnd.oasis.opendocument"
MAX_EXPANDED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 50_000
#: The widest header row read (the widest sheet of the format has 19 columns).
MAX_COLUMNS = 60
#: Blank rows in a row after which a sheet ends: formatted but empty rows, often thousands
#: of them below the data, are not walked to the sheet's last row (1,048,576).
MAX_BLANK_ROWS = 1_000
#: The longest line of a CSV file (a row of the format, notes included, is far shorter).
MAX_LINE_CHARS = 50_000
XLSX_MEMBERS = {"[Content_Types].xml", "xl/workbook.xml"}
CSV_DELIMITERS = (",", ";", "\t")
#: A line of a CSV file with its end, whichever convention the program that wrote it uses.
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


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
    name = PurePosixPath(filename or "").stem
    return [_read_csv(name, text) if _sheet_key(name) else RawSheet(name, [])]


def _sheet_key(name: str) -> str | None:
    """The sheet of the format ``name`` stands for; None for the person's own sheets."""
    sheet = SHEET_BY_NAME.get(fold(name))
    return sheet.key if sheet is not None else None


class _Wanted:
    """Which sheets of a file to read: the first one named after each sheet of the format.
    Another one of the same name is returned empty (validation reports it twice), and the
    person's own sheets are skipped unread."""

    def __init__(self):
        self.seen = set()

    def __call__(self, name: str) -> bool | None:
        key = _sheet_key(name)
        if key is None:
            return None
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


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
    sheets, wanted = [], _Wanted()
    for info in csv_members:
        name = PurePosixPath(info.filename).stem
        read = wanted(name)
        if read:
            sheets.append(_read_csv(name, _utf8_text(_member(archive, info))))
        elif read is False:
            sheets.append(RawSheet(name, []))
    return sheets


def _member(archive: zipfile.ZipFile, member) -> bytes:
    """The bytes of one member of ``archive``; a damaged one is the file's problem to report,
    not an error of the server."""
    try:
        return archive.read(member)
    except DAMAGED_MEMBER:
        raise FileFormatError(_("The file is a damaged ZIP archive.")) from None


def _read_csv(name: str, text: str) -> RawSheet:
    # Spreadsheets in French locales export with ";"; count on the header line only.
    first = LINE.match(text).group()
    delimiter = max(CSV_DELIMITERS, key=first.count)
    rows = csv.reader(_lines(name, text), delimiter=delimiter)
    try:
        headers = next(rows, [])
        return _sheet(name, headers, rows)
    except csv.Error:  # a quoted value longer than the csv module's limit, say
        raise FileFormatError(
            _("The CSV file “%(name)s” cannot be read: save it again as CSV UTF-8.")
            % {"name": name}
        ) from None


def _lines(name: str, text: str):
    """The lines of ``text`` one at a time, each bounded in length: never all of them at
    once (a file of line breaks would be millions of strings), nor a copy of the text."""
    for line in LINE.finditer(text):
        if line.end() - line.start() > MAX_LINE_CHARS:
            raise FileFormatError(
                _(
                    "A line of the CSV file “%(name)s” is longer than 50,000 characters: "
                    "it is not a row of the import."
                )
                % {"name": name}
            )
        if line.end() > line.start():
            yield line.group()


def _read_xlsx(content: bytes) -> list[RawSheet]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged workbook
        raise FileFormatError(_("The workbook cannot be read: save it again as XLSX.")) from None
    sheets, wanted = [], _Wanted()
    try:
        for worksheet in workbook.worksheets:
            read = wanted(worksheet.title)
            if read:
                sheets.append(_read_worksheet(worksheet))
            elif read is False:
                sheets.append(RawSheet(worksheet.title, []))
    except FileFormatError:
        raise
    except Exception:  # a sheet damaged further down than openpyxl looked when opening
        raise FileFormatError(_("The workbook cannot be read: save it again as XLSX.")) from None
    finally:
        workbook.close()
    return sheets


def _read_worksheet(worksheet) -> RawSheet:
    # Some programs write a wrong "used range" in the file, which read-only mode trusts:
    # forget it, and name the columns and rows to read instead.
    worksheet.reset_dimensions()
    headers = next(worksheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    width = _width(worksheet.title, headers)
    rows = worksheet.iter_rows(min_row=2, max_col=max(width, 1), values_only=True)
    return _sheet(worksheet.title, headers[:width], rows, first_row=2)


def _width(name: str, headers) -> int:
    """The columns to read: up to the last header (a column without one is ignored)."""
    width = 0
    for index, value in enumerate(headers, start=1):
        if _clean(value) is not None:
            width = index
            if width > MAX_COLUMNS:
                raise FileFormatError(
                    _(
                        "The sheet “%(name)s” has more than 60 columns: keep only the "
                        "columns of the import."
                    )
                    % {"name": name}
                )
    return width


def _clean(value):
    if isinstance(value, str):
        # A name our template made inert (``'=…``) reads back as it was written.
        value = restore(value.strip())
        return value or None
    return value


def _sheet(name: str, headers, rows, *, first_row: int = 2) -> RawSheet:
    """The sheet of ``headers`` (row 1) and ``rows`` (from ``first_row``), read as far as the
    bounds of the module's docstring allow."""
    width = _width(name, headers)
    sheet = RawSheet(name, [str(v) if v is not None else "" for v in map(_clean, headers[:width])])
    if not width:
        return sheet  # nothing to read: the required columns are missing
    blank = 0
    for number, row in enumerate(rows, start=first_row):
        values = [_clean(value) for value in row[:width]]
        if all(value is None for value in values):
            blank += 1
            if blank >= MAX_BLANK_ROWS:
                break
            continue  # blank lines, often left at the end of a sheet
        blank = 0
        if len(sheet.rows) >= MAX_ROWS:
            raise FileFormatError(
                _("A sheet holds more than 50,000 rows: split it into several imports.")
            )
        sheet.rows.append((number, values))
    return sheet
