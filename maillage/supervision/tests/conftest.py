import pytest
from django.conf import settings


def in_english(client):
    """Figures are asserted in English, the source language of the catalog."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def pg_en(pg_client):
    return in_english(pg_client)
