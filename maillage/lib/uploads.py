"""What an uploaded file is, judged by its bytes.

Never by its name or the browser's content type: whoever sends the file chooses those. The
importers decide from ``is_zip`` which reader to try, then refuse a name that claims the
other type (the person most likely chose the wrong file); the messages are theirs.
"""

from __future__ import annotations

import zipfile
import zlib

#: The local file header that begins a ZIP archive (an XLSX workbook is one too).
ZIP_SIGNATURE = b"PK\x03\x04"


def is_zip(content: bytes) -> bool:
    """Whether ``content`` begins as a ZIP archive does (an empty archive, which has no
    local header, does not: it holds nothing to import)."""
    return content.startswith(ZIP_SIGNATURE)


#: What reading a damaged member of a ZIP archive raises (a wrong checksum, a cut stream):
#: the archive opened, one of its files did not. The importers report it as the file's
#: problem, never as an error of the server.
DAMAGED_MEMBER = (zipfile.BadZipFile, zlib.error, EOFError)
