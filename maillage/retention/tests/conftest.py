from django.conf import settings


def in_english(client):
    """Pages are asserted in English, the source language of the catalog."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
