"""The HSDS file a manager uploads: its size is bounded, its type is read from its bytes (never
from its name or the browser's word), and a refusal is said next to the field, nothing written."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.partners.models import Partner
from maillage.testing.shared import shared_file

IMPORT = reverse("partners:import")


def _post(client, name, content):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content)})


def _example():
    return shared_file("data", "hsds-3.0", "examples", "organization_full.json").read_bytes()


def _zip_of_the_example_tables():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in shared_file("data", "hsds-3.0", "examples", "csv").iterdir():
            archive.write(path, f"csv/{path.name}")
    return buffer.getvalue()


def _field_error(response):
    assert response.status_code == 200
    [message] = response.context["form"].errors["file"]
    # Rendered with the field inside the upload form, not in a banner below it.
    page = response.content.decode()
    form_start = page.index('enctype="multipart/form-data"')
    assert form_start < page.index(message) < page.index("</form>", form_start)
    return message


def test_a_file_over_10_mb_is_refused_next_to_the_field(org, pg_client):
    padding = b" " * (10 * 1024 * 1024)
    response = _post(pg_client, "annuaire.json", _example() + padding)

    assert _field_error(response) == "The file is too large (at most 10 MB)."
    assert not Partner.objects.for_org(org).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("annuaire.json", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256)), "neither HSDS JSON"),
        ("annuaire.json", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "neither HSDS JSON"),
        ("annuaire.zip", None, "named like a zip archive"),
        ("annuaire.json", "zip", "named like a JSON file"),
        ("annuaire.zip", b"PK\x03\x04 not really a zip", "zip file cannot be read"),
        ("tableaux.zip", "foreign zip", "none of the HSDS CSV tables"),
        ("tableaux.zip", "damaged table", "zip file cannot be read"),
    ],
    ids=[
        "jpeg-named-json",
        "pdf-named-json",
        "json-named-zip",
        "zip-named-json",
        "broken-zip",
        "zip-without-tables",
        "zip-with-a-damaged-table",
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(
    org, pg_client, name, content, message
):
    if content is None:
        content = _example()
    elif content == "zip":
        content = _zip_of_the_example_tables()
    elif content == "foreign zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("photo.jpg", b"\xff\xd8\xff\xe0")
        content = buffer.getvalue()
    elif content == "damaged table":
        # Stored as it is, then one byte of the table changed: its checksum fails on reading.
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("organizations.csv", b"id,name\nabc,Maison\n")
        stored = buffer.getvalue()
        at = stored.index(b"Maison")
        content = stored[:at] + b"N" + stored[at + 1 :]

    response = _post(pg_client, name, content)

    assert message in _field_error(response)
    assert not Partner.objects.for_org(org).exists()


@pytest.mark.parametrize("kind", ["json", "zip"])
def test_the_content_decides_when_the_name_says_nothing(org, pg_client, kind):
    content = _example() if kind == "json" else _zip_of_the_example_tables()

    response = _post(pg_client, "annuaire-du-regroupement", content)

    assert response.context["form"].errors == {}
    assert response.context["counts"]["partners_created"] == 1
    assert Partner.objects.for_org(org).count() == 1
