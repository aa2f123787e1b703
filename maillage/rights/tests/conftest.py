import pytest
from django.conf import settings

from maillage.testing.builders import make_family


@pytest.fixture
def family(org, ptp):
    """A family of ``org`` with a household of two adults and a toddler."""
    return make_family(
        org,
        ptp,
        municipality=org.municipalities.get(),
        languages="français, arabe",
        members=[
            {"role": "parent", "birth_year": 1990, "birth_month": 4},
            {"role": "parent", "birth_year": 1986, "birth_month": 11},
            {"role": "child", "birth_year": 2024, "birth_month": 2},
        ],
    )


def in_english(client):
    """Pages are asserted in English, the source language of the catalog."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
