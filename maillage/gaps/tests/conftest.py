import pytest
from django.conf import settings

from maillage.testing.builders import make_family


@pytest.fixture
def family(org, ptp):
    """A family of ``org``, in its municipality, followed by the PTP persona."""
    return make_family(org, ptp, municipality=org.municipalities.get())


def in_english(client):
    """Messages are asserted in English, the source language of the catalog."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
