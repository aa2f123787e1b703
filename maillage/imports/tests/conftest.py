import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse


def in_english(client):
    """The report is asserted in English too: the language switch sets this cookie."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def upload(client, name: str, content: bytes):
    """Post a file to the import page, as the browser does."""
    return client.post(
        reverse("imports:upload"), {"file": SimpleUploadedFile(name, content)}, follow=False
    )


@pytest.fixture
def municipality(org):
    return org.municipalities.get()
