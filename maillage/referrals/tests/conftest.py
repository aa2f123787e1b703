import pytest
from django.conf import settings

from .builders import make_family, make_service


@pytest.fixture
def family(org, ptp):
    """A family of ``org`` followed by the PTP persona."""
    return make_family(org, ptp)


@pytest.fixture
def service(org):
    """A service of ``org``'s directory: the halte-garderie of the CLSC du Nord."""
    return make_service(org)


def in_english(client):
    """Messages are asserted in English, the source language of the catalog."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
