"""An upload is taken for a ZIP archive by its first bytes, whatever its name says."""

import io
import zipfile

from maillage.lib.uploads import is_zip


def test_an_archive_is_told_from_text_by_its_first_bytes():
    full, empty = io.BytesIO(), io.BytesIO()
    with zipfile.ZipFile(full, "w") as archive:
        archive.writestr("demarchage.csv", "code\n")
    zipfile.ZipFile(empty, "w").close()

    assert is_zip(full.getvalue())
    assert not is_zip(empty.getvalue())  # no local header: nothing in it to import
    assert not is_zip("\ufeffcode,premier_contact\n".encode())
    assert not is_zip(b'{"name": "PK\\u0003\\u0004"}')
