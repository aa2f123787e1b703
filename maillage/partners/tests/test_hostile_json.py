"""A directory file built to break the reader gets a message next to the upload, in the
person's language, and nothing is written: nesting deep enough to exhaust the stack, huge
lists of nothing, deep values inside a property the import keeps, non-UTF-8 text, numbers
no database stores (issue 18, finding 4)."""

import io
import json
import uuid
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.partners.models import Partner

IMPORT = reverse("partners:import")
TOO_DEEP = "The file nests objects or lists more than 32 levels deep: it is not an HSDS directory."


def _post(client, name, content, language="en"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content)})


def _field_error(response):
    assert response.status_code == 200
    [message] = response.context["form"].errors["file"]
    assert message in response.content.decode()
    return message


def _organization(**extra):
    return {"id": str(uuid.uuid4()), "name": "Maison", "description": "Un organisme", **extra}


def _service(**extra):
    return {"id": str(uuid.uuid4()), "name": "Halte", "status": "active", **extra}


def _nested(depth):
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_nested(100_000).encode(), TOO_DEEP),
        # Deep enough for the recursive code after the reader, shallow enough to parse.
        (
            json.dumps(_organization(funding="F")).replace('"F"', _nested(400)).encode(),
            TOO_DEEP,
        ),
        (
            b"[" + b"{}," * 300_000 + b"{}]",
            "The file holds more than 200,000 objects and lists: split the directory into "
            "several files.",
        ),
        (
            b"[" + b"null," * 600_000 + b"null]",
            "The file holds more than 500,000 values: split the directory into several files.",
        ),
        (
            json.dumps(_organization(name="Café"), ensure_ascii=False).encode("latin-1"),
            "The file is neither HSDS JSON nor a zip of CSV tables.",
        ),
        (
            json.dumps(_organization(services=[_service(minimum_age=0)]))
            .replace('"minimum_age": 0', '"minimum_age": 1e999999')
            .encode(),
            "The number 1e999999 is too large or not a number.",
        ),
        (
            json.dumps(_organization(year_incorporated=float("nan"))).encode(),
            "The number NaN is too large or not a number.",
        ),
        (
            json.dumps(_organization(funding=[1])).replace("[1]", "1" * 5_000).encode(),
            "The number 111111111111111111111111111111111111111… is too large or not a number.",
        ),
    ],
    ids=[
        "deep-nesting",
        "deep-inside-a-kept-property",
        "huge-list-of-empty-objects",
        "huge-list-of-nulls",
        "latin-1",
        "infinite-number",
        "nan",
        "five-thousand-digits",
    ],
)
def test_a_hostile_json_file_gets_a_message_next_to_the_field(org, pg_client, content, message):
    response = _post(pg_client, "annuaire.json", content)

    assert _field_error(response) == message
    assert not Partner.objects.for_org(org).exists()


def test_the_message_is_in_french_by_default(org, pg_client):
    response = _post(pg_client, "annuaire.json", _nested(100_000).encode(), language="fr-ca")

    assert _field_error(response) == (
        "Le fichier imbrique des objets ou des listes sur plus de 32 niveaux : ce n’est pas "
        "un répertoire HSDS."
    )


@pytest.mark.parametrize("value", ["nan", "1e999999", "-inf"])
def test_a_csv_table_number_that_is_not_finite_is_reported_as_not_a_number(org, pg_client, value):
    organization, service = _organization(), _service()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "organizations.csv",
            f"id,name,description\n{organization['id']},Maison,Un organisme\n",
        )
        archive.writestr(
            "services.csv",
            "id,organization_id,name,status,minimum_age\n"
            f"{service['id']},{organization['id']},Halte,active,{value}\n",
        )

    response = _post(pg_client, "tableaux.zip", buffer.getvalue())

    assert response.status_code == 200
    assert [(i.table, i.row, i.field, i.message) for i in response.context["issues"]] == [
        ("services.csv", 2, "minimum_age", "This must be a number.")
    ]
    assert not Partner.objects.for_org(org).exists()


def test_a_csv_table_with_a_value_beyond_the_csv_limit_is_refused(org, pg_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("organizations.csv", 'id,name\nabc,"' + "a" * 200_000 + '"\n')

    response = _post(pg_client, "tableaux.zip", buffer.getvalue())

    assert _field_error(response) == "A table of the zip file cannot be read as CSV."


def test_thousands_of_empty_organizations_list_the_first_thousand_problems(org, pg_client):
    response = _post(pg_client, "annuaire.json", b"[" + b"{}," * 4_999 + b"{}]")

    assert response.status_code == 200
    issues = response.context["issues"]
    assert len(issues) == 1_001
    assert (issues[0].table, issues[0].row, issues[0].field) == ("organization", 1, "id")
    assert issues[-1].message == (
        "The file has more problems: only the first 1,000 are listed. Fix them, then check the "
        "file again."
    )
    assert not Partner.objects.for_org(org).exists()
