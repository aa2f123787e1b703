import pytest
from django.conf import settings


@pytest.fixture
def english():
    def in_english(client):
        """Messages are asserted in English, the source language of the catalog."""
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return in_english
